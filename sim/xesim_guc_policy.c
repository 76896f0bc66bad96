// SPDX-License-Identifier: GPL-2.0
/*
 * The GuC firmware model: context scheduling policies.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/export.h>
#include <linux/math64.h>
#include <linux/minmax.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_ct_abi.h"
#include "abi/guc_klvs_abi.h"
#include "xesim_guc_policy.h"

/**
 * DOC: xesim GuC context policies
 *
 * ``HOST2GUC_UPDATE_CONTEXT_POLICIES`` (0x509) [hdr, ctx id, KLV...] sets
 * scheduling policies of a registered context, as upstream's driver sends
 * them after REGISTER_CONTEXT and whenever a policy changes. Each KLV is a
 * key/length dword with length 1 and a value dword:
 *
 * - ``EXECUTION_QUANTUM`` (0x2001): the time slice in microseconds, 1 to
 *   100 s (0 is refused: the model has no infinite quantum);
 * - ``PREEMPTION_TIMEOUT`` (0x2002): microseconds, 0 (none) to 100 s;
 * - ``SCHEDULING_PRIORITY`` (0x2003): a client priority, 0 (KMD high) to 3
 *   (normal);
 * - ``PREEMPT_TO_IDLE_ON_QUANTUM_EXPIRY`` (0x2004): 0 or 1;
 * - ``SLPM_GT_FREQUENCY`` (0x2005): taken and ignored (no frequency model).
 *
 * The message is applied all or nothing; the first problem is the answer,
 * with the index of the dword at fault as the hint: fewer than 2 dwords or
 * a KLV cut short (INVALID_SIZE), an unknown key, a length other than 1 or
 * a value out of range (INVALID_PARAMS), an unknown context
 * (INVALID_PARAMS, hint 1). A KLV given twice takes the last value. A
 * context registered without policies has the defaults: priority KMD
 * normal (2), a 1 ms quantum, a 640 ms preemption timeout.
 *
 * The model honours them where it has the concept: an engine picks the
 * queued context with the highest priority (the lowest number) first, in
 * submission order among equals; a context's slice is as many commands as
 * its quantum is long, scaled from the default slice for the default 1 ms
 * quantum (at least 16 commands, at most 16 default slices). The
 * preemption timeout is kept and reported only: a slice always ends at a
 * command boundary, so no preemption ever times out. All of them travel
 * in the context's record of the migration blob (`GuC VF state blob`), so a
 * restored context keeps its policies; a record whose quantum or timeout
 * the message above would refuse is refused with the blob.
 */

/**
 * xesim_guc_policy_init() - The defaults of a new context.
 * @pol: the policies.
 */
void xesim_guc_policy_init(struct xesim_guc_ctx_policy *pol)
{
	*pol = (struct xesim_guc_ctx_policy) {
		.prio = GUC_CLIENT_PRIORITY_KMD_NORMAL,
		.quantum_us = XESIM_GUC_QUANTUM_DEFAULT_US,
		.preempt_timeout_us = XESIM_GUC_PREEMPT_DEFAULT_US,
	};
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_policy_init);

/**
 * xesim_guc_policy_parse() - Check an UPDATE_CONTEXT_POLICIES message and
 * apply its KLVs.
 * @msg: the HXG message, header and context ID included.
 * @len: its dwords.
 * @pol: the context's policies: changed only when the whole message is good.
 * @hint: out: on failure, the index of the dword at fault.
 *
 * Return: 0 or an XE_GUC_RESPONSE_* error.
 */
u32 xesim_guc_policy_parse(const u32 *msg, u32 len, struct xesim_guc_ctx_policy *pol,
			   u32 *hint)
{
	struct xesim_guc_ctx_policy new = *pol;
	u32 i, key, val;

	if (len < UPDATE_CONTEXT_POLICIES_MSG_MIN_LEN) {
		*hint = UPDATE_CONTEXT_POLICIES_MSG_MIN_LEN;
		return XE_GUC_RESPONSE_INVALID_SIZE;
	}
	for (i = UPDATE_CONTEXT_POLICIES_MSG_MIN_LEN; i < len; i += 2) {
		*hint = i;
		if (i + 1 >= len)
			return XE_GUC_RESPONSE_INVALID_SIZE;
		key = FIELD_GET(GUC_KLV_0_KEY, msg[i]);
		if (FIELD_GET(GUC_KLV_0_LEN, msg[i]) != 1)
			return XE_GUC_RESPONSE_INVALID_PARAMS;
		val = msg[i + 1];
		switch (key) {
		case GUC_CONTEXT_POLICIES_KLV_ID_EXECUTION_QUANTUM:
			if (!val || val > XESIM_GUC_POLICY_MAX_US)
				goto err_bad_value;
			new.quantum_us = val;
			break;
		case GUC_CONTEXT_POLICIES_KLV_ID_PREEMPTION_TIMEOUT:
			if (val > XESIM_GUC_POLICY_MAX_US)
				goto err_bad_value;
			new.preempt_timeout_us = val;
			break;
		case GUC_CONTEXT_POLICIES_KLV_ID_SCHEDULING_PRIORITY:
			if (val >= GUC_CLIENT_PRIORITY_NUM)
				goto err_bad_value;
			new.prio = val;
			break;
		case GUC_CONTEXT_POLICIES_KLV_ID_PREEMPT_TO_IDLE_ON_QUANTUM_EXPIRY:
			if (val > 1)
				goto err_bad_value;
			new.preempt_to_idle = val;
			break;
		case GUC_CONTEXT_POLICIES_KLV_ID_SLPM_GT_FREQUENCY:
			break;
		default:
			return XE_GUC_RESPONSE_INVALID_PARAMS;
		}
	}
	new.updates++;
	*pol = new;
	return 0;
err_bad_value:
	*hint = i + 1;
	return XE_GUC_RESPONSE_INVALID_PARAMS;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_policy_parse);

/**
 * xesim_guc_policy_slice() - The commands of one slice of a context.
 * @pol: its policies.
 * @base: the commands of a slice at the default quantum.
 *
 * Return: @base scaled by the quantum, between 16 and 16 * @base.
 */
u32 xesim_guc_policy_slice(const struct xesim_guc_ctx_policy *pol, u32 base)
{
	u64 n = div_u64((u64)base * pol->quantum_us, XESIM_GUC_QUANTUM_DEFAULT_US);

	return clamp_t(u64, n, 16, 16ull * base);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_policy_slice);
