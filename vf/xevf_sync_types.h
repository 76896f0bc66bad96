/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_SYNC_TYPES_H_
#define _XEVF_SYNC_TYPES_H_

#include <linux/types.h>

struct dma_fence;
struct dma_fence_chain;
struct drm_syncobj;

/**
 * struct xevf_sync_entry - One &struct drm_xe_sync of an ioctl, parsed.
 */
struct xevf_sync_entry {
	/** @syncobj: the syncobj of a (timeline) syncobj sync. */
	struct drm_syncobj *syncobj;
	/** @fence: the fence to wait for (wait syncs). */
	struct dma_fence *fence;
	/** @chain_fence: preallocated point of a timeline signal. */
	struct dma_fence_chain *chain_fence;
	/** @addr: the address of a user fence. */
	u64 addr;
	/** @timeline_value: timeline point, or the user fence value. */
	u64 timeline_value;
	/** @type: DRM_XE_SYNC_TYPE_*. */
	u32 type;
	/** @flags: DRM_XE_SYNC_FLAG_*. */
	u32 flags;
};

#endif
