/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of the engine command streamer of the simulated Xe device: the
 * memory-access interface it runs against, the context image, the result of
 * a run and the counters.
 */

#ifndef _XESIM_ENGINE_CS_TYPES_H_
#define _XESIM_ENGINE_CS_TYPES_H_

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include "abi/xe_ctx_abi.h"

#define XESIM_CS_NUM_GPR		XESIM_CTX_NUM_GPR
#define XESIM_CS_NUM_MI_OPCODES		64

/**
 * enum xesim_cs_space - An address space the engine reaches memory in.
 * @XESIM_CS_SPACE_GGTT: a GGTT address of the function that owns the
 *	context; the device translates it through the GGTT.
 * @XESIM_CS_SPACE_LMEM: an offset in the function's local memory; the
 *	device translates it through the LMTT.
 * @XESIM_CS_SPACE_SYSMEM: a DMA address in system memory; the device
 *	translates it through the function's DMA mappings.
 *
 * ppGTT addresses never reach the memory interface: the engine walks the
 * page tables itself and accesses the LMEM or system memory they point at.
 */
enum xesim_cs_space {
	XESIM_CS_SPACE_GGTT,
	XESIM_CS_SPACE_LMEM,
	XESIM_CS_SPACE_SYSMEM,
};

/**
 * struct xesim_cs_mem_ops - How an engine reaches memory, registers and
 * interrupts of the function that owns the context it runs.
 *
 * The engine never issues a @read or @write that crosses a 4 KiB boundary of
 * the address space it names. All callbacks are called from the thread that
 * called xesim_engine_cs_run() (or a context helper) and may sleep unless the
 * caller's context forbids it.
 */
struct xesim_cs_mem_ops {
	/**
	 * @read: copy @len bytes at @addr of @space into @buf. Returns 0, or a
	 * negative errno (-EFAULT for an address the function cannot reach)
	 * that makes the engine fault. Required.
	 */
	int (*read)(void *priv, enum xesim_cs_space space, u64 addr, void *buf,
		    size_t len);
	/**
	 * @write: copy @len bytes from @buf to @addr of @space. Returns 0 or a
	 * negative errno, as @read. Required.
	 */
	int (*write)(void *priv, enum xesim_cs_space space, u64 addr,
		     const void *buf, size_t len);
	/**
	 * @reg_write: a privileged MI_LOAD_REGISTER_IMM, _MEM or _REG wrote
	 * @val to the register at byte offset @reg, which is none of the
	 * engine's per-context registers (those the engine keeps itself, see
	 * `xesim context image`); @flags are the MI_LRI_* header bits of the
	 * command (``MI_LRI_LRM_CS_MMIO``: @reg is relative to the engine's
	 * MMIO base; ``MI_LRI_BYTE_WRITE_DISABLE``: bytes not to write). A
	 * negative errno refuses the write and makes the engine fault.
	 * Optional: without it, such a write faults the context with
	 * %XESIM_CS_FAULT_REGISTER.
	 */
	int (*reg_write)(void *priv, u32 reg, u32 val, u32 flags);
	/**
	 * @user_interrupt: MI_USER_INTERRUPT executed. Optional.
	 */
	void (*user_interrupt)(void *priv);
	/**
	 * @preempt_pending: asked at an MI_ARB_CHECK while arbitration is
	 * enabled; true makes the engine yield there. Optional: without it,
	 * every enabled MI_ARB_CHECK yields.
	 */
	bool (*preempt_pending)(void *priv);
	/**
	 * @atomic_lock: taken around the read-modify-write of MI_ATOMIC, so the
	 * device can make it atomic against its other engines. Optional; if
	 * set, @atomic_unlock must be set too.
	 */
	void (*atomic_lock)(void *priv);
	/** @atomic_unlock: releases @atomic_lock. */
	void (*atomic_unlock)(void *priv);
};

/**
 * struct xesim_cs_mem - A memory interface and its argument.
 */
