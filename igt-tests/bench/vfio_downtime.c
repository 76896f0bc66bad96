// SPDX-License-Identifier: MIT
/*
 * Downtime of a VF live migration through the VFIO uAPI, per phase, for
 * 16, 64 and 256 MiB of VF VRAM, next to the memcpy bound for the same
 * bytes measured in the same run: a migration copies the VRAM twice (the
 * save into the VMM's buffer, the restore out of it), so the bound is
 * 2 x VRAM / memcpy throughput, and the ratio downtime / bound says how
 * far the stack is from the memory bandwidth of the machine it runs on.
 *
 * The destination VF sits at another GGTT base than the source, so the
 * restore relocates every GGTT entry, as a real migration does. The guest
 * (the VF driver on a guest slot) is up before the migration starts.
 *
 * The transfer phase is split: the VMM's reader inside read() of the
 * source (xfer_src_read) and waiting for a free buffer (xfer_src_idle), its
 * writer inside write() of the destination (xfer_dst_write) and waiting for
 * a filled buffer (xfer_dst_idle); inside the kernel, the source's producer
 * making packets (xfer_src_produce), the reads waiting for it
 * (xfer_src_wait) and the destination checking and loading
 * (xfer_dst_apply), from the PF's migration_stats debugfs files. The
 * kernel's extra memory during the migration is sampled every millisecond
 * from /proc/meminfo: the memory in use that is neither page cache nor
 * user processes' anonymous memory (MemTotal - MemFree - Buffers - Cached
 * - SwapCached - AnonPages: slab, vmalloc, page tables, kernel stacks and
 * pages the kernel took with alloc_pages(), but not the VMM's buffers),
 * less the simulated GPUs' VRAM pages (the device's memory: the
 * destination's are backed again when its restore opens, the FLR of
 * RESUMING having wiped them), and its
 * peak above the value before the migration is reported (peak_kernel_mem).
 * For 64 MiB the transfer rate is also measured per read size of the VMM,
 * 64 KiB to 8 MiB, migrating the guest back and forth (chunk_<size>).
 *
 * Output: one "BENCH <case> <metric> <value> <unit>" line per result
 * (scripts/collect.py). Exits 77 without the xesim bus or the drivers.
 */

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "xevfio_client.h"
#include "xevfio_migrate.h"

#define HDR_SIZE	24
#define TYPE_VRAM	6
#define MEMCPY_BUF	(64ul << 20)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const unsigned int sizes_mib[] = { 16, 64, 256 };
/* the read sizes of the VMM tried, at CHUNK_CURVE_MIB of VRAM */
#define CHUNK_CURVE_MIB	64
static const unsigned int chunks_kib[] = { 64, 256, 1024, 4096, 8192 };

/* what a run created, removed at its end and on any failure */
static struct {
	int gpu[2];
	int slot;
} made = { { -1, -1 }, -1 };

static void cleanup(void)
{
	char path[128];
	int i;

	if (made.slot >= 0) {
		xevfio_slot_freeze(made.slot, true);
		snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xeslot%d/attach",
			 made.slot);
		xevfio_sysfs_write(path, "none\n");
		xevfio_sysfs_write(XEVFIO_SYSFS_BUS "/del_slot", "%d\n", made.slot);
		made.slot = -1;
	}
	for (i = 0; i < 2; i++) {
		if (made.gpu[i] >= 0)
			xevfio_sysfs_write(XEVFIO_SYSFS_BUS "/del_device", "%d\n",
					   made.gpu[i]);
		made.gpu[i] = -1;
	}
}

static int die(const char *what, int err)
{
	fprintf(stderr, "vfio_downtime: %s: %s\n", what, strerror(-err));
	exit(1);	/* cleanup() runs at exit */
}

static void check(const char *what, int err)
{
	if (err)
		die(what, err);
}

static int free_id(const char *prefix)
{
	char path[128];
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/%s%d",
			 prefix, i);
		if (access(path, F_OK))
			return i;
	}
	return die("no free id", -ENOSPC);
}

