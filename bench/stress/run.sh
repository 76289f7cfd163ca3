#!/usr/bin/env bash
# Benchmarks of package contagion (Eisenberg–Noe, Rogers–Veraart, Furfine,
# DebtRank, linear DebtRank) on random networks of 100, 1,000 and 10,000
# firms, plus the `bubblelab stress` command on the shipped deal data.
# Usage: bench/stress/run.sh [benchtime] [count]   (defaults 1s, 3)
# Results go to stdout; record them in bench/results/stress.md with the
# machine (cores) and date.
set -euo pipefail
cd "$(dirname "$0")/../.."
benchtime=${1:-1s}
count=${2:-3}
echo "# $(date -u +%Y-%m-%d) $(nproc) cores, $(go version)"
go test -run '^$' -bench . -benchmem -benchtime "$benchtime" -count "$count" ./contagion/
go build -o /tmp/bubblelab-stress-bench ./cmd/bubblelab
echo "# bubblelab stress --fail OpenAI (all methods, shipped data), 10 runs"
start=$(date +%s.%N)
for _ in $(seq 10); do /tmp/bubblelab-stress-bench stress --fail OpenAI >/dev/null; done
end=$(date +%s.%N)
echo "mean wall time per run: $(echo "($end - $start) / 10" | bc -l | cut -c1-6) s"
rm -f /tmp/bubblelab-stress-bench
