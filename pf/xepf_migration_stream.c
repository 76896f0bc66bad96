// SPDX-License-Identifier: GPL-2.0
/*
 * VF migration stream v1: the producer that turns a paused VF into bytes and
 * the consumer that checks bytes from user space and loads them into a VF.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <abi/guc_klvs_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_migration_stream.h"
#include "xepf_printk.h"

/**
 * DOC: xepf migration stream
 *
 * The state of one VF travels as a stream of packets. Each packet is a
 * 24-byte little-endian header (&struct xepf_mig_hdr: version, type, tile
 * id, GT id, flags, offset, size) followed by ``size`` bytes of payload.
 * A save produces, in this order::
 *
 *	DESCRIPTOR  KLVs: DEVID (0xf001) and REVID (0xf002), one dword each;
 *	            the VF's GGTT size (0x0002) and LMEM size (0x0003), the
 *	            keys and 64-bit values of its UPDATE_VF_CFG KLVs
 *	GUC         the GuC's state blob of the VF (PF2GUC_SAVE_RESTORE_VF)
 *	GGTT ...    8-byte PTEs, one per 4 KiB page of the VF's GGTT range,
 *	            VFID field cleared; offset = byte offset in the range;
 *	            at most XEPF_MIG_GGTT_CHUNK_PTES entries per packet
 *	MMIO        the 4 VF_SW_FLAG scratch registers, 4 bytes each
 *	VRAM ...    the VF's LMEM by VF offset, XEPF_MIG_VRAM_CHUNK per packet
 *	TRAILER     no payload: the end
 *
 * A VF offset means the same on every device (see `xesim LMTT`), so VRAM
 * chunks and LMEM PTEs need no translation. GGTT offsets are relative to the
 * VF's range, so a destination with another GGTT base takes them as they
 * are; the restore stamps its own VFID into every entry.
 *
 * Memory stays bounded and the reader sets the pace. A save's producer is
 * a worker that makes packets into a ring of XEPF_MIG_RING slots, ahead of
 * the reader, and stops when the ring is full. A VRAM packet holds no copy:
 * it takes references on the VF's own pages (xesim_pf_vf_vram_pages()), and
 * the read copies them to the reader's memory, the only copy of the VF's
 * VRAM on the way out. A page keeps the VF's data after an FLR unhooked it
 * from the VF, until the packet is read or dropped, so a save cut short by
 * an FLR never shows what the reset VF holds next. The ring holds
 * XEPF_MIG_RING packets' payloads at most, whatever the VF's size, and the
 * producer makes the next packet while the reader copies out the previous
 * ones. A reader that finds the
 * ring empty sleeps until the packet is made; a producer's error reaches
 * it after the packets made before the failure. The consumer passes VRAM
 * payloads to the VF through a XEPF_MIG_BOUNCE buffer as they arrive, so
 * the writer waits for the device, and keeps the rest (the GuC state blob,
 * 8 bytes per GGTT page of the VF, 16 bytes of registers) until the whole
 * stream has passed every check: only then, at the end of the stream
 * (xepf_migration_stream_restore_finish()), does it load the GuC state, the GGTT entries
 * and the registers, in this order. A stream refused anywhere, truncated
 * or abandoned has changed nothing of the destination but the VRAM its
 * chunks already covered. Both take reads and writes of any size, from one
 * byte up, through an &struct iov_iter.
 *
 * The size estimate (xepf_migration_stream_size()) is the exact stream size with
 * the GuC blob at the size the GuC asks for; a save may use less.
 */

