/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The context image of the simulated Xe device's engines: the layout a
 * driver writes in GGTT memory for each context it registers with the GuC.
 * Numbers and layout only; see `xesim context image`.
 */

#ifndef _XESIM_ABI_XE_CTX_ABI_H_
#define _XESIM_ABI_XE_CTX_ABI_H_

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/**
 * DOC: xesim context image
 *
 * A context is described to the engine by a context image in GGTT memory,
 * the model's counterpart of the Xe logical ring context (LRC). The image is
 * &struct xesim_cs_ctx_image: 256 bytes at the start of a 4 KiB aligned GGTT
 * page, little-endian; the rest of that page is reserved and never touched
 * by the engine. Offsets in bytes:
 *
 * ====  ====  ==========  ====================================================
 * off   size  field       meaning
 * ====  ====  ==========  ====================================================
 * 0x00  4     magic       ``XESIM_CTX_MAGIC``
 * 0x04  4     version     ``XESIM_CTX_VERSION``
 * 0x08  4     ring_start  GGTT address of the ring, 4 KiB aligned
 * 0x0c  4     ring_size   ring size in bytes, 4 KiB multiple, at most 2 MiB
 * 0x10  4     ring_tail   byte offset in the ring where the work ends
 * 0x14  4     hwsp        GGTT address of the status page, 4 KiB aligned
 * 0x18  8     ppgtt_root  the PML4 as a page-directory entry, 0 for none
 * 0x20  4     ring_head   byte offset of the next ring command
 * 0x24  4     flags       ``XESIM_CTX_FLAG_*``
 * 0x28  8     bb_addr     address of the next batch command
 * 0x30  8     bb_start    address the current batch started at
 * 0x38  4     state       ``XESIM_CTX_STATE_*`` of the last run
 * 0x3c  4     fault_info  ``XESIM_CTX_FAULT_*``: reason, access, space
 * 0x40  8     fault_addr  the address that faulted
 * 0x48  4     fault_cmd   dword 0 of the faulting command, 0 if not fetched
 * 0x4c  4     reserved    0
 * 0x50  128   gpr[16]     command streamer general purpose registers 0-15
 * 0xd0  8     timestamp   CTX_TIMESTAMP (and its upper dword)
 * 0xd8  4     asid        ``XESIM_CTX_ASID_*``: address space ID, recoverable
 * 0xdc  36    reserved    0
 * ====  ====  ==========  ====================================================
 *
 * Ownership: the driver writes the whole image when it creates the context;
 * afterwards the submitter owns ``ring_tail`` (moving it publishes work) and
 * the driver the other fields up to ``ppgtt_root`` and ``asid``. The engine
 * owns the rest (0x20 to 0xd7): it reads the whole image when a run starts and writes its
 * own fields back, in one write, when the run ends, so a tail update made
 * during a run is picked up by the next one. Between runs the image is the
 * complete execution state of the context: saving it (with the memory it
 * points at) and loading it elsewhere resumes the context exactly.
 *
 * ``ppgtt_root`` has the format of a non-leaf ppGTT entry: bit 0 present,
 * bit 11 (``XE_PPGTT_PTE_DM``) set when the PML4 page is in LMEM (a VF LMEM
 * offset) and clear when it is in system memory (a DMA address), bits 51:12
 * the page address.
 *
 * Batch state: ``XESIM_CTX_FLAG_IN_BATCH`` says the context stopped inside a
 * batch buffer; ``bb_addr`` is then the address of the next batch command and
 * ``XESIM_CTX_FLAG_BATCH_PPGTT`` its address space (ppGTT when set, else
 * GGTT). ``ring_head`` already points past the MI_BATCH_BUFFER_START that
 * started the batch, so the ring resumes there after MI_BATCH_BUFFER_END.
 *
 * After a migration to another GGTT range, every GGTT address here is stale:
 * ``ring_start``, ``hwsp``, and ``bb_addr``/``bb_start`` when the context is
 * in a GGTT batch. The driver must rebase them (and re-emit ring commands that
 * carry GGTT addresses) before the context runs again; an image that was not
 * fixed up makes the engine fault, as on hardware. ``ppgtt_root`` and ppGTT
 * batch addresses hold LMEM offsets, DMA addresses and ppGTT virtual
 * addresses, which a migration preserves.
 *
 * Status page: the engine writes the context's status page (``hwsp``) as
 * the hardware writes its per-context HWSP, in the last 16 bytes of that
 * page (``XESIM_HWSP_OFF_ENGINE``, engine-owned; the rest of the page is the
 * driver's):
 *
 * ======  ====  =============  ==============================================
 * off     size  field          meaning
 * ======  ====  =============  ==============================================
 * 0xff0   4     switches       context switches out so far (wrapping)
 * 0xff4   4     completions    MI_USER_INTERRUPTs executed so far (wrapping)
 * 0xff8   4     ring_head      the ring head after the last switch out or
 *                              completion
 * 0xffc   4     reserved       0
 * ======  ====  =============  ==============================================
 *
 * The engine reads these fields when a run starts (the context switch in),
 * writes them at every MI_USER_INTERRUPT (a job completion) and when the run
 * ends (the switch out), always through the GGTT address in ``hwsp``. A
 * status page the function cannot reach (a stale ``hwsp`` after a migration
 * to another GGTT range) faults the context with %XESIM_CS_FAULT_ACCESS at
 * that address: at the switch in, before any command runs, or at the
 * completion, before the interrupt is raised.
 *
 * Registers: the engine's per-context registers live in the image, as the
 * hardware keeps them in the LRC: the 64-bit general purpose registers
 * CS_GPR 0-15 and the context timestamp. They are read at the switch in and
 * written back at the switch out, so they survive a context switch and a
 * migration with the image. Commands name them by their MMIO offset in the
 * engine's register block (``XESIM_CS_REG_*``, upstream engine register
 * offsets): absolute (engine MMIO base + offset), or the offset alone with
 * the command's CS-MMIO bit. The timestamp counts at
 * ``XESIM_CTX_TIMESTAMP_HZ`` (the reference clock the device reports) while
 * the context runs, never stands still between two reads in one run, and
 * keeps its value while the context is switched out.
 *
 * Address space: ``asid`` holds the ID of the ppGTT the context runs on
 * (bits 19:0, upstream's CTX_ASID register of the LRC) and, in bit 31
 * (``XESIM_CTX_ASID_RECOVERABLE``), whether its page faults are
 * recoverable (the context belongs to a VM in fault mode). In a recoverable
 * context a ppGTT access that finds no present leaf, or a write through a
 * read-only one, does not fault the context: the run ends with
 * %XESIM_CS_STALLED at the command, which had no effect, and the image is
 * left RUNNABLE with its head at that command. The owner of the engine (the
 * GuC) reports the fault to the driver and runs the context again once the
 * driver answered; the command then walks the page tables again. Any other
 * fault (an address beyond 48 bits, no ppGTT, a GGTT access, a decode
 * fault) faults the context as below, recoverable or not.
 *
 * Faults are sticky: a context whose ``state`` is ``XESIM_CTX_STATE_FAULTED``
 * does not run until its owner clears the fault (writes ``state``
 * ``XESIM_CTX_STATE_IDLE`` and ``fault_info`` 0) or rewrites the image.
 * ``ring_head`` (or ``bb_addr``) still points at the command that faulted.
 */

