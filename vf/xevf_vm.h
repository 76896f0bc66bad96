/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_VM_H_
#define _XEVF_VM_H_

#include <linux/types.h>

struct drm_device;
struct drm_file;
struct drm_gem_object;
struct xevf_device;
struct xevf_vm;

struct xevf_vm *xevf_vm_create(struct xevf_device *xe, u32 flags);
struct xevf_vm *xevf_vm_get(struct xevf_vm *vm);
void xevf_vm_put(struct xevf_vm *vm);
void xevf_vm_close(struct xevf_vm *vm);
struct xevf_vm *xevf_vm_lookup(struct drm_file *file, u32 id);
u64 xevf_vm_pdp_root(struct xevf_vm *vm);
int xevf_vm_bind_range(struct xevf_vm *vm, struct drm_gem_object *obj,
		       u64 offset, u64 addr, u64 range, u32 flags);
int xevf_vm_unbind_range(struct xevf_vm *vm, u64 addr, u64 range);
int xevf_vm_create_ioctl(struct drm_device *drm, void *data,
			 struct drm_file *file);
int xevf_vm_destroy_ioctl(struct drm_device *drm, void *data,
			  struct drm_file *file);
int xevf_vm_bind_ioctl(struct drm_device *drm, void *data,
		       struct drm_file *file);

#endif
