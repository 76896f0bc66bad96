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
#include <drm/gpu_scheduler.h>
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
#include "xevf_gt_pagefault.h"
#include "xevf_printk.h"
#include "xevf_pt.h"
#include "xevf_pt_types.h"
#include "xevf_sync.h"
#include "xevf_sync_types.h"
#include "xevf_userptr.h"
#include "xevf_vm.h"
#include "xevf_vm_bind.h"
#include "xevf_vm_bind_types.h"
#include "xevf_vm_types.h"

/**
 * DOC: xevf VM_BIND
 *
 * VM_BIND is asynchronous, as upstream's: it checks every argument, looks
 * up every object, parses the syncs, then under the VM's lock applies its
 * operations in order to the VA tree, allocating the page-table pages the
 * new mappings need, and pushes a job that writes the page-table leaves
 * (`xevf bind jobs`). It returns without waiting for its wait syncs: they
 * are the job's dependencies. The job goes to the bind queue given
 * (``exec_queue_id``, an exec queue of class VM_BIND) or to the VM's own
 * default bind queue when it is 0; jobs of one queue run in order, jobs of
 * different queues do not wait for each other. The signal syncobjs and
 * timeline points get the job's finished fence; a user fence is written
 * when the job is done. With no operations the job writes nothing and its
 * fence tells when the wait syncs and the queue's earlier jobs are done.
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
 * private to another VM (-EINVAL); more than one user fence (-EINVAL); a
 * bind queue destroyed meanwhile (-ENOENT).
 *
 * Errors while the operations are applied: no memory (-ENOMEM; -ENOBUFS
 * when the array of operations cannot be allocated), an array whose job
 * would write more than XEVF_VM_BIND_ARRAY_MAX_PTES leaves (-ENOBUFS, as
 * upstream's when its update job cannot hold an array), an injected
 * failure (``fail_vm_bind`` in `xevf debugfs`, -ENOSPC as upstream's
 * error injection). Each undoes the operations of the ioctl already
 * applied, newest first, so the VA tree is as before; no sync is signalled
 * and no job is pushed.
 *
 * On a VM in fault mode (`xevf page faults`) a MAP or MAP_USERPTR without
 * DRM_XE_VM_BIND_FLAG_IMMEDIATE only puts the mapping in the VA tree: the
 * GPU's first access faults and the fault handler writes its leaves;
 * with IMMEDIATE the job writes them, as on any VM. UNMAP clears the
 * leaves in the job on every VM, so the next access faults again.
 *
 * Supported: MAP (read-only or not, NULL binds), UNMAP, UNMAP_ALL,
 * PREFETCH (nothing to move: objects never migrate) and MAP_USERPTR (its
 * pages pinned in the ioctl, its leaves written by the job from the
 * userptr's state then, see `xevf userptr`).
 */

#define XEVF_VM_ROLE		"vm"
#define XEVF_VM_SIZE		BIT_ULL(XE_PPGTT_VA_BITS)
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

	xevf_gt_pagefault_asid_free(vm->xe, vm);
	xevf_pt_destroy(vm->xe, vm->root);
	xevf_pt_destroy(vm->xe, vm->scratch_pdp);
	mutex_destroy(&vm->pt_lock);
	mutex_destroy(&vm->lock);
	kfree(vm);
}

