/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_HXG_TYPES_H_
#define _XESIM_GUC_HXG_TYPES_H_

#include <linux/types.h>

#include "abi/guc_relay_abi.h"

/**
 * struct xesim_hxg_hdr - A decoded HXG header (dword 0 of a message).
 *
 * Fields that the message type does not carry are 0.
 */
struct xesim_hxg_hdr {
	/** @origin: GUC_HXG_ORIGIN_HOST or GUC_HXG_ORIGIN_GUC. */
	u32 origin;
	/** @type: GUC_HXG_TYPE_*. */
	u32 type;
	/** @action: request, fast request and event: the action code. */
	u32 action;
	/**
	 * @data0: request, fast request and event: DATA0 (bits 27:16);
	 * success: DATA0 (bits 27:0); busy: the counter; retry: the reason.
	 */
	u32 data0;
	/** @hint: failure: the hint. */
	u32 hint;
	/** @error: failure: the GuC error code. */
	u32 error;
};

/**
 * struct xesim_hxg_reply - The GuC's reply to a request.
 *
 * For the MMIO relay the device writes @msg[0..@len - 1] into VF_SW_FLAG(0)
 * onwards, dword 0 last: the VF polls dword 0 for the GuC origin bit. With
 * @busy set, the device first writes @busy_msg into VF_SW_FLAG(0) and the
 * final reply only later (within the VF's 2 s busy timeout).
 */
struct xesim_hxg_reply {
	/** @msg: the reply dwords. */
	u32 msg[GUC_MAX_MMIO_MSG_LEN];
	/** @len: the number of valid dwords in @msg; 0 if none yet. */
	u32 len;
	/** @busy: publish @busy_msg before the final reply. */
	bool busy;
	/** @busy_msg: the HXG busy reply to publish first. */
	u32 busy_msg;
};

/**
 * enum xesim_guc_relay_fault - Fault to inject into one MMIO relay request
 * (driven by the device's fail_* knobs).
 * @XESIM_GUC_RELAY_NORMAL: process and reply normally.
 * @XESIM_GUC_RELAY_BUSY: process the request, but reply busy first.
 * @XESIM_GUC_RELAY_RETRY: drop the request unprocessed and reply retry; the
 *                         VF sends it again.
 */
enum xesim_guc_relay_fault {
	XESIM_GUC_RELAY_NORMAL,
	XESIM_GUC_RELAY_BUSY,
	XESIM_GUC_RELAY_RETRY,
};

/**
 * struct xesim_guc_pf_request - A parsed PF2GUC request.
 */
struct xesim_guc_pf_request {
	/** @action: GUC_ACTION_PF2GUC_*. */
	u32 action;
	/** @vfid: the target VF, 1-based. */
	u32 vfid;
	/**
	 * @op: VF_CONTROL: the command (GUC_PF_TRIGGER_VF_*);
	 * SAVE_RESTORE_VF: the opcode (GUC_PF_OPCODE_VF_*); else 0.
	 */
	u32 op;
	/** @addr: UPDATE_VF_CFG, SAVE_RESTORE_VF: the buffer's GGTT address. */
	u64 addr;
	/** @size: UPDATE_VF_CFG, SAVE_RESTORE_VF: the buffer size in dwords. */
	u32 size;
};

#endif
