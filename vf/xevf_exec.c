// SPDX-License-Identifier: GPL-2.0
/*
 * DRM_IOCTL_XE_EXEC and DRM_IOCTL_XE_WAIT_USER_FENCE.
 */

#include <kunit/visibility.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_utils.h>
#include <drm/xe_drm.h>
#include <linux/dma-fence-array.h>
#include <linux/dma-resv.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "xevf_device_types.h"
#include "xevf_exec.h"
#include "xevf_exec_queue.h"
#include "xevf_exec_queue_types.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_guc_submit.h"
#include "xevf_printk.h"
#include "xevf_sync.h"
#include "xevf_sync_types.h"
#include "xevf_userptr.h"
#include "xevf_vm.h"
#include "xevf_vm_types.h"

/**
 * DOC: xevf exec
 *
 * EXEC submits one batch (the queue's width is 1) at a ppGTT address of the
 * queue's VM as a scheduler job: wait syncs become its dependencies, signal
 * syncobjs get its finished fence, a user fence is written by the ring
 * after the batch. With num_batch_buffer 0 nothing runs and the signal
 * syncs get a fence of the wait syncs and the queue's last job.
 *
 * Before a batch runs, the VM's invalidated userptrs are pinned again
 * (not on a VM in fault mode, where the page-fault handler does it), and
 * the job's fence goes into the VM's reservation object (BOOKKEEP), for
 * the userptr notifiers to wait on (`xevf userptr`). A userptr invalidated
 * between its pin and the job's arming is pinned again: a process that keeps
 * invalidating its own userptr keeps its EXEC retrying, as upstream's does,
 * until a signal ends the ioctl with -ERESTARTSYS.
 *
 * Checks, upstream's: extensions, pads or reserved fields set, or too many
 * syncs (-EINVAL); an unknown queue (-ENOENT), a VM bind queue (-EINVAL), a
 * batch count other than the width (-EINVAL), a banned queue or a closed VM
 * (-ECANCELED); the syncs as in `xevf syncs`; more than one user fence
 * (-EINVAL).
 *
 * WAIT_USER_FENCE compares the qword at a CPU address with a value under a
 * mask (EQ, NEQ, GT, GTE, LT, LTE) until it holds, re-checking on every
 * user interrupt, with a relative or absolute (ABSTIME) timeout in ns, a
 * negative one meaning forever; the remaining relative timeout is written
 * back. Checks: extensions, pads or reserved set, unknown flags, an op
 * beyond LTE, an address not 8-byte aligned (-EINVAL); an unknown exec
 * queue (-ENOENT). Results: 0, -ETIME on timeout, -EFAULT for an unreadable
 * address, -EIO when the given exec queue was banned or the device is
 * wedged, -ERESTARTSYS on a
 * signal.
 */

/**
 * xevf_exec_submit() - Push a job with no dependencies (for tests and
 * internal users). It neither pins userptrs nor adds its fence to the VM's
 * reservation object: only for VMs without userptrs.
 * @q: the queue.
 * @batch: the ppGTT address of the batch.
 * @ufence: write a user fence after the batch.
 * @ufence_addr: its ppGTT address.
 * @ufence_value: its value.
 *
 * Context: process context.
 * Return: the job's finished fence (a reference) or an ERR_PTR.
 */
struct dma_fence *xevf_exec_submit(struct xevf_exec_queue *q, u64 batch,
				   bool ufence, u64 ufence_addr, u64 ufence_value)
{
	struct dma_fence *fence;
	struct xevf_job *job;

	job = xevf_guc_submit_job_create(q, batch);
	if (IS_ERR(job))
		return ERR_CAST(job);
	job->ufence = ufence;
	job->ufence_addr = ufence_addr;
	job->ufence_value = ufence_value;
	guard(mutex)(&q->submit_lock);
	if (q->killed) {
		drm_sched_job_cleanup(&job->base);
		xevf_guc_submit_job_free(job);
		return ERR_PTR(-ENOENT);
	}
	drm_sched_job_arm(&job->base);
	fence = dma_fence_get(&job->base.s_fence->finished);
	dma_fence_put(q->last_fence);
	q->last_fence = dma_fence_get(fence);
	drm_sched_entity_push_job(&job->base);
	return fence;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_exec_submit);

