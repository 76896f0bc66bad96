/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The KUnit tests' guest: a test that plays the VF driver of a guest slot.
 */

#ifndef _XEPF_TEST_GUEST_H_
#define _XEPF_TEST_GUEST_H_

#include <linux/types.h>

struct kunit;
struct xesim_slot;

u32 xepf_test_guest_relay(struct kunit *test, struct xesim_slot *guest,
			  const u32 *req, unsigned int len);

#endif
