/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VF save and restore on the device: the migration stream bound to a VF.
 */

#ifndef _XEPF_SRIOV_MIGRATION_H_
#define _XEPF_SRIOV_MIGRATION_H_

#include "xepf_sriov_migration_types.h"

struct iov_iter;
struct xepf_pf;

int xepf_sriov_migration_init(struct xepf_pf *pf);
void xepf_sriov_migration_fini(struct xepf_pf *pf);

int xepf_sriov_migration_size(struct xepf_pf *pf, unsigned int vfid, u64 *size);
int xepf_sriov_migration_save_begin(struct xepf_pf *pf, unsigned int vfid,
				    struct xepf_mig_owner *o);
ssize_t xepf_sriov_migration_save_read(struct xepf_pf *pf, unsigned int vfid,
				       struct xepf_mig_owner *o, struct iov_iter *to);
ssize_t xepf_sriov_migration_save_read_user(struct xepf_pf *pf, unsigned int vfid,
					    struct xepf_mig_owner *o, char __user *buf,
					    size_t len, bool nonblock);
bool xepf_sriov_migration_save_ready(struct xepf_pf *pf, unsigned int vfid,
				     struct xepf_mig_owner *o);
int xepf_sriov_migration_save_end(struct xepf_pf *pf, unsigned int vfid,
				  struct xepf_mig_owner *o);
int xepf_sriov_migration_restore_begin(struct xepf_pf *pf, unsigned int vfid,
				       struct xepf_mig_owner *o);
ssize_t xepf_sriov_migration_restore_write(struct xepf_pf *pf, unsigned int vfid,
					   struct xepf_mig_owner *o,
					   struct iov_iter *from);
ssize_t xepf_sriov_migration_restore_write_user(struct xepf_pf *pf, unsigned int vfid,
						struct xepf_mig_owner *o,
						const char __user *buf, size_t len);
int xepf_sriov_migration_restore_end(struct xepf_pf *pf, unsigned int vfid,
				     struct xepf_mig_owner *o);
int xepf_sriov_migration_restore_prepare(struct xepf_pf *pf, unsigned int vfid);
void xepf_sriov_migration_abort(struct xepf_pf *pf, unsigned int vfid);
void xepf_sriov_migration_cancel(struct xepf_pf *pf, unsigned int vfid);
int xepf_sriov_migration_resume_check(struct xepf_pf *pf, unsigned int vfid);
struct xepf_mig_owner *xepf_sriov_migration_vmm(struct xepf_pf *pf, unsigned int vfid);
int xepf_sriov_migration_stats(struct xepf_pf *pf, unsigned int vfid,
			       struct xepf_mig_stats *save, struct xepf_mig_stats *restore);

#endif
