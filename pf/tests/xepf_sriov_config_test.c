// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of VF provisioning: fair shares, override checks, KLVs.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/sizes.h>

#include <abi/guc_klvs_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_sriov_config.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

static const struct xepf_config_limits lim = {
	.ggtt_size = SZ_4G,
	.pf_ggtt = SZ_16M,
	.vram_size = SZ_64M,
	.contexts = 1000,
	.doorbells = 250,
};

static void xepf_config_test_fair(struct kunit *test)
{
	struct xepf_vf_config c[7];
	unsigned int n, i;

	for (n = 1; n <= ARRAY_SIZE(c); n++) {
		KUNIT_ASSERT_EQ(test, xepf_sriov_config_fair(&lim, n, n, c), 0);
		KUNIT_EXPECT_EQ(test, xepf_sriov_config_check(&lim, c, n), 0);
		for (i = 0; i < n; i++) {
			KUNIT_EXPECT_GE(test, c[i].ggtt_start, (u64)SZ_16M);
			KUNIT_EXPECT_LE(test, c[i].ggtt_start + c[i].ggtt_size,
					GUC_GGTT_TOP);
			KUNIT_EXPECT_EQ(test, c[i].ggtt_size, c[0].ggtt_size);
			KUNIT_EXPECT_EQ(test, c[i].ggtt_start % SZ_64K, 0);
			KUNIT_EXPECT_EQ(test, c[i].lmem_size % SZ_64K, 0);
			KUNIT_EXPECT_LE(test, n * c[i].lmem_size, (u64)SZ_64M);
			KUNIT_EXPECT_EQ(test, c[i].num_ctxs, 1000 / n);
			KUNIT_EXPECT_EQ(test, c[i].begin_ctx, i * (1000 / n));
			KUNIT_EXPECT_EQ(test, c[i].num_dbs, 250 / n);
		}
		/* all of the VRAM but the rounding goes to the VFs */
		KUNIT_EXPECT_GT(test, (n + 1) * c[0].lmem_size, (u64)SZ_64M - SZ_1M);
	}
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_fair(&lim, 0, 0, c), -EINVAL);
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_fair(&lim, 3, 2, c), -EINVAL);
	/* more slots: the same ranges for the first VFs, room left over */
	KUNIT_ASSERT_EQ(test, xepf_sriov_config_fair(&lim, 2, 4, c), 0);
	KUNIT_EXPECT_EQ(test, c[1].ggtt_start, c[0].ggtt_start + c[0].ggtt_size);
	KUNIT_EXPECT_LE(test, c[1].ggtt_start + 3 * c[1].ggtt_size,
			GUC_GGTT_TOP);
	{
		struct xepf_config_limits tiny = lim;

		tiny.pf_ggtt = SZ_4G;
		KUNIT_EXPECT_EQ(test, xepf_sriov_config_fair(&tiny, 1, 1, c), -ENOSPC);
		tiny = lim;
		tiny.contexts = 2;
		KUNIT_EXPECT_EQ(test, xepf_sriov_config_fair(&tiny, 3, 3, c), -ENOSPC);
	}
}

static void xepf_config_test_check(struct kunit *test)
{
	struct xepf_vf_config c[2];

	KUNIT_ASSERT_EQ(test, xepf_sriov_config_fair(&lim, 2, 2, c), 0);
	/* moving VF2 up a bit is fine */
	c[1].ggtt_start += SZ_64K;
	c[1].ggtt_size -= SZ_64K;
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_check(&lim, c, 2), 0);
	/* into VF1's range is not */
	c[1].ggtt_start = c[0].ggtt_start + c[0].ggtt_size - SZ_4K;
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_check(&lim, c, 2), -EBUSY);
	c[1].ggtt_start = c[0].ggtt_start;
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_check(&lim, c, 2), -EBUSY);
	/* nor into the PF's, nor past the top */
	c[1].ggtt_start = SZ_1M;
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_check(&lim, c, 2), -ERANGE);
	c[1].ggtt_start = GUC_GGTT_TOP - SZ_4K;
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_check(&lim, c, 2), -ERANGE);
	c[1].ggtt_start = U64_MAX & ~0xfffull;
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_check(&lim, c, 2), -EINVAL);
	c[1].ggtt_start = c[0].ggtt_start + c[0].ggtt_size + 0x800;
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_check(&lim, c, 2), -EINVAL);
	c[1].ggtt_start = c[0].ggtt_start + c[0].ggtt_size;
	c[1].ggtt_size = 0;
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_check(&lim, c, 2), -EINVAL);
	c[1].ggtt_size = SZ_64K;
	c[1].lmem_size = SZ_4K;
	KUNIT_EXPECT_EQ(test, xepf_sriov_config_check(&lim, c, 2), -EINVAL);
}

static void xepf_config_test_encode(struct kunit *test)
{
	const struct xepf_vf_config c = {
		.ggtt_start = 0x23450000ull,
		.ggtt_size = SZ_256M,
		.lmem_size = 0x200000000ull,
		.begin_ctx = 100, .num_ctxs = 50,
		.begin_db = 7, .num_dbs = 9,
	};
	u32 k[XEPF_CONFIG_KLV_DWORDS];
	unsigned int n;

	KUNIT_EXPECT_EQ(test, xepf_sriov_config_encode(&c, k, 10), 0u);
	n = xepf_sriov_config_encode(&c, k, ARRAY_SIZE(k));
	KUNIT_ASSERT_EQ(test, n, (unsigned int)XEPF_CONFIG_KLV_DWORDS);
	KUNIT_EXPECT_EQ(test, k[0], 0x00010002u);
	KUNIT_EXPECT_EQ(test, k[1], 0x23450000u);
	KUNIT_EXPECT_EQ(test, k[2], 0u);
	KUNIT_EXPECT_EQ(test, k[3], 0x00020002u);
	KUNIT_EXPECT_EQ(test, k[4], (u32)SZ_256M);
	KUNIT_EXPECT_EQ(test, k[6], 0x00030002u);
	KUNIT_EXPECT_EQ(test, k[7], 0u);
	KUNIT_EXPECT_EQ(test, k[8], 2u);
	KUNIT_EXPECT_EQ(test, k[9], 0x00040001u);
	KUNIT_EXPECT_EQ(test, k[10], 50u);
	KUNIT_EXPECT_EQ(test, k[11], 0x8a0b0001u);
	KUNIT_EXPECT_EQ(test, k[12], 100u);
	KUNIT_EXPECT_EQ(test, k[13], 0x00060001u);
	KUNIT_EXPECT_EQ(test, k[14], 9u);
	KUNIT_EXPECT_EQ(test, k[15], 0x8a0a0001u);
	KUNIT_EXPECT_EQ(test, k[16], 7u);
}

static struct kunit_case xepf_sriov_config_cases[] = {
	KUNIT_CASE(xepf_config_test_fair),
	KUNIT_CASE(xepf_config_test_check),
	KUNIT_CASE(xepf_config_test_encode),
	{}
};

static struct kunit_suite xepf_sriov_config_suite = {
	.name = "xepf_sriov_config",
	.test_cases = xepf_sriov_config_cases,
};

kunit_test_suite(xepf_sriov_config_suite);
