// SPDX-License-Identifier: GPL-2.0
/*
 * The PF device: binding to xesim PFs, enabling VFs and provisioning them
 * through the GuC.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/cleanup.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <abi/guc_actions_abi.h>
#include <abi/guc_klvs_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_debugfs.h"
#include "xepf_guc_ct.h"
#include "xepf_guc_mmio.h"
#include "xepf_pf.h"
#include "xepf_printk.h"
#include "xepf_sriov_config.h"
#include "xepf_sriov_control.h"
#include "xepf_sriov_migration.h"

/**
 * DOC: xepf PF device
 *
 * The driver binds to every xesim PF. At probe it keeps the first 64 KiB of
 * the GGTT for itself and maps there, at GGTT address XEPF_GGTT_KLV, one
 * page of system memory (DMA-mapped for the PF, PTE without the LMEM bit
 * and with VFID 0) that carries the KLV lists of PF2GUC_UPDATE_VF_CFG.
 * Requests go to the GuC over the PF's MMIO channel (`xepf GuC MMIO
 * channel`).
 *
 * Writing N to the PF's ``sriov_numvfs`` provisions VFs 1..N (`xepf VF
 * provisioning`), one UPDATE_VF_CFG each, checking that the GuC applied
 * every KLV, then enables the VFs; 0 disables them and resets their
 * configuration (UPDATE_VF_CFG with size 0) after an FLR of each, as
 * upstream does, so that whatever state a migration left the GuC in is
 * cleared. A failure undoes what was done.
 *
 * The PF's CT channel (`xepf GuC CT channel`) brings the GuC's
 * GUC2PF_VF_STATE_NOTIFY events to the VF control state machine (`xepf VF
 * control state machine`), whose PF2GUC_VF_CONTROL requests go over MMIO.
 *
 * The PF's debugfs files are described in `xepf debugfs`.
 *
 * The PF keeps the GGTT below XEPF_PF_GGTT: the KLV page at 4 KiB, its CT
 * buffers at 8 KiB and the GuC state window at 64 KiB.
 */

/**
 * DOC: xepf lock order
 *
 * The PF's locks, outermost first. A lock is taken only with locks above
 * it held, never one below:
 *
 * 1. &xepf_pf.lock: provisioning and VF enabling. The VF devices' probes
 *    run under it, and with them the VFIO core's device-set lock of each
 *    VF. Every migration request takes it first.
 * 2. &xepf_vf_mig.lock: one VF's migration streams.
 * 3. &xepf_vf_control.lock: one VF's control state; taken under 2 when a
 *    stream opens or closes.
 * 4. &xepf_vf_mig.unchecked_lock: the LMEM pages a restore has not
 *    checked yet; taken under 2, and under 3 by the resume check.
 * 5. &xepf_pf.mig_buf_lock: the GuC state window; taken under 2.
 * 6. &xepf_guc_mmio.lock: one request to the GuC at a time; the innermost
 *    mutex, taken under 3, under 5 or alone.
 * 7. &xepf_mig_save.lock, a spinlock: a save's ring, between its producer
 *    and its reader; nothing is taken under it.
 *
 * The driver's list of PFs has a lock of its own that is taken under none
 * of these and holds none. Above them all is the VFIO variant driver's
 * ``state_mutex``: its arcs are PF calls (`xevfio migration state
 * machine`).
 */

#define XEPF_PF_GGTT		(XEPF_GGTT_MIG + XEPF_GGTT_MIG_SIZE)
#define XEPF_GGTT_KLV		SZ_4K
#define XEPF_GGTT_CT		SZ_8K
#define XEPF_PF_CONTEXTS	1024
#define XEPF_PF_DOORBELLS	16

static void xepf_pf_release(struct kref *ref);

static LIST_HEAD(xepf_pfs);
static DEFINE_MUTEX(xepf_pfs_lock);

static int xepf_pf_read32(void *priv, u32 reg, u32 *val)
{
	struct xepf_pf *pf = priv;

	return xesim_read32(pf->xdev, reg, val);
}

