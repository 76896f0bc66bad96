// SPDX-License-Identifier: GPL-2.0
/*
 * The VF's CT channel to the GuC: H2G and G2H rings in GGTT memory.
 */

#include <drm/drm_print.h>
#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/sizes.h>

#include <abi/guc_ct_abi.h>
#include <abi/guc_relay_abi.h>
#include <abi/xe_regs_abi.h>
#include <xesim_driver.h>

#include "xevf_device_types.h"
#include "xevf_ggtt.h"
#include "xevf_gt_pagefault.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_gt_vf_relay.h"
#include "xevf_guc_ct.h"
#include "xevf_guc_hxg.h"
#include "xevf_printk.h"

/**
 * DOC: xevf CT channel
 *
 * One kernel buffer holds the channel: the H2G and G2H descriptors in its
 * first page, then the H2G ring (``XEVF_CT_H2G_SIZE``) and the G2H ring
 * (``XEVF_CT_G2H_SIZE``). xevf_guc_ct_register() gives the GuC the GGTT
 * addresses of all four, computed from the buffer's node at that moment,
 * with HOST2GUC_SELF_CFG over the MMIO relay, and enables the channel with
 * HOST2GUC_CONTROL_CTB.
 *
 * H2G: a writer (under &xevf_guc_ct.lock) first checks that the channel is
 * enabled, and gets -ENODEV without touching the ring when it is not (the
 * buffer of a stopped channel may be freed already); then it waits for room,
 * writes the CTB header (fence, length) and the HXG message at its tail,
 * publishes the tail in the descriptor and rings GUC_HOST_INTERRUPT. A
 * REQUEST puts a &struct xevf_guc_ct_request on the pending list before it
 * is written and sleeps until the G2H response with its fence arrives (or
 * 5 s pass); a FAST_REQUEST gets only a failure response, which is logged.
 *
 * G2H: the GUC2HOST memory interrupt drains the ring (under
 * &xevf_guc_ct.g2h_lock): each message is copied out, the head is written
 * back, responses complete their pending request, page-fault reports go
 * to the page-fault queue (`xevf page faults`), and the other events to
 * the event sink (the submission backend). A malformed ring stops reading and
 * is logged; the channel then stays broken until the device is rebound.
 * So does a status the GuC reports in either descriptor (overflow,
 * mismatch, underflow): it is checked before every write, at every G2H
 * interrupt and every 20 ms of a wait for a response, so a waiter sees it
 * at once (-EPIPE) instead of timing out.
 *
 * Migration (`xevf post-migration recovery`): &xevf_guc_ct.h2g_seq counts
 * the dwords ever written to the H2G ring. A state change records its
 * position in a &struct xevf_guc_ct_track as it is written, under the
 * writers' lock. After a migration the GuC's H2G head (in the descriptor,
 * which it only moves past messages it applied) tells how far it consumed
 * before the save: the recovery discards the rest (tail back to the head,
 * no re-registration) and replays each tracked change beyond that point
 * with its original fence. While the recovery owns the channel (paused),
 * writers wait for it and return -EAGAIN, so that their callers build the
 * message again with the GGTT addresses of now; run_job's scheduling
 * requests get -ECANCELED and are re-sent by the recovery.
 */

#define XEVF_CT_ROLE		"ct"
#define XEVF_CT_H2G_SIZE	SZ_16K
#define XEVF_CT_G2H_SIZE	SZ_16K
#define XEVF_CT_H2G_DESC	0
#define XEVF_CT_G2H_DESC	GUC_CTB_DESC_SIZE
#define XEVF_CT_H2G_BUF		XE_GGTT_PAGE_SIZE
#define XEVF_CT_G2H_BUF		(XEVF_CT_H2G_BUF + XEVF_CT_H2G_SIZE)
#define XEVF_CT_SIZE		(XEVF_CT_G2H_BUF + XEVF_CT_G2H_SIZE)
#define XEVF_CT_SPACE_TIMEOUT_MS	2000
#define XEVF_CT_RESPONSE_TIMEOUT_MS	5000
#define XEVF_CT_POLL_MS			20

