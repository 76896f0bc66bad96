// SPDX-License-Identifier: GPL-2.0
/*
 * Exec queues of the VF driver: EXEC_QUEUE_CREATE and EXEC_QUEUE_DESTROY.
 */

#include <kunit/visibility.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/xe_drm.h>
#include <linux/capability.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "xevf_device_types.h"
#include "xevf_exec_queue.h"
#include "xevf_exec_queue_types.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_guc_submit.h"
#include "xevf_printk.h"
#include "xevf_vm.h"
#include "xevf_vm_bind.h"
#include "xevf_vm_types.h"

/**
 * DOC: xevf exec queues
 *
 * EXEC_QUEUE_CREATE makes a queue on the render or the copy engine (GT 0,
 * instance 0), with a GuC context and a scheduler (`xevf submission`), or a
 * VM bind queue (class VM_BIND) that only VM_BIND takes: it needs no
 * context, only a scheduler of its own for its bind jobs (`xevf bind
 * jobs`), and nothing of it is re-emitted after a migration. Checks, upstream's: flags or reserved
 * fields set (-EINVAL); width times placements 0 or above the engine count
 * (-EINVAL); a bad instances pointer (-EFAULT); a GT other than 0 (-EINVAL);
 * for a bind queue a width, placement count or instance other than 1, 1, 0
 * (-EINVAL); placements of different classes, an engine the VF does not
 * have, or a width above 1 (no parallel submission on one engine per class)
 * (-EINVAL); an unknown VM (-ENOENT), a closed VM (-ENOENT); then the
 * extension chain (below). Running out of the VF's provisioned GuC context
 * IDs is -ENOSPC: that, not the GGTT (each queue takes 24 KiB of it), is
 * what bounds the number of queues under the PF's fair shares.
 *
 * Extensions, upstream's: a chain of at most 16 (-E2BIG past that), each
 * read from user memory (-EFAULT) with pad 0 and the name
 * DRM_XE_EXEC_QUEUE_EXTENSION_SET_PROPERTY (-EINVAL), a
 * &struct drm_xe_ext_set_property with pad and reserved 0 (-EINVAL):
 *
 * - PRIORITY: 0 (low), 1 (normal, the default) or 2 (high); above 2 is
 *   -EINVAL, above what the caller may set (high needs CAP_SYS_NICE, which
 *   CONFIG MAX_EXEC_QUEUE_PRIORITY reports) -EPERM.
 * - TIMESLICE: microseconds, 1 to 10 s (-EINVAL outside), default 1 ms.
 * - anything else: -EINVAL.
 *
 * A bind queue takes them too and has no use for them. The GuC gets a
 * queue's properties as context policies right after its registration
 * (`xevf submission`): the priority mapped as upstream (low to the GuC's
 * normal, normal to KMD normal, high to high), the time slice as the
 * execution quantum, and upstream's default preemption timeout (640 ms;
 * the uAPI has no property for it). Creation waits for a post-migration recovery in progress
 * (a signal ends the wait with -EINTR) and fails with -ECANCELED on a
 * wedged device.
 *
 * EXEC_QUEUE_GET_PROPERTY reports BAN (reserved set: -EINVAL; unknown
 * queue: -ENOENT; another property: -EINVAL).
 *
 * EXEC_QUEUE_DESTROY (pad or reserved set: -EINVAL; unknown ID: -ENOENT)
 * and closing the file kill the queue: no new jobs, the jobs in flight
 * finish (or the queue is banned), the context is deregistered. A killed
 * bind queue's jobs still run when their fences signal; nothing waits for
 * them.
 */

#define XEVF_MAX_PLACEMENTS	2
/* the longest extension chain, as upstream's */
#define XEVF_MAX_USER_EXTENSIONS	16

/**
 * xevf_exec_queue_release() - Free a queue's memory (last reference).
 * @ref: the queue's &xevf_exec_queue.refcount.
 *
 * A killed queue holds nothing but its memory by then (a bind queue's
 * scheduler went once it was killed and idle). A queue whose creation
 * failed still holds its VM.
 *
 * Context: any context for a killed queue (the last reference may be a
 * fence's); process context otherwise.
 */
