/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_DRV_H_
#define _XEVF_DRV_H_

struct xevf_device;

struct xevf_device *xevf_drv_find(const char *slot_name);

#endif
