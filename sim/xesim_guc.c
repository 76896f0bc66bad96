// SPDX-License-Identifier: GPL-2.0
/*
 * The GuC firmware model of the simulated Xe device, wired into the device:
 * MMIO channels (VF relay, PF scratch registers), PF actions, the CT channel,
 * context registration and submission, the engines, pause, FLR and
 * save/restore of a VF's GuC state.
 */

#include <linux/bitfield.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/minmax.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <kunit/visibility.h>

#include "abi/guc_actions_abi.h"
#include "abi/guc_ct_abi.h"
#include "abi/guc_klvs_abi.h"
#include "abi/xe_mi_abi.h"
#include "abi/xe_regs_abi.h"
#include "xesim_driver.h"
#include "xesim_dma.h"
#include "xesim_engine_cs.h"
#include "xesim_lrc.h"
#include "xesim_ggtt.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_guc.h"
#include "xesim_guc_blob.h"
#include "xesim_guc_hxg.h"
#include "xesim_guc_pf.h"
#include "xesim_guc_relay.h"
#include "xesim_guc_types.h"
#include "xesim_guc_vf_state.h"
#include "xesim_irq.h"
#include "xesim_knob.h"
#include "xesim_lmtt.h"
#include "xesim_model.h"
#include "xesim_model_types.h"
#include "xesim_printk.h"
#include "xesim_regs.h"
#include "xesim_vram.h"

/**
 * DOC: xesim GuC model
 *
 * Each GPU has one GuC (&struct xesim_guc, in &xesim_gpu.model) with a
 * state per VFID (&struct xesim_guc_fn; 0 is the PF), created with the GPU
 * and kept while VFs are disabled and enabled again, and two engines.
 *
 * MMIO: a write of ``GUC_SEND_TRIGGER`` to ``GUC_HOST_INTERRUPT`` only
 * queues the request; the GuC serves it in its own context (a work item),
 * as firmware does, and the driver polls for the reply. So a register write
 * never takes a GuC lock or allocates in the writer's context: a driver may
 * ring the doorbell while holding locks of its fence-signalling path. The
 * doorbell latches the request (the scratch registers' contents) and
 * answers ``NO_RESPONSE_BUSY`` in dword 0 at once, so that the time the
 * request waits for the worker or takes to serve (an FLR waits for the
 * engines) is not taken for a lost request: a real GuC answers within
 * microseconds, a worker of the model waits for the host's scheduler. The
 * final reply follows. On a VF, a host request in
 * ``VF_SW_FLAG(0)`` goes to the relay (`GuC MMIO relay`), except
 * ``HOST2GUC_SELF_CFG`` and ``HOST2GUC_CONTROL_CTB`` which the model serves
 * itself (`xesim GuC host channels`). On the PF the request is in
 * ``SOFT_SCRATCH(0..15)`` (storage the model keeps; on a VF these registers
 * do not exist) and may also be one of the PF actions:
 *
 * - ``PF2GUC_UPDATE_VF_CFG`` [hdr, vfid, addr lo, addr hi, size in dwords]:
 *   the KLVs (at most 1024 dwords) are read from PF GGTT memory; the new
 *   configuration is applied to the device (GGTT range, LMEM) and to the
 *   GuC (contexts, doorbells); size 0 resets it. Success DATA0 is the
 *   number of KLVs.
 * - ``PF2GUC_VF_CONTROL`` [hdr, vfid, cmd]: pause 1, resume 2, stop 3, FLR
 *   start 4, FLR finish 5 (`GuC VF state machine`).
 * - ``PF2GUC_SAVE_RESTORE_VF`` [hdr | opcode << 16, vfid, addr lo, addr hi,
 *   size in dwords]: see `xesim GuC save and restore`.
 *
 * PF GGTT memory is any GGTT address outside every VF's range, accessed as
 * the PF's device accesses (its PTEs, its DMA mappings); a buffer that is
 * not there gets INVALID_GGTT_ADDRESS. A doorbell without a host request in
 * dword 0 (0, or a GuC reply) only kicks the function's CT channel.
 *
 * Replies: dwords 1.. first, dword 0 last. The ``fail_guc_busy`` knob makes
 * the GuC answer busy and the final reply about 10 ms later;
 * ``fail_guc_retry`` a retry without processing; ``fail_guc_drop`` no reply.
 *
 * Events to the PF (``GUC2PF_VF_STATE_NOTIFY`` [hdr, vfid, event]: FLR done
 * 2 at FLR start, pause done 3, fix-ups done 4) go on the PF's CT channel
 * as G2H messages (fence 0), with the GUC2HOST interrupt raised on the PF
 * (register-based report, as the PF enables it). They are lost, and
 * counted, while the PF has no CT channel.
 *
 * FLR (VF_CONTROL FLR start) stops the VF's engines and waits for its slices
 * in flight to end, forgets its contexts, CT registration and memirq
 * addresses, and wipes its GGTT entries, LMEM, scratch registers and
 * interrupt state (xesim_gpu_wipe_vf()). VF2GUC_VF_RESET forgets the same
 * GuC state without the wipe.
 *
 * Malformed requests from any function get a failure reply and a debug log
 * line; a function's requests only ever touch its own state, its own GGTT
 * range (VF) or the PF's memory (PF).
 */

/**
 * DOC: xesim GuC CT channel
 *
 * Every function may register a CT channel with ``HOST2GUC_SELF_CFG``
 * (keys 0x0902-0x0907: H2G and G2H buffer address, descriptor address and
 * size in bytes) and enable it with ``HOST2GUC_CONTROL_CTB``. Addresses are
 * GGTT addresses, dword aligned, inside the VF's GGTT range for a VF; sizes
 * are multiples of 4 from 256 bytes to 1 MiB. At enable the GuC reads both
 * descriptors: head and tail must lie inside their buffers and the status
 * must be 0; the GuC starts consuming H2G at the descriptor's head and
 * producing G2H at the descriptor's tail. The memirq keys (0x0900 status,
 * 0x0901 source) take the GGTT address of the GuC's 16-byte status vector,
 * aligned to 16 bytes, and of its source byte; any other address gets
 * INVALID_GGTT_ADDRESS.
 *
 * Descriptor (64 bytes): head (dword offset, written by the receiver), tail
 * (written by the sender), status. A message is a CTB header (fence 31:16,
 * format 15:12 = 0 HXG, dword count 7:0) followed by that many HXG dwords;
 * messages wrap around the end of the buffer. A ring is full when the
 * sender's tail is one dword behind the receiver's head.
 *
 * H2G: after a doorbell the GuC's worker reads the descriptor, checks it
 * and consumes every complete message up to the tail, writing the head
 * back after each one. Errors set status bits and stop the channel until
 * the host resets it (disable, fix, enable): a tail or head outside the
 * buffer is OVERFLOW, a head that is not where the GuC left it is
 * MISMATCH, a message longer than what lies before the tail is UNDERFLOW.
 * A VF's H2G messages are consumed only while the VF may run work (READY or
 * RUNNING); they wait in the ring while it is paused or in fix-ups. In
 * RESFIX_PAUSED and RESFIX_BLOCKED only the MMIO relay serves the VF:
 * ``HOST2GUC_SELF_CFG`` and ``HOST2GUC_CONTROL_CTB`` get INVALID_STATE, and
 * every complete message found waiting in the ring at a doorbell is counted
 * once in the VF's ``h2g_while_blocked`` (debugfs ``vf<M>/state``); the
 * messages are consumed after RESFIX_DONE, from the GuC's head to the
 * descriptor's tail. A VF that discards them writes its tail back to the
 * GuC's head before RESFIX_DONE; that is no channel error.
 *
 * A VF's message is taken from the ring, applied and answered under the
 * VF's lock, so a pause or save sees the head either before the message or
 * past it with its effect: the head only ever passes messages that are
 * applied. The ``hold_h2g`` file of a VF (debugfs ``vf<M>/hold_h2g``, or
 * xesim_guc_hold_h2g()) stops the GuC consuming that VF's H2G: 1 holds, 0
 * releases and processes what waits, so a test can save a VF with messages
 * still in its ring.
 *
 * Requests (type REQUEST) get a G2H response with the request's fence:
 * success (DATA0 0) or failure (error, hint); fast requests only a failure.
 * Events from the host are ignored.
 *
 * G2H: the GuC writes at its tail and then the tail in the descriptor, and
 * raises GUC2HOST on the function (a VF's report is memory based once it
 * gave its MEMIRQ addresses, see `xesim interrupts`). When the ring lacks
 * space the message waits in a backlog (up to 256 messages, beyond which
 * they are dropped and counted) that the GuC retries every millisecond and
 * at every doorbell, in order. While a VF is paused or in fix-ups (not
 * READY or RUNNING) the GuC writes nothing into its memory: every G2H
 * message goes to the backlog, which the save carries and which is flushed
 * once the VF may run again. A G2H descriptor whose head is out of range
 * gets OVERFLOW, one whose tail is not the GuC's MISMATCH, and nothing more
 * is written to it.
 */

/**
 * DOC: xesim GuC submission
 *
 * Contexts (H2G, upstream actions and layouts):
 *
 * - ``REGISTER_CONTEXT`` (0x4502), 12 dwords: [hdr, flags, ctx id, engine
 *   class, engine submit mask, wq desc lo/hi, wq base lo/hi, wq size, LRCA
 *   lo/hi]. The ID must be below the function's context count (the VF's
 *   provisioned count, 64 for the PF) and unused, the class
 *   ``GUC_RENDER_CLASS`` (0) or ``GUC_BLITTER_CLASS`` (3), the work queue
 *   fields 0 (no work queues: see below), and the LRCA the 4 KiB aligned
 *   GGTT address of the context image (`xesim context image`) inside the
 *   function's GGTT. The image itself is only read when the context runs.
 * - ``SCHED_CONTEXT_MODE_SET`` (0x1001) [hdr, ctx id, 1 enable / 0 disable]:
 *   answered by the G2H event ``SCHED_CONTEXT_MODE_DONE`` (0x1002) [hdr,
 *   ctx id, mode], for a disable only once no engine runs the context.
 * - ``SCHED_CONTEXT`` (0x1000) [hdr, ctx id]: the submission. The driver
 *   first writes its new ring tail into the image (``ring_tail``), then
 *   sends this; the GuC queues the (enabled) context on its engine. This
 *   replaces upstream's work queue items and doorbells.
 * - ``DEREGISTER_CONTEXT`` (0x4503) [hdr, ctx id]: answered by
 *   ``DEREGISTER_CONTEXT_DONE`` (0x1003) [hdr, ctx id] once no engine runs
 *   it.
 *
 * Scheduling: every GPU has a render engine (rcs0) and a copy engine
 * (bcs0), each a kthread with a FIFO run queue. An engine takes the first
 * queued context whose function may run work (the PF always; a VF in READY
 * or RUNNING), runs it for a slice of at most 256 commands with
 * xesim_engine_cs_run(), and queues it at the back again if it yielded (slice
 * used, MI_ARB_CHECK with another context waiting, or an unmet semaphore)
 * or was submitted again meanwhile; so contexts, and with them VFs, share
 * an engine round-robin, a slice at a time. Memory accesses are the
 * function's own device accesses: GGTT through its PTEs (with the VF
 * isolation checks), LMEM through its LMTT, system memory through its DMA
 * domain.
 *
 * Completion: the driver's ring writes a seqno (MI_STORE_DATA_IMM or
 * MI_FLUSH_DW post-sync) into its status page and then MI_USER_INTERRUPT.
 * A slice that executed any MI_USER_INTERRUPT sends one G2H event
 * ``XESIM_GUC_ACTION_CONTEXT_USER_INTERRUPT`` (0x1f00, model-added) [hdr,
 * ctx id, count] after the slice, with the GUC2HOST interrupt.
 *
 * Faults: a context that faults (bad image, unknown command, an address the
 * function cannot reach) stops at the faulting command with the fault in
 * its image; the GuC counts it and sends ``CONTEXT_RESET_NOTIFICATION``
 * (0x1008) [hdr, ctx id]. The context stays faulted until the driver
 * rewrites its image and submits it again.
 */

/**
 * DOC: xesim GuC page faults
 *
 * A context whose image says its faults are recoverable (``asid`` of
 * `xesim context image`: a VM in fault mode) does not fault on a ppGTT
 * page that is not present, nor on a write through a read-only leaf: the
 * engine stalls it at the command, which had no effect (%XESIM_CS_STALLED).
 * The GuC then keeps the fault pending on the context, which is not queued
 * again however often the driver submits it, so a second fault of that
 * context cannot come while one is pending, and reports it to the function
 * that owns the context as the G2H event ``REPORT_PAGE_FAULT_REQ_DESC``
 * (0x6002) with upstream's descriptor (sim/include/abi/guc_ct_abi.h):
 * fault level 0, the engine's class and instance, the ASID, the access
 * (read or write), the fault type (not present, or write access violation),
 * the VF number and the 4 KiB page address; PDATA carries a tag the GuC
 * gives each fault (a per-function counter, seeded at random).
 *
 * The driver resolves the fault and answers with the H2G fast request
 * ``PAGE_FAULT_RES_DESC`` (0x6003) [hdr, dw0, dw1]: it must be VALID, of
 * descriptor type FAULT_RESPONSE, name its own VF, and carry the ASID,
 * engine class and instance and PDATA of a fault pending on one of that
 * function's contexts. A reply with SUCCESS clear (upstream's driver sets
 * the bit when it could *not* resolve the fault) resumes the context: it
 * is queued again and the command walks the page tables anew (and stalls
 * again if the page is still missing). A reply with SUCCESS set resets the
 * context as a non-recoverable fault would: the fault is written into its
 * image (sticky) and ``CONTEXT_RESET_NOTIFICATION`` goes to the driver. A
 * reply that is malformed (length, VALID, type: INVALID_PARAMS) or matches
 * no pending fault is untrusted VF input: it is dropped, counted
 * (``pf_dropped`` in the GuC's debugfs) and logged, and changes nothing.
 * Deregistering or resetting a context forgets its pending fault.
 *
 * Migration: pending faults are not part of the saved state. A stalled
 * context is saved as submitted, with its image at the faulting command
 * (the head not advanced, the state RUNNABLE), so on the destination it is
 * queued after RESFIX_DONE and runs the command again: if the driver bound
 * the page meanwhile (the page tables are in the VF's memory and moved
 * with it) the command goes on; else it faults again there and is reported
 * anew by the new GuC. A
 * reply the VF sent to the source after the save, or sends to the
 * destination for the old report, matches no pending fault there and is
 * dropped by the rule above; should it match a new fault by chance (same
 * ASID, engine and tag), a success only makes the context walk again, and
 * a failure is what the driver answered for that address anyway. Nothing
 * of the blob format changes.
 */

