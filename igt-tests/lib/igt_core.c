// SPDX-License-Identifier: MIT
/*
 * Core of the IGT-compatible test harness: command line, subtest selection and enumeration,
 * results, exit status and logging. See igt_core.h for the test-facing side.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define IGT_LOG_DOMAIN "igt_core"

#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <sys/utsname.h>
#include <time.h>

#include "igt_core.h"

#define IGT_VERSION "1.0-lite"

#if defined(__x86_64__)
#define IGT_TARGET_CPU "x86_64"
#elif defined(__aarch64__)
#define IGT_TARGET_CPU "aarch64"
#elif defined(__i386__)
#define IGT_TARGET_CPU "x86"
#else
#define IGT_TARGET_CPU "unknown"
#endif

sigjmp_buf igt_subtest_jmpbuf;
enum igt_log_level igt_log_level = IGT_LOG_INFO;

/* The command line. */
static const char *command_str = "igt";
static bool list_subtests;
static bool describe_subtests;
static char *run_pattern;
static bool run_pattern_matched;
static char *log_domain_filter;

/* Where the test is. in_subtest names the running subtest, NULL outside of one. */
static const char *in_subtest;
static bool in_fixture;
static struct timespec subtest_start;

/* What a fixture's skip or failure decided for the rest of its group. */
enum { CONTINUE = 0, SKIP_REST, FAIL_REST };
static int skip_subtests_henceforth;

/* The overall result, from which igt_exit() computes the exit status. */
static bool skipped_one, succeeded_one, failed_one;
static int igt_exitcode = IGT_EXIT_SUCCESS;

/* The pending igt_describe() text, for --describe. */
static char current_description[512];

/*
 * The igt_subtest_groups being run, innermost last: what to restore when each ends, and its
 * description (for --describe, NULL if none).
 */
#define MAX_GROUP_DEPTH 16
static struct {
	int saved_skip;
	char *description;
	bool entered;
} groups[MAX_GROUP_DEPTH];
static int group_depth;

/* igt_fixture's loop: set once the body has run, so that the loop ends. */
static bool fixture_done;

/*
 * Every log line, debug ones included, also goes to a ring that is reset when a subtest
 * starts: on a failure it is dumped to stderr, so that a failing run in the VM shows its debug
 * context without having been run with --debug.
 */
#define LOG_RING_SIZE 256
static char *log_ring[LOG_RING_SIZE];
static unsigned int log_ring_next, log_ring_count;

/* Misuse of the block macros is a bug in the test, not a test result: stop right there. */
__printf(1, 2) static __noreturn void internal_error(const char *fmt, ...)
{
	va_list args;

	fflush(stdout);
	fprintf(stderr, "%s: igt_core internal error: ", command_str);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	abort();
}

/*
 * Records @fmt in the kernel log, so that dmesg shows which subtest ran when the driver
 * complained. Best effort: without the rights to write /dev/kmsg there is nothing to do. errno
 * is kept, as a failure report prints it.
 */
__printf(1, 2) static void kmsg(const char *fmt, ...)
{
	int saved_errno = errno;
	char buf[512];
	va_list args;
	int len, fd;

	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		len = snprintf(buf, sizeof(buf), "<6>[IGT] ");
		va_start(args, fmt);
		vsnprintf(buf + len, sizeof(buf) - len, fmt, args);
		va_end(args);
		if (write(fd, buf, strlen(buf)) < 0)
			igt_debug("Cannot write to /dev/kmsg: %m\n");
		close(fd);
	}
	errno = saved_errno;
}

static double time_since(const struct timespec *then)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - then->tv_sec) + (now.tv_nsec - then->tv_nsec) / 1e9;
}

static void log_ring_reset(void)
{
	unsigned int i;

	for (i = 0; i < LOG_RING_SIZE; i++) {
		free(log_ring[i]);
		log_ring[i] = NULL;
	}
	log_ring_next = 0;
	log_ring_count = 0;
}

