// SPDX-License-Identifier: GPL-2.0
/*
 * The VMM role of the VF driver's tests and benchmark, without KUnit.
 * Everything goes through the bus's sysfs interface and the PF driver, as
 * the VMM role and the host would do it; the VF driver binds to the slot by
 * itself. The KUnit environment (xevf_test_env.c) and the benchmark module
 * (xevf_bench.c) are both built on it.
 */

#include <linux/delay.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "xevf_drv.h"
#include "xevf_test_vmm.h"

/* the largest migration stream: the VF's VRAM share and some */
#define XEVF_TEST_VMM_STREAM	SZ_32M

/**
 * xevf_test_vmm_sysfs_write() - Write a sysfs attribute.
 * @path: the attribute.
 * @text: what to write.
 *
 * Context: process context.
 * Return: 0 or the open's or the write's errno.
 */
int xevf_test_vmm_sysfs_write(const char *path, const char *text)
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
 * xevf_test_vmm_dfs_io() - Read or write a whole debugfs file that has
 * only .read and .write (user buffers), as a VMM does, through a user
 * buffer of the current task.
 * @ubuf: %XEVF_TEST_VMM_UBUF bytes mapped in the current task.
 * @path: the file.
 * @buf: the kernel buffer read into or written from.
 * @size: its size: the most to read, or what to write.
 * @write: write @size bytes of @buf, else read up to @size bytes into it.
 *
 * Context: process context with a user address space.
 * Return: the bytes read or written, or an errno (a restore's load error
 * shows at the close).
 */
