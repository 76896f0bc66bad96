// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the bus: parameters, device and slot lifecycles, driver
 * binding, leaks.
 */

#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include "abi/xe_regs_abi.h"
#include "xesim_bus.h"
#include "xesim_driver.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_irq.h"
#include "xesim_knob.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"
#include "xesim_test_env.h"

static void xesim_bus_test_params(struct kunit *test)
{
	static const char *const bad[] = {
		"", "x", "-1", "1 devid=0x10000", "1 devid=0", "1 revid=256",
		"1 foo=1", "1 vram=100K", "1 vram=0", "1 vram=128G",
		"1 vram=abc", "1 vram=1M2", "1 ggtt=8G", "1 ggtt=4097",
		"1 ggtt=64K", "1 max_vfs=0", "1 max_vfs=64", "1 engines=0",
		"1 engines=17", "1 devid", "1 =5", "1 devid=", "2147483648",
	};
	static const char good[] =
		"1 devid=0x64a0 revid=4 ggtt=1G vram=256M engines=3 max_vfs=7";
	struct xesim_gpu_params p;
	int i;

	KUNIT_EXPECT_EQ(test, xesim_gpu_parse_params("7\n", &p), 0);
	KUNIT_EXPECT_EQ(test, p.id, 7);
	KUNIT_EXPECT_EQ(test, p.device_id, 0xe20b);
	KUNIT_EXPECT_EQ(test, p.ggtt_size, SZ_4G);
	KUNIT_EXPECT_EQ(test, p.vram_size, SZ_64M);
	KUNIT_EXPECT_EQ(test, p.num_engines, 2);
	KUNIT_EXPECT_EQ(test, p.max_vfs, 4);

	KUNIT_EXPECT_EQ(test, xesim_gpu_parse_params(good, &p), 0);
	KUNIT_EXPECT_EQ(test, p.id, 1);
	KUNIT_EXPECT_EQ(test, p.device_id, 0x64a0);
	KUNIT_EXPECT_EQ(test, p.revision, 4);
	KUNIT_EXPECT_EQ(test, p.ggtt_size, SZ_1G);
	KUNIT_EXPECT_EQ(test, p.vram_size, SZ_256M);
	KUNIT_EXPECT_EQ(test, p.num_engines, 3);
	KUNIT_EXPECT_EQ(test, p.max_vfs, 7);

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, xesim_gpu_parse_params(bad[i], &p),
				    -EINVAL, "input \"%s\"", bad[i]);
}

static void xesim_bus_test_new_del(struct kunit *test)
{
	unsigned int id = xesim_test_id();
	struct xesim_gpu *gpu;
	char buf[64];

	snprintf(buf, sizeof(buf), "%u ggtt=16M vram=1M max_vfs=2\n", id);
	KUNIT_ASSERT_EQ(test, xesim_bus_new_device(buf), 0);
	KUNIT_EXPECT_EQ(test, xesim_bus_new_device(buf), -EEXIST);
	gpu = xesim_bus_get_gpu(id);
	KUNIT_ASSERT_NOT_NULL(test, gpu);
	KUNIT_EXPECT_EQ(test, gpu->params.max_vfs, 2);
	xesim_gpu_put(gpu);

	snprintf(buf, sizeof(buf), "%u\n", id);
	KUNIT_EXPECT_EQ(test, xesim_bus_del_device(buf), 0);
	KUNIT_EXPECT_EQ(test, xesim_bus_del_device(buf), -ENOENT);
	KUNIT_EXPECT_NULL(test, xesim_bus_get_gpu(id));
	KUNIT_EXPECT_EQ(test, xesim_bus_del_device("abc"), -EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_bus_del_device(""), -EINVAL);

	KUNIT_EXPECT_EQ(test, xesim_bus_new_slot(buf), 0);
	KUNIT_EXPECT_EQ(test, xesim_bus_new_slot(buf), -EEXIST);
	KUNIT_EXPECT_EQ(test, xesim_bus_del_slot(buf), 0);
	KUNIT_EXPECT_EQ(test, xesim_bus_del_slot(buf), -ENOENT);
	KUNIT_EXPECT_EQ(test, xesim_bus_new_slot("1 2"), -EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_bus_del_slot("x"), -EINVAL);
}

struct xesim_bus_counts {
	int gpus, fns, slots, dma_domains;
	long vram_pages, dma_pages;
};