/**
 * DOC: xesim GuC pause
 *
 * VF_CONTROL pause changes the VF's state at once, so no engine starts a
 * new slice of the VF's contexts; slices already running end at their next
 * command boundary (at most a slice later). A slice counts as in flight
 * until its events (user interrupt, context reset, SCHED_CONTEXT_MODE_DONE,
 * DEREGISTER_CONTEXT_DONE) are sent; an H2G message being applied holds the
 * VF's lock, which the pause takes. The GuC sends PAUSE_DONE to the PF when
 * the last slice ended, or at once when none ran: from then on every
 * effect and event of work already started is in the VF's memory or in the
 * G2H backlog, and save is allowed. After PAUSE_DONE the GuC writes nothing
 * into the VF's memory (no G2H, no backlog flush, no interrupt status, no
 * engine write) until the VF may run again. A paused VF runs nothing and
 * its H2G messages wait in its ring. Resume lets the contexts still queued
 * run again; stop, FLR and unprovisioning wait synchronously for the VF's
 * slices in flight.
 */

/**
 * DOC: xesim GuC save and restore
 *
 * ``PF2GUC_SAVE_RESTORE_VF`` save (opcode 0) of a paused VF writes the
 * blob of `GuC VF state blob` to the PF's buffer: registered contexts (ID,
 * flags bit 0 enabled, bit 1 submitted, engine class, image address), the
 * CT registration with the GuC's head and tail, the memirq addresses (GGTT
 * refs tagged 1 status and 2 source), and as words the G2H messages still
 * in the backlog (each a CTB header and its HXG dwords). Address 0 with
 * size 0 returns the size in dwords; a smaller buffer gets INVALID_SIZE.
 *
 * Restore (opcode 1) into a VF paused in READY_PAUSED checks the whole blob
 * first (corrupt, truncated, foreign device or version, or not fitting the
 * destination: refused, nothing changed), then replaces the VF's GuC state
 * with the blob's, every stored GGTT address rebased from the source's GGTT
 * base to this VF's; the VF is then RESFIX_PAUSED. What the VF wrote in
 * memory (context images, rings, batch addresses) is not rebased: a context
 * whose image still holds source addresses faults when it runs. Resume then
 * moves the VF to RESFIX_BLOCKED and raises MIGRATED (SW_INT_0); after the
 * VF's RESFIX_DONE the contexts that were enabled and submitted at the save
 * are queued again (and only they: a context with work in its ring but no
 * SCHED_CONTEXT consumed before the save stays idle until one comes), the
 * G2H backlog is flushed and the H2G ring is served.
 *
 * A blob is untrusted input: beyond `GuC VF state blob`, the GuC refuses a
 * restore whose buffer is not exactly the blob (INVALID_SIZE), and a blob
 * with CT descriptors or buffers that are not dword aligned, a memirq
 * status vector not aligned to its 16 bytes, a context policy a live
 * ``HOST2GUC_UPDATE_CONTEXT_POLICIES`` would refuse, or sizes a live
 * registration would refuse (the same rules as ``HOST2GUC_SELF_CFG``), or a G2H backlog
 * with a message shorter than two dwords, running past the words, or more
 * messages than the backlog holds (INVALID_BUFFER). The state is installed
 * before the VF's state changes: if that fails (no memory for a context;
 * the ``fail_guc_install`` knob injects it), the restore fails with
 * CANNOT_COMPLETE_ACTION, the VF stays in READY_PAUSED and its GuC state is
 * forgotten.
 */

#define gf_dbg(gf, fmt, ...) pr_debug("%s: guc: " fmt, (gf)->vf.name, ##__VA_ARGS__)
#define gf_notice(gf, fmt, ...) \
	pr_notice_ratelimited("%s: guc: " fmt, (gf)->vf.name, ##__VA_ARGS__)
#define gf_err(gf, fmt, ...) \
	pr_err_ratelimited("%s: guc: " fmt, (gf)->vf.name, ##__VA_ARGS__)

#define XESIM_GUC_KLV_MAX_DW		1024u
#define XESIM_GUC_BLOB_MAX		SZ_4M
#define XESIM_GUC_BUSY_DELAY_MS		10
#define XESIM_GUC_REF_MEMIRQ_STATUS	1
#define XESIM_GUC_REF_MEMIRQ_SOURCE	2
#define XESIM_GUC_CTX_F_ENABLED		BIT(0)
#define XESIM_GUC_CTX_F_SUBMITTED	BIT(1)
#define XESIM_GUC_CTX_F_PREEMPT_TO_IDLE	BIT(2)
#define XESIM_GUC_CTX_F_ALL		(XESIM_GUC_CTX_F_ENABLED | XESIM_GUC_CTX_F_SUBMITTED | \
					 XESIM_GUC_CTX_F_PREEMPT_TO_IDLE)

static u32 guc_fail(struct xesim_hxg_reply *reply, u32 error, u32 hint)
{
	memset(reply, 0, sizeof(*reply));
	reply->msg[0] = xesim_guc_hxg_failure(error, hint);
	reply->len = 1;
	return error;
}

static u32 guc_ok(struct xesim_hxg_reply *reply, u32 data0)
{
	memset(reply, 0, sizeof(*reply));
	reply->msg[0] = xesim_guc_hxg_success(data0);
	reply->len = 1;
	return 0;
}

static u64 guc_ggtt_limit(struct xesim_guc *guc)
{
	return min_t(u64, guc->gpu->params.ggtt_size, GUC_GGTT_TOP);
}

/* ---- device memory of a function ---- */

/* is [addr, addr + len) inside the GGTT a function may use? */
static bool guc_fn_ggtt_ok(struct xesim_guc_fn *gf, u64 addr, u64 len)
{
	u64 start = 0, size = guc_ggtt_limit(gf->guc);

	if (gf->vfid) {
		start = gf->cfg.ggtt_start;
		size = gf->cfg.ggtt_size;
	}
	return len && addr >= start && addr - start <= size && len <= size - (addr - start);
}

/* PF memory: GGTT outside every VF's range */
static int guc_pf_mem_rw(struct xesim_guc *guc, u64 addr, void *buf, size_t len,
			 bool write)
{
	struct xesim_guc_fn *pf = &guc->fns[0];
	unsigned int i;

	if (!len || addr >= guc_ggtt_limit(guc) || len > guc_ggtt_limit(guc) - addr)
		return -EFAULT;
	for (i = 1; i < guc->nr_fns; i++) {
		u64 start, size;

		xesim_ggtt_get_range(guc->gpu, i, &start, &size);
		if (size && addr < start + size && start < addr + len)
			return -EFAULT;
	}
	if (!pf->fn)
		return -ENODEV;
	return xesim_ggtt_rw(pf->fn, addr, buf, len, write);
}

/* a function's own GGTT memory, as the GuC reaches it */
static int guc_fn_rw(struct xesim_guc_fn *gf, u64 addr, void *buf, size_t len,
		     bool write)
{
	if (!gf->fn)
		return -ENODEV;
	if (!guc_fn_ggtt_ok(gf, addr, len))
		return -EFAULT;
	return xesim_ggtt_rw(gf->fn, addr, buf, len, write);
}

static int guc_fn_read32(struct xesim_guc_fn *gf, u64 addr, u32 *val)
{
	__le32 v;
	int err = guc_fn_rw(gf, addr, &v, sizeof(v), false);

	*val = err ? 0 : le32_to_cpu(v);
	return err;
}

static int guc_fn_write32(struct xesim_guc_fn *gf, u64 addr, u32 val)
{
	__le32 v = cpu_to_le32(val);

	return guc_fn_rw(gf, addr, &v, sizeof(v), true);
}

/* ---- KUnit hooks ---- */

static void guc_hook(struct xesim_guc_fn *gf, enum xesim_guc_hook_point point)
{
	struct xesim_guc_hook *hook;

	/* the common case, every slice and message: no test is waiting */
	if (likely(!READ_ONCE(gf->hooks[point])))
		return;
	hook = xchg(&gf->hooks[point], NULL);
	if (!hook)
		return;
	complete(&hook->reached);
	if (!wait_for_completion_timeout(&hook->release, 10 * HZ))
		gf_err(gf, "test hook %u not released\n", point);
}

/* ---- G2H ---- */

/*
 * May the GuC write into the function's memory (G2H ring, interrupt status)?
 * Not while a VF is paused or in fix-ups: what it owes waits in the backlog,
 * which the save carries. Caller holds gf->ct_lock or gf->lock.
 */
static bool guc_fn_g2h_open(struct xesim_guc_fn *gf)
{
	return !gf->vfid || xesim_guc_vf_state_runnable(&gf->vf);
}

static void guc_ct_set_status(struct xesim_guc_fn *gf, struct xesim_guc_ct_dir *dir,
			      u32 status, const char *why)
{
	u32 old = 0;

	guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_STATUS, &old);
	guc_fn_write32(gf, dir->desc + GUC_CTB_DESC_STATUS, old | status);
	atomic64_inc(&gf->ct_errors);
	gf_err(gf, "CT %s: %s, status %#x\n", dir == &gf->h2g ? "H2G" : "G2H", why,
	       old | status);
}

/* copy dwords into or out of a ring at a dword offset, wrapping */
static int guc_ring_rw(struct xesim_guc_fn *gf, struct xesim_guc_ct_dir *dir,
		       u32 pos, u32 *dw, u32 n, bool write)
{
	u32 size_dw = dir->size / 4, i;
	__le32 buf[32];
	u32 done = 0;
	int err;

	while (done < n) {
		u32 off = (pos + done) % size_dw;
		u32 chunk = min3(n - done, (u32)ARRAY_SIZE(buf), size_dw - off);

		if (write)
			for (i = 0; i < chunk; i++)
				buf[i] = cpu_to_le32(dw[done + i]);
		err = guc_fn_rw(gf, dir->buf + off * 4ull, buf, chunk * 4, write);
		if (err)
			return err;
		if (!write)
			for (i = 0; i < chunk; i++)
				dw[done + i] = le32_to_cpu(buf[i]);
		done += chunk;
	}
	return 0;
}

/* write one message into the G2H ring; -ENOSPC when full, -EPIPE if broken */
static int guc_g2h_write(struct xesim_guc_fn *gf, u32 *msg, u32 len)
{
	struct xesim_guc_ct_dir *dir = &gf->g2h;
	u32 size_dw = dir->size / 4, head, tail, status, space;
	int err;

	lockdep_assert_held(&gf->ct_lock);
	err = guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_STATUS, &status);
	if (!err && status)
		return -EPIPE;
	err = err ?: guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_HEAD, &head);
	err = err ?: guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_TAIL, &tail);
	if (err)
		return -EPIPE;
	if (head >= size_dw) {
		guc_ct_set_status(gf, dir, GUC_CTB_STATUS_OVERFLOW, "head out of range");
		return -EPIPE;
	}
	if (tail != dir->pos) {
		guc_ct_set_status(gf, dir, GUC_CTB_STATUS_MISMATCH, "tail changed by the host");
		return -EPIPE;
	}
	space = (head + size_dw - tail - 1) % size_dw;
	if (space < len)
		return -ENOSPC;
	err = guc_ring_rw(gf, dir, tail, msg, len, true);
	if (err)
		return -EPIPE;
	tail = (tail + len) % size_dw;
	if (guc_fn_write32(gf, dir->desc + GUC_CTB_DESC_TAIL, tail))
		return -EPIPE;
	dir->pos = tail;
	atomic64_inc(&gf->g2h_msgs);
	return 0;
}

static void guc_backlog_free(struct xesim_guc_fn *gf)
{
	struct xesim_guc_g2h_msg *m, *tmp;

	list_for_each_entry_safe(m, tmp, &gf->backlog, link) {
		list_del(&m->link);
		kfree(m);
	}
	gf->backlog_len = 0;
}

/* flush the backlog; true if anything was written */
static bool guc_backlog_flush(struct xesim_guc_fn *gf)
{
	struct xesim_guc_g2h_msg *m, *tmp;
	bool wrote = false;
	int err;

	lockdep_assert_held(&gf->ct_lock);
	if (!guc_fn_g2h_open(gf))
		return false;
	list_for_each_entry_safe(m, tmp, &gf->backlog, link) {
		err = guc_g2h_write(gf, m->msg, m->len);
		if (err == -ENOSPC)
			break;
		if (err)
			atomic64_inc(&gf->g2h_dropped);
		else
			wrote = true;
		list_del(&m->link);
		gf->backlog_len--;
		kfree(m);
	}
	if (!list_empty(&gf->backlog))
		mod_delayed_work(gf->guc->wq, &gf->g2h_work, msecs_to_jiffies(1));
	return wrote;
}

static void guc_backlog_add(struct xesim_guc_fn *gf, const u32 *msg, u32 len)
{
	struct xesim_guc_g2h_msg *m;

	if (gf->backlog_len >= XESIM_GUC_G2H_BACKLOG_MAX) {
		atomic64_inc(&gf->g2h_dropped);
		gf_err(gf, "G2H backlog full, message %#x dropped\n", msg[0]);
		return;
	}
	m = kmalloc(struct_size(m, msg, len), GFP_KERNEL);
	if (!m) {
		atomic64_inc(&gf->g2h_dropped);
		return;
	}
	m->len = len;
	memcpy(m->msg, msg, len * sizeof(u32));
	list_add_tail(&m->link, &gf->backlog);
	gf->backlog_len++;
}

/*
 * Send a G2H HXG message on a function's CT channel.
 * Context: process context; takes @gf->ct_lock.
 */
static void guc_g2h_send(struct xesim_guc_fn *gf, u32 fence, const u32 *hxg, u32 n)
{
	u32 msg[GUC_CTB_HDR_LEN + 8];
	bool wrote = false;
	int err;

	if (WARN_ON(n > ARRAY_SIZE(msg) - 1))
		return;
	msg[0] = FIELD_PREP(GUC_CTB_MSG_0_FENCE, fence) |
		 FIELD_PREP(GUC_CTB_MSG_0_FORMAT, GUC_CTB_FORMAT_HXG) |
		 FIELD_PREP(GUC_CTB_MSG_0_NUM_DWORDS, n);
	memcpy(&msg[1], hxg, n * sizeof(u32));

	guard(mutex)(&gf->ct_lock);
	if (!gf->ct_enabled || !gf->fn) {
		atomic64_inc(&gf->g2h_dropped);
		gf_dbg(gf, "no CT channel, G2H %#x dropped\n", hxg[0]);
		return;
	}
	wrote = guc_backlog_flush(gf);
	if (list_empty(&gf->backlog) && guc_fn_g2h_open(gf)) {
		err = guc_g2h_write(gf, msg, n + 1);
		if (!err)
			wrote = true;
		else if (err == -ENOSPC)
			guc_backlog_add(gf, msg, n + 1);
		else
			atomic64_inc(&gf->g2h_dropped);
	} else {
		guc_backlog_add(gf, msg, n + 1);
	}
	if (!list_empty(&gf->backlog) && guc_fn_g2h_open(gf))
		mod_delayed_work(gf->guc->wq, &gf->g2h_work, msecs_to_jiffies(1));
	if (wrote)
		xesim_irq_raise(gf->fn, GUC_INTR_GUC2HOST);
}

