// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VF bring-up on a live device: relay, configuration,
 * GGTT manager, memory interrupts and the CT channel.
 */

#include <drm/drm_drv.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/sizes.h>
#include <linux/workqueue.h>

#include <abi/guc_actions_abi.h>
#include <abi/guc_ct_abi.h>
#include <abi/guc_klvs_abi.h>
#include <abi/xe_regs_abi.h>
#include <xesim_driver.h>
#include <xesim_kunit.h>

#include "xevf_device.h"
#include "xevf_device_types.h"
#include "xevf_ggtt.h"
#include "xevf_gt_vf_relay.h"
#include "xevf_guc_ct.h"
#include "xevf_guc_hxg.h"
#include "xevf_test_env.h"

static void xevf_bringup_test_config(struct kunit *test)
{
	struct xevf_test_vf_cfg cfg;
	struct xevf_test_env *env;
	struct xesim_vf_config dev;
	struct xevf_device *xe;
	struct xesim_device *pf;

	env = xevf_test_env_up(test);
	xe = env->xe;
	pf = xesim_kunit_get_vf(test, env->gpu_id, 0);
	KUNIT_ASSERT_NOT_NULL(test, pf);
	xevf_test_vf_config(test, env->gpu_id, 1, &cfg);
	/* what the GuC reported is what the PF provisioned in the device */
	KUNIT_ASSERT_EQ(test, xesim_pf_query_vf(pf, 1, &dev), 0);
	KUNIT_EXPECT_EQ(test, xe->config.ggtt_start, dev.ggtt_start);
	KUNIT_EXPECT_EQ(test, xe->config.ggtt_size, dev.ggtt_size);
	KUNIT_EXPECT_EQ(test, xe->config.lmem_size, dev.lmem_size);
	KUNIT_EXPECT_EQ(test, xe->config.ggtt_size, cfg.ggtt_size);
	KUNIT_EXPECT_EQ(test, xe->config.num_ctxs, cfg.num_ctxs);
	KUNIT_EXPECT_EQ(test, xe->config.num_dbs, cfg.num_dbs);
	KUNIT_EXPECT_NE(test, xe->config.num_ctxs, 0u);
	KUNIT_EXPECT_EQ(test, xe->guc_version.major, 1);
	KUNIT_EXPECT_EQ(test, xe->guc_version.minor, 27);
	KUNIT_EXPECT_EQ(test, xe->info.device_id, 0xe20b);
}

static void xevf_bringup_test_relay_errors(struct kunit *test)
{
	struct xevf_test_vf_cfg cfg;
	struct xevf_test_env *env;
	u32 req[2], reply[4], val[2];
	struct xevf_device *xe;

	env = xevf_test_env_up(test);
	xe = env->xe;
	/* a key the GuC does not serve: the GuC's failure reaches us */
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_query_klv(xe, 0x7777, val, 1), -EREMOTEIO);
	KUNIT_EXPECT_EQ(test, xe->relay.last_error, XE_GUC_RESPONSE_INVALID_KLV_KEY);
	/* a must-be-zero field set */
	req[0] = xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST,
				      GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV, 0);
	req[1] = BIT(20) | GUC_KLV_VF_CFG_GGTT_SIZE_KEY;
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_send(xe, req, 2, reply, 4), -EREMOTEIO);
	KUNIT_EXPECT_EQ(test, xe->relay.last_error, XE_GUC_RESPONSE_INVALID_PARAMS);
	/* the same request, well formed, answers what the device holds */
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_query_klv(xe, GUC_KLV_VF_CFG_GGTT_SIZE_KEY,
							 val, 2), 0);
	xevf_test_vf_config(test, env->gpu_id, 1, &cfg);
	KUNIT_EXPECT_EQ(test, ((u64)val[1] << 32 | val[0]), cfg.ggtt_size);
	/* a value of another length than the key has is refused */
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_query_klv(xe, GUC_KLV_VF_CFG_GGTT_SIZE_KEY,
							 val, 1), -EPROTO);
	/* RESFIX_START outside a restore: the VF carries on */
	req[0] = xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST,
				      GUC_ACTION_VF2GUC_RESFIX_START, 1);
	KUNIT_EXPECT_EQ(test, xevf_gt_vf_relay_send(xe, req, 1, reply, 4), -EREMOTEIO);
	KUNIT_EXPECT_EQ(test, xe->relay.last_error, XE_GUC_RESPONSE_INVALID_STATE);
}