/**
 * DOC: xepf migration stream checks
 *
 * A restore stream comes from user space and is trusted in nothing. The
 * consumer checks each header when its 24 bytes are in, in this order, and
 * each payload before it changes anything of the destination VF. The first
 * failure is logged with the name of the field, becomes the stream's sticky
 * error (every later write and the final check return it), and the caller
 * marks the VF failed; only an FLR makes it usable again. Nothing is ever
 * written outside the destination VF's own GGTT range, LMEM, scratch
 * registers and GuC state.
 *
 * ======================= ===================================================
 * errno                   cause
 * ======================= ===================================================
 * ``-EPROTONOSUPPORT``    header ``version`` is not 1
 * ``-EBADMSG``            unknown ``type``; a descriptor KLV that overruns
 *                         the payload, a DEVID, REVID, GGTT size or LMEM
 *                         size KLV of wrong length, repeated or missing; a
 *                         GGTT entry with the VFID field or reserved bits
 *                         set
 * ``-ENXIO``              ``tile_id`` or ``gt_id`` is not 0
 * ``-EINVAL``             ``flags`` is not 0
 * ``-EPROTO``             a packet before the descriptor; any byte after the
 *                         trailer
 * ``-EEXIST``             a second DESCRIPTOR, GUC or MMIO packet; a GGTT or
 *                         VRAM chunk that starts before the end of the
 *                         previous one (repeated or reordered)
 * ``-EMSGSIZE``           a ``size`` that the type does not allow (trailer
 *                         not 0, MMIO not 16, descriptor, GuC or GGTT not a
 *                         multiple of their unit, zero, or above the packet
 *                         limit)
 * ``-ERANGE``             an ``offset`` not 0 where the type has none, a
 *                         GGTT offset not page aligned, ``offset + size``
 *                         overflowing or past the destination's GGTT range
 *                         or LMEM
 * ``-EXDEV``              descriptor DEVID or REVID other than the
 *                         destination device's
 * ``-EREMCHG``            descriptor GGTT size or LMEM size other than the
 *                         destination VF's provisioning (only the GGTT
 *                         base may change across a migration)
 * ``-EACCES``             a present GGTT entry pointing outside the VF's
 *                         LMEM, or at an IOVA outside its DMA mappings
 * ``-ENOMSG``             a trailer without the GUC or MMIO packet, or
 *                         before GGTT chunks covered the whole GGTT range
 *                         and VRAM chunks the whole LMEM: a restore loads
 *                         every resource of the VF, never leaves one as
 *                         the destination had it
 * ``-ENODATA``            the stream ended before the trailer (truncated)
 * ``-EFAULT``             the user buffer could not be read
 * ======================= ===================================================
 *
 * Errors of the device while loading (a GuC that refuses the state blob, a
 * failed register or GGTT write, an IOVA check that could not be made) are
 * returned as the device gave them.
 */

#define XEPF_MIG_HDR_SIZE	sizeof(struct xepf_mig_hdr)
#define XEPF_MIG_PTE_ALLOWED	(XE_PAGE_PRESENT | XE_GGTT_PTE_DM | \
				 GGTT_PTE_VFID | XE_GGTT_PTE_ADDR)

static __printf(2, 3) void xepf_mig_err(const struct xepf_mig_target *t,
					const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	xepf_vf_err(t->dev, t->vfid, "migration", "%pV", &vaf);
	va_end(args);
}

static const char *const xepf_mig_type_names[] = {
	[XEPF_MIG_TYPE_DESCRIPTOR] = "DESCRIPTOR",
	[XEPF_MIG_TYPE_TRAILER] = "TRAILER",
	[XEPF_MIG_TYPE_GGTT] = "GGTT",
	[XEPF_MIG_TYPE_MMIO] = "MMIO",
	[XEPF_MIG_TYPE_GUC] = "GUC",
	[XEPF_MIG_TYPE_VRAM] = "VRAM",
};

static u64 xepf_mig_ggtt_pages(const struct xepf_mig_target *t)
{
	return t->ggtt_size >> XE_GGTT_PAGE_SHIFT;
}

/**
 * xepf_migration_stream_size() - How many bytes a save of a VF will produce.
 * @t: the VF, paused.
 * @size: the estimate, an upper bound.
 *
 * Context: process context; asks the GuC for the size of its state.
 * Return: 0 or a negative errno from the GuC.
 */
