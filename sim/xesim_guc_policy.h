/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_POLICY_H_
#define _XESIM_GUC_POLICY_H_

#include <linux/types.h>

/* the GuC's defaults for a context no policy was sent for */
#define XESIM_GUC_QUANTUM_DEFAULT_US	1000u
#define XESIM_GUC_PREEMPT_DEFAULT_US	640000u
/* the largest quantum and preemption timeout the model takes: 100 s */
#define XESIM_GUC_POLICY_MAX_US		100000000u

/**
 * struct xesim_guc_ctx_policy - The scheduling policies of a GuC context.
 */
struct xesim_guc_ctx_policy {
	/** @prio: GUC_CLIENT_PRIORITY_*, 0 the highest. */
	u32 prio;
	/** @quantum_us: execution quantum (time slice), microseconds. */
	u32 quantum_us;
	/** @preempt_timeout_us: preemption timeout, microseconds. */
	u32 preempt_timeout_us;
	/** @preempt_to_idle: preempt to idle when the quantum expires. */
	bool preempt_to_idle;
	/** @updates: UPDATE_CONTEXT_POLICIES messages applied. */
	u32 updates;
};

void xesim_guc_policy_init(struct xesim_guc_ctx_policy *pol);
u32 xesim_guc_policy_parse(const u32 *msg, u32 len, struct xesim_guc_ctx_policy *pol,
			   u32 *hint);
u32 xesim_guc_policy_slice(const struct xesim_guc_ctx_policy *pol, u32 base);

#endif
