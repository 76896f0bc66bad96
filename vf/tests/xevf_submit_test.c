// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of GuC submission on a live device: a batch in a VM's ppGTT
 * runs on the engine, its seqno and user fence land in memory, a faulting
 * or hanging batch bans its queue and the device keeps working.
 */

#include <drm/drm_gem.h>
#include <drm/xe_drm.h>
#include <kunit/test.h>
#include <linux/dma-fence.h>
#include <linux/highmem.h>
#include <linux/sizes.h>

#include <abi/xe_ctx_abi.h>
#include <abi/xe_mi_abi.h>

#include "xevf_bo.h"
#include "xevf_bo_types.h"
#include "xevf_device_types.h"
#include "xevf_exec.h"
#include "xevf_exec_queue.h"
#include "xevf_exec_queue_types.h"
#include "xevf_guc_submit.h"
#include "xevf_lrc.h"
#include "xevf_test_env.h"
#include "xevf_vm.h"

#define BATCH_VA	0x100000ull
#define DATA_VA		0x200000ull

struct xevf_submit_env {
	struct xevf_test_env *env;
	struct xevf_vm *vm;
	struct xevf_bo *batch, *data;
};

static void xevf_submit_test_put_vm(void *vm)
{
	xevf_vm_close(vm);
	xevf_vm_put(vm);
}

static void xevf_submit_test_put_bo(void *obj)
{
	drm_gem_object_put(obj);
}

static void xevf_submit_test_kill(void *q)
{
	xevf_exec_queue_kill(q);
	xevf_exec_queue_put(q);
}

static struct xevf_bo *xevf_submit_test_bo(struct kunit *test, struct xevf_device *xe)
{
	struct xevf_bo *bo = xevf_bo_create(xe, SZ_4K, BIT(0), DRM_XE_GEM_CPU_CACHING_WB,
					    NULL);

	KUNIT_ASSERT_FALSE(test, IS_ERR(bo));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_submit_test_put_bo,
							&bo->base), 0);
	return bo;
}

static void xevf_submit_test_setup(struct kunit *test, struct xevf_submit_env *s)
{
	s->env = xevf_test_env_up(test);
	s->vm = xevf_vm_create(s->env->xe, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(s->vm));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_submit_test_put_vm,
							s->vm), 0);
	s->batch = xevf_submit_test_bo(test, s->env->xe);
	s->data = xevf_submit_test_bo(test, s->env->xe);
	KUNIT_ASSERT_EQ(test, xevf_vm_bind_range(s->vm, &s->batch->base, 0, BATCH_VA,
						 SZ_4K, 0), 0);
	KUNIT_ASSERT_EQ(test, xevf_vm_bind_range(s->vm, &s->data->base, 0, DATA_VA,
						 SZ_4K, 0), 0);
}

static struct xevf_exec_queue *xevf_submit_test_queue(struct kunit *test,
						      struct xevf_submit_env *s, u16 class)
{
	struct xevf_exec_queue *q = xevf_exec_queue_create(s->env->xe, s->vm, class);

	KUNIT_ASSERT_FALSE(test, IS_ERR(q));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_submit_test_kill, q), 0);
	return q;
}

/* a batch that stores @val at @va, then ends */
static void xevf_submit_test_batch(struct xevf_bo *batch, u64 va, u32 val)
{
	u32 *dw = kmap_local_page(batch->pages[0]);

	dw[0] = MI_STORE_DATA_IMM | MI_SDI_NUM_DW(1);
	dw[1] = lower_32_bits(va);
	dw[2] = upper_32_bits(va);
	dw[3] = val;
	dw[4] = MI_BATCH_BUFFER_END;
	dw[5] = MI_NOOP;
	kunmap_local(dw);
}

static u64 xevf_submit_test_read(struct xevf_bo *bo, u32 offset)
{
	u8 *p = kmap_local_page(bo->pages[0]);
	u64 v;

	memcpy(&v, p + offset, sizeof(v));
	kunmap_local(p);
	return v;
}

static int xevf_submit_test_wait(struct dma_fence *fence)
{
	long left = dma_fence_wait_timeout(fence, false, 30 * HZ);
	int err = left > 0 ? fence->error : -ETIMEDOUT;

	dma_fence_put(fence);
	return err;
}

