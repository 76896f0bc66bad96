// SPDX-License-Identifier: GPL-2.0
/*
 * The GuC firmware model: the per-VF state blob of PF2GUC_SAVE_RESTORE_VF.
 */

#include <kunit/visibility.h>
#include <linux/align.h>
#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/crc32.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_klvs_abi.h"
#include "abi/xe_regs_abi.h"
#include "xesim_guc_blob.h"
#include "xesim_guc_hxg.h"
#include "xesim_guc_vf_state.h"

/**
 * DOC: GuC VF state blob
 *
 * PF2GUC_SAVE_RESTORE_VF moves the GuC's state of a paused VF as one
 * versioned, checksummed blob, all little-endian::
 *
 *	offset size
 *	     0    4  magic "XGVF" (0x46564758)
 *	     4    2  version (2)
 *	     6    2  header size (144)
 *	     8    4  blob size in bytes, a multiple of 8
 *	    12    4  crc32_le(~0) of the whole blob, this field taken as 0
 *	    16    2  PCI device id of the saving GPU
 *	    18    2  VFID saved
 *	    20    4  GuC VF state when saved (READY_PAUSED or RESFIX_PAUSED)
 *	    24    4  RESFIX marker when saved
 *	    28    4  flags (bit 0: CT registered)
 *	    32    8  GGTT start of the VF     } its configuration when saved:
 *	    40    8  GGTT size                } every GGTT address in the
 *	    48    8  LMEM size                } blob lies in this range
 *	    56    4  provisioned contexts
 *	    60    4  provisioned doorbells
 *	    64   32  H2G CT: descriptor address, buffer address (8 each),
 *	             buffer size, head, tail, status (4 each)
 *	    96   32  G2H CT: the same
 *	   128   16  record counts: contexts, 0 (reserved), GGTT refs, words
 *	   144    -  records, in this order:
 *	             contexts (32 bytes: id, flags, priority, engine,
 *	                       context image GGTT address, execution
 *	                       quantum, preemption timeout)
 *	             GGTT refs (16 bytes: tag, 0, GGTT address)
 *	             words (4 bytes each, device-defined, no GGTT address)
 *	             zero padding to a multiple of 8 bytes
 *
 * The blob has no doorbell records: the GuC model has no doorbells (the
 * VFs submit through H2G), so there is no doorbell state to move. Version 1
 * had a doorbell record type that no device filled; version 2 reserves its
 * count.
 *
 * The GGTT refs and words are the flexible part: the device adds what else
 * it keeps for a VF there, as tagged GGTT addresses (rebased on restore)
 * or as plain words, without a new blob version.
 *
 * A save with no buffer returns the size; into a smaller buffer it fails
 * with -ENOBUFS and writes nothing. A save trusts the device's snapshot.
 *
 * A restore trusts nothing, and checks everything before it changes
 * anything (on any failure the destination VF and @out are untouched):
 *
 * - shorter than the header, or than the size the header gives: -ENODATA
 *   (truncated);
 * - wrong magic, header size, blob size (not the one the record counts
 *   give), checksum, flags, reserved fields or padding, a source GGTT range
 *   that is misaligned or wraps, a state that is not a paused one, counts
 *   above the source's provisioned counts, IDs out of range or repeated, a
 *   priority out of range, or any
 *   GGTT address (with the extent of what it points to) outside the
 *   source's range: -EBADMSG (corrupt);
 * - another version: -EPROTONOSUPPORT, checked before the checksum (a
 *   future version may checksum differently);
 * - another device id: -EXDEV (foreign), checked after the checksum so
 *   that corruption is reported as such;
 * - a destination VF that cannot hold the state (a context ID at or above
 *   its provisioned count, an address that does not fit its
 *   GGTT range once rebased, less LMEM than the source had): -ENOSPC.
 *
 * Then every stored GGTT reference (CT descriptors and buffers, context
 * images, GGTT refs) is rebased from the saved GGTT start to the
 * destination VF's: the GuC fixes its own references; what the VF wrote in
 * memory (context images, rings, ...) is for the VF to fix in its
 * post-migration recovery. The saved marker is kept in the snapshot for
 * diagnostics only; the destination starts with none.
 */

