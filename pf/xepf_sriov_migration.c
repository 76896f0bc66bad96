// SPDX-License-Identifier: GPL-2.0
/*
 * VF save and restore on the device: the migration stream of
 * xepf_migration_stream.c bound to one VF's GuC state, GGTT entries, scratch
 * registers and LMEM.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/cleanup.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include <abi/guc_actions_abi.h>
#include <abi/guc_relay_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_guc_mmio.h"
#include "xepf_migration_stream.h"
#include "xepf_migration_stream_restore.h"
#include "xepf_migration_stream_save.h"
#include "xepf_pf.h"
#include "xepf_printk.h"
#include "xepf_sriov_control.h"
#include "xepf_sriov_migration.h"

/**
 * DOC: xepf VF save and restore
 *
 * A save or a restore of a VF is one open stream (`xepf migration stream`)
 * whose &struct xepf_mig_ops reach the VF through the PF, as upstream's PF
 * does on hardware:
 *
 * - GuC state: PF2GUC_SAVE_RESTORE_VF over the PF's MMIO channel, with the
 *   state in a buffer of system pages that the PF maps, for the request's
 *   duration, into its own GGTT window at XEPF_GGTT_MIG (4 MiB, the largest
 *   GuC packet the stream accepts). One buffer at a time per PF.
 * - GGTT entries: the PF's GGTT window, at the VF's range.
 * - Scratch registers and LMEM: the PF's view of the VF
 *   (xesim_pf_vf_scratch_read(), xesim_pf_vf_vram_pages() for a save and
 *   xesim_pf_vf_vram_write() for a restore, by VF LMEM offset through the
 *   LMTT). A restore backs every page of the VF's LMEM when it opens (the
 *   FLR that starts RESUMING gave them back to the device), before the
 *   guest is frozen, so that the downtime's copies go into pages that
 *   exist, as a GPU's VRAM does.
 *
 * Opening needs the VF paused (`xepf VF control state machine`: the SAVE
 * and RESTORE windows) and no other stream of the VF open; closing ends the
 * window: a save that did not reach the end of its stream is recorded as
 * failed (-ECANCELED) without other effect; a restore that did not load a
 * whole stream leaves the VF RESTORE_FAILED until an FLR.
 *
 * A restore never half-applies what it can check. It loads the GuC state,
 * the GGTT entries and the scratch registers only at its end, once every
 * byte of the stream passed the checks of `xepf migration stream checks`;
 * VRAM chunks, which hold no field to check, are written as they come.
 * What the destination VF holds after each kind of refusal:
 *
 * ============================== =========================================
 * refusal                        the destination VF afterwards
 * ============================== =========================================
 * at open (-EBUSY, -EPERM,       unchanged: state bits, GuC state, GGTT,
 * -EIO, -EPROTO, -ENOMEM)        registers, VRAM
 * a header or payload check,     paused, RESTORE_FAILED; GuC state (still
 * a truncated stream             READY_PAUSED), GGTT entries and registers
 * (-ENODATA), the owner's abort  unchanged; VRAM holds the chunks that
 * or an FLR's cancel             came before the refusal
 * the GuC refuses its state      paused, RESTORE_FAILED; the GuC changed
 * at the end                     nothing (it checks the whole blob first);
 *                                GGTT entries and registers unchanged; all
 *                                of VRAM from the stream
 * a GGTT or register write fails paused, RESTORE_FAILED, part-loaded: a
 * at the end (a device error)    device fault, not a stream one
 * the resume check (-EACCES)     paused, RESTORE_FAILED, wholly loaded
 * ============================== =========================================
 *
 * RESTORE_FAILED refuses the resume, a new restore and a save (-EIO): the
 * VF neither runs nor exports what it holds until an FLR wipes it. The
 * VFIO driver's RESUMING, which replaces the VF's state whatever it was,
 * starts with that FLR (xepf_vfio_resume_data_enter()).
 *
 * The VF's lock (&xepf_vf_mig.lock) is never held while the caller's
 * memory is read or written, nor while a reader waits for the producer. A
 * read takes the save's read lease under the lock (one reader at a time)
 * with a reference on the save, then copies the packets the producer made
 * straight to the caller's memory, and waits, with no lock held; the
 * packets live until the last reference goes. A write takes the restore's
 * write lease under the lock (one writer at a time, -EBUSY for another) and
 * asks the consumer what comes next: the bytes of a VRAM payload are copied
 * from the caller's memory straight into the VF's pages, which the write
 * backed and referenced under the lock; headers and the other payloads go
 * into a kernel buffer. Both copies run with the lock dropped; then the
 * write takes it again and feeds the consumer (or counts the VRAM bytes).
 * A stream ended meanwhile fails the write with -ECANCELED: the pages it
 * wrote were the VF's only while its stream lived, and an FLR's wipe
 * unhooks them (a restore that does not complete leaves the VF to an FLR
 * anyway). A user buffer that faults slowly (userfaultfd, FUSE) holds up
 * its own call only: the VF's size query, an FLR's cancel and the other
 * VFs never wait for it.
 *
 * A stream has one owner (&struct xepf_mig_owner): the debugfs file that
 * opened it, or the VMM, whose calls come through the VFIO driver. Only
 * the owner reads, writes and closes it. Other events end it under the
 * owner's feet: the VMM's abort (its ERROR state, its reset), the VFs'
 * disabling and, above all, an FLR of the VF, whatever started it (the
 * debugfs ``reset`` verb, the VFIO driver's reset, the guest). The FLR's
 * first step, before the device wipes the VF, is xepf_sriov_migration_cancel(): it
 * waits for the stream's write in progress (its producer's packet in the
 * making, for a save) and drops the stream, so that nothing of it lands in
 * the reset VF; a read in progress only finishes copying out packets made
 * before. The owner's further reads
 * and writes, and its end, then fail with -ECANCELED; a new stream may be
 * opened meanwhile and is not reachable through the stale owner.
 *
 * The MIG_DATA_SIZE estimate asks the GuC for the size of its state when
 * the VF is paused, and otherwise counts the largest GuC state the stream
 * carries: an upper bound either way.
 *
 * GGTT entries pointing at system memory carry IOVAs of the guest's DMA
 * domain, which the device translates through the domain of the VF's guest
 * slot at access time. The restore checks them against that domain
 * (xesim_pf_vf_dma_check(), the IOMMU's view): an entry whose IOVA is not
 * mapped there, be it another VF's mapping or nothing, is refused with
 * -EACCES before any entry of its packet is written. In a migration,
 * though, the VMM attaches the guest's slot to the destination VF only
 * after the stream was loaded, so a destination usually has no domain
 * during the restore. Such entries are then noted (a bitmap by GGTT page,
 * &xepf_vf_mig.unchecked) and checked when the restored VF is
 * first resumed, with the guest attached: one that is not mapped fails the
 * resume with -EACCES and leaves the VF RESTORE_FAILED, so that it never
 * runs, until an FLR (which also forgets the notes). A VF that still has
 * no domain then reaches no system memory at all, and its entries pass.
 * LMEM entries must stay inside the destination's LMEM.
 */

