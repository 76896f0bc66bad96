// SPDX-License-Identifier: GPL-2.0
/*
 * GEM objects of the VF driver: system memory and VRAM, CPU mappings, and
 * the GEM_CREATE and GEM_MMAP_OFFSET ioctls.
 */

#include <kunit/visibility.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_managed.h>
#include <drm/drm_gem.h>
#include <drm/drm_vma_manager.h>
#include <drm/xe_drm.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <xesim_driver.h>

#include "xevf_bo.h"
#include "xevf_bo_types.h"
#include "xevf_device.h"
#include "xevf_device_types.h"
#include "xevf_printk.h"
#include "xevf_vm.h"

/**
 * DOC: xevf buffer objects
 *
 * A &struct xevf_bo is a GEM object in one of the regions DEVICE_QUERY
 * MEM_REGIONS reports: system memory (instance 0, placement bit 0) or the
 * VF's LMEM (instance 1, placement bit 1, when the VF has any).
 *
 * System memory objects are shmem backed; their pages are pinned at
 * creation and mapped into the slot's DMA domain as one IOVA range, which
 * the ppGTT points at. VRAM objects take a range of VF LMEM offsets from a
 * drm_mm in 64 KiB units (the LMTT granule, and the minimum page size the
 * query reports, as on Battlemage); their pages are zeroed through the LMEM
 * BAR at creation, so no user sees another's data. LMEM offsets survive a
 * migration (the LMTT re-points them), so nothing here changes then.
 *
 * CPU mappings (GEM_MMAP_OFFSET, then mmap of the DRM file) fault page by
 * page: system memory pages directly, VRAM pages through
 * xesim_vram_get_page(). The DRM device's anon inode mapping is registered
 * with xesim_vram_set_mapping(), so when the slot is re-attached to another
 * VF the bus zaps every mapping and the next touch resolves the same LMEM
 * offset on the new VF. WB objects are mapped cached, WC objects
 * write-combined; VRAM objects must be WC, as upstream requires.
 *
 * GEM_CREATE checks, in upstream's order and with its errnos: extensions,
 * pads and reserved (-EINVAL); placement empty or outside the regions
 * (-EINVAL); unknown flags (-EINVAL); a handle given (-EINVAL); size 0, too
 * large or not page aligned (-EINVAL); NEEDS_VISIBLE_VRAM without VRAM
 * placement (-EINVAL); cpu_caching 0, unknown, or not WC for VRAM or for a
 * scanout (-EINVAL); a placement with VRAM and a size that is not a
 * multiple of VRAM's 64 KiB minimum page size (-EINVAL, as upstream on a
 * device that needs 64 KiB pages, whatever other region the placement
 * has); an unknown vm_id (-ENOENT). An object larger than every region of
 * its placement, or that fits in none of them now, fails with -ENOSPC
 * (VRAM full falls back to system memory when the placement has both).
 * VRAM objects up to the VF's whole LMEM share succeed while it is free.
 */

#define XEVF_BO_ROLE		"bo"
#define XEVF_PLACEMENT_SYSMEM	BIT(0)
#define XEVF_PLACEMENT_VRAM	BIT(1)
#define XEVF_VRAM_ALIGN		SZ_64K

/**
 * xevf_bo_sysmem_size() - The size of the system memory region: half of the
 * guest's RAM, as upstream reports it (TTM's limit), in whole pages.
 *
 * Return: bytes, a multiple of PAGE_SIZE (the region's minimum page): half
 * of an odd number of pages is rounded down, or a size of the region plus
 * one page would not be a size a program can ask for.
 */
u64 xevf_bo_sysmem_size(void)
{
	/* as upstream's: GPU objects may pin at most half of the RAM */
	return (u64)(totalram_pages() / 2) << PAGE_SHIFT;
}

static void xevf_vram_release(struct drm_device *drm, void *arg)
{
	struct xevf_device *xe = arg;

	drm_mm_takedown(&xe->vram.mm);
	mutex_destroy(&xe->vram.lock);
}

