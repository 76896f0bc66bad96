// SPDX-License-Identifier: GPL-2.0
/*
 * The calls the VFIO variant driver makes (xepf_vfio.h), on the VF it is
 * bound to.
 */

#include <linux/module.h>

#include <xepf_vfio.h>

#include "xepf_pf.h"
#include "xepf_sriov_control.h"
#include "xepf_sriov_migration.h"

#define XEPF_VFIO_FLR_TIMEOUT_MS	5000

/*
 * The VF behind a call: its PF, its VFID and the owner that stands for the
 * VMM in its stream calls (NULL for a bad VFID: those calls then fail with
 * -ENODEV). -ENODEV when the VF's PF is not bound to this driver or, with
 * @usable, when the VF is not enabled or its VFs are being disabled.
 */
struct xepf_vfio_vf {
	struct xepf_pf *pf;
	unsigned int vfid;
	struct xepf_mig_owner *vmm;
};

static int xepf_vfio_vf(struct xesim_device *vf, bool usable,
			struct xepf_vfio_vf *v)
{
	v->pf = xepf_pf_of_vf(vf, &v->vfid);
	if (!v->pf || (usable && !xepf_pf_vf_usable(v->pf, v->vfid)))
		return -ENODEV;
	v->vmm = xepf_sriov_migration_vmm(v->pf, v->vfid);
	return 0;
}

/**
 * xepf_vfio_migration_supported() - Whether the VF can be migrated.
 * @vf: the VF device.
 *
 * Context: process context.
 * Return: true when the VF's PF is bound to this driver.
 */
bool xepf_vfio_migration_supported(struct xesim_device *vf)
{
	unsigned int vfid;

	return xepf_pf_of_vf(vf, &vfid);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_migration_supported, XEPF);

/**
 * xepf_vfio_suspend_device() - Pause the VF (RUNNING -> RUNNING_P2P).
 * @vf: the VF device.
 *
 * Context: process context; sleeps until the GuC paused the VF.
 * Return: 0, -ENODEV, or the pause's error (xepf_sriov_control_pause_vf()).
 */
int xepf_vfio_suspend_device(struct xesim_device *vf)
{
	struct xepf_vfio_vf v;

	return xepf_vfio_vf(vf, true, &v) ?:
	       xepf_sriov_control_pause_vf(&v.pf->ctl, v.vfid);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_suspend_device, XEPF);

/**
 * xepf_vfio_resume_device() - Resume the VF (RUNNING_P2P -> RUNNING).
 * @vf: the VF device.
 *
 * After a restore the GuC moves the VF to RESFIX_BLOCKED and raises
 * MIGRATED in the guest.
 *
 * Context: process context; sleeps.
 * Return: 0, -ENODEV, or the resume's error (xepf_sriov_control_resume_vf()).
 */
int xepf_vfio_resume_device(struct xesim_device *vf)
{
	struct xepf_vfio_vf v;

	return xepf_vfio_vf(vf, true, &v) ?:
	       xepf_sriov_control_resume_vf(&v.pf->ctl, v.vfid);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_resume_device, XEPF);

/**
 * xepf_vfio_stop_copy_enter() - Open the save stream (STOP -> STOP_COPY).
 * @vf: the VF device, paused.
 * @notify: woken whenever the stream has new bytes, fails or ends, for a
 *          poll of the data file; NULL for none. Must outlive the stream
 *          (which the exit, an FLR, an abort or the VFs' disabling ends).
 *
 * Context: process context; sleeps.
 * Return: 0 or an errno of xepf_sriov_migration_save_begin().
 */
int xepf_vfio_stop_copy_enter(struct xesim_device *vf,
			      wait_queue_head_t *notify)
{
	struct xepf_vfio_vf v;

	if (xepf_vfio_vf(vf, false, &v))
		return -ENODEV;
	if (v.vmm)
		v.vmm->notify = notify;
	return xepf_sriov_migration_save_begin(v.pf, v.vfid, v.vmm);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_stop_copy_enter, XEPF);

/**
 * xepf_vfio_stop_copy_exit() - Close the save stream (STOP_COPY -> STOP).
 * @vf: the VF device.
 *
 * Context: process context; sleeps.
 * Return: 0, -ENODEV without an open save, or -ECANCELED when an FLR ended
 * it.
 */
int xepf_vfio_stop_copy_exit(struct xesim_device *vf)
{
	struct xepf_vfio_vf v;

	return xepf_vfio_vf(vf, false, &v) ?:
	       xepf_sriov_migration_save_end(v.pf, v.vfid, v.vmm);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_stop_copy_exit, XEPF);

/**
 * xepf_vfio_stop_copy_size() - Estimate the save stream (MIG_DATA_SIZE).
 * @vf: the VF device.
 * @size: the estimate, an upper bound.
 *
 * Context: process context; sleeps.
 * Return: 0, -ENODEV, or a GuC error.
 */
int xepf_vfio_stop_copy_size(struct xesim_device *vf, u64 *size)
{
	struct xepf_vfio_vf v;

	return xepf_vfio_vf(vf, false, &v) ?:
	       xepf_sriov_migration_size(v.pf, v.vfid, size);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_stop_copy_size, XEPF);

/**
 * xepf_vfio_resume_data_enter() - Open the restore stream (STOP -> RESUMING).
 * @vf: the VF device, paused.
 *
 * RESUMING replaces the device's state by the stream, whatever the VF held:
 * a VF that a restore loaded before, or that a refused restore left failed,
 * is first reset and paused again (xepf_sriov_migration_restore_prepare()).
 *
 * Context: process context; sleeps.
 * Return: 0, an errno of xepf_sriov_migration_restore_prepare() or of
 * xepf_sriov_migration_restore_begin().
 */
