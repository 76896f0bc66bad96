/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_REGS_TYPES_H_
#define _XESIM_REGS_TYPES_H_

#include <linux/types.h>

#include "abi/xe_regs_abi.h"

struct xesim_fn;

/**
 * struct xesim_regs - The plain storage registers of one function.
 */
struct xesim_regs {
	/** @sw_flag: VF_SW_FLAG(0..3), the relay scratch registers. */
	u32 sw_flag[VF_SW_FLAG_COUNT];
};

/**
 * struct xesim_reg_hook - A register whose accesses a device model (the GuC,
 * the engines) handles, on every function of a GPU.
 *
 * The hook runs in the context of the driver's access, with the guest slot's
 * access gate held for reading when the access came through a slot: it must
 * not take &xesim_gpu.sriov_lock or any slot lock, and should hand long work
 * to its own worker. It may raise interrupts and access device memory.
 */
struct xesim_reg_hook {
	/** @reg: the register offset. */
	u32 reg;
	/** @read: optional; returns the value read by @fn. */
	u32 (*read)(struct xesim_fn *fn, u32 reg);
	/** @write: optional; @fn wrote @val. */
	void (*write)(struct xesim_fn *fn, u32 reg, u32 val);
};

#endif
