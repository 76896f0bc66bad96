/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF migration stream v1: the restore consumer's types.
 */

#ifndef _XEPF_MIGRATION_STREAM_RESTORE_TYPES_H_
#define _XEPF_MIGRATION_STREAM_RESTORE_TYPES_H_

#include <linux/types.h>

#include "xepf_migration_stream_types.h"

/**
 * struct xepf_mig_restore - The consumer of a stream: it takes bytes in any
 * pieces, checks each header when it is whole and each payload when it is
 * complete, and keeps the GuC state, the GGTT entries and the scratch
 * registers until the whole stream was checked: only then are they loaded
 * into the destination (xepf_migration_stream_restore_finish()). VRAM payloads, whose
 * every byte is valid, go to the VF as they arrive.
 */
struct xepf_mig_restore {
	/** @t: the destination VF. */
	struct xepf_mig_target t;
	/** @hdr: the header being assembled, then the current packet's. */
	struct xepf_mig_hdr hdr;
	/** @hdr_pos: header bytes assembled. */
	size_t hdr_pos;
	/** @payload: buffer of the current packet's payload (not for VRAM). */
	void *payload;
	/** @bounce: XEPF_MIG_BOUNCE bytes through which VRAM payloads pass. */
	void *bounce;
	/** @payload_pos: payload bytes received. */
	size_t payload_pos;
	/** @seen: bit per XEPF_MIG_TYPE_* of the packets accepted. */
	unsigned long seen;
	/** @ggtt_end: end of the last GGTT chunk: chunks go in ascending order. */
	u64 ggtt_end;
	/** @vram_end: end of the last VRAM chunk: chunks go in ascending order. */
	u64 vram_end;
	/** @ggtt_covered: bytes of GGTT range the GGTT chunks covered. */
	u64 ggtt_covered;
	/** @vram_covered: bytes of LMEM the VRAM chunks covered. */
	u64 vram_covered;
	/** @consumed: bytes accepted so far. */
	u64 consumed;
	/** @guc: the GuC state blob, kept for the end; NULL until its packet. */
	void *guc;
	/** @guc_size: bytes of @guc. */
	size_t guc_size;
	/**
	 * @ggtt: the GGTT entries (VFID field clear), one per page of the
	 *        destination's GGTT range, kept for the end; NULL until the first
	 *        GGTT chunk. The load turns them, in place, into the CPU-order
	 *        entries it writes, the destination's VFID stamped in.
	 */
	__le64 *ggtt;
	/** @mmio: the scratch registers, kept for the end. */
	__le32 mmio[XEPF_MIG_MMIO_REGS];
	/** @done: the trailer was accepted. */
	bool done;
	/** @loaded: the kept state was loaded into the destination. */
	bool loaded;
	/** @err: sticky error; once set every write returns it. */
	int err;
	/** @apply_ns: time spent checking and loading what was written. */
	u64 apply_ns;
};

#endif
