/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_REGS_H_
#define _XESIM_REGS_H_

#include <linux/types.h>

struct xesim_fn;
struct xesim_gpu;
struct xesim_reg_hook;

int xesim_regs_check(struct xesim_fn *fn, u32 reg);
u32 xesim_regs_read(struct xesim_fn *fn, u32 reg);
void xesim_regs_write(struct xesim_fn *fn, u32 reg, u32 val);
int xesim_regs_add_hook(struct xesim_gpu *gpu,
			const struct xesim_reg_hook *hook);
void xesim_regs_remove_hook(struct xesim_gpu *gpu, u32 reg);
u32 xesim_regs_sw_flag(struct xesim_fn *fn, unsigned int n);
void xesim_regs_set_sw_flag(struct xesim_fn *fn, unsigned int n, u32 val);
void xesim_regs_reset(struct xesim_fn *fn);

#endif
