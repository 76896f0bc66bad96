// SPDX-License-Identifier: GPL-2.0
/*
 * The VF's post-migration recovery: from the MIGRATED interrupt to
 * RESFIX_DONE and restarted submission.
 */

#include <drm/drm_print.h>
#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/ktime.h>

#include <abi/guc_actions_abi.h>

#include "xevf_device.h"
#include "xevf_device_types.h"
#include "xevf_ggtt.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_gt_vf_relay.h"
#include "xevf_guc_ct.h"
#include "xevf_guc_submit.h"
#include "xevf_memirq.h"
#include "xevf_printk.h"
#include "xevf_trace.h"

/**
 * DOC: xevf post-migration recovery
 *
 * After a live migration the destination's GuC holds the VF in
 * RESFIX_BLOCKED and raises MIGRATED (SW_INT_0). The GuC rebased its own
 * references (context registrations, the CT and memory interrupt
 * registrations, queued G2H); everything the driver wrote into memory still
 * holds the source's GGTT addresses, and the VF's GGTT range may have moved
 * (only its base: any other change of the provisioning is unrecoverable).
 *
 * Pending from the interrupt's instant: the interrupt handler reads the
 * status byte without clearing it, sets ``XEVF_MIG_PENDING``, queues the
 * worker on the ordered recovery workqueue and only then clears the byte
 * (`xevf memory-based interrupts`). xevf_gt_vf_migration_pending() is true
 * while either says so, and from then on:
 *
 * - H2G senders do not reach the device: a sender finds the channel paused
 *   (or its ring full of what a blocked GuC does not consume) and waits for
 *   the recovery, then builds its message again (-EAGAIN inside the
 *   driver), so that no message built with a stale address is sent after
 *   it; run_job's scheduling request gets -ECANCELED instead and the
 *   recovery sends it again. A message that slipped in before the pause is
 *   discarded and replayed (step f).
 * - run_job does not run (the schedulers' submission is stopped), a job
 *   timeout that fires is not the job's fault and is put back, waits for a
 *   G2H answer do not time out while the blocked GuC cannot answer, and
 *   exec queue creation and destruction wait for the recovery to end.
 * - A GGTT PTE write that a migration raced is written again by step d.
 *
 * Page faults of fault-mode VMs need no step: the fault worker goes on
 * through a recovery, its binds write only ppGTT leaves (which a migration
 * keeps), and its replies wait for the channel like any sender and are sent
 * again; a reply lost with the discarded H2G, or one the destination GuC
 * drops as stale, is made up for by the context, saved at the faulting
 * command, which runs it again on the destination: it finds the page bound,
 * or faults again and is answered again (`xevf page faults`). The recovery
 * neither replays replies nor waits for the worker.
 *
 * A second MIGRATED before RESFIX_START is absorbed (the query after START
 * sees the latest provisioning); one after it makes the recovery run again,
 * and a migration during the fix-ups is caught by the marker: RESFIX_DONE
 * gets VF_MIGRATED and the worker starts over from step a.
 *
 * The worker runs the steps below one after another, each timed
 * (tracepoint ``xevf:xevf_recovery_step``, debugfs ``recovery``), each
 * described next to its code: a. shutdown (`xevf recovery: shutdown`),
 * b. RESFIX_START and h. RESFIX_DONE (`xevf recovery: RESFIX handshake`),
 * c. the query (`xevf recovery: query`), d. the GGTT shift (`xevf recovery:
 * GGTT shift`), e. the image rebase (`xevf recovery: image rebase`), f. the
 * H2G discard and replay (`xevf recovery: discard and replay`), g. the ring
 * re-emission (`xevf recovery: re-emit`), i. the restart (`xevf recovery:
 * restart`). On VF_MIGRATED at h the worker starts again from a: every
 * step is idempotent (addresses are recomputed from the nodes, replays are
 * tracked by their new H2G position).
 *
 * The recovery is in the fence-signalling path (jobs in flight complete only
 * after it) and keeps its rules: it allocates nothing and waits for no
 * fence. The worker runs, from the end of step a to its end, inside
 * dma_fence_begin_signalling(), so lockdep proves it: any lock it takes
 * (GGTT, CT, relay, submission) that is also held around an allocation
 * which may enter reclaim, or around a fence wait, is reported. That holds
 * only because a device access allocates nothing either (`xesim VRAM`,
 * `xesim GuC model`), as on hardware. Step a stays outside: stopping a
 * scheduler flushes its run_job work, itself a signalling section (it
 * signals the fence of a job it refuses), and lockdep cannot tell that
 * flush from a wait on signalling. It allocates nothing and takes only
 * &xevf_submit.stop_lock, which nothing inside the section takes: a restart
 * from h finds the schedulers stopped (a queue created meanwhile is
 * created stopped) and only drains and pauses the CT channel again.
 *
 * Nothing here allocates: the query result, the trackers, the job
 * descriptions and the lists walked are all allocated at bind or queue
 * creation. Any unrecoverable error (query, provisioning change, refused
 * START or DONE, a fix-up failure, a CT channel the GuC reports broken
 * once fix-ups are done) wedges the device with one log line
 * naming the step and the errno: every queue is banned (fences signal
 * -EIO), the CT channel is stopped, later EXEC_QUEUE_CREATE and EXEC fail
 * with -ECANCELED and WAIT_USER_FENCE with -EIO; unbind still works.
 *
 * Testing hooks (debugfs, `xevf debugfs`): ``recovery_stoppers`` holds the
 * worker before START, the fix-ups (after the query), the re-emit or DONE,
 * as upstream's resfix_stoppers, so a test can migrate again at each point;
 * ``recovery_skip`` skips one class of fix-ups (GGTT shift, image rebase,
 * H2G discard, replay, re-emit, scheduling restart) to prove that a test
 * catches its absence.
 */

