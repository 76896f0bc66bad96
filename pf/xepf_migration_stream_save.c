// SPDX-License-Identifier: GPL-2.0
/*
 * VF migration stream v1: the producer that turns a paused VF into bytes
 * (the format: xepf_migration_stream.c).
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <abi/guc_klvs_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_migration_stream.h"
#include "xepf_migration_stream_save.h"
#include "xepf_printk.h"

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
			goto err_free_slots;
		}
	}
	queue_work(system_unbound_wq, &s->work);
	return s;

err_free_slots:
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
	/* read as CPU-order entries, turned into the stream's in place */
	u64 *raw = p->buf;
	__le64 *ptes = p->buf;
	u64 i;
	int err;

	err = t->ops->ggtt_read(t->priv, first, raw, count);
	if (err)
		return err;
	for (i = 0; i < count; i++)
		ptes[i] = cpu_to_le64(raw[i] & ~GGTT_PTE_VFID);
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
			if (s->cursor >= xepf_migration_stream_ggtt_pages(t)) {
				s->next = XEPF_MIG_SEC_MMIO;
				continue;
			}
			n = min_t(u64, XEPF_MIG_GGTT_CHUNK_PTES,
				  xepf_migration_stream_ggtt_pages(t) - s->cursor);
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

	scoped_guard(spinlock, &s->lock)
		ready = s->ready || s->perr || s->stop;
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