void xevf_exec_queue_release(struct kref *ref)
{
	struct xevf_exec_queue *q = container_of(ref, struct xevf_exec_queue, refcount);

	/* a bind queue's scheduler went when it was killed and idle */
	WARN_ON(q->bind_sched);
	if (q->vm)
		xevf_vm_put(q->vm);
	mutex_destroy(&q->submit_lock);
	kfree(q);
}

/**
 * xevf_exec_queue_put() - Drop a reference on a queue.
 * @q: the queue.
 *
 * Context: see xevf_exec_queue_release().
 */
void xevf_exec_queue_put(struct xevf_exec_queue *q)
{
	kref_put(&q->refcount, xevf_exec_queue_release);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_exec_queue_put);

/**
 * xevf_exec_queue_create() - Create an exec queue.
 * @xe: the device.
 * @vm: the VM (a reference is taken), NULL for a bind queue.
 * @class: DRM_XE_ENGINE_CLASS_RENDER, _COPY or _VM_BIND.
 *
 * Context: process context.
 * Return: the queue (one reference, to be killed before its last put) or
 * an ERR_PTR.
 */
struct xevf_exec_queue *xevf_exec_queue_create(struct xevf_device *xe,
					       struct xevf_vm *vm, u16 class)
{
	const struct xevf_exec_queue_props props = {
		.priority = XEVF_EXEC_QUEUE_PRIORITY_NORMAL,
		.timeslice_us = XEVF_EXEC_QUEUE_TIMESLICE_DEFAULT_US,
	};

	return xevf_exec_queue_create_props(xe, vm, class, &props);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_exec_queue_create);

/**
 * xevf_exec_queue_create_props() - Create an exec queue with properties.
 * @xe: the device.
 * @vm: the VM (a reference is taken), NULL for a bind queue.
 * @class: DRM_XE_ENGINE_CLASS_RENDER, _COPY or _VM_BIND.
 * @props: checked properties; the GuC gets them as context policies.
 *
 * Context: process context.
 * Return: the queue (one reference, to be killed before its last put) or
 * an ERR_PTR.
 */
struct xevf_exec_queue *xevf_exec_queue_create_props(struct xevf_device *xe,
						     struct xevf_vm *vm, u16 class,
						     const struct xevf_exec_queue_props *props)
{
	static atomic_t next = ATOMIC_INIT(0);
	struct xevf_exec_queue *q;
	int err;

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return ERR_PTR(-ENOMEM);
	kref_init(&q->refcount);
	q->xe = xe;
	q->class = class;
	q->priority = props->priority;
	q->timeslice_us = props->timeslice_us;
	q->preempt_timeout_us = XEVF_EXEC_QUEUE_PREEMPT_TIMEOUT_US;
	q->bind = class == DRM_XE_ENGINE_CLASS_VM_BIND;
	mutex_init(&q->submit_lock);
	init_waitqueue_head(&q->jobs_wq);
	INIT_LIST_HEAD(&q->link);
	snprintf(q->name, sizeof(q->name), "xevf-%s-%d", q->bind ? "bind" :
		 class == DRM_XE_ENGINE_CLASS_COPY ? "bcs" : "rcs",
		 atomic_inc_return(&next));
	if (q->bind) {
		err = xevf_vm_bind_queue_init(q);
		if (err) {
			xevf_exec_queue_put(q);
			return ERR_PTR(err);
		}
		return q;
	}
	q->vm = xevf_vm_get(vm);
	q->vm_flags = vm->flags;
	err = xevf_guc_submit_queue_init(q);
	if (err) {
		xevf_exec_queue_put(q);
		return ERR_PTR(err);
	}
	return q;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_exec_queue_create_props);

/**
 * xevf_exec_queue_kill() - Stop a queue for good and drain it.
 * @q: the queue.
 *
 * Afterwards the queue holds only its memory: its context, scheduler, last
 * fence and VM are gone, so that a fence released anywhere may free it.
 *
 * Context: process context; sleeps.
 */
