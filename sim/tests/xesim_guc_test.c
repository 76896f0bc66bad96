// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the GuC firmware model core: the VF state machine
 * (xesim_guc_state), HXG messages, the MMIO relay and the PF requests
 * (xesim_guc_relay), and the SAVE_RESTORE state blob (xesim_guc_blob).
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/align.h>
#include <linux/bitfield.h>
#include <linux/cleanup.h>
#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/wordpart.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_klvs_abi.h"
#include "abi/guc_relay_abi.h"
#include "abi/xe_regs_abi.h"
#include "xesim_guc_blob.h"
#include "xesim_guc_hxg.h"
#include "xesim_guc_pf.h"
#include "xesim_guc_relay.h"
#include "xesim_guc_vf_state.h"

#define TEST_DEVID	0xe20b
#define TEST_MARKER	0x5a
#define TEST_GGTT_LIMIT	GUC_GGTT_TOP

/* One VF's GuC state as the device would hold it. */
struct gvf {
	struct mutex lock;	/* the device's per-VF GuC lock */
	struct xesim_guc_vf_state vf;
	struct xesim_guc_vf_config cfg;
};

KUNIT_DEFINE_ACTION_WRAPPER(gvf_mutex_destroy, mutex_destroy, struct mutex *);

static struct gvf *gvf_new(struct kunit *test, unsigned int vfid, u64 ggtt_start)
{
	struct gvf *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	char name[16];

	KUNIT_ASSERT_NOT_NULL(test, g);
	mutex_init(&g->lock);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, gvf_mutex_destroy, &g->lock));
	snprintf(name, sizeof(name), "test.vf%u", vfid);
	xesim_guc_vf_state_init(&g->vf, name, vfid, &g->lock);
	g->cfg = (struct xesim_guc_vf_config) {
		.ggtt_start = ggtt_start,
		.ggtt_size = SZ_16M,
		.lmem_size = 2ull * SZ_4G,
		.num_ctxs = 64,
		.num_dbs = 16,
	};
	return g;
}

/* Apply one event that must succeed. */
static void ev_ok(struct kunit *test, struct gvf *g, enum xesim_guc_vf_event ev, u32 arg)
{
	struct xesim_guc_vf_action act;

	guard(mutex)(&g->lock);
	KUNIT_ASSERT_EQ_MSG(test, 0u, xesim_guc_vf_state_handle(&g->vf, ev, arg, &act),
			    "%s in %s", xesim_guc_vf_state_event_name(ev),
			    xesim_guc_vf_state_name(g->vf.cur));
}

/* ---------------------------------------------------------------------- */
/* xesim_guc_state */

/* The start states of the transition table. */
enum sm_row {
	R_UNPROV,	/* UNPROVISIONED */
	R_READY,	/* READY */
	R_RP_PEND,	/* READY_PAUSED, pause pending */
	R_RP,		/* READY_PAUSED */
	R_XP_PEND,	/* RESFIX_PAUSED, pause pending */
	R_XP,		/* RESFIX_PAUSED */
	R_XB,		/* RESFIX_BLOCKED, no marker */
	R_XBM,		/* RESFIX_BLOCKED, marker TEST_MARKER */
	R_RUN,		/* RUNNING */
	R_STOP,		/* STOPPED */
	R_FLR,		/* FLR_IN_PROGRESS, provisioned */
	R_FLR_U,	/* FLR_IN_PROGRESS, unprovisioned */
	NR_ROWS
};

struct sm_tuple {
	u32 err;
	enum xesim_guc_vf_state_id state;
	bool pending;
	u32 marker;
	bool prov;
};

#define SM_OK(s, p, m)	{ .state = XESIM_GUC_VF_##s, .pending = (p), .marker = (m), .prov = true }
#define SM_OKU(s, p, m)	{ .state = XESIM_GUC_VF_##s, .pending = (p), .marker = (m) }
#define SM_INV		{ .err = XE_GUC_RESPONSE_INVALID_STATE }
#define SM_UNP		{ .err = XE_GUC_RESPONSE_UNPROVISIONED_VF }
#define SM_PEND		{ .err = XE_GUC_RESPONSE_PENDING_ACTION }
#define SM_MIG		{ .err = XE_GUC_RESPONSE_VF_MIGRATED }

static const struct sm_tuple sm_rows[NR_ROWS] = {
	[R_UNPROV] = SM_OKU(UNPROVISIONED, false, 0),
	[R_READY] = SM_OK(READY, false, 0),
	[R_RP_PEND] = SM_OK(READY_PAUSED, true, 0),
	[R_RP] = SM_OK(READY_PAUSED, false, 0),
	[R_XP_PEND] = SM_OK(RESFIX_PAUSED, true, 0),
	[R_XP] = SM_OK(RESFIX_PAUSED, false, 0),
	[R_XB] = SM_OK(RESFIX_BLOCKED, false, 0),
	[R_XBM] = SM_OK(RESFIX_BLOCKED, false, TEST_MARKER),
	[R_RUN] = SM_OK(RUNNING, false, 0),
	[R_STOP] = SM_OK(STOPPED, false, 0),
	[R_FLR] = SM_OK(FLR_IN_PROGRESS, false, 0),
	[R_FLR_U] = SM_OKU(FLR_IN_PROGRESS, false, 0),
};

/*
 * For every start state and every event: the refusal, or the next state.
 * Events in enum order: provision, unprovision, pause, resume, stop,
 * FLR start, FLR finish, pause done, save, restore, VF_RESET, query,
 * RESFIX_START(marker), RESFIX_DONE(marker), submit.
 */
static const struct sm_tuple sm_table[NR_ROWS][XESIM_GUC_VF_NUM_EVENTS] = {
	[R_UNPROV] = {
		SM_OK(READY, 0, 0), SM_OKU(UNPROVISIONED, 0, 0), SM_UNP, SM_UNP,
		SM_UNP, SM_OKU(FLR_IN_PROGRESS, 0, 0), SM_UNP, SM_UNP, SM_UNP,
		SM_UNP, SM_UNP, SM_UNP, SM_UNP, SM_UNP, SM_UNP,
	},
	[R_READY] = {
		SM_OK(READY, 0, 0), SM_OKU(UNPROVISIONED, 0, 0),
		SM_OK(READY_PAUSED, 1, 0), SM_INV, SM_OK(STOPPED, 0, 0),
		SM_OK(FLR_IN_PROGRESS, 0, 0), SM_INV, SM_INV, SM_INV, SM_INV,
		SM_OK(READY, 0, 0), SM_OK(READY, 0, 0), SM_INV, SM_INV,
		SM_OK(READY, 0, 0),
	},
	[R_RP_PEND] = {
		SM_OK(READY_PAUSED, 1, 0), SM_OKU(UNPROVISIONED, 0, 0), SM_INV,
		SM_OK(READY, 0, 0), SM_OK(STOPPED, 0, 0),
		SM_OK(FLR_IN_PROGRESS, 0, 0), SM_INV, SM_OK(READY_PAUSED, 0, 0),
		SM_PEND, SM_PEND, SM_INV, SM_INV, SM_INV, SM_INV, SM_INV,
	},
	[R_RP] = {
		SM_OK(READY_PAUSED, 0, 0), SM_OKU(UNPROVISIONED, 0, 0), SM_INV,
		SM_OK(READY, 0, 0), SM_OK(STOPPED, 0, 0),
		SM_OK(FLR_IN_PROGRESS, 0, 0), SM_INV, SM_INV,
		SM_OK(READY_PAUSED, 0, 0), SM_OK(RESFIX_PAUSED, 0, 0), SM_INV,
		SM_INV, SM_INV, SM_INV, SM_INV,
	},
	[R_XP_PEND] = {
		SM_INV, SM_INV, SM_INV, SM_OK(RESFIX_BLOCKED, 0, 0),
		SM_OK(STOPPED, 0, 0), SM_OK(FLR_IN_PROGRESS, 0, 0), SM_INV,
		SM_OK(RESFIX_PAUSED, 0, 0), SM_PEND, SM_INV, SM_INV, SM_INV,
		SM_INV, SM_INV, SM_INV,
	},
	[R_XP] = {
		SM_INV, SM_INV, SM_INV, SM_OK(RESFIX_BLOCKED, 0, 0),
		SM_OK(STOPPED, 0, 0), SM_OK(FLR_IN_PROGRESS, 0, 0), SM_INV, SM_INV,
		SM_OK(RESFIX_PAUSED, 0, 0), SM_INV, SM_INV, SM_INV, SM_INV,
		SM_INV, SM_INV,
	},
	[R_XB] = {
		SM_INV, SM_INV, SM_OK(RESFIX_PAUSED, 1, 0), SM_INV,
		SM_OK(STOPPED, 0, 0), SM_OK(FLR_IN_PROGRESS, 0, 0), SM_INV, SM_INV,
		SM_INV, SM_INV, SM_OK(READY, 0, 0), SM_OK(RESFIX_BLOCKED, 0, 0),
		SM_OK(RESFIX_BLOCKED, 0, TEST_MARKER), SM_MIG, SM_INV,
	},
	[R_XBM] = {
		SM_INV, SM_INV, SM_OK(RESFIX_PAUSED, 1, TEST_MARKER), SM_INV,
		SM_OK(STOPPED, 0, TEST_MARKER), SM_OK(FLR_IN_PROGRESS, 0, 0),
		SM_INV, SM_INV, SM_INV, SM_INV, SM_OK(READY, 0, 0),
		SM_OK(RESFIX_BLOCKED, 0, TEST_MARKER),
		SM_OK(RESFIX_BLOCKED, 0, TEST_MARKER), SM_OK(RUNNING, 0, 0), SM_INV,
	},
	[R_RUN] = {
		SM_OK(RUNNING, 0, 0), SM_OKU(UNPROVISIONED, 0, 0),
		SM_OK(READY_PAUSED, 1, 0), SM_INV, SM_OK(STOPPED, 0, 0),
		SM_OK(FLR_IN_PROGRESS, 0, 0), SM_INV, SM_INV, SM_INV, SM_INV,
		SM_OK(READY, 0, 0), SM_OK(RUNNING, 0, 0), SM_INV, SM_INV,
		SM_OK(RUNNING, 0, 0),
	},
	[R_STOP] = {
		SM_OK(STOPPED, 0, 0), SM_OKU(UNPROVISIONED, 0, 0), SM_INV, SM_INV,
		SM_INV, SM_OK(FLR_IN_PROGRESS, 0, 0), SM_INV, SM_INV, SM_INV,
		SM_INV, SM_INV, SM_INV, SM_INV, SM_INV, SM_INV,
	},
	[R_FLR] = {
		SM_OK(FLR_IN_PROGRESS, 0, 0), SM_OKU(FLR_IN_PROGRESS, 0, 0), SM_INV,
		SM_INV, SM_INV, SM_OK(FLR_IN_PROGRESS, 0, 0), SM_OK(READY, 0, 0),
		SM_INV, SM_INV, SM_INV, SM_INV, SM_INV, SM_INV, SM_INV, SM_INV,
	},
	[R_FLR_U] = {
		SM_OK(FLR_IN_PROGRESS, 0, 0), SM_OKU(FLR_IN_PROGRESS, 0, 0), SM_INV,
		SM_INV, SM_INV, SM_OKU(FLR_IN_PROGRESS, 0, 0),
		SM_OKU(UNPROVISIONED, 0, 0), SM_INV, SM_INV, SM_INV, SM_INV,
		SM_INV, SM_INV, SM_INV, SM_INV,
	},
};

