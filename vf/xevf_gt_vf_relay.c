// SPDX-License-Identifier: GPL-2.0
/*
 * The VF's MMIO relay to the GuC: HXG requests through the VF_SW_FLAG
 * scratch registers, VF reset, version match and configuration query.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/jiffies.h>

#include <abi/guc_actions_abi.h>
#include <abi/guc_ct_abi.h>
#include <abi/guc_klvs_abi.h>
#include <abi/xe_regs_abi.h>
#include <xesim_driver.h>

#include "xevf_device_types.h"
#include "xevf_gt_vf_relay.h"
#include "xevf_guc_hxg.h"
#include "xevf_printk.h"

/**
 * DOC: xevf MMIO relay
 *
 * Before the CT channel exists (and, in the later recovery, while it is
 * stopped) the VF talks to the GuC over its four VF_SW_FLAG scratch
 * registers. xevf_gt_vf_relay_send() writes the request's dwords, highest first,
 * rings GUC_HOST_INTERRUPT and polls VF_SW_FLAG(0) until a dword with the
 * GuC origin bit appears; then it reads the four reply dwords. A reply must
 * come within 50 ms; a BUSY reply extends that to 2 s; a RETRY reply, or a
 * timeout, resends the request, at most ``XEVF_RELAY_MAX_SENDS`` times in all.
 * A failure reply becomes -EREMOTEIO (its ERROR and HINT are kept in
 * &struct xevf_relay and logged), a malformed reply -EPROTO. One mutex
 * serializes requests, since the registers are shared.
 *
 * The relay carries no length: the GuC infers it from the action, so each
 * helper here sends exactly its action's dwords.
 */

#define XEVF_RELAY_TIMEOUT_MS		50
#define XEVF_RELAY_BUSY_TIMEOUT_MS	2000
#define XEVF_RELAY_MAX_SENDS		5
#define XEVF_VF_RESET_MAX_TRIES		10

/* the VF interface version this driver wants: 1.27, the first with migration */
#define XEVF_GUC_WANT_MAJOR		1
#define XEVF_GUC_WANT_MINOR		27

/**
 * xevf_gt_vf_relay_init() - Initialize the relay state.
 * @relay: the relay.
 */
void xevf_gt_vf_relay_init(struct xevf_relay *relay)
{
	memset(relay, 0, sizeof(*relay));
	mutex_init(&relay->lock);
}

/* one send: the request, the doorbell, and the wait for a final reply */
static int xevf_relay_send_once(struct xevf_device *xe, const u32 *req,
				u32 len, u32 *reply)
{
	unsigned long end = jiffies + msecs_to_jiffies(XEVF_RELAY_TIMEOUT_MS);
	struct xesim_device *xdev = xe->xdev;
	u32 hdr, data0, i;
	int err;

	for (i = len; i-- > 0;) {
		err = xesim_write32(xdev, VF_SW_FLAG(i), req[i]);
		if (err)
			return err;
	}
	err = xesim_write32(xdev, GUC_HOST_INTERRUPT, GUC_SEND_TRIGGER);
	if (err)
		return err;
	for (;;) {
		err = xesim_read32(xdev, VF_SW_FLAG(0), &hdr);
		if (err)
			return err;
		if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, hdr) == GUC_HXG_ORIGIN_GUC) {
			err = xevf_guc_hxg_reply_to_errno(hdr, &data0);
			if (err != -EBUSY)
				break;
			end = max(end, jiffies +
				  msecs_to_jiffies(XEVF_RELAY_BUSY_TIMEOUT_MS));
		}
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(20, 100);
	}
	reply[0] = hdr;
	for (i = 1; i < VF_SW_FLAG_COUNT; i++) {
		int rerr = xesim_read32(xdev, VF_SW_FLAG(i), &reply[i]);

		if (rerr)
			return rerr;
	}
	if (err == -EREMOTEIO) {
		xe->relay.failures++;
		xe->relay.last_error = data0 & 0xffff;
		xe->relay.last_hint = data0 >> 16;
	}
	return err;
}

