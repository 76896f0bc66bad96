// SPDX-License-Identifier: GPL-2.0
/*
 * VM_BIND's machinery: the VA-tree steps of an update with their undo, the
 * page-table leaves they write, and bind jobs on the bind queues'
 * schedulers.
 */

#include <kunit/visibility.h>
#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_gpuvm.h>
#include <drm/gpu_scheduler.h>
#include <drm/xe_drm.h>
#include <linux/kthread.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include <abi/xe_ppgtt_abi.h>

#include "xevf_bo.h"
#include "xevf_bo_types.h"
#include "xevf_device_types.h"
#include "xevf_exec_queue.h"
#include "xevf_exec_queue_types.h"
#include "xevf_pt.h"
#include "xevf_sync.h"
#include "xevf_sync_types.h"
#include "xevf_userptr.h"
#include "xevf_vm.h"
#include "xevf_vm_bind.h"
#include "xevf_vm_bind_types.h"
#include "xevf_vm_types.h"

/**
 * DOC: xevf bind jobs
 *
 * A VM_BIND is split in two. In the ioctl, under the VM's lock, every
 * operation is applied to the VA tree (drm_gpuvm's map, remap and unmap
 * steps) and every page-table page its new mappings need is allocated:
 * all that can fail fails there, and an operation that fails undoes the
 * steps of the operations before it in reverse order, so the tree is as it
 * was and the errno goes back to the caller. Each step also records the
 * range of leaves it changes (&struct xevf_vm_bind_range): a map writes the
 * leaves of its object (or NULL leaves), a remap or unmap clears the part
 * of the old mapping that goes. Once every operation is in, the update is
 * committed (the mappings taken out are freed) and the ranges become a job
 * on the bind queue's scheduler.
 *
 * A MAP_USERPTR is a map like the others: its pages are pinned in the
 * ioctl (by the op, or by the remap step for the pieces of a userptr that
 * an operation cuts), and its range of leaves is of its own kind: the job
 * writes it from the userptr's state at that moment, under the userptr
 * notifier lock, so that pages a notifier took away since the ioctl never
 * reach a leaf (`xevf userptr`). A userptr range, or the clear of a
 * userptr's mapping, holds a reference on the userptr, as an object range
 * holds its object.
 *
 * The job's dependencies are the wait syncs and, when a step takes a
 * mapping away (unmap, remap), every exec job of the VM submitted before
 * it (the BOOKKEEP fences of the VM's reservation object), as upstream's
 * unbinds wait: no leaf is cleared, and no object page let go, under a
 * batch that may still use it. When it runs it writes the
 * leaves (under &xevf_vm.pt_lock, then the notifier lock for a userptr; a
 * job never takes &xevf_vm.lock, which an EXEC may hold while it waits for
 * an invalidation that waits for GPU jobs that may wait for this bind;
 * nothing is written once the VM is closed) and returns a fence it has
 * signalled, so its finished fence,
 * which the signal syncobjs got in the ioctl, signals right after. A user
 * fence is written into the caller's address space (kthread_use_mm()) when
 * the job is freed, after its finished fence. Jobs of one queue run in
 * order; queues are independent, each with its own scheduler. A job holds
 * the DRM device, its queue, its VM (and with it every page-table page)
 * and a reference on every object whose leaves it writes or clears, so an
 * unbound object's pages stay until no leaf points at them.
 *
 * On a VM in fault mode a MAP without DRM_XE_VM_BIND_FLAG_IMMEDIATE is
 * *lazy*: its steps change the VA tree and allocate the page-table pages
 * as any map's, but add no range of leaves: the mapping is in the tree
 * with no leaf, and the first GPU access faults and has the page-fault
 * handler write them (xevf_vm_bind_va_fault(), `xevf page faults`). The
 * clears of the mappings it replaces are in the job as usual. An IMMEDIATE
 * MAP writes its leaves in the job, as on any VM, and so does a PREFETCH
 * for every mapping in its range (xevf_vm_bind_update_prefetch()), as
 * upstream binds at a prefetch; on a VM not in fault mode every mapping is
 * bound already and a PREFETCH writes nothing.
 *
 * An array of binds whose job would write more than
 * XEVF_VM_BIND_ARRAY_MAX_PTES leaves fails with -ENOBUFS, as upstream's
 * does when its page-table update job cannot hold the array: the caller
 * splits the array. A single operation has no such limit.
 *
 * Killing a bind queue (EXEC_QUEUE_DESTROY, the file's close, the VM's
 * close for its default queue) only stops new jobs: a job still waiting for
 * its fences runs when they signal, and nothing waits for it. The queue's
 * scheduler and entity go once it is killed and its last job is freed (in
 * the driver's workqueue, as that may happen in the scheduler's own
 * worker); fences of its jobs hold the queue's memory, which their
 * timeline names point into, until their release.
 */

#define XEVF_VM_BIND_CREDITS	1024

static struct workqueue_struct *xevf_vm_bind_wq;