/* under the submit lock: a destroyed queue, or one on a closed VM, takes no work */
static int xevf_exec_check_queue(struct xevf_exec_queue *q)
{
	lockdep_assert_held(&q->submit_lock);
	if (q->killed)
		return -ENOENT;
	if (READ_ONCE(q->vm->closed))
		return -ECANCELED;
	return 0;
}

/* num_batch_buffer 0: a fence of the wait syncs and the queue's last job */
static struct dma_fence *xevf_exec_no_batch_fence(struct xevf_exec_queue *q,
						  struct xevf_sync_entry *syncs, u32 n)
{
	struct dma_fence **fences;
	struct dma_fence_array *array;
	u32 i, count = 0;
	int err;

	fences = kcalloc(n + 1, sizeof(*fences), GFP_KERNEL);
	if (!fences)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < n; i++)
		if (syncs[i].fence)
			fences[count++] = dma_fence_get(syncs[i].fence);
	scoped_guard(mutex, &q->submit_lock) {
		err = xevf_exec_check_queue(q);
		if (!err && q->last_fence)
			fences[count++] = dma_fence_get(q->last_fence);
	}
	if (err) {
		for (i = 0; i < count; i++)
			dma_fence_put(fences[i]);
		kfree(fences);
		return ERR_PTR(err);
	}
	if (!count) {
		kfree(fences);
		return dma_fence_get_stub();
	}
	array = dma_fence_array_create(count, fences, dma_fence_context_alloc(1), 1,
				       false);
	if (!array) {
		for (i = 0; i < count; i++)
			dma_fence_put(fences[i]);
		kfree(fences);
		return ERR_PTR(-ENOMEM);
	}
	return &array->base;
}

static int xevf_exec_run(struct xevf_device *xe, struct xevf_exec_queue *q,
			 struct drm_xe_exec *args, struct xevf_sync_entry *syncs,
			 u32 num_syncs)
{
	struct xevf_sync_entry *ufence = NULL;
	struct xevf_vm *vm = NULL;
	struct dma_fence *fence;
	struct dma_resv *resv;
	struct xevf_job *job;
	bool fault_mode;
	u32 i;
	int err = 0;

	for (i = 0; i < num_syncs; i++)
		if (xevf_sync_is_ufence(&syncs[i]))
			ufence = &syncs[i];
	if (!args->num_batch_buffer) {
		fence = xevf_exec_no_batch_fence(q, syncs, num_syncs);
		if (IS_ERR(fence))
			return PTR_ERR(fence);
		for (i = 0; i < num_syncs; i++)
			if (!xevf_sync_is_ufence(&syncs[i]))
				xevf_sync_signal(xe, &syncs[i], fence);
		dma_fence_put(fence);
		return 0;
	}
	job = xevf_guc_submit_job_create(q, args->address);
	if (IS_ERR(job))
		return PTR_ERR(job);
	if (ufence) {
		job->ufence = true;
		job->ufence_addr = ufence->addr;
		job->ufence_value = ufence->timeline_value;
	}
	for (i = 0; i < num_syncs && !err; i++)
		if (!xevf_sync_is_signal(&syncs[i]))
			err = xevf_sync_add_dep(&syncs[i], &job->base);
	if (err)
		goto err_free_job;
	scoped_guard(mutex, &q->submit_lock) {
		err = xevf_exec_check_queue(q);
		if (!err)
			vm = xevf_vm_get(q->vm);
	}
	if (err)
		goto err_free_job;
	resv = drm_gpuvm_resv(&vm->gpuvm);
	/* in fault mode the page-fault handler binds the userptrs */
	fault_mode = vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE;
retry:
	err = fault_mode ? 0 : xevf_userptr_vm_pin(vm);
	if (err)
		goto err_free_job;
	err = dma_resv_lock_interruptible(resv, NULL);
	if (err)
		goto err_free_job;
	err = dma_resv_reserve_fences(resv, 1);
	if (err)
		goto err_unlock_resv;
	scoped_guard(mutex, &q->submit_lock) {
		err = xevf_exec_check_queue(q);
		if (err)
			goto err_unlock_resv;
		/* a userptr invalidated since the pin: pin again */
		if (!fault_mode && xevf_userptr_vm_lock(vm)) {
			dma_resv_unlock(resv);
			if (signal_pending(current)) {
				err = -ERESTARTSYS;
				goto err_free_job;
			}
			goto retry;
		}
		drm_sched_job_arm(&job->base);
		fence = &job->base.s_fence->finished;
		dma_resv_add_fence(resv, fence, DMA_RESV_USAGE_BOOKKEEP);
		if (!fault_mode)
			xevf_userptr_vm_unlock(vm);
		for (i = 0; i < num_syncs; i++)
			if (!xevf_sync_is_ufence(&syncs[i]))
				xevf_sync_signal(xe, &syncs[i], fence);
		dma_fence_put(q->last_fence);
		q->last_fence = dma_fence_get(fence);
		drm_sched_entity_push_job(&job->base);
	}
	dma_resv_unlock(resv);
	xevf_vm_put(vm);
	return 0;
err_unlock_resv:
	dma_resv_unlock(resv);
err_free_job:
	if (vm)
		xevf_vm_put(vm);
	drm_sched_job_cleanup(&job->base);
	xevf_guc_submit_job_free(job);
	return err;
}

