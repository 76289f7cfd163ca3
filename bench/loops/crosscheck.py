#!/usr/bin/python3
"""Cross-check bubblelab's cycle counts and maximum circulation against
networkx and graph-tool on the same random graphs.

Go generates each graph (netbench gen, i.e. netflow.RandomGraph with a PCG
seed) and writes it as an edge list; this script reads that file into
networkx and graph-tool, so all three see exactly the same graph.

networkx 2.8.8 (Debian 12) simple_cycles has no length bound: bounded counts
are checked by enumerating every cycle and filtering by length, and unbounded
counts (bound = number of nodes) too. graph-tool's all_circuits is checked on
the unbounded counts. The maximum circulation is checked against networkx's
network_simplex (exact on the integer weights the generator draws).

Usage: bench/loops/crosscheck.py [--write-golden]
  --write-golden  also write netflow/testdata/networkx_cycle_counts.json,
                  the peer counts netflow's Go tests assert.
Exit status 1 on any mismatch. Run from the repository root or anywhere.
"""
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter

import networkx as nx

try:
    import graph_tool.all as gt
except ImportError:  # graph-tool is optional for the cross-check
    gt = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (nodes, edges, seed): small enough that every simple cycle can be listed.
CASES = [(n, m, seed) for (n, m) in [(8, 20), (10, 45), (12, 24), (15, 30), (20, 36), (30, 45), (40, 80)] for seed in (1, 2, 3)]
BOUNDS = [2, 3, 6]


def read_edges(path):
    edges = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            u, v, w = line.split()
            edges.append((u, v, float(w)))
    return edges


def nx_graph(n, edges):
    g = nx.DiGraph()
    g.add_nodes_from(str(i) for i in range(n))
    for u, v, w in edges:
        g.add_edge(u, v, weight=w)
    return g


def by_length(lengths, bound):
    c = Counter(l for l in lengths if l <= bound)
    return [c.get(k, 0) for k in range(bound + 1)]


def nx_max_circulation(g):
    # max sum c_e s.t. 0 <= c <= w, conservation: min-cost circulation with
    # cost -1 per unit. network_simplex needs integer data: weights are
    # integers by construction.
    h = nx.DiGraph()
    h.add_nodes_from(g.nodes)
    for u, v, d in g.edges(data=True):
        h.add_edge(u, v, capacity=int(d["weight"]), weight=-1)
    cost, _ = nx.network_simplex(h)
    return -cost


def gt_circuit_lengths(n, edges):
    g = gt.Graph(directed=True)
    g.add_vertex(n)
    g.add_edge_list([(int(u), int(v)) for u, v, _ in edges])
    return [len(c) for c in gt.all_circuits(g)]


def main():
    write_golden = "--write-golden" in sys.argv[1:]
    tmp = tempfile.mkdtemp(prefix="loops-crosscheck-")
    netbench = os.path.join(tmp, "netbench")
    subprocess.run(["go", "build", "-o", netbench, "./bench/loops/netbench"], cwd=ROOT, check=True)
    failures = 0
    golden = []
    print(f"networkx {nx.__version__}, graph-tool {gt.__version__ if gt else 'not installed'}")
    print(f"{'nodes':>5} {'edges':>5} {'seed':>4} {'bound':>5} {'bubblelab':>10} {'networkx':>10} {'graph-tool':>10}  ok")
    for n, m, seed in CASES:
        path = os.path.join(tmp, f"g{n}_{m}_{seed}.txt")
        subprocess.run([netbench, "gen", "-nodes", str(n), "-edges", str(m), "-seed", str(seed), "-maxweight", "100", "-o", path], check=True)
        edges = read_edges(path)
        g = nx_graph(n, edges)
        lengths = [len(c) for c in nx.simple_cycles(g)]
        gt_lengths = gt_circuit_lengths(n, edges) if gt else None
        entry = {"nodes": n, "edges": m, "seed": seed, "counts": {}}
        for bound in BOUNDS + [n]:
            out = subprocess.run([netbench, "cycles", "-maxlen", str(bound), path], check=True, capture_output=True, text=True)
            ours = json.loads(out.stdout)["by_length"]
            ours += [0] * (bound + 1 - len(ours))  # a bound above n is clipped to n
            theirs = by_length(lengths, bound)
            gts = by_length(gt_lengths, bound) if gt_lengths is not None else None
            ok = ours == theirs and (gts is None or gts == theirs)
            failures += not ok
            entry["counts"][str(bound)] = theirs
            print(f"{n:>5} {m:>5} {seed:>4} {bound:>5} {sum(ours):>10} {sum(theirs):>10} {sum(gts) if gts is not None else '-':>10}  {'ok' if ok else 'MISMATCH ' + str(ours) + ' vs ' + str(theirs)}")
        out = subprocess.run([netbench, "circulation", path], check=True, capture_output=True, text=True)
        ours = json.loads(out.stdout)["circular"]
        theirs = nx_max_circulation(g)
        ok = abs(ours - theirs) <= 1e-9 * max(1.0, theirs)
        failures += not ok
        entry["max_circulation"] = theirs
        print(f"{n:>5} {m:>5} {seed:>4}  circulation bubblelab {ours:.10g}  networkx {theirs}  {'ok' if ok else 'MISMATCH'}")
        golden.append(entry)
    if write_golden:
        dst = os.path.join(ROOT, "netflow", "testdata", "networkx_cycle_counts.json")
        with open(dst, "w") as f:
            json.dump({"peer": f"networkx {nx.__version__} simple_cycles (all cycles, filtered by length) and network_simplex",
                       "generator": "netflow.RandomGraph(nodes, edges, 100, rand.New(rand.NewPCG(seed, 0)))",
                       "cases": golden}, f, indent=1)
            f.write("\n")
        print("wrote", dst)
    print("FAILED" if failures else "all agree", f"({failures} mismatches)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
