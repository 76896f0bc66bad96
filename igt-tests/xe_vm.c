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

#define NULL_ADDR	0x40000000ull
#define NULL_SIZE	0x200000ull
/* register loads and stores relative to the engine's base (the CS-MMIO bit) */
#define MI_LRM_CS	(MI_INSTR(0x29, 2) | (1 << 19))
#define MI_SRM_CS	(MI_INSTR(0x24, 2) | (1 << 19))
#define CS_GPR(n)	(0x600 + (n) * 8)

static int emit_dw(__u32 *cs, int b, __u32 cmd, __u32 a, __u64 addr)
{
	cs[b++] = cmd;
	cs[b++] = a;
	cs[b++] = addr;
	cs[b++] = addr >> 32;
	return b;
}

/*
 * At @cs a batch that writes 0xdead at @null + 0x40, then copies the dwords at @null + 0x40
 * and at @null + @far through GPRs to @res and @res + 4, and stores 0x600d at @res + 8 last.
 * Returns its dwords.
 */
static int emit_null_probe(__u32 *cs, __u64 null, __u64 far, __u64 res)
{
	int b = 0;

	cs[b++] = MI_STORE_DWORD_IMM_GEN4;
	cs[b++] = null + 0x40;
	cs[b++] = (null + 0x40) >> 32;
	cs[b++] = 0xdead;
	b = emit_dw(cs, b, MI_LRM_CS, CS_GPR(0), null + 0x40);
	b = emit_dw(cs, b, MI_SRM_CS, CS_GPR(0), res);
	b = emit_dw(cs, b, MI_LRM_CS, CS_GPR(1), null + far);
	b = emit_dw(cs, b, MI_SRM_CS, CS_GPR(1), res + 4);
	cs[b++] = MI_STORE_DWORD_IMM_GEN4;
	cs[b++] = res + 8;
	cs[b++] = (res + 8) >> 32;
	cs[b++] = 0x600d;
	cs[b++] = MI_BATCH_BUFFER_END;
	return b;
}

