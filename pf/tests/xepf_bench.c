// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of VF save and restore: stream throughput for 64 and 256 MiB of
 * VF LMEM next to memcpy() of as many bytes, measured in the same run. It
 * runs at module load and prints, per size S:
 *
 *	BENCH pf_migration save_<S> <MB/s> MB/s
 *	BENCH pf_migration restore_<S> <MB/s> MB/s
 *	BENCH pf_migration memcpy_<S> <MB/s> MB/s
 *	BENCH pf_migration save_vs_memcpy_<S> <ratio> x
 *	BENCH pf_migration restore_vs_memcpy_<S> <ratio> x
 *
 * The destination's sparse VRAM is written once first, and a save runs
 * once unmeasured. The save is read into a 1 MiB buffer and dropped. The
 * restore is fed from a second save of the same VF, 1 MiB at a time, into
 * another VF (so that no whole stream is held); its time is that of its
 * own calls only (every restore write and the end that loads the state),
 * not the save's reads between them. memcpy() copies the same number of
 * bytes in 1 MiB pieces through two 64 MiB buffers, larger than any cache.
 * The numbers are reported, never checked.
 */

#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>

#include <xesim_driver.h>

#include "xepf_pf.h"
#include "xepf_sriov_control.h"
#include "xepf_sriov_migration.h"

#define BENCH_GPU	20
#define BENCH_CHUNK	SZ_1M
#define BENCH_MEMCPY	SZ_64M

static int bench_sysfs(const char *path, const char *text)
{
	struct file *f = filp_open(path, O_WRONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, text, strlen(text), &pos);
	filp_close(f, NULL);
	return n < 0 ? n : 0;
}

/* read the save of @src; with @dst_vfid, feed it to that VF's restore */
static int bench_stream(struct xepf_pf *pf, unsigned int src_vfid,
			unsigned int dst_vfid, void *buf, u64 *bytes,
			s64 *restore_ns)
{
	struct xepf_mig_owner so = {}, ro = {};
	ktime_t t0;
	ssize_t n;
	int err;

	*bytes = 0;
	*restore_ns = 0;
	err = xepf_sriov_migration_save_begin(pf, src_vfid, &so);
	if (err)
		return err;
	if (dst_vfid) {
		err = xepf_sriov_migration_restore_begin(pf, dst_vfid, &ro);
		if (err)
			goto end_save;
	}
	do {
		struct kvec kv = { .iov_base = buf, .iov_len = BENCH_CHUNK };
		struct iov_iter it;

		iov_iter_kvec(&it, ITER_DEST, &kv, 1, BENCH_CHUNK);
		n = xepf_sriov_migration_save_read(pf, src_vfid, &so, &it);
		if (n > 0 && dst_vfid) {
			kv.iov_len = n;
			iov_iter_kvec(&it, ITER_SOURCE, &kv, 1, n);
			t0 = ktime_get();
			n = xepf_sriov_migration_restore_write(pf, dst_vfid, &ro, &it);
			*restore_ns += ktime_to_ns(ktime_sub(ktime_get(), t0));
		}
		if (n > 0)
			*bytes += n;
	} while (n > 0);
	err = n;
	if (dst_vfid) {
		int end;

		t0 = ktime_get();
		end = xepf_sriov_migration_restore_end(pf, dst_vfid, &ro);
		*restore_ns += ktime_to_ns(ktime_sub(ktime_get(), t0));
		err = err ?: end;
	}
end_save:
	xepf_sriov_migration_save_end(pf, src_vfid, &so);
	return err;
}

static u64 bench_mbps(u64 bytes, s64 ns)
{
	return div64_u64(bytes * 1000, max_t(s64, ns, 1));
}

static void bench_ratio(const char *what, const char *size, s64 ns,
			s64 memcpy_ns)
{
	u64 r = div64_u64((u64)memcpy_ns * 100, max_t(s64, ns, 1));

	pr_info("BENCH pf_migration %s_vs_memcpy_%s %llu.%02llu x\n", what, size,
		r / 100, r % 100);
}

