// SPDX-License-Identifier: MIT
/*
 * VMs on a VF: binds and unbinds, checked by what a GPU store writes where, and the
 * arguments VM_CREATE, VM_DESTROY and VM_BIND refuse.
 */
#include <sys/mman.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Bind and unbind BOs in a VM, and check the VM ioctls' arguments.");

#define BATCH_ADDR	0x100000ull
#define DATA_ADDR	0x800000ull
#define BO_SIZE		0x10000ull

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

/* The batch BO of a test, bound at BATCH_ADDR, with a store-dword batch per 64 bytes. */
struct batch {
	__u32 vm, bo, q, *map;
	int next;
};

static void batch_init(struct batch *b, __u32 vm)
{
	b->vm = vm;
	b->bo = xe_bo_create(fd, vm, BO_SIZE, system_memory(fd), 0);
	b->map = xe_bo_map(fd, b->bo, BO_SIZE);
	b->next = 0;
	xe_vm_bind_sync(fd, vm, b->bo, 0, BATCH_ADDR, BO_SIZE);
	b->q = xe_exec_queue_create(fd, vm, &xe_engine(fd, 0)->instance, 0);
}

/* Runs a store of @value to GPU address @addr and waits for it. */
static void batch_store(struct batch *b, __u64 addr, __u32 value)
{
	__u32 *cs = b->map + b->next * 16;

	igt_assert_lt(b->next, (int)(BO_SIZE / 64));
	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = addr;
	cs[2] = addr >> 32;
	cs[3] = value;
	cs[4] = MI_BATCH_BUFFER_END;
	xe_exec_wait(fd, b->q, BATCH_ADDR + b->next * 64);
	b->next++;
}

static void batch_fini(struct batch *b)
{
	xe_exec_queue_destroy(fd, b->q);
	xe_vm_unbind_sync(fd, b->vm, 0, BATCH_ADDR, BO_SIZE);
	munmap(b->map, BO_SIZE);
	gem_close(fd, b->bo);
}

/* A BO bound once: the GPU's store reaches it at the bound offset. */
static void bind_once(__u64 region)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 bo = xe_bo_create(fd, 0, BO_SIZE, region, 0);
	__u32 *data = xe_bo_map(fd, bo, BO_SIZE);
	struct batch b;

	batch_init(&b, vm);
	xe_vm_bind_sync(fd, vm, bo, 0, DATA_ADDR, BO_SIZE);
	batch_store(&b, DATA_ADDR + 0x1234 * 4, 0xb1d0b1d0);
	igt_assert_eq_u32(data[0x1234], 0xb1d0b1d0);
	igt_assert_eq_u32(data[0x1233], 0);
	igt_assert_eq_u32(data[0x1235], 0);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	batch_fini(&b);
	munmap(data, BO_SIZE);
	gem_close(fd, bo);
	xe_vm_destroy(fd, vm);
}

/*
 * One BO bound at four addresses, the last through a BO offset: a store through each
 * address lands in the one BO, at the offset the binding gives.
 */
static void bind_one_bo_many_times(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 bo = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	__u32 *data = xe_bo_map(fd, bo, BO_SIZE);
	struct batch b;
	int i;

	batch_init(&b, vm);
	for (i = 0; i < 3; i++)
		xe_vm_bind_sync(fd, vm, bo, 0, DATA_ADDR + i * 0x100000, BO_SIZE);
	xe_vm_bind_sync(fd, vm, bo, 0x8000, DATA_ADDR + 3 * 0x100000, 0x8000);
	for (i = 0; i < 4; i++)
		batch_store(&b, DATA_ADDR + i * 0x100000 + i * 4, 0x1000 + i);
	for (i = 0; i < 3; i++)
		igt_assert_eq_u32(data[i], 0x1000 + i);
	igt_assert_eq_u32(data[3], 0);
	igt_assert_eq_u32(data[0x8000 / 4 + 3], 0x1003);
	for (i = 0; i < 3; i++)
		xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR + i * 0x100000, BO_SIZE);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR + 3 * 0x100000, 0x8000);
	batch_fini(&b);
	munmap(data, BO_SIZE);
	gem_close(fd, bo);
	xe_vm_destroy(fd, vm);
}

