// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of VF save and restore on live xesim GPUs: a round trip
 * between two GPUs with different GGTT bases, read and written in odd
 * pieces, the GuC's failures reaching the caller, and the refusals.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/crc32.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/log2.h>
#include <linux/mman.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include <abi/guc_actions_abi.h>
#include <abi/guc_ct_abi.h>
#include <abi/guc_relay_abi.h>
#include <abi/xe_regs_abi.h>
#include <xepf_vfio.h>
#include <xesim_driver.h>
#include <xesim_kunit.h>

#include "xepf_migration_stream_types.h"
#include "xepf_pf.h"
#include "xepf_sriov_control.h"
#include "xepf_sriov_migration.h"
#include "xepf_test_guest.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(XEPF);
MODULE_IMPORT_NS(XESIM);

#define SRC_GPU		11
#define DST_GPU		12
#define GPU_PARAMS	" ggtt=64M vram=4M max_vfs=2"
#define TEST_PTES	32

static struct xepf_pf *mig_test_gpu(struct kunit *test, unsigned int id)
{
	char buf[64], name[16];
	struct xepf_pf *pf;

	snprintf(buf, sizeof(buf), "%u" GPU_PARAMS, id);
	KUNIT_ASSERT_EQ(test, xesim_kunit_add_gpu(test, buf), 0);
	snprintf(name, sizeof(name), "xesim%u", id);
	pf = xepf_pf_find(name);
	KUNIT_ASSERT_NOT_NULL(test, pf);
	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(pf, 2), 2);
	return pf;
}

/*
 * The tests observe the device and inject its failures through the sim's
 * KUnit API, the same state its debugfs ``guc`` and ``fail_*`` files show
 * and set (debugfs files cannot be read or written from the kernel).
 */
static unsigned int mig_test_id(struct kunit *test, struct xepf_pf *pf)
{
	unsigned int id;

	KUNIT_ASSERT_EQ(test, kstrtouint(dev_name(pf->dev) + 5, 10, &id), 0);
	return id;
}

/* a macro, so that a failure names the line of the test */
#define EXPECT_GUC_STATE(test, pf, vfid, want)				\
	do {								\
		struct kunit *t__ = (test);				\
									\
		KUNIT_EXPECT_STREQ(t__,					\
				   xesim_kunit_guc_vf_state(mig_test_id(t__, pf), \
							 vfid),		\
				   want);				\
	} while (0)

static void mig_test_arm(struct kunit *test, struct xepf_pf *pf,
			 const char *knob)
{
	KUNIT_ASSERT_EQ(test, xesim_kunit_arm(mig_test_id(test, pf), knob), 0);
}

/* the VF device of VF @vfid of @pf, as the VFIO driver is bound to it */
static struct xesim_device *mig_test_vf_dev(struct kunit *test,
					    struct xepf_pf *pf,
					    unsigned int vfid)
{
	struct xesim_device *vf = xesim_kunit_get_vf(test, mig_test_id(test, pf), vfid);

	KUNIT_ASSERT_NOT_NULL(test, vf);
	return vf;
}

static u64 mig_test_ggtt_start(struct xepf_pf *pf, unsigned int vfid)
{
	return pf->cfgs[vfid - 1].ggtt_start;
}

/* a checksum of everything a VF owns: LMEM, GGTT entries, scratch */
static u32 __mig_test_vf_crc(struct kunit *test, struct xepf_pf *pf,
			     unsigned int vfid, u64 pte_mask)
{
	const struct xepf_vf_config *cfg = &pf->cfgs[vfid - 1];
	u64 off, pte, page;
	u32 crc = ~0, val;
	unsigned int n;
	void *buf;

	buf = kunit_kmalloc(test, SZ_64K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (off = 0; off < cfg->lmem_size; off += SZ_64K) {
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_vram_read(pf->xdev, vfid, off,
							    buf, SZ_64K), 0);
		crc = crc32_le(crc, buf, SZ_64K);
	}
	for (page = 0; page < cfg->ggtt_size; page += XE_GGTT_PAGE_SIZE) {
		KUNIT_ASSERT_EQ(test, xesim_ggtt_read_pte(pf->xdev,
							  cfg->ggtt_start + page,
							  &pte), 0);
		pte &= pte_mask;
		crc = crc32_le(crc, (void *)&pte, sizeof(pte));
	}
	for (n = 0; n < 4; n++) {
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_scratch_read(pf->xdev, vfid,
							       n, &val), 0);
		crc = crc32_le(crc, (void *)&val, sizeof(val));
	}
	kunit_kfree(test, buf);
	return crc;
}

static u32 mig_test_vf_crc(struct kunit *test, struct xepf_pf *pf,
			   unsigned int vfid)
{
	return __mig_test_vf_crc(test, pf, vfid, ~0ull);
}

/* give a VF LMEM contents, LMEM GGTT entries and scratch values */
static void mig_test_fill_vf(struct kunit *test, struct xepf_pf *pf,
			     unsigned int vfid, u32 seed)
{
	const struct xepf_vf_config *cfg = &pf->cfgs[vfid - 1];
	struct rnd_state rnd;
	unsigned int i;
	u64 off;
	void *buf;

	prandom_seed_state(&rnd, seed);
	buf = kunit_kmalloc(test, SZ_64K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (off = 0; off < cfg->lmem_size; off += SZ_64K) {
		prandom_bytes_state(&rnd, buf, SZ_64K);
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_vram_write(pf->xdev, vfid, off,
							     buf, SZ_64K), 0);
	}
	for (i = 0; i < TEST_PTES; i++)
		KUNIT_ASSERT_EQ(test,
				xesim_ggtt_write_pte(pf->xdev,
						     cfg->ggtt_start + i * 3 * XE_GGTT_PAGE_SIZE,
						     ((u64)(i * SZ_4K) % cfg->lmem_size) |
						     FIELD_PREP(GGTT_PTE_VFID, vfid) |
						     XE_GGTT_PTE_DM | XE_PAGE_PRESENT),
				0);
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_scratch_write(pf->xdev, vfid, i,
								seed + i), 0);
	kunit_kfree(test, buf);
}

/* read a whole save stream in pieces of @chunk bytes */
static ssize_t mig_test_save(struct kunit *test, struct xepf_pf *pf,
			     unsigned int vfid, void *buf, size_t size,
			     size_t chunk)
{
	struct xepf_mig_owner o = {};
	size_t done = 0;
	ssize_t n;

	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_save_begin(pf, vfid, &o), 0);
	do {
		struct kvec kv = {
			.iov_base = buf + done,
			.iov_len = min(chunk, size - done),
		};
		struct iov_iter it;

		iov_iter_kvec(&it, ITER_DEST, &kv, 1, kv.iov_len);
		n = xepf_sriov_migration_save_read(pf, vfid, &o, &it);
		if (n > 0)
			done += n;
	} while (n > 0 && done < size);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_end(pf, vfid, &o), 0);
	return n < 0 ? n : done;
}

/* write @len bytes of a stream in pieces of @chunk bytes, then finish */
static int mig_test_restore(struct kunit *test, struct xepf_pf *pf,
			    unsigned int vfid, const void *buf, size_t len,
			    size_t chunk)
{
	struct xepf_mig_owner o = {};
	size_t done = 0;
	ssize_t n = 0;

	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_restore_begin(pf, vfid, &o), 0);
	while (done < len) {
		struct kvec kv = {
			.iov_base = (void *)buf + done,
			.iov_len = min(chunk, len - done),
		};
		struct iov_iter it;

		iov_iter_kvec(&it, ITER_SOURCE, &kv, 1, kv.iov_len);
		n = xepf_sriov_migration_restore_write(pf, vfid, &o, &it);
		if (n < 0)
			break;
		done += n;
	}
	return xepf_sriov_migration_restore_end(pf, vfid, &o) ?: (n < 0 ? n : 0);
}

KUNIT_DEFINE_ACTION_WRAPPER(mig_test_kvfree, kvfree, const void *);

static void *mig_test_buf(struct kunit *test, struct xepf_pf *pf,
			  unsigned int vfid, size_t *size)
{
	u64 est;
	void *buf;

	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_size(pf, vfid, &est), 0);
	KUNIT_ASSERT_LT(test, est, (u64)SZ_64M);
	buf = kvzalloc(est, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, mig_test_kvfree,
							buf), 0);
	*size = est;
	return buf;
}

KUNIT_DEFINE_ACTION_WRAPPER(mig_test_free_page, __free_page, struct page *);

