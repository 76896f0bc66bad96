/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_VF_STATE_H_
#define _XESIM_GUC_VF_STATE_H_

#include "xesim_guc_vf_state_types.h"

void xesim_guc_vf_state_init(struct xesim_guc_vf_state *vf, const char *name,
			     unsigned int vfid, struct mutex *lock);
u32 xesim_guc_vf_state_check(const struct xesim_guc_vf_state *vf,
			     enum xesim_guc_vf_event ev, u32 arg);
u32 xesim_guc_vf_state_handle(struct xesim_guc_vf_state *vf,
			      enum xesim_guc_vf_event ev, u32 arg,
			      struct xesim_guc_vf_action *act);
u32 xesim_guc_vf_state_pause_done(struct xesim_guc_vf_state *vf,
				  struct xesim_guc_vf_action *act);
enum xesim_guc_vf_state_id
xesim_guc_vf_state_get(const struct xesim_guc_vf_state *vf);
bool xesim_guc_vf_state_runnable(const struct xesim_guc_vf_state *vf);
const char *xesim_guc_vf_state_name(enum xesim_guc_vf_state_id state);
const char *xesim_guc_vf_state_event_name(enum xesim_guc_vf_event ev);
bool xesim_guc_vf_state_config_usable(const struct xesim_guc_vf_config *cfg);

#endif
