/* SPDX-License-Identifier: MIT */
/*
 * DRM device helpers of the IGT-compatible harness, under IGT's names (drmtest.h).
 */
#ifndef DRMTEST_H
#define DRMTEST_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>

#include "igt_core.h"

/* Driver masks for drm_open_driver(); the values are IGT's. */
#define DRIVER_INTEL	0x01
#define DRIVER_VGEM	0x04
#define DRIVER_XE	0x80
/* Any driver these helpers know, except the software-only vgem (as IGT's DRIVER_ANY). */
#define DRIVER_ANY	(~DRIVER_VGEM)

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))

int __drm_open_driver(int chipset);
int drm_open_driver(int chipset);
int drm_close_driver(int fd);
bool is_xe_device(int fd);
void igt_require_xe(int fd);

/* do_or_die() - asserts that @x, a call returning 0 on success, succeeds. */
#define do_or_die(x) igt_assert((x) == 0)

/* do_ioctl() - asserts that the ioctl succeeds. */
#define do_ioctl(fd, ioc, ioc_data) \
	do { \
		igt_assert_eq(igt_ioctl((fd), (ioc), (ioc_data)), 0); \
		errno = 0; \
	} while (0)

/* do_ioctl_err() - asserts that the ioctl fails with errno @err. */
#define do_ioctl_err(fd, ioc, ioc_data, err) \
	do { \
		igt_assert_eq(igt_ioctl((fd), (ioc), (ioc_data)), -1); \
		igt_assert_eq(errno, (err)); \
		errno = 0; \
	} while (0)

#endif /* DRMTEST_H */
