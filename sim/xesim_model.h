/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_MODEL_H_
#define _XESIM_MODEL_H_

struct seq_file;
struct xesim_fn;
struct xesim_gpu;
struct xesim_model_ops;

int xesim_model_set_ops(const struct xesim_model_ops *ops);
int xesim_model_gpu_init(struct xesim_gpu *gpu);
void xesim_model_gpu_fini(struct xesim_gpu *gpu);
int xesim_model_fn_init(struct xesim_fn *fn);
void xesim_model_fn_fini(struct xesim_fn *fn);
void xesim_model_fn_show(struct xesim_fn *fn, struct seq_file *m);

#endif
