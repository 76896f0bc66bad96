/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GuC's host interfaces beyond the VF relay: the PF's MMIO channel, the
 * self-configuration KLVs, the CT buffers and the context actions. Numbers
 * and layouts follow upstream Xe (abi/guc_communication_ctb_abi.h,
 * abi/guc_actions_abi.h, abi/guc_klvs_abi.h, regs/xe_guc_regs.h); what the
 * model adds is marked as such.
 */

#ifndef _XESIM_ABI_GUC_CT_ABI_H_
#define _XESIM_ABI_GUC_CT_ABI_H_

#include <linux/bits.h>
#include <linux/sizes.h>

#include "guc_relay_abi.h"

/**
 * DOC: xesim GuC host channels
 *
 * MMIO channel (any function): the PF writes an HXG request into
 * ``SOFT_SCRATCH(0..n-1)`` (0xc180 + 4 * n, n < 16), a VF into
 * ``VF_SW_FLAG(0..n-1)`` (n < 4), then writes ``GUC_SEND_TRIGGER`` to
 * ``GUC_HOST_INTERRUPT``. The GuC answers in the same registers, dword 0
 * last, with the GuC origin bit set in dword 0 (success with DATA0, failure
 * with ERROR and HINT, busy then the final reply, or retry). A doorbell with
 * no host request in dword 0 (origin GuC, or 0) only kicks the CT channel.
 * The request's length is implied by its action.
 *
 * Requests on the MMIO channel of every function:
 *
 * - ``HOST2GUC_SELF_CFG`` (0x0508): [hdr, key << 16 | len, value lo,
 *   value hi]; keys: the memory-based interrupt addresses (0x0900 status,
 *   0x0901 source, 64-bit) and the CT registration (0x0902 H2G buffer,
 *   0x0903 H2G descriptor, 0x0905 G2H buffer, 0x0906 G2H descriptor, 64-bit
 *   GGTT addresses; 0x0904 H2G size, 0x0907 G2H size, 32-bit bytes). Length
 *   0 resets the key. Reply: success, DATA0 1.
 * - ``HOST2GUC_CONTROL_CTB`` (0x4509): [hdr, 1 enable / 0 disable].
 *
 * A VF's relay also serves the VF2GUC actions (`GuC MMIO relay`); the PF's
 * channel serves the PF2GUC actions (`GuC PF requests`, `xesim GuC model`).
 */

/* the PF's MMIO channel: upstream GuC scratch registers */
#define SOFT_SCRATCH(n)				(0xc180 + (n) * 4)
#define SOFT_SCRATCH_COUNT			16

#define GUC_ACTION_HOST2GUC_SELF_CFG			0x0508u
#define HOST2GUC_SELF_CFG_REQUEST_MSG_LEN		4u
#define HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_KEY		GENMASK(31, 16)
#define HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_LEN		GENMASK(15, 0)
#define HOST2GUC_SELF_CFG_RESPONSE_MSG_0_NUM		GUC_HXG_RESPONSE_MSG_0_DATA0

#define GUC_ACTION_HOST2GUC_CONTROL_CTB			0x4509u
#define HOST2GUC_CONTROL_CTB_REQUEST_MSG_LEN		2u
#define   GUC_CTB_CONTROL_DISABLE			0u
#define   GUC_CTB_CONTROL_ENABLE			1u

#define GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY		0x0900u
#define GUC_KLV_SELF_CFG_MEMIRQ_SOURCE_ADDR_KEY		0x0901u
#define GUC_KLV_SELF_CFG_H2G_CTB_ADDR_KEY		0x0902u
#define GUC_KLV_SELF_CFG_H2G_CTB_DESCRIPTOR_ADDR_KEY	0x0903u
#define GUC_KLV_SELF_CFG_H2G_CTB_SIZE_KEY		0x0904u
#define GUC_KLV_SELF_CFG_G2H_CTB_ADDR_KEY		0x0905u
#define GUC_KLV_SELF_CFG_G2H_CTB_DESCRIPTOR_ADDR_KEY	0x0906u
#define GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY		0x0907u

/*
 * CT buffer descriptor (64 bytes, in GGTT memory): head (dwords, written by
 * the receiver), tail (dwords, written by the sender), status; the rest MBZ.
 */
