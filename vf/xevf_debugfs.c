// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs of the VF driver, under the DRM device's debugfs directory.
 */

#include <drm/drm_debugfs.h>
#include <drm/drm_file.h>
#include <drm/drm_print.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "xevf_debugfs.h"
#include "xevf_device_types.h"
#include "xevf_ggtt.h"
#include "xevf_gt_pagefault.h"
#include "xevf_gt_vf_migration.h"
#include "xevf_guc_ct.h"
#include "xevf_guc_submit.h"

/**
 * DOC: xevf debugfs
 *
 * Files in ``/sys/kernel/debug/dri/<minor>/``:
 *
 * - ``ggtt``: the VF's GGTT range, every drm_mm node and every kernel
 *   buffer with its GGTT address (computed from its node) and IOVA.
 * - ``guc_ct``: the CT channel: enabled, descriptors' heads, tails and
 *   status, message counts.
 * - ``exec_queues``: every exec queue with a GuC context: its context ID,
 *   class, LRCA, seqnos (written by the engine / emitted), ring head and
 *   tail and context state from the image, banned, resets, jobs alive; and
 *   the device's user interrupt and reset counts.
 * - ``guc_info``: the GuC as the VF sees it: interface version, the
 *   provisioning it reported, relay and interrupt counters, MIGRATED
 *   interrupts seen.
 * - ``pagefault``: the recoverable page faults (`xevf page faults`), one
 *   ``key: value`` per line: ``faults`` (reports received), ``resolved``
 *   and ``failed`` (answered with success or failure), ``dropped``
 *   (malformed, or the queue was full), ``resent`` (replies sent again
 *   after a recovery took the channel), ``lost`` (replies the channel
 *   refused).
 * - ``recovery``: the post-migration recovery, one ``key value`` per line:
 *   ``state`` (idle, pending, running, wedged), the counts ``recoveries``,
 *   ``restarts``, ``absorbed``, ``spurious``, ``wedges``, ``replayed``,
 *   ``discarded_dw``, ``reemitted``, ``resubmitted``, the last ``marker``,
 *   ``last_us`` and ``max_us`` (interrupt to RESFIX_DONE), a line
 *   ``step <name> <last_us> <max_us>`` per step, and the knobs below with
 *   ``held``, the stopper the worker waits at (none, START, FIXUPS,
 *   REEMIT, DONE).
 * - ``recovery_stoppers`` (read-write, a mask): hold the recovery before
 *   START (0x1), the fix-ups (0x2), the re-emit (0x4), DONE (0x8).
 * - ``recovery_skip`` (read-write, a mask, tests only): skip the GGTT shift
 *   (0x1), the image rebase (0x2), the H2G discard (0x4), the replay
 *   (0x8), the re-emit (0x10) or the scheduling restart (0x20).
 * - ``fail_vm_bind`` (read-write, tests only), a failure knob in the style
 *   of netdevsim's ``fail_*`` files: the number of upcoming VM_BINDs that
 *   fail with -ENOSPC at the point after all their operations are applied
 *   to the VA tree and before their job is pushed (-1: every one), so that
 *   the operations are undone as a real failure there would undo them
 *   (`xevf bind jobs`); it stands for upstream's error-injection flag.
 */

static struct xevf_device *xevf_debugfs_dev(struct seq_file *m)
{
	struct drm_debugfs_entry *entry = m->private;

	return container_of(entry->dev, struct xevf_device, drm);
}

static int xevf_debugfs_ggtt(struct seq_file *m, void *data)
{
	struct drm_printer p = drm_seq_file_printer(m);

	xevf_ggtt_print(xevf_debugfs_dev(m), &p);
	return 0;
}

static int xevf_debugfs_ct(struct seq_file *m, void *data)
{
	struct drm_printer p = drm_seq_file_printer(m);

	xevf_guc_ct_print(xevf_debugfs_dev(m), &p);
	return 0;
}

static int xevf_debugfs_exec_queues(struct seq_file *m, void *data)
{
	struct drm_printer p = drm_seq_file_printer(m);

	xevf_guc_submit_print(xevf_debugfs_dev(m), &p);
	return 0;
}