/*
 * After an unbind, the address maps to nothing of the old BO: binding another BO there
 * sends the next store to the new BO, and the old one keeps its contents.
 */
static void unbind_rebind(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 bo1 = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	__u32 bo2 = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	__u32 *d1 = xe_bo_map(fd, bo1, BO_SIZE), *d2 = xe_bo_map(fd, bo2, BO_SIZE);
	struct batch b;

	batch_init(&b, vm);
	xe_vm_bind_sync(fd, vm, bo1, 0, DATA_ADDR, BO_SIZE);
	batch_store(&b, DATA_ADDR, 1);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	xe_vm_bind_sync(fd, vm, bo2, 0, DATA_ADDR, BO_SIZE);
	batch_store(&b, DATA_ADDR, 2);
	igt_assert_eq_u32(d1[0], 1);
	igt_assert_eq_u32(d2[0], 2);
	/* a partial unbind leaves the rest of the binding in place */
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, 0x1000);
	batch_store(&b, DATA_ADDR + 0x1000, 3);
	igt_assert_eq_u32(d2[0x1000 / 4], 3);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR + 0x1000, BO_SIZE - 0x1000);
	batch_fini(&b);
	munmap(d1, BO_SIZE);
	munmap(d2, BO_SIZE);
	gem_close(fd, bo1);
	gem_close(fd, bo2);
	xe_vm_destroy(fd, vm);
}

static int vm_create_err(struct drm_xe_vm_create *c)
{
	int err = igt_ioctl(fd, DRM_IOCTL_XE_VM_CREATE, c) ? -errno : 0;

	if (!err)
		xe_vm_destroy(fd, c->vm_id);
	return err;
}

static void vm_create_invalid(void)
{
	struct drm_xe_vm_create c = {};

	igt_assert_eq(vm_create_err(&c), 0);
	c.extensions = 1;
	igt_assert_eq(vm_create_err(&c), -EINVAL);
	c = (struct drm_xe_vm_create) { .reserved[0] = 1 };
	igt_assert_eq(vm_create_err(&c), -EINVAL);
	c = (struct drm_xe_vm_create) { .flags = DRM_XE_VM_CREATE_FLAG_FAULT_MODE << 1 };
	igt_assert_eq(vm_create_err(&c), -EINVAL);
	/* fault mode needs LR mode */
	c = (struct drm_xe_vm_create) { .flags = DRM_XE_VM_CREATE_FLAG_FAULT_MODE };
	igt_assert_eq(vm_create_err(&c), -EINVAL);
}

static void vm_destroy_invalid(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	struct drm_xe_vm_destroy d = { .vm_id = vm, .pad = 1 };

	do_ioctl_err(fd, DRM_IOCTL_XE_VM_DESTROY, &d, EINVAL);
	d.pad = 0;
	d.reserved[0] = 1;
	do_ioctl_err(fd, DRM_IOCTL_XE_VM_DESTROY, &d, EINVAL);
	d.reserved[0] = 0;
	d.vm_id = vm + 1000;
	do_ioctl_err(fd, DRM_IOCTL_XE_VM_DESTROY, &d, ENOENT);
	xe_vm_destroy(fd, vm);
	igt_assert_eq(__xe_vm_destroy(fd, vm), -ENOENT);
}

