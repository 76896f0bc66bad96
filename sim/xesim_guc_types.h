/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_TYPES_H_
#define _XESIM_GUC_TYPES_H_

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "abi/guc_ct_abi.h"
#include "xesim_engine_cs_types.h"
#include "xesim_guc_hxg_types.h"
#include "xesim_guc_policy.h"
#include "xesim_guc_vf_state_types.h"
#include "xesim_regs_types.h"

struct task_struct;
struct xesim_fn;
struct xesim_gpu;
struct xesim_guc;
struct xesim_guc_fn;

/* engines of every GPU: one render, one copy */
#define XESIM_GUC_NUM_ENGINES		2
/* contexts the PF may register (the PF is not provisioned) */
#define XESIM_GUC_PF_CTXS		64
/* commands per time slice */
#define XESIM_GUC_SLICE			256
/* G2H messages the GuC holds back while the host's G2H ring is full */
#define XESIM_GUC_G2H_BACKLOG_MAX	256

/**
 * struct xesim_guc_ctx_pf - A recoverable page fault the GuC reported and
 * waits for the answer to (`xesim GuC page faults`).
 */
struct xesim_guc_ctx_pf {
	/** @fault: the fault, as the engine recorded it. */
	struct xesim_cs_fault fault;
	/** @asid: the context's address space ID. */
	u32 asid;
	/** @pdata: the tag the descriptor carried; the reply must echo it. */
	u16 pdata;
	/** @engine_class: the GuC engine class of the faulting engine. */
	u8 engine_class;
	/** @engine_instance: its instance. */
	u8 engine_instance;
};

/**
 * struct xesim_guc_ctx - A context registered with the GuC.
 *
 * @id, @engine_class and @lrca are set at registration and constant. The
 * scheduling fields (@queued to @dereg_pending, @link) are protected by
 * &xesim_guc.sched_lock; @enabled is written under the owner's
 * &xesim_guc_fn.lock and the sched lock, and read under either.
 */
struct xesim_guc_ctx {
	/** @gf: the owning function's GuC state. */
	struct xesim_guc_fn *gf;
	/** @id: the context ID, below the function's context count. */
	u32 id;
	/** @engine_class: GUC_RENDER_CLASS or GUC_BLITTER_CLASS. */
	u32 engine_class;
	/** @lrca: GGTT address of the context image. */
	u32 lrca;
	/** @enabled: scheduling enabled (SCHED_CONTEXT_MODE_SET). */
	bool enabled;
	/** @queued: on its engine's run queue (@link). */
	bool queued;
	/** @running: an engine runs a slice of it now. */
	bool running;
	/** @kick: submitted while running: run again after the slice. */
	bool kick;
	/** @dead: deregistered or forgotten while running: freed by the engine. */
	bool dead;
	/** @disable_pending: send SCHED_CONTEXT_MODE_DONE after the slice. */
	bool disable_pending;
	/** @dereg_pending: send DEREGISTER_CONTEXT_DONE after the slice. */
	bool dereg_pending;
	/**
	 * @resubmit: restored as submitted: queued when the VF may run again
	 * (RESFIX_DONE), unlike a restored context that was not submitted.
	 */
	bool resubmit;
	/**
	 * @stalled: stopped at a recoverable page fault reported to the
	 * driver and not answered yet (@pf); never queued meanwhile. Under the
	 * sched lock.
	 */
	bool stalled;
	/** @pf: the pending page fault, while @stalled. */
	struct xesim_guc_ctx_pf pf;
	/** @link: entry in &xesim_guc_engine.queue. */
	struct list_head link;
	/** @policy: scheduling policies (under the sched lock). */
	struct xesim_guc_ctx_policy policy;
};

/**
 * struct xesim_guc_ct_dir - One direction of a CT channel, as the GuC
 * keeps it. Protected by &xesim_guc_fn.ct_lock.
 */
struct xesim_guc_ct_dir {
	/** @desc: GGTT address of the descriptor. */
	u64 desc;
	/** @buf: GGTT address of the circular buffer. */
	u64 buf;
	/** @size: size of the buffer in bytes. */
	u32 size;
	/** @pos: H2G: the GuC's head; G2H: the GuC's tail (dwords). */
	u32 pos;
};

/**
 * struct xesim_guc_g2h_msg - A G2H message held back while the ring is full.
 */
struct xesim_guc_g2h_msg {
	/** @link: entry in &xesim_guc_fn.backlog. */
	struct list_head link;
	/** @len: dwords in @msg, the CTB header included. */
	u32 len;
	/** @msg: the CTB header, then the HXG message. */
	u32 msg[];
};

