/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of the VFIO variant driver: the VFIO device of one xesim VF and the
 * PF calls it makes.
 */

#ifndef _XEVFIO_MAIN_TYPES_H_
#define _XEVFIO_MAIN_TYPES_H_

#include <linux/compiler_types.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/vfio.h>

struct xesim_device;
struct xevfio_migf;
struct xevfio_vf;

/**
 * struct xevfio_pf_ops - What the VFIO driver asks of the PF driver.
 *
 * One entry per call of pf/include/xepf_vfio.h, taking the VFIO device
 * instead of the bus device so that a test can stand in for the PF. The
 * production table (&xevfio_pf_xepf_ops) forwards each call to xepf.
 */
struct xevfio_pf_ops {
	/** @suspend: pause the VF (RUNNING -> RUNNING_P2P). */
	int (*suspend)(struct xevfio_vf *xvf);
	/** @resume: resume the VF (RUNNING_P2P -> RUNNING). */
	int (*resume)(struct xevfio_vf *xvf);
	/**
	 * @stop_copy_enter: open the save stream (STOP -> STOP_COPY); the PF
	 *                   wakes &xevfio_vf.data_wait as it makes the stream.
	 */
	int (*stop_copy_enter)(struct xevfio_vf *xvf);
	/** @stop_copy_exit: close the save stream (STOP_COPY -> STOP). */
	int (*stop_copy_exit)(struct xevfio_vf *xvf);
	/** @stop_copy_size: estimate the save stream in bytes. */
	int (*stop_copy_size)(struct xevfio_vf *xvf, u64 *size);
	/** @resume_data_enter: open the restore stream (STOP -> RESUMING). */
	int (*resume_data_enter)(struct xevfio_vf *xvf);
	/** @resume_data_exit: load the restored state (RESUMING -> STOP). */
	int (*resume_data_exit)(struct xevfio_vf *xvf);
	/**
	 * @data_read: read the save stream: bytes read, 0 at its end, or an errno;
	 *             with nonblock, -EAGAIN rather than a wait.
	 */
	ssize_t (*data_read)(struct xevfio_vf *xvf, char __user *buf,
			     size_t len, bool nonblock);
	/**
	 * @data_ready: whether a read of the save stream would return without
	 *              waiting; the PF wakes &xevfio_vf.data_wait when that changes.
	 */
	bool (*data_ready)(struct xevfio_vf *xvf);
	/** @data_write: write the restore stream: bytes taken or an errno. */
	ssize_t (*data_write)(struct xevfio_vf *xvf, const char __user *buf,
			      size_t len);
	/** @error: abandon any open stream (-> ERROR). */
	void (*error)(struct xevfio_vf *xvf);
	/** @reset: FLR the VF and wait for the PF's handling of it. */
	int (*reset)(struct xevfio_vf *xvf);
	/** @wait_flr_done: wait for an FLR started elsewhere. */
	int (*wait_flr_done)(struct xevfio_vf *xvf);
};

/**
 * struct xevfio_vf - The VFIO device of one xesim VF.
 */
struct xevfio_vf {
	/** @vdev: the VFIO core's device; first member (vfio_alloc_device()). */
	struct vfio_device vdev;
	/** @xdev: the VF bus device the driver is bound to. */
	struct xesim_device *xdev;
	/** @pf: the PF calls (&xevfio_pf_xepf_ops, or a test's fake). */
	const struct xevfio_pf_ops *pf;
	/**
	 * @state_mutex: serializes the migration state, the file pointers below
	 *               and every PF call but the stream reads and writes. Always
	 *               released with xevfio_mig_state_unlock().
	 */
	struct mutex state_mutex; /* the migration state */
	/** @mig_state: the VFIO migration state; under @state_mutex. */
	enum vfio_device_mig_state mig_state;
	/** @reset_lock: protects @deferred_reset and @reset_seq. */
	spinlock_t reset_lock; /* deferred_reset, reset_seq */
	/**
	 * @deferred_reset: a reset finished while @state_mutex was held: whoever
	 *                  releases @state_mutex returns the migration state to
	 *                  RUNNING and disables the data files first.
	 */
	bool deferred_reset;
	/**
	 * @arc_seq: arcs taken so far (each a PF call); written under
	 *           @state_mutex, read by a starting reset without it.
	 */
	unsigned long arc_seq;
	/**
	 * @reset_seq: @arc_seq when the oldest pending deferred reset started: an
	 *             arc taken since may have paused the VF or opened a stream
	 *             after the FLR, which the deferred reset then ends with
	 *             another one.
	 */
	unsigned long reset_seq;
	/** @saving_migf: the data file of STOP_COPY, or NULL; under @state_mutex. */
	struct xevfio_migf *saving_migf;
	/** @resuming_migf: the data file of RESUMING, or NULL; under @state_mutex. */
	struct xevfio_migf *resuming_migf;
	/**
	 * @data_wait: where a poll of a data file waits: woken by the PF as the
	 *             save stream gets bytes, fails or ends, and when a file is
	 *             disabled. Lives as long as the device's memory, which every
	 *             data file holds.
	 */
	wait_queue_head_t data_wait;
};

#endif
