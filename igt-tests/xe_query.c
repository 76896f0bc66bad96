// SPDX-License-Identifier: MIT
/*
 * DRM_XE_DEVICE_QUERY on a VF: what the guest driver reports must be what the simulated
 * device and the PF's provisioning gave the VF.
 */
#include <linux/types.h>

#include "igt.h"
#include "igt_xesim.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Check the device queries of the xe driver on an SR-IOV VF.");

/* A device id the simulator accepts and the test can recognise (Battlemage G21). */
#define TEST_DEVID	0xe20b
#define TEST_REVID	0x05

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

/* The LMEM size the PF gave VF @vf, from xepf's debugfs "config". */
static __u64 provisioned_lmem(int gpu, int vf)
{
	char *text = igt_xesim_debugfs_read("xepf/xesim%d/config", gpu);
	char key[16], *line;
	unsigned long long lmem = 0;

	snprintf(key, sizeof(key), "VF%d ", vf);
	line = strstr(text, key);
	igt_assert_f(line, "no %s in xepf config:\n%s", key, text);
	line = strstr(line, "lmem ");
	igt_assert(line && sscanf(line, "lmem %llx", &lmem) == 1);
	free(text);
	return lmem;
}

static void query_engines(void)
{
	struct drm_xe_query_engines *engines;
	bool seen[DRM_XE_ENGINE_CLASS_COMPUTE + 1] = {};
	__u32 size, i;

	engines = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_ENGINES, &size);
	igt_assert_lt(0, (int)engines->num_engines);
	igt_assert_eq(size, sizeof(*engines) + engines->num_engines * sizeof(engines->engines[0]));
	for (i = 0; i < engines->num_engines; i++) {
		struct drm_xe_engine_class_instance *eci = &engines->engines[i].instance;

		igt_info("engine %u: %s%u gt %u\n", i, xe_engine_class_string(eci->engine_class),
			 eci->engine_instance, eci->gt_id);
		igt_assert_eq(eci->gt_id, 0);
		igt_assert_lte(eci->engine_class, DRM_XE_ENGINE_CLASS_COMPUTE);
		seen[eci->engine_class] = true;
	}
	/* the simulated GPU's two engines: render and copy */
	igt_assert(seen[DRM_XE_ENGINE_CLASS_RENDER]);
	igt_assert(seen[DRM_XE_ENGINE_CLASS_COPY]);
	free(engines);
}

static void query_mem_usage(void)
{
	struct drm_xe_query_mem_regions *mem;
	__u64 lmem = provisioned_lmem(guest.gpu, guest.vf);
	bool sysmem = false, vram = false;
	__u32 i;

	mem = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_MEM_REGIONS, NULL);
	igt_assert_lt(0, (int)mem->num_mem_regions);
	for (i = 0; i < mem->num_mem_regions; i++) {
		struct drm_xe_mem_region *r = &mem->mem_regions[i];

		igt_info("region %u: class %u instance %u min page %u total %#llx used %#llx\n",
			 i, r->mem_class, r->instance, r->min_page_size,
			 (unsigned long long)r->total_size, (unsigned long long)r->used);
		igt_assert(r->min_page_size && !(r->min_page_size & (r->min_page_size - 1)));
		igt_assert_lte_u64(r->used, r->total_size);
		if (r->mem_class == DRM_XE_MEM_REGION_CLASS_SYSMEM) {
			igt_assert_eq(r->instance, 0);
			sysmem = true;
		} else {
			igt_assert_eq(r->mem_class, DRM_XE_MEM_REGION_CLASS_VRAM);
			igt_assert_neq(r->instance, 0);
			/* a VF's VRAM is its LMEM share, nothing more */
			igt_assert_lt_u64(0, r->total_size);
			igt_assert_lte_u64(r->total_size, lmem);
			vram = true;
		}
	}
	igt_assert(sysmem);
	igt_assert(vram);
	free(mem);
}

static void query_gt_list(void)
{
	struct drm_xe_query_gt_list *gts;

	gts = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_GT_LIST, NULL);
	igt_assert_lt(0, (int)gts->num_gt);
	igt_assert_eq(gts->gt_list[0].type, DRM_XE_QUERY_GT_TYPE_MAIN);
	igt_assert_eq(gts->gt_list[0].gt_id, 0);
	igt_assert_neq(gts->gt_list[0].reference_clock, 0);
	free(gts);
}

