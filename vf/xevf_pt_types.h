/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_PT_TYPES_H_
#define _XEVF_PT_TYPES_H_

#include <linux/types.h>

struct page;

/**
 * struct xevf_pt - One page-table page of a ppGTT, in system memory.
 */
struct xevf_pt {
	/** @page: the table's page. */
	struct page *page;
	/** @iova: its DMA address in the slot's domain. */
	dma_addr_t iova;
	/** @entries: the 512 little-endian entries, CPU view. */
	__le64 *entries;
	/** @children: the next-level tables (levels 1 to 3), NULL = empty. */
	struct xevf_pt **children;
	/** @level: 3 (PML4) to 0 (PT). */
	unsigned int level;
};

#endif
