// SPDX-License-Identifier: GPL-2.0
/*
 * The GuC firmware model: HXG messages, the VF's MMIO relay requests and the
 * PF's configuration and control requests.
 */

#include <kunit/visibility.h>
#include <linux/align.h>
#include <linux/bitfield.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/wordpart.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_klvs_abi.h"
#include "abi/guc_relay_abi.h"
#include "abi/xe_regs_abi.h"
#include "xesim_guc_hxg.h"
#include "xesim_guc_vf_state.h"

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

/**
 * DOC: GuC PF requests
 *
 * xesim_guc_pf_parse() checks a PF2GUC request as the CT channel delivered
 * it (exact length), xesim_guc_pf_update_vf_cfg() applies a VF
 * configuration KLV list that the device read from GGTT memory, and
 * xesim_guc_pf_vf_control() applies a VF control command.
 *
 * UPDATE_VF_CFG is all or nothing: the KLVs are parsed into a copy of the
 * configuration and only a fully valid list is applied, so a refused update
 * leaves the VF as it was. Keys the PF may send and the model does not use
 * (tile mask, execution quantum, preemption timeout, adverse-event
 * thresholds, first context and doorbell IDs) are length-checked, counted
 * and ignored. A key that upstream does not define is refused with
 * INVALID_KLV_KEY rather than skipped: a PF must never believe a setting took
 * effect when it did not, and the model has no way to honour it. The
 * reply's COUNT is the number of KLVs accepted, so a PF may compare it with
 * what it sent, as upstream's PF does. Failures (hint: the dword offset of
 * the offending KLV header in the list, at most 0xfff):
 *
 * - a KLV whose value runs past the end of the list: MALFORMED_KLV;
 * - a known key with a length other than its own: INVALID_SIZE;
 * - a key not defined by the ABI: INVALID_KLV_KEY;
 * - the same key twice in one list, a misaligned GGTT start or size or LMEM
 *   size, more contexts or doorbells than the ABI allows, a GGTT range that
 *   overflows or ends above the GuC's GGTT limit: INVALID_KLV_DATA.
 *
 * An empty list resets the configuration. A configuration without a GGTT
 * range or without contexts leaves the VF unprovisioned. A configuration
 * change is refused while a restore is in progress (see `GuC VF state
 * machine`).
 */

#define vf_dbg(vf, fmt, ...) pr_debug("%s: " fmt, (vf)->name, ##__VA_ARGS__)

static_assert(GUC_MAX_MMIO_MSG_LEN == VF_SW_FLAG_COUNT);