static struct xepf_vf_mig *xepf_mig_vf(struct xepf_pf *pf, unsigned int vfid)
{
	if (!vfid || vfid > pf->info.total_vfs)
		return NULL;
	return &pf->migs[vfid - 1];
}

/*
 * The errno that names why the GuC refused a save or a restore, rather than
 * the -ENXIO of any failure reply.
 */
static int xepf_mig_guc_errno(u32 error, const char **why)
{
	static const struct {
		u32 error;
		int err;
		const char *why;
	} map[] = {
		{ XE_GUC_RESPONSE_INVALID_STATE, -EPERM,
		  "the VF is not in a state that takes it" },
		{ XE_GUC_RESPONSE_PENDING_ACTION, -EBUSY,
		  "the VF's pause is still completing" },
		{ XE_GUC_RESPONSE_INVALID_SIZE, -ENODATA,
		  "the state is truncated or its buffer too small" },
		{ XE_GUC_RESPONSE_INVALID_BUFFER, -EBADMSG,
		  "the state is corrupt" },
		{ XE_GUC_RESPONSE_UNSUPPORTED_VERSION, -EPROTONOSUPPORT,
		  "the state's version is not supported" },
		{ XE_GUC_RESPONSE_NOT_SUPPORTED, -EXDEV,
		  "the state comes from another kind of device" },
		{ XE_GUC_RESPONSE_DATA_TOO_LARGE, -ENOSPC,
		  "the VF cannot hold the state" },
		{ XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS, -EFAULT,
		  "the state's buffer could not be reached" },
		{ XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION, -EIO,
		  "the GuC could not complete it" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].error == error) {
			*why = map[i].why;
			return map[i].err;
		}
	*why = "the GuC failed";
	return -EIO;
}

/* PF2GUC_SAVE_RESTORE_VF with @size bytes at @buf; a save of size 0 asks */
static int xepf_mig_guc_xfer(struct xepf_vf_mig *m, u32 op, void *buf,
			     size_t size, size_t *used)
{
	struct xepf_pf *pf = m->pf;
	unsigned int i, count = DIV_ROUND_UP(size, PAGE_SIZE);
	u32 req[PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_LEN] = {
		FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION,
			   GUC_ACTION_PF2GUC_SAVE_RESTORE_VF) |
		FIELD_PREP(PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_0_OPCODE, op),
		m->vfid,
	};
	struct page **pages = NULL;
	const char *why = NULL;
	dma_addr_t iova = 0;
	u64 *ptes = NULL;
	u32 error = 0;
	size_t done;
	int ret;

	if (size % sizeof(u32) || size > XEPF_GGTT_MIG_SIZE) {
		xepf_vf_err(pf->dev, m->vfid, "migration",
			    "GuC state of %zu bytes is not whole dwords or exceeds %u\n",
			    size, XEPF_GGTT_MIG_SIZE);
		return -EMSGSIZE;
	}
	if (count) {
		pages = kvcalloc(count, sizeof(*pages), GFP_KERNEL);
		if (!pages)
			return -ENOMEM;
		for (i = 0; i < count; i++) {
			pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
			if (!pages[i]) {
				ret = -ENOMEM;
				goto out_free_pages;
			}
		}
		if (op == GUC_PF_OPCODE_VF_RESTORE)
			for (done = 0, i = 0; done < size; done += PAGE_SIZE, i++)
				memcpy_to_page(pages[i], 0, buf + done,
					       min_t(size_t, PAGE_SIZE,
						     size - done));
		ptes = kvcalloc(count, sizeof(*ptes), GFP_KERNEL);
		if (!ptes) {
			ret = -ENOMEM;
			goto out_free_pages;
		}
		ret = xesim_dma_map(pf->xdev, pages, count, &iova);
		if (ret)
			goto out_free_pages;
		for (i = 0; i < count; i++)
			ptes[i] = ((iova + i * PAGE_SIZE) & XE_GGTT_PTE_ADDR) |
				  XE_PAGE_PRESENT;
		req[2] = lower_32_bits(XEPF_GGTT_MIG);
		req[3] = upper_32_bits(XEPF_GGTT_MIG);
		req[4] = size / sizeof(u32);
	}

	scoped_guard(mutex, &pf->mig_buf_lock) {
		ret = xesim_ggtt_write_ptes(pf->xdev, XEPF_GGTT_MIG, ptes, count);
		if (!ret)
			ret = xepf_guc_mmio_request(&pf->mmio, req,
						    ARRAY_SIZE(req), NULL, 0,
						    &error);
		xesim_ggtt_write_ptes(pf->xdev, XEPF_GGTT_MIG, NULL, count);
	}
	if (ret < 0 && error)
		ret = xepf_mig_guc_errno(error, &why);
	if (ret < 0) {
		xepf_vf_err(pf->dev, m->vfid, "migration", "GuC %s: %s%s%pe\n",
			    op == GUC_PF_OPCODE_VF_SAVE ? "save" : "restore",
			    why ?: "", why ? ": " : "", ERR_PTR(ret));
		goto out_unmap;
	}
	*used = (size_t)ret * sizeof(u32);
	if (op == GUC_PF_OPCODE_VF_SAVE && count) {
		if (*used > size) {
			xepf_vf_err(pf->dev, m->vfid, "migration",
				    "GuC saved %zu bytes into %zu\n", *used,
				    size);
			ret = -EPROTO;
			goto out_unmap;
		}
		for (done = 0, i = 0; done < *used; done += PAGE_SIZE, i++)
			memcpy_from_page(buf + done, pages[i], 0,
					 min_t(size_t, PAGE_SIZE, *used - done));
	}
	ret = 0;