/* a guest slot on VF @vfid of @pf with @n pages DMA-mapped from @iova */
static struct xesim_slot *mig_test_guest(struct kunit *test, struct xepf_pf *pf,
					 unsigned int id, unsigned int vfid,
					 unsigned int n, dma_addr_t *iova)
{
	struct xesim_slot *slot;
	struct page *pages[4];
	unsigned int i;

	KUNIT_ASSERT_LE(test, n, ARRAY_SIZE(pages));
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
								mig_test_free_page,
								pages[i]), 0);
	}
	/* a slot no driver binds to: the test plays the guest */
	slot = xesim_kunit_add_slot(test, id, "xepf_test_no_driver");
	KUNIT_ASSERT_FALSE(test, IS_ERR(slot));
	KUNIT_ASSERT_EQ(test, xesim_kunit_slot_attach(slot, mig_test_id(test, pf), vfid), 0);
	KUNIT_ASSERT_EQ(test, xesim_dma_map(xesim_kunit_slot_device(slot), pages, n, iova), 0);
	return slot;
}

/* where the source's guest has its memory-based interrupt page */
#define MEMIRQ_PAGE	(3 * XE_GGTT_PAGE_SIZE)
#define MEMIRQ_STATUS	(MEMIRQ_PAGE + XE_MEMIRQ_STATUS_OFFSET + 0x40)
#define MEMIRQ_SOURCE	(MEMIRQ_PAGE + XE_MEMIRQ_SOURCE_OFFSET + 4)

/*
 * As a guest does: HOST2GUC_SELF_CFG of the 64-bit KLV @key over the VF's
 * MMIO relay (VF_SW_FLAG and the doorbell), and a success reply.
 */
static void mig_test_self_cfg(struct kunit *test, struct xesim_slot *guest,
			      u32 key, u64 val)
{
	const u32 req[HOST2GUC_SELF_CFG_REQUEST_MSG_LEN] = {
		FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_REQUEST) |
		FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION,
			   GUC_ACTION_HOST2GUC_SELF_CFG),
		FIELD_PREP(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_KEY, key) |
		FIELD_PREP(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_LEN, 2),
		lower_32_bits(val),
		upper_32_bits(val),
	};

	xepf_test_guest_relay(test, guest, req, ARRAY_SIZE(req));
}

/* a byte of a VF's LMEM */
static u8 mig_test_lmem_byte(struct kunit *test, struct xepf_pf *pf,
			     unsigned int vfid, u64 off)
{
	u8 b;

	KUNIT_ASSERT_EQ(test, xesim_pf_vf_vram_read(pf->xdev, vfid, off, &b, 1),
			0);
	return b;
}

static void mig_test_set_lmem_byte(struct kunit *test, struct xepf_pf *pf,
				   unsigned int vfid, u64 off, u8 b)
{
	KUNIT_ASSERT_EQ(test, xesim_pf_vf_vram_write(pf->xdev, vfid, off, &b, 1),
			0);
}

static void mig_test_round_trip(struct kunit *test)
{
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xepf_pf *dst = mig_test_gpu(test, DST_GPU);
	u32 crc_src2, crc_dst1, crc_src1;
	u64 spte, dpte, est, irq_status, irq_source;
	struct xesim_slot *guest;
	dma_addr_t iova;
	size_t size;
	ssize_t len;
	unsigned int i;
	void *buf, *a, *b;
	u32 sv, dv;

	/* VF1 of one GPU goes to VF2 of the other: another GGTT base */
	KUNIT_ASSERT_NE(test, mig_test_ggtt_start(src, 1),
			mig_test_ggtt_start(dst, 2));
	/*
	 * The source's guest gave the GuC GGTT addresses of its own: its
	 * memory-based interrupt page, in its GGTT range. That state must
	 * travel and be rebased by the destination's GuC.
	 */
	guest = mig_test_guest(test, src, 1103, 1, 1, &iova);
	mig_test_self_cfg(test, guest, GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY,
			  mig_test_ggtt_start(src, 1) + MEMIRQ_STATUS);
	mig_test_self_cfg(test, guest, GUC_KLV_SELF_CFG_MEMIRQ_SOURCE_ADDR_KEY,
			  mig_test_ggtt_start(src, 1) + MEMIRQ_SOURCE);
	mig_test_fill_vf(test, src, 1, 0x1000);
	/* the LMEM behind the interrupt page, no report in it yet */
	KUNIT_ASSERT_EQ(test, xesim_ggtt_read_pte(src->xdev,
						  mig_test_ggtt_start(src, 1) +
						  MEMIRQ_PAGE, &spte), 0);
	KUNIT_ASSERT_TRUE(test, spte & XE_PAGE_PRESENT && spte & XE_GGTT_PTE_DM);
	/* the LMEM offsets of the GuC's status byte for MIGRATED, its source */
	irq_status = (spte & XE_GGTT_PTE_ADDR) + MEMIRQ_STATUS - MEMIRQ_PAGE +
		     ilog2(GUC_INTR_VF_MIGRATED);
	irq_source = (spte & XE_GGTT_PTE_ADDR) + MEMIRQ_SOURCE - MEMIRQ_PAGE;
	mig_test_set_lmem_byte(test, src, 1, irq_status, 0);
	mig_test_set_lmem_byte(test, src, 1, irq_source, 0);
	mig_test_fill_vf(test, src, 2, 0x2000);
	mig_test_fill_vf(test, dst, 1, 0x3000);
	mig_test_fill_vf(test, dst, 2, 0x4000);
	crc_src1 = mig_test_vf_crc(test, src, 1);
	crc_src2 = mig_test_vf_crc(test, src, 2);
	crc_dst1 = mig_test_vf_crc(test, dst, 1);

	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&src->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 2), 0);
	EXPECT_GUC_STATE(test, src, 1, "READY_PAUSED");

	buf = mig_test_buf(test, src, 1, &size);
	len = mig_test_save(test, src, 1, buf, size, 4099);
	KUNIT_ASSERT_GT(test, len, 0);
	KUNIT_EXPECT_LE(test, (size_t)len, size);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&src->ctl, 1, XEPF_VF_SAVED));
	/* the paused estimate asks the GuC: exact for this stream */
	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_size(src, 1, &est), 0);
	KUNIT_EXPECT_EQ(test, est, (u64)len);

	KUNIT_ASSERT_EQ(test, mig_test_restore(test, dst, 2, buf, len, 777), 0);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&dst->ctl, 2,
							  XEPF_VF_RESTORED));
	EXPECT_GUC_STATE(test, dst, 2, "RESFIX_PAUSED");

	/* LMEM byte for byte */
	a = kunit_kmalloc(test, SZ_64K, GFP_KERNEL);
	b = kunit_kmalloc(test, SZ_64K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_EQ(test, dst->cfgs[1].lmem_size, src->cfgs[0].lmem_size);
	for (i = 0; i < src->cfgs[0].lmem_size / SZ_64K; i++) {
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_vram_read(src->xdev, 1,
							    i * SZ_64K, a,
							    SZ_64K), 0);
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_vram_read(dst->xdev, 2,
							    i * SZ_64K, b,
							    SZ_64K), 0);
		KUNIT_ASSERT_EQ_MSG(test, memcmp(a, b, SZ_64K), 0,
				    "LMEM differs in 64K block %u", i);
	}
	/* GGTT entries moved to the destination's range, re-tagged */
	for (i = 0; i < src->cfgs[0].ggtt_size / XE_GGTT_PAGE_SIZE; i++) {
		KUNIT_ASSERT_EQ(test,
				xesim_ggtt_read_pte(src->xdev,
						    mig_test_ggtt_start(src, 1) +
						    i * XE_GGTT_PAGE_SIZE, &spte), 0);
		KUNIT_ASSERT_EQ(test,
				xesim_ggtt_read_pte(dst->xdev,
						    mig_test_ggtt_start(dst, 2) +
						    i * XE_GGTT_PAGE_SIZE, &dpte), 0);
		KUNIT_ASSERT_EQ_MSG(test, dpte & ~GGTT_PTE_VFID,
				    spte & ~GGTT_PTE_VFID, "PTE %u", i);
		if (spte & XE_PAGE_PRESENT) {
			KUNIT_ASSERT_EQ(test, FIELD_GET(GGTT_PTE_VFID, spte), 1);
			KUNIT_ASSERT_EQ_MSG(test, FIELD_GET(GGTT_PTE_VFID, dpte),
					    2, "PTE %u", i);
		}
	}
	for (i = 0; i < 4; i++) {
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_scratch_read(src->xdev, 1, i,
							       &sv), 0);
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_scratch_read(dst->xdev, 2, i,
							       &dv), 0);
		KUNIT_EXPECT_EQ(test, dv, sv);
	}
	/* nothing else changed, the source included */
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, src, 1), crc_src1);
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, src, 2), crc_src2);
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, dst, 1), crc_dst1);

	/* resuming the destination starts the guest's fix-ups */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_resume_vf(&dst->ctl, 2), 0);
	EXPECT_GUC_STATE(test, dst, 2, "RESFIX_BLOCKED");
	/*
	 * and the MIGRATED interrupt lands where the restored GuC state says,
	 * rebased to the destination's range: in the interrupt page's LMEM
	 */
	KUNIT_EXPECT_EQ(test, mig_test_lmem_byte(test, dst, 2, irq_status),
			XE_MEMIRQ_SET);
	KUNIT_EXPECT_EQ(test, mig_test_lmem_byte(test, dst, 2, irq_source),
			XE_MEMIRQ_SET);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_resume_vf(&src->ctl, 1), 0);
	EXPECT_GUC_STATE(test, src, 1, "READY");
	/* with no guest to answer, an FLR takes the destination back */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&dst->ctl, 2), 0);
	EXPECT_GUC_STATE(test, dst, 2, "READY");
}

