/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GGTT_H_
#define _XEVF_GGTT_H_

#include <drm/drm_mm.h>
#include <linux/types.h>

#include "xevf_ggtt_types.h"

struct drm_printer;
struct xevf_device;
struct xevf_ggtt;
struct xevf_kbo;

u64 xevf_ggtt_pte_dma(dma_addr_t addr);
u64 xevf_ggtt_pte_lmem(u64 offset);
int xevf_ggtt_init(struct xevf_device *xe, u64 start, u64 size);
u64 xevf_ggtt_base(struct xevf_device *xe);
int xevf_ggtt_shift(struct xevf_device *xe, u64 base);
unsigned int xevf_ggtt_rebase(struct xevf_device *xe);
void xevf_ggtt_print(struct xevf_device *xe, struct drm_printer *p);

int xevf_ggtt_kbo_create(struct xevf_device *xe, size_t size, const char *name,
			 struct xevf_kbo **out);
void xevf_ggtt_kbo_destroy(struct xevf_device *xe, struct xevf_kbo *kbo);
void xevf_ggtt_kbo_set_rebase(struct xevf_device *xe, struct xevf_kbo *kbo,
			      xevf_kbo_rebase_fn fn, void *owner);

u64 xevf_ggtt_kbo_ggtt(const struct xevf_kbo *kbo, u64 offset);

#endif
