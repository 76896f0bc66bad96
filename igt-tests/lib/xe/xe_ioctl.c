// SPDX-License-Identifier: MIT
/*
 * The Xe ioctls for the tests (see xe_ioctl.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define IGT_LOG_DOMAIN "xe_ioctl"

#include <sys/mman.h>
#include <time.h>

#include "drmtest.h"
#include "igt_syncobj.h"
#include "ioctl_wrappers.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

/*
 * The PAT index of write-back caching, coherent with the CPU: 2 on Xe2 (Battlemage, the
 * device the simulator models), which the driver requires for BOs the CPU caches (WB).
 */
#define XE2_PAT_IDX_WB	2

static int xe_ioctl_err(int fd, unsigned long request, void *arg)
{
	return igt_ioctl(fd, request, arg) ? -errno : 0;
}

/**
 * gem_close() - release a GEM handle, or fail
 * @fd: the DRM device
 * @handle: the handle
 */
void gem_close(int fd, __u32 handle)
{
	struct drm_gem_close close_bo = { .handle = handle };

	do_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &close_bo);
}

/**
 * xe_abs_timeout() - a CLOCK_MONOTONIC deadline, for sync object waits
 * @rel_ns: nanoseconds from now
 *
 * Return: the deadline in nanoseconds.
 */
__s64 xe_abs_timeout(__s64 rel_ns)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec + rel_ns;
}

/**
 * __xe_vm_create() - DRM_IOCTL_XE_VM_CREATE
 * @fd: the Xe device
 * @flags: DRM_XE_VM_CREATE_FLAG_*
 * @ext: extensions, 0 for none
 * @vm: set to the VM's id
 *
 * Return: 0 or the negative errno.
 */
int __xe_vm_create(int fd, __u32 flags, __u64 ext, __u32 *vm)
{
	struct drm_xe_vm_create create = { .extensions = ext, .flags = flags };
	int err = xe_ioctl_err(fd, DRM_IOCTL_XE_VM_CREATE, &create);

	if (!err)
		*vm = create.vm_id;
	return err;
}

/**
 * xe_vm_create() - create a VM, or fail
 * @fd: the Xe device
 * @flags: DRM_XE_VM_CREATE_FLAG_*
 * @ext: extensions, 0 for none
 *
 * Return: the VM's id.
 */
__u32 xe_vm_create(int fd, __u32 flags, __u64 ext)
{
	__u32 vm = 0;

	igt_assert_eq(__xe_vm_create(fd, flags, ext, &vm), 0);
	return vm;
}

/**
 * __xe_vm_destroy() - DRM_IOCTL_XE_VM_DESTROY
 * @fd: the Xe device
 * @vm: the VM
 *
 * Return: 0 or the negative errno.
 */
int __xe_vm_destroy(int fd, __u32 vm)
{
	struct drm_xe_vm_destroy destroy = { .vm_id = vm };

	return xe_ioctl_err(fd, DRM_IOCTL_XE_VM_DESTROY, &destroy);
}

/**
 * xe_vm_destroy() - destroy a VM, or fail
 * @fd: the Xe device
 * @vm: the VM
 */
void xe_vm_destroy(int fd, __u32 vm)
{
	igt_assert_eq(__xe_vm_destroy(fd, vm), 0);
}

/**
 * __xe_default_cpu_caching() - the CPU caching a BO may have
 * @fd: the Xe device
 * @placement: the BO's regions
 * @flags: DRM_XE_GEM_CREATE_FLAG_*
 *
 * Return: write-combined for BOs that may live in VRAM (the driver requires it), else
 * write-back.
 */
__u16 __xe_default_cpu_caching(int fd, __u32 placement, __u32 flags)
{
	if ((placement & ~system_memory(fd)) || (flags & DRM_XE_GEM_CREATE_FLAG_SCANOUT))
		return DRM_XE_GEM_CPU_CACHING_WC;
	return DRM_XE_GEM_CPU_CACHING_WB;
}

/**
 * __xe_bo_create() - DRM_IOCTL_XE_GEM_CREATE with the default CPU caching
 * @fd: the Xe device
 * @vm: 0, or the VM the BO is private to
 * @size: bytes, page aligned
 * @placement: the regions (instance bits) it may live in
 * @flags: DRM_XE_GEM_CREATE_FLAG_*
 * @handle: set to the handle
 *
 * Return: 0 or the negative errno.
 */
