// SPDX-License-Identifier: GPL-2.0
/*
 * VF migration stream v1: the consumer that checks bytes from user space and
 * loads them into a VF (the format and its checks: xepf_migration_stream.c).
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include <abi/guc_klvs_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_migration_stream.h"
#include "xepf_migration_stream_restore.h"
#include "xepf_printk.h"

#define XEPF_MIG_PTE_ALLOWED	(XE_PAGE_PRESENT | XE_GGTT_PTE_DM | \
				 GGTT_PTE_VFID | XE_GGTT_PTE_ADDR)

/**
 * xepf_migration_stream_restore_create() - Start consuming a stream into a VF.
 * @t: the destination VF, paused; copied.
 *
 * Context: process context.
 * Return: the consumer or an ERR_PTR().
 */
struct xepf_mig_restore *
xepf_migration_stream_restore_create(const struct xepf_mig_target *t)
{
	struct xepf_mig_restore *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->t = *t;
	r->bounce = kvmalloc(XEPF_MIG_BOUNCE, GFP_KERNEL_ACCOUNT);
	if (!r->bounce) {
		kfree(r);
		return ERR_PTR(-ENOMEM);
	}
	return r;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_restore_create);

static int xepf_mig_fail(struct xepf_mig_restore *r, int err)
{
	r->err = err;
	return err;
}

static __printf(3, 4) int xepf_mig_reject(struct xepf_mig_restore *r,
					  int err, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	xepf_vf_err(r->t.dev, r->t.vfid, "migration",
		    "stream rejected at byte %llu: %pV: %pe\n", r->consumed,
		    &vaf, ERR_PTR(err));
	va_end(args);
	return xepf_mig_fail(r, err);
}

static int xepf_mig_check_range(struct xepf_mig_restore *r, const char *what,
				u64 offset, u64 size, u64 limit)
{
	u64 end;

	if (check_add_overflow(offset, size, &end) || end > limit)
		return xepf_mig_reject(r, -ERANGE,
				       "%s offset %#llx size %#llx past %#llx",
				       what, offset, size, limit);
	return 0;
}

/* at the trailer: every resource of the VF was in the stream */
static int xepf_mig_check_complete(struct xepf_mig_restore *r)
{
	static const u8 singles[] = { XEPF_MIG_TYPE_GUC, XEPF_MIG_TYPE_MMIO };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(singles); i++)
		if (!test_bit(singles[i], &r->seen))
			return xepf_mig_reject(r, -ENOMSG, "TRAILER without %s",
					       xepf_migration_stream_type_name(singles[i]));
	/* chunks ascend without overlap: whole coverage is a full count */
	if (r->ggtt_covered != r->t.ggtt_size)
		return xepf_mig_reject(r, -ENOMSG,
				       "TRAILER with GGTT entries for %#llx of %#llx bytes",
				       r->ggtt_covered, r->t.ggtt_size);
	if (r->vram_covered != r->t.lmem_size)
		return xepf_mig_reject(r, -ENOMSG,
				       "TRAILER with VRAM for %#llx of %#llx bytes",
				       r->vram_covered, r->t.lmem_size);
	return 0;
}

