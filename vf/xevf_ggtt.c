// SPDX-License-Identifier: GPL-2.0
/*
 * The VF's GGTT manager and its kernel buffers.
 */

#include <drm/drm_managed.h>
#include <drm/drm_print.h>
#include <kunit/visibility.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <abi/xe_regs_abi.h>
#include <xesim_driver.h>

#include "xevf_device.h"
#include "xevf_device_types.h"
#include "xevf_ggtt.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_printk.h"

/**
 * DOC: xevf GGTT rule
 *
 * The VF owns a range of the device-global GGTT, [GGTT_START, GGTT_START +
 * GGTT_SIZE) as the GuC reports it, capped at GUC_GGTT_TOP. A &struct
 * drm_mm hands out nodes as offsets into the range, [0, GGTT_SIZE), and
 * &xevf_ggtt.base says where the range starts (upstream's 2026 design): the
 * GGTT address of a node is base + offset. A node is mapped by writing one
 * PTE per 4 KiB page through the device's GGTT window (an IOVA of the
 * slot's DMA domain; the device adds the VFID) and unmapped by writing zeros
 * before the node is freed.
 *
 * The rule that keeps migration fix-ups small: **a GGTT address is always
 * computed from the base and its drm_mm node when it is used**
 * (xevf_ggtt_kbo_ggtt()), never stored in another driver structure. Only memory
 * the device reads holds GGTT addresses: context images, ring commands, the
 * CT and memory interrupt registration in the GuC. After a migration moves
 * the range, one store of the base (xevf_ggtt_shift()) fixes every CPU-side
 * use at once, whatever the number of nodes, and the recovery has only that
 * device-visible memory to patch.
 *
 * Device-visible GGTT addresses are written by a buffer's rebase hook
 * (xevf_ggtt_kbo_set_rebase()), always under &xevf_ggtt.lock, which the shift
 * takes too: a context image written while a recovery runs is either
 * written before the shift and rebased by it, or written after it with the
 * new base. xevf_ggtt_rebase() runs every hook.
 *
 * Every kernel buffer in GGTT (&struct xevf_kbo: context images, rings,
 * status pages, CT buffers, the memory interrupt page) is on
 * &xevf_ggtt.kbos, so the recovery can walk all of them without allocating.
 * Kernel buffers live in system memory: the guest's memory needs no copy on
 * migration and its DMA domain moves with the slot, so only the GGTT PTEs
 * (which the PF moves) and the GGTT addresses change. A PTE write that a
 * migration raced (the guest froze between two writes, and the rest went to
 * the old range after the thaw, where the device drops them) is seen from
 * the MIGRATED interrupt's status byte once the writes are done; the shift
 * writes that buffer's PTEs again.
 */

#define XEVF_GGTT_ROLE	"ggtt"

/**
 * xevf_ggtt_pte_dma() - The GGTT PTE of a system memory page.
 * @addr: its DMA address (an IOVA of the slot's domain).
 *
 * Return: the PTE; the device fills in the VFID.
 */
u64 xevf_ggtt_pte_dma(dma_addr_t addr)
{
	return ((u64)addr & XE_GGTT_PTE_ADDR) | XE_PAGE_PRESENT;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_ggtt_pte_dma);

/**
 * xevf_ggtt_pte_lmem() - The GGTT PTE of a page of the VF's LMEM.
 * @offset: the VF LMEM offset.
 *
 * Return: the PTE; the device fills in the VFID.
 */
u64 xevf_ggtt_pte_lmem(u64 offset)
{
	return (offset & XE_GGTT_PTE_ADDR) | XE_GGTT_PTE_DM | XE_PAGE_PRESENT;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_ggtt_pte_lmem);

/* the last DRM reference: exec queues of open files are gone by now */
static void xevf_ggtt_release(struct drm_device *drm, void *arg)
{
	struct xevf_device *xe = arg;

	drm_mm_takedown(&xe->ggtt.mm);
	mutex_destroy(&xe->ggtt.lock);
}

/**
 * xevf_ggtt_init() - Set up the GGTT manager over the VF's range; it lives
 * until the last reference to the DRM device goes.
 * @xe: the device.
 * @start: the first GGTT address of the range.
 * @size: its size in bytes.
 *
 * Context: process context.
 * Return: 0, or -EINVAL for a range the GuC cannot reach.
 */
