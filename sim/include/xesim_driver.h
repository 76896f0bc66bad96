/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bus-level driver API of the simulated Xe SR-IOV device.
 *
 * This header is the only way drivers (pf/, vf/, vfio/) reach the device:
 * it plays the part of the PCI core plus the BARs and MSIs of a real GPU.
 * Register numbers and memory layouts live in abi/.
 */

#ifndef _XESIM_DRIVER_H_
#define _XESIM_DRIVER_H_

#include <linux/device.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/types.h>

/**
 * DOC: xesim driver API
 *
 * Devices on the ``xesim`` bus come in three types:
 *
 * - ``XESIM_DEVICE_PF``: the physical function of one simulated GPU, named
 *   ``xesim<N>``. The host PF driver binds here.
 * - ``XESIM_DEVICE_VF``: a virtual function, named ``xesim<N>.vf<M>`` (M is
 *   the VFID, 1-based), created by SR-IOV enabling. The VFIO driver binds
 *   here.
 * - ``XESIM_DEVICE_SLOT``: a guest slot, named ``xeslot<S>``: the VF as the
 *   guest VM sees it. The guest VF driver binds here, never to a VF. A slot
 *   is matched to drivers only after it was first attached to a VF.
 *
 * A driver fills a &struct xesim_driver with the device type it serves and
 * registers it with xesim_driver_register(). The symbols are exported in the
 * ``XESIM`` namespace: a driver module says ``MODULE_IMPORT_NS(XESIM)``. Every call below takes the
 * &struct xesim_device handed to probe() and may only be made by the driver
 * bound to it, between probe() and the return of remove().
 *
 * Access through a guest slot goes to the VF the slot is attached to. While
 * the slot is frozen, register, GGTT, VRAM, DMA-map and info calls wait
 * (killable) until it is thawed; on a slot that is not attached, or whose VF
 * went away, they fail with -ENODEV. None of these calls may be made from
 * atomic context.
 *
 * Errors follow one rule: the call does nothing and returns a negative errno,
 * and the device logs why. A GGTT or VRAM access outside the function's own
 * resources is also dropped by the device, as hardware would, and counted in
 * debugfs.
 */

struct address_space;
struct page;

/**
 * enum xesim_device_type - The kind of a device on the xesim bus.
 * @XESIM_DEVICE_PF: physical function of a GPU.
 * @XESIM_DEVICE_VF: virtual function of a GPU.
 * @XESIM_DEVICE_SLOT: guest slot, the VM's view of a VF.
 */
enum xesim_device_type {
	XESIM_DEVICE_PF = 1,
	XESIM_DEVICE_VF,
	XESIM_DEVICE_SLOT,
};

struct xesim_device;

/**
 * struct xesim_driver - A driver for devices of one type on the xesim bus.
 */
struct xesim_driver {
	/** @driver: the driver core's driver; set at least @driver.name. */
	struct device_driver driver;
	/** @type: the device type this driver binds to. */
	enum xesim_device_type type;
	/** @probe: bind to @xdev; return 0 or a negative errno. */
	int (*probe)(struct xesim_device *xdev);
	/**
	 * @remove: unbind from @xdev. When it returns, the bus frees the
	 * interrupt handler, the DMA mappings and the VRAM mapping registration
	 * the driver left behind.
	 */
	void (*remove)(struct xesim_device *xdev);
	/**
	 * @sriov_configure: PF drivers only, optional: called for writes to the
	 * PF's ``sriov_numvfs`` attribute with the requested number of VFs;
	 * enables them with xesim_pf_enable_vfs() or disables them with
	 * xesim_pf_disable_vfs() and returns the number of VFs enabled or a
	 * negative errno. Without a PF driver the bus enables and disables VFs
	 * itself; with a PF driver lacking this hook ``sriov_numvfs`` is
	 * refused.
	 */
	int (*sriov_configure)(struct xesim_device *xdev, unsigned int num_vfs);
};

int __xesim_driver_register(struct xesim_driver *drv, struct module *owner);

/**
 * xesim_driver_register() - Register a driver on the xesim bus.
 * @drv: the driver, with @drv->driver.name, @drv->type and @drv->probe set.
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
#define xesim_driver_register(drv) __xesim_driver_register(drv, THIS_MODULE)

void xesim_driver_unregister(struct xesim_driver *drv);

struct device *xesim_to_dev(struct xesim_device *xdev);
enum xesim_device_type xesim_device_type(struct xesim_device *xdev);
struct xesim_device *xesim_vf_to_pf(struct xesim_device *xdev);

/**
 * struct xesim_info - What a driver can learn about its device, like the
 * PCI configuration space and BAR sizes of a real function.
 */
