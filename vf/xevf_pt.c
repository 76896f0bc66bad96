// SPDX-License-Identifier: GPL-2.0
/*
 * The 4-level ppGTT page tables of a VM, in system memory the device walks.
 */

#include <drm/drm_drv.h>
#include <kunit/visibility.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <abi/xe_ppgtt_abi.h>
#include <xesim_driver.h>

#include "xevf_device.h"
#include "xevf_device_types.h"
#include "xevf_pt.h"
#include "xevf_pt_types.h"
#include "xevf_vm_types.h"

/**
 * DOC: xevf ppGTT
 *
 * Each VM has its own 4-level page table (PML4, PDP, PD, PT; 512 entries
 * of 8 bytes per 4 KiB table, 48-bit VAs) in system memory pages mapped
 * into the slot's DMA domain, which the device walks at every access
 * (`xesim ppGTT walk`). Non-leaf entries are the next table's IOVA with
 * ``XE_PAGE_PRESENT``; leaves map 4 KiB pages: an IOVA for system memory,
 * a VF LMEM offset with ``XE_PPGTT_PTE_DM`` for VRAM, or ``XE_PTE_NULL``
 * for a NULL (sparse) bind; all with ``XE_PAGE_RW`` unless the bind is
 * read-only (a write to a NULL leaf is then dropped, not a fault). The
 * context image of every exec queue on the VM points at the PML4
 * (``ppgtt_root``).
 *
 * Tables are allocated on first use, by VM_BIND in the ioctl
 * (xevf_pt_populate(): a new table is empty, which is what its parent's
 * entry meant before), and kept until the VM goes (an unmap only clears
 * leaves); leaves are written by the bind job, under &xevf_vm.pt_lock.
 * A VM created with SCRATCH_PAGE has no hole that faults: empty entries
 * are NULL leaves (1 GiB at the PDP level, 2 MiB at the PD level, 4 KiB
 * in a PT), and every empty PML4 entry points at one shared PDP of 1 GiB
 * NULL leaves, so reads of unbound addresses return zero and writes are
 * dropped, as upstream's scratch page gives.
 *
 * drm_gpuvm keeps the VA space (&xevf_vm.gpuvm): VM_BIND turns each
 * operation into map, remap and unmap steps (drm_gpuvm_sm_map() and
 * drm_gpuvm_sm_unmap()), and each step records the leaves of exactly the
 * range it maps or drops, which the bind job writes (`xevf bind jobs`).
 * Every mapping holds a reference on its object, and so does every job
 * for the objects whose leaves it writes or clears.
 * ppGTT addresses, IOVAs and LMEM offsets survive a migration; nothing in
 * a page table holds a GGTT address.
 */

#define XEVF_PT_ENTRIES		XE_PDES
/* the span of one leaf table: 512 pages */
#define XEVF_PT_SPAN		((u64)XEVF_PT_ENTRIES << XE_PTE_SHIFT)

/**
 * xevf_pt_pde() - The non-leaf entry that points at a table.
 * @pt: the table.
 *
 * Return: the entry.
 */
u64 xevf_pt_pde(const struct xevf_pt *pt)
{
	return ((u64)pt->iova & XE_PTE_ADDR_MASK) | XE_PAGE_PRESENT;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_pt_pde);

/**
 * xevf_pte_encode() - A 4 KiB leaf entry.
 * @addr: the page's IOVA, or VF LMEM offset when @vram.
 * @vram: the page is in the VF's LMEM.
 * @readonly: no device writes.
 *
 * Return: the entry.
 */
u64 xevf_pte_encode(u64 addr, bool vram, bool readonly)
{
	return (addr & XE_PTE_ADDR_MASK) | XE_PAGE_PRESENT |
	       (readonly ? 0 : XE_PAGE_RW) | (vram ? XE_PPGTT_PTE_DM : 0);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_pte_encode);

/**
 * xevf_pt_null_entry() - A NULL leaf that covers a whole entry of a level.
 * @level: 0 (4 KiB), 1 (2 MiB) or 2 (1 GiB).
 *
 * Return: the entry.
 */
