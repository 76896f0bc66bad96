// SPDX-License-Identifier: MIT
/*
 * A guest that does real work through the xe uAPI, live-migrated between two simulated GPUs
 * whose VFs sit at different GGTT bases, through the VFIO uAPI as a VMM does it (tools/lib).
 * The guest VF driver's post-migration recovery must bring the destination VF to RUNNING
 * with every job run exactly once; the knock-out subtests skip one fix-up class through the
 * driver's test knob and check that the device catches it, with the symptom it must show.
 *
 * The guest driver's recovery interface (debugfs of its DRM device, dri/<minor>/):
 * "recovery" (one "key value" a line), "recovery_stoppers" (hold before START 0x1,
 * FIXUPS 0x2, REEMIT 0x4, DONE 0x8) and "recovery_skip" (GGTT shift 0x1, image rebase 0x2,
 * H2G discard 0x4, replay 0x8, ring re-emit 0x10, scheduling restart 0x20). The sim's
 * per-VF hold_h2g knob keeps the GuC from consuming a VF's H2G messages, so that one waits
 * in the ring when the VF is saved.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include <linux/sync_file.h>
#include <linux/types.h>
#include <linux/vfio.h>

#include "igt.h"
#include "igt_syncobj.h"
#include "igt_xesim.h"
#include "intel_gpu_commands.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"
#include "xe/xe_spin.h"
#include "xevfio_client.h"
#include "xevfio_migrate.h"

IGT_TEST_DESCRIPTION("Live-migrate a working guest between GPUs: its VF driver's recovery");

/* two VFs a GPU (4 MiB of VRAM each): the destination's VFs go at the free upper GGTT half */
#define GPU_PARAMS	"ggtt=64M vram=8M max_vfs=4"
#define NUM_VFS		2

/* how long the guest may take to recover after the thaw, under TCG on a shared machine */
#define RECOVERY_TIMEOUT_MS	30000
/* a job that cannot run: how long the test waits for its fence before counting it as not run */
#define NOT_RUN_WAIT_NS		(3ll * 1000 * 1000 * 1000)

/* the driver's knobs */
#define STOP_START	0x1
#define STOP_FIXUPS	0x2
#define STOP_REEMIT	0x4
#define STOP_DONE	0x8
#define SKIP_GGTT	0x1
#define SKIP_REBASE	0x2
#define SKIP_DISCARD	0x4
#define SKIP_REPLAY	0x8
#define SKIP_REEMIT	0x10
#define SKIP_RESCHED	0x20

/*
 * The BO of a scenario, at ADDR in its VM: batch k at k * 64 bytes, the dword batch k
 * writes at RES + 4k, per engine a semaphore at SEM + 4i and a "started" marker at STARTED
 * + 4i.
 */
#define ADDR		0x100000ull
#define BO_SIZE		0x10000ull
#define RES		0x8000
#define SEM		0xc000
#define STARTED		0xd000
#define MAX_SLOTS	(RES / 64)

struct vf_id {
	int gpu;
	int vf;
};

/*
 * The recovery state of the guest driver (dri/<minor>/recovery).
 */
struct rec {
	char state[16];
	char held[16];
	__u64 recoveries, restarts, absorbed, spurious, wedges, replayed, discarded_dw,
	      reemitted, resubmitted, last_us, max_us, stoppers, skip;
};

struct env {
	int gpu[2];		/* A and B */
	int slot;
	int card;
	int fd;
	struct vf_id at;	/* the VF the guest runs on */
	/* the destination's counters before the last migration */
	bool h2g_wb_known;
	__u64 h2g_wb;
	/*
	 * H2G messages that waited in the ring at the save: the sim counts them as sent
	 * while blocked when a doorbell (an MMIO relay request) finds them before the driver
	 * discards them
	 */
	unsigned long long h2g_held;
	/*
	 * work is submitted while the guest migrates: messages sent before the freeze may
	 * still be unread when the source GuC pauses, and the sim counts them as well, so
	 * the count is reported and not bounded
	 */
	bool busy;
	unsigned int migrations;
	double downtime_ms, downtime_max_ms;
};

static struct env env = { .gpu = { -1, -1 }, .slot = -1, .card = -1, .fd = -1 };

struct wl {
	__u32 vm, bo, *map;
};

static double now_ms(void)
{
	return xevfio_now_ms();
}

/*
 * Text of "key value" and "key: value" files: the rest of the first line that starts
 * (after blanks) with @key followed by a blank or a colon.
 */
static const char *kv_find(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (line && *line) {
		const char *p = line + strspn(line, " \t");

		if (!strncmp(p, key, klen) && (p[klen] == ' ' || p[klen] == ':'))
			return p + klen + strspn(p + klen, ": \t");
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

static bool kv_u64(const char *text, const char *key, __u64 *val)
{
	const char *p = kv_find(text, key);
	char *end;

	if (!p)
		return false;
	errno = 0;
	*val = strtoull(p, &end, 0);
	return end != p && !errno;
}

static bool kv_str(const char *text, const char *key, char *buf, size_t len)
{
	const char *p = kv_find(text, key);

	if (!p)
		return false;
	snprintf(buf, len, "%.*s", (int)strcspn(p, " \t\n"), p);
	return true;
}

/* ---- the simulated device: GGTT layout, GuC model, hold_h2g ---- */

/* a field of VF @vf's line in the GuC model's debugfs: "fnM: state S ct C h2g N refused N" */
static void guc_fn(int gpu, int vf, const char *key, char *buf, size_t len)
{
	char *guc = igt_xesim_debugfs_read("xesim/xesim%d/guc", gpu);
	char pfx[16], k[32];
	const char *line, *p;
	size_t n;

	snprintf(pfx, sizeof(pfx), "\nfn%d: ", vf);
	line = strstr(guc, pfx);
	igt_assert_f(line, "no fn%d in xesim%d/guc:\n%s\n", vf, gpu, guc);
	line += strlen(pfx) - 1;
	n = strcspn(line, "\n");
	snprintf(k, sizeof(k), " %s ", key);
	p = memmem(line, n, k, strlen(k));
	igt_assert_f(p, "no %s of fn%d in xesim%d/guc:\n%s\n", key, vf, gpu, guc);
	p += strlen(k);
	snprintf(buf, len, "%.*s", (int)strcspn(p, "\n\t "), p);
	free(guc);
}

static void guc_state(struct vf_id at, char *state, size_t len)
{
	guc_fn(at.gpu, at.vf, "state", state, len);
}

static __u64 guc_count(struct vf_id at, const char *key)
{
	char buf[32];

	guc_fn(at.gpu, at.vf, key, buf, sizeof(buf));
	return strtoull(buf, NULL, 0);
}

/* the sim's count of H2G messages a VF sent while the GuC blocked it, if it has one */
static bool h2g_while_blocked(struct vf_id at, __u64 *n)
{
	char *s = igt_xesim_debugfs_read("xesim/xesim%d/vf%d/state", at.gpu, at.vf);
	bool found = kv_u64(s, "h2g_while_blocked", n);

	free(s);
	return found;
}

static void hold_h2g_path(struct vf_id at, char *path, size_t len)
{
	snprintf(path, len, IGT_XESIM_DEBUGFS "/xesim/xesim%d/vf%d/hold_h2g", at.gpu, at.vf);
}

static void require_hold_h2g(struct vf_id at)
{
	char path[128];

	hold_h2g_path(at, path, sizeof(path));
	igt_require_f(!access(path, W_OK),
		      "the sim has no %s (per-VF hold_h2g knob) yet: the scenario needs an H2G message waiting in the ring at the save\n",
		      path);
}

static void hold_h2g(struct vf_id at, bool hold)
{
	char path[128];
	int ret;

	hold_h2g_path(at, path, sizeof(path));
	ret = xevfio_sysfs_write(path, "%d\n", hold);
	igt_assert_f(!ret, "%s: %s\n", path, strerror(-ret));
}

/* ---- the guest driver's debugfs ---- */

static void rec_read(int card, struct rec *r)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "recoveries", offsetof(struct rec, recoveries) },
		{ "restarts", offsetof(struct rec, restarts) },
		{ "absorbed", offsetof(struct rec, absorbed) },
		{ "spurious", offsetof(struct rec, spurious) },
		{ "wedges", offsetof(struct rec, wedges) },
		{ "replayed", offsetof(struct rec, replayed) },
		{ "discarded_dw", offsetof(struct rec, discarded_dw) },
		{ "reemitted", offsetof(struct rec, reemitted) },
		{ "resubmitted", offsetof(struct rec, resubmitted) },
		{ "last_us", offsetof(struct rec, last_us) },
		{ "max_us", offsetof(struct rec, max_us) },
		{ "stoppers", offsetof(struct rec, stoppers) },
		{ "skip", offsetof(struct rec, skip) },
	};
	char *text = igt_xesim_debugfs_read("dri/%d/recovery", card);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		igt_assert_f(kv_u64(text, keys[i].key, (__u64 *)((char *)r + keys[i].off)),
			     "no '%s N' in dri/%d/recovery:\n%s\n", keys[i].key, card, text);
	igt_assert_f(kv_str(text, "state", r->state, sizeof(r->state)) &&
		     kv_str(text, "held", r->held, sizeof(r->held)),
		     "no 'state' or 'held' in dri/%d/recovery:\n%s\n", card, text);
	free(text);
}

static int knob_write(int card, const char *knob, unsigned int mask)
{
	char path[128];

	snprintf(path, sizeof(path), IGT_XESIM_DEBUGFS "/dri/%d/%s", card, knob);
	return xevfio_sysfs_write(path, "0x%x\n", mask);
}

static void set_knob(struct env *e, const char *knob, unsigned int mask)
{
	struct rec r;
	int ret = knob_write(e->card, knob, mask);

	igt_assert_f(!ret, "dri/%d/%s <- %#x: %s\n", e->card, knob, mask, strerror(-ret));
	rec_read(e->card, &r);
	igt_assert_eq_u64(!strcmp(knob, "recovery_skip") ? r.skip : r.stoppers, mask);
}

static void set_stoppers(struct env *e, unsigned int mask)
{
	set_knob(e, "recovery_stoppers", mask);
}

static void set_skip(struct env *e, unsigned int mask)
{
	set_knob(e, "recovery_skip", mask);
}

/* the H2G side of the guest's CT channel (dri/<minor>/guc_ct) */
struct ct_h2g {
	unsigned int head, tail;
	unsigned long long msgs;
};

static void ct_h2g(struct env *e, struct ct_h2g *c)
{
	char *text = igt_xesim_debugfs_read("dri/%d/guc_ct", e->card);
	const char *p = strstr(text, "H2G ggtt ");
	unsigned long long ggtt;
	unsigned int size, status;

	igt_assert_f(p && sscanf(p, "H2G ggtt %llx size %u head %u tail %u status %x msgs %llu",
				 &ggtt, &size, &c->head, &c->tail, &status, &c->msgs) == 6,
		     "no H2G line in dri/%d/guc_ct:\n%s\n", e->card, text);
	free(text);
}

/*
 * a message sent after @before waits in the H2G ring: the GuC holds it; the messages
 * waiting are allowed to count in the destination's h2g_while_blocked
 */
static void wait_h2g_pending(struct env *e, const struct ct_h2g *before)
{
	double end = now_ms() + 10000;
	struct ct_h2g c;

	for (;;) {
		ct_h2g(e, &c);
		if (c.msgs > before->msgs && c.head != c.tail)
			break;
		igt_assert_f(now_ms() < end,
			     "no H2G message waiting in the ring: head %u tail %u, %llu messages sent (%llu before)\n",
			     c.head, c.tail, c.msgs, before->msgs);
		usleep(10000);
	}
	e->h2g_held = c.msgs - before->msgs;
	igt_debug("H2G waiting: head %u tail %u msgs %llu\n", c.head, c.tail, c.msgs);
}

/* ---- the environment: two GPUs, a guest slot on A.vf1 with the guest driver bound ---- */

static void env_destroy(struct env *e)
{
	int i, vf;

	if (e->card >= 0) {
		knob_write(e->card, "recovery_stoppers", 0);
		knob_write(e->card, "recovery_skip", 0);
	}
	if (e->fd >= 0) {
		xe_device_put(e->fd);
		close(e->fd);
	}
	for (i = 0; i < 2; i++) {
		for (vf = 1; vf <= NUM_VFS && e->gpu[i] >= 0; vf++) {
			char path[128];

			hold_h2g_path((struct vf_id){ e->gpu[i], vf }, path, sizeof(path));
			if (!access(path, W_OK))
				xevfio_sysfs_write(path, "0\n");
		}
	}
	if (e->slot >= 0) {
		__igt_xesim_freeze(e->slot, false);
		__igt_xesim_del_slot(e->slot);
	}
	for (i = 1; i >= 0; i--)
		if (e->gpu[i] >= 0)
			__igt_xesim_del_device(e->gpu[i]);
	*e = (struct env){ .gpu = { -1, -1 }, .slot = -1, .card = -1, .fd = -1 };
}

static void env_open(struct env *e)
{
	e->fd = igt_xesim_open_slot(e->slot, IGT_XESIM_CARD_TIMEOUT_MS);
	e->card = igt_xesim_slot_card(e->slot);
	igt_assert_lte(0, e->card);
	igt_require_xe(e->fd);
	xe_device_get(e->fd);
}

