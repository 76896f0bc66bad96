// SPDX-License-Identifier: MIT
/*
 * Empty-batch submission on a VF: exec throughput (execs per second) and submit-to-signal
 * latency, on one exec queue and on 16. Prints BENCH lines (scripts/collect.py); never fails
 * on a time.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <time.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Measure empty-batch exec throughput and latency.");

#define ADDR		0x1a0000ull
#define BO_SIZE		0x1000ull
#define MAX_QUEUES	16
#define N_THROUGHPUT	512
#define N_LATENCY	64

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;
static __u32 vm, bo, q[MAX_QUEUES];

/*
 * Reports one result as a "BENCH" line (scripts/collect.py) through the kernel log, whose
 * lines reach the VM's console whole, where a program's own output can be cut by a kernel
 * message; stdout gets the same result for a reader.
 */
__printf(2, 3) static void bench_report(const char *metric, const char *fmt, ...)
{
	char value[64], line[160];
	va_list ap;
	int kmsg;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	igt_info("empty-exec %s %s\n", metric, value);
	/* one write() per record: /dev/kmsg cannot seek, which dprintf() tries */
	snprintf(line, sizeof(line), "<6>BENCH empty-exec %s %s\n", metric, value);
	kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	igt_assert_f(kmsg >= 0 && write(kmsg, line, strlen(line)) == (ssize_t)strlen(line),
		     "cannot log to /dev/kmsg: %s\n", strerror(errno));
	close(kmsg);
}

static __s64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static void exec_empty(__u32 queue, __u32 signal)
{
	struct drm_xe_sync sync = { .type = DRM_XE_SYNC_TYPE_SYNCOBJ,
				    .flags = DRM_XE_SYNC_FLAG_SIGNAL, .handle = signal };

	xe_exec_sync(fd, queue, ADDR, &sync, signal ? 1 : 0);
}

/* N_THROUGHPUT empty execs round robin over @n queues; each queue's last one signals. */
static void bench_throughput(int n)
{
	__u32 syncobj[MAX_QUEUES];
	char metric[32];
	__s64 t0, t1;
	int i;

	for (i = 0; i < n; i++)
		syncobj[i] = syncobj_create(fd, 0);
	t0 = now_ns();
	for (i = 0; i < N_THROUGHPUT; i++)
		exec_empty(q[i % n], i >= N_THROUGHPUT - n ? syncobj[i % n] : 0);
	igt_assert(syncobj_wait(fd, syncobj, n, xe_abs_timeout(XE_TIMEOUT_NS),
				DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, NULL));
	t1 = now_ns();
	for (i = 0; i < n; i++)
		syncobj_destroy(fd, syncobj[i]);
	snprintf(metric, sizeof(metric), "throughput-%dq", n);
	bench_report(metric, "%.0f execs/s", N_THROUGHPUT * 1e9 / (double)(t1 - t0));
}

static int cmp_s64(const void *a, const void *b)
{
	__s64 x = *(const __s64 *)a, y = *(const __s64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Submit-to-signal latency: per round, one exec on each of @n queues, submitted back to
 * back; each one's latency is from its submission until the wait for it returns.
 */
static void bench_latency(int n)
{
	static __s64 lat[N_LATENCY * MAX_QUEUES];
	__u32 syncobj[MAX_QUEUES];
	__s64 submit[MAX_QUEUES];
	int round, i, count = 0;
	char metric[32];

	for (i = 0; i < n; i++)
		syncobj[i] = syncobj_create(fd, 0);
	for (round = 0; round < N_LATENCY; round++) {
		syncobj_reset(fd, syncobj, n);
		for (i = 0; i < n; i++) {
			submit[i] = now_ns();
			exec_empty(q[i], syncobj[i]);
		}
		for (i = 0; i < n; i++) {
			igt_assert(syncobj_wait(fd, &syncobj[i], 1,
						xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
			lat[count++] = now_ns() - submit[i];
		}
	}
	for (i = 0; i < n; i++)
		syncobj_destroy(fd, syncobj[i]);
	qsort(lat, count, sizeof(lat[0]), cmp_s64);
	snprintf(metric, sizeof(metric), "latency-%dq-median", n);
	bench_report(metric, "%.1f us", lat[count / 2] / 1e3);
	snprintf(metric, sizeof(metric), "latency-%dq-p90", n);
	bench_report(metric, "%.1f us", lat[count * 9 / 10] / 1e3);
}

/* A queue per engine, round robin: 16 of them over the device's engines. */
static void setup(void)
{
	__u32 *map;
	int i;

	igt_xesim_guest_create(&guest, "vram=16M", 1, 1);
	fd = igt_xesim_guest_open(&guest);
	igt_require_xe(fd);
	vm = xe_vm_create(fd, 0, 0);
	bo = xe_bo_create(fd, vm, BO_SIZE, system_memory(fd), 0);
	map = xe_bo_map(fd, bo, BO_SIZE);
	map[0] = MI_BATCH_BUFFER_END;
	munmap(map, BO_SIZE);
	xe_vm_bind_sync(fd, vm, bo, 0, ADDR, BO_SIZE);
	for (i = 0; i < MAX_QUEUES; i++)
		q[i] = xe_exec_queue_create(fd, vm,
					    &xe_engine(fd, i % xe_number_engines(fd))->instance, 0);
	/* warm up every queue */
	for (i = 0; i < MAX_QUEUES; i++)
		xe_exec_wait(fd, q[i], ADDR);
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			setup();
		}

		igt_describe("Empty execs per second on one exec queue.");
		igt_subtest("throughput-1q")
			bench_throughput(1);

		igt_describe("Empty execs per second over 16 exec queues.");
		igt_subtest("throughput-16q")
			bench_throughput(MAX_QUEUES);

		igt_describe("Submit-to-signal latency of an empty exec on one exec queue.");
		igt_subtest("latency-1q")
			bench_latency(1);

		igt_describe("Submit-to-signal latency of empty execs on 16 exec queues at once.");
		igt_subtest("latency-16q")
			bench_latency(MAX_QUEUES);
	}

	igt_fixture {
		/* closing the file releases the queues, the VM and the BO */
		if (fd >= 0) {
			xe_device_put(fd);
			drm_close_driver(fd);
		}
		igt_xesim_guest_destroy(&guest);
	}
}
