/* SPDX-License-Identifier: MIT */
/*
 * A spinning batch, under the names of IGT's Xe spinner: a batch in a mapped BO that loops
 * on the engine until the CPU ends it or, with a tick budget, until its context has run that
 * many CTX_TIMESTAMP ticks. It uses the MI commands IGT's spinners use: MI_STORE_DWORD_IMM,
 * MI_ARB_CHECK, MI_CONDITIONAL_BATCH_BUFFER_END, MI_BATCH_BUFFER_START, and for the budget
 * MI_LOAD_REGISTER_IMM, MI_LOAD_REGISTER_REG, MI_MATH and MI_STORE_REGISTER_MEM.
 */
#ifndef XE_SPIN_H
#define XE_SPIN_H

#include <stdbool.h>
#include <linux/types.h>

/**
 * struct xe_spin_opts - how a spinner behaves
 * @addr: the ppGTT address of the &struct xe_spin, bound in the VM the spinner runs in
 * @preempt: an MI_ARB_CHECK in every loop, so that the engine may switch away from it
 * @ctx_ticks: when not 0, the spinner ends by itself once its context ran this many
 *             CTX_TIMESTAMP ticks (at the GT's reference clock) since it started
 */
struct xe_spin_opts {
	__u64 addr;
	bool preempt;
	__u32 ctx_ticks;
};

/**
 * struct xe_spin - the spinner, as the GPU sees it: put it in a BO mapped on the CPU
 * @batch: the commands
 * @pad: keeps @start on its own qword
 * @start: written by the batch when it starts
 * @end: the loop goes on while it is not 0; xe_spin_end() clears it
 * @ticks_delta: with a tick budget, the ticks the context ran since the start, as the last
 *               loop measured them (the batch's last word on it)
 * @ticks_left: with a tick budget, all ones while the budget is not used up, then 0
 */
struct xe_spin {
	__u32 batch[64];
	__u64 pad;
	__u32 start;
	__u32 end;
	__u32 ticks_delta;
	__u32 ticks_left;
};

#define XE_SPIN_STARTED		0xc0ffee

void xe_spin_init(struct xe_spin *spin, struct xe_spin_opts *opts);
#define xe_spin_init_opts(spin, ...) \
	xe_spin_init(spin, &((struct xe_spin_opts){ __VA_ARGS__ }))
bool xe_spin_started(struct xe_spin *spin);
void xe_spin_wait_started(struct xe_spin *spin);
void xe_spin_end(struct xe_spin *spin);
__u32 xe_spin_nsec_to_ticks(int fd, int gt_id, __u64 nsec);

#endif /* XE_SPIN_H */
