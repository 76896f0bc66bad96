// SPDX-License-Identifier: GPL-2.0
/*
 * The test environment of the VF driver's KUnit tests. Everything goes
 * through the bus's sysfs interface and the PF driver, as the VMM role and
 * the host would do it; the VF driver binds to the slot by itself.
 */

#include <kunit/test.h>
#include <kunit/test-bug.h>
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include <linux/mman.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include <xesim_driver.h>

#include "xepf_pf.h"
#include "xevf_drv.h"
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
	struct file *f = filp_open(path, O_WRONLY, 0);
	loff_t pos = 0;

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "open %s", path);
	KUNIT_EXPECT_EQ_MSG(test, kernel_write(f, text, strlen(text), &pos),
			    (ssize_t)strlen(text), "%s < %s", path, text);
	filp_close(f, NULL);
}

static void xevf_test_env_down(void *data)
{
	struct xevf_test_env *env = data;
	struct kunit *test = kunit_get_current_test();
	char buf[32];

	snprintf(buf, sizeof(buf), "%u", env->slot_id);
	xevf_test_write(test, "/sys/bus/xesim/del_slot", buf);
	snprintf(buf, sizeof(buf), "%u", env->gpu_id);
	xevf_test_write(test, "/sys/bus/xesim/del_device", buf);
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
	char buf[64];

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env);

	env->gpu_id = atomic_inc_return(&xevf_test_next_id);
	env->slot_id = env->gpu_id;
	snprintf(buf, sizeof(buf), "%u ggtt=64M vram=32M max_vfs=2", env->gpu_id);
	xevf_test_write(test, "/sys/bus/xesim/new_device", buf);
	snprintf(buf, sizeof(buf), "%u", env->slot_id);
	xevf_test_write(test, "/sys/bus/xesim/new_slot", buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevf_test_env_down,
							env), 0);
	snprintf(buf, sizeof(buf), "xesim%u", env->gpu_id);
	env->pf = xepf_pf_find(buf);
	KUNIT_ASSERT_NOT_NULL(test, env->pf);
	KUNIT_ASSERT_EQ(test, xepf_pf_sriov_configure(env->pf, 2), 2);
	snprintf(buf, sizeof(buf), "/sys/bus/xesim/devices/xeslot%u/attach",
		 env->slot_id);
	{
		char attach[32];

		snprintf(attach, sizeof(attach), "%u 1", env->gpu_id);
		xevf_test_write(test, buf, attach);
	}
	snprintf(buf, sizeof(buf), "xeslot%u", env->slot_id);
	env->vf = 1;
	env->xe = xevf_find(buf);
	KUNIT_ASSERT_NOT_NULL_MSG(test, env->xe, "the VF driver did not bind");
	return env;
}

#define XEVF_TEST_UBUF	SZ_1M

/*
 * The PF's debugfs files have .read and .write only (user buffers), as a
 * VMM uses them: the test reads and writes them through a user mapping.
 */
