// SPDX-License-Identifier: MIT
/*
 * Simulated Xe hardware for the tests, through the xesim bus's sysfs files (see
 * igt_xesim.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define IGT_LOG_DOMAIN "xesim"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>

#include "drmtest.h"
#include "igt_xesim.h"
#include "xe/xe_query.h"

/* Writes @val to the sysfs file @path; returns 0 or the negative errno of the refusal. */
static int xesim_write(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t ret;
	int fd, err;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		igt_debug("open %s: %s\n", path, strerror(errno));
		return err;
	}
	ret = write(fd, val, len);
	err = ret < 0 ? -errno : (size_t)ret == len ? 0 : -EIO;
	close(fd);
	igt_debug("\"%s\" > %s: %s\n", val, path, err ? strerror(-err) : "ok");
	return err;
}

/* Reads the sysfs or debugfs file @path into a new string; NULL (errno set) on failure. */
static char *xesim_read(const char *path)
{
	size_t size = 4096, len = 0;
	char *buf = NULL, *tmp;
	ssize_t ret;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		tmp = realloc(buf, size + 1);
		if (!tmp)
			goto fail;
		buf = tmp;
		ret = read(fd, buf + len, size - len);
		if (ret < 0)
			goto fail;
		if (!ret)
			break;
		len += ret;
		if (len == size)
			size *= 2;
	}
	close(fd);
	buf[len] = '\0';
	return buf;

fail:
	ret = errno;
	free(buf);
	close(fd);
	errno = ret;
	return NULL;
}

static bool path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/**
 * igt_xesim_present() - whether the simulated device's bus is there (module xesim loaded)
 *
 * Return: true when /sys/bus/xesim/new_device exists.
 */
bool igt_xesim_present(void)
{
	return path_exists(IGT_XESIM_SYSFS "/new_device");
}

/**
 * igt_require_xesim() - skip unless the simulated device's bus is there
 */
void igt_require_xesim(void)
{
	igt_require_f(igt_xesim_present(), "no xesim bus (module xesim not loaded)\n");
}

/**
 * igt_xesim_driver_loaded() - whether a kernel module is loaded
 * @module: the module's name, e.g. "xepf"
 *
 * Return: true when /sys/module/@module exists.
 */
bool igt_xesim_driver_loaded(const char *module)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/module/%s", module);
	return path_exists(path);
}

/**
 * igt_require_xesim_driver() - skip unless a driver module of the simulated device is loaded
 * @module: the module's name: "xepf", "xevfio" or "xevf"
 */
void igt_require_xesim_driver(const char *module)
{
	igt_require_f(igt_xesim_driver_loaded(module), "module %s not loaded\n", module);
}

/* The lowest N for which /sys/bus/xesim/devices/<prefix>N does not exist. */
static int free_id(const char *prefix)
{
	char path[PATH_MAX];
	int id;

	for (id = 0; id < 1024; id++) {
		snprintf(path, sizeof(path), IGT_XESIM_SYSFS "/devices/%s%d", prefix, id);
		if (!path_exists(path))
			return id;
	}
	igt_assert_f(false, "no free %s number\n", prefix);
	return -1;
}

/**
 * igt_xesim_free_gpu_id() - a GPU number no GPU uses
 *
 * Return: the lowest N without a PF xesimN.
 */
int igt_xesim_free_gpu_id(void)
{
	igt_require_xesim();
	return free_id("xesim");
}

/**
 * igt_xesim_free_slot_id() - a guest slot number no slot uses
 *
 * Return: the lowest S without a slot xeslotS.
 */
int igt_xesim_free_slot_id(void)
{
	igt_require_xesim();
	return free_id("xeslot");
}

/**
 * __igt_xesim_new_device() - create a simulated GPU
 * @gpu: its number N (the PF becomes xesimN)
 * @params: NULL, or the optional parameters "devid= revid= ggtt= vram= engines= max_vfs="
 *
 * Return: 0, or the negative errno with which the bus refused.
 */
int __igt_xesim_new_device(int gpu, const char *params)
{
	char val[256];

	snprintf(val, sizeof(val), "%d%s%s", gpu, params ? " " : "", params ?: "");
	return xesim_write(IGT_XESIM_SYSFS "/new_device", val);
}

/**
 * igt_xesim_new_device() - create a simulated GPU, or fail
 * @gpu: its number N (the PF becomes xesimN)
 * @params: NULL, or the optional parameters "devid= revid= ggtt= vram= engines= max_vfs="
 *
 * Skips when there is no xesim bus.
 */
