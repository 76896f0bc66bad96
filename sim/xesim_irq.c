// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts of the simulated device.
 */

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/cleanup.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>

#include <kunit/visibility.h>

#include "abi/xe_regs_abi.h"
#include "xesim_ggtt.h"
#include "xesim_gpu_types.h"
#include "xesim_irq.h"
#include "xesim_knob.h"
#include "xesim_printk.h"
#include "xesim_slot_types.h"

/**
 * DOC: xesim interrupts
 *
 * The device models raise GuC interrupt vector bits on a function with
 * xesim_irq_raise(): GUC_INTR_GUC2HOST when a CT message waits,
 * GUC_INTR_SW_INT_0 when a VF was migrated. The device then reports the bits
 * in the two ways Xe hardware has, and sends the function an MSI if either
 * reported them:
 *
 * - Memory based, as upstream Xe VFs use (see upstream xe_memirq.c): the
 *   driver allocates a page in its GGTT range (abi/xe_regs_abi.h gives the
 *   layout) and tells the GuC where the GuC's status vector and source byte
 *   are, with HOST2GUC_SELF_CFG and the MEMIRQ KLVs. The GuC model stores
 *   them with xesim_irq_set_memirq(). On a raise the device writes
 *   XE_MEMIRQ_SET into the status byte of each raised bit, then into the
 *   source byte, through the GGTT as the function, so the page must be
 *   mapped by a PTE of that function (and, in system memory, DMA-mapped).
 *   The driver's handler scans and clears the bytes.
 * - Register based, as the upstream PF uses: the bits latch in an IIR; if
 *   GUC_SG_INTR_ENABLE enables them (bits 31:16) and GUC_SG_INTR_MASK does
 *   not mask them, GT_INTR_DW(0) shows INTR_GUC. The handler writes INTR_GUC
 *   to IIR_REG_SELECTOR(0), reads INTR_IDENTITY_REG(0) (INTR_DATA_VALID,
 *   class OTHER, instance OTHER_GUC_INSTANCE, vector in 15:0) and writes the
 *   value back to acknowledge those bits. A raise of a bit still pending is
 *   not signalled again; bits still pending after an acknowledgment send
 *   another MSI. There is no master interrupt register.
 *
 * The MSI is a call of the handler the driver requested with
 * xesim_request_irq(), from the bus's ``xesim_irq`` workqueue, so handlers
 * run in process context and may sleep (and may access the device through a
 * frozen slot, in which case they wait for the thaw). MSIs coalesce: raises
 * while one is pending give one call, and a handler must scan everything
 * pending, as with real edge-triggered MSIs. A raise with no handler
 * requested is lost (counted), though its report stays in memory and
 * registers.
 *
 * A VF with a guest slot attached signals the slot's MSI, not its own. While
 * the slot is frozen the MSI is held, and delivered exactly once at the
 * thaw, on whatever VF the slot is then attached to.
 */

static struct workqueue_struct *xesim_irq_wq;

/**
 * xesim_irq_wq_init() - Create the bus's interrupt workqueue.
 *
 * Return: 0 or -ENOMEM.
 */
int xesim_irq_wq_init(void)
{
	xesim_irq_wq = alloc_workqueue("xesim_irq", WQ_UNBOUND, 0);
	return xesim_irq_wq ? 0 : -ENOMEM;
}

/**
 * xesim_irq_wq_fini() - Destroy the bus's interrupt workqueue.
 */
void xesim_irq_wq_fini(void)
{
	destroy_workqueue(xesim_irq_wq);
}

/**
 * xesim_irq_flush() - Wait until every MSI queued so far has been handled.
 *
 * Context: process context; not from an interrupt handler.
 */
void xesim_irq_flush(void)
{
	flush_workqueue(xesim_irq_wq);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_irq_flush);

static void xesim_irq_line_work(struct work_struct *work)
{
	struct xesim_irq_line *line = container_of(work, typeof(*line), work);
	xesim_irq_handler_t handler;
	void *data;

	scoped_guard(spinlock, &line->lock) {
		if (line->held || !line->pending || !line->handler)
			return;
		line->pending = false;
		line->delivered++;
		handler = line->handler;
		data = line->data;
	}

	handler(line->xdev, data);
}

