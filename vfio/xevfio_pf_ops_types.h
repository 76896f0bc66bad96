/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam between the VFIO variant driver and the PF driver.
 */

#ifndef _XEVFIO_PF_OPS_TYPES_H_
#define _XEVFIO_PF_OPS_TYPES_H_

#include <linux/compiler_types.h>
#include <linux/types.h>

struct xevfio_vf;

/**
 * struct xevfio_pf_ops - What the VFIO driver asks of the PF driver.
 *
 * One entry per call of pf/include/xepf_vfio.h, taking the VFIO device
 * instead of the bus device so that a test can stand in for the PF. The
 * production table (&xevfio_pf_xepf_ops) forwards each call to xepf.
 *
 * @suspend: pause the VF (RUNNING -> RUNNING_P2P).
 * @resume: resume the VF (RUNNING_P2P -> RUNNING).
 * @stop_copy_enter: open the save stream (STOP -> STOP_COPY); the PF
 *                   wakes &xevfio_vf.data_wait as it makes the stream.
 * @stop_copy_exit: close the save stream (STOP_COPY -> STOP).
 * @stop_copy_size: estimate the save stream in bytes.
 * @resume_data_enter: open the restore stream (STOP -> RESUMING).
 * @resume_data_exit: load the restored state (RESUMING -> STOP).
 * @data_read: read the save stream: bytes read, 0 at its end, or an errno;
 *             with nonblock, -EAGAIN rather than a wait.
 * @data_ready: whether a read of the save stream would return without
 *              waiting; the PF wakes &xevfio_vf.data_wait when that changes.
 * @data_write: write the restore stream: bytes taken or an errno.
 * @error: abandon any open stream (-> ERROR).
 * @reset: FLR the VF and wait for the PF's handling of it.
 * @wait_flr_done: wait for an FLR started elsewhere.
 */
struct xevfio_pf_ops {
	int (*suspend)(struct xevfio_vf *xvf);
	int (*resume)(struct xevfio_vf *xvf);
	int (*stop_copy_enter)(struct xevfio_vf *xvf);
	int (*stop_copy_exit)(struct xevfio_vf *xvf);
	int (*stop_copy_size)(struct xevfio_vf *xvf, u64 *size);
	int (*resume_data_enter)(struct xevfio_vf *xvf);
	int (*resume_data_exit)(struct xevfio_vf *xvf);
	ssize_t (*data_read)(struct xevfio_vf *xvf, char __user *buf,
			     size_t len, bool nonblock);
	bool (*data_ready)(struct xevfio_vf *xvf);
	ssize_t (*data_write)(struct xevfio_vf *xvf, const char __user *buf,
			      size_t len);
	void (*error)(struct xevfio_vf *xvf);
	int (*reset)(struct xevfio_vf *xvf);
	int (*wait_flr_done)(struct xevfio_vf *xvf);
};

#endif
