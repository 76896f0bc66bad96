// SPDX-License-Identifier: GPL-2.0
/*
 * Exec queues of the VF driver.
 */

#include <drm/drm_file.h>
#include <linux/xarray.h>

#include "xevf_exec_queue.h"
#include "xevf_vm_types.h"

/**
 * xevf_exec_queue_check_bind() - Check the exec queue given to VM_BIND.
 * @file: the DRM file.
 * @id: the exec queue ID.
 *
 * Return: -ENOENT: this driver has no VM bind queues yet.
 */
int xevf_exec_queue_check_bind(struct drm_file *file, u32 id)
{
	return -ENOENT;
}

/**
 * xevf_exec_queue_file_close() - Destroy the exec queues of a closing file.
 * @xef: the file.
 */
void xevf_exec_queue_file_close(struct xevf_file *xef)
{
}
