// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VFIO migration state machine and its data files,
 * against a fake PF that logs every call and fails the ones it is told to.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mman.h>
#include <linux/poll.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "xevfio_main.h"
#include "xevfio_main_types.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define XEVFIO_TEST_STREAM	1000
#define XEVFIO_TEST_ESTIMATE	4096

enum xevfio_fake_call {
	FAKE_SUSPEND,
	FAKE_RESUME,
	FAKE_SAVE_ENTER,
	FAKE_SAVE_EXIT,
	FAKE_SIZE,
	FAKE_RESTORE_ENTER,
	FAKE_RESTORE_EXIT,
	FAKE_READ,
	FAKE_WRITE,
	FAKE_ERROR,
	FAKE_RESET,
	FAKE_WAIT_FLR,
	FAKE_NR_CALLS,
};

static const char *const xevfio_fake_names[FAKE_NR_CALLS] = {
	[FAKE_SUSPEND] = "suspend",
	[FAKE_RESUME] = "resume",
	[FAKE_SAVE_ENTER] = "save_enter",
	[FAKE_SAVE_EXIT] = "save_exit",
	[FAKE_SIZE] = "size",
	[FAKE_RESTORE_ENTER] = "restore_enter",
	[FAKE_RESTORE_EXIT] = "restore_exit",
	[FAKE_READ] = "read",
	[FAKE_WRITE] = "write",
	[FAKE_ERROR] = "error",
	[FAKE_RESET] = "reset",
	[FAKE_WAIT_FLR] = "wait_flr",
};

/* The fake PF: a save stream of XEVFIO_TEST_STREAM bytes (i & 0xff). */
struct xevfio_fake {
	struct xevfio_vf xvf;
	char log[256];
	unsigned long fail;
	size_t produced;
	size_t consumed;
	bool save_open;
	bool restore_open;
	bool paused;
	enum xevfio_fake_call reset_in;
	int reset_ret;
	/* a read that stays in the PF while another thread works the device */
	bool read_block;
	struct completion read_entered;
	struct completion observed;
	bool observed_late;
	struct completion observer_done;
	struct task_struct *observer;
	enum vfio_device_mig_state seen;
	int stop_ret;
	/* what the PF has ready; the nonblock flag of the last read */
	bool empty;
	bool nonblock;
};

static struct xevfio_fake *to_fake(struct xevfio_vf *xvf)
{
	return container_of(xvf, struct xevfio_fake, xvf);
}

/* log the call; return -EIO when it is armed to fail */
static int xevfio_fake_call(struct xevfio_vf *xvf, enum xevfio_fake_call c)
{
	struct xevfio_fake *fake = to_fake(xvf);

	if (fake->log[0])
		strlcat(fake->log, " ", sizeof(fake->log));
	strlcat(fake->log, xevfio_fake_names[c], sizeof(fake->log));
	if (fake->reset_in == c) {
		/* another thread resets the device while this call runs */
		fake->reset_in = FAKE_NR_CALLS;
		fake->reset_ret = xvf->vdev.ops->ioctl(&xvf->vdev,
						       VFIO_DEVICE_RESET, 0);
	}
	return test_and_clear_bit(c, &fake->fail) ? -EIO : 0;
}

/* the PF pauses after the call: a reset from inside it came first */
static int xevfio_fake_suspend(struct xevfio_vf *xvf)
{
	int ret = xevfio_fake_call(xvf, FAKE_SUSPEND);

	if (!ret)
		to_fake(xvf)->paused = true;
	return ret;
}

static int xevfio_fake_resume(struct xevfio_vf *xvf)
{
	int ret = xevfio_fake_call(xvf, FAKE_RESUME);

	if (!ret)
		to_fake(xvf)->paused = false;
	return ret;
}

static int xevfio_fake_save_enter(struct xevfio_vf *xvf)
{
	int ret = xevfio_fake_call(xvf, FAKE_SAVE_ENTER);

	if (!ret) {
		to_fake(xvf)->save_open = true;
		to_fake(xvf)->produced = 0;
	}
	return ret;
}

static int xevfio_fake_save_exit(struct xevfio_vf *xvf)
{
	to_fake(xvf)->save_open = false;
	return xevfio_fake_call(xvf, FAKE_SAVE_EXIT);
}

static int xevfio_fake_size(struct xevfio_vf *xvf, u64 *size)
{
	*size = XEVFIO_TEST_ESTIMATE;
	return xevfio_fake_call(xvf, FAKE_SIZE);
}

static int xevfio_fake_restore_enter(struct xevfio_vf *xvf)
{
	int ret = xevfio_fake_call(xvf, FAKE_RESTORE_ENTER);

	if (!ret) {
		to_fake(xvf)->restore_open = true;
		to_fake(xvf)->consumed = 0;
	}
	return ret;
}

