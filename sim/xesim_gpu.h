/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GPU_H_
#define _XESIM_GPU_H_

#include <linux/device.h>
#include <linux/types.h>

struct seq_file;
struct xesim_device;
struct xesim_fn;
struct xesim_gpu;
struct xesim_gpu_params;
struct xesim_vf_config;

extern const struct device_type xesim_pf_type;
extern const struct device_type xesim_vf_type;

void xesim_gpu_default_params(struct xesim_gpu_params *params);
int xesim_gpu_parse_params(const char *buf, struct xesim_gpu_params *params);
int xesim_gpu_create(const struct xesim_gpu_params *params,
		     struct xesim_gpu **out);
void xesim_gpu_destroy(struct xesim_gpu *gpu);
void xesim_gpu_get(struct xesim_gpu *gpu);
void xesim_gpu_put(struct xesim_gpu *gpu);
struct xesim_fn *xesim_gpu_get_fn(struct xesim_gpu *gpu, unsigned int vfid);
void xesim_gpu_put_fn(struct xesim_fn *fn);
int xesim_gpu_enable_vfs(struct xesim_gpu *gpu, unsigned int num_vfs);
int xesim_gpu_disable_vfs(struct xesim_gpu *gpu);
int xesim_gpu_provision_vf(struct xesim_gpu *gpu, unsigned int vfid,
			   const struct xesim_vf_config *cfg);
int xesim_gpu_query_vf(struct xesim_gpu *gpu, unsigned int vfid,
		       struct xesim_vf_config *cfg);
int xesim_gpu_wipe_vf(struct xesim_gpu *gpu, unsigned int vfid);
void xesim_gpu_show(struct xesim_gpu *gpu, struct seq_file *m);
void xesim_gpu_show_vram(struct xesim_gpu *gpu, struct seq_file *m);
void xesim_gpu_fn_show(struct xesim_fn *fn, struct seq_file *m);
void xesim_gpu_fn_unbind(struct xesim_fn *fn);
struct xesim_fn *xesim_gpu_to_fn(struct xesim_device *xdev);

#endif
