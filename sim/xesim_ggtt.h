/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GGTT_H_
#define _XESIM_GGTT_H_

#include <linux/types.h>

struct seq_file;
struct xesim_fn;
struct xesim_gpu;

int xesim_ggtt_init(struct xesim_gpu *gpu);
void xesim_ggtt_fini(struct xesim_gpu *gpu);
int xesim_ggtt_set_range(struct xesim_gpu *gpu, unsigned int vfid, u64 start,
			 u64 size);
void xesim_ggtt_get_range(struct xesim_gpu *gpu, unsigned int vfid,
			  u64 *start, u64 *size);
int xesim_ggtt_pte_read(struct xesim_fn *fn, u64 addr, u64 *pte);
int xesim_ggtt_pte_write(struct xesim_fn *fn, u64 addr, u64 pte);
int xesim_ggtt_ptes_read(struct xesim_fn *fn, u64 addr, u64 *ptes,
			 unsigned int n);
int xesim_ggtt_ptes_write(struct xesim_fn *fn, u64 addr, const u64 *ptes,
			  unsigned int n);
int xesim_ggtt_rw(struct xesim_fn *fn, u64 addr, void *buf, size_t len,
		  bool write);
void xesim_ggtt_clear_range(struct xesim_gpu *gpu, unsigned int vfid);
u64 xesim_ggtt_count_valid(struct xesim_gpu *gpu, u64 start, u64 size);
void xesim_ggtt_show(struct xesim_gpu *gpu, struct seq_file *m);

#endif
