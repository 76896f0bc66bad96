// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the post-migration recovery: the GGTT shift and image
 * rebase on their own, the in-place re-emission of a wrapped ring, the
 * RESFIX handshake, and live migrations of a guest between two VFs of a GPU
 * (different GGTT ranges) with a job in flight, each fix-up class knocked
 * out in turn, a second migration during the fix-ups, and a wedge.
 */

#include <drm/drm_gem.h>
#include <drm/xe_drm.h>
#include <kunit/test.h>
#include <kunit/test-bug.h>
#include <linux/dma-fence.h>
#include <linux/highmem.h>
#include <linux/sizes.h>

#include <abi/guc_actions_abi.h>
#include <abi/xe_ctx_abi.h>
#include <abi/xe_mi_abi.h>
#include <abi/xe_regs_abi.h>

#include "xevf_bo.h"
#include "xevf_bo_types.h"
#include "xevf_device_types.h"
#include "xevf_exec.h"
#include "xevf_exec_queue.h"
#include "xevf_exec_queue_types.h"
#include "xevf_ggtt.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_gt_vf_relay.h"
#include "xevf_guc_submit.h"
#include "xevf_lrc.h"
#include "xevf_test_env.h"
#include "xevf_vm.h"

#define BATCH_VA	0x100000ull
#define DATA_VA		0x200000ull
#define SEMA_OFF	0x100
#define RECOVERY_TIMEOUT	(20 * HZ)

struct xevf_mig_env {
	struct xevf_test_env *env;
	struct xevf_vm *vm;
	struct xevf_bo *batch, *data;
};

static void xevf_mig_test_put_vm(void *vm)
{
	xevf_vm_close(vm);
	xevf_vm_put(vm);
}

static void xevf_mig_test_put_bo(void *obj)
{
	drm_gem_object_put(obj);
}

static void xevf_mig_test_kill(void *q)
{
	xevf_exec_queue_kill(q);
	xevf_exec_queue_put(q);
}

static void xevf_mig_test_clear_knobs(void *xe)
{
	xevf_gt_vf_migration_set_stoppers(xe, 0);
	xevf_gt_vf_migration_set_skip(xe, 0);
}

static struct xevf_bo *xevf_mig_test_bo(struct kunit *test, struct xevf_device *xe)
{
	struct xevf_bo *bo = xevf_bo_create(xe, SZ_4K, BIT(0), DRM_XE_GEM_CPU_CACHING_WB,
					    NULL);

	KUNIT_ASSERT_FALSE(test, IS_ERR(bo));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_mig_test_put_bo,
							&bo->base), 0);
	return bo;
}

static void xevf_mig_test_setup(struct kunit *test, struct xevf_mig_env *s)
{
	s->env = xevf_test_env_up(test);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_mig_test_clear_knobs,
							s->env->xe), 0);
	s->vm = xevf_vm_create(s->env->xe, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(s->vm));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_mig_test_put_vm,
							s->vm), 0);
	s->batch = xevf_mig_test_bo(test, s->env->xe);
	s->data = xevf_mig_test_bo(test, s->env->xe);
	KUNIT_ASSERT_EQ(test, xevf_vm_bind_range(s->vm, &s->batch->base, 0, BATCH_VA,
						 SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, xevf_vm_bind_range(s->vm, &s->data->base, 0, DATA_VA,
						 SZ_4K, 0), 0);
}

static struct xevf_exec_queue *xevf_mig_test_queue(struct kunit *test,
						   struct xevf_mig_env *s)
{
	struct xevf_exec_queue *q = xevf_exec_queue_create(s->env->xe, s->vm,
							   DRM_XE_ENGINE_CLASS_RENDER);

	KUNIT_ASSERT_FALSE(test, IS_ERR(q));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_mig_test_kill, q), 0);
	/* a failed test releases a held recovery before the queue is killed */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_mig_test_clear_knobs,
							s->env->xe), 0);
	return q;
}

static u32 xevf_mig_test_peek(struct xevf_bo *bo, u32 offset)
{
	u32 *p = kmap_local_page(bo->pages[0]), v;

	v = READ_ONCE(p[offset / 4]);
	kunmap_local(p);
	return v;
}

static void xevf_mig_test_poke(struct xevf_bo *bo, u32 offset, u32 v)
{
	u32 *p = kmap_local_page(bo->pages[0]);

	WRITE_ONCE(p[offset / 4], v);
	kunmap_local(p);
}

