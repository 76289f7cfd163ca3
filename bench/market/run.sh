#!/bin/sh
# Speed of the market package: Go benchmarks of one FW path, FW's moments of
# a path, the parallel validation pipeline, and one engine day with 10 and 100
# assets. Prints `go test -bench` output; record the medians, with the machine
# and date, in bench/results/market.md.
#
# Usage: bench/market/run.sh [count]   (default 5 repetitions of each benchmark)
set -eu
cd "$(dirname "$0")/../.."
count=${1:-5}
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(go version) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
go test -run '^$' -bench . -benchtime 2s -count "$count" ./market/ ./market/stylized/ ./market/fwcheck/
