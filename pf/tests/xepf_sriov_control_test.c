// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VF control state machine against a fake GuC: every
 * arc, every refusal, timeouts, failures and unexpected events.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/workqueue.h>

#include <abi/guc_actions_abi.h>

#include "xepf_sriov_control.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define NVFS	3

struct fake_guc {
	struct xepf_control ctl;
	u32 cmds[32];
	unsigned int ncmds;
	int fail[GUC_PF_TRIGGER_VF_FLR_FINISH + 1];
	bool answer;		/* send PAUSE_DONE / FLR_DONE at once */
	int cleanup_err;
	unsigned int cleanups;
	unsigned int prepares;
	unsigned int prepared_at;	/* commands sent before the last */
	int resume_check_err;
	unsigned int resume_checks;
};

static int fake_vf_control(void *priv, unsigned int vfid, u32 cmd)
{
	struct fake_guc *g = priv;

	if (g->ncmds < ARRAY_SIZE(g->cmds))
		g->cmds[g->ncmds++] = cmd;
	if (g->fail[cmd])
		return g->fail[cmd];
	/* as the GuC does: the event may come before the reply */
	if (g->answer && cmd == GUC_PF_TRIGGER_VF_PAUSE)
		xepf_sriov_control_notify(&g->ctl, vfid, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	if (g->answer && cmd == GUC_PF_TRIGGER_VF_FLR_START)
		xepf_sriov_control_notify(&g->ctl, vfid, GUC_PF_NOTIFY_VF_FLR_DONE);
	return 0;
}

static void fake_flr_prepare(void *priv, unsigned int vfid)
{
	struct fake_guc *g = priv;

	g->prepares++;
	g->prepared_at = g->ncmds;
}

static int fake_flr_cleanup(void *priv, unsigned int vfid)
{
	struct fake_guc *g = priv;

	g->cleanups++;
	return g->cleanup_err;
}

static int fake_resume_check(void *priv, unsigned int vfid)
{
	struct fake_guc *g = priv;

	g->resume_checks++;
	return g->resume_check_err;
}

static const struct xepf_control_ops fake_ops = {
	.vf_control = fake_vf_control,
	.flr_prepare = fake_flr_prepare,
	.flr_cleanup = fake_flr_cleanup,
	.resume_check = fake_resume_check,
};

static void fake_guc_fini(void *data)
{
	struct fake_guc *g = data;

	xepf_sriov_control_fini(&g->ctl);
}

static struct fake_guc *fake_guc(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "xepf-ctl-test");
	struct fake_guc *g;

	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, g);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_init(&g->ctl, dev, NVFS, &fake_ops,
						      g), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_guc_fini,
							g), 0);
	g->ctl.pause_timeout_ms = 100;
	g->ctl.flr_timeout_ms = 100;
	g->answer = true;
	return g;
}

static bool has(struct fake_guc *g, unsigned int vfid,
		enum xepf_vf_state_bit bit)
{
	return xepf_sriov_control_vf_has(&g->ctl, vfid, bit);
}

static const char *state(struct kunit *test, struct fake_guc *g,
			 unsigned int vfid)
{
	char *buf = kunit_kzalloc(test, 512, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_GT(test, xepf_sriov_control_state_str(&g->ctl, vfid, buf, 512),
			0);
	return buf;
}

static void xepf_control_test_pause_resume(struct kunit *test)
{
	struct fake_guc *g = fake_guc(test);

	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "ready");
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_TRUE(test, has(g, 1, XEPF_VF_PAUSED));
	KUNIT_EXPECT_FALSE(test, has(g, 1, XEPF_VF_PAUSE_WIP));
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "paused");
	KUNIT_EXPECT_STREQ(test, state(test, g, 2), "ready");
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_FALSE(test, has(g, 1, XEPF_VF_PAUSED));
	KUNIT_EXPECT_TRUE(test, has(g, 1, XEPF_VF_RESUMED));
	KUNIT_ASSERT_EQ(test, g->ncmds, 2u);
	KUNIT_EXPECT_EQ(test, g->cmds[0], GUC_PF_TRIGGER_VF_PAUSE);
	KUNIT_EXPECT_EQ(test, g->cmds[1], GUC_PF_TRIGGER_VF_RESUME);
	/* and again: RESUMED is no obstacle */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_FALSE(test, has(g, 1, XEPF_VF_RESUMED));
}

