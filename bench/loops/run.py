#!/usr/bin/python3
"""Time bubblelab's cycle enumeration and maximum circulation against
networkx and graph-tool on the same random graphs, and print the ratios.

Each graph is G(n, m) from netflow.RandomGraph (PCG seed), written by Go as an
edge list that the Python peers read, so all tools see the same graph. Times
exclude reading the file (each tool times its own algorithm; bubblelab's via
bench/loops/netbench, which calls the netflow package). Cycle counts are
compared as well: a timing row whose counts differ is marked MISMATCH.

  1. All simple cycles (no length bound): networkx.simple_cycles vs
     graph_tool.topology.all_circuits vs bubblelab with bound = n.
  2. Cycles of length <= 6 on large graphs: networkx 2.8.8 and graph-tool 2.45
     have no length bound, so they are given --peer-timeout seconds to list
     every cycle and filter; bubblelab runs alone up to 1e5 nodes / 1e6 edges.
  3. Maximum circulation: networkx.network_simplex (exact on the integer
     weights) vs bubblelab's min-cost flow; graph-tool has no min-cost flow.

Also times the whole command `bubblelab loops --edge-list --count-only` on the
largest graph (reading the file included).

Usage: bench/loops/run.py [--quick] [--peer-timeout S] [--workers K]
Needs: go, python3-networkx, python3-graph-tool (Debian packages).
"""
import argparse
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_edges(path):
    with open(path) as f:
        return [(u, v, float(w)) for u, v, w in (l.split() for l in f if l.strip() and not l.startswith("#"))]


# --- peers, run in a child process so that a timeout can stop them ---------

def peer_worker(tool, task, path, n, bound, out):
    edges = read_edges(path)
    if tool == "networkx":
        import networkx as nx
        g = nx.DiGraph()
        g.add_nodes_from(str(i) for i in range(n))
        for u, v, w in edges:
            g.add_edge(u, v, weight=w)
        t0, c0 = time.perf_counter(), time.process_time()
        if task == "cycles":
            c = Counter(len(cy) for cy in nx.simple_cycles(g))
            result = sum(k for l, k in c.items() if l <= bound)
        else:
            h = nx.DiGraph()
            h.add_nodes_from(g.nodes)
            for u, v, d in g.edges(data=True):
                h.add_edge(u, v, capacity=int(d["weight"]), weight=-1)
            cost, _ = nx.network_simplex(h)
            result = -cost
        out.put((time.perf_counter() - t0, time.process_time() - c0, result))
    elif tool == "graph-tool":
        import graph_tool.all as gt
        g = gt.Graph(directed=True)
        g.add_vertex(n)
        g.add_edge_list([(int(u), int(v)) for u, v, _ in edges])
        t0, c0 = time.perf_counter(), time.process_time()
        c = Counter(len(cy) for cy in gt.all_circuits(g))
        out.put((time.perf_counter() - t0, time.process_time() - c0, sum(k for l, k in c.items() if l <= bound)))