int xepf_migration_stream_size(const struct xepf_mig_target *t, u64 *size)
{
	u64 pages = xepf_mig_ggtt_pages(t);
	size_t guc;
	u64 total;
	int err;

	err = t->ops->guc_size(t->priv, &guc);
	if (err)
		return err;

	total = XEPF_MIG_HDR_SIZE + XEPF_MIG_DESC_DWORDS * sizeof(u32);
	total += XEPF_MIG_HDR_SIZE + guc;
	total += DIV_ROUND_UP_ULL(pages, XEPF_MIG_GGTT_CHUNK_PTES) *
		 XEPF_MIG_HDR_SIZE + pages * sizeof(u64);
	total += XEPF_MIG_HDR_SIZE + XEPF_MIG_MMIO_SIZE;
	total += DIV_ROUND_UP_ULL(t->lmem_size, XEPF_MIG_VRAM_CHUNK) *
		 XEPF_MIG_HDR_SIZE + t->lmem_size;
	total += XEPF_MIG_HDR_SIZE;				/* trailer */
	*size = total;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_size);

static void xepf_mig_save_work(struct work_struct *work);

/**
 * xepf_migration_stream_save_create() - Start producing the stream of a VF.
 * @t: the VF, paused; copied.
 *
 * The producer starts at once, on system_unbound_wq, and runs until the
 * ring is full: the GuC state is saved before the first read comes.
 *
 * Context: process context.
 * Return: the producer or an ERR_PTR().
 */
struct xepf_mig_save *xepf_migration_stream_save_create(const struct xepf_mig_target *t)
{
	struct xepf_mig_save *s;
	unsigned int i;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	kref_init(&s->ref);
	s->t = *t;
	INIT_WORK(&s->work, xepf_mig_save_work);
	spin_lock_init(&s->lock);
	init_waitqueue_head(&s->wait);
	for (i = 0; i < XEPF_MIG_RING; i++) {
		s->ring[i].buf = kvmalloc(XEPF_MIG_SLOT_SIZE, GFP_KERNEL);
		s->ring[i].pages = kcalloc(XEPF_MIG_SLOT_PAGES,
					   sizeof(*s->ring[i].pages), GFP_KERNEL);
		if (!s->ring[i].buf || !s->ring[i].pages) {
			i++;
			goto free_slots;
		}
	}
	queue_work(system_unbound_wq, &s->work);
	return s;

free_slots:
	while (i--) {
		kfree(s->ring[i].pages);
		kvfree(s->ring[i].buf);
	}
	kfree(s);
	return ERR_PTR(-ENOMEM);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_save_create);

/* forget a slot's payload once it was read (or will never be) */
static void xepf_mig_pkt_release(struct xepf_mig_packet *p)
{
	if (p->data != p->buf)
		kvfree(p->data);
	while (p->npages) {
		struct page *page = p->pages[--p->npages];

		if (page)
			put_page(page);
	}
	p->data = NULL;
	p->len = 0;
	p->pos = 0;
}

static void xepf_mig_pkt_init(struct xepf_mig_packet *p, u8 type, u64 offset,
			      void *data, size_t len)
{
	memset(&p->hdr, 0, sizeof(p->hdr));
	p->hdr.version = XEPF_MIG_VERSION;
	p->hdr.type = type;
	p->hdr.offset = cpu_to_le64(offset);
	p->hdr.size = cpu_to_le64(len);
	p->data = data;
	p->len = len;
	p->pos = 0;
}

static int xepf_mig_save_guc(struct xepf_mig_save *s, struct xepf_mig_packet *p)
{
	const struct xepf_mig_target *t = &s->t;
	size_t size, used;
	void *blob;
	int err;

	err = t->ops->guc_size(t->priv, &size);
	if (err)
		return err;
	if (!size || size > XEPF_MIG_GUC_MAX || !IS_ALIGNED(size, 4)) {
		xepf_mig_err(t, "GuC state of %zu bytes cannot be saved\n",
			     size);
		return -EIO;
	}
	blob = kvzalloc(size, GFP_KERNEL);
	if (!blob)
		return -ENOMEM;
	err = t->ops->guc_save(t->priv, blob, size, &used);
	if (!err && (!used || used > size || !IS_ALIGNED(used, 4))) {
		xepf_mig_err(t, "GuC saved %zu of %zu bytes\n", used, size);
		err = -EIO;
	}
	if (err) {
		kvfree(blob);
		return err;
	}
	xepf_mig_pkt_init(p, XEPF_MIG_TYPE_GUC, 0, blob, used);
	return 0;
}

