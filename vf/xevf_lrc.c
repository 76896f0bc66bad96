// SPDX-License-Identifier: GPL-2.0
/*
 * Logical ring contexts: the context image, status page and ring of an exec
 * queue, and the ring commands of a job.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/sizes.h>

#include <abi/xe_ctx_abi.h>
#include <abi/xe_mi_abi.h>
#include <abi/xe_regs_abi.h>

#include "xevf_device_types.h"
#include "xevf_ggtt.h"
#include "xevf_lrc.h"
#include "xevf_lrc_types.h"

/**
 * DOC: xevf ring emission
 *
 * Every exec queue has one kernel buffer: the context image in its first
 * page (`xesim context image`), the hardware status page in the second, and
 * a 16 KiB ring after them. The image holds the GGTT addresses of the ring
 * and the status page, written from the buffer's node when the queue is
 * created (the recovery rewrites them the same way, `xevf GGTT rule`), and
 * the ppGTT root of the queue's VM.
 *
 * A job is emitted as:
 *
 * 1. ``MI_BATCH_BUFFER_START`` with ``MI_BATCH_PPGTT``: the user's batch,
 *    at its ppGTT address;
 * 2. for an EXEC with a user fence, ``MI_STORE_DATA_IMM`` of the qword
 *    value to the fence's ppGTT address;
 * 3. ``MI_STORE_DATA_IMM`` (GGTT) of the job's seqno to the status page;
 * 4. ``MI_USER_INTERRUPT``, which makes the GuC send its user interrupt
 *    event after the slice;
 *
 * then the new tail is written into the image and SCHED_CONTEXT sent. The
 * driver's fence of a job signals once the status page holds its seqno.
 */

#define XEVF_LRC_IMAGE		0
#define XEVF_LRC_HWSP		SZ_4K
#define XEVF_LRC_RING		(2 * SZ_4K)
#define XEVF_LRC_RING_SIZE	SZ_16K
/* the seqno's dword in the status page */
#define XEVF_HWSP_SEQNO		0x40

/**
 * xevf_lrc_emit_job() - Encode the ring commands of one job.
 * @dw: out: at least XEVF_LRC_JOB_DWORDS dwords.
 * @batch: the ppGTT address of the batch.
 * @seqno_ggtt: the GGTT address of the seqno in the status page.
 * @seqno: the job's seqno.
 * @ufence: write a user fence.
 * @ufence_addr: its ppGTT address, 8-byte aligned.
 * @ufence_value: its value.
 *
 * Return: the number of dwords, even.
 */
u32 xevf_lrc_emit_job(u32 *dw, u64 batch, u64 seqno_ggtt, u32 seqno,
		      bool ufence, u64 ufence_addr, u64 ufence_value)
{
	u32 n = 0;

	dw[n++] = MI_BATCH_BUFFER_START | MI_BATCH_PPGTT | XE_INSTR_NUM_DW(3);
	dw[n++] = lower_32_bits(batch);
	dw[n++] = upper_32_bits(batch) & MI_ADDR_HI_MASK;
	if (ufence) {
		dw[n++] = MI_STORE_DATA_IMM | MI_SDI_NUM_QW(1);
		dw[n++] = lower_32_bits(ufence_addr);
		dw[n++] = upper_32_bits(ufence_addr) & MI_ADDR_HI_MASK;
		dw[n++] = lower_32_bits(ufence_value);
		dw[n++] = upper_32_bits(ufence_value);
	}
	dw[n++] = MI_STORE_DATA_IMM | MI_SDI_GGTT | MI_SDI_NUM_DW(1);
	dw[n++] = lower_32_bits(seqno_ggtt);
	dw[n++] = upper_32_bits(seqno_ggtt) & MI_ADDR_HI_MASK;
	dw[n++] = seqno;
	dw[n++] = MI_USER_INTERRUPT;
	if (n & 1)
		dw[n++] = MI_NOOP;
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_emit_job);

static __le32 *xevf_lrc_dw(const struct xevf_lrc *lrc, u32 offset)
{
	return lrc->kbo->vaddr + offset;
}

/**
 * xevf_lrc_ggtt() - The GGTT address of the context image (the LRCA).
 * @lrc: the context.
 *
 * Return: the address, from the buffer's node.
 */
u64 xevf_lrc_ggtt(const struct xevf_lrc *lrc)
{
	return xevf_ggtt_kbo_ggtt(lrc->kbo, XEVF_LRC_IMAGE);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_ggtt);

/**
 * xevf_lrc_seqno_ggtt() - The GGTT address of the seqno in the status page.
 * @lrc: the context.
 *
 * Return: the address, from the buffer's node.
 */
