// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the GuC model wired into the device (sim/xesim_guc.c):
 * everything goes through the registers, GGTT memory and interrupts that a
 * driver uses, with the small driver of xesim_guc_drv.c.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/crc32.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_ct_abi.h"
#include "abi/guc_klvs_abi.h"
#include "abi/xe_ctx_abi.h"
#include "abi/xe_mi_abi.h"
#include "abi/xe_ppgtt_abi.h"
#include "abi/xe_regs_abi.h"
#include "xesim_driver.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_guc.h"
#include "xesim_knob.h"
#include "xesim_guc_drv.h"
#include "xesim_test_env.h"

#define VF_GGTT_SIZE	SZ_1M
#define VF_LMEM_SIZE	SZ_1M
#define VF_CTXS		16
#define MEMIRQ_OFF	0x0		/* memirq page: first page of a VF */
#define TIMEOUT_MS	2000

struct gt {
	struct kunit *test;
	struct xesim_gpu *gpu;
	struct xg_fn pf;
	struct xg_fn vf[3];
	u64 memirq[3];
};

static void gt_pf_fini(void *data)
{
	xg_pf_fini(data);
}

static u64 vf_base(unsigned int vfid, unsigned int shift)
{
	return SZ_2M * (vfid + shift);
}

static struct xesim_gpu *gt_gpu(struct kunit *test, u16 devid, unsigned int num_vfs)
{
	struct xesim_gpu *gpu = xesim_test_gpu(test, SZ_32M, SZ_8M, num_vfs);

	/* as if created with another PCI device id: only the GuC reads it */
	if (devid)
		gpu->params.device_id = devid;
	return gpu;
}

/* a GPU with a PF (CT up) and VF1 alone, its GGTT at @base */
static struct gt *gt_setup_at(struct kunit *test, u64 base)
{
	struct gt *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	g->test = test;
	g->gpu = gt_gpu(test, 0, 1);
	KUNIT_ASSERT_EQ(test, xg_pf_init(&g->pf, xesim_test_fn(test, g->gpu, 0)), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, gt_pf_fini, &g->pf), 0);
	KUNIT_ASSERT_EQ(test, xg_ct_init(&g->pf, SZ_4K, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, xg_pf_provision(&g->pf, 1, base, VF_GGTT_SIZE, VF_LMEM_SIZE,
					      VF_CTXS), 0);
	xg_vf_init(&g->vf[0], xesim_test_fn(test, g->gpu, 1), base, VF_GGTT_SIZE);
	KUNIT_ASSERT_EQ(test, xg_map_vf_ggtt(&g->vf[0]), 0);
	return g;
}

/* a GPU with a PF (CT up) and @num_vfs provisioned VFs at @shift */
static struct gt *gt_setup(struct kunit *test, unsigned int num_vfs,
			   unsigned int shift, u16 devid)
{
	struct gt *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, g);
	g->test = test;
	g->gpu = gt_gpu(test, devid, num_vfs);
	KUNIT_ASSERT_EQ(test, xg_pf_init(&g->pf, xesim_test_fn(test, g->gpu, 0)), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, gt_pf_fini, &g->pf), 0);
	KUNIT_ASSERT_EQ(test, xg_ct_init(&g->pf, SZ_4K, SZ_4K), 0);
	for (i = 1; i <= num_vfs; i++) {
		struct xg_fn *vf = &g->vf[i - 1];

		KUNIT_ASSERT_EQ(test, xg_pf_provision(&g->pf, i, vf_base(i, shift), VF_GGTT_SIZE,
						      VF_LMEM_SIZE, VF_CTXS), 0);
		xg_vf_init(vf, xesim_test_fn(test, g->gpu, i), vf_base(i, shift), VF_GGTT_SIZE);
		KUNIT_ASSERT_EQ(test, xg_map_vf_ggtt(vf), 0);
	}
	return g;
}

/* the VF's memory-based interrupt page and CT channel */
static void gt_vf_up(struct gt *g, unsigned int vfid, u32 ring)
{
	struct xg_fn *vf = &g->vf[vfid - 1];
	u32 req[4], reply[4];
	u64 page = xg_alloc(vf, SZ_4K);

	KUNIT_ASSERT_NE(g->test, page, 0);
	g->memirq[vfid - 1] = page;
	req[0] = FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION, GUC_ACTION_HOST2GUC_SELF_CFG);
	req[1] = GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY << 16 | 2;
	req[2] = page + XE_MEMIRQ_STATUS_OFFSET + ilog2(INTR_GUC) * XE_MEMIRQ_VECTOR_SIZE;
	req[3] = 0;
	KUNIT_ASSERT_EQ_MSG(g->test, xg_mmio(vf, req, 4, reply, 4), 0, "reply %#x", reply[0]);
	req[1] = GUC_KLV_SELF_CFG_MEMIRQ_SOURCE_ADDR_KEY << 16 | 2;
	req[2] = page + XE_MEMIRQ_SOURCE_OFFSET + ilog2(INTR_GUC);
	KUNIT_ASSERT_EQ_MSG(g->test, xg_mmio(vf, req, 4, reply, 4), 0, "reply %#x", reply[0]);
	KUNIT_ASSERT_EQ(g->test, xg_ct_init(vf, ring, ring), 0);
}

/* the byte of GuC vector bit @bit in the VF's memirq status page */
static u8 gt_memirq_bit(struct gt *g, unsigned int vfid, unsigned int bit)
{
	u8 b = 0;

	xg_rw(&g->vf[vfid - 1], g->memirq[vfid - 1] + ilog2(INTR_GUC) * XE_MEMIRQ_VECTOR_SIZE +
	      bit, &b, 1, false);
	return b;
}

static void gt_memirq_clear(struct gt *g, unsigned int vfid)
{
	u8 zero[XE_MEMIRQ_VECTOR_SIZE] = {};

	xg_rw(&g->vf[vfid - 1], g->memirq[vfid - 1] + ilog2(INTR_GUC) * XE_MEMIRQ_VECTOR_SIZE,
	      zero, sizeof(zero), true);
}

/* the next GUC2PF_VF_STATE_NOTIFY on the PF's CT channel */
static void expect_notify(struct gt *g, u32 vfid, u32 event)
{
	u32 msg[8];
	int n = xg_g2h_wait(&g->pf, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, msg, 8, TIMEOUT_MS);

	KUNIT_ASSERT_EQ(g->test, n, 4);
	KUNIT_EXPECT_EQ(g->test, msg[2], vfid);
	KUNIT_EXPECT_EQ(g->test, msg[3], event);
}

static u32 hxg_error(u32 dw0)
{
	return FIELD_GET(GUC_HXG_FAILURE_MSG_0_ERROR, dw0);
}

static void guc_dev_provision_relay(struct kunit *test)
{
	struct gt *g;
	u32 req[5], reply[16], val;
	u64 before;

	g = gt_setup(test, 1, 1, 0);

	/* the VF reads back what the PF provisioned */
	KUNIT_ASSERT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV, 0,
				       GUC_KLV_VF_CFG_GGTT_START_KEY, reply), 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, reply[0]), 2);
	KUNIT_EXPECT_EQ(test, reply[1], (u32)vf_base(1, 1));
	KUNIT_ASSERT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV, 0,
				       GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, reply), 0);
	KUNIT_EXPECT_EQ(test, reply[1], VF_CTXS);
	KUNIT_ASSERT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_MATCH_VERSION, 0,
				       1 << 16 | 27 << 8, reply), 0);
	KUNIT_EXPECT_EQ(test, reply[1], 1u << 16 | 27u << 8);
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_VF_RESET, 0, 0, reply), 0);

	/* refusals from the PF path */
	req[0] = FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION, 0x5555);
	KUNIT_EXPECT_EQ(test, xg_mmio(&g->pf, req, 1, reply, 4), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(reply[0]), XE_GUC_RESPONSE_UNKNOWN_ACTION);
	KUNIT_EXPECT_EQ(test, xg_pf_control(&g->pf, 9, GUC_PF_TRIGGER_VF_PAUSE, &val), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(val), XE_GUC_RESPONSE_INVALID_VFID);
	KUNIT_EXPECT_EQ(test, xg_pf_control(&g->pf, 1, 77, &val), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(val), XE_GUC_RESPONSE_INVALID_EVENT);
	/* a KLV buffer inside a VF's range is not PF memory */
	req[0] = FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION, GUC_ACTION_PF2GUC_UPDATE_VF_CFG);
	req[1] = 1;
	req[2] = vf_base(1, 1);
	req[3] = 0;
	req[4] = 4;
	KUNIT_EXPECT_EQ(test, xg_mmio(&g->pf, req, 5, reply, 4), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(reply[0]), XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS);
	/* a relay message that is not a request */
	req[0] = FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_EVENT) |
		 GUC_ACTION_VF2GUC_VF_RESET;
	KUNIT_EXPECT_EQ(test, xg_mmio(&g->vf[0], req, 1, reply, 4), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(reply[0]), XE_GUC_RESPONSE_ERROR_PROTOCOL);

	/* a VF has no SOFT_SCRATCH registers */
	before = atomic64_read(&g->vf[0].fn->stats.reg_unknown_reads);
	KUNIT_EXPECT_EQ(test, xesim_read32(&g->vf[0].fn->xdev, SOFT_SCRATCH(0), &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&g->vf[0].fn->stats.reg_unknown_reads), before + 1);

	/* fault knobs on the real doorbell path */
	xesim_knob_arm(g->gpu, XESIM_KNOB_GUC_RETRY, 1);
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_VF_RESET, 0, 0, reply),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_VF_RESET, 0, 0, reply), 0);
	xesim_knob_arm(g->gpu, XESIM_KNOB_GUC_BUSY, 1);
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV, 0,
				       GUC_KLV_VF_CFG_GGTT_SIZE_KEY, reply), 0);
	KUNIT_EXPECT_EQ(test, reply[1], VF_GGTT_SIZE);
	xesim_knob_arm(g->gpu, XESIM_KNOB_GUC_BUSY, 1);
	KUNIT_EXPECT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_STOP, &val), 0);
	xesim_knob_arm(g->gpu, XESIM_KNOB_GUC_DROP, 1);
	KUNIT_EXPECT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_FLR_START, &val),
			-ETIMEDOUT);
}

