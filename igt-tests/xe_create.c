// SPDX-License-Identifier: MIT
/*
 * Creation ioctls of BOs and exec queues on a VF: what they refuse, and with which errno
 * (upstream xe's).
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_xesim.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Check the arguments of GEM_CREATE and of the exec queue ioctls.");

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

static int gem_create_err(struct drm_xe_gem_create *create)
{
	int err = igt_ioctl(fd, DRM_IOCTL_XE_GEM_CREATE, create) ? -errno : 0;

	/* the handle is an output: clear it, so that the request can be used again */
	if (!err)
		gem_close(fd, create->handle);
	create->handle = 0;
	return err;
}

/* A request that works: one page of system memory, write-back. */
static struct drm_xe_gem_create good_create(void)
{
	return (struct drm_xe_gem_create) {
		.size = 4096,
		.placement = system_memory(fd),
		.cpu_caching = DRM_XE_GEM_CPU_CACHING_WB,
	};
}

static void create_invalid_mbz(void)
{
	struct drm_xe_gem_create c = good_create();

	igt_assert_eq(gem_create_err(&c), 0);
	c = good_create();
	c.extensions = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c = good_create();
	c.pad[0] = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c = good_create();
	c.pad[2] = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c = good_create();
	c.reserved[1] = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c = good_create();
	c.handle = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
}

static void create_invalid_size(void)
{
	struct drm_xe_gem_create c = good_create();

	c.size = 0;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.size = 4095;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.size = 4096 + 8;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
}

static void create_invalid_placement(void)
{
	struct drm_xe_gem_create c = good_create();

	c.placement = 0;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	/* the first region the device does not have */
	c.placement = 1u << __builtin_popcountll(all_memory_regions(fd));
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.placement = 0x80000000;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
}

static void create_invalid_caching(void)
{
	struct drm_xe_gem_create c = good_create();

	c.cpu_caching = 0;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.cpu_caching = DRM_XE_GEM_CPU_CACHING_WC + 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.cpu_caching = DRM_XE_GEM_CPU_CACHING_WC;
	igt_assert_eq(gem_create_err(&c), 0);

	/* VRAM is mapped write-combined only */
	igt_require(vram_memory(fd, 0));
	c.placement = vram_memory(fd, 0);
	c.cpu_caching = DRM_XE_GEM_CPU_CACHING_WB;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.cpu_caching = DRM_XE_GEM_CPU_CACHING_WC;
	igt_assert_eq(gem_create_err(&c), 0);
}

static void create_invalid_flags(void)
{
	struct drm_xe_gem_create c = good_create();

	c.flags = DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM << 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.flags = 0x80000000;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
}

static void create_invalid_vm(void)
{
	struct drm_xe_gem_create c = good_create();
	__u32 vm = xe_vm_create(fd, 0, 0);

	c.vm_id = vm;
	igt_assert_eq(gem_create_err(&c), 0);
	c.vm_id = vm + 1000;
	igt_assert_eq(gem_create_err(&c), -ENOENT);
	xe_vm_destroy(fd, vm);
	c.vm_id = vm;
	igt_assert_eq(gem_create_err(&c), -ENOENT);
}

/* Writes @val to the drm module's debug mask; returns the old mask. */
static unsigned int drm_debug_set(unsigned int val)
{
	const char *path = "/sys/module/drm/parameters/debug";
	unsigned int old = 0;
	FILE *f = fopen(path, "r");

	igt_require_f(f, "no %s\n", path);
	igt_assert(fscanf(f, "%u", &old) == 1);
	fclose(f);
	f = fopen(path, "w");
	igt_assert(f && fprintf(f, "%u\n", val) > 0);
	fclose(f);
	return old;
}

/*
 * A refused argument says why in the kernel log (at debug level, drm.debug's DRIVER category,
 * as upstream's XE_IOCTL_DBG() does): the failed check itself is named.
 */