/* Blob size for the given record counts; -EOVERFLOW if it does not fit. */
static int blob_layout(u32 nr_ctxs, u32 nr_refs, u32 nr_words, size_t *size)
{
	u64 total = sizeof(struct xesim_guc_blob_hdr);
	u64 part;

	if (check_mul_overflow((u64)nr_ctxs, (u64)sizeof(struct xesim_guc_blob_ctx), &part) ||
	    check_add_overflow(total, part, &total) ||
	    check_mul_overflow((u64)nr_refs, (u64)sizeof(struct xesim_guc_blob_ref), &part) ||
	    check_add_overflow(total, part, &total) ||
	    check_mul_overflow((u64)nr_words, (u64)sizeof(__le32), &part) ||
	    check_add_overflow(total, part, &total))
		return -EOVERFLOW;
	total = ALIGN(total, 8);
	if (total > U32_MAX)
		return -EOVERFLOW;
	*size = total;
	return 0;
}

static u32 blob_crc(const void *buf, size_t size)
{
	static const u8 zero[sizeof(__le32)];
	const size_t at = offsetof(struct xesim_guc_blob_hdr, crc);
	u32 crc;

	crc = crc32_le(~0, buf, at);
	crc = crc32_le(crc, zero, sizeof(zero));
	return crc32_le(crc, (const u8 *)buf + at + sizeof(zero),
			size - at - sizeof(zero));
}

static void put_ct(struct xesim_guc_blob_ct *out, const struct xesim_guc_ct_snap *ct)
{
	out->desc_addr = cpu_to_le64(ct->desc_addr);
	out->buf_addr = cpu_to_le64(ct->buf_addr);
	out->size = cpu_to_le32(ct->size);
	out->head = cpu_to_le32(ct->head);
	out->tail = cpu_to_le32(ct->tail);
	out->status = cpu_to_le32(ct->status);
}

static void get_ct(struct xesim_guc_ct_snap *ct, const struct xesim_guc_blob_ct *in)
{
	ct->desc_addr = le64_to_cpu(in->desc_addr);
	ct->buf_addr = le64_to_cpu(in->buf_addr);
	ct->size = le32_to_cpu(in->size);
	ct->head = le32_to_cpu(in->head);
	ct->tail = le32_to_cpu(in->tail);
	ct->status = le32_to_cpu(in->status);
}

/**
 * xesim_guc_blob_save() - Save a VF's GuC state into a blob.
 * @vf: the VF's GuC state machine (its state and marker are saved).
 * @devid: the PCI device id of this GPU.
 * @cfg: the VF's configuration.
 * @snap: the device's state of the VF.
 * @buf: the buffer to write, or NULL to learn the size.
 * @size: the size of @buf in bytes.
 *
 * Writes the layout of `GuC VF state blob`. Whether the VF may be saved now
 * is the caller's business (see xesim_guc_blob_save_vf()).
 *
 * Context: process context, with the VF's GuC mutex held.
 * Return: the blob size in bytes (written, or needed when @buf is NULL),
 * -ENOBUFS if @size is too small (nothing written), or -EOVERFLOW if the
 * state does not fit a blob.
 */
