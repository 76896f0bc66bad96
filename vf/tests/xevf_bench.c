// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of the VF's post-migration recovery: its latency from the
 * MIGRATED interrupt to RESFIX_DONE, and each step's, with Q exec queues
 * of 4 jobs in flight each, for Q in 1, 16, 64 and 256. It runs at module
 * load on a GPU with the PF driver, two VFs and a guest slot with the VF
 * driver (xevf_test_vmm.c, as the KUnit tests; a fresh one per Q),
 * migrates the guest 50 times between VF1 and VF2 and prints, per Q:
 *
 *	BENCH vf_recovery total_p50_q<Q> <us> us
 *	BENCH vf_recovery total_p99_q<Q> <us> us
 *	BENCH vf_recovery total_p50_per_job_q<Q> <us> us
 *	BENCH vf_recovery step_<step>_p50_q<Q> <us> us	(each step)
 *	BENCH vf_recovery step_<step>_p99_q<Q> <us> us
 *	BENCH vf_recovery reemitted_q<Q> <jobs> jobs
 *	BENCH vf_recovery total_p50_vs_memcpy_q<Q> <ratio> x
 *
 * and once memcpy_1MiB, the time memcpy() takes for 1 MiB in the same run
 * (the ratio above is the recovery's p50 over it). Percentiles are nearest
 * rank over the 50 recoveries (the p99 of 50 is the slowest); the total is
 * the recovery's &xevf_gt_vf_migration_stats.last_ns and the steps its
 * step_last_ns[], read after each recovery.
 *
 * Each of the Q*4 jobs runs its own batch: it waits on a semaphore dword
 * (MI_SEMAPHORE_WAIT, polling) that the benchmark releases only after the
 * 50 migrations, then increments its own counter (MI_ATOMIC); the ring
 * writes its own user fence after it. So every recovery finds all Q*4 jobs
 * in flight and must re-emit each (reemitted_q<Q> is the count per
 * recovery, the same for all 50, else the run fails). After the release
 * every job must complete without error, its counter at exactly 1 (ran
 * once, not lost), its user fence written, and each queue's seqno at 4: a
 * broken recovery is a failure, logged, and prints no BENCH line for that Q;
 * the last line, runs_failed, counts such Qs (0 when all is well). The
 * times are reported, never checked.
 */

#include <drm/drm_gem.h>
#include <drm/xe_drm.h>
#include <linux/completion.h>
#include <linux/dma-fence.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>

#include <abi/xe_mi_abi.h>

#include "xevf_bo.h"
#include "xevf_bo_types.h"
#include "xevf_device_types.h"
#include "xevf_exec.h"
#include "xevf_exec_queue.h"
#include "xevf_exec_queue_types.h"
#include "xevf_ggtt_types.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_lrc.h"
#include "xevf_vm.h"

/*
 * The VMM role shared with the KUnit module: built into this module from
 * the same source, as kbuild warns about an object linked into two modules
 * (upstream xe includes its KUnit .c files into the driver's the same way).
 */
#include "xevf_test_vmm.c"

#define BENCH_GPU		30
#define BENCH_MIGRATIONS	50
#define BENCH_JOBS		4
#define BENCH_QMAX		256
#define BENCH_NJOBS		(BENCH_QMAX * BENCH_JOBS)
/* the time a job, a recovery or a release may take before the run fails */
#define BENCH_TIMEOUT		(30 * HZ)

/* ppGTT layout: one 64-byte batch per job, then the data */
#define BENCH_BATCH_VA		0x100000ull
#define BENCH_BATCH_SIZE	(BENCH_NJOBS * 64)
#define BENCH_DATA_VA		0x200000ull
/* data: the semaphore, a counter dword per job, a user fence qword per job */
#define BENCH_SEMA		0
#define BENCH_COUNT		SZ_4K
#define BENCH_UFENCE		(BENCH_COUNT + BENCH_NJOBS * 4)
#define BENCH_DATA_SIZE		(BENCH_UFENCE + BENCH_NJOBS * 8)
#define BENCH_UFENCE_VALUE(k)	(0x5eed000000000000ull | (k))

#define BENCH_MEMCPY		SZ_1M
#define BENCH_MEMCPY_RUNS	64

static const unsigned int bench_queues[] = { 1, 16, 64, 256 };

/**
 * struct xevf_bench - The benchmark's guest, its work and its samples.
 */
struct xevf_bench {
	/** @env: the GPU and the guest slot with the VF driver. */
	struct xevf_test_env env;
	/** @ubuf: the user buffer of the migrations' debugfs I/O. */
	char __user *ubuf;
	/** @vm: the guest's VM, with @batch and @data bound. */
	struct xevf_vm *vm;
	/** @batch: one batch per job. */
	struct xevf_bo *batch;
	/** @data: the semaphore, the jobs' counters and user fences. */
	struct xevf_bo *data;
	/** @q: the exec queues of the current run. */
	struct xevf_exec_queue *q[BENCH_QMAX];
	/** @fence: the jobs' finished fences, job j of queue i at 4i + j. */
	struct dma_fence *fence[BENCH_NJOBS];
	/** @total: per migration, the recovery's time (ns). */
	u64 total[BENCH_MIGRATIONS];
	/** @step: per step and migration, the step's time (ns). */
	u64 step[XEVF_MIG_STEP_COUNT][BENCH_MIGRATIONS];
	/** @sorted: scratch for the percentiles. */
	u64 sorted[BENCH_MIGRATIONS];
	/** @memcpy_ns: memcpy() of 1 MiB (ns), measured in the run. */
	u64 memcpy_ns;
};

static u32 *bench_dw(struct xevf_bo *bo, u32 offset)
{
	return kmap_local_page(bo->pages[offset >> PAGE_SHIFT]) + offset_in_page(offset);
}

static u32 bench_peek(struct xevf_bo *bo, u32 offset)
{
	u32 *p = bench_dw(bo, offset), v = READ_ONCE(*p);

	kunmap_local(p);
	return v;
}

static u64 bench_peek64(struct xevf_bo *bo, u32 offset)
{
	return bench_peek(bo, offset) | (u64)bench_peek(bo, offset + 4) << 32;
}

static void bench_poke(struct xevf_bo *bo, u32 offset, u32 v)
{
	u32 *p = bench_dw(bo, offset);

	WRITE_ONCE(*p, v);
	kunmap_local(p);
}

/* job k's batch: wait for the semaphore to be 1, then count once */
static void bench_write_batch(struct xevf_bo *batch, unsigned int k)
{
	u64 count = BENCH_DATA_VA + BENCH_COUNT + 4 * k;
	u32 *dw = bench_dw(batch, 64 * k);

	dw[0] = MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL |
		MI_SEMAPHORE_OP(MI_SEMAPHORE_SAD_EQ_SDD) | XE_INSTR_NUM_DW(4);
	dw[1] = 1;
	dw[2] = lower_32_bits(BENCH_DATA_VA + BENCH_SEMA);
	dw[3] = upper_32_bits(BENCH_DATA_VA + BENCH_SEMA);
	dw[4] = MI_ATOMIC | MI_ATOMIC_OP(MI_ATOMIC_OP_4B | MI_ATOMIC_OP_INC) |
		MI_ATOMIC_LEN_PLAIN;
	dw[5] = lower_32_bits(count);
	dw[6] = upper_32_bits(count);
	dw[7] = MI_BATCH_BUFFER_END;
	kunmap_local(dw);
}

static struct xevf_bo *bench_bo(struct xevf_bench *b, u64 va, u32 size)
{
	struct xevf_bo *bo = xevf_bo_create(b->env.xe, size, BIT(0),
					    DRM_XE_GEM_CPU_CACHING_WB, NULL);
	int err;

	if (IS_ERR(bo))
		return bo;
	err = xevf_vm_bind_range(b->vm, &bo->base, 0, va, size, 0);
	if (err) {
		drm_gem_object_put(&bo->base);
		return ERR_PTR(err);
	}
	return bo;
}

static void bench_put_bos(struct xevf_bench *b)
{
	if (!IS_ERR_OR_NULL(b->data))
		drm_gem_object_put(&b->data->base);
	if (!IS_ERR_OR_NULL(b->batch))
		drm_gem_object_put(&b->batch->base);
	b->data = NULL;
	b->batch = NULL;
}

/* the GPU, the guest, its VM and buffers, and every job's batch */
static int bench_up(struct xevf_bench *b)
{
	const char *step;
	unsigned long addr;
	unsigned int k;
	int err;

	addr = vm_mmap(NULL, 0, XEVF_TEST_VMM_UBUF, PROT_READ | PROT_WRITE,
		       MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR_VALUE(addr))
		return addr;
	b->ubuf = (char __user *)addr;

	b->env.gpu_id = BENCH_GPU;
	b->env.slot_id = BENCH_GPU;
	/*
	 * 64M of GGTT gives each VF about 32M, room for the 256 queues' 24 KiB
	 * contexts; a small VRAM keeps the migrations short (nothing is in it)
	 */
	err = xevf_test_vmm_up(&b->env, "ggtt=64M vram=4M max_vfs=2", &step);
	if (err) {
		pr_err("xevf_bench: GPU %u: %s: %pe\n", b->env.gpu_id, step, ERR_PTR(err));
		goto unmap;
	}
	b->vm = xevf_vm_create(b->env.xe, 0);
	err = PTR_ERR_OR_ZERO(b->vm);
	if (err)
		goto down;
	b->batch = bench_bo(b, BENCH_BATCH_VA, BENCH_BATCH_SIZE);
	err = PTR_ERR_OR_ZERO(b->batch);
	if (err)
		goto put_vm;
	b->data = bench_bo(b, BENCH_DATA_VA, BENCH_DATA_SIZE);
	err = PTR_ERR_OR_ZERO(b->data);
	if (err)
		goto put_bos;
	for (k = 0; k < BENCH_NJOBS; k++)
		bench_write_batch(b->batch, k);
	return 0;

put_bos:
	bench_put_bos(b);
put_vm:
	xevf_vm_close(b->vm);
	xevf_vm_put(b->vm);
down:
	pr_err("xevf_bench: guest set-up: %pe\n", ERR_PTR(err));
	xevf_test_vmm_down(&b->env);
unmap:
	vm_munmap(addr, XEVF_TEST_VMM_UBUF);
	return err;
}

static void bench_down(struct xevf_bench *b)
{
	bench_put_bos(b);
	xevf_vm_close(b->vm);
	xevf_vm_put(b->vm);
	xevf_test_vmm_down(&b->env);
	vm_munmap((unsigned long)b->ubuf, XEVF_TEST_VMM_UBUF);
}

/* the GGTT the guest's kernel buffers take (contexts, CT, interrupts) */
static u64 bench_ggtt_used(struct xevf_device *xe)
{
	struct xevf_kbo *kbo;
	u64 used = 0;

	guard(mutex)(&xe->ggtt.lock);
	list_for_each_entry(kbo, &xe->ggtt.kbos, link)
		used += kbo->node.size;
	return used;
}

/* wait until every queue has emitted its jobs into its ring */
static int bench_wait_emitted(struct xevf_bench *b, unsigned int nq)
{
	unsigned long end = jiffies + BENCH_TIMEOUT;
	unsigned int i;

	for (i = 0; i < nq; i++) {
		while (READ_ONCE(b->q[i]->lrc.seqno) < BENCH_JOBS) {
			if (time_after(jiffies, end)) {
				pr_err("xevf_bench: q%u: %u of %u jobs emitted\n", nq,
				       READ_ONCE(b->q[i]->lrc.seqno), BENCH_JOBS);
				return -ETIMEDOUT;
			}
			usleep_range(500, 1000);
		}
	}
	return 0;
}

/* one migration to the other VF, and its recovery's times */
static int bench_migrate(struct xevf_bench *b, unsigned int nq, unsigned int m,
			 u64 *reemitted)
{
	struct xevf_device *xe = b->env.xe;
	struct xevf_gt_vf_migration *mig = &xe->migration;
	unsigned int to = b->env.vf == 1 ? 2 : 1, s;
	u64 before, reemit0;
	const char *step;
	long left;
	int err;

	scoped_guard(mutex, &mig->lock) {
		before = mig->stats.recoveries;
		reemit0 = mig->stats.reemitted;
	}
	err = xevf_test_vmm_migrate(&b->env, to, b->ubuf, &step);
	if (err) {
		pr_err("xevf_bench: q%u: migration %u to VF%u: %s: %pe\n", nq, m, to, step,
		       ERR_PTR(err));
		return err;
	}
	left = wait_event_timeout(mig->wq, READ_ONCE(mig->stats.recoveries) > before ||
				  xevf_gt_vf_migration_wedged(xe), BENCH_TIMEOUT);
	if (xevf_gt_vf_migration_wedged(xe) || !left) {
		pr_err("xevf_bench: q%u: migration %u to VF%u: %s\n", nq, m, to,
		       left ? "the device is wedged" : "no recovery");
		return -EIO;
	}
	guard(mutex)(&mig->lock);
	if (mig->stats.recoveries != before + 1) {
		pr_err("xevf_bench: q%u: migration %u: %llu recoveries\n", nq, m,
		       mig->stats.recoveries - before);
		return -EIO;
	}
	b->total[m] = mig->stats.last_ns;
	for (s = 0; s < XEVF_MIG_STEP_COUNT; s++)
		b->step[s][m] = mig->stats.step_last_ns[s];
	*reemitted = mig->stats.reemitted - reemit0;
	return 0;
}

/* after the release: every job done once, without error, in order */
static int bench_check_jobs(struct xevf_bench *b, unsigned int nq)
{
	unsigned int k, bad = 0, first = 0;
	long left;
	int err;

	for (k = 0; k < nq * BENCH_JOBS; k++) {
		u32 count;
		u64 ufence;

		left = dma_fence_wait_timeout(b->fence[k], false, BENCH_TIMEOUT);
		err = left > 0 ? b->fence[k]->error : -ETIMEDOUT;
		count = bench_peek(b->data, BENCH_COUNT + 4 * k);
		ufence = bench_peek64(b->data, BENCH_UFENCE + 8 * k);
		if (!err && count == 1 && ufence == BENCH_UFENCE_VALUE(k))
			continue;
		if (!bad++)
			first = k;
		if (bad <= 4)
			pr_err("xevf_bench: q%u: job %u of queue %u: fence %pe, ran %u times, user fence %#llx\n",
			       nq, k % BENCH_JOBS, k / BENCH_JOBS, ERR_PTR(err), count, ufence);
	}
	for (k = 0; k < nq; k++) {
		if (xevf_lrc_hw_seqno(&b->q[k]->lrc) == BENCH_JOBS)
			continue;
		if (!bad++)
			first = k * BENCH_JOBS;
		pr_err("xevf_bench: q%u: queue %u at seqno %u of %u\n", nq, k,
		       xevf_lrc_hw_seqno(&b->q[k]->lrc), BENCH_JOBS);
	}
	if (!bad)
		return 0;
	pr_err("xevf_bench: q%u: %u of %u jobs wrong after the migrations (first: job %u)\n",
	       nq, bad, nq * BENCH_JOBS, first);
	return -EIO;
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* nearest rank: the smallest value that @pct % of the samples do not exceed */
static u64 bench_pct(const u64 *sorted, unsigned int n, unsigned int pct)
{
	return sorted[max(DIV_ROUND_UP(pct * n, 100), 1u) - 1];
}

/* a time in us with one decimal; @nq 0 for none */
static void bench_print_us(const char *metric, unsigned int nq, u64 ns)
{
	u64 tenths = div_u64(ns + 50, 100);
	char q[16] = "";

	if (nq)
		snprintf(q, sizeof(q), "_q%u", nq);
	pr_info("BENCH vf_recovery %s%s %llu.%llu us\n", metric, q,
		div_u64(tenths, 10), tenths % 10);
}

/* p50 and p99 of @ns over the migrations, as <name>_p50_q<Q> and _p99 */
static u64 bench_print_pcts(struct xevf_bench *b, const char *name, unsigned int nq,
			    const u64 *ns)
{
	char metric[48];
	u64 p50;

	memcpy(b->sorted, ns, sizeof(b->sorted));
	sort(b->sorted, BENCH_MIGRATIONS, sizeof(u64), bench_cmp_u64, NULL);
	p50 = bench_pct(b->sorted, BENCH_MIGRATIONS, 50);
	snprintf(metric, sizeof(metric), "%s_p50", name);
	bench_print_us(metric, nq, p50);
	snprintf(metric, sizeof(metric), "%s_p99", name);
	bench_print_us(metric, nq, bench_pct(b->sorted, BENCH_MIGRATIONS, 99));
	return p50;
}

static void bench_report(struct xevf_bench *b, unsigned int nq, u64 reemitted)
{
	char name[32];
	u64 p50, r;
	unsigned int s;

	p50 = bench_print_pcts(b, "total", nq, b->total);
	bench_print_us("total_p50_per_job", nq, div_u64(p50, nq * BENCH_JOBS));
	for (s = 0; s < XEVF_MIG_STEP_COUNT; s++) {
		snprintf(name, sizeof(name), "step_%s", xevf_gt_vf_migration_step_name(s));
		bench_print_pcts(b, name, nq, b->step[s]);
	}
	pr_info("BENCH vf_recovery reemitted_q%u %llu jobs\n", nq, reemitted);
	r = div64_u64(p50 * 100, max_t(u64, b->memcpy_ns, 1));
	pr_info("BENCH vf_recovery total_p50_vs_memcpy_q%u %llu.%02llu x\n", nq,
		r / 100, r % 100);
}

/* kill the queues (a failed run's jobs end with an error) and drop the fences */
static void bench_put_queues(struct xevf_bench *b, unsigned int nq)
{
	unsigned int k;

	bench_poke(b->data, BENCH_SEMA, 1);
	for (k = 0; k < nq * BENCH_JOBS; k++) {
		if (!b->fence[k])
			continue;
		dma_fence_wait_timeout(b->fence[k], false, BENCH_TIMEOUT);
		dma_fence_put(b->fence[k]);
		b->fence[k] = NULL;
	}
	for (k = 0; k < nq; k++) {
		if (!b->q[k])
			continue;
		xevf_exec_queue_kill(b->q[k]);
		xevf_exec_queue_put(b->q[k]);
		b->q[k] = NULL;
	}
}

/* Q queues of 4 blocked jobs, 50 migrations, the release, the check */
static int bench_run(struct xevf_bench *b, unsigned int nq)
{
	struct xevf_device *xe = b->env.xe;
	u64 reemitted, first = 0;
	unsigned int i, j, k, m;
	int err = 0;

	bench_poke(b->data, BENCH_SEMA, 0);
	for (k = 0; k < nq * BENCH_JOBS; k++) {
		bench_poke(b->data, BENCH_COUNT + 4 * k, 0);
		bench_poke(b->data, BENCH_UFENCE + 8 * k, 0);
		bench_poke(b->data, BENCH_UFENCE + 8 * k + 4, 0);
	}
	for (i = 0; i < nq; i++) {
		b->q[i] = xevf_exec_queue_create(xe, b->vm, DRM_XE_ENGINE_CLASS_RENDER);
		if (IS_ERR(b->q[i])) {
			err = PTR_ERR(b->q[i]);
			b->q[i] = NULL;
			pr_err("xevf_bench: q%u: exec queue %u: %pe (guest GGTT %llu KiB, %llu KiB used)\n",
			       nq, i, ERR_PTR(err), div_u64(xe->ggtt.size, SZ_1K),
			       div_u64(bench_ggtt_used(xe), SZ_1K));
			goto out;
		}
	}
	pr_info("xevf_bench: q%u: guest GGTT %llu KiB, %llu KiB used\n", nq,
		div_u64(xe->ggtt.size, SZ_1K), div_u64(bench_ggtt_used(xe), SZ_1K));
	for (j = 0; j < BENCH_JOBS; j++) {
		for (i = 0; i < nq; i++) {
			k = i * BENCH_JOBS + j;
			b->fence[k] = xevf_exec_submit(b->q[i], BENCH_BATCH_VA + 64 * k, true,
						       BENCH_DATA_VA + BENCH_UFENCE + 8 * k,
						       BENCH_UFENCE_VALUE(k));
			if (IS_ERR(b->fence[k])) {
				err = PTR_ERR(b->fence[k]);
				b->fence[k] = NULL;
				pr_err("xevf_bench: q%u: job %u of queue %u: %pe\n", nq, j, i,
				       ERR_PTR(err));
				goto out;
			}
		}
	}
	err = bench_wait_emitted(b, nq);
	if (err)
		goto out;

	for (m = 0; m < BENCH_MIGRATIONS; m++) {
		err = bench_migrate(b, nq, m, &reemitted);
		if (err)
			goto out;
		if (!m)
			first = reemitted;
		if (reemitted != nq * BENCH_JOBS || reemitted != first) {
			pr_err("xevf_bench: q%u: migration %u re-emitted %llu jobs, not %u\n",
			       nq, m, reemitted, nq * BENCH_JOBS);
			err = -EIO;
			goto out;
		}
		cond_resched();
	}
	/* nothing ran before the release */
	for (k = 0; k < nq * BENCH_JOBS; k++) {
		if (dma_fence_is_signaled(b->fence[k])) {
			pr_err("xevf_bench: q%u: job %u of queue %u ended before the release: %pe\n",
			       nq, k % BENCH_JOBS, k / BENCH_JOBS,
			       ERR_PTR(b->fence[k]->error));
			err = -EIO;
			goto out;
		}
	}
	bench_poke(b->data, BENCH_SEMA, 1);
	err = bench_check_jobs(b, nq);
	if (!err)
		bench_report(b, nq, reemitted);
out:
	if (err)
		pr_err("xevf_bench: q%u: failed: %pe; no results for %u queues\n", nq,
		       ERR_PTR(err), nq);
	bench_put_queues(b, nq);
	return err;
}

/* memcpy() of 1 MiB, the fastest of a few runs, as a reference of the machine */
static int bench_memcpy(struct xevf_bench *b)
{
	u8 *src = vzalloc(BENCH_MEMCPY), *dst = vzalloc(BENCH_MEMCPY);
	unsigned int i;
	u64 best = U64_MAX;
	ktime_t t0;

	if (!src || !dst) {
		vfree(dst);
		vfree(src);
		return -ENOMEM;
	}
	for (i = 0; i < BENCH_MEMCPY_RUNS; i++) {
		t0 = ktime_get();
		memcpy(dst, src, BENCH_MEMCPY);
		best = min_t(u64, best, ktime_to_ns(ktime_sub(ktime_get(), t0)));
		src[i] = dst[BENCH_MEMCPY - 1 - i];
	}
	vfree(dst);
	vfree(src);
	b->memcpy_ns = best;
	bench_print_us("memcpy_1MiB", 0, best);
	return 0;
}

/* memcpy, then every Q; the number of runs that failed, or an errno */
static int bench_main(struct xevf_bench *b)
{
	unsigned int i, failed = 0;
	int err;

	err = bench_memcpy(b);
	if (err)
		return err;
	/* a fresh GPU and guest per Q: a broken run leaves nothing behind */
	for (i = 0; i < ARRAY_SIZE(bench_queues); i++) {
		err = bench_up(b);
		if (err)
			return err;
		if (bench_run(b, bench_queues[i]))
			failed++;
		bench_down(b);
	}
	return failed;
}

/**
 * struct xevf_bench_thread - The benchmark's thread and the loader's
 * address space it works in.
 */
struct xevf_bench_thread {
	/** @mm: the address space of the task loading the module. */
	struct mm_struct *mm;
	/** @done: completed when the benchmark ended. */
	struct completion done;
	/** @ret: bench_main()'s result. */
	int ret;
};

/*
 * The benchmark runs in a kernel thread, as a KUnit test does: a file the
 * VMM role closes (the PF's restore file, loaded at its release) is then
 * released at once by the delayed fput, not when the loading task returns
 * to user space, after the module's init. The thread takes the loader's
 * address space for the user buffer of the PF's debugfs files.
 */
static int xevf_bench_thread_fn(void *data)
{
	struct xevf_bench_thread *t = data;
	struct xevf_bench *b = kvzalloc(sizeof(*b), GFP_KERNEL);

	kthread_use_mm(t->mm);
	t->ret = b ? bench_main(b) : -ENOMEM;
	kthread_unuse_mm(t->mm);
	kvfree(b);
	complete(&t->done);
	return 0;
}

static int __init xevf_bench_init(void)
{
	struct xevf_bench_thread t = { .mm = current->mm };
	struct task_struct *task;

	if (!t.mm) {
		pr_err("xevf_bench: loaded by a task without an address space\n");
		return -EINVAL;
	}
	mmget(t.mm);
	init_completion(&t.done);
	task = kthread_run(xevf_bench_thread_fn, &t, "xevf_bench");
	if (IS_ERR(task)) {
		t.ret = PTR_ERR(task);
	} else {
		/* a long wait, woken now and then: not a hung task */
		while (!wait_for_completion_timeout(&t.done, 10 * HZ))
			;
	}
	mmput(t.mm);
	/*
	 * Never an error: busybox's insmod would load the module again (it
	 * falls back from finit_module() to init_module() on any failure)
	 */
	if (t.ret < 0)
		pr_err("xevf_bench: failed: %pe\n", ERR_PTR(t.ret));
	else
		pr_info("BENCH vf_recovery runs_failed %d runs\n", t.ret);
	return 0;
}

static void __exit xevf_bench_exit(void)
{
}

module_init(xevf_bench_init);
module_exit(xevf_bench_exit);

MODULE_DESCRIPTION("Post-migration recovery latency of the Xe SR-IOV VF driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(XESIM);
MODULE_SOFTDEP("pre: xepf");