#define XEVF_MIG_ROLE	"recovery"

static const char *const xevf_mig_step_names[XEVF_MIG_STEP_COUNT] = {
	[XEVF_MIG_STEP_SHUTDOWN] = "shutdown",
	[XEVF_MIG_STEP_START] = "start",
	[XEVF_MIG_STEP_QUERY] = "query",
	[XEVF_MIG_STEP_GGTT] = "ggtt",
	[XEVF_MIG_STEP_REBASE] = "rebase",
	[XEVF_MIG_STEP_CT] = "ct",
	[XEVF_MIG_STEP_REEMIT] = "reemit",
	[XEVF_MIG_STEP_DONE] = "done",
	[XEVF_MIG_STEP_RESUME] = "resume",
};

static const char *const xevf_mig_stopper_names[] = {
	"START", "FIXUPS", "REEMIT", "DONE",
};

/**
 * xevf_gt_vf_migration_step_name() - The name of a recovery step.
 * @step: an &enum xevf_gt_vf_migration_step.
 *
 * Return: the name, "?" for an unknown step.
 */
const char *xevf_gt_vf_migration_step_name(unsigned int step)
{
	return step < XEVF_MIG_STEP_COUNT ? xevf_mig_step_names[step] : "?";
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_migration_step_name);

/**
 * xevf_gt_vf_migration_pending() - Whether a post-migration recovery is
 * pending or running: the device may hold the VF blocked, its GuC answers
 * nothing over CT and GGTT addresses may be stale.
 * @xe: the device.
 *
 * Context: any.
 * Return: true from the instant the device raised MIGRATED (its status
 * byte) until the recovery ended.
 */
bool xevf_gt_vf_migration_pending(struct xevf_device *xe)
{
	unsigned long flags = READ_ONCE(xe->migration.flags);

	if (flags & BIT(XEVF_MIG_WEDGED))
		return false;
	return flags & (BIT(XEVF_MIG_PENDING) | BIT(XEVF_MIG_RUNNING)) ||
	       xevf_memirq_migrated_pending(xe);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_migration_pending);

/**
 * xevf_gt_vf_migration_wedged() - Whether the recovery failed for good.
 * @xe: the device.
 *
 * Return: true once the device is wedged.
 */
bool xevf_gt_vf_migration_wedged(struct xevf_device *xe)
{
	return test_bit(XEVF_MIG_WEDGED, &xe->migration.flags);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_migration_wedged);

static bool xevf_mig_idle(struct xevf_device *xe)
{
	return !xevf_gt_vf_migration_pending(xe) ||
	       test_bit(XEVF_MIG_UNBIND, &xe->migration.flags);
}

