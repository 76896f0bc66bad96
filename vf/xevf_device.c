// SPDX-License-Identifier: GPL-2.0
/*
 * Bring-up and teardown of the VF: the GuC handshake over the MMIO relay,
 * the GGTT manager, memory-based interrupts and the CT channel.
 */

#include <kunit/visibility.h>
#include <linux/workqueue.h>

#include <xesim_driver.h>

#include "xevf_bo.h"
#include "xevf_device.h"
#include "xevf_device_types.h"
#include "xevf_ggtt.h"
#include "xevf_gt_pagefault.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_gt_vf_relay.h"
#include "xevf_guc_ct.h"
#include "xevf_guc_submit.h"
#include "xevf_memirq.h"
#include "xevf_printk.h"

/**
 * DOC: xevf bring-up
 *
 * The driver binds to a guest slot (``XESIM_DEVICE_SLOT``), never to a VF,
 * and brings the VF up as upstream Xe does in VF mode:
 *
 * 1. ``VF2GUC_VF_RESET`` over the MMIO relay, so that the GuC forgets what
 *    an earlier driver left (contexts, CT registration); a reset that gets
 *    no reply in time is sent again, at most ten times.
 * 2. ``VF2GUC_MATCH_VERSION`` asking for interface 1.27 (the first with
 *    migration); as upstream, a GuC offering an older major is refused
 *    with -ENOPKG (no fallback), one offering a newer version than asked
 *    for (a protocol violation) with -EPROTO.
 * 3. ``VF2GUC_QUERY_SINGLE_KLV`` for GGTT start and size, LMEM size,
 *    contexts and doorbells. A VF without GGTT or contexts fails the probe
 *    with -ENODATA. The device id, revision and engine count come from the
 *    bus, as a guest reads them from PCI config space and fuses.
 * 4. The GGTT manager over the reported range (`xevf GGTT rule`).
 * 5. The ordered recovery workqueue, then memory-based interrupts
 *    (`xevf memory-based interrupts`), then the CT channel (`xevf CT
 *    channel`), which needs the interrupts for its G2H messages.
 * 6. The DRM device ``xe`` with its render node, then debugfs.
 *
 * Teardown runs backwards: the DRM device is unplugged, the CT channel
 * disabled under its lock (from then on every sender, a file closing
 * concurrently included, gets -ENODEV without touching the channel's
 * buffer), the submission stopped, the interrupt handler freed (no handler
 * runs after that), then the memory goes. Every step tolerates a slot whose
 * VF went away (-ENODEV from the bus).
 *
 * The MIGRATED interrupt (SW_INT_0) starts the post-migration recovery
 * (`xevf post-migration recovery`) on the ordered recovery workqueue.
 */

#define XEVF_DEVICE_ROLE	"bring-up"

/**
 * xevf_device_hw_enter() - Enter a section that may reach the device from a
 * cleanup path (which may run after the driver was unbound).
 * @xe: the device.
 *
 * Context: process context; may sleep.
 * Return: true when the device may be reached (call xevf_device_hw_exit() after),
 * false once the driver was unbound.
 */
bool xevf_device_hw_enter(struct xevf_device *xe)
{
	down_read(&xe->hw_lock);
	if (!xe->hw_gone)
		return true;
	up_read(&xe->hw_lock);
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_device_hw_enter);

/**
 * xevf_device_hw_exit() - Leave a section entered with xevf_device_hw_enter().
 * @xe: the device.
 */
void xevf_device_hw_exit(struct xevf_device *xe)
{
	up_read(&xe->hw_lock);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_device_hw_exit);

/**
 * xevf_device_hw_gone() - Mark the device out of reach, at the end of the unbind.
 * @xe: the device.
 */
void xevf_device_hw_gone(struct xevf_device *xe)
{
	down_write(&xe->hw_lock);
	xe->hw_gone = true;
	up_write(&xe->hw_lock);
}

/**
 * xevf_device_init() - Bring the VF up (steps 1 to 5 of `xevf bring-up`).
 * @xe: the device, with @xe->xdev and @xe->drm set.
 *
 * Context: process context.
 * Return: 0 or a negative errno, logged.
 */
int xevf_device_init(struct xevf_device *xe)
{
	int err;

	xevf_gt_vf_relay_init(&xe->relay);
	init_rwsem(&xe->hw_lock);
	xevf_gt_vf_migration_init(xe);
	init_waitqueue_head(&xe->ufence_wq);
	err = xesim_get_info(xe->xdev, &xe->info);
	if (err)
		goto err_report;
	err = xevf_gt_vf_relay_vf_reset(xe);
	if (err)
		goto err_report;
	err = xevf_gt_vf_relay_match_version(xe, &xe->guc_version);
	if (err)
		goto err_report;
	err = xevf_gt_vf_relay_query_config(xe, &xe->config);
	if (err)
		goto err_report;
	err = xevf_ggtt_init(xe, xe->config.ggtt_start, xe->config.ggtt_size);
	if (err)
		goto err_report;
	err = xevf_bo_vram_init(xe);
	if (err)
		goto err_report;
	xe->recovery_wq = alloc_ordered_workqueue("xevf-recovery", 0);
	if (!xe->recovery_wq) {
		err = -ENOMEM;
		goto err_report;
	}
	err = xevf_guc_submit_init(xe);
	if (err)
		goto err_destroy_wq;
	err = xevf_gt_pagefault_init(xe);
	if (err)
		goto err_destroy_wq;
	err = xevf_memirq_init(xe);
	if (err)
		goto err_pagefault_fini;
	err = xevf_guc_ct_init(xe);
	if (err)
		goto err_memirq_fini;
	xevf_info(xe, XEVF_DEVICE_ROLE,
		  "device %04x rev %u, GuC %u.%u.%u, GGTT %#llx+%#llx, LMEM %#llx, %u ctxs\n",
		  xe->info.device_id, xe->info.revision, xe->guc_version.major,
		  xe->guc_version.minor, xe->guc_version.patch,
		  xe->config.ggtt_start, xe->config.ggtt_size,
		  xe->config.lmem_size, xe->config.num_ctxs);
	return 0;
err_memirq_fini:
	xevf_memirq_fini(xe);
err_pagefault_fini:
	xevf_gt_pagefault_fini(xe);
err_destroy_wq:
	destroy_workqueue(xe->recovery_wq);
	xe->recovery_wq = NULL;
err_report:
	xevf_err(xe, XEVF_DEVICE_ROLE, "failed: %pe\n", ERR_PTR(err));
	return err;
}

/**
 * xevf_device_fini() - Undo xevf_device_init().
 * @xe: the device.
 *
 * Context: process context.
 */
void xevf_device_fini(struct xevf_device *xe)
{
	/* a recovery in progress gives the channel and the schedulers back */
	xevf_gt_vf_migration_fini(xe);
	/* then: no sender may reach the CT buffer once it is freed below */
	xevf_guc_ct_stop(xe);
	xevf_guc_submit_wedge(xe, -ENODEV);
	/* replies of faults still queued fail on the stopped channel */
	xevf_gt_pagefault_fini(xe);
	xevf_memirq_fini(xe);
	xevf_guc_ct_fini(xe);
	destroy_workqueue(xe->recovery_wq);
	xe->recovery_wq = NULL;
}

