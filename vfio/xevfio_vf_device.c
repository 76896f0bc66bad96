// SPDX-License-Identifier: GPL-2.0
/*
 * The VFIO device of an xesim VF and the xesim driver that creates it.
 */

#include <linux/err.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include <kunit/visibility.h>

#include <xepf_vfio.h>
#include <xesim_driver.h>

#include "xevfio_migration_state.h"
#include "xevfio_pf_ops.h"
#include "xevfio_printk.h"
#include "xevfio_vf_device.h"
#include "xevfio_vf_device_types.h"

/**
 * DOC: xevfio VFIO device
 *
 * The driver binds to every xesim VF (``xesim<N>.vf<M>``) whose PF is
 * driven by xepf and registers one &struct vfio_device for it with the VFIO
 * core. The bus device is not PCI and sits behind no IOMMU, so the device
 * is registered with vfio_register_emulated_iommu_dev() and the iommufd
 * emulated bind, unbind, attach and detach ops: the VFIO core offers it
 * through the device cdev (``/dev/vfio/devices/vfio<K>``, found from
 * ``/sys/bus/xesim/devices/xesim<N>.vf<M>/vfio-dev/``) and, where the kernel
 * has the group interface, through an emulated group. The device never pins
 * or reads guest memory, so it has no dma_unmap op.
 *
 * The device is region-less: VFIO_DEVICE_GET_INFO reports no regions and no
 * interrupts, and read, write and mmap of the device fail. The guest does
 * not reach the VF through VFIO at all but through its guest slot (`xesim
 * guest slots`), which the VMM attaches to the VF; the VFIO device carries
 * only what a VMM needs for migration: VFIO_DEVICE_FEATURE with the
 * migration features (`xevfio migration state machine`) and
 * VFIO_DEVICE_RESET, a VF FLR through the PF that returns once the PF has
 * handled it.
 */

static struct xevfio_vf *to_xevfio_vf(struct vfio_device *vdev)
{
	return container_of(vdev, struct xevfio_vf, vdev);
}

static int xevfio_vf_init_dev(struct vfio_device *vdev)
{
	xevfio_migration_state_init(to_xevfio_vf(vdev));
	return 0;
}

static void xevfio_vf_release_dev(struct vfio_device *vdev)
{
	xevfio_migration_state_fini(to_xevfio_vf(vdev));
}

static int xevfio_vf_open_device(struct vfio_device *vdev)
{
	return xevfio_migration_state_open(to_xevfio_vf(vdev));
}

static void xevfio_vf_close_device(struct vfio_device *vdev)
{
	xevfio_migration_state_close(to_xevfio_vf(vdev));
}

static long xevfio_vf_get_info(struct xevfio_vf *xvf, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;

	info.flags = VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = 0;
	info.num_irqs = 0;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long xevfio_vf_ioctl(struct vfio_device *vdev, unsigned int cmd,
			    unsigned long arg)
{
	struct xevfio_vf *xvf = to_xevfio_vf(vdev);

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return xevfio_vf_get_info(xvf, (void __user *)arg);
	case VFIO_DEVICE_RESET:
		return xevfio_migration_state_reset(xvf);
	}
	return -ENOTTY;
}

static const struct vfio_device_ops xevfio_vf_ops = {
	.name = "xevfio",
	.init = xevfio_vf_init_dev,
	.release = xevfio_vf_release_dev,
	.open_device = xevfio_vf_open_device,
	.close_device = xevfio_vf_close_device,
	.ioctl = xevfio_vf_ioctl,
	.bind_iommufd = vfio_iommufd_emulated_bind,
	.unbind_iommufd = vfio_iommufd_emulated_unbind,
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
};

/**
 * xevfio_vf_device_alloc() - Allocate an unregistered VFIO device (for tests).
 * @dev: the parent device.
 * @xdev: the VF bus device, or NULL.
 * @pf: the PF ops.
 * @size: the size of the caller's structure, which starts with the
 *        &struct xevfio_vf.
 *
 * Context: process context.
 * Return: the device (free with vfio_put_device()) or an ERR_PTR().
 */
VISIBLE_IF_KUNIT struct xevfio_vf *xevfio_vf_device_alloc(struct device *dev,
							  struct xesim_device *xdev,
						   const struct xevfio_pf_ops *pf,
						   size_t size)
{
	struct vfio_device *vdev;
	struct xevfio_vf *xvf;

	if (size < sizeof(*xvf))
		return ERR_PTR(-EINVAL);
	vdev = _vfio_alloc_device(size, dev, &xevfio_vf_ops);
	if (IS_ERR(vdev))
		return ERR_CAST(vdev);
	xvf = to_xevfio_vf(vdev);
	xvf->xdev = xdev;
	xvf->pf = pf;
	return xvf;
}
EXPORT_SYMBOL_IF_KUNIT(xevfio_vf_device_alloc);

static int xevfio_vf_probe(struct xesim_device *xdev)
{
	struct device *dev = xesim_to_dev(xdev);
	struct xevfio_vf *xvf;
	int ret;

	if (!xepf_vfio_migration_supported(xdev)) {
		dev_info(dev, "vfio: the PF does not support migration\n");
		return -ENODEV;
	}

	xvf = vfio_alloc_device(xevfio_vf, vdev, dev, &xevfio_vf_ops);
	if (IS_ERR(xvf))
		return PTR_ERR(xvf);
	xvf->xdev = xdev;
	xvf->pf = &xevfio_pf_xepf_ops;

	ret = vfio_register_emulated_iommu_dev(&xvf->vdev);
	if (ret) {
		xevfio_err(xvf, "probe", "VFIO registration failed: %pe\n",
			   ERR_PTR(ret));
		vfio_put_device(&xvf->vdev);
		return ret;
	}
	dev_set_drvdata(dev, xvf);
	xevfio_dbg(xvf, "probe", "registered as %s\n",
		   dev_name(&xvf->vdev.device));
	return 0;
}

static void xevfio_vf_remove(struct xesim_device *xdev)
{
	struct xevfio_vf *xvf = dev_get_drvdata(xesim_to_dev(xdev));

	vfio_unregister_group_dev(&xvf->vdev);
	vfio_put_device(&xvf->vdev);
}

static struct xesim_driver xevfio_vf_driver = {
	.driver.name = "xevfio",
	.type = XESIM_DEVICE_VF,
	.probe = xevfio_vf_probe,
	.remove = xevfio_vf_remove,
};

/**
 * xevfio_vf_device_driver_register() - Register the driver of xesim VFs.
 *
 * Context: process context (module init).
 * Return: 0 or a negative errno.
 */
int xevfio_vf_device_driver_register(void)
{
	return xesim_driver_register(&xevfio_vf_driver);
}

/**
 * xevfio_vf_device_driver_unregister() - Unregister the driver of xesim VFs.
 *
 * Context: process context (module exit).
 */
void xevfio_vf_device_driver_unregister(void)
{
	xesim_driver_unregister(&xevfio_vf_driver);
}
