// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of guest slots: freeze, thaw, re-attach, held interrupts.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include "abi/xe_regs_abi.h"
#include "xesim_driver.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_ggtt.h"
#include "xesim_irq.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"
#include "xesim_test_env.h"
#include "xesim_vram.h"
#include "xesim_vram_types.h"

#define VF_GGTT		SZ_1M

struct xesim_slot_env {
	struct xesim_gpu *gpu;
	struct xesim_fn *vf1, *vf2;
	struct xesim_slot *slot;
};

static void xesim_slot_env(struct kunit *test, struct xesim_slot_env *env)
{
	env->gpu = xesim_test_gpu(test, SZ_16M, SZ_4M, 2);
	xesim_test_provision(test, env->gpu, 1, VF_GGTT, SZ_1M, SZ_1M);
	xesim_test_provision(test, env->gpu, 2, 2 * VF_GGTT, SZ_1M, SZ_1M);
	env->vf1 = xesim_test_fn(test, env->gpu, 1);
	env->vf2 = xesim_test_fn(test, env->gpu, 2);
	env->slot = xesim_test_slot(test);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(env->slot, env->gpu->id, 1),
			0);
}

/* a driver call made from another task, to see it block */
struct xesim_slot_caller {
	struct xesim_slot *slot;
	struct completion done;
	u32 val;
	int err;
};

static int xesim_slot_caller_fn(void *data)
{
	struct xesim_slot_caller *caller = data;

	caller->err = xesim_read32(&caller->slot->xdev, VF_SW_FLAG(0),
				   &caller->val);
	complete(&caller->done);
	return 0;
}

static void xesim_slot_call(struct kunit *test,
			    struct xesim_slot_caller *caller,
			    struct xesim_slot *slot)
{
	struct task_struct *task;

	caller->slot = slot;
	caller->err = 1;
	init_completion(&caller->done);
	task = kthread_run(xesim_slot_caller_fn, caller, "xesim_test_call");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
}

static void xesim_slot_test_freeze_waits(struct kunit *test)
{
	struct xesim_slot_caller caller;
	struct xesim_slot_env env;

	xesim_slot_env(test, &env);
	KUNIT_ASSERT_EQ(test, xesim_write32(&env.slot->xdev, VF_SW_FLAG(0),
					    0x5a5a), 0);

	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, true), 0);
	xesim_slot_call(test, &caller, env.slot);
	KUNIT_EXPECT_FALSE(test, wait_for_completion_timeout(&caller.done,
							     msecs_to_jiffies(300)));
	KUNIT_EXPECT_EQ(test, caller.err, 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&env.slot->stats.waits), 1);

	/* the host side still reaches the VF while the guest is frozen */
	KUNIT_EXPECT_EQ(test, xesim_write32(&env.vf1->xdev, VF_SW_FLAG(0),
					    0xa5a5), 0);

	KUNIT_EXPECT_EQ(test, xesim_slot_freeze(env.slot, false), 0);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&caller.done,
							    5 * HZ));
	/* if it did not finish, deleting the slot releases it */
	if (caller.err == 1) {
		xesim_slot_destroy(env.slot);
		wait_for_completion(&caller.done);
	}
	KUNIT_EXPECT_EQ(test, caller.err, 0);
	KUNIT_EXPECT_EQ(test, caller.val, 0xa5a5);
}

static void xesim_slot_test_delete_wakes(struct kunit *test)
{
	struct xesim_slot_caller caller;
	struct xesim_slot_env env;

	xesim_slot_env(test, &env);
	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, true), 0);
	xesim_slot_call(test, &caller, env.slot);
	KUNIT_EXPECT_FALSE(test, wait_for_completion_timeout(&caller.done,
							     msecs_to_jiffies(100)));
	xesim_slot_destroy(env.slot);
	wait_for_completion(&caller.done);
	KUNIT_EXPECT_EQ(test, caller.err, -ENODEV);
}