static int xepf_pf_write32(void *priv, u32 reg, u32 val)
{
	struct xepf_pf *pf = priv;

	return xesim_write32(pf->xdev, reg, val);
}

static const struct xepf_guc_mmio_ops xepf_pf_mmio_ops = {
	.read32 = xepf_pf_read32,
	.write32 = xepf_pf_write32,
};

static int xepf_pf_vf_control(void *priv, unsigned int vfid, u32 cmd)
{
	struct xepf_pf *pf = priv;
	u32 req[PF2GUC_VF_CONTROL_REQUEST_MSG_LEN] = {
		FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION,
			   GUC_ACTION_PF2GUC_VF_CONTROL),
		vfid, cmd,
	};
	int ret = xepf_guc_mmio_send(&pf->mmio, req, ARRAY_SIZE(req), NULL, 0);

	return ret < 0 ? ret : 0;
}

/* an FLR ends the VF's stream before the device resets the VF */
static void xepf_pf_flr_prepare(void *priv, unsigned int vfid)
{
	xepf_sriov_migration_cancel(priv, vfid);
}

/* entries a restore could not check, now that the guest is attached */
static int xepf_pf_resume_check(void *priv, unsigned int vfid)
{
	return xepf_sriov_migration_resume_check(priv, vfid);
}

static const struct xepf_control_ops xepf_pf_control_ops = {
	.vf_control = xepf_pf_vf_control,
	.flr_prepare = xepf_pf_flr_prepare,
	.resume_check = xepf_pf_resume_check,
};

static void xepf_pf_g2h(void *priv, const u32 *msg, u32 len)
{
	struct xepf_pf *pf = priv;
	u32 hdr = msg[0];

	if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, hdr) != GUC_HXG_ORIGIN_GUC ||
	    FIELD_GET(GUC_HXG_MSG_0_TYPE, hdr) != GUC_HXG_TYPE_EVENT ||
	    FIELD_GET(GUC_HXG_EVENT_MSG_0_ACTION, hdr) !=
	    GUC_ACTION_GUC2PF_VF_STATE_NOTIFY ||
	    len != GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN) {
		xepf_err(pf->dev, "unexpected G2H message %#x, %u dwords\n",
			 hdr, len);
		return;
	}
	xepf_sriov_control_notify(&pf->ctl, msg[1], msg[2]);
}

static void xepf_pf_irq(struct xesim_device *xdev, void *data)
{
	struct xepf_pf *pf = data;

	xepf_guc_ct_irq(&pf->ct);
}

/* send a VF's configuration, or reset it with @cfg NULL */
static int xepf_pf_push_config(struct xepf_pf *pf, unsigned int vfid,
			       const struct xepf_vf_config *cfg)
{
	u32 req[PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_LEN] = {
		FIELD_PREP(GUC_HXG_REQUEST_MSG_0_ACTION,
			   GUC_ACTION_PF2GUC_UPDATE_VF_CFG),
		vfid,
	};
	unsigned int n = 0;
	u32 *klvs;
	int ret;

	if (cfg) {
		klvs = kmap_local_page(pf->klv_page);
		n = xepf_sriov_config_encode(cfg, klvs, PAGE_SIZE / sizeof(u32));
		kunmap_local(klvs);
		req[2] = lower_32_bits(XEPF_GGTT_KLV);
		req[3] = upper_32_bits(XEPF_GGTT_KLV);
		req[4] = n;
	}
	ret = xepf_guc_mmio_send(&pf->mmio, req, ARRAY_SIZE(req), NULL, 0);
	if (ret >= 0 && cfg && ret != XEPF_CONFIG_KLVS) {
		xepf_vf_err(pf->dev, vfid, "config", "GuC applied %d of %u KLVs\n",
			    ret, XEPF_CONFIG_KLVS);
		ret = -EPROTO;
	}
	if (ret < 0)
		xepf_vf_err(pf->dev, vfid, "config", "%pe\n", ERR_PTR(ret));
	return ret < 0 ? ret : 0;
}