static void xevf_submit_test_run(struct kunit *test, u16 class)
{
	struct xevf_submit_env s;
	struct xevf_exec_queue *q;
	struct dma_fence *fence;
	unsigned int i;

	xevf_submit_test_setup(test, &s);
	q = xevf_submit_test_queue(test, &s, class);
	for (i = 1; i <= 3; i++) {
		xevf_submit_test_batch(s.batch, DATA_VA, 0xc0de0000 + i);
		fence = xevf_exec_submit(q, BATCH_VA, true, DATA_VA + 8, 100 + i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(fence));
		KUNIT_ASSERT_EQ(test, xevf_submit_test_wait(fence), 0);
		/* the engine wrote through the ppGTT: batch store and user fence */
		KUNIT_EXPECT_EQ(test, (u32)xevf_submit_test_read(s.data, 0), 0xc0de0000 + i);
		KUNIT_EXPECT_EQ(test, xevf_submit_test_read(s.data, 8), 100ull + i);
		/* and the seqno through the GGTT, into the status page */
		KUNIT_EXPECT_EQ(test, xevf_lrc_hw_seqno(&q->lrc), i);
	}
	/* the engine consumed the ring up to the published tail */
	KUNIT_EXPECT_EQ(test, xevf_lrc_read_image(&q->lrc, XESIM_CTX_OFF_RING_HEAD),
			xevf_lrc_read_image(&q->lrc, XESIM_CTX_OFF_RING_TAIL));
	KUNIT_EXPECT_FALSE(test, xevf_guc_submit_banned(q));
}

static void xevf_submit_test_render(struct kunit *test)
{
	xevf_submit_test_run(test, DRM_XE_ENGINE_CLASS_RENDER);
}

static void xevf_submit_test_copy(struct kunit *test)
{
	xevf_submit_test_run(test, DRM_XE_ENGINE_CLASS_COPY);
}

static void xevf_submit_test_fault_bans(struct kunit *test)
{
	struct xevf_exec_queue *bad, *good;
	struct xevf_submit_env s;
	struct dma_fence *fence;
	u64 resets;

	xevf_submit_test_setup(test, &s);
	bad = xevf_submit_test_queue(test, &s, DRM_XE_ENGINE_CLASS_RENDER);
	good = xevf_submit_test_queue(test, &s, DRM_XE_ENGINE_CLASS_RENDER);
	resets = s.env->xe->submit.resets;
	/* a store to an address nothing is bound at: a device fault */
	xevf_submit_test_batch(s.batch, 0x7700000ull, 1);
	fence = xevf_exec_submit(bad, BATCH_VA, false, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fence));
	KUNIT_EXPECT_EQ(test, xevf_submit_test_wait(fence), -EIO);
	KUNIT_EXPECT_TRUE(test, xevf_guc_submit_banned(bad));
	KUNIT_EXPECT_EQ(test, s.env->xe->submit.resets, resets + 1);
	KUNIT_EXPECT_EQ(test, xevf_lrc_read_image(&bad->lrc, XESIM_CTX_OFF_STATE),
			XESIM_CTX_STATE_FAULTED);
	/* later jobs of the banned queue fail at once */
	fence = xevf_exec_submit(bad, BATCH_VA, false, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fence));
	KUNIT_EXPECT_EQ(test, xevf_submit_test_wait(fence), -ECANCELED);
	/* the other queue, and the device, keep working */
	xevf_submit_test_batch(s.batch, DATA_VA, 0x600d);
	fence = xevf_exec_submit(good, BATCH_VA, false, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fence));
	KUNIT_EXPECT_EQ(test, xevf_submit_test_wait(fence), 0);
	KUNIT_EXPECT_EQ(test, (u32)xevf_submit_test_read(s.data, 0), 0x600du);
}