/**
 * xevf_bo_vram_init() - Set up the VRAM allocator over the VF's LMEM and let
 * the bus zap CPU mappings on re-attach.
 * @xe: the device, with its configuration.
 *
 * The allocator lives until the last reference to the DRM device goes, as
 * objects may outlive the device's binding.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xevf_bo_vram_init(struct xevf_device *xe)
{
	int err;

	mutex_init(&xe->vram.lock);
	drm_mm_init(&xe->vram.mm, 0, xe->config.lmem_size);
	err = drmm_add_action_or_reset(&xe->drm, xevf_vram_release, xe);
	if (err)
		return err;
	return xesim_vram_set_mapping(xe->xdev, xe->drm.anon_inode->i_mapping);
}

/**
 * xevf_gem_to_bo() - The VF driver's object of a GEM object.
 * @obj: the GEM object.
 *
 * Return: the &struct xevf_bo.
 */
struct xevf_bo *xevf_gem_to_bo(struct drm_gem_object *obj)
{
	return container_of(obj, struct xevf_bo, base);
}

static struct xevf_device *xevf_bo_dev(struct xevf_bo *bo)
{
	return container_of(bo->base.dev, struct xevf_device, drm);
}

/**
 * xevf_bo_dma_addr() - Where the device reaches a byte of an object.
 * @bo: the object.
 * @offset: a byte offset in it.
 *
 * Return: a VF LMEM offset for VRAM objects, an IOVA for system memory.
 */
u64 xevf_bo_dma_addr(struct xevf_bo *bo, u64 offset)
{
	return bo->vram ? bo->vram_node.start + offset : bo->iova + offset;
}

static void xevf_bo_free(struct drm_gem_object *obj)
{
	struct xevf_bo *bo = xevf_gem_to_bo(obj);
	struct xevf_device *xe = xevf_bo_dev(bo);

	if (bo->vm)
		xevf_vm_put(bo->vm);
	if (drm_mm_node_allocated(&bo->vram_node)) {
		guard(mutex)(&xe->vram.lock);
		xe->vram.used -= bo->vram_node.size;
		drm_mm_remove_node(&bo->vram_node);
	}
	/* after the unbind the bus has dropped the mappings itself */
	if (bo->iova && xevf_device_hw_enter(xe)) {
		xesim_dma_unmap(xe->xdev, bo->iova, obj->size >> PAGE_SHIFT);
		xevf_device_hw_exit(xe);
	}
	if (bo->pages) {
		atomic64_sub(obj->size, &xe->vram.sysmem_used);
		drm_gem_put_pages(obj, bo->pages, true, false);
	}
	drm_gem_object_release(obj);
	kfree(bo);
}

static vm_fault_t xevf_bo_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct drm_gem_object *obj = vma->vm_private_data;
	struct xevf_bo *bo = xevf_gem_to_bo(obj);
	struct xevf_device *xe = xevf_bo_dev(bo);
	pgoff_t idx = vmf->pgoff - drm_vma_node_start(&obj->vma_node);
	struct page *page;
	vm_fault_t ret;
	int err, dev_idx;

	if (idx >= obj->size >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	if (!bo->vram)
		return vmf_insert_page(vma, vmf->address, bo->pages[idx]);
	if (!drm_dev_enter(&xe->drm, &dev_idx))
		return VM_FAULT_SIGBUS;
	err = xesim_vram_get_page(xe->xdev, bo->vram_node.start +
				  ((u64)idx << PAGE_SHIFT), &page);
	drm_dev_exit(dev_idx);
	if (err) {
		xevf_err_ratelimited(xe, XEVF_BO_ROLE, "VRAM fault at page %lu: %pe\n",
				     idx, ERR_PTR(err));
		return err == -EINTR ? VM_FAULT_RETRY : VM_FAULT_SIGBUS;
	}
	ret = vmf_insert_page(vma, vmf->address, page);
	put_page(page);
	return ret;
}

static const struct vm_operations_struct xevf_bo_vm_ops = {
	.fault = xevf_bo_fault,
	.open = drm_gem_vm_open,
	.close = drm_gem_vm_close,
};

