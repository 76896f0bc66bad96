/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log helpers of the simulated device: every line names the bus device it
 * is about (xesim0, xesim0.vf1, xeslot2), or "xesim" for the bus itself.
 */

#ifndef _XESIM_PRINTK_H_
#define _XESIM_PRINTK_H_

#include <linux/device.h>
#include <linux/printk.h>

#include "xesim_bus_types.h"

#define xesim_err(xdev, fmt, ...) \
	dev_err(&(xdev)->dev, fmt, ##__VA_ARGS__)
#define xesim_warn(xdev, fmt, ...) \
	dev_warn(&(xdev)->dev, fmt, ##__VA_ARGS__)
#define xesim_info(xdev, fmt, ...) \
	dev_info(&(xdev)->dev, fmt, ##__VA_ARGS__)
#define xesim_dbg(xdev, fmt, ...) \
	dev_dbg(&(xdev)->dev, fmt, ##__VA_ARGS__)
#define xesim_err_ratelimited(xdev, fmt, ...) \
	dev_err_ratelimited(&(xdev)->dev, fmt, ##__VA_ARGS__)
#define xesim_warn_ratelimited(xdev, fmt, ...) \
	dev_warn_ratelimited(&(xdev)->dev, fmt, ##__VA_ARGS__)

#define xesim_fn_err(fn, fmt, ...) xesim_err(&(fn)->xdev, fmt, ##__VA_ARGS__)
#define xesim_fn_warn(fn, fmt, ...) xesim_warn(&(fn)->xdev, fmt, ##__VA_ARGS__)
#define xesim_fn_info(fn, fmt, ...) xesim_info(&(fn)->xdev, fmt, ##__VA_ARGS__)
#define xesim_fn_dbg(fn, fmt, ...) xesim_dbg(&(fn)->xdev, fmt, ##__VA_ARGS__)
#define xesim_fn_err_ratelimited(fn, fmt, ...) \
	xesim_err_ratelimited(&(fn)->xdev, fmt, ##__VA_ARGS__)

#define xesim_gpu_err(gpu, fmt, ...) \
	pr_err("xesim%u: " fmt, (gpu)->id, ##__VA_ARGS__)
#define xesim_gpu_info(gpu, fmt, ...) \
	pr_info("xesim%u: " fmt, (gpu)->id, ##__VA_ARGS__)

/* a GuC VF state, &struct xesim_guc_vf_state */
#define xesim_guc_vf_dbg(vf, fmt, ...) pr_debug("%s: " fmt, (vf)->name, ##__VA_ARGS__)

#define xesim_bus_err(fmt, ...) pr_err("xesim: " fmt, ##__VA_ARGS__)
#define xesim_bus_info(fmt, ...) pr_info("xesim: " fmt, ##__VA_ARGS__)

#endif