struct xesim_irq_counter {
	atomic_t calls;
	struct xesim_device *xdev;
};

static void xesim_irq_count(struct xesim_device *xdev, void *data)
{
	struct xesim_irq_counter *counter = data;

	counter->xdev = xdev;
	atomic_inc(&counter->calls);
}

/*
 * Memory-based interrupts for VF @vfid's guest: a page of guest memory
 * mapped for DMA, at the start of the VF's GGTT range. Returns the page.
 */
static struct page *xesim_slot_memirq(struct kunit *test,
				      struct xesim_slot_env *env,
				      struct xesim_fn *vf, u64 ggtt)
{
	struct page *page = xesim_test_page(test, 0);
	dma_addr_t iova;

	KUNIT_ASSERT_EQ(test, xesim_dma_map(&env->slot->xdev, &page, 1,
					    &iova), 0);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_pte(&env->slot->xdev, ggtt,
						   iova | XE_PAGE_PRESENT), 0);
	xesim_irq_set_memirq(vf, ggtt + XE_MEMIRQ_SOURCE_OFFSET +
			     ilog2(INTR_GUC),
			     ggtt + XE_MEMIRQ_STATUS_OFFSET +
			     ilog2(INTR_GUC) * XE_MEMIRQ_VECTOR_SIZE);
	return page;
}

static void xesim_slot_test_irq_held(struct kunit *test)
{
	struct xesim_irq_counter counter = {};
	struct xesim_slot_env env;
	struct page *page;
	u8 *status, *source;

	xesim_slot_env(test, &env);
	page = xesim_slot_memirq(test, &env, env.vf1, VF_GGTT);
	status = page_address(page) + XE_MEMIRQ_STATUS_OFFSET +
		 ilog2(INTR_GUC) * XE_MEMIRQ_VECTOR_SIZE;
	source = page_address(page) + XE_MEMIRQ_SOURCE_OFFSET +
		 ilog2(INTR_GUC);
	KUNIT_ASSERT_EQ(test, xesim_request_irq(&env.slot->xdev,
						xesim_irq_count, &counter), 0);

	/* running: delivered */
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(env.vf1, GUC_INTR_GUC2HOST), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&counter.calls), 1);
	KUNIT_EXPECT_PTR_EQ(test, counter.xdev, &env.slot->xdev);
	KUNIT_EXPECT_EQ(test, status[15], XE_MEMIRQ_SET);
	KUNIT_EXPECT_EQ(test, *source, XE_MEMIRQ_SET);
	status[15] = 0;
	*source = 0;

	/* frozen: reported in memory at once, the MSI waits for the thaw */
	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, true), 0);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(env.vf1, GUC_INTR_SW_INT_0), 0);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(env.vf1, GUC_INTR_SW_INT_0), 0);
	/* the flush waits for any MSI queued: one sent would be counted now */
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&counter.calls), 1);
	KUNIT_EXPECT_EQ(test, status[0], XE_MEMIRQ_SET);
	KUNIT_EXPECT_EQ(test, *source, XE_MEMIRQ_SET);

	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, false), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&counter.calls), 2);

	/* nothing is pending any more: another thaw delivers nothing */
	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, true), 0);
	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, false), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&counter.calls), 2);
	xesim_free_irq(&env.slot->xdev);
}

/*
 * The migration case: the guest is frozen and moved to another VF, whose
 * restored GGTT maps the guest's interrupt page at another address; the
 * MIGRATED interrupt raised there reaches the guest once, at the thaw.
 */
