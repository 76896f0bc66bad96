/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_PT_H_
#define _XEVF_PT_H_

#include <linux/types.h>

struct xevf_device;
struct xevf_pt;
struct xevf_vm;

u64 xevf_pt_pde(const struct xevf_pt *pt);
u64 xevf_pte_encode(u64 addr, bool vram, bool readonly);
u64 xevf_pt_null_entry(unsigned int level);
unsigned int xevf_pt_index(u64 va, unsigned int level);
int xevf_pt_create(struct xevf_device *xe, unsigned int level, u64 empty,
		   struct xevf_pt **out);
void xevf_pt_destroy(struct xevf_device *xe, struct xevf_pt *pt);
int xevf_pt_populate(struct xevf_vm *vm, u64 start, u64 end);
void xevf_pt_write_leaf(struct xevf_vm *vm, u64 va, u64 pte);
void xevf_pt_clear(struct xevf_vm *vm, u64 va);
bool xevf_pt_update(struct xevf_vm *vm, u64 va, u64 pte);
void xevf_pt_zap(struct xevf_vm *vm, u64 va);

#endif