out_unmap:
	if (count)
		xesim_dma_unmap(pf->xdev, iova, count);
out_free_pages:
	for (i = 0; i < count && pages[i]; i++)
		__free_page(pages[i]);
	kvfree(pages);
	kvfree(ptes);
	return ret;
}

static int xepf_mig_guc_size(void *priv, size_t *size)
{
	struct xepf_vf_mig *m = priv;

	if (!xepf_sriov_control_vf_has(&m->pf->ctl, m->vfid, XEPF_VF_PAUSED)) {
		*size = XEPF_GGTT_MIG_SIZE;
		return 0;
	}
	return xepf_mig_guc_xfer(m, GUC_PF_OPCODE_VF_SAVE, NULL, 0, size);
}

static int xepf_mig_guc_save(void *priv, void *buf, size_t size, size_t *used)
{
	return xepf_mig_guc_xfer(priv, GUC_PF_OPCODE_VF_SAVE, buf, size, used);
}

static int xepf_mig_guc_restore(void *priv, const void *buf, size_t size)
{
	size_t used;
	int err;

	err = xepf_mig_guc_xfer(priv, GUC_PF_OPCODE_VF_RESTORE, (void *)buf,
				size, &used);
	return err;
}

static int xepf_mig_ggtt_read(void *priv, u64 first, u64 *ptes,
			      unsigned int n)
{
	struct xepf_vf_mig *m = priv;

	return xesim_ggtt_read_ptes(m->pf->xdev,
				    m->ggtt_start + first * XE_GGTT_PAGE_SIZE,
				    ptes, n);
}

static int xepf_mig_ggtt_write(void *priv, u64 first, const u64 *ptes,
			       unsigned int n)
{
	struct xepf_vf_mig *m = priv;

	return xesim_ggtt_write_ptes(m->pf->xdev,
				     m->ggtt_start + first * XE_GGTT_PAGE_SIZE,
				     ptes, n);
}

/* note an entry to check at the resume; with m->lock held */
static int xepf_mig_defer_iova(struct xepf_vf_mig *m, u64 index)
{
	u64 pages = m->pf->cfgs[m->vfid - 1].ggtt_size >> XE_GGTT_PAGE_SHIFT;

	lockdep_assert_held(&m->lock);
	guard(mutex)(&m->unchecked_lock);
	if (!m->unchecked) {
		m->unchecked = bitmap_zalloc(pages, GFP_KERNEL);
		if (!m->unchecked)
			return -ENOMEM;
		m->unchecked_pages = pages;
	}
	if (index >= m->unchecked_pages)
		return -EACCES;
	__set_bit(index, m->unchecked);
	return 0;
}

static void xepf_mig_forget_unchecked(struct xepf_vf_mig *m)
{
	guard(mutex)(&m->unchecked_lock);
	bitmap_free(m->unchecked);
	m->unchecked = NULL;
	m->unchecked_pages = 0;
}

static int xepf_mig_iova_check(void *priv, u64 index, u64 iova)
{
	struct xepf_vf_mig *m = priv;
	int err;

	err = xesim_pf_vf_dma_check(m->pf->xdev, m->vfid, iova,
				    XE_GGTT_PAGE_SIZE);
	if (err == -ENOENT)	/* no guest attached yet */
		return xepf_mig_defer_iova(m, index);
	return err == -EFAULT ? -EACCES : err;
}

static int xepf_mig_mmio_read(void *priv, unsigned int n, u32 *val)
{
	struct xepf_vf_mig *m = priv;

	return xesim_pf_vf_scratch_read(m->pf->xdev, m->vfid, n, val);
}

static int xepf_mig_mmio_write(void *priv, unsigned int n, u32 val)
{
	struct xepf_vf_mig *m = priv;

	return xesim_pf_vf_scratch_write(m->pf->xdev, m->vfid, n, val);
}

static int xepf_mig_vram_pages(void *priv, u64 offset, struct page **pages,
			       unsigned int n, bool back)
{
	struct xepf_vf_mig *m = priv;

	return xesim_pf_vf_vram_pages(m->pf->xdev, m->vfid, offset, pages, n,
				      back);
}

static int xepf_mig_vram_write(void *priv, u64 offset, const void *buf,
			       size_t len)
{
	struct xepf_vf_mig *m = priv;

	return xesim_pf_vf_vram_write(m->pf->xdev, m->vfid, offset, buf, len);
}

static const struct xepf_mig_ops xepf_mig_dev_ops = {
	.guc_size = xepf_mig_guc_size,
	.guc_save = xepf_mig_guc_save,
	.guc_restore = xepf_mig_guc_restore,
	.ggtt_read = xepf_mig_ggtt_read,
	.ggtt_write = xepf_mig_ggtt_write,
	.iova_check = xepf_mig_iova_check,
	.mmio_read = xepf_mig_mmio_read,
	.mmio_write = xepf_mig_mmio_write,
	.vram_pages = xepf_mig_vram_pages,
	.vram_write = xepf_mig_vram_write,
};

/* the VF as the stream sees it; with pf->lock held, the VF enabled */
static void xepf_mig_target(struct xepf_vf_mig *m, struct xepf_mig_target *t)
{
	struct xepf_pf *pf = m->pf;
	const struct xepf_vf_config *cfg = &pf->cfgs[m->vfid - 1];

	lockdep_assert_held(&pf->lock);
	*t = (struct xepf_mig_target) {
		.dev = pf->dev,
		.ops = &xepf_mig_dev_ops,
		.priv = m,
		.vfid = m->vfid,
		.devid = pf->info.device_id,
		.revid = pf->info.revision,
		.ggtt_size = cfg->ggtt_size,
		.lmem_size = cfg->lmem_size,
	};
}

/**
 * xepf_sriov_migration_init() - Set up the migration state of every VF of a PF.
 * @pf: the PF, with its device info read.
 *
 * Context: process context.
 * Return: 0 or -ENOMEM.
 */