ssize_t xesim_guc_blob_save(const struct xesim_guc_vf_state *vf, u16 devid,
			    const struct xesim_guc_vf_config *cfg,
			    const struct xesim_guc_vf_snapshot *snap,
			    void *buf, size_t size)
{
	struct xesim_guc_blob_hdr hdr = {};
	size_t need, off;
	u8 *out = buf;
	u32 i;
	int err;

	lockdep_assert_held(vf->lock);

	err = blob_layout(snap->nr_ctxs, snap->nr_refs, snap->nr_words, &need);
	if (err)
		return err;
	if (!buf)
		return need;
	if (size < need)
		return -ENOBUFS;

	hdr.magic = cpu_to_le32(XESIM_GUC_BLOB_MAGIC);
	hdr.version = cpu_to_le16(XESIM_GUC_BLOB_VERSION);
	hdr.hdr_size = cpu_to_le16(sizeof(hdr));
	hdr.size = cpu_to_le32(need);
	hdr.devid = cpu_to_le16(devid);
	hdr.vfid = cpu_to_le16(vf->vfid);
	hdr.state = cpu_to_le32(vf->cur);
	hdr.marker = cpu_to_le32(vf->marker);
	hdr.flags = cpu_to_le32(snap->ct_registered ? XESIM_GUC_BLOB_F_CT : 0);
	hdr.ggtt_start = cpu_to_le64(cfg->ggtt_start);
	hdr.ggtt_size = cpu_to_le64(cfg->ggtt_size);
	hdr.lmem_size = cpu_to_le64(cfg->lmem_size);
	hdr.num_ctxs = cpu_to_le32(cfg->num_ctxs);
	hdr.num_dbs = cpu_to_le32(cfg->num_dbs);
	if (snap->ct_registered) {
		put_ct(&hdr.h2g, &snap->h2g);
		put_ct(&hdr.g2h, &snap->g2h);
	}
	hdr.nr_ctxs = cpu_to_le32(snap->nr_ctxs);
	hdr.nr_refs = cpu_to_le32(snap->nr_refs);
	hdr.nr_words = cpu_to_le32(snap->nr_words);
	memcpy(out, &hdr, sizeof(hdr));
	off = sizeof(hdr);

	for (i = 0; i < snap->nr_ctxs; i++) {
		const struct xesim_guc_ctx_snap *c = &snap->ctxs[i];
		struct xesim_guc_blob_ctx rec = {
			.id = cpu_to_le32(c->id),
			.flags = cpu_to_le32(c->flags),
			.prio = cpu_to_le32(c->prio),
			.engine = cpu_to_le32(c->engine),
			.lrc_addr = cpu_to_le64(c->lrc_addr),
			.quantum_us = cpu_to_le32(c->quantum_us),
			.preempt_us = cpu_to_le32(c->preempt_us),
		};

		memcpy(out + off, &rec, sizeof(rec));
		off += sizeof(rec);
	}
	for (i = 0; i < snap->nr_refs; i++) {
		struct xesim_guc_blob_ref rec = {
			.tag = cpu_to_le32(snap->refs[i].tag),
			.addr = cpu_to_le64(snap->refs[i].addr),
		};

		memcpy(out + off, &rec, sizeof(rec));
		off += sizeof(rec);
	}
	for (i = 0; i < snap->nr_words; i++) {
		__le32 w = cpu_to_le32(snap->words[i]);

		memcpy(out + off, &w, sizeof(w));
		off += sizeof(w);
	}
	memset(out + off, 0, need - off);

	hdr.crc = cpu_to_le32(blob_crc(out, need));
	memcpy(out + offsetof(struct xesim_guc_blob_hdr, crc), &hdr.crc, sizeof(hdr.crc));
	return need;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_blob_save);

static int refuse(const struct xesim_guc_vf_state *vf, int err, const char *why)
{
	pr_notice_ratelimited("%s: GuC state restore refused: %s (%pe)\n",
			      vf->name, why, ERR_PTR(err));
	return err;
}

/* [addr, addr + len) lies inside [start, start + size); overflow-safe. */
static bool ggtt_inside(u64 addr, u64 len, u64 start, u64 size)
{
	return addr >= start && len <= size && addr - start <= size - len;
}

static u64 rebase(u64 addr, u64 from, u64 to)
{
	return addr - from + to;
}

/* What a restore reads: the header and the records, in source terms. */
struct blob_in {
	const struct xesim_guc_vf_state *vf;
	const u8 *buf;
	size_t size;
	struct xesim_guc_blob_hdr hdr;
	u64 ggtt_start;
	u64 ggtt_size;
	u32 num_ctxs;
	u32 num_dbs;
};

