/* SPDX-License-Identifier: MIT */
/*
 * Core of a small test harness that is source-compatible with IGT (igt-gpu-tools).
 *
 * Upstream IGT is not available where this project is built, so the tests carry this harness
 * instead. Every macro and function below keeps the name and the semantics of its IGT
 * counterpart, so that a test written against it compiles unchanged against real IGT.
 *
 * The control-flow blocks (igt_fixture, igt_subtest, ...) are for loops that run their body
 * at most once. Leaving a subtest early (igt_skip(), igt_fail(), a failed igt_assert()) is a
 * siglongjmp() back into the loop condition of the block being run, which then ends the loop.
 * As with IGT, local variables of the test's main block that are changed inside a block and
 * read after a jump out of it have unspecified values; keep such state in static variables.
 */
#ifndef IGT_CORE_H
#define IGT_CORE_H

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/*
 * Userspace has no <linux/compiler_attributes.h>: give the attributes the kernel's names so
 * that this code reads (and is checked) like kernel code. IGT defines __noreturn too.
 */
#ifndef __printf
#define __printf(a, b) __attribute((format(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn __attribute((noreturn))
#endif
#ifndef __weak
#define __weak __attribute((weak))
#endif

/* Messages logged by a test carry no domain; library files define their own before this. */
#ifndef IGT_LOG_DOMAIN
#define IGT_LOG_DOMAIN (NULL)
#endif

/* Exit status of a test binary, as igt_runner and piglit interpret them. */
#define IGT_EXIT_SUCCESS 0
#define IGT_EXIT_SKIP 77
#define IGT_EXIT_INVALID 79
#define IGT_EXIT_FAILURE 98

/* Token pasting helpers for the block macros: names made unique by the source line. */
#define __igt_tokencat2(x, y) x ## y
#define igt_tokencat(x, y) __igt_tokencat2(x, y)
#define igt_unique(prefix) igt_tokencat(igt_tokencat(__igt_unique__, prefix), __LINE__)

/*
 * IGT_TEST_DESCRIPTION() - one sentence about the whole binary, printed by --help-description
 * and --describe. It is optional, hence the weak reference from the library.
 */
extern const char *__igt_test_description __weak;
#define IGT_TEST_DESCRIPTION(str) const char *__igt_test_description = str

/* Where a subtest or fixture returns to when it ends early (igt_skip(), igt_fail()). */
extern sigjmp_buf igt_subtest_jmpbuf;

void __igt_subtest_init(int argc, char **argv);
bool __igt_fixture(void);
void __igt_fixture_complete(void);
__noreturn void __igt_fixture_end(void);
bool __igt_run_subtest(const char *name, const char *file, int line);
void __igt_subtest_group_enter(void);
bool __igt_subtest_group_next(void);

/* igt_subtest_init() - for a hand-written main(); igt_main is the usual way. */
#define igt_subtest_init(argc, argv) __igt_subtest_init(argc, argv)

/*
 * igt_main - the test's main() with subtests: parses the command line, runs the block and
 * exits with the overall result (igt_exit()).
 */
#define igt_main \
	static void igt_unique(__real_main)(void); \
	int main(int argc, char **argv) \
	{ \
		__igt_subtest_init(argc, argv); \
		igt_unique(__real_main)(); \
		igt_exit(); \
	} \
	static void igt_unique(__real_main)(void)

/*
 * igt_fixture - setup or teardown shared by the subtests that follow it. Never run when only
 * listing subtests (so that listing needs no device), nor once an earlier fixture of the same
 * group skipped or failed. A skip in a fixture skips, and a failure fails, every following
 * subtest of the enclosing igt_subtest_group (or of the whole test).
 *
 * The loop keeps its state in the library rather than in a local variable: with a sigsetjmp()
 * in the function, gcc cannot tell that such a variable is always initialised.
 */
#define igt_fixture \
	for (; __igt_fixture() && sigsetjmp(igt_subtest_jmpbuf, 1) == 0; __igt_fixture_complete())

/*
 * igt_subtest() - a subtest named @name ([A-Za-z0-9_-]). The body runs only when the subtest
 * is selected; reaching its end is a success. igt_subtest_f() takes a printf format instead.
 */
