// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the PF driver on a live xesim GPU: binding, VF enabling and
 * provisioning through the GuC model, GGTT base overrides.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/workqueue.h>

#include <abi/guc_actions_abi.h>
#include <abi/guc_klvs_abi.h>
#include <abi/guc_relay_abi.h>
#include <abi/xe_regs_abi.h>
#include <xesim_driver.h>
#include <xesim_kunit.h>

#include "xepf_pf.h"
#include "xepf_sriov_control.h"
#include "xepf_sriov_migration.h"
#include "xepf_test_guest.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(XESIM);

static struct xepf_pf *xepf_pf_test_gpu(struct kunit *test)
{
	struct xepf_pf *pf;

	KUNIT_ASSERT_EQ(test, xesim_kunit_add_gpu(test, "7 ggtt=64M vram=16M max_vfs=4 revid=2"),
			0);
	pf = xepf_pf_find("xesim7");
	KUNIT_ASSERT_NOT_NULL(test, pf);
	KUNIT_EXPECT_EQ(test, pf->info.total_vfs, 4);
	KUNIT_EXPECT_EQ(test, pf->info.revision, 2);
	return pf;
}

static void xepf_pf_test_expect_vf(struct kunit *test, struct xepf_pf *pf,
				   unsigned int vfid)
{
	struct xesim_vf_config got;

	KUNIT_ASSERT_EQ(test, xesim_pf_query_vf(pf->xdev, vfid, &got), 0);
	KUNIT_EXPECT_EQ(test, got.ggtt_start, pf->cfgs[vfid - 1].ggtt_start);
	KUNIT_EXPECT_EQ(test, got.ggtt_size, pf->cfgs[vfid - 1].ggtt_size);
	KUNIT_EXPECT_EQ(test, got.lmem_size, pf->cfgs[vfid - 1].lmem_size);
}

/*
 * What VF @vfid's guest learns of its provisioning: VF2GUC_QUERY_SINGLE_KLV
 * of @key over the VF's MMIO relay, from a guest slot on the VF.
 */
static u64 xepf_pf_test_query(struct kunit *test, struct xesim_slot *guest,
			      u32 key)
{
	const u32 req[VF2GUC_QUERY_SINGLE_KLV_REQUEST_MSG_LEN] = {
		FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_REQUEST) |
		FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION,
			   GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV),
		FIELD_PREP(VF2GUC_QUERY_SINGLE_KLV_REQUEST_MSG_1_KEY, key),
	};
	struct xesim_device *xdev = xesim_kunit_slot_device(guest);
	u32 hdr, lo = 0, hi = 0;

	hdr = xepf_test_guest_relay(test, guest, req, ARRAY_SIZE(req));
	KUNIT_ASSERT_EQ(test, xesim_read32(xdev, VF_SW_FLAG(1), &lo), 0);
	if (FIELD_GET(VF2GUC_QUERY_SINGLE_KLV_RESPONSE_MSG_0_LENGTH, hdr) > 1)
		KUNIT_ASSERT_EQ(test, xesim_read32(xdev, VF_SW_FLAG(2), &hi), 0);
	return (u64)hi << 32 | lo;
}

/* the VF's own view of its provisioning is what the PF gave it */
static void xepf_pf_test_expect_guest_view(struct kunit *test,
					   struct xepf_pf *pf,
					   unsigned int vfid)
{
	const struct xepf_vf_config *cfg = &pf->cfgs[vfid - 1];
	struct xesim_slot *guest;

	guest = xesim_kunit_add_slot(test, 1200 + vfid, "xepf_test_no_driver");
	KUNIT_ASSERT_FALSE(test, IS_ERR(guest));
	KUNIT_ASSERT_EQ(test, xesim_kunit_slot_attach(guest, 7, vfid), 0);
	KUNIT_EXPECT_EQ(test, xepf_pf_test_query(test, guest,
						 GUC_KLV_VF_CFG_GGTT_START_KEY),
			cfg->ggtt_start);
	KUNIT_EXPECT_EQ(test, xepf_pf_test_query(test, guest,
						 GUC_KLV_VF_CFG_GGTT_SIZE_KEY),
			cfg->ggtt_size);
	KUNIT_EXPECT_EQ(test, xepf_pf_test_query(test, guest,
						 GUC_KLV_VF_CFG_LMEM_SIZE_KEY),
			cfg->lmem_size);
	KUNIT_EXPECT_GT(test, cfg->num_ctxs, 0);
	KUNIT_EXPECT_EQ(test, xepf_pf_test_query(test, guest,
						 GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY),
			(u64)cfg->num_ctxs);
	KUNIT_EXPECT_GT(test, cfg->num_dbs, 0);
	KUNIT_EXPECT_EQ(test, xepf_pf_test_query(test, guest,
						 GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY),
			(u64)cfg->num_dbs);
	xesim_kunit_release_slot(test, guest);
}