static void xesim_slot_test_irq_after_move(struct kunit *test)
{
	struct xesim_irq_counter counter = {};
	struct xesim_slot_env env;
	struct page *page;
	u64 pte;
	u8 *status;

	xesim_slot_env(test, &env);
	page = xesim_slot_memirq(test, &env, env.vf1, VF_GGTT);
	status = page_address(page) + XE_MEMIRQ_STATUS_OFFSET +
		 ilog2(INTR_GUC) * XE_MEMIRQ_VECTOR_SIZE;
	KUNIT_ASSERT_EQ(test, xesim_request_irq(&env.slot->xdev,
						xesim_irq_count, &counter), 0);
	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, true), 0);

	/* "restore": the PF copies the PTE into VF2's range, re-tagged */
	KUNIT_ASSERT_EQ(test, xesim_ggtt_read_pte(&env.gpu->fns[0]->xdev,
						  VF_GGTT, &pte), 0);
	pte &= ~GGTT_PTE_VFID;
	pte |= FIELD_PREP(GGTT_PTE_VFID, 2);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_pte(&env.gpu->fns[0]->xdev,
						   2 * VF_GGTT, pte), 0);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(env.slot, env.gpu->id, 2), 0);
	xesim_irq_set_memirq(env.vf2, 2 * VF_GGTT + XE_MEMIRQ_SOURCE_OFFSET +
			     ilog2(INTR_GUC),
			     2 * VF_GGTT + XE_MEMIRQ_STATUS_OFFSET +
			     ilog2(INTR_GUC) * XE_MEMIRQ_VECTOR_SIZE);

	KUNIT_EXPECT_EQ(test, xesim_irq_raise(env.vf2, GUC_INTR_SW_INT_0), 0);
	/* the old VF reaches the guest no more: its report faults */
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(env.vf1, GUC_INTR_SW_INT_0),
			-EIO);
	KUNIT_EXPECT_EQ(test,
			atomic64_read(&env.vf1->stats.irq_report_faults), 1);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&counter.calls), 0);
	KUNIT_EXPECT_EQ(test, status[0], XE_MEMIRQ_SET);

	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, false), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&counter.calls), 1);
	xesim_free_irq(&env.slot->xdev);
}

static void xesim_slot_test_reattach_rules(struct kunit *test)
{
	struct xesim_slot_env env;
	struct xesim_slot *other;

	xesim_slot_env(test, &env);

	/* running: refused, and the slot stays where it was */
	KUNIT_EXPECT_EQ(test, xesim_slot_attach(env.slot, env.gpu->id, 2),
			-EBUSY);
	KUNIT_EXPECT_PTR_EQ(test, env.slot->fn, env.vf1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&env.slot->stats.refused), 1);

	/* a VF takes one slot */
	other = xesim_test_slot(test);
	KUNIT_EXPECT_EQ(test, xesim_slot_attach(other, env.gpu->id, 1),
			-EBUSY);
	/* VFs that do not exist */
	KUNIT_EXPECT_EQ(test, xesim_slot_attach(other, env.gpu->id, 3),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, xesim_slot_attach(other, env.gpu->id, 9),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_slot_attach(other, 0x7fffffff, 1),
			-ENODEV);

	/* frozen: allowed; VF1 is free again afterwards */
	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, true), 0);
	KUNIT_EXPECT_EQ(test, xesim_slot_attach(env.slot, env.gpu->id, 2), 0);
	KUNIT_EXPECT_PTR_EQ(test, env.slot->fn, env.vf2);
	KUNIT_EXPECT_PTR_EQ(test, env.vf1->slot, NULL);
	KUNIT_EXPECT_PTR_EQ(test, env.vf2->slot, env.slot);
	KUNIT_EXPECT_EQ(test, xesim_slot_attach(other, env.gpu->id, 1), 0);
	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, false), 0);
}

/* a VRAM page resolved through the slot re-points on re-attach */
/*
 * A driver's write into VRAM that was never written needs more pages than
 * an access brings along: it stops, gets more outside the access, and goes
 * on where it stopped. Every byte lands once, and every page is backed once.
 */