static void guc_g2h_work(struct work_struct *work)
{
	struct xesim_guc_fn *gf = container_of(to_delayed_work(work),
					       struct xesim_guc_fn, g2h_work);

	guard(mutex)(&gf->ct_lock);
	if (gf->ct_enabled && gf->fn && guc_backlog_flush(gf))
		xesim_irq_raise(gf->fn, GUC_INTR_GUC2HOST);
}

static void guc_g2h_event(struct xesim_guc_fn *gf, u32 action, u32 a, u32 b, u32 n)
{
	u32 msg[3] = { xesim_guc_hxg_event(action, 0), a, b };

	guc_g2h_send(gf, 0, msg, n);
}

static void guc_notify_pf(struct xesim_guc *guc, unsigned int vfid, u32 event)
{
	u32 msg[GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN];
	u32 n = xesim_guc_hxg_notify_encode(vfid, event, msg);

	guc_g2h_send(&guc->fns[0], 0, msg, n);
}

/* ---- scheduling ---- */

static bool guc_fn_may_run(struct xesim_guc_fn *gf)
{
	return gf->fn && (!gf->vfid || xesim_guc_vf_state_runnable(&gf->vf));
}

/* queue a context on its engine; caller holds the sched lock */
static void guc_ctx_queue_locked(struct xesim_guc_ctx *ctx)
{
	struct xesim_guc *guc = ctx->gf->guc;
	struct xesim_guc_engine *eng;

	if (!ctx->enabled || ctx->dead || ctx->stalled)
		return;
	if (ctx->running) {
		ctx->kick = true;
		return;
	}
	if (ctx->queued)
		return;
	eng = &guc->engines[ctx->engine_class == GUC_RENDER_CLASS ? 0 : 1];
	list_add_tail(&ctx->link, &eng->queue);
	ctx->queued = true;
}

static unsigned int guc_inflight(struct xesim_guc_fn *gf)
{
	scoped_guard(spinlock, &gf->guc->sched_lock) {
		return gf->inflight;
	}
}

static void guc_wait_idle(struct xesim_guc_fn *gf)
{
	wait_event(gf->guc->idle_wq, !guc_inflight(gf));
}

/* forget a context; caller holds gf->lock. True if freed now. */
static bool guc_ctx_forget(struct xesim_guc_ctx *ctx)
{
	struct xesim_guc *guc = ctx->gf->guc;
	bool running;

	xa_erase(&ctx->gf->ctxs, ctx->id);
	scoped_guard(spinlock, &guc->sched_lock) {
		if (ctx->queued) {
			list_del(&ctx->link);
			ctx->queued = false;
		}
		running = ctx->running;
		ctx->dead = true;
		ctx->enabled = false;
	}
	if (!running)
		kfree(ctx);
	return !running;
}

/* forget the GuC's state of a function: contexts, CT, memirq */
static void guc_fn_reset(struct xesim_guc_fn *gf)
{
	struct xesim_guc_ctx *ctx;
	unsigned long id;

	lockdep_assert_held(&gf->lock);
	xa_for_each(&gf->ctxs, id, ctx)
		guc_ctx_forget(ctx);
	scoped_guard(mutex, &gf->ct_lock) {
		gf->ct_enabled = false;
		memset(&gf->h2g, 0, sizeof(gf->h2g));
		memset(&gf->g2h, 0, sizeof(gf->g2h));
		guc_backlog_free(gf);
	}
	gf->memirq_status = 0;
	gf->memirq_source = 0;
	if (gf->fn)
		xesim_irq_set_memirq(gf->fn, 0, 0);
}

static void guc_fn_allow(struct xesim_guc_fn *gf)
{
	struct xesim_guc *guc = gf->guc;
	struct xesim_guc_ctx *ctx;
	unsigned long id;

	lockdep_assert_held(&gf->lock);
	/* contexts stay queued across a pause; restored ones as they were saved */
	scoped_guard(spinlock, &guc->sched_lock) {
		xa_for_each(&gf->ctxs, id, ctx) {
			if (ctx->resubmit)
				guc_ctx_queue_locked(ctx);
			ctx->resubmit = false;
		}
	}
	wake_up_all(&guc->sched_wq);
	queue_work(guc->wq, &gf->h2g_work);
	mod_delayed_work(guc->wq, &gf->g2h_work, 0);
}

/*
 * Carry out what a VF state transition asks for; caller holds gf->lock.
 * LOAD_STATE is done by the restore itself, before the transition.
 */
static void guc_apply(struct xesim_guc_fn *gf, const struct xesim_guc_vf_action *act)
{
	struct xesim_guc *guc = gf->guc;
	struct xesim_guc_vf_action done = {};
	u32 flags = act->flags;

	lockdep_assert_held(&gf->lock);
	/*
	 * The new state closes the VF's G2H: let whoever writes under the CT
	 * lock with the old state in mind finish before the pause completes.
	 */
	if (flags & XESIM_GUC_VF_ACT_STOP_ENGINES) {
		mutex_lock(&gf->ct_lock);
		mutex_unlock(&gf->ct_lock);
	}
	if (flags & XESIM_GUC_VF_ACT_STOP_ENGINES && !(flags & XESIM_GUC_VF_ACT_WAIT_IDLE))
		guc_wait_idle(gf);
	if (flags & XESIM_GUC_VF_ACT_WAIT_IDLE && !guc_inflight(gf))
		xesim_guc_vf_state_pause_done(&gf->vf, &done);
	if (flags & XESIM_GUC_VF_ACT_RESET_GUC)
		guc_fn_reset(gf);
	if (flags & XESIM_GUC_VF_ACT_WIPE) {
		/* a request latched or taken before the FLR is not served after it */
		scoped_guard(spinlock, &gf->mmio_latch_lock) {
			gf->mmio_latched = false;
			gf->mmio_seq++;
		}
		xesim_gpu_wipe_vf(guc->gpu, gf->vfid);
	}
	if (flags & XESIM_GUC_VF_ACT_ALLOW_ENGINES)
		guc_fn_allow(gf);
	if (flags & XESIM_GUC_VF_ACT_RAISE_MIGRATED && gf->fn)
		xesim_irq_raise(gf->fn, GUC_INTR_VF_MIGRATED);
	if (act->notify)
		guc_notify_pf(guc, gf->vfid, act->notify);
	if (done.notify)
		guc_notify_pf(guc, gf->vfid, done.notify);
}

static void guc_pause_work(struct work_struct *work)
{
	struct xesim_guc_fn *gf = container_of(work, struct xesim_guc_fn, pause_work);
	struct xesim_guc_vf_action act = {};

	guard(mutex)(&gf->lock);
	if (gf->vf.pause_pending && !guc_inflight(gf) &&
	    !xesim_guc_vf_state_pause_done(&gf->vf, &act))
		guc_apply(gf, &act);
}

/* ---- engines ---- */

struct guc_run {
	struct xesim_guc_fn *gf;
	struct xesim_fn *fn;
	struct xesim_guc_engine *eng;
	unsigned int irqs;
};

static int guc_cs_access(void *priv, enum xesim_cs_space space, u64 addr,
			 void *buf, size_t len, bool write)
{
	struct guc_run *run = priv;
	struct xesim_guc_fn *gf = run->gf;
	struct xesim_gpu *gpu = gf->guc->gpu;
	int err;

	switch (space) {
	case XESIM_CS_SPACE_GGTT:
		return xesim_ggtt_rw(run->fn, addr, buf, len, write);
	case XESIM_CS_SPACE_LMEM:
		if (gf->vfid)
			return xesim_lmtt_rw(gpu, gf->vfid, addr, buf, len, write, NULL);
		err = xesim_vram_rw(gpu, addr, buf, len, write, NULL);
		return err == -ERANGE ? -EFAULT : err;
	case XESIM_CS_SPACE_SYSMEM:
		return xesim_dma_rw(run->fn, addr, buf, len, write);
	}
	return -EFAULT;
}

static int guc_cs_read(void *priv, enum xesim_cs_space space, u64 addr, void *buf,
		       size_t len)
{
	return guc_cs_access(priv, space, addr, buf, len, false);
}

static int guc_cs_write(void *priv, enum xesim_cs_space space, u64 addr,
			const void *buf, size_t len)
{
	return guc_cs_access(priv, space, addr, (void *)buf, len, true);
}

static void guc_cs_user_interrupt(void *priv)
{
	struct guc_run *run = priv;

	run->irqs++;
}

static bool guc_cs_preempt_pending(void *priv)
{
	struct guc_run *run = priv;
	struct xesim_guc *guc = run->gf->guc;

	scoped_guard(spinlock, &guc->sched_lock) {
		return !list_empty(&run->eng->queue);
	}
}

static void guc_cs_atomic_lock(void *priv)
{
	struct guc_run *run = priv;

	mutex_lock(&run->gf->guc->atomic_lock);
}

static void guc_cs_atomic_unlock(void *priv)
{
	struct guc_run *run = priv;

	mutex_unlock(&run->gf->guc->atomic_lock);
}

static const struct xesim_cs_mem_ops guc_cs_ops = {
	.read = guc_cs_read,
	.write = guc_cs_write,
	.user_interrupt = guc_cs_user_interrupt,
	.preempt_pending = guc_cs_preempt_pending,
	.atomic_lock = guc_cs_atomic_lock,
	.atomic_unlock = guc_cs_atomic_unlock,
};

static struct xesim_guc_ctx *guc_engine_pick(struct xesim_guc_engine *eng,
					     struct xesim_fn **fn)
{
	struct xesim_guc *guc = eng->guc;
	struct xesim_guc_ctx *ctx, *best = NULL;

	scoped_guard(spinlock, &guc->sched_lock) {
		/*
		 * The function of the first runnable context goes next, as before;
		 * among its contexts the highest priority first, in submission order
		 * among equals: priorities order a function's own contexts only.
		 */
		list_for_each_entry(ctx, &eng->queue, link)
			if (guc_fn_may_run(ctx->gf) &&
			    (!best || (ctx->gf == best->gf &&
				       ctx->policy.prio < best->policy.prio)))
				best = ctx;
		ctx = best;
		if (!ctx)
			return NULL;
		list_del(&ctx->link);
		ctx->queued = false;
		ctx->running = true;
		ctx->kick = false;
		ctx->gf->inflight++;
		*fn = ctx->gf->fn;
		return ctx;
	}
}

static bool guc_engine_has_work(struct xesim_guc_engine *eng)
{
	struct xesim_guc *guc = eng->guc;
	struct xesim_guc_ctx *ctx;

	scoped_guard(spinlock, &guc->sched_lock) {
		list_for_each_entry(ctx, &eng->queue, link)
			if (guc_fn_may_run(ctx->gf))
				return true;
		return false;
	}
}

/* ---- recoverable page faults ---- */

/*
 * A run stalled @ctx on a recoverable page fault: keep it pending and
 * report it to the function (`xesim GuC page faults`).
 */
static void guc_pf_report(struct xesim_guc_fn *gf, struct xesim_guc_ctx *ctx,
			  const struct xesim_cs_exec *exec)
{
	struct xesim_guc_ctx_pf pf = {
		.fault = exec->fault,
		.asid = FIELD_GET(XESIM_CTX_ASID_ID, exec->asid),
		.engine_class = ctx->engine_class,
		.engine_instance = 0,
	};
	bool write = exec->fault.access == XESIM_CS_ACCESS_WRITE;
	u32 msg[GUC_PF_DESC_MSG_LEN];

	scoped_guard(spinlock, &gf->guc->sched_lock) {
		pf.pdata = ++gf->pf_seq;
		ctx->pf = pf;
		ctx->stalled = true;
	}
	atomic64_inc(&gf->pf_reported);
	gf_dbg(gf, "context %u page fault: asid %u %s %#llx, tag %#x\n", ctx->id,
	       pf.asid, write ? "write" : "read", exec->fault.addr, pf.pdata);
	msg[0] = xesim_guc_hxg_event(XE_GUC_ACTION_REPORT_PAGE_FAULT_REQ_DESC, 0);
	msg[1] = FIELD_PREP(GUC_PF_DESC_0_FAULT_LEVEL, 0) |
		 FIELD_PREP(GUC_PF_DESC_0_ENG_INSTANCE, pf.engine_instance) |
		 FIELD_PREP(GUC_PF_DESC_0_ENG_CLASS, pf.engine_class) |
		 FIELD_PREP(GUC_PF_DESC_0_PDATA_LO, pf.pdata);
	msg[2] = FIELD_PREP(GUC_PF_DESC_1_PDATA_HI,
			    pf.pdata >> GUC_PF_DESC_1_PDATA_HI_SHIFT) |
		 FIELD_PREP(GUC_PF_DESC_1_ASID, pf.asid);
	msg[3] = FIELD_PREP(GUC_PF_DESC_2_ACCESS_TYPE,
			    write ? GUC_PF_ACCESS_WRITE : GUC_PF_ACCESS_READ) |
		 FIELD_PREP(GUC_PF_DESC_2_FAULT_TYPE,
			    exec->fault.reason == XESIM_CS_FAULT_READONLY ?
			    GUC_PF_TYPE_WRITE_VIOLATION : GUC_PF_TYPE_NOT_PRESENT) |
		 FIELD_PREP(GUC_PF_DESC_2_VFID, gf->vfid) |
		 (lower_32_bits(exec->fault.addr) & GUC_PF_DESC_2_VA_LO);
	msg[4] = upper_32_bits(exec->fault.addr);
	guc_g2h_send(gf, 0, msg, GUC_PF_DESC_MSG_LEN);
}

static bool guc_pf_matches(const struct xesim_guc_ctx *ctx, u32 asid, u32 class,
			   u32 instance, u32 pdata)
{
	return ctx->stalled && ctx->pf.asid == asid && ctx->pf.engine_class == class &&
	       ctx->pf.engine_instance == instance && ctx->pf.pdata == pdata;
}

/* the driver could not resolve the fault: reset the context */
static void guc_pf_reset(struct xesim_guc_fn *gf, struct xesim_guc_ctx *ctx)
{
	struct guc_run run = { .gf = gf, .fn = gf->fn };
	struct xesim_cs_mem mem = { .ops = &guc_cs_ops, .priv = &run };
	int err;

	atomic64_inc(&gf->pf_failed);
	atomic64_inc(&gf->ctx_resets);
	err = gf->fn ? xesim_lrc_set_fault(&mem, ctx->lrca, &ctx->pf.fault) : -ENODEV;
	if (err)
		gf_notice(gf, "context %u: fault not recorded in its image: %pe\n", ctx->id,
			  ERR_PTR(err));
	gf_notice(gf, "context %u reset: page fault at %#llx not resolved\n", ctx->id,
		  ctx->pf.fault.addr);
	guc_g2h_event(gf, XE_GUC_ACTION_CONTEXT_RESET_NOTIFICATION, ctx->id, 0, 2);
}

/* H2G PAGE_FAULT_RES_DESC; caller holds gf->lock */
static u32 guc_pf_reply(struct xesim_guc_fn *gf, const u32 *msg, u32 len,
			struct xesim_hxg_reply *reply)
{
	struct xesim_guc *guc = gf->guc;
	struct xesim_guc_ctx *ctx, *found = NULL;
	u32 asid, class, instance, pdata;
	unsigned long id;
	bool failed;

