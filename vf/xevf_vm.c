// SPDX-License-Identifier: GPL-2.0
/*
 * VMs: drm_gpuvm VA spaces over 4-level page tables, and the VM_CREATE,
 * VM_DESTROY and VM_BIND ioctls.
 */

#include <kunit/visibility.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gpuvm.h>
#include <drm/xe_drm.h>
#include <linux/dma-fence.h>
#include <linux/nospec.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include <abi/xe_ppgtt_abi.h>

#include "xevf_bo.h"
#include "xevf_bo_types.h"
#include "xevf_device_types.h"
#include "xevf_exec_queue.h"
#include "xevf_printk.h"
#include "xevf_pt.h"
#include "xevf_pt_types.h"
#include "xevf_sync.h"
#include "xevf_sync_types.h"
#include "xevf_userptr.h"
#include "xevf_vm.h"
#include "xevf_vm_types.h"

/**
 * DOC: xevf VM_BIND
 *
 * VM_BIND runs its operations synchronously with the CPU: it checks every
 * argument as upstream does, waits for the wait syncs, applies the
 * operations in order under the VM's lock, and then signals the signal
 * syncs with an already signalled fence (a user fence is written at once).
 *
 * Checks and errnos, upstream's: pads, reserved fields or extensions set,
 * more than DRM_XE_MAX_SYNCS syncs (-EINVAL); per operation a PAT index
 * beyond Xe2's 32 entries or a reserved one (16..19), an unknown op or
 * flag, an object with NULL, an object missing for MAP, or given for UNMAP
 * or PREFETCH, addresses or ranges for UNMAP_ALL, a prefetch region that is
 * not a region of the device or given for another op (-EINVAL); an object
 * offset, address or range not page aligned, or a zero range (-EINVAL); an
 * exec queue that does not exist (-ENOENT) or is not a VM bind queue
 * (-EINVAL); an unknown VM (-EINVAL), a closed one (-ENOENT); a range
 * beyond the 48-bit VA space (-EINVAL); an unknown object (-ENOENT), a
 * range beyond the object, a VRAM object bound at other than 64 KiB
 * granularity, a WB object with a non-coherent PAT index, or an object
 * private to another VM (-EINVAL); more than one user fence (-EINVAL).
 * With no operations the syncs are only signalled.
 *
 * Supported: MAP (read-only or not, NULL binds), UNMAP, UNMAP_ALL and
 * PREFETCH (nothing to move: objects never migrate), and MAP_USERPTR
 * (`xevf userptr`).
 */

#define XEVF_VM_ROLE		"vm"
#define XEVF_VM_SIZE		BIT_ULL(XE_PPGTT_VA_BITS)
#define XEVF_VA_READONLY	DRM_GPUVA_USERBITS
#define XEVF_PAT_ENTRIES	32
#define XEVF_VM_BIND_FLAGS	(DRM_XE_VM_BIND_FLAG_READONLY | \
				 DRM_XE_VM_BIND_FLAG_IMMEDIATE | \
				 DRM_XE_VM_BIND_FLAG_NULL | \
				 DRM_XE_VM_BIND_FLAG_DUMPABLE)
#define XEVF_VM_CREATE_FLAGS	(DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE | \
				 DRM_XE_VM_CREATE_FLAG_LR_MODE | \
				 DRM_XE_VM_CREATE_FLAG_FAULT_MODE)

/* Xe2 PAT: 0 reserved, 1 no coherency, 2 at least one-way coherent */
static u8 xevf_pat_coh(u16 idx)
{
	static const u8 coh[XEVF_PAT_ENTRIES] = {
		1, 2, 2, 1, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1,
		0, 0, 0, 0, 1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2,
	};

	return coh[idx];
}

static struct xevf_vm *to_xevf_vm(struct drm_gpuvm *gpuvm)
{
	return container_of(gpuvm, struct xevf_vm, gpuvm);
}

static void xevf_vm_free(struct drm_gpuvm *gpuvm)
{
	struct xevf_vm *vm = to_xevf_vm(gpuvm);

	xevf_pt_destroy(vm->xe, vm->root);
	xevf_pt_destroy(vm->xe, vm->scratch_pdp);
	mutex_destroy(&vm->lock);
	kfree(vm);
}

