/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GUC_CT_H_
#define _XEVF_GUC_CT_H_

#include <linux/types.h>

struct drm_printer;
struct xevf_device;

u32 xevf_guc_ct_header(u16 fence, u32 len);
int xevf_guc_ct_init(struct xevf_device *xe);
int xevf_guc_ct_register(struct xevf_device *xe);
void xevf_guc_ct_stop(struct xevf_device *xe);
void xevf_guc_ct_fini(struct xevf_device *xe);
int xevf_guc_ct_send(struct xevf_device *xe, const u32 *action, u32 len);
int xevf_guc_ct_send_recv(struct xevf_device *xe, const u32 *action, u32 len,
			  u32 *data0);
void xevf_guc_ct_g2h_irq(struct xevf_device *xe);
void xevf_guc_ct_print(struct xevf_device *xe, struct drm_printer *p);

#endif