/**
 * xevf_gt_vf_migration_wait() - Wait until no recovery is pending, the
 * device is wedged, or the driver unbinds.
 * @xe: the device.
 *
 * The MIGRATED status byte may be set before its interrupt is handled; the
 * wait is then re-checked every few milliseconds until the handler ran.
 *
 * Context: process context; sleeps. Not from the recovery worker.
 */
void xevf_gt_vf_migration_wait(struct xevf_device *xe)
{
	while (!wait_event_timeout(xe->migration.wq, xevf_mig_idle(xe),
				   msecs_to_jiffies(10)))
		;
}

/**
 * xevf_gt_vf_migration_wait_idle() - As xevf_gt_vf_migration_wait(), for
 * an ioctl: a signal ends the wait.
 * @xe: the device.
 *
 * Context: process context; sleeps.
 * Return: 0, -EINTR on a signal, -ECANCELED when the device is wedged.
 */
int xevf_gt_vf_migration_wait_idle(struct xevf_device *xe)
{
	long left;

	do {
		left = wait_event_interruptible_timeout(xe->migration.wq,
							xevf_mig_idle(xe),
							msecs_to_jiffies(10));
		if (left < 0)
			return -EINTR;
	} while (!left);
	return xevf_gt_vf_migration_wedged(xe) ? -ECANCELED : 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_migration_wait_idle);

static void xevf_mig_wake(struct xevf_device *xe)
{
	wake_up_all(&xe->migration.wq);
	xevf_guc_ct_wake(xe);
}

/**
 * xevf_gt_vf_migration_irq() - The MIGRATED interrupt: mark the recovery
 * pending and queue its worker.
 * @xe: the device.
 *
 * Context: the interrupt handler (process context), before it clears the
 * status byte.
 */
void xevf_gt_vf_migration_irq(struct xevf_device *xe)
{
	struct xevf_gt_vf_migration *mig = &xe->migration;
	bool queued = false;

	scoped_guard(spinlock, &mig->irq_lock) {
		if (test_bit(XEVF_MIG_UNBIND, &mig->flags))
			break;
		if (test_and_set_bit(XEVF_MIG_PENDING, &mig->flags)) {
			mig->stats.absorbed++;
			break;
		}
		if (!test_bit(XEVF_MIG_RUNNING, &mig->flags))
			mig->irq_ns = ktime_get_ns();
		queued = queue_work(xe->recovery_wq, &mig->work);
	}
	if (queued)
		xevf_mig_wake(xe);
}

/* hold before a step while its stopper is set; false when unbinding */
static bool xevf_mig_stopper(struct xevf_device *xe, u32 bit)
{
	struct xevf_gt_vf_migration *mig = &xe->migration;

	scoped_guard(mutex, &mig->lock) {
		if (!(mig->stoppers & bit))
			return !test_bit(XEVF_MIG_UNBIND, &mig->flags);
		mig->held = bit;
	}
	xevf_info(xe, XEVF_MIG_ROLE, "held before %s\n",
		  xevf_mig_stopper_names[__ffs(bit)]);
	wait_event(mig->wq, !(READ_ONCE(mig->stoppers) & bit) ||
		   test_bit(XEVF_MIG_UNBIND, &mig->flags));
	scoped_guard(mutex, &mig->lock)
		mig->held = 0;
	return !test_bit(XEVF_MIG_UNBIND, &mig->flags);
}

static bool xevf_mig_skip(struct xevf_device *xe, u32 bit)
{
	return READ_ONCE(xe->migration.skip) & bit;
}

static void xevf_mig_step_done(struct xevf_device *xe, unsigned int step, u64 t0,
			       int err)
{
	struct xevf_gt_vf_migration *mig = &xe->migration;
	u64 ns = ktime_get_ns() - t0;

	trace_xevf_recovery_step(dev_name(xe->drm.dev), xevf_mig_step_names[step],
				 mig->marker, ns, err);
	guard(mutex)(&mig->lock);
	mig->stats.step_last_ns[step] = ns;
	mig->stats.step_max_ns[step] = max(mig->stats.step_max_ns[step], ns);
}