static int xevf_vm_write_range(struct xevf_vm *vm, struct drm_gpuva *va,
			       u64 start, u64 end)
{
	struct xevf_bo *bo = va->gem.obj ? xevf_gem_to_bo(va->gem.obj) : NULL;
	u64 addr, pte;
	int err;

	for (addr = start; addr < end; addr += XE_PAGE_SIZE) {
		if (!bo)
			pte = xevf_pt_null_entry(0) &
			      ~(va->flags & XEVF_VA_READONLY ? XE_PAGE_RW : 0);
		else
			pte = xevf_pte_encode(xevf_bo_dma_addr(bo, va->gem.offset +
							       addr - va->va.addr),
					      bo->vram, va->flags & XEVF_VA_READONLY);
		err = xevf_pt_set(vm, addr, pte);
		if (err)
			return err;
	}
	return 0;
}

static void xevf_vm_clear_range(struct xevf_vm *vm, u64 start, u64 end)
{
	for (; start < end; start += XE_PAGE_SIZE)
		xevf_pt_clear(vm, start);
}

static void xevf_va_free(struct drm_gpuva *va)
{
	if (va->flags & XEVF_VA_USERPTR) {
		xevf_userptr_free_va(va);
		return;
	}
	if (va->gem.obj)
		drm_gem_object_put(va->gem.obj);
	kfree(va);
}

/* what the map steps of one operation need */
struct xevf_vm_bind_ctx {
	struct xevf_vm *vm;
	u32 va_flags;
	struct xevf_userptr *userptr;
};

static int xevf_vm_step_map(struct drm_gpuva_op *op, void *priv)
{
	struct xevf_vm_bind_ctx *ctx = priv;
	struct drm_gpuva *va;
	int err;

	if (ctx->userptr) {
		ctx->userptr->va.flags |= ctx->va_flags;
		err = xevf_userptr_map(ctx->vm, ctx->userptr, &op->map);
		if (!err)
			ctx->userptr = NULL;
		return err;
	}
	va = kzalloc(sizeof(*va), GFP_KERNEL);
	if (!va)
		return -ENOMEM;
	drm_gpuva_map(&ctx->vm->gpuvm, va, &op->map);
	va->flags |= ctx->va_flags;
	if (va->gem.obj)
		drm_gem_object_get(va->gem.obj);
	return xevf_vm_write_range(ctx->vm, va, va->va.addr,
				   va->va.addr + va->va.range);
}

static int xevf_vm_step_remap(struct drm_gpuva_op *op, void *priv)
{
	struct xevf_vm_bind_ctx *ctx = priv;
	struct drm_gpuva *old = op->remap.unmap->va, *prev = NULL, *next = NULL;
	u64 start = old->va.addr, end = old->va.addr + old->va.range;

	if (old->flags & XEVF_VA_USERPTR)
		return xevf_userptr_remap(ctx->vm, &op->remap);
	if (op->remap.prev) {
		prev = kzalloc(sizeof(*prev), GFP_KERNEL);
		if (!prev)
			return -ENOMEM;
		start = op->remap.prev->va.addr + op->remap.prev->va.range;
	}
	if (op->remap.next) {
		next = kzalloc(sizeof(*next), GFP_KERNEL);
		if (!next) {
			kfree(prev);
			return -ENOMEM;
		}
		end = op->remap.next->va.addr;
	}
	xevf_vm_clear_range(ctx->vm, start, end);
	drm_gpuva_remap(prev, next, &op->remap);
	if (prev) {
		prev->flags |= old->flags & XEVF_VA_READONLY;
		if (prev->gem.obj)
			drm_gem_object_get(prev->gem.obj);
	}
	if (next) {
		next->flags |= old->flags & XEVF_VA_READONLY;
		if (next->gem.obj)
			drm_gem_object_get(next->gem.obj);
	}
	xevf_va_free(old);
	return 0;
}