u64 xevf_lrc_seqno_ggtt(const struct xevf_lrc *lrc)
{
	return xevf_ggtt_kbo_ggtt(lrc->kbo, XEVF_LRC_HWSP + XEVF_HWSP_SEQNO);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_seqno_ggtt);

/**
 * xevf_lrc_hw_seqno() - The last seqno the engine wrote.
 * @lrc: the context.
 *
 * Return: the seqno.
 */
u32 xevf_lrc_hw_seqno(const struct xevf_lrc *lrc)
{
	return le32_to_cpu(READ_ONCE(*xevf_lrc_dw(lrc, XEVF_LRC_HWSP + XEVF_HWSP_SEQNO)));
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_hw_seqno);

/**
 * xevf_lrc_read_image() - Read a dword of the context image.
 * @lrc: the context.
 * @offset: the byte offset of the dword (XESIM_CTX_OFF_*).
 *
 * Return: the dword.
 */
u32 xevf_lrc_read_image(const struct xevf_lrc *lrc, u32 offset)
{
	return le32_to_cpu(READ_ONCE(*xevf_lrc_dw(lrc, XEVF_LRC_IMAGE + offset)));
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_read_image);

/**
 * DOC: xevf recovery: image rebase
 *
 * Step e. Every context image holds two GGTT addresses, the ring start and
 * the status page; the ring only starts ppGTT batches, so the engine's
 * batch address is never a GGTT one, and there is no indirect context or
 * interrupt register state in the image. Each lrc buffer's rebase hook
 * rewrites both from its node; xevf_ggtt_rebase() runs every hook, under the
 * GGTT lock. New images are written by the same hook under the same lock,
 * so there is no default or template image to fix, and a context created
 * while a recovery runs is never left with a stale address.
 */

/* the GGTT addresses of the image: rewritten from the node on every shift */
static void xevf_lrc_rebase(struct xevf_kbo *kbo)
{
	struct xesim_cs_ctx_image *img = kbo->vaddr + XEVF_LRC_IMAGE;

	WRITE_ONCE(img->ring_start, cpu_to_le32(xevf_ggtt_kbo_ggtt(kbo, XEVF_LRC_RING)));
	WRITE_ONCE(img->hwsp, cpu_to_le32(xevf_ggtt_kbo_ggtt(kbo, XEVF_LRC_HWSP)));
}

/**
 * xevf_lrc_init() - Allocate a context and write its image.
 * @xe: the device.
 * @lrc: the context.
 * @ppgtt_root: the PML4 entry of the VM, 0 for none.
 *
 * The image's GGTT addresses (ring start, status page) are written by the
 * buffer's rebase hook, under the GGTT lock (`xevf GGTT rule`); the rest of
 * the image holds no GGTT address: the ring only starts ppGTT batches, so
 * the engine's batch address is never a GGTT one.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int xevf_lrc_init(struct xevf_device *xe, struct xevf_lrc *lrc, u64 ppgtt_root)
{
	struct xesim_cs_ctx_image *img;
	int err;

	memset(lrc, 0, sizeof(*lrc));
	lrc->ring_size = XEVF_LRC_RING_SIZE;
	err = xevf_ggtt_kbo_create(xe, XEVF_LRC_RING + XEVF_LRC_RING_SIZE, "lrc", &lrc->kbo);
	if (err)
		return err;
	img = lrc->kbo->vaddr + XEVF_LRC_IMAGE;
	img->magic = cpu_to_le32(XESIM_CTX_MAGIC);
	img->version = cpu_to_le32(XESIM_CTX_VERSION);
	img->ring_size = cpu_to_le32(lrc->ring_size);
	img->ppgtt_root = cpu_to_le64(ppgtt_root);
	img->flags = cpu_to_le32(XESIM_CTX_FLAG_ARB_ENABLE);
	xevf_ggtt_kbo_set_rebase(xe, lrc->kbo, xevf_lrc_rebase, lrc);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_init);

/**
 * xevf_lrc_set_asid() - Write the address space of a context's VM into its
 * image, before the context first runs: its ASID, and whether its page
 * faults are recoverable (`xevf page faults`).
 * @lrc: the context.
 * @asid: the VM's ASID (0 for a VM without one).
 * @recoverable: the VM is in fault mode.
 */
void xevf_lrc_set_asid(struct xevf_lrc *lrc, u32 asid, bool recoverable)
{
	struct xesim_cs_ctx_image *img = lrc->kbo->vaddr + XEVF_LRC_IMAGE;

	WRITE_ONCE(img->asid, cpu_to_le32(FIELD_PREP(XESIM_CTX_ASID_ID, asid) |
					  (recoverable ? XESIM_CTX_ASID_RECOVERABLE : 0)));
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_set_asid);

