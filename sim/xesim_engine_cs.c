// SPDX-License-Identifier: GPL-2.0
/*
 * The engine command streamer of the simulated Xe device: command fetch from
 * rings and batch buffers, and the MI command interpreter. Context images are
 * in xesim_lrc.c.
 */

#include <asm/byteorder.h>
#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/align.h>
#include <linux/export.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/time64.h>

#include "abi/xe_alu_abi.h"
#include "abi/xe_mi_abi.h"
#include "abi/xe_ppgtt_abi.h"
#include "xesim_engine_cs.h"
#include "xesim_lrc.h"
#include "xesim_ppgtt.h"

/**
 * DOC: xesim command streamer
 *
 * xesim_engine_cs_run() executes one context, whose image is at a GGTT address (see
 * `xesim context image`), for at most a given number of commands: a time
 * slice. It fetches commands from the ring, from ``ring_head`` towards
 * ``ring_tail`` (wrapping at ``ring_size``), and from the batch buffers the
 * ring starts. It stops at a command boundary and says why:
 *
 * - %XESIM_CS_IDLE: head reached tail outside a batch; nothing left to do.
 * - %XESIM_CS_YIELDED: the budget ran out, an MI_ARB_CHECK yielded, or an
 *   MI_SEMAPHORE_WAIT condition did not hold (the wait is retried, re-reading
 *   memory, when the context runs again).
 * - %XESIM_CS_FAULT: a command could not be executed; the fault is recorded
 *   in the image and in the result, and the faulting command had no effect.
 * - %XESIM_CS_STALLED: in a context whose faults are recoverable (``asid``
 *   of `xesim context image`), a ppGTT access found no present leaf, or a
 *   write found a read-only one: the command had no effect, the image is
 *   left RUNNABLE at it, and the result holds the fault and the ASID for
 *   the owner to report. The next run executes the command again, walking
 *   the page tables anew.
 *
 * A run starts with the context switch in, which reads the engine's fields
 * of the context's status page, and ends with the switch out, which writes
 * them back (`xesim context image`): a context whose status page cannot be
 * reached faults before its first command.
 *
 * All memory goes through the &struct xesim_cs_mem_ops of the function that
 * owns the context: GGTT addresses directly, ppGTT addresses after the walk
 * of `xesim ppGTT walk`. An address the function cannot reach is a fault,
 * never an access elsewhere.
 *
 * Commands (upstream Gen12 encodings, sim/include/abi/xe_mi_abi.h; lengths in
 * dwords):
 *
 * - MI_NOOP (1).
 * - MI_USER_INTERRUPT (1): a job completion: records it in the status page
 *   (`xesim context image`), then calls &xesim_cs_mem_ops.user_interrupt.
 * - MI_ARB_CHECK (1): a preemption point. When arbitration is enabled the run
 *   yields after it, unless &xesim_cs_mem_ops.preempt_pending says no.
 * - MI_ARB_ON_OFF (1): enables (bit 0 set) or disables arbitration, i.e.
 *   whether MI_ARB_CHECK yields; kept in the image flags.
 * - MI_BATCH_BUFFER_START (3): address bits 47:2 in dwords 1-2, ppGTT when
 *   bit 8 is set, else GGTT. From the ring it enters a batch (the ring head
 *   moves past the command); inside a batch it chains (jumps) to the new
 *   address. Second-level batches (bit 22 inside a batch) are not supported;
 *   bit 22 in the ring is ignored.
 * - MI_BATCH_BUFFER_END (1): leaves the batch and goes on with the ring; in
 *   the ring itself it does nothing.
 * - MI_STORE_DATA_IMM (4 or more): writes the dwords from dword 3 on to the
 *   address in dwords 1-2 (GGTT when bit 22 is set, else ppGTT); with bit 21
 *   the data are qwords, the address must be 8-byte aligned and the number
 *   of data dwords even.
 * - MI_FLUSH_DW (4 or 5): no caches to flush; with post-sync operation 1
 *   (``MI_FLUSH_DW_OP_STOREDW``) it writes dword 3 (length 4) or dwords 3-4
 *   (length 5) to the address in dwords 1-2 (bits 47:3; GGTT when dword 1
 *   bit 2 is set, else ppGTT), or, with ``MI_FLUSH_DW_STORE_INDEX``, to the
 *   status page at the offset in dword 1 bits 11:3. Post-sync operations 2
 *   and 3 (timestamp) are not supported.
 * - MI_SEMAPHORE_WAIT (4 or 5): compares the dword at the address in dwords
 *   2-3 (GGTT when bit 22 is set, else ppGTT) with dword 1, by the compare
 *   operation in bits 14:12 (SAD_GT, GTE, LT, LTE, EQ, NEQ); goes on when it
 *   holds, else yields and retries at the next run. Signal mode (bit 15 clear)
 *   polls the same way; register polling (bit 16) is not supported.
 * - MI_ATOMIC (3, or 11 with inline data): AND, OR, XOR, MOVE, INC, DEC,
 *   ADD, SUB and CMP_WR, on a dword (opcodes 0x0n, data size 0) or qword
 *   (0x2n, data size 1) at the address in dwords 1-2 (GGTT when bit 22 is
 *   set, else ppGTT), aligned to its size. Operand 1 is inline dword 3 (and 5
 *   for a qword), operand 2 dword 4 (and 6); without inline data the model
 *   takes them from GPR0 and GPR1 of the image. With return data (bit 16) the
 *   old memory value goes to GPR0. The read-modify-write runs under
 *   &xesim_cs_mem_ops.atomic_lock. Octword operations are not supported;
 *   post-sync and CS-stall bits only order work and are ignored.
 * - MI_LOAD_REGISTER_IMM (3, 5, ...): writes each (offset, value) pair, in
 *   order (see Registers below). A refused write faults; the pairs before it
 *   stay written, as on hardware.
 * - MI_LOAD_REGISTER_MEM (4): writes the dword at the address in dwords 2-3
 *   (GGTT when bit 22 is set, else ppGTT) to the register in dword 1; bit 19
 *   is the CS-MMIO bit. The async bit only orders work and is ignored.
 * - MI_STORE_REGISTER_MEM (4): writes the register in dword 1 to the dword at
 *   the address in dwords 2-3 (GGTT when bit 22 is set, else ppGTT); bit 19
 *   is the CS-MMIO bit.
 * - MI_LOAD_REGISTER_REG (3): copies the register in dword 1 (CS-MMIO bit 18)
 *   to the register in dword 2 (CS-MMIO bit 19).
 * - MI_MATH (2 or more): runs the ALU instructions of dwords 1 on (upstream
 *   encodings, sim/include/abi/xe_alu_abi.h) on GPR0-15 of the context:
 *   LOAD, LOADINV, LOAD0 and LOAD1 (all ones) into SRCA or SRCB from a GPR,
 *   ACCU, ZF or CF; ADD, SUB (CF: carry, borrow), AND, OR, XOR into ACCU
 *   (ZF: the result is 0); STORE and STOREINV of a GPR, ACCU, ZF, CF, SRCA or
 *   SRCB into a GPR (a flag stores as all ones or 0); NOOP, FENCE_RD and
 *   FENCE_WR (every access is already ordered). SRCA, SRCB, ACCU and the
 *   flags are 0 at the start of each MI_MATH. The shifts, LOADIND, STOREIND
 *   and any other opcode or operand fault with %XESIM_CS_FAULT_UNSUPPORTED,
 *   before any GPR changes.
 * - MI_CONDITIONAL_BATCH_BUFFER_END (4): with the compare bit (21), reads the
 *   dword at the address in dwords 2-3 (GGTT when bit 22 is set, else
 *   ppGTT) and compares it with dword 1 by the operation in bits 14:12 (as
 *   MI_SEMAPHORE_WAIT's; 0 is "memory greater than data"): when that does not
 *   hold, it ends the batch as MI_BATCH_BUFFER_END does. Without the compare
 *   bit it does nothing.
 *
 * Registers: the engine implements its per-context registers (CS_GPR 0-15,
 * CTX_TIMESTAMP and its upper dword), kept in the context image (`xesim
 * context image`); a register offset is in the engine's block either as
 * &xesim_cs_mem.mmio_base plus the offset, or, with the command's CS-MMIO
 * bit, by its low 12 bits alone. A write to any other register goes to
 * &xesim_cs_mem_ops.reg_write; without that hook, and for a read of any
 * other register, the context faults with %XESIM_CS_FAULT_REGISTER at the
 * register offset. Byte-disable bits on an engine register fault with
 * %XESIM_CS_FAULT_UNSUPPORTED.
 *
 * Privilege: the ring and GGTT batches are privileged; a batch started from
 * a ppGTT address is not. There the "use global GTT" bit of every command
 * (MI_STORE_DATA_IMM, MI_FLUSH_DW, MI_SEMAPHORE_WAIT, MI_ATOMIC,
 * MI_STORE_REGISTER_MEM, MI_LOAD_REGISTER_MEM,
 * MI_CONDITIONAL_BATCH_BUFFER_END) is ignored and its address is a ppGTT
 * address, and an MI_BATCH_BUFFER_START that chains to a GGTT address chains
 * to that ppGTT address instead: a user batch cannot reach kernel objects in
 * the GGTT. Two privileged operations fault there with
 * %XESIM_CS_FAULT_PRIVILEGE: a register write other than to a GPR, and an
 * MI_FLUSH_DW store into the status page by index.
 *
 * Any other command type or MI opcode faults with %XESIM_CS_FAULT_OPCODE, a
 * length that does not fit the command or a command running past the ring
 * tail with %XESIM_CS_FAULT_LENGTH.
 *
 * Faults have no partial effect (except for LRI as said): every dword of a
 * command is fetched, and every page a write spans is translated and found
 * reachable, before anything is written.
 */