static int xevf_vm_step_unmap(struct drm_gpuva_op *op, void *priv)
{
	struct xevf_vm_bind_ctx *ctx = priv;
	struct drm_gpuva *va = op->unmap.va;

	xevf_vm_clear_range(ctx->vm, va->va.addr, va->va.addr + va->va.range);
	drm_gpuva_unmap(&op->unmap);
	xevf_va_free(va);
	return 0;
}

static const struct drm_gpuvm_ops xevf_gpuvm_ops = {
	.vm_free = xevf_vm_free,
	.sm_step_map = xevf_vm_step_map,
	.sm_step_remap = xevf_vm_step_remap,
	.sm_step_unmap = xevf_vm_step_unmap,
};

/**
 * xevf_vm_create() - Create a VM with an empty (or scratch) ppGTT.
 * @xe: the device.
 * @flags: DRM_XE_VM_CREATE_FLAG_*, checked by the caller.
 *
 * Context: process context.
 * Return: the VM (one reference) or an ERR_PTR.
 */
struct xevf_vm *xevf_vm_create(struct xevf_device *xe, u32 flags)
{
	struct drm_gem_object *r_obj;
	struct xevf_vm *vm;
	int err;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return ERR_PTR(-ENOMEM);
	vm->xe = xe;
	vm->flags = flags;
	mutex_init(&vm->lock);
	xevf_userptr_vm_init(vm);
	if (flags & DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE) {
		err = xevf_pt_create(xe, 2, xevf_pt_null_entry(2), &vm->scratch_pdp);
		if (err)
			goto fail;
	}
	err = xevf_pt_create(xe, 3, vm->scratch_pdp ? xevf_pt_pde(vm->scratch_pdp) : 0,
			     &vm->root);
	if (err)
		goto fail;
	r_obj = drm_gpuvm_resv_object_alloc(&xe->drm);
	if (!r_obj) {
		err = -ENOMEM;
		goto fail;
	}
	drm_gpuvm_init(&vm->gpuvm, "xevf", 0, &xe->drm, r_obj, 0, XEVF_VM_SIZE,
		       0, 0, &xevf_gpuvm_ops);
	drm_gem_object_put(r_obj);
	return vm;
fail:
	xevf_pt_destroy(xe, vm->root);
	xevf_pt_destroy(xe, vm->scratch_pdp);
	mutex_destroy(&vm->lock);
	kfree(vm);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_create);

/**
 * xevf_vm_get() - Take a reference on a VM.
 * @vm: the VM.
 *
 * Return: @vm.
 */
struct xevf_vm *xevf_vm_get(struct xevf_vm *vm)
{
	drm_gpuvm_get(&vm->gpuvm);
	return vm;
}

/**
 * xevf_vm_put() - Drop a reference on a VM; the last one frees it.
 * @vm: the VM, closed before its last reference goes.
 */
void xevf_vm_put(struct xevf_vm *vm)
{
	drm_gpuvm_put(&vm->gpuvm);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_put);

/**
 * xevf_vm_close() - Unbind everything and refuse further binds.
 * @vm: the VM.
 *
 * Context: process context.
 */
void xevf_vm_close(struct xevf_vm *vm)
{
	struct drm_gpuva *va, *tmp;

	guard(mutex)(&vm->lock);
	vm->closed = true;
	drm_gpuvm_for_each_va_safe(va, tmp, &vm->gpuvm) {
		xevf_vm_clear_range(vm, va->va.addr, va->va.addr + va->va.range);
		drm_gpuva_remove(va);
		xevf_va_free(va);
	}
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_close);

/**
 * xevf_vm_lookup() - Find a VM of a DRM file by its ID.
 * @file: the DRM file.
 * @id: the VM ID.
 *
 * Return: the VM with a reference, or NULL.
 */
struct xevf_vm *xevf_vm_lookup(struct drm_file *file, u32 id)
{
	struct xevf_file *xef = file->driver_priv;
	struct xevf_vm *vm;

	guard(mutex)(&xef->lock);
	vm = xa_load(&xef->vms, id);
	return vm ? xevf_vm_get(vm) : NULL;
}

