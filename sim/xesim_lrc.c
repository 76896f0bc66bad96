// SPDX-License-Identifier: GPL-2.0
/*
 * Context images of the simulated Xe device (the LRC): encoding, decoding,
 * checks, and the writes the driver side and the engine make to them. The
 * layout is `xesim context image` (sim/include/abi/xe_ctx_abi.h).
 */

#include <asm/byteorder.h>
#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/align.h>
#include <linux/export.h>
#include <linux/string.h>

#include "abi/xe_ppgtt_abi.h"
#include "xesim_lrc.h"

static void ctx_encode(const struct xesim_lrc *ctx,
		       struct xesim_cs_ctx_image *img)
{
	unsigned int i;

	memset(img, 0, sizeof(*img));
	img->magic = cpu_to_le32(XESIM_CTX_MAGIC);
	img->version = cpu_to_le32(XESIM_CTX_VERSION);
	img->ring_start = cpu_to_le32(ctx->ring_start);
	img->ring_size = cpu_to_le32(ctx->ring_size);
	img->ring_tail = cpu_to_le32(ctx->ring_tail);
	img->hwsp = cpu_to_le32(ctx->hwsp);
	img->ppgtt_root = cpu_to_le64(ctx->ppgtt_root);
	img->ring_head = cpu_to_le32(ctx->ring_head);
	img->flags = cpu_to_le32(ctx->flags);
	img->bb_addr = cpu_to_le64(ctx->bb_addr);
	img->bb_start = cpu_to_le64(ctx->bb_start);
	img->state = cpu_to_le32(ctx->state);
	img->fault_info =
		cpu_to_le32(FIELD_PREP(XESIM_CTX_FAULT_REASON, ctx->fault.reason) |
			    FIELD_PREP(XESIM_CTX_FAULT_ACCESS, ctx->fault.access) |
			    (ctx->fault.ppgtt ? XESIM_CTX_FAULT_PPGTT : 0));
	img->fault_addr = cpu_to_le64(ctx->fault.addr);
	img->fault_cmd = cpu_to_le32(ctx->fault.cmd);
	for (i = 0; i < XESIM_CS_NUM_GPR; i++)
		img->gpr[i] = cpu_to_le64(ctx->gpr[i]);
	img->timestamp = cpu_to_le64(ctx->timestamp);
	img->asid = cpu_to_le32(ctx->asid);
}

static void ctx_decode(const struct xesim_cs_ctx_image *img,
		       struct xesim_lrc *ctx)
{
	u32 info = le32_to_cpu(img->fault_info);
	unsigned int i;

	ctx->ring_start = le32_to_cpu(img->ring_start);
	ctx->ring_size = le32_to_cpu(img->ring_size);
	ctx->ring_tail = le32_to_cpu(img->ring_tail);
	ctx->hwsp = le32_to_cpu(img->hwsp);
	ctx->ppgtt_root = le64_to_cpu(img->ppgtt_root);
	ctx->ring_head = le32_to_cpu(img->ring_head);
	ctx->flags = le32_to_cpu(img->flags);
	ctx->bb_addr = le64_to_cpu(img->bb_addr);
	ctx->bb_start = le64_to_cpu(img->bb_start);
	ctx->state = le32_to_cpu(img->state);
	ctx->fault.reason = FIELD_GET(XESIM_CTX_FAULT_REASON, info);
	ctx->fault.access = FIELD_GET(XESIM_CTX_FAULT_ACCESS, info);
	ctx->fault.ppgtt = info & XESIM_CTX_FAULT_PPGTT;
	ctx->fault.addr = le64_to_cpu(img->fault_addr);
	ctx->fault.cmd = le32_to_cpu(img->fault_cmd);
	for (i = 0; i < XESIM_CS_NUM_GPR; i++)
		ctx->gpr[i] = le64_to_cpu(img->gpr[i]);
	ctx->timestamp = le64_to_cpu(img->timestamp);
	ctx->asid = le32_to_cpu(img->asid);
}

/**
 * xesim_lrc_init() - Fill a decoded context for a new, empty context.
 * @ctx: the context to fill.
 * @ring_start: GGTT address of the ring, 4 KiB aligned.
 * @ring_size: ring size in bytes, a 4 KiB multiple up to 2 MiB.
 * @hwsp: GGTT address of the status page, 4 KiB aligned.
 * @ppgtt_root: PML4 pointer in ppGTT entry format, 0 for none.
 *
 * Head and tail are 0, arbitration is enabled, no batch, no fault. Write it to
 * memory with xesim_lrc_write().
 *
 * Context: any context.
 */