void xevf_exec_queue_kill(struct xevf_exec_queue *q)
{
	struct dma_fence *last;
	struct xevf_vm *vm;

	scoped_guard(mutex, &q->submit_lock)
		q->killed = true;
	if (q->bind)
		xevf_vm_bind_queue_kill(q);
	/* its jobs in flight can only drain once a recovery is done */
	if (!q->bind) {
		xevf_gt_vf_migration_wait(q->xe);
		xevf_guc_submit_queue_fini(q);
	}
	scoped_guard(mutex, &q->submit_lock) {
		last = q->last_fence;
		q->last_fence = NULL;
		vm = q->vm;
		q->vm = NULL;
	}
	/* the last fence holds a reference on the queue itself */
	dma_fence_put(last);
	if (vm)
		xevf_vm_put(vm);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_exec_queue_kill);

/**
 * xevf_exec_queue_lookup() - Find a queue of a DRM file by its ID.
 * @file: the DRM file.
 * @id: the queue ID.
 *
 * Return: the queue with a reference, or NULL.
 */
struct xevf_exec_queue *xevf_exec_queue_lookup(struct drm_file *file, u32 id)
{
	struct xevf_file *xef = file->driver_priv;
	struct xevf_exec_queue *q;

	guard(mutex)(&xef->lock);
	q = xa_load(&xef->exec_queues, id);
	if (q)
		kref_get(&q->refcount);
	return q;
}

/**
 * xevf_exec_queue_lookup_bind() - Find the bind queue given to VM_BIND.
 * @file: the DRM file.
 * @id: the exec queue ID.
 *
 * Return: the queue with a reference, ERR_PTR(-ENOENT) for an unknown
 * queue, ERR_PTR(-EINVAL) for one that is not a VM bind queue.
 */
struct xevf_exec_queue *xevf_exec_queue_lookup_bind(struct drm_file *file, u32 id)
{
	struct xevf_file *xef = file->driver_priv;
	struct xevf_exec_queue *q = xevf_exec_queue_lookup(file, id);

	if (XEVF_IOCTL_DBG(xef->xe, !q))
		return ERR_PTR(-ENOENT);
	if (XEVF_IOCTL_DBG(xef->xe, !q->bind)) {
		xevf_exec_queue_put(q);
		return ERR_PTR(-EINVAL);
	}
	return q;
}

/**
 * xevf_exec_queue_file_close() - Kill the exec queues of a closing file.
 * @xef: the file.
 */
void xevf_exec_queue_file_close(struct xevf_file *xef)
{
	struct xevf_exec_queue *q;
	unsigned long id;

	xa_for_each(&xef->exec_queues, id, q) {
		xa_erase(&xef->exec_queues, id);
		xevf_exec_queue_kill(q);
		xevf_exec_queue_put(q);
	}
}

static int xevf_exec_queue_check_eci(struct xevf_device *xe,
				     const struct drm_xe_engine_class_instance *eci,
				     u32 len)
{
	u32 engines = min_t(u32, xe->info.num_engines, 2), i;

	for (i = 0; i < len; i++) {
		if (XEVF_IOCTL_DBG(xe, eci[i].engine_class != eci[0].engine_class) ||
		    XEVF_IOCTL_DBG(xe, eci[i].gt_id || eci[i].engine_instance))
			return -EINVAL;
	}
	if (eci[0].engine_class == DRM_XE_ENGINE_CLASS_RENDER)
		return 0;
	if (eci[0].engine_class == DRM_XE_ENGINE_CLASS_COPY && engines > 1)
		return 0;
	xevf_dbg(xe, "ioctl", "no engine of class %u\n", eci[0].engine_class);
	return -EINVAL;
}

/**
 * xevf_exec_queue_max_priority() - The highest priority the caller may set.
 *
 * Return: HIGH with CAP_SYS_NICE, else NORMAL, as upstream.
 */
int xevf_exec_queue_max_priority(void)
{
	return capable(CAP_SYS_NICE) ? XEVF_EXEC_QUEUE_PRIORITY_HIGH :
				       XEVF_EXEC_QUEUE_PRIORITY_NORMAL;
}

static int xevf_exec_queue_set_priority(struct xevf_device *xe,
					struct xevf_exec_queue_props *props, u64 value)
{
	if (XEVF_IOCTL_DBG(xe, value > XEVF_EXEC_QUEUE_PRIORITY_HIGH))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, value > xevf_exec_queue_max_priority()))
		return -EPERM;
	props->priority = value;
	return 0;
}

