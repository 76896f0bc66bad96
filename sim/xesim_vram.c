// SPDX-License-Identifier: GPL-2.0
/*
 * VRAM of the simulated device.
 */

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/xarray.h>

#include <kunit/visibility.h>

#include "xesim_bus.h"
#include "xesim_gpu_types.h"
#include "xesim_knob.h"
#include "xesim_vram.h"
#include "xesim_vram_types.h"

/**
 * DOC: xesim VRAM
 *
 * VRAM is an xarray of pages indexed by VRAM page number, filled on demand:
 * a page gets memory (zeroed) when it is first written or mapped, and a page
 * that was never written reads as zeros. A device write of a whole page
 * (the PF's restore of a VF's VRAM) puts its data into the new page before
 * the page is published, rather than zeros first. So a 256 MiB device costs only the
 * memory its workloads touch, and a wipe (VF FLR, unprovisioning) frees the
 * pages instead of clearing them.
 *
 * Offsets here are VRAM physical offsets, as the PF sees them. A VF reaches
 * VRAM only through its LMTT (`xesim LMTT`), which turns VF offsets into
 * these.
 *
 * A driver's access (a CPU access through the LMEM BAR, a CPU mapping's
 * fault) allocates nothing inside its critical section, the slot's access
 * gate, which the device's own teardown waits for. The access brings zeroed
 * pages along (&struct xesim_vram_spare, filled before it); a page that
 * needs backing takes one, and the xarray's own nodes come from the atomic
 * pools (GFP_ATOMIC: no reclaim), as an IOMMU's page tables do in dma_map.
 * When the spare pages run out the access stops and resumes after a refill
 * outside the gate (xesim_vram_access() in the bus API). The refill is a
 * GFP_KERNEL allocation in the caller's context: a driver must not write
 * VRAM that is not yet backed while it holds locks of its fence-signalling
 * path (the VF driver writes VRAM only when it clears a new BO and in its
 * fault handler). A failed node allocation fails the access with -ENOMEM.
 * Device-internal accesses (engines, the GuC, the PF's migration) run in
 * the device's own context and allocate directly.
 *
 * An access holds a reference on each page while it copies, so a concurrent
 * wipe only unhooks the page; the access finishes on the old page, which is
 * freed when the last reference goes. The same holds for pages a driver maps
 * to user space through xesim_vram_get_page().
 */

/**
 * xesim_vram_init() - Set up the VRAM of a GPU.
 * @gpu: the GPU, with @gpu->params.vram_size set.
 *
 * Return: 0.
 */
int xesim_vram_init(struct xesim_gpu *gpu)
{
	gpu->vram.size = gpu->params.vram_size;
	xa_init(&gpu->vram.pages);
	atomic_long_set(&gpu->vram.backed, 0);
	return 0;
}

static void xesim_vram_free_page(struct xesim_gpu *gpu, struct page *page)
{
	put_page(page);
	atomic_long_dec(&gpu->vram.backed);
	atomic_long_dec(&xesim_objects.vram_pages);
}

/**
 * xesim_vram_fini() - Free all VRAM pages of a GPU.
 * @gpu: the GPU.
 */
void xesim_vram_fini(struct xesim_gpu *gpu)
{
	struct page *page;
	unsigned long idx;

	xa_for_each(&gpu->vram.pages, idx, page)
		xesim_vram_free_page(gpu, page);
	xa_destroy(&gpu->vram.pages);
}

/**
 * xesim_vram_spare_fill() - Fill a driver access's spare pages.
 * @spare: the spare pages; zero-initialize it before the first fill.
 *
 * Context: process context, outside any device access; may sleep.
 * Return: 0 when at least one page is there, else -ENOMEM.
 */
int xesim_vram_spare_fill(struct xesim_vram_spare *spare)
{
	while (spare->count < XESIM_VRAM_SPARE_PAGES) {
		struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);

		if (!page)
			break;
		spare->pages[spare->count++] = page;
	}
	return spare->count ? 0 : -ENOMEM;
}

/**
 * xesim_vram_spare_release() - Free the spare pages an access left.
 * @spare: the spare pages.
 */
void xesim_vram_spare_release(struct xesim_vram_spare *spare)
{
	while (spare->count)
		__free_page(spare->pages[--spare->count]);
}