static int check_header(struct blob_in *in, u16 devid)
{
	const struct xesim_guc_blob_hdr *hdr = &in->hdr;
	const struct xesim_guc_vf_state *vf = in->vf;
	u32 state, flags;
	size_t need;
	u64 end;

	if (in->size < sizeof(*hdr))
		return refuse(vf, -ENODATA, "shorter than the header");
	memcpy(&in->hdr, in->buf, sizeof(in->hdr));

	if (le32_to_cpu(hdr->magic) != XESIM_GUC_BLOB_MAGIC)
		return refuse(vf, -EBADMSG, "bad magic");
	if (le16_to_cpu(hdr->version) != XESIM_GUC_BLOB_VERSION)
		return refuse(vf, -EPROTONOSUPPORT, "unknown version");
	if (le16_to_cpu(hdr->hdr_size) != sizeof(*hdr))
		return refuse(vf, -EBADMSG, "bad header size");
	if (le32_to_cpu(hdr->size) > in->size)
		return refuse(vf, -ENODATA, "truncated");
	if (blob_layout(le32_to_cpu(hdr->nr_ctxs), le32_to_cpu(hdr->nr_refs),
			le32_to_cpu(hdr->nr_words), &need) ||
	    need != le32_to_cpu(hdr->size))
		return refuse(vf, -EBADMSG, "size does not match the record counts");
	in->size = need;
	if (blob_crc(in->buf, in->size) != le32_to_cpu(hdr->crc))
		return refuse(vf, -EBADMSG, "checksum mismatch");
	if (le16_to_cpu(hdr->devid) != devid)
		return refuse(vf, -EXDEV, "saved on another device");

	in->ggtt_start = le64_to_cpu(hdr->ggtt_start);
	in->ggtt_size = le64_to_cpu(hdr->ggtt_size);
	in->num_ctxs = le32_to_cpu(hdr->num_ctxs);
	in->num_dbs = le32_to_cpu(hdr->num_dbs);
	state = le32_to_cpu(hdr->state);
	flags = le32_to_cpu(hdr->flags);

	if (!in->ggtt_size || !IS_ALIGNED(in->ggtt_start, XE_GGTT_PAGE_SIZE) ||
	    !IS_ALIGNED(in->ggtt_size, XE_GGTT_PAGE_SIZE) ||
	    check_add_overflow(in->ggtt_start, in->ggtt_size, &end))
		return refuse(vf, -EBADMSG, "bad source GGTT range");
	if (state != XESIM_GUC_VF_READY_PAUSED && state != XESIM_GUC_VF_RESFIX_PAUSED)
		return refuse(vf, -EBADMSG, "saved in a state that is not paused");
	if (le32_to_cpu(hdr->marker) > FIELD_MAX(VF2GUC_RESFIX_START_REQUEST_MSG_0_MARKER))
		return refuse(vf, -EBADMSG, "bad marker");
	if (flags & ~XESIM_GUC_BLOB_F_CT)
		return refuse(vf, -EBADMSG, "unknown flags");
	if (hdr->rsvd)
		return refuse(vf, -EBADMSG, "reserved header field set");
	if (in->num_ctxs > GUC_KLV_VF_CFG_NUM_CONTEXTS_MAX ||
	    in->num_dbs > GUC_KLV_VF_CFG_NUM_DOORBELLS_MAX ||
	    le32_to_cpu(hdr->nr_ctxs) > in->num_ctxs)
		return refuse(vf, -EBADMSG, "more records than the source had IDs");
	return 0;
}

static bool ct_valid(const struct blob_in *in, const struct xesim_guc_ct_snap *ct)
{
	return ct->size && IS_ALIGNED(ct->size, sizeof(u32)) &&
	       ct->head < ct->size / sizeof(u32) && ct->tail < ct->size / sizeof(u32) &&
	       ggtt_inside(ct->desc_addr, XESIM_GUC_CT_DESC_SIZE, in->ggtt_start, in->ggtt_size) &&
	       ggtt_inside(ct->buf_addr, ct->size, in->ggtt_start, in->ggtt_size);
}

static bool ct_empty(const struct xesim_guc_ct_snap *ct)
{
	return !ct->desc_addr && !ct->buf_addr && !ct->size && !ct->head &&
	       !ct->tail && !ct->status;
}

