/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log helpers of the VFIO variant driver: every line names the VF device
 * (xesim<N>.vf<M>) and the role of the code that logs ("migration",
 * "reset", ...).
 */

#ifndef _XEVFIO_PRINTK_H_
#define _XEVFIO_PRINTK_H_

#include <linux/device.h>

#define xevfio_err(xvf, role, fmt, ...) \
	dev_err((xvf)->vdev.dev, "vfio %s: " fmt, role, ##__VA_ARGS__)
#define xevfio_info(xvf, role, fmt, ...) \
	dev_info((xvf)->vdev.dev, "vfio %s: " fmt, role, ##__VA_ARGS__)
#define xevfio_dbg(xvf, role, fmt, ...) \
	dev_dbg((xvf)->vdev.dev, "vfio %s: " fmt, role, ##__VA_ARGS__)

#endif
