/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_DMA_H_
#define _XESIM_DMA_H_

#include <linux/types.h>

struct page;
struct xesim_dma_domain;
struct xesim_fn;

struct xesim_dma_domain *xesim_dma_domain_create(void);
void xesim_dma_domain_destroy(struct xesim_dma_domain *dom);
int xesim_dma_domain_map(struct xesim_dma_domain *dom, struct page **pages,
			 unsigned int count, dma_addr_t *iova);
int xesim_dma_domain_unmap(struct xesim_dma_domain *dom, dma_addr_t iova,
			   unsigned int count);
void xesim_dma_domain_clear(struct xesim_dma_domain *dom);
unsigned long xesim_dma_domain_mapped(struct xesim_dma_domain *dom);
int xesim_dma_fn_check(struct xesim_fn *fn, u64 iova, u64 len);
int xesim_dma_rw(struct xesim_fn *fn, u64 iova, void *buf, size_t len,
		 bool write);

#endif