/* Takes ownership of @line. */
static void log_ring_add(char *line)
{
	free(log_ring[log_ring_next]);
	log_ring[log_ring_next] = line;
	log_ring_next = (log_ring_next + 1) % LOG_RING_SIZE;
	if (log_ring_count < LOG_RING_SIZE)
		log_ring_count++;
}

static void log_ring_dump(void)
{
	unsigned int first = (log_ring_next + LOG_RING_SIZE - log_ring_count) % LOG_RING_SIZE;
	unsigned int i;

	fflush(stdout);
	if (in_subtest)
		fprintf(stderr, "Subtest %s failed.\n", in_subtest);
	else
		fprintf(stderr, "Test %s failed.\n", command_str);

	if (!log_ring_count) {
		fprintf(stderr, "No log.\n");
		return;
	}
	fprintf(stderr, "**** DEBUG ****\n");
	for (i = 0; i < log_ring_count; i++)
		fputs(log_ring[(first + i) % LOG_RING_SIZE], stderr);
	fprintf(stderr, "****  END  ****\n");
	log_ring_reset();
}

/**
 * igt_vlog() - log a message
 * @domain: the library part logging it, NULL for the test itself
 * @level: severity; below igt_log_level the message is only kept for the failure dump
 * @format: printf format
 * @args: its arguments
 *
 * A message not ending in a newline is continued by the next one, which gets no prefix.
 */
void igt_vlog(const char *domain, enum igt_log_level level, const char *format, va_list args)
{
	static const char * const level_str[] = { "DEBUG", "INFO", "WARNING", "CRITICAL" };
	static bool continuation;
	char *line, *formatted;
	size_t len;

	/* A listing must print the subtest names and nothing else on stdout. */
	if (list_subtests && level <= IGT_LOG_WARN)
		return;
	if (level >= IGT_LOG_NONE || vasprintf(&line, format, args) < 0)
		return;

	if (continuation)
		formatted = strdup(line);
	else if (asprintf(&formatted, "(%s:%d) %s%s%s: %s", command_str, getpid(),
			  domain ? domain : "", domain ? "-" : "", level_str[level], line) < 0)
		formatted = NULL;
	if (!formatted) {
		free(line);
		return;
	}
	len = strlen(line);
	continuation = len && line[len - 1] != '\n';
	log_ring_add(formatted);

	if (level < igt_log_level)
		goto out;
	/* --debug=DOMAIN: only that domain; "application" stands for the test itself. */
	if (log_domain_filter &&
	    strcmp(log_domain_filter, domain ? domain : "application") != 0)
		goto out;

	if (level >= IGT_LOG_WARN) {
		fflush(stdout);
		fputs(formatted, stderr);
	} else {
		fputs(level == IGT_LOG_INFO ? line : formatted, stdout);
	}
out:
	free(line);
}

/**
 * igt_log() - log a message
 * @domain: the library part logging it, NULL for the test itself
 * @level: severity
 * @format: printf format, followed by its arguments
 *
 * See igt_vlog().
 */
void igt_log(const char *domain, enum igt_log_level level, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	igt_vlog(domain, level, format, args);
	va_end(args);
}

static void print_version(void)
{
	struct utsname uts;

	if (uname(&uts))
		memset(&uts, 0, sizeof(uts));
	igt_info("IGT-Version: %s (%s) (%s: %s %s)\n", IGT_VERSION, IGT_TARGET_CPU,
		 uts.sysname, uts.release, uts.machine);
}

static void print_usage(FILE *f)
{
	fprintf(f, "Usage: %s [OPTIONS]\n", command_str);
	fprintf(f, "  --list-subtests\n");
	fprintf(f, "  --run-subtest <pattern>\n");
	fprintf(f, "  --describe[=<pattern>]\n");
	fprintf(f, "  --debug[=log-domain]\n");
	fprintf(f, "  --help-description\n");
	fprintf(f, "  --help|-h\n");
}

/* Prints @text indented by two spaces, on every line of it. */
static void print_indented(const char *text)
{
	fputs("  ", stdout);
	for (; *text; text++) {
		putchar(*text);
		if (*text == '\n' && text[1])
			fputs("  ", stdout);
	}
	fputs("\n\n", stdout);
}

