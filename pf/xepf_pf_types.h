/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of the PF device.
 */

#ifndef _XEPF_PF_TYPES_H_
#define _XEPF_PF_TYPES_H_

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include <xesim_driver.h>

#include "xepf_debugfs_types.h"
#include "xepf_guc_ct_types.h"
#include "xepf_guc_mmio_types.h"
#include "xepf_sriov_control_types.h"
#include "xepf_sriov_config_types.h"
#include "xepf_sriov_migration_types.h"

struct dentry;
struct page;

/**
 * struct xepf_pf - One PF bound by the driver.
 */
struct xepf_pf {
	/** @xdev: the device. */
	struct xesim_device *xdev;
	/** @dev: its driver-core device. */
	struct device *dev;
	/**
	 * @ref: the driver's reference, dropped at remove, and one per open
	 *       debugfs migration file, which may outlive the binding.
	 */
	struct kref ref;
	/** @link: in the driver's list of PFs. */
	struct list_head link;
	/** @info: what the device told at probe. */
	struct xesim_info info;
	/** @mmio: the MMIO channel to the GuC. */
	struct xepf_guc_mmio mmio;
	/** @ct: the CT channel, for the GuC's events. */
	struct xepf_guc_ct ct;
	/** @ctl: the VF control state machine. */
	struct xepf_control ctl;
	/** @klv_page: the page that holds UPDATE_VF_CFG KLVs, in PF GGTT memory. */
	struct page *klv_page;
	/** @klv_iova: its IOVA in the PF's DMA domain. */
	dma_addr_t klv_iova;
	/** @lim: what the VFs share. */
	struct xepf_config_limits lim;
	/**
	 * @lock: serializes provisioning, VF enabling and @ggtt_override; the
	 *        outermost lock of the PF (`xepf lock order`).
	 */
	struct mutex lock;
	/** @num_vfs: VFs enabled. */
	unsigned int num_vfs;
	/**
	 * @disabling: the VFs are being disabled (xepf_pf_sriov_configure() with
	 *             0): new requests of them fail. Set and cleared under @lock.
	 */
	bool disabling;
	/**
	 * @cfgs: the configuration of VF n in @cfgs[n - 1], @info.total_vfs
	 *        entries.
	 */
	struct xepf_vf_config *cfgs;
	/**
	 * @ggtt_override: GGTT start of VF n in @ggtt_override[n - 1], 0 for the
	 *                 fair share, set by xepf_pf_set_ggtt_start() (debugfs
	 *                 ``ggtt_start``); used at the next enabling.
	 */
	u64 *ggtt_override;
	/**
	 * @vf_files: what the debugfs files of VF n point at, in
	 *            @vf_files[n - 1].
	 */
	struct xepf_debugfs_vf_file *vf_files;
	/** @migs: the migration state of VF n in @migs[n - 1]. */
	struct xepf_vf_mig *migs;
	/**
	 * @mig_buf_lock: serializes the use of the GuC state window
	 *                (`xepf VF save and restore`).
	 */
	struct mutex mig_buf_lock;
	/** @debugfs: the PF's debugfs directory. */
	struct dentry *debugfs;
};

#endif