/**
 * xevf_guc_ct_header() - Encode a CTB message header.
 * @fence: the fence.
 * @len: dwords of the HXG message that follows.
 *
 * Return: the header dword.
 */
u32 xevf_guc_ct_header(u16 fence, u32 len)
{
	return FIELD_PREP(GUC_CTB_MSG_0_FENCE, fence) |
	       FIELD_PREP(GUC_CTB_MSG_0_FORMAT, GUC_CTB_FORMAT_HXG) |
	       FIELD_PREP(GUC_CTB_MSG_0_NUM_DWORDS, len);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_guc_ct_header);

static u32 *xevf_ct_dw(struct xevf_guc_ct *ct, u32 offset)
{
	return ct->kbo->vaddr + offset;
}

static u32 xevf_ct_read(struct xevf_guc_ct *ct, u32 offset)
{
	return le32_to_cpu((__force __le32)READ_ONCE(*xevf_ct_dw(ct, offset)));
}

static void xevf_ct_write(struct xevf_guc_ct *ct, u32 offset, u32 val)
{
	WRITE_ONCE(*xevf_ct_dw(ct, offset), (__force u32)cpu_to_le32(val));
}

/**
 * xevf_guc_ct_register() - Register the channel with the GuC and enable it.
 * @xe: the device.
 *
 * The descriptors are reset (head and tail 0, status clear) first.
 *
 * Context: process context.
 * Return: 0 or a negative errno of the relay.
 */
int xevf_guc_ct_register(struct xevf_device *xe)
{
	struct xevf_guc_ct *ct = &xe->ct;
	struct xevf_kbo *kbo = ct->kbo;
	int err;

	memset(kbo->vaddr, 0, 2 * GUC_CTB_DESC_SIZE);
	ct->h2g_tail = 0;
	ct->h2g_seq = 0;
	ct->g2h_head = 0;
	ct->broken = false;
	err = xevf_gt_vf_relay_self_cfg(xe, GUC_KLV_SELF_CFG_H2G_CTB_ADDR_KEY, 2,
					xevf_ggtt_kbo_ggtt(kbo, XEVF_CT_H2G_BUF));
	err = err ?: xevf_gt_vf_relay_self_cfg(xe, GUC_KLV_SELF_CFG_H2G_CTB_DESCRIPTOR_ADDR_KEY,
					 2, xevf_ggtt_kbo_ggtt(kbo, XEVF_CT_H2G_DESC));
	err = err ?: xevf_gt_vf_relay_self_cfg(xe, GUC_KLV_SELF_CFG_H2G_CTB_SIZE_KEY, 1,
					 XEVF_CT_H2G_SIZE);
	err = err ?: xevf_gt_vf_relay_self_cfg(xe, GUC_KLV_SELF_CFG_G2H_CTB_ADDR_KEY, 2,
					 xevf_ggtt_kbo_ggtt(kbo, XEVF_CT_G2H_BUF));
	err = err ?: xevf_gt_vf_relay_self_cfg(xe, GUC_KLV_SELF_CFG_G2H_CTB_DESCRIPTOR_ADDR_KEY,
					 2, xevf_ggtt_kbo_ggtt(kbo, XEVF_CT_G2H_DESC));
	err = err ?: xevf_gt_vf_relay_self_cfg(xe, GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY, 1,
					 XEVF_CT_G2H_SIZE);
	err = err ?: xevf_gt_vf_relay_control_ctb(xe, true);
	if (err) {
		xevf_err(xe, XEVF_CT_ROLE, "registration failed: %pe\n", ERR_PTR(err));
		return err;
	}
	WRITE_ONCE(ct->enabled, true);
	return 0;
}

