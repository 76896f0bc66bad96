// SPDX-License-Identifier: GPL-2.0
/*
 * The PF's CT channel with the GuC: registration, the GUC2HOST interrupt
 * and the G2H receive side.
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/wordpart.h>

#include <abi/guc_ct_abi.h>
#include <abi/guc_relay_abi.h>
#include <abi/xe_regs_abi.h>
#include <xesim_driver.h>

#include "xepf_guc_ct.h"
#include "xepf_guc_mmio.h"
#include "xepf_printk.h"

/**
 * DOC: xepf GuC CT channel
 *
 * The GuC tells the PF about VF state changes with G2H events on the PF's CT
 * channel. The PF keeps three pages of system memory, DMA-mapped for the PF
 * and mapped at consecutive GGTT addresses of its own part of the GGTT: the
 * two 64-byte descriptors (H2G at 0, G2H at 64), the H2G buffer and the G2H
 * buffer, 4 KiB each. It registers them with HOST2GUC_SELF_CFG (the six
 * upstream keys) and enables the channel with HOST2GUC_CONTROL_CTB, over
 * MMIO; every PF2GUC request still goes over MMIO, so H2G stays empty.
 *
 * Interrupts are register based, as on the upstream PF: GUC2HOST is
 * enabled in GUC_SG_INTR_ENABLE and unmasked in GUC_SG_INTR_MASK. The
 * handler selects the GuC's IIR, reads and acknowledges the identity, then
 * drains G2H whatever it found (MSIs coalesce): each message from the
 * descriptor's head to its tail is handed to the owner, then the head is
 * written back. A malformed message (format not HXG, running past the
 * tail) is logged and the ring is skipped to the tail.
 */

#define XEPF_CT_DESC_G2H	64
#define XEPF_CT_SIZE		PAGE_SIZE

static int xepf_guc_ct_self_cfg(struct xepf_guc_ct *ct, u16 key, u32 len,
				u64 value)
{
	u32 req[HOST2GUC_SELF_CFG_REQUEST_MSG_LEN] = {
		FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION,
			   GUC_ACTION_HOST2GUC_SELF_CFG),
		FIELD_PREP(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_KEY, key) |
		FIELD_PREP(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_LEN, len),
		lower_32_bits(value),
		upper_32_bits(value),
	};
	int ret = xepf_guc_mmio_send(ct->mmio, req, ARRAY_SIZE(req), NULL, 0);

	return ret < 0 ? ret : 0;
}

static int xepf_guc_ct_control(struct xepf_guc_ct *ct, u32 enable)
{
	u32 req[HOST2GUC_CONTROL_CTB_REQUEST_MSG_LEN] = {
		FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION,
			   GUC_ACTION_HOST2GUC_CONTROL_CTB),
		enable,
	};
	int ret = xepf_guc_mmio_send(ct->mmio, req, ARRAY_SIZE(req), NULL, 0);

	return ret < 0 ? ret : 0;
}

static void xepf_guc_ct_free(struct xepf_guc_ct *ct)
{
	unsigned int i;

	if (ct->iova) {
		for (i = 0; i < XEPF_CT_PAGES; i++)
			xesim_ggtt_write_pte(ct->xdev,
					     ct->ggtt + i * XE_GGTT_PAGE_SIZE, 0);
		xesim_dma_unmap(ct->xdev, ct->iova, XEPF_CT_PAGES);
		ct->iova = 0;
	}
	for (i = 0; i < XEPF_CT_PAGES; i++) {
		if (ct->pages[i])
			__free_page(ct->pages[i]);
		ct->pages[i] = NULL;
	}
}

/**
 * xepf_guc_ct_init() - Set up and register the PF's CT channel.
 * @ct: the channel.
 * @xdev: the PF.
 * @mmio: the MMIO channel to register it with.
 * @ggtt: GGTT address of XEPF_CT_PAGES pages of the PF's own GGTT part.
 * @event: called for each G2H message, from the interrupt handler.
 * @priv: cookie for @event.
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno; nothing is left behind on failure.
 */