static int xevf_relay_send_n(struct xevf_device *xe, const u32 *req, u32 len,
			     u32 *reply, u32 max, unsigned int max_sends)
{
	u32 buf[VF_SW_FLAG_COUNT];
	unsigned int sends;
	int err = -ETIMEDOUT;

	if (!len || len > GUC_MAX_MMIO_MSG_LEN || !max)
		return -EINVAL;
	guard(mutex)(&xe->relay.lock);
	for (sends = 0; sends < max_sends; sends++) {
		xe->relay.requests++;
		err = xevf_relay_send_once(xe, req, len, buf);
		if (err != -EAGAIN && err != -ETIMEDOUT)
			break;
		xe->relay.retries++;
	}
	if (err == -EREMOTEIO)
		xevf_dbg(xe, "relay", "action %#lx failed: error %#x hint %#x\n",
			 FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, req[0]),
			 xe->relay.last_error, xe->relay.last_hint);
	else if (err)
		xevf_err(xe, "relay", "action %#lx: %pe\n",
			 FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, req[0]),
			 ERR_PTR(err));
	if (err)
		return err;
	max = min_t(u32, max, VF_SW_FLAG_COUNT);
	memcpy(reply, buf, max * sizeof(*reply));
	return max;
}

/**
 * xevf_gt_vf_relay_send() - Send an HXG request over the MMIO relay.
 * @xe: the device.
 * @req: the request, dword 0 a host request header.
 * @len: its dwords, 1 to GUC_MAX_MMIO_MSG_LEN.
 * @reply: out: the reply dwords (the header first).
 * @max: room in @reply, at least 1.
 *
 * Context: process context; sleeps.
 * Return: the number of reply dwords stored, -EREMOTEIO for a failure reply
 * (see &xevf_relay.last_error), -ETIMEDOUT, -EINVAL for a bad length, or a
 * bus error.
 */
int xevf_gt_vf_relay_send(struct xevf_device *xe, const u32 *req, u32 len,
			  u32 *reply, u32 max)
{
	return xevf_relay_send_n(xe, req, len, reply, max, XEVF_RELAY_MAX_SENDS);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_relay_send);

/**
 * xevf_gt_vf_relay_vf_reset() - Ask the GuC to forget this VF's state.
 * @xe: the device.
 *
 * A GuC that does not answer in time is asked again, a bounded number of
 * times, as a GuC still busy with an earlier reset may be slow.
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno.
 */
int xevf_gt_vf_relay_vf_reset(struct xevf_device *xe)
{
	u32 req = xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST,
				   GUC_ACTION_VF2GUC_VF_RESET, 0);
	u32 reply[VF_SW_FLAG_COUNT];
	unsigned int tries;
	int err = -ETIMEDOUT;

	for (tries = 0; tries < XEVF_VF_RESET_MAX_TRIES; tries++) {
		err = xevf_gt_vf_relay_send(xe, &req, VF2GUC_VF_RESET_REQUEST_MSG_LEN,
					    reply, ARRAY_SIZE(reply));
		if (err != -ETIMEDOUT)
			break;
		msleep(20);
	}
	return err < 0 ? err : 0;
}

/**
 * xevf_gt_vf_relay_version_check() - Whether the driver can use the GuC VF interface
 * version the GuC chose in reply to MATCH_VERSION (which asked for
 * XEVF_GUC_WANT_MAJOR.XEVF_GUC_WANT_MINOR), as upstream judges it.
 * @ver: the version.
 *
 * Return: 0; -EPROTO for a version newer than the one asked for, which the
 * GuC must never offer; -ENOPKG for an older major (there is no fallback to
 * another major).
 */
int xevf_gt_vf_relay_version_check(const struct xevf_guc_version *ver)
{
	if (ver->major > XEVF_GUC_WANT_MAJOR)
		return -EPROTO;
	if (ver->major != XEVF_GUC_WANT_MAJOR)
		return -ENOPKG;
	if (ver->minor > XEVF_GUC_WANT_MINOR)
		return -EPROTO;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_relay_version_check);

