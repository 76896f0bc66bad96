/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_BUS_H_
#define _XESIM_BUS_H_

#include <linux/device.h>
#include <linux/types.h>

#include "xesim_bus_types.h"

struct xesim_gpu;
struct xesim_slot;

extern const struct bus_type xesim_bus_type;
extern struct xesim_objects xesim_objects;

struct device *xesim_bus_root(void);
struct xesim_gpu *xesim_bus_get_gpu(unsigned int id);
int xesim_bus_link_gpu(struct xesim_gpu *gpu);
bool xesim_bus_claim_gpu(struct xesim_gpu *gpu);
void xesim_bus_unlink_gpu(struct xesim_gpu *gpu);
int xesim_bus_link_slot(struct xesim_slot *slot);
bool xesim_bus_claim_slot(struct xesim_slot *slot);
void xesim_bus_unlink_slot(struct xesim_slot *slot);

#if IS_ENABLED(CONFIG_KUNIT)
int xesim_bus_new_device(const char *buf);
int xesim_bus_del_device(const char *buf);
int xesim_bus_new_slot(const char *buf);
int xesim_bus_del_slot(const char *buf);
#endif

#endif
