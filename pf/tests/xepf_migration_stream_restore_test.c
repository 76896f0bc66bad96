// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the migration stream's restore consumer: every kind of
 * malformed stream is refused, and nothing outside the destination VF changes.
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

static void xepf_mig_test_bad_header_fields(struct kunit *test)
{
	struct env e;
	struct stream bad;
	unsigned int i;

	xepf_test_mig_env_init(test, &e, false);
	for (i = 0; i < e.p.n; i++) {
		bad = xepf_test_mig_copy(test, e.st);
		xepf_test_mig_hdr(bad, &e.p, i)->version = 2;
		xepf_test_mig_expect_bad(test, &e, bad, -EPROTONOSUPPORT);
		xepf_test_mig_hdr(bad, &e.p, i)->version = 0;
		xepf_test_mig_expect_bad(test, &e, bad, -EPROTONOSUPPORT);

		bad = xepf_test_mig_copy(test, e.st);
		xepf_test_mig_hdr(bad, &e.p, i)->type = 0;
		xepf_test_mig_expect_bad(test, &e, bad, -EBADMSG);
		xepf_test_mig_hdr(bad, &e.p, i)->type = 7;
		xepf_test_mig_expect_bad(test, &e, bad, -EBADMSG);
		xepf_test_mig_hdr(bad, &e.p, i)->type = 0xff;
		xepf_test_mig_expect_bad(test, &e, bad, -EBADMSG);

		bad = xepf_test_mig_copy(test, e.st);
		xepf_test_mig_hdr(bad, &e.p, i)->tile_id = 1;
		xepf_test_mig_expect_bad(test, &e, bad, -ENXIO);

		bad = xepf_test_mig_copy(test, e.st);
		xepf_test_mig_hdr(bad, &e.p, i)->gt_id = 1;
		xepf_test_mig_expect_bad(test, &e, bad, -ENXIO);

		bad = xepf_test_mig_copy(test, e.st);
		xepf_test_mig_hdr(bad, &e.p, i)->flags = cpu_to_le32(BIT(31));
		xepf_test_mig_expect_bad(test, &e, bad, -EINVAL);
	}
}

static void set_hdr(struct stream st, struct pkts *p, unsigned int i,
		    u64 offset, u64 size)
{
	xepf_test_mig_hdr(st, p, i)->offset = cpu_to_le64(offset);
	xepf_test_mig_hdr(st, p, i)->size = cpu_to_le64(size);
}

