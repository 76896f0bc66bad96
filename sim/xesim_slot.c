// SPDX-License-Identifier: GPL-2.0
/*
 * Guest slots of the simulated device: the VM boundary.
 */

#include <linux/cleanup.h>
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <kunit/visibility.h>

#include "xesim_bus.h"
#include "xesim_debugfs.h"
#include "xesim_dma.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_irq.h"
#include "xesim_knob.h"
#include "xesim_printk.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"

/**
 * DOC: xesim guest slots
 *
 * A guest slot is the VF as a VM sees it, and the only device the guest VF
 * driver binds to. The VMM role creates slots and moves them between VFs
 * through sysfs::
 *
 *   echo S > /sys/bus/xesim/new_slot              # creates xeslotS
 *   echo "N V" > /sys/bus/xesim/devices/xeslotS/attach   # to xesimN.vfV
 *   echo 1 > /sys/bus/xesim/devices/xeslotS/freeze        # stop the guest
 *   echo "M W" > /sys/bus/xesim/devices/xeslotS/attach   # re-attach
 *   echo 0 > /sys/bus/xesim/devices/xeslotS/freeze        # resume it
 *   echo none > /sys/bus/xesim/devices/xeslotS/attach     # detach
 *   echo S > /sys/bus/xesim/del_slot
 *
 * Reading ``attach`` gives "N V" or "none", reading ``freeze`` 1 or 0.
 *
 * Rules:
 *
 * - A fresh slot may be attached at any time. Drivers are matched to a slot
 *   once it is attached and not frozen.
 * - Re-attaching an attached slot (to another VF, on any GPU) is allowed
 *   only while it is frozen; otherwise -EBUSY. Detaching needs a frozen slot
 *   or one without a driver.
 * - A VF takes at most one slot (-EBUSY).
 * - While frozen, every driver call through the slot (registers, GGTT
 *   window, VRAM, DMA map, info) waits, killable, until the thaw; freezing
 *   itself waits for the calls in flight, so once ``freeze`` returns nothing
 *   of the guest reaches any device. MSIs are held and delivered exactly
 *   once at the thaw, by whatever VF the slot is attached to then.
 * - On re-attach and detach the CPU mappings of the slot's VRAM are zapped
 *   (in the address space the driver gave with xesim_vram_set_mapping()),
 *   so the next touch faults and the driver resolves the VF offset again
 *   with xesim_vram_get_page(), on the new VF's memory.
 * - The slot owns the guest's DMA domain, which moves with it.
 * - When the VF goes away (SR-IOV disable, GPU deletion) the slot is
 *   detached and calls through it fail with -ENODEV. Deleting a slot fails
 *   calls with -ENODEV too, after unbinding its driver (with the device
 *   still reachable, unless the slot is frozen).
 */

static struct xesim_slot *to_xesim_slot(struct device *dev)
{
	return container_of(dev, struct xesim_slot, xdev.dev);
}

/**
 * xesim_to_slot() - The guest slot of a bus device of type SLOT.
 * @xdev: the bus device.
 *
 * Return: the slot.
 */
struct xesim_slot *xesim_to_slot(struct xesim_device *xdev)
{
	return container_of(xdev, struct xesim_slot, xdev);
}

/* zap the CPU mappings of the slot's VRAM; caller holds state_lock */
static void xesim_slot_zap(struct xesim_slot *slot)
{
	lockdep_assert_held(&slot->state_lock);

	if (!slot->mapping)
		return;
	unmap_mapping_range(slot->mapping, 0, 0, 1);
	atomic64_inc(&slot->stats.zaps);
}

/* link slot and VF; caller holds state_lock and the gate for writing */
static void xesim_slot_link(struct xesim_slot *slot, struct xesim_fn *fn)
{
	get_device(&fn->xdev.dev);
	scoped_guard(spinlock, &fn->lock) {
		fn->slot = slot;
		fn->dma = slot->dma;
	}
	slot->fn = fn;
	slot->was_attached = true;
}

