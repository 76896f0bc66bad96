// SPDX-License-Identifier: GPL-2.0
/*
 * VF migration stream v1: the format, shared by the save producer
 * (xepf_migration_stream_save.c) and the restore consumer
 * (xepf_migration_stream_restore.c).
 */

#include <kunit/visibility.h>
#include <linux/kernel.h>
#include <linux/math.h>

#include <abi/xe_regs_abi.h>

#include "xepf_migration_stream.h"

/**
 * DOC: xepf migration stream
 *
 * The state of one VF travels as a stream of packets. Each packet is a
 * 24-byte little-endian header (&struct xepf_mig_hdr: version, type, tile
 * id, GT id, flags, offset, size) followed by ``size`` bytes of payload.
 * A save produces, in this order::
 *
 *	DESCRIPTOR  KLVs: DEVID (0xf001) and REVID (0xf002), one dword each;
 *	            the VF's GGTT size (0x0002) and LMEM size (0x0003), the
 *	            keys and 64-bit values of its UPDATE_VF_CFG KLVs
 *	GUC         the GuC's state blob of the VF (PF2GUC_SAVE_RESTORE_VF)
 *	GGTT ...    8-byte PTEs, one per 4 KiB page of the VF's GGTT range,
 *	            VFID field cleared; offset = byte offset in the range;
 *	            at most XEPF_MIG_GGTT_CHUNK_PTES entries per packet
 *	MMIO        the 4 VF_SW_FLAG scratch registers, 4 bytes each
 *	VRAM ...    the VF's LMEM by VF offset, XEPF_MIG_VRAM_CHUNK per packet
 *	TRAILER     no payload: the end
 *
 * A VF offset means the same on every device (see `xesim LMTT`), so VRAM
 * chunks and LMEM PTEs need no translation. GGTT offsets are relative to the
 * VF's range, so a destination with another GGTT base takes them as they
 * are; the restore stamps its own VFID into every entry.
 *
 * Memory stays bounded and the reader sets the pace. A save's producer is
 * a worker that makes packets into a ring of XEPF_MIG_RING slots, ahead of
 * the reader, and stops when the ring is full. A VRAM packet holds no copy:
 * it takes references on the VF's own pages (xesim_pf_vf_vram_pages()), and
 * the read copies them to the reader's memory, the only copy of the VF's
 * VRAM on the way out. A page keeps the VF's data after an FLR unhooked it
 * from the VF, until the packet is read or dropped, so a save cut short by
 * an FLR never shows what the reset VF holds next. The ring holds
 * XEPF_MIG_RING packets' payloads at most, whatever the VF's size, and the
 * producer makes the next packet while the reader copies out the previous
 * ones. A reader that finds the
 * ring empty sleeps until the packet is made; a producer's error reaches
 * it after the packets made before the failure. The consumer passes VRAM
 * payloads to the VF through a XEPF_MIG_BOUNCE buffer as they arrive, so
 * the writer waits for the device, and keeps the rest (the GuC state blob,
 * 8 bytes per GGTT page of the VF, 16 bytes of registers) until the whole
 * stream has passed every check: only then, at the end of the stream
 * (xepf_migration_stream_restore_finish()), does it load the GuC state, the GGTT entries
 * and the registers, in this order. A stream refused anywhere, truncated
 * or abandoned has changed nothing of the destination but the VRAM its
 * chunks already covered. Both take reads and writes of any size, from one
 * byte up, through an &struct iov_iter.
 *
 * The size estimate (xepf_migration_stream_size()) is the exact stream size with
 * the GuC blob at the size the GuC asks for; a save may use less.
 */

