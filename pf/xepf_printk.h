/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log helpers of the PF driver, the only way pf/ logs: every line names the
 * device (the PF's, or a VF's where no PF is known); a line about one VF
 * names the VF and the role of the code that logs ("migration",
 * "control", ...).
 */

#ifndef _XEPF_PRINTK_H_
#define _XEPF_PRINTK_H_

#include <linux/device.h>

#define xepf_err(dev, fmt, ...) \
	dev_err(dev, fmt, ##__VA_ARGS__)
#define xepf_warn(dev, fmt, ...) \
	dev_warn(dev, fmt, ##__VA_ARGS__)
#define xepf_info(dev, fmt, ...) \
	dev_info(dev, fmt, ##__VA_ARGS__)
#define xepf_dbg(dev, fmt, ...) \
	dev_dbg(dev, fmt, ##__VA_ARGS__)

#define xepf_vf_err(dev, vfid, role, fmt, ...) \
	dev_err(dev, "VF%u %s: " fmt, vfid, role, ##__VA_ARGS__)
#define xepf_vf_dbg(dev, vfid, role, fmt, ...) \
	dev_dbg(dev, "VF%u %s: " fmt, vfid, role, ##__VA_ARGS__)

#endif
