/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_LRC_H_
#define _XEVF_LRC_H_

#include <linux/types.h>

struct xevf_device;
struct xevf_lrc;
struct xevf_lrc_job;

/* dwords of the longest job emission */
#define XEVF_LRC_JOB_DWORDS	16

u32 xevf_lrc_emit_job(u32 *dw, u64 batch, u64 seqno_ggtt, u32 seqno,
		      bool ufence, u64 ufence_addr, u64 ufence_value);
int xevf_lrc_init(struct xevf_device *xe, struct xevf_lrc *lrc, u64 ppgtt_root);
void xevf_lrc_set_asid(struct xevf_lrc *lrc, u32 asid, bool recoverable);
void xevf_lrc_fini(struct xevf_device *xe, struct xevf_lrc *lrc);
u64 xevf_lrc_ggtt(const struct xevf_lrc *lrc);
u64 xevf_lrc_seqno_ggtt(const struct xevf_lrc *lrc);
u32 xevf_lrc_hw_seqno(const struct xevf_lrc *lrc);
u32 xevf_lrc_read_image(const struct xevf_lrc *lrc, u32 offset);
u32 xevf_lrc_submit_job(struct xevf_lrc *lrc, struct xevf_lrc_job *job);
int xevf_lrc_reemit_job(struct xevf_lrc *lrc, const struct xevf_lrc_job *job);
bool xevf_lrc_ring_busy(const struct xevf_lrc *lrc);
u32 xevf_lrc_ring_dw(const struct xevf_lrc *lrc, u32 offset);
u64 xevf_lrc_hwsp_ggtt(const struct xevf_lrc *lrc);
u64 xevf_lrc_ring_ggtt(const struct xevf_lrc *lrc);

#endif
