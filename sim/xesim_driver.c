// SPDX-License-Identifier: GPL-2.0
/*
 * The bus-level driver API of the simulated device (xesim_driver.h).
 */

#include <linux/device.h>
#include <linux/mm.h>
#include <linux/overflow.h>

#include "abi/xe_regs_abi.h"
#include "xesim_dma.h"
#include "xesim_ggtt.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_irq.h"
#include "xesim_knob.h"
#include "xesim_lmtt.h"
#include "xesim_printk.h"
#include "xesim_regs.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"
#include "xesim_vram.h"

/*
 * Every call through the API runs between xesim_access_begin() and
 * xesim_access_end(): a PF or VF call goes to that function; a guest slot
 * call waits while the slot is frozen and goes to the VF the slot is
 * attached to, with the slot's gate held so that it cannot be re-attached
 * or frozen under the call.
 */
struct xesim_access {
	struct xesim_fn *fn;
	struct xesim_slot *slot;
};

static int xesim_access_begin(struct xesim_device *xdev,
			      struct xesim_access *acc)
{
	struct xesim_fn *fn;
	int err;

	acc->slot = NULL;
	if (xdev->type == XESIM_DEVICE_SLOT) {
		acc->slot = xesim_to_slot(xdev);
		err = xesim_slot_enter(acc->slot, &acc->fn);
		if (err == -ENODEV)
			xesim_err_ratelimited(xdev, "not attached to a VF\n");
		return err;
	}

	fn = xesim_gpu_to_fn(xdev);
	if (READ_ONCE(fn->removed)) {
		xesim_err_ratelimited(xdev, "function removed\n");
		return -ENODEV;
	}
	acc->fn = fn;
	return 0;
}

static void xesim_access_end(struct xesim_access *acc)
{
	if (acc->slot)
		xesim_slot_exit(acc->slot);
}

/* the PF behind a PF handle, or NULL (logged) for other types */
static struct xesim_fn *xesim_pf_of(struct xesim_device *xdev,
				    const char *what)
{
	if (xdev->type != XESIM_DEVICE_PF) {
		xesim_err(xdev, "%s: only the PF may do this\n", what);
		return NULL;
	}
	return xesim_gpu_to_fn(xdev);
}

/**
 * xesim_to_dev() - The driver-core device of an xesim device.
 * @xdev: the xesim device.
 *
 * For dev_*() logging, devres, drvdata and as the parent of what the
 * driver registers.
 *
 * Return: the device.
 */
struct device *xesim_to_dev(struct xesim_device *xdev)
{
	return &xdev->dev;
}
EXPORT_SYMBOL_NS_GPL(xesim_to_dev, XESIM);

/**
 * xesim_device_type() - The type of an xesim device.
 * @xdev: the xesim device.
 *
 * Return: XESIM_DEVICE_PF, XESIM_DEVICE_VF or XESIM_DEVICE_SLOT.
 */
enum xesim_device_type xesim_device_type(struct xesim_device *xdev)
{
	return xdev->type;
}
EXPORT_SYMBOL_NS_GPL(xesim_device_type, XESIM);

/**
 * xesim_vf_to_pf() - The PF of a VF, as pci_physfn() gives.
 * @xdev: a VF (or a PF, which is returned as is).
 *
 * The PF outlives its VFs, so the VF's driver may use the result until its
 * remove() returns.
 *
 * Return: the PF, or NULL for a guest slot (a guest cannot see the PF).
 */
struct xesim_device *xesim_vf_to_pf(struct xesim_device *xdev)
{
	if (xdev->type == XESIM_DEVICE_SLOT)
		return NULL;
	if (xdev->type == XESIM_DEVICE_PF)
		return xdev;
	return &xesim_gpu_to_fn(xdev)->gpu->fns[0]->xdev;
}
EXPORT_SYMBOL_NS_GPL(xesim_vf_to_pf, XESIM);

/**
 * xesim_get_info() - What the driver may know about its device.
 * @xdev: the device.
 * @info: filled in; see &struct xesim_info for what each type gets.
 *
 * Context: process context; may sleep (frozen slot).
 * Return: 0, -ENODEV (detached slot, removed function), -EINTR.
 */