/*
 * Two GPUs with two VFs each; B's VFs at other GGTT bases (the free upper half of the
 * GGTT), so that each of A.vf1, A.vf2, B.vf1 and B.vf2 has its own base; the guest on A.vf1.
 */
static void env_create(struct env *e)
{
	__u64 start, size, bstart, bsize;
	struct rec r;
	int i;

	env_destroy(e);	/* what a failed subtest left */
	e->busy = false;
	e->gpu[0] = igt_xesim_free_gpu_id();
	igt_xesim_new_device(e->gpu[0], GPU_PARAMS);
	e->gpu[1] = igt_xesim_free_gpu_id();
	igt_xesim_new_device(e->gpu[1], GPU_PARAMS);
	igt_xesim_set_numvfs(e->gpu[0], NUM_VFS);
	igt_xesim_vf_ggtt(e->gpu[0], 1, &start, &size);
	for (i = 1; i <= NUM_VFS; i++)
		igt_xesim_set_vf_ggtt_start(e->gpu[1], i, start + (NUM_VFS + i - 1) * size);
	igt_xesim_set_numvfs(e->gpu[1], NUM_VFS);
	igt_xesim_vf_ggtt(e->gpu[1], 1, &bstart, &bsize);
	igt_assert_neq_u64(bstart, start);

	e->slot = igt_xesim_free_slot_id();
	igt_assert_eq(xevfio_slot_start(e->slot, e->gpu[0], 1), 0);
	e->at = (struct vf_id){ e->gpu[0], 1 };
	env_open(e);
	rec_read(e->card, &r);
	igt_assert_f(!strcmp(r.state, "idle") && !strcmp(r.held, "none") && !r.stoppers &&
		     !r.skip && !r.recoveries,
		     "fresh guest: recovery state %s held %s stoppers %#llx skip %#llx recoveries %llu\n",
		     r.state, r.held, (unsigned long long)r.stoppers,
		     (unsigned long long)r.skip, (unsigned long long)r.recoveries);
	igt_debug("xesim%d (VF1 GGTT %#llx) and xesim%d (VF1 GGTT %#llx), xeslot%d, card%d\n",
		  e->gpu[0], (unsigned long long)start, e->gpu[1], (unsigned long long)bstart,
		  e->slot, e->card);
}

/* the other GPU's VF1: A.vf1 <-> B.vf1 */
static struct vf_id other(const struct env *e)
{
	return (struct vf_id){ e->at.gpu == e->gpu[0] ? e->gpu[1] : e->gpu[0], 1 };
}

static void dev_open(struct xevfio_dev *dev, struct vf_id id)
{
	int ret = xevfio_dev_open(dev, id.gpu, id.vf);

	igt_assert_f(!ret, "open VFIO device of xesim%d.vf%d: %s\n", id.gpu, id.vf,
		     strerror(-ret));
}

/*
 * Live-migrate the guest to @to as the VMM program does: both VFIO devices opened for the
 * migration and closed after it (which resets the source VF, in STOP).
 */
static void migrate_to(struct env *e, struct vf_id to)
{
	struct xevfio_dev src, dst;
	struct xevfio_mig_report rep;
	struct vf_id from = e->at;
	int ret;

	e->h2g_wb_known = h2g_while_blocked(to, &e->h2g_wb);
	dev_open(&src, from);
	dev_open(&dst, to);
	ret = xevfio_migrate(e->slot, &src, &dst, XEVFIO_CHUNK, &rep);
	xevfio_dev_close(&dst);
	xevfio_dev_close(&src);
	if (rep.committed)
		e->at = to;
	igt_assert_f(!ret, "migration xesim%d.vf%d -> xesim%d.vf%d failed in %s: %s\n",
		     from.gpu, from.vf, to.gpu, to.vf, xevfio_phase_name(rep.failed),
		     strerror(-ret));
	e->migrations++;
	e->downtime_ms += rep.downtime_ms;
	if (rep.downtime_ms > e->downtime_max_ms)
		e->downtime_max_ms = rep.downtime_ms;
	igt_debug("migrated xesim%d.vf%d -> xesim%d.vf%d: %llu bytes, downtime %.3f ms\n",
		  from.gpu, from.vf, to.gpu, to.vf, (unsigned long long)rep.bytes,
		  rep.downtime_ms);
}

static void migrate(struct env *e)
{
	migrate_to(e, other(e));
}

/*
 * The guest recovered on its VF: a bounded poll until the GuC runs the VF and the driver's
 * recovery is idle with one more recovery than @before; no wedge, and no H2G message reached
 * the destination GuC while it blocked the VF (when the sim counts them).
 */
static void wait_recovered(struct env *e, const struct rec *before, struct rec *after)
{
	double end = now_ms() + RECOVERY_TIMEOUT_MS;
	char state[32];
	struct rec r;
	__u64 n;

	for (;;) {
		guc_state(e->at, state, sizeof(state));
		rec_read(e->card, &r);
		if (!strcmp(state, "RUNNING") && !strcmp(r.state, "idle") &&
		    r.recoveries > before->recoveries)
			break;
		igt_assert_f(strcmp(r.state, "wedged"), "the guest wedged (see the kernel log)\n");
		igt_assert_f(now_ms() < end,
			     "after %d ms: xesim%d.vf%d GuC state %s, guest recovery %s held %s, recoveries %llu (%llu before)\n",
			     RECOVERY_TIMEOUT_MS, e->at.gpu, e->at.vf, state, r.state, r.held,
			     (unsigned long long)r.recoveries,
			     (unsigned long long)before->recoveries);
		usleep(10000);
	}
	igt_assert_eq_u64(r.recoveries, before->recoveries + 1);
	igt_assert_eq_u64(r.wedges, before->wedges);
	if (e->h2g_wb_known && e->busy) {
		igt_assert(h2g_while_blocked(e->at, &n));
		igt_debug("%llu H2G messages in xesim%d.vf%d's ring while it blocked the VF\n",
			  (unsigned long long)(n - e->h2g_wb), e->at.gpu, e->at.vf);
	} else if (e->h2g_wb_known) {
		/*
		 * the recovery writes its replays before RESFIX_DONE (step f), and the DONE
		 * request's doorbell finds them in the ring: they count too
		 */
		igt_assert(h2g_while_blocked(e->at, &n));
		igt_assert_f(n <= e->h2g_wb + e->h2g_held + (r.replayed - before->replayed),
			     "%llu H2G messages reached xesim%d.vf%d's GuC while it blocked the VF (%llu waited in the ring at the save)\n",
			     (unsigned long long)(n - e->h2g_wb), e->at.gpu, e->at.vf,
			     e->h2g_held);
	}
	e->h2g_held = 0;
	igt_debug("recovered on xesim%d.vf%d in %llu us: restarts %llu absorbed %llu replayed %llu discarded_dw %llu reemitted %llu resubmitted %llu\n",
		  e->at.gpu, e->at.vf, (unsigned long long)r.last_us,
		  (unsigned long long)r.restarts, (unsigned long long)r.absorbed,
		  (unsigned long long)r.replayed, (unsigned long long)r.discarded_dw,
		  (unsigned long long)r.reemitted, (unsigned long long)r.resubmitted);
	if (after)
		*after = r;
}

/* migrate to the other GPU and wait for the guest's recovery there */
static void migrate_recover(struct env *e, struct rec *after)
{
	struct rec before;

	rec_read(e->card, &before);
	migrate(e);
	wait_recovered(e, &before, after);
}

/* the recovery holds at stopper @step */
static void wait_held(struct env *e, const char *step)
{
	double end = now_ms() + RECOVERY_TIMEOUT_MS;
	struct rec r;

	for (;;) {
		rec_read(e->card, &r);
		if (!strcmp(r.held, step))
			break;
		igt_assert_f(now_ms() < end, "recovery %s, held %s, not at %s after %d ms\n",
			     r.state, r.held, step, RECOVERY_TIMEOUT_MS);
		usleep(10000);
	}
	igt_assert_f(!strcmp(r.state, "running") || !strcmp(r.state, "pending"),
		     "held at %s but recovery state %s\n", step, r.state);
}

/* ---- work ---- */

static void wl_init(struct env *e, struct wl *w)
{
	w->vm = xe_vm_create(e->fd, 0, 0);
	w->bo = xe_bo_create(e->fd, w->vm, BO_SIZE, system_memory(e->fd), 0);
	w->map = xe_bo_map(e->fd, w->bo, BO_SIZE);
	memset(w->map, 0, BO_SIZE);
	xe_vm_bind_sync(e->fd, w->vm, w->bo, 0, ADDR, BO_SIZE);
}

static void wl_fini(struct env *e, struct wl *w)
{
	xe_vm_unbind_sync(e->fd, w->vm, 0, ADDR, BO_SIZE);
	munmap(w->map, BO_SIZE);
	gem_close(e->fd, w->bo);
	xe_vm_destroy(e->fd, w->vm);
}

static __u32 rd(const __u32 *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void emit_store(__u32 *cs, __u64 addr, __u32 value)
{
	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = addr;
	cs[2] = addr >> 32;
	cs[3] = value;
	cs[4] = MI_BATCH_BUFFER_END;
}

/* at @cs: write 1 at @started, wait (polling) until @sem is 1, then store @value at @dst */
static void emit_sem_store(__u32 *cs, __u64 started, __u64 sem, __u64 dst, __u32 value)
{
	cs[0] = MI_STORE_DWORD_IMM_GEN4;
	cs[1] = started;
	cs[2] = started >> 32;
	cs[3] = 1;
	cs[4] = MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_SAD_EQ_SDD;
	cs[5] = 1;
	cs[6] = sem;
	cs[7] = sem >> 32;
	emit_store(cs + 8, dst, value);
}

/* batch @slot of @w: store @value at its result dword */
static __u64 batch_store(struct wl *w, int slot, __u32 value)
{
	igt_assert(slot < MAX_SLOTS);
	w->map[RES / 4 + slot] = 0;
	emit_store(w->map + slot * 16, ADDR + RES + slot * 4, value);
	return ADDR + slot * 64;
}

/*
 * batch @slot of @w: mark engine @i's "started" dword, wait (polling) until its semaphore is
 * 1, then store @value at the batch's result dword
 */
static __u64 batch_sem_store(struct wl *w, int slot, int i, __u32 value)
{
	__u32 *cs = w->map + slot * 16;
	__u64 started = ADDR + STARTED + i * 4, sem = ADDR + SEM + i * 4;
	__u64 res = ADDR + RES + slot * 4;

	igt_assert(slot < MAX_SLOTS);
	w->map[STARTED / 4 + i] = 0;
	w->map[SEM / 4 + i] = 0;
	w->map[RES / 4 + slot] = 0;
	emit_sem_store(cs, started, sem, res, value);
	return ADDR + slot * 64;
}

static __u32 exec_async(struct env *e, __u32 q, __u64 addr)
{
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(e->fd, 0),
	};

	xe_exec_sync(e->fd, q, addr, &sync, 1);
	return sync.handle;
}

/* the status of a sync object's fence: 1 signalled, 0 not yet, negative: its error */
static int fence_status(struct env *e, __u32 syncobj)
{
	int status = 0, ret = syncobj_fence_status(e->fd, syncobj, &status);

	igt_assert_f(!ret, "status of syncobj %u: %s\n", syncobj, strerror(-ret));
	return status;
}

/* wait for a fence; false when it did not signal within @ns */
static bool fence_wait(struct env *e, __u32 syncobj, __s64 ns)
{
	return syncobj_wait(e->fd, &syncobj, 1, xe_abs_timeout(ns), 0, NULL);
}

static __u64 ban(struct env *e, __u32 q)
{
	__u64 banned = ~0ull;

	igt_assert_eq(__xe_exec_queue_get_ban(e->fd, q, &banned), 0);
	return banned;
}

static struct drm_xe_engine_class_instance *engine(struct env *e, int i)
{
	return &xe_engine(e->fd, i)->instance;
}

static int n_engines(struct env *e)
{
	int n = xe_number_engines(e->fd);

	igt_assert_lt(0, n);
	igt_assert_lte(n, 16);
	return n;
}

/* a store-dword batch on every engine, each through a new queue, all checked */
static void store_every_engine(struct env *e, struct wl *w, int first_slot, __u32 seed)
{
	int i, n = n_engines(e);

	for (i = 0; i < n; i++) {
		__u32 q = xe_exec_queue_create(e->fd, w->vm, engine(e, i), 0);
		__u32 so = exec_async(e, q, batch_store(w, first_slot + i, seed + i));

		igt_assert_f(fence_wait(e, so, XE_TIMEOUT_NS), "store on engine %d hangs\n", i);
		igt_assert_eq(fence_status(e, so), 1);
		igt_assert_eq_u32(rd(&w->map[RES / 4 + first_slot + i]), seed + i);
		igt_assert_eq_u64(ban(e, q), 0);
		syncobj_destroy(e->fd, so);
		xe_exec_queue_destroy(e->fd, q);
	}
}

/* a job's outcome: its fence status, whether its value landed, and its queue's ban */
struct outcome {
	int create_err;
	bool signalled;
	int status;
	bool value_ok;
	__u64 banned;
};

