// SPDX-License-Identifier: MIT
/*
 * The spinning batch of xe_spin.h.
 *
 * Without a tick budget the loop is: [MI_ARB_CHECK], MI_CONDITIONAL_BATCH_BUFFER_END on @end
 * (the batch ends once @end is 0), MI_BATCH_BUFFER_START back to the loop. With one, the
 * batch first loads the budget into GPR1 and copies CTX_TIMESTAMP into GPR0; every loop then
 * copies CTX_TIMESTAMP into GPR2 and computes, with MI_MATH, GPR2 - GPR0 (the ticks run so
 * far) into GPR3 and the borrow of (GPR3 - GPR1) into GPR4: all ones while fewer ticks than
 * the budget ran, 0 after. It stores both and ends the batch, by a second conditional end,
 * once the stored borrow is 0. The context timestamp counts only while the context runs, so
 * the budget is the spinner's own engine time.
 */
#include <sched.h>
#include <stddef.h>
#include <string.h>

#include "igt.h"
#include "intel_gpu_commands.h"
#include "xe/xe_query.h"
#include "xe/xe_spin.h"

/* register offsets relative to the engine's base, used with the CS-MMIO bits */
#define CTX_TIMESTAMP		0x3a8
#define CS_GPR(n)		(0x600 + 8 * (n))

#define MI_LRI_CS(n)		(MI_INSTR(0x22, 2 * (n) - 1) | (1 << 19))
#define MI_LRR_CS		(MI_INSTR(0x2a, 1) | (1 << 19) | (1 << 18))
#define MI_SRM_CS		(MI_INSTR(0x24, 2) | (1 << 19))
#define MI_COND_BBE		(MI_INSTR(0x36, 2) | (1 << 21))
#define MI_MATH(n)		MI_INSTR(0x1a, (n) - 1)

/* MI_MATH ALU instructions: opcode in bits 31:20, operand 1 in 19:10, operand 2 in 9:0 */
#define ALU(op, a, b)		((op) << 20 | (a) << 10 | (b))
#define ALU_LOAD		0x080
#define ALU_STORE		0x180
#define ALU_SUB			0x101
#define ALU_SRCA		0x20
#define ALU_SRCB		0x21
#define ALU_ACCU		0x31
#define ALU_CF			0x33

static __u32 *emit_lrr(__u32 *cs, __u32 src, __u32 dst)
{
	*cs++ = MI_LRR_CS;
	*cs++ = src;
	*cs++ = dst;
	return cs;
}

static __u32 *emit_srm(__u32 *cs, __u32 reg, __u64 addr)
{
	*cs++ = MI_SRM_CS;
	*cs++ = reg;
	*cs++ = addr;
	*cs++ = addr >> 32;
	return cs;
}

/* end the batch when the dword at @addr is 0 (the compare "memory > 0" fails) */
static __u32 *emit_end_if_zero(__u32 *cs, __u64 addr)
{
	*cs++ = MI_COND_BBE;
	*cs++ = 0;
	*cs++ = addr;
	*cs++ = addr >> 32;
	return cs;
}

/**
 * xe_spin_init() - write the spinner's batch
 * @spin: the spinner, in a CPU mapping of its BO
 * @opts: where the BO is bound and how it spins
 */
