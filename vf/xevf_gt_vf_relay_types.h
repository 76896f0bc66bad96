/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GT_VF_RELAY_TYPES_H_
#define _XEVF_GT_VF_RELAY_TYPES_H_

#include <linux/mutex.h>
#include <linux/types.h>

/**
 * struct xevf_guc_version - A GuC VF interface version.
 */
struct xevf_guc_version {
	/** @branch: the version branch. */
	u8 branch;
	/** @major: the major version. */
	u8 major;
	/** @minor: the minor version. */
	u8 minor;
	/** @patch: the patch level. */
	u8 patch;
};

/**
 * struct xevf_vf_config - The VF's provisioning as the GuC reports it.
 */
struct xevf_vf_config {
	/** @ggtt_start: first GGTT address of the VF's range. */
	u64 ggtt_start;
	/** @ggtt_size: size of the VF's GGTT range in bytes. */
	u64 ggtt_size;
	/** @lmem_size: the VF's local memory in bytes. */
	u64 lmem_size;
	/** @num_ctxs: GuC context IDs of the VF. */
	u32 num_ctxs;
	/** @num_dbs: doorbells of the VF. */
	u32 num_dbs;
};

/**
 * struct xevf_relay - The VF's MMIO relay to the GuC.
 */
struct xevf_relay {
	/** @lock: serializes requests: the scratch registers are shared. */
	struct mutex lock;
	/** @requests: requests sent (debugfs). */
	u64 requests;
	/** @retries: retry replies and resends after a timeout. */
	u64 retries;
	/** @failures: failure replies. */
	u64 failures;
	/** @last_error: ERROR of the last failure reply. */
	u32 last_error;
	/** @last_hint: HINT of the last failure reply. */
	u32 last_hint;
};

#endif
