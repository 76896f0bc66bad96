// SPDX-License-Identifier: GPL-2.0
/*
 * GuC submission: contexts registered with the GuC, a drm_sched scheduler
 * per exec queue, hardware fences, and fault and timeout handling.
 */

#include <kunit/visibility.h>
#include <drm/drm_drv.h>
#include <drm/drm_print.h>
#include <drm/gpu_scheduler.h>
#include <drm/xe_drm.h>
#include <linux/bitfield.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include <abi/guc_ct_abi.h>
#include <abi/guc_klvs_abi.h>
#include <abi/guc_relay_abi.h>
#include <abi/xe_ctx_abi.h>

#include "xevf_device.h"
#include "xevf_device_types.h"
#include "xevf_exec_queue.h"
#include "xevf_exec_queue_types.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_guc_ct.h"
#include "xevf_guc_hxg.h"
#include "xevf_guc_submit.h"
#include "xevf_lrc.h"
#include "xevf_printk.h"
#include "xevf_vm.h"
#include "xevf_vm_types.h"

/**
 * DOC: xevf submission
 *
 * Every exec queue is one GuC context with its own &struct
 * drm_gpu_scheduler and entity (upstream Xe's model: the GuC schedules,
 * drm_sched only orders and limits). Creating the queue writes its context
 * image (`xevf ring emission`), takes a GuC context ID below the VF's
 * provisioned count, sends REGISTER_CONTEXT (LRCA = the image's GGTT
 * address, computed from its node) and waits for the response, sends the
 * queue's properties as HOST2GUC_UPDATE_CONTEXT_POLICIES (execution quantum
 * = the time slice, preemption timeout, priority mapped as upstream; `xevf
 * exec queues`) and waits for its response, then enables it with
 * SCHED_CONTEXT_MODE_SET and waits for SCHED_CONTEXT_MODE_DONE. Like the
 * registration, a policy update the GuC had not consumed at a migration is
 * sent again by the recovery.
 *
 * run_job emits the job into the ring, publishes the tail in the image and
 * sends SCHED_CONTEXT; its hardware fence joins the queue's in-flight list.
 * The GuC's user interrupt event (0x1f00) for the context makes the driver
 * read the seqno from the status page and signal every in-flight fence up to
 * it; user fence waiters are woken too. The scheduler allows at most as many
 * jobs in flight as the ring holds.
 *
 * Faults: CONTEXT_RESET_NOTIFICATION for a context bans its queue: every
 * in-flight fence is signalled with -EIO, later jobs complete at once with
 * -ECANCELED, EXEC on it fails with -ECANCELED and WAIT_USER_FENCE on it
 * with -EIO; other queues and the device keep working. A job that does not
 * complete within the scheduler's timeout (10 s) bans its queue and
 * disables the context in the GuC, so a hung batch stops using the engine;
 * the scheduler is stopped and started around that, which completes the
 * queue's jobs in flight with -ECANCELED.
 *
 * Destroying a queue stops new jobs, flushes its entity, waits for the jobs
 * in flight (banning the queue if they do not finish), then disables and
 * deregisters the context (waiting for MODE_DONE and DEREGISTER_DONE) and
 * frees its ID, scheduler and memory. Every queue with a context is on
 * &xevf_submit.queues, so the later recovery can walk every context image,
 * ring and status page without allocating. When the driver unbinds, all
 * queues are banned with -ENODEV and nothing reaches the device afterwards.
 *
 * Fences outlive queues: a syncobj or sync_file may hold a job's fences
 * long after EXEC_QUEUE_DESTROY, and their timeline name is the queue's
 * (the scheduler fences' is the scheduler's, embedded in the queue). So
 * every hardware fence holds a reference on its queue until the fence's
 * release, and the scheduler fences hold the hardware fence as their
 * parent; a killed queue keeps nothing but its memory, which the last
 * fence frees, from whatever context it is released in.
 */

#define XEVF_SUBMIT_ROLE		"submit"
#define XEVF_JOB_TIMEOUT_MS		10000
#define XEVF_GUC_EVENT_TIMEOUT_MS	5000
#define XEVF_JOB_DRAIN_TIMEOUT_MS	12000
#define XEVF_SCHED_CREDITS		255

static const char *xevf_hw_fence_driver(struct dma_fence *fence)
{
	return "xe";
}

static const char *xevf_hw_fence_timeline(struct dma_fence *fence)
{
	return container_of(fence, struct xevf_hw_fence, base)->q->name;
}

