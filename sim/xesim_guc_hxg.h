/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_HXG_H_
#define _XESIM_GUC_HXG_H_

#include "xesim_guc_hxg_types.h"

u32 xesim_guc_hxg_request(u32 action, u32 data0);
u32 xesim_guc_hxg_event(u32 action, u32 data0);
u32 xesim_guc_hxg_success(u32 data0);
u32 xesim_guc_hxg_failure(u32 error, u32 hint);
u32 xesim_guc_hxg_busy(u32 counter);
u32 xesim_guc_hxg_retry(u32 reason);
int xesim_guc_hxg_decode(u32 dw0, struct xesim_hxg_hdr *hdr);
u32 xesim_guc_hxg_notify_encode(u32 vfid, u32 event, u32 *msg);
u32 xesim_guc_hxg_reply_fail(struct xesim_hxg_reply *reply, u32 error, u32 hint);
u32 xesim_guc_hxg_reply_ok(struct xesim_hxg_reply *reply, u32 data0);

#endif
