// SPDX-License-Identifier: GPL-2.0
/*
 * The &struct drm_xe_sync entries of VM_BIND and EXEC: syncobjs, timeline
 * syncobjs and user fences.
 */

#include <drm/drm_file.h>
#include <drm/drm_syncobj.h>
#include <drm/gpu_scheduler.h>
#include <drm/xe_drm.h>
#include <linux/dma-fence-chain.h>
#include <linux/uaccess.h>

#include "xevf_device_types.h"
#include "xevf_printk.h"
#include "xevf_sync.h"
#include "xevf_sync_types.h"

/**
 * DOC: xevf syncs
 *
 * VM_BIND and EXEC take arrays of &struct drm_xe_sync, parsed here with
 * upstream's checks and errnos: a bad pointer is -EFAULT; unknown flags or
 * reserved fields -EINVAL; a syncobj or timeline syncobj whose ``addr`` has
 * high bits set -EINVAL, an unknown handle -ENOENT, a wait on a syncobj
 * without fence -EINVAL, a timeline point 0 -EINVAL; a signal syncobj on a
 * long-running VM -EOPNOTSUPP; a user fence that does not signal, or where
 * none is allowed, -EOPNOTSUPP, one not 8-byte aligned -EINVAL; an unknown
 * type -EINVAL.
 *
 * Wait syncs become scheduler dependencies of an EXEC or a bind job.
 * Signal syncobjs get the job's finished fence; timeline syncobjs get a new
 * point. A user fence of EXEC is a GPU virtual address written by the ring
 * after the batch (`xevf submission`); one of VM_BIND is a CPU address
 * written when the bind job is done (`xevf bind jobs`).
 */

/**
 * xevf_sync_parse() - Parse and check one user sync.
 * @xe: the device.
 * @file: the DRM file (for syncobj handles).
 * @sync: out: the parsed entry (zeroed here).
 * @user: the user's &struct drm_xe_sync.
 * @flags: XEVF_SYNC_PARSE_*.
 *
 * Context: process context.
 * Return: 0 or a negative errno (see `xevf syncs`).
 */
int xevf_sync_parse(struct xevf_device *xe, struct drm_file *file,
		    struct xevf_sync_entry *sync,
		    struct drm_xe_sync __user *user, unsigned int flags)
{
	bool signal, lr = flags & XEVF_SYNC_PARSE_LR_MODE;
	struct drm_xe_sync in;
	int err;

	memset(sync, 0, sizeof(*sync));
	if (XEVF_IOCTL_DBG(xe, copy_from_user(&in, user, sizeof(in))))
		return -EFAULT;
	if (XEVF_IOCTL_DBG(xe, in.flags & ~DRM_XE_SYNC_FLAG_SIGNAL) ||
	    XEVF_IOCTL_DBG(xe, in.reserved[0] || in.reserved[1]))
		return -EINVAL;
	signal = in.flags & DRM_XE_SYNC_FLAG_SIGNAL;
	switch (in.type) {
	case DRM_XE_SYNC_TYPE_SYNCOBJ:
	case DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ:
		if (XEVF_IOCTL_DBG(xe, lr && signal))
			return -EOPNOTSUPP;
		if (XEVF_IOCTL_DBG(xe, upper_32_bits(in.addr)))
			return -EINVAL;
		if (XEVF_IOCTL_DBG(xe, in.type == DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ &&
				   !in.timeline_value))
			return -EINVAL;
		sync->syncobj = drm_syncobj_find(file, in.handle);
		if (XEVF_IOCTL_DBG(xe, !sync->syncobj))
			return -ENOENT;
		if (signal && in.type == DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ) {
			sync->chain_fence = dma_fence_chain_alloc();
			if (!sync->chain_fence) {
				err = -ENOMEM;
				goto err_cleanup;
			}
		} else if (!signal) {
			sync->fence = drm_syncobj_fence_get(sync->syncobj);
			if (XEVF_IOCTL_DBG(xe, !sync->fence)) {
				err = -EINVAL;
				goto err_cleanup;
			}
			if (in.type == DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ) {
				err = dma_fence_chain_find_seqno(&sync->fence,
								 in.timeline_value);
				if (err)
					goto err_cleanup;
			}
		}
		break;
	case DRM_XE_SYNC_TYPE_USER_FENCE:
		if (XEVF_IOCTL_DBG(xe, flags & XEVF_SYNC_PARSE_NO_UFENCE))
			return -EOPNOTSUPP;
		if (XEVF_IOCTL_DBG(xe, !signal))
			return -EOPNOTSUPP;
		if (XEVF_IOCTL_DBG(xe, in.addr & 0x7))
			return -EINVAL;
		if (XEVF_IOCTL_DBG(xe, !(flags & XEVF_SYNC_PARSE_EXEC) &&
				   !access_ok(u64_to_user_ptr(in.addr), sizeof(u64))))
			return -EFAULT;
		sync->addr = in.addr;
		break;
	default:
		xevf_dbg(xe, "ioctl", "unknown sync type %u\n", in.type);
		return -EINVAL;
	}
	sync->type = in.type;
	sync->flags = in.flags;
	sync->timeline_value = in.timeline_value;
	return 0;
err_cleanup:
	xevf_sync_cleanup(sync);
	return err;
}

