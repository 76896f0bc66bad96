// SPDX-License-Identifier: GPL-2.0
/*
 * The VFIO variant driver of xesim VFs: the xesim driver, the VFIO device of
 * each VF with its migration state machine, and the PF calls behind it. The
 * migration data files are in xevfio_migration_file.c.
 */

#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include <kunit/visibility.h>

#include <xepf_vfio.h>
#include <xesim_driver.h>

#include "xevfio_main.h"
#include "xevfio_main_types.h"
#include "xevfio_migration_file.h"
#include "xevfio_migration_file_types.h"
#include "xevfio_printk.h"

/**
 * DOC: xevfio VFIO device
 *
 * The driver binds to every xesim VF (``xesim<N>.vf<M>``) whose PF is
 * driven by xepf and registers one &struct vfio_device for it with the VFIO
 * core. The bus device is not PCI and sits behind no IOMMU, so the device
 * is registered with vfio_register_emulated_iommu_dev() and the iommufd
 * emulated bind, unbind, attach and detach ops: the VFIO core offers it
 * through the device cdev (``/dev/vfio/devices/vfio<K>``, found from
 * ``/sys/bus/xesim/devices/xesim<N>.vf<M>/vfio-dev/``) and, where the kernel
 * has the group interface, through an emulated group. The device never pins
 * or reads guest memory, so it has no dma_unmap op.
 *
 * The device is region-less: VFIO_DEVICE_GET_INFO reports no regions and no
 * interrupts, and read, write and mmap of the device fail. The guest does
 * not reach the VF through VFIO at all but through its guest slot (`xesim
 * guest slots`), which the VMM attaches to the VF; the VFIO device carries
 * only what a VMM needs for migration: VFIO_DEVICE_FEATURE with the
 * migration features (`xevfio migration state machine`) and
 * VFIO_DEVICE_RESET, a VF FLR through the PF that returns once the PF has
 * handled it.
 */

/**
 * DOC: xevfio migration state machine
 *
 * Each VF's VFIO device offers VFIO migration v2 with the flags STOP_COPY
 * and P2P (no PRE_COPY: a paused VF's state is saved in one go, and no
 * dirty page tracking: guest memory is the VMM's). A request for a new
 * state runs vfio_mig_get_next_state() in a loop and takes one arc at a
 * time; each arc is one PF call (xepf VFIO interface):
 *
 * - RUNNING -> RUNNING_P2P: pause the VF in the GuC.
 * - RUNNING_P2P -> RUNNING: resume it. After a restore this is the moment
 *   the GuC blocks the VF for fix-ups and raises MIGRATED in the guest.
 * - RUNNING_P2P <-> STOP: nothing to do: a paused VF neither runs nor
 *   initiates anything, so STOP and RUNNING_P2P are the same to the device.
 * - STOP -> STOP_COPY: open the save stream and return its data file.
 * - STOP_COPY -> STOP: disable the file, close the save stream (complete
 *   or not; the source VF is untouched by a save).
 * - STOP -> RESUMING: open the restore stream and return its data file.
 * - RESUMING -> STOP: disable the file, then have the PF check the stream
 *   arrived whole and load the GuC state.
 *
 * Any other arc is refused with -EINVAL. A request the core refuses (an
 * unsupported or unknown state) fails with -EINVAL and leaves the state as
 * it was. A failed arc, or a failed write of the resuming file, puts the
 * device in ERROR: the files are disabled and the PF abandons any open
 * stream. A failed read of the saving file fails that file for good but
 * not the device: a save leaves the source VF as it was, so the VMM takes
 * STOP_COPY -> STOP (which closes the failed save) and RUNNING_P2P ->
 * RUNNING, and its guest goes on running on the source; a reset would wipe
 * the VF under that guest. In ERROR every request fails with -EIO; VFIO_DEVICE_RESET (a VF
 * FLR through the PF, which waits for the PF's FLR handling) is the way out
 * and returns the device to RUNNING. A failed reset leaves it in ERROR.
 *
 * ``state_mutex`` serializes the state and the PF calls, and is released
 * with the deferred-reset unlock: a reset that finds the mutex held only
 * marks itself pending, and whoever releases the mutex first returns the
 * state to RUNNING and disables the files. So a reset never waits for a
 * state change in progress (which may be waiting in the PF), and the state
 * is never reset underneath one. The arcs taken while the reset ran may
 * have paused the VF or opened a PF stream after its FLR was done: when any
 * arc ran since the reset started, the deferred reset resets the VF once
 * more before it reports RUNNING (and enters ERROR if that fails), so that
 * RUNNING always means a running VF with no stream in the PF.
 *
 * Each open of the device starts clean: open_device waits for an FLR in
 * progress and starts in RUNNING with no files; close_device disables the
 * files and, unless the device was RUNNING, resets the VF, so a stream
 * half read, a restore half written or a paused VF does not outlive the
 * user that left it, and a later migration moves the whole state again.
 * Both run under the VFIO core's device-set lock and take no
 * ``state_mutex``: before the open and after the close no ioctl of the
 * device runs, and the data files never touch the migration state (a
 * failed file is noticed by the device's next request). Taking it there
 * would order ``state_mutex`` under the device-set lock, which the PF
 * driver's VF enabling holds its own lock around (VF probe), while the
 * arcs take the PF's lock under ``state_mutex``.
 */