/* Read and check the records into @snap (arrays already allocated). */
static int read_records(const struct blob_in *in, struct xesim_guc_vf_snapshot *snap,
			unsigned long *ctx_ids)
{
	const struct xesim_guc_vf_state *vf = in->vf;
	size_t off = sizeof(struct xesim_guc_blob_hdr);
	u32 i;

	for (i = 0; i < snap->nr_ctxs; i++) {
		struct xesim_guc_ctx_snap *c = &snap->ctxs[i];
		struct xesim_guc_blob_ctx rec;

		memcpy(&rec, in->buf + off, sizeof(rec));
		off += sizeof(rec);
		c->id = le32_to_cpu(rec.id);
		c->flags = le32_to_cpu(rec.flags);
		c->prio = le32_to_cpu(rec.prio);
		c->engine = le32_to_cpu(rec.engine);
		c->lrc_addr = le64_to_cpu(rec.lrc_addr);
		c->quantum_us = le32_to_cpu(rec.quantum_us);
		c->preempt_us = le32_to_cpu(rec.preempt_us);
		if (c->id >= in->num_ctxs || test_and_set_bit(c->id, ctx_ids))
			return refuse(vf, -EBADMSG, "bad or repeated context ID");
		if (c->prio > XESIM_GUC_CTX_PRIO_MAX)
			return refuse(vf, -EBADMSG, "bad context priority");
		if (!IS_ALIGNED(c->lrc_addr, XE_GGTT_PAGE_SIZE) ||
		    !ggtt_inside(c->lrc_addr, XE_GGTT_PAGE_SIZE, in->ggtt_start, in->ggtt_size))
			return refuse(vf, -EBADMSG, "context image outside the source GGTT");
	}
	for (i = 0; i < snap->nr_refs; i++) {
		struct xesim_guc_ref_snap *r = &snap->refs[i];
		struct xesim_guc_blob_ref rec;

		memcpy(&rec, in->buf + off, sizeof(rec));
		off += sizeof(rec);
		r->tag = le32_to_cpu(rec.tag);
		r->addr = le64_to_cpu(rec.addr);
		if (rec.rsvd)
			return refuse(vf, -EBADMSG, "reserved GGTT ref field set");
		if (!ggtt_inside(r->addr, 1, in->ggtt_start, in->ggtt_size))
			return refuse(vf, -EBADMSG, "GGTT ref outside the source GGTT");
	}
	for (i = 0; i < snap->nr_words; i++) {
		__le32 w;

		memcpy(&w, in->buf + off, sizeof(w));
		off += sizeof(w);
		snap->words[i] = le32_to_cpu(w);
	}
	if (memchr_inv(in->buf + off, 0, in->size - off))
		return refuse(vf, -EBADMSG, "padding not zero");
	return 0;
}

/* Check that @snap fits the destination @cfg, then move it there. */
static int rebase_snapshot(const struct blob_in *in, const struct xesim_guc_vf_config *cfg,
			   struct xesim_guc_vf_snapshot *snap)
{
	const struct xesim_guc_vf_state *vf = in->vf;
	u64 from = in->ggtt_start, to = cfg->ggtt_start, size = cfg->ggtt_size;
	u32 i;

	if (le64_to_cpu(in->hdr.lmem_size) > cfg->lmem_size)
		return refuse(vf, -ENOSPC, "more LMEM than the destination has");

