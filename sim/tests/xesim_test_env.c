// SPDX-License-Identifier: GPL-2.0
/*
 * The test environment of the xesim KUnit tests.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/module.h>

#include "xesim_driver.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"
#include "xesim_test_env.h"

static atomic_t xesim_test_next_id = ATOMIC_INIT(9000);

/**
 * xesim_test_id() - A GPU or slot number no other test uses.
 *
 * Return: the number.
 */
unsigned int xesim_test_id(void)
{
	return atomic_inc_return(&xesim_test_next_id);
}

/* a test may delete its GPU or slot early: the action holds a reference */
static void xesim_test_gpu_destroy(void *data)
{
	struct xesim_gpu *gpu = data;

	xesim_gpu_destroy(gpu);
	xesim_gpu_put(gpu);
}

static void xesim_test_slot_destroy(void *data)
{
	struct xesim_slot *slot = data;

	xesim_slot_destroy(slot);
	put_device(&slot->xdev.dev);
}

KUNIT_DEFINE_ACTION_WRAPPER(xesim_test_free_page, __free_page, struct page *);

/**
 * xesim_test_gpu() - Create a GPU that only the test driver binds to.
 * @test: the test; the GPU is deleted when it ends (the test may delete
 *        it before).
 * @ggtt_size: GGTT size.
 * @vram_size: VRAM size.
 * @num_vfs: VFs to enable, 0 for none; max_vfs is 4.
 *
 * Return: the GPU; the test fails (and stops) if it cannot be created.
 */
struct xesim_gpu *xesim_test_gpu(struct kunit *test, u64 ggtt_size,
				 u64 vram_size, unsigned int num_vfs)
{
	struct xesim_gpu_params params;
	struct xesim_gpu *gpu;

	xesim_gpu_default_params(&params);
	params.id = xesim_test_id();
	params.ggtt_size = ggtt_size;
	params.vram_size = vram_size;
	params.max_vfs = 4;
	params.bind_only = XESIM_TEST_DRIVER;
	KUNIT_ASSERT_EQ(test, xesim_gpu_create(&params, &gpu), 0);
	xesim_gpu_get(gpu);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							xesim_test_gpu_destroy,
							gpu), 0);
	if (num_vfs)
		KUNIT_ASSERT_EQ(test, xesim_gpu_enable_vfs(gpu, num_vfs), 0);
	return gpu;
}

/**
 * xesim_test_fn() - A function of a test GPU.
 * @test: the test.
 * @gpu: the GPU.
 * @vfid: 0 for the PF, or an enabled VF.
 *
 * Return: the function; it lives until its VFs are disabled.
 */
struct xesim_fn *xesim_test_fn(struct kunit *test, struct xesim_gpu *gpu,
			       unsigned int vfid)
{
	struct xesim_fn *fn = xesim_gpu_get_fn(gpu, vfid);

	KUNIT_ASSERT_NOT_NULL(test, fn);
	xesim_gpu_put_fn(fn);
	return fn;
}

/**
 * xesim_test_provision() - Provision a VF or fail the test.
 * @test: the test.
 * @gpu: the GPU.
 * @vfid: the VF.
 * @ggtt_start: first GGTT address.
 * @ggtt_size: GGTT size.
 * @lmem_size: LMEM size.
 */
void xesim_test_provision(struct kunit *test, struct xesim_gpu *gpu,
			  unsigned int vfid, u64 ggtt_start, u64 ggtt_size,
			  u64 lmem_size)
{
	struct xesim_vf_config cfg = {
		.ggtt_start = ggtt_start,
		.ggtt_size = ggtt_size,
		.lmem_size = lmem_size,
	};

	KUNIT_ASSERT_EQ(test, xesim_gpu_provision_vf(gpu, vfid, &cfg), 0);
}

/**
 * xesim_test_slot() - Create a guest slot that only the test driver binds
 * to.
 * @test: the test; the slot is deleted when it ends (the test may delete
 *        it before).
 *
 * Return: the slot.
 */
struct xesim_slot *xesim_test_slot(struct kunit *test)
{
	struct xesim_slot *slot;

	KUNIT_ASSERT_EQ(test, xesim_slot_create(xesim_test_id(),
						XESIM_TEST_DRIVER, &slot), 0);
	get_device(&slot->xdev.dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							xesim_test_slot_destroy,
							slot), 0);
	return slot;
}

/**
 * xesim_test_page() - A page of system memory filled with a byte.
 * @test: the test; the page is freed when it ends.
 * @fill: the byte.
 *
 * Return: the page.
 */
struct page *xesim_test_page(struct kunit *test, u8 fill)
{
	struct page *page = alloc_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	memset(page_address(page), fill, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							xesim_test_free_page,
							page), 0);
	return page;
}

MODULE_DESCRIPTION("KUnit tests of the software Xe SR-IOV device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(XESIM);