/* any context: the queue, killed by now if this is its last reference, is only memory */
static void xevf_hw_fence_release(struct dma_fence *fence)
{
	struct xevf_hw_fence *hw = container_of(fence, struct xevf_hw_fence, base);
	struct xevf_exec_queue *q = hw->q;

	kfree_rcu(hw, base.rcu);
	xevf_exec_queue_put(q);
}

static const struct dma_fence_ops xevf_hw_fence_ops = {
	.get_driver_name = xevf_hw_fence_driver,
	.get_timeline_name = xevf_hw_fence_timeline,
	.release = xevf_hw_fence_release,
};

/* the fence holds a reference on its queue until its release */
static void xevf_hw_fence_init(struct xevf_hw_fence *hw, u32 seqno)
{
	struct xevf_exec_queue *q = hw->q;

	kref_get(&q->refcount);
	dma_fence_init(&hw->base, &xevf_hw_fence_ops, &q->fence_lock, q->fence_ctx,
		       seqno);
}

static struct xevf_job *to_xevf_job(struct drm_sched_job *job)
{
	return container_of(job, struct xevf_job, base);
}

static struct xevf_exec_queue *xevf_submit_find(struct xevf_device *xe, u32 id)
{
	lockdep_assert_held(&xe->submit.lock);
	return xa_load(&xe->submit.ids, id);
}

/* signal in-flight fences: up to the status page's seqno, or all with @err */
static void xevf_submit_signal(struct xevf_exec_queue *q, int err)
{
	struct xevf_hw_fence *f, *tmp;
	u32 hw = xevf_lrc_hw_seqno(&q->lrc);
	unsigned long flags;

	spin_lock_irqsave(&q->fence_lock, flags);
	list_for_each_entry_safe(f, tmp, &q->inflight, link) {
		if (!err && (s32)(hw - (u32)f->base.seqno) < 0)
			break;
		list_del_init(&f->link);
		if (err)
			dma_fence_set_error(&f->base, err);
		dma_fence_signal_locked(&f->base);
		dma_fence_put(&f->base);
	}
	spin_unlock_irqrestore(&q->fence_lock, flags);
	wake_up_all(&q->xe->ufence_wq);
}

/**
 * xevf_guc_submit_ban() - Ban a queue: fail its jobs, in flight and to come.
 * @q: the queue.
 * @err: the error of the in-flight jobs' fences.
 *
 * Context: any process context, the G2H handler included.
 */
void xevf_guc_submit_ban(struct xevf_exec_queue *q, int err)
{
	if (!atomic_xchg(&q->banned, 1))
		xevf_info(q->xe, XEVF_SUBMIT_ROLE, "exec queue %s banned: %pe\n",
			  q->name, ERR_PTR(err));
	xevf_submit_signal(q, err);
}

/**
 * xevf_guc_submit_banned() - Whether a queue was banned.
 * @q: the queue.
 *
 * Return: true once banned.
 */
bool xevf_guc_submit_banned(struct xevf_exec_queue *q)
{
	return atomic_read(&q->banned);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_guc_submit_banned);

static void xevf_submit_g2h(struct xevf_device *xe, const u32 *msg, u32 len)
{
	u32 action = FIELD_GET(GUC_HXG_EVENT_MSG_0_ACTION, msg[0]);
	struct xevf_exec_queue *q;

	if (len < 2) {
		xevf_err_ratelimited(xe, XEVF_SUBMIT_ROLE, "G2H %#x too short\n", action);
		return;
	}
	guard(mutex)(&xe->submit.lock);
	q = xevf_submit_find(xe, msg[1]);
	if (!q) {
		xevf_dbg(xe, XEVF_SUBMIT_ROLE, "G2H %#x for unknown context %u\n",
			 action, msg[1]);
		return;
	}
	switch (action) {
	case XESIM_GUC_ACTION_CONTEXT_USER_INTERRUPT:
		xe->submit.user_irqs++;
		xevf_submit_signal(q, 0);
		break;
	case XE_GUC_ACTION_SCHED_CONTEXT_MODE_DONE:
		if (q->change == XEVF_GUC_CHANGE_ENABLE || q->change == XEVF_GUC_CHANGE_DISABLE)
			WRITE_ONCE(q->change_track.pending, false);
		complete(&q->mode_done);
		break;
	case XE_GUC_ACTION_DEREGISTER_CONTEXT_DONE:
		if (q->change == XEVF_GUC_CHANGE_DEREGISTER)
			WRITE_ONCE(q->change_track.pending, false);
		complete(&q->dereg_done);
		break;
	case XE_GUC_ACTION_CONTEXT_RESET_NOTIFICATION:
		xe->submit.resets++;
		q->resets++;
		xevf_err(xe, XEVF_SUBMIT_ROLE,
			 "context %u (%s) faulted: info %#x addr %#x%08x cmd %#x\n", q->guc_id,
			 q->name, xevf_lrc_read_image(&q->lrc, XESIM_CTX_OFF_FAULT_INFO),
			 xevf_lrc_read_image(&q->lrc, XESIM_CTX_OFF_FAULT_ADDR + 4),
			 xevf_lrc_read_image(&q->lrc, XESIM_CTX_OFF_FAULT_ADDR),
			 xevf_lrc_read_image(&q->lrc, XESIM_CTX_OFF_FAULT_CMD));
		/* the seqnos written before the fault still complete */
		xevf_submit_signal(q, 0);
		xevf_guc_submit_ban(q, -EIO);
		break;
	default:
		xevf_err_ratelimited(xe, XEVF_SUBMIT_ROLE, "unexpected G2H event %#x\n",
				     action);
	}
}

