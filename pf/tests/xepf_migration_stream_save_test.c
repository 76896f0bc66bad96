// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the migration stream's save producer: device errors, and a
 * ring that bounds how far it runs ahead of its reader.
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

static void xepf_mig_test_device_errors(struct kunit *test)
{
	struct xepf_mig_save *s;
	struct iov_iter iter;
	struct kvec kv;
	struct env e;
	u8 buf[256];

	xepf_test_mig_env_init(test, &e, false);

	/* a GuC refusing the state reaches the caller as is */
	e.to->fail_guc_restore = -EIO;
	xepf_test_mig_expect_bad(test, &e, e.st, -EIO);
	e.to->fail_guc_restore = 0;

	/* a save that fails is dead for good */
	e.from->fail_ggtt_read = -ETIMEDOUT;
	s = xepf_migration_stream_save_create(&e.from->t);
	KUNIT_ASSERT_FALSE(test, IS_ERR(s));
	kv.iov_base = buf;
	kv.iov_len = sizeof(buf);
	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, sizeof(buf));
	/* descriptor and GuC state come out, then the GGTT read fails */
	while (xepf_migration_stream_save_read(s, &iter) > 0)
		iov_iter_kvec(&iter, ITER_DEST, &kv, 1, sizeof(buf));
	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, sizeof(buf));
	KUNIT_EXPECT_EQ(test, xepf_migration_stream_save_read(s, &iter),
			(ssize_t)-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, s->produced,
			(u64)e.p.off[xepf_test_mig_find(test, e.st, &e.p,
							XEPF_MIG_TYPE_GGTT)]);
	xepf_migration_stream_save_destroy(s);
	e.from->fail_ggtt_read = 0;

	/* and a restore that passes after all that leaves no trace */
	KUNIT_EXPECT_EQ(test, xepf_test_mig_restore_all(test, e.to, e.st.buf, e.st.len, 97),
			0);
	xepf_test_mig_expect_restored(test, &e);
}

/* read @len bytes of @s, in one piece, into nowhere */
static void drain(struct kunit *test, struct xepf_mig_save *s, size_t len)
{
	struct iov_iter iter;

	iov_iter_discard(&iter, ITER_DEST, len);
	KUNIT_ASSERT_EQ(test, xepf_migration_stream_save_read(s, &iter), (ssize_t)len);
}

/*
 * A save runs ahead of its reader by its ring and no further, whatever the
 * VF's LMEM; a restore holds no VRAM chunk at all.
 */
static void xepf_mig_test_bounded(struct kunit *test)
{
	struct xepf_mig_restore *r;
	struct xepf_mig_save *s;
	struct iov_iter iter;
	struct kvec kv;
	struct env e;
	size_t vram, half;

	xepf_test_mig_env_init_sized(test, &e, 8, (XEPF_MIG_RING + 2) * XEPF_MIG_VRAM_CHUNK,
				     SZ_1M);
	vram = e.p.off[xepf_test_mig_find(test, e.st, &e.p, XEPF_MIG_TYPE_VRAM)];

	/* stopped and freed while it makes its first packets */
	s = xepf_migration_stream_save_create(&e.from->t);
	KUNIT_ASSERT_FALSE(test, IS_ERR(s));
	xepf_migration_stream_save_destroy(s);

	s = xepf_migration_stream_save_create(&e.from->t);
	KUNIT_ASSERT_FALSE(test, IS_ERR(s));
	drain(test, s, vram + 1);
	flush_work(&s->work);
	/* the first VRAM chunk is being read; the ring holds three more */
	KUNIT_EXPECT_EQ(test, s->ready, XEPF_MIG_RING);
	KUNIT_EXPECT_EQ(test, s->next, XEPF_MIG_SEC_VRAM);
	KUNIT_EXPECT_EQ(test, s->cursor,
			(u64)XEPF_MIG_RING * XEPF_MIG_VRAM_CHUNK);
	/* the rest of that chunk frees its slot: one chunk more is read */
	drain(test, s, HDR + XEPF_MIG_VRAM_CHUNK - 1);
	flush_work(&s->work);
	KUNIT_EXPECT_EQ(test, s->ready, XEPF_MIG_RING);
	KUNIT_EXPECT_EQ(test, s->cursor,
			(u64)(XEPF_MIG_RING + 1) * XEPF_MIG_VRAM_CHUNK);
	xepf_migration_stream_save_destroy(s);

	/*
	 * A restore holds no VRAM chunk either: half a chunk in, the bytes
	 * are in the VF already, through the bounce buffer, and no payload
	 * buffer was allocated for the packet.
	 */
	r = xepf_migration_stream_restore_create(&e.to->t);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	half = vram + HDR + XEPF_MIG_VRAM_CHUNK / 2;
	kv.iov_base = e.st.buf;
	kv.iov_len = half;
	iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, half);
	KUNIT_ASSERT_EQ(test, xepf_migration_stream_restore_write(r, &iter), (ssize_t)half);
	KUNIT_EXPECT_EQ(test, r->hdr.type, XEPF_MIG_TYPE_VRAM);
	KUNIT_EXPECT_EQ(test, r->payload_pos, (size_t)XEPF_MIG_VRAM_CHUNK / 2);
	KUNIT_EXPECT_NULL(test, r->payload);
	KUNIT_EXPECT_EQ(test, memcmp(e.dst->vram + e.to->vram_base,
				     e.src->vram + e.from->vram_base,
				     XEPF_MIG_VRAM_CHUNK / 2), 0);
	xepf_migration_stream_restore_destroy(r);
}

static struct kunit_case xepf_migration_stream_save_cases[] = {
	KUNIT_CASE_SLOW(xepf_mig_test_bounded),
	KUNIT_CASE(xepf_mig_test_device_errors),
	{}
};

static struct kunit_suite xepf_migration_stream_save_suite = {
	.name = "xepf_migration_stream_save",
	.test_cases = xepf_migration_stream_save_cases,
};

kunit_test_suite(xepf_migration_stream_save_suite);