int xevf_ggtt_init(struct xevf_device *xe, u64 start, u64 size)
{
	struct xevf_ggtt *ggtt = &xe->ggtt;

	if (!size || start >= GUC_GGTT_TOP)
		return -EINVAL;
	size = min(size, GUC_GGTT_TOP - start);
	mutex_init(&ggtt->lock);
	INIT_LIST_HEAD(&ggtt->kbos);
	ggtt->base = start;
	ggtt->size = size;
	drm_mm_init(&ggtt->mm, 0, size);
	return drmm_add_action_or_reset(&xe->drm, xevf_ggtt_release, xe);
}

/**
 * xevf_ggtt_base() - The GGTT address the VF's range starts at now.
 * @xe: the device.
 *
 * Return: &xevf_ggtt.base.
 */
u64 xevf_ggtt_base(struct xevf_device *xe)
{
	return READ_ONCE(xe->ggtt.base);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_ggtt_base);

static int xevf_ggtt_insert_node(struct xevf_device *xe, struct drm_mm_node *node,
				 u64 size)
{
	int err;

	size = ALIGN(size, XE_GGTT_PAGE_SIZE);
	guard(mutex)(&xe->ggtt.lock);
	err = drm_mm_insert_node_generic(&xe->ggtt.mm, node, size,
					 XE_GGTT_PAGE_SIZE, 0,
					 DRM_MM_INSERT_BEST);
	if (err)
		xevf_err(xe, XEVF_GGTT_ROLE, "no room for %#llx bytes: %pe\n",
			 size, ERR_PTR(err));
	return err;
}

static int xevf_ggtt_write(struct xevf_device *xe, struct drm_mm_node *node,
			   u64 first_pte, u64 step)
{
	u64 base = xe->ggtt.base, off;
	int err;

	lockdep_assert_held(&xe->ggtt.lock);
	for (off = 0; off < node->size; off += XE_GGTT_PAGE_SIZE) {
		err = xesim_ggtt_write_pte(xe->xdev, base + node->start + off,
					   first_pte ? first_pte + off * step : 0);
		if (err)
			return err;
		xe->ggtt.pte_writes++;
	}
	return 0;
}

static void xevf_ggtt_remove_node(struct xevf_device *xe, struct drm_mm_node *node)
{
	guard(mutex)(&xe->ggtt.lock);
	if (!drm_mm_node_allocated(node))
		return;
	/* after the unbind the device is out of reach and forgets the VF */
	if (xevf_device_hw_enter(xe)) {
		xevf_ggtt_write(xe, node, 0, 0);
		xevf_device_hw_exit(xe);
	}
	drm_mm_remove_node(node);
	memset(node, 0, sizeof(*node));
}

/*
 * Map a kernel buffer. A migration can land between any two PTE writes
 * (the guest is frozen at any instruction): the writes after the thaw go to
 * the source's range and the device drops them. The MIGRATED interrupt's
 * status byte is in memory before the thaw, so a recovery that is pending
 * once the writes are done means they may have been lost: the buffer is
 * marked, and the recovery's GGTT shift writes its PTEs again.
 */
static int xevf_kbo_map(struct xevf_device *xe, struct xevf_kbo *kbo)
{
	int err;

	guard(mutex)(&xe->ggtt.lock);
	err = xevf_ggtt_write(xe, &kbo->node, xevf_ggtt_pte_dma(kbo->iova), 1);
	if (!err && xevf_gt_vf_migration_pending(xe))
		kbo->pte_stale = true;
	return err;
}

/**
 * DOC: xevf recovery: GGTT shift
 *
 * Step d. The PF moved the VF's PTEs into the destination range with its
 * state; what the driver must move is its own idea of where its nodes are.
 * Node offsets are relative to &xevf_ggtt.base, so the shift is one store
 * of the new base, O(1) whatever the number of nodes, and every CPU-side
 * address computed afterwards (xevf_ggtt_kbo_ggtt()) is right. The buffers whose
 * mapping raced the migration get their PTEs written again here. The
 * shift's forward, backward, overlapping, zero and top-of-range cases are
 * the KUnit case xevf_mig_test_shift.
 */