/* Prints IGT_TEST_DESCRIPTION(), if the test has one, followed by @end. */
static void print_test_description(const char *end)
{
	if (&__igt_test_description && __igt_test_description)
		printf("%s\n%s", __igt_test_description, end);
}

static void print_subtest_description(const char *name, const char *file, int line)
{
	int i;
	bool documented = false;

	printf("SUB %s %s:%d:\n", name, file, line);
	for (i = 0; i < group_depth; i++) {
		if (groups[i].description) {
			print_indented(groups[i].description);
			documented = true;
		}
	}
	if (current_description[0]) {
		print_indented(current_description);
		documented = true;
	}
	if (!documented)
		printf("  NO DOCUMENTATION!\n\n");
}

static __noreturn void exit_subtest(const char *result);

/* Async-signal-safe: stdio may be what crashed. */
static void write_stderr(const char *msg)
{
	size_t len = strlen(msg);
	ssize_t ret;

	while (len) {
		ret = write(STDERR_FILENO, msg, len);
		if (ret <= 0)
			return;
		msg += ret;
		len -= ret;
	}
}

/* Catch crashes so that the crashing subtest is reported (CRASH) and the next ones still run. */
static void crash_handler(int sig)
{
	write_stderr(sig == SIGSEGV ? "Received signal SIGSEGV.\n" :
		     sig == SIGBUS ? "Received signal SIGBUS.\n" :
		     sig == SIGFPE ? "Received signal SIGFPE.\n" : "Received signal SIGILL.\n");

	if (!failed_one)
		igt_exitcode = 128 + sig;
	failed_one = true;

	/* siglongjmp() restores the signal mask of sigsetjmp(): @sig is unblocked again. */
	if (in_subtest && !in_fixture)
		exit_subtest("CRASH");

	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_crash_handlers(void)
{
	static const int signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, 0 };
	struct sigaction sa = { .sa_handler = crash_handler };
	unsigned int i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; signals[i]; i++)
		sigaction(signals[i], &sa, NULL);
}

/**
 * __igt_subtest_init() - parse the command line of a test with subtests
 * @argc: from main()
 * @argv: from main()
 *
 * Exits on --help (0), --help-description (0) and on an invalid option (IGT_EXIT_INVALID).
 */
void __igt_subtest_init(int argc, char **argv)
{
	enum {
		OPT_LIST_SUBTESTS = 500,
		OPT_RUN_SUBTEST,
		OPT_DESCRIBE,
		OPT_DEBUG,
		OPT_DESCRIPTION,
		OPT_HELP = 'h',
	};
	static const struct option long_options[] = {
		{ "list-subtests", no_argument, NULL, OPT_LIST_SUBTESTS },
		{ "run-subtest", required_argument, NULL, OPT_RUN_SUBTEST },
		{ "describe", optional_argument, NULL, OPT_DESCRIBE },
		{ "debug", optional_argument, NULL, OPT_DEBUG },
		{ "help-description", no_argument, NULL, OPT_DESCRIPTION },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *env;
	int c;

	command_str = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	/* Keep stdout and stderr in order on a shared console or pipe. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	env = getenv("IGT_LOG_LEVEL");
	if (env) {
		if (!strcmp(env, "debug"))
			igt_log_level = IGT_LOG_DEBUG;
		else if (!strcmp(env, "info"))
			igt_log_level = IGT_LOG_INFO;
		else if (!strcmp(env, "warn"))
			igt_log_level = IGT_LOG_WARN;
		else if (!strcmp(env, "critical"))
			igt_log_level = IGT_LOG_CRITICAL;
		else if (!strcmp(env, "none"))
			igt_log_level = IGT_LOG_NONE;
	}

	/* As in IGT, of --list-subtests and --run-subtest the first one given wins. */
	while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_LIST_SUBTESTS:
			if (!run_pattern)
				list_subtests = true;
			break;
		case OPT_RUN_SUBTEST:
			if (!list_subtests) {
				free(run_pattern);
				run_pattern = strdup(optarg);
			}
			break;
		case OPT_DESCRIBE:
			if (optarg) {
				free(run_pattern);
				run_pattern = strdup(optarg);
			}
			list_subtests = true;
			describe_subtests = true;
			break;
		case OPT_DEBUG:
			igt_log_level = IGT_LOG_DEBUG;
			if (optarg && *optarg)
				log_domain_filter = strdup(optarg);
			break;
		case OPT_DESCRIPTION:
			print_test_description("");
			exit(IGT_EXIT_SUCCESS);
		case OPT_HELP:
			print_usage(stdout);
			exit(IGT_EXIT_SUCCESS);
		default:
			print_usage(stderr);
			exit(IGT_EXIT_INVALID);
		}
	}

	if (describe_subtests)
		print_test_description("\n");
	if (!list_subtests) {
		kmsg("%s: executing\n", command_str);
		print_version();
	}
	install_crash_handlers();

	/* Nothing done so far concerns a "Last errno" report. */
	errno = 0;
}

