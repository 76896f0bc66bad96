// SPDX-License-Identifier: GPL-2.0
/*
 * Memory-based interrupts of the VF, as upstream Xe VFs have them.
 */

#include <kunit/visibility.h>
#include <linux/log2.h>

#include <abi/guc_ct_abi.h>
#include <abi/xe_regs_abi.h>
#include <xesim_driver.h>

#include "xevf_device.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_device_types.h"
#include "xevf_ggtt.h"
#include "xevf_gt_vf_relay.h"
#include "xevf_guc_ct.h"
#include "xevf_memirq.h"
#include "xevf_printk.h"

/**
 * DOC: xevf memory-based interrupts
 *
 * The VF gets its GuC interrupts as the device offers them to VFs: a 4 KiB
 * page in GGTT memory (a kernel buffer) whose layout is upstream's memirq
 * page. At bring-up the driver tells the GuC, with HOST2GUC_SELF_CFG over
 * the MMIO relay, the GGTT address of the GuC's 16-byte status vector
 * (page + XE_MEMIRQ_STATUS_OFFSET + ilog2(INTR_GUC) * 16) and of the GuC's
 * source byte (page + XE_MEMIRQ_SOURCE_OFFSET + ilog2(INTR_GUC)). Both
 * addresses are computed from the buffer's GGTT node at that moment.
 *
 * The device sets a status byte to 0xff per raised vector bit, then the
 * source byte, then sends the slot's MSI. The handler (process context, on
 * the bus's interrupt workqueue) clears the source byte first and then
 * takes each status byte with xchg(), so a raise racing with the scan sends
 * a new MSI and is never lost. GUC2HOST (bit 15) drains the G2H ring.
 * SW_INT_0 (bit 0), the MIGRATED interrupt, is read without being cleared,
 * the post-migration recovery is marked pending (`xevf post-migration
 * recovery`), and only then is the byte cleared, as upstream does: code
 * that must not run against a migrated GuC (a GGTT PTE write, a CT send)
 * asks xevf_gt_vf_migration_pending(), which looks at both, so there is no
 * instant after the device raised MIGRATED at which it would answer no.
 */

#define XEVF_MEMIRQ_ROLE	"memirq"

/**
 * xevf_memirq_source_offset() - Where the GuC's source byte is.
 *
 * Return: its byte offset in the interrupt page.
 */
u32 xevf_memirq_source_offset(void)
{
	return XE_MEMIRQ_SOURCE_OFFSET + ilog2(INTR_GUC);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_memirq_source_offset);

/**
 * xevf_memirq_status_offset() - Where the status byte of a GuC vector bit is.
 * @bit: the bit of the GuC interrupt vector, 0..15.
 *
 * Return: its byte offset in the interrupt page.
 */
u32 xevf_memirq_status_offset(unsigned int bit)
{
	return XE_MEMIRQ_STATUS_OFFSET + ilog2(INTR_GUC) * XE_MEMIRQ_VECTOR_SIZE +
	       bit;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_memirq_status_offset);

static bool xevf_memirq_take(struct xevf_device *xe, u32 offset)
{
	u8 *byte = xe->memirq.kbo->vaddr + offset;

	return xchg(byte, 0) != 0;
}

/**
 * xevf_memirq_migrated_pending() - Whether the device raised MIGRATED and
 * the handler has not taken it yet: its status byte is set.
 * @xe: the device.
 *
 * Context: any.
 * Return: true while the byte is set.
 */
bool xevf_memirq_migrated_pending(struct xevf_device *xe)
{
	struct xevf_kbo *kbo = READ_ONCE(xe->memirq.kbo);
	u8 *byte;

	if (!kbo)
		return false;
	byte = kbo->vaddr + xevf_memirq_status_offset(ilog2(GUC_INTR_SW_INT_0));
	return READ_ONCE(*byte);
}

static void xevf_memirq_handler(struct xesim_device *xdev, void *data)
{
	struct xevf_device *xe = data;
	u32 migrated = xevf_memirq_status_offset(ilog2(GUC_INTR_SW_INT_0));

	xe->memirq.msis++;
	/* the source byte first: a raise after this sends another MSI */
	xevf_memirq_take(xe, xevf_memirq_source_offset());
	/*
	 * MIGRATED: the recovery is marked pending before the status byte is
	 * cleared, so that one of them says so at every instant.
	 */
	if (READ_ONCE(*(u8 *)(xe->memirq.kbo->vaddr + migrated))) {
		xe->memirq.migrated++;
		xevf_gt_vf_migration_irq(xe);
		xevf_memirq_take(xe, migrated);
	}
	if (xevf_memirq_take(xe, xevf_memirq_status_offset(ilog2(GUC_INTR_GUC2HOST)))) {
		xe->memirq.guc2host++;
		xevf_guc_ct_g2h_irq(xe);
	}
}

/**
 * xevf_memirq_register() - Give the GuC the GGTT addresses of the GuC's
 * status vector and source byte, computed from the page's node now.
 * @xe: the device.
 *
 * Context: process context.
 * Return: 0 or a negative errno of the relay.
 */
int xevf_memirq_register(struct xevf_device *xe)
{
	struct xevf_kbo *kbo = xe->memirq.kbo;
	int err;

	err = xevf_gt_vf_relay_self_cfg(xe, GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY, 2,
					xevf_ggtt_kbo_ggtt(kbo, xevf_memirq_status_offset(0)));
	return err ?: xevf_gt_vf_relay_self_cfg(xe, GUC_KLV_SELF_CFG_MEMIRQ_SOURCE_ADDR_KEY,
					  2, xevf_ggtt_kbo_ggtt(kbo, xevf_memirq_source_offset()));
}

/**
 * xevf_memirq_init() - Allocate the interrupt page, request the MSI and
 * give the GuC the page's addresses.
 * @xe: the device.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xevf_memirq_init(struct xevf_device *xe)
{
	struct xevf_memirq *mi = &xe->memirq;
	struct xevf_kbo *kbo;
	int err;

	err = xevf_ggtt_kbo_create(xe, XE_GGTT_PAGE_SIZE, "memirq", &mi->kbo);
	if (err)
		return err;
	err = xesim_request_irq(xe->xdev, xevf_memirq_handler, xe);
	if (err)
		goto err_destroy_kbo;
	err = xevf_memirq_register(xe);
	if (err)
		goto err_free_irq;
	mi->enabled = true;
	return 0;
err_free_irq:
	xesim_free_irq(xe->xdev);
err_destroy_kbo:
	xevf_err(xe, XEVF_MEMIRQ_ROLE, "init failed: %pe\n", ERR_PTR(err));
	kbo = mi->kbo;
	WRITE_ONCE(mi->kbo, NULL);
	xevf_ggtt_kbo_destroy(xe, kbo);
	return err;
}

/**
 * xevf_memirq_fini() - Reset the GuC's interrupt addresses, free the MSI and
 * the page.
 * @xe: the device.
 *
 * Context: process context.
 */
void xevf_memirq_fini(struct xevf_device *xe)
{
	struct xevf_memirq *mi = &xe->memirq;
	struct xevf_kbo *kbo;

	if (mi->enabled) {
		xevf_gt_vf_relay_self_cfg(xe, GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY, 0, 0);
		xevf_gt_vf_relay_self_cfg(xe, GUC_KLV_SELF_CFG_MEMIRQ_SOURCE_ADDR_KEY, 0, 0);
		xesim_free_irq(xe->xdev);
		mi->enabled = false;
	}
	kbo = mi->kbo;
	WRITE_ONCE(mi->kbo, NULL);
	xevf_ggtt_kbo_destroy(xe, kbo);
}