/* dwords fetched at once; longer commands are streamed in pieces */
#define CS_CMD_BUF_DW	16

enum cs_step {
	CS_STEP_NEXT,	/* done: move past the command */
	CS_STEP_JUMP,	/* done: the command moved the position itself */
	CS_STEP_ARB,	/* done: move past it, then yield */
	CS_STEP_WAIT,	/* not done: stay at it and yield */
	CS_STEP_FAULT,	/* not done: fault recorded */
};

enum cs_op {
	CS_OP_READ,
	CS_OP_WRITE,
	CS_OP_PROBE,	/* check that a write would reach memory */
};

struct cs_run {
	const struct xesim_cs_mem *mem;
	struct xesim_cs_stats *stats;
	struct xesim_lrc ctx;
	struct xesim_cs_fault fault;
	u32 ctx_addr;
	/* the engine's fields of the status page, read at the switch in */
	__le32 hwsp[XESIM_HWSP_ENGINE_SIZE / 4];
	bool hwsp_loaded;
	/* the context timestamp: @ts_base at ktime @ts_ns, last read @ts_last */
	u64 ts_base;
	u64 ts_ns;
	u64 ts_last;
	bool ts_live;
	/* the fault recorded is a recoverable one: stall, do not fault */
	bool stall;
	/* the command being executed */
	u32 hdr;
	u32 len;
	u64 cmd_addr;
};

static bool cs_in_batch(const struct cs_run *run)
{
	return run->ctx.flags & XESIM_CTX_FLAG_IN_BATCH;
}

static bool cs_batch_ppgtt(const struct cs_run *run)
{
	return run->ctx.flags & XESIM_CTX_FLAG_BATCH_PPGTT;
}

/*
 * The address space of a memory operand whose "use global GTT" bit is
 * @ggtt_bit: a batch started from a ppGTT address is not privileged, and
 * the bit is ignored there (the operand is a ppGTT address), as on hardware.
 */
static bool cs_operand_ppgtt(const struct cs_run *run, bool ggtt_bit)
{
	return !ggtt_bit || (cs_in_batch(run) && cs_batch_ppgtt(run));
}

static enum cs_step cs_fault(struct cs_run *run,
			     enum xesim_cs_fault_reason reason,
			     enum xesim_cs_access access, bool ppgtt, u64 addr)
{
	run->fault.reason = reason;
	run->fault.access = access;
	run->fault.ppgtt = ppgtt;
	run->fault.addr = addr;
	run->fault.cmd = run->hdr;
	return CS_STEP_FAULT;
}

/* A fault about the command itself, at its own address. */
static enum cs_step cs_cmd_fault(struct cs_run *run,
				 enum xesim_cs_fault_reason reason)
{
	return cs_fault(run, reason, XESIM_CS_ACCESS_NONE,
			cs_in_batch(run) && cs_batch_ppgtt(run), run->cmd_addr);
}

/* page faults of the context's ppGTT are recoverable (a fault-mode VM) */
static bool cs_recoverable(const struct cs_run *run)
{
	return run->ctx.asid & XESIM_CTX_ASID_RECOVERABLE;
}

static enum xesim_cs_fault_reason walk_reason(int err)
{
	switch (err) {
	case -ENOENT:
	case -ERANGE:
		return XESIM_CS_FAULT_PAGE;
	case -EOPNOTSUPP:
		return XESIM_CS_FAULT_UNSUPPORTED;
	default:
		return XESIM_CS_FAULT_ACCESS;
	}
}

/*
 * Move @len bytes between @buf and @addr (ppGTT or GGTT), one 4 KiB page at
 * a time. Returns 0, or -EFAULT with the fault recorded in @run.
 */
