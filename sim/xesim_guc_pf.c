// SPDX-License-Identifier: GPL-2.0
/*
 * The GuC firmware model: the PF's VF configuration and control requests.
 */

#include <kunit/visibility.h>
#include <linux/align.h>
#include <linux/bitfield.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_klvs_abi.h"
#include "abi/guc_relay_abi.h"
#include "abi/xe_regs_abi.h"
#include "xesim_guc_hxg.h"
#include "xesim_guc_pf.h"
#include "xesim_guc_vf_state.h"

#include "xesim_printk.h"

/**
 * DOC: GuC PF requests
 *
 * xesim_guc_pf_parse() checks a PF2GUC request as the CT channel delivered
 * it (exact length), xesim_guc_pf_update_vf_cfg() applies a VF
 * configuration KLV list that the device read from GGTT memory, and
 * xesim_guc_pf_vf_control() applies a VF control command.
 *
 * UPDATE_VF_CFG is all or nothing: the KLVs are parsed into a copy of the
 * configuration and only a fully valid list is applied, so a refused update
 * leaves the VF as it was. Keys the PF may send and the model does not use
 * (tile mask, execution quantum, preemption timeout, adverse-event
 * thresholds, first context and doorbell IDs) are length-checked, counted
 * and ignored. A key that upstream does not define is refused with
 * INVALID_KLV_KEY rather than skipped: a PF must never believe a setting took
 * effect when it did not, and the model has no way to honour it. The
 * reply's COUNT is the number of KLVs accepted, so a PF may compare it with
 * what it sent, as upstream's PF does. Failures (hint: the dword offset of
 * the offending KLV header in the list, at most 0xfff):
 *
 * - a KLV whose value runs past the end of the list: MALFORMED_KLV;
 * - a known key with a length other than its own: INVALID_SIZE;
 * - a key not defined by the ABI: INVALID_KLV_KEY;
 * - the same key twice in one list, a misaligned GGTT start or size or LMEM
 *   size, more contexts or doorbells than the ABI allows, a GGTT range that
 *   overflows or ends above the GuC's GGTT limit: INVALID_KLV_DATA.
 *
 * An empty list resets the configuration. A configuration without a GGTT
 * range or without contexts leaves the VF unprovisioned. A configuration
 * change is refused while a restore is in progress (see `GuC VF state
 * machine`).
 */

static u64 dwords_to_u64(u32 lo, u32 hi)
{
	return (u64)hi << 32 | lo;
}

/* One VF configuration key: its length and how its value is applied. */
struct vf_cfg_key {
	u16 key;
	u16 len;
	/* NULL: accepted and ignored; else false if @value is invalid */
	bool (*set)(struct xesim_guc_vf_config *cfg, u64 value);
};

static bool set_ggtt_start(struct xesim_guc_vf_config *cfg, u64 value)
{
	if (!IS_ALIGNED(value, XE_GGTT_PAGE_SIZE))
		return false;
	cfg->ggtt_start = value;
	return true;
}

static bool set_ggtt_size(struct xesim_guc_vf_config *cfg, u64 value)
{
	if (!IS_ALIGNED(value, XE_GGTT_PAGE_SIZE))
		return false;
	cfg->ggtt_size = value;
	return true;
}

static bool set_lmem_size(struct xesim_guc_vf_config *cfg, u64 value)
{
	if (!IS_ALIGNED(value, XE_LMTT_PAGE_SIZE))
		return false;
	cfg->lmem_size = value;
	return true;
}

static bool set_num_ctxs(struct xesim_guc_vf_config *cfg, u64 value)
{
	if (value > GUC_KLV_VF_CFG_NUM_CONTEXTS_MAX)
		return false;
	cfg->num_ctxs = value;
	return true;
}

static bool set_num_dbs(struct xesim_guc_vf_config *cfg, u64 value)
{
	if (value > GUC_KLV_VF_CFG_NUM_DOORBELLS_MAX)
		return false;
	cfg->num_dbs = value;
	return true;
}