/**
 * xevf_lrc_fini() - Free a context.
 * @xe: the device.
 * @lrc: the context.
 */
void xevf_lrc_fini(struct xevf_device *xe, struct xevf_lrc *lrc)
{
	xevf_ggtt_kbo_destroy(xe, lrc->kbo);
	lrc->kbo = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_fini);

static void xevf_lrc_write_job(struct xevf_lrc *lrc, const struct xevf_lrc_job *job,
			       u32 *n)
{
	u32 dw[XEVF_LRC_JOB_DWORDS], i, pos = job->head;

	*n = xevf_lrc_emit_job(dw, job->batch, xevf_lrc_seqno_ggtt(lrc), job->seqno,
			       job->ufence, job->ufence_addr, job->ufence_value);
	for (i = 0; i < *n; i++) {
		WRITE_ONCE(*xevf_lrc_dw(lrc, XEVF_LRC_RING + pos), cpu_to_le32(dw[i]));
		pos = (pos + 4) % lrc->ring_size;
	}
}

/**
 * xevf_lrc_submit_job() - Emit a job into the ring and publish the tail in
 * the image. The caller keeps the ring from overflowing (the scheduler's
 * credit limit) and then tells the GuC.
 * @lrc: the context.
 * @job: the job's batch and user fence; its seqno, head and length are set
 *       here.
 *
 * Return: the job's seqno.
 */
u32 xevf_lrc_submit_job(struct xevf_lrc *lrc, struct xevf_lrc_job *job)
{
	job->seqno = ++lrc->seqno;
	job->head = lrc->tail;
	xevf_lrc_write_job(lrc, job, &job->dwords);
	lrc->tail = (lrc->tail + 4 * job->dwords) % lrc->ring_size;
	/* the commands before the tail that publishes them */
	wmb();
	WRITE_ONCE(*xevf_lrc_dw(lrc, XEVF_LRC_IMAGE + XESIM_CTX_OFF_RING_TAIL),
		   cpu_to_le32(lrc->tail));
	return job->seqno;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_submit_job);

/**
 * xevf_lrc_reemit_job() - Write a job's ring commands again, in place: the
 * same offsets and lengths, with the GGTT addresses of now (the seqno's
 * store into the status page). The ring head and tail are not touched, so
 * the engine resumes exactly where it stopped and no command runs twice.
 * @lrc: the context, not running (its GuC is blocked in fix-ups).
 * @job: a job emitted by xevf_lrc_submit_job() and not completed.
 *
 * Context: any; no allocation.
 * Return: 0, or -EPROTO when the job's commands would no longer fit where
 * they were (they never change length).
 */
int xevf_lrc_reemit_job(struct xevf_lrc *lrc, const struct xevf_lrc_job *job)
{
	u32 n;

	xevf_lrc_write_job(lrc, job, &n);
	return n == job->dwords ? 0 : -EPROTO;
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_reemit_job);

/**
 * xevf_lrc_ring_busy() - Whether the ring holds work the engine has not
 * consumed (its head, as the engine last wrote it, is not at the tail).
 * @lrc: the context.
 *
 * Return: true when there is work.
 */
bool xevf_lrc_ring_busy(const struct xevf_lrc *lrc)
{
	return xevf_lrc_read_image(lrc, XESIM_CTX_OFF_RING_HEAD) != lrc->tail;
}

/**
 * xevf_lrc_ring_dw() - Read a dword of the ring.
 * @lrc: the context.
 * @offset: its byte offset in the ring.
 *
 * Return: the dword.
 */
u32 xevf_lrc_ring_dw(const struct xevf_lrc *lrc, u32 offset)
{
	return le32_to_cpu(READ_ONCE(*xevf_lrc_dw(lrc, XEVF_LRC_RING +
						  offset % lrc->ring_size)));
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_ring_dw);

/**
 * xevf_lrc_hwsp_ggtt() - The GGTT address of the status page.
 * @lrc: the context.
 *
 * Return: the address, from the buffer's node.
 */
u64 xevf_lrc_hwsp_ggtt(const struct xevf_lrc *lrc)
{
	return xevf_ggtt_kbo_ggtt(lrc->kbo, XEVF_LRC_HWSP);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_hwsp_ggtt);

/**
 * xevf_lrc_ring_ggtt() - The GGTT address of the ring.
 * @lrc: the context.
 *
 * Return: the address, from the buffer's node.
 */
u64 xevf_lrc_ring_ggtt(const struct xevf_lrc *lrc)
{
	return xevf_ggtt_kbo_ggtt(lrc->kbo, XEVF_LRC_RING);
}
EXPORT_SYMBOL_IF_KUNIT(xevf_lrc_ring_ggtt);
