#!/usr/bin/env bash
# Benchmarks of bubbletest/psy (PSY recursive unit-root tests).
#
#   bench/psy/run.sh            # all of it (a few minutes on 2 cores)
#   QUICK=1 bench/psy/run.sh    # skip the 2000-replication simulation
#
# Prints Go benchmark lines and a summary with the time per Monte Carlo
# replication at T=1680 (the S&P 500 P/D series of PSY 2015). The lag-0
# simulation is measured with LAG0_REPS replications (default: the full
# 2000); the lag-2 one with LAG2_REPS (default 200) and extrapolated
# linearly to 2000. The summary says which. Record results in bench/results/psy.md with the
# machine (nproc, CPU model), the date and the load.
set -euo pipefail
cd "$(dirname "$0")/../.."

pkg=./bubbletest/psy/
count=${COUNT:-3}

echo "# $(date -u +%Y-%m-%dT%H:%MZ)  $(nproc) cores  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(go version)"

go test "$pkg" -run '^$' -bench 'BenchmarkGSADF' -benchtime "${BENCHTIME:-10x}" -count "$count" -benchmem
go test "$pkg" -run '^$' -bench 'BenchmarkMonteCarloReplication' -benchtime "${REPTIME:-20x}" -count "$count"

if [[ -n "${QUICK:-}" ]]; then
	exit 0
fi

# run_sim LAG REPS: runs one simulation on all cores, shows the benchmark
# line on stderr and prints "wall_ns_per_rep cpu_ns_per_rep workers".
run_sim() {
	local out
	out=$(PSY_BENCH_T=1680 PSY_BENCH_LAG=$1 PSY_BENCH_REPS=$2 \
		go test "$pkg" -run '^$' -bench '^BenchmarkMonteCarlo$' -benchtime 1x -count 1)
	echo "$out" >&2
	echo "$out" | awk '/ns\/rep/ { for (i = 1; i < NF; i++) { if ($(i+1) == "ns/rep") ns = $i; if ($(i+1) == "cpu-ns/rep") c = $i; if ($(i+1) == "workers") w = $i } print ns, c, w }'
}

lag2_reps=${LAG2_REPS:-200}
lag0_reps=${LAG0_REPS:-2000}
read -r ns0 cpu0 workers < <(run_sim 0 "$lag0_reps")
read -r ns2 cpu2 _ < <(run_sim 2 "$lag2_reps")

awk -v ns0="$ns0" -v c0="$cpu0" -v ns2="$ns2" -v c2="$cpu2" -v r0="$lag0_reps" -v r2="$lag2_reps" -v w="$workers" 'BEGIN {
	printf "\nSummary (T=1680, PSY minimum window 90 rows, %d workers)\n", w
	printf "  lag 0: %.2f ms wall and %.2f ms CPU per replication; measured with %d replications; 2000 take %.1f s wall\n", ns0/1e6, c0/1e6, r0, ns0*2000/1e9
	printf "  lag 2: %.2f ms wall and %.2f ms CPU per replication; measured with %d replications; 2000 extrapolated: %.1f s wall\n", ns2/1e6, c2/1e6, r2, ns2*2000/1e9
}'
