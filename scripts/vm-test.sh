#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the project's tests (or benchmarks) in the test VM and print the results.
#
#   scripts/vm-test.sh check [T]   KUnit modules and IGT-style tests, on the test kernel
#   scripts/vm-test.sh bench [T]   benchmark modules and programs, on the performance kernel;
#                                  with vfio_exec_throughput also .out/bench/timeline.png
#   scripts/vm-test.sh demo [M [SKIP]]
#                                  the demo (scripts/vm/demo): a guest running a busy workload
#                                  live-migrated M times (default 6) between two GPUs, on the
#                                  test kernel; prints what the demo printed, then its report
#                                  (scripts/demo-report.py): .out/demo/report.json and
#                                  .out/demo/timeline.png; SKIP, a recovery_skip mask of the
#                                  guest driver, shows that the demo fails without a fix-up
#   scripts/vm-test.sh soak [N [SEED [RATE [FAULTS]]]]
#                                  N migrations under load (default 1000) with faults
#                                  interleaved at RATE % (default 10) drawn from FAULTS
#                                  (default save,restore,fixups), scripts/vm/soak, on
#                                  the test kernel; prints its progress and its last line
#   scripts/vm-test.sh fuzz [N [SEED]]
#                                  the migration stream fuzzer (tools/xevfio-fuzz) for N cases
#                                  (default 10000), on the test kernel; prints its report
#
# T selects a subset: a comma-separated list of component names (sim, pf, vfio, vf), "igt",
# KUnit module names (xesim_test), IGT test names with an optional subtest glob
# (xe_exec_basic:once*), or one KUnit suite glob (xesim_ggtt*, passed as kunit.filter_glob).
# The console log and the initramfs stay in .out/<mode>/ for inspection.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:-check}
sel=${2:-}
read -r -a components <<< "$(components)"
modules=()
for c in "${components[@]}"; do modules+=("$c/xe$c"); done
case $mode in
check) variant=test limit=${XEVM_TIMEOUT:-2400} ;;
bench) variant=bench limit=${XEVM_TIMEOUT:-3000} ;;
demo) variant=test limit=${XEVM_TIMEOUT:-900} ;;
soak) variant=test limit=0 ;;	# set below, from the number of migrations
fuzz) variant=test limit=${XEVM_TIMEOUT:-7200} ;;
*) die "unknown mode '$mode'" ;;
esac

deps=(kernel vm)
[ "$mode" = demo ] || [ "$mode" = bench ] && deps+=(plot)
"$top/scripts/deps.sh" "${deps[@]}"
t0=$(date +%s)
kdir=$("$top/scripts/kernel.sh" "$variant")

# The benchmark kernel has its own module build: build a fresh copy of the sources (one per
# checkout, so that two checkouts can run benchmarks at once).
tree=$top
if [ "$mode" = bench ]; then
	tree=$cache/bench-tree-$(printf '%s' "$top" | md5sum | cut -c1-8)
	rm -rf "$tree"
	mkdir -p "$tree"
	copy_tree "$tree"
fi
make -s -C "$kdir" M="$tree" W=1 modules >&2
make -s -C "$tree/igt-tests" >&2
[ -f "$tree/tools/Makefile" ] && make -s -C "$tree/tools" >&2

out=$top/.out/$mode
mkdir -p "$out"
plan=$out/plan
: > "$plan"
bins=()
cmdline=()

kunit_modules() {	# component...
	local c ko
	for c in "$@"; do
		for ko in "$tree/$c"/tests/*.ko; do
			[ -e "$ko" ] || continue
			case $ko in *_bench.ko) continue ;; esac
			basename "$ko" .ko
		done
	done
}
igt_tests() {
	local f
	for f in "$tree"/igt-tests/build/*; do
		[ -f "$f" ] && [ -x "$f" ] && basename "$f"
	done
	return 0
}
# IGT tests and benchmark programs drive the project's drivers: they run after every KUnit
# step (which must see no driver but its own), with the non-test modules that are built
# loaded first ("load"), in dependency order; the end of the run unloads them.
progs=()
add_igt() {	# name [glob]
	progs+=("igt $1 ${2:-}")
	bins+=("$tree/igt-tests/build/$1")
}
add_loads() {
	local m
	for m in "${modules[@]}"; do
		[ -f "$tree/$m.ko" ] && echo "load ${m#*/}" >> "$plan"
	done
	return 0
}