static void run_store(struct env *e, struct wl *w, __u32 q, int slot, __u32 value,
		      struct outcome *o)
{
	__u32 so = exec_async(e, q, batch_store(w, slot, value));

	o->signalled = fence_wait(e, so, XE_TIMEOUT_NS);
	o->status = fence_status(e, so);
	o->value_ok = rd(&w->map[RES / 4 + slot]) == value;
	o->banned = ban(e, q);
	syncobj_destroy(e->fd, so);
}

static bool faulted(const struct outcome *o)
{
	return o->signalled && o->status < 0 && !o->value_ok && o->banned == 1;
}

static bool worked(const struct outcome *o)
{
	return !o->create_err && o->signalled && o->status == 1 && o->value_ok && !o->banned;
}

static void log_outcome(const char *what, const struct outcome *o)
{
	igt_info("%s: create %s, fence %s (status %d), value %s, banned %llu\n", what,
		 o->create_err ? strerror(-o->create_err) : "ok",
		 o->signalled ? "signalled" : "not signalled", o->status,
		 o->value_ok ? "found" : "missing", (unsigned long long)o->banned);
}

/* ---- threads: run a blocking call, give up waiting after a while ---- */

struct call {
	pthread_t tid;
	void *(*fn)(void *arg);
	void *arg;
	bool started;
};

static void call_start(struct call *c, void *(*fn)(void *), void *arg)
{
	c->fn = fn;
	c->arg = arg;
	igt_assert_eq(pthread_create(&c->tid, NULL, fn, arg), 0);
	c->started = true;
}

/* join within @ms; false (the thread still runs) when it did not end in time */
static bool call_join(struct call *c, int ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000l;
	if (ts.tv_nsec >= 1000000000l) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000l;
	}
	if (pthread_timedjoin_np(c->tid, NULL, &ts))
		return false;
	c->started = false;
	return true;
}

/* ---- idle ---- */

static void check_rec_interface(struct env *e)
{
	static const char *const steps[] = {
		"shutdown", "start", "query", "ggtt", "rebase", "ct", "reemit", "done", "resume",
	};
	char *text = igt_xesim_debugfs_read("dri/%d/recovery", e->card);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		char key[32];
		const char *p;
		unsigned long long last, max;

		snprintf(key, sizeof(key), "\nstep %s ", steps[i]);
		p = strstr(text, key);
		igt_assert_f(p && sscanf(p + strlen(key), "%llu %llu", &last, &max) == 2,
			     "no 'step %s <last_us> <max_us>' in dri/%d/recovery:\n%s\n",
			     steps[i], e->card, text);
		igt_assert_f(last <= max, "step %s: last %llu us > max %llu us\n", steps[i],
			     last, max);
	}
	igt_debug("dri/%d/recovery:\n%s", e->card, text);
	free(text);
}

static void test_idle(struct env *e)
{
	struct rec before, after;
	struct wl w;

	wl_init(e, &w);
	rec_read(e->card, &before);
	migrate(e);
	wait_recovered(e, &before, &after);
	igt_assert_eq_u64(after.restarts, before.restarts);
	igt_assert_lt_u64(0, after.last_us);
	igt_assert_lte_u64(after.last_us, after.max_us);
	check_rec_interface(e);
	store_every_engine(e, &w, 0, 0x1d1e0000);
	wl_fini(e, &w);
}

/* ---- the xe uAPI across a migration ---- */

static void cycles(struct env *e, struct drm_xe_engine_class_instance *hwe,
		   struct drm_xe_query_engine_cycles *c)
{
	struct drm_xe_device_query q = {
		.query = DRM_XE_DEVICE_QUERY_ENGINE_CYCLES,
		.size = sizeof(*c),
		.data = (__u64)(uintptr_t)c,
	};

	*c = (struct drm_xe_query_engine_cycles){ .eci = *hwe, .clockid = CLOCK_MONOTONIC };
	do_ioctl(e->fd, DRM_IOCTL_XE_DEVICE_QUERY, &q);
	igt_assert_eq_u32(c->width, 64);
}

/*
 * ENGINE_CYCLES on every engine before and after a migration to another GPU: the engine
 * counter keeps going forward, and after the migration two samples still convert to the CPU
 * time between them (by the GT's reference clock) within 5 us for most pairs.
 */
static void test_engine_cycles(struct env *e)
{
	__u32 freq = xe_device_get(e->fd)->gt_list->gt_list[0].reference_clock;
	struct drm_xe_query_engine_cycles before[2], t1, t2;
	int i, n = n_engines(e), k, usable;

	igt_assert_lte(n, 2);
	for (i = 0; i < n; i++)
		cycles(e, engine(e, i), &before[i]);
	migrate_recover(e, NULL);
	for (i = 0; i < n; i++) {
		cycles(e, engine(e, i), &t1);
		igt_assert_lt_u64(before[i].engine_cycles, t1.engine_cycles);
		igt_assert_lt_u64(before[i].cpu_timestamp, t1.cpu_timestamp);
		for (k = 0, usable = 0; k < 10; k++) {
			__u64 dcpu, dcs;

			cycles(e, engine(e, i), &t1);
			cycles(e, engine(e, i), &t2);
			dcpu = t2.cpu_timestamp - t1.cpu_timestamp;
			dcs = (t2.engine_cycles - t1.engine_cycles) * 1000000000ull / freq;
			usable += (dcpu > dcs ? dcpu - dcs : dcs - dcpu) < 5000;
		}
		igt_info("engine %d after the migration: %d of 10 usable\n", i, usable);
		igt_assert_lt(2, usable);
	}
}

/* the GuC priority of each context of the guest's VF, from the sim's state file */
static int guc_ctx_prios(struct env *e, unsigned int *prio, unsigned int *quantum, int max)
{
	char *text = igt_xesim_debugfs_read("xesim/xesim%d/vf%d/state", e->at.gpu, e->at.vf);
	char *line = text;
	int n = 0;

	while ((line = strstr(line, "\nctx ")) && n < max) {
		unsigned long id;

		line++;
		igt_assert(sscanf(line, "ctx %lu prio %u quantum_us %u", &id, &prio[n],
				  &quantum[n]) == 3);
		n++;
	}
	free(text);
	return n;
}

/*
 * A low and a high priority queue (with their own time slices) made before a migration: the
 * destination GuC has their contexts at the priorities the source had (the GuC's normal 3 and
 * high 1) and with their time slices (the blob carries the policies), and both queues run
 * work there.
 */
static void test_queue_priority(struct env *e)
{
	struct drm_xe_ext_set_property p[2] = {
		{ .base.name = DRM_XE_EXEC_QUEUE_EXTENSION_SET_PROPERTY,
		  .property = DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY },
		{ .base.name = DRM_XE_EXEC_QUEUE_EXTENSION_SET_PROPERTY,
		  .property = DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE, .value = 5000 },
	};
	unsigned int prio[4], quantum[4];
	struct outcome o;
	__u32 q[2];
	struct wl w;
	int i;

	wl_init(e, &w);
	p[0].base.next_extension = (__u64)(uintptr_t)&p[1];
	for (i = 0; i < 2; i++) {
		p[0].value = i ? 2 : 0;
		q[i] = xe_exec_queue_create(e->fd, w.vm, engine(e, 0), (__u64)(uintptr_t)p);
	}
	igt_assert_eq(guc_ctx_prios(e, prio, quantum, 4), 2);
	igt_assert_eq_u32(prio[0] + prio[1], 3 + 1);
	igt_assert_eq_u32(prio[0] * prio[1], 3 * 1);
	igt_assert_eq_u32(quantum[0], 5000);
	igt_assert_eq_u32(quantum[1], 5000);
	migrate_recover(e, NULL);
	igt_assert_eq(guc_ctx_prios(e, prio, quantum, 4), 2);
	igt_assert_eq_u32(prio[0] + prio[1], 3 + 1);
	igt_assert_eq_u32(prio[0] * prio[1], 3 * 1);
	igt_assert_eq_u32(quantum[0], 5000);
	igt_assert_eq_u32(quantum[1], 5000);
	for (i = 0; i < 2; i++) {
		run_store(e, &w, q[i], i, 0x9e0 + i, &o);
		igt_assert(worked(&o));
		xe_exec_queue_destroy(e->fd, q[i]);
	}
	wl_fini(e, &w);
}

#define NULL_ADDR	0x40000000ull
#define NULL_SIZE	0x200000ull

/*
 * Batch @slot (and the next) of @w: write 0xdead into the NULL range, copy two of its dwords
 * (one in the written page, one 2 MiB - 4 KiB further on) through GPR0 to result dwords
 * @slot and @slot + 1, then store @done at result dword @slot + 2.
 */
static __u64 batch_null_probe(struct wl *w, int slot, __u32 done)
{
	static const __u64 off[2] = { 0x40, NULL_SIZE - 0x1000 };
	__u32 *cs = w->map + slot * 16;
	int b = 0, i;

	igt_assert(slot + 2 < MAX_SLOTS);
	for (i = 0; i < 3; i++)
		w->map[RES / 4 + slot + i] = 0xffffffff;
	cs[b++] = MI_STORE_DWORD_IMM_GEN4;
	cs[b++] = NULL_ADDR + off[0];
	cs[b++] = (NULL_ADDR + off[0]) >> 32;
	cs[b++] = 0xdead;
	for (i = 0; i < 2; i++) {
		__u64 res = ADDR + RES + (slot + i) * 4;

		cs[b++] = MI_INSTR(0x29, 2) | (1 << 19);	/* MI_LOAD_REGISTER_MEM, CS-MMIO */
		cs[b++] = 0x600;				/* GPR0 */
		cs[b++] = NULL_ADDR + off[i];
		cs[b++] = (NULL_ADDR + off[i]) >> 32;
		cs[b++] = MI_INSTR(0x24, 2) | (1 << 19);	/* MI_STORE_REGISTER_MEM, CS-MMIO */
		cs[b++] = 0x600;
		cs[b++] = res;
		cs[b++] = res >> 32;
	}
	cs[b++] = MI_STORE_DWORD_IMM_GEN4;
	cs[b++] = ADDR + RES + (slot + 2) * 4;
	cs[b++] = (ADDR + RES + (slot + 2) * 4) >> 32;
	cs[b++] = done;
	cs[b++] = MI_BATCH_BUFFER_END;
	igt_assert_lte(b, 32);
	return ADDR + slot * 64;
}

static void check_null_probe(struct env *e, struct wl *w, __u32 q, int slot, __u32 done)
{
	__u32 so = exec_async(e, q, batch_null_probe(w, slot, done));

	igt_assert_f(fence_wait(e, so, XE_TIMEOUT_NS), "NULL probe hangs\n");
	igt_assert_eq(fence_status(e, so), 1);
	igt_assert_eq_u32(rd(&w->map[RES / 4 + slot]), 0);
	igt_assert_eq_u32(rd(&w->map[RES / 4 + slot + 1]), 0);
	igt_assert_eq_u32(rd(&w->map[RES / 4 + slot + 2]), done);
	igt_assert_eq_u64(ban(e, q), 0);
	syncobj_destroy(e->fd, so);
}

/*
 * A NULL range bound before a migration is one after it: on the destination a batch reads
 * zero from it and its write is dropped, without a fault.
 */
static void test_null_bind(struct env *e)
{
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(e->fd, 0),
	};
	struct wl w;
	__u32 q;

	wl_init(e, &w);
	igt_assert_eq(__xe_vm_bind(e->fd, w.vm, 0, 0, 0, NULL_ADDR, NULL_SIZE,
				   DRM_XE_VM_BIND_OP_MAP, DRM_XE_VM_BIND_FLAG_NULL, &sync, 1,
				   0), 0);
	igt_assert(fence_wait(e, sync.handle, XE_TIMEOUT_NS));
	syncobj_destroy(e->fd, sync.handle);
	q = xe_exec_queue_create(e->fd, w.vm, engine(e, 0), 0);
	check_null_probe(e, &w, q, 0, 0x4e11);
	migrate_recover(e, NULL);
	check_null_probe(e, &w, q, 4, 0x4e12);
	migrate_recover(e, NULL);
	check_null_probe(e, &w, q, 8, 0x4e13);
	xe_exec_queue_destroy(e->fd, q);
	xe_vm_unbind_sync(e->fd, w.vm, 0, NULL_ADDR, NULL_SIZE);
	wl_fini(e, &w);
}

#define SPIN_OFF	0xc000

/*
 * A spinner with a budget of 3 s of its context's time, started before a migration: it runs
 * on after it, and ends by itself once its context ran the budget. The budget counts
 * CTX_TIMESTAMP ticks from GPR0, both in the context image, so the destination must carry
 * both over: a timestamp that restarted would end the spinner at once with a difference of
 * nearly 2^64 ticks, one that stood still would never end it.
 */
