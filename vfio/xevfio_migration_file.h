/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Migration data files of the VFIO variant driver.
 */

#ifndef _XEVFIO_MIGRATION_FILE_H_
#define _XEVFIO_MIGRATION_FILE_H_

#include <linux/types.h>

struct xevfio_migf;
struct xevfio_vf;

struct xevfio_migf *xevfio_migration_file_create(struct xevfio_vf *xvf, bool save);
void xevfio_migration_file_disable(struct xevfio_migf *migf);
int xevfio_migration_file_error(struct xevfio_migf *migf);

#endif