static void create_invalid_logged(void)
{
	struct drm_xe_gem_create c = good_create();
	unsigned int old = drm_debug_set(0x2);
	char rec[1024];
	bool found = false;
	ssize_t n;
	int kmsg;

	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	igt_assert(kmsg >= 0);
	lseek(kmsg, 0, SEEK_END);
	c.pad[1] = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	drm_debug_set(old);
	while ((n = read(kmsg, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue;
		rec[n] = '\0';
		found |= strstr(rec, "ioctl: check failed") && strstr(rec, "args->pad[1]");
	}
	close(kmsg);
	igt_assert_f(found, "no log line names the failed check\n");
}

static int exec_queue_create_err(struct drm_xe_exec_queue_create *create)
{
	int err = igt_ioctl(fd, DRM_IOCTL_XE_EXEC_QUEUE_CREATE, create) ? -errno : 0;

	if (!err)
		xe_exec_queue_destroy(fd, create->exec_queue_id);
	return err;
}

static void create_execqueue_invalid(void)
{
	struct drm_xe_engine_class_instance eci = xe_engine(fd, 0)->instance, bad;
	__u32 vm = xe_vm_create(fd, 0, 0);
	struct drm_xe_exec_queue_create good = {
		.width = 1,
		.num_placements = 1,
		.vm_id = vm,
		.instances = (__u64)(uintptr_t)&eci,
	}, c;

	c = good;
	igt_assert_eq(exec_queue_create_err(&c), 0);
	c = good;
	c.flags = 1;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	c = good;
	c.reserved[0] = 1;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	c = good;
	c.width = 0;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	c = good;
	c.num_placements = 0;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	c = good;
	c.num_placements = 1000;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	c = good;
	c.instances = 8;
	igt_assert_eq(exec_queue_create_err(&c), -EFAULT);
	c = good;
	c.vm_id = vm + 1000;
	igt_assert_eq(exec_queue_create_err(&c), -ENOENT);

	c = good;
	bad = eci;
	bad.gt_id = 7;
	c.instances = (__u64)(uintptr_t)&bad;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	bad = eci;
	bad.engine_instance = 63;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	bad = eci;
	bad.engine_class = DRM_XE_ENGINE_CLASS_VIDEO_DECODE;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	bad.engine_class = 100;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);

	xe_vm_destroy(fd, vm);
}

static void destroy_execqueue_invalid(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 q = xe_exec_queue_create(fd, vm, &xe_engine(fd, 0)->instance, 0);
	struct drm_xe_exec_queue_destroy d = { .exec_queue_id = q, .pad = 1 };

	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d, EINVAL);
	d.pad = 0;
	d.reserved[1] = 1;
	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d, EINVAL);
	d.reserved[1] = 0;
	d.exec_queue_id = q + 1000;
	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d, ENOENT);
	xe_exec_queue_destroy(fd, q);
	igt_assert_eq(__xe_exec_queue_destroy(fd, q), -ENOENT);
	xe_vm_destroy(fd, vm);
}

static void get_property_invalid(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 q = xe_exec_queue_create(fd, vm, &xe_engine(fd, 0)->instance, 0);
	struct drm_xe_exec_queue_get_property p = {
		.exec_queue_id = q,
		.property = DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN,
		.value = 0xff,
	};

	do_ioctl(fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &p);
	igt_assert_eq_u64(p.value, 0);
	p.reserved[0] = 1;
	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &p, EINVAL);
	p.reserved[0] = 0;
	p.property = DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN + 1;
	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &p, EINVAL);
	p.property = DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN;
	p.exec_queue_id = q + 1000;
	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &p, ENOENT);
	xe_exec_queue_destroy(fd, q);
	xe_vm_destroy(fd, vm);
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			igt_xesim_guest_create(&guest, "vram=32M", 1, 1);
			fd = igt_xesim_guest_open(&guest);
			igt_require_xe(fd);
		}

		igt_describe("Extensions, padding, reserved fields and handle must be zero.");
		igt_subtest("create-invalid-mbz")
			create_invalid_mbz();

		igt_describe("A refused argument is named in the kernel log (drm.debug).");
		igt_subtest("create-invalid-logged")
			create_invalid_logged();

		igt_describe("A size of zero or not page-aligned is refused.");
		igt_subtest("create-invalid-size")
			create_invalid_size();

		igt_describe("No placement, or a region the device does not have, is refused.");
		igt_subtest("create-invalid-placement")
			create_invalid_placement();

		igt_describe("CPU caching must be WB or WC, and WC for VRAM.");
		igt_subtest("create-invalid-caching")
			create_invalid_caching();

		igt_describe("Unknown flags are refused.");
		igt_subtest("create-invalid-flags")
			create_invalid_flags();

		igt_describe("A VM-private BO needs an existing VM (ENOENT).");
		igt_subtest("create-invalid-vm")
			create_invalid_vm();

		igt_describe("EXEC_QUEUE_CREATE refuses bad widths, engines, VMs and pointers.");
		igt_subtest("create-execqueue-invalid")
			create_execqueue_invalid();

		igt_describe("EXEC_QUEUE_DESTROY refuses padding and unknown queues.");
		igt_subtest("destroy-execqueue-invalid")
			destroy_execqueue_invalid();

		igt_describe("EXEC_QUEUE_GET_PROPERTY refuses unknown properties and queues.");
		igt_subtest("get-property-invalid")
			get_property_invalid();
	}

	igt_fixture {
		if (fd >= 0) {
			xe_device_put(fd);
			drm_close_driver(fd);
		}
		igt_xesim_guest_destroy(&guest);
	}
}
