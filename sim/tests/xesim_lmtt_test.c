// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of VF local memory behind the LMTT.
 */

#include <kunit/test.h>
#include <linux/highmem.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "abi/xe_regs_abi.h"
#include "xesim_driver.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_knob.h"
#include "xesim_lmtt.h"
#include "xesim_vram.h"
#include "xesim_test_env.h"

static void xesim_fill(u8 *buf, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = seed + i * 7;
}

/*
 * The same VF offset reaches the right VRAM on two GPUs whose VRAM is laid
 * out differently: a copy by VF offset (what a migration does) gives the
 * destination VF the same view although the VRAM behind it differs.
 */
static void xesim_lmtt_test_two_layouts(struct kunit *test)
{
	const u64 off = SZ_64K + 0x123, len = SZ_128K;
	struct xesim_gpu *a, *b;
	struct xesim_fn *a2, *b2;
	u64 phys_a, phys_b;
	u8 *src, *dst;

	a = xesim_test_gpu(test, SZ_16M, SZ_4M, 2);
	b = xesim_test_gpu(test, SZ_16M, SZ_8M, 2);
	/* on A, VF1 takes the first chunks; on B, VF2 comes first */
	xesim_test_provision(test, a, 1, 0, 0, SZ_1M);
	xesim_test_provision(test, a, 2, 0, 0, SZ_1M);
	xesim_test_provision(test, b, 2, 0, 0, SZ_1M);
	xesim_test_provision(test, b, 1, 0, 0, SZ_2M);
	a2 = xesim_test_fn(test, a, 2);
	b2 = xesim_test_fn(test, b, 2);

	KUNIT_ASSERT_EQ(test, xesim_lmtt_translate(a, 2, off, &phys_a), 0);
	KUNIT_ASSERT_EQ(test, xesim_lmtt_translate(b, 2, off, &phys_b), 0);
	KUNIT_EXPECT_NE(test, phys_a, phys_b);

	src = kunit_kzalloc(test, len, GFP_KERNEL);
	dst = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, src);
	KUNIT_ASSERT_NOT_NULL(test, dst);
	xesim_fill(src, len, 3);

	/* VF2 on A writes; the LMEM is copied by VF offset to VF2 on B */
	KUNIT_ASSERT_EQ(test, xesim_vram_write(&a2->xdev, off, src, len), 0);
	KUNIT_ASSERT_EQ(test, xesim_vram_read(&a2->xdev, off, dst, len), 0);
	KUNIT_ASSERT_EQ(test, xesim_vram_write(&b2->xdev, off, dst, len), 0);
	memset(dst, 0, len);
	KUNIT_ASSERT_EQ(test, xesim_vram_read(&b2->xdev, off, dst, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, len), 0);

	/* in B's VRAM the data is where B's LMTT put it, not where A had it */
	memset(dst, 0, len);
	KUNIT_ASSERT_EQ(test, xesim_vram_read(&b->fns[0]->xdev, phys_b, dst,
					      SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, memcmp(src, dst, SZ_4K), 0);
	KUNIT_ASSERT_EQ(test, xesim_vram_read(&b->fns[0]->xdev, phys_a, dst,
					      SZ_4K), 0);
	KUNIT_EXPECT_NE(test, memcmp(src, dst, SZ_4K), 0);
}

static void xesim_lmtt_test_vf_bounds(struct kunit *test)
{
	struct xesim_gpu *gpu;
	struct xesim_fn *vf1;
	u8 buf[16] = {};

	gpu = xesim_test_gpu(test, SZ_16M, SZ_4M, 2);
	xesim_test_provision(test, gpu, 1, 0, 0, SZ_1M);
	vf1 = xesim_test_fn(test, gpu, 1);

	KUNIT_EXPECT_EQ(test, xesim_vram_write(&vf1->xdev, SZ_1M - 8, buf,
					       sizeof(buf)), -EFAULT);
	KUNIT_EXPECT_EQ(test, xesim_vram_read(&vf1->xdev, ~0ull - 4, buf,
					      sizeof(buf)), -EFAULT);
	KUNIT_EXPECT_EQ(test, xesim_vram_write(&vf1->xdev, SZ_1M - 16, buf,
					       sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&vf1->stats.vram_dropped), 2);
	/* VF2 has no LMEM at all */
	KUNIT_EXPECT_EQ(test, xesim_vram_read(&gpu->fns[2]->xdev, 0, buf, 1),
			-EFAULT);
}