static void xesim_bus_count(struct xesim_bus_counts *c)
{
	c->gpus = atomic_read(&xesim_objects.gpus);
	c->fns = atomic_read(&xesim_objects.fns);
	c->slots = atomic_read(&xesim_objects.slots);
	c->dma_domains = atomic_read(&xesim_objects.dma_domains);
	c->vram_pages = atomic_long_read(&xesim_objects.vram_pages);
	c->dma_pages = atomic_long_read(&xesim_objects.dma_pages);
}

static void xesim_bus_expect_counts(struct kunit *test,
				    const struct xesim_bus_counts *base)
{
	struct xesim_bus_counts now;

	xesim_bus_count(&now);
	KUNIT_EXPECT_EQ(test, now.gpus, base->gpus);
	KUNIT_EXPECT_EQ(test, now.fns, base->fns);
	KUNIT_EXPECT_EQ(test, now.slots, base->slots);
	KUNIT_EXPECT_EQ(test, now.dma_domains, base->dma_domains);
	KUNIT_EXPECT_EQ(test, now.vram_pages, base->vram_pages);
	KUNIT_EXPECT_EQ(test, now.dma_pages, base->dma_pages);
}

/* build a busy GPU with VFs, slots, VRAM and DMA mappings, then drop it */
static void xesim_bus_test_lifecycle_loop(struct kunit *test)
{
	struct xesim_bus_counts base;
	struct xesim_gpu_params p;
	struct xesim_slot *slot;
	struct xesim_gpu *gpu;
	struct page *page;
	dma_addr_t iova;
	int i, vfid;
	u64 val = 1;

	page = xesim_test_page(test, 0);
	xesim_bus_count(&base);

	for (i = 0; i < 10; i++) {
		xesim_gpu_default_params(&p);
		p.id = xesim_test_id();
		p.ggtt_size = SZ_16M;
		p.vram_size = SZ_8M;
		p.bind_only = XESIM_TEST_DRIVER;
		KUNIT_ASSERT_EQ(test, xesim_gpu_create(&p, &gpu), 0);
		KUNIT_ASSERT_EQ(test, xesim_gpu_enable_vfs(gpu, 4), 0);
		for (vfid = 1; vfid <= 4; vfid++) {
			struct xesim_vf_config cfg = {
				.ggtt_start = vfid * SZ_1M,
				.ggtt_size = SZ_1M,
				.lmem_size = SZ_1M,
			};

			KUNIT_ASSERT_EQ(test, xesim_gpu_provision_vf(gpu, vfid,
								     &cfg), 0);
			KUNIT_EXPECT_EQ(test,
					xesim_vram_write(&gpu->fns[vfid]->xdev,
							 vfid * SZ_4K, &val,
							 sizeof(val)), 0);
		}
		KUNIT_EXPECT_EQ(test, xesim_dma_map(&gpu->fns[0]->xdev, &page,
						    1, &iova), 0);

		KUNIT_ASSERT_EQ(test, xesim_slot_create(xesim_test_id(),
							XESIM_TEST_DRIVER,
							&slot), 0);
		KUNIT_EXPECT_EQ(test, xesim_slot_attach(slot, gpu->id, 1 + i % 4),
				0);
		KUNIT_EXPECT_EQ(test, xesim_dma_map(&slot->xdev, &page, 1,
						    &iova), 0);
		if (i & 1) {
			/* the GPU goes first: the slot loses its VF */
			KUNIT_EXPECT_EQ(test, xesim_slot_freeze(slot, true), 0);
			xesim_gpu_destroy(gpu);
			KUNIT_EXPECT_PTR_EQ(test, slot->fn, NULL);
			xesim_slot_destroy(slot);
		} else {
			xesim_slot_destroy(slot);
			KUNIT_EXPECT_EQ(test, xesim_gpu_disable_vfs(gpu), 0);
			xesim_gpu_destroy(gpu);
		}
	}
	xesim_bus_expect_counts(test, &base);
	KUNIT_EXPECT_EQ(test, page_count(page), 1);
}