void xe_spin_init(struct xe_spin *spin, struct xe_spin_opts *opts)
{
	__u64 at = opts->addr;
	__u64 start = at + offsetof(struct xe_spin, start);
	__u64 end = at + offsetof(struct xe_spin, end);
	__u64 delta = at + offsetof(struct xe_spin, ticks_delta);
	__u64 left = at + offsetof(struct xe_spin, ticks_left);
	__u32 *cs = spin->batch, *loop;

	spin->start = 0;
	spin->end = 1;
	spin->ticks_delta = 0;
	spin->ticks_left = ~0u;

	*cs++ = MI_STORE_DWORD_IMM_GEN4;
	*cs++ = start;
	*cs++ = start >> 32;
	*cs++ = XE_SPIN_STARTED;
	if (opts->ctx_ticks) {
		/* the budget in GPR1; the upper halves the 32-bit copies leave alone, 0 */
		*cs++ = MI_LRI_CS(4);
		*cs++ = CS_GPR(1);
		*cs++ = opts->ctx_ticks;
		*cs++ = CS_GPR(1) + 4;
		*cs++ = 0;
		*cs++ = CS_GPR(0) + 4;
		*cs++ = 0;
		*cs++ = CS_GPR(2) + 4;
		*cs++ = 0;
		cs = emit_lrr(cs, CTX_TIMESTAMP, CS_GPR(0));
	}
	loop = cs;
	if (opts->preempt)
		*cs++ = MI_ARB_CHECK;
	if (opts->ctx_ticks) {
		cs = emit_lrr(cs, CTX_TIMESTAMP, CS_GPR(2));
		*cs++ = MI_MATH(8);
		*cs++ = ALU(ALU_LOAD, ALU_SRCA, 2);
		*cs++ = ALU(ALU_LOAD, ALU_SRCB, 0);
		*cs++ = ALU(ALU_SUB, 0, 0);
		*cs++ = ALU(ALU_STORE, 3, ALU_ACCU);
		*cs++ = ALU(ALU_LOAD, ALU_SRCA, 3);
		*cs++ = ALU(ALU_LOAD, ALU_SRCB, 1);
		*cs++ = ALU(ALU_SUB, 0, 0);
		*cs++ = ALU(ALU_STORE, 4, ALU_CF);
		cs = emit_srm(cs, CS_GPR(3), delta);
		cs = emit_srm(cs, CS_GPR(4), left);
		cs = emit_end_if_zero(cs, left);
	}
	cs = emit_end_if_zero(cs, end);
	*cs++ = MI_BATCH_BUFFER_START | MI_BATCH_PPGTT;
	*cs++ = at + (loop - spin->batch) * 4;
	*cs++ = (at + (loop - spin->batch) * 4) >> 32;
	igt_assert_lte((int)(cs - spin->batch), (int)(sizeof(spin->batch) / 4));
}

/**
 * xe_spin_started() - whether the spinner's batch runs
 * @spin: the spinner
 *
 * Return: true once the batch wrote its start mark.
 */
bool xe_spin_started(struct xe_spin *spin)
{
	return __atomic_load_n(&spin->start, __ATOMIC_ACQUIRE) == XE_SPIN_STARTED;
}

/**
 * xe_spin_wait_started() - wait until the spinner's batch runs
 * @spin: the spinner
 */
void xe_spin_wait_started(struct xe_spin *spin)
{
	while (!xe_spin_started(spin))
		sched_yield();
}

/**
 * xe_spin_end() - let the spinner's batch end at its next loop
 * @spin: the spinner
 */
void xe_spin_end(struct xe_spin *spin)
{
	__atomic_store_n(&spin->end, 0, __ATOMIC_RELEASE);
}

/**
 * xe_spin_nsec_to_ticks() - a duration in CTX_TIMESTAMP ticks of a GT
 * @fd: the device
 * @gt_id: the GT
 * @nsec: the duration
 *
 * Return: the ticks at the GT's reference clock (DRM_XE_DEVICE_QUERY_GT_LIST), rounded up.
 */
__u32 xe_spin_nsec_to_ticks(int fd, int gt_id, __u64 nsec)
{
	struct xe_device *xe = xe_device_get(fd);
	__u64 hz, ticks;

	igt_assert(xe && xe->gt_list && gt_id >= 0 && (__u32)gt_id < xe->gt_list->num_gt);
	hz = xe->gt_list->gt_list[gt_id].reference_clock;
	ticks = (nsec * hz + 999999999ull) / 1000000000ull;
	igt_assert_lte_u64(ticks, UINT32_MAX);
	return ticks;
}
