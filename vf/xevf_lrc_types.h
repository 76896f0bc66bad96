/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_LRC_TYPES_H_
#define _XEVF_LRC_TYPES_H_

#include <linux/types.h>

struct xevf_kbo;

/**
 * struct xevf_lrc - A logical ring context: context image, status page and
 * ring, in one kernel buffer in GGTT memory.
 *
 * Only offsets in the buffer are kept; GGTT addresses come from its node.
 */
struct xevf_lrc {
	/** @kbo: image (page 0), status page (page 1), ring (from page 2). */
	struct xevf_kbo *kbo;
	/** @ring_size: bytes of the ring. */
	u32 ring_size;
	/** @tail: the next byte of the ring the driver writes. */
	u32 tail;
	/** @seqno: the last seqno emitted. */
	u32 seqno;
};

/**
 * struct xevf_lrc_job - What a job's ring commands were made of, kept until
 * the job completes so that the recovery can emit them again in place.
 */
struct xevf_lrc_job {
	/** @batch: the ppGTT address of the batch. */
	u64 batch;
	/** @ufence_addr: the ppGTT address of the user fence. */
	u64 ufence_addr;
	/** @ufence_value: its value. */
	u64 ufence_value;
	/** @ufence: write a user fence after the batch. */
	bool ufence;
	/** @seqno: the job's seqno. */
	u32 seqno;
	/** @head: the byte offset in the ring of the job's first command. */
	u32 head;
	/** @dwords: how many dwords the job's commands take. */
	u32 dwords;
};

#endif
