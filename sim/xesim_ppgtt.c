// SPDX-License-Identifier: GPL-2.0
/*
 * The 4-level ppGTT walk of the simulated Xe device's engines.
 */

#include <asm/byteorder.h>
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/export.h>

#include "abi/xe_ppgtt_abi.h"
#include "xesim_ppgtt.h"

/**
 * DOC: xesim ppGTT walk
 *
 * A context's per-process GTT maps 48-bit virtual addresses through four
 * levels of 4 KiB tables of 512 little-endian 64-bit entries, as on Xe:
 * level 3 (PML4) is indexed by VA bits 47:39, level 2 (PDP) by 38:30,
 * level 1 (PD) by 29:21 and level 0 (PT) by 20:12. The walk starts at the
 * context's ``ppgtt_root``, which has the format of a non-leaf entry.
 *
 * Entry bits (upstream Xe names, sim/include/abi/xe_ppgtt_abi.h):
 *
 * - ``XE_PAGE_PRESENT`` (bit 0): the entry is valid. A clear bit at any
 *   level, or a root of 0, is a page fault.
 * - ``XE_PAGE_RW`` (bit 1): writes allowed. Only the leaf's bit counts.
 * - ``XE_PDE_PS_2M`` / ``XE_PDPE_PS_1G`` (bit 7) at level 1 / level 2: the
 *   entry is a leaf mapping a 2 MiB / 1 GiB page (huge pages are supported).
 *   At level 0 bit 7 is a PAT bit and ignored; at level 3 it is not allowed.
 * - ``XE_PTE_NULL`` (bit 9) in a leaf: a NULL (sparse) page; reads return
 *   zeroes and writes are dropped.
 * - ``XE_PPGTT_PTE_DM`` (bit 11): the page the entry points at is in local
 *   memory, and its address is an offset in the function's LMEM; when clear
 *   it is in system memory and the address is a DMA address. In a leaf this
 *   is upstream's meaning; the model gives the bit the same meaning in
 *   non-leaf entries and in the root, to say where the next-level table lives
 *   (so upstream's ``XE_PDE_IPS_64K``, also bit 11, has no place here).
 * - bits 51:12: the address of the next-level table or of the page. For a
 *   huge page the bits below its size are ignored.
 * - ``XE_PDE_64K`` (bit 6) in a level-1 entry (64 KiB page tables) is not
 *   supported. PAT and other bits are ignored.
 *
 * The model keeps no TLB: every access walks the tables afresh, so TLB
 * invalidations have nothing to do.
 */

static unsigned int level_shift(int level)
{
	return XE_PTE_SHIFT + level * XE_PDE_SHIFT;
}

static enum xesim_cs_space entry_space(u64 entry)
{
	return entry & XE_PPGTT_PTE_DM ? XESIM_CS_SPACE_LMEM :
					 XESIM_CS_SPACE_SYSMEM;
}

/**
 * xesim_ppgtt_walk() - Translate a ppGTT virtual address.
 * @mem: the memory interface of the function that owns the ppGTT; the page
 *	tables are read through it.
 * @root: the PML4 pointer, in ppGTT entry format (see `xesim ppGTT walk`).
 * @va: the virtual address.
 * @xl: filled with where @va leads on success.
 *
 * Context: any context the callbacks of @mem allow; does not sleep itself.
 * Return: 0 on success; -ENOENT if an entry on the way (or @root) is not
 * present; -ERANGE if @va is beyond 48 bits; -EOPNOTSUPP for an entry format
 * the model does not implement; -EFAULT or another negative errno from
 * @mem if a page-table page cannot be read.
 */
int xesim_ppgtt_walk(const struct xesim_cs_mem *mem, u64 root, u64 va,
		     struct xesim_ppgtt_xlate *xl)
{
	u64 entry = root;
	int level;

	if (va >> XE_PPGTT_VA_BITS)
		return -ERANGE;
	if (!(entry & XE_PAGE_PRESENT))
		return -ENOENT;

	for (level = XE_PPGTT_LEVELS - 1; level >= 0; level--) {
		unsigned int shift = level_shift(level);
		u64 index = (va >> shift) & (XE_PDES - 1);
		u64 table = entry & XE_PTE_ADDR_MASK;
		enum xesim_cs_space space = entry_space(entry);
		__le64 raw;
		u64 mask;
		int err;

		err = mem->ops->read(mem->priv, space, table + index * sizeof(raw),
				     &raw, sizeof(raw));
		if (err)
			/* keep the walk's own codes for the walk's own faults */
			return err == -ENOENT || err == -ERANGE ||
			       err == -EOPNOTSUPP ? -EFAULT : err;
		entry = le64_to_cpu(raw);
		if (!(entry & XE_PAGE_PRESENT))
			return -ENOENT;

		if (level == XE_PPGTT_LEVELS - 1) {
			if (entry & XE_PDPE_PS_1G)
				return -EOPNOTSUPP;
			continue;
		}
		if (level == 1 && !(entry & XE_PDE_PS_2M) &&
		    (entry & XE_PDE_64K))
			return -EOPNOTSUPP;
		if (level > 0 && !(entry & XE_PDE_PS_2M))
			continue;

		/* a leaf: a 4 KiB page, or a 2 MiB / 1 GiB huge page */
		mask = (1ull << shift) - 1;
		xl->space = entry_space(entry);
		xl->addr = (entry & XE_PTE_ADDR_MASK & ~mask) + (va & mask);
		xl->size = (mask + 1) - (va & mask);
		xl->level = level;
		xl->writable = entry & XE_PAGE_RW;
		xl->null = entry & XE_PTE_NULL;
		return 0;
	}
	/* not reached: level 0 entries are always leaves */
	return -ENOENT;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_ppgtt_walk);
