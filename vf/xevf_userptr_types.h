/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_USERPTR_TYPES_H_
#define _XEVF_USERPTR_TYPES_H_

#include <drm/drm_gpuvm.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mmu_notifier.h>
#include <linux/rwsem.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct xevf_vm;

/**
 * enum xevf_userptr_state - Whether a userptr's pages are in its PTEs
 * (see `xevf userptr`).
 * @XEVF_USERPTR_INVALID: no pages installed; the next EXEC pins them.
 * @XEVF_USERPTR_VALID: pinned pages installed in the PTEs.
 * @XEVF_USERPTR_GONE: the range had no pages at the last pin; PTEs empty,
 *	nothing pinned, and no EXEC tries again until the next invalidation.
 */
enum xevf_userptr_state {
	XEVF_USERPTR_INVALID,
	XEVF_USERPTR_VALID,
	XEVF_USERPTR_GONE,
};

/**
 * struct xevf_userptr_pages - One pinning of a userptr's range.
 */
struct xevf_userptr_pages {
	/** @pages: the pinned pages, one per 4 KiB of the range. */
	struct page **pages;
	/** @npages: the number of pages. */
	unsigned long npages;
	/** @iova: where the device reaches the first page; the others follow. */
	dma_addr_t iova;
	/** @link: entry in &xevf_userptr.dead, once taken out of the PTEs. */
	struct list_head link;
};

/**
 * struct xevf_userptr - A userptr mapping (MAP_USERPTR) of a VM: the VA,
 * the CPU range it mirrors and the pages pinned for it.
 */
struct xevf_userptr {
	/** @va: the mapping; &drm_gpuva.gem.offset is the CPU address. */
	struct drm_gpuva va;
	/** @vm: the VM (a reference). */
	struct xevf_vm *vm;
	/**
	 * @refcount: held by the VA tree while the userptr is bound and by
	 * each bind range that writes or clears its leaves.
	 */
	struct kref refcount;
	/** @notifier: tells of changes to the CPU range. */
	struct mmu_interval_notifier notifier;
	/**
	 * @link: entry in &xevf_userptr_vm.list while bound, under &xevf_vm.lock
	 * and the notifier lock.
	 */
	struct list_head link;
	/** @readonly: pinned without FOLL_WRITE, PTEs without XE_PAGE_RW. */
	bool readonly;
	/** @inserted: @notifier is registered. */
	bool inserted;
	/**
	 * @unbound: out of the VA tree: neither the notifier nor EXEC writes
	 * its leaves any more; under the notifier lock.
	 */
	bool unbound;
	/** @state: &enum xevf_userptr_state, under the notifier lock. */
	enum xevf_userptr_state state;
	/** @pages: the pages in the PTEs, or NULL; under the notifier lock. */
	struct xevf_userptr_pages *pages;
	/**
	 * @staged: pages pinned at VM_BIND, set under &xevf_vm.lock before
	 * the bind job is pushed; taken (installed or dropped) by the job
	 * under the notifier lock.
	 */
	struct xevf_userptr_pages *staged;
	/** @staged_seq: the notifier sequence @staged was pinned at. */
	unsigned long staged_seq;
	/** @dead: pages out of the PTEs, to unmap and unpin (@release). */
	struct list_head dead;
	/** @release: unmaps and unpins @dead outside the notifier. */
	struct work_struct release;
	/** @destroy: the last reference's teardown, on the bind workqueue. */
	struct work_struct destroy;
};

/**
 * struct xevf_userptr_vm - The userptr state of a VM.
 */
struct xevf_userptr_vm {
	/**
	 * @notifier_lock: taken for writing by the notifiers and to install
	 * pages, for reading by EXEC from its check to its fence; never held
	 * around an allocation or a wait.
	 */
	struct rw_semaphore notifier_lock;
	/** @list: every &struct xevf_userptr of the VM, under &xevf_vm.lock. */
	struct list_head list;
	/** @invalid: userptrs in XEVF_USERPTR_INVALID, under @notifier_lock. */
	unsigned int invalid;
};

#endif
