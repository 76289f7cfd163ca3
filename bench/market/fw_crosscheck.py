#!/usr/bin/env python3
"""Independent cross-check of the Go FW (2012) trader block (market package).

A second, deliberately plain implementation of the stand-alone DCA-HPM and
DCA-WP models of Franke & Westerhoff (2012, JEDC 36(8)), written from the
paper's equations without sharing code or random numbers with the Go
implementation (Python's Mersenne Twister and random.gauss instead of PCG and
a ziggurat). Its seed means of FW's moments must agree with `bubblelab
validate fw` within their combined Monte Carlo standard errors.

Usage: python3 bench/market/fw_crosscheck.py [--variant hpm|wealth] [--seeds N]
                                             [--first-seed S]
Standard library only; runs on one core (about 0.05 s per seed).
"""
import argparse
import math
import random
import statistics

PARAMS = {
    # FW (2012), Table 2; mu and beta are FW's normalisations.
    "hpm": dict(mu=0.01, beta=1.0, phi=0.12, chi=1.50, sf=0.758, sc=2.087,
                a0=-0.327, an=1.79, ap=18.43, aw=0.0, eta=0.0),
    "wealth": dict(mu=0.01, beta=1.0, phi=1.00, chi=0.90, sf=0.752, sc=1.726,
                   a0=2.10, an=0.0, ap=0.0, aw=2668.0, eta=0.987),
}
LAGS = (1, 5, 10, 25, 50, 100)


def simulate(par, rng, burn, days):
    """Percentage returns of days steps after burn steps, p* = 0."""
    p_prev = p = 0.0
    a = par["a0"]              # a_{-1}: equal shares, no misalignment
    df1 = dc1 = df2 = dc2 = 0.0  # demands of t-1 and t-2
    wf = wc = 0.0
    out = []
    for t in range(burn + days):
        if par["aw"]:
            g = math.exp(p) - math.exp(p_prev)
            wf = par["eta"] * wf + (1 - par["eta"]) * g * df2
            wc = par["eta"] * wc + (1 - par["eta"]) * g * dc2
        nf = 1.0 / (1.0 + math.exp(-par["beta"] * a))
        a = (par["a0"] + par["an"] * (2 * nf - 1) + par["ap"] * p * p
             + par["aw"] * (wf - wc))
        df = -par["phi"] * p + par["sf"] * rng.gauss(0.0, 1.0)
        dc = par["chi"] * (p - p_prev) + par["sc"] * rng.gauss(0.0, 1.0)
        p_next = p + par["mu"] * (nf * df + (1 - nf) * dc)
        df2, dc2, df1, dc1 = df1, dc1, df, dc
        p_prev, p = p, p_next
        if t >= burn:
            out.append(100.0 * (p - p_prev))
    return out


def acf(x, lag, mean, denom):
    return sum((x[t] - mean) * (x[t + lag] - mean) for t in range(len(x) - lag)) / denom


def moments(r):
    n = len(r)
    absr = [abs(v) for v in r]
    srt = sorted(absr, reverse=True)
    k = int(0.05 * n)
    hill = sum(math.log(srt[i] / srt[k]) for i in range(k)) / k
    m_r = sum(r) / n
    d_r = sum((v - m_r) ** 2 for v in r)
    m_a = sum(absr) / n
    d_a = sum((v - m_a) ** 2 for v in absr)
    out = {"mean_abs": m_a, "inv_hill_5": hill, "acf_raw_1": acf(r, 1, m_r, d_r)}
    for lag in LAGS:
        out["acf_abs_%d" % lag] = acf(absr, lag, m_a, d_a)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--variant", default="hpm", choices=sorted(PARAMS))
    ap.add_argument("--seeds", type=int, default=1000)
    ap.add_argument("--days", type=int, default=6750)
    ap.add_argument("--burn-in", type=int, default=2000)
    ap.add_argument("--first-seed", type=int, default=0)
    args = ap.parse_args()
    par = PARAMS[args.variant]
    rows = []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        rng = random.Random(seed)
        rows.append(moments(simulate(par, rng, args.burn_in, args.days)))
    print("variant %s, %d seeds, %d days after %d burn-in" % (args.variant, args.seeds, args.days, args.burn_in))
    for name in rows[0]:
        col = [row[name] for row in rows]
        print("%-12s %.4f +- %.4f (sd %.4f)" % (name, statistics.fmean(col),
              statistics.stdev(col) / math.sqrt(len(col)), statistics.stdev(col)))


if __name__ == "__main__":
    main()
