// SPDX-License-Identifier: GPL-2.0
/*
 * DMA isolation of the simulated device: the IOMMU role.
 */

#include <linux/cleanup.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>

#include <kunit/visibility.h>

#include "abi/xe_regs_abi.h"
#include "xesim_bus.h"
#include "xesim_dma.h"
#include "xesim_dma_types.h"
#include "xesim_gpu_types.h"
#include "xesim_printk.h"

/**
 * DOC: xesim DMA isolation
 *
 * The device never touches system memory by physical address. Every device
 * access to system memory (through a GGTT entry without the LMEM bit, or
 * later through a ppGTT entry) carries an I/O virtual address that is looked
 * up in the IOMMU domain of the function on whose behalf the device acts.
 * A domain holds only pages that the driver mapped with xesim_dma_map(), each
 * with a page reference, so a mapped page cannot be freed under the device.
 * Any other address is a device fault for that function: counted in its
 * ``dma_faults``, logged, and the access stops before touching the page.
 *
 * The PF has its own domain. A VF uses the domain of the guest slot attached
 * to it: the guest's DMA mappings belong to the VM, so they follow the slot
 * when it is re-attached to another VF (like guest-physical addresses after a
 * migration), and a VF without a slot reaches no system memory at all.
 *
 * IOVAs are handed out upwards from 1 MiB and never reused, so a stale IOVA
 * kept by a buggy driver faults instead of reaching a newer mapping.
 *
 * The PF may ask whether an IOVA range is mapped in a VF's domain now
 * (xesim_pf_vf_dma_check(), the host's view of the IOMMU), to check GGTT
 * entries it is handed before it writes them; the answer is a lookup, no
 * access and no fault.
 */

#define XESIM_DMA_FIRST_PFN	(SZ_1M >> PAGE_SHIFT)
#define XESIM_DMA_END_PFN	((XE_GGTT_PTE_ADDR >> PAGE_SHIFT) + 1)

/**
 * xesim_dma_domain_create() - Create an empty IOMMU domain.
 *
 * Return: the domain, or NULL without memory.
 */
struct xesim_dma_domain *xesim_dma_domain_create(void)
{
	struct xesim_dma_domain *dom;

	dom = kzalloc(sizeof(*dom), GFP_KERNEL);
	if (!dom)
		return NULL;
	xa_init(&dom->pages);
	mutex_init(&dom->lock);
	dom->next_pfn = XESIM_DMA_FIRST_PFN;
	atomic_inc(&xesim_objects.dma_domains);
	return dom;
}

/**
 * xesim_dma_domain_clear() - Unmap everything in a domain.
 * @dom: the domain.
 *
 * Context: process context; no device access may use @dom concurrently
 * unless it holds the lock of the function pointing at @dom.
 */
void xesim_dma_domain_clear(struct xesim_dma_domain *dom)
{
	struct page *page;
	unsigned long idx;

	guard(mutex)(&dom->lock);
	xa_for_each(&dom->pages, idx, page) {
		xa_erase(&dom->pages, idx);
		put_page(page);
		dom->mapped--;
		atomic_long_dec(&xesim_objects.dma_pages);
	}
}

/**
 * xesim_dma_domain_destroy() - Unmap everything and free a domain.
 * @dom: the domain, or NULL.
 */
void xesim_dma_domain_destroy(struct xesim_dma_domain *dom)
{
	if (!dom)
		return;
	xesim_dma_domain_clear(dom);
	xa_destroy(&dom->pages);
	mutex_destroy(&dom->lock);
	kfree(dom);
	atomic_dec(&xesim_objects.dma_domains);
}

/**
 * xesim_dma_domain_map() - Map pages at consecutive IOVAs.
 * @dom: the domain.
 * @pages: the pages; each gets a reference until it is unmapped.
 * @count: number of pages, at least 1.
 * @iova: the IOVA of the first page.
 *
 * Context: process context; may sleep (the domain lock), never enters memory
 * reclaim: the xarray grows from the atomic pools, as IOMMU page tables do.
 * Return: 0, -ENOSPC when the IOVA space is used up, -ENOMEM.
 */
int xesim_dma_domain_map(struct xesim_dma_domain *dom, struct page **pages,
			 unsigned int count, dma_addr_t *iova)
{
	unsigned int i;
	u64 first;
	int err;

	guard(mutex)(&dom->lock);
	first = dom->next_pfn;
	if (count > XESIM_DMA_END_PFN - first)
		return -ENOSPC;
	for (i = 0; i < count; i++) {
		err = xa_insert(&dom->pages, first + i, pages[i], GFP_ATOMIC);
		if (err)
			goto err_erase;
		get_page(pages[i]);
	}
	dom->next_pfn = first + count;
	dom->mapped += count;
	atomic_long_add(count, &xesim_objects.dma_pages);
	*iova = first << PAGE_SHIFT;
	return 0;

err_erase:
	while (i--) {
		xa_erase(&dom->pages, first + i);
		put_page(pages[i]);
	}
	return err;
}