/**
 * xesim_irq_line_init() - Initialize an MSI line.
 * @line: the line.
 * @xdev: the device its handler is called with.
 */
void xesim_irq_line_init(struct xesim_irq_line *line,
			 struct xesim_device *xdev)
{
	spin_lock_init(&line->lock);
	INIT_WORK(&line->work, xesim_irq_line_work);
	line->xdev = xdev;
}

/**
 * xesim_irq_line_request() - Install the handler of an MSI line.
 * @line: the line.
 * @handler: the handler.
 * @data: its cookie.
 *
 * Return: 0, or -EBUSY when the line already has a handler.
 */
int xesim_irq_line_request(struct xesim_irq_line *line,
			   xesim_irq_handler_t handler, void *data)
{
	scoped_guard(spinlock, &line->lock) {
		if (line->handler)
			return -EBUSY;
		line->handler = handler;
		line->data = data;
		line->pending = false;
		return 0;
	}
}

/**
 * xesim_irq_line_free() - Remove the handler of an MSI line.
 * @line: the line.
 *
 * Waits for a running handler to return; must not be called from it.
 *
 * Context: process context; may sleep.
 */
void xesim_irq_line_free(struct xesim_irq_line *line)
{
	scoped_guard(spinlock, &line->lock) {
		line->handler = NULL;
		line->data = NULL;
		line->pending = false;
	}
	cancel_work_sync(&line->work);
}

/**
 * xesim_irq_line_signal() - Send an MSI on a line.
 * @line: the line.
 *
 * Context: any context.
 */
void xesim_irq_line_signal(struct xesim_irq_line *line)
{
	scoped_guard(spinlock, &line->lock) {
		line->signalled++;
		if (!line->handler) {
			line->lost++;
			return;
		}
		line->pending = true;
		if (!line->held)
			queue_work(xesim_irq_wq, &line->work);
	}
}

/**
 * xesim_irq_line_hold() - Hold or release the MSIs of a line.
 * @line: the line.
 * @held: hold them; false delivers an MSI that came while held.
 *
 * Context: any context.
 */
void xesim_irq_line_hold(struct xesim_irq_line *line, bool held)
{
	scoped_guard(spinlock, &line->lock) {
		line->held = held;
		if (!held && line->pending && line->handler)
			queue_work(xesim_irq_wq, &line->work);
	}
}

/**
 * xesim_irq_line_show() - Print the state of an MSI line.
 * @line: the line.
 * @m: the seq_file.
 */
void xesim_irq_line_show(struct xesim_irq_line *line, struct seq_file *m)
{
	scoped_guard(spinlock, &line->lock) {
		seq_printf(m, "msi: handler %s pending %d held %d signalled %llu delivered %llu lost %llu\n",
			   line->handler ? "yes" : "no", line->pending, line->held,
			   line->signalled, line->delivered, line->lost);
	}
}

/**
 * xesim_irq_init() - Initialize the interrupt state of a function.
 * @fn: the function.
 */
void xesim_irq_init(struct xesim_fn *fn)
{
	spin_lock_init(&fn->irq.lock);
	xesim_irq_line_init(&fn->irq.line, &fn->xdev);
}

/**
 * xesim_irq_fini() - Stop the function's own MSI line.
 * @fn: the function, already marked removed.
 *
 * Context: process context; may sleep.
 */
void xesim_irq_fini(struct xesim_fn *fn)
{
	xesim_irq_line_free(&fn->irq.line);
}

/* the GuC vector bits the register path reports; caller holds irq->lock */
static u32 xesim_irq_reportable(struct xesim_irq *irq)
{
	return FIELD_GET(ENGINE1_MASK, irq->enable) &
	       ~FIELD_GET(ENGINE1_MASK, irq->mask);
}

/* send the function's MSI: to its guest slot if one is attached */
static void xesim_irq_send_msi(struct xesim_fn *fn)
{
	if (xesim_knob_fail(fn->gpu, XESIM_KNOB_IRQ_DROP)) {
		atomic64_inc(&fn->stats.irq_dropped);
		return;
	}

	scoped_guard(spinlock, &fn->lock) {
		if (!fn->removed)
			xesim_irq_line_signal(fn->slot ? &fn->slot->line :
					      &fn->irq.line);
	}
}