/**
 * xevf_sync_is_signal() - Whether a sync is signalled by the operation.
 * @sync: the entry.
 *
 * Return: true for a signal sync.
 */
bool xevf_sync_is_signal(const struct xevf_sync_entry *sync)
{
	return sync->flags & DRM_XE_SYNC_FLAG_SIGNAL;
}

/**
 * xevf_sync_is_ufence() - Whether a sync is a user fence.
 * @sync: the entry.
 *
 * Return: true for a user fence.
 */
bool xevf_sync_is_ufence(const struct xevf_sync_entry *sync)
{
	return sync->type == DRM_XE_SYNC_TYPE_USER_FENCE;
}

/**
 * xevf_sync_wait() - Wait for the fence of a wait sync.
 * @sync: the entry.
 *
 * Context: process context; sleeps, interruptible.
 * Return: 0 or -ERESTARTSYS.
 */
int xevf_sync_wait(struct xevf_sync_entry *sync)
{
	long ret;

	if (!sync->fence)
		return 0;
	ret = dma_fence_wait(sync->fence, true);
	return ret < 0 ? ret : 0;
}

/**
 * xevf_sync_add_dep() - Make the fence of a wait sync a job dependency.
 * @sync: the entry.
 * @job: the scheduler job.
 *
 * Return: 0 or -ENOMEM.
 */
int xevf_sync_add_dep(struct xevf_sync_entry *sync, struct drm_sched_job *job)
{
	if (!sync->fence)
		return 0;
	return drm_sched_job_add_dependency(job, dma_fence_get(sync->fence));
}

/**
 * xevf_sync_signal() - Attach @fence to a signal syncobj, or write a
 * VM_BIND user fence.
 * @xe: the device (user fence waiters are woken).
 * @sync: the entry.
 * @fence: the fence that completes the operation.
 *
 * Context: process context of the ioctl (user fences are written with
 * copy_to_user()).
 */
void xevf_sync_signal(struct xevf_device *xe, struct xevf_sync_entry *sync,
		      struct dma_fence *fence)
{
	u64 value = sync->timeline_value;

	if (!xevf_sync_is_signal(sync))
		return;
	switch (sync->type) {
	case DRM_XE_SYNC_TYPE_SYNCOBJ:
		drm_syncobj_replace_fence(sync->syncobj, fence);
		break;
	case DRM_XE_SYNC_TYPE_TIMELINE_SYNCOBJ:
		drm_syncobj_add_point(sync->syncobj, sync->chain_fence, fence,
				      sync->timeline_value);
		sync->chain_fence = NULL;
		break;
	case DRM_XE_SYNC_TYPE_USER_FENCE:
		if (copy_to_user(u64_to_user_ptr(sync->addr), &value, sizeof(value)))
			drm_dbg_driver(&xe->drm, "sync: user fence %#llx not writable\n",
				       sync->addr);
		wake_up_all(&xe->ufence_wq);
		break;
	}
}

/**
 * xevf_sync_cleanup() - Drop what a parsed entry holds.
 * @sync: the entry.
 */
void xevf_sync_cleanup(struct xevf_sync_entry *sync)
{
	if (sync->syncobj)
		drm_syncobj_put(sync->syncobj);
	dma_fence_put(sync->fence);
	dma_fence_chain_free(sync->chain_fence);
	memset(sync, 0, sizeof(*sync));
}
