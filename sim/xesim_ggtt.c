// SPDX-License-Identifier: GPL-2.0
/*
 * GGTT of the simulated device.
 */

#include <linux/bitfield.h>
#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include <kunit/visibility.h>

#include "abi/xe_regs_abi.h"
#include "xesim_dma.h"
#include "xesim_ggtt.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_lmtt.h"
#include "xesim_printk.h"
#include "xesim_vram.h"

/**
 * DOC: xesim GGTT
 *
 * The GGTT is an array of 64-bit PTEs, one per 4 KiB page of a GGTT address
 * space of up to 4 GiB, with the bits of upstream Xe: XE_PAGE_PRESENT (0),
 * XE_GGTT_PTE_DM (1, the page is in LMEM), GGTT_PTE_VFID (11:2) and the
 * address (45:12).
 *
 * Drivers write PTEs through the GGTT window (xesim_ggtt_write_pte()). The PF
 * writes any entry as given. A VF writes only inside the GGTT range the PF
 * provisioned for it, and the device replaces the VFID field with the VF's
 * own: a VF cannot forge an entry that claims another function's memory.
 * A VF's reads and writes outside its range are dropped silently, as on
 * hardware (a read gives 0, no error reaches the driver: a driver cannot
 * learn from an errno that it wrote at stale addresses), and counted in the
 * VF's ``ggtt_read_dropped`` and ``ggtt_write_dropped``. The PF's accesses
 * beyond the GGTT are refused with -EACCES.
 *
 * The device's own accesses through the GGTT (GuC, engines, interrupt
 * reports) name the function they act for and go through
 * xesim_ggtt_rw(). An access for a VF must stay inside the VF's range and
 * use entries tagged with its VFID. The PTE then decides where the page is:
 * with the LMEM bit, the address is an LMEM offset of the tagged function
 * (a VF offset translated by that VF's LMTT, a VRAM offset for the PF);
 * without it, an IOVA in the tagged function's IOMMU domain (`xesim DMA
 * isolation`). A missing entry, a foreign VFID or an untranslatable address
 * is a GGTT fault for the accessing function: counted in ``ggtt_faults``,
 * logged, and the access stops there.
 */

/**
 * xesim_ggtt_init() - Allocate the PTE array of a GPU.
 * @gpu: the GPU, with @gpu->params.ggtt_size set.
 *
 * Return: 0 or -ENOMEM.
 */
int xesim_ggtt_init(struct xesim_gpu *gpu)
{
	struct xesim_ggtt *ggtt = &gpu->ggtt;

	spin_lock_init(&ggtt->lock);
	ggtt->size = gpu->params.ggtt_size;
	ggtt->ptes = kvcalloc(ggtt->size >> XE_GGTT_PAGE_SHIFT,
			      sizeof(*ggtt->ptes), GFP_KERNEL);
	if (!ggtt->ptes)
		return -ENOMEM;
	ggtt->ranges = kcalloc(gpu->params.max_vfs + 1, sizeof(*ggtt->ranges),
			       GFP_KERNEL);
	if (!ggtt->ranges) {
		kvfree(ggtt->ptes);
		ggtt->ptes = NULL;
		return -ENOMEM;
	}
	return 0;
}

/**
 * xesim_ggtt_fini() - Free the GGTT of a GPU.
 * @gpu: the GPU.
 */
void xesim_ggtt_fini(struct xesim_gpu *gpu)
{
	kfree(gpu->ggtt.ranges);
	kvfree(gpu->ggtt.ptes);
}

/**
 * xesim_ggtt_set_range() - Set the GGTT range of a VF.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 * @start: first GGTT address, 4 KiB aligned.
 * @size: size, 4 KiB aligned; 0 removes the range.
 *
 * The range must lie below both the GGTT size and GUC_GGTT_TOP and must not
 * overlap another VF's range. PTEs are not touched.
 *
 * Context: process context, under &xesim_gpu.lock.
 * Return: 0, -EINVAL for a misaligned or out-of-bounds range, -EBUSY for an
 * overlap.
 */