	lockdep_assert_held(&gf->lock);
	if (len != GUC_PF_REPLY_MSG_LEN || !(msg[1] & GUC_PF_REPLY_0_VALID) ||
	    FIELD_GET(GUC_PF_REPLY_0_DESC_TYPE, msg[1]) != GUC_PF_REPLY_FAULT_RESPONSE_DESC) {
		atomic64_inc(&gf->pf_dropped);
		gf_notice(gf, "malformed page fault reply (%u dwords, %#x): dropped\n",
			  len, len > 1 ? msg[1] : 0);
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	}
	asid = FIELD_GET(GUC_PF_REPLY_0_ASID, msg[1]);
	failed = msg[1] & GUC_PF_REPLY_0_SUCCESS;
	class = FIELD_GET(GUC_PF_REPLY_1_ENG_CLASS, msg[2]);
	instance = FIELD_GET(GUC_PF_REPLY_1_ENG_INSTANCE, msg[2]);
	pdata = FIELD_GET(GUC_PF_REPLY_1_PDATA, msg[2]);

	scoped_guard(spinlock, &guc->sched_lock) {
		if (FIELD_GET(GUC_PF_REPLY_1_VFID, msg[2]) != gf->vfid)
			break;
		xa_for_each(&gf->ctxs, id, ctx) {
			if (!guc_pf_matches(ctx, asid, class, instance, pdata))
				continue;
			found = ctx;
			ctx->stalled = false;
			if (!failed)
				guc_ctx_queue_locked(ctx);
			break;
		}
	}
	if (!found) {
		atomic64_inc(&gf->pf_dropped);
		gf_notice(gf, "page fault reply for asid %u class %u instance %u tag %#x vf %lu matches no pending fault: dropped\n",
			  asid, class, instance, pdata, FIELD_GET(GUC_PF_REPLY_1_VFID, msg[2]));
		return 0;
	}
	if (failed) {
		guc_pf_reset(gf, found);
	} else {
		atomic64_inc(&gf->pf_resolved);
		wake_up_all(&guc->sched_wq);
	}
	return 0;
}

static void guc_engine_slice(struct xesim_guc_engine *eng, struct xesim_guc_ctx *ctx,
			     struct xesim_fn *fn)
{
	struct xesim_guc_fn *gf = ctx->gf;
	struct xesim_guc *guc = eng->guc;
	struct guc_run run = { .gf = gf, .fn = fn, .eng = eng };
	struct xesim_cs_mem mem = {
		.ops = &guc_cs_ops,
		.priv = &run,
		.mmio_base = ctx->engine_class == GUC_RENDER_CLASS ?
			     XESIM_RENDER_RING_BASE : XESIM_BLT_RING_BASE,
	};
	bool disable_done, dereg_done, free_ctx, pause_check;
	struct xesim_cs_exec exec;
	u32 id = ctx->id;

	atomic64_inc(&eng->slices);
	xesim_engine_cs_run(&mem, ctx->lrca, xesim_guc_policy_slice(&ctx->policy, XESIM_GUC_SLICE),
			    &eng->stats, &exec);

	if (run.irqs) {
		atomic64_add(run.irqs, &gf->user_irqs);
		guc_g2h_event(gf, XESIM_GUC_ACTION_CONTEXT_USER_INTERRUPT, id,
			      run.irqs, 3);
	}
	if (exec.result == XESIM_CS_FAULT) {
		atomic64_inc(&gf->ctx_resets);
		gf_notice(gf, "context %u reset: fault %u at %#llx, command %#010x (MI opcode %#x)\n",
			  id, exec.fault.reason, exec.fault.addr, exec.fault.cmd,
			  (u32)FIELD_GET(MI_OPCODE, exec.fault.cmd));
		guc_g2h_event(gf, XE_GUC_ACTION_CONTEXT_RESET_NOTIFICATION, id, 0, 2);
	}
	if (exec.result == XESIM_CS_STALLED)
		guc_pf_report(gf, ctx, &exec);

	guc_hook(gf, XESIM_GUC_HOOK_SLICE_END);
	scoped_guard(spinlock, &guc->sched_lock) {
		ctx->running = false;
		disable_done = ctx->disable_pending;
		dereg_done = ctx->dereg_pending;
		ctx->disable_pending = false;
		free_ctx = ctx->dead;
		if (!free_ctx && ctx->enabled &&
		    (exec.result == XESIM_CS_YIELDED || ctx->kick)) {
			ctx->kick = false;
			guc_ctx_queue_locked(ctx);
		}
	}

	if (free_ctx)
		kfree(ctx);
	guc_hook(gf, XESIM_GUC_HOOK_SLICE_EVENTS);
	/* the slice's events are part of it: sent before it stops counting */
	if (disable_done)
		guc_g2h_event(gf, XE_GUC_ACTION_SCHED_CONTEXT_MODE_DONE, id,
			      GUC_CONTEXT_DISABLE, 3);
	if (dereg_done)
		guc_g2h_event(gf, XE_GUC_ACTION_DEREGISTER_CONTEXT_DONE, id, 0, 2);

	scoped_guard(spinlock, &guc->sched_lock) {
		gf->inflight--;
		pause_check = !gf->inflight && gf->vfid &&
			      READ_ONCE(gf->vf.pause_pending);
	}
	wake_up_all(&guc->idle_wq);
	if (pause_check)
		queue_work(guc->wq, &gf->pause_work);
	if (exec.result == XESIM_CS_YIELDED && exec.yield == XESIM_CS_YIELD_SEMAPHORE)
		usleep_range(20, 50);
}

static int guc_engine_thread(void *data)
{
	struct xesim_guc_engine *eng = data;
	struct xesim_guc_ctx *ctx;
	struct xesim_fn *fn;

	while (!kthread_should_stop()) {
		ctx = guc_engine_pick(eng, &fn);
		if (!ctx) {
			wait_event_idle(eng->guc->sched_wq, kthread_should_stop() ||
					guc_engine_has_work(eng));
			continue;
		}
		guc_engine_slice(eng, ctx, fn);
		cond_resched();
	}
	return 0;
}

/* ---- context actions ---- */

static u32 guc_fn_num_ctxs(struct xesim_guc_fn *gf)
{
	return gf->vfid ? gf->cfg.num_ctxs : XESIM_GUC_PF_CTXS;
}

static struct xesim_guc_ctx *guc_ctx_lookup(struct xesim_guc_fn *gf, u32 id,
					    struct xesim_hxg_reply *reply)
{
	struct xesim_guc_ctx *ctx = xa_load(&gf->ctxs, id);

	if (!ctx) {
		gf_dbg(gf, "no context %u\n", id);
		guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 1);
	}
	return ctx;
}

static u32 guc_register_ctx(struct xesim_guc_fn *gf, const u32 *msg, u32 len,
			    struct xesim_hxg_reply *reply)
{
	u32 id = msg[REGISTER_CONTEXT_MSG_2_CTX_ID];
	u32 class = msg[REGISTER_CONTEXT_MSG_3_ENGINE_CLASS];
	u64 lrca = msg[REGISTER_CONTEXT_MSG_10_LRCA_LO] |
		   (u64)msg[REGISTER_CONTEXT_MSG_11_LRCA_HI] << 32;
	struct xesim_guc_ctx *ctx;
	unsigned int i;

	if (len != REGISTER_CONTEXT_MSG_LEN)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, REGISTER_CONTEXT_MSG_LEN);
	if (id >= guc_fn_num_ctxs(gf))
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS,
				REGISTER_CONTEXT_MSG_2_CTX_ID);
	if (class != GUC_RENDER_CLASS && class != GUC_BLITTER_CLASS)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS,
				REGISTER_CONTEXT_MSG_3_ENGINE_CLASS);
	for (i = REGISTER_CONTEXT_MSG_5_WQ_DESC_LO; i <= REGISTER_CONTEXT_MSG_9_WQ_SIZE; i++)
		if (msg[i])
			return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, i);
	if (!IS_ALIGNED(lrca, XE_GGTT_PAGE_SIZE) ||
	    !guc_fn_ggtt_ok(gf, lrca, XE_GGTT_PAGE_SIZE))
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS,
				REGISTER_CONTEXT_MSG_10_LRCA_LO);
	if (xa_load(&gf->ctxs, id))
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_STATE, 0);

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return guc_fail(reply, XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION, 0);
	ctx->gf = gf;
	ctx->id = id;
	ctx->engine_class = class;
	ctx->lrca = lrca;
	INIT_LIST_HEAD(&ctx->link);
	xesim_guc_policy_init(&ctx->policy);
	if (xa_insert(&gf->ctxs, id, ctx, GFP_KERNEL)) {
		kfree(ctx);
		return guc_fail(reply, XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION, 0);
	}
	gf_dbg(gf, "context %u registered: class %u image %#llx\n", id, class, lrca);
	return guc_ok(reply, 0);
}

/* HOST2GUC_UPDATE_CONTEXT_POLICIES: see `xesim GuC context policies` */
static u32 guc_ctx_policies(struct xesim_guc_fn *gf, const u32 *msg, u32 len,
			    struct xesim_hxg_reply *reply)
{
	struct xesim_guc_ctx_policy pol;
	struct xesim_guc_ctx *ctx;
	u32 err, hint = 0;

	if (len < UPDATE_CONTEXT_POLICIES_MSG_MIN_LEN)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE,
				UPDATE_CONTEXT_POLICIES_MSG_MIN_LEN);
	ctx = guc_ctx_lookup(gf, msg[1], reply);
	if (!ctx)
		return XE_GUC_RESPONSE_INVALID_PARAMS;
	scoped_guard(spinlock, &gf->guc->sched_lock)
		pol = ctx->policy;
	err = xesim_guc_policy_parse(msg, len, &pol, &hint);
	if (err)
		return guc_fail(reply, err, hint);
	scoped_guard(spinlock, &gf->guc->sched_lock)
		ctx->policy = pol;
	gf_dbg(gf, "context %u policies: priority %u quantum %u us preemption timeout %u us\n",
	       ctx->id, pol.prio, pol.quantum_us, pol.preempt_timeout_us);
	return guc_ok(reply, 0);
}

static u32 guc_deregister_ctx(struct xesim_guc_fn *gf, const u32 *msg, u32 len,
			      struct xesim_hxg_reply *reply)
{
	struct xesim_guc *guc = gf->guc;
	struct xesim_guc_ctx *ctx;
	u32 id = msg[1];

	if (len != DEREGISTER_CONTEXT_MSG_LEN)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, DEREGISTER_CONTEXT_MSG_LEN);
	ctx = guc_ctx_lookup(gf, id, reply);
	if (!ctx)
		return XE_GUC_RESPONSE_INVALID_PARAMS;
	scoped_guard(spinlock, &guc->sched_lock)
		ctx->dereg_pending = true;
	if (guc_ctx_forget(ctx))
		guc_g2h_event(gf, XE_GUC_ACTION_DEREGISTER_CONTEXT_DONE, id, 0, 2);
	return guc_ok(reply, 0);
}

static u32 guc_mode_set(struct xesim_guc_fn *gf, const u32 *msg, u32 len,
			struct xesim_hxg_reply *reply)
{
	struct xesim_guc *guc = gf->guc;
	struct xesim_guc_ctx *ctx;
	bool send_now = true;
	u32 mode = msg[2];

	if (len != SCHED_CONTEXT_MODE_SET_MSG_LEN)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE,
				SCHED_CONTEXT_MODE_SET_MSG_LEN);
	if (mode != GUC_CONTEXT_ENABLE && mode != GUC_CONTEXT_DISABLE)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 2);
	ctx = guc_ctx_lookup(gf, msg[1], reply);
	if (!ctx)
		return XE_GUC_RESPONSE_INVALID_PARAMS;

	scoped_guard(spinlock, &guc->sched_lock) {
		ctx->enabled = mode == GUC_CONTEXT_ENABLE;
		if (ctx->enabled) {
			guc_ctx_queue_locked(ctx);
		} else {
			if (ctx->queued) {
				list_del(&ctx->link);
				ctx->queued = false;
			}
			ctx->kick = false;
			if (ctx->running) {
				ctx->disable_pending = true;
				send_now = false;
			}
		}
	}
	wake_up_all(&guc->sched_wq);
	if (send_now)
		guc_g2h_event(gf, XE_GUC_ACTION_SCHED_CONTEXT_MODE_DONE, ctx->id, mode, 3);
	return guc_ok(reply, 0);
}

static u32 guc_sched_ctx(struct xesim_guc_fn *gf, const u32 *msg, u32 len,
			 struct xesim_hxg_reply *reply)
{
	struct xesim_guc *guc = gf->guc;
	struct xesim_guc_ctx *ctx;
	bool enabled;

	if (len != SCHED_CONTEXT_MSG_LEN)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, SCHED_CONTEXT_MSG_LEN);
	ctx = guc_ctx_lookup(gf, msg[1], reply);
	if (!ctx)
		return XE_GUC_RESPONSE_INVALID_PARAMS;
	scoped_guard(spinlock, &guc->sched_lock) {
		enabled = ctx->enabled;
		guc_ctx_queue_locked(ctx);
	}
	if (!enabled)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_STATE, 0);
	wake_up_all(&guc->sched_wq);
	return guc_ok(reply, 0);
}

/* ---- SELF_CFG and CONTROL_CTB ---- */

/* RESFIX_PAUSED or RESFIX_BLOCKED: only the MMIO relay serves the VF */
static bool guc_vf_in_resfix(struct xesim_guc_fn *gf)
{
	lockdep_assert_held(&gf->lock);
	return gf->vf.cur == XESIM_GUC_VF_RESFIX_PAUSED ||
	       gf->vf.cur == XESIM_GUC_VF_RESFIX_BLOCKED;
}

/*
 * The alignment a memirq address of kind @tag (XESIM_GUC_REF_MEMIRQ_*) needs,
 * in a registration and in a restored blob alike: the GuC's status vector
 * (XE_MEMIRQ_VECTOR_SIZE bytes, one per vector bit) is aligned to its size,
 * so it never crosses a page; the source is a single byte.
 */
static bool guc_memirq_addr_ok(u32 tag, u64 addr)
{
	return tag != XESIM_GUC_REF_MEMIRQ_STATUS ||
	       IS_ALIGNED(addr, XE_MEMIRQ_VECTOR_SIZE);
}

static u32 guc_self_cfg(struct xesim_guc_fn *gf, const u32 *msg,
			struct xesim_hxg_reply *reply)
{
	u32 key = FIELD_GET(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_KEY, msg[1]);
	u32 klen = FIELD_GET(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_LEN, msg[1]);
	u64 val = msg[2] | (u64)msg[3] << 32;
	bool is64 = key != GUC_KLV_SELF_CFG_H2G_CTB_SIZE_KEY &&
		    key != GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY;