/* The first dword of a context image: "XCTX" as a little-endian string. */
#define XESIM_CTX_MAGIC			0x58544358
#define XESIM_CTX_VERSION		2
#define XESIM_CTX_ALIGN			4096
#define XESIM_CTX_RING_SIZE_MAX		(2u << 20)
#define XESIM_CTX_HWSP_SIZE		4096

/* the engine-owned fields at the end of the status page */
#define XESIM_HWSP_OFF_ENGINE		0xff0
#define XESIM_HWSP_OFF_SWITCHES		0xff0
#define XESIM_HWSP_OFF_COMPLETIONS	0xff4
#define XESIM_HWSP_OFF_RING_HEAD	0xff8
#define XESIM_HWSP_ENGINE_SIZE		16

#define XESIM_CTX_OFF_MAGIC		0x00
#define XESIM_CTX_OFF_VERSION		0x04
#define XESIM_CTX_OFF_RING_START	0x08
#define XESIM_CTX_OFF_RING_SIZE		0x0c
#define XESIM_CTX_OFF_RING_TAIL		0x10
#define XESIM_CTX_OFF_HWSP		0x14
#define XESIM_CTX_OFF_PPGTT_ROOT	0x18
#define XESIM_CTX_OFF_RING_HEAD		0x20
#define XESIM_CTX_OFF_FLAGS		0x24
#define XESIM_CTX_OFF_BB_ADDR		0x28
#define XESIM_CTX_OFF_BB_START		0x30
#define XESIM_CTX_OFF_STATE		0x38
#define XESIM_CTX_OFF_FAULT_INFO	0x3c
#define XESIM_CTX_OFF_FAULT_ADDR	0x40
#define XESIM_CTX_OFF_FAULT_CMD		0x48
#define XESIM_CTX_OFF_GPR		0x50
#define XESIM_CTX_OFF_TIMESTAMP		0xd0
#define XESIM_CTX_OFF_ASID		0xd8
#define XESIM_CTX_IMAGE_SIZE		0x100
/* the part the engine writes back at the end of a run */
#define XESIM_CTX_ENGINE_OFF		XESIM_CTX_OFF_RING_HEAD
#define XESIM_CTX_ENGINE_SIZE		(0xd8 - XESIM_CTX_ENGINE_OFF)

/* flags */
#define XESIM_CTX_FLAG_ARB_ENABLE	BIT(0)
#define XESIM_CTX_FLAG_IN_BATCH		BIT(1)
#define XESIM_CTX_FLAG_BATCH_PPGTT	BIT(2)
#define XESIM_CTX_FLAGS_ALL		GENMASK(2, 0)

