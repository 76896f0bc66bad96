// SPDX-License-Identifier: GPL-2.0
/*
 * The VFIO variant driver of xesim VFs: module entry.
 */

#include <linux/module.h>

#include "xevfio_vf_device.h"

static int __init xevfio_init(void)
{
	return xevfio_vf_device_driver_register();
}

static void __exit xevfio_exit(void)
{
	xevfio_vf_device_driver_unregister();
}

module_init(xevfio_init);
module_exit(xevfio_exit);

MODULE_DESCRIPTION("VFIO variant driver with migration for xesim VFs");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(XESIM);
MODULE_IMPORT_NS(XEPF);
