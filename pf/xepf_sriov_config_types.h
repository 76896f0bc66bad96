/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of VF provisioning.
 */

#ifndef _XEPF_SRIOV_CONFIG_TYPES_H_
#define _XEPF_SRIOV_CONFIG_TYPES_H_

#include <linux/types.h>

/**
 * struct xepf_config_limits - What a PF has to share among its VFs.
 */
struct xepf_config_limits {
	/** @ggtt_size: the device's GGTT address space in bytes. */
	u64 ggtt_size;
	/** @pf_ggtt: bytes at the start of the GGTT that the PF keeps for itself. */
	u64 pf_ggtt;
	/** @vram_size: the device's VRAM in bytes. */
	u64 vram_size;
	/** @contexts: GuC context IDs for the VFs. */
	u32 contexts;
	/** @doorbells: doorbells for the VFs. */
	u32 doorbells;
};

/**
 * struct xepf_vf_config - The resources of one VF, as sent to the GuC with
 * PF2GUC_UPDATE_VF_CFG.
 */
struct xepf_vf_config {
	/** @ggtt_start: first GGTT address of the VF's range. */
	u64 ggtt_start;
	/** @ggtt_size: bytes of the range. */
	u64 ggtt_size;
	/** @lmem_size: bytes of LMEM. */
	u64 lmem_size;
	/** @begin_ctx: first GuC context ID. */
	u32 begin_ctx;
	/** @num_ctxs: GuC context IDs. */
	u32 num_ctxs;
	/** @begin_db: first doorbell. */
	u32 begin_db;
	/** @num_dbs: doorbells. */
	u32 num_dbs;
};

#endif
