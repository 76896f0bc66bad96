/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GT_VF_MIGRATION_H_
#define _XEVF_GT_VF_MIGRATION_H_

#include <linux/types.h>

struct drm_printer;
struct xevf_device;
struct xevf_vf_config;

void xevf_gt_vf_migration_init(struct xevf_device *xe);
void xevf_gt_vf_migration_fini(struct xevf_device *xe);
void xevf_gt_vf_migration_irq(struct xevf_device *xe);
bool xevf_gt_vf_migration_pending(struct xevf_device *xe);
bool xevf_gt_vf_migration_wedged(struct xevf_device *xe);
void xevf_gt_vf_migration_wait(struct xevf_device *xe);
int xevf_gt_vf_migration_wait_idle(struct xevf_device *xe);
int xevf_gt_vf_migration_set_stoppers(struct xevf_device *xe, u32 stoppers);
int xevf_gt_vf_migration_set_skip(struct xevf_device *xe, u32 skip);
const char *xevf_gt_vf_migration_step_name(unsigned int step);
void xevf_gt_vf_migration_print(struct xevf_device *xe, struct drm_printer *p);

#if IS_ENABLED(CONFIG_KUNIT)
int xevf_gt_vf_migration_check_config(struct xevf_device *xe,
				      const struct xevf_vf_config *cfg);
#endif

#endif
