/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_EXEC_QUEUE_TYPES_H_
#define _XEVF_EXEC_QUEUE_TYPES_H_

#include <drm/gpu_scheduler.h>
#include <linux/completion.h>
#include <linux/dma-fence.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "xevf_guc_ct_types.h"
#include "xevf_lrc_types.h"

struct xevf_device;
struct xevf_vm;

/**
 * enum xevf_guc_change - A change of a context's state in the GuC, sent
 * and not yet acknowledged.
 * @XEVF_GUC_CHANGE_NONE: nothing in flight.
 * @XEVF_GUC_CHANGE_REGISTER: REGISTER_CONTEXT, waiting for its response.
 * @XEVF_GUC_CHANGE_ENABLE: SCHED_CONTEXT_MODE_SET enable, waiting for
 *	SCHED_CONTEXT_MODE_DONE.
 * @XEVF_GUC_CHANGE_DISABLE: SCHED_CONTEXT_MODE_SET disable, the same.
 * @XEVF_GUC_CHANGE_DEREGISTER: DEREGISTER_CONTEXT, waiting for
 *	DEREGISTER_CONTEXT_DONE.
 * @XEVF_GUC_CHANGE_POLICIES: UPDATE_CONTEXT_POLICIES, waiting for its
 *	response.
 */
enum xevf_guc_change {
	XEVF_GUC_CHANGE_NONE,
	XEVF_GUC_CHANGE_REGISTER,
	XEVF_GUC_CHANGE_ENABLE,
	XEVF_GUC_CHANGE_DISABLE,
	XEVF_GUC_CHANGE_DEREGISTER,
	XEVF_GUC_CHANGE_POLICIES,
};

/**
 * struct xevf_exec_queue - An exec queue: a GuC context on one engine class
 * with its scheduler, or a VM bind queue (no context).
 */
struct xevf_exec_queue {
	/**
	 * @refcount: the user's ID, every lookup, every job and every hardware
	 * fence hold one. Once the queue is killed the last one may be dropped
	 * from a fence's release, in any context: the queue's memory (its
	 * scheduler and name, which the job's fences point at) is all that is
	 * left by then.
	 */
	struct kref refcount;
	/** @xe: the device. */
	struct xevf_device *xe;
	/**
	 * @vm: the VM (a reference), NULL for a bind queue; dropped when the
	 * queue is killed, under @submit_lock.
	 */
	struct xevf_vm *vm;
	/** @vm_flags: DRM_XE_VM_CREATE_FLAG_* of @vm, kept after it is dropped. */
	u32 vm_flags;
	/** @link: entry in &xevf_submit.queues. */
	struct list_head link;
	/** @bind: a VM bind queue (DRM_XE_ENGINE_CLASS_VM_BIND). */
	bool bind;
	/** @class: the DRM engine class. */
	u16 class;
	/** @priority: XEVF_EXEC_QUEUE_PRIORITY_*, set at creation. */
	u32 priority;
	/** @timeslice_us: the time slice, microseconds, set at creation. */
	u32 timeslice_us;
	/** @preempt_timeout_us: the preemption timeout, microseconds. */
	u32 preempt_timeout_us;
	/** @guc_id: the GuC context ID. */
	u32 guc_id;
	/** @lrc: image, status page and ring. */
	struct xevf_lrc lrc;
	/**
	 * @bind_sched: a bind queue's @sched and @entity are up; they go once
	 * the queue is killed and its last job freed (xevf_vm_bind_queue_kill()).
	 */
	bool bind_sched;
	/** @bind_fini: a bind queue's teardown was handed to @bind_fini_work. */
	atomic_t bind_fini;
	/** @bind_seqno: the seqno of a bind queue's last job run. */
	atomic_t bind_seqno;
	/** @bind_fini_work: a bind queue's teardown. */
	struct work_struct bind_fini_work;
	/** @sched: the queue's own scheduler. */
	struct drm_gpu_scheduler sched;
	/** @entity: the queue's scheduler entity. */
	struct drm_sched_entity entity;
	/** @submit_lock: orders job arming and pushing; protects @killed. */
	struct mutex submit_lock;
	/** @killed: destroyed by its user; no new jobs. */
	bool killed;
	/**
	 * @last_fence: finished fence of the last job pushed, or NULL; dropped
	 * when the queue is killed (it holds a reference on the queue).
	 */
	struct dma_fence *last_fence;
	/** @registered: the GuC knows the context. */
	bool registered;
	/**
	 * @change: the state change in flight (one at a time per queue), so
	 * that the post-migration recovery replays it when the GuC had not
	 * consumed it before the VF was saved.
	 */
	enum xevf_guc_change change;
	/** @change_track: where @change's message went in the H2G ring. */
	struct xevf_guc_ct_track change_track;
	/** @replays: state changes the recovery replayed (debugfs). */
	u32 replays;
	/** @banned: a fault or timeout hit the queue; its jobs fail. */
	atomic_t banned;
	/** @fence_ctx: dma-fence context of the hardware fences. */
	u64 fence_ctx;
	/** @fence_lock: protects @inflight and the hardware fences. */
	spinlock_t fence_lock;
	/** @inflight: &struct xevf_hw_fence of jobs sent to the GuC. */
	struct list_head inflight;
	/** @jobs: jobs created and not yet freed (bind jobs too). */
	atomic_t jobs;
	/** @jobs_wq: woken when @jobs drops. */
	wait_queue_head_t jobs_wq;
	/** @mode_done: a SCHED_CONTEXT_MODE_DONE arrived. */
	struct completion mode_done;
	/** @dereg_done: a DEREGISTER_CONTEXT_DONE arrived. */
	struct completion dereg_done;
	/** @resets: CONTEXT_RESET_NOTIFICATIONs received. */
	u32 resets;
	/** @name: the scheduler's and the fences' timeline name. */
	char name[24];
};

