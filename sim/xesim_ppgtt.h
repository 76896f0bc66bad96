/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 4-level ppGTT walk of the simulated Xe device's engines.
 */

#ifndef _XESIM_PPGTT_H_
#define _XESIM_PPGTT_H_

#include <linux/types.h>

#include "xesim_engine_cs_types.h"

int xesim_ppgtt_walk(const struct xesim_cs_mem *mem, u64 root, u64 va,
		     struct xesim_ppgtt_xlate *xl);

#endif
