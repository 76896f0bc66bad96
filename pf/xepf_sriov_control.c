// SPDX-License-Identifier: GPL-2.0
/*
 * VF control state machine of the PF: pause, resume, stop, FLR, and the
 * save and restore windows, driven by requests and by the GuC's events.
 */

#include <kunit/visibility.h>
#include <linux/bitmap.h>
#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <abi/guc_actions_abi.h>

#include "xepf_printk.h"
#include "xepf_sriov_control.h"

/**
 * DOC: xepf VF control state machine
 *
 * Each VF has a word of state bits (&enum xepf_vf_state_bit) rather than one
 * state value: a bit per thing in progress, per step still to do, and per
 * outcome, so that an FLR can overtake a pause, and the debugfs ``state``
 * file can show everything at once. Requests come from the VFIO driver and
 * from debugfs and wait for their outcome; the GuC's GUC2PF_VF_STATE_NOTIFY
 * events only set bits. The steps that talk to the GuC run in one worker,
 * for every VF, on an ordered workqueue: a step bit is set, the VF is marked
 * pending and the worker is queued::
 *
 *	               pause                        GuC PAUSE_DONE
 *	 (READY) ---> [PAUSE_WIP] SEND_PAUSE -> WAIT_GUC ---> GUC_DONE
 *	    ^                       |               |             |
 *	    |                  send failed      timeout           v
 *	    |                       o----> (PAUSE_FAILED) <-o  (PAUSED)
 *	    |                                                 |   |   |
 *	    |     resume: [RESUME_WIP] SEND_RESUME, clears    |   |   |
 *	    |     PAUSED and the save/restore outcomes        |   |   |
 *	    o----(RESUMED) <----------------------------------o   |   |
 *	                                                          |   |
 *	  save_begin/end: [SAVE_WIP] -> (SAVED) | (SAVE_FAILED) <-o   |
 *	  restore_begin/end: [RESTORE_WIP] -> (RESTORED)              |
 *	                                    | (RESTORE_FAILED) <------o
 *
 *	 any --stop--> [STOP_WIP] SEND_STOP --> (STOPPED) | (STOP_FAILED)
 *
 *	 any --reset, or GuC FLR--> [FLR_WIP] PREPARE: PF prepare, in the
 *	     VF's own work -> SEND_START: send
 *	     -> WAIT_GUC --GuC FLR_DONE--> GUC_DONE -> PF cleanup
 *	     -> SEND_FINISH --> (READY: every bit cleared) | (FLR_FAILED)
 *
 * Refusals, without a state change: a request while another request of
 * the VF is in progress gets -EBUSY; pause of a paused VF -ESTALE, of a
 * stopped one -EPERM; resume of a VF that is not paused, or stopped,
 * -EPERM, and after a failed restore -EIO; stop of a stopped VF -ESTALE;
 * save or restore of a VF that is not paused -EPERM, save or restore
 * after a failed restore -EIO (its VRAM may hold part of the refused
 * stream, which must neither run nor be exported), after a failed FLR -EIO
 * and after
 * an unexpected GuC event (MISMATCH) -EPROTO: the VF's state is unknown
 * until an FLR succeeds. A failed restore leaves the VF paused with
 * RESTORE_FAILED, which only an FLR clears: the VF never runs half-loaded
 * state; so does a failed resume check, which the PF runs before the first
 * resume after a restore. An FLR is always accepted: it cancels the pause,
 * resume or stop in progress (their waiters get -ECANCELED) and clears
 * every bit when done. Its first step is the PF's prepare hook, before the
 * GuC and the device reset anything: the PF ends the VF's save or restore
 * there, so that the windows are closed, and their streams gone, before
 * the VF is reset. The hook may wait for the VF's stream I/O in progress,
 * so it runs in the VF's own work item (FLR_PREPARE), never in the worker
 * that every VF's steps share: one tenant's slow stream holds up no other
 * VF's pause, resume, stop or FLR.
 *
 * Timeouts: a pause waits pause_timeout_ms for the GuC's PAUSE_DONE, a
 * reset flr_timeout_ms for FLR_DONE; then the step is cancelled, the
 * FAILED bit set, and the request fails with -ETIMEDOUT. An event that
 * arrives for no step waiting on it (late, or never asked for) sets
 * MISMATCH and is logged. An FLR the guest started (GuC event FLR) has no
 * waiter; the VFIO driver's reset waits for it with
 * xepf_sriov_control_wait_flr_done() and its own timeout.
 */

#define XEPF_PAUSE_TIMEOUT_MS	5000
#define XEPF_FLR_TIMEOUT_MS	5000