/* unlink the slot's VF; returns it for put_device() */
static struct xesim_fn *xesim_slot_unlink(struct xesim_slot *slot)
{
	struct xesim_fn *fn = slot->fn;

	if (!fn)
		return NULL;
	scoped_guard(spinlock, &fn->lock) {
		fn->slot = NULL;
		fn->dma = NULL;
	}
	slot->fn = NULL;
	return fn;
}

/* detach the slot from its VF; caller holds state_lock */
static void __xesim_slot_detach(struct xesim_slot *slot)
{
	struct xesim_fn *old;

	lockdep_assert_held(&slot->state_lock);

	down_write(&slot->gate);
	old = xesim_slot_unlink(slot);
	up_write(&slot->gate);
	if (!old)
		return;
	xesim_info(&slot->xdev, "detached from %s\n", dev_name(&old->xdev.dev));
	put_device(&old->xdev.dev);
	xesim_slot_zap(slot);
}

/* let drivers bind to an attached, running slot */
static void xesim_slot_probe(struct xesim_slot *slot)
{
	struct device *dev = &slot->xdev.dev;
	int ret;

	if (READ_ONCE(dev->driver))
		return;
	ret = device_attach(dev);
	if (ret < 0)
		xesim_err(&slot->xdev, "driver probe failed: %pe\n",
			  ERR_PTR(ret));
}

/* why @slot may not take @fn now (logged), or 0; caller holds state_lock */
static int xesim_slot_attach_refusal(struct xesim_slot *slot,
				     struct xesim_fn *fn)
{
	if (slot->fn && !slot->frozen) {
		xesim_err(&slot->xdev, "attach: attached to %s and running; re-attach only while frozen\n",
			  dev_name(&slot->fn->xdev.dev));
		return -EBUSY;
	}
	if (READ_ONCE(fn->slot)) {
		xesim_err(&slot->xdev, "attach: %s already has a guest slot\n",
			  dev_name(&fn->xdev.dev));
		return -EBUSY;
	}
	if (xesim_knob_fail(fn->gpu, XESIM_KNOB_SLOT_ATTACH))
		return -EIO;
	return 0;
}

/* attach @slot to @fn; caller holds state_lock; sets *@probe to probe after */
static int xesim_slot_attach_locked(struct xesim_slot *slot,
				    struct xesim_fn *fn, bool *probe)
{
	struct xesim_fn *old;
	int err;

	lockdep_assert_held(&slot->state_lock);

	if (slot->dying)
		return -ENODEV;
	if (slot->fn == fn)
		return 0;
	err = xesim_slot_attach_refusal(slot, fn);
	if (err) {
		atomic64_inc(&slot->stats.refused);
		return err;
	}

	down_write(&slot->gate);
	old = xesim_slot_unlink(slot);
	xesim_slot_link(slot, fn);
	up_write(&slot->gate);

	atomic64_inc(&slot->stats.attaches);
	if (old) {
		xesim_info(&slot->xdev, "re-attached from %s to %s\n",
			   dev_name(&old->xdev.dev), dev_name(&fn->xdev.dev));
		put_device(&old->xdev.dev);
		xesim_slot_zap(slot);
	} else {
		xesim_info(&slot->xdev, "attached to %s\n",
			   dev_name(&fn->xdev.dev));
	}
	*probe = !slot->frozen;
	return 0;
}

/* attach @slot to VF @vfid of @gpu, under its sriov_lock and state_lock */
static int xesim_slot_attach_vf(struct xesim_slot *slot, struct xesim_gpu *gpu,
				unsigned int gpu_id, unsigned int vfid,
				bool *probe)
{
	struct xesim_fn *fn;
	int err;

	guard(mutex)(&gpu->sriov_lock);
	fn = xesim_gpu_get_fn(gpu, vfid);
	if (!fn) {
		xesim_err(&slot->xdev, "attach: xesim%u.vf%u is not enabled\n",
			  gpu_id, vfid);
		return -ENODEV;
	}
	scoped_guard(mutex, &slot->state_lock)
		err = xesim_slot_attach_locked(slot, fn, probe);
	xesim_gpu_put_fn(fn);
	return err;
}

