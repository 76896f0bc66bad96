// SPDX-License-Identifier: GPL-2.0
/*
 * The xesim bus: a software Xe SR-IOV device for out-of-tree development
 * and testing of VF live migration.
 */

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <kunit/visibility.h>

#include "xesim_bus.h"
#include "xesim_debugfs.h"
#include "xesim_gpu.h"
#include "xesim_guc.h"
#include "xesim_gpu_types.h"
#include "xesim_irq.h"
#include "xesim_printk.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"

/**
 * DOC: xesim device model
 *
 * xesim is a software model of an Intel Xe GPU with SR-IOV, built as a bus
 * in the style of netdevsim, so that the host PF driver, the VFIO variant
 * driver and the guest VF driver of this project can be developed and
 * tested without hardware, in one kernel that plays host and guest.
 *
 * The bus ``xesim`` has a root device ``/sys/devices/xesim`` and four
 * control files:
 *
 * - ``/sys/bus/xesim/new_device``, ``del_device``: create and delete GPUs
 *   (`xesim GPU parameters`). Each GPU appears as its PF device
 *   ``xesim<N>``; its ``sriov_numvfs`` creates VF devices ``xesim<N>.vf<M>``.
 * - ``/sys/bus/xesim/new_slot``, ``del_slot``: create and delete guest slots
 *   ``xeslot<S>`` (`xesim guest slots`), the VM boundary.
 *
 * Drivers bind by device type (`xesim driver API`): the PF driver to PFs,
 * the VFIO driver to VFs, the guest VF driver to guest slots. The header
 * xesim_driver.h is all they see of the device.
 *
 * Inside, a GPU (&struct xesim_gpu) holds what its functions share:
 *
 * - the GGTT, an array of PTEs with per-VF ranges (`xesim GGTT`);
 * - VRAM, sparse pages (`xesim VRAM`), given to VFs through per-VF
 *   translation tables (`xesim LMTT`);
 * - the functions (&struct xesim_fn): PF and VFs, each with registers
 *   (`xesim registers`), GuC interrupt state (`xesim interrupts`), and an
 *   IOMMU domain for its accesses to system memory (`xesim DMA isolation`);
 * - failure knobs (`xesim failure knobs`) and debugfs state
 *   (`xesim debugfs`).
 *
 * The GuC firmware and engine models plug into the device from inside
 * (`xesim device model interface`); drivers never call them.
 *
 * Lifetimes: a GPU is reference counted; its functions and slots are
 * driver-core devices whose release frees them. Deleting a GPU or disabling
 * VFs unbinds drivers first, then detaches guest slots, then removes the
 * devices; a guest slot whose VF went away fails driver calls with -ENODEV.
 */

/* Live objects, for leak checks. */
struct xesim_objects xesim_objects;
EXPORT_SYMBOL_IF_KUNIT(xesim_objects);

static DEFINE_MUTEX(xesim_bus_lock);
static LIST_HEAD(xesim_gpus);
static LIST_HEAD(xesim_slots);
static bool xesim_bus_up;
static struct device *xesim_root;

static struct xesim_device *to_xesim_device(struct device *dev)
{
	return container_of(dev, struct xesim_device, dev);
}

static struct xesim_driver *to_xesim_driver(struct device_driver *drv)
{
	return container_of(drv, struct xesim_driver, driver);
}

/**
 * xesim_bus_root() - The parent of PFs and guest slots.
 *
 * Return: the root device.
 */
struct device *xesim_bus_root(void)
{
	return xesim_root;
}

/**
 * xesim_bus_get_gpu() - Look up a GPU by number and reference it.
 * @id: the GPU number.
 *
 * Return: the GPU, released with xesim_gpu_put(), or NULL when there is
 * none or it is being deleted.
 */
struct xesim_gpu *xesim_bus_get_gpu(unsigned int id)
{
	struct xesim_gpu *gpu;

