/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_BO_TYPES_H_
#define _XEVF_BO_TYPES_H_

#include <drm/drm_gem.h>
#include <drm/drm_mm.h>
#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct page;
struct xevf_vm;

/**
 * struct xevf_vram - The VF's local memory allocator.
 */
struct xevf_vram {
	/** @lock: protects @mm. */
	struct mutex lock;
	/** @mm: allocator over [0, LMEM size) in VF LMEM offsets. */
	struct drm_mm mm;
	/** @used: bytes allocated. */
	u64 used;
	/**
	 * @sysmem_used: bytes of system memory objects (their pages are
	 * pinned from creation to the end), for DEVICE_QUERY MEM_REGIONS.
	 */
	atomic64_t sysmem_used;
};

/**
 * struct xevf_bo - A GEM object of the VF driver, in system memory or VRAM.
 */
struct xevf_bo {
	/** @base: the GEM object. */
	struct drm_gem_object base;
	/** @vram: in VRAM (@vram_node), else system memory (@pages). */
	bool vram;
	/** @cpu_caching: DRM_XE_GEM_CPU_CACHING_WB or _WC. */
	u16 cpu_caching;
	/** @vram_node: the VRAM range, VF LMEM offsets. */
	struct drm_mm_node vram_node;
	/** @pages: system memory pages, pinned while the object lives. */
	struct page **pages;
	/** @iova: DMA address of the first page, in the slot's domain. */
	dma_addr_t iova;
	/** @vm: the VM the object is private to, or NULL. */
	struct xevf_vm *vm;
};

#endif