/*
 * A batch that waits until the semaphore dword is 1 (polling: the job stays
 * in the ring, and the context queued in the GuC, until the test says so),
 * then stores @val.
 */
static void xevf_mig_test_sema_batch(struct xevf_bo *batch, u32 val)
{
	u32 *dw = kmap_local_page(batch->pages[0]);

	dw[0] = MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL |
		MI_SEMAPHORE_OP(MI_SEMAPHORE_SAD_EQ_SDD) | XE_INSTR_NUM_DW(4);
	dw[1] = 1;
	dw[2] = lower_32_bits(DATA_VA + SEMA_OFF);
	dw[3] = upper_32_bits(DATA_VA + SEMA_OFF);
	dw[4] = MI_STORE_DATA_IMM | MI_SDI_NUM_DW(1);
	dw[5] = lower_32_bits(DATA_VA);
	dw[6] = upper_32_bits(DATA_VA);
	dw[7] = val;
	dw[8] = MI_BATCH_BUFFER_END;
	dw[9] = MI_NOOP;
	kunmap_local(dw);
}

static void xevf_mig_test_put_fence(void *fence)
{
	dma_fence_put(fence);
}

/* submit a batch; the fence's reference is the caller's, a second the test's */
static struct dma_fence *xevf_mig_test_submit(struct kunit *test, struct xevf_exec_queue *q,
					      bool ufence, u64 addr, u64 value)
{
	struct dma_fence *fence = xevf_exec_submit(q, BATCH_VA, ufence, addr, value);

	KUNIT_ASSERT_FALSE(test, IS_ERR(fence));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_mig_test_put_fence,
							dma_fence_get(fence)), 0);
	return fence;
}

static int xevf_mig_test_wait(struct dma_fence *fence)
{
	long left = dma_fence_wait_timeout(fence, false, 30 * HZ);
	int err = left > 0 ? fence->error : -ETIMEDOUT;

	dma_fence_put(fence);
	return err;
}

/* wait for the recovery count to pass @before, or the device to wedge */
static void xevf_mig_test_recovered(struct kunit *test, struct xevf_device *xe, u64 before)
{
	long left = wait_event_timeout(xe->migration.wq,
				       READ_ONCE(xe->migration.stats.recoveries) > before ||
				       xevf_gt_vf_migration_wedged(xe),
				       RECOVERY_TIMEOUT);

	KUNIT_ASSERT_GT_MSG(test, left, 0, "no recovery within %d s", RECOVERY_TIMEOUT / HZ);
	KUNIT_ASSERT_FALSE(test, xevf_gt_vf_migration_wedged(xe));
	KUNIT_EXPECT_EQ(test, READ_ONCE(xe->migration.stats.recoveries), before + 1);
}

/* wait until the worker holds at a stopper */
static void xevf_mig_test_held(struct kunit *test, struct xevf_device *xe, u32 stopper)
{
	long left = wait_event_timeout(xe->migration.wq,
				       READ_ONCE(xe->migration.held) == stopper,
				       RECOVERY_TIMEOUT);

	KUNIT_ASSERT_GT_MSG(test, left, 0, "recovery not held at %#x", stopper);
}

/* a store batch on a fresh queue lands: the device works after the move */
static void xevf_mig_test_works(struct kunit *test, struct xevf_mig_env *s, u32 val)
{
	struct xevf_exec_queue *q = xevf_mig_test_queue(test, s);
	struct dma_fence *fence;
	u32 *dw = kmap_local_page(s->batch->pages[0]);

	dw[0] = MI_STORE_DATA_IMM | MI_SDI_NUM_DW(1);
	dw[1] = lower_32_bits(DATA_VA);
	dw[2] = upper_32_bits(DATA_VA);
	dw[3] = val;
	dw[4] = MI_BATCH_BUFFER_END;
	dw[5] = MI_NOOP;
	kunmap_local(dw);
	fence = xevf_exec_submit(q, BATCH_VA, false, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fence));
	KUNIT_EXPECT_EQ(test, xevf_mig_test_wait(fence), 0);
	KUNIT_EXPECT_EQ(test, xevf_mig_test_peek(s->data, 0), val);
}

