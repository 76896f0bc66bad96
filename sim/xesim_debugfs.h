/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_DEBUGFS_H_
#define _XESIM_DEBUGFS_H_

struct dentry;
struct xesim_fn;
struct xesim_gpu;
struct xesim_slot;

void xesim_debugfs_init(void);
void xesim_debugfs_fini(void);
struct dentry *xesim_debugfs_gpu(struct xesim_gpu *gpu);
struct dentry *xesim_debugfs_fn(struct xesim_fn *fn);
struct dentry *xesim_debugfs_slot(struct xesim_slot *slot);

#endif
