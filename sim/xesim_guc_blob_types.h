/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GUC_BLOB_TYPES_H_
#define _XESIM_GUC_BLOB_TYPES_H_

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

/*
 * The in-memory state of one VF that the GuC saves and restores: the device
 * fills a snapshot for a save and installs the one a restore produced.
 */

/**
 * struct xesim_guc_ct_snap - One direction of a VF's CT channel registration.
 */
struct xesim_guc_ct_snap {
	/** @desc_addr: GGTT address of the CTB descriptor. */
	u64 desc_addr;
	/** @buf_addr: GGTT address of the circular buffer. */
	u64 buf_addr;
	/** @size: size of the circular buffer in bytes. */
	u32 size;
	/** @head: the GuC's copy of the head, in dwords. */
	u32 head;
	/** @tail: the GuC's copy of the tail, in dwords. */
	u32 tail;
	/** @status: the GuC's copy of the descriptor status. */
	u32 status;
};

/**
 * struct xesim_guc_ctx_snap - One context registered by a VF.
 */
struct xesim_guc_ctx_snap {
	/** @id: the VF's GuC context ID (below its provisioned count). */
	u32 id;
	/** @flags: device-defined state bits (registered, enabled, ...). */
	u32 flags;
	/** @prio: GuC priority, 0 (highest) to XESIM_GUC_CTX_PRIO_MAX. */
	u32 prio;
	/** @engine: device-defined engine class and instance mask. */
	u32 engine;
	/** @lrc_addr: GGTT address of the context image, 4 KiB aligned. */
	u64 lrc_addr;
	/** @quantum_us: device-defined: the execution quantum policy. */
	u32 quantum_us;
	/** @preempt_us: device-defined: the preemption timeout policy. */
	u32 preempt_us;
};

/**
 * struct xesim_guc_ref_snap - Another GGTT address the device keeps for a
 * VF (e.g. its memory-based interrupt pages); rebased on restore.
 */
struct xesim_guc_ref_snap {
	/** @tag: device-defined meaning of @addr. */
	u32 tag;
	/** @addr: the GGTT address, inside the VF's range. */
	u64 addr;
};

/**
 * struct xesim_guc_vf_snapshot - The GuC's state of one VF.
 *
 * For a save the device points the arrays at its own records (they are
 * only read). A restore fills a snapshot from one allocation, @mem, which
 * xesim_guc_blob_snapshot_free() releases.
 */
struct xesim_guc_vf_snapshot {
	/** @ct_registered: the VF registered its CT channel. */
	bool ct_registered;
	/** @h2g: host-to-GuC CT buffer (all 0 when not registered). */
	struct xesim_guc_ct_snap h2g;
	/** @g2h: GuC-to-host CT buffer (all 0 when not registered). */
	struct xesim_guc_ct_snap g2h;
	/** @nr_ctxs: number of entries in @ctxs. */
	u32 nr_ctxs;
	/** @ctxs: registered contexts, IDs unique. */
	struct xesim_guc_ctx_snap *ctxs;
	/** @nr_refs: number of entries in @refs. */
	u32 nr_refs;
	/** @refs: other GGTT addresses the device keeps. */
	struct xesim_guc_ref_snap *refs;
	/** @nr_words: number of entries in @words. */
	u32 nr_words;
	/** @words: device-defined state that holds no GGTT address. */
	u32 *words;
	/** @src_vfid: restore only: the VF the state was saved from. */
	u32 src_vfid;
	/** @src_state: restore only: its GuC state when saved. */
	u32 src_state;
	/** @src_marker: restore only: its RESFIX marker when saved. */
	u32 src_marker;
	/** @src_ggtt_start: restore only: its GGTT start when saved. */
	u64 src_ggtt_start;
	/** @mem: restore only: the allocation behind the arrays. */
	void *mem;
};

/* GuC context priorities: 0 (KMD high) to 3 (normal), as upstream. */
#define XESIM_GUC_CTX_PRIO_MAX		3u
/* Size of a CTB descriptor in GGTT memory, as upstream's. */
#define XESIM_GUC_CT_DESC_SIZE		64u

/*
 * The blob: a little-endian byte layout, independent of the in-memory
 * structures above. See `GuC VF state blob` in xesim_guc_blob.c.
 */
#define XESIM_GUC_BLOB_MAGIC		0x46564758u	/* "XGVF" */
#define XESIM_GUC_BLOB_VERSION		2u
/* flags */
#define XESIM_GUC_BLOB_F_CT		BIT(0)