static int xevfio_fake_restore_exit(struct xevfio_vf *xvf)
{
	to_fake(xvf)->restore_open = false;
	return xevfio_fake_call(xvf, FAKE_RESTORE_EXIT);
}

static ssize_t xevfio_fake_read(struct xevfio_vf *xvf, char __user *buf,
				size_t len, bool nonblock)
{
	struct xevfio_fake *fake = to_fake(xvf);
	size_t i, n;
	int ret;

	ret = xevfio_fake_call(xvf, FAKE_READ);
	if (ret)
		return ret;
	fake->nonblock = nonblock;
	if (fake->empty)
		return nonblock ? -EAGAIN : -EINTR;
	if (fake->read_block) {
		/*
		 * Still producing: let the other thread in, and return only
		 * once its STOP waits for this read (it sleeps on the file's
		 * lock, the only place it can sleep); poll off the CPU, so
		 * that it stops spinning on the lock's owner.
		 */
		fake->read_block = false;
		complete(&fake->read_entered);
		fake->observed_late =
			!wait_for_completion_timeout(&fake->observed, 5 * HZ);
		for (i = 0; i < 100000 && !fake->observed_late &&
		     READ_ONCE(fake->observer->__state) != TASK_UNINTERRUPTIBLE; i++)
			usleep_range(50, 100);
	}
	if (!fake->save_open)
		return -ENODEV;
	n = min(len, XEVFIO_TEST_STREAM - fake->produced);
	for (i = 0; i < n; i++) {
		u8 b = (fake->produced + i) & 0xff;

		if (put_user(b, buf + i))
			return -EFAULT;
	}
	fake->produced += n;
	return n;
}

static ssize_t xevfio_fake_write(struct xevfio_vf *xvf, const char __user *buf,
				 size_t len)
{
	struct xevfio_fake *fake = to_fake(xvf);
	int ret;

	ret = xevfio_fake_call(xvf, FAKE_WRITE);
	if (ret)
		return ret;
	if (!fake->restore_open)
		return -ENODEV;
	fake->consumed += len;
	return len;
}

static bool xevfio_fake_ready(struct xevfio_vf *xvf)
{
	return !to_fake(xvf)->empty;
}

static void xevfio_fake_error(struct xevfio_vf *xvf)
{
	to_fake(xvf)->save_open = false;
	to_fake(xvf)->restore_open = false;
	xevfio_fake_call(xvf, FAKE_ERROR);
}

/* a failed FLR changes nothing */
static int xevfio_fake_reset(struct xevfio_vf *xvf)
{
	int ret = xevfio_fake_call(xvf, FAKE_RESET);

	if (!ret) {
		to_fake(xvf)->save_open = false;
		to_fake(xvf)->restore_open = false;
		to_fake(xvf)->paused = false;
	}
	return ret;
}

static int xevfio_fake_wait_flr(struct xevfio_vf *xvf)
{
	return xevfio_fake_call(xvf, FAKE_WAIT_FLR);
}

static const struct xevfio_pf_ops xevfio_fake_ops = {
	.suspend = xevfio_fake_suspend,
	.resume = xevfio_fake_resume,
	.stop_copy_enter = xevfio_fake_save_enter,
	.stop_copy_exit = xevfio_fake_save_exit,
	.stop_copy_size = xevfio_fake_size,
	.resume_data_enter = xevfio_fake_restore_enter,
	.resume_data_exit = xevfio_fake_restore_exit,
	.data_read = xevfio_fake_read,
	.data_ready = xevfio_fake_ready,
	.data_write = xevfio_fake_write,
	.error = xevfio_fake_error,
	.reset = xevfio_fake_reset,
	.wait_flr_done = xevfio_fake_wait_flr,
};

static void xevfio_test_put(void *data)
{
	vfio_put_device(data);
}

static void xevfio_test_flush(void *data)
{
	flush_delayed_fput();
}

static void xevfio_test_close(void *data)
{
	struct vfio_device *vdev = data;

	vdev->ops->close_device(vdev);
}

/*
 * A fake-backed VFIO device, opened (RUNNING), with an empty log. At the
 * end of the test it is closed (as the VFIO core does before the release),
 * the files it dropped are released, and it is freed.
 */
static struct xevfio_fake *xevfio_test_fake(struct kunit *test)
{
	static atomic_t xevfio_test_devs = ATOMIC_INIT(0);
	struct xevfio_fake *fake;
	struct xevfio_vf *xvf;
	struct device *dev;
	char name[32];