int xepf_sriov_migration_init(struct xepf_pf *pf)
{
	unsigned int i;

	pf->migs = kcalloc(pf->info.total_vfs, sizeof(*pf->migs), GFP_KERNEL);
	if (!pf->migs)
		return -ENOMEM;
	mutex_init(&pf->mig_buf_lock);
	for (i = 0; i < pf->info.total_vfs; i++) {
		pf->migs[i].pf = pf;
		pf->migs[i].vfid = i + 1;
		mutex_init(&pf->migs[i].lock);
		mutex_init(&pf->migs[i].unchecked_lock);
	}
	return 0;
}

/**
 * xepf_sriov_migration_fini() - Free the migration state.
 * @pf: the PF, whose streams xepf_sriov_migration_abort() closed.
 *
 * Context: process context.
 */
void xepf_sriov_migration_fini(struct xepf_pf *pf)
{
	unsigned int i;

	if (!pf->migs)
		return;
	for (i = 0; i < pf->info.total_vfs; i++) {
		kvfree(pf->migs[i].wbuf);
		bitmap_free(pf->migs[i].unchecked);
		mutex_destroy(&pf->migs[i].unchecked_lock);
		mutex_destroy(&pf->migs[i].lock);
	}
	mutex_destroy(&pf->mig_buf_lock);
	kfree(pf->migs);
	pf->migs = NULL;
}

/**
 * xepf_sriov_migration_size() - Estimate the stream of a VF (MIG_DATA_SIZE).
 * @pf: the PF.
 * @vfid: an enabled VF.
 * @size: the estimate, an upper bound of what a save produces now.
 *
 * Context: process context; sleeps.
 * Return: 0, -ENODEV for a VF that is not enabled, or a GuC error.
 */
int xepf_sriov_migration_size(struct xepf_pf *pf, unsigned int vfid, u64 *size)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);
	struct xepf_mig_target t;

	guard(mutex)(&pf->lock);
	if (!m || !xepf_pf_vf_usable(pf, vfid))
		return -ENODEV;
	guard(mutex)(&m->lock);
	xepf_mig_target(m, &t);
	return xepf_migration_stream_size(&t, size);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_size);

/* the stream @o holds, checked; with m->lock held */
static int xepf_mig_held(struct xepf_vf_mig *m, const struct xepf_mig_owner *o,
			 bool restore)
{
	lockdep_assert_held(&m->lock);

	if (!o || !o->ticket)
		return -ENODEV;
	/* its owner ends a stream with its ticket: something else ended it */
	if (o->ticket != m->ticket)
		return -ECANCELED;
	if (restore ? !m->restore : !m->save)
		return -ENODEV;
	return 0;
}

static int xepf_mig_open(struct xepf_pf *pf, unsigned int vfid,
			 struct xepf_mig_owner *o, bool restore)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);
	const char *what = restore ? "restore" : "save";
	struct xepf_mig_restore *r = NULL;
	struct xepf_mig_save *s = NULL;
	struct xepf_mig_target t;
	int err;

	guard(mutex)(&pf->lock);
	if (!m || !o || !xepf_pf_vf_usable(pf, vfid))
		return -ENODEV;
	guard(mutex)(&m->lock);
	if (m->save || m->restore) {
		xepf_vf_err(pf->dev, vfid, "migration",
			    "%s refused: a stream is open\n", what);
		return -EBUSY;
	}
	err = restore ? xepf_sriov_control_restore_begin(&pf->ctl, vfid) :
			xepf_sriov_control_save_begin(&pf->ctl, vfid);
	if (err)
		return err;
	xepf_mig_target(m, &t);
	t.notify = o->notify;
	/*
	 * Written only here, with no stream open, before the producer starts:
	 * the stream's ops read it without a lock while it is open.
	 */
	m->ggtt_start = pf->cfgs[vfid - 1].ggtt_start;
	if (restore)
		r = xepf_migration_stream_restore_create(&t);
	else
		s = xepf_migration_stream_save_create(&t);
	err = PTR_ERR_OR_ZERO(restore ? (void *)r : (void *)s);
	if (err) {
		if (restore)
			xepf_sriov_control_restore_end(&pf->ctl, vfid, err);
		else
			xepf_sriov_control_save_end(&pf->ctl, vfid, err);
		return err;
	}
	if (restore)
		xepf_mig_forget_unchecked(m);
	m->save = s;
	m->restore = r;
	m->bytes = 0;
	m->ticket = ++m->last_ticket;
	o->ticket = m->ticket;
	return 0;
}

/**
 * xepf_sriov_migration_save_begin() - Open the save stream of a paused VF.
 * @pf: the PF.
 * @vfid: an enabled VF.
 * @o: the opener, holding no stream; it then holds this one.
 *
 * Context: process context; sleeps.
 * Return: 0; -ENODEV for a VF that is not enabled; -EBUSY when a stream of
 * the VF is open; the control state machine's refusals (-EPERM when not
 * paused); -ENOMEM.
 */
int xepf_sriov_migration_save_begin(struct xepf_pf *pf, unsigned int vfid,
				    struct xepf_mig_owner *o)
{
	return xepf_mig_open(pf, vfid, o, false);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_save_begin);

/* at most this many bytes pass through a restore write's kernel buffer */
#define XEPF_MIG_IO_MAX		SZ_1M
/* the pages of the destination's LMEM backed per sim call at RESUMING */
#define XEPF_MIG_BACK_PAGES	(SZ_1M >> PAGE_SHIFT)

/*
 * Take the read lease of the save @o holds: with it the caller copies the
 * packets the producer made straight to its memory holding a reference on
 * the save instead of the VF's lock, so that memory that faults slowly, or
 * forever, holds up this call only; an FLR's cancel does not wait for it
 * (the packets go with the last reference). One reader at a time: another
 * gets -EBUSY.
 */
static struct xepf_mig_save *xepf_mig_save_lease(struct xepf_vf_mig *m,
						 struct xepf_mig_owner *o)
{
	int err;

	guard(mutex)(&m->lock);
	err = xepf_mig_held(m, o, false);
	if (err)
		return ERR_PTR(err);
	if (m->save->reading)
		return ERR_PTR(-EBUSY);
	m->save->reading = true;
	xepf_migration_stream_save_get(m->save);
	return m->save;
}

