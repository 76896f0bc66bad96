// SPDX-License-Identifier: MIT
/*
 * Submissions on a VF: single and chained batches on one and many exec queues, sync object
 * waits, and the arguments DRM_IOCTL_XE_EXEC refuses.
 */
#include <sys/mman.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Submit store batches on exec queues and wait for them.");

#define ADDR		0x1a0000ull
#define BO_SIZE		0x40000ull
#define MAX_QUEUES	16
#define MAX_EXECS	64

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

/* Each exec's 64 bytes at the start of the BO: its batch; its result at 0x20000 + 4 * i. */
#define RESULT_OFF	0x20000

static void emit(__u32 *map, int i, __u32 value)
{
	__u32 *cs = map + i * 16;
	__u64 dst = ADDR + RESULT_OFF + i * 4;

	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = dst;
	cs[2] = dst >> 32;
	cs[3] = value;
	cs[4] = MI_BATCH_BUFFER_END;
}

/*
 * @n_execs batches over @n_queues queues of one engine each (round robin over the engines);
 * each exec waits for the previous one's sync object and signals its own, so they run in
 * order whatever queue they are on; only the last one is waited for.
 */
static void test_exec(int n_queues, int n_execs)
{
	__u32 vm, bo, *map, q[MAX_QUEUES], syncobj[MAX_EXECS];
	struct drm_xe_sync sync[2] = {
		{ .type = DRM_XE_SYNC_TYPE_SYNCOBJ },
		{ .type = DRM_XE_SYNC_TYPE_SYNCOBJ, .flags = DRM_XE_SYNC_FLAG_SIGNAL },
	};
	int i;

	igt_assert_lte(n_queues, MAX_QUEUES);
	igt_assert_lte(n_execs, MAX_EXECS);
	vm = xe_vm_create(fd, 0, 0);
	bo = xe_bo_create(fd, vm, BO_SIZE, system_memory(fd), 0);
	map = xe_bo_map(fd, bo, BO_SIZE);
	memset(map, 0, BO_SIZE);
	xe_vm_bind_sync(fd, vm, bo, 0, ADDR, BO_SIZE);
	for (i = 0; i < n_queues; i++)
		q[i] = xe_exec_queue_create(fd, vm,
					    &xe_engine(fd, i % xe_number_engines(fd))->instance, 0);

	for (i = 0; i < n_execs; i++) {
		emit(map, i, 0x5eed0000 + i);
		syncobj[i] = syncobj_create(fd, 0);
		sync[0].handle = i ? syncobj[i - 1] : 0;
		sync[1].handle = syncobj[i];
		if (i)
			xe_exec_sync(fd, q[i % n_queues], ADDR + i * 64, sync, 2);
		else
			xe_exec_sync(fd, q[0], ADDR, &sync[1], 1);
	}
	igt_assert(syncobj_wait(fd, &syncobj[n_execs - 1], 1, xe_abs_timeout(XE_TIMEOUT_NS), 0,
				NULL));
	/* in order: every earlier one is signalled too */
	igt_assert(syncobj_wait(fd, syncobj, n_execs, 0, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, NULL));
	for (i = 0; i < n_execs; i++) {
		igt_assert_eq_u32(map[RESULT_OFF / 4 + i], 0x5eed0000 + i);
		syncobj_destroy(fd, syncobj[i]);
	}
	igt_assert_eq_u32(map[RESULT_OFF / 4 + n_execs], 0);

	for (i = 0; i < n_queues; i++)
		xe_exec_queue_destroy(fd, q[i]);
	xe_vm_unbind_sync(fd, vm, 0, ADDR, BO_SIZE);
	munmap(map, BO_SIZE);
	gem_close(fd, bo);
	xe_vm_destroy(fd, vm);
}

