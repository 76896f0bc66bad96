// SPDX-License-Identifier: GPL-2.0
/*
 * Recoverable page faults of VMs in fault mode: the GuC's fault reports
 * (G2H REPORT_PAGE_FAULT_REQ_DESC), their handling in a worker, the bind
 * of the faulting mapping and the reply (H2G PAGE_FAULT_RES_DESC); and
 * the ASIDs the GuC names the VMs by.
 */

#include <drm/drm_gpuvm.h>
#include <drm/drm_print.h>
#include <drm/xe_drm.h>
#include <linux/bitfield.h>
#include <linux/kref.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <abi/guc_ct_abi.h>

#include "xevf_device_types.h"
#include "xevf_gt_pagefault.h"
#include "xevf_gt_pagefault_types.h"
#include "xevf_guc_ct.h"
#include "xevf_guc_hxg.h"
#include "xevf_printk.h"
#include "xevf_trace.h"
#include "xevf_userptr.h"
#include "xevf_vm.h"
#include "xevf_vm_bind.h"
#include "xevf_vm_types.h"

/**
 * DOC: xevf page faults
 *
 * A VM created with DRM_XE_VM_CREATE_FLAG_FAULT_MODE (which needs LR_MODE
 * and excludes SCRATCH_PAGE, as upstream's) binds on demand. Every VM gets
 * an ASID at creation (xa_alloc_cyclic() in &xevf_gt_pagefault.asid_to_vm,
 * 1 to XEVF_MAX_ASID - 1, as upstream's usm.asid_to_vm), and each exec
 * queue's context image carries it, with the recoverable bit for a
 * fault-mode VM (``asid`` of `xesim context image`). A MAP without
 * DRM_XE_VM_BIND_FLAG_IMMEDIATE puts the mapping in the VA tree and writes
 * no leaf (`xevf bind jobs`); IMMEDIATE writes them in the bind job; UNMAP
 * clears them. EXEC pins no userptr and no preempt fence exists: a job runs
 * until it touches a page with no leaf.
 *
 * The GPU then stalls the context at the command and the GuC reports the
 * fault: G2H REPORT_PAGE_FAULT_REQ_DESC (0x6002) with upstream's
 * descriptor. The CT receive path only copies the descriptor into a queue
 * (&xevf_gt_pagefault.queue; a full queue or a malformed message is dropped
 * and counted: the context stays stalled) and queues the worker, on an
 * ordered workqueue of its own, so faults are handled in the order they
 * came. For each descriptor the worker finds the VM by ASID
 * (kref_get_unless_zero() under &xevf_gt_pagefault.asid_lock, so a VM on
 * its way out is not found), takes &xevf_vm.lock, finds the mapping that
 * holds the page, and writes the leaves of the whole mapping: an object or
 * NULL mapping with xevf_vm_bind_va_fault(), a userptr with
 * xevf_userptr_fault() (its staged pages, or pinned again). It then
 * answers with H2G PAGE_FAULT_RES_DESC (0x6003), echoing the ASID, VF,
 * engine class and instance and PDATA of the descriptor, with upstream's
 * SUCCESS bit set when the fault could not be resolved: no VM (or not in
 * fault mode, or closed), no mapping at the address, a write to a
 * read-only mapping, a userptr whose memory is gone, or a TRVA fault. The
 * GuC then resets the context; its CONTEXT_RESET_NOTIFICATION bans the
 * queue (`xevf GuC submission`), as upstream's. Counters are in the
 * ``pagefault`` debugfs file; each fault handled fires the
 * ``xevf_pagefault`` tracepoint.
 *
 * Migration. A fault can be in three places when the VF is migrated, and
 * none is lost or handled twice with a different outcome:
 *
 * - Reported by the source GuC, not yet read by the driver: the G2H is in
 *   the saved backlog or ring, or was never sent after the pause; either
 *   way the context is saved stalled at the faulting command and runs it
 *   again after RESFIX_DONE (`xesim GuC page faults`): it faults again and
 *   the destination GuC reports it anew.
 * - In the queue or being handled: the worker does not stop for the
 *   recovery. A bind writes only ppGTT leaves in guest memory (LMEM
 *   offsets and DMA addresses, which the migration keeps), so it holds on
 *   the destination. Its reply goes through xevf_guc_ct_send(): while the
 *   recovery owns the channel the send waits and returns -EAGAIN, and the
 *   worker sends the same reply again (it holds no GGTT address) once the
 *   channel is back, to the destination GuC (&xevf_gt_pagefault.resent).
 * - Answered before the migration: a reply the source GuC consumed before
 *   the save resumed the context there; one it did not consume is in the
 *   H2G ring, which the recovery discards (`xevf CT channel`); a reply
 *   written after the discard reaches the destination GuC. In the last two
 *   cases the destination has no such fault pending (pending faults are
 *   not saved, and its tags differ), so it drops the reply, and the
 *   context, restored at the faulting command, runs it again. The leaves
 *   the handler wrote are in guest memory and moved with it: the command
 *   finds the page and goes on, with no second fault. Only when the
 *   handler had not written them yet (it failed, or runs late) does the
 *   command fault again; that report finds the mapping bound by then, or
 *   binds it (the bind is idempotent: the same leaves again), and is
 *   answered with success, or with the same failure.
 *
 * A report the source sent before the save and the driver reads only
 * after the recovery (the G2H backlog is restored and flushed after
 * RESFIX_DONE) is handled like any other: it binds, and its reply is
 * dropped by the destination GuC as stale.
 *
 * So the recovery itself (`xevf post-migration recovery`) does nothing for
 * page faults: it neither replays replies (a replayed one would be dropped
 * as stale) nor flushes the worker (which may wait on the channel the
 * recovery holds). Each fault ends either resolved by a later report on
 * the destination, or with the same failure the driver would give it
 * there.
 */

