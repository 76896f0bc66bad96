/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GGTT_TYPES_H_
#define _XESIM_GGTT_TYPES_H_

#include <linux/spinlock.h>
#include <linux/types.h>

/**
 * struct xesim_ggtt_range - The GGTT addresses provisioned to one VF.
 */
struct xesim_ggtt_range {
	/** @start: first GGTT address. */
	u64 start;
	/** @size: size in bytes; 0 when the VF has no GGTT. */
	u64 size;
};

/**
 * struct xesim_ggtt - The global graphics translation table of a GPU.
 */
struct xesim_ggtt {
	/** @size: size of the GGTT address space in bytes. */
	u64 size;
	/** @ptes: one PTE per 4 KiB page of @size. */
	u64 *ptes;
	/** @ranges: per VFID (index 0 unused), the VF's provisioned range. */
	struct xesim_ggtt_range *ranges;
	/** @lock: protects @ptes and @ranges. */
	spinlock_t lock;
};

#endif