	snprintf(name, sizeof(name), "xevfio-test%d",
		 atomic_inc_return(&xevfio_test_devs));
	dev = kunit_device_register(test, name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	xvf = xevfio_main_vf_alloc(dev, NULL, &xevfio_fake_ops, sizeof(*fake));
	KUNIT_ASSERT_FALSE(test, IS_ERR(xvf));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevfio_test_put,
							&xvf->vdev), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevfio_test_flush,
							NULL), 0);
	KUNIT_ASSERT_EQ(test, xvf->vdev.migration_flags,
			VFIO_MIGRATION_STOP_COPY | VFIO_MIGRATION_P2P);
	KUNIT_ASSERT_EQ(test, xvf->vdev.ops->open_device(&xvf->vdev), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, xevfio_test_close,
							&xvf->vdev), 0);
	fake = to_fake(xvf);
	fake->reset_in = FAKE_NR_CALLS;
	KUNIT_EXPECT_STREQ(test, fake->log, "wait_flr");
	fake->log[0] = '\0';
	return fake;
}

static enum vfio_device_mig_state xevfio_test_state(struct xevfio_fake *fake)
{
	enum vfio_device_mig_state state = VFIO_DEVICE_STATE_ERROR;
	struct vfio_device *vdev = &fake->xvf.vdev;

	vdev->mig_ops->migration_get_state(vdev, &state);
	return state;
}

/* request @state; returns the file or ERR_PTR, NULL-safe to drop */
static struct file *xevfio_test_set(struct xevfio_fake *fake,
				    enum vfio_device_mig_state state)
{
	struct vfio_device *vdev = &fake->xvf.vdev;

	return vdev->mig_ops->migration_set_state(vdev, state);
}

static void xevfio_test_drop(struct file *filp)
{
	if (!IS_ERR_OR_NULL(filp))
		__fput_sync(filp);
}

/* reach @state from RUNNING, forget the calls it took */
static void xevfio_test_reach(struct kunit *test, struct xevfio_fake *fake,
			      enum vfio_device_mig_state state)
{
	struct file *filp = xevfio_test_set(fake, state);

	KUNIT_ASSERT_FALSE(test, IS_ERR(filp));
	xevfio_test_drop(filp);
	KUNIT_ASSERT_EQ(test, xevfio_test_state(fake), state);
	fake->log[0] = '\0';
}

struct xevfio_test_arc {
	enum vfio_device_mig_state from;
	enum vfio_device_mig_state to;
	const char *calls;
	bool file;
	enum xevfio_fake_call fail;
};

static const struct xevfio_test_arc xevfio_test_arcs[] = {
	{ VFIO_DEVICE_STATE_RUNNING, VFIO_DEVICE_STATE_RUNNING_P2P,
	  "suspend", false, FAKE_SUSPEND },
	{ VFIO_DEVICE_STATE_RUNNING_P2P, VFIO_DEVICE_STATE_RUNNING,
	  "resume", false, FAKE_RESUME },
	{ VFIO_DEVICE_STATE_RUNNING_P2P, VFIO_DEVICE_STATE_STOP,
	  "", false, FAKE_NR_CALLS },
	{ VFIO_DEVICE_STATE_STOP, VFIO_DEVICE_STATE_RUNNING_P2P,
	  "", false, FAKE_NR_CALLS },
	{ VFIO_DEVICE_STATE_STOP, VFIO_DEVICE_STATE_STOP_COPY,
	  "save_enter", true, FAKE_SAVE_ENTER },
	{ VFIO_DEVICE_STATE_STOP_COPY, VFIO_DEVICE_STATE_STOP,
	  "save_exit", false, FAKE_SAVE_EXIT },
	{ VFIO_DEVICE_STATE_STOP, VFIO_DEVICE_STATE_RESUMING,
	  "restore_enter", true, FAKE_RESTORE_ENTER },
	{ VFIO_DEVICE_STATE_RESUMING, VFIO_DEVICE_STATE_STOP,
	  "restore_exit", false, FAKE_RESTORE_EXIT },
};

static void xevfio_test_arc_desc(const struct xevfio_test_arc *arc,
				 char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u->%u", arc->from, arc->to);
}

KUNIT_ARRAY_PARAM(xevfio_test_arc, xevfio_test_arcs, xevfio_test_arc_desc);

/* the arcs that make a PF call, which can fail */
static const void *xevfio_test_fail_gen_params(const void *prev, char *desc)
{
	const struct xevfio_test_arc *arc = prev;

	do {
		arc = xevfio_test_arc_gen_params(arc, desc);
	} while (arc && arc->fail == FAKE_NR_CALLS);
	return arc;
}