/* write the memory-based report; false if it is not set up or faulted */
static bool xesim_irq_report_memory(struct xesim_fn *fn, u32 vector)
{
	u8 set = XE_MEMIRQ_SET;
	u64 source, status;
	unsigned long bits = vector;
	unsigned int bit;
	int err = 0;

	xesim_irq_get_memirq(fn, &source, &status);
	if (!source || !status)
		return false;

	for_each_set_bit(bit, &bits, XE_MEMIRQ_VECTOR_SIZE) {
		err = xesim_ggtt_rw(fn, status + bit, &set, 1, true);
		if (err)
			break;
	}
	if (!err)
		err = xesim_ggtt_rw(fn, source, &set, 1, true);
	if (err) {
		atomic64_inc(&fn->stats.irq_report_faults);
		xesim_fn_err_ratelimited(fn, "memory-based interrupt report failed: %pe\n",
					 ERR_PTR(err));
		return false;
	}
	return true;
}

/**
 * xesim_irq_raise() - Raise GuC interrupt vector bits on a function.
 * @fn: the function.
 * @vector: GUC_INTR_* bits (15:0).
 *
 * Reports the bits (memory and registers, see `xesim interrupts`) and sends
 * the MSI for a memory report or for bits new in the IIR (a bit already
 * pending there was signalled before and is not signalled again).
 *
 * Context: process context; may sleep.
 * Return: 0, -EINVAL for bits outside 15:0 or none, -ENODEV for a function
 * being removed, -EIO when no report could be made (nothing enabled, or the
 * memory report faulted).
 */
int xesim_irq_raise(struct xesim_fn *fn, u32 vector)
{
	struct xesim_irq *irq = &fn->irq;
	bool by_reg, by_mem, edge;
	u32 before;

	if (!vector || vector & ~INTR_ENGINE_INTR_MASK)
		return -EINVAL;
	if (READ_ONCE(fn->removed))
		return -ENODEV;
	atomic64_inc(&fn->stats.irq_raised);

	scoped_guard(spinlock, &irq->lock) {
		before = irq->iir & xesim_irq_reportable(irq);
		irq->iir |= vector;
		by_reg = vector & xesim_irq_reportable(irq);
		/* a bit already pending in the IIR was signalled before */
		edge = (irq->iir & xesim_irq_reportable(irq)) != before;
	}

	by_mem = xesim_irq_report_memory(fn, vector);
	if (!by_reg && !by_mem) {
		atomic64_inc(&fn->stats.irq_unreported);
		return -EIO;
	}
	if (by_mem || edge)
		xesim_irq_send_msi(fn);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_irq_raise);

/**
 * xesim_irq_reg_read() - Read an interrupt register.
 * @fn: the function.
 * @reg: the register.
 * @val: its value.
 *
 * Return: 0, or -ENOENT when @reg is not an interrupt register.
 */
int xesim_irq_reg_read(struct xesim_fn *fn, u32 reg, u32 *val)
{
	struct xesim_irq *irq = &fn->irq;

	scoped_guard(spinlock, &irq->lock) {
		switch (reg) {
		case GT_INTR_DW(0):
			*val = irq->iir & xesim_irq_reportable(irq) ? INTR_GUC : 0;
			return 0;
		case GUC_SG_INTR_ENABLE:
			*val = irq->enable;
			return 0;
		case GUC_SG_INTR_MASK:
			*val = irq->mask;
			return 0;
		case IIR_REG_SELECTOR(0):
			*val = irq->selector;
			return 0;
		case INTR_IDENTITY_REG(0):
			*val = irq->identity;
			return 0;
		default:
			return -ENOENT;
		}
	}
}

/**
 * xesim_irq_reg_write() - Write an interrupt register.
 * @fn: the function.
 * @reg: the register.
 * @val: the value.
 *
 * Context: process context.
 * Return: 0, or -ENOENT when @reg is not an interrupt register.
 */
