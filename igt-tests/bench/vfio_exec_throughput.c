// SPDX-License-Identifier: MIT
/*
 * Exec throughput of a busy guest before, during and after a live migration: the guest runs
 * the xe_busy workload (store-dword and MI_ATOMIC streams on every engine, every result
 * checked; the program beside this one) while it is migrated between two GPUs whose VFs sit
 * at different GGTT bases, through the VFIO uAPI (tools/lib). The workload samples the jobs
 * it completed every 10 ms on CLOCK_MONOTONIC, the clock of the migration's timestamps, so
 * the rates are taken over the same windows around each migration:
 *
 *   before  the 2 s before the freeze
 *   during  from the freeze to the end of the guest's post-migration recovery (its debugfs
 *           recovery file idle again, one recovery more)
 *   after   the 2 s after that
 *
 * and the longest time without a job completing. The means over the migrations are reported
 * as "BENCH exec-migration <metric> <value> <unit>" lines (scripts/collect.py); the workload
 * failing its checks (a write lost, wrong or done twice) fails the benchmark. Exits 77
 * without the xesim bus, the drivers or xe_busy.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "xevfio_client.h"
#include "xevfio_migrate.h"

#define MIGRATIONS	3
#define WINDOW_MS	2000.0
#define SAMPLE_MS	10
#define RECOVERY_MS	30000.0
#define GPU_PARAMS	"ggtt=64M vram=32M max_vfs=4"
#define JSON_FILE	"/tmp/vfio_exec_throughput.json"
#define STATUS_FILE	"/tmp/vfio_exec_throughput.status"
#define LOG_FILE	"/tmp/vfio_exec_throughput.log"
#define DEBUGFS		"/sys/kernel/debug"

static const char *prog = "vfio_exec_throughput";

/* what the run created, removed at its end and on any failure */
static struct {
	int gpu[2];
	int slot;
	pid_t busy;
} made = { { -1, -1 }, -1, -1 };

struct window {
	double freeze, thaw, recovered;
	double downtime_ms, recovery_ms;
	double start;			/* the migration's first phase began */
	double phase_ms[XEVFIO_PHASE_NR];
	unsigned long long bytes;
	int from, to;			/* GPUs, VF1 each */
};

struct sample {
	double ms;
	double jobs;
};

static void cleanup(void)
{
	int i;

	if (made.busy > 0) {
		kill(made.busy, SIGKILL);
		waitpid(made.busy, NULL, 0);
		made.busy = -1;
	}
	if (made.slot >= 0) {
		xevfio_sysfs_write(XEVFIO_SYSFS_BUS "/del_slot", "%d\n", made.slot);
		made.slot = -1;
	}
	for (i = 1; i >= 0; i--) {
		if (made.gpu[i] >= 0)
			xevfio_sysfs_write(XEVFIO_SYSFS_BUS "/del_device", "%d\n", made.gpu[i]);
		made.gpu[i] = -1;
	}
}

#ifndef __printf
#define __printf(a, b) __attribute((format(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn __attribute((noreturn))
#endif

__printf(2, 3) __noreturn
static void die(int err, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s%s\n", err ? ": " : "", err ? strerror(-err) : "");
	exit(1);	/* cleanup() runs at exit */
}

static void check(const char *what, int err)
{
	if (err)
		die(err, "%s", what);
}

/*
 * One result as a "BENCH" line (scripts/collect.py), through the kernel log, whose lines
 * reach the VM's console whole, and on stdout for a reader.
 */
__printf(2, 3)
static void report(const char *metric, const char *fmt, ...)
{
	char value[64], line[160];
	va_list ap;
	int kmsg;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	printf("BENCH exec-migration %s %s\n", metric, value);
	fflush(stdout);
	snprintf(line, sizeof(line), "<6>BENCH exec-migration %s %s\n", metric, value);
	kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (kmsg >= 0) {
		if (write(kmsg, line, strlen(line)) < 0)
			fprintf(stderr, "%s: /dev/kmsg: %s\n", prog, strerror(errno));
		close(kmsg);
	}
}

