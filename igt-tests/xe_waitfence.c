// SPDX-License-Identifier: MIT
/*
 * User fences on a VF: execs and binds that write a value to memory when done, waited for
 * with DRM_IOCTL_XE_WAIT_USER_FENCE, and the arguments that ioctl refuses.
 */
#include <sys/mman.h>
#include <time.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Wait for user fences of execs and binds.");

#define ADDR		0x1a0000ull
#define BO_SIZE		0x10000ull
#define N_EXECS		8

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

enum wait_mode { RELTIME, ABSTIME, ENGINE };

/* The state of a test: a VM, a BO at ADDR with batches and data, a queue. */
struct ctx {
	__u32 vm, bo, q, *map, fence_bo;
	__u64 *fence;	/* N_EXECS + 1 user fences */
};

static void ctx_init(struct ctx *c)
{
	struct drm_xe_sync sync = { .type = DRM_XE_SYNC_TYPE_USER_FENCE,
				    .flags = DRM_XE_SYNC_FLAG_SIGNAL,
				    .timeline_value = USER_FENCE_VALUE };
	__s64 left;

	c->vm = xe_vm_create(fd, 0, 0);
	c->bo = xe_bo_create(fd, c->vm, BO_SIZE, system_memory(fd), 0);
	c->map = xe_bo_map(fd, c->bo, BO_SIZE);
	memset(c->map, 0, BO_SIZE);
	/*
	 * An exec's user fence is written by the GPU (a store to its address in the VM) and by
	 * the kernel (to the same address in the process), so the fences are in a BO bound at
	 * the GPU address equal to its CPU mapping's.
	 */
	c->fence_bo = xe_bo_create(fd, c->vm, 4096, system_memory(fd), 0);
	c->fence = xe_bo_map(fd, c->fence_bo, 4096);
	memset(c->fence, 0, 4096);
	xe_vm_bind_sync(fd, c->vm, c->fence_bo, 0, (__u64)(uintptr_t)c->fence, 4096);
	/* a bind signals a user fence too */
	sync.addr = (__u64)(uintptr_t)&c->fence[N_EXECS];
	xe_vm_bind_async(fd, c->vm, 0, c->bo, 0, ADDR, BO_SIZE, &sync, 1);
	left = xe_wait_ufence(fd, &c->fence[N_EXECS], USER_FENCE_VALUE, 0, XE_TIMEOUT_NS);
	igt_assert_lte_s64(left, XE_TIMEOUT_NS);
	c->q = xe_exec_queue_create(fd, c->vm, &xe_engine(fd, 0)->instance, 0);
}

static void ctx_fini(struct ctx *c)
{
	xe_exec_queue_destroy(fd, c->q);
	xe_vm_unbind_sync(fd, c->vm, 0, ADDR, BO_SIZE);
	xe_vm_unbind_sync(fd, c->vm, 0, (__u64)(uintptr_t)c->fence, 4096);
	munmap(c->map, BO_SIZE);
	munmap(c->fence, 4096);
	gem_close(fd, c->bo);
	gem_close(fd, c->fence_bo);
	xe_vm_destroy(fd, c->vm);
}

/* Submits exec @i: a store of i + 1 to the data area, signalling user fence @i. */
static void exec_store(struct ctx *c, int i)
{
	struct drm_xe_sync sync = { .type = DRM_XE_SYNC_TYPE_USER_FENCE,
				    .flags = DRM_XE_SYNC_FLAG_SIGNAL,
				    .addr = (__u64)(uintptr_t)&c->fence[i],
				    .timeline_value = USER_FENCE_VALUE };
	__u32 *cs = c->map + i * 16;
	__u64 dst = ADDR + 0x8000 + i * 4;

	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = dst;
	cs[2] = dst >> 32;
	cs[3] = i + 1;
	cs[4] = MI_BATCH_BUFFER_END;
	xe_exec_sync(fd, c->q, ADDR + i * 64, &sync, 1);
}

