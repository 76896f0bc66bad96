// SPDX-License-Identifier: GPL-2.0
/*
 * Failure injection knobs of the simulated device.
 */

#include <linux/debugfs.h>
#include <linux/kernel.h>

#include <kunit/visibility.h>

#include "xesim_gpu_types.h"
#include "xesim_knob.h"

/**
 * DOC: xesim failure knobs
 *
 * Each GPU has ``fail_<name>`` files in its debugfs directory, one per
 * &enum xesim_knob, in the style of netdevsim's ``fail_*`` files. A knob holds
 * the number of upcoming checks that fail: write N > 0 to fail the next N,
 * -1 to fail every check until 0 is written. The device checks a knob at the
 * exact point where the real failure would happen (the allocation, the
 * mapping, the interrupt message) and then takes its ordinary error path, so
 * an injected failure exercises the same code as a real one. Every injected
 * failure is logged and counted (``info`` in the GPU's directory).
 *
 * A device model adds a knob by adding an entry to &enum xesim_knob and its
 * name to the table in xesim_knob.c, and calls xesim_knob_fail() where the
 * failure belongs.
 */

static const char *const xesim_knob_names[XESIM_KNOB_COUNT] = {
	[XESIM_KNOB_VF_CREATE] = "vf_create",
	[XESIM_KNOB_PROVISION] = "provision",
	[XESIM_KNOB_DMA_MAP] = "dma_map",
	[XESIM_KNOB_VRAM_ALLOC] = "vram_alloc",
	[XESIM_KNOB_IRQ_DROP] = "irq_drop",
	[XESIM_KNOB_SLOT_ATTACH] = "slot_attach",
	[XESIM_KNOB_GUC_BUSY] = "guc_busy",
	[XESIM_KNOB_GUC_RETRY] = "guc_retry",
	[XESIM_KNOB_GUC_DROP] = "guc_drop",
	[XESIM_KNOB_GUC_SAVE] = "guc_save",
	[XESIM_KNOB_GUC_RESTORE] = "guc_restore",
	[XESIM_KNOB_GUC_MIGRATED] = "guc_spurious_migrated",
	[XESIM_KNOB_GUC_QUERY] = "guc_query",
	[XESIM_KNOB_GUC_INSTALL] = "guc_install",
};

/**
 * xesim_knob_init() - Disarm all knobs.
 * @knobs: the knobs of a GPU.
 */
void xesim_knob_init(struct xesim_knobs *knobs)
{
	int i;

	for (i = 0; i < XESIM_KNOB_COUNT; i++) {
		atomic_set(&knobs->armed[i], 0);
		atomic_set(&knobs->fired[i], 0);
	}
}

/**
 * xesim_knob_name() - The name of a knob, without the ``fail_`` prefix.
 * @knob: the knob.
 *
 * Return: the name.
 */
const char *xesim_knob_name(enum xesim_knob knob)
{
	return knob < XESIM_KNOB_COUNT ? xesim_knob_names[knob] : "?";
}

/**
 * xesim_knob_fail() - Check a failure knob at its failure point.
 * @gpu: the GPU.
 * @knob: the knob.
 *
 * Consumes one armed failure if there is one, and logs it.
 *
 * Context: any context.
 * Return: true when the caller must fail.
 */
bool xesim_knob_fail(struct xesim_gpu *gpu, enum xesim_knob knob)
{
	atomic_t *armed = &gpu->knobs.armed[knob];
	int val = atomic_read(armed);

	do {
		if (!val)
			return false;
		if (val < 0)
			break;
	} while (!atomic_try_cmpxchg(armed, &val, val - 1));

	atomic_inc(&gpu->knobs.fired[knob]);
	pr_info_ratelimited("xesim%u: injected failure: fail_%s\n", gpu->id,
			    xesim_knob_names[knob]);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_knob_fail);

/**
 * xesim_knob_arm() - Arm a knob, as a write to its debugfs file does.
 * @gpu: the GPU.
 * @knob: the knob.
 * @count: failures to inject: 0 none, N > 0 the next N, negative all.
 */
void xesim_knob_arm(struct xesim_gpu *gpu, enum xesim_knob knob, int count)
{
	atomic_set(&gpu->knobs.armed[knob], count);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_knob_arm);

/**
 * xesim_knob_debugfs() - Create the ``fail_<name>`` files of a GPU.
 * @gpu: the GPU.
 * @dir: its debugfs directory.
 */
void xesim_knob_debugfs(struct xesim_gpu *gpu, struct dentry *dir)
{
	char name[32];
	int i;

	for (i = 0; i < XESIM_KNOB_COUNT; i++) {
		snprintf(name, sizeof(name), "fail_%s", xesim_knob_names[i]);
		debugfs_create_atomic_t(name, 0600, dir, &gpu->knobs.armed[i]);
	}
}
