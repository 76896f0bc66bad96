// SPDX-License-Identifier: MIT
/*
 * DRM_XE_DEVICE_QUERY on a VF: what the guest driver reports must be what the simulated
 * device and the PF's provisioning gave the VF.
 */
#include <time.h>

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

/* The queries of the uAPI header this driver is built against, by id. */
static const char *const query_names[] = {
	[DRM_XE_DEVICE_QUERY_ENGINES] = "engines",
	[DRM_XE_DEVICE_QUERY_MEM_REGIONS] = "mem-regions",
	[DRM_XE_DEVICE_QUERY_CONFIG] = "config",
	[DRM_XE_DEVICE_QUERY_GT_LIST] = "gt-list",
	[DRM_XE_DEVICE_QUERY_HWCONFIG] = "hwconfig",
	[DRM_XE_DEVICE_QUERY_GT_TOPOLOGY] = "gt-topology",
	[DRM_XE_DEVICE_QUERY_ENGINE_CYCLES] = "engine-cycles",
	[DRM_XE_DEVICE_QUERY_UC_FW_VERSION] = "uc-fw-version",
	[DRM_XE_DEVICE_QUERY_OA_UNITS] = "oa-units",
};

#define CANARY	0xc5

/*
 * Every query answers a size probe (size 0) with its size and nothing else; any other size is
 * EINVAL; the probed size is accepted and the kernel writes no byte beyond it. ENGINE_CYCLES
 * then refuses the request itself on a VF (no engine timestamps), as upstream does for an
 * engine it cannot sample.
 */
static void query_size_probe(void)
{
	__u32 id;

	for (id = 0; id < ARRAY_SIZE(query_names); id++) {
		struct drm_xe_device_query q = { .query = id };
		__u8 *buf;
		__u32 size, i;

		q.data = 8;	/* never touched by a size probe */
		igt_assert_f(!query_err(&q), "probe of %s: %s\n", query_names[id],
			     strerror(errno));
		size = q.size;
		igt_info("query %s: %u bytes\n", query_names[id], size);
		buf = malloc(size + 64);
		igt_assert(buf);
		memset(buf, 0, size);
		memset(buf + size, CANARY, 64);
		q.data = (__u64)(uintptr_t)buf;
		if (size) {
			q.size = size - 1;
			igt_assert_eq(query_err(&q), -EINVAL);
		}
		q.size = size + 1;
		igt_assert_eq(query_err(&q), -EINVAL);
		q.size = size;
		if (id == DRM_XE_DEVICE_QUERY_ENGINE_CYCLES)
			igt_assert_eq(query_err(&q), -EINVAL);
		else
			igt_assert_f(!query_err(&q), "query %s of %u bytes: %s\n",
				     query_names[id], size, strerror(errno));
		igt_assert_eq_u32(q.size, size);
		for (i = size; i < size + 64; i++)
			igt_assert_eq_u32(buf[i], CANARY);
		free(buf);
	}
}

/* One UC_FW_VERSION query of @type; the errno or 0, the answer in @v. */
static int query_uc(__u16 type, struct drm_xe_query_uc_fw_version *v)
{
	struct drm_xe_device_query q = {
		.query = DRM_XE_DEVICE_QUERY_UC_FW_VERSION,
		.size = sizeof(*v),
		.data = (__u64)(uintptr_t)v,
	};

	memset(v, 0, sizeof(*v));
	v->uc_type = type;
	return query_err(&q);
}

/*
 * What the VF does not have is answered as upstream answers a device without it: no hwconfig
 * table and no topology masks (size 0), an OA unit list with no units, no HuC (ENODEV). The
 * GuC version is the VF interface version the driver agreed on (major 1, the only one it
 * accepts).
 */
static void query_absent(void)
{
	struct drm_xe_device_query q = { .query = DRM_XE_DEVICE_QUERY_HWCONFIG };
	struct drm_xe_query_engine_cycles cycles = {};
	struct drm_xe_query_uc_fw_version v;
	struct drm_xe_query_oa_units *oa;

	igt_assert_eq(query_err(&q), 0);
	igt_assert_eq_u32(q.size, 0);
	q = (struct drm_xe_device_query) { .query = DRM_XE_DEVICE_QUERY_GT_TOPOLOGY };
	igt_assert_eq(query_err(&q), 0);
	igt_assert_eq_u32(q.size, 0);

	oa = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_OA_UNITS, NULL);
	igt_assert_eq_u32(oa->num_oa_units, 0);
	free(oa);

	igt_assert_eq(query_uc(XE_QUERY_UC_TYPE_GUC_SUBMISSION, &v), 0);
	igt_info("GuC VF interface %u.%u.%u\n", v.major_ver, v.minor_ver, v.patch_ver);
	igt_assert_eq_u32(v.major_ver, 1);
	igt_assert_lt_u32(0, v.minor_ver);
	igt_assert_eq(query_uc(XE_QUERY_UC_TYPE_HUC, &v), -ENODEV);
	igt_assert_eq(query_uc(XE_QUERY_UC_TYPE_HUC + 1, &v), -EINVAL);
	memset(&v, 0, sizeof(v));
	v.pad = 1;
	q = (struct drm_xe_device_query) { .query = DRM_XE_DEVICE_QUERY_UC_FW_VERSION,
					   .size = sizeof(v), .data = (__u64)(uintptr_t)&v };
	igt_assert_eq(query_err(&q), -EINVAL);
	q.data = 8;
	igt_assert_eq(query_err(&q), -EFAULT);

	/* no engine timestamps on a VF; a bad request pointer is still EFAULT first */
	cycles.clockid = CLOCK_MONOTONIC;
	q = (struct drm_xe_device_query) { .query = DRM_XE_DEVICE_QUERY_ENGINE_CYCLES,
					   .size = sizeof(cycles),
					   .data = (__u64)(uintptr_t)&cycles };
	igt_assert_eq(query_err(&q), -EINVAL);
	q.data = 8;
	igt_assert_eq(query_err(&q), -EFAULT);
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

		igt_describe("Every query answers the size probe and takes exactly that size.");
		igt_subtest("query-size-probe")
			query_size_probe();

		igt_describe("What a VF lacks is answered as upstream answers its absence.");
		igt_subtest("query-absent")
			query_absent();

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
