// SPDX-License-Identifier: GPL-2.0
/*
 * A small VFIO client for the VFIO devices of xesim VFs (see the header).
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/iommufd.h>
#include <linux/vfio.h>

#include "xevfio_client.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/**
 * xevfio_sysfs_write() - Write a formatted line to a sysfs file.
 * @path: the file.
 * @fmt: printf format of what to write.
 *
 * Return: 0 or a negative errno (of the open or of the write).
 */
int xevfio_sysfs_write(const char *path, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int fd, n, ret = 0;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(buf))
		return -EINVAL;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, buf, n) != n)
		ret = -errno ? -errno : -EIO;
	close(fd);
	return ret;
}

/**
 * xevfio_sysfs_read() - Read a sysfs (or debugfs) file, NUL-terminated.
 * @path: the file.
 * @buf: where to put it.
 * @len: size of @buf.
 *
 * The trailing newline is removed.
 *
 * Return: the length read or a negative errno.
 */
int xevfio_sysfs_read(const char *path, char *buf, size_t len)
{
	ssize_t n, got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((size_t)got < len - 1) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (!n)
			break;
		got += n;
	}
	close(fd);
	buf[got] = '\0';
	if (got && buf[got - 1] == '\n')
		buf[--got] = '\0';
	return got;
}

/**
 * xevfio_dev_cdev() - The VFIO cdev of an xesim VF.
 * @gpu: the GPU number.
 * @vf: the VF number.
 * @path: where to put "/dev/vfio/devices/vfioK".
 * @len: size of @path.
 *
 * Return: 0, -ENODEV when the VF has no VFIO device (no such VF, or xevfio
 * not bound), or another negative errno.
 */
int xevfio_dev_cdev(int gpu, int vf, char *path, size_t len)
{
	char dir[128];
	struct dirent *de;
	DIR *d;
	int ret = -ENODEV;

	snprintf(dir, sizeof(dir), XEVFIO_SYSFS_BUS "/devices/xesim%d.vf%d/vfio-dev",
		 gpu, vf);
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? -ENODEV : -errno;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "vfio", 4))
			continue;
		snprintf(path, len, "/dev/vfio/devices/%s", de->d_name);
		ret = 0;
		break;
	}
	closedir(d);
	return ret;
}

/* a device with nothing open, for xevfio_dev_close() at any point */
static void xevfio_dev_init(struct xevfio_dev *dev, int gpu, int vf)
{
	*dev = (struct xevfio_dev){
		.gpu = gpu, .vf = vf, .iommufd = -1, .fd = -1, .group = -1,
	};
}

/**
 * xevfio_dev_open() - Open the VFIO device of an xesim VF.
 * @dev: filled in.
 * @gpu: the GPU number.
 * @vf: the VF number.
 *
 * Opens the VF's cdev, binds it to a new iommufd and attaches it to a new
 * IO address space, as a VMM does before it uses a device.
 *
 * Return: 0 or a negative errno; on failure nothing stays open.
 */
