/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A migration data file of the VFIO variant driver.
 */

#ifndef _XEVFIO_MIGRATION_FILE_TYPES_H_
#define _XEVFIO_MIGRATION_FILE_TYPES_H_

#include <linux/mutex.h>
#include <linux/types.h>

struct file;
struct xevfio_vf;

/**
 * struct xevfio_migf - A migration data file (save or restore stream).
 */
struct xevfio_migf {
	/** @filp: the anonymous file handed to userspace. */
	struct file *filp;
	/**
	 * @xvf: the VFIO device; its memory is held by a reference on
	 *       @xvf->vdev.device; the file makes PF calls only while not @disabled
	 *       and never touches the device's migration state.
	 */
	struct xevfio_vf *xvf;
	/**
	 * @lock: serializes reads or writes with each other and with disabling;
	 *        protects every member below.
	 */
	struct mutex lock; /* serializes accesses and disabling */
	/**
	 * @disabled: the device left the file's state: every access fails with
	 *            -ENODEV.
	 */
	bool disabled;
	/**
	 * @error: the stream failed with this errno; every access returns it.
	 *         Written under @lock, read locklessly by the device.
	 */
	int error;
	/** @eof: a save stream returned its last byte. */
	bool eof;
	/** @bytes: bytes moved so far; must equal the file position. */
	u64 bytes;
};

#endif