static ssize_t xevf_test_dfs_io(struct kunit *test, const char *path, void *buf,
				size_t size, bool write)
{
	unsigned long addr = kunit_vm_mmap(test, NULL, 0, XEVF_TEST_UBUF,
					   PROT_READ | PROT_WRITE,
					   MAP_ANONYMOUS | MAP_PRIVATE, 0);
	char __user *ubuf = (char __user *)addr;
	struct file *f;
	size_t done = 0, n;
	loff_t pos = 0;
	ssize_t ret = 0;

	if (!addr || IS_ERR_VALUE(addr))
		return -ENOMEM;
	f = filp_open(path, write ? O_WRONLY : O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	while (done < size) {
		n = min_t(size_t, size - done, XEVF_TEST_UBUF);
		if (write) {
			if (copy_to_user(ubuf, buf + done, n)) {
				ret = -EFAULT;
				break;
			}
			ret = f->f_op->write(f, ubuf, n, &pos);
		} else {
			ret = f->f_op->read(f, ubuf, n, &pos);
			if (ret > 0 && copy_from_user(buf + done, ubuf, ret))
				ret = -EFAULT;
		}
		if (ret <= 0)
			break;
		done += ret;
	}
	/* a restore is loaded at the close, and its error shows there */
	n = filp_close(f, NULL);
	if (ret < 0)
		return ret;
	return (int)n < 0 ? (int)n : done;
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

static int xevf_test_sysfs_write(const char *path, const char *text)
{
	struct file *f = filp_open(path, O_WRONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, text, strlen(text), &pos);
	filp_close(f, NULL);
	return n < 0 ? n : 0;
}

/**
 * xevf_test_pf_file() - The path of a per-VF debugfs file of the PF driver.
 * @buf: out, at least 96 bytes.
 * @gpu_id: the GPU.
 * @vf: the VF number.
 * @name: the file.
 *
 * Return: @buf.
 */
char *xevf_test_pf_file(char *buf, unsigned int gpu_id, unsigned int vf, const char *name)
{
	snprintf(buf, 96, "/sys/kernel/debug/xepf/xesim%u/vf%u/%s", gpu_id, vf, name);
	return buf;
}

/**
 * xevf_test_vf_ggtt() - The GGTT range the PF gave a VF (its ``config``).
 * @test: the test.
 * @gpu_id: the GPU.
 * @vf: the VF number.
 *
 * Return: the range's start.
 */
u64 xevf_test_vf_ggtt(struct kunit *test, unsigned int gpu_id, unsigned int vf)
{
	char path[64], key[16], *buf, *line;
	unsigned long long start, size;
	ssize_t n;

	buf = kunit_kzalloc(test, SZ_4K, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	snprintf(path, sizeof(path), "/sys/kernel/debug/xepf/xesim%u/config", gpu_id);
	n = xevf_test_dfs_io(test, path, buf, SZ_4K - 1, false);
	KUNIT_ASSERT_GT_MSG(test, n, 0, "read %s", path);
	snprintf(key, sizeof(key), "VF%u ggtt ", vf);
	line = strstr(buf, key);
	KUNIT_ASSERT_NOT_NULL_MSG(test, line, "no %s in %s", key, buf);
	n = sscanf(line + strlen(key), "%llx+%llx", &start, &size);
	KUNIT_ASSERT_EQ(test, n, 2);
	return start;
}

/* wait until the PF's state of a VF says the restore ended */
static int xevf_test_wait_restored(struct kunit *test, struct xevf_test_env *env,
				   unsigned int vf)
{
	char path[96], state[64];
	ssize_t n;
	int i;

	xevf_test_pf_file(path, env->gpu_id, vf, "state");
	for (i = 0; i < 500; i++) {
		n = xevf_test_dfs_io(test, path, state, sizeof(state) - 1, false);
		if (n < 0)
			return n;
		state[n] = 0;
		if (strstr(state, "restore_failed"))
			return -EIO;
		if (strstr(state, "restored") && !strstr(state, "wip"))
			return 0;
		msleep(20);
	}
	return -ETIMEDOUT;
}

/**
 * xevf_test_migrate() - Live-migrate the environment's guest from its VF to
 * another VF of the GPU, as the VMM does: freeze the slot, pause the source
 * and save it, pause the destination and restore into it, re-attach the
 * slot, resume the destination, thaw. The guest's recovery then runs on its
 * own; this does not wait for it.
 * @test: the test.
 * @env: the environment; @env->vf is updated.
 * @to: the destination VF (paused or ready, never the current one).
 *
 * Return: 0 or the errno of the step that failed (logged).
 */
int xevf_test_migrate(struct kunit *test, struct xevf_test_env *env, unsigned int to)
{
	unsigned int from = env->vf;
	char path[96], slot[64], arg[32];
	const char *step = "freeze";
	size_t size = SZ_32M;
	ssize_t len;
	void *buf;
	int err;

	buf = vmalloc(size);
	if (!buf)
		return -ENOMEM;
	snprintf(slot, sizeof(slot), "/sys/bus/xesim/devices/xeslot%u/freeze", env->slot_id);
	err = xevf_test_sysfs_write(slot, "1");
	if (err)
		goto out;
	step = "pause the source";
	err = xepf_pf_control_verb(env->pf, from, "pause");
	/* a source held in fix-ups (a stopper) is paused the same way */
	if (err && err != -ESTALE)
		goto out_thaw;
	step = "save";
	len = xevf_test_dfs_io(test, xevf_test_pf_file(path, env->gpu_id, from, "save"),
			       buf, size, false);
	err = len < 0 ? len : !len || len == size ? -EIO : 0;
	if (err)
		goto out_thaw;
	step = "pause the destination";
	err = xepf_pf_control_verb(env->pf, to, "pause");
	if (err && err != -ESTALE)
		goto out_thaw;
	step = "restore";
	err = xevf_test_dfs_io(test, xevf_test_pf_file(path, env->gpu_id, to, "restore"),
			       buf, len, true);
	err = err < 0 ? err : 0;
	if (err)
		goto out_thaw;
	/* the PF loads the stream after the close, in its control worker */
	step = "load";
	err = xevf_test_wait_restored(test, env, to);
	if (err)
		goto out_thaw;
	snprintf(path, sizeof(path), "/sys/bus/xesim/devices/xeslot%u/attach", env->slot_id);
	snprintf(arg, sizeof(arg), "%u %u", env->gpu_id, to);
	step = "attach";
	err = xevf_test_sysfs_write(path, arg);
	if (err)
		goto out_thaw;
	env->vf = to;
	step = "resume";
	err = xepf_pf_control_verb(env->pf, to, "resume");
out_thaw:
	if (xevf_test_sysfs_write(slot, "0"))
		err = err ?: -EIO;
out:
	vfree(buf);
	if (err)
		kunit_err(test, "migration of slot %u from VF%u to VF%u: %s: %d\n",
			  env->slot_id, from, to, step, err);
	return err;
}

MODULE_DESCRIPTION("KUnit tests of the guest VF driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(XESIM);
