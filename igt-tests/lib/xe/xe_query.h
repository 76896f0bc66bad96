/* SPDX-License-Identifier: MIT */
/*
 * What an Xe device tells about itself (DRM_XE_DEVICE_QUERY), read once per device file and
 * kept, under the names of IGT's Xe query helpers.
 */
#ifndef XE_QUERY_H
#define XE_QUERY_H

#include <stdbool.h>

#include <linux/types.h>

#include "xe_drm.h"

#include "igt_core.h"

/**
 * struct xe_device - the queries of one open Xe device, from xe_device_get()
 * @fd: the device file
 * @config: DRM_XE_DEVICE_QUERY_CONFIG
 * @engines: DRM_XE_DEVICE_QUERY_ENGINES
 * @mem_regions: DRM_XE_DEVICE_QUERY_MEM_REGIONS
 * @gt_list: DRM_XE_DEVICE_QUERY_GT_LIST
 * @memory_regions: the mask of every memory region's instance bit
 * @va_bits: the bits of a ppGTT address
 * @dev_id: the PCI device id
 * @has_vram: whether the device has VRAM
 */
struct xe_device {
	int fd;
	struct drm_xe_query_config *config;
	struct drm_xe_query_engines *engines;
	struct drm_xe_query_mem_regions *mem_regions;
	struct drm_xe_query_gt_list *gt_list;
	__u64 memory_regions;
	__u32 va_bits;
	__u16 dev_id;
	bool has_vram;
};

int __xe_query(int fd, __u32 query, void **data, __u32 *size);
void *xe_query_alloc(int fd, __u32 query, __u32 *size);

struct xe_device *xe_device_get(int fd);
void xe_device_put(int fd);

unsigned int xe_number_engines(int fd);
struct drm_xe_engine *xe_engine(int fd, unsigned int idx);
const char *xe_engine_class_string(__u32 engine_class);
__u64 all_memory_regions(int fd);
__u64 system_memory(int fd);
__u64 vram_memory(int fd, int gt);
bool xe_has_vram(int fd);
__u32 xe_va_bits(int fd);
__u16 xe_dev_id(int fd);
struct drm_xe_mem_region *xe_mem_region(int fd, __u64 region);
const char *xe_region_name(__u64 region);

/*
 * xe_for_each_engine() - @hwe (struct drm_xe_engine_class_instance *) over the device's
 * engines.
 */
#define xe_for_each_engine(__fd, hwe) \
	for (struct { unsigned int i; int dev; } igt_unique(__it) = { 0, (__fd) }; \
	     igt_unique(__it).i < xe_number_engines(igt_unique(__it).dev) && \
	     ((hwe) = &xe_engine(igt_unique(__it).dev, igt_unique(__it).i)->instance); \
	     igt_unique(__it).i++)

#endif /* XE_QUERY_H */
