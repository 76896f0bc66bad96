/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PF's CT channel with the GuC.
 */

#ifndef _XEPF_GUC_CT_H_
#define _XEPF_GUC_CT_H_

#include "xepf_guc_ct_types.h"

int xepf_guc_ct_init(struct xepf_guc_ct *ct, struct xesim_device *xdev,
		     struct xepf_guc_mmio *mmio, u64 ggtt,
		     void (*event)(void *priv, const u32 *msg, u32 len),
		     void *priv);
void xepf_guc_ct_fini(struct xepf_guc_ct *ct);
void xepf_guc_ct_irq(struct xepf_guc_ct *ct);

#endif