/**
 * xesim_hxg_request() - Encode the header of a host request.
 * @action: the action code (15:0).
 * @data0: DATA0 (bits 27:16); extra bits are dropped.
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_hxg_request(u32 action, u32 data0)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_HOST) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_REQUEST) |
	       FIELD_PREP(GUC_HXG_REQUEST_MSG_0_DATA0,
			  data0 & FIELD_MAX(GUC_HXG_REQUEST_MSG_0_DATA0)) |
	       FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION,
			  action & FIELD_MAX(GUC_HXG_REQUEST_MSG_0_ACTION));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_hxg_request);

/**
 * xesim_hxg_event() - Encode the header of a GuC event.
 * @action: the action code (15:0).
 * @data0: DATA0 (bits 27:16); extra bits are dropped.
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_hxg_event(u32 action, u32 data0)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_EVENT) |
	       FIELD_PREP(GUC_HXG_EVENT_MSG_0_DATA0,
			  data0 & FIELD_MAX(GUC_HXG_EVENT_MSG_0_DATA0)) |
	       FIELD_PREP(GUC_HXG_EVENT_MSG_0_ACTION,
			  action & FIELD_MAX(GUC_HXG_EVENT_MSG_0_ACTION));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_hxg_event);

static u32 guc_reply(u32 type, u32 aux)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, type) |
	       FIELD_PREP(GUC_HXG_MSG_0_AUX, aux & FIELD_MAX(GUC_HXG_MSG_0_AUX));
}

/**
 * xesim_hxg_success() - Encode a GuC success reply header.
 * @data0: DATA0 (bits 27:0); extra bits are dropped.
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_hxg_success(u32 data0)
{
	return guc_reply(GUC_HXG_TYPE_RESPONSE_SUCCESS, data0);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_hxg_success);

/**
 * xesim_hxg_failure() - Encode a GuC failure reply header.
 * @error: the GuC error code (15:0).
 * @hint: the hint (27:16); values above 0xfff are saturated.
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_hxg_failure(u32 error, u32 hint)
{
	hint = min_t(u32, hint, FIELD_MAX(GUC_HXG_FAILURE_MSG_0_HINT));
	return guc_reply(GUC_HXG_TYPE_RESPONSE_FAILURE,
			 FIELD_PREP(GUC_HXG_FAILURE_MSG_0_HINT, hint) |
			 FIELD_PREP(GUC_HXG_FAILURE_MSG_0_ERROR,
				    error & FIELD_MAX(GUC_HXG_FAILURE_MSG_0_ERROR)));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_hxg_failure);

/**
 * xesim_hxg_busy() - Encode a GuC busy reply header.
 * @counter: the progress counter (27:0).
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_hxg_busy(u32 counter)
{
	return guc_reply(GUC_HXG_TYPE_NO_RESPONSE_BUSY, counter);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_hxg_busy);

/**
 * xesim_hxg_retry() - Encode a GuC retry reply header.
 * @reason: the reason (27:0), usually GUC_HXG_RETRY_REASON_UNSPECIFIED.
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_hxg_retry(u32 reason)
{
	return guc_reply(GUC_HXG_TYPE_NO_RESPONSE_RETRY, reason);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_hxg_retry);

/**
 * xesim_hxg_decode() - Decode an HXG header.
 * @dw0: the header dword.
 * @hdr: out: its fields.
 *
 * Context: any context.
 * Return: 0, or -EPROTO if the type is not defined (@hdr then holds only
 * the origin and type).
 */
int xesim_hxg_decode(u32 dw0, struct xesim_hxg_hdr *hdr)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->origin = FIELD_GET(GUC_HXG_MSG_0_ORIGIN, dw0);
	hdr->type = FIELD_GET(GUC_HXG_MSG_0_TYPE, dw0);

	switch (hdr->type) {
	case GUC_HXG_TYPE_REQUEST:
	case GUC_HXG_TYPE_FAST_REQUEST:
	case GUC_HXG_TYPE_EVENT:
		hdr->data0 = FIELD_GET(GUC_HXG_REQUEST_MSG_0_DATA0, dw0);
		hdr->action = FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, dw0);
		return 0;
	case GUC_HXG_TYPE_RESPONSE_FAILURE:
		hdr->hint = FIELD_GET(GUC_HXG_FAILURE_MSG_0_HINT, dw0);
		hdr->error = FIELD_GET(GUC_HXG_FAILURE_MSG_0_ERROR, dw0);
		return 0;
	case GUC_HXG_TYPE_RESPONSE_SUCCESS:
	case GUC_HXG_TYPE_NO_RESPONSE_BUSY:
	case GUC_HXG_TYPE_NO_RESPONSE_RETRY:
		hdr->data0 = FIELD_GET(GUC_HXG_MSG_0_AUX, dw0);
		return 0;
	default:
		return -EPROTO;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xesim_hxg_decode);

/**
 * xesim_guc_notify_encode() - Encode a GUC2PF_VF_STATE_NOTIFY event.
 * @vfid: the VF the event is about.
 * @event: the event, GUC_PF_NOTIFY_VF_* (&xesim_guc_vf_action.notify).
 * @msg: out: GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN dwords.
 *
 * Context: any context.
 * Return: the message length in dwords.
 */
u32 xesim_guc_notify_encode(u32 vfid, u32 event, u32 *msg)
{
	msg[0] = xesim_hxg_event(GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, 0);
	msg[1] = FIELD_PREP(GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_1_VFID, vfid);
	msg[2] = FIELD_PREP(GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_2_EVENT, event);
	return GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_notify_encode);