/**
 * DOC: xepf migration stream checks
 *
 * A restore stream comes from user space and is trusted in nothing. The
 * consumer checks each header when its 24 bytes are in, in this order, and
 * each payload before it changes anything of the destination VF. The first
 * failure is logged with the name of the field, becomes the stream's sticky
 * error (every later write and the final check return it), and the caller
 * marks the VF failed; only an FLR makes it usable again. Nothing is ever
 * written outside the destination VF's own GGTT range, LMEM, scratch
 * registers and GuC state.
 *
 * ======================= ===================================================
 * errno                   cause
 * ======================= ===================================================
 * ``-EPROTONOSUPPORT``    header ``version`` is not 1
 * ``-EBADMSG``            unknown ``type``; a descriptor KLV that overruns
 *                         the payload, a DEVID, REVID, GGTT size or LMEM
 *                         size KLV of wrong length, repeated or missing; a
 *                         GGTT entry with the VFID field or reserved bits
 *                         set
 * ``-ENXIO``              ``tile_id`` or ``gt_id`` is not 0
 * ``-EINVAL``             ``flags`` is not 0
 * ``-EPROTO``             a packet before the descriptor; any byte after the
 *                         trailer
 * ``-EEXIST``             a second DESCRIPTOR, GUC or MMIO packet; a GGTT or
 *                         VRAM chunk that starts before the end of the
 *                         previous one (repeated or reordered)
 * ``-EMSGSIZE``           a ``size`` that the type does not allow (trailer
 *                         not 0, MMIO not 16, descriptor, GuC or GGTT not a
 *                         multiple of their unit, zero, or above the packet
 *                         limit)
 * ``-ERANGE``             an ``offset`` not 0 where the type has none, a
 *                         GGTT offset not page aligned, ``offset + size``
 *                         overflowing or past the destination's GGTT range
 *                         or LMEM
 * ``-EXDEV``              descriptor DEVID or REVID other than the
 *                         destination device's
 * ``-EREMCHG``            descriptor GGTT size or LMEM size other than the
 *                         destination VF's provisioning (only the GGTT
 *                         base may change across a migration)
 * ``-EACCES``             a present GGTT entry pointing outside the VF's
 *                         LMEM, or at an IOVA outside its DMA mappings
 * ``-ENOMSG``             a trailer without the GUC or MMIO packet, or
 *                         before GGTT chunks covered the whole GGTT range
 *                         and VRAM chunks the whole LMEM: a restore loads
 *                         every resource of the VF, never leaves one as
 *                         the destination had it
 * ``-ENODATA``            the stream ended before the trailer (truncated)
 * ``-EFAULT``             the user buffer could not be read
 * ======================= ===================================================
 *
 * Errors of the device while loading (a GuC that refuses the state blob, a
 * failed register or GGTT write, an IOVA check that could not be made) are
 * returned as the device gave them.
 */

static const char *const xepf_migration_stream_type_names[] = {
	[XEPF_MIG_TYPE_DESCRIPTOR] = "DESCRIPTOR",
	[XEPF_MIG_TYPE_TRAILER] = "TRAILER",
	[XEPF_MIG_TYPE_GGTT] = "GGTT",
	[XEPF_MIG_TYPE_MMIO] = "MMIO",
	[XEPF_MIG_TYPE_GUC] = "GUC",
	[XEPF_MIG_TYPE_VRAM] = "VRAM",
};

/**
 * xepf_migration_stream_type_name() - The name of a packet type, for messages.
 * @type: an XEPF_MIG_TYPE_*, or any other value.
 *
 * Return: the name, or NULL for a type the format does not know.
 */
const char *xepf_migration_stream_type_name(unsigned int type)
{
	if (type >= ARRAY_SIZE(xepf_migration_stream_type_names))
		return NULL;
	return xepf_migration_stream_type_names[type];
}

/**
 * xepf_migration_stream_size() - How many bytes a save of a VF will produce.
 * @t: the VF, paused.
 * @size: the estimate, an upper bound.
 *
 * Context: process context; asks the GuC for the size of its state.
 * Return: 0 or a negative errno from the GuC.
 */
int xepf_migration_stream_size(const struct xepf_mig_target *t, u64 *size)
{
	u64 pages = xepf_migration_stream_ggtt_pages(t);
	size_t guc;
	u64 total;
	int err;

	err = t->ops->guc_size(t->priv, &guc);
	if (err)
		return err;

	total = XEPF_MIG_HDR_SIZE + XEPF_MIG_DESC_DWORDS * sizeof(u32);
	total += XEPF_MIG_HDR_SIZE + guc;
	total += DIV_ROUND_UP_ULL(pages, XEPF_MIG_GGTT_CHUNK_PTES) *
		 XEPF_MIG_HDR_SIZE + pages * sizeof(u64);
	total += XEPF_MIG_HDR_SIZE + XEPF_MIG_MMIO_SIZE;
	total += DIV_ROUND_UP_ULL(t->lmem_size, XEPF_MIG_VRAM_CHUNK) *
		 XEPF_MIG_HDR_SIZE + t->lmem_size;
	total += XEPF_MIG_HDR_SIZE;				/* trailer */
	*size = total;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_size);
