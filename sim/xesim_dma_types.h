/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_DMA_TYPES_H_
#define _XESIM_DMA_TYPES_H_

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

/**
 * struct xesim_dma_domain - An IOMMU domain: the system memory a function
 * may reach, by I/O virtual address.
 */
struct xesim_dma_domain {
	/** @pages: IOVA page number to the mapped &struct page (referenced). */
	struct xarray pages;
	/** @lock: serializes map and unmap. */
	struct mutex lock;
	/** @next_pfn: first IOVA page number never handed out. */
	u64 next_pfn;
	/** @mapped: pages now mapped. */
	unsigned long mapped;
};

#endif