/* Subtest names are kept to what igt_runner and the result formats accept. */
static bool valid_subtest_name(const char *name)
{
	for (; *name; name++)
		if (*name != '-' && *name != '_' && !(*name >= '0' && *name <= '9') &&
		    !(*name >= 'a' && *name <= 'z') && !(*name >= 'A' && *name <= 'Z'))
			return false;
	return true;
}

/*
 * --run-subtest takes a comma-separated list of shell wildcards, each negated by a leading
 * '!'; the last one that matches @name decides, so "*,!basic*" is everything but basic*.
 */
static bool subtest_selected(const char *name)
{
	char *patterns, *pattern, *save = NULL;
	bool selected = false;

	patterns = strdup(run_pattern);
	if (!patterns)
		internal_error("out of memory\n");
	for (pattern = strtok_r(patterns, ",", &save); pattern;
	     pattern = strtok_r(NULL, ",", &save)) {
		bool negate = pattern[0] == '!';

		if (fnmatch(pattern + negate, name, 0) == 0)
			selected = !negate;
	}
	free(patterns);
	return selected;
}

static void subtest_result_message(const char *name, const char *result, double seconds)
{
	/* Plain text always: the VM's console is a tty, and results are matched on "^Subtest". */
	printf("Subtest %s: %s (%.3fs)\n", name, result, seconds);
	fflush(stdout);
}

/**
 * __igt_fixture() - decide whether the body of an igt_fixture runs
 *
 * Return: true to run it; false when only listing, when an earlier fixture of the group
 * skipped or failed, and when the body has just run.
 */
bool __igt_fixture(void)
{
	if (fixture_done) {
		fixture_done = false;
		return false;
	}
	if (in_fixture)
		internal_error("nesting multiple igt_fixtures is invalid\n");
	if (in_subtest)
		internal_error("nesting igt_fixture in igt_subtest is invalid\n");

	if (list_subtests || skip_subtests_henceforth)
		return false;

	in_fixture = true;
	errno = 0;
	return true;
}

void __igt_fixture_complete(void)
{
	in_fixture = false;
	fixture_done = true;
}

void __igt_fixture_end(void)
{
	in_fixture = false;
	siglongjmp(igt_subtest_jmpbuf, 1);
}

/**
 * __igt_run_subtest() - decide whether the body of a subtest runs
 * @name: the subtest's name
 * @file: the source file defining it, for --describe
 * @line: the line defining it, for --describe
 *
 * Return: true when the subtest is selected and has started; false when it is filtered out,
 * listed or described instead of run, or its result was already decided by a fixture.
 */