static __s64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static void test_wait(enum wait_mode mode)
{
	struct ctx c;
	int i;

	ctx_init(&c);
	for (i = 0; i < N_EXECS; i++)
		exec_store(&c, i);
	/* wait in reverse: each fence for itself, whichever order they signal in */
	for (i = N_EXECS - 1; i >= 0; i--) {
		struct drm_xe_wait_user_fence wait = {
			.addr = (__u64)(uintptr_t)&c.fence[i],
			.op = DRM_XE_UFENCE_WAIT_OP_EQ,
			.value = USER_FENCE_VALUE,
			.mask = DRM_XE_UFENCE_WAIT_MASK_U64,
			.timeout = XE_TIMEOUT_NS,
		};

		if (mode == ABSTIME) {
			wait.flags = DRM_XE_UFENCE_WAIT_FLAG_ABSTIME;
			wait.timeout = now_ns() + XE_TIMEOUT_NS;
		} else if (mode == ENGINE) {
			wait.exec_queue_id = c.q;
		}
		do_ioctl(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait);
		igt_assert_eq_u64(c.fence[i], USER_FENCE_VALUE);
		/* the store is done when its fence says so */
		igt_assert_eq_u32(c.map[0x8000 / 4 + i], i + 1);
		if (mode != ABSTIME)
			igt_assert_lte_s64(wait.timeout, XE_TIMEOUT_NS);
	}
	ctx_fini(&c);
}

/* A fence nobody writes times out with ETIME, and no time is left. */
static void test_timeout(void)
{
	__u64 fence = 0;
	__s64 timeout = 20 * 1000 * 1000;

	igt_assert_eq(__xe_wait_ufence(fd, &fence, USER_FENCE_VALUE, 0, &timeout), -ETIME);
	/* what is left: less than given (jiffies rounding may leave a little) */
	igt_assert_lte_s64(0, timeout);
	igt_assert_lt_s64(timeout, 20 * 1000 * 1000);
	/* a fence that already holds the value returns at once */
	fence = USER_FENCE_VALUE;
	timeout = 0;
	igt_assert_eq(__xe_wait_ufence(fd, &fence, USER_FENCE_VALUE, 0, &timeout), 0);
}

static void test_invalid(int what)
{
	__u64 fence[2] = { 1, 0 };
	struct drm_xe_wait_user_fence wait = {
		.addr = (__u64)(uintptr_t)fence,
		.op = DRM_XE_UFENCE_WAIT_OP_EQ,
		.value = 1,
		.mask = DRM_XE_UFENCE_WAIT_MASK_U64,
	};

	do_ioctl(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait);
	switch (what) {
	case 0:	/* invalid-flag */
		wait.flags = DRM_XE_UFENCE_WAIT_FLAG_ABSTIME << 1;
		do_ioctl_err(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait, EINVAL);
		wait.flags = 0;
		wait.extensions = 1;
		do_ioctl_err(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait, EINVAL);
		wait.extensions = 0;
		wait.pad = 1;
		do_ioctl_err(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait, EINVAL);
		wait.pad = 0;
		wait.reserved[1] = 1;
		do_ioctl_err(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait, EINVAL);
		break;
	case 1:	/* invalid-ops */
		wait.op = DRM_XE_UFENCE_WAIT_OP_LTE + 1;
		do_ioctl_err(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait, EINVAL);
		wait.op = DRM_XE_UFENCE_WAIT_OP_EQ;
		wait.addr += 4;
		do_ioctl_err(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait, EINVAL);
		wait.addr = 8;
		do_ioctl_err(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait, EFAULT);
		break;
	default: /* invalid-engine */
		wait.exec_queue_id = 0xfff;
		do_ioctl_err(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait, ENOENT);
		break;
	}
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			fd = igt_xesim_guest_open_xe(&guest, "vram=32M", 1, 1);
		}

		igt_describe("Wait for the user fences of execs with relative timeouts.");
		igt_subtest("reltime")
			test_wait(RELTIME);

		igt_describe("Wait for the user fences of execs with absolute timeouts.");
		igt_subtest("abstime")
			test_wait(ABSTIME);

		igt_describe("Wait for the user fences of execs, naming their exec queue.");
		igt_subtest("engine")
			test_wait(ENGINE);

		igt_describe("An unwritten fence times out (ETIME), a written one does not.");
		igt_subtest("timeout")
			test_timeout();

		igt_describe("Unknown flags, extensions, padding are refused (EINVAL).");
		igt_subtest("invalid-flag")
			test_invalid(0);

		igt_describe("Unknown ops, unaligned (EINVAL) and unreadable (EFAULT) fences.");
		igt_subtest("invalid-ops")
			test_invalid(1);

		igt_describe("An unknown exec queue is refused (ENOENT).");
		igt_subtest("invalid-engine")
			test_invalid(2);
	}

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
	}
}