/* Drive a fresh VF into a start state of the table, the way it gets there. */
static void sm_goto(struct kunit *test, struct gvf *g, enum sm_row row)
{
	switch (row) {
	case R_UNPROV:
		break;
	case R_FLR_U:
		ev_ok(test, g, XESIM_GUC_VF_EV_FLR_START, 0);
		break;
	case R_READY:
		ev_ok(test, g, XESIM_GUC_VF_EV_PROVISION, 0);
		break;
	case R_RP_PEND:
		sm_goto(test, g, R_READY);
		ev_ok(test, g, XESIM_GUC_VF_EV_PAUSE, 0);
		break;
	case R_RP:
		sm_goto(test, g, R_RP_PEND);
		ev_ok(test, g, XESIM_GUC_VF_EV_PAUSE_DONE, 0);
		break;
	case R_XP:
		sm_goto(test, g, R_RP);
		ev_ok(test, g, XESIM_GUC_VF_EV_RESTORE, 0);
		break;
	case R_XB:
		sm_goto(test, g, R_XP);
		ev_ok(test, g, XESIM_GUC_VF_EV_RESUME, 0);
		break;
	case R_XBM:
		sm_goto(test, g, R_XB);
		ev_ok(test, g, XESIM_GUC_VF_EV_RESFIX_START, TEST_MARKER);
		break;
	case R_XP_PEND:
		sm_goto(test, g, R_XB);
		ev_ok(test, g, XESIM_GUC_VF_EV_PAUSE, 0);
		break;
	case R_RUN:
		sm_goto(test, g, R_XBM);
		ev_ok(test, g, XESIM_GUC_VF_EV_RESFIX_DONE, TEST_MARKER);
		break;
	case R_STOP:
		sm_goto(test, g, R_READY);
		ev_ok(test, g, XESIM_GUC_VF_EV_STOP, 0);
		break;
	case R_FLR:
		sm_goto(test, g, R_READY);
		ev_ok(test, g, XESIM_GUC_VF_EV_FLR_START, 0);
		break;
	default:
		KUNIT_FAIL(test, "bad row %d", row);
	}
}

static void sm_expect_tuple(struct kunit *test, const struct gvf *g,
			    const struct sm_tuple *t, const char *what)
{
	KUNIT_EXPECT_EQ_MSG(test, g->vf.cur, t->state, "%s: state %s, expected %s", what,
			    xesim_guc_vf_state_name(g->vf.cur),
			    xesim_guc_vf_state_name(t->state));
	KUNIT_EXPECT_EQ_MSG(test, g->vf.pause_pending, t->pending, "%s: pause pending", what);
	KUNIT_EXPECT_EQ_MSG(test, g->vf.marker, t->marker, "%s: marker", what);
	KUNIT_EXPECT_EQ_MSG(test, g->vf.provisioned, t->prov, "%s: provisioned", what);
}

static void state_table(struct kunit *test)
{
	unsigned int row, ev;

	for (row = 0; row < NR_ROWS; row++) {
		for (ev = 0; ev < XESIM_GUC_VF_NUM_EVENTS; ev++) {
			const struct sm_tuple *want = &sm_table[row][ev];
			struct xesim_guc_vf_action act = { .flags = ~0u, .notify = ~0u };
			struct gvf *g = gvf_new(test, 1, SZ_1M);
			char what[64];
			u32 arg = 0, err, check;

			sm_goto(test, g, row);
			snprintf(what, sizeof(what), "%s in row %u (%s)",
				 xesim_guc_vf_state_event_name(ev), row,
				 xesim_guc_vf_state_name(sm_rows[row].state));
			sm_expect_tuple(test, g, &sm_rows[row], "setup");

			if (ev == XESIM_GUC_VF_EV_RESFIX_START || ev == XESIM_GUC_VF_EV_RESFIX_DONE)
				arg = TEST_MARKER;
			scoped_guard(mutex, &g->lock) {
				check = xesim_guc_vf_state_check(&g->vf, ev, arg);
				err = xesim_guc_vf_state_handle(&g->vf, ev, arg, &act);
			}
			KUNIT_EXPECT_EQ_MSG(test, err, want->err, "%s", what);
			KUNIT_EXPECT_EQ_MSG(test, check, err, "%s: check differs", what);
			if (want->err) {
				/* a refusal changes nothing and asks for nothing */
				sm_expect_tuple(test, g, &sm_rows[row], what);
				KUNIT_EXPECT_EQ_MSG(test, act.flags, 0u, "%s", what);
				KUNIT_EXPECT_EQ_MSG(test, act.notify, 0u, "%s", what);
				KUNIT_EXPECT_EQ_MSG(test, g->vf.refused, 1u, "%s", what);
			} else {
				sm_expect_tuple(test, g, want, what);
			}
			KUNIT_EXPECT_EQ_MSG(test, xesim_guc_vf_state_runnable(&g->vf),
					    g->vf.cur == XESIM_GUC_VF_READY ||
					    g->vf.cur == XESIM_GUC_VF_RUNNING, "%s", what);
		}
	}
}

static u32 sm_do(struct gvf *g, enum xesim_guc_vf_event ev, u32 arg,
		 struct xesim_guc_vf_action *act)
{
	guard(mutex)(&g->lock);
	return xesim_guc_vf_state_handle(&g->vf, ev, arg, act);
}

/* The restore flow of section 1, with what each step asks of the device. */
static void state_restore_flow(struct kunit *test)
{
	struct gvf *g = gvf_new(test, 2, SZ_1M);
	struct xesim_guc_vf_action act;

	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_UNPROVISIONED);
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_PROVISION, 0, &act), 0u);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_READY);
	KUNIT_EXPECT_EQ(test, act.flags, 0u);

	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_PAUSE, 0, &act), 0u);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_READY_PAUSED);
	KUNIT_EXPECT_EQ(test, act.flags,
			XESIM_GUC_VF_ACT_STOP_ENGINES | XESIM_GUC_VF_ACT_WAIT_IDLE);
	KUNIT_EXPECT_EQ(test, act.notify, 0u);
	KUNIT_EXPECT_FALSE(test, xesim_guc_vf_state_runnable(&g->vf));

	scoped_guard(mutex, &g->lock)
		KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_pause_done(&g->vf, &act), 0u);
	KUNIT_EXPECT_EQ(test, act.notify, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	KUNIT_EXPECT_EQ(test, act.flags, 0u);

	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_RESTORE, 0, &act), 0u);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_RESFIX_PAUSED);
	KUNIT_EXPECT_EQ(test, act.flags, XESIM_GUC_VF_ACT_LOAD_STATE);

	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_RESUME, 0, &act), 0u);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_RESFIX_BLOCKED);
	KUNIT_EXPECT_EQ(test, act.flags, XESIM_GUC_VF_ACT_RAISE_MIGRATED);
	KUNIT_EXPECT_FALSE(test, xesim_guc_vf_state_runnable(&g->vf));

	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_VF_QUERY, 0, &act), 0u);
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_VF_SUBMIT, 0, &act),
			XE_GUC_RESPONSE_INVALID_STATE);
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_RESFIX_START, 0, &act),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_RESFIX_START, 0x1000, &act),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_RESFIX_START, 7, &act), 0u);
	KUNIT_EXPECT_EQ(test, act.flags, 0u);
	/* the fix-ups restart with another marker: the newest one counts */
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_RESFIX_START, 8, &act), 0u);
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_RESFIX_DONE, 7, &act),
			XE_GUC_RESPONSE_VF_MIGRATED);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_RESFIX_BLOCKED);
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_RESFIX_DONE, 8, &act), 0u);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_RUNNING);
	KUNIT_EXPECT_EQ(test, act.flags, XESIM_GUC_VF_ACT_ALLOW_ENGINES);
	KUNIT_EXPECT_EQ(test, act.notify, GUC_PF_NOTIFY_VF_FIXUP_DONE);
	KUNIT_EXPECT_TRUE(test, xesim_guc_vf_state_runnable(&g->vf));
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_VF_SUBMIT, 0, &act), 0u);
	KUNIT_EXPECT_EQ(test, g->vf.refused, 4u);
}

