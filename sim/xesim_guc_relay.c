// SPDX-License-Identifier: GPL-2.0
/*
 * The GuC firmware model: the VF's MMIO relay requests.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/wordpart.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_klvs_abi.h"
#include "abi/guc_relay_abi.h"
#include "abi/xe_regs_abi.h"
#include "xesim_guc_hxg.h"
#include "xesim_guc_relay.h"
#include "xesim_guc_vf_state.h"

#include "xesim_printk.h"

/**
 * DOC: GuC MMIO relay
 *
 * A VF talks to the GuC before (and during post-migration recovery, instead
 * of) its CT channel through the MMIO relay: it writes an HXG request into
 * its VF_SW_FLAG(0..3) scratch registers, rings GUC_HOST_INTERRUPT, and
 * polls VF_SW_FLAG(0) until the GuC origin bit appears; the reply overwrites
 * the same registers. xesim_guc_relay_handle() is the GuC's side of it: the
 * device passes the scratch dwords and gets back the reply dwords and what
 * to do (&struct xesim_guc_vf_action).
 *
 * Length: the relay carries no length field and a VF writes only the dwords
 * of its request, so the other scratch registers keep older contents. The
 * length of a request is therefore implied by its action; the device passes
 * every scratch dword (or as many as it knows were written) and the relay
 * requires at least the action's length and ignores the dwords after it. A
 * request shorter than its action's length gets INVALID_SIZE.
 *
 * Requests handled: VF2GUC_VF_RESET, VF2GUC_MATCH_VERSION,
 * VF2GUC_QUERY_SINGLE_KLV (GGTT start and size, LMEM size, contexts,
 * doorbells), VF2GUC_RESFIX_START and VF2GUC_RESFIX_DONE. Each is checked in
 * this order, and the first failure is the reply (failure ERROR, HINT):
 *
 * - an injected retry fault: a retry reply, nothing processed;
 * - no dword at all, or more than 4: INVALID_SIZE, hint the limit broken;
 * - origin not host, or type not request: ERROR_PROTOCOL, hint the header's
 *   bits 31:28 (origin and type as received);
 * - an action the relay does not serve: UNKNOWN_ACTION, hint 0;
 * - fewer dwords than the action needs: INVALID_SIZE, hint the needed
 *   length;
 * - a must-be-zero field set, a zero marker, a version field out of range:
 *   INVALID_PARAMS, hint the index of the dword holding it;
 * - the VF's state does not allow the request: INVALID_STATE or
 *   UNPROVISIONED_VF, hint the GuC VF state (&enum xesim_guc_vf_state_id);
 *   RESFIX_DONE with a marker other than the one of the accepted
 *   RESFIX_START: VF_MIGRATED, hint 0;
 * - a key that is not a VF configuration key: INVALID_KLV_KEY, hint 1; a
 *   version branch the model does not have: UNSUPPORTED_VERSION, hint 1.
 *
 * An injected busy fault processes the request normally and marks the reply
 * busy: the device shows the busy reply first and the final one later.
 *
 * MATCH_VERSION: the model implements VF interface 1.27.0 (branch 0), the
 * first with migration support. A wanted major of 0 ("any") or above 1 gets
 * 1.27.0 (the VF decides whether it can use it); major 1 gets minor
 * min(wanted, 27), with the patch level of 27 only when minor 27 is chosen.
 */

static_assert(GUC_MAX_MMIO_MSG_LEN == VF_SW_FLAG_COUNT);

/* Apply a VF request's event; on refusal, reply as documented. */
static u32 relay_event(struct xesim_guc_vf_state *vf,
		       enum xesim_guc_vf_event ev, u32 arg,
		       struct xesim_hxg_reply *reply,
		       struct xesim_guc_vf_action *act)
{
	u32 err = xesim_guc_vf_state_handle(vf, ev, arg, act);

	if (err)
		return xesim_guc_hxg_reply_fail(reply, err,
				  err == XE_GUC_RESPONSE_VF_MIGRATED ? 0 : vf->cur);
	return 0;
}

static u32 relay_vf_reset(struct xesim_guc_vf_state *vf, const u32 *msg,
			  struct xesim_hxg_reply *reply,
			  struct xesim_guc_vf_action *act)
{
	u32 err;

	if (FIELD_GET(VF2GUC_VF_RESET_REQUEST_MSG_0_MBZ, msg[0]))
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	err = relay_event(vf, XESIM_GUC_VF_EV_VF_RESET, 0, reply, act);
	if (err)
		return err;
	return xesim_guc_hxg_reply_ok(reply, 0);
}

