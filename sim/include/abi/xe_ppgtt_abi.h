/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-process GTT (ppGTT) page-table entry format of the simulated Xe device.
 * Numbers only: names and values follow upstream
 * drivers/gpu/drm/xe/regs/xe_gtt_defs.h and xe_bo.h. See `xesim ppGTT walk`
 * in sim/xesim_ppgtt.c for how the device reads them.
 */

#ifndef _XESIM_ABI_XE_PPGTT_ABI_H_
#define _XESIM_ABI_XE_PPGTT_ABI_H_

#include <linux/bits.h>

/* 4 KiB pages, 512 eight-byte entries per table page, four levels. */
#define XE_PTE_SHIFT			12
#define XE_PAGE_SIZE			BIT(XE_PTE_SHIFT)
#define XE_PDE_SHIFT			(XE_PTE_SHIFT - 3)
#define XE_PDES				BIT(XE_PDE_SHIFT)
#define XE_PPGTT_LEVELS			4
#define XE_PPGTT_VA_BITS		48

/* Bits of a page-table entry at any level. */
#define XE_PAGE_PRESENT			BIT_ULL(0)
#define XE_PAGE_RW			BIT_ULL(1)
#define XE_PDE_64K			BIT_ULL(6)
#define XE_PDE_PS_2M			BIT_ULL(7)
#define XE_PDPE_PS_1G			BIT_ULL(7)
#define XE_PTE_NULL			BIT_ULL(9)
#define XE_PPGTT_PTE_DM			BIT_ULL(11)
#define XE_PTE_ADDR_MASK		GENMASK_ULL(51, 12)

#endif
