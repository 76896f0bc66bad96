/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Register offsets, GGTT PTE bits and interrupt layouts of the simulated Xe
 * device. Numbers only: where upstream Xe has the number, the name and value
 * follow drivers/gpu/drm/xe/regs/ and xe_memirq_types.h.
 */

#ifndef _XESIM_ABI_XE_REGS_ABI_H_
#define _XESIM_ABI_XE_REGS_ABI_H_

#include <linux/bits.h>
#include <linux/sizes.h>

/**
 * DOC: xesim register map
 *
 * Every function (PF and VF) has its own 4 MiB MMIO register space; offsets
 * are those of upstream Xe. Registers not listed here read as 0 and drop
 * writes (both counted per function, see debugfs).
 *
 * - ``VF_SW_FLAG(n)``, n < 4: the scratch registers of the MMIO relay. Plain
 *   storage that the driver and the GuC model both read and write.
 * - ``GUC_HOST_INTERRUPT``: the doorbell that tells the GuC a message waits
 *   (write ``GUC_SEND_TRIGGER``). Reads as 0.
 * - ``GT_INTR_DW(0)``, ``IIR_REG_SELECTOR(0)``, ``INTR_IDENTITY_REG(0)``,
 *   ``GUC_SG_INTR_ENABLE``, ``GUC_SG_INTR_MASK``: the register-based report of
 *   the GuC interrupt vector, see `xesim interrupts`.
 */

#define XESIM_MMIO_SIZE			SZ_4M

#define GT_INTR_DW(x)			(0x190018 + (x) * 4)
#define   INTR_GUC			BIT(25)

#define GUC_SG_INTR_ENABLE		0x190038
#define GUC_SG_INTR_MASK		0x1900e8
#define   ENGINE1_MASK			GENMASK(31, 16)

#define INTR_IDENTITY_REG(x)		(0x190060 + (x) * 4)
#define   INTR_DATA_VALID		BIT(31)
#define   INTR_ENGINE_INSTANCE_MASK	GENMASK(25, 20)
#define   INTR_ENGINE_CLASS_MASK	GENMASK(18, 16)
#define   INTR_ENGINE_INTR_MASK		GENMASK(15, 0)
#define   INTR_ENGINE_CLASS_OTHER	4
#define   OTHER_GUC_INSTANCE		0

#define IIR_REG_SELECTOR(x)		(0x190070 + (x) * 4)

#define GUC_HOST_INTERRUPT		0x1901f0
#define   GUC_SEND_TRIGGER		BIT(0)

#define VF_SW_FLAG(n)			(0x190240 + (n) * 4)
#define VF_SW_FLAG_COUNT		4

/* GuC interrupt vector (one bit per cause) */
#define GUC_INTR_GUC2HOST		BIT(15)
#define GUC_INTR_SW_INT_0		BIT(0)

/* Xe VFs learn of a migration from SW_INT_0 */
#define GUC_INTR_VF_MIGRATED		GUC_INTR_SW_INT_0

/*
 * GGTT: one 64-bit PTE per 4 KiB page of the GGTT address space. The GuC
 * cannot reach GGTT addresses at or above GUC_GGTT_TOP.
 */
#define XE_GGTT_PAGE_SHIFT		12
#define XE_GGTT_PAGE_SIZE		BIT(XE_GGTT_PAGE_SHIFT)
#define XE_GGTT_PTE_SIZE		8
#define XE_GGTT_MAX_SIZE		SZ_4G
#define GUC_GGTT_TOP			0xfee00000ull

#define XE_PAGE_PRESENT			BIT_ULL(0)
#define XE_GGTT_PTE_DM			BIT_ULL(1)
#define GGTT_PTE_VFID			GENMASK_ULL(11, 2)
/* the sim keeps a 46-bit address; upstream defines no mask */
#define XE_GGTT_PTE_ADDR		GENMASK_ULL(45, 12)

/*
 * LMTT: VF local memory is mapped in pages of this size, so VF LMEM sizes
 * are multiples of it.
 */
#define XE_LMTT_PAGE_SIZE		SZ_64K

/*
 * Memory-based interrupts: one 4 KiB page in GGTT memory, laid out as in
 * upstream xe_memirq. The driver gives the GuC the address of the GuC's
 * byte in the source page (page + XE_MEMIRQ_SOURCE_OFFSET + ilog2(INTR_GUC))
 * and of the GuC's 16-byte vector in the status page
 * (page + XE_MEMIRQ_STATUS_OFFSET + ilog2(INTR_GUC) * 16); the device sets
 * a byte to XE_MEMIRQ_SET for each raised vector bit, then its source byte.
 */
#define XE_MEMIRQ_STATUS_OFFSET		0x0
#define XE_MEMIRQ_SOURCE_OFFSET		0x400
#define XE_MEMIRQ_ENABLE_OFFSET		0x440
#define XE_MEMIRQ_VECTOR_SIZE		16
#define XE_MEMIRQ_SET			0xff

#endif