static void xepf_pf_test_provision(struct kunit *test)
{
	struct xepf_pf *pf = xepf_pf_test_gpu(test);
	struct xesim_vf_config got;
	struct xesim_info info;

	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(pf, 2), 2);
	KUNIT_EXPECT_EQ(test, xepf_pf_sriov_configure(pf, 1), -EBUSY);
	KUNIT_ASSERT_EQ(test, xesim_get_info(pf->xdev, &info), 0);
	KUNIT_EXPECT_EQ(test, info.num_vfs, 2);
	/* the GuC applied what the PF sent: the device has it */
	xepf_pf_test_expect_vf(test, pf, 1);
	xepf_pf_test_expect_vf(test, pf, 2);
	xepf_pf_test_expect_guest_view(test, pf, 1);
	xepf_pf_test_expect_guest_view(test, pf, 2);
	/* contexts and doorbells: each VF its own share */
	KUNIT_EXPECT_GE(test, pf->cfgs[1].begin_ctx,
			pf->cfgs[0].begin_ctx + pf->cfgs[0].num_ctxs);
	KUNIT_EXPECT_GE(test, pf->cfgs[1].begin_db,
			pf->cfgs[0].begin_db + pf->cfgs[0].num_dbs);
	KUNIT_EXPECT_EQ(test, pf->cfgs[0].lmem_size, (u64)SZ_8M);
	KUNIT_EXPECT_GE(test, pf->cfgs[0].ggtt_start, (u64)SZ_64K);
	KUNIT_EXPECT_EQ(test, pf->cfgs[1].ggtt_start,
			pf->cfgs[0].ggtt_start + pf->cfgs[0].ggtt_size);

	/* disabling resets the configuration */
	KUNIT_EXPECT_EQ(test, xepf_pf_sriov_configure(pf, 0), 0);
	KUNIT_ASSERT_EQ(test, xesim_pf_query_vf(pf->xdev, 1, &got), 0);
	KUNIT_EXPECT_EQ(test, got.ggtt_size, 0);
	KUNIT_EXPECT_EQ(test, got.lmem_size, 0);
	KUNIT_EXPECT_EQ(test, xepf_pf_sriov_configure(pf, 5), -ERANGE);
}

static void xepf_pf_test_override(struct kunit *test)
{
	struct xepf_pf *pf = xepf_pf_test_gpu(test);
	u64 base, size;

	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(pf, 2), 2);
	base = pf->cfgs[1].ggtt_start;
	size = pf->cfgs[1].ggtt_size;
	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(pf, 0), 0);

	/* VF2 in the range of VF4: another base, same size */
	KUNIT_ASSERT_EQ(test, xepf_pf_set_ggtt_start(pf, 2, base + 2 * size), 0);
	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(pf, 2), 2);
	KUNIT_EXPECT_EQ(test, pf->cfgs[1].ggtt_start, base + 2 * size);
	KUNIT_EXPECT_EQ(test, pf->cfgs[1].ggtt_size, size);
	xepf_pf_test_expect_vf(test, pf, 2);
	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(pf, 0), 0);

	/* onto VF1: refused, nothing enabled */
	KUNIT_ASSERT_EQ(test, xepf_pf_set_ggtt_start(pf, 2, base - SZ_64K), 0);
	KUNIT_EXPECT_EQ(test, xepf_pf_sriov_configure(pf, 2), -EBUSY);
	KUNIT_EXPECT_EQ(test, pf->num_vfs, 0u);
	/* into the PF's part */
	KUNIT_ASSERT_EQ(test, xepf_pf_set_ggtt_start(pf, 2, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, xepf_pf_sriov_configure(pf, 2), -ERANGE);
	KUNIT_ASSERT_EQ(test, xepf_pf_set_ggtt_start(pf, 2, 0), 0);
	KUNIT_EXPECT_EQ(test, xepf_pf_sriov_configure(pf, 2), 2);
}

struct ggtt_start_job {
	struct xepf_pf *pf;
	struct completion started;
	struct completion exited;
	int err;
	bool done;
};

static int ggtt_start_job(void *data)
{
	struct ggtt_start_job *j = data;

	complete(&j->started);
	j->err = xepf_pf_set_ggtt_start(j->pf, 1, SZ_1M);
	WRITE_ONCE(j->done, true);
	complete(&j->exited);
	return 0;
}

