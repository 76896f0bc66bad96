/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GT_VF_MIGRATION_TYPES_H_
#define _XEVF_GT_VF_MIGRATION_TYPES_H_

#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "xevf_gt_vf_relay_types.h"

/**
 * enum xevf_gt_vf_migration_step - The steps of the post-migration
 * recovery, in their order (`xevf post-migration recovery`).
 * @XEVF_MIG_STEP_SHUTDOWN: drain G2H, pause CT senders and schedulers.
 * @XEVF_MIG_STEP_START: RESFIX_START with a fresh marker.
 * @XEVF_MIG_STEP_QUERY: re-query the provisioning over MMIO.
 * @XEVF_MIG_STEP_GGTT: shift the GGTT nodes to the new base.
 * @XEVF_MIG_STEP_REBASE: rebase every context image.
 * @XEVF_MIG_STEP_CT: discard unconsumed H2G, replay state changes.
 * @XEVF_MIG_STEP_REEMIT: re-emit the rings from the first unsignalled job.
 * @XEVF_MIG_STEP_DONE: RESFIX_DONE with the same marker.
 * @XEVF_MIG_STEP_RESUME: restart CT senders, scheduling and schedulers.
 * @XEVF_MIG_STEP_COUNT: the number of steps.
 */
enum xevf_gt_vf_migration_step {
	XEVF_MIG_STEP_SHUTDOWN,
	XEVF_MIG_STEP_START,
	XEVF_MIG_STEP_QUERY,
	XEVF_MIG_STEP_GGTT,
	XEVF_MIG_STEP_REBASE,
	XEVF_MIG_STEP_CT,
	XEVF_MIG_STEP_REEMIT,
	XEVF_MIG_STEP_DONE,
	XEVF_MIG_STEP_RESUME,
	XEVF_MIG_STEP_COUNT,
};

/* stoppers: hold the recovery before a step (debugfs, as upstream's) */
#define XEVF_MIG_STOP_START	BIT(0)
#define XEVF_MIG_STOP_FIXUPS	BIT(1)
#define XEVF_MIG_STOP_REEMIT	BIT(2)
#define XEVF_MIG_STOP_DONE	BIT(3)
#define XEVF_MIG_STOP_ALL	GENMASK(3, 0)

/* test knob: skip one class of fix-ups, to prove the tests catch it */
#define XEVF_MIG_SKIP_GGTT	BIT(0)
#define XEVF_MIG_SKIP_REBASE	BIT(1)
#define XEVF_MIG_SKIP_DISCARD	BIT(2)
#define XEVF_MIG_SKIP_REPLAY	BIT(3)
#define XEVF_MIG_SKIP_REEMIT	BIT(4)
#define XEVF_MIG_SKIP_RESCHED	BIT(5)
#define XEVF_MIG_SKIP_ALL	GENMASK(5, 0)

/* &xevf_gt_vf_migration.flags */
#define XEVF_MIG_PENDING	0	/* MIGRATED seen, RESFIX_START not sent */
#define XEVF_MIG_RUNNING	1	/* the worker runs */
#define XEVF_MIG_WEDGED		2	/* unrecoverable: the device is wedged */
#define XEVF_MIG_UNBIND		3	/* the driver unbinds: abort, no new work */

/**
 * struct xevf_gt_vf_migration_stats - What the recovery counted and timed.
 */
struct xevf_gt_vf_migration_stats {
	/** @recoveries: recoveries that ended with RESFIX_DONE accepted. */
	u64 recoveries;
	/** @restarts: restarts from the shutdown (VF_MIGRATED on DONE). */
	u64 restarts;
	/** @absorbed: MIGRATED interrupts folded into a pending recovery. */
	u64 absorbed;
	/** @spurious: MIGRATED interrupts whose RESFIX_START was refused. */
	u64 spurious;
	/** @wedges: unrecoverable failures. */
	u64 wedges;
	/** @wedge_step: the &enum xevf_gt_vf_migration_step that wedged the device. */
	unsigned int wedge_step;
	/** @wedge_err: the errno it failed with (negative), 0 if never. */
	int wedge_err;
	/** @replayed: GuC state changes sent again. */
	u64 replayed;
	/** @discarded_dw: H2G dwords discarded. */
	u64 discarded_dw;
	/** @reemitted: jobs whose ring commands were emitted again. */
	u64 reemitted;
	/** @resubmitted: queues whose scheduling request was sent again. */
	u64 resubmitted;
	/** @last_ns: the last recovery, from the interrupt to RESFIX_DONE. */
	u64 last_ns;
	/** @max_ns: the longest recovery. */
	u64 max_ns;
	/** @step_last_ns: the last duration of each step. */
	u64 step_last_ns[XEVF_MIG_STEP_COUNT];
	/** @step_max_ns: the longest duration of each step. */
	u64 step_max_ns[XEVF_MIG_STEP_COUNT];
};

/**
 * struct xevf_gt_vf_migration - The post-migration recovery of a VF.
 *
 * Everything the worker needs is here or pre-allocated elsewhere: the
 * recovery path allocates nothing.
 */
struct xevf_gt_vf_migration {
	/** @work: the worker, on &xevf_device.recovery_wq (ordered). */
	struct work_struct work;
	/** @flags: XEVF_MIG_* bits. */
	unsigned long flags;
	/** @irq_lock: orders the interrupt's queueing against the unbind. */
	spinlock_t irq_lock;
	/** @wq: woken when the recovery ends, is wedged, or a stopper changes. */
	wait_queue_head_t wq;
	/** @lock: protects @stoppers, @skip, @held and @stats. */
	struct mutex lock;
	/** @stoppers: XEVF_MIG_STOP_* bits to hold at (debugfs). */
	u32 stoppers;
	/** @skip: XEVF_MIG_SKIP_* classes to skip (debugfs, tests only). */
	u32 skip;
	/** @held: the stopper the worker waits at, 0 for none. */
	u32 held;
	/** @marker: the marker of the last RESFIX_START. */
	u16 marker;
	/** @irq_ns: ktime of the MIGRATED interrupt the recovery serves. */
	u64 irq_ns;
	/** @config: the provisioning re-queried after the migration. */
	struct xevf_vf_config config;
	/** @stats: counters and durations (debugfs). */
	struct xevf_gt_vf_migration_stats stats;
};

#endif
