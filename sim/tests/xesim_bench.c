// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of the simulated engines: MI_STORE_DATA_IMM commands per second
 * on one engine, and across two VFs sharing one engine and using two. It
 * runs at module load and prints one line per measurement:
 *
 *	BENCH sdi <metric> <value> cmds/s
 *
 * The numbers are reported, never checked.
 */

#include <linux/bitfield.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_ct_abi.h"
#include "abi/xe_mi_abi.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_guc_drv.h"

/* the test driver, built into this module too */
#include "xesim_guc_drv.c"

#define BENCH_RING	SZ_1M
#define BENCH_CMDS	((BENCH_RING - SZ_4K) / 16)
#define BENCH_VF_SIZE	(4 * SZ_1M)

struct bench {
	struct xesim_gpu *gpu;
	struct xg_fn pf;
	struct xg_fn vf[2];
	struct xg_ctx ctx[2];
	u64 data[2];
};

/* fill a context's ring with @n SDIs and a final seqno write */
static int bench_fill(struct xg_fn *vf, struct xg_ctx *ctx, u64 data, u32 n, u32 seqno)
{
	u32 *cmds, i;
	int err;

	cmds = kvmalloc_array(n + 1, 16, GFP_KERNEL);
	if (!cmds)
		return -ENOMEM;
	for (i = 0; i <= n; i++) {
		u64 addr = i == n ? ctx->hwsp : data + 4 * (i % 1024);

		cmds[4 * i] = MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_NUM_DW(1);
		cmds[4 * i + 1] = lower_32_bits(addr);
		cmds[4 * i + 2] = upper_32_bits(addr);
		cmds[4 * i + 3] = i == n ? seqno : i;
	}
	ctx->tail = 0;
	err = xg_ctx_write_image(vf, ctx);
	if (!err)
		err = xg_rw(vf, ctx->ring, cmds, (n + 1) * 16, true);
	ctx->tail = (n + 1) * 16;
	kvfree(cmds);
	return err;
}

/* run @nr contexts at once; returns commands per second */
static int bench_run(struct bench *b, unsigned int nr, const unsigned int *vf, u64 *rate)
{
	static u32 seqno;
	unsigned int i;
	ktime_t start;
	s64 ns;
	int err;

	seqno++;
	for (i = 0; i < nr; i++) {
		err = bench_fill(&b->vf[vf[i]], &b->ctx[i], b->data[i], BENCH_CMDS, seqno);
		if (err)
			return err;
	}
	start = ktime_get();
	for (i = 0; i < nr; i++) {
		err = xg_ctx_submit(&b->vf[vf[i]], &b->ctx[i]);
		if (err)
			return err;
	}
	for (i = 0; i < nr; i++) {
		err = xg_wait32(&b->vf[vf[i]], b->ctx[i].hwsp, seqno, 120000);
		if (err)
			return err;
	}
	ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	*rate = div64_u64((u64)nr * (BENCH_CMDS + 1) * NSEC_PER_SEC, max_t(s64, ns, 1));
	return 0;
}

static int bench_setup(struct bench *b)
{
	struct xesim_gpu_params params;
	unsigned int i;
	int err;

	xesim_gpu_default_params(&params);
	params.id = 9999;
	params.ggtt_size = SZ_64M;
	params.vram_size = SZ_16M;
	params.max_vfs = 2;
	params.bind_only = "xesim_bench";
	err = xesim_gpu_create(&params, &b->gpu);
	if (err) {
		b->gpu = NULL;
		return err;
	}
	xesim_gpu_get(b->gpu);
	err = xesim_gpu_enable_vfs(b->gpu, 2);
	if (!err)
		err = xg_pf_init(&b->pf, xesim_gpu_get_fn(b->gpu, 0));
	if (!err)
		xesim_gpu_put_fn(b->pf.fn);
	if (!err)
		err = xg_ct_init(&b->pf, SZ_4K, SZ_4K);
	for (i = 0; !err && i < 2; i++) {
		struct xg_fn *vf = &b->vf[i];
		u64 base = SZ_8M * (i + 1);

		err = xg_pf_provision(&b->pf, i + 1, base, BENCH_VF_SIZE, BENCH_VF_SIZE, 4);
		if (err)
			break;
		xg_vf_init(vf, xesim_gpu_get_fn(b->gpu, i + 1), base, BENCH_VF_SIZE);
		xesim_gpu_put_fn(vf->fn);
		err = xg_map_vf_ggtt(vf);
		err = err ?: xg_ct_init(vf, SZ_4K, SZ_4K);
		err = err ?: xg_ctx_create(vf, &b->ctx[i], 0, GUC_RENDER_CLASS, BENCH_RING);
		b->data[i] = xg_alloc(vf, SZ_4K);
	}
	return err;
}

static int __init xesim_bench_init(void)
{
	static const unsigned int one[] = { 0 }, two[] = { 0, 1 };
	struct bench *b = kzalloc(sizeof(*b), GFP_KERNEL);
	u64 rate;
	int err;

	if (!b)
		return -ENOMEM;
	err = bench_setup(b);
	/* warm-up, not reported: first-touch of device memory and code */
	if (!err)
		err = bench_run(b, 1, one, &rate);
	if (!err)
		err = bench_run(b, 1, one, &rate);
	if (!err)
		pr_info("BENCH sdi one_engine %llu cmds/s\n", rate);
	if (!err)
		err = bench_run(b, 2, two, &rate);
	if (!err)
		pr_info("BENCH sdi two_vfs_one_engine %llu cmds/s\n", rate);
	/* VF2's second context on the copy engine: two VFs, two engines */
	if (!err)
		err = xg_ctx_create(&b->vf[1], &b->ctx[1], 1, GUC_BLITTER_CLASS, BENCH_RING);
	if (!err)
		err = bench_run(b, 2, two, &rate);
	if (!err)
		pr_info("BENCH sdi two_vfs_two_engines %llu cmds/s\n", rate);
	if (err)
		pr_err("xesim_bench: failed: %d\n", err);
	if (b->gpu) {
		xesim_gpu_destroy(b->gpu);
		xesim_gpu_put(b->gpu);
	}
	xg_pf_fini(&b->pf);
	kfree(b);
	return 0;
}

static void __exit xesim_bench_exit(void)
{
}

module_init(xesim_bench_init);
module_exit(xesim_bench_exit);

MODULE_DESCRIPTION("Engine throughput benchmark of the software Xe SR-IOV device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(XESIM);
