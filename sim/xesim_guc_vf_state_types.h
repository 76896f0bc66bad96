/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_VF_STATE_TYPES_H_
#define _XESIM_GUC_VF_STATE_TYPES_H_

#include <linux/bits.h>
#include <linux/mutex.h>
#include <linux/types.h>

/**
 * enum xesim_guc_vf_state_id - The GuC's state of one VF.
 * @XESIM_GUC_VF_UNPROVISIONED: no usable configuration (no GGTT range or no
 *                              contexts); the VF cannot do anything.
 * @XESIM_GUC_VF_READY: provisioned and operable; the state after FLR, after
 *                      provisioning and after VF2GUC_VF_RESET.
 * @XESIM_GUC_VF_READY_PAUSED: paused by the PF (nothing runs); saving is
 *                             allowed once the pause completed.
 * @XESIM_GUC_VF_RESFIX_PAUSED: paused, holding state restored from another
 *                              GuC (or paused during fix-ups).
 * @XESIM_GUC_VF_RESFIX_BLOCKED: resumed after a restore: MIGRATED was
 *                               raised and nothing runs until the VF sends
 *                               RESFIX_DONE with its marker.
 * @XESIM_GUC_VF_RUNNING: operable again after fix-ups.
 * @XESIM_GUC_VF_STOPPED: halted by the PF until the next FLR.
 * @XESIM_GUC_VF_FLR_IN_PROGRESS: between the PF's FLR start and FLR finish.
 * @XESIM_GUC_VF_NUM_STATES: number of states.
 */
enum xesim_guc_vf_state_id {
	XESIM_GUC_VF_UNPROVISIONED,
	XESIM_GUC_VF_READY,
	XESIM_GUC_VF_READY_PAUSED,
	XESIM_GUC_VF_RESFIX_PAUSED,
	XESIM_GUC_VF_RESFIX_BLOCKED,
	XESIM_GUC_VF_RUNNING,
	XESIM_GUC_VF_STOPPED,
	XESIM_GUC_VF_FLR_IN_PROGRESS,
	XESIM_GUC_VF_NUM_STATES
};

/**
 * enum xesim_guc_vf_event - What can happen to a VF's GuC state.
 * @XESIM_GUC_VF_EV_PROVISION: the PF's UPDATE_VF_CFG left a usable
 *                             configuration.
 * @XESIM_GUC_VF_EV_UNPROVISION: the PF's UPDATE_VF_CFG reset the
 *                               configuration or left it unusable.
 * @XESIM_GUC_VF_EV_PAUSE: PF2GUC_VF_CONTROL pause.
 * @XESIM_GUC_VF_EV_RESUME: PF2GUC_VF_CONTROL resume.
 * @XESIM_GUC_VF_EV_STOP: PF2GUC_VF_CONTROL stop.
 * @XESIM_GUC_VF_EV_FLR_START: PF2GUC_VF_CONTROL FLR start.
 * @XESIM_GUC_VF_EV_FLR_FINISH: PF2GUC_VF_CONTROL FLR finish.
 * @XESIM_GUC_VF_EV_PAUSE_DONE: the device's engines hold nothing of the VF
 *                              in flight any more (completes a pause).
 * @XESIM_GUC_VF_EV_SAVE: PF2GUC_SAVE_RESTORE_VF save.
 * @XESIM_GUC_VF_EV_RESTORE: PF2GUC_SAVE_RESTORE_VF restore.
 * @XESIM_GUC_VF_EV_VF_RESET: VF2GUC_VF_RESET.
 * @XESIM_GUC_VF_EV_VF_QUERY: VF2GUC_MATCH_VERSION or
 *                            VF2GUC_QUERY_SINGLE_KLV.
 * @XESIM_GUC_VF_EV_RESFIX_START: VF2GUC_RESFIX_START; the argument is the
 *                                marker.
 * @XESIM_GUC_VF_EV_RESFIX_DONE: VF2GUC_RESFIX_DONE; the argument is the
 *                               marker.
 * @XESIM_GUC_VF_EV_VF_SUBMIT: the VF asks for work to be done (a CT message,
 *                             a context registration or submission, a
 *                             doorbell ring).
 * @XESIM_GUC_VF_NUM_EVENTS: number of events.
 */
