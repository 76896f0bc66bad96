/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log helpers of the PF driver: every line names the device, the VF and the
 * role of the code that logs ("migration", "control", ...).
 */

#ifndef _XEPF_PRINTK_H_
#define _XEPF_PRINTK_H_

#include <linux/device.h>

#define xepf_vf_err(dev, vfid, role, fmt, ...) \
	dev_err(dev, "VF%u %s: " fmt, vfid, role, ##__VA_ARGS__)
#define xepf_vf_dbg(dev, vfid, role, fmt, ...) \
	dev_dbg(dev, "VF%u %s: " fmt, vfid, role, ##__VA_ARGS__)

#endif
