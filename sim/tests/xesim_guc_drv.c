// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal test "driver" of the GuC model: MMIO requests, CT channel and
 * contexts, through the bus API only.
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_ct_abi.h"
#include "abi/guc_klvs_abi.h"
#include "abi/xe_ctx_abi.h"
#include "abi/xe_regs_abi.h"
#include "xesim_driver.h"
#include "xesim_gpu_types.h"
#include "xesim_guc_drv.h"

#define XG_MMIO_TIMEOUT_MS	50
#define XG_BUSY_TIMEOUT_MS	2000

/**
 * xg_pf_init() - Set up the PF's memory: XG_PF_PAGES DMA pages at GGTT 0.
 * @pf: the PF to set up.
 * @fn: the PF function.
 *
 * Return: 0 or a negative errno.
 */
int xg_pf_init(struct xg_fn *pf, struct xesim_fn *fn)
{
	dma_addr_t iova;
	unsigned int i;
	int err;

	memset(pf, 0, sizeof(*pf));
	pf->fn = fn;
	pf->size = XG_PF_PAGES * PAGE_SIZE;
	/* page 0 stays unused (0 is "no buffer"), page 1 holds KLVs */
	pf->next = 2 * PAGE_SIZE;
	pf->pages = kcalloc(XG_PF_PAGES, sizeof(*pf->pages), GFP_KERNEL);
	if (!pf->pages)
		return -ENOMEM;
	for (i = 0; i < XG_PF_PAGES; i++) {
		pf->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!pf->pages[i]) {
			xg_pf_fini(pf);
			return -ENOMEM;
		}
	}
	err = xesim_dma_map(&fn->xdev, pf->pages, XG_PF_PAGES, &iova);
	for (i = 0; !err && i < XG_PF_PAGES; i++)
		err = xesim_ggtt_write_pte(&fn->xdev, i * PAGE_SIZE,
					   (iova + i * PAGE_SIZE) | XE_PAGE_PRESENT);
	if (err)
		xg_pf_fini(pf);
	return err;
}

/**
 * xg_pf_fini() - Free the PF's pages (the GPU unmaps them when it goes).
 * @pf: the PF.
 */
void xg_pf_fini(struct xg_fn *pf)
{
	unsigned int i;

	if (!pf->pages)
		return;
	for (i = 0; i < XG_PF_PAGES; i++)
		if (pf->pages[i])
			__free_page(pf->pages[i]);
	kfree(pf->pages);
	pf->pages = NULL;
}

/**
 * xg_vf_init() - Describe a VF whose GGTT range maps its LMEM one to one.
 * @vf: the VF to set up.
 * @fn: the VF function.
 * @base: its GGTT start.
 * @size: its GGTT size (and at most its LMEM size).
 *
 * Return: 0.
 */
int xg_vf_init(struct xg_fn *vf, struct xesim_fn *fn, u64 base, u64 size)
{
	memset(vf, 0, sizeof(*vf));
	vf->fn = fn;
	vf->vf = true;
	vf->base = base;
	vf->size = size;
	return 0;
}

/**
 * xg_map_vf_ggtt() - Map the VF's GGTT range to its LMEM (offset = address
 * minus base), through the VF's own GGTT window.
 * @vf: the VF, provisioned.
 *
 * Return: 0 or a negative errno.
 */
int xg_map_vf_ggtt(struct xg_fn *vf)
{
	u64 off;
	int err;

	for (off = 0; off < vf->size; off += XE_GGTT_PAGE_SIZE) {
		err = xesim_ggtt_write_pte(&vf->fn->xdev, vf->base + off,
					   off | XE_GGTT_PTE_DM | XE_PAGE_PRESENT);
		if (err)
			return err;
	}
	return 0;
}

/**
 * xg_alloc() - Allocate page-aligned GGTT memory of a function.
 * @xf: the function.
 * @bytes: the size.
 *
 * Return: the GGTT address, or 0 when the memory is used up.
 */
u64 xg_alloc(struct xg_fn *xf, u64 bytes)
{
	u64 addr;

	bytes = PAGE_ALIGN(bytes);
	if (bytes > xf->size - xf->next)
		return 0;
	addr = xf->base + xf->next;
	xf->next += bytes;
	return addr;
}

/**
 * xg_rw() - CPU access to a function's GGTT memory, as its driver has it.
 * @xf: the function.
 * @ggtt: the GGTT address.
 * @buf: the data.
 * @len: bytes.
 * @write: write, else read.
 *
 * Return: 0 or a negative errno.
 */
