// SPDX-License-Identifier: GPL-2.0
/*
 * VF provisioning: fair shares of the GGTT, VRAM, GuC context IDs and
 * doorbells, checks of per-VF overrides, and their KLV encoding.
 */

#include <kunit/visibility.h>
#include <linux/align.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/wordpart.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/sizes.h>

#include <abi/guc_klvs_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_sriov_config.h"

/**
 * DOC: xepf VF provisioning
 *
 * When VFs are enabled, each gets a fair share of what the PF does not keep
 * for itself: the GGTT between the PF's own part at the bottom and the
 * lower of the GGTT size and GUC_GGTT_TOP, cut into equal ranges aligned to
 * 64 KiB, one per VF the device supports (so a VF's range does not depend
 * on how many are enabled, and free ranges remain for overrides); the VRAM
 * in equal parts aligned to the LMTT page (64 KiB) among the VFs enabled;
 * the GuC context IDs and doorbells in equal consecutive blocks. The shares
 * are sent to the GuC as a PF2GUC_UPDATE_VF_CFG KLV list (GGTT start and
 * size, LMEM size, contexts, doorbells and their first IDs) that the GuC
 * applies all or nothing; it sets up the device's side too (GGTT range
 * ownership, LMTT).
 *
 * A test or an administrator may move a VF's GGTT range through debugfs
 * before the VF is in use, e.g. to give a migration's destination another
 * GGTT base than the source; xepf_sriov_config_check() refuses a range that is
 * misaligned, empty, wraps, reaches into the PF's part or past the limit,
 * or overlaps another VF's.
 */

#define XEPF_GGTT_ALIGN	SZ_64K

/**
 * xepf_sriov_config_fair() - Share the resources fairly among VFs.
 * @lim: what there is to share.
 * @num_vfs: the VFs, at least 1.
 * @ggtt_slots: GGTT ranges to cut, at least @num_vfs: with more than
 *              @num_vfs the ranges stay the same whatever the number of
 *              VFs enabled, and GGTT is left free for overrides.
 * @cfgs: the shares, @num_vfs entries, VF n in @cfgs[n - 1].
 *
 * Context: any.
 * Return: 0, -EINVAL for no VF or too few slots, -ENOSPC when a share
 * would be empty.
 */
int xepf_sriov_config_fair(const struct xepf_config_limits *lim,
			   unsigned int num_vfs, unsigned int ggtt_slots,
			   struct xepf_vf_config *cfgs)
{
	u64 top = min_t(u64, lim->ggtt_size, GUC_GGTT_TOP);
	u64 base = ALIGN(lim->pf_ggtt, XEPF_GGTT_ALIGN);
	u64 ggtt, lmem;
	u32 ctxs, dbs;
	unsigned int i;

	if (!num_vfs || ggtt_slots < num_vfs)
		return -EINVAL;
	if (base >= top)
		return -ENOSPC;
	ggtt = ALIGN_DOWN(div_u64(top - base, ggtt_slots), XEPF_GGTT_ALIGN);
	lmem = ALIGN_DOWN(div_u64(lim->vram_size, num_vfs), XE_LMTT_PAGE_SIZE);
	ctxs = min_t(u32, lim->contexts / num_vfs,
		     GUC_KLV_VF_CFG_NUM_CONTEXTS_MAX);
	dbs = min_t(u32, lim->doorbells / num_vfs,
		    GUC_KLV_VF_CFG_NUM_DOORBELLS_MAX);
	if (!ggtt || !ctxs)
		return -ENOSPC;