static const struct vf_cfg_key vf_cfg_keys[] = {
	{ GUC_KLV_VF_CFG_GGTT_START_KEY, GUC_KLV_VF_CFG_GGTT_START_LEN, set_ggtt_start },
	{ GUC_KLV_VF_CFG_GGTT_SIZE_KEY, GUC_KLV_VF_CFG_GGTT_SIZE_LEN, set_ggtt_size },
	{ GUC_KLV_VF_CFG_LMEM_SIZE_KEY, GUC_KLV_VF_CFG_LMEM_SIZE_LEN, set_lmem_size },
	{ GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, GUC_KLV_VF_CFG_NUM_CONTEXTS_LEN, set_num_ctxs },
	{ GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, GUC_KLV_VF_CFG_NUM_DOORBELLS_LEN, set_num_dbs },
	{ GUC_KLV_VF_CFG_TILE_MASK_KEY, GUC_KLV_VF_CFG_TILE_MASK_LEN, NULL },
	{ GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY, GUC_KLV_VF_CFG_EXEC_QUANTUM_LEN, NULL },
	{ GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY, GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_CAT_ERR_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_ENGINE_RESET_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_PAGE_FAULT_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_H2G_STORM_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_IRQ_STORM_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_THRESHOLD_DOORBELL_STORM_KEY, GUC_KLV_VF_CFG_THRESHOLD_LEN, NULL },
	{ GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_LEN, NULL },
	{ GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_LEN, NULL },
};

static_assert(ARRAY_SIZE(vf_cfg_keys) <= BITS_PER_TYPE(u32));

static int find_vf_cfg_key(u32 key)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vf_cfg_keys); i++)
		if (vf_cfg_keys[i].key == key)
			return i;
	return -ENOENT;
}

/**
 * xesim_guc_pf_parse_vf_cfg() - Parse a VF configuration KLV list.
 * @klvs: the KLV list.
 * @num_dw: its length in dwords.
 * @ggtt_limit: the GGTT address the VF's range must end at or below (the
 *              top of the GGTT the GuC can reach).
 * @cfg: in: the configuration to update; out: updated only on success.
 * @count: out: on success, the number of KLVs accepted.
 * @hint: out: on failure, the dword offset of the offending KLV (at most
 *        0xfff; 0 for a GGTT range that is wrong as a whole and got no GGTT
 *        key in this list).
 *
 * See `GuC PF requests` for the rules. Pure: no state, no lock.
 *
 * Context: any context.
 * Return: 0, or the GuC error code of the first problem.
 */
u32 xesim_guc_pf_parse_vf_cfg(const u32 *klvs, u32 num_dw, u64 ggtt_limit,
			      struct xesim_guc_vf_config *cfg, u32 *count,
			      u32 *hint)
{
	struct xesim_guc_vf_config tmp = *cfg;
	u32 seen = 0, n = 0, ggtt_at = 0, i = 0;
	u64 end;

	while (i < num_dw) {
		u32 key = FIELD_GET(GUC_KLV_0_KEY, klvs[i]);
		u32 len = FIELD_GET(GUC_KLV_0_LEN, klvs[i]);
		const struct vf_cfg_key *k;
		u64 value;
		int idx;

		*hint = min_t(u32, i, FIELD_MAX(GUC_HXG_FAILURE_MSG_0_HINT));
		if (len > num_dw - i - 1)
			return XE_GUC_RESPONSE_MALFORMED_KLV;
		idx = find_vf_cfg_key(key);
		if (idx < 0)
			return XE_GUC_RESPONSE_INVALID_KLV_KEY;
		k = &vf_cfg_keys[idx];
		if (len != k->len)
			return XE_GUC_RESPONSE_INVALID_SIZE;
		if (seen & BIT(idx))
			return XE_GUC_RESPONSE_INVALID_KLV_DATA;
		seen |= BIT(idx);

		value = len == 2 ? dwords_to_u64(klvs[i + 1], klvs[i + 2]) : klvs[i + 1];
		if (k->set && !k->set(&tmp, value))
			return XE_GUC_RESPONSE_INVALID_KLV_DATA;
		if (key == GUC_KLV_VF_CFG_GGTT_START_KEY || key == GUC_KLV_VF_CFG_GGTT_SIZE_KEY)
			ggtt_at = *hint;
		n++;
		i += 1 + len;
	}

	if (tmp.ggtt_size &&
	    (check_add_overflow(tmp.ggtt_start, tmp.ggtt_size, &end) || end > ggtt_limit)) {
		*hint = ggtt_at;
		return XE_GUC_RESPONSE_INVALID_KLV_DATA;
	}

	*cfg = tmp;
	*count = n;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_pf_parse_vf_cfg);

