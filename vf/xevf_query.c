// SPDX-License-Identifier: GPL-2.0
/*
 * DRM_IOCTL_XE_DEVICE_QUERY of the VF driver.
 */

#include <drm/drm_file.h>
#include <drm/xe_drm.h>
#include <linux/capability.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "xevf_bo.h"
#include "xevf_bo_types.h"
#include "xevf_device_types.h"
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
 * - GT_TOPOLOGY and OA_UNITS: the VF reports no topology masks and no OA
 *   units, so both answer as upstream does for a device without them: an
 *   empty topology (size 0) and an OA unit list with no units.
 * - ENGINE_CYCLES: the VF cannot read engine timestamps: after the size
 *   probe and the read of the request (-EFAULT for a bad pointer), -EINVAL,
 *   as upstream answers for an engine it cannot sample.
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
#define XEVF_PRIORITY_NORMAL	1
#define XEVF_PRIORITY_HIGH	2

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
	mr->mem_regions[0].total_size = xevf_sysmem_size();
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
		capable(CAP_SYS_NICE) ? XEVF_PRIORITY_HIGH : XEVF_PRIORITY_NORMAL;
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

/* HWCONFIG and GT_TOPOLOGY: nothing to report, size 0 */
static int xevf_query_empty(struct xevf_device *xe,
			    struct drm_xe_device_query *query)
{
	int err = xevf_query_size(xe, query, 0);

	return err < 0 ? err : 0;
}

static int xevf_query_engine_cycles(struct xevf_device *xe,
				    struct drm_xe_device_query *query)
{
	struct drm_xe_query_engine_cycles resp;
	int err = xevf_query_size(xe, query, sizeof(resp));

	if (err)
		return err < 0 ? err : 0;
	if (copy_from_user(&resp, u64_to_user_ptr(query->data), sizeof(resp)))
		return -EFAULT;
	xevf_dbg(xe, "ioctl", "no engine timestamps on a VF\n");
	return -EINVAL;
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
	[DRM_XE_DEVICE_QUERY_GT_TOPOLOGY] = xevf_query_empty,
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
