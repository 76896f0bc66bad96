// SPDX-License-Identifier: MIT
/*
 * 64 exec queues in parallel on a VF: a thread per queue, each submitting store batches and
 * waiting for them, all at once.
 */
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Run 64 exec queues in parallel, one thread each.");

#define N_THREADS	64
#define N_EXECS		8
#define ADDR		0x1a0000ull
/* per thread: N_EXECS batches of 64 bytes, then N_EXECS results */
#define SLOT_SIZE	0x400
#define BO_SIZE		(N_THREADS * SLOT_SIZE)

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

struct thread {
	pthread_t tid;
	int id;
	__u32 vm, q, *slot;
	bool ufence;
	__u64 *fence;
	/* what went wrong, for the main thread to report: the step and the errno */
	const char *step;
	int err;
};

static pthread_barrier_t start;

static __u32 value_of(int thread, int exec)
{
	return 0x7000000 | thread << 8 | exec;
}

/* Runs in the thread: no igt_assert() here, which would jump into the main thread. */
static void *thread_main(void *arg)
{
	struct thread *t = arg;
	__u64 base = ADDR + t->id * SLOT_SIZE;
	__u64 *fence = t->fence;
	int i;

	pthread_barrier_wait(&start);
	for (i = 0; i < N_EXECS && !t->err; i++) {
		struct drm_syncobj_create create = {};
		struct drm_xe_sync sync = { .flags = DRM_XE_SYNC_FLAG_SIGNAL };
		struct drm_xe_exec exec = { .exec_queue_id = t->q, .num_syncs = 1,
					    .syncs = (__u64)(uintptr_t)&sync,
					    .address = base + i * 64,
					    .num_batch_buffer = 1 };
		__u32 *cs = t->slot + i * 16;
		__u64 dst = base + N_EXECS * 64 + i * 4;
		__s64 timeout = XE_TIMEOUT_NS;

		cs[0] = MI_STORE_DWORD_IMM_GEN4;
		cs[1] = dst;
		cs[2] = dst >> 32;
		cs[3] = value_of(t->id, i);
		cs[4] = MI_BATCH_BUFFER_END;

		if (t->ufence) {
			*fence = 0;
			sync.type = DRM_XE_SYNC_TYPE_USER_FENCE;
			sync.addr = (__u64)(uintptr_t)fence;
			sync.timeline_value = USER_FENCE_VALUE;
		} else {
			if (ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &create)) {
				t->step = "syncobj create";
				t->err = errno;
				break;
			}
			sync.type = DRM_XE_SYNC_TYPE_SYNCOBJ;
			sync.handle = create.handle;
		}
		t->err = -__xe_exec(fd, &exec);
		if (t->err) {
			t->step = "exec";
		} else if (t->ufence) {
			t->err = -__xe_wait_ufence(fd, fence, USER_FENCE_VALUE, t->q, &timeout);
			t->step = "user fence wait";
		} else {
			t->err = -syncobj_wait_err(fd, &sync.handle, 1,
						   xe_abs_timeout(XE_TIMEOUT_NS), 0);
			t->step = "syncobj wait";
		}
		if (!t->ufence)
			__syncobj_destroy(fd, create.handle);
	}
	return NULL;
}

static void test_threads(bool ufence)
{
	static struct thread threads[N_THREADS];
	unsigned int n_engines = xe_number_engines(fd);
	__u32 vm, bo, fence_bo, *map;
	__u64 *fences;
	int i, j;

	vm = xe_vm_create(fd, 0, 0);
	bo = xe_bo_create(fd, vm, BO_SIZE, system_memory(fd), 0);
	map = xe_bo_map(fd, bo, BO_SIZE);
	memset(map, 0, BO_SIZE);
	xe_vm_bind_sync(fd, vm, bo, 0, ADDR, BO_SIZE);
	/*
	 * An exec's user fence is written by the GPU (a store to its address in the VM) and by
	 * the kernel (to the same address in the process): the fences are in a BO bound at the
	 * GPU address equal to its CPU mapping's.
	 */
	fence_bo = xe_bo_create(fd, vm, 4096, system_memory(fd), 0);
	fences = xe_bo_map(fd, fence_bo, 4096);
	memset(fences, 0, 4096);
	xe_vm_bind_sync(fd, vm, fence_bo, 0, (__u64)(uintptr_t)fences, 4096);

	igt_assert_eq(pthread_barrier_init(&start, NULL, N_THREADS + 1), 0);
	for (i = 0; i < N_THREADS; i++) {
		struct thread *t = &threads[i];

		*t = (struct thread) {
			.id = i, .vm = vm, .ufence = ufence, .fence = &fences[i],
			.slot = map + i * SLOT_SIZE / 4,
		};
		t->q = xe_exec_queue_create(fd, vm, &xe_engine(fd, i % n_engines)->instance, 0);
		igt_assert_eq(pthread_create(&t->tid, NULL, thread_main, t), 0);
	}
	pthread_barrier_wait(&start);
	for (i = 0; i < N_THREADS; i++)
		pthread_join(threads[i].tid, NULL);
	pthread_barrier_destroy(&start);

	for (i = 0; i < N_THREADS; i++) {
		struct thread *t = &threads[i];

		igt_assert_f(!t->err, "thread %d: %s: %s\n", i, t->step, strerror(t->err));
		for (j = 0; j < N_EXECS; j++)
			igt_assert_eq_u32(t->slot[N_EXECS * 16 + j], value_of(i, j));
		xe_exec_queue_destroy(fd, t->q);
	}

	xe_vm_unbind_sync(fd, vm, 0, (__u64)(uintptr_t)fences, 4096);
	xe_vm_unbind_sync(fd, vm, 0, ADDR, BO_SIZE);
	munmap(fences, 4096);
	munmap(map, BO_SIZE);
	gem_close(fd, fence_bo);
	gem_close(fd, bo);
	xe_vm_destroy(fd, vm);
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			fd = igt_xesim_guest_open_xe(&guest, "vram=32M", 1, 1);
		}

		igt_describe("64 queues on all engines, each in its thread, sync object waits.");
		igt_subtest("threads-basic")
			test_threads(false);

		igt_describe("64 queues on all engines, each in its thread, user fence waits.");
		igt_subtest("threads-userfence")
			test_threads(true);
	}

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
	}
}
