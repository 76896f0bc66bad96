// SPDX-License-Identifier: MIT
/*
 * VMs in fault mode on a VF: binds without IMMEDIATE only reserve the address, the GPU's
 * first access faults, the driver binds the mapping and the work goes on; an access with no
 * mapping behind it bans the queue.
 */
#include <sys/mman.h>
#include <unistd.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Recoverable page faults: DRM_XE_VM_CREATE_FLAG_FAULT_MODE.");

#define BATCH_ADDR	0x100000ull
#define DATA_ADDR	0x800000ull
#define UNBOUND_ADDR	0x7ff00000ull
#define BO_SIZE		0x10000ull
#define FENCE_OFF	0x100	/* the user fence, in the data */
#define NUM_QUEUES	4

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

struct pf_counts {
	__u64 faults, resolved, failed;
};

/* the driver's page-fault counters (debugfs "pagefault") */
static struct pf_counts pf_counts(void)
{
	char *text = igt_xesim_debugfs_read("dri/%d/pagefault", guest.card);
	struct pf_counts c;

	igt_assert(igt_xesim_debugfs_u64(text, "faults", &c.faults));
	igt_assert(igt_xesim_debugfs_u64(text, "resolved", &c.resolved));
	igt_assert(igt_xesim_debugfs_u64(text, "failed", &c.failed));
	free(text);
	return c;
}

static __u32 fault_vm(void)
{
	return xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_LR_MODE |
			    DRM_XE_VM_CREATE_FLAG_FAULT_MODE, 0);
}

static void *bo_new(__u32 vm, __u32 *bo)
{
	void *map;

	*bo = xe_bo_create(fd, vm, BO_SIZE, system_memory(fd), 0);
	map = xe_bo_map(fd, *bo, BO_SIZE);
	memset(map, 0, BO_SIZE);
	return map;
}

static void bo_del(__u32 bo, void *map)
{
	munmap(map, BO_SIZE);
	gem_close(fd, bo);
}

/* a bind op on an LR VM (user fence only), done on return */
static void bind(__u32 vm, __u32 bo, __u64 offset, __u64 addr, __u64 size, __u32 op,
		 __u32 flags)
{
	__xe_vm_bind_lr_sync(fd, vm, bo, offset, addr, size, op, flags);
}

static void map(__u32 vm, __u32 bo, __u64 addr, __u32 flags)
{
	bind(vm, bo, 0, addr, BO_SIZE, DRM_XE_VM_BIND_OP_MAP, flags);
}

static void unmap(__u32 vm, __u64 addr, __u64 size)
{
	bind(vm, 0, 0, addr, size, DRM_XE_VM_BIND_OP_UNMAP, 0);
}

/* a batch at @slot of @cs that stores @value at @dst */
static __u64 store_batch(__u32 *cs, int slot, __u64 dst, __u32 value)
{
	cs += slot * 16;
	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = dst;
	cs[2] = dst >> 32;
	cs[3] = value;
	cs[4] = MI_BATCH_BUFFER_END;
	return BATCH_ADDR + slot * 64;
}

/* EXEC @batch on @q with a user fence at GPU address @fence_addr */
static void exec_ufence(__u32 q, __u64 batch, __u64 fence_addr)
{
	struct drm_xe_sync uf = {
		.type = DRM_XE_SYNC_TYPE_USER_FENCE,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.addr = fence_addr,
		.timeline_value = USER_FENCE_VALUE,
	};

	xe_exec_sync(fd, q, batch, &uf, 1);
}

static __u64 ban_property(__u32 q)
{
	__u64 ban = ~0ull;

	igt_assert_eq(__xe_exec_queue_get_ban(fd, q, &ban), 0);
	return ban;
}

struct fixture {
	__u32 vm, q, batch_bo, data_bo;
	__u32 *batch, *data;
	__u64 *fence;
};

/* a fault-mode VM, a render queue, a batch BO and a data BO, bound with @flags */
static void fixture_init(struct fixture *f, __u32 flags)
{
	f->vm = fault_vm();
	f->q = xe_exec_queue_create_class(fd, f->vm, DRM_XE_ENGINE_CLASS_RENDER);
	f->batch = bo_new(f->vm, &f->batch_bo);
	f->data = bo_new(f->vm, &f->data_bo);
	f->fence = (__u64 *)((char *)f->data + FENCE_OFF);
	map(f->vm, f->batch_bo, BATCH_ADDR, flags);
	map(f->vm, f->data_bo, DATA_ADDR, flags);
}