static void xevf_mig_wedge(struct xevf_device *xe, unsigned int step, int err)
{
	struct xevf_gt_vf_migration *mig = &xe->migration;

	xevf_err(xe, XEVF_MIG_ROLE, "step %s failed: %pe; the device is wedged\n",
		 xevf_mig_step_names[step], ERR_PTR(err));
	scoped_guard(mutex, &mig->lock) {
		mig->stats.wedges++;
		mig->stats.wedge_step = step;
		mig->stats.wedge_err = err;
	}
	set_bit(XEVF_MIG_WEDGED, &mig->flags);
	trace_xevf_recovery(dev_name(xe->drm.dev), "wedged", mig->marker,
			    ktime_get_ns() - mig->irq_ns, 0);
	/* fences signal -EIO; queued jobs reach run_job and complete -ECANCELED */
	xevf_guc_submit_wedge(xe, -EIO);
	xevf_guc_ct_stop(xe);
	xevf_guc_ct_unpause(xe);
	xevf_guc_submit_resume(xe, false);
}

/**
 * DOC: xevf recovery: query
 *
 * Step c. The provisioning is queried again over the MMIO relay, after
 * RESFIX_START (`xevf recovery: RESFIX handshake`), with QUERY_SINGLE_KLV:
 * GGTT start and size, LMEM size, contexts, doorbells, into a result kept
 * in &struct xevf_gt_vf_migration (no allocation). Only the GGTT start may
 * differ from what the driver was bound with: the LMTT keeps LMEM offsets,
 * and the context and doorbell counts size tables the driver filled. Any
 * other change wedges the device with -EREMCHG, naming old and new values.
 */

/**
 * xevf_gt_vf_migration_check_config() - Judge the provisioning queried
 * after a migration against the one the driver runs with.
 * @xe: the device.
 * @cfg: the provisioning the destination's GuC reported.
 *
 * Only the GGTT start may change: the driver sized its GGTT manager, its
 * LMEM and its context and doorbell IDs at bring-up. Any other change is
 * logged with both values.
 *
 * Context: any context; reads @xe's configuration, which only the recovery
 * worker changes.
 * Return: 0, or -EREMCHG for a change the recovery cannot follow.
 */
VISIBLE_IF_KUNIT int xevf_gt_vf_migration_check_config(struct xevf_device *xe,
						       const struct xevf_vf_config *cfg)
{
	const struct xevf_vf_config *old = &xe->config;

	if (cfg->ggtt_size == old->ggtt_size && cfg->lmem_size == old->lmem_size &&
	    cfg->num_ctxs == old->num_ctxs && cfg->num_dbs == old->num_dbs)
		return 0;
	xevf_err(xe, XEVF_MIG_ROLE,
		 "provisioning changed: GGTT size %#llx -> %#llx, LMEM %#llx -> %#llx, contexts %u -> %u, doorbells %u -> %u\n",
		 old->ggtt_size, cfg->ggtt_size, old->lmem_size, cfg->lmem_size,
		 old->num_ctxs, cfg->num_ctxs, old->num_dbs, cfg->num_dbs);
	return -EREMCHG;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_migration_check_config);

/* steps d to g: memory only, no allocation, no wait for a fence */
static int xevf_mig_fixups(struct xevf_device *xe, unsigned int *failed)
{
	struct xevf_gt_vf_migration *mig = &xe->migration;
	unsigned int n = 0;
	u64 t0, consumed;
	int err = 0;

	*failed = XEVF_MIG_STEP_GGTT;
	t0 = ktime_get_ns();
	if (!xevf_mig_skip(xe, XEVF_MIG_SKIP_GGTT)) {
		err = xevf_ggtt_shift(xe, mig->config.ggtt_start);
		if (!err)
			xe->config.ggtt_start = mig->config.ggtt_start;
	}
	xevf_mig_step_done(xe, XEVF_MIG_STEP_GGTT, t0, err);
	if (err)
		return err;

	*failed = XEVF_MIG_STEP_REBASE;
	t0 = ktime_get_ns();
	if (!xevf_mig_skip(xe, XEVF_MIG_SKIP_REBASE))
		xevf_ggtt_rebase(xe);
	xevf_mig_step_done(xe, XEVF_MIG_STEP_REBASE, t0, 0);

	*failed = XEVF_MIG_STEP_CT;
	t0 = ktime_get_ns();
	err = xevf_guc_ct_discard(xe, !xevf_mig_skip(xe, XEVF_MIG_SKIP_DISCARD), &consumed);
	if (!err && !xevf_mig_skip(xe, XEVF_MIG_SKIP_REPLAY))
		err = xevf_guc_submit_replay(xe, consumed, &n);
	scoped_guard(mutex, &mig->lock) {
		mig->stats.replayed += n;
		mig->stats.discarded_dw = xe->ct.h2g_discarded;
	}
	xevf_mig_step_done(xe, XEVF_MIG_STEP_CT, t0, err);
	if (err)
		return err;
	if (!xevf_mig_stopper(xe, XEVF_MIG_STOP_REEMIT))
		return -ESHUTDOWN;

	*failed = XEVF_MIG_STEP_REEMIT;
	t0 = ktime_get_ns();
	n = 0;
	if (!xevf_mig_skip(xe, XEVF_MIG_SKIP_REEMIT))
		err = xevf_guc_submit_reemit(xe, &n);
	scoped_guard(mutex, &mig->lock)
		mig->stats.reemitted += n;
	xevf_mig_step_done(xe, XEVF_MIG_STEP_REEMIT, t0, err);
	return err;
}