/**
 * xevf_vm_bind_va_free() - Free a mapping taken out of the VA tree.
 * @va: the mapping; its object reference goes with it (a userptr is
 *      unbound, and goes with its last reference).
 *
 * Context: process context, the VM's lock held.
 */
void xevf_vm_bind_va_free(struct drm_gpuva *va)
{
	if (va->flags & XEVF_VA_USERPTR) {
		xevf_userptr_unbind(xevf_userptr_of(va));
		return;
	}
	if (va->gem.obj)
		drm_gem_object_put(va->gem.obj);
	kfree(va);
}

static struct xevf_vm_bind_range *
xevf_vm_bind_range_add(struct xevf_vm_bind_update *upd, u64 start, u64 end,
		       struct drm_gem_object *obj, u64 obj_offset, u32 flags,
		       struct xevf_userptr *userptr)
{
	struct xevf_vm_bind_range *r;

	upd->num_ptes += (end - start) >> XE_PTE_SHIFT;
	if (upd->max_ptes && upd->num_ptes > upd->max_ptes)
		return ERR_PTR(-ENOBUFS);
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->start = start;
	r->end = end;
	r->obj = obj;
	if (obj)
		drm_gem_object_get(obj);
	r->obj_offset = obj_offset;
	r->flags = flags;
	if (userptr)
		r->userptr = xevf_userptr_get(userptr);
	list_add_tail(&r->link, &upd->ranges);
	return r;
}

/**
 * xevf_vm_bind_step_map() - drm_gpuvm map step: a new mapping.
 * @op: the step.
 * @priv: the &struct xevf_vm_bind_update.
 *
 * Context: process context, the VM's lock held.
 * Return: 0, -ENOBUFS past the update's leaf limit, -ENOMEM or a bus error
 * (page-table allocation).
 */
int xevf_vm_bind_step_map(struct drm_gpuva_op *op, void *priv)
{
	struct xevf_vm_bind_update *upd = priv;
	struct xevf_userptr *up = upd->userptr;
	struct xevf_vm_bind_range *r;
	struct xevf_vm_bind_undo *u;
	u64 start = op->map.va.addr, end = start + op->map.va.range;
	struct drm_gpuva *va;
	int err;

	if (upd->lazy)
		r = NULL;
	else if (up)
		r = xevf_vm_bind_range_add(upd, start, end, NULL, 0,
					   XEVF_VM_BIND_RANGE_USERPTR, up);
	else
		r = xevf_vm_bind_range_add(upd, start, end, op->map.gem.obj,
					   op->map.gem.offset,
					   (upd->va_flags & XEVF_VA_READONLY ?
					    XEVF_VM_BIND_RANGE_READONLY : 0) |
					   (op->map.gem.obj ? 0 : XEVF_VM_BIND_RANGE_NULL),
					   NULL);
	if (IS_ERR(r))
		return PTR_ERR(r);
	err = xevf_pt_populate(upd->vm, start, end);
	if (err)
		return err;
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	va = up ? NULL : kzalloc(sizeof(*va), GFP_KERNEL);
	if (!u || (!up && !va)) {
		kfree(u);
		kfree(va);
		return -ENOMEM;
	}
	if (up) {
		/* the VA tree takes the userptr's first reference */
		va = xevf_userptr_va(up);
		upd->userptr = NULL;
		drm_gpuva_map(&upd->vm->gpuvm, va, &op->map);
		va->flags |= upd->va_flags;
		xevf_userptr_bind(up);
		u->new[0] = va;
		list_add(&u->link, &upd->undo);
		return 0;
	}
	drm_gpuva_map(&upd->vm->gpuvm, va, &op->map);
	va->flags |= upd->va_flags;
	if (va->gem.obj)
		drm_gem_object_get(va->gem.obj);
	u->new[0] = va;
	list_add(&u->link, &upd->undo);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_step_map);

/*
 * A remap of a userptr: the pieces left become userptrs of their own,
 * pinned now, whose leaves the job writes after it cleared the part that
 * goes; that clear holds the old userptr (and its pages, which the leaves
 * of the pieces still point at) until the job is freed.
 */
static int xevf_vm_bind_step_remap_userptr(struct xevf_vm_bind_update *upd,
					   struct drm_gpuva_op_remap *op, u64 start, u64 end)
{
	struct drm_gpuva_op_map *maps[2] = { op->prev, op->next };
	struct drm_gpuva *old = op->unmap->va, *pieces[2] = {};
	struct xevf_userptr *ups[2] = {};
	struct xevf_vm_bind_range *r;
	struct xevf_vm_bind_undo *u;
	unsigned int i;
	int err;