/**
 * xevf_guc_submit_init() - Set up GuC submission and take the G2H events.
 * @xe: the device, before the CT channel is up.
 *
 * Return: 0.
 */
int xevf_guc_submit_init(struct xevf_device *xe)
{
	mutex_init(&xe->submit.stop_lock);
	mutex_init(&xe->submit.lock);
	INIT_LIST_HEAD(&xe->submit.queues);
	xa_init_flags(&xe->submit.ids, XA_FLAGS_ALLOC);
	xe->ct.event = xevf_submit_g2h;
	return 0;
}

/**
 * xevf_guc_submit_wedge() - Ban every queue: the driver unbinds, or the
 * device is wedged.
 * @xe: the device.
 * @err: the error of the fences in flight.
 *
 * Context: process context.
 */
void xevf_guc_submit_wedge(struct xevf_device *xe, int err)
{
	struct xevf_exec_queue *q;

	guard(mutex)(&xe->submit.lock);
	list_for_each_entry(q, &xe->submit.queues, link)
		xevf_guc_submit_ban(q, err);
}

/* a queue's priority as the GuC's client priority, upstream's mapping */
static u32 xevf_guc_priority(u32 priority)
{
	switch (priority) {
	case XEVF_EXEC_QUEUE_PRIORITY_LOW:
		return GUC_CLIENT_PRIORITY_NORMAL;
	case XEVF_EXEC_QUEUE_PRIORITY_HIGH:
		return GUC_CLIENT_PRIORITY_HIGH;
	default:
		return GUC_CLIENT_PRIORITY_KMD_NORMAL;
	}
}

/* the key/length dword of a one-dword context policy KLV */
static u32 xevf_policy_klv(u32 key)
{
	return FIELD_PREP(GUC_KLV_0_KEY, key) | FIELD_PREP(GUC_KLV_0_LEN, 1);
}

/* the H2G message of a state change, with the GGTT addresses of now */
static u32 xevf_submit_build(struct xevf_exec_queue *q, enum xevf_guc_change change,
			     u32 *msg, u32 *type)
{
	u64 lrca;

	switch (change) {
	case XEVF_GUC_CHANGE_REGISTER:
		lrca = xevf_lrc_ggtt(&q->lrc);
		memset(msg, 0, REGISTER_CONTEXT_MSG_LEN * sizeof(*msg));
		msg[0] = xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST,
					      XE_GUC_ACTION_REGISTER_CONTEXT, 0);
		msg[REGISTER_CONTEXT_MSG_2_CTX_ID] = q->guc_id;
		msg[REGISTER_CONTEXT_MSG_3_ENGINE_CLASS] =
			q->class == DRM_XE_ENGINE_CLASS_COPY ? GUC_BLITTER_CLASS :
							       GUC_RENDER_CLASS;
		msg[REGISTER_CONTEXT_MSG_4_SUBMIT_MASK] = 1;
		msg[REGISTER_CONTEXT_MSG_10_LRCA_LO] = lower_32_bits(lrca);
		msg[REGISTER_CONTEXT_MSG_11_LRCA_HI] = upper_32_bits(lrca);
		*type = GUC_HXG_TYPE_REQUEST;
		return REGISTER_CONTEXT_MSG_LEN;
	case XEVF_GUC_CHANGE_ENABLE:
	case XEVF_GUC_CHANGE_DISABLE:
		msg[0] = xevf_guc_hxg_request(GUC_HXG_TYPE_FAST_REQUEST,
					      XE_GUC_ACTION_SCHED_CONTEXT_MODE_SET, 0);
		msg[1] = q->guc_id;
		msg[2] = change == XEVF_GUC_CHANGE_ENABLE ? GUC_CONTEXT_ENABLE :
							    GUC_CONTEXT_DISABLE;
		*type = GUC_HXG_TYPE_FAST_REQUEST;
		return SCHED_CONTEXT_MODE_SET_MSG_LEN;
	case XEVF_GUC_CHANGE_DEREGISTER:
		msg[0] = xevf_guc_hxg_request(GUC_HXG_TYPE_FAST_REQUEST,
					      XE_GUC_ACTION_DEREGISTER_CONTEXT, 0);
		msg[1] = q->guc_id;
		*type = GUC_HXG_TYPE_FAST_REQUEST;
		return DEREGISTER_CONTEXT_MSG_LEN;
	case XEVF_GUC_CHANGE_POLICIES:
		msg[0] = xevf_guc_hxg_request(GUC_HXG_TYPE_REQUEST,
					      XE_GUC_ACTION_HOST2GUC_UPDATE_CONTEXT_POLICIES, 0);
		msg[1] = q->guc_id;
		msg[2] = xevf_policy_klv(GUC_CONTEXT_POLICIES_KLV_ID_EXECUTION_QUANTUM);
		msg[3] = q->timeslice_us;
		msg[4] = xevf_policy_klv(GUC_CONTEXT_POLICIES_KLV_ID_PREEMPTION_TIMEOUT);
		msg[5] = q->preempt_timeout_us;
		msg[6] = xevf_policy_klv(GUC_CONTEXT_POLICIES_KLV_ID_SCHEDULING_PRIORITY);
		msg[7] = xevf_guc_priority(q->priority);
		*type = GUC_HXG_TYPE_REQUEST;
		return 8;
	default:
		return 0;
	}
}

