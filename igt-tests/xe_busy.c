// SPDX-License-Identifier: MIT
/*
 * A busy guest: on every engine, streams of store-dword batches and of MI_ATOMIC increments,
 * each stream on its own exec queue with several jobs in flight, every result checked by the
 * CPU as its job completes, until a time runs out or a signal stops it. It is the workload
 * that make demo and make soak migrate (scripts/vm/demo, scripts/vm/soak), and a test of its
 * own in make check.
 *
 * A store batch writes a value unique to its job into the job's result dword; an atomic batch
 * increments the job's result dword (zeroed before the submission), its queue's counter and
 * one counter shared by every atomic batch, so that a batch lost reads 0 and a batch run twice
 * reads 2. At the end every queue's counter equals its jobs and the shared counter the sum.
 *
 * The environment drives it (tests take no options here):
 *   XE_BUSY_SECONDS    how long it runs (default 3); 0: until SIGTERM or SIGINT
 *   XE_BUSY_QUEUES     queues per engine and kind (default 2)
 *   XE_BUSY_DEPTH      jobs in flight per queue (default 4, at most 16)
 *   XE_BUSY_STATUS     a file rewritten every 100 ms: the counts so far, "key value" lines
 *   XE_BUSY_JSON       a file written at the end: the counts and the throughput samples
 *   XE_BUSY_SAMPLE_MS  the sampling period of the jobs completed (default 10)
 *   IGT_XESIM_SLOT     run on the guest of that slot (lib/igt_xesim.c), not a new one
 * Times are CLOCK_MONOTONIC milliseconds, the clock of tools/xevfio-migrate --json.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Store-dword and MI_ATOMIC streams on every engine, every result checked.");

#define ADDR		0x100000ull
/* per queue 4 KiB: batches (64 bytes each) at 0, results at RES, the queue's counter at CNT */
#define REGION		0x1000
#define RES		0x800
#define CNT		0xc00
#define MAX_DEPTH	16
#define MAX_QUEUES	64
/* a job the GPU does not finish in this time counts as lost (a hang) */
#define JOB_TIMEOUT_NS	(60ll * 1000 * 1000 * 1000)

enum kind { STORE, ATOMIC };

struct stream {
	pthread_t tid;
	int id, engine;
	enum kind kind;
	__u32 q;
	__u32 *map;		/* the queue's region */
	__u64 gpu;		/* its GPU address */
	__u32 syncobj[MAX_DEPTH];
	/* written by the stream's thread, read by the sampler: atomics */
	__u64 submitted, checked, found, lost, wrong, twice, fence_errors, hangs;
	int err;
	const char *step;
};

struct sample {
	double ms;
	__u64 jobs;
};

