// SPDX-License-Identifier: MIT
/*
 * Harness self-test: two subtests that pass, set up by a fixture. run-selftests.sh checks the
 * exit status (0), the result lines, the listing (which must not run the fixture) and the
 * selection of subtests with --run-subtest.
 */
#include <fcntl.h>

#include "igt.h"

IGT_TEST_DESCRIPTION("Harness self-test: every subtest passes.");

static int fixture_value;

igt_main
{
	igt_fixture {
		fixture_value = 42;
		igt_debug("selftest-debug-marker from the fixture\n");
	}

	igt_describe("Plain assertions on a value set up by the fixture.");
	igt_subtest("basic") {
		igt_assert(fixture_value == 42);
		igt_assert_f(fixture_value > 0, "fixture_value is %d\n", fixture_value);
		igt_info("basic: fixture_value is %d\n", fixture_value);
	}

	igt_subtest_group {
		igt_subtest_f("assert-variants-%d", 2) {
			int fd = open("/dev/null", O_RDONLY);

			igt_assert_fd(fd);
			igt_require(fd >= 0);
			igt_skip_on(fd < 0);
			igt_assert_eq(fixture_value, 42);
			igt_assert_neq(fixture_value, 0);
			igt_assert_lt(0, fixture_value);
			igt_assert_lte(42, fixture_value);
			igt_assert_eq_u32(0xffffffffu, ~0u);
			igt_assert_eq_u64(1ull << 40, 0x10000000000ull);
			igt_assert(!igt_warn_on(false));
			igt_assert(!strcmp(igt_subtest_name(), "assert-variants-2"));
			close(fd);
		}
	}
}