static void guc_dev_state_flow(struct kunit *test)
{
	struct gt *g;
	u32 reply[4], val, size;
	u64 buf;
	u8 *pte_page;

	g = gt_setup(test, 2, 1, 0);
	gt_vf_up(g, 1, SZ_4K);
	gt_vf_up(g, 2, SZ_4K);

	/* a MIGRATED that did not come from a restore is refused */
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_RESFIX_START, 5, 0, reply),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(reply[0]), XE_GUC_RESPONSE_INVALID_STATE);
	/* save needs a pause */
	KUNIT_EXPECT_EQ(test, xg_pf_save(&g->pf, 1, 0, 0, &val), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(val), XE_GUC_RESPONSE_INVALID_STATE);

	KUNIT_ASSERT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_PAUSE, &val), 0);
	expect_notify(g, 1, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	/* paused: the VF's requests are refused */
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV, 0,
				       GUC_KLV_VF_CFG_GGTT_SIZE_KEY, reply), -EPROTO);
	KUNIT_ASSERT_EQ(test, xg_pf_save(&g->pf, 1, 0, 0, &val), 0);
	size = FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, val);
	KUNIT_ASSERT_GT(test, size, 0);
	buf = xg_alloc(&g->pf, size * 4);
	KUNIT_ASSERT_NE(test, buf, 0);
	KUNIT_EXPECT_EQ(test, xg_pf_save(&g->pf, 1, buf, size - 1, &val), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(val), XE_GUC_RESPONSE_INVALID_SIZE);
	KUNIT_ASSERT_EQ(test, xg_pf_save(&g->pf, 1, buf, size, &val), 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, val), size);

	/* restore into VF2 (another GGTT base) */
	KUNIT_EXPECT_EQ(test, xg_pf_restore(&g->pf, 2, buf, size, &val), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(val), XE_GUC_RESPONSE_INVALID_STATE);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&g->pf, 2, GUC_PF_TRIGGER_VF_PAUSE, &val), 0);
	expect_notify(g, 2, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	KUNIT_ASSERT_EQ(test, xg_pf_restore(&g->pf, 2, buf, size, &val), 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, val), size);
	KUNIT_EXPECT_EQ(test, xg_pf_restore(&g->pf, 2, buf, size, &val), -EPROTO);

	/* resume: RESFIX_BLOCKED and MIGRATED (memirq rebased to VF2's page) */
	gt_memirq_clear(g, 2);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&g->pf, 2, GUC_PF_TRIGGER_VF_RESUME, &val), 0);
	KUNIT_EXPECT_EQ(test, gt_memirq_bit(g, 2, 0), XE_MEMIRQ_SET);
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[1], GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV, 0,
				       GUC_KLV_VF_CFG_GGTT_START_KEY, reply), 0);
	KUNIT_EXPECT_EQ(test, reply[1], (u32)vf_base(2, 1));
	KUNIT_ASSERT_EQ(test, xg_relay(&g->vf[1], GUC_ACTION_VF2GUC_RESFIX_START, 5, 0, reply), 0);
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[1], GUC_ACTION_VF2GUC_RESFIX_DONE, 6, 0, reply),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(reply[0]), XE_GUC_RESPONSE_VF_MIGRATED);
	KUNIT_ASSERT_EQ(test, xg_relay(&g->vf[1], GUC_ACTION_VF2GUC_RESFIX_DONE, 5, 0, reply), 0);
	expect_notify(g, 2, GUC_PF_NOTIFY_VF_FIXUP_DONE);

	/* VF1: resume, stop, FLR */
	KUNIT_ASSERT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_RESUME, &val), 0);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_STOP, &val), 0);
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_VF_RESET, 0, 0, reply),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_RESUME, &val), -EPROTO);
	KUNIT_ASSERT_EQ(test, xg_write32(&g->vf[0], vf_base(1, 1) + SZ_512K, 0x1234), 0);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_FLR_START, &val), 0);
	expect_notify(g, 1, GUC_PF_NOTIFY_VF_FLR_DONE);
	/* wiped: PTEs, scratch registers, LMEM */
	pte_page = kunit_kzalloc(test, 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pte_page);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_read_pte(&g->vf[0].fn->xdev, vf_base(1, 1),
						  (u64 *)pte_page), 0);
	KUNIT_EXPECT_EQ(test, *(u64 *)pte_page, 0);
	KUNIT_EXPECT_EQ(test, xesim_read32(&g->vf[0].fn->xdev, VF_SW_FLAG(0), &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0);
	KUNIT_EXPECT_EQ(test, xesim_vram_read(&g->vf[0].fn->xdev, SZ_512K, &val, 4), 0);
	KUNIT_EXPECT_EQ(test, val, 0);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_FLR_FINISH, &val), 0);
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_VF_RESET, 0, 0, reply), 0);
	/* unprovision: the VF can no longer do anything */
	{
		u32 req[5] = {
			FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION, GUC_ACTION_PF2GUC_UPDATE_VF_CFG),
			1, 0, 0, 0,
		};

		KUNIT_EXPECT_EQ(test, xg_mmio(&g->pf, req, 5, reply, 4), 0);
	}
	KUNIT_EXPECT_EQ(test, xg_relay(&g->vf[0], GUC_ACTION_VF2GUC_VF_RESET, 0, 0, reply),
			-EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(reply[0]), XE_GUC_RESPONSE_UNPROVISIONED_VF);
}

static u32 ctb_fence(u32 hdr)
{
	return FIELD_GET(GUC_CTB_MSG_0_FENCE, hdr);
}

static void guc_dev_ct_wrap_full(struct kunit *test)
{
	u32 sched[2] = { XE_GUC_ACTION_SCHED_CONTEXT, 3 }, msg[8], status;
	struct gt *g;
	int fence, first, i, n, sent;

	g = gt_setup(test, 1, 1, 0);
	gt_vf_up(g, 1, 256);	/* 64-dword rings */

	/* one by one: both rings wrap several times */
	for (i = 0; i < 50; i++) {
		fence = xg_h2g(&g->vf[0], GUC_HXG_TYPE_REQUEST, sched, 2, true);
		KUNIT_ASSERT_GT(test, fence, 0);
		n = xg_g2h_wait(&g->vf[0], 0, msg, 8, TIMEOUT_MS);
		KUNIT_ASSERT_EQ(test, n, 2);
		KUNIT_EXPECT_EQ(test, ctb_fence(msg[0]), fence);
		KUNIT_EXPECT_EQ(test, hxg_error(msg[1]), XE_GUC_RESPONSE_INVALID_PARAMS);
	}

	/* without reading G2H: the G2H ring fills, the GuC holds the rest */
	first = g->vf[0].fence + 1;
	for (sent = 0; sent < 60;) {
		fence = xg_h2g(&g->vf[0], GUC_HXG_TYPE_REQUEST, sched, 2, true);
		if (fence == -ENOSPC) {
			usleep_range(1000, 2000);
			continue;
		}
		KUNIT_ASSERT_GT(test, fence, 0);
		sent++;
	}
	/* full: the GuC's tail is one dword behind our head (63 = 31 * 2 + 1) */
	for (i = 0; i < 2000; i++) {
		if ((xg_read32(&g->vf[0], g->vf[0].g2h_desc + GUC_CTB_DESC_TAIL) + 2) % 64 ==
		    g->vf[0].g2h_head)
			break;
		usleep_range(1000, 2000);
	}
	KUNIT_EXPECT_EQ(test,
			(xg_read32(&g->vf[0], g->vf[0].g2h_desc + GUC_CTB_DESC_TAIL) + 2) % 64,
			g->vf[0].g2h_head);
	for (i = 0; i < sent; i++) {
		n = xg_g2h_wait(&g->vf[0], 0, msg, 8, TIMEOUT_MS);
		KUNIT_ASSERT_EQ(test, n, 2);
		KUNIT_EXPECT_EQ(test, ctb_fence(msg[0]), (u16)(first + i));
	}
	KUNIT_EXPECT_EQ(test, xg_g2h(&g->vf[0], msg, 8, 20), -ETIMEDOUT);

	/* a tail out of range breaks the channel: OVERFLOW */
	KUNIT_ASSERT_EQ(test,
			xg_write32(&g->vf[0], g->vf[0].h2g_desc + GUC_CTB_DESC_TAIL, 1000), 0);
	KUNIT_ASSERT_EQ(test, xesim_write32(&g->vf[0].fn->xdev, GUC_HOST_INTERRUPT,
					    GUC_SEND_TRIGGER), 0);
	for (i = 0; i < 100; i++) {
		status = xg_read32(&g->vf[0], g->vf[0].h2g_desc + GUC_CTB_DESC_STATUS);
		if (status)
			break;
		usleep_range(1000, 2000);
	}
	KUNIT_EXPECT_EQ(test, status, GUC_CTB_STATUS_OVERFLOW);
}

/*
 * A doorbell latches the request and answers busy in the writer's context;
 * the GuC serves it in its own. A doorbell while the GuC serves a request
 * (holding the function's MMIO lock) does not wait for it: a driver may
 * ring under locks of its fence-signalling path. A request the driver
 * replaced by ringing again (as after a timeout) is not answered: the only
 * reply is the newer request's.
 */
static bool hxg_busy(u32 v)
{
	return FIELD_GET(GUC_HXG_MSG_0_ORIGIN, v) == GUC_HXG_ORIGIN_GUC &&
	       FIELD_GET(GUC_HXG_MSG_0_TYPE, v) == GUC_HXG_TYPE_NO_RESPONSE_BUSY;
}

static void guc_dev_mmio_async(struct kunit *test)
{
	struct gt *g = gt_setup(test, 1, 1, 0);
	struct xesim_device *xdev = &g->vf[0].fn->xdev;
	struct xesim_guc_hook hook, hook2;
	unsigned long end;
	u32 val;

	init_completion(&hook.reached);
	init_completion(&hook.release);
	init_completion(&hook2.reached);
	init_completion(&hook2.release);
	xesim_guc_test_hook(g->gpu, 1, XESIM_GUC_HOOK_MMIO_TAKEN, &hook);
	KUNIT_ASSERT_EQ(test, xesim_write32(xdev, VF_SW_FLAG(1),
					    GUC_KLV_VF_CFG_GGTT_SIZE_KEY), 0);
	KUNIT_ASSERT_EQ(test, xesim_write32(xdev, VF_SW_FLAG(0),
					    FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_HOST) |
					    FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_REQUEST) |
					    GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV), 0);
	KUNIT_ASSERT_EQ(test, xesim_write32(xdev, GUC_HOST_INTERRUPT, GUC_SEND_TRIGGER), 0);
	KUNIT_ASSERT_EQ(test, xesim_read32(xdev, VF_SW_FLAG(0), &val), 0);
	KUNIT_EXPECT_TRUE(test, hxg_busy(val));
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&hook.reached, 5 * HZ));

	/* the worker holds the MMIO lock: a second doorbell, another key, returns */
	xesim_guc_test_hook(g->gpu, 1, XESIM_GUC_HOOK_MMIO_TAKEN, &hook2);
	KUNIT_ASSERT_EQ(test, xesim_write32(xdev, VF_SW_FLAG(1),
					    GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY), 0);
	KUNIT_ASSERT_EQ(test, xesim_write32(xdev, VF_SW_FLAG(0),
					    FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_HOST) |
					    FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_REQUEST) |
					    GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV), 0);
	KUNIT_EXPECT_EQ(test, xesim_write32(xdev, GUC_HOST_INTERRUPT, GUC_SEND_TRIGGER), 0);
	KUNIT_ASSERT_EQ(test, xesim_read32(xdev, VF_SW_FLAG(0), &val), 0);
	KUNIT_EXPECT_TRUE(test, hxg_busy(val));
	complete(&hook.release);

	/* the first request finished, the second is taken: no reply for the first */
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&hook2.reached, 5 * HZ));
	KUNIT_ASSERT_EQ(test, xesim_read32(xdev, VF_SW_FLAG(0), &val), 0);
	KUNIT_EXPECT_TRUE(test, hxg_busy(val));
	complete(&hook2.release);

	end = jiffies + 5 * HZ;
	while (hxg_busy(val) && time_before(jiffies, end)) {
		usleep_range(100, 200);
		KUNIT_ASSERT_EQ(test, xesim_read32(xdev, VF_SW_FLAG(0), &val), 0);
	}
	KUNIT_EXPECT_EQ(test, FIELD_GET(GUC_HXG_MSG_0_TYPE, val), GUC_HXG_TYPE_RESPONSE_SUCCESS);
	KUNIT_ASSERT_EQ(test, xesim_read32(xdev, VF_SW_FLAG(1), &val), 0);
	KUNIT_EXPECT_EQ(test, val, VF_CTXS);
}

/* ring commands */
static void emit(struct kunit *test, struct xg_fn *xf, struct xg_ctx *c, const u32 *dw,
		 u32 n)
{
	KUNIT_ASSERT_EQ(test, xg_ctx_emit(xf, c, dw, n), 0);
}

#define EMIT(test, xf, c, ...) \
	emit(test, xf, c, (const u32[]){ __VA_ARGS__ }, \
	     sizeof((const u32[]){ __VA_ARGS__ }) / sizeof(u32))

