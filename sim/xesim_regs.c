// SPDX-License-Identifier: GPL-2.0
/*
 * Register file of the simulated device.
 */

#include <linux/xarray.h>

#include <kunit/visibility.h>

#include "abi/xe_regs_abi.h"
#include "xesim_engine_ts.h"
#include "xesim_gpu_types.h"
#include "xesim_irq.h"
#include "xesim_printk.h"
#include "xesim_regs.h"

/**
 * DOC: xesim registers
 *
 * Each function has its own register space (`xesim register map`). An
 * access is resolved in this order:
 *
 * 1. A register hook installed by a device model on the GPU
 *    (xesim_regs_add_hook()): the GuC model takes the doorbell this way.
 * 2. The built-in registers: the relay scratch registers (plain storage),
 *    the doorbell (counted; without a hook it has no effect), the
 *    interrupt registers (`xesim interrupts`) and the engines' timestamps
 *    (`xesim engine timestamp`, read only).
 * 3. Anything else is a register the device does not have: a read gives 0,
 *    a write is dropped, both counted in ``reg_unknown_reads`` and
 *    ``reg_unknown_writes``.
 *
 * Offsets must be dword aligned and inside the 4 MiB register space;
 * xesim_read32() and xesim_write32() refuse others with -EINVAL.
 */

/**
 * xesim_regs_check() - Check a register offset given by a driver.
 * @fn: the function.
 * @reg: the offset.
 *
 * Return: 0, or -EINVAL (logged) for a misaligned or out-of-range offset.
 */
int xesim_regs_check(struct xesim_fn *fn, u32 reg)
{
	if (reg >= XESIM_MMIO_SIZE || !IS_ALIGNED(reg, 4)) {
		xesim_fn_err_ratelimited(fn, "bad register offset %#x\n", reg);
		return -EINVAL;
	}
	return 0;
}

static bool xesim_regs_is_sw_flag(u32 reg)
{
	return reg >= VF_SW_FLAG(0) && reg < VF_SW_FLAG(VF_SW_FLAG_COUNT);
}

/**
 * xesim_regs_read() - A driver reads a register of a function.
 * @fn: the function.
 * @reg: a checked register offset.
 *
 * Context: process context.
 * Return: the value.
 */
u32 xesim_regs_read(struct xesim_fn *fn, u32 reg)
{
	const struct xesim_reg_hook *hook;
	u32 val;

	hook = xa_load(&fn->gpu->reg_hooks, reg);
	if (hook && hook->read)
		return hook->read(fn, reg);

	if (xesim_regs_is_sw_flag(reg))
		return READ_ONCE(fn->regs.sw_flag[(reg - VF_SW_FLAG(0)) / 4]);
	if (reg == GUC_HOST_INTERRUPT)
		return 0;
	if (!xesim_irq_reg_read(fn, reg, &val))
		return val;
	if (!xesim_engine_ts_read(fn, reg, &val))
		return val;

	atomic64_inc(&fn->stats.reg_unknown_reads);
	xesim_fn_dbg(fn, "read of unknown register %#x\n", reg);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_regs_read);

/**
 * xesim_regs_write() - A driver writes a register of a function.
 * @fn: the function.
 * @reg: a checked register offset.
 * @val: the value.
 *
 * Context: process context.
 */
void xesim_regs_write(struct xesim_fn *fn, u32 reg, u32 val)
{
	const struct xesim_reg_hook *hook;

	if (reg == GUC_HOST_INTERRUPT)
		atomic64_inc(&fn->stats.doorbells);

	hook = xa_load(&fn->gpu->reg_hooks, reg);
	if (hook && hook->write) {
		hook->write(fn, reg, val);
		return;
	}

	if (xesim_regs_is_sw_flag(reg)) {
		WRITE_ONCE(fn->regs.sw_flag[(reg - VF_SW_FLAG(0)) / 4], val);
		return;
	}
	if (reg == GUC_HOST_INTERRUPT)
		return;
	if (!xesim_irq_reg_write(fn, reg, val))
		return;

	atomic64_inc(&fn->stats.reg_unknown_writes);
	xesim_fn_dbg(fn, "write of unknown register %#x dropped\n", reg);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_regs_write);

/**
 * xesim_regs_add_hook() - Let a device model handle a register.
 * @gpu: the GPU.
 * @hook: the hook; it must stay valid until removed.
 *
 * Context: process context, while the GPU has no functions (in the model's
 * &xesim_model_ops.gpu_init).
 * Return: 0, -EBUSY when the register already has a hook, -ENOMEM.
 */
int xesim_regs_add_hook(struct xesim_gpu *gpu,
			const struct xesim_reg_hook *hook)
{
	return xa_insert(&gpu->reg_hooks, hook->reg, (void *)hook, GFP_KERNEL);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_regs_add_hook);

/**
 * xesim_regs_remove_hook() - Remove a register hook.
 * @gpu: the GPU.
 * @reg: the register.
 *
 * Context: process context, while the GPU has no functions.
 */
void xesim_regs_remove_hook(struct xesim_gpu *gpu, u32 reg)
{
	xa_erase(&gpu->reg_hooks, reg);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_regs_remove_hook);

/**
 * xesim_regs_sw_flag() - The GuC side reads a relay scratch register.
 * @fn: the function.
 * @n: the register number, below VF_SW_FLAG_COUNT.
 *
 * Return: the value.
 */
u32 xesim_regs_sw_flag(struct xesim_fn *fn, unsigned int n)
{
	return READ_ONCE(fn->regs.sw_flag[n]);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_regs_sw_flag);

/**
 * xesim_regs_set_sw_flag() - The GuC side writes a relay scratch register.
 * @fn: the function.
 * @n: the register number, below VF_SW_FLAG_COUNT.
 * @val: the value.
 */
void xesim_regs_set_sw_flag(struct xesim_fn *fn, unsigned int n, u32 val)
{
	WRITE_ONCE(fn->regs.sw_flag[n], val);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_regs_set_sw_flag);

/**
 * xesim_regs_reset() - Reset the storage registers of a function (FLR).
 * @fn: the function.
 */
void xesim_regs_reset(struct xesim_fn *fn)
{
	unsigned int n;

	for (n = 0; n < VF_SW_FLAG_COUNT; n++)
		WRITE_ONCE(fn->regs.sw_flag[n], 0);
}