/* every arc of the device takes exactly its PF call and lands */
static void xevfio_test_legal_arc(struct kunit *test)
{
	const struct xevfio_test_arc *arc = test->param_value;
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct file *filp;

	xevfio_test_reach(test, fake, arc->from);
	filp = xevfio_test_set(fake, arc->to);
	KUNIT_ASSERT_FALSE(test, IS_ERR(filp));
	KUNIT_EXPECT_EQ(test, !!filp, arc->file);
	KUNIT_EXPECT_STREQ(test, fake->log, arc->calls);
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake), arc->to);
	if (filp) {
		KUNIT_EXPECT_EQ(test, !!(filp->f_mode & FMODE_READ),
				arc->to == VFIO_DEVICE_STATE_STOP_COPY);
		KUNIT_EXPECT_EQ(test, !!(filp->f_mode & FMODE_WRITE),
				arc->to == VFIO_DEVICE_STATE_RESUMING);
		KUNIT_EXPECT_TRUE(test, filp->f_mode & FMODE_STREAM);
	}
	xevfio_test_drop(filp);
}

/* a failed arc puts the device in ERROR; only a reset leaves it */
static void xevfio_test_arc_failure(struct kunit *test)
{
	const struct xevfio_test_arc *arc = test->param_value;
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct file *filp;
	char want[64];

	xevfio_test_reach(test, fake, arc->from);
	set_bit(arc->fail, &fake->fail);
	filp = xevfio_test_set(fake, arc->to);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(filp), -EIO);
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake), VFIO_DEVICE_STATE_ERROR);
	snprintf(want, sizeof(want), "%s error", arc->calls);
	KUNIT_EXPECT_STREQ(test, fake->log, want);

	fake->log[0] = '\0';
	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(filp), -EIO);
	KUNIT_EXPECT_STREQ(test, fake->log, "");

	KUNIT_EXPECT_EQ(test, fake->xvf.vdev.ops->ioctl(&fake->xvf.vdev,
							VFIO_DEVICE_RESET, 0),
			0);
	KUNIT_EXPECT_STREQ(test, fake->log, "reset");
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake),
			VFIO_DEVICE_STATE_RUNNING);
	fake->log[0] = '\0';
	xevfio_test_reach(test, fake, arc->to);
}

/* requests combine arcs in the core's order */
static void xevfio_test_paths(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct file *filp;

	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	xevfio_test_drop(filp);
	KUNIT_EXPECT_STREQ(test, fake->log, "suspend save_enter");

	fake->log[0] = '\0';
	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	xevfio_test_drop(filp);
	KUNIT_EXPECT_STREQ(test, fake->log, "save_exit restore_enter");

	fake->log[0] = '\0';
	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_NULL(test, filp);
	KUNIT_EXPECT_STREQ(test, fake->log, "restore_exit resume");
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake),
			VFIO_DEVICE_STATE_RUNNING);
}

static const enum vfio_device_mig_state xevfio_test_supported[] = {
	VFIO_DEVICE_STATE_RUNNING, VFIO_DEVICE_STATE_RUNNING_P2P,
	VFIO_DEVICE_STATE_STOP, VFIO_DEVICE_STATE_STOP_COPY,
	VFIO_DEVICE_STATE_RESUMING,
};

/* unsupported or unknown targets are refused and change nothing */
static void xevfio_test_refused_requests(struct kunit *test)
{
	static const u32 bad[] = {
		VFIO_DEVICE_STATE_PRE_COPY, VFIO_DEVICE_STATE_PRE_COPY_P2P,
		VFIO_DEVICE_STATE_ERROR, VFIO_DEVICE_STATE_PRE_COPY_P2P + 1,
		0xffffffff,
	};
	int i, j;

	for (i = 0; i < ARRAY_SIZE(xevfio_test_supported); i++) {
		enum vfio_device_mig_state from = xevfio_test_supported[i];
		struct xevfio_fake *fake = xevfio_test_fake(test);

		xevfio_test_reach(test, fake, from);
		for (j = 0; j < ARRAY_SIZE(bad); j++) {
			struct file *filp = xevfio_test_set(fake, bad[j]);

			KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(filp), -EINVAL,
					    "%u -> %u", from, bad[j]);
			KUNIT_EXPECT_EQ(test, xevfio_test_state(fake), from);
			KUNIT_EXPECT_STREQ(test, fake->log, "");
		}
	}
}

static bool xevfio_test_is_arc(enum vfio_device_mig_state from,
			       enum vfio_device_mig_state to)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(xevfio_test_arcs); i++)
		if (xevfio_test_arcs[i].from == from &&
		    xevfio_test_arcs[i].to == to)
			return true;
	return false;
}