/* give the lease back, with the count of the bytes read under it */
static void xepf_mig_save_unlease(struct xepf_vf_mig *m,
				  struct xepf_mig_save *s, size_t moved)
{
	scoped_guard(mutex, &m->lock) {
		s->reading = false;
		if (m->save == s)
			m->bytes += moved;
	}
	xepf_migration_stream_save_put(s);
}

/*
 * Read the save @o holds into @to. A blocking read fills @to or reaches the
 * end of the stream, waiting for the producer with no lock held; a
 * non-blocking one takes what is ready. A fault of @to ends the read with
 * the bytes copied before it: the stream goes on from there.
 */
static ssize_t xepf_mig_read(struct xepf_vf_mig *m, struct xepf_mig_owner *o,
			     struct iov_iter *to, bool nonblock)
{
	struct xepf_mig_save *s;
	size_t done = 0;
	ssize_t ret;

	if (!iov_iter_count(to))
		return 0;
	s = xepf_mig_save_lease(m, o);
	if (IS_ERR(s))
		return PTR_ERR(s);
	for (;;) {
		ret = xepf_migration_stream_save_read_ready(s, to);
		if (ret > 0) {
			done += ret;
			if (!iov_iter_count(to) || nonblock)
				break;
			continue;
		}
		if (ret != -EAGAIN || nonblock)
			break;
		ret = xepf_migration_stream_save_wait(s);
		if (ret)
			break;
	}
	xepf_mig_save_unlease(m, s, done);
	return done ?: ret;
}

/**
 * xepf_sriov_migration_save_read() - Read the next bytes of a VF's save stream.
 * @pf: the PF.
 * @vfid: the VF.
 * @o: the owner of the stream.
 * @to: where the bytes go, any size.
 *
 * Fills @to, or reads to the end of the stream. Holds the VF's lock only
 * to take and give back the read lease (`xepf VF save and restore`).
 *
 * Context: process context; sleeps.
 * Return: bytes read, 0 at the end of the stream, -ENODEV when @o holds no
 * save, -ECANCELED when its save was ended by an FLR, an abort or the VFs'
 * disabling, -EBUSY while another read of it is in progress, or the
 * stream's (sticky) error.
 */
ssize_t xepf_sriov_migration_save_read(struct xepf_pf *pf, unsigned int vfid,
				       struct xepf_mig_owner *o, struct iov_iter *to)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);

	if (!m)
		return -ENODEV;
	return xepf_mig_read(m, o, to, false);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_save_read);

/**
 * xepf_sriov_migration_save_read_user() - Read a VF's save stream into user memory.
 * @pf: the PF.
 * @vfid: the VF.
 * @o: the owner of the stream.
 * @buf: the user buffer.
 * @len: its size; any.
 * @nonblock: return what is ready, and -EAGAIN rather than wait when
 *            nothing is.
 *
 * The bytes go from the packets the producer made straight to @buf, with
 * no lock of the PF held while @buf is written, however slowly it faults.
 * A @buf that faults ends the read with the bytes copied before the fault;
 * the stream goes on from there.
 *
 * Context: process context; sleeps.
 * Return: as xepf_sriov_migration_save_read(), -EAGAIN, or -EFAULT for a @buf that
 * takes no byte.
 */
ssize_t xepf_sriov_migration_save_read_user(struct xepf_pf *pf, unsigned int vfid,
					    struct xepf_mig_owner *o, char __user *buf,
					    size_t len, bool nonblock)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);
	struct iov_iter to;
	int err;

	if (!m)
		return -ENODEV;
	err = import_ubuf(ITER_DEST, buf, len, &to);
	return err ?: xepf_mig_read(m, o, &to, nonblock);
}

/* forget the stream @o held, which something else ended */
static int xepf_mig_forget(struct xepf_vf_mig *m, struct xepf_mig_owner *o,
			   int err)
{
	if (err == -ECANCELED) {
		o->ticket = 0;
		xepf_vf_dbg(m->pf->dev, m->vfid, "migration",
			    "closed a stream that had been cancelled\n");
	}
	return err;
}

/**
 * xepf_sriov_migration_save_ready() - Whether a read of a VF's save would return
 * without waiting for the producer.
 * @pf: the PF.
 * @vfid: the VF.
 * @o: the owner of the stream.
 *
 * Context: process context; takes the VF's lock, briefly.
 * Return: true when bytes are ready, the stream ended or failed, or @o
 * holds no save (its read fails at once).
 */
bool xepf_sriov_migration_save_ready(struct xepf_pf *pf, unsigned int vfid,
				     struct xepf_mig_owner *o)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);

	if (!m)
		return true;
	guard(mutex)(&m->lock);
	return xepf_mig_held(m, o, false) || xepf_migration_stream_save_poll(m->save);
}

/**
 * xepf_sriov_migration_save_end() - Close a VF's save stream.
 * @pf: the PF.
 * @vfid: the VF.
 * @o: the owner of the stream; it holds none afterwards.
 *
 * The VF stays paused. A save that did not reach the end of the stream is
 * recorded as failed (-ECANCELED), or with the stream's error.
 *
 * Context: process context; sleeps.
 * Return: 0; -ENODEV when @o holds no save; -ECANCELED when its save was
 * ended by an FLR, an abort or the VFs' disabling.
 */
int xepf_sriov_migration_save_end(struct xepf_pf *pf, unsigned int vfid,
				  struct xepf_mig_owner *o)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);
	int err;

	if (!m)
		return -ENODEV;
	guard(mutex)(&m->lock);
	err = xepf_mig_held(m, o, false);
	if (err)
		return xepf_mig_forget(m, o, err);
	err = m->save->err ?:
	      (xepf_migration_stream_save_complete(m->save) ? 0 : -ECANCELED);
	xepf_migration_stream_save_stats(m->save, &m->last_save);
	xepf_migration_stream_save_destroy(m->save);
	m->save = NULL;
	m->ticket = 0;
	o->ticket = 0;
	xepf_sriov_control_save_end(&pf->ctl, vfid, err);
	xepf_vf_dbg(pf->dev, vfid, "migration", "save closed after %llu bytes: %pe\n",
		    m->bytes, ERR_PTR(err));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_save_end);

