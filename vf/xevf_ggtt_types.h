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
	/** @lock: protects @mm, @kbos and the PTEs. */
	struct mutex lock;
	/** @mm: the allocator over the VF's range; its nodes are the truth. */
	struct drm_mm mm;
	/** @kbos: every &struct xevf_kbo, for debugfs and the recovery. */
	struct list_head kbos;
	/** @pte_writes: PTEs written (debugfs). */
	u64 pte_writes;
};

/**
 * struct xevf_kbo - A kernel buffer: system memory pages, mapped into the
 * VF's DMA domain, the GGTT and the kernel's address space.
 *
 * Its GGTT address is @node.start, read when needed and never copied into
 * another structure (`xevf GGTT rule`).
 */
struct xevf_kbo {
	/** @link: entry in &xevf_ggtt.kbos. */
	struct list_head link;
	/** @node: the GGTT node. */
	struct drm_mm_node node;
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
