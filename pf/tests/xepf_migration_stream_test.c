// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the migration stream: round trips with reads and writes of
 * any size, and every kind of malformed stream, against fake VFs whose
 * neighbours are checksummed.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/crc32.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include <abi/guc_klvs_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_migration_stream.h"
#include "xepf_migration_stream_restore.h"
#include "xepf_migration_stream_save.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define FAKE_VFS	3
#define FAKE_GUC_SIZE	1000
#define FAKE_IOVA_BASE	0x100000ull
#define FAKE_IOVA_SIZE	0x100000ull
#define HDR		sizeof(struct xepf_mig_hdr)

struct fake_gpu;

struct fake_vf {
	struct fake_gpu *gpu;
	unsigned int vfid;
	u64 ggtt_first;
	u64 ggtt_pages;
	u64 vram_base;
	u64 lmem_size;
	u32 mmio[XEPF_MIG_MMIO_REGS];
	u8 guc[FAKE_GUC_SIZE];
	size_t guc_len;
	int fail_guc_restore;
	int fail_ggtt_read;
	int fail_iova_check;
	struct xepf_mig_target t;
};

struct fake_gpu {
	struct kunit *test;
	u64 *ggtt;
	u64 ggtt_pages;
	u8 *vram;
	u64 vram_size;
	struct fake_vf vf[FAKE_VFS + 1];
	unsigned int stray;	/* accesses outside a VF's range */
};

static int fake_guc_size(void *priv, size_t *size)
{
	struct fake_vf *vf = priv;

	*size = vf->guc_len;
	return 0;
}

static int fake_guc_save(void *priv, void *buf, size_t size, size_t *used)
{
	struct fake_vf *vf = priv;

	if (size < vf->guc_len)
		return -ENOBUFS;
	memcpy(buf, vf->guc, vf->guc_len);
	*used = vf->guc_len;
	return 0;
}

static int fake_guc_restore(void *priv, const void *buf, size_t size)
{
	struct fake_vf *vf = priv;

	if (vf->fail_guc_restore)
		return vf->fail_guc_restore;
	if (size > sizeof(vf->guc))
		return -EBADMSG;
	memcpy(vf->guc, buf, size);
	vf->guc_len = size;
	return 0;
}

static bool fake_in(struct fake_vf *vf, u64 index)
{
	if (index < vf->ggtt_pages)
		return true;
	vf->gpu->stray++;
	return false;
}

static int fake_ggtt_read(void *priv, u64 index, u64 *pte)
{
	struct fake_vf *vf = priv;

	if (vf->fail_ggtt_read)
		return vf->fail_ggtt_read;
	if (!fake_in(vf, index))
		return -EACCES;
	*pte = vf->gpu->ggtt[vf->ggtt_first + index];
	return 0;
}

static int fake_ggtt_write(void *priv, u64 first, const u64 *ptes,
			   unsigned int n)
{
	struct fake_vf *vf = priv;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!fake_in(vf, first + i))
			return -EACCES;
		vf->gpu->ggtt[vf->ggtt_first + first + i] = ptes[i];
	}
	return 0;
}

static int fake_iova_check(void *priv, u64 index, u64 iova)
{
	struct fake_vf *vf = priv;

	if (vf->fail_iova_check)
		return vf->fail_iova_check;
	if (index >= vf->ggtt_pages)
		vf->gpu->stray++;
	if (iova >= FAKE_IOVA_BASE && iova < FAKE_IOVA_BASE + FAKE_IOVA_SIZE)
		return 0;
	return -EACCES;
}

static int fake_mmio_read(void *priv, unsigned int n, u32 *val)
{
	struct fake_vf *vf = priv;

	*val = vf->mmio[n];
	return 0;
}

static int fake_mmio_write(void *priv, unsigned int n, u32 val)
{
	struct fake_vf *vf = priv;

	vf->mmio[n] = val;
	return 0;
}

static int fake_vram_check(struct fake_vf *vf, u64 offset, size_t len)
{
	if (offset + len <= vf->lmem_size)
		return 0;
	vf->gpu->stray++;
	return -EACCES;
}

/*
 * The VF's pages; for a read a page of zeros is NULL, as a never written one
 * is on the device.
 */
static int fake_vram_pages(void *priv, u64 offset, struct page **pages,
			   unsigned int n, bool back)
{
	struct fake_vf *vf = priv;
	int err = fake_vram_check(vf, offset, (size_t)n << PAGE_SHIFT);
	unsigned int i;
	u8 *va;

	for (i = 0; !err && i < n; i++) {
		va = vf->gpu->vram + vf->vram_base + offset + ((u64)i << PAGE_SHIFT);
		pages[i] = NULL;
		if (back || memchr_inv(va, 0, PAGE_SIZE)) {
			pages[i] = vmalloc_to_page(va);
			get_page(pages[i]);
		}
	}
	return err;
}

