/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF provisioning: fair shares, checks, and the UPDATE_VF_CFG KLVs.
 */

#ifndef _XEPF_SRIOV_CONFIG_H_
#define _XEPF_SRIOV_CONFIG_H_

#include "xepf_sriov_config_types.h"

#define XEPF_CONFIG_KLVS	7
#define XEPF_CONFIG_KLV_DWORDS	17

int xepf_sriov_config_fair(const struct xepf_config_limits *lim,
			   unsigned int num_vfs, unsigned int ggtt_slots,
			   struct xepf_vf_config *cfgs);
int xepf_sriov_config_check(const struct xepf_config_limits *lim,
			    const struct xepf_vf_config *cfgs, unsigned int num_vfs);
unsigned int xepf_sriov_config_encode(const struct xepf_vf_config *cfg, u32 *klvs,
				      unsigned int max);

#endif
