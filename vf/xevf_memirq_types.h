/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_MEMIRQ_TYPES_H_
#define _XEVF_MEMIRQ_TYPES_H_

#include <linux/types.h>

struct xevf_kbo;

/**
 * struct xevf_memirq - Memory-based interrupts of the VF.
 */
struct xevf_memirq {
	/** @kbo: the interrupt page (status vectors and source bytes). */
	struct xevf_kbo *kbo;
	/** @enabled: the GuC knows the page and the handler is requested. */
	bool enabled;
	/** @msis: calls of the interrupt handler. */
	u64 msis;
	/** @guc2host: GUC2HOST vectors seen. */
	u64 guc2host;
	/** @migrated: SW_INT_0 (MIGRATED) vectors seen. */
	u64 migrated;
};

#endif
