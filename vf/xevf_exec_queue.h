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

/* exec queue priorities, as upstream's uAPI numbers them */
#define XEVF_EXEC_QUEUE_PRIORITY_LOW		0
#define XEVF_EXEC_QUEUE_PRIORITY_NORMAL		1
#define XEVF_EXEC_QUEUE_PRIORITY_HIGH		2
/* the time slice of a queue, microseconds: default and the range a user may set */
#define XEVF_EXEC_QUEUE_TIMESLICE_DEFAULT_US	1000
#define XEVF_EXEC_QUEUE_TIMESLICE_MIN_US	1
#define XEVF_EXEC_QUEUE_TIMESLICE_MAX_US	(10 * 1000 * 1000)
/* the preemption timeout every queue gets, microseconds (upstream's class default) */
#define XEVF_EXEC_QUEUE_PREEMPT_TIMEOUT_US	(640 * 1000)

/**
 * struct xevf_exec_queue_props - What a user may set on a queue at creation.
 * @priority: XEVF_EXEC_QUEUE_PRIORITY_*.
 * @timeslice_us: the time slice, microseconds.
 */
struct xevf_exec_queue_props {
	u32 priority;
	u32 timeslice_us;
};

struct xevf_exec_queue *xevf_exec_queue_create(struct xevf_device *xe,
					       struct xevf_vm *vm, u16 class);
struct xevf_exec_queue *xevf_exec_queue_create_props(struct xevf_device *xe,
						     struct xevf_vm *vm, u16 class,
						     const struct xevf_exec_queue_props *props);
int xevf_exec_queue_max_priority(void);
void xevf_exec_queue_kill(struct xevf_exec_queue *q);
void xevf_exec_queue_release(struct kref *ref);
void xevf_exec_queue_put(struct xevf_exec_queue *q);
struct xevf_exec_queue *xevf_exec_queue_lookup(struct drm_file *file, u32 id);
struct xevf_exec_queue *xevf_exec_queue_lookup_bind(struct drm_file *file, u32 id);
void xevf_exec_queue_file_close(struct xevf_file *xef);
int xevf_exec_queue_create_ioctl(struct drm_device *drm, void *data,
				 struct drm_file *file);
int xevf_exec_queue_destroy_ioctl(struct drm_device *drm, void *data,
				  struct drm_file *file);

int xevf_exec_queue_get_property_ioctl(struct drm_device *drm, void *data,
				       struct drm_file *file);

#endif
