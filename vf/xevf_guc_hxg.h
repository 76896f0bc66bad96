/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HXG message helpers of the VF driver: the header of a host message and the
 * meaning of the GuC's reply, shared by the MMIO relay and the CT channel.
 */

#ifndef _XEVF_GUC_HXG_H_
#define _XEVF_GUC_HXG_H_

#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/types.h>

#include <abi/guc_relay_abi.h>

/**
 * xevf_guc_hxg_request() - Encode the header dword of a host HXG message.
 * @type: GUC_HXG_TYPE_REQUEST, GUC_HXG_TYPE_FAST_REQUEST or
 *        GUC_HXG_TYPE_EVENT.
 * @action: the action code.
 * @data0: the DATA0 field (12 bits).
 *
 * Return: the header dword.
 */
static inline u32 xevf_guc_hxg_request(u32 type, u32 action, u32 data0)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_HOST) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, type & FIELD_MAX(GUC_HXG_MSG_0_TYPE)) |
	       FIELD_PREP(GUC_HXG_REQUEST_MSG_0_DATA0,
			  data0 & FIELD_MAX(GUC_HXG_REQUEST_MSG_0_DATA0)) |
	       FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION,
			  action & FIELD_MAX(GUC_HXG_REQUEST_MSG_0_ACTION));
}

/**
 * xevf_guc_hxg_reply_to_errno() - Decode the header dword of a GuC reply.
 * @hdr: the header dword.
 * @data0: out: DATA0 of a success, ERROR | HINT << 16 of a failure.
 *
 * Return: 0 for success, -EREMOTEIO for a failure, -EBUSY for busy, -EAGAIN
 * for retry, -EPROTO for anything that is not a GuC reply.
 */
static inline int xevf_guc_hxg_reply_to_errno(u32 hdr, u32 *data0)
{
	*data0 = 0;
	if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, hdr) != GUC_HXG_ORIGIN_GUC)
		return -EPROTO;
	switch (FIELD_GET(GUC_HXG_MSG_0_TYPE, hdr)) {
	case GUC_HXG_TYPE_RESPONSE_SUCCESS:
		*data0 = FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, hdr);
		return 0;
	case GUC_HXG_TYPE_RESPONSE_FAILURE:
		*data0 = FIELD_GET(GUC_HXG_FAILURE_MSG_0_ERROR, hdr) |
			 FIELD_GET(GUC_HXG_FAILURE_MSG_0_HINT, hdr) << 16;
		return -EREMOTEIO;
	case GUC_HXG_TYPE_NO_RESPONSE_BUSY:
		return -EBUSY;
	case GUC_HXG_TYPE_NO_RESPONSE_RETRY:
		return -EAGAIN;
	default:
		return -EPROTO;
	}
}

#endif