static int fake_vram_write(void *priv, u64 offset, const void *buf,
			   size_t len)
{
	struct fake_vf *vf = priv;
	int err = fake_vram_check(vf, offset, len);

	if (!err)
		memcpy(vf->gpu->vram + vf->vram_base + offset, buf, len);
	return err;
}

static const struct xepf_mig_ops fake_ops = {
	.guc_size = fake_guc_size,
	.guc_save = fake_guc_save,
	.guc_restore = fake_guc_restore,
	.ggtt_read = fake_ggtt_read,
	.ggtt_write = fake_ggtt_write,
	.iova_check = fake_iova_check,
	.mmio_read = fake_mmio_read,
	.mmio_write = fake_mmio_write,
	.vram_pages = fake_vram_pages,
	.vram_write = fake_vram_write,
};

/*
 * A GPU with FAKE_VFS VFs of @ggtt_pages GGTT pages and @lmem bytes each;
 * VF n's GGTT range starts at page @ggtt_base + (n - 1) * (@ggtt_pages + 3),
 * so two GPUs with different bases give each VF a different GGTT base.
 */
KUNIT_DEFINE_ACTION_WRAPPER(fake_vfree, vfree, const void *);

static void *fake_vzalloc(struct kunit *test, size_t size)
{
	void *p = vzalloc(size);

	if (p && kunit_add_action_or_reset(test, fake_vfree, p))
		return NULL;
	return p;
}

