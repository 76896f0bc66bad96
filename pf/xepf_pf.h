/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PF device: binding, VF enabling and provisioning.
 */

#ifndef _XEPF_PF_H_
#define _XEPF_PF_H_

#include "xepf_pf_types.h"

int xepf_pf_register(void);
void xepf_pf_unregister(void);
struct xepf_pf *xepf_pf_find(const char *name);
struct xepf_pf *xepf_pf_of_vf(struct xesim_device *vf, unsigned int *vfid);
int xepf_pf_sriov_configure(struct xepf_pf *pf, unsigned int num_vfs);
bool xepf_pf_vf_usable(struct xepf_pf *pf, unsigned int vfid);
int xepf_pf_set_ggtt_start(struct xepf_pf *pf, unsigned int vfid, u64 start);
void xepf_pf_get(struct xepf_pf *pf);
void xepf_pf_put(struct xepf_pf *pf);
int xepf_pf_control_verb(struct xepf_pf *pf, unsigned int vfid,
			 const char *verb);

#endif