	if (FIELD_GET(GUC_HXG_REQUEST_MSG_0_DATA0, msg[0]))
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	if (key < GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY ||
	    key > GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_KLV_KEY, 1);
	if (klen && klen != (is64 ? 2 : 1))
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, 1);
	if (!klen)
		val = 0;
	if (!is64 && msg[3])
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 3);
	if (!is64 && val && (!IS_ALIGNED(val, 4) || val < XESIM_GUC_CTB_MIN_SIZE ||
			     val > XESIM_GUC_CTB_MAX_SIZE))
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 2);

	guard(mutex)(&gf->lock);
	if (gf->vfid && (gf->vf.cur == XESIM_GUC_VF_UNPROVISIONED ||
			 gf->vf.cur == XESIM_GUC_VF_STOPPED ||
			 gf->vf.cur == XESIM_GUC_VF_FLR_IN_PROGRESS ||
			 guc_vf_in_resfix(gf)))
		return guc_fail(reply, gf->vf.cur == XESIM_GUC_VF_UNPROVISIONED ?
				XE_GUC_RESPONSE_UNPROVISIONED_VF :
				XE_GUC_RESPONSE_INVALID_STATE, gf->vf.cur);
	/* CT addresses dword aligned, memirq as guc_memirq_addr_ok() says */
	if (is64 && val &&
	    ((!IS_ALIGNED(val, 4) && key > GUC_KLV_SELF_CFG_MEMIRQ_SOURCE_ADDR_KEY) ||
	     (key == GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY &&
	      !guc_memirq_addr_ok(XESIM_GUC_REF_MEMIRQ_STATUS, val)) ||
	     !guc_fn_ggtt_ok(gf, val, 1)))
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS, 2);
	if (key == GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY ||
	    key == GUC_KLV_SELF_CFG_MEMIRQ_SOURCE_ADDR_KEY) {
		if (key == GUC_KLV_SELF_CFG_MEMIRQ_STATUS_ADDR_KEY)
			gf->memirq_status = val;
		else
			gf->memirq_source = val;
		if (gf->fn)
			xesim_irq_set_memirq(gf->fn, gf->memirq_source, gf->memirq_status);
		return guc_ok(reply, 1);
	}

	guard(mutex)(&gf->ct_lock);
	if (gf->ct_enabled)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_STATE, 0);
	switch (key) {
	case GUC_KLV_SELF_CFG_H2G_CTB_ADDR_KEY:
		gf->h2g.buf = val;
		break;
	case GUC_KLV_SELF_CFG_H2G_CTB_DESCRIPTOR_ADDR_KEY:
		gf->h2g.desc = val;
		break;
	case GUC_KLV_SELF_CFG_H2G_CTB_SIZE_KEY:
		gf->h2g.size = val;
		break;
	case GUC_KLV_SELF_CFG_G2H_CTB_ADDR_KEY:
		gf->g2h.buf = val;
		break;
	case GUC_KLV_SELF_CFG_G2H_CTB_DESCRIPTOR_ADDR_KEY:
		gf->g2h.desc = val;
		break;
	default:
		gf->g2h.size = val;
		break;
	}
	return guc_ok(reply, 1);
}

static bool guc_ct_dir_ok(struct xesim_guc_fn *gf, struct xesim_guc_ct_dir *dir,
			  bool h2g)
{
	u32 head, tail, status;

	if (!dir->size || !dir->desc || !dir->buf ||
	    !guc_fn_ggtt_ok(gf, dir->desc, GUC_CTB_DESC_SIZE) ||
	    !guc_fn_ggtt_ok(gf, dir->buf, dir->size))
		return false;
	if (guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_HEAD, &head) ||
	    guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_TAIL, &tail) ||
	    guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_STATUS, &status))
		return false;
	if (head >= dir->size / 4 || tail >= dir->size / 4 || status)
		return false;
	dir->pos = h2g ? head : tail;
	return true;
}

/* enable or disable the CT channel; caller holds gf->lock and gf->ct_lock */
static u32 guc_ct_control(struct xesim_guc_fn *gf, bool enable)
{
	lockdep_assert_held(&gf->lock);
	lockdep_assert_held(&gf->ct_lock);

	if (!enable) {
		gf->ct_enabled = false;
		guc_backlog_free(gf);
		return 0;
	}
	if (!guc_ct_dir_ok(gf, &gf->h2g, true) ||
	    !guc_ct_dir_ok(gf, &gf->g2h, false))
		return XE_GUC_RESPONSE_INVALID_PARAMS;
	gf->ct_enabled = true;
	gf->h2g_scan = gf->h2g.pos;
	return 0;
}

static u32 guc_control_ctb(struct xesim_guc_fn *gf, const u32 *msg,
			   struct xesim_hxg_reply *reply)
{
	u32 err = 0;

	if (msg[1] != GUC_CTB_CONTROL_ENABLE && msg[1] != GUC_CTB_CONTROL_DISABLE)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 1);
	scoped_guard(mutex, &gf->lock) {
		if (gf->vfid && (guc_vf_in_resfix(gf) ||
				 (msg[1] == GUC_CTB_CONTROL_ENABLE &&
				  (gf->vf.cur == XESIM_GUC_VF_UNPROVISIONED ||
				   gf->vf.cur == XESIM_GUC_VF_STOPPED ||
				   gf->vf.cur == XESIM_GUC_VF_FLR_IN_PROGRESS))))
			return guc_fail(reply, XE_GUC_RESPONSE_INVALID_STATE,
					gf->vf.cur);
		scoped_guard(mutex, &gf->ct_lock)
			err = guc_ct_control(gf, msg[1] == GUC_CTB_CONTROL_ENABLE);
	}
	if (err)
		return guc_fail(reply, err, 1);
	gf_dbg(gf, "CT %s\n", msg[1] ? "enabled" : "disabled");
	return guc_ok(reply, 0);
}

/* ---- PF actions ---- */

static struct xesim_guc_fn *guc_pf_target(struct xesim_guc *guc, u32 vfid,
					  struct xesim_hxg_reply *reply)
{
	if (!vfid || vfid >= guc->nr_fns) {
		guc_fail(reply, XE_GUC_RESPONSE_INVALID_VFID, 1);
		return NULL;
	}
	return &guc->fns[vfid];
}

/* provision and configure a VF from its KLVs; caller holds gf->lock */
static u32 guc_pf_apply_cfg(struct xesim_guc *guc, struct xesim_guc_fn *gf,
			    const u32 *klvs, u32 size,
			    struct xesim_hxg_reply *reply)
{
	struct xesim_guc_vf_action act = {};
	struct xesim_vf_config dev = {};
	struct xesim_guc_vf_config tmp;
	u32 count, hint, err;
	int ret;

	lockdep_assert_held(&gf->lock);
	tmp = gf->cfg;
	if (!size)
		memset(&tmp, 0, sizeof(tmp));
	/* what the parser or the state machine refuses, the update refuses with its reply */
	if ((!size || !xesim_guc_pf_parse_vf_cfg(klvs, size, guc_ggtt_limit(guc), &tmp,
						 &count, &hint)) &&
	    !xesim_guc_vf_state_check(&gf->vf, xesim_guc_vf_state_config_usable(&tmp) ?
				      XESIM_GUC_VF_EV_PROVISION : XESIM_GUC_VF_EV_UNPROVISION, 0)) {
		dev.ggtt_start = tmp.ggtt_start;
		dev.ggtt_size = tmp.ggtt_size;
		dev.lmem_size = tmp.lmem_size;
		ret = xesim_gpu_provision_vf(guc->gpu, gf->vfid, &dev);
		if (ret)
			return guc_fail(reply, ret == -ENOSPC ? XE_GUC_RESPONSE_DATA_TOO_LARGE :
					XE_GUC_RESPONSE_INVALID_KLV_DATA, 0);
	}
	err = xesim_guc_pf_update_vf_cfg(&gf->vf, &gf->cfg, klvs, size,
					 guc_ggtt_limit(guc), reply, &act);
	if (!err)
		guc_apply(gf, &act);
	return err;
}

static u32 guc_pf_update_cfg(struct xesim_guc *guc, const struct xesim_guc_pf_request *req,
			     struct xesim_hxg_reply *reply)
{
	struct xesim_guc_fn *gf = guc_pf_target(guc, req->vfid, reply);
	u32 *klvs = NULL, count, err;

	if (!gf)
		return XE_GUC_RESPONSE_INVALID_VFID;
	if (req->size > XESIM_GUC_KLV_MAX_DW)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, 4);
	if (req->size) {
		klvs = kcalloc(req->size, sizeof(u32), GFP_KERNEL);
		if (!klvs)
			return guc_fail(reply, XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION, 0);
		if (guc_pf_mem_rw(guc, req->addr, klvs, req->size * 4, false)) {
			kfree(klvs);
			return guc_fail(reply, XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS, 2);
		}
		for (count = 0; count < req->size; count++)
			klvs[count] = le32_to_cpu((__force __le32)klvs[count]);
	}

	scoped_guard(mutex, &gf->lock)
		err = guc_pf_apply_cfg(guc, gf, klvs, req->size, reply);
	kfree(klvs);
	return err;
}

static u32 guc_pf_control(struct xesim_guc *guc, const struct xesim_guc_pf_request *req,
			  struct xesim_hxg_reply *reply)
{
	struct xesim_guc_fn *gf = guc_pf_target(guc, req->vfid, reply);
	struct xesim_guc_vf_action act = {};
	u32 err;

	if (!gf)
		return XE_GUC_RESPONSE_INVALID_VFID;
	guard(mutex)(&gf->lock);
	err = xesim_guc_pf_vf_control(&gf->vf, req->op, reply, &act);
	if (!err)
		guc_apply(gf, &act);
	return err;
}

/* fill a snapshot of a VF's GuC state; caller holds gf->lock, frees *mem */
static int guc_snapshot(struct xesim_guc_fn *gf, struct xesim_guc_vf_snapshot *snap,
			void **mem)
{
	struct xesim_guc *guc = gf->guc;
	struct xesim_guc_g2h_msg *m;
	struct xesim_guc_ctx *ctx;
	unsigned long id;
	u32 n = 0, words = 0;
	u8 *p;

	memset(snap, 0, sizeof(*snap));
	xa_for_each(&gf->ctxs, id, ctx)
		n++;
	/* the backlog is saved as it is: nothing is written into a paused VF */
	scoped_guard(mutex, &gf->ct_lock) {
		list_for_each_entry(m, &gf->backlog, link)
			words += m->len;
		p = kvzalloc(n * sizeof(*snap->ctxs) + 2 * sizeof(*snap->refs) +
			     words * sizeof(u32), GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		*mem = p;
		snap->ctxs = (void *)p;
		snap->refs = (void *)(p + n * sizeof(*snap->ctxs));
		snap->words = (void *)(p + n * sizeof(*snap->ctxs) + 2 * sizeof(*snap->refs));

		if (gf->ct_enabled) {
			snap->ct_registered = true;
			snap->h2g.desc_addr = gf->h2g.desc;
			snap->h2g.buf_addr = gf->h2g.buf;
			snap->h2g.size = gf->h2g.size;
			snap->h2g.head = gf->h2g.pos;
			snap->g2h.desc_addr = gf->g2h.desc;
			snap->g2h.buf_addr = gf->g2h.buf;
			snap->g2h.size = gf->g2h.size;
			snap->g2h.tail = gf->g2h.pos;
			list_for_each_entry(m, &gf->backlog, link) {
				memcpy(&snap->words[snap->nr_words], m->msg, m->len * sizeof(u32));
				snap->nr_words += m->len;
			}
		}
	}

	scoped_guard(spinlock, &guc->sched_lock) {
		xa_for_each(&gf->ctxs, id, ctx) {
			struct xesim_guc_ctx_snap *c = &snap->ctxs[snap->nr_ctxs++];

			c->id = ctx->id;
			c->engine = ctx->engine_class;
			c->lrc_addr = ctx->lrca;
			c->prio = ctx->policy.prio;
			c->quantum_us = ctx->policy.quantum_us;
			c->preempt_us = ctx->policy.preempt_timeout_us;
			c->flags = (ctx->enabled ? XESIM_GUC_CTX_F_ENABLED : 0) |
				   (ctx->policy.preempt_to_idle ?
				    XESIM_GUC_CTX_F_PREEMPT_TO_IDLE : 0) |
				   (ctx->queued || ctx->kick || ctx->resubmit || ctx->stalled ?
				    XESIM_GUC_CTX_F_SUBMITTED : 0);
		}
	}
	if (gf->memirq_status)
		snap->refs[snap->nr_refs++] = (struct xesim_guc_ref_snap) {
			.tag = XESIM_GUC_REF_MEMIRQ_STATUS, .addr = gf->memirq_status };
	if (gf->memirq_source)
		snap->refs[snap->nr_refs++] = (struct xesim_guc_ref_snap) {
			.tag = XESIM_GUC_REF_MEMIRQ_SOURCE, .addr = gf->memirq_source };
	return 0;
}

/* check a restored snapshot's device-defined parts; 0 if usable */
static int guc_snapshot_check(const struct xesim_guc_vf_snapshot *snap)
{
	u32 i, n, count;

	for (i = 0; i < snap->nr_ctxs; i++)
		if ((snap->ctxs[i].engine != GUC_RENDER_CLASS &&
		     snap->ctxs[i].engine != GUC_BLITTER_CLASS) ||
		    snap->ctxs[i].flags & ~XESIM_GUC_CTX_F_ALL ||
		    !snap->ctxs[i].quantum_us ||
		    snap->ctxs[i].quantum_us > XESIM_GUC_POLICY_MAX_US ||
		    snap->ctxs[i].preempt_us > XESIM_GUC_POLICY_MAX_US ||
		    !IS_ALIGNED(snap->ctxs[i].lrc_addr, XE_GGTT_PAGE_SIZE))
			return -EBADMSG;
	for (i = 0; i < snap->nr_refs; i++)
		if ((snap->refs[i].tag != XESIM_GUC_REF_MEMIRQ_STATUS &&
		     snap->refs[i].tag != XESIM_GUC_REF_MEMIRQ_SOURCE) ||
		    !guc_memirq_addr_ok(snap->refs[i].tag, snap->refs[i].addr))
			return -EBADMSG;
	if (snap->nr_words && !snap->ct_registered)
		return -EBADMSG;
	if (snap->ct_registered &&
	    (!IS_ALIGNED(snap->h2g.desc_addr, 4) || !IS_ALIGNED(snap->h2g.buf_addr, 4) ||
	     !IS_ALIGNED(snap->g2h.desc_addr, 4) || !IS_ALIGNED(snap->g2h.buf_addr, 4) ||
	     snap->h2g.size < XESIM_GUC_CTB_MIN_SIZE || snap->h2g.size > XESIM_GUC_CTB_MAX_SIZE ||
	     snap->g2h.size < XESIM_GUC_CTB_MIN_SIZE || snap->g2h.size > XESIM_GUC_CTB_MAX_SIZE))
		return -EBADMSG;
	/* G2H backlog: whole messages of at least one HXG dword, within the limit */
	for (i = 0, count = 0; i < snap->nr_words; i += n, count++) {
		n = 1 + FIELD_GET(GUC_CTB_MSG_0_NUM_DWORDS, snap->words[i]);
		if (n < 2 || n > snap->nr_words - i || count >= XESIM_GUC_G2H_BACKLOG_MAX)
			return -EBADMSG;
	}
	return 0;
}

/*
 * Install a checked snapshot, replacing the VF's GuC state; caller holds
 * gf->lock. On failure the VF's GuC state is forgotten (as after VF_RESET).
 */
static int guc_install(struct xesim_guc_fn *gf, const struct xesim_guc_vf_snapshot *snap)
{
	u32 i, n;

	guc_fn_reset(gf);
	for (i = 0; i < snap->nr_ctxs; i++) {
		const struct xesim_guc_ctx_snap *c = &snap->ctxs[i];
		struct xesim_guc_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

		if (!ctx || xesim_knob_fail(gf->guc->gpu, XESIM_KNOB_GUC_INSTALL) ||
		    xa_insert(&gf->ctxs, c->id, ctx, GFP_KERNEL)) {
			kfree(ctx);
			gf_err(gf, "restore: context %u not installed, restore refused\n", c->id);
			guc_fn_reset(gf);
			return -ENOMEM;
		}
		ctx->gf = gf;
		ctx->id = c->id;
		ctx->engine_class = c->engine;
		ctx->lrca = c->lrc_addr;
		xesim_guc_policy_init(&ctx->policy);
		ctx->policy.prio = c->prio;
		ctx->policy.quantum_us = c->quantum_us;
		ctx->policy.preempt_timeout_us = c->preempt_us;
		ctx->policy.preempt_to_idle = c->flags & XESIM_GUC_CTX_F_PREEMPT_TO_IDLE;
		ctx->enabled = c->flags & XESIM_GUC_CTX_F_ENABLED;
		ctx->resubmit = ctx->enabled && c->flags & XESIM_GUC_CTX_F_SUBMITTED;
		INIT_LIST_HEAD(&ctx->link);
	}
	for (i = 0; i < snap->nr_refs; i++) {
		if (snap->refs[i].tag == XESIM_GUC_REF_MEMIRQ_STATUS)
			gf->memirq_status = snap->refs[i].addr;
		else
			gf->memirq_source = snap->refs[i].addr;
	}
	if (gf->fn)
		xesim_irq_set_memirq(gf->fn, gf->memirq_source, gf->memirq_status);

	scoped_guard(mutex, &gf->ct_lock) {
		if (snap->ct_registered) {
			gf->h2g.desc = snap->h2g.desc_addr;
			gf->h2g.buf = snap->h2g.buf_addr;
			gf->h2g.size = snap->h2g.size;
			gf->h2g.pos = snap->h2g.head;
			gf->g2h.desc = snap->g2h.desc_addr;
			gf->g2h.buf = snap->g2h.buf_addr;
			gf->g2h.size = snap->g2h.size;
			gf->g2h.pos = snap->g2h.tail;
			gf->h2g_scan = gf->h2g.pos;
			gf->ct_enabled = true;
			for (i = 0; i < snap->nr_words; i += n) {
				n = 1 + FIELD_GET(GUC_CTB_MSG_0_NUM_DWORDS, snap->words[i]);
				guc_backlog_add(gf, &snap->words[i], n);
			}
		}
	}
	gf_dbg(gf, "restored %u contexts, GGTT base %#llx -> %#llx\n", snap->nr_ctxs,
	       snap->src_ggtt_start, gf->cfg.ggtt_start);
	return 0;
}

/* save a VF's GuC state into @buf and the PF's memory; caller holds gf->lock */
static u32 guc_pf_save_locked(struct xesim_guc *guc, struct xesim_guc_fn *gf, u64 addr,
			      void *buf, size_t bytes, void **mem,
			      struct xesim_hxg_reply *reply)
{
	struct xesim_guc_vf_snapshot snap;
	u32 err;

	lockdep_assert_held(&gf->lock);
	if (guc_snapshot(gf, &snap, mem))
		return guc_fail(reply, XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION, 0);
	err = xesim_guc_blob_save_vf(&gf->vf, guc->gpu->params.device_id, &gf->cfg, &snap,
				     buf, bytes, reply);
	if (!err && buf) {
		u32 used = FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, reply->msg[0]);

		if (guc_pf_mem_rw(guc, addr, buf, used * 4, true))
			err = guc_fail(reply, XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS, 2);
	}
	return err;
}