static int xevf_exec_queue_set_timeslice(struct xevf_device *xe,
					 struct xevf_exec_queue_props *props, u64 value)
{
	if (XEVF_IOCTL_DBG(xe, value < XEVF_EXEC_QUEUE_TIMESLICE_MIN_US ||
			   value > XEVF_EXEC_QUEUE_TIMESLICE_MAX_US))
		return -EINVAL;
	props->timeslice_us = value;
	return 0;
}

static int xevf_exec_queue_set_property(struct xevf_device *xe,
					struct xevf_exec_queue_props *props, u64 ext)
{
	struct drm_xe_ext_set_property prop;

	if (XEVF_IOCTL_DBG(xe, copy_from_user(&prop, u64_to_user_ptr(ext), sizeof(prop))))
		return -EFAULT;
	if (XEVF_IOCTL_DBG(xe, prop.pad) ||
	    XEVF_IOCTL_DBG(xe, prop.reserved[0] || prop.reserved[1]))
		return -EINVAL;
	switch (prop.property) {
	case DRM_XE_EXEC_QUEUE_SET_PROPERTY_PRIORITY:
		return xevf_exec_queue_set_priority(xe, props, prop.value);
	case DRM_XE_EXEC_QUEUE_SET_PROPERTY_TIMESLICE:
		return xevf_exec_queue_set_timeslice(xe, props, prop.value);
	default:
		xevf_dbg(xe, "ioctl", "unknown exec queue property %u\n", prop.property);
		return -EINVAL;
	}
}

/* the extension chain of EXEC_QUEUE_CREATE, as upstream walks it */
static int xevf_exec_queue_user_extensions(struct xevf_device *xe,
					   struct xevf_exec_queue_props *props, u64 ext)
{
	struct drm_xe_user_extension hdr;
	unsigned int n;
	int err;

	for (n = 0; ext; n++) {
		if (XEVF_IOCTL_DBG(xe, n >= XEVF_MAX_USER_EXTENSIONS))
			return -E2BIG;
		if (XEVF_IOCTL_DBG(xe, copy_from_user(&hdr, u64_to_user_ptr(ext),
						      sizeof(hdr))))
			return -EFAULT;
		if (XEVF_IOCTL_DBG(xe, hdr.pad) ||
		    XEVF_IOCTL_DBG(xe, hdr.name != DRM_XE_EXEC_QUEUE_EXTENSION_SET_PROPERTY))
			return -EINVAL;
		err = xevf_exec_queue_set_property(xe, props, ext);
		if (err)
			return err;
		ext = hdr.next_extension;
	}
	return 0;
}

/**
 * xevf_exec_queue_create_ioctl() - DRM_IOCTL_XE_EXEC_QUEUE_CREATE.
 * @drm: the DRM device.
 * @data: &struct drm_xe_exec_queue_create.
 * @file: the DRM file.
 *
 * Context: process context.
 * Return: 0 or a negative errno (see `xevf exec queues`).
 */
int xevf_exec_queue_create_ioctl(struct drm_device *drm, void *data,
				 struct drm_file *file)
{
	struct xevf_device *xe = container_of(drm, struct xevf_device, drm);
	struct drm_xe_engine_class_instance eci[XEVF_MAX_PLACEMENTS];
	struct drm_xe_exec_queue_create *args = data;
	struct xevf_exec_queue_props props = {
		.priority = XEVF_EXEC_QUEUE_PRIORITY_NORMAL,
		.timeslice_us = XEVF_EXEC_QUEUE_TIMESLICE_DEFAULT_US,
	};
	struct xevf_file *xef = file->driver_priv;
	struct xevf_exec_queue *q;
	struct xevf_vm *vm = NULL;
	u32 len, id;
	int err, idx;

