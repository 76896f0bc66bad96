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
 * @read32: read register @reg; 0 or a negative errno.
 * @write32: write @val to register @reg; 0 or a negative errno.
 */
struct xepf_guc_mmio_ops {
	int (*read32)(void *priv, u32 reg, u32 *val);
	int (*write32)(void *priv, u32 reg, u32 val);
};

/**
 * struct xepf_guc_mmio - The PF's MMIO channel to the GuC: one request at a
 * time through the SOFT_SCRATCH registers.
 * @dev: device to log against.
 * @ops: register access.
 * @priv: cookie for @ops.
 * @lock: one request at a time.
 * @timeout_ms: how long a reply may take (50 ms).
 * @busy_timeout_ms: how long after a busy reply (2 s).
 * @max_retries: how often a retry reply resends.
 */
struct xepf_guc_mmio {
	struct device *dev;
	const struct xepf_guc_mmio_ops *ops;
	void *priv;
	struct mutex lock;	/* see kernel-doc */
	unsigned int timeout_ms;
	unsigned int busy_timeout_ms;
	unsigned int max_retries;
};

#endif
