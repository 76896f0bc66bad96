// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs of the simulated device.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "xesim_bus.h"
#include "xesim_debugfs.h"
#include "xesim_ggtt.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_knob.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"

/**
 * DOC: xesim debugfs
 *
 * ``/sys/kernel/debug/xesim/``:
 *
 * - ``objects``: live GPUs, functions, slots, DMA domains, VRAM pages and
 *   DMA-mapped pages of the whole bus (leak checks).
 * - ``xesim<N>/info``: parameters, VFs, backed VRAM pages, LMEM chunks in
 *   use, and per failure knob how many failures are armed and fired.
 * - ``xesim<N>/ggtt``: GGTT size, valid PTEs, and per provisioned VF its
 *   range and valid PTEs.
 * - ``xesim<N>/vram``: VRAM size, backed pages, and per provisioned VF the
 *   VRAM ranges behind its LMEM.
 * - ``xesim<N>/fail_<name>``: the failure knobs (`xesim failure knobs`).
 * - ``xesim<N>/guc``: the GuC model (`xesim GuC model`): per engine the
 *   slices run and faults by reason, per function the GuC state, CT state
 *   and its message, refusal, drop, error, context reset and user interrupt
 *   counters.
 * - ``xesim<N>/pf/state`` and ``xesim<N>/vf<M>/state``: per function the
 *   guest slot, GGTT range and valid PTEs, LMEM and its VRAM ranges, scratch
 *   registers, interrupt state, and the counters of dropped accesses and
 *   faults; for a VF then the GuC's view (``guc_state: <state>``,
 *   ``hold_h2g <0|1>``, ``h2g_while_blocked <count>``).
 * - ``xesim<N>/vf<M>/hold_h2g``: write 1 to stop the GuC consuming the VF's
 *   H2G messages, 0 to release them (`xesim GuC CT channel`).
 * - ``xeslot<S>/state``: attachment, freeze state, driver, DMA mappings,
 *   MSI state and counters of a guest slot.
 */

static struct dentry *xesim_debugfs_root;

static int xesim_objects_show(struct seq_file *m, void *data)
{
	seq_printf(m, "gpus: %d\nfns: %d\nslots: %d\ndma_domains: %d\n",
		   atomic_read(&xesim_objects.gpus),
		   atomic_read(&xesim_objects.fns),
		   atomic_read(&xesim_objects.slots),
		   atomic_read(&xesim_objects.dma_domains));
	seq_printf(m, "vram_pages: %ld\ndma_pages: %ld\n",
		   atomic_long_read(&xesim_objects.vram_pages),
		   atomic_long_read(&xesim_objects.dma_pages));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xesim_objects);

static int xesim_info_show(struct seq_file *m, void *data)
{
	xesim_gpu_show(m->private, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xesim_info);

static int xesim_ggtt_layout_show(struct seq_file *m, void *data)
{
	xesim_ggtt_show(m->private, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xesim_ggtt_layout);

static int xesim_vram_layout_show(struct seq_file *m, void *data)
{
	xesim_gpu_show_vram(m->private, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xesim_vram_layout);

static int xesim_fn_state_show(struct seq_file *m, void *data)
{
	xesim_gpu_fn_show(m->private, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xesim_fn_state);

static int xesim_slot_state_show(struct seq_file *m, void *data)
{
	xesim_slot_show(m->private, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xesim_slot_state);

/**
 * xesim_debugfs_init() - Create ``/sys/kernel/debug/xesim``.
 */
void xesim_debugfs_init(void)
{
	xesim_debugfs_root = debugfs_create_dir("xesim", NULL);
	debugfs_create_file("objects", 0400, xesim_debugfs_root, NULL,
			    &xesim_objects_fops);
}

/**
 * xesim_debugfs_fini() - Remove ``/sys/kernel/debug/xesim``.
 */
void xesim_debugfs_fini(void)
{
	debugfs_remove_recursive(xesim_debugfs_root);
}

/**
 * xesim_debugfs_gpu() - Create the debugfs directory of a GPU.
 * @gpu: the GPU.
 *
 * Return: the directory, removed by the caller.
 */
struct dentry *xesim_debugfs_gpu(struct xesim_gpu *gpu)
{
	struct dentry *dir;
	char name[32];

	snprintf(name, sizeof(name), "xesim%u", gpu->id);
	dir = debugfs_create_dir(name, xesim_debugfs_root);
	debugfs_create_file("info", 0400, dir, gpu, &xesim_info_fops);
	debugfs_create_file("ggtt", 0400, dir, gpu, &xesim_ggtt_layout_fops);
	debugfs_create_file("vram", 0400, dir, gpu, &xesim_vram_layout_fops);
	xesim_knob_debugfs(gpu, dir);
	return dir;
}

/**
 * xesim_debugfs_fn() - Create the debugfs directory of a function.
 * @fn: the function; its GPU's directory exists.
 *
 * Return: the directory, removed by the caller.
 */
struct dentry *xesim_debugfs_fn(struct xesim_fn *fn)
{
	struct dentry *dir;
	char name[16];

	if (fn->vfid)
		snprintf(name, sizeof(name), "vf%u", fn->vfid);
	else
		snprintf(name, sizeof(name), "pf");
	dir = debugfs_create_dir(name, fn->gpu->debugfs);
	debugfs_create_file("state", 0400, dir, fn, &xesim_fn_state_fops);
	return dir;
}

/**
 * xesim_debugfs_slot() - Create the debugfs directory of a guest slot.
 * @slot: the slot.
 *
 * Return: the directory, removed by the caller.
 */
struct dentry *xesim_debugfs_slot(struct xesim_slot *slot)
{
	struct dentry *dir;
	char name[24];

	snprintf(name, sizeof(name), "xeslot%u", slot->id);
	dir = debugfs_create_dir(name, xesim_debugfs_root);
	debugfs_create_file("state", 0400, dir, slot, &xesim_slot_state_fops);
	return dir;
}
