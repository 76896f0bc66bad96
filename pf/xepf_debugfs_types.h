/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of the PF's debugfs files.
 */

#ifndef _XEPF_DEBUGFS_TYPES_H_
#define _XEPF_DEBUGFS_TYPES_H_

struct xepf_pf;

/**
 * struct xepf_debugfs_vf_file - What a VF's debugfs file acts on.
 */
struct xepf_debugfs_vf_file {
	/** @pf: the PF. */
	struct xepf_pf *pf;
	/** @vfid: the VF. */
	unsigned int vfid;
};

#endif