int xepf_guc_ct_init(struct xepf_guc_ct *ct, struct xesim_device *xdev,
		     struct xepf_guc_mmio *mmio, u64 ggtt,
		     void (*event)(void *priv, const u32 *msg, u32 len),
		     void *priv)
{
	u64 desc = ggtt, h2g = ggtt + XE_GGTT_PAGE_SIZE;
	u64 g2h = ggtt + 2 * XE_GGTT_PAGE_SIZE;
	unsigned int i;
	int err;

	*ct = (struct xepf_guc_ct) {
		.dev = xesim_to_dev(xdev), .xdev = xdev, .mmio = mmio,
		.ggtt = ggtt, .event = event, .priv = priv,
	};
	for (i = 0; i < XEPF_CT_PAGES; i++) {
		ct->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!ct->pages[i]) {
			err = -ENOMEM;
			goto err_free;
		}
	}
	err = xesim_dma_map(xdev, ct->pages, XEPF_CT_PAGES, &ct->iova);
	if (err)
		goto err_free;
	for (i = 0; i < XEPF_CT_PAGES && !err; i++)
		err = xesim_ggtt_write_pte(xdev, ggtt + i * XE_GGTT_PAGE_SIZE,
					   ((ct->iova + i * PAGE_SIZE) &
					    XE_GGTT_PTE_ADDR) | XE_PAGE_PRESENT);
	err = err ?:
	      xepf_guc_ct_self_cfg(ct, GUC_KLV_SELF_CFG_H2G_CTB_DESCRIPTOR_ADDR_KEY,
				   2, desc) ?:
	      xepf_guc_ct_self_cfg(ct, GUC_KLV_SELF_CFG_H2G_CTB_ADDR_KEY, 2,
				   h2g) ?:
	      xepf_guc_ct_self_cfg(ct, GUC_KLV_SELF_CFG_H2G_CTB_SIZE_KEY, 1,
				   XEPF_CT_SIZE) ?:
	      xepf_guc_ct_self_cfg(ct, GUC_KLV_SELF_CFG_G2H_CTB_DESCRIPTOR_ADDR_KEY,
				   2, desc + XEPF_CT_DESC_G2H) ?:
	      xepf_guc_ct_self_cfg(ct, GUC_KLV_SELF_CFG_G2H_CTB_ADDR_KEY, 2,
				   g2h) ?:
	      xepf_guc_ct_self_cfg(ct, GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY, 1,
				   XEPF_CT_SIZE) ?:
	      xepf_guc_ct_control(ct, GUC_CTB_CONTROL_ENABLE);
	if (err)
		goto err_free;
	err = xesim_write32(xdev, GUC_SG_INTR_ENABLE,
			    FIELD_PREP(ENGINE1_MASK, GUC_INTR_GUC2HOST)) ?:
	      xesim_write32(xdev, GUC_SG_INTR_MASK,
			    ~FIELD_PREP(ENGINE1_MASK, GUC_INTR_GUC2HOST));
	if (err)
		goto err_free;
	ct->enabled = true;
	return 0;
err_free:
	xepf_err(ct->dev, "CT setup failed: %pe\n", ERR_PTR(err));
	xepf_guc_ct_free(ct);
	return err;
}

/**
 * xepf_guc_ct_fini() - Disable the channel and free it.
 * @ct: the channel; its interrupt handler no longer runs.
 *
 * Context: process context; sleeps.
 */
void xepf_guc_ct_fini(struct xepf_guc_ct *ct)
{
	if (ct->enabled) {
		xesim_write32(ct->xdev, GUC_SG_INTR_ENABLE, 0);
		xepf_guc_ct_control(ct, GUC_CTB_CONTROL_DISABLE);
		ct->enabled = false;
	}
	xepf_guc_ct_free(ct);
}

static void xepf_guc_ct_drain(struct xepf_guc_ct *ct)
{
	u32 *desc = page_address(ct->pages[0]) + XEPF_CT_DESC_G2H;
	const u32 *ring = page_address(ct->pages[2]);
	u32 size = XEPF_CT_SIZE / sizeof(u32);
	u32 msg[GUC_CTB_MAX_DWORDS];
	u32 tail, hdr, n, i, avail;

	tail = READ_ONCE(desc[GUC_CTB_DESC_TAIL / 4]);
	if (tail >= size) {
		xepf_err(ct->dev, "CT G2H tail %u out of range\n", tail);
		return;
	}
	while (ct->g2h_head != tail) {
		avail = (tail + size - ct->g2h_head) % size;
		hdr = READ_ONCE(ring[ct->g2h_head]);
		n = FIELD_GET(GUC_CTB_MSG_0_NUM_DWORDS, hdr);
		if (FIELD_GET(GUC_CTB_MSG_0_FORMAT, hdr) != GUC_CTB_FORMAT_HXG ||
		    !n || n + 1 > avail) {
			xepf_err(ct->dev, "CT G2H bad message header %#x, %u dwords left\n",
				 hdr, avail);
			ct->g2h_head = tail;
			break;
		}
		for (i = 0; i < n; i++)
			msg[i] = READ_ONCE(ring[(ct->g2h_head + 1 + i) % size]);
		ct->g2h_head = (ct->g2h_head + 1 + n) % size;
		WRITE_ONCE(desc[GUC_CTB_DESC_HEAD / 4], ct->g2h_head);
		ct->event(ct->priv, msg, n);
	}
	WRITE_ONCE(desc[GUC_CTB_DESC_HEAD / 4], ct->g2h_head);
}

/**
 * xepf_guc_ct_irq() - Handle the PF's interrupt: acknowledge the GuC's
 * vector, then take every waiting G2H message.
 * @ct: the channel.
 *
 * Context: the PF's interrupt handler (process context).
 */
void xepf_guc_ct_irq(struct xepf_guc_ct *ct)
{
	u32 ident;

	if (!ct->enabled)
		return;
	if (!xesim_write32(ct->xdev, IIR_REG_SELECTOR(0), INTR_GUC) &&
	    !xesim_read32(ct->xdev, INTR_IDENTITY_REG(0), &ident) &&
	    (ident & INTR_DATA_VALID))
		xesim_write32(ct->xdev, INTR_IDENTITY_REG(0), ident);
	xepf_guc_ct_drain(ct);
}