/**
 * xesim_slot_attach() - Attach a slot to a VF, or re-attach it.
 * @slot: the slot.
 * @gpu_id: the GPU number (``xesim<gpu_id>``).
 * @vfid: the VF, 1-based.
 *
 * Context: process context; may sleep. Takes &xesim_gpu.sriov_lock.
 * Return: 0; -ENODEV when the GPU, the VF or the slot does not exist
 * (any more); -EINVAL for a VFID the GPU cannot have; -EBUSY to re-attach
 * a slot that is not frozen or to attach a VF that has a slot; -EIO when
 * the fail_slot_attach knob fires. Every error is logged.
 */
int xesim_slot_attach(struct xesim_slot *slot, unsigned int gpu_id,
		      unsigned int vfid)
{
	struct xesim_gpu *gpu;
	bool probe = false;
	int err;

	gpu = xesim_bus_get_gpu(gpu_id);
	if (!gpu) {
		xesim_err(&slot->xdev, "attach: no device xesim%u\n", gpu_id);
		return -ENODEV;
	}
	if (!vfid || vfid > gpu->params.max_vfs) {
		xesim_err(&slot->xdev, "attach: xesim%u has no VF %u (1..%u)\n",
			  gpu_id, vfid, gpu->params.max_vfs);
		err = -EINVAL;
	} else {
		err = xesim_slot_attach_vf(slot, gpu, gpu_id, vfid, &probe);
	}
	xesim_gpu_put(gpu);
	if (probe)
		xesim_slot_probe(slot);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_slot_attach);

/**
 * xesim_slot_detach() - Detach a slot from its VF.
 * @slot: the slot.
 *
 * Context: process context; may sleep.
 * Return: 0 (also when not attached), or -EBUSY (logged) when the slot is
 * running with a driver bound.
 */
int xesim_slot_detach(struct xesim_slot *slot)
{
	guard(mutex)(&slot->state_lock);
	if (slot->fn && !slot->frozen && READ_ONCE(slot->xdev.dev.driver)) {
		xesim_err(&slot->xdev, "detach: running with a driver bound; freeze first\n");
		atomic64_inc(&slot->stats.refused);
		return -EBUSY;
	}
	__xesim_slot_detach(slot);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_slot_detach);

/* freeze or thaw @slot; caller holds state_lock; sets *@probe to probe after */
static int xesim_slot_set_frozen(struct xesim_slot *slot, bool frozen,
				 bool *probe)
{
	lockdep_assert_held(&slot->state_lock);

	if (slot->dying)
		return -ENODEV;
	if (frozen == slot->frozen)
		return 0;

	if (frozen) {
		xesim_irq_line_hold(&slot->line, true);
		if (down_write_killable(&slot->gate)) {
			xesim_irq_line_hold(&slot->line, false);
			return -EINTR;
		}
		slot->frozen = true;
		up_write(&slot->gate);
	} else {
		down_write(&slot->gate);
		slot->frozen = false;
		up_write(&slot->gate);
		wake_up_all(&slot->thaw_wq);
		xesim_irq_line_hold(&slot->line, false);
		*probe = slot->fn;
	}
	xesim_dbg(&slot->xdev, "%s\n", frozen ? "frozen" : "thawed");
	return 0;
}

/**
 * xesim_slot_freeze() - Freeze or thaw a slot.
 * @slot: the slot.
 * @frozen: freeze, or thaw.
 *
 * Freezing waits for the driver calls in flight through the slot, then
 * holds every new call and every MSI. Thawing releases the calls and
 * delivers the held MSI.
 *
 * Context: process context; may sleep.
 * Return: 0, -ENODEV for a slot being deleted, -EINTR when killed while
 * waiting for the calls in flight.
 */