/**
 * xevf_gt_vf_relay_match_version() - Agree on the GuC VF interface version.
 * @xe: the device.
 * @ver: out: the version the GuC chose.
 *
 * Context: process context; sleeps.
 * Return: 0, an error of xevf_gt_vf_relay_version_check() for a version this
 * driver cannot use, or a negative errno of the relay.
 */
int xevf_gt_vf_relay_match_version(struct xevf_device *xe,
				   struct xevf_guc_version *ver)
{
	u32 req[VF2GUC_MATCH_VERSION_REQUEST_MSG_LEN] = {
		xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST,
				     GUC_ACTION_VF2GUC_MATCH_VERSION, 0),
		FIELD_PREP(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_BRANCH,
			   GUC_VERSION_BRANCH_ANY) |
		FIELD_PREP(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_MAJOR,
			   XEVF_GUC_WANT_MAJOR) |
		FIELD_PREP(VF2GUC_MATCH_VERSION_REQUEST_MSG_1_MINOR,
			   XEVF_GUC_WANT_MINOR),
	};
	u32 reply[VF_SW_FLAG_COUNT];
	int err;

	err = xevf_gt_vf_relay_send(xe, req, ARRAY_SIZE(req), reply,
				    ARRAY_SIZE(reply));
	if (err < 0)
		return err;
	ver->branch = FIELD_GET(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_BRANCH,
				reply[1]);
	ver->major = FIELD_GET(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_MAJOR,
			       reply[1]);
	ver->minor = FIELD_GET(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_MINOR,
			       reply[1]);
	ver->patch = FIELD_GET(VF2GUC_MATCH_VERSION_RESPONSE_MSG_1_PATCH,
			       reply[1]);
	err = xevf_gt_vf_relay_version_check(ver);
	if (err)
		xevf_err(xe, "relay", "GuC VF interface %u.%u.%u.%u unusable: %pe\n",
			 ver->branch, ver->major, ver->minor, ver->patch, ERR_PTR(err));
	return err;
}

/**
 * xevf_gt_vf_relay_query_klv() - Read one configuration KLV of the VF.
 * @xe: the device.
 * @key: the KLV key.
 * @value: out: the value dwords, low dword first.
 * @max: room in @value; the GuC's length must be exactly this.
 *
 * Context: process context; sleeps.
 * Return: 0, -EPROTO for a reply of another length, or a negative errno of
 * the relay.
 */
int xevf_gt_vf_relay_query_klv(struct xevf_device *xe, u16 key, u32 *value,
			       u32 max)
{
	u32 req[VF2GUC_QUERY_SINGLE_KLV_REQUEST_MSG_LEN] = {
		xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST,
				     GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV, 0),
		FIELD_PREP(VF2GUC_QUERY_SINGLE_KLV_REQUEST_MSG_1_KEY, key),
	};
	u32 reply[VF_SW_FLAG_COUNT], len;
	int err;

	if (max > VF2GUC_QUERY_SINGLE_KLV_RESPONSE_MSG_MAX_LEN - 1)
		return -EINVAL;
	err = xevf_gt_vf_relay_send(xe, req, ARRAY_SIZE(req), reply,
				    ARRAY_SIZE(reply));
	if (err < 0)
		return err;
	len = FIELD_GET(VF2GUC_QUERY_SINGLE_KLV_RESPONSE_MSG_0_LENGTH, reply[0]);
	if (len != max) {
		xevf_err(xe, "relay", "KLV %#x: %u dwords, expected %u\n", key,
			 len, max);
		return -EPROTO;
	}
	memcpy(value, &reply[1], len * sizeof(*value));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_relay_query_klv);

static int xevf_relay_query_u64(struct xevf_device *xe, u16 key, u64 *val)
{
	u32 v[2];
	int err = xevf_gt_vf_relay_query_klv(xe, key, v, 2);

	if (!err)
		*val = (u64)v[1] << 32 | v[0];
	return err;
}