	r = xevf_vm_bind_range_add(upd, start, end, NULL, 0, XEVF_VM_BIND_RANGE_CLEAR,
				   xevf_userptr_of(old));
	if (IS_ERR(r))
		return PTR_ERR(r);
	for (i = 0; i < ARRAY_SIZE(maps); i++) {
		if (!maps[i])
			continue;
		err = xevf_userptr_split(xevf_userptr_of(old), maps[i], &ups[i]);
		if (err)
			goto err_put_userptrs;
		r = xevf_vm_bind_range_add(upd, maps[i]->va.addr,
					   maps[i]->va.addr + maps[i]->va.range, NULL, 0,
					   XEVF_VM_BIND_RANGE_USERPTR, ups[i]);
		if (IS_ERR(r)) {
			err = PTR_ERR(r);
			goto err_put_userptrs;
		}
		pieces[i] = xevf_userptr_va(ups[i]);
	}
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u) {
		err = -ENOMEM;
		goto err_put_userptrs;
	}
	drm_gpuva_remap(pieces[0], pieces[1], op);
	for (i = 0; i < ARRAY_SIZE(pieces); i++) {
		if (!pieces[i])
			continue;
		pieces[i]->flags |= old->flags & (XEVF_VA_READONLY | XEVF_VA_USERPTR);
		xevf_userptr_bind(ups[i]);
	}
	u->old = old;
	u->new[0] = pieces[0];
	u->new[1] = pieces[1];
	list_add(&u->link, &upd->undo);
	return 0;

err_put_userptrs:
	for (i = 0; i < ARRAY_SIZE(ups); i++)
		if (ups[i])
			xevf_userptr_put(ups[i]);
	return err;
}

/**
 * xevf_vm_bind_step_remap() - drm_gpuvm remap step: a mapping loses its
 * middle, its start or its end.
 * @op: the step.
 * @priv: the &struct xevf_vm_bind_update.
 *
 * Context: process context, the VM's lock held.
 * Return: 0, -ENOBUFS or -ENOMEM.
 */
int xevf_vm_bind_step_remap(struct drm_gpuva_op *op, void *priv)
{
	struct xevf_vm_bind_update *upd = priv;
	struct drm_gpuva *old = op->remap.unmap->va, *prev = NULL, *next = NULL;
	u64 start = old->va.addr, end = old->va.addr + old->va.range;
	struct xevf_vm_bind_range *r;
	struct xevf_vm_bind_undo *u;

	if (op->remap.prev)
		start = op->remap.prev->va.addr + op->remap.prev->va.range;
	if (op->remap.next)
		end = op->remap.next->va.addr;
	if (old->flags & XEVF_VA_USERPTR)
		return xevf_vm_bind_step_remap_userptr(upd, &op->remap, start, end);
	r = xevf_vm_bind_range_add(upd, start, end, old->gem.obj, 0,
				   XEVF_VM_BIND_RANGE_CLEAR, NULL);
	if (IS_ERR(r))
		return PTR_ERR(r);
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (op->remap.prev)
		prev = kzalloc(sizeof(*prev), GFP_KERNEL);
	if (op->remap.next)
		next = kzalloc(sizeof(*next), GFP_KERNEL);
	if (!u || (op->remap.prev && !prev) || (op->remap.next && !next)) {
		kfree(u);
		kfree(prev);
		kfree(next);
		return -ENOMEM;
	}
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
	u->old = old;
	u->new[0] = prev;
	u->new[1] = next;
	list_add(&u->link, &upd->undo);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_step_remap);

/**
 * xevf_vm_bind_step_unmap() - drm_gpuvm unmap step: a mapping goes.
 * @op: the step.
 * @priv: the &struct xevf_vm_bind_update.
 *
 * Context: process context, the VM's lock held.
 * Return: 0, -ENOBUFS or -ENOMEM.
 */
int xevf_vm_bind_step_unmap(struct drm_gpuva_op *op, void *priv)
{
	struct xevf_vm_bind_update *upd = priv;
	struct drm_gpuva *va = op->unmap.va;
	struct xevf_vm_bind_range *r;
	struct xevf_vm_bind_undo *u;

	r = xevf_vm_bind_range_add(upd, va->va.addr, va->va.addr + va->va.range,
				   va->gem.obj, 0, XEVF_VM_BIND_RANGE_CLEAR,
				   va->flags & XEVF_VA_USERPTR ? xevf_userptr_of(va) : NULL);
	if (IS_ERR(r))
		return PTR_ERR(r);
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u)
		return -ENOMEM;
	drm_gpuva_unmap(&op->unmap);
	u->old = va;
	list_add(&u->link, &upd->undo);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_step_unmap);

/**
 * xevf_vm_bind_update_init() - Start an empty update.
 * @upd: the update.
 * @vm: the VM.
 * @max_ptes: the most leaves it may write, 0 for no limit.
 */
void xevf_vm_bind_update_init(struct xevf_vm_bind_update *upd, struct xevf_vm *vm,
			      u64 max_ptes)
{
	upd->vm = vm;
	INIT_LIST_HEAD(&upd->ranges);
	INIT_LIST_HEAD(&upd->undo);
	upd->num_ptes = 0;
	upd->max_ptes = max_ptes;
	upd->va_flags = 0;
	upd->lazy = false;
	upd->userptr = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_update_init);

