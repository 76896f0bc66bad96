/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test environment of the VF driver's KUnit tests: a GPU with the PF
 * driver bound, a provisioned VF and a guest slot with the VF driver bound.
 */

#ifndef _XEVF_TEST_ENV_H_
#define _XEVF_TEST_ENV_H_

#include <linux/types.h>

struct kunit;
struct xepf_pf;
struct xevf_device;

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
	/** @pf: the PF driver of the GPU. */
	struct xepf_pf *pf;
	/** @xe: the VF driver's device on the slot. */
	struct xevf_device *xe;
};

void xevf_test_write(struct kunit *test, const char *path, const char *text);
struct xevf_test_env *xevf_test_env_up(struct kunit *test);
int xevf_test_dfs_write(struct kunit *test, const char *path, const char *text);
char *xevf_test_pf_file(char *buf, unsigned int gpu_id, unsigned int vf, const char *name);
u64 xevf_test_vf_ggtt(struct kunit *test, unsigned int gpu_id, unsigned int vf);
int xevf_test_migrate(struct kunit *test, struct xevf_test_env *env, unsigned int to);

#endif