/* copy a save stream to a restore file, with a pattern in every VRAM byte */
static int copy_filled(int from, int to, __u64 *bytes)
{
	static char buf[1 << 20];
	__u8 hdr[HDR_SIZE];
	size_t hdr_got = 0;
	__u64 left = 0, off = 0;
	bool vram = false;
	ssize_t n, i;
	int ret;

	*bytes = 0;
	for (;;) {
		n = xevfio_read_full(from, buf, sizeof(buf));
		if (n <= 0)
			return n;
		for (i = 0; i < n;) {
			if (!left && hdr_got < HDR_SIZE) {
				hdr[hdr_got++] = buf[i++];
				if (hdr_got == HDR_SIZE) {
					memcpy(&off, hdr + 8, 8);
					memcpy(&left, hdr + 16, 8);
					vram = hdr[1] == TYPE_VRAM;
					hdr_got = 0;
				}
				continue;
			}
			if (vram)
				buf[i] = (off * 131 + 17) & 0xff;
			off++;
			left--;
			i++;
		}
		ret = xevfio_write_full(to, buf, n);
		if (ret)
			return ret;
		*bytes += n;
	}
}

/* MB/s of memcpy over @bytes, in buffers of MEMCPY_BUF */
static double memcpy_mbps(__u64 bytes)
{
	char *a = malloc(MEMCPY_BUF), *b = malloc(MEMCPY_BUF);
	__u64 done = 0;
	double t;

	if (!a || !b)
		die("memcpy buffers", -ENOMEM);
	memset(a, 1, MEMCPY_BUF);
	memset(b, 2, MEMCPY_BUF);
	t = xevfio_now_ms();
	while (done < bytes) {
		size_t n = bytes - done < MEMCPY_BUF ? bytes - done : MEMCPY_BUF;

		memcpy(b, a, n);
		a[done % 4096] ^= b[n - 1];
		done += n;
	}
	t = xevfio_now_ms() - t;
	free(a);
	free(b);
	return bytes / 1e6 / (t / 1e3);
}

/* the PF's figures of VF1's last save and restore on @gpu, in ms */
static void vf1_stats(int gpu, double *produce, double *wait, double *apply)
{
	unsigned long long bytes, p, w, a;
	char path[128], buf[256], *line;

	snprintf(path, sizeof(path), "/sys/kernel/debug/xepf/xesim%d/vf1/migration_stats", gpu);
	check(path, xevfio_sysfs_read(path, buf, sizeof(buf)) < 0 ? -EIO : 0);
	line = strstr(buf, "save ");
	if (!line || sscanf(line, "save bytes %llu produce_us %llu wait_us %llu",
			    &bytes, &p, &w) != 3)
		die("no save figures in migration_stats", -EINVAL);
	line = strstr(buf, "restore ");
	if (!line || sscanf(line, "restore bytes %llu apply_us %llu", &bytes, &a) != 2)
		die("no restore figures in migration_stats", -EINVAL);
	if (produce)
		*produce = p / 1e3;
	if (wait)
		*wait = w / 1e3;
	if (apply)
		*apply = a / 1e3;
}

/* the backed VRAM of every simulated GPU, in KiB (the sim's debugfs) */
static long long vram_kib(void)
{
	char buf[512], *line;
	long long pages;

	if (xevfio_sysfs_read("/sys/kernel/debug/xesim/objects", buf, sizeof(buf)) < 0)
		return 0;
	line = strstr(buf, "vram_pages: ");
	if (!line || sscanf(line, "vram_pages: %lld", &pages) != 1)
		return 0;
	return pages * 4;
}

/*
 * kernel memory in KiB: what /proc/meminfo shows in use that is neither page
 * cache nor anonymous user memory, less the simulated GPUs' VRAM pages
 */
static long long kernel_kib(void)
{
	static const char *const keys[] = {
		"MemFree:", "Buffers:", "Cached:", "SwapCached:", "AnonPages:",
	};
	long long total = 0, v, used = 0;
	char line[128], key[64];
	unsigned int i;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %lld", key, &v) != 2)
			continue;
		if (!strcmp(key, "MemTotal:"))
			total = v;
		for (i = 0; i < ARRAY_SIZE(keys); i++)
			if (!strcmp(key, keys[i]))
				used += v;
	}
	fclose(f);
	return total - used - vram_kib();
}

static struct {
	pthread_t thread;
	bool stop;	/* __atomic: read by the sampler */
	long long base, peak;
} mem;

