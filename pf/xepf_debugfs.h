/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PF's debugfs files.
 */

#ifndef _XEPF_DEBUGFS_H_
#define _XEPF_DEBUGFS_H_

struct xepf_pf;

void xepf_debugfs_init(void);
void xepf_debugfs_fini(void);
void xepf_debugfs_register(struct xepf_pf *pf);
void xepf_debugfs_unregister(struct xepf_pf *pf);

#endif
