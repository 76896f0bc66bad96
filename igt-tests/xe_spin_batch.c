// SPDX-License-Identifier: MIT
/*
 * The spinning batch IGT's Xe tests build on (lib/xe/xe_spin.h), on every engine: ended by
 * the CPU, or by itself after a budget of context timestamp ticks. Together they run the MI
 * commands of IGT's spinners through the VF driver and the device: stores, arbitration
 * points, conditional batch ends, register loads, register-to-register copies, MI_MATH and
 * register stores; none may get a queue banned.
 */
#include <time.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"
#include "xe/xe_spin.h"

IGT_TEST_DESCRIPTION("Run spinning batches on every engine, ended by the CPU or by time.");

#define SPIN_ADDR	0x1a0000ull
#define BO_SIZE		0x10000ull
#define TIMEOUT_NS	(20ll * 1000 * 1000 * 1000)

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

struct spinner {
	__u32 vm, bo, q, syncobj;
	struct xe_spin *spin;
};

/* a spinner's BO, VM and queue on @hwe; the batch written with @opts' other fields */
static void spinner_init(struct spinner *s, struct drm_xe_engine_class_instance *hwe,
			 bool preempt, __u32 ctx_ticks)
{
	s->vm = xe_vm_create(fd, 0, 0);
	s->bo = xe_bo_create(fd, s->vm, BO_SIZE, system_memory(fd), 0);
	s->spin = xe_bo_map(fd, s->bo, BO_SIZE);
	xe_vm_bind_sync(fd, s->vm, s->bo, 0, SPIN_ADDR, BO_SIZE);
	s->q = xe_exec_queue_create(fd, s->vm, hwe, 0);
	xe_spin_init_opts(s->spin, .addr = SPIN_ADDR, .preempt = preempt,
			  .ctx_ticks = ctx_ticks);
}

static void spinner_exec(struct spinner *s)
{
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(fd, 0),
	};

	xe_exec_sync(fd, s->q, SPIN_ADDR, &sync, 1);
	s->syncobj = sync.handle;
}

static int spinner_status(struct spinner *s)
{
	int status = 0;

	igt_assert_eq(syncobj_fence_status(fd, s->syncobj, &status), 0);
	return status;
}

/* wait for the spinner's job; it ended well and its queue is not banned */
static void spinner_done(struct spinner *s)
{
	__u64 banned = 1;

	igt_assert_f(syncobj_wait(fd, &s->syncobj, 1, xe_abs_timeout(TIMEOUT_NS), 0, NULL),
		     "the spinner did not end\n");
	igt_assert_eq(spinner_status(s), 1);
	igt_assert_eq(__xe_exec_queue_get_ban(fd, s->q, &banned), 0);
	igt_assert_eq_u64(banned, 0);
}

static void spinner_fini(struct spinner *s)
{
	syncobj_destroy(fd, s->syncobj);
	xe_exec_queue_destroy(fd, s->q);
	xe_vm_unbind_sync(fd, s->vm, 0, SPIN_ADDR, BO_SIZE);
	munmap(s->spin, BO_SIZE);
	gem_close(fd, s->bo);
	xe_vm_destroy(fd, s->vm);
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * A spinner runs until the CPU ends it: once it started, its job is still running (the
 * batch cannot end before the CPU clears the end flag), and it completes after.
 */
static void spin_basic(struct drm_xe_engine_class_instance *hwe, bool preempt)
{
	struct spinner s;
	int i;

	spinner_init(&s, hwe, preempt, 0);
	spinner_exec(&s);
	xe_spin_wait_started(s.spin);
	/* a thousand looks while it runs: it is still spinning each time */
	for (i = 0; i < 1000; i++)
		igt_assert_eq(spinner_status(&s), 0);
	xe_spin_end(s.spin);
	spinner_done(&s);
	spinner_fini(&s);
}

/*
 * A spinner with a budget ends by itself: nobody clears its end flag, its context ran at
 * least the budget, the CPU clock saw at least as long go by, and it did not run on for
 * long past the budget.
 */
static void spin_fixed_duration(struct drm_xe_engine_class_instance *hwe, __u64 ns)
{
	__u32 ticks = xe_spin_nsec_to_ticks(fd, 0, ns);
	struct spinner s;
	__u64 t0, took;

	spinner_init(&s, hwe, true, ticks);
	t0 = now_ns();
	spinner_exec(&s);
	spinner_done(&s);
	took = now_ns() - t0;
	igt_info("%s%u: budget %u ticks (%llu ns), ran %u ticks, %llu ns by the CPU clock\n",
		 xe_engine_class_string(hwe->engine_class), hwe->engine_instance, ticks,
		 (unsigned long long)ns, s.spin->ticks_delta, (unsigned long long)took);
	igt_assert(xe_spin_started(s.spin));
	igt_assert_eq_u32(s.spin->end, 1);
	igt_assert_eq_u32(s.spin->ticks_left, 0);
	igt_assert_lte_u64(ticks, s.spin->ticks_delta);
	igt_assert_lte_u64(ns, took);
	spinner_fini(&s);
}

igt_main
{
	struct drm_xe_engine_class_instance *hwe;

	igt_fixture {
		fd = igt_xesim_guest_open_xe(&guest, "vram=32M", 1, 1);
	}

	igt_describe("A spinner on every engine runs until the CPU ends it.");
	igt_subtest("spin-basic")
		xe_for_each_engine(fd, hwe)
			spin_basic(hwe, false);

	igt_describe("A preemptible spinner (MI_ARB_CHECK in its loop) on every engine.");
	igt_subtest("spin-preempt")
		xe_for_each_engine(fd, hwe)
			spin_basic(hwe, true);

	igt_describe("A spinner with a budget of context ticks ends by itself on every engine.");
	igt_subtest("spin-fixed-duration")
		xe_for_each_engine(fd, hwe)
			spin_fixed_duration(hwe, 200 * 1000 * 1000);

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
	}
}