static void fixture_fini(struct fixture *f)
{
	xe_exec_queue_destroy(fd, f->q);
	unmap(f->vm, BATCH_ADDR, BO_SIZE);
	unmap(f->vm, DATA_ADDR, BO_SIZE);
	bo_del(f->batch_bo, f->batch);
	bo_del(f->data_bo, f->data);
	xe_vm_destroy(fd, f->vm);
}

/* store @value at data + @off through the fixture's queue; wait for its user fence */
static void fixture_store(struct fixture *f, int slot, __u32 off, __u32 value)
{
	*f->fence = 0;
	exec_ufence(f->q, store_batch(f->batch, slot, DATA_ADDR + off, value),
		    DATA_ADDR + FENCE_OFF);
	xe_wait_ufence(fd, f->fence, USER_FENCE_VALUE, f->q, XE_TIMEOUT_NS);
	igt_assert_eq_u32(f->data[off / 4], value);
}

/* FAULT_MODE's argument rules, upstream's */
static void create_flags(void)
{
	__u32 vm;

	igt_assert_eq(__xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_FAULT_MODE, 0, &vm), -EINVAL);
	igt_assert_eq(__xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_FAULT_MODE |
				     DRM_XE_VM_CREATE_FLAG_LR_MODE |
				     DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE, 0, &vm), -EINVAL);
	igt_assert_eq(__xe_vm_create(fd, DRM_XE_VM_CREATE_FLAG_FAULT_MODE |
				     DRM_XE_VM_CREATE_FLAG_LR_MODE, 0, &vm), 0);
	xe_vm_destroy(fd, vm);
}

/*
 * Binds without IMMEDIATE write no page-table entry: the batch fetch, the store and the
 * user fence each fault once, the driver binds, and the store lands.
 */
static void lazy_bind(void)
{
	struct pf_counts before = pf_counts(), after;
	struct fixture f;

	fixture_init(&f, 0);
	fixture_store(&f, 0, 0x40, 0x1a2b3c4d);
	after = pf_counts();
	/* the batch BO and the data BO: one fault each, at least */
	igt_assert_lte(before.resolved + 2, after.resolved);
	igt_assert_eq_u64(after.failed, before.failed);
	igt_assert_eq_u64(ban_property(f.q), 0);

	/* bound now: a second store faults no more */
	before = after;
	fixture_store(&f, 1, 0x44, 0x5e6f7a8b);
	after = pf_counts();
	igt_assert_eq_u64(after.faults, before.faults);
	fixture_fini(&f);
}

/* IMMEDIATE binds write the entries at once: nothing faults */
static void immediate(void)
{
	struct pf_counts before = pf_counts(), after;
	struct fixture f;

	fixture_init(&f, DRM_XE_VM_BIND_FLAG_IMMEDIATE);
	fixture_store(&f, 0, 0x40, 0xcafe);
	after = pf_counts();
	igt_assert_eq_u64(after.faults, before.faults);
	fixture_fini(&f);
}

/* a PREFETCH binds every mapping in its range, as upstream's: nothing faults after it */
static void prefetch(void)
{
	struct pf_counts before, after;
	struct fixture f;

	fixture_init(&f, 0);
	/* one op over both mappings and the hole between them; region 0, system memory */
	bind(f.vm, 0, 0, BATCH_ADDR, DATA_ADDR + BO_SIZE - BATCH_ADDR,
	     DRM_XE_VM_BIND_OP_PREFETCH, 0);
	before = pf_counts();
	fixture_store(&f, 0, 0x40, 0x0badcafe);
	after = pf_counts();
	igt_assert_eq_u64(after.faults, before.faults);
	igt_assert_eq_u64(ban_property(f.q), 0);
	fixture_fini(&f);
}