int xg_rw(struct xg_fn *xf, u64 ggtt, void *buf, size_t len, bool write)
{
	u64 off = ggtt - xf->base;

	if (ggtt < xf->base || off > xf->size || len > xf->size - off)
		return -EFAULT;
	if (xf->vf)
		return write ? xesim_vram_write(&xf->fn->xdev, off, buf, len) :
			       xesim_vram_read(&xf->fn->xdev, off, buf, len);
	while (len) {
		size_t in = offset_in_page(off), chunk = min_t(size_t, len, PAGE_SIZE - in);
		struct page *page = xf->pages[off >> PAGE_SHIFT];

		if (write)
			memcpy_to_page(page, in, buf, chunk);
		else
			memcpy_from_page(buf, page, in, chunk);
		buf += chunk;
		off += chunk;
		len -= chunk;
	}
	return 0;
}

/**
 * xg_write32() - Write a little-endian dword of a function's memory.
 * @xf: the function.
 * @ggtt: the GGTT address.
 * @val: the value.
 *
 * Return: 0 or a negative errno.
 */
int xg_write32(struct xg_fn *xf, u64 ggtt, u32 val)
{
	__le32 v = cpu_to_le32(val);

	return xg_rw(xf, ggtt, &v, 4, true);
}

/**
 * xg_read32() - Read a little-endian dword of a function's memory.
 * @xf: the function.
 * @ggtt: the GGTT address.
 *
 * Return: the value, 0xdeadbeef on error.
 */
u32 xg_read32(struct xg_fn *xf, u64 ggtt)
{
	__le32 v;

	if (xg_rw(xf, ggtt, &v, 4, false))
		return 0xdeadbeef;
	return le32_to_cpu(v);
}

static u32 xg_scratch(struct xg_fn *xf, u32 i)
{
	return xf->vf ? VF_SW_FLAG(i) : SOFT_SCRATCH(i);
}

/**
 * xg_mmio() - Send an MMIO request and wait for the reply.
 * @xf: the function.
 * @req: the HXG request.
 * @n: its dwords.
 * @reply: the reply dwords read back.
 * @max: room in @reply.
 *
 * Return: 0 on success, -EPROTO for a failure reply (in @reply[0]),
 * -EAGAIN for retry, -ETIMEDOUT, or a bus error.
 */
int xg_mmio(struct xg_fn *xf, const u32 *req, u32 n, u32 *reply, u32 max)
{
	struct xesim_device *xdev = &xf->fn->xdev;
	unsigned long end = jiffies + msecs_to_jiffies(XG_MMIO_TIMEOUT_MS);
	u32 val = 0, i;
	int err = 0;

	for (i = n; i-- > 0;)
		err = err ?: xesim_write32(xdev, xg_scratch(xf, i), req[i]);
	err = err ?: xesim_write32(xdev, GUC_HOST_INTERRUPT, GUC_SEND_TRIGGER);
	if (err)
		return err;
	for (;;) {
		err = xesim_read32(xdev, xg_scratch(xf, 0), &val);
		if (err)
			return err;
		if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, val) == GUC_HXG_ORIGIN_GUC) {
			u32 type = FIELD_GET(GUC_HXG_MSG_0_TYPE, val);

			if (type != GUC_HXG_TYPE_NO_RESPONSE_BUSY)
				break;
			end = max(end, jiffies + msecs_to_jiffies(XG_BUSY_TIMEOUT_MS));
		}
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(50, 100);
	}
	for (i = 0; i < max && i < (xf->vf ? VF_SW_FLAG_COUNT : SOFT_SCRATCH_COUNT); i++)
		err = err ?: xesim_read32(xdev, xg_scratch(xf, i), &reply[i]);
	if (err)
		return err;
	switch (FIELD_GET(GUC_HXG_MSG_0_TYPE, val)) {
	case GUC_HXG_TYPE_RESPONSE_SUCCESS:
		return 0;
	case GUC_HXG_TYPE_NO_RESPONSE_RETRY:
		return -EAGAIN;
	default:
		return -EPROTO;
	}
}

static u32 xg_req(u32 action, u32 data0)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_HOST) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_REQUEST) |
	       FIELD_PREP(GUC_HXG_REQUEST_MSG_0_DATA0, data0) |
	       FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION, action);
}

