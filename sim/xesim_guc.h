/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_H_
#define _XESIM_GUC_H_

#include <linux/types.h>

struct seq_file;
struct xesim_gpu;

int xesim_guc_model_register(void);
void xesim_guc_show(struct xesim_gpu *gpu, struct seq_file *m);
const char *xesim_guc_vf_state_of(struct xesim_gpu *gpu, unsigned int vfid);

#endif
