// SPDX-License-Identifier: GPL-2.0
/*
 * xevfio-fuzz: a migration stream fuzzer for the xesim VFs, through the
 * VFIO uAPI only (plus the xesim sysfs and debugfs files a VMM's test
 * harness uses).
 *
 * It creates two GPUs whose VFs sit at different GGTT bases and a guest
 * slot on the first one's VF, runs work there (the store-dword test), saves
 * that VF's stream (the reference), and then loads mutated copies of the
 * reference into a VF of the other GPU. Every case is judged by a model of
 * the documented stream and GuC blob checks (pf/ DOC "xepf migration stream
 * checks", sim/ DOC "GuC VF state blob"), written here from those
 * documents: a stream the model calls malformed must be refused.
 *
 * After every batch of 16 cases the reference is loaded into the fuzzed VF,
 * the guest slot is attached to it and thawed, the guest recovers and runs
 * the work again, which must succeed. The guest then moved on, so a stale
 * snapshot of it would no longer be a valid migration: the VF is saved
 * again (the new reference) and the next batch fuzzes the other VF, whose
 * GGTT base differs from the one the reference was saved at, so that every
 * loaded stream is rebased.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/vfio.h>

#include "lib/xevfio_client.h"
#include "lib/xevfio_migrate.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT_ULL(nr)	(1ull << (nr))
#define SZ_1M		0x00100000ull

static const char *prog = "xevfio-fuzz";

/* ---- the wire formats (pf/ and sim/ DOC blocks), as a VMM sees them ---- */

#define HDR_SIZE	24
#define T_DESC		1
#define T_TRAILER	2
#define T_GGTT		3
#define T_MMIO		4
#define T_GUC		5
#define T_VRAM		6
#define T_MAX		6
#define KLV_DEVID	0xf001u
#define KLV_REVID	0xf002u
#define KLV_GGTT_SIZE	0x0002u
#define KLV_LMEM_SIZE	0x0003u
#define DESC_MAX	4096ull
#define GUC_MAX		(4 * SZ_1M)
#define GGTT_MAX	SZ_1M
#define GGTT_CHUNK	(8192ull * 8)		/* PTE bytes per GGTT packet */
#define VRAM_CHUNK	SZ_1M
#define VRAM_MAX	(8 * SZ_1M)
#define BOUNCE		(64ull << 10)
#define MMIO_SIZE	16ull
#define PAGE		4096ull

#define PTE_PRESENT	BIT_ULL(0)
#define PTE_DM		BIT_ULL(1)
#define PTE_VFID	(0x3ffull << 2)
#define PTE_ADDR	(((1ull << 46) - 1) & ~(PAGE - 1))

/* GuC blob */
#define BLOB_MAGIC	0x46564758u
#define BLOB_HDR	144u
#define BLOB_CTX	32u
#define BLOB_REF	16u
#define REF_MEMIRQ_STATUS	1u	/* GGTT ref tag: memirq status vector */
#define MEMIRQ_VECTOR	16u	/* its alignment, as a live SELF_CFG's */
#define BLOB_F_CT	1u
#define CT_DESC_SIZE	64u
#define PRIO_MAX	3u
#define MARKER_MAX	0xfffu		/* RESFIX marker: HXG data0 bits 27:16 */
#define CTXS_MAX	65535u
#define DBS_MAX		255u
#define STATE_READY_PAUSED	2u
#define STATE_RESFIX_PAUSED	3u

/* blob header field offsets */
enum {
	B_MAGIC = 0, B_VERSION = 4, B_HDRSZ = 6, B_SIZE = 8, B_CRC = 12,
	B_DEVID = 16, B_VFID = 18, B_STATE = 20, B_MARKER = 24, B_FLAGS = 28,
	B_GGTT_START = 32, B_GGTT_SIZE = 40, B_LMEM = 48, B_NUM_CTXS = 56,
	B_NUM_DBS = 60, B_H2G = 64, B_G2H = 96, B_NR_CTXS = 128,
	B_RSVD = 132, B_NR_REFS = 136, B_NR_WORDS = 140
};