struct xesim_cs_mem {
	/** @ops: the callbacks. */
	const struct xesim_cs_mem_ops *ops;
	/** @priv: passed to every callback (the device's per-function state). */
	void *priv;
	/**
	 * @mmio_base: MMIO base of the engine that runs the context
	 * (``XESIM_RENDER_RING_BASE``, ...): where its per-context registers
	 * are in the MMIO space, for register offsets without the CS-MMIO bit.
	 */
	u32 mmio_base;
};

/**
 * struct xesim_ppgtt_xlate - Where a ppGTT virtual address leads, as found by
 * xesim_ppgtt_walk().
 */
struct xesim_ppgtt_xlate {
	/** @space: %XESIM_CS_SPACE_LMEM or %XESIM_CS_SPACE_SYSMEM. */
	enum xesim_cs_space space;
	/** @addr: the address of the byte in @space. */
	u64 addr;
	/** @size: bytes from @addr to the end of the mapping page. */
	u64 size;
	/** @level: level of the leaf: 0 (4 KiB), 1 (2 MiB) or 2 (1 GiB). */
	unsigned int level;
	/** @writable: the leaf entry has ``XE_PAGE_RW``. */
	bool writable;
	/** @null: a NULL page: reads return zeroes, writes are dropped. */
	bool null;
};

/**
 * enum xesim_cs_fault_reason - Why the engine faulted.
 * @XESIM_CS_FAULT_NONE: no fault.
 * @XESIM_CS_FAULT_CONTEXT: the context image could not be read or written,
 *	or holds an invalid value (magic, version, ring, status page, flags).
 * @XESIM_CS_FAULT_OPCODE: a command the engine does not know.
 * @XESIM_CS_FAULT_LENGTH: a length field that does not fit the command, or a
 *	command that runs past the ring tail.
 * @XESIM_CS_FAULT_ALIGN: a memory operand not aligned to its size.
 * @XESIM_CS_FAULT_PAGE: the ppGTT walk found no present entry, the context
 *	has no ppGTT, or the address is beyond 48 bits.
 * @XESIM_CS_FAULT_ACCESS: the memory interface refused an access (an
 *	unmapped GGTT page, another function's memory, an unmapped DMA address).
 * @XESIM_CS_FAULT_READONLY: a write through a read-only ppGTT entry.
 * @XESIM_CS_FAULT_REGISTER: a register access the device refused: a
 *	register the engine does not implement, or a write the register hook
 *	refused.
 * @XESIM_CS_FAULT_UNSUPPORTED: a known command with an encoding the model
 *	does not implement (see `xesim command streamer`).
 * @XESIM_CS_FAULT_PRIVILEGE: a privileged operation in a non-privileged
 *	(ppGTT) batch: a register write other than a GPR, or a status page
 *	index store.
 * @XESIM_CS_FAULT_NR: number of reasons.
 */
enum xesim_cs_fault_reason {
	XESIM_CS_FAULT_NONE,
	XESIM_CS_FAULT_CONTEXT,
	XESIM_CS_FAULT_OPCODE,
	XESIM_CS_FAULT_LENGTH,
	XESIM_CS_FAULT_ALIGN,
	XESIM_CS_FAULT_PAGE,
	XESIM_CS_FAULT_ACCESS,
	XESIM_CS_FAULT_READONLY,
	XESIM_CS_FAULT_REGISTER,
	XESIM_CS_FAULT_UNSUPPORTED,
	XESIM_CS_FAULT_PRIVILEGE,
	XESIM_CS_FAULT_NR
};

/**
 * enum xesim_cs_access - What the engine was doing when it faulted.
 * @XESIM_CS_ACCESS_NONE: no memory access (decode or register fault).
 * @XESIM_CS_ACCESS_FETCH: fetching a command or the context image.
 * @XESIM_CS_ACCESS_READ: reading a memory operand.
 * @XESIM_CS_ACCESS_WRITE: writing a memory operand.
 */
enum xesim_cs_access {
	XESIM_CS_ACCESS_NONE,
	XESIM_CS_ACCESS_FETCH,
	XESIM_CS_ACCESS_READ,
	XESIM_CS_ACCESS_WRITE,
};

