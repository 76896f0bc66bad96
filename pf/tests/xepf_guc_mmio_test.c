// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the PF's GuC MMIO channel against a fake GuC that answers
 * in the scratch registers.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/jiffies.h>

#include <abi/guc_actions_abi.h>
#include <abi/guc_ct_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_guc_mmio.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

enum fake_mode {
	FAKE_SUCCESS,
	FAKE_FAILURE,
	FAKE_SILENT,
	FAKE_BUSY,	/* busy, then success after busy_ms */
	FAKE_RETRY,	/* retry for the first retries doorbells */
	FAKE_BAD_TYPE,
};

struct fake_regs {
	u32 scratch[SOFT_SCRATCH_COUNT];
	u32 seen[SOFT_SCRATCH_COUNT];	/* the request at the doorbell */
	enum fake_mode mode;
	unsigned int doorbells;
	unsigned int retries;
	unsigned int busy_ms;
	unsigned long busy_since;
};

static u32 fake_hdr(u32 type, u32 aux)
{
	return FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, GUC_HXG_ORIGIN_GUC) |
	       FIELD_PREP(GUC_HXG_MSG_0_TYPE, type) |
	       FIELD_PREP(GUC_HXG_MSG_0_AUX, aux);
}

static void fake_success(struct fake_regs *r)
{
	r->scratch[1] = r->seen[1] + 1;
	r->scratch[2] = 0xfeed;
	r->scratch[0] = fake_hdr(GUC_HXG_TYPE_RESPONSE_SUCCESS, 0x123);
}

static int fake_read32(void *priv, u32 reg, u32 *val)
{
	struct fake_regs *r = priv;

	if (reg < SOFT_SCRATCH(0) || reg >= SOFT_SCRATCH(SOFT_SCRATCH_COUNT))
		return -EINVAL;
	if (reg == SOFT_SCRATCH(0) && r->mode == FAKE_BUSY &&
	    time_after(jiffies, r->busy_since + msecs_to_jiffies(r->busy_ms)))
		fake_success(r);
	*val = r->scratch[(reg - SOFT_SCRATCH(0)) / 4];
	return 0;
}

static int fake_write32(void *priv, u32 reg, u32 val)
{
	struct fake_regs *r = priv;

	if (reg == GUC_HOST_INTERRUPT) {
		KUNIT_ASSERT_EQ(current->kunit_test, val, GUC_SEND_TRIGGER);
		r->doorbells++;
		memcpy(r->seen, r->scratch, sizeof(r->seen));
		switch (r->mode) {
		case FAKE_SUCCESS:
			fake_success(r);
			break;
		case FAKE_FAILURE:
			r->scratch[0] = FIELD_PREP(GUC_HXG_MSG_0_ORIGIN, 1) |
				FIELD_PREP(GUC_HXG_MSG_0_TYPE,
					   GUC_HXG_TYPE_RESPONSE_FAILURE) |
				FIELD_PREP(GUC_HXG_FAILURE_MSG_0_HINT, 2) |
				FIELD_PREP(GUC_HXG_FAILURE_MSG_0_ERROR,
					   XE_GUC_RESPONSE_INVALID_STATE);
			break;
		case FAKE_SILENT:
			break;
		case FAKE_BUSY:
			r->busy_since = jiffies;
			r->scratch[0] = fake_hdr(GUC_HXG_TYPE_NO_RESPONSE_BUSY,
						 1);
			break;
		case FAKE_RETRY:
			if (r->retries) {
				r->retries--;
				r->scratch[0] =
					fake_hdr(GUC_HXG_TYPE_NO_RESPONSE_RETRY,
						 0);
			} else {
				fake_success(r);
			}
			break;
		case FAKE_BAD_TYPE:
			r->scratch[0] = fake_hdr(GUC_HXG_TYPE_EVENT, 0);
			break;
		}
		return 0;
	}
	if (reg < SOFT_SCRATCH(0) || reg >= SOFT_SCRATCH(SOFT_SCRATCH_COUNT))
		return -EINVAL;
	r->scratch[(reg - SOFT_SCRATCH(0)) / 4] = val;
	return 0;
}

static const struct xepf_guc_mmio_ops fake_ops = {
	.read32 = fake_read32,
	.write32 = fake_write32,
};

struct fake {
	struct xepf_guc_mmio m;
	struct fake_regs r;
};

