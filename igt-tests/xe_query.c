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
	/* the only flag of this uAPI, and it applies */
	igt_assert_eq_u64(config->info[DRM_XE_QUERY_CONFIG_FLAGS],
			  DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM);
	/* with VRAM: its 64 KiB minimum page */
	igt_assert_eq_u64(config->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT], 65536);
	igt_assert_eq_u64(config->info[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY], 2);
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
 * EINVAL; the probed size is accepted and the kernel writes no byte beyond it. (A zeroed
 * ENGINE_CYCLES request is a valid one: render engine 0, CLOCK_REALTIME.)
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
 * table (size 0), an OA unit list with no units, no HuC (ENODEV). The GuC version is the VF
 * interface version the driver agreed on (major 1, the only one it accepts).
 */
static void query_absent(void)
{
	struct drm_xe_device_query q = { .query = DRM_XE_DEVICE_QUERY_HWCONFIG };
	struct drm_xe_query_uc_fw_version v;
	struct drm_xe_query_oa_units *oa;

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
}

/*
 * GT_TOPOLOGY: for GT 0, DSS geometry, DSS compute, L3 banks and, on an Xe2 part, EUs per DSS
 * as SIMD16 EUs (never the plain EU type); each mask as long as it says, together exactly the
 * size of the answer, none empty.
 */
static void query_topology(void)
{
	struct drm_xe_query_config *config;
	__u32 size, types = 0, off = 0, dss = 0, eus = 0, l3 = 0, i;
	__u8 *buf = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_GT_TOPOLOGY, &size);

	config = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_CONFIG, NULL);
	igt_assert_lt(0, (int)size);
	while (off + sizeof(struct drm_xe_query_topology_mask) <= size) {
		struct drm_xe_query_topology_mask *topo = (void *)(buf + off);
		__u32 bits = 0;

		igt_assert_eq(topo->gt_id, 0);
		igt_assert_lte(DRM_XE_TOPO_DSS_GEOMETRY, topo->type);
		igt_assert_lte(topo->type, DRM_XE_TOPO_SIMD16_EU_PER_DSS);
		igt_assert_f(!(types & (1u << topo->type)), "type %u twice\n", topo->type);
		types |= 1u << topo->type;
		igt_assert_lt(0, (int)topo->num_bytes);
		igt_assert_lte(off + sizeof(*topo) + topo->num_bytes, size);
		for (i = 0; i < topo->num_bytes; i++)
			bits += __builtin_popcount(topo->mask[i]);
		igt_info("type %u: %u bytes, %u bits set\n", topo->type, topo->num_bytes, bits);
		igt_assert_lt(0, (int)bits);
		if (topo->type == DRM_XE_TOPO_DSS_GEOMETRY)
			dss = bits;
		else if (topo->type == DRM_XE_TOPO_SIMD16_EU_PER_DSS)
			eus = bits;
		else if (topo->type == DRM_XE_TOPO_L3_BANK)
			l3 = bits;
		off += sizeof(*topo) + topo->num_bytes;
	}
	igt_assert_eq_u32(off, size);
	igt_assert(types & (1u << DRM_XE_TOPO_DSS_GEOMETRY));
	igt_assert(types & (1u << DRM_XE_TOPO_DSS_COMPUTE));
	igt_assert(types & (1u << DRM_XE_TOPO_L3_BANK));
	/* Battlemage is Xe2 (graphics 20): SIMD16 EUs */
	igt_assert(types & (1u << DRM_XE_TOPO_SIMD16_EU_PER_DSS));
	igt_assert(!(types & (1u << DRM_XE_TOPO_EU_PER_DSS)));
	igt_info("%u DSS x %u EUs, %u L3 banks\n", dss, eus, l3);
	free(config);
	free(buf);
}

static int query_cycles(struct drm_xe_query_engine_cycles *c)
{
	struct drm_xe_device_query q = {
		.query = DRM_XE_DEVICE_QUERY_ENGINE_CYCLES,
		.size = sizeof(*c),
		.data = (__u64)(uintptr_t)c,
	};

	return query_err(&q);
}

static __u32 reference_clock(void)
{
	struct drm_xe_query_gt_list *gts = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_GT_LIST, NULL);
	__u32 clock = gts->gt_list[0].reference_clock;

	free(gts);
	return clock;
}

/*
 * ENGINE_CYCLES, as upstream's users take it: two samples close together, the engine's cycles
 * converted to time by the GT's reference clock match the CPU time between them to within 5
 * us, for most samples of every clock; the input fields are left alone; the counter is 64 bits
 * wide (Xe2) and never goes back.
 */
