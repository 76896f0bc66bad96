// SPDX-License-Identifier: GPL-2.0
/*
 * Userptr mappings: VM_BIND MAP_USERPTR, pinned user pages behind an
 * mmu_interval_notifier, revalidated by EXEC.
 */

#include <drm/drm_drv.h>
#include <drm/drm_gpuvm.h>
#include <drm/xe_drm.h>
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
#include "xevf_vm.h"
#include "xevf_vm_bind.h"
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
 * state (&enum xevf_userptr_state; the install is the bind job's or an
 * EXEC's, the -EFAULT an EXEC's pin)::
 *
 *     bind ──> INVALID ──(pin + install)──> VALID
 *                 ^   \                       │
 *                 │    `─(pin: -EFAULT)─> GONE │
 *                 │                        │   │
 *                 `──── invalidation <─────┴───'
 *
 * VM_BIND does the fallible part in the ioctl, as every bind does
 * (`xevf bind jobs`): under &xevf_vm.lock it inserts the notifier, pins the
 * pages and maps them for the device (the *staged* pages, with the notifier
 * sequence they were pinned at), allocates the page-table pages and puts
 * the userptr in the VA tree, INVALID. The leaves are written by the bind
 * job, like any other map, under &xevf_vm.pt_lock and then the notifier
 * lock, from the userptr's state at that moment: INVALID with staged pages
 * whose sequence is still current installs them (VALID); INVALID with a
 * sequence that moved (a notifier ran since the pin) or no staged pages, or
 * GONE, empties the leaves, so a job never writes the address of a page the
 * notifier took away; VALID (an EXEC pinned it first) writes the pages
 * already installed. Staged pages not installed go to the release work.
 * Nothing of this takes &xevf_vm.lock: an EXEC may hold it while it waits
 * for an invalidation, which waits for GPU jobs, which may wait for a bind.
 *
 * An mmu_interval_notifier covers the CPU range. Its callback (munmap,
 * madvise(MADV_DONTNEED), a MAP_FIXED over the range, fork's COW, ...)
 * marks the userptr INVALID, waits for every GPU job of the VM (EXEC adds
 * each job's fence to the VM's reservation object, BOOKKEEP), then empties
 * the leaves of the range and hands the pages to a work item that unmaps
 * them from the DMA domain and unpins them. After the callback the GPU has
 * no way to the old pages, and the pages go back to the process's memory
 * (or are freed) once the work ran. A bind job still pending for the
 * userptr sees the new sequence and writes empty leaves.
 *
 * EXEC revalidates first: under &xevf_vm.lock it pins the pages of every
 * INVALID userptr again (mmu_interval_read_begin(), pin, DMA map, then under
 * the notifier lock mmu_interval_read_retry() and, if the range did not
 * change meanwhile and the userptr is still INVALID, the leaves are written
 * and the userptr is VALID; else it pins again, or drops its pages when a
 * bind job installed its own meanwhile). A userptr whose bind job has not
 * run yet is INVALID too, so an EXEC that does not wait for the bind still
 * runs on pages pinned for it. A range with no memory any more (munmap)
 * makes the userptr GONE: its leaves stay empty and EXEC goes on, as
 * upstream 6.12 does (its xe_vm_userptr_pin() invalidates the VMA on
 * -EFAULT and the EXEC succeeds); a GPU access there faults, or reads the
 * scratch page. Then, under the notifier lock for reading, EXEC checks that
 * no userptr became INVALID since, arms its job and adds the job's fence to
 * the VM's reservation object before it drops the lock; if one did, it
 * revalidates again. So a callback either sees the job's fence and waits
 * for it, or the job sees the userptr INVALID and does not run on stale
 * pages.
 *
 * UNMAP, a bind over part of the range and VM close take the userptr out
 * of the VA tree in the ioctl: it is *unbound* (out of the VM's list, its
 * notifier changes no leaf any more, as those belong to the bind jobs from
 * then on). A bind over part of the range makes the pieces left userptrs
 * of their own, pinned again in the ioctl and written by the job, as
 * upstream rebinds them. The job that clears the old leaves holds the old
 * userptr, and with it its pinned pages, until it is freed: until then the
 * GPU may still reach those pages, never memory given back. A userptr is
 * reference counted (the VA tree, each bind range that writes or clears
 * its leaves); the last reference removes the notifier and unpins, from
 * the bind workqueue, as a scheduler's worker may not wait for a callback
 * (which may wait for a job behind that worker's next bind). Migration
 * needs nothing: the pages are guest RAM and the IOVAs belong to the guest
 * slot's DMA domain, which moves with the VM (`xesim DMA isolation`).
 *
 * Fault mode (`xevf page faults`): a MAP_USERPTR without IMMEDIATE pins
 * and stages its pages in the ioctl as any other, but no job writes its
 * leaves; the page-fault handler does, with xevf_userptr_fault() (the
 * staged pages if still current, else the pages pinned again, under
 * &xevf_vm.lock). EXEC pins nothing. The notifier callback does not wait
 * for the VM's jobs (one may be stalled on a fault whose handler needs
 * the mmap lock the callback's caller holds): it empties the leaves at
 * once, and the next GPU access faults and pins the pages again, as
 * upstream zaps the PTEs of a faulting VM. The old pages stay mapped for
 * the device until the release work unmaps them from the DMA domain, which
 * a device access in flight holds off; only then are they unpinned.
 *
 * Locking, outermost first: &xevf_vm.lock (a bind's steps or EXEC's pin),
 * the mm's mmap_lock (pinning), then a notifier callback's
 * &xevf_userptr_vm.notifier_lock. A bind job: &xevf_vm.pt_lock, then the
 * notifier lock (never &xevf_vm.lock); VM close: &xevf_vm.lock,
 * &xevf_vm.pt_lock, the notifier lock. EXEC: the VM's reservation lock,
 * then &xevf_exec_queue.submit_lock, then the notifier lock (read). The
 * notifier lock is the innermost: held only to change states, swap page
 * sets, write leaves with xevf_pt_update() (the tables of a userptr are
 * allocated at bind, under &xevf_vm.lock) and, in EXEC, to arm and publish
 * a job; never around an allocation, a fence wait or a device access,
 * because callbacks run from reclaim. Lockdep is told so at VM creation
 * (the lock is taken inside a reclaim section once). The DMA unmap (which
 * may wait for a frozen slot) is in the release work, outside every lock.
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
	if (p->iova && xevf_device_hw_enter(xe)) {
		xesim_dma_unmap(xe->xdev, p->iova, p->npages);
		xevf_device_hw_exit(xe);
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
		/* unbound: its leaves belong to the bind jobs, its pages to it */
		if (up->unbound)
			return true;
		if (up->state != XEVF_USERPTR_INVALID) {
			up->state = XEVF_USERPTR_INVALID;
			if (!list_empty(&up->link))
				vm->userptr.invalid++;
		}
	}
	/*
	 * No new job starts on the VM now; wait for those that did. Not in
	 * fault mode: a job may be stalled on a fault whose handler pins
	 * pages under the mmap lock this callback's caller may hold; the
	 * leaves go now, and the next access faults again.
	 */
	if (!(vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE))
		dma_resv_wait_timeout(drm_gpuvm_resv(&vm->gpuvm), DMA_RESV_USAGE_BOOKKEEP,
				      false, MAX_SCHEDULE_TIMEOUT);
	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		p = up->unbound ? NULL : up->pages;
		if (p) {
			up->pages = NULL;
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
		goto err_free_pages;
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
		goto err_unpin;
	}
	err = xesim_dma_map(up->vm->xe->xdev, p->pages, npages, &p->iova);
	if (err)
		goto err_unpin;
	*out = p;
	return 0;
err_unpin:
	unpin_user_pages(p->pages, done);
err_free_pages:
	kvfree(p->pages);
	kfree(p);
	return err;
}

/* write the leaves of @p; the notifier lock held */
static void xevf_userptr_write_pages(struct xevf_userptr *up, struct xevf_userptr_pages *p)
{
	unsigned long i;

	for (i = 0; i < p->npages; i++)
		xevf_pt_update(up->vm, up->va.va.addr + i * XE_PAGE_SIZE,
			       xevf_pte_encode(p->iova + i * XE_PAGE_SIZE, false, up->readonly));
}

/*
 * Put @p in the leaves unless the range changed since @seq (-EAGAIN then),
 * or the userptr is no longer INVALID: its bind job installed pages
 * meanwhile, which jobs may run on; @p is freed then.
 */
static int xevf_userptr_install(struct xevf_userptr *up, struct xevf_userptr_pages *p,
				unsigned long seq)
{
	struct xevf_vm *vm = up->vm;
	struct xevf_userptr_pages *old;

	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		if (mmu_interval_read_retry(&up->notifier, seq))
			return -EAGAIN;
		if (up->state != XEVF_USERPTR_INVALID) {
			old = p;
			break;
		}
		xevf_userptr_write_pages(up, p);
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
		/* its bind job installed pages meanwhile */
		if (up->state != XEVF_USERPTR_INVALID)
			return 0;
		xevf_userptr_zap(up);
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

static void xevf_userptr_destroy_work(struct work_struct *work)
{
	struct xevf_userptr *up = container_of(work, struct xevf_userptr, destroy);
	struct xevf_vm *vm = up->vm;
	struct drm_device *drm = &vm->xe->drm;
	LIST_HEAD(dead);

	/* waits for a callback in progress; none runs after it */
	if (up->inserted)
		mmu_interval_notifier_remove(&up->notifier);
	cancel_work_sync(&up->release);
	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		if (up->pages)
			list_add_tail(&up->pages->link, &dead);
		up->pages = NULL;
		if (up->staged)
			list_add_tail(&up->staged->link, &dead);
		up->staged = NULL;
		list_splice_init(&up->dead, &dead);
	}
	xevf_userptr_free_list(up, &dead);
	kfree(up);
	xevf_vm_put(vm);
	/* after the VM: its last put reaches the device */
	drm_dev_put(drm);
}

static void xevf_userptr_release(struct kref *ref)
{
	struct xevf_userptr *up = container_of(ref, struct xevf_userptr, refcount);

	INIT_WORK(&up->destroy, xevf_userptr_destroy_work);
	xevf_vm_bind_defer(&up->destroy);
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
 * @vm: the VM; the userptr holds a reference.
 * @mm: the address space of the range.
 * @addr: the CPU address, page aligned.
 * @range: the size, page aligned, non-zero.
 * @readonly: no GPU writes.
 * @out: out: the userptr, with one reference.
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
	kref_init(&up->refcount);
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
	xevf_vm_get(vm);
	drm_dev_get(&vm->xe->drm);
	*out = up;
	return 0;
}

/**
 * xevf_userptr_stage() - Pin the pages of a userptr before its VA is mapped,
 * for its bind job to install.
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
 * xevf_userptr_get() - Take a reference on a userptr.
 * @up: the userptr.
 *
 * Return: @up.
 */
struct xevf_userptr *xevf_userptr_get(struct xevf_userptr *up)
{
	kref_get(&up->refcount);
	return up;
}

/**
 * xevf_userptr_put() - Drop a reference on a userptr; the last one removes
 * its notifier and unpins its pages, from the bind workqueue.
 * @up: the userptr, unbound (or never in the VA tree) before its last
 *      reference goes.
 *
 * Context: any context that may sleep; no lock of the VM needed.
 */
void xevf_userptr_put(struct xevf_userptr *up)
{
	kref_put(&up->refcount, xevf_userptr_release);
}

/**
 * xevf_userptr_of() - The userptr of a VA (flag XEVF_VA_USERPTR).
 * @va: the VA.
 *
 * Return: the userptr @va is the mapping of.
 */
struct xevf_userptr *xevf_userptr_of(struct drm_gpuva *va)
{
	return to_userptr(va);
}

/**
 * xevf_userptr_va() - The VA of a userptr, for the VA tree.
 * @up: the userptr.
 *
 * Return: its &drm_gpuva.
 */
struct drm_gpuva *xevf_userptr_va(struct xevf_userptr *up)
{
	return &up->va;
}

/**
 * xevf_userptr_bind() - Count a userptr just put in the VA tree as one of
 * the VM's, INVALID until its bind job (or an EXEC) installs its pages.
 * @up: the userptr, its VA in the tree; the tree takes over the reference
 *      of xevf_userptr_create().
 *
 * Context: process context; the VM's lock held.
 */
void xevf_userptr_bind(struct xevf_userptr *up)
{
	struct xevf_vm *vm = up->vm;

	lockdep_assert_held(&vm->lock);
	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		list_add_tail(&up->link, &vm->userptr.list);
		if (up->state == XEVF_USERPTR_INVALID)
			vm->userptr.invalid++;
	}
}

