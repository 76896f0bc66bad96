// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the GGTT: VF isolation and the forced VFID.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/sizes.h>

#include "abi/xe_regs_abi.h"
#include "xesim_driver.h"
#include "xesim_ggtt.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"
#include "xesim_test_env.h"

#define VF1_GGTT	SZ_1M
#define VF2_GGTT	(2 * SZ_1M)
#define VF_GGTT_SIZE	SZ_256K

struct xesim_ggtt_env {
	struct xesim_gpu *gpu;
	struct xesim_fn *pf, *vf1, *vf2;
};

static void xesim_ggtt_env(struct kunit *test, struct xesim_ggtt_env *env)
{
	env->gpu = xesim_test_gpu(test, SZ_16M, SZ_4M, 2);
	env->pf = xesim_test_fn(test, env->gpu, 0);
	env->vf1 = xesim_test_fn(test, env->gpu, 1);
	env->vf2 = xesim_test_fn(test, env->gpu, 2);
	xesim_test_provision(test, env->gpu, 1, VF1_GGTT, VF_GGTT_SIZE, SZ_1M);
	xesim_test_provision(test, env->gpu, 2, VF2_GGTT, VF_GGTT_SIZE, SZ_1M);
}

static u64 xesim_pf_pte(struct kunit *test, struct xesim_ggtt_env *env,
			u64 addr)
{
	u64 pte;

	KUNIT_EXPECT_EQ(test, xesim_ggtt_read_pte(&env->pf->xdev, addr, &pte),
			0);
	return pte;
}

static void xesim_ggtt_test_pf_writes_any(struct kunit *test)
{
	struct xesim_ggtt_env env;
	u64 pte = 0x1234000 | FIELD_PREP(GGTT_PTE_VFID, 7) | XE_PAGE_PRESENT;

	xesim_ggtt_env(test, &env);

	/* the PF writes anywhere, as given, VFID included */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&env.pf->xdev, 0, pte), 0);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&env.pf->xdev, VF2_GGTT,
						   pte), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env, 0), pte);
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env, VF2_GGTT), pte);

	/* but not beyond the GGTT, nor misaligned */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&env.pf->xdev, SZ_16M, pte),
			-EACCES);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&env.pf->xdev, 0x800, pte),
			-EINVAL);
}

/* PTEs in a batch are the PTEs one by one: a VF's outside its range dropped */
static void xesim_ggtt_test_write_ptes(struct kunit *test)
{
	u64 ptes[3] = { 0x1000 | XE_PAGE_PRESENT, 0x2000 | XE_PAGE_PRESENT,
			0x3000 | XE_PAGE_PRESENT };
	u64 last = VF1_GGTT + VF_GGTT_SIZE - XE_GGTT_PAGE_SIZE;
	struct xesim_ggtt_env env;
	unsigned int i;

	xesim_ggtt_env(test, &env);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_ptes(&env.pf->xdev, VF2_GGTT,
						    ptes, 3), 0);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env,
						   VF2_GGTT + i * XE_GGTT_PAGE_SIZE),
				ptes[i]);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_ptes(&env.pf->xdev, VF2_GGTT,
						    NULL, 2), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env, VF2_GGTT), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env,
					   VF2_GGTT + XE_GGTT_PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env,
					   VF2_GGTT + 2 * XE_GGTT_PAGE_SIZE),
			ptes[2]);

	/* VF1's batch across the end of its range: the last one is dropped */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_ptes(&env.vf1->xdev,
						    last - XE_GGTT_PAGE_SIZE,
						    ptes, 3), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env, last),
			ptes[1] | FIELD_PREP(GGTT_PTE_VFID, 1));
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env,
					   last + XE_GGTT_PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test,
			atomic64_read(&env.vf1->stats.ggtt_write_dropped), 1);
	/* the PF's beyond the GGTT: refused where it leaves */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_ptes(&env.pf->xdev,
						    SZ_16M - XE_GGTT_PAGE_SIZE,
						    ptes, 2), -EACCES);
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env,
					   SZ_16M - XE_GGTT_PAGE_SIZE), ptes[0]);
}

static void xesim_ggtt_test_read_ptes(struct kunit *test)
{
	u64 ptes[3] = { 0x1000 | XE_PAGE_PRESENT, 0x2000 | XE_PAGE_PRESENT,
			0x3000 | XE_PAGE_PRESENT };
	u64 last = VF1_GGTT + VF_GGTT_SIZE - XE_GGTT_PAGE_SIZE;
	struct xesim_ggtt_env env;
	u64 got[3];
	unsigned int i;

	xesim_ggtt_env(test, &env);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_ptes(&env.pf->xdev,
						    last - XE_GGTT_PAGE_SIZE,
						    ptes, 3), 0);
	/* a batch reads what the entries one by one read */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_read_ptes(&env.pf->xdev,
						   last - XE_GGTT_PAGE_SIZE,
						   got, 3), 0);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, got[i],
				xesim_pf_pte(test, &env, last + (i - 1ll) * XE_GGTT_PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, got[1], ptes[1]);

	/* VF1's batch across the end of its range: the last one reads 0 */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_read_ptes(&env.vf1->xdev,
						   last - XE_GGTT_PAGE_SIZE,
						   got, 3), 0);
	KUNIT_EXPECT_EQ(test, got[0], ptes[0]);
	KUNIT_EXPECT_EQ(test, got[1], ptes[1]);
	KUNIT_EXPECT_EQ(test, got[2], 0);
	KUNIT_EXPECT_EQ(test,
			atomic64_read(&env.vf1->stats.ggtt_read_dropped), 1);
	/* the PF's beyond the GGTT: refused where it leaves, the rest 0 */
	got[1] = 1;
	got[2] = 1;
	KUNIT_EXPECT_EQ(test, xesim_ggtt_read_ptes(&env.pf->xdev,
						   SZ_16M - XE_GGTT_PAGE_SIZE,
						   got, 3), -EACCES);
	KUNIT_EXPECT_EQ(test, got[1], 0);
	KUNIT_EXPECT_EQ(test, got[2], 0);
}