static void mig_test_guc_failures(struct kunit *test)
{
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xepf_pf *dst = mig_test_gpu(test, DST_GPU);
	struct xepf_mig_owner o = {};
	size_t size;
	ssize_t len;
	void *buf;

	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&src->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	buf = mig_test_buf(test, src, 1, &size);

	/* the GuC refuses the save: the reader gets the error, named */
	mig_test_arm(test, src, "guc_save");
	KUNIT_EXPECT_EQ(test, mig_test_save(test, src, 1, buf, size, SZ_64K),
			-EIO);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&src->ctl, 1,
							  XEPF_VF_SAVE_FAILED));

	/* the GuC never answers: a timeout, not a hang */
	mig_test_arm(test, src, "guc_drop");
	KUNIT_EXPECT_EQ(test, mig_test_save(test, src, 1, buf, size, SZ_64K),
			-ETIMEDOUT);

	/* a clean save, then the destination's GuC refuses the restore */
	len = mig_test_save(test, src, 1, buf, size, SZ_64K);
	KUNIT_ASSERT_GT(test, len, 0);
	mig_test_arm(test, dst, "guc_restore");
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1, buf, len, SZ_1M),
			-EIO);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&dst->ctl, 1,
							  XEPF_VF_RESTORE_FAILED));
	EXPECT_GUC_STATE(test, dst, 1, "READY_PAUSED");
	/* a failed VF takes no new restore until an FLR */
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_restore_begin(dst, 1, &o), -EIO);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&dst->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1, buf, len, SZ_1M),
			0);
	EXPECT_GUC_STATE(test, dst, 1, "RESFIX_PAUSED");
}

static void mig_test_refusals(struct kunit *test)
{
	struct xepf_pf *pf = mig_test_gpu(test, SRC_GPU);
	struct xepf_mig_owner o = {}, other = {};
	char byte;
	struct kvec kv = { .iov_base = &byte, .iov_len = 1 };
	struct iov_iter it;

	/* a running VF is not saved or restored */
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_begin(pf, 1, &o), -EPERM);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_restore_begin(pf, 1, &o), -EPERM);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_begin(pf, 0, &o), -ENODEV);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_begin(pf, 3, &o), -ENODEV);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_begin(pf, 1, NULL), -ENODEV);
	iov_iter_kvec(&it, ITER_DEST, &kv, 1, 1);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_read(pf, 1, &o, &it), -ENODEV);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_end(pf, 1, &o), -ENODEV);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_restore_end(pf, 1, &o), -ENODEV);

	/* one stream per VF */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&pf->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_save_begin(pf, 1, &o), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_begin(pf, 1, &other), -EBUSY);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_restore_begin(pf, 1, &other), -EBUSY);
	/* only its owner reads or ends it */
	iov_iter_kvec(&it, ITER_DEST, &kv, 1, 1);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_read(pf, 1, &other, &it),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_end(pf, 1, &other), -ENODEV);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_restore_end(pf, 1, &o), -ENODEV);
	/* no resume or stop under an open save */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&pf->ctl, 1), -EBUSY);
	iov_iter_kvec(&it, ITER_DEST, &kv, 1, 1);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_read(pf, 1, &o, &it), 1);
	/* a save closed early is recorded as failed; the VF stays paused */
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_end(pf, 1, &o), 0);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&pf->ctl, 1,
							  XEPF_VF_SAVE_FAILED));
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&pf->ctl, 1,
							  XEPF_VF_PAUSED));

	/* disabling the VFs closes their streams: the VMM finds none */
	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_save_begin(pf, 1,
							      xepf_sriov_migration_vmm(pf, 1)), 0);
	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(pf, 0), 0);
	iov_iter_kvec(&it, ITER_DEST, &kv, 1, 1);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_read(pf, 1, xepf_sriov_migration_vmm(pf, 1),
							     &it), -ENODEV);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_begin(pf, 1, &o), -ENODEV);
}

static void mig_test_truncated(struct kunit *test)
{
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xepf_pf *dst = mig_test_gpu(test, DST_GPU);
	size_t size;
	ssize_t len;
	void *buf;

	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&src->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	buf = mig_test_buf(test, src, 1, &size);
	len = mig_test_save(test, src, 1, buf, size, SZ_1M);
	KUNIT_ASSERT_GT(test, len, 24);
	/* all but the trailer's last byte: the destination is failed */
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1, buf, len - 1,
					       SZ_1M), -ENODATA);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&dst->ctl, 1,
							  XEPF_VF_RESTORE_FAILED));
}

/* what an FLR leaves of a VF: no GGTT entry, zeroed LMEM and scratch */
static void mig_test_expect_wiped(struct kunit *test, struct xepf_pf *pf,
				  unsigned int vfid)
{
	const struct xepf_vf_config *cfg = &pf->cfgs[vfid - 1];
	unsigned int n, lmem = 0, ptes = 0, regs = 0;
	u64 off, pte;
	u32 val;
	u8 *buf;

	buf = kunit_kmalloc(test, SZ_64K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (off = 0; off < cfg->lmem_size; off += SZ_64K) {
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_vram_read(pf->xdev, vfid, off,
							    buf, SZ_64K), 0);
		lmem += !!memchr_inv(buf, 0, SZ_64K);
	}
	for (off = 0; off < cfg->ggtt_size; off += XE_GGTT_PAGE_SIZE) {
		KUNIT_ASSERT_EQ(test, xesim_ggtt_read_pte(pf->xdev,
							  cfg->ggtt_start + off,
							  &pte), 0);
		ptes += !!pte;
	}
	for (n = 0; n < 4; n++) {
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_scratch_read(pf->xdev, vfid, n,
							       &val), 0);
		regs += !!val;
	}
	KUNIT_EXPECT_EQ_MSG(test, lmem, 0, "VF%u: 64K LMEM blocks not zero", vfid);
	KUNIT_EXPECT_EQ_MSG(test, ptes, 0, "VF%u: GGTT entries left", vfid);
	KUNIT_EXPECT_EQ_MSG(test, regs, 0, "VF%u: scratch registers set", vfid);
	kunit_kfree(test, buf);
}

/* the offset of the first packet of @type in a stream */
static size_t mig_test_find(struct kunit *test, const void *buf, size_t len,
			    u8 type)
{
	const struct xepf_mig_hdr *h;
	size_t pos = 0;

	while (pos + sizeof(*h) <= len) {
		h = buf + pos;
		if (h->type == type)
			return pos;
		pos += sizeof(*h) + le64_to_cpu(h->size);
	}
	KUNIT_FAIL(test, "no packet of type %u", type);
	return 0;
}

static ssize_t mig_test_read(struct xepf_pf *pf, unsigned int vfid,
			     struct xepf_mig_owner *o, void *buf, size_t len)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct iov_iter it;

	iov_iter_kvec(&it, ITER_DEST, &kv, 1, len);
	return xepf_sriov_migration_save_read(pf, vfid, o, &it);
}

static ssize_t mig_test_feed(struct xepf_pf *pf, unsigned int vfid,
			     struct xepf_mig_owner *o, const void *buf,
			     size_t len)
{
	struct kvec kv = { .iov_base = (void *)buf, .iov_len = len };
	struct iov_iter it;

	iov_iter_kvec(&it, ITER_SOURCE, &kv, 1, len);
	return xepf_sriov_migration_restore_write(pf, vfid, o, &it);
}

