/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Context images of the simulated Xe device. See `xesim context image`.
 */

#ifndef _XESIM_LRC_H_
#define _XESIM_LRC_H_

#include <linux/types.h>

#include "xesim_lrc_types.h"

void xesim_lrc_init(struct xesim_lrc *ctx, u32 ring_start, u32 ring_size,
		    u32 hwsp, u64 ppgtt_root);
int xesim_lrc_check(const struct xesim_lrc *ctx);
int xesim_lrc_read(const struct xesim_cs_mem *mem, u32 ctx_addr,
		   struct xesim_lrc *ctx);
int xesim_lrc_write(const struct xesim_cs_mem *mem, u32 ctx_addr,
		    const struct xesim_lrc *ctx);
int xesim_lrc_write_engine_part(const struct xesim_cs_mem *mem, u32 ctx_addr,
				const struct xesim_lrc *ctx);
int xesim_lrc_set_tail(const struct xesim_cs_mem *mem, u32 ctx_addr, u32 tail);
int xesim_lrc_clear_fault(const struct xesim_cs_mem *mem, u32 ctx_addr);
int xesim_lrc_set_fault(const struct xesim_cs_mem *mem, u32 ctx_addr,
			const struct xesim_cs_fault *fault);

#endif
