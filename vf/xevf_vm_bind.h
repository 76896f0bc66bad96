/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_VM_BIND_H_
#define _XEVF_VM_BIND_H_

#include <linux/types.h>

struct drm_gem_object;
struct drm_gpuva;
struct drm_gpuva_op;
struct xevf_exec_queue;
struct xevf_sync_entry;
struct xevf_vm;
struct xevf_vm_bind_job;
struct xevf_vm_bind_update;
struct mm_struct;
struct work_struct;

/* the most leaves the job of an array of binds writes; past it -ENOBUFS */
#define XEVF_VM_BIND_ARRAY_MAX_PTES	(128 * 1024)

void xevf_vm_bind_va_free(struct drm_gpuva *va);
int xevf_vm_bind_step_map(struct drm_gpuva_op *op, void *priv);
int xevf_vm_bind_step_remap(struct drm_gpuva_op *op, void *priv);
int xevf_vm_bind_step_unmap(struct drm_gpuva_op *op, void *priv);

void xevf_vm_bind_update_init(struct xevf_vm_bind_update *upd, struct xevf_vm *vm,
			      u64 max_ptes);
int xevf_vm_bind_update_map(struct xevf_vm_bind_update *upd, struct drm_gem_object *obj,
			    u64 offset, u64 addr, u64 range, u32 flags);
int xevf_vm_bind_update_map_userptr(struct xevf_vm_bind_update *upd, struct mm_struct *mm,
				    u64 cpu_addr, u64 addr, u64 range, u32 flags);
int xevf_vm_bind_update_prefetch(struct xevf_vm_bind_update *upd, u64 addr, u64 range);
int xevf_vm_bind_update_unmap(struct xevf_vm_bind_update *upd, u64 addr, u64 range);
int xevf_vm_bind_update_unmap_obj(struct xevf_vm_bind_update *upd,
				  struct drm_gem_object *obj);
void xevf_vm_bind_update_unwind(struct xevf_vm_bind_update *upd);
void xevf_vm_bind_update_commit(struct xevf_vm_bind_update *upd);
void xevf_vm_bind_update_write(struct xevf_vm_bind_update *upd);
int xevf_vm_bind_va_fault(struct xevf_vm *vm, struct drm_gpuva *va);
void xevf_vm_bind_update_fini(struct xevf_vm_bind_update *upd);

struct xevf_vm_bind_job *xevf_vm_bind_job_create(struct xevf_exec_queue *q,
						 struct xevf_vm *vm, bool array);
int xevf_vm_bind_job_add_syncs(struct xevf_vm_bind_job *job,
			       struct xevf_sync_entry *syncs, u32 num_syncs);
int xevf_vm_bind_job_wait_vm(struct xevf_vm_bind_job *job);
int xevf_vm_bind_job_push(struct xevf_vm_bind_job *job,
			  struct xevf_sync_entry *syncs, u32 num_syncs);
void xevf_vm_bind_job_free(struct xevf_vm_bind_job *job);

int xevf_vm_bind_queue_init(struct xevf_exec_queue *q);
void xevf_vm_bind_queue_fini(struct xevf_exec_queue *q);
void xevf_vm_bind_queue_kill(struct xevf_exec_queue *q);
void xevf_vm_bind_defer(struct work_struct *work);
int xevf_vm_bind_module_init(void);
void xevf_vm_bind_module_exit(void);

#endif
