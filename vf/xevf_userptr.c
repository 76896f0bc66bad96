// SPDX-License-Identifier: GPL-2.0
/*
 * Userptr mappings: VM_BIND MAP_USERPTR, pinned user pages behind an
 * mmu_interval_notifier, revalidated by EXEC.
 */

#include <drm/drm_gpuvm.h>
#include <linux/dma-resv.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <abi/xe_ppgtt_abi.h>
#include <xesim_driver.h>

#include "xevf_device.h"
#include "xevf_device_types.h"
#include "xevf_printk.h"
#include "xevf_pt.h"
#include "xevf_userptr.h"
#include "xevf_userptr_types.h"
#include "xevf_vm_types.h"

/**
 * DOC: xevf userptr
 *
 * VM_BIND MAP_USERPTR maps a range of the caller's own memory (the CPU
 * address in ``obj_offset``) into a VM, as upstream's userptr in its
 * non-fault mode: the pages are pinned (pin_user_pages_fast(), or
 * pin_user_pages_remote() when another process's EXEC pins them again;
 * ``FOLL_LONGTERM``, and ``FOLL_WRITE`` unless the bind is READONLY), mapped
 * into the slot's DMA domain as one IOVA range, and the leaves of the range
 * point at them as for a system-memory object (``XE_PAGE_RW`` unless
 * READONLY, so a GPU write to a read-only userptr is a device fault that
 * bans the queue). Arguments as upstream: an object, a non-coherent PAT
 * index or an address not page aligned (-EINVAL); an address range that
 * overflows (-EOVERFLOW); memory that is not mapped, or not writable for a
 * writable bind (-EFAULT). Each userptr is a &struct xevf_userptr, with a
 * state (&enum xevf_userptr_state)::
 *
 *     bind ──> INVALID ──(pin + install)──> VALID
 *                 ^   \                       │
 *                 │    `─(pin: -EFAULT)─> GONE │
 *                 │                        │   │
 *                 `──── invalidation <─────┴───'
 *
 * An mmu_interval_notifier covers the CPU range. Its callback (munmap,
 * madvise(MADV_DONTNEED), a MAP_FIXED over the range, fork's COW, ...)
 * marks the userptr INVALID, waits for every GPU job of the VM (EXEC adds
 * each job's fence to the VM's reservation object, BOOKKEEP), then empties
 * the leaves of the range and hands the pages to a work item that unmaps
 * them from the DMA domain and unpins them. After the callback the GPU has
 * no way to the old pages, and the pages go back to the process's memory
 * (or are freed) once the work ran.
 *
 * EXEC revalidates first: under &xevf_vm.lock it pins the pages of every
 * INVALID userptr again (mmu_interval_read_begin(), pin, DMA map, then under
 * the notifier lock mmu_interval_read_retry() and, if the range did not
 * change meanwhile, the leaves are written and the userptr is VALID; else it
 * pins again). A range with no memory any more (munmap) makes the userptr
 * GONE: its leaves stay empty and EXEC goes on, as upstream 6.12 does (its
 * xe_vm_userptr_pin() invalidates the VMA on -EFAULT and the EXEC
 * succeeds); a GPU access there faults, or reads the scratch page. Then,
 * under the notifier lock for reading, EXEC checks that no userptr became
 * INVALID since, arms its job and adds the job's fence to the VM's
 * reservation object before it drops the lock; if one did, it revalidates
 * again. So a callback either sees the job's fence and waits for it, or the
 * job sees the userptr INVALID and does not run on stale pages.
 *
 * UNMAP, a bind over part of the range (the pieces left get their own
 * notifiers and are pinned again, as upstream rebinds them) and VM close
 * remove the notifier (which waits for a callback in progress), empty the
 * leaves and unpin. Migration needs nothing: the pages are guest RAM and
 * the IOVAs belong to the guest slot's DMA domain, which moves with the
 * VM (`xesim DMA isolation`).
 *
 * Locking, outermost first: &xevf_vm.lock (a bind step or EXEC's pin), the
 * mm's mmap_lock (pinning), then a notifier callback's
 * &xevf_userptr_vm.notifier_lock. EXEC: the VM's reservation lock, then
 * &xevf_exec_queue.submit_lock, then the notifier lock (read). The notifier
 * lock is the innermost: held only to change states, swap page sets, write
 * leaves with xevf_pt_update() (the tables of a userptr are allocated at
 * bind, under &xevf_vm.lock) and, in EXEC, to arm and publish a job; never
 * around an allocation, a fence wait or a device access, because callbacks
 * run from reclaim. Lockdep is told so at VM creation (the lock is taken
 * inside a reclaim section once). The DMA unmap (which may wait for a frozen
 * slot) is in the release work, outside every lock.
 */