static struct fake_gpu *fake_gpu(struct kunit *test, const char *name,
				 u16 devid, u64 ggtt_base, u64 ggtt_pages,
				 u64 lmem)
{
	struct device *dev = kunit_device_register(test, name);
	struct fake_gpu *gpu;
	unsigned int n;

	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	gpu = kunit_kzalloc(test, sizeof(*gpu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gpu);
	gpu->test = test;
	gpu->ggtt_pages = ggtt_base + FAKE_VFS * (ggtt_pages + 3);
	gpu->ggtt = fake_vzalloc(test, gpu->ggtt_pages * sizeof(u64));
	KUNIT_ASSERT_NOT_NULL(test, gpu->ggtt);
	gpu->vram_size = (FAKE_VFS + 1) * lmem;
	gpu->vram = fake_vzalloc(test, gpu->vram_size);
	KUNIT_ASSERT_NOT_NULL(test, gpu->vram);

	for (n = 1; n <= FAKE_VFS; n++) {
		struct fake_vf *vf = &gpu->vf[n];

		vf->gpu = gpu;
		vf->vfid = n;
		vf->ggtt_first = ggtt_base + (n - 1) * (ggtt_pages + 3);
		vf->ggtt_pages = ggtt_pages;
		vf->vram_base = n * lmem;
		vf->lmem_size = lmem;
		vf->guc_len = FAKE_GUC_SIZE;
		vf->t = (struct xepf_mig_target) {
			.dev = dev,
			.ops = &fake_ops,
			.priv = vf,
			.vfid = n,
			.devid = devid,
			.revid = 3,
			.ggtt_size = ggtt_pages << XE_GGTT_PAGE_SHIFT,
			.lmem_size = lmem,
		};
	}
	return gpu;
}

/* fill a VF with recognisable content: PTEs of every kind, VRAM, regs */
static void fake_fill(struct fake_vf *vf, u32 seed)
{
	u64 i, pte;

	for (i = 0; i < vf->ggtt_pages; i++) {
		switch ((i + seed) % 4) {
		case 0:
			pte = 0;
			break;
		case 1:
			pte = XE_PAGE_PRESENT | XE_GGTT_PTE_DM |
			      ((i * XE_GGTT_PAGE_SIZE) % vf->lmem_size);
			break;
		case 2:
			pte = XE_PAGE_PRESENT | (FAKE_IOVA_BASE +
			      (i % 16) * XE_GGTT_PAGE_SIZE);
			break;
		default:	/* not present, stale address: kept */
			pte = 0xabc000;
			break;
		}
		vf->gpu->ggtt[vf->ggtt_first + i] =
			pte | FIELD_PREP(GGTT_PTE_VFID, vf->vfid);
	}
	for (i = 0; i < vf->lmem_size; i++)
		vf->gpu->vram[vf->vram_base + i] = (u8)(i * 7 + seed + (i >> 12));
	for (i = 0; i < XEPF_MIG_MMIO_REGS; i++)
		vf->mmio[i] = seed * 0x1000 + i;
	for (i = 0; i < vf->guc_len; i++)
		vf->guc[i] = (u8)(seed + i * 3);
}

static u32 fake_csum(struct fake_vf *vf)
{
	u32 crc;

	crc = crc32_le(~0, (u8 *)&vf->gpu->ggtt[vf->ggtt_first],
		       vf->ggtt_pages * sizeof(u64));
	crc = crc32_le(crc, vf->gpu->vram + vf->vram_base, vf->lmem_size);
	crc = crc32_le(crc, (u8 *)vf->mmio, sizeof(vf->mmio));
	return crc32_le(crc, vf->guc, vf->guc_len);
}

/* everything outside the VF's own resources */
static u32 fake_csum_outside(struct fake_gpu *gpu, struct fake_vf *vf)
{
	u32 crc = ~0;
	unsigned int n;

	crc = crc32_le(crc, (u8 *)gpu->ggtt, vf->ggtt_first * sizeof(u64));
	crc = crc32_le(crc, (u8 *)&gpu->ggtt[vf->ggtt_first + vf->ggtt_pages],
		       (gpu->ggtt_pages - vf->ggtt_first - vf->ggtt_pages) *
		       sizeof(u64));
	crc = crc32_le(crc, gpu->vram, vf->vram_base);
	crc = crc32_le(crc, gpu->vram + vf->vram_base + vf->lmem_size,
		       gpu->vram_size - vf->vram_base - vf->lmem_size);
	for (n = 1; n <= FAKE_VFS; n++) {
		if (&gpu->vf[n] == vf)
			continue;
		crc = crc32_le(crc, (u8 *)gpu->vf[n].mmio,
			       sizeof(gpu->vf[n].mmio));
		crc = crc32_le(crc, gpu->vf[n].guc, gpu->vf[n].guc_len);
	}
	return crc;
}

struct stream {
	u8 *buf;
	size_t len;
};

/* save a whole stream, @chunk bytes per read */
static struct stream save_all(struct kunit *test, struct fake_vf *vf,
			      size_t chunk)
{
	struct stream st = {};
	struct xepf_mig_save *s;
	struct iov_iter iter;
	struct kvec kv;
	u64 size;
	ssize_t n;

	KUNIT_ASSERT_EQ(test, xepf_migration_stream_size(&vf->t, &size), 0);
	st.buf = fake_vzalloc(test, size + 1);
	KUNIT_ASSERT_NOT_NULL(test, st.buf);
	s = xepf_migration_stream_save_create(&vf->t);
	KUNIT_ASSERT_FALSE(test, IS_ERR(s));
	for (;;) {
		kv.iov_base = st.buf + st.len;
		kv.iov_len = min_t(size_t, chunk, size + 1 - st.len);
		iov_iter_kvec(&iter, ITER_DEST, &kv, 1, kv.iov_len);
		n = xepf_migration_stream_save_read(s, &iter);
		KUNIT_ASSERT_GE(test, n, 0);
		if (!n)
			break;
		KUNIT_ASSERT_LE(test, n, kv.iov_len);
		st.len += n;
		KUNIT_ASSERT_LE(test, st.len, size);
	}
	xepf_migration_stream_save_destroy(s);
	KUNIT_EXPECT_EQ(test, st.len, size);
	return st;
}

/* feed @len bytes of @buf in @chunk pieces, then finish; first error */
static int restore_all(struct kunit *test, struct fake_vf *vf, const u8 *buf,
		       size_t len, size_t chunk)
{
	struct xepf_mig_restore *r;
	struct iov_iter iter;
	size_t pos = 0;
	struct kvec kv;
	ssize_t n;
	int err = 0;

	r = xepf_migration_stream_restore_create(&vf->t);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	while (pos < len) {
		kv.iov_base = (void *)(buf + pos);
		kv.iov_len = min(chunk, len - pos);
		iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, kv.iov_len);
		n = xepf_migration_stream_restore_write(r, &iter);
		if (n < 0) {
			err = n;
			break;
		}
		KUNIT_EXPECT_EQ(test, n, kv.iov_len);
		pos += n;
	}
	if (!err) {
		err = xepf_migration_stream_restore_finish(r);
	} else {
		/* sticky: the stream stays dead */
		iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, kv.iov_len);
		KUNIT_EXPECT_EQ(test, xepf_migration_stream_restore_write(r, &iter),
				(ssize_t)err);
		KUNIT_EXPECT_EQ(test, xepf_migration_stream_restore_finish(r), err);
	}
	xepf_migration_stream_restore_destroy(r);
	return err;
}

/* the packets of a stream, by position */
struct pkts {
	size_t off[64];
	size_t len[64];
	unsigned int n;
};

static struct pkts split(struct kunit *test, struct stream st)
{
	struct pkts p = {};
	size_t pos = 0;

	while (pos < st.len) {
		const struct xepf_mig_hdr *h = (void *)(st.buf + pos);

		KUNIT_ASSERT_LT(test, p.n, ARRAY_SIZE(p.off));
		p.off[p.n] = pos;
		p.len[p.n] = HDR + le64_to_cpu(h->size);
		pos += p.len[p.n++];
	}
	KUNIT_ASSERT_EQ(test, pos, st.len);
	return p;
}