static void xesim_bus_test_vf_create_fails(struct kunit *test)
{
	struct xesim_bus_counts base;
	struct xesim_gpu *gpu;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 0);
	xesim_bus_count(&base);

	/* a disarmed knob never fires */
	KUNIT_EXPECT_FALSE(test, xesim_knob_fail(gpu, XESIM_KNOB_VF_CREATE));

	/* one failure: the creation of the first VF fails, none is left */
	xesim_knob_arm(gpu, XESIM_KNOB_VF_CREATE, 1);
	KUNIT_EXPECT_EQ(test, xesim_gpu_enable_vfs(gpu, 3), -ENOMEM);
	KUNIT_EXPECT_EQ(test, gpu->num_vfs, 0);
	xesim_bus_expect_counts(test, &base);

	KUNIT_EXPECT_EQ(test, xesim_gpu_enable_vfs(gpu, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, xesim_gpu_enable_vfs(gpu, 5), -ERANGE);
	KUNIT_EXPECT_EQ(test, xesim_gpu_enable_vfs(gpu, 3), 0);
	KUNIT_EXPECT_EQ(test, xesim_gpu_enable_vfs(gpu, 3), -EBUSY);
	KUNIT_EXPECT_EQ(test, xesim_gpu_disable_vfs(gpu), 0);
	xesim_bus_expect_counts(test, &base);

	/* -1: every creation fails until disarmed */
	xesim_knob_arm(gpu, XESIM_KNOB_VF_CREATE, -1);
	KUNIT_EXPECT_EQ(test, xesim_gpu_enable_vfs(gpu, 2), -ENOMEM);
	KUNIT_EXPECT_EQ(test, xesim_gpu_enable_vfs(gpu, 2), -ENOMEM);
	xesim_knob_arm(gpu, XESIM_KNOB_VF_CREATE, 0);
	KUNIT_EXPECT_EQ(test, xesim_gpu_enable_vfs(gpu, 2), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&gpu->knobs.fired[XESIM_KNOB_VF_CREATE]),
			3);
}

/* a test driver for one device type at a time */
struct xesim_bus_drv_state {
	struct xesim_device *probed, *removed;
	atomic_t irqs;
	struct page *page;
	dma_addr_t iova;
	unsigned int num_vfs;
};

static struct xesim_bus_drv_state xesim_bus_drv_state;

static void xesim_bus_drv_irq(struct xesim_device *xdev, void *data)
{
	atomic_inc(&xesim_bus_drv_state.irqs);
}

static int xesim_bus_drv_probe(struct xesim_device *xdev)
{
	struct xesim_bus_drv_state *s = &xesim_bus_drv_state;
	int err;

	s->probed = xdev;
	err = xesim_request_irq(xdev, xesim_bus_drv_irq, s);
	if (err || xesim_device_type(xdev) == XESIM_DEVICE_VF)
		return err;
	/* left mapped on purpose: the bus must clean up at unbind */
	return xesim_dma_map(xdev, &s->page, 1, &s->iova);
}

static void xesim_bus_drv_remove(struct xesim_device *xdev)
{
	xesim_bus_drv_state.removed = xdev;
}

static int xesim_bus_drv_sriov(struct xesim_device *xdev, unsigned int num)
{
	xesim_bus_drv_state.num_vfs = num;
	return num ? xesim_pf_enable_vfs(xdev, num) : xesim_pf_disable_vfs(xdev);
}

static struct xesim_driver xesim_bus_drv = {
	.driver.name = XESIM_TEST_DRIVER,
	.probe = xesim_bus_drv_probe,
	.remove = xesim_bus_drv_remove,
};

static void xesim_bus_drv_unregister(void *data)
{
	xesim_driver_unregister(data);
}

static void xesim_bus_drv_register(struct kunit *test,
				   enum xesim_device_type type)
{
	xesim_bus_drv.type = type;
	xesim_bus_drv.sriov_configure = type == XESIM_DEVICE_PF ?
					xesim_bus_drv_sriov : NULL;
	KUNIT_ASSERT_EQ(test, xesim_driver_register(&xesim_bus_drv), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							xesim_bus_drv_unregister,
							&xesim_bus_drv), 0);
}

static void xesim_bus_test_bind_slot(struct kunit *test)
{
	struct xesim_bus_drv_state *s = &xesim_bus_drv_state;
	struct xesim_bus_counts base;
	struct xesim_slot *slot;
	struct xesim_gpu *gpu;
	struct xesim_fn *vf1;

	memset(s, 0, sizeof(*s));
	s->page = xesim_test_page(test, 0);
	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 1);
	vf1 = xesim_test_fn(test, gpu, 1);
	xesim_bus_count(&base);
	xesim_bus_drv_register(test, XESIM_DEVICE_SLOT);

	/* a slot is not probed before it is attached */
	slot = xesim_test_slot(test);
	KUNIT_EXPECT_NULL(test, s->probed);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(slot, gpu->id, 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, s->probed, &slot->xdev);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&xesim_objects.dma_pages),
			base.dma_pages + 1);

	/* the VF's interrupts reach the slot's driver */
	KUNIT_EXPECT_EQ(test, xesim_write32(&slot->xdev, GUC_SG_INTR_ENABLE,
					    ENGINE1_MASK), 0);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(vf1, GUC_INTR_GUC2HOST), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&s->irqs), 1);

	/* a running slot with a driver is not pulled away */
	KUNIT_EXPECT_EQ(test, xesim_slot_detach(slot), -EBUSY);

	xesim_slot_destroy(slot);
	KUNIT_EXPECT_PTR_EQ(test, s->removed, &slot->xdev);
	/* the bus dropped the mapping and the handler the driver left */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&xesim_objects.dma_pages),
			base.dma_pages);
	KUNIT_EXPECT_EQ(test, xesim_irq_raise(vf1, GUC_INTR_GUC2HOST), 0);
	xesim_irq_flush();
	KUNIT_EXPECT_EQ(test, atomic_read(&s->irqs), 1);
}