/* give back a page that did not back VRAM: to @spare, or free it */
static void xesim_vram_unuse(struct page *page, struct xesim_vram_spare *spare)
{
	if (spare)
		spare->pages[spare->count++] = page;
	else
		__free_page(page);
}

/*
 * Find the page at @idx and take a reference; with @alloc, back it first if
 * needed, from @spare when given (-EAGAIN when it is empty). Returns NULL
 * for a never written page when !@alloc. @fill, for the device's own
 * accesses (no @spare), is a whole page of data for a page that needs
 * backing: the new page gets it before anyone can see the page, instead of
 * zeros, and *@filled tells the caller that its write is done.
 */
static struct page *xesim_vram_get(struct xesim_gpu *gpu, unsigned long idx,
				   bool alloc, struct xesim_vram_spare *spare,
				   const void *fill, bool *filled, int *err)
{
	gfp_t gfp = spare ? GFP_ATOMIC : GFP_KERNEL;

	struct page *page, *old;

	xa_lock(&gpu->vram.pages);
	page = xa_load(&gpu->vram.pages, idx);
	if (page)
		get_page(page);
	xa_unlock(&gpu->vram.pages);
	if (page || !alloc)
		return page;

	if (xesim_knob_fail(gpu, XESIM_KNOB_VRAM_ALLOC)) {
		*err = -ENOMEM;
		return NULL;
	}
	if (spare && !spare->count) {
		*err = -EAGAIN;
		return NULL;
	}
	if (spare)
		page = spare->pages[--spare->count];
	else
		page = alloc_page(fill ? GFP_KERNEL : GFP_KERNEL | __GFP_ZERO);
	if (!page) {
		*err = -ENOMEM;
		return NULL;
	}
	if (fill && !spare)
		memcpy_to_page(page, 0, fill, PAGE_SIZE);

	xa_lock(&gpu->vram.pages);
	old = __xa_cmpxchg(&gpu->vram.pages, idx, NULL, page, gfp);
	if (!old)
		get_page(page);
	else if (!xa_is_err(old))
		/* lost a race: use the page another access backed */
		get_page(old);
	xa_unlock(&gpu->vram.pages);
	if (old) {
		xesim_vram_unuse(page, spare);
		if (xa_is_err(old)) {
			*err = xa_err(old);
			return NULL;
		}
		return old;
	}
	atomic_long_inc(&gpu->vram.backed);
	atomic_long_inc(&xesim_objects.vram_pages);
	if (filled)
		*filled = fill && !spare;
	return page;
}

/**
 * xesim_vram_rw() - Read or write VRAM by physical offset.
 * @gpu: the GPU.
 * @offset: VRAM offset.
 * @buf: the data.
 * @len: its length.
 * @write: write @buf to VRAM, else read VRAM into @buf.
 * @spare: a driver access's spare pages (&xesim_vram_spare.done is set), or
 *         NULL for the device's own accesses, which allocate.
 *
 * The caller has checked that the range lies inside VRAM.
 *
 * Context: process context; may sleep without @spare; with @spare it does
 * not allocate or sleep.
 * Return: 0, or -ENOMEM when a page could not be backed (the write stops
 * there), -EAGAIN when @spare ran out, or -ERANGE for a range outside VRAM.
 */