static void xesim_slot_test_vram_spare(struct kunit *test)
{
	const size_t len = 4 * XESIM_VRAM_SPARE_PAGES * PAGE_SIZE + 100;
	const u64 off = SZ_64K + 12;
	struct xesim_slot_env env;
	unsigned long backed;
	u8 *buf, *back;
	size_t i;

	xesim_slot_env(test, &env);
	buf = kunit_kmalloc(test, len, GFP_KERNEL);
	back = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, back);
	for (i = 0; i < len; i++)
		buf[i] = i * 7 + 1;

	backed = xesim_vram_backed(env.gpu);
	KUNIT_ASSERT_EQ(test, xesim_vram_write(&env.slot->xdev, off, buf, len), 0);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(env.gpu) - backed,
			DIV_ROUND_UP(offset_in_page(off) + len, PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, xesim_vram_read(&env.vf1->xdev, off, back, len), 0);
	KUNIT_EXPECT_MEMEQ(test, back, buf, len);
}

static void xesim_slot_test_vram_repoints(struct kunit *test)
{
	struct page *before, *after;
	struct address_space *mapping;
	struct xesim_slot_env env;
	struct xesim_gpu *gpu2;
	struct xesim_fn *other;
	const u64 off = SZ_64K + SZ_4K;
	u32 val;

	xesim_slot_env(test, &env);
	gpu2 = xesim_test_gpu(test, SZ_16M, SZ_8M, 1);
	xesim_test_provision(test, gpu2, 1, 4 * SZ_1M, SZ_1M, SZ_1M);
	other = xesim_test_fn(test, gpu2, 1);

	mapping = kunit_kzalloc(test, sizeof(*mapping), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mapping);
	address_space_init_once(mapping);
	KUNIT_ASSERT_EQ(test, xesim_vram_set_mapping(&env.slot->xdev, mapping),
			0);

	val = 0xaaaa0001;
	KUNIT_ASSERT_EQ(test, xesim_vram_write(&env.vf1->xdev, off, &val,
					       sizeof(val)), 0);
	val = 0xbbbb0002;
	KUNIT_ASSERT_EQ(test, xesim_vram_write(&other->xdev, off, &val,
					       sizeof(val)), 0);

	KUNIT_ASSERT_EQ(test, xesim_vram_get_page(&env.slot->xdev, off,
						  &before), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)page_address(before), 0xaaaa0001);

	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, true), 0);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(env.slot, gpu2->id, 1), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&env.slot->stats.zaps), 1);
	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(env.slot, false), 0);

	KUNIT_ASSERT_EQ(test, xesim_vram_get_page(&env.slot->xdev, off,
						  &after), 0);
	KUNIT_EXPECT_PTR_NE(test, before, after);
	KUNIT_EXPECT_EQ(test, *(u32 *)page_address(after), 0xbbbb0002);
	/* the old page is still valid memory while referenced */
	KUNIT_EXPECT_EQ(test, *(u32 *)page_address(before), 0xaaaa0001);
	put_page(before);
	put_page(after);

	/* and reads through the slot see the new VF's LMEM */
	KUNIT_EXPECT_EQ(test, xesim_vram_read(&env.slot->xdev, off, &val,
					      sizeof(val)), 0);
	KUNIT_EXPECT_EQ(test, val, 0xbbbb0002);
	KUNIT_EXPECT_EQ(test, xesim_vram_set_mapping(&env.slot->xdev, NULL), 0);
}