if [ "$mode" = fuzz ]; then
	[[ "${sel:-10000}" =~ ^[0-9]+$ ]] || die "fuzz: '$sel' is not a number of cases"
	seed=${3:-1}
	[[ "$seed" =~ ^[0-9]+$ ]] || die "fuzz: '$seed' is not a seed"
	for m in "${modules[@]}"; do
		[ -f "$tree/$m.ko" ] || die "make fuzz needs $m.ko"
	done
	[ -x "$tree/tools/build/xevfio-fuzz" ] || die "make fuzz needs tools/build/xevfio-fuzz"
	progs+=("bench xevfio-fuzz --seed $seed -n ${sel:-10000}")
	bins+=("$tree/igt-tests/build/xe_exec_store")
	# one step runs the whole fuzzer: its own timeout is the VM's
	cmdline+=("xevm.step_timeout=$limit")
elif [ "$mode" = demo ] || [ "$mode" = soak ]; then
	for m in "${modules[@]}"; do
		[ -f "$tree/$m.ko" ] || die "make $mode needs $m.ko"
	done
	[ -x "$tree/tools/build/xevfio-migrate" ] || die "make $mode needs tools/build/xevfio-migrate"
	if [ "$mode" = demo ]; then
		[[ "${sel:-6}" =~ ^[1-9][0-9]*$ ]] || die "demo: '$sel' is not a number of migrations"
		skip=${3:-0}
		[[ "$skip" =~ ^(0x)?[0-9a-fA-F]+$ ]] || die "demo: '$skip' is not a recovery_skip mask"
		progs+=("bench demo ${sel:-6} $skip")
	else
		[[ "${sel:-1000}" =~ ^[1-9][0-9]*$ ]] || die "soak: '$sel' is not a number of migrations"
		# a migration under load takes 2 to 5 s under TCG on 2 shared cores: 8 s is the bound
		limit=${XEVM_TIMEOUT:-$((600 + 8 * ${sel:-1000}))}
		seed=${3:-1}
		[[ "$seed" =~ ^[0-9]+$ ]] || die "soak: '$seed' is not a seed"
		rate=${4:-10}
		[[ "$rate" =~ ^[0-9]+$ ]] && [ "$rate" -le 100 ] || die "soak: '$rate' is not a percentage"
		faults=${5:-save,restore,fixups}
		[[ "$faults" =~ ^[a-z,]+$ ]] || die "soak: '$faults' is not a list of faults"
		progs+=("bench soak ${sel:-1000} $seed $rate $faults")
		# one step runs the whole soak: its own timeout is the VM's
		cmdline+=("xevm.step_timeout=$limit")
	fi
	bins+=("$top/scripts/vm/$mode" "$top/scripts/vm/miglib.sh" "$tree/igt-tests/build/xe_busy")
	cmdline+=(xevm.kmemleak=0)
elif [ "$mode" = bench ]; then
	for c in "${components[@]}"; do
		for ko in "$tree/$c"/tests/*_bench.ko; do
			[ -e "$ko" ] || continue
			n=$(basename "$ko" .ko)
			case $n in *$sel*) echo "benchmod $n" >> "$plan" ;; esac
		done
	done
	for f in "$tree"/igt-tests/build/bench/*; do
		[ -f "$f" ] && [ -x "$f" ] || continue
		n=$(basename "$f")
		case $n in *$sel*) ;; *) continue ;; esac
		progs+=("bench $n")
		bins+=("$f")
	done
	# the workload that vfio_exec_throughput runs from beside itself
	[ ${#progs[@]} -gt 0 ] && [ -x "$tree/igt-tests/build/xe_busy" ] &&
		bins+=("$tree/igt-tests/build/xe_busy")
elif [ -z "$sel" ]; then
	for m in $(kunit_modules "${components[@]}"); do echo "kunit $m" >> "$plan"; done
	for t in $(igt_tests); do add_igt "$t"; done
else
	glob=
	IFS=, read -ra sels <<< "$sel"
	for s in "${sels[@]}"; do
		name=${s%%:*} sub=
		[ "$name" = "$s" ] || sub=${s#*:}
		if [[ " ${components[*]} " == *" $s "* ]]; then
			for m in $(kunit_modules "$s"); do echo "kunit $m" >> "$plan"; done
		elif [ "$s" = igt ]; then
			for t in $(igt_tests); do add_igt "$t"; done
		elif [ -x "$tree/igt-tests/build/$name" ]; then
			add_igt "$name" "$sub"
		# grep reads all of it: with pipefail, grep -q's early exit fails the pipe
		elif kunit_modules "${components[@]}" | grep -x "$s" > /dev/null; then
			echo "kunit $s" >> "$plan"
		else
			[ -z "$glob" ] || die "only one KUnit suite glob at a time ('$glob', '$s')"
			glob=$s
		fi
	done
	if [ -n "$glob" ]; then
		cmdline+=("kunit.filter_glob=$glob")
		for m in $(kunit_modules "${components[@]}"); do
			grep -qx "kunit $m" "$plan" || echo "kunit $m" >> "$plan"
		done
	fi
fi
if [ ${#progs[@]} -gt 0 ]; then
	add_loads
	# the VMM-role program, which vfio_migration runs from beside itself
	tool=$tree/tools/build/xevfio-migrate
	[ -x "$tool" ] && bins+=("$tool")
	# the stream fuzzer, which vfio_fuzz runs from beside itself with its work program
	tool=$tree/tools/build/xevfio-fuzz
	if [ -x "$tool" ]; then
		bins+=("$tool")
		[[ " ${bins[*]} " == *" $tree/igt-tests/build/xe_exec_store "* ]] ||
			bins+=("$tree/igt-tests/build/xe_exec_store")
	fi
	printf '%s\n' "${progs[@]}" >> "$plan"
fi
if [ ! -s "$plan" ]; then
	[ "$mode" = bench ] || die "nothing to run for '${sel:-everything}'"
	msg "no benchmark modules (*/tests/*_bench.ko) or programs (igt-tests/build/bench/*)"
	exit 0
fi

XEVM_TREE=$tree "$top/scripts/mkinitramfs.sh" "$kdir" "$plan" "$out/initramfs.cpio" "${bins[@]}"
t1=$(date +%s)
rc=0
[ "$mode" = demo ] && export XEVM_SERIAL2=$out/serial2.log
# the soak's progress lines as they come
[ "$mode" = soak ] && export XEVM_PROGRESS='^soak: \|^[0-9]* migrations, '
"$top/scripts/vm-run.sh" "$kdir" "$out/initramfs.cpio" "$out/console.log" "$limit" \
	"${cmdline[@]}" || rc=$?
t2=$(date +%s)
[ $rc = 124 ] && msg "the VM ran out of its ${limit}s"

booted=$(sed -n 's/^@@XEVM booted \([0-9.]*\).*/\1/p' "$out/console.log" | head -1)
msg "prepared in $((t1 - t0)) s, VM ran $((t2 - t1)) s (boot to /init ${booted:-?} s)," \
    "initramfs $(du -k "$out/initramfs.cpio" | cut -f1) KiB, log $out/console.log"