/**
 * xevf_gt_vf_relay_query_config() - Query the VF's provisioning from the GuC.
 * @xe: the device.
 * @cfg: out: the configuration.
 *
 * Context: process context; sleeps.
 * Return: 0, -ENODATA for a VF without GGTT or contexts, -EPROTO for a range
 * the driver cannot use, or a negative errno of the relay.
 */
int xevf_gt_vf_relay_query_config(struct xevf_device *xe, struct xevf_vf_config *cfg)
{
	int err;

	err = xevf_relay_query_u64(xe, GUC_KLV_VF_CFG_GGTT_START_KEY,
				   &cfg->ggtt_start);
	err = err ?: xevf_relay_query_u64(xe, GUC_KLV_VF_CFG_GGTT_SIZE_KEY,
					  &cfg->ggtt_size);
	err = err ?: xevf_relay_query_u64(xe, GUC_KLV_VF_CFG_LMEM_SIZE_KEY,
					  &cfg->lmem_size);
	err = err ?: xevf_gt_vf_relay_query_klv(xe, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY,
					  &cfg->num_ctxs, 1);
	err = err ?: xevf_gt_vf_relay_query_klv(xe, GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY,
					  &cfg->num_dbs, 1);
	if (err)
		return err;
	if (!cfg->ggtt_size || !cfg->num_ctxs) {
		xevf_err(xe, "relay", "VF not provisioned: GGTT %#llx contexts %u\n",
			 cfg->ggtt_size, cfg->num_ctxs);
		return -ENODATA;
	}
	if (!IS_ALIGNED(cfg->ggtt_start | cfg->ggtt_size, XE_GGTT_PAGE_SIZE) ||
	    cfg->ggtt_start + cfg->ggtt_size < cfg->ggtt_start ||
	    cfg->ggtt_start + cfg->ggtt_size > GUC_GGTT_TOP) {
		xevf_err(xe, "relay", "unusable GGTT range %#llx+%#llx\n",
			 cfg->ggtt_start, cfg->ggtt_size);
		return -EPROTO;
	}
	return 0;
}

/**
 * xevf_gt_vf_relay_self_cfg() - Send a HOST2GUC_SELF_CFG KLV.
 * @xe: the device.
 * @key: the KLV key.
 * @len: value dwords, 0 (reset the key), 1 or 2.
 * @value: the value.
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno.
 */
int xevf_gt_vf_relay_self_cfg(struct xevf_device *xe, u16 key, u16 len, u64 value)
{
	u32 req[HOST2GUC_SELF_CFG_REQUEST_MSG_LEN] = {
		xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST,
				     GUC_ACTION_HOST2GUC_SELF_CFG, 0),
		FIELD_PREP(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_KEY, key) |
		FIELD_PREP(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_LEN, len),
		lower_32_bits(value),
		upper_32_bits(value),
	};
	u32 reply[VF_SW_FLAG_COUNT];
	int err;

	err = xevf_gt_vf_relay_send(xe, req, ARRAY_SIZE(req), reply,
				    ARRAY_SIZE(reply));
	return err < 0 ? err : 0;
}

/**
 * xevf_gt_vf_relay_control_ctb() - Enable or disable the CT channel.
 * @xe: the device.
 * @enable: enable, else disable.
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno.
 */
int xevf_gt_vf_relay_control_ctb(struct xevf_device *xe, bool enable)
{
	u32 req[HOST2GUC_CONTROL_CTB_REQUEST_MSG_LEN] = {
		xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST,
				     GUC_ACTION_HOST2GUC_CONTROL_CTB, 0),
		enable ? GUC_CTB_CONTROL_ENABLE : GUC_CTB_CONTROL_DISABLE,
	};
	u32 reply[VF_SW_FLAG_COUNT];
	int err;

	err = xevf_gt_vf_relay_send(xe, req, ARRAY_SIZE(req), reply,
				    ARRAY_SIZE(reply));
	return err < 0 ? err : 0;
}