static struct xevfio_vf *to_xevfio_vf(struct vfio_device *vdev)
{
	return container_of(vdev, struct xevfio_vf, vdev);
}

/*
 * The PF calls: each forwards to the PF driver's VFIO interface
 * (pf/include/xepf_vfio.h) on the VF bus device the VFIO device is bound to.
 */

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

/* The PF ops of a VFIO device bound to an xesim VF; a test brings its own. */
static const struct xevfio_pf_ops xevfio_pf_xepf_ops = {
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

static const char *xevfio_mig_state_name(enum vfio_device_mig_state state)
{
	switch (state) {
	case VFIO_DEVICE_STATE_ERROR:
		return "ERROR";
	case VFIO_DEVICE_STATE_STOP:
		return "STOP";
	case VFIO_DEVICE_STATE_RUNNING:
		return "RUNNING";
	case VFIO_DEVICE_STATE_STOP_COPY:
		return "STOP_COPY";
	case VFIO_DEVICE_STATE_RESUMING:
		return "RESUMING";
	case VFIO_DEVICE_STATE_RUNNING_P2P:
		return "RUNNING_P2P";
	case VFIO_DEVICE_STATE_PRE_COPY:
		return "PRE_COPY";
	case VFIO_DEVICE_STATE_PRE_COPY_P2P:
		return "PRE_COPY_P2P";
	default:
		return "?";
	}
}

/* disable and drop the data files; caller owns the migration state */
static void __xevfio_mig_disable_files(struct xevfio_vf *xvf)
{
	if (xvf->saving_migf) {
		xevfio_migration_file_disable(xvf->saving_migf);
		fput(xvf->saving_migf->filp);
		xvf->saving_migf = NULL;
	}
	if (xvf->resuming_migf) {
		xevfio_migration_file_disable(xvf->resuming_migf);
		fput(xvf->resuming_migf->filp);
		xvf->resuming_migf = NULL;
	}
}

static void xevfio_mig_disable_files(struct xevfio_vf *xvf)
{
	lockdep_assert_held(&xvf->state_mutex);
	__xevfio_mig_disable_files(xvf);
}

static void xevfio_mig_enter_error(struct xevfio_vf *xvf, int err);

/*
 * Release state_mutex, first carrying out a reset that completed while it
 * was held (the deferred reset).
 */
static void xevfio_mig_state_unlock(struct xevfio_vf *xvf)
{
	bool stale;
	int ret;

again:
	spin_lock(&xvf->reset_lock);
	if (xvf->deferred_reset) {
		xvf->deferred_reset = false;
		stale = xvf->reset_seq != xvf->arc_seq;
		spin_unlock(&xvf->reset_lock);
		xevfio_mig_disable_files(xvf);
		/*
		 * An arc taken since the reset started may have paused the VF
		 * or opened a stream after the FLR: end them with another FLR,
		 * so that RUNNING means a running VF with no stream.
		 */
		if (stale) {
			ret = xvf->pf->reset(xvf);
			if (ret) {
				xevfio_mig_enter_error(xvf, ret);
				goto again;
			}
			xevfio_dbg(xvf, "migration",
				   "reset again: arcs ran during the deferred reset\n");
		}
		xvf->mig_state = VFIO_DEVICE_STATE_RUNNING;
		goto again;
	}
	mutex_unlock(&xvf->state_mutex);
	spin_unlock(&xvf->reset_lock);
}

/*
 * a reset that started with @seq arcs taken completed: return to RUNNING
 * now, or at the holder's unlock
 */
static void xevfio_mig_reset_done(struct xevfio_vf *xvf, unsigned long seq)
{
	spin_lock(&xvf->reset_lock);
	/* the oldest pending reset decides what ran since */
	if (!xvf->deferred_reset || (long)(seq - xvf->reset_seq) < 0)
		xvf->reset_seq = seq;
	xvf->deferred_reset = true;
	if (!mutex_trylock(&xvf->state_mutex)) {
		spin_unlock(&xvf->reset_lock);
		return;
	}
	spin_unlock(&xvf->reset_lock);
	xevfio_mig_state_unlock(xvf);
}

/* -> ERROR; caller holds state_mutex */
static void xevfio_mig_enter_error(struct xevfio_vf *xvf, int err)
{
	lockdep_assert_held(&xvf->state_mutex);

	xevfio_err(xvf, "migration", "%s -> ERROR: %pe\n",
		   xevfio_mig_state_name(xvf->mig_state), ERR_PTR(err));
	xevfio_mig_disable_files(xvf);
	xvf->pf->error(xvf);
	xvf->mig_state = VFIO_DEVICE_STATE_ERROR;
}

/*
 * a resuming file whose stream failed puts the device in ERROR (the
 * destination holds part of a state); a failed save changed nothing
 */
static void xevfio_mig_check_files(struct xevfio_vf *xvf)
{
	struct xevfio_migf *migf = xvf->resuming_migf;
	int err;

	lockdep_assert_held(&xvf->state_mutex);

	if (!migf || xvf->mig_state == VFIO_DEVICE_STATE_ERROR)
		return;
	err = xevfio_migration_file_error(migf);
	if (err)
		xevfio_mig_enter_error(xvf, err);
}

/* take state_mutex and catch up with a failed data file */
static void xevfio_mig_state_lock(struct xevfio_vf *xvf)
{
	mutex_lock(&xvf->state_mutex);
	xevfio_mig_check_files(xvf);
}

/* guard(xevfio_mig_state): xevfio_mig_state_lock() to _unlock() */
DEFINE_GUARD(xevfio_mig_state, struct xevfio_vf *, xevfio_mig_state_lock(_T),
	     xevfio_mig_state_unlock(_T))

static struct file *xevfio_mig_save_begin(struct xevfio_vf *xvf)
{
	struct xevfio_migf *migf;
	int ret;

	ret = xvf->pf->stop_copy_enter(xvf);
	if (ret)
		return ERR_PTR(ret);
	migf = xevfio_migration_file_create(xvf, true);
	if (IS_ERR(migf)) {
		xvf->pf->stop_copy_exit(xvf);
		return ERR_CAST(migf);
	}
	xvf->saving_migf = migf;
	return get_file(migf->filp);
}

static struct file *xevfio_mig_resume_begin(struct xevfio_vf *xvf)
{
	struct xevfio_migf *migf;
	int ret;

	ret = xvf->pf->resume_data_enter(xvf);
	if (ret)
		return ERR_PTR(ret);
	migf = xevfio_migration_file_create(xvf, false);
	if (IS_ERR(migf)) {
		/* the PF drops the stream it opened when told of the error */
		return ERR_CAST(migf);
	}
	xvf->resuming_migf = migf;
	return get_file(migf->filp);
}

/**
 * xevfio_main_mig_step() - Take one arc of the migration state machine.
 * @xvf: the VFIO device.
 * @next: the state to go to from @xvf->mig_state.
 *
 * Does not change @xvf->mig_state; the caller does on success.
 *
 * Context: process context, under @xvf->state_mutex; sleeps in the PF.
 * Return: NULL, the data file of STOP_COPY or RESUMING (a reference for the
 * caller), or an ERR_PTR(): -EINVAL for an arc the device does not take,
 * else the PF's errno.
 */
VISIBLE_IF_KUNIT struct file *xevfio_main_mig_step(struct xevfio_vf *xvf,
						   enum vfio_device_mig_state next)
{
	enum vfio_device_mig_state cur = xvf->mig_state;
	int ret;

	lockdep_assert_held(&xvf->state_mutex);

	if (cur == VFIO_DEVICE_STATE_RUNNING &&
	    next == VFIO_DEVICE_STATE_RUNNING_P2P) {
		ret = xvf->pf->suspend(xvf);
		return ret ? ERR_PTR(ret) : NULL;
	}
	if (cur == VFIO_DEVICE_STATE_RUNNING_P2P &&
	    next == VFIO_DEVICE_STATE_RUNNING) {
		ret = xvf->pf->resume(xvf);
		return ret ? ERR_PTR(ret) : NULL;
	}
	if ((cur == VFIO_DEVICE_STATE_RUNNING_P2P &&
	     next == VFIO_DEVICE_STATE_STOP) ||
	    (cur == VFIO_DEVICE_STATE_STOP &&
	     next == VFIO_DEVICE_STATE_RUNNING_P2P))
		return NULL;
	if (cur == VFIO_DEVICE_STATE_STOP &&
	    next == VFIO_DEVICE_STATE_STOP_COPY)
		return xevfio_mig_save_begin(xvf);
	if (cur == VFIO_DEVICE_STATE_STOP_COPY &&
	    next == VFIO_DEVICE_STATE_STOP) {
		xevfio_mig_disable_files(xvf);
		ret = xvf->pf->stop_copy_exit(xvf);
		return ret ? ERR_PTR(ret) : NULL;
	}
	if (cur == VFIO_DEVICE_STATE_STOP &&
	    next == VFIO_DEVICE_STATE_RESUMING)
		return xevfio_mig_resume_begin(xvf);
	if (cur == VFIO_DEVICE_STATE_RESUMING &&
	    next == VFIO_DEVICE_STATE_STOP) {
		xevfio_mig_disable_files(xvf);
		ret = xvf->pf->resume_data_exit(xvf);
		return ret ? ERR_PTR(ret) : NULL;
	}

	xevfio_err(xvf, "migration", "no arc %s -> %s\n",
		   xevfio_mig_state_name(cur), xevfio_mig_state_name(next));
	return ERR_PTR(-EINVAL);
}
EXPORT_SYMBOL_IF_KUNIT(xevfio_main_mig_step);

static struct file *
xevfio_mig_set_state(struct vfio_device *vdev,
		     enum vfio_device_mig_state new_state)
{
	struct xevfio_vf *xvf = to_xevfio_vf(vdev);
	enum vfio_device_mig_state next;
	struct file *res = NULL;
	int ret;

	guard(xevfio_mig_state)(xvf);
	/* vfio_mig_get_next_state() must never see ERROR as the current state */
	while (xvf->mig_state != VFIO_DEVICE_STATE_ERROR &&
	       xvf->mig_state != new_state) {
		ret = vfio_mig_get_next_state(vdev, xvf->mig_state, new_state,
					      &next);
		if (ret) {
			xevfio_dbg(xvf, "migration", "refused %s -> %u\n",
				   xevfio_mig_state_name(xvf->mig_state),
				   new_state);
			res = ERR_PTR(ret);
			break;
		}
		res = xevfio_main_mig_step(xvf, next);
		WRITE_ONCE(xvf->arc_seq, xvf->arc_seq + 1);
		if (IS_ERR(res)) {
			xevfio_mig_enter_error(xvf, PTR_ERR(res));
			break;
		}
		xevfio_dbg(xvf, "migration", "%s -> %s\n",
			   xevfio_mig_state_name(xvf->mig_state),
			   xevfio_mig_state_name(next));
		xvf->mig_state = next;
		/* only the last arc of a request may open a data file */
		if (res && next != new_state) {
			fput(res);
			res = ERR_PTR(-EINVAL);
			xevfio_mig_enter_error(xvf, -EINVAL);
			break;
		}
	}
	if (xvf->mig_state == VFIO_DEVICE_STATE_ERROR && !IS_ERR(res))
		res = ERR_PTR(-EIO);
	return res;
}

static int xevfio_mig_get_state(struct vfio_device *vdev,
				enum vfio_device_mig_state *state)
{
	struct xevfio_vf *xvf = to_xevfio_vf(vdev);

	guard(xevfio_mig_state)(xvf);
	*state = xvf->mig_state;
	return 0;
}

static int xevfio_mig_get_data_size(struct vfio_device *vdev,
				    unsigned long *stop_copy_length)
{
	struct xevfio_vf *xvf = to_xevfio_vf(vdev);
	u64 size = 0;
	int ret;

	scoped_guard(xevfio_mig_state, xvf) {
		if (xvf->mig_state == VFIO_DEVICE_STATE_ERROR)
			ret = -EIO;
		else
			ret = xvf->pf->stop_copy_size(xvf, &size);
	}
	if (ret)
		return ret;
	*stop_copy_length = size;
	return 0;
}

static const struct vfio_migration_ops xevfio_mig_ops = {
	.migration_set_state = xevfio_mig_set_state,
	.migration_get_state = xevfio_mig_get_state,
	.migration_get_data_size = xevfio_mig_get_data_size,
};

/**
 * xevfio_mig_init() - Set up the migration state of a new VFIO device.
 * @xvf: the VFIO device, before its registration.
 *
 * Context: process context.
 */
static void xevfio_mig_init(struct xevfio_vf *xvf)
{
	mutex_init(&xvf->state_mutex);
	spin_lock_init(&xvf->reset_lock);
	init_waitqueue_head(&xvf->data_wait);
	xvf->mig_state = VFIO_DEVICE_STATE_RUNNING;
	xvf->vdev.migration_flags = VFIO_MIGRATION_STOP_COPY |
				    VFIO_MIGRATION_P2P;
	xvf->vdev.mig_ops = &xevfio_mig_ops;
}

/**
 * xevfio_mig_fini() - Tear down the migration state of a VFIO device.
 * @xvf: the VFIO device, being released.
 *
 * Context: process context.
 */
static void xevfio_mig_fini(struct xevfio_vf *xvf)
{
	mutex_destroy(&xvf->state_mutex);
}

/**
 * xevfio_mig_open() - Start a clean migration state for a new user.
 * @xvf: the VFIO device, being opened.
 *
 * Waits for an FLR of the VF in progress, then starts in RUNNING.
 *
 * Context: process context, from the VFIO core's open_device with the
 * device set's lock held; sleeps. Takes no ``state_mutex``: nothing else
 * reaches the migration state of a device that is not open (see
 * `xevfio migration state machine`).
 * Return: 0 or the errno of the FLR.
 */
static int xevfio_mig_open(struct xevfio_vf *xvf)
{
	int ret;

	ret = xvf->pf->wait_flr_done(xvf);
	if (ret) {
		xevfio_err(xvf, "open", "VF FLR did not complete: %pe\n",
			   ERR_PTR(ret));
		return ret;
	}
	scoped_guard(spinlock, &xvf->reset_lock)
		xvf->deferred_reset = false;
	__xevfio_mig_disable_files(xvf);
	xvf->mig_state = VFIO_DEVICE_STATE_RUNNING;
	return 0;
}

/**
 * xevfio_mig_close() - Leave a clean VF behind the last user.
 * @xvf: the VFIO device, being closed.
 *
 * Disables the data files and, unless the device is RUNNING, resets the VF
 * (which abandons any open stream and resumes a paused VF). A reset that
 * fails still abandons the stream; the VF stays as the failed FLR left it,
 * and the next open fails with the FLR's error until an FLR succeeds.
 *
 * Context: process context, from the VFIO core's close_device with the
 * device set's lock held; sleeps. Takes no ``state_mutex``, as no ioctl
 * of the device can run any more.
 */
static void xevfio_mig_close(struct xevfio_vf *xvf)
{
	int ret;

	__xevfio_mig_disable_files(xvf);
	if (xvf->mig_state != VFIO_DEVICE_STATE_RUNNING) {
		ret = xvf->pf->reset(xvf);
		if (ret) {
			xevfio_err(xvf, "close", "VF reset from %s failed: %pe\n",
				   xevfio_mig_state_name(xvf->mig_state),
				   ERR_PTR(ret));
			/* the stream at least must not outlive its user */
			xvf->pf->error(xvf);
		}
	}
	xvf->mig_state = VFIO_DEVICE_STATE_RUNNING;
	scoped_guard(spinlock, &xvf->reset_lock)
		xvf->deferred_reset = false;
}

/**
 * xevfio_mig_reset() - Reset the VF (VFIO_DEVICE_RESET).
 * @xvf: the VFIO device.
 *
 * Runs a VF FLR through the PF and waits for its handling, then returns
 * the migration state to RUNNING with the deferred-reset unlock. A failed
 * FLR puts the device in ERROR.
 *
 * Context: process context; sleeps.
 * Return: 0 or the errno of the FLR.
 */
static int xevfio_mig_reset(struct xevfio_vf *xvf)
{
	unsigned long seq = READ_ONCE(xvf->arc_seq);
	int ret;

	ret = xvf->pf->reset(xvf);
	if (ret) {
		mutex_lock(&xvf->state_mutex);
		xevfio_mig_enter_error(xvf, ret);
		xevfio_mig_state_unlock(xvf);
		return ret;
	}
	xevfio_mig_reset_done(xvf, seq);
	return 0;
}

static int xevfio_vf_init_dev(struct vfio_device *vdev)
{
	xevfio_mig_init(to_xevfio_vf(vdev));
	return 0;
}

static void xevfio_vf_release_dev(struct vfio_device *vdev)
{
	xevfio_mig_fini(to_xevfio_vf(vdev));
}

static int xevfio_vf_open_device(struct vfio_device *vdev)
{
	return xevfio_mig_open(to_xevfio_vf(vdev));
}

static void xevfio_vf_close_device(struct vfio_device *vdev)
{
	xevfio_mig_close(to_xevfio_vf(vdev));
}

static long xevfio_vf_get_info(struct xevfio_vf *xvf, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;

	info.flags = VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = 0;
	info.num_irqs = 0;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long xevfio_vf_ioctl(struct vfio_device *vdev, unsigned int cmd,
			    unsigned long arg)
{
	struct xevfio_vf *xvf = to_xevfio_vf(vdev);

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return xevfio_vf_get_info(xvf, (void __user *)arg);
	case VFIO_DEVICE_RESET:
		return xevfio_mig_reset(xvf);
	}
	return -ENOTTY;
}

static const struct vfio_device_ops xevfio_vf_ops = {
	.name = "xevfio",
	.init = xevfio_vf_init_dev,
	.release = xevfio_vf_release_dev,
	.open_device = xevfio_vf_open_device,
	.close_device = xevfio_vf_close_device,
	.ioctl = xevfio_vf_ioctl,
	.bind_iommufd = vfio_iommufd_emulated_bind,
	.unbind_iommufd = vfio_iommufd_emulated_unbind,
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
};

/**
 * xevfio_main_vf_alloc() - Allocate an unregistered VFIO device (for tests).
 * @dev: the parent device.
 * @xdev: the VF bus device, or NULL.
 * @pf: the PF ops.
 * @size: the size of the caller's structure, which starts with the
 *        &struct xevfio_vf.
 *
 * Context: process context.
 * Return: the device (free with vfio_put_device()) or an ERR_PTR().
 */
VISIBLE_IF_KUNIT struct xevfio_vf *xevfio_main_vf_alloc(struct device *dev,
							struct xesim_device *xdev,
							const struct xevfio_pf_ops *pf,
							size_t size)
{
	struct vfio_device *vdev;
	struct xevfio_vf *xvf;

	if (size < sizeof(*xvf))
		return ERR_PTR(-EINVAL);
	vdev = _vfio_alloc_device(size, dev, &xevfio_vf_ops);
	if (IS_ERR(vdev))
		return ERR_CAST(vdev);
	xvf = to_xevfio_vf(vdev);
	xvf->xdev = xdev;
	xvf->pf = pf;
	return xvf;
}
EXPORT_SYMBOL_IF_KUNIT(xevfio_main_vf_alloc);

static int xevfio_vf_probe(struct xesim_device *xdev)
{
	struct device *dev = xesim_to_dev(xdev);
	struct xevfio_vf *xvf;
	int ret;

	if (!xepf_vfio_migration_supported(xdev)) {
		dev_info(dev, "vfio: the PF does not support migration\n");
		return -ENODEV;
	}

	xvf = vfio_alloc_device(xevfio_vf, vdev, dev, &xevfio_vf_ops);
	if (IS_ERR(xvf))
		return PTR_ERR(xvf);
	xvf->xdev = xdev;
	xvf->pf = &xevfio_pf_xepf_ops;

	ret = vfio_register_emulated_iommu_dev(&xvf->vdev);
	if (ret) {
		xevfio_err(xvf, "probe", "VFIO registration failed: %pe\n",
			   ERR_PTR(ret));
		vfio_put_device(&xvf->vdev);
		return ret;
	}
	dev_set_drvdata(dev, xvf);
	xevfio_dbg(xvf, "probe", "registered as %s\n",
		   dev_name(&xvf->vdev.device));
	return 0;
}

static void xevfio_vf_remove(struct xesim_device *xdev)
{
	struct xevfio_vf *xvf = dev_get_drvdata(xesim_to_dev(xdev));

	vfio_unregister_group_dev(&xvf->vdev);
	vfio_put_device(&xvf->vdev);
}

static struct xesim_driver xevfio_vf_driver = {
	.driver.name = "xevfio",
	.type = XESIM_DEVICE_VF,
	.probe = xevfio_vf_probe,
	.remove = xevfio_vf_remove,
};

static int __init xevfio_init(void)
{
	return xesim_driver_register(&xevfio_vf_driver);
}

static void __exit xevfio_exit(void)
{
	xesim_driver_unregister(&xevfio_vf_driver);
}

module_init(xevfio_init);
module_exit(xevfio_exit);

MODULE_DESCRIPTION("VFIO variant driver with migration for xesim VFs");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(XESIM);
MODULE_IMPORT_NS(XEPF);
