// SPDX-License-Identifier: GPL-2.0
/*
 * The GuC firmware model: the GuC's state machine of one VF.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "abi/guc_actions_abi.h"
#include "xesim_guc_vf_state.h"

/**
 * DOC: GuC VF state machine
 *
 * The GuC keeps one state per VF. The PF drives it with PF2GUC_VF_CONTROL
 * and PF2GUC_SAVE_RESTORE_VF, the VF with its MMIO relay requests, and the
 * device with the pause completion. The restore flow of a migration is the
 * spine of it::
 *
 *	                      provision
 *	(UNPROVISIONED) ------------------> (READY) <----------------------o
 *	                                     |   ^                         |
 *	                                pause|   |resume                   |
 *	                                     v   |                         |
 *	(RUNNING) --------pause-------> (READY_PAUSED)*              VF_RESET
 *	    ^                                |                             |
 *	    |                             restore                          |
 *	    |                                v                             |
 *	    |                          (RESFIX_PAUSED)* <------pause----o  |
 *	    |                                |                          |  |
 *	    |                     resume + raise MIGRATED               |  |
 *	    |                                v                          |  |
 *	    o----RESFIX_DONE(marker)---(RESFIX_BLOCKED)-----------------o--o
 *	                                  |       ^
 *	                                  o-------o
 *	                        RESFIX_START(marker) stores the marker;
 *	                        RESFIX_DONE(other marker) = VF_MIGRATED
 *
 * and around it:
 *
 * - ``*`` a pause completes asynchronously. The state changes at once and
 *   the VF's work is no longer scheduled, but PAUSE_DONE goes to the PF only
 *   when the device reports, through xesim_guc_vf_state_pause_done(), that its
 *   engines hold nothing of the VF in flight. Until then save and restore
 *   are refused with PENDING_ACTION.
 * - stop: from READY, RUNNING and the paused and RESFIX states to
 *   (STOPPED), which only an FLR leaves.
 * - FLR start: from every state (FLR always recovers a VF) to
 *   (FLR_IN_PROGRESS); the GuC forgets the VF's state, the device wipes its
 *   resources, and the PF gets FLR_DONE. FLR finish: to (READY), or to
 *   (UNPROVISIONED) if the VF has no usable configuration.
 * - VF_RESET: from READY, RUNNING and RESFIX_BLOCKED to (READY), forgetting
 *   the GuC's state of the VF (a VF driver that loads after a migration
 *   starts afresh).
 * - unprovision: from READY, RUNNING, READY_PAUSED and STOPPED to
 *   (UNPROVISIONED). A new configuration is refused while a restore or its
 *   fix-ups are in progress (RESFIX_PAUSED, RESFIX_BLOCKED): the GuC has
 *   rebased its references against the configuration the VF is about to
 *   query.
 * - save: allowed in the paused states, without a state change.
 * - MATCH_VERSION and QUERY_SINGLE_KLV: allowed in READY, RUNNING and
 *   RESFIX_BLOCKED (the fix-ups query the new configuration).
 * - VF work (CT messages, submissions, doorbells): only in READY and
 *   RUNNING.
 *
 * Every other request is refused, without a state change, with
 * UNPROVISIONED_VF in the unprovisioned state and INVALID_STATE elsewhere.
 * RESFIX_START in READY or RUNNING is refused too: a MIGRATED interrupt that
 * did not come from a restore gets INVALID_STATE and the VF carries on.
 *
 * The marker makes a second migration during fix-ups visible to the VF: a
 * restore resets it, so the RESFIX_DONE of fix-ups that began on the source
 * gets VF_MIGRATED, and the VF starts its recovery again with a new marker.
 *
 * Locking: the state machine takes no lock of its own. Every call that takes
 * a &struct xesim_guc_vf_state runs under the device's per-VF GuC mutex
 * given to xesim_guc_vf_state_init() (asserted with lockdep); the same mutex
 * protects the VF's &struct xesim_guc_vf_config and whatever the device
 * changes as told by a &struct xesim_guc_vf_action, so that a transition and
 * its effects are atomic. Only xesim_guc_vf_state_get() and
 * xesim_guc_vf_state_runnable() may be called without it, for a hint (e.g. in an
 * engine's scheduling loop) that the caller confirms under the mutex.
 */

#define vf_dbg(vf, fmt, ...) pr_debug("%s: " fmt, (vf)->name, ##__VA_ARGS__)

