// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of objects and VMs on a live device: VRAM placement and
 * clearing, ppGTT leaves after map, remap and unmap, the leaf writes of
 * userptrs, VM_BIND updates undone.
 */

#include <drm/drm_gpuvm.h>
#include <drm/xe_drm.h>
#include <kunit/test.h>
#include <linux/sizes.h>

#include <abi/xe_ppgtt_abi.h>
#include <xesim_driver.h>

#include "xevf_bo.h"
#include "xevf_bo_types.h"
#include "xevf_device_types.h"
#include "xevf_pt.h"
#include "xevf_pt_types.h"
#include "xevf_test_env.h"
#include "xevf_vm.h"
#include "xevf_vm_bind.h"
#include "xevf_vm_bind_types.h"
#include "xevf_vm_types.h"

static void xevf_vm_test_put_bo(void *obj)
{
	drm_gem_object_put(obj);
}

static struct xevf_bo *xevf_vm_test_bo(struct kunit *test, struct xevf_device *xe,
				       u64 size, u32 placement)
{
	struct xevf_bo *bo = xevf_bo_create(xe, size, placement,
					    DRM_XE_GEM_CPU_CACHING_WC, NULL);

	KUNIT_ASSERT_FALSE(test, IS_ERR(bo));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_vm_test_put_bo,
							&bo->base), 0);
	return bo;
}

static void xevf_vm_test_vram_cleared(struct kunit *test)
{
	struct xevf_test_env *env = xevf_test_env_up(test);
	struct xevf_device *xe = env->xe;
	u8 junk[256], back[256];
	struct xevf_bo *bo;

	/* whatever an earlier user left in the VF's LMEM */
	memset(junk, 0xa5, sizeof(junk));
	KUNIT_ASSERT_EQ(test, xesim_vram_write(xe->xdev, 0, junk, sizeof(junk)), 0);
	bo = xevf_vm_test_bo(test, xe, SZ_64K, BIT(1));
	KUNIT_EXPECT_TRUE(test, bo->vram);
	KUNIT_EXPECT_LE(test, bo->vram_node.start + bo->vram_node.size,
			xe->config.lmem_size);
	KUNIT_ASSERT_EQ(test, xesim_vram_read(xe->xdev, bo->vram_node.start, back,
					      sizeof(back)), 0);
	memset(junk, 0, sizeof(junk));
	KUNIT_EXPECT_EQ(test, memcmp(back, junk, sizeof(back)), 0);
	/* more than the VF has: system memory when allowed, else -ENOSPC */
	KUNIT_EXPECT_EQ(test, PTR_ERR(xevf_bo_create(xe, xe->config.lmem_size + SZ_64K,
						     BIT(1), DRM_XE_GEM_CPU_CACHING_WC,
						     NULL)), -ENOSPC);
}

static u64 xevf_vm_test_leaf(struct xevf_vm *vm, u64 va)
{
	struct xevf_pt *pt = vm->root;
	unsigned int level;

	for (level = 3; level > 0; level--) {
		pt = pt->children[xevf_pt_index(va, level)];
		if (!pt)
			return 0;
	}
	return le64_to_cpu(pt->entries[xevf_pt_index(va, 0)]);
}

static void xevf_vm_test_put_vm(void *vm)
{
	xevf_vm_close(vm);
	xevf_vm_put(vm);
}

static void xevf_vm_test_bind(struct kunit *test)
{
	struct xevf_test_env *env = xevf_test_env_up(test);
	struct xevf_device *xe = env->xe;
	const u64 va = 0x1a0000000ull;
	struct xevf_bo *sys, *vram;
	struct drm_gpuva *gva;
	struct xevf_vm *vm;
	unsigned int n = 0;

	vm = xevf_vm_create(xe, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(vm));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_vm_test_put_vm, vm), 0);
	sys = xevf_vm_test_bo(test, xe, 4 * SZ_4K, BIT(0));
	vram = xevf_vm_test_bo(test, xe, SZ_64K, BIT(1));

	KUNIT_ASSERT_EQ(test, xevf_vm_bind_range(vm, &sys->base, 0, va, 4 * SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + SZ_4K),
			(sys->iova + SZ_4K) | XE_PAGE_PRESENT | XE_PAGE_RW);
	/* map over the middle two pages: the old mapping is split in two */
	KUNIT_ASSERT_EQ(test, xevf_vm_bind_range(vm, &vram->base, SZ_4K, va + SZ_4K,
						 2 * SZ_4K, DRM_XE_VM_BIND_FLAG_READONLY), 0);
	drm_gpuvm_for_each_va(gva, &vm->gpuvm)
		n++;
	KUNIT_EXPECT_EQ(test, n, 3u);
	KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va), sys->iova | XE_PAGE_PRESENT |
			XE_PAGE_RW);
	KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + 2 * SZ_4K),
			(vram->vram_node.start + 2 * SZ_4K) | XE_PAGE_PRESENT |
			XE_PPGTT_PTE_DM);
	KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + 3 * SZ_4K),
			(sys->iova + 3 * SZ_4K) | XE_PAGE_PRESENT | XE_PAGE_RW);
	/* unmap across the split: leaves outside stay */
	KUNIT_ASSERT_EQ(test, xevf_vm_unbind_range(vm, va + 2 * SZ_4K, 2 * SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + 2 * SZ_4K), 0ull);
	KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + 3 * SZ_4K), 0ull);
	KUNIT_EXPECT_NE(test, xevf_vm_test_leaf(vm, va + SZ_4K), 0ull);
	KUNIT_EXPECT_NE(test, xevf_vm_test_leaf(vm, va), 0ull);
	/* the mapping held the object: closing drops the references */
	KUNIT_EXPECT_GE(test, kref_read(&sys->base.refcount), 2u);
	xevf_vm_close(vm);
	KUNIT_EXPECT_EQ(test, kref_read(&sys->base.refcount), 1u);
}