/* undo the shutdown: the GuC was not migrated, or the driver unbinds */
static void xevf_mig_abort(struct xevf_device *xe)
{
	xevf_guc_ct_unpause(xe);
	xevf_guc_submit_resume(xe, true);
}

/**
 * DOC: xevf recovery: shutdown
 *
 * Step a. The worker first drains the G2H messages already in the ring
 * (responses and events the source's GuC wrote before the save), then
 * pauses the CT senders in the driver only (xevf_guc_ct_pause(): no
 * CONTROL_CTB, the GuC keeps the registration it rebased), then stops every
 * scheduler's submission and its job timeout (xevf_guc_submit_pause()).
 * State changes in flight stay tracked by their H2G position until the GuC
 * acknowledges them (`xevf CT channel`); step f replays those the GuC never
 * read. A spurious MIGRATED (RESFIX_START refused with INVALID_STATE) undoes
 * this step and nothing else happens.
 */

/* a: shutdown; a restart finds the schedulers stopped and leaves them */
static void xevf_mig_shutdown(struct xevf_device *xe, bool restart)
{
	u64 t0 = ktime_get_ns();

	xevf_guc_ct_g2h_irq(xe);
	xevf_guc_ct_pause(xe);
	if (!restart)
		xevf_guc_submit_pause(xe);
	xevf_mig_step_done(xe, XEVF_MIG_STEP_SHUTDOWN, t0, 0);
}