/**
 * xevf_userptr_unbind() - A userptr's VA left the VA tree for good: it is
 * no longer the VM's, and neither its notifier nor EXEC writes its leaves
 * again. Drops the VA tree's reference.
 * @up: the userptr, bound with xevf_userptr_bind().
 *
 * Context: process context; the VM's lock held (and maybe its pt_lock).
 */
void xevf_userptr_unbind(struct xevf_userptr *up)
{
	struct xevf_vm *vm = up->vm;

	lockdep_assert_held(&vm->lock);
	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		if (!list_empty(&up->link)) {
			list_del_init(&up->link);
			if (up->state == XEVF_USERPTR_INVALID)
				vm->userptr.invalid--;
		}
		up->unbound = true;
	}
	xevf_userptr_put(up);
}

/**
 * xevf_userptr_split() - A userptr for a piece of a userptr that a bind
 * cuts, its pages pinned for its bind job.
 * @old: the userptr cut.
 * @map: the piece, from drm_gpuvm's remap step.
 * @out: out: the piece, with one reference (for the VA tree).
 *
 * A piece whose range has no memory any more gets no pages: its bind job
 * empties its leaves and the next EXEC makes it GONE.
 *
 * Context: process context; the VM's lock held.
 * Return: 0, -ENOMEM, -EFAULT when the address space is gone, or a bus
 * error.
 */