/*
 * The GGTT shift is one store: every kernel buffer's address follows the
 * base (forward past the range, overlapping it, backward, not at all, to
 * the top of what the GuC reaches), the image rebase rewrites the ring and
 * status page addresses from it, and a buffer whose PTE writes a migration
 * raced gets them written again. A base the GuC cannot reach is refused.
 */
static void xevf_mig_test_shift(struct kunit *test)
{
	struct xevf_test_env *env = xevf_test_env_up(test);
	struct xevf_device *xe = env->xe;
	u64 base = xevf_ggtt_base(xe), size = xe->ggtt.size, off, shifts;
	const u64 bases[] = {
		base + size,			/* forward, disjoint */
		base + size / 2,		/* forward, overlapping */
		base + size / 2 - SZ_64K,	/* backward, overlapping */
		base + size / 2 - SZ_64K,	/* zero */
		GUC_GGTT_TOP - size,		/* large */
		base,				/* and home */
	};
	struct xevf_lrc lrc;
	unsigned int i;
	u64 rewrites;

	KUNIT_ASSERT_EQ(test, xevf_lrc_init(xe, &lrc, 0), 0);
	off = xevf_lrc_ggtt(&lrc) - base;
	for (i = 0; i < ARRAY_SIZE(bases); i++) {
		shifts = xe->ggtt.shifts;
		KUNIT_ASSERT_EQ(test, xevf_ggtt_shift(xe, bases[i]), 0);
		KUNIT_EXPECT_EQ(test, xevf_ggtt_base(xe), bases[i]);
		KUNIT_EXPECT_EQ(test, xevf_lrc_ggtt(&lrc), bases[i] + off);
		KUNIT_EXPECT_EQ(test, xe->ggtt.shifts,
				shifts + (i && bases[i] == bases[i - 1] ? 0 : 1));
		KUNIT_EXPECT_GT(test, xevf_ggtt_rebase(xe), 0u);
		KUNIT_EXPECT_EQ(test, xevf_lrc_read_image(&lrc, XESIM_CTX_OFF_RING_START),
				(u32)xevf_lrc_ring_ggtt(&lrc));
		KUNIT_EXPECT_EQ(test, xevf_lrc_read_image(&lrc, XESIM_CTX_OFF_HWSP),
				(u32)xevf_lrc_hwsp_ggtt(&lrc));
	}
	/* a raced mapping is written again by the next shift, and only once */
	rewrites = xe->ggtt.pte_rewrites;
	scoped_guard(mutex, &xe->ggtt.lock)
		lrc.kbo->pte_stale = true;
	KUNIT_ASSERT_EQ(test, xevf_ggtt_shift(xe, base), 0);
	KUNIT_EXPECT_EQ(test, xe->ggtt.pte_rewrites,
			rewrites + lrc.kbo->node.size / XE_GGTT_PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, lrc.kbo->pte_stale);
	KUNIT_ASSERT_EQ(test, xevf_ggtt_shift(xe, base), 0);
	KUNIT_EXPECT_EQ(test, xe->ggtt.pte_rewrites,
			rewrites + lrc.kbo->node.size / XE_GGTT_PAGE_SIZE);
	/* out of the GuC's reach, or not page aligned */
	KUNIT_EXPECT_EQ(test, xevf_ggtt_shift(xe, GUC_GGTT_TOP - size + SZ_4K), -ERANGE);
	KUNIT_EXPECT_EQ(test, xevf_ggtt_shift(xe, base + 1), -ERANGE);
	KUNIT_EXPECT_EQ(test, xevf_ggtt_base(xe), base);
	xevf_lrc_fini(xe, &lrc);
}

/*
 * Re-emission is in place: a job whose commands wrap around the end of the
 * ring is written again at the same offsets, with the status page address
 * of the new base and every other dword as it was; head and tail stay.
 */
