/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test environment of the xesim KUnit tests: GPUs, VFs, guest slots
 * and pages that are cleaned up when the test ends.
 */

#ifndef _XESIM_TEST_ENV_H_
#define _XESIM_TEST_ENV_H_

#include <linux/types.h>

struct kunit;
struct page;
struct xesim_fn;
struct xesim_gpu;
struct xesim_slot;

/* the only driver name test devices bind to */
#define XESIM_TEST_DRIVER	"xesim_kunit"

unsigned int xesim_test_id(void);
struct xesim_gpu *xesim_test_gpu(struct kunit *test, u64 ggtt_size,
				 u64 vram_size, unsigned int num_vfs);
struct xesim_fn *xesim_test_fn(struct kunit *test, struct xesim_gpu *gpu,
			       unsigned int vfid);
void xesim_test_provision(struct kunit *test, struct xesim_gpu *gpu,
			  unsigned int vfid, u64 ggtt_start, u64 ggtt_size,
			  u64 lmem_size);
struct xesim_slot *xesim_test_slot(struct kunit *test);
struct page *xesim_test_page(struct kunit *test, u8 fill);

#endif