/**
 * xevf_exec_ioctl() - DRM_IOCTL_XE_EXEC.
 * @drm: the DRM device.
 * @data: &struct drm_xe_exec.
 * @file: the DRM file.
 *
 * Context: process context.
 * Return: 0 or a negative errno (see `xevf exec`).
 */
int xevf_exec_ioctl(struct drm_device *drm, void *data, struct drm_file *file)
{
	struct xevf_device *xe = container_of(drm, struct xevf_device, drm);
	struct drm_xe_sync __user *syncs_user;
	struct xevf_sync_entry *syncs = NULL;
	struct drm_xe_exec *args = data;
	u32 num_syncs = 0, num_ufence = 0, i;
	struct xevf_exec_queue *q;
	int err = 0, idx;

	if (XEVF_IOCTL_DBG(xe, args->extensions) ||
	    XEVF_IOCTL_DBG(xe, args->pad[0] || args->pad[1] || args->pad[2]) ||
	    XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]) ||
	    XEVF_IOCTL_DBG(xe, args->num_syncs > DRM_XE_MAX_SYNCS))
		return -EINVAL;
	q = xevf_exec_queue_lookup(file, args->exec_queue_id);
	if (XEVF_IOCTL_DBG(xe, !q))
		return -ENOENT;
	if (XEVF_IOCTL_DBG(xe, q->bind) ||
	    XEVF_IOCTL_DBG(xe, args->num_batch_buffer && args->num_batch_buffer != 1)) {
		err = -EINVAL;
		goto out_put_q;
	}
	if (XEVF_IOCTL_DBG(xe, xevf_guc_submit_banned(q))) {
		err = -ECANCELED;
		goto out_put_q;
	}
	if (args->num_syncs) {
		syncs = kcalloc(args->num_syncs, sizeof(*syncs), GFP_KERNEL);
		if (!syncs) {
			err = -ENOMEM;
			goto out_put_q;
		}
	}
	syncs_user = u64_to_user_ptr(args->syncs);
	for (num_syncs = 0; num_syncs < args->num_syncs; num_syncs++) {
		err = xevf_sync_parse(xe, file, &syncs[num_syncs], &syncs_user[num_syncs],
				      XEVF_SYNC_PARSE_EXEC |
				      (q->vm_flags & DRM_XE_VM_CREATE_FLAG_LR_MODE ?
				       XEVF_SYNC_PARSE_LR_MODE : 0));
		if (err)
			goto out_free_syncs;
		if (xevf_sync_is_ufence(&syncs[num_syncs]))
			num_ufence++;
	}
	if (XEVF_IOCTL_DBG(xe, num_ufence > 1)) {
		err = -EINVAL;
		goto out_free_syncs;
	}
	if (!drm_dev_enter(drm, &idx)) {
		err = -ENODEV;
		goto out_free_syncs;
	}
	err = xevf_exec_run(xe, q, args, syncs, num_syncs);
	drm_dev_exit(idx);
out_free_syncs:
	for (i = 0; i < num_syncs; i++)
		xevf_sync_cleanup(&syncs[i]);
	kfree(syncs);