static int xevf_debugfs_guc(struct seq_file *m, void *data)
{
	struct xevf_device *xe = xevf_debugfs_dev(m);
	struct xevf_vf_config *c = &xe->config;

	seq_printf(m, "device %04x revision %u engines %u\n", xe->info.device_id,
		   xe->info.revision, xe->info.num_engines);
	seq_printf(m, "interface %u.%u.%u.%u\n", xe->guc_version.branch,
		   xe->guc_version.major, xe->guc_version.minor,
		   xe->guc_version.patch);
	seq_printf(m, "ggtt %#llx+%#llx lmem %#llx contexts %u doorbells %u\n",
		   c->ggtt_start, c->ggtt_size, c->lmem_size, c->num_ctxs,
		   c->num_dbs);
	seq_printf(m, "relay requests %llu retries %llu failures %llu last error %#x hint %#x\n",
		   xe->relay.requests, xe->relay.retries, xe->relay.failures,
		   xe->relay.last_error, xe->relay.last_hint);
	seq_printf(m, "memirq msis %llu guc2host %llu migrated %llu\n",
		   xe->memirq.msis, xe->memirq.guc2host, xe->memirq.migrated);
	seq_printf(m, "migrated handled %llu\n", xe->memirq.migrated);
	return 0;
}

static int xevf_debugfs_pagefault(struct seq_file *m, void *data)
{
	struct drm_printer p = drm_seq_file_printer(m);

	xevf_gt_pagefault_print(xevf_debugfs_dev(m), &p);
	return 0;
}

static int xevf_debugfs_recovery(struct seq_file *m, void *data)
{
	struct drm_printer p = drm_seq_file_printer(m);

	xevf_gt_vf_migration_print(xevf_debugfs_dev(m), &p);
	return 0;
}

static int xevf_debugfs_stoppers_get(void *data, u64 *val)
{
	struct xevf_device *xe = data;

	*val = READ_ONCE(xe->migration.stoppers);
	return 0;
}

static int xevf_debugfs_stoppers_set(void *data, u64 val)
{
	return val > U32_MAX ? -EINVAL : xevf_gt_vf_migration_set_stoppers(data, val);
}

DEFINE_DEBUGFS_ATTRIBUTE(xevf_debugfs_stoppers_fops, xevf_debugfs_stoppers_get,
			 xevf_debugfs_stoppers_set, "%#llx\n");

static int xevf_debugfs_skip_get(void *data, u64 *val)
{
	struct xevf_device *xe = data;

	*val = READ_ONCE(xe->migration.skip);
	return 0;
}

static int xevf_debugfs_skip_set(void *data, u64 val)
{
	return val > U32_MAX ? -EINVAL : xevf_gt_vf_migration_set_skip(data, val);
}

DEFINE_DEBUGFS_ATTRIBUTE(xevf_debugfs_skip_fops, xevf_debugfs_skip_get,
			 xevf_debugfs_skip_set, "%#llx\n");

static const struct drm_debugfs_info xevf_debugfs_files[] = {
	{ "exec_queues", xevf_debugfs_exec_queues, 0 },
	{ "ggtt", xevf_debugfs_ggtt, 0 },
	{ "guc_ct", xevf_debugfs_ct, 0 },
	{ "guc_info", xevf_debugfs_guc, 0 },
	{ "pagefault", xevf_debugfs_pagefault, 0 },
	{ "recovery", xevf_debugfs_recovery, 0 },
};

/**
 * xevf_debugfs_register() - Add the driver's debugfs files to the DRM device.
 * @xe: the device, before drm_dev_register().
 */
void xevf_debugfs_register(struct xevf_device *xe)
{
	drm_debugfs_add_files(&xe->drm, xevf_debugfs_files,
			      ARRAY_SIZE(xevf_debugfs_files));
	debugfs_create_file_unsafe("recovery_stoppers", 0600, xe->drm.debugfs_root, xe,
				   &xevf_debugfs_stoppers_fops);
	debugfs_create_file_unsafe("recovery_skip", 0600, xe->drm.debugfs_root, xe,
				   &xevf_debugfs_skip_fops);
	debugfs_create_atomic_t("fail_vm_bind", 0600, xe->drm.debugfs_root,
				&xe->fail_vm_bind);
}
