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

#endif
