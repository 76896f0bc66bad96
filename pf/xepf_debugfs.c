// SPDX-License-Identifier: GPL-2.0
/*
 * The PF's debugfs files: provisioning, VF control and the migration stream
 * of each VF, for tests and tools.
 */

#include <linux/cleanup.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "xepf_debugfs.h"
#include "xepf_pf.h"
#include "xepf_sriov_control.h"
#include "xepf_sriov_migration.h"

/**
 * DOC: xepf debugfs
 *
 * ``xepf/<pf>/``: ``config`` shows what the VFs were given;
 * ``vf<N>/ggtt_start`` (read-write) moves VF N's GGTT range at the next
 * enabling (0: the fair share); ``vf<N>/state`` names VF N's control state
 * bits; ``vf<N>/control`` takes the verbs ``pause``, ``resume``, ``stop``
 * and ``reset`` (FLR), and the write fails with the request's errno;
 * ``vf<N>/save`` produces the migration stream of the paused VF while it is
 * open and read; ``vf<N>/restore`` loads a stream written to it into the
 * paused VF, loaded once the file is closed (the VF's ``state`` then shows
 * ``RESTORED`` or ``RESTORE_FAILED``); ``vf<N>/migration_size`` gives the
 * size estimate of a save; ``vf<N>/migration_stats`` where the PF's time of
 * the VF's last save and restore went (the producer making packets, readers
 * waiting for it, the consumer checking and loading), for the benchmark.
 */

static struct dentry *xepf_debugfs_root;