void xesim_lrc_init(struct xesim_lrc *ctx, u32 ring_start, u32 ring_size,
		    u32 hwsp, u64 ppgtt_root)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->ring_start = ring_start;
	ctx->ring_size = ring_size;
	ctx->hwsp = hwsp;
	ctx->ppgtt_root = ppgtt_root;
	ctx->flags = XESIM_CTX_FLAG_ARB_ENABLE;
	ctx->state = XESIM_LRC_IDLE;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lrc_init);

/**
 * xesim_lrc_check() - Check that a decoded context can run.
 * @ctx: the context.
 *
 * Checks the ring (4 KiB aligned start, size a 4 KiB multiple up to 2 MiB,
 * head and tail dword aligned and inside it), the status page alignment,
 * the flags, the state and the batch address alignment.
 *
 * Context: any context.
 * Return: 0 if it can run, -EINVAL if not.
 */
int xesim_lrc_check(const struct xesim_lrc *ctx)
{
	if (!IS_ALIGNED(ctx->ring_start, XE_PAGE_SIZE) ||
	    !ctx->ring_size || ctx->ring_size > XESIM_CTX_RING_SIZE_MAX ||
	    !IS_ALIGNED(ctx->ring_size, XE_PAGE_SIZE) ||
	    (u64)ctx->ring_start + ctx->ring_size > BIT_ULL(32))
		return -EINVAL;
	if (ctx->ring_head >= ctx->ring_size || ctx->ring_tail >= ctx->ring_size ||
	    !IS_ALIGNED(ctx->ring_head, 4) || !IS_ALIGNED(ctx->ring_tail, 4))
		return -EINVAL;
	if (!IS_ALIGNED(ctx->hwsp, XESIM_CTX_HWSP_SIZE))
		return -EINVAL;
	if (ctx->flags & ~XESIM_CTX_FLAGS_ALL)
		return -EINVAL;
	if ((ctx->flags & XESIM_CTX_FLAG_IN_BATCH) && !IS_ALIGNED(ctx->bb_addr, 4))
		return -EINVAL;
	if ((u32)ctx->state > XESIM_LRC_FAULTED ||
	    (u32)ctx->fault.reason >= XESIM_CS_FAULT_NR)
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lrc_check);

/**
 * xesim_lrc_read() - Read and decode a context image.
 * @mem: the memory interface of the function that owns the context.
 * @ctx_addr: GGTT address of the image, 4 KiB aligned.
 * @ctx: filled with the decoded image.
 *
 * Only the magic and version are checked; see xesim_lrc_check().
 *
 * Context: as the callbacks of @mem allow.
 * Return: 0 on success, -EINVAL for a misaligned @ctx_addr, -EBADMSG if the
 * memory holds no context image, or the errno of a failed read.
 */
int xesim_lrc_read(const struct xesim_cs_mem *mem, u32 ctx_addr,
		   struct xesim_lrc *ctx)
{
	struct xesim_cs_ctx_image img;
	int err;

	if (!IS_ALIGNED(ctx_addr, XESIM_CTX_ALIGN))
		return -EINVAL;
	err = mem->ops->read(mem->priv, XESIM_CS_SPACE_GGTT, ctx_addr, &img,
			     sizeof(img));
	if (err)
		return err;
	if (le32_to_cpu(img.magic) != XESIM_CTX_MAGIC ||
	    le32_to_cpu(img.version) != XESIM_CTX_VERSION)
		return -EBADMSG;
	ctx_decode(&img, ctx);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lrc_read);

/**
 * xesim_lrc_write() - Encode and write a whole context image.
 * @mem: the memory interface of the function that owns the context.
 * @ctx_addr: GGTT address of the image, 4 KiB aligned.
 * @ctx: the context.
 *
 * Context: as the callbacks of @mem allow; not while xesim_engine_cs_run() runs the
 * same context, as the engine writes its fields back at the end of a run.
 * Return: 0 on success, -EINVAL for a misaligned @ctx_addr, or the errno of
 * a failed write.
 */
int xesim_lrc_write(const struct xesim_cs_mem *mem, u32 ctx_addr,
		    const struct xesim_lrc *ctx)
{
	struct xesim_cs_ctx_image img;

	if (!IS_ALIGNED(ctx_addr, XESIM_CTX_ALIGN))
		return -EINVAL;
	ctx_encode(ctx, &img);
	return mem->ops->write(mem->priv, XESIM_CS_SPACE_GGTT, ctx_addr, &img,
			       sizeof(img));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lrc_write);