/* The next state and effects of one decided transition. */
struct vf_next {
	enum xesim_guc_vf_state_id cur;
	bool pause_pending;
	bool provisioned;
	u32 marker;
	struct xesim_guc_vf_action act;
};

static const char * const state_names[XESIM_GUC_VF_NUM_STATES] = {
	[XESIM_GUC_VF_UNPROVISIONED] = "UNPROVISIONED",
	[XESIM_GUC_VF_READY] = "READY",
	[XESIM_GUC_VF_READY_PAUSED] = "READY_PAUSED",
	[XESIM_GUC_VF_RESFIX_PAUSED] = "RESFIX_PAUSED",
	[XESIM_GUC_VF_RESFIX_BLOCKED] = "RESFIX_BLOCKED",
	[XESIM_GUC_VF_RUNNING] = "RUNNING",
	[XESIM_GUC_VF_STOPPED] = "STOPPED",
	[XESIM_GUC_VF_FLR_IN_PROGRESS] = "FLR_IN_PROGRESS",
};

static const char * const event_names[XESIM_GUC_VF_NUM_EVENTS] = {
	[XESIM_GUC_VF_EV_PROVISION] = "provision",
	[XESIM_GUC_VF_EV_UNPROVISION] = "unprovision",
	[XESIM_GUC_VF_EV_PAUSE] = "pause",
	[XESIM_GUC_VF_EV_RESUME] = "resume",
	[XESIM_GUC_VF_EV_STOP] = "stop",
	[XESIM_GUC_VF_EV_FLR_START] = "FLR start",
	[XESIM_GUC_VF_EV_FLR_FINISH] = "FLR finish",
	[XESIM_GUC_VF_EV_PAUSE_DONE] = "pause done",
	[XESIM_GUC_VF_EV_SAVE] = "save",
	[XESIM_GUC_VF_EV_RESTORE] = "restore",
	[XESIM_GUC_VF_EV_VF_RESET] = "VF_RESET",
	[XESIM_GUC_VF_EV_VF_QUERY] = "query",
	[XESIM_GUC_VF_EV_RESFIX_START] = "RESFIX_START",
	[XESIM_GUC_VF_EV_RESFIX_DONE] = "RESFIX_DONE",
	[XESIM_GUC_VF_EV_VF_SUBMIT] = "submit",
};

/**
 * xesim_guc_vf_state_name() - Name of a GuC VF state.
 * @state: the state.
 *
 * Context: any context.
 * Return: the upstream-style name ("READY_PAUSED"), or "?" if unknown.
 */
const char *xesim_guc_vf_state_name(enum xesim_guc_vf_state_id state)
{
	if ((unsigned int)state >= XESIM_GUC_VF_NUM_STATES)
		return "?";
	return state_names[state];
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_vf_state_name);

/**
 * xesim_guc_vf_state_event_name() - Name of a GuC VF state machine event.
 * @ev: the event.
 *
 * Context: any context.
 * Return: a short name ("pause", "RESFIX_DONE"), or "?" if unknown.
 */
const char *xesim_guc_vf_state_event_name(enum xesim_guc_vf_event ev)
{
	if ((unsigned int)ev >= XESIM_GUC_VF_NUM_EVENTS)
		return "?";
	return event_names[ev];
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_vf_state_event_name);

/**
 * xesim_guc_vf_state_config_usable() - Whether a VF configuration lets the VF run.
 * @cfg: the configuration.
 *
 * A VF needs a GGTT range and at least one context; local memory and
 * doorbells are optional.
 *
 * Context: any context.
 * Return: true if @cfg provisions the VF.
 */
bool xesim_guc_vf_state_config_usable(const struct xesim_guc_vf_config *cfg)
{
	return cfg->ggtt_size && cfg->num_ctxs;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_vf_state_config_usable);

/**
 * xesim_guc_vf_state_init() - Set up a VF's GuC state machine.
 * @vf: the state machine.
 * @name: the VF's name for log lines (copied; may be truncated).
 * @vfid: the VF number, 1-based.
 * @lock: the device's per-VF GuC mutex, held around every later call.
 *
 * The VF starts unprovisioned.
 *
 * Context: any context.
 */
