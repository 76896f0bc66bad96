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
 */
struct xepf_mig_packet {
	/** @hdr: the header, wire format. */
	struct xepf_mig_hdr hdr;
	/**
	 * @data: the payload, @len bytes: @buf, or the GuC state blob; NULL when
	 *        @len is 0 and for a VRAM packet, whose payload is in @pages.
	 */
	void *data;
	/** @buf: the slot's own payload buffer, XEPF_MIG_SLOT_SIZE bytes. */
	void *buf;
	/**
	 * @pages: the slot's page array, XEPF_MIG_SLOT_PAGES entries: a VRAM
	 *         packet's payload is the VF's own pages, referenced (NULL for a
	 *         page of zeros), copied out by the read without a copy before it.
	 */
	struct page **pages;
	/** @npages: entries of @pages in use. */
	unsigned int npages;
	/** @len: payload bytes. */
	size_t len;
	/** @pos: bytes of header and payload already read. */
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
 */
struct xepf_mig_save {
	/**
	 * @ref: the owner's reference, dropped by xepf_migration_stream_save_destroy(), and
	 *       one per reader waiting outside its caller's lock
	 *       (xepf_migration_stream_save_wait()); the last one frees the structure.
	 */
	struct kref ref;
	/** @t: the source VF. */
	struct xepf_mig_target t;
	/** @work: the producer, on system_unbound_wq. */
	struct work_struct work;
	/** @next: producer side: the section the next packet comes from. */
	enum xepf_mig_section next;
	/** @cursor: producer side: progress inside @next: GGTT page or VRAM offset. */
	u64 cursor;
	/** @lock: protects @head, @ready, @stop and @perr; taken by both sides. */
	spinlock_t lock;
	/** @wait: where a reader waits for a packet. */
	wait_queue_head_t wait;
	/** @ring: the slots; slot i % XEPF_MIG_RING holds the i-th packet. */
	struct xepf_mig_packet ring[XEPF_MIG_RING];
	/** @head: index of the packet being read (the oldest ready one). */
	unsigned int head;
	/** @ready: packets made and not yet wholly read, from @head on. */
	unsigned int ready;
	/** @stop: the producer must make no more packets (destroy). */
	bool stop;
	/**
	 * @perr: the producer's error, seen by the reader after the packets
	 *        made before it.
	 */
	int perr;
	/** @eos: reader side: the trailer's last byte was read. */
	bool eos;
	/** @produced: reader side: bytes read so far. */
	u64 produced;
	/** @err: reader side: sticky error; once set every read returns it. */
	int err;
	/**
	 * @reading: a reader is copying packets out with no lock of its caller
	 *           held (see xepf_sriov_migration_save_read_user()); under that lock.
	 */
	bool reading;
	/** @produce_ns: producer side: time spent making packets. */
	u64 produce_ns;
	/** @wait_ns: time readers spent waiting for the producer. */
	atomic64_t wait_ns;
};

#endif