static void sleep_ms(double ms)
{
	struct timespec ts = { .tv_sec = ms / 1e3, .tv_nsec = (long)(ms * 1e6) % 1000000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* the value of a "key value" line of a text file, or -1 */
static long long file_key(const char *path, const char *key, char *str, size_t len)
{
	char buf[8192], *p = buf;
	size_t klen = strlen(key);

	if (xevfio_sysfs_read(path, buf, sizeof(buf)) < 0)
		return -1;
	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ' ') {
			if (str)
				snprintf(str, len, "%.*s", (int)strcspn(p + klen + 1, "\n "),
					 p + klen + 1);
			return strtoll(p + klen + 1, NULL, 0);
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

static int free_id(const char *prefix)
{
	char path[128];
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/%s%d", prefix, i);
		if (access(path, F_OK))
			return i;
	}
	die(-ENOSPC, "no free %s number", prefix);
}

/* the GGTT range of a GPU's VF, from the PF driver's debugfs */
static void vf_ggtt(int gpu, int vf, unsigned long long *start, unsigned long long *size)
{
	char path[128], buf[4096], key[16], *line;

	snprintf(path, sizeof(path), DEBUGFS "/xepf/xesim%d/config", gpu);
	check(path, xevfio_sysfs_read(path, buf, sizeof(buf)) < 0 ? -EIO : 0);
	snprintf(key, sizeof(key), "VF%d ggtt ", vf);
	line = strstr(buf, key);
	if (!line || sscanf(line + strlen(key), "%llx+%llx", start, size) != 2)
		die(-EINVAL, "no VF%d GGTT range in %s", vf, path);
}

/* two GPUs with two VFs each, the second's VFs at other GGTT bases */
static void two_gpus(void)
{
	unsigned long long start, size;
	char path[128];
	int i, vf;

	for (i = 0; i < 2; i++) {
		int id = free_id("xesim");

		check("new_device", xevfio_sysfs_write(XEVFIO_SYSFS_BUS "/new_device",
						       "%d " GPU_PARAMS "\n", id));
		made.gpu[i] = id;
	}
	snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xesim%d/sriov_numvfs",
		 made.gpu[0]);
	check("sriov_numvfs", xevfio_sysfs_write(path, "2\n"));
	vf_ggtt(made.gpu[0], 1, &start, &size);
	for (vf = 1; vf <= 2; vf++) {
		snprintf(path, sizeof(path), DEBUGFS "/xepf/xesim%d/vf%d/ggtt_start",
			 made.gpu[1], vf);
		check("ggtt_start", xevfio_sysfs_write(path, "%llu\n", start + (vf + 1) * size));
	}
	snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xesim%d/sriov_numvfs",
		 made.gpu[1]);
	check("sriov_numvfs", xevfio_sysfs_write(path, "2\n"));
}

/* the DRM card number of the guest driver on the slot, once it is there */
static int slot_card(int slot)
{
	char path[128];
	double end = xevfio_now_ms() + RECOVERY_MS;
	struct dirent *de;
	int card = -1;
	DIR *d;

	snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xeslot%d/drm", slot);
	while (card < 0 && xevfio_now_ms() < end) {
		d = opendir(path);
		while (d && (de = readdir(d)))
			if (sscanf(de->d_name, "card%d", &card) == 1)
				break;
		if (d)
			closedir(d);
		if (card < 0)
			sleep_ms(50);
	}
	if (card < 0)
		die(-ETIMEDOUT, "the guest driver did not bind to xeslot%d", slot);
	return card;
}

/* the GuC's state of a VF, from the sim's debugfs ("fnV: state S") */
static void guc_state(int gpu, int vf, char *state, size_t len)
{
	char path[128], buf[8192], key[16], *p;

	snprintf(path, sizeof(path), DEBUGFS "/xesim/xesim%d/guc", gpu);
	snprintf(key, sizeof(key), "fn%d: state ", vf);
	state[0] = '\0';
	if (xevfio_sysfs_read(path, buf, sizeof(buf)) < 0)
		return;
	p = strstr(buf, key);
	if (p)
		snprintf(state, len, "%.*s", (int)strcspn(p + strlen(key), "\n "),
			 p + strlen(key));
}

/* the xe_busy program beside this one, on the slot, until SIGTERM */
static void busy_start(int slot)
{
	char self[PATH_MAX], path[PATH_MAX + 16], slotstr[16], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	double end;
	pid_t pid;

	if (n <= 0)
		die(-errno, "/proc/self/exe");
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	snprintf(path, sizeof(path), "%s/xe_busy", self);
	snprintf(slotstr, sizeof(slotstr), "%d", slot);
	unlink(STATUS_FILE);
	pid = fork();
	if (pid < 0)
		die(-errno, "fork");
	if (!pid) {
		int fd = open(LOG_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		setenv("IGT_XESIM_SLOT", slotstr, 1);
		setenv("XE_BUSY_SECONDS", "0", 1);
		setenv("XE_BUSY_JSON", JSON_FILE, 1);
		setenv("XE_BUSY_STATUS", STATUS_FILE, 1);
		setenv("XE_BUSY_SAMPLE_MS", "10", 1);
		execl(path, "xe_busy", "--run-subtest", "basic", (char *)NULL);
		_exit(127);
	}
	made.busy = pid;
	end = xevfio_now_ms() + RECOVERY_MS;
	while (file_key(STATUS_FILE, "checked", NULL, 0) < 1) {
		if (waitpid(pid, NULL, WNOHANG) == pid) {
			made.busy = -1;
			die(0, "xe_busy exited at its start (its output: %s)", LOG_FILE);
		}
		if (xevfio_now_ms() > end)
			die(-ETIMEDOUT, "xe_busy completed no job");
		sleep_ms(50);
	}
}

/* SIGTERM: xe_busy checks everything; it must exit 0 */
static void busy_stop(void)
{
	int st;

	kill(made.busy, SIGTERM);
	if (waitpid(made.busy, &st, 0) != made.busy)
		die(-errno, "wait for xe_busy");
	made.busy = -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		char buf[4096];

		if (xevfio_sysfs_read(LOG_FILE, buf, sizeof(buf)) > 0)
			fprintf(stderr, "%s", buf);
		die(0, "the workload failed its checks (status %#x)", st);
	}
}