if [ "$mode" = fuzz ]; then
	# what the fuzzer printed, and the kernel's reports of the whole run
	sed -n '/^@@XEVM begin bench xevfio-fuzz/,/^@@XEVM end bench xevfio-fuzz/p' "$out/console.log" |
		grep -E -v '^@@XEVM' || true
	rc=$(sed -n 's/^@@XEVM end bench xevfio-fuzz \([0-9]*\).*/\1/p' "$out/console.log")
	[ "${rc:-1}" = 0 ] || die "the fuzzer failed (exit ${rc:-?}); console in $out/console.log"
	exec "$top/scripts/collect.py" --kunit "$src/tools/testing/kunit/kunit.py" --bench \
		"$out/console.log"
fi
if [ "$mode" = demo ] || [ "$mode" = soak ]; then
	rc=$(sed -n "s/^@@XEVM end bench $mode \([0-9]*\).*/\1/p" "$out/console.log")
	# what the VM printed, with the kernel's lines of the project's drivers (the soak's
	# own lines were shown as they came: the rest only when it failed)
	if [ "$mode" = demo ] || [ "${rc:-1}" != 0 ]; then
		sed -n "/^@@XEVM begin bench $mode/,/^@@XEVM end bench $mode/p" "$out/console.log" |
			grep -E -v '^@@XEVM|^\[ *[0-9.]*\] (\[IGT\]|xevfio .*iommu group)' || true
	fi
	[ "${rc:-1}" = 0 ] || die "the $mode failed (exit ${rc:-?}); console in $out/console.log"
	# and no kernel report (WARN, BUG, lockdep, hung task, ...) in the whole run
	if ! "$top/scripts/collect.py" --kunit "$src/tools/testing/kunit/kunit.py" \
		"$out/console.log" > "$out/collect.txt"; then
		cat "$out/collect.txt"
		die "the $mode failed: a kernel report or an incomplete run; console in $out/console.log"
	fi
	if [ "$mode" = demo ]; then
		exec "$top/scripts/demo-report.py" "$out/serial2.log" "$out"
	fi
	msg "soak: $((t2 - t0)) s in all"
	exit 0
fi
args=(--kunit "$src/tools/testing/kunit/kunit.py")
# the timeline of the exec throughput benchmark's first migration, when it ran
if [ "$mode" = bench ] && grep -q '^@@TL ' "$out/console.log"; then
	"$top/scripts/demo-report.py" --timeline "$out/console.log" "$out" >&2 ||
		msg "no timeline PNG"
fi
[ "$mode" = bench ] && args+=(--bench --bench-json "$out/bench.json")
[ "$mode" = check ] && args+=(--require-kmemleak)
exec "$top/scripts/collect.py" "${args[@]}" "$out/console.log"