u64 xevf_pt_null_entry(unsigned int level)
{
	/* writable, as upstream's: a write is dropped, not a fault */
	u64 pte = XE_PTE_NULL | XE_PAGE_PRESENT | XE_PAGE_RW;

	if (level == 1)
		pte |= XE_PDE_PS_2M;
	else if (level == 2)
		pte |= XE_PDPE_PS_1G;
	return pte;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_pt_null_entry);

/**
 * xevf_pt_index() - The entry of a VA in a table of a level.
 * @va: the virtual address.
 * @level: 3 (PML4) to 0 (PT).
 *
 * Return: the index, 0..511.
 */
unsigned int xevf_pt_index(u64 va, unsigned int level)
{
	return (va >> (XE_PTE_SHIFT + XE_PDE_SHIFT * level)) & (XEVF_PT_ENTRIES - 1);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_pt_index);

static void xevf_pt_write(struct xevf_pt *pt, unsigned int idx, u64 entry)
{
	WRITE_ONCE(pt->entries[idx], cpu_to_le64(entry));
}

/**
 * xevf_pt_create() - Allocate a table with every entry @empty.
 * @xe: the device.
 * @level: its level.
 * @empty: the value of an empty entry.
 * @out: out: the table.
 *
 * Context: process context.
 * Return: 0, -ENOMEM or a bus error.
 */
int xevf_pt_create(struct xevf_device *xe, unsigned int level, u64 empty,
		   struct xevf_pt **out)
{
	struct xevf_pt *pt;
	unsigned int i;
	int err = -ENOMEM;

	pt = kzalloc(sizeof(*pt), GFP_KERNEL);
	if (!pt)
		return -ENOMEM;
	pt->level = level;
	pt->page = alloc_page(GFP_KERNEL);
	if (!pt->page)
		goto err_free_pt;
	if (level) {
		pt->children = kcalloc(XEVF_PT_ENTRIES, sizeof(*pt->children),
				       GFP_KERNEL);
		if (!pt->children)
			goto err_free_pt;
	}
	pt->entries = page_address(pt->page);
	for (i = 0; i < XEVF_PT_ENTRIES; i++)
		xevf_pt_write(pt, i, empty);
	err = xesim_dma_map(xe->xdev, &pt->page, 1, &pt->iova);
	if (err)
		goto err_free_pt;
	*out = pt;
	return 0;
err_free_pt:
	if (pt->page)
		__free_page(pt->page);
	kfree(pt->children);
	kfree(pt);
	return err;
}

/**
 * xevf_pt_destroy() - Free a table and every table below it.
 * @xe: the device.
 * @pt: the table, or NULL.
 *
 * Context: process context.
 */
void xevf_pt_destroy(struct xevf_device *xe, struct xevf_pt *pt)
{
	unsigned int i;

	if (!pt)
		return;
	for (i = 0; pt->children && i < XEVF_PT_ENTRIES; i++)
		xevf_pt_destroy(xe, pt->children[i]);
	/* after the unbind the bus has dropped the mapping itself */
	if (xevf_device_hw_enter(xe)) {
		xesim_dma_unmap(xe->xdev, pt->iova, 1);
		xevf_device_hw_exit(xe);
	}
	__free_page(pt->page);
	kfree(pt->children);
	kfree(pt);
}

static u64 xevf_pt_empty(struct xevf_vm *vm, unsigned int level)
{
	if (!vm->scratch_pdp)
		return 0;
	return level == 3 ? xevf_pt_pde(vm->scratch_pdp) : xevf_pt_null_entry(level);
}

/**
 * xevf_pt_populate() - Allocate the tables down to the leaves of a range.
 * @vm: the VM, its lock held.
 * @start: the first virtual address (page aligned).
 * @end: the end of the range (exclusive, page aligned).
 *
 * A new table is linked into its parent at once: all its entries are empty,
 * which is what the parent's entry meant before, so the device sees no
 * change until leaves are written.
 *
 * Context: process context.
 * Return: 0, -ENOMEM or a bus error (tables allocated so far stay).
 */