/**
 * xg_pf_provision() - PF2GUC_UPDATE_VF_CFG with KLVs in PF memory.
 * @pf: the PF.
 * @vfid: the VF.
 * @ggtt_start: GGTT start.
 * @ggtt_size: GGTT size.
 * @lmem_size: LMEM size.
 * @ctxs: context count.
 *
 * Return: as xg_mmio().
 */
int xg_pf_provision(struct xg_fn *pf, u32 vfid, u64 ggtt_start, u64 ggtt_size,
		    u64 lmem_size, u32 ctxs)
{
	u32 klv[] = {
		GUC_KLV_VF_CFG_GGTT_START_KEY << 16 | 2, lower_32_bits(ggtt_start),
		upper_32_bits(ggtt_start),
		GUC_KLV_VF_CFG_GGTT_SIZE_KEY << 16 | 2, lower_32_bits(ggtt_size),
		upper_32_bits(ggtt_size),
		GUC_KLV_VF_CFG_LMEM_SIZE_KEY << 16 | 2, lower_32_bits(lmem_size),
		upper_32_bits(lmem_size),
		GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY << 16 | 1, ctxs,
		GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY << 16 | 1, 4,
	};
	u64 addr = XE_GGTT_PAGE_SIZE;	/* PF page 1 holds KLVs */
	u32 req[5], reply[4];
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(klv); i++)
		err = err ?: xg_write32(pf, addr + 4 * i, klv[i]);
	if (err)
		return err;
	req[0] = xg_req(GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0);
	req[1] = vfid;
	req[2] = lower_32_bits(addr);
	req[3] = upper_32_bits(addr);
	req[4] = ARRAY_SIZE(klv);
	return xg_mmio(pf, req, 5, reply, 4);
}

/**
 * xg_pf_control() - PF2GUC_VF_CONTROL.
 * @pf: the PF.
 * @vfid: the VF.
 * @cmd: GUC_PF_TRIGGER_VF_*.
 * @reply: out: reply dword 0.
 *
 * Return: as xg_mmio().
 */
int xg_pf_control(struct xg_fn *pf, u32 vfid, u32 cmd, u32 *reply)
{
	u32 req[3] = { xg_req(GUC_ACTION_PF2GUC_VF_CONTROL, 0), vfid, cmd };
	u32 r[4] = {};
	int err = xg_mmio(pf, req, 3, r, 4);

	if (reply)
		*reply = r[0];
	return err;
}

static int xg_pf_save_restore(struct xg_fn *pf, u32 op, u32 vfid, u64 addr, u32 size,
			      u32 *reply)
{
	u32 req[5] = {
		xg_req(GUC_ACTION_PF2GUC_SAVE_RESTORE_VF, op), vfid,
		lower_32_bits(addr), upper_32_bits(addr), size,
	};
	u32 r[4] = {};
	int err = xg_mmio(pf, req, 5, r, 4);

	if (reply)
		*reply = r[0];
	return err;
}

/**
 * xg_pf_save() - PF2GUC_SAVE_RESTORE_VF save.
 * @pf: the PF.
 * @vfid: the VF.
 * @addr: buffer in PF memory, or 0.
 * @size: buffer dwords, or 0.
 * @reply: out: reply dword 0.
 *
 * Return: as xg_mmio().
 */
int xg_pf_save(struct xg_fn *pf, u32 vfid, u64 addr, u32 size, u32 *reply)
{
	return xg_pf_save_restore(pf, GUC_PF_OPCODE_VF_SAVE, vfid, addr, size, reply);
}

/**
 * xg_pf_restore() - PF2GUC_SAVE_RESTORE_VF restore.
 * @pf: the PF.
 * @vfid: the VF.
 * @addr: buffer in PF memory.
 * @size: blob dwords.
 * @reply: out: reply dword 0.
 *
 * Return: as xg_mmio().
 */
int xg_pf_restore(struct xg_fn *pf, u32 vfid, u64 addr, u32 size, u32 *reply)
{
	return xg_pf_save_restore(pf, GUC_PF_OPCODE_VF_RESTORE, vfid, addr, size, reply);
}

/**
 * xg_relay() - A VF relay request of one or two dwords.
 * @vf: the VF.
 * @action: the action.
 * @data0: DATA0.
 * @arg: dword 1 (sent as a second dword when the action takes one).
 * @reply: out: the 4 reply dwords.
 *
 * Return: as xg_mmio().
 */
