/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_ENGINE_TS_H_
#define _XESIM_ENGINE_TS_H_

#include <linux/types.h>

struct xesim_fn;

u64 xesim_engine_ts_now(void);
int xesim_engine_ts_read(struct xesim_fn *fn, u32 reg, u32 *val);

#endif