/**
 * xevf_guc_ct_init() - Allocate the channel, register and enable it.
 * @xe: the device, with memory interrupts up.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xevf_guc_ct_init(struct xevf_device *xe)
{
	struct xevf_guc_ct *ct = &xe->ct;
	int err;

	mutex_init(&ct->lock);
	mutex_init(&ct->g2h_lock);
	spin_lock_init(&ct->pending_lock);
	INIT_LIST_HEAD(&ct->pending);
	init_waitqueue_head(&ct->wq);
	err = xevf_ggtt_kbo_create(xe, XEVF_CT_SIZE, "ct", &ct->kbo);
	if (err)
		return err;
	err = xevf_guc_ct_register(xe);
	if (err) {
		xevf_ggtt_kbo_destroy(xe, ct->kbo);
		ct->kbo = NULL;
	}
	return err;
}

/**
 * xevf_guc_ct_stop() - Disable the channel; waiters get -ENODEV.
 * @xe: the device.
 *
 * Context: process context.
 */
void xevf_guc_ct_stop(struct xevf_device *xe)
{
	struct xevf_guc_ct *ct = &xe->ct;

	if (!READ_ONCE(ct->enabled))
		return;
	scoped_guard(mutex, &ct->lock)
		WRITE_ONCE(ct->enabled, false);
	wake_up_all(&ct->wq);
	xevf_gt_vf_relay_control_ctb(xe, false);
}

/**
 * xevf_guc_ct_fini() - Free the channel, once stopped and with the
 * interrupt handler gone.
 * @xe: the device.
 *
 * Context: process context.
 */
void xevf_guc_ct_fini(struct xevf_device *xe)
{
	struct xevf_guc_ct *ct = &xe->ct;
	struct xevf_kbo *kbo;

	/* writers check @enabled under ct->lock, readers @kbo under ct->g2h_lock */
	scoped_guard(mutex, &ct->lock)
		WRITE_ONCE(ct->enabled, false);
	scoped_guard(mutex, &ct->g2h_lock) {
		kbo = ct->kbo;
		ct->kbo = NULL;
	}
	xevf_ggtt_kbo_destroy(xe, kbo);
}

static u32 xevf_ct_h2g_space(struct xevf_guc_ct *ct)
{
	u32 size = XEVF_CT_H2G_SIZE / 4;
	u32 head = xevf_ct_read(ct, XEVF_CT_H2G_DESC + GUC_CTB_DESC_HEAD);

	if (head >= size)
		return 0;
	return (head + size - ct->h2g_tail - 1) % size;
}

/* a GuC-reported error on either descriptor: the channel is unusable */
static int xevf_ct_desc_check(struct xevf_device *xe)
{
	struct xevf_guc_ct *ct = &xe->ct;
	u32 h2g = xevf_ct_read(ct, XEVF_CT_H2G_DESC + GUC_CTB_DESC_STATUS);
	u32 g2h = xevf_ct_read(ct, XEVF_CT_G2H_DESC + GUC_CTB_DESC_STATUS);

	if (likely(!h2g && !g2h))
		return 0;
	if (!READ_ONCE(ct->broken)) {
		ct->desc_errors++;
		xevf_err(xe, XEVF_CT_ROLE, "GuC reports descriptor status H2G %#x G2H %#x\n",
			 h2g, g2h);
	}
	WRITE_ONCE(ct->broken, true);
	wake_up_all(&ct->wq);
	return -EPIPE;
}

/* one message at the tail; with @fence_in non-zero, that fence (a replay) */
static int xevf_ct_write_msg(struct xevf_device *xe, const u32 *action, u32 len,
			     u32 type, u16 fence_in, struct xevf_guc_ct_request *req,
			     struct xevf_guc_ct_track *track)
{
	struct xevf_guc_ct *ct = &xe->ct;
	unsigned long end = jiffies + msecs_to_jiffies(XEVF_CT_SPACE_TIMEOUT_MS);
	u32 size = XEVF_CT_H2G_SIZE / 4, i, dw;
	u16 fence;
	int err;

