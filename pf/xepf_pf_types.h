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
 * @xdev: the device.
 * @dev: its driver-core device.
 * @ref: the driver's reference, dropped at remove, and one per open
 *       debugfs migration file, which may outlive the binding.
 * @link: in the driver's list of PFs.
 * @info: what the device told at probe.
 * @mmio: the MMIO channel to the GuC.
 * @ct: the CT channel, for the GuC's events.
 * @ctl: the VF control state machine.
 * @klv_page: the page that holds UPDATE_VF_CFG KLVs, in PF GGTT memory.
 * @klv_iova: its IOVA in the PF's DMA domain.
 * @lim: what the VFs share.
 * @lock: serializes provisioning, VF enabling and @ggtt_override.
 * @num_vfs: VFs enabled.
 * @disabling: the VFs are being disabled (xepf_pf_sriov_configure() with
 *             0): new requests of them fail. Set and cleared under @lock.
 * @cfgs: the configuration of VF n in @cfgs[n - 1], @info.total_vfs
 *        entries.
 * @ggtt_override: GGTT start of VF n in @ggtt_override[n - 1], 0 for the
 *                 fair share, set by xepf_pf_set_ggtt_start() (debugfs
 *                 ``ggtt_start``); used at the next enabling.
 * @vf_files: what the debugfs files of VF n point at, in
 *            @vf_files[n - 1].
 * @migs: the migration state of VF n in @migs[n - 1].
 * @mig_buf_lock: serializes the use of the GuC state window
 *                (`xepf VF save and restore`).
 * @debugfs: the PF's debugfs directory.
 */
struct xepf_pf {
	struct xesim_device *xdev;
	struct device *dev;
	struct kref ref;
	struct list_head link;
	struct xesim_info info;
	struct xepf_guc_mmio mmio;
	struct xepf_guc_ct ct;
	struct xepf_control ctl;
	struct page *klv_page;
	dma_addr_t klv_iova;
	struct xepf_config_limits lim;
	struct mutex lock;	/* see kernel-doc */
	unsigned int num_vfs;
	bool disabling;
	struct xepf_vf_config *cfgs;
	u64 *ggtt_override;
	struct xepf_debugfs_vf_file *vf_files;
	struct xepf_vf_mig *migs;
	struct mutex mig_buf_lock;	/* see kernel-doc */
	struct dentry *debugfs;
};

#endif
