// SPDX-License-Identifier: MIT
/*
 * Xe device queries for the tests (see xe_query.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define IGT_LOG_DOMAIN "xe_query"

#include "drmtest.h"
#include "ioctl_wrappers.h"
#include "xe/xe_query.h"

/* The device of the last xe_device_get(): the tests use one device at a time. */
static struct xe_device *cached;

/**
 * __xe_query() - run a device query: its size, then its data
 * @fd: the Xe device
 * @query: DRM_XE_DEVICE_QUERY_*
 * @data: set to the data, to free(), or NULL on failure
 * @size: set to the size in bytes
 *
 * Return: 0 or the negative errno of either call.
 */
int __xe_query(int fd, __u32 query, void **data, __u32 *size)
{
	struct drm_xe_device_query q = { .query = query };
	void *buf;

	*data = NULL;
	if (igt_ioctl(fd, DRM_IOCTL_XE_DEVICE_QUERY, &q))
		return -errno;
	buf = calloc(1, q.size ?: 1);
	if (!buf)
		return -ENOMEM;
	q.data = (__u64)(uintptr_t)buf;
	if (igt_ioctl(fd, DRM_IOCTL_XE_DEVICE_QUERY, &q)) {
		int err = -errno;

		free(buf);
		return err;
	}
	*data = buf;
	*size = q.size;
	return 0;
}

/**
 * xe_query_alloc() - run a device query, or fail
 * @fd: the Xe device
 * @query: DRM_XE_DEVICE_QUERY_*
 * @size: NULL, or set to the size in bytes
 *
 * Return: the data, to free().
 */
void *xe_query_alloc(int fd, __u32 query, __u32 *size)
{
	__u32 len = 0;
	void *data;
	int err;

	err = __xe_query(fd, query, &data, &len);
	igt_assert_f(!err, "query %u: %s\n", query, strerror(-err));
	if (size)
		*size = len;
	return data;
}

static void xe_device_free(struct xe_device *xe)
{
	free(xe->config);
	free(xe->engines);
	free(xe->mem_regions);
	free(xe->gt_list);
	free(xe);
}

/**
 * xe_device_get() - the queries of an Xe device, read on first use
 * @fd: the Xe device
 *
 * Return: the device's description, valid until xe_device_put().
 */
struct xe_device *xe_device_get(int fd)
{
	struct xe_device *xe;
	unsigned int i;

	if (cached && cached->fd == fd)
		return cached;
	xe_device_put(-1);

	xe = calloc(1, sizeof(*xe));
	igt_assert(xe);
	xe->fd = fd;
	xe->config = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_CONFIG, NULL);
	xe->engines = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_ENGINES, NULL);
	xe->mem_regions = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_MEM_REGIONS, NULL);
	xe->gt_list = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_GT_LIST, NULL);
	igt_assert_lt(DRM_XE_QUERY_CONFIG_VA_BITS, (int)xe->config->num_params);
	xe->va_bits = xe->config->info[DRM_XE_QUERY_CONFIG_VA_BITS];
	xe->dev_id = xe->config->info[DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID] & 0xffff;
	xe->has_vram = xe->config->info[DRM_XE_QUERY_CONFIG_FLAGS] &
		       DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM;
	for (i = 0; i < xe->mem_regions->num_mem_regions; i++)
		xe->memory_regions |= 1ull << xe->mem_regions->mem_regions[i].instance;
	cached = xe;
	return xe;
}

/**
 * xe_device_put() - forget the queries of a device (call before closing it)
 * @fd: the Xe device, or -1 for whichever is kept
 */
void xe_device_put(int fd)
{
	if (cached && (fd < 0 || cached->fd == fd)) {
		xe_device_free(cached);
		cached = NULL;
	}
}

/**
 * xe_number_engines() - how many engines the device has
 * @fd: the Xe device
 *
 * Return: the number of engines.
 */
unsigned int xe_number_engines(int fd)
{
	return xe_device_get(fd)->engines->num_engines;
}

/**
 * xe_engine() - one engine of the device
 * @fd: the Xe device
 * @idx: its index, below xe_number_engines()
 *
 * Return: the engine.
 */
struct drm_xe_engine *xe_engine(int fd, unsigned int idx)
{
	struct xe_device *xe = xe_device_get(fd);

