#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prove that the test harness fails when it should: boot the test VM once per scenario and
# check the summary line and exit status that scripts/collect.py gives for it.
#
#   scripts/check-harness.sh
#
# The scenarios use scripts/harness/xevm_harness_selftest.ko (a KUnit suite, and on request
# a WARN_ON, a KASAN use-after-free or a leak at load) and the IGT harness self-test programs
# in igt-tests/lib/tests/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$top/scripts/deps.sh" kernel vm
kdir=$("$top/scripts/kernel.sh" test)
make -s -C "$kdir" M="$top" W=1 CONFIG_XEVM_HARNESS_SELFTEST=m modules >&2
make -s -C "$top/igt-tests" selftest >&2
sbin=$top/igt-tests/build/selftest
out=$top/.out/harness
mkdir -p "$out"

passed=0
failed=0
# The IGT harness's own checks run on the host: exit codes, output lines, subtest selection.
if "$top/igt-tests/lib/tests/run-selftests.sh" > "$out/igt-lib.result" 2>&1; then
	echo "ok      igt-lib: $(tail -1 "$out/igt-lib.result")"
	passed=$((passed + 1))
else
	echo "NOT OK  igt-lib:"
	sed 's/^/        /' "$out/igt-lib.result"
	failed=$((failed + 1))
fi

# The console interleaves the kernel's lines with a program's: a kernel message that lands
# after half a program line still counts, a WARN as much as a benchmark result, and one
# that lands right after init's tag leaves the tag readable.
mkdir -p "$out/interleaved"
cat > "$out/interleaved/console.log" <<'LOG'
@@XEVM booted 1.35[    1.435951] input: ImExPS/2 Generic Explorer Mouse as /devices/input2
@@XEVM begin bench xe_exec_bench
empty-exec throu[   17.526174] BENCH empty-exec throughput-16q 46607 execs/s
Subtest throughp[   17.527115] WARNING: CPU: 0 PID: 1 at vf/xevf_exec.c:1 xevf_exec+0x1/0x2
@@XEVM end bench xe_exec_bench 0
@@XEVM done
LOG
rc=0
"$top/scripts/collect.py" --kunit /dev/null --bench "$out/interleaved/console.log" \
	> "$out/interleaved/result" 2>&1 || rc=$?
if [ $rc = 1 ] && grep -q '^==== kernel warning at console line 4 ====$' "$out/interleaved/result" &&
   ! grep -q 'did not reach /init' "$out/interleaved/result" &&
   grep -Eq '^xe_exec_bench:empty-exec +throughput-16q +46607 +execs/s$' "$out/interleaved/result"; then
	echo "ok      interleaved: exit $rc, $(tail -1 "$out/interleaved/result")"
	passed=$((passed + 1))
else
	echo "NOT OK  interleaved: exit $rc (want 1, a warning and a result) in:"
	sed 's/^/        /' "$out/interleaved/result"
	failed=$((failed + 1))
fi

# scenario NAME EXPECTED_STATUS EXPECTED_REGEX PLAN_LINE...
# Only the scenarios named clean and kmemleak pay for the leak scan at the end.
scenario() {
	local name=$1 want_rc=$2 want=$3 args=() cargs=()
	shift 3
	case $name in
	clean|kmemleak) cargs+=(--require-kmemleak) ;;
	*) args+=(xevm.kmemleak=0) ;;
	esac
	local dir=$out/$name rc=0 bins=() line
	mkdir -p "$dir"
	printf '%s\n' "$@" > "$dir/plan"
	for line in "$@"; do
		case $line in igt\ *) read -r _ b _ <<< "$line"; bins+=("$sbin/$b") ;; esac
	done
	"$top/scripts/mkinitramfs.sh" "$kdir" "$dir/plan" "$dir/initramfs.cpio" "${bins[@]}"
	"$top/scripts/vm-run.sh" "$kdir" "$dir/initramfs.cpio" "$dir/console.log" 300 \
		"${args[@]}" 2>/dev/null || true
	"$top/scripts/collect.py" --kunit "$src/tools/testing/kunit/kunit.py" "${cargs[@]}" \
		"$dir/console.log" > "$dir/result" 2>&1 || rc=$?
	if [ "$rc" = "$want_rc" ] && grep -Eq "$want" "$dir/result"; then
		echo "ok      $name: exit $rc, $(tail -1 "$dir/result")"
		passed=$((passed + 1))
	else
		echo "NOT OK  $name: exit $rc (want $want_rc), no line matching /$want/ in:"
		sed 's/^/        /' "$dir/result"
		failed=$((failed + 1))
	fi
}

scenario clean 0 '^4 passed, 0 failed$' \
	"kunit xevm_harness_selftest" "igt igt_selftest_pass"
scenario kunit-failure 1 '^FAIL  kunit:xevm_harness_selftest:xevm_harness_selftest.harness_may_fail$' \
	"kunit xevm_harness_selftest kunit_fail=1"
scenario igt-failure 1 '^FAIL  igt:igt_selftest_fail:' \
	"igt igt_selftest_fail"
scenario igt-skip 0 '^[0-9]+ passed, 0 failed, [1-9][0-9]* skipped$' \
	"igt igt_selftest_skip"
scenario warn-on 1 '^==== kernel warning at console line' \
	"kunit xevm_harness_selftest warn=1"
scenario kasan-use-after-free 1 '^==== KASAN report at console line' \
	"kunit xevm_harness_selftest kasan_uaf=1"
scenario kmemleak 1 '^==== kmemleak report' \
	"kunit xevm_harness_selftest leak=1"

echo
echo "harness: $passed passed, $failed failed"
[ $failed = 0 ]