bool __igt_run_subtest(const char *name, const char *file, int line)
{
	if (in_fixture || in_subtest)
		internal_error("igt_subtest can be nested only in igt_main or igt_subtest_group\n");
	if (!valid_subtest_name(name)) {
		igt_critical("Invalid subtest name \"%s\".\n", name);
		exit(IGT_EXIT_INVALID);
	}

	if (run_pattern) {
		if (!subtest_selected(name)) {
			current_description[0] = '\0';
			return false;
		}
		run_pattern_matched = true;
	}

	if (describe_subtests) {
		print_subtest_description(name, file, line);
		current_description[0] = '\0';
		return false;
	}
	if (list_subtests) {
		printf("%s\n", name);
		return false;
	}

	/* Decided by a fixture: report it, there is nothing to run. */
	if (skip_subtests_henceforth) {
		const char *result = skip_subtests_henceforth == SKIP_REST ? "SKIP" : "FAIL";

		subtest_result_message(name, result, 0.0);
		return false;
	}

	kmsg("%s: starting subtest %s\n", command_str, name);
	igt_info("Starting subtest: %s\n", name);
	log_ring_reset();
	clock_gettime(CLOCK_MONOTONIC, &subtest_start);
	in_subtest = name;
	/* A "Last errno" in a failure report is then the subtest's own, not a leftover. */
	errno = 0;
	return true;
}

/* Reports the running subtest's @result and jumps back to its igt_subtest block. */
static __noreturn void exit_subtest(const char *result)
{
	const char *name = in_subtest;

	subtest_result_message(name, result, time_since(&subtest_start));
	kmsg("%s: finished subtest %s, %s\n", command_str, name, result);
	in_subtest = NULL;
	siglongjmp(igt_subtest_jmpbuf, 1);
}

/* Opens an igt_subtest_group. */
void __igt_subtest_group_enter(void)
{
	if (group_depth == MAX_GROUP_DEPTH)
		internal_error("igt_subtest_group nested too deeply\n");

	groups[group_depth].saved_skip = skip_subtests_henceforth;
	groups[group_depth].entered = false;
	groups[group_depth].description = NULL;
	/* An igt_describe() just before the group documents every subtest in it. */
	if (current_description[0]) {
		groups[group_depth].description = strdup(current_description);
		if (!groups[group_depth].description)
			internal_error("out of memory\n");
		current_description[0] = '\0';
	}
	group_depth++;
}

/**
 * __igt_subtest_group_next() - the loop condition of igt_subtest_group
 *
 * Return: true the first time, to run the body; false the second time, when the group ends:
 * a fixture's skip or failure inside the group then stops affecting subtests.
 */
bool __igt_subtest_group_next(void)
{
	int top = group_depth - 1;

	if (!groups[top].entered) {
		groups[top].entered = true;
		return true;
	}
	skip_subtests_henceforth = groups[top].saved_skip;
	free(groups[top].description);
	group_depth--;
	return false;
}

/**
 * igt_describe_f() - document the next subtest or subtest group
 * @fmt: printf format, followed by its arguments
 *
 * Only --describe shows it; otherwise there is nothing to keep.
 */
void igt_describe_f(const char *fmt, ...)
{
	va_list args;

	if (!describe_subtests)
		return;
	va_start(args, fmt);
	vsnprintf(current_description, sizeof(current_description), fmt, args);
	va_end(args);
}

/**
 * igt_test_name() - the name of the test binary
 *
 * Return: the last component of argv[0].
 */
const char *igt_test_name(void)
{
	return command_str;
}

/**
 * igt_subtest_name() - the name of the running subtest
 *
 * Return: the name, or NULL outside of a subtest.
 */
const char *igt_subtest_name(void)
{
	return in_subtest;
}

/**
 * igt_only_list_subtests() - whether the subtests are only listed (or described)
 *
 * Return: true when no fixture or subtest will run: setup code outside of fixtures should
 * then not touch the device either.
 */
bool igt_only_list_subtests(void)
{
	return list_subtests;
}

/**
 * igt_skip() - skip the running subtest, or in a fixture every following subtest of its group
 * @f: printf format of the reason, printed to stdout, followed by its arguments
 */
void igt_skip(const char *f, ...)
{
	va_list args;

	skipped_one = true;
	if (!list_subtests) {
		va_start(args, f);
		vprintf(f, args);
		va_end(args);
	}

	if (in_subtest)
		exit_subtest("SKIP");
	if (!in_fixture)
		internal_error("skipping is allowed only in fixtures and subtests\n");
	skip_subtests_henceforth = SKIP_REST;
	__igt_fixture_end();
}

