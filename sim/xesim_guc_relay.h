/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_RELAY_H_
#define _XESIM_GUC_RELAY_H_

#include "xesim_guc_hxg_types.h"
#include "xesim_guc_vf_state_types.h"

/* The VF interface version the GuC model implements (migration: 1.27+). */
#define XESIM_GUC_VF_ABI_BRANCH		0u
#define XESIM_GUC_VF_ABI_MAJOR		1u
#define XESIM_GUC_VF_ABI_MINOR		27u
#define XESIM_GUC_VF_ABI_PATCH		0u

u32 xesim_guc_relay_handle(struct xesim_guc_vf_state *vf,
			   const struct xesim_guc_vf_config *cfg,
			   const u32 *msg, u32 len,
			   enum xesim_guc_relay_fault fault,
			   struct xesim_hxg_reply *reply,
			   struct xesim_guc_vf_action *act);

#endif