	lockdep_assert_held(&ct->lock);
	/* a stopped channel's buffer may be gone: check before touching it */
	if (!ct->enabled)
		return -ENODEV;
	err = xevf_ct_desc_check(xe);
	if (err)
		return err;
	if (!fence_in) {
		/*
		 * A device access first: a sender caught by a migration (the
		 * guest frozen) waits here, before its message is in the ring,
		 * and then sees the MIGRATED status byte the destination set.
		 */
		err = xesim_get_info(xe->xdev, &xe->ct.info);
		if (err)
			return err;
		if (xevf_gt_vf_migration_pending(xe))
			return -EAGAIN;
	}
	while (xevf_ct_h2g_space(ct) < len + GUC_CTB_HDR_LEN) {
		/* a replay follows a discard: no room means a broken ring */
		if (fence_in)
			return -EBUSY;
		/* a migrated GuC consumes nothing until the recovery is done */
		if (xevf_gt_vf_migration_pending(xe))
			return -EAGAIN;
		if (time_after(jiffies, end)) {
			xevf_err_ratelimited(xe, XEVF_CT_ROLE, "H2G ring stays full\n");
			return -EBUSY;
		}
		/* the GuC consumes after a doorbell: ring it again */
		xesim_write32(xe->xdev, GUC_HOST_INTERRUPT, GUC_SEND_TRIGGER);
		usleep_range(200, 1000);
		/* or it found the ring broken, and never will */
		err = xevf_ct_desc_check(xe);
		if (err)
			return err;
	}
	if (fence_in) {
		fence = fence_in;
	} else {
		ct->fence = ct->fence + 1 ?: 1;
		fence = ct->fence;
	}
	if (req) {
		req->fence = fence;
		scoped_guard(spinlock, &ct->pending_lock)
			list_add_tail(&req->link, &ct->pending);
	}
	for (i = 0; i <= len; i++) {
		if (!i)
			dw = xevf_guc_ct_header(fence, len);
		else if (i == 1)
			dw = (action[0] & ~(GUC_HXG_MSG_0_ORIGIN | GUC_HXG_MSG_0_TYPE)) |
			     FIELD_PREP(GUC_HXG_MSG_0_TYPE, type);
		else
			dw = action[i - 1];
		xevf_ct_write(ct, XEVF_CT_H2G_BUF + 4 * ((ct->h2g_tail + i) % size), dw);
	}
	ct->h2g_tail = (ct->h2g_tail + len + GUC_CTB_HDR_LEN) % size;
	ct->h2g_seq += len + GUC_CTB_HDR_LEN;
	if (track) {
		track->seq = ct->h2g_seq;
		track->fence = fence;
		WRITE_ONCE(track->pending, true);
	}
	/* the message before the tail that publishes it */
	wmb();
	xevf_ct_write(ct, XEVF_CT_H2G_DESC + GUC_CTB_DESC_TAIL, ct->h2g_tail);
	ct->h2g_msgs++;
	/* a replay waits for RESFIX_DONE; xevf_guc_ct_unpause() rings */
	if (fence_in)
		return 0;
	err = xesim_write32(xe->xdev, GUC_HOST_INTERRUPT, GUC_SEND_TRIGGER);
	if (err && req) {
		scoped_guard(spinlock, &ct->pending_lock)
			list_del(&req->link);
	}
	return err;
}

static int xevf_ct_check_len(struct xevf_device *xe, u32 len)
{
	if (!len || len > GUC_CTB_MAX_DWORDS) {
		xevf_err(xe, XEVF_CT_ROLE, "bad H2G length %u\n", len);
		return -EINVAL;
	}
	return 0;
}

/*
 * Write a message unless the recovery owns the channel: then -ECANCELED
 * with XEVF_CT_NOWAIT, else wait until it is done and return -EAGAIN, so
 * that the caller builds the message again with the addresses of now.
 */
static int xevf_ct_send_msg(struct xevf_device *xe, const u32 *action, u32 len,
			    u32 type, u32 flags, struct xevf_guc_ct_request *req,
			    struct xevf_guc_ct_track *track)
{
	struct xevf_guc_ct *ct = &xe->ct;
	int err;

	err = xevf_ct_check_len(xe, len);
	if (err)
		return err;
	scoped_guard(mutex, &ct->lock) {
		if (!ct->paused) {
			err = xevf_ct_write_msg(xe, action, len, type, 0, req, track);
			if (err != -EAGAIN)
				return err;
		}
	}
	if (flags & XEVF_CT_NOWAIT)
		return -ECANCELED;
	xevf_gt_vf_migration_wait(xe);
	wait_event(ct->wq, !READ_ONCE(ct->paused) || !READ_ONCE(ct->enabled));
	return READ_ONCE(ct->enabled) ? -EAGAIN : -ENODEV;
}