#define XEVF_USERPTR_ROLE	"userptr"
/* the most pages one DMA mapping of the bus takes */
#define XEVF_USERPTR_MAX_PAGES	SZ_1M

static struct xevf_userptr *to_userptr(struct drm_gpuva *va)
{
	return container_of(va, struct xevf_userptr, va);
}

static unsigned long xevf_userptr_npages(struct xevf_userptr *up)
{
	return up->va.va.range >> PAGE_SHIFT;
}

/* unmap from the DMA domain, unpin, free: outside every lock */
static void xevf_userptr_pages_free(struct xevf_device *xe, struct xevf_userptr_pages *p,
				    bool dirty)
{
	/* after the unbind the bus has dropped the mappings itself */
	if (p->iova && xevf_hw_enter(xe)) {
		xesim_dma_unmap(xe->xdev, p->iova, p->npages);
		xevf_hw_exit(xe);
	}
	unpin_user_pages_dirty_lock(p->pages, p->npages, dirty);
	kvfree(p->pages);
	kfree(p);
}

static void xevf_userptr_free_list(struct xevf_userptr *up, struct list_head *list)
{
	struct xevf_userptr_pages *p, *tmp;

	list_for_each_entry_safe(p, tmp, list, link) {
		list_del(&p->link);
		xevf_userptr_pages_free(up->vm->xe, p, !up->readonly);
	}
}

static void xevf_userptr_release_work(struct work_struct *work)
{
	struct xevf_userptr *up = container_of(work, struct xevf_userptr, release);
	LIST_HEAD(dead);

	scoped_guard(rwsem_write, &up->vm->userptr.notifier_lock)
		list_splice_init(&up->dead, &dead);
	xevf_userptr_free_list(up, &dead);
}

/* empty the leaves of the userptr; the notifier lock (or the VM's) held */
static void xevf_userptr_zap(struct xevf_userptr *up)
{
	u64 addr, end = up->va.va.addr + up->va.va.range;

	for (addr = up->va.va.addr; addr < end; addr += XE_PAGE_SIZE)
		xevf_pt_zap(up->vm, addr);
}

static bool xevf_userptr_invalidate(struct mmu_interval_notifier *mni,
				    const struct mmu_notifier_range *range,
				    unsigned long cur_seq)
{
	struct xevf_userptr *up = container_of(mni, struct xevf_userptr, notifier);
	struct xevf_vm *vm = up->vm;
	struct xevf_userptr_pages *p;

	if (!mmu_notifier_range_blockable(range))
		return false;
	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		mmu_interval_set_seq(mni, cur_seq);
		if (up->state != XEVF_USERPTR_INVALID) {
			up->state = XEVF_USERPTR_INVALID;
			if (!list_empty(&up->link))
				vm->userptr.invalid++;
		}
	}
	/* no new job starts on the VM now; wait for those that did */
	dma_resv_wait_timeout(drm_gpuvm_resv(&vm->gpuvm), DMA_RESV_USAGE_BOOKKEEP,
			      false, MAX_SCHEDULE_TIMEOUT);
	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		p = up->pages;
		up->pages = NULL;
		if (p) {
			xevf_userptr_zap(up);
			list_add_tail(&p->link, &up->dead);
		}
	}
	if (p)
		queue_work(system_wq, &up->release);
	return true;
}

static const struct mmu_interval_notifier_ops xevf_userptr_notifier_ops = {
	.invalidate = xevf_userptr_invalidate,
};

/*
 * Pin the range and map it for the device, at the notifier sequence *@seq.
 * -EFAULT when part of the range has no memory (or is read-only for a
 * writable userptr); *@seq is set then too.
 */