void igt_xesim_new_device(int gpu, const char *params)
{
	int err;

	igt_require_xesim();
	err = __igt_xesim_new_device(gpu, params);
	igt_assert_f(!err, "new_device \"%d %s\": %s\n", gpu, params ?: "", strerror(-err));
}

/**
 * __igt_xesim_del_device() - delete a simulated GPU, its VFs and their drivers
 * @gpu: its number
 *
 * Return: 0, or the negative errno with which the bus refused.
 */
int __igt_xesim_del_device(int gpu)
{
	char val[16];

	snprintf(val, sizeof(val), "%d", gpu);
	return xesim_write(IGT_XESIM_SYSFS "/del_device", val);
}

/**
 * igt_xesim_del_device() - delete a simulated GPU, or fail
 * @gpu: its number
 */
void igt_xesim_del_device(int gpu)
{
	int err = __igt_xesim_del_device(gpu);

	igt_assert_f(!err, "del_device %d: %s\n", gpu, strerror(-err));
}

/**
 * __igt_xesim_set_numvfs() - enable @num_vfs VFs on a GPU (0 disables them)
 * @gpu: the GPU number
 * @num_vfs: how many VFs
 *
 * With the PF driver xepf bound, enabling provisions the VFs first.
 *
 * Return: 0, or the negative errno of the refusal.
 */
int __igt_xesim_set_numvfs(int gpu, int num_vfs)
{
	char path[PATH_MAX], val[16];

	snprintf(path, sizeof(path), IGT_XESIM_SYSFS "/devices/xesim%d/sriov_numvfs", gpu);
	snprintf(val, sizeof(val), "%d", num_vfs);
	return xesim_write(path, val);
}

/**
 * igt_xesim_set_numvfs() - enable @num_vfs VFs on a GPU (0 disables them), or fail
 * @gpu: the GPU number
 * @num_vfs: how many VFs
 */
void igt_xesim_set_numvfs(int gpu, int num_vfs)
{
	int err = __igt_xesim_set_numvfs(gpu, num_vfs);

	igt_assert_f(!err, "xesim%d sriov_numvfs = %d: %s\n", gpu, num_vfs, strerror(-err));
}

/**
 * igt_xesim_get_numvfs() - the VFs enabled on a GPU
 * @gpu: the GPU number
 *
 * Return: the value of sriov_numvfs; fails the test if it cannot be read.
 */
int igt_xesim_get_numvfs(int gpu)
{
	char path[PATH_MAX], *val;
	int n;

	snprintf(path, sizeof(path), IGT_XESIM_SYSFS "/devices/xesim%d/sriov_numvfs", gpu);
	val = xesim_read(path);
	igt_assert_f(val, "reading %s: %s\n", path, strerror(errno));
	n = atoi(val);
	free(val);
	return n;
}

/**
 * __igt_xesim_new_slot() - create a guest slot
 * @slot: its number S (the slot becomes xeslotS)
 *
 * Return: 0, or the negative errno of the refusal.
 */
int __igt_xesim_new_slot(int slot)
{
	char val[16];

	snprintf(val, sizeof(val), "%d", slot);
	return xesim_write(IGT_XESIM_SYSFS "/new_slot", val);
}

/**
 * igt_xesim_new_slot() - create a guest slot, or fail
 * @slot: its number S
 *
 * Skips when there is no xesim bus.
 */
void igt_xesim_new_slot(int slot)
{
	int err;

	igt_require_xesim();
	err = __igt_xesim_new_slot(slot);
	igt_assert_f(!err, "new_slot %d: %s\n", slot, strerror(-err));
}

/**
 * __igt_xesim_del_slot() - delete a guest slot, unbinding its driver
 * @slot: its number
 *
 * Return: 0, or the negative errno of the refusal.
 */
int __igt_xesim_del_slot(int slot)
{
	char val[16];

	snprintf(val, sizeof(val), "%d", slot);
	return xesim_write(IGT_XESIM_SYSFS "/del_slot", val);
}

/**
 * igt_xesim_del_slot() - delete a guest slot, or fail
 * @slot: its number
 */
void igt_xesim_del_slot(int slot)
{
	int err = __igt_xesim_del_slot(slot);

	igt_assert_f(!err, "del_slot %d: %s\n", slot, strerror(-err));
}

static int slot_write(int slot, const char *file, const char *val)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), IGT_XESIM_SYSFS "/devices/xeslot%d/%s", slot, file);
	return xesim_write(path, val);
}

/**
 * __igt_xesim_attach() - attach a guest slot to a VF ("N V" to its attach file)
 * @slot: the slot number
 * @gpu: the GPU number N
 * @vf: the VF number V, from 1
 *
 * A fresh slot gets its driver once attached; an attached one must be frozen.
 *
 * Return: 0, or the negative errno of the refusal.
 */