	if (XEVF_IOCTL_DBG(xe, args->flags) ||
	    XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]))
		return -EINVAL;
	len = args->width * args->num_placements;
	if (XEVF_IOCTL_DBG(xe, !len || len > XEVF_MAX_PLACEMENTS))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, copy_from_user(eci, u64_to_user_ptr(args->instances),
					      sizeof(*eci) * len)))
		return -EFAULT;
	if (XEVF_IOCTL_DBG(xe, eci[0].gt_id))
		return -EINVAL;
	if (eci[0].engine_class == DRM_XE_ENGINE_CLASS_VM_BIND) {
		if (XEVF_IOCTL_DBG(xe, args->width != 1 || args->num_placements != 1) ||
		    XEVF_IOCTL_DBG(xe, eci[0].engine_instance))
			return -EINVAL;
	} else {
		if (XEVF_IOCTL_DBG(xe, args->width != 1) ||
		    xevf_exec_queue_check_eci(xe, eci, len))
			return -EINVAL;
		vm = xevf_vm_lookup(file, args->vm_id);
		if (XEVF_IOCTL_DBG(xe, !vm))
			return -ENOENT;
		if (XEVF_IOCTL_DBG(xe, READ_ONCE(vm->closed))) {
			xevf_vm_put(vm);
			return -ENOENT;
		}
	}
	err = xevf_exec_queue_user_extensions(xe, &props, args->extensions);
	if (err)
		goto out_put_vm;
	/* a recovery in progress first fixes the GGTT and the images */
	err = xevf_gt_vf_migration_wait_idle(xe);
	if (err)
		goto out_put_vm;
	if (!drm_dev_enter(drm, &idx)) {
		err = -ENODEV;
		goto out_put_vm;
	}
	q = xevf_exec_queue_create_props(xe, vm, eci[0].engine_class, &props);
	drm_dev_exit(idx);
	if (IS_ERR(q)) {
		err = PTR_ERR(q);
		goto out_put_vm;
	}
	scoped_guard(mutex, &xef->lock)
		err = xa_alloc(&xef->exec_queues, &id, q, xa_limit_32b, GFP_KERNEL);
	if (err) {
		xevf_exec_queue_kill(q);
		xevf_exec_queue_put(q);
		goto out_put_vm;
	}
	args->exec_queue_id = id;
out_put_vm:
	if (vm)
		xevf_vm_put(vm);
	return err;
}

/**
 * xevf_exec_queue_destroy_ioctl() - DRM_IOCTL_XE_EXEC_QUEUE_DESTROY.
 * @drm: the DRM device.
 * @data: &struct drm_xe_exec_queue_destroy.
 * @file: the DRM file.
 *
 * Context: process context; waits for the queue's jobs in flight.
 * Return: 0, -EINVAL for pad or reserved fields, -ENOENT for an unknown ID.
 */
int xevf_exec_queue_destroy_ioctl(struct drm_device *drm, void *data,
				  struct drm_file *file)
{
	struct drm_xe_exec_queue_destroy *args = data;
	struct xevf_file *xef = file->driver_priv;
	struct xevf_device *xe = xef->xe;
	struct xevf_exec_queue *q;

	if (XEVF_IOCTL_DBG(xe, args->pad) ||
	    XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]))
		return -EINVAL;
	scoped_guard(mutex, &xef->lock)
		q = xa_erase(&xef->exec_queues, args->exec_queue_id);
	if (XEVF_IOCTL_DBG(xe, !q))
		return -ENOENT;
	xevf_exec_queue_kill(q);
	xevf_exec_queue_put(q);
	return 0;
}

/**
 * xevf_exec_queue_get_property_ioctl() - DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY.
 * @drm: the DRM device.
 * @data: &struct drm_xe_exec_queue_get_property.
 * @file: the DRM file.
 *
 * The only property is BAN: 1 once the queue was banned (a fault, a
 * timeout), else 0.
 *
 * Context: process context.
 * Return: 0, -EINVAL for reserved fields or an unknown property, -ENOENT
 * for an unknown queue.
 */
int xevf_exec_queue_get_property_ioctl(struct drm_device *drm, void *data,
				       struct drm_file *file)
{
	struct xevf_device *xe = container_of(drm, struct xevf_device, drm);
	struct drm_xe_exec_queue_get_property *args = data;
	struct xevf_exec_queue *q;
	int err = 0;

	if (XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]))
		return -EINVAL;
	q = xevf_exec_queue_lookup(file, args->exec_queue_id);
	if (XEVF_IOCTL_DBG(xe, !q))
		return -ENOENT;
	if (XEVF_IOCTL_DBG(xe, args->property != DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN))
		err = -EINVAL;
	else
		args->value = !q->bind && xevf_guc_submit_banned(q);
	xevf_exec_queue_put(q);
	return err;
}