static u32 relay_match_version(struct xesim_guc_vf_state *vf, const u32 *msg,
			       struct xesim_hxg_reply *reply,
			       struct xesim_guc_vf_action *act)
{
	u32 branch, major, minor, patch, err;

	if (FIELD_GET(VF2GUC_MATCH_VERSION_REQUEST_MSG_0_MBZ, msg[0]))
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	if (FIELD_GET(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_MBZ, msg[1]))
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 1);
	err = relay_event(vf, XESIM_GUC_VF_EV_VF_QUERY, 0, reply, act);
	if (err)
		return err;

	branch = FIELD_GET(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_BRANCH, msg[1]);
	major = FIELD_GET(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_MAJOR, msg[1]);
	minor = FIELD_GET(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_MINOR, msg[1]);

	if (branch != GUC_VERSION_BRANCH_ANY && branch != XESIM_GUC_VF_ABI_BRANCH)
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_UNSUPPORTED_VERSION, 1);

	if (major == XESIM_GUC_VF_ABI_MAJOR && minor != GUC_VERSION_MINOR_ANY &&
	    minor < XESIM_GUC_VF_ABI_MINOR) {
		/* an older minor of the same major: compatible, no patch level */
		patch = 0;
	} else {
		/* "any", the latest minor, or another major: offer our version */
		minor = XESIM_GUC_VF_ABI_MINOR;
		patch = XESIM_GUC_VF_ABI_PATCH;
	}

	xesim_guc_hxg_reply_ok(reply, 0);
	reply->msg[1] = FIELD_PREP(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_BRANCH,
				   XESIM_GUC_VF_ABI_BRANCH) |
			FIELD_PREP(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_MAJOR,
				   XESIM_GUC_VF_ABI_MAJOR) |
			FIELD_PREP(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_MINOR, minor) |
			FIELD_PREP(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_PATCH, patch);
	reply->len = VF2GUC_MATCH_VERSION_RESPONSE_MSG_LEN;
	return 0;
}

static u32 relay_query_klv(struct xesim_guc_vf_state *vf,
			   const struct xesim_guc_vf_config *cfg,
			   const u32 *msg, struct xesim_hxg_reply *reply,
			   struct xesim_guc_vf_action *act)
{
	u32 key, len, err;
	u64 value;

	if (FIELD_GET(VF2GUC_QUERY_SINGLE_KLV_REQUEST_MSG_0_MBZ, msg[0]))
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	if (FIELD_GET(VF2GUC_QUERY_SINGLE_KLV_REQUEST_MSG_1_MBZ, msg[1]))
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 1);
	err = relay_event(vf, XESIM_GUC_VF_EV_VF_QUERY, 0, reply, act);
	if (err)
		return err;

	key = FIELD_GET(VF2GUC_QUERY_SINGLE_KLV_REQUEST_MSG_1_KEY, msg[1]);
	switch (key) {
	case GUC_KLV_VF_CFG_GGTT_START_KEY:
		value = cfg->ggtt_start;
		len = GUC_KLV_VF_CFG_GGTT_START_LEN;
		break;
	case GUC_KLV_VF_CFG_GGTT_SIZE_KEY:
		value = cfg->ggtt_size;
		len = GUC_KLV_VF_CFG_GGTT_SIZE_LEN;
		break;
	case GUC_KLV_VF_CFG_LMEM_SIZE_KEY:
		value = cfg->lmem_size;
		len = GUC_KLV_VF_CFG_LMEM_SIZE_LEN;
		break;
	case GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY:
		value = cfg->num_ctxs;
		len = GUC_KLV_VF_CFG_NUM_CONTEXTS_LEN;
		break;
	case GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY:
		value = cfg->num_dbs;
		len = GUC_KLV_VF_CFG_NUM_DOORBELLS_LEN;
		break;
	default:
		xesim_guc_vf_dbg(vf, "query of unknown KLV key %#x\n", key);
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_KLV_KEY, 1);
	}

	xesim_guc_hxg_reply_ok(reply,
			       FIELD_PREP(VF2GUC_QUERY_SINGLE_KLV_RESPONSE_MSG_0_LENGTH, len));
	reply->msg[1] = lower_32_bits(value);
	if (len > 1)
		reply->msg[2] = upper_32_bits(value);
	reply->len = 1 + len;
	return 0;
}