static u32 reply_fail(struct xesim_hxg_reply *reply, u32 error, u32 hint)
{
	reply->msg[0] = xesim_hxg_failure(error, hint);
	reply->len = GUC_HXG_FAILURE_MSG_LEN;
	return error;
}

static u32 reply_ok(struct xesim_hxg_reply *reply, u32 data0)
{
	reply->msg[0] = xesim_hxg_success(data0);
	reply->len = GUC_HXG_RESPONSE_MSG_MIN_LEN;
	return 0;
}

static u64 dwords_to_u64(u32 lo, u32 hi)
{
	return (u64)hi << 32 | lo;
}

/* Apply a VF request's event; on refusal, reply as documented. */
static u32 relay_event(struct xesim_guc_vf_state *vf,
		       enum xesim_guc_vf_event ev, u32 arg,
		       struct xesim_hxg_reply *reply,
		       struct xesim_guc_vf_action *act)
{
	u32 err = xesim_guc_vf_handle(vf, ev, arg, act);

	if (err)
		return reply_fail(reply, err,
				  err == XE_GUC_RESPONSE_VF_MIGRATED ? 0 : vf->cur);
	return 0;
}

static u32 relay_vf_reset(struct xesim_guc_vf_state *vf, const u32 *msg,
			  struct xesim_hxg_reply *reply,
			  struct xesim_guc_vf_action *act)
{
	u32 err;

	if (FIELD_GET(VF2GUC_VF_RESET_REQUEST_MSG_0_MBZ, msg[0]))
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	err = relay_event(vf, XESIM_GUC_VF_EV_VF_RESET, 0, reply, act);
	if (err)
		return err;
	return reply_ok(reply, 0);
}

static u32 relay_match_version(struct xesim_guc_vf_state *vf, const u32 *msg,
			       struct xesim_hxg_reply *reply,
			       struct xesim_guc_vf_action *act)
{
	u32 branch, major, minor, patch, err;

	if (FIELD_GET(VF2GUC_MATCH_VERSION_REQUEST_MSG_0_MBZ, msg[0]))
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	if (FIELD_GET(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_MBZ, msg[1]))
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 1);
	err = relay_event(vf, XESIM_GUC_VF_EV_VF_QUERY, 0, reply, act);
	if (err)
		return err;

	branch = FIELD_GET(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_BRANCH, msg[1]);
	major = FIELD_GET(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_MAJOR, msg[1]);
	minor = FIELD_GET(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_MINOR, msg[1]);

	if (branch != GUC_VERSION_BRANCH_ANY && branch != XESIM_GUC_VF_ABI_BRANCH)
		return reply_fail(reply, XE_GUC_RESPONSE_UNSUPPORTED_VERSION, 1);

	if (major == XESIM_GUC_VF_ABI_MAJOR && minor != GUC_VERSION_MINOR_ANY &&
	    minor < XESIM_GUC_VF_ABI_MINOR) {
		/* an older minor of the same major: compatible, no patch level */
		patch = 0;
	} else {
		/* "any", the latest minor, or another major: offer our version */
		minor = XESIM_GUC_VF_ABI_MINOR;
		patch = XESIM_GUC_VF_ABI_PATCH;
	}

	reply_ok(reply, 0);
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
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	if (FIELD_GET(VF2GUC_QUERY_SINGLE_KLV_REQUEST_MSG_1_MBZ, msg[1]))
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 1);
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
		vf_dbg(vf, "query of unknown KLV key %#x\n", key);
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_KLV_KEY, 1);
	}

	reply_ok(reply, FIELD_PREP(VF2GUC_QUERY_SINGLE_KLV_RESPONSE_MSG_0_LENGTH, len));
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
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	err = relay_event(vf, ev, marker, reply, act);
	if (err)
		return err;
	return reply_ok(reply, 0);
}