int __xe_bo_create(int fd, __u32 vm, __u64 size, __u32 placement, __u32 flags,
		   __u32 *handle)
{
	struct drm_xe_gem_create create = {
		.size = size,
		.flags = flags,
		.vm_id = vm,
		.placement = placement,
		.cpu_caching = __xe_default_cpu_caching(fd, placement, flags),
	};
	int err = xe_ioctl_err(fd, DRM_IOCTL_XE_GEM_CREATE, &create);

	if (!err)
		*handle = create.handle;
	return err;
}

/**
 * xe_bo_create() - create a BO, or fail
 * @fd: the Xe device
 * @vm: 0, or the VM the BO is private to
 * @size: bytes, page aligned
 * @placement: the regions (instance bits) it may live in
 * @flags: DRM_XE_GEM_CREATE_FLAG_*
 *
 * Return: the handle.
 */
__u32 xe_bo_create(int fd, __u32 vm, __u64 size, __u32 placement, __u32 flags)
{
	__u32 handle = 0;

	igt_assert_eq(__xe_bo_create(fd, vm, size, placement, flags, &handle), 0);
	return handle;
}

/**
 * __xe_bo_mmap_offset() - DRM_IOCTL_XE_GEM_MMAP_OFFSET
 * @fd: the Xe device
 * @bo: the BO
 * @offset: set to the fake offset to mmap() the device file at
 *
 * Return: 0 or the negative errno.
 */
int __xe_bo_mmap_offset(int fd, __u32 bo, __u64 *offset)
{
	struct drm_xe_gem_mmap_offset mmo = { .handle = bo };
	int err = xe_ioctl_err(fd, DRM_IOCTL_XE_GEM_MMAP_OFFSET, &mmo);

	if (!err)
		*offset = mmo.offset;
	return err;
}

/**
 * xe_bo_mmap_offset() - the mmap offset of a BO, or fail
 * @fd: the Xe device
 * @bo: the BO
 *
 * Return: the offset.
 */
__u64 xe_bo_mmap_offset(int fd, __u32 bo)
{
	__u64 offset = 0;

	igt_assert_eq(__xe_bo_mmap_offset(fd, bo, &offset), 0);
	return offset;
}

/**
 * xe_bo_map() - map a BO for the CPU, shared and read-write, or fail
 * @fd: the Xe device
 * @bo: the BO
 * @size: bytes to map
 *
 * Return: the mapping, for munmap().
 */
void *xe_bo_map(int fd, __u32 bo, size_t size)
{
	void *ptr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 xe_bo_mmap_offset(fd, bo));

	igt_assert_f(ptr != MAP_FAILED, "mmap of BO %u: %s\n", bo, strerror(errno));
	return ptr;
}

/**
 * __xe_vm_bind() - DRM_IOCTL_XE_VM_BIND with one operation
 * @fd: the Xe device
 * @vm: the VM
 * @exec_queue: 0, or a bind queue
 * @bo: 0 or the BO to map
 * @offset: the offset in the BO
 * @addr: the GPU virtual address
 * @size: bytes
 * @op: DRM_XE_VM_BIND_OP_*
 * @flags: DRM_XE_VM_BIND_FLAG_*
 * @sync: the syncs, @num_syncs of them
 * @num_syncs: how many
 * @ext: extensions, 0 for none
 *
 * Return: 0 or the negative errno.
 */
int __xe_vm_bind(int fd, __u32 vm, __u32 exec_queue, __u32 bo, __u64 offset, __u64 addr,
		 __u64 size, __u32 op, __u32 flags, struct drm_xe_sync *sync, __u32 num_syncs,
		 __u64 ext)
{
	struct drm_xe_vm_bind bind = {
		.extensions = ext,
		.vm_id = vm,
		.exec_queue_id = exec_queue,
		.num_binds = 1,
		.bind = {
			.obj = bo,
			.obj_offset = offset,
			.range = size,
			.addr = addr,
			.op = op,
			.flags = flags,
			.pat_index = XE2_PAT_IDX_WB,
		},
		.num_syncs = num_syncs,
		.syncs = (__u64)(uintptr_t)sync,
	};

	return xe_ioctl_err(fd, DRM_IOCTL_XE_VM_BIND, &bind);
}

/**
 * xe_vm_bind_async() - map a BO range, signalling @sync when done, or fail
 * @fd: the Xe device
 * @vm: the VM
 * @exec_queue: 0, or a bind queue
 * @bo: the BO
 * @offset: the offset in the BO
 * @addr: the GPU virtual address
 * @size: bytes
 * @sync: the syncs, @num_syncs of them
 * @num_syncs: how many
 */