	for (i = 0; i < num_vfs; i++) {
		cfgs[i] = (struct xepf_vf_config) {
			.ggtt_start = base + i * ggtt,
			.ggtt_size = ggtt,
			.lmem_size = lmem,
			.begin_ctx = i * ctxs,
			.num_ctxs = ctxs,
			.begin_db = i * dbs,
			.num_dbs = dbs,
		};
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_config_fair);

/**
 * xepf_sriov_config_check() - Check the GGTT ranges of a set of VF configurations.
 * @lim: the device.
 * @cfgs: the configurations, VF n in @cfgs[n - 1].
 * @num_vfs: entries of @cfgs.
 *
 * Context: any.
 * Return: 0, -EINVAL for a misaligned, empty or wrapping range, -ERANGE for
 * one outside the VFs' part of the GGTT, -EBUSY for an overlap.
 */
int xepf_sriov_config_check(const struct xepf_config_limits *lim,
			    const struct xepf_vf_config *cfgs, unsigned int num_vfs)
{
	u64 top = min_t(u64, lim->ggtt_size, GUC_GGTT_TOP);
	unsigned int i, j;
	u64 end, end2;

	for (i = 0; i < num_vfs; i++) {
		const struct xepf_vf_config *c = &cfgs[i];

		if (!c->ggtt_size ||
		    !IS_ALIGNED(c->ggtt_start, XE_GGTT_PAGE_SIZE) ||
		    !IS_ALIGNED(c->ggtt_size, XE_GGTT_PAGE_SIZE) ||
		    !IS_ALIGNED(c->lmem_size, XE_LMTT_PAGE_SIZE) ||
		    check_add_overflow(c->ggtt_start, c->ggtt_size, &end))
			return -EINVAL;
		if (c->ggtt_start < lim->pf_ggtt || end > top)
			return -ERANGE;
		for (j = 0; j < i; j++) {
			end2 = cfgs[j].ggtt_start + cfgs[j].ggtt_size;
			if (c->ggtt_start < end2 && cfgs[j].ggtt_start < end)
				return -EBUSY;
		}
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_config_check);

static unsigned int xepf_klv32(u32 *klvs, unsigned int n, u16 key, u32 val)
{
	klvs[n] = FIELD_PREP(GUC_KLV_0_KEY, key) | FIELD_PREP(GUC_KLV_0_LEN, 1);
	klvs[n + 1] = val;
	return n + 2;
}

static unsigned int xepf_klv64(u32 *klvs, unsigned int n, u16 key, u64 val)
{
	klvs[n] = FIELD_PREP(GUC_KLV_0_KEY, key) | FIELD_PREP(GUC_KLV_0_LEN, 2);
	klvs[n + 1] = lower_32_bits(val);
	klvs[n + 2] = upper_32_bits(val);
	return n + 3;
}

/**
 * xepf_sriov_config_encode() - Encode a VF configuration as UPDATE_VF_CFG KLVs.
 * @cfg: the configuration.
 * @klvs: the KLV dwords.
 * @max: dwords of @klvs, at least XEPF_CONFIG_KLV_DWORDS.
 *
 * Context: any.
 * Return: the dwords used, or 0 if @max is too small.
 */
unsigned int xepf_sriov_config_encode(const struct xepf_vf_config *cfg, u32 *klvs,
				      unsigned int max)
{
	unsigned int n = 0;

	if (max < XEPF_CONFIG_KLV_DWORDS)
		return 0;
	n = xepf_klv64(klvs, n, GUC_KLV_VF_CFG_GGTT_START_KEY, cfg->ggtt_start);
	n = xepf_klv64(klvs, n, GUC_KLV_VF_CFG_GGTT_SIZE_KEY, cfg->ggtt_size);
	n = xepf_klv64(klvs, n, GUC_KLV_VF_CFG_LMEM_SIZE_KEY, cfg->lmem_size);
	n = xepf_klv32(klvs, n, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, cfg->num_ctxs);
	n = xepf_klv32(klvs, n, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY,
		       cfg->begin_ctx);
	n = xepf_klv32(klvs, n, GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, cfg->num_dbs);
	n = xepf_klv32(klvs, n, GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY,
		       cfg->begin_db);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_config_encode);