static void xepf_pf_unprovision(struct xepf_pf *pf, unsigned int num_vfs)
{
	unsigned int vfid;

	for (vfid = 1; vfid <= num_vfs; vfid++) {
		xepf_pf_push_config(pf, vfid, NULL);
		memset(&pf->cfgs[vfid - 1], 0, sizeof(pf->cfgs[0]));
	}
}

/**
 * xepf_pf_vf_usable() - Whether requests may be made of a VF.
 * @pf: the PF.
 * @vfid: the VF.
 *
 * Context: any. A snapshot: a request that passes may still see the VFs
 * disabled under it, and then fails or is undone by the disabling's FLR.
 * Return: true when the VF is enabled and the PF is not disabling its VFs.
 */
bool xepf_pf_vf_usable(struct xepf_pf *pf, unsigned int vfid)
{
	return vfid && vfid <= READ_ONCE(pf->num_vfs) &&
	       !READ_ONCE(pf->disabling);
}

/*
 * Disabling removes the VF devices, which waits for the VFIO driver to let
 * go of them, and so for the VMM's open file descriptors: a VMM in a call
 * that needs pf->lock would never close them if the lock were held here.
 * So the lock is only taken to mark the disabling, which turns away new
 * migration and control requests with -ENODEV, and again once the devices
 * are gone, for the FLRs and the unprovisioning.
 */
static int xepf_pf_disable(struct xepf_pf *pf)
{
	unsigned int vfid, num_vfs;
	int err;

	scoped_guard(mutex, &pf->lock) {
		if (pf->disabling)
			return -EBUSY;
		WRITE_ONCE(pf->disabling, true);
		num_vfs = pf->num_vfs;
	}
	for (vfid = 1; vfid <= num_vfs; vfid++)
		xepf_sriov_migration_abort(pf, vfid);
	err = xesim_pf_disable_vfs(pf->xdev);

	guard(mutex)(&pf->lock);
	if (err) {
		xepf_err(pf->dev, "disabling %u VFs failed: %pe\n", num_vfs,
			 ERR_PTR(err));
		WRITE_ONCE(pf->disabling, false);
		return err;
	}
	/* as upstream: reset the VFs, whatever a migration left */
	for (vfid = 1; vfid <= num_vfs; vfid++) {
		xepf_sriov_migration_abort(pf, vfid);
		err = xepf_sriov_control_reset_vf(&pf->ctl, vfid);
		if (err)
			xepf_err(pf->dev, "VF%u: FLR at disabling: %pe\n", vfid,
				 ERR_PTR(err));
	}
	xepf_pf_unprovision(pf, num_vfs);
	WRITE_ONCE(pf->num_vfs, 0);
	WRITE_ONCE(pf->disabling, false);
	return 0;
}

/* provision VFs 1..@num_vfs and enable them; a failure undoes it all */
static int xepf_pf_enable(struct xepf_pf *pf, unsigned int num_vfs)
{
	unsigned int vfid;
	int err;

	lockdep_assert_held(&pf->lock);

	err = xepf_sriov_config_fair(&pf->lim, num_vfs, pf->info.total_vfs,
				     pf->cfgs);
	if (err)
		return err;
	for (vfid = 1; vfid <= num_vfs; vfid++)
		if (pf->ggtt_override[vfid - 1])
			pf->cfgs[vfid - 1].ggtt_start =
				pf->ggtt_override[vfid - 1];
	err = xepf_sriov_config_check(&pf->lim, pf->cfgs, num_vfs);
	if (err)
		return err;
	for (vfid = 1; vfid <= num_vfs; vfid++) {
		err = xepf_pf_push_config(pf, vfid, &pf->cfgs[vfid - 1]);
		if (err) {
			xepf_pf_unprovision(pf, vfid);
			return err;
		}
	}
	err = xesim_pf_enable_vfs(pf->xdev, num_vfs);
	if (err)
		xepf_pf_unprovision(pf, num_vfs);
	return err;
}