static int xevf_userptr_pin_pages(struct xevf_userptr *up, struct xevf_userptr_pages **out,
				  unsigned long *seq)
{
	unsigned int gup = FOLL_LONGTERM | (up->readonly ? 0 : FOLL_WRITE);
	unsigned long start = up->va.gem.offset, npages = xevf_userptr_npages(up);
	struct mm_struct *mm = up->notifier.mm;
	struct xevf_userptr_pages *p;
	unsigned long done = 0;
	long n = 0;
	int err;

	if (npages > XEVF_USERPTR_MAX_PAGES)
		return -ENOMEM;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->pages = kvmalloc_array(npages, sizeof(*p->pages), GFP_KERNEL | __GFP_NOWARN);
	if (!p->pages) {
		kfree(p);
		return -ENOMEM;
	}
	if (!mmget_not_zero(mm)) {
		err = -EFAULT;
		goto free;
	}
	*seq = mmu_interval_read_begin(&up->notifier);
	while (done < npages) {
		if (current->mm == mm) {
			n = pin_user_pages_fast(start + (done << PAGE_SHIFT),
						min(npages - done, (unsigned long)SZ_1M),
						gup, p->pages + done);
		} else {
			mmap_read_lock(mm);
			n = pin_user_pages_remote(mm, start + (done << PAGE_SHIFT),
						  npages - done, gup, p->pages + done, NULL);
			mmap_read_unlock(mm);
		}
		if (n <= 0)
			break;
		done += n;
	}
	mmput(mm);
	p->npages = done;
	if (done < npages) {
		err = n < 0 ? n : -EFAULT;
		goto unpin;
	}
	err = xesim_dma_map(up->vm->xe->xdev, p->pages, npages, &p->iova);
	if (err)
		goto unpin;
	*out = p;
	return 0;
unpin:
	unpin_user_pages(p->pages, done);
free:
	kvfree(p->pages);
	kfree(p);
	return err;
}

/* Put @p in the leaves unless the range changed since @seq: -EAGAIN then. */
static int xevf_userptr_install(struct xevf_userptr *up, struct xevf_userptr_pages *p,
				unsigned long seq)
{
	struct xevf_vm *vm = up->vm;
	struct xevf_userptr_pages *old;
	unsigned long i;

	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		if (mmu_interval_read_retry(&up->notifier, seq))
			return -EAGAIN;
		for (i = 0; i < p->npages; i++)
			xevf_pt_update(vm, up->va.va.addr + i * XE_PAGE_SIZE,
				       xevf_pte_encode(p->iova + i * XE_PAGE_SIZE, false,
						       up->readonly));
		old = up->pages;
		up->pages = p;
		if (up->state == XEVF_USERPTR_INVALID && !list_empty(&up->link))
			vm->userptr.invalid--;
		up->state = XEVF_USERPTR_VALID;
	}
	/* the leaves no longer point at the old pages; nothing ran on them */
	if (old)
		xevf_userptr_pages_free(vm->xe, old, !up->readonly);
	return 0;
}

/* no memory in the range at @seq: GONE, unless it changed since (-EAGAIN) */
static int xevf_userptr_gone(struct xevf_userptr *up, unsigned long seq)
{
	struct xevf_vm *vm = up->vm;

	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		if (mmu_interval_read_retry(&up->notifier, seq))
			return -EAGAIN;
		xevf_userptr_zap(up);
		if (up->state == XEVF_USERPTR_INVALID)
			vm->userptr.invalid--;
		up->state = XEVF_USERPTR_GONE;
	}
	xevf_dbg(vm->xe, XEVF_USERPTR_ROLE,
		 "range %#llx+%#llx has no memory: unbound until it changes\n",
		 up->va.gem.offset, up->va.va.range);
	return 0;
}

/*
 * Make an INVALID userptr VALID, or GONE when its range has no memory; its
 * leaves are empty unless it ends VALID.
 */
static int xevf_userptr_repin(struct xevf_userptr *up)
{
	struct xevf_vm *vm = up->vm;
	struct xevf_userptr_pages *p;
	unsigned long seq;
	int err;

	lockdep_assert_held(&vm->lock);
	for (;;) {
		p = NULL;
		err = xevf_userptr_pin_pages(up, &p, &seq);
		if (err == -EFAULT)
			err = xevf_userptr_gone(up, seq);
		else if (!err)
			err = xevf_userptr_install(up, p, seq);
		if (err != -EAGAIN)
			return err;
		if (p)
			xevf_userptr_pages_free(vm->xe, p, false);
		if (signal_pending(current))
			return -ERESTARTSYS;
	}
}

/* count the userptr as one of the VM's (INVALID until installed) */
static void xevf_userptr_attach(struct xevf_vm *vm, struct xevf_userptr *up)
{
	lockdep_assert_held(&vm->lock);
	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		list_add_tail(&up->link, &vm->userptr.list);
		if (up->state == XEVF_USERPTR_INVALID)
			vm->userptr.invalid++;
	}
}

/**
 * xevf_userptr_vm_init() - Set up the userptr state of a new VM.
 * @vm: the VM.
 */
void xevf_userptr_vm_init(struct xevf_vm *vm)
{
	init_rwsem(&vm->userptr.notifier_lock);
	INIT_LIST_HEAD(&vm->userptr.list);
	/* notifier callbacks run in reclaim: no allocation under the lock */
	fs_reclaim_acquire(GFP_KERNEL);
	might_lock(&vm->userptr.notifier_lock);
	fs_reclaim_release(GFP_KERNEL);
}

