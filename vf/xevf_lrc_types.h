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

#endif