/**
 * xepf_pf_sriov_configure() - Enable and provision, or disable, VFs.
 * @pf: the PF.
 * @num_vfs: VFs to enable, 0 to disable them all.
 *
 * Disabling holds no lock of the PF while the VF devices go away (their
 * drivers may wait for users that still call into the PF); migration and
 * control requests made meanwhile fail with -ENODEV.
 *
 * Context: process context; sleeps.
 * Return: @num_vfs, or a negative errno: -EBUSY when VFs are enabled
 * already or being disabled, -ERANGE for more VFs than the device has, a
 * provisioning or a GuC error.
 */
int xepf_pf_sriov_configure(struct xepf_pf *pf, unsigned int num_vfs)
{
	int err;

	if (!num_vfs)
		return xepf_pf_disable(pf);

	guard(mutex)(&pf->lock);
	if (pf->disabling)
		return -EBUSY;
	if (pf->num_vfs)
		return -EBUSY;
	if (num_vfs > pf->info.total_vfs)
		return -ERANGE;

	err = xepf_pf_enable(pf, num_vfs);
	if (err) {
		xepf_err(pf->dev, "enabling %u VFs failed: %pe\n", num_vfs,
			 ERR_PTR(err));
		return err;
	}
	WRITE_ONCE(pf->num_vfs, num_vfs);
	return num_vfs;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_pf_sriov_configure);

/**
 * xepf_pf_set_ggtt_start() - Choose the GGTT start of a VF's next enabling.
 * @pf: the PF.
 * @vfid: the VF, 1..total VFs; it need not be enabled.
 * @start: the GGTT address, 0 for the fair share; checked at the enabling.
 *
 * Context: process context; takes the PF's lock, so that an enabling sees
 * the value before or after the change, never half of it.
 * Return: 0, or -EINVAL for a bad VFID.
 */
int xepf_pf_set_ggtt_start(struct xepf_pf *pf, unsigned int vfid, u64 start)
{
	if (!vfid || vfid > pf->info.total_vfs)
		return -EINVAL;
	guard(mutex)(&pf->lock);
	pf->ggtt_override[vfid - 1] = start;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_pf_set_ggtt_start);

/**
 * xepf_pf_control_verb() - Run a debugfs ``control`` verb on a VF.
 * @pf: the PF.
 * @vfid: the VF.
 * @verb: ``pause``, ``resume``, ``stop`` or ``reset``, with optional
 *        surrounding white space.
 *
 * Context: process context; sleeps.
 * Return: 0, -ENODEV for a VF that is not enabled (or while the VFs are
 * being disabled), -EINVAL for an unknown verb, or the request's error.
 */
int xepf_pf_control_verb(struct xepf_pf *pf, unsigned int vfid,
			 const char *verb)
{
	char buf[16];
	const char *v;

	if (!xepf_pf_vf_usable(pf, vfid))
		return -ENODEV;
	if (strscpy(buf, verb, sizeof(buf)) < 0)
		return -EINVAL;
	v = strim(buf);
	if (!strcmp(v, "pause"))
		return xepf_sriov_control_pause_vf(&pf->ctl, vfid);
	if (!strcmp(v, "resume"))
		return xepf_sriov_control_resume_vf(&pf->ctl, vfid);
	if (!strcmp(v, "stop"))
		return xepf_sriov_control_stop_vf(&pf->ctl, vfid);
	if (!strcmp(v, "reset"))
		return xepf_sriov_control_reset_vf(&pf->ctl, vfid);
	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_pf_control_verb);

/* what the PF holds of the device; at remove, or at a failed probe */
static void xepf_pf_teardown(struct xepf_pf *pf)
{
	if (pf->klv_iova)
		xesim_dma_unmap(pf->xdev, pf->klv_iova, 1);
	pf->klv_iova = 0;
	xepf_guc_mmio_fini(&pf->mmio);
}

