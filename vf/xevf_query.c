// SPDX-License-Identifier: GPL-2.0
/*
 * DRM_IOCTL_XE_DEVICE_QUERY of the VF driver.
 */

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/xe_drm.h>
#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/time.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include <abi/xe_ctx_abi.h>
#include <xesim_driver.h>

#include "xevf_bo.h"
#include "xevf_bo_types.h"
#include "xevf_device_types.h"
#include "xevf_exec_queue.h"
#include "xevf_printk.h"
#include "xevf_query.h"

/**
 * DOC: xevf device query
 *
 * DEVICE_QUERY answers as upstream Xe does, with what the VF has:
 *
 * - ENGINES: one GT (0) with the render engine (instance 0) and, on a
 *   device with two or more engines, the copy engine (instance 0).
 * - MEM_REGIONS: system memory (instance 0, 4 KiB pages, half of the RAM
 *   as upstream's TTM limit) and, when the VF has LMEM, VRAM (instance 1,
 *   64 KiB minimum page size as on Battlemage, all of it CPU visible
 *   through the LMEM BAR). The used figures are the bytes of the objects
 *   in each region now; as upstream, only a caller with CAP_PERFMON (or
 *   CAP_SYS_ADMIN) sees them, others read 0.
 * - CONFIG: the device id and revision the device reports (the sim's
 *   default is Battlemage, 0xe20b), HAS_VRAM, the minimum alignment (64 KiB
 *   with VRAM), 48 VA bits, the maximum exec queue priority of the caller.
 * - GT_LIST: one main GT on tile 0, near memory VRAM (system memory without
 *   it), graphics IP 20.01.
 * - HWCONFIG: empty (size 0): the VF's GuC model has no hwconfig table.
 * - GT_TOPOLOGY: the masks of the modelled part (a fully enabled
 *   Battlemage G21: 20 DSS for geometry and compute, 8 SIMD16 EUs per DSS,
 *   16 L3 banks), in upstream's order and widths for an Xe2 GT: DSS
 *   geometry, DSS compute, L3 bank, SIMD16 EU per DSS.
 * - OA_UNITS: the VF has no OA units, answered as upstream does for a
 *   device without them: a list with no units.
 * - ENGINE_CYCLES: the requested engine's RING_TIMESTAMP (`xesim engine
 *   timestamp`), 64 bits wide, with the CPU time of the requested clock
 *   (MONOTONIC, MONOTONIC_RAW, REALTIME, BOOTTIME or TAI) taken just
 *   before the read of its lower dword and how long that read took. Only
 *   the output fields are written. A bad pointer is -EFAULT; another
 *   clock, a GT other than 0 or an engine the VF does not have is
 *   -EINVAL.
 * - UC_FW_VERSION: the GuC submission version is the VF interface version
 *   agreed on at bring-up; there is no HuC, which upstream answers with
 *   -ENODEV.
 *
 * Every query takes the size-probe protocol: size 0 returns the size, any
 * other size than that is -EINVAL. Extensions or reserved fields set, or an
 * unknown query, are -EINVAL; a bad data pointer is -EFAULT (-ENOSPC for
 * MEM_REGIONS, as upstream).
 */

#define XEVF_VA_BITS		48
#define XEVF_REFERENCE_CLOCK	19200000
#define XEVF_GRAPHICS_VER	20
#define XEVF_GRAPHICS_REL	1

static struct xevf_device *to_xevf(struct drm_device *drm)
{
	return container_of(drm, struct xevf_device, drm);
}

/* the size probe: 1 when @query only asked for the size */
static int xevf_query_size(struct xevf_device *xe, struct drm_xe_device_query *query,
			   size_t size)
{
	if (!query->size) {
		query->size = size;
		return 1;
	}
	return XEVF_IOCTL_DBG(xe, query->size != size) ? -EINVAL : 0;
}