static u32 guc_pf_save(struct xesim_guc *guc, struct xesim_guc_fn *gf,
		       const struct xesim_guc_pf_request *req, struct xesim_hxg_reply *reply)
{
	size_t bytes = (size_t)req->size * 4;
	void *mem = NULL, *buf = NULL;
	u32 err;

	if (!req->addr != !req->size)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 2);
	if (bytes > XESIM_GUC_BLOB_MAX)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, 4);
	if (req->size && xesim_knob_fail(guc->gpu, XESIM_KNOB_GUC_SAVE))
		return guc_fail(reply, XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION, 0);
	if (bytes) {
		buf = kvzalloc(bytes, GFP_KERNEL);
		if (!buf)
			return guc_fail(reply, XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION, 0);
	}

	scoped_guard(mutex, &gf->lock)
		err = guc_pf_save_locked(guc, gf, req->addr, buf, bytes, &mem, reply);
	kvfree(mem);
	kvfree(buf);
	return err;
}

/*
 * Restore a VF's GuC state from the blob in @buf; caller holds gf->lock and
 * frees @snap.
 */
static u32 guc_pf_restore_locked(struct xesim_guc *guc, struct xesim_guc_fn *gf,
				 void *buf, size_t bytes,
				 struct xesim_guc_vf_snapshot *snap,
				 struct xesim_hxg_reply *reply)
{
	u16 devid = guc->gpu->params.device_id;
	struct xesim_guc_vf_action act = {};
	bool installed = false;
	ssize_t ret;
	u32 err;

	lockdep_assert_held(&gf->lock);
	if (!xesim_guc_vf_state_check(&gf->vf, XESIM_GUC_VF_EV_RESTORE, 0)) {
		/* check the device-defined parts before anything changes */
		ret = xesim_guc_blob_restore(&gf->vf, devid, &gf->cfg, buf, bytes, snap);
		if (ret >= 0 && ret != bytes) {
			gf_err(gf, "restore: %zu bytes for a blob of %zd refused\n", bytes, ret);
			ret = -EMSGSIZE;
		} else if (ret >= 0 && guc_snapshot_check(snap)) {
			gf_err(gf, "restore: blob with unknown device state refused\n");
			ret = -EBADMSG;
		}
		/* what can fail is done before the state changes */
		if (ret >= 0) {
			installed = !guc_install(gf, snap);
			if (!installed)
				ret = -ENOMEM;
		}
		xesim_guc_blob_snapshot_free(snap);
		if (ret < 0)
			return guc_fail(reply, xesim_guc_blob_errno_to_response(ret), -ret);
	}
	/* the state machine's own checks and transition (LOAD_STATE is done) */
	err = xesim_guc_blob_restore_vf(&gf->vf, devid, &gf->cfg, buf, bytes, snap, reply,
					&act);
	if (!err)
		guc_apply(gf, &act);
	else if (installed)
		guc_fn_reset(gf);
	return err;
}

static u32 guc_pf_restore(struct xesim_guc *guc, struct xesim_guc_fn *gf,
			  const struct xesim_guc_pf_request *req, struct xesim_hxg_reply *reply)
{
	struct xesim_guc_vf_snapshot snap = {};
	size_t bytes = (size_t)req->size * 4;
	void *buf;
	u32 err;

	if (!req->size || !req->addr)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 2);
	if (bytes > XESIM_GUC_BLOB_MAX)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_SIZE, 4);
	if (xesim_knob_fail(guc->gpu, XESIM_KNOB_GUC_RESTORE))
		return guc_fail(reply, XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION, 0);
	buf = kvmalloc(bytes, GFP_KERNEL);
	if (!buf)
		return guc_fail(reply, XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION, 0);
	if (guc_pf_mem_rw(guc, req->addr, buf, bytes, false)) {
		kvfree(buf);
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_GGTT_ADDRESS, 2);
	}

	scoped_guard(mutex, &gf->lock)
		err = guc_pf_restore_locked(guc, gf, buf, bytes, &snap, reply);
	xesim_guc_blob_snapshot_free(&snap);
	kvfree(buf);
	return err;
}

static u32 guc_pf_request(struct xesim_guc *guc, const u32 *msg, u32 len,
			  struct xesim_hxg_reply *reply)
{
	struct xesim_guc_pf_request req;
	struct xesim_guc_fn *gf;
	u32 err;

	err = xesim_guc_pf_parse(msg, len, &req, reply);
	if (err)
		return err;
	switch (req.action) {
	case GUC_ACTION_PF2GUC_UPDATE_VF_CFG:
		return guc_pf_update_cfg(guc, &req, reply);
	case GUC_ACTION_PF2GUC_VF_CONTROL:
		return guc_pf_control(guc, &req, reply);
	default:
		gf = guc_pf_target(guc, req.vfid, reply);
		if (!gf)
			return XE_GUC_RESPONSE_INVALID_VFID;
		if (req.op == GUC_PF_OPCODE_VF_SAVE)
			return guc_pf_save(guc, gf, &req, reply);
		return guc_pf_restore(guc, gf, &req, reply);
	}
}

/* the length of a PF MMIO request, implied by its action; 0 if unknown */
static u32 guc_pf_mmio_len(u32 action)
{
	switch (action) {
	case GUC_ACTION_HOST2GUC_SELF_CFG:
		return HOST2GUC_SELF_CFG_REQUEST_MSG_LEN;
	case GUC_ACTION_HOST2GUC_CONTROL_CTB:
		return HOST2GUC_CONTROL_CTB_REQUEST_MSG_LEN;
	case GUC_ACTION_PF2GUC_UPDATE_VF_CFG:
		return PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_LEN;
	case GUC_ACTION_PF2GUC_VF_CONTROL:
		return PF2GUC_VF_CONTROL_REQUEST_MSG_LEN;
	case GUC_ACTION_PF2GUC_SAVE_RESTORE_VF:
		return PF2GUC_SAVE_RESTORE_VF_REQUEST_MSG_LEN;
	default:
		return 0;
	}
}

/* ---- MMIO channel ---- */

static void guc_mmio_write(struct xesim_guc_fn *gf, unsigned int n, u32 val)
{
	lockdep_assert_held(&gf->mmio_lock);
	if (gf->vfid && gf->fn)
		xesim_regs_set_sw_flag(gf->fn, n, val);
	else if (!gf->vfid)
		WRITE_ONCE(gf->scratch[n], val);
}

static void guc_mmio_publish(struct xesim_guc_fn *gf, const struct xesim_hxg_reply *reply)
{
	int i;

	for (i = reply->len - 1; i >= 1; i--)
		guc_mmio_write(gf, i, reply->msg[i]);
	if (reply->len)
		guc_mmio_write(gf, 0, reply->msg[0]);
}

/*
 * The request numbered @seq is still the newest (no doorbell and no FLR
 * since it was latched): only then may it change state or be answered, as
 * a driver that rang again after a timeout reads the answer to its new
 * request, never a late one to the old.
 */
static bool guc_mmio_current(struct xesim_guc_fn *gf, u32 seq)
{
	bool newest = false;

	scoped_guard(spinlock, &gf->mmio_latch_lock)
		newest = seq == gf->mmio_seq && !gf->mmio_latched;
	return newest;
}

/* write @reply to the scratch registers if request @seq is still the newest */
static void guc_mmio_reply(struct xesim_guc_fn *gf, u32 seq, const struct xesim_hxg_reply *reply)
{
	scoped_guard(spinlock, &gf->mmio_latch_lock) {
		if (seq == gf->mmio_seq && !gf->mmio_latched)
			guc_mmio_publish(gf, reply);
	}
}

static void guc_busy_work(struct work_struct *work)
{
	struct xesim_guc_fn *gf = container_of(to_delayed_work(work), struct xesim_guc_fn,
					       busy_work);

	guard(mutex)(&gf->mmio_lock);
	guc_mmio_reply(gf, gf->busy_seq, &gf->busy_reply);
}

/* a VF's relay request @seq; caller holds gf->mmio_lock */
static u32 guc_vf_relay(struct xesim_guc_fn *gf, const u32 *msg, u32 seq,
			enum xesim_guc_relay_fault fault, struct xesim_hxg_reply *reply)
{
	struct xesim_guc_vf_action act = {};
	u32 err;

	guard(mutex)(&gf->lock);
	/* an FLR or a newer doorbell since it was taken: the request is gone */
	if (!guc_mmio_current(gf, seq))
		return 0;
	err = xesim_guc_relay_handle(&gf->vf, &gf->cfg, msg, GUC_MAX_MMIO_MSG_LEN, fault,
				     reply, &act);
	if (!err)
		guc_apply(gf, &act);
	return err;
}

/* serve request @seq latched by guc_doorbell_write(); caller holds mmio_lock */
static void guc_mmio_request(struct xesim_guc_fn *gf, const u32 *msg, u32 seq)
{
	u32 action, len, err = 0;
	struct xesim_guc *guc = gf->guc;
	enum xesim_guc_relay_fault fault = XESIM_GUC_RELAY_NORMAL;
	struct xesim_hxg_reply reply = {};
	bool ours;

	if (xesim_knob_fail(guc->gpu, XESIM_KNOB_GUC_RETRY))
		fault = XESIM_GUC_RELAY_RETRY;
	else if (xesim_knob_fail(guc->gpu, XESIM_KNOB_GUC_BUSY))
		fault = XESIM_GUC_RELAY_BUSY;

	action = FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, msg[0]);
	/* the VF relay serves the rest of a VF's requests, and its errors */
	ours = !gf->vfid ||
	       (FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[0]) == GUC_HXG_TYPE_REQUEST &&
		(action == GUC_ACTION_HOST2GUC_SELF_CFG ||
		 action == GUC_ACTION_HOST2GUC_CONTROL_CTB));

	if (ours && fault == XESIM_GUC_RELAY_RETRY) {
		reply.msg[0] = xesim_guc_hxg_retry(GUC_HXG_RETRY_REASON_UNSPECIFIED);
		reply.len = 1;
	} else if (!ours && action == GUC_ACTION_VF2GUC_QUERY_SINGLE_KLV &&
		   xesim_knob_fail(guc->gpu, XESIM_KNOB_GUC_QUERY)) {
		err = guc_fail(&reply, XE_GUC_RESPONSE_CANNOT_COMPLETE_ACTION, 0);
	} else if (!ours) {
		err = guc_vf_relay(gf, msg, seq, fault, &reply);
	} else if (FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[0]) != GUC_HXG_TYPE_REQUEST) {
		err = guc_fail(&reply, XE_GUC_RESPONSE_ERROR_PROTOCOL, msg[0] >> 28);
	} else if (action == GUC_ACTION_HOST2GUC_SELF_CFG) {
		err = guc_self_cfg(gf, msg, &reply);
	} else if (action == GUC_ACTION_HOST2GUC_CONTROL_CTB) {
		err = guc_control_ctb(gf, msg, &reply);
	} else {
		len = guc_pf_mmio_len(action);
		if (!len)
			err = guc_fail(&reply, XE_GUC_RESPONSE_UNKNOWN_ACTION, 0);
		else
			err = guc_pf_request(guc, msg, len, &reply);
	}
	if (ours && fault == XESIM_GUC_RELAY_BUSY) {
		reply.busy = true;
		reply.busy_msg = xesim_guc_hxg_busy(0);
	}
	if (err) {
		atomic64_inc(&gf->h2g_refused);
		gf_dbg(gf, "MMIO request %#x refused: error %#x\n", msg[0], err);
	}
	if (reply.busy) {
		struct xesim_hxg_reply busy = { .msg = { reply.busy_msg }, .len = 1 };

		guc_mmio_reply(gf, seq, &busy);
		reply.busy = false;
		gf->busy_reply = reply;
		gf->busy_seq = seq;
		mod_delayed_work(guc->wq, &gf->busy_work,
				 msecs_to_jiffies(XESIM_GUC_BUSY_DELAY_MS));
		return;
	}
	guc_mmio_reply(gf, seq, &reply);
}

