#!/usr/bin/env bash
# Benchmarks of bubbletest/lppls (see bench/results/lppls.md).
#
#   bench/lppls/run.sh            # Go benchmarks + indicator over 1998–2000, every 5th end date
#   EVERY=1 bench/lppls/run.sh    # every end date (about 5× longer)
#   FULL=1 bench/lppls/run.sh     # also the reliability and recovery measurements (long)
#
# Run from anywhere; results are printed. The machine is shared: the scripts
# print the load average, and the CPU time per fit is the robust number.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "## go test -bench (per fit and per cost evaluation)"
go test ./bubbletest/lppls/ -run '^$' -bench 'Fit|Solve' -benchtime "${BENCHTIME:-3x}"

echo
echo "## single fits"
go run ./bench/lppls fit -repeat "${REPEAT:-3}"

echo
echo "## confidence indicator, Nasdaq 1998-01-02 .. 2000-03-10"
go run ./bench/lppls indicator -every "${EVERY:-5}" -starts "${STARTS:-0}"

if [ "${FULL:-0}" = 1 ]; then
  echo
  go run ./bench/lppls reliability
  echo
  go run ./bench/lppls recovery
fi