static int xepf_mig_save_ggtt(struct xepf_mig_save *s,
			      struct xepf_mig_packet *p, u64 first, u64 count)
{
	const struct xepf_mig_target *t = &s->t;
	__le64 *ptes = p->buf;
	u64 i, pte;
	int err;

	for (i = 0; i < count; i++) {
		err = t->ops->ggtt_read(t->priv, first + i, &pte);
		if (err)
			return err;
		ptes[i] = cpu_to_le64(pte & ~GGTT_PTE_VFID);
	}
	xepf_mig_pkt_init(p, XEPF_MIG_TYPE_GGTT, first << XE_GGTT_PAGE_SHIFT,
			  ptes, count * sizeof(u64));
	return 0;
}

static int xepf_mig_save_mmio(struct xepf_mig_save *s,
			      struct xepf_mig_packet *p)
{
	const struct xepf_mig_target *t = &s->t;
	__le32 *regs = p->buf;
	unsigned int n;
	u32 val;
	int err;

	for (n = 0; n < XEPF_MIG_MMIO_REGS; n++) {
		err = t->ops->mmio_read(t->priv, n, &val);
		if (err)
			return err;
		regs[n] = cpu_to_le32(val);
	}
	xepf_mig_pkt_init(p, XEPF_MIG_TYPE_MMIO, 0, regs, XEPF_MIG_MMIO_SIZE);
	return 0;
}

/* put a KLV of @len (1 or 2) value dwords at dword @n; the next dword */
static u64 xepf_mig_klv(__le32 *klv, u64 n, u32 key, u32 len, u64 val)
{
	klv[n] = cpu_to_le32(FIELD_PREP(GUC_KLV_0_KEY, key) |
			     FIELD_PREP(GUC_KLV_0_LEN, len));
	klv[n + 1] = cpu_to_le32(lower_32_bits(val));
	if (len == 2)
		klv[n + 2] = cpu_to_le32(upper_32_bits(val));
	return n + 1 + len;
}

/* make the next packet into @p; the caller checked that there is one */
static int xepf_mig_save_produce(struct xepf_mig_save *s,
				 struct xepf_mig_packet *p)
{
	const struct xepf_mig_target *t = &s->t;
	__le32 *klv = p->buf;
	u64 n;
	int err;