int xg_relay(struct xg_fn *vf, u32 action, u32 data0, u32 arg, u32 *reply)
{
	u32 req[2] = { xg_req(action, data0), arg };

	return xg_mmio(vf, req, 2, reply, VF_SW_FLAG_COUNT);
}

static int xg_self_cfg(struct xg_fn *xf, u32 key, u32 len, u64 val)
{
	u32 req[4] = {
		xg_req(GUC_ACTION_HOST2GUC_SELF_CFG, 0), key << 16 | len,
		lower_32_bits(val), upper_32_bits(val),
	};
	u32 reply[4];

	return xg_mmio(xf, req, 4, reply, 4);
}

/**
 * xg_ct_init() - Allocate, register and enable a CT channel.
 * @xf: the function.
 * @h2g_size: H2G buffer bytes.
 * @g2h_size: G2H buffer bytes.
 *
 * Return: 0 or a negative errno.
 */
int xg_ct_init(struct xg_fn *xf, u32 h2g_size, u32 g2h_size)
{
	u8 zero[GUC_CTB_DESC_SIZE * 2] = {};
	u32 ctl[2] = { xg_req(GUC_ACTION_HOST2GUC_CONTROL_CTB, 0), GUC_CTB_CONTROL_ENABLE };
	u32 reply[4];
	u64 desc;
	int err;

	desc = xg_alloc(xf, PAGE_SIZE);
	xf->h2g_buf = xg_alloc(xf, h2g_size);
	xf->g2h_buf = xg_alloc(xf, g2h_size);
	if (!desc || !xf->h2g_buf || !xf->g2h_buf)
		return -ENOSPC;
	xf->h2g_desc = desc;
	xf->g2h_desc = desc + GUC_CTB_DESC_SIZE;
	xf->h2g_size = h2g_size;
	xf->g2h_size = g2h_size;
	xf->h2g_tail = 0;
	xf->g2h_head = 0;
	err = xg_rw(xf, desc, zero, sizeof(zero), true);
	err = err ?: xg_self_cfg(xf, GUC_KLV_SELF_CFG_H2G_CTB_ADDR_KEY, 2, xf->h2g_buf);
	err = err ?: xg_self_cfg(xf, GUC_KLV_SELF_CFG_H2G_CTB_DESCRIPTOR_ADDR_KEY, 2,
				 xf->h2g_desc);
	err = err ?: xg_self_cfg(xf, GUC_KLV_SELF_CFG_H2G_CTB_SIZE_KEY, 1, h2g_size);
	err = err ?: xg_self_cfg(xf, GUC_KLV_SELF_CFG_G2H_CTB_ADDR_KEY, 2, xf->g2h_buf);
	err = err ?: xg_self_cfg(xf, GUC_KLV_SELF_CFG_G2H_CTB_DESCRIPTOR_ADDR_KEY, 2,
				 xf->g2h_desc);
	err = err ?: xg_self_cfg(xf, GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY, 1, g2h_size);
	err = err ?: xg_mmio(xf, ctl, 2, reply, 4);
	xf->ct_on = !err;
	return err;
}

/**
 * xg_h2g() - Write an H2G message and optionally ring the doorbell.
 * @xf: the function.
 * @type: GUC_HXG_TYPE_REQUEST or GUC_HXG_TYPE_FAST_REQUEST, or ~0 to send
 *        @hxg as is.
 * @hxg: the HXG message; dword 0's action and data0 are kept.
 * @n: its dwords.
 * @ring: ring the doorbell.
 *
 * Return: the fence used, -ENOSPC when the ring is full, or an error.
 */
