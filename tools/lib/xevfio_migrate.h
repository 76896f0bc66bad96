/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMM role of a VF live migration, through the VFIO uAPI and the
 * xesim guest-slot sysfs files only.
 */

#ifndef XEVFIO_MIGRATE_H
#define XEVFIO_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "xevfio_client.h"

/* Default size of one read or write of a data file (see make bench). */
#define XEVFIO_CHUNK	(1024u * 1024u)
/* Buffers of the pipelined copy between two data files. */
#define XEVFIO_COPY_BUFS	4u

/**
 * enum xevfio_phase - The steps of a migration, in their order.
 * @XEVFIO_PHASE_DST_RESUMING: destination RUNNING -> RESUMING (its FLR and
 *                             restore stream), while the guest still runs,
 *                             as a VMM's incoming side prepares.
 * @XEVFIO_PHASE_FREEZE: freeze the guest slot (downtime starts).
 * @XEVFIO_PHASE_SRC_P2P: source RUNNING -> RUNNING_P2P.
 * @XEVFIO_PHASE_SRC_STOP_COPY: source -> STOP_COPY (save stream opened).
 * @XEVFIO_PHASE_TRANSFER: read the source stream to its end, write it to
 *                         the destination.
 * @XEVFIO_PHASE_DST_STOP: destination RESUMING -> STOP (state loaded).
 * @XEVFIO_PHASE_REATTACH: attach the slot to the destination VF.
 * @XEVFIO_PHASE_DST_RUNNING: destination STOP -> RUNNING_P2P -> RUNNING.
 * @XEVFIO_PHASE_THAW: thaw the guest slot (downtime ends).
 * @XEVFIO_PHASE_SRC_STOP: source STOP_COPY -> STOP.
 * @XEVFIO_PHASE_NR: number of phases.
 */
enum xevfio_phase {
	XEVFIO_PHASE_DST_RESUMING,
	XEVFIO_PHASE_FREEZE,
	XEVFIO_PHASE_SRC_P2P,
	XEVFIO_PHASE_SRC_STOP_COPY,
	XEVFIO_PHASE_TRANSFER,
	XEVFIO_PHASE_DST_STOP,
	XEVFIO_PHASE_REATTACH,
	XEVFIO_PHASE_DST_RUNNING,
	XEVFIO_PHASE_THAW,
	XEVFIO_PHASE_SRC_STOP,
	XEVFIO_PHASE_NR,
};

/**
 * struct xevfio_copy_stats - Where the time of a stream copy went.
 * @bytes: bytes copied.
 * @reads: read calls (of up to the chunk size each, read to the full).
 * @writes: write calls (one per filled buffer).
 * @read_ms: the reader inside read() of the source: the source producing
 *           the bytes (or the reader waiting for it) and copying them out.
 * @read_idle_ms: the reader waiting for a free buffer (the destination is
 *                slower).
 * @write_ms: the writer inside write() of the destination: copying the
 *            bytes in, checking and loading them.
 * @write_idle_ms: the writer waiting for a filled buffer (the source is
 *                 slower).
 */
struct xevfio_copy_stats {
	__u64 bytes;
	__u64 reads;
	__u64 writes;
	double read_ms;
	double read_idle_ms;
	double write_ms;
	double write_idle_ms;
};

/**
 * struct xevfio_copy_ring - The buffers of a pipelined copy, allocated
 * before it starts (xevfio_copy_ring_alloc()).
 * @buf: XEVFIO_COPY_BUFS buffers of @chunk bytes.
 * @chunk: bytes per read and per write.
 */
struct xevfio_copy_ring {
	char *buf[XEVFIO_COPY_BUFS];
	size_t chunk;
};

/**
 * struct xevfio_mig_report - What a migration took.
 * @ms: milliseconds per phase.
 * @downtime_ms: from the start of the freeze to the end of the thaw.
 * @total_ms: the whole migration.
 * @bytes: stream bytes moved.
 * @copy: the transfer phase, split.
 * @failed: the first phase that failed, or -1.
 * @committed: the guest runs on the destination: its VF is RUNNING with
 *             the slot attached (a later failure, of the thaw or of the
 *             source's STOP, does not move it back).
 */
struct xevfio_mig_report {
	double ms[XEVFIO_PHASE_NR];
	double downtime_ms;
	double total_ms;
	__u64 bytes;
	struct xevfio_copy_stats copy;
	int failed;
	bool committed;
};

double xevfio_now_ms(void);
const char *xevfio_phase_name(int phase);

int xevfio_slot_attached(int slot, int *gpu, int *vf);
int xevfio_slot_freeze(int slot, bool frozen);
int xevfio_slot_attach(int slot, int gpu, int vf);
int xevfio_slot_start(int slot, int gpu, int vf);
int xevfio_vf_slot(int gpu, int vf, int *slot);

int xevfio_copy_ring_alloc(struct xevfio_copy_ring *ring, size_t chunk);
void xevfio_copy_ring_free(struct xevfio_copy_ring *ring);
int xevfio_copy_stream_ring(int from, int to, struct xevfio_copy_ring *ring,
			    struct xevfio_copy_stats *st);
int xevfio_copy_stream(int from, int to, size_t chunk,
		       struct xevfio_copy_stats *st);
int xevfio_migrate(int slot, struct xevfio_dev *src, struct xevfio_dev *dst,
		   size_t chunk, struct xevfio_mig_report *rep);
int xevfio_save(struct xevfio_dev *dev, int out, size_t chunk, __u64 *bytes);
int xevfio_load(struct xevfio_dev *dev, int in, size_t chunk, __u64 *bytes);

#endif