/**
 * xevf_userptr_create() - A userptr with its notifier, not in a VM yet.
 * @vm: the VM.
 * @mm: the address space of the range.
 * @addr: the CPU address, page aligned.
 * @range: the size, page aligned, non-zero.
 * @readonly: no GPU writes.
 * @out: out: the userptr.
 *
 * Context: process context; @vm's lock held.
 * Return: 0, -EOVERFLOW for a range that wraps, -EFAULT for an address
 * space that is gone, -ENOMEM.
 */
int xevf_userptr_create(struct xevf_vm *vm, struct mm_struct *mm, u64 addr, u64 range,
			bool readonly, struct xevf_userptr **out)
{
	struct xevf_userptr *up;
	int err;

	lockdep_assert_held(&vm->lock);
	up = kzalloc(sizeof(*up), GFP_KERNEL);
	if (!up)
		return -ENOMEM;
	up->vm = vm;
	up->va.gem.offset = addr;
	up->va.va.range = range;
	up->readonly = readonly;
	up->state = XEVF_USERPTR_INVALID;
	INIT_LIST_HEAD(&up->link);
	INIT_LIST_HEAD(&up->dead);
	INIT_WORK(&up->release, xevf_userptr_release_work);
	if (!mmget_not_zero(mm)) {
		kfree(up);
		return -EFAULT;
	}
	err = mmu_interval_notifier_insert(&up->notifier, mm, addr, range,
					   &xevf_userptr_notifier_ops);
	mmput(mm);
	if (err) {
		kfree(up);
		return err;
	}
	up->inserted = true;
	*out = up;
	return 0;
}

/**
 * xevf_userptr_stage() - Pin the pages of a userptr before its VA is mapped,
 * so that a range without memory fails the bind before it changes the VM.
 * @up: the userptr, from xevf_userptr_create().
 *
 * Context: process context; the VM's lock held.
 * Return: 0, -EFAULT for memory that is not mapped (or not writable for a
 * writable userptr), -ENOMEM, or a bus error.
 */
int xevf_userptr_stage(struct xevf_userptr *up)
{
	lockdep_assert_held(&up->vm->lock);
	return xevf_userptr_pin_pages(up, &up->staged, &up->staged_seq);
}

/**
 * xevf_userptr_map() - The map step of a MAP_USERPTR: insert the VA, then
 * install the staged pages (or leave the userptr INVALID for EXEC when its
 * range changed since they were pinned).
 * @vm: the VM, its lock held.
 * @up: the userptr, staged.
 * @map: the map operation of drm_gpuvm.
 *
 * Context: process context.
 * Return: 0 (@up is now the VM's), -ENOMEM or a bus error (@up is not).
 */
int xevf_userptr_map(struct xevf_vm *vm, struct xevf_userptr *up,
		     struct drm_gpuva_op_map *map)
{
	struct xevf_userptr_pages *p = up->staged;
	int err;

	err = xevf_pt_populate(vm, map->va.addr, map->va.addr + map->va.range);
	if (err)
		return err;
	drm_gpuva_map(&vm->gpuvm, &up->va, map);
	xevf_userptr_attach(vm, up);
	up->staged = NULL;
	if (p && xevf_userptr_install(up, p, up->staged_seq))
		xevf_userptr_pages_free(vm->xe, p, false);
	return 0;
}

/**
 * xevf_userptr_remap() - The remap step of an operation over part of a
 * userptr: the pieces left before and after become userptrs of their own,
 * pinned again, and the old one goes.
 * @vm: the VM, its lock held.
 * @op: the remap operation of drm_gpuvm; its unmapped VA is a userptr.
 *
 * Context: process context.
 * Return: 0, or -ENOMEM, -EFAULT when the address space is gone, a bus
 * error (the VM unchanged), or an error of a piece's pinning (the piece is
 * then INVALID with empty leaves, for EXEC to pin).
 */