static void emit_sdi(struct kunit *test, struct xg_fn *xf, struct xg_ctx *c, u64 addr, u32 v)
{
	EMIT(test, xf, c, MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_NUM_DW(1),
	     lower_32_bits(addr), upper_32_bits(addr), v);
}

static void emit_index_store(struct kunit *test, struct xg_fn *xf, struct xg_ctx *c,
			     u32 off, u32 v)
{
	EMIT(test, xf, c, MI_FLUSH_DW | MI_FLUSH_DW_OP_STOREDW | MI_FLUSH_DW_STORE_INDEX |
	     MI_FLUSH_IMM_DW, off | MI_FLUSH_DW_USE_GTT, 0, v);
}

static void guc_dev_engine_mi(struct kunit *test)
{
	struct xg_ctx rcs, bcs;
	struct xg_fn *vf;
	u64 data, batch, sem;
	struct gt *g;
	u32 msg[8], v;
	int n, i;

	g = gt_setup(test, 1, 1, 0);
	gt_vf_up(g, 1, SZ_4K);
	vf = &g->vf[0];
	KUNIT_ASSERT_EQ(test, xg_ctx_create(vf, &rcs, 1, GUC_RENDER_CLASS, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, xg_ctx_create(vf, &bcs, 2, GUC_BLITTER_CLASS, SZ_4K), 0);
	data = xg_alloc(vf, SZ_4K);
	batch = xg_alloc(vf, SZ_4K);
	sem = xg_alloc(vf, SZ_4K);
	KUNIT_ASSERT_TRUE(test, data && batch && sem);

	for (i = 0; i < 2; i++) {
		struct xg_ctx *c = i ? &bcs : &rcs;
		u64 d = data + i * 0x100;

		EMIT(test, vf, c, MI_NOOP, MI_ARB_CHECK);
		emit_sdi(test, vf, c, d, 0x11110000 + i);
		EMIT(test, vf, c, MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_NUM_QW(1),
		     lower_32_bits(d + 8), 0, 0xaaaa0001, 0xbbbb0002);
		EMIT(test, vf, c, MI_FLUSH_DW | MI_FLUSH_DW_OP_STOREDW | MI_FLUSH_IMM_DW,
		     lower_32_bits(d + 16) | MI_FLUSH_DW_USE_GTT, 0, 0xf1005);
		EMIT(test, vf, c, MI_ATOMIC | MI_ATOMIC_GGTT |
		     MI_ATOMIC_OP(MI_ATOMIC_OP_4B | MI_ATOMIC_OP_INC) | MI_ATOMIC_LEN_PLAIN,
		     lower_32_bits(d + 20), 0);
		EMIT(test, vf, c, MI_ATOMIC | MI_ATOMIC_GGTT | MI_ATOMIC_INLINE_DATA |
		     MI_ATOMIC_OP(MI_ATOMIC_OP_4B | MI_ATOMIC_OP_ADD) | MI_ATOMIC_LEN_INLINE,
		     lower_32_bits(d + 20), 0, 41, 0, 0, 0, 0, 0, 0, 0);
		EMIT(test, vf, c, MI_LOAD_REGISTER_IMM | MI_LRI_NUM_REGS(1) | MI_LRI_LRM_CS_MMIO,
		     XESIM_CS_REG_GPR(5), 1);
		/* a GGTT batch */
		KUNIT_ASSERT_EQ(test, xg_write32(vf, batch + i * 0x100, MI_STORE_DATA_IMM |
						 MI_SDI_GGTT | MI_SDI_NUM_DW(1)), 0);
		xg_write32(vf, batch + i * 0x100 + 4, lower_32_bits(d + 24));
		xg_write32(vf, batch + i * 0x100 + 8, 0);
		xg_write32(vf, batch + i * 0x100 + 12, 0xba7c0000 + i);
		xg_write32(vf, batch + i * 0x100 + 16, MI_BATCH_BUFFER_END);
		EMIT(test, vf, c, MI_BATCH_BUFFER_START | XE_INSTR_NUM_DW(3),
		     lower_32_bits(batch + i * 0x100), 0);
		/* a semaphore the test releases, then the seqno and an interrupt */
		EMIT(test, vf, c, MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_GGTT |
		     MI_SEMAPHORE_OP(MI_SEMAPHORE_SAD_EQ_SDD) | XE_INSTR_NUM_DW(4),
		     7, lower_32_bits(sem + i * 4), 0);
		emit_sdi(test, vf, c, c->hwsp, 1);
		EMIT(test, vf, c, MI_USER_INTERRUPT);
		KUNIT_ASSERT_EQ(test, xg_ctx_submit(vf, c), 0);
	}

	/* both run up to their semaphores, and wait there */
	KUNIT_EXPECT_EQ(test, xg_wait32(vf, data + 24, 0xba7c0000, TIMEOUT_MS), 0);
	KUNIT_EXPECT_EQ(test, xg_wait32(vf, data + 0x100 + 24, 0xba7c0001, TIMEOUT_MS), 0);
	KUNIT_EXPECT_NE(test, xg_read32(vf, rcs.hwsp), 1);
	KUNIT_EXPECT_EQ(test, xg_read32(vf, data), 0x11110000);
	KUNIT_EXPECT_EQ(test, xg_read32(vf, data + 0x100), 0x11110001);
	xg_write32(vf, sem, 7);
	xg_write32(vf, sem + 4, 7);
	KUNIT_ASSERT_EQ(test, xg_wait32(vf, rcs.hwsp, 1, TIMEOUT_MS), 0);
	KUNIT_ASSERT_EQ(test, xg_wait32(vf, bcs.hwsp, 1, TIMEOUT_MS), 0);
	for (i = 0; i < 2; i++) {
		u64 d = data + i * 0x100;

		KUNIT_EXPECT_EQ(test, xg_read32(vf, d + 8), 0xaaaa0001);
		KUNIT_EXPECT_EQ(test, xg_read32(vf, d + 12), 0xbbbb0002);
		KUNIT_EXPECT_EQ(test, xg_read32(vf, d + 16), 0xf1005);
		KUNIT_EXPECT_EQ(test, xg_read32(vf, d + 20), 42);
		KUNIT_EXPECT_EQ(test, xg_read32(vf, d + 24), 0xba7c0000 + i);
	}
	/* both user interrupts came as G2H events, for each context */
	v = 0;
	for (i = 0; i < 2; i++) {
		n = xg_g2h_wait(vf, XESIM_GUC_ACTION_CONTEXT_USER_INTERRUPT, msg, 8, TIMEOUT_MS);
		KUNIT_ASSERT_EQ(test, n, 4);
		v |= BIT(msg[2]);
	}
	KUNIT_EXPECT_EQ(test, v, BIT(1) | BIT(2));

	/* an unknown command and an address outside the VF: context resets */
	EMIT(test, vf, &rcs, __MI_INSTR(0x3e));
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(vf, &rcs), 0);
	n = xg_g2h_wait(vf, XE_GUC_ACTION_CONTEXT_RESET_NOTIFICATION, msg, 8, TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, msg[2], 1);
	emit_sdi(test, vf, &bcs, vf_base(2, 1), 0xbad);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(vf, &bcs), 0);
	n = xg_g2h_wait(vf, XE_GUC_ACTION_CONTEXT_RESET_NOTIFICATION, msg, 8, TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, msg[2], 2);
	KUNIT_EXPECT_EQ(test, xg_read32(vf, bcs.image + XESIM_CTX_OFF_STATE),
			XESIM_CTX_STATE_FAULTED);

	/* deregistration */
	{
		u32 dereg[2] = { XE_GUC_ACTION_DEREGISTER_CONTEXT, 2 };

		KUNIT_ASSERT_GT(test, xg_h2g(vf, GUC_HXG_TYPE_FAST_REQUEST, dereg, 2, true), 0);
		n = xg_g2h_wait(vf, XE_GUC_ACTION_DEREGISTER_CONTEXT_DONE, msg, 8, TIMEOUT_MS);
		KUNIT_ASSERT_EQ(test, n, 3);
		KUNIT_EXPECT_EQ(test, msg[2], 2);
	}
}

/* ---- recoverable page faults ---- */

/* a VF's ppGTT table page: GGTT address in, its entry (LMEM offset) out */
static u64 pf_table(struct kunit *test, struct xg_fn *vf, u64 *ggtt)
{
	*ggtt = xg_alloc(vf, SZ_4K);
	KUNIT_ASSERT_NE(test, *ggtt, 0);
	return (*ggtt - vf->base) | XE_PAGE_PRESENT | XE_PAGE_RW | XE_PPGTT_PTE_DM;
}

/* map the 4 KiB page at @va to @leaf, making tables in the VF's memory */
static void pf_map(struct kunit *test, struct xg_fn *vf, u64 root, u64 va, u64 leaf)
{
	u64 entry = root, table, slot;
	int level;

	for (level = XE_PPGTT_LEVELS - 1; level >= 0; level--) {
		u64 idx = (va >> (XE_PTE_SHIFT + level * XE_PDE_SHIFT)) & (XE_PDES - 1);

		slot = vf->base + (entry & XE_PTE_ADDR_MASK) + idx * 8;
		if (!level)
			break;
		KUNIT_ASSERT_EQ(test, xg_rw(vf, slot, &entry, 8, false), 0);
		if (!(entry & XE_PAGE_PRESENT)) {
			entry = pf_table(test, vf, &table);
			KUNIT_ASSERT_EQ(test, xg_rw(vf, slot, &entry, 8, true), 0);
		}
	}
	KUNIT_ASSERT_EQ(test, xg_rw(vf, slot, &leaf, 8, true), 0);
}

/* point a context at a ppGTT and make its faults recoverable */
static void pf_ctx_setup(struct kunit *test, struct xg_fn *vf, struct xg_ctx *c, u64 root,
			 u32 asid)
{
	u32 v = XESIM_CTX_ASID_RECOVERABLE | asid;

	KUNIT_ASSERT_EQ(test, xg_rw(vf, c->image + XESIM_CTX_OFF_PPGTT_ROOT, &root, 8, true), 0);
	KUNIT_ASSERT_EQ(test, xg_write32(vf, c->image + XESIM_CTX_OFF_ASID, v), 0);
}

struct pf_desc {
	u32 asid, class, instance, pdata, access, type, vfid;
	u64 addr;
};

static void pf_wait_report(struct kunit *test, struct xg_fn *vf, struct pf_desc *d)
{
	u32 msg[8];
	int n = xg_g2h_wait(vf, XE_GUC_ACTION_REPORT_PAGE_FAULT_REQ_DESC, msg, 8, TIMEOUT_MS);

	KUNIT_ASSERT_EQ(test, n, 1 + GUC_PF_DESC_MSG_LEN);
	d->class = FIELD_GET(GUC_PF_DESC_0_ENG_CLASS, msg[2]);
	d->instance = FIELD_GET(GUC_PF_DESC_0_ENG_INSTANCE, msg[2]);
	d->pdata = FIELD_GET(GUC_PF_DESC_0_PDATA_LO, msg[2]) |
		   FIELD_GET(GUC_PF_DESC_1_PDATA_HI, msg[3]) << GUC_PF_DESC_1_PDATA_HI_SHIFT;
	d->asid = FIELD_GET(GUC_PF_DESC_1_ASID, msg[3]);
	d->access = FIELD_GET(GUC_PF_DESC_2_ACCESS_TYPE, msg[4]);
	d->type = FIELD_GET(GUC_PF_DESC_2_FAULT_TYPE, msg[4]);
	d->vfid = FIELD_GET(GUC_PF_DESC_2_VFID, msg[4]);
	d->addr = (msg[4] & GUC_PF_DESC_2_VA_LO) | (u64)msg[5] << 32;
}