int xesim_vram_rw(struct xesim_gpu *gpu, u64 offset, void *buf, size_t len,
		  bool write, struct xesim_vram_spare *spare)
{
	u64 end;

	if (spare)
		spare->done = 0;
	if (check_add_overflow(offset, (u64)len, &end) || end > gpu->vram.size)
		return -ERANGE;

	while (len) {
		unsigned long idx = offset >> PAGE_SHIFT;
		size_t in_page = offset_in_page(offset);
		size_t chunk = min_t(size_t, len, PAGE_SIZE - in_page);
		bool whole = write && !spare && chunk == PAGE_SIZE;
		bool filled = false;
		struct page *page;
		int err = 0;

		page = xesim_vram_get(gpu, idx, write, spare, whole ? buf : NULL,
				      &filled, &err);
		if (err)
			return err;
		if (write) {
			if (!filled)
				memcpy_to_page(page, in_page, buf, chunk);
			put_page(page);
		} else if (page) {
			memcpy_from_page(buf, page, in_page, chunk);
			put_page(page);
		} else {
			memset(buf, 0, chunk);
		}
		buf += chunk;
		offset += chunk;
		len -= chunk;
		if (spare)
			spare->done += chunk;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_vram_rw);

/**
 * xesim_vram_page() - The page backing a VRAM offset, backed if needed.
 * @gpu: the GPU.
 * @offset: VRAM offset.
 * @page: the page, with a reference the caller drops with put_page().
 * @spare: as for xesim_vram_rw().
 *
 * Context: process context; may sleep without @spare.
 * Return: 0, -ERANGE outside VRAM, -EAGAIN when @spare is empty, or
 * -ENOMEM.
 */
int xesim_vram_page(struct xesim_gpu *gpu, u64 offset, struct page **page,
		    struct xesim_vram_spare *spare)
{
	int err = 0;

	if (offset >= gpu->vram.size)
		return -ERANGE;
	*page = xesim_vram_get(gpu, offset >> PAGE_SHIFT, true, spare, NULL, NULL,
			       &err);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_vram_page);

/**
 * xesim_vram_lookup() - The pages backing a VRAM range.
 * @gpu: the GPU.
 * @offset: VRAM offset, page aligned.
 * @pages: set to @n pages, each with a reference the caller drops with
 *         put_page(); without @back, NULL for a page never written (it reads
 *         as zeros).
 * @n: the number of pages.
 * @back: give every page memory (zeroed), for a device write into them.
 *
 * One pass under the xarray's lock finds the pages that exist; without
 * @back nothing is backed and a read of VRAM needs no memory, with @back
 * the missing pages are backed afterwards, one by one.
 *
 * Context: process context; may sleep with @back, else any that may take a
 * spinlock.
 * Return: 0, -ERANGE for a range outside VRAM, or -ENOMEM (no page is
 * referenced then).
 */
int xesim_vram_lookup(struct xesim_gpu *gpu, u64 offset, struct page **pages,
		      unsigned int n, bool back)
{
	unsigned long first = offset >> PAGE_SHIFT;
	unsigned int i;
	int err = 0;

	if (offset_in_page(offset) || first >= gpu->vram.size >> PAGE_SHIFT ||
	    n > (gpu->vram.size >> PAGE_SHIFT) - first)
		return -ERANGE;
	/* the pages that exist in one pass under the lock */
	xa_lock(&gpu->vram.pages);
	for (i = 0; i < n; i++) {
		pages[i] = xa_load(&gpu->vram.pages, first + i);
		if (pages[i])
			get_page(pages[i]);
	}
	xa_unlock(&gpu->vram.pages);
	if (!back)
		return 0;
	/* then memory for the others */
	for (i = 0; i < n; i++) {
		if (pages[i])
			continue;
		pages[i] = xesim_vram_get(gpu, first + i, true, NULL, NULL, NULL,
					  &err);
		if (err) {
			for (i = 0; i < n; i++)
				if (pages[i])
					put_page(pages[i]);
			return err;
		}
	}
	return 0;
}

/**
 * xesim_vram_wipe() - Forget the contents of a VRAM range.
 * @gpu: the GPU.
 * @offset: VRAM offset, page aligned.
 * @len: length, page aligned.
 *
 * The range reads as zeros afterwards; its pages are released.
 *
 * Context: process context.
 */
void xesim_vram_wipe(struct xesim_gpu *gpu, u64 offset, u64 len)
{
	unsigned long first = offset >> PAGE_SHIFT;
	unsigned long last = (offset + len - 1) >> PAGE_SHIFT;
	struct page *page;
	unsigned long idx;

	if (!len)
		return;
	xa_for_each_range(&gpu->vram.pages, idx, page, first, last) {
		page = xa_erase(&gpu->vram.pages, idx);
		if (page)
			xesim_vram_free_page(gpu, page);
	}
}
EXPORT_SYMBOL_IF_KUNIT(xesim_vram_wipe);

/**
 * xesim_vram_backed() - The number of VRAM pages that have memory.
 * @gpu: the GPU.
 *
 * Return: the count.
 */
unsigned long xesim_vram_backed(struct xesim_gpu *gpu)
{
	return atomic_long_read(&gpu->vram.backed);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_vram_backed);
