// SPDX-License-Identifier: GPL-2.0
/*
 * Migration data files of the VFIO variant driver: the save stream read in
 * STOP_COPY, the restore stream written in RESUMING.
 */

#include <linux/anon_inodes.h>
#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>

#include "xevfio_migration_file.h"
#include "xevfio_migration_file_types.h"
#include "xevfio_main_types.h"
#include "xevfio_printk.h"

/**
 * DOC: xevfio migration data files
 *
 * Entering STOP_COPY hands userspace a read-only file with the VF's save
 * stream (pf/, `migration stream v1`); entering RESUMING hands it a
 * write-only file that takes a stream. Both are streams in the VFS sense
 * (stream_open()): they have no position to seek to, pread() and pwrite()
 * fail with -ESPIPE, and the file position must equal the bytes moved so
 * far (-EINVAL otherwise).
 *
 * Every access runs under the file's own lock, which orders reads (or
 * writes) with each other and with the device disabling the file, and the
 * PF call is made under it. A read sleeps while the PF is still producing
 * the next bytes (it saves VRAM in bounded chunks) and returns 0 once the
 * stream ended; reads and writes of any size are fine: a blocking read
 * fills the buffer (or reaches the end), a write takes 1 MiB at most per
 * call. With O_NONBLOCK a read that finds no byte ready returns
 * -EAGAIN instead of sleeping in the PF, and poll() (and epoll) tells when
 * to read again: the save file is readable once the PF has bytes or the
 * stream ended or failed, the restore file is always writable, and a
 * disabled or failed file reports EPOLLERR | EPOLLHUP. poll() never takes
 * the file's lock, so it answers while a read waits on its user buffer.
 *
 * When the device leaves the file's state (STOP_COPY -> STOP, RESUMING ->
 * STOP, a reset, ERROR, or the close of the device), it disables the file
 * under that lock: from then on every access fails with -ENODEV and the PF
 * is never called through it, however long userspace keeps the file open.
 * A failed PF read or write (other than an interrupted one) fails the
 * stream for good and logs the errno; the device enters ERROR at its next
 * request (a state change or query, MIG_DATA_SIZE), which finds the failed
 * file under ``state_mutex``. The file never takes ``state_mutex`` itself,
 * so a reader blocked in the PF never holds up the device.
 */

/* an interrupted PF call consumed nothing and may be retried */
static bool xevfio_migf_fatal(ssize_t ret)
{
	return ret < 0 && ret != -EINTR && ret != -ERESTARTSYS &&
	       ret != -EAGAIN;
}

/* check the state of @migf before an access; caller holds migf->lock */
static ssize_t xevfio_migf_check(struct xevfio_migf *migf, loff_t pos)
{
	lockdep_assert_held(&migf->lock);

	if (migf->disabled)
		return -ENODEV;
	if (migf->error)
		return migf->error;
	if (pos != migf->bytes) {
		xevfio_err(migf->xvf, "migration",
			   "data file at position %lld, stream at %llu\n",
			   pos, migf->bytes);
		return -EINVAL;
	}
	return 0;
}

static ssize_t xevfio_migf_read(struct file *filp, char __user *buf,
				size_t len, loff_t *pos)
{
	struct xevfio_migf *migf = filp->private_data;
	struct xevfio_vf *xvf = migf->xvf;
	ssize_t ret;

	if (pos)
		return -ESPIPE;
	pos = &filp->f_pos;

	guard(mutex)(&migf->lock);
	ret = xevfio_migf_check(migf, *pos);
	if (ret || migf->eof || !len)
		return ret;

	ret = xvf->pf->data_read(xvf, buf, len,
				 filp->f_flags & O_NONBLOCK);
	if (ret > 0) {
		*pos += ret;
		migf->bytes += ret;
	} else if (!ret) {
		WRITE_ONCE(migf->eof, true);
		xevfio_dbg(xvf, "migration", "save stream ended at %llu bytes\n",
			   migf->bytes);
	} else if (xevfio_migf_fatal(ret)) {
		WRITE_ONCE(migf->error, ret);
		xevfio_err(xvf, "migration",
			   "save stream failed at %llu bytes: %pe\n",
			   migf->bytes, ERR_PTR(ret));
	}
	return ret;
}

