/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_PF_H_
#define _XESIM_GUC_PF_H_

#include "xesim_guc_hxg_types.h"
#include "xesim_guc_vf_state_types.h"

u32 xesim_guc_pf_parse_vf_cfg(const u32 *klvs, u32 num_dw, u64 ggtt_limit,
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