/* xe_busy's samples, from its JSON report ("samples": [[ms,jobs],...]) */
static struct sample *read_samples(size_t *count)
{
	struct sample *s = NULL;
	size_t n = 0, cap = 0;
	char *text, *p;
	long len;
	FILE *f;

	f = fopen(JSON_FILE, "r");
	if (!f)
		die(-errno, "%s", JSON_FILE);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = malloc(len + 1);
	if (!text || fread(text, 1, len, f) != (size_t)len)
		die(-EIO, "read %s", JSON_FILE);
	text[len] = '\0';
	fclose(f);
	p = strstr(text, "\"samples\": [");
	if (!p)
		die(-EINVAL, "no samples in %s", JSON_FILE);
	p += strlen("\"samples\": [");
	for (;;) {
		double ms, jobs;
		int used = 0;

		p += strspn(p, "\n ,");
		if (sscanf(p, "[%lf,%lf]%n", &ms, &jobs, &used) != 2 || !used)
			break;
		p += used;
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			s = realloc(s, cap * sizeof(*s));
			if (!s)
				die(-ENOMEM, "samples");
		}
		s[n++] = (struct sample){ ms, jobs };
	}
	free(text);
	if (n < 2)
		die(-EINVAL, "%zu samples in %s", n, JSON_FILE);
	*count = n;
	return s;
}

/* the jobs completed by time @t: the count of the last sample at or before it */
static double jobs_at(const struct sample *s, size_t n, double t)
{
	double jobs = s[0].jobs;
	size_t i;

	for (i = 0; i < n && s[i].ms <= t; i++)
		jobs = s[i].jobs;
	return jobs;
}

static double rate(const struct sample *s, size_t n, double t0, double t1)
{
	return t1 > t0 ? (jobs_at(s, n, t1) - jobs_at(s, n, t0)) * 1e3 / (t1 - t0) : 0;
}

/* the longest time without a job completing that overlaps [@t0, @t1], in ms */
static double stall(const struct sample *s, size_t n, double t0, double t1)
{
	double last = s[0].ms, longest = 0;
	size_t i;

	for (i = 1; i < n; i++) {
		if (s[i].jobs == s[i - 1].jobs && i + 1 < n)
			continue;
		if (s[i].ms >= t0 && last <= t1 && s[i].ms - last > longest)
			longest = s[i].ms - last;
		last = s[i].ms;
	}
	return longest;
}

/*
 * The first migration as a timeline for scripts/demo-report.py --timeline: a line with its
 * GPUs, downtime, bytes and guest recovery time ("@@TL migration ..."), one per phase
 * ("@@TL phase <name> <start ms> <ms>"), the end of the guest's recovery ("@@TL recovered
 * <ms>") and one per workload sample from 2.5 s before the freeze
 * to 2.5 s after the recovery ("@@TL sample <ms> <jobs>"), each line whole on its own, so
 * that kernel messages on the console never split one.
 */
static void timeline(const struct window *w, const struct sample *s, size_t n)
{
	double at = w->start;
	size_t i;
	int p;

	printf("@@TL migration xesim%d.vf1 xesim%d.vf1 %.3f %llu %.3f\n", w->from, w->to,
	       w->downtime_ms, w->bytes, w->recovery_ms);
	for (p = 0; p < XEVFIO_PHASE_NR; p++) {
		printf("@@TL phase %s %.3f %.3f\n", xevfio_phase_name(p), at, w->phase_ms[p]);
		at += w->phase_ms[p];
	}
	printf("@@TL recovered %.3f\n", w->recovered);
	for (i = 0; i < n; i++)
		if (s[i].ms >= w->freeze - WINDOW_MS - 500 &&
		    s[i].ms <= w->recovered + WINDOW_MS + 500)
			printf("@@TL sample %.3f %.0f\n", s[i].ms, s[i].jobs);
	fflush(stdout);
}