struct xesim_info {
	/** @device_id: PCI device id (e.g. 0xe20b). */
	u16 device_id;
	/** @revision: PCI revision id. */
	u8 revision;
	/**
	 * @vfid: 0 for a PF, the VF number (1-based) for a VF; 0 for a guest
	 * slot, as a guest cannot know which VF it runs on.
	 */
	u16 vfid;
	/** @total_vfs: PF only: the most VFs the device supports. */
	u16 total_vfs;
	/** @num_vfs: PF only: the VFs now enabled. */
	u16 num_vfs;
	/**
	 * @num_engines: the engines of the device (stands in for the fuse
	 * registers a real driver reads).
	 */
	u16 num_engines;
	/**
	 * @ggtt_size: PF only: size of the GGTT address space in bytes. A VF
	 * learns its GGTT range from the GuC.
	 */
	u64 ggtt_size;
	/**
	 * @vram_size: VRAM visible to the function in bytes: all of it for the
	 * PF, the provisioned LMEM for a VF or a guest slot.
	 */
	u64 vram_size;
};

int xesim_get_info(struct xesim_device *xdev, struct xesim_info *info);

/* Registers (abi/xe_regs_abi.h) */
int xesim_read32(struct xesim_device *xdev, u32 reg, u32 *val);
int xesim_write32(struct xesim_device *xdev, u32 reg, u32 val);

/* GGTT window: one PTE per 4 KiB page of GGTT address */
int xesim_ggtt_read_pte(struct xesim_device *xdev, u64 ggtt_addr, u64 *pte);
int xesim_ggtt_read_ptes(struct xesim_device *xdev, u64 ggtt_addr, u64 *ptes,
			 unsigned int n);
int xesim_ggtt_write_pte(struct xesim_device *xdev, u64 ggtt_addr, u64 pte);
int xesim_ggtt_write_ptes(struct xesim_device *xdev, u64 ggtt_addr,
			  const u64 *ptes, unsigned int n);

/* VRAM (the LMEM BAR) */
int xesim_vram_read(struct xesim_device *xdev, u64 offset, void *buf,
		    size_t len);
int xesim_vram_write(struct xesim_device *xdev, u64 offset, const void *buf,
		     size_t len);
int xesim_vram_get_page(struct xesim_device *xdev, u64 offset,
			struct page **page);
int xesim_vram_set_mapping(struct xesim_device *xdev,
			   struct address_space *mapping);

/* DMA: the function's IOMMU domain */
int xesim_dma_map(struct xesim_device *xdev, struct page **pages,
		  unsigned int count, dma_addr_t *iova);
int xesim_dma_unmap(struct xesim_device *xdev, dma_addr_t iova,
		    unsigned int count);

/* Interrupts */

/**
 * typedef xesim_irq_handler_t - An interrupt handler (the MSI of a function).
 * @xdev: the device the handler was requested on.
 * @data: the cookie given to xesim_request_irq().
 *
 * Called in process context from the bus's interrupt workqueue; it may
 * sleep. It is never called concurrently with itself for one device.
 * Raises that come while the handler runs are delivered by another call.
 */
typedef void (*xesim_irq_handler_t)(struct xesim_device *xdev, void *data);

int xesim_request_irq(struct xesim_device *xdev, xesim_irq_handler_t handler,
		      void *data);
void xesim_free_irq(struct xesim_device *xdev);

/* PF only */

/**
 * struct xesim_vf_config - Device resources of one VF, set by the PF.
 */
struct xesim_vf_config {
	/** @ggtt_start: first GGTT address of the VF's range, 4 KiB aligned. */
	u64 ggtt_start;
	/**
	 * @ggtt_size: size of the GGTT range in bytes, 4 KiB aligned; 0 = none.
	 */
	u64 ggtt_size;
	/**
	 * @lmem_size: VF local memory in bytes, a multiple of
	 * XE_LMTT_PAGE_SIZE; 0 = none.
	 */
	u64 lmem_size;
};

int xesim_pf_enable_vfs(struct xesim_device *xdev, unsigned int num_vfs);
int xesim_pf_disable_vfs(struct xesim_device *xdev);
int xesim_pf_provision_vf(struct xesim_device *xdev, unsigned int vfid,
			  const struct xesim_vf_config *cfg);
int xesim_pf_query_vf(struct xesim_device *xdev, unsigned int vfid,
		      struct xesim_vf_config *cfg);
int xesim_pf_vf_scratch_read(struct xesim_device *xdev, unsigned int vfid,
			     unsigned int n, u32 *val);
int xesim_pf_vf_scratch_write(struct xesim_device *xdev, unsigned int vfid,
			      unsigned int n, u32 val);
int xesim_pf_vf_vram_read(struct xesim_device *xdev, unsigned int vfid,
			  u64 offset, void *buf, size_t len);
int xesim_pf_vf_vram_pages(struct xesim_device *xdev, unsigned int vfid,
			   u64 offset, struct page **pages, unsigned int n,
			   bool back);
int xesim_pf_vf_vram_write(struct xesim_device *xdev, unsigned int vfid,
			   u64 offset, const void *buf, size_t len);

/* the longest range xesim_pf_vf_dma_check() takes */
#define XESIM_PF_DMA_CHECK_MAX	SZ_2M
int xesim_pf_vf_dma_check(struct xesim_device *xdev, unsigned int vfid,
			  u64 iova, u64 len);

#endif