static void query_cs_cycles(void)
{
	static const clockid_t clocks[] = { CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME,
					    CLOCK_BOOTTIME, CLOCK_TAI };
	struct drm_xe_engine_class_instance *hwe;
	__u32 freq = reference_clock();
	unsigned int c, i;

	igt_assert_lt(0, (int)freq);
	xe_for_each_engine(fd, hwe) {
		for (c = 0; c < ARRAY_SIZE(clocks); c++) {
			int usable = 0;

			for (i = 0; i < 10; i++) {
				struct drm_xe_query_engine_cycles t1 = {
					.eci = *hwe, .clockid = clocks[c] }, t2 = t1;
				__u64 dcpu, dcs, dd;

				igt_assert_eq(query_cycles(&t1), 0);
				igt_assert_eq(query_cycles(&t2), 0);
				igt_assert_eq(t1.clockid, clocks[c]);
				igt_assert_eq(t1.eci.engine_class, hwe->engine_class);
				igt_assert_eq_u32(t1.width, 64);
				igt_assert_lt_u64(t1.engine_cycles, t2.engine_cycles);
				igt_assert_lt_u64(t1.cpu_timestamp, t2.cpu_timestamp);
				dcpu = t2.cpu_timestamp - t1.cpu_timestamp;
				dcs = (t2.engine_cycles - t1.engine_cycles) * 1000000000ull / freq;
				dd = dcpu > dcs ? dcpu - dcs : dcs - dcpu;
				igt_debug("%s clock %d: cpu %llu ns cs %llu ns delta %llu ns\n",
					  xe_engine_class_string(hwe->engine_class), clocks[c],
					  (unsigned long long)dcpu, (unsigned long long)dcs,
					  (unsigned long long)t1.cpu_delta);
				usable += dd < 5000;
			}
			igt_info("%s clock %d: %d of 10 usable\n",
				 xe_engine_class_string(hwe->engine_class), clocks[c], usable);
			igt_assert_lt(2, usable);
		}
	}
}

/*
 * ENGINE_CYCLES refuses another clock, GT, engine class or instance (EINVAL), a bad pointer
 * (EFAULT) and a wrong size (EINVAL).
 */
static void query_invalid_cs_cycles(void)
{
	struct drm_xe_query_engine_cycles good = {
		.eci = xe_engine(fd, 0)->instance, .clockid = CLOCK_MONOTONIC }, c;
	struct drm_xe_device_query q = {
		.query = DRM_XE_DEVICE_QUERY_ENGINE_CYCLES, .size = sizeof(c),
		.data = (__u64)(uintptr_t)&c };

	c = good;
	igt_assert_eq(query_cycles(&c), 0);
	c = good;
	c.clockid = CLOCK_PROCESS_CPUTIME_ID;
	igt_assert_eq(query_cycles(&c), -EINVAL);
	c.clockid = -1;
	igt_assert_eq(query_cycles(&c), -EINVAL);
	c = good;
	c.eci.gt_id = 1;
	igt_assert_eq(query_cycles(&c), -EINVAL);
	c = good;
	c.eci.engine_instance = 1;
	igt_assert_eq(query_cycles(&c), -EINVAL);
	c = good;
	c.eci.engine_class = DRM_XE_ENGINE_CLASS_VIDEO_DECODE;
	igt_assert_eq(query_cycles(&c), -EINVAL);
	c.eci.engine_class = 0xffff;
	igt_assert_eq(query_cycles(&c), -EINVAL);
	c = good;
	q.size = sizeof(c) - 1;
	igt_assert_eq(query_err(&q), -EINVAL);
	q.size = sizeof(c);
	q.data = 8;
	igt_assert_eq(query_err(&q), -EFAULT);
}

/* The used figures of MEM_REGIONS move with the objects created and closed. */
static void query_mem_usage_moves(void)
{
	__u64 regions[2] = { system_memory(fd), vram_memory(fd, 0) };
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(regions); k++) {
		struct drm_xe_query_mem_regions *mem;
		__u64 before = 0, after = 0, size = 1 << 20;
		__u32 bo, i, inst = __builtin_ctzll(regions[k]);

		if (!regions[k])
			continue;
		mem = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_MEM_REGIONS, NULL);
		for (i = 0; i < mem->num_mem_regions; i++)
			if (mem->mem_regions[i].instance == inst)
				before = mem->mem_regions[i].used;
		free(mem);
		bo = xe_bo_create(fd, 0, size, regions[k], 0);
		mem = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_MEM_REGIONS, NULL);
		for (i = 0; i < mem->num_mem_regions; i++)
			if (mem->mem_regions[i].instance == inst)
				after = mem->mem_regions[i].used;
		free(mem);
		igt_info("%s: used %#llx -> %#llx\n", xe_region_name(regions[k]),
			 (unsigned long long)before, (unsigned long long)after);
		igt_assert_eq_u64(after, before + size);
		gem_close(fd, bo);
		mem = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_MEM_REGIONS, NULL);
		for (i = 0; i < mem->num_mem_regions; i++)
			if (mem->mem_regions[i].instance == inst)
				after = mem->mem_regions[i].used;
		free(mem);
		igt_assert_eq_u64(after, before);
	}
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
			fd = igt_xesim_guest_open_xe(&guest, "devid=0xe20b revid=0x05 vram=32M",
						     1, 1);
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

		igt_describe("The topology masks of the modelled Xe2 part.");
		igt_subtest("query-topology")
			query_topology();

		igt_describe("Engine cycles track the CPU clock asked for.");
		igt_subtest("query-cs-cycles")
			query_cs_cycles();

		igt_describe("ENGINE_CYCLES refuses bad clocks, engines, sizes and pointers.");
		igt_subtest("query-invalid-cs-cycles")
			query_invalid_cs_cycles();

		igt_describe("MEM_REGIONS usage moves as objects come and go.");
		igt_subtest("query-mem-usage-moves")
			query_mem_usage_moves();

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