/**
 * xevf_vm_bind_update_map() - Add a MAP (an object range or a NULL range).
 * @upd: the update.
 * @obj: the object, or NULL for a NULL binding.
 * @offset: the offset in @obj.
 * @addr: the virtual address.
 * @range: the size, page aligned like @addr and @offset.
 * @flags: DRM_XE_VM_BIND_FLAG_READONLY or 0.
 *
 * Context: process context, the VM's lock held.
 * Return: 0 or a negative errno; the steps made stay in @upd to be undone.
 */
int xevf_vm_bind_update_map(struct xevf_vm_bind_update *upd, struct drm_gem_object *obj,
			    u64 offset, u64 addr, u64 range, u32 flags)
{
	lockdep_assert_held(&upd->vm->lock);
	upd->va_flags = flags & DRM_XE_VM_BIND_FLAG_READONLY ? XEVF_VA_READONLY : 0;
	return drm_gpuvm_sm_map(&upd->vm->gpuvm, upd, addr, range, obj, offset);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_update_map);

/**
 * xevf_vm_bind_update_map_userptr() - Add a MAP_USERPTR: the userptr is
 * created and its pages pinned now, its leaves written by the job.
 * @upd: the update.
 * @mm: the address space of the memory (the caller's).
 * @cpu_addr: the CPU address of the memory, page aligned.
 * @addr: the virtual address.
 * @range: the size, page aligned like @addr.
 * @flags: DRM_XE_VM_BIND_FLAG_READONLY or 0.
 *
 * Context: process context, the VM's lock held.
 * Return: 0 or a negative errno (see `xevf userptr`); the steps made stay
 * in @upd to be undone.
 */
int xevf_vm_bind_update_map_userptr(struct xevf_vm_bind_update *upd, struct mm_struct *mm,
				    u64 cpu_addr, u64 addr, u64 range, u32 flags)
{
	bool ro = flags & DRM_XE_VM_BIND_FLAG_READONLY;
	struct xevf_userptr *up;
	int err;

	lockdep_assert_held(&upd->vm->lock);
	err = xevf_userptr_create(upd->vm, mm, cpu_addr, range, ro, &up);
	if (err)
		return err;
	/* memory that is not there fails the bind before the VM changes */
	err = xevf_userptr_stage(up);
	if (!err) {
		upd->userptr = up;
		upd->va_flags = XEVF_VA_USERPTR | (ro ? XEVF_VA_READONLY : 0);
		err = drm_gpuvm_sm_map(&upd->vm->gpuvm, upd, addr, range, NULL, cpu_addr);
		/* the map step took it for the VA tree, with a reference of its own */
		if (!upd->userptr)
			return err;
		upd->userptr = NULL;
	}
	xevf_userptr_put(up);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_update_map_userptr);

/**
 * xevf_vm_bind_update_prefetch() - Add a PREFETCH on a VM in fault mode: the
 * job writes the leaves of every mapping in the range, as upstream binds
 * them at a prefetch, so that their first access does not fault.
 * @upd: the update.
 * @addr: the virtual address.
 * @range: the size.
 *
 * A mapping only partly in the range is written whole, as the page-fault
 * handler would. A userptr's leaves come from its pages as the job finds
 * them (xevf_userptr_write()): none when they were invalidated since they
 * were pinned, and its first access then faults as without the prefetch.
 *
 * Context: process context, the VM's lock held.
 * Return: 0, -ENOBUFS past the update's leaf limit, -ENOMEM; the ranges
 * added stay in @upd to be dropped.
 */