int xg_h2g(struct xg_fn *xf, u32 type, const u32 *hxg, u32 n, bool ring)
{
	u32 size = xf->h2g_size / 4, head = xg_read32(xf, xf->h2g_desc + GUC_CTB_DESC_HEAD);
	u32 space = (head + size - xf->h2g_tail - 1) % size, i, dw;
	int err = 0;
	u16 fence;

	/* a full ring sends nothing, so it must not use up a fence either */
	if (space < n + 1)
		return -ENOSPC;
	fence = ++xf->fence;
	for (i = 0; i <= n && !err; i++) {
		if (!i)
			dw = FIELD_PREP(GUC_CTB_MSG_0_FENCE, fence) |
			     FIELD_PREP(GUC_CTB_MSG_0_FORMAT, GUC_CTB_FORMAT_HXG) |
			     FIELD_PREP(GUC_CTB_MSG_0_NUM_DWORDS, n);
		else if (i == 1 && type != ~0u)
			dw = (hxg[0] & ~(GUC_HXG_MSG_0_ORIGIN | GUC_HXG_MSG_0_TYPE)) |
			     FIELD_PREP(GUC_HXG_MSG_0_TYPE, type);
		else
			dw = hxg[i - 1];
		err = xg_write32(xf, xf->h2g_buf + 4 * ((xf->h2g_tail + i) % size), dw);
	}
	xf->h2g_tail = (xf->h2g_tail + n + 1) % size;
	err = err ?: xg_write32(xf, xf->h2g_desc + GUC_CTB_DESC_TAIL, xf->h2g_tail);
	if (!err && ring)
		err = xesim_write32(&xf->fn->xdev, GUC_HOST_INTERRUPT, GUC_SEND_TRIGGER);
	return err ?: fence;
}

/**
 * xg_g2h() - Receive one G2H message.
 * @xf: the function.
 * @msg: out: the CTB header, then the HXG message.
 * @max: room in @msg.
 * @timeout_ms: how long to wait for one.
 *
 * Return: dwords stored (header included), -ETIMEDOUT, -EMSGSIZE.
 */
int xg_g2h(struct xg_fn *xf, u32 *msg, u32 max, unsigned int timeout_ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(timeout_ms);
	u32 size = xf->g2h_size / 4, tail, n, i;

	for (;;) {
		tail = xg_read32(xf, xf->g2h_desc + GUC_CTB_DESC_TAIL);
		if (tail != xf->g2h_head)
			break;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(50, 100);
	}
	msg[0] = xg_read32(xf, xf->g2h_buf + 4 * xf->g2h_head);
	n = 1 + FIELD_GET(GUC_CTB_MSG_0_NUM_DWORDS, msg[0]);
	if (n > max)
		return -EMSGSIZE;
	for (i = 1; i < n; i++)
		msg[i] = xg_read32(xf, xf->g2h_buf + 4 * ((xf->g2h_head + i) % size));
	xf->g2h_head = (xf->g2h_head + n) % size;
	xg_write32(xf, xf->g2h_desc + GUC_CTB_DESC_HEAD, xf->g2h_head);
	return n;
}

/**
 * xg_g2h_wait() - Receive G2H messages until an event with @action, or any
 * response when @action is 0; others are skipped.
 * @xf: the function.
 * @action: the event action, or 0.
 * @msg: out: as xg_g2h().
 * @max: room in @msg.
 * @timeout_ms: how long to wait.
 *
 * Return: as xg_g2h().
 */
int xg_g2h_wait(struct xg_fn *xf, u32 action, u32 *msg, u32 max,
		unsigned int timeout_ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(timeout_ms);
	int n;

	for (;;) {
		u32 type;

		n = xg_g2h(xf, msg, max, timeout_ms);
		if (n < 2)
			return n < 0 ? n : -EBADMSG;
		type = FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[1]);
		if (!action && type != GUC_HXG_TYPE_EVENT)
			return n;
		if (action && type == GUC_HXG_TYPE_EVENT &&
		    FIELD_GET(GUC_HXG_EVENT_MSG_0_ACTION, msg[1]) == action)
			return n;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
	}
}

/**
 * xg_ctx_write_image() - Write a fresh context image (head and tail at the
 * context's tail, no fault).
 * @xf: the function.
 * @ctx: the context.
 *
 * Return: 0 or a negative errno.
 */
int xg_ctx_write_image(struct xg_fn *xf, struct xg_ctx *ctx)
{
	struct xesim_cs_ctx_image img = {
		.magic = cpu_to_le32(XESIM_CTX_MAGIC),
		.version = cpu_to_le32(XESIM_CTX_VERSION),
		.ring_start = cpu_to_le32(ctx->ring),
		.ring_size = cpu_to_le32(ctx->ring_size),
		.ring_tail = cpu_to_le32(ctx->tail),
		.hwsp = cpu_to_le32(ctx->hwsp),
		.ring_head = cpu_to_le32(ctx->tail),
	};

	return xg_rw(xf, ctx->image, &img, sizeof(img), true);
}

