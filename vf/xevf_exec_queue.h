/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_EXEC_QUEUE_H_
#define _XEVF_EXEC_QUEUE_H_

#include <linux/types.h>

struct drm_file;
struct xevf_file;

int xevf_exec_queue_check_bind(struct drm_file *file, u32 id);
void xevf_exec_queue_file_close(struct xevf_file *xef);

#endif
