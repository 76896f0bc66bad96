/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_BO_H_
#define _XEVF_BO_H_

#include <linux/types.h>

struct drm_device;
struct drm_file;
struct drm_gem_object;
struct xevf_bo;
struct xevf_device;
struct xevf_vm;

int xevf_bo_vram_init(struct xevf_device *xe);
u64 xevf_bo_sysmem_size(void);
struct xevf_bo *xevf_bo_create(struct xevf_device *xe, u64 size, u32 placement,
			       u16 cpu_caching, struct xevf_vm *vm);
struct xevf_bo *xevf_gem_to_bo(struct drm_gem_object *obj);
u64 xevf_bo_dma_addr(struct xevf_bo *bo, u64 offset);
int xevf_gem_create_ioctl(struct drm_device *drm, void *data,
			  struct drm_file *file);
int xevf_gem_mmap_offset_ioctl(struct drm_device *drm, void *data,
			       struct drm_file *file);

#endif