static void query_config(void)
{
	struct drm_xe_query_config *config;
	__u64 rev_devid;

	config = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_CONFIG, NULL);
	igt_assert_lt(DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY, (int)config->num_params);
	rev_devid = config->info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID];
	igt_info("devid %#llx revid %#llx flags %#llx alignment %#llx va bits %llu\n",
		 rev_devid & 0xffff, (rev_devid >> 16) & 0xff,
		 (unsigned long long)config->info[DRM_XE_QUERY_CONFIG_FLAGS],
		 (unsigned long long)config->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT],
		 (unsigned long long)config->info[DRM_XE_QUERY_CONFIG_VA_BITS]);
	/* the ids the GPU was created with, read by the VF from the device */
	igt_assert_eq_u32(rev_devid & 0xffff, TEST_DEVID);
	igt_assert_eq_u32((rev_devid >> 16) & 0xff, TEST_REVID);
	igt_assert(config->info[DRM_XE_QUERY_CONFIG_FLAGS] & DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM);
	igt_assert_lte_u64(4096, config->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT]);
	igt_assert_eq_u64(config->info[DRM_XE_QUERY_CONFIG_VA_BITS], 48);
	free(config);
}

static int query_err(struct drm_xe_device_query *q)
{
	return igt_ioctl(fd, DRM_IOCTL_XE_DEVICE_QUERY, q) ? -errno : 0;
}

static void query_invalid_query(void)
{
	struct drm_xe_device_query q = { .query = 0xffffffff };

	igt_assert_eq(query_err(&q), -EINVAL);
	q.query = DRM_XE_DEVICE_QUERY_OA_UNITS + 1;
	igt_assert_eq(query_err(&q), -EINVAL);
}

static void query_invalid_size(void)
{
	struct drm_xe_device_query q = { .query = DRM_XE_DEVICE_QUERY_CONFIG };
	void *buf;

	igt_assert_eq(query_err(&q), 0);
	igt_assert_lt(0, (int)q.size);
	buf = calloc(1, q.size * 2);
	q.data = (__u64)(uintptr_t)buf;
	q.size -= 1;
	igt_assert_eq(query_err(&q), -EINVAL);
	q.size += 2;
	igt_assert_eq(query_err(&q), -EINVAL);
	/* the right size at a bad address */
	q.size -= 1;
	q.data = 8;
	igt_assert_eq(query_err(&q), -EFAULT);
	free(buf);
}

static void query_invalid_extension(void)
{
	struct drm_xe_device_query q = {
		.extensions = -1,
		.query = DRM_XE_DEVICE_QUERY_CONFIG,
	};

	igt_assert_eq(query_err(&q), -EINVAL);
	q.extensions = 0;
	q.reserved[0] = 1;
	igt_assert_eq(query_err(&q), -EINVAL);
	q.reserved[0] = 0;
	q.reserved[1] = 1;
	igt_assert_eq(query_err(&q), -EINVAL);
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			igt_xesim_guest_create(&guest, "devid=0xe20b revid=0x05 vram=32M", 1, 1);
			fd = igt_xesim_guest_open(&guest);
			igt_require_xe(fd);
		}

		igt_describe("The engines are the simulated GPU's render and copy engines.");
		igt_subtest("query-engines")
			query_engines();

		igt_describe("System memory and VRAM, the VRAM within the VF's LMEM share.");
		igt_subtest("query-mem-usage")
			query_mem_usage();

		igt_describe("One main GT.");
		igt_subtest("query-gt-list")
			query_gt_list();

		igt_describe("Device and revision ids as the GPU was created, VRAM flag, VA bits.");
		igt_subtest("query-config")
			query_config();

		igt_describe("An unknown query id is refused with EINVAL.");
		igt_subtest("query-invalid-query")
			query_invalid_query();

		igt_describe("A wrong size is refused with EINVAL, a bad buffer with EFAULT.");
		igt_subtest("query-invalid-size")
			query_invalid_size();

		igt_describe("Extensions and reserved fields are refused with EINVAL.");
		igt_subtest("query-invalid-extension")
			query_invalid_extension();
	}

	igt_fixture {
		if (fd >= 0)
			drm_close_driver(fd);
		igt_xesim_guest_destroy(&guest);
	}
}