static int xevf_query_copy(struct drm_xe_device_query *query, const void *buf,
			   size_t size, int fault)
{
	return copy_to_user(u64_to_user_ptr(query->data), buf, size) ? fault : 0;
}

static unsigned int xevf_num_engines(struct xevf_device *xe)
{
	return min_t(unsigned int, xe->info.num_engines, 2);
}

static int xevf_query_engines(struct xevf_device *xe,
			      struct drm_xe_device_query *query)
{
	static const u16 classes[] = { DRM_XE_ENGINE_CLASS_RENDER,
				       DRM_XE_ENGINE_CLASS_COPY };
	unsigned int n = xevf_num_engines(xe), i;
	struct drm_xe_query_engines *engines;
	size_t size = struct_size(engines, engines, n);
	int err = xevf_query_size(xe, query, size);

	if (err)
		return err < 0 ? err : 0;
	engines = kzalloc(size, GFP_KERNEL);
	if (!engines)
		return -ENOMEM;
	engines->num_engines = n;
	for (i = 0; i < n; i++)
		engines->engines[i].instance.engine_class = classes[i];
	err = xevf_query_copy(query, engines, size, -EFAULT);
	kfree(engines);
	return err;
}

static int xevf_query_mem_regions(struct xevf_device *xe,
				  struct drm_xe_device_query *query)
{
	unsigned int n = xe->config.lmem_size ? 2 : 1;
	struct drm_xe_query_mem_regions *mr;
	size_t size = struct_size(mr, mem_regions, n);
	int err = xevf_query_size(xe, query, size);

	if (err)
		return err < 0 ? err : 0;
	mr = kzalloc(size, GFP_KERNEL);
	if (!mr)
		return -ENOMEM;
	mr->num_mem_regions = n;
	mr->mem_regions[0].mem_class = DRM_XE_MEM_REGION_CLASS_SYSMEM;
	mr->mem_regions[0].instance = 0;
	mr->mem_regions[0].min_page_size = PAGE_SIZE;
	mr->mem_regions[0].total_size = xevf_bo_sysmem_size();
	/* usage figures only for the privileged, as upstream */
	if (perfmon_capable())
		mr->mem_regions[0].used = atomic64_read(&xe->vram.sysmem_used);
	if (n > 1) {
		mr->mem_regions[1].mem_class = DRM_XE_MEM_REGION_CLASS_VRAM;
		mr->mem_regions[1].instance = 1;
		mr->mem_regions[1].min_page_size = SZ_64K;
		mr->mem_regions[1].total_size = xe->config.lmem_size;
		mr->mem_regions[1].cpu_visible_size = xe->config.lmem_size;
		if (perfmon_capable()) {
			guard(mutex)(&xe->vram.lock);
			mr->mem_regions[1].used = xe->vram.used;
			mr->mem_regions[1].cpu_visible_used = xe->vram.used;
		}
	}
	err = xevf_query_copy(query, mr, size, -ENOSPC);
	kfree(mr);
	return err;
}

static int xevf_query_config(struct xevf_device *xe,
			     struct drm_xe_device_query *query)
{
	const u32 num = DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY + 1;
	struct drm_xe_query_config *cfg;
	size_t size = struct_size(cfg, info, num);
	int err = xevf_query_size(xe, query, size);

	if (err)
		return err < 0 ? err : 0;
	cfg = kzalloc(size, GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	cfg->num_params = num;
	cfg->info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID] =
		xe->info.device_id | (u32)xe->info.revision << 16;
	if (xe->config.lmem_size)
		cfg->info[DRM_XE_QUERY_CONFIG_FLAGS] = DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM;
	cfg->info[DRM_XE_QUERY_CONFIG_MIN_ALIGNMENT] =
		xe->config.lmem_size ? SZ_64K : SZ_4K;
	cfg->info[DRM_XE_QUERY_CONFIG_VA_BITS] = XEVF_VA_BITS;
	cfg->info[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY] =
		xevf_exec_queue_max_priority();
	err = xevf_query_copy(query, cfg, size, -EFAULT);
	kfree(cfg);
	return err;
}

