/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of the PF's MMIO channel to the GuC.
 */

#ifndef _XEPF_GUC_MMIO_TYPES_H_
#define _XEPF_GUC_MMIO_TYPES_H_

#include <linux/mutex.h>
#include <linux/types.h>

struct device;

/**
 * struct xepf_guc_mmio_ops - Register access of the channel.
 */
struct xepf_guc_mmio_ops {
	/** @read32: read register @reg; 0 or a negative errno. */
	int (*read32)(void *priv, u32 reg, u32 *val);
	/** @write32: write @val to register @reg; 0 or a negative errno. */
	int (*write32)(void *priv, u32 reg, u32 val);
};

/**
 * struct xepf_guc_mmio - The PF's MMIO channel to the GuC: one request at a
 * time through the SOFT_SCRATCH registers.
 */
struct xepf_guc_mmio {
	/** @dev: device to log against. */
	struct device *dev;
	/** @ops: register access. */
	const struct xepf_guc_mmio_ops *ops;
	/** @priv: cookie for @ops. */
	void *priv;
	/** @lock: one request at a time. */
	struct mutex lock;
	/** @timeout_ms: how long a reply may take (50 ms). */
	unsigned int timeout_ms;
	/** @busy_timeout_ms: how long after a busy reply (2 s). */
	unsigned int busy_timeout_ms;
	/** @max_retries: how often a retry reply resends. */
	unsigned int max_retries;
};

#endif