/**
 * struct xesim_cs_fault - A fault record.
 */
struct xesim_cs_fault {
	/** @reason: why; %XESIM_CS_FAULT_NONE when there was no fault. */
	enum xesim_cs_fault_reason reason;
	/** @access: the kind of access that faulted. */
	enum xesim_cs_access access;
	/** @ppgtt: @addr is a ppGTT virtual address; else a GGTT address. */
	bool ppgtt;
	/**
	 * @addr: the faulting address (the register offset for a register
	 * fault, the command address for a decode fault).
	 */
	u64 addr;
	/** @cmd: dword 0 of the faulting command, 0 if it was not fetched. */
	u32 cmd;
};

/**
 * enum xesim_cs_result - How a run ended.
 * @XESIM_CS_IDLE: the context has nothing left to do.
 * @XESIM_CS_YIELDED: the context stopped at a command boundary with work
 *	left; &xesim_cs_exec.yield says why.
 * @XESIM_CS_FAULT: the context faulted; &xesim_cs_exec.fault says why.
 * @XESIM_CS_STALLED: a recoverable page fault stopped the context at a
 *	command that had no effect; &xesim_cs_exec.fault says where. The
 *	context is not faulted: run again, it executes that command again.
 */
enum xesim_cs_result {
	XESIM_CS_IDLE,
	XESIM_CS_YIELDED,
	XESIM_CS_FAULT,
	XESIM_CS_STALLED,
};

/**
 * enum xesim_cs_yield - Why a run yielded.
 * @XESIM_CS_YIELD_NONE: it did not yield.
 * @XESIM_CS_YIELD_SLICE: the command budget of the run was used up.
 * @XESIM_CS_YIELD_ARB: an MI_ARB_CHECK asked to give the engine away.
 * @XESIM_CS_YIELD_SEMAPHORE: an MI_SEMAPHORE_WAIT condition did not hold.
 * @XESIM_CS_YIELD_NR: number of reasons.
 */
enum xesim_cs_yield {
	XESIM_CS_YIELD_NONE,
	XESIM_CS_YIELD_SLICE,
	XESIM_CS_YIELD_ARB,
	XESIM_CS_YIELD_SEMAPHORE,
	XESIM_CS_YIELD_NR
};

/**
 * struct xesim_cs_exec - The outcome of one run.
 */
struct xesim_cs_exec {
	/** @result: how the run ended. */
	enum xesim_cs_result result;
	/** @yield: why it yielded, when @result is %XESIM_CS_YIELDED. */
	enum xesim_cs_yield yield;
	/** @executed: number of commands completed by the run. */
	unsigned int executed;
	/**
	 * @fault: the fault, when @result is %XESIM_CS_FAULT or
	 * %XESIM_CS_STALLED.
	 */
	struct xesim_cs_fault fault;
	/**
	 * @asid: the ``asid`` field of the image (``XESIM_CTX_ASID_*``), when
	 * @result is %XESIM_CS_STALLED.
	 */
	u32 asid;
};

/**
 * struct xesim_cs_stats - Counters of an engine.
 *
 * Updated by xesim_engine_cs_run() without locking: the caller serializes the runs
 * that share one &struct xesim_cs_stats (one engine thread does).
 */
struct xesim_cs_stats {
	/** @runs: calls of xesim_engine_cs_run(). */
	u64 runs;
	/** @cmds: commands completed, indexed by MI opcode (bits 28:23). */
	u64 cmds[XESIM_CS_NUM_MI_OPCODES];
	/** @batches: batch buffers entered from the ring. */
	u64 batches;
	/** @yields: yields, by &enum xesim_cs_yield. */
	u64 yields[XESIM_CS_YIELD_NR];
	/** @faults: faults, by &enum xesim_cs_fault_reason. */
	u64 faults[XESIM_CS_FAULT_NR];
	/** @stalls: recoverable page faults that stalled a context. */
	u64 stalls;
};

#endif
