/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_VRAM_H_
#define _XESIM_VRAM_H_

#include <linux/types.h>

struct page;
struct xesim_gpu;
struct xesim_vram_spare;

int xesim_vram_init(struct xesim_gpu *gpu);
void xesim_vram_fini(struct xesim_gpu *gpu);
int xesim_vram_rw(struct xesim_gpu *gpu, u64 offset, void *buf, size_t len,
		  bool write, struct xesim_vram_spare *spare);
int xesim_vram_lookup(struct xesim_gpu *gpu, u64 offset, struct page **pages,
		      unsigned int n, bool back);
int xesim_vram_page(struct xesim_gpu *gpu, u64 offset, struct page **page,
		    struct xesim_vram_spare *spare);
int xesim_vram_spare_fill(struct xesim_vram_spare *spare);
void xesim_vram_spare_release(struct xesim_vram_spare *spare);
void xesim_vram_wipe(struct xesim_gpu *gpu, u64 offset, u64 len);
unsigned long xesim_vram_backed(struct xesim_gpu *gpu);

#endif