/* Runs the probe batch at batch slot @slot (two slots long) on @q and waits for it. */
static void run_null_probe(struct batch *b, __u32 q, int slot, __u64 far)
{
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(fd, 0),
	};

	igt_assert_lte(emit_null_probe(b->map + slot * 16, NULL_ADDR, far, DATA_ADDR), 32);
	xe_exec_sync(fd, q, BATCH_ADDR + slot * 64, &sync, 1);
	igt_assert(syncobj_wait(fd, &sync.handle, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
	syncobj_destroy(fd, sync.handle);
}

static __u64 banned(__u32 q)
{
	__u64 ban = 0;

	igt_assert_eq(__xe_exec_queue_get_ban(fd, q, &ban), 0);
	return ban;
}

/* a NULL binding of [@addr, @addr + @size), done when this returns */
static void bind_null_wait(__u32 vm, __u64 addr, __u64 size)
{
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(fd, 0),
	};

	igt_assert_eq(__xe_vm_bind(fd, vm, 0, 0, 0, addr, size, DRM_XE_VM_BIND_OP_MAP,
				   DRM_XE_VM_BIND_FLAG_NULL, &sync, 1, 0), 0);
	igt_assert(syncobj_wait(fd, &sync.handle, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
	syncobj_destroy(fd, sync.handle);
}

/*
 * A NULL (sparse) binding, as on hardware: reads return zero, writes are dropped, and neither
 * faults; unbound again, the same read faults and the queue is banned.
 */
static void bind_null(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 bo = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	__u32 *data = xe_bo_map(fd, bo, BO_SIZE);
	struct batch b;
	__u32 q;

	batch_init(&b, vm);
	xe_vm_bind_sync(fd, vm, bo, 0, DATA_ADDR, BO_SIZE);
	bind_null_wait(vm, NULL_ADDR, NULL_SIZE);
	memset(data, 0xff, 16);
	run_null_probe(&b, b.q, 0, NULL_SIZE - 0x1000);
	igt_assert_eq_u32(data[0], 0);
	igt_assert_eq_u32(data[1], 0);
	igt_assert_eq_u32(data[2], 0x600d);
	igt_assert_eq_u64(banned(b.q), 0);

	/* without the NULL binding the same batch faults */
	xe_vm_unbind_sync(fd, vm, 0, NULL_ADDR, NULL_SIZE);
	q = xe_exec_queue_create(fd, vm, &xe_engine(fd, 0)->instance, 0);
	memset(data, 0xff, 16);
	run_null_probe(&b, q, 2, NULL_SIZE - 0x1000);
	igt_assert_eq_u32(data[2], 0xffffffff);
	igt_assert_eq_u64(banned(q), 1);
	xe_exec_queue_destroy(fd, q);

	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	batch_fini(&b);
	munmap(data, BO_SIZE);
	gem_close(fd, bo);
	xe_vm_destroy(fd, vm);
}

/*
 * A BO bound over part of a NULL range splits it: stores there reach the BO, the rest of the
 * range still reads zero; the BO unbound, the split-off parts stay NULL.
 */
static void bind_null_partial(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 bo = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	__u32 res = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	__u32 *data = xe_bo_map(fd, res, BO_SIZE), *over = xe_bo_map(fd, bo, BO_SIZE);
	struct batch b;

	batch_init(&b, vm);
	xe_vm_bind_sync(fd, vm, res, 0, DATA_ADDR, BO_SIZE);
	bind_null_wait(vm, NULL_ADDR, NULL_SIZE);
	/* the BO over [0, 64 KiB) of the range: the probe's write at 0x40 lands there */
	xe_vm_bind_sync(fd, vm, bo, 0, NULL_ADDR, BO_SIZE);
	memset(data, 0xff, 16);
	run_null_probe(&b, b.q, 0, NULL_SIZE - 0x1000);
	igt_assert_eq_u32(over[0x40 / 4], 0xdead);
	igt_assert_eq_u32(data[0], 0xdead);
	igt_assert_eq_u32(data[1], 0);
	igt_assert_eq_u32(data[2], 0x600d);
	igt_assert_eq_u64(banned(b.q), 0);
	/* unbinding the BO leaves a hole; the rest of the range is still NULL */
	xe_vm_unbind_sync(fd, vm, 0, NULL_ADDR, BO_SIZE);
	bind_null_wait(vm, NULL_ADDR, BO_SIZE);
	memset(data, 0xff, 16);
	over[0x40 / 4] = 0;
	run_null_probe(&b, b.q, 2, NULL_SIZE - 0x1000);
	igt_assert_eq_u32(data[0], 0);
	igt_assert_eq_u32(data[1], 0);
	igt_assert_eq_u32(data[2], 0x600d);
	igt_assert_eq_u32(over[0x40 / 4], 0);
	igt_assert_eq_u64(banned(b.q), 0);
	xe_vm_unbind_sync(fd, vm, 0, NULL_ADDR, NULL_SIZE);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	batch_fini(&b);
	munmap(data, BO_SIZE);
	munmap(over, BO_SIZE);
	gem_close(fd, bo);
	gem_close(fd, res);
	xe_vm_destroy(fd, vm);
}

/* NULL binds take no object, no offset and only MAP: EINVAL otherwise. */
static void bind_null_invalid(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 bo = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	__u32 null = DRM_XE_VM_BIND_FLAG_NULL;

	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, 0, NULL_ADDR, BO_SIZE, DRM_XE_VM_BIND_OP_MAP,
				   null, NULL, 0, 0), -EINVAL);
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, 0, 0x1000, NULL_ADDR, BO_SIZE,
				   DRM_XE_VM_BIND_OP_MAP, null, NULL, 0, 0), -EINVAL);
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, 0, 0, NULL_ADDR, BO_SIZE, DRM_XE_VM_BIND_OP_UNMAP,
				   null, NULL, 0, 0), -EINVAL);
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, 0, 0, NULL_ADDR + 8, BO_SIZE,
				   DRM_XE_VM_BIND_OP_MAP, null, NULL, 0, 0), -EINVAL);
	/* and without the flag, MAP needs an object */
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, 0, 0, NULL_ADDR, BO_SIZE, DRM_XE_VM_BIND_OP_MAP,
				   0, NULL, 0, 0), -EINVAL);
	gem_close(fd, bo);
	xe_vm_destroy(fd, vm);
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
		igt_describe("A NULL binding reads zero and drops writes; unbound, it faults.");
		igt_subtest("bind-null")
			bind_null();

		igt_describe("A BO bound over part of a NULL range; the rest stays NULL.");
		igt_subtest("bind-null-partial")
			bind_null_partial();

		igt_describe("NULL binds take no object, no offset and only MAP.");
		igt_subtest("bind-null-invalid")
			bind_null_invalid();

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