#define GUC_CTB_DESC_SIZE			64u
#define GUC_CTB_DESC_HEAD			0x0
#define GUC_CTB_DESC_TAIL			0x4
#define GUC_CTB_DESC_STATUS			0x8
#define GUC_CTB_STATUS_NO_ERROR			0u
#define GUC_CTB_STATUS_OVERFLOW			BIT(0)
#define GUC_CTB_STATUS_UNDERFLOW		BIT(1)
#define GUC_CTB_STATUS_MISMATCH			BIT(2)
#define GUC_CTB_STATUS_DISABLED			BIT(3)

/* CT message: a CTB header dword, then an HXG message of NUM_DWORDS dwords */
#define GUC_CTB_HDR_LEN				1u
#define GUC_CTB_MAX_DWORDS			255u
#define GUC_CTB_MSG_0_FENCE			GENMASK(31, 16)
#define GUC_CTB_MSG_0_FORMAT			GENMASK(15, 12)
#define   GUC_CTB_FORMAT_HXG			0u
#define GUC_CTB_MSG_0_RESERVED			GENMASK(11, 8)
#define GUC_CTB_MSG_0_NUM_DWORDS		GENMASK(7, 0)

/* the model's CT buffer limits (the GuC's own choice) */
#define XESIM_GUC_CTB_MIN_SIZE			SZ_256
#define XESIM_GUC_CTB_MAX_SIZE			SZ_1M

/* GuC engine classes */
#define GUC_RENDER_CLASS			0u
#define GUC_BLITTER_CLASS			3u

/*
 * Context actions (H2G), upstream numbers. REGISTER_CONTEXT carries the
 * upstream 12-dword layout; the work queue fields must be 0 (the model
 * submits through SCHED_CONTEXT, see `xesim GuC submission`) and HWLRCA is
 * the GGTT address of the context image (`xesim context image`).
 */
#define XE_GUC_ACTION_SCHED_CONTEXT			0x1000u
#define XE_GUC_ACTION_SCHED_CONTEXT_MODE_SET		0x1001u
#define   GUC_CONTEXT_DISABLE				0u
#define   GUC_CONTEXT_ENABLE				1u
#define XE_GUC_ACTION_REGISTER_CONTEXT			0x4502u
#define XE_GUC_ACTION_DEREGISTER_CONTEXT		0x4503u

#define REGISTER_CONTEXT_MSG_LEN			12u
#define REGISTER_CONTEXT_MSG_1_FLAGS			1
#define REGISTER_CONTEXT_MSG_2_CTX_ID			2
#define REGISTER_CONTEXT_MSG_3_ENGINE_CLASS		3
#define REGISTER_CONTEXT_MSG_4_SUBMIT_MASK		4
#define REGISTER_CONTEXT_MSG_5_WQ_DESC_LO		5
#define REGISTER_CONTEXT_MSG_9_WQ_SIZE			9
#define REGISTER_CONTEXT_MSG_10_LRCA_LO			10
#define REGISTER_CONTEXT_MSG_11_LRCA_HI			11
#define DEREGISTER_CONTEXT_MSG_LEN			2u
#define SCHED_CONTEXT_MSG_LEN				2u
#define SCHED_CONTEXT_MODE_SET_MSG_LEN			3u

/*
 * Context scheduling policies (H2G), upstream number and KLV keys:
 * [hdr, ctx id, KLV...], each KLV one key/length dword (length 1) and one
 * value dword; see `xesim GuC context policies`. Priorities are the GuC's
 * client priorities, 0 the highest.
 */
#define XE_GUC_ACTION_HOST2GUC_UPDATE_CONTEXT_POLICIES	0x0509u
#define UPDATE_CONTEXT_POLICIES_MSG_MIN_LEN		2u
#define GUC_CONTEXT_POLICIES_KLV_ID_EXECUTION_QUANTUM	0x2001u
#define GUC_CONTEXT_POLICIES_KLV_ID_PREEMPTION_TIMEOUT	0x2002u
#define GUC_CONTEXT_POLICIES_KLV_ID_SCHEDULING_PRIORITY	0x2003u
#define GUC_CONTEXT_POLICIES_KLV_ID_PREEMPT_TO_IDLE_ON_QUANTUM_EXPIRY	0x2004u
#define GUC_CONTEXT_POLICIES_KLV_ID_SLPM_GT_FREQUENCY	0x2005u
#define GUC_CONTEXT_POLICIES_KLV_NUM_IDS		5u
#define GUC_CLIENT_PRIORITY_KMD_HIGH			0u
#define GUC_CLIENT_PRIORITY_HIGH			1u
#define GUC_CLIENT_PRIORITY_KMD_NORMAL			2u
#define GUC_CLIENT_PRIORITY_NORMAL			3u
#define GUC_CLIENT_PRIORITY_NUM				4u

