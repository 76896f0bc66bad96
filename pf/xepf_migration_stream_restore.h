/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF migration stream v1: the restore consumer.
 */

#ifndef _XEPF_MIGRATION_STREAM_RESTORE_H_
#define _XEPF_MIGRATION_STREAM_RESTORE_H_

#include <linux/types.h>

#include "xepf_migration_stream_restore_types.h"

struct iov_iter;

struct xepf_mig_restore *
xepf_migration_stream_restore_create(const struct xepf_mig_target *t);
ssize_t xepf_migration_stream_restore_write(struct xepf_mig_restore *r,
					    struct iov_iter *from);
ssize_t xepf_migration_stream_restore_write_kbuf(struct xepf_mig_restore *r,
						 const void *buf, size_t len);
size_t xepf_migration_stream_restore_want(const struct xepf_mig_restore *r, u64 *vram);
int xepf_migration_stream_restore_vram_done(struct xepf_mig_restore *r, size_t n, u64 ns);
int xepf_migration_stream_restore_finish(struct xepf_mig_restore *r);
void xepf_migration_stream_restore_destroy(struct xepf_mig_restore *r);
void xepf_migration_stream_restore_stats(const struct xepf_mig_restore *r,
					 struct xepf_mig_stats *st);

#endif