static u32 relay_need(u32 len, u32 need, struct xesim_hxg_reply *reply)
{
	if (len < need)
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, need);
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
		reply->msg[0] = xesim_hxg_retry(GUC_HXG_RETRY_REASON_UNSPECIFIED);
		reply->len = GUC_HXG_RETRY_MSG_LEN;
		return 0;
	}
	if (fault == XESIM_GUC_RELAY_BUSY) {
		reply->busy = true;
		reply->busy_msg = xesim_hxg_busy(0);
	}

	if (len < GUC_HXG_MSG_MIN_LEN)
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE,
				  GUC_HXG_MSG_MIN_LEN);
	if (len > GUC_MAX_MMIO_MSG_LEN)
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE,
				  GUC_MAX_MMIO_MSG_LEN);

	if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, msg[0]) != GUC_HXG_ORIGIN_HOST ||
	    FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[0]) != GUC_HXG_TYPE_REQUEST) {
		vf_dbg(vf, "relay: not a host request: %#x\n", msg[0]);
		return reply_fail(reply, XE_GUC_RESPONSE_ERROR_PROTOCOL, msg[0] >> 28);
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
		vf_dbg(vf, "relay: unknown action %#x\n", action);
		return reply_fail(reply, XE_GUC_RESPONSE_UNKNOWN_ACTION, 0);
	}
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_relay_handle);

/* One VF configuration key: its length and how its value is applied. */
struct vf_cfg_key {
	u16 key;
	u16 len;
	/* NULL: accepted and ignored; else false if @value is invalid */
	bool (*set)(struct xesim_guc_vf_config *cfg, u64 value);
};

static bool set_ggtt_start(struct xesim_guc_vf_config *cfg, u64 value)
{
	if (!IS_ALIGNED(value, XE_GGTT_PAGE_SIZE))
		return false;
	cfg->ggtt_start = value;
	return true;
}

static bool set_ggtt_size(struct xesim_guc_vf_config *cfg, u64 value)
{
	if (!IS_ALIGNED(value, XE_GGTT_PAGE_SIZE))
		return false;
	cfg->ggtt_size = value;
	return true;
}

static bool set_lmem_size(struct xesim_guc_vf_config *cfg, u64 value)
{
	if (!IS_ALIGNED(value, XE_LMTT_PAGE_SIZE))
		return false;
	cfg->lmem_size = value;
	return true;
}

static bool set_num_ctxs(struct xesim_guc_vf_config *cfg, u64 value)
{
	if (value > GUC_KLV_VF_CFG_NUM_CONTEXTS_MAX)
		return false;
	cfg->num_ctxs = value;
	return true;
}

static bool set_num_dbs(struct xesim_guc_vf_config *cfg, u64 value)
{
	if (value > GUC_KLV_VF_CFG_NUM_DOORBELLS_MAX)
		return false;
	cfg->num_dbs = value;
	return true;
}

static const struct vf_cfg_key vf_cfg_keys[] = {
	{ GUC_KLV_VF_CFG_GGTT_START_KEY, GUC_KLV_VF_CFG_GGTT_START_LEN, set_ggtt_start },
	{ GUC_KLV_VF_CFG_GGTT_SIZE_KEY, GUC_KLV_VF_CFG_GGTT_SIZE_LEN, set_ggtt_size },
	{ GUC_KLV_VF_CFG_LMEM_SIZE_KEY, GUC_KLV_VF_CFG_LMEM_SIZE_LEN, set_lmem_size },
	{ GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, GUC_KLV_VF_CFG_NUM_CONTEXTS_LEN, set_num_ctxs },
	{ GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, GUC_KLV_VF_CFG_NUM_DOORBELLS_LEN, set_num_dbs },
	{ GUC_KLV_VF_CFG_TILE_MASK_KEY, GUC_KLV_VF_CFG_TILE_MASK_LEN, NULL },
	{ GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY, GUC_KLV_VF_CFG_EXEC_QUANTUM_LEN, NULL },
	{ GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY, GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_CAT_ERR_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_ENGINE_RESET_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_PAGE_FAULT_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_H2G_STORM_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_IRQ_STORM_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_DOORBELL_STORM_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_LEN, NULL },
	{ GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_LEN, NULL },
};

