/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GT_VF_RELAY_H_
#define _XEVF_GT_VF_RELAY_H_

#include <linux/types.h>

struct xevf_device;
struct xevf_guc_version;
struct xevf_relay;
struct xevf_vf_config;

void xevf_gt_vf_relay_init(struct xevf_relay *relay);
int xevf_gt_vf_relay_send(struct xevf_device *xe, const u32 *req, u32 len,
			  u32 *reply, u32 max);
int xevf_gt_vf_relay_vf_reset(struct xevf_device *xe);
int xevf_gt_vf_relay_version_check(const struct xevf_guc_version *ver);
int xevf_gt_vf_relay_match_version(struct xevf_device *xe,
				   struct xevf_guc_version *ver);
int xevf_gt_vf_relay_query_klv(struct xevf_device *xe, u16 key, u32 *value,
			       u32 max);
int xevf_gt_vf_relay_query_config(struct xevf_device *xe,
				  struct xevf_vf_config *cfg);
int xevf_gt_vf_relay_self_cfg(struct xevf_device *xe, u16 key, u16 len, u64 value);
int xevf_gt_vf_relay_control_ctb(struct xevf_device *xe, bool enable);
int xevf_gt_vf_relay_resfix_start(struct xevf_device *xe, u16 marker);
int xevf_gt_vf_relay_resfix_done(struct xevf_device *xe, u16 marker);

#endif
