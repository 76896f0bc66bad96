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