static const char *mig_test_state(struct kunit *test, struct xepf_pf *pf,
				  unsigned int vfid)
{
	char *buf = kunit_kzalloc(test, 256, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_GT(test, xepf_sriov_control_state_str(&pf->ctl, vfid, buf, 256),
			0);
	return buf;
}

/* a debugfs reset in the middle of a save ends it; a new one may start */
static void mig_test_flr_save(struct kunit *test)
{
	struct xepf_pf *pf = mig_test_gpu(test, SRC_GPU);
	struct xepf_mig_owner o = {}, again = {};
	u32 crc2;
	u8 *buf;

	buf = kunit_kmalloc(test, SZ_64K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	mig_test_fill_vf(test, pf, 1, 0x5000);
	mig_test_fill_vf(test, pf, 2, 0x6000);
	crc2 = mig_test_vf_crc(test, pf, 2);

	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&pf->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_save_begin(pf, 1, &o), 0);
	KUNIT_ASSERT_EQ(test, mig_test_read(pf, 1, &o, buf, SZ_64K),
			(ssize_t)SZ_64K);
	KUNIT_ASSERT_EQ(test, xepf_pf_control_verb(pf, 1, "reset"), 0);
	/* the VF is reset and nothing of the save is left */
	KUNIT_EXPECT_STREQ(test, mig_test_state(test, pf, 1), "ready");
	EXPECT_GUC_STATE(test, pf, 1, "READY");
	mig_test_expect_wiped(test, pf, 1);
	KUNIT_EXPECT_EQ(test, mig_test_read(pf, 1, &o, buf, SZ_64K),
			(ssize_t)-ECANCELED);

	/* a new save while the cancelled one is still open */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&pf->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_save_begin(pf, 1, &again), 0);
	/* the stale owner does not reach it */
	KUNIT_EXPECT_EQ(test, mig_test_read(pf, 1, &o, buf, SZ_64K),
			(ssize_t)-ECANCELED);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_end(pf, 1, &o), -ECANCELED);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_end(pf, 1, &o), -ENODEV);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&pf->ctl, 1,
							  XEPF_VF_SAVE_WIP));
	KUNIT_EXPECT_EQ(test, mig_test_read(pf, 1, &again, buf, 24), 24);
	KUNIT_EXPECT_EQ(test, ((struct xepf_mig_hdr *)buf)->type,
			XEPF_MIG_TYPE_DESCRIPTOR);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_end(pf, 1, &again), 0);
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, pf, 2), crc2);
}

/*
 * The guest resets its VF in the middle of the VMM's restore: the rest of
 * the stream never reaches the reset VF, and the VMM hears of it.
 */
static void mig_test_flr_restore(struct kunit *test)
{
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xepf_pf *dst = mig_test_gpu(test, DST_GPU);
	struct xepf_mig_owner *vmm = xepf_sriov_migration_vmm(dst, 1);
	size_t size, cut;
	u32 crc2;
	ssize_t len;
	void *buf;

	mig_test_fill_vf(test, src, 1, 0x7000);
	mig_test_fill_vf(test, dst, 1, 0x8000);
	mig_test_fill_vf(test, dst, 2, 0x9000);
	crc2 = mig_test_vf_crc(test, dst, 2);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&src->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	buf = mig_test_buf(test, src, 1, &size);
	len = mig_test_save(test, src, 1, buf, size, SZ_1M);
	KUNIT_ASSERT_GT(test, len, 0);
	/* the descriptor, GuC state, GGTT, MMIO and 4 KiB of VRAM */
	cut = mig_test_find(test, buf, len, XEPF_MIG_TYPE_VRAM) +
	      sizeof(struct xepf_mig_hdr) + SZ_4K;
	KUNIT_ASSERT_LT(test, cut, (size_t)len);

	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_restore_begin(dst, 1, vmm), 0);
	KUNIT_ASSERT_EQ(test, mig_test_feed(dst, 1, vmm, buf, cut),
			(ssize_t)cut);
	/* the GuC tells the PF of the guest's FLR */
	xepf_sriov_control_notify(&dst->ctl, 1, GUC_PF_NOTIFY_VF_FLR);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_wait_flr_done(&dst->ctl, 1, 5000),
			0);
	KUNIT_EXPECT_EQ(test, mig_test_feed(dst, 1, vmm, buf + cut, len - cut),
			(ssize_t)-ECANCELED);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_restore_end(dst, 1, vmm), -ECANCELED);
	KUNIT_EXPECT_STREQ(test, mig_test_state(test, dst, 1), "ready");
	EXPECT_GUC_STATE(test, dst, 1, "READY");
	mig_test_expect_wiped(test, dst, 1);
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, dst, 2), crc2);

	/* the VF takes a whole stream again */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1, buf, len, SZ_1M),
			0);
	EXPECT_GUC_STATE(test, dst, 1, "RESFIX_PAUSED");
}

/* the VFIO driver's reset ends the VMM's save: its reads say so */
static void mig_test_flr_vfio_reset(struct kunit *test)
{
	struct xepf_pf *pf = mig_test_gpu(test, SRC_GPU);
	struct xepf_mig_owner *vmm = xepf_sriov_migration_vmm(pf, 2);
	struct xesim_device *vf = mig_test_vf_dev(test, pf, 2);
	u8 buf[64];
	int err;

	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&pf->ctl, 2), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_save_begin(pf, 2, vmm), 0);
	KUNIT_EXPECT_EQ(test, mig_test_read(pf, 2, vmm, buf, sizeof(buf)),
			(ssize_t)sizeof(buf));
	err = xepf_vfio_reset_device(vf);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, mig_test_read(pf, 2, vmm, buf, sizeof(buf)),
			(ssize_t)-ECANCELED);
	KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_end(pf, 2, vmm), -ECANCELED);
	KUNIT_EXPECT_STREQ(test, mig_test_state(test, pf, 2), "ready");
}

struct mig_test_bad {
	const char *what;
	int err;
};

/* a copy of @len bytes of @buf, freed with the test */
static void *mig_test_dup(struct kunit *test, const void *buf, size_t len)
{
	void *p = kvmalloc(len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, mig_test_kvfree,
							p), 0);
	memcpy(p, buf, len);
	return p;
}

/*
 * Corrupted streams into a live VF: each fails with its errno, leaves the
 * destination failed until an FLR, and changes nothing of the other VFs.
 */
static void mig_test_corrupt(struct kunit *test)
{
	static const struct mig_test_bad bad[] = {
		{ "MMIO header version 2", -EPROTONOSUPPORT },
		{ "GGTT header flags", -EINVAL },
		{ "VRAM offset at the LMEM size", -ERANGE },
		{ "VRAM offset past 4 GiB", -ERANGE },
		{ "descriptor DEVID", -EXDEV },
		{ "descriptor GGTT size", -EREMCHG },
		{ "truncated inside a VRAM payload", -ENODATA },
		{ "no VRAM packets", -ENOMSG },
	};
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xepf_pf *dst = mig_test_gpu(test, DST_GPU);
	u32 crc_src1, crc_src2, crc_dst2;
	struct xepf_mig_hdr *h;
	size_t size, vram, last, n;
	struct xepf_mig_owner o;
	unsigned int i;
	__le32 *desc;
	ssize_t len;
	void *buf;
	u8 *b;

	mig_test_fill_vf(test, src, 1, 0xa000);
	mig_test_fill_vf(test, src, 2, 0xb000);
	mig_test_fill_vf(test, dst, 2, 0xc000);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&src->ctl, 1), 0);
	buf = mig_test_buf(test, src, 1, &size);
	len = mig_test_save(test, src, 1, buf, size, SZ_1M);
	KUNIT_ASSERT_GT(test, len, 0);
	crc_src1 = mig_test_vf_crc(test, src, 1);
	crc_src2 = mig_test_vf_crc(test, src, 2);
	crc_dst2 = mig_test_vf_crc(test, dst, 2);
	vram = mig_test_find(test, buf, len, XEPF_MIG_TYPE_VRAM);
	/* the last VRAM packet, a whole chunk */
	for (last = vram, n = vram; n < (size_t)len - sizeof(*h);
	     n += sizeof(*h) + le64_to_cpu(h->size)) {
		h = buf + n;
		if (h->type == XEPF_MIG_TYPE_VRAM)
			last = n;
	}
	h = buf + last;
	KUNIT_ASSERT_EQ(test, le64_to_cpu(h->size), (u64)XEPF_MIG_VRAM_CHUNK);
	KUNIT_ASSERT_GT(test, last, vram);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		b = mig_test_dup(test, buf, len);
		n = len;
		desc = (void *)(b + sizeof(*h));
		switch (i) {
		case 0:
			h = (void *)(b + mig_test_find(test, b, n,
						       XEPF_MIG_TYPE_MMIO));
			h->version = 2;
			break;
		case 1:
			h = (void *)(b + mig_test_find(test, b, n,
						       XEPF_MIG_TYPE_GGTT));
			h->flags = cpu_to_le32(1);
			break;
		case 2:
			h = (void *)(b + vram);
			h->offset = cpu_to_le64(dst->cfgs[0].lmem_size);
			break;
		case 3:
			h = (void *)(b + last);
			h->offset = cpu_to_le64(SZ_4G);
			break;
		case 4:
			desc[1] = cpu_to_le32(0xdead);
			break;
		case 5:
			desc[5] = cpu_to_le32(le32_to_cpu(desc[5]) + SZ_4K);
			break;
		case 6:
			n = last + sizeof(*h) + SZ_64K + 5;
			break;
		case 7:
			/* the trailer right after the MMIO packet */
			memcpy(b + vram, buf + len - sizeof(*h), sizeof(*h));
			n = vram + sizeof(*h);
			break;
		}
		KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
		KUNIT_EXPECT_EQ_MSG(test, mig_test_restore(test, dst, 1, b, n,
							   4099),
				    bad[i].err, "%s", bad[i].what);
		/* failed until an FLR */
		KUNIT_EXPECT_TRUE_MSG(test,
				      xepf_sriov_control_vf_has(&dst->ctl, 1,
								XEPF_VF_RESTORE_FAILED),
				      "%s", bad[i].what);
		KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&dst->ctl, 1), -EIO);
		o = (struct xepf_mig_owner){};
		KUNIT_EXPECT_EQ(test, xepf_sriov_migration_restore_begin(dst, 1, &o), -EIO);
		/* nobody else touched */
		KUNIT_EXPECT_EQ_MSG(test, mig_test_vf_crc(test, dst, 2), crc_dst2,
				    "%s", bad[i].what);
		KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, src, 1), crc_src1);
		KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, src, 2), crc_src2);
		KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&dst->ctl, 1), 0);
		KUNIT_EXPECT_STREQ(test, mig_test_state(test, dst, 1), "ready");
	}

	/* and the stream itself, after all that, loads */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1, buf, len, 4099), 0);
	/* the same as the source but for the VFID of the GGTT entries */
	KUNIT_EXPECT_EQ(test, __mig_test_vf_crc(test, dst, 1, ~GGTT_PTE_VFID),
			__mig_test_vf_crc(test, src, 1, ~GGTT_PTE_VFID));
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, dst, 2), crc_dst2);
}