static int cs_xfer_pages(struct cs_run *run, bool ppgtt, u64 addr, void *buf,
			 size_t len, enum cs_op op, enum xesim_cs_access access)
{
	const struct xesim_cs_mem_ops *ops = run->mem->ops;
	void *priv = run->mem->priv;
	u8 *p = buf;

	while (len) {
		size_t chunk = min_t(u64, len,
				     XE_PAGE_SIZE - (addr & (XE_PAGE_SIZE - 1)));
		enum xesim_cs_space space = XESIM_CS_SPACE_GGTT;
		u64 target = addr;
		bool null = false;
		u8 probe;
		int err;

		if (ppgtt) {
			struct xesim_ppgtt_xlate xl;

			err = xesim_ppgtt_walk(run->mem, run->ctx.ppgtt_root, addr,
					       &xl);
			if (err) {
				cs_fault(run, walk_reason(err), access, true, addr);
				run->stall = err == -ENOENT && run->ctx.ppgtt_root &&
					     cs_recoverable(run);
				return -EFAULT;
			}
			if (op != CS_OP_READ && !xl.writable) {
				cs_fault(run, XESIM_CS_FAULT_READONLY, access, true,
					 addr);
				run->stall = cs_recoverable(run);
				return -EFAULT;
			}
			space = xl.space;
			target = xl.addr;
			null = xl.null;
		}

		if (null) {
			if (op == CS_OP_READ)
				memset(p, 0, chunk);
			err = 0;
		} else if (op == CS_OP_READ) {
			err = ops->read(priv, space, target, p, chunk);
		} else if (op == CS_OP_WRITE) {
			err = ops->write(priv, space, target, p, chunk);
		} else {
			err = ops->read(priv, space, target, &probe, 1);
		}
		if (err) {
			cs_fault(run, XESIM_CS_FAULT_ACCESS, access, ppgtt, addr);
			return -EFAULT;
		}

		addr += chunk;
		len -= chunk;
		if (op != CS_OP_PROBE)
			p += chunk;
	}
	return 0;
}

static bool cs_crosses_page(u64 addr, size_t len)
{
	return (addr & (XE_PAGE_SIZE - 1)) + len > XE_PAGE_SIZE;
}

static int cs_read(struct cs_run *run, bool ppgtt, u64 addr, void *buf,
		   size_t len)
{
	return cs_xfer_pages(run, ppgtt, addr, buf, len, CS_OP_READ,
			     XESIM_CS_ACCESS_READ);
}

/* A write that either happens whole or not at all (and faults). */
static int cs_write(struct cs_run *run, bool ppgtt, u64 addr, const void *buf,
		    size_t len)
{
	int err;

	if (cs_crosses_page(addr, len)) {
		err = cs_xfer_pages(run, ppgtt, addr, NULL, len, CS_OP_PROBE,
				    XESIM_CS_ACCESS_WRITE);
		if (err)
			return err;
	}
	return cs_xfer_pages(run, ppgtt, addr, (void *)buf, len, CS_OP_WRITE,
			     XESIM_CS_ACCESS_WRITE);
}

/* Read dwords [@idx, @idx + @n) of the current command. */
static int cs_fetch(struct cs_run *run, u32 idx, __le32 *buf, u32 n)
{
	const struct xesim_lrc *ctx = &run->ctx;
	u32 off;

	if (cs_in_batch(run))
		return cs_xfer_pages(run, cs_batch_ppgtt(run),
				     run->cmd_addr + idx * sizeof(*buf), buf,
				     n * sizeof(*buf), CS_OP_READ,
				     XESIM_CS_ACCESS_FETCH);

	off = (ctx->ring_head + idx * sizeof(*buf)) % ctx->ring_size;
	while (n) {
		u32 chunk = min(n, (ctx->ring_size - off) / (u32)sizeof(*buf));
		int err;

		err = cs_xfer_pages(run, false, (u64)ctx->ring_start + off, buf,
				    chunk * sizeof(*buf), CS_OP_READ,
				    XESIM_CS_ACCESS_FETCH);
		if (err)
			return err;
		buf += chunk;
		n -= chunk;
		off = 0;
	}
	return 0;
}

/* Fetch the dwords of the current command beyond the buffer, to check them. */
static int cs_fetch_rest(struct cs_run *run)
{
	__le32 tmp[CS_CMD_BUF_DW];
	u32 idx;

	for (idx = CS_CMD_BUF_DW; idx < run->len; idx += CS_CMD_BUF_DW) {
		int err = cs_fetch(run, idx, tmp,
				   min_t(u32, CS_CMD_BUF_DW, run->len - idx));

		if (err)
			return err;
	}
	return 0;
}

static u64 cs_addr48(__le32 lo, __le32 hi, u32 low_mask)
{
	return (u64)FIELD_GET(MI_ADDR_HI_MASK, le32_to_cpu(hi)) << 32 |
	       (le32_to_cpu(lo) & ~low_mask);
}

static u64 cs_hwsp_addr(const struct cs_run *run)
{
	return (u64)run->ctx.hwsp + XESIM_HWSP_OFF_ENGINE;
}

/* The switch in: load the engine's fields of the status page. */
static int cs_hwsp_load(struct cs_run *run)
{
	if (run->mem->ops->read(run->mem->priv, XESIM_CS_SPACE_GGTT,
				cs_hwsp_addr(run), run->hwsp, sizeof(run->hwsp))) {
		cs_fault(run, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_READ, false,
			 cs_hwsp_addr(run));
		return -EFAULT;
	}
	run->hwsp_loaded = true;
	return 0;
}

/*
 * Write the engine's fields of the status page: one more switch out or
 * completion (@field), and the ring head @head.
 */
static int cs_hwsp_store(struct cs_run *run, u32 field, u32 head)
{
	__le32 val[XESIM_HWSP_ENGINE_SIZE / 4];
	u32 i = (field - XESIM_HWSP_OFF_ENGINE) / 4;

	memcpy(val, run->hwsp, sizeof(val));
	val[i] = cpu_to_le32(le32_to_cpu(val[i]) + 1);
	val[(XESIM_HWSP_OFF_RING_HEAD - XESIM_HWSP_OFF_ENGINE) / 4] = cpu_to_le32(head);
	if (run->mem->ops->write(run->mem->priv, XESIM_CS_SPACE_GGTT,
				 cs_hwsp_addr(run), val, sizeof(val))) {
		cs_fault(run, XESIM_CS_FAULT_ACCESS, XESIM_CS_ACCESS_WRITE, false,
			 cs_hwsp_addr(run));
		return -EFAULT;
	}
	memcpy(run->hwsp, val, sizeof(val));
	return 0;
}

/* MI_USER_INTERRUPT: a job completed; the status page says so first. */
static enum cs_step cs_user_interrupt(struct cs_run *run)
{
	u32 head = run->ctx.ring_head;

	if (!cs_in_batch(run))
		head = (head + sizeof(u32)) % run->ctx.ring_size;
	if (cs_hwsp_store(run, XESIM_HWSP_OFF_COMPLETIONS, head))
		return CS_STEP_FAULT;
	if (run->mem->ops->user_interrupt)
		run->mem->ops->user_interrupt(run->mem->priv);
	return CS_STEP_NEXT;
}

static enum cs_step cs_store_data_imm(struct cs_run *run, __le32 *cmd)
{
	bool ppgtt = cs_operand_ppgtt(run, run->hdr & MI_SDI_GGTT);
	bool qword = run->hdr & MI_SDI_STORE_QWORD;
	u32 ndw = run->len - 3;
	u64 addr;
	u32 idx;

	if (run->len < 4 || (qword && ndw % 2))
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	addr = cs_addr48(cmd[1], cmd[2], GENMASK(1, 0));
	if (qword && !IS_ALIGNED(addr, 8))
		return cs_fault(run, XESIM_CS_FAULT_ALIGN, XESIM_CS_ACCESS_WRITE,
				ppgtt, addr);

	if (run->len <= CS_CMD_BUF_DW)
		return cs_write(run, ppgtt, addr, &cmd[3], ndw * sizeof(*cmd)) ?
		       CS_STEP_FAULT : CS_STEP_NEXT;

