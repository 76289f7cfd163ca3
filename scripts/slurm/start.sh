#!/bin/bash
# Start a private single-node Slurm cluster under DIR (munged, slurmctld and
# slurmd, all in the foreground as background jobs, so their PIDs are known),
# and wait until the node is idle. Everything lives under DIR; the system's
# /etc/slurm and /run/munge are not touched. Stop it with stop.sh DIR.
#
#   scripts/slurm/start.sh /tmp/slurm     # prints: export SLURM_CONF=/tmp/slurm/etc/slurm.conf
#
# Needs the Debian packages slurmctld slurmd slurm-client munge (and root, as
# SlurmUser=root). Ports: SLURM_CTLD_PORT (default 6817), SLURM_D_PORT (6818).
# The tested configuration and its pitfalls: docs/cluster.md.
set -euo pipefail
D=${1:?usage: start.sh DIR}
mkdir -p "$D"
D=$(cd "$D" && pwd)
for cmd in munged slurmctld slurmd sinfo scontrol; do
	command -v "$cmd" >/dev/null || { echo "start.sh: $cmd not found; apt-get install slurmctld slurmd slurm-client munge" >&2; exit 3; }
done
HOST=$(hostname -s)
NCPU=$(nproc)
CTLD_PORT=${SLURM_CTLD_PORT:-6817}
D_PORT=${SLURM_D_PORT:-6818}
mkdir -p "$D"/{etc,munge,state,spool,log,run,pids}
chmod 0711 "$D/munge"
if [ ! -s "$D/munge/munge.key" ]; then
	dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 status=none
	chmod 0400 "$D/munge/munge.key"
fi
cat >"$D/etc/slurm.conf" <<CONF
ClusterName=bubblelab
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$D_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge/munge.socket.2
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool/%n
SlurmctldPidFile=$D/run/slurmctld.pid
SlurmdPidFile=$D/run/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MailProg=/bin/true
ReturnToService=2
MaxArraySize=100001
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$NCPU State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$D/etc/slurm.conf

alive() { [ -s "$D/pids/$1" ] && kill -0 "$(cat "$D/pids/$1")" 2>/dev/null; }

if ! alive munged; then
	munged --foreground --force --key-file="$D/munge/munge.key" --socket="$D/munge/munge.socket.2" \
		--pid-file="$D/run/munged.pid" --seed-file="$D/munge/munged.seed" >>"$D/log/munged.out" 2>&1 &
	echo $! >"$D/pids/munged"
fi
for i in $(seq 100); do
	munge --socket="$D/munge/munge.socket.2" -n >/dev/null 2>&1 && break
	[ "$i" = 100 ] && { echo "start.sh: munged did not come up; see $D/log/munged.out" >&2; exit 1; }
	sleep 0.05
done
if ! alive slurmctld; then
	slurmctld -D -i -f "$SLURM_CONF" >>"$D/log/slurmctld.out" 2>&1 &
	echo $! >"$D/pids/slurmctld"
fi
if ! alive slurmd; then
	slurmd -D -f "$SLURM_CONF" >>"$D/log/slurmd.out" 2>&1 &
	echo $! >"$D/pids/slurmd"
fi
for i in $(seq 300); do
	state=$(sinfo -h -n "$HOST" -o %T 2>/dev/null || true)
	[ "$state" = idle ] && break
	if [ "$i" = 300 ]; then
		echo "start.sh: node not idle after 30 s (state '$state'); logs in $D/log" >&2
		exit 1
	fi
	sleep 0.1
done
echo "export SLURM_CONF=$SLURM_CONF"