static_assert(ARRAY_SIZE(vf_cfg_keys) <= BITS_PER_TYPE(u32));

static int find_vf_cfg_key(u32 key)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vf_cfg_keys); i++)
		if (vf_cfg_keys[i].key == key)
			return i;
	return -ENOENT;
}

/**
 * xesim_guc_klv_parse_vf_cfg() - Parse a VF configuration KLV list.
 * @klvs: the KLV list.
 * @num_dw: its length in dwords.
 * @ggtt_limit: the GGTT address the VF's range must end at or below (the
 *              top of the GGTT the GuC can reach).
 * @cfg: in: the configuration to update; out: updated only on success.
 * @count: out: on success, the number of KLVs accepted.
 * @hint: out: on failure, the dword offset of the offending KLV (at most
 *        0xfff; 0 for a GGTT range that is wrong as a whole and got no GGTT
 *        key in this list).
 *
 * See `GuC PF requests` for the rules. Pure: no state, no lock.
 *
 * Context: any context.
 * Return: 0, or the GuC error code of the first problem.
 */
u32 xesim_guc_klv_parse_vf_cfg(const u32 *klvs, u32 num_dw, u64 ggtt_limit,
			       struct xesim_guc_vf_config *cfg, u32 *count,
			       u32 *hint)
{
	struct xesim_guc_vf_config tmp = *cfg;
	u32 seen = 0, n = 0, ggtt_at = 0, i = 0;
	u64 end;

	while (i < num_dw) {
		u32 key = FIELD_GET(GUC_KLV_0_KEY, klvs[i]);
		u32 len = FIELD_GET(GUC_KLV_0_LEN, klvs[i]);
		const struct vf_cfg_key *k;
		u64 value;
		int idx;

		*hint = min_t(u32, i, FIELD_MAX(GUC_HXG_FAILURE_MSG_0_HINT));
		if (len > num_dw - i - 1)
			return XE_GUC_RESPONSE_MALFORMED_KLV;
		idx = find_vf_cfg_key(key);
		if (idx < 0)
			return XE_GUC_RESPONSE_INVALID_KLV_KEY;
		k = &vf_cfg_keys[idx];
		if (len != k->len)
			return XE_GUC_RESPONSE_INVALID_SIZE;
		if (seen & BIT(idx))
			return XE_GUC_RESPONSE_INVALID_KLV_DATA;
		seen |= BIT(idx);

		value = len == 2 ? dwords_to_u64(klvs[i + 1], klvs[i + 2]) : klvs[i + 1];
		if (k->set && !k->set(&tmp, value))
			return XE_GUC_RESPONSE_INVALID_KLV_DATA;
		if (key == GUC_KLV_VF_CFG_GGTT_START_KEY || key == GUC_KLV_VF_CFG_GGTT_SIZE_KEY)
			ggtt_at = *hint;
		n++;
		i += 1 + len;
	}

	if (tmp.ggtt_size &&
	    (check_add_overflow(tmp.ggtt_start, tmp.ggtt_size, &end) || end > ggtt_limit)) {
		*hint = ggtt_at;
		return XE_GUC_RESPONSE_INVALID_KLV_DATA;
	}

	*cfg = tmp;
	*count = n;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_klv_parse_vf_cfg);

static u32 pf_check_len(u32 len, u32 need, struct xesim_hxg_reply *reply)
{
	if (len != need)
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, need);
	return 0;
}