/*
 * Send a state change; a recovery that ran meanwhile (-EAGAIN) means the
 * message was not sent: build it again, with the addresses of now.
 */
static int xevf_submit_change(struct xevf_exec_queue *q, enum xevf_guc_change change,
			      u32 flags)
{
	u32 msg[REGISTER_CONTEXT_MSG_LEN], len, type;
	int err;

	do {
		q->change = change;
		len = xevf_submit_build(q, change, msg, &type);
		if (type == GUC_HXG_TYPE_REQUEST)
			err = xevf_guc_ct_send_recv(q->xe, msg, len, NULL, &q->change_track);
		else
			err = xevf_guc_ct_send(q->xe, msg, len, flags, &q->change_track);
	} while (err == -EAGAIN);
	/* a request's response arrived (or never will): nothing to replay */
	if (err || type == GUC_HXG_TYPE_REQUEST)
		WRITE_ONCE(q->change_track.pending, false);
	return err;
}

static bool xevf_submit_completed(void *arg)
{
	return completion_done(arg);
}

static int xevf_submit_mode_set(struct xevf_exec_queue *q, bool enable, bool wait)
{
	int err;

	reinit_completion(&q->mode_done);
	err = xevf_submit_change(q, enable ? XEVF_GUC_CHANGE_ENABLE : XEVF_GUC_CHANGE_DISABLE,
				 wait ? 0 : XEVF_CT_NOWAIT);
	if (err || !wait)
		return err;
	return xevf_guc_ct_wait(q->xe, xevf_submit_completed, &q->mode_done,
				XEVF_GUC_EVENT_TIMEOUT_MS);
}

static void xevf_submit_sched_msg(struct xevf_exec_queue *q, u32 *msg)
{
	msg[0] = xevf_guc_hxg_request(GUC_HXG_TYPE_FAST_REQUEST, XE_GUC_ACTION_SCHED_CONTEXT, 0);
	msg[1] = q->guc_id;
}

static struct dma_fence *xevf_submit_run_job(struct drm_sched_job *sched_job)
{
	struct xevf_job *job = to_xevf_job(sched_job);
	struct xevf_exec_queue *q = job->q;
	struct xevf_device *xe = q->xe;
	struct xevf_hw_fence *hw = job->hw;
	u32 msg[SCHED_CONTEXT_MSG_LEN];
	unsigned long flags;
	u32 seqno;
	int err;