static int xevf_query_gt_list(struct xevf_device *xe,
			      struct drm_xe_device_query *query)
{
	struct drm_xe_query_gt_list *list;
	size_t size = struct_size(list, gt_list, 1);
	u64 all = xe->config.lmem_size ? 0x3 : 0x1;
	int err = xevf_query_size(xe, query, size);

	if (err)
		return err < 0 ? err : 0;
	list = kzalloc(size, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	list->num_gt = 1;
	list->gt_list[0].type = DRM_XE_QUERY_GT_TYPE_MAIN;
	list->gt_list[0].reference_clock = XEVF_REFERENCE_CLOCK;
	list->gt_list[0].near_mem_regions = xe->config.lmem_size ? 0x2 : 0x1;
	list->gt_list[0].far_mem_regions = all ^ list->gt_list[0].near_mem_regions;
	list->gt_list[0].ip_ver_major = XEVF_GRAPHICS_VER;
	list->gt_list[0].ip_ver_minor = XEVF_GRAPHICS_REL;
	err = xevf_query_copy(query, list, size, -EFAULT);
	kfree(list);
	return err;
}

/* HWCONFIG: nothing to report, size 0 */
static int xevf_query_empty(struct xevf_device *xe,
			    struct drm_xe_device_query *query)
{
	int err = xevf_query_size(xe, query, 0);

	return err < 0 ? err : 0;
}

/*
 * The modelled part's topology: a Battlemage G21 with all of it enabled,
 * 20 DSS (Xe2 cores) for both geometry and compute, 8 SIMD16 EUs each,
 * 16 L3 banks. The masks are as wide as upstream's (DSS 96 bits, EU and
 * L3 bank 64 bits, in whole longs), little endian.
 */
#define XEVF_TOPO_DSS_BYTES	16
#define XEVF_TOPO_EU_BYTES	8
#define XEVF_TOPO_L3_BYTES	8
#define XEVF_TOPO_DSS_MASK	GENMASK_ULL(19, 0)
#define XEVF_TOPO_EU_MASK	GENMASK_ULL(7, 0)
#define XEVF_TOPO_L3_MASK	GENMASK_ULL(15, 0)

static const struct {
	u16 type;
	u32 num_bytes;
	u64 mask;
} xevf_topology[] = {
	{ DRM_XE_TOPO_DSS_GEOMETRY, XEVF_TOPO_DSS_BYTES, XEVF_TOPO_DSS_MASK },
	{ DRM_XE_TOPO_DSS_COMPUTE, XEVF_TOPO_DSS_BYTES, XEVF_TOPO_DSS_MASK },
	{ DRM_XE_TOPO_L3_BANK, XEVF_TOPO_L3_BYTES, XEVF_TOPO_L3_MASK },
	{ DRM_XE_TOPO_SIMD16_EU_PER_DSS, XEVF_TOPO_EU_BYTES, XEVF_TOPO_EU_MASK },
};

static size_t xevf_topology_size(void)
{
	size_t size = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xevf_topology); i++)
		size += sizeof(struct drm_xe_query_topology_mask) +
			xevf_topology[i].num_bytes;
	return size;
}

static int xevf_query_gt_topology(struct xevf_device *xe,
				  struct drm_xe_device_query *query)
{
	size_t size = xevf_topology_size(), off = 0;
	struct drm_xe_query_topology_mask *topo;
	unsigned int i;
	__le64 mask;
	u8 *buf;
	int err = xevf_query_size(xe, query, size);