int xesim_irq_reg_write(struct xesim_fn *fn, u32 reg, u32 val)
{
	struct xesim_irq *irq = &fn->irq;
	bool msi = false;
	u32 before;

	scoped_guard(spinlock, &irq->lock) {
		before = irq->iir & xesim_irq_reportable(irq);
		switch (reg) {
		case GT_INTR_DW(0):
			/* write-1-to-clear of a summary bit that follows the IIR */
			break;
		case GUC_SG_INTR_ENABLE:
			irq->enable = val;
			msi = (irq->iir & xesim_irq_reportable(irq)) & ~before;
			break;
		case GUC_SG_INTR_MASK:
			irq->mask = val;
			msi = (irq->iir & xesim_irq_reportable(irq)) & ~before;
			break;
		case IIR_REG_SELECTOR(0):
			irq->selector = val;
			irq->identity = 0;
			if ((val & INTR_GUC) && before)
				irq->identity = INTR_DATA_VALID |
					FIELD_PREP(INTR_ENGINE_CLASS_MASK,
						   INTR_ENGINE_CLASS_OTHER) |
					FIELD_PREP(INTR_ENGINE_INSTANCE_MASK,
						   OTHER_GUC_INSTANCE) |
					before;
			break;
		case INTR_IDENTITY_REG(0):
			if (val & INTR_DATA_VALID) {
				irq->iir &= ~(val & INTR_ENGINE_INTR_MASK);
				irq->identity = 0;
				msi = irq->iir & xesim_irq_reportable(irq);
			}
			break;
		default:
			return -ENOENT;
		}
	}

	if (msi)
		xesim_irq_send_msi(fn);
	return 0;
}

/**
 * xesim_irq_set_memirq() - Set where the memory-based report goes.
 * @fn: the function.
 * @source: GGTT address of the GuC's byte in the source page, 0 = none.
 * @status: GGTT address of the GuC's vector in the status page, 0 = none.
 *
 * The GuC model calls this for HOST2GUC_SELF_CFG with the MEMIRQ KLVs, and
 * when it restores (and rebases) a migrated VF's state.
 */
void xesim_irq_set_memirq(struct xesim_fn *fn, u64 source, u64 status)
{
	scoped_guard(spinlock, &fn->irq.lock) {
		fn->irq.memirq_source = source;
		fn->irq.memirq_status = status;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xesim_irq_set_memirq);

/**
 * xesim_irq_get_memirq() - Where the memory-based report goes.
 * @fn: the function.
 * @source: GGTT address of the source byte, or 0.
 * @status: GGTT address of the status vector, or 0.
 */
void xesim_irq_get_memirq(struct xesim_fn *fn, u64 *source, u64 *status)
{
	scoped_guard(spinlock, &fn->irq.lock) {
		*source = fn->irq.memirq_source;
		*status = fn->irq.memirq_status;
	}
}

/**
 * xesim_irq_reset() - Reset the interrupt state of a function (FLR).
 * @fn: the function.
 *
 * Clears the latched bits, the register state and the memirq setup; the
 * driver's handler stays.
 */
void xesim_irq_reset(struct xesim_fn *fn)
{
	struct xesim_irq *irq = &fn->irq;

	scoped_guard(spinlock, &irq->lock) {
		irq->iir = 0;
		irq->enable = 0;
		irq->mask = 0;
		irq->selector = 0;
		irq->identity = 0;
		irq->memirq_source = 0;
		irq->memirq_status = 0;
	}
}

/**
 * xesim_irq_show() - Print the interrupt state of a function.
 * @fn: the function.
 * @m: the seq_file.
 */
void xesim_irq_show(struct xesim_fn *fn, struct seq_file *m)
{
	struct xesim_irq *irq = &fn->irq;

	scoped_guard(spinlock, &irq->lock) {
		seq_printf(m, "irq: iir %#06x enable %#010x mask %#010x identity %#010x\n",
			   irq->iir, irq->enable, irq->mask, irq->identity);
		seq_printf(m, "memirq: source %#llx status %#llx\n",
			   irq->memirq_source, irq->memirq_status);
	}
	xesim_irq_line_show(&irq->line, m);
}