void xe_vm_bind_async(int fd, __u32 vm, __u32 exec_queue, __u32 bo, __u64 offset,
		      __u64 addr, __u64 size, struct drm_xe_sync *sync, __u32 num_syncs)
{
	igt_assert_eq(__xe_vm_bind(fd, vm, exec_queue, bo, offset, addr, size,
				   DRM_XE_VM_BIND_OP_MAP, 0, sync, num_syncs, 0), 0);
}

/**
 * xe_vm_unbind_async() - unmap a range, signalling @sync when done, or fail
 * @fd: the Xe device
 * @vm: the VM
 * @exec_queue: 0, or a bind queue
 * @offset: 0
 * @addr: the GPU virtual address
 * @size: bytes
 * @sync: the syncs, @num_syncs of them
 * @num_syncs: how many
 */
void xe_vm_unbind_async(int fd, __u32 vm, __u32 exec_queue, __u64 offset, __u64 addr,
			__u64 size, struct drm_xe_sync *sync, __u32 num_syncs)
{
	igt_assert_eq(__xe_vm_bind(fd, vm, exec_queue, 0, offset, addr, size,
				   DRM_XE_VM_BIND_OP_UNMAP, 0, sync, num_syncs, 0), 0);
}

/**
 * __xe_vm_bind_lr_sync() - one bind operation on a VM in LR mode, done on return, or fail
 * @fd: the Xe device
 * @vm: the VM, created with DRM_XE_VM_CREATE_FLAG_LR_MODE
 * @bo: the BO, 0 for none
 * @offset: the offset in the BO (the CPU address for OP_MAP_USERPTR)
 * @addr: the GPU address
 * @size: bytes
 * @op: DRM_XE_VM_BIND_OP_*
 * @flags: DRM_XE_VM_BIND_FLAG_*
 *
 * An LR VM takes only user fences as syncs: the bind signals one in this thread's memory,
 * which is waited for before returning.
 */
void __xe_vm_bind_lr_sync(int fd, __u32 vm, __u32 bo, __u64 offset, __u64 addr, __u64 size,
			  __u32 op, __u32 flags)
{
	static __thread __u64 ufence;
	struct drm_xe_sync s = {
		.type = DRM_XE_SYNC_TYPE_USER_FENCE,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.addr = (__u64)(uintptr_t)&ufence,
		.timeline_value = USER_FENCE_VALUE,
	};

	ufence = 0;
	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, offset, addr, size, op, flags, &s, 1, 0), 0);
	xe_wait_ufence(fd, &ufence, USER_FENCE_VALUE, 0, XE_TIMEOUT_NS);
}

/**
 * __xe_vm_bind_array() - DRM_IOCTL_XE_VM_BIND with an array of operations
 * @fd: the Xe device
 * @vm: the VM
 * @exec_queue: 0, or a bind queue
 * @ops: the operations, @num_binds of them (more than one)
 * @num_binds: how many
 * @sync: the syncs, @num_syncs of them
 * @num_syncs: how many
 *
 * Return: 0 or the negative errno.
 */
int __xe_vm_bind_array(int fd, __u32 vm, __u32 exec_queue, struct drm_xe_vm_bind_op *ops,
		       __u32 num_binds, struct drm_xe_sync *sync, __u32 num_syncs)
{
	struct drm_xe_vm_bind bind = {
		.vm_id = vm,
		.exec_queue_id = exec_queue,
		.num_binds = num_binds,
		.vector_of_binds = (__u64)(uintptr_t)ops,
		.num_syncs = num_syncs,
		.syncs = (__u64)(uintptr_t)sync,
	};

	igt_assert_lt(1, (int)num_binds);
	return xe_ioctl_err(fd, DRM_IOCTL_XE_VM_BIND, &bind);
}

/**
 * xe_vm_bind_array() - an array of bind operations, or fail
 * @fd: the Xe device
 * @vm: the VM
 * @exec_queue: 0, or a bind queue
 * @ops: the operations, @num_binds of them (more than one)
 * @num_binds: how many
 * @sync: the syncs, @num_syncs of them
 * @num_syncs: how many
 */
void xe_vm_bind_array(int fd, __u32 vm, __u32 exec_queue, struct drm_xe_vm_bind_op *ops,
		      __u32 num_binds, struct drm_xe_sync *sync, __u32 num_syncs)
{
	igt_assert_eq(__xe_vm_bind_array(fd, vm, exec_queue, ops, num_binds, sync, num_syncs),
		      0);
}