static int xepf_debugfs_config_show(struct seq_file *m, void *data)
{
	struct xepf_pf *pf = m->private;
	unsigned int vfid;

	guard(mutex)(&pf->lock);
	for (vfid = 1; vfid <= pf->num_vfs; vfid++) {
		const struct xepf_vf_config *c = &pf->cfgs[vfid - 1];

		seq_printf(m, "VF%u ggtt %#llx+%#llx lmem %#llx ctx %u+%u db %u+%u\n",
			   vfid, c->ggtt_start, c->ggtt_size, c->lmem_size,
			   c->begin_ctx, c->num_ctxs, c->begin_db, c->num_dbs);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xepf_debugfs_config);

static int xepf_debugfs_ggtt_start_get(void *data, u64 *val)
{
	const struct xepf_debugfs_vf_file *f = data;

	guard(mutex)(&f->pf->lock);
	*val = f->pf->ggtt_override[f->vfid - 1];
	return 0;
}

static int xepf_debugfs_ggtt_start_set(void *data, u64 val)
{
	const struct xepf_debugfs_vf_file *f = data;

	return xepf_pf_set_ggtt_start(f->pf, f->vfid, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(xepf_debugfs_ggtt_start_fops, xepf_debugfs_ggtt_start_get,
			 xepf_debugfs_ggtt_start_set, "0x%016llx\n");

static int xepf_debugfs_state_show(struct seq_file *m, void *data)
{
	const struct xepf_debugfs_vf_file *f = m->private;
	char buf[512];

	if (xepf_sriov_control_state_str(&f->pf->ctl, f->vfid, buf, sizeof(buf)) < 0)
		return -EINVAL;
	seq_printf(m, "%s\n", buf);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xepf_debugfs_state);

static ssize_t xepf_debugfs_control_write(struct file *file,
					  const char __user *ubuf, size_t count,
					  loff_t *ppos)
{
	const struct xepf_debugfs_vf_file *f = file_inode(file)->i_private;
	char verb[16];
	int err;

	if (!count || count >= sizeof(verb))
		return -EINVAL;
	if (copy_from_user(verb, ubuf, count))
		return -EFAULT;
	verb[count] = 0;
	err = xepf_pf_control_verb(f->pf, f->vfid, verb);
	return err ?: count;
}

static const struct file_operations xepf_debugfs_control_fops = {
	.owner = THIS_MODULE,
	.write = xepf_debugfs_control_write,
};

/**
 * struct xepf_debugfs_mig_file - An open debugfs ``save`` or ``restore`` file.
 * @pf: the PF, referenced while the file is open.
 * @vfid: the VF.
 * @owner: the file's hold on the VF's stream.
 */
struct xepf_debugfs_mig_file {
	struct xepf_pf *pf;
	unsigned int vfid;
	struct xepf_mig_owner owner;
};

static int xepf_debugfs_mig_open(struct inode *inode, struct file *file,
				 bool restore)
{
	const struct xepf_debugfs_vf_file *f = inode->i_private;
	struct xepf_debugfs_mig_file *mf;
	int err;

	mf = kzalloc(sizeof(*mf), GFP_KERNEL);
	if (!mf)
		return -ENOMEM;
	mf->pf = f->pf;
	mf->vfid = f->vfid;
	err = restore ? xepf_sriov_migration_restore_begin(mf->pf, mf->vfid, &mf->owner) :
			xepf_sriov_migration_save_begin(mf->pf, mf->vfid, &mf->owner);
	if (err) {
		kfree(mf);
		return err;
	}
	xepf_pf_get(mf->pf);
	file->private_data = mf;
	return nonseekable_open(inode, file);
}

static int xepf_debugfs_save_open(struct inode *inode, struct file *file)
{
	return xepf_debugfs_mig_open(inode, file, false);
}

static ssize_t xepf_debugfs_save_read(struct file *file, char __user *ubuf,
				      size_t count, loff_t *ppos)
{
	struct xepf_debugfs_mig_file *mf = file->private_data;

	return xepf_sriov_migration_save_read_user(mf->pf, mf->vfid, &mf->owner, ubuf,
						   count, file->f_flags & O_NONBLOCK);
}

static int xepf_debugfs_save_release(struct inode *inode, struct file *file)
{
	struct xepf_debugfs_mig_file *mf = file->private_data;
	struct xepf_pf *pf = mf->pf;

	/* after the PF's removal the stream is gone and this does nothing */
	xepf_sriov_migration_save_end(pf, mf->vfid, &mf->owner);
	kfree(mf);
	xepf_pf_put(pf);
	return 0;
}

static const struct file_operations xepf_debugfs_save_fops = {
	.owner = THIS_MODULE,
	.open = xepf_debugfs_save_open,
	.read = xepf_debugfs_save_read,
	.release = xepf_debugfs_save_release,
};

static int xepf_debugfs_restore_open(struct inode *inode, struct file *file)
{
	return xepf_debugfs_mig_open(inode, file, true);
}

static ssize_t xepf_debugfs_restore_write(struct file *file,
					  const char __user *ubuf, size_t count,
					  loff_t *ppos)
{
	struct xepf_debugfs_mig_file *mf = file->private_data;

	return xepf_sriov_migration_restore_write_user(mf->pf, mf->vfid, &mf->owner,
						       ubuf, count);
}

static int xepf_debugfs_restore_release(struct inode *inode, struct file *file)
{
	struct xepf_debugfs_mig_file *mf = file->private_data;
	struct xepf_pf *pf = mf->pf;

	/* the outcome is logged and shown in the VF's state */
	xepf_sriov_migration_restore_end(pf, mf->vfid, &mf->owner);
	kfree(mf);
	xepf_pf_put(pf);
	return 0;
}

static const struct file_operations xepf_debugfs_restore_fops = {
	.owner = THIS_MODULE,
	.open = xepf_debugfs_restore_open,
	.write = xepf_debugfs_restore_write,
	.release = xepf_debugfs_restore_release,
};

static int xepf_debugfs_migration_size_show(struct seq_file *m, void *data)
{
	const struct xepf_debugfs_vf_file *f = m->private;
	u64 size;
	int err;

	err = xepf_sriov_migration_size(f->pf, f->vfid, &size);
	if (err)
		return err;
	seq_printf(m, "%llu\n", size);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xepf_debugfs_migration_size);

static int xepf_debugfs_migration_stats_show(struct seq_file *m, void *data)
{
	const struct xepf_debugfs_vf_file *f = m->private;
	struct xepf_mig_stats save, restore;
	int err;

	err = xepf_sriov_migration_stats(f->pf, f->vfid, &save, &restore);
	if (err)
		return err;
	seq_printf(m, "save bytes %llu produce_us %llu wait_us %llu\n", save.bytes,
		   div_u64(save.produce_ns, NSEC_PER_USEC),
		   div_u64(save.wait_ns, NSEC_PER_USEC));
	seq_printf(m, "restore bytes %llu apply_us %llu\n", restore.bytes,
		   div_u64(restore.apply_ns, NSEC_PER_USEC));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xepf_debugfs_migration_stats);

/**
 * xepf_debugfs_register() - Create a PF's debugfs files.
 * @pf: the PF, being probed.
 *
 * Context: process context.
 */
void xepf_debugfs_register(struct xepf_pf *pf)
{
	char name[16];
	unsigned int vfid;
	struct dentry *vf;

	pf->debugfs = debugfs_create_dir(dev_name(pf->dev), xepf_debugfs_root);
	debugfs_create_file("config", 0400, pf->debugfs, pf,
			    &xepf_debugfs_config_fops);
	for (vfid = 1; vfid <= pf->info.total_vfs; vfid++) {
		snprintf(name, sizeof(name), "vf%u", vfid);
		vf = debugfs_create_dir(name, pf->debugfs);
		pf->vf_files[vfid - 1] = (struct xepf_debugfs_vf_file) {
			.pf = pf, .vfid = vfid,
		};
		debugfs_create_file_unsafe("ggtt_start", 0600, vf,
					   &pf->vf_files[vfid - 1],
					   &xepf_debugfs_ggtt_start_fops);
		debugfs_create_file("state", 0400, vf, &pf->vf_files[vfid - 1],
				    &xepf_debugfs_state_fops);
		debugfs_create_file("control", 0200, vf,
				    &pf->vf_files[vfid - 1],
				    &xepf_debugfs_control_fops);
		debugfs_create_file("save", 0400, vf, &pf->vf_files[vfid - 1],
				    &xepf_debugfs_save_fops);
		debugfs_create_file("restore", 0200, vf,
				    &pf->vf_files[vfid - 1],
				    &xepf_debugfs_restore_fops);
		debugfs_create_file("migration_size", 0400, vf,
				    &pf->vf_files[vfid - 1],
				    &xepf_debugfs_migration_size_fops);
		debugfs_create_file("migration_stats", 0400, vf,
				    &pf->vf_files[vfid - 1],
				    &xepf_debugfs_migration_stats_fops);
	}
}

/**
 * xepf_debugfs_unregister() - Remove a PF's debugfs files.
 * @pf: the PF, being removed.
 *
 * Open ``save`` and ``restore`` files keep the PF's memory
 * (xepf_pf_get()) and act on nothing once the PF's streams are gone.
 *
 * Context: process context.
 */
void xepf_debugfs_unregister(struct xepf_pf *pf)
{
	debugfs_remove_recursive(pf->debugfs);
}

/**
 * xepf_debugfs_init() - Create the driver's debugfs directory, ``xepf``.
 *
 * Context: module init.
 */
void xepf_debugfs_init(void)
{
	xepf_debugfs_root = debugfs_create_dir("xepf", NULL);
}

/**
 * xepf_debugfs_fini() - Remove the driver's debugfs directory.
 *
 * Context: module exit, once every PF is unbound.
 */
void xepf_debugfs_fini(void)
{
	debugfs_remove_recursive(xepf_debugfs_root);
}