static void xevf_bringup_test_ggtt(struct kunit *test)
{
	struct xevf_test_env *env;
	struct xevf_kbo *a, *b;
	struct xesim_device *pf;
	struct xevf_device *xe;
	u64 pte, start, end;

	env = xevf_test_env_up(test);
	xe = env->xe;
	pf = xesim_kunit_get_vf(test, env->gpu_id, 0);
	KUNIT_ASSERT_NOT_NULL(test, pf);
	start = xe->config.ggtt_start;
	end = start + xe->config.ggtt_size;
	KUNIT_ASSERT_EQ(test, xevf_ggtt_kbo_create(xe, 3 * SZ_4K, "test-a", &a), 0);
	KUNIT_ASSERT_EQ(test, xevf_ggtt_kbo_create(xe, SZ_4K, "test-b", &b), 0);
	/* inside the VF's range, apart */
	KUNIT_EXPECT_GE(test, xevf_ggtt_kbo_ggtt(a, 0), start);
	KUNIT_EXPECT_LE(test, xevf_ggtt_kbo_ggtt(a, 3 * SZ_4K), end);
	KUNIT_EXPECT_TRUE(test, xevf_ggtt_kbo_ggtt(b, 0) >= xevf_ggtt_kbo_ggtt(a, 3 * SZ_4K) ||
			  xevf_ggtt_kbo_ggtt(b, SZ_4K) <= xevf_ggtt_kbo_ggtt(a, 0));
	/* the device holds PTEs to the buffer's IOVAs, tagged with VF1 */
	KUNIT_ASSERT_EQ(test, xesim_ggtt_read_pte(pf, xevf_ggtt_kbo_ggtt(a, SZ_4K), &pte), 0);
	KUNIT_EXPECT_EQ(test, pte & XE_GGTT_PTE_ADDR, (u64)a->iova + SZ_4K);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GGTT_PTE_VFID, pte), 1ull);
	KUNIT_EXPECT_TRUE(test, pte & XE_PAGE_PRESENT);
	/* freeing clears them */
	start = xevf_ggtt_kbo_ggtt(a, SZ_4K);
	xevf_ggtt_kbo_destroy(xe, a);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_read_pte(pf, start, &pte), 0);
	KUNIT_EXPECT_FALSE(test, pte & XE_PAGE_PRESENT);
	KUNIT_EXPECT_EQ(test, pte & XE_GGTT_PTE_ADDR, 0ull);
	xevf_ggtt_kbo_destroy(xe, b);
	/* a buffer larger than the range does not fit */
	KUNIT_EXPECT_EQ(test, xevf_ggtt_kbo_create(xe, xe->config.ggtt_size + SZ_4K,
						   "too-big", &a), -ENOSPC);
}