#define XEVF_PAGEFAULT_ROLE		"pagefault"
#define XEVF_PAGEFAULT_DESC_DW		(GUC_PF_DESC_MSG_LEN - 1)

/* a fault descriptor, decoded */
struct xevf_pagefault_desc {
	u64 addr;
	u32 asid;
	u16 pdata;
	u8 vfid;
	u8 access;
	u8 type;
	u8 level;
	u8 engine_class;
	u8 engine_instance;
	bool trva;
};

static void pagefault_decode(const u32 *d, struct xevf_pagefault_desc *pf)
{
	pf->level = FIELD_GET(GUC_PF_DESC_0_FAULT_LEVEL, d[0]);
	pf->trva = FIELD_GET(GUC_PF_DESC_0_TRVA_FAULT, d[0]);
	pf->engine_class = FIELD_GET(GUC_PF_DESC_0_ENG_CLASS, d[0]);
	pf->engine_instance = FIELD_GET(GUC_PF_DESC_0_ENG_INSTANCE, d[0]);
	pf->pdata = FIELD_GET(GUC_PF_DESC_0_PDATA_LO, d[0]) |
		    FIELD_GET(GUC_PF_DESC_1_PDATA_HI, d[1]) << GUC_PF_DESC_1_PDATA_HI_SHIFT;
	pf->asid = FIELD_GET(GUC_PF_DESC_1_ASID, d[1]);
	pf->access = FIELD_GET(GUC_PF_DESC_2_ACCESS_TYPE, d[2]);
	pf->type = FIELD_GET(GUC_PF_DESC_2_FAULT_TYPE, d[2]);
	pf->vfid = FIELD_GET(GUC_PF_DESC_2_VFID, d[2]);
	pf->addr = (d[2] & GUC_PF_DESC_2_VA_LO) | (u64)d[3] << 32;
}

/* the fault-mode VM of an ASID, with a reference, or NULL */
static struct xevf_vm *pagefault_asid_to_vm(struct xevf_device *xe, u32 asid)
{
	struct xevf_vm *vm;

	guard(rwsem_read)(&xe->pagefault.asid_lock);
	vm = xa_load(&xe->pagefault.asid_to_vm, asid);
	if (!vm || !(vm->flags & DRM_XE_VM_CREATE_FLAG_FAULT_MODE) ||
	    !kref_get_unless_zero(&vm->gpuvm.kref))
		return NULL;
	return vm;
}

/* bind the mapping that holds the faulting page; 0 or why not */
static int pagefault_handle(struct xevf_device *xe,
			    const struct xevf_pagefault_desc *pf)
{
	bool write = pf->access == GUC_PF_ACCESS_WRITE || pf->access == GUC_PF_ACCESS_ATOMIC;
	struct drm_gpuva *va;
	struct xevf_vm *vm;
	int err;

	/* translation-table faults are not the driver's to fix, as upstream */
	if (pf->trva)
		return -EFAULT;
	vm = pagefault_asid_to_vm(xe, pf->asid);
	if (!vm)
		return -EINVAL;
	scoped_guard(mutex, &vm->lock) {
		if (vm->closed) {
			err = -ENOENT;
			break;
		}
		va = drm_gpuva_find_first(&vm->gpuvm, pf->addr, SZ_4K);
		if (!va) {
			err = -EINVAL;
			break;
		}
		if (write && va->flags & XEVF_VA_READONLY) {
			err = -EACCES;
			break;
		}
		if (va->flags & XEVF_VA_USERPTR)
			err = xevf_userptr_fault(xevf_userptr_of(va));
		else
			err = xevf_vm_bind_va_fault(vm, va);
	}
	xevf_vm_put(vm);
	return err;
}

