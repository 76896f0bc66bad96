/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_USERPTR_H_
#define _XEVF_USERPTR_H_

#include <drm/drm_gpuvm.h>
#include <linux/types.h>

struct mm_struct;
struct xevf_userptr;
struct xevf_vm;

/* the &drm_gpuva.flags bit of a userptr's VA (the bit after XEVF_VA_READONLY) */
#define XEVF_VA_USERPTR		(DRM_GPUVA_USERBITS << 1)

void xevf_userptr_vm_init(struct xevf_vm *vm);
int xevf_userptr_create(struct xevf_vm *vm, struct mm_struct *mm, u64 addr, u64 range,
			bool readonly, struct xevf_userptr **out);
int xevf_userptr_stage(struct xevf_userptr *up);
int xevf_userptr_fault(struct xevf_userptr *up);
struct xevf_userptr *xevf_userptr_get(struct xevf_userptr *up);
void xevf_userptr_put(struct xevf_userptr *up);
struct xevf_userptr *xevf_userptr_of(struct drm_gpuva *va);
struct drm_gpuva *xevf_userptr_va(struct xevf_userptr *up);
void xevf_userptr_bind(struct xevf_userptr *up);
void xevf_userptr_unbind(struct xevf_userptr *up);
int xevf_userptr_split(struct xevf_userptr *old, struct drm_gpuva_op_map *map,
		       struct xevf_userptr **out);
void xevf_userptr_write(struct xevf_userptr *up);
int xevf_userptr_vm_pin(struct xevf_vm *vm);
int xevf_userptr_vm_lock(struct xevf_vm *vm);
void xevf_userptr_vm_unlock(struct xevf_vm *vm);

#endif
