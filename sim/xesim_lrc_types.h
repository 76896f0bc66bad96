/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A context image of the simulated Xe device, decoded (see xesim_lrc.c).
 */

#ifndef _XESIM_LRC_TYPES_H_
#define _XESIM_LRC_TYPES_H_

#include <linux/types.h>

#include "abi/xe_ctx_abi.h"
#include "xesim_engine_cs_types.h"

/**
 * enum xesim_lrc_state - The state a run left a context in.
 * @XESIM_LRC_IDLE: nothing to do: head equals tail, not in a batch.
 * @XESIM_LRC_RUNNABLE: work left (the slice ended or an MI_ARB_CHECK
 *	yielded).
 * @XESIM_LRC_WAITING: stopped at an MI_SEMAPHORE_WAIT whose condition did
 *	not hold; the command runs again (and re-reads memory) next time.
 * @XESIM_LRC_FAULTED: a fault stopped the context; sticky.
 */
enum xesim_lrc_state {
	XESIM_LRC_IDLE = XESIM_CTX_STATE_IDLE,
	XESIM_LRC_RUNNABLE = XESIM_CTX_STATE_RUNNABLE,
	XESIM_LRC_WAITING = XESIM_CTX_STATE_WAITING,
	XESIM_LRC_FAULTED = XESIM_CTX_STATE_FAULTED,
};

/**
 * struct xesim_lrc - A context image, decoded.
 *
 * Fields as in &struct xesim_cs_ctx_image, in CPU byte order.
 */
struct xesim_lrc {
	/** @ring_start: GGTT address of the ring. */
	u32 ring_start;
	/** @ring_size: ring size in bytes. */
	u32 ring_size;
	/** @ring_tail: byte offset of the end of the submitted work. */
	u32 ring_tail;
	/** @hwsp: GGTT address of the hardware status page. */
	u32 hwsp;
	/** @ppgtt_root: PML4 pointer in ppGTT entry format, 0 for none. */
	u64 ppgtt_root;
	/** @ring_head: byte offset of the next ring command. */
	u32 ring_head;
	/** @flags: ``XESIM_CTX_FLAG_*``. */
	u32 flags;
	/** @bb_addr: address of the next batch command. */
	u64 bb_addr;
	/** @bb_start: start address of the current batch. */
	u64 bb_start;
	/** @state: state left by the last run. */
	enum xesim_lrc_state state;
	/** @fault: the fault, when @state is %XESIM_LRC_FAULTED. */
	struct xesim_cs_fault fault;
	/** @gpr: general purpose registers 0-15. */
	u64 gpr[XESIM_CS_NUM_GPR];
	/** @timestamp: the context timestamp, in ``XESIM_CTX_TIMESTAMP_HZ`` ticks. */
	u64 timestamp;
	/** @asid: ``XESIM_CTX_ASID_*``: the address space ID, recoverable faults. */
	u32 asid;
};

#endif
