/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VFIO device of an xesim VF and the driver that creates it.
 */

#ifndef _XEVFIO_VF_DEVICE_H_
#define _XEVFIO_VF_DEVICE_H_

#include <linux/types.h>

#include <kunit/visibility.h>

struct device;
struct xesim_device;
struct xevfio_pf_ops;
struct xevfio_vf;

int xevfio_vf_device_driver_register(void);
void xevfio_vf_device_driver_unregister(void);

#if IS_ENABLED(CONFIG_KUNIT)
struct xevfio_vf *xevfio_vf_device_alloc(struct device *dev,
					 struct xesim_device *xdev,
				  const struct xevfio_pf_ops *pf, size_t size);
#endif

#endif