static const struct drm_gpuvm_ops xevf_gpuvm_ops = {
	.vm_free = xevf_vm_free,
	.sm_step_map = xevf_vm_bind_step_map,
	.sm_step_remap = xevf_vm_bind_step_remap,
	.sm_step_unmap = xevf_vm_bind_step_unmap,
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
	mutex_init(&vm->pt_lock);
	xevf_userptr_vm_init(vm);
	if (flags & DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE) {
		err = xevf_pt_create(xe, 2, xevf_pt_null_entry(2), &vm->scratch_pdp);
		if (err)
			goto err_fini_vm;
	}
	err = xevf_pt_create(xe, 3, vm->scratch_pdp ? xevf_pt_pde(vm->scratch_pdp) : 0,
			     &vm->root);
	if (err)
		goto err_fini_vm;
	vm->bind_q = xevf_exec_queue_create(xe, NULL, DRM_XE_ENGINE_CLASS_VM_BIND);
	if (IS_ERR(vm->bind_q)) {
		err = PTR_ERR(vm->bind_q);
		vm->bind_q = NULL;
		goto err_fini_vm;
	}
	r_obj = drm_gpuvm_resv_object_alloc(&xe->drm);
	if (!r_obj) {
		err = -ENOMEM;
		goto err_fini_vm;
	}
	drm_gpuvm_init(&vm->gpuvm, "xevf", 0, &xe->drm, r_obj, 0, XEVF_VM_SIZE,
		       0, 0, &xevf_gpuvm_ops);
	drm_gem_object_put(r_obj);
	return vm;
err_fini_vm:
	if (vm->bind_q) {
		xevf_exec_queue_kill(vm->bind_q);
		xevf_exec_queue_put(vm->bind_q);
	}
	xevf_pt_destroy(xe, vm->root);
	xevf_pt_destroy(xe, vm->scratch_pdp);
	mutex_destroy(&vm->pt_lock);
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
 * Every leaf is cleared at once and bind jobs still pending write none
 * (they run, and drop what they hold, when their fences signal); the
 * default bind queue is killed.
 *
 * Context: process context.
 */
void xevf_vm_close(struct xevf_vm *vm)
{
	struct drm_gpuva *va, *tmp;
	struct xevf_exec_queue *q;
	u64 addr;

	scoped_guard(mutex, &vm->lock) {
		vm->closed = true;
		q = vm->bind_q;
		vm->bind_q = NULL;
		guard(mutex)(&vm->pt_lock);
		vm->pt_closed = true;
		drm_gpuvm_for_each_va_safe(va, tmp, &vm->gpuvm) {
			for (addr = va->va.addr; addr < va->va.addr + va->va.range;
			     addr += XE_PAGE_SIZE)
				xevf_pt_clear(vm, addr);
			drm_gpuva_remove(va);
			xevf_vm_bind_va_free(va);
		}
	}
	if (q) {
		xevf_exec_queue_kill(q);
		xevf_exec_queue_put(q);
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

/* a synchronous update: its leaves are written at once */
static int xevf_vm_update_now(struct xevf_vm_bind_update *upd, int err)
{
	if (err) {
		xevf_vm_bind_update_unwind(upd);
		return err;
	}
	xevf_vm_bind_update_commit(upd);
	xevf_vm_bind_update_write(upd);
	xevf_vm_bind_update_fini(upd);
	return 0;
}

/**
 * xevf_vm_bind_range() - Map a range of an object (or a NULL range) at
 * once, without a job (for the driver's own and the tests' use).
 * @vm: the VM.
 * @obj: the object, or NULL for a NULL binding.
 * @offset: the offset in @obj.
 * @addr: the virtual address.
 * @range: the size; page aligned like @addr and @offset.
 * @flags: DRM_XE_VM_BIND_FLAG_READONLY or 0.
 *
 * Context: process context.
 * Return: 0, -ENOENT for a closed VM, -ENOMEM or a bus error (nothing
 * changed then).
 */
int xevf_vm_bind_range(struct xevf_vm *vm, struct drm_gem_object *obj,
		       u64 offset, u64 addr, u64 range, u32 flags)
{
	struct xevf_vm_bind_update upd;

	guard(mutex)(&vm->lock);
	if (vm->closed)
		return -ENOENT;
	xevf_vm_bind_update_init(&upd, vm, 0);
	return xevf_vm_update_now(&upd, xevf_vm_bind_update_map(&upd, obj, offset, addr,
								 range, flags));
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_range);

/**
 * xevf_vm_unbind_range() - Unmap whatever is mapped in a range, at once.
 * @vm: the VM.
 * @addr: the virtual address.
 * @range: the size.
 *
 * Context: process context.
 * Return: 0, -ENOENT for a closed VM, -ENOMEM (nothing changed then).
 */
int xevf_vm_unbind_range(struct xevf_vm *vm, u64 addr, u64 range)
{
	struct xevf_vm_bind_update upd;

	guard(mutex)(&vm->lock);
	if (vm->closed)
		return -ENOENT;
	xevf_vm_bind_update_init(&upd, vm, 0);
	return xevf_vm_update_now(&upd, xevf_vm_bind_update_unmap(&upd, addr, range));
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_unbind_range);

/**
 * xevf_vm_create_ioctl() - DRM_IOCTL_XE_VM_CREATE.
 * @drm: the DRM device.
 * @data: &struct drm_xe_vm_create.
 * @file: the DRM file.
 *
 * Flags as upstream's on a device with page-fault support (Xe2, the VF
 * too): FAULT_MODE needs LR_MODE and excludes SCRATCH_PAGE (-EINVAL). Every
 * VM gets an ASID (xa_alloc_cyclic(), 1 to 2^20 - 1), written into the
 * context image of each of its exec queues (`xevf page faults`).
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
	if (XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->flags & ~XEVF_VM_CREATE_FLAGS))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->flags & DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE &&
			   args->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, !(args->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE) &&
			   args->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE))
		return -EINVAL;
	if (!drm_dev_enter(drm, &idx))
		return -ENODEV;
	vm = xevf_vm_create(xe, args->flags);
	drm_dev_exit(idx);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	err = xevf_gt_pagefault_asid_alloc(xe, vm);
	if (err) {
		xevf_vm_close(vm);
		xevf_vm_put(vm);
		return err;
	}
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

/* one operation into the update: the VA tree now, the leaves in the job */
static int xevf_vm_bind_op(struct xevf_vm_bind_update *upd, struct drm_gem_object *obj,
			   struct drm_xe_vm_bind_op *op)
{
	/* on a fault-mode VM a map without IMMEDIATE leaves its leaves to the fault */
	upd->lazy = upd->vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE &&
		    !(op->flags & DRM_XE_VM_BIND_FLAG_IMMEDIATE);
	switch (op->op) {
	case DRM_XE_VM_BIND_OP_MAP:
		return xevf_vm_bind_update_map(upd, obj, op->obj_offset, op->addr,
					       op->range, op->flags);
	case DRM_XE_VM_BIND_OP_UNMAP:
		return xevf_vm_bind_update_unmap(upd, op->addr, op->range);
	case DRM_XE_VM_BIND_OP_UNMAP_ALL:
		return xevf_vm_bind_update_unmap_obj(upd, obj);
	case DRM_XE_VM_BIND_OP_MAP_USERPTR:
		return xevf_vm_bind_update_map_userptr(upd, current->mm, op->obj_offset,
						       op->addr, op->range, op->flags);
	case DRM_XE_VM_BIND_OP_PREFETCH:
		if (!(upd->vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE))
			return 0;
		return xevf_vm_bind_update_prefetch(upd, op->addr, op->range);
	default:
		XEVF_IOCTL_DBG(upd->vm->xe, true);
		return -EOPNOTSUPP;
	}
}

/* the fail_vm_bind knob, at the point after every operation is applied */
static bool xevf_vm_bind_fail(struct xevf_device *xe)
{
	int val = atomic_read(&xe->fail_vm_bind);

	do {
		if (!val)
			return false;
		if (val < 0)
			break;
	} while (!atomic_try_cmpxchg(&xe->fail_vm_bind, &val, val - 1));
	xevf_info(xe, XEVF_VM_ROLE, "injected failure: fail_vm_bind\n");
	return true;
}

/* the operations as a job of @q: the VA tree in order with the push, or not at all */
static int xevf_vm_bind_queue_job(struct xevf_vm *vm, struct xevf_exec_queue *q,
				  struct drm_xe_vm_bind *args, struct drm_xe_vm_bind_op *ops,
				  struct drm_gem_object **objs, struct xevf_sync_entry *syncs,
				  u32 num_syncs)
{
	struct xevf_vm_bind_job *job;
	u32 i;
	int err;

	lockdep_assert_held(&vm->lock);
	job = xevf_vm_bind_job_create(q, vm, args->num_binds > 1);
	if (IS_ERR(job))
		return PTR_ERR(job);
	err = xevf_vm_bind_job_add_syncs(job, syncs, num_syncs);
	for (i = 0; i < args->num_binds && !err; i++)
		err = xevf_vm_bind_op(&job->update, objs[i], &ops[i]);
	if (!err && args->num_binds && xevf_vm_bind_fail(vm->xe))
		err = -ENOSPC;
	if (!err)
		err = xevf_vm_bind_job_wait_vm(job);
	if (!err)
		err = xevf_vm_bind_job_push(job, syncs, num_syncs);
	if (err) {
		xevf_vm_bind_update_unwind(&job->update);
		drm_sched_job_cleanup(&job->base);
		xevf_vm_bind_job_free(job);
	}
	return err;
}

/* the part of VM_BIND after the argument checks */
static int xevf_vm_bind_run(struct xevf_device *xe, struct drm_file *file,
			    struct xevf_vm *vm, struct xevf_exec_queue *q,
			    struct drm_xe_vm_bind *args, struct drm_xe_vm_bind_op *ops)
{
	struct drm_xe_sync __user *syncs_user = u64_to_user_ptr(args->syncs);
	struct drm_gem_object **objs = NULL;
	struct xevf_sync_entry *syncs = NULL;
	u32 i, num_syncs = 0, num_ufence = 0;
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
			goto out_cleanup;
		}
		err = xevf_vm_bind_check_bo(vm, xevf_gem_to_bo(objs[i]), &ops[i]);
		if (err)
			goto out_cleanup;
	}
	if (args->num_syncs) {
		syncs = kcalloc(args->num_syncs, sizeof(*syncs), GFP_KERNEL);
		if (!syncs) {
			err = -ENOMEM;
			goto out_cleanup;
		}
	}
	for (num_syncs = 0; num_syncs < args->num_syncs; num_syncs++) {
		err = xevf_sync_parse(xe, file, &syncs[num_syncs],
				      &syncs_user[num_syncs],
				      (vm->flags & DRM_XE_VM_CREATE_FLAG_LR_MODE ?
				       XEVF_SYNC_PARSE_LR_MODE : 0) |
				      (!args->num_binds ? XEVF_SYNC_PARSE_NO_UFENCE : 0));
		if (err)
			goto out_cleanup;
		if (xevf_sync_is_ufence(&syncs[num_syncs]))
			num_ufence++;
	}
	if (XEVF_IOCTL_DBG(xe, num_ufence > 1)) {
		err = -EINVAL;
		goto out_cleanup;
	}
	scoped_guard(mutex, &vm->lock) {
		if (XEVF_IOCTL_DBG(xe, vm->closed))
			err = -ENOENT;
		else
			err = xevf_vm_bind_queue_job(vm, q ?: vm->bind_q, args, ops, objs,
						     syncs, num_syncs);
	}
out_cleanup:
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
	struct xevf_exec_queue *q = NULL;
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
			goto out_free_ops;
		}
	} else {
		ops = &args->bind;
	}
	for (i = 0; i < args->num_binds; i++) {
		err = xevf_vm_bind_check_op(xe, &ops[i]);
		if (err)
			goto out_free_ops;
	}
	if (args->exec_queue_id) {
		q = xevf_exec_queue_lookup_bind(file, args->exec_queue_id);
		if (IS_ERR(q)) {
			err = PTR_ERR(q);
			q = NULL;
			goto out_free_ops;
		}
	}
	vm = xevf_vm_lookup(file, args->vm_id);
	if (XEVF_IOCTL_DBG(xe, !vm)) {
		err = -EINVAL;
		goto out_free_ops;
	}
	if (XEVF_IOCTL_DBG(xe, READ_ONCE(vm->closed))) {
		err = -ENOENT;
	} else if (!drm_dev_enter(drm, &idx)) {
		err = -ENODEV;
	} else {
		err = xevf_vm_bind_run(xe, file, vm, q, args, ops);
		drm_dev_exit(idx);
	}
	xevf_vm_put(vm);
out_free_ops:
	if (q)
		xevf_exec_queue_put(q);
	if (args->num_binds > 1)
		kvfree(ops);
	return err;
}