static void guc_mmio_work(struct work_struct *work)
{
	struct xesim_guc_fn *gf = container_of(work, struct xesim_guc_fn, mmio_work);

	u32 msg[SOFT_SCRATCH_COUNT], seq;
	bool latched;

	guard(mutex)(&gf->mmio_lock);
	scoped_guard(spinlock, &gf->mmio_latch_lock) {
		latched = gf->mmio_latched;
		gf->mmio_latched = false;
		seq = gf->mmio_seq;
		memcpy(msg, gf->mmio_req, sizeof(msg));
	}
	/* a VF that went away has no registers */
	if (!latched || (gf->vfid && !gf->fn))
		return;
	guc_hook(gf, XESIM_GUC_HOOK_MMIO_TAKEN);
	guc_mmio_request(gf, msg, seq);
}

/* ---- H2G ---- */

/* read the next H2G message into @msg; 0 if none, else its HXG length + 1 */
static int guc_h2g_next(struct xesim_guc_fn *gf, u32 *msg)
{
	struct xesim_guc_ct_dir *dir = &gf->h2g;
	u32 size_dw, head, tail, status, avail, n;

	guard(mutex)(&gf->ct_lock);
	if (!gf->ct_enabled || !gf->fn)
		return 0;
	size_dw = dir->size / 4;
	if (guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_STATUS, &status) || status ||
	    guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_HEAD, &head) ||
	    guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_TAIL, &tail))
		return 0;
	if (tail >= size_dw || head >= size_dw) {
		guc_ct_set_status(gf, dir, GUC_CTB_STATUS_OVERFLOW, "head or tail out of range");
		return 0;
	}
	if (head != dir->pos) {
		guc_ct_set_status(gf, dir, GUC_CTB_STATUS_MISMATCH, "head changed by the host");
		return 0;
	}
	if (head == tail)
		return 0;
	avail = (tail + size_dw - head) % size_dw;
	if (guc_ring_rw(gf, dir, head, msg, 1, false))
		return 0;
	n = 1 + FIELD_GET(GUC_CTB_MSG_0_NUM_DWORDS, msg[0]);
	if (n > avail) {
		guc_ct_set_status(gf, dir, GUC_CTB_STATUS_UNDERFLOW, "message past the tail");
		return 0;
	}
	if (n > 1 && guc_ring_rw(gf, dir, (head + 1) % size_dw, &msg[1], n - 1, false))
		return 0;
	head = (head + n) % size_dw;
	if (guc_fn_write32(gf, dir->desc + GUC_CTB_DESC_HEAD, head))
		return 0;
	dir->pos = head;
	gf->h2g_scan = head;
	atomic64_inc(&gf->h2g_msgs);
	return n;
}

/* a context action of an H2G message; caller holds gf->lock */
static u32 guc_h2g_ctx_action(struct xesim_guc_fn *gf, u32 action, const u32 *msg,
			      u32 len, struct xesim_hxg_reply *reply)
{
	lockdep_assert_held(&gf->lock);
	switch (action) {
	case XE_GUC_ACTION_REGISTER_CONTEXT:
		return guc_register_ctx(gf, msg, len, reply);
	case XE_GUC_ACTION_DEREGISTER_CONTEXT:
		return guc_deregister_ctx(gf, msg, len, reply);
	case XE_GUC_ACTION_SCHED_CONTEXT_MODE_SET:
		return guc_mode_set(gf, msg, len, reply);
	case XE_GUC_ACTION_SCHED_CONTEXT:
		return guc_sched_ctx(gf, msg, len, reply);
	case XE_GUC_ACTION_HOST2GUC_UPDATE_CONTEXT_POLICIES:
		return guc_ctx_policies(gf, msg, len, reply);
	case XE_GUC_ACTION_PAGE_FAULT_RES_DESC:
		return guc_pf_reply(gf, msg, len, reply);
	default:
		return guc_fail(reply, XE_GUC_RESPONSE_UNKNOWN_ACTION, 0);
	}
}

static u32 guc_h2g_dispatch(struct xesim_guc_fn *gf, const u32 *msg, u32 len,
			    struct xesim_hxg_reply *reply)
{
	u32 action = FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, msg[0]);

	if (FIELD_GET(GUC_HXG_REQUEST_MSG_0_DATA0, msg[0]) &&
	    action != GUC_ACTION_PF2GUC_SAVE_RESTORE_VF)
		return guc_fail(reply, XE_GUC_RESPONSE_INVALID_PARAMS, 0);
	if (!gf->vfid && action >= GUC_ACTION_PF2GUC_UPDATE_VF_CFG &&
	    action <= GUC_ACTION_PF2GUC_SAVE_RESTORE_VF && guc_pf_mmio_len(action))
		return guc_pf_request(gf->guc, msg, len, reply);

	/* a VF's message comes under its lock (guc_h2g_work()), the PF's not */
	if (gf->vfid)
		return guc_h2g_ctx_action(gf, action, msg, len, reply);
	guard(mutex)(&gf->lock);
	return guc_h2g_ctx_action(gf, action, msg, len, reply);
}

/*
 * Count the complete H2G messages a VF wrote in RESFIX_PAUSED or
 * RESFIX_BLOCKED, each once, without consuming them. Caller holds gf->lock.
 */
/* count the H2G messages written since the last scan; caller holds ct_lock */
static u32 guc_h2g_scan_blocked(struct xesim_guc_fn *gf)
{
	struct xesim_guc_ct_dir *dir = &gf->h2g;
	u32 size_dw, tail, pos, hdr, n, count = 0;

	lockdep_assert_held(&gf->ct_lock);
	if (!gf->ct_enabled || !gf->fn ||
	    guc_fn_read32(gf, dir->desc + GUC_CTB_DESC_TAIL, &tail))
		return 0;
	size_dw = dir->size / 4;
	if (tail >= size_dw || gf->h2g_scan >= size_dw)
		return 0;
	/* a tail moved back towards the head (messages discarded) */
	if ((gf->h2g_scan + size_dw - dir->pos) % size_dw >
	    (tail + size_dw - dir->pos) % size_dw)
		gf->h2g_scan = tail;
	for (pos = gf->h2g_scan; pos != tail; pos = (pos + n) % size_dw, count++) {
		if (guc_ring_rw(gf, dir, pos, &hdr, 1, false))
			break;
		n = 1 + FIELD_GET(GUC_CTB_MSG_0_NUM_DWORDS, hdr);
		if (n > (tail + size_dw - pos) % size_dw)
			break;
	}
	gf->h2g_scan = pos;
	return count;
}

static void guc_h2g_count_blocked(struct xesim_guc_fn *gf)
{
	u32 count;

	scoped_guard(mutex, &gf->ct_lock)
		count = guc_h2g_scan_blocked(gf);
	if (count)
		atomic64_add(count, &gf->h2g_while_blocked);
}

/* may the GuC consume the VF's H2G now? Caller holds gf->lock. */
static bool guc_h2g_open(struct xesim_guc_fn *gf)
{
	lockdep_assert_held(&gf->lock);
	if (gf->vf.cur == XESIM_GUC_VF_RESFIX_PAUSED || gf->vf.cur == XESIM_GUC_VF_RESFIX_BLOCKED)
		guc_h2g_count_blocked(gf);
	return xesim_guc_vf_state_runnable(&gf->vf) && !READ_ONCE(gf->hold_h2g);
}

/* apply one H2G message of @n dwords and answer it */
static void guc_h2g_apply(struct xesim_guc_fn *gf, const u32 *msg, u32 n)
{
	struct xesim_hxg_reply reply;
	u32 fence, type, err;

	guc_hook(gf, XESIM_GUC_HOOK_H2G_DEQUEUED);
	fence = FIELD_GET(GUC_CTB_MSG_0_FENCE, msg[0]);
	if (FIELD_GET(GUC_CTB_MSG_0_FORMAT, msg[0]) != GUC_CTB_FORMAT_HXG || n < 2) {
		atomic64_inc(&gf->h2g_refused);
		gf_dbg(gf, "H2G message %#x: bad format or empty\n", msg[0]);
		return;
	}
	type = FIELD_GET(GUC_HXG_MSG_0_TYPE, msg[1]);
	if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, msg[1]) != GUC_HXG_ORIGIN_HOST ||
	    (type != GUC_HXG_TYPE_REQUEST && type != GUC_HXG_TYPE_FAST_REQUEST)) {
		if (type != GUC_HXG_TYPE_EVENT)
			atomic64_inc(&gf->h2g_refused);
		return;
	}
	err = guc_h2g_dispatch(gf, &msg[1], n - 1, &reply);
	if (err) {
		atomic64_inc(&gf->h2g_refused);
		gf_dbg(gf, "H2G %#x refused: error %#x\n", msg[1], err);
	}
	if (err || type == GUC_HXG_TYPE_REQUEST)
		guc_g2h_send(gf, fence, reply.msg, reply.len);
}

/* take the next H2G message and apply it; 0 when there is none */
static int guc_h2g_take(struct xesim_guc_fn *gf, u32 *msg)
{
	int n = guc_h2g_next(gf, msg);

	if (n)
		guc_h2g_apply(gf, msg, n);
	return n;
}

static void guc_h2g_work(struct work_struct *work)
{
	struct xesim_guc_fn *gf = container_of(work, struct xesim_guc_fn, h2g_work);
	u32 msg[GUC_CTB_HDR_LEN + GUC_CTB_MAX_DWORDS];
	int n;

	/*
	 * A VF's message is taken from the ring, applied and answered under
	 * its lock: a pause or save sees the head before it or its effect.
	 */
	for (;;) {
		if (gf->vfid) {
			guard(mutex)(&gf->lock);
			if (!guc_h2g_open(gf))
				return;
			n = guc_h2g_take(gf, msg);
		} else {
			n = guc_h2g_take(gf, msg);
		}
		if (!n)
			return;
	}
}

/* ---- register hooks ---- */

static struct xesim_guc_fn *guc_fn_of(struct xesim_fn *fn)
{
	return fn->model;
}

/*
 * Latch a host request in the function's scratch registers for the GuC's
 * worker and answer BUSY at once: in the writer's context, without a lock
 * that sleeps or an allocation. Returns whether there was one.
 */
static bool guc_mmio_latch(struct xesim_guc_fn *gf, struct xesim_fn *fn)
{
	unsigned int n = gf->vfid ? VF_SW_FLAG_COUNT : SOFT_SCRATCH_COUNT, i;
	u32 hdr = gf->vfid ? xesim_regs_sw_flag(fn, 0) : READ_ONCE(gf->scratch[0]);

	if (!hdr || FIELD_GET(GUC_HXG_MSG_0_ORIGIN, hdr) != GUC_HXG_ORIGIN_HOST)
		return false;
	if (xesim_knob_fail(gf->guc->gpu, XESIM_KNOB_GUC_DROP))
		return false;
	scoped_guard(spinlock, &gf->mmio_latch_lock) {
		for (i = 0; i < n; i++)
			gf->mmio_req[i] = gf->vfid ? xesim_regs_sw_flag(fn, i) :
						     READ_ONCE(gf->scratch[i]);
		gf->mmio_latched = true;
		gf->mmio_seq++;
		if (gf->vfid)
			xesim_regs_set_sw_flag(fn, 0, xesim_guc_hxg_busy(0));
		else
			WRITE_ONCE(gf->scratch[0], xesim_guc_hxg_busy(0));
	}
	return true;
}

static void guc_doorbell_write(struct xesim_fn *fn, u32 reg, u32 val)
{
	struct xesim_guc_fn *gf = guc_fn_of(fn);
	struct xesim_guc *guc;

	if (!gf || !(val & GUC_SEND_TRIGGER))
		return;
	guc = gf->guc;
	if (gf->vfid && xesim_knob_fail(guc->gpu, XESIM_KNOB_GUC_MIGRATED))
		xesim_irq_raise(fn, GUC_INTR_VF_MIGRATED);
	if (guc_mmio_latch(gf, fn))
		queue_work(guc->wq, &gf->mmio_work);
	queue_work(guc->wq, &gf->h2g_work);
	mod_delayed_work(guc->wq, &gf->g2h_work, 0);
}

static u32 guc_scratch_read(struct xesim_fn *fn, u32 reg)
{
	struct xesim_guc_fn *gf = guc_fn_of(fn);

	if (!gf || gf->vfid) {
		atomic64_inc(&fn->stats.reg_unknown_reads);
		return 0;
	}
	return READ_ONCE(gf->scratch[(reg - SOFT_SCRATCH(0)) / 4]);
}

static void guc_scratch_write(struct xesim_fn *fn, u32 reg, u32 val)
{
	struct xesim_guc_fn *gf = guc_fn_of(fn);

	if (!gf || gf->vfid) {
		atomic64_inc(&fn->stats.reg_unknown_writes);
		return;
	}
	WRITE_ONCE(gf->scratch[(reg - SOFT_SCRATCH(0)) / 4], val);
}

/**
 * xesim_guc_hold_h2g() - Stop or restart the GuC consuming a VF's H2G
 * messages (debugfs ``vf<M>/hold_h2g``).
 * @gpu: the GPU.
 * @vfid: the VF.
 * @hold: true: messages wait in the VF's ring; false: the GuC consumes what
 *        waits, and what comes, as the VF's state allows.
 *
 * Context: process context.
 * Return: 0, or -EINVAL for no such VF.
 */
int xesim_guc_hold_h2g(struct xesim_gpu *gpu, unsigned int vfid, bool hold)
{
	struct xesim_guc *guc = gpu->model;
	struct xesim_guc_fn *gf;

	if (!guc || !vfid || vfid >= guc->nr_fns)
		return -EINVAL;
	gf = &guc->fns[vfid];
	scoped_guard(mutex, &gf->lock)
		WRITE_ONCE(gf->hold_h2g, hold);
	if (!hold)
		queue_work(guc->wq, &gf->h2g_work);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_hold_h2g);

