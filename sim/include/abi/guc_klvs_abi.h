/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GuC key-length-value (KLV) records and the VF configuration keys. Numbers
 * only: names and values follow upstream Xe
 * drivers/gpu/drm/xe/abi/guc_klvs_abi.h.
 */

#ifndef _XESIM_ABI_GUC_KLVS_ABI_H_
#define _XESIM_ABI_GUC_KLVS_ABI_H_

#include <linux/bits.h>

/**
 * DOC: GuC KLV
 *
 * A KLV is a header dword followed by ``LEN`` value dwords. The header holds
 * the ``KEY`` in bits 31:16 and ``LEN``, the number of value dwords, in bits
 * 15:0. A 64-bit value is sent low dword first. A list of KLVs is the KLVs
 * one after the other, with no padding.
 */

#define GUC_KLV_LEN_MIN				1u
#define GUC_KLV_0_KEY				GENMASK(31, 16)
#define GUC_KLV_0_LEN				GENMASK(15, 0)
#define GUC_KLV_n_VALUE				GENMASK(31, 0)

/**
 * DOC: GuC VF configuration KLVs
 *
 * Keys that the PF sends with PF2GUC_UPDATE_VF_CFG and that a VF reads back
 * one at a time with VF2GUC_QUERY_SINGLE_KLV:
 *
 * - ``GGTT_START`` (0x0001, 64-bit): first GGTT address of the VF, 4 KiB
 *   aligned.
 * - ``GGTT_SIZE`` (0x0002, 64-bit): size of the VF's GGTT range, 4 KiB
 *   aligned.
 * - ``LMEM_SIZE`` (0x0003, 64-bit): size of the VF's local memory.
 * - ``NUM_CONTEXTS`` (0x0004): GuC context IDs given to the VF, at most
 *   65535.
 * - ``TILE_MASK`` (0x0005): tiles of the VF (multi-tile parts only).
 * - ``NUM_DOORBELLS`` (0x0006): doorbells given to the VF, at most 255.
 * - ``EXEC_QUANTUM`` (0x8a01), ``PREEMPT_TIMEOUT`` (0x8a02), the adverse
 *   event thresholds (0x8a03 to 0x8a08), ``BEGIN_DOORBELL_ID`` (0x8a0a) and
 *   ``BEGIN_CONTEXT_ID`` (0x8a0b): scheduling and ID placement, one dword
 *   each.
 */

#define GUC_KLV_VF_CFG_GGTT_START_KEY			0x0001u
#define GUC_KLV_VF_CFG_GGTT_START_LEN			2u
#define GUC_KLV_VF_CFG_GGTT_SIZE_KEY			0x0002u
#define GUC_KLV_VF_CFG_GGTT_SIZE_LEN			2u
#define GUC_KLV_VF_CFG_LMEM_SIZE_KEY			0x0003u
#define GUC_KLV_VF_CFG_LMEM_SIZE_LEN			2u
#define GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY			0x0004u
#define GUC_KLV_VF_CFG_NUM_CONTEXTS_LEN			1u
#define   GUC_KLV_VF_CFG_NUM_CONTEXTS_MAX		65535u
#define GUC_KLV_VF_CFG_TILE_MASK_KEY			0x0005u
#define GUC_KLV_VF_CFG_TILE_MASK_LEN			1u
#define GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY		0x0006u
#define GUC_KLV_VF_CFG_NUM_DOORBELLS_LEN		1u
#define   GUC_KLV_VF_CFG_NUM_DOORBELLS_MAX		255u
#define GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY			0x8a01u
#define GUC_KLV_VF_CFG_EXEC_QUANTUM_LEN			1u
#define GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY		0x8a02u
#define GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_LEN		1u
#define GUC_KLV_VF_CFG_THRESHOLD_CAT_ERR_KEY		0x8a03u
#define GUC_KLV_VF_CFG_THRESHOLD_ENGINE_RESET_KEY	0x8a04u
#define GUC_KLV_VF_CFG_THRESHOLD_PAGE_FAULT_KEY		0x8a05u
#define GUC_KLV_VF_CFG_THRESHOLD_H2G_STORM_KEY		0x8a06u
#define GUC_KLV_VF_CFG_THRESHOLD_IRQ_STORM_KEY		0x8a07u
#define GUC_KLV_VF_CFG_THRESHOLD_DOORBELL_STORM_KEY	0x8a08u
#define GUC_KLV_VF_CFG_THRESHOLD_LEN			1u
#define GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY		0x8a0au
#define GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_LEN		1u
#define GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY		0x8a0bu
#define GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_LEN		1u

#endif