	for (;;) {
		switch (s->next) {
		case XEPF_MIG_SEC_DESCRIPTOR:
			n = xepf_mig_klv(klv, 0, XEPF_MIG_KLV_DEVID, 1, t->devid);
			n = xepf_mig_klv(klv, n, XEPF_MIG_KLV_REVID, 1, t->revid);
			n = xepf_mig_klv(klv, n, GUC_KLV_VF_CFG_GGTT_SIZE_KEY,
					 GUC_KLV_VF_CFG_GGTT_SIZE_LEN, t->ggtt_size);
			n = xepf_mig_klv(klv, n, GUC_KLV_VF_CFG_LMEM_SIZE_KEY,
					 GUC_KLV_VF_CFG_LMEM_SIZE_LEN, t->lmem_size);
			xepf_mig_pkt_init(p, XEPF_MIG_TYPE_DESCRIPTOR, 0, klv,
					  n * sizeof(u32));
			s->next = XEPF_MIG_SEC_GUC;
			return 0;
		case XEPF_MIG_SEC_GUC:
			err = xepf_mig_save_guc(s, p);
			if (err)
				return err;
			s->next = XEPF_MIG_SEC_GGTT;
			s->cursor = 0;
			return 0;
		case XEPF_MIG_SEC_GGTT:
			if (s->cursor >= xepf_mig_ggtt_pages(t)) {
				s->next = XEPF_MIG_SEC_MMIO;
				continue;
			}
			n = min_t(u64, XEPF_MIG_GGTT_CHUNK_PTES,
				  xepf_mig_ggtt_pages(t) - s->cursor);
			err = xepf_mig_save_ggtt(s, p, s->cursor, n);
			if (err)
				return err;
			s->cursor += n;
			return 0;
		case XEPF_MIG_SEC_MMIO:
			err = xepf_mig_save_mmio(s, p);
			if (err)
				return err;
			s->next = XEPF_MIG_SEC_VRAM;
			s->cursor = 0;
			return 0;
		case XEPF_MIG_SEC_VRAM:
			if (s->cursor >= t->lmem_size) {
				s->next = XEPF_MIG_SEC_TRAILER;
				continue;
			}
			n = min_t(u64, XEPF_MIG_VRAM_CHUNK,
				  t->lmem_size - s->cursor);
			err = t->ops->vram_pages(t->priv, s->cursor, p->pages,
						 DIV_ROUND_UP(n, PAGE_SIZE),
						 false);
			if (err)
				return err;
			xepf_mig_pkt_init(p, XEPF_MIG_TYPE_VRAM, s->cursor,
					  NULL, n);
			p->npages = DIV_ROUND_UP(n, PAGE_SIZE);
			s->cursor += n;
			return 0;
		case XEPF_MIG_SEC_TRAILER:
		case XEPF_MIG_SEC_DONE:
			xepf_mig_pkt_init(p, XEPF_MIG_TYPE_TRAILER, 0, NULL, 0);
			s->next = XEPF_MIG_SEC_DONE;
			return 0;
		}
	}
}

/*
 * The producer: fill free slots in stream order until the ring is full, the
 * trailer is made, a packet fails or the stream is destroyed. Only this
 * work touches @next, @cursor and the slots past the ready ones; the reader
 * queues it again when it frees a slot.
 */
static void xepf_mig_save_work(struct work_struct *work)
{
	struct xepf_mig_save *s = container_of(work, struct xepf_mig_save, work);
	struct xepf_mig_packet *p;
	u64 t0;
	int err;

	for (;;) {
		scoped_guard(spinlock, &s->lock) {
			if (s->stop || s->perr || s->next == XEPF_MIG_SEC_DONE ||
			    s->ready == XEPF_MIG_RING)
				return;
			p = &s->ring[(s->head + s->ready) % XEPF_MIG_RING];
		}
		t0 = ktime_get_ns();
		err = xepf_mig_save_produce(s, p);
		s->produce_ns += ktime_get_ns() - t0;
		scoped_guard(spinlock, &s->lock) {
			if (err)
				s->perr = err;
			else
				s->ready++;
		}
		wake_up(&s->wait);
		if (s->t.notify)
			wake_up_all(s->t.notify);
	}
}

/*
 * Copy the next payload bytes of VRAM packet @p, up to the end of the page
 * they are in, from the VF's page (zeros for a page never written): *@want
 * is set to how many were asked for.
 */
static size_t xepf_mig_pkt_copy_pages(struct xepf_mig_packet *p,
				      struct iov_iter *to, size_t *want)
{
	size_t off = p->pos - XEPF_MIG_HDR_SIZE;
	struct page *page = p->pages[off >> PAGE_SHIFT];

	*want = min3(PAGE_SIZE - offset_in_page(off), p->len - off,
		     iov_iter_count(to));
	if (!page)
		return iov_iter_zero(*want, to);
	return copy_page_to_iter(page, offset_in_page(off), *want, to);
}

/* whether the reader has something: a packet, the producer's error, or a stop */
static bool xepf_mig_save_ready(struct xepf_mig_save *s)
{
	bool ready;

	spin_lock(&s->lock);
	ready = s->ready || s->perr || s->stop;
	spin_unlock(&s->lock);
	return ready;
}