void xesim_guc_vf_state_init(struct xesim_guc_vf_state *vf, const char *name,
			     unsigned int vfid, struct mutex *lock)
{
	memset(vf, 0, sizeof(*vf));
	vf->lock = lock;
	strscpy(vf->name, name, sizeof(vf->name));
	vf->vfid = vfid;
	vf->cur = XESIM_GUC_VF_UNPROVISIONED;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_vf_state_init);

static bool is_paused(enum xesim_guc_vf_state_id s)
{
	return s == XESIM_GUC_VF_READY_PAUSED || s == XESIM_GUC_VF_RESFIX_PAUSED;
}

static bool is_operable(enum xesim_guc_vf_state_id s)
{
	return s == XESIM_GUC_VF_READY || s == XESIM_GUC_VF_RUNNING;
}

static bool marker_valid(u32 marker)
{
	return marker && marker <= FIELD_MAX(VF2GUC_RESFIX_START_REQUEST_MSG_0_MARKER);
}

/*
 * Decide the transition for @ev in the current state. Returns 0 with @next
 * filled in, or the GuC error code of the refusal.
 */
static u32 vf_decide(const struct xesim_guc_vf_state *vf,
		     enum xesim_guc_vf_event ev, u32 arg, struct vf_next *next)
{
	enum xesim_guc_vf_state_id s = vf->cur;
	bool pending = vf->pause_pending;
	u32 *flags = &next->act.flags;

	next->cur = s;
	next->pause_pending = pending;
	next->provisioned = vf->provisioned;
	next->marker = vf->marker;
	next->act.flags = 0;
	next->act.notify = 0;