/**
 * xevf_guc_ct_send() - Send a fast request (no response unless it fails).
 * @xe: the device.
 * @action: the HXG message; the type in dword 0 is set here.
 * @len: its dwords.
 * @flags: XEVF_CT_NOWAIT or 0.
 * @track: out, optional: where the message went (`xevf CT channel`).
 *
 * Context: process context; sleeps while the ring is full or a recovery
 * runs.
 * Return: 0; -EAGAIN when a post-migration recovery ran meanwhile and the
 * message was not sent (build it again and resend); -ECANCELED instead
 * with XEVF_CT_NOWAIT; -ENODEV when the channel is down, -EPIPE when the
 * GuC reported a descriptor error, -EBUSY when the ring stays full,
 * -EINVAL for a bad length, or a bus error.
 */
int xevf_guc_ct_send(struct xevf_device *xe, const u32 *action, u32 len,
		     u32 flags, struct xevf_guc_ct_track *track)
{
	return xevf_ct_send_msg(xe, action, len, GUC_HXG_TYPE_FAST_REQUEST, flags,
				NULL, track);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_guc_ct_send);

/**
 * xevf_guc_ct_wait() - Wait for a condition that a G2H message makes true,
 * as long as the GuC could still make it true: the wait stops at once on a
 * GuC-reported descriptor error, and a post-migration recovery (during
 * which the GuC answers nothing) is waited out and restarts the timeout.
 * @xe: the device.
 * @cond: the condition.
 * @arg: its argument.
 * @timeout_ms: how long the GuC may take.
 *
 * Context: process context; sleeps.
 * Return: 0 once @cond holds, -ENODEV when the channel stopped, -EPIPE on a
 * descriptor error, -ETIMEDOUT.
 */
int xevf_guc_ct_wait(struct xevf_device *xe, bool (*cond)(void *arg), void *arg,
		     unsigned int timeout_ms)
{
	struct xevf_guc_ct *ct = &xe->ct;
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	long slice = msecs_to_jiffies(XEVF_CT_POLL_MS);

	for (;;) {
		wait_event_timeout(ct->wq, cond(arg) || !READ_ONCE(ct->enabled) ||
				   READ_ONCE(ct->broken) ||
				   xevf_gt_vf_migration_pending(xe), slice);
		if (cond(arg))
			return 0;
		if (!READ_ONCE(ct->enabled))
			return -ENODEV;
		if (READ_ONCE(ct->broken))
			return -EPIPE;
		if (xevf_gt_vf_migration_pending(xe)) {
			xevf_gt_vf_migration_wait(xe);
			deadline = jiffies + msecs_to_jiffies(timeout_ms);
			continue;
		}
		/*
		 * The buffer is freed only after the channel is disabled under
		 * the writers' lock. Not the G2H lock: a waiter may hold
		 * xevf_device_hw_enter(), which the G2H handler's chain (submission
		 * lock, then the recovery stopping run_job) must not wait for.
		 */
		scoped_guard(mutex, &ct->lock) {
			if (ct->enabled && xevf_ct_desc_check(xe))
				return -EPIPE;
		}
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xevf_guc_ct_wait);

static bool xevf_ct_req_done(void *arg)
{
	return READ_ONCE(((struct xevf_guc_ct_request *)arg)->done);
}

/**
 * xevf_guc_ct_send_recv() - Send a request and wait for its response.
 * @xe: the device.
 * @action: the HXG message; the type in dword 0 is set here.
 * @len: its dwords.
 * @data0: out, optional: DATA0 of a success, ERROR | HINT << 16 of a failure.
 * @track: out, optional: where the message went; the post-migration
 *         recovery may send it again (with the same fence) while this waits.
 *
 * Must not be called from the G2H event sink.
 *
 * Context: process context; sleeps.
 * Return: 0, -EREMOTEIO for a failure response, -ETIMEDOUT, -EAGAIN (see
 * xevf_guc_ct_send()), or another error of xevf_guc_ct_send() or
 * xevf_guc_ct_wait().
 */
int xevf_guc_ct_send_recv(struct xevf_device *xe, const u32 *action, u32 len,
			  u32 *data0, struct xevf_guc_ct_track *track)
{
	struct xevf_guc_ct *ct = &xe->ct;
	struct xevf_guc_ct_request req = {};
	int err;

	err = xevf_ct_send_msg(xe, action, len, GUC_HXG_TYPE_REQUEST, 0, &req, track);
	if (err)
		return err;
	err = xevf_guc_ct_wait(xe, xevf_ct_req_done, &req, XEVF_CT_RESPONSE_TIMEOUT_MS);
	scoped_guard(spinlock, &ct->pending_lock) {
		if (!req.done)
			list_del(&req.link);
	}
	if (!req.done) {
		xevf_err(xe, XEVF_CT_ROLE, "action %#lx fence %u: %pe\n",
			 FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, action[0]), req.fence,
			 ERR_PTR(err));
		return err;
	}
	if (data0)
		*data0 = req.data0;
	return req.status;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_guc_ct_send_recv);