def run_peer(tool, task, path, n, bound, timeout):
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=peer_worker, args=(tool, task, path, n, bound, q))
    p.start()
    p.join(timeout)
    if p.is_alive():
        p.terminate()
        p.join()
        return None, None, None
    if p.exitcode != 0:
        return None, None, None
    return q.get()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller graphs only (a few seconds)")
    ap.add_argument("--peer-timeout", type=float, default=60)
    ap.add_argument("--workers", type=int, default=0, help="bubblelab goroutines (0 = all cores)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="loops-bench-")
    netbench = os.path.join(tmp, "netbench")
    bubblelab = os.path.join(tmp, "bubblelab")
    subprocess.run(["go", "build", "-o", netbench, "./bench/loops/netbench"], cwd=ROOT, check=True)
    subprocess.run(["go", "build", "-o", bubblelab, "./cmd/bubblelab"], cwd=ROOT, check=True)

    def gen(n, m, seed=1):
        path = os.path.join(tmp, f"g_{n}_{m}_{seed}.txt")
        subprocess.run([netbench, "gen", "-nodes", str(n), "-edges", str(m), "-seed", str(seed), "-o", path], check=True)
        return path

    def ours(task, path, bound=None):
        cmd = [netbench, task]
        if task == "cycles":
            cmd += ["-maxlen", str(bound), "-workers", str(args.workers)]
        out = subprocess.run(cmd + [path], check=True, capture_output=True, text=True)
        d = json.loads(out.stdout)
        return d["seconds"], d["cpu_seconds"], d["count"] if task == "cycles" else d["circular"]

    import networkx
    try:
        import graph_tool
        gtv = graph_tool.__version__.split()[0]
    except ImportError:
        gtv = None
    print(f"# {time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Go {subprocess.run(['go', 'env', 'GOVERSION'], capture_output=True, text=True).stdout.strip()}, "
          f"networkx {networkx.__version__}, graph-tool {gtv}, peer timeout {args.peer_timeout:g}s")

    def fmt(t, c=None):
        if t is None:
            return "timeout"
        return f"{t:.3g}" if c is None else f"{t:.3g} ({c:.3g})"

    def ratio(peer, mine):
        return "-" if peer is None or mine <= 0 else f"{peer / mine:.1f}x"

    print("Times in seconds: wall (CPU, all threads). Ratios are peer wall / bubblelab wall; the")
    print("CPU columns show how much of a difference is parallelism (bubblelab uses all cores).")

    print("\n## 1. All simple cycles (unbounded)")
    print("| nodes | edges | cycles | bubblelab s | networkx s | graph-tool s | nx/bubblelab | gt/bubblelab |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    cases = [(100, 170), (300, 450)] if args.quick else [(100, 170), (300, 450), (200, 320), (60, 150)]
    for n, m in cases:
        path = gen(n, m)
        t, tc, cnt = ours("cycles", path, n)
        tn, tnc, cn = run_peer("networkx", "cycles", path, n, n, args.peer_timeout)
        tg, tgc, cg = run_peer("graph-tool", "cycles", path, n, n, args.peer_timeout) if gtv else (None, None, None)
        ok = all(c is None or c == cnt for c in (cn, cg))
        print(f"| {n} | {m} | {cnt}{'' if ok else ' MISMATCH'} | {fmt(t, tc)} | {fmt(tn, tnc)} | {fmt(tg, tgc)} | {ratio(tn, t)} | {ratio(tg, t)} |")

    print("\n## 2. Cycles of length <= 6")
    print("| nodes | edges | cycles <= 6 | bubblelab s | networkx s | graph-tool s | nx/bubblelab | gt/bubblelab |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    cases = [(1000, 2000), (1000, 5000)] if args.quick else [(1000, 2000), (1000, 5000), (10000, 100000), (100000, 1000000)]
    for n, m in cases:
        path = gen(n, m)
        t, tc, cnt = ours("cycles", path, 6)
        if m <= 2 * n:  # peers only stand a chance on very sparse graphs
            tn, tnc, cn = run_peer("networkx", "cycles", path, n, 6, args.peer_timeout)
            tg, tgc, cg = run_peer("graph-tool", "cycles", path, n, 6, args.peer_timeout) if gtv else (None, None, None)
            pn, pg = fmt(tn, tnc), fmt(tg, tgc)
        else:
            tn = tg = cn = cg = None
            pn = pg = "not run"
        ok = all(c is None or c == cnt for c in (cn, cg))
        print(f"| {n} | {m} | {cnt}{'' if ok else ' MISMATCH'} | {fmt(t, tc)} | {pn} | {pg} | {ratio(tn, t)} | {ratio(tg, t)} |")
    big = path

    print("\n## 3. Maximum circulation")
    print("| nodes | edges | circulation | bubblelab s | networkx s | nx/bubblelab |")
    print("|---:|---:|---:|---:|---:|---:|")
    cases = [(1000, 5000)] if args.quick else [(1000, 5000), (10000, 50000)]
    for n, m in cases:
        path = gen(n, m)
        t, tc, c = ours("circulation", path)
        tn, tnc, cn = run_peer("networkx", "circulation", path, n, 0, args.peer_timeout * 5)
        ok = cn is None or abs(cn - c) <= 1e-9 * max(1, cn)
        print(f"| {n} | {m} | {c:.0f}{'' if ok else ' MISMATCH'} | {fmt(t, tc)} | {fmt(tn, tnc)} | {ratio(tn, t)} |")

    print("\n## 4. Whole command on the largest graph of section 2")
    t0 = time.perf_counter()
    subprocess.run([bubblelab, "loops", "--edge-list", "--count-only", "--json", big], check=True, capture_output=True)
    print(f"bubblelab loops --edge-list --count-only {os.path.basename(big)}: {time.perf_counter() - t0:.3g} s wall (read + enumerate + JSON)")


if __name__ == "__main__":
    sys.exit(main())