	igt_assert_lt_u32(idx, xe->engines->num_engines);
	return &xe->engines->engines[idx];
}

/**
 * xe_engine_class_string() - the short name of an engine class
 * @engine_class: DRM_XE_ENGINE_CLASS_*
 *
 * Return: "rcs", "bcs", ... or "unknown".
 */
const char *xe_engine_class_string(__u32 engine_class)
{
	switch (engine_class) {
	case DRM_XE_ENGINE_CLASS_RENDER:
		return "rcs";
	case DRM_XE_ENGINE_CLASS_COPY:
		return "bcs";
	case DRM_XE_ENGINE_CLASS_VIDEO_DECODE:
		return "vcs";
	case DRM_XE_ENGINE_CLASS_VIDEO_ENHANCE:
		return "vecs";
	case DRM_XE_ENGINE_CLASS_COMPUTE:
		return "ccs";
	default:
		return "unknown";
	}
}

/**
 * all_memory_regions() - the instance bits of every memory region
 * @fd: the Xe device
 *
 * Return: the mask.
 */
__u64 all_memory_regions(int fd)
{
	return xe_device_get(fd)->memory_regions;
}

static __u64 region_of_class(int fd, __u16 mem_class, int gt)
{
	struct xe_device *xe = xe_device_get(fd);
	unsigned int i;

	for (i = 0; i < xe->mem_regions->num_mem_regions; i++) {
		struct drm_xe_mem_region *r = &xe->mem_regions->mem_regions[i];

		if (r->mem_class != mem_class)
			continue;
		if (gt-- <= 0)
			return 1ull << r->instance;
	}
	return 0;
}

/**
 * system_memory() - the instance bit of system memory
 * @fd: the Xe device
 *
 * Return: the bit, 0 if there is no system memory region.
 */
__u64 system_memory(int fd)
{
	return region_of_class(fd, DRM_XE_MEM_REGION_CLASS_SYSMEM, 0);
}

/**
 * vram_memory() - the instance bit of a VRAM region
 * @fd: the Xe device
 * @gt: which one, from 0
 *
 * Return: the bit, 0 if there is no such region.
 */
__u64 vram_memory(int fd, int gt)
{
	return region_of_class(fd, DRM_XE_MEM_REGION_CLASS_VRAM, gt);
}

/**
 * xe_has_vram() - whether the device says it has VRAM
 * @fd: the Xe device
 *
 * Return: DRM_XE_QUERY_CONFIG_FLAG_HAS_VRAM.
 */
bool xe_has_vram(int fd)
{
	return xe_device_get(fd)->has_vram;
}

/**
 * xe_va_bits() - the width of a GPU virtual address
 * @fd: the Xe device
 *
 * Return: DRM_XE_QUERY_CONFIG_VA_BITS.
 */
__u32 xe_va_bits(int fd)
{
	return xe_device_get(fd)->va_bits;
}

/**
 * xe_dev_id() - the PCI device id
 * @fd: the Xe device
 *
 * Return: the low 16 bits of DRM_XE_QUERY_CONFIG_REV_AND_DEVICE_ID.
 */
__u16 xe_dev_id(int fd)
{
	return xe_device_get(fd)->dev_id;
}

/**
 * xe_mem_region() - the memory region of an instance bit
 * @fd: the Xe device
 * @region: a single bit of all_memory_regions()
 *
 * Return: the region; fails the test if there is none.
 */
struct drm_xe_mem_region *xe_mem_region(int fd, __u64 region)
{
	struct xe_device *xe = xe_device_get(fd);
	unsigned int i;

	for (i = 0; i < xe->mem_regions->num_mem_regions; i++)
		if (region == 1ull << xe->mem_regions->mem_regions[i].instance)
			return &xe->mem_regions->mem_regions[i];
	igt_assert_f(false, "no memory region %#llx\n", (unsigned long long)region);
	return NULL;
}

/**
 * xe_region_name() - a name for a memory region bit, as in subtest names
 * @region: a single bit of all_memory_regions()
 *
 * Return: "system" for instance 0, "vram0", "vram1", ... for the others.
 */
const char *xe_region_name(__u64 region)
{
	static char names[64][8];
	int i = __builtin_ctzll(region);

	if (!i)
		return "system";
	snprintf(names[i], sizeof(names[i]), "vram%d", i - 1);
	return names[i];
}
