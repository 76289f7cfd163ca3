#!/usr/bin/env bash
# contagion against a numpy/scipy reference, side by side on the same
# random networks (mean degree 5, every tenth firm loses 60% of its external
# assets): bench/stress/scale/main.go times the five models on a network
# compiled once and writes the network; bench/stress/reference.py runs the
# same models with numpy/scipy on it. Prints a markdown table of process CPU
# seconds, best of 15 runs at 1e5 firms and of 3 above (steadier than wall
# time on a shared machine; both sides are single-threaded) and checks that defaults and system losses agree.
# Usage: bench/stress/scale.sh [firms...]   (default 100000 1000000)
# Needs: go, /usr/bin/python3 with python3-numpy and python3-scipy (Debian).
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("${@:-100000 1000000}")
[ $# -eq 0 ] && sizes=(100000 1000000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/scale" ./bench/stress/scale
echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(go version | cut -d' ' -f3)"
for n in "${sizes[@]}"; do
  # Runs of a few tens of milliseconds need more repetitions for a steady
  # best time.
  reps=3
  [ "$n" -le 100000 ] && reps=15
  "$tmp/scale" -n "$n" -reps "$reps" -out "$tmp/net.bin" > "$tmp/go.json"
  /usr/bin/python3 bench/stress/reference.py "$tmp/net.bin" --reps "$reps" > "$tmp/py.json"
  /usr/bin/python3 - "$tmp/go.json" "$tmp/py.json" <<'PY'
import json, sys
g, p = (json.load(open(f)) for f in sys.argv[1:3])
print(f"\n{g['firms']:,} firms, {g['obligations']:,} obligations, {g['shocks']:,} shocks; numpy {p['numpy']}, scipy {p['scipy']}\n")
print("| step | bubblelab CPU s | numpy/scipy CPU s | ratio | rounds (Go / ref) | defaults (Go / ref) | system loss agrees |")
print("|---|---:|---:|---:|---|---|---|")
print(f"| build the network | {g['compile_cpu_seconds']:.3f} | {p['build_cpu_seconds']:.3f} | {p['build_cpu_seconds']/g['compile_cpu_seconds']:.2f}x | | | |")
for a, b in zip(g["models"], p["models"]):
    agree = abs(a["system_loss"] - b["system_loss"]) <= 1e-9 * max(1, abs(b["system_loss"]))
    print(f"| {a['name']} | {a['cpu_seconds']:.3f} | {b['cpu_seconds']:.3f} | {b['cpu_seconds']/a['cpu_seconds']:.2f}x | {a['rounds']} / {b['rounds']} | {a['defaults']} / {b['defaults']} | {'yes' if agree and a['defaults'] == b['defaults'] else 'MISMATCH'} |")
print(f"\nlinear DebtRank: {g['linear_debtrank_ns_per_claim_round']:.2f} ns per claim and propagating round; "
      f"random-access bound (one scatter-add over every claim): {g['random_access_bound_ns_per_claim']:.2f} ns per claim")
PY
done
