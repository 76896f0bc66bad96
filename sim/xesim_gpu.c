// SPDX-License-Identifier: GPL-2.0
/*
 * GPUs of the simulated device: creation, SR-IOV and VF provisioning.
 */

#include <linux/bitmap.h>
#include <linux/cleanup.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <kunit/visibility.h>

#include "abi/xe_regs_abi.h"
#include "xesim_bus.h"
#include "xesim_debugfs.h"
#include "xesim_dma.h"
#include "xesim_ggtt.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_irq.h"
#include "xesim_knob.h"
#include "xesim_lmtt.h"
#include "xesim_model.h"
#include "xesim_printk.h"
#include "xesim_regs.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"
#include "xesim_vram.h"

/**
 * DOC: xesim GPU parameters
 *
 * ``/sys/bus/xesim/new_device`` takes the device number followed by
 * optional ``key=value`` parameters, separated by spaces::
 *
 *   echo "0" > /sys/bus/xesim/new_device
 *   echo "1 devid=0x64a0 ggtt=1G vram=256M engines=2 max_vfs=7" \
 *       > /sys/bus/xesim/new_device
 *   echo 1 > /sys/bus/xesim/del_device
 *
 * ========= ==================================== ===================
 * key       meaning                              default
 * ========= ==================================== ===================
 * devid     PCI device id, 1..0xffff             0xe20b (BMG G21)
 * revid     PCI revision id, 0..0xff             0
 * ggtt      GGTT address space, 4 KiB aligned,   4G
 *           1M..4G
 * vram      VRAM, 64 KiB aligned, 64K..64G       64M
 * engines   engines, 1..16                       2
 * max_vfs   VFs supported, 1..63                 4
 * ========= ==================================== ===================
 *
 * Sizes take the K, M and G suffixes. The default device id is Battlemage
 * (Arc B580, Xe2), which upstream Xe supports as an SR-IOV PF with VF
 * migration. The GuC cannot address the GGTT at or above GUC_GGTT_TOP
 * (0xfee00000), so VF ranges must stay below it. VRAM costs memory only for
 * the pages written (`xesim VRAM`), and the GGTT costs 2 MiB of PTEs per
 * GiB. Anything else is refused with -EINVAL and a log line.
 *
 * The PF device ``xesim<N>`` has ``sriov_totalvfs``, ``sriov_numvfs``,
 * ``device`` and ``revision``; writing ``sriov_numvfs`` creates the VF
 * devices ``xesim<N>.vf1`` .. (or removes them with 0), through the PF
 * driver's &xesim_driver.sriov_configure when a PF driver is bound.
 */

#define XESIM_DEFAULT_DEVID	0xe20b
#define XESIM_MAX_VFS		63
#define XESIM_MAX_ENGINES	16
#define XESIM_MIN_GGTT		SZ_1M
#define XESIM_MAX_VRAM		(64ull * SZ_1G)

/**
 * xesim_gpu_default_params() - The defaults of a GPU.
 * @params: filled with the defaults; id 0.
 */
void xesim_gpu_default_params(struct xesim_gpu_params *params)
{
	*params = (struct xesim_gpu_params) {
		.device_id = XESIM_DEFAULT_DEVID,
		.revision = 0,
		.ggtt_size = XE_GGTT_MAX_SIZE,
		.vram_size = SZ_64M,
		.num_engines = 2,
		.max_vfs = 4,
	};
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_default_params);

static int xesim_gpu_check_params(const struct xesim_gpu_params *p)
{
	if (p->id > INT_MAX) {
		xesim_bus_err("device number %u too big\n", p->id);
		return -EINVAL;
	}
	if (!p->device_id) {
		xesim_bus_err("devid must not be 0\n");
		return -EINVAL;
	}
	if (p->ggtt_size < XESIM_MIN_GGTT || p->ggtt_size > XE_GGTT_MAX_SIZE ||
	    !IS_ALIGNED(p->ggtt_size, XE_GGTT_PAGE_SIZE)) {
		xesim_bus_err("ggtt=%#llx: must be 4K aligned, 1M..4G\n",
			      p->ggtt_size);
		return -EINVAL;
	}
	if (p->vram_size < XE_LMTT_PAGE_SIZE || p->vram_size > XESIM_MAX_VRAM ||
	    !IS_ALIGNED(p->vram_size, XE_LMTT_PAGE_SIZE)) {
		xesim_bus_err("vram=%#llx: must be 64K aligned, 64K..64G\n",
			      p->vram_size);
		return -EINVAL;
	}
	if (!p->num_engines || p->num_engines > XESIM_MAX_ENGINES) {
		xesim_bus_err("engines=%u: must be 1..%u\n", p->num_engines,
			      XESIM_MAX_ENGINES);
		return -EINVAL;
	}
	if (!p->max_vfs || p->max_vfs > XESIM_MAX_VFS) {
		xesim_bus_err("max_vfs=%u: must be 1..%u\n", p->max_vfs,
			      XESIM_MAX_VFS);
		return -EINVAL;
	}
	return 0;
}