/* Pause completion is asynchronous; late completions are refused. */
static void state_pause_async(struct kunit *test)
{
	struct gvf *g = gvf_new(test, 3, SZ_1M);
	struct xesim_guc_vf_action act;

	sm_goto(test, g, R_READY);
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_PAUSE, 0, &act), 0u);
	KUNIT_EXPECT_TRUE(test, act.flags & XESIM_GUC_VF_ACT_WAIT_IDLE);
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_SAVE, 0, &act),
			XE_GUC_RESPONSE_PENDING_ACTION);
	/* resumed before the engines went idle: the pause is cancelled */
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_RESUME, 0, &act), 0u);
	KUNIT_EXPECT_EQ(test, act.flags, XESIM_GUC_VF_ACT_ALLOW_ENGINES);
	scoped_guard(mutex, &g->lock)
		KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_pause_done(&g->vf, &act),
				XE_GUC_RESPONSE_INVALID_STATE);
	KUNIT_EXPECT_EQ(test, act.notify, 0u);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_READY);

	/* stopped while the pause was pending: no PAUSE_DONE either */
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_PAUSE, 0, &act), 0u);
	KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_STOP, 0, &act), 0u);
	KUNIT_EXPECT_EQ(test, act.flags, XESIM_GUC_VF_ACT_STOP_ENGINES);
	scoped_guard(mutex, &g->lock)
		KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_pause_done(&g->vf, &act),
				XE_GUC_RESPONSE_INVALID_STATE);
	KUNIT_EXPECT_EQ(test, act.notify, 0u);
}

/* FLR recovers a VF from anywhere, wipes it and reports FLR_DONE. */
static void state_flr(struct kunit *test)
{
	struct xesim_guc_vf_action act;
	unsigned int row;

	for (row = 0; row < NR_ROWS; row++) {
		struct gvf *g = gvf_new(test, 4, SZ_1M);

		sm_goto(test, g, row);
		KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_FLR_START, 0, &act), 0u);
		KUNIT_EXPECT_EQ(test, act.flags, XESIM_GUC_VF_ACT_STOP_ENGINES |
				XESIM_GUC_VF_ACT_RESET_GUC | XESIM_GUC_VF_ACT_WIPE);
		KUNIT_EXPECT_EQ(test, act.notify, GUC_PF_NOTIFY_VF_FLR_DONE);
		KUNIT_EXPECT_EQ(test, g->vf.marker, 0u);
		KUNIT_EXPECT_EQ(test, sm_do(g, XESIM_GUC_VF_EV_FLR_FINISH, 0, &act), 0u);
		KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf),
				sm_rows[row].prov ? XESIM_GUC_VF_READY :
						    XESIM_GUC_VF_UNPROVISIONED);
		KUNIT_EXPECT_EQ(test, act.flags,
				sm_rows[row].prov ? XESIM_GUC_VF_ACT_ALLOW_ENGINES : 0u);
	}
}

static void state_names(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < XESIM_GUC_VF_NUM_STATES; i++)
		KUNIT_EXPECT_STRNEQ(test, xesim_guc_vf_state_name(i), "?");
	for (i = 0; i < XESIM_GUC_VF_NUM_EVENTS; i++)
		KUNIT_EXPECT_STRNEQ(test, xesim_guc_vf_state_event_name(i), "?");
	KUNIT_EXPECT_STREQ(test, xesim_guc_vf_state_name(XESIM_GUC_VF_NUM_STATES), "?");
	KUNIT_EXPECT_STREQ(test, xesim_guc_vf_state_event_name(XESIM_GUC_VF_NUM_EVENTS), "?");
	KUNIT_EXPECT_STREQ(test, xesim_guc_vf_state_name(XESIM_GUC_VF_RESFIX_BLOCKED),
			   "RESFIX_BLOCKED");
}

static struct kunit_case state_cases[] = {
	KUNIT_CASE(state_table),
	KUNIT_CASE(state_restore_flow),
	KUNIT_CASE(state_pause_async),
	KUNIT_CASE(state_flr),
	KUNIT_CASE(state_names),
	{}
};

static struct kunit_suite state_suite = {
	.name = "xesim_guc_state",
	.test_cases = state_cases,
};

/* ---------------------------------------------------------------------- */
/* xesim_guc_relay */

static void hxg_encode_decode(struct kunit *test)
{
	struct xesim_hxg_hdr h;

	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_request(0x5509, 0), 0x00005509u);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_request(0x550f, 0xabc), 0x0abc550fu);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_request(0x1ffff, 0x1abc), 0x0abcffffu);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_success(0x1234567), 0xf1234567u);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_failure(0x107, 0x12), 0xe0120107u);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_failure(0x30, 0x5000), 0xefff0030u);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_busy(3), 0xb0000003u);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_retry(0), 0xd0000000u);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_event(0x5106, 0), 0x90005106u);

	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(0x0abc550f, &h), 0);
	KUNIT_EXPECT_EQ(test, h.origin, GUC_HXG_ORIGIN_HOST);
	KUNIT_EXPECT_EQ(test, h.type, GUC_HXG_TYPE_REQUEST);
	KUNIT_EXPECT_EQ(test, h.data0, 0xabcu);
	KUNIT_EXPECT_EQ(test, h.action, 0x550fu);

	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(0x2000550f, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, GUC_HXG_TYPE_FAST_REQUEST);
	KUNIT_EXPECT_EQ(test, h.action, 0x550fu);

	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(xesim_guc_hxg_event(0x5106, 1), &h), 0);
	KUNIT_EXPECT_EQ(test, h.origin, GUC_HXG_ORIGIN_GUC);
	KUNIT_EXPECT_EQ(test, h.type, GUC_HXG_TYPE_EVENT);
	KUNIT_EXPECT_EQ(test, h.data0, 1u);
	KUNIT_EXPECT_EQ(test, h.action, 0x5106u);

	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(0xe0120107, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, GUC_HXG_TYPE_RESPONSE_FAILURE);
	KUNIT_EXPECT_EQ(test, h.hint, 0x12u);
	KUNIT_EXPECT_EQ(test, h.error, 0x107u);
	KUNIT_EXPECT_EQ(test, h.action, 0u);

	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(0xf1234567, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, GUC_HXG_TYPE_RESPONSE_SUCCESS);
	KUNIT_EXPECT_EQ(test, h.data0, 0x1234567u);

	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(0xb0000009, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, GUC_HXG_TYPE_NO_RESPONSE_BUSY);
	KUNIT_EXPECT_EQ(test, h.data0, 9u);

	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(0xd0000000, &h), 0);
	KUNIT_EXPECT_EQ(test, h.type, GUC_HXG_TYPE_NO_RESPONSE_RETRY);

	/* type 4 is not defined */
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(0x40000000, &h), -EPROTO);
	KUNIT_EXPECT_EQ(test, h.type, 4u);
}

static void hxg_notify(struct kunit *test)
{
	u32 msg[GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN];

	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_notify_encode(3, GUC_PF_NOTIFY_VF_PAUSE_DONE, msg),
			GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN);
	KUNIT_EXPECT_EQ(test, msg[0], 0x90005106u);
	KUNIT_EXPECT_EQ(test, msg[1], 3u);
	KUNIT_EXPECT_EQ(test, msg[2], 3u);
}

/* Send one relay request; return the GuC error (0 on success). */
static u32 relay(struct gvf *g, const u32 *msg, u32 len, enum xesim_guc_relay_fault fault,
		 struct xesim_hxg_reply *reply, struct xesim_guc_vf_action *act)
{
	guard(mutex)(&g->lock);
	return xesim_guc_relay_handle(&g->vf, &g->cfg, msg, len, fault, reply, act);
}

static void expect_failure(struct kunit *test, const struct xesim_hxg_reply *reply,
			   u32 error, u32 hint)
{
	struct xesim_hxg_hdr h;

	KUNIT_EXPECT_EQ(test, reply->len, 1u);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(reply->msg[0], &h), 0);
	KUNIT_EXPECT_EQ(test, h.origin, GUC_HXG_ORIGIN_GUC);
	KUNIT_EXPECT_EQ(test, h.type, GUC_HXG_TYPE_RESPONSE_FAILURE);
	KUNIT_EXPECT_EQ(test, h.error, error);
	KUNIT_EXPECT_EQ(test, h.hint, hint);
}

static void expect_success(struct kunit *test, const struct xesim_hxg_reply *reply,
			   u32 len, u32 data0)
{
	KUNIT_EXPECT_EQ(test, reply->len, len);
	KUNIT_EXPECT_EQ(test, reply->msg[0], xesim_guc_hxg_success(data0));
}

static void relay_vf_reset(struct kunit *test)
{
	struct gvf *g = gvf_new(test, 1, SZ_1M);
	u32 msg[4] = { xesim_guc_hxg_request(GUC_ACTION_VF2GUC_VF_RESET, 0),
		       0xdeadbeef, 0xdeadbeef, 0xdeadbeef };
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;

	/* an unprovisioned VF */
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_UNPROVISIONED_VF);
	expect_failure(test, &reply, XE_GUC_RESPONSE_UNPROVISIONED_VF,
		       XESIM_GUC_VF_UNPROVISIONED);

	sm_goto(test, g, R_XBM);
	/* stale scratch dwords after the request are not part of it */
	KUNIT_EXPECT_EQ(test, relay(g, msg, 4, XESIM_GUC_RELAY_NORMAL, &reply, &act), 0u);
	expect_success(test, &reply, 1, 0);
	KUNIT_EXPECT_FALSE(test, reply.busy);
	KUNIT_EXPECT_EQ(test, act.flags,
			XESIM_GUC_VF_ACT_RESET_GUC | XESIM_GUC_VF_ACT_ALLOW_ENGINES);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_READY);
	KUNIT_EXPECT_EQ(test, g->vf.marker, 0u);

	/* a paused VF gets INVALID_STATE with its state as hint */
	sm_goto(test, g, R_RP_PEND);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_STATE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_STATE, XESIM_GUC_VF_READY_PAUSED);
	KUNIT_EXPECT_EQ(test, act.flags, 0u);
}

static u32 version_dw(u32 branch, u32 major, u32 minor)
{
	return FIELD_PREP(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_BRANCH, branch) |
	       FIELD_PREP(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_MAJOR, major) |
	       FIELD_PREP(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_MINOR, minor);
}