static void xepf_mig_test_bad_sizes(struct kunit *test)
{
	struct env e;
	struct stream bad;
	unsigned int i, ggtt, vram;
	static const u8 singles[] = { XEPF_MIG_TYPE_DESCRIPTOR,
				      XEPF_MIG_TYPE_GUC, XEPF_MIG_TYPE_MMIO,
				      XEPF_MIG_TYPE_TRAILER };

	xepf_test_mig_env_init(test, &e, false);
	ggtt = xepf_test_mig_find(test, e.st, &e.p, XEPF_MIG_TYPE_GGTT);
	vram = xepf_test_mig_find(test, e.st, &e.p, XEPF_MIG_TYPE_VRAM);

	/* a singleton with an offset */
	for (i = 0; i < ARRAY_SIZE(singles); i++) {
		unsigned int k = xepf_test_mig_find(test, e.st, &e.p, singles[i]);

		bad = xepf_test_mig_copy(test, e.st);
		xepf_test_mig_hdr(bad, &e.p, k)->offset = cpu_to_le64(8);
		xepf_test_mig_expect_bad(test, &e, bad, -ERANGE);
	}

	/* sizes the type does not allow */
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, e.p.n - 1, 0, 8);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, xepf_test_mig_find(test, e.st, &e.p, XEPF_MIG_TYPE_MMIO), 0, 12);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, 0, 0, 0);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, 0, 0, 15);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, 0, 0, XEPF_MIG_DESC_MAX + 4);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, 1, 0, 0);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, 1, 0, XEPF_MIG_GUC_MAX + 4);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, 1, 0, U64_MAX - 3);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, 0, 12);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, 0, 0);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, 0, XEPF_MIG_GGTT_MAX + 8);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, vram, 0, 0);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, vram, 0, XEPF_MIG_VRAM_MAX + 1);
	xepf_test_mig_expect_bad(test, &e, bad, -EMSGSIZE);

	/* offsets and sizes past the destination's provisioning */
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, 0x800, 8 * 8);
	xepf_test_mig_expect_bad(test, &e, bad, -ERANGE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, XE_GGTT_PAGE_SIZE, 8 * 8);
	xepf_test_mig_expect_bad(test, &e, bad, -ERANGE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, e.to->t.ggtt_size, 8);
	xepf_test_mig_expect_bad(test, &e, bad, -ERANGE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, U64_MAX & ~0xfffull, 8 * 8);
	xepf_test_mig_expect_bad(test, &e, bad, -ERANGE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, vram, 1, SZ_64K);
	xepf_test_mig_expect_bad(test, &e, bad, -ERANGE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, vram, e.to->lmem_size, 1);
	xepf_test_mig_expect_bad(test, &e, bad, -ERANGE);
	bad = xepf_test_mig_copy(test, e.st);
	set_hdr(bad, &e.p, vram, U64_MAX - 10, SZ_64K);
	xepf_test_mig_expect_bad(test, &e, bad, -ERANGE);

	/* a destination with less or more LMEM than the source */
	e.to->t.lmem_size = SZ_32K;
	xepf_test_mig_expect_bad(test, &e, e.st, -EREMCHG);
	e.to->t.lmem_size = SZ_128K;
	xepf_test_mig_expect_bad(test, &e, e.st, -EREMCHG);
	e.to->t.lmem_size = e.to->lmem_size;
	/* or a smaller or larger GGTT range */
	e.to->t.ggtt_size -= XE_GGTT_PAGE_SIZE;
	xepf_test_mig_expect_bad(test, &e, e.st, -EREMCHG);
	e.to->t.ggtt_size += 2 * XE_GGTT_PAGE_SIZE;
	xepf_test_mig_expect_bad(test, &e, e.st, -EREMCHG);
	e.to->t.ggtt_size -= XE_GGTT_PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, xepf_test_mig_restore_all(test, e.to, e.st.buf, e.st.len, 4099),
			0);
}

static void xepf_mig_test_truncated(struct kunit *test)
{
	static const size_t inside[] = { 1, HDR - 1, HDR, HDR + 1, HDR + 3 };
	struct env e;
	unsigned int i, k;
	size_t cut;

	xepf_test_mig_env_init(test, &e, false);
	KUNIT_EXPECT_EQ(test, xepf_test_mig_restore_all(test, e.to, e.st.buf, 0, 1),
			-ENODATA);
	for (i = 0; i < e.p.n; i++) {
		/* at the packet boundary */
		xepf_test_mig_expect_bad(test, &e, (struct stream){ e.st.buf, e.p.off[i] },
					 -ENODATA);
		/* and inside the header and the payload */
		for (k = 0; k < ARRAY_SIZE(inside); k++) {
			cut = e.p.off[i] + inside[k];
			if (inside[k] >= e.p.len[i])
				continue;
			xepf_test_mig_expect_bad(test, &e,
						 (struct stream){ e.st.buf, cut }, -ENODATA);
		}
		if (e.p.len[i] > HDR + 1)
			xepf_test_mig_expect_bad(test, &e, (struct stream){ e.st.buf,
						 e.p.off[i] + e.p.len[i] - 1 }, -ENODATA);
	}
	/* all but the trailer's last byte */
	xepf_test_mig_expect_bad(test, &e, (struct stream){ e.st.buf, e.st.len - 1 },
				 -ENODATA);
}

