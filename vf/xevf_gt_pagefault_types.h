/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of the VF driver's recoverable page-fault handling.
 */

#ifndef _XEVF_GT_PAGEFAULT_TYPES_H_
#define _XEVF_GT_PAGEFAULT_TYPES_H_

#include <linux/atomic.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

/* descriptors the queue holds (each GUC_PF_DESC_MSG_LEN - 1 dwords) */
#define XEVF_PAGEFAULT_QUEUE_LEN	64

/**
 * struct xevf_gt_pagefault - The recoverable page faults of a device and the
 * ASIDs of its VMs (`xevf page faults`).
 */
struct xevf_gt_pagefault {
	/** @asid_lock: protects @asid_to_vm (the lookups read, VMs write). */
	struct rw_semaphore asid_lock;
	/** @asid_to_vm: &struct xevf_vm by ASID, from 1 to XEVF_MAX_ASID - 1. */
	struct xarray asid_to_vm;
	/** @next_asid: where the cyclic ASID allocation goes on. */
	u32 next_asid;
	/** @lock: protects @queue, @head and @tail. */
	spinlock_t lock;
	/** @queue: the fault descriptors received and not handled yet. */
	u32 queue[XEVF_PAGEFAULT_QUEUE_LEN][4];
	/** @head: where the next descriptor goes. */
	unsigned int head;
	/** @tail: the next descriptor to handle. */
	unsigned int tail;
	/** @wq: the ordered workqueue of @work. */
	struct workqueue_struct *wq;
	/** @work: handles the queued descriptors and replies. */
	struct work_struct work;
	/** @faults: fault descriptors received. */
	atomic64_t faults;
	/** @resolved: faults answered with success (the VMA is bound). */
	atomic64_t resolved;
	/** @failed: faults answered with failure (the GuC resets the context). */
	atomic64_t failed;
	/** @dropped: descriptors dropped: malformed, or the queue was full. */
	atomic64_t dropped;
	/** @resent: replies sent again after a post-migration recovery. */
	atomic64_t resent;
	/** @lost: replies the channel refused (it is down or broken). */
	atomic64_t lost;
};

#endif