static void xepf_control_test_refusals(struct kunit *test)
{
	struct fake_guc *g = fake_guc(test);

	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, NVFS + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, NVFS + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), -EPERM);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_save_begin(&g->ctl, 1), -EPERM);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 1), -EPERM);
	KUNIT_EXPECT_EQ(test, g->ncmds, 0u);

	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), -ESTALE);
	KUNIT_EXPECT_EQ(test, g->ncmds, 1u);

	/* stopped: only an FLR helps */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_stop_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_TRUE(test, has(g, 1, XEPF_VF_STOPPED));
	KUNIT_EXPECT_FALSE(test, has(g, 1, XEPF_VF_PAUSED));
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_stop_vf(&g->ctl, 1), -ESTALE);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), -EPERM);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), -EPERM);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_save_begin(&g->ctl, 1), -EPERM);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 1), -EPERM);
	KUNIT_EXPECT_EQ(test, g->ncmds, 2u);
	KUNIT_EXPECT_EQ(test, g->cmds[1], GUC_PF_TRIGGER_VF_STOP);

	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "ready");
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);

	/* a stop of a running VF */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_stop_vf(&g->ctl, 2), 0);
	KUNIT_EXPECT_STREQ(test, state(test, g, 2), "stopped");
}

static void xepf_control_test_windows(struct kunit *test)
{
	struct fake_guc *g = fake_guc(test);

	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_save_begin(&g->ctl, 1), 0);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "paused save_wip");
	/* nothing else while saving */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_save_begin(&g->ctl, 1), -EBUSY);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 1), -EBUSY);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), -EBUSY);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), -EBUSY);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_stop_vf(&g->ctl, 1), -EBUSY);
	xepf_sriov_control_save_end(&g->ctl, 1, 0);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "paused saved");
	/* an end without a begin changes nothing */
	xepf_sriov_control_save_end(&g->ctl, 1, -EIO);
	KUNIT_EXPECT_FALSE(test, has(g, 1, XEPF_VF_SAVE_FAILED));

	KUNIT_EXPECT_EQ(test, xepf_sriov_control_save_begin(&g->ctl, 1), 0);
	xepf_sriov_control_save_end(&g->ctl, 1, -EFAULT);
	KUNIT_EXPECT_TRUE(test, has(g, 1, XEPF_VF_SAVE_FAILED));
	KUNIT_EXPECT_FALSE(test, has(g, 1, XEPF_VF_SAVED));

	/* a good restore, then resume */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), -EBUSY);
	xepf_sriov_control_restore_end(&g->ctl, 1, 0);
	KUNIT_EXPECT_TRUE(test, has(g, 1, XEPF_VF_RESTORED));
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_FALSE(test, has(g, 1, XEPF_VF_RESTORED));

	/* a failed restore: the VF stays paused until an FLR */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 1), 0);
	xepf_sriov_control_restore_end(&g->ctl, 1, -EBADMSG);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "paused restore_failed");
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), -EIO);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 1), -EIO);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "ready");
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 1), 0);
	xepf_sriov_control_restore_end(&g->ctl, 1, 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), 0);
}

/* a VF whose state the PF does not know is neither saved nor restored */
static void xepf_control_test_windows_unknown(struct kunit *test)
{
	struct fake_guc *g = fake_guc(test);

	/* paused, then an FLR that the GuC refuses: still PAUSED */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	g->fail[GUC_PF_TRIGGER_VF_FLR_START] = -EIO;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 1), -EIO);
	g->fail[GUC_PF_TRIGGER_VF_FLR_START] = 0;
	KUNIT_ASSERT_STREQ(test, state(test, g, 1), "flr_failed paused");
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_save_begin(&g->ctl, 1), -EIO);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 1), -EIO);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "flr_failed paused");

	/* paused, then an event the PF did not ask for */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 2), 0);
	xepf_sriov_control_notify(&g->ctl, 2, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	KUNIT_ASSERT_STREQ(test, state(test, g, 2), "paused mismatch");
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_save_begin(&g->ctl, 2), -EPROTO);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 2), -EPROTO);
	KUNIT_EXPECT_STREQ(test, state(test, g, 2), "paused mismatch");

	/* an FLR that succeeds makes both usable again */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 2), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 2), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_save_begin(&g->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 2), 0);
}

/* the PF checks a restored VF before it first runs */
static void xepf_control_test_resume_check(struct kunit *test)
{
	struct fake_guc *g = fake_guc(test);

	/* no restore, no check */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, g->resume_checks, 0u);

	/* a check that passes */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 1), 0);
	xepf_sriov_control_restore_end(&g->ctl, 1, 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, g->resume_checks, 1u);

	/* one that fails: the restore failed, the VF stays paused */
	g->ncmds = 0;
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_restore_begin(&g->ctl, 1), 0);
	xepf_sriov_control_restore_end(&g->ctl, 1, 0);
	g->resume_check_err = -EACCES;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), -EACCES);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "paused restore_failed");
	KUNIT_EXPECT_EQ(test, g->ncmds, 1u);	/* no resume sent */
	g->resume_check_err = 0;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), -EIO);
	KUNIT_EXPECT_EQ(test, g->resume_checks, 2u);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "ready");
}