	if (snap->ct_registered) {
		struct xesim_guc_ct_snap *cts[] = { &snap->h2g, &snap->g2h };

		for (i = 0; i < ARRAY_SIZE(cts); i++) {
			struct xesim_guc_ct_snap *ct = cts[i];

			ct->desc_addr = rebase(ct->desc_addr, from, to);
			ct->buf_addr = rebase(ct->buf_addr, from, to);
			if (!ggtt_inside(ct->desc_addr, XESIM_GUC_CT_DESC_SIZE, to, size) ||
			    !ggtt_inside(ct->buf_addr, ct->size, to, size))
				return refuse(vf, -ENOSPC, "CT outside the destination GGTT");
		}
	}
	for (i = 0; i < snap->nr_ctxs; i++) {
		struct xesim_guc_ctx_snap *c = &snap->ctxs[i];

		if (c->id >= cfg->num_ctxs)
			return refuse(vf, -ENOSPC, "context ID above the destination's count");
		c->lrc_addr = rebase(c->lrc_addr, from, to);
		if (!ggtt_inside(c->lrc_addr, XE_GGTT_PAGE_SIZE, to, size))
			return refuse(vf, -ENOSPC, "context outside the destination GGTT");
	}
	for (i = 0; i < snap->nr_refs; i++) {
		struct xesim_guc_ref_snap *r = &snap->refs[i];

		r->addr = rebase(r->addr, from, to);
		if (!ggtt_inside(r->addr, 1, to, size))
			return refuse(vf, -ENOSPC, "GGTT ref outside the destination GGTT");
	}
	return 0;
}

/**
 * xesim_guc_blob_restore() - Check a blob and turn it into a snapshot for
 * a destination VF.
 * @vf: the destination VF's GuC state machine (read only: for the log).
 * @devid: the PCI device id of this GPU.
 * @cfg: the destination VF's configuration.
 * @buf: the blob.
 * @size: the bytes available at @buf (at least the blob's size).
 * @out: out: on success, the snapshot with every GGTT reference rebased to
 *       @cfg's GGTT start; release it with xesim_guc_blob_snapshot_free().
 *       Untouched on failure.
 *
 * Checks everything listed in `GuC VF state blob` before producing
 * anything. Changes no state: the caller installs @out (see
 * xesim_guc_blob_restore_vf()).
 *
 * Context: process context (allocates with GFP_KERNEL), with the VF's GuC
 * mutex held.
 * Return: the blob size in bytes, or -ENODATA (truncated), -EBADMSG
 * (corrupt), -EPROTONOSUPPORT (other version), -EXDEV (other device),
 * -ENOSPC (does not fit the destination) or -ENOMEM.
 */
ssize_t xesim_guc_blob_restore(const struct xesim_guc_vf_state *vf, u16 devid,
			       const struct xesim_guc_vf_config *cfg,
			       const void *buf, size_t size,
			       struct xesim_guc_vf_snapshot *out)
{
	struct blob_in in = { .vf = vf, .buf = buf, .size = size };
	struct xesim_guc_vf_snapshot snap = {};
	unsigned long *ctx_ids = NULL;
	size_t ctxs_sz, refs_sz, words_sz;
	u8 *mem;
	int err;

	lockdep_assert_held(vf->lock);

	err = check_header(&in, devid);
	if (err)
		return err;

	snap.ct_registered = le32_to_cpu(in.hdr.flags) & XESIM_GUC_BLOB_F_CT;
	get_ct(&snap.h2g, &in.hdr.h2g);
	get_ct(&snap.g2h, &in.hdr.g2h);
	if (snap.ct_registered) {
		if (!ct_valid(&in, &snap.h2g) || !ct_valid(&in, &snap.g2h))
			return refuse(vf, -EBADMSG, "bad CT registration");
	} else if (!ct_empty(&snap.h2g) || !ct_empty(&snap.g2h)) {
		return refuse(vf, -EBADMSG, "CT fields set without a registration");
	}

	snap.nr_ctxs = le32_to_cpu(in.hdr.nr_ctxs);
	snap.nr_refs = le32_to_cpu(in.hdr.nr_refs);
	snap.nr_words = le32_to_cpu(in.hdr.nr_words);
	snap.src_vfid = le16_to_cpu(in.hdr.vfid);
	snap.src_state = le32_to_cpu(in.hdr.state);
	snap.src_marker = le32_to_cpu(in.hdr.marker);
	snap.src_ggtt_start = in.ggtt_start;