/**
 * xevf_guc_ct_pause() - The post-migration recovery takes the channel:
 * senders wait (or get -ECANCELED) from now on.
 * @xe: the device.
 *
 * Context: process context; waits for a sender inside the channel.
 */
void xevf_guc_ct_pause(struct xevf_device *xe)
{
	scoped_guard(mutex, &xe->ct.lock)
		xe->ct.paused = true;
}

/**
 * xevf_guc_ct_unpause() - The recovery gives the channel back; waiting
 * senders build their messages again and send them. The doorbell is rung,
 * so that the GuC looks at what the recovery left in the ring.
 * @xe: the device.
 *
 * Context: process context.
 */
void xevf_guc_ct_unpause(struct xevf_device *xe)
{
	struct xevf_guc_ct *ct = &xe->ct;

	scoped_guard(mutex, &ct->lock) {
		ct->paused = false;
		if (ct->enabled)
			xesim_write32(xe->xdev, GUC_HOST_INTERRUPT, GUC_SEND_TRIGGER);
	}
	wake_up_all(&ct->wq);
}

/**
 * xevf_guc_ct_discard() - Drop the H2G messages the GuC has not consumed:
 * they were written with the source's GGTT addresses, or are state changes
 * the recovery replays. The tail goes back to the GuC's head; the channel
 * stays registered (the GuC rebased its registration itself).
 * @xe: the device, with the channel paused.
 * @discard: drop them (false: only tell where the GuC stands; a test knob).
 * @consumed: out: &xevf_guc_ct.h2g_seq of the GuC's head: a message whose
 *            &xevf_guc_ct_track.seq is above it was not consumed.
 *
 * Context: process context; no allocation.
 * Return: 0, or -EPROTO for a head the GuC left out of the ring.
 */
int xevf_guc_ct_discard(struct xevf_device *xe, bool discard, u64 *consumed)
{
	struct xevf_guc_ct *ct = &xe->ct;
	u32 size = XEVF_CT_H2G_SIZE / 4, head, left;

	guard(mutex)(&ct->lock);
	if (!ct->enabled)
		return -ENODEV;
	head = xevf_ct_read(ct, XEVF_CT_H2G_DESC + GUC_CTB_DESC_HEAD);
	if (head >= size) {
		xevf_err(xe, XEVF_CT_ROLE, "H2G head %u out of the ring\n", head);
		return -EPROTO;
	}
	left = (ct->h2g_tail + size - head) % size;
	*consumed = ct->h2g_seq - left;
	if (!discard || !left)
		return 0;
	ct->h2g_tail = head;
	ct->h2g_discarded += left;
	xevf_ct_write(ct, XEVF_CT_H2G_DESC + GUC_CTB_DESC_TAIL, head);
	return 0;
}

