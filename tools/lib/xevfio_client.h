/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small VFIO client for the VFIO devices of xesim VFs: opens a VF's
 * device through the VFIO cdev and iommufd, and drives its migration state,
 * data files and reset through the VFIO uAPI only. Shared by the VMM-role
 * program (tools/xevfio-migrate) and the VM tests (igt-tests/vfio_*.c).
 */

#ifndef XEVFIO_CLIENT_H
#define XEVFIO_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

struct vfio_device_info;

/* Where the xesim bus lives in sysfs. */
#define XEVFIO_SYSFS_BUS	"/sys/bus/xesim"

/**
 * struct xevfio_dev - An open VFIO device of one xesim VF.
 * @gpu: the GPU number N of xesimN.
 * @vf: the VF number M of xesimN.vfM (1-based).
 * @iommufd: the iommufd the device is bound to; opened through the group
 *           interface, the VFIO container.
 * @fd: the VFIO device file (/dev/vfio/devices/vfioK, or from the group).
 * @ioas: the IO address space the device is attached to (cdev only).
 * @group: the VFIO group file (/dev/vfio/G), or -1 (cdev).
 */
struct xevfio_dev {
	int gpu;
	int vf;
	int iommufd;
	int fd;
	__u32 ioas;
	int group;
};

int xevfio_dev_cdev(int gpu, int vf, char *path, size_t len);
int xevfio_dev_open(struct xevfio_dev *dev, int gpu, int vf);
int xevfio_dev_open_group(struct xevfio_dev *dev, int gpu, int vf);
void xevfio_dev_close(struct xevfio_dev *dev);
int xevfio_dev_mig_flags(struct xevfio_dev *dev, __u64 *flags);
int xevfio_dev_get_state(struct xevfio_dev *dev, __u32 *state);
int xevfio_dev_set_state(struct xevfio_dev *dev, __u32 state, int *data_fd);
int xevfio_dev_data_size(struct xevfio_dev *dev, __u64 *size);
int xevfio_dev_reset(struct xevfio_dev *dev);
int xevfio_dev_info(struct xevfio_dev *dev, struct vfio_device_info *info);
const char *xevfio_state_name(__u32 state);

ssize_t xevfio_read_full(int fd, void *buf, size_t len);
int xevfio_write_full(int fd, const void *buf, size_t len);

int xevfio_sysfs_write(const char *path, const char *fmt, ...);
int xevfio_sysfs_read(const char *path, char *buf, size_t len);

#endif