static int xepf_mig_check_hdr(struct xepf_mig_restore *r)
{
	const struct xepf_mig_hdr *h = &r->hdr;
	u64 offset = le64_to_cpu(h->offset);
	u64 size = le64_to_cpu(h->size);
	u64 pages, span;
	const char *name;
	int err;

	if (h->version != XEPF_MIG_VERSION)
		return xepf_mig_reject(r, -EPROTONOSUPPORT, "version %u",
				       h->version);
	name = xepf_migration_stream_type_name(h->type);
	if (!name)
		return xepf_mig_reject(r, -EBADMSG, "type %u", h->type);
	if (h->tile_id)
		return xepf_mig_reject(r, -ENXIO, "%s tile_id %u", name,
				       h->tile_id);
	if (h->gt_id)
		return xepf_mig_reject(r, -ENXIO, "%s gt_id %u", name,
				       h->gt_id);
	if (h->flags)
		return xepf_mig_reject(r, -EINVAL, "%s flags %#x", name,
				       le32_to_cpu(h->flags));

	if (h->type != XEPF_MIG_TYPE_DESCRIPTOR &&
	    !test_bit(XEPF_MIG_TYPE_DESCRIPTOR, &r->seen))
		return xepf_mig_reject(r, -EPROTO, "order: %s before DESCRIPTOR",
				       name);
	if ((h->type == XEPF_MIG_TYPE_DESCRIPTOR ||
	     h->type == XEPF_MIG_TYPE_GUC || h->type == XEPF_MIG_TYPE_MMIO) &&
	    test_bit(h->type, &r->seen))
		return xepf_mig_reject(r, -EEXIST, "order: second %s", name);

	switch (h->type) {
	case XEPF_MIG_TYPE_DESCRIPTOR:
		if (!size || size > XEPF_MIG_DESC_MAX || !IS_ALIGNED(size, 4))
			return xepf_mig_reject(r, -EMSGSIZE, "%s size %llu",
					       name, size);
		break;
	case XEPF_MIG_TYPE_TRAILER:
		if (size)
			return xepf_mig_reject(r, -EMSGSIZE, "%s size %llu",
					       name, size);
		break;
	case XEPF_MIG_TYPE_MMIO:
		if (size != XEPF_MIG_MMIO_SIZE)
			return xepf_mig_reject(r, -EMSGSIZE, "%s size %llu",
					       name, size);
		break;
	case XEPF_MIG_TYPE_GUC:
		if (!size || size > XEPF_MIG_GUC_MAX || !IS_ALIGNED(size, 4))
			return xepf_mig_reject(r, -EMSGSIZE, "%s size %llu",
					       name, size);
		break;
	case XEPF_MIG_TYPE_GGTT:
		if (!size || size > XEPF_MIG_GGTT_MAX ||
		    !IS_ALIGNED(size, sizeof(u64)))
			return xepf_mig_reject(r, -EMSGSIZE, "%s size %llu",
					       name, size);
		if (!IS_ALIGNED(offset, XE_GGTT_PAGE_SIZE))
			return xepf_mig_reject(r, -ERANGE, "%s offset %#llx",
					       name, offset);
		pages = size / sizeof(u64);
		span = pages << XE_GGTT_PAGE_SHIFT;
		err = xepf_mig_check_range(r, name, offset, span,
					   r->t.ggtt_size);
		if (err)
			return err;
		if (offset < r->ggtt_end)
			return xepf_mig_reject(r, -EEXIST,
					       "order: %s offset %#llx before %#llx",
					       name, offset, r->ggtt_end);
		return 0;
	case XEPF_MIG_TYPE_VRAM:
		if (!size || size > XEPF_MIG_VRAM_MAX)
			return xepf_mig_reject(r, -EMSGSIZE, "%s size %llu",
					       name, size);
		err = xepf_mig_check_range(r, name, offset, size,
					   r->t.lmem_size);
		if (err)
			return err;
		if (offset < r->vram_end)
			return xepf_mig_reject(r, -EEXIST,
					       "order: %s offset %#llx before %#llx",
					       name, offset, r->vram_end);
		return 0;
	}

	/* the singletons have no offset */
	if (offset)
		return xepf_mig_reject(r, -ERANGE, "%s offset %#llx", name,
				       offset);
	if (h->type == XEPF_MIG_TYPE_TRAILER)
		return xepf_mig_check_complete(r);
	return 0;
}

/**
 * struct xepf_mig_desc_klv - A descriptor KLV the restore needs.
 * @key: its key.
 * @len: its length in dwords, 1 or 2 (a 64-bit value, low dword first).
 * @name: for the log.
 * @want: the value the destination has.
 * @err: the errno of another value.
 * @have: it was seen.
 * @val: its value.
 */
struct xepf_mig_desc_klv {
	u32 key;
	u32 len;
	const char *name;
	u64 want;
	int err;
	bool have;
	u64 val;
};