	if (xevf_guc_submit_banned(q) || !xevf_device_hw_enter(xe)) {
		xevf_hw_fence_init(hw, 0);
		dma_fence_set_error(&hw->base, -ECANCELED);
		dma_fence_signal(&hw->base);
		return dma_fence_get(&hw->base);
	}
	hw->emit.batch = job->batch;
	hw->emit.ufence = job->ufence;
	hw->emit.ufence_addr = job->ufence_addr;
	hw->emit.ufence_value = job->ufence_value;
	/* emitted and in flight at once: the recovery re-emits what is in flight */
	spin_lock_irqsave(&q->fence_lock, flags);
	seqno = xevf_lrc_submit_job(&q->lrc, &hw->emit);
	xevf_hw_fence_init(hw, seqno);
	list_add_tail(&hw->link, &q->inflight);
	dma_fence_get(&hw->base);
	spin_unlock_irqrestore(&q->fence_lock, flags);
	xevf_submit_sched_msg(q, msg);
	err = xevf_guc_ct_send(xe, msg, ARRAY_SIZE(msg), XEVF_CT_NOWAIT, NULL);
	xevf_device_hw_exit(xe);
	/* a migration: the recovery sends the scheduling request again */
	if (err && err != -ECANCELED) {
		xevf_err(xe, XEVF_SUBMIT_ROLE, "submission on %s failed: %pe\n", q->name,
			 ERR_PTR(err));
		xevf_guc_submit_ban(q, err);
	}
	return dma_fence_get(&hw->base);
}

static enum drm_gpu_sched_stat xevf_submit_timedout_job(struct drm_sched_job *sched_job)
{
	struct xevf_job *job = to_xevf_job(sched_job);
	struct xevf_exec_queue *q = job->q;

	/*
	 * A migrated GuC runs nothing until the recovery is done: not the
	 * job's fault. Put it back; the recovery restarts the timeout.
	 */
	if (xevf_gt_vf_migration_pending(q->xe)) {
		scoped_guard(spinlock, &q->sched.job_list_lock)
			list_add(&sched_job->list, &q->sched.pending_list);
		return DRM_GPU_SCHED_STAT_NOMINAL;
	}
	xevf_err(q->xe, XEVF_SUBMIT_ROLE, "job on %s timed out (seqno %u done)\n",
		 q->name, xevf_lrc_hw_seqno(&q->lrc));
	/* the scheduler took the job off its list: stop puts it back */
	drm_sched_stop(&q->sched, sched_job);
	if (xevf_device_hw_enter(q->xe)) {
		xevf_submit_mode_set(q, false, false);
		xevf_device_hw_exit(q->xe);
	}
	xevf_guc_submit_ban(q, -ETIME);
	/* every fence is signalled now: start completes and frees the jobs */
	drm_sched_start(&q->sched);
	return DRM_GPU_SCHED_STAT_NOMINAL;
}

/**
 * xevf_guc_submit_job_free() - Free a job (run or not).
 * @job: the job.
 */
void xevf_guc_submit_job_free(struct xevf_job *job)
{
	struct xevf_exec_queue *q = job->q;

	if (job->hw->base.ops)
		dma_fence_put(&job->hw->base);
	else
		kfree(job->hw);
	kfree(job);
	if (atomic_dec_and_test(&q->jobs))
		wake_up_all(&q->jobs_wq);
	kref_put(&q->refcount, xevf_exec_queue_release);
}

static void xevf_submit_free_job(struct drm_sched_job *sched_job)
{
	struct xevf_job *job = to_xevf_job(sched_job);

	drm_sched_job_cleanup(sched_job);
	xevf_guc_submit_job_free(job);
}

static const struct drm_sched_backend_ops xevf_sched_ops = {
	.run_job = xevf_submit_run_job,
	.timedout_job = xevf_submit_timedout_job,
	.free_job = xevf_submit_free_job,
};

/**
 * xevf_guc_submit_job_create() - Allocate a job of a queue and initialize
 * its scheduler job; the caller adds dependencies, arms and pushes it.
 * @q: the queue; the job holds a reference.
 * @batch: the ppGTT address of the batch.
 *
 * Return: the job or an ERR_PTR.
 */
struct xevf_job *xevf_guc_submit_job_create(struct xevf_exec_queue *q, u64 batch)
{
	struct xevf_job *job;
	int err;

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return ERR_PTR(-ENOMEM);
	job->hw = kzalloc(sizeof(*job->hw), GFP_KERNEL);
	if (!job->hw) {
		kfree(job);
		return ERR_PTR(-ENOMEM);
	}
	INIT_LIST_HEAD(&job->hw->link);
	job->hw->q = q;
	job->q = q;
	job->batch = batch;
	kref_get(&q->refcount);
	atomic_inc(&q->jobs);
	err = drm_sched_job_init(&job->base, &q->entity, 1, NULL, 0);
	if (err) {
		xevf_guc_submit_job_free(job);
		return ERR_PTR(err);
	}
	return job;
}

