// SPDX-License-Identifier: GPL-2.0
/*
 * The guest VF DRM driver "xe": the xesim slot driver, the DRM driver and
 * the module.
 */

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <kunit/visibility.h>
#include <linux/module.h>

#include <xesim_driver.h>

#include <drm/xe_drm.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "xevf_bo.h"
#include "xevf_debugfs.h"
#include "xevf_device.h"
#include "xevf_device_types.h"
#include "xevf_drv.h"
#include "xevf_exec.h"
#include "xevf_exec_queue.h"
#include "xevf_printk.h"
#include "xevf_query.h"
#include "xevf_vm.h"
#include "xevf_vm_bind.h"
#include "xevf_vm_types.h"

#define XEVF_DRIVER_NAME	"xe"
#define XEVF_DRIVER_DESC	"Intel Xe Graphics (SR-IOV VF)"
#define XEVF_DRIVER_DATE	"20201103"
#define XEVF_DRIVER_MAJOR	1
#define XEVF_DRIVER_MINOR	1

static LIST_HEAD(xevf_devices);
static DEFINE_MUTEX(xevf_devices_lock);

DEFINE_DRM_GEM_FOPS(xevf_fops);

static int xevf_open(struct drm_device *drm, struct drm_file *file)
{
	struct xevf_file *xef;

	xef = kzalloc(sizeof(*xef), GFP_KERNEL);
	if (!xef)
		return -ENOMEM;
	xef->xe = container_of(drm, struct xevf_device, drm);
	mutex_init(&xef->lock);
	xa_init_flags(&xef->vms, XA_FLAGS_ALLOC1);
	xa_init_flags(&xef->exec_queues, XA_FLAGS_ALLOC1);
	file->driver_priv = xef;
	return 0;
}

static void xevf_postclose(struct drm_device *drm, struct drm_file *file)
{
	struct xevf_file *xef = file->driver_priv;
	struct xevf_vm *vm;
	unsigned long id;

	xevf_exec_queue_file_close(xef);
	xa_for_each(&xef->vms, id, vm) {
		xevf_vm_close(vm);
		xevf_vm_put(vm);
	}
	xa_destroy(&xef->vms);
	xa_destroy(&xef->exec_queues);
	mutex_destroy(&xef->lock);
	kfree(xef);
}

static const struct drm_ioctl_desc xevf_ioctls[] = {
	DRM_IOCTL_DEF_DRV(XE_DEVICE_QUERY, xevf_query_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_GEM_CREATE, xevf_gem_create_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_GEM_MMAP_OFFSET, xevf_gem_mmap_offset_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_VM_CREATE, xevf_vm_create_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_VM_DESTROY, xevf_vm_destroy_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_VM_BIND, xevf_vm_bind_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_EXEC_QUEUE_CREATE, xevf_exec_queue_create_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_EXEC_QUEUE_DESTROY, xevf_exec_queue_destroy_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_EXEC_QUEUE_GET_PROPERTY, xevf_exec_queue_get_property_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_EXEC, xevf_exec_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(XE_WAIT_USER_FENCE, xevf_wait_user_fence_ioctl,
			  DRM_RENDER_ALLOW),
};

static const struct drm_driver xevf_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_RENDER | DRIVER_SYNCOBJ |
			   DRIVER_SYNCOBJ_TIMELINE | DRIVER_GEM_GPUVA,
	.open = xevf_open,
	.postclose = xevf_postclose,
	.ioctls = xevf_ioctls,
	.num_ioctls = ARRAY_SIZE(xevf_ioctls),
	.fops = &xevf_fops,
	.name = XEVF_DRIVER_NAME,
	.desc = XEVF_DRIVER_DESC,
	.date = XEVF_DRIVER_DATE,
	.major = XEVF_DRIVER_MAJOR,
	.minor = XEVF_DRIVER_MINOR,
};

static int xevf_probe(struct xesim_device *xdev)
{
	struct device *dev = xesim_to_dev(xdev);
	struct xevf_device *xe;
	int err;

	xe = devm_drm_dev_alloc(dev, &xevf_drm_driver, struct xevf_device, drm);
	if (IS_ERR(xe))
		return PTR_ERR(xe);
	xe->xdev = xdev;
	INIT_LIST_HEAD(&xe->link);
	dev_set_drvdata(dev, xe);
	err = xevf_device_init(xe);
	if (err) {
		xevf_device_hw_gone(xe);
		return err;
	}
	xevf_debugfs_register(xe);
	err = drm_dev_register(&xe->drm, 0);
	if (err) {
		xevf_err(xe, "probe", "DRM registration failed: %pe\n", ERR_PTR(err));
		xevf_device_fini(xe);
		xevf_device_hw_gone(xe);
		return err;
	}
	scoped_guard(mutex, &xevf_devices_lock)
		list_add_tail(&xe->link, &xevf_devices);
	return 0;
}

static void xevf_remove(struct xesim_device *xdev)
{
	struct xevf_device *xe = dev_get_drvdata(xesim_to_dev(xdev));

	scoped_guard(mutex, &xevf_devices_lock)
		list_del_init(&xe->link);
	drm_dev_unplug(&xe->drm);
	xevf_device_fini(xe);
	xevf_device_hw_gone(xe);
}

/**
 * xevf_drv_find() - Find a bound device by the name of its guest slot.
 * @slot_name: e.g. "xeslot0".
 *
 * Context: process context. The device stays valid while it is bound.
 * Return: the device or NULL.
 */
struct xevf_device *xevf_drv_find(const char *slot_name)
{
	struct xevf_device *xe;

	guard(mutex)(&xevf_devices_lock);
	list_for_each_entry(xe, &xevf_devices, link)
		if (!strcmp(dev_name(xesim_to_dev(xe->xdev)), slot_name))
			return xe;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_drv_find);

static struct xesim_driver xevf_driver = {
	.driver.name = "xevf",
	.type = XESIM_DEVICE_SLOT,
	.probe = xevf_probe,
	.remove = xevf_remove,
};

static int __init xevf_init(void)
{
	int err;

	err = xevf_vm_bind_module_init();
	if (err)
		return err;
	err = xesim_driver_register(&xevf_driver);
	if (err)
		xevf_vm_bind_module_exit();
	return err;
}

static void __exit xevf_exit(void)
{
	xesim_driver_unregister(&xevf_driver);
	xevf_vm_bind_module_exit();
}

module_init(xevf_init);
module_exit(xevf_exit);

MODULE_DESCRIPTION("Guest VF DRM driver (xe uAPI subset) of the simulated Xe SR-IOV device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(XESIM);
