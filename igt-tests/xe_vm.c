// SPDX-License-Identifier: MIT
/*
 * VMs on a VF: binds and unbinds (of BOs, NULL ranges and userptrs), checked by what a GPU
 * store writes where, and the arguments VM_CREATE, VM_DESTROY and VM_BIND refuse.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"
#include "xe/xe_spin.h"

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

/* the batch BO without its binding: the caller binds it at BATCH_ADDR, then calls batch_queue() */
static void batch_bo(struct batch *b, __u32 vm)
{
	b->vm = vm;
	b->bo = xe_bo_create(fd, vm, BO_SIZE, system_memory(fd), 0);
	b->map = xe_bo_map(fd, b->bo, BO_SIZE);
	b->next = 0;
}

static void batch_queue(struct batch *b)
{
	b->q = xe_exec_queue_create(fd, b->vm, &xe_engine(fd, 0)->instance, 0);
}

static void batch_init(struct batch *b, __u32 vm)
{
	batch_bo(b, vm);
	xe_vm_bind_sync(fd, vm, b->bo, 0, BATCH_ADDR, BO_SIZE);
	batch_queue(b);
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

/* ---- userptr ---- */

#define UP_ADDR		0x20000000ull
#define UP_SIZE		0x10000ull

/* Waits for a bind's signal syncobj if the bind went in (binds are asynchronous). */
static int bind_wait(int err, __u32 so)
{
	if (!err)
		igt_assert(syncobj_wait(fd, &so, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
	syncobj_destroy(fd, so);
	return err;
}

/* MAP_USERPTR of @ptr; when it succeeds, returns once the binding is in place. */
static int bind_userptr(__u32 vm, void *ptr, __u64 addr, __u64 size, __u32 flags)
{
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(fd, 0),
	};

	return bind_wait(__xe_vm_bind(fd, vm, 0, 0, (__u64)(uintptr_t)ptr, addr, size,
				      DRM_XE_VM_BIND_OP_MAP_USERPTR, flags, &sync, 1, 0),
			 sync.handle);
}

static void *map_anon(void *at, __u64 size)
{
	void *p = mmap(at, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | (at ? MAP_FIXED : 0), -1, 0);

	igt_assert(p != MAP_FAILED);
	igt_assert(!at || p == at);
	return p;
}

/* The next two batch slots of @b, for a batch the caller writes. */
static __u32 *batch_slot(struct batch *b)
{
	igt_assert_lt(b->next, (int)(BO_SIZE / 64) - 1);
	return b->map + b->next * 16;
}

/* Runs the batch of batch_slot() on @q (which the batch may get banned) and waits for it. */
static void batch_run(struct batch *b, __u32 q)
{
	xe_exec_wait(fd, q, BATCH_ADDR + b->next * 64);
	b->next += 2;
}

/* A store of @value at @addr on queue @q. */
static void store_on(struct batch *b, __u32 q, __u64 addr, __u32 value)
{
	__u32 *cs = batch_slot(b);

	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = addr;
	cs[2] = addr >> 32;
	cs[3] = value;
	cs[4] = MI_BATCH_BUFFER_END;
	batch_run(b, q);
}

/* The GPU copies the dword at @src to @dst (through GPR0). */
static void copy_dword(struct batch *b, __u64 src, __u64 dst)
{
	__u32 *cs = batch_slot(b);
	int n = 0;

	n = emit_dw(cs, n, MI_LRM_CS, CS_GPR(0), src);
	n = emit_dw(cs, n, MI_SRM_CS, CS_GPR(0), dst);
	cs[n++] = MI_BATCH_BUFFER_END;
	batch_run(b, b->q);
}

/* A VM with the batch BO and a result BO at DATA_ADDR, mapped at *@data. */
static __u32 userptr_vm(struct batch *b, __u32 *res, __u32 **data)
{
	__u32 vm = xe_vm_create(fd, 0, 0);

	*res = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	*data = xe_bo_map(fd, *res, BO_SIZE);
	batch_init(b, vm);
	xe_vm_bind_sync(fd, vm, *res, 0, DATA_ADDR, BO_SIZE);
	return vm;
}

static void userptr_vm_fini(struct batch *b, __u32 res, __u32 *data)
{
	xe_vm_unbind_sync(fd, b->vm, 0, DATA_ADDR, BO_SIZE);
	batch_fini(b);
	munmap(data, BO_SIZE);
	gem_close(fd, res);
	xe_vm_destroy(fd, b->vm);
}

/*
 * User memory bound as a userptr: a GPU store lands in it at the offset the binding gives,
 * and the GPU reads what the CPU wrote there. @from_malloc: the heap rather than mmap.
 */
static void bind_userptr_once(bool from_malloc)
{
	__u32 res, *data, *up;
	struct batch b;
	void *p;

	userptr_vm(&b, &res, &data);
	if (from_malloc)
		igt_assert_eq(posix_memalign(&p, 0x1000, UP_SIZE), 0);
	else
		p = map_anon(NULL, UP_SIZE);
	up = p;
	memset(up, 0, UP_SIZE);
	igt_assert_eq(bind_userptr(b.vm, up, UP_ADDR, UP_SIZE, 0), 0);
	store_on(&b, b.q, UP_ADDR + 0x1234 * 4, 0xc0ffee01);
	igt_assert_eq_u32(up[0x1234], 0xc0ffee01);
	igt_assert_eq_u32(up[0x1233], 0);
	igt_assert_eq_u32(up[0x1235], 0);
	up[0x2345] = 0x5eed1234;
	copy_dword(&b, UP_ADDR + 0x2345 * 4, DATA_ADDR);
	igt_assert_eq_u32(data[0], 0x5eed1234);
	/* a second userptr of the same memory, at an offset: one page in, one page less */
	igt_assert_eq(bind_userptr(b.vm, up + 0x400, UP_ADDR + UP_SIZE, UP_SIZE - 0x1000, 0), 0);
	store_on(&b, b.q, UP_ADDR + UP_SIZE + 0x10, 0xc0ffee02);
	igt_assert_eq_u32(up[0x404], 0xc0ffee02);
	xe_vm_unbind_sync(fd, b.vm, 0, UP_ADDR, 2 * UP_SIZE);
	userptr_vm_fini(&b, res, data);
	if (from_malloc)
		free(p);
	else
		munmap(p, UP_SIZE);
}

/* A READONLY userptr: the GPU reads it; its write faults, bans the queue, and is not done. */
static void bind_userptr_readonly(void)
{
	__u32 res, *data, *up = map_anon(NULL, UP_SIZE);
	struct batch b;
	__u32 q;

	userptr_vm(&b, &res, &data);
	memset(up, 0, UP_SIZE);
	up[0x10] = 0x12345678;
	igt_assert_eq(bind_userptr(b.vm, up, UP_ADDR, UP_SIZE, DRM_XE_VM_BIND_FLAG_READONLY), 0);
	copy_dword(&b, UP_ADDR + 0x40, DATA_ADDR);
	igt_assert_eq_u32(data[0], 0x12345678);
	q = xe_exec_queue_create(fd, b.vm, &xe_engine(fd, 0)->instance, 0);
	store_on(&b, q, UP_ADDR + 0x80, 0xbad);
	igt_assert_eq_u64(banned(q), 1);
	igt_assert_eq_u32(up[0x20], 0);
	xe_exec_queue_destroy(fd, q);
	/* the other queue and the binding are fine */
	copy_dword(&b, UP_ADDR + 0x40, DATA_ADDR + 4);
	igt_assert_eq_u32(data[1], 0x12345678);
	igt_assert_eq_u64(banned(b.q), 0);
	xe_vm_unbind_sync(fd, b.vm, 0, UP_ADDR, UP_SIZE);
	userptr_vm_fini(&b, res, data);
	munmap(up, UP_SIZE);
}

/*
 * The CPU range changes under a bound userptr (MADV_DONTNEED drops its pages, a MAP_FIXED
 * mapping replaces them): the next EXEC binds the new pages, so the GPU's store is seen at
 * the address and the GPU reads what the CPU wrote to the new pages.
 */
static void bind_userptr_invalidate(void)
{
	__u32 res, *data, *up = map_anon(NULL, UP_SIZE);
	struct batch b;

	userptr_vm(&b, &res, &data);
	memset(up, 0, UP_SIZE);
	igt_assert_eq(bind_userptr(b.vm, up, UP_ADDR, UP_SIZE, 0), 0);
	store_on(&b, b.q, UP_ADDR + 0x100, 0x1111);
	igt_assert_eq_u32(up[0x40], 0x1111);

	igt_assert_eq(madvise(up, UP_SIZE, MADV_DONTNEED), 0);
	igt_assert_eq_u32(up[0x40], 0);
	store_on(&b, b.q, UP_ADDR + 0x100, 0x2222);
	igt_assert_eq_u32(up[0x40], 0x2222);
	up[0x80] = 0x3333;
	copy_dword(&b, UP_ADDR + 0x200, DATA_ADDR);
	igt_assert_eq_u32(data[0], 0x3333);

	/* only part of the range, with a page the GPU writes and one it reads */
	igt_assert_eq(madvise(up + 0x1000, 0x2000, MADV_DONTNEED), 0);
	up[0x1400] = 0x4444;
	store_on(&b, b.q, UP_ADDR + 0x4000, 0x5555);
	copy_dword(&b, UP_ADDR + 0x5000, DATA_ADDR + 4);
	igt_assert_eq_u32(up[0x1000], 0x5555);
	igt_assert_eq_u32(data[1], 0x4444);
	igt_assert_eq_u32(up[0x40], 0x2222);

	igt_assert(map_anon(up, UP_SIZE) == up);
	igt_assert_eq_u32(up[0x40], 0);
	store_on(&b, b.q, UP_ADDR + 0x100, 0x6666);
	igt_assert_eq_u32(up[0x40], 0x6666);
	igt_assert_eq_u64(banned(b.q), 0);
	xe_vm_unbind_sync(fd, b.vm, 0, UP_ADDR, UP_SIZE);
	userptr_vm_fini(&b, res, data);
	munmap(up, UP_SIZE);
}

/*
 * munmap of a bound userptr's memory: the GPU never writes the pages it had again. The
 * memory is a memfd mapped twice, so its pages outlive the userptr's mapping and the second
 * view shows any write to them. The EXEC after the munmap succeeds, as on upstream xe (the
 * userptr's range is unbound); a store there faults and bans its queue, and so does one after
 * new memory is mapped at the same address, which stays untouched too.
 */
static void bind_userptr_munmap(void)
{
	__u32 res, *data, *up, *view, *fresh;
	int mfd = memfd_create("userptr", 0);
	struct batch b;
	__u32 q;

	igt_assert_fd(mfd);
	igt_assert_eq(ftruncate(mfd, UP_SIZE), 0);
	up = mmap(NULL, UP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	view = mmap(NULL, UP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	igt_assert(up != MAP_FAILED && view != MAP_FAILED);
	userptr_vm(&b, &res, &data);
	igt_assert_eq(bind_userptr(b.vm, up, UP_ADDR, UP_SIZE, 0), 0);
	store_on(&b, b.q, UP_ADDR + 0x20, 0xaaaa);
	igt_assert_eq_u32(view[8], 0xaaaa);

	igt_assert_eq(munmap(up, UP_SIZE), 0);
	q = xe_exec_queue_create(fd, b.vm, &xe_engine(fd, 0)->instance, 0);
	store_on(&b, q, UP_ADDR + 0x20, 0xbbbb);
	igt_assert_eq_u32(view[8], 0xaaaa);
	igt_assert_eq_u64(banned(q), 1);
	xe_exec_queue_destroy(fd, q);

	fresh = map_anon(up, UP_SIZE);
	q = xe_exec_queue_create(fd, b.vm, &xe_engine(fd, 0)->instance, 0);
	store_on(&b, q, UP_ADDR + 0x20, 0xcccc);
	igt_assert_eq_u32(fresh[8], 0);
	igt_assert_eq_u32(view[8], 0xaaaa);
	igt_assert_eq_u64(banned(q), 1);
	xe_exec_queue_destroy(fd, q);

	/* the VM's other bindings still work; the userptr unbinds */
	store_on(&b, b.q, DATA_ADDR, 0xdddd);
	igt_assert_eq_u32(data[0], 0xdddd);
	xe_vm_unbind_sync(fd, b.vm, 0, UP_ADDR, UP_SIZE);
	userptr_vm_fini(&b, res, data);
	munmap(fresh, UP_SIZE);
	munmap(view, UP_SIZE);
	close(mfd);
}

/*
 * Part of a userptr unbound: the pieces before and after still reach the memory (and follow
 * it when it changes), the hole faults.
 */
static void bind_userptr_partial_unbind(void)
{
	__u32 res, *data, *up = map_anon(NULL, UP_SIZE);
	struct batch b;
	__u32 q;

	userptr_vm(&b, &res, &data);
	memset(up, 0, UP_SIZE);
	igt_assert_eq(bind_userptr(b.vm, up, UP_ADDR, UP_SIZE, 0), 0);
	xe_vm_unbind_sync(fd, b.vm, 0, UP_ADDR + 0x4000, 0x4000);
	store_on(&b, b.q, UP_ADDR + 0x100, 0x7001);
	store_on(&b, b.q, UP_ADDR + 0x8010, 0x7002);
	igt_assert_eq_u32(up[0x40], 0x7001);
	igt_assert_eq_u32(up[0x2004], 0x7002);
	q = xe_exec_queue_create(fd, b.vm, &xe_engine(fd, 0)->instance, 0);
	store_on(&b, q, UP_ADDR + 0x4000, 0x7003);
	igt_assert_eq_u64(banned(q), 1);
	igt_assert_eq_u32(up[0x1000], 0);
	xe_exec_queue_destroy(fd, q);

	igt_assert_eq(madvise(up, UP_SIZE, MADV_DONTNEED), 0);
	store_on(&b, b.q, UP_ADDR + 0x100, 0x7004);
	store_on(&b, b.q, UP_ADDR + 0xfffc, 0x7005);
	igt_assert_eq_u32(up[0x40], 0x7004);
	igt_assert_eq_u32(up[0x3fff], 0x7005);
	xe_vm_unbind_sync(fd, b.vm, 0, UP_ADDR, UP_SIZE);
	userptr_vm_fini(&b, res, data);
	munmap(up, UP_SIZE);
}

/*
 * MADV_DONTNEED under a batch that is running from the userptr's first page: the notifier
 * waits for the job before the page goes, so when madvise() returns the job has ended, the
 * GPU wrote its spinner's words to the old page, and the CPU sees the new, empty one.
 */
static void bind_userptr_invalidate_busy(void)
{
	__u32 res, *data, *up = map_anon(NULL, UP_SIZE);
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(fd, 0),
	};
	struct xe_spin *spin = (struct xe_spin *)up;
	struct batch b;
	bool ended;

	userptr_vm(&b, &res, &data);
	xe_spin_init_opts(spin, .addr = UP_ADDR,
			  .ctx_ticks = xe_spin_nsec_to_ticks(fd, 0, 100000000ull));
	igt_assert_eq(bind_userptr(b.vm, up, UP_ADDR, UP_SIZE, 0), 0);
	xe_exec_sync(fd, b.q, UP_ADDR, &sync, 1);
	xe_spin_wait_started(spin);
	igt_assert_eq(madvise(up, 0x1000, MADV_DONTNEED), 0);
	ended = syncobj_wait(fd, &sync.handle, 1, 0, 0, NULL);
	igt_assert(syncobj_wait(fd, &sync.handle, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
	igt_assert_f(ended, "madvise() returned with the job still running on the old page\n");
	igt_assert_eq_u32(spin->start, 0);
	igt_assert_eq_u64(banned(b.q), 0);
	syncobj_destroy(fd, sync.handle);
	xe_vm_unbind_sync(fd, b.vm, 0, UP_ADDR, UP_SIZE);
	userptr_vm_fini(&b, res, data);
	munmap(up, UP_SIZE);
}

/* most invalidations per store: the burst ends, so that the EXEC can too */
#define RACE_BURST 200

struct race {
	void *page;
	unsigned int round;
	unsigned int done;
	bool stop;
	int err;
	unsigned long madvises;
	unsigned int capped;
};

static void *race_madvise(void *arg)
{
	struct race *r = arg;
	unsigned int seen = 0, round, i;

	for (;;) {
		while ((round = __atomic_load_n(&r->round, __ATOMIC_ACQUIRE)) == seen &&
		       !__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE))
			sched_yield();
		if (round == seen)
			return NULL;
		seen = round;
		for (i = 0; i < RACE_BURST && !r->err &&
		     __atomic_load_n(&r->done, __ATOMIC_ACQUIRE) != round; i++) {
			if (madvise(r->page, 0x1000, MADV_DONTNEED))
				r->err = errno;
			r->madvises++;
		}
		r->capped += i == RACE_BURST;
	}
}

/*
 * A thread drops the first page of a bound userptr again and again from the start of each
 * store to its third page until the store is done: the invalidations race the EXEC, which
 * must either see them and pin again, or have its job waited for by them; no store is lost
 * to emptied leaves and no queue faults. An endless stream of invalidations would keep the
 * EXEC pinning again (upstream's does the same), so a burst ends after RACE_BURST.
 */
static void bind_userptr_invalidate_race(void)
{
	__u32 res, *data, *up = map_anon(NULL, UP_SIZE);
	struct race r = { .page = up };
	struct batch b;
	pthread_t tid;
	int i;

	userptr_vm(&b, &res, &data);
	memset(up, 0, UP_SIZE);
	igt_assert_eq(bind_userptr(b.vm, up, UP_ADDR, UP_SIZE, 0), 0);
	igt_assert_eq(pthread_create(&tid, NULL, race_madvise, &r), 0);
	for (i = 0; i < 200; i++) {
		__atomic_store_n(&r.round, i + 1, __ATOMIC_RELEASE);
		store_on(&b, b.q, UP_ADDR + 0x2000 + i * 4, 0x9000 + i);
		__atomic_store_n(&r.done, i + 1, __ATOMIC_RELEASE);
		igt_assert_eq_u32(up[0x800 + i], 0x9000 + i);
		b.next = 0;
	}
	__atomic_store_n(&r.stop, true, __ATOMIC_RELEASE);
	igt_assert_eq(pthread_join(tid, NULL), 0);
	igt_assert_eq(r.err, 0);
	igt_info("%lu invalidations during 200 stores, %u stores outlasted a burst\n",
		 r.madvises, r.capped);
	igt_assert_eq_u64(banned(b.q), 0);
	xe_vm_unbind_sync(fd, b.vm, 0, UP_ADDR, UP_SIZE);
	userptr_vm_fini(&b, res, data);
	munmap(up, UP_SIZE);
}

/* A VM destroyed with its userptrs bound (and their memory changed): nothing leaks. */
static void bind_userptr_vm_close(void)
{
	__u32 res, *data, *up = map_anon(NULL, UP_SIZE);
	struct batch b;

	userptr_vm(&b, &res, &data);
	igt_assert_eq(bind_userptr(b.vm, up, UP_ADDR, UP_SIZE, 0), 0);
	igt_assert_eq(bind_userptr(b.vm, up, UP_ADDR + UP_SIZE, UP_SIZE,
				   DRM_XE_VM_BIND_FLAG_READONLY), 0);
	store_on(&b, b.q, UP_ADDR + 0x10, 0x8001);
	igt_assert_eq_u32(up[4], 0x8001);
	igt_assert_eq(madvise(up, 0x1000, MADV_DONTNEED), 0);
	xe_exec_queue_destroy(fd, b.q);
	xe_vm_destroy(fd, b.vm);
	munmap(up, UP_SIZE);
	munmap(b.map, BO_SIZE);
	gem_close(fd, b.bo);
	munmap(data, BO_SIZE);
	gem_close(fd, res);
}

static int bind_userptr_pat(__u32 vm, void *ptr, __u16 pat_index)
{
	struct drm_xe_vm_bind bind = {
		.vm_id = vm, .num_binds = 1,
		.bind = { .obj_offset = (__u64)(uintptr_t)ptr, .range = UP_SIZE, .addr = UP_ADDR,
			  .op = DRM_XE_VM_BIND_OP_MAP_USERPTR, .pat_index = pat_index },
	};

	return igt_ioctl(fd, DRM_IOCTL_XE_VM_BIND, &bind) ? -errno : 0;
}

/* MAP_USERPTR's arguments, with upstream's errnos. */
static void bind_userptr_invalid(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 bo = xe_bo_create(fd, 0, BO_SIZE, system_memory(fd), 0);
	__u32 op = DRM_XE_VM_BIND_OP_MAP_USERPTR;
	__u8 *up = map_anon(NULL, UP_SIZE), *gone, *ro;
	__u64 u = (__u64)(uintptr_t)up;

	/* an object, a NULL binding */
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, u, UP_ADDR, UP_SIZE, op, 0, NULL, 0, 0),
		      -EINVAL);
	igt_assert_eq(bind_userptr(vm, up, UP_ADDR, UP_SIZE, DRM_XE_VM_BIND_FLAG_NULL), -EINVAL);
	/* PAT index 3: no coherency; 2 (WB, 1-way coherent) is what a userptr needs */
	igt_assert_eq(bind_userptr_pat(vm, up, 3), -EINVAL);
	igt_assert_eq(bind_userptr_pat(vm, up, 2), 0);
	xe_vm_unbind_sync(fd, vm, 0, UP_ADDR, UP_SIZE);
	/* alignment of the address, the GPU address and the range, and a zero range */
	igt_assert_eq(bind_userptr(vm, up + 8, UP_ADDR, UP_SIZE - 0x1000, 0), -EINVAL);
	igt_assert_eq(bind_userptr(vm, up, UP_ADDR + 8, 0x1000, 0), -EINVAL);
	igt_assert_eq(bind_userptr(vm, up, UP_ADDR, 0x1800, 0), -EINVAL);
	igt_assert_eq(bind_userptr(vm, up, UP_ADDR, 0, 0), -EINVAL);
	/* a CPU range that wraps around */
	igt_assert_eq(bind_userptr(vm, (void *)(uintptr_t)-0x1000ull, UP_ADDR, 0x2000, 0),
		      -EOVERFLOW);
	/* memory that is not mapped, whole or in part */
	gone = map_anon(NULL, UP_SIZE);
	igt_assert_eq(munmap(gone, UP_SIZE), 0);
	igt_assert_eq(bind_userptr(vm, gone, UP_ADDR, UP_SIZE, 0), -EFAULT);
	igt_assert_eq(bind_userptr(vm, NULL, UP_ADDR, UP_SIZE, 0), -EFAULT);
	igt_assert_eq(munmap(up + UP_SIZE - 0x1000, 0x1000), 0);
	igt_assert_eq(bind_userptr(vm, up, UP_ADDR, UP_SIZE, 0), -EFAULT);
	/* read-only memory takes only a READONLY binding */
	ro = mmap(NULL, UP_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	igt_assert(ro != MAP_FAILED);
	igt_assert_eq(bind_userptr(vm, ro, UP_ADDR, UP_SIZE, 0), -EFAULT);
	igt_assert_eq(bind_userptr(vm, ro, UP_ADDR, UP_SIZE, DRM_XE_VM_BIND_FLAG_READONLY), 0);
	/* the failed binds left nothing: the range binds anew */
	igt_assert_eq(bind_userptr(vm, up, UP_ADDR + UP_SIZE, UP_SIZE - 0x1000, 0), 0);
	xe_vm_unbind_sync(fd, vm, 0, UP_ADDR, 2 * UP_SIZE);
	munmap(ro, UP_SIZE);
	munmap(up, UP_SIZE - 0x1000);
	gem_close(fd, bo);
	xe_vm_destroy(fd, vm);
}

/* ---- bind queues, asynchronous binds, arrays of binds ---- */

/* the PAT index of the array ops: Xe2's write-back, one-way coherent entry */
#define PAT_WB		2
#define SEM_OFF		0x800
#define ARRAY_ADDR	0x10000000ull
#define ENOBUFS_ADDR	0x40000000ull
#define CONFLICT_ADDR	0x1a00000ull
#define ONE_MB		0x100000ull

/*
 * A cork: a batch on its own VM and queue that polls a semaphore dword until the CPU writes
 * 1 there; its signal syncobj is the fence the binds under test wait for.
 */
struct cork {
	__u32 vm, bo, q, so, *map;
};

static struct drm_xe_sync sync_signal(void)
{
	return (struct drm_xe_sync) {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(fd, 0),
	};
}

static struct drm_xe_sync sync_wait(__u32 so)
{
	return (struct drm_xe_sync) { .type = DRM_XE_SYNC_TYPE_SYNCOBJ, .handle = so };
}

/* 1 signalled, 0 not yet, negative: the fence's error */
static int status(__u32 so)
{
	int st = 0;

	igt_assert_eq(syncobj_fence_status(fd, so, &st), 0);
	return st;
}

static bool wait_so(__u32 so)
{
	return syncobj_wait(fd, &so, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL);
}

static void cork_start(struct cork *c)
{
	struct drm_xe_sync s = sync_signal();
	__u64 sem = BATCH_ADDR + SEM_OFF;

	c->vm = xe_vm_create(fd, 0, 0);
	c->bo = xe_bo_create(fd, c->vm, BO_SIZE, system_memory(fd), 0);
	c->map = xe_bo_map(fd, c->bo, BO_SIZE);
	c->map[SEM_OFF / 4] = 0;
	c->map[0] = MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_SAD_EQ_SDD;
	c->map[1] = 1;
	c->map[2] = sem;
	c->map[3] = sem >> 32;
	c->map[4] = MI_BATCH_BUFFER_END;
	xe_vm_bind_sync(fd, c->vm, c->bo, 0, BATCH_ADDR, BO_SIZE);
	c->q = xe_exec_queue_create(fd, c->vm, &xe_engine(fd, 0)->instance, 0);
	xe_exec_sync(fd, c->q, BATCH_ADDR, &s, 1);
	c->so = s.handle;
}

/* release the cork: its batch completes without error */
static void cork_end(struct cork *c)
{
	__atomic_store_n(&c->map[SEM_OFF / 4], 1, __ATOMIC_RELEASE);
	igt_assert_f(wait_so(c->so), "the cork did not complete\n");
	igt_assert_eq(status(c->so), 1);
}

static void cork_fini(struct cork *c)
{
	xe_exec_queue_destroy(fd, c->q);
	syncobj_destroy(fd, c->so);
	xe_vm_unbind_sync(fd, c->vm, 0, BATCH_ADDR, BO_SIZE);
	munmap(c->map, BO_SIZE);
	gem_close(fd, c->bo);
	xe_vm_destroy(fd, c->vm);
}

/* Stores @value at @addr from the batch BO, without waiting: returns the signal syncobj. */
static __u32 store_async(struct batch *b, __u64 addr, __u32 value, struct drm_xe_sync *in)
{
	struct drm_xe_sync s[2] = { sync_signal() };
	__u32 *cs = b->map + b->next * 16;

	igt_assert_lt(b->next, (int)(BO_SIZE / 64));
	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = addr;
	cs[2] = addr >> 32;
	cs[3] = value;
	cs[4] = MI_BATCH_BUFFER_END;
	if (in)
		s[1] = *in;
	xe_exec_sync(fd, b->q, BATCH_ADDR + b->next * 64, s, in ? 2 : 1);
	b->next++;
	return s[0].handle;
}

static __u32 *bo_new(__u64 size, __u32 *bo)
{
	*bo = xe_bo_create(fd, 0, size, system_memory(fd), 0);
	return xe_bo_map(fd, *bo, size);
}

static void bo_del(__u32 bo, __u32 *map, __u64 size)
{
	munmap(map, size);
	gem_close(fd, bo);
}

/*
 * A bind on queue A that waits for a cork does not hold back a bind on queue B: B's fence
 * signals and its mapping takes a store while A's fence has not; then the cork goes and A's
 * binding is there too.
 */
static void bind_execqueues_independent(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0), bo[2], *d[2];
	__u32 qa = xe_bind_exec_queue_create(fd, vm, 0), qb = xe_bind_exec_queue_create(fd, vm, 0);
	struct drm_xe_sync sa[2], sb = sync_signal();
	struct cork c;
	struct batch b;

	d[0] = bo_new(BO_SIZE, &bo[0]);
	d[1] = bo_new(BO_SIZE, &bo[1]);
	batch_init(&b, vm);
	cork_start(&c);
	sa[0] = sync_wait(c.so);
	sa[1] = sync_signal();
	xe_vm_bind_async(fd, vm, qa, bo[0], 0, DATA_ADDR, BO_SIZE, sa, 2);
	xe_vm_bind_async(fd, vm, qb, bo[1], 0, DATA_ADDR + ONE_MB, BO_SIZE, &sb, 1);
	igt_assert_f(wait_so(sb.handle), "queue B's bind is held back\n");
	igt_assert_eq(status(sb.handle), 1);
	batch_store(&b, DATA_ADDR + ONE_MB + 8, 0xb0b0b0b0);
	igt_assert_eq_u32(d[1][2], 0xb0b0b0b0);
	/* the cork still holds queue A's bind */
	igt_assert_eq(status(sa[1].handle), 0);
	cork_end(&c);
	igt_assert(wait_so(sa[1].handle));
	igt_assert_eq(status(sa[1].handle), 1);
	batch_store(&b, DATA_ADDR + 4, 0xa0a0a0a0);
	igt_assert_eq_u32(d[0][1], 0xa0a0a0a0);

	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR + ONE_MB, BO_SIZE);
	cork_fini(&c);
	batch_fini(&b);
	syncobj_destroy(fd, sa[1].handle);
	syncobj_destroy(fd, sb.handle);
	xe_exec_queue_destroy(fd, qa);
	xe_exec_queue_destroy(fd, qb);
	bo_del(bo[0], d[0], BO_SIZE);
	bo_del(bo[1], d[1], BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/*
 * Two binds of one address on one queue, the first waiting for a cork: the second waits
 * behind it (its fence stays unsignalled while a bind on another queue completes), and once
 * the cork goes the address holds the second BO, as the order of the ioctls says. A VM_BIND
 * with no operations on the queue signals when the binds before it are done.
 */
static void bind_execqueue_in_order(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0), bo[3], *d[3];
	__u32 q = xe_bind_exec_queue_create(fd, vm, 0), q2 = xe_bind_exec_queue_create(fd, vm, 0);
	struct drm_xe_sync s1[2], s2 = sync_signal(), s3 = sync_signal(), s4 = sync_signal();
	struct drm_xe_vm_bind none = {
		.vm_id = vm,
		.exec_queue_id = q,
		.num_syncs = 1,
		.syncs = (__u64)(uintptr_t)&s4,
	};
	struct cork c;
	struct batch b;
	int i;

	for (i = 0; i < 3; i++)
		d[i] = bo_new(BO_SIZE, &bo[i]);
	batch_init(&b, vm);
	cork_start(&c);
	s1[0] = sync_wait(c.so);
	s1[1] = sync_signal();
	xe_vm_bind_async(fd, vm, q, bo[0], 0, DATA_ADDR, BO_SIZE, s1, 2);
	xe_vm_bind_async(fd, vm, q, bo[1], 0, DATA_ADDR, BO_SIZE, &s2, 1);
	/* no operations: the fence tells when the queue's earlier binds are done */
	do_ioctl(fd, DRM_IOCTL_XE_VM_BIND, &none);
	xe_vm_bind_async(fd, vm, q2, bo[2], 0, DATA_ADDR + ONE_MB, BO_SIZE, &s3, 1);
	igt_assert(wait_so(s3.handle));
	igt_assert_eq(status(s1[1].handle), 0);
	igt_assert_eq(status(s2.handle), 0);
	igt_assert_eq(status(s4.handle), 0);
	cork_end(&c);
	igt_assert(wait_so(s4.handle));
	igt_assert(wait_so(s2.handle));
	igt_assert_eq(status(s1[1].handle), 1);
	igt_assert_eq(status(s2.handle), 1);
	batch_store(&b, DATA_ADDR + 12, 0x0d0d0d0d);
	igt_assert_eq_u32(d[1][3], 0x0d0d0d0d);
	igt_assert_eq_u32(d[0][3], 0);

	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR + ONE_MB, BO_SIZE);
	cork_fini(&c);
	batch_fini(&b);
	syncobj_destroy(fd, s1[1].handle);
	syncobj_destroy(fd, s2.handle);
	syncobj_destroy(fd, s3.handle);
	syncobj_destroy(fd, s4.handle);
	xe_exec_queue_destroy(fd, q);
	xe_exec_queue_destroy(fd, q2);
	for (i = 0; i < 3; i++)
		bo_del(bo[i], d[i], BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/*
 * VM_BIND returns before its wait fence signals; an exec that waits for the bind's fence
 * runs after the cork and the bind, and its store lands through the new binding.
 */
static void bind_async_exec(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0), bo, *d, se;
	struct drm_xe_sync sb[2];
	struct drm_xe_sync in;
	struct cork c;
	struct batch b;

	d = bo_new(BO_SIZE, &bo);
	batch_init(&b, vm);
	cork_start(&c);
	sb[0] = sync_wait(c.so);
	sb[1] = sync_signal();
	xe_vm_bind_async(fd, vm, 0, bo, 0, DATA_ADDR, BO_SIZE, sb, 2);
	in = sync_wait(sb[1].handle);
	se = store_async(&b, DATA_ADDR + 16, 0xe0e0e0e0, &in);
	igt_assert_eq(status(sb[1].handle), 0);
	igt_assert_eq(status(se), 0);
	cork_end(&c);
	igt_assert(wait_so(se));
	igt_assert_eq(status(sb[1].handle), 1);
	igt_assert_eq(status(se), 1);
	igt_assert_eq_u32(d[4], 0xe0e0e0e0);
	igt_assert_eq_u64(banned(b.q), 0);

	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	cork_fini(&c);
	batch_fini(&b);
	syncobj_destroy(fd, sb[1].handle);
	syncobj_destroy(fd, se);
	bo_del(bo, d, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/* A user fence of a bind on a bind queue is written when the bind is done, not before. */
static void bind_ufence(void)
{
	static __u64 ufence;
	__u32 vm = xe_vm_create(fd, 0, 0), q = xe_bind_exec_queue_create(fd, vm, 0), bo, *d;
	struct drm_xe_sync s[2];
	struct cork c;
	struct batch b;

	d = bo_new(BO_SIZE, &bo);
	batch_init(&b, vm);
	cork_start(&c);
	ufence = 0;
	s[0] = sync_wait(c.so);
	s[1] = (struct drm_xe_sync) {
		.type = DRM_XE_SYNC_TYPE_USER_FENCE,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.addr = (__u64)(uintptr_t)&ufence,
		.timeline_value = USER_FENCE_VALUE,
	};
	xe_vm_bind_async(fd, vm, q, bo, 0, DATA_ADDR, BO_SIZE, s, 2);
	igt_assert_eq_u64(__atomic_load_n(&ufence, __ATOMIC_ACQUIRE), 0);
	cork_end(&c);
	xe_wait_ufence(fd, &ufence, USER_FENCE_VALUE, 0, XE_TIMEOUT_NS);
	batch_store(&b, DATA_ADDR + 20, 0x5f5f5f5f);
	igt_assert_eq_u32(d[5], 0x5f5f5f5f);

	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	cork_fini(&c);
	batch_fini(&b);
	xe_exec_queue_destroy(fd, q);
	bo_del(bo, d, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/* stores of @n values, one through each @stride-apart copy of a mapping, dword i in copy i */
static void store_each(struct batch *b, __u64 base, __u64 stride, int n, __u32 seed)
{
	int i;

	for (i = 0; i < n; i++)
		batch_store(b, base + i * stride + i * 4, seed + i);
}

static void array_ops(struct drm_xe_vm_bind_op *ops, int n, __u32 op, __u32 bo, __u64 base,
		      __u64 size)
{
	int i;

	for (i = 0; i < n; i++)
		ops[i] = (struct drm_xe_vm_bind_op) {
			.obj = op == DRM_XE_VM_BIND_OP_MAP ? bo : 0,
			.range = size,
			.addr = base + i * size,
			.op = op,
			.pat_index = PAT_WB,
		};
}

/*
 * An array of @n binds of one BO on a bind queue, the first time behind a cork: every copy
 * takes its store; the array of unbinds drops them all (on a scratch VM a store there is
 * dropped), and with @twice the array binds again.
 */
static void bind_array(int n, bool twice)
{
	__u32 vm = xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE, 0);
	__u32 q = xe_bind_exec_queue_create(fd, vm, 0), bo, *d;
	struct drm_xe_vm_bind_op ops[64];
	struct drm_xe_sync s[2];
	struct cork c;
	struct batch b;
	int i;

	igt_assert_lte(n, 64);
	d = bo_new(BO_SIZE, &bo);
	batch_init(&b, vm);
	cork_start(&c);
	array_ops(ops, n, DRM_XE_VM_BIND_OP_MAP, bo, ARRAY_ADDR, BO_SIZE);
	s[0] = sync_signal();
	s[1] = sync_wait(c.so);
	xe_vm_bind_array(fd, vm, q, ops, n, s, 2);
	igt_assert_eq(status(s[0].handle), 0);
	cork_end(&c);
	igt_assert(wait_so(s[0].handle));
	store_each(&b, ARRAY_ADDR, BO_SIZE, n, 0x100);
	for (i = 0; i < n; i++)
		igt_assert_eq_u32(d[i], 0x100 + i);

	array_ops(ops, n, DRM_XE_VM_BIND_OP_UNMAP, 0, ARRAY_ADDR, BO_SIZE);
	syncobj_reset(fd, &s[0].handle, 1);
	xe_vm_bind_array(fd, vm, q, ops, n, s, 1);
	igt_assert(wait_so(s[0].handle));
	store_each(&b, ARRAY_ADDR, BO_SIZE, n, 0x200);
	for (i = 0; i < n; i++)
		igt_assert_eq_u32(d[i], 0x100 + i);

	if (twice) {
		array_ops(ops, n, DRM_XE_VM_BIND_OP_MAP, bo, ARRAY_ADDR, BO_SIZE);
		syncobj_reset(fd, &s[0].handle, 1);
		xe_vm_bind_array(fd, vm, q, ops, n, s, 1);
		igt_assert(wait_so(s[0].handle));
		store_each(&b, ARRAY_ADDR, BO_SIZE, n, 0x300);
		for (i = 0; i < n; i++)
			igt_assert_eq_u32(d[i], 0x300 + i);
		array_ops(ops, n, DRM_XE_VM_BIND_OP_UNMAP, 0, ARRAY_ADDR, BO_SIZE);
		xe_vm_bind_array(fd, vm, q, ops, n, NULL, 0);
	}
	cork_fini(&c);
	batch_fini(&b);
	syncobj_destroy(fd, s[0].handle);
	xe_exec_queue_destroy(fd, q);
	bo_del(bo, d, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/*
 * An array too big for one bind job (512 binds of 2 MiB, 256 Ki page-table leaves) fails
 * with -ENOBUFS, as upstream's does, after its first 256 binds went into the VA tree: they
 * are undone, so the mapping its first bind replaced is still there. A quarter of it binds.
 */
static void bind_array_enobufs(void)
{
	static struct drm_xe_vm_bind_op ops[512];
	__u32 vm = xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE, 0);
	__u32 q = xe_bind_exec_queue_create(fd, vm, 0), bo, old, *d, *o;
	struct drm_xe_sync s = sync_signal();
	struct batch b;

	d = bo_new(2 * ONE_MB, &bo);
	o = bo_new(BO_SIZE, &old);
	batch_init(&b, vm);
	xe_vm_bind_sync(fd, vm, old, 0, ENOBUFS_ADDR, BO_SIZE);
	array_ops(ops, 512, DRM_XE_VM_BIND_OP_MAP, bo, ENOBUFS_ADDR, 2 * ONE_MB);
	igt_assert_eq(__xe_vm_bind_array(fd, vm, q, ops, 512, &s, 1), -ENOBUFS);
	/* nothing of it stayed: the old mapping takes the store, the rest is scratch */
	batch_store(&b, ENOBUFS_ADDR + 8, 0x01d01d01);
	igt_assert_eq_u32(o[2], 0x01d01d01);
	batch_store(&b, ENOBUFS_ADDR + 5 * 2 * ONE_MB + 12, 0xbad);
	igt_assert_eq_u32(d[2], 0);
	igt_assert_eq_u32(d[3], 0);

	xe_vm_bind_array(fd, vm, q, ops, 512 / 4, &s, 1);
	igt_assert(wait_so(s.handle));
	batch_store(&b, ENOBUFS_ADDR + 8, 0x2);
	batch_store(&b, ENOBUFS_ADDR + 127 * 2 * ONE_MB + 16, 0x4);
	igt_assert_eq_u32(d[2], 2);
	igt_assert_eq_u32(d[4], 4);
	igt_assert_eq_u32(o[2], 0x01d01d01);

	array_ops(ops, 512 / 4, DRM_XE_VM_BIND_OP_UNMAP, 0, ENOBUFS_ADDR, 2 * ONE_MB);
	syncobj_reset(fd, &s.handle, 1);
	xe_vm_bind_array(fd, vm, q, ops, 512 / 4, &s, 1);
	igt_assert(wait_so(s.handle));
	batch_fini(&b);
	syncobj_destroy(fd, s.handle);
	xe_exec_queue_destroy(fd, q);
	bo_del(bo, d, 2 * ONE_MB);
	bo_del(old, o, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

static void arm_bind_failure(int count)
{
	char path[128], buf[16];
	int k, n;

	snprintf(path, sizeof(path), IGT_XESIM_DEBUGFS "/dri/%d/fail_vm_bind", guest.card);
	k = open(path, O_WRONLY);
	igt_require_f(k >= 0, "no %s\n", path);
	n = snprintf(buf, sizeof(buf), "%d\n", count);
	igt_assert_eq(write(k, buf, n), n);
	close(k);
}

/*
 * An array whose binds overlap each other: map 1 MiB, map 2 MiB after it, map 3 MiB after
 * that, then unmap 1 MiB out of the third; the stores find what the order of the ops says.
 * With @inject, a BO is bound at the start first and the array fails once through the
 * fail_vm_bind knob (-ENOSPC, upstream's injected errno) after all four ops went in: they
 * are undone, the old BO still takes stores and none of the array's ranges is mapped.
 */
static void bind_array_conflict(bool inject)
{
	static const struct { __u64 off, size; __u32 op; } args[] = {
		{ 0, ONE_MB, DRM_XE_VM_BIND_OP_MAP },
		{ ONE_MB, 2 * ONE_MB, DRM_XE_VM_BIND_OP_MAP },
		{ 3 * ONE_MB, 3 * ONE_MB, DRM_XE_VM_BIND_OP_MAP },
		{ 4 * ONE_MB, ONE_MB, DRM_XE_VM_BIND_OP_UNMAP },
	};
	__u32 vm = xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE, 0);
	__u32 bo, bo2 = 0, *d, *d2 = NULL;
	struct drm_xe_vm_bind_op ops[4];
	struct drm_xe_sync s[2];
	struct cork c;
	struct batch b;
	int i;

	d = bo_new(8 * ONE_MB, &bo);
	batch_init(&b, vm);
	for (i = 0; i < 4; i++)
		ops[i] = (struct drm_xe_vm_bind_op) {
			.obj = args[i].op == DRM_XE_VM_BIND_OP_MAP ? bo : 0,
			.obj_offset = args[i].op == DRM_XE_VM_BIND_OP_MAP ? args[i].off : 0,
			.range = args[i].size,
			.addr = CONFLICT_ADDR + args[i].off,
			.op = args[i].op,
			.pat_index = PAT_WB,
		};
	s[0] = sync_signal();
	if (inject) {
		d2 = bo_new(ONE_MB, &bo2);
		xe_vm_bind_sync(fd, vm, bo2, 0, CONFLICT_ADDR, ONE_MB);
		batch_store(&b, CONFLICT_ADDR + 8, 0x22);
		igt_assert_eq_u32(d2[2], 0x22);
		arm_bind_failure(1);
		igt_assert_eq(__xe_vm_bind_array(fd, vm, 0, ops, 4, s, 1), -ENOSPC);
		batch_store(&b, CONFLICT_ADDR + 0x10, 0x23);
		batch_store(&b, CONFLICT_ADDR + ONE_MB + 0x14, 0x24);
		batch_store(&b, CONFLICT_ADDR + 5 * ONE_MB + 0x18, 0x25);
		igt_assert_eq_u32(d2[4], 0x23);
		igt_assert_eq_u32(d[(ONE_MB + 0x14) / 4], 0);
		igt_assert_eq_u32(d[(5 * ONE_MB + 0x18) / 4], 0);
	}
	cork_start(&c);
	s[1] = sync_wait(c.so);
	xe_vm_bind_array(fd, vm, 0, ops, 4, s, 2);
	igt_assert_eq(status(s[0].handle), 0);
	cork_end(&c);
	igt_assert(wait_so(s[0].handle));
	batch_store(&b, CONFLICT_ADDR + 0x20, 0x30);
	batch_store(&b, CONFLICT_ADDR + ONE_MB + 0x24, 0x31);
	batch_store(&b, CONFLICT_ADDR + 3 * ONE_MB + 0x28, 0x32);
	batch_store(&b, CONFLICT_ADDR + 4 * ONE_MB + 0x2c, 0x33);
	batch_store(&b, CONFLICT_ADDR + 5 * ONE_MB + 0x30, 0x34);
	igt_assert_eq_u32(d[0x20 / 4], 0x30);
	igt_assert_eq_u32(d[(ONE_MB + 0x24) / 4], 0x31);
	igt_assert_eq_u32(d[(3 * ONE_MB + 0x28) / 4], 0x32);
	igt_assert_eq_u32(d[(4 * ONE_MB + 0x2c) / 4], 0);
	igt_assert_eq_u32(d[(5 * ONE_MB + 0x30) / 4], 0x34);
	if (inject)
		igt_assert_eq_u32(d2[0x20 / 4], 0);

	xe_vm_unbind_sync(fd, vm, 0, CONFLICT_ADDR, 6 * ONE_MB);
	cork_fini(&c);
	batch_fini(&b);
	syncobj_destroy(fd, s[0].handle);
	bo_del(bo, d, 8 * ONE_MB);
	if (inject)
		bo_del(bo2, d2, ONE_MB);
	xe_vm_destroy(fd, vm);
}

/* Bind queues and arrays refuse what upstream refuses, and a failed array leaves nothing. */
static void bind_queue_invalid(void)
{
	__u32 vm = xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE, 0);
	__u32 q = xe_bind_exec_queue_create(fd, vm, 0), bo, *d;
	__u32 gone = xe_bind_exec_queue_create(fd, vm, 0);
	struct drm_xe_vm_bind_op ops[3];
	struct drm_xe_exec exec = {
		.exec_queue_id = q, .num_batch_buffer = 1, .address = BATCH_ADDR,
	};
	struct batch b;
	__u32 map = DRM_XE_VM_BIND_OP_MAP;

	d = bo_new(BO_SIZE, &bo);
	batch_init(&b, vm);
	/* an exec queue that is not a bind queue, one that does not exist, one destroyed */
	igt_assert_eq(__xe_vm_bind(fd, vm, b.q, bo, 0, DATA_ADDR, BO_SIZE, map, 0, NULL, 0, 0),
		      -EINVAL);
	igt_assert_eq(__xe_vm_bind(fd, vm, 0xfff, bo, 0, DATA_ADDR, BO_SIZE, map, 0, NULL, 0,
				   0), -ENOENT);
	xe_exec_queue_destroy(fd, gone);
	igt_assert_eq(__xe_vm_bind(fd, vm, gone, bo, 0, DATA_ADDR, BO_SIZE, map, 0, NULL, 0, 0),
		      -ENOENT);
	/* a bind queue runs no batch */
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);
	/* an array the kernel cannot read */
	igt_assert_eq(__xe_vm_bind_array(fd, vm, q, (struct drm_xe_vm_bind_op *)8, 2, NULL, 0),
		      -EFAULT);
	/* a bad op after a good one: nothing is bound, a store there is dropped */
	array_ops(ops, 3, map, bo, DATA_ADDR, BO_SIZE);
	ops[1].flags = 1u << 31;
	igt_assert_eq(__xe_vm_bind_array(fd, vm, q, ops, 3, NULL, 0), -EINVAL);
	ops[1].flags = 0;
	ops[2].obj = bo + 1000;
	igt_assert_eq(__xe_vm_bind_array(fd, vm, q, ops, 3, NULL, 0), -ENOENT);
	batch_store(&b, DATA_ADDR + 4, 0x77);
	igt_assert_eq_u32(d[1], 0);
	/* and then the array binds */
	ops[2].obj = bo;
	xe_vm_bind_array(fd, vm, q, ops, 3, NULL, 0);
	array_ops(ops, 3, DRM_XE_VM_BIND_OP_UNMAP, 0, DATA_ADDR, BO_SIZE);
	xe_vm_bind_array(fd, vm, q, ops, 3, NULL, 0);

	batch_fini(&b);
	xe_exec_queue_destroy(fd, q);
	bo_del(bo, d, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/* a sync file of a syncobj's fence */
static int export_fence(int dev, __u32 so)
{
	struct drm_syncobj_handle h = {
		.handle = so,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};

	do_ioctl(dev, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h);
	return h.fd;
}

static void import_fence(int dev, __u32 so, int sync_file)
{
	struct drm_syncobj_handle h = {
		.handle = so,
		.flags = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE,
		.fd = sync_file,
	};

	do_ioctl(dev, DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &h);
}

/*
 * Binds still waiting for a cork when their queue, their VM, their BO and (in a second
 * file) the whole file go: nothing waits for them, and when the cork goes they complete
 * (their sync files signal) without a leak or a use after free (kmemleak and KASAN watch).
 */
static void bind_pending_destroy(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0), q = xe_bind_exec_queue_create(fd, vm, 0), bo, *d;
	struct drm_xe_sync s[2];
	struct pollfd pfd[2];
	struct cork c;
	int fd2, sf;
	__u32 vm2, q2, bo2, in2;

	d = bo_new(BO_SIZE, &bo);
	cork_start(&c);
	s[0] = sync_wait(c.so);
	s[1] = sync_signal();
	xe_vm_bind_async(fd, vm, q, bo, 0, DATA_ADDR, BO_SIZE, s, 2);
	pfd[0].fd = export_fence(fd, s[1].handle);
	xe_exec_queue_destroy(fd, q);
	xe_vm_destroy(fd, vm);
	bo_del(bo, d, BO_SIZE);
	syncobj_destroy(fd, s[1].handle);

	/* the same in a second file, closed with its bind pending */
	fd2 = igt_xesim_guest_open(&guest);
	vm2 = xe_vm_create(fd2, 0, 0);
	q2 = xe_bind_exec_queue_create(fd2, vm2, 0);
	bo2 = xe_bo_create(fd2, 0, BO_SIZE, system_memory(fd), 0);
	in2 = syncobj_create(fd2, 0);
	sf = export_fence(fd, c.so);
	import_fence(fd2, in2, sf);
	close(sf);
	s[0] = (struct drm_xe_sync) { .type = DRM_XE_SYNC_TYPE_SYNCOBJ, .handle = in2 };
	s[1] = (struct drm_xe_sync) {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(fd2, 0),
	};
	xe_vm_bind_async(fd2, vm2, q2, bo2, 0, DATA_ADDR, BO_SIZE, s, 2);
	pfd[1].fd = export_fence(fd2, s[1].handle);
	close(fd2);

	pfd[0].events = POLLIN;
	pfd[1].events = POLLIN;
	igt_assert_eq(poll(pfd, 2, 0), 0);
	cork_end(&c);
	igt_assert_eq(poll(&pfd[0], 1, XE_TIMEOUT_NS / 1000000), 1);
	igt_assert_eq(poll(&pfd[1], 1, XE_TIMEOUT_NS / 1000000), 1);
	close(pfd[0].fd);
	close(pfd[1].fd);
	cork_fini(&c);
}

/*
 * A userptr bind waiting for a fence while its memory changes under it (MADV_DONTNEED): the
 * pages VM_BIND pinned are stale by the time its job runs, which must then leave the leaves
 * empty for the next exec to pin the new pages, not install the old ones: the store lands in
 * the memory the CPU sees. Then the same bind pending while its VM and memory go.
 */
static void bind_userptr_pending(void)
{
	__u32 res, bq, *data, *up = map_anon(NULL, UP_SIZE);
	struct drm_xe_sync s[2];
	struct batch b;
	struct cork c;

	userptr_vm(&b, &res, &data);
	memset(up, 0, UP_SIZE);
	cork_start(&c);
	s[0] = sync_wait(c.so);
	s[1] = sync_signal();
	igt_assert_eq(__xe_vm_bind(fd, b.vm, 0, 0, (__u64)(uintptr_t)up, UP_ADDR, UP_SIZE,
				   DRM_XE_VM_BIND_OP_MAP_USERPTR, 0, s, 2, 0), 0);
	igt_assert_eq(madvise(up, UP_SIZE, MADV_DONTNEED), 0);
	igt_assert_eq(status(s[1].handle), 0);
	cork_end(&c);
	igt_assert(wait_so(s[1].handle));
	syncobj_destroy(fd, s[1].handle);
	store_on(&b, b.q, UP_ADDR + 0x20, 0x5151);
	igt_assert_eq_u32(up[8], 0x5151);
	igt_assert_eq_u64(banned(b.q), 0);
	xe_vm_unbind_sync(fd, b.vm, 0, UP_ADDR, UP_SIZE);
	cork_fini(&c);

	/* pending on a bind queue while it, the VM and the memory go */
	cork_start(&c);
	bq = xe_bind_exec_queue_create(fd, b.vm, 0);
	s[0] = sync_wait(c.so);
	s[1] = sync_signal();
	igt_assert_eq(__xe_vm_bind(fd, b.vm, bq, 0, (__u64)(uintptr_t)up, UP_ADDR, UP_SIZE,
				   DRM_XE_VM_BIND_OP_MAP_USERPTR, 0, s, 2, 0), 0);
	xe_exec_queue_destroy(fd, bq);
	userptr_vm_fini(&b, res, data);
	munmap(up, UP_SIZE);
	igt_assert_eq(status(s[1].handle), 0);
	cork_end(&c);
	igt_assert(wait_so(s[1].handle));
	syncobj_destroy(fd, s[1].handle);
	cork_fini(&c);
}

/* ---- VM flags, UNMAP_ALL, PREFETCH, bind flags, timeline syncs ---- */

/*
 * A VM created with SCRATCH_PAGE: an address nothing is bound at reads zero and drops writes,
 * at every level of the tables, and the queue is not banned (without the flag the same probe
 * faults: bind-null). A BO bound there and unbound again leaves scratch behind it, not a hole.
 */
static void vm_scratch(void)
{
	__u32 vm = xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE, 0);
	__u32 bo, bo2, *data, *d2;
	struct batch b;

	data = bo_new(BO_SIZE, &bo);
	d2 = bo_new(BO_SIZE, &bo2);
	batch_init(&b, vm);
	xe_vm_bind_sync(fd, vm, bo, 0, DATA_ADDR, BO_SIZE);
	memset(data, 0xff, 16);
	run_null_probe(&b, b.q, 0, 0x40000000ull);
	igt_assert_eq_u32(data[0], 0);
	igt_assert_eq_u32(data[1], 0);
	igt_assert_eq_u32(data[2], 0x600d);
	igt_assert_eq_u64(banned(b.q), 0);

	xe_vm_bind_sync(fd, vm, bo2, 0, NULL_ADDR, BO_SIZE);
	memset(data, 0xff, 16);
	run_null_probe(&b, b.q, 2, 0x40000000ull);
	igt_assert_eq_u32(d2[0x40 / 4], 0xdead);
	igt_assert_eq_u32(data[0], 0xdead);
	xe_vm_unbind_sync(fd, vm, 0, NULL_ADDR, BO_SIZE);
	memset(data, 0xff, 16);
	run_null_probe(&b, b.q, 4, 0x40000000ull);
	igt_assert_eq_u32(data[0], 0);
	igt_assert_eq_u32(data[2], 0x600d);
	igt_assert_eq_u64(banned(b.q), 0);

	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	batch_fini(&b);
	bo_del(bo2, d2, BO_SIZE);
	bo_del(bo, data, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/* One bind operation of @op with its own fields, waited for when it goes in. */
static int bind_op(__u32 vm, __u32 bo, __u64 addr, __u64 range, __u32 op, __u32 flags,
		   __u32 region)
{
	struct drm_xe_sync s = sync_signal();
	struct drm_xe_vm_bind bind = {
		.vm_id = vm, .num_binds = 1, .num_syncs = 1,
		.syncs = (__u64)(uintptr_t)&s,
		.bind = { .obj = bo, .addr = addr, .range = range, .op = op, .flags = flags,
			  .prefetch_mem_region_instance = region, .pat_index = PAT_WB },
	};

	return bind_wait(igt_ioctl(fd, DRM_IOCTL_XE_VM_BIND, &bind) ? -errno : 0, s.handle);
}

/*
 * UNMAP_ALL drops every binding of one BO in the VM and only those: stores through them are
 * dropped (a scratch VM), another BO's binding still takes its store, and the freed ranges can
 * be bound again.
 */
static void unbind_all(void)
{
	__u32 vm = xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE, 0);
	__u32 bo1, bo2, *d1, *d2;
	struct batch b;

	d1 = bo_new(BO_SIZE, &bo1);
	d2 = bo_new(BO_SIZE, &bo2);
	batch_init(&b, vm);
	xe_vm_bind_sync(fd, vm, bo1, 0, DATA_ADDR, BO_SIZE);
	xe_vm_bind_sync(fd, vm, bo1, 0, DATA_ADDR + 0x100000, BO_SIZE);
	xe_vm_bind_sync(fd, vm, bo2, 0, DATA_ADDR + 0x200000, BO_SIZE);
	batch_store(&b, DATA_ADDR + 0x100000, 1);
	igt_assert_eq_u32(d1[0], 1);

	igt_assert_eq(bind_op(vm, bo1, 0, 0, DRM_XE_VM_BIND_OP_UNMAP_ALL, 0, 0), 0);
	batch_store(&b, DATA_ADDR + 4, 2);
	batch_store(&b, DATA_ADDR + 0x100000 + 8, 3);
	batch_store(&b, DATA_ADDR + 0x200000 + 12, 4);
	igt_assert_eq_u32(d1[1], 0);
	igt_assert_eq_u32(d1[2], 0);
	igt_assert_eq_u32(d2[3], 4);
	igt_assert_eq_u64(banned(b.q), 0);
	/* nothing of bo1 is left to unmap; its ranges are free again */
	igt_assert_eq(bind_op(vm, bo1, 0, 0, DRM_XE_VM_BIND_OP_UNMAP_ALL, 0, 0), 0);
	xe_vm_bind_sync(fd, vm, bo1, 0, DATA_ADDR + 0x100000, BO_SIZE);
	batch_store(&b, DATA_ADDR + 0x100000 + 16, 5);
	igt_assert_eq_u32(d1[4], 5);

	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR + 0x100000, BO_SIZE);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR + 0x200000, BO_SIZE);
	batch_fini(&b);
	bo_del(bo2, d2, BO_SIZE);
	bo_del(bo1, d1, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/*
 * PREFETCH of a bound range to a region that exists succeeds and leaves the binding as it
 * was (objects never migrate here); an unknown region instance is -EINVAL. MAP with the
 * IMMEDIATE and DUMPABLE flags binds as without them.
 */
static void bind_prefetch_flags(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 bo, *data;
	struct batch b;

	data = bo_new(BO_SIZE, &bo);
	batch_init(&b, vm);
	igt_assert_eq(bind_op(vm, bo, DATA_ADDR, BO_SIZE, DRM_XE_VM_BIND_OP_MAP,
			      DRM_XE_VM_BIND_FLAG_IMMEDIATE | DRM_XE_VM_BIND_FLAG_DUMPABLE, 0), 0);
	batch_store(&b, DATA_ADDR + 4, 0x1111);
	igt_assert_eq_u32(data[1], 0x1111);
	igt_assert_eq(bind_op(vm, 0, DATA_ADDR, BO_SIZE, DRM_XE_VM_BIND_OP_PREFETCH, 0, 0), 0);
	igt_assert_eq(bind_op(vm, 0, DATA_ADDR, BO_SIZE, DRM_XE_VM_BIND_OP_PREFETCH, 0, 31),
		      -EINVAL);
	batch_store(&b, DATA_ADDR + 8, 0x2222);
	igt_assert_eq_u32(data[2], 0x2222);
	igt_assert_eq_u64(banned(b.q), 0);

	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	batch_fini(&b);
	bo_del(bo, data, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/* A bind or unbind on an LR_MODE VM, whose syncs may only be user fences; done on return. */
static void lr_bind(__u32 vm, __u32 bo, __u64 addr, __u32 op)
{
	__xe_vm_bind_lr_sync(fd, vm, bo, 0, addr, BO_SIZE, op, 0);
}

/* batch_init() on an LR_MODE VM */
static void lr_batch_init(struct batch *b, __u32 vm)
{
	batch_bo(b, vm);
	lr_bind(vm, b->bo, BATCH_ADDR, DRM_XE_VM_BIND_OP_MAP);
	batch_queue(b);
}

/*
 * An EXEC on a queue of an LR_MODE VM: a syncobj to signal is -EOPNOTSUPP, as upstream (a
 * long-running job has no dma-fence to give); a user fence is written when the batch is done.
 */
static void vm_lr_mode(void)
{
	__u32 vm = xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_LR_MODE, 0);
	__u32 bo, *data, *cs;
	__u64 *ufence;
	struct drm_xe_sync so = sync_signal(), uf = {
		.type = DRM_XE_SYNC_TYPE_USER_FENCE,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.addr = DATA_ADDR + 0x100,
		.timeline_value = USER_FENCE_VALUE,
	};
	struct drm_xe_exec exec = { .num_batch_buffer = 1, .num_syncs = 1 };
	struct batch b;

	data = bo_new(BO_SIZE, &bo);
	ufence = (__u64 *)(data + 0x40);
	lr_batch_init(&b, vm);
	lr_bind(vm, bo, DATA_ADDR, DRM_XE_VM_BIND_OP_MAP);
	cs = b.map;
	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = DATA_ADDR;
	cs[2] = DATA_ADDR >> 32;
	cs[3] = 0x1c;
	cs[4] = MI_BATCH_BUFFER_END;
	exec.exec_queue_id = b.q;
	exec.address = BATCH_ADDR;
	exec.syncs = (__u64)(uintptr_t)&so;
	igt_assert_eq(__xe_exec(fd, &exec), -EOPNOTSUPP);
	igt_assert_eq_u32(data[0], 0);
	exec.syncs = (__u64)(uintptr_t)&uf;
	igt_assert_eq(__xe_exec(fd, &exec), 0);
	xe_wait_ufence(fd, ufence, USER_FENCE_VALUE, b.q, XE_TIMEOUT_NS);
	igt_assert_eq_u32(data[0], 0x1c);
	igt_assert_eq_u64(banned(b.q), 0);

	/* a syncobj out of a bind is refused the same way */
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, 0, 0, DATA_ADDR, BO_SIZE, DRM_XE_VM_BIND_OP_UNMAP, 0,
				   &so, 1, 0), -EOPNOTSUPP);
	syncobj_destroy(fd, so.handle);
	lr_bind(vm, 0, DATA_ADDR, DRM_XE_VM_BIND_OP_UNMAP);
	xe_exec_queue_destroy(fd, b.q);
	lr_bind(vm, 0, BATCH_ADDR, DRM_XE_VM_BIND_OP_UNMAP);
	munmap(b.map, BO_SIZE);
	gem_close(fd, b.bo);
	bo_del(bo, data, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/* the last signalled point of a timeline syncobj */
static __u64 timeline_query(__u32 so)
{
	struct drm_syncobj_timeline_array a = {
		.handles = (__u64)(uintptr_t)&so, .count_handles = 1,
	};
	__u64 point = 0;

	a.points = (__u64)(uintptr_t)&point;
	do_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &a);
	return point;
}

static bool timeline_wait(__u32 so, __u64 point)
{
	struct drm_syncobj_timeline_wait w = {
		.handles = (__u64)(uintptr_t)&so, .points = (__u64)(uintptr_t)&point,
		.timeout_nsec = xe_abs_timeout(XE_TIMEOUT_NS), .count_handles = 1,
	};

	return igt_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w) == 0;
}

/*
 * Timeline syncobjs in both directions: an EXEC held behind a cork signals point 5 of a
 * timeline; a VM_BIND that waits for point 5 (or for point 3, which point 5 covers) stays
 * pending until the EXEC is done, then completes. A point no fence has been added for yet is
 * -EINVAL, as upstream's (no wait-before-submit).
 */
static void timeline_syncs(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0), q = xe_bind_exec_queue_create(fd, vm, 0);
	__u32 tl = syncobj_create(fd, 0), bo, bo2, *data, *d2;
	struct drm_xe_sync s[2], bs[2];
	struct cork c;
	struct batch b;
	__u32 *cs;

	data = bo_new(BO_SIZE, &bo);
	d2 = bo_new(BO_SIZE, &bo2);
	batch_init(&b, vm);
	xe_vm_bind_sync(fd, vm, bo, 0, DATA_ADDR, BO_SIZE);
	cork_start(&c);
	cs = b.map;
	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = DATA_ADDR;
	cs[2] = DATA_ADDR >> 32;
	cs[3] = 0xa1;
	cs[4] = MI_BATCH_BUFFER_END;
	s[0] = sync_wait(c.so);
	s[1] = (struct drm_xe_sync) { .type = DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ,
				      .flags = DRM_XE_SYNC_FLAG_SIGNAL, .handle = tl,
				      .timeline_value = 5 };
	xe_exec_sync(fd, b.q, BATCH_ADDR, s, 2);

	bs[0] = (struct drm_xe_sync) { .type = DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ, .handle = tl,
				       .timeline_value = 6 };
	bs[1] = sync_signal();
	igt_assert_eq(__xe_vm_bind(fd, vm, q, bo2, 0, DATA_ADDR + 0x100000, BO_SIZE,
				   DRM_XE_VM_BIND_OP_MAP, 0, bs, 2, 0), -EINVAL);
	bs[0].timeline_value = 3;
	xe_vm_bind_async(fd, vm, q, bo2, 0, DATA_ADDR + 0x100000, BO_SIZE, bs, 2);
	igt_assert_eq(status(bs[1].handle), 0);
	igt_assert_eq_u64(timeline_query(tl), 0);
	igt_assert_eq_u32(data[0], 0);

	cork_end(&c);
	igt_assert(timeline_wait(tl, 5));
	igt_assert_eq_u64(timeline_query(tl), 5);
	igt_assert_eq_u32(data[0], 0xa1);
	igt_assert(wait_so(bs[1].handle));
	b.next = 1;	/* slot 0 holds the corked store */
	batch_store(&b, DATA_ADDR + 0x100000 + 8, 0xa2);
	igt_assert_eq_u32(d2[2], 0xa2);

	syncobj_destroy(fd, bs[1].handle);
	syncobj_destroy(fd, tl);
	cork_fini(&c);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR + 0x100000, BO_SIZE);
	xe_vm_unbind_sync(fd, vm, 0, DATA_ADDR, BO_SIZE);
	batch_fini(&b);
	xe_exec_queue_destroy(fd, q);
	bo_del(bo2, d2, BO_SIZE);
	bo_del(bo, data, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

/*
 * An unbind waits for the VM's exec jobs submitted before it, as upstream's: behind a 100 ms
 * spinner, a store to a BO is queued, then the BO is unbound asynchronously. The unbind is
 * done only once the store is (its syncobj has signalled when the unbind's does), the store
 * landed, and the queue was not banned by a fault on cleared leaves.
 */
static void unbind_busy(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0), bo, *data, spin_so, store_so;
	struct drm_xe_sync ss = sync_signal(), us = sync_signal();
	struct xe_spin *spin;
	struct batch b;

	data = bo_new(BO_SIZE, &bo);
	batch_init(&b, vm);
	xe_vm_bind_sync(fd, vm, bo, 0, DATA_ADDR, BO_SIZE);
	spin = (struct xe_spin *)(b.map + 0x2000);
	xe_spin_init_opts(spin, .addr = BATCH_ADDR + 0x8000,
			  .ctx_ticks = xe_spin_nsec_to_ticks(fd, 0, 100000000ull));
	xe_exec_sync(fd, b.q, BATCH_ADDR + 0x8000, &ss, 1);
	spin_so = ss.handle;
	xe_spin_wait_started(spin);
	store_so = store_async(&b, DATA_ADDR + 0x40, 0xb05f, NULL);
	xe_vm_unbind_async(fd, vm, 0, 0, DATA_ADDR, BO_SIZE, &us, 1);
	igt_assert(wait_so(us.handle));
	igt_assert_f(status(store_so) == 1, "the unbind was done before the store it unmaps\n");
	igt_assert_eq(status(spin_so), 1);
	igt_assert_eq_u32(data[0x10], 0xb05f);
	igt_assert_eq_u64(banned(b.q), 0);

	syncobj_destroy(fd, us.handle);
	syncobj_destroy(fd, store_so);
	syncobj_destroy(fd, spin_so);
	batch_fini(&b);
	bo_del(bo, data, BO_SIZE);
	xe_vm_destroy(fd, vm);
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			fd = igt_xesim_guest_open_xe(&guest, "vram=32M", 1, 1);
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

		igt_describe("Heap memory bound as a userptr: the GPU stores to it and reads it.");
		igt_subtest("bind-userptr")
			bind_userptr_once(true);

		igt_describe("mmap'd memory bound as a userptr: the GPU stores to and reads it.");
		igt_subtest("bind-userptr-mmap")
			bind_userptr_once(false);

		igt_describe("A READONLY userptr is read by the GPU; its write faults, not done.");
		igt_subtest("bind-userptr-readonly")
			bind_userptr_readonly();

		igt_describe("MADV_DONTNEED or MAP_FIXED under a userptr: the next exec rebinds.");
		igt_subtest("bind-userptr-invalidate")
			bind_userptr_invalidate();

		igt_describe("MADV_DONTNEED under a running batch waits for it.");
		igt_subtest("bind-userptr-invalidate-busy")
			bind_userptr_invalidate_busy();

		igt_describe("Invalidations racing execs: every store lands, no queue faults.");
		igt_subtest("bind-userptr-invalidate-race")
			bind_userptr_invalidate_race();

		igt_describe("munmap under a userptr: the GPU never writes its old pages again.");
		igt_subtest("bind-userptr-munmap")
			bind_userptr_munmap();

		igt_describe("Part of a userptr unbound: the rest still maps, the hole faults.");
		igt_subtest("bind-userptr-partial-unbind")
			bind_userptr_partial_unbind();

		igt_describe("A VM destroyed with userptrs bound.");
		igt_subtest("bind-userptr-vm-close")
			bind_userptr_vm_close();

		igt_describe("MAP_USERPTR refuses bad arguments and memory, upstream's errnos.");
		igt_subtest("bind-userptr-invalid")
			bind_userptr_invalid();

		igt_describe("VM_CREATE refuses extensions, reserved fields and bad flags.");
		igt_subtest("vm-create-invalid")
			vm_create_invalid();

		igt_describe("VM_DESTROY refuses padding and unknown VMs.");
		igt_subtest("vm-destroy-invalid")
			vm_destroy_invalid();

		igt_describe("SCRATCH_PAGE: unbound addresses read zero and drop writes.");
		igt_subtest("vm-scratch")
			vm_scratch();

		igt_describe("An unbind waits for the exec jobs submitted before it.");
		igt_subtest("unbind-busy")
			unbind_busy();

		igt_describe("UNMAP_ALL drops every binding of one BO, and only those.");
		igt_subtest("unbind-all")
			unbind_all();

		igt_describe("PREFETCH of a bound range; MAP with IMMEDIATE and DUMPABLE.");
		igt_subtest("bind-prefetch-flags")
			bind_prefetch_flags();

		igt_describe("LR_MODE: no syncobj out of an EXEC, a user fence instead.");
		igt_subtest("vm-lr-mode")
			vm_lr_mode();

		igt_describe("Timeline points signalled by EXEC, waited for by VM_BIND.");
		igt_subtest("timeline-syncs")
			timeline_syncs();

		igt_describe("VM_BIND refuses bad fields, ranges, objects, VMs and syncs.");
		igt_subtest("bind-invalid")
			bind_invalid();

		igt_describe("A bind queue waiting for a fence does not hold back another.");
		igt_subtest("bind-execqueues-independent")
			bind_execqueues_independent();

		igt_describe("Binds on one bind queue complete in order.");
		igt_subtest("bind-execqueue-in-order")
			bind_execqueue_in_order();

		igt_describe("VM_BIND returns before its wait fence; an exec waits for the bind.");
		igt_subtest("bind-async-exec")
			bind_async_exec();

		igt_describe("A bind's user fence is written when the bind is done.");
		igt_subtest("bind-ufence")
			bind_ufence();

		igt_describe("An array of two binds, bound, unbound and bound again.");
		igt_subtest("bind-array-twice")
			bind_array(2, true);

		igt_describe("An array of 64 binds on a bind queue.");
		igt_subtest("bind-array-many")
			bind_array(64, false);

		igt_describe("An array too big for one bind job fails with -ENOBUFS, undone.");
		igt_subtest("bind-array-enobufs")
			bind_array_enobufs();

		igt_describe("An array whose binds overlap each other.");
		igt_subtest("bind-array-conflict")
			bind_array_conflict(false);

		igt_describe("An array that fails after all its ops went in is undone.");
		igt_subtest("bind-array-conflict-error-inject")
			bind_array_conflict(true);

		igt_describe("Bind queues and arrays refuse bad arguments and leave nothing.");
		igt_subtest("bind-queue-invalid")
			bind_queue_invalid();

		igt_describe("Queue, VM and file closed with binds pending: they complete later.");
		igt_subtest("bind-pending-destroy")
			bind_pending_destroy();

		igt_describe("A userptr bind pending while its memory changes, or its VM goes.");
		igt_subtest("bind-userptr-pending")
			bind_userptr_pending();
	}

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
	}
}
