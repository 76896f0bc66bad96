// SPDX-License-Identifier: GPL-2.0
/*
 * The production PF ops: each forwards to the PF driver's VFIO interface
 * (pf/include/xepf_vfio.h) on the VF bus device the VFIO device is bound to.
 */

#include <xepf_vfio.h>

#include "xevfio_pf_ops.h"
#include "xevfio_vf_device_types.h"

static int xevfio_pf_suspend(struct xevfio_vf *xvf)
{
	return xepf_vfio_suspend_device(xvf->xdev);
}

static int xevfio_pf_resume(struct xevfio_vf *xvf)
{
	return xepf_vfio_resume_device(xvf->xdev);
}

static int xevfio_pf_stop_copy_enter(struct xevfio_vf *xvf)
{
	return xepf_vfio_stop_copy_enter(xvf->xdev, &xvf->data_wait);
}

static int xevfio_pf_stop_copy_exit(struct xevfio_vf *xvf)
{
	return xepf_vfio_stop_copy_exit(xvf->xdev);
}

static int xevfio_pf_stop_copy_size(struct xevfio_vf *xvf, u64 *size)
{
	return xepf_vfio_stop_copy_size(xvf->xdev, size);
}

static int xevfio_pf_resume_data_enter(struct xevfio_vf *xvf)
{
	return xepf_vfio_resume_data_enter(xvf->xdev);
}

static int xevfio_pf_resume_data_exit(struct xevfio_vf *xvf)
{
	return xepf_vfio_resume_data_exit(xvf->xdev);
}

static ssize_t xevfio_pf_data_read(struct xevfio_vf *xvf, char __user *buf,
				   size_t len, bool nonblock)
{
	return xepf_vfio_data_read(xvf->xdev, buf, len, nonblock);
}

static bool xevfio_pf_data_ready(struct xevfio_vf *xvf)
{
	return xepf_vfio_data_ready(xvf->xdev);
}

static ssize_t xevfio_pf_data_write(struct xevfio_vf *xvf,
				    const char __user *buf, size_t len)
{
	return xepf_vfio_data_write(xvf->xdev, buf, len);
}

static void xevfio_pf_error(struct xevfio_vf *xvf)
{
	xepf_vfio_error(xvf->xdev);
}

static int xevfio_pf_reset(struct xevfio_vf *xvf)
{
	return xepf_vfio_reset_device(xvf->xdev);
}

static int xevfio_pf_wait_flr_done(struct xevfio_vf *xvf)
{
	return xepf_vfio_wait_flr_done(xvf->xdev);
}

/* The PF ops of a VFIO device bound to an xesim VF. */
const struct xevfio_pf_ops xevfio_pf_xepf_ops = {
	.suspend = xevfio_pf_suspend,
	.resume = xevfio_pf_resume,
	.stop_copy_enter = xevfio_pf_stop_copy_enter,
	.stop_copy_exit = xevfio_pf_stop_copy_exit,
	.stop_copy_size = xevfio_pf_stop_copy_size,
	.resume_data_enter = xevfio_pf_resume_data_enter,
	.resume_data_exit = xevfio_pf_resume_data_exit,
	.data_read = xevfio_pf_data_read,
	.data_ready = xevfio_pf_data_ready,
	.data_write = xevfio_pf_data_write,
	.error = xevfio_pf_error,
	.reset = xevfio_pf_reset,
	.wait_flr_done = xevfio_pf_wait_flr_done,
};
