/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of the PF's CT channel with the GuC.
 */

#ifndef _XEPF_GUC_CT_TYPES_H_
#define _XEPF_GUC_CT_TYPES_H_

#include <linux/types.h>

struct device;
struct page;
struct xesim_device;
struct xepf_guc_mmio;

#define XEPF_CT_PAGES	3

/**
 * struct xepf_guc_ct - The PF's CT channel: G2H events in, H2G registered
 * (as the GuC requires both) but not used.
 */
struct xepf_guc_ct {
	/** @dev: device to log against. */
	struct device *dev;
	/** @xdev: the PF. */
	struct xesim_device *xdev;
	/** @mmio: the MMIO channel that registers the CT. */
	struct xepf_guc_mmio *mmio;
	/** @pages: descriptors, H2G buffer, G2H buffer. */
	struct page *pages[XEPF_CT_PAGES];
	/** @iova: IOVA of @pages, consecutive. */
	dma_addr_t iova;
	/** @ggtt: GGTT address of @pages, consecutive. */
	u64 ggtt;
	/** @g2h_head: where the next G2H message starts, in dwords. */
	u32 g2h_head;
	/** @event: called for each G2H HXG message (@msg[0] its header). */
	void (*event)(void *priv, const u32 *msg, u32 len);
	/** @priv: cookie for @event. */
	void *priv;
	/** @enabled: the GuC accepted the channel. */
	bool enabled;
};

#endif
