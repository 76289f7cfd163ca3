#!/usr/bin/env bash
# Load test of `bubblelab serve` on loopback (see bench/results/web.md).
#
#   bench/web/run.sh                  # 10 s per endpoint, 2 threads, 16 connections
#   DURATION=30s CONNS=64 bench/web/run.sh
#
# Needs wrk (Debian package wrk) and curl. Starts its own server on a free
# loopback port with a temporary data folder, and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-16}
RUNS=${RUNS:-20}
PORT=${PORT:-18631}
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/bubblelab" ./cmd/bubblelab
"$work/bubblelab" serve --addr "127.0.0.1:$PORT" --data "$work/data" --max-runs 2 --queue 8 >"$work/serve.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$base/healthz" >/dev/null

echo "# machine: $(nproc) cores, $(uname -m), $(go version | cut -d' ' -f3); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# wrk -t$THREADS -c$CONNS -d$DURATION --latency"
bench() {
  local name=$1; shift
  echo
  echo "## $name"
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" | sed -n '/Latency Distribution/,$p;/Thread Stats/,/Req\/Sec/p'
}
bench "GET /healthz" "$base/healthz"
bench "GET / (start page)" "$base/"
bench "GET /scenario (the full form, about 130 fields)" "$base/scenario"
bench "POST /validate, valid scenario" -s bench/web/validate.lua "$base/validate"
bench "POST /validate, malformed (400)" -s bench/web/invalid.lua "$base/validate"

echo
echo "## $RUNS runs of 24 months submitted at once (2 slots, queue of 8)"
start=$(date +%s.%N)
pids=()
for i in $(seq "$RUNS"); do
  curl -s -o /dev/null -w "%{http_code} %{redirect_url}\n" -X POST -d "_base=baseline&months=24&_seed=$i" "$base/runs" >"$work/submit.$i" &
  pids+=($!)
done
wait "${pids[@]}" # not a bare wait: the server is a background job too
accepted=$(cat "$work"/submit.* | grep -c '^303' || true)
refused=$(cat "$work"/submit.* | grep -c '^429' || true)
ids=$(cat "$work"/submit.* | grep '^303' | sed 's|.*/runs/||')
state() { curl -s "$base/runs/$1/status" | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p'; }
for id in $ids; do
  deadline=$((SECONDS + 300))
  while :; do
    st=$(state "$id")
    [ "$st" = done ] || [ "$st" = failed ] && break
    [ $SECONDS -lt $deadline ] || { echo "run $id did not finish in 300 s" >&2; exit 1; }
    sleep 0.05
  done
done
end=$(date +%s.%N)
failed=0
for id in $ids; do [ "$(state "$id")" = done ] || failed=$((failed + 1)); done
echo "accepted (303): $accepted, refused (429): $refused, failed: $failed"
echo "wall time from submission to the last report: $(echo "$end - $start" | bc) s"
echo
echo "## first report page after the runs"
id1=$(echo "$ids" | head -1)
curl -s -o /dev/null -w "GET /runs/ID/report: %{http_code}, %{size_download} bytes, %{time_total} s\n" "$base/runs/$id1/report"
curl -s -o /dev/null -w "GET /runs/ID/results.zip: %{http_code}, %{size_download} bytes, %{time_total} s\n" "$base/runs/$id1/results.zip"
curl -s -o /dev/null -w "GET /claims (first: computes 7 scenarios and their twins): %{http_code}, %{size_download} bytes, %{time_total} s\n" "$base/claims"
curl -s -o /dev/null -w "GET /claims (cached): %{http_code}, %{size_download} bytes, %{time_total} s\n" "$base/claims"
echo
echo "# server memory at the end: $(grep VmRSS /proc/$server_pid/status | tr -s ' ')"