/**
 * xepf_migration_stream_save_read_ready() - Read the bytes of the stream that are made.
 * @s: the producer.
 * @to: where the bytes go, of any size.
 *
 * Never waits for the producer: it copies what the ready packets hold and
 * stops at the first packet not made yet.
 *
 * Context: process context; takes no lock, the caller serializes.
 * Return: the bytes read, 0 at the end of the stream, -EAGAIN when not one
 * byte is ready, or a negative errno (sticky: the stream is dead).
 */
ssize_t xepf_migration_stream_save_read_ready(struct xepf_mig_save *s, struct iov_iter *to)
{
	struct xepf_mig_packet *p;
	size_t done = 0, n, want;
	int err;

	if (s->err)
		return s->err;

	while (iov_iter_count(to) && !s->eos) {
		scoped_guard(spinlock, &s->lock) {
			p = s->ready && !s->stop ? &s->ring[s->head] : NULL;
			err = s->stop ? -ECANCELED : s->perr;
		}
		if (!p && !err)
			return done ?: -EAGAIN;
		if (!p) {
			xepf_mig_err(&s->t, "save failed at byte %llu: %pe\n",
				     s->produced, ERR_PTR(err));
			s->err = err;
			return done ?: err;
		}
		if (p->pos < XEPF_MIG_HDR_SIZE) {
			want = min(XEPF_MIG_HDR_SIZE - p->pos, iov_iter_count(to));
			n = copy_to_iter((u8 *)&p->hdr + p->pos, want, to);
		} else if (p->npages) {
			n = xepf_mig_pkt_copy_pages(p, to, &want);
		} else {
			want = min(XEPF_MIG_HDR_SIZE + p->len - p->pos,
				   iov_iter_count(to));
			n = copy_to_iter((u8 *)p->data + p->pos -
					 XEPF_MIG_HDR_SIZE, want, to);
		}
		p->pos += n;
		done += n;
		s->produced += n;
		if (n < want)
			return done ?: -EFAULT;
		if (p->pos < XEPF_MIG_HDR_SIZE + p->len)
			continue;
		/* the packet is out: free its slot for the producer */
		s->eos = p->hdr.type == XEPF_MIG_TYPE_TRAILER;
		xepf_mig_pkt_release(p);
		scoped_guard(spinlock, &s->lock) {
			s->head = (s->head + 1) % XEPF_MIG_RING;
			s->ready--;
			/* under the lock: none is queued once destroy stopped it */
			if (!s->eos && !s->stop)
				queue_work(system_unbound_wq, &s->work);
		}
	}
	return done;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_save_read_ready);

/**
 * xepf_migration_stream_save_poll() - Whether a read would return without waiting.
 * @s: the producer.
 *
 * Context: any that may take a spinlock; the caller serializes with reads.
 * Return: true when a packet is ready, the stream ended or failed.
 */
bool xepf_migration_stream_save_poll(struct xepf_mig_save *s)
{
	return s->err || s->eos || xepf_mig_save_ready(s);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_save_poll);

/**
 * xepf_migration_stream_save_wait() - Wait until the reader has something.
 * @s: the producer, held by a reference of the caller's
 *     (xepf_migration_stream_save_get()), which may have dropped the lock that
 *     serializes its reads.
 *
 * Returns once a packet is made, the producer failed or the stream is
 * being destroyed.
 *
 * Context: process context; sleeps, interruptibly.
 * Return: 0 or -ERESTARTSYS.
 */
int xepf_migration_stream_save_wait(struct xepf_mig_save *s)
{
	u64 t0 = ktime_get_ns();
	int err;

	err = wait_event_interruptible(s->wait, xepf_mig_save_ready(s));
	atomic64_add(ktime_get_ns() - t0, &s->wait_ns);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_save_wait);

/**
 * xepf_migration_stream_save_get() - Take a reference on a producer.
 * @s: the producer.
 *
 * Context: any; the caller holds a reference or the lock that serializes
 * the producer's destruction.
 */
void xepf_migration_stream_save_get(struct xepf_mig_save *s)
{
	kref_get(&s->ref);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_save_get);