int xevf_vm_bind_update_prefetch(struct xevf_vm_bind_update *upd, u64 addr, u64 range)
{
	struct xevf_vm_bind_range *r;
	struct drm_gpuva *va;
	u32 flags;

	lockdep_assert_held(&upd->vm->lock);
	drm_gpuvm_for_each_va_range(va, &upd->vm->gpuvm, addr, addr + range) {
		flags = va->flags & XEVF_VA_READONLY ? XEVF_VM_BIND_RANGE_READONLY : 0;
		if (va->flags & XEVF_VA_USERPTR)
			r = xevf_vm_bind_range_add(upd, va->va.addr, va->va.addr + va->va.range,
						   NULL, 0, XEVF_VM_BIND_RANGE_USERPTR,
						   xevf_userptr_of(va));
		else
			r = xevf_vm_bind_range_add(upd, va->va.addr, va->va.addr + va->va.range,
						   va->gem.obj, va->gem.offset,
						   flags | (va->gem.obj ? 0 :
							    XEVF_VM_BIND_RANGE_NULL),
						   NULL);
		if (IS_ERR(r))
			return PTR_ERR(r);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_update_prefetch);

/**
 * xevf_vm_bind_update_unmap() - Add an UNMAP of whatever is in a range.
 * @upd: the update.
 * @addr: the virtual address.
 * @range: the size.
 *
 * Context: process context, the VM's lock held.
 * Return: 0 or a negative errno; the steps made stay in @upd to be undone.
 */
int xevf_vm_bind_update_unmap(struct xevf_vm_bind_update *upd, u64 addr, u64 range)
{
	lockdep_assert_held(&upd->vm->lock);
	return drm_gpuvm_sm_unmap(&upd->vm->gpuvm, upd, addr, range);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_update_unmap);

/**
 * xevf_vm_bind_update_unmap_obj() - Add an UNMAP_ALL of an object.
 * @upd: the update.
 * @obj: the object.
 *
 * Context: process context, the VM's lock held.
 * Return: 0 or a negative errno; the steps made stay in @upd to be undone.
 */
int xevf_vm_bind_update_unmap_obj(struct xevf_vm_bind_update *upd,
				  struct drm_gem_object *obj)
{
	struct drm_gpuva *va;
	bool found;
	int err;

	lockdep_assert_held(&upd->vm->lock);
	do {
		found = false;
		drm_gpuvm_for_each_va(va, &upd->vm->gpuvm) {
			if (va->gem.obj != obj)
				continue;
			found = true;
			err = drm_gpuvm_sm_unmap(&upd->vm->gpuvm, upd, va->va.addr,
						 va->va.range);
			if (err)
				return err;
			break;
		}
	} while (found);
	return 0;
}

static void xevf_vm_bind_ranges_free(struct xevf_vm_bind_update *upd)
{
	struct xevf_vm_bind_range *r, *tmp;

	list_for_each_entry_safe(r, tmp, &upd->ranges, link) {
		list_del(&r->link);
		if (r->obj)
			drm_gem_object_put(r->obj);
		if (r->userptr)
			xevf_userptr_put(r->userptr);
		kfree(r);
	}
	upd->num_ptes = 0;
}

/**
 * xevf_vm_bind_update_unwind() - Undo every VA-tree step of an update, the
 * newest first, and drop its ranges.
 * @upd: the update, not committed.
 *
 * Page-table pages allocated on the way stay (they are empty, and kept
 * until the VM goes anyway).
 *
 * Context: process context, the VM's lock held.
 */
void xevf_vm_bind_update_unwind(struct xevf_vm_bind_update *upd)
{
	struct xevf_vm_bind_undo *u, *tmp;
	unsigned int i;

	lockdep_assert_held(&upd->vm->lock);
	list_for_each_entry_safe(u, tmp, &upd->undo, link) {
		for (i = 0; i < ARRAY_SIZE(u->new); i++) {
			if (!u->new[i])
				continue;
			drm_gpuva_remove(u->new[i]);
			xevf_vm_bind_va_free(u->new[i]);
		}
		if (u->old)
			WARN_ON(drm_gpuva_insert(&upd->vm->gpuvm, u->old));
		list_del(&u->link);
		kfree(u);
	}
	xevf_vm_bind_ranges_free(upd);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_update_unwind);

/**
 * xevf_vm_bind_update_commit() - Make an update's VA-tree steps final: the
 * mappings they took out are freed (the ranges hold their objects).
 * @upd: the update.
 *
 * Context: process context.
 */
void xevf_vm_bind_update_commit(struct xevf_vm_bind_update *upd)
{
	struct xevf_vm_bind_undo *u, *tmp;

	list_for_each_entry_safe(u, tmp, &upd->undo, link) {
		if (u->old)
			xevf_vm_bind_va_free(u->old);
		list_del(&u->link);
		kfree(u);
	}
}

static void xevf_vm_bind_range_write(struct xevf_vm *vm, const struct xevf_vm_bind_range *r)
{
	struct xevf_bo *bo = r->obj ? xevf_gem_to_bo(r->obj) : NULL;
	bool ro = r->flags & XEVF_VM_BIND_RANGE_READONLY;
	u64 addr, pte;

	if (r->flags & XEVF_VM_BIND_RANGE_USERPTR) {
		xevf_userptr_write(r->userptr);
		return;
	}
	for (addr = r->start; addr < r->end; addr += XE_PAGE_SIZE) {
		if (r->flags & XEVF_VM_BIND_RANGE_CLEAR) {
			xevf_pt_clear(vm, addr);
			continue;
		}
		if (r->flags & XEVF_VM_BIND_RANGE_NULL)
			pte = xevf_pt_null_entry(0) & ~(ro ? XE_PAGE_RW : 0);
		else
			pte = xevf_pte_encode(xevf_bo_dma_addr(bo, r->obj_offset + addr - r->start),
					      bo->vram, ro);
		xevf_pt_write_leaf(vm, addr, pte);
	}
}

/**
 * xevf_vm_bind_va_fault() - Write the leaves of a mapping of the VA tree
 * now: the page-fault handler's bind of an object or NULL mapping (a
 * userptr's goes through xevf_userptr_fault()).
 * @vm: the VM.
 * @va: the mapping, in @vm's VA tree; its page-table pages were allocated
 *      by its map step.
 *
 * Context: process context, &xevf_vm.lock held (the mapping stays in the
 * tree, and its object with it); takes &xevf_vm.pt_lock, allocates
 * nothing.
 * Return: 0, or -ENOENT once the VM is closed (nothing written).
 */
int xevf_vm_bind_va_fault(struct xevf_vm *vm, struct drm_gpuva *va)
{
	struct xevf_vm_bind_range r = {
		.start = va->va.addr,
		.end = va->va.addr + va->va.range,
		.obj = va->gem.obj,
		.obj_offset = va->gem.offset,
		.flags = (va->flags & XEVF_VA_READONLY ? XEVF_VM_BIND_RANGE_READONLY : 0) |
			 (va->gem.obj ? 0 : XEVF_VM_BIND_RANGE_NULL),
	};

	lockdep_assert_held(&vm->lock);
	guard(mutex)(&vm->pt_lock);
	if (vm->pt_closed)
		return -ENOENT;
	xevf_vm_bind_range_write(vm, &r);
	return 0;
}

/**
 * xevf_vm_bind_update_write() - Write the leaves of an update's ranges, in
 * order; nothing once the VM is closed.
 * @upd: the update; its page-table pages were allocated with its steps.
 *
 * Context: process context; takes &xevf_vm.pt_lock, allocates nothing.
 */
void xevf_vm_bind_update_write(struct xevf_vm_bind_update *upd)
{
	struct xevf_vm *vm = upd->vm;
	struct xevf_vm_bind_range *r;

	guard(mutex)(&vm->pt_lock);
	if (vm->pt_closed)
		return;
	list_for_each_entry(r, &upd->ranges, link)
		xevf_vm_bind_range_write(vm, r);
}

/**
 * xevf_vm_bind_update_fini() - Drop an update's ranges (and their objects).
 * @upd: the update, committed or unwound.
 */
void xevf_vm_bind_update_fini(struct xevf_vm_bind_update *upd)
{
	WARN_ON(!list_empty(&upd->undo));
	xevf_vm_bind_ranges_free(upd);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_vm_bind_update_fini);

static struct xevf_vm_bind_job *to_xevf_vm_bind_job(struct drm_sched_job *job)
{
	return container_of(job, struct xevf_vm_bind_job, base);
}

static const char *xevf_vm_bind_fence_driver(struct dma_fence *fence)
{
	return "xe";
}

static const char *xevf_vm_bind_fence_timeline(struct dma_fence *fence)
{
	return container_of(fence, struct xevf_vm_bind_fence, base)->q->name;
}

/* any context: the queue may go with it */
static void xevf_vm_bind_fence_release(struct dma_fence *fence)
{
	struct xevf_vm_bind_fence *done = container_of(fence, struct xevf_vm_bind_fence, base);
	struct xevf_exec_queue *q = done->q;

	kfree_rcu(done, base.rcu);
	xevf_exec_queue_put(q);
}

static const struct dma_fence_ops xevf_vm_bind_fence_ops = {
	.get_driver_name = xevf_vm_bind_fence_driver,
	.get_timeline_name = xevf_vm_bind_fence_timeline,
	.release = xevf_vm_bind_fence_release,
};

static struct dma_fence *xevf_vm_bind_run_job(struct drm_sched_job *sched_job)
{
	struct xevf_vm_bind_job *job = to_xevf_vm_bind_job(sched_job);
	struct xevf_vm_bind_fence *done = job->done;
	struct xevf_exec_queue *q = job->q;

	xevf_vm_bind_update_write(&job->update);
	kref_get(&q->refcount);
	done->q = q;
	dma_fence_init(&done->base, &xevf_vm_bind_fence_ops, &q->fence_lock, q->fence_ctx,
		       atomic_inc_return(&q->bind_seqno));
	dma_fence_signal(&done->base);
	return dma_fence_get(&done->base);
}

/* after the finished fence, in the scheduler's worker: the caller's mm is borrowed */
static void xevf_vm_bind_write_ufence(struct xevf_vm_bind_job *job)
{
	struct mm_struct *mm = job->ufence_mm;
	u64 value = job->ufence_value;

	if (mmget_not_zero(mm)) {
		kthread_use_mm(mm);
		if (copy_to_user(u64_to_user_ptr(job->ufence_addr), &value, sizeof(value)))
			drm_dbg_driver(&job->q->xe->drm, "bind: user fence %#llx not writable\n",
				       job->ufence_addr);
		kthread_unuse_mm(mm);
		mmput(mm);
	}
	wake_up_all(&job->q->xe->ufence_wq);
}

static void xevf_vm_bind_queue_fini_work(struct work_struct *work)
{
	struct xevf_exec_queue *q = container_of(work, struct xevf_exec_queue, bind_fini_work);

	xevf_vm_bind_queue_fini(q);
	xevf_exec_queue_put(q);
}

/* a killed queue with no job left: its scheduler goes, from the driver's workqueue */
static void xevf_vm_bind_queue_idle(struct xevf_exec_queue *q)
{
	if (atomic_cmpxchg(&q->bind_fini, 0, 1))
		return;
	kref_get(&q->refcount);
	INIT_WORK(&q->bind_fini_work, xevf_vm_bind_queue_fini_work);
	queue_work(xevf_vm_bind_wq, &q->bind_fini_work);
}

/**
 * xevf_vm_bind_job_free() - Free a bind job (run, or never pushed).
 * @job: the job; its update is committed or unwound.
 *
 * Context: process context (the scheduler's free worker or the ioctl).
 */
void xevf_vm_bind_job_free(struct xevf_vm_bind_job *job)
{
	struct xevf_exec_queue *q = job->q;

	if (job->ufence_mm) {
		if (job->done->base.ops)
			xevf_vm_bind_write_ufence(job);
		mmdrop(job->ufence_mm);
	}
	xevf_vm_bind_update_fini(&job->update);
	if (job->done->base.ops)
		dma_fence_put(&job->done->base);
	else
		kfree(job->done);
	xevf_vm_put(job->vm);
	/* after the VM: its last put reaches the device */
	drm_dev_put(&q->xe->drm);
	kfree(job);
	if (atomic_dec_and_test(&q->jobs) && READ_ONCE(q->killed))
		xevf_vm_bind_queue_idle(q);
	xevf_exec_queue_put(q);
}

static void xevf_vm_bind_free_job(struct drm_sched_job *sched_job)
{
	struct xevf_vm_bind_job *job = to_xevf_vm_bind_job(sched_job);

	drm_sched_job_cleanup(sched_job);
	xevf_vm_bind_job_free(job);
}

static const struct drm_sched_backend_ops xevf_vm_bind_sched_ops = {
	.run_job = xevf_vm_bind_run_job,
	.free_job = xevf_vm_bind_free_job,
};

/**
 * xevf_vm_bind_job_create() - Allocate a bind job and initialize its
 * scheduler job; the caller fills its update, adds the syncs and pushes
 * it.
 * @q: the bind queue; the job holds a reference.
 * @vm: the VM; the job holds a reference.
 * @array: an array of binds (its leaves are limited).
 *
 * Context: process context.
 * Return: the job, ERR_PTR(-ENOENT) for a killed queue, another ERR_PTR.
 */
struct xevf_vm_bind_job *xevf_vm_bind_job_create(struct xevf_exec_queue *q,
						 struct xevf_vm *vm, bool array)
{
	struct xevf_vm_bind_job *job;
	int err;

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return ERR_PTR(-ENOMEM);
	job->done = kzalloc(sizeof(*job->done), GFP_KERNEL);
	if (!job->done) {
		kfree(job);
		return ERR_PTR(-ENOMEM);
	}
	scoped_guard(mutex, &q->submit_lock) {
		if (q->killed) {
			kfree(job->done);
			kfree(job);
			return ERR_PTR(-ENOENT);
		}
		atomic_inc(&q->jobs);
	}
	kref_get(&q->refcount);
	job->q = q;
	job->vm = xevf_vm_get(vm);
	drm_dev_get(&q->xe->drm);
	xevf_vm_bind_update_init(&job->update, vm, array ? XEVF_VM_BIND_ARRAY_MAX_PTES : 0);
	err = drm_sched_job_init(&job->base, &q->entity, 1, NULL, 0);
	if (err) {
		xevf_vm_bind_job_free(job);
		return ERR_PTR(err);
	}
	return job;
}

/**
 * xevf_vm_bind_job_add_syncs() - Make the wait syncs the job's dependencies
 * and take its user fence.
 * @job: the job, not armed.
 * @syncs: the parsed syncs.
 * @num_syncs: their count.
 *
 * Context: process context (the caller's mm is the user fence's).
 * Return: 0 or -ENOMEM.
 */
int xevf_vm_bind_job_add_syncs(struct xevf_vm_bind_job *job,
			       struct xevf_sync_entry *syncs, u32 num_syncs)
{
	u32 i;
	int err;

	for (i = 0; i < num_syncs; i++) {
		if (xevf_sync_is_ufence(&syncs[i])) {
			mmgrab(current->mm);
			job->ufence_mm = current->mm;
			job->ufence_addr = syncs[i].addr;
			job->ufence_value = syncs[i].timeline_value;
		} else if (!xevf_sync_is_signal(&syncs[i])) {
			err = xevf_sync_add_dep(&syncs[i], &job->base);
			if (err)
				return err;
		}
	}
	return 0;
}

/**
 * xevf_vm_bind_job_wait_vm() - Make the VM's exec jobs dependencies of a
 * job whose update takes mappings away.
 * @job: the job, its update complete, not armed.
 *
 * Context: process context; takes the VM's reservation lock.
 * Return: 0, -ENOMEM or -EINTR.
 */
int xevf_vm_bind_job_wait_vm(struct xevf_vm_bind_job *job)
{
	struct dma_resv *resv = drm_gpuvm_resv(&job->vm->gpuvm);
	struct xevf_vm_bind_undo *u;
	bool unmaps = false;
	int err;

	/* a step that took a mapping away left it in its undo */
	list_for_each_entry(u, &job->update.undo, link)
		unmaps |= !!u->old;
	if (!unmaps)
		return 0;
	err = dma_resv_lock_interruptible(resv, NULL);
	if (err)
		return err;
	err = drm_sched_job_add_resv_dependencies(&job->base, resv, DMA_RESV_USAGE_BOOKKEEP);
	dma_resv_unlock(resv);
	return err;
}

/**
 * xevf_vm_bind_job_push() - Commit a job's update, arm the job, give its
 * finished fence to the signal syncs and the queue, and push it.
 * @job: the job, its update complete.
 * @syncs: the parsed syncs.
 * @num_syncs: their count.
 *
 * Context: process context.
 * Return: 0, or -ENOENT for a killed queue (the job is neither committed
 * nor pushed).
 */
int xevf_vm_bind_job_push(struct xevf_vm_bind_job *job,
			  struct xevf_sync_entry *syncs, u32 num_syncs)
{
	struct xevf_exec_queue *q = job->q;
	struct dma_fence *fence;
	u32 i;

	guard(mutex)(&q->submit_lock);
	if (q->killed)
		return -ENOENT;
	xevf_vm_bind_update_commit(&job->update);
	drm_sched_job_arm(&job->base);
	fence = &job->base.s_fence->finished;
	for (i = 0; i < num_syncs; i++)
		if (!xevf_sync_is_ufence(&syncs[i]))
			xevf_sync_signal(q->xe, &syncs[i], fence);
	dma_fence_put(q->last_fence);
	q->last_fence = dma_fence_get(fence);
	drm_sched_entity_push_job(&job->base);
	return 0;
}

/**
 * xevf_vm_bind_queue_init() - Give a bind queue its scheduler and entity.
 * @q: the queue, with @q->xe and @q->name set.
 *
 * Context: process context.
 * Return: 0 or a negative errno; on error nothing is left.
 */
int xevf_vm_bind_queue_init(struct xevf_exec_queue *q)
{
	struct drm_gpu_scheduler *sched_list = &q->sched;
	const struct drm_sched_init_args args = {
		.ops = &xevf_vm_bind_sched_ops,
		.num_rqs = DRM_SCHED_PRIORITY_COUNT,
		.credit_limit = XEVF_VM_BIND_CREDITS,
		.timeout = MAX_SCHEDULE_TIMEOUT,
		.name = q->name,
		.dev = q->xe->drm.dev,
	};
	int err;

	spin_lock_init(&q->fence_lock);
	q->fence_ctx = dma_fence_context_alloc(1);
	err = drm_sched_init(&q->sched, &args);
	if (err)
		return err;
	err = drm_sched_entity_init(&q->entity, DRM_SCHED_PRIORITY_NORMAL, &sched_list, 1,
				    NULL);
	if (err) {
		drm_sched_fini(&q->sched);
		return err;
	}
	q->bind_sched = true;
	return 0;
}

/**
 * xevf_vm_bind_queue_fini() - Take a bind queue's entity and scheduler down.
 * @q: the queue, with no job left (each holds a reference).
 *
 * Context: process context, not the queue's scheduler's own worker.
 */
void xevf_vm_bind_queue_fini(struct xevf_exec_queue *q)
{
	if (!q->bind_sched)
		return;
	drm_sched_entity_fini(&q->entity);
	drm_sched_fini(&q->sched);
	q->bind_sched = false;
}

/**
 * xevf_vm_bind_queue_kill() - Tear a killed bind queue's scheduler down
 * once its last job is gone.
 * @q: the queue, &xevf_exec_queue.killed set under its submit lock (no
 *     job is created after that).
 *
 * The entity keeps its last job's finished fence, which holds the queue: so
 * the entity must go before the queue's last reference can, and it can go
 * only when no job is left. The last job's free (or this, when there is
 * none) hands it to the driver's workqueue.
 *
 * Context: any context.
 */
void xevf_vm_bind_queue_kill(struct xevf_exec_queue *q)
{
	/* pairs with the barrier of atomic_dec_and_test() in the job's free */
	smp_mb();
	if (!atomic_read(&q->jobs))
		xevf_vm_bind_queue_idle(q);
}

/**
 * xevf_vm_bind_defer() - Run a teardown on the bind workqueue, outside the
 * schedulers' workers (a userptr's notifier removal may wait for a callback
 * that waits for a job behind the worker's next bind).
 * @work: the work item.
 *
 * Context: any context.
 */
void xevf_vm_bind_defer(struct work_struct *work)
{
	queue_work(xevf_vm_bind_wq, work);
}

/**
 * xevf_vm_bind_module_init() - Create the workqueue of bind queue teardowns.
 *
 * Return: 0 or -ENOMEM.
 */
int xevf_vm_bind_module_init(void)
{
	xevf_vm_bind_wq = alloc_workqueue("xevf-bind", WQ_UNBOUND, 0);
	return xevf_vm_bind_wq ? 0 : -ENOMEM;
}

/**
 * xevf_vm_bind_module_exit() - Run the pending teardowns and destroy their
 * workqueue.
 */
void xevf_vm_bind_module_exit(void)
{
	destroy_workqueue(xevf_vm_bind_wq);
}
