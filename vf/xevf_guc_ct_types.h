/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GUC_CT_TYPES_H_
#define _XEVF_GUC_CT_TYPES_H_

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include <abi/guc_ct_abi.h>
#include <xesim_driver.h>

struct xevf_device;
struct xevf_kbo;

/**
 * typedef xevf_guc_ct_event_fn - Where G2H events go.
 * @xe: the device.
 * @msg: the HXG message (header first).
 * @len: its dwords.
 *
 * Called with the G2H lock held, in process context; it must not wait for
 * a G2H response.
 */
typedef void (*xevf_guc_ct_event_fn)(struct xevf_device *xe, const u32 *msg,
				     u32 len);

/**
 * struct xevf_guc_ct_request - An H2G request waiting for its response.
 */
struct xevf_guc_ct_request {
	/** @link: entry in &xevf_guc_ct.pending. */
	struct list_head link;
	/** @fence: the fence of the request. */
	u16 fence;
	/** @done: the response arrived. */
	bool done;
	/** @status: 0 or -EREMOTEIO for a failure response. */
	int status;
	/** @data0: DATA0 of a success, ERROR | HINT << 16 of a failure. */
	u32 data0;
};

/**
 * struct xevf_guc_ct_track - Where an H2G message that changes the GuC's
 * state went, so that the post-migration recovery can tell whether the GuC
 * consumed it before the VF was saved (`xevf CT channel`).
 */
struct xevf_guc_ct_track {
	/** @seq: &xevf_guc_ct.h2g_seq just after the message. */
	u64 seq;
	/** @fence: the message's fence (for a REQUEST, its waiter's). */
	u16 fence;
	/** @pending: sent and not yet acknowledged by the GuC. */
	bool pending;
};

/**
 * struct xevf_guc_ct - The CT channel of the VF.
 */
struct xevf_guc_ct {
	/** @kbo: descriptors (first page), then the H2G and G2H buffers. */
	struct xevf_kbo *kbo;
	/** @lock: serializes H2G writers; protects @h2g_tail and @fence. */
	struct mutex lock;
	/** @g2h_lock: serializes G2H readers; protects @g2h_head, @msg. */
	struct mutex g2h_lock;
	/** @pending_lock: protects @pending. */
	spinlock_t pending_lock;
	/** @pending: &struct xevf_guc_ct_request waiting for a response. */
	struct list_head pending;
	/** @wq: woken when a response arrives or the channel stops. */
	wait_queue_head_t wq;
	/** @event: the G2H event sink. */
	xevf_guc_ct_event_fn event;
	/** @enabled: the GuC has the channel enabled. */
	bool enabled;
	/**
	 * @paused: the post-migration recovery owns the channel; senders
	 * wait (or get -ECANCELED) and rebuild their message afterwards.
	 */
	bool paused;
	/** @broken: the G2H ring was found inconsistent; no more reads. */
	bool broken;
	/** @h2g_tail: our H2G tail in dwords. */
	u32 h2g_tail;
	/**
	 * @h2g_seq: dwords written into the H2G ring since the channel was
	 * registered; never goes back, so a message's position in it says
	 * whether the GuC consumed it.
	 */
	u64 h2g_seq;
	/** @h2g_discarded: dwords the recovery discarded (debugfs). */
	u64 h2g_discarded;
	/** @g2h_head: our G2H head in dwords. */
	u32 g2h_head;
	/** @fence: the last fence used. */
	u16 fence;
	/** @h2g_msgs: messages sent (debugfs). */
	u64 h2g_msgs;
	/** @g2h_msgs: messages received (debugfs). */
	u64 g2h_msgs;
	/** @g2h_events: events received (debugfs). */
	u64 g2h_events;
	/** @g2h_unexpected: responses nobody waited for (debugfs). */
	u64 g2h_unexpected;
	/** @desc_errors: GuC-reported descriptor errors seen (debugfs). */
	u64 desc_errors;
	/** @info: scratch for the device access before each H2G message. */
	struct xesim_info info;
	/** @msg: the G2H message being handled. */
	u32 msg[GUC_CTB_HDR_LEN + GUC_CTB_MAX_DWORDS];
};

#endif