/* send the reply; sent again when a recovery took the channel meanwhile */
static void pagefault_reply(struct xevf_device *xe,
			    const struct xevf_pagefault_desc *pf, bool failed)
{
	u32 msg[GUC_PF_REPLY_MSG_LEN] = {
		xevf_guc_hxg_request(GUC_HXG_TYPE_FAST_REQUEST,
				     XE_GUC_ACTION_PAGE_FAULT_RES_DESC, 0),
		GUC_PF_REPLY_0_VALID | (failed ? GUC_PF_REPLY_0_SUCCESS : 0) |
		FIELD_PREP(GUC_PF_REPLY_0_REPLY, GUC_PF_REPLY_ACCESS) |
		FIELD_PREP(GUC_PF_REPLY_0_DESC_TYPE, GUC_PF_REPLY_FAULT_RESPONSE_DESC) |
		FIELD_PREP(GUC_PF_REPLY_0_ASID, pf->asid),
		FIELD_PREP(GUC_PF_REPLY_1_VFID, pf->vfid) |
		FIELD_PREP(GUC_PF_REPLY_1_ENG_INSTANCE, pf->engine_instance) |
		FIELD_PREP(GUC_PF_REPLY_1_ENG_CLASS, pf->engine_class) |
		FIELD_PREP(GUC_PF_REPLY_1_PDATA, pf->pdata),
	};
	int err;

	while ((err = xevf_guc_ct_send(xe, msg, ARRAY_SIZE(msg), 0, NULL)) == -EAGAIN)
		atomic64_inc(&xe->pagefault.resent);
	if (err) {
		atomic64_inc(&xe->pagefault.lost);
		xevf_err_ratelimited(xe, XEVF_PAGEFAULT_ROLE,
				     "reply for asid %u %#llx not sent: %pe\n", pf->asid,
				     pf->addr, ERR_PTR(err));
	}
}

static bool pagefault_next(struct xevf_gt_pagefault *q, u32 *desc)
{
	bool found = false;

	scoped_guard(spinlock, &q->lock) {
		if (q->tail != q->head) {
			memcpy(desc, q->queue[q->tail], sizeof(q->queue[0]));
			q->tail = (q->tail + 1) % XEVF_PAGEFAULT_QUEUE_LEN;
			found = true;
		}
	}
	return found;
}

static void pagefault_work(struct work_struct *work)
{
	struct xevf_gt_pagefault *q = container_of(work, struct xevf_gt_pagefault, work);
	struct xevf_device *xe = container_of(q, struct xevf_device, pagefault);
	u32 desc[XEVF_PAGEFAULT_DESC_DW];
	struct xevf_pagefault_desc pf;
	int err;

	while (pagefault_next(q, desc)) {
		pagefault_decode(desc, &pf);
		err = pagefault_handle(xe, &pf);
		trace_xevf_pagefault(dev_name(xe->drm.dev), pf.asid, pf.addr, pf.access,
				     pf.type, pf.engine_class, err);
		if (err) {
			atomic64_inc(&q->failed);
			xevf_dbg(xe, XEVF_PAGEFAULT_ROLE,
				 "fault asid %u %s %#llx (type %u, class %u instance %u) not resolved: %pe\n",
				 pf.asid, pf.access == GUC_PF_ACCESS_READ ? "read" : "write",
				 pf.addr, pf.type, pf.engine_class, pf.engine_instance,
				 ERR_PTR(err));
		} else {
			atomic64_inc(&q->resolved);
		}
		pagefault_reply(xe, &pf, err != 0);
		cond_resched();
	}
}

/**
 * xevf_gt_pagefault_handler() - A G2H REPORT_PAGE_FAULT_REQ_DESC: queue
 * the descriptor for the worker.
 * @xe: the device.
 * @msg: the HXG message (header and the four descriptor dwords).
 * @len: its dwords.
 *
 * Context: the CT receive path (process context); takes a spinlock only.
 * Return: 0, -EPROTO for a message of the wrong length, -ENOSPC when the
 * queue is full (the descriptor is dropped, counted and logged).
 */
