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

/* Default size of one read or write of a data file. */
#define XEVFIO_CHUNK	(1024u * 1024u)

/**
 * enum xevfio_phase - The steps of a migration, in their order.
 * @XEVFIO_PHASE_FREEZE: freeze the guest slot (downtime starts).
 * @XEVFIO_PHASE_SRC_P2P: source RUNNING -> RUNNING_P2P.
 * @XEVFIO_PHASE_SRC_STOP_COPY: source -> STOP_COPY (save stream opened).
 * @XEVFIO_PHASE_DST_RESUMING: destination RUNNING -> RESUMING.
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
	XEVFIO_PHASE_FREEZE,
	XEVFIO_PHASE_SRC_P2P,
	XEVFIO_PHASE_SRC_STOP_COPY,
	XEVFIO_PHASE_DST_RESUMING,
	XEVFIO_PHASE_TRANSFER,
	XEVFIO_PHASE_DST_STOP,
	XEVFIO_PHASE_REATTACH,
	XEVFIO_PHASE_DST_RUNNING,
	XEVFIO_PHASE_THAW,
	XEVFIO_PHASE_SRC_STOP,
	XEVFIO_PHASE_NR,
};

/**
 * struct xevfio_mig_report - What a migration took.
 * @ms: milliseconds per phase.
 * @downtime_ms: from the start of the freeze to the end of the thaw.
 * @total_ms: the whole migration.
 * @bytes: stream bytes moved.
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

int xevfio_copy_stream(int from, int to, size_t chunk, __u64 *bytes);
int xevfio_migrate(int slot, struct xevfio_dev *src, struct xevfio_dev *dst,
		   size_t chunk, struct xevfio_mig_report *rep);
int xevfio_save(struct xevfio_dev *dev, int out, size_t chunk, __u64 *bytes);
int xevfio_load(struct xevfio_dev *dev, int in, size_t chunk, __u64 *bytes);

#endif