static struct {
	int fd;
	__u32 vm, bo, *map;
	__u64 size;
	int n_engines, n_streams, depth;
	struct stream streams[MAX_QUEUES];
	__u64 global;		/* GPU address of the shared counter */
	__u32 *global_map;
	bool stop;		/* atomic */
	double start_ms, end_ms;
	struct sample *samples;
	size_t n_samples, cap_samples;
	const char *status, *json;
	int sample_ms;
} busy = { .fd = -1 };

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static __u64 ld(const __u64 *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void inc(__u64 *p)
{
	__atomic_add_fetch(p, 1, __ATOMIC_RELAXED);
}

static int env_int(const char *name, int def, int min, int max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return def;
	n = strtol(v, &end, 10);
	igt_assert_f(!*end && n >= min && n <= max, "%s=%s: not a number in %d..%d\n", name,
		     v, min, max);
	return n;
}

static __u32 store_value(const struct stream *s, __u64 job)
{
	return 0x5a000000 | (__u32)s->id << 16 | (job & 0xffff);
}

/* no igt_assert() in a stream's thread: it would jump into the main thread */
static int submit(struct stream *s)
{
	__u64 j = s->submitted;
	unsigned int slot = j % busy.depth;
	__u32 *cs = s->map + slot * 16, *res = s->map + RES / 4 + slot;
	__u64 res_gpu = s->gpu + RES + slot * 4;
	struct drm_syncobj_array reset = {
		.handles = (__u64)(uintptr_t)&s->syncobj[slot], .count_handles = 1,
	};
	struct drm_xe_sync sync = { .type = DRM_XE_SYNC_TYPE_SYNCOBJ,
				    .flags = DRM_XE_SYNC_FLAG_SIGNAL,
				    .handle = s->syncobj[slot] };
	struct drm_xe_exec exec = { .exec_queue_id = s->q, .num_syncs = 1,
				    .syncs = (__u64)(uintptr_t)&sync,
				    .address = s->gpu + slot * 64, .num_batch_buffer = 1 };
	int b = 0, err;

	__atomic_store_n(res, 0, __ATOMIC_RELAXED);
	if (s->kind == STORE) {
		cs[b++] = MI_STORE_DWORD_IMM_GEN4;
		cs[b++] = res_gpu;
		cs[b++] = res_gpu >> 32;
		cs[b++] = store_value(s, j);
	} else {
		__u64 addrs[3] = { res_gpu, s->gpu + CNT, busy.global };
		int k;

		for (k = 0; k < 3; k++) {
			cs[b++] = MI_ATOMIC | MI_ATOMIC_INC;
			cs[b++] = addrs[k];
			cs[b++] = addrs[k] >> 32;
		}
	}
	cs[b++] = MI_BATCH_BUFFER_END;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	if (ioctl(busy.fd, DRM_IOCTL_SYNCOBJ_RESET, &reset)) {
		s->step = "syncobj reset";
		return errno;
	}
	err = -__xe_exec(busy.fd, &exec);
	if (err) {
		s->step = "exec";
		return err;
	}
	inc(&s->submitted);
	return 0;
}

/* wait for the oldest job in flight and check what it wrote */
static int check(struct stream *s)
{
	__u64 j = s->checked;
	unsigned int slot = j % busy.depth;
	__u32 v;
	int err, status = 0;

	err = -syncobj_wait_err(busy.fd, &s->syncobj[slot], 1, xe_abs_timeout(JOB_TIMEOUT_NS),
				0);
	if (err) {
		inc(&s->hangs);
		inc(&s->lost);
		inc(&s->checked);
		s->step = err == ETIME ? "job never completed (hang)" : "wait for a job";
		return err;
	}
	err = -syncobj_fence_status(busy.fd, s->syncobj[slot], &status);
	if (!err && status < 0) {
		inc(&s->fence_errors);
		s->step = "job fence error";
		err = -status;
	}
	v = __atomic_load_n(s->map + RES / 4 + slot, __ATOMIC_ACQUIRE);
	if (s->kind == STORE ? v == store_value(s, j) : v == 1)
		inc(&s->found);
	else if (!v)
		inc(&s->lost);
	else if (s->kind == STORE)
		inc(&s->wrong);
	else
		inc(&s->twice);
	inc(&s->checked);
	return err;
}

static void *stream_main(void *arg)
{
	struct stream *s = arg;

	while (!__atomic_load_n(&busy.stop, __ATOMIC_RELAXED) && !s->err) {
		if (s->submitted - s->checked == (__u64)busy.depth)
			s->err = check(s);
		if (!s->err)
			s->err = submit(s);
	}
	/* the jobs in flight complete and are checked; a hang ends the stream */
	while (s->checked < s->submitted) {
		int err = check(s);

		s->err = s->err ?: err;
		if (err == ETIME)
			break;
	}
	return NULL;
}

struct totals {
	__u64 jobs, stores, atomics, found, lost, wrong, twice, fence_errors, hangs, checked;
};

static void totals(struct totals *t)
{
	int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < busy.n_streams; i++) {
		struct stream *s = &busy.streams[i];
		__u64 n = ld(&s->submitted);

		t->jobs += n;
		if (s->kind == STORE)
			t->stores += n;
		else
			t->atomics += n;
		t->checked += ld(&s->checked);
		t->found += ld(&s->found);
		t->lost += ld(&s->lost);
		t->wrong += ld(&s->wrong);
		t->twice += ld(&s->twice);
		t->fence_errors += ld(&s->fence_errors);
		t->hangs += ld(&s->hangs);
	}
}

