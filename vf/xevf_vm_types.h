/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_VM_TYPES_H_
#define _XEVF_VM_TYPES_H_

#include <drm/drm_gpuvm.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "xevf_userptr_types.h"

struct xevf_device;
struct xevf_exec_queue;
struct xevf_pt;

/* drm_gpuva flag of a read-only mapping */
#define XEVF_VA_READONLY	DRM_GPUVA_USERBITS

/**
 * struct xevf_vm - A ppGTT address space (DRM_IOCTL_XE_VM_CREATE).
 */
struct xevf_vm {
	/** @gpuvm: the VA space and the reference count. */
	struct drm_gpuvm gpuvm;
	/** @xe: the device. */
	struct xevf_device *xe;
	/**
	 * @lock: protects the VA space and the allocation of page-table pages;
	 * VM_BIND holds it from its first operation to its job's push.
	 */
	struct mutex lock;
	/**
	 * @pt_lock: serializes the writes of page-table leaves (bind jobs, the
	 * close) and protects @pt_closed; nothing is allocated under it.
	 */
	struct mutex pt_lock;
	/** @pt_closed: the VM was closed: bind jobs write no more leaves. */
	bool pt_closed;
	/**
	 * @bind_q: the default bind queue (VM_BIND with exec_queue_id 0), a
	 * reference; killed and dropped when the VM is closed.
	 */
	struct xevf_exec_queue *bind_q;
	/** @root: the PML4. */
	struct xevf_pt *root;
	/** @scratch_pdp: the shared PDP of NULL leaves, SCRATCH_PAGE VMs only. */
	struct xevf_pt *scratch_pdp;
	/** @flags: DRM_XE_VM_CREATE_FLAG_*. */
	u32 flags;
	/**
	 * @asid: the address space ID the GuC names the VM by in its page
	 * faults (`xevf page faults`); 0 for a VM the driver made itself.
	 */
	u32 asid;
	/** @closed: destroyed by its user; no more binds. */
	bool closed;
	/** @userptr: the VM's userptrs (`xevf userptr`). */
	struct xevf_userptr_vm userptr;
};

/**
 * struct xevf_file - Per DRM file state: the user's VMs and exec queues.
 */
struct xevf_file {
	/** @xe: the device. */
	struct xevf_device *xe;
	/** @lock: protects @vms and @exec_queues. */
	struct mutex lock;
	/** @vms: &struct xevf_vm by user ID. */
	struct xarray vms;
	/** @exec_queues: &struct xevf_exec_queue by user ID. */
	struct xarray exec_queues;
};

#endif