/* every arc but the device's own is refused without a PF call */
static void xevfio_test_illegal_arcs(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct xevfio_vf *xvf = &fake->xvf;
	u32 from, to;
	int checked = 0;

	for (from = VFIO_DEVICE_STATE_ERROR;
	     from <= VFIO_DEVICE_STATE_PRE_COPY_P2P; from++) {
		for (to = VFIO_DEVICE_STATE_ERROR;
		     to <= VFIO_DEVICE_STATE_PRE_COPY_P2P; to++) {
			struct file *filp;

			if (xevfio_test_is_arc(from, to))
				continue;
			mutex_lock(&xvf->state_mutex);
			xvf->mig_state = from;
			filp = xevfio_main_mig_step(xvf, to);
			xvf->mig_state = VFIO_DEVICE_STATE_RUNNING;
			mutex_unlock(&xvf->state_mutex);
			KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(filp), -EINVAL,
					    "arc %u -> %u", from, to);
			xevfio_test_drop(filp);
			KUNIT_EXPECT_STREQ(test, fake->log, "");
			checked++;
		}
	}
	KUNIT_EXPECT_EQ(test, checked, 8 * 8 - 8);
}

/* read the save file into @ubuf; returns bytes or the first error */
static ssize_t xevfio_test_read(struct file *filp, char __user *ubuf,
				size_t chunk, size_t max)
{
	ssize_t got = 0, n;

	do {
		n = filp->f_op->read(filp, ubuf + got, min(chunk, max - got),
				     NULL);
		if (n < 0)
			return n;
		got += n;
	} while (n && got < max);
	return got;
}

static char __user *xevfio_test_ubuf(struct kunit *test, size_t len)
{
	unsigned long addr;

	addr = kunit_vm_mmap(test, NULL, 0, len, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, addr, 0, "no user memory");
	return (char __user *)addr;
}

/* the save file streams the PF's bytes to their end, then is cut off */
static void xevfio_test_save_file(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	char __user *ubuf = xevfio_test_ubuf(test, PAGE_SIZE);
	u8 *kbuf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct file *filp, *next;
	loff_t pos = 0;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, kbuf);
	xevfio_test_reach(test, fake, VFIO_DEVICE_STATE_STOP);
	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	KUNIT_EXPECT_NULL(test, filp->f_op->write);
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 16, &pos),
			-ESPIPE);

	KUNIT_EXPECT_EQ(test, xevfio_test_read(filp, ubuf, 333, PAGE_SIZE),
			XEVFIO_TEST_STREAM);
	KUNIT_ASSERT_EQ(test, copy_from_user(kbuf, ubuf, XEVFIO_TEST_STREAM),
			0);
	for (i = 0; i < XEVFIO_TEST_STREAM; i++)
		if (kbuf[i] != (i & 0xff))
			break;
	KUNIT_EXPECT_EQ(test, i, XEVFIO_TEST_STREAM);
	KUNIT_EXPECT_EQ(test, filp->f_pos, XEVFIO_TEST_STREAM);
	/* at the end of the stream, without asking the PF again */
	fake->log[0] = '\0';
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 16, NULL), 0);
	KUNIT_EXPECT_STREQ(test, fake->log, "");

	next = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP);
	KUNIT_EXPECT_NULL(test, next);
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 16, NULL), -ENODEV);
	KUNIT_EXPECT_STREQ(test, fake->log, "save_exit");
	xevfio_test_drop(filp);
}

/* a position that is not the stream's is refused and harms nothing */
static void xevfio_test_save_position(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	char __user *ubuf = xevfio_test_ubuf(test, PAGE_SIZE);
	struct file *filp;

	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 100, NULL), 100);
	filp->f_pos = 0;
	fake->log[0] = '\0';
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 100, NULL), -EINVAL);
	KUNIT_EXPECT_STREQ(test, fake->log, "");
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake),
			VFIO_DEVICE_STATE_STOP_COPY);
	filp->f_pos = 100;
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 100, NULL), 100);
	xevfio_test_drop(filp);
}

/*
 * A failed read fails the stream for good but not the device: the source
 * goes back to RUNNING without a reset (its guest keeps running).
 */
static void xevfio_test_save_read_failure(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	char __user *ubuf = xevfio_test_ubuf(test, PAGE_SIZE);
	struct file *filp, *none;

	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	set_bit(FAKE_READ, &fake->fail);
	fake->log[0] = '\0';
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 100, NULL), -EIO);
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 100, NULL), -EIO);
	KUNIT_EXPECT_STREQ(test, fake->log, "read");
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake), VFIO_DEVICE_STATE_STOP_COPY);
	clear_bit(FAKE_READ, &fake->fail);
	none = xevfio_test_set(fake, VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_NULL(test, none);
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake), VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_STREQ(test, fake->log, "read save_exit resume");
	KUNIT_EXPECT_FALSE(test, fake->save_open);
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 100, NULL), -ENODEV);
	xevfio_test_drop(filp);
}