static void xevf_vm_test_scratch(struct kunit *test)
{
	struct xevf_test_env *env = xevf_test_env_up(test);
	struct xevf_vm *vm;

	vm = xevf_vm_create(env->xe, DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE);
	KUNIT_ASSERT_FALSE(test, IS_ERR(vm));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_vm_test_put_vm, vm), 0);
	/* every PML4 entry leads to NULL leaves */
	KUNIT_EXPECT_EQ(test, le64_to_cpu(vm->root->entries[7]),
			xevf_pt_pde(vm->scratch_pdp));
	/* NULL leaves are writable, as upstream's: writes are dropped, not faults */
	KUNIT_EXPECT_EQ(test, le64_to_cpu(vm->scratch_pdp->entries[3]),
			XE_PTE_NULL | XE_PAGE_PRESENT | XE_PAGE_RW | XE_PDPE_PS_1G);
	KUNIT_ASSERT_EQ(test, xevf_vm_bind_range(vm, NULL, 0, SZ_1G, SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, SZ_1G),
			XE_PTE_NULL | XE_PAGE_PRESENT | XE_PAGE_RW);
	KUNIT_ASSERT_EQ(test, xevf_vm_unbind_range(vm, SZ_1G, SZ_4K), 0);
	KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, SZ_1G),
			XE_PTE_NULL | XE_PAGE_PRESENT | XE_PAGE_RW);
	/* a read-only NULL bind: writes fault */
	KUNIT_ASSERT_EQ(test, xevf_vm_bind_range(vm, NULL, 0, SZ_1G, SZ_4K,
						 DRM_XE_VM_BIND_FLAG_READONLY), 0);
	KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, SZ_1G), XE_PTE_NULL | XE_PAGE_PRESENT);
}

/*
 * The userptr leaf writes: xevf_pt_update() and xevf_pt_zap() never
 * allocate (nothing is written without tables), xevf_pt_populate() adds
 * tables and leaves the leaves empty, and a zap empties a leaf to the VM's
 * empty value (0, or a NULL leaf with SCRATCH_PAGE).
 */
static void xevf_vm_test_pt_update(struct kunit *test)
{
	struct xevf_test_env *env = xevf_test_env_up(test);
	const u64 va = 0x3c0000000ull, pte = 0x123000ull | XE_PAGE_PRESENT;
	static const u32 flags[] = { 0, DRM_XE_VM_CREATE_FLAG_SCRATCH_PAGE };
	u64 empty;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		struct xevf_vm *vm = xevf_vm_create(env->xe, flags[i]);

		KUNIT_ASSERT_FALSE(test, IS_ERR(vm));
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_vm_test_put_vm, vm),
				0);
		empty = flags[i] ? XE_PTE_NULL | XE_PAGE_PRESENT | XE_PAGE_RW : 0;
		KUNIT_EXPECT_FALSE(test, xevf_pt_update(vm, va, pte));
		KUNIT_EXPECT_NULL(test, vm->root->children[xevf_pt_index(va, 3)]);
		scoped_guard(mutex, &vm->lock)
			KUNIT_ASSERT_EQ(test, xevf_pt_populate(vm, va, va + 3 * SZ_4K), 0);
		KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + SZ_4K), empty);
		KUNIT_EXPECT_TRUE(test, xevf_pt_update(vm, va + SZ_4K, pte));
		KUNIT_EXPECT_TRUE(test, xevf_pt_update(vm, va + 2 * SZ_4K, pte + SZ_4K));
		KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + SZ_4K), pte);
		KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + 2 * SZ_4K), pte + SZ_4K);
		xevf_pt_zap(vm, va + SZ_4K);
		KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + SZ_4K), empty);
		KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + 2 * SZ_4K), pte + SZ_4K);
		/* the last page of the range has its tables, the next 2 MiB not */
		KUNIT_EXPECT_TRUE(test, xevf_pt_update(vm, va + 3 * SZ_4K - SZ_4K, pte));
		KUNIT_EXPECT_FALSE(test, xevf_pt_update(vm, va + SZ_2M, pte));
	}
}

