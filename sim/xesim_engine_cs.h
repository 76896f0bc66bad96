/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine command streamer of the simulated Xe device: the MI command
 * interpreter. See `xesim command streamer`.
 */

#ifndef _XESIM_ENGINE_CS_H_
#define _XESIM_ENGINE_CS_H_

#include <linux/types.h>

#include "xesim_engine_cs_types.h"

enum xesim_cs_result xesim_engine_cs_run(const struct xesim_cs_mem *mem, u32 ctx_addr,
					 unsigned int budget,
					 struct xesim_cs_stats *stats,
					 struct xesim_cs_exec *exec);

#endif