static void xepf_control_test_pause_timeout(struct kunit *test)
{
	struct fake_guc *g = fake_guc(test);

	g->answer = false;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), -ETIMEDOUT);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "pause_failed");
	/* the late event is no pause done */
	xepf_sriov_control_notify(&g->ctl, 1, GUC_PF_NOTIFY_VF_PAUSE_DONE);
	KUNIT_EXPECT_TRUE(test, has(g, 1, XEPF_VF_MISMATCH));
	KUNIT_EXPECT_FALSE(test, has(g, 1, XEPF_VF_PAUSED));
	/* a new pause may try again */
	g->answer = true;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);
	KUNIT_EXPECT_FALSE(test, has(g, 1, XEPF_VF_PAUSE_FAILED));
}

static void xepf_control_test_guc_errors(struct kunit *test)
{
	struct fake_guc *g = fake_guc(test);

	g->fail[GUC_PF_TRIGGER_VF_PAUSE] = -EIO;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), -EIO);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "pause_failed");
	g->fail[GUC_PF_TRIGGER_VF_PAUSE] = 0;
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 1), 0);

	g->fail[GUC_PF_TRIGGER_VF_RESUME] = -EPROTO;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), -EPROTO);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "paused resume_failed");
	g->fail[GUC_PF_TRIGGER_VF_RESUME] = 0;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&g->ctl, 1), 0);

	g->fail[GUC_PF_TRIGGER_VF_STOP] = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_stop_vf(&g->ctl, 1), -ETIMEDOUT);
	KUNIT_EXPECT_TRUE(test, has(g, 1, XEPF_VF_STOP_FAILED));
	KUNIT_EXPECT_FALSE(test, has(g, 1, XEPF_VF_STOPPED));

	/* FLR: start refused, cleanup failed, finish refused, no answer */
	g->fail[GUC_PF_TRIGGER_VF_FLR_START] = -EIO;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 2), -EIO);
	KUNIT_EXPECT_STREQ(test, state(test, g, 2), "flr_failed");
	g->fail[GUC_PF_TRIGGER_VF_FLR_START] = 0;

	g->cleanup_err = -ENOMEM;
	g->ncmds = 0;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 2), -ENOMEM);
	KUNIT_EXPECT_EQ(test, g->ncmds, 1u);	/* no FLR finish */
	g->cleanup_err = 0;

	g->fail[GUC_PF_TRIGGER_VF_FLR_FINISH] = -EINVAL;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 2), -EINVAL);
	KUNIT_EXPECT_TRUE(test, has(g, 2, XEPF_VF_FLR_FAILED));
	g->fail[GUC_PF_TRIGGER_VF_FLR_FINISH] = 0;

	g->answer = false;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 2), -ETIMEDOUT);
	KUNIT_EXPECT_STREQ(test, state(test, g, 2), "flr_failed");
	g->answer = true;
	g->ncmds = 0;
	g->cleanups = 0;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 2), 0);
	KUNIT_EXPECT_STREQ(test, state(test, g, 2), "ready");
	KUNIT_ASSERT_EQ(test, g->ncmds, 2u);
	KUNIT_EXPECT_EQ(test, g->cmds[0], GUC_PF_TRIGGER_VF_FLR_START);
	KUNIT_EXPECT_EQ(test, g->cmds[1], GUC_PF_TRIGGER_VF_FLR_FINISH);
	KUNIT_EXPECT_EQ(test, g->cleanups, 1u);
	/* every FLR is prepared, the failed ones included */
	KUNIT_EXPECT_EQ(test, g->prepares, 5u);
	KUNIT_EXPECT_EQ(test, g->prepared_at, 0u);
	/* the other VF's outcome stays */
	KUNIT_EXPECT_TRUE(test, has(g, 1, XEPF_VF_STOP_FAILED));
}