static void pf_reply(struct kunit *test, struct xg_fn *vf, const struct pf_desc *d,
		     bool failed)
{
	u32 hxg[3] = {
		XE_GUC_ACTION_PAGE_FAULT_RES_DESC,
		GUC_PF_REPLY_0_VALID | (failed ? GUC_PF_REPLY_0_SUCCESS : 0) |
		FIELD_PREP(GUC_PF_REPLY_0_DESC_TYPE, GUC_PF_REPLY_FAULT_RESPONSE_DESC) |
		FIELD_PREP(GUC_PF_REPLY_0_ASID, d->asid),
		FIELD_PREP(GUC_PF_REPLY_1_VFID, d->vfid) |
		FIELD_PREP(GUC_PF_REPLY_1_ENG_INSTANCE, d->instance) |
		FIELD_PREP(GUC_PF_REPLY_1_ENG_CLASS, d->class) |
		FIELD_PREP(GUC_PF_REPLY_1_PDATA, d->pdata),
	};

	KUNIT_ASSERT_GT(test, xg_h2g(vf, GUC_HXG_TYPE_FAST_REQUEST, hxg, 3, true), 0);
}

static int pf_wait_dropped(struct gt *g, unsigned int vfid, u64 count)
{
	unsigned long end = jiffies + msecs_to_jiffies(TIMEOUT_MS);

	while (xesim_guc_pagefault_dropped(g->gpu, vfid) != count) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(50, 100);
	}
	return 0;
}

/*
 * A recoverable fault stalls the context and is reported with upstream's
 * descriptor; a stray reply is dropped and changes nothing; the right reply
 * resumes the context, which re-executes the command; a failure reply
 * resets the context.
 */
static void guc_dev_page_fault(struct kunit *test)
{
	u64 va = 0x40000000ull, va2 = 0x7fff00000000ull, root_ggtt, root, data, page;
	struct pf_desc d, stray, d2;
	struct xg_ctx rcs, bcs;
	struct xg_fn *vf;
	struct gt *g;
	u32 msg[8];
	int n;

	g = gt_setup(test, 1, 1, 0);
	gt_vf_up(g, 1, SZ_4K);
	vf = &g->vf[0];
	KUNIT_ASSERT_EQ(test, xg_ctx_create(vf, &rcs, 1, GUC_RENDER_CLASS, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, xg_ctx_create(vf, &bcs, 2, GUC_BLITTER_CLASS, SZ_4K), 0);
	root = pf_table(test, vf, &root_ggtt);
	data = xg_alloc(vf, SZ_4K);
	page = xg_alloc(vf, SZ_4K);
	KUNIT_ASSERT_TRUE(test, data && page);
	pf_ctx_setup(test, vf, &rcs, root, 0x5a5a5);
	pf_ctx_setup(test, vf, &bcs, root, 0x5a5a5);

	/* a store to a page not bound: stalled there, reported */
	EMIT(test, vf, &rcs, MI_STORE_DATA_IMM | MI_SDI_NUM_DW(1), lower_32_bits(va + 8),
	     upper_32_bits(va + 8), 0x1234);
	emit_sdi(test, vf, &rcs, data, 0xd0e);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(vf, &rcs), 0);
	pf_wait_report(test, vf, &d);
	KUNIT_EXPECT_EQ(test, d.asid, 0x5a5a5);
	KUNIT_EXPECT_EQ(test, d.class, GUC_RENDER_CLASS);
	KUNIT_EXPECT_EQ(test, d.instance, 0);
	KUNIT_EXPECT_EQ(test, d.vfid, 1);
	KUNIT_EXPECT_EQ(test, d.access, GUC_PF_ACCESS_WRITE);
	KUNIT_EXPECT_EQ(test, d.type, GUC_PF_TYPE_NOT_PRESENT);
	KUNIT_EXPECT_EQ(test, d.addr, va);
	KUNIT_EXPECT_EQ(test, xg_read32(vf, rcs.image + XESIM_CTX_OFF_STATE),
			XESIM_CTX_STATE_RUNNABLE);

	/* replies that match no pending fault: dropped, the context stays */
	stray = d;
	stray.pdata ^= 1;
	pf_reply(test, vf, &stray, false);
	stray = d;
	stray.class = GUC_BLITTER_CLASS;
	pf_reply(test, vf, &stray, true);
	stray = d;
	stray.asid ^= 1;
	pf_reply(test, vf, &stray, false);
	KUNIT_ASSERT_EQ(test, pf_wait_dropped(g, 1, 3), 0);
	KUNIT_EXPECT_EQ(test, xg_read32(vf, data), 0);
	/* a submission while stalled does not run it (nor report again) */
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(vf, &rcs), 0);

	/* bound now: the reply resumes it, the store lands, then the rest */
	pf_map(test, vf, root, va, (page - vf->base) | XE_PAGE_PRESENT | XE_PAGE_RW |
	       XE_PPGTT_PTE_DM);
	pf_reply(test, vf, &d, false);
	KUNIT_ASSERT_EQ(test, xg_wait32(vf, data, 0xd0e, TIMEOUT_MS), 0);
	KUNIT_EXPECT_EQ(test, xg_read32(vf, page + 8), 0x1234);
	/* the same reply again: nothing pending any more */
	pf_reply(test, vf, &d, false);
	KUNIT_ASSERT_EQ(test, pf_wait_dropped(g, 1, 4), 0);

	/* a read of a page never bound, answered with failure: reset */
	EMIT(test, vf, &bcs, MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL |
	     MI_SEMAPHORE_OP(MI_SEMAPHORE_SAD_EQ_SDD) | XE_INSTR_NUM_DW(4),
	     0, lower_32_bits(va2), upper_32_bits(va2));
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(vf, &bcs), 0);
	pf_wait_report(test, vf, &d2);
	KUNIT_EXPECT_EQ(test, d2.class, GUC_BLITTER_CLASS);
	KUNIT_EXPECT_EQ(test, d2.access, GUC_PF_ACCESS_READ);
	KUNIT_EXPECT_EQ(test, d2.addr, va2);
	KUNIT_EXPECT_NE(test, d2.pdata, d.pdata);
	pf_reply(test, vf, &d2, true);
	n = xg_g2h_wait(vf, XE_GUC_ACTION_CONTEXT_RESET_NOTIFICATION, msg, 8, TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, msg[2], 2);
	KUNIT_EXPECT_EQ(test, xg_read32(vf, bcs.image + XESIM_CTX_OFF_STATE),
			XESIM_CTX_STATE_FAULTED);
	KUNIT_EXPECT_EQ(test, xesim_guc_pagefault_dropped(g->gpu, 1), 4);
}

static void guc_dev_pause_boundary(struct kunit *test)
{
	struct xg_ctx c, c2;
	struct xg_fn *vf, *v2;
	struct gt *g;
	u32 val, switches;
	u64 sem, data;

	g = gt_setup(test, 2, 1, 0);
	gt_vf_up(g, 1, SZ_4K);
	gt_vf_up(g, 2, SZ_4K);
	vf = &g->vf[0];
	v2 = &g->vf[1];
	KUNIT_ASSERT_EQ(test, xg_ctx_create(vf, &c, 0, GUC_RENDER_CLASS, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, xg_ctx_create(v2, &c2, 0, GUC_RENDER_CLASS, SZ_4K), 0);
	sem = xg_alloc(vf, SZ_4K);
	data = xg_alloc(vf, SZ_4K);
	emit_sdi(test, vf, &c, data, 1);
	EMIT(test, vf, &c, MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_GGTT |
	     MI_SEMAPHORE_OP(MI_SEMAPHORE_SAD_EQ_SDD) | XE_INSTR_NUM_DW(4),
	     1, lower_32_bits(sem), 0);
	emit_sdi(test, vf, &c, data + 4, 2);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(vf, &c), 0);
	KUNIT_ASSERT_EQ(test, xg_wait32(vf, data, 1, TIMEOUT_MS), 0);

	/* the context polls its semaphore: the pause still completes */
	KUNIT_ASSERT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_PAUSE, &val), 0);
	expect_notify(g, 1, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	KUNIT_EXPECT_EQ(test, xg_read32(vf, c.image + XESIM_CTX_OFF_STATE),
			XESIM_CTX_STATE_WAITING);
	/*
	 * A paused VF runs nothing: its context stays queued ahead of VF2's
	 * on the same engine, which would run it first if it could run.
	 */
	switches = xg_read32(vf, c.hwsp + XESIM_HWSP_OFF_SWITCHES);
	xg_write32(vf, sem, 1);
	emit_index_store(test, v2, &c2, 0x40, 5);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(v2, &c2), 0);
	KUNIT_ASSERT_EQ(test, xg_wait32(v2, c2.hwsp + 0x40, 5, TIMEOUT_MS), 0);
	KUNIT_EXPECT_EQ(test, xg_read32(vf, data + 4), 0);
	KUNIT_EXPECT_EQ(test, xg_read32(vf, c.hwsp + XESIM_HWSP_OFF_SWITCHES), switches);
	KUNIT_EXPECT_EQ(test, xg_pf_save(&g->pf, 1, 0, 0, &val), 0);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_RESUME, &val), 0);
	KUNIT_EXPECT_EQ(test, xg_wait32(vf, data + 4, 2, TIMEOUT_MS), 0);
}

/* copy a VF's LMEM to another VF, as the migration stream's VRAM part does */
static void copy_lmem(struct kunit *test, struct xg_fn *from, struct xg_fn *to)
{
	void *buf = kunit_kmalloc(test, SZ_64K, GFP_KERNEL);
	u64 off;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (off = 0; off < VF_LMEM_SIZE; off += SZ_64K) {
		KUNIT_ASSERT_EQ(test, xesim_vram_read(&from->fn->xdev, off, buf, SZ_64K), 0);
		KUNIT_ASSERT_EQ(test, xesim_vram_write(&to->fn->xdev, off, buf, SZ_64K), 0);
	}
	kunit_kfree(test, buf);
}

/* copy a blob between the PFs of two GPUs, as the migration stream does */
static void copy_blob(struct kunit *test, struct gt *from, u64 src, struct gt *to, u64 dst,
		      u32 dwords)
{
	u32 i;

	for (i = 0; i < dwords; i++)
		KUNIT_ASSERT_EQ(test, xg_write32(&to->pf, dst + 4 * i,
						 xg_read32(&from->pf, src + 4 * i)), 0);
}

/* pause VF1 of @g and save it; returns the blob's address, size in *size */
static u64 save_vf1(struct kunit *test, struct gt *g, u32 *size)
{
	u32 val;
	u64 buf;

	KUNIT_ASSERT_EQ(test, xg_pf_control(&g->pf, 1, GUC_PF_TRIGGER_VF_PAUSE, &val), 0);
	expect_notify(g, 1, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	KUNIT_ASSERT_EQ(test, xg_pf_save(&g->pf, 1, 0, 0, &val), 0);
	*size = FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, val);
	buf = xg_alloc(&g->pf, *size * 4);
	KUNIT_ASSERT_NE(test, buf, 0);
	KUNIT_ASSERT_EQ(test, xg_pf_save(&g->pf, 1, buf, *size, &val), 0);
	return buf;
}

