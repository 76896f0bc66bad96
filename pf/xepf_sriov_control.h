/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF control state machine: pause, resume, stop, FLR, save and restore.
 */

#ifndef _XEPF_SRIOV_CONTROL_H_
#define _XEPF_SRIOV_CONTROL_H_

#include "xepf_sriov_control_types.h"

int xepf_sriov_control_init(struct xepf_control *ctl, struct device *dev,
			    unsigned int num_vfs, const struct xepf_control_ops *ops,
			    void *priv);
void xepf_sriov_control_fini(struct xepf_control *ctl);

int xepf_sriov_control_pause_vf(struct xepf_control *ctl, unsigned int vfid);
int xepf_sriov_control_resume_vf(struct xepf_control *ctl, unsigned int vfid);
int xepf_sriov_control_stop_vf(struct xepf_control *ctl, unsigned int vfid);
int xepf_sriov_control_reset_vf(struct xepf_control *ctl, unsigned int vfid);
int xepf_sriov_control_wait_flr_done(struct xepf_control *ctl, unsigned int vfid,
				     unsigned int timeout_ms);

int xepf_sriov_control_save_begin(struct xepf_control *ctl, unsigned int vfid);
void xepf_sriov_control_save_end(struct xepf_control *ctl, unsigned int vfid,
				 int err);
int xepf_sriov_control_restore_begin(struct xepf_control *ctl, unsigned int vfid);
void xepf_sriov_control_restore_end(struct xepf_control *ctl, unsigned int vfid,
				    int err);

void xepf_sriov_control_notify(struct xepf_control *ctl, unsigned int vfid,
			       u32 event);
bool xepf_sriov_control_vf_has(struct xepf_control *ctl, unsigned int vfid,
			       enum xepf_vf_state_bit bit);
int xepf_sriov_control_state_str(struct xepf_control *ctl, unsigned int vfid,
				 char *buf, size_t size);

#endif