static void xepf_mig_test_order(struct kunit *test)
{
	struct env e;
	unsigned int desc = 0, guc = 1, ggtt = 2, mmio = 3, vram = 4, tr = 5;

	xepf_test_mig_env_init(test, &e, false);
	KUNIT_ASSERT_EQ(test, e.p.n, 6u);
	{
		const unsigned int o[] = { guc, desc, ggtt, mmio, vram, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 6),
					 -EPROTO);
	}
	{
		const unsigned int o[] = { desc, desc, guc, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 4),
					 -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, guc, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 4),
					 -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, mmio, mmio, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 5),
					 -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt, vram, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 5),
					 -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, mmio, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 3),
					 -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt, mmio, vram, tr, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 7),
					 -EPROTO);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt, mmio, vram, tr,
					   vram };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 7),
					 -EPROTO);
	}
	{
		/* any order between descriptor and trailer is fine */
		const unsigned int o[] = { desc, mmio, vram, ggtt, guc, tr };
		struct stream st = xepf_test_mig_reorder(test, e.st, &e.p, o, 6);

		KUNIT_EXPECT_EQ(test, xepf_test_mig_restore_all(test, e.to, st.buf, st.len,
								SZ_64K), 0);
		xepf_test_mig_expect_restored(test, &e);
	}
}

static void xepf_mig_test_chunk_order(struct kunit *test)
{
	struct env e;
	unsigned int desc = 0, guc = 1, ggtt0 = 2, ggtt1 = 3, mmio = 4;
	unsigned int v0 = 5, v1 = 6, v2 = 7, tr = 8;

	xepf_test_mig_env_init(test, &e, true);
	{
		const unsigned int o[] = { desc, guc, ggtt0, ggtt0, mmio, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 6),
					 -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt1, ggtt0, mmio, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 6),
					 -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, mmio, v0, v2, v1, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 7),
					 -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, mmio, v0, v1, v1, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 7),
					 -EEXIST);
	}
	{
		/* no chunk may be left out, first, middle or last */
		const unsigned int o[] = { desc, guc, ggtt1, mmio, v0, v1, v2,
					   tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 8),
					 -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt0, mmio, v0, v1, v2,
					   tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 8),
					 -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt0, ggtt1, mmio, v0, v2,
					   tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 8),
					 -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt0, ggtt1, mmio, v0, v1,
					   tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 8),
					 -ENOMSG);
	}
	{
		/* nor a whole section: the destination's old LMEM would stay */
		const unsigned int o[] = { desc, guc, ggtt0, ggtt1, mmio, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 6),
					 -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, guc, mmio, v0, v1, v2, tr };

		xepf_test_mig_expect_bad(test, &e, xepf_test_mig_reorder(test, e.st, &e.p, o, 7),
					 -ENOMSG);
	}
	{
		/* the whole stream, in another order of sections, is fine */
		const unsigned int o[] = { desc, mmio, v0, v1, v2, guc, ggtt0,
					   ggtt1, tr };
		struct stream st = xepf_test_mig_reorder(test, e.st, &e.p, o, 9);

		KUNIT_EXPECT_EQ(test, xepf_test_mig_restore_all(test, e.to, st.buf, st.len,
								SZ_1M), 0);
		xepf_test_mig_expect_restored(test, &e);
	}
}

/* the descriptor of @st replaced by the KLV dwords @klv */
static struct stream with_desc(struct kunit *test, struct env *e,
			       const u32 *klv, unsigned int n)
{
	struct stream out = { .len = e->st.len - e->p.len[0] + HDR + 4 * n };
	struct xepf_mig_hdr *h;
	unsigned int i;

	out.buf = xepf_test_mig_vzalloc(test, out.len);
	KUNIT_ASSERT_NOT_NULL(test, out.buf);
	memcpy(out.buf, e->st.buf, HDR);
	h = (void *)out.buf;
	h->size = cpu_to_le64(4 * n);
	for (i = 0; i < n; i++)
		((__le32 *)(out.buf + HDR))[i] = cpu_to_le32(klv[i]);
	memcpy(out.buf + HDR + 4 * n, e->st.buf + e->p.len[0],
	       e->st.len - e->p.len[0]);
	return out;
}

#define KLV(key, len) (FIELD_PREP(GUC_KLV_0_KEY, key) | \
		       FIELD_PREP(GUC_KLV_0_LEN, len))