/*
 * Give every page of the VF's LMEM memory before the stream writes it, so
 * that the copies of the downtime go into pages that exist, as a GPU's VRAM
 * does, instead of allocating and zeroing each one as its bytes come (the
 * FLR that starts RESUMING unhooked them). Best effort: a page it could not
 * back is backed by the write into it, which reports the failure.
 */
static void xepf_mig_vram_back(struct xepf_pf *pf, unsigned int vfid)
{
	u64 size, off;
	struct page **pages;
	unsigned int n, i;
	int err = 0;

	scoped_guard(mutex, &pf->lock)
		size = xepf_pf_vf_usable(pf, vfid) ?
		       pf->cfgs[vfid - 1].lmem_size : 0;
	pages = kmalloc_array(XEPF_MIG_BACK_PAGES, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return;
	for (off = 0; off + PAGE_SIZE <= size && !err; off += (u64)n << PAGE_SHIFT) {
		n = min_t(u64, XEPF_MIG_BACK_PAGES, (size - off) >> PAGE_SHIFT);
		err = xesim_pf_vf_vram_pages(pf->xdev, vfid, off, pages, n, true);
		for (i = 0; !err && i < n; i++)
			put_page(pages[i]);
	}
	kfree(pages);
	if (err)
		xepf_vf_dbg(pf->dev, vfid, "migration",
			    "LMEM backed up to %#llx only: %pe\n", off, ERR_PTR(err));
}

/**
 * xepf_sriov_migration_restore_begin() - Open the restore stream of a paused VF.
 * @pf: the PF.
 * @vfid: an enabled VF.
 * @o: the opener, holding no stream; it then holds this one.
 *
 * Context: process context; sleeps.
 * Return: 0; -ENODEV for a VF that is not enabled; -EBUSY when a stream of
 * the VF is open; the control state machine's refusals (-EPERM when not
 * paused, -EIO after a failed restore); -ENOMEM.
 */
int xepf_sriov_migration_restore_begin(struct xepf_pf *pf, unsigned int vfid,
				       struct xepf_mig_owner *o)
{
	int err = xepf_mig_open(pf, vfid, o, true);

	if (!err)
		xepf_mig_vram_back(pf, vfid);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_restore_begin);

/* give back the write lease of stream @ticket, if it is still the VF's */
static void xepf_mig_write_unlease(struct xepf_vf_mig *m, u64 ticket)
{
	lockdep_assert_held(&m->lock);
	if (m->writer == ticket)
		m->writer = 0;
}

/*
 * Copy @n bytes of @from into the pages of the VF's LMEM at @offset, which
 * @pages hold (backed and referenced under the VF's lock). Returns the
 * bytes copied, short when @from faults.
 */
static size_t xepf_mig_write_pages(struct page **pages, u64 offset, size_t n,
				   struct iov_iter *from)
{
	size_t done = 0, chunk, got;
	unsigned int i = 0;

	while (done < n) {
		chunk = min(n - done, PAGE_SIZE - offset_in_page(offset));
		got = copy_page_from_iter(pages[i++], offset_in_page(offset),
					  chunk, from);
		done += got;
		offset += got;
		if (got < chunk)
			break;
	}
	return done;
}

/*
 * Feed @from to the restore @o holds, up to XEPF_MIG_IO_MAX bytes, with the
 * VF's lock dropped while the caller's memory is read. Under the lock the
 * write takes the restore's write lease (one writer at a time) and asks the
 * consumer what comes next. The bytes of a VRAM payload go from the
 * caller's memory straight into the VF's pages, backed and referenced under
 * the lock; the rest (headers and the other payloads) into the VF's write
 * buffer (&xepf_vf_mig.wbuf), fed to the consumer under the lock again.
 * When the stream was ended meanwhile (an FLR, an abort), the write fails
 * with -ECANCELED; what it copied went to pages the FLR's wipe had already
 * unhooked from the VF or wipes afterwards, never into the next stream.
 */
static ssize_t xepf_mig_write(struct xepf_vf_mig *m, struct xepf_mig_owner *o,
			      struct iov_iter *from)
{
	size_t len = min_t(size_t, iov_iter_count(from), XEPF_MIG_IO_MAX);
	const struct xepf_mig_ops *ops = &xepf_mig_dev_ops;
	struct page **pages = NULL;
	unsigned int npages = 0;
	u64 ticket, vram, t0;
	void *buf = NULL;
	ssize_t ret;
	size_t n;

	if (!len)
		return 0;
	scoped_guard(mutex, &m->lock) {
		ret = xepf_mig_held(m, o, true);
		if (ret)
			return ret;
		if (m->writer == m->ticket)
			return -EBUSY;
		n = xepf_migration_stream_restore_want(m->restore, &vram);
		if (!n) /* a dead or ended stream: let the consumer say so */
			n = len;
		len = min(len, n);
		if (vram != U64_MAX) {
			npages = DIV_ROUND_UP(offset_in_page(vram) + len, PAGE_SIZE);
			pages = kmalloc_array(npages, sizeof(*pages), GFP_KERNEL);
			if (!pages)
				return -ENOMEM;
			ret = ops->vram_pages(m, round_down(vram, PAGE_SIZE), pages,
					      npages, true);
			if (ret) {
				kfree(pages);
				return ret;
			}
		}
		ticket = m->ticket;
		m->writer = ticket;
	}

	t0 = ktime_get_ns();
	if (pages) {
		n = xepf_mig_write_pages(pages, vram, len, from);
	} else {
		buf = xchg(&m->wbuf, NULL) ?:
		      kvmalloc(XEPF_MIG_IO_MAX, GFP_KERNEL_ACCOUNT);
		n = buf ? copy_from_iter(buf, len, from) : 0;
	}
	t0 = ktime_get_ns() - t0;

	scoped_guard(mutex, &m->lock) {
		xepf_mig_write_unlease(m, ticket);
		ret = xepf_mig_held(m, o, true);
		if (!ret && !n)
			ret = pages || buf ? -EFAULT : -ENOMEM;
		if (!ret && pages)
			ret = xepf_migration_stream_restore_vram_done(m->restore, n, t0);
		if (!ret)
			ret = pages ? n : xepf_migration_stream_restore_write_kbuf(m->restore,
										   buf, n);
		if (ret > 0)
			m->bytes += ret;
	}
	while (npages--)
		put_page(pages[npages]);
	kfree(pages);
	/* kept for the next write, unless another writer kept its own */
	if (buf && cmpxchg(&m->wbuf, NULL, buf))
		kvfree(buf);
	return ret;
}

/**
 * xepf_sriov_migration_restore_write() - Feed bytes to a VF's restore stream.
 * @pf: the PF.
 * @vfid: the VF.
 * @o: the owner of the stream.
 * @from: the bytes, any size.
 *
 * Context: process context; sleeps.
 * Return: bytes taken (all of @from), -ENODEV when @o holds no restore,
 * -ECANCELED when its restore was ended by an FLR, an abort or the VFs'
 * disabling, or the stream's (sticky) error.
 */
ssize_t xepf_sriov_migration_restore_write(struct xepf_pf *pf, unsigned int vfid,
					   struct xepf_mig_owner *o,
					   struct iov_iter *from)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);
	size_t done = 0;
	ssize_t ret;

	if (!m)
		return -ENODEV;
	while (iov_iter_count(from)) {
		ret = xepf_mig_write(m, o, from);
		if (ret < 0)
			return ret;
		done += ret;
	}
	return done;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_restore_write);