static void test_spin_budget(struct env *e)
{
	const __u64 budget_ns = 3000ull * 1000 * 1000;
	__u32 ticks = xe_spin_nsec_to_ticks(e->fd, 0, budget_ns), so, before;
	struct xe_spin *spin;
	struct wl w;
	__u32 q;

	wl_init(e, &w);
	spin = (struct xe_spin *)((char *)w.map + SPIN_OFF);
	xe_spin_init_opts(spin, .addr = ADDR + SPIN_OFF, .preempt = true, .ctx_ticks = ticks);
	q = xe_exec_queue_create(e->fd, w.vm, engine(e, 0), 0);
	so = exec_async(e, q, ADDR + SPIN_OFF);
	xe_spin_wait_started(spin);
	/* in its loop: it measured its time at least once */
	while (!rd(&spin->ticks_delta) && !fence_status(e, so))
		sched_yield();
	before = rd(&spin->ticks_delta);
	igt_assert_f(fence_status(e, so) == 0 && before && before < ticks,
		     "the spinner ended before the migration (%u of %u ticks)\n", before, ticks);
	migrate_recover(e, NULL);
	igt_assert_f(fence_wait(e, so, XE_TIMEOUT_NS), "the spinner did not end\n");
	igt_assert_eq(fence_status(e, so), 1);
	igt_info("budget %u ticks: %u before the migration, %u at the end\n", ticks, before,
		 rd(&spin->ticks_delta));
	igt_assert_eq_u32(rd(&spin->end), 1);
	igt_assert_eq_u32(rd(&spin->ticks_left), 0);
	igt_assert_lte_u64(ticks, rd(&spin->ticks_delta));
	igt_assert_lt_u64(rd(&spin->ticks_delta), 2ull * ticks);
	igt_assert_eq_u64(ban(e, q), 0);
	syncobj_destroy(e->fd, so);
	xe_exec_queue_destroy(e->fd, q);
	wl_fini(e, &w);
}

#define UP_ADDR		0x50000000ull
#define UP_SIZE		0x10000ull

/*
 * Batch @slot of @w: store @value at dword @idx of the userptr, copy the userptr's dword
 * @idx + 1 through GPR0 to result dword @slot, then store @done at result dword @slot + 1.
 */
static __u64 batch_userptr(struct wl *w, int slot, int idx, __u32 value, __u32 done)
{
	__u64 dst = UP_ADDR + idx * 4, src = dst + 4, res = ADDR + RES + slot * 4;
	__u32 *cs = w->map + slot * 16;
	int b = 0;

	igt_assert(slot + 1 < MAX_SLOTS);
	w->map[RES / 4 + slot] = 0xffffffff;
	w->map[RES / 4 + slot + 1] = 0;
	cs[b++] = MI_STORE_DWORD_IMM_GEN4;
	cs[b++] = dst;
	cs[b++] = dst >> 32;
	cs[b++] = value;
	cs[b++] = MI_INSTR(0x29, 2) | (1 << 19);	/* MI_LOAD_REGISTER_MEM, CS-MMIO */
	cs[b++] = 0x600;				/* GPR0 */
	cs[b++] = src;
	cs[b++] = src >> 32;
	cs[b++] = MI_INSTR(0x24, 2) | (1 << 19);	/* MI_STORE_REGISTER_MEM, CS-MMIO */
	cs[b++] = 0x600;
	cs[b++] = res;
	cs[b++] = res >> 32;
	cs[b++] = MI_STORE_DWORD_IMM_GEN4;
	cs[b++] = res + 4;
	cs[b++] = (res + 4) >> 32;
	cs[b++] = done;
	cs[b++] = MI_BATCH_BUFFER_END;
	igt_assert_lte(b, 32);
	return ADDR + slot * 64;
}

/* The GPU writes dword @idx of the userptr @up and reads dword @idx + 1, which the CPU set. */
static void check_userptr(struct env *e, struct wl *w, __u32 q, __u32 *up, int slot, int idx)
{
	__u32 value = 0x0e000000 | slot << 12 | idx, so;

	up[idx] = 0;
	up[idx + 1] = ~value;
	so = exec_async(e, q, batch_userptr(w, slot, idx, value, 0xd0e));
	igt_assert_f(fence_wait(e, so, XE_TIMEOUT_NS), "userptr batch hangs\n");
	igt_assert_eq(fence_status(e, so), 1);
	igt_assert_eq_u32(rd(&up[idx]), value);
	igt_assert_eq_u32(rd(&w->map[RES / 4 + slot]), ~value);
	igt_assert_eq_u32(rd(&w->map[RES / 4 + slot + 1]), 0xd0e);
	igt_assert_eq_u64(ban(e, q), 0);
	syncobj_destroy(e->fd, so);
}

/*
 * A userptr bound before a migration needs nothing after it: the pages are guest RAM, their
 * IOVAs the guest slot's, so on the destination the GPU writes and reads the same memory.
 * Between the migrations the pages change under it (MADV_DONTNEED), and the rebind works on
 * the destination too.
 */
static void test_userptr(struct env *e)
{
	__u32 *up = mmap(NULL, UP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(e->fd, 0),
	};
	struct wl w;
	__u32 q;

	igt_assert(up != MAP_FAILED);
	memset(up, 0, UP_SIZE);
	wl_init(e, &w);
	igt_assert_eq(__xe_vm_bind(e->fd, w.vm, 0, 0, (__u64)(uintptr_t)up, UP_ADDR, UP_SIZE,
				   DRM_XE_VM_BIND_OP_MAP_USERPTR, 0, &sync, 1, 0), 0);
	/* binds are asynchronous: the GPU uses the range once the bind signalled */
	igt_assert(fence_wait(e, sync.handle, XE_TIMEOUT_NS));
	syncobj_destroy(e->fd, sync.handle);
	q = xe_exec_queue_create(e->fd, w.vm, engine(e, 0), 0);
	check_userptr(e, &w, q, up, 0, 0x10);
	migrate_recover(e, NULL);
	check_userptr(e, &w, q, up, 2, 0x10);
	check_userptr(e, &w, q, up, 4, 0x3ff0);
	igt_assert_eq(madvise(up, UP_SIZE, MADV_DONTNEED), 0);
	check_userptr(e, &w, q, up, 6, 0x2000);
	migrate_recover(e, NULL);
	check_userptr(e, &w, q, up, 8, 0x2000);
	check_userptr(e, &w, q, up, 10, 0x20);
	xe_exec_queue_destroy(e->fd, q);
	xe_vm_unbind_sync(e->fd, w.vm, 0, UP_ADDR, UP_SIZE);
	wl_fini(e, &w);
	munmap(up, UP_SIZE);
}

/* ---- fault mode ---- */

#define FM_BATCH	0x100000ull
#define FM_SEM		0x400000ull
#define FM_DATA		0x800000ull
#define FM_DATA2	0xc00000ull

/* the guest driver's count of page faults it resolved (dri/<minor>/pagefault) */
static __u64 pf_resolved(struct env *e)
{
	char *text = igt_xesim_debugfs_read("dri/%d/pagefault", e->card);
	__u64 n;

	igt_assert_f(kv_u64(text, "resolved", &n), "no resolved in:\n%s\n", text);
	free(text);
	return n;
}

/* a bind on an LR VM (a user fence), done on return */
static void fm_bind(struct env *e, __u32 vm, __u32 bo, __u64 addr, __u32 op, __u32 flags)
{
	__xe_vm_bind_lr_sync(e->fd, vm, bo, 0, addr, BO_SIZE, op, flags);
}

static void *fm_bo(struct env *e, __u32 vm, __u32 *bo)
{
	void *map;

	*bo = xe_bo_create(e->fd, vm, BO_SIZE, system_memory(e->fd), 0);
	map = xe_bo_map(e->fd, *bo, BO_SIZE);
	memset(map, 0, BO_SIZE);
	return map;
}

/*
 * batch @slot: mark "started" @i (FM_SEM + 0x200 + 4 @i), wait until semaphore @i is 1,
 * then store @value at @dst
 */
static __u64 fm_batch(__u32 *batch, int slot, int i, __u64 dst, __u32 value)
{
	__u32 *cs = batch + slot * 16;
	__u64 sem = FM_SEM + i * 4, started = FM_SEM + 0x200 + i * 4;

	emit_sem_store(cs, started, sem, dst, value);
	return FM_BATCH + slot * 64;
}

/* EXEC with a user fence at FM_SEM + @fence_off (the semaphore BO, bound at once) */
static void fm_exec(struct env *e, __u32 q, __u64 batch, __u32 fence_off)
{
	struct drm_xe_sync uf = {
		.type = DRM_XE_SYNC_TYPE_USER_FENCE,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.addr = FM_SEM + fence_off,
		.timeline_value = USER_FENCE_VALUE,
	};

	xe_exec_sync(e->fd, q, batch, &uf, 1);
}

/*
 * A VM in fault mode across a migration. The batches and the semaphores are bound at once,
 * the two data BOs on demand. Job 1 waits on a semaphore the CPU releases after the
 * migration: its store faults on the destination, which binds it, and lands. Job 2 faults
 * on the source, whose GuC holds the driver's reply in the H2G ring at the save: the job is
 * stalled on the fault while the guest migrates (the fault is not saved, the reply is
 * discarded), runs the store again on the destination, where the page the driver bound on
 * the source is present, and lands.
 */
static void test_fault_mode(struct env *e)
{
	__u32 vm, batch_bo, sem_bo, data_bo, data2_bo, q1, q2, *batch, *sem, *data, *data2;
	struct rec before, after;
	__u64 resolved, resolved_src;
	struct ct_h2g ct;
	struct vf_id src;
	double end;

	require_hold_h2g(e->at);
	vm = xe_vm_create(e->fd, DRM_XE_VM_CREATE_FLAG_LR_MODE |
			  DRM_XE_VM_CREATE_FLAG_FAULT_MODE, 0);
	batch = fm_bo(e, vm, &batch_bo);
	sem = fm_bo(e, vm, &sem_bo);
	data = fm_bo(e, vm, &data_bo);
	data2 = fm_bo(e, vm, &data2_bo);
	fm_bind(e, vm, batch_bo, FM_BATCH, DRM_XE_VM_BIND_OP_MAP, DRM_XE_VM_BIND_FLAG_IMMEDIATE);
	fm_bind(e, vm, sem_bo, FM_SEM, DRM_XE_VM_BIND_OP_MAP, DRM_XE_VM_BIND_FLAG_IMMEDIATE);
	fm_bind(e, vm, data_bo, FM_DATA, DRM_XE_VM_BIND_OP_MAP, 0);
	fm_bind(e, vm, data2_bo, FM_DATA2, DRM_XE_VM_BIND_OP_MAP, 0);
	q1 = xe_exec_queue_create(e->fd, vm, engine(e, 0), 0);
	q2 = xe_exec_queue_create(e->fd, vm, engine(e, 0), 0);

	resolved = pf_resolved(e);
	fm_exec(e, q1, fm_batch(batch, 0, 0, FM_DATA + 0x40, 0xf1), 0x100);
	fm_exec(e, q2, fm_batch(batch, 1, 1, FM_DATA2 + 0x40, 0xf2), 0x108);

	/* both jobs run (at their semaphores) before the GuC holds its H2G ring */
	end = now_ms() + 10000;
	while (!rd(&sem[0x200 / 4]) || !rd(&sem[0x204 / 4])) {
		igt_assert_f(now_ms() < end, "the jobs did not start in 10 s\n");
		usleep(10000);
	}
	/* job 2's store faults; the reply waits in the held H2G ring */
	src = e->at;
	ct_h2g(e, &ct);
	hold_h2g(src, true);
	__atomic_store_n(&sem[1], 1, __ATOMIC_RELEASE);
	end = now_ms() + 10000;
	while (pf_resolved(e) == resolved) {
		igt_assert_f(now_ms() < end, "job 2's fault was not handled in 10 s\n");
		usleep(10000);
	}
	wait_h2g_pending(e, &ct);
	resolved_src = pf_resolved(e);
	igt_assert_eq_u64(resolved_src, resolved + 1);
	/* the GuC took no reply: the job is stalled at the store, job 1 at its semaphore */
	igt_assert_eq_u32(rd(&data2[0x40 / 4]), 0);
	igt_assert_eq_u32(rd(&data[0x40 / 4]), 0);

	rec_read(e->card, &before);
	migrate(e);
	hold_h2g(src, false);
	wait_recovered(e, &before, &after);

	/*
	 * job 2 ran the store again on the destination; the driver had bound the page on the
	 * source (the leaves moved with the guest's memory), so it lands without a new fault,
	 * and the reply held at the save was discarded by the recovery
	 */
	xe_wait_ufence(e->fd, (__u64 *)&sem[0x108 / 4], USER_FENCE_VALUE, q2, XE_TIMEOUT_NS);
	igt_assert_eq_u32(rd(&data2[0x40 / 4]), 0xf2);
	igt_assert_eq_u64(pf_resolved(e), resolved_src);
	igt_assert_lt_u64(before.discarded_dw, after.discarded_dw);
	igt_assert_eq_u64(ban(e, q2), 0);

	/* job 1's store faults only now, on the destination, and lands */
	resolved = pf_resolved(e);
	__atomic_store_n(&sem[0], 1, __ATOMIC_RELEASE);
	xe_wait_ufence(e->fd, (__u64 *)&sem[0x100 / 4], USER_FENCE_VALUE, q1, XE_TIMEOUT_NS);
	igt_assert_eq_u32(rd(&data[0x40 / 4]), 0xf1);
	igt_assert_lte(resolved + 1, pf_resolved(e));
	igt_assert_eq_u64(ban(e, q1), 0);
	igt_info("fault mode across the migration: faults resolved %llu, H2G dwords discarded %llu\n",
		 (unsigned long long)pf_resolved(e),
		 (unsigned long long)(after.discarded_dw - before.discarded_dw));

	xe_exec_queue_destroy(e->fd, q1);
	xe_exec_queue_destroy(e->fd, q2);
	munmap(batch, BO_SIZE);
	munmap(sem, BO_SIZE);
	munmap(data, BO_SIZE);
	munmap(data2, BO_SIZE);
	gem_close(e->fd, batch_bo);
	gem_close(e->fd, sem_bo);
	gem_close(e->fd, data_bo);
	gem_close(e->fd, data2_bo);
	xe_vm_destroy(e->fd, vm);
}