static void xesim_lmtt_test_isolation(struct kunit *test)
{
	struct xesim_gpu *gpu;
	struct xesim_fn *vf1, *vf2;
	u8 in[64], out[64];

	gpu = xesim_test_gpu(test, SZ_16M, SZ_4M, 2);
	xesim_test_provision(test, gpu, 1, 0, 0, SZ_1M);
	xesim_test_provision(test, gpu, 2, 0, 0, SZ_1M);
	vf1 = xesim_test_fn(test, gpu, 1);
	vf2 = xesim_test_fn(test, gpu, 2);

	memset(in, 0xa5, sizeof(in));
	KUNIT_ASSERT_EQ(test, xesim_vram_write(&vf1->xdev, 0, in, sizeof(in)),
			0);
	KUNIT_ASSERT_EQ(test, xesim_vram_read(&vf2->xdev, 0, out, sizeof(out)),
			0);
	memset(in, 0, sizeof(in));
	KUNIT_EXPECT_EQ(test, memcmp(in, out, sizeof(out)), 0);
}

static void xesim_lmtt_test_reprovision(struct kunit *test)
{
	struct xesim_vf_config cfg = {};
	u8 in[32], out[32], zero[32] = {};
	struct xesim_gpu *gpu;
	struct xesim_fn *vf1;
	unsigned long backed;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_4M, 1);
	vf1 = xesim_test_fn(test, gpu, 1);
	xesim_test_provision(test, gpu, 1, 0, 0, SZ_1M);
	memset(in, 0x3c, sizeof(in));
	KUNIT_ASSERT_EQ(test, xesim_vram_write(&vf1->xdev, SZ_4K, in,
					       sizeof(in)), 0);
	backed = xesim_vram_backed(gpu);
	KUNIT_EXPECT_EQ(test, backed, 1);

	/* the same size keeps the contents */
	xesim_test_provision(test, gpu, 1, 0, 0, SZ_1M);
	KUNIT_ASSERT_EQ(test, xesim_vram_read(&vf1->xdev, SZ_4K, out,
					      sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, sizeof(out)), 0);

	/* too much: refused, nothing changes */
	cfg.lmem_size = SZ_8M;
	KUNIT_EXPECT_EQ(test, xesim_gpu_provision_vf(gpu, 1, &cfg), -EINVAL);
	cfg.lmem_size = SZ_4M + SZ_64K;
	KUNIT_EXPECT_EQ(test, xesim_gpu_provision_vf(gpu, 1, &cfg), -EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_lmtt_size(gpu, 1), SZ_1M);

	/* a new size gives fresh memory, the old is freed */
	xesim_test_provision(test, gpu, 1, 0, 0, SZ_2M);
	KUNIT_ASSERT_EQ(test, xesim_vram_read(&vf1->xdev, SZ_4K, out,
					      sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(zero, out, sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 0);

	/* all of VRAM fits one VF; a second VF then gets -ENOSPC */
	xesim_test_provision(test, gpu, 1, 0, 0, SZ_4M);
	cfg.lmem_size = SZ_64K;
	KUNIT_EXPECT_EQ(test, xesim_gpu_provision_vf(gpu, 2, &cfg), -ENOSPC);
	KUNIT_EXPECT_EQ(test, xesim_lmtt_size(gpu, 2), 0);

	/* FLR wipes */
	KUNIT_ASSERT_EQ(test, xesim_vram_write(&vf1->xdev, 0, in, sizeof(in)),
			0);
	KUNIT_EXPECT_EQ(test, xesim_gpu_wipe_vf(gpu, 1), 0);
	KUNIT_ASSERT_EQ(test, xesim_vram_read(&vf1->xdev, 0, out, sizeof(out)),
			0);
	KUNIT_EXPECT_EQ(test, memcmp(zero, out, sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 0);
}

static void xesim_lmtt_test_sparse(struct kunit *test)
{
	struct xesim_gpu *gpu;
	u8 byte = 1;

	/* 1 GiB of VRAM costs nothing until written */
	gpu = xesim_test_gpu(test, SZ_16M, SZ_1G, 0);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 0);
	KUNIT_EXPECT_EQ(test, xesim_vram_write(&gpu->fns[0]->xdev,
					       SZ_1G - 1, &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 1);
	byte = 0;
	KUNIT_EXPECT_EQ(test, xesim_vram_read(&gpu->fns[0]->xdev, SZ_1G - 1,
					      &byte, 1), 0);
	KUNIT_EXPECT_EQ(test, byte, 1);

	/* a failed page allocation fails the write */
	xesim_knob_arm(gpu, XESIM_KNOB_VRAM_ALLOC, 1);
	KUNIT_EXPECT_EQ(test, xesim_vram_write(&gpu->fns[0]->xdev, 0, &byte,
					       1), -ENOMEM);
	KUNIT_EXPECT_EQ(test, xesim_vram_write(&gpu->fns[0]->xdev, 0, &byte,
					       1), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&gpu->knobs.fired[XESIM_KNOB_VRAM_ALLOC]),
			1);
}

/*
 * The device's own writes: a whole page that needs backing gets its data
 * before it is published (no zeroing first); partial pages, pages already
 * backed and a failed backing behave as before.
 */
static void xesim_lmtt_test_whole_pages(struct kunit *test)
{
	const size_t len = 3 * PAGE_SIZE, at = PAGE_SIZE / 2;
	struct xesim_gpu *gpu;
	u8 *in, *out;
	size_t i;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_16M, 0);
	in = kunit_kmalloc(test, len, GFP_KERNEL);
	out = kunit_kmalloc(test, len + PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (i = 0; i < len; i++)
		in[i] = i * 7 + 3;

	/* half a page, two whole pages, half a page: four pages backed */
	KUNIT_ASSERT_EQ(test, xesim_vram_rw(gpu, at, in, len, true, NULL), 0);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 4);
	memset(out, 0xee, len + PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, xesim_vram_rw(gpu, 0, out, len + PAGE_SIZE, false, NULL), 0);
	KUNIT_EXPECT_FALSE(test, memchr_inv(out, 0, at));
	KUNIT_EXPECT_MEMEQ(test, out + at, in, len);
	KUNIT_EXPECT_FALSE(test, memchr_inv(out + at + len, 0, PAGE_SIZE - at));

	/* a backed page written whole again */
	for (i = 0; i < PAGE_SIZE; i++)
		in[i] = ~in[i];
	KUNIT_ASSERT_EQ(test, xesim_vram_rw(gpu, PAGE_SIZE, in, PAGE_SIZE, true, NULL), 0);
	KUNIT_ASSERT_EQ(test, xesim_vram_rw(gpu, PAGE_SIZE, out, PAGE_SIZE, false, NULL), 0);
	KUNIT_EXPECT_MEMEQ(test, out, in, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 4);

	/* a whole page whose backing fails: not written, not backed */
	xesim_knob_arm(gpu, XESIM_KNOB_VRAM_ALLOC, 1);
	KUNIT_EXPECT_EQ(test, xesim_vram_rw(gpu, 8 * PAGE_SIZE, in, PAGE_SIZE, true, NULL),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 4);
	KUNIT_ASSERT_EQ(test, xesim_vram_rw(gpu, 8 * PAGE_SIZE, out, PAGE_SIZE, false, NULL), 0);
	KUNIT_EXPECT_FALSE(test, memchr_inv(out, 0, PAGE_SIZE));
}