/**
 * xg_ctx_create() - Allocate, register and enable a context.
 * @xf: the function, with a CT channel.
 * @ctx: out: the context.
 * @id: its GuC ID.
 * @class: its engine class.
 * @ring_size: ring bytes.
 *
 * Return: 0 or a negative errno.
 */
int xg_ctx_create(struct xg_fn *xf, struct xg_ctx *ctx, u32 id, u32 class,
		  u32 ring_size)
{
	u32 reg[REGISTER_CONTEXT_MSG_LEN] = {}, mode[3], msg[8];
	int err;

	memset(ctx, 0, sizeof(*ctx));
	ctx->id = id;
	ctx->class = class;
	ctx->ring_size = ring_size;
	ctx->image = xg_alloc(xf, PAGE_SIZE);
	ctx->hwsp = xg_alloc(xf, PAGE_SIZE);
	ctx->ring = xg_alloc(xf, ring_size);
	if (!ctx->image || !ctx->hwsp || !ctx->ring)
		return -ENOSPC;
	err = xg_ctx_write_image(xf, ctx);
	if (err)
		return err;
	reg[0] = xg_req(XE_GUC_ACTION_REGISTER_CONTEXT, 0);
	reg[REGISTER_CONTEXT_MSG_2_CTX_ID] = id;
	reg[REGISTER_CONTEXT_MSG_3_ENGINE_CLASS] = class;
	reg[REGISTER_CONTEXT_MSG_4_SUBMIT_MASK] = 1;
	reg[REGISTER_CONTEXT_MSG_10_LRCA_LO] = lower_32_bits(ctx->image);
	reg[REGISTER_CONTEXT_MSG_11_LRCA_HI] = upper_32_bits(ctx->image);
	err = xg_h2g(xf, GUC_HXG_TYPE_REQUEST, reg, REGISTER_CONTEXT_MSG_LEN, true);
	if (err < 0)
		return err;
	err = xg_g2h_wait(xf, 0, msg, ARRAY_SIZE(msg), 1000);
	if (err < 0)
		return err;
	if (FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[1]) != GUC_HXG_TYPE_RESPONSE_SUCCESS)
		return -EPROTO;
	mode[0] = xg_req(XE_GUC_ACTION_SCHED_CONTEXT_MODE_SET, 0);
	mode[1] = id;
	mode[2] = GUC_CONTEXT_ENABLE;
	err = xg_h2g(xf, GUC_HXG_TYPE_FAST_REQUEST, mode, 3, true);
	if (err < 0)
		return err;
	err = xg_g2h_wait(xf, XE_GUC_ACTION_SCHED_CONTEXT_MODE_DONE, msg, ARRAY_SIZE(msg), 1000);
	return err < 0 ? err : 0;
}

/**
 * xg_ctx_emit() - Write commands into the ring at the tail.
 * @xf: the function.
 * @ctx: the context.
 * @dw: the dwords.
 * @n: how many.
 *
 * Return: 0 or a negative errno.
 */
int xg_ctx_emit(struct xg_fn *xf, struct xg_ctx *ctx, const u32 *dw, u32 n)
{
	u32 i;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		err = xg_write32(xf, ctx->ring + ctx->tail, dw[i]);
		ctx->tail = (ctx->tail + 4) % ctx->ring_size;
	}
	return err;
}

/**
 * xg_ctx_submit() - Publish the tail in the image and send SCHED_CONTEXT.
 * @xf: the function.
 * @ctx: the context.
 *
 * Return: 0 or a negative errno.
 */
int xg_ctx_submit(struct xg_fn *xf, struct xg_ctx *ctx)
{
	u32 msg[2] = { xg_req(XE_GUC_ACTION_SCHED_CONTEXT, 0), ctx->id };
	int err;

	err = xg_write32(xf, ctx->image + XESIM_CTX_OFF_RING_TAIL, ctx->tail);
	if (err)
		return err;
	err = xg_h2g(xf, GUC_HXG_TYPE_FAST_REQUEST, msg, 2, true);
	return err < 0 ? err : 0;
}

/**
 * xg_wait32() - Wait until a dword of memory holds a value.
 * @xf: the function.
 * @ggtt: the address.
 * @val: the value.
 * @timeout_ms: how long.
 *
 * Return: 0 or -ETIMEDOUT.
 */
int xg_wait32(struct xg_fn *xf, u64 ggtt, u32 val, unsigned int timeout_ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(timeout_ms);

	while (xg_read32(xf, ggtt) != val) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(50, 100);
	}
	return 0;
}
