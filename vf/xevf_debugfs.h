/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_DEBUGFS_H_
#define _XEVF_DEBUGFS_H_

struct xevf_device;

void xevf_debugfs_register(struct xevf_device *xe);

#endif
