// SPDX-License-Identifier: GPL-2.0
/*
 * The KUnit tests' guest: a test that plays the VF driver of a guest slot
 * talks to the GuC model as a VF driver does.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/delay.h>

#include <abi/guc_relay_abi.h>
#include <abi/xe_regs_abi.h>
#include <xesim_driver.h>
#include <xesim_kunit.h>

#include "xepf_test_guest.h"

/**
 * xepf_test_guest_relay() - Send a request over a VF's MMIO relay, as a
 * guest does, and wait for the GuC's success reply.
 * @test: the test; a failed access or another reply fails it.
 * @guest: the guest slot, attached to the VF.
 * @req: the request, HXG header first.
 * @len: dwords of @req, at most the relay's VF_SW_FLAG registers.
 *
 * The request goes into VF_SW_FLAG, last dword first, and the doorbell
 * rings; the reply comes back in VF_SW_FLAG, its header in the first.
 *
 * Context: process context; sleeps.
 * Return: the reply's header; its data dwords are in VF_SW_FLAG(1) on.
 */
u32 xepf_test_guest_relay(struct kunit *test, struct xesim_slot *guest,
			  const u32 *req, unsigned int len)
{
	struct xesim_device *xdev = xesim_kunit_slot_device(guest);
	unsigned int i;
	u32 hdr = 0;

	for (i = len; i-- > 0;)
		KUNIT_ASSERT_EQ(test, xesim_write32(xdev, VF_SW_FLAG(i), req[i]),
				0);
	KUNIT_ASSERT_EQ(test, xesim_write32(xdev, GUC_HOST_INTERRUPT,
					    GUC_SEND_TRIGGER), 0);
	for (i = 0; i < 2000; i++) {
		KUNIT_ASSERT_EQ(test, xesim_read32(xdev, VF_SW_FLAG(0), &hdr), 0);
		if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, hdr) == GUC_HXG_ORIGIN_GUC &&
		    FIELD_GET(GUC_HXG_MSG_0_TYPE, hdr) !=
		    GUC_HXG_TYPE_NO_RESPONSE_BUSY)
			break;
		usleep_range(50, 100);
	}
	KUNIT_ASSERT_EQ_MSG(test, FIELD_GET(GUC_HXG_MSG_0_TYPE, hdr),
			    GUC_HXG_TYPE_RESPONSE_SUCCESS,
			    "action %#lx: reply %#x",
			    FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, req[0]), hdr);
	return hdr;
}