/* a copy of the stream whose GGTT entry 1 (empty in the source) is @pte */
static void *mig_test_with_pte(struct kunit *test, const void *buf,
			       size_t len, u64 pte)
{
	size_t ggtt = mig_test_find(test, buf, len, XEPF_MIG_TYPE_GGTT);
	void *b = mig_test_dup(test, buf, len);
	__le64 *ptes = b + ggtt + sizeof(struct xepf_mig_hdr);

	KUNIT_ASSERT_EQ(test, le64_to_cpu(ptes[1]), 0);
	ptes[1] = cpu_to_le64(pte);
	return b;
}

/*
 * System memory GGTT entries are checked against the destination VF's DMA
 * domain: at the restore when its guest is attached, else at the resume.
 */
static void mig_test_dma_entries(struct kunit *test)
{
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xepf_pf *dst = mig_test_gpu(test, DST_GPU);
	u64 nothing = 0x7f000000ull | XE_PAGE_PRESENT;
	u32 crc1, crc2;
	struct xesim_slot *guest1;
	dma_addr_t own, other;
	size_t size;
	ssize_t len;
	void *buf;
	u64 pte;
	unsigned int gpu;

	KUNIT_ASSERT_EQ(test, kstrtouint(dev_name(dst->dev) + 5, 10, &gpu), 0);
	mig_test_fill_vf(test, src, 1, 0xd000);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&src->ctl, 1), 0);
	buf = mig_test_buf(test, src, 1, &size);
	len = mig_test_save(test, src, 1, buf, size, SZ_1M);
	KUNIT_ASSERT_GT(test, len, 0);

	/* the guests of the destination's VFs; VF2's has more pages */
	guest1 = mig_test_guest(test, dst, 1101, 1, 1, &own);
	mig_test_guest(test, dst, 1102, 2, 3, &other);
	KUNIT_ASSERT_EQ(test, own, other);
	other += 2 * PAGE_SIZE;
	mig_test_fill_vf(test, dst, 2, 0xe000);
	crc2 = mig_test_vf_crc(test, dst, 2);

	/* the VF's own guest memory */
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1,
					       mig_test_with_pte(test, buf, len,
								 own | XE_PAGE_PRESENT),
					       len, SZ_1M), 0);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_read_pte(dst->xdev,
						  mig_test_ggtt_start(dst, 1) +
						  XE_GGTT_PAGE_SIZE, &pte), 0);
	KUNIT_EXPECT_EQ(test, pte, own | XE_PAGE_PRESENT |
			FIELD_PREP(GGTT_PTE_VFID, 1));
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&dst->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&dst->ctl, 1), 0);

	/* the other VF's guest memory, and nothing: refused, nothing written */
	mig_test_fill_vf(test, dst, 1, 0xf000);
	crc1 = mig_test_vf_crc(test, dst, 1);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1,
					       mig_test_with_pte(test, buf, len,
								 other | XE_PAGE_PRESENT),
					       len, SZ_1M), -EACCES);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&dst->ctl, 1,
							  XEPF_VF_RESTORE_FAILED));
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, dst, 1), crc1);
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, dst, 2), crc2);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&dst->ctl, 1), 0);

	mig_test_fill_vf(test, dst, 1, 0xf000);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1,
					       mig_test_with_pte(test, buf, len,
								 nothing),
					       len, SZ_1M), -EACCES);
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, dst, 1), crc1);
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, dst, 2), crc2);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&dst->ctl, 1), 0);

	/* as in a migration: the guest comes after the stream, then resume */
	KUNIT_ASSERT_EQ(test, xesim_kunit_slot_detach(guest1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1,
					       mig_test_with_pte(test, buf, len,
								 own | XE_PAGE_PRESENT),
					       len, SZ_1M), 0);
	KUNIT_ASSERT_EQ(test, xesim_kunit_slot_attach(guest1, gpu, 1), 0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&dst->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&dst->ctl, 1), 0);

	KUNIT_ASSERT_EQ(test, xesim_kunit_slot_detach(guest1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1,
					       mig_test_with_pte(test, buf, len,
								 other | XE_PAGE_PRESENT),
					       len, SZ_1M), 0);
	KUNIT_ASSERT_EQ(test, xesim_kunit_slot_attach(guest1, gpu, 1), 0);
	/* the VF never runs with the bad entry */
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&dst->ctl, 1), -EACCES);
	KUNIT_EXPECT_STREQ(test, mig_test_state(test, dst, 1),
			   "paused restore_failed");
	EXPECT_GUC_STATE(test, dst, 1, "RESFIX_PAUSED");
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&dst->ctl, 1), -EIO);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_STREQ(test, mig_test_state(test, dst, 1), "ready");

	/* a restore that is reset is forgotten; a clean one loads and runs */
	KUNIT_ASSERT_EQ(test, xesim_kunit_slot_detach(guest1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1,
					       mig_test_with_pte(test, buf, len,
								 nothing),
					       len, SZ_1M), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&dst->ctl, 1), 0);
	KUNIT_ASSERT_EQ(test, xesim_kunit_slot_attach(guest1, gpu, 1), 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_restore(test, dst, 1, buf, len, SZ_1M),
			0);
	KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&dst->ctl, 1), 0);
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, dst, 2), crc2);
}

/*
 * The debugfs files of a VF, used as a user does: through the VFS, with
 * user memory (debugfs files have no read_iter, so kernel_read() cannot).
 */
struct mig_test_dfs {
	struct kunit *test;
	char __user *ubuf;
	size_t usize;
};

static void mig_test_dfs_init(struct kunit *test, struct mig_test_dfs *d,
			      size_t usize)
{
	unsigned long addr;

	d->test = test;
	d->usize = usize;
	addr = kunit_vm_mmap(test, NULL, 0, usize, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, addr, 0, "no user memory");
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	d->ubuf = (char __user *)addr;
}

static struct file *mig_test_dfs_open(struct mig_test_dfs *d,
				      struct xepf_pf *pf, unsigned int vfid,
				      const char *name, int flags)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/kernel/debug/xepf/%s/vf%u/%s",
		 dev_name(pf->dev), vfid, name);
	return filp_open(path, flags, 0);
}

/*
 * As a user's close() does: the file is released before this returns (a
 * kernel thread's last fput() is otherwise deferred to a work item).
 */
static void mig_test_dfs_close(struct file *f)
{
	filp_close(f, NULL);
	flush_delayed_fput();
}

/* write @len bytes of @buf to an open file, @chunk per write(); 0 or errno */
static ssize_t mig_test_dfs_put(struct mig_test_dfs *d, struct file *f,
				const void *buf, size_t len, size_t chunk)
{
	size_t done = 0, n;
	loff_t pos = 0;
	ssize_t ret;

	while (done < len) {
		n = min3(chunk, len - done, d->usize);
		KUNIT_ASSERT_EQ(d->test, copy_to_user(d->ubuf, buf + done, n), 0);
		ret = f->f_op->write(f, d->ubuf, n, &pos);
		if (ret < 0)
			return ret;
		KUNIT_ASSERT_GT(d->test, ret, 0);
		done += ret;
	}
	return done;
}

/* read an open file to its end, @chunk per read(); the bytes or errno */
static ssize_t mig_test_dfs_get(struct mig_test_dfs *d, struct file *f,
				void *buf, size_t size, size_t chunk)
{
	size_t done = 0, n;
	loff_t pos = 0;
	ssize_t ret;

	do {
		n = min3(chunk, size - done, d->usize);
		ret = f->f_op->read(f, d->ubuf, n, &pos);
		if (ret < 0)
			return ret;
		KUNIT_ASSERT_LE(d->test, ret, n);
		KUNIT_ASSERT_EQ(d->test, copy_from_user(buf + done, d->ubuf, ret),
				0);
		done += ret;
	} while (ret && done < size);
	return done;
}