	/* the counts are bounded by the blob's size, checked above */
	ctxs_sz = array_size(snap.nr_ctxs, sizeof(*snap.ctxs));
	refs_sz = array_size(snap.nr_refs, sizeof(*snap.refs));
	words_sz = array_size(snap.nr_words, sizeof(*snap.words));
	mem = kvzalloc(size_add(ctxs_sz, size_add(refs_sz, words_sz)), GFP_KERNEL);
	ctx_ids = bitmap_zalloc(in.num_ctxs, GFP_KERNEL);
	if (!mem || (in.num_ctxs && !ctx_ids)) {
		err = -ENOMEM;
		goto err_free_mem;
	}
	snap.mem = mem;
	snap.ctxs = (void *)mem;
	snap.refs = (void *)(mem + ctxs_sz);
	snap.words = (void *)(mem + ctxs_sz + refs_sz);

	err = read_records(&in, &snap, ctx_ids);
	if (!err)
		err = rebase_snapshot(&in, cfg, &snap);
	if (err)
		goto err_free_mem;

	bitmap_free(ctx_ids);
	*out = snap;
	pr_debug("%s: GuC state of VF%u restored, GGTT %#llx -> %#llx\n", vf->name,
		 snap.src_vfid, in.ggtt_start, cfg->ggtt_start);
	return in.size;

err_free_mem:
	bitmap_free(ctx_ids);
	kvfree(mem);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_blob_restore);

/**
 * xesim_guc_blob_snapshot_free() - Release a snapshot made by a restore.
 * @snap: the snapshot; emptied. A snapshot the device built itself (with
 *        no &xesim_guc_vf_snapshot.mem) is only emptied.
 *
 * Context: process context.
 */
void xesim_guc_blob_snapshot_free(struct xesim_guc_vf_snapshot *snap)
{
	kvfree(snap->mem);
	memset(snap, 0, sizeof(*snap));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_blob_snapshot_free);

/**
 * xesim_guc_blob_errno_to_response() - The GuC error code for a blob errno.
 * @err: a negative errno from xesim_guc_blob_save() or
 *       xesim_guc_blob_restore(), or from reading the buffer.
 *
 * Context: any context.
 * Return: the XE_GUC_RESPONSE_* code to reply with.
 */
