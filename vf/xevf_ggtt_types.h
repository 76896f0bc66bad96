/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GGTT_TYPES_H_
#define _XEVF_GGTT_TYPES_H_

#include <drm/drm_mm.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

/**
 * struct xevf_ggtt - The VF's part of the GGTT address space.
 */
struct xevf_ggtt {
	/**
	 * @lock: protects @mm, @kbos, the PTEs, the address fields the rebase
	 * hooks write, and changes of @base.
	 */
	struct mutex lock;
	/**
	 * @mm: the allocator over [0, @size): node offsets are relative to
	 * @base, so a migration moves every node by changing @base alone.
	 */
	struct drm_mm mm;
	/**
	 * @base: the GGTT address of offset 0, the start of the VF's range;
	 * written under @lock, read with READ_ONCE().
	 */
	u64 base;
	/** @size: bytes of the range the allocator manages. */
	u64 size;
	/** @kbos: every &struct xevf_kbo, for debugfs and the recovery. */
	struct list_head kbos;
	/** @pte_writes: PTEs written (debugfs). */
	u64 pte_writes;
	/** @pte_rewrites: PTEs written again after a migration raced them. */
	u64 pte_rewrites;
	/** @shifts: changes of @base (debugfs). */
	u64 shifts;
	/** @rebased: rebase hooks run (debugfs). */
	u64 rebased;
};

struct xevf_kbo;

/**
 * typedef xevf_kbo_rebase_fn - Rewrite the GGTT addresses a kernel buffer
 * holds in its own memory (a context image's ring and status page).
 * @kbo: the buffer.
 *
 * Called with &xevf_ggtt.lock held, when the hook is set and after every
 * change of &xevf_ggtt.base; it computes the addresses from the buffer's
 * node, so it is idempotent. It must not sleep or allocate.
 */
typedef void (*xevf_kbo_rebase_fn)(struct xevf_kbo *kbo);

/**
 * struct xevf_kbo - A kernel buffer: system memory pages, mapped into the
 * VF's DMA domain, the GGTT and the kernel's address space.
 *
 * Its GGTT address is &xevf_ggtt.base plus @node.start, computed when
 * needed and never copied into another structure (`xevf GGTT rule`).
 */
struct xevf_kbo {
	/** @link: entry in &xevf_ggtt.kbos. */
	struct list_head link;
	/** @node: the GGTT node, relative to &xevf_ggtt.base. */
	struct drm_mm_node node;
	/** @ggtt: the GGTT the node is in. */
	struct xevf_ggtt *ggtt;
	/** @rebase: the buffer's rebase hook, or NULL. */
	xevf_kbo_rebase_fn rebase;
	/** @owner: what the rebase hook works on. */
	void *owner;
	/**
	 * @pte_stale: a migration may have raced the PTE writes of the
	 * mapping, which then went to the old range and were dropped; the
	 * next GGTT shift writes them again. Under &xevf_ggtt.lock.
	 */
	bool pte_stale;
	/** @name: what the buffer is for (debugfs). */
	const char *name;
	/** @pages: the pages. */
	struct page **pages;
	/** @npages: how many. */
	unsigned int npages;
	/** @iova: the DMA address of the first page; the range is contiguous. */
	dma_addr_t iova;
	/** @vaddr: the kernel mapping. */
	void *vaddr;
};

#endif