static void xevf_submit_test_hang_bans(struct kunit *test)
{
	struct xevf_exec_queue *hung, *good;
	struct xevf_submit_env s;
	struct dma_fence *fence;
	u32 *dw;

	xevf_submit_test_setup(test, &s);
	hung = xevf_submit_test_queue(test, &s, DRM_XE_ENGINE_CLASS_RENDER);
	good = xevf_submit_test_queue(test, &s, DRM_XE_ENGINE_CLASS_RENDER);
	/* wait for a dword that never becomes 1: the job never completes */
	dw = kmap_local_page(s.batch->pages[0]);
	dw[0] = MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL |
		MI_SEMAPHORE_OP(MI_SEMAPHORE_SAD_EQ_SDD) | XE_INSTR_NUM_DW(4);
	dw[1] = 1;
	dw[2] = lower_32_bits(DATA_VA + 64);
	dw[3] = upper_32_bits(DATA_VA + 64);
	dw[4] = MI_BATCH_BUFFER_END;
	dw[5] = MI_NOOP;
	kunmap_local(dw);
	fence = xevf_exec_submit(hung, BATCH_VA, false, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fence));
	/* the scheduler's timeout bans the queue and cancels the job */
	KUNIT_EXPECT_EQ(test, xevf_submit_test_wait(fence), -ECANCELED);
	KUNIT_EXPECT_TRUE(test, xevf_guc_submit_banned(hung));
	KUNIT_EXPECT_EQ(test, xevf_lrc_hw_seqno(&hung->lrc), 0u);
	/* the engine is free again for the other queue */
	xevf_submit_test_batch(s.batch, DATA_VA, 0xa11e);
	fence = xevf_exec_submit(good, BATCH_VA, false, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fence));
	KUNIT_EXPECT_EQ(test, xevf_submit_test_wait(fence), 0);
	KUNIT_EXPECT_EQ(test, (u32)xevf_submit_test_read(s.data, 0), 0xa11eu);
}

/*
 * A job's fences outlive its queue: a syncobj or a sync_file may hold them
 * after the queue was destroyed, and asking them their timeline (as the
 * SYNC_IOC_FILE_INFO ioctl does) reads the queue's scheduler and name.
 */
static void xevf_submit_test_fence_outlives_queue(struct kunit *test)
{
	struct dma_fence *finished, *hw;
	struct xevf_submit_env s;
	struct xevf_exec_queue *q;
	char name[sizeof(q->name)];

	xevf_submit_test_setup(test, &s);
	q = xevf_exec_queue_create(s.env->xe, s.vm, DRM_XE_ENGINE_CLASS_RENDER);
	KUNIT_ASSERT_FALSE(test, IS_ERR(q));
	strscpy(name, q->name, sizeof(name));
	xevf_submit_test_batch(s.batch, DATA_VA, 0xf00d);
	finished = xevf_exec_submit(q, BATCH_VA, false, 0, 0);
	if (IS_ERR(finished)) {
		xevf_submit_test_kill(q);
		KUNIT_FAIL(test, "submission: %pe", finished);
		return;
	}
	dma_fence_get(finished);
	KUNIT_EXPECT_EQ(test, xevf_submit_test_wait(finished), 0);
	/* the scheduler fences hold the hardware fence as their parent */
	hw = dma_fence_get(to_drm_sched_fence(finished)->parent);
	KUNIT_EXPECT_NOT_NULL(test, hw);
	/* destroyed, as EXEC_QUEUE_DESTROY does: the user's reference goes */
	xevf_exec_queue_kill(q);
	xevf_exec_queue_put(q);
	KUNIT_EXPECT_STREQ(test, finished->ops->get_timeline_name(finished), name);
	KUNIT_EXPECT_STREQ(test, finished->ops->get_driver_name(finished), "drm_sched");
	if (hw) {
		KUNIT_EXPECT_STREQ(test, hw->ops->get_timeline_name(hw), name);
		KUNIT_EXPECT_EQ(test, hw->error, 0);
		KUNIT_EXPECT_TRUE(test, dma_fence_is_signaled(hw));
	}
	/* the last fence reference frees the queue (kmemleak checks it did) */
	dma_fence_put(hw);
	dma_fence_put(finished);
}

static struct kunit_case xevf_submit_test_cases[] = {
	KUNIT_CASE_SLOW(xevf_submit_test_render),
	KUNIT_CASE_SLOW(xevf_submit_test_copy),
	KUNIT_CASE_SLOW(xevf_submit_test_fault_bans),
	KUNIT_CASE_SLOW(xevf_submit_test_hang_bans),
	KUNIT_CASE_SLOW(xevf_submit_test_fence_outlives_queue),
	{}
};

static struct kunit_suite xevf_submit_test_suite = {
	.name = "xevf_submit",
	.test_cases = xevf_submit_test_cases,
};

kunit_test_suite(xevf_submit_test_suite);