/**
 * xevf_vm_pdp_root() - The ppgtt_root of a context image on this VM.
 * @vm: the VM.
 *
 * Return: the PML4 as a non-leaf entry.
 */
u64 xevf_vm_pdp_root(struct xevf_vm *vm)
{
	return xevf_pt_pde(vm->root);
}

/**
 * xevf_vm_bind_range() - Map a range of an object (or a NULL range).
 * @vm: the VM.
 * @obj: the object, or NULL for a NULL binding.
 * @offset: the offset in @obj.
 * @addr: the virtual address.
 * @range: the size; page aligned like @addr and @offset.
 * @flags: DRM_XE_VM_BIND_FLAG_READONLY or 0.
 *
 * Context: process context.
 * Return: 0, -ENOENT for a closed VM, -ENOMEM or a bus error.
 */
int xevf_vm_bind_range(struct xevf_vm *vm, struct drm_gem_object *obj,
		       u64 offset, u64 addr, u64 range, u32 flags)
{
	struct xevf_vm_bind_ctx ctx = {
		.vm = vm,
		.va_flags = flags & DRM_XE_VM_BIND_FLAG_READONLY ? XEVF_VA_READONLY : 0,
	};

	guard(mutex)(&vm->lock);
	if (vm->closed)
		return -ENOENT;
	return drm_gpuvm_sm_map(&vm->gpuvm, &ctx, addr, range, obj, offset);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_range);

/**
 * xevf_vm_unbind_range() - Unmap whatever is mapped in a range.
 * @vm: the VM.
 * @addr: the virtual address.
 * @range: the size.
 *
 * Context: process context.
 * Return: 0, -ENOENT for a closed VM, -ENOMEM.
 */
int xevf_vm_unbind_range(struct xevf_vm *vm, u64 addr, u64 range)
{
	struct xevf_vm_bind_ctx ctx = { .vm = vm };

	guard(mutex)(&vm->lock);
	if (vm->closed)
		return -ENOENT;
	return drm_gpuvm_sm_unmap(&vm->gpuvm, &ctx, addr, range);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_unbind_range);

static int xevf_vm_bind_userptr(struct xevf_vm *vm, struct drm_xe_vm_bind_op *op)
{
	struct xevf_vm_bind_ctx ctx = {
		.vm = vm,
		.va_flags = XEVF_VA_USERPTR |
			    (op->flags & DRM_XE_VM_BIND_FLAG_READONLY ? XEVF_VA_READONLY : 0),
	};
	int err;

	guard(mutex)(&vm->lock);
	if (vm->closed)
		return -ENOENT;
	err = xevf_userptr_create(vm, current->mm, op->obj_offset, op->range,
				  op->flags & DRM_XE_VM_BIND_FLAG_READONLY, &ctx.userptr);
	if (err)
		return err;
	err = xevf_userptr_stage(ctx.userptr);
	if (!err)
		err = drm_gpuvm_sm_map(&vm->gpuvm, &ctx, op->addr, op->range, NULL,
				       op->obj_offset);
	if (ctx.userptr)
		xevf_userptr_destroy(ctx.userptr);
	return err;
}

static int xevf_vm_unbind_obj(struct xevf_vm *vm, struct drm_gem_object *obj)
{
	struct xevf_vm_bind_ctx ctx = { .vm = vm };
	struct drm_gpuva *va;
	bool found;
	int err;

	guard(mutex)(&vm->lock);
	if (vm->closed)
		return -ENOENT;
	do {
		found = false;
		drm_gpuvm_for_each_va(va, &vm->gpuvm) {
			if (va->gem.obj != obj)
				continue;
			found = true;
			err = drm_gpuvm_sm_unmap(&vm->gpuvm, &ctx, va->va.addr,
						 va->va.range);
			if (err)
				return err;
			break;
		}
	} while (found);
	return 0;
}

