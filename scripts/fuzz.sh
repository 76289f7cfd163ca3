#!/usr/bin/env bash
# Nightly-style fuzzing: every Fuzz target of the module, one after another,
# for FUZZTIME each (default 30s). Run from anywhere in the checkout:
#
#   scripts/fuzz.sh                  # all targets, 30 s each
#   FUZZTIME=2m scripts/fuzz.sh      # longer
#   scripts/fuzz.sh ./web ./sweep    # only these packages
#
# A target that finds a failing input leaves it under its package's
# testdata/fuzz/FuzzNAME/ (plain `go test` then replays it) and makes the
# script exit 1 after the others have run. With Go 1.26 a duration-based
# -fuzztime can end with a spurious "context deadline exceeded" and no
# input (golang/go#75804); such a run is reported as "ok (deadline)" rather
# than as a failure, because no input was written.
set -u
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-30s}
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && pkgs=(./...)
logdir=$(mktemp -d "${TMPDIR:-/tmp}/bubblelab-fuzz.XXXXXX")
failed=0
total=0
start=$(date +%s)
# go test -list prints the matching names, then "ok  PKG" per package.
while read -r pkg; do
	targets=$(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true)
	dir=$(go list -f '{{.Dir}}' "$pkg")
	for t in $targets; do
		total=$((total + 1))
		log="$logdir/$(echo "$pkg" | tr '/.' '__')_$t.log"
		before=$(ls "$dir/testdata/fuzz/$t" 2>/dev/null | wc -l)
		if go test "$pkg" -run '^$' -fuzz "^$t\$" -fuzztime "$fuzztime" </dev/null >"$log" 2>&1; then
			status=ok
		else
			after=$(ls "$dir/testdata/fuzz/$t" 2>/dev/null | wc -l)
			if [ "$after" -eq "$before" ] && grep -q 'context deadline exceeded' "$log"; then
				status="ok (deadline)"
			else
				status="FAIL (log: $log)"
				failed=$((failed + 1))
			fi
		fi
		execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
		printf '%-45s %-22s %s\n' "$pkg $t" "${execs:-?} execs" "$status"
	done
done < <(go list "${pkgs[@]}")
echo "$total targets, $failed failed, $(( $(date +%s) - start )) s; logs in $logdir"
[ "$failed" -eq 0 ]