#define igt_subtest(name) \
	for (; __igt_run_subtest((name), __FILE__, __LINE__) && \
	       sigsetjmp(igt_subtest_jmpbuf, 1) == 0; \
	     igt_success())

#define igt_subtest_f(...) \
	for (char igt_unique(__subtest_name)[256]; \
	     snprintf(igt_unique(__subtest_name), sizeof(igt_unique(__subtest_name)), \
		      __VA_ARGS__), \
	     __igt_run_subtest(igt_unique(__subtest_name), __FILE__, __LINE__) && \
	     sigsetjmp(igt_subtest_jmpbuf, 1) == 0; \
	     igt_success())

/*
 * igt_subtest_group - scopes fixtures: a skip or failure in a fixture inside the group affects
 * only the subtests of the group. Groups nest; their state is a stack in the library.
 */
#define igt_subtest_group \
	for (__igt_subtest_group_enter(); __igt_subtest_group_next(); )

/* igt_describe() - documents the next igt_subtest or igt_subtest_group (see --describe). */
__printf(1, 2) void igt_describe_f(const char *fmt, ...);
#define igt_describe(dsc) igt_describe_f("%s", dsc)

const char *igt_test_name(void);
const char *igt_subtest_name(void);
bool igt_only_list_subtests(void);

/* Results: each ends the current subtest (or, in a fixture, decides the following ones). */
__noreturn __printf(1, 2) void igt_skip(const char *f, ...);
__noreturn __printf(5, 6) void __igt_skip_check(const char *file, int line, const char *func,
						 const char *check, const char *f, ...);
void igt_success(void);
__noreturn void igt_fail(int exitcode);
__noreturn __printf(6, 7) void __igt_fail_assert(const char *domain, const char *file, int line,
						  const char *func, const char *assertion,
						  const char *f, ...);
__noreturn void igt_exit(void);

#define igt_skip_check(E, ...) __igt_skip_check(__FILE__, __LINE__, __func__, E, __VA_ARGS__)

/* igt_assert() - fails the (sub)test when @expr is false, naming the expression. */
#define igt_assert(expr) \
	do { \
		if (!(expr)) \
			__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__, __func__, #expr, \
					  NULL); \
	} while (0)

#define igt_assert_f(expr, ...) \
	do { \
		if (!(expr)) \
			__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__, __func__, #expr, \
					  __VA_ARGS__); \
	} while (0)

#define igt_fail_on(expr) igt_assert(!(expr))
#define igt_fail_on_f(expr, ...) igt_assert_f(!(expr), __VA_ARGS__)

/*
 * Comparisons that print both values on failure. Each operand is evaluated once, converted to
 * @type; @ncmp is the negation of @cmp, used to word the error line ("error: 1 != 2").
 */