static void relay_match_version(struct kunit *test)
{
	static const struct {
		u32 branch, major, minor;
		u32 err, got_minor, got_patch;
	} cases[] = {
		{ 0, 0, 0, 0, XESIM_GUC_VF_ABI_MINOR, XESIM_GUC_VF_ABI_PATCH },
		{ 0, 1, 0, 0, XESIM_GUC_VF_ABI_MINOR, XESIM_GUC_VF_ABI_PATCH },
		{ 0, 1, 2, 0, 2, 0 },
		{ 0, 1, 27, 0, 27, XESIM_GUC_VF_ABI_PATCH },
		{ 0, 1, 30, 0, XESIM_GUC_VF_ABI_MINOR, XESIM_GUC_VF_ABI_PATCH },
		{ 0, 2, 0, 0, XESIM_GUC_VF_ABI_MINOR, XESIM_GUC_VF_ABI_PATCH },
		{ 3, 1, 27, XE_GUC_RESPONSE_UNSUPPORTED_VERSION, 0, 0 },
	};
	struct gvf *g = gvf_new(test, 1, SZ_1M);
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;
	unsigned int i;
	u32 msg[4], want;

	sm_goto(test, g, R_READY);
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_MATCH_VERSION, 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		msg[1] = version_dw(cases[i].branch, cases[i].major, cases[i].minor);
		KUNIT_EXPECT_EQ_MSG(test, relay(g, msg, 2, XESIM_GUC_RELAY_NORMAL, &reply, &act),
				    cases[i].err, "case %u", i);
		if (cases[i].err) {
			expect_failure(test, &reply, cases[i].err, 1);
			continue;
		}
		expect_success(test, &reply, 2, 0);
		want = FIELD_PREP(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_BRANCH, 0) |
		       FIELD_PREP(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_MAJOR, 1) |
		       FIELD_PREP(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_MINOR, cases[i].got_minor) |
		       FIELD_PREP(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_PATCH, cases[i].got_patch);
		KUNIT_EXPECT_EQ_MSG(test, reply.msg[1], want, "case %u", i);
	}
	/* the chosen minor supports migration */
	KUNIT_EXPECT_GE(test, XESIM_GUC_VF_ABI_MINOR, 27u);

	/* must-be-zero bits */
	msg[1] = version_dw(0, 1, 27) | 0x1;
	KUNIT_EXPECT_EQ(test, relay(g, msg, 2, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 1);
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_MATCH_VERSION, 1);
	msg[1] = version_dw(0, 1, 27);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 2, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	/* too short: the version dword is missing */
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_MATCH_VERSION, 0);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_SIZE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_SIZE, 2);
}

static void relay_query_klv(struct kunit *test)
{
	struct gvf *g = gvf_new(test, 1, 0x12345000);
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;
	u32 msg[4] = { xesim_guc_hxg_request(GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV, 0) };
	const struct {
		u32 key;
		u32 len;
		u64 value;
	} keys[] = {
		{ GUC_KLV_VF_CFG_GGTT_START_KEY, 2, 0x12345000 },
		{ GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 2, SZ_16M },
		{ GUC_KLV_VF_CFG_LMEM_SIZE_KEY, 2, 2ull * SZ_4G },
		{ GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 1, 64 },
		{ GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 1, 16 },
	};
	unsigned int i;

	sm_goto(test, g, R_XB);	/* the recovery queries while blocked */
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		msg[1] = keys[i].key;
		KUNIT_EXPECT_EQ(test, relay(g, msg, 4, XESIM_GUC_RELAY_NORMAL, &reply, &act), 0u);
		KUNIT_EXPECT_EQ(test, reply.len, 1 + keys[i].len);
		KUNIT_EXPECT_EQ(test, reply.msg[0], xesim_guc_hxg_success(keys[i].len));
		KUNIT_EXPECT_EQ(test, reply.msg[1], lower_32_bits(keys[i].value));
		if (keys[i].len == 2)
			KUNIT_EXPECT_EQ(test, reply.msg[2], upper_32_bits(keys[i].value));
		KUNIT_EXPECT_EQ(test, act.flags, 0u);
	}

	msg[1] = GUC_KLV_VF_CFG_TILE_MASK_KEY;
	KUNIT_EXPECT_EQ(test, relay(g, msg, 2, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_KLV_KEY);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_KLV_KEY, 1);
	msg[1] = GUC_KLV_VF_CFG_GGTT_START_KEY | BIT(16);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 2, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 1);

	ev_ok(test, g, XESIM_GUC_VF_EV_PAUSE, 0);
	msg[1] = GUC_KLV_VF_CFG_GGTT_START_KEY;
	KUNIT_EXPECT_EQ(test, relay(g, msg, 2, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_STATE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_STATE, XESIM_GUC_VF_RESFIX_PAUSED);
}

static void relay_malformed(struct kunit *test)
{
	const u32 reset = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_VF_RESET, 0);
	struct gvf *g = gvf_new(test, 1, SZ_1M);
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;
	u32 msg[5] = {};

	sm_goto(test, g, R_READY);

	/* no dword, too many dwords */
	msg[0] = reset;
	KUNIT_EXPECT_EQ(test, relay(g, msg, 0, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_SIZE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_SIZE, 1);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 5, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_SIZE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_SIZE, 4);

	/* origin GuC, other types: hint is bits 31:28 as received */
	msg[0] = reset | GUC_HXG_MSG_0_ORIGIN;
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_ERROR_PROTOCOL);
	expect_failure(test, &reply, XE_GUC_RESPONSE_ERROR_PROTOCOL, 0x8);
	msg[0] = reset | FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_FAST_REQUEST);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_ERROR_PROTOCOL);
	expect_failure(test, &reply, XE_GUC_RESPONSE_ERROR_PROTOCOL, 0x2);
	msg[0] = reset | FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_EVENT);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_ERROR_PROTOCOL);
	expect_failure(test, &reply, XE_GUC_RESPONSE_ERROR_PROTOCOL, 0x1);
	msg[0] = xesim_guc_hxg_success(0);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_ERROR_PROTOCOL);
	expect_failure(test, &reply, XE_GUC_RESPONSE_ERROR_PROTOCOL, 0xf);

	/* unknown and PF-only actions */
	msg[0] = xesim_guc_hxg_request(0x1234, 0);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_UNKNOWN_ACTION);
	expect_failure(test, &reply, XE_GUC_RESPONSE_UNKNOWN_ACTION, 0);
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 3, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_UNKNOWN_ACTION);

	/* reserved bits, short requests, zero markers */
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_VF_RESET, 1);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV, 0);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_SIZE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_SIZE, 2);
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV, 4);
	msg[1] = GUC_KLV_VF_CFG_GGTT_SIZE_KEY;
	KUNIT_EXPECT_EQ(test, relay(g, msg, 2, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_RESFIX_START, 0);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_RESFIX_DONE, 0);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);

	/* a MIGRATED interrupt that was not a migration: RESFIX_START refused */
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_RESFIX_START, TEST_MARKER);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_STATE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_STATE, XESIM_GUC_VF_READY);

	/* nothing of it changed the VF */
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_READY);
	KUNIT_EXPECT_EQ(test, g->vf.marker, 0u);
}

static void relay_busy_retry(struct kunit *test)
{
	struct gvf *g = gvf_new(test, 1, SZ_1M);
	u32 msg[1] = { xesim_guc_hxg_request(GUC_ACTION_VF2GUC_RESFIX_START, 0x123) };
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;
	struct xesim_hxg_hdr h;

	sm_goto(test, g, R_XB);

	/* retry: dropped unprocessed */
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_RETRY, &reply, &act), 0u);
	KUNIT_EXPECT_EQ(test, reply.len, 1u);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(reply.msg[0], &h), 0);
	KUNIT_EXPECT_EQ(test, h.origin, GUC_HXG_ORIGIN_GUC);
	KUNIT_EXPECT_EQ(test, h.type, GUC_HXG_TYPE_NO_RESPONSE_RETRY);
	KUNIT_EXPECT_EQ(test, h.data0, GUC_HXG_RETRY_REASON_UNSPECIFIED);
	KUNIT_EXPECT_FALSE(test, reply.busy);
	KUNIT_EXPECT_EQ(test, g->vf.marker, 0u);

	/* busy: processed, busy first and the final reply after */
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_BUSY, &reply, &act), 0u);
	KUNIT_EXPECT_TRUE(test, reply.busy);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(reply.busy_msg, &h), 0);
	KUNIT_EXPECT_EQ(test, h.origin, GUC_HXG_ORIGIN_GUC);
	KUNIT_EXPECT_EQ(test, h.type, GUC_HXG_TYPE_NO_RESPONSE_BUSY);
	expect_success(test, &reply, 1, 0);
	KUNIT_EXPECT_EQ(test, g->vf.marker, 0x123u);

	/* a busy failure is still a failure at the end */
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_RESFIX_DONE, 0x124);
	KUNIT_EXPECT_EQ(test, relay(g, msg, 1, XESIM_GUC_RELAY_BUSY, &reply, &act),
			XE_GUC_RESPONSE_VF_MIGRATED);
	KUNIT_EXPECT_TRUE(test, reply.busy);
	expect_failure(test, &reply, XE_GUC_RESPONSE_VF_MIGRATED, 0);
}

/* A snapshot with one context and a CT registration inside @g's GGTT. */
static void small_snapshot(struct gvf *g, struct xesim_guc_vf_snapshot *snap,
			   struct xesim_guc_ctx_snap *ctx)
{
	u64 base = g->cfg.ggtt_start;

	memset(snap, 0, sizeof(*snap));
	snap->ct_registered = true;
	snap->h2g = (struct xesim_guc_ct_snap) { base + 0x1000, base + 0x2000, SZ_4K, 1, 2, 0 };
	snap->g2h = (struct xesim_guc_ct_snap) { base + 0x1040, base + 0x3000, SZ_4K, 3, 3, 0 };
	*ctx = (struct xesim_guc_ctx_snap) { .id = 1, .prio = 2, .lrc_addr = base + 0x10000 };
	snap->nr_ctxs = 1;
	snap->ctxs = ctx;
}

