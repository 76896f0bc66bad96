/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_EXEC_H_
#define _XEVF_EXEC_H_

#include <linux/types.h>

struct dma_fence;
struct drm_device;
struct drm_file;
struct xevf_exec_queue;

struct dma_fence *xevf_exec_submit(struct xevf_exec_queue *q, u64 batch,
				   bool ufence, u64 ufence_addr, u64 ufence_value);
int xevf_exec_ioctl(struct drm_device *drm, void *data, struct drm_file *file);
int xevf_wait_user_fence_ioctl(struct drm_device *drm, void *data,
			       struct drm_file *file);

#endif