/**
 * __igt_skip_check() - skip because a requirement is not met
 * @file: where the requirement is
 * @line: where the requirement is
 * @func: where the requirement is
 * @check: the requirement, as written
 * @f: optional printf format of more details (NULL for none), followed by its arguments
 */
void __igt_skip_check(const char *file, int line, const char *func, const char *check,
		      const char *f, ...)
{
	/* Kept across calls: igt_skip() does not return, so this is freed on the next skip. */
	static char *details;
	int saved_errno = errno;
	char err[128] = "";
	va_list args;

	if (saved_errno)
		snprintf(err, sizeof(err), "Last errno: %i, %s\n", saved_errno,
			 strerror(saved_errno));

	free(details);
	details = NULL;
	if (f) {
		va_start(args, f);
		if (vasprintf(&details, f, args) < 0)
			details = NULL;
		va_end(args);
	}

	igt_skip("Test requirement not met in function %s, file %s:%i:\n"
		 "Test requirement: %s\n%s%s", func, file, line, check,
		 details ? details : "", err);
}

/**
 * igt_success() - end the running subtest successfully
 *
 * Reaching the end of an igt_subtest block does the same. Outside of a subtest it only counts
 * as a success for the exit status.
 */
void igt_success(void)
{
	succeeded_one = true;
	if (in_subtest)
		exit_subtest("SUCCESS");
}

/**
 * igt_fail() - fail the running subtest, or in a fixture every following subtest of its group
 * @exitcode: the exit status of the test if this is its first failure; not 0 nor 77
 */
void igt_fail(int exitcode)
{
	assert(exitcode != IGT_EXIT_SUCCESS && exitcode != IGT_EXIT_SKIP);

	if (!in_subtest && !in_fixture)
		internal_error("failing is allowed only in fixtures and subtests\n");
	if (!failed_one)
		igt_exitcode = exitcode;
	failed_one = true;
	log_ring_dump();

	if (in_subtest)
		exit_subtest("FAIL");
	skip_subtests_henceforth = FAIL_REST;
	__igt_fixture_end();
}

/**
 * __igt_fail_assert() - fail because an assertion does not hold
 * @domain: log domain of the caller
 * @file: where the assertion is
 * @line: where the assertion is
 * @func: where the assertion is
 * @assertion: the assertion, as written
 * @f: optional printf format of more details (NULL for none), followed by its arguments
 */
void __igt_fail_assert(const char *domain, const char *file, int line, const char *func,
		       const char *assertion, const char *f, ...)
{
	int err = errno;
	va_list args;

	igt_log(domain, IGT_LOG_CRITICAL, "Test assertion failure function %s, file %s:%i:\n",
		func, file, line);
	igt_log(domain, IGT_LOG_CRITICAL, "Failed assertion: %s\n", assertion);
	if (err)
		igt_log(domain, IGT_LOG_CRITICAL, "Last errno: %i, %s\n", err, strerror(err));
	if (f) {
		va_start(args, f);
		igt_vlog(domain, IGT_LOG_CRITICAL, f, args);
		va_end(args);
	}
	igt_fail(IGT_EXIT_FAILURE);
}

/**
 * igt_exit() - exit with the overall result
 *
 * The first failure's status if any subtest failed (or crashed), else 0 if any succeeded,
 * else 77 (all skipped). A --run-subtest pattern that matched nothing is IGT_EXIT_INVALID.
 */
void igt_exit(void)
{
	if (run_pattern && !run_pattern_matched) {
		igt_critical("Unknown subtest: %s\n", run_pattern);
		exit(IGT_EXIT_INVALID);
	}
	if (list_subtests)
		exit(IGT_EXIT_SUCCESS);

	if (!skipped_one && !succeeded_one && !failed_one)
		internal_error("the test has no subtest\n");
	if (!failed_one)
		igt_exitcode = succeeded_one ? IGT_EXIT_SUCCESS : IGT_EXIT_SKIP;

	kmsg("%s: exiting, ret=%d\n", command_str, igt_exitcode);
	igt_debug("Exiting with status code %d\n", igt_exitcode);
	exit(igt_exitcode);
}
