// SPDX-License-Identifier: GPL-2.0
/*
 * The GuC firmware model: HXG message headers and replies (the encoding the
 * relay, the CT channels and the PF requests share).
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_relay_abi.h"
#include "xesim_guc_hxg.h"

/**
 * xesim_guc_hxg_request() - Encode the header of a host request.
 * @action: the action code (15:0).
 * @data0: DATA0 (bits 27:16); extra bits are dropped.
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_guc_hxg_request(u32 action, u32 data0)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_HOST) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_REQUEST) |
	       FIELD_PREP(GUC_HXG_REQUEST_MSG_0_DATA0,
			  data0 & FIELD_MAX(GUC_HXG_REQUEST_MSG_0_DATA0)) |
	       FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION,
			  action & FIELD_MAX(GUC_HXG_REQUEST_MSG_0_ACTION));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hxg_request);

/**
 * xesim_guc_hxg_event() - Encode the header of a GuC event.
 * @action: the action code (15:0).
 * @data0: DATA0 (bits 27:16); extra bits are dropped.
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_guc_hxg_event(u32 action, u32 data0)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_EVENT) |
	       FIELD_PREP(GUC_HXG_EVENT_MSG_0_DATA0,
			  data0 & FIELD_MAX(GUC_HXG_EVENT_MSG_0_DATA0)) |
	       FIELD_PREP(GUC_HXG_EVENT_MSG_0_ACTION,
			  action & FIELD_MAX(GUC_HXG_EVENT_MSG_0_ACTION));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hxg_event);

static u32 guc_reply(u32 type, u32 aux)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, type) |
	       FIELD_PREP(GUC_HXG_MSG_0_AUX, aux & FIELD_MAX(GUC_HXG_MSG_0_AUX));
}

/**
 * xesim_guc_hxg_success() - Encode a GuC success reply header.
 * @data0: DATA0 (bits 27:0); extra bits are dropped.
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_guc_hxg_success(u32 data0)
{
	return guc_reply(GUC_HXG_TYPE_RESPONSE_SUCCESS, data0);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hxg_success);

/**
 * xesim_guc_hxg_failure() - Encode a GuC failure reply header.
 * @error: the GuC error code (15:0).
 * @hint: the hint (27:16); values above 0xfff are saturated.
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_guc_hxg_failure(u32 error, u32 hint)
{
	hint = min_t(u32, hint, FIELD_MAX(GUC_HXG_FAILURE_MSG_0_HINT));
	return guc_reply(GUC_HXG_TYPE_RESPONSE_FAILURE,
			 FIELD_PREP(GUC_HXG_FAILURE_MSG_0_HINT, hint) |
			 FIELD_PREP(GUC_HXG_FAILURE_MSG_0_ERROR,
				    error & FIELD_MAX(GUC_HXG_FAILURE_MSG_0_ERROR)));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hxg_failure);

/**
 * xesim_guc_hxg_busy() - Encode a GuC busy reply header.
 * @counter: the progress counter (27:0).
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_guc_hxg_busy(u32 counter)
{
	return guc_reply(GUC_HXG_TYPE_NO_RESPONSE_BUSY, counter);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hxg_busy);

/**
 * xesim_guc_hxg_retry() - Encode a GuC retry reply header.
 * @reason: the reason (27:0), usually GUC_HXG_RETRY_REASON_UNSPECIFIED.
 *
 * Context: any context.
 * Return: the header dword.
 */
u32 xesim_guc_hxg_retry(u32 reason)
{
	return guc_reply(GUC_HXG_TYPE_NO_RESPONSE_RETRY, reason);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hxg_retry);

/**
 * xesim_guc_hxg_decode() - Decode an HXG header.
 * @dw0: the header dword.
 * @hdr: out: its fields.
 *
 * Context: any context.
 * Return: 0, or -EPROTO if the type is not defined (@hdr then holds only
 * the origin and type).
 */
int xesim_guc_hxg_decode(u32 dw0, struct xesim_hxg_hdr *hdr)
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
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hxg_decode);

/**
 * xesim_guc_hxg_notify_encode() - Encode a GUC2PF_VF_STATE_NOTIFY event.
 * @vfid: the VF the event is about.
 * @event: the event, GUC_PF_NOTIFY_VF_* (&xesim_guc_vf_action.notify).
 * @msg: out: GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN dwords.
 *
 * Context: any context.
 * Return: the message length in dwords.
 */
u32 xesim_guc_hxg_notify_encode(u32 vfid, u32 event, u32 *msg)
{
	msg[0] = xesim_guc_hxg_event(GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, 0);
	msg[1] = FIELD_PREP(GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_1_VFID, vfid);
	msg[2] = FIELD_PREP(GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_2_EVENT, event);
	return GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hxg_notify_encode);

/**
 * xesim_guc_hxg_reply_fail() - Make @reply a FAILURE response.
 * @reply: the reply to fill.
 * @error: the error code.
 * @hint: the hint (16 bits; more is clamped by xesim_guc_hxg_failure()).
 *
 * Context: any context.
 * Return: @error.
 */
u32 xesim_guc_hxg_reply_fail(struct xesim_hxg_reply *reply, u32 error, u32 hint)
{
	reply->msg[0] = xesim_guc_hxg_failure(error, hint);
	reply->len = GUC_HXG_FAILURE_MSG_LEN;
	return error;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hxg_reply_fail);

/**
 * xesim_guc_hxg_reply_ok() - Make @reply a SUCCESS response.
 * @reply: the reply to fill.
 * @data0: DATA0 of the response.
 *
 * Context: any context.
 * Return: 0.
 */
u32 xesim_guc_hxg_reply_ok(struct xesim_hxg_reply *reply, u32 data0)
{
	reply->msg[0] = xesim_guc_hxg_success(data0);
	reply->len = GUC_HXG_RESPONSE_MSG_MIN_LEN;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hxg_reply_ok);