int xepf_vfio_resume_data_enter(struct xesim_device *vf)
{
	struct xepf_vfio_vf v;

	return xepf_vfio_vf(vf, false, &v) ?:
	       xepf_sriov_migration_restore_prepare(v.pf, v.vfid) ?:
	       xepf_sriov_migration_restore_begin(v.pf, v.vfid, v.vmm);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_resume_data_enter, XEPF);

/**
 * xepf_vfio_resume_data_exit() - Finish the restore (RESUMING -> STOP).
 * @vf: the VF device.
 *
 * Context: process context; sleeps.
 * Return: 0 when a whole stream was loaded, else its errno
 * (xepf_sriov_migration_restore_end(); -ECANCELED when an FLR ended it); the VF then
 * needs a reset.
 */
int xepf_vfio_resume_data_exit(struct xesim_device *vf)
{
	struct xepf_vfio_vf v;

	return xepf_vfio_vf(vf, false, &v) ?:
	       xepf_sriov_migration_restore_end(v.pf, v.vfid, v.vmm);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_resume_data_exit, XEPF);

/**
 * xepf_vfio_data_read() - Read the save stream.
 * @vf: the VF device.
 * @buf: user buffer.
 * @len: its size; any (a blocking read fills it or reaches the end).
 * @nonblock: -EAGAIN rather than a wait when no byte is ready.
 *
 * Context: process context; sleeps while the PF produces the bytes, unless
 * @nonblock; holds no lock of the PF while @buf is written.
 * Return: bytes read, 0 at the end of the stream, or a negative errno
 * (-ECANCELED once an FLR ended the stream, -EAGAIN).
 */
ssize_t xepf_vfio_data_read(struct xesim_device *vf, char __user *buf,
			    size_t len, bool nonblock)
{
	struct xepf_vfio_vf v;

	if (xepf_vfio_vf(vf, false, &v))
		return -ENODEV;
	return xepf_sriov_migration_save_read_user(v.pf, v.vfid, v.vmm, buf, len,
						   nonblock);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_data_read, XEPF);

/**
 * xepf_vfio_data_ready() - Whether a read of the save stream would return
 * without waiting (a poll of the data file).
 * @vf: the VF device.
 *
 * Context: process context.
 * Return: true when bytes are ready, the stream ended or failed, or no
 * save is open (a read fails at once).
 */
bool xepf_vfio_data_ready(struct xesim_device *vf)
{
	struct xepf_vfio_vf v;

	return xepf_vfio_vf(vf, false, &v) ||
	       xepf_sriov_migration_save_ready(v.pf, v.vfid, v.vmm);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_data_ready, XEPF);

/**
 * xepf_vfio_data_write() - Write the restore stream.
 * @vf: the VF device.
 * @buf: user buffer.
 * @len: its size; any (a call takes 1 MiB at most).
 *
 * Context: process context; sleeps while the PF loads the bytes; holds no
 * lock of the PF while @buf is read.
 * Return: bytes taken or a negative errno (the stream is then dead;
 * -ECANCELED once an FLR ended it).
 */
ssize_t xepf_vfio_data_write(struct xesim_device *vf, const char __user *buf,
			     size_t len)
{
	struct xepf_vfio_vf v;

	if (xepf_vfio_vf(vf, false, &v))
		return -ENODEV;
	return xepf_sriov_migration_restore_write_user(v.pf, v.vfid, v.vmm, buf,
						       len);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_data_write, XEPF);

/**
 * xepf_vfio_error() - Abandon any open stream (-> ERROR).
 * @vf: the VF device.
 *
 * A restore in progress leaves the VF RESTORE_FAILED until a reset.
 *
 * Context: process context; sleeps.
 */
void xepf_vfio_error(struct xesim_device *vf)
{
	struct xepf_vfio_vf v;

	if (!xepf_vfio_vf(vf, false, &v))
		xepf_sriov_migration_abort(v.pf, v.vfid);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_error, XEPF);

/**
 * xepf_vfio_reset_device() - FLR the VF and wait for the PF's handling.
 * @vf: the VF device.
 *
 * The FLR's first step ends any open stream, the VMM's or one that debugfs
 * opened, before the device resets the VF (there is no window between the
 * two). The VF is then clean and running.
 *
 * Context: process context; sleeps.
 * Return: 0, -ENODEV, or the FLR's error (xepf_sriov_control_reset_vf()).
 */
int xepf_vfio_reset_device(struct xesim_device *vf)
{
	struct xepf_vfio_vf v;

	return xepf_vfio_vf(vf, true, &v) ?:
	       xepf_sriov_control_reset_vf(&v.pf->ctl, v.vfid);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_reset_device, XEPF);

/**
 * xepf_vfio_wait_flr_done() - Wait for an FLR of the VF started elsewhere.
 * @vf: the VF device.
 *
 * Context: process context; sleeps up to 5 s.
 * Return: 0 when no FLR is in progress or it completed, -ENODEV, or the
 * FLR's error.
 */
int xepf_vfio_wait_flr_done(struct xesim_device *vf)
{
	struct xepf_vfio_vf v;

	return xepf_vfio_vf(vf, true, &v) ?:
	       xepf_sriov_control_wait_flr_done(&v.pf->ctl, v.vfid,
						XEPF_VFIO_FLR_TIMEOUT_MS);
}
EXPORT_SYMBOL_NS_GPL(xepf_vfio_wait_flr_done, XEPF);
