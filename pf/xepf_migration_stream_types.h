/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of the VF migration stream v1.
 */

#ifndef _XEPF_MIGRATION_STREAM_TYPES_H_
#define _XEPF_MIGRATION_STREAM_TYPES_H_

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/compiler_attributes.h>
#include <linux/kref.h>
#include <linux/sizes.h>
#include <linux/spinlock_types.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue_types.h>

struct device;

/* wire format */
#define XEPF_MIG_VERSION		1
#define XEPF_MIG_TYPE_DESCRIPTOR	1
#define XEPF_MIG_TYPE_TRAILER		2
#define XEPF_MIG_TYPE_GGTT		3
#define XEPF_MIG_TYPE_MMIO		4
#define XEPF_MIG_TYPE_GUC		5
#define XEPF_MIG_TYPE_VRAM		6

#define XEPF_MIG_KLV_DEVID		0xf001u
#define XEPF_MIG_KLV_REVID		0xf002u

/* limits: what a producer emits and a consumer accepts per packet */
#define XEPF_MIG_DESC_MAX		SZ_4K
/* what a save's descriptor carries: DEVID, REVID, GGTT size, LMEM size */
#define XEPF_MIG_DESC_DWORDS		(2 + 2 + 3 + 3)
#define XEPF_MIG_GUC_MAX		SZ_4M
#define XEPF_MIG_MMIO_REGS		4
#define XEPF_MIG_MMIO_SIZE		(XEPF_MIG_MMIO_REGS * sizeof(u32))
#define XEPF_MIG_GGTT_CHUNK_PTES	8192
#define XEPF_MIG_GGTT_MAX		SZ_1M
#define XEPF_MIG_VRAM_CHUNK		SZ_1M
#define XEPF_MIG_VRAM_MAX		SZ_8M
#define XEPF_MIG_BOUNCE			SZ_64K

/**
 * struct xepf_mig_hdr - The header of one packet of the stream, little
 * endian, packed to 24 bytes.
 */
struct xepf_mig_hdr {
	/** @version: stream version, XEPF_MIG_VERSION. */
	u8 version;
	/** @type: packet type, XEPF_MIG_TYPE_*. */
	u8 type;
	/** @tile_id: tile the payload belongs to; 0 (single-tile parts). */
	u8 tile_id;
	/** @gt_id: GT the payload belongs to; 0 (one GT). */
	u8 gt_id;
	/** @flags: none are defined: 0. */
	__le32 flags;
	/**
	 * @offset: where the payload goes: for GGTT the byte offset of its first
	 *          page in the VF's GGTT range, for VRAM the VF LMEM offset, 0 for
	 *          the other types.
	 */
	__le64 offset;
	/** @size: payload size in bytes following the header. */
	__le64 size;
} __packed;

static_assert(sizeof(struct xepf_mig_hdr) == 24);

/**
 * struct xepf_mig_ops - How the stream reaches one VF's resources.
 *
 * All indices and offsets are VF-relative and already checked against the
 * VF's provisioning by the stream; an implementation only translates them.
 * Every callback returns 0 or a negative errno and may sleep.
 *
 * @guc_size: set *@size to the bytes the VF's GuC state needs.
 * @guc_save: save the GuC state into @buf of @size bytes; set *@used.
 * @guc_restore: load @size bytes of GuC state.
 * @ggtt_read: read the raw PTEs of the @n pages of the VF's GGTT range from
 *             page @first into @ptes.
 * @ggtt_write: write the raw PTEs (VFID included) of the @n pages from
 *              page @first.
 * @iova_check: optional: whether the entry of page @index may point at
 *              system memory IOVA @iova of the VF's DMA domain: 0 yes,
 *              -EACCES no, another errno when it cannot tell; without it
 *              only LMEM entries are accepted.
 * @mmio_read: read scratch register @n (< XEPF_MIG_MMIO_REGS) of the VF.
 * @mmio_write: write scratch register @n of the VF.
 * @vram_pages: set @pages to the @n pages holding the VF's LMEM from
 *              offset @offset (page aligned), each referenced; without
 *              @back NULL for a page that reads as zeros, with @back every
 *              page backed, for a write into it. The caller drops the
 *              references with put_page().
 * @vram_write: write @len bytes at VF LMEM offset @offset.
 */
