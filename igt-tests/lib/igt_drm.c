// SPDX-License-Identifier: MIT
/*
 * DRM device helpers of the IGT-compatible harness: finding and opening the device of a given
 * driver, and the ioctl entry point. The DRM interface is used directly (DRM_IOCTL_VERSION is
 * all drmGetVersion() does) so that this code needs no libdrm symbol.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define IGT_LOG_DOMAIN "igt_drm"

#include <dirent.h>
#include <fcntl.h>
#include <sys/ioctl.h>

#include <drm.h>

#include "drmtest.h"
#include "ioctl_wrappers.h"

static int drm_ioctl_restarting(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret;
}

int (*igt_ioctl)(int fd, unsigned long request, void *arg) = drm_ioctl_restarting;

static const struct {
	int chipset;
	const char *name;
} known_drivers[] = {
	{ DRIVER_INTEL, "i915" },
	{ DRIVER_VGEM, "vgem" },
	{ DRIVER_XE, "xe" },
};

/* Reads the name of the kernel driver behind @fd; false if @fd is not a DRM device. */
static bool get_driver_name(int fd, char *name, size_t size)
{
	struct drm_version version;

	/* The kernel copies at most name_len bytes and then reports the full length. */
	memset(&version, 0, sizeof(version));
	version.name = name;
	version.name_len = size - 1;
	if (igt_ioctl(fd, DRM_IOCTL_VERSION, &version))
		return false;
	name[version.name_len < size - 1 ? version.name_len : size - 1] = '\0';
	return true;
}

static bool driver_matches(int fd, int chipset)
{
	char name[32];
	size_t i;

	if (!get_driver_name(fd, name, sizeof(name)))
		return false;
	for (i = 0; i < ARRAY_SIZE(known_drivers); i++)
		if ((chipset & known_drivers[i].chipset) && !strcmp(name, known_drivers[i].name))
			return true;
	return false;
}

static int cmp_card(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/**
 * __drm_open_driver() - open the first DRM device of one of the drivers in @chipset
 * @chipset: a mask of DRIVER_* values
 *
 * The primary nodes /dev/dri/cardN are tried in increasing N.
 *
 * Return: an open file descriptor, or -1 (errno telling the last failure) if none matched.
 */
int __drm_open_driver(int chipset)
{
	int saved_errno = errno;
	unsigned int cards[256];
	unsigned int n = 0, i;
	struct dirent *de;
	DIR *dir;

	dir = opendir("/dev/dri");
	if (!dir)
		return -1;
	while ((de = readdir(dir)) && n < ARRAY_SIZE(cards)) {
		unsigned int card;
		char extra;

		if (sscanf(de->d_name, "card%u%c", &card, &extra) == 1)
			cards[n++] = card;
	}
	closedir(dir);
	qsort(cards, n, sizeof(cards[0]), cmp_card);

	for (i = 0; i < n; i++) {
		char path[32];
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/card%u", cards[i]);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (driver_matches(fd, chipset)) {
			errno = saved_errno;
			return fd;
		}
		close(fd);
	}
	return -1;
}

/**
 * drm_open_driver() - open the first DRM device of one of the drivers in @chipset, or skip
 * @chipset: a mask of DRIVER_* values
 *
 * Skips the running subtest (or, from a fixture, the following ones) if there is none.
 *
 * Return: an open file descriptor.
 */
int drm_open_driver(int chipset)
{
	char names[64] = "";
	size_t i, len = 0;
	int fd;

	fd = __drm_open_driver(chipset);
	for (i = 0; fd < 0 && i < ARRAY_SIZE(known_drivers); i++) {
		if ((chipset & known_drivers[i].chipset) && len < sizeof(names))
			len += snprintf(names + len, sizeof(names) - len, "%s%s", len ? " " : "",
					known_drivers[i].name);
	}
	igt_require_f(fd >= 0, "No known gpu found for chipset flags 0x%x (%s)\n",
		      chipset, names);
	return fd;
}

/**
 * drm_close_driver() - close a file descriptor from drm_open_driver()
 * @fd: the file descriptor
 *
 * Return: what close(2) returns, or -1 for an invalid @fd.
 */
int drm_close_driver(int fd)
{
	if (fd < 0) {
		igt_warn("Don't attempt to close an invalid file descriptor: %d\n", fd);
		return -1;
	}
	return close(fd);
}

/**
 * is_xe_device() - whether @fd is a device of the xe driver
 * @fd: an open DRM file descriptor
 *
 * Return: true for xe.
 */
bool is_xe_device(int fd)
{
	return driver_matches(fd, DRIVER_XE);
}

/**
 * igt_require_xe() - skip unless @fd is a device of the xe driver
 * @fd: an open DRM file descriptor
 */
void igt_require_xe(int fd)
{
	igt_require(is_xe_device(fd));
}