static void xesim_ggtt_test_vf_vfid_forced(struct kunit *test)
{
	u64 forged = 0x5000 | FIELD_PREP(GGTT_PTE_VFID, 2) | XE_PAGE_PRESENT;
	struct xesim_ggtt_env env;
	u64 pte;

	xesim_ggtt_env(test, &env);

	/* VF1 writes a PTE that claims VF2: the device makes it VF1's */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&env.vf1->xdev, VF1_GGTT,
						   forged), 0);
	pte = xesim_pf_pte(test, &env, VF1_GGTT);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GGTT_PTE_VFID, pte), 1);
	KUNIT_EXPECT_EQ(test, pte & ~GGTT_PTE_VFID, forged & ~GGTT_PTE_VFID);

	/* and VF1 reads back its own entry */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_read_pte(&env.vf1->xdev, VF1_GGTT,
						  &pte), 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(GGTT_PTE_VFID, pte), 1);
}

static void xesim_ggtt_test_vf_write_outside(struct kunit *test)
{
	u64 victim = 0x7000 | FIELD_PREP(GGTT_PTE_VFID, 2) | XE_PAGE_PRESENT;
	struct xesim_ggtt_env env;
	u64 last = VF1_GGTT + VF_GGTT_SIZE - XE_GGTT_PAGE_SIZE;

	xesim_ggtt_env(test, &env);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_pte(&env.vf2->xdev, VF2_GGTT,
						   victim), 0);

	/*
	 * VF1 aims at VF2's entry, just past its own range, and at 0: dropped
	 * silently, as on hardware (the driver gets no errno to learn from)
	 */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&env.vf1->xdev, VF2_GGTT,
						   XE_PAGE_PRESENT), 0);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&env.vf1->xdev,
						   last + XE_GGTT_PAGE_SIZE,
						   XE_PAGE_PRESENT), 0);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&env.vf1->xdev, 0,
						   XE_PAGE_PRESENT), 0);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&env.vf1->xdev, last,
						   XE_PAGE_PRESENT), 0);

	/* nothing outside VF1's range changed */
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env, VF2_GGTT), victim);
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env,
					   last + XE_GGTT_PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env, 0), 0);
	KUNIT_EXPECT_EQ(test,
			atomic64_read(&env.vf1->stats.ggtt_write_dropped), 3);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_count_valid(env.gpu, 0, SZ_16M), 2);
}

static void xesim_ggtt_test_vf_read_outside(struct kunit *test)
{
	u64 victim = 0x7000 | FIELD_PREP(GGTT_PTE_VFID, 2) | XE_PAGE_PRESENT;
	struct xesim_ggtt_env env;
	u64 pte = 0xdead;

	xesim_ggtt_env(test, &env);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_pte(&env.vf2->xdev, VF2_GGTT,
						   victim), 0);

	KUNIT_EXPECT_EQ(test, xesim_ggtt_read_pte(&env.vf1->xdev, VF2_GGTT,
						  &pte), 0);
	KUNIT_EXPECT_EQ(test, pte, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&env.vf1->stats.ggtt_read_dropped),
			1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&env.vf2->stats.ggtt_read_dropped),
			0);
}

