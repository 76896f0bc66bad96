/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_SYNC_H_
#define _XEVF_SYNC_H_

#include <linux/types.h>

struct dma_fence;
struct drm_file;
struct drm_sched_job;
struct drm_xe_sync;
struct xevf_device;
struct xevf_sync_entry;

/* parse flags */
#define XEVF_SYNC_PARSE_EXEC		BIT(0)
#define XEVF_SYNC_PARSE_LR_MODE		BIT(1)
#define XEVF_SYNC_PARSE_NO_UFENCE	BIT(2)

int xevf_sync_parse(struct xevf_device *xe, struct drm_file *file,
		    struct xevf_sync_entry *sync,
		    struct drm_xe_sync __user *user, unsigned int flags);
bool xevf_sync_is_signal(const struct xevf_sync_entry *sync);
bool xevf_sync_is_ufence(const struct xevf_sync_entry *sync);
int xevf_sync_wait(struct xevf_sync_entry *sync);
int xevf_sync_add_dep(struct xevf_sync_entry *sync, struct drm_sched_job *job);
void xevf_sync_signal(struct xevf_device *xe, struct xevf_sync_entry *sync,
		      struct dma_fence *fence);
void xevf_sync_cleanup(struct xevf_sync_entry *sync);

#endif
