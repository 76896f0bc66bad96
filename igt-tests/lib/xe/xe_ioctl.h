/* SPDX-License-Identifier: MIT */
/*
 * The Xe ioctls for the tests, under the names of IGT's Xe ioctl helpers (simpler
 * signatures: no PAT index, no extensions where the driver takes none). The __ variants
 * return 0 or the negative errno; the others assert success.
 */
#ifndef XE_IOCTL_H
#define XE_IOCTL_H

#include <stddef.h>

#include <linux/types.h>

#include "xe_drm.h"

/* How long the helpers wait for the GPU (an emulated one, under TCG) before failing. */
#define XE_TIMEOUT_NS	(60ll * 1000 * 1000 * 1000)

/* The mask that compares all 64 bits in a user fence wait. */
#define DRM_XE_UFENCE_WAIT_MASK_U64	0xffffffffffffffffull

/* The value a user fence sync writes (the tests' choice, as upstream's USER_FENCE_VALUE). */
#define USER_FENCE_VALUE	0xdeadbeefdeadbeefull

void gem_close(int fd, __u32 handle);
__s64 xe_abs_timeout(__s64 rel_ns);

int __xe_vm_create(int fd, __u32 flags, __u64 ext, __u32 *vm);
__u32 xe_vm_create(int fd, __u32 flags, __u64 ext);
int __xe_vm_destroy(int fd, __u32 vm);
void xe_vm_destroy(int fd, __u32 vm);

__u16 __xe_default_cpu_caching(int fd, __u32 placement, __u32 flags);
int __xe_bo_create(int fd, __u32 vm, __u64 size, __u32 placement, __u32 flags,
		   __u32 *handle);
__u32 xe_bo_create(int fd, __u32 vm, __u64 size, __u32 placement, __u32 flags);
int __xe_bo_mmap_offset(int fd, __u32 bo, __u64 *offset);
__u64 xe_bo_mmap_offset(int fd, __u32 bo);
void *xe_bo_map(int fd, __u32 bo, size_t size);

int __xe_vm_bind(int fd, __u32 vm, __u32 exec_queue, __u32 bo, __u64 offset, __u64 addr,
		 __u64 size, __u32 op, __u32 flags, struct drm_xe_sync *sync, __u32 num_syncs,
		 __u64 ext);
void xe_vm_bind_async(int fd, __u32 vm, __u32 exec_queue, __u32 bo, __u64 offset,
		      __u64 addr, __u64 size, struct drm_xe_sync *sync, __u32 num_syncs);
void xe_vm_unbind_async(int fd, __u32 vm, __u32 exec_queue, __u64 offset, __u64 addr,
			__u64 size, struct drm_xe_sync *sync, __u32 num_syncs);
void __xe_vm_bind_lr_sync(int fd, __u32 vm, __u32 bo, __u64 offset, __u64 addr, __u64 size,
			  __u32 op, __u32 flags);
int __xe_vm_bind_array(int fd, __u32 vm, __u32 exec_queue, struct drm_xe_vm_bind_op *ops,
		       __u32 num_binds, struct drm_xe_sync *sync, __u32 num_syncs);
void xe_vm_bind_array(int fd, __u32 vm, __u32 exec_queue, struct drm_xe_vm_bind_op *ops,
		      __u32 num_binds, struct drm_xe_sync *sync, __u32 num_syncs);
void xe_vm_bind_sync(int fd, __u32 vm, __u32 bo, __u64 offset, __u64 addr, __u64 size);
void xe_vm_unbind_sync(int fd, __u32 vm, __u64 offset, __u64 addr, __u64 size);

int __xe_exec_queue_create(int fd, __u32 vm, struct drm_xe_engine_class_instance *instance,
			   __u64 ext, __u32 *exec_queue);
__u32 xe_exec_queue_create(int fd, __u32 vm, struct drm_xe_engine_class_instance *instance,
			   __u64 ext);
__u32 xe_exec_queue_create_class(int fd, __u32 vm, __u16 engine_class);
__u32 xe_bind_exec_queue_create(int fd, __u32 vm, __u64 ext);
int __xe_exec_queue_destroy(int fd, __u32 exec_queue);
void xe_exec_queue_destroy(int fd, __u32 exec_queue);
int __xe_exec_queue_get_ban(int fd, __u32 exec_queue, __u64 *banned);

int __xe_exec(int fd, struct drm_xe_exec *exec);
void xe_exec(int fd, struct drm_xe_exec *exec);
void xe_exec_sync(int fd, __u32 exec_queue, __u64 addr, struct drm_xe_sync *sync,
		  __u32 num_syncs);
void xe_exec_wait(int fd, __u32 exec_queue, __u64 addr);

int __xe_wait_ufence(int fd, __u64 *addr, __u64 value, __u32 exec_queue, __s64 *timeout);
__s64 xe_wait_ufence(int fd, __u64 *addr, __u64 value, __u32 exec_queue, __s64 timeout);

#endif /* XE_IOCTL_H */
