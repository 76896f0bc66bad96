// SPDX-License-Identifier: MIT
/*
 * Store-dword batches on every engine of a VF, the result read back by the CPU.
 */
#include <sys/mman.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Store a dword from a batch buffer on each engine and check it.");

#define BATCH_ADDR	0x1a0000ull
#define DATA_ADDR	0x3a0000ull
#define BO_SIZE		0x10000ull

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

/* Writes at @batch a batch that stores @value at @addr, and returns its length in dwords. */
static int emit_store(__u32 *batch, __u64 addr, __u32 value)
{
	int b = 0;

	batch[b++] = MI_STORE_DWORD_IMM_GEN4;
	batch[b++] = addr;
	batch[b++] = addr >> 32;
	batch[b++] = value;
	batch[b++] = MI_BATCH_BUFFER_END;
	return b;
}

/*
 * One store per engine, each into its own dword of a BO in @data_region, each through its
 * own queue; the CPU then finds every value, and nothing else, where it belongs.
 */
static void store_all_engines(__u64 data_region)
{
	struct drm_xe_engine_class_instance *hwe;
	__u32 vm, batch_bo, data_bo, *batch, *data;
	unsigned int n = 0, i;

	vm = xe_vm_create(fd, 0, 0);
	batch_bo = xe_bo_create(fd, vm, BO_SIZE, system_memory(fd), 0);
	data_bo = xe_bo_create(fd, vm, BO_SIZE, data_region, 0);
	batch = xe_bo_map(fd, batch_bo, BO_SIZE);
	data = xe_bo_map(fd, data_bo, BO_SIZE);
	memset(data, 0, BO_SIZE);
	xe_vm_bind_sync(fd, vm, batch_bo, 0, BATCH_ADDR, BO_SIZE);
	xe_vm_bind_sync(fd, vm, data_bo, 0, DATA_ADDR, BO_SIZE);

	xe_for_each_engine(fd, hwe) {
		__u32 off = n * 64, q;

		/* a batch per engine, 256 bytes apart; the value names the engine */
		emit_store(batch + off, DATA_ADDR + n * 4, 0xc0ffee00 + n);
		q = xe_exec_queue_create(fd, vm, hwe, 0);
		igt_debug("store on %s%u\n", xe_engine_class_string(hwe->engine_class),
			  hwe->engine_instance);
		xe_exec_wait(fd, q, BATCH_ADDR + off * 4);
		xe_exec_queue_destroy(fd, q);
		n++;
	}
	igt_assert_lt(0, (int)n);
	for (i = 0; i < BO_SIZE / 4; i++)
		igt_assert_eq_u32(data[i], i < n ? 0xc0ffee00 + i : 0);

	xe_vm_unbind_sync(fd, vm, 0, BATCH_ADDR, BO_SIZE);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	munmap(batch, BO_SIZE);
	munmap(data, BO_SIZE);
	gem_close(fd, batch_bo);
	gem_close(fd, data_bo);
	xe_vm_destroy(fd, vm);
}

/* Stores from each engine class in turn on one queue per class, many times over. */
static void store_each_class(unsigned int engine_class)
{
	__u32 vm, bo, *map, q;
	int i;

	vm = xe_vm_create(fd, 0, 0);
	bo = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	map = xe_bo_map(fd, bo, BO_SIZE);
	memset(map, 0, BO_SIZE);
	xe_vm_bind_sync(fd, vm, bo, 0, BATCH_ADDR, BO_SIZE);
	q = xe_exec_queue_create_class(fd, vm, engine_class);

	for (i = 0; i < 16; i++) {
		__u32 *batch = map + i * 16;

		emit_store(batch, BATCH_ADDR + 0x8000 + i * 4, 0x1000 * engine_class + i + 1);
		xe_exec_wait(fd, q, BATCH_ADDR + i * 64);
		igt_assert_eq_u32(map[0x8000 / 4 + i], 0x1000 * engine_class + i + 1);
	}

	xe_exec_queue_destroy(fd, q);
	xe_vm_unbind_sync(fd, vm, 0, BATCH_ADDR, BO_SIZE);
	munmap(map, BO_SIZE);
	gem_close(fd, bo);
	xe_vm_destroy(fd, vm);
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			fd = igt_xesim_guest_open_xe(&guest, "vram=32M", 1, 1);
		}

		igt_describe("A store-dword on every engine into system memory.");
		igt_subtest("basic-store")
			store_all_engines(system_memory(fd));

		igt_describe("A store-dword on every engine into VRAM.");
		igt_subtest("basic-store-vram") {
			igt_require(vram_memory(fd, 0));
			store_all_engines(vram_memory(fd, 0));
		}

		igt_describe("Stores on the render engine, one batch after another.");
		igt_subtest("basic-store-rcs")
			store_each_class(DRM_XE_ENGINE_CLASS_RENDER);

		igt_describe("Stores on the copy engine, one batch after another.");
		igt_subtest("basic-store-bcs")
			store_each_class(DRM_XE_ENGINE_CLASS_COPY);
	}

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
	}
}