static s64 bench_memcpy(u8 *a, u8 *b, u64 bytes)
{
	ktime_t t0 = ktime_get();
	u64 off, done;

	for (done = 0, off = 0; done < bytes; done += BENCH_CHUNK) {
		memcpy(b + off, a + off, BENCH_CHUNK);
		off = (off + BENCH_CHUNK) % BENCH_MEMCPY;
	}
	return ktime_to_ns(ktime_sub(ktime_get(), t0));
}

static int bench_size(u64 size, const char *name, void *buf, u8 *a, u8 *b)
{
	char params[96];
	struct xepf_pf *pf;
	s64 save_ns, restore_ns, memcpy_ns, unused;
	u64 bytes, off;
	ktime_t t0;
	int err;

	snprintf(params, sizeof(params), "%u ggtt=256M vram=%llu max_vfs=2",
		 BENCH_GPU, 2 * size);
	err = bench_sysfs("/sys/bus/xesim/new_device", params);
	if (err)
		return err;
	pf = xepf_pf_find("xesim20");
	err = pf ? xepf_pf_sriov_configure(pf, 2) : -ENODEV;
	if (err < 0)
		goto del;
	err = 0;
	/*
	 * VF1's VRAM gets data; VF2's is written once so that the sim backs
	 * its pages (it does on first write), as a real GPU's VRAM is: the
	 * restore measured then does not count page allocations
	 */
	for (off = 0; off < size && !err; off += BENCH_CHUNK) {
		get_random_bytes(buf, 64);
		err = xesim_pf_vf_vram_write(pf->xdev, 1, off, buf, BENCH_CHUNK);
		err = err ?: xesim_pf_vf_vram_write(pf->xdev, 2, off, buf,
						    BENCH_CHUNK);
	}
	err = err ?: xepf_sriov_control_pause_vf(&pf->ctl, 1);
	err = err ?: xepf_sriov_control_pause_vf(&pf->ctl, 2);
	/* warm-up, not reported */
	err = err ?: bench_stream(pf, 1, 0, buf, &bytes, &unused);
	if (err)
		goto del;

	t0 = ktime_get();
	err = bench_stream(pf, 1, 0, buf, &bytes, &unused);
	save_ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	if (err)
		goto del;
	err = bench_stream(pf, 1, 2, buf, &bytes, &restore_ns);
	if (err)
		goto del;
	memcpy_ns = bench_memcpy(a, b, bytes);

	pr_info("BENCH pf_migration save_%s %llu MB/s\n", name,
		bench_mbps(bytes, save_ns));
	pr_info("BENCH pf_migration restore_%s %llu MB/s\n", name,
		bench_mbps(bytes, restore_ns));
	pr_info("BENCH pf_migration memcpy_%s %llu MB/s\n", name,
		bench_mbps(bytes, memcpy_ns));
	bench_ratio("save", name, save_ns, memcpy_ns);
	bench_ratio("restore", name, restore_ns, memcpy_ns);
del:
	bench_sysfs("/sys/bus/xesim/del_device", "20");
	return err < 0 ? err : 0;
}

static int __init xepf_bench_init(void)
{
	void *buf = kvzalloc(BENCH_CHUNK, GFP_KERNEL);
	u8 *a = vzalloc(BENCH_MEMCPY), *b = vzalloc(BENCH_MEMCPY);
	int err = -ENOMEM;

	if (buf && a && b) {
		err = bench_size(SZ_64M, "64MiB", buf, a, b);
		err = err ?: bench_size(SZ_256M, "256MiB", buf, a, b);
	}
	if (err)
		pr_err("xepf_bench: failed: %pe\n", ERR_PTR(err));
	vfree(b);
	vfree(a);
	kvfree(buf);
	return 0;
}

static void __exit xepf_bench_exit(void)
{
}

module_init(xepf_bench_init);
module_exit(xepf_bench_exit);

MODULE_DESCRIPTION("Save and restore throughput of the Xe SR-IOV PF driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(XESIM);