static void guc_dev_migration_fixups(struct kunit *test)
{
	struct gt *a, *b;
	u64 sem, data, src_blob, dst_blob, shift;
	struct xg_fn *va, *vb;
	struct xg_ctx c;
	u32 size, val, msg[8], reply[4];
	int n;

	a = gt_setup(test, 1, 1, 0);
	b = gt_setup(test, 1, 3, 0);	/* another GPU, another GGTT base */
	shift = vf_base(1, 3) - vf_base(1, 1);
	gt_vf_up(a, 1, SZ_4K);
	va = &a->vf[0];
	vb = &b->vf[0];

	/* a running context: job 1 done, job 2 waits on a semaphore */
	KUNIT_ASSERT_EQ(test, xg_ctx_create(va, &c, 3, GUC_RENDER_CLASS, SZ_4K), 0);
	sem = xg_alloc(va, SZ_4K);
	data = xg_alloc(va, SZ_4K);
	emit_sdi(test, va, &c, c.hwsp, 1);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(va, &c), 0);
	KUNIT_ASSERT_EQ(test, xg_wait32(va, c.hwsp, 1, TIMEOUT_MS), 0);
	EMIT(test, va, &c, MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_GGTT |
	     MI_SEMAPHORE_OP(MI_SEMAPHORE_SAD_EQ_SDD) | XE_INSTR_NUM_DW(4),
	     1, lower_32_bits(sem), 0);
	emit_sdi(test, va, &c, data, 0xc0ffee);
	emit_sdi(test, va, &c, c.hwsp, 2);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(va, &c), 0);

	/* source: pause, save; the stream carries the blob and the LMEM */
	src_blob = save_vf1(test, a, &size);
	dst_blob = xg_alloc(&b->pf, size * 4);
	KUNIT_ASSERT_NE(test, dst_blob, 0);
	copy_blob(test, a, src_blob, b, dst_blob, size);
	copy_lmem(test, va, vb);

	/* destination: pause, restore, resume: MIGRATED */
	KUNIT_ASSERT_EQ(test, xg_pf_control(&b->pf, 1, GUC_PF_TRIGGER_VF_PAUSE, &val), 0);
	expect_notify(b, 1, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	KUNIT_ASSERT_EQ(test, xg_pf_restore(&b->pf, 1, dst_blob, size, &val), 0);
	/* the VF driver's state moves with the guest; its addresses are stale */
	*vb = *va;
	vb->fn = xesim_test_fn(test, b->gpu, 1);
	b->memirq[0] = a->memirq[0] + shift;
	KUNIT_ASSERT_EQ(test, xg_pf_control(&b->pf, 1, GUC_PF_TRIGGER_VF_RESUME, &val), 0);
	vb->base += shift;
	KUNIT_EXPECT_EQ(test, gt_memirq_bit(b, 1, 0), XE_MEMIRQ_SET);

	/* a VF that skips its fix-ups: the context runs with stale addresses */
	KUNIT_ASSERT_EQ(test, xg_relay(vb, GUC_ACTION_VF2GUC_RESFIX_START, 9, 0, reply), 0);
	KUNIT_ASSERT_EQ(test, xg_relay(vb, GUC_ACTION_VF2GUC_RESFIX_DONE, 9, 0, reply), 0);
	expect_notify(b, 1, GUC_PF_NOTIFY_VF_FIXUP_DONE);
	vb->h2g_desc += shift;
	vb->h2g_buf += shift;
	vb->g2h_desc += shift;
	vb->g2h_buf += shift;
	xg_write32(vb, sem + shift, 1);	/* the semaphore is released on B */
	n = xg_g2h_wait(vb, XE_GUC_ACTION_CONTEXT_RESET_NOTIFICATION, msg, 8, TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, msg[2], 3);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, c.image + shift + XESIM_CTX_OFF_STATE),
			XESIM_CTX_STATE_FAULTED);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, data + shift), 0);

	/* the fix-ups: rebase the image and re-emit the unfinished job */
	c.image += shift;
	c.ring += shift;
	c.hwsp += shift;
	c.tail = 0;
	KUNIT_ASSERT_EQ(test, xg_ctx_write_image(vb, &c), 0);
	emit_sdi(test, vb, &c, data + shift, 0xc0ffee);
	emit_sdi(test, vb, &c, c.hwsp, 2);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(vb, &c), 0);
	KUNIT_ASSERT_EQ(test, xg_wait32(vb, c.hwsp, 2, TIMEOUT_MS), 0);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, data + shift), 0xc0ffee);
}

static void guc_dev_blob_refused(struct kunit *test)
{
	struct gt *a, *b, *c;
	u32 size, val, word;
	u64 src, dst, dstc;

	a = gt_setup(test, 1, 1, 0);
	b = gt_setup(test, 1, 2, 0);
	c = gt_setup(test, 1, 2, 0x1234);
	gt_vf_up(a, 1, SZ_4K);
	src = save_vf1(test, a, &size);
	dst = xg_alloc(&b->pf, size * 4);
	dstc = xg_alloc(&c->pf, size * 4);
	KUNIT_ASSERT_TRUE(test, dst && dstc);
	copy_blob(test, a, src, b, dst, size);
	copy_blob(test, a, src, c, dstc, size);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&b->pf, 1, GUC_PF_TRIGGER_VF_PAUSE, &val), 0);
	expect_notify(b, 1, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&c->pf, 1, GUC_PF_TRIGGER_VF_PAUSE, &val), 0);
	expect_notify(c, 1, GUC_PF_NOTIFY_VF_PAUSE_DONE);

	/* corrupt: one bit flipped */
	word = xg_read32(&b->pf, dst + 40);
	xg_write32(&b->pf, dst + 40, word ^ 0x100);
	KUNIT_EXPECT_EQ(test, xg_pf_restore(&b->pf, 1, dst, size, &val), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(val), XE_GUC_RESPONSE_INVALID_BUFFER);
	xg_write32(&b->pf, dst + 40, word);
	/* truncated */
	KUNIT_EXPECT_EQ(test, xg_pf_restore(&b->pf, 1, dst, size - 2, &val), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(val), XE_GUC_RESPONSE_INVALID_SIZE);
	/* foreign: another device id */
	KUNIT_EXPECT_EQ(test, xg_pf_restore(&c->pf, 1, dstc, size, &val), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(val), XE_GUC_RESPONSE_NOT_SUPPORTED);
	/* an injected failure */
	xesim_knob_arm(b->gpu, XESIM_KNOB_GUC_RESTORE, 1);
	KUNIT_EXPECT_EQ(test, xg_pf_restore(&b->pf, 1, dst, size, &val), -EPROTO);
	/* nothing changed: the intact blob is still accepted */
	KUNIT_EXPECT_EQ(test, xg_pf_restore(&b->pf, 1, dst, size, &val), 0);
}

/*
 * Migrate VF1 of @a to VF1 of @b: pause and save on @a, the blob and LMEM
 * copied as the stream does, restore and resume on @b (RESFIX_BLOCKED,
 * MIGRATED raised). The VF driver's state moves with the guest: @b's VF1
 * becomes @a's, with its addresses rebased (the CT's too: the test's own
 * accesses use them; what the GuC holds, the GuC rebased). Returns the shift.
 */
static s64 migrate_vf1_blob(struct kunit *test, struct gt *a, struct gt *b, u64 src,
			    u32 size)
{
	struct xg_fn *va = &a->vf[0], *vb = &b->vf[0];
	s64 shift = (s64)vb->base - (s64)va->base;
	struct xesim_fn *fn = vb->fn;
	u64 dst, base = vb->base;
	u32 val;

	dst = xg_alloc(&b->pf, size * 4);
	KUNIT_ASSERT_NE(test, dst, 0);
	copy_blob(test, a, src, b, dst, size);
	copy_lmem(test, va, vb);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&b->pf, 1, GUC_PF_TRIGGER_VF_PAUSE, &val), 0);
	expect_notify(b, 1, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	KUNIT_ASSERT_EQ(test, xg_pf_restore(&b->pf, 1, dst, size, &val), 0);
	*vb = *va;
	vb->fn = fn;
	vb->base = base;
	vb->h2g_desc += shift;
	vb->h2g_buf += shift;
	vb->g2h_desc += shift;
	vb->g2h_buf += shift;
	b->memirq[0] = a->memirq[0] + shift;
	gt_memirq_clear(b, 1);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&b->pf, 1, GUC_PF_TRIGGER_VF_RESUME, &val), 0);
	KUNIT_EXPECT_EQ(test, gt_memirq_bit(b, 1, 0), XE_MEMIRQ_SET);
	KUNIT_EXPECT_STREQ(test, xesim_guc_vf_state_of(b->gpu, 1), "RESFIX_BLOCKED");
	return shift;
}

static s64 migrate_vf1(struct kunit *test, struct gt *a, struct gt *b)
{
	u32 size;
	u64 src = save_vf1(test, a, &size);

	return migrate_vf1_blob(test, a, b, src, size);
}

static void resfix(struct kunit *test, struct gt *b, u32 marker)
{
	u32 reply[4];

	KUNIT_ASSERT_EQ(test, xg_relay(&b->vf[0], GUC_ACTION_VF2GUC_RESFIX_START, marker, 0,
				       reply), 0);
	KUNIT_ASSERT_EQ(test, xg_relay(&b->vf[0], GUC_ACTION_VF2GUC_RESFIX_DONE, marker, 0,
				       reply), 0);
	expect_notify(b, 1, GUC_PF_NOTIFY_VF_FIXUP_DONE);
}

static int send_register(struct xg_fn *vf, u32 id, u64 lrca)
{
	u32 reg[REGISTER_CONTEXT_MSG_LEN] = {};

	reg[0] = XE_GUC_ACTION_REGISTER_CONTEXT;
	reg[REGISTER_CONTEXT_MSG_2_CTX_ID] = id;
	reg[REGISTER_CONTEXT_MSG_3_ENGINE_CLASS] = GUC_RENDER_CLASS;
	reg[REGISTER_CONTEXT_MSG_4_SUBMIT_MASK] = 1;
	reg[REGISTER_CONTEXT_MSG_10_LRCA_LO] = lower_32_bits(lrca);
	reg[REGISTER_CONTEXT_MSG_11_LRCA_HI] = upper_32_bits(lrca);
	return xg_h2g(vf, GUC_HXG_TYPE_REQUEST, reg, REGISTER_CONTEXT_MSG_LEN, true);
}

static u64 wait_blocked_count(struct gt *g, u64 want)
{
	unsigned long end = jiffies + msecs_to_jiffies(TIMEOUT_MS);

	while (xesim_guc_h2g_while_blocked(g->gpu, 1) < want && time_before(jiffies, end))
		usleep_range(100, 200);
	return xesim_guc_h2g_while_blocked(g->gpu, 1);
}

/*
 * H2G held in the ring at the save (hold_h2g) carries source GGTT addresses:
 * the destination GuC consumes nothing while RESFIX_BLOCKED (counting what
 * waits), refuses CONTROL_CTB and SELF_CFG there, and after RESFIX_DONE
 * refuses the stale LRCA of a recovery that did not discard the message.
 */