int xesim_get_info(struct xesim_device *xdev, struct xesim_info *info)
{
	struct xesim_access acc;
	struct xesim_gpu *gpu;
	int err;

	err = xesim_access_begin(xdev, &acc);
	if (err)
		return err;

	gpu = acc.fn->gpu;
	*info = (struct xesim_info) {
		.device_id = gpu->params.device_id,
		.revision = gpu->params.revision,
		.num_engines = gpu->params.num_engines,
	};
	if (xdev->type == XESIM_DEVICE_PF) {
		info->total_vfs = gpu->params.max_vfs;
		info->num_vfs = READ_ONCE(gpu->num_vfs);
		info->ggtt_size = gpu->ggtt.size;
		info->vram_size = gpu->vram.size;
	} else {
		if (xdev->type == XESIM_DEVICE_VF)
			info->vfid = acc.fn->vfid;
		info->vram_size = xesim_lmtt_size(gpu, acc.fn->vfid);
	}

	xesim_access_end(&acc);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(xesim_get_info, XESIM);

/**
 * xesim_read32() - Read a 32-bit register.
 * @xdev: the device.
 * @reg: the offset (abi/xe_regs_abi.h), dword aligned, below 4 MiB.
 * @val: the value; 0 on error. A register the device lacks reads as 0.
 *
 * Context: process context; may sleep (frozen slot).
 * Return: 0, -EINVAL for a bad offset, -ENODEV, -EINTR.
 */
int xesim_read32(struct xesim_device *xdev, u32 reg, u32 *val)
{
	struct xesim_access acc;
	int err;

	*val = 0;
	err = xesim_access_begin(xdev, &acc);
	if (err)
		return err;
	err = xesim_regs_check(acc.fn, reg);
	if (!err)
		*val = xesim_regs_read(acc.fn, reg);
	xesim_access_end(&acc);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_read32, XESIM);

/**
 * xesim_write32() - Write a 32-bit register.
 * @xdev: the device.
 * @reg: the offset (abi/xe_regs_abi.h), dword aligned, below 4 MiB.
 * @val: the value. A write to a register the device lacks is dropped.
 *
 * A write to the doorbell (GUC_HOST_INTERRUPT) latches the request in the
 * scratch registers and answers busy before this returns; the GuC model
 * serves it in its own context and its answer comes later (`xesim GuC
 * model`).
 *
 * Context: process context; may sleep (frozen slot).
 * Return: 0, -EINVAL for a bad offset, -ENODEV, -EINTR.
 */
int xesim_write32(struct xesim_device *xdev, u32 reg, u32 val)
{
	struct xesim_access acc;
	int err;

	err = xesim_access_begin(xdev, &acc);
	if (err)
		return err;
	err = xesim_regs_check(acc.fn, reg);
	if (!err)
		xesim_regs_write(acc.fn, reg, val);
	xesim_access_end(&acc);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_write32, XESIM);

/**
 * xesim_ggtt_read_pte() - Read a GGTT PTE through the function's window.
 * @xdev: the device.
 * @ggtt_addr: the GGTT address the PTE maps, 4 KiB aligned.
 * @pte: the PTE; 0 on error.
 *
 * The PF may read any PTE; a VF (or its guest slot) only those of its own
 * GGTT range: outside it the read is dropped silently (0, counted), as on
 * hardware.
 *
 * Context: process context; may sleep (frozen slot).
 * Return: 0, -EINVAL for a misaligned address, -EACCES for a PF read beyond
 * the GGTT, -ENODEV, -EINTR.
 */
int xesim_ggtt_read_pte(struct xesim_device *xdev, u64 ggtt_addr, u64 *pte)
{
	struct xesim_access acc;
	int err;

	*pte = 0;
	err = xesim_access_begin(xdev, &acc);
	if (err)
		return err;
	err = xesim_ggtt_pte_read(acc.fn, ggtt_addr, pte);
	xesim_access_end(&acc);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_ggtt_read_pte, XESIM);

/**
 * xesim_ggtt_read_ptes() - Read consecutive GGTT PTEs through the
 * function's window.
 * @xdev: the device.
 * @ggtt_addr: the GGTT address the first PTE maps, 4 KiB aligned.
 * @ptes: out: @n PTEs for consecutive 4 KiB pages, as
 *        xesim_ggtt_read_pte() reads them.
 * @n: the number of PTEs.
 *
 * As @n calls of xesim_ggtt_read_pte() in one access of the function: the
 * reads stop at the first that fails, and the PTEs from it on are 0.
 *
 * Context: process context; may sleep (frozen slot).
 * Return: as xesim_ggtt_read_pte().
 */
int xesim_ggtt_read_ptes(struct xesim_device *xdev, u64 ggtt_addr, u64 *ptes,
			 unsigned int n)
{
	struct xesim_access acc;
	int err;

	memset(ptes, 0, n * sizeof(*ptes));
	err = xesim_access_begin(xdev, &acc);
	if (err)
		return err;
	err = xesim_ggtt_ptes_read(acc.fn, ggtt_addr, ptes, n);
	xesim_access_end(&acc);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_ggtt_read_ptes, XESIM);

/**
 * xesim_ggtt_write_pte() - Write a GGTT PTE through the function's window.
 * @xdev: the device.
 * @ggtt_addr: the GGTT address the PTE maps, 4 KiB aligned.
 * @pte: the PTE (abi/xe_regs_abi.h): XE_PAGE_PRESENT, XE_GGTT_PTE_DM for an
 *       LMEM offset (a VF's own LMEM offset for a VF) or else an IOVA from
 *       xesim_dma_map(), GGTT_PTE_VFID (forced to the VF's own for a VF).
 *
 * The PF may write any PTE; a VF (or its guest slot) only those of its own
 * GGTT range: outside it the write is dropped silently (no error, counted
 * in ``ggtt_write_dropped``), as on hardware.
 *
 * Context: process context; may sleep (frozen slot).
 * Return: 0, -EINVAL for a misaligned address, -EACCES for a PF write beyond
 * the GGTT, -ENODEV, -EINTR.
 */
int xesim_ggtt_write_pte(struct xesim_device *xdev, u64 ggtt_addr, u64 pte)
{
	struct xesim_access acc;
	int err;

	err = xesim_access_begin(xdev, &acc);
	if (err)
		return err;
	err = xesim_ggtt_pte_write(acc.fn, ggtt_addr, pte);
	xesim_access_end(&acc);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_ggtt_write_pte, XESIM);

/**
 * xesim_ggtt_write_ptes() - Write consecutive GGTT PTEs through the
 * function's window.
 * @xdev: the device.
 * @ggtt_addr: the GGTT address the first PTE maps, 4 KiB aligned.
 * @ptes: @n PTEs for consecutive 4 KiB pages, as for xesim_ggtt_write_pte();
 *        NULL to write @n zero (not present) PTEs.
 * @n: the number of PTEs.
 *
 * As @n calls of xesim_ggtt_write_pte() in one access of the function: the
 * writes stop at the first that fails.
 *
 * Context: process context; may sleep (frozen slot).
 * Return: as xesim_ggtt_write_pte().
 */
int xesim_ggtt_write_ptes(struct xesim_device *xdev, u64 ggtt_addr,
			  const u64 *ptes, unsigned int n)
{
	struct xesim_access acc;
	int err;

	err = xesim_access_begin(xdev, &acc);
	if (err)
		return err;
	err = xesim_ggtt_ptes_write(acc.fn, ggtt_addr, ptes, n);
	xesim_access_end(&acc);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_ggtt_write_ptes, XESIM);

/* check a VRAM range against what the function sees; log and count */
static int xesim_vram_check(struct xesim_fn *fn, u64 offset, size_t len,
			    u64 *size)
{
	u64 end;

	*size = fn->vfid ? xesim_lmtt_size(fn->gpu, fn->vfid) :
			   fn->gpu->vram.size;
	if (check_add_overflow(offset, (u64)len, &end) || end > *size) {
		atomic64_inc(&fn->stats.vram_dropped);
		xesim_fn_err_ratelimited(fn, "VRAM access %#llx+%#zx outside the %#llx bytes visible, dropped\n",
					 offset, len, *size);
		return -EFAULT;
	}
	return 0;
}

/*
 * A driver's VRAM access allocates nothing inside it (`xesim VRAM`): pages
 * that need backing come from spare pages filled between two parts of the
 * access. A part that ran out of them resumes where it stopped.
 */
static int xesim_vram_access(struct xesim_device *xdev, u64 offset, void *buf,
			     size_t len, bool write)
{
	struct xesim_vram_spare spare = {};
	struct xesim_access acc;
	struct xesim_fn *fn;
	u64 size;
	int err;

	for (;;) {
		err = xesim_access_begin(xdev, &acc);
		if (err)
			break;
		fn = acc.fn;
		err = xesim_vram_check(fn, offset, len, &size);
		if (!err && fn->vfid)
			err = xesim_lmtt_rw(fn->gpu, fn->vfid, offset, buf, len, write, &spare);
		else if (!err)
			err = xesim_vram_rw(fn->gpu, offset, buf, len, write, &spare);
		xesim_access_end(&acc);
		if (err != -EAGAIN)
			break;
		offset += spare.done;
		buf += spare.done;
		len -= spare.done;
		err = xesim_vram_spare_fill(&spare);
		if (err)
			break;
	}
	xesim_vram_spare_release(&spare);
	return err;
}

/**
 * xesim_vram_read() - Read VRAM through the function's LMEM BAR.
 * @xdev: the device.
 * @offset: a VRAM offset for the PF; an offset in the VF's LMEM for a VF
 *          or a guest slot (translated by the VF's LMTT).
 * @buf: the destination.
 * @len: bytes to read.
 *
 * Context: process context; may sleep.
 * Return: 0, -EFAULT for a range outside what the function sees (dropped
 * and counted), -ENODEV, -EINTR.
 */
int xesim_vram_read(struct xesim_device *xdev, u64 offset, void *buf,
		    size_t len)
{
	return xesim_vram_access(xdev, offset, buf, len, false);
}
EXPORT_SYMBOL_NS_GPL(xesim_vram_read, XESIM);

/**
 * xesim_vram_write() - Write VRAM through the function's LMEM BAR.
 * @xdev: the device.
 * @offset: as for xesim_vram_read().
 * @buf: the source.
 * @len: bytes to write.
 *
 * Context: process context; may sleep.
 * Return: 0, -EFAULT for a range outside what the function sees (dropped
 * and counted), -ENOMEM, -ENODEV, -EINTR.
 */
int xesim_vram_write(struct xesim_device *xdev, u64 offset, const void *buf,
		     size_t len)
{
	return xesim_vram_access(xdev, offset, (void *)buf, len, true);
}
EXPORT_SYMBOL_NS_GPL(xesim_vram_write, XESIM);

/**
 * xesim_vram_get_page() - The page behind a VRAM offset, for CPU mappings.
 * @xdev: the device.
 * @offset: as for xesim_vram_read().
 * @page: the page, with a reference for the caller.
 *
 * For a driver's fault handler: insert the page (vm_insert_page() or
 * vmf_insert_page()) and drop the reference with put_page(). The page stays
 * valid while mapped even if the VRAM is wiped meanwhile; a guest slot's
 * mappings are zapped when it is re-attached (xesim_vram_set_mapping()),
 * after which this call resolves the same offset on the new VF.
 *
 * Context: process context; may sleep (frozen slot).
 * Return: 0, -EFAULT outside what the function sees, -ENOMEM, -ENODEV,
 * -EINTR.
 */
int xesim_vram_get_page(struct xesim_device *xdev, u64 offset,
			struct page **page)
{
	struct xesim_vram_spare spare = {};
	struct xesim_access acc;
	struct xesim_fn *fn;
	u64 size;
	int err;

	*page = NULL;
	for (;;) {
		err = xesim_access_begin(xdev, &acc);
		if (err)
			break;
		fn = acc.fn;
		err = xesim_vram_check(fn, offset, 1, &size);
		if (!err && fn->vfid)
			err = xesim_lmtt_page(fn->gpu, fn->vfid, offset, page, &spare);
		else if (!err)
			err = xesim_vram_page(fn->gpu, offset, page, &spare);
		xesim_access_end(&acc);
		if (err != -EAGAIN)
			break;
		err = xesim_vram_spare_fill(&spare);
		if (err)
			break;
	}
	xesim_vram_spare_release(&spare);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_vram_get_page, XESIM);

/**
 * xesim_vram_set_mapping() - Tell a guest slot where its VRAM is mapped.
 * @xdev: a guest slot.
 * @mapping: the address space holding the driver's CPU mappings of VRAM
 *           pages (e.g. the DRM device's anon inode mapping), or NULL.
 *
 * On re-attach and detach the slot zaps all of @mapping, so user mappings
 * fault again and resolve on the new VF. The bus forgets @mapping when the
 * driver unbinds.
 *
 * Context: process context; may sleep.
 * Return: 0, -EINVAL for a PF or VF, -EBUSY when another address space is
 * registered.
 */
int xesim_vram_set_mapping(struct xesim_device *xdev,
			   struct address_space *mapping)
{
	if (xdev->type != XESIM_DEVICE_SLOT) {
		xesim_err(xdev, "only guest slots re-point VRAM mappings\n");
		return -EINVAL;
	}
	return xesim_slot_set_mapping(xesim_to_slot(xdev), mapping);
}
EXPORT_SYMBOL_NS_GPL(xesim_vram_set_mapping, XESIM);

/**
 * xesim_dma_map() - Let the device reach system memory pages.
 * @xdev: a PF or a guest slot; a VF's DMA domain is its guest slot's.
 * @pages: the pages; each gets a reference until unmapped.
 * @count: number of pages, 1..(1 << 20).
 * @iova: the I/O virtual address of the first page; the others follow.
 *
 * The device reaches system memory only at IOVAs mapped here, and only for
 * the function (or the VF behind the guest slot) it was mapped for.
 *
 * Context: process context; may sleep (frozen slot).
 * Return: 0, -EINVAL for a VF or a bad count, -ENOMEM, -ENOSPC, -ENODEV,
 * -EINTR.
 */
int xesim_dma_map(struct xesim_device *xdev, struct page **pages,
		  unsigned int count, dma_addr_t *iova)
{
	struct xesim_dma_domain *dom;
	struct xesim_access acc;
	bool fail;
	int err;

	if (xdev->type == XESIM_DEVICE_VF) {
		xesim_err(xdev, "dma_map: a VF's DMA domain is its guest slot's\n");
		return -EINVAL;
	}
	if (!count || count > SZ_1M || !pages) {
		xesim_err(xdev, "dma_map: bad page count %u\n", count);
		return -EINVAL;
	}
	err = xesim_access_begin(xdev, &acc);
	if (err)
		return err;
	dom = acc.slot ? acc.slot->dma : acc.fn->own_dma;
	fail = xesim_knob_fail(acc.fn->gpu, XESIM_KNOB_DMA_MAP);
	xesim_access_end(&acc);

	/*
	 * The domain is the IOMMU's (the slot's, or the function's own), not
	 * the device's: it is changed outside the access, and its tables grow
	 * from the atomic pools, as an IOMMU's do in dma_map, so that a driver
	 * may map under locks of its fence-signalling path (`xesim VRAM`).
	 */
	err = fail ? -ENOMEM : xesim_dma_domain_map(dom, pages, count, iova);
	if (err)
		xesim_err_ratelimited(xdev, "dma_map of %u pages failed: %pe\n",
				      count, ERR_PTR(err));
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_dma_map, XESIM);

/**
 * xesim_dma_unmap() - Undo xesim_dma_map().
 * @xdev: the device the pages were mapped on.
 * @iova: the IOVA xesim_dma_map() gave.
 * @count: the page count given to xesim_dma_map() (or a part).
 *
 * Afterwards device accesses to the range fault, and the page references
 * are dropped.
 *
 * Context: process context; may sleep (frozen slot).
 * Return: 0, -EINVAL for a range not fully mapped (nothing is unmapped),
 * -ENODEV, -EINTR.
 */
int xesim_dma_unmap(struct xesim_device *xdev, dma_addr_t iova,
		    unsigned int count)
{
	struct xesim_dma_domain *dom;
	struct xesim_access acc;
	int err;

	if (xdev->type == XESIM_DEVICE_VF) {
		xesim_err(xdev, "dma_unmap: a VF's DMA domain is its guest slot's\n");
		return -EINVAL;
	}
	err = xesim_access_begin(xdev, &acc);
	if (err)
		return err;
	dom = acc.slot ? acc.slot->dma : acc.fn->own_dma;
	xesim_access_end(&acc);

	/* the IOMMU's tables, outside the access as in xesim_dma_map() */
	err = xesim_dma_domain_unmap(dom, iova, count);
	if (err)
		xesim_err_ratelimited(xdev, "dma_unmap of %u pages at %pad: not mapped\n",
				      count, &iova);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_dma_unmap, XESIM);

static struct xesim_irq_line *xesim_line_of(struct xesim_device *xdev)
{
	if (xdev->type == XESIM_DEVICE_SLOT)
		return &xesim_to_slot(xdev)->line;
	return &xesim_gpu_to_fn(xdev)->irq.line;
}

/**
 * xesim_request_irq() - Install the device's interrupt handler.
 * @xdev: the device.
 * @handler: called for each MSI (see &xesim_irq_handler_t).
 * @data: passed to @handler.
 *
 * MSIs signalled before this are lost, as with a real device. The bus
 * frees the handler when the driver unbinds.
 *
 * Context: process context.
 * Return: 0, -EINVAL without a handler, -EBUSY when one is installed.
 */
int xesim_request_irq(struct xesim_device *xdev, xesim_irq_handler_t handler,
		      void *data)
{
	int err;

	if (!handler) {
		xesim_err(xdev, "request_irq: no handler\n");
		return -EINVAL;
	}
	err = xesim_irq_line_request(xesim_line_of(xdev), handler, data);
	if (err)
		xesim_err(xdev, "request_irq: a handler is installed already\n");
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_request_irq, XESIM);

/**
 * xesim_free_irq() - Remove the device's interrupt handler.
 * @xdev: the device.
 *
 * Waits for a running handler to return; must not be called from the
 * handler.
 *
 * Context: process context; may sleep.
 */
void xesim_free_irq(struct xesim_device *xdev)
{
	xesim_irq_line_free(xesim_line_of(xdev));
}
EXPORT_SYMBOL_NS_GPL(xesim_free_irq, XESIM);

/**
 * xesim_pf_enable_vfs() - Enable VFs, as pci_enable_sriov() does.
 * @xdev: the PF.
 * @num_vfs: 1..total VFs.
 *
 * Creates the VF devices; VF drivers may probe before this returns.
 *
 * Context: process context; may sleep. Typically from
 * &xesim_driver.sriov_configure.
 * Return: 0, -EINVAL for a non-PF, -ERANGE, -EBUSY when VFs are enabled,
 * -ENOMEM, -ENODEV.
 */
int xesim_pf_enable_vfs(struct xesim_device *xdev, unsigned int num_vfs)
{
	struct xesim_fn *pf = xesim_pf_of(xdev, "enable_vfs");

	return pf ? xesim_gpu_enable_vfs(pf->gpu, num_vfs) : -EINVAL;
}
EXPORT_SYMBOL_NS_GPL(xesim_pf_enable_vfs, XESIM);

/**
 * xesim_pf_disable_vfs() - Disable all VFs, as pci_disable_sriov() does.
 * @xdev: the PF.
 *
 * VF drivers unbind and guest slots on the VFs are detached before this
 * returns. The VFs' provisioning stays.
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINVAL for a non-PF.
 */
int xesim_pf_disable_vfs(struct xesim_device *xdev)
{
	struct xesim_fn *pf = xesim_pf_of(xdev, "disable_vfs");

	return pf ? xesim_gpu_disable_vfs(pf->gpu) : -EINVAL;
}
EXPORT_SYMBOL_NS_GPL(xesim_pf_disable_vfs, XESIM);

/**
 * xesim_pf_provision_vf() - Set a VF's GGTT range and LMEM size.
 * @xdev: the PF.
 * @vfid: the VF, 1..total VFs; it need not be enabled.
 * @cfg: the resources; see &struct xesim_vf_config.
 *
 * The same setter the GuC model uses for PF2GUC_UPDATE_VF_CFG; this direct
 * path exists until the PF driver provisions through the GuC. Changing the
 * LMEM size replaces the VF's LMEM with zeroed memory; GGTT PTEs are not
 * touched. The GGTT range must be 4 KiB aligned, lie below the GGTT size
 * and GUC_GGTT_TOP and not overlap another VF's.
 *
 * Context: process context; may sleep.
 * Return: 0, -EINVAL, -EBUSY (overlap), -ENOSPC (VRAM short); logged.
 */
int xesim_pf_provision_vf(struct xesim_device *xdev, unsigned int vfid,
			  const struct xesim_vf_config *cfg)
{
	struct xesim_fn *pf = xesim_pf_of(xdev, "provision_vf");

	if (!pf)
		return -EINVAL;
	if (!cfg) {
		xesim_err(xdev, "provision_vf: no config\n");
		return -EINVAL;
	}
	return xesim_gpu_provision_vf(pf->gpu, vfid, cfg);
}
EXPORT_SYMBOL_NS_GPL(xesim_pf_provision_vf, XESIM);

/**
 * xesim_pf_query_vf() - Read a VF's GGTT range and LMEM size.
 * @xdev: the PF.
 * @vfid: the VF, 1..total VFs.
 * @cfg: the resources.
 *
 * Return: 0, or -EINVAL.
 */
int xesim_pf_query_vf(struct xesim_device *xdev, unsigned int vfid,
		      struct xesim_vf_config *cfg)
{
	struct xesim_fn *pf = xesim_pf_of(xdev, "query_vf");
	int err;

	if (!pf)
		return -EINVAL;
	if (!cfg) {
		xesim_err(xdev, "query_vf: no config\n");
		return -EINVAL;
	}
	err = xesim_gpu_query_vf(pf->gpu, vfid, cfg);
	if (err)
		xesim_err(xdev, "query_vf: no VF %u\n", vfid);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_pf_query_vf, XESIM);

/**
 * xesim_pf_vf_scratch_read() - Read a VF's relay scratch register.
 * @xdev: the PF.
 * @vfid: an enabled VF.
 * @n: the register, VF_SW_FLAG(@n), below VF_SW_FLAG_COUNT.
 * @val: the value; 0 on error.
 *
 * The PF's view of a VF's register file, which save and restore use.
 *
 * Context: process context.
 * Return: 0, -EINVAL for a non-PF or a bad register, -ENODEV for a VF that
 * is not enabled.
 */
int xesim_pf_vf_scratch_read(struct xesim_device *xdev, unsigned int vfid,
			     unsigned int n, u32 *val)
{
	struct xesim_fn *pf = xesim_pf_of(xdev, "vf_scratch_read");
	struct xesim_fn *fn;

	*val = 0;
	if (!pf)
		return -EINVAL;
	if (!vfid || n >= VF_SW_FLAG_COUNT) {
		xesim_err(xdev, "vf_scratch_read: bad VF %u or register %u\n",
			  vfid, n);
		return -EINVAL;
	}
	fn = xesim_gpu_get_fn(pf->gpu, vfid);
	if (!fn)
		return -ENODEV;
	*val = xesim_regs_sw_flag(fn, n);
	xesim_gpu_put_fn(fn);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(xesim_pf_vf_scratch_read, XESIM);

/**
 * xesim_pf_vf_scratch_write() - Write a VF's relay scratch register.
 * @xdev: the PF.
 * @vfid: an enabled VF.
 * @n: the register, VF_SW_FLAG(@n), below VF_SW_FLAG_COUNT.
 * @val: the value.
 *
 * Context: process context.
 * Return: 0, -EINVAL for a non-PF or a bad register, -ENODEV for a VF that
 * is not enabled.
 */
int xesim_pf_vf_scratch_write(struct xesim_device *xdev, unsigned int vfid,
			      unsigned int n, u32 val)
{
	struct xesim_fn *pf = xesim_pf_of(xdev, "vf_scratch_write");
	struct xesim_fn *fn;

	if (!pf)
		return -EINVAL;
	if (!vfid || n >= VF_SW_FLAG_COUNT) {
		xesim_err(xdev, "vf_scratch_write: bad VF %u or register %u\n",
			  vfid, n);
		return -EINVAL;
	}
	fn = xesim_gpu_get_fn(pf->gpu, vfid);
	if (!fn)
		return -ENODEV;
	xesim_regs_set_sw_flag(fn, n, val);
	xesim_gpu_put_fn(fn);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(xesim_pf_vf_scratch_write, XESIM);

/**
 * xesim_pf_vf_dma_check() - Whether an IOVA range is in a VF's DMA domain.
 * @xdev: the PF.
 * @vfid: an enabled VF.
 * @iova: the first I/O virtual address, as a GGTT entry of the VF holds it.
 * @len: bytes, 1 to XESIM_PF_DMA_CHECK_MAX.
 *
 * The IOMMU's answer, for the PF checking GGTT entries it is given (a
 * migration stream): whether the device, acting for the VF now, would
 * reach mapped system memory there. A VF's domain is the one of the guest
 * slot attached to it; the answer changes when the slot moves.
 *
 * Context: process context.
 * Return: 0 when every page of the range is mapped in the VF's domain;
 * -EFAULT when one is not (another VF's mapping, or nothing); -ENOENT when
 * the VF has no domain (no guest slot attached: it reaches no system
 * memory at all); -EINVAL for a non-PF, a bad VFID or range; -ENODEV for a
 * VF that is not enabled.
 */
int xesim_pf_vf_dma_check(struct xesim_device *xdev, unsigned int vfid,
			  u64 iova, u64 len)
{
	struct xesim_fn *pf = xesim_pf_of(xdev, "vf_dma_check");
	struct xesim_fn *fn;
	u64 end;
	int err;

	if (!pf)
		return -EINVAL;
	if (!vfid || vfid > pf->gpu->params.max_vfs || !len ||
	    len > XESIM_PF_DMA_CHECK_MAX || check_add_overflow(iova, len, &end)) {
		xesim_err(xdev, "vf_dma_check: bad VF %u or range %#llx+%#llx\n",
			  vfid, iova, len);
		return -EINVAL;
	}
	fn = xesim_gpu_get_fn(pf->gpu, vfid);
	if (!fn)
		return -ENODEV;
	err = xesim_dma_fn_check(fn, iova, len);
	xesim_gpu_put_fn(fn);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_pf_vf_dma_check, XESIM);

static int xesim_pf_vf_vram_access(struct xesim_device *xdev,
				   unsigned int vfid, u64 offset, void *buf,
				   size_t len, bool write)
{
	struct xesim_fn *pf = xesim_pf_of(xdev, "vf_vram");
	u64 end, size;

	if (!pf)
		return -EINVAL;
	if (!vfid || vfid > pf->gpu->params.max_vfs) {
		xesim_err(xdev, "vf_vram: bad VF %u\n", vfid);
		return -EINVAL;
	}
	size = xesim_lmtt_size(pf->gpu, vfid);
	if (check_add_overflow(offset, (u64)len, &end) || end > size) {
		xesim_err_ratelimited(xdev, "vf_vram: VF%u %#llx+%#zx outside its %#llx bytes of LMEM\n",
				      vfid, offset, len, size);
		return -EFAULT;
	}
	return len ? xesim_lmtt_rw(pf->gpu, vfid, offset, buf, len, write, NULL) : 0;
}

/**
 * xesim_pf_vf_vram_read() - Read a VF's LMEM by VF offset.
 * @xdev: the PF.
 * @vfid: the VF; it need not be enabled, only provisioned.
 * @offset: the VF LMEM offset (what the VF's own LMEM BAR and GGTT entries
 *          use), translated through the VF's LMTT.
 * @buf: where to put the bytes.
 * @len: how many.
 *
 * Context: process context.
 * Return: 0, -EINVAL for a non-PF or a bad VFID, -EFAULT outside the VF's
 * LMEM.
 */
int xesim_pf_vf_vram_read(struct xesim_device *xdev, unsigned int vfid,
			  u64 offset, void *buf, size_t len)
{
	return xesim_pf_vf_vram_access(xdev, vfid, offset, buf, len, false);
}
EXPORT_SYMBOL_NS_GPL(xesim_pf_vf_vram_read, XESIM);

/**
 * xesim_pf_vf_vram_pages() - The pages holding a range of a VF's LMEM.
 * @xdev: the PF.
 * @vfid: the VF; it need not be enabled, only provisioned.
 * @offset: the VF LMEM offset, page aligned, translated through the VF's
 *          LMTT.
 * @pages: set to @n pages, each referenced (the caller drops them with
 *         put_page()); without @back NULL where the VF never wrote (reads as
 *         zeros).
 * @n: how many pages.
 * @back: give every page memory first (zeroed where the VF never wrote),
 *        for the PF to write into.
 *
 * Access to the VF's LMEM without a copy: the PF copies the pages where it
 * needs them, or its data into them. A page holds its data until someone
 * writes it again; a wipe (an FLR) unhooks it from the VF, and it lives on,
 * unchanged and no longer the VF's, until its last reference goes.
 *
 * Context: process context; sleeps with @back.
 * Return: 0, -EINVAL for a non-PF or a bad VFID, -EFAULT outside the VF's
 * LMEM or for an offset not page aligned, -ENOMEM.
 */
int xesim_pf_vf_vram_pages(struct xesim_device *xdev, unsigned int vfid,
			   u64 offset, struct page **pages, unsigned int n,
			   bool back)
{
	struct xesim_fn *pf = xesim_pf_of(xdev, "vf_vram");
	int err;

	if (!pf)
		return -EINVAL;
	if (!vfid || vfid > pf->gpu->params.max_vfs) {
		xesim_err(xdev, "vf_vram: bad VF %u\n", vfid);
		return -EINVAL;
	}
	err = xesim_lmtt_lookup(pf->gpu, vfid, offset, pages, n, back);
	if (err == -EFAULT)
		xesim_err_ratelimited(xdev, "vf_vram: VF%u %#llx+%u pages outside its LMEM\n",
				      vfid, offset, n);
	return err;
}
EXPORT_SYMBOL_NS_GPL(xesim_pf_vf_vram_pages, XESIM);

/**
 * xesim_pf_vf_vram_write() - Write a VF's LMEM by VF offset.
 * @xdev: the PF.
 * @vfid: the VF; it need not be enabled, only provisioned.
 * @offset: the VF LMEM offset, translated through the VF's LMTT.
 * @buf: the bytes.
 * @len: how many.
 *
 * Context: process context.
 * Return: 0, -EINVAL for a non-PF or a bad VFID, -EFAULT outside the VF's
 * LMEM.
 */
int xesim_pf_vf_vram_write(struct xesim_device *xdev, unsigned int vfid,
			   u64 offset, const void *buf, size_t len)
{
	return xesim_pf_vf_vram_access(xdev, vfid, offset, (void *)buf, len,
				       true);
}
EXPORT_SYMBOL_NS_GPL(xesim_pf_vf_vram_write, XESIM);
