// SPDX-License-Identifier: MIT
/*
 * Exec queue properties set at creation (DRM_XE_EXEC_QUEUE_EXTENSION_SET_PROPERTY): priority
 * and time slice, checked as upstream xe checks them, and carried to the GuC as context
 * policies that the GuC model applies.
 */
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/types.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Check exec queue priority and time slice properties.");

#define ADDR		0x200000ull
#define BO_SIZE		0x40000ull
#define SEM		0x30000
#define COUNTER		0x30004
#define SEEN		0x30010
#define STARTED		0x30020
/* register loads and stores relative to the engine's base (the CS-MMIO bit) */
#define MI_LRM_CS	(MI_INSTR(0x29, 2) | (1 << 19))
#define MI_SRM_CS	(MI_INSTR(0x24, 2) | (1 << 19))
#define CS_GPR0		0x600

/* upstream's limits and defaults */
#define PRIO_LOW	0
#define PRIO_NORMAL	1
#define PRIO_HIGH	2
#define TIMESLICE_MAX	(10 * 1000 * 1000)

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

static struct drm_xe_ext_set_property prop(__u32 property, __u64 value)
{
	return (struct drm_xe_ext_set_property) {
		.base.name = DRM_XE_EXEC_QUEUE_EXTENSION_SET_PROPERTY,
		.property = property,
		.value = value,
	};
}

/* EXEC_QUEUE_CREATE on the render engine with @ext; the queue in @q, or the errno */
static int create_ext(__u32 vm, void *ext, __u32 *q)
{
	return __xe_exec_queue_create(fd, vm, &xe_engine(fd, 0)->instance,
				      (__u64)(uintptr_t)ext, q);
}

static int create_prop(__u32 vm, __u32 property, __u64 value)
{
	struct drm_xe_ext_set_property p = prop(property, value);
	__u32 q;
	int err = create_ext(vm, &p, &q);

	if (!err)
		xe_exec_queue_destroy(fd, q);
	return err;
}

static int create_prio_err(__u32 vm, __u64 priority)
{
	return create_prop(vm, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, priority);
}

/* Every priority up to the one the query allows; above it EPERM, above HIGH EINVAL. */
static void priority_set_property(void)
{
	struct drm_xe_query_config *config = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_CONFIG, NULL);
	__u64 max = config->info[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY], p;
	__u32 vm = xe_vm_create(fd, 0, 0);

	free(config);
	igt_assert_eq_u64(max, PRIO_HIGH);	/* root has CAP_SYS_NICE */
	for (p = PRIO_LOW; p <= max; p++)
		igt_assert_eq(create_prop(vm, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, p), 0);
	igt_assert_eq(create_prop(vm, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, PRIO_HIGH + 1),
		      -EINVAL);
	igt_assert_eq(create_prop(vm, DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, -1ull), -EINVAL);
	xe_vm_destroy(fd, vm);
}

/*
 * Without CAP_SYS_NICE (dropped in a child): the query says NORMAL, HIGH is EPERM, NORMAL and
 * LOW work.
 */
static void priority_unprivileged(void)
{
	int status;
	pid_t pid = fork();

	igt_assert(pid >= 0);
	if (!pid) {
		struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
		struct __user_cap_data_struct data[2] = {};
		struct drm_xe_query_config *config;
		__u32 vm;
		int ok;

		if (syscall(SYS_capget, &hdr, data))
			_exit(2);
		data[CAP_SYS_NICE / 32].effective &= ~(1u << (CAP_SYS_NICE % 32));
		if (syscall(SYS_capset, &hdr, data))
			_exit(3);
		config = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_CONFIG, NULL);
		vm = xe_vm_create(fd, 0, 0);
		ok = config->info[DRM_XE_QUERY_CONFIG_MAX_EXEC_QUEUE_PRIORITY] == PRIO_NORMAL &&
		     create_prio_err(vm, PRIO_HIGH) == -EPERM &&
		     create_prio_err(vm, PRIO_HIGH + 1) == -EINVAL &&
		     !create_prio_err(vm, PRIO_NORMAL) && !create_prio_err(vm, PRIO_LOW);
		_exit(ok ? 0 : 1);
	}
	igt_assert_eq(waitpid(pid, &status, 0), pid);
	igt_assert(WIFEXITED(status));
	igt_assert_eq(WEXITSTATUS(status), 0);
}

