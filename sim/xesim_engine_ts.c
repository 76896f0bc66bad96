// SPDX-License-Identifier: GPL-2.0
/*
 * The engines' free-running timestamp registers of the simulated device.
 */

#include <linux/export.h>
#include <linux/math64.h>
#include <linux/timekeeping.h>

#include <kunit/visibility.h>

#include "abi/xe_ctx_abi.h"
#include "xesim_engine_ts.h"

/**
 * DOC: xesim engine timestamp
 *
 * Each engine has a free-running timestamp, RING_TIMESTAMP (offset 0x358
 * from the engine's MMIO base) and its upper dword RING_TIMESTAMP_UDW
 * (0x35c), as on hardware: 64 bits counting at ``XESIM_CTX_TIMESTAMP_HZ``,
 * the reference clock the device reports, whether or not a context runs.
 * Unlike the context timestamp (`xesim context image`), it belongs to the
 * engine, not to a context, and it is the same on every function of every
 * GPU of the host: it is the host's raw monotonic clock converted to
 * ticks. So it never goes back, not even across a migration to another
 * GPU, and a driver can correlate it with CPU time, as upstream's
 * ENGINE_CYCLES query does.
 *
 * Both dwords are read only, through the register space of any function;
 * a write is dropped as to any unknown register. A 64-bit value is read
 * the way hardware needs it: upper, lower, upper again until the upper
 * dword held still.
 */

/**
 * xesim_engine_ts_now() - The engines' timestamp now.
 *
 * Return: ticks at ``XESIM_CTX_TIMESTAMP_HZ``.
 */
u64 xesim_engine_ts_now(void)
{
	return mul_u64_u32_div(ktime_get_raw_ns(), XESIM_CTX_TIMESTAMP_HZ,
			       NSEC_PER_SEC);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_engine_ts_now);

static bool xesim_engine_ts_reg(u32 reg, u32 base, bool *upper)
{
	if (reg == base + XESIM_CS_REG_TIMESTAMP) {
		*upper = false;
		return true;
	}
	if (reg == base + XESIM_CS_REG_TIMESTAMP_UDW) {
		*upper = true;
		return true;
	}
	return false;
}

/**
 * xesim_engine_ts_read() - Read an engine timestamp register.
 * @fn: the function (every function sees the same value).
 * @reg: the register offset.
 * @val: out: the dword.
 *
 * Context: any context.
 * Return: 0, or -ENOENT when @reg is not an engine timestamp register.
 */
int xesim_engine_ts_read(struct xesim_fn *fn, u32 reg, u32 *val)
{
	bool upper;
	u64 ts;

	if (!xesim_engine_ts_reg(reg, XESIM_RENDER_RING_BASE, &upper) &&
	    !xesim_engine_ts_reg(reg, XESIM_BLT_RING_BASE, &upper))
		return -ENOENT;
	ts = xesim_engine_ts_now();
	*val = upper ? upper_32_bits(ts) : lower_32_bits(ts);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_engine_ts_read);
