/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_LMTT_H_
#define _XESIM_LMTT_H_

#include <linux/types.h>

struct page;
struct seq_file;
struct xesim_gpu;
struct xesim_vram_spare;

int xesim_lmtt_init(struct xesim_gpu *gpu);
void xesim_lmtt_fini(struct xesim_gpu *gpu);
int xesim_lmtt_provision(struct xesim_gpu *gpu, unsigned int vfid, u64 size);
u64 xesim_lmtt_size(struct xesim_gpu *gpu, unsigned int vfid);
int xesim_lmtt_translate(struct xesim_gpu *gpu, unsigned int vfid, u64 offset,
			 u64 *phys);
int xesim_lmtt_rw(struct xesim_gpu *gpu, unsigned int vfid, u64 offset,
		  void *buf, size_t len, bool write, struct xesim_vram_spare *spare);
int xesim_lmtt_lookup(struct xesim_gpu *gpu, unsigned int vfid, u64 offset,
		      struct page **pages, unsigned int n, bool back);
int xesim_lmtt_page(struct xesim_gpu *gpu, unsigned int vfid, u64 offset,
		    struct page **page, struct xesim_vram_spare *spare);
void xesim_lmtt_wipe(struct xesim_gpu *gpu, unsigned int vfid);
void xesim_lmtt_show(struct xesim_gpu *gpu, unsigned int vfid,
		     struct seq_file *m);

#endif