/**
 * struct xesim_guc_blob_ct - One CT direction in a blob.
 */
struct xesim_guc_blob_ct {
	/** @desc_addr: &xesim_guc_ct_snap.desc_addr. */
	__le64 desc_addr;
	/** @buf_addr: &xesim_guc_ct_snap.buf_addr. */
	__le64 buf_addr;
	/** @size: &xesim_guc_ct_snap.size. */
	__le32 size;
	/** @head: &xesim_guc_ct_snap.head. */
	__le32 head;
	/** @tail: &xesim_guc_ct_snap.tail. */
	__le32 tail;
	/** @status: &xesim_guc_ct_snap.status. */
	__le32 status;
};

/**
 * struct xesim_guc_blob_hdr - The fixed head of a blob.
 */
struct xesim_guc_blob_hdr {
	/** @magic: XESIM_GUC_BLOB_MAGIC. */
	__le32 magic;
	/** @version: XESIM_GUC_BLOB_VERSION. */
	__le16 version;
	/** @hdr_size: sizeof(struct xesim_guc_blob_hdr) of this version. */
	__le16 hdr_size;
	/** @size: size of the whole blob in bytes, a multiple of 8. */
	__le32 size;
	/** @crc: crc32_le(~0) of the whole blob with this field zero. */
	__le32 crc;
	/** @devid: PCI device id of the GPU that saved the blob. */
	__le16 devid;
	/** @vfid: the VF that was saved. */
	__le16 vfid;
	/** @state: its GuC state (READY_PAUSED or RESFIX_PAUSED). */
	__le32 state;
	/** @marker: its RESFIX marker, 0 if none. */
	__le32 marker;
	/** @flags: XESIM_GUC_BLOB_F_*. */
	__le32 flags;
	/** @ggtt_start: the VF's GGTT start; every address is relative to it. */
	__le64 ggtt_start;
	/** @ggtt_size: the VF's GGTT size. */
	__le64 ggtt_size;
	/** @lmem_size: the VF's LMEM size. */
	__le64 lmem_size;
	/** @num_ctxs: the VF's provisioned context count. */
	__le32 num_ctxs;
	/** @num_dbs: the VF's provisioned doorbell count. */
	__le32 num_dbs;
	/** @h2g: host-to-GuC CT registration. */
	struct xesim_guc_blob_ct h2g;
	/** @g2h: GuC-to-host CT registration. */
	struct xesim_guc_blob_ct g2h;
	/** @nr_ctxs: number of context records. */
	__le32 nr_ctxs;
	/** @rsvd: zero (version 1 counted doorbell records here). */
	__le32 rsvd;
	/** @nr_refs: number of GGTT reference records. */
	__le32 nr_refs;
	/** @nr_words: number of device words. */
	__le32 nr_words;
	/**
	 * @data: the records: @nr_ctxs &struct xesim_guc_blob_ctx, @nr_refs
	 * &struct xesim_guc_blob_ref, @nr_words __le32, then zero padding to
	 * 8 bytes.
	 */
	u8 data[];
};

/**
 * struct xesim_guc_blob_ctx - A context record.
 */
struct xesim_guc_blob_ctx {
	/** @id: &xesim_guc_ctx_snap.id. */
	__le32 id;
	/** @flags: &xesim_guc_ctx_snap.flags. */
	__le32 flags;
	/** @prio: &xesim_guc_ctx_snap.prio. */
	__le32 prio;
	/** @engine: &xesim_guc_ctx_snap.engine. */
	__le32 engine;
	/** @lrc_addr: &xesim_guc_ctx_snap.lrc_addr. */
	__le64 lrc_addr;
	/** @quantum_us: &xesim_guc_ctx_snap.quantum_us. */
	__le32 quantum_us;
	/** @preempt_us: &xesim_guc_ctx_snap.preempt_us. */
	__le32 preempt_us;
};

/**
 * struct xesim_guc_blob_ref - A GGTT reference record.
 */
struct xesim_guc_blob_ref {
	/** @tag: &xesim_guc_ref_snap.tag. */
	__le32 tag;
	/** @rsvd: must be zero. */
	__le32 rsvd;
	/** @addr: &xesim_guc_ref_snap.addr. */
	__le64 addr;
};

static_assert(sizeof(struct xesim_guc_blob_ct) == 32);
static_assert(sizeof(struct xesim_guc_blob_hdr) == 144);
static_assert(sizeof(struct xesim_guc_blob_ctx) == 32);
static_assert(sizeof(struct xesim_guc_blob_ref) == 16);

#endif