/* the memory; once the last debugfs migration file is closed */
static void xepf_pf_release(struct kref *ref)
{
	struct xepf_pf *pf = container_of(ref, struct xepf_pf, ref);

	if (pf->klv_page)
		__free_page(pf->klv_page);
	xepf_sriov_migration_fini(pf);
	mutex_destroy(&pf->lock);
	kfree(pf->ggtt_override);
	kfree(pf->vf_files);
	kfree(pf->cfgs);
	kfree(pf);
}

/**
 * xepf_pf_get() - Keep a PF's memory past its removal.
 * @pf: the PF.
 *
 * For what may outlive the binding, such as an open debugfs migration file.
 *
 * Context: any context.
 */
void xepf_pf_get(struct xepf_pf *pf)
{
	kref_get(&pf->ref);
}

/**
 * xepf_pf_put() - Drop a reference of xepf_pf_get().
 * @pf: the PF; freed with its last reference.
 *
 * Context: process context.
 */
void xepf_pf_put(struct xepf_pf *pf)
{
	kref_put(&pf->ref, xepf_pf_release);
}

static int xepf_pf_probe(struct xesim_device *xdev)
{
	struct xepf_pf *pf;
	int err;

	pf = kzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	pf->xdev = xdev;
	pf->dev = xesim_to_dev(xdev);
	kref_init(&pf->ref);
	mutex_init(&pf->lock);
	xepf_guc_mmio_init(&pf->mmio, pf->dev, &xepf_pf_mmio_ops, pf);

	err = xesim_get_info(xdev, &pf->info);
	if (err)
		goto err_teardown;
	pf->lim = (struct xepf_config_limits) {
		.ggtt_size = pf->info.ggtt_size,
		.pf_ggtt = XEPF_PF_GGTT,
		.vram_size = pf->info.vram_size,
		.contexts = GUC_KLV_VF_CFG_NUM_CONTEXTS_MAX - XEPF_PF_CONTEXTS,
		.doorbells = GUC_KLV_VF_CFG_NUM_DOORBELLS_MAX -
			     XEPF_PF_DOORBELLS,
	};
	pf->cfgs = kcalloc(pf->info.total_vfs, sizeof(*pf->cfgs), GFP_KERNEL);
	pf->ggtt_override = kcalloc(pf->info.total_vfs,
				    sizeof(*pf->ggtt_override), GFP_KERNEL);
	pf->vf_files = kcalloc(pf->info.total_vfs, sizeof(*pf->vf_files),
			       GFP_KERNEL);
	pf->klv_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!pf->cfgs || !pf->ggtt_override || !pf->vf_files ||
	    !pf->klv_page) {
		err = -ENOMEM;
		goto err_teardown;
	}
	err = xepf_sriov_migration_init(pf);
	if (err)
		goto err_teardown;
	err = xesim_dma_map(xdev, &pf->klv_page, 1, &pf->klv_iova);
	if (err)
		goto err_teardown;
	err = xesim_ggtt_write_pte(xdev, XEPF_GGTT_KLV,
				   (pf->klv_iova & XE_GGTT_PTE_ADDR) |
				   XE_PAGE_PRESENT);
	if (err)
		goto err_teardown;

	err = xepf_sriov_control_init(&pf->ctl, pf->dev, pf->info.total_vfs,
				      &xepf_pf_control_ops, pf);
	if (err)
		goto err_teardown;
	err = xesim_request_irq(xdev, xepf_pf_irq, pf);
	if (err)
		goto err_control_fini;
	err = xepf_guc_ct_init(&pf->ct, xdev, &pf->mmio, XEPF_GGTT_CT,
			       xepf_pf_g2h, pf);
	if (err)
		goto err_free_irq;

	dev_set_drvdata(pf->dev, pf);
	xepf_debugfs_register(pf);
	scoped_guard(mutex, &xepf_pfs_lock)
		list_add_tail(&pf->link, &xepf_pfs);
	return 0;
err_free_irq:
	xesim_free_irq(xdev);
err_control_fini:
	xepf_sriov_control_fini(&pf->ctl);
