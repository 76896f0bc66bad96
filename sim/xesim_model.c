// SPDX-License-Identifier: GPL-2.0
/*
 * The interface between the simulated device and its device models.
 */

#include <linux/atomic.h>
#include <linux/errno.h>

#include "xesim_bus.h"
#include "xesim_gpu_types.h"
#include "xesim_model.h"
#include "xesim_model_types.h"

/**
 * DOC: xesim device model interface
 *
 * The firmware and execution models (GuC, engines) live in this module and
 * see the device from the inside. They never go through the bus-level driver
 * API; they use:
 *
 * - &struct xesim_model_ops, installed once with xesim_model_set_ops()
 *   before any GPU exists: lifecycle hooks per GPU and per function, where a
 *   model keeps its state in &xesim_gpu.model and &xesim_fn.model.
 * - Register hooks, xesim_regs_add_hook(): the GuC model takes the doorbell
 *   GUC_HOST_INTERRUPT this way, and reads and answers the relay with
 *   xesim_regs_sw_flag() and xesim_regs_set_sw_flag().
 * - Device memory access for a function: xesim_ggtt_rw() (GGTT addresses,
 *   with all the VF isolation checks), xesim_dma_rw() (IOVAs, e.g. from a
 *   ppGTT walk), xesim_lmtt_rw() (VF LMEM offsets) and xesim_vram_rw()
 *   (VRAM offsets). A fault comes back as -EFAULT and is already counted
 *   and logged for the function.
 * - Interrupts: xesim_irq_raise() with GUC_INTR_GUC2HOST or
 *   GUC_INTR_SW_INT_0; xesim_irq_set_memirq() and xesim_irq_get_memirq()
 *   for the HOST2GUC_SELF_CFG MEMIRQ keys and for save and restore (the GuC
 *   state of a VF includes these GGTT addresses and must rebase them).
 * - VF resources: xesim_gpu_provision_vf() for PF2GUC_UPDATE_VF_CFG,
 *   xesim_gpu_query_vf() for the config KLVs, xesim_gpu_wipe_vf() for FLR.
 * - Functions by VFID: xesim_gpu_get_fn() and xesim_gpu_put_fn().
 * - Failure knobs: a new &enum xesim_knob entry and xesim_knob_fail().
 *
 * All of these may sleep unless their documentation says otherwise; none
 * may be called with a spinlock held.
 */

static const struct xesim_model_ops *xesim_model_ops;

/**
 * xesim_model_set_ops() - Install the device models' hooks.
 * @ops: the hooks; they must stay valid while the module is loaded.
 *
 * Context: module initialization, before any GPU exists.
 * Return: 0, or -EBUSY when GPUs exist or hooks are installed already.
 */
int xesim_model_set_ops(const struct xesim_model_ops *ops)
{
	if (xesim_model_ops || atomic_read(&xesim_objects.gpus))
		return -EBUSY;
	xesim_model_ops = ops;
	return 0;
}

/**
 * xesim_model_gpu_init() - Run the models' &xesim_model_ops.gpu_init.
 * @gpu: the new GPU.
 *
 * Return: 0 or the model's error.
 */
int xesim_model_gpu_init(struct xesim_gpu *gpu)
{
	if (!xesim_model_ops || !xesim_model_ops->gpu_init)
		return 0;
	return xesim_model_ops->gpu_init(gpu);
}

/**
 * xesim_model_gpu_fini() - Run the models' &xesim_model_ops.gpu_fini.
 * @gpu: the GPU going away.
 */
void xesim_model_gpu_fini(struct xesim_gpu *gpu)
{
	if (xesim_model_ops && xesim_model_ops->gpu_fini)
		xesim_model_ops->gpu_fini(gpu);
}

/**
 * xesim_model_fn_init() - Run the models' &xesim_model_ops.fn_init.
 * @fn: the new function.
 *
 * Return: 0 or the model's error.
 */
int xesim_model_fn_init(struct xesim_fn *fn)
{
	if (!xesim_model_ops || !xesim_model_ops->fn_init)
		return 0;
	return xesim_model_ops->fn_init(fn);
}

/**
 * xesim_model_fn_fini() - Run the models' &xesim_model_ops.fn_fini.
 * @fn: the function going away.
 */
void xesim_model_fn_fini(struct xesim_fn *fn)
{
	if (xesim_model_ops && xesim_model_ops->fn_fini)
		xesim_model_ops->fn_fini(fn);
}

/**
 * xesim_model_fn_show() - Run the models' &xesim_model_ops.fn_show.
 * @fn: the function.
 * @m: its debugfs ``state`` file.
 */
void xesim_model_fn_show(struct xesim_fn *fn, struct seq_file *m)
{
	if (xesim_model_ops && xesim_model_ops->fn_show)
		xesim_model_ops->fn_show(fn, m);
}