enum xesim_guc_vf_event {
	XESIM_GUC_VF_EV_PROVISION,
	XESIM_GUC_VF_EV_UNPROVISION,
	XESIM_GUC_VF_EV_PAUSE,
	XESIM_GUC_VF_EV_RESUME,
	XESIM_GUC_VF_EV_STOP,
	XESIM_GUC_VF_EV_FLR_START,
	XESIM_GUC_VF_EV_FLR_FINISH,
	XESIM_GUC_VF_EV_PAUSE_DONE,
	XESIM_GUC_VF_EV_SAVE,
	XESIM_GUC_VF_EV_RESTORE,
	XESIM_GUC_VF_EV_VF_RESET,
	XESIM_GUC_VF_EV_VF_QUERY,
	XESIM_GUC_VF_EV_RESFIX_START,
	XESIM_GUC_VF_EV_RESFIX_DONE,
	XESIM_GUC_VF_EV_VF_SUBMIT,
	XESIM_GUC_VF_NUM_EVENTS
};

/*
 * What the device must do after a transition (&struct xesim_guc_vf_action
 * flags), in this order: stop, reset or wipe, load, then allow, raise.
 */
/* Stop scheduling the VF's work; running work stops at a command boundary. */
#define XESIM_GUC_VF_ACT_STOP_ENGINES	BIT(0)
/* Call xesim_guc_vf_state_pause_done() once the engines hold nothing of the VF. */
#define XESIM_GUC_VF_ACT_WAIT_IDLE	BIT(1)
/* Forget the GuC's state of the VF: contexts, doorbells, CT registration. */
#define XESIM_GUC_VF_ACT_RESET_GUC	BIT(2)
/* FLR: also clear the VF's GGTT entries, VRAM and scratch registers. */
#define XESIM_GUC_VF_ACT_WIPE		BIT(3)
/* Restore: install the snapshot that the restore produced. */
#define XESIM_GUC_VF_ACT_LOAD_STATE	BIT(4)
/* The VF's work may be scheduled again. */
#define XESIM_GUC_VF_ACT_ALLOW_ENGINES	BIT(5)
/* Raise the MIGRATED interrupt (GuC vector SW_INT_0) on the VF. */
#define XESIM_GUC_VF_ACT_RAISE_MIGRATED	BIT(6)

/**
 * struct xesim_guc_vf_action - What the device must do after a state
 * transition: the output of every call that changes a VF's GuC state.
 */
struct xesim_guc_vf_action {
	/** @flags: XESIM_GUC_VF_ACT_* bits; 0 when nothing is to be done. */
	u32 flags;
	/**
	 * @notify: GUC2PF_VF_STATE_NOTIFY event (GUC_PF_NOTIFY_VF_*) to send
	 * to the PF for this VF, or 0 for none.
	 */
	u32 notify;
};

/**
 * struct xesim_guc_vf_config - A VF's configuration as the GuC knows it,
 * set by the PF with PF2GUC_UPDATE_VF_CFG and read by the VF with
 * VF2GUC_QUERY_SINGLE_KLV. Protected by the lock of the VF's
 * &struct xesim_guc_vf_state.
 */
struct xesim_guc_vf_config {
	/** @ggtt_start: first GGTT address of the VF, 4 KiB aligned. */
	u64 ggtt_start;
	/** @ggtt_size: size of the VF's GGTT range in bytes; 0 = none. */
	u64 ggtt_size;
	/** @lmem_size: size of the VF's local memory in bytes. */
	u64 lmem_size;
	/** @num_ctxs: GuC context IDs of the VF (IDs 0..@num_ctxs - 1). */
	u32 num_ctxs;
	/** @num_dbs: doorbells of the VF (IDs 0..@num_dbs - 1). */
	u32 num_dbs;
};

/**
 * struct xesim_guc_vf_state - The GuC's state machine of one VF.
 *
 * All fields are protected by @lock, which the device owns and holds
 * around every call that takes this structure (asserted with lockdep),
 * except that @cur may be peeked without it through
 * xesim_guc_vf_state_get() and xesim_guc_vf_state_runnable().
 */
struct xesim_guc_vf_state {
	/** @lock: the device's per-VF GuC lock. */
	struct mutex *lock;
	/** @name: log prefix, the VF's device name (e.g. "xesim0.vf1"). */
	char name[32];
	/** @vfid: the VF number, 1-based. */
	unsigned int vfid;
	/** @cur: the current state. */
	enum xesim_guc_vf_state_id cur;
	/**
	 * @pause_pending: a pause was accepted (@cur is a paused state) but
	 * the engines still hold work of the VF; cleared by the pause done
	 * event, resume, stop and FLR.
	 */
	bool pause_pending;
	/** @provisioned: the VF's configuration is usable. */
	bool provisioned;
	/**
	 * @marker: marker of the last accepted RESFIX_START, 0 if none; reset
	 * by a restore, by RESFIX_DONE, VF_RESET and FLR.
	 */
	u32 marker;
	/** @refused: requests refused so far, for debugfs. */
	u32 refused;
};

#endif