/* the GGTT start is never changed under an enabling that reads it */
static void xepf_pf_test_ggtt_start_locked(struct kunit *test)
{
	struct xepf_pf *pf = xepf_pf_test_gpu(test);
	struct ggtt_start_job j = { .pf = pf, .err = 1 };
	struct task_struct *t;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, xepf_pf_set_ggtt_start(pf, 0, SZ_1M), -EINVAL);
	KUNIT_EXPECT_EQ(test, xepf_pf_set_ggtt_start(pf, 5, SZ_1M), -EINVAL);

	init_completion(&j.started);
	init_completion(&j.exited);
	mutex_lock(&pf->lock);
	t = kthread_run(ggtt_start_job, &j, "xepf_test_ggtt");
	if (IS_ERR(t)) {
		mutex_unlock(&pf->lock);
		KUNIT_FAIL(test, "kthread_run: %pe", t);
		return;
	}
	/*
	 * Once started, the setter can sleep only on the PF's lock: wait until
	 * it does (polling off the CPU, so that it stops spinning on the
	 * lock's owner), then it must not have changed anything.
	 */
	wait_for_completion(&j.started);
	for (i = 0; i < 100000 && READ_ONCE(t->__state) != TASK_UNINTERRUPTIBLE &&
	     !READ_ONCE(j.done); i++)
		usleep_range(50, 100);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->__state), TASK_UNINTERRUPTIBLE);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(j.done));
	KUNIT_EXPECT_EQ(test, pf->ggtt_override[0], 0);
	mutex_unlock(&pf->lock);
	wait_for_completion(&j.exited);
	KUNIT_EXPECT_TRUE(test, j.done);
	KUNIT_EXPECT_EQ(test, j.err, 0);
	KUNIT_EXPECT_EQ(test, pf->ggtt_override[0], (u64)SZ_1M);
	KUNIT_EXPECT_EQ(test, xepf_pf_set_ggtt_start(pf, 1, 0), 0);
}

static void xepf_pf_test_control(struct kunit *test)
{
	struct xepf_pf *pf = xepf_pf_test_gpu(test);
	struct xepf_control *ctl = &pf->ctl;

	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(pf, 2), 2);
	/* PAUSE_DONE and FLR_DONE come from the GuC model over CT */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(ctl, 1), 0);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(ctl, 1, XEPF_VF_PAUSED));
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(ctl, 1), -ESTALE);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_stop_vf(ctl, 2), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(ctl, 2), -EPERM);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(ctl, 2), 0);
	KUNIT_EXPECT_FALSE(test, xepf_sriov_control_vf_has(ctl, 2, XEPF_VF_STOPPED));
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(ctl, 1), 0);
	KUNIT_EXPECT_FALSE(test, xepf_sriov_control_vf_has(ctl, 1, XEPF_VF_PAUSED));
	KUNIT_EXPECT_FALSE(test, xepf_sriov_control_vf_has(ctl, 1,
							   XEPF_VF_MISMATCH));
	/* after the FLR the VF can be paused again */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(ctl, 1), 0);
}

