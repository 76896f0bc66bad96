/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VFIO variant driver of xesim VFs: what its KUnit tests reach.
 */

#ifndef _XEVFIO_MAIN_H_
#define _XEVFIO_MAIN_H_

#include <linux/types.h>
#include <linux/vfio.h>

#include <kunit/visibility.h>

struct device;
struct file;
struct xesim_device;
struct xevfio_pf_ops;
struct xevfio_vf;

#if IS_ENABLED(CONFIG_KUNIT)
struct xevfio_vf *xevfio_main_vf_alloc(struct device *dev, struct xesim_device *xdev,
				       const struct xevfio_pf_ops *pf, size_t size);
struct file *xevfio_main_mig_step(struct xevfio_vf *xvf, enum vfio_device_mig_state next);
#endif

#endif
