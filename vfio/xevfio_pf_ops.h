/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The production PF ops of the VFIO variant driver.
 */

#ifndef _XEVFIO_PF_OPS_H_
#define _XEVFIO_PF_OPS_H_

#include "xevfio_pf_ops_types.h"

extern const struct xevfio_pf_ops xevfio_pf_xepf_ops;

#endif