static void xevf_mig_work(struct work_struct *work)
{
	struct xevf_device *xe = container_of(work, struct xevf_device, migration.work);
	struct xevf_gt_vf_migration *mig = &xe->migration;
	unsigned int restarts = 0, step, n;
	u64 t0, total;
	bool cookie;
	int err;

	/* a restart of a running recovery may have covered this one already */
	if (!test_bit(XEVF_MIG_PENDING, &mig->flags))
		return;
	if (test_bit(XEVF_MIG_WEDGED, &mig->flags) || test_bit(XEVF_MIG_UNBIND, &mig->flags)) {
		clear_bit(XEVF_MIG_PENDING, &mig->flags);
		xevf_mig_wake(xe);
		return;
	}
	set_bit(XEVF_MIG_RUNNING, &mig->flags);
	xevf_mig_shutdown(xe, false);
	/* jobs in flight complete only after this: no reclaim, no fence wait */
	cookie = dma_fence_begin_signalling();
	goto start;
restart:
	xevf_mig_shutdown(xe, true);
start:
	if (!xevf_mig_stopper(xe, XEVF_MIG_STOP_START))
		goto err_abort;

	/* b: RESFIX_START; interrupts until now are covered by it */
	step = XEVF_MIG_STEP_START;
	t0 = ktime_get_ns();
	clear_bit(XEVF_MIG_PENDING, &mig->flags);
	mig->marker = mig->marker % FIELD_MAX(VF2GUC_RESFIX_START_REQUEST_MSG_0_MARKER) + 1;
	err = xevf_gt_vf_relay_resfix_start(xe, mig->marker);
	xevf_mig_step_done(xe, step, t0, err);
	if (err == -EPERM && !restarts) {
		xevf_info(xe, XEVF_MIG_ROLE, "MIGRATED but the GuC is not in fix-ups: spurious\n");
		scoped_guard(mutex, &mig->lock)
			mig->stats.spurious++;
		goto err_abort;
	}
	if (err)
		goto err_wedge;

	/* c: the provisioning, over MMIO */
	step = XEVF_MIG_STEP_QUERY;
	t0 = ktime_get_ns();
	err = xevf_gt_vf_relay_query_config(xe, &mig->config);
	err = err ?: xevf_gt_vf_migration_check_config(xe, &mig->config);
	xevf_mig_step_done(xe, step, t0, err);
	if (err)
		goto err_wedge;
	if (!xevf_mig_stopper(xe, XEVF_MIG_STOP_FIXUPS))
		goto err_abort;

	/* d to g */
	err = xevf_mig_fixups(xe, &step);
	if (err == -ESHUTDOWN)
		goto err_abort;
	if (err)
		goto err_wedge;
	if (!xevf_mig_stopper(xe, XEVF_MIG_STOP_DONE))
		goto err_abort;

	/* h: RESFIX_DONE */
	step = XEVF_MIG_STEP_DONE;
	t0 = ktime_get_ns();
	err = xevf_gt_vf_relay_resfix_done(xe, mig->marker);
	xevf_mig_step_done(xe, step, t0, err);
	if (err == -EAGAIN) {
		xevf_info(xe, XEVF_MIG_ROLE, "migrated again during fix-ups %u: restart\n",
			  mig->marker);
		scoped_guard(mutex, &mig->lock)
			mig->stats.restarts++;
		restarts++;
		goto restart;
	}
	if (err)
		goto err_wedge;
	total = ktime_get_ns() - mig->irq_ns;
	/* the GuC runs the VF again: senders may go (a new MIGRATED stops them) */
	clear_bit(XEVF_MIG_RUNNING, &mig->flags);

	/* i: restart submission, on a channel the GuC still takes */
	step = XEVF_MIG_STEP_RESUME;
	t0 = ktime_get_ns();
	xevf_guc_ct_unpause(xe);
	err = xevf_guc_ct_check(xe);
	if (err) {
		xevf_mig_step_done(xe, step, t0, err);
		goto err_wedge;
	}
	n = xevf_guc_submit_resume(xe, !xevf_mig_skip(xe, XEVF_MIG_SKIP_RESCHED));
	xevf_mig_step_done(xe, step, t0, 0);
	scoped_guard(mutex, &mig->lock) {
		mig->stats.resubmitted += n;
		mig->stats.recoveries++;
		mig->stats.last_ns = total;
		mig->stats.max_ns = max(mig->stats.max_ns, total);
	}
	trace_xevf_recovery(dev_name(xe->drm.dev), "done", mig->marker, total, restarts);
	xevf_info(xe, XEVF_MIG_ROLE, "recovered in %llu us (GGTT %#llx, %u restarts)\n",
		  div_u64(total, NSEC_PER_USEC), mig->config.ggtt_start, restarts);
	goto out;

err_wedge:
	xevf_mig_wedge(xe, step, err);
	goto out;
err_abort:
	xevf_mig_abort(xe);
out:
	clear_bit(XEVF_MIG_RUNNING, &mig->flags);
	/* an interrupt after START: run again (a spurious one is cheap) */
	scoped_guard(spinlock, &mig->irq_lock) {
		if (test_bit(XEVF_MIG_PENDING, &mig->flags) &&
		    !test_bit(XEVF_MIG_UNBIND, &mig->flags))
			queue_work(xe->recovery_wq, &mig->work);
		else
			clear_bit(XEVF_MIG_PENDING, &mig->flags);
	}
	dma_fence_end_signalling(cookie);
	xevf_mig_wake(xe);
}

/**
 * xevf_gt_vf_migration_init() - Set up the recovery (before the memory
 * interrupts that trigger it).
 * @xe: the device.
 */
void xevf_gt_vf_migration_init(struct xevf_device *xe)
{
	struct xevf_gt_vf_migration *mig = &xe->migration;

	INIT_WORK(&mig->work, xevf_mig_work);
	spin_lock_init(&mig->irq_lock);
	init_waitqueue_head(&mig->wq);
	mutex_init(&mig->lock);
}

/**
 * xevf_gt_vf_migration_fini() - The driver unbinds: release the stoppers,
 * let a running recovery abort (giving the channel and the schedulers back)
 * and take no more interrupts.
 * @xe: the device.
 *
 * Context: process context; waits for the worker.
 */