static u32 pf_check_len(u32 len, u32 need, struct xesim_hxg_reply *reply)
{
	if (len != need)
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, need);
	return 0;
}

/**
 * xesim_guc_pf_parse() - Check and decode a PF2GUC request.
 * @msg: the request as the CT channel delivered it.
 * @len: its exact length in dwords.
 * @req: out: the decoded request, valid on success.
 * @reply: out: on failure, the failure reply; untouched on success.
 *
 * Serves PF2GUC_UPDATE_VF_CFG, PF2GUC_VF_CONTROL and PF2GUC_SAVE_RESTORE_VF.
 * Failures: a wrong length, INVALID_SIZE (hint: the right length); not a
 * host request, ERROR_PROTOCOL (hint: bits 31:28); another action,
 * UNKNOWN_ACTION; VFID 0, INVALID_VFID (hint 1); a must-be-zero field set,
 * an unknown save/restore opcode, a buffer address that is not dword
 * aligned, or an address and size that do not go together, INVALID_PARAMS
 * (hint: the dword index). Whether the VFID exists, and the VF control
 * command, are for the caller and xesim_guc_pf_vf_control() to check.
 *
 * Context: any context.
 * Return: 0, or the GuC error code of the failure reply.
 */
u32 xesim_guc_pf_parse(const u32 *msg, u32 len,
		       struct xesim_guc_pf_request *req,
		       struct xesim_hxg_reply *reply)
{
	u32 err;

	memset(req, 0, sizeof(*req));
	if (len < GUC_HXG_MSG_MIN_LEN)
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE,
				  GUC_HXG_MSG_MIN_LEN);
	if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, msg[0]) != GUC_HXG_ORIGIN_HOST ||
	    FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[0]) != GUC_HXG_TYPE_REQUEST)
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_ERROR_PROTOCOL,
						msg[0] >> 28);

	req->action = FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, msg[0]);
	switch (req->action) {
	case GUC_ACTION_PF2GUC_UPDATE_VF_CFG:
		err = pf_check_len(len, PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_LEN, reply);
		if (err)
			return err;
		if (FIELD_GET(PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_0_MBZ, msg[0]))
			return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
		req->addr = dwords_to_u64(msg[2], msg[3]);
		req->size = msg[4];
		if (!IS_ALIGNED(req->addr, sizeof(u32)) || (!req->addr && req->size))
			return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 2);
		break;
	case GUC_ACTION_PF2GUC_VF_CONTROL:
		err = pf_check_len(len, PF2GUC_VF_CONTROL_REQUEST_MSG_LEN, reply);
		if (err)
			return err;
		if (FIELD_GET(PF2GUC_VF_CONTROL_REQUEST_MSG_0_MBZ, msg[0]))
			return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
		req->op = msg[2];
		break;
	case GUC_ACTION_PF2GUC_SAVE_RESTORE_VF:
		err = pf_check_len(len, PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_LEN, reply);
		if (err)
			return err;
		req->op = FIELD_GET(PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_0_OPCODE, msg[0]);
		if (req->op != GUC_PF_OPCODE_VF_SAVE && req->op != GUC_PF_OPCODE_VF_RESTORE)
			return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
		if (FIELD_GET(PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_4_MBZ, msg[4]))
			return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 4);
		req->addr = dwords_to_u64(msg[2], msg[3]);
		req->size = FIELD_GET(PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_4_SIZE, msg[4]);
		/* a save may query the size (no buffer); a restore needs one */
		if (!IS_ALIGNED(req->addr, sizeof(u32)) || !req->addr != !req->size ||
		    (req->op == GUC_PF_OPCODE_VF_RESTORE && !req->addr))
			return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 2);
		break;
	default:
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_UNKNOWN_ACTION, 0);
	}

	req->vfid = msg[1];
	if (!req->vfid)
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_VFID, 1);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_pf_parse);

/**
 * xesim_guc_pf_update_vf_cfg() - Apply PF2GUC_UPDATE_VF_CFG to a VF.
 * @vf: the VF's GuC state machine.
 * @cfg: the VF's configuration, updated on success only.
 * @klvs: the KLV list the device read from the request's buffer.
 * @num_dw: its length in dwords; 0 resets the configuration.
 * @ggtt_limit: the top of the GGTT the GuC can reach (e.g. GUC_GGTT_TOP).
 * @reply: out: success with the KLV count, or the failure reply.
 * @act: out: what the device must do now (provisioning or unprovisioning
 *       the VF may change its state).
 *
 * Context: process context, with the VF's GuC mutex held.
 * Return: 0, or the GuC error code of the failure reply (KLV errors as
 * xesim_guc_pf_parse_vf_cfg(), with its hint; state errors with the state
 * as hint).
 */