/**
 * xevf_vm_create_ioctl() - DRM_IOCTL_XE_VM_CREATE.
 * @drm: the DRM device.
 * @data: &struct drm_xe_vm_create.
 * @file: the DRM file.
 *
 * FAULT_MODE needs page-fault support, which the VF does not have: -EINVAL,
 * as upstream answers on a device without it.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xevf_vm_create_ioctl(struct drm_device *drm, void *data,
			 struct drm_file *file)
{
	struct xevf_device *xe = container_of(drm, struct xevf_device, drm);
	struct xevf_file *xef = file->driver_priv;
	struct drm_xe_vm_create *args = data;
	struct xevf_vm *vm;
	u32 id;
	int err, idx;

	if (XEVF_IOCTL_DBG(xe, args->extensions))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->flags & ~XEVF_VM_CREATE_FLAGS))
		return -EINVAL;
	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	vm = xevf_vm_create(xe, args->flags);
	drm_dev_exit(idx);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	scoped_guard(mutex, &xef->lock)
		err = xa_alloc(&xef->vms, &id, vm, xa_limit_32b, GFP_KERNEL);
	if (err) {
		xevf_vm_close(vm);
		xevf_vm_put(vm);
		return err;
	}
	args->vm_id = id;
	return 0;
}

/**
 * xevf_vm_destroy_ioctl() - DRM_IOCTL_XE_VM_DESTROY.
 * @drm: the DRM device.
 * @data: &struct drm_xe_vm_destroy.
 * @file: the DRM file.
 *
 * Context: process context.
 * Return: 0, -EINVAL for pad or reserved fields, -ENOENT for an unknown VM.
 */
int xevf_vm_destroy_ioctl(struct drm_device *drm, void *data,
			  struct drm_file *file)
{
	struct xevf_device *xe = container_of(drm, struct xevf_device, drm);
	struct xevf_file *xef = file->driver_priv;
	struct drm_xe_vm_destroy *args = data;
	struct xevf_vm *vm;

	if (XEVF_IOCTL_DBG(xe, args->pad) ||
	    XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]))
		return -EINVAL;
	scoped_guard(mutex, &xef->lock)
		vm = xa_erase(&xef->vms, args->vm_id);
	if (XEVF_IOCTL_DBG(xe, !vm))
		return -ENOENT;
	xevf_vm_close(vm);
	xevf_vm_put(vm);
	return 0;
}

static int xevf_vm_bind_check_op(struct xevf_device *xe,
				 struct drm_xe_vm_bind_op *op)
{
	u32 region_mask = xe->config.lmem_size ? 0x3 : 0x1;
	bool is_null = op->flags & DRM_XE_VM_BIND_FLAG_NULL;
	u32 prefetch = op->prefetch_mem_region_instance;
	u8 coh;

	if (XEVF_IOCTL_DBG(xe, op->pat_index >= XEVF_PAT_ENTRIES))
		return -EINVAL;
	op->pat_index = array_index_nospec(op->pat_index, XEVF_PAT_ENTRIES);
	coh = xevf_pat_coh(op->pat_index);
	if (XEVF_IOCTL_DBG(xe, !coh))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, op->op > DRM_XE_VM_BIND_OP_PREFETCH) ||
	    XEVF_IOCTL_DBG(xe, op->flags & ~XEVF_VM_BIND_FLAGS) ||
	    XEVF_IOCTL_DBG(xe, op->obj && is_null) ||
	    XEVF_IOCTL_DBG(xe, op->obj_offset && is_null) ||
	    XEVF_IOCTL_DBG(xe, op->op != DRM_XE_VM_BIND_OP_MAP && is_null) ||
	    XEVF_IOCTL_DBG(xe, !op->obj && op->op == DRM_XE_VM_BIND_OP_MAP && !is_null) ||
	    XEVF_IOCTL_DBG(xe, !op->obj && op->op == DRM_XE_VM_BIND_OP_UNMAP_ALL) ||
	    XEVF_IOCTL_DBG(xe, op->addr && op->op == DRM_XE_VM_BIND_OP_UNMAP_ALL) ||
	    XEVF_IOCTL_DBG(xe, op->range && op->op == DRM_XE_VM_BIND_OP_UNMAP_ALL) ||
	    XEVF_IOCTL_DBG(xe, op->obj && op->op == DRM_XE_VM_BIND_OP_MAP_USERPTR) ||
	    XEVF_IOCTL_DBG(xe, coh == 1 && op->op == DRM_XE_VM_BIND_OP_MAP_USERPTR) ||
	    XEVF_IOCTL_DBG(xe, op->obj && op->op == DRM_XE_VM_BIND_OP_PREFETCH) ||
	    XEVF_IOCTL_DBG(xe, prefetch && op->op != DRM_XE_VM_BIND_OP_PREFETCH) ||
	    XEVF_IOCTL_DBG(xe, prefetch >= 32 || !(BIT(prefetch) & region_mask)) ||
	    XEVF_IOCTL_DBG(xe, op->obj && op->op == DRM_XE_VM_BIND_OP_UNMAP))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, op->obj_offset & ~PAGE_MASK) ||
	    XEVF_IOCTL_DBG(xe, op->addr & ~PAGE_MASK) ||
	    XEVF_IOCTL_DBG(xe, op->range & ~PAGE_MASK) ||
	    XEVF_IOCTL_DBG(xe, !op->range && op->op != DRM_XE_VM_BIND_OP_UNMAP_ALL))
		return -EINVAL;
	return 0;
}

