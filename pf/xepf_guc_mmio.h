/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PF's MMIO channel to the GuC.
 */

#ifndef _XEPF_GUC_MMIO_H_
#define _XEPF_GUC_MMIO_H_

#include "xepf_guc_mmio_types.h"

void xepf_guc_mmio_init(struct xepf_guc_mmio *m, struct device *dev,
			const struct xepf_guc_mmio_ops *ops, void *priv);
void xepf_guc_mmio_fini(struct xepf_guc_mmio *m);
int xepf_guc_mmio_send(struct xepf_guc_mmio *m, const u32 *req, u32 len,
		       u32 *resp, u32 resp_len);
int xepf_guc_mmio_request(struct xepf_guc_mmio *m, const u32 *req, u32 len,
			  u32 *resp, u32 resp_len, u32 *error);

#endif