/**
 * struct xevf_hw_fence - The fence of a job on the hardware: signalled when
 * the status page holds its seqno.
 */
struct xevf_hw_fence {
	/** @base: the fence. */
	struct dma_fence base;
	/** @link: entry in &xevf_exec_queue.inflight. */
	struct list_head link;
	/** @emit: the job's ring commands, for the recovery's re-emission. */
	struct xevf_lrc_job emit;
	/**
	 * @q: the queue, a reference from the fence's initialization to its
	 * release: the fence's timeline name is the queue's, and the scheduler
	 * fences of its job (which hold this fence as their parent) point at the
	 * queue's scheduler.
	 */
	struct xevf_exec_queue *q;
};

/**
 * struct xevf_job - A job of an exec queue: one batch.
 */
struct xevf_job {
	/** @base: the scheduler job. */
	struct drm_sched_job base;
	/** @q: the queue. */
	struct xevf_exec_queue *q;
	/** @hw: the hardware fence, allocated at creation. */
	struct xevf_hw_fence *hw;
	/** @batch: the ppGTT address of the batch. */
	u64 batch;
	/** @ufence: write a user fence after the batch. */
	bool ufence;
	/** @ufence_addr: its ppGTT address. */
	u64 ufence_addr;
	/** @ufence_value: its value. */
	u64 ufence_value;
};

/**
 * struct xevf_submit - The device's GuC submission state.
 */
struct xevf_submit {
	/**
	 * @stop_lock: taken outside @lock to add a queue to @queues or take
	 * one off, and held by the recovery's shutdown across the scheduler
	 * flushes (xevf_guc_submit_pause()): so @queues holds still there
	 * while @lock, which the fence-signalling steps of the recovery take,
	 * is never held across a flush of a scheduler's work.
	 */
	struct mutex stop_lock;
	/** @lock: protects @queues (with @stop_lock to change it) and @ids. */
	struct mutex lock;
	/** @queues: every exec queue with a context, for debugfs and recovery. */
	struct list_head queues;
	/** @ids: exec queues by GuC context ID. */
	struct xarray ids;
	/** @resets: CONTEXT_RESET_NOTIFICATIONs received. */
	u64 resets;
	/** @user_irqs: user interrupt events received. */
	u64 user_irqs;
	/** @stopped: the recovery stopped the schedulers (under @lock). */
	bool stopped;
};

#endif
