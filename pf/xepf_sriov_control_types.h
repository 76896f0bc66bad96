/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of the VF control state machine.
 */

#ifndef _XEPF_SRIOV_CONTROL_TYPES_H_
#define _XEPF_SRIOV_CONTROL_TYPES_H_

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue_types.h>

struct device;

/**
 * enum xepf_vf_state_bit - The bits of a VF's control state; see
 * `xepf VF control state machine`.
 * @XEPF_VF_FLR_WIP: an FLR is being handled.
 * @XEPF_VF_FLR_PREPARE: the PF's FLR preparation runs, in the VF's own
 *                       work, not in the worker shared by all VFs.
 * @XEPF_VF_FLR_SEND_START: FLR start is to be sent to the GuC.
 * @XEPF_VF_FLR_WAIT_GUC: waiting for the GuC's FLR done.
 * @XEPF_VF_FLR_GUC_DONE: the GuC reported FLR done.
 * @XEPF_VF_FLR_SEND_FINISH: FLR finish is to be sent to the GuC.
 * @XEPF_VF_FLR_FAILED: the last FLR failed or timed out.
 * @XEPF_VF_PAUSE_WIP: a pause is being handled.
 * @XEPF_VF_PAUSE_SEND_PAUSE: pause is to be sent to the GuC.
 * @XEPF_VF_PAUSE_WAIT_GUC: waiting for the GuC's pause done.
 * @XEPF_VF_PAUSE_GUC_DONE: the GuC reported pause done.
 * @XEPF_VF_PAUSE_FAILED: the last pause failed or timed out.
 * @XEPF_VF_PAUSED: the VF is paused.
 * @XEPF_VF_RESUME_WIP: a resume is being handled.
 * @XEPF_VF_RESUME_SEND_RESUME: resume is to be sent to the GuC.
 * @XEPF_VF_RESUME_FAILED: the last resume failed.
 * @XEPF_VF_RESUMED: the VF was resumed after a pause.
 * @XEPF_VF_STOP_WIP: a stop is being handled.
 * @XEPF_VF_STOP_SEND_STOP: stop is to be sent to the GuC.
 * @XEPF_VF_STOP_FAILED: the last stop failed.
 * @XEPF_VF_STOPPED: the VF is stopped; only an FLR leaves this.
 * @XEPF_VF_SAVE_WIP: a save is running (the VF stays paused).
 * @XEPF_VF_SAVE_FAILED: the last save failed.
 * @XEPF_VF_SAVED: the last save completed.
 * @XEPF_VF_RESTORE_WIP: a restore is running (the VF stays paused).
 * @XEPF_VF_RESTORE_FAILED: the last restore failed; only an FLR leaves
 *                          this.
 * @XEPF_VF_RESTORED: the last restore completed.
 * @XEPF_VF_MISMATCH: the GuC sent an event the PF did not expect.
 * @XEPF_VF_STATE_BITS: the number of bits.
 */
enum xepf_vf_state_bit {
	XEPF_VF_FLR_WIP,
	XEPF_VF_FLR_PREPARE,
	XEPF_VF_FLR_SEND_START,
	XEPF_VF_FLR_WAIT_GUC,
	XEPF_VF_FLR_GUC_DONE,
	XEPF_VF_FLR_SEND_FINISH,
	XEPF_VF_FLR_FAILED,
	XEPF_VF_PAUSE_WIP,
	XEPF_VF_PAUSE_SEND_PAUSE,
	XEPF_VF_PAUSE_WAIT_GUC,
	XEPF_VF_PAUSE_GUC_DONE,
	XEPF_VF_PAUSE_FAILED,
	XEPF_VF_PAUSED,
	XEPF_VF_RESUME_WIP,
	XEPF_VF_RESUME_SEND_RESUME,
	XEPF_VF_RESUME_FAILED,
	XEPF_VF_RESUMED,
	XEPF_VF_STOP_WIP,
	XEPF_VF_STOP_SEND_STOP,
	XEPF_VF_STOP_FAILED,
	XEPF_VF_STOPPED,
	XEPF_VF_SAVE_WIP,
	XEPF_VF_SAVE_FAILED,
	XEPF_VF_SAVED,
	XEPF_VF_RESTORE_WIP,
	XEPF_VF_RESTORE_FAILED,
	XEPF_VF_RESTORED,
	XEPF_VF_MISMATCH,
	XEPF_VF_STATE_BITS,
};

/**
 * struct xepf_control_ops - How the state machine reaches the GuC.
 */
struct xepf_control_ops {
	/**
	 * @vf_control: send PF2GUC_VF_CONTROL @cmd (GUC_PF_TRIGGER_VF_*) for
	 *              @vfid; 0 or a negative errno. May sleep.
	 */
	int (*vf_control)(void *priv, unsigned int vfid, u32 cmd);
	/**
	 * @flr_prepare: optional: the PF's first step of an FLR, before FLR start
	 *               goes to the GuC (and the device wipes the VF): the PF
	 *               stops all it does with the VF's resources. Runs in the
	 *               VF's own work item, so that it holds up no other VF. May
	 *               sleep, but must not wait for a control request of any VF.
	 */
	void (*flr_prepare)(void *priv, unsigned int vfid);
	/**
	 * @flr_cleanup: optional: the PF's own cleanup of an FLR, between the
	 *               GuC's FLR done and FLR finish; 0 or a negative errno.
	 */
	int (*flr_cleanup)(void *priv, unsigned int vfid);
	/**
	 * @resume_check: optional: the PF's last check of a restored VF before
	 *                its first resume; 0, or a negative errno that fails the
	 *                resume and the restore. Called with the VF's control
	 *                lock held.
	 */
	int (*resume_check)(void *priv, unsigned int vfid);
};

/**
 * struct xepf_vf_control - The control state of one VF.
 */
struct xepf_vf_control {
	/**
	 * @lock: serializes the control requests of the VF (not the worker, not
	 *        the GuC's events).
	 */
	struct mutex lock;
	/** @state: bits of &enum xepf_vf_state_bit, changed atomically. */
	unsigned long state;
	/** @err: errno of the last failed step, for the waiter. */
	int err;
	/** @ctl: the state machine the VF belongs to. */
	struct xepf_control *ctl;
	/** @vfid: the VF. */
	unsigned int vfid;
	/**
	 * @prepare: runs the PF's FLR preparation of this VF (FLR_PREPARE), on
	 *           system_unbound_wq.
	 */
	struct work_struct prepare;
};

/**
 * struct xepf_control - The control state machine of the VFs of one PF.
 */
struct xepf_control {
	/** @dev: device to log against. */
	struct device *dev;
	/** @ops: access to the GuC. */
	const struct xepf_control_ops *ops;
	/** @priv: cookie for @ops. */
	void *priv;
	/** @num_vfs: VFs handled, 1..@num_vfs. */
	unsigned int num_vfs;
	/** @vfs: state per VF, index = VFID (0 unused). */
	struct xepf_vf_control *vfs;
	/** @wq: the ordered workqueue of @worker. */
	struct workqueue_struct *wq;
	/** @worker: the one worker that runs the steps of every VF. */
	struct work_struct worker;
	/** @pending: bit per VFID with steps for @worker. */
	unsigned long *pending;
	/** @waitq: woken whenever a VF's state changes. */
	wait_queue_head_t waitq;
	/** @pause_timeout_ms: how long a pause waits for the GuC. */
	unsigned int pause_timeout_ms;
	/** @flr_timeout_ms: how long an FLR waits for the GuC. */
	unsigned int flr_timeout_ms;
};

#endif