/**
 * enum xesim_guc_hook_point - Where the GuC model can stop for a KUnit test.
 * @XESIM_GUC_HOOK_H2G_DEQUEUED: an H2G message of the function was taken
 *	from its ring and is about to be applied.
 * @XESIM_GUC_HOOK_SLICE_END: a slice of one of the function's contexts
 *	ended its commands; the context still counts as running, its end of
 *	slice events are not sent yet.
 * @XESIM_GUC_HOOK_SLICE_EVENTS: after a slice of one of the function's
 *	contexts, its end of slice events are about to be sent.
 * @XESIM_GUC_HOOK_MMIO_TAKEN: the GuC's worker took a request the doorbell
 *	latched and is about to serve it (holding the function's MMIO lock).
 * @XESIM_GUC_HOOK_NR: number of hook points.
 */
enum xesim_guc_hook_point {
	XESIM_GUC_HOOK_H2G_DEQUEUED,
	XESIM_GUC_HOOK_SLICE_END,
	XESIM_GUC_HOOK_SLICE_EVENTS,
	XESIM_GUC_HOOK_MMIO_TAKEN,
	XESIM_GUC_HOOK_NR
};

/**
 * struct xesim_guc_hook - A one-shot stop of the GuC model for a KUnit test
 * (xesim_guc_test_hook()): the model completes @reached at the hook point
 * and waits for @release (at most 10 seconds) before it goes on.
 */
struct xesim_guc_hook {
	/** @reached: completed by the model at the hook point. */
	struct completion reached;
	/** @release: completed by the test to let the model go on. */
	struct completion release;
};

/**
 * struct xesim_guc_fn - The GuC's state of one function (the PF or a VF).
 *
 * It exists for every VFID of the GPU, whether the VF is enabled or not:
 * the GuC keeps a VF's configuration and state across VF disabling.
 *
 * Locking, outermost first: @mmio_lock (serializes MMIO requests), @lock
 * (state machine, configuration, contexts, memirq addresses), @ct_lock (CT
 * registration and the ring positions, the G2H backlog), then the GPU's
 * &xesim_guc.sched_lock (a spinlock). The PF's handlers take a VF's @lock
 * without any @lock of their own; no path holds two functions' @lock or
 * @ct_lock. Engine threads take only @ct_lock and the sched lock.
 */
