/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GUC_CT_H_
#define _XEVF_GUC_CT_H_

#include <linux/bits.h>
#include <linux/types.h>

struct drm_printer;
struct xevf_device;
struct xevf_guc_ct_track;

/* xevf_guc_ct_send(): fail with -ECANCELED instead of waiting for a recovery */
#define XEVF_CT_NOWAIT	BIT(0)

u32 xevf_guc_ct_header(u16 fence, u32 len);
int xevf_guc_ct_init(struct xevf_device *xe);
int xevf_guc_ct_register(struct xevf_device *xe);
void xevf_guc_ct_stop(struct xevf_device *xe);
void xevf_guc_ct_fini(struct xevf_device *xe);
int xevf_guc_ct_send(struct xevf_device *xe, const u32 *action, u32 len,
		     u32 flags, struct xevf_guc_ct_track *track);
int xevf_guc_ct_send_recv(struct xevf_device *xe, const u32 *action, u32 len,
			  u32 *data0, struct xevf_guc_ct_track *track);
int xevf_guc_ct_wait(struct xevf_device *xe, bool (*cond)(void *arg), void *arg,
		     unsigned int timeout_ms);
void xevf_guc_ct_pause(struct xevf_device *xe);
void xevf_guc_ct_unpause(struct xevf_device *xe);
int xevf_guc_ct_discard(struct xevf_device *xe, bool discard, u64 *consumed);
int xevf_guc_ct_replay(struct xevf_device *xe, const u32 *action, u32 len,
		       u32 type, struct xevf_guc_ct_track *track);
int xevf_guc_ct_check(struct xevf_device *xe);
void xevf_guc_ct_wake(struct xevf_device *xe);
void xevf_guc_ct_g2h_irq(struct xevf_device *xe);
void xevf_guc_ct_print(struct xevf_device *xe, struct drm_printer *p);

#endif