int xevf_userptr_split(struct xevf_userptr *old, struct drm_gpuva_op_map *map,
		       struct xevf_userptr **out)
{
	struct xevf_userptr *up;
	int err;

	err = xevf_userptr_create(old->vm, old->notifier.mm, map->gem.offset, map->va.range,
				  old->readonly, &up);
	if (err)
		return err;
	err = xevf_userptr_stage(up);
	if (err && err != -EFAULT) {
		xevf_userptr_put(up);
		return err;
	}
	*out = up;
	return 0;
}

/**
 * xevf_userptr_write() - A bind job's write of a userptr's leaves, from its
 * state now: the staged pages if the userptr is still INVALID and its range
 * did not change since they were pinned, the installed pages if it is
 * VALID, empty leaves otherwise (see `xevf userptr`).
 * @up: the userptr (a reference of the job's).
 *
 * Context: a bind job, &xevf_vm.pt_lock held; allocates nothing, takes the
 * notifier lock, never &xevf_vm.lock.
 */
void xevf_userptr_write(struct xevf_userptr *up)
{
	struct xevf_vm *vm = up->vm;
	struct xevf_userptr_pages *p;

	lockdep_assert_held(&vm->pt_lock);
	scoped_guard(rwsem_write, &vm->userptr.notifier_lock) {
		if (up->unbound)
			return;
		p = up->staged;
		up->staged = NULL;
		if (up->state == XEVF_USERPTR_VALID) {
			xevf_userptr_write_pages(up, up->pages);
		} else if (up->state == XEVF_USERPTR_INVALID && p &&
			   !mmu_interval_read_retry(&up->notifier, up->staged_seq)) {
			xevf_userptr_write_pages(up, p);
			up->pages = p;
			p = NULL;
			up->state = XEVF_USERPTR_VALID;
			if (!list_empty(&up->link))
				vm->userptr.invalid--;
		} else {
			/* pinned before an invalidation, or nothing: no stale leaf */
			xevf_userptr_zap(up);
		}
		if (p)
			list_add_tail(&p->link, &up->dead);
	}
	/* not here: the DMA unmap may wait for a frozen slot */
	if (p)
		queue_work(system_wq, &up->release);
}

/**
 * xevf_userptr_fault() - The page-fault handler's bind of a userptr: its
 * leaves written from its pages (the staged ones while still current,
 * else pinned again now).
 * @up: the userptr, in its VM's VA tree.
 *
 * Context: process context, &xevf_vm.lock held; takes &xevf_vm.pt_lock,
 * then the notifier lock; pins pages (may sleep, takes the mmap lock).
 * Return: 0 once the leaves point at the pages; -EFAULT when the range has
 * no memory (GONE), -ENOENT for a closed VM, -ENOMEM, -ERESTARTSYS.
 */
int xevf_userptr_fault(struct xevf_userptr *up)
{
	struct xevf_vm *vm = up->vm;
	int err;

	lockdep_assert_held(&vm->lock);
	scoped_guard(mutex, &vm->pt_lock) {
		if (vm->pt_closed)
			return -ENOENT;
		xevf_userptr_write(up);
	}
	if (READ_ONCE(up->state) == XEVF_USERPTR_INVALID) {
		err = xevf_userptr_repin(up);
		if (err)
			return err;
	}
	return READ_ONCE(up->state) == XEVF_USERPTR_VALID ? 0 : -EFAULT;
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