/* The time slice in microseconds: 1 to 10 s. */
static void timeslice_set_property(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);

	igt_assert_eq(create_prop(vm, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 1), 0);
	igt_assert_eq(create_prop(vm, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 1000), 0);
	igt_assert_eq(create_prop(vm, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, TIMESLICE_MAX),
		      0);
	igt_assert_eq(create_prop(vm, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 0), -EINVAL);
	igt_assert_eq(create_prop(vm, DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE,
				  TIMESLICE_MAX + 1), -EINVAL);
	xe_vm_destroy(fd, vm);
}

/* The extension chain: upstream's checks and errnos. */
static void invalid_extension(void)
{
	struct drm_xe_ext_set_property p, chain[17];
	__u32 vm = xe_vm_create(fd, 0, 0), q;
	int i;

	p = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, PRIO_LOW);
	p.base.name = DRM_XE_EXEC_QUEUE_EXTENSION_SET_PROPERTY + 1;
	igt_assert_eq(create_ext(vm, &p, &q), -EINVAL);
	p = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, PRIO_LOW);
	p.base.pad = 1;
	igt_assert_eq(create_ext(vm, &p, &q), -EINVAL);
	p = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE + 1, 0);
	igt_assert_eq(create_ext(vm, &p, &q), -EINVAL);
	p = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, PRIO_LOW);
	p.pad = 1;
	igt_assert_eq(create_ext(vm, &p, &q), -EINVAL);
	p = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, PRIO_LOW);
	p.reserved[1] = 1;
	igt_assert_eq(create_ext(vm, &p, &q), -EINVAL);
	igt_assert_eq(create_ext(vm, (void *)8, &q), -EFAULT);
	p = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, PRIO_LOW);
	p.base.next_extension = 8;
	igt_assert_eq(create_ext(vm, &p, &q), -EFAULT);

	/* 16 extensions in a chain are taken, the 17th is E2BIG */
	for (i = 0; i < 17; i++) {
		chain[i] = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 100 + i);
		chain[i].base.next_extension = i < 16 ? (__u64)(uintptr_t)&chain[i + 1] : 0;
	}
	chain[15].base.next_extension = 0;
	igt_assert_eq(create_ext(vm, &chain[0], &q), 0);
	xe_exec_queue_destroy(fd, q);
	chain[15].base.next_extension = (__u64)(uintptr_t)&chain[16];
	igt_assert_eq(create_ext(vm, &chain[0], &q), -E2BIG);

	/* an unknown VM is still ENOENT before the extensions are read */
	p = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, PRIO_HIGH + 1);
	igt_assert_eq(create_ext(vm + 1000, &p, &q), -ENOENT);
	xe_vm_destroy(fd, vm);
}

/* A VM bind queue takes the properties too. */
static void bind_queue_property(void)
{
	struct drm_xe_engine_class_instance eci = { .engine_class = DRM_XE_ENGINE_CLASS_VM_BIND };
	struct drm_xe_ext_set_property p = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, PRIO_LOW);
	__u32 vm = xe_vm_create(fd, 0, 0), q;

	igt_assert_eq(__xe_exec_queue_create(fd, vm, &eci, (__u64)(uintptr_t)&p, &q), 0);
	xe_exec_queue_destroy(fd, q);
	p = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, PRIO_HIGH + 1);
	igt_assert_eq(__xe_exec_queue_create(fd, vm, &eci, (__u64)(uintptr_t)&p, &q), -EINVAL);
	xe_vm_destroy(fd, vm);
}

/* The GuC model's policies of the VF's contexts, from its debugfs state: one line each. */
static int guc_policies(unsigned int *prio, unsigned int *quantum, unsigned int *preempt,
			int max)
{
	char *text = igt_xesim_debugfs_read("xesim/xesim%d/vf%d/state", guest.gpu, guest.vf);
	char *line = text;
	int n = 0;

	while ((line = strstr(line, "\nctx ")) && n < max) {
		unsigned long id;

		line++;
		igt_assert(sscanf(line, "ctx %lu prio %u quantum_us %u preempt_us %u", &id,
				  &prio[n], &quantum[n], &preempt[n]) == 4);
		n++;
	}
	free(text);
	return n;
}

/*
 * A queue's properties reach the GuC as its context's policies: the priority mapped as
 * upstream (low to the GuC's normal 3, normal to KMD normal 2, high to high 1), the time
 * slice as the execution quantum, upstream's 640 ms preemption timeout.
 */