/* A sync object not yet signalled is not signalled by a wait's timeout either. */
static void test_syncobj_wait(void)
{
	__u32 syncobj = syncobj_create(fd, 0), signalled;

	/* nothing attached: a wait without WAIT_FOR_SUBMIT fails at once */
	igt_assert_eq(syncobj_wait_err(fd, &syncobj, 1, xe_abs_timeout(1000000), 0), -EINVAL);
	igt_assert_eq(syncobj_wait_err(fd, &syncobj, 1, xe_abs_timeout(10000000),
				       DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT), -ETIME);
	signalled = syncobj_create(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	igt_assert(syncobj_wait(fd, &signalled, 1, 0, 0, NULL));
	syncobj_destroy(fd, syncobj);
	syncobj_destroy(fd, signalled);
}

static void test_exec_invalid(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 bo = xe_bo_create(fd, vm, BO_SIZE, system_memory(fd), 0);
	__u32 *map = xe_bo_map(fd, bo, BO_SIZE);
	__u32 q, empty = syncobj_create(fd, 0);
	__u64 ufence[2] = {};
	struct drm_xe_sync sync[2] = {};
	struct drm_xe_exec exec;

	xe_vm_bind_sync(fd, vm, bo, 0, ADDR, BO_SIZE);
	q = xe_exec_queue_create(fd, vm, &xe_engine(fd, 0)->instance, 0);
	map[0] = MI_BATCH_BUFFER_END;

#define GOOD_EXEC ((struct drm_xe_exec) { .exec_queue_id = q, .address = ADDR, \
					  .num_batch_buffer = 1 })
	exec = GOOD_EXEC;
	exec.extensions = 1;
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);
	exec = GOOD_EXEC;
	exec.pad[1] = 1;
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);
	exec = GOOD_EXEC;
	exec.reserved[0] = 1;
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);
	exec = GOOD_EXEC;
	exec.num_syncs = DRM_XE_MAX_SYNCS + 1;
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);
	exec = GOOD_EXEC;
	exec.exec_queue_id = q + 1000;
	igt_assert_eq(__xe_exec(fd, &exec), -ENOENT);
	exec = GOOD_EXEC;
	exec.num_batch_buffer = 2;
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);

	/* syncs: unreadable, unknown type or flags, unknown or empty object, bad fences */
	exec = GOOD_EXEC;
	exec.num_syncs = 1;
	exec.syncs = 8;
	igt_assert_eq(__xe_exec(fd, &exec), -EFAULT);
	exec.syncs = (__u64)(uintptr_t)sync;
	sync[0] = (struct drm_xe_sync) { .type = 0x7f, .flags = DRM_XE_SYNC_FLAG_SIGNAL };
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);
	sync[0] = (struct drm_xe_sync) { .type = DRM_XE_SYNC_TYPE_SYNCOBJ, .flags = 2,
					 .handle = empty };
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);
	sync[0] = (struct drm_xe_sync) { .type = DRM_XE_SYNC_TYPE_SYNCOBJ,
					 .flags = DRM_XE_SYNC_FLAG_SIGNAL, .handle = 0xfff };
	igt_assert_eq(__xe_exec(fd, &exec), -ENOENT);
	sync[0] = (struct drm_xe_sync) { .type = DRM_XE_SYNC_TYPE_SYNCOBJ, .handle = empty };
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);
	sync[0] = (struct drm_xe_sync) { .type = DRM_XE_SYNC_TYPE_USER_FENCE,
					 .flags = DRM_XE_SYNC_FLAG_SIGNAL,
					 .addr = (__u64)(uintptr_t)ufence + 4,
					 .timeline_value = USER_FENCE_VALUE };
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);
	sync[0].addr = (__u64)(uintptr_t)ufence;
	sync[0].flags = 0;
	igt_assert_eq(__xe_exec(fd, &exec), -EOPNOTSUPP);
	sync[0].flags = DRM_XE_SYNC_FLAG_SIGNAL;
	sync[1] = sync[0];
	sync[1].addr = (__u64)(uintptr_t)&ufence[1];
	exec.num_syncs = 2;
	igt_assert_eq(__xe_exec(fd, &exec), -EINVAL);

	/* none of that ran anything; a good exec still works */
	igt_assert_eq_u64(ufence[0], 0);
	igt_assert_eq_u64(ufence[1], 0);
	xe_exec_wait(fd, q, ADDR);

	syncobj_destroy(fd, empty);
	xe_exec_queue_destroy(fd, q);
	xe_vm_unbind_sync(fd, vm, 0, ADDR, BO_SIZE);
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

		igt_describe("One store batch, waited for with a sync object.");
		igt_subtest("once-basic")
			test_exec(1, 1);

		igt_describe("64 chained store batches on one exec queue.");
		igt_subtest("many-basic")
			test_exec(1, MAX_EXECS);

		igt_describe("64 chained store batches over 16 exec queues on all engines.");
		igt_subtest("many-execqueues-basic")
			test_exec(MAX_QUEUES, MAX_EXECS);

		igt_describe("Sync object waits without a fence, with a timeout, when signalled.");
		igt_subtest("syncobj-wait")
			test_syncobj_wait();

		igt_describe("EXEC refuses bad fields, queues, batch counts and syncs.");
		igt_subtest("exec-invalid")
			test_exec_invalid();
	}

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
	}
}