int xesim_slot_freeze(struct xesim_slot *slot, bool frozen)
{
	bool probe = false;
	int err;

	scoped_guard(mutex, &slot->state_lock)
		err = xesim_slot_set_frozen(slot, frozen, &probe);
	if (probe)
		xesim_slot_probe(slot);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_slot_freeze);

/**
 * xesim_slot_enter() - Begin a driver call through a slot.
 * @slot: the slot.
 * @fn: the VF the call goes to.
 *
 * Waits while the slot is frozen. On success the slot's gate is held for
 * reading until xesim_slot_exit(): the slot stays on @fn and cannot freeze.
 *
 * Context: process context; may sleep.
 * Return: 0, -ENODEV when the slot is not attached or being deleted,
 * -EINTR when killed while waiting.
 */
int xesim_slot_enter(struct xesim_slot *slot, struct xesim_fn **fn)
{
	bool waited = false;

	for (;;) {
		if (READ_ONCE(slot->frozen)) {
			if (!waited) {
				atomic64_inc(&slot->stats.waits);
				waited = true;
			}
			if (wait_event_killable(slot->thaw_wq,
						!READ_ONCE(slot->frozen)))
				return -EINTR;
		}
		if (down_read_killable(&slot->gate))
			return -EINTR;
		if (!slot->frozen)
			break;
		up_read(&slot->gate);
	}

	if (slot->removed || !slot->fn) {
		up_read(&slot->gate);
		return -ENODEV;
	}
	*fn = slot->fn;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_slot_enter);

/**
 * xesim_slot_exit() - End a driver call begun by xesim_slot_enter().
 * @slot: the slot.
 */
void xesim_slot_exit(struct xesim_slot *slot)
{
	up_read(&slot->gate);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_slot_exit);

/**
 * xesim_slot_unplug_fn() - Detach the slot of a VF that goes away.
 * @fn: the VF, no longer reachable by new attaches.
 *
 * Context: process context; may sleep. Called under the VF's
 * &xesim_gpu.sriov_lock.
 */
void xesim_slot_unplug_fn(struct xesim_fn *fn)
{
	struct xesim_slot *slot;

	scoped_guard(spinlock, &fn->lock) {
		slot = fn->slot;
		if (slot)
			get_device(&slot->xdev.dev);
	}
	if (!slot)
		return;

	scoped_guard(mutex, &slot->state_lock) {
		if (slot->fn == fn) {
			xesim_warn(&slot->xdev, "%s goes away; slot detached\n",
				   dev_name(&fn->xdev.dev));
			__xesim_slot_detach(slot);
		}
	}
	put_device(&slot->xdev.dev);
}

/**
 * xesim_slot_set_mapping() - Register the address space of VRAM mappings.
 * @slot: the slot.
 * @mapping: the address space whose mappings are zapped on re-attach, or
 *           NULL to unregister.
 *
 * Return: 0, or -EBUSY when another address space is registered.
 */
int xesim_slot_set_mapping(struct xesim_slot *slot,
			   struct address_space *mapping)
{
	guard(mutex)(&slot->state_lock);
	if (mapping && slot->mapping && slot->mapping != mapping)
		return -EBUSY;
	slot->mapping = mapping;
	return 0;
}

/**
 * xesim_slot_unbind() - Drop what a slot's driver left behind at unbind.
 * @slot: the slot.
 *
 * Context: process context; may sleep.
 */
void xesim_slot_unbind(struct xesim_slot *slot)
{
	xesim_slot_set_mapping(slot, NULL);
	xesim_irq_line_free(&slot->line);
	xesim_dma_domain_clear(slot->dma);
}

