// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VF driver's pure encoders: HXG headers, replies, CTB
 * headers, GGTT PTEs, the memory interrupt layout, and the GuC interface
 * version check.
 */

#include <kunit/test.h>

#include <abi/guc_actions_abi.h>
#include <abi/guc_ct_abi.h>
#include <abi/xe_mi_abi.h>
#include <abi/xe_regs_abi.h>

#include "xevf_ggtt.h"
#include "xevf_gt_vf_relay.h"
#include "xevf_gt_vf_relay_types.h"
#include "xevf_guc_ct.h"
#include "xevf_guc_hxg.h"
#include "xevf_lrc.h"
#include "xevf_memirq.h"

static void xevf_encode_test_hxg_request(struct kunit *test)
{
	/* upstream layout: origin 31, type 30:28, data0 27:16, action 15:0 */
	KUNIT_EXPECT_EQ(test, xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST,
						   GUC_ACTION_VF2GUC_RESFIX_START, 0xabc),
						   0x0abc550fu);
	KUNIT_EXPECT_EQ(test, xevf_guc_hxg_request(GUC_HXG_TYPE_FAST_REQUEST,
						   XE_GUC_ACTION_SCHED_CONTEXT, 0),
						   0x20001000u);
	/* data0 is cut to its 12 bits, never into the type */
	KUNIT_EXPECT_EQ(test, xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST, 1, 0x1fff)
			& 0xf0000000u, 0u);
}

static void xevf_encode_test_hxg_reply(struct kunit *test)
{
	u32 data0;

	KUNIT_EXPECT_EQ(test, xevf_guc_hxg_reply_to_errno(0xf0000001u, &data0), 0);
	KUNIT_EXPECT_EQ(test, data0, 1u);
	KUNIT_EXPECT_EQ(test, xevf_guc_hxg_reply_to_errno(0xe0030107u, &data0),
			-EREMOTEIO);
	KUNIT_EXPECT_EQ(test, data0, 0x107u | 3u << 16);
	KUNIT_EXPECT_EQ(test, xevf_guc_hxg_reply_to_errno(0xb0000000u, &data0), -EBUSY);
	KUNIT_EXPECT_EQ(test, xevf_guc_hxg_reply_to_errno(0xd0000000u, &data0), -EAGAIN);
	/* our own request echoed back is not a reply */
	KUNIT_EXPECT_EQ(test, xevf_guc_hxg_reply_to_errno(0x70000000u, &data0), -EPROTO);
	KUNIT_EXPECT_EQ(test, xevf_guc_hxg_reply_to_errno(0xc0000000u, &data0), -EPROTO);
}

static void xevf_encode_test_ct_header(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xevf_guc_ct_header(0x1234, 12), 0x1234000cu);
	KUNIT_EXPECT_EQ(test, xevf_guc_ct_header(1, GUC_CTB_MAX_DWORDS), 0x000100ffu);
}

static void xevf_encode_test_ggtt_pte(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xevf_ggtt_pte_dma(0x123456000ull), 0x123456001ull);
	KUNIT_EXPECT_EQ(test, xevf_ggtt_pte_lmem(0x200000ull), 0x200003ull);
	/* the VFID bits are the device's: never set by the driver */
	KUNIT_EXPECT_EQ(test, xevf_ggtt_pte_dma(0x1fffull) & GGTT_PTE_VFID, 0ull);
}

static void xevf_encode_test_memirq_layout(struct kunit *test)
{
	/* INTR_GUC is bit 25: source byte 0x400 + 25, vector at 25 * 16 */
	KUNIT_EXPECT_EQ(test, xevf_memirq_source_offset(), 0x419u);
	KUNIT_EXPECT_EQ(test, xevf_memirq_status_offset(0), 0x190u);
	KUNIT_EXPECT_EQ(test, xevf_memirq_status_offset(15), 0x19fu);
}

static void xevf_encode_test_ring_job(struct kunit *test)
{
	u32 dw[XEVF_LRC_JOB_DWORDS];
	u32 n;

	n = xevf_lrc_emit_job(dw, 0x123456789000ull, 0xabc040, 7, false, 0, 0);
	KUNIT_ASSERT_EQ(test, n, 8u);
	/* batch start in ppGTT, 3 dwords, 48-bit address */
	KUNIT_EXPECT_EQ(test, dw[0], 0x18800101u);
	KUNIT_EXPECT_EQ(test, dw[1], 0x56789000u);
	KUNIT_EXPECT_EQ(test, dw[2], 0x1234u);
	/* seqno store through the GGTT, then the user interrupt */
	KUNIT_EXPECT_EQ(test, dw[3], 0x10400002u);
	KUNIT_EXPECT_EQ(test, dw[4], 0xabc040u);
	KUNIT_EXPECT_EQ(test, dw[6], 7u);
	KUNIT_EXPECT_EQ(test, dw[7], MI_USER_INTERRUPT);

	n = xevf_lrc_emit_job(dw, 0x1000, 0x2040, 8, true, 0x5008, 0x1122334455667788ull);
	KUNIT_ASSERT_EQ(test, n, 14u);
	/* the user fence: a qword store in ppGTT before the seqno */
	KUNIT_EXPECT_EQ(test, dw[3], 0x10200003u);
	KUNIT_EXPECT_EQ(test, dw[4], 0x5008u);
	KUNIT_EXPECT_EQ(test, dw[6], 0x55667788u);
	KUNIT_EXPECT_EQ(test, dw[7], 0x11223344u);
	KUNIT_EXPECT_EQ(test, dw[8] & MI_SDI_GGTT, MI_SDI_GGTT);
	KUNIT_EXPECT_EQ(test, dw[12], MI_USER_INTERRUPT);
	KUNIT_EXPECT_EQ(test, dw[13], MI_NOOP);
}

static void xevf_encode_test_guc_version(struct kunit *test)
{
	struct xevf_guc_version v = { .major = 1, .minor = 27, .patch = 3 };

	/* the version asked for, and an older minor of its major */
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_version_check(&v), 0);
	v.minor = 20;
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_version_check(&v), 0);
	/* newer than asked for: the GuC broke the protocol */
	v.minor = 28;
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_version_check(&v), -EPROTO);
	v.major = 2;
	v.minor = 0;
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_version_check(&v), -EPROTO);
	/* an older major: no fallback */
	v.major = 0;
	v.minor = 27;
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_version_check(&v), -ENOPKG);
}

static struct kunit_case xevf_encode_test_cases[] = {
	KUNIT_CASE(xevf_encode_test_guc_version),
	KUNIT_CASE(xevf_encode_test_ring_job),
	KUNIT_CASE(xevf_encode_test_hxg_request),
	KUNIT_CASE(xevf_encode_test_hxg_reply),
	KUNIT_CASE(xevf_encode_test_ct_header),
	KUNIT_CASE(xevf_encode_test_ggtt_pte),
	KUNIT_CASE(xevf_encode_test_memirq_layout),
	{}
};

static struct kunit_suite xevf_encode_test_suite = {
	.name = "xevf_encode",
	.test_cases = xevf_encode_test_cases,
};

kunit_test_suite(xevf_encode_test_suite);
