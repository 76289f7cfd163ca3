#!/usr/bin/python3
"""numpy/scipy reference for package contagion, on the network that
bench/stress/scale writes (go run ./bench/stress/scale -out FILE).

Each model is written the way a numpy user would write it: sparse matrices
built once (timed as "build"), then one sparse matrix-vector product per round.
  Eisenberg-Noe, Rogers-Veraart  Picard iteration of the clearing map from p = p_bar
                                 (decreasing to the greatest clearing vector)
                                 to a change below 1e-13 of the largest liability
  Furfine                        rounds of losses L^T 1[failed this round]
  DebtRank                       Battiston et al. (2012), W_ij = min(1, L_ij / E_j)
  linear DebtRank                h <- min(1, h + Lambda^T dh), Lambda_ij = L_ji / E_i
Prints one JSON object: build time and, per model, the best of --reps runs
(wall and process CPU seconds), rounds, defaults and system loss, which
bench/stress/scale.sh compares with Go's.
"""
import argparse
import json
import time

import numpy as np
import scipy.sparse as sp


def load(path):
    buf = open(path, "rb").read()
    off = 0

    def take(dtype, count):
        nonlocal off
        a = np.frombuffer(buf, dtype=dtype, count=count, offset=off)
        off += a.nbytes
        return a

    n = int(take("<i8", 1)[0])
    m = int(take("<i8", 1)[0])
    deb, cred, amt = take("<i4", m), take("<i4", m), take("<f8", m)
    ext, extl = take("<f8", n), take("<f8", n)
    k = int(take("<i8", 1)[0])
    sf, sl = take("<i4", k), take("<f8", k)
    return n, deb, cred, amt, ext, extl, sf, sl


class Net:
    def __init__(self, n, deb, cred, amt, ext, extl):
        L = sp.csr_matrix((amt, (deb, cred)), shape=(n, n))
        L.sum_duplicates()
        self.n = n
        self.ext = ext
        self.pbar = np.asarray(L.sum(axis=1)).ravel() + extl
        self.eq = ext + np.asarray(L.sum(axis=0)).ravel() - self.pbar
        self.pos = np.maximum(self.eq, 0)
        inv = np.divide(1.0, self.pbar, out=np.zeros(n), where=self.pbar > 0)
        self.PiT = (sp.diags(inv) @ L).T.tocsr()  # inflow_i = sum_j Pi_ji p_j
        self.LT = L.T.tocsr()  # loss_j = sum_i L_ij x_i
        # A firm without equity is hit fully by any increment: a huge
        # finite leverage (an infinite one would give inf*0 = nan).
        big = 1e300
        invE = np.where(self.eq > 0, 1.0 / np.where(self.eq > 0, self.eq, 1), big)
        self.LamT = (sp.diags(invE) @ self.LT).tocsr()
        W = L.multiply(invE[np.newaxis, :]).tocsr()  # W_ij = L_ij / E_j
        W.data = np.minimum(W.data, 1.0)
        self.WT = W.T.tocsr()
        self.tol = 1e-10 * np.maximum(1, self.pbar)

    def shocked(self, sf, sl):
        loss = np.zeros(self.n)
        np.add.at(loss, sf, sl)
        loss = np.minimum(loss, self.ext)
        return self.ext - loss, loss


def clearing(net, ext, alpha, beta):
    p = net.pbar.copy()
    tol = 1e-13 * net.pbar.max()
    rounds = 0
    while True:
        rounds += 1
        inflow = net.PiT @ p
        solvent = ext + inflow >= net.pbar - net.tol
        pn = np.where(solvent, net.pbar, np.minimum(net.pbar, alpha * ext + beta * inflow))
        done = np.abs(pn - p).max() <= tol
        p = pn
        if done:
            break
    inflow = net.PiT @ p
    solvent = ext + inflow >= net.pbar - net.tol
    after = np.where(solvent, ext + inflow - net.pbar, np.maximum(0, alpha * ext + beta * inflow - p))
    return rounds, int((~solvent).sum()), float((net.pos - np.maximum(after, 0)).sum())


def furfine(net, loss0):
    loss = loss0.copy()
    failed = np.zeros(net.n, bool)
    fresh = (loss > net.eq + net.tol) | (net.eq < 0)
    rounds = 0
    while fresh.any():
        rounds += 1
        failed |= fresh
        loss += net.LT @ fresh.astype(float)
        fresh = ~failed & (loss > net.eq + net.tol)
    after = np.where(failed, 0, net.eq - loss)
    return rounds, int(failed.sum()), float((net.pos - np.maximum(after, 0)).sum())


def initial(net, loss0):
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(loss0 > 0, np.clip(loss0 / net.eq, 0, 1), 0.0)
    h[(net.eq < 0) | ((loss0 > 0) & (net.eq <= 0))] = 1
    return h


def debtrank(net, loss0):
    h = initial(net, loss0)
    distressed = h > 0
    inactive = np.zeros(net.n, bool)
    rounds = 1
    while distressed.any():
        rounds += 1
        nxt = np.minimum(1, h + net.WT @ np.where(distressed, h, 0))
        inactive |= distressed
        distressed = ~inactive & (nxt > 0)
        h = nxt
    return rounds - 1, int((h >= 1).sum()), float((h * net.pos).sum())


def linear_debtrank(net, loss0):
    h = initial(net, loss0)
    prev = np.zeros(net.n)
    rounds = 1
    while True:
        rounds += 1
        nxt = np.minimum(1, h + net.LamT @ (h - prev))
        change = (nxt - h).max()
        prev, h = h, nxt
        if change <= 1e-12:
            break
    return rounds, int((h >= 1).sum()), float((h * net.pos).sum())


def best(f, reps):
    wall, cpu, out = float("inf"), float("inf"), None
    for _ in range(reps):
        w0, c0 = time.perf_counter(), time.process_time()
        out = f()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("network")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    n, deb, cred, amt, ext, extl, sf, sl = load(args.network)
    bw, bc, net = best(lambda: Net(n, deb, cred, amt, ext, extl), 1)
    ext_s, loss0 = net.shocked(sf, sl)
    models = {
        "eisenberg-noe": lambda: clearing(net, ext_s, 1, 1),
        "rogers-veraart": lambda: clearing(net, ext_s, 0.7, 0.9),
        "furfine": lambda: furfine(net, loss0),
        "debtrank": lambda: debtrank(net, loss0),
        "linear-debtrank": lambda: linear_debtrank(net, loss0),
    }
    rep = {"firms": n, "obligations": int(len(amt)), "numpy": np.__version__, "scipy": sp.__name__ and __import__("scipy").__version__,
           "build_seconds": bw, "build_cpu_seconds": bc, "models": []}
    for name, f in models.items():
        w, c, (rounds, defaults, loss) = best(f, args.reps)
        rep["models"].append({"name": name, "seconds": w, "cpu_seconds": c, "rounds": rounds, "defaults": defaults, "system_loss": loss})
    print(json.dumps(rep))


if __name__ == "__main__":
    main()
