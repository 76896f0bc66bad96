/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command streamer ALU instructions, the dwords of an MI_MATH command. Numbers
 * only: names and values follow upstream
 * drivers/gpu/drm/xe/instructions/xe_alu_commands.h.
 */

#ifndef _XESIM_ABI_XE_ALU_ABI_H_
#define _XESIM_ABI_XE_ALU_ABI_H_

#include <linux/bitfield.h>
#include <linux/bits.h>

/* An ALU instruction: opcode in bits 31:20, operands in 19:10 and 9:0. */
#define CS_ALU_OPCODE_MASK		GENMASK(31, 20)
#define CS_ALU_OPERAND1_MASK		GENMASK(19, 10)
#define CS_ALU_OPERAND2_MASK		GENMASK(9, 0)
#define CS_ALU_INSTR(op, op1, op2) \
	((((op) << 20) & CS_ALU_OPCODE_MASK) | \
	 (((op1) << 10) & CS_ALU_OPERAND1_MASK) | \
	 ((op2) & CS_ALU_OPERAND2_MASK))

#define CS_ALU_OPCODE_NOOP		0x000
#define CS_ALU_OPCODE_FENCE_RD		0x001
#define CS_ALU_OPCODE_FENCE_WR		0x002
#define CS_ALU_OPCODE_LOAD		0x080
#define CS_ALU_OPCODE_LOADINV		0x480
#define CS_ALU_OPCODE_LOAD0		0x081
#define CS_ALU_OPCODE_LOAD1		0x481
#define CS_ALU_OPCODE_LOADIND		0x082
#define CS_ALU_OPCODE_ADD		0x100
#define CS_ALU_OPCODE_SUB		0x101
#define CS_ALU_OPCODE_AND		0x102
#define CS_ALU_OPCODE_OR		0x103
#define CS_ALU_OPCODE_XOR		0x104
#define CS_ALU_OPCODE_SHL		0x105
#define CS_ALU_OPCODE_SHR		0x106
#define CS_ALU_OPCODE_SAR		0x107
#define CS_ALU_OPCODE_STORE		0x180
#define CS_ALU_OPCODE_STOREINV		0x580
#define CS_ALU_OPCODE_STOREIND		0x181

/* Operands: the GPRs 0-15, the ALU's own registers and flags. */
#define CS_ALU_OPERAND_REG(n)		((n) & 0xf)
#define CS_ALU_OPERAND_SRCA		0x20
#define CS_ALU_OPERAND_SRCB		0x21
#define CS_ALU_OPERAND_ACCU		0x31
#define CS_ALU_OPERAND_ZF		0x32
#define CS_ALU_OPERAND_CF		0x33
#define CS_ALU_OPERAND_NA		0

#endif
