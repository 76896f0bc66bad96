/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_KNOB_H_
#define _XESIM_KNOB_H_

#include <linux/types.h>

#include "xesim_knob_types.h"

struct dentry;
struct xesim_gpu;

void xesim_knob_init(struct xesim_knobs *knobs);
bool xesim_knob_fail(struct xesim_gpu *gpu, enum xesim_knob knob);
void xesim_knob_arm(struct xesim_gpu *gpu, enum xesim_knob knob, int count);
const char *xesim_knob_name(enum xesim_knob knob);
void xesim_knob_debugfs(struct xesim_gpu *gpu, struct dentry *dir);

#endif