u32 xesim_guc_blob_errno_to_response(int err)
{
	switch (err) {
	case -ENOBUFS:
	case -ENODATA:
	case -EMSGSIZE:
		return XE_GUC_RESPONSE_INVALID_SIZE;
	case -EBADMSG:
		return XE_GUC_RESPONSE_INVALID_BUFFER;
	case -EPROTONOSUPPORT:
		return XE_GUC_RESPONSE_UNSUPPORTED_VERSION;
	case -EXDEV:
		return XE_GUC_RESPONSE_NOT_SUPPORTED;
	case -ENOSPC:
	case -EOVERFLOW:
		return XE_GUC_RESPONSE_DATA_TOO_LARGE;
	case -ENOMEM:
		return XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION;
	case -EFAULT:
		return XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS;
	default:
		return XE_GUC_RESPONSE_STATUS_GENERIC_FAIL;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_blob_errno_to_response);

static u32 reply_fail(struct xesim_hxg_reply *reply, u32 error, u32 hint)
{
	reply->msg[0] = xesim_guc_hxg_failure(error, hint);
	reply->len = GUC_HXG_FAILURE_MSG_LEN;
	return error;
}

/**
 * xesim_guc_blob_save_vf() - Serve PF2GUC_SAVE_RESTORE_VF save.
 * @vf: the VF's GuC state machine.
 * @devid: the PCI device id of this GPU.
 * @cfg: the VF's configuration.
 * @snap: the device's state of the VF.
 * @buf: the request's buffer, or NULL for a size query (address 0).
 * @size: the size of @buf in bytes.
 * @reply: out: success with the dwords saved (or needed, for a query), or
 *         the failure reply.
 *
 * The VF must be paused, with the pause completed.
 *
 * Context: process context, with the VF's GuC mutex held.
 * Return: 0, or the GuC error code of the failure reply: the state
 * machine's refusal (hint: the state), or a blob error (hint: the positive
 * errno), e.g. INVALID_SIZE with hint ENOBUFS for a buffer that is too
 * small.
 */
u32 xesim_guc_blob_save_vf(struct xesim_guc_vf_state *vf, u16 devid,
			   const struct xesim_guc_vf_config *cfg,
			   const struct xesim_guc_vf_snapshot *snap,
			   void *buf, size_t size, struct xesim_hxg_reply *reply)
{
	struct xesim_guc_vf_action act;
	ssize_t ret;
	u32 err;

	lockdep_assert_held(vf->lock);
	memset(reply, 0, sizeof(*reply));

	err = xesim_guc_vf_state_handle(vf, XESIM_GUC_VF_EV_SAVE, 0, &act);
	if (err)
		return reply_fail(reply, err, vf->cur);

	ret = xesim_guc_blob_save(vf, devid, cfg, snap, NULL, 0);
	if (ret >= 0 && ret / sizeof(u32) > FIELD_MAX(PF2GUC_SAVE_RESTORE_VF_RESPONSE_MSG_0_USED))
		ret = -EOVERFLOW;
	if (ret >= 0 && buf)
		ret = xesim_guc_blob_save(vf, devid, cfg, snap, buf, size);
	if (ret < 0)
		return reply_fail(reply, xesim_guc_blob_errno_to_response(ret), -ret);

	reply->msg[0] = xesim_guc_hxg_success(ret / sizeof(u32));
	reply->len = PF2GUC_SAVE_RESTORE_VF_RESPONSE_MSG_LEN;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_blob_save_vf);

/**
 * xesim_guc_blob_restore_vf() - Serve PF2GUC_SAVE_RESTORE_VF restore.
 * @vf: the destination VF's GuC state machine.
 * @devid: the PCI device id of this GPU.
 * @cfg: the destination VF's configuration.
 * @buf: the request's buffer.
 * @size: the size of @buf in bytes.
 * @out: out: on success, the snapshot the device must install
 *       (%XESIM_GUC_VF_ACT_LOAD_STATE); untouched on failure.
 * @reply: out: success with the dwords consumed, or the failure reply.
 * @act: out: what the device must do now.
 *
 * The VF must be in READY_PAUSED with the pause completed; it moves to
 * RESFIX_PAUSED with no marker. On any failure nothing changes.
 *
 * Context: process context (allocates), with the VF's GuC mutex held.
 * Return: 0, or the GuC error code of the failure reply: the state
 * machine's refusal (hint: the state), or a blob error (hint: the positive
 * errno; see xesim_guc_blob_errno_to_response()).
 */
u32 xesim_guc_blob_restore_vf(struct xesim_guc_vf_state *vf, u16 devid,
			      const struct xesim_guc_vf_config *cfg,
			      const void *buf, size_t size,
			      struct xesim_guc_vf_snapshot *out,
			      struct xesim_hxg_reply *reply,
			      struct xesim_guc_vf_action *act)
{
	struct xesim_guc_vf_snapshot snap = {};
	ssize_t ret;
	u32 err;

	lockdep_assert_held(vf->lock);
	memset(reply, 0, sizeof(*reply));
	act->flags = 0;
	act->notify = 0;

	/* refuse a wrong state before parsing; the handle logs and counts */
	if (xesim_guc_vf_state_check(vf, XESIM_GUC_VF_EV_RESTORE, 0)) {
		err = xesim_guc_vf_state_handle(vf, XESIM_GUC_VF_EV_RESTORE, 0, act);
		return reply_fail(reply, err, vf->cur);
	}

	ret = xesim_guc_blob_restore(vf, devid, cfg, buf, size, &snap);
	if (ret < 0)
		return reply_fail(reply, xesim_guc_blob_errno_to_response(ret), -ret);

	err = xesim_guc_vf_state_handle(vf, XESIM_GUC_VF_EV_RESTORE, 0, act);
	if (err) {
		xesim_guc_blob_snapshot_free(&snap);
		return reply_fail(reply, err, vf->cur);
	}

	*out = snap;
	reply->msg[0] = xesim_guc_hxg_success(ret / sizeof(u32));
	reply->len = PF2GUC_SAVE_RESTORE_VF_RESPONSE_MSG_LEN;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_blob_restore_vf);
