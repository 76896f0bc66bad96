/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_EXEC_QUEUE_H_
#define _XEVF_EXEC_QUEUE_H_

#include <linux/types.h>

struct drm_device;
struct drm_file;
struct kref;
struct xevf_device;
struct xevf_exec_queue;
struct xevf_file;
struct xevf_vm;

struct xevf_exec_queue *xevf_exec_queue_create(struct xevf_device *xe,
					       struct xevf_vm *vm, u16 class);
void xevf_exec_queue_kill(struct xevf_exec_queue *q);
void xevf_exec_queue_release(struct kref *ref);
void xevf_exec_queue_put(struct xevf_exec_queue *q);
struct xevf_exec_queue *xevf_exec_queue_lookup(struct drm_file *file, u32 id);
int xevf_exec_queue_check_bind(struct drm_file *file, u32 id);
void xevf_exec_queue_file_close(struct xevf_file *xef);
int xevf_exec_queue_create_ioctl(struct drm_device *drm, void *data,
				 struct drm_file *file);
int xevf_exec_queue_destroy_ioctl(struct drm_device *drm, void *data,
				  struct drm_file *file);

int xevf_exec_queue_get_property_ioctl(struct drm_device *drm, void *data,
				       struct drm_file *file);

#endif