static void xesim_slot_test_vf_gone(struct kunit *test)
{
	struct xesim_slot_env env;
	struct xesim_info info;
	u32 val;

	xesim_slot_env(test, &env);
	KUNIT_EXPECT_EQ(test, xesim_get_info(&env.slot->xdev, &info), 0);
	KUNIT_EXPECT_EQ(test, info.vram_size, SZ_1M);
	KUNIT_EXPECT_EQ(test, info.vfid, 0);

	KUNIT_ASSERT_EQ(test, xesim_gpu_disable_vfs(env.gpu), 0);
	KUNIT_EXPECT_PTR_EQ(test, env.slot->fn, NULL);
	KUNIT_EXPECT_EQ(test, xesim_read32(&env.slot->xdev, VF_SW_FLAG(0),
					   &val), -ENODEV);
	KUNIT_EXPECT_EQ(test, xesim_get_info(&env.slot->xdev, &info), -ENODEV);

	/* the slot can go to a VF again once there is one */
	KUNIT_ASSERT_EQ(test, xesim_gpu_enable_vfs(env.gpu, 1), 0);
	KUNIT_EXPECT_EQ(test, xesim_slot_attach(env.slot, env.gpu->id, 1), 0);
	KUNIT_EXPECT_EQ(test, xesim_read32(&env.slot->xdev, VF_SW_FLAG(0),
					   &val), 0);
}

static void xesim_slot_test_parse(struct kunit *test)
{
	unsigned int gpu_id, vfid;

	KUNIT_EXPECT_EQ(test, xesim_slot_parse_attach("3 2\n", &gpu_id, &vfid),
			0);
	KUNIT_EXPECT_EQ(test, gpu_id, 3);
	KUNIT_EXPECT_EQ(test, vfid, 2);
	KUNIT_EXPECT_EQ(test, xesim_slot_parse_attach("none\n", &gpu_id, &vfid),
			0);
	KUNIT_EXPECT_EQ(test, vfid, 0);
	KUNIT_EXPECT_EQ(test, xesim_slot_parse_attach("", &gpu_id, &vfid),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_slot_parse_attach("1", &gpu_id, &vfid),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_slot_parse_attach("1 0", &gpu_id, &vfid),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_slot_parse_attach("a b", &gpu_id, &vfid),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_slot_parse_attach("1 2 3", &gpu_id, &vfid),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_slot_parse_attach("-1 2", &gpu_id, &vfid),
			-EINVAL);
}

/* concurrent guest accesses, interrupts and migrations of one slot */
struct xesim_slot_stress {
	struct xesim_slot *slot;
	struct xesim_fn *vfs[2];
	atomic_t calls, bad, irqs;
	int last_bad;
};

static int xesim_slot_stress_access(void *data)
{
	struct xesim_slot_stress *st = data;
	struct xesim_device *xdev = &st->slot->xdev;
	struct xesim_info info;
	u8 buf[16] = {};
	u32 val;
	int err;

	while (!kthread_should_stop()) {
		err = xesim_read32(xdev, VF_SW_FLAG(1), &val);
		if (!err)
			err = xesim_vram_write(xdev, SZ_4K, buf, sizeof(buf));
		if (!err)
			err = xesim_vram_read(xdev, SZ_4K, buf, sizeof(buf));
		if (!err) {
			/* both VFs have 1 MiB of LMEM */
			err = xesim_get_info(xdev, &info);
			if (!err && info.vram_size != SZ_1M)
				err = -EBADE;
		}
		if (err) {
			st->last_bad = err;
			atomic_inc(&st->bad);
		}
		atomic_inc(&st->calls);
		cond_resched();
	}
	return 0;
}

static int xesim_slot_stress_raise(void *data)
{
	struct xesim_slot_stress *st = data;
	unsigned int i = 0;

	while (!kthread_should_stop()) {
		xesim_irq_raise(st->vfs[i++ & 1], GUC_INTR_GUC2HOST);
		usleep_range(200, 400);
	}
	return 0;
}

static void xesim_slot_stress_irq(struct xesim_device *xdev, void *data)
{
	struct xesim_slot_stress *st = data;
	u32 ident = 0;

	atomic_inc(&st->irqs);
	/* acknowledge through the slot, as a guest driver would */
	if (xesim_write32(xdev, IIR_REG_SELECTOR(0), INTR_GUC))
		return;
	if (!xesim_read32(xdev, INTR_IDENTITY_REG(0), &ident))
		xesim_write32(xdev, INTR_IDENTITY_REG(0), ident);
}