/**
 * xesim_lrc_write_engine_part() - Write back the fields the engine owns
 * (the switch out of a run).
 * @mem: the memory interface of the function that owns the context.
 * @ctx_addr: GGTT address of the image, 4 KiB aligned.
 * @ctx: the context.
 *
 * Context: as the callbacks of @mem allow.
 * Return: 0 on success, or the errno of a failed write.
 */
int xesim_lrc_write_engine_part(const struct xesim_cs_mem *mem, u32 ctx_addr,
				const struct xesim_lrc *ctx)
{
	struct xesim_cs_ctx_image img;

	ctx_encode(ctx, &img);
	return mem->ops->write(mem->priv, XESIM_CS_SPACE_GGTT,
			       ctx_addr + XESIM_CTX_ENGINE_OFF,
			       (u8 *)&img + XESIM_CTX_ENGINE_OFF,
			       XESIM_CTX_ENGINE_SIZE);
}

/**
 * xesim_lrc_set_tail() - Publish work: move the ring tail of a context.
 * @mem: the memory interface of the function that owns the context.
 * @ctx_addr: GGTT address of the image, 4 KiB aligned.
 * @tail: the new tail, a byte offset in the ring.
 *
 * Writes only the tail field; the next xesim_engine_cs_run() of the context picks
 * it up (and faults if it is not inside the ring).
 *
 * Context: as the callbacks of @mem allow.
 * Return: 0 on success, -EINVAL for a misaligned @ctx_addr, or the errno of
 * a failed write.
 */
int xesim_lrc_set_tail(const struct xesim_cs_mem *mem, u32 ctx_addr, u32 tail)
{
	__le32 val = cpu_to_le32(tail);

	if (!IS_ALIGNED(ctx_addr, XESIM_CTX_ALIGN))
		return -EINVAL;
	return mem->ops->write(mem->priv, XESIM_CS_SPACE_GGTT,
			       ctx_addr + XESIM_CTX_OFF_RING_TAIL, &val,
			       sizeof(val));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lrc_set_tail);

/**
 * xesim_lrc_clear_fault() - Let a faulted context run again.
 * @mem: the memory interface of the function that owns the context.
 * @ctx_addr: GGTT address of the image, 4 KiB aligned.
 *
 * Clears the fault record and sets the state to idle; the context resumes at
 * the command that faulted (or wherever its owner moved the head to).
 *
 * Context: as the callbacks of @mem allow; not while xesim_engine_cs_run() runs the
 * same context.
 * Return: 0 on success, or an errno of xesim_lrc_read() or of a failed
 * write.
 */
int xesim_lrc_clear_fault(const struct xesim_cs_mem *mem, u32 ctx_addr)
{
	struct xesim_lrc ctx;
	int err;

	err = xesim_lrc_read(mem, ctx_addr, &ctx);
	if (err)
		return err;
	memset(&ctx.fault, 0, sizeof(ctx.fault));
	ctx.state = XESIM_LRC_IDLE;
	return xesim_lrc_write_engine_part(mem, ctx_addr, &ctx);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lrc_clear_fault);

/**
 * xesim_lrc_set_fault() - Fault a context that is not running: the reset
 * of a stalled context whose recoverable fault its owner could not resolve.
 * @mem: the memory interface of the function that owns the context.
 * @ctx_addr: GGTT address of the image, 4 KiB aligned.
 * @fault: the fault to record.
 *
 * The state becomes %XESIM_LRC_FAULTED with @fault, sticky as any fault;
 * the head stays where the context stalled.
 *
 * Context: as the callbacks of @mem allow; not while xesim_engine_cs_run()
 * runs the same context.
 * Return: 0 on success, or an errno of xesim_lrc_read() or of a failed
 * write.
 */
int xesim_lrc_set_fault(const struct xesim_cs_mem *mem, u32 ctx_addr,
			const struct xesim_cs_fault *fault)
{
	struct xesim_lrc ctx;
	int err;

	err = xesim_lrc_read(mem, ctx_addr, &ctx);
	if (err)
		return err;
	ctx.fault = *fault;
	ctx.state = XESIM_LRC_FAULTED;
	return xesim_lrc_write_engine_part(mem, ctx_addr, &ctx);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_lrc_set_fault);