/* one write() of @text to VF @vfid's debugfs file @name */
static ssize_t mig_test_dfs_write(struct mig_test_dfs *d, struct xepf_pf *pf,
				  unsigned int vfid, const char *name,
				  const char *text)
{
	struct file *f = mig_test_dfs_open(d, pf, vfid, name, O_WRONLY);
	ssize_t ret;

	KUNIT_ASSERT_FALSE_MSG(d->test, IS_ERR(f), "open vf%u/%s", vfid, name);
	ret = mig_test_dfs_put(d, f, text, strlen(text), strlen(text));
	mig_test_dfs_close(f);
	return ret;
}

/* the text of VF @vfid's debugfs file @name */
static const char *mig_test_dfs_read(struct mig_test_dfs *d,
				     struct xepf_pf *pf, unsigned int vfid,
				     const char *name)
{
	struct file *f = mig_test_dfs_open(d, pf, vfid, name, O_RDONLY);
	char *buf = kunit_kzalloc(d->test, 256, GFP_KERNEL);
	ssize_t n;

	KUNIT_ASSERT_NOT_NULL(d->test, buf);
	KUNIT_ASSERT_FALSE_MSG(d->test, IS_ERR(f), "open vf%u/%s", vfid, name);
	n = mig_test_dfs_get(d, f, buf, 255, 255);
	mig_test_dfs_close(f);
	KUNIT_ASSERT_GT_MSG(d->test, n, 0, "read vf%u/%s", vfid, name);
	return buf;
}

/*
 * debugfs per VF: state, the control verbs, the size estimate, a save to a
 * file and a restore from it into a VF of another GPU, a restore cut short.
 */
static void mig_test_debugfs(struct kunit *test)
{
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xepf_pf *dst = mig_test_gpu(test, DST_GPU);
	struct mig_test_dfs d;
	u32 crc_dst1;
	struct file *f;
	char want[32];
	size_t size;
	ssize_t len;
	u64 est, shown;
	void *buf;

	mig_test_dfs_init(test, &d, SZ_64K);
	mig_test_fill_vf(test, src, 1, 0x11000);
	mig_test_fill_vf(test, dst, 1, 0x12000);
	mig_test_fill_vf(test, dst, 2, 0x13000);
	crc_dst1 = mig_test_vf_crc(test, dst, 1);

	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, src, 1, "state"),
			   "ready\n");
	/* a save of a running VF is refused at open */
	f = mig_test_dfs_open(&d, src, 1, "save", O_RDONLY);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(f), -EPERM);
	if (!IS_ERR(f))
		mig_test_dfs_close(f);

	/* the verbs, their refusals, and the state they leave */
	KUNIT_EXPECT_EQ(test, mig_test_dfs_write(&d, src, 1, "control",
						 "pause\n"), 6);
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, src, 1, "state"),
			   "paused\n");
	EXPECT_GUC_STATE(test, src, 1, "READY_PAUSED");
	KUNIT_EXPECT_EQ(test, mig_test_dfs_write(&d, src, 1, "control",
						 "pause"), -ESTALE);
	KUNIT_EXPECT_EQ(test, mig_test_dfs_write(&d, src, 1, "control",
						 "dance"), -EINVAL);

	/* the estimate of the paused VF is the size of its save */
	KUNIT_ASSERT_EQ(test, xepf_sriov_migration_size(src, 1, &est), 0);
	KUNIT_ASSERT_EQ(test, kstrtou64(mig_test_dfs_read(&d, src, 1,
							  "migration_size"),
					10, &shown), 0);
	KUNIT_EXPECT_EQ(test, shown, est);

	/* save to a buffer through the file, in odd pieces */
	buf = mig_test_buf(test, src, 1, &size);
	f = mig_test_dfs_open(&d, src, 1, "save", O_RDONLY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, src, 1, "state"),
			   "paused save_wip\n");
	len = mig_test_dfs_get(&d, f, buf, size, 4099);
	mig_test_dfs_close(f);
	KUNIT_ASSERT_EQ(test, len, (ssize_t)size);
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, src, 1, "state"),
			   "paused saved\n");

	/* restore from it into VF2 of the other GPU, another GGTT base */
	KUNIT_ASSERT_EQ(test, mig_test_dfs_write(&d, dst, 2, "control",
						 "pause"), 5);
	f = mig_test_dfs_open(&d, dst, 2, "restore", O_WRONLY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, mig_test_dfs_put(&d, f, buf, len, 7919), len);
	mig_test_dfs_close(f);
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, dst, 2, "state"),
			   "paused restored\n");
	EXPECT_GUC_STATE(test, dst, 2, "RESFIX_PAUSED");
	KUNIT_EXPECT_EQ(test, __mig_test_vf_crc(test, dst, 2, ~GGTT_PTE_VFID),
			__mig_test_vf_crc(test, src, 1, ~GGTT_PTE_VFID));
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, dst, 1), crc_dst1);
	KUNIT_EXPECT_EQ(test, mig_test_dfs_write(&d, dst, 2, "control",
						 "resume"), 6);
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, dst, 2, "state"),
			   "resumed\n");
	EXPECT_GUC_STATE(test, dst, 2, "RESFIX_BLOCKED");

	/* a restore closed before the trailer fails the VF until a reset */
	KUNIT_ASSERT_EQ(test, mig_test_dfs_write(&d, dst, 1, "control",
						 "pause"), 5);
	f = mig_test_dfs_open(&d, dst, 1, "restore", O_WRONLY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, mig_test_dfs_put(&d, f, buf, len - 1, SZ_64K),
			len - 1);
	mig_test_dfs_close(f);
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, dst, 1, "state"),
			   "paused restore_failed\n");
	KUNIT_EXPECT_EQ(test, mig_test_dfs_write(&d, dst, 1, "control",
						 "resume"), -EIO);
	f = mig_test_dfs_open(&d, dst, 1, "restore", O_WRONLY);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(f), -EIO);
	if (!IS_ERR(f))
		mig_test_dfs_close(f);
	KUNIT_EXPECT_EQ(test, mig_test_dfs_write(&d, dst, 1, "control",
						 "reset"), 5);
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, dst, 1, "state"),
			   "ready\n");
	mig_test_expect_wiped(test, dst, 1);

	/* stop, and only a reset leaves it */
	KUNIT_EXPECT_EQ(test, mig_test_dfs_write(&d, dst, 2, "control",
						 "stop"), 4);
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, dst, 2, "state"),
			   "stopped\n");
	KUNIT_EXPECT_EQ(test, mig_test_dfs_write(&d, dst, 2, "control",
						 "resume"), -EPERM);
	KUNIT_EXPECT_EQ(test, mig_test_dfs_write(&d, dst, 2, "control",
						 " reset "), 7);
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, dst, 2, "state"),
			   "ready\n");
	EXPECT_GUC_STATE(test, dst, 2, "READY");

	/* the GGTT base override, for the next enabling */
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, dst, 2, "ggtt_start"),
			   "0x0000000000000000\n");
	snprintf(want, sizeof(want), "0x%016llx\n",
		 mig_test_ggtt_start(dst, 1));
	KUNIT_EXPECT_EQ(test, mig_test_dfs_write(&d, dst, 2, "ggtt_start",
						 want), (ssize_t)strlen(want));
	KUNIT_EXPECT_STREQ(test, mig_test_dfs_read(&d, dst, 2, "ggtt_start"),
			   want);
	KUNIT_EXPECT_EQ(test, dst->ggtt_override[1], mig_test_ggtt_start(dst, 1));
}

/*
 * The calls the VFIO driver makes, in the order of the VFIO migration arcs,
 * with the VMM's user buffers: a migration between two GPUs, then a restore
 * that the VMM abandons (ERROR) and a reset.
 */
