// SPDX-License-Identifier: GPL-2.0
/*
 * Local memory translation (LMTT) of the simulated device.
 */

#include <linux/bitmap.h>
#include <linux/cleanup.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include <kunit/visibility.h>

#include "abi/xe_regs_abi.h"
#include "xesim_gpu_types.h"
#include "xesim_knob.h"
#include "xesim_lmtt.h"
#include "xesim_vram.h"

/**
 * DOC: xesim LMTT
 *
 * A VF sees its local memory (LMEM) as offsets 0..size, whatever VRAM
 * backs it. As on real Xe, the device translates those offsets through a
 * per-VF table, the LMTT, that the PF sets up at provisioning. So a VF
 * offset means the same on every device: a migration copies LMEM by VF
 * offset, and GGTT entries that point into LMEM hold VF offsets that stay
 * valid on the destination, however its VRAM is laid out.
 *
 * The table maps XE_LMTT_PAGE_SIZE (64 KiB) chunks. Provisioning takes free
 * chunks first fit, not necessarily contiguous; chunks a VF gives up are
 * wiped before another VF can get them, so a VF never sees another VF's
 * data. Provisioning the size a VF already has keeps its LMEM untouched.
 *
 * The PF reaches all of VRAM by physical offset, including the chunks that
 * belong to VFs (as the real PF does through its LMEM BAR).
 */

#define XESIM_LMTT_SHIFT	16
static_assert(BIT(XESIM_LMTT_SHIFT) == XE_LMTT_PAGE_SIZE);

/**
 * xesim_lmtt_init() - Set up the LMTT of a GPU.
 * @gpu: the GPU, its VRAM set up.
 *
 * Return: 0 or -ENOMEM.
 */
int xesim_lmtt_init(struct xesim_gpu *gpu)
{
	struct xesim_lmtt *lmtt = &gpu->lmtt;

	spin_lock_init(&lmtt->lock);
	lmtt->nr_chunks = gpu->vram.size >> XESIM_LMTT_SHIFT;
	lmtt->used = bitmap_zalloc(lmtt->nr_chunks, GFP_KERNEL);
	if (!lmtt->used)
		return -ENOMEM;
	lmtt->tables = kcalloc(gpu->params.max_vfs + 1, sizeof(*lmtt->tables),
			       GFP_KERNEL);
	if (!lmtt->tables) {
		bitmap_free(lmtt->used);
		lmtt->used = NULL;
		return -ENOMEM;
	}
	return 0;
}

/**
 * xesim_lmtt_fini() - Free the LMTT of a GPU (not the VRAM behind it).
 * @gpu: the GPU; its LMTT may be zeroed or half set up.
 */
void xesim_lmtt_fini(struct xesim_gpu *gpu)
{
	struct xesim_lmtt *lmtt = &gpu->lmtt;
	unsigned int vfid;

	for (vfid = 1; lmtt->tables && vfid <= gpu->params.max_vfs; vfid++)
		kfree(lmtt->tables[vfid].chunks);
	kfree(lmtt->tables);
	bitmap_free(lmtt->used);
}

/**
 * xesim_lmtt_provision() - Give a VF its LMEM.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 * @size: LMEM size, a multiple of XE_LMTT_PAGE_SIZE; 0 releases it.
 *
 * A new size replaces the old LMEM: the old chunks are wiped and released,
 * the new ones read as zeros.
 *
 * Context: process context, under &xesim_gpu.lock.
 * Return: 0, -EINVAL for a bad size, -ENOSPC when VRAM has too few free
 * chunks (nothing changes then), -ENOMEM.
 */