static void xepf_mig_save_free(struct kref *ref)
{
	struct xepf_mig_save *s = container_of(ref, struct xepf_mig_save, ref);
	unsigned int i;

	for (i = 0; i < XEPF_MIG_RING; i++) {
		xepf_mig_pkt_release(&s->ring[i]);
		kfree(s->ring[i].pages);
		kvfree(s->ring[i].buf);
	}
	kfree(s);
}

/**
 * xepf_migration_stream_save_put() - Drop a reference on a producer.
 * @s: the producer.
 *
 * Context: process context.
 */
void xepf_migration_stream_save_put(struct xepf_mig_save *s)
{
	kref_put(&s->ref, xepf_mig_save_free);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_save_put);

/**
 * xepf_migration_stream_save_read() - Read the next bytes of the stream.
 * @s: the producer.
 * @to: where the bytes go, of any size.
 *
 * Waits while the producer makes the next packet.
 *
 * Context: process context; takes no lock, the caller serializes.
 * Return: the bytes read, 0 at the end of the stream, -ERESTARTSYS when a
 * signal came before any byte, or a negative errno (sticky: the stream is
 * dead).
 */
ssize_t xepf_migration_stream_save_read(struct xepf_mig_save *s, struct iov_iter *to)
{
	size_t done = 0;
	ssize_t n;
	int err;

	while (iov_iter_count(to)) {
		n = xepf_migration_stream_save_read_ready(s, to);
		if (n == -EAGAIN) {
			err = xepf_migration_stream_save_wait(s);
			if (err)
				return done ?: err;
			continue;
		}
		if (n <= 0)
			return done ?: n;
		done += n;
	}
	return done;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_save_read);

/**
 * xepf_migration_stream_save_complete() - Whether the whole stream was read.
 * @s: the producer.
 *
 * Context: any; the caller serializes with reads.
 * Return: true once the trailer's last byte was read.
 */
bool xepf_migration_stream_save_complete(const struct xepf_mig_save *s)
{
	return !s->err && s->eos;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_save_complete);

/**
 * xepf_migration_stream_save_stats() - Where a save's time went so far.
 * @s: the producer.
 * @st: out: its figures (&struct xepf_mig_stats; @apply_ns is 0).
 *
 * Context: process context; the caller serializes with reads. Waits for the
 * packet being made, if any, so that its time is counted.
 */
void xepf_migration_stream_save_stats(struct xepf_mig_save *s, struct xepf_mig_stats *st)
{
	flush_work(&s->work);
	*st = (struct xepf_mig_stats) {
		.bytes = s->produced,
		.produce_ns = s->produce_ns,
		.wait_ns = atomic64_read(&s->wait_ns),
	};
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_save_stats);

/**
 * xepf_migration_stream_save_destroy() - Stop a producer and free it.
 * @s: the producer, or NULL.
 *
 * Waits for the packet being made: no access of the producer to the VF
 * follows the return. A reader waiting in xepf_migration_stream_save_wait() wakes up
 * and, at its next read, finds the stream cancelled. A reader holding a
 * reference (xepf_migration_stream_save_get()) may still be copying out a packet made
 * before: the slots and the structure go with the last reference.
 *
 * Context: process context.
 */
void xepf_migration_stream_save_destroy(struct xepf_mig_save *s)
{
	if (!s)
		return;
	scoped_guard(spinlock, &s->lock)
		s->stop = true;
	wake_up_all(&s->wait);
	cancel_work_sync(&s->work);
	if (s->t.notify)
		wake_up_all(s->t.notify);
	/* the slots go with the last reference: a reader may be copying one */
	xepf_migration_stream_save_put(s);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_migration_stream_save_destroy);

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
					       xepf_mig_type_names[singles[i]]);
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
	if (h->type >= ARRAY_SIZE(xepf_mig_type_names) ||
	    !xepf_mig_type_names[h->type])
		return xepf_mig_reject(r, -EBADMSG, "type %u", h->type);
	name = xepf_mig_type_names[h->type];
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
		r->ggtt = kvcalloc(xepf_mig_ggtt_pages(t), sizeof(*r->ggtt),
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
	u64 i, pages = xepf_mig_ggtt_pages(t);
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
