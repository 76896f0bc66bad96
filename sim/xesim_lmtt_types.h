/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_LMTT_TYPES_H_
#define _XESIM_LMTT_TYPES_H_

#include <linux/spinlock.h>
#include <linux/types.h>

/**
 * struct xesim_lmtt_table - The LMTT of one VF: where each page of its
 * local memory lives in VRAM.
 */
struct xesim_lmtt_table {
	/** @chunks: VRAM chunk (in XE_LMTT_PAGE_SIZE units) per VF chunk. */
	u32 *chunks;
	/** @count: entries in @chunks; the VF has @count chunks of LMEM. */
	u32 count;
};

/**
 * struct xesim_lmtt - Local memory translation of a GPU: the VRAM chunk
 * allocator and the per-VF tables.
 */
struct xesim_lmtt {
	/** @nr_chunks: VRAM size in XE_LMTT_PAGE_SIZE chunks. */
	u32 nr_chunks;
	/** @used: bitmap of the chunks that belong to a VF. */
	unsigned long *used;
	/** @tables: per VFID (index 0 unused), the VF's table. */
	struct xesim_lmtt_table *tables;
	/** @lock: protects @used and @tables. */
	spinlock_t lock;
};

#endif
