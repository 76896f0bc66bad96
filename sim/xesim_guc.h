/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_H_
#define _XESIM_GUC_H_

#include <linux/types.h>

#include "xesim_guc_types.h"

struct seq_file;
struct xesim_fn;
struct xesim_gpu;

int xesim_guc_model_register(void);
void xesim_guc_show(struct xesim_gpu *gpu, struct seq_file *m);
const char *xesim_guc_vf_state_of(struct xesim_gpu *gpu, unsigned int vfid);
void xesim_guc_fn_show(struct xesim_fn *fn, struct seq_file *m);
int xesim_guc_hold_h2g(struct xesim_gpu *gpu, unsigned int vfid, bool hold);
u64 xesim_guc_h2g_while_blocked(struct xesim_gpu *gpu, unsigned int vfid);
u64 xesim_guc_pagefault_dropped(struct xesim_gpu *gpu, unsigned int vfid);
void xesim_guc_test_hook(struct xesim_gpu *gpu, unsigned int vfid,
			 enum xesim_guc_hook_point point, struct xesim_guc_hook *hook);

#endif
