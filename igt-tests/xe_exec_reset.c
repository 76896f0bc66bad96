// SPDX-License-Identifier: MIT
/*
 * A faulting batch on a VF: the device reports the fault, the driver bans the exec queue
 * that ran it, and only that queue; the others, on the same VM and on another, keep working.
 */
#include <sys/mman.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("A faulting batch bans its exec queue and no other.");

#define ADDR		0x1a0000ull
#define UNBOUND_ADDR	0x7ff00000ull
#define BO_SIZE		0x10000ull

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

enum fault { CAT_ERROR, PAGE_FAULT };

struct vm_ctx {
	__u32 vm, bo, *map;
};

static void vm_ctx_init(struct vm_ctx *v)
{
	v->vm = xe_vm_create(fd, 0, 0);
	v->bo = xe_bo_create(fd, v->vm, BO_SIZE, system_memory(fd), 0);
	v->map = xe_bo_map(fd, v->bo, BO_SIZE);
	memset(v->map, 0, BO_SIZE);
	xe_vm_bind_sync(fd, v->vm, v->bo, 0, ADDR, BO_SIZE);
}

static void vm_ctx_fini(struct vm_ctx *v)
{
	xe_vm_unbind_sync(fd, v->vm, 0, ADDR, BO_SIZE);
	munmap(v->map, BO_SIZE);
	gem_close(fd, v->bo);
	xe_vm_destroy(fd, v->vm);
}

/* Stores @value at byte 0x8000 + 4 * @slot of the VM's BO through @q, batch @slot. */
static void store(struct vm_ctx *v, __u32 q, int slot, __u32 value)
{
	__u32 *cs = v->map + slot * 16;
	__u64 dst = ADDR + 0x8000 + slot * 4;

	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = dst;
	cs[2] = dst >> 32;
	cs[3] = value;
	cs[4] = MI_BATCH_BUFFER_END;
	xe_exec_wait(fd, q, ADDR + slot * 64);
	igt_assert_eq_u32(v->map[0x8000 / 4 + slot], value);
}

/*
 * Whether @q is banned, without changing anything: a wait for a user fence nobody writes,
 * naming the queue, ends at once with EIO once the queue was reset, else times out.
 */
static bool banned(__u32 q)
{
	__u64 never = 0;
	__s64 timeout = 1000000;
	int err = __xe_wait_ufence(fd, &never, USER_FENCE_VALUE, q, &timeout);

	igt_assert_f(err == -EIO || err == -ETIME, "wait on queue %u: %s\n", q, strerror(-err));
	return err == -EIO;
}

/* DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN of @q. */
static __u64 ban_property(__u32 q)
{
	__u64 ban = ~0ull;

	igt_assert_eq(__xe_exec_queue_get_ban(fd, q, &ban), 0);
	return ban;
}

static void test_fault(enum fault kind)
{
	struct drm_xe_engine_class_instance *eci = &xe_engine(fd, 0)->instance;
	__u32 bad_q, same_vm_q, other_q, syncobj;
	struct drm_xe_sync sync = { .type = DRM_XE_SYNC_TYPE_SYNCOBJ,
				    .flags = DRM_XE_SYNC_FLAG_SIGNAL };
	struct drm_xe_exec exec;
	struct vm_ctx a, b;
	__u32 *cs;
	int i;

	vm_ctx_init(&a);
	vm_ctx_init(&b);
	bad_q = xe_exec_queue_create(fd, a.vm, eci, 0);
	same_vm_q = xe_exec_queue_create(fd, a.vm, eci, 0);
	other_q = xe_exec_queue_create(fd, b.vm, eci, 0);

	/* all three work */
	store(&a, bad_q, 0, 0x100);
	store(&a, same_vm_q, 1, 0x101);
	store(&b, other_q, 0, 0x200);

	/* the faulting batch, at slot 8 */
	cs = a.map + 8 * 16;
	if (kind == CAT_ERROR) {
		/* command type 6: no such instruction */
		cs[0] = 0xdeadbeef;
	} else {
		cs[0] = MI_STORE_DWORD_IMM_GEN4;
		cs[1] = UNBOUND_ADDR;
		cs[2] = 0;
		cs[3] = 0xbad;
	}
	cs[4] = MI_BATCH_BUFFER_END;
	syncobj = syncobj_create(fd, 0);
	sync.handle = syncobj;
	xe_exec_sync(fd, bad_q, ADDR + 8 * 64, &sync, 1);
	/* the job ends (with an error) rather than hangs */
	igt_assert(syncobj_wait(fd, &syncobj, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
	syncobj_destroy(fd, syncobj);

	/* the ban follows the device's reset notification */
	for (i = 0; i < 1000 && !banned(bad_q); i++)
		usleep(10000);
	igt_assert(banned(bad_q));
	igt_assert(!banned(same_vm_q));
	igt_assert(!banned(other_q));
	igt_assert_eq_u64(ban_property(bad_q), 1);
	igt_assert_eq_u64(ban_property(same_vm_q), 0);
	igt_assert_eq_u64(ban_property(other_q), 0);

	/* the banned queue takes no more work */
	exec = (struct drm_xe_exec) { .exec_queue_id = bad_q, .address = ADDR,
				      .num_batch_buffer = 1 };
	igt_assert_eq(__xe_exec(fd, &exec), -ECANCELED);

	/* the others still do */
	store(&a, same_vm_q, 2, 0x102);
	store(&b, other_q, 1, 0x201);
	igt_assert(!banned(same_vm_q));
	igt_assert(!banned(other_q));
	igt_assert_eq_u64(ban_property(same_vm_q), 0);

	/* a new queue on the faulting VM works */
	xe_exec_queue_destroy(fd, bad_q);
	bad_q = xe_exec_queue_create(fd, a.vm, eci, 0);
	store(&a, bad_q, 3, 0x103);

	xe_exec_queue_destroy(fd, bad_q);
	xe_exec_queue_destroy(fd, same_vm_q);
	xe_exec_queue_destroy(fd, other_q);
	vm_ctx_fini(&a);
	vm_ctx_fini(&b);
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			fd = igt_xesim_guest_open_xe(&guest, "vram=32M", 1, 1);
		}

		igt_describe("An unknown instruction bans its queue only.");
		igt_subtest("cat-error")
			test_fault(CAT_ERROR);

		igt_describe("A store to an unbound address bans its queue only.");
		igt_subtest("page-fault")
			test_fault(PAGE_FAULT);
	}

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
	}
}
