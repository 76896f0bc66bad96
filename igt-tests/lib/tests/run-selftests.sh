#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Host-side checks of the IGT-compatible harness: builds its self-test programs
# (make -C igt-tests selftest), runs them and checks their exit status, their result lines,
# the listing and selection of subtests and the failure and skip reports. Prints one line per
# check and then "N passed, N failed"; exits non-zero if any check failed. Needs no GPU.
set -u

igt=$(cd "$(dirname "$0")/../.." && pwd)
bin=$igt/build/selftest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

if ! make -s -C "$igt" selftest > "$tmp/build" 2>&1; then
	cat "$tmp/build"
	echo "FAIL: build the self-tests"
	echo "0 passed, 1 failed"
	exit 1
fi

# run PROGRAM ARG...: run a self-test; its stdout and stderr go to files, its status to $rc.
run() {
	local prog=$1

	shift
	"$bin/$prog" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	what="$prog${*:+ $*}"
}

# check DESCRIPTION COMMAND...: one line for the check; on failure also the run's output.
check() {
	local desc=$1

	shift
	if "$@"; then
		echo "PASS: $what: $desc"
		passed=$((passed + 1))
	else
		echo "FAIL: $what: $desc (exit status $rc)"
		sed 's/^/    stdout: /' "$tmp/out"
		sed 's/^/    stderr: /' "$tmp/err"
		failed=$((failed + 1))
	fi
}

status() { [ "$rc" = "$1" ]; }
stdout_has() { grep -Eq -- "$1" "$tmp/out"; }
stdout_lacks() { ! grep -Eq -- "$1" "$tmp/out"; }
stderr_has() { grep -Eq -- "$1" "$tmp/err"; }
stderr_empty() { [ ! -s "$tmp/err" ]; }
first_line_is_banner() { head -n 1 "$tmp/out" | grep -Eq '^IGT-Version: .+ \(.+\) \(.+\)$'; }

# stdout_is LINE...: stdout is exactly these lines.
stdout_is() { [ "$(cat "$tmp/out")" = "$(printf '%s\n' "$@")" ]; }

# results NAME:RESULT...: the "Subtest NAME: RESULT (S.SSSs)" lines are exactly these, in order.
results() {
	local got

	got=$(sed -nE 's/^Subtest ([^ ]+): ([A-Z]+) \([0-9]+\.[0-9]{3}s\)$/\1:\2/p' "$tmp/out")
	[ "$(grep -c '^Subtest ' "$tmp/out")" = "$#" ] && [ "$got" = "$(printf '%s\n' "$@")" ]
}

# igt_selftest_pass: two subtests that pass.
run igt_selftest_pass
check "exits 0 (IGT_EXIT_SUCCESS)" status 0
check "prints the IGT-Version banner first" first_line_is_banner
check "announces each subtest" stdout_has '^Starting subtest: assert-variants-2$'
check "reports both subtests as SUCCESS" results basic:SUCCESS assert-variants-2:SUCCESS
check "prints igt_info() as is" stdout_has '^basic: fixture_value is 42$'
check "hides igt_debug() without --debug" stdout_lacks 'selftest-debug-marker'
check "writes nothing to stderr" stderr_empty

run igt_selftest_pass --debug
check "shows igt_debug() with its prefix" \
	stdout_has '^\(igt_selftest_pass:[0-9]+\) DEBUG: selftest-debug-marker from the fixture$'

run igt_selftest_pass --list-subtests
check "exits 0" status 0
check "prints the subtest names only" stdout_is basic assert-variants-2

run igt_selftest_pass --run-subtest 'assert-*'
check "exits 0" status 0
check "runs only the matching subtest" results assert-variants-2:SUCCESS
check "does not start the others" stdout_lacks '^Starting subtest: basic$'

run igt_selftest_pass --run-subtest 'basic,assert-*'
check "runs every subtest of a list" results basic:SUCCESS assert-variants-2:SUCCESS

