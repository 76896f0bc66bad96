/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MI (memory interface) command encodings executed by the engines of the
 * simulated Xe device. Numbers only: the names and values follow upstream
 * drivers/gpu/drm/xe/instructions/xe_mi_commands.h and xe_instr_defs.h where
 * those define them; the rest (semaphore wait, atomics, arbitration and
 * batch-start fields) are the Gen12 encodings as i915 and the Bspec give them.
 */

#ifndef _XESIM_ABI_XE_MI_ABI_H_
#define _XESIM_ABI_XE_MI_ABI_H_

#include <linux/bitfield.h>
#include <linux/bits.h>

/* Dword 0 of every instruction: the command type in bits 31:29. */
#define XE_INSTR_CMD_TYPE		GENMASK(31, 29)
#define   XE_INSTR_MI			FIELD_PREP_CONST(XE_INSTR_CMD_TYPE, 0x0)

/*
 * The common length field: number of dwords of the instruction minus two.
 * The helpers below are plain masks so that they work in static initializers.
 */
#define XE_INSTR_LEN_MASK		GENMASK(7, 0)
#define XE_INSTR_NUM_DW(x)		(((x) - 2) & XE_INSTR_LEN_MASK)

/* MI commands: command type 0, opcode in bits 28:23. */
#define MI_OPCODE			GENMASK(28, 23)
#define __MI_INSTR(opcode) \
	(XE_INSTR_MI | FIELD_PREP_CONST(MI_OPCODE, opcode))

/* Single-dword commands (no length field). */
#define MI_NOOP				__MI_INSTR(0x0)
#define MI_USER_INTERRUPT		__MI_INSTR(0x2)
#define MI_ARB_CHECK			__MI_INSTR(0x5)

#define MI_ARB_ON_OFF			__MI_INSTR(0x8)
#define   MI_ARB_ENABLE			BIT(0)
#define   MI_ARB_DISABLE		0x0

#define MI_BATCH_BUFFER_END		__MI_INSTR(0xa)

/*
 * MI_MATH: the ALU instructions follow dword 0, one a dword; see
 * xe_alu_abi.h.
 */
#define MI_MATH				__MI_INSTR(0x1a)
#define   MI_MATH_NUM_DW(n)		XE_INSTR_NUM_DW((n) + 1)

/* MI_SEMAPHORE_WAIT: 4 dwords, or 5 with the Gen12 token dword. */
#define MI_SEMAPHORE_WAIT		__MI_INSTR(0x1c)
#define   MI_SEMAPHORE_GGTT		BIT(22)
#define   MI_SEMAPHORE_REGISTER_POLL	BIT(16)
#define   MI_SEMAPHORE_POLL		BIT(15)
#define   MI_SEMAPHORE_COMPARE_OP	GENMASK(14, 12)
#define   MI_SEMAPHORE_SAD_GT_SDD	0
#define   MI_SEMAPHORE_SAD_GTE_SDD	1
#define   MI_SEMAPHORE_SAD_LT_SDD	2
#define   MI_SEMAPHORE_SAD_LTE_SDD	3
#define   MI_SEMAPHORE_SAD_EQ_SDD	4
#define   MI_SEMAPHORE_SAD_NEQ_SDD	5
#define   MI_SEMAPHORE_OP(op)		(((op) << 12) & MI_SEMAPHORE_COMPARE_OP)

/* MI_STORE_DATA_IMM: dword 1/2 address (bits 47:2), then the data dwords. */
#define MI_STORE_DATA_IMM		__MI_INSTR(0x20)
#define   MI_SDI_GGTT			BIT(22)
#define   MI_SDI_STORE_QWORD		BIT(21)
#define   MI_SDI_LEN_DW			GENMASK(9, 0)
#define   MI_SDI_NUM_DW(x)		(((x) + 3 - 2) & MI_SDI_LEN_DW)
#define   MI_SDI_NUM_QW(x)		(((2 * (x) + 3 - 2) & MI_SDI_LEN_DW) | \
					 MI_SDI_STORE_QWORD)

/* MI_LOAD_REGISTER_IMM: (offset, value) pairs; register offset in 22:2. */
#define MI_LOAD_REGISTER_IMM		__MI_INSTR(0x22)
#define   MI_LRI_LRM_CS_MMIO		BIT(19)
#define   MI_LRI_MMIO_REMAP_EN		BIT(17)
#define   MI_LRI_FORCE_POSTED		BIT(12)
#define   MI_LRI_BYTE_WRITE_DISABLE	GENMASK(11, 8)
#define   MI_LRI_NUM_REGS(x)		XE_INSTR_NUM_DW(2 * (x) + 1)
#define   MI_LRI_REG_OFFSET		GENMASK(22, 2)

/*
 * MI_STORE_REGISTER_MEM: 4 dwords; the register offset (bits 22:2) in
 * dword 1, the address (bits 47:2) in dwords 2-3.
 */
#define MI_STORE_REGISTER_MEM		__MI_INSTR(0x24)
#define   MI_SRM_USE_GGTT		BIT(22)
#define   MI_SRM_ADD_CS_OFFSET		BIT(19)

