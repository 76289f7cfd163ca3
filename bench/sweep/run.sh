#!/bin/bash
# Sweep benchmarks: runs per second on 1 and 2 workers (scaling), the cost
# of one run against the model's size (months, deals), the cost of a design
# point's parameters, of merging and of the early-warning detectors.
# Results are recorded by hand in
# bench/results/sweep.md with the machine and date.
#
#   bench/sweep/run.sh            # about 2 minutes on 2 cores
#   BENCHTIME=5x bench/sweep/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "# $(date -u +%Y-%m-%d) $(nproc) cores, $(go version)"
uptime
out=$(mktemp)
trap 'rm -f "$out"' EXIT
go test ./sweep -run '^$' -bench 'Sweep|RunCost|PointParams|Merge|Detectors' -benchtime "${BENCHTIME:-3x}" -count 1 >"$out"
cat "$out"
awk '
/BenchmarkSweep\/workers=1/ { for (i = 1; i <= NF; i++) if ($(i+1) == "runs/s") r1 = $i }
/BenchmarkSweep\/workers=2/ { for (i = 1; i <= NF; i++) if ($(i+1) == "runs/s") r2 = $i }
END { if (r1 > 0 && r2 > 0) printf "scaling: %.1f runs/s on 1 worker, %.1f on 2: speed-up %.2f, efficiency %.0f%%\n", r1, r2, r2/r1, 50*r2/r1 }' "$out"