static void xevf_mig_test_reemit_wrap(struct kunit *test)
{
	struct xevf_test_env *env = xevf_test_env_up(test);
	struct xevf_device *xe = env->xe;
	u64 base = xevf_ggtt_base(xe), old_seqno;
	u32 want[XEVF_LRC_JOB_DWORDS], tail, i, n;
	struct xevf_lrc_job job = {
		.batch = BATCH_VA, .ufence = true,
		.ufence_addr = DATA_VA + 8, .ufence_value = 0x1234,
	};
	struct xevf_lrc lrc;

	KUNIT_ASSERT_EQ(test, xevf_lrc_init(xe, &lrc, 0), 0);
	/* the job starts 12 bytes before the end of the ring */
	lrc.tail = lrc.ring_size - 12;
	xevf_lrc_submit_job(&lrc, &job);
	KUNIT_ASSERT_EQ(test, job.head, lrc.ring_size - 12);
	KUNIT_ASSERT_GT(test, 4 * job.dwords, 12u);
	tail = lrc.tail;
	KUNIT_EXPECT_EQ(test, tail, 4 * job.dwords - 12);
	old_seqno = xevf_lrc_seqno_ggtt(&lrc);
	n = xevf_lrc_emit_job(want, job.batch, old_seqno, job.seqno, true, job.ufence_addr,
			      job.ufence_value);
	KUNIT_ASSERT_EQ(test, n, job.dwords);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, xevf_lrc_ring_dw(&lrc, job.head + 4 * i), want[i]);

	KUNIT_ASSERT_EQ(test, xevf_ggtt_shift(xe, base + xe->ggtt.size), 0);
	KUNIT_ASSERT_NE(test, xevf_lrc_seqno_ggtt(&lrc), old_seqno);
	KUNIT_ASSERT_EQ(test, xevf_lrc_reemit_job(&lrc, &job), 0);
	n = xevf_lrc_emit_job(want, job.batch, xevf_lrc_seqno_ggtt(&lrc), job.seqno, true,
			      job.ufence_addr, job.ufence_value);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, xevf_lrc_ring_dw(&lrc, job.head + 4 * i), want[i]);
	/* the dword after the job is untouched, and so are tail and head */
	KUNIT_EXPECT_EQ(test, xevf_lrc_ring_dw(&lrc, tail), 0u);
	KUNIT_EXPECT_EQ(test, lrc.tail, tail);
	KUNIT_EXPECT_EQ(test, xevf_lrc_read_image(&lrc, XESIM_CTX_OFF_RING_TAIL), tail);
	KUNIT_EXPECT_EQ(test, xevf_lrc_read_image(&lrc, XESIM_CTX_OFF_RING_HEAD), 0u);
	KUNIT_ASSERT_EQ(test, xevf_ggtt_shift(xe, base), 0);
	xevf_lrc_fini(xe, &lrc);
}

/*
 * The handshake outside fix-ups: a running VF's RESFIX_START and DONE are
 * refused by the GuC with INVALID_STATE (-EPERM, what a spurious MIGRATED
 * meets), and a zero or oversized marker never leaves the driver.
 */
static void xevf_mig_test_resfix_refused(struct kunit *test)
{
	struct xevf_test_env *env = xevf_test_env_up(test);
	struct xevf_device *xe = env->xe;
	u64 requests = xe->relay.requests;

	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_resfix_start(xe, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_resfix_done(xe, 0x1000), -EINVAL);
	KUNIT_EXPECT_EQ(test, xe->relay.requests, requests);
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_resfix_start(xe, 7), -EPERM);
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_resfix_done(xe, 7), -EPERM);
	KUNIT_EXPECT_EQ(test, xe->relay.last_error, XE_GUC_RESPONSE_INVALID_STATE);
}

/*
 * An idle guest moves to VF2 (another GGTT range) and back: each time the
 * recovery ends with RESFIX_DONE, the driver's GGTT base is the range the
 * PF gave the destination, and new work runs.
 */
static void xevf_mig_test_idle(struct kunit *test)
{
	struct xevf_mig_env s;
	struct xevf_device *xe;
	u64 before;

	xevf_mig_test_setup(test, &s);
	xe = s.env->xe;
	xevf_mig_test_works(test, &s, 0x1d1e0001);
	before = xe->migration.stats.recoveries;
	KUNIT_ASSERT_EQ(test, xevf_test_migrate(test, s.env, 2), 0);
	xevf_mig_test_recovered(test, xe, before);
	KUNIT_EXPECT_EQ(test, xevf_ggtt_base(xe), xevf_test_vf_ggtt(test, s.env->gpu_id, 2));
	KUNIT_EXPECT_NE(test, xevf_test_vf_ggtt(test, s.env->gpu_id, 1),
			xevf_test_vf_ggtt(test, s.env->gpu_id, 2));
	xevf_mig_test_works(test, &s, 0x1d1e0002);
	KUNIT_ASSERT_EQ(test, xevf_test_migrate(test, s.env, 1), 0);
	xevf_mig_test_recovered(test, xe, before + 1);
	KUNIT_EXPECT_EQ(test, xevf_ggtt_base(xe), xevf_test_vf_ggtt(test, s.env->gpu_id, 1));
	xevf_mig_test_works(test, &s, 0x1d1e0003);
	KUNIT_EXPECT_EQ(test, xe->migration.stats.wedges, 0ull);
}