int __igt_xesim_attach(int slot, int gpu, int vf)
{
	char val[32];

	snprintf(val, sizeof(val), "%d %d", gpu, vf);
	return slot_write(slot, "attach", val);
}

/**
 * igt_xesim_attach() - attach a guest slot to a VF, or fail
 * @slot: the slot number
 * @gpu: the GPU number N
 * @vf: the VF number V, from 1
 */
void igt_xesim_attach(int slot, int gpu, int vf)
{
	int err = __igt_xesim_attach(slot, gpu, vf);

	igt_assert_f(!err, "xeslot%d attach \"%d %d\": %s\n", slot, gpu, vf, strerror(-err));
}

/**
 * __igt_xesim_detach() - detach a guest slot ("none" to its attach file)
 * @slot: the slot number
 *
 * Return: 0, or the negative errno of the refusal.
 */
int __igt_xesim_detach(int slot)
{
	return slot_write(slot, "attach", "none");
}

/**
 * igt_xesim_detach() - detach a guest slot, or fail
 * @slot: the slot number
 */
void igt_xesim_detach(int slot)
{
	int err = __igt_xesim_detach(slot);

	igt_assert_f(!err, "xeslot%d attach \"none\": %s\n", slot, strerror(-err));
}

/**
 * __igt_xesim_freeze() - freeze or thaw a guest slot
 * @slot: the slot number
 * @frozen: true to freeze, false to thaw
 *
 * Return: 0, or the negative errno of the refusal.
 */
int __igt_xesim_freeze(int slot, bool frozen)
{
	return slot_write(slot, "freeze", frozen ? "1" : "0");
}

/**
 * igt_xesim_freeze() - freeze or thaw a guest slot, or fail
 * @slot: the slot number
 * @frozen: true to freeze, false to thaw
 */
void igt_xesim_freeze(int slot, bool frozen)
{
	int err = __igt_xesim_freeze(slot, frozen);

	igt_assert_f(!err, "xeslot%d freeze %d: %s\n", slot, frozen, strerror(-err));
}

/**
 * igt_xesim_debugfs_read() - read a debugfs file of the device or its drivers
 * @fmt: printf format of the path below /sys/kernel/debug, e.g. "xesim/xesim%d/guc"
 *
 * Return: the file's contents, to free(); fails the test if it cannot be read.
 */
char *igt_xesim_debugfs_read(const char *fmt, ...)
{
	char rel[PATH_MAX], path[PATH_MAX + 32], *text;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), IGT_XESIM_DEBUGFS "/%s", rel);
	text = xesim_read(path);
	igt_assert_f(text, "reading %s: %s\n", path, strerror(errno));
	return text;
}

/**
 * igt_xesim_debugfs_u64() - find "KEY: VALUE" in the text of a debugfs file
 * @text: the file's contents
 * @key: the key, matched at the start of a line (leading blanks ignored)
 * @val: the value, parsed as a C integer (decimal, 0x hexadecimal)
 *
 * Return: true when a line with @key and a number was found.
 */