	guard(mutex)(&xesim_bus_lock);
	list_for_each_entry(gpu, &xesim_gpus, link) {
		if (gpu->id == id && !gpu->dying) {
			xesim_gpu_get(gpu);
			return gpu;
		}
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_bus_get_gpu);

/**
 * xesim_bus_link_gpu() - Add a new GPU to the bus's list.
 * @gpu: the GPU.
 *
 * Return: 0, -EEXIST when the number is in use, -ENODEV while the bus
 * shuts down.
 */
int xesim_bus_link_gpu(struct xesim_gpu *gpu)
{
	struct xesim_gpu *other;

	guard(mutex)(&xesim_bus_lock);
	if (!xesim_bus_up)
		return -ENODEV;
	list_for_each_entry(other, &xesim_gpus, link) {
		if (other->id == gpu->id) {
			xesim_bus_err("device %u exists\n", gpu->id);
			return -EEXIST;
		}
	}
	list_add_tail(&gpu->link, &xesim_gpus);
	return 0;
}

/**
 * xesim_bus_claim_gpu() - Claim the deletion of a GPU.
 * @gpu: the GPU.
 *
 * Return: true for the first caller, who then deletes it.
 */
bool xesim_bus_claim_gpu(struct xesim_gpu *gpu)
{
	guard(mutex)(&xesim_bus_lock);
	if (gpu->dying)
		return false;
	WRITE_ONCE(gpu->dying, true);
	return true;
}

/**
 * xesim_bus_unlink_gpu() - Remove a GPU from the bus's list; its number
 * becomes free.
 * @gpu: the GPU.
 */
void xesim_bus_unlink_gpu(struct xesim_gpu *gpu)
{
	guard(mutex)(&xesim_bus_lock);
	list_del_init(&gpu->link);
}

/**
 * xesim_bus_link_slot() - Add a new guest slot to the bus's list.
 * @slot: the slot.
 *
 * Return: 0, -EEXIST when the number is in use, -ENODEV while the bus
 * shuts down.
 */
int xesim_bus_link_slot(struct xesim_slot *slot)
{
	struct xesim_slot *other;

	guard(mutex)(&xesim_bus_lock);
	if (!xesim_bus_up)
		return -ENODEV;
	list_for_each_entry(other, &xesim_slots, link) {
		if (other->id == slot->id) {
			xesim_bus_err("slot %u exists\n", slot->id);
			return -EEXIST;
		}
	}
	list_add_tail(&slot->link, &xesim_slots);
	return 0;
}

/**
 * xesim_bus_claim_slot() - Claim the deletion of a guest slot.
 * @slot: the slot.
 *
 * Return: true for the first caller, who then deletes it.
 */
bool xesim_bus_claim_slot(struct xesim_slot *slot)
{
	guard(mutex)(&xesim_bus_lock);
	if (slot->deleted)
		return false;
	slot->deleted = true;
	return true;
}

/**
 * xesim_bus_unlink_slot() - Remove a guest slot from the bus's list; its
 * number becomes free.
 * @slot: the slot.
 */
void xesim_bus_unlink_slot(struct xesim_slot *slot)
{
	guard(mutex)(&xesim_bus_lock);
	list_del_init(&slot->link);
}

/* look up a slot not being deleted, with a device reference */
static struct xesim_slot *xesim_bus_get_slot(unsigned int id)
{
	struct xesim_slot *slot;