static struct xepf_mig_hdr *hdr_of(struct stream st, struct pkts *p,
				   unsigned int i)
{
	return (void *)(st.buf + p->off[i]);
}

/* first packet of @type */
static unsigned int find(struct kunit *test, struct stream st, struct pkts *p,
			 u8 type)
{
	unsigned int i;

	for (i = 0; i < p->n; i++)
		if (hdr_of(st, p, i)->type == type)
			return i;
	KUNIT_FAIL(test, "no packet of type %u", type);
	return 0;
}

/* a stream of the packets @order[] of @st */
static struct stream reorder(struct kunit *test, struct stream st,
			     struct pkts *p, const unsigned int *order,
			     unsigned int n)
{
	struct stream out = {};
	size_t total = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		total += p->len[order[i]];
	out.buf = fake_vzalloc(test, total);
	KUNIT_ASSERT_NOT_NULL(test, out.buf);
	for (i = 0; i < n; i++) {
		memcpy(out.buf + out.len, st.buf + p->off[order[i]],
		       p->len[order[i]]);
		out.len += p->len[order[i]];
	}
	return out;
}

static struct stream copy(struct kunit *test, struct stream st)
{
	struct stream out = { .len = st.len };

	out.buf = fake_vzalloc(test, st.len);
	KUNIT_ASSERT_NOT_NULL(test, out.buf);
	memcpy(out.buf, st.buf, st.len);
	return out;
}

struct env {
	struct fake_gpu *src, *dst;
	struct fake_vf *from, *to;
	struct stream st;
	struct pkts p;
};

/*
 * VF1 of one GPU saved, to be restored into VF2 of another whose VF2 GGTT
 * range has another base; @pages of GGTT and @lmem bytes of LMEM per VF.
 */
static void env_init_sized(struct kunit *test, struct env *e, u64 pages,
			   u64 lmem, size_t rchunk)
{
	unsigned int n;

	e->src = fake_gpu(test, "xepf-mig-src", 0xe20b, 16, pages, lmem);
	e->dst = fake_gpu(test, "xepf-mig-dst", 0xe20b, 40, pages, lmem);
	for (n = 1; n <= FAKE_VFS; n++) {
		fake_fill(&e->src->vf[n], n);
		fake_fill(&e->dst->vf[n], 100 + n);
	}
	e->from = &e->src->vf[1];
	e->to = &e->dst->vf[2];
	e->st = save_all(test, e->from, rchunk);
	e->p = split(test, e->st);
}

/* the usual pair of VFs; big: several GGTT and VRAM packets */
static void env_init(struct kunit *test, struct env *e, bool big)
{
	if (big)
		env_init_sized(test, e, XEPF_MIG_GGTT_CHUNK_PTES + 8,
			       2 * XEPF_MIG_VRAM_CHUNK + SZ_64K, SZ_1M + 7);
	else
		env_init_sized(test, e, 8, SZ_64K, 4093);
}

/* @st must fail with @err and leave everything but the destination alone */
static void expect_bad(struct kunit *test, struct env *e, struct stream st,
		       int err)
{
	u32 outside = fake_csum_outside(e->dst, e->to);
	static const size_t chunks[] = { 4099, 1 << 20 };
	unsigned int i;

	/* big streams once, in 1 MiB pieces: the test stays under 30 s */
	for (i = st.len > SZ_1M ? 1 : 0; i < ARRAY_SIZE(chunks); i++) {
		KUNIT_EXPECT_EQ(test, restore_all(test, e->to, st.buf, st.len,
						  chunks[i]), err);
		KUNIT_EXPECT_EQ(test, fake_csum_outside(e->dst, e->to),
				outside);
		KUNIT_EXPECT_EQ(test, e->dst->stray, 0u);
	}
}

static void expect_restored(struct kunit *test, struct env *e)
{
	u64 i, want, got;

	for (i = 0; i < e->from->ggtt_pages; i++) {
		want = e->src->ggtt[e->from->ggtt_first + i];
		got = e->dst->ggtt[e->to->ggtt_first + i];
		KUNIT_ASSERT_EQ(test, FIELD_GET(GGTT_PTE_VFID, got),
				(u64)e->to->vfid);
		KUNIT_ASSERT_EQ(test, got & ~GGTT_PTE_VFID,
				want & ~GGTT_PTE_VFID);
	}
	KUNIT_EXPECT_EQ(test, memcmp(e->src->vram + e->from->vram_base,
				     e->dst->vram + e->to->vram_base,
				     e->from->lmem_size), 0);
	KUNIT_EXPECT_EQ(test, memcmp(e->from->mmio, e->to->mmio,
				     sizeof(e->to->mmio)), 0);
	KUNIT_EXPECT_EQ(test, e->to->guc_len, e->from->guc_len);
	KUNIT_EXPECT_EQ(test, memcmp(e->from->guc, e->to->guc,
				     e->from->guc_len), 0);
}