struct xevf_mig_knockout {
	const char *name;
	u32 skip;
	int err;
};

static const struct xevf_mig_knockout xevf_mig_knockouts[] = {
	{ "none", 0, 0 },
	{ "ggtt-shift", XEVF_MIG_SKIP_GGTT, -EIO },
	{ "image-rebase", XEVF_MIG_SKIP_REBASE, -EIO },
	{ "ring-reemit", XEVF_MIG_SKIP_REEMIT, -EIO },
};

static void xevf_mig_knockout_desc(const struct xevf_mig_knockout *k, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "skip %s", k->name);
}

KUNIT_ARRAY_PARAM(xevf_mig_knockout, xevf_mig_knockouts, xevf_mig_knockout_desc);

/*
 * A job sits in the ring across the migration, its batch waiting on a
 * semaphore that the test releases afterwards. With every fix-up it
 * completes: its store lands, its fence signals without error, exactly once.
 * With one fix-up class skipped, the stale GGTT address it leaves behind
 * (ring start, status page, or the re-emitted seqno store) makes the
 * engine fault: the fence fails with -EIO and the queue is banned.
 */
static void xevf_mig_test_inflight(struct kunit *test)
{
	const struct xevf_mig_knockout *k = test->param_value;
	struct xevf_exec_queue *q;
	struct dma_fence *fence;
	struct xevf_mig_env s;
	struct xevf_device *xe;
	u64 before, reemitted;
	int err;

	xevf_mig_test_setup(test, &s);
	xe = s.env->xe;
	q = xevf_mig_test_queue(test, &s);
	xevf_mig_test_sema_batch(s.batch, 0x5e3a0001);
	fence = xevf_mig_test_submit(test, q, true, DATA_VA + 8, 77);
	KUNIT_ASSERT_EQ(test, xevf_gt_vf_migration_set_skip(xe, k->skip), 0);
	before = xe->migration.stats.recoveries;
	reemitted = xe->migration.stats.reemitted;
	KUNIT_ASSERT_EQ(test, xevf_test_migrate(test, s.env, 2), 0);
	xevf_mig_test_recovered(test, xe, before);
	/* a stale ring start or status page may fault before the release */
	if (!k->err)
		KUNIT_EXPECT_FALSE(test, dma_fence_is_signaled(fence));
	if (!k->skip)
		KUNIT_EXPECT_EQ(test, xe->migration.stats.reemitted, reemitted + 1);
	xevf_mig_test_poke(s.data, SEMA_OFF, 1);
	err = xevf_mig_test_wait(fence);
	KUNIT_EXPECT_EQ(test, err, k->err);
	KUNIT_EXPECT_EQ(test, xevf_guc_submit_banned(q), !!k->err);
	if (!k->err) {
		KUNIT_EXPECT_EQ(test, xevf_mig_test_peek(s.data, 0), 0x5e3a0001u);
		KUNIT_EXPECT_EQ(test, xevf_mig_test_peek(s.data, 8), 77u);
		KUNIT_EXPECT_EQ(test, xevf_lrc_hw_seqno(&q->lrc), 1u);
	}
}

/*
 * A second migration while the first one's fix-ups are held before
 * RESFIX_DONE: DONE gets VF_MIGRATED, the worker starts over with a new
 * marker and the GGTT base of the second destination, and the job in flight
 * completes as if nothing had happened.
 */