/* the restore file takes writes until RESUMING ends */
static void xevfio_test_restore_file(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	char __user *ubuf = xevfio_test_ubuf(test, PAGE_SIZE);
	struct file *filp;
	loff_t pos = 0;

	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	KUNIT_EXPECT_NULL(test, filp->f_op->read);
	KUNIT_EXPECT_EQ(test, filp->f_op->write(filp, ubuf, 16, &pos), -ESPIPE);
	KUNIT_EXPECT_EQ(test, filp->f_op->write(filp, ubuf, 300, NULL), 300);
	KUNIT_EXPECT_EQ(test, filp->f_op->write(filp, ubuf, 700, NULL), 700);
	KUNIT_EXPECT_EQ(test, fake->consumed, 1000);
	KUNIT_EXPECT_EQ(test, filp->f_pos, 1000);
	/* a position that is not the stream's is refused without the PF */
	filp->f_pos = 999;
	fake->log[0] = '\0';
	KUNIT_EXPECT_EQ(test, filp->f_op->write(filp, ubuf, 10, NULL), -EINVAL);
	KUNIT_EXPECT_STREQ(test, fake->log, "");
	KUNIT_EXPECT_EQ(test, fake->consumed, 1000);
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake),
			VFIO_DEVICE_STATE_RESUMING);
	filp->f_pos = 1000;

	set_bit(FAKE_WRITE, &fake->fail);
	KUNIT_EXPECT_EQ(test, filp->f_op->write(filp, ubuf, 10, NULL), -EIO);
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake), VFIO_DEVICE_STATE_ERROR);
	KUNIT_EXPECT_EQ(test, filp->f_op->write(filp, ubuf, 10, NULL), -ENODEV);
	KUNIT_EXPECT_FALSE(test, fake->restore_open);
	xevfio_test_drop(filp);
}

/*
 * The other thread of xevfio_test_blocked_read(): while the read is in the
 * PF, query the state, then leave STOP_COPY.
 */
static int xevfio_test_observer(void *data)
{
	struct xevfio_fake *fake = data;

	fake->seen = VFIO_DEVICE_STATE_ERROR;
	if (wait_for_completion_timeout(&fake->read_entered, 10 * HZ)) {
		struct file *filp;

		fake->seen = xevfio_test_state(fake);
		complete(&fake->observed);
		filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP);
		fake->stop_ret = PTR_ERR_OR_ZERO(filp);
	}
	complete(&fake->observer_done);
	return 0;
}

/*
 * A read sleeps as long as the PF produces and returns its bytes; it does
 * not hold up the device's requests, and the file is disabled (the save
 * stream closed) only after it returned.
 */
static void xevfio_test_blocked_read(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	char __user *ubuf = xevfio_test_ubuf(test, PAGE_SIZE);
	struct task_struct *task;
	struct file *filp;

	init_completion(&fake->read_entered);
	init_completion(&fake->observed);
	init_completion(&fake->observer_done);
	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	fake->log[0] = '\0';
	fake->read_block = true;
	task = kthread_create(xevfio_test_observer, fake, "xevfio-test-obs");
	if (IS_ERR(task)) {
		xevfio_test_drop(filp);
		KUNIT_FAIL(test, "no observer thread: %pe", task);
		return;
	}
	get_task_struct(task);
	fake->observer = task;
	wake_up_process(task);

	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 100, NULL), 100);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&fake->observer_done,
							  10 * HZ), 0);
	put_task_struct(task);
	KUNIT_EXPECT_FALSE_MSG(test, fake->observed_late,
			       "the state query waited for the read");
	KUNIT_EXPECT_EQ(test, fake->seen, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_EXPECT_EQ(test, fake->stop_ret, 0);
	KUNIT_EXPECT_STREQ(test, fake->log, "read save_exit");
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake), VFIO_DEVICE_STATE_STOP);
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 16, NULL), -ENODEV);
	xevfio_test_drop(filp);
}

/* MIG_DATA_SIZE is the PF's estimate, and fails in ERROR */
static void xevfio_test_data_size(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct vfio_device *vdev = &fake->xvf.vdev;
	unsigned long len = 0;

	KUNIT_EXPECT_EQ(test, vdev->mig_ops->migration_get_data_size(vdev,
								     &len), 0);
	KUNIT_EXPECT_EQ(test, len, XEVFIO_TEST_ESTIMATE);
	set_bit(FAKE_SUSPEND, &fake->fail);
	xevfio_test_drop(xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP));
	fake->log[0] = '\0';
	KUNIT_EXPECT_EQ(test, vdev->mig_ops->migration_get_data_size(vdev,
								     &len),
			-EIO);
	KUNIT_EXPECT_STREQ(test, fake->log, "");
}

