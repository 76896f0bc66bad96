/* SPDX-License-Identifier: MIT */
/*
 * The ioctl entry point of the IGT-compatible harness, under IGT's name (ioctl_wrappers.h).
 */
#ifndef IOCTL_WRAPPERS_H
#define IOCTL_WRAPPERS_H

/*
 * igt_ioctl - what do_ioctl() and do_ioctl_err() call: ioctl(2), restarted when interrupted
 * (EINTR) or asked to retry (EAGAIN), as libdrm's drmIoctl() does. A pointer, so that a test
 * can interpose on every ioctl it makes.
 */
extern int (*igt_ioctl)(int fd, unsigned long request, void *arg);

#endif /* IOCTL_WRAPPERS_H */
