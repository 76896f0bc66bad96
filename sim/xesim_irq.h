/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_IRQ_H_
#define _XESIM_IRQ_H_

#include <linux/types.h>

#include "xesim_driver.h"

struct seq_file;
struct xesim_device;
struct xesim_fn;
struct xesim_irq_line;

int xesim_irq_wq_init(void);
void xesim_irq_wq_fini(void);
void xesim_irq_flush(void);

void xesim_irq_line_init(struct xesim_irq_line *line,
			 struct xesim_device *xdev);
int xesim_irq_line_request(struct xesim_irq_line *line,
			   xesim_irq_handler_t handler, void *data);
void xesim_irq_line_free(struct xesim_irq_line *line);
void xesim_irq_line_signal(struct xesim_irq_line *line);
void xesim_irq_line_hold(struct xesim_irq_line *line, bool held);
void xesim_irq_line_show(struct xesim_irq_line *line, struct seq_file *m);

void xesim_irq_init(struct xesim_fn *fn);
void xesim_irq_fini(struct xesim_fn *fn);
int xesim_irq_raise(struct xesim_fn *fn, u32 vector);
int xesim_irq_reg_read(struct xesim_fn *fn, u32 reg, u32 *val);
int xesim_irq_reg_write(struct xesim_fn *fn, u32 reg, u32 val);
void xesim_irq_set_memirq(struct xesim_fn *fn, u64 source, u64 status);
void xesim_irq_get_memirq(struct xesim_fn *fn, u64 *source, u64 *status);
void xesim_irq_reset(struct xesim_fn *fn);
void xesim_irq_show(struct xesim_fn *fn, struct seq_file *m);

#endif