/**
 * xepf_sriov_migration_restore_write_user() - Feed user memory to a VF's restore stream.
 * @pf: the PF.
 * @vfid: the VF.
 * @o: the owner of the stream.
 * @buf: the user buffer.
 * @len: its size; any, but one call takes XEPF_MIG_IO_MAX bytes at most.
 *
 * @buf is read with no lock of the PF held: a @buf that faults slowly
 * holds up nothing but this call.
 *
 * Context: process context; sleeps.
 * Return: bytes taken, as xepf_sriov_migration_restore_write(), or -EFAULT for a
 * bad buffer.
 */
ssize_t xepf_sriov_migration_restore_write_user(struct xepf_pf *pf, unsigned int vfid,
						struct xepf_mig_owner *o,
						const char __user *buf, size_t len)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);
	struct iov_iter from;
	size_t done = 0;
	ssize_t ret;

	if (!m)
		return -ENODEV;
	ret = import_ubuf(ITER_SOURCE, (char __user *)buf,
			  min_t(size_t, len, XEPF_MIG_IO_MAX), &from);
	if (ret)
		return ret;
	/* one packet's part per step: a header, a payload or a piece of one */
	while (iov_iter_count(&from)) {
		ret = xepf_mig_write(m, o, &from);
		if (ret <= 0)
			return done ?: ret;
		done += ret;
	}
	return done;
}

/**
 * xepf_sriov_migration_restore_end() - Close a VF's restore stream.
 * @pf: the PF.
 * @vfid: the VF.
 * @o: the owner of the stream; it holds none afterwards.
 *
 * The VF stays paused, RESTORED when the whole stream was loaded, else
 * RESTORE_FAILED until an FLR.
 *
 * Context: process context; sleeps.
 * Return: 0 for a whole stream; -ENODEV when @o holds no restore;
 * -ECANCELED when its restore was ended by an FLR, an abort or the VFs'
 * disabling; the stream's error, or -ENODATA for one that ended before its
 * trailer.
 */
int xepf_sriov_migration_restore_end(struct xepf_pf *pf, unsigned int vfid,
				     struct xepf_mig_owner *o)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);
	int err;

	if (!m)
		return -ENODEV;
	guard(mutex)(&m->lock);
	err = xepf_mig_held(m, o, true);
	if (err)
		return xepf_mig_forget(m, o, err);
	err = xepf_migration_stream_restore_finish(m->restore);
	xepf_migration_stream_restore_stats(m->restore, &m->last_restore);
	xepf_migration_stream_restore_destroy(m->restore);
	kvfree(xchg(&m->wbuf, NULL));
	m->restore = NULL;
	m->loaded |= !err;
	m->ticket = 0;
	o->ticket = 0;
	xepf_sriov_control_restore_end(&pf->ctl, vfid, err);
	if (err)
		xepf_vf_err(pf->dev, vfid, "migration",
			    "restore failed after %llu bytes: %pe\n", m->bytes,
			    ERR_PTR(err));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_restore_end);

/* end whatever stream is open, for another reason than its owner's end */
static void xepf_mig_drop(struct xepf_vf_mig *m, const char *why)
{
	struct xepf_pf *pf = m->pf;

	lockdep_assert_held(&m->lock);

	if (m->save) {
		/* a reader copying out packets would race the figures */
		if (!m->save->reading)
			xepf_migration_stream_save_stats(m->save, &m->last_save);
		xepf_migration_stream_save_destroy(m->save);
		m->save = NULL;
		xepf_sriov_control_save_end(&pf->ctl, m->vfid, -ECANCELED);
		xepf_vf_dbg(pf->dev, m->vfid, "migration",
			    "save %s after %llu bytes\n", why, m->bytes);
	}
	if (m->restore) {
		xepf_migration_stream_restore_stats(m->restore, &m->last_restore);
		xepf_migration_stream_restore_destroy(m->restore);
		kvfree(xchg(&m->wbuf, NULL));
		m->restore = NULL;
		xepf_sriov_control_restore_end(&pf->ctl, m->vfid, -ECANCELED);
		xepf_vf_err(pf->dev, m->vfid, "migration",
			    "restore %s after %llu bytes\n", why, m->bytes);
	}
	/* the owner's ticket no longer matches: its calls get -ECANCELED */
	m->ticket = 0;
}

/**
 * xepf_sriov_migration_restore_prepare() - Bring a paused VF to a state that takes a
 * restore, whatever it held.
 * @pf: the PF.
 * @vfid: an enabled VF, paused.
 *
 * A VF a restore loaded before (its guest never sent RESFIX_DONE: a reused
 * destination, a retried migration), one a refused restore left
 * RESTORE_FAILED, or one in an unknown state (a failed FLR, an unexpected
 * GuC event) would refuse the restore: it is reset (an FLR, which wipes
 * it) and paused again. Any other paused VF is left as it is: the restore
 * replaces every resource of it.
 *
 * Context: process context; sleeps; the caller serializes the VF's
 * control requests (the VFIO driver's ``state_mutex``).
 * Return: 0; -ENODEV for a VF that is not enabled; the FLR's or the
 * pause's error.
 */