/* the descriptor KLVs of @e's destination, with @extra dwords in front */
static struct stream good_desc(struct kunit *test, struct env *e,
			       const u32 *extra, unsigned int nextra)
{
	u32 k[32];
	unsigned int n = 0;

	KUNIT_ASSERT_LE(test, nextra + 10, ARRAY_SIZE(k));
	memcpy(k, extra, nextra * sizeof(u32));
	n = nextra;
	k[n++] = KLV(0xf001, 1);
	k[n++] = e->to->t.devid;
	k[n++] = KLV(0xf002, 1);
	k[n++] = e->to->t.revid;
	k[n++] = KLV(GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 2);
	k[n++] = lower_32_bits(e->to->t.ggtt_size);
	k[n++] = upper_32_bits(e->to->t.ggtt_size);
	k[n++] = KLV(GUC_KLV_VF_CFG_LMEM_SIZE_KEY, 2);
	k[n++] = lower_32_bits(e->to->t.lmem_size);
	k[n++] = upper_32_bits(e->to->t.lmem_size);
	return with_desc(test, e, k, n);
}

static void xepf_mig_test_descriptor(struct kunit *test)
{
	const u32 ggtt = KLV(GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 2);
	const u32 lmem = KLV(GUC_KLV_VF_CFG_LMEM_SIZE_KEY, 2);
	struct env e;
	u32 gs, ls;

	xepf_test_mig_env_init(test, &e, false);
	gs = e.to->t.ggtt_size;
	ls = e.to->t.lmem_size;

	/* what a save puts there */
	{
		__le32 *d = (void *)(e.st.buf + HDR);

		KUNIT_ASSERT_EQ(test, e.p.len[0], HDR + 40);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d[0]), KLV(0xf001, 1));
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d[1]), 0xe20b);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d[2]), KLV(0xf002, 1));
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d[3]), 3);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d[4]), ggtt);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d[5]), gs);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d[6]), 0);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d[7]), lmem);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d[8]), ls);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(d[9]), 0);
	}

	/* another device or revision */
	e.to->t.devid = 0x64a0;
	xepf_test_mig_expect_bad(test, &e, e.st, -EXDEV);
	e.to->t.devid = 0xe20b;
	e.to->t.revid = 4;
	xepf_test_mig_expect_bad(test, &e, e.st, -EXDEV);
	e.to->t.revid = 3;
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20c, KLV(0xf002, 1), 3,
				  ggtt, gs, 0, lmem, ls, 0 };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EXDEV);
	}
	{
		/* another provisioning: only the GGTT base may change */
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  ggtt, gs, 1, lmem, ls, 0 };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EREMCHG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  ggtt, gs, 0, lmem, ls + SZ_64K, 0 };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EREMCHG);
	}
	{
		/* unknown keys are skipped, whatever their length */
		const u32 x[] = { KLV(0x1234, 3), 1, 2, 3, KLV(0x9999, 0) };
		struct stream st = good_desc(test, &e, x, ARRAY_SIZE(x));

		KUNIT_EXPECT_EQ(test, xepf_test_mig_restore_all(test, e.to, st.buf, st.len,
								777), 0);
		xepf_test_mig_expect_restored(test, &e);
	}
	{
		/* a known key repeated */
		const u32 x[] = { ggtt, gs, 0 };

		xepf_test_mig_expect_bad(test, &e, good_desc(test, &e, x, ARRAY_SIZE(x)),
					 -EBADMSG);
	}
	{
		const u32 x[] = { KLV(0xf001, 1), 0xe20b };

		xepf_test_mig_expect_bad(test, &e, good_desc(test, &e, x, ARRAY_SIZE(x)),
					 -EBADMSG);
	}
	{
		/* of the wrong length */
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 2), 3, 0,
				  ggtt, gs, 0, lmem, ls, 0 };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EBADMSG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  KLV(GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 1), gs,
				  lmem, ls, 0 };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EBADMSG);
	}
	{
		/* or missing, each of them */
		const u32 k[] = { KLV(0xf002, 1), 3, ggtt, gs, 0, lmem, ls, 0 };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EBADMSG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, ggtt, gs, 0, lmem, ls,
				  0 };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EBADMSG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  lmem, ls, 0 };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EBADMSG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  ggtt, gs, 0 };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EBADMSG);
	}
	{
		/* a KLV that overruns the payload */
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  ggtt, gs, 0, lmem, ls, 0, KLV(0x77, 0xffff) };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EBADMSG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  ggtt, gs, 0, lmem, ls };

		xepf_test_mig_expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
					 -EBADMSG);
	}
}