static void xesim_bus_test_bind_pf_vf(struct kunit *test)
{
	struct xesim_bus_drv_state *s = &xesim_bus_drv_state;
	struct xesim_info info;
	struct xesim_gpu *gpu;

	memset(s, 0, sizeof(*s));
	s->page = xesim_test_page(test, 0);
	xesim_bus_drv_register(test, XESIM_DEVICE_PF);

	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 0);
	KUNIT_EXPECT_PTR_EQ(test, s->probed, &gpu->fns[0]->xdev);
	KUNIT_EXPECT_EQ(test, xesim_get_info(s->probed, &info), 0);
	KUNIT_EXPECT_EQ(test, info.total_vfs, 4);
	KUNIT_EXPECT_EQ(test, info.ggtt_size, SZ_16M);
	KUNIT_EXPECT_EQ(test, info.vram_size, SZ_1M);
	KUNIT_EXPECT_EQ(test, info.device_id, 0xe20b);

	KUNIT_EXPECT_EQ(test, xesim_pf_enable_vfs(s->probed, 2), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_enable_vfs(&gpu->fns[1]->xdev, 1),
			-EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, xesim_vf_to_pf(&gpu->fns[2]->xdev),
			    s->probed);
	KUNIT_EXPECT_EQ(test, xesim_get_info(&gpu->fns[2]->xdev, &info), 0);
	KUNIT_EXPECT_EQ(test, info.vfid, 2);

	/* deleting the GPU unbinds the PF driver first */
	xesim_gpu_destroy(gpu);
	KUNIT_EXPECT_PTR_EQ(test, s->removed, s->probed);
}

static void xesim_bus_test_bind_vf(struct kunit *test)
{
	struct xesim_bus_drv_state *s = &xesim_bus_drv_state;
	struct xesim_gpu *gpu;

	memset(s, 0, sizeof(*s));
	xesim_bus_drv_register(test, XESIM_DEVICE_VF);
	gpu = xesim_test_gpu(test, SZ_16M, SZ_1M, 1);
	KUNIT_EXPECT_PTR_EQ(test, s->probed, &gpu->fns[1]->xdev);
	KUNIT_EXPECT_EQ(test, xesim_gpu_disable_vfs(gpu), 0);
	KUNIT_EXPECT_PTR_EQ(test, s->removed, s->probed);
}

static void xesim_bus_test_bad_driver(struct kunit *test)
{
	struct xesim_driver drv = {
		.driver.name = "xesim_kunit_bad",
		.type = XESIM_DEVICE_VF,
	};

	KUNIT_EXPECT_EQ(test, xesim_driver_register(&drv), -EINVAL);
	drv.probe = xesim_bus_drv_probe;
	drv.sriov_configure = xesim_bus_drv_sriov;
	KUNIT_EXPECT_EQ(test, xesim_driver_register(&drv), -EINVAL);
	drv.type = 0;
	drv.sriov_configure = NULL;
	KUNIT_EXPECT_EQ(test, xesim_driver_register(&drv), -EINVAL);
}

static struct kunit_case xesim_bus_cases[] = {
	KUNIT_CASE(xesim_bus_test_params),
	KUNIT_CASE(xesim_bus_test_new_del),
	KUNIT_CASE(xesim_bus_test_lifecycle_loop),
	KUNIT_CASE(xesim_bus_test_vf_create_fails),
	KUNIT_CASE(xesim_bus_test_bind_slot),
	KUNIT_CASE(xesim_bus_test_bind_pf_vf),
	KUNIT_CASE(xesim_bus_test_bind_vf),
	KUNIT_CASE(xesim_bus_test_bad_driver),
	{}
};

static struct kunit_suite xesim_bus_suite = {
	.name = "xesim_bus",
	.test_cases = xesim_bus_cases,
};

kunit_test_suite(xesim_bus_suite);
