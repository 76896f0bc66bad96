// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the register file.
 */

#include <kunit/test.h>
#include <linux/sizes.h>

#include "abi/xe_regs_abi.h"
#include "xesim_driver.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_regs.h"
#include "xesim_regs_types.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"
#include "xesim_test_env.h"

static void xesim_regs_test_scratch(struct kunit *test)
{
	struct xesim_fn *vf1, *vf2;
	struct xesim_gpu *gpu;
	unsigned int n;
	u32 val;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 2);
	vf1 = xesim_test_fn(test, gpu, 1);
	vf2 = xesim_test_fn(test, gpu, 2);

	for (n = 0; n < VF_SW_FLAG_COUNT; n++)
		KUNIT_EXPECT_EQ(test, xesim_write32(&vf1->xdev, VF_SW_FLAG(n),
						    0x100 + n), 0);
	for (n = 0; n < VF_SW_FLAG_COUNT; n++) {
		KUNIT_EXPECT_EQ(test, xesim_read32(&vf1->xdev, VF_SW_FLAG(n),
						   &val), 0);
		KUNIT_EXPECT_EQ(test, val, 0x100 + n);
		KUNIT_EXPECT_EQ(test, xesim_regs_sw_flag(vf1, n), 0x100 + n);
		/* each function has its own */
		KUNIT_EXPECT_EQ(test, xesim_read32(&vf2->xdev, VF_SW_FLAG(n),
						   &val), 0);
		KUNIT_EXPECT_EQ(test, val, 0);
	}
	/* the GuC side answers in the same registers */
	xesim_regs_set_sw_flag(vf1, 0, 0xf0000000);
	KUNIT_EXPECT_EQ(test, xesim_read32(&vf1->xdev, VF_SW_FLAG(0), &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0xf0000000);
	/* FLR clears them */
	KUNIT_EXPECT_EQ(test, xesim_gpu_wipe_vf(gpu, 1), 0);
	KUNIT_EXPECT_EQ(test, xesim_read32(&vf1->xdev, VF_SW_FLAG(3), &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0);
}

static void xesim_regs_test_unknown_and_bad(struct kunit *test)
{
	struct xesim_gpu *gpu;
	struct xesim_fn *pf;
	u32 val = 0xdead;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 0);
	pf = xesim_test_fn(test, gpu, 0);

	KUNIT_EXPECT_EQ(test, xesim_read32(&pf->xdev, 0x1000, &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0);
	KUNIT_EXPECT_EQ(test, xesim_write32(&pf->xdev, 0x1000, 1), 0);
	KUNIT_EXPECT_EQ(test, xesim_read32(&pf->xdev, 0x1000, &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&pf->stats.reg_unknown_reads), 2);
	KUNIT_EXPECT_EQ(test, atomic64_read(&pf->stats.reg_unknown_writes), 1);

	KUNIT_EXPECT_EQ(test, xesim_read32(&pf->xdev, 0x1002, &val), -EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_read32(&pf->xdev, XESIM_MMIO_SIZE, &val),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_write32(&pf->xdev, 0xffffffff, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&pf->stats.reg_unknown_reads), 2);
}

struct xesim_regs_seen {
	struct xesim_fn *fn;
	u32 reg, val;
	int writes;
};

static struct xesim_regs_seen xesim_regs_seen;

static u32 xesim_regs_hook_read(struct xesim_fn *fn, u32 reg)
{
	return reg ^ fn->vfid;
}

static void xesim_regs_hook_write(struct xesim_fn *fn, u32 reg, u32 val)
{
	xesim_regs_seen.fn = fn;
	xesim_regs_seen.reg = reg;
	xesim_regs_seen.val = val;
	xesim_regs_seen.writes++;
}

static const struct xesim_reg_hook xesim_regs_test_hook = {
	.reg = 0x2000,
	.read = xesim_regs_hook_read,
	.write = xesim_regs_hook_write,
};

static void xesim_regs_test_hooks(struct kunit *test)
{
	struct xesim_slot *slot;
	struct xesim_gpu *gpu;
	struct xesim_fn *vf1;
	u32 val;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 1);
	vf1 = xesim_test_fn(test, gpu, 1);
	slot = xesim_test_slot(test);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(slot, gpu->id, 1), 0);
	memset(&xesim_regs_seen, 0, sizeof(xesim_regs_seen));

	KUNIT_ASSERT_EQ(test, xesim_regs_add_hook(gpu, &xesim_regs_test_hook),
			0);
	KUNIT_EXPECT_EQ(test, xesim_regs_add_hook(gpu, &xesim_regs_test_hook),
			-EBUSY);

	/* through the guest slot, the hook sees the VF */
	KUNIT_EXPECT_EQ(test, xesim_write32(&slot->xdev, 0x2000, 77), 0);
	KUNIT_EXPECT_PTR_EQ(test, xesim_regs_seen.fn, vf1);
	KUNIT_EXPECT_EQ(test, xesim_regs_seen.val, 77);
	KUNIT_EXPECT_EQ(test, xesim_read32(&slot->xdev, 0x2000, &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0x2001);

	/* the doorbell is counted; without a model it does nothing else */
	KUNIT_EXPECT_EQ(test, xesim_write32(&slot->xdev, GUC_HOST_INTERRUPT,
					    GUC_SEND_TRIGGER), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vf1->stats.doorbells), 1);
	KUNIT_EXPECT_EQ(test, xesim_regs_seen.writes, 1);

	xesim_regs_remove_hook(gpu, 0x2000);
	KUNIT_EXPECT_EQ(test, xesim_write32(&slot->xdev, 0x2000, 78), 0);
	KUNIT_EXPECT_EQ(test, xesim_regs_seen.writes, 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vf1->stats.reg_unknown_writes), 1);
}

static struct kunit_case xesim_regs_cases[] = {
	KUNIT_CASE(xesim_regs_test_scratch),
	KUNIT_CASE(xesim_regs_test_unknown_and_bad),
	KUNIT_CASE(xesim_regs_test_hooks),
	{}
};

static struct kunit_suite xesim_regs_suite = {
	.name = "xesim_regs",
	.test_cases = xesim_regs_cases,
};

kunit_test_suite(xesim_regs_suite);
