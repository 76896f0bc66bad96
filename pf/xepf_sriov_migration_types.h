/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types of VF save and restore on the device.
 */

#ifndef _XEPF_SRIOV_MIGRATION_TYPES_H_
#define _XEPF_SRIOV_MIGRATION_TYPES_H_

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "xepf_migration_stream_types.h"

struct xepf_pf;

/* The PF's GGTT window through which the GuC reads and writes VF state */
#define XEPF_GGTT_MIG		SZ_64K
#define XEPF_GGTT_MIG_SIZE	XEPF_MIG_GUC_MAX

/**
 * struct xepf_mig_owner - Who holds a VF's stream: a debugfs file, a test,
 * or the VMM (the VFIO driver, through xepf_sriov_migration_vmm()).
 */
struct xepf_mig_owner {
	/**
	 * @ticket: the stream held, 0 for none. Opening a stream sets it and the
	 *          owner's end clears it; a stream that something else ended (an
	 *          FLR, an abort, the VFs' disabling) leaves it stale, and the
	 *          owner's calls then fail with -ECANCELED, even once another
	 *          stream of the VF is open.
	 */
	u64 ticket;
	/**
	 * @notify: optional: woken whenever a save the owner opens has new bytes,
	 *          fails or ends (&xepf_mig_target.notify); must outlive the
	 *          owner's streams.
	 */
	wait_queue_head_t *notify;
};

/**
 * struct xepf_vf_mig - The migration state of one VF.
 */
struct xepf_vf_mig {
	/** @pf: the PF. */
	struct xepf_pf *pf;
	/** @vfid: the VF. */
	unsigned int vfid;
	/** @lock: serializes the VF's stream: opening, every read or write, closing. */
	struct mutex lock;
	/**
	 * @ggtt_start: GGTT start of the VF while a stream is open: written under
	 *              @lock when a stream opens (none being open), read by the
	 *              stream's ops, the save's producer among them, without a
	 *              lock.
	 */
	u64 ggtt_start;
	/** @save: the save stream being read, or NULL. */
	struct xepf_mig_save *save;
	/** @restore: the restore stream being written, or NULL. */
	struct xepf_mig_restore *restore;
	/** @ticket: the ticket of the open stream, 0 when none is open. */
	u64 ticket;
	/** @last_ticket: the last ticket handed out; tickets are never reused. */
	u64 last_ticket;
	/** @vmm: the VMM's hold on the VF's streams. */
	struct xepf_mig_owner vmm;
	/** @bytes: bytes read from @save or written to @restore so far. */
	u64 bytes;
	/**
	 * @loaded: a restore loaded the VF since its last FLR: the GuC keeps it
	 *          in its fix-up states (RESFIX_*) until its guest's RESFIX_DONE,
	 *          and takes no other restore there. Under @lock.
	 */
	bool loaded;
	/**
	 * @unchecked_lock: protects @unchecked and @unchecked_pages; taken inside
	 *                  @lock, and by the resume under the VF's control lock.
	 */
	struct mutex unchecked_lock;
	/**
	 * @unchecked: bit per page of the VF's GGTT range: system memory entries
	 *             the last restore wrote while the VF had no DMA domain, to be
	 *             checked at the resume; NULL for none.
	 */
	unsigned long *unchecked;
	/** @unchecked_pages: bits of @unchecked. */
	u64 unchecked_pages;
	/**
	 * @wbuf: the kernel buffer of restore writes (headers and payloads other
	 *        than VRAM), XEPF_MIG_IO_MAX bytes, kept
	 *        while a restore is open so that a write does not allocate one:
	 *        a write takes it with xchg() and gives it back with cmpxchg()
	 *        (no lock; a second writer at once allocates its own); freed when
	 *        the restore closes or the VFs go.
	 */
	void *wbuf;
	/**
	 * @writer: the ticket of the restore whose write lease is taken: a write
	 *          copying the caller's memory with @lock dropped; 0 or a stale
	 *          ticket when none is. Under @lock.
	 */
	u64 writer;
	/** @last_save: the figures of the last save when it closed, under @lock. */
	struct xepf_mig_stats last_save;
	/**
	 * @last_restore: the figures of the last restore when it closed, under
	 *                @lock.
	 */
	struct xepf_mig_stats last_restore;
};

#endif