static void bind_and_wait(int fd, __u32 vm, __u32 bo, __u64 offset, __u64 addr, __u64 size,
			  __u32 op)
{
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(fd, 0),
	};

	igt_assert_eq(__xe_vm_bind(fd, vm, 0, bo, offset, addr, size, op, 0, &sync, 1, 0), 0);
	igt_assert(syncobj_wait(fd, &sync.handle, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
	syncobj_destroy(fd, sync.handle);
}

/**
 * xe_vm_bind_sync() - map a BO range and wait until it is mapped, or fail
 * @fd: the Xe device
 * @vm: the VM
 * @bo: the BO
 * @offset: the offset in the BO
 * @addr: the GPU virtual address
 * @size: bytes
 */
void xe_vm_bind_sync(int fd, __u32 vm, __u32 bo, __u64 offset, __u64 addr, __u64 size)
{
	bind_and_wait(fd, vm, bo, offset, addr, size, DRM_XE_VM_BIND_OP_MAP);
}

/**
 * xe_vm_unbind_sync() - unmap a range and wait until it is unmapped, or fail
 * @fd: the Xe device
 * @vm: the VM
 * @offset: 0
 * @addr: the GPU virtual address
 * @size: bytes
 */
void xe_vm_unbind_sync(int fd, __u32 vm, __u64 offset, __u64 addr, __u64 size)
{
	bind_and_wait(fd, vm, 0, offset, addr, size, DRM_XE_VM_BIND_OP_UNMAP);
}

/**
 * __xe_exec_queue_create() - DRM_IOCTL_XE_EXEC_QUEUE_CREATE on one engine
 * @fd: the Xe device
 * @vm: the VM
 * @instance: the engine
 * @ext: extensions, 0 for none
 * @exec_queue: set to the queue's id
 *
 * Return: 0 or the negative errno.
 */
int __xe_exec_queue_create(int fd, __u32 vm, struct drm_xe_engine_class_instance *instance,
			   __u64 ext, __u32 *exec_queue)
{
	struct drm_xe_exec_queue_create create = {
		.extensions = ext,
		.width = 1,
		.num_placements = 1,
		.vm_id = vm,
		.instances = (__u64)(uintptr_t)instance,
	};
	int err = xe_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_CREATE, &create);

	if (!err)
		*exec_queue = create.exec_queue_id;
	return err;
}

/**
 * xe_exec_queue_create() - create an exec queue on one engine, or fail
 * @fd: the Xe device
 * @vm: the VM
 * @instance: the engine
 * @ext: extensions, 0 for none
 *
 * Return: the queue's id.
 */
__u32 xe_exec_queue_create(int fd, __u32 vm, struct drm_xe_engine_class_instance *instance,
			   __u64 ext)
{
	__u32 q = 0;

	igt_assert_eq(__xe_exec_queue_create(fd, vm, instance, ext, &q), 0);
	return q;
}

/**
 * xe_exec_queue_create_class() - create an exec queue on the first engine of a class
 * @fd: the Xe device
 * @vm: the VM
 * @engine_class: DRM_XE_ENGINE_CLASS_*
 *
 * Return: the queue's id; skips when the device has no engine of the class.
 */
__u32 xe_exec_queue_create_class(int fd, __u32 vm, __u16 engine_class)
{
	struct drm_xe_engine_class_instance *hwe;

	xe_for_each_engine(fd, hwe)
		if (hwe->engine_class == engine_class)
			return xe_exec_queue_create(fd, vm, hwe, 0);
	igt_skip("no %s engine\n", xe_engine_class_string(engine_class));
}

/**
 * xe_bind_exec_queue_create() - create a VM bind queue, or fail
 * @fd: the Xe device
 * @vm: the VM (the bind class takes any)
 * @ext: extensions, 0 for none
 *
 * Return: the queue's id.
 */
__u32 xe_bind_exec_queue_create(int fd, __u32 vm, __u64 ext)
{
	struct drm_xe_engine_class_instance instance = {
		.engine_class = DRM_XE_ENGINE_CLASS_VM_BIND,
	};

	return xe_exec_queue_create(fd, vm, &instance, ext);
}

/**
 * __xe_exec_queue_destroy() - DRM_IOCTL_XE_EXEC_QUEUE_DESTROY
 * @fd: the Xe device
 * @exec_queue: the queue
 *
 * Return: 0 or the negative errno.
 */
int __xe_exec_queue_destroy(int fd, __u32 exec_queue)
{
	struct drm_xe_exec_queue_destroy destroy = { .exec_queue_id = exec_queue };

	return xe_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &destroy);
}

/**
 * xe_exec_queue_destroy() - destroy an exec queue, or fail
 * @fd: the Xe device
 * @exec_queue: the queue
 */
void xe_exec_queue_destroy(int fd, __u32 exec_queue)
{
	igt_assert_eq(__xe_exec_queue_destroy(fd, exec_queue), 0);
}