static void guc_policy(void)
{
	static const struct { __u64 prio; unsigned int guc; } map[] = {
		{ PRIO_LOW, 3 }, { PRIO_NORMAL, 2 }, { PRIO_HIGH, 1 },
	};
	unsigned int prio[4], quantum[4], preempt[4], i;
	__u32 vm = xe_vm_create(fd, 0, 0), q;

	for (i = 0; i < ARRAY_SIZE(map); i++) {
		struct drm_xe_ext_set_property p[2] = {
			prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, map[i].prio),
			prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, 2000 + i),
		};

		p[0].base.next_extension = (__u64)(uintptr_t)&p[1];
		igt_assert_eq(create_ext(vm, &p[0], &q), 0);
		igt_assert_eq(guc_policies(prio, quantum, preempt, 4), 1);
		igt_assert_eq_u32(prio[0], map[i].guc);
		igt_assert_eq_u32(quantum[0], 2000 + i);
		igt_assert_eq_u32(preempt[0], 640000);
		xe_exec_queue_destroy(fd, q);
	}
	/* without extensions: normal, 1 ms */
	igt_assert_eq(create_ext(vm, NULL, &q), 0);
	igt_assert_eq(guc_policies(prio, quantum, preempt, 4), 1);
	igt_assert_eq_u32(prio[0], 2);
	igt_assert_eq_u32(quantum[0], 1000);
	xe_exec_queue_destroy(fd, q);
	xe_vm_destroy(fd, vm);
}

struct work {
	__u32 vm, bo, *map;
};

static void work_init(struct work *w)
{
	w->vm = xe_vm_create(fd, 0, 0);
	w->bo = xe_bo_create(fd, w->vm, BO_SIZE, system_memory(fd), 0);
	w->map = xe_bo_map(fd, w->bo, BO_SIZE);
	memset(w->map, 0, BO_SIZE);
	xe_vm_bind_sync(fd, w->vm, w->bo, 0, ADDR, BO_SIZE);
}

static void work_fini(struct work *w)
{
	xe_vm_unbind_sync(fd, w->vm, 0, ADDR, BO_SIZE);
	munmap(w->map, BO_SIZE);
	gem_close(fd, w->bo);
	xe_vm_destroy(fd, w->vm);
}

static __u32 rd(const __u32 *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static __u32 submit(__u32 q, __u64 addr)
{
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(fd, 0),
	};

	xe_exec_sync(fd, q, addr, &sync, 1);
	return sync.handle;
}

/*
 * At byte @off of @w a batch that marks its STARTED dword @k, waits for the semaphore, then
 * copies the counter to its SEEN dword @k and sets the counter to @mark: the counter tells
 * which batch went first.
 */
static __u64 batch_gate(struct work *w, __u32 off, int k, __u32 mark)
{
	__u32 *cs = w->map + off / 4;
	__u64 sem = ADDR + SEM, counter = ADDR + COUNTER, seen = ADDR + SEEN + 4 * k;
	__u64 started = ADDR + STARTED + 4 * k;
	int b = 0;

	cs[b++] = MI_STORE_DWORD_IMM_GEN4;
	cs[b++] = started;
	cs[b++] = started >> 32;
	cs[b++] = 1;
	cs[b++] = MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_SAD_EQ_SDD;
	cs[b++] = 1;
	cs[b++] = sem;
	cs[b++] = sem >> 32;
	cs[b++] = MI_LRM_CS;
	cs[b++] = CS_GPR0;
	cs[b++] = counter;
	cs[b++] = counter >> 32;
	cs[b++] = MI_SRM_CS;
	cs[b++] = CS_GPR0;
	cs[b++] = seen;
	cs[b++] = seen >> 32;
	cs[b++] = MI_STORE_DWORD_IMM_GEN4;
	cs[b++] = counter;
	cs[b++] = counter >> 32;
	cs[b++] = mark;
	cs[b++] = MI_BATCH_BUFFER_END;
	return ADDR + off;
}

/* a bounded poll for batch @k's STARTED mark */
static void wait_started(struct work *w, int k)
{
	int i;

	for (i = 0; !rd(&w->map[STARTED / 4 + k]); i++) {
		igt_assert_f(i < 10000, "batch %d did not start\n", k);
		usleep(1000);
	}
}

static __u32 create_prio(__u32 vm, __u64 priority)
{
	struct drm_xe_ext_set_property p = prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY, priority);
	__u32 q;

	igt_assert_eq(create_ext(vm, &p, &q), 0);
	return q;
}

/*
 * The GuC model honours priorities: a low and a high priority queue both wait on one
 * semaphore (the low one submitted first and seen started, then the high one); while the
 * high one is runnable the low one does not run, so once the semaphore opens the high one
 * always goes first. Five rounds.
 */