static void *mem_sampler(void *arg)
{
	long long v;

	(void)arg;
	while (!__atomic_load_n(&mem.stop, __ATOMIC_RELAXED)) {
		v = kernel_kib();
		if (v > mem.peak)
			mem.peak = v;
		usleep(1000);
	}
	return NULL;
}

static void mem_start(void)
{
	mem.base = kernel_kib();
	mem.peak = mem.base;
	__atomic_store_n(&mem.stop, false, __ATOMIC_RELAXED);
	if (pthread_create(&mem.thread, NULL, mem_sampler, NULL))
		die("memory sampler", -EAGAIN);
}

static double mem_stop_mib(void)
{
	__atomic_store_n(&mem.stop, true, __ATOMIC_RELAXED);
	pthread_join(mem.thread, NULL);
	return (mem.peak - mem.base) / 1024.0;
}

/* the GGTT range of a GPU's VF1, from the PF driver's debugfs */
static void vf1_ggtt(int gpu, unsigned long long *start, unsigned long long *size)
{
	char path[128], buf[4096], *line;

	snprintf(path, sizeof(path), "/sys/kernel/debug/xepf/xesim%d/config", gpu);
	check(path, xevfio_sysfs_read(path, buf, sizeof(buf)) < 0 ? -EIO : 0);
	line = strstr(buf, "VF1 ggtt ");
	if (!line || sscanf(line + strlen("VF1 ggtt "), "%llx+%llx", start, size) != 2)
		die("no VF1 GGTT in the PF's config", -EINVAL);
}

static void new_gpu(int idx, unsigned int mib)
{
	int id = free_id("xesim");

	/*
	 * GGTT ranges are cut for max_vfs VFs and VRAM is shared among the
	 * enabled ones: VF1 alone gets all @mib, and a second GGTT range is
	 * free for the source's other base
	 */
	check("new_device", xevfio_sysfs_write(XEVFIO_SYSFS_BUS "/new_device",
					       "%d ggtt=64M vram=%uM max_vfs=2\n",
					       id, mib));
	made.gpu[idx] = id;
}

static void enable_vf1(int gpu)
{
	char path[128];

	snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xesim%d/sriov_numvfs", gpu);
	check("sriov_numvfs", xevfio_sysfs_write(path, "1\n"));
}

/*
 * Wait up to 10 s for the guest driver to be bound to @slot (its probe
 * done): the downtime measured is that of a guest that is up, not of one
 * whose probe still competes with the migration for the CPUs. A guest
 * without a driver (xevf not loaded) is migrated as it is.
 */
static void wait_guest_bound(int slot)
{
	char path[128];
	int i;

	if (access("/sys/module/xevf", F_OK))
		return;
	snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xeslot%d/driver", slot);
	for (i = 0; i < 10000 && access(path, F_OK); i++)
		usleep(1000);
}