/* Save @src (paused) into a kunit-allocated buffer. */
static void *save_blob(struct kunit *test, struct gvf *src,
		       const struct xesim_guc_vf_snapshot *snap, size_t *size)
{
	struct xesim_hxg_reply reply;
	void *buf;

	guard(mutex)(&src->lock);
	KUNIT_ASSERT_EQ(test, xesim_guc_blob_save_vf(&src->vf, TEST_DEVID, &src->cfg, snap,
						     NULL, 0, &reply), 0u);
	*size = FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, reply.msg[0]) * sizeof(u32);
	buf = kunit_kzalloc(test, *size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, xesim_guc_blob_save_vf(&src->vf, TEST_DEVID, &src->cfg, snap,
						     buf, *size, &reply), 0u);
	KUNIT_ASSERT_EQ(test, reply.msg[0], xesim_guc_hxg_success(*size / sizeof(u32)));
	return buf;
}

static u32 restore_blob(struct gvf *dst, u16 devid, const void *buf, size_t size,
			struct xesim_guc_vf_snapshot *out, struct xesim_hxg_reply *reply,
			struct xesim_guc_vf_action *act)
{
	guard(mutex)(&dst->lock);
	return xesim_guc_blob_restore_vf(&dst->vf, devid, &dst->cfg, buf, size, out, reply, act);
}

/*
 * A second migration while the VF does its fix-ups: the RESFIX_DONE of the
 * fix-ups begun on the source reaches the destination and gets VF_MIGRATED;
 * the VF starts over with a new marker.
 */
static void relay_stale_marker(struct kunit *test)
{
	struct gvf *src = gvf_new(test, 1, SZ_1M), *dst = gvf_new(test, 2, SZ_256M);
	struct xesim_guc_vf_snapshot snap, out;
	struct xesim_guc_ctx_snap ctx;
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;
	u32 msg[1];
	size_t size;
	void *blob;

	/* the source is doing fix-ups of an earlier migration, marker 0x11 */
	sm_goto(test, src, R_XB);
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_RESFIX_START, 0x11);
	KUNIT_EXPECT_EQ(test, relay(src, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act), 0u);

	/* migrated again: pause, save; destination pause, restore, resume */
	ev_ok(test, src, XESIM_GUC_VF_EV_PAUSE, 0);
	ev_ok(test, src, XESIM_GUC_VF_EV_PAUSE_DONE, 0);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&src->vf), XESIM_GUC_VF_RESFIX_PAUSED);
	small_snapshot(src, &snap, &ctx);
	blob = save_blob(test, src, &snap, &size);

	sm_goto(test, dst, R_RP);
	KUNIT_EXPECT_EQ(test, restore_blob(dst, TEST_DEVID, blob, size, &out, &reply, &act), 0u);
	KUNIT_EXPECT_EQ(test, out.src_marker, 0x11u);
	KUNIT_EXPECT_EQ(test, dst->vf.marker, 0u);
	xesim_guc_blob_snapshot_free(&out);
	KUNIT_EXPECT_EQ(test, sm_do(dst, XESIM_GUC_VF_EV_RESUME, 0, &act), 0u);
	KUNIT_EXPECT_EQ(test, act.flags, XESIM_GUC_VF_ACT_RAISE_MIGRATED);

	/* the stale RESFIX_DONE */
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_RESFIX_DONE, 0x11);
	KUNIT_EXPECT_EQ(test, relay(dst, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_VF_MIGRATED);
	expect_failure(test, &reply, XE_GUC_RESPONSE_VF_MIGRATED, 0);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&dst->vf), XESIM_GUC_VF_RESFIX_BLOCKED);

	/* recovery again */
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_RESFIX_START, 0x12);
	KUNIT_EXPECT_EQ(test, relay(dst, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act), 0u);
	expect_success(test, &reply, 1, 0);
	msg[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_RESFIX_DONE, 0x12);
	KUNIT_EXPECT_EQ(test, relay(dst, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act), 0u);
	expect_success(test, &reply, 1, 0);
	KUNIT_EXPECT_EQ(test, act.notify, GUC_PF_NOTIFY_VF_FIXUP_DONE);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&dst->vf), XESIM_GUC_VF_RUNNING);

	/* a late duplicate RESFIX_DONE */
	KUNIT_EXPECT_EQ(test, relay(dst, msg, 1, XESIM_GUC_RELAY_NORMAL, &reply, &act),
			XE_GUC_RESPONSE_INVALID_STATE);
}

#define KLV(key, len)	\
	(FIELD_PREP_CONST(GUC_KLV_0_KEY, key) | FIELD_PREP_CONST(GUC_KLV_0_LEN, len))

static u32 update_cfg(struct gvf *g, const u32 *klvs, u32 n, struct xesim_hxg_reply *reply,
		      struct xesim_guc_vf_action *act)
{
	guard(mutex)(&g->lock);
	return xesim_guc_pf_update_vf_cfg(&g->vf, &g->cfg, klvs, n, TEST_GGTT_LIMIT, reply, act);
}

static void pf_update_vf_cfg_good(struct kunit *test)
{
	const u32 klvs[] = {
		KLV(GUC_KLV_VF_CFG_GGTT_START_KEY, 2), 0x00200000, 0,
		KLV(GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 2), 0x00800000, 0,
		KLV(GUC_KLV_VF_CFG_LMEM_SIZE_KEY, 2), 0, 1,
		KLV(GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 1), 128,
		KLV(GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 1), 8,
		KLV(GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY, 1), 20,
	};
	const u32 rebase[] = { KLV(GUC_KLV_VF_CFG_GGTT_START_KEY, 2), 0x40000000, 0 };
	struct gvf *g = gvf_new(test, 1, 0);
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;

	g->cfg = (struct xesim_guc_vf_config) {};
	KUNIT_EXPECT_EQ(test, update_cfg(g, klvs, ARRAY_SIZE(klvs), &reply, &act), 0u);
	expect_success(test, &reply, 1, 6);
	KUNIT_EXPECT_EQ(test, g->cfg.ggtt_start, 0x00200000ull);
	KUNIT_EXPECT_EQ(test, g->cfg.ggtt_size, 0x00800000ull);
	KUNIT_EXPECT_EQ(test, g->cfg.lmem_size, SZ_4G);
	KUNIT_EXPECT_EQ(test, g->cfg.num_ctxs, 128u);
	KUNIT_EXPECT_EQ(test, g->cfg.num_dbs, 8u);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_READY);

	/* a partial update keeps the other keys */
	KUNIT_EXPECT_EQ(test, update_cfg(g, rebase, ARRAY_SIZE(rebase), &reply, &act), 0u);
	expect_success(test, &reply, 1, 1);
	KUNIT_EXPECT_EQ(test, g->cfg.ggtt_start, 0x40000000ull);
	KUNIT_EXPECT_EQ(test, g->cfg.ggtt_size, 0x00800000ull);

	/* an empty list resets and unprovisions */
	KUNIT_EXPECT_EQ(test, update_cfg(g, NULL, 0, &reply, &act), 0u);
	expect_success(test, &reply, 1, 0);
	KUNIT_EXPECT_EQ(test, g->cfg.ggtt_size, 0ull);
	KUNIT_EXPECT_EQ(test, g->cfg.num_ctxs, 0u);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_UNPROVISIONED);
}

static void pf_update_vf_cfg_bad(struct kunit *test)
{
	static const u32 truncated[] = {
		KLV(GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 1), 4,
		KLV(GUC_KLV_VF_CFG_GGTT_START_KEY, 2), 0x1000,
	};
	static const u32 oversize[] = { KLV(GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 0xffff), 1 };
	static const u32 wrong_len[] = {
		KLV(GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 2), 4, 0,
	};
	static const u32 duplicate[] = {
		KLV(GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 1), 4,
		KLV(GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 1), 4,
		KLV(GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 1), 8,
	};
	static const u32 unknown[] = { KLV(0x0777, 1), 1 };
	static const u32 misaligned[] = { KLV(GUC_KLV_VF_CFG_GGTT_START_KEY, 2), 0x1800, 0 };
	static const u32 lmem_misaligned[] = { KLV(GUC_KLV_VF_CFG_LMEM_SIZE_KEY, 2), 0x1000, 0 };
	static const u32 too_many_ctxs[] = { KLV(GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 1), 65536 };
	static const u32 too_many_dbs[] = { KLV(GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 1), 256 };
	static const u32 above_limit[] = {
		KLV(GUC_KLV_VF_CFG_GGTT_START_KEY, 2), 0xfe000000, 0,
		KLV(GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 2), 0x01000000, 0,
	};
	static const u32 wraps[] = {
		KLV(GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 2), 0x2000, 0,
		KLV(GUC_KLV_VF_CFG_GGTT_START_KEY, 2), 0xfffff000, 0xffffffff,
	};
	static const struct {
		const u32 *klvs;
		u32 n, err, hint;
	} cases[] = {
		{ truncated, ARRAY_SIZE(truncated), XE_GUC_RESPONSE_MALFORMED_KLV, 2 },
		{ oversize, ARRAY_SIZE(oversize), XE_GUC_RESPONSE_MALFORMED_KLV, 0 },
		{ wrong_len, ARRAY_SIZE(wrong_len), XE_GUC_RESPONSE_INVALID_SIZE, 0 },
		{ duplicate, ARRAY_SIZE(duplicate), XE_GUC_RESPONSE_INVALID_KLV_DATA, 4 },
		{ unknown, ARRAY_SIZE(unknown), XE_GUC_RESPONSE_INVALID_KLV_KEY, 0 },
		{ misaligned, ARRAY_SIZE(misaligned), XE_GUC_RESPONSE_INVALID_KLV_DATA, 0 },
		{ lmem_misaligned, ARRAY_SIZE(lmem_misaligned),
		  XE_GUC_RESPONSE_INVALID_KLV_DATA, 0 },
		{ too_many_ctxs, ARRAY_SIZE(too_many_ctxs), XE_GUC_RESPONSE_INVALID_KLV_DATA, 0 },
		{ too_many_dbs, ARRAY_SIZE(too_many_dbs), XE_GUC_RESPONSE_INVALID_KLV_DATA, 0 },
		{ above_limit, ARRAY_SIZE(above_limit), XE_GUC_RESPONSE_INVALID_KLV_DATA, 3 },
		{ wraps, ARRAY_SIZE(wraps), XE_GUC_RESPONSE_INVALID_KLV_DATA, 3 },
	};
	static const u32 good[] = { KLV(GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 1), 4 };
	struct gvf *g = gvf_new(test, 1, SZ_1M);
	struct xesim_guc_vf_config before;
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;
	unsigned int i;

	sm_goto(test, g, R_READY);
	before = g->cfg;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_EXPECT_EQ_MSG(test, update_cfg(g, cases[i].klvs, cases[i].n, &reply, &act),
				    cases[i].err, "case %u", i);
		expect_failure(test, &reply, cases[i].err, cases[i].hint);
		/* all or nothing */
		KUNIT_EXPECT_MEMEQ_MSG(test, &g->cfg, &before, sizeof(before), "case %u", i);
		KUNIT_EXPECT_EQ(test, act.flags, 0u);
	}
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&g->vf), XESIM_GUC_VF_READY);

	/* no configuration change while a restore is in progress */
	sm_goto(test, g, R_XB);
	KUNIT_EXPECT_EQ(test, update_cfg(g, good, ARRAY_SIZE(good), &reply, &act),
			XE_GUC_RESPONSE_INVALID_STATE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_STATE, XESIM_GUC_VF_RESFIX_BLOCKED);
	KUNIT_EXPECT_EQ(test, g->cfg.num_dbs, before.num_dbs);
}