/* MI_FLUSH_DW: 4 dwords (dword post-sync data) or 5 (qword). */
#define MI_FLUSH_DW			__MI_INSTR(0x26)
#define   MI_FLUSH_DW_STORE_INDEX	BIT(21)
#define   MI_INVALIDATE_TLB		BIT(18)
#define   MI_FLUSH_DW_CCS		BIT(16)
#define   MI_FLUSH_DW_OP_MASK		GENMASK(15, 14)
#define   MI_FLUSH_DW_OP_NONE		0
#define   MI_FLUSH_DW_OP_STOREDW	BIT(14)
#define   MI_FLUSH_DW_LEN_DW		GENMASK(5, 0)
#define   MI_FLUSH_IMM_DW		(4 - 2)
#define   MI_FLUSH_IMM_QW		(5 - 2)
/* in dword 1, next to the address (bits 31:3) */
#define   MI_FLUSH_DW_USE_GTT		BIT(2)
/* with MI_FLUSH_DW_STORE_INDEX: the byte offset in the status page */
#define   MI_FLUSH_DW_INDEX_MASK	GENMASK(11, 3)

/* MI_LOAD_REGISTER_MEM: 4 dwords, laid out as MI_STORE_REGISTER_MEM. */
#define MI_LOAD_REGISTER_MEM		__MI_INSTR(0x29)
#define   MI_LRM_USE_GGTT		BIT(22)
#define   MI_LRM_ASYNC			BIT(21)

/*
 * MI_LOAD_REGISTER_REG: 3 dwords; the source register offset in dword 1,
 * the destination in dword 2.
 */
#define MI_LOAD_REGISTER_REG		__MI_INSTR(0x2a)
#define   MI_LRR_DST_CS_MMIO		BIT(19)
#define   MI_LRR_SRC_CS_MMIO		BIT(18)

/* MI_ATOMIC: 3 dwords, or 11 with inline operands. */
#define MI_ATOMIC			__MI_INSTR(0x2f)
#define   MI_ATOMIC_GGTT		BIT(22)
#define   MI_ATOMIC_POST_SYNC_OP	BIT(21)
#define   MI_ATOMIC_DATA_SIZE		GENMASK(20, 19)
#define   MI_ATOMIC_SIZE_DWORD		0
#define   MI_ATOMIC_SIZE_QWORD		1
#define   MI_ATOMIC_SIZE_OCTWORD	2
#define   MI_ATOMIC_INLINE_DATA		BIT(18)
#define   MI_ATOMIC_CS_STALL		BIT(17)
#define   MI_ATOMIC_RETURN_DATA		BIT(16)
#define   MI_ATOMIC_OPCODE		GENMASK(15, 8)
#define   MI_ATOMIC_OP(op)		(((op) << 8) & MI_ATOMIC_OPCODE)
#define   MI_ATOMIC_LEN_PLAIN		XE_INSTR_NUM_DW(3)
#define   MI_ATOMIC_LEN_INLINE		XE_INSTR_NUM_DW(11)
/* Atomic opcodes: the operation in bits 3:0, the operand size in 7:4. */
#define   MI_ATOMIC_OP_SIZE		GENMASK(7, 4)
#define   MI_ATOMIC_OP_4B		0x00
#define   MI_ATOMIC_OP_8B		0x20
#define   MI_ATOMIC_OP_16B		0x40
#define   MI_ATOMIC_OP_AND		0x1
#define   MI_ATOMIC_OP_OR		0x2
#define   MI_ATOMIC_OP_XOR		0x3
#define   MI_ATOMIC_OP_MOVE		0x4
#define   MI_ATOMIC_OP_INC		0x5
#define   MI_ATOMIC_OP_DEC		0x6
#define   MI_ATOMIC_OP_ADD		0x7
#define   MI_ATOMIC_OP_SUB		0x8
#define   MI_ATOMIC_OP_CMP_WR		0xe

/* MI_BATCH_BUFFER_START: 3 dwords; address bits 47:2 in dwords 1 and 2. */
#define MI_BATCH_BUFFER_START		__MI_INSTR(0x31)
#define   MI_BATCH_SECOND_LEVEL		BIT(22)
#define   MI_BATCH_PPGTT		BIT(8)

/*
 * MI_CONDITIONAL_BATCH_BUFFER_END: 4 dwords; the compare data in dword 1, the
 * address (bits 47:2) in dwords 2-3. The batch goes on while the dword in
 * memory compares true with the data by the operation in bits 14:12 (the
 * MI_SEMAPHORE_SAD_* values: 0 is "memory greater than data"), and ends
 * otherwise. Without MI_DO_COMPARE nothing is compared and the batch goes on.
 */
#define MI_CONDITIONAL_BATCH_BUFFER_END	__MI_INSTR(0x36)
#define   MI_COND_BB_GGTT		BIT(22)
#define   MI_DO_COMPARE			BIT(21)
#define   MI_COND_BB_COMPARE_OP		GENMASK(14, 12)
#define   MI_COND_BB_OP(op)		(((op) << 12) & MI_COND_BB_COMPARE_OP)

/* Dword 2 of the 48-bit address commands: address bits 47:32. */
#define MI_ADDR_HI_MASK			GENMASK(15, 0)

#endif