bool igt_xesim_debugfs_u64(const char *text, const char *key, __u64 *val)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (line && *line) {
		const char *p = line + strspn(line, " \t");

		if (!strncmp(p, key, klen) && p[klen] == ':') {
			char *end;

			p += klen + 1;
			errno = 0;
			*val = strtoull(p, &end, 0);
			if (end != p && !errno)
				return true;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return false;
}

/**
 * igt_xesim_slot_card() - the DRM card of a guest slot, if it has one now
 * @slot: the slot number
 *
 * Looks for the /sys/class/drm/cardN whose device is xeslot@slot.
 *
 * Return: N, or -1 when no card belongs to the slot.
 */
int igt_xesim_slot_card(int slot)
{
	char want[32], link[PATH_MAX], target[PATH_MAX];
	struct dirent *de;
	int card = -1;
	DIR *dir;

	snprintf(want, sizeof(want), "xeslot%d", slot);
	dir = opendir("/sys/class/drm");
	if (!dir)
		return -1;
	while (card < 0 && (de = readdir(dir))) {
		unsigned int n;
		const char *base;
		ssize_t len;
		char extra;

		if (sscanf(de->d_name, "card%u%c", &n, &extra) != 1)
			continue;
		snprintf(link, sizeof(link), "/sys/class/drm/%s/device", de->d_name);
		len = readlink(link, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = '\0';
		base = strrchr(target, '/');
		base = base ? base + 1 : target;
		if (!strcmp(base, want))
			card = n;
	}
	closedir(dir);
	return card;
}

static __u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/**
 * igt_xesim_wait_slot_card() - wait for the DRM card of a guest slot
 * @slot: the slot number
 * @timeout_ms: how long to wait
 *
 * Fails the test when no card appears in time, saying whether a driver bound to the slot.
 *
 * Return: the card's minor N (/dev/dri/cardN).
 */
int igt_xesim_wait_slot_card(int slot, unsigned int timeout_ms)
{
	__u64 end = now_ms() + timeout_ms;
	char path[PATH_MAX];
	int card;

	for (;;) {
		card = igt_xesim_slot_card(slot);
		if (card >= 0)
			return card;
		if (now_ms() >= end)
			break;
		usleep(10000);
	}
	snprintf(path, sizeof(path), IGT_XESIM_SYSFS "/devices/xeslot%d/driver", slot);
	igt_assert_f(false, "no DRM card for xeslot%d after %u ms (%s)\n", slot, timeout_ms,
		     path_exists(path) ? "a driver is bound" : "no driver bound");
	return -1;
}

/**
 * igt_xesim_open_slot() - open the DRM card of a guest slot, waiting for it to appear
 * @slot: the slot number
 * @timeout_ms: how long to wait for the card
 *
 * Return: an open file descriptor of /dev/dri/cardN; fails the test otherwise.
 */
int igt_xesim_open_slot(int slot, unsigned int timeout_ms)
{
	__u64 end = now_ms() + timeout_ms;
	int card = igt_xesim_wait_slot_card(slot, timeout_ms);
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "/dev/dri/card%d", card);
	/* devtmpfs creates the node asynchronously to the sysfs entry */
	while ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0 && errno == ENOENT && now_ms() < end)
		usleep(10000);
	igt_assert_f(fd >= 0, "open %s: %s\n", path, strerror(errno));
	return fd;
}

/**
 * igt_xesim_guest_create() - a new GPU with VFs, and a guest slot on one of them
 * @guest: filled in; its numbers are -1 for what was not created
 * @params: NULL or the GPU's parameters (see igt_xesim_new_device())
 * @num_vfs: the VFs to enable, which the PF driver provisions
 * @vf: the VF to attach the slot to, 1..@num_vfs
 *
 * Creates a GPU and a slot with free numbers, enables the VFs, attaches the slot and waits
 * for the guest driver's DRM card. Skips without the bus, the PF driver xepf or the guest
 * driver xevf; fails when a step fails. Undo with igt_xesim_guest_destroy(), even after a
 * failure, with every file descriptor of the card closed.
 *
 * With IGT_XESIM_SLOT=S in the environment the test runs on the guest of the existing slot S
 * instead, as IGT runs on the machine's GPU (make demo does so): nothing is created, and
 * @params, @num_vfs and @vf are not used.
 */
void igt_xesim_guest_create(struct igt_xesim_guest *guest, const char *params, int num_vfs,
			    int vf)
{
	const char *env = getenv("IGT_XESIM_SLOT");
	int id;

	*guest = (struct igt_xesim_guest) {
		.gpu = -1, .slot = -1, .card = -1, .num_vfs = 0, .vf = vf,
	};
	igt_require_xesim();
	igt_require_xesim_driver("xepf");
	igt_require_xesim_driver("xevf");
	if (env) {
		char *end;

		id = strtol(env, &end, 10);
		igt_assert_f(*env && !*end && id >= 0, "IGT_XESIM_SLOT=%s is no slot number\n",
			     env);
		guest->slot = id;
		guest->existing = true;
		guest->card = igt_xesim_wait_slot_card(guest->slot, IGT_XESIM_CARD_TIMEOUT_MS);
		igt_debug("guest: the existing xeslot%d, card%d\n", guest->slot, guest->card);
		return;
	}
	igt_assert(vf >= 1 && vf <= num_vfs);

	/* each number is kept only once created, so that destroy deletes only what exists */
	id = igt_xesim_free_gpu_id();
	igt_xesim_new_device(id, params);
	guest->gpu = id;
	igt_xesim_set_numvfs(guest->gpu, num_vfs);
	guest->num_vfs = num_vfs;
	id = igt_xesim_free_slot_id();
	igt_xesim_new_slot(id);
	guest->slot = id;
	igt_xesim_attach(guest->slot, guest->gpu, vf);
	guest->card = igt_xesim_wait_slot_card(guest->slot, IGT_XESIM_CARD_TIMEOUT_MS);
	igt_debug("guest: xesim%d, %d VFs, xeslot%d on VF%d, card%d\n", guest->gpu,
		  guest->num_vfs, guest->slot, guest->vf, guest->card);
}