/*
 * An update that fails part-way is undone newest step first: a map that
 * split a mapping and an unmap of the split's first part leave, undone,
 * the one mapping there was, its leaves and its object references as they
 * were; an update past its leaf limit (-ENOBUFS) the same.
 */
static void xevf_vm_test_unwind(struct kunit *test)
{
	struct xevf_test_env *env = xevf_test_env_up(test);
	struct xevf_device *xe = env->xe;
	const u64 va = 0x1a0000000ull;
	struct xevf_vm_bind_update upd;
	struct xevf_bo *sys, *other;
	struct drm_gpuva *gva;
	struct xevf_vm *vm;
	unsigned int n = 0;

	vm = xevf_vm_create(xe, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(vm));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_vm_test_put_vm, vm), 0);
	sys = xevf_vm_test_bo(test, xe, 4 * SZ_4K, BIT(0));
	other = xevf_vm_test_bo(test, xe, 4 * SZ_4K, BIT(0));
	KUNIT_ASSERT_EQ(test, xevf_vm_bind_range(vm, &sys->base, 0, va, 4 * SZ_4K, 0), 0);

	mutex_lock(&vm->lock);
	xevf_vm_bind_update_init(&upd, vm, 0);
	KUNIT_EXPECT_EQ(test, xevf_vm_bind_update_map(&upd, &other->base, 0, va + SZ_4K,
						      2 * SZ_4K, 0), 0);
	KUNIT_EXPECT_EQ(test, xevf_vm_bind_update_unmap(&upd, va, SZ_4K), 0);
	drm_gpuvm_for_each_va(gva, &vm->gpuvm)
		n++;
	/* [va + 4K, va + 12K) of other, [va + 12K, va + 16K) of sys */
	KUNIT_EXPECT_EQ(test, n, 2u);
	KUNIT_EXPECT_EQ(test, upd.num_ptes, 2u + 2u + 1u);
	xevf_vm_bind_update_unwind(&upd);
	xevf_vm_bind_update_fini(&upd);

	/* past the limit: four leaves of three */
	xevf_vm_bind_update_init(&upd, vm, 3);
	KUNIT_EXPECT_EQ(test, xevf_vm_bind_update_map(&upd, &other->base, 0, va + SZ_1G,
						      4 * SZ_4K, 0), -ENOBUFS);
	xevf_vm_bind_update_unwind(&upd);
	xevf_vm_bind_update_fini(&upd);
	mutex_unlock(&vm->lock);

	n = 0;
	drm_gpuvm_for_each_va(gva, &vm->gpuvm) {
		n++;
		KUNIT_EXPECT_EQ(test, gva->va.addr, va);
		KUNIT_EXPECT_EQ(test, gva->va.range, 4 * SZ_4K);
		KUNIT_EXPECT_PTR_EQ(test, gva->gem.obj, &sys->base);
		KUNIT_EXPECT_EQ(test, gva->gem.offset, 0ull);
	}
	KUNIT_EXPECT_EQ(test, n, 1u);
	KUNIT_EXPECT_EQ(test, xevf_vm_test_leaf(vm, va + SZ_4K),
			(sys->iova + SZ_4K) | XE_PAGE_PRESENT | XE_PAGE_RW);
	KUNIT_EXPECT_EQ(test, kref_read(&sys->base.refcount), 2u);
	KUNIT_EXPECT_EQ(test, kref_read(&other->base.refcount), 1u);
}

static struct kunit_case xevf_vm_test_cases[] = {
	KUNIT_CASE_SLOW(xevf_vm_test_vram_cleared),
	KUNIT_CASE_SLOW(xevf_vm_test_bind),
	KUNIT_CASE_SLOW(xevf_vm_test_scratch),
	KUNIT_CASE_SLOW(xevf_vm_test_pt_update),
	KUNIT_CASE_SLOW(xevf_vm_test_unwind),
	{}
};

static struct kunit_suite xevf_vm_test_suite = {
	.name = "xevf_vm",
	.test_cases = xevf_vm_test_cases,
};

kunit_test_suite(xevf_vm_test_suite);