static void mig_test_vfio_api(struct kunit *test)
{
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xepf_pf *dst = mig_test_gpu(test, DST_GPU);
	struct xesim_device *from = mig_test_vf_dev(test, src, 1);
	struct xesim_device *to = mig_test_vf_dev(test, dst, 2);
	struct xesim_device *other = mig_test_vf_dev(test, dst, 1);
	u32 crc_dst1;
	struct mig_test_dfs d;
	size_t size, done, n;
	ssize_t ret;
	u8 *buf;
	u64 est;

	mig_test_dfs_init(test, &d, SZ_64K);
	mig_test_fill_vf(test, src, 1, 0x21000);
	mig_test_fill_vf(test, dst, 1, 0x22000);
	mig_test_fill_vf(test, dst, 2, 0x23000);
	crc_dst1 = mig_test_vf_crc(test, dst, 1);
	KUNIT_EXPECT_TRUE(test, xepf_vfio_migration_supported(from));

	/* RUNNING -> RUNNING_P2P -> STOP -> STOP_COPY, read to the end */
	KUNIT_EXPECT_EQ(test, xepf_vfio_stop_copy_enter(from, NULL), -EPERM);
	KUNIT_ASSERT_EQ(test, xepf_vfio_suspend_device(from), 0);
	EXPECT_GUC_STATE(test, src, 1, "READY_PAUSED");
	KUNIT_EXPECT_EQ(test, xepf_vfio_suspend_device(from), -ESTALE);
	KUNIT_ASSERT_EQ(test, xepf_vfio_stop_copy_size(from, &est), 0);
	buf = mig_test_buf(test, src, 1, &size);
	KUNIT_ASSERT_EQ(test, (u64)size, est);
	KUNIT_ASSERT_EQ(test, xepf_vfio_stop_copy_enter(from, NULL), 0);
	KUNIT_EXPECT_EQ(test, xepf_vfio_stop_copy_enter(from, NULL), -EBUSY);
	for (done = 0;; done += ret) {
		n = min_t(size_t, 4099, d.usize);
		ret = xepf_vfio_data_read(from, d.ubuf, n, false);
		KUNIT_ASSERT_GE(test, ret, 0);
		if (!ret)
			break;
		KUNIT_ASSERT_LE(test, done + ret, size);
		KUNIT_ASSERT_EQ(test, copy_from_user(buf + done, d.ubuf, ret), 0);
	}
	KUNIT_EXPECT_EQ(test, (u64)done, est);
	KUNIT_EXPECT_EQ(test, xepf_vfio_stop_copy_exit(from), 0);
	KUNIT_EXPECT_EQ(test, xepf_vfio_stop_copy_exit(from), -ENODEV);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&src->ctl, 1,
							  XEPF_VF_SAVED));

	/* the destination: STOP -> RESUMING, write it all, -> STOP, RUNNING */
	KUNIT_ASSERT_EQ(test, xepf_vfio_suspend_device(to), 0);
	KUNIT_ASSERT_EQ(test, xepf_vfio_resume_data_enter(to), 0);
	for (n = 0; n < done; n += ret) {
		size = min3((size_t)7919, done - n, d.usize);
		KUNIT_ASSERT_EQ(test, copy_to_user(d.ubuf, buf + n, size), 0);
		ret = xepf_vfio_data_write(to, d.ubuf, size);
		KUNIT_ASSERT_EQ(test, ret, (ssize_t)size);
	}
	KUNIT_EXPECT_EQ(test, xepf_vfio_resume_data_exit(to), 0);
	EXPECT_GUC_STATE(test, dst, 2, "RESFIX_PAUSED");
	KUNIT_EXPECT_EQ(test, __mig_test_vf_crc(test, dst, 2, ~GGTT_PTE_VFID),
			__mig_test_vf_crc(test, src, 1, ~GGTT_PTE_VFID));
	KUNIT_EXPECT_EQ(test, mig_test_vf_crc(test, dst, 1), crc_dst1);
	KUNIT_EXPECT_EQ(test, xepf_vfio_resume_device(to), 0);
	EXPECT_GUC_STATE(test, dst, 2, "RESFIX_BLOCKED");
	KUNIT_EXPECT_EQ(test, xepf_vfio_resume_device(from), 0);
	EXPECT_GUC_STATE(test, src, 1, "READY");

	/* a restore the VMM abandons: the VF is failed until a reset */
	KUNIT_ASSERT_EQ(test, xepf_vfio_suspend_device(other), 0);
	KUNIT_ASSERT_EQ(test, xepf_vfio_resume_data_enter(other), 0);
	KUNIT_ASSERT_EQ(test, copy_to_user(d.ubuf, buf, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, xepf_vfio_data_write(other, d.ubuf, SZ_4K),
			(ssize_t)SZ_4K);
	xepf_vfio_error(other);
	KUNIT_EXPECT_EQ(test, xepf_vfio_data_write(other, d.ubuf, SZ_4K),
			(ssize_t)-ENODEV);
	KUNIT_EXPECT_EQ(test, xepf_vfio_resume_data_exit(other), -ENODEV);
	KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&dst->ctl, 1,
							  XEPF_VF_RESTORE_FAILED));
	KUNIT_EXPECT_EQ(test, xepf_vfio_resume_device(other), -EIO);
	/* RESUMING replaces whatever the VF held: it starts with an FLR */
	KUNIT_EXPECT_EQ(test, xepf_vfio_resume_data_enter(other), 0);
	KUNIT_EXPECT_STREQ(test, mig_test_state(test, dst, 1),
			   "paused restore_wip");
	xepf_vfio_error(other);
	KUNIT_EXPECT_EQ(test, xepf_vfio_reset_device(other), 0);
	KUNIT_EXPECT_EQ(test, xepf_vfio_wait_flr_done(other), 0);
	KUNIT_EXPECT_STREQ(test, mig_test_state(test, dst, 1), "ready");
	EXPECT_GUC_STATE(test, dst, 1, "READY");
	mig_test_expect_wiped(test, dst, 1);
}

/* a checksum of a VF's GGTT entries and scratch registers, not its LMEM */
static u32 mig_test_vf_meta_crc(struct kunit *test, struct xepf_pf *pf,
				unsigned int vfid)
{
	const struct xepf_vf_config *cfg = &pf->cfgs[vfid - 1];
	u64 page, pte;
	u32 crc = ~0, val;
	unsigned int n;

	for (page = 0; page < cfg->ggtt_size; page += XE_GGTT_PAGE_SIZE) {
		KUNIT_ASSERT_EQ(test, xesim_ggtt_read_pte(pf->xdev,
							  cfg->ggtt_start + page,
							  &pte), 0);
		crc = crc32_le(crc, (void *)&pte, sizeof(pte));
	}
	for (n = 0; n < 4; n++) {
		KUNIT_ASSERT_EQ(test, xesim_pf_vf_scratch_read(pf->xdev, vfid,
							       n, &val), 0);
		crc = crc32_le(crc, (void *)&val, sizeof(val));
	}
	return crc;
}

/*
 * A stream refused late (after its GUC, GGTT and MMIO packets passed) has
 * loaded none of them: the GuC still holds the VF READY_PAUSED, its GGTT
 * entries and registers are the destination's own; and the failed VF is
 * neither saved nor restored again until an FLR.
 */
static void mig_test_no_half_restore(struct kunit *test)
{
	static const struct mig_test_bad late[] = {
		{ "last VRAM chunk offset past the LMEM", -ERANGE },
		{ "truncated in the last VRAM payload", -ENODATA },
		{ "a byte after the trailer", -EPROTO },
	};
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xepf_pf *dst = mig_test_gpu(test, DST_GPU);
	struct xepf_mig_owner o;
	struct xepf_mig_hdr *h;
	size_t size, last, n;
	unsigned int i;
	u32 meta;
	ssize_t len;
	void *buf;
	u8 *b;

	mig_test_fill_vf(test, src, 1, 0x31000);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&src->ctl, 1), 0);
	buf = mig_test_buf(test, src, 1, &size);
	len = mig_test_save(test, src, 1, buf, size, SZ_1M);
	KUNIT_ASSERT_GT(test, len, 0);
	for (last = 0, n = 0; n + sizeof(*h) < (size_t)len;
	     n += sizeof(*h) + le64_to_cpu(h->size)) {
		h = buf + n;
		if (h->type == XEPF_MIG_TYPE_VRAM)
			last = n;
	}
	KUNIT_ASSERT_GT(test, last, mig_test_find(test, buf, len,
						  XEPF_MIG_TYPE_MMIO));

	for (i = 0; i < ARRAY_SIZE(late); i++) {
		mig_test_fill_vf(test, dst, 1, 0x32000 + i);
		meta = mig_test_vf_meta_crc(test, dst, 1);
		b = kvmalloc(len + 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, b);
		memcpy(b, buf, len);
		n = len;
		switch (i) {
		case 0:
			h = (void *)(b + last);
			h->offset = cpu_to_le64(dst->cfgs[0].lmem_size);
			break;
		case 1:
			n = last + sizeof(*h) + 100;
			break;
		case 2:
			b[n++] = 0;
			break;
		}
		KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&dst->ctl, 1), 0);
		KUNIT_EXPECT_EQ_MSG(test, mig_test_restore(test, dst, 1, b, n,
							   4099),
				    late[i].err, "%s", late[i].what);
		kvfree(b);
		EXPECT_GUC_STATE(test, dst, 1, "READY_PAUSED");
		KUNIT_EXPECT_EQ_MSG(test, mig_test_vf_meta_crc(test, dst, 1), meta,
				    "%s: GGTT or registers loaded", late[i].what);
		KUNIT_EXPECT_TRUE(test, xepf_sriov_control_vf_has(&dst->ctl, 1,
								  XEPF_VF_RESTORE_FAILED));
		/* what it holds is neither run nor exported */
		o = (struct xepf_mig_owner){};
		KUNIT_EXPECT_EQ(test, xepf_sriov_migration_save_begin(dst, 1, &o), -EIO);
		KUNIT_EXPECT_EQ(test, xepf_sriov_migration_restore_begin(dst, 1, &o), -EIO);
		KUNIT_EXPECT_EQ(test, xepf_sriov_control_resume_vf(&dst->ctl, 1), -EIO);
		KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&dst->ctl, 1), 0);
		mig_test_expect_wiped(test, dst, 1);
	}
}

