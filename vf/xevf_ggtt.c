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
#include "xevf_printk.h"

/**
 * DOC: xevf GGTT rule
 *
 * The VF owns a range of the device-global GGTT, [GGTT_START, GGTT_START +
 * GGTT_SIZE) as the GuC reports it, capped at GUC_GGTT_TOP. A &struct
 * drm_mm over that range hands out nodes; a node is mapped by writing one
 * PTE per 4 KiB page through the device's GGTT window (an IOVA of the slot's
 * DMA domain, or a VF LMEM offset with ``XE_GGTT_PTE_DM``; the device adds
 * the VFID) and unmapped by writing zeros before the node is freed.
 *
 * The rule that keeps migration fix-ups small: **a GGTT address is always
 * computed from its drm_mm node when it is used** (xevf_kbo_ggtt()), never
 * stored in another driver structure. Only memory the device reads holds
 * GGTT addresses: context images, ring commands, the CT and memory
 * interrupt registration in the GuC. After a migration moves the range,
 * shifting the nodes therefore fixes every CPU-side use at once, and the
 * recovery has only that device-visible memory to patch.
 *
 * Every kernel buffer in GGTT (&struct xevf_kbo: context images, rings,
 * status pages, CT buffers, the memory interrupt page) is on
 * &xevf_ggtt.kbos, so the recovery can walk all of them without allocating.
 * Kernel buffers live in system memory: the guest's memory needs no copy on
 * migration and its DMA domain moves with the slot, so only the GGTT PTEs
 * (which the PF moves) and the GGTT addresses change.
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
	drm_mm_init(&ggtt->mm, start, size);
	return drmm_add_action_or_reset(&xe->drm, xevf_ggtt_release, xe);
}

/**
 * xevf_ggtt_insert_node() - Allocate GGTT space.
 * @xe: the device.
 * @node: a zeroed node.
 * @size: bytes, rounded up to whole pages.
 *
 * Context: process context.
 * Return: 0 or -ENOSPC.
 */
int xevf_ggtt_insert_node(struct xevf_device *xe, struct drm_mm_node *node,
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
	u64 off;
	int err;

	lockdep_assert_held(&xe->ggtt.lock);
	for (off = 0; off < node->size; off += XE_GGTT_PAGE_SIZE) {
		err = xesim_ggtt_write_pte(xe->xdev, node->start + off,
					   first_pte ? first_pte + off * step : 0);
		if (err)
			return err;
		xe->ggtt.pte_writes++;
	}
	return 0;
}

/**
 * xevf_ggtt_remove_node() - Unmap and free GGTT space.
 * @xe: the device.
 * @node: an allocated node; it is zeroed again.
 *
 * Context: process context.
 */
void xevf_ggtt_remove_node(struct xevf_device *xe, struct drm_mm_node *node)
{
	guard(mutex)(&xe->ggtt.lock);
	if (!drm_mm_node_allocated(node))
		return;
	/* after the unbind the device is out of reach and forgets the VF */
	if (xevf_hw_enter(xe)) {
		xevf_ggtt_write(xe, node, 0, 0);
		xevf_hw_exit(xe);
	}
	drm_mm_remove_node(node);
	memset(node, 0, sizeof(*node));
}

/**
 * xevf_ggtt_map_dma() - Point a node at contiguous IOVAs.
 * @xe: the device.
 * @node: the node.
 * @iova: the IOVA of its first page.
 *
 * Context: process context.
 * Return: 0 or a bus error.
 */
int xevf_ggtt_map_dma(struct xevf_device *xe, struct drm_mm_node *node,
		      dma_addr_t iova)
{
	guard(mutex)(&xe->ggtt.lock);
	return xevf_ggtt_write(xe, node, xevf_ggtt_pte_dma(iova), 1);
}

/**
 * xevf_ggtt_map_lmem() - Point a node at contiguous VF LMEM.
 * @xe: the device.
 * @node: the node.
 * @offset: the VF LMEM offset of its first page.
 *
 * Context: process context.
 * Return: 0 or a bus error.
 */