static void xesim_slot_test_stress(struct kunit *test)
{
	struct task_struct *tasks[3];
	struct xesim_slot_stress st = {};
	struct xesim_gpu *a, *b;
	unsigned int i;

	a = xesim_test_gpu(test, SZ_16M, SZ_4M, 1);
	b = xesim_test_gpu(test, SZ_16M, SZ_4M, 1);
	xesim_test_provision(test, a, 1, VF_GGTT, SZ_1M, SZ_1M);
	xesim_test_provision(test, b, 1, 4 * VF_GGTT, SZ_1M, SZ_1M);
	st.vfs[0] = xesim_test_fn(test, a, 1);
	st.vfs[1] = xesim_test_fn(test, b, 1);
	for (i = 0; i < 2; i++)
		KUNIT_ASSERT_EQ(test, xesim_write32(&st.vfs[i]->xdev,
						    GUC_SG_INTR_ENABLE,
						    ENGINE1_MASK), 0);
	st.slot = xesim_test_slot(test);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(st.slot, a->id, 1), 0);
	KUNIT_ASSERT_EQ(test, xesim_request_irq(&st.slot->xdev,
						xesim_slot_stress_irq, &st), 0);

	tasks[0] = kthread_run(xesim_slot_stress_access, &st, "xesim_stress0");
	tasks[1] = kthread_run(xesim_slot_stress_access, &st, "xesim_stress1");
	tasks[2] = kthread_run(xesim_slot_stress_raise, &st, "xesim_stress2");
	for (i = 0; i < ARRAY_SIZE(tasks); i++) {
		if (IS_ERR(tasks[i])) {
			while (i--)
				kthread_stop(tasks[i]);
			KUNIT_FAIL(test, "kthread_run failed");
			xesim_free_irq(&st.slot->xdev);
			return;
		}
	}

	for (i = 0; i < 24; i++) {
		msleep(20);
		KUNIT_EXPECT_EQ(test, xesim_slot_freeze(st.slot, true), 0);
		usleep_range(5000, 6000);
		KUNIT_EXPECT_EQ(test, xesim_slot_attach(st.slot,
							(i & 1) ? a->id : b->id,
							1), 0);
		KUNIT_EXPECT_EQ(test, xesim_slot_freeze(st.slot, false), 0);
	}
	msleep(20);

	for (i = 0; i < ARRAY_SIZE(tasks); i++)
		kthread_stop(tasks[i]);
	xesim_free_irq(&st.slot->xdev);

	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&st.bad), 0, "last error %d",
			    st.last_bad);
	KUNIT_EXPECT_GT(test, atomic_read(&st.calls), 24);
	KUNIT_EXPECT_GT(test, atomic_read(&st.irqs), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&st.slot->stats.attaches), 25);
	kunit_info(test, "%d guest calls, %d interrupts, %lld waits\n",
		   atomic_read(&st.calls), atomic_read(&st.irqs),
		   atomic64_read(&st.slot->stats.waits));
}

static struct kunit_case xesim_slot_cases[] = {
	KUNIT_CASE(xesim_slot_test_freeze_waits),
	KUNIT_CASE(xesim_slot_test_delete_wakes),
	KUNIT_CASE(xesim_slot_test_irq_held),
	KUNIT_CASE(xesim_slot_test_irq_after_move),
	KUNIT_CASE(xesim_slot_test_reattach_rules),
	KUNIT_CASE(xesim_slot_test_vram_spare),
	KUNIT_CASE(xesim_slot_test_vram_repoints),
	KUNIT_CASE(xesim_slot_test_vf_gone),
	KUNIT_CASE(xesim_slot_test_parse),
	KUNIT_CASE(xesim_slot_test_stress),
	{}
};

static struct kunit_suite xesim_slot_suite = {
	.name = "xesim_slot",
	.test_cases = xesim_slot_cases,
};

kunit_test_suite(xesim_slot_suite);