static void pf_parse(struct kunit *test)
{
	const u32 cfg_req[] = { xesim_guc_hxg_request(GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0),
				2, 0x1000, 0x1, 12 };
	const u32 ctl_req[] = { xesim_guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0), 3,
				GUC_PF_TRIGGER_VF_PAUSE };
	const u32 save_req[] = { xesim_guc_hxg_request(GUC_ACTION_PF2GUC_SAVE_RESTORE_VF,
						   GUC_PF_OPCODE_VF_SAVE), 4, 0, 0, 0 };
	const u32 rest_req[] = { xesim_guc_hxg_request(GUC_ACTION_PF2GUC_SAVE_RESTORE_VF,
						   GUC_PF_OPCODE_VF_RESTORE), 4, 0x8000, 0, 64 };
	struct xesim_guc_pf_request req;
	struct xesim_hxg_reply reply = {};
	u32 bad[5];

	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(cfg_req, 5, &req, &reply), 0u);
	KUNIT_EXPECT_EQ(test, req.action, GUC_ACTION_PF2GUC_UPDATE_VF_CFG);
	KUNIT_EXPECT_EQ(test, req.vfid, 2u);
	KUNIT_EXPECT_EQ(test, req.addr, 0x100001000ull);
	KUNIT_EXPECT_EQ(test, req.size, 12u);
	KUNIT_EXPECT_EQ(test, reply.len, 0u);

	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(ctl_req, 3, &req, &reply), 0u);
	KUNIT_EXPECT_EQ(test, req.vfid, 3u);
	KUNIT_EXPECT_EQ(test, req.op, GUC_PF_TRIGGER_VF_PAUSE);

	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(save_req, 5, &req, &reply), 0u);
	KUNIT_EXPECT_EQ(test, req.op, GUC_PF_OPCODE_VF_SAVE);
	KUNIT_EXPECT_EQ(test, req.addr, 0ull);

	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(rest_req, 5, &req, &reply), 0u);
	KUNIT_EXPECT_EQ(test, req.op, GUC_PF_OPCODE_VF_RESTORE);
	KUNIT_EXPECT_EQ(test, req.addr, 0x8000ull);
	KUNIT_EXPECT_EQ(test, req.size, 64u);

	/* lengths are exact over CT */
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(cfg_req, 4, &req, &reply),
			XE_GUC_RESPONSE_INVALID_SIZE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_SIZE, 5);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(ctl_req, 4, &req, &reply),
			XE_GUC_RESPONSE_INVALID_SIZE);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(ctl_req, 0, &req, &reply),
			XE_GUC_RESPONSE_INVALID_SIZE);

	memcpy(bad, ctl_req, sizeof(ctl_req));
	bad[0] |= GUC_HXG_MSG_0_ORIGIN;
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 3, &req, &reply),
			XE_GUC_RESPONSE_ERROR_PROTOCOL);
	bad[0] = xesim_guc_hxg_request(GUC_ACTION_VF2GUC_VF_RESET, 0);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 3, &req, &reply),
			XE_GUC_RESPONSE_UNKNOWN_ACTION);
	bad[0] = xesim_guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 1);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 3, &req, &reply),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	bad[0] = ctl_req[0];
	bad[1] = 0;
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 3, &req, &reply),
			XE_GUC_RESPONSE_INVALID_VFID);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_VFID, 1);

	memcpy(bad, cfg_req, sizeof(cfg_req));
	bad[2] = 0x1002;
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 5, &req, &reply),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 2);
	bad[2] = 0;
	bad[3] = 0;
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 5, &req, &reply),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	bad[4] = 0;	/* address 0 and size 0: reset */
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 5, &req, &reply), 0u);

	memcpy(bad, save_req, sizeof(save_req));
	bad[0] = xesim_guc_hxg_request(GUC_ACTION_PF2GUC_SAVE_RESTORE_VF, 2);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 5, &req, &reply),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	bad[0] = save_req[0];
	bad[4] = BIT(28);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 5, &req, &reply),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 4);
	bad[4] = 16;	/* a size without a buffer */
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 5, &req, &reply),
			XE_GUC_RESPONSE_INVALID_PARAMS);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_PARAMS, 2);
	memcpy(bad, rest_req, sizeof(rest_req));
	bad[2] = 0;
	bad[4] = 0;	/* a restore needs a buffer */
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_parse(bad, 5, &req, &reply),
			XE_GUC_RESPONSE_INVALID_PARAMS);
}

static void pf_vf_control(struct kunit *test)
{
	struct gvf *g = gvf_new(test, 1, SZ_1M);
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;

	sm_goto(test, g, R_READY);
	guard(mutex)(&g->lock);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_vf_control(&g->vf, GUC_PF_TRIGGER_VF_PAUSE,
						      &reply, &act), 0u);
	expect_success(test, &reply, 1, 0);
	KUNIT_EXPECT_EQ(test, g->vf.cur, XESIM_GUC_VF_READY_PAUSED);
	KUNIT_EXPECT_TRUE(test, act.flags & XESIM_GUC_VF_ACT_WAIT_IDLE);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_vf_control(&g->vf, GUC_PF_TRIGGER_VF_PAUSE,
						      &reply, &act),
			XE_GUC_RESPONSE_INVALID_STATE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_STATE, XESIM_GUC_VF_READY_PAUSED);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_vf_control(&g->vf, GUC_PF_TRIGGER_VF_RESUME,
						      &reply, &act), 0u);
	KUNIT_EXPECT_EQ(test, g->vf.cur, XESIM_GUC_VF_READY);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_vf_control(&g->vf, GUC_PF_TRIGGER_VF_STOP,
						      &reply, &act), 0u);
	KUNIT_EXPECT_EQ(test, g->vf.cur, XESIM_GUC_VF_STOPPED);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_vf_control(&g->vf, GUC_PF_TRIGGER_VF_FLR_START,
						      &reply, &act), 0u);
	KUNIT_EXPECT_EQ(test, act.notify, GUC_PF_NOTIFY_VF_FLR_DONE);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_vf_control(&g->vf, GUC_PF_TRIGGER_VF_FLR_FINISH,
						      &reply, &act), 0u);
	KUNIT_EXPECT_EQ(test, g->vf.cur, XESIM_GUC_VF_READY);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_vf_control(&g->vf, 0, &reply, &act),
			XE_GUC_RESPONSE_INVALID_EVENT);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_EVENT, 2);
	KUNIT_EXPECT_EQ(test, xesim_guc_pf_vf_control(&g->vf, 6, &reply, &act),
			XE_GUC_RESPONSE_INVALID_EVENT);
	KUNIT_EXPECT_EQ(test, g->vf.cur, XESIM_GUC_VF_READY);
}

static struct kunit_case relay_cases[] = {
	KUNIT_CASE(hxg_encode_decode),
	KUNIT_CASE(hxg_notify),
	KUNIT_CASE(relay_vf_reset),
	KUNIT_CASE(relay_match_version),
	KUNIT_CASE(relay_query_klv),
	KUNIT_CASE(relay_malformed),
	KUNIT_CASE(relay_busy_retry),
	KUNIT_CASE(relay_stale_marker),
	KUNIT_CASE(pf_update_vf_cfg_good),
	KUNIT_CASE(pf_update_vf_cfg_bad),
	KUNIT_CASE(pf_parse),
	KUNIT_CASE(pf_vf_control),
	{}
};

static struct kunit_suite relay_suite = {
	.name = "xesim_guc_relay",
	.test_cases = relay_cases,
};

/* ---------------------------------------------------------------------- */
/* xesim_guc_blob */

#define SRC_BASE	0x00100000ull
#define DST_BASE	0x40000000ull

/* A snapshot that uses every kind of record, inside @g's GGTT. */
struct full_snap {
	struct xesim_guc_vf_snapshot snap;
	struct xesim_guc_ctx_snap ctxs[3];
	struct xesim_guc_ref_snap refs[2];
	u32 words[3];
};

static void full_snapshot(const struct gvf *g, struct full_snap *f)
{
	u64 b = g->cfg.ggtt_start;

	memset(f, 0, sizeof(*f));
	f->ctxs[0] = (struct xesim_guc_ctx_snap) { 0, 0x1, 0, 0x10001, b + 0x10000, 1000,
						   640000 };
	f->ctxs[1] = (struct xesim_guc_ctx_snap) { 5, 0x3, 3, 0x00003, b + 0x20000, 1, 0 };
	f->ctxs[2] = (struct xesim_guc_ctx_snap) { 63, 0x0, 2, 0x10002,
						   b + g->cfg.ggtt_size - SZ_4K, 16000, 5 };
	f->refs[0] = (struct xesim_guc_ref_snap) { 1, b + 0x5000 };
	f->refs[1] = (struct xesim_guc_ref_snap) { 2, b + g->cfg.ggtt_size - 1 };
	f->words[0] = 0xcafe;
	f->words[1] = 0;
	f->words[2] = 0xffffffff;
	f->snap = (struct xesim_guc_vf_snapshot) {
		.ct_registered = true,
		.h2g = { b + 0x1000, b + 0x2000, SZ_4K, 3, 7, 0 },
		.g2h = { b + 0x1040, b + 0x4000, SZ_8K, 100, 2, 1 },
		.nr_ctxs = ARRAY_SIZE(f->ctxs), .ctxs = f->ctxs,
		.nr_refs = ARRAY_SIZE(f->refs), .refs = f->refs,
		.nr_words = ARRAY_SIZE(f->words), .words = f->words,
	};
}

