// SPDX-License-Identifier: GPL-2.0
/*
 * The VFIO migration state machine of the VFIO variant driver.
 */

#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>

#include <kunit/visibility.h>

#include "xevfio_migration_file.h"
#include "xevfio_migration_file_types.h"
#include "xevfio_migration_state.h"
#include "xevfio_pf_ops_types.h"
#include "xevfio_printk.h"
#include "xevfio_vf_device_types.h"

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

static struct xevfio_vf *to_xevfio_vf(struct vfio_device *vdev)
{
	return container_of(vdev, struct xevfio_vf, vdev);
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
 * xevfio_migration_state_step() - Take one arc of the migration state machine.
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
VISIBLE_IF_KUNIT struct file *xevfio_migration_state_step(struct xevfio_vf *xvf,
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
EXPORT_SYMBOL_IF_KUNIT(xevfio_migration_state_step);

static struct file *
xevfio_mig_set_state(struct vfio_device *vdev,
		     enum vfio_device_mig_state new_state)
{
	struct xevfio_vf *xvf = to_xevfio_vf(vdev);
	enum vfio_device_mig_state next;
	struct file *res = NULL;
	int ret;

	xevfio_mig_state_lock(xvf);
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
		res = xevfio_migration_state_step(xvf, next);
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
	xevfio_mig_state_unlock(xvf);
	return res;
}

static int xevfio_mig_get_state(struct vfio_device *vdev,
				enum vfio_device_mig_state *state)
{
	struct xevfio_vf *xvf = to_xevfio_vf(vdev);

	xevfio_mig_state_lock(xvf);
	*state = xvf->mig_state;
	xevfio_mig_state_unlock(xvf);
	return 0;
}

static int xevfio_mig_get_data_size(struct vfio_device *vdev,
				    unsigned long *stop_copy_length)
{
	struct xevfio_vf *xvf = to_xevfio_vf(vdev);
	u64 size = 0;
	int ret;

	xevfio_mig_state_lock(xvf);
	if (xvf->mig_state == VFIO_DEVICE_STATE_ERROR)
		ret = -EIO;
	else
		ret = xvf->pf->stop_copy_size(xvf, &size);
	xevfio_mig_state_unlock(xvf);
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
 * xevfio_migration_state_init() - Set up the migration state of a new VFIO device.
 * @xvf: the VFIO device, before its registration.
 *
 * Context: process context.
 */
void xevfio_migration_state_init(struct xevfio_vf *xvf)
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
 * xevfio_migration_state_fini() - Tear down the migration state of a VFIO device.
 * @xvf: the VFIO device, being released.
 *
 * Context: process context.
 */
void xevfio_migration_state_fini(struct xevfio_vf *xvf)
{
	mutex_destroy(&xvf->state_mutex);
}

/**
 * xevfio_migration_state_open() - Start a clean migration state for a new user.
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
int xevfio_migration_state_open(struct xevfio_vf *xvf)
{
	int ret;

	ret = xvf->pf->wait_flr_done(xvf);
	if (ret) {
		xevfio_err(xvf, "open", "VF FLR did not complete: %pe\n",
			   ERR_PTR(ret));
		return ret;
	}
	spin_lock(&xvf->reset_lock);
	xvf->deferred_reset = false;
	spin_unlock(&xvf->reset_lock);
	__xevfio_mig_disable_files(xvf);
	xvf->mig_state = VFIO_DEVICE_STATE_RUNNING;
	return 0;
}

/**
 * xevfio_migration_state_close() - Leave a clean VF behind the last user.
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
void xevfio_migration_state_close(struct xevfio_vf *xvf)
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
	spin_lock(&xvf->reset_lock);
	xvf->deferred_reset = false;
	spin_unlock(&xvf->reset_lock);
}

/**
 * xevfio_migration_state_reset() - Reset the VF (VFIO_DEVICE_RESET).
 * @xvf: the VFIO device.
 *
 * Runs a VF FLR through the PF and waits for its handling, then returns
 * the migration state to RUNNING with the deferred-reset unlock. A failed
 * FLR puts the device in ERROR.
 *
 * Context: process context; sleeps.
 * Return: 0 or the errno of the FLR.
 */
int xevfio_migration_state_reset(struct xevfio_vf *xvf)
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