	/* a long store: check all of it, then copy it over in pieces */
	if (cs_fetch_rest(run) ||
	    cs_xfer_pages(run, ppgtt, addr, NULL, ndw * sizeof(*cmd),
			  CS_OP_PROBE, XESIM_CS_ACCESS_WRITE))
		return CS_STEP_FAULT;
	for (idx = 3; idx < run->len; idx += CS_CMD_BUF_DW) {
		u32 n = min_t(u32, CS_CMD_BUF_DW, run->len - idx);

		if (cs_fetch(run, idx, cmd, n) ||
		    cs_xfer_pages(run, ppgtt, addr + (idx - 3) * sizeof(*cmd),
				  cmd, n * sizeof(*cmd), CS_OP_WRITE,
				  XESIM_CS_ACCESS_WRITE))
			return CS_STEP_FAULT;
	}
	return CS_STEP_NEXT;
}

static enum cs_step cs_flush_dw(struct cs_run *run, __le32 *cmd)
{
	u32 op = run->hdr & MI_FLUSH_DW_OP_MASK;
	u32 dw1 = le32_to_cpu(cmd[1]);
	bool ppgtt;
	u64 addr;

	if (run->len != 4 && run->len != 5)
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	if (op == MI_FLUSH_DW_OP_NONE)
		return CS_STEP_NEXT;
	if (op != MI_FLUSH_DW_OP_STOREDW)
		return cs_cmd_fault(run, XESIM_CS_FAULT_UNSUPPORTED);

	if (run->hdr & MI_FLUSH_DW_STORE_INDEX) {
		/* the status page is the kernel's: not for a user batch */
		if (cs_in_batch(run) && cs_batch_ppgtt(run))
			return cs_cmd_fault(run, XESIM_CS_FAULT_PRIVILEGE);
		ppgtt = false;
		addr = (u64)run->ctx.hwsp + (dw1 & MI_FLUSH_DW_INDEX_MASK);
	} else {
		ppgtt = cs_operand_ppgtt(run, dw1 & MI_FLUSH_DW_USE_GTT);
		addr = cs_addr48(cmd[1], cmd[2], GENMASK(2, 0));
	}
	return cs_write(run, ppgtt, addr, &cmd[3],
			(run->len - 3) * sizeof(*cmd)) ?
	       CS_STEP_FAULT : CS_STEP_NEXT;
}

static bool cs_semaphore_holds(u32 op, u32 mem, u32 data)
{
	switch (op) {
	case MI_SEMAPHORE_SAD_GT_SDD:
		return mem > data;
	case MI_SEMAPHORE_SAD_GTE_SDD:
		return mem >= data;
	case MI_SEMAPHORE_SAD_LT_SDD:
		return mem < data;
	case MI_SEMAPHORE_SAD_LTE_SDD:
		return mem <= data;
	case MI_SEMAPHORE_SAD_EQ_SDD:
		return mem == data;
	default:
		return mem != data;
	}
}

static enum cs_step cs_semaphore_wait(struct cs_run *run, __le32 *cmd)
{
	u32 op = FIELD_GET(MI_SEMAPHORE_COMPARE_OP, run->hdr);
	bool ppgtt = cs_operand_ppgtt(run, run->hdr & MI_SEMAPHORE_GGTT);
	__le32 value;
	u64 addr;

	if (run->len != 4 && run->len != 5)
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	if ((run->hdr & MI_SEMAPHORE_REGISTER_POLL) ||
	    op > MI_SEMAPHORE_SAD_NEQ_SDD)
		return cs_cmd_fault(run, XESIM_CS_FAULT_UNSUPPORTED);

	addr = cs_addr48(cmd[2], cmd[3], GENMASK(1, 0));
	if (cs_read(run, ppgtt, addr, &value, sizeof(value)))
		return CS_STEP_FAULT;
	return cs_semaphore_holds(op, le32_to_cpu(value), le32_to_cpu(cmd[1])) ?
	       CS_STEP_NEXT : CS_STEP_WAIT;
}

/* Apply an atomic operation; false when memory is to be left alone. */
static bool cs_atomic_apply(u32 op, u64 old, u64 op1, u64 op2, u64 *new)
{
	switch (op) {
	case MI_ATOMIC_OP_AND:
		*new = old & op1;
		break;
	case MI_ATOMIC_OP_OR:
		*new = old | op1;
		break;
	case MI_ATOMIC_OP_XOR:
		*new = old ^ op1;
		break;
	case MI_ATOMIC_OP_MOVE:
		*new = op1;
		break;
	case MI_ATOMIC_OP_INC:
		*new = old + 1;
		break;
	case MI_ATOMIC_OP_DEC:
		*new = old - 1;
		break;
	case MI_ATOMIC_OP_ADD:
		*new = old + op1;
		break;
	case MI_ATOMIC_OP_SUB:
		*new = old - op1;
		break;
	default: /* MI_ATOMIC_OP_CMP_WR */
		if (old != op1)
			return false;
		*new = op2;
		break;
	}
	return true;
}

static bool cs_atomic_op_known(u32 op)
{
	switch (op) {
	case MI_ATOMIC_OP_AND:
	case MI_ATOMIC_OP_OR:
	case MI_ATOMIC_OP_XOR:
	case MI_ATOMIC_OP_MOVE:
	case MI_ATOMIC_OP_INC:
	case MI_ATOMIC_OP_DEC:
	case MI_ATOMIC_OP_ADD:
	case MI_ATOMIC_OP_SUB:
	case MI_ATOMIC_OP_CMP_WR:
		return true;
	default:
		return false;
	}
}

/* the read-modify-write of an MI_ATOMIC, under the memory's atomic lock */
static enum cs_step cs_atomic_rmw(struct cs_run *run, bool ppgtt, u64 addr,
				  size_t bytes, u64 mask, u32 op, u64 op1,
				  u64 op2)
{
	__le64 val = 0;
	u64 old, new;

	if (cs_read(run, ppgtt, addr, &val, bytes))
		return CS_STEP_FAULT;
	old = le64_to_cpu(val) & mask;
	if (cs_atomic_apply(op, old, op1, op2, &new)) {
		val = cpu_to_le64(new & mask);
		if (cs_write(run, ppgtt, addr, &val, bytes))
			return CS_STEP_FAULT;
	}
	if (run->hdr & MI_ATOMIC_RETURN_DATA)
		run->ctx.gpr[0] = old;
	return CS_STEP_NEXT;
}

static enum cs_step cs_atomic(struct cs_run *run, __le32 *cmd)
{
	const struct xesim_cs_mem_ops *ops = run->mem->ops;
	u32 opcode = FIELD_GET(MI_ATOMIC_OPCODE, run->hdr);
	u32 size = FIELD_GET(MI_ATOMIC_DATA_SIZE, run->hdr);
	bool inline_data = run->hdr & MI_ATOMIC_INLINE_DATA;
	bool ppgtt = cs_operand_ppgtt(run, run->hdr & MI_ATOMIC_GGTT);
	u32 op = opcode & ~MI_ATOMIC_OP_SIZE;
	u64 op1, op2, mask;
	enum cs_step step;
	size_t bytes;
	u64 addr;