static const char *xepf_pf_test_state(struct kunit *test, struct xepf_pf *pf,
				      unsigned int vfid)
{
	char *buf = kunit_kzalloc(test, 256, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_GT(test, xepf_sriov_control_state_str(&pf->ctl, vfid, buf, 256),
			0);
	return buf;
}

static void xepf_pf_test_verbs(struct kunit *test)
{
	struct xepf_pf *pf = xepf_pf_test_gpu(test);

	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(pf, 1), 1);
	KUNIT_EXPECT_STREQ(test, xepf_pf_test_state(test, pf, 1), "ready");
	KUNIT_EXPECT_EQ(test, xepf_pf_control_verb(pf, 1, "pause\n"), 0);
	KUNIT_EXPECT_STREQ(test, xepf_pf_test_state(test, pf, 1), "paused");
	KUNIT_EXPECT_EQ(test, xepf_pf_control_verb(pf, 1, " pause "), -ESTALE);
	KUNIT_EXPECT_EQ(test, xepf_pf_control_verb(pf, 1, "jump"), -EINVAL);
	KUNIT_EXPECT_EQ(test, xepf_pf_control_verb(pf, 1, "pausepausepause!"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xepf_pf_control_verb(pf, 1, "resume"), 0);
	KUNIT_EXPECT_STREQ(test, xepf_pf_test_state(test, pf, 1), "resumed");
	KUNIT_EXPECT_EQ(test, xepf_pf_control_verb(pf, 1, "stop"), 0);
	KUNIT_EXPECT_STREQ(test, xepf_pf_test_state(test, pf, 1), "stopped");
	KUNIT_EXPECT_EQ(test, xepf_pf_control_verb(pf, 1, "reset"), 0);
	KUNIT_EXPECT_STREQ(test, xepf_pf_test_state(test, pf, 1), "ready");
	KUNIT_EXPECT_EQ(test, xepf_pf_control_verb(pf, 2, "pause"), -ENODEV);
	KUNIT_EXPECT_EQ(test, xepf_pf_control_verb(pf, 0, "pause"), -ENODEV);
}

/*
 * A VF driver standing for the VFIO driver and its VMM: the VMM makes one
 * more call on the VF while the VF is being removed, and the removal waits
 * for it, as vfio_unregister_group_dev() waits for the VMM's descriptors.
 */
struct vmm_drv {
	struct xesim_driver drv;
	struct xepf_pf *pf;
	struct xesim_device *vf1;
	unsigned int probed;
	struct work_struct call;
	struct completion called;
	bool in_time;
	int size_err;
	int save_err;
	int pause_err;
};

static struct vmm_drv *vmm_drv;

static int vmm_probe(struct xesim_device *xdev)
{
	struct xesim_info info;

	if (!xesim_get_info(xdev, &info) && info.vfid == 1)
		vmm_drv->vf1 = xdev;
	vmm_drv->probed++;
	return 0;
}

static void vmm_call(struct work_struct *work)
{
	struct vmm_drv *v = container_of(work, struct vmm_drv, call);
	struct xepf_mig_owner o = {};
	u64 size;

	v->size_err = xepf_sriov_migration_size(v->pf, 1, &size);
	v->save_err = xepf_sriov_migration_save_begin(v->pf, 1, &o);
	if (!v->save_err)
		xepf_sriov_migration_save_end(v->pf, 1, &o);
	v->pause_err = xepf_pf_control_verb(v->pf, 1, "pause");
	complete(&v->called);
}

static void vmm_remove(struct xesim_device *xdev)
{
	struct vmm_drv *v = vmm_drv;

	if (xdev != v->vf1)
		return;
	schedule_work(&v->call);
	v->in_time = wait_for_completion_timeout(&v->called,
						 msecs_to_jiffies(3000));
}

static void vmm_unregister(void *data)
{
	struct vmm_drv *v = data;

	xesim_driver_unregister(&v->drv);
	flush_work(&v->call);
	vmm_drv = NULL;
}

/* disabling VFs holds no PF lock that a VMM's last calls would need */
static void xepf_pf_test_disable_vmm(struct kunit *test)
{
	struct xepf_pf *pf = xepf_pf_test_gpu(test);
	struct xesim_vf_config got;
	struct vmm_drv *v;

	v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v);
	v->pf = pf;
	v->drv.driver.name = "xepf_test_vmm";
	v->drv.type = XESIM_DEVICE_VF;
	v->drv.probe = vmm_probe;
	v->drv.remove = vmm_remove;
	v->size_err = 1;
	v->save_err = 1;
	v->pause_err = 1;
	INIT_WORK(&v->call, vmm_call);
	init_completion(&v->called);
	vmm_drv = v;
	KUNIT_ASSERT_EQ(test, xesim_driver_register(&v->drv), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vmm_unregister, v),
			0);

	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(pf, 2), 2);
	if (v->probed != 2 || !v->vf1)
		kunit_skip(test, "the VFs went to another driver");
	/* a paused VF: the disabling's FLR makes it ready */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&pf->ctl, 1), 0);

	KUNIT_EXPECT_EQ(test, xepf_pf_sriov_configure(pf, 0), 0);
	flush_work(&v->call);
	KUNIT_EXPECT_TRUE_MSG(test, v->in_time,
			      "the VMM's call waited for the disabling");
	KUNIT_EXPECT_EQ(test, v->size_err, -ENODEV);
	KUNIT_EXPECT_EQ(test, v->save_err, -ENODEV);
	KUNIT_EXPECT_EQ(test, v->pause_err, -ENODEV);

	KUNIT_EXPECT_EQ(test, pf->num_vfs, 0u);
	KUNIT_EXPECT_FALSE(test, pf->disabling);
	KUNIT_EXPECT_STREQ(test, xepf_pf_test_state(test, pf, 1), "ready");
	KUNIT_ASSERT_EQ(test, xesim_pf_query_vf(pf->xdev, 1, &got), 0);
	KUNIT_EXPECT_EQ(test, got.ggtt_size, 0);
	/* and the VFs can be enabled again */
	KUNIT_EXPECT_EQ(test, xepf_pf_sriov_configure(pf, 1), 1);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&pf->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_pf_sriov_configure(pf, 0), 0);
}

static struct kunit_case xepf_pf_cases[] = {
	KUNIT_CASE(xepf_pf_test_provision),
	KUNIT_CASE(xepf_pf_test_override),
	KUNIT_CASE(xepf_pf_test_ggtt_start_locked),
	KUNIT_CASE(xepf_pf_test_control),
	KUNIT_CASE(xepf_pf_test_verbs),
	KUNIT_CASE(xepf_pf_test_disable_vmm),
	{}
};

static struct kunit_suite xepf_pf_suite = {
	.name = "xepf_pf",
	.test_cases = xepf_pf_cases,
};

kunit_test_suite(xepf_pf_suite);