#define BQ_ADDR		0x2000000ull

/*
 * A bind on a bind queue that waits for a job blocked on a semaphore, across a migration:
 * VM_BIND returns at once, and on the destination the bind has still not run (its fence is
 * unsignalled, as the job's is); then the CPU releases the semaphore, the job completes, the
 * bind runs, and a store through the new binding lands in its BO.
 */
static void test_bind_queue(struct env *e)
{
	struct drm_xe_sync s[2];
	__u32 bq, q, bo, *d, cork, so;
	struct wl w;

	wl_init(e, &w);
	bo = xe_bo_create(e->fd, 0, BO_SIZE, system_memory(e->fd), 0);
	d = xe_bo_map(e->fd, bo, BO_SIZE);
	memset(d, 0, BO_SIZE);
	bq = xe_bind_exec_queue_create(e->fd, w.vm, 0);
	q = xe_exec_queue_create(e->fd, w.vm, engine(e, 0), 0);
	cork = exec_async(e, q, batch_sem_store(&w, 0, 0, 0xc0));
	s[0] = (struct drm_xe_sync) { .type = DRM_XE_SYNC_TYPE_SYNCOBJ, .handle = cork };
	s[1] = (struct drm_xe_sync) {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(e->fd, 0),
	};
	xe_vm_bind_async(e->fd, w.vm, bq, bo, 0, BQ_ADDR, BO_SIZE, s, 2);
	igt_assert_eq(fence_status(e, s[1].handle), 0);
	migrate_recover(e, NULL);
	igt_assert_eq(fence_status(e, cork), 0);
	igt_assert_eq(fence_status(e, s[1].handle), 0);
	__atomic_store_n(&w.map[SEM / 4], 1, __ATOMIC_RELEASE);
	igt_assert_f(fence_wait(e, cork, XE_TIMEOUT_NS), "the blocked job hangs\n");
	igt_assert_eq(fence_status(e, cork), 1);
	igt_assert_eq_u32(rd(&w.map[RES / 4]), 0xc0);
	igt_assert_f(fence_wait(e, s[1].handle, XE_TIMEOUT_NS), "the bind hangs\n");
	igt_assert_eq(fence_status(e, s[1].handle), 1);
	emit_store(w.map + 16, BQ_ADDR + 8, 0xb1);
	so = exec_async(e, q, ADDR + 64);
	igt_assert_f(fence_wait(e, so, XE_TIMEOUT_NS), "the store hangs\n");
	igt_assert_eq(fence_status(e, so), 1);
	igt_assert_eq_u32(rd(&d[2]), 0xb1);
	igt_assert_eq_u64(ban(e, q), 0);

	syncobj_destroy(e->fd, so);
	syncobj_destroy(e->fd, cork);
	syncobj_destroy(e->fd, s[1].handle);
	xe_exec_queue_destroy(e->fd, q);
	xe_exec_queue_destroy(e->fd, bq);
	xe_vm_unbind_sync(e->fd, w.vm, 0, BQ_ADDR, BO_SIZE);
	munmap(d, BO_SIZE);
	gem_close(e->fd, bo);
	wl_fini(e, &w);
}

/* ---- streams of batches from threads, across migrations ---- */

enum stream_kind { STREAM_STORE, STREAM_ATOMIC };

#define STREAM_QUEUES_PER_ENGINE	8
#define STREAM_MIGRATIONS		4
/* per migration, and once more after the last: half before it, half while it runs */
#define STREAM_JOBS_PER_GEN		8
#define STREAM_MAX_JOBS			((STREAM_MIGRATIONS + 1) * STREAM_JOBS_PER_GEN)
/* per queue a 4 KiB region: batches (64 bytes each), results, the queue's counter */
#define STREAM_REGION			0x1000
#define STREAM_RES			(STREAM_MAX_JOBS * 64)
#define STREAM_COUNTER			(STREAM_RES + STREAM_MAX_JOBS * 4)
/* per engine a gate queue (atomic-once): a batch that increments around a semaphore */
#define GATE_PRE			0
#define GATE_POST			4
#define GATE_SEM			8

struct stream {
	pthread_t tid;
	int fd, id;
	__u32 q;
	enum stream_kind kind;
	__u32 *map;		/* the queue's region */
	__u64 gpu;		/* its GPU address */
	__u64 global;		/* GPU address of the counter all atomic batches increment */
	__u32 syncobjs[STREAM_MAX_JOBS];
	unsigned int submitted;
	const char *step;
	int err;
	unsigned int job;
};

static pthread_barrier_t stream_barrier;

static __u32 stream_value(int id, unsigned int job)
{
	return 0x5a000000 | id << 12 | job;
}

static int stream_submit(struct stream *s)
{
	unsigned int j = s->submitted;
	__u32 *cs = s->map + j * 16;
	struct drm_syncobj_create create = {};
	struct drm_xe_sync sync = { .type = DRM_XE_SYNC_TYPE_SYNCOBJ,
				    .flags = DRM_XE_SYNC_FLAG_SIGNAL };
	struct drm_xe_exec exec = { .exec_queue_id = s->q, .num_syncs = 1,
				    .syncs = (__u64)(uintptr_t)&sync,
				    .address = s->gpu + j * 64, .num_batch_buffer = 1 };
	__u64 res = s->gpu + STREAM_RES + j * 4;
	int b = 0, err;

	if (s->kind == STREAM_STORE) {
		emit_store(cs, res, stream_value(s->id, j));
	} else {
		__u64 addrs[3] = { res, s->gpu + STREAM_COUNTER, s->global };
		int k;

		for (k = 0; k < 3; k++) {
			cs[b++] = MI_ATOMIC | MI_ATOMIC_INC;
			cs[b++] = addrs[k];
			cs[b++] = addrs[k] >> 32;
		}
		cs[b++] = MI_BATCH_BUFFER_END;
	}
	if (ioctl(s->fd, DRM_IOCTL_SYNCOBJ_CREATE, &create)) {
		s->step = "syncobj create";
		return errno;
	}
	sync.handle = create.handle;
	s->syncobjs[j] = create.handle;
	err = -__xe_exec(s->fd, &exec);
	if (err) {
		s->step = "exec";
		return err;
	}
	s->submitted++;
	return 0;
}

static void stream_jobs(struct stream *s, unsigned int n)
{
	while (n-- && !s->err) {
		s->job = s->submitted;
		s->err = stream_submit(s);
	}
}

/* no igt_assert() in here: it would jump into the main thread */
static void *stream_main(void *arg)
{
	struct stream *s = arg;
	unsigned int gen, j;

	for (gen = 0; gen <= STREAM_MIGRATIONS; gen++) {
		stream_jobs(s, STREAM_JOBS_PER_GEN / 2);
		if (gen < STREAM_MIGRATIONS)
			pthread_barrier_wait(&stream_barrier);	/* the migration starts */
		stream_jobs(s, STREAM_JOBS_PER_GEN / 2);
		if (gen < STREAM_MIGRATIONS)
			pthread_barrier_wait(&stream_barrier);	/* recovered */
	}
	if (s->err || !s->submitted)
		return NULL;
	s->err = -syncobj_wait_err(s->fd, s->syncobjs, s->submitted,
				   xe_abs_timeout(XE_TIMEOUT_NS), DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL);
	if (s->err) {
		s->step = "wait for the jobs";
		return NULL;
	}
	for (j = 0; j < s->submitted; j++) {
		int status = 0;

		s->err = -syncobj_fence_status(s->fd, s->syncobjs[j], &status);
		if (!s->err && status != 1)
			s->err = status < 0 ? -status : EINPROGRESS;
		if (s->err) {
			s->step = "job fence";
			s->job = j;
			break;
		}
	}
	return NULL;
}

static void test_streams(struct env *e, enum stream_kind kind)
{
	int n = n_engines(e), nq = n * STREAM_QUEUES_PER_ENGINE;
	__u64 size = (__u64)(nq + n + 1) * STREAM_REGION;
	__u64 expected = 0, found = 0, lost = 0, twice = 0, stray = 0;
	struct stream *streams = calloc(nq, sizeof(*streams));
	__u32 vm, bo, *map, *global, gates[16], gate_so[16];
	struct rec first, before, after;
	__u64 total = 0;
	int i, m;
	unsigned int j;

	igt_assert(streams);
	vm = xe_vm_create(e->fd, 0, 0);
	bo = xe_bo_create(e->fd, vm, size, system_memory(e->fd), 0);
	map = xe_bo_map(e->fd, bo, size);
	memset(map, 0, size);
	xe_vm_bind_sync(e->fd, vm, bo, 0, ADDR, size);
	global = map + (nq + n) * STREAM_REGION / 4;

	/*
	 * atomic-once: per engine a gate batch that increments PRE, waits on a semaphore and
	 * increments POST; it sits in its ring across the first migration. Were it run again
	 * from its start, PRE would count 2.
	 */
	if (kind == STREAM_ATOMIC) {
		for (i = 0; i < n; i++) {
			__u32 *g = map + (nq + i) * STREAM_REGION / 4;
			__u64 ga = ADDR + (__u64)(nq + i) * STREAM_REGION;
			__u32 *cs = g + 16;
			int b = 0;

			cs[b++] = MI_ATOMIC | MI_ATOMIC_INC;
			cs[b++] = ga + GATE_PRE;
			cs[b++] = (ga + GATE_PRE) >> 32;
			cs[b++] = MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_SAD_EQ_SDD;
			cs[b++] = 1;
			cs[b++] = ga + GATE_SEM;
			cs[b++] = (ga + GATE_SEM) >> 32;
			cs[b++] = MI_ATOMIC | MI_ATOMIC_INC;
			cs[b++] = ga + GATE_POST;
			cs[b++] = (ga + GATE_POST) >> 32;
			cs[b++] = MI_BATCH_BUFFER_END;
			gates[i] = xe_exec_queue_create(e->fd, vm, engine(e, i), 0);
			gate_so[i] = exec_async(e, gates[i], ga + 64);
		}
		for (i = 0; i < n; i++) {
			__u32 *g = map + (nq + i) * STREAM_REGION / 4;
			double end = now_ms() + RECOVERY_TIMEOUT_MS;

			while (!rd(&g[GATE_PRE / 4])) {
				igt_assert_f(now_ms() < end, "gate on engine %d never ran\n", i);
				usleep(10000);
			}
		}
	}

	igt_assert_eq(pthread_barrier_init(&stream_barrier, NULL, nq + 1), 0);
	for (i = 0; i < nq; i++) {
		struct stream *s = &streams[i];

		*s = (struct stream){
			.fd = e->fd, .id = i, .kind = kind,
			.map = map + i * STREAM_REGION / 4,
			.gpu = ADDR + (__u64)i * STREAM_REGION,
			.global = ADDR + (__u64)(nq + n) * STREAM_REGION,
		};
		s->q = xe_exec_queue_create(e->fd, vm, engine(e, i % n), 0);
	}
	for (i = 0; i < nq; i++)
		igt_assert_eq(pthread_create(&streams[i].tid, NULL, stream_main, &streams[i]), 0);

	rec_read(e->card, &first);
	for (m = 0; m < STREAM_MIGRATIONS; m++) {
		pthread_barrier_wait(&stream_barrier);
		rec_read(e->card, &before);
		migrate(e);
		wait_recovered(e, &before, &after);
		if (kind == STREAM_ATOMIC && m == 0) {
			/* the gates waited through the migration; now let them go */
			for (i = 0; i < n; i++) {
				__u32 *g = map + (nq + i) * STREAM_REGION / 4;

				igt_assert_eq_u32(rd(&g[GATE_POST / 4]), 0);
				igt_assert_eq(fence_status(e, gate_so[i]), 0);
				__atomic_store_n(&g[GATE_SEM / 4], 1, __ATOMIC_RELEASE);
			}
		}
		pthread_barrier_wait(&stream_barrier);
	}
	for (i = 0; i < nq; i++)
		pthread_join(streams[i].tid, NULL);
	pthread_barrier_destroy(&stream_barrier);
	rec_read(e->card, &after);
	igt_info("%d migrations: %llu jobs re-emitted, %llu queues resubmitted, %llu H2G dwords discarded, %llu state changes replayed\n",
		 STREAM_MIGRATIONS, (unsigned long long)(after.reemitted - first.reemitted),
		 (unsigned long long)(after.resubmitted - first.resubmitted),
		 (unsigned long long)(after.discarded_dw - first.discarded_dw),
		 (unsigned long long)(after.replayed - first.replayed));

	for (i = 0; i < nq; i++) {
		struct stream *s = &streams[i];

		igt_assert_f(!s->err, "queue %d (engine %d), job %u: %s: %s\n", i, i % n, s->job,
			     s->step, strerror(s->err));
		igt_assert_eq_u32(s->submitted, STREAM_MAX_JOBS);
		igt_assert_eq_u64(ban(e, s->q), 0);
		for (j = 0; j < STREAM_MAX_JOBS; j++) {
			__u32 v = s->map[STREAM_RES / 4 + j];

			expected++;
			if (kind == STREAM_STORE) {
				if (v == stream_value(i, j))
					found++;
				else if (!v)
					lost++;
				else
					stray++;
			} else {
				if (v == 1)
					found++;
				else if (!v)
					lost++;
				else
					twice++;
			}
		}
		if (kind == STREAM_ATOMIC)
			igt_assert_eq_u32(s->map[STREAM_COUNTER / 4], STREAM_MAX_JOBS);
		total += s->submitted;
	}
	if (kind == STREAM_STORE) {
		igt_info("store: expected %llu, found %llu, lost %llu, wrong %llu\n",
			 (unsigned long long)expected, (unsigned long long)found,
			 (unsigned long long)lost, (unsigned long long)stray);
	} else {
		igt_info("atomic: batches %llu, ran once %llu, never %llu, more than once %llu, global counter %u\n",
			 (unsigned long long)expected, (unsigned long long)found,
			 (unsigned long long)lost, (unsigned long long)twice, *global);
		igt_assert_eq_u32(*global, total);
		for (i = 0; i < n; i++) {
			__u32 *g = map + (nq + i) * STREAM_REGION / 4;

			igt_assert_f(fence_wait(e, gate_so[i], XE_TIMEOUT_NS),
				     "gate batch on engine %d hangs\n", i);
			igt_assert_eq(fence_status(e, gate_so[i]), 1);
			igt_assert_eq_u32(g[GATE_PRE / 4], 1);
			igt_assert_eq_u32(g[GATE_POST / 4], 1);
			syncobj_destroy(e->fd, gate_so[i]);
			xe_exec_queue_destroy(e->fd, gates[i]);
		}
	}
	igt_assert_eq_u64(lost, 0);
	igt_assert_eq_u64(stray, 0);
	igt_assert_eq_u64(twice, 0);
	igt_assert_eq_u64(found, expected);

	for (i = 0; i < nq; i++) {
		for (j = 0; j < streams[i].submitted; j++)
			syncobj_destroy(e->fd, streams[i].syncobjs[j]);
		xe_exec_queue_destroy(e->fd, streams[i].q);
	}
	xe_vm_unbind_sync(e->fd, vm, 0, ADDR, size);
	munmap(map, size);
	gem_close(e->fd, bo);
	xe_vm_destroy(e->fd, vm);
	free(streams);
}

