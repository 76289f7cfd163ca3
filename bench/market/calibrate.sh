#!/bin/sh
# The long Monte Carlo runs behind the expected seed means pinned in
# market/fwcheck/fwcheck_test.go: 50000 paths of each FW variant, seeds
# 1000000..1049999, 6750 days after 2000 burn-in days, on all cores. Writes
# the JSON of `bubblelab validate fw` and prints the test's table rows.
# About 1.5 min per variant on 2 idle cores.
#
# Usage: bench/market/calibrate.sh [outdir]   (default /tmp)
set -eu
cd "$(dirname "$0")/../.."
out=${1:-/tmp}
go build -o "$out/bubblelab" ./cmd/bubblelab
for variant in hpm wealth; do
	"$out/bubblelab" validate fw --variant "$variant" --seeds 50000 --first-seed 1000000 --json >"$out/fw_$variant.json"
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("//", d["variant"], d["seeds"], "seeds from", d["first_seed"], "in %.0f s" % d["seconds"])
for m in d["moments"]:
    print("\t{\"%s\", %.6f, %.6f}, // se %.6f" % (m["name"], m["mean"], m["sd_per_path"], m["se"]))
' "$out/fw_$variant.json"
done