/* migrate the slot to the other GPU's VF1 and wait for the guest's recovery there */
static void migrate(int slot, int card, struct window *w)
{
	char path[128], state[32], rstate[32];
	struct xevfio_mig_report rep;
	struct xevfio_dev src, dst;
	long long before;
	int gpu, vf, to;
	double end;

	check("slot", xevfio_slot_attached(slot, &gpu, &vf));
	to = gpu == made.gpu[0] ? made.gpu[1] : made.gpu[0];
	snprintf(path, sizeof(path), DEBUGFS "/dri/%d/recovery", card);
	before = file_key(path, "recoveries", NULL, 0);
	check("open the source", xevfio_dev_open(&src, gpu, vf));
	check("open the destination", xevfio_dev_open(&dst, to, 1));
	w->start = xevfio_now_ms();
	if (xevfio_migrate(slot, &src, &dst, XEVFIO_CHUNK, &rep))
		die(0, "migration xesim%d.vf%d -> xesim%d.vf1 failed in %s", gpu, vf, to,
		    xevfio_phase_name(rep.failed));
	xevfio_dev_close(&dst);
	xevfio_dev_close(&src);
	memcpy(w->phase_ms, rep.ms, sizeof(w->phase_ms));
	w->bytes = rep.bytes;
	w->from = gpu;
	w->to = to;
	/* the destination is prepared (RESUMING) before the freeze */
	w->freeze = w->start + rep.ms[XEVFIO_PHASE_DST_RESUMING];
	w->downtime_ms = rep.downtime_ms;
	w->thaw = w->freeze + rep.downtime_ms;
	end = xevfio_now_ms() + RECOVERY_MS;
	for (;;) {
		guc_state(to, 1, state, sizeof(state));
		file_key(path, "state", rstate, sizeof(rstate));
		if (!strcmp(state, "RUNNING") && !strcmp(rstate, "idle") &&
		    file_key(path, "recoveries", NULL, 0) > before)
			break;
		if (xevfio_now_ms() > end)
			die(-ETIMEDOUT, "the guest's recovery on xesim%d.vf1: GuC %s, recovery %s",
			    to, state, rstate);
		sleep_ms(2);
	}
	w->recovered = xevfio_now_ms();
	w->recovery_ms = file_key(path, "last_us", NULL, 0) / 1e3;
}

int main(void)
{
	double before = 0, during = 0, after = 0, gap = 0, down = 0, rec = 0, span = 0;
	struct window w[MIGRATIONS];
	struct sample *s;
	size_t n;
	int i, card;

	if (access(XEVFIO_SYSFS_BUS "/new_device", F_OK) || access("/sys/module/xepf", F_OK) ||
	    access("/sys/module/xevfio", F_OK) || access("/sys/module/xevf", F_OK)) {
		fprintf(stderr, "%s: no xesim bus, or no xepf, xevfio or xevf driver\n", prog);
		return 77;
	}
	atexit(cleanup);
	two_gpus();
	made.slot = free_id("xeslot");
	check("start the guest", xevfio_slot_start(made.slot, made.gpu[0], 1));
	card = slot_card(made.slot);
	busy_start(made.slot);
	for (i = 0; i < MIGRATIONS; i++) {
		sleep_ms(WINDOW_MS + 500);
		migrate(made.slot, card, &w[i]);
	}
	sleep_ms(WINDOW_MS + 500);
	busy_stop();

	s = read_samples(&n);
	for (i = 0; i < MIGRATIONS; i++) {
		before += rate(s, n, w[i].freeze - WINDOW_MS, w[i].freeze) / MIGRATIONS;
		during += rate(s, n, w[i].freeze, w[i].recovered) / MIGRATIONS;
		after += rate(s, n, w[i].recovered, w[i].recovered + WINDOW_MS) / MIGRATIONS;
		gap += stall(s, n, w[i].freeze, w[i].recovered) / MIGRATIONS;
		down += w[i].downtime_ms / MIGRATIONS;
		rec += w[i].recovery_ms / MIGRATIONS;
		span += (w[i].recovered - w[i].freeze) / MIGRATIONS;
	}
	timeline(&w[0], s, n);
	free(s);
	report("throughput-before", "%.1f jobs/s", before);
	report("throughput-during", "%.1f jobs/s", during);
	report("throughput-after", "%.1f jobs/s", after);
	report("during-vs-before", "%.1f %%", before > 0 ? during * 100 / before : 0);
	report("after-vs-before", "%.1f %%", before > 0 ? after * 100 / before : 0);
	report("longest-stall", "%.1f ms", gap);
	report("freeze-to-recovered", "%.1f ms", span);
	report("downtime", "%.1f ms", down);
	report("guest-recovery", "%.1f ms", rec);
	return 0;
}
