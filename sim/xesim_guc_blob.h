/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_BLOB_H_
#define _XESIM_GUC_BLOB_H_

#include <linux/types.h>

#include "xesim_guc_blob_types.h"
#include "xesim_guc_hxg_types.h"
#include "xesim_guc_vf_state_types.h"

ssize_t xesim_guc_blob_save(const struct xesim_guc_vf_state *vf, u16 devid,
			    const struct xesim_guc_vf_config *cfg,
			    const struct xesim_guc_vf_snapshot *snap,
			    void *buf, size_t size);
ssize_t xesim_guc_blob_restore(const struct xesim_guc_vf_state *vf, u16 devid,
			       const struct xesim_guc_vf_config *cfg,
			       const void *buf, size_t size,
			       struct xesim_guc_vf_snapshot *out);
void xesim_guc_blob_snapshot_free(struct xesim_guc_vf_snapshot *snap);
u32 xesim_guc_blob_errno_to_response(int err);

u32 xesim_guc_blob_save_vf(struct xesim_guc_vf_state *vf, u16 devid,
			   const struct xesim_guc_vf_config *cfg,
			   const struct xesim_guc_vf_snapshot *snap,
			   void *buf, size_t size, struct xesim_hxg_reply *reply);
u32 xesim_guc_blob_restore_vf(struct xesim_guc_vf_state *vf, u16 devid,
			      const struct xesim_guc_vf_config *cfg,
			      const void *buf, size_t size,
			      struct xesim_guc_vf_snapshot *out,
			      struct xesim_hxg_reply *reply,
			      struct xesim_guc_vf_action *act);

#endif