static void xepf_control_test_guest_flr(struct kunit *test)
{
	struct fake_guc *g = fake_guc(test);

	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&g->ctl, 3), 0);
	xepf_sriov_control_notify(&g->ctl, 3, GUC_PF_NOTIFY_VF_FLR);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_wait_flr_done(&g->ctl, 3, 1000), 0);
	KUNIT_EXPECT_STREQ(test, state(test, g, 3), "ready");
	KUNIT_ASSERT_EQ(test, g->ncmds, 3u);
	KUNIT_EXPECT_EQ(test, g->cmds[1], GUC_PF_TRIGGER_VF_FLR_START);
	KUNIT_EXPECT_EQ(test, g->cmds[2], GUC_PF_TRIGGER_VF_FLR_FINISH);
	/* the PF prepared once, before the GuC heard of the FLR */
	KUNIT_EXPECT_EQ(test, g->prepares, 1u);
	KUNIT_EXPECT_EQ(test, g->prepared_at, 1u);

	/* one that the GuC never finishes */
	g->answer = false;
	xepf_sriov_control_notify(&g->ctl, 3, GUC_PF_NOTIFY_VF_FLR);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_wait_flr_done(&g->ctl, 3, 50),
			-ETIMEDOUT);
	KUNIT_EXPECT_TRUE(test, has(g, 3, XEPF_VF_FLR_WAIT_GUC));
	/* until it does */
	xepf_sriov_control_notify(&g->ctl, 3, GUC_PF_NOTIFY_VF_FLR_DONE);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_wait_flr_done(&g->ctl, 3, 1000), 0);
	KUNIT_EXPECT_STREQ(test, state(test, g, 3), "ready");
}

struct pause_job {
	struct work_struct work;
	struct fake_guc *g;
	int err;
};

static void pause_job(struct work_struct *work)
{
	struct pause_job *j = container_of(work, struct pause_job, work);

	j->err = xepf_sriov_control_pause_vf(&j->g->ctl, 1);
}

static void xepf_control_test_flr_overtakes(struct kunit *test)
{
	struct fake_guc *g = fake_guc(test);
	struct pause_job j = { .g = g, .err = 1 };
	unsigned int i;

	g->answer = false;
	g->ctl.pause_timeout_ms = 5000;
	INIT_WORK_ONSTACK(&j.work, pause_job);
	schedule_work(&j.work);
	for (i = 0; i < 500 && !has(g, 1, XEPF_VF_PAUSE_WAIT_GUC); i++)
		usleep_range(2000, 4000);
	KUNIT_ASSERT_TRUE(test, has(g, 1, XEPF_VF_PAUSE_WAIT_GUC));
	g->answer = true;
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 1), 0);
	flush_work(&j.work);
	destroy_work_on_stack(&j.work);
	KUNIT_EXPECT_EQ(test, j.err, -ECANCELED);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "ready");
}

static void xepf_control_test_events(struct kunit *test)
{
	struct fake_guc *g = fake_guc(test);

	xepf_sriov_control_notify(&g->ctl, 0, GUC_PF_NOTIFY_VF_ENABLE);
	xepf_sriov_control_notify(&g->ctl, NVFS + 1, GUC_PF_NOTIFY_VF_FLR);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "ready");
	xepf_sriov_control_notify(&g->ctl, 1, GUC_PF_NOTIFY_VF_FIXUP_DONE);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "ready");
	xepf_sriov_control_notify(&g->ctl, 1, GUC_PF_NOTIFY_VF_FLR_DONE);
	KUNIT_EXPECT_STREQ(test, state(test, g, 1), "mismatch");
	xepf_sriov_control_notify(&g->ctl, 2, 99);
	KUNIT_EXPECT_STREQ(test, state(test, g, 2), "mismatch");
	KUNIT_EXPECT_EQ(test, g->ncmds, 0u);
	/* an FLR clears it */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_reset_vf(&g->ctl, 2), 0);
	KUNIT_EXPECT_STREQ(test, state(test, g, 2), "ready");
}

static struct kunit_case xepf_sriov_control_cases[] = {
	KUNIT_CASE(xepf_control_test_pause_resume),
	KUNIT_CASE(xepf_control_test_refusals),
	KUNIT_CASE(xepf_control_test_windows),
	KUNIT_CASE(xepf_control_test_windows_unknown),
	KUNIT_CASE(xepf_control_test_resume_check),
	KUNIT_CASE(xepf_control_test_pause_timeout),
	KUNIT_CASE(xepf_control_test_guc_errors),
	KUNIT_CASE(xepf_control_test_guest_flr),
	KUNIT_CASE(xepf_control_test_flr_overtakes),
	KUNIT_CASE(xepf_control_test_events),
	{}
};

static struct kunit_suite xepf_sriov_control_suite = {
	.name = "xepf_sriov_control",
	.test_cases = xepf_sriov_control_cases,
};

kunit_test_suite(xepf_sriov_control_suite);
