/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_DEVICE_H_
#define _XEVF_DEVICE_H_

struct xevf_device;

int xevf_device_init(struct xevf_device *xe);
void xevf_device_fini(struct xevf_device *xe);
bool xevf_device_hw_enter(struct xevf_device *xe);
void xevf_device_hw_exit(struct xevf_device *xe);
void xevf_device_hw_gone(struct xevf_device *xe);

#endif