ssize_t xevf_test_vmm_dfs_io(char __user *ubuf, const char *path, void *buf,
			     size_t size, bool write)
{
	struct file *f;
	size_t done = 0, n;
	loff_t pos = 0;
	ssize_t ret = 0;

	f = filp_open(path, write ? O_WRONLY : O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	while (done < size) {
		n = min_t(size_t, size - done, XEVF_TEST_VMM_UBUF);
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
 * xevf_test_vmm_pf_file() - The path of a per-VF debugfs file of the PF
 * driver.
 * @buf: out, at least 96 bytes.
 * @gpu_id: the GPU.
 * @vf: the VF number.
 * @name: the file.
 *
 * Return: @buf.
 */
char *xevf_test_vmm_pf_file(char *buf, unsigned int gpu_id, unsigned int vf,
			    const char *name)
{
	snprintf(buf, 96, "/sys/kernel/debug/xepf/xesim%u/vf%u/%s", gpu_id, vf, name);
	return buf;
}

/**
 * xevf_test_vmm_up() - Create a GPU (the PF driver binds), enable and
 * provision two VFs, create a guest slot and attach it to VF1, so that the
 * VF driver binds and brings the VF up.
 * @env: in: the GPU's and the slot's numbers (free ones); out: the rest.
 * @params: the GPU's parameters after its number (``new_device``), with
 *          max_vfs=2 or more.
 * @step: out: on failure, what failed.
 *
 * Context: process context.
 * Return: 0, or the errno of @step with everything undone.
 */
int xevf_test_vmm_up(struct xevf_test_env *env, const char *params, const char **step)
{
	char buf[96], arg[32];
	int err;

	*step = "new_device";
	snprintf(buf, sizeof(buf), "%u %s", env->gpu_id, params);
	err = xevf_test_vmm_sysfs_write("/sys/bus/xesim/new_device", buf);
	if (err)
		return err;
	*step = "new_slot";
	snprintf(buf, sizeof(buf), "%u", env->slot_id);
	err = xevf_test_vmm_sysfs_write("/sys/bus/xesim/new_slot", buf);
	if (err)
		goto del_device;

	*step = "enable 2 VFs";
	snprintf(buf, sizeof(buf), "/sys/bus/xesim/devices/xesim%u/sriov_numvfs", env->gpu_id);
	err = xevf_test_vmm_sysfs_write(buf, "2");
	if (err)
		goto del_slot;

	*step = "attach the slot to VF1";
	snprintf(buf, sizeof(buf), "/sys/bus/xesim/devices/xeslot%u/attach", env->slot_id);
	snprintf(arg, sizeof(arg), "%u 1", env->gpu_id);
	err = xevf_test_vmm_sysfs_write(buf, arg);
	if (err)
		goto del_slot;
	env->vf = 1;
	*step = "bind the VF driver";
	snprintf(buf, sizeof(buf), "xeslot%u", env->slot_id);
	env->xe = xevf_drv_find(buf);
	err = -ENODEV;
	if (!env->xe)
		goto del_slot;
	return 0;

del_slot:
	snprintf(buf, sizeof(buf), "%u", env->slot_id);
	xevf_test_vmm_sysfs_write("/sys/bus/xesim/del_slot", buf);
del_device:
	snprintf(buf, sizeof(buf), "%u", env->gpu_id);
	xevf_test_vmm_sysfs_write("/sys/bus/xesim/del_device", buf);
	env->xe = NULL;
	return err;
}

/**
 * xevf_test_vmm_down() - Delete the slot (the VF driver unbinds) and the
 * GPU of xevf_test_vmm_up().
 * @env: the environment.
 *
 * Context: process context.
 * Return: 0 or the first errno.
 */
int xevf_test_vmm_down(struct xevf_test_env *env)
{
	char buf[32];
	int err;

	snprintf(buf, sizeof(buf), "%u", env->slot_id);
	err = xevf_test_vmm_sysfs_write("/sys/bus/xesim/del_slot", buf);
	snprintf(buf, sizeof(buf), "%u", env->gpu_id);
	return xevf_test_vmm_sysfs_write("/sys/bus/xesim/del_device", buf) ?: err;
}

/* a verb to the PF's control file of a VF: 0 or the verb's errno */
static int xevf_test_vmm_control(struct xevf_test_env *env, unsigned int vf, const char *verb,
				 char __user *ubuf)
{
	char path[96];
	ssize_t n;

	n = xevf_test_vmm_dfs_io(ubuf, xevf_test_vmm_pf_file(path, env->gpu_id, vf, "control"),
				 (void *)verb, strlen(verb), true);
	return n < 0 ? n : 0;
}

/* wait until the PF's state of a VF says the restore ended */
static int xevf_test_vmm_wait_restored(struct xevf_test_env *env, unsigned int vf,
				       char __user *ubuf)
{
	char path[96], state[64];
	ssize_t n;
	int i;

	xevf_test_vmm_pf_file(path, env->gpu_id, vf, "state");
	for (i = 0; i < 500; i++) {
		n = xevf_test_vmm_dfs_io(ubuf, path, state, sizeof(state) - 1, false);
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
 * xevf_test_vmm_migrate() - Live-migrate the environment's guest from its
 * VF to another VF of the GPU, as the VMM does: freeze the slot, pause the
 * source and save it, pause the destination and restore into it, re-attach
 * the slot, resume the destination, thaw. The guest's recovery then runs
 * on its own; this does not wait for it.
 * @env: the environment; @env->vf is updated.
 * @to: the destination VF (paused or ready, never the current one).
 * @ubuf: %XEVF_TEST_VMM_UBUF bytes mapped in the current task.
 * @step: out: on failure, the step that failed.
 *
 * Context: process context with a user address space.
 * Return: 0 or the errno of @step.
 */
int xevf_test_vmm_migrate(struct xevf_test_env *env, unsigned int to,
			  char __user *ubuf, const char **step)
{
	unsigned int from = env->vf;
	char path[96], slot[64], arg[32];
	size_t size = XEVF_TEST_VMM_STREAM;
	ssize_t len;
	void *buf;
	int err;

	*step = "allocate the stream";
	buf = vmalloc(size);
	if (!buf)
		return -ENOMEM;
	*step = "freeze";
	snprintf(slot, sizeof(slot), "/sys/bus/xesim/devices/xeslot%u/freeze", env->slot_id);
	err = xevf_test_vmm_sysfs_write(slot, "1");
	if (err)
		goto out;
	*step = "pause the source";
	err = xevf_test_vmm_control(env, from, "pause", ubuf);
	/* a source held in fix-ups (a stopper) is paused the same way */
	if (err && err != -ESTALE)
		goto out_thaw;
	*step = "save";
	len = xevf_test_vmm_dfs_io(ubuf, xevf_test_vmm_pf_file(path, env->gpu_id, from, "save"),
				   buf, size, false);
	err = len < 0 ? len : !len || len == size ? -EIO : 0;
	if (err)
		goto out_thaw;
	*step = "pause the destination";
	err = xevf_test_vmm_control(env, to, "pause", ubuf);
	if (err && err != -ESTALE)
		goto out_thaw;
	*step = "restore";
	len = xevf_test_vmm_dfs_io(ubuf, xevf_test_vmm_pf_file(path, env->gpu_id, to, "restore"),
				   buf, len, true);
	err = len < 0 ? len : 0;
	if (err)
		goto out_thaw;
	/* the PF loads the stream after the close, in its control worker */
	*step = "load";
	err = xevf_test_vmm_wait_restored(env, to, ubuf);
	if (err)
		goto out_thaw;
	snprintf(path, sizeof(path), "/sys/bus/xesim/devices/xeslot%u/attach", env->slot_id);
	snprintf(arg, sizeof(arg), "%u %u", env->gpu_id, to);
	*step = "attach";
	err = xevf_test_vmm_sysfs_write(path, arg);
	if (err)
		goto out_thaw;
	env->vf = to;
	*step = "resume";
	err = xevf_test_vmm_control(env, to, "resume", ubuf);
out_thaw:
	if (xevf_test_vmm_sysfs_write(slot, "0") && !err) {
		*step = "thaw";
		err = -EIO;
	}
out:
	vfree(buf);
	return err;
}
