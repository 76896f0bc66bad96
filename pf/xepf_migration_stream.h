/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF migration stream v1: producer and consumer.
 */

#ifndef _XEPF_MIGRATION_STREAM_H_
#define _XEPF_MIGRATION_STREAM_H_

#include "xepf_migration_stream_types.h"

struct iov_iter;

int xepf_migration_stream_size(const struct xepf_mig_target *t, u64 *size);

struct xepf_mig_save *xepf_migration_stream_save_create(const struct xepf_mig_target *t);
ssize_t xepf_migration_stream_save_read(struct xepf_mig_save *s, struct iov_iter *to);
ssize_t xepf_migration_stream_save_read_ready(struct xepf_mig_save *s, struct iov_iter *to);
int xepf_migration_stream_save_wait(struct xepf_mig_save *s);
bool xepf_migration_stream_save_poll(struct xepf_mig_save *s);
void xepf_migration_stream_save_get(struct xepf_mig_save *s);
void xepf_migration_stream_save_put(struct xepf_mig_save *s);
bool xepf_migration_stream_save_complete(const struct xepf_mig_save *s);
void xepf_migration_stream_save_destroy(struct xepf_mig_save *s);
void xepf_migration_stream_save_stats(struct xepf_mig_save *s, struct xepf_mig_stats *st);

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