struct xesim_guc_fn {
	/** @guc: the GPU's GuC. */
	struct xesim_guc *guc;
	/** @vfid: 0 for the PF. */
	unsigned int vfid;
	/**
	 * @fn: the function while it exists, else NULL; written under @lock,
	 * @ct_lock and the sched lock, read under any of them.
	 */
	struct xesim_fn *fn;
	/** @mmio_lock: serializes the function's MMIO requests. */
	struct mutex mmio_lock;
	/**
	 * @mmio_work: serves @mmio_req after a doorbell, in the GuC's own
	 * context.
	 */
	struct work_struct mmio_work;
	/** @mmio_latch_lock: protects @mmio_req, @mmio_latched and @mmio_seq. */
	spinlock_t mmio_latch_lock;
	/** @mmio_latched: @mmio_req holds a request @mmio_work has not taken. */
	bool mmio_latched;
	/**
	 * @mmio_seq: counts latched requests and FLRs: a reply is written to
	 * the scratch registers only for the newest request, and a request
	 * taken before an FLR or before a newer doorbell is not applied.
	 */
	u32 mmio_seq;
	/** @mmio_req: the request the doorbell latched from the scratch registers. */
	u32 mmio_req[SOFT_SCRATCH_COUNT];
	/** @lock: see above. */
	struct mutex lock;
	/** @vf: VF only: the GuC state machine. */
	struct xesim_guc_vf_state vf;
	/** @cfg: VF only: the configuration from PF2GUC_UPDATE_VF_CFG. */
	struct xesim_guc_vf_config cfg;
	/** @scratch: PF only: SOFT_SCRATCH(0..15). */
	u32 scratch[SOFT_SCRATCH_COUNT];
	/** @busy_reply: the final reply owed after a busy reply. */
	struct xesim_hxg_reply busy_reply;
	/** @busy_seq: the @mmio_seq of the request @busy_reply answers. */
	u32 busy_seq;
	/** @busy_work: publishes @busy_reply. */
	struct delayed_work busy_work;
	/** @ctxs: registered contexts by ID (under @lock). */
	struct xarray ctxs;
	/** @memirq_status: SELF_CFG MEMIRQ status address, 0 if none. */
	u64 memirq_status;
	/** @memirq_source: SELF_CFG MEMIRQ source address, 0 if none. */
	u64 memirq_source;
	/** @ct_lock: see above. */
	struct mutex ct_lock;
	/** @ct_enabled: CONTROL_CTB enabled the channel. */
	bool ct_enabled;
	/** @h2g: the host-to-GuC direction. */
	struct xesim_guc_ct_dir h2g;
	/** @g2h: the GuC-to-host direction. */
	struct xesim_guc_ct_dir g2h;
	/** @backlog: &struct xesim_guc_g2h_msg waiting for ring space. */
	struct list_head backlog;
	/** @backlog_len: entries in @backlog. */
	u32 backlog_len;
	/**
	 * @hold_h2g: VF only: the GuC consumes none of the function's H2G
	 * messages (debugfs ``hold_h2g``); they wait in the ring.
	 */
	bool hold_h2g;
	/**
	 * @h2g_scan: dword offset in the H2G ring up to which messages that
	 * arrived in RESFIX_PAUSED or RESFIX_BLOCKED were counted (@ct_lock).
	 */
	u32 h2g_scan;
	/** @hooks: KUnit hooks, per &enum xesim_guc_hook_point. */
	struct xesim_guc_hook *hooks[XESIM_GUC_HOOK_NR];
	/** @h2g_work: consumes the H2G ring. */
	struct work_struct h2g_work;
	/** @g2h_work: retries the G2H backlog while it is not empty. */
	struct delayed_work g2h_work;
	/** @pause_work: completes a pause once the engines are idle. */
	struct work_struct pause_work;
	/** @inflight: slices of the function's contexts running (sched lock). */
	unsigned int inflight;
	/** @ctx_resets: contexts reset by a device fault. */
	atomic64_t ctx_resets;
	/** @pf_reported: recoverable page faults reported to the driver. */
	atomic64_t pf_reported;
	/** @pf_resolved: page faults the driver answered with success. */
	atomic64_t pf_resolved;
	/** @pf_failed: page faults the driver could not resolve (reset). */
	atomic64_t pf_failed;
	/** @pf_dropped: page fault replies that matched no pending fault. */
	atomic64_t pf_dropped;
	/** @pf_seq: the last page fault tag (PDATA) given out; under the lock. */
	u16 pf_seq;
	/** @h2g_msgs: H2G messages consumed. */
	atomic64_t h2g_msgs;
	/**
	 * @h2g_while_blocked: H2G messages the VF wrote while in RESFIX_PAUSED
	 * or RESFIX_BLOCKED (not consumed then, but after RESFIX_DONE).
	 */
	atomic64_t h2g_while_blocked;
	/** @h2g_refused: H2G and MMIO requests answered with a failure. */
	atomic64_t h2g_refused;
	/** @g2h_msgs: G2H messages written. */
	atomic64_t g2h_msgs;
	/** @g2h_dropped: G2H messages lost (no channel, backlog full). */
	atomic64_t g2h_dropped;
	/** @ct_errors: descriptor errors found (status bits set). */
	atomic64_t ct_errors;
	/** @user_irqs: MI_USER_INTERRUPTs executed. */
	atomic64_t user_irqs;
};

/**
 * struct xesim_guc_engine - One engine: a kthread running the contexts the
 * GuC queued on it, a time slice at a time.
 */
struct xesim_guc_engine {
	/** @guc: the GPU's GuC. */
	struct xesim_guc *guc;
	/** @name: "rcs0" or "bcs0". */
	const char *name;
	/** @class: GUC_RENDER_CLASS or GUC_BLITTER_CLASS. */
	u32 class;
	/** @thread: the engine thread. */
	struct task_struct *thread;
	/** @queue: runnable contexts, in order (sched lock). */
	struct list_head queue;
	/** @stats: command streamer counters (the engine thread only). */
	struct xesim_cs_stats stats;
	/** @slices: time slices run. */
	atomic64_t slices;
};

/**
 * struct xesim_guc - The GuC firmware model of one GPU (&xesim_gpu.model).
 */
struct xesim_guc {
	/** @gpu: the GPU. */
	struct xesim_gpu *gpu;
	/** @nr_fns: entries in @fns (max_vfs + 1). */
	unsigned int nr_fns;
	/** @fns: per VFID (0 = PF) the GuC's state of the function. */
	struct xesim_guc_fn *fns;
	/** @sched_lock: protects the run queues and scheduling fields. */
	spinlock_t sched_lock;
	/** @sched_wq: engine threads wait here for work. */
	wait_queue_head_t sched_wq;
	/** @idle_wq: woken when a function's in-flight count drops. */
	wait_queue_head_t idle_wq;
	/** @atomic_lock: makes MI_ATOMIC atomic across the engines. */
	struct mutex atomic_lock;
	/** @engines: the engines. */
	struct xesim_guc_engine engines[XESIM_GUC_NUM_ENGINES];
	/** @wq: the GuC's workqueue (H2G, pause, busy replies). */
	struct workqueue_struct *wq;
	/** @hooks: the doorbell hook, then one per SOFT_SCRATCH register. */
	struct xesim_reg_hook hooks[1 + SOFT_SCRATCH_COUNT];
};

#endif
