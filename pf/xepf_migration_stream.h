/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF migration stream v1: the format. The save producer is in
 * xepf_migration_stream_save.h, the restore consumer in
 * xepf_migration_stream_restore.h.
 */

#ifndef _XEPF_MIGRATION_STREAM_H_
#define _XEPF_MIGRATION_STREAM_H_

#include <linux/types.h>

#include <abi/xe_regs_abi.h>

#include "xepf_migration_stream_types.h"

/**
 * xepf_migration_stream_ggtt_pages() - How many GGTT entries a VF's stream carries.
 * @t: the VF.
 *
 * Return: the pages of the VF's GGTT range, one entry each.
 */
static inline u64 xepf_migration_stream_ggtt_pages(const struct xepf_mig_target *t)
{
	return t->ggtt_size >> XE_GGTT_PAGE_SHIFT;
}

const char *xepf_migration_stream_type_name(unsigned int type);
int xepf_migration_stream_size(const struct xepf_mig_target *t, u64 *size);

#endif