/* load a stream into a VF through the VFIO driver's calls */
static int mig_test_vfio_load(struct kunit *test, struct xepf_pf *pf,
			      unsigned int vfid, const void *buf, size_t len)
{
	struct xesim_device *vf = mig_test_vf_dev(test, pf, vfid);
	ssize_t n;
	int err;

	err = xepf_vfio_resume_data_enter(vf);
	if (err)
		return err;
	n = mig_test_feed(pf, vfid, xepf_sriov_migration_vmm(pf, vfid), buf, len);
	err = xepf_vfio_resume_data_exit(vf);
	return n < 0 ? n : err;
}

/*
 * A VF loaded from a stream whose guest never sent RESFIX_DONE (a reused
 * destination, a retried migration) takes another stream: RESUMING resets
 * it first. The second load replaces the first, and a save of the loaded
 * VF exports the second stream's state.
 */
static void mig_test_load_again(struct kunit *test)
{
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xepf_pf *dst = mig_test_gpu(test, DST_GPU);
	struct xesim_device *to = mig_test_vf_dev(test, dst, 1);
	size_t size1, size2, size3;
	void *s1, *s2, *s3;
	ssize_t len1, len2, len3;
	u32 crc2;

	mig_test_fill_vf(test, src, 1, 0x41000);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&src->ctl, 1), 0);
	s1 = mig_test_buf(test, src, 1, &size1);
	len1 = mig_test_save(test, src, 1, s1, size1, SZ_1M);
	KUNIT_ASSERT_GT(test, len1, 0);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_reset_vf(&src->ctl, 1), 0);
	mig_test_fill_vf(test, src, 1, 0x42000);
	KUNIT_ASSERT_EQ(test, xepf_sriov_control_pause_vf(&src->ctl, 1), 0);
	crc2 = __mig_test_vf_crc(test, src, 1, ~GGTT_PTE_VFID);
	s2 = mig_test_buf(test, src, 1, &size2);
	len2 = mig_test_save(test, src, 1, s2, size2, SZ_1M);
	KUNIT_ASSERT_GT(test, len2, 0);

	/* the first load, resumed: the GuC waits for the guest's fix-ups */
	KUNIT_ASSERT_EQ(test, xepf_vfio_suspend_device(to), 0);
	KUNIT_ASSERT_EQ(test, mig_test_vfio_load(test, dst, 1, s1, len1), 0);
	KUNIT_ASSERT_EQ(test, xepf_vfio_resume_device(to), 0);
	EXPECT_GUC_STATE(test, dst, 1, "RESFIX_BLOCKED");

	/* and again: RUNNING -> RUNNING_P2P -> STOP -> RESUMING -> STOP */
	KUNIT_ASSERT_EQ(test, xepf_vfio_suspend_device(to), 0);
	EXPECT_GUC_STATE(test, dst, 1, "RESFIX_PAUSED");
	KUNIT_EXPECT_EQ(test, mig_test_vfio_load(test, dst, 1, s2, len2), 0);
	EXPECT_GUC_STATE(test, dst, 1, "RESFIX_PAUSED");
	KUNIT_EXPECT_EQ(test, __mig_test_vf_crc(test, dst, 1, ~GGTT_PTE_VFID),
			crc2);
	KUNIT_EXPECT_EQ(test, xepf_vfio_resume_device(to), 0);
	EXPECT_GUC_STATE(test, dst, 1, "RESFIX_BLOCKED");

	/* a save of the loaded VF (paused in its fix-ups) has its state */
	KUNIT_ASSERT_EQ(test, xepf_vfio_suspend_device(to), 0);
	s3 = mig_test_buf(test, dst, 1, &size3);
	len3 = mig_test_save(test, dst, 1, s3, size3, SZ_1M);
	KUNIT_ASSERT_GT(test, len3, 0);
	KUNIT_ASSERT_EQ(test, xepf_vfio_suspend_device(mig_test_vf_dev(test, dst, 2)),
			0);
	KUNIT_EXPECT_EQ(test, mig_test_vfio_load(test, dst, 2, s3, len3), 0);
	KUNIT_EXPECT_EQ(test, __mig_test_vf_crc(test, dst, 2, ~GGTT_PTE_VFID),
			crc2);
}

/*
 * Wait on @wq until a read of @vf's save would not wait; the check takes
 * a mutex, so it runs between wakeups (wait_woken()), never inside a wait
 * condition. Return: whether it became ready within 10 s.
 */
static bool mig_test_wait_ready(wait_queue_head_t *wq, struct xesim_device *vf)
{
	DEFINE_WAIT_FUNC(w, woken_wake_function);
	long left = 10 * HZ;
	bool ready;

	add_wait_queue(wq, &w);
	while (!(ready = xepf_vfio_data_ready(vf)) && left)
		left = wait_woken(&w, TASK_UNINTERRUPTIBLE, left);
	remove_wait_queue(wq, &w);
	return ready;
}

/*
 * O_NONBLOCK reads of the save stream return -EAGAIN instead of waiting
 * for the producer, and the stream's wait queue is woken when that
 * changes. The producer is held at the GuC packet by a GuC that drops its
 * request, with the PF waiting 3 s for the reply: a blocking read would
 * wait those 3 s and get the timeout.
 */
static void mig_test_nonblock(struct kunit *test)
{
	struct xepf_pf *src = mig_test_gpu(test, SRC_GPU);
	struct xesim_device *from = mig_test_vf_dev(test, src, 1);
	DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq);
	struct mig_test_dfs d;

	mig_test_dfs_init(test, &d, SZ_64K);
	KUNIT_ASSERT_EQ(test, xepf_vfio_suspend_device(from), 0);
	src->mmio.timeout_ms = 3000;
	mig_test_arm(test, src, "guc_drop");
	KUNIT_ASSERT_EQ(test, xepf_vfio_stop_copy_enter(from, &wq), 0);
	/* the descriptor, then nothing until the GuC answers */
	KUNIT_EXPECT_EQ(test, xepf_vfio_data_read(from, d.ubuf, 64, false), 64);
	KUNIT_EXPECT_FALSE(test, xepf_vfio_data_ready(from));
	KUNIT_EXPECT_EQ(test, xepf_vfio_data_read(from, d.ubuf, SZ_4K, true),
			(ssize_t)-EAGAIN);
	/* the producer's failure wakes the queue; the read gets it */
	KUNIT_EXPECT_TRUE(test, mig_test_wait_ready(&wq, from));
	KUNIT_EXPECT_EQ(test, xepf_vfio_data_read(from, d.ubuf, SZ_4K, true),
			(ssize_t)-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, xepf_vfio_stop_copy_exit(from), 0);
	src->mmio.timeout_ms = 50;

	/* a stream that goes on: every read returns bytes or the end */
	KUNIT_ASSERT_EQ(test, xepf_vfio_stop_copy_enter(from, &wq), 0);
	KUNIT_EXPECT_TRUE(test, mig_test_wait_ready(&wq, from));
	KUNIT_EXPECT_GT(test, xepf_vfio_data_read(from, d.ubuf, SZ_4K, true), 0);
	KUNIT_EXPECT_EQ(test, xepf_vfio_stop_copy_exit(from), 0);
	/* with no stream, a read fails at once: ready */
	KUNIT_EXPECT_TRUE(test, xepf_vfio_data_ready(from));
	KUNIT_EXPECT_EQ(test, xepf_vfio_resume_device(from), 0);
}

static struct kunit_case xepf_sriov_migration_cases[] = {
	KUNIT_CASE_SLOW(mig_test_round_trip),
	KUNIT_CASE_SLOW(mig_test_guc_failures),
	KUNIT_CASE(mig_test_refusals),
	KUNIT_CASE(mig_test_truncated),
	KUNIT_CASE(mig_test_flr_save),
	KUNIT_CASE_SLOW(mig_test_flr_restore),
	KUNIT_CASE(mig_test_flr_vfio_reset),
	KUNIT_CASE_SLOW(mig_test_corrupt),
	KUNIT_CASE_SLOW(mig_test_dma_entries),
	KUNIT_CASE_SLOW(mig_test_debugfs),
	KUNIT_CASE_SLOW(mig_test_vfio_api),
	KUNIT_CASE_SLOW(mig_test_no_half_restore),
	KUNIT_CASE_SLOW(mig_test_load_again),
	KUNIT_CASE(mig_test_nonblock),
	{}
};

static struct kunit_suite xepf_sriov_migration_suite = {
	.name = "xepf_sriov_migration",
	.test_cases = xepf_sriov_migration_cases,
};

kunit_test_suite(xepf_sriov_migration_suite);