static void bind_invalid(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 bo = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	__u32 map = DRM_XE_VM_BIND_OP_MAP;
	struct drm_xe_vm_bind bind = {
		.vm_id = vm, .num_binds = 1, .pad = 1,
		.bind = { .obj = bo, .range = BO_SIZE, .addr = DATA_ADDR, .pat_index = 2 },
	};
	struct drm_xe_sync sync = { .type = 0x7f, .flags = DRM_XE_SYNC_FLAG_SIGNAL };

	/* header fields */
	do_ioctl_err(fd, DRM_IOCTL_XE_VM_BIND, &bind, EINVAL);
	bind.pad = 0;
	bind.extensions = 1;
	do_ioctl_err(fd, DRM_IOCTL_XE_VM_BIND, &bind, EINVAL);
	bind.extensions = 0;
	bind.reserved[1] = 1;
	do_ioctl_err(fd, DRM_IOCTL_XE_VM_BIND, &bind, EINVAL);
	bind.reserved[1] = 0;
	bind.num_syncs = DRM_XE_MAX_SYNCS + 1;
	do_ioctl_err(fd, DRM_IOCTL_XE_VM_BIND, &bind, EINVAL);
	bind.num_syncs = 0;

	/* the operation */
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0, DATA_ADDR, BO_SIZE, 0x7f, 0, NULL, 0, 0),
		      -EINVAL);
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0, DATA_ADDR, BO_SIZE, map, 1u << 31, NULL, 0,
				   0), -EINVAL);
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0, DATA_ADDR + 8, BO_SIZE - 0x1000, map, 0,
				   NULL, 0, 0), -EINVAL);
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0x800, DATA_ADDR, 0x1000, map, 0, NULL, 0,
				   0), -EINVAL);
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0, DATA_ADDR, 0x1800, map, 0, NULL, 0, 0),
		      -EINVAL);
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0, DATA_ADDR, 0, map, 0, NULL, 0, 0),
		      -EINVAL);
	/* more than the BO holds */
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0x1000, DATA_ADDR, BO_SIZE, map, 0, NULL, 0,
				   0), -EINVAL);
	/* past the VM's end */
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0, (1ull << xe_va_bits(fd)) - 0x1000,
				   BO_SIZE, map, 0, NULL, 0, 0), -EINVAL);
	/* unknown BO and VM */
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo + 1000, 0, DATA_ADDR, BO_SIZE, map, 0, NULL, 0,
				   0), -ENOENT);
	igt_assert_eq(__xe_vm_bind(fd, vm + 1000, 0, bo, 0, DATA_ADDR, BO_SIZE, map, 0, NULL, 0,
				   0), -EINVAL);
	/* an unknown sync type, and a sync array the kernel cannot read */
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0, DATA_ADDR, BO_SIZE, map, 0, &sync, 1, 0),
		      -EINVAL);
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0, DATA_ADDR, BO_SIZE, map, 0,
				   (struct drm_xe_sync *)8, 1, 0), -EFAULT);
	/* a signal to a sync object that does not exist */
	sync = (struct drm_xe_sync) {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = 0xfff,
	};
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0, DATA_ADDR, BO_SIZE, map, 0, &sync, 1, 0),
		      -ENOENT);

	/* after all that, a good bind still works */
	xe_vm_bind_sync(fd, vm, bo, 0, DATA_ADDR, BO_SIZE);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	gem_close(fd, bo);
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

		igt_describe("A system-memory BO bound once takes a GPU store.");
		igt_subtest("bind-once")
			bind_once(system_memory(fd));

		igt_describe("A VRAM BO bound once takes a GPU store.");
		igt_subtest("bind-once-vram") {
			igt_require(vram_memory(fd, 0));
			bind_once(vram_memory(fd, 0));
		}

		igt_describe("One BO bound at several addresses and offsets.");
		igt_subtest("bind-one-bo-many-times")
			bind_one_bo_many_times();

		igt_describe("Unbind, full and partial, then rebind another BO at the address.");
		igt_subtest("unbind-rebind")
			unbind_rebind();

		igt_describe("VM_CREATE refuses extensions, reserved fields and bad flags.");
		igt_subtest("vm-create-invalid")
			vm_create_invalid();

		igt_describe("VM_DESTROY refuses padding and unknown VMs.");
		igt_subtest("vm-destroy-invalid")
			vm_destroy_invalid();

		igt_describe("VM_BIND refuses bad fields, ranges, objects, VMs and syncs.");
		igt_subtest("bind-invalid")
			bind_invalid();
	}

	igt_fixture {
		if (fd >= 0) {
			xe_device_put(fd);
			drm_close_driver(fd);
		}
		igt_xesim_guest_destroy(&guest);
	}
}