static void priority_order(void)
{
	struct work w;
	__u32 lo, hi, s1, s2;
	int round;

	work_init(&w);
	lo = create_prio(w.vm, PRIO_LOW);
	hi = create_prio(w.vm, PRIO_HIGH);
	for (round = 0; round < 5; round++) {
		w.map[SEM / 4] = 0;
		w.map[COUNTER / 4] = 0;
		w.map[SEEN / 4] = 0xffffffff;
		w.map[SEEN / 4 + 1] = 0xffffffff;
		w.map[STARTED / 4] = 0;
		w.map[STARTED / 4 + 1] = 0;
		/*
		 * the low one first, seen started (were both queued at once, the high one
		 * would run first and the low one never start), then the high one
		 */
		s1 = submit(lo, batch_gate(&w, 0, 0, 0x10));
		wait_started(&w, 0);
		s2 = submit(hi, batch_gate(&w, 0x100, 1, 0x20));
		wait_started(&w, 1);
		__atomic_store_n(&w.map[SEM / 4], 1, __ATOMIC_RELEASE);
		igt_assert(syncobj_wait(fd, &s1, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
		igt_assert(syncobj_wait(fd, &s2, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
		igt_info("round %d: high saw %#x, low saw %#x\n", round, w.map[SEEN / 4 + 1],
			 w.map[SEEN / 4]);
		igt_assert_eq_u32(w.map[SEEN / 4 + 1], 0);
		igt_assert_eq_u32(w.map[SEEN / 4], 0x20);
		syncobj_destroy(fd, s1);
		syncobj_destroy(fd, s2);
	}
	xe_exec_queue_destroy(fd, lo);
	xe_exec_queue_destroy(fd, hi);
	work_fini(&w);
}

/* The render engine's slices so far, from the GuC model's debugfs. */
static __u64 rcs_slices(void)
{
	char *text = igt_xesim_debugfs_read("xesim/xesim%d/guc", guest.gpu), *p;
	unsigned long long n = 0;

	p = strstr(text, "rcs0: slices ");
	igt_assert_f(p && sscanf(p, "rcs0: slices %llu", &n) == 1, "no rcs slices in:\n%s", text);
	free(text);
	return n;
}

/*
 * The GuC model honours the time slice: a batch of 3000 commands runs in many more slices
 * with the default 1 ms than with a 16 ms time slice.
 */
static void timeslice_slices(void)
{
	static const __u32 slice_us[] = { 1000, 16000 };
	__u64 slices[2];
	struct work w;
	unsigned int i, k;

	work_init(&w);
	for (k = 0; k < 3000; k++)
		w.map[k] = MI_NOOP;
	w.map[k] = MI_BATCH_BUFFER_END;
	for (i = 0; i < ARRAY_SIZE(slice_us); i++) {
		struct drm_xe_ext_set_property p =
			prop(DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, slice_us[i]);
		__u64 before;
		__u32 q, s;

		igt_assert_eq(create_ext(w.vm, &p, &q), 0);
		before = rcs_slices();
		s = submit(q, ADDR);
		igt_assert(syncobj_wait(fd, &s, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
		slices[i] = rcs_slices() - before;
		igt_info("time slice %u us: %llu slices\n", slice_us[i],
			 (unsigned long long)slices[i]);
		syncobj_destroy(fd, s);
		xe_exec_queue_destroy(fd, q);
	}
	/* 256 commands a slice at 1 ms, 4096 at 16 ms */
	igt_assert_lte_u64(11, slices[0]);
	igt_assert_lte_u64(slices[1], 2);
	work_fini(&w);
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			fd = igt_xesim_guest_open_xe(&guest, "vram=32M", 1, 1);
		}

		igt_describe("Every priority the query allows; above HIGH EINVAL.");
		igt_subtest("priority-set-property")
			priority_set_property();

		igt_describe("Without CAP_SYS_NICE HIGH is EPERM, as the query says.");
		igt_subtest("priority-unprivileged")
			priority_unprivileged();

		igt_describe("Time slices from 1 us to 10 s; 0 and above are EINVAL.");
		igt_subtest("timeslice-set-property")
			timeslice_set_property();

		igt_describe("Bad extensions: EINVAL, EFAULT, E2BIG past 16.");
		igt_subtest("invalid-extension")
			invalid_extension();

		igt_describe("A VM bind queue takes the properties.");
		igt_subtest("bind-queue-property")
			bind_queue_property();

		igt_describe("The GuC gets the properties as context policies.");
		igt_subtest("guc-policy")
			guc_policy();

		igt_describe("A high priority queue runs before a low one.");
		igt_subtest("priority-order")
			priority_order();

		igt_describe("A longer time slice runs a long batch in fewer slices.");
		igt_subtest("timeslice-slices")
			timeslice_slices();
	}

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
	}
}
