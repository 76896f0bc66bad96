// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of DMA isolation: the device reaches only mapped pages.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include "abi/xe_regs_abi.h"
#include "xesim_dma.h"
#include "xesim_driver.h"
#include "xesim_ggtt.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_knob.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"
#include "xesim_test_env.h"

static bool xesim_page_is(struct page *page, u8 fill)
{
	u8 *p = page_address(page);
	size_t i;

	for (i = 0; i < PAGE_SIZE; i++)
		if (p[i] != fill)
			return false;
	return true;
}

/* the PF: a mapped page is reached, an unmapped one is a fault */
static void xesim_dma_test_unmapped_faults(struct kunit *test)
{
	struct page *mapped, *canary;
	u64 data = 0x1122334455667788;
	struct xesim_gpu *gpu;
	struct xesim_fn *pf;
	dma_addr_t iova;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 0);
	pf = xesim_test_fn(test, gpu, 0);
	mapped = xesim_test_page(test, 0);
	canary = xesim_test_page(test, 0x5a);

	KUNIT_ASSERT_EQ(test, xesim_dma_map(&pf->xdev, &mapped, 1, &iova), 0);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_pte(&pf->xdev, 0,
						   iova | XE_PAGE_PRESENT), 0);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(pf, 0x40, &data, sizeof(data),
					    true), 0);
	KUNIT_EXPECT_EQ(test, *(u64 *)(page_address(mapped) + 0x40), data);

	/* a PTE with the canary's physical address: the device faults */
	KUNIT_ASSERT_NE(test, page_to_phys(canary), iova);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_pte(&pf->xdev, SZ_4K,
						   page_to_phys(canary) |
						   XE_PAGE_PRESENT), 0);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(pf, SZ_4K, &data, sizeof(data),
					    true), -EFAULT);
	KUNIT_EXPECT_TRUE(test, xesim_page_is(canary, 0x5a));
	/* and straight at an IOVA never handed out */
	KUNIT_EXPECT_EQ(test, xesim_dma_rw(pf, iova + SZ_1M, &data,
					   sizeof(data), true), -EFAULT);
	KUNIT_EXPECT_EQ(test, atomic64_read(&pf->stats.dma_faults), 2);

	/* after unmap the page is out of reach too */
	KUNIT_EXPECT_EQ(test, xesim_dma_unmap(&pf->xdev, iova, 1), 0);
	memset(page_address(mapped), 0x77, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(pf, 0, &data, sizeof(data), true),
			-EFAULT);
	KUNIT_EXPECT_TRUE(test, xesim_page_is(mapped, 0x77));
	KUNIT_EXPECT_EQ(test, atomic64_read(&pf->stats.dma_faults), 3);
}

/* a VF reaches only what its guest slot mapped, and only while attached */
static void xesim_dma_test_slot_domain(struct kunit *test)
{
	struct xesim_fn *vf1, *vf2;
	struct xesim_slot *slot;
	struct xesim_gpu *gpu;
	struct page *page;
	dma_addr_t iova;
	u32 val = 0xabcd;
	u64 pte;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 2);
	xesim_test_provision(test, gpu, 1, SZ_1M, SZ_1M, 0);
	xesim_test_provision(test, gpu, 2, SZ_2M, SZ_1M, 0);
	vf1 = xesim_test_fn(test, gpu, 1);
	vf2 = xesim_test_fn(test, gpu, 2);
	slot = xesim_test_slot(test);
	page = xesim_test_page(test, 0);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(slot, gpu->id, 1), 0);

	KUNIT_ASSERT_EQ(test, xesim_dma_map(&slot->xdev, &page, 1, &iova), 0);
	pte = iova | XE_PAGE_PRESENT;
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_pte(&slot->xdev, SZ_1M, pte), 0);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_pte(&vf2->xdev, SZ_2M, pte), 0);

	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(vf1, SZ_1M, &val, sizeof(val),
					    true), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)page_address(page), val);

	/* VF2 has no guest: the same IOVA reaches nothing */
	val = 0x1111;
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(vf2, SZ_2M, &val, sizeof(val),
					    true), -EFAULT);
	KUNIT_EXPECT_EQ(test, *(u32 *)page_address(page), 0xabcd);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vf2->stats.dma_faults), 1);

	/* the domain follows the slot to VF2 */
	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(slot, true), 0);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(slot, gpu->id, 2), 0);
	KUNIT_ASSERT_EQ(test, xesim_slot_freeze(slot, false), 0);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(vf2, SZ_2M, &val, sizeof(val),
					    true), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)page_address(page), 0x1111);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(vf1, SZ_1M, &val, sizeof(val),
					    false), -EFAULT);

	/* a VF cannot map for itself */
	KUNIT_EXPECT_EQ(test, xesim_dma_map(&vf1->xdev, &page, 1, &iova),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_dma_unmap(&slot->xdev, iova, 1), 0);
}

