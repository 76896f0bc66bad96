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
 * @filp: the anonymous file handed to userspace.
 * @xvf: the VFIO device; its memory is held by a reference on
 *       @xvf->vdev.device; the file makes PF calls only while not @disabled
 *       and never touches the device's migration state.
 * @lock: serializes reads or writes with each other and with disabling;
 *        protects every member below.
 * @disabled: the device left the file's state: every access fails with
 *            -ENODEV.
 * @error: the stream failed with this errno; every access returns it.
 *         Written under @lock, read locklessly by the device.
 * @eof: a save stream returned its last byte.
 * @bytes: bytes moved so far; must equal the file position.
 */
struct xevfio_migf {
	struct file *filp;
	struct xevfio_vf *xvf;
	struct mutex lock; /* serializes accesses and disabling */
	bool disabled;
	int error;
	bool eof;
	u64 bytes;
};

#endif