static void fake_fini(void *data)
{
	struct fake *f = data;

	xepf_guc_mmio_fini(&f->m);
}

static struct fake *fake(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "xepf-mmio-test");
	struct fake *f;

	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	xepf_guc_mmio_init(&f->m, dev, &fake_ops, &f->r);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_fini, f),
			0);
	return f;
}

static const u32 req[] = {
	GUC_ACTION_PF2GUC_VF_CONTROL,	/* host request: only ACTION is set */
	7, GUC_PF_TRIGGER_VF_PAUSE,
};

static void xepf_guc_mmio_test_success(struct kunit *test)
{
	struct fake *f = fake(test);
	u32 resp[2] = {};

	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req, 3, resp, 2),
			0x123);
	KUNIT_EXPECT_EQ(test, f->r.doorbells, 1u);
	KUNIT_EXPECT_EQ(test, f->r.seen[0], req[0]);
	KUNIT_EXPECT_EQ(test, f->r.seen[1], 7u);
	KUNIT_EXPECT_EQ(test, f->r.seen[2], GUC_PF_TRIGGER_VF_PAUSE);
	KUNIT_EXPECT_EQ(test, resp[0], 8u);
	KUNIT_EXPECT_EQ(test, resp[1], 0xfeedu);
	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req, 3, NULL, 0),
			0x123);
}

static void xepf_guc_mmio_test_errors(struct kunit *test)
{
	struct fake *f = fake(test);

	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req, 0, NULL, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req,
						 SOFT_SCRATCH_COUNT + 1, NULL,
						 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, f->r.doorbells, 0u);

	f->r.mode = FAKE_FAILURE;
	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req, 3, NULL, 0),
			-ENXIO);
	f->r.mode = FAKE_BAD_TYPE;
	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req, 3, NULL, 0),
			-EPROTO);
}

static void xepf_guc_mmio_test_timeout(struct kunit *test)
{
	struct fake *f = fake(test);
	unsigned long t0 = jiffies;

	f->r.mode = FAKE_SILENT;
	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req, 3, NULL, 0),
			-ETIMEDOUT);
	KUNIT_EXPECT_GE(test, jiffies_to_msecs(jiffies - t0), 50u);
	KUNIT_EXPECT_EQ(test, f->r.doorbells, 1u);
}

static void xepf_guc_mmio_test_busy(struct kunit *test)
{
	struct fake *f = fake(test);

	/* busy for longer than the plain timeout: the wait grows */
	f->r.mode = FAKE_BUSY;
	f->r.busy_ms = 200;
	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req, 3, NULL, 0),
			0x123);
	KUNIT_EXPECT_EQ(test, f->r.doorbells, 1u);
	/* but not for ever */
	f->m.busy_timeout_ms = 100;
	f->r.busy_ms = 1000;
	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req, 3, NULL, 0),
			-ETIMEDOUT);
}

static void xepf_guc_mmio_test_retry(struct kunit *test)
{
	struct fake *f = fake(test);

	f->r.mode = FAKE_RETRY;
	f->r.retries = 2;
	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req, 3, NULL, 0),
			0x123);
	KUNIT_EXPECT_EQ(test, f->r.doorbells, 3u);
	/* the resent request is the original one */
	KUNIT_EXPECT_EQ(test, f->r.seen[0], req[0]);
	KUNIT_EXPECT_EQ(test, f->r.seen[1], 7u);

	f->r.retries = 100;
	f->r.doorbells = 0;
	KUNIT_EXPECT_EQ(test, xepf_guc_mmio_send(&f->m, req, 3, NULL, 0),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, f->r.doorbells, 4u);
}

static struct kunit_case xepf_guc_mmio_cases[] = {
	KUNIT_CASE(xepf_guc_mmio_test_success),
	KUNIT_CASE(xepf_guc_mmio_test_errors),
	KUNIT_CASE(xepf_guc_mmio_test_timeout),
	KUNIT_CASE(xepf_guc_mmio_test_busy),
	KUNIT_CASE(xepf_guc_mmio_test_retry),
	{}
};

static struct kunit_suite xepf_guc_mmio_suite = {
	.name = "xepf_guc_mmio",
	.test_cases = xepf_guc_mmio_cases,
};

kunit_test_suite(xepf_guc_mmio_suite);