static int xevf_vm_bind_check_bo(struct xevf_vm *vm, struct xevf_bo *bo,
				 struct drm_xe_vm_bind_op *op)
{
	struct xevf_device *xe = vm->xe;

	if (XEVF_IOCTL_DBG(xe, op->range > bo->base.size) ||
	    XEVF_IOCTL_DBG(xe, op->obj_offset > bo->base.size - op->range))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, bo->vram &&
			   ((op->obj_offset | op->addr | op->range) & (SZ_64K - 1))))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, xevf_pat_coh(op->pat_index) == 1 &&
			   bo->cpu_caching == DRM_XE_GEM_CPU_CACHING_WB))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, bo->vm && bo->vm != vm))
		return -EINVAL;
	return 0;
}

static int xevf_vm_bind_op(struct xevf_vm *vm, struct drm_gem_object *obj,
			   struct drm_xe_vm_bind_op *op)
{
	switch (op->op) {
	case DRM_XE_VM_BIND_OP_MAP:
		return xevf_vm_bind_range(vm, obj, op->obj_offset, op->addr,
					  op->range, op->flags);
	case DRM_XE_VM_BIND_OP_UNMAP:
		return xevf_vm_unbind_range(vm, op->addr, op->range);
	case DRM_XE_VM_BIND_OP_UNMAP_ALL:
		return xevf_vm_unbind_obj(vm, obj);
	case DRM_XE_VM_BIND_OP_MAP_USERPTR:
		return xevf_vm_bind_userptr(vm, op);
	case DRM_XE_VM_BIND_OP_PREFETCH:
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* the part of VM_BIND after the argument checks */
static int xevf_vm_bind_run(struct xevf_device *xe, struct drm_file *file,
			    struct xevf_vm *vm, struct drm_xe_vm_bind *args,
			    struct drm_xe_vm_bind_op *ops)
{
	struct drm_xe_sync __user *syncs_user = u64_to_user_ptr(args->syncs);
	struct drm_gem_object **objs = NULL;
	struct xevf_sync_entry *syncs = NULL;
	u32 i, num_syncs = 0, num_ufence = 0;
	struct dma_fence *done;
	int err = 0;

	for (i = 0; i < args->num_binds; i++)
		if (XEVF_IOCTL_DBG(xe, ops[i].range > XEVF_VM_SIZE) ||
		    XEVF_IOCTL_DBG(xe, ops[i].addr > XEVF_VM_SIZE - ops[i].range))
			return -EINVAL;
	if (args->num_binds) {
		objs = kvcalloc(args->num_binds, sizeof(*objs), GFP_KERNEL);
		if (!objs)
			return -ENOMEM;
	}
	for (i = 0; i < args->num_binds; i++) {
		if (!ops[i].obj)
			continue;
		objs[i] = drm_gem_object_lookup(file, ops[i].obj);
		if (XEVF_IOCTL_DBG(xe, !objs[i])) {
			err = -ENOENT;
			goto out;
		}
		err = xevf_vm_bind_check_bo(vm, xevf_gem_to_bo(objs[i]), &ops[i]);
		if (err)
			goto out;
	}
	if (args->num_syncs) {
		syncs = kcalloc(args->num_syncs, sizeof(*syncs), GFP_KERNEL);
		if (!syncs) {
			err = -ENOMEM;
			goto out;
		}
	}
	for (num_syncs = 0; num_syncs < args->num_syncs; num_syncs++) {
		err = xevf_sync_parse(xe, file, &syncs[num_syncs],
				      &syncs_user[num_syncs],
				      (vm->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE ?
				       XEVF_SYNC_PARSE_LR_MODE : 0) |
				      (!args->num_binds ? XEVF_SYNC_PARSE_NO_UFENCE : 0));
		if (err)
			goto out;
		if (xevf_sync_is_ufence(&syncs[num_syncs]))
			num_ufence++;
	}
	if (XEVF_IOCTL_DBG(xe, num_ufence > 1)) {
		err = -EINVAL;
		goto out;
	}
	for (i = 0; i < num_syncs && !err; i++)
		err = xevf_sync_wait(&syncs[i]);
	for (i = 0; i < args->num_binds && !err; i++)
		err = xevf_vm_bind_op(vm, objs[i], &ops[i]);
	if (err)
		goto out;
	done = dma_fence_get_stub();
	for (i = 0; i < num_syncs; i++)
		xevf_sync_signal(xe, &syncs[i], done);
	dma_fence_put(done);
out:
	for (i = 0; i < num_syncs; i++)
		xevf_sync_cleanup(&syncs[i]);
	kfree(syncs);
	for (i = 0; objs && i < args->num_binds; i++)
		if (objs[i])
			drm_gem_object_put(objs[i]);
	kvfree(objs);
	return err;
}

/**
 * xevf_vm_bind_ioctl() - DRM_IOCTL_XE_VM_BIND.
 * @drm: the DRM device.
 * @data: &struct drm_xe_vm_bind.
 * @file: the DRM file.
 *
 * Context: process context.
 * Return: 0 or a negative errno (see `xevf VM_BIND`).
 */
int xevf_vm_bind_ioctl(struct drm_device *drm, void *data,
		       struct drm_file *file)
{
	struct xevf_device *xe = container_of(drm, struct xevf_device, drm);
	struct drm_xe_vm_bind *args = data;
	struct drm_xe_vm_bind_op *ops;
	struct xevf_vm *vm;
	u32 i;
	int err, idx;

	if (XEVF_IOCTL_DBG(xe, args->pad || args->pad2) ||
	    XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->extensions))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->num_syncs > DRM_XE_MAX_SYNCS))
		return -EINVAL;
	if (args->num_binds > 1) {
		ops = kvmalloc_array(args->num_binds, sizeof(*ops), GFP_KERNEL);
		if (!ops)
			return -ENOBUFS;
		if (copy_from_user(ops, u64_to_user_ptr(args->vector_of_binds),
				   sizeof(*ops) * args->num_binds)) {
			err = -EFAULT;
			goto free_ops;
		}
	} else {
		ops = &args->bind;
	}
	for (i = 0; i < args->num_binds; i++) {
		err = xevf_vm_bind_check_op(xe, &ops[i]);
		if (err)
			goto free_ops;
	}
	if (args->exec_queue_id) {
		err = xevf_exec_queue_check_bind(file, args->exec_queue_id);
		if (err)
			goto free_ops;
	}
	vm = xevf_vm_lookup(file, args->vm_id);
	if (XEVF_IOCTL_DBG(xe, !vm)) {
		err = -EINVAL;
		goto free_ops;
	}
	if (XEVF_IOCTL_DBG(xe, READ_ONCE(vm->closed))) {
		err = -ENOENT;
	} else if (!drm_dev_enter(drm, &idx)) {
		err = -ENODEV;
	} else {
		err = xevf_vm_bind_run(xe, file, vm, args, ops);
		drm_dev_exit(idx);
	}
	xevf_vm_put(vm);
free_ops:
	if (args->num_binds > 1)
		kvfree(ops);
	return err;
}