struct xepf_mig_ops {
	int (*guc_size)(void *priv, size_t *size);
	int (*guc_save)(void *priv, void *buf, size_t size, size_t *used);
	int (*guc_restore)(void *priv, const void *buf, size_t size);
	int (*ggtt_read)(void *priv, u64 first, u64 *ptes, unsigned int n);
	int (*ggtt_write)(void *priv, u64 first, const u64 *ptes,
			  unsigned int n);
	int (*iova_check)(void *priv, u64 index, u64 iova);
	int (*mmio_read)(void *priv, unsigned int n, u32 *val);
	int (*mmio_write)(void *priv, unsigned int n, u32 val);
	int (*vram_pages)(void *priv, u64 offset, struct page **pages,
			  unsigned int n, bool back);
	int (*vram_write)(void *priv, u64 offset, const void *buf, size_t len);
};

#define XEPF_MIG_HDR_SIZE		sizeof(struct xepf_mig_hdr)

/**
 * struct xepf_mig_target - One VF as the stream sees it: the source of a
 * save or the destination of a restore.
 */
struct xepf_mig_target {
	/** @dev: device to log against. */
	struct device *dev;
	/** @ops: access to the VF's resources. */
	const struct xepf_mig_ops *ops;
	/** @priv: cookie for @ops. */
	void *priv;
	/** @vfid: the VF number, 1-based; stamped into restored GGTT entries. */
	unsigned int vfid;
	/** @devid: PCI device id of the GPU. */
	u16 devid;
	/** @revid: PCI revision of the GPU. */
	u8 revid;
	/** @ggtt_size: bytes of the VF's GGTT range. */
	u64 ggtt_size;
	/** @lmem_size: bytes of the VF's LMEM. */
	u64 lmem_size;
	/**
	 * @notify: optional: woken, besides the save's own readers, whenever a
	 *          save has a new packet, fails or ends (a poll of the owner's
	 *          file); must outlive the save.
	 */
	wait_queue_head_t *notify;
};

/**
 * enum xepf_mig_section - Where a save stands, in stream order.
 * @XEPF_MIG_SEC_DESCRIPTOR: the descriptor is next.
 * @XEPF_MIG_SEC_GUC: the GuC state is next.
 * @XEPF_MIG_SEC_GGTT: GGTT chunks are next.
 * @XEPF_MIG_SEC_MMIO: the scratch registers are next.
 * @XEPF_MIG_SEC_VRAM: VRAM chunks are next.
 * @XEPF_MIG_SEC_TRAILER: the trailer is next.
 * @XEPF_MIG_SEC_DONE: everything was produced.
 */
enum xepf_mig_section {
	XEPF_MIG_SEC_DESCRIPTOR,
	XEPF_MIG_SEC_GUC,
	XEPF_MIG_SEC_GGTT,
	XEPF_MIG_SEC_MMIO,
	XEPF_MIG_SEC_VRAM,
	XEPF_MIG_SEC_TRAILER,
	XEPF_MIG_SEC_DONE,
};

/**
 * struct xepf_mig_stats - Where a stream's time went in the PF: the
 * kernel's part of the benchmark's split of a transfer.
 */
struct xepf_mig_stats {
	/** @bytes: stream bytes read (save) or taken (restore). */
	u64 bytes;
	/**
	 * @produce_ns: save: the producer making packets (reading the GuC state,
	 *              the GGTT entries and the VRAM into ring slots).
	 */
	u64 produce_ns;
	/** @wait_ns: save: readers waiting for the producer. */
	u64 wait_ns;
	/**
	 * @apply_ns: restore: the consumer checking headers, writing VRAM
	 *            payloads and loading the kept state at the end.
	 */
	u64 apply_ns;
};

#endif
