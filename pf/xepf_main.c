// SPDX-License-Identifier: GPL-2.0
/*
 * The host PF driver of the simulated Xe SR-IOV device: module entry.
 */

#include <linux/module.h>

#include "xepf_pf.h"

static int __init xepf_init(void)
{
	return xepf_pf_register();
}

static void __exit xepf_exit(void)
{
	xepf_pf_unregister();
}

module_init(xepf_init);
module_exit(xepf_exit);

MODULE_DESCRIPTION("Xe SR-IOV PF driver for the xesim device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(XESIM);