static int xepf_mig_load_descriptor(struct xepf_mig_restore *r)
{
	struct xepf_mig_desc_klv klvs[] = {
		{ XEPF_MIG_KLV_DEVID, 1, "DEVID", r->t.devid, -EXDEV },
		{ XEPF_MIG_KLV_REVID, 1, "REVID", r->t.revid, -EXDEV },
		{ GUC_KLV_VF_CFG_GGTT_SIZE_KEY, GUC_KLV_VF_CFG_GGTT_SIZE_LEN,
		  "GGTT_SIZE", r->t.ggtt_size, -EREMCHG },
		{ GUC_KLV_VF_CFG_LMEM_SIZE_KEY, GUC_KLV_VF_CFG_LMEM_SIZE_LEN,
		  "LMEM_SIZE", r->t.lmem_size, -EREMCHG },
	};
	size_t n = le64_to_cpu(r->hdr.size) / sizeof(u32);
	const __le32 *d = r->payload;
	struct xepf_mig_desc_klv *k;
	u32 key, len;
	size_t i = 0;

	while (i < n) {
		key = FIELD_GET(GUC_KLV_0_KEY, le32_to_cpu(d[i]));
		len = FIELD_GET(GUC_KLV_0_LEN, le32_to_cpu(d[i]));
		if (len > n - i - 1)
			return xepf_mig_reject(r, -EBADMSG,
					       "DESCRIPTOR KLV %#x at dword %zu overruns",
					       key, i);
		/* unknown keys are skipped */
		for (k = klvs; k < klvs + ARRAY_SIZE(klvs); k++) {
			if (k->key != key)
				continue;
			if (len != k->len || k->have)
				return xepf_mig_reject(r, -EBADMSG,
						       "DESCRIPTOR %s KLV at dword %zu: %s",
						       k->name, i, k->have ?
						       "repeated" : "wrong length");
			k->have = true;
			k->val = le32_to_cpu(d[i + 1]);
			if (len == 2)
				k->val |= (u64)le32_to_cpu(d[i + 2]) << 32;
		}
		i += 1 + len;
	}
	for (k = klvs; k < klvs + ARRAY_SIZE(klvs); k++)
		if (!k->have)
			return xepf_mig_reject(r, -EBADMSG,
					       "DESCRIPTOR without %s", k->name);
	for (k = klvs; k < klvs + ARRAY_SIZE(klvs); k++)
		if (k->val != k->want)
			return xepf_mig_reject(r, k->err,
					       "DESCRIPTOR %s %#llx, destination has %#llx",
					       k->name, k->val, k->want);
	return 0;
}

static int xepf_mig_load_ggtt(struct xepf_mig_restore *r)
{
	const struct xepf_mig_target *t = &r->t;
	u64 first = le64_to_cpu(r->hdr.offset) >> XE_GGTT_PAGE_SHIFT;
	u64 count = le64_to_cpu(r->hdr.size) / sizeof(u64);
	const __le64 *ptes = r->payload;
	u64 i, pte, addr;
	int err;

	/* every entry first, so that a bad one leaves the range untouched */
	for (i = 0; i < count; i++) {
		pte = le64_to_cpu(ptes[i]);
		if (pte & GGTT_PTE_VFID)
			return xepf_mig_reject(r, -EBADMSG,
					       "GGTT entry %llu VFID set (%#llx)",
					       first + i, pte);
		if (pte & ~XEPF_MIG_PTE_ALLOWED)
			return xepf_mig_reject(r, -EBADMSG,
					       "GGTT entry %llu reserved bits (%#llx)",
					       first + i, pte);
		if (!(pte & XE_PAGE_PRESENT))
			continue;
		addr = pte & XE_GGTT_PTE_ADDR;
		if (pte & XE_GGTT_PTE_DM) {
			if (addr >= t->lmem_size)
				return xepf_mig_reject(r, -EACCES,
						       "GGTT entry %llu LMEM address %#llx past %#llx",
						       first + i, addr,
						       t->lmem_size);
		} else {
			err = t->ops->iova_check ?
			      t->ops->iova_check(t->priv, first + i, addr) :
			      -EACCES;
			if (err == -EACCES)
				return xepf_mig_reject(r, err,
						       "GGTT entry %llu IOVA %#llx not in the VF's DMA domain",
						       first + i, addr);
			if (err)
				return xepf_mig_reject(r, err,
						       "GGTT entry %llu IOVA %#llx check",
						       first + i, addr);
		}
	}
	if (!r->ggtt) {
		r->ggtt = kvcalloc(xepf_migration_stream_ggtt_pages(t), sizeof(*r->ggtt),
				   GFP_KERNEL_ACCOUNT);
		if (!r->ggtt)
			return xepf_mig_fail(r, -ENOMEM);
	}
	/* kept for the end: checked chunks ascend inside the range */
	memcpy(r->ggtt + first, ptes, count * sizeof(*ptes));
	r->ggtt_end = (first + count) << XE_GGTT_PAGE_SHIFT;
	r->ggtt_covered += count << XE_GGTT_PAGE_SHIFT;
	return 0;
}