/**
 * xesim_guc_pf_parse() - Check and decode a PF2GUC request.
 * @msg: the request as the CT channel delivered it.
 * @len: its exact length in dwords.
 * @req: out: the decoded request, valid on success.
 * @reply: out: on failure, the failure reply; untouched on success.
 *
 * Serves PF2GUC_UPDATE_VF_CFG, PF2GUC_VF_CONTROL and PF2GUC_SAVE_RESTORE_VF.
 * Failures: a wrong length, INVALID_SIZE (hint: the right length); not a
 * host request, ERROR_PROTOCOL (hint: bits 31:28); another action,
 * UNKNOWN_ACTION; VFID 0, INVALID_VFID (hint 1); a must-be-zero field set,
 * an unknown save/restore opcode, a buffer address that is not dword
 * aligned, or an address and size that do not go together, INVALID_PARAMS
 * (hint: the dword index). Whether the VFID exists, and the VF control
 * command, are for the caller and xesim_guc_pf_vf_control() to check.
 *
 * Context: any context.
 * Return: 0, or the GuC error code of the failure reply.
 */
u32 xesim_guc_pf_parse(const u32 *msg, u32 len,
		       struct xesim_guc_pf_request *req,
		       struct xesim_hxg_reply *reply)
{
	u32 err;

	memset(req, 0, sizeof(*req));
	if (len < GUC_HXG_MSG_MIN_LEN)
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE,
				  GUC_HXG_MSG_MIN_LEN);
	if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, msg[0]) != GUC_HXG_ORIGIN_HOST ||
	    FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[0]) != GUC_HXG_TYPE_REQUEST)
		return reply_fail(reply, XE_GUC_RESPONSE_ERROR_PROTOCOL, msg[0] >> 28);

	req->action = FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, msg[0]);
	switch (req->action) {
	case GUC_ACTION_PF2GUC_UPDATE_VF_CFG:
		err = pf_check_len(len, PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_LEN, reply);
		if (err)
			return err;
		if (FIELD_GET(PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_0_MBZ, msg[0]))
			return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
		req->addr = dwords_to_u64(msg[2], msg[3]);
		req->size = msg[4];
		if (!IS_ALIGNED(req->addr, sizeof(u32)) || (!req->addr && req->size))
			return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 2);
		break;
	case GUC_ACTION_PF2GUC_VF_CONTROL:
		err = pf_check_len(len, PF2GUC_VF_CONTROL_REQUEST_MSG_LEN, reply);
		if (err)
			return err;
		if (FIELD_GET(PF2GUC_VF_CONTROL_REQUEST_MSG_0_MBZ, msg[0]))
			return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
		req->op = msg[2];
		break;
	case GUC_ACTION_PF2GUC_SAVE_RESTORE_VF:
		err = pf_check_len(len, PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_LEN, reply);
		if (err)
			return err;
		req->op = FIELD_GET(PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_0_OPCODE, msg[0]);
		if (req->op != GUC_PF_OPCODE_VF_SAVE && req->op != GUC_PF_OPCODE_VF_RESTORE)
			return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
		if (FIELD_GET(PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_4_MBZ, msg[4]))
			return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 4);
		req->addr = dwords_to_u64(msg[2], msg[3]);
		req->size = FIELD_GET(PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_4_SIZE, msg[4]);
		/* a save may query the size (no buffer); a restore needs one */
		if (!IS_ALIGNED(req->addr, sizeof(u32)) || !req->addr != !req->size ||
		    (req->op == GUC_PF_OPCODE_VF_RESTORE && !req->addr))
			return reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 2);
		break;
	default:
		return reply_fail(reply, XE_GUC_RESPONSE_UNKNOWN_ACTION, 0);
	}

	req->vfid = msg[1];
	if (!req->vfid)
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_VFID, 1);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_pf_parse);

/**
 * xesim_guc_pf_update_vf_cfg() - Apply PF2GUC_UPDATE_VF_CFG to a VF.
 * @vf: the VF's GuC state machine.
 * @cfg: the VF's configuration, updated on success only.
 * @klvs: the KLV list the device read from the request's buffer.
 * @num_dw: its length in dwords; 0 resets the configuration.
 * @ggtt_limit: the top of the GGTT the GuC can reach (e.g. GUC_GGTT_TOP).
 * @reply: out: success with the KLV count, or the failure reply.
 * @act: out: what the device must do now (provisioning or unprovisioning
 *       the VF may change its state).
 *
 * Context: process context, with the VF's GuC mutex held.
 * Return: 0, or the GuC error code of the failure reply (KLV errors as
 * xesim_guc_klv_parse_vf_cfg(), with its hint; state errors with the state
 * as hint).
 */