static ssize_t xevfio_migf_write(struct file *filp, const char __user *buf,
				 size_t len, loff_t *pos)
{
	struct xevfio_migf *migf = filp->private_data;
	struct xevfio_vf *xvf = migf->xvf;
	ssize_t ret;

	if (pos)
		return -ESPIPE;
	pos = &filp->f_pos;

	guard(mutex)(&migf->lock);
	ret = xevfio_migf_check(migf, *pos);
	if (ret || !len)
		return ret;

	ret = xvf->pf->data_write(xvf, buf, len);
	if (ret > 0) {
		*pos += ret;
		migf->bytes += ret;
	} else if (xevfio_migf_fatal(ret)) {
		WRITE_ONCE(migf->error, ret);
		xevfio_err(xvf, "migration",
			   "restore stream failed at %llu bytes: %pe\n",
			   migf->bytes, ERR_PTR(ret));
	}
	return ret;
}

/*
 * Readiness without the file's lock, which a read may hold for as long as
 * its user buffer faults: the save file is readable when the PF has bytes
 * (or the stream ended or failed), the restore file always writable (a
 * write runs to its end); a disabled or failed file reports an error.
 */
static __poll_t xevfio_migf_poll(struct file *filp, poll_table *wait)
{
	struct xevfio_migf *migf = filp->private_data;
	struct xevfio_vf *xvf = migf->xvf;

	poll_wait(filp, &xvf->data_wait, wait);
	if (READ_ONCE(migf->disabled) || READ_ONCE(migf->error))
		return EPOLLERR | EPOLLHUP;
	if (!(filp->f_mode & FMODE_READ))
		return EPOLLOUT | EPOLLWRNORM;
	if (READ_ONCE(migf->eof) || xvf->pf->data_ready(xvf))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static int xevfio_migf_release(struct inode *inode, struct file *filp)
{
	struct xevfio_migf *migf = filp->private_data;

	xevfio_migration_file_disable(migf);
	put_device(&migf->xvf->vdev.device);
	mutex_destroy(&migf->lock);
	kfree(migf);
	return 0;
}

static const struct file_operations xevfio_migf_save_fops = {
	.owner = THIS_MODULE,
	.read = xevfio_migf_read,
	.poll = xevfio_migf_poll,
	.release = xevfio_migf_release,
};

static const struct file_operations xevfio_migf_resume_fops = {
	.owner = THIS_MODULE,
	.write = xevfio_migf_write,
	.poll = xevfio_migf_poll,
	.release = xevfio_migf_release,
};

/**
 * xevfio_migration_file_create() - Create a migration data file.
 * @xvf: the VFIO device.
 * @save: true for the read-only save file, false for the write-only
 *        restore file.
 *
 * The file holds a reference on the device's memory until its release.
 *
 * Context: process context, under @xvf->state_mutex.
 * Return: the file (its one reference belongs to the caller) or an
 * ERR_PTR().
 */
struct xevfio_migf *xevfio_migration_file_create(struct xevfio_vf *xvf, bool save)
{
	struct xevfio_migf *migf;
	struct file *filp;

	lockdep_assert_held(&xvf->state_mutex);

	migf = kzalloc(sizeof(*migf), GFP_KERNEL_ACCOUNT);
	if (!migf)
		return ERR_PTR(-ENOMEM);
	mutex_init(&migf->lock);
	migf->xvf = xvf;

	filp = anon_inode_getfile("xevfio_mig", save ? &xevfio_migf_save_fops :
				  &xevfio_migf_resume_fops, migf,
				  save ? O_RDONLY : O_WRONLY);
	if (IS_ERR(filp)) {
		mutex_destroy(&migf->lock);
		kfree(migf);
		return ERR_CAST(filp);
	}
	stream_open(filp->f_inode, filp);
	get_device(&xvf->vdev.device);
	migf->filp = filp;
	return migf;
}

/**
 * xevfio_migration_file_error() - The errno a data file's stream failed with.
 * @migf: the file.
 *
 * Context: any; lockless (the error is sticky once set).
 * Return: 0 or the negative errno of the PF.
 */
int xevfio_migration_file_error(struct xevfio_migf *migf)
{
	return READ_ONCE(migf->error);
}

/**
 * xevfio_migration_file_disable() - Cut a data file off its device.
 * @migf: the file.
 *
 * Waits for a read or write in flight; every later access fails with
 * -ENODEV.
 *
 * Context: process context; sleeps.
 */
void xevfio_migration_file_disable(struct xevfio_migf *migf)
{
	scoped_guard(mutex, &migf->lock)
		WRITE_ONCE(migf->disabled, true);
	wake_up_all(&migf->xvf->data_wait);
}