int xevf_userptr_remap(struct xevf_vm *vm, struct drm_gpuva_op_remap *op)
{
	struct xevf_userptr *old = to_userptr(op->unmap->va);
	struct xevf_userptr *pieces[2] = {};
	struct drm_gpuva_op_map *maps[2] = { op->prev, op->next };
	u64 start = old->va.va.addr, end = start + old->va.va.range;
	int i, err = 0, ret = 0;

	lockdep_assert_held(&vm->lock);
	for (i = 0; i < 2; i++) {
		if (!maps[i])
			continue;
		err = xevf_userptr_create(vm, old->notifier.mm, maps[i]->gem.offset,
					  maps[i]->va.range, old->readonly, &pieces[i]);
		if (err)
			goto destroy_pieces;
	}
	if (op->prev)
		start = op->prev->va.addr + op->prev->va.range;
	if (op->next)
		end = op->next->va.addr;

	/* no callback for the old one from here; its pages stay pinned until it goes */
	mmu_interval_notifier_remove(&old->notifier);
	old->inserted = false;
	for (; start < end; start += XE_PAGE_SIZE)
		xevf_pt_clear(vm, start);
	drm_gpuva_remap(pieces[0] ? &pieces[0]->va : NULL,
			pieces[1] ? &pieces[1]->va : NULL, op);
	for (i = 0; i < 2; i++) {
		if (!pieces[i])
			continue;
		pieces[i]->va.flags |= old->va.flags & ~(DRM_GPUVA_USERBITS - 1);
		xevf_userptr_attach(vm, pieces[i]);
		err = xevf_userptr_repin(pieces[i]);
		if (err) {
			/* its leaves still point at the old pages */
			scoped_guard(rwsem_write, &vm->userptr.notifier_lock)
				xevf_userptr_zap(pieces[i]);
			ret = ret ?: err;
		}
	}
	xevf_userptr_destroy(old);
	return ret;

destroy_pieces:
	for (i = 0; i < 2; i++)
		if (pieces[i])
			xevf_userptr_destroy(pieces[i]);
	return err;
}

/**
 * xevf_userptr_destroy() - Remove a userptr's notifier, unpin its pages and
 * free it. Its leaves were emptied by the caller, or belong to others now.
 * @up: the userptr, out of the VA tree or never in it.
 *
 * Context: process context; the VM's lock held.
 */
void xevf_userptr_destroy(struct xevf_userptr *up)
{
	struct xevf_vm *vm = up->vm;
	LIST_HEAD(dead);

	lockdep_assert_held(&vm->lock);
	/* waits for a callback in progress; none runs after it */
	if (up->inserted)
		mmu_interval_notifier_remove(&up->notifier);
	cancel_work_sync(&up->release);
	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		if (!list_empty(&up->link)) {
			list_del(&up->link);
			if (up->state == XEVF_USERPTR_INVALID)
				vm->userptr.invalid--;
		}
		if (up->pages)
			list_add_tail(&up->pages->link, &dead);
		up->pages = NULL;
		list_splice_init(&up->dead, &dead);
	}
	if (up->staged)
		list_add_tail(&up->staged->link, &dead);
	xevf_userptr_free_list(up, &dead);
	kfree(up);
}

/**
 * xevf_userptr_free_va() - Destroy the userptr of a VA (flag XEVF_VA_USERPTR).
 * @va: the VA, out of the tree, its leaves emptied.
 *
 * Context: process context; the VM's lock held.
 */
void xevf_userptr_free_va(struct drm_gpuva *va)
{
	xevf_userptr_destroy(to_userptr(va));
}

/**
 * xevf_userptr_vm_pin() - Before an EXEC: pin every INVALID userptr of the
 * VM again (GONE when its range has no memory).
 * @vm: the VM.
 *
 * Context: process context; takes the VM's lock.
 * Return: 0, -ENOMEM, -ERESTARTSYS, or a bus error.
 */
int xevf_userptr_vm_pin(struct xevf_vm *vm)
{
	struct xevf_userptr *up;
	int err;

	guard(mutex)(&vm->lock);
	list_for_each_entry(up, &vm->userptr.list, link) {
		if (READ_ONCE(up->state) != XEVF_USERPTR_INVALID)
			continue;
		err = xevf_userptr_repin(up);
		if (err)
			return err;
	}
	return 0;
}

/**
 * xevf_userptr_vm_lock() - EXEC's check: hold off the notifiers while the
 * job is armed and its fence added, if no userptr is INVALID.
 * @vm: the VM.
 *
 * Context: process context; only the VM's reservation lock and the queue's
 * submit lock may be held. Call xevf_userptr_vm_unlock() after on success.
 * Return: 0 with the notifier lock held for reading, -EAGAIN (not held) when
 * a userptr needs pinning again.
 */
int xevf_userptr_vm_lock(struct xevf_vm *vm)
{
	down_read(&vm->userptr.notifier_lock);
	if (vm->userptr.invalid) {
		up_read(&vm->userptr.notifier_lock);
		return -EAGAIN;
	}
	return 0;
}

/**
 * xevf_userptr_vm_unlock() - End of the section of xevf_userptr_vm_lock().
 * @vm: the VM.
 */
void xevf_userptr_vm_unlock(struct xevf_vm *vm)
{
	up_read(&vm->userptr.notifier_lock);
}