/* ---- a job in its ring, blocked on a semaphore, across a migration ---- */

static void test_inflight(struct env *e, unsigned int skip)
{
	int i, n = n_engines(e);
	__u32 q[16], so1[16], so2[16];
	struct rec before, after;
	__u64 resets;
	struct wl w;

	wl_init(e, &w);
	for (i = 0; i < n; i++) {
		struct outcome o = {};

		q[i] = xe_exec_queue_create(e->fd, w.vm, engine(e, i), 0);
		run_store(e, &w, q[i], i, 0x10000 + i, &o);
		igt_assert(worked(&o));
	}
	/* per engine: a job blocked on its semaphore, and (not knocked out) one queued behind */
	for (i = 0; i < n; i++) {
		so1[i] = exec_async(e, q[i], batch_sem_store(&w, 16 + i, i, 0x20000 + i));
		if (!skip)
			so2[i] = exec_async(e, q[i], batch_store(&w, 32 + i, 0x30000 + i));
	}
	for (i = 0; i < n; i++) {
		double end = now_ms() + RECOVERY_TIMEOUT_MS;

		while (!rd(&w.map[STARTED / 4 + i])) {
			igt_assert_f(now_ms() < end, "the blocked job on engine %d never started\n",
				     i);
			usleep(10000);
		}
	}

	set_skip(e, skip);
	rec_read(e->card, &before);
	migrate(e);
	wait_recovered(e, &before, &after);
	set_skip(e, 0);
	/* still blocked, nothing after it ran */
	for (i = 0; i < n; i++) {
		igt_assert_eq(fence_status(e, so1[i]), 0);
		igt_assert_eq_u32(rd(&w.map[RES / 4 + 16 + i]), 0);
		if (!skip) {
			igt_assert_eq(fence_status(e, so2[i]), 0);
			igt_assert_eq_u32(rd(&w.map[RES / 4 + 32 + i]), 0);
		}
	}
	igt_info("re-emitted %llu jobs, resubmitted %llu queues\n",
		 (unsigned long long)(after.reemitted - before.reemitted),
		 (unsigned long long)(after.resubmitted - before.resubmitted));
	if (!skip) {
		igt_assert_lte_u64(before.reemitted + 2 * n, after.reemitted);
		igt_assert_lte_u64(before.resubmitted + n, after.resubmitted);
	}

	resets = guc_count(e->at, "resets");
	for (i = 0; i < n; i++)
		__atomic_store_n(&w.map[SEM / 4 + i], 1, __ATOMIC_RELEASE);
	for (i = 0; i < n; i++) {
		struct outcome o = { .signalled = fence_wait(e, so1[i], XE_TIMEOUT_NS) };

		o.status = fence_status(e, so1[i]);
		o.value_ok = rd(&w.map[RES / 4 + 16 + i]) == 0x20000u + i;
		o.banned = ban(e, q[i]);
		if (skip) {
			/* the batch ran to its end; the ring's seqno write went to the old GGTT */
			log_outcome("blocked job, re-emit skipped", &o);
			igt_assert_f(o.signalled && o.status < 0 && o.banned == 1,
				     "engine %d: re-emit skipped, the job did not fault\n", i);
			continue;
		}
		igt_assert_f(worked(&o),
			     "engine %d: blocked job: fence %d status %d value %#x ban %llu\n", i,
			     o.signalled, o.status, rd(&w.map[RES / 4 + 16 + i]),
			     (unsigned long long)o.banned);
		igt_assert(fence_wait(e, so2[i], XE_TIMEOUT_NS));
		igt_assert_eq(fence_status(e, so2[i]), 1);
		igt_assert_eq_u32(rd(&w.map[RES / 4 + 32 + i]), 0x30000 + i);
	}
	if (skip)
		igt_assert_lt_u64(resets, guc_count(e->at, "resets"));
	else
		igt_assert_eq_u64(guc_count(e->at, "resets"), resets);
	for (i = 0; i < n; i++) {
		syncobj_destroy(e->fd, so1[i]);
		if (!skip)
			syncobj_destroy(e->fd, so2[i]);
		xe_exec_queue_destroy(e->fd, q[i]);
	}
	wl_fini(e, &w);
}

/* ---- a queue from before the migration, and a new one after it ---- */

static void test_old_queue(struct env *e, unsigned int skip)
{
	struct outcome pre = {}, old_q = {}, new_q = {};
	__u32 q, q2 = 0;
	__u64 resets;
	struct wl w;

	wl_init(e, &w);
	q = xe_exec_queue_create(e->fd, w.vm, engine(e, 0), 0);
	run_store(e, &w, q, 0, 0xa0, &pre);
	igt_assert(worked(&pre));

	set_skip(e, skip);
	migrate_recover(e, NULL);
	resets = guc_count(e->at, "resets");
	run_store(e, &w, q, 1, 0xa1, &old_q);
	new_q.create_err = __xe_exec_queue_create(e->fd, w.vm, engine(e, 0), 0, &q2);
	if (!new_q.create_err)
		run_store(e, &w, q2, 2, 0xa2, &new_q);
	resets = guc_count(e->at, "resets") - resets;
	set_skip(e, 0);
	log_outcome("queue from before the migration", &old_q);
	log_outcome("queue created after it", &new_q);
	igt_info("context resets on the destination: %llu\n", (unsigned long long)resets);

	switch (skip) {
	case 0:
		igt_assert(worked(&old_q));
		igt_assert(worked(&new_q));
		igt_assert_eq_u64(resets, 0);
		break;
	case SKIP_REBASE:
		/* the old queue's image still points at the old ring */
		igt_assert(faulted(&old_q));
		igt_assert_lt_u64(0, resets);
		break;
	case SKIP_GGTT:
		/* everything the driver places in the GGTT is at the old base */
		igt_assert_f(faulted(&old_q) || new_q.create_err || faulted(&new_q),
			     "with the GGTT shift skipped, neither queue failed\n");
		igt_assert(!worked(&old_q) || !worked(&new_q));
		break;
	}
	if (q2)
		xe_exec_queue_destroy(e->fd, q2);
	xe_exec_queue_destroy(e->fd, q);
	wl_fini(e, &w);
}

/* ---- an H2G message waiting in the ring at the save (sim hold_h2g) ---- */

struct create_call {
	int fd;
	__u32 vm, q;
	struct drm_xe_engine_class_instance *eci;
	int err;
	double ms;
	bool done;	/* atomic */
};