/* the whole stream was checked: load what was kept, GuC state first */
static int xepf_mig_apply(struct xepf_mig_restore *r)
{
	const struct xepf_mig_target *t = &r->t;
	u64 i, pages = xepf_migration_stream_ggtt_pages(t);
	/* the kept entries become the ones to write, in place */
	u64 *ptes = (__force u64 *)r->ggtt;
	unsigned int n;
	int err;

	err = t->ops->guc_restore(t->priv, r->guc, r->guc_size);
	if (err)
		return xepf_mig_reject(r, err, "GUC state refused");
	for (i = 0; i < pages; i++)
		ptes[i] = le64_to_cpu(r->ggtt[i]) |
			  FIELD_PREP(GGTT_PTE_VFID, t->vfid);
	for (i = 0; i < pages; i += n) {
		n = min_t(u64, pages - i, XEPF_MIG_GGTT_CHUNK_PTES);
		err = t->ops->ggtt_write(t->priv, i, ptes + i, n);
		if (err)
			return xepf_mig_reject(r, err,
					       "GGTT entries %llu+%u write",
					       i, n);
	}
	for (n = 0; n < XEPF_MIG_MMIO_REGS; n++) {
		err = t->ops->mmio_write(t->priv, n, le32_to_cpu(r->mmio[n]));
		if (err)
			return xepf_mig_reject(r, err, "MMIO register %u write",
					       n);
	}
	r->loaded = true;
	return 0;
}

/* a whole packet is in: load it */
static int xepf_mig_load(struct xepf_mig_restore *r)
{
	u64 size = le64_to_cpu(r->hdr.size);
	int err = 0;

	switch (r->hdr.type) {
	case XEPF_MIG_TYPE_DESCRIPTOR:
		err = xepf_mig_load_descriptor(r);
		break;
	case XEPF_MIG_TYPE_TRAILER:
		r->done = true;
		break;
	case XEPF_MIG_TYPE_GGTT:
		err = xepf_mig_load_ggtt(r);
		break;
	case XEPF_MIG_TYPE_MMIO:
		memcpy(r->mmio, r->payload, sizeof(r->mmio));
		break;
	case XEPF_MIG_TYPE_GUC:
		/* kept for the end, loaded once the whole stream passed */
		r->guc = r->payload;
		r->guc_size = size;
		r->payload = NULL;
		break;
	case XEPF_MIG_TYPE_VRAM:
		r->vram_end = le64_to_cpu(r->hdr.offset) + size;
		r->vram_covered += size;
		break;
	}
	if (!err)
		__set_bit(r->hdr.type, &r->seen);
	kvfree(r->payload);
	r->payload = NULL;
	r->hdr_pos = 0;
	r->payload_pos = 0;
	return err;
}

/*
 * Take payload bytes of the current packet from @from. @kpos, when not NULL,
 * is the kernel address of @from's next byte (a kernel buffer's kvec): VRAM
 * payloads are then written to the VF straight from it, otherwise through
 * the bounce buffer.
 */
static int xepf_mig_restore_payload(struct xepf_mig_restore *r,
				    struct iov_iter *from, const u8 *kpos,
				    size_t *taken)
{
	u64 size = le64_to_cpu(r->hdr.size);
	u64 offset = le64_to_cpu(r->hdr.offset);
	size_t want, n;
	int err;

	*taken = 0;
	want = min_t(u64, size - r->payload_pos, iov_iter_count(from));
	if (r->hdr.type != XEPF_MIG_TYPE_VRAM) {
		n = copy_from_iter((u8 *)r->payload + r->payload_pos, want,
				   from);
	} else if (kpos) {
		err = r->t.ops->vram_write(r->t.priv, offset + r->payload_pos,
					   kpos, want);
		/* taken from @from whether or not the device takes them */
		iov_iter_advance(from, want);
		*taken = want;
		if (err)
			return xepf_mig_reject(r, err, "VRAM write at %#llx",
					       offset + r->payload_pos);
		n = want;
	} else {
		want = min_t(size_t, want, XEPF_MIG_BOUNCE);
		n = copy_from_iter(r->bounce, want, from);
		/* taken from @from whether or not the device takes them */
		*taken = n;
		if (n) {
			err = r->t.ops->vram_write(r->t.priv,
						   offset + r->payload_pos,
						   r->bounce, n);
			if (err)
				return xepf_mig_reject(r, err,
						       "VRAM write at %#llx",
						       offset + r->payload_pos);
		}
	}
	r->payload_pos += n;
	r->consumed += n;
	*taken = n;
	if (n < want)
		return xepf_mig_fail(r, -EFAULT);
	return 0;
}