static void xevf_bringup_test_ct(struct kunit *test)
{
	u32 msg[REGISTER_CONTEXT_MSG_LEN] = {};
	struct xevf_test_env *env;
	struct xevf_device *xe;
	u64 g2h, irqs;
	u32 data0;

	env = xevf_test_env_up(test);
	xe = env->xe;
	KUNIT_EXPECT_TRUE(test, xe->ct.enabled);
	irqs = xe->memirq.guc2host;
	g2h = xe->ct.g2h_msgs;
	/*
	 * A REGISTER_CONTEXT the GuC refuses (ID beyond the VF's contexts):
	 * the request crossed the H2G ring, the failure came back on G2H with
	 * the request's fence, signalled by a memory interrupt.
	 */
	msg[0] = xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST, XE_GUC_ACTION_REGISTER_CONTEXT, 0);
	msg[REGISTER_CONTEXT_MSG_2_CTX_ID] = xe->config.num_ctxs;
	msg[REGISTER_CONTEXT_MSG_3_ENGINE_CLASS] = GUC_RENDER_CLASS;
	msg[REGISTER_CONTEXT_MSG_10_LRCA_LO] = lower_32_bits(xe->config.ggtt_start);
	KUNIT_EXPECT_EQ(test, xevf_guc_ct_send_recv(xe, msg, REGISTER_CONTEXT_MSG_LEN,
						    &data0, NULL), -EREMOTEIO);
	KUNIT_EXPECT_NE(test, data0 & 0xffff, 0u);
	KUNIT_EXPECT_GT(test, xe->ct.g2h_msgs, g2h);
	KUNIT_EXPECT_GT(test, xe->memirq.guc2host, irqs);
	/* a request the GuC accepts: a deregistration of nothing fails too,
	 * so use a context disable, which also fails; both answered in order
	 */
	msg[0] = xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST, XE_GUC_ACTION_DEREGISTER_CONTEXT, 0);
	msg[1] = 0;
	KUNIT_EXPECT_EQ(test, xevf_guc_ct_send_recv(xe, msg, DEREGISTER_CONTEXT_MSG_LEN,
						    NULL, NULL), -EREMOTEIO);
	/* bad lengths never reach the ring */
	KUNIT_EXPECT_EQ(test, xevf_guc_ct_send(xe, msg, 0, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, xevf_guc_ct_send(xe, msg, GUC_CTB_MAX_DWORDS + 1, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, xe->ct.g2h_unexpected, 0ull);
}

/* unbinds the VF driver from a slot, as "echo xeslotN > .../unbind" does */
struct xevf_bringup_unbind {
	struct work_struct work;
	char slot[32];
	ssize_t ret;
};

static void xevf_bringup_unbind_work(struct work_struct *work)
{
	struct xevf_bringup_unbind *u = container_of(work, struct xevf_bringup_unbind, work);
	struct file *f = filp_open("/sys/bus/xesim/drivers/xevf/unbind", O_WRONLY, 0);
	loff_t pos = 0;

	if (IS_ERR(f)) {
		u->ret = PTR_ERR(f);
		return;
	}
	u->ret = kernel_write(f, u->slot, strlen(u->slot), &pos);
	filp_close(f, NULL);
}

/*
 * A file that closes while the driver unbinds may be inside a section it
 * entered with xevf_device_hw_enter() (deregistering a context) when the unbind
 * frees the CT buffer: its send must fail with -ENODEV, not touch the
 * buffer. The test is that file: it holds the section, so the unbind frees
 * the channel and then waits for it, and sends.
 */
static void xevf_bringup_test_unbind_ct(struct kunit *test)
{
	u32 msg[SCHED_CONTEXT_MSG_LEN] = {
		xevf_guc_hxg_request(GUC_HXG_TYPE_FAST_REQUEST, XE_GUC_ACTION_SCHED_CONTEXT, 0),
		0,
	};
	struct xevf_bringup_unbind u = {};
	struct xevf_test_env *env;
	struct xevf_device *xe;
	bool freed = false, entered;
	int err = 0, i;

	env = xevf_test_env_up(test);
	xe = env->xe;
	/* the device's memory outlives the unbind while this reference is held */
	drm_dev_get(&xe->drm);
	snprintf(u.slot, sizeof(u.slot), "xeslot%u", env->slot_id);
	INIT_WORK(&u.work, xevf_bringup_unbind_work);
	KUNIT_ASSERT_TRUE(test, xevf_device_hw_enter(xe));
	queue_work(system_unbound_wq, &u.work);
	for (i = 0; i < 500 && !freed; i++) {
		msleep(20);
		freed = !READ_ONCE(xe->ct.kbo);
	}
	if (freed)
		err = xevf_guc_ct_send(xe, msg, ARRAY_SIZE(msg), 0, NULL);
	xevf_device_hw_exit(xe);
	flush_work(&u.work);

	KUNIT_EXPECT_TRUE_MSG(test, freed, "the unbind did not free the CT buffer");
	KUNIT_EXPECT_EQ(test, err, -ENODEV);
	KUNIT_EXPECT_EQ(test, u.ret, (ssize_t)strlen(u.slot));
	KUNIT_EXPECT_FALSE(test, READ_ONCE(xe->ct.enabled));
	/* and once the unbind is over, nothing enters the device any more */
	entered = xevf_device_hw_enter(xe);
	if (entered)
		xevf_device_hw_exit(xe);
	KUNIT_EXPECT_FALSE(test, entered);
	drm_dev_put(&xe->drm);
}

/*
 * A GuC-reported channel error is seen at once, not as a response timeout:
 * the host corrupts its H2G descriptor (moves the head, which only the GuC
 * writes), the GuC flags MISMATCH in the descriptor's status and answers
 * nothing; the waiting request fails with -EPIPE, and so does the next send.
 */
static void xevf_bringup_test_ct_desc_error(struct kunit *test)
{
	u32 msg[DEREGISTER_CONTEXT_MSG_LEN] = {
		xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST, XE_GUC_ACTION_DEREGISTER_CONTEXT, 0),
		0,
	};
	struct xevf_test_env *env = xevf_test_env_up(test);
	struct xevf_device *xe = env->xe;
	__le32 *head = xe->ct.kbo->vaddr + GUC_CTB_DESC_HEAD;

	WRITE_ONCE(*head, cpu_to_le32(le32_to_cpu(READ_ONCE(*head)) + 1));
	KUNIT_EXPECT_EQ(test, xevf_guc_ct_send_recv(xe, msg, ARRAY_SIZE(msg), NULL, NULL),
			-EPIPE);
	KUNIT_EXPECT_EQ(test, xe->ct.desc_errors, 1ull);
	KUNIT_EXPECT_TRUE(test, xe->ct.broken);
	KUNIT_EXPECT_EQ(test, xevf_guc_ct_send(xe, msg, ARRAY_SIZE(msg), 0, NULL), -EPIPE);
}

static struct kunit_case xevf_bringup_test_cases[] = {
	KUNIT_CASE_SLOW(xevf_bringup_test_config),
	KUNIT_CASE_SLOW(xevf_bringup_test_relay_errors),
	KUNIT_CASE_SLOW(xevf_bringup_test_ggtt),
	KUNIT_CASE_SLOW(xevf_bringup_test_ct),
	KUNIT_CASE_SLOW(xevf_bringup_test_unbind_ct),
	KUNIT_CASE_SLOW(xevf_bringup_test_ct_desc_error),
	{}
};

static struct kunit_suite xevf_bringup_test_suite = {
	.name = "xevf_bringup",
	.test_cases = xevf_bringup_test_cases,
};

kunit_test_suite(xevf_bringup_test_suite);
