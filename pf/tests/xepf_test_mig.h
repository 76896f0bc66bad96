/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The migration stream tests' fake VFs and stream helpers (xepf_test_mig.c).
 */

#ifndef _XEPF_TEST_MIG_H_
#define _XEPF_TEST_MIG_H_

#include <linux/types.h>

#include "xepf_migration_stream_types.h"

struct kunit;

#define FAKE_VFS	3
#define FAKE_GUC_SIZE	1000
#define FAKE_IOVA_BASE	0x100000ull
#define FAKE_IOVA_SIZE	0x100000ull
#define HDR		sizeof(struct xepf_mig_hdr)

struct fake_gpu;

struct fake_vf {
	struct fake_gpu *gpu;
	unsigned int vfid;
	u64 ggtt_first;
	u64 ggtt_pages;
	u64 vram_base;
	u64 lmem_size;
	u32 mmio[XEPF_MIG_MMIO_REGS];
	u8 guc[FAKE_GUC_SIZE];
	size_t guc_len;
	int fail_guc_restore;
	int fail_ggtt_read;
	int fail_iova_check;
	struct xepf_mig_target t;
};

struct fake_gpu {
	struct kunit *test;
	u64 *ggtt;
	u64 ggtt_pages;
	u8 *vram;
	u64 vram_size;
	struct fake_vf vf[FAKE_VFS + 1];
	unsigned int stray;	/* accesses outside a VF's range */
};

struct stream {
	u8 *buf;
	size_t len;
};

struct pkts {
	size_t off[64];
	size_t len[64];
	unsigned int n;
};

struct env {
	struct fake_gpu *src, *dst;
	struct fake_vf *from, *to;
	struct stream st;
	struct pkts p;
};

extern const struct xepf_mig_ops xepf_test_mig_ops;

void *xepf_test_mig_vzalloc(struct kunit *test, size_t size);
u32 xepf_test_mig_csum(struct fake_vf *vf);
u32 xepf_test_mig_csum_outside(struct fake_gpu *gpu, struct fake_vf *vf);
struct stream xepf_test_mig_save_all(struct kunit *test, struct fake_vf *vf, size_t chunk);
int xepf_test_mig_restore_all(struct kunit *test, struct fake_vf *vf, const u8 *buf, size_t len,
			      size_t chunk);
struct pkts xepf_test_mig_split(struct kunit *test, struct stream st);
struct xepf_mig_hdr *xepf_test_mig_hdr(struct stream st, struct pkts *p, unsigned int i);
unsigned int xepf_test_mig_find(struct kunit *test, struct stream st, struct pkts *p, u8 type);
struct stream xepf_test_mig_reorder(struct kunit *test, struct stream st, struct pkts *p,
				    const unsigned int *order, unsigned int n);
struct stream xepf_test_mig_copy(struct kunit *test, struct stream st);
void xepf_test_mig_env_init_sized(struct kunit *test, struct env *e, u64 pages, u64 lmem,
				  size_t rchunk);
void xepf_test_mig_env_init(struct kunit *test, struct env *e, bool big);
void xepf_test_mig_expect_bad(struct kunit *test, struct env *e, struct stream st, int err);
void xepf_test_mig_expect_restored(struct kunit *test, struct env *e);

#endif
