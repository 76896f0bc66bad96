/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sim's KUnit API: what tests of other components (pf/) may do to the
 * device beyond a driver's calls of xesim_driver.h.
 */

#ifndef _XESIM_KUNIT_H_
#define _XESIM_KUNIT_H_

#include <linux/types.h>

#include <kunit/visibility.h>

struct kunit;
struct xesim_device;
struct xesim_slot;

#if IS_ENABLED(CONFIG_KUNIT)
int xesim_kunit_add_gpu(struct kunit *test, const char *params);
struct xesim_slot *xesim_kunit_add_slot(struct kunit *test, unsigned int id,
					const char *bind_only);
void xesim_kunit_release_slot(struct kunit *test, struct xesim_slot *slot);
struct xesim_device *xesim_kunit_slot_device(struct xesim_slot *slot);
int xesim_kunit_slot_attach(struct xesim_slot *slot, unsigned int gpu,
			    unsigned int vfid);
int xesim_kunit_slot_detach(struct xesim_slot *slot);
struct xesim_device *xesim_kunit_get_vf(struct kunit *test, unsigned int gpu,
					unsigned int vfid);
int xesim_kunit_arm(unsigned int gpu, const char *knob);
const char *xesim_kunit_guc_vf_state(unsigned int gpu, unsigned int vfid);
#endif

#endif
