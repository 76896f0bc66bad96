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
	env->xe = xevf_find(buf);
	KUNIT_ASSERT_NOT_NULL_MSG(test, env->xe, "the VF driver did not bind");
	return env;
}

MODULE_DESCRIPTION("KUnit tests of the guest VF driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_IMPORT_NS(XESIM);