#define xepf_ctl_err(ctl, vfid, fmt, ...) \
	xepf_vf_err((ctl)->dev, vfid, "control", fmt, ##__VA_ARGS__)
#define xepf_ctl_dbg(ctl, vfid, fmt, ...) \
	xepf_vf_dbg((ctl)->dev, vfid, "control", fmt, ##__VA_ARGS__)

static const char *const xepf_vf_state_names[XEPF_VF_STATE_BITS] = {
	[XEPF_VF_FLR_WIP] = "flr_wip",
	[XEPF_VF_FLR_PREPARE] = "flr_prepare",
	[XEPF_VF_FLR_SEND_START] = "flr_send_start",
	[XEPF_VF_FLR_WAIT_GUC] = "flr_wait_guc",
	[XEPF_VF_FLR_GUC_DONE] = "flr_guc_done",
	[XEPF_VF_FLR_SEND_FINISH] = "flr_send_finish",
	[XEPF_VF_FLR_FAILED] = "flr_failed",
	[XEPF_VF_PAUSE_WIP] = "pause_wip",
	[XEPF_VF_PAUSE_SEND_PAUSE] = "pause_send_pause",
	[XEPF_VF_PAUSE_WAIT_GUC] = "pause_wait_guc",
	[XEPF_VF_PAUSE_GUC_DONE] = "pause_guc_done",
	[XEPF_VF_PAUSE_FAILED] = "pause_failed",
	[XEPF_VF_PAUSED] = "paused",
	[XEPF_VF_RESUME_WIP] = "resume_wip",
	[XEPF_VF_RESUME_SEND_RESUME] = "resume_send_resume",
	[XEPF_VF_RESUME_FAILED] = "resume_failed",
	[XEPF_VF_RESUMED] = "resumed",
	[XEPF_VF_STOP_WIP] = "stop_wip",
	[XEPF_VF_STOP_SEND_STOP] = "stop_send_stop",
	[XEPF_VF_STOP_FAILED] = "stop_failed",
	[XEPF_VF_STOPPED] = "stopped",
	[XEPF_VF_SAVE_WIP] = "save_wip",
	[XEPF_VF_SAVE_FAILED] = "save_failed",
	[XEPF_VF_SAVED] = "saved",
	[XEPF_VF_RESTORE_WIP] = "restore_wip",
	[XEPF_VF_RESTORE_FAILED] = "restore_failed",
	[XEPF_VF_RESTORED] = "restored",
	[XEPF_VF_MISMATCH] = "mismatch",
};

#define XEPF_VF_ANY_WIP	(BIT(XEPF_VF_FLR_WIP) | BIT(XEPF_VF_PAUSE_WIP) | \
			 BIT(XEPF_VF_RESUME_WIP) | BIT(XEPF_VF_STOP_WIP) | \
			 BIT(XEPF_VF_SAVE_WIP) | BIT(XEPF_VF_RESTORE_WIP))

static unsigned long *xepf_vf_state(struct xepf_control *ctl,
				    unsigned int vfid)
{
	return &ctl->vfs[vfid].state;
}

static bool xepf_vf_test(struct xepf_control *ctl, unsigned int vfid,
			 enum xepf_vf_state_bit bit)
{
	return test_bit(bit, xepf_vf_state(ctl, vfid));
}

static void xepf_vf_set(struct xepf_control *ctl, unsigned int vfid,
			enum xepf_vf_state_bit bit)
{
	set_bit(bit, xepf_vf_state(ctl, vfid));
}

static void xepf_vf_clear(struct xepf_control *ctl, unsigned int vfid,
			  enum xepf_vf_state_bit bit)
{
	clear_bit(bit, xepf_vf_state(ctl, vfid));
}

static bool xepf_vf_take(struct xepf_control *ctl, unsigned int vfid,
			 enum xepf_vf_state_bit bit)
{
	return test_and_clear_bit(bit, xepf_vf_state(ctl, vfid));
}

static void xepf_sriov_control_kick(struct xepf_control *ctl, unsigned int vfid)
{
	set_bit(vfid, ctl->pending);
	queue_work(ctl->wq, &ctl->worker);
}

/* end a request's work with an outcome bit, and wake its waiter */
static void xepf_vf_finish(struct xepf_control *ctl, unsigned int vfid,
			   enum xepf_vf_state_bit wip,
			   enum xepf_vf_state_bit outcome, int err)
{
	if (err)
		ctl->vfs[vfid].err = err;
	xepf_vf_set(ctl, vfid, outcome);
	xepf_vf_clear(ctl, vfid, wip);
	wake_up_all(&ctl->waitq);
}

static int xepf_sriov_control_send(struct xepf_control *ctl, unsigned int vfid,
				   u32 cmd, const char *what)
{
	int err = ctl->ops->vf_control(ctl->priv, vfid, cmd);

	if (err)
		xepf_ctl_err(ctl, vfid, "GuC refused %s: %pe\n", what,
			     ERR_PTR(err));
	return err;
}

static void xepf_sriov_control_flr_done(struct xepf_control *ctl, unsigned int vfid)
{
	enum xepf_vf_state_bit bit;

	/* a fresh VF: every outcome goes, FLR_WIP last for the waiters */
	for (bit = 0; bit < XEPF_VF_STATE_BITS; bit++)
		if (bit != XEPF_VF_FLR_WIP)
			xepf_vf_clear(ctl, vfid, bit);
	ctl->vfs[vfid].err = 0;
	xepf_vf_clear(ctl, vfid, XEPF_VF_FLR_WIP);
	xepf_ctl_dbg(ctl, vfid, "FLR done\n");
	wake_up_all(&ctl->waitq);
}

/* one step of one VF; false when it has nothing to do */
static bool xepf_sriov_control_step(struct xepf_control *ctl, unsigned int vfid)
{
	int err;

	if (xepf_vf_take(ctl, vfid, XEPF_VF_FLR_SEND_START)) {
		/* the GuC may answer before the send returns */
		xepf_vf_set(ctl, vfid, XEPF_VF_FLR_WAIT_GUC);
		err = xepf_sriov_control_send(ctl, vfid, GUC_PF_TRIGGER_VF_FLR_START,
					      "FLR start");
		if (err && xepf_vf_take(ctl, vfid, XEPF_VF_FLR_WAIT_GUC))
			xepf_vf_finish(ctl, vfid, XEPF_VF_FLR_WIP,
				       XEPF_VF_FLR_FAILED, err);
		return true;
	}
	if (xepf_vf_take(ctl, vfid, XEPF_VF_FLR_GUC_DONE)) {
		err = ctl->ops->flr_cleanup ?
		      ctl->ops->flr_cleanup(ctl->priv, vfid) : 0;
		if (err) {
			xepf_ctl_err(ctl, vfid, "FLR cleanup failed: %pe\n",
				     ERR_PTR(err));
			xepf_vf_finish(ctl, vfid, XEPF_VF_FLR_WIP,
				       XEPF_VF_FLR_FAILED, err);
		} else {
			xepf_vf_set(ctl, vfid, XEPF_VF_FLR_SEND_FINISH);
		}
		return true;
	}
	if (xepf_vf_take(ctl, vfid, XEPF_VF_FLR_SEND_FINISH)) {
		err = xepf_sriov_control_send(ctl, vfid, GUC_PF_TRIGGER_VF_FLR_FINISH,
					      "FLR finish");
		if (err)
			xepf_vf_finish(ctl, vfid, XEPF_VF_FLR_WIP,
				       XEPF_VF_FLR_FAILED, err);
		else
			xepf_sriov_control_flr_done(ctl, vfid);
		return true;
	}
	if (xepf_vf_take(ctl, vfid, XEPF_VF_PAUSE_SEND_PAUSE)) {
		xepf_vf_set(ctl, vfid, XEPF_VF_PAUSE_WAIT_GUC);
		err = xepf_sriov_control_send(ctl, vfid, GUC_PF_TRIGGER_VF_PAUSE,
					      "pause");
		if (err && xepf_vf_take(ctl, vfid, XEPF_VF_PAUSE_WAIT_GUC))
			xepf_vf_finish(ctl, vfid, XEPF_VF_PAUSE_WIP,
				       XEPF_VF_PAUSE_FAILED, err);
		return true;
	}
	if (xepf_vf_take(ctl, vfid, XEPF_VF_PAUSE_GUC_DONE)) {
		xepf_vf_finish(ctl, vfid, XEPF_VF_PAUSE_WIP, XEPF_VF_PAUSED,
			       0);
		return true;
	}
	if (xepf_vf_take(ctl, vfid, XEPF_VF_RESUME_SEND_RESUME)) {
		err = xepf_sriov_control_send(ctl, vfid, GUC_PF_TRIGGER_VF_RESUME,
					      "resume");
		if (!err) {
			xepf_vf_clear(ctl, vfid, XEPF_VF_PAUSED);
			xepf_vf_clear(ctl, vfid, XEPF_VF_SAVED);
			xepf_vf_clear(ctl, vfid, XEPF_VF_SAVE_FAILED);
			xepf_vf_clear(ctl, vfid, XEPF_VF_RESTORED);
		}
		xepf_vf_finish(ctl, vfid, XEPF_VF_RESUME_WIP,
			       err ? XEPF_VF_RESUME_FAILED : XEPF_VF_RESUMED,
			       err);
		return true;
	}
	if (xepf_vf_take(ctl, vfid, XEPF_VF_STOP_SEND_STOP)) {
		err = xepf_sriov_control_send(ctl, vfid, GUC_PF_TRIGGER_VF_STOP,
					      "stop");
		if (!err) {
			xepf_vf_clear(ctl, vfid, XEPF_VF_PAUSED);
			xepf_vf_clear(ctl, vfid, XEPF_VF_RESUMED);
		}
		xepf_vf_finish(ctl, vfid, XEPF_VF_STOP_WIP,
			       err ? XEPF_VF_STOP_FAILED : XEPF_VF_STOPPED,
			       err);
		return true;
	}
	return false;
}

static void xepf_sriov_control_worker(struct work_struct *work)
{
	struct xepf_control *ctl = container_of(work, struct xepf_control,
						worker);
	unsigned int vfid;

	for_each_set_bit(vfid, ctl->pending, ctl->num_vfs + 1)
		if (test_and_clear_bit(vfid, ctl->pending))
			while (xepf_sriov_control_step(ctl, vfid))
				;
}

static void xepf_sriov_control_prepare_work(struct work_struct *work);

/**
 * xepf_sriov_control_init() - Set up the state machine of a PF's VFs.
 * @ctl: the state machine.
 * @dev: device to log against.
 * @num_vfs: VFs 1..@num_vfs.
 * @ops: access to the GuC.
 * @priv: cookie for @ops.
 *
 * Every VF starts ready (no bit set).
 *
 * Context: process context.
 * Return: 0 or -ENOMEM.
 */
int xepf_sriov_control_init(struct xepf_control *ctl, struct device *dev,
			    unsigned int num_vfs, const struct xepf_control_ops *ops,
			    void *priv)
{
	unsigned int vfid;

	memset(ctl, 0, sizeof(*ctl));
	ctl->dev = dev;
	ctl->ops = ops;
	ctl->priv = priv;
	ctl->num_vfs = num_vfs;
	ctl->pause_timeout_ms = XEPF_PAUSE_TIMEOUT_MS;
	ctl->flr_timeout_ms = XEPF_FLR_TIMEOUT_MS;
	init_waitqueue_head(&ctl->waitq);
	INIT_WORK(&ctl->worker, xepf_sriov_control_worker);
	ctl->vfs = kcalloc(num_vfs + 1, sizeof(*ctl->vfs), GFP_KERNEL);
	ctl->pending = bitmap_zalloc(num_vfs + 1, GFP_KERNEL);
	ctl->wq = alloc_ordered_workqueue("xepf-control-%s", 0, dev_name(dev));
	if (!ctl->vfs || !ctl->pending || !ctl->wq) {
		xepf_sriov_control_fini(ctl);
		return -ENOMEM;
	}
	for (vfid = 0; vfid <= num_vfs; vfid++) {
		mutex_init(&ctl->vfs[vfid].lock);
		ctl->vfs[vfid].ctl = ctl;
		ctl->vfs[vfid].vfid = vfid;
		INIT_WORK(&ctl->vfs[vfid].prepare, xepf_sriov_control_prepare_work);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_init);

/**
 * xepf_sriov_control_fini() - Tear down the state machine.
 * @ctl: the state machine; no request may be running.
 *
 * Context: process context; waits for the worker.
 */
void xepf_sriov_control_fini(struct xepf_control *ctl)
{
	unsigned int vfid;

	if (ctl->vfs && ctl->pending && ctl->wq)
		for (vfid = 0; vfid <= ctl->num_vfs; vfid++)
			cancel_work_sync(&ctl->vfs[vfid].prepare);
	if (ctl->wq) {
		cancel_work_sync(&ctl->worker);
		destroy_workqueue(ctl->wq);
	}
	if (ctl->vfs)
		for (vfid = 0; vfid <= ctl->num_vfs; vfid++)
			mutex_destroy(&ctl->vfs[vfid].lock);
	bitmap_free(ctl->pending);
	kfree(ctl->vfs);
	ctl->vfs = NULL;
	ctl->pending = NULL;
	ctl->wq = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_fini);

static int xepf_sriov_control_check(struct xepf_control *ctl, unsigned int vfid)
{
	if (!vfid || vfid > ctl->num_vfs)
		return -EINVAL;
	return 0;
}

static int xepf_sriov_control_refuse(struct xepf_control *ctl, unsigned int vfid,
				     const char *what, int err, const char *why)
{
	xepf_ctl_dbg(ctl, vfid, "%s refused (%s): %pe\n", what, why,
		     ERR_PTR(err));
	return err;
}

/*
 * Send a request to the worker: @wip and its first step @send set, the
 * last @failed and error cleared. Under the VF's lock.
 */
static void xepf_sriov_control_request(struct xepf_control *ctl, unsigned int vfid,
				       enum xepf_vf_state_bit wip,
				       enum xepf_vf_state_bit send,
				       enum xepf_vf_state_bit failed)
{
	xepf_vf_clear(ctl, vfid, failed);
	ctl->vfs[vfid].err = 0;
	xepf_vf_set(ctl, vfid, wip);
	xepf_vf_set(ctl, vfid, send);
	xepf_sriov_control_kick(ctl, vfid);
}

/*
 * Wait for the end of a request: 0 when the VF reached @done, else the
 * request's error, -ECANCELED when an FLR overtook it.
 */
static int xepf_sriov_control_request_wait(struct xepf_control *ctl,
					   unsigned int vfid,
					   enum xepf_vf_state_bit wip,
					   enum xepf_vf_state_bit done)
{
	wait_event(ctl->waitq, !xepf_vf_test(ctl, vfid, wip));
	if (xepf_vf_test(ctl, vfid, done))
		return 0;
	return ctl->vfs[vfid].err ?: -ECANCELED;
}

/**
 * xepf_sriov_control_pause_vf() - Pause a VF: the GuC schedules none of its work.
 * @ctl: the state machine.
 * @vfid: the VF.
 *
 * Context: process context; sleeps until the GuC reports the pause done.
 * Return: 0; -EINVAL for a bad VFID; a refusal (see `xepf VF control state
 * machine`); -ETIMEDOUT; -ECANCELED if an FLR overtook it; the GuC's error.
 */
int xepf_sriov_control_pause_vf(struct xepf_control *ctl, unsigned int vfid)
{
	unsigned long *state;
	long left;
	int err;

	err = xepf_sriov_control_check(ctl, vfid);
	if (err)
		return err;
	state = xepf_vf_state(ctl, vfid);
	guard(mutex)(&ctl->vfs[vfid].lock);
	if (*state & XEPF_VF_ANY_WIP)
		return xepf_sriov_control_refuse(ctl, vfid, "pause", -EBUSY, "busy");
	if (xepf_vf_test(ctl, vfid, XEPF_VF_STOPPED))
		return xepf_sriov_control_refuse(ctl, vfid, "pause", -EPERM,
						 "stopped");
	if (xepf_vf_test(ctl, vfid, XEPF_VF_PAUSED))
		return xepf_sriov_control_refuse(ctl, vfid, "pause", -ESTALE,
						 "paused");

	xepf_vf_clear(ctl, vfid, XEPF_VF_RESUMED);
	xepf_sriov_control_request(ctl, vfid, XEPF_VF_PAUSE_WIP,
				   XEPF_VF_PAUSE_SEND_PAUSE, XEPF_VF_PAUSE_FAILED);

	left = wait_event_timeout(ctl->waitq,
				  !xepf_vf_test(ctl, vfid, XEPF_VF_PAUSE_WIP),
				  msecs_to_jiffies(ctl->pause_timeout_ms));
	if (!left && (xepf_vf_take(ctl, vfid, XEPF_VF_PAUSE_WAIT_GUC) ||
		      xepf_vf_take(ctl, vfid, XEPF_VF_PAUSE_SEND_PAUSE))) {
		xepf_ctl_err(ctl, vfid, "no pause done from the GuC in %u ms\n",
			     ctl->pause_timeout_ms);
		xepf_vf_finish(ctl, vfid, XEPF_VF_PAUSE_WIP,
			       XEPF_VF_PAUSE_FAILED, -ETIMEDOUT);
	}
	/* the done step may be in the worker still */
	return xepf_sriov_control_request_wait(ctl, vfid, XEPF_VF_PAUSE_WIP,
					       XEPF_VF_PAUSED);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_pause_vf);

/**
 * xepf_sriov_control_resume_vf() - Resume a paused VF.
 * @ctl: the state machine.
 * @vfid: the VF.
 *
 * After a restore the GuC takes the VF through its fix-up states; the PF
 * sees it running.
 *
 * Context: process context; sleeps.
 * Return: 0; -EINVAL for a bad VFID; a refusal; the PF's resume check's
 * error after a restore (the VF is then RESTORE_FAILED); -ECANCELED if an
 * FLR overtook it; the GuC's error.
 */
int xepf_sriov_control_resume_vf(struct xepf_control *ctl, unsigned int vfid)
{
	unsigned long *state;
	int err;

	err = xepf_sriov_control_check(ctl, vfid);
	if (err)
		return err;
	state = xepf_vf_state(ctl, vfid);
	guard(mutex)(&ctl->vfs[vfid].lock);
	if (*state & XEPF_VF_ANY_WIP)
		return xepf_sriov_control_refuse(ctl, vfid, "resume", -EBUSY,
						 "busy");
	if (xepf_vf_test(ctl, vfid, XEPF_VF_STOPPED))
		return xepf_sriov_control_refuse(ctl, vfid, "resume", -EPERM,
						 "stopped");
	if (xepf_vf_test(ctl, vfid, XEPF_VF_RESTORE_FAILED))
		return xepf_sriov_control_refuse(ctl, vfid, "resume", -EIO,
						 "restore failed, reset first");
	if (!xepf_vf_test(ctl, vfid, XEPF_VF_PAUSED))
		return xepf_sriov_control_refuse(ctl, vfid, "resume", -EPERM,
						 "not paused");
	if (xepf_vf_test(ctl, vfid, XEPF_VF_RESTORED) &&
	    ctl->ops->resume_check) {
		err = ctl->ops->resume_check(ctl->priv, vfid);
		if (err) {
			xepf_ctl_err(ctl, vfid, "restored state refused at resume: %pe\n",
				     ERR_PTR(err));
			xepf_vf_set(ctl, vfid, XEPF_VF_RESTORE_FAILED);
			xepf_vf_clear(ctl, vfid, XEPF_VF_RESTORED);
			return err;
		}
	}

	xepf_sriov_control_request(ctl, vfid, XEPF_VF_RESUME_WIP,
				   XEPF_VF_RESUME_SEND_RESUME, XEPF_VF_RESUME_FAILED);
	return xepf_sriov_control_request_wait(ctl, vfid, XEPF_VF_RESUME_WIP,
					       XEPF_VF_RESUMED);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_resume_vf);

/**
 * xepf_sriov_control_stop_vf() - Stop a VF for good; only an FLR restarts it.
 * @ctl: the state machine.
 * @vfid: the VF.
 *
 * Context: process context; sleeps.
 * Return: 0; -EINVAL for a bad VFID; a refusal; -ECANCELED if an FLR
 * overtook it; the GuC's error.
 */
int xepf_sriov_control_stop_vf(struct xepf_control *ctl, unsigned int vfid)
{
	unsigned long *state;
	int err;

	err = xepf_sriov_control_check(ctl, vfid);
	if (err)
		return err;
	state = xepf_vf_state(ctl, vfid);
	guard(mutex)(&ctl->vfs[vfid].lock);
	if (*state & XEPF_VF_ANY_WIP)
		return xepf_sriov_control_refuse(ctl, vfid, "stop", -EBUSY, "busy");
	if (xepf_vf_test(ctl, vfid, XEPF_VF_STOPPED))
		return xepf_sriov_control_refuse(ctl, vfid, "stop", -ESTALE,
						 "stopped");

	xepf_sriov_control_request(ctl, vfid, XEPF_VF_STOP_WIP,
				   XEPF_VF_STOP_SEND_STOP, XEPF_VF_STOP_FAILED);
	return xepf_sriov_control_request_wait(ctl, vfid, XEPF_VF_STOP_WIP,
					       XEPF_VF_STOPPED);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_stop_vf);

/* cancel a request in progress in favour of an FLR */
static void xepf_sriov_control_cancel(struct xepf_control *ctl, unsigned int vfid,
				      enum xepf_vf_state_bit wip,
				      enum xepf_vf_state_bit failed,
				      const enum xepf_vf_state_bit *steps,
				      unsigned int nsteps)
{
	unsigned int i;

	if (!xepf_vf_test(ctl, vfid, wip))
		return;
	for (i = 0; i < nsteps; i++)
		xepf_vf_clear(ctl, vfid, steps[i]);
	xepf_vf_finish(ctl, vfid, wip, failed, -ECANCELED);
}

/*
 * The PF's FLR preparation of one VF, in the VF's own work: it may wait
 * for the VF's stream I/O, which must hold up no other VF's control steps.
 */
static void xepf_sriov_control_prepare_work(struct work_struct *work)
{
	struct xepf_vf_control *vc = container_of(work, struct xepf_vf_control,
						  prepare);
	struct xepf_control *ctl = vc->ctl;

	if (!xepf_vf_test(ctl, vc->vfid, XEPF_VF_FLR_PREPARE))
		return;
	if (ctl->ops->flr_prepare)
		ctl->ops->flr_prepare(ctl->priv, vc->vfid);
	/* a timed-out reset may have given the FLR up meanwhile */
	if (!xepf_vf_take(ctl, vc->vfid, XEPF_VF_FLR_PREPARE))
		return;
	xepf_vf_set(ctl, vc->vfid, XEPF_VF_FLR_SEND_START);
	xepf_sriov_control_kick(ctl, vc->vfid);
}

static void xepf_sriov_control_start_flr(struct xepf_control *ctl,
					 unsigned int vfid)
{
	static const enum xepf_vf_state_bit pause[] = {
		XEPF_VF_PAUSE_SEND_PAUSE, XEPF_VF_PAUSE_WAIT_GUC,
		XEPF_VF_PAUSE_GUC_DONE,
	};
	static const enum xepf_vf_state_bit resume[] = {
		XEPF_VF_RESUME_SEND_RESUME,
	};
	static const enum xepf_vf_state_bit stop[] = {
		XEPF_VF_STOP_SEND_STOP,
	};

	if (test_and_set_bit(XEPF_VF_FLR_WIP, xepf_vf_state(ctl, vfid)))
		return;
	xepf_vf_clear(ctl, vfid, XEPF_VF_FLR_FAILED);
	xepf_sriov_control_cancel(ctl, vfid, XEPF_VF_PAUSE_WIP, XEPF_VF_PAUSE_FAILED,
				  pause, ARRAY_SIZE(pause));
	xepf_sriov_control_cancel(ctl, vfid, XEPF_VF_RESUME_WIP,
				  XEPF_VF_RESUME_FAILED, resume, ARRAY_SIZE(resume));
	xepf_sriov_control_cancel(ctl, vfid, XEPF_VF_STOP_WIP, XEPF_VF_STOP_FAILED,
				  stop, ARRAY_SIZE(stop));
	xepf_vf_set(ctl, vfid, XEPF_VF_FLR_PREPARE);
	queue_work(system_unbound_wq, &ctl->vfs[vfid].prepare);
}

/**
 * xepf_sriov_control_wait_flr_done() - Wait until no FLR of a VF is in progress.
 * @ctl: the state machine.
 * @vfid: the VF.
 * @timeout_ms: how long to wait.
 *
 * Context: process context; sleeps.
 * Return: 0 if the VF has no FLR in progress and the last one succeeded;
 * -EINVAL for a bad VFID; -ETIMEDOUT; the error of a failed FLR.
 */
int xepf_sriov_control_wait_flr_done(struct xepf_control *ctl, unsigned int vfid,
				     unsigned int timeout_ms)
{
	int err;

	err = xepf_sriov_control_check(ctl, vfid);
	if (err)
		return err;
	if (!wait_event_timeout(ctl->waitq,
				!xepf_vf_test(ctl, vfid, XEPF_VF_FLR_WIP),
				msecs_to_jiffies(timeout_ms)))
		return -ETIMEDOUT;
	if (xepf_vf_test(ctl, vfid, XEPF_VF_FLR_FAILED))
		return ctl->vfs[vfid].err ?: -EIO;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_wait_flr_done);

/**
 * xepf_sriov_control_reset_vf() - FLR a VF: the GuC and the device forget all of
 * its state, and every state bit is cleared.
 * @ctl: the state machine.
 * @vfid: the VF.
 *
 * Accepted in every state; cancels a pause, resume or stop in progress.
 *
 * Context: process context; sleeps until the FLR is done.
 * Return: 0; -EINVAL for a bad VFID; -ETIMEDOUT; the GuC's error.
 */
int xepf_sriov_control_reset_vf(struct xepf_control *ctl, unsigned int vfid)
{
	static const enum xepf_vf_state_bit steps[] = {
		XEPF_VF_FLR_PREPARE, XEPF_VF_FLR_SEND_START, XEPF_VF_FLR_WAIT_GUC,
		XEPF_VF_FLR_GUC_DONE, XEPF_VF_FLR_SEND_FINISH,
	};
	unsigned int i;
	bool stuck = false;
	int err;

	err = xepf_sriov_control_check(ctl, vfid);
	if (err)
		return err;

	xepf_sriov_control_start_flr(ctl, vfid);
	err = xepf_sriov_control_wait_flr_done(ctl, vfid, ctl->flr_timeout_ms);
	if (err != -ETIMEDOUT)
		return err;

	/* only a step waiting on the GuC can be cancelled; a running one ends */
	for (i = 0; i < ARRAY_SIZE(steps); i++)
		stuck |= xepf_vf_take(ctl, vfid, steps[i]);
	if (stuck) {
		xepf_ctl_err(ctl, vfid, "no FLR done from the GuC in %u ms\n",
			     ctl->flr_timeout_ms);
		xepf_vf_finish(ctl, vfid, XEPF_VF_FLR_WIP, XEPF_VF_FLR_FAILED,
			       -ETIMEDOUT);
	}
	wait_event(ctl->waitq, !xepf_vf_test(ctl, vfid, XEPF_VF_FLR_WIP));
	if (xepf_vf_test(ctl, vfid, XEPF_VF_FLR_FAILED))
		return ctl->vfs[vfid].err ?: -EIO;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_reset_vf);

static int xepf_sriov_control_window_begin(struct xepf_control *ctl,
					   unsigned int vfid,
					   enum xepf_vf_state_bit wip,
					   enum xepf_vf_state_bit done,
					   enum xepf_vf_state_bit failed,
					   const char *what)
{
	unsigned long *state;
	int err;

	err = xepf_sriov_control_check(ctl, vfid);
	if (err)
		return err;
	state = xepf_vf_state(ctl, vfid);
	guard(mutex)(&ctl->vfs[vfid].lock);
	if (*state & XEPF_VF_ANY_WIP)
		return xepf_sriov_control_refuse(ctl, vfid, what, -EBUSY, "busy");
	/* a VF in an unknown state is neither saved nor loaded */
	if (xepf_vf_test(ctl, vfid, XEPF_VF_FLR_FAILED))
		return xepf_sriov_control_refuse(ctl, vfid, what, -EIO,
						 "FLR failed, reset first");
	if (xepf_vf_test(ctl, vfid, XEPF_VF_MISMATCH))
		return xepf_sriov_control_refuse(ctl, vfid, what, -EPROTO,
						 "unexpected GuC event, reset first");
	/* nor is one that a refused restore may have left half-loaded */
	if (xepf_vf_test(ctl, vfid, XEPF_VF_RESTORE_FAILED))
		return xepf_sriov_control_refuse(ctl, vfid, what, -EIO,
						 "restore failed, reset first");
	if (xepf_vf_test(ctl, vfid, XEPF_VF_STOPPED) ||
	    !xepf_vf_test(ctl, vfid, XEPF_VF_PAUSED))
		return xepf_sriov_control_refuse(ctl, vfid, what, -EPERM,
						 "not paused");
	xepf_vf_clear(ctl, vfid, done);
	xepf_vf_clear(ctl, vfid, failed);
	xepf_vf_set(ctl, vfid, wip);
	return 0;
}

static void xepf_sriov_control_window_end(struct xepf_control *ctl,
					  unsigned int vfid,
					  enum xepf_vf_state_bit wip,
					  enum xepf_vf_state_bit done,
					  enum xepf_vf_state_bit failed, int err)
{
	if (xepf_sriov_control_check(ctl, vfid) ||
	    !xepf_vf_test(ctl, vfid, wip))
		return;
	xepf_vf_finish(ctl, vfid, wip, err ? failed : done, err);
}

/**
 * xepf_sriov_control_save_begin() - Mark a paused VF as being saved.
 * @ctl: the state machine.
 * @vfid: the VF.
 *
 * While the save runs, requests other than an FLR are refused.
 *
 * Context: process context.
 * Return: 0; -EINVAL for a bad VFID; -EBUSY, -EPERM, -EIO (restore or FLR
 * failed), -EPROTO (MISMATCH) refusals.
 */
int xepf_sriov_control_save_begin(struct xepf_control *ctl, unsigned int vfid)
{
	return xepf_sriov_control_window_begin(ctl, vfid, XEPF_VF_SAVE_WIP,
					       XEPF_VF_SAVED, XEPF_VF_SAVE_FAILED,
					       "save");
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_save_begin);

/**
 * xepf_sriov_control_save_end() - End a save.
 * @ctl: the state machine.
 * @vfid: the VF.
 * @err: 0 if the save completed, else its error.
 *
 * Nothing happens if no save was in progress (an FLR ended it).
 *
 * Context: any context that may take no lock.
 */
void xepf_sriov_control_save_end(struct xepf_control *ctl, unsigned int vfid,
				 int err)
{
	xepf_sriov_control_window_end(ctl, vfid, XEPF_VF_SAVE_WIP, XEPF_VF_SAVED,
				      XEPF_VF_SAVE_FAILED, err);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_save_end);

/**
 * xepf_sriov_control_restore_begin() - Mark a paused VF as being restored.
 * @ctl: the state machine.
 * @vfid: the VF.
 *
 * Context: process context.
 * Return: 0; -EINVAL for a bad VFID; -EBUSY, -EPERM, -EIO (restore or FLR
 * failed), -EPROTO (MISMATCH) refusals.
 */
int xepf_sriov_control_restore_begin(struct xepf_control *ctl, unsigned int vfid)
{
	return xepf_sriov_control_window_begin(ctl, vfid, XEPF_VF_RESTORE_WIP,
					       XEPF_VF_RESTORED,
					       XEPF_VF_RESTORE_FAILED, "restore");
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_restore_begin);

/**
 * xepf_sriov_control_restore_end() - End a restore.
 * @ctl: the state machine.
 * @vfid: the VF.
 * @err: 0 if the whole stream was loaded, else its error: the VF is then
 *       left with RESTORE_FAILED until an FLR.
 *
 * Context: any context that may take no lock.
 */
void xepf_sriov_control_restore_end(struct xepf_control *ctl, unsigned int vfid,
				    int err)
{
	xepf_sriov_control_window_end(ctl, vfid, XEPF_VF_RESTORE_WIP,
				      XEPF_VF_RESTORED, XEPF_VF_RESTORE_FAILED, err);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_restore_end);

static void xepf_sriov_control_mismatch(struct xepf_control *ctl, unsigned int vfid,
					u32 event)
{
	xepf_ctl_err(ctl, vfid, "unexpected GuC event %u\n", event);
	xepf_vf_set(ctl, vfid, XEPF_VF_MISMATCH);
}

/**
 * xepf_sriov_control_notify() - Take a GUC2PF_VF_STATE_NOTIFY event.
 * @ctl: the state machine.
 * @vfid: the VF the event is about (0: the PF).
 * @event: GUC_PF_NOTIFY_VF_*.
 *
 * Context: process context (the PF's interrupt handler); does not sleep.
 */
void xepf_sriov_control_notify(struct xepf_control *ctl, unsigned int vfid,
			       u32 event)
{
	if (!vfid) {
		if (event != GUC_PF_NOTIFY_VF_ENABLE)
			xepf_err(ctl->dev, "unexpected GuC PF event %u\n", event);
		return;
	}
	if (xepf_sriov_control_check(ctl, vfid)) {
		xepf_err(ctl->dev, "GuC event %u for unknown VF%u\n", event,
			 vfid);
		return;
	}

	switch (event) {
	case GUC_PF_NOTIFY_VF_FLR:
		xepf_ctl_dbg(ctl, vfid, "FLR requested\n");
		xepf_sriov_control_start_flr(ctl, vfid);
		break;
	case GUC_PF_NOTIFY_VF_FLR_DONE:
		if (!xepf_vf_take(ctl, vfid, XEPF_VF_FLR_WAIT_GUC)) {
			xepf_sriov_control_mismatch(ctl, vfid, event);
			break;
		}
		xepf_vf_set(ctl, vfid, XEPF_VF_FLR_GUC_DONE);
		xepf_sriov_control_kick(ctl, vfid);
		break;
	case GUC_PF_NOTIFY_VF_PAUSE_DONE:
		if (!xepf_vf_take(ctl, vfid, XEPF_VF_PAUSE_WAIT_GUC)) {
			xepf_sriov_control_mismatch(ctl, vfid, event);
			break;
		}
		xepf_vf_set(ctl, vfid, XEPF_VF_PAUSE_GUC_DONE);
		xepf_sriov_control_kick(ctl, vfid);
		break;
	case GUC_PF_NOTIFY_VF_FIXUP_DONE:
		xepf_ctl_dbg(ctl, vfid, "fix-ups done\n");
		break;
	default:
		xepf_sriov_control_mismatch(ctl, vfid, event);
		break;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_notify);

/**
 * xepf_sriov_control_vf_has() - Whether a VF's state has a bit set.
 * @ctl: the state machine.
 * @vfid: the VF.
 * @bit: the bit.
 *
 * Context: any.
 * Return: true if set; false for a bad VFID.
 */
bool xepf_sriov_control_vf_has(struct xepf_control *ctl, unsigned int vfid,
			       enum xepf_vf_state_bit bit)
{
	return !xepf_sriov_control_check(ctl, vfid) && xepf_vf_test(ctl, vfid, bit);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_vf_has);

/**
 * xepf_sriov_control_state_str() - Name the state bits of a VF.
 * @ctl: the state machine.
 * @vfid: the VF.
 * @buf: where the names go, space separated, "ready" for none.
 * @size: bytes of @buf.
 *
 * Context: any.
 * Return: the length written, or -EINVAL for a bad VFID.
 */
int xepf_sriov_control_state_str(struct xepf_control *ctl, unsigned int vfid,
				 char *buf, size_t size)
{
	unsigned long state;
	unsigned int bit;
	int len = 0;

	if (xepf_sriov_control_check(ctl, vfid))
		return -EINVAL;
	state = READ_ONCE(ctl->vfs[vfid].state);
	if (!state)
		return scnprintf(buf, size, "ready");
	for_each_set_bit(bit, &state, XEPF_VF_STATE_BITS)
		len += scnprintf(buf + len, size - len, "%s%s", len ? " " : "",
				 xepf_vf_state_names[bit]);
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_control_state_str);