/**
 * xevf_guc_ct_replay() - Send a state change again for the post-migration
 * recovery, past the pause, with the fence it had (a waiting REQUEST gets
 * the response). Not rung: the blocked GuC reads it after RESFIX_DONE.
 * @xe: the device, with the channel paused.
 * @action: the HXG message, built with the addresses of now.
 * @len: its dwords.
 * @type: GUC_HXG_TYPE_REQUEST or GUC_HXG_TYPE_FAST_REQUEST.
 * @track: where the message went before; updated.
 *
 * Context: process context; no allocation.
 * Return: 0 or an error of the write (-ENODEV, -EPIPE, -EBUSY).
 */
int xevf_guc_ct_replay(struct xevf_device *xe, const u32 *action, u32 len,
		       u32 type, struct xevf_guc_ct_track *track)
{
	int err = xevf_ct_check_len(xe, len);

	if (err)
		return err;
	guard(mutex)(&xe->ct.lock);
	return xevf_ct_write_msg(xe, action, len, type, track->fence, NULL, track);
}

/**
 * xevf_guc_ct_check() - Whether the channel is usable: enabled, and no
 * error in its rings or reported by the GuC in its descriptors.
 * @xe: the device.
 *
 * Context: process context.
 * Return: 0, -ENODEV for a stopped channel, -EPIPE for a broken one.
 */
int xevf_guc_ct_check(struct xevf_device *xe)
{
	struct xevf_guc_ct *ct = &xe->ct;

	guard(mutex)(&ct->lock);
	if (!ct->enabled)
		return -ENODEV;
	return READ_ONCE(ct->broken) ? -EPIPE : xevf_ct_desc_check(xe);
}

/**
 * xevf_guc_ct_wake() - Wake every waiter of the channel, so it looks at
 * the recovery's state again.
 * @xe: the device.
 */
void xevf_guc_ct_wake(struct xevf_device *xe)
{
	wake_up_all(&xe->ct.wq);
}

static void xevf_ct_response(struct xevf_device *xe, u16 fence, const u32 *hxg)
{
	struct xevf_guc_ct *ct = &xe->ct;
	struct xevf_guc_ct_request *req;
	u32 data0;
	int status = xevf_guc_hxg_reply_to_errno(hxg[0], &data0);

	scoped_guard(spinlock, &ct->pending_lock) {
		list_for_each_entry(req, &ct->pending, link) {
			if (req->fence != fence)
				continue;
			list_del(&req->link);
			req->status = status;
			req->data0 = data0;
			WRITE_ONCE(req->done, true);
			wake_up_all(&ct->wq);
			return;
		}
	}
	ct->g2h_unexpected++;
	if (status)
		xevf_err_ratelimited(xe, XEVF_CT_ROLE,
				     "request fence %u failed: error %#x hint %#x\n",
				     fence, data0 & 0xffff, data0 >> 16);
}

