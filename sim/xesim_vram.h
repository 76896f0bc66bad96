/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_VRAM_H_
#define _XESIM_VRAM_H_

#include <linux/types.h>

struct page;
struct xesim_gpu;

int xesim_vram_init(struct xesim_gpu *gpu);
void xesim_vram_fini(struct xesim_gpu *gpu);
int xesim_vram_rw(struct xesim_gpu *gpu, u64 offset, void *buf, size_t len,
		  bool write);
int xesim_vram_page(struct xesim_gpu *gpu, u64 offset, struct page **page);
void xesim_vram_wipe(struct xesim_gpu *gpu, u64 offset, u64 len);
unsigned long xesim_vram_backed(struct xesim_gpu *gpu);

#endif
