/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VFIO migration state machine of the VFIO variant driver.
 */

#ifndef _XEVFIO_MIGRATION_STATE_H_
#define _XEVFIO_MIGRATION_STATE_H_

#include <linux/vfio.h>

#include <kunit/visibility.h>

struct file;
struct xevfio_vf;

void xevfio_migration_state_init(struct xevfio_vf *xvf);
void xevfio_migration_state_fini(struct xevfio_vf *xvf);
int xevfio_migration_state_open(struct xevfio_vf *xvf);
void xevfio_migration_state_close(struct xevfio_vf *xvf);
int xevfio_migration_state_reset(struct xevfio_vf *xvf);

#if IS_ENABLED(CONFIG_KUNIT)
struct file *xevfio_migration_state_step(struct xevfio_vf *xvf,
					 enum vfio_device_mig_state next);
#endif

#endif