/**
 * xevf_ggtt_shift() - Move every node to a new start of the VF's range, as
 * the post-migration recovery does: one store of &xevf_ggtt.base, then the
 * PTEs of buffers whose mapping raced the migration are written again.
 * @xe: the device.
 * @base: the GGTT address the range starts at now.
 *
 * The PF moved the PTEs themselves with the VF's state; the GGTT addresses
 * written into device-visible memory are the rebase hooks' business
 * (xevf_ggtt_rebase()).
 *
 * Context: process context; no allocation.
 * Return: 0, -ERANGE for a base the GuC cannot reach with this range, or a
 * bus error of a PTE write.
 */
int xevf_ggtt_shift(struct xevf_device *xe, u64 base)
{
	struct xevf_ggtt *ggtt = &xe->ggtt;
	struct xevf_kbo *kbo;
	int err;

	if (base >= GUC_GGTT_TOP || ggtt->size > GUC_GGTT_TOP - base ||
	    !IS_ALIGNED(base, XE_GGTT_PAGE_SIZE))
		return -ERANGE;
	guard(mutex)(&ggtt->lock);
	if (base != ggtt->base) {
		WRITE_ONCE(ggtt->base, base);
		ggtt->shifts++;
	}
	list_for_each_entry(kbo, &ggtt->kbos, link) {
		if (!kbo->pte_stale)
			continue;
		err = xevf_ggtt_write(xe, &kbo->node, xevf_ggtt_pte_dma(kbo->iova), 1);
		if (err)
			return err;
		ggtt->pte_rewrites += kbo->node.size / XE_GGTT_PAGE_SIZE;
		kbo->pte_stale = false;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_ggtt_shift);

/**
 * xevf_ggtt_rebase() - Run every kernel buffer's rebase hook, so that the
 * GGTT addresses in device-visible memory follow &xevf_ggtt.base.
 * @xe: the device.
 *
 * Context: process context; no allocation.
 * Return: the number of hooks run.
 */
unsigned int xevf_ggtt_rebase(struct xevf_device *xe)
{
	struct xevf_kbo *kbo;
	unsigned int n = 0;

	guard(mutex)(&xe->ggtt.lock);
	list_for_each_entry(kbo, &xe->ggtt.kbos, link) {
		if (!kbo->rebase)
			continue;
		kbo->rebase(kbo);
		n++;
	}
	xe->ggtt.rebased += n;
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_ggtt_rebase);

/**
 * xevf_ggtt_kbo_set_rebase() - Give a kernel buffer its rebase hook and run it
 * once, so that the buffer's GGTT addresses are only ever written under
 * &xevf_ggtt.lock and a concurrent GGTT shift cannot leave them stale.
 * @xe: the device.
 * @kbo: the buffer.
 * @fn: the hook.
 * @owner: what the hook works on (&xevf_kbo.owner).
 *
 * Context: process context.
 */
void xevf_ggtt_kbo_set_rebase(struct xevf_device *xe, struct xevf_kbo *kbo,
			      xevf_kbo_rebase_fn fn, void *owner)
{
	guard(mutex)(&xe->ggtt.lock);
	kbo->owner = owner;
	kbo->rebase = fn;
	fn(kbo);
}

/**
 * xevf_ggtt_print() - Print the GGTT range, its nodes and kernel buffers.
 * @xe: the device.
 * @p: where to.
 */
void xevf_ggtt_print(struct xevf_device *xe, struct drm_printer *p)
{
	struct xevf_kbo *kbo;

	guard(mutex)(&xe->ggtt.lock);
	drm_printf(p, "range %#llx+%#llx pte_writes %llu pte_rewrites %llu ",
		   xe->ggtt.base, xe->ggtt.size, xe->ggtt.pte_writes,
		   xe->ggtt.pte_rewrites);
	drm_printf(p, "shifts %llu rebased %llu\n", xe->ggtt.shifts, xe->ggtt.rebased);
	drm_mm_print(&xe->ggtt.mm, p);
	list_for_each_entry(kbo, &xe->ggtt.kbos, link)
		drm_printf(p, "kbo %s ggtt %#llx+%#llx iova %pad\n", kbo->name,
			   xevf_ggtt_kbo_ggtt(kbo, 0), kbo->node.size, &kbo->iova);
}

/**
 * xevf_ggtt_kbo_ggtt() - The GGTT address of a kernel buffer, from the range's
 * base and its node.
 * @kbo: the buffer.
 * @offset: a byte offset in it.
 *
 * Return: the GGTT address of @offset.
 */
u64 xevf_ggtt_kbo_ggtt(const struct xevf_kbo *kbo, u64 offset)
{
	return READ_ONCE(kbo->ggtt->base) + kbo->node.start + offset;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_ggtt_kbo_ggtt);

static void xevf_kbo_free(struct xevf_device *xe, struct xevf_kbo *kbo)
{
	unsigned int i;

	xevf_ggtt_remove_node(xe, &kbo->node);
	if (kbo->iova && xevf_device_hw_enter(xe)) {
		xesim_dma_unmap(xe->xdev, kbo->iova, kbo->npages);
		xevf_device_hw_exit(xe);
	}
	if (kbo->vaddr)
		vunmap(kbo->vaddr);
	for (i = 0; kbo->pages && i < kbo->npages; i++)
		if (kbo->pages[i])
			__free_page(kbo->pages[i]);
	kvfree(kbo->pages);
	kfree(kbo);
}

/**
 * xevf_ggtt_kbo_create() - Allocate a zeroed kernel buffer mapped in the GGTT.
 * @xe: the device.
 * @size: bytes, rounded up to whole pages.
 * @name: a static name for debugfs.
 * @out: out: the buffer.
 *
 * Context: process context.
 * Return: 0, -ENOMEM, -ENOSPC or a bus error.
 */
int xevf_ggtt_kbo_create(struct xevf_device *xe, size_t size, const char *name,
			 struct xevf_kbo **out)
{
	struct xevf_kbo *kbo;
	unsigned int i;
	int err = -ENOMEM;

	kbo = kzalloc(sizeof(*kbo), GFP_KERNEL);
	if (!kbo)
		return -ENOMEM;
	INIT_LIST_HEAD(&kbo->link);
	kbo->ggtt = &xe->ggtt;
	kbo->name = name;
	kbo->npages = DIV_ROUND_UP(size, PAGE_SIZE);
	kbo->pages = kvcalloc(kbo->npages, sizeof(*kbo->pages), GFP_KERNEL);
	if (!kbo->pages)
		goto err_free_kbo;
	for (i = 0; i < kbo->npages; i++) {
		kbo->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!kbo->pages[i])
			goto err_free_kbo;
	}
	kbo->vaddr = vmap(kbo->pages, kbo->npages, VM_MAP, PAGE_KERNEL);
	if (!kbo->vaddr)
		goto err_free_kbo;
	err = xesim_dma_map(xe->xdev, kbo->pages, kbo->npages, &kbo->iova);
	if (err) {
		kbo->iova = 0;
		goto err_free_kbo;
	}
	err = xevf_ggtt_insert_node(xe, &kbo->node, kbo->npages * PAGE_SIZE);
	err = err ?: xevf_kbo_map(xe, kbo);
	if (err)
		goto err_free_kbo;
	scoped_guard(mutex, &xe->ggtt.lock)
		list_add_tail(&kbo->link, &xe->ggtt.kbos);
	*out = kbo;
	return 0;
err_free_kbo:
	xevf_err(xe, XEVF_GGTT_ROLE, "kernel buffer %s of %zu bytes: %pe\n",
		 name, size, ERR_PTR(err));
	xevf_kbo_free(xe, kbo);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_ggtt_kbo_create);

/**
 * xevf_ggtt_kbo_destroy() - Unmap and free a kernel buffer.
 * @xe: the device.
 * @kbo: the buffer, or NULL.
 *
 * Context: process context.
 */
void xevf_ggtt_kbo_destroy(struct xevf_device *xe, struct xevf_kbo *kbo)
{
	if (!kbo)
		return;
	scoped_guard(mutex, &xe->ggtt.lock)
		list_del(&kbo->link);
	xevf_kbo_free(xe, kbo);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_ggtt_kbo_destroy);