/*
 * Check and load the bytes of @from (see xepf_migration_stream_restore_write()); @kbuf,
 * when not NULL, is the kernel memory @from covers (one kvec).
 */
static ssize_t xepf_mig_restore_consume(struct xepf_mig_restore *r,
					struct iov_iter *from, const u8 *kbuf)
{
	size_t done = 0, want, n;
	u64 size;
	int err;

	if (r->err)
		return r->err;

	while (iov_iter_count(from)) {
		if (r->done)
			return xepf_mig_reject(r, -EPROTO,
					       "order: data after TRAILER");
		if (r->hdr_pos < XEPF_MIG_HDR_SIZE) {
			want = min(XEPF_MIG_HDR_SIZE - r->hdr_pos,
				   iov_iter_count(from));
			n = copy_from_iter((u8 *)&r->hdr + r->hdr_pos, want,
					   from);
			r->hdr_pos += n;
			r->consumed += n;
			done += n;
			if (n < want)
				return xepf_mig_fail(r, -EFAULT);
			if (r->hdr_pos < XEPF_MIG_HDR_SIZE)
				continue;
			err = xepf_mig_check_hdr(r);
			if (err)
				return err;
			size = le64_to_cpu(r->hdr.size);
			if (size && r->hdr.type != XEPF_MIG_TYPE_VRAM) {
				r->payload = kvmalloc(size, GFP_KERNEL_ACCOUNT);
				if (!r->payload)
					return xepf_mig_fail(r, -ENOMEM);
			}
		} else {
			err = xepf_mig_restore_payload(r, from,
						       kbuf ? kbuf + done : NULL,
						       &n);
			done += n;
			if (err)
				return err;
		}
		if (r->payload_pos == le64_to_cpu(r->hdr.size)) {
			err = xepf_mig_load(r);
			if (err)
				return err;
		}
	}
	return done;
}

/**
 * xepf_migration_stream_restore_want() - Where the next bytes of the stream go.
 * @r: the consumer.
 * @vram: set to the VF LMEM offset of the next byte when it is a VRAM
 *        payload's, else to U64_MAX.
 *
 * A caller that writes VRAM payloads to the VF itself (with its own access
 * to the VF's pages, as the VFIO path does to save a copy) asks here, and
 * reports what it wrote with xepf_migration_stream_restore_vram_done(); every other byte
 * goes through xepf_migration_stream_restore_write() or xepf_migration_stream_restore_write_kbuf().
 *
 * Context: any; the caller serializes.
 * Return: how many of the next bytes of the stream are of the same kind:
 * the rest of the header or payload the consumer is in (0 for a dead or
 * ended stream).
 */
size_t xepf_migration_stream_restore_want(const struct xepf_mig_restore *r, u64 *vram)
{
	u64 size = le64_to_cpu(r->hdr.size);

	*vram = U64_MAX;
	if (r->err || r->done)
		return 0;
	if (r->hdr_pos < XEPF_MIG_HDR_SIZE)
		return XEPF_MIG_HDR_SIZE - r->hdr_pos;
	if (r->hdr.type == XEPF_MIG_TYPE_VRAM)
		*vram = le64_to_cpu(r->hdr.offset) + r->payload_pos;
	return size - r->payload_pos;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_restore_want);

/**
 * xepf_migration_stream_restore_vram_done() - Count VRAM payload bytes the caller wrote
 * to the VF itself.
 * @r: the consumer, in a VRAM payload (xepf_migration_stream_restore_want()).
 * @n: bytes written at the offset xepf_migration_stream_restore_want() gave, at most as
 *     many as it said.
 * @ns: the time the caller took to write them.
 *
 * Context: process context; the caller serializes.
 * Return: 0, or the sticky error of a stream that was dead already or that
 * the end of the packet fails (`xepf migration stream checks`).
 */