int xesim_lmtt_provision(struct xesim_gpu *gpu, unsigned int vfid, u64 size)
{
	struct xesim_lmtt *lmtt = &gpu->lmtt;
	struct xesim_lmtt_table *table = &lmtt->tables[vfid];
	u32 *chunks = NULL, *old;
	u32 count, old_count, i;
	unsigned long bit = 0;

	lockdep_assert_held(&gpu->lock);

	if (!IS_ALIGNED(size, XE_LMTT_PAGE_SIZE) || size > gpu->vram.size)
		return -EINVAL;
	count = size >> XESIM_LMTT_SHIFT;
	if (count == table->count)
		return 0;

	if (count) {
		chunks = kcalloc(count, sizeof(*chunks), GFP_KERNEL);
		if (!chunks)
			return -ENOMEM;
	}

	scoped_guard(spinlock, &lmtt->lock) {
		/* the VF's own chunks are reusable, the others must be free */
		if (bitmap_weight(lmtt->used, lmtt->nr_chunks) - table->count +
		    count > lmtt->nr_chunks)
			goto err_free_chunks;
		old = table->chunks;
		old_count = table->count;
		table->chunks = NULL;
		table->count = 0;
	}

	/* the VF reaches its old chunks no more: wipe, then free them */
	for (i = 0; i < old_count; i++)
		xesim_vram_wipe(gpu, (u64)old[i] << XESIM_LMTT_SHIFT,
				XE_LMTT_PAGE_SIZE);

	scoped_guard(spinlock, &lmtt->lock) {
		for (i = 0; i < old_count; i++)
			clear_bit(old[i], lmtt->used);
		for (i = 0; i < count; i++) {
			bit = find_next_zero_bit(lmtt->used, lmtt->nr_chunks,
						 bit);
			/* counted above, under gpu->lock: there are enough */
			set_bit(bit, lmtt->used);
			chunks[i] = bit;
		}
		table->chunks = chunks;
		table->count = count;
	}

	kfree(old);
	return 0;

err_free_chunks:
	kfree(chunks);
	return -ENOSPC;
}

/**
 * xesim_lmtt_size() - The LMEM size of a VF.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 *
 * Return: the size in bytes.
 */
