// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the GuC model's context policies (UPDATE_CONTEXT_POLICIES).
 */

#include <kunit/test.h>
#include <linux/bitfield.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_ct_abi.h"
#include "abi/guc_klvs_abi.h"
#include "xesim_guc_policy.h"

#define KLV(key)	(FIELD_PREP_CONST(GUC_KLV_0_KEY, key) | FIELD_PREP_CONST(GUC_KLV_0_LEN, 1))

static void policy_test_defaults(struct kunit *test)
{
	struct xesim_guc_ctx_policy pol;

	xesim_guc_policy_init(&pol);
	KUNIT_EXPECT_EQ(test, pol.prio, GUC_CLIENT_PRIORITY_KMD_NORMAL);
	KUNIT_EXPECT_EQ(test, pol.quantum_us, 1000u);
	KUNIT_EXPECT_EQ(test, pol.preempt_timeout_us, 640000u);
	KUNIT_EXPECT_EQ(test, xesim_guc_policy_slice(&pol, 256), 256u);
}

static void policy_test_apply(struct kunit *test)
{
	const u32 msg[] = {
		XE_GUC_ACTION_HOST2GUC_UPDATE_CONTEXT_POLICIES, 7,
		KLV(GUC_CONTEXT_POLICIES_KLV_ID_EXECUTION_QUANTUM), 16000,
		KLV(GUC_CONTEXT_POLICIES_KLV_ID_PREEMPTION_TIMEOUT), 0,
		KLV(GUC_CONTEXT_POLICIES_KLV_ID_SCHEDULING_PRIORITY), GUC_CLIENT_PRIORITY_NORMAL,
		KLV(GUC_CONTEXT_POLICIES_KLV_ID_PREEMPT_TO_IDLE_ON_QUANTUM_EXPIRY), 1,
		KLV(GUC_CONTEXT_POLICIES_KLV_ID_SLPM_GT_FREQUENCY), 1234,
	};
	struct xesim_guc_ctx_policy pol;
	u32 hint = 0;

	xesim_guc_policy_init(&pol);
	KUNIT_ASSERT_EQ(test, xesim_guc_policy_parse(msg, ARRAY_SIZE(msg), &pol, &hint), 0u);
	KUNIT_EXPECT_EQ(test, pol.quantum_us, 16000u);
	KUNIT_EXPECT_EQ(test, pol.preempt_timeout_us, 0u);
	KUNIT_EXPECT_EQ(test, pol.prio, GUC_CLIENT_PRIORITY_NORMAL);
	KUNIT_EXPECT_TRUE(test, pol.preempt_to_idle);
	KUNIT_EXPECT_EQ(test, pol.updates, 1u);
	/* 16 ms: 16 default slices, the cap */
	KUNIT_EXPECT_EQ(test, xesim_guc_policy_slice(&pol, 256), 4096u);
	/* no KLV at all is a valid (empty) update */
	KUNIT_EXPECT_EQ(test, xesim_guc_policy_parse(msg, 2, &pol, &hint), 0u);
	KUNIT_EXPECT_EQ(test, pol.updates, 2u);
}

/* a bad message changes nothing and names the dword at fault */
static void policy_test_refused(struct kunit *test)
{
	static const struct {
		u32 msg[6];
		u32 len, error, hint;
	} cases[] = {
		{ { 0 }, 1, XE_GUC_RESPONSE_INVALID_SIZE, 2 },
		{ { 0, 1, KLV(GUC_CONTEXT_POLICIES_KLV_ID_EXECUTION_QUANTUM) }, 3,
		  XE_GUC_RESPONSE_INVALID_SIZE, 2 },
		{ { 0, 1, KLV(0x2006), 1 }, 4, XE_GUC_RESPONSE_INVALID_PARAMS, 2 },
		{ { 0, 1, FIELD_PREP_CONST(GUC_KLV_0_KEY, 0x2001) | 2, 1, 1 }, 5,
		  XE_GUC_RESPONSE_INVALID_PARAMS, 2 },
		{ { 0, 1, KLV(GUC_CONTEXT_POLICIES_KLV_ID_EXECUTION_QUANTUM), 0 }, 4,
		  XE_GUC_RESPONSE_INVALID_PARAMS, 3 },
		{ { 0, 1, KLV(GUC_CONTEXT_POLICIES_KLV_ID_EXECUTION_QUANTUM), 100000001 }, 4,
		  XE_GUC_RESPONSE_INVALID_PARAMS, 3 },
		{ { 0, 1, KLV(GUC_CONTEXT_POLICIES_KLV_ID_SCHEDULING_PRIORITY), 1,
		    KLV(GUC_CONTEXT_POLICIES_KLV_ID_SCHEDULING_PRIORITY), 4 }, 6,
		  XE_GUC_RESPONSE_INVALID_PARAMS, 5 },
		{ { 0, 1, KLV(GUC_CONTEXT_POLICIES_KLV_ID_PREEMPT_TO_IDLE_ON_QUANTUM_EXPIRY), 2 },
		  4, XE_GUC_RESPONSE_INVALID_PARAMS, 3 },
	};
	struct xesim_guc_ctx_policy pol, before;
	unsigned int i;
	u32 hint;

	xesim_guc_policy_init(&pol);
	before = pol;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		hint = ~0u;
		KUNIT_EXPECT_EQ_MSG(test, xesim_guc_policy_parse(cases[i].msg, cases[i].len,
								 &pol, &hint),
				    cases[i].error, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, hint, cases[i].hint, "case %u", i);
		KUNIT_EXPECT_MEMEQ(test, &pol, &before, sizeof(pol));
	}
}

static void policy_test_slice(struct kunit *test)
{
	struct xesim_guc_ctx_policy pol;

	xesim_guc_policy_init(&pol);
	pol.quantum_us = 1;
	KUNIT_EXPECT_EQ(test, xesim_guc_policy_slice(&pol, 256), 16u);
	pol.quantum_us = 2000;
	KUNIT_EXPECT_EQ(test, xesim_guc_policy_slice(&pol, 256), 512u);
	pol.quantum_us = 100000000;
	KUNIT_EXPECT_EQ(test, xesim_guc_policy_slice(&pol, 256), 4096u);
}

static struct kunit_case policy_cases[] = {
	KUNIT_CASE(policy_test_defaults),
	KUNIT_CASE(policy_test_apply),
	KUNIT_CASE(policy_test_refused),
	KUNIT_CASE(policy_test_slice),
	{}
};

static struct kunit_suite policy_suite = {
	.name = "xesim_guc_policy",
	.test_cases = policy_cases,
};

kunit_test_suite(policy_suite);
