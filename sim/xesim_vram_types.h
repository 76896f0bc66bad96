/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_VRAM_TYPES_H_
#define _XESIM_VRAM_TYPES_H_

#include <linux/atomic.h>
#include <linux/types.h>
#include <linux/xarray.h>

/**
 * struct xesim_vram - The device memory of a GPU, backed sparsely: a page
 * gets memory when it is first written or mapped; a page never written
 * reads as zeros.
 */
struct xesim_vram {
	/** @size: size of VRAM in bytes. */
	u64 size;
	/** @pages: VRAM page index to its backing &struct page. */
	struct xarray pages;
	/** @backed: pages in @pages. */
	atomic_long_t backed;
};

/* pages a driver's access brings along: a write of up to 64 KiB at once */
#define XESIM_VRAM_SPARE_PAGES	16

/**
 * struct xesim_vram_spare - Zeroed pages that a driver's VRAM access brings
 * along, so that the device allocates nothing inside the access.
 *
 * The caller fills it outside the access (xesim_vram_spare_fill()); a page
 * that needs backing inside the access takes one, and when none is left the
 * access stops with -EAGAIN after @done bytes so that the caller can leave
 * the access, fill again and go on from there. See `xesim VRAM`.
 */
struct xesim_vram_spare {
	/** @count: pages left in @pages, taken from the end. */
	unsigned int count;
	/** @done: bytes the last access completed before it stopped. */
	size_t done;
	/** @pages: the zeroed pages. */
	struct page *pages[XESIM_VRAM_SPARE_PAGES];
};

#endif
