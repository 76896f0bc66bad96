/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_GPU_TYPES_H_
#define _XESIM_GPU_TYPES_H_

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "xesim_bus_types.h"
#include "xesim_ggtt_types.h"
#include "xesim_irq_types.h"
#include "xesim_knob_types.h"
#include "xesim_lmtt_types.h"
#include "xesim_regs_types.h"
#include "xesim_vram_types.h"

struct dentry;
struct xesim_dma_domain;
struct xesim_slot;

/**
 * struct xesim_gpu_params - The parameters of a GPU (``new_device``).
 */
struct xesim_gpu_params {
	/** @id: the device number (``xesim<id>``). */
	u32 id;
	/** @device_id: PCI device id. */
	u16 device_id;
	/** @revision: PCI revision id. */
	u8 revision;
	/** @ggtt_size: GGTT address space in bytes. */
	u64 ggtt_size;
	/** @vram_size: VRAM in bytes. */
	u64 vram_size;
	/** @num_engines: engines of the device. */
	u16 num_engines;
	/** @max_vfs: VFs the device supports (``sriov_totalvfs``). */
	u16 max_vfs;
	/**
	 * @bind_only: when set, the only driver the GPU's PF and VFs
	 * may bind to (in-kernel tests use it to keep real drivers away).
	 */
	const char *bind_only;
};

/**
 * struct xesim_fn_stats - Counters of one function; they count what the
 * device dropped or refused, as a hardware error log would.
 */
struct xesim_fn_stats {
	/** @ggtt_read_dropped: PTE reads outside the VF's range. */
	atomic64_t ggtt_read_dropped;
	/** @ggtt_write_dropped: PTE writes outside the VF's range. */
	atomic64_t ggtt_write_dropped;
	/** @ggtt_faults: device accesses through an invalid or foreign PTE. */
	atomic64_t ggtt_faults;
	/** @vram_dropped: VRAM accesses outside the function's LMEM. */
	atomic64_t vram_dropped;
	/** @dma_faults: device accesses to unmapped system memory. */
	atomic64_t dma_faults;
	/** @reg_unknown_reads: reads of registers the device lacks. */
	atomic64_t reg_unknown_reads;
	/** @reg_unknown_writes: writes to registers the device lacks. */
	atomic64_t reg_unknown_writes;
	/** @doorbells: writes to GUC_HOST_INTERRUPT. */
	atomic64_t doorbells;
	/** @irq_raised: GuC interrupt raises. */
	atomic64_t irq_raised;
	/** @irq_report_faults: memory-based reports that faulted. */
	atomic64_t irq_report_faults;
	/** @irq_unreported: raises with no enabled report (no MSI sent). */
	atomic64_t irq_unreported;
	/** @irq_dropped: MSIs dropped by the fail_irq_drop knob. */
	atomic64_t irq_dropped;
};

/**
 * struct xesim_fn - A PCI function of a simulated GPU: the PF or a VF.
 *
 * Locking: @lock protects @removed, @slot and @dma; it nests inside the
 * guest slot's gate and outside &xesim_irq_line.lock.
 */
struct xesim_fn {
	/** @xdev: the bus device, type XESIM_DEVICE_PF or XESIM_DEVICE_VF. */
	struct xesim_device xdev;
	/** @gpu: the GPU (a reference is held). */
	struct xesim_gpu *gpu;
	/** @vfid: 0 for the PF, 1..max_vfs for a VF. */
	unsigned int vfid;
	/** @lock: see above. */
	spinlock_t lock;
	/** @removed: the function is going away; it reports nothing more. */
	bool removed;
	/** @slot: VF only: the guest slot attached to it, or NULL. */
	struct xesim_slot *slot;
	/**
	 * @dma: the IOMMU domain of the function's device accesses: the PF's
	 * own (@own_dma), or for a VF the attached slot's, or NULL.
	 */
	struct xesim_dma_domain *dma;
	/** @own_dma: PF only: the PF's domain. */
	struct xesim_dma_domain *own_dma;
	/** @regs: the storage registers. */
	struct xesim_regs regs;
	/** @irq: the GuC interrupt state. */
	struct xesim_irq irq;
	/** @stats: counters. */
	struct xesim_fn_stats stats;
	/** @debugfs: the function's debugfs directory. */
	struct dentry *debugfs;
	/** @model: private data of the device models. */
	void *model;
};

/**
 * struct xesim_gpu - One simulated Xe GPU: its functions and the device
 * resources they share.
 *
 * Lifetime: @ref is held by the bus's list until the GPU is deleted, by each
 * function and by lookups. Locking order: &xesim_gpu.sriov_lock, then
 * &xesim_slot.state_lock, then &xesim_slot.gate, then &xesim_gpu.lock, then
 * the spinlocks (&xesim_gpu.fns_lock, &xesim_fn.lock, GGTT, LMTT, VRAM, irq).
 */
struct xesim_gpu {
	/** @ref: reference count. */
	struct kref ref;
	/** @id: the device number. */
	unsigned int id;
	/** @params: the creation parameters. */
	struct xesim_gpu_params params;
	/** @link: entry in the bus's GPU list. */
	struct list_head link;
	/** @dying: set once deletion started; drivers no longer bind. */
	bool dying;
	/** @sriov_lock: serializes VF enabling and disabling. */
	struct mutex sriov_lock;
	/** @num_vfs: VFs enabled; written under @sriov_lock. */
	unsigned int num_vfs;
	/** @lock: serializes VF provisioning and wipes. */
	struct mutex lock;
	/** @fns_lock: protects @fns. */
	spinlock_t fns_lock;
	/** @fns: per VFID (0 = PF) the function, or NULL. */
	struct xesim_fn **fns;
	/** @ggtt: the GGTT. */
	struct xesim_ggtt ggtt;
	/** @vram: the VRAM. */
	struct xesim_vram vram;
	/** @lmtt: the local memory translation. */
	struct xesim_lmtt lmtt;
	/** @knobs: failure injection. */
	struct xesim_knobs knobs;
	/** @reg_hooks: register offset to &struct xesim_reg_hook. */
	struct xarray reg_hooks;
	/** @debugfs: the GPU's debugfs directory. */
	struct dentry *debugfs;
	/** @model: private data of the device models. */
	void *model;
};

#endif
