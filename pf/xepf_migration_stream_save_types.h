/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF migration stream v1: the save producer's types.
 */

#ifndef _XEPF_MIGRATION_STREAM_SAVE_TYPES_H_
#define _XEPF_MIGRATION_STREAM_SAVE_TYPES_H_

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/kref.h>
#include <linux/spinlock_types.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue_types.h>

#include "xepf_migration_stream_types.h"

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

#endif
