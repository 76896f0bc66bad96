/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the PF driver offers the VFIO variant driver of its VFs.
 */

#ifndef _XEPF_VFIO_H_
#define _XEPF_VFIO_H_

#include <linux/compiler_types.h>
#include <linux/types.h>
#include <linux/wait.h>

struct xesim_device;

/**
 * DOC: xepf VFIO interface
 *
 * The VFIO variant driver binds to xesim VFs (``xesim<N>.vf<M>``) and drives
 * their migration through these calls, exported in the ``XEPF`` namespace
 * (``MODULE_IMPORT_NS(XEPF)``). Each takes the VF device the caller is bound
 * to; the PF driver finds its PF and VFID from it. A VF exists only while
 * its PF driver keeps VFs enabled, and disabling them unbinds the VFIO
 * driver first, so the calls are safe between the VFIO driver's probe and
 * remove. They sleep; the caller serializes them per VF (its
 * ``state_mutex``), except xepf_vfio_data_read() and xepf_vfio_data_write(),
 * which the caller serializes with its migration file's lock.
 *
 * The calls map onto the VFIO migration arcs:
 *
 * - RUNNING -> RUNNING_P2P: xepf_vfio_suspend_device() (pause in the GuC).
 * - RUNNING_P2P -> RUNNING: xepf_vfio_resume_device(). After a restore this
 *   is what puts the VF in RESFIX_BLOCKED and raises MIGRATED in the guest.
 * - STOP -> STOP_COPY: xepf_vfio_stop_copy_enter() opens the save stream;
 *   xepf_vfio_data_read() then produces it (-EAGAIN rather than a wait
 *   when non-blocking), xepf_vfio_data_ready() tells whether a read would
 *   wait, the wait queue given at the enter is woken when that changes,
 *   and xepf_vfio_stop_copy_size() estimates it (MIG_DATA_SIZE).
 * - STOP_COPY -> STOP: xepf_vfio_stop_copy_exit() closes it, complete or not.
 * - STOP -> RESUMING: xepf_vfio_resume_data_enter() opens the restore
 *   stream; xepf_vfio_data_write() consumes it. A VF that a restore loaded
 *   before (its guest never sent RESFIX_DONE) or left failed is reset and
 *   paused again first: RESUMING replaces whatever the device held.
 * - RESUMING -> STOP: xepf_vfio_resume_data_exit() checks that the whole
 *   stream arrived and loads the GuC state; a failure leaves the VF
 *   RESTORE_FAILED until a reset.
 * - -> ERROR: xepf_vfio_error() abandons any open stream.
 * - reset: xepf_vfio_reset_device() runs a VF FLR through the GuC and
 *   waits for it; xepf_vfio_wait_flr_done() waits for one started
 *   elsewhere (debugfs ``control``).
 *
 * While the PF disables its VFs, the VFIO driver's remove may wait for the
 * VMM to close the device; the PF then holds none of its locks, the VF's
 * open stream is ended, and the calls that would start something (suspend,
 * resume, reset, opening a stream, MIG_DATA_SIZE) fail with -ENODEV at
 * once, so a VMM's call never blocks the removal.
 *
 * An FLR of the VF that did not come from xepf_vfio_reset_device() (the
 * guest's, or debugfs ``reset``) ends the open stream before the device
 * resets the VF: the data calls and the exit then fail with -ECANCELED.
 *
 * Every call returns 0 (or a byte count) or a negative errno, and logs the
 * reason of a failure against the VF.
 */

bool xepf_vfio_migration_supported(struct xesim_device *vf);
int xepf_vfio_suspend_device(struct xesim_device *vf);
int xepf_vfio_resume_device(struct xesim_device *vf);
int xepf_vfio_stop_copy_enter(struct xesim_device *vf,
			      wait_queue_head_t *notify);
int xepf_vfio_stop_copy_exit(struct xesim_device *vf);
int xepf_vfio_stop_copy_size(struct xesim_device *vf, u64 *size);
int xepf_vfio_resume_data_enter(struct xesim_device *vf);
int xepf_vfio_resume_data_exit(struct xesim_device *vf);
ssize_t xepf_vfio_data_read(struct xesim_device *vf, char __user *buf,
			    size_t len, bool nonblock);
bool xepf_vfio_data_ready(struct xesim_device *vf);
ssize_t xepf_vfio_data_write(struct xesim_device *vf, const char __user *buf,
			     size_t len);
void xepf_vfio_error(struct xesim_device *vf);
int xepf_vfio_reset_device(struct xesim_device *vf);
int xepf_vfio_wait_flr_done(struct xesim_device *vf);

#endif
