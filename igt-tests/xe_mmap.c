// SPDX-License-Identifier: MIT
/*
 * BOs of each memory kind on a VF: create, map, write, read back through another mapping.
 */
#include <sys/mman.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_xesim.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Create BOs in system memory and VRAM, map them and check their contents.");

#define BO_SIZE	(256 * 1024)

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

static __u32 pattern(__u32 bo, unsigned int i)
{
	return (bo << 20) ^ (i * 0x9e3779b1u);
}

/* The VRAM pages of the simulated GPU that hold data (xesim's debugfs "info"). */
static __u64 sim_vram_pages(void)
{
	char *info = igt_xesim_debugfs_read("xesim/xesim%d/info", guest.gpu);
	__u64 pages;

	igt_assert_f(igt_xesim_debugfs_u64(info, "vram_backed_pages", &pages),
		     "no vram_backed_pages in:\n%s", info);
	free(info);
	return pages;
}

/*
 * A fresh BO reads as zeros; what one mapping writes, a second mapping of the BO (from a new
 * mmap offset lookup, after the first is gone) reads back; another BO is not disturbed. A
 * VRAM-only BO's data is in the device's VRAM: that many more of its pages are backed.
 */
static void test_mmap(__u64 placement)
{
	bool vram_only = !(placement & system_memory(fd));
	__u64 backed = sim_vram_pages();
	__u32 bo[2], *map;
	unsigned int i, k;

	for (k = 0; k < 2; k++) {
		bo[k] = xe_bo_create(fd, 0, BO_SIZE, placement, 0);
		map = xe_bo_map(fd, bo[k], BO_SIZE);
		for (i = 0; i < BO_SIZE / 4; i++)
			igt_assert_eq_u32(map[i], 0);
		for (i = 0; i < BO_SIZE / 4; i++)
			map[i] = pattern(bo[k], i);
		munmap(map, BO_SIZE);
	}
	if (vram_only)
		igt_assert_lte_u64(backed + 2 * BO_SIZE / 4096, sim_vram_pages());
	for (k = 0; k < 2; k++) {
		map = xe_bo_map(fd, bo[k], BO_SIZE);
		for (i = 0; i < BO_SIZE / 4; i++)
			igt_assert_eq_u32(map[i], pattern(bo[k], i));
		munmap(map, BO_SIZE);
		gem_close(fd, bo[k]);
	}
}

/* The memory of a closed BO comes back zeroed, never with the old contents. */
static void test_reuse_zeroed(__u64 placement)
{
	unsigned int round, i;

	for (round = 0; round < 4; round++) {
		__u32 bo = xe_bo_create(fd, 0, BO_SIZE, placement, 0);
		__u32 *map = xe_bo_map(fd, bo, BO_SIZE);

		for (i = 0; i < BO_SIZE / 4; i++)
			igt_assert_eq_u32(map[i], 0);
		memset(map, 0xa5, BO_SIZE);
		munmap(map, BO_SIZE);
		gem_close(fd, bo);
	}
}

static int mmo_err(struct drm_xe_gem_mmap_offset *mmo)
{
	return igt_ioctl(fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, mmo) ? -errno : 0;
}

static void test_bad(int what)
{
	__u32 bo = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	struct drm_xe_gem_mmap_offset mmo = { .handle = bo };

	igt_assert_eq(mmo_err(&mmo), 0);
	switch (what) {
	case 0:
		mmo.flags = 1;
		igt_assert_eq(mmo_err(&mmo), -EINVAL);
		mmo.flags = 0x80000000;
		igt_assert_eq(mmo_err(&mmo), -EINVAL);
		break;
	case 1:
		mmo.extensions = 1;
		igt_assert_eq(mmo_err(&mmo), -EINVAL);
		mmo.extensions = 0;
		mmo.reserved[0] = 1;
		igt_assert_eq(mmo_err(&mmo), -EINVAL);
		break;
	default:
		mmo.handle = bo + 1000;
		igt_assert_eq(mmo_err(&mmo), -ENOENT);
		mmo.handle = 0;
		igt_assert_eq(mmo_err(&mmo), -ENOENT);
		break;
	}
	gem_close(fd, bo);
	/* a closed BO has no offset any more */
	mmo = (struct drm_xe_gem_mmap_offset) { .handle = bo };
	igt_assert_eq(mmo_err(&mmo), -ENOENT);
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			fd = igt_xesim_guest_open_xe(&guest, "vram=32M", 1, 1);
		}

		igt_describe("Map, write and read back BOs in system memory.");
		igt_subtest("system")
			test_mmap(system_memory(fd));

		igt_describe("Map, write and read back BOs in VRAM.");
		igt_subtest("vram") {
			igt_require(vram_memory(fd, 0));
			test_mmap(vram_memory(fd, 0));
		}

		igt_describe("Map, write and read back BOs placed in VRAM or system memory.");
		igt_subtest("vram-system") {
			igt_require(vram_memory(fd, 0));
			test_mmap(vram_memory(fd, 0) | system_memory(fd));
		}

		igt_describe("New system-memory BOs never show an old BO's contents.");
		igt_subtest("system-reuse-zeroed")
			test_reuse_zeroed(system_memory(fd));

		igt_describe("New VRAM BOs never show an old BO's contents.");
		igt_subtest("vram-reuse-zeroed") {
			igt_require(vram_memory(fd, 0));
			test_reuse_zeroed(vram_memory(fd, 0));
		}

		igt_describe("GEM_MMAP_OFFSET refuses flags (EINVAL).");
		igt_subtest("bad-flags")
			test_bad(0);

		igt_describe("GEM_MMAP_OFFSET refuses extensions and reserved fields (EINVAL).");
		igt_subtest("bad-extensions")
			test_bad(1);

		igt_describe("GEM_MMAP_OFFSET of an unknown handle fails with ENOENT.");
		igt_subtest("bad-object")
			test_bad(2);
	}

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
	}
}
