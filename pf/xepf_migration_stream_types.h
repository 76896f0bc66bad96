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
 * @version: stream version, XEPF_MIG_VERSION.
 * @type: packet type, XEPF_MIG_TYPE_*.
 * @tile_id: tile the payload belongs to; 0 (single-tile parts).
 * @gt_id: GT the payload belongs to; 0 (one GT).
 * @flags: none are defined: 0.
 * @offset: where the payload goes: for GGTT the byte offset of its first
 *          page in the VF's GGTT range, for VRAM the VF LMEM offset, 0 for
 *          the other types.
 * @size: payload size in bytes following the header.
 */
struct xepf_mig_hdr {
	u8 version;
	u8 type;
	u8 tile_id;
	u8 gt_id;
	__le32 flags;
	__le64 offset;
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
 * @ggtt_read: read the raw PTE of page @index of the VF's GGTT range.
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
	int (*ggtt_read)(void *priv, u64 index, u64 *pte);
	int (*ggtt_write)(void *priv, u64 first, const u64 *ptes,
			  unsigned int n);
	int (*iova_check)(void *priv, u64 index, u64 iova);
	int (*mmio_read)(void *priv, unsigned int n, u32 *val);
	int (*mmio_write)(void *priv, unsigned int n, u32 val);
	int (*vram_pages)(void *priv, u64 offset, struct page **pages,
			  unsigned int n, bool back);
	int (*vram_write)(void *priv, u64 offset, const void *buf, size_t len);
};

/**
 * struct xepf_mig_target - One VF as the stream sees it: the source of a
 * save or the destination of a restore.
 * @dev: device to log against.
 * @ops: access to the VF's resources.
 * @priv: cookie for @ops.
 * @vfid: the VF number, 1-based; stamped into restored GGTT entries.
 * @devid: PCI device id of the GPU.
 * @revid: PCI revision of the GPU.
 * @ggtt_size: bytes of the VF's GGTT range.
 * @lmem_size: bytes of the VF's LMEM.
 * @notify: optional: woken, besides the save's own readers, whenever a
 *          save has a new packet, fails or ends (a poll of the owner's
 *          file); must outlive the save.
 */
