#!/usr/bin/env python3
"""Collects bench/results/<area>.md into bench/RESULTS.md (run after updating any of them)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ORDER = ["sim", "sweep", "loops", "stress", "psy", "lppls", "monitor", "market", "web"]
HEAD = """# bubblelab: measured performance

Every figure here was measured with `go test -bench` or a script under
`bench/`, on the development machine: 2 cores (AMD EPYC), 24 GiB, Go 1.26.8,
Debian 12, 2026-11-29. The machine was shared with other jobs while most of
these were taken, so wall times are noisy; the sections say where CPU times
were recorded instead. Where a peer can be installed here (networkx,
graph-tool) it ran on the same inputs and the ratio is given; where it cannot
(R exuber, Python lppls) the sections say so.

The sections are kept beside the code in `bench/results/<area>.md` and
collected here by `bench/collect.py`.

"""


def section(path):
    lines = open(path).read().strip().split("\n")
    if lines[0].startswith("# "):
        lines[0] = "## " + lines[0][2:]
    return "\n".join([lines[0]] + ["#" + l if l.startswith("#") else l for l in lines[1:]])


def main():
    parts = [HEAD]
    names = [n for n in ORDER if os.path.exists(os.path.join(HERE, "results", n + ".md"))]
    names += sorted(n[:-3] for n in os.listdir(os.path.join(HERE, "results")) if n.endswith(".md") and n[:-3] not in ORDER)
    for n in names:
        parts.append(section(os.path.join(HERE, "results", n + ".md")) + "\n\n")
    with open(os.path.join(HERE, "RESULTS.md"), "w") as f:
        f.write("".join(parts).rstrip() + "\n")


if __name__ == "__main__":
    main()