/*
 * The PF's page access to a VF's LMEM: a read lookup references the pages
 * the VF wrote and backs none; a backed lookup gives every page, zeroed
 * where the VF never wrote; outside the VF's LMEM nothing is referenced; a
 * page unhooked by a wipe keeps its data for the holder of its reference.
 */
static void xesim_lmtt_test_pages(struct kunit *test)
{
	struct page *pages[20];
	struct xesim_gpu *gpu;
	unsigned int i;
	u8 in = 0x5a;
	u8 *va;

	gpu = xesim_test_gpu(test, SZ_16M, SZ_16M, 2);
	xesim_test_provision(test, gpu, 1, SZ_1M, SZ_256K, SZ_1M);
	/* one byte in the VF's second page, which spans two LMTT chunks below */
	KUNIT_ASSERT_EQ(test, xesim_lmtt_rw(gpu, 1, SZ_64K - PAGE_SIZE + 9, &in, 1,
					    true, NULL), 0);
	KUNIT_ASSERT_EQ(test, xesim_vram_backed(gpu), 1);

	KUNIT_ASSERT_EQ(test, xesim_lmtt_lookup(gpu, 1, SZ_64K - 2 * PAGE_SIZE,
						pages, 20, false), 0);
	for (i = 0; i < 20; i++)
		KUNIT_EXPECT_EQ(test, !!pages[i], i == 1);
	va = kmap_local_page(pages[1]);
	KUNIT_EXPECT_EQ(test, va[9], 0x5a);
	kunmap_local(va);
	put_page(pages[1]);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 1);

	/* backed: every page, the written one as it is, the others zeroed */
	KUNIT_ASSERT_EQ(test, xesim_lmtt_lookup(gpu, 1, SZ_64K - 2 * PAGE_SIZE,
						pages, 20, true), 0);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 20);
	for (i = 0; i < 20; i++) {
		va = kmap_local_page(pages[i]);
		KUNIT_EXPECT_EQ(test, !!memchr_inv(va, 0, PAGE_SIZE), i == 1);
		kunmap_local(va);
	}

	/* a wipe unhooks them; the references keep the data */
	xesim_vram_wipe(gpu, 0, SZ_16M);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 0);
	va = kmap_local_page(pages[1]);
	KUNIT_EXPECT_EQ(test, va[9], 0x5a);
	kunmap_local(va);
	for (i = 0; i < 20; i++)
		put_page(pages[i]);

	/* past the VF's LMEM, or off a page boundary: refused, none referenced */
	KUNIT_EXPECT_EQ(test, xesim_lmtt_lookup(gpu, 1, SZ_1M - PAGE_SIZE, pages,
						2, true), -EFAULT);
	KUNIT_EXPECT_EQ(test, xesim_lmtt_lookup(gpu, 1, 8, pages, 1, false),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, xesim_vram_backed(gpu), 0);
}

static struct kunit_case xesim_lmtt_cases[] = {
	KUNIT_CASE(xesim_lmtt_test_two_layouts),
	KUNIT_CASE(xesim_lmtt_test_vf_bounds),
	KUNIT_CASE(xesim_lmtt_test_isolation),
	KUNIT_CASE(xesim_lmtt_test_reprovision),
	KUNIT_CASE(xesim_lmtt_test_sparse),
	KUNIT_CASE(xesim_lmtt_test_whole_pages),
	KUNIT_CASE(xesim_lmtt_test_pages),
	{}
};

static struct kunit_suite xesim_lmtt_suite = {
	.name = "xesim_lmtt",
	.test_cases = xesim_lmtt_cases,
};

kunit_test_suite(xesim_lmtt_suite);
