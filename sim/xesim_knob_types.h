/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_KNOB_TYPES_H_
#define _XESIM_KNOB_TYPES_H_

#include <linux/atomic.h>

/**
 * enum xesim_knob - The failure knobs of a GPU, one ``fail_<name>`` debugfs
 * file each.
 * @XESIM_KNOB_VF_CREATE: creating a VF device fails with -ENOMEM.
 * @XESIM_KNOB_PROVISION: provisioning a VF fails with -ENOSPC.
 * @XESIM_KNOB_DMA_MAP: xesim_dma_map() fails with -ENOMEM.
 * @XESIM_KNOB_VRAM_ALLOC: backing a VRAM page fails: the write or page
 *                         lookup that needed it fails with -ENOMEM.
 * @XESIM_KNOB_IRQ_DROP: an interrupt raised on a function is reported
 *                       (status bytes, registers) but its MSI is lost.
 * @XESIM_KNOB_SLOT_ATTACH: attaching a guest slot to a VF of this GPU fails
 *                          with -EIO.
 * @XESIM_KNOB_GUC_BUSY: the GuC answers the next MMIO request busy first
 *                       and the final reply about 10 ms later.
 * @XESIM_KNOB_GUC_RETRY: the GuC drops the next MMIO request unprocessed
 *                        and replies retry.
 * @XESIM_KNOB_GUC_DROP: the GuC ignores the next MMIO request: no reply at
 *                       all, nothing processed (the driver times out).
 * @XESIM_KNOB_GUC_SAVE: PF2GUC_SAVE_RESTORE_VF save fails with
 *                       CANNOT_COMPLETE_ACTION, nothing written.
 * @XESIM_KNOB_GUC_RESTORE: PF2GUC_SAVE_RESTORE_VF restore fails with
 *                          CANNOT_COMPLETE_ACTION, nothing changed.
 * @XESIM_KNOB_GUC_MIGRATED: a spurious MIGRATED interrupt is raised on the
 *                           VF that rings the doorbell next.
 * @XESIM_KNOB_GUC_QUERY: the GuC refuses the next VF2GUC_QUERY_SINGLE_KLV
 *                       with CANNOT_COMPLETE_ACTION (a GuC that cannot
 *                       report the provisioning, as after a failed restore
 *                       of its configuration).
 * @XESIM_KNOB_GUC_INSTALL: installing the GuC state of an accepted restore
 *                         blob fails as if a context could not be
 *                         allocated: the restore fails with
 *                         CANNOT_COMPLETE_ACTION, the VF stays
 *                         READY_PAUSED with its GuC state forgotten.
 * @XESIM_KNOB_COUNT: number of knobs; add new knobs above it and name them
 *                    in xesim_knob.c.
 */
enum xesim_knob {
	XESIM_KNOB_VF_CREATE,
	XESIM_KNOB_PROVISION,
	XESIM_KNOB_DMA_MAP,
	XESIM_KNOB_VRAM_ALLOC,
	XESIM_KNOB_IRQ_DROP,
	XESIM_KNOB_SLOT_ATTACH,
	XESIM_KNOB_GUC_BUSY,
	XESIM_KNOB_GUC_RETRY,
	XESIM_KNOB_GUC_DROP,
	XESIM_KNOB_GUC_SAVE,
	XESIM_KNOB_GUC_RESTORE,
	XESIM_KNOB_GUC_MIGRATED,
	XESIM_KNOB_GUC_QUERY,
	XESIM_KNOB_GUC_INSTALL,
	XESIM_KNOB_COUNT
};

/**
 * struct xesim_knobs - Failure injection state of one GPU.
 *
 * A knob holds how many of the next checks fail: 0 none, N > 0 the next N,
 * a negative value every one until it is reset.
 */
struct xesim_knobs {
	/** @armed: per knob, the failures still to inject. */
	atomic_t armed[XESIM_KNOB_COUNT];
	/** @fired: per knob, the failures injected so far. */
	atomic_t fired[XESIM_KNOB_COUNT];
};

#endif
