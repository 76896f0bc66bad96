/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the VF driver: the post-migration recovery, step by step,
 * and the page faults handled.
 */

#undef TRACE_SYSTEM
#define TRACE_SYSTEM xevf

#if !defined(_XEVF_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _XEVF_TRACE_H_

#include <linux/tracepoint.h>

TRACE_EVENT(xevf_recovery_step,
	    TP_PROTO(const char *dev, const char *step, u16 marker, u64 ns, int err),
	    TP_ARGS(dev, step, marker, ns, err),
	    TP_STRUCT__entry(__string(dev, dev)
			     __string(step, step)
			     __field(u16, marker)
			     __field(u64, ns)
			     __field(int, err)),
	    TP_fast_assign(__assign_str(dev);
			   __assign_str(step);
			   __entry->marker = marker;
			   __entry->ns = ns;
			   __entry->err = err;),
	    TP_printk("%s: %s marker %u took %llu ns err %d", __get_str(dev),
		      __get_str(step), __entry->marker, __entry->ns, __entry->err)
);

TRACE_EVENT(xevf_recovery,
	    TP_PROTO(const char *dev, const char *outcome, u16 marker, u64 ns,
		     unsigned int restarts),
	    TP_ARGS(dev, outcome, marker, ns, restarts),
	    TP_STRUCT__entry(__string(dev, dev)
			     __string(outcome, outcome)
			     __field(u16, marker)
			     __field(u64, ns)
			     __field(unsigned int, restarts)),
	    TP_fast_assign(__assign_str(dev);
			   __assign_str(outcome);
			   __entry->marker = marker;
			   __entry->ns = ns;
			   __entry->restarts = restarts;),
	    TP_printk("%s: recovery %s marker %u in %llu ns after %u restarts",
		      __get_str(dev), __get_str(outcome), __entry->marker, __entry->ns,
		      __entry->restarts)
);

TRACE_EVENT(xevf_pagefault,
	    TP_PROTO(const char *dev, u32 asid, u64 addr, u8 access, u8 type, u8 engine_class,
		     int err),
	    TP_ARGS(dev, asid, addr, access, type, engine_class, err),
	    TP_STRUCT__entry(__string(dev, dev)
			     __field(u32, asid)
			     __field(u64, addr)
			     __field(u8, access)
			     __field(u8, type)
			     __field(u8, engine_class)
			     __field(int, err)),
	    TP_fast_assign(__assign_str(dev);
			   __entry->asid = asid;
			   __entry->addr = addr;
			   __entry->access = access;
			   __entry->type = type;
			   __entry->engine_class = engine_class;
			   __entry->err = err;),
	    TP_printk("%s: page fault asid %u addr %#llx access %u type %u class %u err %d",
		      __get_str(dev), __entry->asid, __entry->addr, __entry->access,
		      __entry->type, __entry->engine_class, __entry->err)
);

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE xevf_trace
#include <trace/define_trace.h>
