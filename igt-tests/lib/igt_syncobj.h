/* SPDX-License-Identifier: MIT */
/*
 * DRM sync objects, under the names of IGT's sync object helpers, on the raw ioctls.
 */
#ifndef IGT_SYNCOBJ_H
#define IGT_SYNCOBJ_H

#include <stdbool.h>

#include <linux/types.h>

#include <drm.h>

__u32 syncobj_create(int fd, __u32 flags);
int __syncobj_destroy(int fd, __u32 handle);
void syncobj_destroy(int fd, __u32 handle);
int __syncobj_wait(int fd, struct drm_syncobj_wait *args);
int syncobj_wait_err(int fd, __u32 *handles, __u32 count, __u64 abs_timeout_nsec,
		     __u32 flags);
bool syncobj_wait(int fd, __u32 *handles, __u32 count, __u64 abs_timeout_nsec, __u32 flags,
		  __u32 *first_signaled);
void syncobj_reset(int fd, __u32 *handles, __u32 count);
int syncobj_fence_status(int fd, __u32 syncobj, int *status);

#endif /* IGT_SYNCOBJ_H */