/**
 * igt_xesim_guest_open() - open the DRM card of a guest from igt_xesim_guest_create()
 * @guest: the guest
 *
 * Return: an open file descriptor; fails the test otherwise.
 */
int igt_xesim_guest_open(struct igt_xesim_guest *guest)
{
	igt_assert_f(guest->slot >= 0, "the guest was not created\n");
	return igt_xesim_open_slot(guest->slot, IGT_XESIM_CARD_TIMEOUT_MS);
}

/**
 * igt_xesim_guest_open_xe() - the fixture most xe tests start with: create a guest, open its
 * card and require the xe driver on it
 * @guest: the guest
 * @params: the GPU's parameters (``new_device``)
 * @num_vfs: VFs to enable
 * @vf: the VF the guest's slot is attached to
 *
 * Return: the open file descriptor; close it with igt_xesim_guest_close_xe().
 */
int igt_xesim_guest_open_xe(struct igt_xesim_guest *guest, const char *params, int num_vfs,
			    int vf)
{
	int fd;

	igt_xesim_guest_create(guest, params, num_vfs, vf);
	fd = igt_xesim_guest_open(guest);
	igt_require_xe(fd);
	return fd;
}

/**
 * igt_xesim_guest_close_xe() - undo igt_xesim_guest_open_xe()
 * @guest: the guest
 * @fd: its file descriptor, or -1 when it was not opened
 */
void igt_xesim_guest_close_xe(struct igt_xesim_guest *guest, int fd)
{
	if (fd >= 0) {
		xe_device_put(fd);
		drm_close_driver(fd);
	}
	igt_xesim_guest_destroy(guest);
}

/**
 * igt_xesim_guest_destroy() - remove what igt_xesim_guest_create() made
 * @guest: the guest; its numbers are reset to -1
 *
 * Deletes the slot (unbinding the guest driver), disables the VFs and deletes the GPU, trying
 * every step; fails the test afterwards if any step failed.
 */
void igt_xesim_guest_destroy(struct igt_xesim_guest *guest)
{
	int err_slot = 0, err_vfs = 0, err_gpu = 0;

	if (guest->existing) {
		*guest = (struct igt_xesim_guest) { .gpu = -1, .slot = -1, .card = -1 };
		return;
	}
	if (guest->slot >= 0)
		err_slot = __igt_xesim_del_slot(guest->slot);
	if (guest->gpu >= 0 && guest->num_vfs)
		err_vfs = __igt_xesim_set_numvfs(guest->gpu, 0);
	if (guest->gpu >= 0)
		err_gpu = __igt_xesim_del_device(guest->gpu);
	igt_assert_f(!err_slot && !err_vfs && !err_gpu,
		     "removing xeslot%d: %s, VFs of xesim%d: %s, xesim%d: %s\n",
		     guest->slot, strerror(-err_slot), guest->gpu, strerror(-err_vfs),
		     guest->gpu, strerror(-err_gpu));
	*guest = (struct igt_xesim_guest) { .gpu = -1, .slot = -1, .card = -1 };
}

/**
 * igt_xesim_set_vf_ggtt_start() - where the PF places VF @vf's GGTT range at the next enabling
 * @gpu: the GPU number
 * @vf: the VF number
 * @start: the GGTT address (0: the fair share)
 */
void igt_xesim_set_vf_ggtt_start(int gpu, int vf, __u64 start)
{
	char path[128], val[32];
	int ret;

	snprintf(path, sizeof(path), IGT_XESIM_DEBUGFS "/xepf/xesim%d/vf%d/ggtt_start", gpu, vf);
	snprintf(val, sizeof(val), "%llu\n", (unsigned long long)start);
	ret = xesim_write(path, val);
	igt_assert_f(!ret, "%s: %s\n", path, strerror(-ret));
}

/**
 * igt_xesim_vf_ggtt() - the GGTT range the PF gave VF @vf (its debugfs config)
 * @gpu: the GPU number
 * @vf: the VF number
 * @start: out: the range's start
 * @size: out: its size
 */
void igt_xesim_vf_ggtt(int gpu, int vf, __u64 *start, __u64 *size)
{
	char *cfg = igt_xesim_debugfs_read("xepf/xesim%d/config", gpu);
	char key[16], *line;
	unsigned long long s, z;

	snprintf(key, sizeof(key), "VF%d ggtt ", vf);
	line = strstr(cfg, key);
	igt_assert_f(line && sscanf(line + strlen(key), "%llx+%llx", &s, &z) == 2,
		     "no GGTT of VF%d in:\n%s\n", vf, cfg);
	free(cfg);
	*start = s;
	*size = z;
}