#define __igt_assert_cmp(type, n1, cmp, n2, errfmt) \
	do { \
		type __n1 = (n1), __n2 = (n2); \
		if (!(__n1 cmp __n2)) \
			__igt_fail_assert(IGT_LOG_DOMAIN, __FILE__, __LINE__, __func__, \
					  #n1 " " #cmp " " #n2, errfmt, __n1, __n2); \
	} while (0)

#define igt_assert_cmpint(n1, cmp, ncmp, n2) \
	__igt_assert_cmp(int, n1, cmp, n2, "error: %d " #ncmp " %d\n")
#define igt_assert_cmpuint(n1, cmp, ncmp, n2) \
	__igt_assert_cmp(unsigned int, n1, cmp, n2, "error: %#x " #ncmp " %#x\n")
#define igt_assert_cmps64(n1, cmp, ncmp, n2) \
	__igt_assert_cmp(long long, n1, cmp, n2, "error: %lld " #ncmp " %lld\n")
#define igt_assert_cmpu64(n1, cmp, ncmp, n2) \
	__igt_assert_cmp(unsigned long long, n1, cmp, n2, "error: %#llx " #ncmp " %#llx\n")

#define igt_assert_eq(n1, n2) igt_assert_cmpint(n1, ==, !=, n2)
#define igt_assert_neq(n1, n2) igt_assert_cmpint(n1, !=, ==, n2)
#define igt_assert_lt(n1, n2) igt_assert_cmpint(n1, <, >=, n2)
#define igt_assert_lte(n1, n2) igt_assert_cmpint(n1, <=, >, n2)
#define igt_assert_eq_u32(n1, n2) igt_assert_cmpuint(n1, ==, !=, n2)
#define igt_assert_neq_u32(n1, n2) igt_assert_cmpuint(n1, !=, ==, n2)
#define igt_assert_lt_u32(n1, n2) igt_assert_cmpuint(n1, <, >=, n2)
#define igt_assert_lte_u32(n1, n2) igt_assert_cmpuint(n1, <=, >, n2)
#define igt_assert_eq_s64(n1, n2) igt_assert_cmps64(n1, ==, !=, n2)
#define igt_assert_lt_s64(n1, n2) igt_assert_cmps64(n1, <, >=, n2)
#define igt_assert_lte_s64(n1, n2) igt_assert_cmps64(n1, <=, >, n2)
#define igt_assert_eq_u64(n1, n2) igt_assert_cmpu64(n1, ==, !=, n2)
#define igt_assert_neq_u64(n1, n2) igt_assert_cmpu64(n1, !=, ==, n2)
#define igt_assert_lt_u64(n1, n2) igt_assert_cmpu64(n1, <, >=, n2)
#define igt_assert_lte_u64(n1, n2) igt_assert_cmpu64(n1, <=, >, n2)

#define igt_assert_fd(fd) igt_assert_f((fd) >= 0, "file descriptor " #fd " failed\n")

/* igt_require() - skips the (sub)test when @expr is false; igt_skip_on() when it is true. */
#define igt_require(expr) \
	do { \
		if (!(expr)) \
			igt_skip_check(#expr, NULL); \
		else \
			igt_debug("Test requirement passed: %s\n", #expr); \
	} while (0)

#define igt_require_f(expr, ...) \
	do { \
		if (!(expr)) \
			igt_skip_check(#expr, __VA_ARGS__); \
		else \
			igt_debug("Test requirement passed: %s\n", #expr); \
	} while (0)

#define igt_skip_on(expr) \
	do { \
		if ((expr)) \
			igt_skip_check("!(" #expr ")", NULL); \
		else \
			igt_debug("Test requirement passed: !(%s)\n", #expr); \
	} while (0)

#define igt_skip_on_f(expr, ...) \
	do { \
		if ((expr)) \
			igt_skip_check("!(" #expr ")", __VA_ARGS__); \
		else \
			igt_debug("Test requirement passed: !(%s)\n", #expr); \
	} while (0)

#define igt_require_fd(fd) igt_require_f((fd) >= 0, "file descriptor " #fd " failed\n")

/*
 * Logging. DEBUG is printed only with --debug (or IGT_LOG_LEVEL=debug); INFO goes to stdout
 * as is; WARNING and CRITICAL go to stderr. Every level but INFO is prefixed with
 * "(test:pid) [domain-]LEVEL: ".
 */
enum igt_log_level {
	IGT_LOG_DEBUG,
	IGT_LOG_INFO,
	IGT_LOG_WARN,
	IGT_LOG_CRITICAL,
	IGT_LOG_NONE,
};

extern enum igt_log_level igt_log_level;

__printf(3, 4) void igt_log(const char *domain, enum igt_log_level level, const char *format,
			    ...);
__printf(3, 0) void igt_vlog(const char *domain, enum igt_log_level level, const char *format,
			     va_list args);

#define igt_debug(...) igt_log(IGT_LOG_DOMAIN, IGT_LOG_DEBUG, __VA_ARGS__)
#define igt_info(...) igt_log(IGT_LOG_DOMAIN, IGT_LOG_INFO, __VA_ARGS__)
#define igt_warn(...) igt_log(IGT_LOG_DOMAIN, IGT_LOG_WARN, __VA_ARGS__)
#define igt_critical(...) igt_log(IGT_LOG_DOMAIN, IGT_LOG_CRITICAL, __VA_ARGS__)

/* igt_warn_on() - warns when @condition is true; evaluates to @condition. */
#define igt_warn_on(condition) ({ \
	typeof(condition) __ret = (condition); \
	if (__ret) \
		igt_warn("Warning on condition %s in function %s, file %s:%i\n", \
			 #condition, __func__, __FILE__, __LINE__); \
	__ret; \
})

#endif /* IGT_CORE_H */