/*
 * A reset that comes while a state change holds state_mutex (here: from
 * inside the PF's pause, which lands after the FLR) is carried out when
 * the change releases it: RUNNING, and the PF's VF running too.
 */
static void xevfio_test_deferred_reset(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct xevfio_vf *xvf = &fake->xvf;
	struct file *filp;

	fake->reset_in = FAKE_SUSPEND;
	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP);
	KUNIT_EXPECT_NULL(test, filp);
	KUNIT_EXPECT_EQ(test, fake->reset_ret, 0);
	KUNIT_EXPECT_STREQ(test, fake->log, "suspend reset reset");
	KUNIT_EXPECT_FALSE(test, xvf->deferred_reset);
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake),
			VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_FALSE(test, fake->paused);
}

/*
 * A deferred reset ends a PF stream opened after its FLR (the save opened
 * from inside the reset's window).
 */
static void xevfio_test_deferred_reset_stream(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct file *filp;

	fake->reset_in = FAKE_SAVE_ENTER;
	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(filp));
	xevfio_test_drop(filp);
	KUNIT_EXPECT_EQ(test, fake->reset_ret, 0);
	KUNIT_EXPECT_STREQ(test, fake->log, "suspend save_enter reset reset");
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake),
			VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_FALSE(test, fake->save_open);
	KUNIT_EXPECT_FALSE(test, fake->paused);
}

/* a reset at close that fails still ends the PF stream */
static void xevfio_test_close_failed_reset(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct vfio_device *vdev = &fake->xvf.vdev;
	struct file *filp;

	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	fake->log[0] = '\0';
	set_bit(FAKE_RESET, &fake->fail);
	vdev->ops->close_device(vdev);
	KUNIT_EXPECT_STREQ(test, fake->log, "reset error");
	KUNIT_EXPECT_FALSE(test, fake->save_open);
	xevfio_test_drop(filp);
	KUNIT_ASSERT_EQ(test, vdev->ops->open_device(vdev), 0);
}

/* a reset cuts off the data file and returns to RUNNING */
static void xevfio_test_reset_files(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct vfio_device *vdev = &fake->xvf.vdev;
	char __user *ubuf = xevfio_test_ubuf(test, PAGE_SIZE);
	struct file *filp;

	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 16, NULL), 16);
	fake->log[0] = '\0';
	KUNIT_EXPECT_EQ(test, vdev->ops->ioctl(vdev, VFIO_DEVICE_RESET, 0), 0);
	KUNIT_EXPECT_STREQ(test, fake->log, "reset");
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake),
			VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 16, NULL), -ENODEV);
	xevfio_test_drop(filp);

	set_bit(FAKE_RESET, &fake->fail);
	KUNIT_EXPECT_EQ(test, vdev->ops->ioctl(vdev, VFIO_DEVICE_RESET, 0),
			-EIO);
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake), VFIO_DEVICE_STATE_ERROR);
}

/* close resets a VF left out of RUNNING; open starts clean */
static void xevfio_test_close_open(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct vfio_device *vdev = &fake->xvf.vdev;
	char __user *ubuf = xevfio_test_ubuf(test, PAGE_SIZE);
	struct file *filp;

	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 100, NULL), 100);
	fake->log[0] = '\0';
	vdev->ops->close_device(vdev);
	KUNIT_EXPECT_STREQ(test, fake->log, "reset");
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 16, NULL), -ENODEV);
	xevfio_test_drop(filp);

	fake->log[0] = '\0';
	KUNIT_ASSERT_EQ(test, vdev->ops->open_device(vdev), 0);
	KUNIT_EXPECT_STREQ(test, fake->log, "wait_flr");
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake),
			VFIO_DEVICE_STATE_RUNNING);

	/* the next save streams from its first byte */
	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	KUNIT_EXPECT_EQ(test, xevfio_test_read(filp, ubuf, 4096, PAGE_SIZE),
			XEVFIO_TEST_STREAM);
	xevfio_test_drop(filp);

	xevfio_test_reach(test, fake, VFIO_DEVICE_STATE_RUNNING);
	vdev->ops->close_device(vdev);
	KUNIT_EXPECT_STREQ(test, fake->log, "");
	KUNIT_ASSERT_EQ(test, vdev->ops->open_device(vdev), 0);
}

/* whether the file's poll mask, within @mask, is @want */
static bool xevfio_test_polls(struct file *filp, __poll_t mask, __poll_t want)
{
	return (vfs_poll(filp, NULL) & mask) == want;
}

/*
 * O_NONBLOCK reaches the PF, its -EAGAIN leaves the stream alive, and
 * poll() tells when to read: the save file is readable when the PF has
 * bytes, the restore file writable, a disabled file an error.
 */
