/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VFIO device of one xesim VF.
 */

#ifndef _XEVFIO_VF_DEVICE_TYPES_H_
#define _XEVFIO_VF_DEVICE_TYPES_H_

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/vfio.h>

struct xesim_device;
struct xevfio_migf;
struct xevfio_pf_ops;

/**
 * struct xevfio_vf - The VFIO device of one xesim VF.
 * @vdev: the VFIO core's device; first member (vfio_alloc_device()).
 * @xdev: the VF bus device the driver is bound to.
 * @pf: the PF calls (&xevfio_pf_xepf_ops, or a test's fake).
 * @state_mutex: serializes the migration state, the file pointers below
 *               and every PF call but the stream reads and writes. Always
 *               released with xevfio_mig_state_unlock().
 * @mig_state: the VFIO migration state; under @state_mutex.
 * @reset_lock: protects @deferred_reset and @reset_seq.
 * @deferred_reset: a reset finished while @state_mutex was held: whoever
 *                  releases @state_mutex returns the migration state to
 *                  RUNNING and disables the data files first.
 * @arc_seq: arcs taken so far (each a PF call); written under
 *           @state_mutex, read by a starting reset without it.
 * @reset_seq: @arc_seq when the oldest pending deferred reset started: an
 *             arc taken since may have paused the VF or opened a stream
 *             after the FLR, which the deferred reset then ends with
 *             another one.
 * @saving_migf: the data file of STOP_COPY, or NULL; under @state_mutex.
 * @resuming_migf: the data file of RESUMING, or NULL; under @state_mutex.
 * @data_wait: where a poll of a data file waits: woken by the PF as the
 *             save stream gets bytes, fails or ends, and when a file is
 *             disabled. Lives as long as the device's memory, which every
 *             data file holds.
 */
struct xevfio_vf {
	struct vfio_device vdev;
	struct xesim_device *xdev;
	const struct xevfio_pf_ops *pf;
	struct mutex state_mutex; /* the migration state */
	enum vfio_device_mig_state mig_state;
	spinlock_t reset_lock; /* deferred_reset, reset_seq */
	bool deferred_reset;
	unsigned long arc_seq;
	unsigned long reset_seq;
	struct xevfio_migf *saving_migf;
	struct xevfio_migf *resuming_migf;
	wait_queue_head_t data_wait;
};

#endif