static void write_status(double ms)
{
	char tmp[PATH_MAX];
	struct totals t;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", busy.status);
	f = fopen(tmp, "w");
	if (!f)
		return;
	totals(&t);
	fprintf(f, "t_ms %.3f\nsubmitted %llu\nchecked %llu\nfound %llu\nlost %llu\n"
		"wrong %llu\ntwice %llu\nfence_errors %llu\nhangs %llu\n", ms,
		(unsigned long long)t.jobs, (unsigned long long)t.checked,
		(unsigned long long)t.found, (unsigned long long)t.lost,
		(unsigned long long)t.wrong, (unsigned long long)t.twice,
		(unsigned long long)t.fence_errors, (unsigned long long)t.hangs);
	if (!fclose(f))
		rename(tmp, busy.status);
}

/* the jobs checked over time, and the status file */
static void *sampler_main(void *arg)
{
	struct timespec next, now;
	double status_ms = 0;

	clock_gettime(CLOCK_MONOTONIC, &next);
	for (;;) {
		bool stop = __atomic_load_n(&busy.stop, __ATOMIC_RELAXED);
		double ms = now_ms();
		__u64 jobs = 0;
		int i;

		for (i = 0; i < busy.n_streams; i++)
			jobs += ld(&busy.streams[i].checked);
		if (busy.json && busy.n_samples == busy.cap_samples) {
			size_t cap = busy.cap_samples ? busy.cap_samples * 2 : 4096;
			struct sample *p = realloc(busy.samples, cap * sizeof(*p));

			if (p) {
				busy.samples = p;
				busy.cap_samples = cap;
			}
		}
		if (busy.json && busy.n_samples < busy.cap_samples)
			busy.samples[busy.n_samples++] = (struct sample){ ms, jobs };
		if (busy.status && ms >= status_ms) {
			write_status(ms);
			status_ms = ms + 100;
		}
		if (stop)
			break;
		/* the next period; one that already passed (a busy VM) is skipped */
		next.tv_nsec += busy.sample_ms * 1000000l;
		while (next.tv_nsec >= 1000000000l) {
			next.tv_nsec -= 1000000000l;
			next.tv_sec++;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > next.tv_sec ||
		    (now.tv_sec == next.tv_sec && now.tv_nsec > next.tv_nsec))
			next = now;
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	return arg;
}

static void write_json(const struct totals *t, __u32 global, __u64 global_expected,
		       __u64 counters_wrong, int banned)
{
	FILE *f = fopen(busy.json, "w");
	size_t i;

	igt_assert_f(f, "%s: %s\n", busy.json, strerror(errno));
	fprintf(f, "{\"engines\": %d, \"queues\": %d, \"depth\": %d, \"sample_ms\": %d,\n",
		busy.n_engines, busy.n_streams, busy.depth, busy.sample_ms);
	fprintf(f, " \"start_ms\": %.3f, \"end_ms\": %.3f,\n", busy.start_ms, busy.end_ms);
	fprintf(f, " \"jobs\": %llu, \"stores\": %llu, \"atomics\": %llu,\n",
		(unsigned long long)t->jobs, (unsigned long long)t->stores,
		(unsigned long long)t->atomics);
	fprintf(f,
		" \"expected\": %llu, \"found\": %llu, \"lost\": %llu, \"wrong\": %llu, \"twice\": %llu,\n",
		(unsigned long long)t->jobs, (unsigned long long)t->found,
		(unsigned long long)t->lost, (unsigned long long)t->wrong,
		(unsigned long long)t->twice);
	fprintf(f, " \"fence_errors\": %llu, \"hangs\": %llu, \"banned_queues\": %d,\n",
		(unsigned long long)t->fence_errors, (unsigned long long)t->hangs, banned);
	fprintf(f,
		" \"atomic_counter\": %u, \"atomic_counter_expected\": %llu, \"queue_counters_wrong\": %llu,\n",
		global, (unsigned long long)global_expected,
		(unsigned long long)counters_wrong);
	fprintf(f, " \"samples\": [");
	for (i = 0; i < busy.n_samples; i++)
		fprintf(f, "%s[%.3f,%llu]", i ? (i % 8 ? "," : ",\n  ") : "\n  ",
			busy.samples[i].ms, (unsigned long long)busy.samples[i].jobs);
	fprintf(f, "]}\n");
	igt_assert_f(!fclose(f), "%s: %s\n", busy.json, strerror(errno));
}

static void setup(void)
{
	int i, queues = env_int("XE_BUSY_QUEUES", 2, 1, 16);

	busy.depth = env_int("XE_BUSY_DEPTH", 4, 1, MAX_DEPTH);
	busy.sample_ms = env_int("XE_BUSY_SAMPLE_MS", 10, 1, 1000);
	busy.status = getenv("XE_BUSY_STATUS");
	busy.json = getenv("XE_BUSY_JSON");
	if (busy.status && !*busy.status)
		busy.status = NULL;
	if (busy.json && !*busy.json)
		busy.json = NULL;

	igt_xesim_guest_create(&guest, "vram=16M", 1, 1);
	busy.fd = igt_xesim_guest_open(&guest);
	igt_require_xe(busy.fd);
	xe_device_get(busy.fd);
	busy.n_engines = xe_number_engines(busy.fd);
	igt_assert_lt(0, busy.n_engines);
	busy.n_streams = busy.n_engines * queues * 2;
	igt_assert_f(busy.n_streams <= MAX_QUEUES, "%d engines x %d queues x 2 kinds: over %d\n",
		     busy.n_engines, queues, MAX_QUEUES);

	/* a region per queue, then the shared counter */
	busy.size = (__u64)(busy.n_streams + 1) * REGION;
	busy.vm = xe_vm_create(busy.fd, 0, 0);
	busy.bo = xe_bo_create(busy.fd, busy.vm, busy.size, system_memory(busy.fd), 0);
	busy.map = xe_bo_map(busy.fd, busy.bo, busy.size);
	memset(busy.map, 0, busy.size);
	xe_vm_bind_sync(busy.fd, busy.vm, busy.bo, 0, ADDR, busy.size);
	busy.global = ADDR + (__u64)busy.n_streams * REGION;
	busy.global_map = busy.map + busy.n_streams * REGION / 4;

	for (i = 0; i < busy.n_streams; i++) {
		struct stream *s = &busy.streams[i];
		int k;

		*s = (struct stream){
			.id = i,
			.engine = i % busy.n_engines,
			/* per engine, the first half of its queues stores, the other counts */
			.kind = i / busy.n_engines < queues ? STORE : ATOMIC,
			.map = busy.map + i * REGION / 4,
			.gpu = ADDR + (__u64)i * REGION,
		};
		s->q = xe_exec_queue_create(busy.fd, busy.vm,
					    &xe_engine(busy.fd, s->engine)->instance, 0);
		for (k = 0; k < busy.depth; k++)
			s->syncobj[k] = syncobj_create(busy.fd, 0);
	}
}

/* run until @seconds pass (0: until SIGTERM or SIGINT), then check everything */
static void run(int seconds)
{
	__u64 global_expected = 0, counters_wrong = 0;
	struct timespec ts = { .tv_sec = seconds };
	pthread_attr_t attr;
	pthread_t sampler;
	struct totals t;
	sigset_t set;
	__u32 global;
	int i, sig, banned = 0;

	/* every thread inherits the mask: the signal waits for this one */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	igt_assert_eq(pthread_sigmask(SIG_BLOCK, &set, NULL), 0);

	busy.start_ms = now_ms();
	/*
	 * the sampler runs as a real-time thread where it may (root), so that its samples keep
	 * their period on a VM whose CPUs the workload keeps busy
	 */
	pthread_attr_init(&attr);
	pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
	pthread_attr_setschedparam(&attr, &(struct sched_param){ .sched_priority = 10 });
	if (pthread_create(&sampler, &attr, sampler_main, NULL))
		igt_assert_eq(pthread_create(&sampler, NULL, sampler_main, NULL), 0);
	pthread_attr_destroy(&attr);
	for (i = 0; i < busy.n_streams; i++)
		igt_assert_eq(pthread_create(&busy.streams[i].tid, NULL, stream_main,
					     &busy.streams[i]), 0);
	igt_info("xe_busy: %d engines, %d queues (%d jobs in flight each), %s\n",
		 busy.n_engines, busy.n_streams, busy.depth,
		 seconds ? "for a while" : "until SIGTERM or SIGINT");
	fflush(stdout);
	do
		sig = seconds ? sigtimedwait(&set, NULL, &ts) : sigwaitinfo(&set, NULL);
	while (sig < 0 && errno == EINTR);

	__atomic_store_n(&busy.stop, true, __ATOMIC_RELAXED);
	for (i = 0; i < busy.n_streams; i++)
		pthread_join(busy.streams[i].tid, NULL);
	busy.end_ms = now_ms();
	pthread_join(sampler, NULL);
	if (busy.status)
		write_status(busy.end_ms);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);

	totals(&t);
	global = __atomic_load_n(busy.global_map, __ATOMIC_ACQUIRE);
	for (i = 0; i < busy.n_streams; i++) {
		struct stream *s = &busy.streams[i];
		__u64 ban = 0;

		if (s->kind == ATOMIC) {
			global_expected += s->submitted;
			counters_wrong += s->map[CNT / 4] != s->submitted;
		}
		if (!__xe_exec_queue_get_ban(busy.fd, s->q, &ban) && ban)
			banned++;
	}
	igt_info("xe_busy: %llu jobs in %.1f s (%.0f jobs/s): %llu stores, %llu atomics\n",
		 (unsigned long long)t.jobs, (busy.end_ms - busy.start_ms) / 1e3,
		 t.jobs * 1e3 / (busy.end_ms - busy.start_ms), (unsigned long long)t.stores,
		 (unsigned long long)t.atomics);
	igt_info("xe_busy: writes expected %llu, found %llu, lost %llu, wrong %llu, ran twice %llu; atomic counter %u of %llu\n",
		 (unsigned long long)t.jobs, (unsigned long long)t.found,
		 (unsigned long long)t.lost, (unsigned long long)t.wrong,
		 (unsigned long long)t.twice, global, (unsigned long long)global_expected);
	if (busy.json)
		write_json(&t, global, global_expected, counters_wrong, banned);

	for (i = 0; i < busy.n_streams; i++) {
		struct stream *s = &busy.streams[i];

		igt_assert_f(!s->err, "queue %d (engine %d, %s), job %llu: %s: %s\n", i,
			     s->engine, s->kind == STORE ? "store" : "atomic",
			     (unsigned long long)s->checked, s->step, strerror(s->err));
	}
	igt_assert_lt_u64(0, t.jobs);
	igt_assert_eq_u64(t.lost, 0);
	igt_assert_eq_u64(t.wrong, 0);
	igt_assert_eq_u64(t.twice, 0);
	igt_assert_eq_u64(t.found, t.jobs);
	igt_assert_eq_u64(global, global_expected);
	igt_assert_eq_u64(counters_wrong, 0);
	igt_assert_eq(banned, 0);
}

static void teardown(void)
{
	int i, k;

	for (i = 0; i < busy.n_streams; i++) {
		for (k = 0; k < busy.depth; k++)
			syncobj_destroy(busy.fd, busy.streams[i].syncobj[k]);
		xe_exec_queue_destroy(busy.fd, busy.streams[i].q);
	}
	busy.n_streams = 0;
	xe_vm_unbind_sync(busy.fd, busy.vm, 0, ADDR, busy.size);
	munmap(busy.map, busy.size);
	gem_close(busy.fd, busy.bo);
	xe_vm_destroy(busy.fd, busy.vm);
	free(busy.samples);
	busy.samples = NULL;
}

igt_main
{
	igt_fixture {
		setup();
	}

	igt_describe("Store and atomic streams on every engine, every result checked.");
	igt_subtest("basic") {
		run(env_int("XE_BUSY_SECONDS", 3, 0, 1000000));
		teardown();
	}

	igt_fixture {
		if (busy.fd >= 0) {
			xe_device_put(busy.fd);
			drm_close_driver(busy.fd);
		}
		igt_xesim_guest_destroy(&guest);
	}
}