	if (err)
		return err < 0 ? err : 0;
	buf = kzalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(xevf_topology); i++) {
		topo = (void *)(buf + off);
		topo->gt_id = 0;
		topo->type = xevf_topology[i].type;
		topo->num_bytes = xevf_topology[i].num_bytes;
		mask = cpu_to_le64(xevf_topology[i].mask);
		memcpy(topo->mask, &mask, sizeof(mask));
		off += sizeof(*topo) + topo->num_bytes;
	}
	err = xevf_query_copy(query, buf, size, -EFAULT);
	kfree(buf);
	return err;
}

/* the CPU clocks ENGINE_CYCLES may be asked for, as upstream */
static u64 (*xevf_cpu_clock(s32 clockid))(void)
{
	switch (clockid) {
	case CLOCK_MONOTONIC:
		return ktime_get_ns;
	case CLOCK_MONOTONIC_RAW:
		return ktime_get_raw_ns;
	case CLOCK_REALTIME:
		return ktime_get_real_ns;
	case CLOCK_BOOTTIME:
		return ktime_get_boottime_ns;
	case CLOCK_TAI:
		return ktime_get_clocktai_ns;
	default:
		return NULL;
	}
}

/*
 * The engine's RING_TIMESTAMP, 64 bits read upper, lower, upper (again
 * while the upper dword moved); @cpu_ts is taken just before the lower
 * dword's read, @cpu_delta is the time that read took.
 */
static int xevf_read_engine_ts(struct xevf_device *xe, u32 base, u64 (*clock)(void),
			       u64 *cycles, u64 *cpu_ts, u64 *cpu_delta)
{
	u32 hi, lo, hi2;
	int err, tries;

	err = xesim_read32(xe->xdev, base + XESIM_CS_REG_TIMESTAMP_UDW, &hi);
	for (tries = 0; !err && tries < 3; tries++) {
		*cpu_ts = clock();
		err = xesim_read32(xe->xdev, base + XESIM_CS_REG_TIMESTAMP, &lo);
		*cpu_delta = clock() - *cpu_ts;
		err = err ?: xesim_read32(xe->xdev, base + XESIM_CS_REG_TIMESTAMP_UDW,
					  &hi2);
		if (err || hi == hi2)
			break;
		hi = hi2;
	}
	*cycles = (u64)hi << 32 | lo;
	return err;
}

static int xevf_query_engine_cycles(struct xevf_device *xe,
				    struct drm_xe_device_query *query)
{
	struct drm_xe_query_engine_cycles __user *uptr;
	struct drm_xe_query_engine_cycles resp;
	struct drm_xe_engine_class_instance *eci = &resp.eci;
	int err = xevf_query_size(xe, query, sizeof(resp));
	u64 (*clock)(void);
	u32 base;
	int idx;

	if (err)
		return err < 0 ? err : 0;
	uptr = u64_to_user_ptr(query->data);
	if (copy_from_user(&resp, uptr, sizeof(resp)))
		return -EFAULT;
	clock = xevf_cpu_clock(resp.clockid);
	if (XEVF_IOCTL_DBG(xe, !clock))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, eci->gt_id || eci->engine_instance))
		return -EINVAL;
	if (eci->engine_class == DRM_XE_ENGINE_CLASS_RENDER)
		base = XESIM_RENDER_RING_BASE;
	else if (eci->engine_class == DRM_XE_ENGINE_CLASS_COPY && xevf_num_engines(xe) > 1)
		base = XESIM_BLT_RING_BASE;
	else
		base = 0;
	if (XEVF_IOCTL_DBG(xe, !base))
		return -EINVAL;
	if (!drm_dev_enter(&xe->drm, &idx))
		return -ENODEV;
	err = xevf_read_engine_ts(xe, base, clock, &resp.engine_cycles,
				  &resp.cpu_timestamp, &resp.cpu_delta);
	drm_dev_exit(idx);
	if (err)
		return -EIO;
	/* Xe2: a 64-bit counter */
	resp.width = 64;
	/* the output fields only */
	if (put_user(resp.cpu_timestamp, &uptr->cpu_timestamp) ||
	    put_user(resp.cpu_delta, &uptr->cpu_delta) ||
	    put_user(resp.engine_cycles, &uptr->engine_cycles) ||
	    put_user(resp.width, &uptr->width))
		return -EFAULT;
	return 0;
}