run igt_selftest_pass --run-subtest '*,!basic'
check "leaves out a negated pattern" results assert-variants-2:SUCCESS

run igt_selftest_pass --run-subtest no-such-subtest
check "exits 79 (IGT_EXIT_INVALID)" status 79
check "says that no subtest matched" stderr_has 'CRITICAL: Unknown subtest: no-such-subtest$'
check "runs nothing" results

run igt_selftest_pass --describe
check "exits 0" status 0
check "locates each subtest" stdout_has '^SUB basic .*igt_selftest_pass\.c:[0-9]+:$'
check "prints igt_describe() text" \
	stdout_has '^  Plain assertions on a value set up by the fixture\.$'

run igt_selftest_pass --help
check "exits 0" status 0
check "prints the usage" stdout_has '^Usage: igt_selftest_pass \[OPTIONS\]$'

run igt_selftest_pass --no-such-option
check "exits 79 (IGT_EXIT_INVALID)" status 79

# igt_selftest_fail: a failed assertion, a failed fixture, and passing subtests around them.
run igt_selftest_fail
check "exits 98 (IGT_EXIT_FAILURE)" status 98
check "fails only the failing subtests and continues after them" \
	results pass:SUCCESS fail-eq:FAIL fixture-failed:FAIL pass-after-group:SUCCESS
where='Test assertion failure function check_answer, file .*igt_selftest_fail\.c:[0-9]+:$'
check "names the function, file and line of the failed assertion" \
	stderr_has "^\\(igt_selftest_fail:[0-9]+\\) CRITICAL: $where"
check "names the failed expression" stderr_has 'CRITICAL: Failed assertion: answer\(\) == 42$'
check "prints both values of igt_assert_eq()" stderr_has 'CRITICAL: error: 41 != 42$'
check "stops the subtest at the failed assertion" stdout_lacks 'not reached'
check "dumps the subtest's log, debug lines included" \
	stderr_has 'DEBUG: selftest-debug-marker before the failing assertion$'
check "reports the fixture's failure" stderr_has 'CRITICAL: setup failed$'
check "does not start subtests after a failed fixture" \
	stdout_lacks '^Starting subtest: fixture-failed$'

run igt_selftest_fail --list-subtests
check "exits 0" status 0
check "prints the subtest names only" stdout_is pass fail-eq fixture-failed pass-after-group
check "runs no fixture (the failing one would report)" stderr_empty

run igt_selftest_fail --run-subtest fail-eq
check "exits 98" status 98
check "runs only the selected subtest" results fail-eq:FAIL

# igt_selftest_skip: a subtest and a fixture that skip, and nothing that passes.
run igt_selftest_skip
check "exits 77 (IGT_EXIT_SKIP)" status 77
check "reports every subtest as SKIP" \
	results require-skip:SKIP fixture-skip-a:SKIP fixture-skip-b:SKIP skip-on-after-group:SKIP
check "gives the place of the unmet requirement" \
	stdout_has '^Test requirement not met in function .+, file .*igt_selftest_skip\.c:[0-9]+:$'
check "names the unmet requirement" stdout_has '^Test requirement: feature_present\(\)$'
check "prints igt_require_f() text" stdout_has '^selftest: no such feature$'
check "names igt_skip_on() conditions negated" \
	stdout_has '^Test requirement: !\(!feature_present\(\)\)$'
check "stops the subtest at the skip" stdout_lacks 'not reached'
check "does not start subtests after a skipped fixture" \
	stdout_lacks '^Starting subtest: fixture-skip-'
check "ends the fixture's effect with its group" \
	stdout_has '^Starting subtest: skip-on-after-group$'

run igt_selftest_skip --list-subtests
check "exits 0" status 0
check "prints every subtest name" \
	stdout_is require-skip fixture-skip-a fixture-skip-b skip-on-after-group

run igt_selftest_skip --run-subtest 'fixture-*'
check "exits 77" status 77
check "runs only the matching subtests" results fixture-skip-a:SKIP fixture-skip-b:SKIP

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