static void round_trip(struct kunit *test, bool big, size_t rchunk,
		       size_t wchunk)
{
	struct env e;
	u32 outside;
	struct stream st;

	env_init(test, &e, big);
	if (rchunk) {
		st = save_all(test, e.from, rchunk);
		KUNIT_ASSERT_EQ(test, st.len, e.st.len);
		KUNIT_ASSERT_EQ(test, memcmp(st.buf, e.st.buf, st.len), 0);
	}
	outside = fake_csum_outside(e.dst, e.to);
	KUNIT_ASSERT_NE(test, fake_csum(e.to), fake_csum(e.from));
	KUNIT_EXPECT_EQ(test, restore_all(test, e.to, e.st.buf, e.st.len,
					  wchunk), 0);
	expect_restored(test, &e);
	KUNIT_EXPECT_EQ(test, fake_csum_outside(e.dst, e.to), outside);
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

	env_init(test, &e, true);
	KUNIT_ASSERT_EQ(test, xepf_migration_stream_size(&e.from->t, &size), 0);
	KUNIT_EXPECT_EQ(test, size, (u64)e.st.len);
	/* descriptor, GUC, 2 GGTT, MMIO, 3 VRAM, trailer */
	KUNIT_ASSERT_EQ(test, e.p.n, 9u);
	KUNIT_EXPECT_EQ(test, hdr_of(e.st, &e.p, 0)->type,
			XEPF_MIG_TYPE_DESCRIPTOR);
	KUNIT_EXPECT_EQ(test, hdr_of(e.st, &e.p, 1)->type, XEPF_MIG_TYPE_GUC);
	KUNIT_EXPECT_EQ(test, hdr_of(e.st, &e.p, 2)->type, XEPF_MIG_TYPE_GGTT);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(hdr_of(e.st, &e.p, 3)->offset),
			(u64)XEPF_MIG_GGTT_CHUNK_PTES * XE_GGTT_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, hdr_of(e.st, &e.p, 4)->type, XEPF_MIG_TYPE_MMIO);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(hdr_of(e.st, &e.p, 7)->offset),
			2ull * XEPF_MIG_VRAM_CHUNK);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(hdr_of(e.st, &e.p, 7)->size),
			(u64)SZ_64K);
	KUNIT_EXPECT_EQ(test, hdr_of(e.st, &e.p, 8)->type,
			XEPF_MIG_TYPE_TRAILER);
	KUNIT_EXPECT_EQ(test, e.p.len[8], HDR);
	for (i = 0; i < e.p.n; i++) {
		KUNIT_EXPECT_EQ(test, hdr_of(e.st, &e.p, i)->version, 1);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(hdr_of(e.st, &e.p, i)->flags), 0);
	}
	/* GGTT payload: VFID stripped, the rest as in the source */
	for (i = 0; i < 16; i++) {
		__le64 *ptes = (void *)(e.st.buf + e.p.off[2] + HDR);
		u64 pte = e.src->ggtt[e.from->ggtt_first + i];

		KUNIT_EXPECT_EQ(test, le64_to_cpu(ptes[i]),
				pte & ~GGTT_PTE_VFID);
	}
}

static void xepf_mig_test_bad_header_fields(struct kunit *test)
{
	struct env e;
	struct stream bad;
	unsigned int i;

	env_init(test, &e, false);
	for (i = 0; i < e.p.n; i++) {
		bad = copy(test, e.st);
		hdr_of(bad, &e.p, i)->version = 2;
		expect_bad(test, &e, bad, -EPROTONOSUPPORT);
		hdr_of(bad, &e.p, i)->version = 0;
		expect_bad(test, &e, bad, -EPROTONOSUPPORT);

		bad = copy(test, e.st);
		hdr_of(bad, &e.p, i)->type = 0;
		expect_bad(test, &e, bad, -EBADMSG);
		hdr_of(bad, &e.p, i)->type = 7;
		expect_bad(test, &e, bad, -EBADMSG);
		hdr_of(bad, &e.p, i)->type = 0xff;
		expect_bad(test, &e, bad, -EBADMSG);

		bad = copy(test, e.st);
		hdr_of(bad, &e.p, i)->tile_id = 1;
		expect_bad(test, &e, bad, -ENXIO);

		bad = copy(test, e.st);
		hdr_of(bad, &e.p, i)->gt_id = 1;
		expect_bad(test, &e, bad, -ENXIO);

		bad = copy(test, e.st);
		hdr_of(bad, &e.p, i)->flags = cpu_to_le32(BIT(31));
		expect_bad(test, &e, bad, -EINVAL);
	}
}

static void set_hdr(struct stream st, struct pkts *p, unsigned int i,
		    u64 offset, u64 size)
{
	hdr_of(st, p, i)->offset = cpu_to_le64(offset);
	hdr_of(st, p, i)->size = cpu_to_le64(size);
}