static void xesim_ggtt_test_device_access(struct kunit *test)
{
	struct xesim_ggtt_env env;
	u32 data = 0xc0ffee, out = 0;
	u64 pte;

	xesim_ggtt_env(test, &env);

	/* VF2 maps its LMEM offset 0 and stores data through the GGTT */
	pte = XE_PAGE_PRESENT | XE_GGTT_PTE_DM;
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_pte(&env.vf2->xdev, VF2_GGTT,
						   pte), 0);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(env.vf2, VF2_GGTT + 8, &data,
					    sizeof(data), true), 0);
	KUNIT_EXPECT_EQ(test, xesim_vram_read(&env.vf2->xdev, 8, &out,
					      sizeof(out)), 0);
	KUNIT_EXPECT_EQ(test, out, data);

	/* the device, acting for VF1, cannot use VF2's entry */
	out = 0;
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(env.vf1, VF2_GGTT + 8, &out,
					    sizeof(out), false), -EFAULT);
	KUNIT_EXPECT_EQ(test, out, 0);

	/* nor an entry in its own range that the PF tagged for VF2 */
	pte |= FIELD_PREP(GGTT_PTE_VFID, 2);
	KUNIT_ASSERT_EQ(test, xesim_ggtt_write_pte(&env.pf->xdev, VF1_GGTT,
						   pte), 0);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(env.vf1, VF1_GGTT + 8, &out,
					    sizeof(out), false), -EFAULT);
	KUNIT_EXPECT_EQ(test, out, 0);

	/* nor an invalid one */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(env.vf1, VF1_GGTT + SZ_4K, &out,
					    sizeof(out), false), -EFAULT);
	KUNIT_EXPECT_EQ(test, atomic64_read(&env.vf1->stats.ggtt_faults), 3);

	/* the PF may access through VF2's entry: VF2's LMTT applies */
	KUNIT_EXPECT_EQ(test, xesim_ggtt_rw(env.pf, VF2_GGTT + 8, &out,
					    sizeof(out), false), 0);
	KUNIT_EXPECT_EQ(test, out, data);
}

static void xesim_ggtt_test_provisioning(struct kunit *test)
{
	struct xesim_vf_config cfg = { .ggtt_size = SZ_1M };
	struct xesim_ggtt_env env;
	struct xesim_gpu *big;

	xesim_ggtt_env(test, &env);

	/* overlapping VF2's range */
	cfg.ggtt_start = VF2_GGTT - SZ_4K;
	KUNIT_EXPECT_EQ(test, xesim_gpu_provision_vf(env.gpu, 3, &cfg), -EBUSY);
	/* misaligned, beyond the GGTT, VFID out of range */
	cfg.ggtt_start = 8 * SZ_1M + 0x10;
	KUNIT_EXPECT_EQ(test, xesim_gpu_provision_vf(env.gpu, 3, &cfg),
			-EINVAL);
	cfg.ggtt_start = SZ_16M;
	KUNIT_EXPECT_EQ(test, xesim_gpu_provision_vf(env.gpu, 3, &cfg),
			-EINVAL);
	cfg.ggtt_start = 8 * SZ_1M;
	KUNIT_EXPECT_EQ(test, xesim_gpu_provision_vf(env.gpu, 5, &cfg),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xesim_gpu_provision_vf(env.gpu, 3, &cfg), 0);

	/* a full 4 GiB GGTT: the GuC-reserved top is not for VFs */
	big = xesim_test_gpu(test, XE_GGTT_MAX_SIZE, SZ_1M, 0);
	cfg.ggtt_start = GUC_GGTT_TOP - SZ_1M;
	cfg.ggtt_size = SZ_2M;
	KUNIT_EXPECT_EQ(test, xesim_gpu_provision_vf(big, 1, &cfg), -EINVAL);
	cfg.ggtt_size = SZ_1M;
	KUNIT_EXPECT_EQ(test, xesim_gpu_provision_vf(big, 1, &cfg), 0);
}

static void xesim_ggtt_test_through_slot(struct kunit *test)
{
	struct xesim_ggtt_env env;
	struct xesim_slot *slot;
	u64 pte;

	xesim_ggtt_env(test, &env);
	slot = xesim_test_slot(test);
	KUNIT_ASSERT_EQ(test, xesim_slot_attach(slot, env.gpu->id, 2), 0);

	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&slot->xdev, VF2_GGTT,
						   XE_PAGE_PRESENT), 0);
	KUNIT_EXPECT_EQ(test, xesim_ggtt_write_pte(&slot->xdev, VF1_GGTT,
						   XE_PAGE_PRESENT), 0);
	pte = xesim_pf_pte(test, &env, VF2_GGTT);
	KUNIT_EXPECT_EQ(test, pte, XE_PAGE_PRESENT |
			FIELD_PREP(GGTT_PTE_VFID, 2));
	KUNIT_EXPECT_EQ(test, xesim_pf_pte(test, &env, VF1_GGTT), 0);
	KUNIT_EXPECT_EQ(test,
			atomic64_read(&env.vf2->stats.ggtt_write_dropped), 1);
}

static struct kunit_case xesim_ggtt_cases[] = {
	KUNIT_CASE(xesim_ggtt_test_pf_writes_any),
	KUNIT_CASE(xesim_ggtt_test_write_ptes),
	KUNIT_CASE(xesim_ggtt_test_read_ptes),
	KUNIT_CASE(xesim_ggtt_test_vf_vfid_forced),
	KUNIT_CASE(xesim_ggtt_test_vf_write_outside),
	KUNIT_CASE(xesim_ggtt_test_vf_read_outside),
	KUNIT_CASE(xesim_ggtt_test_device_access),
	KUNIT_CASE(xesim_ggtt_test_provisioning),
	KUNIT_CASE(xesim_ggtt_test_through_slot),
	{}
};

static struct kunit_suite xesim_ggtt_suite = {
	.name = "xesim_ggtt",
	.test_cases = xesim_ggtt_cases,
};

kunit_test_suite(xesim_ggtt_suite);