u32 xesim_guc_pf_update_vf_cfg(struct xesim_guc_vf_state *vf,
			       struct xesim_guc_vf_config *cfg,
			       const u32 *klvs, u32 num_dw, u64 ggtt_limit,
			       struct xesim_hxg_reply *reply,
			       struct xesim_guc_vf_action *act)
{
	struct xesim_guc_vf_config tmp = {};
	u32 count = 0, hint = 0, err;

	lockdep_assert_held(vf->lock);
	memset(reply, 0, sizeof(*reply));
	act->flags = 0;
	act->notify = 0;

	if (num_dw) {
		tmp = *cfg;
		err = xesim_guc_klv_parse_vf_cfg(klvs, num_dw, ggtt_limit, &tmp,
						 &count, &hint);
		if (err) {
			vf_dbg(vf, "config refused: error %#x at dword %u\n", err, hint);
			return reply_fail(reply, err, hint);
		}
	}

	err = xesim_guc_vf_handle(vf, xesim_guc_vf_config_usable(&tmp) ?
				  XESIM_GUC_VF_EV_PROVISION :
				  XESIM_GUC_VF_EV_UNPROVISION, 0, act);
	if (err)
		return reply_fail(reply, err, vf->cur);

	*cfg = tmp;
	vf_dbg(vf, "config: GGTT %#llx+%#llx LMEM %#llx ctxs %u dbs %u\n",
	       cfg->ggtt_start, cfg->ggtt_size, cfg->lmem_size, cfg->num_ctxs,
	       cfg->num_dbs);
	return reply_ok(reply, count);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_pf_update_vf_cfg);

/**
 * xesim_guc_pf_vf_control() - Apply PF2GUC_VF_CONTROL to a VF.
 * @vf: the VF's GuC state machine.
 * @cmd: the command, GUC_PF_TRIGGER_VF_*.
 * @reply: out: success, or the failure reply.
 * @act: out: what the device must do now.
 *
 * Context: process context, with the VF's GuC mutex held.
 * Return: 0, or the GuC error code of the failure reply: INVALID_EVENT
 * (hint 2) for an unknown command, else the state machine's refusal with
 * the state as hint.
 */
u32 xesim_guc_pf_vf_control(struct xesim_guc_vf_state *vf, u32 cmd,
			    struct xesim_hxg_reply *reply,
			    struct xesim_guc_vf_action *act)
{
	enum xesim_guc_vf_event ev;
	u32 err;

	lockdep_assert_held(vf->lock);
	memset(reply, 0, sizeof(*reply));
	act->flags = 0;
	act->notify = 0;

	switch (cmd) {
	case GUC_PF_TRIGGER_VF_PAUSE:
		ev = XESIM_GUC_VF_EV_PAUSE;
		break;
	case GUC_PF_TRIGGER_VF_RESUME:
		ev = XESIM_GUC_VF_EV_RESUME;
		break;
	case GUC_PF_TRIGGER_VF_STOP:
		ev = XESIM_GUC_VF_EV_STOP;
		break;
	case GUC_PF_TRIGGER_VF_FLR_START:
		ev = XESIM_GUC_VF_EV_FLR_START;
		break;
	case GUC_PF_TRIGGER_VF_FLR_FINISH:
		ev = XESIM_GUC_VF_EV_FLR_FINISH;
		break;
	default:
		vf_dbg(vf, "unknown control command %u\n", cmd);
		return reply_fail(reply, XE_GUC_RESPONSE_INVALID_EVENT, 2);
	}

	err = xesim_guc_vf_handle(vf, ev, 0, act);
	if (err)
		return reply_fail(reply, err, vf->cur);
	return reply_ok(reply, 0);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_pf_vf_control);