static void *create_main(void *arg)
{
	struct create_call *c = arg;
	double t = now_ms();

	c->err = __xe_exec_queue_create(c->fd, c->vm, c->eci, 0, &c->q);
	c->ms = now_ms() - t;
	__atomic_store_n(&c->done, true, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * An exec queue is being created when the guest is saved: its REGISTER_CONTEXT waits in the
 * H2G ring, which the source GuC does not consume. The driver must discard it (stale LRCA)
 * and replay the registration on the destination.
 */
static void test_held_register(struct env *e, unsigned int skip)
{
	static struct create_call c;	/* outlives the subtest if the thread hangs */
	struct rec before, after;
	struct outcome o = {};
	struct ct_h2g ct;
	struct vf_id src;
	__u64 refused;
	struct call t = {};
	struct wl w;
	__u32 q;

	require_hold_h2g(e->at);
	wl_init(e, &w);
	q = xe_exec_queue_create(e->fd, w.vm, engine(e, 0), 0);
	run_store(e, &w, q, 0, 0xb0, &o);
	igt_assert(worked(&o));

	set_skip(e, skip);
	src = e->at;
	refused = guc_count(other(e), "refused");
	ct_h2g(e, &ct);
	hold_h2g(src, true);
	c = (struct create_call){ .fd = e->fd, .vm = w.vm, .eci = engine(e, 0) };
	call_start(&t, create_main, &c);
	wait_h2g_pending(e, &ct);
	igt_assert_f(!__atomic_load_n(&c.done, __ATOMIC_ACQUIRE),
		     "the exec queue creation did not wait for the GuC: %s\n", strerror(-c.err));
	rec_read(e->card, &before);
	migrate(e);
	hold_h2g(src, false);
	wait_recovered(e, &before, &after);
	igt_assert_f(call_join(&t, 60000), "the exec queue creation still waits 60 s later\n");
	refused = guc_count(e->at, "refused") - refused;
	set_skip(e, 0);
	igt_info("creation across the migration: %s after %.0f ms; GuC refusals %llu; H2G dwords discarded %llu, state changes replayed %llu\n",
		 c.err ? strerror(-c.err) : "ok", c.ms, (unsigned long long)refused,
		 (unsigned long long)(after.discarded_dw - before.discarded_dw),
		 (unsigned long long)(after.replayed - before.replayed));

	switch (skip) {
	case 0:
		igt_assert_eq(c.err, 0);
		igt_assert_eq_u64(refused, 0);
		igt_assert_lt_u64(before.discarded_dw, after.discarded_dw);
		igt_assert_lt_u64(before.replayed, after.replayed);
		memset(&o, 0, sizeof(o));
		run_store(e, &w, c.q, 1, 0xb1, &o);
		igt_assert(worked(&o));
		break;
	case SKIP_DISCARD:
		/* the GuC consumed the stale REGISTER_CONTEXT and refused it */
		igt_assert_f(c.err < 0, "with the H2G discard skipped, the creation succeeded\n");
		igt_assert_lt_u64(0, refused);
		break;
	case SKIP_REPLAY:
		/* discarded and never sent again: no answer, the creation times out */
		igt_assert_f(c.err < 0, "with the replay skipped, the creation succeeded\n");
		igt_assert_eq_u64(refused, 0);
		break;
	}
	if (!c.err)
		xe_exec_queue_destroy(e->fd, c.q);
	/* the old queue works whatever was skipped */
	memset(&o, 0, sizeof(o));
	run_store(e, &w, q, 2, 0xb2, &o);
	igt_assert(worked(&o));
	xe_exec_queue_destroy(e->fd, q);
	wl_fini(e, &w);
}

/*
 * A job is submitted when the guest is saved: its SCHED_CONTEXT waits in the H2G ring. The
 * driver discards it with the rest and must send the scheduling request again.
 */
static void test_held_sched(struct env *e, unsigned int skip)
{
	struct rec before, after;
	struct outcome o = {};
	struct ct_h2g ct;
	struct vf_id src;
	struct wl w;
	__u32 q, so;

	require_hold_h2g(e->at);
	wl_init(e, &w);
	q = xe_exec_queue_create(e->fd, w.vm, engine(e, 0), 0);
	run_store(e, &w, q, 0, 0xc0, &o);
	igt_assert(worked(&o));

	set_skip(e, skip);
	src = e->at;
	ct_h2g(e, &ct);
	hold_h2g(src, true);
	so = exec_async(e, q, batch_store(&w, 1, 0xc1));
	wait_h2g_pending(e, &ct);
	igt_assert_eq(fence_status(e, so), 0);
	igt_assert_eq_u32(rd(&w.map[RES / 4 + 1]), 0);
	rec_read(e->card, &before);
	migrate(e);
	hold_h2g(src, false);
	wait_recovered(e, &before, &after);
	igt_info("resubmitted %llu queues, discarded %llu H2G dwords\n",
		 (unsigned long long)(after.resubmitted - before.resubmitted),
		 (unsigned long long)(after.discarded_dw - before.discarded_dw));

	if (!skip) {
		igt_assert_f(fence_wait(e, so, XE_TIMEOUT_NS), "the job never ran\n");
		igt_assert_eq(fence_status(e, so), 1);
		igt_assert_eq_u32(rd(&w.map[RES / 4 + 1]), 0xc1);
		igt_assert_lt_u64(before.resubmitted, after.resubmitted);
		igt_assert_lt_u64(before.discarded_dw, after.discarded_dw);
	} else {
		/* nobody asks the GuC to run the context again: the job stays in its ring */
		igt_assert_f(!fence_wait(e, so, NOT_RUN_WAIT_NS),
			     "with the scheduling restart skipped the job still completed (status %d)\n",
			     fence_status(e, so));
		igt_assert_eq_u32(rd(&w.map[RES / 4 + 1]), 0);
		igt_info("the job did not run within %lld ms\n", NOT_RUN_WAIT_NS / 1000000);
	}
	set_skip(e, 0);
	syncobj_destroy(e->fd, so);
	if (!skip) {
		xe_exec_queue_destroy(e->fd, q);
		wl_fini(e, &w);
		return;
	}
	/*
	 * Knocked out: the queue keeps its job, and goes away with the environment. The
	 * mapping does not: it would keep the device file, and the module, in use.
	 */
	munmap(w.map, BO_SIZE);
}

/* ---- stoppers: a second migration while the recovery is held ---- */

static void test_stopper(struct env *e, unsigned int bit, const char *step)
{
	int i, n = n_engines(e);
	struct rec before, after;
	char state[32];
	__u32 q[16], so[16];
	struct wl w;

	wl_init(e, &w);
	for (i = 0; i < n; i++) {
		struct outcome o = {};

		q[i] = xe_exec_queue_create(e->fd, w.vm, engine(e, i), 0);
		run_store(e, &w, q[i], i, 0xd0000 + i, &o);
		igt_assert(worked(&o));
	}

	rec_read(e->card, &before);
	set_stoppers(e, bit);
	migrate_to(e, (struct vf_id){ e->gpu[1], 1 });
	wait_held(e, step);
	guc_state(e->at, state, sizeof(state));
	igt_assert_f(!strcmp(state, "RESFIX_BLOCKED"),
		     "recovery held at %s, but the GuC state is %s\n", step, state);
	/* work submitted while the recovery is held waits for it */
	for (i = 0; i < n; i++)
		so[i] = exec_async(e, q[i], batch_store(&w, 16 + i, 0xd1000 + i));
	for (i = 0; i < n; i++) {
		igt_assert_eq(fence_status(e, so[i]), 0);
		igt_assert_eq_u32(rd(&w.map[RES / 4 + 16 + i]), 0);
	}

	/* migrate again, to a third GGTT base, and let the recovery go */
	migrate_to(e, (struct vf_id){ e->gpu[0], 2 });
	wait_held(e, step);
	set_stoppers(e, 0);
	wait_recovered(e, &before, &after);
	igt_info("held at %s: restarts %llu, absorbed %llu\n", step,
		 (unsigned long long)(after.restarts - before.restarts),
		 (unsigned long long)(after.absorbed - before.absorbed));
	if (bit == STOP_START)
		/* the second MIGRATED came before RESFIX_START */
		igt_assert_lt_u64(before.absorbed, after.absorbed);
	else
		igt_assert_lt_u64(before.restarts, after.restarts);

	for (i = 0; i < n; i++) {
		igt_assert_f(fence_wait(e, so[i], XE_TIMEOUT_NS), "engine %d: job hangs\n", i);
		igt_assert_eq(fence_status(e, so[i]), 1);
		igt_assert_eq_u32(rd(&w.map[RES / 4 + 16 + i]), 0xd1000 + i);
		igt_assert_eq_u64(ban(e, q[i]), 0);
		syncobj_destroy(e->fd, so[i]);
	}
	for (i = 0; i < n; i++) {
		struct outcome o = {};

		run_store(e, &w, q[i], 32 + i, 0xd2000 + i, &o);
		igt_assert(worked(&o));
		xe_exec_queue_destroy(e->fd, q[i]);
	}
	store_every_engine(e, &w, 48, 0xd3000);
	wl_fini(e, &w);
}

/* ---- exec queues created and destroyed while migrations and recoveries run ---- */

#define CD_THREADS	2

struct cd_thread {
	pthread_t tid;
	int fd, id, n_engines;
	__u32 vm, *map;		/* the thread's 4 KiB: batches, then results */
	__u64 gpu;
	bool *stop;		/* atomic */
	unsigned int done;	/* atomic */
	const char *step;
	int err;
};

static void *cd_main(void *arg)
{
	struct cd_thread *t = arg;
	unsigned int i;

	for (i = 0; !__atomic_load_n(t->stop, __ATOMIC_ACQUIRE) && !t->err; i++) {
		struct drm_xe_engine_class_instance *eci =
			&xe_engine(t->fd, i % t->n_engines)->instance;
		struct drm_syncobj_create create = {};
		struct drm_xe_sync sync = { .type = DRM_XE_SYNC_TYPE_SYNCOBJ,
					    .flags = DRM_XE_SYNC_FLAG_SIGNAL };
		struct drm_xe_exec exec = { .num_syncs = 1, .syncs = (__u64)(uintptr_t)&sync,
					    .num_batch_buffer = 1 };
		unsigned int slot = i % 32;
		__u32 value = 0xcd000000 | t->id << 20 | i, q;
		int status = 0;

		t->map[512 + slot] = 0;
		emit_store(t->map + slot * 16, t->gpu + 2048 + slot * 4, value);
		exec.address = t->gpu + slot * 64;
		t->err = -__xe_exec_queue_create(t->fd, t->vm, eci, 0, &q);
		if (t->err) {
			t->step = "create";
			break;
		}
		exec.exec_queue_id = q;
		if (ioctl(t->fd, DRM_IOCTL_SYNCOBJ_CREATE, &create)) {
			t->err = errno;
			t->step = "syncobj";
		} else {
			sync.handle = create.handle;
			t->err = -__xe_exec(t->fd, &exec);
			t->step = "exec";
			if (!t->err) {
				t->step = "wait";
				t->err = -syncobj_wait_err(t->fd, &sync.handle, 1,
							   xe_abs_timeout(XE_TIMEOUT_NS), 0);
			}
			if (!t->err) {
				t->step = "fence";
				t->err = -syncobj_fence_status(t->fd, sync.handle, &status);
				if (!t->err && status != 1)
					t->err = status < 0 ? -status : EINPROGRESS;
			}
			if (!t->err && __atomic_load_n(&t->map[512 + slot], __ATOMIC_ACQUIRE) !=
			    value) {
				t->step = "result";
				t->err = EBADMSG;
			}
			__syncobj_destroy(t->fd, create.handle);
		}
		status = __xe_exec_queue_destroy(t->fd, q);
		if (status && !t->err) {
			t->err = -status;
			t->step = "destroy";
		}
		if (!t->err)
			__atomic_add_fetch(&t->done, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static unsigned int cd_done(struct cd_thread *t)
{
	unsigned int i, sum = 0;

	for (i = 0; i < CD_THREADS; i++)
		sum += __atomic_load_n(&t[i].done, __ATOMIC_ACQUIRE);
	return sum;
}

/* both threads made @more rounds since @since, or one failed */
static void cd_wait(struct cd_thread *t, unsigned int since, unsigned int more)
{
	double end = now_ms() + 60000;
	int i;

	while (cd_done(t) < since + more) {
		for (i = 0; i < CD_THREADS; i++)
			if (__atomic_load_n(&t[i].err, __ATOMIC_ACQUIRE))
				return;
		igt_assert_f(now_ms() < end, "the create-destroy threads made no progress\n");
		usleep(10000);
	}
}

static void test_create_destroy(struct env *e)
{
	static struct cd_thread t[CD_THREADS];	/* outlive a failed subtest */
	static bool stop;
	struct rec before, after;
	unsigned int c;
	struct wl w;
	int i, m;

	stop = false;
	wl_init(e, &w);
	for (i = 0; i < CD_THREADS; i++) {
		t[i] = (struct cd_thread){
			.fd = e->fd, .id = i, .n_engines = n_engines(e), .vm = w.vm,
			.map = w.map + i * 1024, .gpu = ADDR + i * 4096, .stop = &stop,
		};
		igt_assert_eq(pthread_create(&t[i].tid, NULL, cd_main, &t[i]), 0);
	}
	cd_wait(t, 0, 2);
	for (m = 0; m < 4; m++) {
		c = cd_done(t);
		rec_read(e->card, &before);
		if (m == 1) {
			/* held before the fix-ups: creations and destructions wait for them */
			set_stoppers(e, STOP_FIXUPS);
			migrate(e);
			wait_held(e, "FIXUPS");
			c = cd_done(t);
			set_stoppers(e, 0);
		} else {
			migrate(e);
		}
		wait_recovered(e, &before, &after);
		cd_wait(t, c, 2);
	}
	__atomic_store_n(&stop, true, __ATOMIC_RELEASE);
	for (i = 0; i < CD_THREADS; i++)
		pthread_join(t[i].tid, NULL);
	igt_info("%u exec queues created, used and destroyed across 4 migrations\n", cd_done(t));
	for (i = 0; i < CD_THREADS; i++)
		igt_assert_f(!t[i].err, "thread %d, round %u: %s: %s\n", i, t[i].done, t[i].step,
			     strerror(t[i].err));
	wl_fini(e, &w);
}

/* ---- unbind and unload while the recovery is held ---- */

static int export_sync_file(struct env *e, __u32 syncobj)
{
	struct drm_syncobj_handle h = {
		.handle = syncobj,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
		.fd = -1,
	};

	do_ioctl(e->fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h);
	return h.fd;
}

/* the guest driver binds to the slot again and works */
static void check_rebound(struct env *e)
{
	struct rec r;
	struct wl w;

	env_open(e);
	rec_read(e->card, &r);
	igt_assert_f(!strcmp(r.state, "idle") && !strcmp(r.held, "none") && !r.stoppers,
		     "new driver instance: recovery %s held %s stoppers %#llx\n", r.state, r.held,
		     (unsigned long long)r.stoppers);
	wl_init(e, &w);
	store_every_engine(e, &w, 0, 0xe0000);
	wl_fini(e, &w);
}

static void test_unbind(struct env *e)
{
	int i, n = n_engines(e), sf[16];
	__u32 q[16], so[16];
	char path[128];
	double t;
	struct wl w;

	wl_init(e, &w);
	for (i = 0; i < n; i++) {
		struct outcome o = {};

		q[i] = xe_exec_queue_create(e->fd, w.vm, engine(e, i), 0);
		run_store(e, &w, q[i], i, 0xf0000 + i, &o);
		igt_assert(worked(&o));
	}
	set_stoppers(e, STOP_FIXUPS);
	migrate(e);
	wait_held(e, "FIXUPS");
	for (i = 0; i < n; i++) {
		so[i] = exec_async(e, q[i], batch_store(&w, 16 + i, 0xf1000 + i));
		sf[i] = export_sync_file(e, so[i]);
	}

	t = now_ms();
	snprintf(path, sizeof(path), IGT_XESIM_SYSFS "/drivers/xevf/unbind");
	igt_assert_eq(xevfio_sysfs_write(path, "xeslot%d\n", e->slot), 0);
	igt_info("unbound in %.0f ms while the recovery was held at FIXUPS\n", now_ms() - t);
	igt_assert_eq(igt_xesim_slot_card(e->slot), -1);
	/* the jobs held by the recovery end, with an error */
	for (i = 0; i < n; i++) {
		struct pollfd p = { .fd = sf[i], .events = POLLIN };
		struct sync_file_info info = {};

		igt_assert_f(poll(&p, 1, 30000) == 1, "engine %d: job never ended\n", i);
		do_ioctl(sf[i], SYNC_IOC_FILE_INFO, &info);
		igt_assert_f(info.status < 0, "engine %d: held job ended with status %d\n", i,
			     info.status);
		close(sf[i]);
	}
	munmap(w.map, BO_SIZE);
	xe_device_put(e->fd);
	close(e->fd);
	e->fd = -1;
	e->card = -1;

	snprintf(path, sizeof(path), IGT_XESIM_SYSFS "/drivers/xevf/bind");
	igt_assert_eq(xevfio_sysfs_write(path, "xeslot%d\n", e->slot), 0);
	check_rebound(e);
}

static void xevf_ko_path(char *path, size_t len)
{
	struct utsname u;

	igt_assert_eq(uname(&u), 0);
	snprintf(path, len, "/lib/modules/%s/extra/xevf.ko", u.release);
}

/* what holds the guest driver's module: its refcount, our files and mappings */
static void dump_module_users(void)
{
	char path[300], target[256], line[512];
	struct dirent *d;
	FILE *f;
	DIR *dir;
	ssize_t n;

	f = fopen("/sys/module/xevf/refcnt", "r");
	if (f && fgets(line, sizeof(line), f))
		igt_info("xevf refcnt: %s", line);
	if (f)
		fclose(f);
	dir = opendir("/proc/self/fd");
	while (dir && (d = readdir(dir))) {
		snprintf(path, sizeof(path), "/proc/self/fd/%s", d->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = 0;
			igt_info("fd %s -> %s\n", d->d_name, target);
		}
	}
	if (dir)
		closedir(dir);
	f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "/dev/dri") || strstr(line, "dmabuf") ||
		    strstr(line, "anon_inode"))
			igt_info("map %s", line);
	if (f)
		fclose(f);
}

static void test_unload(struct env *e)
{
	char ko[256];
	double t;
	struct wl w;
	int fd;

	xevf_ko_path(ko, sizeof(ko));
	igt_require_f(!access(ko, R_OK), "no %s to load the guest driver again\n", ko);
	wl_init(e, &w);
	store_every_engine(e, &w, 0, 0xf8000);
	wl_fini(e, &w);
	/* the module stays in use while a file of its device is open */
	xe_device_put(e->fd);
	close(e->fd);
	e->fd = -1;

	set_stoppers(e, STOP_REEMIT);
	migrate(e);
	wait_held(e, "REEMIT");
	t = now_ms();
	if (syscall(SYS_delete_module, "xevf", O_NONBLOCK)) {
		int err = errno;

		dump_module_users();
		igt_assert_f(0, "rmmod xevf while the recovery is held: %s\n", strerror(err));
	}
	igt_info("xevf unloaded in %.0f ms while the recovery was held at REEMIT\n",
		 now_ms() - t);
	e->card = -1;
	igt_assert(!igt_xesim_driver_loaded("xevf"));
	igt_assert_eq(igt_xesim_slot_card(e->slot), -1);

	fd = open(ko, O_RDONLY | O_CLOEXEC);
	igt_assert_fd(fd);
	igt_assert_f(!syscall(SYS_finit_module, fd, "", 0), "insmod %s: %s\n", ko,
		     strerror(errno));
	close(fd);
	check_rebound(e);
}

/* ---- round trips ---- */

#define ROUND_TRIPS	100
#define RT_VRAM_SIZE	0x40000ull
#define RT_VRAM_ADDR	0x800000ull

static __u32 rt_pattern(unsigned int i)
{
	return i * 2654435761u ^ 0x0badf00d;
}

static void test_round_trips(struct env *e)
{
	int i, n = n_engines(e), legs = 2 * ROUND_TRIPS, leg;
	__u32 q[16], so[16], *vmap = NULL, vbo = 0, *res;
	__u64 size = 0x20000, res_off = 0x10000;
	__u32 vm, bo, *map;
	unsigned int k, bad = 0;

	igt_assert_lte(legs * n, (int)((size - res_off) / 4));
	igt_assert_lte(legs * n * 64, (int)res_off);
	vm = xe_vm_create(e->fd, 0, 0);
	bo = xe_bo_create(e->fd, vm, size, system_memory(e->fd), 0);
	map = xe_bo_map(e->fd, bo, size);
	memset(map, 0, size);
	xe_vm_bind_sync(e->fd, vm, bo, 0, ADDR, size);
	res = map + res_off / 4;
	/* a VRAM BO: a CPU pattern in it, and per leg one GPU store into it */
	if (xe_has_vram(e->fd)) {
		vbo = xe_bo_create(e->fd, vm, RT_VRAM_SIZE, vram_memory(e->fd, 0), 0);
		vmap = xe_bo_map(e->fd, vbo, RT_VRAM_SIZE);
		for (k = 0; k < RT_VRAM_SIZE / 4; k++)
			vmap[k] = rt_pattern(k);
		xe_vm_bind_sync(e->fd, vm, vbo, 0, RT_VRAM_ADDR, RT_VRAM_SIZE);
	}
	for (i = 0; i < n; i++)
		q[i] = xe_exec_queue_create(e->fd, vm, engine(e, i), 0);

	for (leg = 0; leg < legs; leg++) {
		migrate_recover(e, NULL);
		for (i = 0; i < n; i++) {
			unsigned int slot = leg * n + i;
			__u32 *cs = map + slot * 16;
			__u64 dst = ADDR + res_off + slot * 4;
			__u32 value = 0x77000000 | leg << 8 | i;

			if (vmap && !i) {
				/* engine 0 stores into VRAM, next to the pattern's dword */
				dst = RT_VRAM_ADDR + (leg % (RT_VRAM_SIZE / 8)) * 8 + 4;
			}
			emit_store(cs, dst, value);
			so[i] = exec_async(e, q[i], ADDR + slot * 64);
		}
		for (i = 0; i < n; i++) {
			igt_assert_f(fence_wait(e, so[i], XE_TIMEOUT_NS),
				     "leg %d engine %d: job hangs\n", leg, i);
			igt_assert_eq(fence_status(e, so[i]), 1);
			syncobj_destroy(e->fd, so[i]);
		}
		for (i = 0; i < n; i++) {
			__u32 value = 0x77000000 | leg << 8 | i;

			if (vmap && !i) {
				k = (leg % (RT_VRAM_SIZE / 8)) * 2 + 1;
				igt_assert_eq_u32(rd(&vmap[k]), value);
				vmap[k] = rt_pattern(k);
			} else {
				igt_assert_eq_u32(rd(&res[leg * n + i]), value);
			}
		}
		/* the VRAM moved with the guest, every byte */
		for (k = 0; vmap && k < RT_VRAM_SIZE / 4; k++)
			bad += vmap[k] != rt_pattern(k);
		igt_assert_f(!bad, "leg %d: %u VRAM dwords differ\n", leg, bad);
	}
	/* and all earlier results are still in place */
	for (leg = 0; leg < legs; leg++)
		for (i = (vmap ? 1 : 0); i < n; i++)
			bad += res[leg * n + i] != (0x77000000u | leg << 8 | i);
	igt_assert_f(!bad, "%u results changed after they were checked\n", bad);
	igt_info("%d round trips, %u migrations: downtime %.1f ms on average, %.1f ms at most\n",
		 ROUND_TRIPS, e->migrations, e->downtime_ms / e->migrations, e->downtime_max_ms);

	for (i = 0; i < n; i++) {
		igt_assert_eq_u64(ban(e, q[i]), 0);
		xe_exec_queue_destroy(e->fd, q[i]);
	}
	if (vmap) {
		xe_vm_unbind_sync(e->fd, vm, 0, RT_VRAM_ADDR, RT_VRAM_SIZE);
		munmap(vmap, RT_VRAM_SIZE);
		gem_close(e->fd, vbo);
	}
	xe_vm_unbind_sync(e->fd, vm, 0, ADDR, size);
	munmap(map, size);
	gem_close(e->fd, bo);
	xe_vm_destroy(e->fd, vm);
}

static const struct {
	const char *name;
	unsigned int bit;
	const char *desc;
} knockouts[] = {
	{ "ggtt", SKIP_GGTT,
	  "GGTT shift skipped: work after the migration faults or a new queue is refused" },
	{ "rebase", SKIP_REBASE,
	  "Image rebase skipped: a queue from before the migration faults on its next job" },
	{ "discard", SKIP_DISCARD,
	  "H2G discard skipped: the GuC refuses the stale REGISTER_CONTEXT, creation fails" },
	{ "replay", SKIP_REPLAY,
	  "Replay skipped: the discarded REGISTER_CONTEXT is never answered, creation fails" },
	{ "reemit", SKIP_REEMIT,
	  "Ring re-emit skipped: the job in the ring writes its seqno to the old GGTT, faults" },
	{ "resched", SKIP_RESCHED,
	  "Scheduling restart skipped: a job whose SCHED_CONTEXT was discarded never runs" },
};

static const struct {
	const char *name;
	unsigned int bit;
	const char *held;
} stoppers[] = {
	{ "start", STOP_START, "START" },
	{ "fixups", STOP_FIXUPS, "FIXUPS" },
	{ "reemit", STOP_REEMIT, "REEMIT" },
	{ "done", STOP_DONE, "DONE" },
};

static void test_knockout(struct env *e, unsigned int bit)
{
	switch (bit) {
	case SKIP_GGTT:
	case SKIP_REBASE:
		test_old_queue(e, bit);
		break;
	case SKIP_DISCARD:
	case SKIP_REPLAY:
		test_held_register(e, bit);
		break;
	case SKIP_REEMIT:
		test_inflight(e, bit);
		break;
	case SKIP_RESCHED:
		test_held_sched(e, bit);
		break;
	}
}

igt_main
{
	unsigned int i;

	igt_fixture {
		igt_require_xesim();
		igt_require_xesim_driver("xepf");
		igt_require_xesim_driver("xevfio");
		igt_require_xesim_driver("xevf");
	}

	igt_describe("Migrate an idle guest: the destination runs, new work on every engine works");
	igt_subtest("idle") {
		env_create(&env);
		test_idle(&env);
	}

	igt_describe("8 queues a engine store streams while the guest migrates back and forth");
	igt_subtest("busy-store") {
		env_create(&env);
		env.busy = true;
		test_streams(&env, STREAM_STORE);
	}

	igt_describe("MI_ATOMIC increments across migrations: no batch runs twice, none is lost");
	igt_subtest("atomic-once") {
		env_create(&env);
		env.busy = true;
		test_streams(&env, STREAM_ATOMIC);
	}

	igt_describe("A job blocked on a semaphore in its ring across a migration completes");
	igt_subtest("inflight") {
		env_create(&env);
		test_inflight(&env, 0);
	}

	igt_describe("The knock-out scenarios succeed with nothing skipped");
	igt_subtest("knockout-none") {
		env_create(&env);
		test_old_queue(&env, 0);
		test_inflight(&env, 0);
	}

	igt_describe("The knock-out scenarios with an H2G message held at the save succeed");
	igt_subtest("knockout-none-held") {
		env_create(&env);
		test_held_register(&env, 0);
		test_held_sched(&env, 0);
	}

	for (i = 0; i < ARRAY_SIZE(knockouts); i++) {
		igt_describe(knockouts[i].desc);
		igt_subtest_f("knockout-%s", knockouts[i].name) {
			env_create(&env);
			test_knockout(&env, knockouts[i].bit);
		}
	}

	for (i = 0; i < ARRAY_SIZE(stoppers); i++) {
		igt_describe_f("Recovery held before %s: migrate again, release, all work done",
			       stoppers[i].held);
		igt_subtest_f("stopper-%s", stoppers[i].name) {
			env_create(&env);
			test_stopper(&env, stoppers[i].bit, stoppers[i].held);
		}
	}

	igt_describe("Exec queues created and destroyed by threads while migrations run");
	igt_subtest("create-destroy") {
		env_create(&env);
		env.busy = true;
		test_create_destroy(&env);
	}

	igt_describe("Unbind the guest driver while its recovery is held: no hang, rebinds");
	igt_subtest("unbind") {
		env_create(&env);
		test_unbind(&env);
	}

	igt_describe("Unload the guest driver module while its recovery is held, load it again");
	igt_subtest("unload") {
		env_create(&env);
		test_unload(&env);
	}

	/*
	 * Last: after it, "unload" found the module still in use (EAGAIN) in one run, which
	 * the closing note of the recovery issue records; it is not understood yet.
	 */
	igt_describe("ENGINE_CYCLES keeps counting and tracks the CPU clock across a migration");
	igt_subtest("uapi-engine-cycles") {
		env_create(&env);
		test_engine_cycles(&env);
	}

	igt_describe("Exec queue priorities reach the destination GuC; the queues run there");
	igt_subtest("uapi-queue-priority") {
		env_create(&env);
		test_queue_priority(&env);
	}

	igt_describe("A NULL range reads zero and drops writes before and after migrations");
	igt_subtest("uapi-null-bind") {
		env_create(&env);
		test_null_bind(&env);
	}

	igt_describe("A userptr written and read by the GPU before and after migrations");
	igt_subtest("uapi-userptr") {
		env_create(&env);
		test_userptr(&env);
	}

	igt_describe("Fault mode: a store faulting after, a job stalled during a migration");
	igt_subtest("uapi-fault-mode") {
		env_create(&env);
		test_fault_mode(&env);
	}

	igt_describe("A spinner with a budget of context time runs across a migration, then ends");
	igt_subtest("uapi-spin-budget") {
		env_create(&env);
		test_spin_budget(&env);
	}

	igt_describe("A bind queue's bind waiting on a blocked job runs after the migration");
	igt_subtest("uapi-bind-queue") {
		env_create(&env);
		test_bind_queue(&env);
	}

	igt_describe("100 round trips between two GPUs, every result and VRAM checked");
	igt_subtest("round-trips") {
		env_create(&env);
		test_round_trips(&env);
	}

	igt_fixture {
		env_destroy(&env);
	}
}
