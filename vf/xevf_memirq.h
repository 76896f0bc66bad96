/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_MEMIRQ_H_
#define _XEVF_MEMIRQ_H_

#include <linux/types.h>

struct xevf_device;

u32 xevf_memirq_source_offset(void);
u32 xevf_memirq_status_offset(unsigned int bit);
int xevf_memirq_register(struct xevf_device *xe);
int xevf_memirq_init(struct xevf_device *xe);
void xevf_memirq_fini(struct xevf_device *xe);
bool xevf_memirq_migrated_pending(struct xevf_device *xe);

#endif
