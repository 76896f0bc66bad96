/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_BUS_TYPES_H_
#define _XESIM_BUS_TYPES_H_

#include <linux/atomic.h>
#include <linux/device.h>

#include "xesim_driver.h"

/**
 * struct xesim_device - A device on the xesim bus: the base of a PCI
 * function (&struct xesim_fn) and of a guest slot (&struct xesim_slot).
 */
struct xesim_device {
	/** @dev: the driver core's device. */
	struct device dev;
	/** @type: PF, VF or guest slot. */
	enum xesim_device_type type;
	/**
	 * @bind_only: when set, the name of the only driver the device may
	 * bind to (in-kernel tests keep real drivers away with it).
	 */
	const char *bind_only;
};

/**
 * struct xesim_objects - Live object counts of the whole bus, for leak
 * checks in tests and in debugfs (``objects``).
 */
struct xesim_objects {
	/** @gpus: &struct xesim_gpu not yet freed. */
	atomic_t gpus;
	/** @fns: &struct xesim_fn not yet freed. */
	atomic_t fns;
	/** @slots: &struct xesim_slot not yet freed. */
	atomic_t slots;
	/** @dma_domains: &struct xesim_dma_domain not yet freed. */
	atomic_t dma_domains;
	/** @vram_pages: pages backing VRAM, on all GPUs. */
	atomic_long_t vram_pages;
	/** @dma_pages: page references held by DMA mappings, on all domains. */
	atomic_long_t dma_pages;
};

#endif
