// SPDX-License-Identifier: GPL-2.0
/*
 * The migration stream tests' fake VFs and the helpers that save, cut up,
 * change and restore their streams.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/crc32.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>

#include <abi/xe_regs_abi.h>

#include "xepf_migration_stream.h"
#include "xepf_migration_stream_restore.h"
#include "xepf_migration_stream_save.h"
#include "xepf_test_mig.h"

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

static int fake_ggtt_read(void *priv, u64 first, u64 *ptes, unsigned int n)
{
	struct fake_vf *vf = priv;
	unsigned int i;

	if (vf->fail_ggtt_read)
		return vf->fail_ggtt_read;
	for (i = 0; i < n; i++) {
		if (!fake_in(vf, first + i))
			return -EACCES;
		ptes[i] = vf->gpu->ggtt[vf->ggtt_first + first + i];
	}
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

/* the fake GPU's resources, as the stream reaches them */
const struct xepf_mig_ops xepf_test_mig_ops = {
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

KUNIT_DEFINE_ACTION_WRAPPER(fake_vfree, vfree, const void *);

/**
 * xepf_test_mig_vzalloc() - Zeroed vmalloc memory freed with the test.
 * @test: the test.
 * @size: bytes.
 *
 * Context: process context (a KUnit test).
 * Return: the memory, or NULL.
 */
void *xepf_test_mig_vzalloc(struct kunit *test, size_t size)
{
	void *p = vzalloc(size);

	if (p && kunit_add_action_or_reset(test, fake_vfree, p))
		return NULL;
	return p;
}

/*
 * A GPU with FAKE_VFS VFs of @ggtt_pages GGTT pages and @lmem bytes each;
 * VF n's GGTT range starts at page @ggtt_base + (n - 1) * (@ggtt_pages + 3),
 * so two GPUs with different bases give each VF a different GGTT base.
 */
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
	gpu->ggtt = xepf_test_mig_vzalloc(test, gpu->ggtt_pages * sizeof(u64));
	KUNIT_ASSERT_NOT_NULL(test, gpu->ggtt);
	gpu->vram_size = (FAKE_VFS + 1) * lmem;
	gpu->vram = xepf_test_mig_vzalloc(test, gpu->vram_size);
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
			.ops = &xepf_test_mig_ops,
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

/**
 * xepf_test_mig_csum() - A checksum of a fake VF's own resources.
 * @vf: the VF.
 *
 * Context: process context (a KUnit test).
 * Return: the CRC32 of its GGTT range, LMEM, registers and GuC state.
 */
u32 xepf_test_mig_csum(struct fake_vf *vf)
{
	u32 crc;

	crc = crc32_le(~0, (u8 *)&vf->gpu->ggtt[vf->ggtt_first],
		       vf->ggtt_pages * sizeof(u64));
	crc = crc32_le(crc, vf->gpu->vram + vf->vram_base, vf->lmem_size);
	crc = crc32_le(crc, (u8 *)vf->mmio, sizeof(vf->mmio));
	return crc32_le(crc, vf->guc, vf->guc_len);
}

/**
 * xepf_test_mig_csum_outside() - A checksum of everything outside a fake VF's resources.
 * @gpu: the VF's GPU.
 * @vf: the VF.
 *
 * Context: process context (a KUnit test).
 * Return: the CRC32 of the rest of the GPU's GGTT and VRAM and of the other
 * VFs' registers and GuC state.
 */
u32 xepf_test_mig_csum_outside(struct fake_gpu *gpu, struct fake_vf *vf)
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

/**
 * xepf_test_mig_save_all() - Save a whole stream, @chunk bytes per read.
 * @test: the test.
 * @vf: the source VF.
 * @chunk: bytes per read.
 *
 * Context: process context (a KUnit test).
 * Return: the stream, freed with the test.
 */
struct stream xepf_test_mig_save_all(struct kunit *test, struct fake_vf *vf,
				     size_t chunk)
{
	struct stream st = {};
	struct xepf_mig_save *s;
	struct iov_iter iter;
	struct kvec kv;
	u64 size;
	ssize_t n;

	KUNIT_ASSERT_EQ(test, xepf_migration_stream_size(&vf->t, &size), 0);
	st.buf = xepf_test_mig_vzalloc(test, size + 1);
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

/**
 * xepf_test_mig_restore_all() - Feed a stream in pieces, then finish.
 * @test: the test.
 * @vf: the destination VF.
 * @buf: the stream.
 * @len: bytes of @buf.
 * @chunk: bytes per write.
 *
 * Context: process context (a KUnit test).
 * Return: 0 or the first error, which must stay sticky.
 */
int xepf_test_mig_restore_all(struct kunit *test, struct fake_vf *vf, const u8 *buf,
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

/**
 * xepf_test_mig_split() - The packets of a stream, by position.
 * @test: the test.
 * @st: the stream.
 *
 * Context: process context (a KUnit test).
 * Return: where each packet starts and how long it is.
 */
struct pkts xepf_test_mig_split(struct kunit *test, struct stream st)
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

/**
 * xepf_test_mig_hdr() - The header of a packet.
 * @st: the stream.
 * @p: its packets.
 * @i: the packet.
 *
 * Context: process context (a KUnit test).
 * Return: the header, in @st.
 */
struct xepf_mig_hdr *xepf_test_mig_hdr(struct stream st, struct pkts *p,
				       unsigned int i)
{
	return (void *)(st.buf + p->off[i]);
}

/**
 * xepf_test_mig_find() - The first packet of a type.
 * @test: the test, failed when there is none.
 * @st: the stream.
 * @p: its packets.
 * @type: an XEPF_MIG_TYPE_*.
 *
 * Context: process context (a KUnit test).
 * Return: the packet's index.
 */
unsigned int xepf_test_mig_find(struct kunit *test, struct stream st, struct pkts *p,
				u8 type)
{
	unsigned int i;

	for (i = 0; i < p->n; i++)
		if (xepf_test_mig_hdr(st, p, i)->type == type)
			return i;
	KUNIT_FAIL(test, "no packet of type %u", type);
	return 0;
}

/**
 * xepf_test_mig_reorder() - A stream of some packets of another, in another order.
 * @test: the test.
 * @st: the stream.
 * @p: its packets.
 * @order: the packets to take, in order.
 * @n: entries of @order.
 *
 * Context: process context (a KUnit test).
 * Return: the new stream, freed with the test.
 */
struct stream xepf_test_mig_reorder(struct kunit *test, struct stream st,
				    struct pkts *p, const unsigned int *order,
				    unsigned int n)
{
	struct stream out = {};
	size_t total = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		total += p->len[order[i]];
	out.buf = xepf_test_mig_vzalloc(test, total);
	KUNIT_ASSERT_NOT_NULL(test, out.buf);
	for (i = 0; i < n; i++) {
		memcpy(out.buf + out.len, st.buf + p->off[order[i]],
		       p->len[order[i]]);
		out.len += p->len[order[i]];
	}
	return out;
}

/**
 * xepf_test_mig_copy() - A copy of a stream, to change.
 * @test: the test.
 * @st: the stream.
 *
 * Context: process context (a KUnit test).
 * Return: the copy, freed with the test.
 */
struct stream xepf_test_mig_copy(struct kunit *test, struct stream st)
{
	struct stream out = { .len = st.len };

	out.buf = xepf_test_mig_vzalloc(test, st.len);
	KUNIT_ASSERT_NOT_NULL(test, out.buf);
	memcpy(out.buf, st.buf, st.len);
	return out;
}

/**
 * xepf_test_mig_env_init_sized() - VF1 of one GPU saved, to be restored into VF2 of another whose
 * VF2 GGTT range has another base.
 * @test: the test.
 * @e: the pair, filled in.
 * @pages: GGTT pages per VF.
 * @lmem: LMEM bytes per VF.
 * @rchunk: bytes per read of the save.
 *
 * Context: process context (a KUnit test).
 */
void xepf_test_mig_env_init_sized(struct kunit *test, struct env *e, u64 pages,
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
	e->st = xepf_test_mig_save_all(test, e->from, rchunk);
	e->p = xepf_test_mig_split(test, e->st);
}

/**
 * xepf_test_mig_env_init() - The usual pair of VFs.
 * @test: the test.
 * @e: the pair, filled in.
 * @big: several GGTT and VRAM packets.
 *
 * Context: process context (a KUnit test).
 */
void xepf_test_mig_env_init(struct kunit *test, struct env *e, bool big)
{
	if (big)
		xepf_test_mig_env_init_sized(test, e, XEPF_MIG_GGTT_CHUNK_PTES + 8,
					     2 * XEPF_MIG_VRAM_CHUNK + SZ_64K, SZ_1M + 7);
	else
		xepf_test_mig_env_init_sized(test, e, 8, SZ_64K, 4093);
}

/**
 * xepf_test_mig_expect_bad() - A stream must fail and leave everything but the destination alone.
 * @test: the test.
 * @e: the pair.
 * @st: the stream.
 * @err: the error it must fail with.
 *
 * Context: process context (a KUnit test).
 */
void xepf_test_mig_expect_bad(struct kunit *test, struct env *e, struct stream st,
			      int err)
{
	u32 outside = xepf_test_mig_csum_outside(e->dst, e->to);
	static const size_t chunks[] = { 4099, 1 << 20 };
	unsigned int i;

	/* big streams once, in 1 MiB pieces: the test stays under 30 s */
	for (i = st.len > SZ_1M ? 1 : 0; i < ARRAY_SIZE(chunks); i++) {
		KUNIT_EXPECT_EQ(test, xepf_test_mig_restore_all(test, e->to, st.buf, st.len,
								chunks[i]), err);
		KUNIT_EXPECT_EQ(test, xepf_test_mig_csum_outside(e->dst, e->to),
				outside);
		KUNIT_EXPECT_EQ(test, e->dst->stray, 0u);
	}
}

/**
 * xepf_test_mig_expect_restored() - The destination must hold what the source held.
 * @test: the test.
 * @e: the pair.
 *
 * Context: process context (a KUnit test).
 */
void xepf_test_mig_expect_restored(struct kunit *test, struct env *e)
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