static void xepf_mig_test_bad_sizes(struct kunit *test)
{
	struct env e;
	struct stream bad;
	unsigned int i, ggtt, vram;
	static const u8 singles[] = { XEPF_MIG_TYPE_DESCRIPTOR,
				      XEPF_MIG_TYPE_GUC, XEPF_MIG_TYPE_MMIO,
				      XEPF_MIG_TYPE_TRAILER };

	env_init(test, &e, false);
	ggtt = find(test, e.st, &e.p, XEPF_MIG_TYPE_GGTT);
	vram = find(test, e.st, &e.p, XEPF_MIG_TYPE_VRAM);

	/* a singleton with an offset */
	for (i = 0; i < ARRAY_SIZE(singles); i++) {
		unsigned int k = find(test, e.st, &e.p, singles[i]);

		bad = copy(test, e.st);
		hdr_of(bad, &e.p, k)->offset = cpu_to_le64(8);
		expect_bad(test, &e, bad, -ERANGE);
	}

	/* sizes the type does not allow */
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, e.p.n - 1, 0, 8);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, find(test, e.st, &e.p, XEPF_MIG_TYPE_MMIO), 0, 12);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, 0, 0, 0);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, 0, 0, 15);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, 0, 0, XEPF_MIG_DESC_MAX + 4);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, 1, 0, 0);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, 1, 0, XEPF_MIG_GUC_MAX + 4);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, 1, 0, U64_MAX - 3);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, 0, 12);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, 0, 0);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, 0, XEPF_MIG_GGTT_MAX + 8);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, vram, 0, 0);
	expect_bad(test, &e, bad, -EMSGSIZE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, vram, 0, XEPF_MIG_VRAM_MAX + 1);
	expect_bad(test, &e, bad, -EMSGSIZE);

	/* offsets and sizes past the destination's provisioning */
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, 0x800, 8 * 8);
	expect_bad(test, &e, bad, -ERANGE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, XE_GGTT_PAGE_SIZE, 8 * 8);
	expect_bad(test, &e, bad, -ERANGE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, e.to->t.ggtt_size, 8);
	expect_bad(test, &e, bad, -ERANGE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, ggtt, U64_MAX & ~0xfffull, 8 * 8);
	expect_bad(test, &e, bad, -ERANGE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, vram, 1, SZ_64K);
	expect_bad(test, &e, bad, -ERANGE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, vram, e.to->lmem_size, 1);
	expect_bad(test, &e, bad, -ERANGE);
	bad = copy(test, e.st);
	set_hdr(bad, &e.p, vram, U64_MAX - 10, SZ_64K);
	expect_bad(test, &e, bad, -ERANGE);

	/* a destination with less or more LMEM than the source */
	e.to->t.lmem_size = SZ_32K;
	expect_bad(test, &e, e.st, -EREMCHG);
	e.to->t.lmem_size = SZ_128K;
	expect_bad(test, &e, e.st, -EREMCHG);
	e.to->t.lmem_size = e.to->lmem_size;
	/* or a smaller or larger GGTT range */
	e.to->t.ggtt_size -= XE_GGTT_PAGE_SIZE;
	expect_bad(test, &e, e.st, -EREMCHG);
	e.to->t.ggtt_size += 2 * XE_GGTT_PAGE_SIZE;
	expect_bad(test, &e, e.st, -EREMCHG);
	e.to->t.ggtt_size -= XE_GGTT_PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, restore_all(test, e.to, e.st.buf, e.st.len, 4099),
			0);
}

static void xepf_mig_test_truncated(struct kunit *test)
{
	static const size_t inside[] = { 1, HDR - 1, HDR, HDR + 1, HDR + 3 };
	struct env e;
	unsigned int i, k;
	size_t cut;

	env_init(test, &e, false);
	KUNIT_EXPECT_EQ(test, restore_all(test, e.to, e.st.buf, 0, 1),
			-ENODATA);
	for (i = 0; i < e.p.n; i++) {
		/* at the packet boundary */
		expect_bad(test, &e, (struct stream){ e.st.buf, e.p.off[i] },
			   -ENODATA);
		/* and inside the header and the payload */
		for (k = 0; k < ARRAY_SIZE(inside); k++) {
			cut = e.p.off[i] + inside[k];
			if (inside[k] >= e.p.len[i])
				continue;
			expect_bad(test, &e,
				   (struct stream){ e.st.buf, cut }, -ENODATA);
		}
		if (e.p.len[i] > HDR + 1)
			expect_bad(test, &e, (struct stream){ e.st.buf,
				   e.p.off[i] + e.p.len[i] - 1 }, -ENODATA);
	}
	/* all but the trailer's last byte */
	expect_bad(test, &e, (struct stream){ e.st.buf, e.st.len - 1 },
		   -ENODATA);
}