static void guc_dev_h2g_held_stale(struct kunit *test)
{
	u32 sched[2] = { XE_GUC_ACTION_SCHED_CONTEXT, 9 }, req[4], reply[4], msg[8], head;
	struct gt *a, *b;
	struct xg_fn *va, *vb;
	int f1, f2, n;
	u64 image;

	a = gt_setup(test, 1, 1, 0);
	b = gt_setup(test, 1, 3, 0);
	gt_vf_up(a, 1, SZ_4K);
	va = &a->vf[0];
	vb = &b->vf[0];
	image = xg_alloc(va, SZ_4K);
	KUNIT_ASSERT_NE(test, image, 0);
	KUNIT_ASSERT_EQ(test, xesim_guc_hold_h2g(a->gpu, 1, true), 0);
	head = xg_read32(va, va->h2g_desc + GUC_CTB_DESC_HEAD);
	f1 = send_register(va, 4, image);
	KUNIT_ASSERT_GT(test, f1, 0);

	migrate_vf1(test, a, b);
	/* held at the source: the GuC's head is where it was */
	KUNIT_EXPECT_EQ(test, xg_read32(vb, vb->h2g_desc + GUC_CTB_DESC_HEAD), head);

	/* RESFIX_BLOCKED: a new message waits too, and is counted */
	f2 = xg_h2g(vb, GUC_HXG_TYPE_REQUEST, sched, 2, true);
	KUNIT_ASSERT_GT(test, f2, 0);
	KUNIT_EXPECT_EQ(test, wait_blocked_count(b, 2), 2);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, vb->h2g_desc + GUC_CTB_DESC_HEAD), head);
	/* only the relay serves the VF now */
	req[0] = FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION, GUC_ACTION_HOST2GUC_CONTROL_CTB);
	req[1] = GUC_CTB_CONTROL_DISABLE;
	KUNIT_EXPECT_EQ(test, xg_mmio(vb, req, 2, reply, 4), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(reply[0]), XE_GUC_RESPONSE_INVALID_STATE);
	req[0] = FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION, GUC_ACTION_HOST2GUC_SELF_CFG);
	req[1] = GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY << 16 | 2;
	req[2] = lower_32_bits(b->memirq[0]);
	req[3] = 0;
	KUNIT_EXPECT_EQ(test, xg_mmio(vb, req, 4, reply, 4), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(reply[0]), XE_GUC_RESPONSE_INVALID_STATE);

	/* a recovery that keeps the queued H2G: the stale LRCA is refused */
	resfix(test, b, 3);
	n = xg_g2h_wait(vb, 0, msg, 8, TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, ctb_fence(msg[0]), f1);
	KUNIT_EXPECT_EQ(test, hxg_error(msg[1]), XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS);
	n = xg_g2h_wait(vb, 0, msg, 8, TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, ctb_fence(msg[0]), f2);
	KUNIT_EXPECT_EQ(test, hxg_error(msg[1]), XE_GUC_RESPONSE_INVALID_PARAMS);
	KUNIT_EXPECT_EQ(test, xesim_guc_h2g_while_blocked(b->gpu, 1), 2);
}

/*
 * The VF's discard: the H2G tail written back to the GuC's head while
 * RESFIX_BLOCKED. After RESFIX_DONE the GuC consumes from its head to the
 * new tail, with no channel error, and a fixed registration is accepted.
 */
static void guc_dev_h2g_discard(struct kunit *test)
{
	struct gt *a, *b;
	struct xg_fn *va, *vb;
	u32 msg[8], head;
	u64 image;
	s64 shift;
	int f, n;

	a = gt_setup(test, 1, 1, 0);
	b = gt_setup(test, 1, 3, 0);
	gt_vf_up(a, 1, SZ_4K);
	va = &a->vf[0];
	vb = &b->vf[0];
	image = xg_alloc(va, SZ_4K);
	KUNIT_ASSERT_EQ(test, xesim_guc_hold_h2g(a->gpu, 1, true), 0);
	KUNIT_ASSERT_GT(test, send_register(va, 4, image), 0);
	KUNIT_ASSERT_GT(test, send_register(va, 5, image), 0);
	shift = migrate_vf1(test, a, b);

	head = xg_read32(vb, vb->h2g_desc + GUC_CTB_DESC_HEAD);
	vb->h2g_tail = head;
	KUNIT_ASSERT_EQ(test, xg_write32(vb, vb->h2g_desc + GUC_CTB_DESC_TAIL, head), 0);
	f = send_register(vb, 4, image + shift);
	KUNIT_ASSERT_GT(test, f, 0);
	resfix(test, b, 7);
	n = xg_g2h_wait(vb, 0, msg, 8, TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, ctb_fence(msg[0]), f);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[1]),
			GUC_HXG_TYPE_RESPONSE_SUCCESS);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, vb->h2g_desc + GUC_CTB_DESC_STATUS), 0);
	KUNIT_EXPECT_EQ(test, xg_g2h(vb, msg, 8, 0), -ETIMEDOUT);
}

/* rebase the GGTT addresses of a context image in place (the VF's fix-up) */
static void rebase_image(struct kunit *test, struct xg_fn *vb, struct xg_ctx *c, s64 shift)
{
	c->image += shift;
	c->ring += shift;
	c->hwsp += shift;
	KUNIT_ASSERT_EQ(test, xg_write32(vb, c->image + XESIM_CTX_OFF_RING_START, c->ring), 0);
	KUNIT_ASSERT_EQ(test, xg_write32(vb, c->image + XESIM_CTX_OFF_HWSP, c->hwsp), 0);
}

/*
 * Only contexts submitted at the save are scheduled at RESFIX_DONE: a
 * context with work in its ring whose SCHED_CONTEXT the recovery does not
 * re-send stays unexecuted, until it is sent. Re-sending it for a context
 * already done is harmless.
 */
static void guc_dev_restore_submitted(struct kunit *test)
{
	u32 sched[2] = { XE_GUC_ACTION_SCHED_CONTEXT, 2 }, msg[8];
	struct xg_ctx idle, sub;
	struct gt *a, *b;
	struct xg_fn *va, *vb;
	u64 sem;
	s64 shift;
	u32 head;
	int f;

	a = gt_setup(test, 1, 1, 0);
	b = gt_setup(test, 1, 3, 0);
	gt_vf_up(a, 1, SZ_4K);
	va = &a->vf[0];
	vb = &b->vf[0];
	/* ID 1 first: wrongly queued at RESFIX_DONE, it would run first */
	KUNIT_ASSERT_EQ(test, xg_ctx_create(va, &idle, 1, GUC_RENDER_CLASS, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, xg_ctx_create(va, &sub, 2, GUC_RENDER_CLASS, SZ_4K), 0);
	sem = xg_alloc(va, SZ_4K);
	KUNIT_ASSERT_NE(test, sem, 0);

	/* the enable ran it once, empty; then work, its tail published, not submitted */
	KUNIT_ASSERT_EQ(test, xg_wait32(va, idle.hwsp + XESIM_HWSP_OFF_SWITCHES, 1, TIMEOUT_MS),
			0);
	emit_index_store(test, va, &idle, 0x40, 0x1d1e);
	KUNIT_ASSERT_EQ(test, xg_write32(va, idle.image + XESIM_CTX_OFF_RING_TAIL, idle.tail), 0);
	/* the submitted one waits on a semaphore */
	EMIT(test, va, &sub, MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_GGTT |
	     MI_SEMAPHORE_OP(MI_SEMAPHORE_SAD_EQ_SDD) | XE_INSTR_NUM_DW(4),
	     1, lower_32_bits(sem), 0);
	emit_index_store(test, va, &sub, 0x40, 0x5ab);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(va, &sub), 0);
	KUNIT_ASSERT_EQ(test, xg_wait32(va, sub.image + XESIM_CTX_OFF_STATE,
					XESIM_CTX_STATE_WAITING, TIMEOUT_MS), 0);

	shift = migrate_vf1(test, a, b);
	/* the fix-ups: rebase both images, re-emit the waiting job */
	rebase_image(test, vb, &idle, shift);
	rebase_image(test, vb, &sub, shift);
	head = xg_read32(vb, sub.image + XESIM_CTX_OFF_RING_HEAD);
	sub.tail = head;
	EMIT(test, vb, &sub, MI_SEMAPHORE_WAIT | MI_SEMAPHORE_POLL | MI_SEMAPHORE_GGTT |
	     MI_SEMAPHORE_OP(MI_SEMAPHORE_SAD_EQ_SDD) | XE_INSTR_NUM_DW(4),
	     1, lower_32_bits(sem + shift), 0);
	emit_index_store(test, vb, &sub, 0x40, 0x5ab);
	KUNIT_ASSERT_EQ(test, xg_write32(vb, sub.image + XESIM_CTX_OFF_RING_TAIL, sub.tail), 0);
	KUNIT_ASSERT_EQ(test, xg_write32(vb, sem + shift, 1), 0);
	resfix(test, b, 2);

	/* the submitted context runs; the other one never ran */
	KUNIT_ASSERT_EQ(test, xg_wait32(vb, sub.hwsp + 0x40, 0x5ab, TIMEOUT_MS), 0);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, idle.hwsp + XESIM_HWSP_OFF_SWITCHES), 1);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, idle.hwsp + 0x40), 0);

	/* re-sent for the finished context: a success, nothing else */
	f = xg_h2g(vb, GUC_HXG_TYPE_REQUEST, sched, 2, true);
	KUNIT_ASSERT_GT(test, f, 0);
	KUNIT_ASSERT_EQ(test, xg_g2h_wait(vb, 0, msg, 8, TIMEOUT_MS), 2);
	KUNIT_EXPECT_EQ(test, ctb_fence(msg[0]), f);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[1]),
			GUC_HXG_TYPE_RESPONSE_SUCCESS);
	/* the recovery's SCHED_CONTEXT: the work runs */
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(vb, &idle), 0);
	KUNIT_EXPECT_EQ(test, xg_wait32(vb, idle.hwsp + 0x40, 0x1d1e, TIMEOUT_MS), 0);
}

/*
 * A context stalled on a page fault at the save: the fault is not saved, the
 * context is, as submitted, at the faulting command; on the destination it
 * runs the command again, faults again and is reported anew. A reply to the
 * source's report matches nothing there and is dropped; the new one resumes
 * the context.
 */
static void guc_dev_page_fault_migration(struct kunit *test)
{
	u64 va_addr = 0x40000000ull, root_ggtt, root, page;
	struct pf_desc d, d2, stale;
	struct xg_fn *va, *vb;
	struct gt *a, *b;
	struct xg_ctx c;
	u32 head;
	s64 shift;

	a = gt_setup(test, 1, 1, 0);
	b = gt_setup(test, 1, 3, 0);
	gt_vf_up(a, 1, SZ_4K);
	va = &a->vf[0];
	vb = &b->vf[0];
	KUNIT_ASSERT_EQ(test, xg_ctx_create(va, &c, 1, GUC_RENDER_CLASS, SZ_4K), 0);
	root = pf_table(test, va, &root_ggtt);
	page = xg_alloc(va, SZ_4K);
	KUNIT_ASSERT_NE(test, page, 0);
	pf_ctx_setup(test, va, &c, root, 0x77);
	head = c.tail;
	EMIT(test, va, &c, MI_STORE_DATA_IMM | MI_SDI_NUM_DW(1), lower_32_bits(va_addr),
	     upper_32_bits(va_addr), 0xfeed);
	emit_index_store(test, va, &c, 0x40, 0x1);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(va, &c), 0);
	pf_wait_report(test, va, &d);
	KUNIT_EXPECT_EQ(test, xg_read32(va, c.image + XESIM_CTX_OFF_RING_HEAD), head);

	/* migrated unanswered; the context needs no fix-up but its GGTT addresses */
	shift = migrate_vf1(test, a, b);
	rebase_image(test, vb, &c, shift);
	resfix(test, b, 2);

	/* the destination runs it again: the same fault, reported anew */
	pf_wait_report(test, vb, &d2);
	KUNIT_EXPECT_EQ(test, d2.asid, 0x77);
	KUNIT_EXPECT_EQ(test, d2.addr, va_addr);
	KUNIT_EXPECT_EQ(test, d2.class, GUC_RENDER_CLASS);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, c.image + XESIM_CTX_OFF_RING_HEAD), head);

	/* the answer to the source's report (its tag, unless the new one is the same) */
	stale = d;
	if (stale.pdata == d2.pdata)
		stale.pdata ^= 1;
	pf_reply(test, vb, &stale, false);
	KUNIT_ASSERT_EQ(test, pf_wait_dropped(b, 1, 1), 0);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, c.hwsp + 0x40), 0);

	/* bound on the destination and answered there: the store lands */
	page += shift;
	pf_map(test, vb, root, va_addr, (page - vb->base) | XE_PAGE_PRESENT | XE_PAGE_RW |
	       XE_PPGTT_PTE_DM);
	pf_reply(test, vb, &d2, false);
	KUNIT_ASSERT_EQ(test, xg_wait32(vb, c.hwsp + 0x40, 0x1, TIMEOUT_MS), 0);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, page), 0xfeed);
	KUNIT_EXPECT_EQ(test, xesim_guc_pagefault_dropped(a->gpu, 1), 0);
}