u32 xesim_guc_pf_update_vf_cfg(struct xesim_guc_vf_state *vf,
			       struct xesim_guc_vf_config *cfg,
			       const u32 *klvs, u32 num_dw, u64 ggtt_limit,
			       struct xesim_hxg_reply *reply,
			       struct xesim_guc_vf_action *act)
{
	struct xesim_guc_vf_config tmp = {};
	u32 count = 0, hint = 0, err;

	lockdep_assert_held(vf->lock);
	memset(reply, 0, sizeof(*reply));
	act->flags = 0;
	act->notify = 0;

	if (num_dw) {
		tmp = *cfg;
		err = xesim_guc_pf_parse_vf_cfg(klvs, num_dw, ggtt_limit, &tmp,
						&count, &hint);
		if (err) {
			xesim_guc_vf_dbg(vf, "config refused: error %#x at dword %u\n", err, hint);
			return xesim_guc_hxg_reply_fail(reply, err, hint);
		}
	}

	err = xesim_guc_vf_state_handle(vf, xesim_guc_vf_state_config_usable(&tmp) ?
				  XESIM_GUC_VF_EV_PROVISION :
				  XESIM_GUC_VF_EV_UNPROVISION, 0, act);
	if (err)
		return xesim_guc_hxg_reply_fail(reply, err, vf->cur);

	*cfg = tmp;
	xesim_guc_vf_dbg(vf, "config: GGTT %#llx+%#llx LMEM %#llx ctxs %u dbs %u\n",
			 cfg->ggtt_start, cfg->ggtt_size, cfg->lmem_size, cfg->num_ctxs,
			 cfg->num_dbs);
	return xesim_guc_hxg_reply_ok(reply, count);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_pf_update_vf_cfg);

/**
 * xesim_guc_pf_vf_control() - Apply PF2GUC_VF_CONTROL to a VF.
 * @vf: the VF's GuC state machine.
 * @cmd: the command, GUC_PF_TRIGGER_VF_*.
 * @reply: out: success, or the failure reply.
 * @act: out: what the device must do now.
 *
 * Context: process context, with the VF's GuC mutex held.
 * Return: 0, or the GuC error code of the failure reply: INVALID_EVENT
 * (hint 2) for an unknown command, else the state machine's refusal with
 * the state as hint.
 */
u32 xesim_guc_pf_vf_control(struct xesim_guc_vf_state *vf, u32 cmd,
			    struct xesim_hxg_reply *reply,
			    struct xesim_guc_vf_action *act)
{
	enum xesim_guc_vf_event ev;
	u32 err;

	lockdep_assert_held(vf->lock);
	memset(reply, 0, sizeof(*reply));
	act->flags = 0;
	act->notify = 0;

	switch (cmd) {
	case GUC_PF_TRIGGER_VF_PAUSE:
		ev = XESIM_GUC_VF_EV_PAUSE;
		break;
	case GUC_PF_TRIGGER_VF_RESUME:
		ev = XESIM_GUC_VF_EV_RESUME;
		break;
	case GUC_PF_TRIGGER_VF_STOP:
		ev = XESIM_GUC_VF_EV_STOP;
		break;
	case GUC_PF_TRIGGER_VF_FLR_START:
		ev = XESIM_GUC_VF_EV_FLR_START;
		break;
	case GUC_PF_TRIGGER_VF_FLR_FINISH:
		ev = XESIM_GUC_VF_EV_FLR_FINISH;
		break;
	default:
		xesim_guc_vf_dbg(vf, "unknown control command %u\n", cmd);
		return xesim_guc_hxg_reply_fail(reply, XE_GUC_RESPONSE_INVALID_EVENT, 2);
	}

	err = xesim_guc_vf_state_handle(vf, ev, 0, act);
	if (err)
		return xesim_guc_hxg_reply_fail(reply, err, vf->cur);
	return xesim_guc_hxg_reply_ok(reply, 0);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_pf_vf_control);
