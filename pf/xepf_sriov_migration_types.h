/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of VF save and restore on the device.
 */

#ifndef _XEPF_SRIOV_MIGRATION_TYPES_H_
#define _XEPF_SRIOV_MIGRATION_TYPES_H_

#include <linux/mutex.h>
#include <linux/types.h>

#include "xepf_migration_stream_types.h"

struct xepf_pf;

/* The PF's GGTT window through which the GuC reads and writes VF state */
#define XEPF_GGTT_MIG		SZ_64K
#define XEPF_GGTT_MIG_SIZE	XEPF_MIG_GUC_MAX

/**
 * struct xepf_vf_mig - The migration state of one VF.
 * @pf: the PF.
 * @vfid: the VF.
 * @lock: serializes the VF's stream: opening, every read or write, closing.
 * @ggtt_start: GGTT start of the VF while a stream is open.
 * @save: the save stream being read, or NULL.
 * @restore: the restore stream being written, or NULL.
 * @bytes: bytes read from @save or written to @restore so far.
 */
struct xepf_vf_mig {
	struct xepf_pf *pf;
	unsigned int vfid;
	struct mutex lock;	/* see kernel-doc */
	u64 ggtt_start;
	struct xepf_mig_save *save;
	struct xepf_mig_restore *restore;
	u64 bytes;
};

#endif