static bool xevf_ct_g2h_one(struct xevf_device *xe)
{
	struct xevf_guc_ct *ct = &xe->ct;
	u32 size = XEVF_CT_G2H_SIZE / 4, tail, avail, n, i, type;

	tail = xevf_ct_read(ct, XEVF_CT_G2H_DESC + GUC_CTB_DESC_TAIL);
	if (tail >= size) {
		xevf_err(xe, XEVF_CT_ROLE, "G2H tail %u out of range\n", tail);
		ct->broken = true;
		return false;
	}
	if (tail == ct->g2h_head)
		return false;
	/* the tail before the message it publishes */
	rmb();
	avail = (tail + size - ct->g2h_head) % size;
	ct->msg[0] = xevf_ct_read(ct, XEVF_CT_G2H_BUF + 4 * ct->g2h_head);
	n = GUC_CTB_HDR_LEN + FIELD_GET(GUC_CTB_MSG_0_NUM_DWORDS, ct->msg[0]);
	if (n > avail || n == GUC_CTB_HDR_LEN) {
		xevf_err(xe, XEVF_CT_ROLE, "G2H message of %u dwords, %u written\n",
			 n, avail);
		ct->broken = true;
		return false;
	}
	for (i = 1; i < n; i++)
		ct->msg[i] = xevf_ct_read(ct, XEVF_CT_G2H_BUF +
					  4 * ((ct->g2h_head + i) % size));
	ct->g2h_head = (ct->g2h_head + n) % size;
	xevf_ct_write(ct, XEVF_CT_G2H_DESC + GUC_CTB_DESC_HEAD, ct->g2h_head);
	ct->g2h_msgs++;

	type = FIELD_GET(GUC_HXG_MSG_0_TYPE, ct->msg[1]);
	if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, ct->msg[1]) != GUC_HXG_ORIGIN_GUC) {
		xevf_err_ratelimited(xe, XEVF_CT_ROLE, "G2H %#x not from the GuC\n",
				     ct->msg[1]);
	} else if (type == GUC_HXG_TYPE_EVENT) {
		ct->g2h_events++;
		/* a page fault is handled by its worker, never here */
		if (FIELD_GET(GUC_HXG_EVENT_MSG_0_ACTION, ct->msg[1]) ==
		    XE_GUC_ACTION_REPORT_PAGE_FAULT_REQ_DESC)
			xevf_gt_pagefault_handler(xe, &ct->msg[1], n - GUC_CTB_HDR_LEN);
		else if (ct->event)
			ct->event(xe, &ct->msg[1], n - GUC_CTB_HDR_LEN);
	} else {
		xevf_ct_response(xe, FIELD_GET(GUC_CTB_MSG_0_FENCE, ct->msg[0]),
				 &ct->msg[1]);
	}
	return true;
}

/**
 * xevf_guc_ct_g2h_irq() - Drain the G2H ring.
 * @xe: the device.
 *
 * Context: process context (the interrupt handler).
 */
void xevf_guc_ct_g2h_irq(struct xevf_device *xe)
{
	struct xevf_guc_ct *ct = &xe->ct;

	guard(mutex)(&ct->g2h_lock);
	if (!ct->kbo || ct->broken || xevf_ct_desc_check(xe))
		return;
	while (xevf_ct_g2h_one(xe))
		;
}

/**
 * xevf_guc_ct_print() - Print the channel's state.
 * @xe: the device.
 * @p: where to.
 */
void xevf_guc_ct_print(struct xevf_device *xe, struct drm_printer *p)
{
	struct xevf_guc_ct *ct = &xe->ct;

	/* the buffer goes under this lock (xevf_guc_ct_fini()) */
	guard(mutex)(&ct->g2h_lock);
	if (!ct->kbo) {
		drm_printf(p, "no channel\n");
		return;
	}
	drm_printf(p, "enabled %d broken %d fence %u paused %d desc_errors %llu\n",
		   ct->enabled, ct->broken, ct->fence, ct->paused, ct->desc_errors);
	drm_printf(p, "H2G seq %llu discarded %llu\n", ct->h2g_seq, ct->h2g_discarded);
	drm_printf(p, "H2G ggtt %#llx size %u head %u tail %u status %#x msgs %llu\n",
		   xevf_ggtt_kbo_ggtt(ct->kbo, XEVF_CT_H2G_BUF), XEVF_CT_H2G_SIZE,
		   xevf_ct_read(ct, XEVF_CT_H2G_DESC + GUC_CTB_DESC_HEAD), ct->h2g_tail,
		   xevf_ct_read(ct, XEVF_CT_H2G_DESC + GUC_CTB_DESC_STATUS), ct->h2g_msgs);
	drm_printf(p, "G2H ggtt %#llx size %u head %u tail %u status %#x\n",
		   xevf_ggtt_kbo_ggtt(ct->kbo, XEVF_CT_G2H_BUF), XEVF_CT_G2H_SIZE,
		   ct->g2h_head, xevf_ct_read(ct, XEVF_CT_G2H_DESC + GUC_CTB_DESC_TAIL),
		   xevf_ct_read(ct, XEVF_CT_G2H_DESC + GUC_CTB_DESC_STATUS));
	drm_printf(p, "G2H msgs %llu events %llu unexpected %llu\n",
		   ct->g2h_msgs, ct->g2h_events, ct->g2h_unexpected);
}