/**
 * xesim_guc_h2g_while_blocked() - H2G messages a VF wrote in RESFIX_PAUSED
 * or RESFIX_BLOCKED (debugfs ``vf<M>/state``: ``h2g_while_blocked``).
 * @gpu: the GPU.
 * @vfid: the VF.
 *
 * Return: the count, 0 for no such VF.
 */
u64 xesim_guc_h2g_while_blocked(struct xesim_gpu *gpu, unsigned int vfid)
{
	struct xesim_guc *guc = gpu->model;

	if (!guc || !vfid || vfid >= guc->nr_fns)
		return 0;
	return atomic64_read(&guc->fns[vfid].h2g_while_blocked);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_h2g_while_blocked);

/**
 * xesim_guc_pagefault_dropped() - Page fault replies of a function that matched
 * no pending fault, or were malformed (`xesim GuC page faults`).
 * @gpu: the GPU.
 * @vfid: the function.
 *
 * Context: any context.
 * Return: the count; 0 for a function that does not exist.
 */
u64 xesim_guc_pagefault_dropped(struct xesim_gpu *gpu, unsigned int vfid)
{
	struct xesim_guc *guc = gpu->model;

	if (!guc || vfid >= guc->nr_fns)
		return 0;
	return atomic64_read(&guc->fns[vfid].pf_dropped);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_pagefault_dropped);

/**
 * xesim_guc_test_hook() - Stop the GuC model once at a hook point, for a
 * KUnit test that needs a deterministic interleaving.
 * @gpu: the GPU.
 * @vfid: the function whose work is stopped.
 * @point: where.
 * @hook: initialized completions; NULL disarms. The model completes
 *        @hook->reached at the point and waits for @hook->release.
 *
 * Context: process context.
 */
void xesim_guc_test_hook(struct xesim_gpu *gpu, unsigned int vfid,
			 enum xesim_guc_hook_point point, struct xesim_guc_hook *hook)
{
	struct xesim_guc *guc = gpu->model;

	if (guc && vfid < guc->nr_fns && point < XESIM_GUC_HOOK_NR)
		xchg(&guc->fns[vfid].hooks[point], hook);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_test_hook);

static int guc_hold_h2g_get(void *data, u64 *val)
{
	struct xesim_guc_fn *gf = data;

	*val = READ_ONCE(gf->hold_h2g);
	return 0;
}

static int guc_hold_h2g_set(void *data, u64 val)
{
	struct xesim_guc_fn *gf = data;

	if (val > 1)
		return -EINVAL;
	return xesim_guc_hold_h2g(gf->guc->gpu, gf->vfid, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(guc_hold_h2g_fops, guc_hold_h2g_get, guc_hold_h2g_set, "%llu\n");

/* ---- lifecycle ---- */

static int guc_show(struct seq_file *m, void *data)
{
	xesim_guc_show(m->private, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(guc);

/**
 * xesim_guc_show() - Print the GuC state of a GPU (debugfs ``guc``).
 * @gpu: the GPU.
 * @m: the seq file.
 *
 * Context: process context.
 */
void xesim_guc_show(struct xesim_gpu *gpu, struct seq_file *m)
{
	struct xesim_guc *guc = gpu->model;
	unsigned int i, n;

	for (i = 0; i < XESIM_GUC_NUM_ENGINES; i++) {
		struct xesim_guc_engine *eng = &guc->engines[i];

		seq_printf(m, "%s: slices %lld runs %llu faults", eng->name,
			   atomic64_read(&eng->slices), READ_ONCE(eng->stats.runs));
		for (n = 1; n < XESIM_CS_FAULT_NR; n++)
			seq_printf(m, " %llu", READ_ONCE(eng->stats.faults[n]));
		seq_puts(m, "\n");
	}
	for (i = 0; i < guc->nr_fns; i++) {
		struct xesim_guc_fn *gf = &guc->fns[i];

		seq_printf(m, "fn%u: state %s ct %d h2g %lld refused %lld g2h %lld dropped %lld ct_errors %lld resets %lld user_irqs %lld pf_reported %lld pf_resolved %lld pf_failed %lld pf_dropped %lld\n",
			   i, i ? xesim_guc_vf_state_name(xesim_guc_vf_state_get(&gf->vf)) : "PF",
			   READ_ONCE(gf->ct_enabled), atomic64_read(&gf->h2g_msgs),
			   atomic64_read(&gf->h2g_refused), atomic64_read(&gf->g2h_msgs),
			   atomic64_read(&gf->g2h_dropped), atomic64_read(&gf->ct_errors),
			   atomic64_read(&gf->ctx_resets), atomic64_read(&gf->user_irqs),
			   atomic64_read(&gf->pf_reported), atomic64_read(&gf->pf_resolved),
			   atomic64_read(&gf->pf_failed), atomic64_read(&gf->pf_dropped));
	}
}

/**
 * xesim_guc_fn_show() - Print the GuC's state of a function at the end of
 * its debugfs ``state`` file.
 * @fn: the function.
 * @m: the seq file.
 *
 * Context: process context.
 */
void xesim_guc_fn_show(struct xesim_fn *fn, struct seq_file *m)
{
	struct xesim_guc_fn *gf = guc_fn_of(fn);
	struct xesim_guc_ctx *ctx;
	unsigned long id;

	if (!gf || !gf->vfid)
		return;
	seq_printf(m, "guc_state: %s\n",
		   xesim_guc_vf_state_name(xesim_guc_vf_state_get(&gf->vf)));
	seq_printf(m, "hold_h2g %d\n", READ_ONCE(gf->hold_h2g));
	seq_printf(m, "h2g_while_blocked %lld\n", atomic64_read(&gf->h2g_while_blocked));
	/* contexts come and go under the function's lock */
	guard(mutex)(&gf->lock);
	scoped_guard(spinlock, &gf->guc->sched_lock) {
		xa_for_each(&gf->ctxs, id, ctx)
			seq_printf(m, "ctx %lu prio %u quantum_us %u preempt_us %u policy_updates %u\n",
				   id, ctx->policy.prio, ctx->policy.quantum_us,
				   ctx->policy.preempt_timeout_us, ctx->policy.updates);
	}
}

static void guc_fn_state_fini(struct xesim_guc_fn *gf)
{
	struct xesim_guc_ctx *ctx;
	unsigned long id;

	cancel_work_sync(&gf->mmio_work);
	cancel_work_sync(&gf->h2g_work);
	cancel_work_sync(&gf->pause_work);
	cancel_delayed_work_sync(&gf->g2h_work);
	cancel_delayed_work_sync(&gf->busy_work);
	xa_for_each(&gf->ctxs, id, ctx) {
		xa_erase(&gf->ctxs, id);
		kfree(ctx);
	}
	xa_destroy(&gf->ctxs);
	guc_backlog_free(gf);
	mutex_destroy(&gf->ct_lock);
	mutex_destroy(&gf->lock);
	mutex_destroy(&gf->mmio_lock);
}

static void guc_gpu_fini(struct xesim_gpu *gpu)
{
	struct xesim_guc *guc = gpu->model;
	unsigned int i;

	if (!guc)
		return;
	debugfs_lookup_and_remove("guc", gpu->debugfs);
	for (i = 0; i < ARRAY_SIZE(guc->hooks); i++)
		xesim_regs_remove_hook(gpu, guc->hooks[i].reg);
	for (i = 0; i < XESIM_GUC_NUM_ENGINES; i++)
		if (guc->engines[i].thread)
			kthread_stop(guc->engines[i].thread);
	for (i = 0; i < guc->nr_fns; i++)
		guc_fn_state_fini(&guc->fns[i]);
	if (guc->wq)
		destroy_workqueue(guc->wq);
	mutex_destroy(&guc->atomic_lock);
	kfree(guc->fns);
	kfree(guc);
	gpu->model = NULL;
}

static int guc_gpu_init(struct xesim_gpu *gpu)
{
	static const char *const names[XESIM_GUC_NUM_ENGINES] = { "rcs0", "bcs0" };
	static const u32 classes[XESIM_GUC_NUM_ENGINES] = {
		GUC_RENDER_CLASS, GUC_BLITTER_CLASS
	};
	struct xesim_guc *guc;
	unsigned int i;
	int err;

	guc = kzalloc(sizeof(*guc), GFP_KERNEL);
	if (!guc)
		return -ENOMEM;
	guc->gpu = gpu;
	gpu->model = guc;
	spin_lock_init(&guc->sched_lock);
	init_waitqueue_head(&guc->sched_wq);
	init_waitqueue_head(&guc->idle_wq);
	mutex_init(&guc->atomic_lock);
	guc->nr_fns = gpu->params.max_vfs + 1;
	guc->fns = kcalloc(guc->nr_fns, sizeof(*guc->fns), GFP_KERNEL);
	guc->wq = alloc_workqueue("xesim%u_guc", WQ_UNBOUND, 0, gpu->id);
	if (!guc->fns || !guc->wq) {
		err = -ENOMEM;
		goto err_free_guc;
	}
	for (i = 0; i < guc->nr_fns; i++) {
		struct xesim_guc_fn *gf = &guc->fns[i];
		char name[32];

		gf->guc = guc;
		gf->vfid = i;
		/* page fault tags of another GuC seldom match this one's */
		gf->pf_seq = get_random_u16();
		mutex_init(&gf->mmio_lock);
		spin_lock_init(&gf->mmio_latch_lock);
		mutex_init(&gf->lock);
		mutex_init(&gf->ct_lock);
		xa_init(&gf->ctxs);
		INIT_LIST_HEAD(&gf->backlog);
		INIT_WORK(&gf->mmio_work, guc_mmio_work);
		INIT_WORK(&gf->h2g_work, guc_h2g_work);
		INIT_WORK(&gf->pause_work, guc_pause_work);
		INIT_DELAYED_WORK(&gf->g2h_work, guc_g2h_work);
		INIT_DELAYED_WORK(&gf->busy_work, guc_busy_work);
		snprintf(name, sizeof(name), "xesim%u.vf%u", gpu->id, i);
		xesim_guc_vf_state_init(&gf->vf, name, i, &gf->lock);
	}
	for (i = 0; i < XESIM_GUC_NUM_ENGINES; i++) {
		struct xesim_guc_engine *eng = &guc->engines[i];

		eng->guc = guc;
		eng->name = names[i];
		eng->class = classes[i];
		INIT_LIST_HEAD(&eng->queue);
		eng->thread = kthread_run(guc_engine_thread, eng, "xesim%u_%s", gpu->id,
					  eng->name);
		if (IS_ERR(eng->thread)) {
			err = PTR_ERR(eng->thread);
			eng->thread = NULL;
			goto err_free_guc;
		}
	}
	guc->hooks[0].reg = GUC_HOST_INTERRUPT;
	guc->hooks[0].write = guc_doorbell_write;
	for (i = 0; i < SOFT_SCRATCH_COUNT; i++) {
		guc->hooks[1 + i].reg = SOFT_SCRATCH(i);
		guc->hooks[1 + i].read = guc_scratch_read;
		guc->hooks[1 + i].write = guc_scratch_write;
	}
	for (i = 0; i < ARRAY_SIZE(guc->hooks); i++) {
		err = xesim_regs_add_hook(gpu, &guc->hooks[i]);
		if (err) {
			while (i--)
				xesim_regs_remove_hook(gpu, guc->hooks[i].reg);
			memset(guc->hooks, 0, sizeof(guc->hooks));
			goto err_free_guc;
		}
	}
	debugfs_create_file("guc", 0400, gpu->debugfs, gpu, &guc_fops);
	return 0;

err_free_guc:
	for (i = 0; i < XESIM_GUC_NUM_ENGINES; i++)
		if (guc->engines[i].thread)
			kthread_stop(guc->engines[i].thread);
	if (guc->wq)
		destroy_workqueue(guc->wq);
	kfree(guc->fns);
	kfree(guc);
	gpu->model = NULL;
	return err;
}

/*
 * Attach @fn to (or with NULL detach it from) its GuC function, under every
 * lock a reader of gf->fn may hold; an attached function gets the memirq
 * setup it had.
 */
static void guc_fn_set(struct xesim_guc_fn *gf, struct xesim_fn *fn)
{
	guard(mutex)(&gf->mmio_lock);
	guard(mutex)(&gf->lock);
	scoped_guard(mutex, &gf->ct_lock)
		scoped_guard(spinlock, &gf->guc->sched_lock)
			gf->fn = fn;
	if (fn && (gf->memirq_source || gf->memirq_status))
		xesim_irq_set_memirq(fn, gf->memirq_source, gf->memirq_status);
}

static int guc_fn_init(struct xesim_fn *fn)
{
	struct xesim_guc *guc = fn->gpu->model;
	struct xesim_guc_fn *gf;

	if (!guc || fn->vfid >= guc->nr_fns)
		return -EINVAL;
	gf = &guc->fns[fn->vfid];
	guc_fn_set(gf, fn);
	fn->model = gf;
	if (!fn->vfid)
		memset(gf->scratch, 0, sizeof(gf->scratch));
	else
		debugfs_create_file_unsafe("hold_h2g", 0600, fn->debugfs, gf,
					   &guc_hold_h2g_fops);
	/* contexts queued while the function was away may run again */
	wake_up_all(&guc->sched_wq);
	return 0;
}

static void guc_fn_fini(struct xesim_fn *fn)
{
	struct xesim_guc_fn *gf = guc_fn_of(fn);

	if (!gf)
		return;
	guc_fn_set(gf, NULL);
	/* engines pick no new slice of it; wait for the ones in flight */
	guc_wait_idle(gf);
	cancel_work_sync(&gf->mmio_work);
	cancel_work_sync(&gf->h2g_work);
	cancel_delayed_work_sync(&gf->busy_work);
	cancel_delayed_work_sync(&gf->g2h_work);
	fn->model = NULL;
}

static const struct xesim_model_ops guc_model_ops = {
	.gpu_init = guc_gpu_init,
	.gpu_fini = guc_gpu_fini,
	.fn_init = guc_fn_init,
	.fn_fini = guc_fn_fini,
	.fn_show = xesim_guc_fn_show,
};

/**
 * xesim_guc_model_register() - Install the GuC and engine models.
 *
 * Context: module initialization, before any GPU exists.
 * Return: 0 or -EBUSY.
 */
int xesim_guc_model_register(void)
{
	return xesim_model_set_ops(&guc_model_ops);
}

/**
 * xesim_guc_vf_state_of() - The GuC model's state of a VF, for tests of
 * other components (what ``guc`` in the GPU's debugfs shows).
 * @gpu: the GPU.
 * @vfid: the VF.
 *
 * Return: the state's name, or "?" for no such VF.
 */
const char *xesim_guc_vf_state_of(struct xesim_gpu *gpu, unsigned int vfid)
{
	struct xesim_guc *guc = gpu->model;

	if (!guc || !vfid || vfid >= guc->nr_fns)
		return "?";
	return xesim_guc_vf_state_name(xesim_guc_vf_state_get(&guc->fns[vfid].vf));
}
EXPORT_SYMBOL_IF_KUNIT(xesim_guc_vf_state_of);