/* a store to an address with no mapping: the fault fails, the GuC resets, the queue is banned */
static void unbound(void)
{
	struct pf_counts before = pf_counts(), after;
	struct drm_xe_exec exec = { .num_batch_buffer = 1 };
	__s64 timeout = XE_TIMEOUT_NS;
	struct fixture f;
	__u32 other;

	fixture_init(&f, DRM_XE_VM_BIND_FLAG_IMMEDIATE);
	other = xe_exec_queue_create_class(fd, f.vm, DRM_XE_ENGINE_CLASS_RENDER);
	*f.fence = 0;
	exec_ufence(f.q, store_batch(f.batch, 0, UNBOUND_ADDR, 0xbad), DATA_ADDR + FENCE_OFF);
	igt_assert_eq(__xe_wait_ufence(fd, f.fence, USER_FENCE_VALUE, f.q, &timeout), -EIO);
	igt_assert_eq_u64(*f.fence, 0);
	igt_assert_eq_u64(ban_property(f.q), 1);
	after = pf_counts();
	igt_assert_lte(before.failed + 1, after.failed);

	exec.exec_queue_id = f.q;
	exec.address = BATCH_ADDR;
	igt_assert_eq(__xe_exec(fd, &exec), -ECANCELED);

	/* another queue of the VM still works */
	igt_assert_eq_u64(ban_property(other), 0);
	xe_exec_queue_destroy(fd, f.q);
	f.q = other;
	fixture_store(&f, 1, 0x48, 0x600d);
	fixture_fini(&f);
}

/*
 * A userptr bound without IMMEDIATE: the fault pins its pages and the store lands in the
 * process's memory; once the memory is replaced (the notifier empties the entries), the
 * next store faults again and lands in the new memory.
 */
static void userptr(void)
{
	size_t size = BO_SIZE;
	struct pf_counts before, after;
	struct fixture f;
	__u32 *mem, *again;

	fixture_init(&f, 0);
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	igt_assert(mem != MAP_FAILED);
	memset(mem, 0, size);
	unmap(f.vm, DATA_ADDR, BO_SIZE);
	bind(f.vm, 0, (__u64)(uintptr_t)mem, DATA_ADDR, size, DRM_XE_VM_BIND_OP_MAP_USERPTR, 0);
	f.fence = (__u64 *)((char *)mem + FENCE_OFF);

	before = pf_counts();
	*f.fence = 0;
	exec_ufence(f.q, store_batch(f.batch, 0, DATA_ADDR + 0x40, 0x0123), DATA_ADDR + FENCE_OFF);
	xe_wait_ufence(fd, f.fence, USER_FENCE_VALUE, f.q, XE_TIMEOUT_NS);
	igt_assert_eq_u32(mem[0x40 / 4], 0x0123);
	after = pf_counts();
	igt_assert_lte(before.resolved + 1, after.resolved);

	/* new memory at the same address: the old pages leave the GPU's reach */
	again = mmap(mem, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		     -1, 0);
	igt_assert(again == mem);
	igt_assert_eq_u32(mem[0x40 / 4], 0);
	before = after;
	*f.fence = 0;
	exec_ufence(f.q, store_batch(f.batch, 1, DATA_ADDR + 0x44, 0x4567), DATA_ADDR + FENCE_OFF);
	xe_wait_ufence(fd, f.fence, USER_FENCE_VALUE, f.q, XE_TIMEOUT_NS);
	igt_assert_eq_u32(mem[0x44 / 4], 0x4567);
	after = pf_counts();
	igt_assert_lte(before.resolved + 1, after.resolved);
	igt_assert_eq_u64(ban_property(f.q), 0);

	unmap(f.vm, DATA_ADDR, size);
	munmap(mem, size);
	/* fixture_fini() unmaps DATA_ADDR again: nothing there is fine */
	fixture_fini(&f);
}

/*
 * A READONLY mapping bound on demand: a batch fetched from one runs (a read fault binds
 * it), a store into one is a failed fault and bans the queue.
 */
static void readonly(void)
{
	struct pf_counts before = pf_counts(), after;
	__s64 timeout = XE_TIMEOUT_NS;
	__u32 ro_bo, q2, *ro;
	struct fixture f;

	fixture_init(&f, 0);
	unmap(f.vm, BATCH_ADDR, BO_SIZE);
	map(f.vm, f.batch_bo, BATCH_ADDR, DRM_XE_VM_BIND_FLAG_READONLY);
	fixture_store(&f, 0, 0x40, 0x5eed);
	after = pf_counts();
	igt_assert_lte(before.resolved + 2, after.resolved);
	igt_assert_eq_u64(after.failed, before.failed);

	ro = bo_new(f.vm, &ro_bo);
	map(f.vm, ro_bo, UNBOUND_ADDR, DRM_XE_VM_BIND_FLAG_READONLY);
	before = after;
	*f.fence = 0;
	exec_ufence(f.q, store_batch(f.batch, 1, UNBOUND_ADDR + 0x40, 0xbad),
		    DATA_ADDR + FENCE_OFF);
	igt_assert_eq(__xe_wait_ufence(fd, f.fence, USER_FENCE_VALUE, f.q, &timeout), -EIO);
	igt_assert_eq_u32(ro[0x40 / 4], 0);
	igt_assert_eq_u64(ban_property(f.q), 1);
	after = pf_counts();
	igt_assert_lte(before.failed + 1, after.failed);

	q2 = xe_exec_queue_create_class(fd, f.vm, DRM_XE_ENGINE_CLASS_RENDER);
	xe_exec_queue_destroy(fd, f.q);
	f.q = q2;
	unmap(f.vm, UNBOUND_ADDR, BO_SIZE);
	bo_del(ro_bo, ro);
	fixture_fini(&f);
}

