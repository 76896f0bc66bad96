/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_SLOT_TYPES_H_
#define _XESIM_SLOT_TYPES_H_

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/wait.h>

#include "xesim_bus_types.h"
#include "xesim_irq_types.h"

struct address_space;
struct dentry;
struct xesim_dma_domain;
struct xesim_fn;

/**
 * struct xesim_slot_stats - Counters of a guest slot.
 */
struct xesim_slot_stats {
	/** @waits: driver accesses that waited for a thaw. */
	atomic64_t waits;
	/** @attaches: successful attaches and re-attaches. */
	atomic64_t attaches;
	/** @zaps: CPU mapping zaps. */
	atomic64_t zaps;
	/** @refused: refused attach, detach and freeze requests. */
	atomic64_t refused;
};

/**
 * struct xesim_slot - A guest slot: the VF as a VM sees it.
 *
 * Locking: @state_lock serializes attach, detach, freeze and thaw; it nests
 * inside &xesim_gpu.sriov_lock. @gate is held for reading by every driver
 * access through the slot and for writing by any change of @fn, @frozen or
 * @removed, so a change waits for the accesses in flight.
 */
struct xesim_slot {
	/** @xdev: the bus device, type XESIM_DEVICE_SLOT. */
	struct xesim_device xdev;
	/** @id: the slot number (``xeslot<id>``). */
	unsigned int id;
	/** @link: entry in the bus's slot list. */
	struct list_head link;
	/** @deleted: deletion claimed; protected by the bus's lock. */
	bool deleted;
	/** @state_lock: serializes state changes. */
	struct mutex state_lock;
	/** @gate: the access gate, see above. */
	struct rw_semaphore gate;
	/** @thaw_wq: accesses waiting for a thaw sleep here. */
	wait_queue_head_t thaw_wq;
	/** @fn: the attached VF (a device reference is held), or NULL. */
	struct xesim_fn *fn;
	/** @frozen: the guest is frozen; accesses wait. */
	bool frozen;
	/** @dying: deletion started; freeze and attach are refused. */
	bool dying;
	/** @removed: the slot is being deleted; accesses fail. */
	bool removed;
	/** @was_attached: attached at least once; drivers may bind. */
	bool was_attached;
	/** @dma: the guest's DMA domain; it follows the slot across VFs. */
	struct xesim_dma_domain *dma;
	/** @mapping: the driver's address space of VRAM CPU mappings. */
	struct address_space *mapping;
	/** @line: the guest's MSI; held while frozen. */
	struct xesim_irq_line line;
	/** @stats: counters. */
	struct xesim_slot_stats stats;
	/** @debugfs: the slot's debugfs directory. */
	struct dentry *debugfs;
};

#endif