	if (run->len != (inline_data ? 11 : 3))
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	if (size == MI_ATOMIC_SIZE_DWORD &&
	    (opcode & MI_ATOMIC_OP_SIZE) == MI_ATOMIC_OP_4B) {
		bytes = 4;
		mask = U32_MAX;
	} else if (size == MI_ATOMIC_SIZE_QWORD &&
		   (opcode & MI_ATOMIC_OP_SIZE) == MI_ATOMIC_OP_8B) {
		bytes = 8;
		mask = U64_MAX;
	} else {
		return cs_cmd_fault(run, XESIM_CS_FAULT_UNSUPPORTED);
	}
	if (!cs_atomic_op_known(op))
		return cs_cmd_fault(run, XESIM_CS_FAULT_UNSUPPORTED);

	addr = cs_addr48(cmd[1], cmd[2], GENMASK(1, 0));
	if (!IS_ALIGNED(addr, bytes))
		return cs_fault(run, XESIM_CS_FAULT_ALIGN, XESIM_CS_ACCESS_READ,
				ppgtt, addr);

	if (inline_data) {
		op1 = le32_to_cpu(cmd[3]) | (u64)le32_to_cpu(cmd[5]) << 32;
		op2 = le32_to_cpu(cmd[4]) | (u64)le32_to_cpu(cmd[6]) << 32;
	} else {
		op1 = run->ctx.gpr[0];
		op2 = run->ctx.gpr[1];
	}
	op1 &= mask;
	op2 &= mask;

	if (ops->atomic_lock)
		ops->atomic_lock(run->mem->priv);
	step = cs_atomic_rmw(run, ppgtt, addr, bytes, mask, op, op1, op2);
	if (ops->atomic_unlock)
		ops->atomic_unlock(run->mem->priv);
	return step;
}

static void cs_ring_advance(struct cs_run *run, u32 dwords)
{
	run->ctx.ring_head = (run->ctx.ring_head + dwords * sizeof(u32)) %
			     run->ctx.ring_size;
}

static enum cs_step cs_batch_start(struct cs_run *run, __le32 *cmd)
{
	u64 target = cs_addr48(cmd[1], cmd[2], GENMASK(1, 0));
	bool ppgtt = cs_operand_ppgtt(run, !(run->hdr & MI_BATCH_PPGTT));

	if (run->len != 3)
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	if (cs_in_batch(run)) {
		if (run->hdr & MI_BATCH_SECOND_LEVEL)
			return cs_cmd_fault(run, XESIM_CS_FAULT_UNSUPPORTED);
	} else {
		cs_ring_advance(run, run->len);
		if (run->stats)
			run->stats->batches++;
	}
	run->ctx.flags |= XESIM_CTX_FLAG_IN_BATCH;
	if (ppgtt)
		run->ctx.flags |= XESIM_CTX_FLAG_BATCH_PPGTT;
	else
		run->ctx.flags &= ~XESIM_CTX_FLAG_BATCH_PPGTT;
	run->ctx.bb_addr = target;
	run->ctx.bb_start = target;
	return CS_STEP_JUMP;
}

static enum cs_step cs_batch_end(struct cs_run *run)
{
	if (!cs_in_batch(run))
		return CS_STEP_NEXT;
	run->ctx.flags &= ~(XESIM_CTX_FLAG_IN_BATCH | XESIM_CTX_FLAG_BATCH_PPGTT);
	run->ctx.bb_addr = 0;
	run->ctx.bb_start = 0;
	return CS_STEP_JUMP;
}

static enum cs_step cs_arb_check(struct cs_run *run)
{
	const struct xesim_cs_mem_ops *ops = run->mem->ops;

	if (!(run->ctx.flags & XESIM_CTX_FLAG_ARB_ENABLE))
		return CS_STEP_NEXT;
	if (ops->preempt_pending && !ops->preempt_pending(run->mem->priv))
		return CS_STEP_NEXT;
	return CS_STEP_ARB;
}

/* ---- the engine's per-context registers ---- */

/* The context timestamp now: real time since the switch in, never still. */
static u64 cs_ts_read(struct cs_run *run)
{
	u64 val = run->ts_base +
		  mul_u64_u32_div(ktime_get_ns() - run->ts_ns,
				  XESIM_CTX_TIMESTAMP_HZ, NSEC_PER_SEC);

	if (val <= run->ts_last)
		val = run->ts_last + 1;
	run->ts_last = val;
	return val;
}

static void cs_ts_write(struct cs_run *run, u64 val)
{
	run->ts_base = val;
	run->ts_ns = ktime_get_ns();
	run->ts_last = val;
}

/*
 * The offset of @reg in the engine's register block, or -1 when @reg is not
 * in it: with the CS-MMIO bit the offset is relative to the engine's base.
 */
static int cs_reg_local(const struct cs_run *run, u32 reg, bool cs_mmio)
{
	if (cs_mmio)
		return reg & (XESIM_CS_REG_BLOCK_SIZE - 1);
	if (reg - run->mem->mmio_base < XESIM_CS_REG_BLOCK_SIZE)
		return reg - run->mem->mmio_base;
	return -1;
}

/* The GPR dword at @local: the register number, and the high half in bit 0. */
static int cs_reg_gpr(int local)
{
	if (local < XESIM_CS_REG_GPR(0) ||
	    local >= XESIM_CS_REG_GPR(XESIM_CS_NUM_GPR))
		return -1;
	return (local - XESIM_CS_REG_GPR(0)) / 4;
}

static enum cs_step cs_reg_fault(struct cs_run *run,
				 enum xesim_cs_fault_reason reason, u32 reg)
{
	return cs_fault(run, reason, XESIM_CS_ACCESS_NONE, false, reg);
}

/* Read the 32-bit register at @reg into @val. */
static enum cs_step cs_reg_read(struct cs_run *run, u32 reg, bool cs_mmio,
				u32 *val)
{
	int local = cs_reg_local(run, reg, cs_mmio);
	int gpr = cs_reg_gpr(local);

	if (gpr >= 0) {
		*val = gpr & 1 ? upper_32_bits(run->ctx.gpr[gpr / 2]) :
				 lower_32_bits(run->ctx.gpr[gpr / 2]);
		return CS_STEP_NEXT;
	}
	switch (local) {
	case XESIM_CS_REG_CTX_TIMESTAMP:
		*val = lower_32_bits(cs_ts_read(run));
		return CS_STEP_NEXT;
	case XESIM_CS_REG_CTX_TIMESTAMP_UDW:
		*val = upper_32_bits(cs_ts_read(run));
		return CS_STEP_NEXT;
	default:
		return cs_reg_fault(run, XESIM_CS_FAULT_REGISTER, reg);
	}
}