int xevf_ggtt_map_lmem(struct xevf_device *xe, struct drm_mm_node *node,
		       u64 offset)
{
	guard(mutex)(&xe->ggtt.lock);
	return xevf_ggtt_write(xe, node, xevf_ggtt_pte_lmem(offset), 1);
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
	drm_printf(p, "range %#llx+%#llx pte_writes %llu\n",
		   xe->config.ggtt_start, xe->config.ggtt_size,
		   xe->ggtt.pte_writes);
	drm_mm_print(&xe->ggtt.mm, p);
	list_for_each_entry(kbo, &xe->ggtt.kbos, link)
		drm_printf(p, "kbo %s ggtt %#llx+%#llx iova %pad\n", kbo->name,
			   kbo->node.start, kbo->node.size, &kbo->iova);
}

/**
 * xevf_kbo_ggtt() - The GGTT address of a kernel buffer, from its node.
 * @kbo: the buffer.
 * @offset: a byte offset in it.
 *
 * Return: the GGTT address of @offset.
 */
u64 xevf_kbo_ggtt(const struct xevf_kbo *kbo, u64 offset)
{
	return kbo->node.start + offset;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_kbo_ggtt);

static void xevf_kbo_free(struct xevf_device *xe, struct xevf_kbo *kbo)
{
	unsigned int i;

	xevf_ggtt_remove_node(xe, &kbo->node);
	if (kbo->iova && xevf_hw_enter(xe)) {
		xesim_dma_unmap(xe->xdev, kbo->iova, kbo->npages);
		xevf_hw_exit(xe);
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
 * xevf_kbo_create() - Allocate a zeroed kernel buffer mapped in the GGTT.
 * @xe: the device.
 * @size: bytes, rounded up to whole pages.
 * @name: a static name for debugfs.
 * @out: out: the buffer.
 *
 * Context: process context.
 * Return: 0, -ENOMEM, -ENOSPC or a bus error.
 */
int xevf_kbo_create(struct xevf_device *xe, size_t size, const char *name,
		    struct xevf_kbo **out)
{
	struct xevf_kbo *kbo;
	unsigned int i;
	int err = -ENOMEM;

	kbo = kzalloc(sizeof(*kbo), GFP_KERNEL);
	if (!kbo)
		return -ENOMEM;
	INIT_LIST_HEAD(&kbo->link);
	kbo->name = name;
	kbo->npages = DIV_ROUND_UP(size, PAGE_SIZE);
	kbo->pages = kvcalloc(kbo->npages, sizeof(*kbo->pages), GFP_KERNEL);
	if (!kbo->pages)
		goto fail;
	for (i = 0; i < kbo->npages; i++) {
		kbo->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!kbo->pages[i])
			goto fail;
	}
	kbo->vaddr = vmap(kbo->pages, kbo->npages, VM_MAP, PAGE_KERNEL);
	if (!kbo->vaddr)
		goto fail;
	err = xesim_dma_map(xe->xdev, kbo->pages, kbo->npages, &kbo->iova);
	if (err) {
		kbo->iova = 0;
		goto fail;
	}
	err = xevf_ggtt_insert_node(xe, &kbo->node, kbo->npages * PAGE_SIZE);
	err = err ?: xevf_ggtt_map_dma(xe, &kbo->node, kbo->iova);
	if (err)
		goto fail;
	scoped_guard(mutex, &xe->ggtt.lock)
		list_add_tail(&kbo->link, &xe->ggtt.kbos);
	*out = kbo;
	return 0;
fail:
	xevf_err(xe, XEVF_GGTT_ROLE, "kernel buffer %s of %zu bytes: %pe\n",
		 name, size, ERR_PTR(err));
	xevf_kbo_free(xe, kbo);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_kbo_create);

/**
 * xevf_kbo_destroy() - Unmap and free a kernel buffer.
 * @xe: the device.
 * @kbo: the buffer, or NULL.
 *
 * Context: process context.
 */
void xevf_kbo_destroy(struct xevf_device *xe, struct xevf_kbo *kbo)
{
	if (!kbo)
		return;
	scoped_guard(mutex, &xe->ggtt.lock)
		list_del(&kbo->link);
	xevf_kbo_free(xe, kbo);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_kbo_destroy);
