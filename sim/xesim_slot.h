/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_SLOT_H_
#define _XESIM_SLOT_H_

#include <linux/device.h>
#include <linux/types.h>

struct address_space;
struct seq_file;
struct xesim_device;
struct xesim_fn;
struct xesim_slot;

extern const struct device_type xesim_slot_type;

int xesim_slot_create(unsigned int id, const char *bind_only,
		      struct xesim_slot **out);
void xesim_slot_destroy(struct xesim_slot *slot);
int xesim_slot_attach(struct xesim_slot *slot, unsigned int gpu_id,
		      unsigned int vfid);
int xesim_slot_detach(struct xesim_slot *slot);
int xesim_slot_freeze(struct xesim_slot *slot, bool frozen);
int xesim_slot_enter(struct xesim_slot *slot, struct xesim_fn **fn);
void xesim_slot_exit(struct xesim_slot *slot);
void xesim_slot_unplug_fn(struct xesim_fn *fn);
int xesim_slot_set_mapping(struct xesim_slot *slot,
			   struct address_space *mapping);
void xesim_slot_unbind(struct xesim_slot *slot);
struct xesim_slot *xesim_to_slot(struct xesim_device *xdev);
void xesim_slot_show(struct xesim_slot *slot, struct seq_file *m);

#if IS_ENABLED(CONFIG_KUNIT)
int xesim_slot_parse_attach(const char *buf, unsigned int *gpu_id,
			    unsigned int *vfid);
#endif

#endif