int xepf_sriov_migration_restore_prepare(struct xepf_pf *pf, unsigned int vfid)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);
	bool dirty;
	int err;

	if (!m || !xepf_pf_vf_usable(pf, vfid))
		return -ENODEV;
	scoped_guard(mutex, &m->lock)
		dirty = m->loaded;
	dirty |= xepf_sriov_control_vf_has(&pf->ctl, vfid, XEPF_VF_RESTORE_FAILED) ||
		 xepf_sriov_control_vf_has(&pf->ctl, vfid, XEPF_VF_FLR_FAILED) ||
		 xepf_sriov_control_vf_has(&pf->ctl, vfid, XEPF_VF_MISMATCH);
	if (!dirty)
		return 0;
	xepf_vf_dbg(pf->dev, vfid, "migration",
		    "VF holds loaded or unknown state: reset before the restore\n");
	err = xepf_sriov_control_reset_vf(&pf->ctl, vfid);
	if (!err)
		err = xepf_sriov_control_pause_vf(&pf->ctl, vfid);
	if (err)
		xepf_vf_err(pf->dev, vfid, "migration",
			    "could not bring the VF to a restorable state: %pe\n",
			    ERR_PTR(err));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_restore_prepare);

/**
 * xepf_sriov_migration_abort() - Drop any stream of a VF, at the VMM's request or
 * because the VF goes away.
 * @pf: the PF.
 * @vfid: the VF.
 *
 * A restore in progress leaves the VF RESTORE_FAILED. The VMM's calls then
 * find no stream (-ENODEV); another owner's get -ECANCELED.
 *
 * Context: process context; sleeps.
 */
void xepf_sriov_migration_abort(struct xepf_pf *pf, unsigned int vfid)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);

	if (!m)
		return;
	guard(mutex)(&m->lock);
	xepf_mig_drop(m, "aborted");
	m->vmm.ticket = 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_abort);

/**
 * xepf_sriov_migration_cancel() - End any stream of a VF that an FLR is about to
 * reset.
 * @pf: the PF.
 * @vfid: the VF.
 *
 * Called before the FLR reaches the device: it waits for a write of the
 * stream in progress and for its producer's packet in the making, so that
 * nothing the stream loads lands in the VF after the device wiped it, nor
 * is read from it after. A read copying out packets made before is not
 * waited for. The stream's owner, the VMM included, gets
 * -ECANCELED from its further calls and from its end.
 *
 * Context: process context; sleeps. Takes no PF-wide lock (the control
 * worker calls it while others wait for the FLR under them).
 */
void xepf_sriov_migration_cancel(struct xepf_pf *pf, unsigned int vfid)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);

	if (!m)
		return;
	guard(mutex)(&m->lock);
	xepf_mig_drop(m, "cancelled by an FLR");
	/* the device wipes the VF's GGTT range, the GuC its state */
	xepf_mig_forget_unchecked(m);
	m->loaded = false;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_cancel);

/**
 * xepf_sriov_migration_resume_check() - Check the system memory GGTT entries of a
 * restored VF that its restore could not check.
 * @pf: the PF.
 * @vfid: the VF, RESTORED and about to be resumed.
 *
 * Each entry the restore noted (`xepf VF save and restore`) is read back
 * and its IOVA looked up in the DMA domain the VF has now, with its guest
 * attached. The notes are then forgotten, whatever the outcome.
 *
 * Context: process context; the caller holds the VF's control lock.
 * Return: 0; -EACCES (logged with the entry) for an entry whose IOVA is not
 * in the VF's domain; a GGTT read or lookup error.
 */
int xepf_sriov_migration_resume_check(struct xepf_pf *pf, unsigned int vfid)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);
	u64 start, index, pte, addr;
	int err = 0;

	if (!m)
		return -ENODEV;
	guard(mutex)(&m->unchecked_lock);
	if (!m->unchecked)
		return 0;
	start = pf->cfgs[vfid - 1].ggtt_start;
	for_each_set_bit(index, m->unchecked, m->unchecked_pages) {
		err = xesim_ggtt_read_pte(pf->xdev,
					  start + index * XE_GGTT_PAGE_SIZE,
					  &pte);
		if (err)
			break;
		if (!(pte & XE_PAGE_PRESENT) || (pte & XE_GGTT_PTE_DM))
			continue;
		addr = pte & XE_GGTT_PTE_ADDR;
		err = xesim_pf_vf_dma_check(pf->xdev, vfid, addr,
					    XE_GGTT_PAGE_SIZE);
		/* still no guest: the VF reaches no system memory at all */
		if (err == -ENOENT)
			err = 0;
		if (err == -EFAULT) {
			xepf_vf_err(pf->dev, vfid, "migration",
				    "restored GGTT entry %llu IOVA %#llx is not in the VF's DMA domain\n",
				    index, addr);
			err = -EACCES;
		}
		if (err)
			break;
	}
	bitmap_free(m->unchecked);
	m->unchecked = NULL;
	m->unchecked_pages = 0;
	return err;
}

/**
 * xepf_sriov_migration_vmm() - The owner that stands for the VMM (the VFIO driver)
 * in a VF's stream calls.
 * @pf: the PF.
 * @vfid: the VF.
 *
 * Context: any.
 * Return: the owner, or NULL for a bad VFID (the stream calls then fail
 * with -ENODEV).
 */
struct xepf_mig_owner *xepf_sriov_migration_vmm(struct xepf_pf *pf, unsigned int vfid)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);

	return m ? &m->vmm : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_sriov_migration_vmm);

/**
 * xepf_sriov_migration_stats() - Where the time of a VF's last save and restore went.
 * @pf: the PF.
 * @vfid: the VF.
 * @save: out: the last save's figures when it closed (all 0 for none).
 * @restore: out: the last restore's figures when it closed (all 0 for none).
 *
 * Context: process context; takes the VF's lock.
 * Return: 0, or -ENODEV for a VF that is not enabled.
 */
int xepf_sriov_migration_stats(struct xepf_pf *pf, unsigned int vfid,
			       struct xepf_mig_stats *save, struct xepf_mig_stats *restore)
{
	struct xepf_vf_mig *m = xepf_mig_vf(pf, vfid);

	if (!m)
		return -ENODEV;
	guard(mutex)(&m->lock);
	*save = m->last_save;
	*restore = m->last_restore;
	return 0;
}
