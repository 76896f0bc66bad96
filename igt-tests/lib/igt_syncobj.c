// SPDX-License-Identifier: MIT
/*
 * DRM sync objects for the tests (see igt_syncobj.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define IGT_LOG_DOMAIN "syncobj"

#include <errno.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/sync_file.h>

#include "drmtest.h"
#include "igt_syncobj.h"
#include "ioctl_wrappers.h"

/**
 * syncobj_create() - create a sync object
 * @fd: the DRM device
 * @flags: DRM_SYNCOBJ_CREATE_* (DRM_SYNCOBJ_CREATE_SIGNALED)
 *
 * Return: its handle; fails the test if the kernel refuses.
 */
__u32 syncobj_create(int fd, __u32 flags)
{
	struct drm_syncobj_create create = { .flags = flags };

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &create);
	igt_assert(create.handle);
	return create.handle;
}

/**
 * __syncobj_destroy() - destroy a sync object
 * @fd: the DRM device
 * @handle: the sync object
 *
 * Return: 0 or the negative errno.
 */
int __syncobj_destroy(int fd, __u32 handle)
{
	struct drm_syncobj_destroy destroy = { .handle = handle };

	return igt_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &destroy) ? -errno : 0;
}

/**
 * syncobj_destroy() - destroy a sync object, or fail
 * @fd: the DRM device
 * @handle: the sync object
 */
void syncobj_destroy(int fd, __u32 handle)
{
	igt_assert_eq(__syncobj_destroy(fd, handle), 0);
}

/**
 * __syncobj_wait() - DRM_IOCTL_SYNCOBJ_WAIT
 * @fd: the DRM device
 * @args: the request
 *
 * Return: 0 or the negative errno (-ETIME on timeout).
 */
int __syncobj_wait(int fd, struct drm_syncobj_wait *args)
{
	return igt_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, args) ? -errno : 0;
}

/**
 * syncobj_wait_err() - wait for sync objects, returning the error
 * @fd: the DRM device
 * @handles: the sync objects
 * @count: how many
 * @abs_timeout_nsec: the deadline, CLOCK_MONOTONIC
 * @flags: DRM_SYNCOBJ_WAIT_FLAGS_*
 *
 * Return: 0 or the negative errno.
 */
int syncobj_wait_err(int fd, __u32 *handles, __u32 count, __u64 abs_timeout_nsec,
		     __u32 flags)
{
	struct drm_syncobj_wait wait = {
		.handles = (__u64)(uintptr_t)handles,
		.count_handles = count,
		.timeout_nsec = abs_timeout_nsec,
		.flags = flags,
	};

	return __syncobj_wait(fd, &wait);
}

/**
 * syncobj_wait() - wait for sync objects
 * @fd: the DRM device
 * @handles: the sync objects
 * @count: how many
 * @abs_timeout_nsec: the deadline, CLOCK_MONOTONIC
 * @flags: DRM_SYNCOBJ_WAIT_FLAGS_*
 * @first_signaled: NULL, or where to store the first signaled index
 *
 * Return: true when signaled, false on timeout; fails the test on any other error.
 */
bool syncobj_wait(int fd, __u32 *handles, __u32 count, __u64 abs_timeout_nsec, __u32 flags,
		  __u32 *first_signaled)
{
	struct drm_syncobj_wait wait = {
		.handles = (__u64)(uintptr_t)handles,
		.count_handles = count,
		.timeout_nsec = abs_timeout_nsec,
		.flags = flags,
	};
	int ret = __syncobj_wait(fd, &wait);

	if (ret == -ETIME)
		return false;
	igt_assert_eq(ret, 0);
	if (first_signaled)
		*first_signaled = wait.first_signaled;
	return true;
}

/**
 * syncobj_reset() - unsignal sync objects
 * @fd: the DRM device
 * @handles: the sync objects
 * @count: how many
 */
void syncobj_reset(int fd, __u32 *handles, __u32 count)
{
	struct drm_syncobj_array array = {
		.handles = (__u64)(uintptr_t)handles,
		.count_handles = count,
	};

	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, &array);
}

/**
 * syncobj_fence_status() - the status of a sync object's fence, through a sync file
 * @fd: the DRM device
 * @syncobj: the sync object
 * @status: out: 1 signalled, 0 not yet, negative: the fence's error
 *
 * Return: 0, or a negative errno of the export or the query.
 */
int syncobj_fence_status(int fd, __u32 syncobj, int *status)
{
	struct drm_syncobj_handle h = {
		.handle = syncobj,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};
	struct sync_file_info info = {};
	int ret = 0;

	if (ioctl(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h))
		return -errno;
	if (ioctl(h.fd, SYNC_IOC_FILE_INFO, &info))
		ret = -errno;
	close(h.fd);
	*status = info.status;
	return ret;
}