static void xevf_mig_test_double(struct kunit *test)
{
	struct xevf_exec_queue *q;
	struct dma_fence *fence;
	struct xevf_mig_env s;
	struct xevf_device *xe;
	u64 before, restarts;

	xevf_mig_test_setup(test, &s);
	xe = s.env->xe;
	q = xevf_mig_test_queue(test, &s);
	xevf_mig_test_sema_batch(s.batch, 0xd0b1e001);
	fence = xevf_mig_test_submit(test, q, false, 0, 0);
	before = xe->migration.stats.recoveries;
	restarts = xe->migration.stats.restarts;
	KUNIT_ASSERT_EQ(test, xevf_gt_vf_migration_set_stoppers(xe, XEVF_MIG_STOP_DONE), 0);
	KUNIT_ASSERT_EQ(test, xevf_test_migrate(test, s.env, 2), 0);
	xevf_mig_test_held(test, xe, XEVF_MIG_STOP_DONE);
	KUNIT_ASSERT_EQ(test, xevf_test_migrate(test, s.env, 1), 0);
	KUNIT_ASSERT_EQ(test, xevf_gt_vf_migration_set_stoppers(xe, 0), 0);
	xevf_mig_test_recovered(test, xe, before);
	KUNIT_EXPECT_GE(test, xe->migration.stats.restarts, restarts + 1);
	KUNIT_EXPECT_EQ(test, xevf_ggtt_base(xe), xevf_test_vf_ggtt(test, s.env->gpu_id, 1));
	xevf_mig_test_poke(s.data, SEMA_OFF, 1);
	KUNIT_EXPECT_EQ(test, xevf_mig_test_wait(fence), 0);
	KUNIT_EXPECT_EQ(test, xevf_mig_test_peek(s.data, 0), 0xd0b1e001u);
	KUNIT_EXPECT_EQ(test, xevf_lrc_hw_seqno(&q->lrc), 1u);
}

static void xevf_mig_test_gpu_knob(struct kunit *test, unsigned int gpu_id,
				   const char *knob, const char *val)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/kernel/debug/xesim/xesim%u/fail_%s", gpu_id, knob);
	KUNIT_EXPECT_EQ_MSG(test, xevf_test_dfs_write(test, path, val), 0, "%s < %s", path, val);
}

static void xevf_mig_test_disarm(void *data)
{
	struct xevf_test_env *env = data;

	xevf_mig_test_gpu_knob(kunit_get_current_test(), env->gpu_id, "guc_drop", "0");
	xevf_mig_test_gpu_knob(kunit_get_current_test(), env->gpu_id, "guc_query", "0");
}

struct xevf_mig_wedge {
	const char *name;
	u32 stopper;		/* where the GuC starts failing */
	const char *knob;	/* how: the device's fail_<knob>, armed with -1 */
	unsigned int step;	/* the step named by the wedge */
	int err;		/* and its errno */
};

static const struct xevf_mig_wedge xevf_mig_wedges[] = {
	{ "start-timeout", XEVF_MIG_STOP_START, "guc_drop", XEVF_MIG_STEP_START, -ETIMEDOUT },
	{ "query-refused", XEVF_MIG_STOP_START, "guc_query", XEVF_MIG_STEP_QUERY, -EREMOTEIO },
	{ "done-timeout", XEVF_MIG_STOP_DONE, "guc_drop", XEVF_MIG_STEP_DONE, -ETIMEDOUT },
};

static void xevf_mig_wedge_desc(const struct xevf_mig_wedge *w, char *desc)
{
	strscpy(desc, w->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xevf_mig_wedge, xevf_mig_wedges, xevf_mig_wedge_desc);

/*
 * A GuC that fails the recovery wedges the device: silent at RESFIX_START
 * or at RESFIX_DONE (the relay times out), or refusing the provisioning
 * query. Each gives one wedge naming its step and errno (debugfs
 * ``recovery``: ``wedged_at``); the job in flight fails with -EIO, new exec
 * queues are refused with -ECANCELED, nothing hangs, and the unbind at the
 * end of the test works. A changed provisioning takes the same path (``goto
 * wedge``) from the same step; xevf_mig_test_config judges that check.
 */
static void xevf_mig_test_wedge(struct kunit *test)
{
	const struct xevf_mig_wedge *w = test->param_value;
	struct xevf_exec_queue *q;
	struct dma_fence *fence;
	struct xevf_mig_env s;
	struct xevf_device *xe;
	long left;

	xevf_mig_test_setup(test, &s);
	xe = s.env->xe;
	q = xevf_mig_test_queue(test, &s);
	xevf_mig_test_sema_batch(s.batch, 1);
	fence = xevf_mig_test_submit(test, q, false, 0, 0);
	KUNIT_ASSERT_EQ(test, xevf_gt_vf_migration_set_stoppers(xe, w->stopper), 0);
	KUNIT_ASSERT_EQ(test, xevf_test_migrate(test, s.env, 2), 0);
	xevf_mig_test_held(test, xe, w->stopper);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_mig_test_disarm, s.env), 0);
	xevf_mig_test_gpu_knob(test, s.env->gpu_id, w->knob, "-1");
	KUNIT_ASSERT_EQ(test, xevf_gt_vf_migration_set_stoppers(xe, 0), 0);
	left = wait_event_timeout(xe->migration.wq, xevf_gt_vf_migration_wedged(xe),
				  RECOVERY_TIMEOUT);
	KUNIT_ASSERT_GT(test, left, 0);
	KUNIT_EXPECT_EQ(test, xe->migration.stats.wedges, 1ull);
	KUNIT_EXPECT_EQ(test, xe->migration.stats.wedge_step, w->step);
	KUNIT_EXPECT_EQ(test, xe->migration.stats.wedge_err, w->err);
	KUNIT_EXPECT_EQ(test, xevf_mig_test_wait(fence), -EIO);
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_migration_wait_idle(xe), -ECANCELED);
	KUNIT_EXPECT_FALSE(test, xevf_gt_vf_migration_pending(xe));
	xevf_mig_test_disarm(s.env);
}