/**
 * __xe_exec_queue_get_ban() - whether an exec queue is banned
 * @fd: the Xe device
 * @exec_queue: the queue
 * @banned: set to DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN's value
 *
 * Return: 0 or the negative errno.
 */
int __xe_exec_queue_get_ban(int fd, __u32 exec_queue, __u64 *banned)
{
	struct drm_xe_exec_queue_get_property prop = {
		.exec_queue_id = exec_queue,
		.property = DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN,
	};
	int err = xe_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &prop);

	if (!err)
		*banned = prop.value;
	return err;
}

/**
 * __xe_exec() - DRM_IOCTL_XE_EXEC
 * @fd: the Xe device
 * @exec: the request
 *
 * Return: 0 or the negative errno.
 */
int __xe_exec(int fd, struct drm_xe_exec *exec)
{
	return xe_ioctl_err(fd, DRM_IOCTL_XE_EXEC, exec);
}

/**
 * xe_exec() - submit a batch, or fail
 * @fd: the Xe device
 * @exec: the request
 */
void xe_exec(int fd, struct drm_xe_exec *exec)
{
	igt_assert_eq(__xe_exec(fd, exec), 0);
}

/**
 * xe_exec_sync() - submit the batch at @addr with syncs, or fail
 * @fd: the Xe device
 * @exec_queue: the queue
 * @addr: the batch's GPU address
 * @sync: the syncs, @num_syncs of them
 * @num_syncs: how many
 */
void xe_exec_sync(int fd, __u32 exec_queue, __u64 addr, struct drm_xe_sync *sync,
		  __u32 num_syncs)
{
	struct drm_xe_exec exec = {
		.exec_queue_id = exec_queue,
		.num_syncs = num_syncs,
		.syncs = (__u64)(uintptr_t)sync,
		.address = addr,
		.num_batch_buffer = 1,
	};

	xe_exec(fd, &exec);
}

/**
 * xe_exec_wait() - submit the batch at @addr and wait for it, or fail
 * @fd: the Xe device
 * @exec_queue: the queue
 * @addr: the batch's GPU address
 */
void xe_exec_wait(int fd, __u32 exec_queue, __u64 addr)
{
	struct drm_xe_sync sync = {
		.type = DRM_XE_SYNC_TYPE_SYNCOBJ,
		.flags = DRM_XE_SYNC_FLAG_SIGNAL,
		.handle = syncobj_create(fd, 0),
	};

	xe_exec_sync(fd, exec_queue, addr, &sync, 1);
	igt_assert(syncobj_wait(fd, &sync.handle, 1, xe_abs_timeout(XE_TIMEOUT_NS), 0, NULL));
	syncobj_destroy(fd, sync.handle);
}

/**
 * __xe_wait_ufence() - DRM_IOCTL_XE_WAIT_USER_FENCE until *@addr == @value
 * @fd: the Xe device
 * @addr: the fence, 8-byte aligned
 * @value: the value to wait for, all 64 bits compared
 * @exec_queue: 0, or the queue whose reset ends the wait (-EIO)
 * @timeout: in: nanoseconds to wait; out: what was left of them
 *
 * Return: 0 or the negative errno (-ETIME on timeout).
 */
int __xe_wait_ufence(int fd, __u64 *addr, __u64 value, __u32 exec_queue, __s64 *timeout)
{
	struct drm_xe_wait_user_fence wait = {
		.addr = (__u64)(uintptr_t)addr,
		.op = DRM_XE_UFENCE_WAIT_OP_EQ,
		.value = value,
		.mask = DRM_XE_UFENCE_WAIT_MASK_U64,
		.timeout = *timeout,
		.exec_queue_id = exec_queue,
	};
	int err = xe_ioctl_err(fd, DRM_IOCTL_XE_WAIT_USER_FENCE, &wait);

	*timeout = wait.timeout;
	return err;
}

/**
 * xe_wait_ufence() - wait until *@addr == @value, or fail
 * @fd: the Xe device
 * @addr: the fence, 8-byte aligned
 * @value: the value to wait for
 * @exec_queue: 0, or the queue whose reset ends the wait
 * @timeout: nanoseconds to wait
 *
 * Return: the nanoseconds left.
 */
__s64 xe_wait_ufence(int fd, __u64 *addr, __u64 value, __u32 exec_queue, __s64 timeout)
{
	int err = __xe_wait_ufence(fd, addr, value, exec_queue, &timeout);

	igt_assert_f(!err, "user fence at %p (now %#llx) != %#llx: %s\n", addr,
		     (unsigned long long)*addr, (unsigned long long)value, strerror(-err));
	return timeout;
}
