/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of VF provisioning.
 */

#ifndef _XEPF_SRIOV_CONFIG_TYPES_H_
#define _XEPF_SRIOV_CONFIG_TYPES_H_

#include <linux/types.h>

/**
 * struct xepf_config_limits - What a PF has to share among its VFs.
 * @ggtt_size: the device's GGTT address space in bytes.
 * @pf_ggtt: bytes at the start of the GGTT that the PF keeps for itself.
 * @vram_size: the device's VRAM in bytes.
 * @contexts: GuC context IDs for the VFs.
 * @doorbells: doorbells for the VFs.
 */
struct xepf_config_limits {
	u64 ggtt_size;
	u64 pf_ggtt;
	u64 vram_size;
	u32 contexts;
	u32 doorbells;
};

/**
 * struct xepf_vf_config - The resources of one VF, as sent to the GuC with
 * PF2GUC_UPDATE_VF_CFG.
 * @ggtt_start: first GGTT address of the VF's range.
 * @ggtt_size: bytes of the range.
 * @lmem_size: bytes of LMEM.
 * @begin_ctx: first GuC context ID.
 * @num_ctxs: GuC context IDs.
 * @begin_db: first doorbell.
 * @num_dbs: doorbells.
 */
struct xepf_vf_config {
	u64 ggtt_start;
	u64 ggtt_size;
	u64 lmem_size;
	u32 begin_ctx;
	u32 num_ctxs;
	u32 begin_db;
	u32 num_dbs;
};

#endif