static ssize_t attach_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct xesim_slot *slot = to_xesim_slot(dev);

	guard(mutex)(&slot->state_lock);
	if (slot->fn)
		return sysfs_emit(buf, "%u %u\n", slot->fn->gpu->id,
				  slot->fn->vfid);
	return sysfs_emit(buf, "none\n");
}

/**
 * xesim_slot_parse_attach() - Parse a write to a slot's ``attach``.
 * @buf: "N V" (GPU number, VFID) or "none".
 * @gpu_id: the GPU number.
 * @vfid: the VFID; 0 for "none".
 *
 * Return: 0, or -EINVAL (logged) for anything else.
 */
VISIBLE_IF_KUNIT int xesim_slot_parse_attach(const char *buf,
					     unsigned int *gpu_id,
					     unsigned int *vfid)
{
	int argc, err = -EINVAL;
	char **argv;

	argv = argv_split(GFP_KERNEL, buf, &argc);
	if (!argv)
		return -ENOMEM;
	if (argc == 1 && !strcmp(argv[0], "none")) {
		*gpu_id = 0;
		*vfid = 0;
		err = 0;
	} else if (argc == 2 && !kstrtouint(argv[0], 0, gpu_id) &&
		   !kstrtouint(argv[1], 0, vfid) && *vfid) {
		err = 0;
	}
	argv_free(argv);
	if (err)
		xesim_bus_err("attach: expected \"<device> <vfid>\" (vfid >= 1) or \"none\"\n");
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_slot_parse_attach);

static ssize_t attach_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	struct xesim_slot *slot = to_xesim_slot(dev);
	unsigned int gpu_id, vfid;
	int err;

	err = xesim_slot_parse_attach(buf, &gpu_id, &vfid);
	if (err)
		return err;
	if (vfid)
		err = xesim_slot_attach(slot, gpu_id, vfid);
	else
		err = xesim_slot_detach(slot);
	return err ?: count;
}
static DEVICE_ATTR_RW(attach);

static ssize_t freeze_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(to_xesim_slot(dev)->frozen));
}

static ssize_t freeze_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	struct xesim_slot *slot = to_xesim_slot(dev);
	bool frozen;
	int err;

	err = kstrtobool(buf, &frozen);
	if (err) {
		xesim_err(&slot->xdev, "freeze: expected 1 or 0\n");
		return -EINVAL;
	}
	err = xesim_slot_freeze(slot, frozen);
	return err ?: count;
}
static DEVICE_ATTR_RW(freeze);

static struct attribute *xesim_slot_attrs[] = {
	&dev_attr_attach.attr,
	&dev_attr_freeze.attr,
	NULL
};
ATTRIBUTE_GROUPS(xesim_slot);

static void xesim_slot_release(struct device *dev)
{
	struct xesim_slot *slot = to_xesim_slot(dev);

	xesim_dma_domain_destroy(slot->dma);
	kfree(slot->xdev.bind_only);
	mutex_destroy(&slot->state_lock);
	kfree(slot);
	atomic_dec(&xesim_objects.slots);
}

/* The device type of guest slots. */
const struct device_type xesim_slot_type = {
	.name = "xesim_slot",
	.groups = xesim_slot_groups,
	.release = xesim_slot_release,
};

/**
 * xesim_slot_create() - Create and register a guest slot.
 * @id: the slot number.
 * @bind_only: the only driver the slot may bind to, or NULL.
 * @out: the slot.
 *
 * Context: process context; may sleep.
 * Return: 0, -EEXIST when slot @id exists, -ENODEV while the bus shuts
 * down, -ENOMEM.
 */
int xesim_slot_create(unsigned int id, const char *bind_only,
		      struct xesim_slot **out)
{
	struct xesim_slot *slot;
	struct device *dev;
	int err;

