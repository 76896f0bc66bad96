/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine command streamer of the simulated Xe device: context images and
 * the MI command interpreter. See `xesim command streamer`.
 */

#ifndef _XESIM_ENGINE_CS_H_
#define _XESIM_ENGINE_CS_H_

#include <linux/types.h>

#include "xesim_engine_cs_types.h"

void xesim_cs_ctx_init(struct xesim_cs_ctx *ctx, u32 ring_start, u32 ring_size,
		       u32 hwsp, u64 ppgtt_root);
int xesim_cs_ctx_check(const struct xesim_cs_ctx *ctx);
int xesim_cs_ctx_read(const struct xesim_cs_mem *mem, u32 ctx_addr,
		      struct xesim_cs_ctx *ctx);
int xesim_cs_ctx_write(const struct xesim_cs_mem *mem, u32 ctx_addr,
		       const struct xesim_cs_ctx *ctx);
int xesim_cs_ctx_set_tail(const struct xesim_cs_mem *mem, u32 ctx_addr,
			  u32 tail);
int xesim_cs_ctx_clear_fault(const struct xesim_cs_mem *mem, u32 ctx_addr);

enum xesim_cs_result xesim_cs_run(const struct xesim_cs_mem *mem, u32 ctx_addr,
				  unsigned int budget,
				  struct xesim_cs_stats *stats,
				  struct xesim_cs_exec *exec);

#endif
