/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_DEVICE_TYPES_H_
#define _XEVF_DEVICE_TYPES_H_

#include <drm/drm_device.h>
#include <linux/list.h>
#include <linux/rwsem.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <xesim_driver.h>

#include "xevf_bo_types.h"
#include "xevf_exec_queue_types.h"
#include "xevf_ggtt_types.h"
#include "xevf_gt_pagefault_types.h"
#include "xevf_gt_vf_migration_types.h"
#include "xevf_gt_vf_relay_types.h"
#include "xevf_guc_ct_types.h"
#include "xevf_memirq_types.h"

/**
 * struct xevf_device - The guest VF driver's device: one per guest slot.
 */
struct xevf_device {
	/** @drm: the DRM device ("xe"). */
	struct drm_device drm;
	/** @xdev: the guest slot. */
	struct xesim_device *xdev;
	/** @hw_lock: held (read) by cleanup paths that reach the device. */
	struct rw_semaphore hw_lock;
	/** @hw_gone: the driver was unbound; the device is out of reach. */
	bool hw_gone;
	/** @link: entry in the driver's device list. */
	struct list_head link;
	/** @info: what the bus says about the device. */
	struct xesim_info info;
	/** @relay: the MMIO relay to the GuC. */
	struct xevf_relay relay;
	/** @guc_version: the GuC VF interface version agreed on. */
	struct xevf_guc_version guc_version;
	/** @config: the provisioning the GuC reported. */
	struct xevf_vf_config config;
	/** @ggtt: the GGTT manager. */
	struct xevf_ggtt ggtt;
	/** @memirq: memory-based interrupts. */
	struct xevf_memirq memirq;
	/** @ct: the CT channel. */
	struct xevf_guc_ct ct;
	/** @submit: GuC submission. */
	struct xevf_submit submit;
	/** @vram: the LMEM allocator. */
	struct xevf_vram vram;
	/** @ufence_wq: woken when a user fence may have been written. */
	wait_queue_head_t ufence_wq;
	/** @recovery_wq: ordered workqueue of the MIGRATED interrupt. */
	struct workqueue_struct *recovery_wq;
	/** @migration: the post-migration recovery. */
	struct xevf_gt_vf_migration migration;
	/** @pagefault: recoverable page faults and the VMs' ASIDs. */
	struct xevf_gt_pagefault pagefault;
	/**
	 * @fail_vm_bind: failure knob (debugfs ``fail_vm_bind``): VM_BINDs to
	 * fail with -ENOSPC once their operations are applied (-1: all).
	 */
	atomic_t fail_vm_bind;
};

#endif