int xepf_migration_stream_restore_vram_done(struct xepf_mig_restore *r, size_t n, u64 ns)
{
	u64 vram;

	if (r->err)
		return r->err;
	if (WARN_ON_ONCE(n > xepf_migration_stream_restore_want(r, &vram) ||
			 vram == U64_MAX))
		return xepf_mig_fail(r, -EPROTO);
	r->payload_pos += n;
	r->consumed += n;
	r->apply_ns += ns;
	if (r->payload_pos == le64_to_cpu(r->hdr.size))
		return xepf_mig_load(r);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_restore_vram_done);

/**
 * xepf_migration_stream_restore_write() - Feed bytes of a stream to the consumer.
 * @r: the consumer.
 * @from: the bytes, of any size.
 *
 * Each packet is checked (`xepf migration stream checks`) and loaded into
 * the destination VF once complete.
 *
 * Context: process context; takes no lock, the caller serializes.
 * Return: the bytes taken (all of @from) or a negative errno, sticky: the
 * stream is dead and the destination VF must be reset.
 */
ssize_t xepf_migration_stream_restore_write(struct xepf_mig_restore *r,
					    struct iov_iter *from)
{
	u64 t0 = ktime_get_ns();
	ssize_t ret;

	ret = xepf_mig_restore_consume(r, from, NULL);
	r->apply_ns += ktime_get_ns() - t0;
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_restore_write);

/**
 * xepf_migration_stream_restore_write_kbuf() - Feed bytes of a stream in kernel memory
 * to the consumer.
 * @r: the consumer.
 * @buf: the bytes.
 * @len: how many.
 *
 * As xepf_migration_stream_restore_write(), with one copy less: VRAM payloads go from
 * @buf to the VF, not through the bounce buffer.
 *
 * Context: process context; takes no lock, the caller serializes.
 * Return: as xepf_migration_stream_restore_write().
 */
ssize_t xepf_migration_stream_restore_write_kbuf(struct xepf_mig_restore *r,
						 const void *buf, size_t len)
{
	struct kvec kv = { .iov_base = (void *)buf, .iov_len = len };
	u64 t0 = ktime_get_ns();
	struct iov_iter it;
	ssize_t ret;

	iov_iter_kvec(&it, ITER_SOURCE, &kv, 1, len);
	ret = xepf_mig_restore_consume(r, &it, buf);
	r->apply_ns += ktime_get_ns() - t0;
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_restore_write_kbuf);

/**
 * xepf_migration_stream_restore_finish() - Tell the consumer the stream has ended, and
 * load it.
 * @r: the consumer.
 *
 * Only a whole stream that passed every check is loaded: the GuC state,
 * then the GGTT entries, then the scratch registers (`xepf migration
 * stream`).
 *
 * Context: process context.
 * Return: 0 if the whole stream, trailer included, was loaded; the sticky
 * error of a failed stream; -ENODATA if it ended before the trailer; the
 * device's error while loading (the GuC's refusal of its state).
 */
int xepf_migration_stream_restore_finish(struct xepf_mig_restore *r)
{
	u64 t0;
	int err;

	if (r->err)
		return r->err;
	if (!r->done)
		return xepf_mig_reject(r, -ENODATA,
				       "truncated: no TRAILER after %llu bytes",
				       r->consumed);
	if (r->loaded)
		return 0;
	t0 = ktime_get_ns();
	err = xepf_mig_apply(r);
	r->apply_ns += ktime_get_ns() - t0;
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_restore_finish);

/**
 * xepf_migration_stream_restore_stats() - Where a restore's time went so far.
 * @r: the consumer.
 * @st: out: its figures (&struct xepf_mig_stats; the save's are 0).
 *
 * Context: any; the caller serializes with writes.
 */
void xepf_migration_stream_restore_stats(const struct xepf_mig_restore *r,
					 struct xepf_mig_stats *st)
{
	*st = (struct xepf_mig_stats) {
		.bytes = r->consumed,
		.apply_ns = r->apply_ns,
	};
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_restore_stats);

/**
 * xepf_migration_stream_restore_destroy() - Free a consumer.
 * @r: the consumer, or NULL.
 *
 * Context: process context.
 */
void xepf_migration_stream_restore_destroy(struct xepf_mig_restore *r)
{
	if (!r)
		return;
	kvfree(r->payload);
	kvfree(r->bounce);
	kvfree(r->guc);
	kvfree(r->ggtt);
	kfree(r);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_restore_destroy);