int xesim_ggtt_set_range(struct xesim_gpu *gpu, unsigned int vfid, u64 start,
			 u64 size)
{
	struct xesim_ggtt *ggtt = &gpu->ggtt;
	u64 end, top = min_t(u64, ggtt->size, GUC_GGTT_TOP);
	unsigned int other;

	lockdep_assert_held(&gpu->lock);

	if (!size)
		start = 0;
	if (!IS_ALIGNED(start, XE_GGTT_PAGE_SIZE) ||
	    !IS_ALIGNED(size, XE_GGTT_PAGE_SIZE) ||
	    check_add_overflow(start, size, &end) || end > top)
		return -EINVAL;

	scoped_guard(spinlock, &ggtt->lock) {
		for (other = 1; size && other <= gpu->params.max_vfs; other++) {
			struct xesim_ggtt_range *r = &ggtt->ranges[other];

			if (other == vfid || !r->size)
				continue;
			if (start < r->start + r->size && r->start < end)
				return -EBUSY;
		}
		ggtt->ranges[vfid].start = start;
		ggtt->ranges[vfid].size = size;
		return 0;
	}
}

/**
 * xesim_ggtt_get_range() - The GGTT range of a VF.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 * @start: first GGTT address.
 * @size: size in bytes, 0 for none.
 */
void xesim_ggtt_get_range(struct xesim_gpu *gpu, unsigned int vfid,
			  u64 *start, u64 *size)
{
	scoped_guard(spinlock, &gpu->ggtt.lock) {
		*start = gpu->ggtt.ranges[vfid].start;
		*size = gpu->ggtt.ranges[vfid].size;
	}
}

/* may @fn touch the PTE of @addr? Caller holds the GGTT lock. */
static bool xesim_ggtt_allowed(struct xesim_fn *fn, u64 addr)
{
	struct xesim_ggtt_range *r;

	if (addr >= fn->gpu->ggtt.size)
		return false;
	if (!fn->vfid)
		return true;
	r = &fn->gpu->ggtt.ranges[fn->vfid];
	return addr >= r->start && addr - r->start < r->size;
}

/*
 * Write the @n PTEs of @src (zeros for NULL), or read them into @dst, from
 * GGTT address @addr for @fn under one hold of the GGTT lock: a VF's
 * entries outside its range are dropped (a read gives 0), counted and
 * logged once, and the VFID of its writes is forced to its own; the PF's
 * stop at the end of the GGTT with -EACCES.
 */
static int xesim_ggtt_ptes_rw(struct xesim_fn *fn, u64 addr, const u64 *src,
			      u64 *dst, unsigned int n)
{
	struct xesim_ggtt *ggtt = &fn->gpu->ggtt;
	const char *what = dst ? "read" : "write";
	unsigned int i, dropped = 0;
	u64 a, pte, first_dropped = 0;
	int err = 0;

	if (dst)
		memset(dst, 0, n * sizeof(*dst));
	if (!IS_ALIGNED(addr, XE_GGTT_PAGE_SIZE)) {
		xesim_fn_err_ratelimited(fn, "GGTT %s: address %#llx not 4K aligned\n",
					 what, addr);
		return -EINVAL;
	}

	scoped_guard(spinlock, &ggtt->lock) {
		for (i = 0, a = addr; i < n; i++, a += XE_GGTT_PAGE_SIZE) {
			if (!xesim_ggtt_allowed(fn, a)) {
				if (!dropped++)
					first_dropped = a;
				if (fn->vfid)
					continue;
				err = -EACCES;
				break;
			}
			if (dst) {
				dst[i] = ggtt->ptes[a >> XE_GGTT_PAGE_SHIFT];
				continue;
			}
			pte = src ? src[i] : 0;
			if (fn->vfid)
				pte = (pte & ~GGTT_PTE_VFID) |
				      FIELD_PREP(GGTT_PTE_VFID, fn->vfid);
			ggtt->ptes[a >> XE_GGTT_PAGE_SHIFT] = pte;
		}
	}

	if (dropped) {
		atomic64_add(dropped, dst ? &fn->stats.ggtt_read_dropped :
					    &fn->stats.ggtt_write_dropped);
		xesim_fn_err_ratelimited(fn, "GGTT %s of %#llx (%u entries) outside the range, dropped\n",
					 what, first_dropped, dropped);
	}
	return err;
}