static void xepf_mig_test_order(struct kunit *test)
{
	struct env e;
	unsigned int desc = 0, guc = 1, ggtt = 2, mmio = 3, vram = 4, tr = 5;

	env_init(test, &e, false);
	KUNIT_ASSERT_EQ(test, e.p.n, 6u);
	{
		const unsigned int o[] = { guc, desc, ggtt, mmio, vram, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 6), -EPROTO);
	}
	{
		const unsigned int o[] = { desc, desc, guc, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 4), -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, guc, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 4), -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, mmio, mmio, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 5), -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt, vram, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 5), -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, mmio, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 3), -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt, mmio, vram, tr, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 7), -EPROTO);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt, mmio, vram, tr,
					   vram };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 7), -EPROTO);
	}
	{
		/* any order between descriptor and trailer is fine */
		const unsigned int o[] = { desc, mmio, vram, ggtt, guc, tr };
		struct stream st = reorder(test, e.st, &e.p, o, 6);

		KUNIT_EXPECT_EQ(test, restore_all(test, e.to, st.buf, st.len,
						  SZ_64K), 0);
		expect_restored(test, &e);
	}
}

static void xepf_mig_test_chunk_order(struct kunit *test)
{
	struct env e;
	unsigned int desc = 0, guc = 1, ggtt0 = 2, ggtt1 = 3, mmio = 4;
	unsigned int v0 = 5, v1 = 6, v2 = 7, tr = 8;

	env_init(test, &e, true);
	{
		const unsigned int o[] = { desc, guc, ggtt0, ggtt0, mmio, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 6), -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt1, ggtt0, mmio, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 6), -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, mmio, v0, v2, v1, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 7), -EEXIST);
	}
	{
		const unsigned int o[] = { desc, guc, mmio, v0, v1, v1, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 7), -EEXIST);
	}
	{
		/* no chunk may be left out, first, middle or last */
		const unsigned int o[] = { desc, guc, ggtt1, mmio, v0, v1, v2,
					   tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 8), -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt0, mmio, v0, v1, v2,
					   tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 8), -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt0, ggtt1, mmio, v0, v2,
					   tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 8), -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, guc, ggtt0, ggtt1, mmio, v0, v1,
					   tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 8), -ENOMSG);
	}
	{
		/* nor a whole section: the destination's old LMEM would stay */
		const unsigned int o[] = { desc, guc, ggtt0, ggtt1, mmio, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 6), -ENOMSG);
	}
	{
		const unsigned int o[] = { desc, guc, mmio, v0, v1, v2, tr };

		expect_bad(test, &e, reorder(test, e.st, &e.p, o, 7), -ENOMSG);
	}
	{
		/* the whole stream, in another order of sections, is fine */
		const unsigned int o[] = { desc, mmio, v0, v1, v2, guc, ggtt0,
					   ggtt1, tr };
		struct stream st = reorder(test, e.st, &e.p, o, 9);

		KUNIT_EXPECT_EQ(test, restore_all(test, e.to, st.buf, st.len,
						  SZ_1M), 0);
		expect_restored(test, &e);
	}
}