static int xevf_submit_register(struct xevf_exec_queue *q)
{
	struct xevf_device *xe = q->xe;
	u32 id;
	int err;

	err = xa_alloc(&xe->submit.ids, &id, q, XA_LIMIT(0, xe->config.num_ctxs - 1),
		       GFP_KERNEL);
	if (err)
		return err == -EBUSY ? -ENOSPC : err;
	q->guc_id = id;
	/* on the list first: the recovery replays a registration in flight */
	scoped_guard(mutex, &xe->submit.stop_lock) {
		guard(mutex)(&xe->submit.lock);
		list_add_tail(&q->link, &xe->submit.queues);
		/* a recovery stopped the others: it starts this one with them */
		if (xe->submit.stopped)
			drm_sched_wqueue_stop(&q->sched);
	}
	err = xevf_submit_change(q, XEVF_GUC_CHANGE_REGISTER, 0);
	if (!err) {
		q->registered = true;
		/* as upstream: the policies before the first enable */
		err = xevf_submit_change(q, XEVF_GUC_CHANGE_POLICIES, 0);
		err = err ?: xevf_submit_mode_set(q, true, true);
	}
	if (err)
		xevf_err(xe, XEVF_SUBMIT_ROLE, "context %u registration: %pe\n", id,
			 ERR_PTR(err));
	return err;
}

static void xevf_submit_deregister(struct xevf_exec_queue *q)
{
	struct xevf_device *xe = q->xe;
	int err;

	if (q->registered && xevf_device_hw_enter(xe)) {
		err = xevf_submit_mode_set(q, false, true);
		reinit_completion(&q->dereg_done);
		err = err ?: xevf_submit_change(q, XEVF_GUC_CHANGE_DEREGISTER, 0);
		err = err ?: xevf_guc_ct_wait(xe, xevf_submit_completed, &q->dereg_done,
					      XEVF_GUC_EVENT_TIMEOUT_MS);
		if (err)
			xevf_err(xe, XEVF_SUBMIT_ROLE, "context %u deregistration: %pe\n",
				 q->guc_id, ERR_PTR(err));
		xevf_device_hw_exit(xe);
	}
	q->registered = false;
	scoped_guard(mutex, &xe->submit.stop_lock) {
		guard(mutex)(&xe->submit.lock);
		if (!list_empty(&q->link))
			list_del_init(&q->link);
	}
	/* only the queue's own ID: it may have failed to get one */
	xa_cmpxchg(&xe->submit.ids, q->guc_id, q, NULL, 0);
}

/**
 * xevf_guc_submit_queue_init() - Give a queue its context, scheduler and
 * GuC registration.
 * @q: the queue, with @q->xe, @q->vm and @q->class set.
 *
 * Context: process context.
 * Return: 0 or a negative errno; on error nothing is left.
 */
int xevf_guc_submit_queue_init(struct xevf_exec_queue *q)
{
	struct xevf_device *xe = q->xe;
	struct drm_gpu_scheduler *sched_list = &q->sched;
	const struct drm_sched_init_args args = {
		.ops = &xevf_sched_ops,
		.num_rqs = DRM_SCHED_PRIORITY_COUNT,
		.credit_limit = XEVF_SCHED_CREDITS,
		.timeout = msecs_to_jiffies(XEVF_JOB_TIMEOUT_MS),
		.name = q->name,
		.dev = xe->drm.dev,
	};
	int err;

	INIT_LIST_HEAD(&q->link);
	INIT_LIST_HEAD(&q->inflight);
	spin_lock_init(&q->fence_lock);
	init_completion(&q->mode_done);
	init_completion(&q->dereg_done);
	q->fence_ctx = dma_fence_context_alloc(1);
	err = xevf_lrc_init(xe, &q->lrc, xevf_vm_pdp_root(q->vm));
	if (err)
		return err;
	xevf_lrc_set_asid(&q->lrc, q->vm->asid,
			  q->vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE);
	err = drm_sched_init(&q->sched, &args);
	if (err)
		goto err_lrc_fini;
	err = drm_sched_entity_init(&q->entity, DRM_SCHED_PRIORITY_NORMAL, &sched_list,
				    1, NULL);
	if (err)
		goto err_sched_fini;
	err = xevf_submit_register(q);
	if (err)
		goto err_deregister;
	return 0;
err_deregister:
	xevf_submit_deregister(q);
	drm_sched_entity_destroy(&q->entity);
err_sched_fini:
	drm_sched_fini(&q->sched);
err_lrc_fini:
	xevf_lrc_fini(xe, &q->lrc);
	return err;
}

/**
 * xevf_guc_submit_queue_fini() - Drain a killed queue and take its context
 * away.
 * @q: the queue, no longer taking jobs.
 *
 * Context: process context; sleeps until the jobs in flight finish (or the
 * queue is banned).
 */
