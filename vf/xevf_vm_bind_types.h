/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_VM_BIND_TYPES_H_
#define _XEVF_VM_BIND_TYPES_H_

#include <drm/gpu_scheduler.h>
#include <linux/dma-fence.h>
#include <linux/list.h>
#include <linux/types.h>

struct drm_gem_object;
struct drm_gpuva;
struct mm_struct;
struct xevf_exec_queue;
struct xevf_userptr;
struct xevf_vm;

/* &xevf_vm_bind_range.flags */
#define XEVF_VM_BIND_RANGE_CLEAR	BIT(0)
#define XEVF_VM_BIND_RANGE_NULL		BIT(1)
#define XEVF_VM_BIND_RANGE_READONLY	BIT(2)
#define XEVF_VM_BIND_RANGE_USERPTR	BIT(3)

/**
 * struct xevf_vm_bind_range - A range of ppGTT leaves a bind writes.
 */
struct xevf_vm_bind_range {
	/** @link: entry in &xevf_vm_bind_update.ranges, in step order. */
	struct list_head link;
	/** @start: first virtual address. */
	u64 start;
	/** @end: end of the range (exclusive). */
	u64 end;
	/**
	 * @obj: the object mapped, or the object of the mapping dropped (a
	 * clear): a reference until the leaves are written, so that no leaf
	 * points at freed pages. NULL for a NULL binding.
	 */
	struct drm_gem_object *obj;
	/** @obj_offset: the offset in @obj that @start maps (map only). */
	u64 obj_offset;
	/** @flags: XEVF_VM_BIND_RANGE_*. */
	u32 flags;
	/**
	 * @userptr: the userptr whose leaves a USERPTR range writes (from its
	 * state when the job runs), or whose mapping a clear drops: a
	 * reference, so that its pages stay pinned while a leaf may point at
	 * them.
	 */
	struct xevf_userptr *userptr;
};

/**
 * struct xevf_vm_bind_undo - One VA-tree step of a VM_BIND, undone when a
 * later operation of the ioctl fails.
 */
struct xevf_vm_bind_undo {
	/** @link: entry in &xevf_vm_bind_update.undo, newest first. */
	struct list_head link;
	/**
	 * @old: the mapping the step took out of the tree, kept with its
	 * object reference until the update is committed or undone.
	 */
	struct drm_gpuva *old;
	/** @new: the mappings the step inserted (map: one; remap: up to two). */
	struct drm_gpuva *new[2];
};

/**
 * struct xevf_vm_bind_update - What the operations of one VM_BIND change:
 * the VA tree (applied in the ioctl, undoable until committed) and the
 * page-table leaves (written later, by the bind job).
 */
struct xevf_vm_bind_update {
	/** @vm: the VM. */
	struct xevf_vm *vm;
	/** @ranges: &struct xevf_vm_bind_range to write, in order. */
	struct list_head ranges;
	/** @undo: &struct xevf_vm_bind_undo, newest first. */
	struct list_head undo;
	/** @num_ptes: leaves the ranges write. */
	u64 num_ptes;
	/** @max_ptes: the most leaves one job may write (0: no limit). */
	u64 max_ptes;
	/** @va_flags: drm_gpuva flags of the mappings the current operation makes. */
	u32 va_flags;
	/**
	 * @lazy: the current operation maps without writing leaves: a MAP
	 * without DRM_XE_VM_BIND_FLAG_IMMEDIATE on a fault-mode VM, whose
	 * leaves the page-fault handler writes (`xevf page faults`).
	 */
	bool lazy;
	/**
	 * @userptr: the userptr of the current MAP_USERPTR until its map step
	 * puts it in the VA tree, else NULL.
	 */
	struct xevf_userptr *userptr;
};

/**
 * struct xevf_vm_bind_fence - The fence a bind job's run returns, signalled
 * at once: it holds the queue (whose scheduler the job's fences name) until
 * its release.
 */
struct xevf_vm_bind_fence {
	/** @base: the fence. */
	struct dma_fence base;
	/** @q: the bind queue, a reference from initialization to release. */
	struct xevf_exec_queue *q;
};

/**
 * struct xevf_vm_bind_job - A VM_BIND as a scheduler job of a bind queue.
 */
struct xevf_vm_bind_job {
	/** @base: the scheduler job. */
	struct drm_sched_job base;
	/**
	 * @q: the bind queue (a reference); the job holds its device too, so
	 * that the VM's last put, which may be the job's, finds it.
	 */
	struct xevf_exec_queue *q;
	/** @vm: the VM (a reference): its page tables live while the job does. */
	struct xevf_vm *vm;
	/** @update: the leaves to write; its VA-tree steps are committed. */
	struct xevf_vm_bind_update update;
	/** @done: the fence run_job returns, allocated at creation. */
	struct xevf_vm_bind_fence *done;
	/** @ufence_mm: the address space of a user fence (mmgrab()), or NULL. */
	struct mm_struct *ufence_mm;
	/** @ufence_addr: the user fence's CPU address. */
	u64 ufence_addr;
	/** @ufence_value: its value. */
	u64 ufence_value;
};

#endif