	switch (ev) {
	case XESIM_GUC_VF_EV_PROVISION:
		if (s == XESIM_GUC_VF_RESFIX_PAUSED || s == XESIM_GUC_VF_RESFIX_BLOCKED)
			goto err_refuse;
		next->provisioned = true;
		if (s == XESIM_GUC_VF_UNPROVISIONED)
			next->cur = XESIM_GUC_VF_READY;
		return 0;

	case XESIM_GUC_VF_EV_UNPROVISION:
		if (s == XESIM_GUC_VF_RESFIX_PAUSED || s == XESIM_GUC_VF_RESFIX_BLOCKED)
			goto err_refuse;
		next->provisioned = false;
		if (s == XESIM_GUC_VF_UNPROVISIONED || s == XESIM_GUC_VF_FLR_IN_PROGRESS)
			return 0;
		next->cur = XESIM_GUC_VF_UNPROVISIONED;
		next->pause_pending = false;
		next->marker = 0;
		*flags = XESIM_GUC_VF_ACT_STOP_ENGINES | XESIM_GUC_VF_ACT_RESET_GUC;
		return 0;

	case XESIM_GUC_VF_EV_PAUSE:
		if (is_operable(s))
			next->cur = XESIM_GUC_VF_READY_PAUSED;
		else if (s == XESIM_GUC_VF_RESFIX_BLOCKED)
			next->cur = XESIM_GUC_VF_RESFIX_PAUSED;
		else
			goto err_refuse;
		next->pause_pending = true;
		*flags = XESIM_GUC_VF_ACT_STOP_ENGINES | XESIM_GUC_VF_ACT_WAIT_IDLE;
		return 0;

	case XESIM_GUC_VF_EV_RESUME:
		next->pause_pending = false;
		if (s == XESIM_GUC_VF_READY_PAUSED) {
			next->cur = XESIM_GUC_VF_READY;
			*flags = XESIM_GUC_VF_ACT_ALLOW_ENGINES;
		} else if (s == XESIM_GUC_VF_RESFIX_PAUSED) {
			next->cur = XESIM_GUC_VF_RESFIX_BLOCKED;
			*flags = XESIM_GUC_VF_ACT_RAISE_MIGRATED;
		} else {
			goto err_refuse;
		}
		return 0;

	case XESIM_GUC_VF_EV_STOP:
		if (s == XESIM_GUC_VF_UNPROVISIONED || s == XESIM_GUC_VF_STOPPED ||
		    s == XESIM_GUC_VF_FLR_IN_PROGRESS)
			goto err_refuse;
		next->cur = XESIM_GUC_VF_STOPPED;
		next->pause_pending = false;
		*flags = XESIM_GUC_VF_ACT_STOP_ENGINES;
		return 0;

	case XESIM_GUC_VF_EV_FLR_START:
		next->cur = XESIM_GUC_VF_FLR_IN_PROGRESS;
		next->pause_pending = false;
		next->marker = 0;
		*flags = XESIM_GUC_VF_ACT_STOP_ENGINES | XESIM_GUC_VF_ACT_RESET_GUC |
			 XESIM_GUC_VF_ACT_WIPE;
		next->act.notify = GUC_PF_NOTIFY_VF_FLR_DONE;
		return 0;

	case XESIM_GUC_VF_EV_FLR_FINISH:
		if (s != XESIM_GUC_VF_FLR_IN_PROGRESS)
			goto err_refuse;
		if (vf->provisioned) {
			next->cur = XESIM_GUC_VF_READY;
			*flags = XESIM_GUC_VF_ACT_ALLOW_ENGINES;
		} else {
			next->cur = XESIM_GUC_VF_UNPROVISIONED;
		}
		return 0;

	case XESIM_GUC_VF_EV_PAUSE_DONE:
		if (!is_paused(s) || !pending)
			goto err_refuse;
		next->pause_pending = false;
		next->act.notify = GUC_PF_NOTIFY_VF_PAUSE_DONE;
		return 0;

	case XESIM_GUC_VF_EV_SAVE:
		if (!is_paused(s))
			goto err_refuse;
		if (pending)
			return XE_GUC_RESPONSE_PENDING_ACTION;
		return 0;

	case XESIM_GUC_VF_EV_RESTORE:
		if (s != XESIM_GUC_VF_READY_PAUSED)
			goto err_refuse;
		if (pending)
			return XE_GUC_RESPONSE_PENDING_ACTION;
		next->cur = XESIM_GUC_VF_RESFIX_PAUSED;
		next->marker = 0;
		*flags = XESIM_GUC_VF_ACT_LOAD_STATE;
		return 0;

	case XESIM_GUC_VF_EV_VF_RESET:
		if (!is_operable(s) && s != XESIM_GUC_VF_RESFIX_BLOCKED)
			goto err_refuse;
		next->cur = XESIM_GUC_VF_READY;
		next->marker = 0;
		*flags = XESIM_GUC_VF_ACT_RESET_GUC | XESIM_GUC_VF_ACT_ALLOW_ENGINES;
		return 0;

	case XESIM_GUC_VF_EV_VF_QUERY:
		if (!is_operable(s) && s != XESIM_GUC_VF_RESFIX_BLOCKED)
			goto err_refuse;
		return 0;

	case XESIM_GUC_VF_EV_RESFIX_START:
		if (!marker_valid(arg))
			return XE_GUC_RESPONSE_INVALID_PARAMS;
		if (s != XESIM_GUC_VF_RESFIX_BLOCKED)
			goto err_refuse;
		next->marker = arg;
		return 0;

	case XESIM_GUC_VF_EV_RESFIX_DONE:
		if (!marker_valid(arg))
			return XE_GUC_RESPONSE_INVALID_PARAMS;
		if (s != XESIM_GUC_VF_RESFIX_BLOCKED)
			goto err_refuse;
		if (vf->marker != arg)
			return XE_GUC_RESPONSE_VF_MIGRATED;
		next->cur = XESIM_GUC_VF_RUNNING;
		next->marker = 0;
		*flags = XESIM_GUC_VF_ACT_ALLOW_ENGINES;
		next->act.notify = GUC_PF_NOTIFY_VF_FIXUP_DONE;
		return 0;

	case XESIM_GUC_VF_EV_VF_SUBMIT:
		if (!is_operable(s))
			goto err_refuse;
		return 0;

	default:
		return XE_GUC_RESPONSE_INVALID_EVENT;
	}

err_refuse:
	return s == XESIM_GUC_VF_UNPROVISIONED ? XE_GUC_RESPONSE_UNPROVISIONED_VF :
						 XE_GUC_RESPONSE_INVALID_STATE;
}

/**
 * xesim_guc_vf_state_check() - Whether an event would be accepted now.
 * @vf: the VF's state machine.
 * @ev: the event.
 * @arg: the event's argument (the marker of RESFIX_START and RESFIX_DONE,
 *       else unused).
 *
 * Decides as xesim_guc_vf_state_handle() would, without changing anything. Used
 * to refuse a request before doing expensive work for it (e.g. parsing a
 * restore blob).
 *
 * Context: process context, with the VF's GuC mutex held.
 * Return: 0 if @ev would be accepted, else the GuC error code it would get.
 */