/* the descriptor of @st replaced by the KLV dwords @klv */
static struct stream with_desc(struct kunit *test, struct env *e,
			       const u32 *klv, unsigned int n)
{
	struct stream out = { .len = e->st.len - e->p.len[0] + HDR + 4 * n };
	struct xepf_mig_hdr *h;
	unsigned int i;

	out.buf = fake_vzalloc(test, out.len);
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

	env_init(test, &e, false);
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
	expect_bad(test, &e, e.st, -EXDEV);
	e.to->t.devid = 0xe20b;
	e.to->t.revid = 4;
	expect_bad(test, &e, e.st, -EXDEV);
	e.to->t.revid = 3;
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20c, KLV(0xf002, 1), 3,
				  ggtt, gs, 0, lmem, ls, 0 };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
			   -EXDEV);
	}
	{
		/* another provisioning: only the GGTT base may change */
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  ggtt, gs, 1, lmem, ls, 0 };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
			   -EREMCHG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  ggtt, gs, 0, lmem, ls + SZ_64K, 0 };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
			   -EREMCHG);
	}
	{
		/* unknown keys are skipped, whatever their length */
		const u32 x[] = { KLV(0x1234, 3), 1, 2, 3, KLV(0x9999, 0) };
		struct stream st = good_desc(test, &e, x, ARRAY_SIZE(x));

		KUNIT_EXPECT_EQ(test, restore_all(test, e.to, st.buf, st.len,
						  777), 0);
		expect_restored(test, &e);
	}
	{
		/* a known key repeated */
		const u32 x[] = { ggtt, gs, 0 };

		expect_bad(test, &e, good_desc(test, &e, x, ARRAY_SIZE(x)),
			   -EBADMSG);
	}
	{
		const u32 x[] = { KLV(0xf001, 1), 0xe20b };

		expect_bad(test, &e, good_desc(test, &e, x, ARRAY_SIZE(x)),
			   -EBADMSG);
	}
	{
		/* of the wrong length */
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 2), 3, 0,
				  ggtt, gs, 0, lmem, ls, 0 };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
			   -EBADMSG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  KLV(GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 1), gs,
				  lmem, ls, 0 };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
			   -EBADMSG);
	}
	{
		/* or missing, each of them */
		const u32 k[] = { KLV(0xf002, 1), 3, ggtt, gs, 0, lmem, ls, 0 };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
			   -EBADMSG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, ggtt, gs, 0, lmem, ls,
				  0 };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
			   -EBADMSG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  lmem, ls, 0 };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
			   -EBADMSG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  ggtt, gs, 0 };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
			   -EBADMSG);
	}
	{
		/* a KLV that overruns the payload */
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  ggtt, gs, 0, lmem, ls, 0, KLV(0x77, 0xffff) };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
			   -EBADMSG);
	}
	{
		const u32 k[] = { KLV(0xf001, 1), 0xe20b, KLV(0xf002, 1), 3,
				  ggtt, gs, 0, lmem, ls };

		expect_bad(test, &e, with_desc(test, &e, k, ARRAY_SIZE(k)),
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

	env_init(test, &e, false);
	ggtt = find(test, e.st, &e.p, XEPF_MIG_TYPE_GGTT);
	before = crc32_le(~0, (u8 *)&e.dst->ggtt[e.to->ggtt_first],
			  e.to->ggtt_pages * sizeof(u64));

#define BAD_PTE(idx, val, err) do {					\
		bad = copy(test, e.st);					\
		ptes = (void *)(bad.buf + e.p.off[ggtt] + HDR);		\
		ptes[idx] = cpu_to_le64(val);				\
		expect_bad(test, &e, bad, err);				\
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
	expect_bad(test, &e, e.st, -ENOMEM);
	e.to->fail_iova_check = 0;

	/* without an IOVA check, system memory entries are all refused */
	{
		struct xepf_mig_ops ops = fake_ops;

		ops.iova_check = NULL;
		e.to->t.ops = &ops;
		expect_bad(test, &e, e.st, -EACCES);
		e.to->t.ops = &fake_ops;
	}
}

static void xepf_mig_test_device_errors(struct kunit *test)
{
	struct xepf_mig_save *s;
	struct iov_iter iter;
	struct kvec kv;
	struct env e;
	u8 buf[256];

	env_init(test, &e, false);

	/* a GuC refusing the state reaches the caller as is */
	e.to->fail_guc_restore = -EIO;
	expect_bad(test, &e, e.st, -EIO);
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
			(u64)e.p.off[find(test, e.st, &e.p,
					  XEPF_MIG_TYPE_GGTT)]);
	xepf_migration_stream_save_destroy(s);
	e.from->fail_ggtt_read = 0;

	/* and a restore that passes after all that leaves no trace */
	KUNIT_EXPECT_EQ(test, restore_all(test, e.to, e.st.buf, e.st.len, 97),
			0);
	expect_restored(test, &e);
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

	env_init_sized(test, &e, 8, (XEPF_MIG_RING + 2) * XEPF_MIG_VRAM_CHUNK,
		       SZ_1M);
	vram = e.p.off[find(test, e.st, &e.p, XEPF_MIG_TYPE_VRAM)];

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

static struct kunit_case xepf_migration_stream_cases[] = {
	KUNIT_CASE_SLOW(xepf_mig_test_layout),
	KUNIT_CASE(xepf_mig_test_one_byte),
	KUNIT_CASE_SLOW(xepf_mig_test_odd),
	KUNIT_CASE_SLOW(xepf_mig_test_large),
	KUNIT_CASE_SLOW(xepf_mig_test_bounded),
	KUNIT_CASE(xepf_mig_test_bad_header_fields),
	KUNIT_CASE(xepf_mig_test_bad_sizes),
	KUNIT_CASE_SLOW(xepf_mig_test_truncated),
	KUNIT_CASE(xepf_mig_test_order),
	KUNIT_CASE_SLOW(xepf_mig_test_chunk_order),
	KUNIT_CASE(xepf_mig_test_descriptor),
	KUNIT_CASE(xepf_mig_test_ggtt_entries),
	KUNIT_CASE(xepf_mig_test_device_errors),
	{}
};

static struct kunit_suite xepf_migration_stream_suite = {
	.name = "xepf_migration_stream",
	.test_cases = xepf_migration_stream_cases,
};

kunit_test_suite(xepf_migration_stream_suite);

MODULE_DESCRIPTION("KUnit tests of the xepf PF driver");
MODULE_LICENSE("GPL");