/* fault_info */
#define XESIM_CTX_FAULT_REASON		GENMASK(7, 0)
#define XESIM_CTX_FAULT_ACCESS		GENMASK(9, 8)
#define XESIM_CTX_FAULT_PPGTT		BIT(10)

/* asid */
#define XESIM_CTX_ASID_ID		GENMASK(19, 0)
#define XESIM_CTX_ASID_RECOVERABLE	BIT(31)

#define XESIM_CTX_NUM_GPR		16

/*
 * The engines' MMIO bases, and the per-context registers by their offset
 * from the base (upstream RENDER_RING_BASE, BLT_RING_BASE, CS_GPR_REG,
 * RING_CTX_TIMESTAMP and RING_CTX_TIMESTAMP_UDW).
 */
#define XESIM_RENDER_RING_BASE		0x2000
#define XESIM_BLT_RING_BASE		0x22000
#define XESIM_CS_REG_BLOCK_SIZE		0x1000
#define XESIM_CS_REG_GPR(n)		(0x600 + (n) * 8)
#define XESIM_CS_REG_CTX_TIMESTAMP	0x3a8
#define XESIM_CS_REG_CTX_TIMESTAMP_UDW	0x3ac
/* the rate of the context timestamp: the device's reference clock */
#define XESIM_CTX_TIMESTAMP_HZ		19200000
/*
 * The engine's free-running timestamp (upstream RING_TIMESTAMP and
 * RING_TIMESTAMP_UDW), at the same rate, 64 bits wide; see `xesim engine
 * timestamp`.
 */
#define XESIM_CS_REG_TIMESTAMP		0x358
#define XESIM_CS_REG_TIMESTAMP_UDW	0x35c

/**
 * struct xesim_cs_ctx_image - The context image as it is in memory.
 *
 * See `xesim context image` for the meaning of each field. All fields are
 * little-endian.
 */
struct xesim_cs_ctx_image {
	/** @magic: ``XESIM_CTX_MAGIC``. */
	__le32 magic;
	/** @version: ``XESIM_CTX_VERSION``. */
	__le32 version;
	/** @ring_start: GGTT address of the ring. */
	__le32 ring_start;
	/** @ring_size: ring size in bytes. */
	__le32 ring_size;
	/** @ring_tail: byte offset of the end of the submitted work. */
	__le32 ring_tail;
	/** @hwsp: GGTT address of the hardware status page. */
	__le32 hwsp;
	/** @ppgtt_root: PML4 pointer in ppGTT entry format, 0 for none. */
	__le64 ppgtt_root;
	/** @ring_head: byte offset of the next ring command. */
	__le32 ring_head;
	/** @flags: ``XESIM_CTX_FLAG_*``. */
	__le32 flags;
	/** @bb_addr: address of the next batch command. */
	__le64 bb_addr;
	/** @bb_start: start address of the current batch. */
	__le64 bb_start;
	/** @state: ``XESIM_CTX_STATE_*``. */
	__le32 state;
	/** @fault_info: ``XESIM_CTX_FAULT_*`` fields. */
	__le32 fault_info;
	/** @fault_addr: the address that faulted. */
	__le64 fault_addr;
	/** @fault_cmd: dword 0 of the faulting command. */
	__le32 fault_cmd;
	/** @reserved0: 0. */
	__le32 reserved0;
	/** @gpr: general purpose registers 0-15. */
	__le64 gpr[XESIM_CTX_NUM_GPR];
	/** @timestamp: the context timestamp. */
	__le64 timestamp;
	/** @asid: ``XESIM_CTX_ASID_*`` fields. */
	__le32 asid;
	/** @reserved1: 0. */
	__le32 reserved1[9];
} __packed;

static_assert(sizeof(struct xesim_cs_ctx_image) == XESIM_CTX_IMAGE_SIZE);
static_assert(offsetof(struct xesim_cs_ctx_image, ppgtt_root) ==
	      XESIM_CTX_OFF_PPGTT_ROOT);
static_assert(offsetof(struct xesim_cs_ctx_image, ring_head) ==
	      XESIM_CTX_OFF_RING_HEAD);
static_assert(offsetof(struct xesim_cs_ctx_image, state) == XESIM_CTX_OFF_STATE);
static_assert(offsetof(struct xesim_cs_ctx_image, fault_cmd) ==
	      XESIM_CTX_OFF_FAULT_CMD);
static_assert(offsetof(struct xesim_cs_ctx_image, gpr) == XESIM_CTX_OFF_GPR);
static_assert(offsetof(struct xesim_cs_ctx_image, timestamp) ==
	      XESIM_CTX_OFF_TIMESTAMP);
static_assert(offsetof(struct xesim_cs_ctx_image, asid) == XESIM_CTX_OFF_ASID);

/* state: the state the last run left the context in */
#define XESIM_CTX_STATE_IDLE		0
#define XESIM_CTX_STATE_RUNNABLE	1
#define XESIM_CTX_STATE_WAITING		2
#define XESIM_CTX_STATE_FAULTED		3

#endif