/* the PF asks whether an IOVA is in a VF's domain, that of its slot */
static void xesim_dma_test_pf_check(struct kunit *test)
{
	struct xesim_slot *slot1, *slot2;
	struct page *p1, *p2[2];
	dma_addr_t iova1, iova2;
	struct xesim_fn *pf, *vf1;
	struct xesim_gpu *gpu;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 2);
	xesim_test_provision(test, gpu, 1, SZ_1M, SZ_1M, 0);
	xesim_test_provision(test, gpu, 2, SZ_2M, SZ_1M, 0);
	pf = xesim_test_fn(test, gpu, 0);
	vf1 = xesim_test_fn(test, gpu, 1);
	slot1 = xesim_test_slot(test);
	slot2 = xesim_test_slot(test);
	p1 = xesim_test_page(test, 0);
	p2[0] = xesim_test_page(test, 0);
	p2[1] = xesim_test_page(test, 0);

	/* no guest on the VFs yet: no domain */
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1, SZ_1M,
						    PAGE_SIZE), -ENOENT);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(slot1, gpu->id, 1), 0);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(slot2, gpu->id, 2), 0);
	KUNIT_ASSERT_EQ(test, xesim_dma_map(&slot1->xdev, &p1, 1, &iova1), 0);
	KUNIT_ASSERT_EQ(test, xesim_dma_map(&slot2->xdev, p2, 2, &iova2), 0);
	/* both domains hand out IOVAs from the same start */
	KUNIT_ASSERT_EQ(test, iova1, iova2);

	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1, iova1,
						    PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1, iova1 + 8,
						    8), 0);
	/* VF2's second page is no mapping of VF1's, nor is what follows */
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1,
						    iova2 + PAGE_SIZE,
						    PAGE_SIZE), -EFAULT);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1, iova1,
						    2 * PAGE_SIZE), -EFAULT);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 2, iova2,
						    2 * PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1, 0,
						    PAGE_SIZE), -EFAULT);
	/* a check is no access: no fault counted */
	KUNIT_EXPECT_EQ(test, atomic64_read(&vf1->stats.dma_faults), 0);

	/* bad calls */
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&slot1->xdev, 1, iova1,
						    PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 0, iova1,
						    PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1000, iova1,
						    PAGE_SIZE), -EINVAL);
	/* a VF the device has, not enabled */
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 3, iova1,
						    PAGE_SIZE), -ENODEV);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1, iova1, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1, iova1,
						    XESIM_PF_DMA_CHECK_MAX + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1, U64_MAX,
						    2), -EINVAL);

	/* unmapped, or the slot gone: no longer */
	KUNIT_EXPECT_EQ(test, xesim_dma_unmap(&slot2->xdev, iova2, 2), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 2, iova2,
						    PAGE_SIZE), -EFAULT);
	KUNIT_ASSERT_EQ(test, xesim_slot_detach(slot1), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_vf_dma_check(&pf->xdev, 1, iova1,
						    PAGE_SIZE), -ENOENT);
}

static void xesim_dma_test_map_unmap(struct kunit *test)
{
	struct page *pages[3];
	dma_addr_t iova, iova2;
	struct xesim_gpu *gpu;
	struct xesim_fn *pf;
	u8 byte = 0x42;
	int i;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 0);
	pf = xesim_test_fn(test, gpu, 0);
	for (i = 0; i < ARRAY_SIZE(pages); i++)
		pages[i] = xesim_test_page(test, i);

	KUNIT_ASSERT_EQ(test, xesim_dma_map(&pf->xdev, pages, 3, &iova), 0);
	KUNIT_EXPECT_EQ(test, xesim_dma_domain_mapped(pf->own_dma), 3);
	KUNIT_EXPECT_EQ(test, xesim_dma_rw(pf, iova + 2 * PAGE_SIZE + 5, &byte,
					   1, true), 0);
	KUNIT_EXPECT_EQ(test, ((u8 *)page_address(pages[2]))[5], 0x42);

	/* IOVAs are not reused */
	KUNIT_ASSERT_EQ(test, xesim_dma_map(&pf->xdev, pages, 1, &iova2), 0);
	KUNIT_EXPECT_GE(test, iova2, iova + 3 * PAGE_SIZE);

	/* a range that is not fully mapped: nothing is unmapped */
	KUNIT_EXPECT_EQ(test, xesim_dma_unmap(&pf->xdev, iova + PAGE_SIZE, 4),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_dma_unmap(&pf->xdev, iova + 1, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_dma_domain_mapped(pf->own_dma), 4);
	KUNIT_EXPECT_EQ(test, xesim_dma_unmap(&pf->xdev, iova, 3), 0);
	KUNIT_EXPECT_EQ(test, xesim_dma_unmap(&pf->xdev, iova, 3), -EINVAL);

	/* bad arguments and the failure knob */
	KUNIT_EXPECT_EQ(test, xesim_dma_map(&pf->xdev, pages, 0, &iova),
			-EINVAL);
	xesim_knob_arm(gpu, XESIM_KNOB_DMA_MAP, 1);
	KUNIT_EXPECT_EQ(test, xesim_dma_map(&pf->xdev, pages, 1, &iova),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, xesim_dma_domain_mapped(pf->own_dma), 1);
	/* what is left is dropped with the GPU */
}

static struct kunit_case xesim_dma_cases[] = {
	KUNIT_CASE(xesim_dma_test_unmapped_faults),
	KUNIT_CASE(xesim_dma_test_slot_domain),
	KUNIT_CASE(xesim_dma_test_pf_check),
	KUNIT_CASE(xesim_dma_test_map_unmap),
	{}
};

static struct kunit_suite xesim_dma_suite = {
	.name = "xesim_dma",
	.test_cases = xesim_dma_cases,
};

kunit_test_suite(xesim_dma_suite);