/**
 * xesim_dma_domain_unmap() - Unmap pages mapped by xesim_dma_domain_map().
 * @dom: the domain.
 * @iova: IOVA of the first page, page aligned.
 * @count: number of pages.
 *
 * All of the range must be mapped, else nothing is unmapped.
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINVAL for a range that is not fully mapped.
 */
int xesim_dma_domain_unmap(struct xesim_dma_domain *dom, dma_addr_t iova,
			   unsigned int count)
{
	u64 first = iova >> PAGE_SHIFT;
	struct page *page;
	unsigned int i;

	if (!count || !PAGE_ALIGNED(iova) || first >= XESIM_DMA_END_PFN ||
	    count > XESIM_DMA_END_PFN - first)
		return -EINVAL;

	guard(mutex)(&dom->lock);
	for (i = 0; i < count; i++)
		if (!xa_load(&dom->pages, first + i))
			return -EINVAL;
	for (i = 0; i < count; i++) {
		page = xa_erase(&dom->pages, first + i);
		put_page(page);
	}
	dom->mapped -= count;
	atomic_long_sub(count, &xesim_objects.dma_pages);
	return 0;
}

/**
 * xesim_dma_domain_mapped() - The number of pages mapped in a domain.
 * @dom: the domain.
 *
 * Return: the count.
 */
unsigned long xesim_dma_domain_mapped(struct xesim_dma_domain *dom)
{
	guard(mutex)(&dom->lock);
	return dom->mapped;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_dma_domain_mapped);

/* the page mapped at @pfn in @fn's current domain, referenced, or NULL */
static struct page *xesim_dma_lookup(struct xesim_fn *fn, u64 pfn)
{
	struct xesim_dma_domain *dom;
	struct page *page = NULL;

	scoped_guard(spinlock, &fn->lock) {
		dom = fn->removed ? NULL : fn->dma;
		if (dom) {
			xa_lock(&dom->pages);
			page = xa_load(&dom->pages, pfn);
			if (page)
				get_page(page);
			xa_unlock(&dom->pages);
		}
		return page;
	}
}

/**
 * xesim_dma_fn_check() - Whether a range is mapped in a function's domain.
 * @fn: the function.
 * @iova: the first I/O virtual address.
 * @len: bytes, at least 1; the range does not overflow.
 *
 * Looks at the domain the function uses now, as xesim_dma_rw() would,
 * without touching memory or counting a fault.
 *
 * Context: any; takes spinlocks for as many xarray lookups as @len spans
 * pages, so the caller keeps @len small.
 * Return: 0 when every page of the range is mapped, -ENOENT when the
 * function has no domain (a VF without a guest slot), -EFAULT when a page
 * is not mapped.
 */
int xesim_dma_fn_check(struct xesim_fn *fn, u64 iova, u64 len)
{
	u64 pfn = iova >> PAGE_SHIFT, last = (iova + len - 1) >> PAGE_SHIFT;
	struct xesim_dma_domain *dom;
	int err = 0;

	scoped_guard(spinlock, &fn->lock) {
		dom = fn->removed ? NULL : fn->dma;
		if (!dom)
			return -ENOENT;
		xa_lock(&dom->pages);
		for (; pfn <= last && !err; pfn++)
			if (!xa_load(&dom->pages, pfn))
				err = -EFAULT;
		xa_unlock(&dom->pages);
		return err;
	}
}

/**
 * xesim_dma_rw() - A device access to system memory for a function.
 * @fn: the function the device acts for.
 * @iova: I/O virtual address.
 * @buf: the data.
 * @len: its length.
 * @write: write @buf, else read into @buf.
 *
 * Goes page by page through @fn's IOMMU domain. An unmapped page is a DMA
 * fault: counted, logged, and the access stops before it.
 *
 * Context: process context.
 * Return: 0 or -EFAULT.
 */
int xesim_dma_rw(struct xesim_fn *fn, u64 iova, void *buf, size_t len,
		 bool write)
{
	u64 end;

	if (check_add_overflow(iova, (u64)len, &end))
		goto err_fault;

	while (len) {
		size_t in_page = offset_in_page(iova);
		size_t chunk = min_t(size_t, len, PAGE_SIZE - in_page);
		struct page *page;

		page = xesim_dma_lookup(fn, iova >> PAGE_SHIFT);
		if (!page)
			goto err_fault;
		if (write)
			memcpy_to_page(page, in_page, buf, chunk);
		else
			memcpy_from_page(buf, page, in_page, chunk);
		put_page(page);
		buf += chunk;
		iova += chunk;
		len -= chunk;
	}
	return 0;

err_fault:
	atomic64_inc(&fn->stats.dma_faults);
	xesim_fn_err_ratelimited(fn, "DMA fault: %s at unmapped IOVA %#llx\n",
				 write ? "write" : "read", iova);
	return -EFAULT;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_dma_rw);