/*
 * The PF may place the destination at the same GGTT base (shift 0) or
 * overlapping the source range (a shift smaller than the range, either
 * way): the GuC rebases its references (CT, memirq, context images) and a
 * fixed-up context runs.
 */
static const s64 guc_dev_shifts[] = { 0, SZ_256K, -(s64)SZ_256K, SZ_4M };

static void guc_dev_shift_desc(const s64 *shift, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "shift %lld", *shift);
}

KUNIT_ARRAY_PARAM(guc_dev_shift, guc_dev_shifts, guc_dev_shift_desc);

static void guc_dev_migrate_shift(struct kunit *test)
{
	const s64 *param = test->param_value;
	u32 sched[2] = { XE_GUC_ACTION_SCHED_CONTEXT, 9 }, msg[8];
	struct gt *a, *b;
	struct xg_fn *va, *vb;
	struct xg_ctx c;
	s64 shift;
	int f, n;

	a = gt_setup_at(test, SZ_8M);
	b = gt_setup_at(test, SZ_8M + *param);
	gt_vf_up(a, 1, SZ_4K);
	va = &a->vf[0];
	vb = &b->vf[0];
	KUNIT_ASSERT_EQ(test, xg_ctx_create(va, &c, 3, GUC_BLITTER_CLASS, SZ_4K), 0);
	emit_index_store(test, va, &c, 0x40, 1);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(va, &c), 0);
	KUNIT_ASSERT_EQ(test, xg_wait32(va, c.hwsp + 0x40, 1, TIMEOUT_MS), 0);

	shift = migrate_vf1(test, a, b);
	KUNIT_EXPECT_EQ(test, shift, *param);
	rebase_image(test, vb, &c, shift);
	resfix(test, b, 4);
	/* the CT works at its rebased place */
	f = xg_h2g(vb, GUC_HXG_TYPE_REQUEST, sched, 2, true);
	KUNIT_ASSERT_GT(test, f, 0);
	n = xg_g2h_wait(vb, 0, msg, 8, TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, ctb_fence(msg[0]), f);
	/* the context the GuC rebased runs the next job */
	emit_index_store(test, vb, &c, 0x40, 2);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(vb, &c), 0);
	KUNIT_EXPECT_EQ(test, xg_wait32(vb, c.hwsp + 0x40, 2, TIMEOUT_MS), 0);
	KUNIT_EXPECT_EQ(test, xg_read32(vb, c.image + XESIM_CTX_OFF_STATE), XESIM_CTX_STATE_IDLE);
}

/* pause and save VF1 from another thread (the model may hold the test's) */
struct pause_save {
	struct gt *g;
	struct completion done;
	int err;
	u64 blob;
	u32 size;
};

static int pause_save_fn(void *data)
{
	struct pause_save *ps = data;
	struct xg_fn *pf = &ps->g->pf;
	u32 val, msg[8];
	int n;

	ps->err = xg_pf_control(pf, 1, GUC_PF_TRIGGER_VF_PAUSE, &val);
	if (!ps->err) {
		n = xg_g2h_wait(pf, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, msg, 8, 15000);
		if (n != 4 || msg[3] != GUC_PF_NOTIFY_VF_PAUSE_DONE)
			ps->err = n < 0 ? n : -EPROTO;
	}
	if (!ps->err)
		ps->err = xg_pf_save(pf, 1, 0, 0, &val);
	if (!ps->err) {
		ps->size = FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, val);
		ps->blob = xg_alloc(pf, ps->size * 4);
		ps->err = ps->blob ? xg_pf_save(pf, 1, ps->blob, ps->size, &val) : -ENOSPC;
	}
	complete(&ps->done);
	return 0;
}

/*
 * B.1: a pause and save that come while an H2G message is taken from the
 * ring but not yet applied must not save the advanced head without the
 * message's effect: the registration is in the blob together with the head.
 */
static void guc_dev_race_h2g_save(struct kunit *test)
{
	u32 mode[3] = { XE_GUC_ACTION_SCHED_CONTEXT_MODE_SET, 4, GUC_CONTEXT_ENABLE };
	struct xesim_guc_hook hook;
	struct pause_save ps = {};
	struct task_struct *t;
	struct gt *a, *b;
	struct xg_fn *va, *vb;
	u32 msg[8], head;
	bool early;
	int f, n;

	a = gt_setup(test, 1, 1, 0);
	b = gt_setup(test, 1, 3, 0);
	gt_vf_up(a, 1, SZ_4K);
	va = &a->vf[0];
	vb = &b->vf[0];
	init_completion(&hook.reached);
	init_completion(&hook.release);
	xesim_guc_test_hook(a->gpu, 1, XESIM_GUC_HOOK_H2G_DEQUEUED, &hook);
	head = xg_read32(va, va->h2g_desc + GUC_CTB_DESC_HEAD);
	KUNIT_ASSERT_GT(test, send_register(va, 4, xg_alloc(va, SZ_4K)), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&hook.reached, 2 * HZ));

	/* the message is out of the ring, not applied: pause and save now */
	ps.g = a;
	init_completion(&ps.done);
	t = kthread_run(pause_save_fn, &ps, "xesim_test_ps");
	if (IS_ERR(t)) {
		complete(&hook.release);
		KUNIT_FAIL(test, "no thread: %ld", PTR_ERR(t));
		return;
	}
	/* a bound for the old behaviour to show, not a proof of anything */
	early = wait_for_completion_timeout(&ps.done, msecs_to_jiffies(200));
	complete(&hook.release);
	KUNIT_ASSERT_TRUE(test, early || wait_for_completion_timeout(&ps.done, 20 * HZ));
	KUNIT_ASSERT_EQ(test, ps.err, 0);

	migrate_vf1_blob(test, a, b, ps.blob, ps.size);
	/* the head passed the message: its effect must have moved too */
	KUNIT_EXPECT_NE(test, xg_read32(vb, vb->h2g_desc + GUC_CTB_DESC_HEAD), head);
	resfix(test, b, 1);
	f = xg_h2g(vb, GUC_HXG_TYPE_REQUEST, mode, 3, true);
	KUNIT_ASSERT_GT(test, f, 0);
	do {
		n = xg_g2h(vb, msg, 8, TIMEOUT_MS);
		KUNIT_ASSERT_GE(test, n, 2);
	} while (ctb_fence(msg[0]) != f);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[1]),
			GUC_HXG_TYPE_RESPONSE_SUCCESS);
}

static u32 lmem_crc(struct kunit *test, struct xg_fn *vf)
{
	void *buf = kunit_kmalloc(test, SZ_64K, GFP_KERNEL);
	u32 crc = ~0;
	u64 off;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (off = 0; off < VF_LMEM_SIZE; off += SZ_64K) {
		KUNIT_ASSERT_EQ(test, xesim_vram_read(&vf->fn->xdev, off, buf, SZ_64K), 0);
		crc = crc32_le(crc, buf, SZ_64K);
	}
	kunit_kfree(test, buf);
	return crc;
}

/*
 * B.2 and B.3: a slice running at the pause, with a disable pending on its
 * context: PAUSE_DONE comes only once its SCHED_CONTEXT_MODE_DONE is in
 * the saved state, and from PAUSE_DONE on nothing is written into the VF's
 * memory, whatever the device does meanwhile (other VFs' work, doorbells,
 * the save).
 */
static void guc_dev_race_slice_pause(struct kunit *test)
{
	u32 mode[3] = { XE_GUC_ACTION_SCHED_CONTEXT_MODE_SET, 3, GUC_CONTEXT_DISABLE };
	struct xesim_guc_hook end, ev;
	struct xg_ctx c, c2;
	struct gt *a, *b;
	struct xg_fn *va, *v2, *vb;
	u32 msg[8], crc, size, val;
	bool early;
	u64 blob;
	int f, n;

	a = gt_setup(test, 2, 1, 0);
	b = gt_setup(test, 1, 5, 0);
	gt_vf_up(a, 1, SZ_4K);
	gt_vf_up(a, 2, SZ_4K);
	va = &a->vf[0];
	v2 = &a->vf[1];
	vb = &b->vf[0];
	KUNIT_ASSERT_EQ(test, xg_ctx_create(va, &c, 3, GUC_RENDER_CLASS, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, xg_ctx_create(v2, &c2, 1, GUC_RENDER_CLASS, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, xg_wait32(va, c.hwsp + XESIM_HWSP_OFF_SWITCHES, 1, TIMEOUT_MS), 0);

	init_completion(&end.reached);
	init_completion(&end.release);
	init_completion(&ev.reached);
	init_completion(&ev.release);
	xesim_guc_test_hook(a->gpu, 1, XESIM_GUC_HOOK_SLICE_END, &end);
	xesim_guc_test_hook(a->gpu, 1, XESIM_GUC_HOOK_SLICE_EVENTS, &ev);
	emit_index_store(test, va, &c, 0x40, 1);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(va, &c), 0);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&end.reached, 2 * HZ));
	/* the context is running: its disable completes after the slice */
	f = xg_h2g(va, GUC_HXG_TYPE_REQUEST, mode, 3, true);
	KUNIT_ASSERT_GT(test, f, 0);
	n = xg_g2h_wait(va, 0, msg, 8, TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, ctb_fence(msg[0]), f);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&a->pf, 1, GUC_PF_TRIGGER_VF_PAUSE, &val), 0);
	complete(&end.release);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&ev.reached, 2 * HZ));

	/*
	 * The slice's event is not sent yet: the pause must not be done. (The
	 * 200 ms only bound how long the old behaviour takes to show.)
	 */
	n = xg_g2h_wait(&a->pf, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, msg, 8, 200);
	early = n == 4;
	KUNIT_EXPECT_FALSE_MSG(test, early, "PAUSE_DONE before the slice's events");
	if (!early) {
		complete(&ev.release);
		expect_notify(a, 1, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	}

	/* paused: the save, then activity on the same engine and the doorbell */
	crc = lmem_crc(test, va);
	KUNIT_ASSERT_EQ(test, xg_pf_save(&a->pf, 1, 0, 0, &val), 0);
	size = FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, val);
	blob = xg_alloc(&a->pf, size * 4);
	KUNIT_ASSERT_NE(test, blob, 0);
	KUNIT_ASSERT_EQ(test, xg_pf_save(&a->pf, 1, blob, size, &val), 0);
	if (early)
		complete(&ev.release);
	emit_index_store(test, v2, &c2, 0x40, 7);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(v2, &c2), 0);
	KUNIT_ASSERT_EQ(test, xg_wait32(v2, c2.hwsp + 0x40, 7, TIMEOUT_MS), 0);
	KUNIT_ASSERT_EQ(test, xesim_write32(&va->fn->xdev, GUC_HOST_INTERRUPT, GUC_SEND_TRIGGER),
			0);
	KUNIT_ASSERT_EQ(test, xg_pf_save(&a->pf, 1, 0, 0, &val), 0);
	/* nothing was written into the paused VF's memory */
	KUNIT_EXPECT_EQ(test, lmem_crc(test, va), crc);

	/* the event is in the saved state: the destination delivers it */
	migrate_vf1_blob(test, a, b, blob, size);
	resfix(test, b, 1);
	n = xg_g2h_wait(vb, XE_GUC_ACTION_SCHED_CONTEXT_MODE_DONE, msg, 8, TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, n, 4);
	KUNIT_EXPECT_EQ(test, msg[2], 3);
	KUNIT_EXPECT_EQ(test, msg[3], GUC_CONTEXT_DISABLE);
}

/* ---- the blob as untrusted input, resealed so the deeper checks run ---- */

