/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMM role of the VF driver's tests and benchmark, without KUnit: bring
 * up a GPU with a guest slot, live-migrate the guest between its VFs.
 */

#ifndef _XEVF_TEST_VMM_H_
#define _XEVF_TEST_VMM_H_

#include <linux/compiler_types.h>
#include <linux/sizes.h>
#include <linux/types.h>

struct xevf_device;

/* the user buffer the PF's debugfs files are read and written through */
#define XEVF_TEST_VMM_UBUF	SZ_1M

/**
 * struct xevf_test_env - A VF driver bound to a guest slot on a live GPU.
 */
struct xevf_test_env {
	/** @gpu_id: the GPU's number. */
	unsigned int gpu_id;
	/** @slot_id: the slot's number. */
	unsigned int slot_id;
	/** @vf: the VF the slot is attached to. */
	unsigned int vf;
	/** @xe: the VF driver's device on the slot. */
	struct xevf_device *xe;
};

int xevf_test_vmm_sysfs_write(const char *path, const char *text);
ssize_t xevf_test_vmm_dfs_io(char __user *ubuf, const char *path, void *buf,
			     size_t size, bool write);
char *xevf_test_vmm_pf_file(char *buf, unsigned int gpu_id, unsigned int vf,
			    const char *name);
int xevf_test_vmm_up(struct xevf_test_env *env, const char *params, const char **step);
int xevf_test_vmm_down(struct xevf_test_env *env);
int xevf_test_vmm_migrate(struct xevf_test_env *env, unsigned int to,
			  char __user *ubuf, const char **step);

#endif
