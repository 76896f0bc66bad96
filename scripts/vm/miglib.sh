# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# What the demo and the soak (scripts/vm/demo, scripts/vm/soak) share inside the test VM:
# two simulated GPUs whose VFs sit at different GGTT bases, a guest on slot 0 with the guest
# VF driver bound, the busy workload (igt-tests/xe_busy) on it, migrations through the VFIO
# uAPI (tools/xevfio-migrate --json), the guest's recovery from its debugfs, and the sim's
# state. Sourced (busybox sh); the caller sets "prog" for its messages.

bin=/xevm/bin
bus=/sys/bus/xesim
dbg=/sys/kernel/debug
trc=$dbg/tracing
slot=0
busy_pid=

# fail STEP...: the run ends here, naming the step that failed
fail() {
	echo "$prog: FAILED at: $*"
	if [ -n "$busy_pid" ] && [ -f /tmp/busy.log ]; then
		kill -KILL "$busy_pid" 2>/dev/null
		echo "$prog: the workload's output:"
		sed 's/^/  /' /tmp/busy.log
	fi
	exit 1
}

# The polls below use shell builtins only: under TCG with the workload running, starting a
# process costs a few hundred milliseconds, more than what most polls wait for.

# nap SECONDS: sleep, without a process (a read that times out on a FIFO nobody writes)
[ -p /tmp/nap ] || mkfifo /tmp/nap
nap() { read -r -t "$1" _ <> /tmp/nap; }