static int xevf_bo_mmap(struct drm_gem_object *obj, struct vm_area_struct *vma)
{
	struct xevf_bo *bo = xevf_gem_to_bo(obj);

	vm_flags_set(vma, VM_MIXEDMAP | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	if (bo->cpu_caching == DRM_XE_GEM_CPU_CACHING_WC)
		vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	vma->vm_ops = &xevf_bo_vm_ops;
	return 0;
}

static const struct drm_gem_object_funcs xevf_bo_funcs = {
	.free = xevf_bo_free,
	.mmap = xevf_bo_mmap,
	.vm_ops = &xevf_bo_vm_ops,
};

static int xevf_bo_clear_vram(struct xevf_device *xe, struct xevf_bo *bo)
{
	void *zero = (void *)page_address(ZERO_PAGE(0));
	u64 off;
	int err;

	for (off = 0; off < bo->base.size; off += PAGE_SIZE) {
		err = xesim_vram_write(xe->xdev, bo->vram_node.start + off, zero,
				       PAGE_SIZE);
		if (err)
			return err;
	}
	return 0;
}

static int xevf_bo_place_vram(struct xevf_device *xe, struct xevf_bo *bo)
{
	int err;

	if (bo->base.size > xe->config.lmem_size)
		return -ENOSPC;
	scoped_guard(mutex, &xe->vram.lock) {
		err = drm_mm_insert_node_generic(&xe->vram.mm, &bo->vram_node,
						 ALIGN(bo->base.size, XEVF_VRAM_ALIGN),
						 XEVF_VRAM_ALIGN, 0,
						 DRM_MM_INSERT_BEST);
		if (!err)
			xe->vram.used += bo->vram_node.size;
	}
	if (err)
		return -ENOSPC;
	bo->vram = true;
	return xevf_bo_clear_vram(xe, bo);
}

static int xevf_bo_place_sysmem(struct xevf_device *xe, struct xevf_bo *bo)
{
	int err;

	if (bo->base.size > xevf_bo_sysmem_size())
		return -ENOSPC;
	bo->pages = drm_gem_get_pages(&bo->base);
	if (IS_ERR(bo->pages)) {
		err = PTR_ERR(bo->pages);
		bo->pages = NULL;
		return err;
	}
	atomic64_add(bo->base.size, &xe->vram.sysmem_used);
	err = xesim_dma_map(xe->xdev, bo->pages, bo->base.size >> PAGE_SHIFT,
			    &bo->iova);
	if (err)
		bo->iova = 0;
	return err;
}

/**
 * xevf_bo_create() - Create an object in the first region of @placement
 * that has room.
 * @xe: the device.
 * @size: bytes, page aligned, non-zero.
 * @placement: XEVF_PLACEMENT_* bits, VRAM preferred.
 * @cpu_caching: DRM_XE_GEM_CPU_CACHING_WB or _WC.
 * @vm: the VM the object is private to (a reference is taken), or NULL.
 *
 * Context: process context.
 * Return: the object (one reference) or an ERR_PTR: -ENOSPC when no region
 * of @placement has room for it, -ENOMEM, or a bus error.
 */
struct xevf_bo *xevf_bo_create(struct xevf_device *xe, u64 size, u32 placement,
			       u16 cpu_caching, struct xevf_vm *vm)
{
	struct xevf_bo *bo;
	int err = -ENOMEM;

	/* larger than every region it may go to: no backing store to try */
	if (!((placement & XEVF_PLACEMENT_VRAM) && size <= xe->config.lmem_size) &&
	    !((placement & XEVF_PLACEMENT_SYSMEM) && size <= xevf_bo_sysmem_size()))
		return ERR_PTR(-ENOSPC);
	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	bo->base.funcs = &xevf_bo_funcs;
	bo->cpu_caching = cpu_caching;
	err = drm_gem_object_init(&xe->drm, &bo->base, size);
	if (err) {
		kfree(bo);
		return ERR_PTR(err);
	}
	if (vm)
		bo->vm = xevf_vm_get(vm);
	err = -ENOSPC;
	if (placement & XEVF_PLACEMENT_VRAM)
		err = xevf_bo_place_vram(xe, bo);
	if (err == -ENOSPC && (placement & XEVF_PLACEMENT_SYSMEM)) {
		bo->vram = false;
		err = xevf_bo_place_sysmem(xe, bo);
	}
	err = err ?: drm_gem_create_mmap_offset(&bo->base);
	if (err) {
		xevf_dbg(xe, XEVF_BO_ROLE, "object of %#llx bytes, placement %#x: %pe\n",
			 size, placement, ERR_PTR(err));
		drm_gem_object_put(&bo->base);
		return ERR_PTR(err);
	}
	return bo;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_bo_create);

static u32 xevf_mem_region_mask(struct xevf_device *xe)
{
	return XEVF_PLACEMENT_SYSMEM |
	       (xe->config.lmem_size ? XEVF_PLACEMENT_VRAM : 0);
}

/**
 * xevf_gem_create_ioctl() - DRM_IOCTL_XE_GEM_CREATE.
 * @drm: the DRM device.
 * @data: &struct drm_xe_gem_create.
 * @file: the DRM file.
 *
 * Context: process context.
 * Return: 0 or a negative errno (see `xevf buffer objects`).
 */
int xevf_gem_create_ioctl(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct xevf_device *xe = container_of(drm, struct xevf_device, drm);
	struct drm_xe_gem_create *args = data;
	const u32 known = DRM_XE_GEM_CREATE_FLAG_DEFER_BACKING |
			  DRM_XE_GEM_CREATE_FLAG_SCANOUT |
			  DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM;
	struct xevf_vm *vm = NULL;
	struct xevf_bo *bo;
	u32 handle;
	int err, idx;

	if (XEVF_IOCTL_DBG(xe, args->extensions) ||
	    XEVF_IOCTL_DBG(xe, args->pad[0] || args->pad[1] || args->pad[2]) ||
	    XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, !args->placement) ||
	    XEVF_IOCTL_DBG(xe, args->placement & ~xevf_mem_region_mask(xe)))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->flags & ~known))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->handle))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, !args->size) ||
	    XEVF_IOCTL_DBG(xe, args->size > SIZE_MAX) ||
	    XEVF_IOCTL_DBG(xe, args->size & ~PAGE_MASK))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, (args->flags & DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM) &&
			   !(args->placement & XEVF_PLACEMENT_VRAM)))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, !args->cpu_caching ||
			   args->cpu_caching > DRM_XE_GEM_CPU_CACHING_WC))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, (args->placement & XEVF_PLACEMENT_VRAM) &&
			   args->cpu_caching != DRM_XE_GEM_CPU_CACHING_WC))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, (args->flags & DRM_XE_GEM_CREATE_FLAG_SCANOUT) &&
			   args->cpu_caching == DRM_XE_GEM_CPU_CACHING_WB))
		return -EINVAL;
	/* any VRAM in the placement: whole 64 KiB pages, VRAM's minimum */
	if (XEVF_IOCTL_DBG(xe, (args->placement & XEVF_PLACEMENT_VRAM) &&
			   !IS_ALIGNED(args->size, XEVF_VRAM_ALIGN)))
		return -EINVAL;
	if (args->vm_id) {
		vm = xevf_vm_lookup(file, args->vm_id);
		if (XEVF_IOCTL_DBG(xe, !vm))
			return -ENOENT;
	}
	if (!drm_dev_enter(drm, &idx)) {
		bo = ERR_PTR(-ENODEV);
	} else {
		bo = xevf_bo_create(xe, args->size, args->placement,
				    args->cpu_caching, vm);
		drm_dev_exit(idx);
	}
	if (vm)
		xevf_vm_put(vm);
	if (IS_ERR(bo))
		return PTR_ERR(bo);
	err = drm_gem_handle_create(file, &bo->base, &handle);
	drm_gem_object_put(&bo->base);
	if (err)
		return err;
	args->handle = handle;
	return 0;
}

/**
 * xevf_gem_mmap_offset_ioctl() - DRM_IOCTL_XE_GEM_MMAP_OFFSET.
 * @drm: the DRM device.
 * @data: &struct drm_xe_gem_mmap_offset.
 * @file: the DRM file.
 *
 * Context: process context.
 * Return: 0, -EINVAL for extensions, reserved fields or flags, -ENOENT for
 * an unknown handle.
 */
int xevf_gem_mmap_offset_ioctl(struct drm_device *drm, void *data,
			       struct drm_file *file)
{
	struct xevf_device *xe = container_of(drm, struct xevf_device, drm);
	struct drm_xe_gem_mmap_offset *args = data;
	struct drm_gem_object *obj;

	if (XEVF_IOCTL_DBG(xe, args->extensions) ||
	    XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->flags))
		return -EINVAL;
	obj = drm_gem_object_lookup(file, args->handle);
	if (XEVF_IOCTL_DBG(xe, !obj))
		return -ENOENT;
	args->offset = drm_vma_node_offset_addr(&obj->vma_node);
	drm_gem_object_put(obj);
	return 0;
}