/* a provisioning the destination's GuC could report, and the verdict */
struct xevf_mig_cfg_case {
	const char *name;
	s64 ggtt_start, ggtt_size, lmem_size;	/* deltas to the device's */
	int num_ctxs, num_dbs;
	int err;
};

static const struct xevf_mig_cfg_case xevf_mig_cfg_cases[] = {
	{ "same", 0, 0, 0, 0, 0, 0 },
	{ "ggtt-start-moved", SZ_16M, 0, 0, 0, 0, 0 },
	{ "ggtt-start-back", -SZ_4K, 0, 0, 0, 0, 0 },
	{ "ggtt-size-shrunk", SZ_16M, -SZ_64K, 0, 0, 0, -EREMCHG },
	{ "ggtt-size-grown", 0, SZ_4K, 0, 0, 0, -EREMCHG },
	{ "lmem-changed", 0, 0, SZ_2M, 0, 0, -EREMCHG },
	{ "contexts-changed", 0, 0, 0, -1, 0, -EREMCHG },
	{ "doorbells-changed", 0, 0, 0, 0, 1, -EREMCHG },
};

static void xevf_mig_cfg_desc(const struct xevf_mig_cfg_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xevf_mig_cfg, xevf_mig_cfg_cases, xevf_mig_cfg_desc);

/*
 * The provisioning check of step c: only the GGTT start may differ from
 * what the driver was brought up with; every other change is refused with
 * -EREMCHG, which wedges the device (the same path as the timeouts above).
 */
static void xevf_mig_test_config(struct kunit *test)
{
	const struct xevf_mig_cfg_case *c = test->param_value;
	struct xevf_test_env *env = xevf_test_env_up(test);
	struct xevf_vf_config cfg;
	struct xevf_device *xe;

	xe = env->xe;
	KUNIT_ASSERT_NOT_NULL(test, xe);
	cfg = xe->config;
	cfg.ggtt_start += c->ggtt_start;
	cfg.ggtt_size += c->ggtt_size;
	cfg.lmem_size += c->lmem_size;
	cfg.num_ctxs += c->num_ctxs;
	cfg.num_dbs += c->num_dbs;
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_migration_check_config(xe, &cfg), c->err);
}

static struct kunit_case xevf_migration_test_cases[] = {
	KUNIT_CASE(xevf_mig_test_shift),
	KUNIT_CASE(xevf_mig_test_reemit_wrap),
	KUNIT_CASE(xevf_mig_test_resfix_refused),
	KUNIT_CASE_SLOW(xevf_mig_test_idle),
	KUNIT_CASE_PARAM_ATTR(xevf_mig_test_inflight, xevf_mig_knockout_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_SLOW(xevf_mig_test_double),
	KUNIT_CASE_PARAM_ATTR(xevf_mig_test_wedge, xevf_mig_wedge_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_PARAM(xevf_mig_test_config, xevf_mig_cfg_gen_params),
	{}
};

static struct kunit_suite xevf_migration_test_suite = {
	.name = "xevf_migration",
	.test_cases = xevf_migration_test_cases,
};

kunit_test_suite(xevf_migration_test_suite);