int xevf_pt_populate(struct xevf_vm *vm, u64 start, u64 end)
{
	struct xevf_pt *pt, *child;
	unsigned int level, idx;
	u64 va;
	int err;

	lockdep_assert_held(&vm->lock);
	for (va = start; va < end; va = (va | (XEVF_PT_SPAN - 1)) + 1) {
		pt = vm->root;
		for (level = 3; level > 0; level--) {
			idx = xevf_pt_index(va, level);
			if (!pt->children[idx]) {
				err = xevf_pt_create(vm->xe, level - 1,
						     xevf_pt_empty(vm, level - 1), &child);
				if (err)
					return err;
				/* the pointer last: a walker finds a whole table */
				smp_store_release(&pt->children[idx], child);
				xevf_pt_write(pt, idx, xevf_pt_pde(child));
			}
			pt = pt->children[idx];
		}
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_pt_populate);

static struct xevf_pt *xevf_pt_leaf_table(struct xevf_vm *vm, u64 va)
{
	struct xevf_pt *pt = vm->root;
	unsigned int level;

	for (level = 3; level > 0 && pt; level--) {
		/* pairs with xevf_pt_populate()'s release: a table found is whole */
		pt = smp_load_acquire(&pt->children[xevf_pt_index(va, level)]);
	}
	return pt;
}

/**
 * xevf_pt_write_leaf() - Write the leaf of a 4 KiB page whose tables exist
 * (xevf_pt_populate()).
 * @vm: the VM, its &xevf_vm.pt_lock held.
 * @va: the page's virtual address.
 * @pte: the leaf entry.
 *
 * Context: any context that may take a mutex; allocates nothing.
 */
void xevf_pt_write_leaf(struct xevf_vm *vm, u64 va, u64 pte)
{
	struct xevf_pt *pt;

	lockdep_assert_held(&vm->pt_lock);
	pt = xevf_pt_leaf_table(vm, va);
	if (WARN_ON_ONCE(!pt))
		return;
	xevf_pt_write(pt, xevf_pt_index(va, 0), pte);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_pt_write_leaf);

/**
 * xevf_pt_clear() - Make the leaf of a 4 KiB page empty again.
 * @vm: the VM, its &xevf_vm.pt_lock held.
 * @va: the page's virtual address.
 */
void xevf_pt_clear(struct xevf_vm *vm, u64 va)
{
	struct xevf_pt *pt;

	lockdep_assert_held(&vm->pt_lock);
	pt = xevf_pt_leaf_table(vm, va);
	if (pt)
		xevf_pt_write(pt, xevf_pt_index(va, 0), xevf_pt_empty(vm, 0));
}

/**
 * xevf_pt_update() - Write the leaf of a 4 KiB page whose tables exist, if
 * they do.
 * @vm: the VM.
 * @va: the page's virtual address.
 * @pte: the leaf entry.
 *
 * Allocates nothing and takes no lock: tables are only added under the VM's
 * lock (published with a release, found with an acquire) and freed with the
 * VM, so the walk is safe; the caller orders writes to the leaf: a bind job
 * holds &xevf_vm.pt_lock, and the leaves of a userptr are written under its
 * VM's userptr notifier lock (`xevf userptr`).
 *
 * Context: any.
 * Return: true when written, false when a table is missing.
 */
bool xevf_pt_update(struct xevf_vm *vm, u64 va, u64 pte)
{
	struct xevf_pt *pt = xevf_pt_leaf_table(vm, va);

	if (!pt)
		return false;
	xevf_pt_write(pt, xevf_pt_index(va, 0), pte);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_pt_update);

/**
 * xevf_pt_zap() - Make the leaf of a 4 KiB page empty, if its tables exist.
 * @vm: the VM.
 * @va: the page's virtual address.
 *
 * As xevf_pt_update(): no allocation, no lock.
 *
 * Context: any.
 */
void xevf_pt_zap(struct xevf_vm *vm, u64 va)
{
	xevf_pt_update(vm, va, xevf_pt_empty(vm, 0));
}
EXPORT_SYMBOL_IF_KUNIT(xevf_pt_zap);
