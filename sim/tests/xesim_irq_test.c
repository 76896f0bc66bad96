// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of GuC interrupts: the register path and the MSI line.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/sizes.h>

#include "abi/xe_regs_abi.h"
#include "xesim_driver.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_irq.h"
#include "xesim_knob.h"
#include "xesim_test_env.h"

struct xesim_irq_probe {
	struct kunit *test;
	atomic_t calls;
	u32 identity;
};

/* a PF-style handler: find the GuC's vector through the registers */
static void xesim_irq_pf_handler(struct xesim_device *xdev, void *data)
{
	struct xesim_irq_probe *probe = data;
	u32 dw, ident = 0;

	atomic_inc(&probe->calls);
	if (xesim_read32(xdev, GT_INTR_DW(0), &dw) || !(dw & INTR_GUC))
		return;
	xesim_write32(xdev, IIR_REG_SELECTOR(0), INTR_GUC);
	xesim_read32(xdev, INTR_IDENTITY_REG(0), &ident);
	xesim_write32(xdev, INTR_IDENTITY_REG(0), ident);
	xesim_write32(xdev, GT_INTR_DW(0), dw);
	probe->identity |= ident;
}

static void xesim_irq_test_register_path(struct kunit *test)
{
	struct xesim_irq_probe probe = { .test = test };
	struct xesim_gpu *gpu;
	struct xesim_fn *pf;
	u32 val;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 0);
	pf = xesim_test_fn(test, gpu, 0);
	KUNIT_ASSERT_EQ(test, xesim_request_irq(&pf->xdev, xesim_irq_pf_handler,
						&probe), 0);

	/* nothing enabled: latched, not reported, no MSI */
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(pf, GUC_INTR_GUC2HOST), -EIO);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&probe.calls), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&pf->stats.irq_unreported), 1);

	/* enabling reports what is latched */
	KUNIT_ASSERT_EQ(test, xesim_write32(&pf->xdev, GUC_SG_INTR_ENABLE,
					    FIELD_PREP(ENGINE1_MASK,
						       GUC_INTR_GUC2HOST |
						       GUC_INTR_SW_INT_0)), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&probe.calls), 1);
	KUNIT_EXPECT_EQ(test, probe.identity, INTR_DATA_VALID |
			FIELD_PREP(INTR_ENGINE_CLASS_MASK,
				   INTR_ENGINE_CLASS_OTHER) |
			FIELD_PREP(INTR_ENGINE_INSTANCE_MASK,
				   OTHER_GUC_INSTANCE) |
			GUC_INTR_GUC2HOST);
	KUNIT_EXPECT_EQ(test, xesim_read32(&pf->xdev, GT_INTR_DW(0), &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0);

	/* masked bits are not reported */
	KUNIT_ASSERT_EQ(test, xesim_write32(&pf->xdev, GUC_SG_INTR_MASK,
					    FIELD_PREP(ENGINE1_MASK,
						       GUC_INTR_SW_INT_0)), 0);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(pf, GUC_INTR_SW_INT_0), -EIO);
	probe.identity = 0;
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(pf, GUC_INTR_GUC2HOST), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&probe.calls), 2);
	KUNIT_EXPECT_EQ(test, probe.identity & INTR_ENGINE_INTR_MASK,
			GUC_INTR_GUC2HOST);

	/* bad vectors */
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(pf, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(pf, BIT(16)), -EINVAL);
	xesim_free_irq(&pf->xdev);
}

static void xesim_irq_nop(struct xesim_device *xdev, void *data)
{
	atomic_inc(data);
}

static void xesim_irq_test_msi_line(struct kunit *test)
{
	struct xesim_gpu *gpu;
	struct xesim_fn *pf;
	atomic_t calls = ATOMIC_INIT(0);

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 0);
	pf = xesim_test_fn(test, gpu, 0);
	KUNIT_ASSERT_EQ(test, xesim_write32(&pf->xdev, GUC_SG_INTR_ENABLE,
					    ENGINE1_MASK), 0);

	/* without a handler the MSI is lost */
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(pf, GUC_INTR_GUC2HOST), 0);
	KUNIT_EXPECT_EQ(test, pf->irq.line.lost, 1);

	KUNIT_EXPECT_EQ(test, xesim_request_irq(&pf->xdev, NULL, NULL),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, xesim_request_irq(&pf->xdev, xesim_irq_nop,
						&calls), 0);
	KUNIT_EXPECT_EQ(test, xesim_request_irq(&pf->xdev, xesim_irq_nop,
						&calls), -EBUSY);

	/* the drop knob loses exactly one MSI */
	xesim_knob_arm(gpu, XESIM_KNOB_IRQ_DROP, 1);
	KUNIT_EXPECT_EQ(test, xesim_write32(&pf->xdev, INTR_IDENTITY_REG(0),
					    INTR_DATA_VALID | 0xffff), 0);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(pf, GUC_INTR_SW_INT_0), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&calls), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&pf->stats.irq_dropped), 1);
	KUNIT_EXPECT_EQ(test, xesim_write32(&pf->xdev, INTR_IDENTITY_REG(0),
					    INTR_DATA_VALID | 0xffff), 0);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(pf, GUC_INTR_SW_INT_0), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&calls), 1);

	xesim_free_irq(&pf->xdev);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(pf, GUC_INTR_GUC2HOST), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&calls), 1);
}

/* a memory-based report to a page the function cannot reach */
static void xesim_irq_test_report_fault(struct kunit *test)
{
	struct xesim_gpu *gpu;
	struct xesim_fn *vf;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 1);
	xesim_test_provision(test, gpu, 1, SZ_1M, SZ_1M, 0);
	vf = xesim_test_fn(test, gpu, 1);

	/* no PTE behind the addresses */
	xesim_irq_set_memirq(vf, SZ_1M + XE_MEMIRQ_SOURCE_OFFSET,
			     SZ_1M + XE_MEMIRQ_STATUS_OFFSET);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(vf, GUC_INTR_SW_INT_0), -EIO);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vf->stats.irq_report_faults), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vf->stats.ggtt_faults), 1);

	/* FLR forgets the setup */
	KUNIT_EXPECT_EQ(test, xesim_gpu_wipe_vf(gpu, 1), 0);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(vf, GUC_INTR_SW_INT_0), -EIO);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vf->stats.irq_report_faults), 1);
}

static struct kunit_case xesim_irq_cases[] = {
	KUNIT_CASE(xesim_irq_test_register_path),
	KUNIT_CASE(xesim_irq_test_msi_line),
	KUNIT_CASE(xesim_irq_test_report_fault),
	{}
};

static struct kunit_suite xesim_irq_suite = {
	.name = "xesim_irq",
	.test_cases = xesim_irq_cases,
};

kunit_test_suite(xesim_irq_suite);
