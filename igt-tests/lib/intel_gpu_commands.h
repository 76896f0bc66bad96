/* SPDX-License-Identifier: MIT */
/*
 * The GPU commands the tests put in batch buffers, under the names IGT gives them
 * in its GPU command header. Encodings of the MI (memory interface) commands as
 * the Xe command streamers, and the simulated one (sim/include/abi/xe_mi_abi.h), execute
 * them: command type 0 in bits 31:29, opcode in 28:23, length (dwords - 2) in the low bits.
 */
#ifndef INTEL_GPU_COMMANDS_H
#define INTEL_GPU_COMMANDS_H

#define MI_INSTR(opcode, flags)		(((opcode) << 23) | (flags))

#define MI_NOOP				MI_INSTR(0x00, 0)
#define MI_USER_INTERRUPT		MI_INSTR(0x02, 0)
#define MI_ARB_CHECK			MI_INSTR(0x05, 0)
#define MI_BATCH_BUFFER_END		MI_INSTR(0x0a, 0)
/*
 * 4 dwords: command, the dword to compare with, address low, address high (ppGTT); with
 * MI_SEMAPHORE_POLL the engine re-reads memory until the compare holds
 */
#define MI_SEMAPHORE_WAIT		MI_INSTR(0x1c, 2)
#define   MI_SEMAPHORE_POLL		0x8000
#define   MI_SEMAPHORE_SAD_GT_SDD	0x0000
#define   MI_SEMAPHORE_SAD_GTE_SDD	0x1000
#define   MI_SEMAPHORE_SAD_LT_SDD	0x2000
#define   MI_SEMAPHORE_SAD_LTE_SDD	0x3000
#define   MI_SEMAPHORE_SAD_EQ_SDD	0x4000
#define   MI_SEMAPHORE_SAD_NEQ_SDD	0x5000
/* 4 dwords: command, address low, address high, the dword to store */
#define MI_STORE_DWORD_IMM_GEN4		MI_INSTR(0x20, 2)
/*
 * 3 dwords: command, address low, address high (ppGTT); a read-modify-write of the dword
 * there, the operation in bits 15:8 (MI_ATOMIC_INC needs no operand)
 */
#define MI_ATOMIC			MI_INSTR(0x2f, 1)
#define   MI_ATOMIC_INC			0x0500
/* 3 dwords: command, address low, address high (ppGTT, 48 bits) */
#define MI_BATCH_BUFFER_START		MI_INSTR(0x31, 1)
#define   MI_BATCH_PPGTT		0x100

#endif /* INTEL_GPU_COMMANDS_H */