	slot = kzalloc(sizeof(*slot), GFP_KERNEL);
	if (!slot)
		return -ENOMEM;
	atomic_inc(&xesim_objects.slots);
	slot->id = id;
	INIT_LIST_HEAD(&slot->link);
	mutex_init(&slot->state_lock);
	init_rwsem(&slot->gate);
	init_waitqueue_head(&slot->thaw_wq);
	slot->xdev.type = XESIM_DEVICE_SLOT;
	xesim_irq_line_init(&slot->line, &slot->xdev);

	dev = &slot->xdev.dev;
	device_initialize(dev);
	dev->bus = &xesim_bus_type;
	dev->type = &xesim_slot_type;
	dev->parent = xesim_bus_root();

	slot->dma = xesim_dma_domain_create();
	if (!slot->dma) {
		err = -ENOMEM;
		goto err_put_device;
	}
	err = dev_set_name(dev, "xeslot%u", id);
	if (err)
		goto err_put_device;
	if (bind_only) {
		slot->xdev.bind_only = kstrdup(bind_only, GFP_KERNEL);
		if (!slot->xdev.bind_only) {
			err = -ENOMEM;
			goto err_put_device;
		}
	}

	err = xesim_bus_link_slot(slot);
	if (err)
		goto err_put_device;
	err = device_add(dev);
	if (err)
		goto err_unlink;

	slot->debugfs = xesim_debugfs_slot(slot);
	*out = slot;
	return 0;

err_unlink:
	xesim_bus_unlink_slot(slot);
err_put_device:
	put_device(dev);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_slot_create);

/**
 * xesim_slot_destroy() - Unbind, detach and unregister a guest slot.
 * @slot: the slot, created by xesim_slot_create().
 *
 * Context: process context; may sleep.
 */
void xesim_slot_destroy(struct xesim_slot *slot)
{
	bool was_frozen;

	if (!xesim_bus_claim_slot(slot))
		return;

	scoped_guard(mutex, &slot->state_lock) {
		slot->dying = true;
		was_frozen = slot->frozen;
		if (was_frozen) {
			/* a frozen guest cannot run its unbind: fail its calls */
			down_write(&slot->gate);
			slot->removed = true;
			slot->frozen = false;
			up_write(&slot->gate);
			wake_up_all(&slot->thaw_wq);
		}
	}

	/* without state_lock: the driver's unbind takes it */
	device_del(&slot->xdev.dev);

	scoped_guard(mutex, &slot->state_lock) {
		down_write(&slot->gate);
		slot->removed = true;
		slot->frozen = false;
		up_write(&slot->gate);
		wake_up_all(&slot->thaw_wq);
		__xesim_slot_detach(slot);
	}

	xesim_irq_line_free(&slot->line);
	debugfs_remove_recursive(slot->debugfs);
	xesim_bus_unlink_slot(slot);
	put_device(&slot->xdev.dev);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_slot_destroy);

/**
 * xesim_slot_show() - Print the state of a slot.
 * @slot: the slot.
 * @m: the seq_file.
 */
void xesim_slot_show(struct xesim_slot *slot, struct seq_file *m)
{
	scoped_guard(mutex, &slot->state_lock) {
		seq_printf(m, "attached: %s\nfrozen: %d\ndriver: %s\n",
			   slot->fn ? dev_name(&slot->fn->xdev.dev) : "none",
			   slot->frozen,
			   slot->xdev.dev.driver ?
			   slot->xdev.dev.driver->name : "none");
		seq_printf(m, "dma_mapped: %lu\nmapping: %s\n",
			   xesim_dma_domain_mapped(slot->dma),
			   slot->mapping ? "registered" : "none");
	}
	seq_printf(m, "waits: %lld\nattaches: %lld\nzaps: %lld\nrefused: %lld\n",
		   atomic64_read(&slot->stats.waits),
		   atomic64_read(&slot->stats.attaches),
		   atomic64_read(&slot->stats.zaps),
		   atomic64_read(&slot->stats.refused));
	xesim_irq_line_show(&slot->line, m);
}