int xevfio_dev_open(struct xevfio_dev *dev, int gpu, int vf)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = {
		.argsz = sizeof(attach),
	};
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	char path[64];
	int ret;

	xevfio_dev_init(dev, gpu, vf);

	ret = xevfio_dev_cdev(gpu, vf, path, sizeof(path));
	if (ret)
		return ret;
	dev->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0)
		goto err;
	dev->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (dev->iommufd < 0)
		goto err;
	bind.iommufd = dev->iommufd;
	if (ioctl(dev->fd, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		goto err;
	if (ioctl(dev->iommufd, IOMMU_IOAS_ALLOC, &alloc))
		goto err;
	dev->ioas = alloc.out_ioas_id;
	attach.pt_id = dev->ioas;
	if (ioctl(dev->fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach))
		goto err;
	return 0;

err:
	ret = -errno;
	xevfio_dev_close(dev);
	return ret;
}

/**
 * xevfio_dev_close() - Close a VFIO device (the driver resets a VF left
 * out of RUNNING).
 * @dev: the device; closing twice is fine.
 */
void xevfio_dev_close(struct xevfio_dev *dev)
{
	if (dev->fd >= 0)
		close(dev->fd);
	if (dev->group >= 0)
		close(dev->group);
	if (dev->iommufd >= 0)
		close(dev->iommufd);
	dev->fd = -1;
	dev->group = -1;
	dev->iommufd = -1;
}

/**
 * xevfio_dev_open_group() - Open the VFIO device of an xesim VF through the
 * group interface.
 * @dev: filled in.
 * @gpu: the GPU number.
 * @vf: the VF number.
 *
 * The legacy way: a new container, the VF's group (its iommu_group link)
 * set to it with the type 1 IOMMU, and the device fd from the group.
 *
 * Return: 0 or a negative errno (-ENODEV: no group); on failure nothing
 * stays open.
 */
int xevfio_dev_open_group(struct xevfio_dev *dev, int gpu, int vf)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[320], link[256], name[32];
	const char *group;
	ssize_t n;
	int ret;

	xevfio_dev_init(dev, gpu, vf);

	snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xesim%d.vf%d/iommu_group",
		 gpu, vf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return errno == ENOENT ? -ENODEV : -errno;
	link[n] = '\0';
	group = strrchr(link, '/');
	group = group ? group + 1 : link;

	dev->iommufd = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (dev->iommufd < 0)
		goto err;
	snprintf(path, sizeof(path), "/dev/vfio/%s", group);
	dev->group = open(path, O_RDWR | O_CLOEXEC);
	if (dev->group < 0)
		goto err;
	if (ioctl(dev->group, VFIO_GROUP_GET_STATUS, &status))
		goto err;
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		errno = EBUSY;
		goto err;
	}
	if (ioctl(dev->group, VFIO_GROUP_SET_CONTAINER, &dev->iommufd))
		goto err;
	if (ioctl(dev->iommufd, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		goto err;
	snprintf(name, sizeof(name), "xesim%d.vf%d", gpu, vf);
	dev->fd = ioctl(dev->group, VFIO_GROUP_GET_DEVICE_FD, name);
	if (dev->fd < 0)
		goto err;
	return 0;

err:
	ret = -errno;
	xevfio_dev_close(dev);
	return ret;
}

/* VFIO_DEVICE_FEATURE with a payload of @size bytes at @data */
static int xevfio_feature(struct xevfio_dev *dev, __u32 flags, void *data,
			  size_t size)
{
	__u64 buf[(sizeof(struct vfio_device_feature) + 64) / sizeof(__u64)];
	struct vfio_device_feature *f = (void *)buf;

	if (size > 64)
		return -EINVAL;
	memset(buf, 0, sizeof(buf));
	f->argsz = sizeof(*f) + size;
	f->flags = flags;
	memcpy(f->data, data, size);
	if (ioctl(dev->fd, VFIO_DEVICE_FEATURE, f))
		return -errno;
	memcpy(data, f->data, size);
	return 0;
}

/**
 * xevfio_dev_mig_flags() - The device's migration flags.
 * @dev: the device.
 * @flags: VFIO_MIGRATION_*.
 *
 * Return: 0 or a negative errno (-ENOTTY: no migration).
 */
int xevfio_dev_mig_flags(struct xevfio_dev *dev, __u64 *flags)
{
	struct vfio_device_feature_migration mig = {};
	int ret;

	ret = xevfio_feature(dev, VFIO_DEVICE_FEATURE_GET |
			     VFIO_DEVICE_FEATURE_MIGRATION, &mig, sizeof(mig));
	if (!ret)
		*flags = mig.flags;
	return ret;
}

/**
 * xevfio_dev_get_state() - The device's migration state.
 * @dev: the device.
 * @state: VFIO_DEVICE_STATE_*.
 *
 * Return: 0 or a negative errno.
 */
int xevfio_dev_get_state(struct xevfio_dev *dev, __u32 *state)
{
	struct vfio_device_feature_mig_state mig = {};
	int ret;

	ret = xevfio_feature(dev, VFIO_DEVICE_FEATURE_GET |
			     VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE,
			     &mig, sizeof(mig));
	if (!ret)
		*state = mig.device_state;
	return ret;
}

/**
 * xevfio_dev_set_state() - Move the device to a migration state.
 * @dev: the device.
 * @state: VFIO_DEVICE_STATE_*.
 * @data_fd: NULL, or where to put the data file of STOP_COPY or RESUMING
 *           (-1 for other states). Without @data_fd such a file is closed.
 *
 * Return: 0 or a negative errno.
 */
int xevfio_dev_set_state(struct xevfio_dev *dev, __u32 state, int *data_fd)
{
	struct vfio_device_feature_mig_state mig = { .device_state = state };
	int ret;

	if (data_fd)
		*data_fd = -1;
	ret = xevfio_feature(dev, VFIO_DEVICE_FEATURE_SET |
			     VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE,
			     &mig, sizeof(mig));
	if (ret)
		return ret;
	if (mig.data_fd >= 0) {
		if (data_fd)
			*data_fd = mig.data_fd;
		else
			close(mig.data_fd);
	}
	return 0;
}

/**
 * xevfio_dev_data_size() - The device's estimate of its save stream
 * (VFIO_DEVICE_FEATURE_MIG_DATA_SIZE).
 * @dev: the device.
 * @size: bytes.
 *
 * Return: 0 or a negative errno.
 */
int xevfio_dev_data_size(struct xevfio_dev *dev, __u64 *size)
{
	struct vfio_device_feature_mig_data_size ds = {};
	int ret;

	ret = xevfio_feature(dev, VFIO_DEVICE_FEATURE_GET |
			     VFIO_DEVICE_FEATURE_MIG_DATA_SIZE, &ds, sizeof(ds));
	if (!ret)
		*size = ds.stop_copy_length;
	return ret;
}

/**
 * xevfio_dev_reset() - Reset the device (VFIO_DEVICE_RESET, a VF FLR).
 * @dev: the device.
 *
 * Return: 0 or a negative errno.
 */
int xevfio_dev_reset(struct xevfio_dev *dev)
{
	return ioctl(dev->fd, VFIO_DEVICE_RESET) ? -errno : 0;
}

/**
 * xevfio_dev_info() - The device's VFIO_DEVICE_GET_INFO.
 * @dev: the device.
 * @info: filled in.
 *
 * Return: 0 or a negative errno.
 */
int xevfio_dev_info(struct xevfio_dev *dev, struct vfio_device_info *info)
{
	*info = (struct vfio_device_info){ .argsz = sizeof(*info) };
	return ioctl(dev->fd, VFIO_DEVICE_GET_INFO, info) ? -errno : 0;
}

/**
 * xevfio_state_name() - Name of a migration state.
 * @state: VFIO_DEVICE_STATE_*.
 *
 * Return: the name, or "?".
 */
const char *xevfio_state_name(__u32 state)
{
	static const char *const names[] = {
		[VFIO_DEVICE_STATE_ERROR] = "ERROR",
		[VFIO_DEVICE_STATE_STOP] = "STOP",
		[VFIO_DEVICE_STATE_RUNNING] = "RUNNING",
		[VFIO_DEVICE_STATE_STOP_COPY] = "STOP_COPY",
		[VFIO_DEVICE_STATE_RESUMING] = "RESUMING",
		[VFIO_DEVICE_STATE_RUNNING_P2P] = "RUNNING_P2P",
		[VFIO_DEVICE_STATE_PRE_COPY] = "PRE_COPY",
		[VFIO_DEVICE_STATE_PRE_COPY_P2P] = "PRE_COPY_P2P",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "?";
}

/**
 * xevfio_read_full() - Read until @len bytes or the end of the file.
 * @fd: the file.
 * @buf: where to put the bytes.
 * @len: how many to read at most.
 *
 * Return: bytes read (fewer than @len only at the end) or a negative
 * errno.
 */
ssize_t xevfio_read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			break;
		got += n;
	}
	return got;
}

/**
 * xevfio_write_full() - Write all of @len bytes.
 * @fd: the file.
 * @buf: the bytes.
 * @len: how many.
 *
 * Return: 0 or a negative errno.
 */
int xevfio_write_full(int fd, const void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, (const char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return -EIO;
		done += n;
	}
	return 0;
}
