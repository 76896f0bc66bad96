/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF migration stream v1: the save producer.
 */

#ifndef _XEPF_MIGRATION_STREAM_SAVE_H_
#define _XEPF_MIGRATION_STREAM_SAVE_H_

#include <linux/types.h>

#include "xepf_migration_stream_save_types.h"

struct iov_iter;

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

#endif
