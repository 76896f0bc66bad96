/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log helpers of the VF driver: every line names the DRM device and the role
 * of the code that logs ("relay", "ct", "ggtt", "submit", ...).
 */

#ifndef _XEVF_PRINTK_H_
#define _XEVF_PRINTK_H_

#include <drm/drm_print.h>

#define xevf_err(xe, role, fmt, ...) \
	drm_err(&(xe)->drm, "%s: " fmt, role, ##__VA_ARGS__)
#define xevf_err_ratelimited(xe, role, fmt, ...) \
	drm_err_ratelimited(&(xe)->drm, "%s: " fmt, role, ##__VA_ARGS__)
#define xevf_warn(xe, role, fmt, ...) \
	drm_warn(&(xe)->drm, "%s: " fmt, role, ##__VA_ARGS__)
#define xevf_info(xe, role, fmt, ...) \
	drm_info(&(xe)->drm, "%s: " fmt, role, ##__VA_ARGS__)
#define xevf_dbg(xe, role, fmt, ...) \
	drm_dbg_driver(&(xe)->drm, "%s: " fmt, role, ##__VA_ARGS__)

/*
 * XEVF_IOCTL_DBG() - An ioctl argument check, as upstream's XE_IOCTL_DBG():
 * true when @cond holds, and then the failed check is logged at debug level
 * (drm.debug), so that a refused ioctl always says why.
 */
#define XEVF_IOCTL_DBG(xe, cond) ({ \
	bool __xevf_cond = !!(cond); \
	if (unlikely(__xevf_cond)) \
		drm_dbg_driver(&(xe)->drm, "ioctl: check failed in %s at %s:%d: %s\n", \
			       __func__, __FILE__, __LINE__, #cond); \
	__xevf_cond; \
})

#endif