static void expect_ct_moved(struct kunit *test, const struct xesim_guc_ct_snap *got,
			    const struct xesim_guc_ct_snap *was, u64 from, u64 to)
{
	KUNIT_EXPECT_EQ(test, got->desc_addr, was->desc_addr - from + to);
	KUNIT_EXPECT_EQ(test, got->buf_addr, was->buf_addr - from + to);
	KUNIT_EXPECT_EQ(test, got->size, was->size);
	KUNIT_EXPECT_EQ(test, got->head, was->head);
	KUNIT_EXPECT_EQ(test, got->tail, was->tail);
	KUNIT_EXPECT_EQ(test, got->status, was->status);
}

/* Save a paused VF, restore it into a VF with another GGTT base. */
static void blob_roundtrip_rebase(struct kunit *test)
{
	static const u64 bases[][2] = {
		{ SRC_BASE, DST_BASE },		/* moves up */
		{ DST_BASE, SRC_BASE },		/* moves down */
		{ SRC_BASE, SRC_BASE },		/* same base */
	};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(bases); i++) {
		struct gvf *src = gvf_new(test, 1, bases[i][0]);
		struct gvf *dst = gvf_new(test, 2, bases[i][1]);
		u64 from = bases[i][0], to = bases[i][1];
		struct xesim_guc_vf_snapshot out = {};
		struct xesim_guc_vf_action act;
		struct xesim_hxg_reply reply;
		struct full_snap *f;
		size_t size;
		void *blob;

		f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, f);
		sm_goto(test, src, R_RP);
		full_snapshot(src, f);
		blob = save_blob(test, src, &f->snap, &size);
		KUNIT_EXPECT_EQ(test, size,
				(size_t)ALIGN(144 + 3 * 32 + 2 * 16 + 3 * 4, 8));

		sm_goto(test, dst, R_RP);
		KUNIT_ASSERT_EQ(test, restore_blob(dst, TEST_DEVID, blob, size, &out, &reply,
						   &act), 0u);
		expect_success(test, &reply, 1, size / sizeof(u32));
		KUNIT_EXPECT_EQ(test, act.flags, XESIM_GUC_VF_ACT_LOAD_STATE);
		KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&dst->vf), XESIM_GUC_VF_RESFIX_PAUSED);

		KUNIT_EXPECT_EQ(test, out.src_vfid, 1u);
		KUNIT_EXPECT_EQ(test, out.src_state, (u32)XESIM_GUC_VF_READY_PAUSED);
		KUNIT_EXPECT_EQ(test, out.src_ggtt_start, from);
		KUNIT_EXPECT_TRUE(test, out.ct_registered);
		expect_ct_moved(test, &out.h2g, &f->snap.h2g, from, to);
		expect_ct_moved(test, &out.g2h, &f->snap.g2h, from, to);

		KUNIT_ASSERT_EQ(test, out.nr_ctxs, 3u);
		for (j = 0; j < out.nr_ctxs; j++) {
			KUNIT_EXPECT_EQ(test, out.ctxs[j].id, f->ctxs[j].id);
			KUNIT_EXPECT_EQ(test, out.ctxs[j].flags, f->ctxs[j].flags);
			KUNIT_EXPECT_EQ(test, out.ctxs[j].prio, f->ctxs[j].prio);
			KUNIT_EXPECT_EQ(test, out.ctxs[j].engine, f->ctxs[j].engine);
			KUNIT_EXPECT_EQ(test, out.ctxs[j].lrc_addr,
					f->ctxs[j].lrc_addr - from + to);
			KUNIT_EXPECT_EQ(test, out.ctxs[j].quantum_us, f->ctxs[j].quantum_us);
			KUNIT_EXPECT_EQ(test, out.ctxs[j].preempt_us, f->ctxs[j].preempt_us);
		}
		KUNIT_ASSERT_EQ(test, out.nr_refs, 2u);
		for (j = 0; j < out.nr_refs; j++) {
			KUNIT_EXPECT_EQ(test, out.refs[j].tag, f->refs[j].tag);
			KUNIT_EXPECT_EQ(test, out.refs[j].addr, f->refs[j].addr - from + to);
		}
		KUNIT_ASSERT_EQ(test, out.nr_words, 3u);
		KUNIT_EXPECT_MEMEQ(test, out.words, f->words, sizeof(f->words));
		xesim_guc_blob_snapshot_free(&out);
		KUNIT_EXPECT_NULL(test, out.mem);
	}
}

/* Save: size query, too small a buffer, wrong states; a VF without CT. */
static void blob_save(struct kunit *test)
{
	struct gvf *g = gvf_new(test, 1, SRC_BASE);
	struct xesim_guc_vf_snapshot empty = {};
	struct xesim_hxg_reply reply;
	struct full_snap *f;
	u8 *buf, *copy;
	ssize_t need;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	full_snapshot(g, f);

	sm_goto(test, g, R_READY);
	scoped_guard(mutex, &g->lock)
		KUNIT_EXPECT_EQ(test, xesim_guc_blob_save_vf(&g->vf, TEST_DEVID, &g->cfg, &f->snap,
							     NULL, 0, &reply),
							     XE_GUC_RESPONSE_INVALID_STATE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_STATE, XESIM_GUC_VF_READY);
	ev_ok(test, g, XESIM_GUC_VF_EV_PAUSE, 0);
	scoped_guard(mutex, &g->lock)
		KUNIT_EXPECT_EQ(test, xesim_guc_blob_save_vf(&g->vf, TEST_DEVID, &g->cfg, &f->snap,
							     NULL, 0, &reply),
							     XE_GUC_RESPONSE_PENDING_ACTION);
	ev_ok(test, g, XESIM_GUC_VF_EV_PAUSE_DONE, 0);

	guard(mutex)(&g->lock);
	need = xesim_guc_blob_save(&g->vf, TEST_DEVID, &g->cfg, &f->snap, NULL, 0);
	KUNIT_ASSERT_GT(test, need, 0);
	KUNIT_EXPECT_EQ(test, need % 8, 0);

	buf = kunit_kzalloc(test, need, GFP_KERNEL);
	copy = kunit_kzalloc(test, need, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memset(buf, 0xa5, need);
	memset(copy, 0xa5, need);
	KUNIT_EXPECT_EQ(test, xesim_guc_blob_save(&g->vf, TEST_DEVID, &g->cfg, &f->snap, buf,
						  need - 8), -ENOBUFS);
	KUNIT_EXPECT_MEMEQ(test, buf, copy, need);
	KUNIT_EXPECT_EQ(test, xesim_guc_blob_save_vf(&g->vf, TEST_DEVID, &g->cfg, &f->snap, buf,
						     need - 4, &reply),
						     XE_GUC_RESPONSE_INVALID_SIZE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_SIZE, ENOBUFS);
	KUNIT_EXPECT_MEMEQ(test, buf, copy, need);
	KUNIT_EXPECT_EQ(test, xesim_guc_blob_save(&g->vf, TEST_DEVID, &g->cfg, &f->snap, buf,
						  need), need);

	/* a VF that registered nothing */
	KUNIT_EXPECT_EQ(test, xesim_guc_blob_save(&g->vf, TEST_DEVID, &g->cfg, &empty, NULL, 0),
			144);
}

/* Restore @blob into a fresh paused VF; expect @err and no change. */
static void expect_refused(struct kunit *test, const void *blob, size_t size, u16 devid,
			   int err, const char *what)
{
	struct gvf *dst = gvf_new(test, 2, DST_BASE);
	struct xesim_guc_vf_snapshot out;
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;
	struct xesim_hxg_hdr h;
	ssize_t ret;

	sm_goto(test, dst, R_RP);
	memset(&out, 0x5a, sizeof(out));
	scoped_guard(mutex, &dst->lock)
		ret = xesim_guc_blob_restore(&dst->vf, devid, &dst->cfg, blob, size, &out);
	KUNIT_EXPECT_EQ_MSG(test, ret, (ssize_t)err, "%s", what);

	KUNIT_EXPECT_EQ_MSG(test, restore_blob(dst, devid, blob, size, &out, &reply, &act),
			    xesim_guc_blob_errno_to_response(err), "%s", what);
	KUNIT_EXPECT_EQ(test, xesim_guc_hxg_decode(reply.msg[0], &h), 0);
	KUNIT_EXPECT_EQ_MSG(test, h.hint, (u32)-err, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, act.flags, 0u, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, xesim_guc_vf_state_get(&dst->vf), XESIM_GUC_VF_READY_PAUSED,
			    "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, dst->vf.marker, 0u, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, out.nr_ctxs, 0x5a5a5a5au, "%s: out touched", what);
	KUNIT_EXPECT_EQ_MSG(test, (unsigned long)out.mem, 0x5a5a5a5a5a5a5a5aul, "%s", what);
}

static void *saved_full_blob(struct kunit *test, size_t *size)
{
	struct gvf *src = gvf_new(test, 1, SRC_BASE);
	struct full_snap *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	sm_goto(test, src, R_RP);
	full_snapshot(src, f);
	return save_blob(test, src, &f->snap, size);
}

static void put_le32_at(void *blob, size_t off, u32 v)
{
	__le32 x = cpu_to_le32(v);

	memcpy((u8 *)blob + off, &x, sizeof(x));
}

/* Recompute the checksum after a test changed the blob on purpose. */
static void reseal(void *blob, size_t size)
{
	put_le32_at(blob, offsetof(struct xesim_guc_blob_hdr, crc), 0);
	put_le32_at(blob, offsetof(struct xesim_guc_blob_hdr, crc), crc32_le(~0, blob, size));
}

/* Flip every byte in turn: each corrupt blob is refused, nothing changes. */
static void blob_corrupt(struct kunit *test)
{
	const size_t version = offsetof(struct xesim_guc_blob_hdr, version);
	const size_t bsize = offsetof(struct xesim_guc_blob_hdr, size);
	size_t size, off;
	u8 *blob, *bad;

	blob = saved_full_blob(test, &size);
	bad = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bad);

	for (off = 0; off < size; off++) {
		char what[48];
		int err;

		memcpy(bad, blob, size);
		bad[off] ^= 0xff;
		if (off >= version && off < version + 2)
			err = -EPROTONOSUPPORT;
		else if (off >= bsize && off < bsize + 4)
			err = -ENODATA;	/* every flip makes it larger than the buffer */
		else
			err = -EBADMSG;
		snprintf(what, sizeof(what), "byte %zu flipped", off);
		expect_refused(test, bad, size, TEST_DEVID, err, what);
	}
}

/* Corruption that the checksum does not catch: resealed bad contents. */
static void blob_corrupt_sealed(struct kunit *test)
{
	static const struct {
		size_t off;
		u32 value;
		const char *what;
	} edits[] = {
		{ offsetof(struct xesim_guc_blob_hdr, flags), 0x2, "flags" },
		{ offsetof(struct xesim_guc_blob_hdr, state), XESIM_GUC_VF_READY, "state" },
		{ offsetof(struct xesim_guc_blob_hdr, marker), 0x1000, "marker" },
		{ offsetof(struct xesim_guc_blob_hdr, ggtt_start), 0x100800, "GGTT start" },
		{ offsetof(struct xesim_guc_blob_hdr, ggtt_size), 0, "GGTT size" },
		{ offsetof(struct xesim_guc_blob_hdr, num_ctxs), 2, "context count" },
		{ offsetof(struct xesim_guc_blob_hdr, rsvd), 1, "reserved (v1 doorbell count)" },
		{ offsetof(struct xesim_guc_blob_hdr, num_ctxs), 63, "context ID range" },
		{ offsetof(struct xesim_guc_blob_hdr, h2g.head), 1024, "CT head" },
		{ offsetof(struct xesim_guc_blob_hdr, g2h.size), 0, "CT size" },
		{ offsetof(struct xesim_guc_blob_hdr, h2g.buf_addr), 0x1000, "CT address" },
		{ offsetof(struct xesim_guc_blob_hdr, nr_refs), 3, "record counts" },
		{ 144 + 32 + 0, 0, "repeated context ID" },
		{ 144 + 32 + 8, 4, "context priority" },
		{ 144 + 32 + 16, 0x20800, "context image misaligned" },
		{ 144 + 32 + 16, 0x1000, "context image below the range" },
		{ 144 + 96 + 4, 1, "GGTT ref reserved field" },
		{ 144 + 96 + 24, 0x01100000, "GGTT ref above the range" },
		{ 144 + 96 + 32 + 12, 1, "padding" },
	};
	__le16 hdr_size = cpu_to_le16(sizeof(struct xesim_guc_blob_hdr) + 8);
	size_t size, i;
	u8 *blob, *bad;

	blob = saved_full_blob(test, &size);
	bad = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bad);
	KUNIT_ASSERT_EQ(test, size, (size_t)(144 + 96 + 32 + 16));

	memcpy(bad, blob, size);
	memcpy(bad + offsetof(struct xesim_guc_blob_hdr, hdr_size), &hdr_size, sizeof(hdr_size));
	reseal(bad, size);
	expect_refused(test, bad, size, TEST_DEVID, -EBADMSG, "header size");

	for (i = 0; i < ARRAY_SIZE(edits); i++) {
		memcpy(bad, blob, size);
		put_le32_at(bad, edits[i].off, edits[i].value);
		reseal(bad, size);
		expect_refused(test, bad, size, TEST_DEVID, -EBADMSG, edits[i].what);
	}
}

