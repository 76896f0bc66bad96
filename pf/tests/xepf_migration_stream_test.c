// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the migration stream format: its layout, and round trips
 * with reads and writes of any size, against fake VFs whose neighbours are
 * checksummed (xepf_test_mig.c).
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/crc32.h>
#include <linux/uio.h>

#include <abi/guc_klvs_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_migration_stream.h"
#include "xepf_migration_stream_restore.h"
#include "xepf_migration_stream_save.h"
#include "xepf_test_mig.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

static void round_trip(struct kunit *test, bool big, size_t rchunk,
		       size_t wchunk)
{
	struct env e;
	u32 outside;
	struct stream st;

	xepf_test_mig_env_init(test, &e, big);
	if (rchunk) {
		st = xepf_test_mig_save_all(test, e.from, rchunk);
		KUNIT_ASSERT_EQ(test, st.len, e.st.len);
		KUNIT_ASSERT_EQ(test, memcmp(st.buf, e.st.buf, st.len), 0);
	}
	outside = xepf_test_mig_csum_outside(e.dst, e.to);
	KUNIT_ASSERT_NE(test, xepf_test_mig_csum(e.to), xepf_test_mig_csum(e.from));
	KUNIT_EXPECT_EQ(test, xepf_test_mig_restore_all(test, e.to, e.st.buf, e.st.len,
							wchunk), 0);
	xepf_test_mig_expect_restored(test, &e);
	KUNIT_EXPECT_EQ(test, xepf_test_mig_csum_outside(e.dst, e.to), outside);
	KUNIT_EXPECT_EQ(test, e.dst->stray + e.src->stray, 0u);
}

static void xepf_mig_test_one_byte(struct kunit *test)
{
	round_trip(test, false, 1, 1);
}

static void xepf_mig_test_odd(struct kunit *test)
{
	round_trip(test, true, 4093, 4099);
}

static void xepf_mig_test_large(struct kunit *test)
{
	round_trip(test, true, 3 * SZ_1M + 1, 5 * SZ_1M + 3);
}

static void xepf_mig_test_layout(struct kunit *test)
{
	struct env e;
	unsigned int i;
	u64 size;

	xepf_test_mig_env_init(test, &e, true);
	KUNIT_ASSERT_EQ(test, xepf_migration_stream_size(&e.from->t, &size), 0);
	KUNIT_EXPECT_EQ(test, size, (u64)e.st.len);
	/* descriptor, GUC, 2 GGTT, MMIO, 3 VRAM, trailer */
	KUNIT_ASSERT_EQ(test, e.p.n, 9u);
	KUNIT_EXPECT_EQ(test, xepf_test_mig_hdr(e.st, &e.p, 0)->type,
			XEPF_MIG_TYPE_DESCRIPTOR);
	KUNIT_EXPECT_EQ(test, xepf_test_mig_hdr(e.st, &e.p, 1)->type, XEPF_MIG_TYPE_GUC);
	KUNIT_EXPECT_EQ(test, xepf_test_mig_hdr(e.st, &e.p, 2)->type, XEPF_MIG_TYPE_GGTT);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(xepf_test_mig_hdr(e.st, &e.p, 3)->offset),
			(u64)XEPF_MIG_GGTT_CHUNK_PTES * XE_GGTT_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, xepf_test_mig_hdr(e.st, &e.p, 4)->type, XEPF_MIG_TYPE_MMIO);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(xepf_test_mig_hdr(e.st, &e.p, 7)->offset),
			2ull * XEPF_MIG_VRAM_CHUNK);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(xepf_test_mig_hdr(e.st, &e.p, 7)->size),
			(u64)SZ_64K);
	KUNIT_EXPECT_EQ(test, xepf_test_mig_hdr(e.st, &e.p, 8)->type,
			XEPF_MIG_TYPE_TRAILER);
	KUNIT_EXPECT_EQ(test, e.p.len[8], HDR);
	for (i = 0; i < e.p.n; i++) {
		KUNIT_EXPECT_EQ(test, xepf_test_mig_hdr(e.st, &e.p, i)->version, 1);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(xepf_test_mig_hdr(e.st, &e.p, i)->flags), 0);
	}
	/* GGTT payload: VFID stripped, the rest as in the source */
	for (i = 0; i < 16; i++) {
		__le64 *ptes = (void *)(e.st.buf + e.p.off[2] + HDR);
		u64 pte = e.src->ggtt[e.from->ggtt_first + i];

		KUNIT_EXPECT_EQ(test, le64_to_cpu(ptes[i]),
				pte & ~GGTT_PTE_VFID);
	}
}

static struct kunit_case xepf_migration_stream_cases[] = {
	KUNIT_CASE_SLOW(xepf_mig_test_layout),
	KUNIT_CASE(xepf_mig_test_one_byte),
	KUNIT_CASE_SLOW(xepf_mig_test_odd),
	KUNIT_CASE_SLOW(xepf_mig_test_large),
	{}
};

static struct kunit_suite xepf_migration_stream_suite = {
	.name = "xepf_migration_stream",
	.test_cases = xepf_migration_stream_cases,
};

kunit_test_suite(xepf_migration_stream_suite);

MODULE_DESCRIPTION("KUnit tests of the xepf PF driver");
MODULE_LICENSE("GPL");
