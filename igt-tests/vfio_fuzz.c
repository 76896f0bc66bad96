// SPDX-License-Identifier: MIT
/*
 * The migration stream fuzzer (tools/xevfio-fuzz) for a few hundred cases:
 * mutated streams loaded into a VF through the VFIO uAPI are refused, never
 * accepted malformed, and leave the VF able to load the real stream and run
 * work; no kernel report.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "igt.h"
#include "igt_xesim.h"

IGT_TEST_DESCRIPTION("Fuzz the VF migration stream through the VFIO uAPI");

/* the cases of the short run, with a fixed seed: the same cases every time */
#define SHORT_SEED	1
#define SHORT_CASES	320

/* a program that sits beside this test (the VM's bin directory) */
static void beside(char *path, size_t len, const char *name)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	igt_assert_lt(0, (int)n);
	self[n] = '\0';
	slash = strrchr(self, '/');
	igt_assert(slash);
	*slash = '\0';
	igt_assert_lt(snprintf(path, len, "%s/%s", self, name), (int)len);
}

static void run_fuzzer(unsigned long long seed, unsigned long cases)
{
	char fuzz[PATH_MAX + 32], work[PATH_MAX + 32], cmd[2 * PATH_MAX];
	char line[1024];
	FILE *p;
	int st;

	beside(fuzz, sizeof(fuzz), "xevfio-fuzz");
	beside(work, sizeof(work), "xe_exec_store");
	igt_require_f(!access(fuzz, X_OK), "no %s\n", fuzz);
	igt_require_f(!access(work, X_OK), "no %s\n", work);
	/* its work is the store-dword test beside it too */
	snprintf(cmd, sizeof(cmd), "%s --seed %llu -n %lu 2>&1", fuzz, seed, cases);
	igt_info("$ %s\n", cmd);
	p = popen(cmd, "r");
	igt_assert_f(p, "popen %s: %s\n", cmd, strerror(errno));
	while (fgets(line, sizeof(line), p))
		igt_info("%s", line);
	st = pclose(p);
	igt_assert_f(WIFEXITED(st), "the fuzzer ended with status %#x\n", st);
	igt_assert_f(WEXITSTATUS(st) != 2, "the fuzzer's setup failed\n");
	igt_assert_f(WEXITSTATUS(st) == 0,
		     "the fuzzer found a malformed stream accepted, a well-formed one refused, a kernel report or a failed sanity load (exit %d)\n",
		     WEXITSTATUS(st));
}

igt_main
{
	igt_fixture {
		igt_require_xesim();
		igt_require_xesim_driver("xepf");
		igt_require_xesim_driver("xevfio");
		igt_require_xesim_driver("xevf");
	}

	igt_describe("Some hundred mutated streams: each malformed one refused, sanity loads work");
	igt_subtest("short")
		run_fuzzer(SHORT_SEED, SHORT_CASES);
}