static void blob_truncated(struct kunit *test)
{
	size_t size, lens[] = { 0, 1, 3, 4, 64, 143, 144, 145, 200, 0, 0 };
	unsigned int i;
	u8 *blob;

	blob = saved_full_blob(test, &size);
	lens[ARRAY_SIZE(lens) - 2] = size - 8;
	lens[ARRAY_SIZE(lens) - 1] = size - 1;
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		char what[48];

		snprintf(what, sizeof(what), "truncated at %zu", lens[i]);
		expect_refused(test, blob, lens[i], TEST_DEVID, -ENODATA, what);
	}
}

static void blob_foreign(struct kunit *test)
{
	size_t size;
	u8 *blob;

	blob = saved_full_blob(test, &size);
	expect_refused(test, blob, size, TEST_DEVID + 1, -EXDEV, "other device id");
}

static void blob_version(struct kunit *test)
{
	const size_t at = offsetof(struct xesim_guc_blob_hdr, version);
	__le16 v = cpu_to_le16(XESIM_GUC_BLOB_VERSION + 1);
	size_t size;
	u8 *blob;

	blob = saved_full_blob(test, &size);
	memcpy(blob + at, &v, sizeof(v));
	expect_refused(test, blob, size, TEST_DEVID, -EPROTONOSUPPORT, "version 2");
	reseal(blob, size);
	expect_refused(test, blob, size, TEST_DEVID, -EPROTONOSUPPORT, "version 2, sealed");
}

/* A destination that cannot hold the state, and destinations in wrong states. */
static void blob_destination(struct kunit *test)
{
	struct xesim_guc_vf_snapshot out = {};
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;
	struct gvf *dst;
	size_t size;
	u8 *blob;

	blob = saved_full_blob(test, &size);

	dst = gvf_new(test, 2, DST_BASE);
	dst->cfg.num_ctxs = 63;		/* context 63 does not fit */
	sm_goto(test, dst, R_RP);
	KUNIT_EXPECT_EQ(test, restore_blob(dst, TEST_DEVID, blob, size, &out, &reply, &act),
			XE_GUC_RESPONSE_DATA_TOO_LARGE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_DATA_TOO_LARGE, ENOSPC);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&dst->vf), XESIM_GUC_VF_READY_PAUSED);

	dst = gvf_new(test, 2, DST_BASE);
	dst->cfg.ggtt_size = SZ_8M;	/* the last context image does not fit */
	sm_goto(test, dst, R_RP);
	KUNIT_EXPECT_EQ(test, restore_blob(dst, TEST_DEVID, blob, size, &out, &reply, &act),
			XE_GUC_RESPONSE_DATA_TOO_LARGE);
	KUNIT_EXPECT_EQ(test, xesim_guc_vf_state_get(&dst->vf), XESIM_GUC_VF_READY_PAUSED);

	dst = gvf_new(test, 2, DST_BASE);
	sm_goto(test, dst, R_READY);
	KUNIT_EXPECT_EQ(test, restore_blob(dst, TEST_DEVID, blob, size, &out, &reply, &act),
			XE_GUC_RESPONSE_INVALID_STATE);
	expect_failure(test, &reply, XE_GUC_RESPONSE_INVALID_STATE, XESIM_GUC_VF_READY);
	KUNIT_EXPECT_EQ(test, dst->vf.refused, 1u);

	dst = gvf_new(test, 2, DST_BASE);
	sm_goto(test, dst, R_RP_PEND);
	KUNIT_EXPECT_EQ(test, restore_blob(dst, TEST_DEVID, blob, size, &out, &reply, &act),
			XE_GUC_RESPONSE_PENDING_ACTION);

	dst = gvf_new(test, 2, DST_BASE);
	sm_goto(test, dst, R_XP);
	KUNIT_EXPECT_EQ(test, restore_blob(dst, TEST_DEVID, blob, size, &out, &reply, &act),
			XE_GUC_RESPONSE_INVALID_STATE);
	KUNIT_EXPECT_NULL(test, out.mem);
	KUNIT_EXPECT_EQ(test, out.nr_ctxs, 0u);

	/* a buffer shorter than the blob */
	dst = gvf_new(test, 2, DST_BASE);
	sm_goto(test, dst, R_RP);
	KUNIT_EXPECT_EQ(test, restore_blob(dst, TEST_DEVID, blob, size - 8, &out, &reply, &act),
			XE_GUC_RESPONSE_INVALID_SIZE);
	KUNIT_EXPECT_EQ(test, xesim_guc_blob_errno_to_response(-EFAULT),
			XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS);
	KUNIT_EXPECT_EQ(test, xesim_guc_blob_errno_to_response(-EIO),
			XE_GUC_RESPONSE_STATUS_GENERIC_FAIL);
}

/* A buffer longer than the blob is fine; the reply says what was used. */
static void blob_longer_buffer(struct kunit *test)
{
	struct xesim_guc_vf_snapshot out = {};
	struct xesim_guc_vf_action act;
	struct xesim_hxg_reply reply;
	struct gvf *dst;
	size_t size;
	u8 *blob, *big;

	blob = saved_full_blob(test, &size);
	big = kunit_kzalloc(test, size + 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	memcpy(big, blob, size);

	dst = gvf_new(test, 2, DST_BASE);
	sm_goto(test, dst, R_RP);
	KUNIT_EXPECT_EQ(test, restore_blob(dst, TEST_DEVID, big, size + 64, &out, &reply, &act),
			0u);
	expect_success(test, &reply, 1, size / sizeof(u32));
	xesim_guc_blob_snapshot_free(&out);
}

static struct kunit_case blob_cases[] = {
	KUNIT_CASE(blob_roundtrip_rebase),
	KUNIT_CASE(blob_save),
	KUNIT_CASE(blob_corrupt),
	KUNIT_CASE(blob_corrupt_sealed),
	KUNIT_CASE(blob_truncated),
	KUNIT_CASE(blob_foreign),
	KUNIT_CASE(blob_version),
	KUNIT_CASE(blob_destination),
	KUNIT_CASE(blob_longer_buffer),
	{}
};

static struct kunit_suite blob_suite = {
	.name = "xesim_guc_blob",
	.test_cases = blob_cases,
};

/* Linked into the xesim_test module, whose xesim_test_env.c imports the namespace. */
kunit_test_suites(&state_suite, &relay_suite, &blob_suite);