# ms: the uptime in milliseconds, in $ms
uptime_ms() {
	read -r up _ < /proc/uptime
	ms=$((${up%.*} * 1000 + 1${up#*.}0 - 1000))
}

# now_ms: the same, printed
now_ms() { uptime_ms; echo $ms; }

# getkv FILE KEY: $val, the value of FILE's "KEY value" line (empty without one)
getkv() {
	val=
	while read -r k v; do
		if [ "$k" = "$2" ]; then
			val=$v
			return 0
		fi
	done < "$1"
	return 1
}

# guc_get GPU VF: $val, the GuC's state of the VF, from the sim's debugfs ("fnVF: state S")
guc_get() {
	val=
	while read -r k s v rest; do
		if [ "$k" = "fn$2:" ] && [ "$s" = state ]; then
			val=$v
			return 0
		fi
	done < "$dbg/xesim/xesim$1/guc"
	return 1
}

# guc_state GPU VF: the same, printed
guc_state() { guc_get "$1" "$2"; echo "$val"; }
# vf_ggtt GPU VF: the VF's GGTT range, START+SIZE, from the PF's debugfs
vf_ggtt() { sed -n "s/^VF$2 ggtt \([0-9a-fx+]*\).*/\1/p" "$dbg/xepf/xesim$1/config"; }

# two_gpus PARAMS: xesim0 and xesim1 with two VFs each, xesim1's VFs at other GGTT bases
two_gpus() {
	echo "0 $1" > $bus/new_device || fail "create xesim0 ($1)"
	echo "1 $1" > $bus/new_device || fail "create xesim1 ($1)"
	echo 2 > $bus/devices/xesim0/sriov_numvfs || fail "enable xesim0's VFs"
	start=$(vf_ggtt 0 1)
	size=${start#*+}
	start=${start%+*}
	for vf in 1 2; do
		echo $((start + (vf + 1) * size)) > "$dbg/xepf/xesim1/vf$vf/ggtt_start" ||
			fail "place xesim1.vf$vf's GGTT range"
	done
	echo 2 > $bus/devices/xesim1/sriov_numvfs || fail "enable xesim1's VFs"
}

# where slot 0 runs: "GPU VF"
slot_at() { read -r at < $bus/devices/xeslot$slot/attach; echo "$at"; }
# the same in $at_gpu and $at_vf
slot_get() { read -r at_gpu at_vf < $bus/devices/xeslot$slot/attach; }

# start_guest GPU VF: slot 0 on xesimGPU.vfVF, and wait for the guest driver's DRM card
start_guest() {
	$bin/xevfio-migrate start $slot "xesim$1.vf$2" > /dev/null || fail "start the guest"
	i=0
	card=
	while [ -z "$card" ] && [ $i -lt 300 ]; do
		card=$(ls $bus/devices/xeslot$slot/drm 2>/dev/null | sed -n 's/^card//p' | head -1)
		[ -n "$card" ] || nap 0.1
		i=$((i + 1))
	done
	[ -n "$card" ] || fail "the guest driver did not bind to xeslot$slot"
	rec=$dbg/dri/$card/recovery
}

# rec_get KEY: a "key value" line of the guest's recovery file, printed
rec_get() { getkv "$rec" "$1"; echo "$val"; }
# MIGRATED interrupts the guest driver handled
guest_migrated() { sed -n 's/^migrated handled //p' "$dbg/dri/$card/guc_info"; }

# wait_recovered GPU VF BEFORE: the GuC runs the VF again and the guest counts one more
# recovery than BEFORE, its recovery idle; 1 after 30 s without that
wait_recovered() {
	i=0
	while [ $i -lt 600 ]; do
		getkv "$rec" state
		[ "$val" = wedged ] && return 1
		if [ "$val" = idle ] && getkv "$rec" recoveries && [ "$val" -gt "$3" ] &&
		   guc_get "$1" "$2" && [ "$val" = RUNNING ]; then
			return 0
		fi
		nap 0.05
		i=$((i + 1))
	done
	return 1
}

# wait_held STOPPER: the guest's recovery waits at that stopper; 1 after 30 s without that
wait_held() {
	i=0
	while getkv "$rec" held; [ "$val" != "$1" ]; do
		[ $i -lt 600 ] || return 1
		nap 0.05
		i=$((i + 1))
	done
}

# ---- the workload ----

# busy_start [JSON]: xe_busy on the guest until busy_stop, its counts in /tmp/busy.status
busy_start() {
	rm -f /tmp/busy.status
	XE_BUSY_QUEUES=${XE_BUSY_QUEUES:-1} XE_BUSY_DEPTH=${XE_BUSY_DEPTH:-2} \
	XE_BUSY_SAMPLE_MS=${XE_BUSY_SAMPLE_MS:-20} XE_BUSY_SECONDS=0 XE_BUSY_STATUS=/tmp/busy.status XE_BUSY_JSON=${1:-} \
		IGT_XESIM_SLOT=$slot $bin/xe_busy --run-subtest basic > /tmp/busy.log 2>&1 &
	busy_pid=$!
	i=0
	until [ -f /tmp/busy.status ] && getkv /tmp/busy.status checked && [ "$val" -gt 0 ]; do
		kill -0 "$busy_pid" 2>/dev/null || fail "start the workload (it exited)"
		[ $i -lt 600 ] || fail "start the workload (no job completed in 60 s)"
		nap 0.1
		i=$((i + 1))
	done
}

# busy_get KEY: a count of the workload so far (submitted, checked, found, lost, ...)
busy_get() { getkv /tmp/busy.status "$1"; echo "$val"; }

# busy_progress WHAT: the workload checks at least 16 more jobs; else WHAT failed
busy_progress() {
	getkv /tmp/busy.status checked
	from=$val
	i=0
	while getkv /tmp/busy.status checked; [ "$val" -lt $((from + 16)) ]; do
		kill -0 "$busy_pid" 2>/dev/null || fail "$1: the workload exited"
		[ $i -lt 600 ] || fail "$1: the workload checked no job in 30 s (hang)"
		nap 0.05
		i=$((i + 1))
	done
	for key in lost wrong twice hangs fence_errors; do
		getkv /tmp/busy.status $key
		[ "$val" = 0 ] || fail "$1: the workload counts $val $key"
	done
}

# busy_stop: SIGTERM; the workload checks its jobs in flight and its counters; 1 on failure
busy_stop() {
	kill -TERM "$busy_pid" 2>/dev/null
	wait "$busy_pid"
	rc=$?
	busy_pid=
	return $rc
}

# ---- migrations ----

# migrate GPU VF OUT: slot 0 to xesimGPU.vfVF; the tool's JSON report in OUT, its error
# message in OUT.err; the tool's exit status
migrate() {
	$bin/xevfio-migrate --json migrate $slot "xesim$1.vf$2" > "$3" 2> "$3.err"
}

# arm GPU KNOB COUNT: a failure knob of the sim (sim/xesim_knob.c)
arm() { echo "$3" > "$dbg/xesim/xesim$1/fail_$2" || fail "arm fail_$2 of xesim$1"; }

# ---- JSON of what the VM reads ----

# kv_json FILE: "key value" lines as a JSON object, numbers as numbers; the recovery file's
# "step NAME LAST_US MAX_US" lines go into "step_us": {NAME: LAST_US}
kv_json() {
	awk '
	function val(v) { return v ~ /^-?[0-9]+(\.[0-9]+)?$/ ? v + 0 : "\"" v "\"" }
	$1 == "step" && NF == 4 { steps = steps (steps == "" ? "" : ", ") "\"" $2 "\": " $3; next }
	NF >= 2 { sub(/:$/, "", $1); out = out (out == "" ? "" : ", ") "\"" $1 "\": " val($2) }
	END {
		if (steps != "")
			out = out (out == "" ? "" : ", ") "\"step_us\": {" steps "}"
		printf "{%s}", out
	}' "$@"
}

# trace_on: the guest's recovery tracepoints, on CLOCK_MONOTONIC (the tools' clock)
trace_on() {
	[ -d $trc/events/xevf ] || return 0
	echo mono > $trc/trace_clock
	echo 1 > $trc/events/xevf/enable
	: > $trc/trace
}

# trace_json: the recovery events traced since the last call, as a JSON array
trace_json() {
	if [ ! -f $trc/trace ]; then
		printf '[]'
		return
	fi
	awk '
	{
		for (i = 2; i <= NF; i++)
			if ($i == "xevf_recovery_step:" || $i == "xevf_recovery:")
				break
		if (i > NF)
			next
		ts = $(i - 1)
		sub(/:$/, "", ts)
		if ($i == "xevf_recovery_step:")
			e = sprintf("{\"event\": \"step\", \"name\": \"%s\", \"end_ms\": %.3f, \"ns\": %d, \"err\": %d}",
				    $(i + 2), ts * 1000, $(i + 6), $(i + 8))
		else
			e = sprintf("{\"event\": \"recovery\", \"outcome\": \"%s\", \"end_ms\": %.3f, \"ns\": %d, \"restarts\": %d}",
				    $(i + 3), ts * 1000, $(i + 7), $(i + 9))
		out = out (out == "" ? "" : ",\n    ") e
	}
	END { printf "[%s]", out }' $trc/trace
	: > $trc/trace
}
