/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_HXG_H_
#define _XESIM_GUC_HXG_H_

#include "xesim_guc_hxg_types.h"
#include "xesim_guc_vf_state_types.h"

/* The VF interface version the GuC model implements (migration: 1.27+). */
#define XESIM_GUC_VF_ABI_BRANCH		0u
#define XESIM_GUC_VF_ABI_MAJOR		1u
#define XESIM_GUC_VF_ABI_MINOR		27u
#define XESIM_GUC_VF_ABI_PATCH		0u

u32 xesim_hxg_request(u32 action, u32 data0);
u32 xesim_hxg_event(u32 action, u32 data0);
u32 xesim_hxg_success(u32 data0);
u32 xesim_hxg_failure(u32 error, u32 hint);
u32 xesim_hxg_busy(u32 counter);
u32 xesim_hxg_retry(u32 reason);
int xesim_hxg_decode(u32 dw0, struct xesim_hxg_hdr *hdr);
u32 xesim_guc_notify_encode(u32 vfid, u32 event, u32 *msg);

u32 xesim_guc_relay_handle(struct xesim_guc_vf_state *vf,
			   const struct xesim_guc_vf_config *cfg,
			   const u32 *msg, u32 len,
			   enum xesim_guc_relay_fault fault,
			   struct xesim_hxg_reply *reply,
			   struct xesim_guc_vf_action *act);

u32 xesim_guc_klv_parse_vf_cfg(const u32 *klvs, u32 num_dw, u64 ggtt_limit,
			       struct xesim_guc_vf_config *cfg, u32 *count,
			       u32 *hint);
u32 xesim_guc_pf_parse(const u32 *msg, u32 len,
		       struct xesim_guc_pf_request *req,
		       struct xesim_hxg_reply *reply);
u32 xesim_guc_pf_update_vf_cfg(struct xesim_guc_vf_state *vf,
			       struct xesim_guc_vf_config *cfg,
			       const u32 *klvs, u32 num_dw, u64 ggtt_limit,
			       struct xesim_hxg_reply *reply,
			       struct xesim_guc_vf_action *act);
u32 xesim_guc_pf_vf_control(struct xesim_guc_vf_state *vf, u32 cmd,
			    struct xesim_hxg_reply *reply,
			    struct xesim_guc_vf_action *act);

#endif