/* Write @val to the 32-bit register at @reg; @flags as for the hook. */
static enum cs_step cs_reg_write(struct cs_run *run, u32 reg, bool cs_mmio,
				 u32 val, u32 flags)
{
	const struct xesim_cs_mem_ops *ops = run->mem->ops;
	int local = cs_reg_local(run, reg, cs_mmio);
	int gpr = cs_reg_gpr(local);
	bool ctx_reg = gpr >= 0 || local == XESIM_CS_REG_CTX_TIMESTAMP ||
		       local == XESIM_CS_REG_CTX_TIMESTAMP_UDW;
	u64 *r, ts;

	/* a user batch writes its GPRs and nothing else */
	if (gpr < 0 && cs_in_batch(run) && cs_batch_ppgtt(run))
		return cs_reg_fault(run, XESIM_CS_FAULT_PRIVILEGE, reg);
	if (ctx_reg && (flags & MI_LRI_BYTE_WRITE_DISABLE))
		return cs_cmd_fault(run, XESIM_CS_FAULT_UNSUPPORTED);

	if (gpr >= 0) {
		r = &run->ctx.gpr[gpr / 2];
		if (gpr & 1)
			*r = (u64)val << 32 | lower_32_bits(*r);
		else
			*r = (*r & GENMASK_ULL(63, 32)) | val;
		return CS_STEP_NEXT;
	}
	if (ctx_reg) {
		ts = cs_ts_read(run);
		if (local == XESIM_CS_REG_CTX_TIMESTAMP)
			ts = (ts & GENMASK_ULL(63, 32)) | val;
		else
			ts = (u64)val << 32 | lower_32_bits(ts);
		cs_ts_write(run, ts);
		return CS_STEP_NEXT;
	}
	if (!ops->reg_write || ops->reg_write(run->mem->priv, reg, val, flags))
		return cs_reg_fault(run, XESIM_CS_FAULT_REGISTER, reg);
	return CS_STEP_NEXT;
}

static enum cs_step cs_load_register_imm(struct cs_run *run, __le32 *cmd)
{
	u32 flags = run->hdr & (MI_LRI_LRM_CS_MMIO | MI_LRI_MMIO_REMAP_EN |
				MI_LRI_FORCE_POSTED | MI_LRI_BYTE_WRITE_DISABLE);
	u32 idx;

	if (run->len < 3 || (run->len - 1) % 2)
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	if (run->len > CS_CMD_BUF_DW && cs_fetch_rest(run))
		return CS_STEP_FAULT;

	for (idx = 1; idx < run->len; idx += 2) {
		enum cs_step step;
		__le32 pair[2];

		if (idx + 1 < CS_CMD_BUF_DW) {
			pair[0] = cmd[idx];
			pair[1] = cmd[idx + 1];
		} else if (cs_fetch(run, idx, pair, 2)) {
			return CS_STEP_FAULT;
		}
		step = cs_reg_write(run, le32_to_cpu(pair[0]) & MI_LRI_REG_OFFSET,
				    run->hdr & MI_LRI_LRM_CS_MMIO,
				    le32_to_cpu(pair[1]), flags);
		if (step != CS_STEP_NEXT)
			return step;
	}
	return CS_STEP_NEXT;
}

static enum cs_step cs_store_register_mem(struct cs_run *run, __le32 *cmd)
{
	bool ppgtt = cs_operand_ppgtt(run, run->hdr & MI_SRM_USE_GGTT);
	enum cs_step step;
	__le32 val;
	u32 reg;

	if (run->len != 4)
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	reg = le32_to_cpu(cmd[1]) & MI_LRI_REG_OFFSET;
	step = cs_reg_read(run, reg, run->hdr & MI_SRM_ADD_CS_OFFSET, &reg);
	if (step != CS_STEP_NEXT)
		return step;
	val = cpu_to_le32(reg);
	return cs_write(run, ppgtt, cs_addr48(cmd[2], cmd[3], GENMASK(1, 0)), &val,
			sizeof(val)) ? CS_STEP_FAULT : CS_STEP_NEXT;
}

static enum cs_step cs_load_register_mem(struct cs_run *run, __le32 *cmd)
{
	bool ppgtt = cs_operand_ppgtt(run, run->hdr & MI_LRM_USE_GGTT);
	u32 flags = run->hdr & MI_LRI_LRM_CS_MMIO;
	__le32 val;

	if (run->len != 4)
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	if (cs_read(run, ppgtt, cs_addr48(cmd[2], cmd[3], GENMASK(1, 0)), &val,
		    sizeof(val)))
		return CS_STEP_FAULT;
	return cs_reg_write(run, le32_to_cpu(cmd[1]) & MI_LRI_REG_OFFSET,
			    flags, le32_to_cpu(val), flags);
}

static enum cs_step cs_load_register_reg(struct cs_run *run, __le32 *cmd)
{
	u32 flags = run->hdr & MI_LRR_DST_CS_MMIO ? MI_LRI_LRM_CS_MMIO : 0;
	enum cs_step step;
	u32 val;

	if (run->len != 3)
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	step = cs_reg_read(run, le32_to_cpu(cmd[1]) & MI_LRI_REG_OFFSET,
			   run->hdr & MI_LRR_SRC_CS_MMIO, &val);
	if (step != CS_STEP_NEXT)
		return step;
	return cs_reg_write(run, le32_to_cpu(cmd[2]) & MI_LRI_REG_OFFSET,
			    flags, val, flags);
}

/* ---- MI_MATH ---- */

struct cs_alu {
	u64 gpr[XESIM_CS_NUM_GPR];
	u64 srca;
	u64 srcb;
	u64 accu;
	bool zf;
	bool cf;
};

/* The value of a LOAD source or STORE destination operand; NULL if none. */
static u64 *cs_alu_reg(struct cs_alu *alu, u32 operand, u64 *flag)
{
	if (operand < XESIM_CS_NUM_GPR)
		return &alu->gpr[operand];
	switch (operand) {
	case CS_ALU_OPERAND_ACCU:
		return &alu->accu;
	case CS_ALU_OPERAND_ZF:
		*flag = alu->zf ? U64_MAX : 0;
		return flag;
	case CS_ALU_OPERAND_CF:
		*flag = alu->cf ? U64_MAX : 0;
		return flag;
	default:
		return NULL;
	}
}

static u64 *cs_alu_src_reg(struct cs_alu *alu, u32 operand)
{
	switch (operand) {
	case CS_ALU_OPERAND_SRCA:
		return &alu->srca;
	case CS_ALU_OPERAND_SRCB:
		return &alu->srcb;
	default:
		return NULL;
	}
}

/* Execute one ALU instruction; false for one the model does not implement. */
static bool cs_alu_exec(struct cs_alu *alu, u32 instr)
{
	u32 op = FIELD_GET(CS_ALU_OPCODE_MASK, instr);
	u32 op1 = FIELD_GET(CS_ALU_OPERAND1_MASK, instr);
	u32 op2 = FIELD_GET(CS_ALU_OPERAND2_MASK, instr);
	u64 *dst, *src, flag;

	switch (op) {
	case CS_ALU_OPCODE_NOOP:
	case CS_ALU_OPCODE_FENCE_RD:
	case CS_ALU_OPCODE_FENCE_WR:
		/* one command at a time: every access is already ordered */
		return true;
	case CS_ALU_OPCODE_LOAD:
	case CS_ALU_OPCODE_LOADINV:
		dst = cs_alu_src_reg(alu, op1);
		src = cs_alu_reg(alu, op2, &flag);
		if (!dst || !src)
			return false;
		*dst = op == CS_ALU_OPCODE_LOAD ? *src : ~*src;
		return true;
	case CS_ALU_OPCODE_LOAD0:
	case CS_ALU_OPCODE_LOAD1:
		dst = cs_alu_src_reg(alu, op1);
		if (!dst)
			return false;
		*dst = op == CS_ALU_OPCODE_LOAD0 ? 0 : U64_MAX;
		return true;
	case CS_ALU_OPCODE_ADD:
		alu->accu = alu->srca + alu->srcb;
		alu->cf = alu->accu < alu->srca;
		break;
	case CS_ALU_OPCODE_SUB:
		alu->accu = alu->srca - alu->srcb;
		alu->cf = alu->srca < alu->srcb;
		break;
	case CS_ALU_OPCODE_AND:
		alu->accu = alu->srca & alu->srcb;
		alu->cf = false;
		break;
	case CS_ALU_OPCODE_OR:
		alu->accu = alu->srca | alu->srcb;
		alu->cf = false;
		break;
	case CS_ALU_OPCODE_XOR:
		alu->accu = alu->srca ^ alu->srcb;
		alu->cf = false;
		break;
	case CS_ALU_OPCODE_STORE:
	case CS_ALU_OPCODE_STOREINV:
		if (op1 >= XESIM_CS_NUM_GPR)
			return false;
		src = cs_alu_reg(alu, op2, &flag);
		if (!src) {
			src = cs_alu_src_reg(alu, op2);
			if (!src)
				return false;
		}
		alu->gpr[op1] = op == CS_ALU_OPCODE_STORE ? *src : ~*src;
		return true;
	default:
		return false;
	}
	alu->zf = !alu->accu;
	return true;
}