/**
 * DOC: xevf recovery: RESFIX handshake
 *
 * Steps b and h. ``VF2GUC_RESFIX_START`` carries a fresh non-zero 12-bit
 * marker and is sent before the query: a migration between a query and
 * START would otherwise let RESFIX_DONE pass with the wrong shift. A
 * restore resets the GuC's marker, so ``VF2GUC_RESFIX_DONE`` with the same
 * marker is refused with VF_MIGRATED (-EAGAIN here) when the VF was
 * migrated again during its fix-ups, and the worker starts over. DONE is
 * not idempotent and a relay timeout is not blindly resent: see
 * xevf_gt_vf_relay_resfix_done(). INVALID_STATE (-EPERM) means the GuC is not in
 * fix-ups at all.
 */

/* RESFIX_START or RESFIX_DONE: one request, the marker in DATA0 */
static int xevf_relay_resfix(struct xevf_device *xe, u32 action, u16 marker,
			     unsigned int max_sends)
{
	u32 req = xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST, action, marker);
	u32 reply[VF_SW_FLAG_COUNT];
	int err;

	err = xevf_relay_send_n(xe, &req, 1, reply, ARRAY_SIZE(reply), max_sends);
	if (err != -EREMOTEIO)
		return err < 0 ? err : 0;
	switch (xe->relay.last_error) {
	case XE_GUC_RESPONSE_VF_MIGRATED:
		return -EAGAIN;
	case XE_GUC_RESPONSE_INVALID_STATE:
		return -EPERM;
	default:
		return -EREMOTEIO;
	}
}

/**
 * xevf_gt_vf_relay_resfix_start() - Tell the GuC that post-migration fix-ups
 * begin, with their marker.
 * @xe: the device.
 * @marker: non-zero, at most 12 bits.
 *
 * Context: process context; sleeps.
 * Return: 0; -EPERM when the GuC is not waiting for fix-ups (INVALID_STATE:
 * the MIGRATED interrupt did not come from a restore); -EINVAL for a bad
 * marker; another relay error.
 */
int xevf_gt_vf_relay_resfix_start(struct xevf_device *xe, u16 marker)
{
	if (!marker || marker > FIELD_MAX(VF2GUC_RESFIX_START_REQUEST_MSG_0_MARKER))
		return -EINVAL;
	return xevf_relay_resfix(xe, GUC_ACTION_VF2GUC_RESFIX_START, marker,
				 XEVF_RELAY_MAX_SENDS);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_relay_resfix_start);

/**
 * xevf_gt_vf_relay_resfix_done() - Tell the GuC that the fix-ups that began with
 * @marker are done, so it lets the VF run.
 *
 * RESFIX_DONE is not idempotent: a DONE whose reply was lost may have been
 * applied. So a timeout is not blindly resent: the one resend that follows
 * it is judged knowing that, and INVALID_STATE in reply to it means the
 * first one was applied (the GuC left the fix-up state with it). A
 * migration in between shows as VF_MIGRATED either way, because a restore
 * resets the marker.
 *
 * @xe: the device.
 * @marker: the marker of the RESFIX_START.
 *
 * Context: process context; sleeps.
 * Return: 0; -EAGAIN for VF_MIGRATED (the VF was migrated again: start the
 * recovery over); -EPERM when the GuC is not waiting for fix-ups; -EINVAL
 * for a bad marker; another relay error.
 */
int xevf_gt_vf_relay_resfix_done(struct xevf_device *xe, u16 marker)
{
	int err;

	if (!marker || marker > FIELD_MAX(VF2GUC_RESFIX_DONE_REQUEST_MSG_0_MARKER))
		return -EINVAL;
	err = xevf_relay_resfix(xe, GUC_ACTION_VF2GUC_RESFIX_DONE, marker, 1);
	if (err != -ETIMEDOUT)
		return err;
	xe->relay.retries++;
	err = xevf_relay_resfix(xe, GUC_ACTION_VF2GUC_RESFIX_DONE, marker, 1);
	if (err == -EPERM) {
		xevf_info(xe, "relay", "RESFIX_DONE %u: the timed-out one was applied\n",
			  marker);
		return 0;
	}
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_relay_resfix_done);
