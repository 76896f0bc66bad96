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
 * @dev: device to log against.
 * @xdev: the PF.
 * @mmio: the MMIO channel that registers the CT.
 * @pages: descriptors, H2G buffer, G2H buffer.
 * @iova: IOVA of @pages, consecutive.
 * @ggtt: GGTT address of @pages, consecutive.
 * @g2h_head: where the next G2H message starts, in dwords.
 * @event: called for each G2H HXG message (@msg[0] its header).
 * @priv: cookie for @event.
 * @enabled: the GuC accepted the channel.
 */
struct xepf_guc_ct {
	struct device *dev;
	struct xesim_device *xdev;
	struct xepf_guc_mmio *mmio;
	struct page *pages[XEPF_CT_PAGES];
	dma_addr_t iova;
	u64 ggtt;
	u32 g2h_head;
	void (*event)(void *priv, const u32 *msg, u32 len);
	void *priv;
	bool enabled;
};

#endif
