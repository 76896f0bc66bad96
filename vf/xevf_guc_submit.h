/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_GUC_SUBMIT_H_
#define _XEVF_GUC_SUBMIT_H_

#include <linux/types.h>

struct drm_printer;
struct xevf_device;
struct xevf_exec_queue;
struct xevf_job;

int xevf_guc_submit_init(struct xevf_device *xe);
void xevf_guc_submit_wedge(struct xevf_device *xe, int err);
void xevf_guc_submit_pause(struct xevf_device *xe);
int xevf_guc_submit_replay(struct xevf_device *xe, u64 consumed, unsigned int *count);
int xevf_guc_submit_reemit(struct xevf_device *xe, unsigned int *count);
unsigned int xevf_guc_submit_resume(struct xevf_device *xe, bool resched);
int xevf_guc_submit_queue_init(struct xevf_exec_queue *q);
void xevf_guc_submit_queue_fini(struct xevf_exec_queue *q);
struct xevf_job *xevf_guc_submit_job_create(struct xevf_exec_queue *q, u64 batch);
void xevf_guc_submit_job_free(struct xevf_job *job);
void xevf_guc_submit_ban(struct xevf_exec_queue *q, int err);
bool xevf_guc_submit_banned(struct xevf_exec_queue *q);
void xevf_guc_submit_print(struct xevf_device *xe, struct drm_printer *p);

#endif