void xevf_guc_submit_queue_fini(struct xevf_exec_queue *q)
{
	long left;

	drm_sched_entity_destroy(&q->entity);
	left = wait_event_timeout(q->jobs_wq, !atomic_read(&q->jobs),
				  msecs_to_jiffies(XEVF_JOB_DRAIN_TIMEOUT_MS));
	if (!left) {
		xevf_guc_submit_ban(q, -ECANCELED);
		wait_event(q->jobs_wq, !atomic_read(&q->jobs));
	}
	xevf_submit_deregister(q);
	drm_sched_fini(&q->sched);
	xevf_lrc_fini(q->xe, &q->lrc);
}

/**
 * xevf_guc_submit_pause() - Stop every scheduler for the post-migration
 * recovery: no run_job runs after this returns, and no job timeout fires
 * (a timeout handler already running finishes first; one that fires while
 * the recovery is pending puts its job back).
 * @xe: the device.
 *
 * A queue created while they are stopped is created stopped
 * (xevf_submit_register()), so a recovery that restarts need not call this
 * again.
 *
 * Context: process context; no allocation; flushes each scheduler's
 * run_job and timeout work, so not inside a fence-signalling section.
 */
void xevf_guc_submit_pause(struct xevf_device *xe)
{
	struct xevf_exec_queue *q;

	/* not under submit.lock: the fix-ups take it inside fence signalling */
	guard(mutex)(&xe->submit.stop_lock);
	list_for_each_entry(q, &xe->submit.queues, link) {
		cancel_delayed_work_sync(&q->sched.work_tdr);
		drm_sched_wqueue_stop(&q->sched);
	}
	scoped_guard(mutex, &xe->submit.lock)
		xe->submit.stopped = true;
}

/**
 * DOC: xevf recovery: discard and replay
 *
 * Step f. The H2G messages the GuC had not consumed at the save hold the
 * source's GGTT addresses (a REGISTER_CONTEXT's LRCA) or are state changes
 * that never happened: xevf_guc_ct_discard() sets the H2G tail back to the
 * GuC's head, which also tells the H2G position the GuC had consumed up to.
 * Every queue's state change in flight (&xevf_exec_queue.change) whose
 * message lies past that position is then sent again, built with the
 * addresses of now and with its original fence, so that a thread waiting
 * for a REGISTER_CONTEXT response gets it. Changes the GuC had consumed are
 * in its restored state, and their acknowledgements come as usual.
 */

/**
 * xevf_guc_submit_replay() - Send again every state change the GuC had
 * not consumed when the VF was saved (the recovery discarded it from the
 * H2G ring), built with the GGTT addresses of now.
 * @xe: the device, with the CT channel paused and its ring discarded.
 * @consumed: the H2G position the GuC had consumed up to
 *            (xevf_guc_ct_discard()).
 * @count: out: how many were sent.
 *
 * Context: process context; no allocation.
 * Return: 0 or the first error of the channel.
 */
int xevf_guc_submit_replay(struct xevf_device *xe, u64 consumed, unsigned int *count)
{
	u32 msg[REGISTER_CONTEXT_MSG_LEN], len, type;
	struct xevf_exec_queue *q;
	int err;

	*count = 0;
	guard(mutex)(&xe->submit.lock);
	list_for_each_entry(q, &xe->submit.queues, link) {
		if (!READ_ONCE(q->change_track.pending) || q->change_track.seq <= consumed)
			continue;
		len = xevf_submit_build(q, q->change, msg, &type);
		if (!len)
			continue;
		err = xevf_guc_ct_replay(xe, msg, len, type, &q->change_track);
		if (err)
			return err;
		q->replays++;
		(*count)++;
	}
	return 0;
}

/**
 * DOC: xevf recovery: re-emit
 *
 * Step g. Each job keeps how its ring commands were made
 * (&struct xevf_lrc_job: batch, user fence, seqno, ring offset, length)
 * in its hardware fence until it completes. For every queue, jobs whose
 * seqno the status page already holds are signalled; each one left is
 * emitted again at the same offset and length with the status page address
 * of now (xevf_lrc_reemit_job(), wrapping at the ring's end as the first
 * emission did). The ring head and tail are not touched, so the engine
 * resumes exactly where it stopped: no batch runs twice and none is lost.
 */