static int xevf_query_uc_fw_version(struct xevf_device *xe,
				    struct drm_xe_device_query *query)
{
	struct drm_xe_query_uc_fw_version resp;
	int err = xevf_query_size(xe, query, sizeof(resp));

	if (err)
		return err < 0 ? err : 0;
	if (copy_from_user(&resp, u64_to_user_ptr(query->data), sizeof(resp)))
		return -EFAULT;
	if (XEVF_IOCTL_DBG(xe, resp.pad || resp.pad2 || resp.reserved))
		return -EINVAL;
	switch (resp.uc_type) {
	case XE_QUERY_UC_TYPE_GUC_SUBMISSION:
		resp.branch_ver = xe->guc_version.branch;
		resp.major_ver = xe->guc_version.major;
		resp.minor_ver = xe->guc_version.minor;
		resp.patch_ver = xe->guc_version.patch;
		break;
	case XE_QUERY_UC_TYPE_HUC:
		xevf_dbg(xe, "ioctl", "no HuC\n");
		return -ENODEV;
	default:
		xevf_dbg(xe, "ioctl", "unknown uc_type %u\n", resp.uc_type);
		return -EINVAL;
	}
	return xevf_query_copy(query, &resp, sizeof(resp), -EFAULT);
}

static int xevf_query_oa_units(struct xevf_device *xe,
			       struct drm_xe_device_query *query)
{
	struct drm_xe_query_oa_units units = {};
	int err = xevf_query_size(xe, query, sizeof(units));

	if (err)
		return err < 0 ? err : 0;
	return xevf_query_copy(query, &units, sizeof(units), -EFAULT);
}

static int (* const xevf_query_funcs[])(struct xevf_device *xe,
					struct drm_xe_device_query *query) = {
	[DRM_XE_DEVICE_QUERY_ENGINES] = xevf_query_engines,
	[DRM_XE_DEVICE_QUERY_MEM_REGIONS] = xevf_query_mem_regions,
	[DRM_XE_DEVICE_QUERY_CONFIG] = xevf_query_config,
	[DRM_XE_DEVICE_QUERY_GT_LIST] = xevf_query_gt_list,
	[DRM_XE_DEVICE_QUERY_HWCONFIG] = xevf_query_empty,
	[DRM_XE_DEVICE_QUERY_GT_TOPOLOGY] = xevf_query_gt_topology,
	[DRM_XE_DEVICE_QUERY_ENGINE_CYCLES] = xevf_query_engine_cycles,
	[DRM_XE_DEVICE_QUERY_UC_FW_VERSION] = xevf_query_uc_fw_version,
	[DRM_XE_DEVICE_QUERY_OA_UNITS] = xevf_query_oa_units,
};

/**
 * xevf_query_ioctl() - DRM_IOCTL_XE_DEVICE_QUERY.
 * @drm: the DRM device.
 * @data: &struct drm_xe_device_query.
 * @file: the DRM file.
 *
 * Context: process context.
 * Return: 0 or a negative errno (see `xevf device query`).
 */
int xevf_query_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct drm_xe_device_query *query = data;
	struct xevf_device *xe = to_xevf(drm);
	u32 idx;

	if (XEVF_IOCTL_DBG(xe, query->extensions) ||
	    XEVF_IOCTL_DBG(xe, query->reserved[0] || query->reserved[1]))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, query->query >= ARRAY_SIZE(xevf_query_funcs)))
		return -EINVAL;
	idx = array_index_nospec(query->query, ARRAY_SIZE(xevf_query_funcs));
	return xevf_query_funcs[idx](xe, query);
}