static uint64_t get_le(const uint8_t *p, int width)
{
	uint64_t v = 0;
	int i;

	for (i = width - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void put_le(uint8_t *p, int width, uint64_t v)
{
	int i;

	for (i = 0; i < width; i++, v >>= 8)
		p[i] = v & 0xff;
}

static uint32_t crc32_le(uint32_t crc, const uint8_t *p, size_t len)
{
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return crc;
}

/* the blob's checksum: crc32_le(~0) of the blob with the crc field as 0 */
static uint32_t blob_crc(const uint8_t *b, size_t size)
{
	static const uint8_t zero[4];
	uint32_t crc = crc32_le(~0u, b, B_CRC);

	crc = crc32_le(crc, zero, 4);
	return crc32_le(crc, b + B_CRC + 4, size - B_CRC - 4);
}

/* ---- the stream as packets ---- */

struct pkt {
	size_t at;		/* header offset in the stream */
	uint8_t type;
	uint64_t offset, size;
};

#define MAX_PKTS	256

struct stream {
	uint8_t *buf;
	size_t len;
	struct pkt p[MAX_PKTS];
	int np;
	int guc;		/* packet index of the GuC blob */
};

static int stream_parse(struct stream *s)
{
	size_t at = 0;

	s->np = 0;
	s->guc = -1;
	while (at + HDR_SIZE <= s->len && s->np < MAX_PKTS) {
		struct pkt *p = &s->p[s->np];

		p->at = at;
		p->type = s->buf[at + 1];
		p->offset = get_le(s->buf + at + 8, 8);
		p->size = get_le(s->buf + at + 16, 8);
		if (p->size > s->len - at - HDR_SIZE)
			return -EBADMSG;
		if (p->type == T_GUC)
			s->guc = s->np;
		at += HDR_SIZE + p->size;
		s->np++;
	}
	if (at != s->len || s->guc < 0 || !s->np ||
	    s->p[s->np - 1].type != T_TRAILER)
		return -EBADMSG;
	return 0;
}

/* ---- the model: what a correct destination must refuse ---- */

/* what the destination VF has (equal provisioning on both GPUs) */
struct dst {
	uint16_t devid, revid;
	uint64_t ggtt_start, ggtt_size, lmem_size;
	uint32_t num_ctxs, num_dbs;
};

enum verdict { V_VALID, V_INVALID, V_UNKNOWN };

static const char *const verdict_name[] = { "valid", "malformed", "unknown" };

/* a stream or blob the model refuses: @msg in *@why */
static enum verdict bad(const char **why, const char *msg)
{
	*why = msg;
	return V_INVALID;
}

static bool inside(uint64_t addr, uint64_t len, uint64_t start, uint64_t size)
{
	return addr >= start && len <= size && addr - start <= size - len;
}

/* a GuC blob as the sim's GuC must judge it for destination @d */
static enum verdict model_blob(const uint8_t *b, uint64_t avail,
			       const struct dst *d, const char **why)
{
	uint64_t start, size, need, end, off, i, j;
	uint32_t nc, nr, nw, numc, numd, flags;
	uint8_t ids[CTXS_MAX / 8 + 1];
	int k;

	if (avail < BLOB_HDR)
		return bad(why, "blob shorter than its header");
	if (get_le(b + B_MAGIC, 4) != BLOB_MAGIC)
		return bad(why, "blob magic");
	if (get_le(b + B_VERSION, 2) != 2)
		return bad(why, "blob version");
	if (get_le(b + B_HDRSZ, 2) != BLOB_HDR)
		return bad(why, "blob header size");
	size = get_le(b + B_SIZE, 4);
	if (size > avail)
		return bad(why, "blob truncated");
	nc = get_le(b + B_NR_CTXS, 4);
	nr = get_le(b + B_NR_REFS, 4);
	nw = get_le(b + B_NR_WORDS, 4);
	need = BLOB_HDR + (uint64_t)nc * BLOB_CTX + (uint64_t)nr * BLOB_REF +
	       (uint64_t)nw * 4;
	need = (need + 7) & ~7ull;
	if (need != size)
		return bad(why, "blob size vs record counts");
	if (blob_crc(b, size) != get_le(b + B_CRC, 4))
		return bad(why, "blob checksum");
	if (get_le(b + B_DEVID, 2) != d->devid)
		return bad(why, "blob device id");
	start = get_le(b + B_GGTT_START, 8);
	size = get_le(b + B_GGTT_SIZE, 8);
	if (!size || start % PAGE || size % PAGE || start + size < start)
		return bad(why, "blob GGTT range");
	k = get_le(b + B_STATE, 4);
	if (k != STATE_READY_PAUSED && k != STATE_RESFIX_PAUSED)
		return bad(why, "blob state");
	if (get_le(b + B_MARKER, 4) > MARKER_MAX)
		return bad(why, "blob marker");
	flags = get_le(b + B_FLAGS, 4);
	if (flags & ~BLOB_F_CT)
		return bad(why, "blob flags");
	if (get_le(b + B_RSVD, 4))
		return bad(why, "blob reserved header field");
	numc = get_le(b + B_NUM_CTXS, 4);
	numd = get_le(b + B_NUM_DBS, 4);
	if (numc > CTXS_MAX || numd > DBS_MAX || nc > numc)
		return bad(why, "blob record counts above the provisioned ones");
	for (k = 0; k < 2; k++) {
		const uint8_t *ct = b + (k ? B_G2H : B_H2G);
		uint64_t da = get_le(ct, 8), ba = get_le(ct + 8, 8);
		uint32_t sz = get_le(ct + 16, 4), hd = get_le(ct + 20, 4);
		uint32_t tl = get_le(ct + 24, 4), st = get_le(ct + 28, 4);

		if (!(flags & BLOB_F_CT)) {
			if (da || ba || sz || hd || tl || st)
				return bad(why, "blob CT fields without the CT flag");
			continue;
		}
		if (!sz || sz % 4 || hd >= sz / 4 || tl >= sz / 4 ||
		    !inside(da, CT_DESC_SIZE, start, size) ||
		    !inside(ba, sz, start, size))
			return bad(why, "blob CT registration");
		if (!inside(da - start + d->ggtt_start, CT_DESC_SIZE,
			    d->ggtt_start, d->ggtt_size) ||
		    !inside(ba - start + d->ggtt_start, sz, d->ggtt_start,
			    d->ggtt_size))
			return bad(why, "blob CT outside the destination");
	}
	memset(ids, 0, sizeof(ids));
	off = BLOB_HDR;
	for (i = 0; i < nc; i++, off += BLOB_CTX) {
		uint32_t id = get_le(b + off, 4);
		uint64_t lrc = get_le(b + off + 16, 8);

		if (id >= numc || (ids[id / 8] & (1 << (id % 8))))
			return bad(why, "blob context id");
		ids[id / 8] |= 1 << (id % 8);
		if (get_le(b + off + 8, 4) > PRIO_MAX)
			return bad(why, "blob context priority");
		if (lrc % PAGE || !inside(lrc, PAGE, start, size))
			return bad(why, "blob context image address");
		if (id >= d->num_ctxs ||
		    !inside(lrc - start + d->ggtt_start, PAGE, d->ggtt_start,
			    d->ggtt_size))
			return bad(why, "blob context does not fit the destination");
	}
	for (i = 0; i < nr; i++, off += BLOB_REF) {
		uint64_t a = get_le(b + off + 8, 8);

		if (get_le(b + off + 4, 4))
			return bad(why, "blob GGTT ref reserved field");
		if (!inside(a, 1, start, size))
			return bad(why, "blob GGTT ref address");
		if (get_le(b + off, 4) == REF_MEMIRQ_STATUS && a % MEMIRQ_VECTOR)
			return bad(why, "blob memirq status vector alignment");
		if (!inside(a - start + d->ggtt_start, 1, d->ggtt_start,
			    d->ggtt_size))
			return bad(why, "blob GGTT ref does not fit the destination");
	}
	off += (uint64_t)nw * 4;
	end = get_le(b + B_SIZE, 4);
	for (j = off; j < end; j++)
		if (b[j])
			return bad(why, "blob padding");
	if (get_le(b + B_LMEM, 8) > d->lmem_size)
		return bad(why, "blob LMEM above the destination's");
	return V_VALID;
}

/* whether page @page of the reference's GGTT holds @pte */
static bool ref_pte_same(const struct stream *ref, uint64_t page, uint64_t pte)
{
	int i;

	for (i = 0; i < ref->np; i++) {
		const struct pkt *p = &ref->p[i];

		if (p->type != T_GGTT || page < p->offset / PAGE ||
		    page >= p->offset / PAGE + p->size / 8)
			continue;
		return get_le(ref->buf + p->at + HDR_SIZE +
			      (page - p->offset / PAGE) * 8, 8) == pte;
	}
	return false;
}

/*
 * Whether a blob that passed the documented checks differs from the
 * reference @r in what the blob format leaves to the device (context
 * flags, engine and policies, GGTT ref tags, the words, CT buffer size,
 * status and address alignment, the record counts): the device may refuse
 * those, the model cannot tell.
 */
static bool blob_device_changed(const uint8_t *b, const uint8_t *r)
{
	uint32_t nc = get_le(b + B_NR_CTXS, 4);
	uint32_t nr = get_le(b + B_NR_REFS, 4), nw = get_le(b + B_NR_WORDS, 4);
	uint32_t off = BLOB_HDR, i, k;

	if (nc != get_le(r + B_NR_CTXS, 4) || nr != get_le(r + B_NR_REFS, 4) ||
	    nw != get_le(r + B_NR_WORDS, 4))
		return true;
	for (k = 0; k < 2; k++) {
		uint32_t ct = k ? B_G2H : B_H2G;

		if (get_le(b + ct + 16, 4) != get_le(r + ct + 16, 4) ||
		    get_le(b + ct + 28, 4) != get_le(r + ct + 28, 4) ||
		    get_le(b + ct, 8) % 4 || get_le(b + ct + 8, 8) % 4)
			return true;
	}
	for (i = 0; i < nc; i++, off += BLOB_CTX)
		if (get_le(b + off + 4, 4) != get_le(r + off + 4, 4) ||
		    get_le(b + off + 12, 4) != get_le(r + off + 12, 4) ||
		    get_le(b + off + 24, 8) != get_le(r + off + 24, 8))
			return true;
	for (i = 0; i < nr; i++, off += BLOB_REF)
		if (get_le(b + off, 4) != get_le(r + off, 4))
			return true;
	return memcmp(b + off, r + off, nw * 4);
}

/*
 * A whole stream as the destination must judge it. @ref is the reference
 * stream: a present system-memory GGTT entry that differs from the
 * reference's at that page cannot be judged here (the destination checks
 * it against the guest's DMA mappings): V_UNKNOWN.
 */
static enum verdict model_stream(const uint8_t *s, size_t len,
				 const struct stream *ref, const struct dst *d,
				 const char **why)
{
	uint64_t ggtt_end = 0, vram_end = 0, ggtt_cov = 0, vram_cov = 0;
	enum verdict v = V_VALID;
	unsigned int seen = 0;
	size_t at = 0;

	*why = "";
	for (;;) {
		const uint8_t *h = s + at, *pl = h + HDR_SIZE;
		uint64_t off, size, i;
		uint8_t type;

		if (len - at < HDR_SIZE)
			return bad(why, "ends before the trailer");
		type = h[1];
		off = get_le(h + 8, 8);
		size = get_le(h + 16, 8);
		if (h[0] != 1)
			return bad(why, "version");
		if (type < T_DESC || type > T_MAX)
			return bad(why, "type");
		if (h[2] || h[3])
			return bad(why, "tile or GT id");
		if (get_le(h + 4, 4))
			return bad(why, "flags");
		if (type != T_DESC && !(seen & (1 << T_DESC)))
			return bad(why, "packet before the descriptor");
		if ((type == T_DESC || type == T_GUC || type == T_MMIO) &&
		    (seen & (1 << type)))
			return bad(why, "second descriptor, GuC or MMIO packet");
		switch (type) {
		case T_DESC:
			if (!size || size > DESC_MAX || size % 4)
				return bad(why, "descriptor size");
			break;
		case T_TRAILER:
			if (size)
				return bad(why, "trailer size");
			break;
		case T_MMIO:
			if (size != MMIO_SIZE)
				return bad(why, "MMIO size");
			break;
		case T_GUC:
			if (!size || size > GUC_MAX || size % 4)
				return bad(why, "GuC size");
			break;
		case T_GGTT:
			if (!size || size > GGTT_MAX || size % 8)
				return bad(why, "GGTT size");
			if (off % PAGE || off + size / 8 * PAGE < off ||
			    off + size / 8 * PAGE > d->ggtt_size)
				return bad(why, "GGTT offset");
			if (off < ggtt_end)
				return bad(why, "GGTT chunk repeated or reordered");
			break;
		case T_VRAM:
			if (!size || size > VRAM_MAX)
				return bad(why, "VRAM size");
			if (off + size < off || off + size > d->lmem_size)
				return bad(why, "VRAM offset");
			if (off < vram_end)
				return bad(why, "VRAM chunk repeated or reordered");
			break;
		}
		if (type != T_GGTT && type != T_VRAM && off)
			return bad(why, "offset of a packet that has none");
		if (type == T_TRAILER) {
			if (!(seen & (1 << T_GUC)) || !(seen & (1 << T_MMIO)))
				return bad(why, "trailer without GuC or MMIO");
			if (ggtt_cov != d->ggtt_size || vram_cov != d->lmem_size)
				return bad(why, "trailer before full GGTT and VRAM coverage");
			if (at + HDR_SIZE != len)
				return bad(why, "bytes after the trailer");
			return v;
		}
		if (size > len - at - HDR_SIZE)
			return bad(why, "ends inside a payload");
		seen |= 1 << type;
		if (type == T_DESC) {
			uint64_t n = size / 4, val[4] = { 0 };
			static const uint32_t keys[4] = {
				KLV_DEVID, KLV_REVID, KLV_GGTT_SIZE, KLV_LMEM_SIZE,
			};
			static const uint32_t lens[4] = { 1, 1, 2, 2 };
			unsigned int have = 0, k;

			for (i = 0; i < n;) {
				uint32_t w = get_le(pl + i * 4, 4);
				uint32_t key = w >> 16, l = w & 0xffff;

				if (l > n - i - 1)
					return bad(why, "descriptor KLV overruns");
				for (k = 0; k < 4; k++) {
					if (keys[k] != key)
						continue;
					if (l != lens[k] || (have & (1 << k)))
						return bad(why,
							   "descriptor KLV length or repeated");
					have |= 1 << k;
					val[k] = get_le(pl + (i + 1) * 4, 4 * l);
				}
				i += 1 + l;
			}
			if (have != 0xf)
				return bad(why, "descriptor KLV missing");
			if (val[0] != d->devid || val[1] != d->revid)
				return bad(why, "descriptor DEVID or REVID");
			if (val[2] != d->ggtt_size || val[3] != d->lmem_size)
				return bad(why, "descriptor GGTT or LMEM size");
		} else if (type == T_GGTT) {
			for (i = 0; i < size / 8; i++) {
				uint64_t pte = get_le(pl + i * 8, 8);
				uint64_t page = off / PAGE + i;

				if (pte & PTE_VFID)
					return bad(why, "GGTT entry with a VFID");
				if (pte & ~(PTE_PRESENT | PTE_DM | PTE_ADDR))
					return bad(why, "GGTT entry reserved bits");
				if (!(pte & PTE_PRESENT))
					continue;
				if (pte & PTE_DM) {
					if ((pte & PTE_ADDR) >= d->lmem_size)
						return bad(why, "GGTT entry past the LMEM");
				} else if (!ref_pte_same(ref, page, pte)) {
					v = V_UNKNOWN;
				}
			}
			ggtt_end = off + size / 8 * PAGE;
			ggtt_cov += size / 8 * PAGE;
		} else if (type == T_VRAM) {
			vram_end = off + size;
			vram_cov += size;
		} else if (type == T_GUC) {
			enum verdict b = model_blob(pl, size, d, why);

			if (b == V_INVALID)
				return b;
			if (blob_device_changed(pl, ref->buf + ref->p[ref->guc].at + HDR_SIZE))
				v = V_UNKNOWN;
		}
		at += HDR_SIZE + size;
	}
}

/* ---- cases ---- */

enum mclass {
	M_VERSION, M_TYPE, M_TILE, M_GT, M_FLAGS, M_OFFSET, M_SIZE,
	M_TRUNC, M_DROP, M_DUP, M_REORDER, M_TRAIL, M_BITFLIP, M_BLOB,
	M_NR
};

static const char *const mclass_name[M_NR] = {
	"hdr-version", "hdr-type", "hdr-tile", "hdr-gt", "hdr-flags",
	"hdr-offset", "hdr-size", "truncate", "drop", "duplicate", "reorder",
	"trailing", "bitflip", "guc-blob",
};

/* header fields: offset and width in the 24-byte header */
static const int hdr_off[] = { 0, 1, 2, 3, 4, 8, 16 };
static const int hdr_width[] = { 1, 1, 1, 1, 4, 8, 8 };

/* one case: a class and its parameters; @rnd seeds what is random in it */
struct spec {
	int cls;
	int pkt;
	int a;
	uint64_t rnd;
};

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int add_val(uint64_t *v, int n, uint64_t x, uint64_t mask)
{
	int i;

	x &= mask;
	for (i = 1; i < n; i++)	/* v[0], the current value, may repeat */
		if (v[i] == x)
			return n;
	v[n] = x;
	return n + 1;
}

/*
 * The values a header field of packet @p is set to: first its own (a
 * no-op), then the boundaries of the format and of the VF.
 */
static int hdr_values(int field, const struct pkt *p, const struct dst *d,
		      uint64_t *v)
{
	int w = hdr_width[field], n = 1, i;
	uint64_t mask = w == 8 ? ~0ull : (1ull << (w * 8)) - 1;
	uint64_t cur = 0;
	const uint64_t gen[] = {
		0, 1, p->size - 1, p->size + 1, PAGE - 1, PAGE, PAGE + 1,
		BOUNCE, VRAM_CHUNK - 1, VRAM_CHUNK, VRAM_CHUNK + 1, GGTT_CHUNK,
		GGTT_CHUNK / 8 * PAGE, DESC_MAX + 4, GGTT_MAX + 8, GUC_MAX + 4,
		VRAM_MAX + 1, d->lmem_size, d->ggtt_size, d->ggtt_size - PAGE,
		1ull << 32, (1ull << 32) + p->offset, 1ull << 62, 1ull << 63,
		~0ull,
	};

	switch (field) {
	case 0:
		cur = 1;
		break;
	case 1:
		cur = p->type;
		break;
	case 2:
	case 3:
	case 4:
		cur = 0;
		break;
	case 5:
		cur = p->offset;
		break;
	case 6:
		cur = p->size;
		break;
	}
	v[0] = cur;
	if (w == 1) {
		const uint64_t small[] = { 0, 1, 2, 3, 4, 5, 6, 7, cur + 1,
					   cur - 1, 0x7f, 0x80, 0xff };

		for (i = 0; i < (int)ARRAY_SIZE(small); i++)
			n = add_val(v, n, small[i], mask);
		return n;
	}
	n = add_val(v, n, cur + 1, mask);
	n = add_val(v, n, cur - 1, mask);
	n = add_val(v, n, 0x80000000u, mask);
	for (i = 0; i < (int)ARRAY_SIZE(gen); i++)
		n = add_val(v, n, gen[i], mask);
	return n;
}

/* truncation points of packet @p: its boundary, inside its header and payload */
static int trunc_points(const struct pkt *p, size_t *v)
{
	size_t pl = p->at + HDR_SIZE;
	int n = 0;

	v[n++] = p->at;
	v[n++] = p->at + 1;
	v[n++] = p->at + 12;
	v[n++] = p->at + HDR_SIZE - 1;
	if (p->size) {
		v[n++] = pl;
		v[n++] = pl + 1;
		if (p->size > 2)
			v[n++] = pl + p->size / 2;
		if (p->size > 1)
			v[n++] = pl + p->size - 1;
	}
	return n;
}

#define TRUNC_MAX	8
#define REORDER_KINDS	3	/* swap with the next, move to the end, to the front */
#define TRAIL_KINDS	6
#define FLIP_KINDS	4

/* the fields of a blob a mutation sets (records: the first and the last) */
struct bfield {
	uint32_t off;
	int width;
	char name[32];
};

#define MAX_BFIELDS	128

/* a field of the blob's header or of one of its records */
struct bfield_def {
	uint32_t off;
	int w;
	const char *name;
};

static int blob_fields(const uint8_t *b, struct bfield *f)
{
	static const struct bfield_def hdr[] = {
		{ B_MAGIC, 4, "magic" }, { B_VERSION, 2, "version" },
		{ B_HDRSZ, 2, "hdr_size" }, { B_SIZE, 4, "size" },
		{ B_CRC, 4, "crc" }, { B_DEVID, 2, "devid" },
		{ B_VFID, 2, "vfid" }, { B_STATE, 4, "state" },
		{ B_MARKER, 4, "marker" }, { B_FLAGS, 4, "flags" },
		{ B_GGTT_START, 8, "ggtt_start" },
		{ B_GGTT_SIZE, 8, "ggtt_size" }, { B_LMEM, 8, "lmem_size" },
		{ B_NUM_CTXS, 4, "num_ctxs" }, { B_NUM_DBS, 4, "num_dbs" },
		{ B_H2G, 8, "h2g.desc_addr" },
		{ B_H2G + 8, 8, "h2g.buf_addr" },
		{ B_H2G + 16, 4, "h2g.size" }, { B_H2G + 20, 4, "h2g.head" },
		{ B_H2G + 24, 4, "h2g.tail" }, { B_H2G + 28, 4, "h2g.status" },
		{ B_G2H, 8, "g2h.desc_addr" },
		{ B_G2H + 8, 8, "g2h.buf_addr" },
		{ B_G2H + 16, 4, "g2h.size" }, { B_G2H + 20, 4, "g2h.head" },
		{ B_G2H + 24, 4, "g2h.tail" }, { B_G2H + 28, 4, "g2h.status" },
		{ B_NR_CTXS, 4, "nr_ctxs" }, { B_RSVD, 4, "rsvd" },
		{ B_NR_REFS, 4, "nr_refs" }, { B_NR_WORDS, 4, "nr_words" },
	};
	static const struct bfield_def ctx[] = {
		{ 0, 4, "id" }, { 4, 4, "flags" }, { 8, 4, "prio" },
		{ 12, 4, "engine" }, { 16, 8, "lrc_addr" }, { 24, 4, "quantum_us" },
		{ 28, 4, "preempt_us" },
	}, ref[] = {
		{ 0, 4, "tag" }, { 4, 4, "rsvd" }, { 8, 8, "addr" },
	}, word[] = {
		{ 0, 4, "value" },
	};
	/* the record kinds, in blob order */
	static const struct {
		const char *kind;
		uint32_t count_at, size;
		const struct bfield_def *fields;
		uint32_t nr_fields;
	} recs[] = {
		{ "ctx", B_NR_CTXS, BLOB_CTX, ctx, ARRAY_SIZE(ctx) },
		{ "ref", B_NR_REFS, BLOB_REF, ref, ARRAY_SIZE(ref) },
		{ "word", B_NR_WORDS, 4, word, ARRAY_SIZE(word) },
	};
	uint32_t base = BLOB_HDR, end, k, j, r, cnt;
	int n = 0;

	for (j = 0; j < ARRAY_SIZE(hdr); j++, n++) {
		f[n] = (struct bfield){ hdr[j].off, hdr[j].w, "" };
		snprintf(f[n].name, sizeof(f[n].name), "%s", hdr[j].name);
	}
	for (k = 0; k < ARRAY_SIZE(recs); k++) {
		cnt = get_le(b + recs[k].count_at, 4);
		for (r = 0; r < cnt; r++) {
			uint32_t at = base + r * recs[k].size;

			if (r && r != cnt - 1)
				continue;
			for (j = 0; j < recs[k].nr_fields && n < MAX_BFIELDS - 2; j++, n++) {
				const struct bfield_def *fd = &recs[k].fields[j];

				f[n] = (struct bfield){ at + fd->off, fd->w, "" };
				snprintf(f[n].name, sizeof(f[n].name), "%s[%u].%s",
					 recs[k].kind, r, fd->name);
			}
		}
		base += cnt * recs[k].size;
	}
	end = get_le(b + B_SIZE, 4);
	if (base < end) {	/* the padding */
		f[n] = (struct bfield){ end - 1, 1, "padding" };
		n++;
	}
	return n;
}

#define BLOB_VALS	20

/* value @a of a blob field whose current value is @cur; false: none */
static bool blob_value(const struct bfield *f, uint64_t cur, int a,
		       const struct dst *d, uint64_t *val)
{
	uint64_t mask = f->width == 8 ? ~0ull : (1ull << (f->width * 8)) - 1;
	const uint64_t v[BLOB_VALS] = {
		cur, 0, 1, cur + 1, cur - 1, cur ^ 1, cur + PAGE, cur - PAGE,
		cur + d->ggtt_size, cur + 2 * d->ggtt_size, 2, 3, 4, MARKER_MAX,
		MARKER_MAX + 1, 0x80000000u, 1ull << 32, 1ull << 62, ~0ull,
		cur + d->ggtt_size - 64,
	};

	if (a >= BLOB_VALS)
		return false;
	*val = v[a] & mask;
	return !a || *val != cur;
}

static uint8_t *copy_range(uint8_t *out, const uint8_t *s, const struct pkt *p)
{
	memcpy(out, s + p->at, HDR_SIZE + p->size);
	return out + HDR_SIZE + p->size;
}

/*
 * Build case @c from @ref into @out (room for twice the reference), with
 * its description in @desc. Return the mutated length, or -1 when the
 * parameters do not apply to this stream (the case is skipped).
 */
static ssize_t make_case(const struct spec *c, const struct stream *ref,
			 const struct dst *d, uint8_t *out, char *desc,
			 size_t dlen)
{
	const struct pkt *p = &ref->p[c->pkt % ref->np];
	int pi = c->pkt % ref->np, i, n;
	uint64_t vals[64], rnd = c->rnd, val;
	size_t cuts[TRUNC_MAX], len = ref->len;
	uint8_t *o = out;

	memcpy(out, ref->buf, ref->len);
	switch (c->cls) {
	case M_VERSION:
	case M_TYPE:
	case M_TILE:
	case M_GT:
	case M_FLAGS:
	case M_OFFSET:
	case M_SIZE:
		n = hdr_values(c->cls, p, d, vals);
		/* past the list (random cases): a random value */
		val = c->a < n ? vals[c->a] : splitmix(&rnd) >> (splitmix(&rnd) % 64);
		put_le(out + p->at + hdr_off[c->cls], hdr_width[c->cls], val);
		val = get_le(out + p->at + hdr_off[c->cls], hdr_width[c->cls]);
		snprintf(desc, dlen, "packet %d (type %u) %s = %#llx", pi, p->type,
			 mclass_name[c->cls] + 4, (unsigned long long)val);
		return len;
	case M_TRUNC:
		n = trunc_points(p, cuts);
		snprintf(desc, dlen, "truncated at byte %zu (packet %d type %u at %zu, size %llu)",
			 cuts[c->a % n], pi, p->type, p->at, (unsigned long long)p->size);
		return cuts[c->a % n];
	case M_DROP:
		snprintf(desc, dlen, "packet %d (type %u) dropped", pi, p->type);
		memcpy(out + p->at, ref->buf + p->at + HDR_SIZE + p->size,
		       ref->len - p->at - HDR_SIZE - p->size);
		return len - HDR_SIZE - p->size;
	case M_DUP:
		snprintf(desc, dlen, "packet %d (type %u) duplicated", pi, p->type);
		o = out + p->at + HDR_SIZE + p->size;
		o = copy_range(o, ref->buf, p);
		memcpy(o, ref->buf + p->at + HDR_SIZE + p->size,
		       ref->len - p->at - HDR_SIZE - p->size);
		return len + HDR_SIZE + p->size;
	case M_REORDER:
		if (c->a == 0) {	/* swap with the next one */
			if (pi + 1 >= ref->np)
				return -1;
			o = out + p->at;
			o = copy_range(o, ref->buf, &ref->p[pi + 1]);
			copy_range(o, ref->buf, p);
			snprintf(desc, dlen, "packets %d and %d (types %u, %u) swapped",
				 pi, pi + 1, p->type, ref->p[pi + 1].type);
		} else if (c->a == 1) {	/* to the end */
			if (pi + 1 >= ref->np)
				return -1;
			o = out + p->at;
			for (i = pi + 1; i < ref->np; i++)
				o = copy_range(o, ref->buf, &ref->p[i]);
			copy_range(o, ref->buf, p);
			snprintf(desc, dlen, "packet %d (type %u) moved to the end",
				 pi, p->type);
		} else {		/* to the front */
			if (!pi)
				return -1;
			o = copy_range(out, ref->buf, p);
			for (i = 0; i < pi; i++)
				o = copy_range(o, ref->buf, &ref->p[i]);
			snprintf(desc, dlen, "packet %d (type %u) moved to the front",
				 pi, p->type);
		}
		return len;
	case M_TRAIL: {
		uint8_t *t = out + len;
		size_t add;

		switch (c->a % TRAIL_KINDS) {
		case 0:
			add = 1;
			t[0] = 0;
			break;
		case 1:
			add = 1;
			t[0] = 0xff;
			break;
		case 2:	/* another trailer */
			add = HDR_SIZE;
			memcpy(t, ref->buf + ref->p[ref->np - 1].at, HDR_SIZE);
			break;
		case 3:	/* the MMIO packet again */
			for (i = 0; i < ref->np && ref->p[i].type != T_MMIO; i++)
				;
			if (i == ref->np)
				return -1;
			add = HDR_SIZE + ref->p[i].size;
			copy_range(t, ref->buf, &ref->p[i]);
			break;
		default:	/* random bytes: a header's worth (kind 4) or a page */
			add = c->a % TRAIL_KINDS == 4 ? HDR_SIZE : PAGE;
			for (i = 0; i < (int)add; i++)
				t[i] = splitmix(&rnd);
			break;
		}
		snprintf(desc, dlen, "%zu trailing bytes (kind %d)", add,
			 c->a % TRAIL_KINDS);
		return len + add;
	}
	case M_BITFLIP: {
		size_t at = p->at + HDR_SIZE, span = p->size, pos;
		int bits = 1 + c->a % FLIP_KINDS, b;
		char *dd = desc;

		if (!span) {	/* the trailer: its header */
			at = p->at;
			span = HDR_SIZE;
		}
		dd += snprintf(dd, dlen, "packet %d (type %u) bits flipped at", pi,
			       p->type);
		for (b = 0; b < bits; b++) {
			pos = splitmix(&rnd) % (span * 8);
			out[at + pos / 8] ^= 1 << (pos % 8);
			if (dd < desc + dlen - 24)
				dd += snprintf(dd, desc + dlen - dd, " %zu.%zu",
					       at + pos / 8, pos % 8);
		}
		return len;
	}
	case M_BLOB: {
		const struct pkt *g = &ref->p[ref->guc];
		uint8_t *b = out + g->at + HDR_SIZE;
		struct bfield f[MAX_BFIELDS];
		int nf = blob_fields(ref->buf + g->at + HDR_SIZE, f);
		int fi = c->pkt % nf;
		bool fix = c->a < BLOB_VALS, ok;
		uint64_t cur = get_le(b + f[fi].off, f[fi].width);

		ok = blob_value(&f[fi], cur, c->a % BLOB_VALS, d, &val);
		if (!ok)
			return -1;
		if (!fix && !strcmp(f[fi].name, "crc"))
			return -1;
		put_le(b + f[fi].off, f[fi].width, val);
		if (fix && strcmp(f[fi].name, "crc") &&
		    get_le(b + B_SIZE, 4) <= g->size && get_le(b + B_SIZE, 4) > B_CRC + 4)
			put_le(b + B_CRC, 4, blob_crc(b, get_le(b + B_SIZE, 4)));
		snprintf(desc, dlen, "GuC blob %s = %#llx (was %#llx), checksum %s",
			 f[fi].name, (unsigned long long)val,
			 (unsigned long long)cur, fix ? "recomputed" : "kept");
		return len;
	}
	}
	return -1;
}

/* every systematic case of @ref, in @out (NULL: count them) */
static size_t systematic(const struct stream *ref, const struct dst *d,
			 struct spec *out)
{
	struct bfield f[MAX_BFIELDS];
	uint64_t vals[64], v;
	size_t cuts[TRUNC_MAX], n = 0;
	int p, k, a, cnt, nf;

#define ADD(C, P, A) do { if (out) out[n] = (struct spec){ (C), (P), (A), n }; n++; } while (0)
	for (p = 0; p < ref->np; p++) {
		for (k = M_VERSION; k <= M_SIZE; k++) {
			cnt = hdr_values(k, &ref->p[p], d, vals);
			for (a = 0; a < cnt; a++)
				ADD(k, p, a);
		}
		cnt = trunc_points(&ref->p[p], cuts);
		for (a = 0; a < cnt; a++)
			ADD(M_TRUNC, p, a);
		ADD(M_DROP, p, 0);
		ADD(M_DUP, p, 0);
		for (a = 0; a < REORDER_KINDS; a++)
			if ((a < 2 && p + 1 < ref->np) || (a == 2 && p))
				ADD(M_REORDER, p, a);
		for (a = 0; a < FLIP_KINDS; a++)
			ADD(M_BITFLIP, p, a);
	}
	for (a = 0; a < TRAIL_KINDS; a++)
		ADD(M_TRAIL, 0, a);
	nf = blob_fields(ref->buf + ref->p[ref->guc].at + HDR_SIZE, f);
	for (k = 0; k < nf; k++) {
		uint64_t cur = get_le(ref->buf + ref->p[ref->guc].at + HDR_SIZE +
				      f[k].off, f[k].width);

		for (a = 0; a < BLOB_VALS; a++) {
			if (!blob_value(&f[k], cur, a, d, &v))
				continue;
			ADD(M_BLOB, k, a);
			/* and one without the checksum fixed */
			if (a == 3 && strcmp(f[k].name, "crc"))
				ADD(M_BLOB, k, a + BLOB_VALS);
		}
	}
#undef ADD
	return n;
}

/* case @k of the run with seed @seed (@sys: the systematic ones, shuffled) */
static struct spec case_spec(uint64_t seed, uint64_t k, const struct spec *sys,
			     size_t nsys)
{
	uint64_t x = seed ^ (k * 0x2545f4914f6cdd1dull);
	struct spec c;

	if (k < nsys)
		return sys[k];
	c.cls = splitmix(&x) % M_NR;
	c.pkt = splitmix(&x) % MAX_PKTS;
	c.a = splitmix(&x) % 64;
	c.rnd = splitmix(&x);
	switch (c.cls) {
	case M_TRUNC:
		c.a %= TRUNC_MAX;
		break;
	case M_REORDER:
		c.a %= REORDER_KINDS;
		break;
	case M_BLOB:
		c.a %= 2 * BLOB_VALS;
		break;
	default:
		break;
	}
	return c;
}

/* ---- the environment: two GPUs, a guest slot, the VFs' VFIO devices ---- */

#define GPU_PARAMS	"ggtt=256M vram=2M max_vfs=4"
#define BATCH		16
#define RECOVER_MS	60000
#define CARD_MS		60000

struct env {
	int gpu[2];		/* home GPU (the slot starts there) and the other */
	int slot;
	bool slot_made;
	struct xevfio_dev dev[2];	/* xesimN.vf1 of each */
	struct dst d[2];
	const char *work;
	bool work_default;
	unsigned long long seed;
	int kmsg;
	bool verbose;
};

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static int bus_write(const char *file, const char *fmt, int a, int b)
{
	char path[256];

	snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/%s", file);
	return xevfio_sysfs_write(path, fmt, a, b);
}

static int free_id(const char *fmt)
{
	char path[128];
	struct stat st;
	int i;

	for (i = 0; i < 64; i++) {
		snprintf(path, sizeof(path), fmt, i);
		if (stat(path, &st))
			return i;
	}
	return -1;
}

/* the GGTT range of xesimN.vf1 from the PF's debugfs config */
static int vf_ggtt(int gpu, uint64_t *start, uint64_t *size)
{
	char path[128], buf[4096], *l;
	unsigned long long s, z;
	int ret;

	snprintf(path, sizeof(path), "/sys/kernel/debug/xepf/xesim%d/config", gpu);
	ret = xevfio_sysfs_read(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	for (l = buf; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (sscanf(l, "VF1 ggtt %llx+%llx", &s, &z) == 2) {
			*start = s;
			*size = z;
			return 0;
		}
	}
	return -ENOENT;
}

/* the GuC state of xesimN.vf1 from the sim's debugfs */
static int guc_state(int gpu, char *state, size_t len)
{
	char path[128], buf[8192], *l;
	int ret;

	snprintf(path, sizeof(path), "/sys/kernel/debug/xesim/xesim%d/guc", gpu);
	ret = xevfio_sysfs_read(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	l = strstr(buf, "fn1: state ");
	if (!l)
		return -ENOENT;
	l += strlen("fn1: state ");
	snprintf(state, len, "%.*s", (int)strcspn(l, "\n "), l);
	return 0;
}

static bool slot_has_card(int slot)
{
	char path[128];
	struct dirent *de;
	bool card = false;
	DIR *dir;

	snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xeslot%d/drm", slot);
	dir = opendir(path);
	if (!dir)
		return false;
	while ((de = readdir(dir)))
		card |= !strncmp(de->d_name, "card", 4);
	closedir(dir);
	return card;
}

/* run the work on the guest slot; 0 when it passed */
static int run_work(struct env *e)
{
	const char *log = "/tmp/xevfio-fuzz-work.log";
	char slot[16], buf[4096];
	int status, fd;
	ssize_t n;
	pid_t pid;

	snprintf(slot, sizeof(slot), "%d", e->slot);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		setenv("IGT_XESIM_SLOT", slot, 1);
		if (e->work_default)	/* a store-dword on every engine */
			execl(e->work, e->work, "--run-subtest", "basic-store", (char *)NULL);
		else
			execl(e->work, e->work, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	say("%s: the work (%s) failed with status %#x:\n", prog, e->work, status);
	fd = open(log, O_RDONLY);
	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	if (fd >= 0)
		close(fd);
	return -EIO;
}

/* kernel reports since the last call; prints them */
static int kmsg_reports(struct env *e)
{
	static const char *const bad[] = {
		"WARNING:", "BUG:", "BUG ", "KASAN", "Oops", "general protection",
		"UBSAN", "circular locking", "lockdep", "INFO: task",
		"refcount_t:", "list_add corruption", "list_del corruption",
		"Unable to handle", "kmemleak", "stack-protector", "RCU stall",
		"rcu: INFO",
	};
	char rec[2048];
	int found = 0;
	unsigned int i;
	ssize_t n;

	if (e->kmsg < 0)
		return 0;
	for (;;) {
		n = read(e->kmsg, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			if (strstr(rec, bad[i])) {
				say("kernel: %s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
				found++;
				break;
			}
		}
	}
	return found;
}

enum phase { PH_RESUMING, PH_WRITE, PH_STOP, PH_RUNNING, PH_NR };

static const char *const phase_name[PH_NR] = {
	"resuming", "write", "stop", "running",
};

/*
 * Load @len bytes into @dev: RESUMING, the writes of @chunk bytes, STOP,
 * and with @run RUNNING. Return 0 or the first negative errno, its step in
 * *@ph.
 */
static int load(struct xevfio_dev *dev, const uint8_t *buf, size_t len,
		size_t chunk, bool run, enum phase *ph)
{
	size_t done = 0, n;
	int fd, ret;

	*ph = PH_RESUMING;
	ret = xevfio_dev_set_state(dev, VFIO_DEVICE_STATE_RESUMING, &fd);
	if (ret)
		return ret;
	*ph = PH_WRITE;
	while (done < len) {
		n = len - done < chunk ? len - done : chunk;
		ret = xevfio_write_full(fd, buf + done, n);
		if (ret)
			break;
		done += n;
	}
	close(fd);
	if (ret)
		return ret;
	*ph = PH_STOP;
	ret = xevfio_dev_set_state(dev, VFIO_DEVICE_STATE_STOP, NULL);
	if (ret || !run)
		return ret;
	*ph = PH_RUNNING;
	return xevfio_dev_set_state(dev, VFIO_DEVICE_STATE_RUNNING, NULL);
}

/* back to RUNNING after a refusal: VFIO_DEVICE_RESET, as a VMM does */
static int recover(struct xevfio_dev *dev)
{
	__u32 state = ~0u;
	int ret = xevfio_dev_reset(dev);

	if (!ret)
		ret = xevfio_dev_get_state(dev, &state);
	if (!ret && state != VFIO_DEVICE_STATE_RUNNING)
		ret = -EIO;
	return ret;
}

/* save @dev (RUNNING or STOP) into @s: STOP_COPY, read to the end, STOP */
static int save(struct xevfio_dev *dev, struct stream *s)
{
	size_t cap = 8u << 20;
	ssize_t n;
	int fd, ret;

	free(s->buf);
	s->buf = malloc(cap);
	s->len = 0;
	if (!s->buf)
		return -ENOMEM;
	ret = xevfio_dev_set_state(dev, VFIO_DEVICE_STATE_STOP_COPY, &fd);
	if (ret)
		return ret;
	for (;;) {
		n = xevfio_read_full(fd, s->buf + s->len, cap - s->len);
		if (n < 0) {
			close(fd);
			return n;
		}
		s->len += n;
		if (s->len < cap)
			break;
		cap *= 2;
		s->buf = realloc(s->buf, cap);
		if (!s->buf) {
			close(fd);
			return -ENOMEM;
		}
	}
	close(fd);
	ret = xevfio_dev_set_state(dev, VFIO_DEVICE_STATE_STOP, NULL);
	return ret ?: stream_parse(s);
}

/* the destination facts the model needs, from the reference and debugfs */
static int dst_info(struct env *e, const struct stream *ref)
{
	const uint8_t *pl = ref->buf + ref->p[0].at + HDR_SIZE;
	const uint8_t *b = ref->buf + ref->p[ref->guc].at + HDR_SIZE;
	uint64_t n = ref->p[0].size / 4, i, size;
	int g, ret;

	if (ref->p[0].type != T_DESC)
		return -EBADMSG;
	for (g = 0; g < 2; g++) {
		struct dst *d = &e->d[g];

		for (i = 0; i < n; i += 1 + (get_le(pl + i * 4, 4) & 0xffff)) {
			uint32_t w = get_le(pl + i * 4, 4);
			uint64_t v = get_le(pl + (i + 1) * 4, (w & 0xffff) == 2 ? 8 : 4);

			switch (w >> 16) {
			case KLV_DEVID:
				d->devid = v;
				break;
			case KLV_REVID:
				d->revid = v;
				break;
			case KLV_GGTT_SIZE:
				d->ggtt_size = v;
				break;
			case KLV_LMEM_SIZE:
				d->lmem_size = v;
				break;
			}
		}
		d->num_ctxs = get_le(b + B_NUM_CTXS, 4);
		d->num_dbs = get_le(b + B_NUM_DBS, 4);
		ret = vf_ggtt(e->gpu[g], &d->ggtt_start, &size);
		if (ret)
			return ret;
		if (size != d->ggtt_size)
			return -EREMCHG;
	}
	return 0;
}

static void env_destroy(struct env *e)
{
	char path[128];
	int g;

	for (g = 0; g < 2; g++)
		xevfio_dev_close(&e->dev[g]);
	if (e->slot_made) {
		snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xeslot%d/freeze",
			 e->slot);
		xevfio_sysfs_write(path, "1\n");
		snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xeslot%d/attach",
			 e->slot);
		xevfio_sysfs_write(path, "none\n");
		bus_write("del_slot", "%d\n", e->slot, 0);
	}
	for (g = 1; g >= 0; g--)
		if (e->gpu[g] >= 0)
			bus_write("del_device", "%d\n", e->gpu[g], 0);
}

/*
 * Log that step @what (of function @fn, or NULL) failed with the negative
 * errno @ret, and return @ret.
 */
static int step_failed(const char *fn, const char *what, int ret)
{
	if (fn)
		say("%s: %s: %s: %s\n", prog, fn, what, strerror(-ret));
	else
		say("%s: %s: %s\n", prog, what, strerror(-ret));
	return ret;
}

static int slot_freeze(struct env *e, bool frozen)
{
	return xevfio_slot_freeze(e->slot, frozen);
}

static int slot_detach(struct env *e)
{
	char path[128];

	snprintf(path, sizeof(path), XEVFIO_SYSFS_BUS "/devices/xeslot%d/attach",
		 e->slot);
	return xevfio_sysfs_write(path, "none\n");
}

/*
 * Two GPUs, xesimB.vf1 at another GGTT base than xesimA.vf1; the guest on
 * xesimA.vf1 runs the work, then its VF is saved into @ref with the guest
 * frozen and detached.
 */
static int env_create(struct env *e, struct stream *ref)
{
	uint64_t start, size;
	char path[128];
	int g, i, ret;

	for (g = 0; g < 2; g++) {
		e->gpu[g] = free_id(XEVFIO_SYSFS_BUS "/devices/xesim%d");
		if (e->gpu[g] < 0)
			return -ENOSPC;
		ret = bus_write("new_device", "%d " GPU_PARAMS "\n", e->gpu[g], 0);
		if (ret)
			return step_failed(NULL, "new_device", ret);
		if (g == 0) {
			snprintf(path, sizeof(path),
				 XEVFIO_SYSFS_BUS "/devices/xesim%d/sriov_numvfs", e->gpu[0]);
			ret = xevfio_sysfs_write(path, "1\n");
			if (ret)
				return step_failed(NULL, "sriov_numvfs", ret);
			ret = vf_ggtt(e->gpu[0], &start, &size);
			if (ret)
				return step_failed(NULL, "VF GGTT range", ret);
		} else {
			snprintf(path, sizeof(path),
				 "/sys/kernel/debug/xepf/xesim%d/vf1/ggtt_start", e->gpu[1]);
			ret = xevfio_sysfs_write(path, "%llu\n",
						 (unsigned long long)(start + 2 * size));
			if (ret)
				return step_failed(NULL, "ggtt_start of the second GPU's VF", ret);
			snprintf(path, sizeof(path),
				 XEVFIO_SYSFS_BUS "/devices/xesim%d/sriov_numvfs", e->gpu[1]);
			ret = xevfio_sysfs_write(path, "1\n");
			if (ret)
				return step_failed(NULL, "sriov_numvfs", ret);
		}
	}
	for (g = 0; g < 2; g++) {
		ret = xevfio_dev_open(&e->dev[g], e->gpu[g], 1);
		if (ret)
			return step_failed(NULL, "open the VFIO device", ret);
	}

	e->slot = free_id(XEVFIO_SYSFS_BUS "/devices/xeslot%d");
	ret = bus_write("new_slot", "%d\n", e->slot, 0);
	if (ret)
		return step_failed(NULL, "new_slot", ret);
	e->slot_made = true;
	ret = xevfio_slot_attach(e->slot, e->gpu[0], 1);
	if (ret)
		return step_failed(NULL, "attach the guest slot", ret);
	for (i = 0; i < CARD_MS / 10 && !slot_has_card(e->slot); i++)
		usleep(10000);
	if (!slot_has_card(e->slot)) {
		say("%s: no guest driver bound to xeslot%d (is xevf loaded?)\n", prog,
		    e->slot);
		return -ENODEV;
	}
	ret = run_work(e);
	if (ret)
		return step_failed(NULL, "work on the first VF", ret);
	ret = slot_freeze(e, true);
	if (ret)
		return step_failed(NULL, "freeze the guest", ret);
	ret = save(&e->dev[0], ref);
	if (ret)
		return step_failed(NULL, "save the first VF", ret);
	ret = slot_detach(e);
	if (ret)
		return step_failed(NULL, "detach the guest", ret);
	ret = dst_info(e, ref);
	if (ret)
		return step_failed(NULL, "the VFs' configuration", ret);
	say("xesim%d.vf1 GGTT %#llx, xesim%d.vf1 GGTT %#llx, %#llx bytes each, LMEM %#llx\n",
	    e->gpu[0], (unsigned long long)e->d[0].ggtt_start, e->gpu[1],
	    (unsigned long long)e->d[1].ggtt_start, (unsigned long long)e->d[0].ggtt_size,
	    (unsigned long long)e->d[0].lmem_size);
	return 0;
}

/*
 * The sanity load: @ref into VF @t, the guest attached there, resumed and
 * thawed; it recovers and runs the work. Then it is frozen and detached and
 * the VF saved into @ref, the reference of the next batch. Its messages are
 * prefixed with the function's name, the step the report calls "sanity".
 */
static int sanity(struct env *e, int t, struct stream *ref)
{
	char state[32] = "?";
	const char *why;
	enum phase ph;
	int i, ret;

	ret = load(&e->dev[t], ref->buf, ref->len, XEVFIO_CHUNK, false, &ph);
	if (ret) {
		say("%s: %s: loading the reference into xesim%d.vf1 failed at %s: %s\n",
		    prog, __func__, e->gpu[t], phase_name[ph], strerror(-ret));
		recover(&e->dev[t]);
		return ret;
	}
	ret = xevfio_slot_attach(e->slot, e->gpu[t], 1);
	if (ret)
		return step_failed(__func__, "attach the guest", ret);
	ret = xevfio_dev_set_state(&e->dev[t], VFIO_DEVICE_STATE_RUNNING, NULL);
	if (ret)
		return step_failed(__func__, "resume the VF", ret);
	ret = slot_freeze(e, false);
	if (ret)
		return step_failed(__func__, "thaw the guest", ret);
	for (i = 0; i < RECOVER_MS / 10; i++) {
		if (!guc_state(e->gpu[t], state, sizeof(state)) &&
		    !strcmp(state, "RUNNING"))
			break;
		usleep(10000);
	}
	if (strcmp(state, "RUNNING")) {
		say("%s: %s: the guest on xesim%d.vf1 did not recover: GuC state %s\n",
		    prog, __func__, e->gpu[t], state);
		return -ETIMEDOUT;
	}
	ret = run_work(e);
	if (ret)
		return step_failed(__func__, "the work", ret);
	ret = slot_freeze(e, true);
	if (ret)
		return step_failed(__func__, "freeze the guest", ret);
	ret = save(&e->dev[t], ref);
	if (ret)
		return step_failed(__func__, "save the VF", ret);
	ret = slot_detach(e);
	if (ret)
		return step_failed(__func__, "detach the guest", ret);
	if (model_stream(ref->buf, ref->len, ref, &e->d[!t], &why) == V_VALID)
		return 0;
	say("%s: the model refuses a saved stream (%s): the model or the save is wrong\n",
	    prog, why);
	return -EPROTO;
}

/* ---- results ---- */

enum result {
	R_REFUSED, R_IDENTICAL, R_VALID, R_MALFORMED, R_WRONG_REFUSAL, R_KERNEL,
	R_NR
};

static const char *const result_name[R_NR] = {
	"refused", "accepted-identical", "accepted-valid", "accepted-malformed",
	"refused-valid", "kernel-report",
};

#define ERRNO_MAX	256

struct stats {
	unsigned long n[M_NR][R_NR];
	unsigned long err[PH_NR][ERRNO_MAX];
	unsigned long cases, sanity_ok, sanity_failed, skipped;
};

static const char *errname(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "E?";
}

static void report(const struct stats *st, uint64_t seed)
{
	unsigned long tot[R_NR] = { 0 };
	int c, r, ph, e;

	say("\n%-12s %7s", "class", "cases");
	for (r = 0; r < R_NR; r++)
		say(" %*s", (int)strlen(result_name[r]), result_name[r]);
	say("\n");
	for (c = 0; c < M_NR; c++) {
		unsigned long n = 0;

		for (r = 0; r < R_NR; r++)
			n += st->n[c][r];
		say("%-12s %7lu", mclass_name[c], n);
		for (r = 0; r < R_NR; r++) {
			say(" %*lu", (int)strlen(result_name[r]), st->n[c][r]);
			tot[r] += st->n[c][r];
		}
		say("\n");
	}
	say("%-12s %7lu", "total", st->cases);
	for (r = 0; r < R_NR; r++)
		say(" %*lu", (int)strlen(result_name[r]), tot[r]);
	say("\nrefusals by step and errno:");
	for (ph = 0; ph < PH_NR; ph++)
		for (e = 0; e < ERRNO_MAX; e++)
			if (st->err[ph][e])
				say(" %s:%s=%lu", phase_name[ph], errname(e), st->err[ph][e]);
	say("\nsanity loads: %lu passed, %lu failed; seed %llu\n", st->sanity_ok,
	    st->sanity_failed, (unsigned long long)seed);
}

/* run case @k into VF @t; return its result */
static enum result run_case(struct env *e, struct stats *st, uint64_t k,
			    const struct spec *c, const struct stream *ref,
			    uint8_t *buf, size_t mlen, const char *desc, int t)
{
	static const size_t chunks[] = { ~(size_t)0, XEVFIO_CHUNK, BOUNCE + 1 };
	size_t chunk = chunks[c->rnd % ARRAY_SIZE(chunks)];
	bool same = mlen == ref->len && !memcmp(buf, ref->buf, mlen);
	const char *why = "";
	enum verdict v = model_stream(buf, mlen, ref, &e->d[t], &why);
	enum result r;
	enum phase ph = PH_NR;
	int ret, rep;

	ret = load(&e->dev[t], buf, mlen, chunk, true, &ph);
	if (ret) {
		st->err[ph][-ret < ERRNO_MAX ? -ret : 0]++;
		r = same || v == V_VALID ? R_WRONG_REFUSAL : R_REFUSED;
	} else {
		r = same ? R_IDENTICAL : v == V_INVALID ? R_MALFORMED : R_VALID;
	}
	rep = kmsg_reports(e);
	if (rep)
		r = R_KERNEL;
	st->n[c->cls][r]++;
	st->cases++;
	if (e->verbose || (r != R_REFUSED && r != R_IDENTICAL && r != R_VALID))
		say("case %llu [%s] %s: %s%s%s%s%s (model: %s%s%s)\n",
		    (unsigned long long)k, mclass_name[c->cls], desc, result_name[r],
		    ret ? " at " : "", ret ? phase_name[ph] : "", ret ? " " : "",
		    ret ? errname(-ret) : "", same ? "no-op" : verdict_name[v],
		    *why ? ": " : "", why);
	if (r == R_MALFORMED || r == R_WRONG_REFUSAL || r == R_KERNEL)
		say("  reproduce: %s --seed %llu --case %llu\n", prog,
		    (unsigned long long)e->seed, (unsigned long long)k);
	if (ret) {
		ret = recover(&e->dev[t]);
		if (ret) {
			say("%s: case %llu: the VF does not come back with a reset: %s\n",
			    prog, (unsigned long long)k, strerror(-ret));
			st->n[c->cls][R_KERNEL]++;
			return R_KERNEL;
		}
	}
	return r;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [--seed S] [-n N] [--case K] [--work PROG] [-v]\n"
		"\n"
		"Fuzz the migration stream of the xesim VFs through the VFIO uAPI: a\n"
		"VF that ran the work (PROG on its guest slot, IGT_XESIM_SLOT) is saved,\n"
		"and mutated copies of its stream are loaded into a VF of another GPU.\n"
		"Every %d cases the unmutated stream is loaded there and the guest runs\n"
		"the work on it. Needs the xesim, xepf, xevfio and xevf drivers.\n"
		"\n"
		"  --seed S     the run's seed (default 1): the same seed, the same cases\n"
		"  -n N         cases to run (default 256)\n"
		"  --case K     run only case K of the seed (a reproducer)\n"
		"  --work PROG  the work (default: xe_exec_store --run-subtest basic-store,\n"
		"               beside this program)\n"
		"  -v           print every case\n"
		"\n"
		"Each case is refused, accepted-identical (a no-op mutation),\n"
		"accepted-valid (still well-formed), accepted-malformed (a bug),\n"
		"refused-valid (a well-formed stream refused) or kernel-report.\n"
		"Exits 1 on any accepted-malformed, refused-valid or kernel-report\n"
		"case or a failed sanity load, 2 when the setup failed.\n",
		prog, BATCH);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "case", required_argument, NULL, 'k' },
		{ "work", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct env e = { .gpu = { -1, -1 }, .slot = -1, .kmsg = -1 };
	unsigned long long n = 256, seed = 1, only = ~0ull, total;
	struct stream ref = { 0 };
	struct stats st = { 0 };
	char work[PATH_MAX], desc[512];
	struct spec *sys = NULL, c;
	size_t nsys, i, j;
	uint64_t k, x;
	uint8_t *buf = NULL;
	int opt, t = 1, ret = 0, since = 0;
	bool repro;
	ssize_t mlen;
	char *end;

	for (i = 0; i < ARRAY_SIZE(e.dev); i++) {
		e.dev[i].fd = -1;
		e.dev[i].iommufd = -1;
		e.dev[i].group = -1;
	}
	snprintf(work, sizeof(work), "%s", argv[0]);
	end = strrchr(work, '/');
	snprintf(end ? end + 1 : work, sizeof(work) - (end ? end + 1 - work : 0),
		 "xe_exec_store");
	e.work = work;
	e.work_default = true;
	while ((opt = getopt_long(argc, argv, "n:vh", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, &end, 0);
			break;
		case 'n':
			n = strtoull(optarg, &end, 0);
			break;
		case 'k':
			only = strtoull(optarg, &end, 0);
			break;
		case 'w':
			e.work = optarg;
			e.work_default = false;
			end = "";
			break;
		case 'v':
			e.verbose = true;
			continue;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
		if (*end) {
			fprintf(stderr, "%s: bad number '%s'\n", prog, optarg);
			return 2;
		}
	}
	e.seed = seed;
	repro = only != ~0ull;	/* --case: that one case */
	total = repro ? 1 : n;
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (access(e.work, X_OK)) {
		fprintf(stderr, "%s: no work program %s\n", prog, e.work);
		return 2;
	}
	e.kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (e.kmsg >= 0)
		lseek(e.kmsg, 0, SEEK_END);

	ret = env_create(&e, &ref);
	if (ret || kmsg_reports(&e)) {
		say("%s: setup failed\n", prog);
		env_destroy(&e);
		return 2;
	}
	/* the systematic cases, in an order of the seed */
	nsys = systematic(&ref, &e.d[1], NULL);
	sys = calloc(nsys, sizeof(*sys));
	buf = malloc(2 * ref.len + 2 * PAGE);
	if (!sys || !buf) {
		env_destroy(&e);
		return 2;
	}
	systematic(&ref, &e.d[1], sys);
	x = seed;
	for (i = nsys - 1; i > 0; i--) {
		j = splitmix(&x) % (i + 1);
		c = sys[i];
		sys[i] = sys[j];
		sys[j] = c;
	}
	say("seed %llu: %zu systematic cases of a %zu-byte, %d-packet stream, then random ones\n",
	    seed, nsys, ref.len, ref.np);

	for (k = repro ? only : 0; st.cases < total; k++) {
		const char *why;

		c = case_spec(seed, k, sys, nsys);
		mlen = make_case(&c, &ref, &e.d[t], buf, desc, sizeof(desc));
		if (mlen < 0) {
			st.skipped++;
			if (repro) {
				say("case %llu does not apply to this stream\n", only);
				break;
			}
			continue;
		}
		run_case(&e, &st, k, &c, &ref, buf, mlen, desc, t);
		if (++since == BATCH || st.cases == total) {
			since = 0;
			ret = sanity(&e, t, &ref);
			ret = ret ?: kmsg_reports(&e) ? -EIO : 0;
			if (ret) {
				st.sanity_failed++;
				say("%s: sanity load after case %llu failed\n", prog,
				    (unsigned long long)k);
				break;
			}
			st.sanity_ok++;
			t = !t;
			if (model_stream(ref.buf, ref.len, &ref, &e.d[t], &why) != V_VALID) {
				say("%s: the model refuses the reference: %s\n", prog, why);
				st.sanity_failed++;
				break;
			}
			if (st.cases % 256 < BATCH)
				say("%lu cases, %lu sanity loads\n", st.cases, st.sanity_ok);
		}
	}
	report(&st, seed);
	env_destroy(&e);
	for (i = 0; i < M_NR; i++)
		if (st.n[i][R_MALFORMED] || st.n[i][R_WRONG_REFUSAL] || st.n[i][R_KERNEL])
			ret = 1;
	free(sys);
	free(buf);
	free(ref.buf);
	return ret || st.sanity_failed || kmsg_reports(&e) ? 1 : 0;
}