struct xepf_mig_target {
	struct device *dev;
	const struct xepf_mig_ops *ops;
	void *priv;
	unsigned int vfid;
	u16 devid;
	u8 revid;
	u64 ggtt_size;
	u64 lmem_size;
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
 * @bytes: stream bytes read (save) or taken (restore).
 * @produce_ns: save: the producer making packets (reading the GuC state,
 *              the GGTT entries and the VRAM into ring slots).
 * @wait_ns: save: readers waiting for the producer.
 * @apply_ns: restore: the consumer checking headers, writing VRAM
 *            payloads and loading the kept state at the end.
 */
struct xepf_mig_stats {
	u64 bytes;
	u64 produce_ns;
	u64 wait_ns;
	u64 apply_ns;
};

/**
 * struct xepf_mig_packet - A packet on its way out, header then payload: a
 * slot of the save's ring.
 * @hdr: the header, wire format.
 * @data: the payload, @len bytes: @buf, or the GuC state blob; NULL when
 *        @len is 0 and for a VRAM packet, whose payload is in @pages.
 * @buf: the slot's own payload buffer, XEPF_MIG_SLOT_SIZE bytes.
 * @pages: the slot's page array, XEPF_MIG_SLOT_PAGES entries: a VRAM
 *         packet's payload is the VF's own pages, referenced (NULL for a
 *         page of zeros), copied out by the read without a copy before it.
 * @npages: entries of @pages in use.
 * @len: payload bytes.
 * @pos: bytes of header and payload already read.
 */
struct xepf_mig_packet {
	struct xepf_mig_hdr hdr;
	void *data;
	void *buf;
	struct page **pages;
	unsigned int npages;
	size_t len;
	size_t pos;
};

/* packets a save produces ahead of its reader */
#define XEPF_MIG_RING			4
/* payload buffer of a ring slot: a VRAM chunk or a GGTT chunk's PTEs */
#define XEPF_MIG_SLOT_SIZE		XEPF_MIG_VRAM_CHUNK
#define XEPF_MIG_SLOT_PAGES		(XEPF_MIG_VRAM_CHUNK >> PAGE_SHIFT)
static_assert(XEPF_MIG_GGTT_CHUNK_PTES * sizeof(u64) <= XEPF_MIG_SLOT_SIZE);
static_assert(XEPF_MIG_DESC_DWORDS * sizeof(u32) <= XEPF_MIG_SLOT_SIZE);

/**
 * struct xepf_mig_save - The producer of a stream: a worker makes packets
 * into a ring of XEPF_MIG_RING slots and stops when the ring is full; the
 * reader takes them in order and frees a slot when it read its last byte,
 * which starts the worker again. The memory held is the ring's
 * XEPF_MIG_RING VRAM chunks and a GuC state blob at most, whatever the
 * VF's size.
 * @ref: the owner's reference, dropped by xepf_migration_stream_save_destroy(), and
 *       one per reader waiting outside its caller's lock
 *       (xepf_migration_stream_save_wait()); the last one frees the structure.
 * @t: the source VF.
 * @work: the producer, on system_unbound_wq.
 * @next: producer side: the section the next packet comes from.
 * @cursor: producer side: progress inside @next: GGTT page or VRAM offset.
 * @lock: protects @head, @ready, @stop and @perr; taken by both sides.
 * @wait: where a reader waits for a packet.
 * @ring: the slots; slot i % XEPF_MIG_RING holds the i-th packet.
 * @head: index of the packet being read (the oldest ready one).
 * @ready: packets made and not yet wholly read, from @head on.
 * @stop: the producer must make no more packets (destroy).
 * @perr: the producer's error, seen by the reader after the packets
 *        made before it.
 * @eos: reader side: the trailer's last byte was read.
 * @produced: reader side: bytes read so far.
 * @err: reader side: sticky error; once set every read returns it.
 * @reading: a reader is copying packets out with no lock of its caller
 *           held (see xepf_sriov_migration_save_read_user()); under that lock.
 * @produce_ns: producer side: time spent making packets.
 * @wait_ns: time readers spent waiting for the producer.
 */
struct xepf_mig_save {
	struct kref ref;
	struct xepf_mig_target t;
	struct work_struct work;
	enum xepf_mig_section next;
	u64 cursor;
	spinlock_t lock;	/* see kernel-doc */
	wait_queue_head_t wait;
	struct xepf_mig_packet ring[XEPF_MIG_RING];
	unsigned int head;
	unsigned int ready;
	bool stop;
	int perr;
	bool eos;
	u64 produced;
	int err;
	bool reading;
	u64 produce_ns;
	atomic64_t wait_ns;
};

/**
 * struct xepf_mig_restore - The consumer of a stream: it takes bytes in any
 * pieces, checks each header when it is whole and each payload when it is
 * complete, and keeps the GuC state, the GGTT entries and the scratch
 * registers until the whole stream was checked: only then are they loaded
 * into the destination (xepf_migration_stream_restore_finish()). VRAM payloads, whose
 * every byte is valid, go to the VF as they arrive.
 * @t: the destination VF.
 * @hdr: the header being assembled, then the current packet's.
 * @hdr_pos: header bytes assembled.
 * @payload: buffer of the current packet's payload (not for VRAM).
 * @bounce: XEPF_MIG_BOUNCE bytes through which VRAM payloads pass.
 * @payload_pos: payload bytes received.
 * @seen: bit per XEPF_MIG_TYPE_* of the packets accepted.
 * @ggtt_end: end of the last GGTT chunk: chunks go in ascending order.
 * @vram_end: end of the last VRAM chunk: chunks go in ascending order.
 * @ggtt_covered: bytes of GGTT range the GGTT chunks covered.
 * @vram_covered: bytes of LMEM the VRAM chunks covered.
 * @consumed: bytes accepted so far.
 * @guc: the GuC state blob, kept for the end; NULL until its packet.
 * @guc_size: bytes of @guc.
 * @ggtt: the GGTT entries (VFID field clear), one per page of the
 *        destination's GGTT range, kept for the end; NULL until the first
 *        GGTT chunk. The load turns them, in place, into the CPU-order
 *        entries it writes, the destination's VFID stamped in.
 * @mmio: the scratch registers, kept for the end.
 * @done: the trailer was accepted.
 * @loaded: the kept state was loaded into the destination.
 * @err: sticky error; once set every write returns it.
 * @apply_ns: time spent checking and loading what was written.
 */
struct xepf_mig_restore {
	struct xepf_mig_target t;
	struct xepf_mig_hdr hdr;
	size_t hdr_pos;
	void *payload;
	void *bounce;
	size_t payload_pos;
	unsigned long seen;
	u64 ggtt_end;
	u64 vram_end;
	u64 ggtt_covered;
	u64 vram_covered;
	u64 consumed;
	void *guc;
	size_t guc_size;
	__le64 *ggtt;
	__le32 mmio[XEPF_MIG_MMIO_REGS];
	bool done;
	bool loaded;
	int err;
	u64 apply_ns;
};

#endif
