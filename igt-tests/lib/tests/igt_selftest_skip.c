// SPDX-License-Identifier: MIT
/*
 * Harness self-test: skips. igt_require() skips its subtest; in a fixture it skips the
 * following subtests of its group, which then do not start at all; a subtest after the group
 * runs again. Nothing passes, so the test as a whole is a skip: run-selftests.sh checks the
 * exit status (77) and the skip reports.
 */
#include "igt.h"

IGT_TEST_DESCRIPTION("Harness self-test: skipped subtests.");

static bool feature_present(void)
{
	return false;
}

igt_main
{
	igt_subtest("require-skip") {
		igt_require(feature_present());
		igt_info("selftest: not reached\n");
	}

	igt_subtest_group {
		igt_fixture {
			igt_require_f(feature_present(), "selftest: no such feature\n");
		}

		igt_subtest("fixture-skip-a")
			igt_info("selftest: not reached\n");

		igt_subtest("fixture-skip-b")
			igt_info("selftest: not reached\n");
	}

	igt_subtest("skip-on-after-group") {
		igt_skip_on_f(!feature_present(), "selftest: skipped after the group\n");
		igt_info("selftest: not reached\n");
	}
}