/**
 * xesim_ggtt_ptes_read() - A driver reads a run of PTEs through the GGTT
 * window.
 * @fn: the function whose window is used.
 * @addr: the GGTT address the first PTE maps, 4 KiB aligned.
 * @ptes: out: the @n PTEs of consecutive pages; 0 for a dropped read.
 * @n: how many.
 *
 * Context: any context.
 * Return: 0 (also for a VF's reads outside its range: dropped and counted),
 * -EINVAL for a misaligned address, -EACCES for a PF read beyond the GGTT
 * (the reads stop there).
 */
int xesim_ggtt_ptes_read(struct xesim_fn *fn, u64 addr, u64 *ptes,
			 unsigned int n)
{
	return xesim_ggtt_ptes_rw(fn, addr, NULL, ptes, n);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_ggtt_ptes_read);

/**
 * xesim_ggtt_ptes_write() - A driver writes a run of PTEs through the GGTT
 * window.
 * @fn: the function whose window is used.
 * @addr: the GGTT address the first PTE maps, 4 KiB aligned.
 * @ptes: the @n PTEs of consecutive pages, NULL for @n zero (not present)
 *        ones; a VF's VFID fields are replaced by its own.
 * @n: how many.
 *
 * Context: any context.
 * Return: 0 (also for a VF's writes outside its range: dropped and
 * counted), -EINVAL for a misaligned address, -EACCES for a PF write beyond
 * the GGTT (the writes stop there).
 */
int xesim_ggtt_ptes_write(struct xesim_fn *fn, u64 addr, const u64 *ptes,
			  unsigned int n)
{
	return xesim_ggtt_ptes_rw(fn, addr, ptes, NULL, n);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_ggtt_ptes_write);

/**
 * xesim_ggtt_pte_read() - A driver reads a PTE through the GGTT window.
 * @fn: the function whose window is used.
 * @addr: the GGTT address the PTE maps, 4 KiB aligned.
 * @pte: the PTE; 0 when the read is dropped.
 *
 * Context: any context.
 * Return: as xesim_ggtt_ptes_read().
 */
int xesim_ggtt_pte_read(struct xesim_fn *fn, u64 addr, u64 *pte)
{
	return xesim_ggtt_ptes_read(fn, addr, pte, 1);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_ggtt_pte_read);

/**
 * xesim_ggtt_pte_write() - A driver writes a PTE through the GGTT window.
 * @fn: the function whose window is used.
 * @addr: the GGTT address the PTE maps, 4 KiB aligned.
 * @pte: the PTE; a VF's VFID field is replaced by its own.
 *
 * Context: any context.
 * Return: as xesim_ggtt_ptes_write().
 */
int xesim_ggtt_pte_write(struct xesim_fn *fn, u64 addr, u64 pte)
{
	return xesim_ggtt_ptes_write(fn, addr, &pte, 1);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_ggtt_pte_write);

/* access one page's worth through @pte, tagged for function @pvfid */
static int xesim_ggtt_rw_page(struct xesim_fn *fn, u64 pte, u64 in_page,
			      void *buf, size_t len, bool write)
{
	unsigned int pvfid = FIELD_GET(GGTT_PTE_VFID, pte);
	u64 addr = (pte & XE_GGTT_PTE_ADDR) + in_page;
	struct xesim_gpu *gpu = fn->gpu;
	struct xesim_fn *owner;
	int err;

	if (pte & XE_GGTT_PTE_DM) {
		if (!pvfid) {
			err = xesim_vram_rw(gpu, addr, buf, len, write, NULL);
			return err == -ERANGE ? -EFAULT : err;
		}
		if (pvfid > gpu->params.max_vfs)
			return -EFAULT;
		return xesim_lmtt_rw(gpu, pvfid, addr, buf, len, write, NULL);
	}

	if (pvfid == fn->vfid)
		return xesim_dma_rw(fn, addr, buf, len, write);
	owner = xesim_gpu_get_fn(gpu, pvfid);
	if (!owner)
		return -EFAULT;
	err = xesim_dma_rw(owner, addr, buf, len, write);
	xesim_gpu_put_fn(owner);
	return err;
}

