/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test environment of the VF driver's KUnit tests: a GPU with the PF
 * driver bound, a provisioned VF and a guest slot with the VF driver bound.
 */

#ifndef _XEVF_TEST_ENV_H_
#define _XEVF_TEST_ENV_H_

#include "xevf_test_vmm.h"

struct kunit;

void xevf_test_write(struct kunit *test, const char *path, const char *text);
struct xevf_test_env *xevf_test_env_up(struct kunit *test);
int xevf_test_dfs_write(struct kunit *test, const char *path, const char *text);
/**
 * struct xevf_test_vf_cfg - A VF's provisioning as the PF reports it.
 */
struct xevf_test_vf_cfg {
	/** @ggtt_start: the start of its GGTT range. */
	u64 ggtt_start;
	/** @ggtt_size: the size of its GGTT range. */
	u64 ggtt_size;
	/** @lmem_size: its VRAM. */
	u64 lmem_size;
	/** @num_ctxs: its GuC context IDs. */
	u32 num_ctxs;
	/** @num_dbs: its doorbells. */
	u32 num_dbs;
};

void xevf_test_vf_config(struct kunit *test, unsigned int gpu_id, unsigned int vf,
			 struct xevf_test_vf_cfg *cfg);
u64 xevf_test_vf_ggtt(struct kunit *test, unsigned int gpu_id, unsigned int vf);
int xevf_test_migrate(struct kunit *test, struct xevf_test_env *env, unsigned int to);

#endif
