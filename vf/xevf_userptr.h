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
int xevf_userptr_map(struct xevf_vm *vm, struct xevf_userptr *up,
		     struct drm_gpuva_op_map *map);
int xevf_userptr_remap(struct xevf_vm *vm, struct drm_gpuva_op_remap *op);
void xevf_userptr_destroy(struct xevf_userptr *up);
void xevf_userptr_free_va(struct drm_gpuva *va);
int xevf_userptr_vm_pin(struct xevf_vm *vm);
int xevf_userptr_vm_lock(struct xevf_vm *vm);
void xevf_userptr_vm_unlock(struct xevf_vm *vm);

#endif