out_put_q:
	xevf_exec_queue_put(q);
	return err;
}

static int xevf_ufence_compare(u64 addr, u64 value, u64 mask, u16 op)
{
	u64 rvalue;
	bool passed;

	if (copy_from_user(&rvalue, u64_to_user_ptr(addr), sizeof(rvalue)))
		return -EFAULT;
	rvalue &= mask;
	value &= mask;
	switch (op) {
	case DRM_XE_UFENCE_WAIT_OP_EQ:
		passed = rvalue == value;
		break;
	case DRM_XE_UFENCE_WAIT_OP_NEQ:
		passed = rvalue != value;
		break;
	case DRM_XE_UFENCE_WAIT_OP_GT:
		passed = rvalue > value;
		break;
	case DRM_XE_UFENCE_WAIT_OP_GTE:
		passed = rvalue >= value;
		break;
	case DRM_XE_UFENCE_WAIT_OP_LT:
		passed = rvalue < value;
		break;
	default:
		passed = rvalue <= value;
		break;
	}
	return passed ? 0 : 1;
}

static long xevf_ufence_timeout(struct drm_xe_wait_user_fence *args)
{
	unsigned long long t;

	if (args->timeout < 0) {
		args->timeout = MAX_SCHEDULE_TIMEOUT;
		return MAX_SCHEDULE_TIMEOUT;
	}
	if (!args->timeout)
		return 0;
	if (args->flags & DRM_XE_UFENCE_WAIT_FLAG_ABSTIME)
		t = drm_timeout_abs_to_jiffies(args->timeout);
	else
		t = nsecs_to_jiffies(args->timeout);
	if (t > MAX_SCHEDULE_TIMEOUT)
		return MAX_SCHEDULE_TIMEOUT - 1;
	return t ?: 1;
}

/**
 * xevf_wait_user_fence_ioctl() - DRM_IOCTL_XE_WAIT_USER_FENCE.
 * @drm: the DRM device.
 * @data: &struct drm_xe_wait_user_fence.
 * @file: the DRM file.
 *
 * Context: process context; sleeps, interruptible.
 * Return: 0 or a negative errno (see `xevf exec`).
 */
int xevf_wait_user_fence_ioctl(struct drm_device *drm, void *data,
			       struct drm_file *file)
{
	struct xevf_device *xe = container_of(drm, struct xevf_device, drm);
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct drm_xe_wait_user_fence *args = data;
	struct xevf_exec_queue *q = NULL;
	ktime_t start;
	long timeout;
	int err;

	if (XEVF_IOCTL_DBG(xe, args->extensions) ||
	    XEVF_IOCTL_DBG(xe, args->pad || args->pad2) ||
	    XEVF_IOCTL_DBG(xe, args->reserved[0] || args->reserved[1]))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->flags & ~DRM_XE_UFENCE_WAIT_FLAG_ABSTIME))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->op > DRM_XE_UFENCE_WAIT_OP_LTE))
		return -EINVAL;
	if (XEVF_IOCTL_DBG(xe, args->addr & 0x7))
		return -EINVAL;
	if (args->exec_queue_id) {
		q = xevf_exec_queue_lookup(file, args->exec_queue_id);
		if (XEVF_IOCTL_DBG(xe, !q))
			return -ENOENT;
	}
	timeout = xevf_ufence_timeout(args);
	start = ktime_get();
	add_wait_queue(&xe->ufence_wq, &wait);
	for (;;) {
		err = xevf_ufence_compare(args->addr, args->value, args->mask, args->op);
		if (err <= 0)
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		if ((q && xevf_guc_submit_banned(q)) || xevf_gt_vf_migration_wedged(xe)) {
			err = -EIO;
			break;
		}
		if (!timeout) {
			err = -ETIME;
			break;
		}
		timeout = wait_woken(&wait, TASK_INTERRUPTIBLE, timeout);
	}
	remove_wait_queue(&xe->ufence_wq, &wait);
	if (!(args->flags & DRM_XE_UFENCE_WAIT_FLAG_ABSTIME)) {
		args->timeout -= ktime_to_ns(ktime_sub(ktime_get(), start));
		if (args->timeout < 0)
			args->timeout = 0;
	}
	if (q)
		xevf_exec_queue_put(q);
	return err;
}