/**
 * xesim_ggtt_rw() - A device access through the GGTT for a function.
 * @fn: the function the device acts for.
 * @addr: GGTT address.
 * @buf: the data.
 * @len: its length.
 * @write: write @buf, else read into @buf.
 *
 * Context: process context; may sleep (a VRAM page may need memory).
 * Return: 0, -EFAULT on a GGTT, LMEM or DMA fault (the access stops at the
 * faulting page), -ENOMEM.
 */
int xesim_ggtt_rw(struct xesim_fn *fn, u64 addr, void *buf, size_t len,
		  bool write)
{
	struct xesim_ggtt *ggtt = &fn->gpu->ggtt;
	int err;

	while (len) {
		u64 in_page = addr & (XE_GGTT_PAGE_SIZE - 1);
		size_t chunk = min_t(u64, len, XE_GGTT_PAGE_SIZE - in_page);
		bool ok;
		u64 pte;

		scoped_guard(spinlock, &ggtt->lock) {
			ok = xesim_ggtt_allowed(fn, addr);
			pte = ok ? ggtt->ptes[addr >> XE_GGTT_PAGE_SHIFT] : 0;
		}

		if (!(pte & XE_PAGE_PRESENT) ||
		    (fn->vfid && FIELD_GET(GGTT_PTE_VFID, pte) != fn->vfid)) {
			err = -EFAULT;
			goto err_fault;
		}
		err = xesim_ggtt_rw_page(fn, pte, in_page, buf, chunk, write);
		if (err == -EFAULT)
			goto err_fault;
		if (err)
			return err;
		buf += chunk;
		addr += chunk;
		len -= chunk;
	}
	return 0;

err_fault:
	atomic64_inc(&fn->stats.ggtt_faults);
	xesim_fn_err_ratelimited(fn, "GGTT fault: %s at %#llx\n",
				 write ? "write" : "read", addr);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_ggtt_rw);

/**
 * xesim_ggtt_clear_range() - Invalidate all PTEs of a VF's range (FLR).
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 */
void xesim_ggtt_clear_range(struct xesim_gpu *gpu, unsigned int vfid)
{
	struct xesim_ggtt *ggtt = &gpu->ggtt;
	struct xesim_ggtt_range *r = &ggtt->ranges[vfid];
	u64 i;

	scoped_guard(spinlock, &ggtt->lock) {
		for (i = r->start >> XE_GGTT_PAGE_SHIFT;
		     i < (r->start + r->size) >> XE_GGTT_PAGE_SHIFT; i++)
			ggtt->ptes[i] = 0;
	}
}

/**
 * xesim_ggtt_count_valid() - Count the valid PTEs of a GGTT range.
 * @gpu: the GPU.
 * @start: first GGTT address.
 * @size: size in bytes.
 *
 * Return: the number of PTEs with XE_PAGE_PRESENT.
 */
u64 xesim_ggtt_count_valid(struct xesim_gpu *gpu, u64 start, u64 size)
{
	struct xesim_ggtt *ggtt = &gpu->ggtt;
	u64 i, first, end, n = 0;

	first = start >> XE_GGTT_PAGE_SHIFT;
	end = min(start + size, ggtt->size) >> XE_GGTT_PAGE_SHIFT;
	for (i = first; i < end; i++) {
		/* a plain 64-bit load; good enough for statistics */
		if (READ_ONCE(ggtt->ptes[i]) & XE_PAGE_PRESENT)
			n++;
		if (!(i & 0xffff))
			cond_resched();
	}
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_ggtt_count_valid);

/**
 * xesim_ggtt_show() - Print the GGTT layout of a GPU.
 * @gpu: the GPU.
 * @m: the seq_file.
 */
void xesim_ggtt_show(struct xesim_gpu *gpu, struct seq_file *m)
{
	unsigned int vfid;
	u64 start, size;

	seq_printf(m, "size: %#llx\nguc_top: %#llx\nvalid: %llu\n",
		   gpu->ggtt.size, GUC_GGTT_TOP,
		   xesim_ggtt_count_valid(gpu, 0, gpu->ggtt.size));
	for (vfid = 1; vfid <= gpu->params.max_vfs; vfid++) {
		xesim_ggtt_get_range(gpu, vfid, &start, &size);
		if (!size)
			continue;
		seq_printf(m, "vf%u: %#llx-%#llx valid %llu\n", vfid, start,
			   start + size - 1,
			   xesim_ggtt_count_valid(gpu, start, size));
	}
}