static void run(unsigned int mib)
{
	unsigned long long start, size, bstart, bsize;
	struct xevfio_dev a, b;
	struct xevfio_mig_report rep;
	__u64 vram = (__u64)mib << 20, bytes;
	int ga, gb, sfd, dfd, i;
	double mbps, bound, produce, wait, apply, mem_mib;
	char name[32], path[128];

	snprintf(name, sizeof(name), "vram%uM", mib);
	new_gpu(0, mib);
	new_gpu(1, mib);
	ga = made.gpu[0];
	gb = made.gpu[1];
	/* the source (b) gets another GGTT base than the destination (a) */
	enable_vf1(ga);
	vf1_ggtt(ga, &start, &size);
	snprintf(path, sizeof(path), "/sys/kernel/debug/xepf/xesim%d/vf1/ggtt_start", gb);
	check("ggtt_start", xevfio_sysfs_write(path, "%llu\n", start + size));
	enable_vf1(gb);
	vf1_ggtt(gb, &bstart, &bsize);
	if (bstart == start || bsize != size)
		die("VF1 GGTT of the source not moved", -EINVAL);

	check("open", xevfio_dev_open(&a, ga, 1));
	check("open", xevfio_dev_open(&b, gb, 1));

	/* the source (b) gets every VRAM byte written: a's stream, filled */
	check("fill save", xevfio_dev_set_state(&a, VFIO_DEVICE_STATE_STOP_COPY, &sfd));
	check("fill restore", xevfio_dev_set_state(&b, VFIO_DEVICE_STATE_RESUMING, &dfd));
	check("fill", copy_filled(sfd, dfd, &bytes));
	close(sfd);
	close(dfd);
	check("fill load", xevfio_dev_set_state(&b, VFIO_DEVICE_STATE_RUNNING, NULL));
	check("fill reset", xevfio_dev_reset(&a));

	made.slot = free_id("xeslot");
	check("start slot", xevfio_slot_start(made.slot, gb, 1));
	wait_guest_bound(made.slot);
	mem_start();
	check("migrate", xevfio_migrate(made.slot, &b, &a, XEVFIO_CHUNK, &rep));
	mem_mib = mem_stop_mib();
	vf1_stats(gb, &produce, &wait, NULL);
	vf1_stats(ga, NULL, NULL, &apply);
	/* the bound is for the VF's whole VRAM: the stream must carry it */
	if (rep.bytes < vram)
		die("the stream carries less than the VF's VRAM", -EINVAL);
	mbps = memcpy_mbps(2 * vram);
	bound = 2 * vram / 1e6 / mbps * 1e3;

	for (i = 0; i < XEVFIO_PHASE_NR; i++)
		printf("BENCH %s %s %.3f ms\n", name, xevfio_phase_name(i), rep.ms[i]);
	printf("BENCH %s downtime %.3f ms\n", name, rep.downtime_ms);
	printf("BENCH %s stream_bytes %llu B\n", name, (unsigned long long)rep.bytes);
	printf("BENCH %s transfer_rate %.1f MB/s\n", name,
	       rep.bytes / 1e6 / (rep.ms[XEVFIO_PHASE_TRANSFER] / 1e3));
	printf("BENCH %s memcpy_rate %.1f MB/s\n", name, mbps);
	printf("BENCH %s memcpy_bound %.3f ms\n", name, bound);
	printf("BENCH %s downtime_vs_bound %.2f x\n", name, rep.downtime_ms / bound);
	printf("BENCH %s transfer_vs_memcpy %.2f x\n", name,
	       rep.bytes / 1e6 / (rep.ms[XEVFIO_PHASE_TRANSFER] / 1e3) / mbps);
	printf("BENCH %s xfer_src_read %.3f ms\n", name, rep.copy.read_ms);
	printf("BENCH %s xfer_src_idle %.3f ms\n", name, rep.copy.read_idle_ms);
	printf("BENCH %s xfer_dst_write %.3f ms\n", name, rep.copy.write_ms);
	printf("BENCH %s xfer_dst_idle %.3f ms\n", name, rep.copy.write_idle_ms);
	printf("BENCH %s xfer_src_produce %.3f ms\n", name, produce);
	printf("BENCH %s xfer_src_wait %.3f ms\n", name, wait);
	printf("BENCH %s xfer_dst_apply %.3f ms\n", name, apply);
	printf("BENCH %s peak_kernel_mem %.1f MiB\n", name, mem_mib);
	fflush(stdout);

	if (mib == CHUNK_CURVE_MIB) {
		struct xevfio_dev *from = &a, *to = &b;

		for (i = 0; i < (int)ARRAY_SIZE(chunks_kib); i++) {
			struct xevfio_dev *t;

			check("migrate", xevfio_migrate(made.slot, from, to,
							chunks_kib[i] << 10, &rep));
			printf("BENCH %s chunk_%uKiB %.1f MB/s\n", name, chunks_kib[i],
			       rep.bytes / 1e6 / (rep.ms[XEVFIO_PHASE_TRANSFER] / 1e3));
			fflush(stdout);
			t = from;
			from = to;
			to = t;
		}
	}

	xevfio_dev_close(&a);
	xevfio_dev_close(&b);
	cleanup();
}

int main(void)
{
	unsigned int i;

	if (access(XEVFIO_SYSFS_BUS "/new_device", F_OK) ||
	    access("/sys/module/xevfio", F_OK)) {
		fprintf(stderr, "vfio_downtime: no xesim bus or no xevfio driver\n");
		return 77;
	}
	atexit(cleanup);
	for (i = 0; i < ARRAY_SIZE(sizes_mib); i++)
		run(sizes_mib[i]);
	return 0;
}