static void xevfio_test_poll_nonblock(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	char __user *ubuf = xevfio_test_ubuf(test, PAGE_SIZE);
	struct file *filp;

	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	fake->empty = true;
	KUNIT_EXPECT_TRUE(test, xevfio_test_polls(filp, EPOLLIN | EPOLLERR, 0));
	filp->f_flags |= O_NONBLOCK;
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 16, NULL),
			(ssize_t)-EAGAIN);
	KUNIT_EXPECT_TRUE(test, fake->nonblock);
	fake->empty = false;
	KUNIT_EXPECT_TRUE(test, xevfio_test_polls(filp, EPOLLIN | EPOLLRDNORM,
						  EPOLLIN | EPOLLRDNORM));
	KUNIT_EXPECT_EQ(test, filp->f_op->read(filp, ubuf, 16, NULL), 16);
	/* at the end it stays readable: the read returns 0 */
	KUNIT_EXPECT_EQ(test, xevfio_test_read(filp, ubuf, 512, PAGE_SIZE),
			XEVFIO_TEST_STREAM - 16);
	fake->empty = true;
	KUNIT_EXPECT_TRUE(test, xevfio_test_polls(filp, EPOLLIN, EPOLLIN));
	KUNIT_EXPECT_EQ(test, xevfio_test_state(fake),
			VFIO_DEVICE_STATE_STOP_COPY);
	xevfio_test_reach(test, fake, VFIO_DEVICE_STATE_STOP);
	KUNIT_EXPECT_TRUE(test, xevfio_test_polls(filp, EPOLLERR, EPOLLERR));
	xevfio_test_drop(filp);

	filp = xevfio_test_set(fake, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(filp));
	KUNIT_EXPECT_TRUE(test, xevfio_test_polls(filp, EPOLLOUT | EPOLLERR,
						  EPOLLOUT));
	xevfio_test_drop(filp);
}

/* the device is region-less and offers a reset */
static void xevfio_test_get_info(struct kunit *test)
{
	struct xevfio_fake *fake = xevfio_test_fake(test);
	struct vfio_device *vdev = &fake->xvf.vdev;
	char __user *ubuf = xevfio_test_ubuf(test, PAGE_SIZE);
	struct vfio_device_info info = { .argsz = sizeof(info) };

	KUNIT_ASSERT_EQ(test, copy_to_user(ubuf, &info, sizeof(info)), 0);
	KUNIT_ASSERT_EQ(test, vdev->ops->ioctl(vdev, VFIO_DEVICE_GET_INFO,
					       (unsigned long)ubuf), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(&info, ubuf, sizeof(info)), 0);
	KUNIT_EXPECT_EQ(test, info.flags, VFIO_DEVICE_FLAGS_RESET);
	KUNIT_EXPECT_EQ(test, info.num_regions, 0);
	KUNIT_EXPECT_EQ(test, info.num_irqs, 0);
	KUNIT_EXPECT_EQ(test, vdev->ops->ioctl(vdev, VFIO_DEVICE_GET_REGION_INFO,
					       (unsigned long)ubuf), -ENOTTY);
}

static struct kunit_case xevfio_mig_test_cases[] = {
	KUNIT_CASE_PARAM(xevfio_test_legal_arc, xevfio_test_arc_gen_params),
	KUNIT_CASE_PARAM(xevfio_test_arc_failure, xevfio_test_fail_gen_params),
	KUNIT_CASE(xevfio_test_paths),
	KUNIT_CASE(xevfio_test_refused_requests),
	KUNIT_CASE(xevfio_test_illegal_arcs),
	KUNIT_CASE(xevfio_test_save_file),
	KUNIT_CASE(xevfio_test_save_position),
	KUNIT_CASE(xevfio_test_save_read_failure),
	KUNIT_CASE(xevfio_test_blocked_read),
	KUNIT_CASE(xevfio_test_restore_file),
	KUNIT_CASE(xevfio_test_data_size),
	KUNIT_CASE(xevfio_test_deferred_reset),
	KUNIT_CASE(xevfio_test_deferred_reset_stream),
	KUNIT_CASE(xevfio_test_close_failed_reset),
	KUNIT_CASE(xevfio_test_reset_files),
	KUNIT_CASE(xevfio_test_close_open),
	KUNIT_CASE(xevfio_test_get_info),
	KUNIT_CASE(xevfio_test_poll_nonblock),
	{}
};

static struct kunit_suite xevfio_mig_test_suite = {
	.name = "xevfio_migration",
	.test_cases = xevfio_mig_test_cases,
};

kunit_test_suite(xevfio_mig_test_suite);

MODULE_DESCRIPTION("KUnit tests of the xesim VFIO variant driver");
MODULE_LICENSE("GPL");