/* Context events (G2H), upstream numbers: [hdr, ctx id, ...] */
#define XE_GUC_ACTION_SCHED_CONTEXT_MODE_DONE		0x1002u
#define XE_GUC_ACTION_DEREGISTER_CONTEXT_DONE		0x1003u
#define XE_GUC_ACTION_CONTEXT_RESET_NOTIFICATION	0x1008u

/*
 * Model-added G2H event: a context executed MI_USER_INTERRUPT during a time
 * slice: [hdr, ctx id, count]. One event per slice, however many
 * interrupts the slice executed.
 */
#define XESIM_GUC_ACTION_CONTEXT_USER_INTERRUPT		0x1f00u

/*
 * Recoverable page faults, upstream numbers and layouts: the GuC reports a
 * fault as the G2H event REPORT_PAGE_FAULT_REQ_DESC [hdr, dw0..dw3] (the
 * fault descriptor, GUC_PF_DESC_*); the driver answers with the H2G fast
 * request PAGE_FAULT_RES_DESC [hdr, dw0, dw1] (the reply, GUC_PF_REPLY_*).
 * The reply's SUCCESS bit is set when the fault could *not* be resolved,
 * as upstream's driver sets it. See `xesim GuC page faults`.
 */
#define XE_GUC_ACTION_REPORT_PAGE_FAULT_REQ_DESC	0x6002u
#define XE_GUC_ACTION_PAGE_FAULT_RES_DESC		0x6003u
#define GUC_PF_DESC_MSG_LEN				5u
#define GUC_PF_REPLY_MSG_LEN				3u

#define GUC_PF_DESC_0_FAULT_LEVEL			GENMASK(2, 0)
#define GUC_PF_DESC_0_SRC_ID				GENMASK(10, 3)
#define GUC_PF_DESC_0_TRVA_FAULT			BIT(18)
#define GUC_PF_DESC_0_ENG_INSTANCE			GENMASK(24, 19)
#define GUC_PF_DESC_0_ENG_CLASS				GENMASK(27, 25)
#define GUC_PF_DESC_0_PDATA_LO				GENMASK(31, 28)
#define GUC_PF_DESC_1_PDATA_HI				GENMASK(11, 0)
#define GUC_PF_DESC_1_PDATA_HI_SHIFT			4
#define GUC_PF_DESC_1_ASID				GENMASK(31, 12)
#define GUC_PF_DESC_2_ACCESS_TYPE			GENMASK(1, 0)
#define   GUC_PF_ACCESS_READ				0u
#define   GUC_PF_ACCESS_WRITE				1u
#define   GUC_PF_ACCESS_ATOMIC				2u
#define GUC_PF_DESC_2_FAULT_TYPE			GENMASK(3, 2)
#define   GUC_PF_TYPE_NOT_PRESENT			0u
#define   GUC_PF_TYPE_WRITE_VIOLATION			1u
#define   GUC_PF_TYPE_ATOMIC_VIOLATION			2u
#define GUC_PF_DESC_2_VFID				GENMASK(9, 4)
#define GUC_PF_DESC_2_VA_LO				GENMASK(31, 12)
#define GUC_PF_DESC_3_VA_HI				GENMASK(31, 0)

#define GUC_PF_REPLY_0_VALID				BIT(0)
#define GUC_PF_REPLY_0_SUCCESS				BIT(1)
#define GUC_PF_REPLY_0_REPLY				GENMASK(4, 2)
#define   GUC_PF_REPLY_ACCESS				0u
#define GUC_PF_REPLY_0_DESC_TYPE			GENMASK(11, 10)
#define   GUC_PF_REPLY_FAULT_RESPONSE_DESC		1u
#define GUC_PF_REPLY_0_ASID				GENMASK(31, 12)
#define GUC_PF_REPLY_1_VFID				GENMASK(5, 0)
#define GUC_PF_REPLY_1_ENG_INSTANCE			GENMASK(12, 7)
#define GUC_PF_REPLY_1_ENG_CLASS			GENMASK(15, 13)
#define GUC_PF_REPLY_1_PDATA				GENMASK(31, 16)

#endif
