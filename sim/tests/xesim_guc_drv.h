/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal "driver" for the GuC model tests and the benchmark: it reaches
 * the device only through the bus API (registers, GGTT PTEs, LMEM BAR, DMA
 * mappings), as the PF and VF drivers do.
 */

#ifndef _XESIM_GUC_DRV_H_
#define _XESIM_GUC_DRV_H_

#include <linux/types.h>

struct page;
struct xesim_fn;

/* PF memory: this many pages at GGTT 0, the PF's DMA pages */
#define XG_PF_PAGES		64

/**
 * struct xg_fn - One function as a test driver sees it.
 */
struct xg_fn {
	/** @fn: the function. */
	struct xesim_fn *fn;
	/** @vf: a VF (memory in LMEM), else the PF (memory in DMA pages). */
	bool vf;
	/** @base: GGTT address of the function's memory. */
	u64 base;
	/** @size: bytes of memory from @base. */
	u64 size;
	/** @next: bump allocator offset from @base. */
	u64 next;
	/** @pages: PF only: the pages behind the memory. */
	struct page **pages;
	/** @ct_on: the CT channel is up. */
	bool ct_on;
	/** @h2g_desc: H2G descriptor GGTT address. */
	u64 h2g_desc;
	/** @h2g_buf: H2G buffer. */
	u64 h2g_buf;
	/** @g2h_desc: G2H descriptor. */
	u64 g2h_desc;
	/** @g2h_buf: G2H buffer. */
	u64 g2h_buf;
	/** @h2g_size: H2G buffer bytes. */
	u32 h2g_size;
	/** @g2h_size: G2H buffer bytes. */
	u32 g2h_size;
	/** @h2g_tail: our H2G tail (dwords). */
	u32 h2g_tail;
	/** @g2h_head: our G2H head (dwords). */
	u32 g2h_head;
	/** @fence: next fence. */
	u16 fence;
};

/**
 * struct xg_ctx - A context as a test driver sees it.
 */
struct xg_ctx {
	/** @id: GuC context ID. */
	u32 id;
	/** @class: engine class. */
	u32 class;
	/** @image: GGTT address of the context image. */
	u64 image;
	/** @ring: GGTT address of the ring. */
	u64 ring;
	/** @ring_size: ring bytes. */
	u32 ring_size;
	/** @hwsp: GGTT address of the status page. */
	u64 hwsp;
	/** @tail: ring tail in bytes. */
	u32 tail;
};

int xg_pf_init(struct xg_fn *pf, struct xesim_fn *fn);
void xg_pf_fini(struct xg_fn *pf);
int xg_vf_init(struct xg_fn *vf, struct xesim_fn *fn, u64 base, u64 size);
int xg_map_vf_ggtt(struct xg_fn *vf);
u64 xg_alloc(struct xg_fn *xf, u64 bytes);
int xg_rw(struct xg_fn *xf, u64 ggtt, void *buf, size_t len, bool write);
int xg_write32(struct xg_fn *xf, u64 ggtt, u32 val);
u32 xg_read32(struct xg_fn *xf, u64 ggtt);

int xg_mmio(struct xg_fn *xf, const u32 *req, u32 n, u32 *reply, u32 max);
int xg_pf_provision(struct xg_fn *pf, u32 vfid, u64 ggtt_start, u64 ggtt_size,
		    u64 lmem_size, u32 ctxs);
int xg_pf_control(struct xg_fn *pf, u32 vfid, u32 cmd, u32 *reply);
int xg_pf_save(struct xg_fn *pf, u32 vfid, u64 addr, u32 size, u32 *reply);
int xg_pf_restore(struct xg_fn *pf, u32 vfid, u64 addr, u32 size, u32 *reply);
int xg_relay(struct xg_fn *vf, u32 action, u32 data0, u32 arg, u32 *reply);

int xg_ct_init(struct xg_fn *xf, u32 h2g_size, u32 g2h_size);
int xg_h2g(struct xg_fn *xf, u32 type, const u32 *hxg, u32 n, bool ring);
int xg_g2h(struct xg_fn *xf, u32 *msg, u32 max, unsigned int timeout_ms);
int xg_g2h_wait(struct xg_fn *xf, u32 action, u32 *msg, u32 max,
		unsigned int timeout_ms);

int xg_ctx_create(struct xg_fn *xf, struct xg_ctx *ctx, u32 id, u32 class,
		  u32 ring_size);
int xg_ctx_write_image(struct xg_fn *xf, struct xg_ctx *ctx);
int xg_ctx_emit(struct xg_fn *xf, struct xg_ctx *ctx, const u32 *dw, u32 n);
int xg_ctx_submit(struct xg_fn *xf, struct xg_ctx *ctx);
int xg_wait32(struct xg_fn *xf, u64 ggtt, u32 val, unsigned int timeout_ms);

#endif