/* an unbind takes the entries away: after a rebind the store faults again, and lands */
static void rebind(void)
{
	struct pf_counts before, after;
	struct fixture f;

	fixture_init(&f, 0);
	fixture_store(&f, 0, 0x40, 0x11);
	unmap(f.vm, DATA_ADDR, BO_SIZE);
	map(f.vm, f.data_bo, DATA_ADDR, 0);
	before = pf_counts();
	fixture_store(&f, 1, 0x44, 0x22);
	after = pf_counts();
	igt_assert_lte(before.resolved + 1, after.resolved);
	igt_assert_eq_u64(after.failed, before.failed);
	fixture_fini(&f);
}

/* several queues, on both engines, fault at once; every store lands */
static void many_queues(void)
{
	static const __u16 classes[] = { DRM_XE_ENGINE_CLASS_RENDER, DRM_XE_ENGINE_CLASS_COPY };
	struct pf_counts before = pf_counts(), after;
	__u32 q[NUM_QUEUES];
	struct fixture f;
	int i;

	fixture_init(&f, 0);
	for (i = 0; i < NUM_QUEUES; i++)
		q[i] = xe_exec_queue_create_class(fd, f.vm, classes[i % 2]);
	/* every queue stores to its own page of the data BO, none bound yet */
	for (i = 0; i < NUM_QUEUES; i++) {
		__u64 *fence = (__u64 *)((char *)f.data + 0x1000 * (i + 1) + FENCE_OFF);

		*fence = 0;
		exec_ufence(q[i], store_batch(f.batch, i, DATA_ADDR + 0x1000 * (i + 1), 0x900 + i),
			    DATA_ADDR + 0x1000 * (i + 1) + FENCE_OFF);
	}
	for (i = 0; i < NUM_QUEUES; i++) {
		__u64 *fence = (__u64 *)((char *)f.data + 0x1000 * (i + 1) + FENCE_OFF);

		xe_wait_ufence(fd, fence, USER_FENCE_VALUE, q[i], XE_TIMEOUT_NS);
		igt_assert_eq_u32(f.data[0x1000 * (i + 1) / 4], 0x900 + i);
		igt_assert_eq_u64(ban_property(q[i]), 0);
	}
	after = pf_counts();
	igt_assert_lte(before.resolved + 2, after.resolved);
	igt_assert_eq_u64(after.failed, before.failed);
	for (i = 0; i < NUM_QUEUES; i++)
		xe_exec_queue_destroy(fd, q[i]);
	fixture_fini(&f);
}

igt_main
{
	igt_fixture {
		fd = igt_xesim_guest_open_xe(&guest, "vram=32M", 1, 1);
	}

	igt_describe("FAULT_MODE needs LR_MODE and excludes SCRATCH_PAGE.");
	igt_subtest("create-flags")
		create_flags();

	igt_describe("A store to a BO bound without IMMEDIATE faults, is bound, and lands.");
	igt_subtest("lazy-bind")
		lazy_bind();

	igt_describe("IMMEDIATE binds do not fault.");
	igt_subtest("immediate")
		immediate();

	igt_describe("A PREFETCH binds the mappings in its range: no fault afterwards.");
	igt_subtest("prefetch")
		prefetch();

	igt_describe("A store to an unbound address bans its queue.");
	igt_subtest("unbound")
		unbound();

	igt_describe("A userptr is bound by its fault, and again after an invalidation.");
	igt_subtest("userptr")
		userptr();

	igt_describe("A READONLY mapping: reads fault and bind, a write is a failed fault.");
	igt_subtest("readonly")
		readonly();

	igt_describe("A rebind after an unbind faults again.");
	igt_subtest("rebind")
		rebind();

	igt_describe("Several queues on both engines fault at once.");
	igt_subtest("many-queues")
		many_queues();

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
	}
}