static void xepf_mig_test_ggtt_entries(struct kunit *test)
{
	struct env e;
	struct stream bad;
	unsigned int ggtt;
	__le64 *ptes;
	u32 before;

	xepf_test_mig_env_init(test, &e, false);
	ggtt = xepf_test_mig_find(test, e.st, &e.p, XEPF_MIG_TYPE_GGTT);
	before = crc32_le(~0, (u8 *)&e.dst->ggtt[e.to->ggtt_first],
			  e.to->ggtt_pages * sizeof(u64));

#define BAD_PTE(idx, val, err) do {					\
		bad = xepf_test_mig_copy(test, e.st);					\
		ptes = (void *)(bad.buf + e.p.off[ggtt] + HDR);		\
		ptes[idx] = cpu_to_le64(val);				\
		xepf_test_mig_expect_bad(test, &e, bad, err);				\
		/* the whole packet was refused: the range is untouched */ \
		KUNIT_EXPECT_EQ(test, crc32_le(~0,			\
			(u8 *)&e.dst->ggtt[e.to->ggtt_first],		\
			e.to->ggtt_pages * sizeof(u64)), before);	\
	} while (0)

	/* LMEM beyond the VF's, an unmapped IOVA, a forged VFID, reserved */
	BAD_PTE(7, XE_PAGE_PRESENT | XE_GGTT_PTE_DM | SZ_64K, -EACCES);
	BAD_PTE(7, XE_PAGE_PRESENT | XE_GGTT_PTE_DM | SZ_1G, -EACCES);
	BAD_PTE(7, XE_PAGE_PRESENT | 0x5000, -EACCES);
	BAD_PTE(7, XE_PAGE_PRESENT | (FAKE_IOVA_BASE + FAKE_IOVA_SIZE),
		-EACCES);
	BAD_PTE(7, XE_PAGE_PRESENT | FIELD_PREP(GGTT_PTE_VFID, 1), -EBADMSG);
	BAD_PTE(0, FIELD_PREP(GGTT_PTE_VFID, 3), -EBADMSG);
	BAD_PTE(7, XE_PAGE_PRESENT | XE_GGTT_PTE_DM | BIT_ULL(63), -EBADMSG);
	BAD_PTE(7, BIT_ULL(50), -EBADMSG);
#undef BAD_PTE

	/* a check that cannot tell: its errno */
	e.to->fail_iova_check = -ENOMEM;
	xepf_test_mig_expect_bad(test, &e, e.st, -ENOMEM);
	e.to->fail_iova_check = 0;

	/* without an IOVA check, system memory entries are all refused */
	{
		struct xepf_mig_ops ops = xepf_test_mig_ops;

		ops.iova_check = NULL;
		e.to->t.ops = &ops;
		xepf_test_mig_expect_bad(test, &e, e.st, -EACCES);
		e.to->t.ops = &xepf_test_mig_ops;
	}
}

static struct kunit_case xepf_migration_stream_restore_cases[] = {
	KUNIT_CASE(xepf_mig_test_bad_header_fields),
	KUNIT_CASE(xepf_mig_test_bad_sizes),
	KUNIT_CASE_SLOW(xepf_mig_test_truncated),
	KUNIT_CASE(xepf_mig_test_order),
	KUNIT_CASE_SLOW(xepf_mig_test_chunk_order),
	KUNIT_CASE(xepf_mig_test_descriptor),
	KUNIT_CASE(xepf_mig_test_ggtt_entries),
	{}
};

static struct kunit_suite xepf_migration_stream_restore_suite = {
	.name = "xepf_migration_stream_restore",
	.test_cases = xepf_migration_stream_restore_cases,
};

kunit_test_suite(xepf_migration_stream_restore_suite);