static int xesim_parse_u32(const char *key, const char *val, u32 max, u32 *out)
{
	u32 v;

	if (kstrtou32(val, 0, &v) || v > max) {
		xesim_bus_err("%s=%s: expected a number up to %u\n", key, val, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int xesim_parse_size(const char *key, const char *val, u64 *out)
{
	char *end;
	u64 v;

	if (!isdigit(*val)) {
		xesim_bus_err("%s=%s: expected a size\n", key, val);
		return -EINVAL;
	}
	v = memparse(val, &end);
	if (*end) {
		xesim_bus_err("%s=%s: expected a size (K, M or G suffix)\n",
			      key, val);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/* parse one key=value; the numbers are range-checked afterwards */
static int xesim_gpu_parse_param(char *arg, struct xesim_gpu_params *p)
{
	char *val = strchr(arg, '=');
	u32 v;
	int err;

	if (!val || val == arg || !val[1]) {
		xesim_bus_err("parameter \"%s\": expected key=value\n", arg);
		return -EINVAL;
	}
	*val++ = '\0';

	if (!strcmp(arg, "devid")) {
		err = xesim_parse_u32(arg, val, U16_MAX, &v);
		p->device_id = v;
	} else if (!strcmp(arg, "revid")) {
		err = xesim_parse_u32(arg, val, U8_MAX, &v);
		p->revision = v;
	} else if (!strcmp(arg, "engines")) {
		err = xesim_parse_u32(arg, val, U16_MAX, &v);
		p->num_engines = v;
	} else if (!strcmp(arg, "max_vfs")) {
		err = xesim_parse_u32(arg, val, U16_MAX, &v);
		p->max_vfs = v;
	} else if (!strcmp(arg, "ggtt")) {
		err = xesim_parse_size(arg, val, &p->ggtt_size);
	} else if (!strcmp(arg, "vram")) {
		err = xesim_parse_size(arg, val, &p->vram_size);
	} else {
		xesim_bus_err("unknown parameter \"%s\" (devid, revid, ggtt, vram, engines, max_vfs)\n",
			      arg);
		err = -EINVAL;
	}
	return err;
}

/* parse the words of a new_device line into @params */
static int xesim_gpu_parse_argv(int argc, char **argv,
				struct xesim_gpu_params *params)
{
	int i, err;

	if (!argc || kstrtou32(argv[0], 0, &params->id)) {
		xesim_bus_err("new_device: expected \"<id> [key=value ...]\"\n");
		return -EINVAL;
	}
	for (i = 1; i < argc; i++) {
		err = xesim_gpu_parse_param(argv[i], params);
		if (err)
			return err;
	}
	return xesim_gpu_check_params(params);
}

/**
 * xesim_gpu_parse_params() - Parse a ``new_device`` line.
 * @buf: "ID [key=value ...]".
 * @params: the parameters, defaults for the keys not given.
 *
 * Return: 0, or -EINVAL (logged) for a malformed line or a value out of
 * range, or -ENOMEM.
 */
int xesim_gpu_parse_params(const char *buf, struct xesim_gpu_params *params)
{
	int argc, err;
	char **argv;

	xesim_gpu_default_params(params);
	argv = argv_split(GFP_KERNEL, buf, &argc);
	if (!argv)
		return -ENOMEM;
	err = xesim_gpu_parse_argv(argc, argv, params);
	argv_free(argv);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_parse_params);

/**
 * xesim_gpu_get() - Take a reference on a GPU.
 * @gpu: the GPU.
 */
void xesim_gpu_get(struct xesim_gpu *gpu)
{
	kref_get(&gpu->ref);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_get);

static void xesim_gpu_release(struct kref *ref)
{
	struct xesim_gpu *gpu = container_of(ref, struct xesim_gpu, ref);

	xesim_lmtt_fini(gpu);
	xesim_vram_fini(gpu);
	xesim_ggtt_fini(gpu);
	xa_destroy(&gpu->reg_hooks);
	kfree(gpu->fns);
	kfree(gpu->params.bind_only);
	mutex_destroy(&gpu->lock);
	mutex_destroy(&gpu->sriov_lock);
	kfree(gpu);
	atomic_dec(&xesim_objects.gpus);
}

/**
 * xesim_gpu_put() - Drop a reference on a GPU.
 * @gpu: the GPU.
 *
 * Context: process context; the last put frees the GPU's memory.
 */
void xesim_gpu_put(struct xesim_gpu *gpu)
{
	kref_put(&gpu->ref, xesim_gpu_release);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_put);

/**
 * xesim_gpu_to_fn() - The function of a bus device of type PF or VF.
 * @xdev: the bus device.
 *
 * Return: the function.
 */
struct xesim_fn *xesim_gpu_to_fn(struct xesim_device *xdev)
{
	return container_of(xdev, struct xesim_fn, xdev);
}

/**
 * xesim_gpu_get_fn() - Look up a function of a GPU and reference it.
 * @gpu: the GPU.
 * @vfid: 0 for the PF, or a VFID.
 *
 * Return: the function, to be released with xesim_gpu_put_fn(), or NULL
 * when it does not exist or is going away.
 */
struct xesim_fn *xesim_gpu_get_fn(struct xesim_gpu *gpu, unsigned int vfid)
{
	struct xesim_fn *fn;

	if (vfid > gpu->params.max_vfs)
		return NULL;
	scoped_guard(spinlock, &gpu->fns_lock) {
		fn = gpu->fns[vfid];
		if (fn)
			get_device(&fn->xdev.dev);
		return fn;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_get_fn);

/**
 * xesim_gpu_put_fn() - Release a function from xesim_gpu_get_fn().
 * @fn: the function.
 *
 * Context: process context.
 */
void xesim_gpu_put_fn(struct xesim_fn *fn)
{
	put_device(&fn->xdev.dev);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_put_fn);

static void xesim_fn_release(struct device *dev)
{
	struct xesim_fn *fn = container_of(dev, struct xesim_fn, xdev.dev);
	struct xesim_gpu *gpu = fn->gpu;

	xesim_dma_domain_destroy(fn->own_dma);
	kfree(fn);
	atomic_dec(&xesim_objects.fns);
	xesim_gpu_put(gpu);
}

static ssize_t device_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct xesim_fn *fn = container_of(dev, struct xesim_fn, xdev.dev);

	return sysfs_emit(buf, "0x%04x\n", fn->gpu->params.device_id);
}
static DEVICE_ATTR_RO(device);

static ssize_t revision_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct xesim_fn *fn = container_of(dev, struct xesim_fn, xdev.dev);

	return sysfs_emit(buf, "0x%02x\n", fn->gpu->params.revision);
}
static DEVICE_ATTR_RO(revision);

static ssize_t vfid_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct xesim_fn *fn = container_of(dev, struct xesim_fn, xdev.dev);

	return sysfs_emit(buf, "%u\n", fn->vfid);
}
static DEVICE_ATTR_RO(vfid);

static ssize_t sriov_totalvfs_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct xesim_fn *fn = container_of(dev, struct xesim_fn, xdev.dev);

	return sysfs_emit(buf, "%u\n", fn->gpu->params.max_vfs);
}
static DEVICE_ATTR_RO(sriov_totalvfs);

static ssize_t sriov_numvfs_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct xesim_fn *fn = container_of(dev, struct xesim_fn, xdev.dev);

	return sysfs_emit(buf, "%u\n", READ_ONCE(fn->gpu->num_vfs));
}

static ssize_t sriov_numvfs_store(struct device *dev,
				  struct device_attribute *attr,
				  const char *buf, size_t count)
{
	struct xesim_fn *fn = container_of(dev, struct xesim_fn, xdev.dev);
	struct xesim_gpu *gpu = fn->gpu;
	struct xesim_driver *drv;
	unsigned int num_vfs;
	int ret;

	if (kstrtouint(buf, 0, &num_vfs)) {
		xesim_fn_err(fn, "sriov_numvfs: expected a number\n");
		return -EINVAL;
	}
	if (num_vfs > gpu->params.max_vfs) {
		xesim_fn_err(fn, "sriov_numvfs: %u is more than the %u VFs supported\n",
			     num_vfs, gpu->params.max_vfs);
		return -ERANGE;
	}

	scoped_guard(device, dev) {
		if (num_vfs == READ_ONCE(gpu->num_vfs)) {
			ret = 0;
		} else if (num_vfs && READ_ONCE(gpu->num_vfs)) {
			xesim_fn_err(fn, "sriov_numvfs: %u VFs already enabled; write 0 first\n",
				     gpu->num_vfs);
			ret = -EBUSY;
		} else if (dev->driver) {
			drv = container_of(dev->driver, struct xesim_driver, driver);
			if (drv->sriov_configure) {
				ret = drv->sriov_configure(&fn->xdev, num_vfs);
			} else {
				xesim_fn_err(fn, "sriov_numvfs: driver %s does not configure SR-IOV\n",
					     dev->driver->name);
				ret = -EOPNOTSUPP;
			}
		} else {
			ret = num_vfs ? xesim_gpu_enable_vfs(gpu, num_vfs) :
					xesim_gpu_disable_vfs(gpu);
		}
	}

	return ret < 0 ? ret : count;
}
static DEVICE_ATTR_RW(sriov_numvfs);

static struct attribute *xesim_pf_attrs[] = {
	&dev_attr_device.attr,
	&dev_attr_revision.attr,
	&dev_attr_sriov_totalvfs.attr,
	&dev_attr_sriov_numvfs.attr,
	NULL
};
ATTRIBUTE_GROUPS(xesim_pf);

static struct attribute *xesim_vf_attrs[] = {
	&dev_attr_device.attr,
	&dev_attr_revision.attr,
	&dev_attr_vfid.attr,
	NULL
};
ATTRIBUTE_GROUPS(xesim_vf);

/* The device type of physical functions. */
const struct device_type xesim_pf_type = {
	.name = "xesim_pf",
	.groups = xesim_pf_groups,
	.release = xesim_fn_release,
};

/* The device type of virtual functions. */
const struct device_type xesim_vf_type = {
	.name = "xesim_vf",
	.groups = xesim_vf_groups,
	.release = xesim_fn_release,
};

static int xesim_fn_create(struct xesim_gpu *gpu, unsigned int vfid,
			   struct xesim_fn **out)
{
	const char *override = gpu->params.bind_only;
	struct xesim_fn *fn;
	struct device *dev;
	int err;

	if (vfid && xesim_knob_fail(gpu, XESIM_KNOB_VF_CREATE))
		return -ENOMEM;

	fn = kzalloc(sizeof(*fn), GFP_KERNEL);
	if (!fn)
		return -ENOMEM;
	atomic_inc(&xesim_objects.fns);
	xesim_gpu_get(gpu);
	fn->gpu = gpu;
	fn->vfid = vfid;
	fn->xdev.type = vfid ? XESIM_DEVICE_VF : XESIM_DEVICE_PF;
	spin_lock_init(&fn->lock);
	xesim_irq_init(fn);

	dev = &fn->xdev.dev;
	device_initialize(dev);
	dev->bus = &xesim_bus_type;
	dev->type = vfid ? &xesim_vf_type : &xesim_pf_type;
	dev->parent = vfid ? &gpu->fns[0]->xdev.dev : xesim_bus_root();
	if (vfid)
		err = dev_set_name(dev, "xesim%u.vf%u", gpu->id, vfid);
	else
		err = dev_set_name(dev, "xesim%u", gpu->id);
	if (err)
		goto err_put_device;
	fn->xdev.bind_only = override;
	if (!vfid) {
		fn->own_dma = xesim_dma_domain_create();
		if (!fn->own_dma) {
			err = -ENOMEM;
			goto err_put_device;
		}
		fn->dma = fn->own_dma;
	}

	fn->debugfs = xesim_debugfs_fn(fn);
	err = xesim_model_fn_init(fn);
	if (err)
		goto err_debugfs_remove;

	scoped_guard(spinlock, &gpu->fns_lock)
		gpu->fns[vfid] = fn;

	err = device_add(dev);
	if (err)
		goto err_unpublish;

	*out = fn;
	return 0;

err_unpublish:
	scoped_guard(spinlock, &gpu->fns_lock)
		gpu->fns[vfid] = NULL;
	fn->removed = true;
	xesim_model_fn_fini(fn);
err_debugfs_remove:
	debugfs_remove_recursive(fn->debugfs);
err_put_device:
	put_device(dev);
	return err;
}

static void xesim_fn_destroy(struct xesim_fn *fn)
{
	struct xesim_gpu *gpu = fn->gpu;

	/* unbind the host driver first: it may still talk to the device */
	device_del(&fn->xdev.dev);
	if (fn->vfid)
		xesim_slot_unplug_fn(fn);

	scoped_guard(spinlock, &gpu->fns_lock)
		gpu->fns[fn->vfid] = NULL;
	scoped_guard(spinlock, &fn->lock)
		fn->removed = true;

	xesim_irq_fini(fn);
	xesim_model_fn_fini(fn);
	debugfs_remove_recursive(fn->debugfs);
	put_device(&fn->xdev.dev);
}

/**
 * xesim_gpu_fn_unbind() - Drop what a function's driver left behind at unbind.
 * @fn: the function.
 *
 * Context: process context; may sleep.
 */
void xesim_gpu_fn_unbind(struct xesim_fn *fn)
{
	xesim_irq_line_free(&fn->irq.line);
	if (fn->own_dma)
		xesim_dma_domain_clear(fn->own_dma);
}

/**
 * xesim_gpu_enable_vfs() - Create the VF devices of a GPU.
 * @gpu: the GPU.
 * @num_vfs: the number of VFs, 1..max_vfs.
 *
 * Context: process context; may sleep. VF drivers probe before it returns.
 * Return: 0; -ERANGE for a bad count; -EBUSY when VFs are enabled already;
 * -ENODEV when the GPU is being deleted; the error of a failed VF creation
 * (logged), after which no VF is left.
 */
int xesim_gpu_enable_vfs(struct xesim_gpu *gpu, unsigned int num_vfs)
{
	struct xesim_fn *fn;
	unsigned int vfid;
	int err;

	if (!num_vfs || num_vfs > gpu->params.max_vfs) {
		xesim_fn_err(gpu->fns[0], "cannot enable %u VFs (1..%u)\n",
			     num_vfs, gpu->params.max_vfs);
		return -ERANGE;
	}

	guard(mutex)(&gpu->sriov_lock);
	if (gpu->dying) {
		xesim_fn_err(gpu->fns[0], "cannot enable VFs: device being deleted\n");
		return -ENODEV;
	}
	if (gpu->num_vfs) {
		xesim_fn_err(gpu->fns[0], "%u VFs already enabled\n",
			     gpu->num_vfs);
		return -EBUSY;
	}
	for (vfid = 1; vfid <= num_vfs; vfid++) {
		err = xesim_fn_create(gpu, vfid, &fn);
		if (err) {
			xesim_fn_err(gpu->fns[0], "creating VF %u failed: %pe\n",
				     vfid, ERR_PTR(err));
			goto err_destroy;
		}
	}
	WRITE_ONCE(gpu->num_vfs, num_vfs);
	xesim_fn_info(gpu->fns[0], "enabled %u VFs\n", num_vfs);
	return 0;

err_destroy:
	while (--vfid)
		xesim_fn_destroy(gpu->fns[vfid]);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_enable_vfs);

/**
 * xesim_gpu_disable_vfs() - Remove the VF devices of a GPU.
 * @gpu: the GPU.
 *
 * VF drivers are unbound, guest slots on the VFs detached. Provisioning is
 * kept: it belongs to the PF.
 *
 * Context: process context; may sleep.
 * Return: 0.
 */
int xesim_gpu_disable_vfs(struct xesim_gpu *gpu)
{
	unsigned int vfid;

	guard(mutex)(&gpu->sriov_lock);
	for (vfid = gpu->num_vfs; vfid; vfid--)
		xesim_fn_destroy(gpu->fns[vfid]);
	if (gpu->num_vfs)
		xesim_fn_info(gpu->fns[0], "disabled %u VFs\n", gpu->num_vfs);
	WRITE_ONCE(gpu->num_vfs, 0);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_disable_vfs);

/**
 * xesim_gpu_provision_vf() - Set the device resources of a VF.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs; it need not be enabled.
 * @cfg: the GGTT range and LMEM size.
 *
 * The one setter of VF resources: the PF's xesim_pf_provision_vf() and the
 * GuC model's PF2GUC_UPDATE_VF_CFG both end here. GGTT PTEs are left alone;
 * an LMEM size change replaces the VF's LMEM with zeroed memory, an
 * unchanged size keeps its contents. CPU mappings of the old LMEM are not
 * zapped (their pages stay allocated while mapped, but go stale): the PF
 * must not resize the LMEM of a VF in use.
 *
 * Context: process context; may sleep.
 * Return: 0; -EINVAL for a bad VFID, a misaligned or out-of-bounds range
 * or size; -EBUSY for a GGTT range overlapping another VF's; -ENOSPC when
 * VRAM is short. Errors are logged; on error nothing changes.
 */
int xesim_gpu_provision_vf(struct xesim_gpu *gpu, unsigned int vfid,
			   const struct xesim_vf_config *cfg)
{
	u64 old_start, old_size;
	int err;

	if (!vfid || vfid > gpu->params.max_vfs) {
		xesim_gpu_err(gpu, "provision: no VF %u (1..%u)\n", vfid,
			      gpu->params.max_vfs);
		return -EINVAL;
	}
	if (xesim_knob_fail(gpu, XESIM_KNOB_PROVISION))
		return -ENOSPC;

	guard(mutex)(&gpu->lock);
	xesim_ggtt_get_range(gpu, vfid, &old_start, &old_size);
	err = xesim_ggtt_set_range(gpu, vfid, cfg->ggtt_start, cfg->ggtt_size);
	if (err) {
		xesim_gpu_err(gpu, "provision VF %u: GGTT %#llx+%#llx %s\n",
			      vfid, cfg->ggtt_start, cfg->ggtt_size,
			      err == -EBUSY ? "overlaps another VF" :
			      "must be 4K aligned and below the GGTT top");
		return err;
	}
	err = xesim_lmtt_provision(gpu, vfid, cfg->lmem_size);
	if (err) {
		xesim_gpu_err(gpu, "provision VF %u: LMEM %#llx: %pe\n", vfid,
			      cfg->lmem_size, ERR_PTR(err));
		xesim_ggtt_set_range(gpu, vfid, old_start, old_size);
	}
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_provision_vf);

/**
 * xesim_gpu_query_vf() - Read the device resources of a VF.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 * @cfg: the GGTT range and LMEM size.
 *
 * Return: 0, or -EINVAL for a bad VFID.
 */
int xesim_gpu_query_vf(struct xesim_gpu *gpu, unsigned int vfid,
		       struct xesim_vf_config *cfg)
{
	if (!vfid || vfid > gpu->params.max_vfs)
		return -EINVAL;
	xesim_ggtt_get_range(gpu, vfid, &cfg->ggtt_start, &cfg->ggtt_size);
	cfg->lmem_size = xesim_lmtt_size(gpu, vfid);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_query_vf);

/**
 * xesim_gpu_wipe_vf() - Wipe a VF's device state, as an FLR does.
 * @gpu: the GPU.
 * @vfid: the VF, 1..max_vfs.
 *
 * Invalidates the PTEs of the VF's GGTT range, wipes its LMEM and, when the
 * VF is enabled, resets its scratch registers and interrupt state. The GuC
 * model calls this for FLR and adds its own state.
 *
 * Context: process context; may sleep.
 * Return: 0, or -EINVAL for a bad VFID.
 */
int xesim_gpu_wipe_vf(struct xesim_gpu *gpu, unsigned int vfid)
{
	struct xesim_fn *fn;

	if (!vfid || vfid > gpu->params.max_vfs)
		return -EINVAL;

	scoped_guard(mutex, &gpu->lock) {
		xesim_ggtt_clear_range(gpu, vfid);
		xesim_lmtt_wipe(gpu, vfid);
	}

	fn = xesim_gpu_get_fn(gpu, vfid);
	if (fn) {
		xesim_regs_reset(fn);
		xesim_irq_reset(fn);
		xesim_gpu_put_fn(fn);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_wipe_vf);

/**
 * xesim_gpu_create() - Create a GPU and register its PF.
 * @params: the parameters; they are checked.
 * @out: the GPU.
 *
 * Context: process context; may sleep. A PF driver may probe before this
 * returns.
 * Return: 0, -EINVAL for bad parameters, -EEXIST for a used number,
 * -ENODEV while the bus shuts down, -ENOMEM, or a device model's error.
 */
int xesim_gpu_create(const struct xesim_gpu_params *params,
		     struct xesim_gpu **out)
{
	struct xesim_gpu *gpu;
	struct xesim_fn *pf;
	int err;

	err = xesim_gpu_check_params(params);
	if (err)
		return err;

	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return -ENOMEM;
	atomic_inc(&xesim_objects.gpus);
	kref_init(&gpu->ref);
	gpu->id = params->id;
	gpu->params = *params;
	gpu->params.bind_only = NULL;
	INIT_LIST_HEAD(&gpu->link);
	mutex_init(&gpu->sriov_lock);
	mutex_init(&gpu->lock);
	spin_lock_init(&gpu->fns_lock);
	xa_init(&gpu->reg_hooks);
	xesim_knob_init(&gpu->knobs);

	/* from here on, xesim_gpu_release() undoes what was done */
	err = -ENOMEM;
	if (params->bind_only) {
		gpu->params.bind_only = kstrdup(params->bind_only, GFP_KERNEL);
		if (!gpu->params.bind_only)
			goto err_put;
	}
	gpu->fns = kcalloc(params->max_vfs + 1, sizeof(*gpu->fns), GFP_KERNEL);
	if (!gpu->fns)
		goto err_put;
	xesim_vram_init(gpu);
	err = xesim_ggtt_init(gpu);
	if (err)
		goto err_put;
	err = xesim_lmtt_init(gpu);
	if (err)
		goto err_put;

	err = xesim_bus_link_gpu(gpu);
	if (err)
		goto err_put;
	gpu->debugfs = xesim_debugfs_gpu(gpu);

	err = xesim_model_gpu_init(gpu);
	if (err)
		goto err_unlink;
	err = xesim_fn_create(gpu, 0, &pf);
	if (err)
		goto err_model_fini;

	xesim_gpu_info(gpu, "created: devid %#06x revid %#04x ggtt %#llx vram %#llx engines %u max_vfs %u\n",
		       params->device_id, params->revision, params->ggtt_size,
		       params->vram_size, params->num_engines, params->max_vfs);
	*out = gpu;
	return 0;

err_model_fini:
	xesim_model_gpu_fini(gpu);
err_unlink:
	debugfs_remove_recursive(gpu->debugfs);
	xesim_bus_unlink_gpu(gpu);
err_put:
	xesim_gpu_put(gpu);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_create);

/**
 * xesim_gpu_destroy() - Delete a GPU: unbind its drivers, remove its VFs
 * and PF, detach the guest slots on its VFs.
 * @gpu: the GPU; the caller's use of it ends here.
 *
 * Does nothing if another deletion of the GPU is under way.
 *
 * Context: process context; may sleep.
 */
void xesim_gpu_destroy(struct xesim_gpu *gpu)
{
	struct xesim_fn *pf = gpu->fns[0];

	if (!xesim_bus_claim_gpu(gpu))
		return;

	/* the PF driver first: it may disable the VFs itself */
	device_release_driver(&pf->xdev.dev);
	xesim_gpu_disable_vfs(gpu);
	xesim_fn_destroy(pf);
	xesim_model_gpu_fini(gpu);
	debugfs_remove_recursive(gpu->debugfs);
	xesim_bus_unlink_gpu(gpu);
	xesim_gpu_info(gpu, "deleted\n");
	xesim_gpu_put(gpu);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_gpu_destroy);

/**
 * xesim_gpu_show() - Print the state of a GPU.
 * @gpu: the GPU.
 * @m: the seq_file.
 */
void xesim_gpu_show(struct xesim_gpu *gpu, struct seq_file *m)
{
	const struct xesim_gpu_params *p = &gpu->params;
	unsigned int used, i;

	seq_printf(m, "devid: %#06x\nrevid: %#04x\nggtt_size: %#llx\n",
		   p->device_id, p->revision, p->ggtt_size);
	seq_printf(m, "vram_size: %#llx\nengines: %u\nmax_vfs: %u\nnum_vfs: %u\n",
		   p->vram_size, p->num_engines, p->max_vfs,
		   READ_ONCE(gpu->num_vfs));
	scoped_guard(spinlock, &gpu->lmtt.lock)
		used = bitmap_weight(gpu->lmtt.used, gpu->lmtt.nr_chunks);
	seq_printf(m, "vram_backed_pages: %lu\nlmem_chunks_used: %u of %u\n",
		   xesim_vram_backed(gpu), used, gpu->lmtt.nr_chunks);
	for (i = 0; i < XESIM_KNOB_COUNT; i++)
		seq_printf(m, "fail_%s: armed %d fired %d\n",
			   xesim_knob_name(i),
			   atomic_read(&gpu->knobs.armed[i]),
			   atomic_read(&gpu->knobs.fired[i]));
}

/**
 * xesim_gpu_show_vram() - Print where each VF's LMEM lives in VRAM.
 * @gpu: the GPU.
 * @m: the seq_file.
 */
void xesim_gpu_show_vram(struct xesim_gpu *gpu, struct seq_file *m)
{
	unsigned int vfid;

	seq_printf(m, "vram_size: %#llx\nbacked_pages: %lu\n",
		   gpu->vram.size, xesim_vram_backed(gpu));
	guard(mutex)(&gpu->lock);
	for (vfid = 1; vfid <= gpu->params.max_vfs; vfid++) {
		if (!xesim_lmtt_size(gpu, vfid))
			continue;
		seq_printf(m, "vf%u:\n", vfid);
		xesim_lmtt_show(gpu, vfid, m);
	}
}

/**
 * xesim_gpu_fn_show() - Print the state of a function.
 * @fn: the function.
 * @m: the seq_file.
 */
void xesim_gpu_fn_show(struct xesim_fn *fn, struct seq_file *m)
{
	struct xesim_fn_stats *s = &fn->stats;
	struct xesim_gpu *gpu = fn->gpu;
	u64 start, size;
	unsigned int n;

	seq_printf(m, "function: %s\nvfid: %u\n", dev_name(&fn->xdev.dev),
		   fn->vfid);
	scoped_guard(spinlock, &fn->lock)
		seq_printf(m, "slot: %s\n",
			   fn->slot ? dev_name(&fn->slot->xdev.dev) : "none");

	if (fn->vfid) {
		xesim_ggtt_get_range(gpu, fn->vfid, &start, &size);
		seq_printf(m, "ggtt: %#llx+%#llx valid %llu\n", start, size,
			   xesim_ggtt_count_valid(gpu, start, size));
		scoped_guard(mutex, &gpu->lock)
			xesim_lmtt_show(gpu, fn->vfid, m);
	} else {
		seq_printf(m, "dma_mapped: %lu\n",
			   xesim_dma_domain_mapped(fn->own_dma));
	}
	for (n = 0; n < VF_SW_FLAG_COUNT; n++)
		seq_printf(m, "VF_SW_FLAG(%u): %#010x\n", n,
			   xesim_regs_sw_flag(fn, n));
	xesim_irq_show(fn, m);

	seq_printf(m, "ggtt_read_dropped: %lld\nggtt_write_dropped: %lld\n",
		   atomic64_read(&s->ggtt_read_dropped),
		   atomic64_read(&s->ggtt_write_dropped));
	seq_printf(m, "ggtt_faults: %lld\nvram_dropped: %lld\ndma_faults: %lld\n",
		   atomic64_read(&s->ggtt_faults),
		   atomic64_read(&s->vram_dropped),
		   atomic64_read(&s->dma_faults));
	seq_printf(m, "reg_unknown_reads: %lld\nreg_unknown_writes: %lld\ndoorbells: %lld\n",
		   atomic64_read(&s->reg_unknown_reads),
		   atomic64_read(&s->reg_unknown_writes),
		   atomic64_read(&s->doorbells));
	seq_printf(m, "irq_raised: %lld\nirq_report_faults: %lld\nirq_unreported: %lld\nirq_dropped: %lld\n",
		   atomic64_read(&s->irq_raised),
		   atomic64_read(&s->irq_report_faults),
		   atomic64_read(&s->irq_unreported),
		   atomic64_read(&s->irq_dropped));
	xesim_model_fn_show(fn, m);
}