static enum cs_step cs_math(struct cs_run *run, __le32 *cmd)
{
	struct cs_alu alu = {};
	__le32 buf[CS_CMD_BUF_DW];
	u32 idx, i, n;

	memcpy(alu.gpr, run->ctx.gpr, sizeof(alu.gpr));
	for (idx = 1; idx < run->len; idx += n) {
		const __le32 *instr = &cmd[idx];

		n = min_t(u32, run->len - idx, CS_CMD_BUF_DW - (idx % CS_CMD_BUF_DW));
		if (idx >= CS_CMD_BUF_DW) {
			if (cs_fetch(run, idx, buf, n))
				return CS_STEP_FAULT;
			instr = buf;
		}
		for (i = 0; i < n; i++)
			if (!cs_alu_exec(&alu, le32_to_cpu(instr[i])))
				return cs_cmd_fault(run, XESIM_CS_FAULT_UNSUPPORTED);
	}
	/* all or nothing: the GPRs change once every instruction is known */
	memcpy(run->ctx.gpr, alu.gpr, sizeof(alu.gpr));
	return CS_STEP_NEXT;
}

static enum cs_step cs_cond_batch_end(struct cs_run *run, __le32 *cmd)
{
	u32 op = FIELD_GET(MI_COND_BB_COMPARE_OP, run->hdr);
	bool ppgtt = cs_operand_ppgtt(run, run->hdr & MI_COND_BB_GGTT);
	__le32 value;

	if (run->len != 4)
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	if (!(run->hdr & MI_DO_COMPARE))
		return CS_STEP_NEXT;
	if (op > MI_SEMAPHORE_SAD_NEQ_SDD)
		return cs_cmd_fault(run, XESIM_CS_FAULT_UNSUPPORTED);
	if (cs_read(run, ppgtt, cs_addr48(cmd[2], cmd[3], GENMASK(1, 0)), &value,
		    sizeof(value)))
		return CS_STEP_FAULT;
	if (cs_semaphore_holds(op, le32_to_cpu(value), le32_to_cpu(cmd[1])))
		return CS_STEP_NEXT;
	return cs_batch_end(run);
}

/* Length in dwords of an MI command, from its header; 0 for an unknown one. */
static u32 cs_cmd_len(u32 hdr)
{
	switch (hdr & (XE_INSTR_CMD_TYPE | MI_OPCODE)) {
	case MI_NOOP:
	case MI_USER_INTERRUPT:
	case MI_ARB_CHECK:
	case MI_ARB_ON_OFF:
	case MI_BATCH_BUFFER_END:
		return 1;
	case MI_STORE_DATA_IMM:
		return FIELD_GET(MI_SDI_LEN_DW, hdr) + 2;
	case MI_FLUSH_DW:
		return FIELD_GET(MI_FLUSH_DW_LEN_DW, hdr) + 2;
	case MI_MATH:
	case MI_SEMAPHORE_WAIT:
	case MI_LOAD_REGISTER_IMM:
	case MI_STORE_REGISTER_MEM:
	case MI_LOAD_REGISTER_MEM:
	case MI_LOAD_REGISTER_REG:
	case MI_ATOMIC:
	case MI_BATCH_BUFFER_START:
	case MI_CONDITIONAL_BATCH_BUFFER_END:
		return FIELD_GET(XE_INSTR_LEN_MASK, hdr) + 2;
	default:
		return 0;
	}
}

static u32 cs_ring_space(const struct xesim_lrc *ctx)
{
	return ((ctx->ring_tail + ctx->ring_size - ctx->ring_head) %
		ctx->ring_size) / sizeof(u32);
}

/* Fetch, decode and execute the command at the current position. */
static enum cs_step cs_step(struct cs_run *run)
{
	__le32 cmd[CS_CMD_BUF_DW];

	run->hdr = 0;
	run->len = 1;
	run->cmd_addr = cs_in_batch(run) ? run->ctx.bb_addr :
			(u64)run->ctx.ring_start + run->ctx.ring_head;
	if (cs_fetch(run, 0, cmd, 1))
		return CS_STEP_FAULT;
	run->hdr = le32_to_cpu(cmd[0]);
	run->len = cs_cmd_len(run->hdr);
	if (!run->len)
		return cs_cmd_fault(run, XESIM_CS_FAULT_OPCODE);
	if (!cs_in_batch(run) && run->len > cs_ring_space(&run->ctx))
		return cs_cmd_fault(run, XESIM_CS_FAULT_LENGTH);
	if (run->len > 1 &&
	    cs_fetch(run, 1, &cmd[1], min_t(u32, run->len, CS_CMD_BUF_DW) - 1))
		return CS_STEP_FAULT;

	switch (run->hdr & (XE_INSTR_CMD_TYPE | MI_OPCODE)) {
	case MI_NOOP:
		return CS_STEP_NEXT;
	case MI_USER_INTERRUPT:
		return cs_user_interrupt(run);
	case MI_ARB_CHECK:
		return cs_arb_check(run);
	case MI_ARB_ON_OFF:
		if (run->hdr & MI_ARB_ENABLE)
			run->ctx.flags |= XESIM_CTX_FLAG_ARB_ENABLE;
		else
			run->ctx.flags &= ~XESIM_CTX_FLAG_ARB_ENABLE;
		return CS_STEP_NEXT;
	case MI_BATCH_BUFFER_END:
		return cs_batch_end(run);
	case MI_BATCH_BUFFER_START:
		return cs_batch_start(run, cmd);
	case MI_STORE_DATA_IMM:
		return cs_store_data_imm(run, cmd);
	case MI_FLUSH_DW:
		return cs_flush_dw(run, cmd);
	case MI_SEMAPHORE_WAIT:
		return cs_semaphore_wait(run, cmd);
	case MI_ATOMIC:
		return cs_atomic(run, cmd);
	case MI_LOAD_REGISTER_IMM:
		return cs_load_register_imm(run, cmd);
	case MI_STORE_REGISTER_MEM:
		return cs_store_register_mem(run, cmd);
	case MI_LOAD_REGISTER_MEM:
		return cs_load_register_mem(run, cmd);
	case MI_LOAD_REGISTER_REG:
		return cs_load_register_reg(run, cmd);
	case MI_MATH:
		return cs_math(run, cmd);
	case MI_CONDITIONAL_BATCH_BUFFER_END:
		return cs_cond_batch_end(run, cmd);
	default:
		return cs_cmd_fault(run, XESIM_CS_FAULT_OPCODE);
	}
}