int xevf_gt_pagefault_handler(struct xevf_device *xe, const u32 *msg, u32 len)
{
	struct xevf_gt_pagefault *q = &xe->pagefault;

	atomic64_inc(&q->faults);
	if (len != GUC_PF_DESC_MSG_LEN) {
		atomic64_inc(&q->dropped);
		xevf_err_ratelimited(xe, XEVF_PAGEFAULT_ROLE, "fault report of %u dwords\n", len);
		return -EPROTO;
	}
	scoped_guard(spinlock, &q->lock) {
		unsigned int next = (q->head + 1) % XEVF_PAGEFAULT_QUEUE_LEN;

		if (next == q->tail) {
			atomic64_inc(&q->dropped);
			xevf_err_ratelimited(xe, XEVF_PAGEFAULT_ROLE, "fault queue full: dropped\n");
			return -ENOSPC;
		}
		memcpy(q->queue[q->head], msg + 1, sizeof(q->queue[0]));
		q->head = next;
	}
	queue_work(q->wq, &q->work);
	return 0;
}

/**
 * xevf_gt_pagefault_asid_alloc() - Give a VM its ASID.
 * @xe: the device.
 * @vm: the VM, new.
 *
 * Context: process context.
 * Return: 0, -EBUSY when every ASID is taken, -ENOMEM.
 */
int xevf_gt_pagefault_asid_alloc(struct xevf_device *xe, struct xevf_vm *vm)
{
	u32 asid;
	int err;

	scoped_guard(rwsem_write, &xe->pagefault.asid_lock)
		err = xa_alloc_cyclic(&xe->pagefault.asid_to_vm, &asid, vm,
				      XA_LIMIT(1, XEVF_MAX_ASID - 1), &xe->pagefault.next_asid,
				      GFP_KERNEL);
	if (err < 0)
		return err;
	vm->asid = asid;
	return 0;
}

/**
 * xevf_gt_pagefault_asid_free() - Give a VM's ASID back (its last put).
 * @xe: the device.
 * @vm: the VM; nothing happens when it has no ASID.
 *
 * Context: process context.
 */
void xevf_gt_pagefault_asid_free(struct xevf_device *xe, struct xevf_vm *vm)
{
	if (!vm->asid)
		return;
	scoped_guard(rwsem_write, &xe->pagefault.asid_lock)
		WARN_ON(xa_erase(&xe->pagefault.asid_to_vm, vm->asid) != vm);
	vm->asid = 0;
}

/**
 * xevf_gt_pagefault_init() - Set up page-fault handling and the ASIDs.
 * @xe: the device, before its CT channel is up.
 *
 * Context: process context.
 * Return: 0 or -ENOMEM.
 */
int xevf_gt_pagefault_init(struct xevf_device *xe)
{
	struct xevf_gt_pagefault *q = &xe->pagefault;

	init_rwsem(&q->asid_lock);
	xa_init_flags(&q->asid_to_vm, XA_FLAGS_ALLOC);
	spin_lock_init(&q->lock);
	INIT_WORK(&q->work, pagefault_work);
	q->wq = alloc_ordered_workqueue("xevf-pagefault", 0);
	return q->wq ? 0 : -ENOMEM;
}

/**
 * xevf_gt_pagefault_fini() - Stop page-fault handling.
 * @xe: the device, its CT channel stopped (a reply in flight fails).
 *
 * Context: process context.
 */
void xevf_gt_pagefault_fini(struct xevf_device *xe)
{
	if (!xe->pagefault.wq)
		return;
	destroy_workqueue(xe->pagefault.wq);
	xe->pagefault.wq = NULL;
}

/**
 * xevf_gt_pagefault_print() - Print the page-fault counters.
 * @xe: the device.
 * @p: where to.
 */
void xevf_gt_pagefault_print(struct xevf_device *xe, struct drm_printer *p)
{
	struct xevf_gt_pagefault *q = &xe->pagefault;

	drm_printf(p, "faults: %lld\n", atomic64_read(&q->faults));
	drm_printf(p, "resolved: %lld\n", atomic64_read(&q->resolved));
	drm_printf(p, "failed: %lld\n", atomic64_read(&q->failed));
	drm_printf(p, "dropped: %lld\n", atomic64_read(&q->dropped));
	drm_printf(p, "resent: %lld\n", atomic64_read(&q->resent));
	drm_printf(p, "lost: %lld\n", atomic64_read(&q->lost));
}