#define BLOB_HDR_SIZE		144
#define BLOB_OFF_SIZE		8
#define BLOB_OFF_CRC		12
#define BLOB_OFF_H2G_BUF	72
#define BLOB_OFF_G2H_DESC	96
#define BLOB_OFF_NR_CTXS	128
#define BLOB_OFF_RSVD		132
#define BLOB_OFF_NR_REFS	136
#define BLOB_REF_MEMIRQ_STATUS	1
#define BLOB_OFF_NR_WORDS	140

/* read a blob out of PF memory */
static u32 *blob_get(struct kunit *test, struct gt *g, u64 addr, u32 dwords)
{
	u32 *b = kunit_kcalloc(test, dwords + 1024, sizeof(u32), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, b);
	for (i = 0; i < dwords; i++)
		b[i] = xg_read32(&g->pf, addr + 4 * i);
	return b;
}

/* seal a blob of @dwords (size and checksum) and write it to new PF memory */
static u64 blob_put(struct kunit *test, struct gt *g, u32 *b, u32 dwords)
{
	u64 addr = xg_alloc(&g->pf, dwords * 4);
	__le32 *le = kunit_kcalloc(test, dwords, sizeof(*le), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NE(test, addr, 0);
	KUNIT_ASSERT_NOT_NULL(test, le);
	b[BLOB_OFF_SIZE / 4] = dwords * 4;
	b[BLOB_OFF_CRC / 4] = 0;
	for (i = 0; i < dwords; i++)
		le[i] = cpu_to_le32(b[i]);
	b[BLOB_OFF_CRC / 4] = crc32_le(~0, (u8 *)le, dwords * 4);
	for (i = 0; i < dwords; i++)
		KUNIT_ASSERT_EQ(test, xg_write32(&g->pf, addr + 4 * i, b[i]), 0);
	return addr;
}

/*
 * A copy of blob @b with @nw words appended, sealed. @b has no words: its
 * records (all multiples of 8 bytes) end where it ends, with no padding.
 */
static u64 blob_with_words(struct kunit *test, struct gt *g, const u32 *b, u32 dwords,
			   const u32 *words, u32 nw, u32 *out_dwords)
{
	u32 n = ALIGN(dwords + nw, 2);
	u32 *c = kunit_kcalloc(test, n, sizeof(u32), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, b[BLOB_OFF_NR_WORDS / 4], 0);
	memcpy(c, b, dwords * 4);
	memcpy(c + dwords, words, nw * 4);
	c[BLOB_OFF_NR_WORDS / 4] = nw;
	*out_dwords = n;
	return blob_put(test, g, c, n);
}

/* the dword index of the GGTT ref record tagged @tag in blob @b */
static u32 blob_ref(struct kunit *test, const u32 *b, u32 tag)
{
	u32 off = (BLOB_HDR_SIZE + b[BLOB_OFF_NR_CTXS / 4] * 32) / 4;
	u32 i;

	for (i = 0; i < b[BLOB_OFF_NR_REFS / 4]; i++, off += 4)
		if (b[off] == tag)
			return off;
	KUNIT_FAIL_AND_ABORT(test, "no GGTT ref tagged %u in the blob", tag);
	return 0;
}

static void expect_restore_refused(struct kunit *test, struct gt *b, u64 blob, u32 dwords,
				   u32 error)
{
	u32 val;

	KUNIT_EXPECT_EQ(test, xg_pf_restore(&b->pf, 1, blob, dwords, &val), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(val), error);
	KUNIT_EXPECT_STREQ(test, xesim_guc_vf_state_of(b->gpu, 1), "READY_PAUSED");
}

/*
 * C.1-C.4: a blob with a G2H backlog beyond the limit, with a last message
 * of one dword or one running past the words, in a buffer longer than the
 * blob, with a misaligned CT buffer or descriptor or memirq status vector
 * (as a live registration refuses it), or with more LMEM than the
 * destination has, is refused with nothing changed; the intact blob then
 * restores.
 */
static void guc_dev_blob_untrusted(struct kunit *test)
{
	struct gt *a, *b;
	u32 size, val, n, i, ref, req[4], reply[4], *blob, *words;
	u64 src, dst, status;
	struct xg_ctx c;

	a = gt_setup(test, 1, 1, 0);
	b = gt_setup(test, 1, 2, 0);
	gt_vf_up(a, 1, SZ_4K);
	/* a registered context that ran: the blob has a context record */
	KUNIT_ASSERT_EQ(test, xg_ctx_create(&a->vf[0], &c, 3, GUC_RENDER_CLASS, SZ_4K), 0);
	emit_sdi(test, &a->vf[0], &c, c.hwsp, 1);
	KUNIT_ASSERT_EQ(test, xg_ctx_submit(&a->vf[0], &c), 0);
	KUNIT_ASSERT_EQ(test, xg_wait32(&a->vf[0], c.hwsp, 1, TIMEOUT_MS), 0);
	src = save_vf1(test, a, &size);
	KUNIT_ASSERT_EQ(test, size % 2, 0);
	blob = blob_get(test, a, src, size);
	KUNIT_ASSERT_EQ(test, blob[BLOB_OFF_NR_CTXS / 4], 1);
	KUNIT_ASSERT_EQ(test, xg_pf_control(&b->pf, 1, GUC_PF_TRIGGER_VF_PAUSE, &val), 0);
	expect_notify(b, 1, GUC_PF_NOTIFY_VF_PAUSE_DONE);

	/* a live registration refuses a status vector off its alignment too */
	status = a->memirq[0] + ilog2(INTR_GUC) * XE_MEMIRQ_VECTOR_SIZE + 2;
	req[0] = FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION, GUC_ACTION_HOST2GUC_SELF_CFG);
	req[1] = GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY << 16 | 2;
	req[2] = lower_32_bits(status);
	req[3] = upper_32_bits(status);
	KUNIT_EXPECT_EQ(test, xg_mmio(&a->vf[0], req, 4, reply, 4), -EPROTO);
	KUNIT_EXPECT_EQ(test, hxg_error(reply[0]), XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS);

	words = kunit_kcalloc(test, 2 * (XESIM_GUC_G2H_BACKLOG_MAX + 1), sizeof(u32),
			      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, words);
	for (i = 0; i <= XESIM_GUC_G2H_BACKLOG_MAX; i++) {
		words[2 * i] = FIELD_PREP(GUC_CTB_MSG_0_FORMAT, GUC_CTB_FORMAT_HXG) |
			       FIELD_PREP(GUC_CTB_MSG_0_NUM_DWORDS, 1);
		words[2 * i + 1] = FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
				   FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_EVENT) |
				   XESIM_GUC_ACTION_CONTEXT_USER_INTERRUPT;
	}
	/* one message more than the backlog holds: refused, not trimmed */
	dst = blob_with_words(test, b, blob, size, words, 2 * (XESIM_GUC_G2H_BACKLOG_MAX + 1),
			      &n);
	expect_restore_refused(test, b, dst, n, XE_GUC_RESPONSE_INVALID_BUFFER);
	/* the last message a lone header */
	words[2 * 1] = FIELD_PREP(GUC_CTB_MSG_0_FORMAT, GUC_CTB_FORMAT_HXG);
	dst = blob_with_words(test, b, blob, size, words, 3, &n);
	expect_restore_refused(test, b, dst, n, XE_GUC_RESPONSE_INVALID_BUFFER);
	/* the last message running past the words */
	words[2 * 1] = FIELD_PREP(GUC_CTB_MSG_0_FORMAT, GUC_CTB_FORMAT_HXG) |
		       FIELD_PREP(GUC_CTB_MSG_0_NUM_DWORDS, 2);
	dst = blob_with_words(test, b, blob, size, words, 4, &n);
	expect_restore_refused(test, b, dst, n, XE_GUC_RESPONSE_INVALID_BUFFER);
	/* a CT buffer address a registration would refuse */
	blob[BLOB_OFF_H2G_BUF / 4] += 1;
	dst = blob_put(test, b, blob, size);
	expect_restore_refused(test, b, dst, size, XE_GUC_RESPONSE_INVALID_BUFFER);
	blob[BLOB_OFF_H2G_BUF / 4] -= 1;
	/* a CT descriptor address a registration would refuse */
	blob[BLOB_OFF_G2H_DESC / 4] += 2;
	dst = blob_put(test, b, blob, size);
	expect_restore_refused(test, b, dst, size, XE_GUC_RESPONSE_INVALID_BUFFER);
	blob[BLOB_OFF_G2H_DESC / 4] -= 2;
	/* a memirq status vector off its 16-byte alignment (e.g. at 0x...192) */
	ref = blob_ref(test, blob, BLOB_REF_MEMIRQ_STATUS);
	blob[ref + 2] += 2;
	dst = blob_put(test, b, blob, size);
	expect_restore_refused(test, b, dst, size, XE_GUC_RESPONSE_INVALID_BUFFER);
	blob[ref + 2] -= 2;
	/* the count version 1 gave doorbell records (the model has none) */
	blob[BLOB_OFF_RSVD / 4] = 1;
	dst = blob_put(test, b, blob, size);
	expect_restore_refused(test, b, dst, size, XE_GUC_RESPONSE_INVALID_BUFFER);
	blob[BLOB_OFF_RSVD / 4] = 0;
	/* a buffer longer than the blob */
	dst = blob_put(test, b, blob, size);
	expect_restore_refused(test, b, dst, size + 2, XE_GUC_RESPONSE_INVALID_SIZE);
	/* the destination has less LMEM than the source had */
	KUNIT_ASSERT_EQ(test, xg_pf_provision(&b->pf, 1, vf_base(1, 2), VF_GGTT_SIZE,
					      VF_LMEM_SIZE / 2, VF_CTXS), 0);
	expect_restore_refused(test, b, dst, size, XE_GUC_RESPONSE_DATA_TOO_LARGE);
	KUNIT_ASSERT_EQ(test, xg_pf_provision(&b->pf, 1, vf_base(1, 2), VF_GGTT_SIZE,
					      VF_LMEM_SIZE, VF_CTXS), 0);
	/* an accepted blob whose context cannot be installed (no memory) */
	xesim_knob_arm(b->gpu, XESIM_KNOB_GUC_INSTALL, 1);
	expect_restore_refused(test, b, dst, size, XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION);
	/* the intact blob, exactly: accepted (the knob fired once) */
	KUNIT_EXPECT_EQ(test, xg_pf_restore(&b->pf, 1, dst, size, &val), 0);
}

static struct kunit_case guc_dev_cases[] = {
	KUNIT_CASE(guc_dev_provision_relay),
	KUNIT_CASE(guc_dev_mmio_async),
	KUNIT_CASE(guc_dev_state_flow),
	KUNIT_CASE(guc_dev_ct_wrap_full),
	KUNIT_CASE(guc_dev_engine_mi),
	KUNIT_CASE(guc_dev_page_fault),
	KUNIT_CASE(guc_dev_pause_boundary),
	KUNIT_CASE(guc_dev_migration_fixups),
	KUNIT_CASE(guc_dev_blob_refused),
	KUNIT_CASE(guc_dev_h2g_held_stale),
	KUNIT_CASE(guc_dev_h2g_discard),
	KUNIT_CASE(guc_dev_restore_submitted),
	KUNIT_CASE(guc_dev_page_fault_migration),
	KUNIT_CASE_PARAM(guc_dev_migrate_shift, guc_dev_shift_gen_params),
	KUNIT_CASE(guc_dev_race_h2g_save),
	KUNIT_CASE(guc_dev_race_slice_pause),
	KUNIT_CASE(guc_dev_blob_untrusted),
	{}
};

static struct kunit_suite guc_dev_suite = {
	.name = "xesim_guc_dev",
	.test_cases = guc_dev_cases,
};

kunit_test_suite(guc_dev_suite);