u32 xesim_guc_vf_state_check(const struct xesim_guc_vf_state *vf,
			     enum xesim_guc_vf_event ev, u32 arg)
{
	struct vf_next next;

	lockdep_assert_held(vf->lock);
	return vf_decide(vf, ev, arg, &next);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_vf_state_check);

/**
 * xesim_guc_vf_state_handle() - Apply an event to a VF's GuC state.
 * @vf: the VF's state machine.
 * @ev: the event.
 * @arg: the event's argument (the marker of RESFIX_START and RESFIX_DONE,
 *       else unused).
 * @act: out: what the device must do now (all zero on refusal).
 *
 * A refused event changes nothing and is counted in &xesim_guc_vf_state.refused.
 *
 * Context: process context, with the VF's GuC mutex held.
 * Return: 0 on success, else the GuC error code to reply with
 * (XE_GUC_RESPONSE_INVALID_STATE, XE_GUC_RESPONSE_UNPROVISIONED_VF,
 * XE_GUC_RESPONSE_PENDING_ACTION, XE_GUC_RESPONSE_VF_MIGRATED,
 * XE_GUC_RESPONSE_INVALID_PARAMS for a zero or oversized marker, or
 * XE_GUC_RESPONSE_INVALID_EVENT for an unknown event).
 */
u32 xesim_guc_vf_state_handle(struct xesim_guc_vf_state *vf,
			      enum xesim_guc_vf_event ev, u32 arg,
			      struct xesim_guc_vf_action *act)
{
	struct vf_next next;
	u32 err;

	lockdep_assert_held(vf->lock);

	err = vf_decide(vf, ev, arg, &next);
	if (err) {
		vf->refused++;
		act->flags = 0;
		act->notify = 0;
		vf_dbg(vf, "%s refused in %s%s: error %#x\n",
		       xesim_guc_vf_state_event_name(ev), xesim_guc_vf_state_name(vf->cur),
		       vf->pause_pending ? " (pause pending)" : "", err);
		return err;
	}

	if (next.cur != vf->cur)
		vf_dbg(vf, "%s: %s -> %s\n", xesim_guc_vf_state_event_name(ev),
		       xesim_guc_vf_state_name(vf->cur),
		       xesim_guc_vf_state_name(next.cur));
	WRITE_ONCE(vf->cur, next.cur);
	vf->pause_pending = next.pause_pending;
	vf->provisioned = next.provisioned;
	vf->marker = next.marker;
	*act = next.act;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_vf_state_handle);

/**
 * xesim_guc_vf_state_pause_done() - Complete a pending pause.
 * @vf: the VF's state machine.
 * @act: out: what the device must do now (notify PAUSE_DONE to the PF).
 *
 * The device calls this when it was told %XESIM_GUC_VF_ACT_WAIT_IDLE and
 * its engines no longer hold any of the VF's work in flight (possibly at
 * once, if they held none).
 *
 * Context: process context, with the VF's GuC mutex held.
 * Return: 0, or XE_GUC_RESPONSE_INVALID_STATE if no pause is pending (a
 * late call after a resume, stop or FLR; nothing changes).
 */
u32 xesim_guc_vf_state_pause_done(struct xesim_guc_vf_state *vf,
				  struct xesim_guc_vf_action *act)
{
	return xesim_guc_vf_state_handle(vf, XESIM_GUC_VF_EV_PAUSE_DONE, 0, act);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_vf_state_pause_done);

/**
 * xesim_guc_vf_state_get() - Peek at a VF's GuC state.
 * @vf: the VF's state machine.
 *
 * Context: any context; without the VF's GuC mutex the answer may be stale.
 * Return: the current state.
 */
enum xesim_guc_vf_state_id
xesim_guc_vf_state_get(const struct xesim_guc_vf_state *vf)
{
	return READ_ONCE(vf->cur);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_vf_state_get);

/**
 * xesim_guc_vf_state_runnable() - Whether the engines may run the VF's work.
 * @vf: the VF's state machine.
 *
 * Context: any context; without the VF's GuC mutex the answer may be stale.
 * Return: true in READY and RUNNING.
 */
bool xesim_guc_vf_state_runnable(const struct xesim_guc_vf_state *vf)
{
	return is_operable(READ_ONCE(vf->cur));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_vf_state_runnable);