static u32 relay_resfix(struct xesim_guc_vf_state *vf,
			enum xesim_guc_vf_event ev, const u32 *msg,
			struct xesim_hxg_reply *reply,
			struct xesim_guc_vf_action *act)
{
	u32 marker = FIELD_GET(VF2GUC_RESFIX_START_REQUEST_MSG_0_MARKER, msg[0]);
	u32 err;

	if (!marker)
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	err = relay_event(vf, ev, marker, reply, act);
	if (err)
		return err;
	return xesim_guc_hxg_reply_ok(reply, 0);
}

static u32 relay_need(u32 len, u32 need, struct xesim_hxg_reply *reply)
{
	if (len < need)
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, need);
	return 0;
}

/**
 * xesim_guc_relay_handle() - Serve one MMIO relay request of a VF.
 * @vf: the VF's GuC state machine.
 * @cfg: the VF's configuration (read only).
 * @msg: the request, as read from VF_SW_FLAG(0) onwards.
 * @len: the number of dwords in @msg, 1 to GUC_MAX_MMIO_MSG_LEN (see `GuC
 *       MMIO relay` for how the length is used).
 * @fault: the fault to inject, from the device's knobs.
 * @reply: out: the reply to write back into the scratch registers.
 * @act: out: what the device must do now.
 *
 * Never fails as a function: every problem is a failure reply.
 *
 * Context: process context, with the VF's GuC mutex held.
 * Return: 0 if the request succeeded (or was dropped by a retry fault), else
 * the GuC error code of the failure reply.
 */
u32 xesim_guc_relay_handle(struct xesim_guc_vf_state *vf,
			   const struct xesim_guc_vf_config *cfg,
			   const u32 *msg, u32 len,
			   enum xesim_guc_relay_fault fault,
			   struct xesim_hxg_reply *reply,
			   struct xesim_guc_vf_action *act)
{
	u32 action, err;

	lockdep_assert_held(vf->lock);
	memset(reply, 0, sizeof(*reply));
	act->flags = 0;
	act->notify = 0;

	if (fault == XESIM_GUC_RELAY_RETRY) {
		reply->msg[0] = xesim_guc_hxg_retry(GUC_HXG_RETRY_REASON_UNSPECIFIED);
		reply->len = GUC_HXG_RETRY_MSG_LEN;
		return 0;
	}
	if (fault == XESIM_GUC_RELAY_BUSY) {
		reply->busy = true;
		reply->busy_msg = xesim_guc_hxg_busy(0);
	}

	if (len < GUC_HXG_MSG_MIN_LEN)
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE,
				  GUC_HXG_MSG_MIN_LEN);
	if (len > GUC_MAX_MMIO_MSG_LEN)
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE,
				  GUC_MAX_MMIO_MSG_LEN);

	if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, msg[0]) != GUC_HXG_ORIGIN_HOST ||
	    FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[0]) != GUC_HXG_TYPE_REQUEST) {
		xesim_guc_vf_dbg(vf, "relay: not a host request: %#x\n", msg[0]);
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_ERROR_PROTOCOL,
						msg[0] >> 28);
	}

	action = FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, msg[0]);
	switch (action) {
	case GUC_ACTION_VF2GUC_VF_RESET:
		err = relay_need(len, VF2GUC_VF_RESET_REQUEST_MSG_LEN, reply);
		return err ?: relay_vf_reset(vf, msg, reply, act);
	case GUC_ACTION_VF2GUC_MATCH_VERSION:
		err = relay_need(len, VF2GUC_MATCH_VERSION_REQUEST_MSG_LEN, reply);
		return err ?: relay_match_version(vf, msg, reply, act);
	case GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV:
		err = relay_need(len, VF2GUC_QUERY_SINGLE_KLV_REQUEST_MSG_LEN, reply);
		return err ?: relay_query_klv(vf, cfg, msg, reply, act);
	case GUC_ACTION_VF2GUC_RESFIX_START:
		err = relay_need(len, VF2GUC_RESFIX_START_REQUEST_MSG_LEN, reply);
		return err ?: relay_resfix(vf, XESIM_GUC_VF_EV_RESFIX_START, msg,
					   reply, act);
	case GUC_ACTION_VF2GUC_RESFIX_DONE:
		err = relay_need(len, VF2GUC_RESFIX_DONE_REQUEST_MSG_LEN, reply);
		return err ?: relay_resfix(vf, XESIM_GUC_VF_EV_RESFIX_DONE, msg,
					   reply, act);
	default:
		xesim_guc_vf_dbg(vf, "relay: unknown action %#x\n", action);
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_UNKNOWN_ACTION, 0);
	}
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_relay_handle);
