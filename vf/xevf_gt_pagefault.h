/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GT_PAGEFAULT_H_
#define _XEVF_GT_PAGEFAULT_H_

#include <linux/types.h>

struct drm_printer;
struct xevf_device;
struct xevf_vm;

/* ASIDs are 20 bits (upstream XE_MAX_ASID) */
#define XEVF_MAX_ASID		BIT(20)

int xevf_gt_pagefault_init(struct xevf_device *xe);
void xevf_gt_pagefault_fini(struct xevf_device *xe);
int xevf_gt_pagefault_asid_alloc(struct xevf_device *xe, struct xevf_vm *vm);
void xevf_gt_pagefault_asid_free(struct xevf_device *xe, struct xevf_vm *vm);
int xevf_gt_pagefault_handler(struct xevf_device *xe, const u32 *msg, u32 len);
void xevf_gt_pagefault_print(struct xevf_device *xe, struct drm_printer *p);

#endif