u64 xesim_lmtt_size(struct xesim_gpu *gpu, unsigned int vfid)
{
	scoped_guard(spinlock, &gpu->lmtt.lock) {
		return (u64)gpu->lmtt.tables[vfid].count << XESIM_LMTT_SHIFT;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lmtt_size);

/**
 * xesim_lmtt_translate() - Translate a VF LMEM offset to a VRAM offset.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 * @offset: offset in the VF's LMEM.
 * @phys: the VRAM offset.
 *
 * Return: 0, or -EFAULT when @offset is outside the VF's LMEM.
 */
int xesim_lmtt_translate(struct xesim_gpu *gpu, unsigned int vfid, u64 offset,
			 u64 *phys)
{
	struct xesim_lmtt_table *table = &gpu->lmtt.tables[vfid];
	u64 chunk = offset >> XESIM_LMTT_SHIFT;

	scoped_guard(spinlock, &gpu->lmtt.lock) {
		if (chunk >= table->count)
			return -EFAULT;
		*phys = ((u64)table->chunks[chunk] << XESIM_LMTT_SHIFT) |
			(offset & (XE_LMTT_PAGE_SIZE - 1));
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lmtt_translate);

/**
 * xesim_lmtt_rw() - Access VF LMEM by VF offset.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 * @offset: offset in the VF's LMEM.
 * @buf: the data.
 * @len: its length.
 * @write: write @buf, else read into @buf.
 * @spare: as for xesim_vram_rw().
 *
 * Context: process context; may sleep without @spare.
 * Return: 0, -EFAULT when the range leaves the VF's LMEM (nothing is
 * accessed then), -ENOMEM, -EAGAIN when @spare ran out (after
 * &xesim_vram_spare.done bytes).
 */
int xesim_lmtt_rw(struct xesim_gpu *gpu, unsigned int vfid, u64 offset,
		  void *buf, size_t len, bool write, struct xesim_vram_spare *spare)
{
	size_t done = 0;
	u64 end;
	int err;

	if (spare)
		spare->done = 0;

	if (check_add_overflow(offset, (u64)len, &end) ||
	    end > xesim_lmtt_size(gpu, vfid))
		return -EFAULT;

	while (len) {
		size_t chunk = min_t(u64, len, XE_LMTT_PAGE_SIZE -
				     (offset & (XE_LMTT_PAGE_SIZE - 1)));
		u64 phys;

		err = xesim_lmtt_translate(gpu, vfid, offset, &phys);
		if (!err)
			err = xesim_vram_rw(gpu, phys, buf, chunk, write, spare);
		if (err) {
			if (spare)
				spare->done += done;
			return err;
		}
		buf += chunk;
		offset += chunk;
		len -= chunk;
		done += chunk;
	}
	if (spare)
		spare->done = done;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lmtt_rw);

/**
 * xesim_lmtt_page() - The page backing a VF LMEM offset.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 * @offset: offset in the VF's LMEM.
 * @page: the page, referenced.
 * @spare: as for xesim_vram_rw().
 *
 * Context: process context; may sleep without @spare.
 * Return: 0, -EFAULT outside the VF's LMEM, -ENOMEM, -EAGAIN when @spare is
 * empty.
 */
int xesim_lmtt_page(struct xesim_gpu *gpu, unsigned int vfid, u64 offset,
		    struct page **page, struct xesim_vram_spare *spare)
{
	u64 phys;
	int err;

	err = xesim_lmtt_translate(gpu, vfid, offset, &phys);
	if (err)
		return err;
	return xesim_vram_page(gpu, phys, page, spare);
}

/**
 * xesim_lmtt_lookup() - The pages backing a range of VF LMEM, as they are.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 * @offset: offset in the VF's LMEM, page aligned.
 * @pages: as for xesim_vram_lookup().
 * @n: the number of pages.
 * @back: as for xesim_vram_lookup().
 *
 * Context: process context.
 * Return: 0, -EFAULT when the range leaves the VF's LMEM, or -ENOMEM (no
 * page is referenced then).
 */
int xesim_lmtt_lookup(struct xesim_gpu *gpu, unsigned int vfid, u64 offset,
		      struct page **pages, unsigned int n, bool back)
{
	const unsigned int per_chunk = XE_LMTT_PAGE_SIZE >> PAGE_SHIFT;
	unsigned int i, step;
	u64 end, phys;
	int err;

	if (offset_in_page(offset) ||
	    check_add_overflow(offset, (u64)n << PAGE_SHIFT, &end) ||
	    end > xesim_lmtt_size(gpu, vfid))
		return -EFAULT;
	for (i = 0; i < n; i += step) {
		step = min(n - i, per_chunk - (unsigned int)((offset >> PAGE_SHIFT) %
							      per_chunk));
		err = xesim_lmtt_translate(gpu, vfid, offset, &phys);
		if (!err)
			err = xesim_vram_lookup(gpu, phys, pages + i, step,
						back);
		if (err) {
			while (i--)
				if (pages[i])
					put_page(pages[i]);
			return err == -ERANGE ? -EFAULT : err;
		}
		offset += (u64)step << PAGE_SHIFT;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lmtt_lookup);

/**
 * xesim_lmtt_wipe() - Wipe the LMEM contents of a VF (FLR).
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 *
 * Context: process context, under &xesim_gpu.lock.
 */
void xesim_lmtt_wipe(struct xesim_gpu *gpu, unsigned int vfid)
{
	struct xesim_lmtt_table *table = &gpu->lmtt.tables[vfid];
	u32 i;

	lockdep_assert_held(&gpu->lock);

	/* the table changes only under gpu->lock, which we hold */
	for (i = 0; i < table->count; i++)
		xesim_vram_wipe(gpu, (u64)table->chunks[i] << XESIM_LMTT_SHIFT,
				XE_LMTT_PAGE_SIZE);
}

/**
 * xesim_lmtt_show() - Print a VF's LMTT as VRAM ranges.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 * @m: the seq_file.
 *
 * Context: process context, under &xesim_gpu.lock.
 */
void xesim_lmtt_show(struct xesim_gpu *gpu, unsigned int vfid,
		     struct seq_file *m)
{
	struct xesim_lmtt_table *table = &gpu->lmtt.tables[vfid];
	u32 i, run;

	lockdep_assert_held(&gpu->lock);

	seq_printf(m, "lmem_size: %#llx\n",
		   (u64)table->count << XESIM_LMTT_SHIFT);
	for (i = 0; i < table->count; i += run) {
		for (run = 1; i + run < table->count; run++)
			if (table->chunks[i + run] != table->chunks[i] + run)
				break;
		seq_printf(m, "lmem: vf %#llx-%#llx -> vram %#llx-%#llx\n",
			   (u64)i << XESIM_LMTT_SHIFT,
			   ((u64)(i + run) << XESIM_LMTT_SHIFT) - 1,
			   (u64)table->chunks[i] << XESIM_LMTT_SHIFT,
			   ((u64)(table->chunks[i] + run) << XESIM_LMTT_SHIFT) - 1);
	}
}
