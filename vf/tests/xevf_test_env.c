// SPDX-License-Identifier: GPL-2.0
/*
 * The test environment of the VF driver's KUnit tests: the VMM role of
 * xevf_test_vmm.c, with KUnit's assertions, user mappings and clean-up.
 */

#include <kunit/test.h>
#include <kunit/test-bug.h>
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/mman.h>
#include <linux/slab.h>

#include "xevf_test_env.h"

/* device and slot numbers no other user of the test VM takes */
static atomic_t xevf_test_next_id = ATOMIC_INIT(700);

/**
 * xevf_test_write() - Write a sysfs attribute, expecting success.
 * @test: the test.
 * @path: the attribute.
 * @text: what to write.
 */
void xevf_test_write(struct kunit *test, const char *path, const char *text)
{
	KUNIT_EXPECT_EQ_MSG(test, xevf_test_vmm_sysfs_write(path, text), 0,
			    "%s < %s", path, text);
}

static void xevf_test_env_down(void *data)
{
	struct xevf_test_env *env = data;

	KUNIT_EXPECT_EQ_MSG(kunit_get_current_test(), xevf_test_vmm_down(env), 0,
			    "delete slot %u and GPU %u", env->slot_id, env->gpu_id);
}

/**
 * xevf_test_env_up() - Create a GPU (PF driver bound), enable and provision
 * two VFs, create a guest slot and attach it to VF1, so that the VF driver
 * binds and brings the VF up. Torn down when the test ends.
 * @test: the test.
 *
 * Return: the environment, freed when the test ends.
 */
struct xevf_test_env *xevf_test_env_up(struct kunit *test)
{
	struct xevf_test_env *env;
	const char *step;
	int err;

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env);

	env->gpu_id = atomic_inc_return(&xevf_test_next_id);
	env->slot_id = env->gpu_id;
	err = xevf_test_vmm_up(env, "ggtt=64M vram=32M max_vfs=2", &step);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "GPU %u: %s", env->gpu_id, step);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_test_env_down,
							env), 0);
	return env;
}

/* a user buffer of XEVF_TEST_VMM_UBUF bytes, unmapped when the test ends */
static char __user *xevf_test_ubuf(struct kunit *test)
{
	unsigned long addr = kunit_vm_mmap(test, NULL, 0, XEVF_TEST_VMM_UBUF,
					   PROT_READ | PROT_WRITE,
					   MAP_ANONYMOUS | MAP_PRIVATE, 0);

	if (!addr || IS_ERR_VALUE(addr))
		return NULL;
	return (char __user *)addr;
}

/*
 * The PF's debugfs files have .read and .write only (user buffers), as a
 * VMM uses them: the test reads and writes them through a user mapping.
 */
static ssize_t xevf_test_dfs_io(struct kunit *test, const char *path, void *buf,
				size_t size, bool write)
{
	char __user *ubuf = xevf_test_ubuf(test);

	if (!ubuf)
		return -ENOMEM;
	return xevf_test_vmm_dfs_io(ubuf, path, buf, size, write);
}

/**
 * xevf_test_dfs_write() - Write a debugfs file that has only .write, as a
 * user would (a knob of the device model).
 * @test: the test.
 * @path: the file.
 * @text: what to write.
 *
 * Return: 0 or the write's errno.
 */
int xevf_test_dfs_write(struct kunit *test, const char *path, const char *text)
{
	ssize_t n = xevf_test_dfs_io(test, path, (void *)text, strlen(text), true);

	return n < 0 ? n : 0;
}

/**
 * xevf_test_vf_config() - What the PF gave a VF, from its debugfs ``config``
 * (as a VMM reads it).
 * @test: the test.
 * @gpu_id: the GPU.
 * @vf: the VF number.
 * @cfg: out: the VF's provisioning.
 */
void xevf_test_vf_config(struct kunit *test, unsigned int gpu_id, unsigned int vf,
			 struct xevf_test_vf_cfg *cfg)
{
	unsigned long long start, size, lmem;
	unsigned int ctx0, nctx, db0, ndb;
	char path[64], key[16], *buf, *line;
	ssize_t n;

	buf = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	snprintf(path, sizeof(path), "/sys/kernel/debug/xepf/xesim%u/config", gpu_id);
	n = xevf_test_dfs_io(test, path, buf, SZ_4K - 1, false);
	KUNIT_ASSERT_GT_MSG(test, n, 0, "read %s", path);
	snprintf(key, sizeof(key), "VF%u ggtt ", vf);
	line = strstr(buf, key);
	KUNIT_ASSERT_NOT_NULL_MSG(test, line, "no %s in %s", key, buf);
	n = sscanf(line + strlen(key), "%llx+%llx lmem %llx ctx %u+%u db %u+%u",
		   &start, &size, &lmem, &ctx0, &nctx, &db0, &ndb);
	KUNIT_ASSERT_EQ(test, n, 7);
	cfg->ggtt_start = start;
	cfg->ggtt_size = size;
	cfg->lmem_size = lmem;
	cfg->num_ctxs = nctx;
	cfg->num_dbs = ndb;
}

/**
 * xevf_test_vf_ggtt() - The start of the GGTT range the PF gave a VF.
 * @test: the test.
 * @gpu_id: the GPU.
 * @vf: the VF number.
 *
 * Return: the range's start.
 */
u64 xevf_test_vf_ggtt(struct kunit *test, unsigned int gpu_id, unsigned int vf)
{
	struct xevf_test_vf_cfg cfg;

	xevf_test_vf_config(test, gpu_id, vf, &cfg);
	return cfg.ggtt_start;
}

/**
 * xevf_test_migrate() - Live-migrate the environment's guest from its VF to
 * another VF of the GPU (xevf_test_vmm_migrate()). The guest's recovery
 * then runs on its own; this does not wait for it.
 * @test: the test.
 * @env: the environment; @env->vf is updated.
 * @to: the destination VF (paused or ready, never the current one).
 *
 * Return: 0 or the errno of the step that failed (logged).
 */
int xevf_test_migrate(struct kunit *test, struct xevf_test_env *env, unsigned int to)
{
	char __user *ubuf = xevf_test_ubuf(test);
	unsigned int from = env->vf;
	const char *step = "map a user buffer";
	int err = -ENOMEM;

	if (ubuf)
		err = xevf_test_vmm_migrate(env, to, ubuf, &step);
	if (err)
		kunit_err(test, "migration of slot %u from VF%u to VF%u: %s: %d\n",
			  env->slot_id, from, to, step, err);
	return err;
}

MODULE_DESCRIPTION("KUnit tests of the guest VF driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(XESIM);
/* the tests play the VMM: the PF driver provisions the VFs (through its files only) */
MODULE_SOFTDEP("pre: xepf");