/**
 * xevf_guc_submit_reemit() - Re-emit, in place, the ring commands of every
 * job in flight that the engine has not completed, with the GGTT addresses
 * of now. Ring heads and tails are not touched: the engine resumes where
 * it stopped, so no batch runs twice and none is lost.
 * @xe: the device, with its GuC blocked and the schedulers stopped.
 * @count: out: how many jobs were re-emitted.
 *
 * Context: process context; no allocation.
 * Return: 0 or -EPROTO (xevf_lrc_reemit_job()).
 */
int xevf_guc_submit_reemit(struct xevf_device *xe, unsigned int *count)
{
	struct xevf_exec_queue *q;
	struct xevf_hw_fence *f;
	unsigned long flags;
	int err = 0;
	u32 hw;

	*count = 0;
	guard(mutex)(&xe->submit.lock);
	list_for_each_entry(q, &xe->submit.queues, link) {
		/* what completed before the save is done, not re-emitted */
		xevf_submit_signal(q, 0);
		hw = xevf_lrc_hw_seqno(&q->lrc);
		spin_lock_irqsave(&q->fence_lock, flags);
		list_for_each_entry(f, &q->inflight, link) {
			if ((s32)(hw - f->emit.seqno) >= 0)
				continue;
			err = xevf_lrc_reemit_job(&q->lrc, &f->emit);
			if (err)
				break;
			(*count)++;
		}
		spin_unlock_irqrestore(&q->fence_lock, flags);
		if (err)
			return err;
	}
	return 0;
}

/**
 * DOC: xevf recovery: restart
 *
 * Step i, after RESFIX_DONE. The CT channel is given back (waiting senders
 * build their messages again), the scheduling request of every registered
 * queue with work in its ring is sent again (the GuC schedules after
 * RESFIX_DONE only the contexts it had submitted at the save, and a
 * SCHED_CONTEXT discarded in step f would otherwise leave the work
 * unexecuted), then every scheduler's submission and job timeout restart.
 */

/**
 * xevf_guc_submit_resume() - Restart submission after the recovery: send
 * the scheduling request of every queue with work in its ring again (the
 * GuC schedules after RESFIX_DONE only what it had submitted at the save),
 * restart every scheduler and its job timeout.
 * @xe: the device, with the CT channel given back.
 * @resched: send the scheduling requests (false: a test knob).
 *
 * Context: process context; no allocation.
 * Return: the number of queues whose scheduling request was sent.
 */
unsigned int xevf_guc_submit_resume(struct xevf_device *xe, bool resched)
{
	u32 msg[SCHED_CONTEXT_MSG_LEN];
	struct xevf_exec_queue *q;
	unsigned int n = 0;

	guard(mutex)(&xe->submit.lock);
	list_for_each_entry(q, &xe->submit.queues, link) {
		if (!resched || !q->registered || xevf_guc_submit_banned(q) ||
		    !xevf_lrc_ring_busy(&q->lrc))
			continue;
		xevf_submit_sched_msg(q, msg);
		/* a new migration already: the next recovery sends it */
		if (!xevf_guc_ct_send(xe, msg, ARRAY_SIZE(msg), XEVF_CT_NOWAIT, NULL))
			n++;
	}
	if (xe->submit.stopped) {
		list_for_each_entry(q, &xe->submit.queues, link) {
			drm_sched_wqueue_start(&q->sched);
			drm_sched_resume_timeout(&q->sched, q->sched.timeout);
		}
		xe->submit.stopped = false;
	}
	return n;
}

/**
 * xevf_guc_submit_print() - Print every exec queue with its context.
 * @xe: the device.
 * @p: where to.
 */
void xevf_guc_submit_print(struct xevf_device *xe, struct drm_printer *p)
{
	struct xevf_exec_queue *q;

	guard(mutex)(&xe->submit.lock);
	drm_printf(p, "user interrupts %llu resets %llu\n", xe->submit.user_irqs,
		   xe->submit.resets);
	list_for_each_entry(q, &xe->submit.queues, link) {
		drm_printf(p, "%s guc_id %u class %u lrca %#llx seqno %u/%u ",
			   q->name, q->guc_id, q->class, xevf_lrc_ggtt(&q->lrc),
			   xevf_lrc_hw_seqno(&q->lrc), q->lrc.seqno);
		drm_printf(p, "head %#x tail %#x state %u banned %d resets %u jobs %d replays %u\n",
			   xevf_lrc_read_image(&q->lrc, XESIM_CTX_OFF_RING_HEAD),
			   xevf_lrc_read_image(&q->lrc, XESIM_CTX_OFF_RING_TAIL),
			   xevf_lrc_read_image(&q->lrc, XESIM_CTX_OFF_STATE),
			   atomic_read(&q->banned), q->resets, atomic_read(&q->jobs),
			   q->replays);
	}
}
