// SPDX-License-Identifier: GPL-2.0
/*
 * Self-test of the test harness: a module that does, on request, each thing the harness
 * must catch. Built and loaded only by `make check-harness` (scripts/check-harness.sh).
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>

static bool kunit_fail;
module_param(kunit_fail, bool, 0444);
MODULE_PARM_DESC(kunit_fail, "make the KUnit case harness_may_fail fail");

static bool warn;
module_param(warn, bool, 0444);
MODULE_PARM_DESC(warn, "WARN_ON() at load");

static bool kasan_uaf;
module_param(kasan_uaf, bool, 0444);
MODULE_PARM_DESC(kasan_uaf, "read freed memory at load (a KASAN use-after-free)");

static bool leak;
module_param(leak, bool, 0444);
MODULE_PARM_DESC(leak, "leak an allocation at load (a kmemleak report)");

static void harness_passes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 2 + 2, 4);
}

static void harness_may_fail(struct kunit *test)
{
	KUNIT_EXPECT_FALSE_MSG(test, kunit_fail, "failing on request (kunit_fail=1)");
}

static struct kunit_case harness_cases[] = {
	KUNIT_CASE(harness_passes),
	KUNIT_CASE(harness_may_fail),
	{}
};

static struct kunit_suite harness_suite = {
	.name = "xevm_harness_selftest",
	.test_cases = harness_cases,
};

kunit_test_suite(harness_suite);

/* Out of line, and READ_ONCE(), so that the compiler keeps the bad read. */
static noinline u8 harness_read(const u8 *p)
{
	return READ_ONCE(*p);
}

static int __init harness_init(void)
{
	WARN_ON(warn);

	if (kasan_uaf) {
		u8 *p = kmalloc(64, GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		kfree(p);
		pr_info("xevm_harness_selftest: read after free: %u\n", harness_read(p));
	}

	if (leak) {
		void *p = kmalloc(128, GFP_KERNEL);

		pr_info("xevm_harness_selftest: leaking an object%s\n", p ? "" : " (none)");
		p = NULL;
	}
	return 0;
}
module_init(harness_init);

static void __exit harness_exit(void)
{
}
module_exit(harness_exit);

MODULE_DESCRIPTION("Self-test of the xevm test harness");
MODULE_LICENSE("GPL");
