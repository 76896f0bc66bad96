// SPDX-License-Identifier: MIT
/*
 * Harness self-test: failures. A failed assertion fails its subtest only (the next subtests
 * still run); a failure in a fixture fails the following subtests of its group, and only
 * those. run-selftests.sh checks the exit status (98) and the failure report.
 */
#include "igt.h"

IGT_TEST_DESCRIPTION("Harness self-test: failing subtests.");

static int answer(void)
{
	return 41;
}

/* Fails from a helper, so that the report names a function of the test's own. */
static void check_answer(void)
{
	igt_assert_eq(answer(), 42);
}

igt_main
{
	igt_subtest("pass")
		igt_assert_eq(1 + 1, 2);

	igt_subtest("fail-eq") {
		igt_debug("selftest-debug-marker before the failing assertion\n");
		check_answer();
		igt_info("selftest: not reached\n");
	}

	igt_subtest_group {
		igt_fixture {
			igt_assert_f(answer() == 42, "setup failed\n");
		}

		igt_subtest("fixture-failed")
			igt_info("selftest: not reached\n");
	}

	igt_subtest("pass-after-group")
		igt_assert_lt(answer(), 42);
}
