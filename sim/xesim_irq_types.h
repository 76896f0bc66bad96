/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_IRQ_TYPES_H_
#define _XESIM_IRQ_TYPES_H_

#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "xesim_driver.h"

struct xesim_device;

/**
 * struct xesim_irq_line - The message-signalled interrupt of a bus device:
 * a pending flag, an optional hold and the driver's handler.
 */
struct xesim_irq_line {
	/** @lock: protects all fields below except @work. */
	spinlock_t lock;
	/** @xdev: the device passed to @handler. */
	struct xesim_device *xdev;
	/** @handler: the bound driver's handler, or NULL. */
	xesim_irq_handler_t handler;
	/** @data: the cookie passed to @handler. */
	void *data;
	/** @pending: an MSI waits to be delivered. */
	bool pending;
	/** @held: delivery is held (frozen guest slot). */
	bool held;
	/** @work: runs @handler on the bus's interrupt workqueue. */
	struct work_struct work;
	/** @signalled: MSIs signalled on this line. */
	u64 signalled;
	/** @delivered: calls of @handler. */
	u64 delivered;
	/** @lost: MSIs signalled while no handler was requested. */
	u64 lost;
};

/**
 * struct xesim_irq - The GuC interrupt state of one function.
 */
struct xesim_irq {
	/** @lock: protects the register and memirq fields. */
	spinlock_t lock;
	/** @iir: GuC vector bits raised and not yet acknowledged. */
	u32 iir;
	/** @enable: GUC_SG_INTR_ENABLE. */
	u32 enable;
	/** @mask: GUC_SG_INTR_MASK. */
	u32 mask;
	/** @gt_intr_dw0: GT_INTR_DW(0). */
	u32 gt_intr_dw0;
	/** @selector: IIR_REG_SELECTOR(0). */
	u32 selector;
	/** @identity: INTR_IDENTITY_REG(0). */
	u32 identity;
	/** @memirq_source: GGTT address of the GuC's source byte, or 0. */
	u64 memirq_source;
	/** @memirq_status: GGTT address of the GuC's status vector, or 0. */
	u64 memirq_status;
	/** @line: the function's own MSI (PF, or VF without a guest slot). */
	struct xesim_irq_line line;
};

#endif