static void cs_advance(struct cs_run *run)
{
	if (cs_in_batch(run))
		run->ctx.bb_addr += run->len * sizeof(u32);
	else
		cs_ring_advance(run, run->len);
}

static bool cs_idle(const struct cs_run *run)
{
	return !cs_in_batch(run) && run->ctx.ring_head == run->ctx.ring_tail;
}

static void cs_count_fault(struct xesim_cs_stats *stats,
			   const struct xesim_cs_fault *fault)
{
	if (stats)
		stats->faults[fault->reason]++;
}

/* run a context whose image was read: check it, load it, execute commands */
static void cs_run_slice(struct cs_run *run, unsigned int budget,
			 struct xesim_cs_exec *out)
{
	enum cs_step step;

	if (xesim_lrc_check(&run->ctx)) {
		cs_fault(run, XESIM_CS_FAULT_CONTEXT, XESIM_CS_ACCESS_NONE,
			 false, run->ctx_addr);
		/* keep what can be kept for the owner to look at */
		run->ctx.flags &= XESIM_CTX_FLAGS_ALL;
		out->result = XESIM_CS_FAULT;
		return;
	}
	cs_ts_write(run, run->ctx.timestamp);
	run->ts_live = true;
	if (cs_hwsp_load(run)) {
		out->result = XESIM_CS_FAULT;
		return;
	}

	for (;;) {
		if (cs_idle(run)) {
			out->result = XESIM_CS_IDLE;
			break;
		}
		if (out->executed >= budget) {
			out->result = XESIM_CS_YIELDED;
			out->yield = XESIM_CS_YIELD_SLICE;
			break;
		}

		run->stall = false;
		step = cs_step(run);
		if (step == CS_STEP_FAULT) {
			out->result = run->stall ? XESIM_CS_STALLED : XESIM_CS_FAULT;
			break;
		}
		if (step == CS_STEP_WAIT) {
			out->result = XESIM_CS_YIELDED;
			out->yield = XESIM_CS_YIELD_SEMAPHORE;
			break;
		}

		if (run->stats)
			run->stats->cmds[FIELD_GET(MI_OPCODE, run->hdr)]++;
		out->executed++;
		if (step != CS_STEP_JUMP)
			cs_advance(run);
		if (step == CS_STEP_ARB && !cs_idle(run)) {
			out->result = XESIM_CS_YIELDED;
			out->yield = XESIM_CS_YIELD_ARB;
			break;
		}
	}
}

/* switch a context out: its timestamp, the status page and its image */
static void cs_run_save(struct cs_run *run, struct xesim_cs_exec *out)
{
	if (run->ts_live)
		run->ctx.timestamp = cs_ts_read(run);
	/* the switch out, recorded in the status page */
	if (run->hwsp_loaded) {
		struct xesim_cs_fault first = run->fault;

		if (cs_hwsp_store(run, XESIM_HWSP_OFF_SWITCHES, run->ctx.ring_head)) {
			if (out->result == XESIM_CS_FAULT) {
				run->fault = first;
			} else {
				out->result = XESIM_CS_FAULT;
				out->yield = XESIM_CS_YIELD_NONE;
			}
		}
	}
	switch (out->result) {
	case XESIM_CS_IDLE:
		run->ctx.state = XESIM_LRC_IDLE;
		break;
	case XESIM_CS_YIELDED:
		run->ctx.state = out->yield == XESIM_CS_YIELD_SEMAPHORE ?
				XESIM_LRC_WAITING : XESIM_LRC_RUNNABLE;
		if (run->stats)
			run->stats->yields[out->yield]++;
		break;
	case XESIM_CS_FAULT:
		run->ctx.state = XESIM_LRC_FAULTED;
		run->ctx.fault = run->fault;
		out->fault = run->fault;
		cs_count_fault(run->stats, &run->fault);
		break;
	case XESIM_CS_STALLED:
		/* not a fault: the command runs again once the page is there */
		run->ctx.state = XESIM_LRC_RUNNABLE;
		out->fault = run->fault;
		out->asid = run->ctx.asid;
		if (run->stats)
			run->stats->stalls++;
		break;
	}
	if (xesim_lrc_write_engine_part(run->mem, run->ctx_addr, &run->ctx)) {
		memset(&run->fault, 0, sizeof(run->fault));
		cs_fault(run, XESIM_CS_FAULT_CONTEXT, XESIM_CS_ACCESS_WRITE,
			 false, run->ctx_addr);
		cs_count_fault(run->stats, &run->fault);
		out->result = XESIM_CS_FAULT;
		out->yield = XESIM_CS_YIELD_NONE;
		out->fault = run->fault;
	}
}

/**
 * xesim_engine_cs_run() - Run a context for one time slice.
 * @mem: the memory interface of the function that owns the context.
 * @ctx_addr: GGTT address of the context image, 4 KiB aligned.
 * @budget: the most commands to execute (the slice); 0 executes none.
 * @stats: counters to update, or NULL.
 * @exec: filled with the outcome, or NULL.
 *
 * Executes commands from the context's head (in its batch, if it stopped in
 * one) until it is idle, has executed @budget commands, yields, or faults,
 * always stopping at a command boundary; then writes the engine's part of the
 * image back. See `xesim command streamer`. A context that faulted before
 * returns %XESIM_CS_FAULT at once with its recorded fault. A context image
 * that cannot be read or has no magic is not written to.
 *
 * Context: process context if the callbacks of @mem sleep; the caller
 * serializes runs of one context and runs sharing @stats.
 * Return: how the run ended, as &xesim_cs_exec.result.
 */
enum xesim_cs_result xesim_engine_cs_run(const struct xesim_cs_mem *mem, u32 ctx_addr,
					 unsigned int budget,
					 struct xesim_cs_stats *stats,
					 struct xesim_cs_exec *exec)
{
	struct cs_run run = {
		.mem = mem,
		.stats = stats,
		.ctx_addr = ctx_addr,
	};
	struct xesim_cs_exec out = {};

	if (stats)
		stats->runs++;

	if (xesim_lrc_read(mem, ctx_addr, &run.ctx)) {
		cs_fault(&run, XESIM_CS_FAULT_CONTEXT, XESIM_CS_ACCESS_FETCH,
			 false, ctx_addr);
		cs_count_fault(stats, &run.fault);
		out.result = XESIM_CS_FAULT;
		out.fault = run.fault;
	} else if (run.ctx.state == XESIM_LRC_FAULTED) {
		out.result = XESIM_CS_FAULT;
		out.fault = run.ctx.fault;
	} else {
		cs_run_slice(&run, budget, &out);
		cs_run_save(&run, &out);
	}
	if (exec)
		*exec = out;
	return out.result;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_engine_cs_run);
