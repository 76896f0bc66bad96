// SPDX-License-Identifier: GPL-2.0
/*
 * The VF driver's tracepoints (xevf_trace.h), instantiated once.
 */

#define CREATE_TRACE_POINTS
#include "xevf_trace.h"
