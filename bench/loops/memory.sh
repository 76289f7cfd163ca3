#!/bin/sh
# Peak memory and output size of `bubblelab loops --edge-list` on G(1e5, 1e6)
# (full --json: cycles and circulation) and G(1e6, 1e7) (--count-only --json),
# with GNU time's maximum resident set size. Takes about a minute and 200 MB
# of disk in $TMPDIR. Results: bench/results/loops.md, "Memory".
set -eu
dir=${TMPDIR:-/tmp}/bubblelab-loops-memory
mkdir -p "$dir"
cd "$(dirname "$0")/../.."
go build -o "$dir/bubblelab" ./cmd/bubblelab
go build -o "$dir/netbench" ./bench/loops/netbench
[ -f "$dir/g6.txt" ] || "$dir/netbench" gen -nodes 100000 -edges 1000000 -seed 1 -o "$dir/g6.txt"
[ -f "$dir/g7.txt" ] || "$dir/netbench" gen -nodes 1000000 -edges 10000000 -seed 1 -o "$dir/g7.txt"
/usr/bin/time -f "G(1e5,1e6) loops --edge-list --json: %e s wall, %M KB max RSS" \
	"$dir/bubblelab" loops --edge-list --json "$dir/g6.txt" >"$dir/g6.json"
ls -l "$dir/g6.json"
/usr/bin/time -f "G(1e6,1e7) loops --edge-list --count-only --json --max-len 3: %e s wall, %M KB max RSS" \
	"$dir/bubblelab" loops --edge-list --count-only --json --max-len 3 "$dir/g7.txt" >"$dir/g7.json"
go test -run '^$' -bench ReadEdgeList -benchtime 3x -benchmem ./netflow/