	guard(mutex)(&xesim_bus_lock);
	list_for_each_entry(slot, &xesim_slots, link) {
		if (slot->id == id && !slot->deleted) {
			get_device(&slot->xdev.dev);
			return slot;
		}
	}
	return NULL;
}

static int xesim_bus_parse_id(const char *what, const char *buf,
			      unsigned int *id)
{
	if (kstrtouint(buf, 0, id) || *id > INT_MAX) {
		xesim_bus_err("%s: expected \"<id>\" (a number)\n", what);
		return -EINVAL;
	}
	return 0;
}

/**
 * xesim_bus_new_device() - Handle a write to ``new_device``.
 * @buf: "ID [key=value ...]" (`xesim GPU parameters`).
 *
 * Return: 0 or a negative errno, logged.
 */
VISIBLE_IF_KUNIT int xesim_bus_new_device(const char *buf)
{
	struct xesim_gpu_params params;
	struct xesim_gpu *gpu;
	int err;

	err = xesim_gpu_parse_params(buf, &params);
	if (err)
		return err;
	err = xesim_gpu_create(&params, &gpu);
	if (err)
		xesim_bus_err("new_device %u failed: %pe\n", params.id,
			      ERR_PTR(err));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_bus_new_device);

/**
 * xesim_bus_del_device() - Handle a write to ``del_device``.
 * @buf: "ID".
 *
 * Return: 0, -EINVAL or -ENOENT, logged.
 */
VISIBLE_IF_KUNIT int xesim_bus_del_device(const char *buf)
{
	struct xesim_gpu *gpu;
	unsigned int id;
	int err;

	err = xesim_bus_parse_id("del_device", buf, &id);
	if (err)
		return err;
	gpu = xesim_bus_get_gpu(id);
	if (!gpu) {
		xesim_bus_err("del_device: no device %u\n", id);
		return -ENOENT;
	}
	xesim_gpu_destroy(gpu);
	xesim_gpu_put(gpu);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_bus_del_device);

/**
 * xesim_bus_new_slot() - Handle a write to ``new_slot``.
 * @buf: "ID".
 *
 * Return: 0 or a negative errno, logged.
 */
VISIBLE_IF_KUNIT int xesim_bus_new_slot(const char *buf)
{
	struct xesim_slot *slot;
	unsigned int id;
	int err;

	err = xesim_bus_parse_id("new_slot", buf, &id);
	if (err)
		return err;
	err = xesim_slot_create(id, NULL, &slot);
	if (err)
		xesim_bus_err("new_slot %u failed: %pe\n", id, ERR_PTR(err));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_bus_new_slot);

/**
 * xesim_bus_del_slot() - Handle a write to ``del_slot``.
 * @buf: "ID".
 *
 * Return: 0, -EINVAL or -ENOENT, logged.
 */
VISIBLE_IF_KUNIT int xesim_bus_del_slot(const char *buf)
{
	struct xesim_slot *slot;
	unsigned int id;
	int err;

	err = xesim_bus_parse_id("del_slot", buf, &id);
	if (err)
		return err;
	slot = xesim_bus_get_slot(id);
	if (!slot) {
		xesim_bus_err("del_slot: no slot %u\n", id);
		return -ENOENT;
	}
	xesim_slot_destroy(slot);
	put_device(&slot->xdev.dev);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_bus_del_slot);

static ssize_t new_device_store(const struct bus_type *bus, const char *buf,
				size_t count)
{
	return xesim_bus_new_device(buf) ?: count;
}
static BUS_ATTR_WO(new_device);

static ssize_t del_device_store(const struct bus_type *bus, const char *buf,
				size_t count)
{
	return xesim_bus_del_device(buf) ?: count;
}
static BUS_ATTR_WO(del_device);

static ssize_t new_slot_store(const struct bus_type *bus, const char *buf,
			      size_t count)
{
	return xesim_bus_new_slot(buf) ?: count;
}
static BUS_ATTR_WO(new_slot);

static ssize_t del_slot_store(const struct bus_type *bus, const char *buf,
			      size_t count)
{
	return xesim_bus_del_slot(buf) ?: count;
}
static BUS_ATTR_WO(del_slot);

static struct bus_attribute *const xesim_bus_attrs[] = {
	&bus_attr_new_device,
	&bus_attr_del_device,
	&bus_attr_new_slot,
	&bus_attr_del_slot,
};

static int xesim_bus_match(struct device *dev, const struct device_driver *drv)
{
	const struct xesim_driver *xdrv =
		container_of_const(drv, struct xesim_driver, driver);
	struct xesim_device *xdev = to_xesim_device(dev);

	if (xdrv->type != xdev->type)
		return 0;
	if (xdev->type == XESIM_DEVICE_SLOT) {
		if (!READ_ONCE(xesim_to_slot(xdev)->was_attached))
			return 0;
	} else if (READ_ONCE(xesim_gpu_to_fn(xdev)->gpu->dying)) {
		return 0;
	}
	if (xdev->bind_only)
		return !strcmp(xdev->bind_only, drv->name);
	return 1;
}

static int xesim_bus_probe(struct device *dev)
{
	struct xesim_driver *xdrv = to_xesim_driver(dev->driver);

	return xdrv->probe(to_xesim_device(dev));
}

static void xesim_bus_remove(struct device *dev)
{
	struct xesim_driver *xdrv = to_xesim_driver(dev->driver);
	struct xesim_device *xdev = to_xesim_device(dev);

	if (xdrv->remove)
		xdrv->remove(xdev);

	/* what the driver left behind, as unbinding from an IOMMU would */
	if (xdev->type == XESIM_DEVICE_SLOT)
		xesim_slot_unbind(xesim_to_slot(xdev));
	else
		xesim_gpu_fn_unbind(xesim_gpu_to_fn(xdev));
}

static int xesim_bus_num_vf(struct device *dev)
{
	struct xesim_device *xdev = to_xesim_device(dev);

	if (xdev->type != XESIM_DEVICE_PF)
		return 0;
	return READ_ONCE(xesim_gpu_to_fn(xdev)->gpu->num_vfs);
}

/* The xesim bus. */
const struct bus_type xesim_bus_type = {
	.name = "xesim",
	.match = xesim_bus_match,
	.probe = xesim_bus_probe,
	.remove = xesim_bus_remove,
	.num_vf = xesim_bus_num_vf,
};

/**
 * __xesim_driver_register() - Register a driver on the xesim bus.
 * @drv: the driver; @drv->driver.name, @drv->type and @drv->probe set.
 * @owner: the driver's module.
 *
 * Use the xesim_driver_register() macro.
 *
 * Context: process context.
 * Return: 0, -EINVAL (logged) for an incomplete driver, or the driver
 * core's error.
 */
int __xesim_driver_register(struct xesim_driver *drv, struct module *owner)
{
	if (!drv->driver.name || !drv->probe || drv->type < XESIM_DEVICE_PF ||
	    drv->type > XESIM_DEVICE_SLOT ||
	    (drv->sriov_configure && drv->type != XESIM_DEVICE_PF)) {
		xesim_bus_err("driver %s: needs a name, a probe and a device type (sriov_configure for PFs only)\n",
			      drv->driver.name ?: "(unnamed)");
		return -EINVAL;
	}
	drv->driver.bus = &xesim_bus_type;
	drv->driver.owner = owner;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_NS_GPL(__xesim_driver_register, XESIM);

/**
 * xesim_driver_unregister() - Unregister a driver; it is unbound from all
 * its devices first.
 * @drv: the driver.
 *
 * Context: process context.
 */
void xesim_driver_unregister(struct xesim_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_NS_GPL(xesim_driver_unregister, XESIM);

/* delete every GPU and slot still there (module exit) */
static void xesim_bus_delete_all(void)
{
	struct xesim_slot *slot;
	struct xesim_gpu *gpu;

	for (;;) {
		scoped_guard(mutex, &xesim_bus_lock) {
			slot = list_first_entry_or_null(&xesim_slots,
							struct xesim_slot, link);
			if (slot)
				get_device(&slot->xdev.dev);
		}
		if (!slot)
			break;
		xesim_slot_destroy(slot);
		put_device(&slot->xdev.dev);
	}
	for (;;) {
		scoped_guard(mutex, &xesim_bus_lock) {
			gpu = list_first_entry_or_null(&xesim_gpus,
						       struct xesim_gpu, link);
			if (gpu)
				xesim_gpu_get(gpu);
		}
		if (!gpu)
			break;
		xesim_gpu_destroy(gpu);
		xesim_gpu_put(gpu);
	}
}

static int __init xesim_init(void)
{
	int err, i;

	err = xesim_guc_model_register();
	if (err)
		return err;
	err = xesim_irq_wq_init();
	if (err)
		return err;
	xesim_debugfs_init();

	xesim_root = root_device_register("xesim");
	if (IS_ERR(xesim_root)) {
		err = PTR_ERR(xesim_root);
		goto err_debugfs_fini;
	}
	err = bus_register(&xesim_bus_type);
	if (err)
		goto err_root_unregister;
	for (i = 0; i < ARRAY_SIZE(xesim_bus_attrs); i++) {
		err = bus_create_file(&xesim_bus_type, xesim_bus_attrs[i]);
		if (err)
			goto err_remove_files;
	}

	scoped_guard(mutex, &xesim_bus_lock)
		xesim_bus_up = true;
	return 0;

err_remove_files:
	while (i--)
		bus_remove_file(&xesim_bus_type, xesim_bus_attrs[i]);
	bus_unregister(&xesim_bus_type);
err_root_unregister:
	root_device_unregister(xesim_root);
err_debugfs_fini:
	xesim_debugfs_fini();
	xesim_irq_wq_fini();
	return err;
}

static void __exit xesim_exit(void)
{
	int i;

	/* no new objects: writers in flight finish before the files go */
	for (i = 0; i < ARRAY_SIZE(xesim_bus_attrs); i++)
		bus_remove_file(&xesim_bus_type, xesim_bus_attrs[i]);
	scoped_guard(mutex, &xesim_bus_lock)
		xesim_bus_up = false;

	xesim_bus_delete_all();
	bus_unregister(&xesim_bus_type);
	root_device_unregister(xesim_root);
	xesim_debugfs_fini();
	xesim_irq_wq_fini();
}

module_init(xesim_init);
module_exit(xesim_exit);

MODULE_DESCRIPTION("Software Intel Xe SR-IOV device for VF migration testing");
MODULE_LICENSE("GPL");