void xevf_gt_vf_migration_fini(struct xevf_device *xe)
{
	struct xevf_gt_vf_migration *mig = &xe->migration;

	scoped_guard(spinlock, &mig->irq_lock)
		set_bit(XEVF_MIG_UNBIND, &mig->flags);
	xevf_mig_wake(xe);
	cancel_work_sync(&mig->work);
	clear_bit(XEVF_MIG_PENDING, &mig->flags);
	xevf_mig_wake(xe);
}

/**
 * xevf_gt_vf_migration_set_stoppers() - Set the steps to hold before.
 * @xe: the device.
 * @stoppers: XEVF_MIG_STOP_* bits.
 *
 * Return: 0 or -EINVAL for unknown bits.
 */
int xevf_gt_vf_migration_set_stoppers(struct xevf_device *xe, u32 stoppers)
{
	if (stoppers & ~XEVF_MIG_STOP_ALL)
		return -EINVAL;
	scoped_guard(mutex, &xe->migration.lock)
		WRITE_ONCE(xe->migration.stoppers, stoppers);
	wake_up_all(&xe->migration.wq);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_migration_set_stoppers);

/**
 * xevf_gt_vf_migration_set_skip() - Set the fix-up classes to skip (tests
 * only: a recovery that skips one leaves the VF broken).
 * @xe: the device.
 * @skip: XEVF_MIG_SKIP_* bits.
 *
 * Return: 0 or -EINVAL for unknown bits.
 */
int xevf_gt_vf_migration_set_skip(struct xevf_device *xe, u32 skip)
{
	if (skip & ~XEVF_MIG_SKIP_ALL)
		return -EINVAL;
	if (skip)
		xevf_warn(xe, XEVF_MIG_ROLE, "test knob: fix-ups %#x will be skipped\n", skip);
	scoped_guard(mutex, &xe->migration.lock)
		WRITE_ONCE(xe->migration.skip, skip);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_gt_vf_migration_set_skip);

/**
 * xevf_gt_vf_migration_print() - Print the recovery's state and counters,
 * one ``key value`` per line.
 * @xe: the device.
 * @p: where to.
 */
void xevf_gt_vf_migration_print(struct xevf_device *xe, struct drm_printer *p)
{
	struct xevf_gt_vf_migration *mig = &xe->migration;
	const struct xevf_gt_vf_migration_stats *st = &mig->stats;
	unsigned long flags = READ_ONCE(mig->flags);
	unsigned int i;

	guard(mutex)(&mig->lock);
	drm_printf(p, "state %s\n", flags & BIT(XEVF_MIG_WEDGED) ? "wedged" :
		   flags & BIT(XEVF_MIG_RUNNING) ? "running" :
		   xevf_gt_vf_migration_pending(xe) ? "pending" : "idle");
	drm_printf(p, "recoveries %llu\nrestarts %llu\nabsorbed %llu\nspurious %llu\n",
		   st->recoveries, st->restarts, st->absorbed, st->spurious);
	drm_printf(p, "wedges %llu\nreplayed %llu\ndiscarded_dw %llu\nreemitted %llu\n",
		   st->wedges, st->replayed, st->discarded_dw, st->reemitted);
	drm_printf(p, "resubmitted %llu\nmarker %u\n", st->resubmitted, mig->marker);
	if (st->wedges)
		drm_printf(p, "wedged_at %s %d\n", xevf_mig_step_names[st->wedge_step],
			   st->wedge_err);
	drm_printf(p, "last_us %llu\nmax_us %llu\n", div_u64(st->last_ns, NSEC_PER_USEC),
		   div_u64(st->max_ns, NSEC_PER_USEC));
	for (i = 0; i < XEVF_MIG_STEP_COUNT; i++)
		drm_printf(p, "step %s %llu %llu\n", xevf_mig_step_names[i],
			   div_u64(st->step_last_ns[i], NSEC_PER_USEC),
			   div_u64(st->step_max_ns[i], NSEC_PER_USEC));
	drm_printf(p, "stoppers %#x\nheld %s\nskip %#x\n", mig->stoppers,
		   mig->held ? xevf_mig_stopper_names[__ffs(mig->held)] : "none", mig->skip);
}