err_teardown:
	xepf_err(pf->dev, "probe failed: %pe\n", ERR_PTR(err));
	xepf_pf_teardown(pf);
	kref_put(&pf->ref, xepf_pf_release);
	return err;
}

static void xepf_pf_remove(struct xesim_device *xdev)
{
	struct xepf_pf *pf = dev_get_drvdata(xesim_to_dev(xdev));
	unsigned int vfid;

	scoped_guard(mutex, &xepf_pfs_lock)
		list_del(&pf->link);
	xepf_debugfs_unregister(pf);
	if (pf->num_vfs)
		xepf_pf_sriov_configure(pf, 0);
	for (vfid = 1; vfid <= pf->info.total_vfs; vfid++)
		xepf_sriov_migration_abort(pf, vfid);
	xesim_free_irq(xdev);
	xepf_guc_ct_fini(&pf->ct);
	xepf_sriov_control_fini(&pf->ctl);
	xesim_ggtt_write_pte(xdev, XEPF_GGTT_KLV, 0);
	xepf_pf_teardown(pf);
	kref_put(&pf->ref, xepf_pf_release);
}

static int xepf_pf_sriov_configure_cb(struct xesim_device *xdev,
				      unsigned int num_vfs)
{
	return xepf_pf_sriov_configure(dev_get_drvdata(xesim_to_dev(xdev)),
				       num_vfs);
}

static struct xesim_driver xepf_pf_driver = {
	.driver.name = "xepf",
	.type = XESIM_DEVICE_PF,
	.probe = xepf_pf_probe,
	.remove = xepf_pf_remove,
	.sriov_configure = xepf_pf_sriov_configure_cb,
};

/**
 * xepf_pf_find() - Find a bound PF by device name.
 * @name: e.g. "xesim0".
 *
 * Context: process context. The PF stays valid while it is bound.
 * Return: the PF or NULL.
 */
struct xepf_pf *xepf_pf_find(const char *name)
{
	struct xepf_pf *pf;

	guard(mutex)(&xepf_pfs_lock);
	list_for_each_entry(pf, &xepf_pfs, link)
		if (!strcmp(dev_name(pf->dev), name))
			return pf;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_pf_find);

/**
 * xepf_pf_of_vf() - The PF bound by this driver behind a VF.
 * @vf: a VF device (type XESIM_DEVICE_VF).
 * @vfid: out: its VFID.
 *
 * Context: process context, by the driver bound to @vf: the VF exists only
 * while its PF driver keeps VFs enabled.
 * Return: the PF, or NULL (logged) when @vf is no VF or its PF is not bound
 * to this driver.
 */
struct xepf_pf *xepf_pf_of_vf(struct xesim_device *vf, unsigned int *vfid)
{
	struct xesim_device *pfx;
	struct xesim_info info;
	struct device *dev;

	if (!vf || xesim_device_type(vf) != XESIM_DEVICE_VF)
		return NULL;
	pfx = xesim_vf_to_pf(vf);
	dev = pfx ? xesim_to_dev(pfx) : NULL;
	if (!dev || dev->driver != &xepf_pf_driver.driver ||
	    xesim_get_info(vf, &info) || !info.vfid) {
		xepf_err(xesim_to_dev(vf), "VF without a PF bound to xepf\n");
		return NULL;
	}
	*vfid = info.vfid;
	return dev_get_drvdata(dev);
}

/**
 * xepf_pf_register() - Register the PF driver on the xesim bus.
 *
 * Context: module init.
 * Return: 0 or a negative errno.
 */
int xepf_pf_register(void)
{
	int err;

	xepf_debugfs_init();
	err = xesim_driver_register(&xepf_pf_driver);
	if (err)
		xepf_debugfs_fini();
	return err;
}

/**
 * xepf_pf_unregister() - Unregister the PF driver; unbinds every PF.
 *
 * Context: module exit.
 */
void xepf_pf_unregister(void)
{
	xesim_driver_unregister(&xepf_pf_driver);
	xepf_debugfs_fini();
}
