#!/bin/bash
# Stop the private Slurm cluster that start.sh started under DIR: cancel its
# jobs, then stop exactly the daemons whose PIDs start.sh recorded (slurmd,
# slurmctld, munged, in that order), and nothing else.
#
#   scripts/slurm/stop.sh /tmp/slurm [--purge]   # --purge also deletes DIR
set -uo pipefail
D=${1:?usage: stop.sh DIR [--purge]}
[ -d "$D" ] || exit 0
D=$(cd "$D" && pwd)
export SLURM_CONF=$D/etc/slurm.conf
if [ -s "$D/pids/slurmctld" ] && kill -0 "$(cat "$D/pids/slurmctld")" 2>/dev/null; then
	scancel --quiet --full "--user=$(id -un)" 2>/dev/null || true
	# Let running steps end before slurmd goes (they are reparented to PID 1
	# otherwise).
	for i in $(seq 50); do
		[ -z "$(squeue -h 2>/dev/null)" ] && break
		sleep 0.1
	done
fi
stop() {
	f="$D/pids/$1"
	[ -s "$f" ] || return 0
	pid=$(cat "$f")
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		for i in $(seq 150); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			echo "stop.sh: $1 ($pid) did not stop in 15 s; killing it" >&2
			kill -KILL "$pid" 2>/dev/null
		fi
	fi
	rm -f "$f"
}
stop slurmd
stop slurmctld
stop munged
if [ "${2:-}" = --purge ]; then
	rm -rf "$D"
fi
exit 0
