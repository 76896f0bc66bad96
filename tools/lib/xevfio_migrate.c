// SPDX-License-Identifier: GPL-2.0
/*
 * The VMM role of a VF live migration (see the header).
 */

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "xevfio_migrate.h"

/**
 * xevfio_now_ms() - The monotonic clock in milliseconds.
 *
 * Return: the time.
 */
double xevfio_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/**
 * xevfio_phase_name() - Name of a migration phase.
 * @phase: an &enum xevfio_phase.
 *
 * Return: the name, or "?".
 */
const char *xevfio_phase_name(int phase)
{
	static const char *const names[XEVFIO_PHASE_NR] = {
		[XEVFIO_PHASE_FREEZE] = "freeze",
		[XEVFIO_PHASE_SRC_P2P] = "src_running_p2p",
		[XEVFIO_PHASE_SRC_STOP_COPY] = "src_stop_copy",
		[XEVFIO_PHASE_DST_RESUMING] = "dst_resuming",
		[XEVFIO_PHASE_TRANSFER] = "transfer",
		[XEVFIO_PHASE_DST_STOP] = "dst_stop",
		[XEVFIO_PHASE_REATTACH] = "reattach",
		[XEVFIO_PHASE_DST_RUNNING] = "dst_running",
		[XEVFIO_PHASE_THAW] = "thaw",
		[XEVFIO_PHASE_SRC_STOP] = "src_stop",
	};

	return phase >= 0 && phase < XEVFIO_PHASE_NR ? names[phase] : "?";
}

static void xevfio_slot_path(char *buf, size_t len, int slot, const char *f)
{
	snprintf(buf, len, XEVFIO_SYSFS_BUS "/devices/xeslot%d/%s", slot, f);
}

/**
 * xevfio_slot_attached() - The VF a guest slot is attached to.
 * @slot: the slot number.
 * @gpu: the GPU number, or -1 when detached.
 * @vf: the VF number, or -1 when detached.
 *
 * Return: 0 or a negative errno (-ENOENT: no such slot).
 */
int xevfio_slot_attached(int slot, int *gpu, int *vf)
{
	char path[128], buf[64];
	int ret;

	xevfio_slot_path(path, sizeof(path), slot, "attach");
	ret = xevfio_sysfs_read(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	*gpu = -1;
	*vf = -1;
	if (sscanf(buf, "%d %d", gpu, vf) != 2) {
		*gpu = -1;
		*vf = -1;
	}
	return 0;
}

/**
 * xevfio_slot_freeze() - Freeze or thaw a guest slot.
 * @slot: the slot number.
 * @frozen: freeze (the guest's vCPUs stop) or thaw.
 *
 * Return: 0 or a negative errno.
 */
int xevfio_slot_freeze(int slot, bool frozen)
{
	char path[128];

	xevfio_slot_path(path, sizeof(path), slot, "freeze");
	return xevfio_sysfs_write(path, "%d\n", frozen);
}

/**
 * xevfio_slot_attach() - Attach a guest slot to a VF.
 * @slot: the slot number.
 * @gpu: the GPU number.
 * @vf: the VF number.
 *
 * Return: 0 or a negative errno (-EBUSY: the slot is attached and running,
 * or the VF has a slot).
 */
int xevfio_slot_attach(int slot, int gpu, int vf)
{
	char path[128];

	xevfio_slot_path(path, sizeof(path), slot, "attach");
	return xevfio_sysfs_write(path, "%d %d\n", gpu, vf);
}

/**
 * xevfio_slot_start() - Start a guest on a VF: create the slot if needed
 * and attach it.
 * @slot: the slot number.
 * @gpu: the GPU number.
 * @vf: the VF number.
 *
 * Return: 0 or a negative errno.
 */
int xevfio_slot_start(int slot, int gpu, int vf)
{
	int g, v, ret;

	ret = xevfio_slot_attached(slot, &g, &v);
	if (ret == -ENOENT)
		ret = xevfio_sysfs_write(XEVFIO_SYSFS_BUS "/new_slot", "%d\n",
					 slot);
	if (ret)
		return ret;
	return xevfio_slot_attach(slot, gpu, vf);
}

/**
 * xevfio_vf_slot() - The guest slot attached to a VF.
 * @gpu: the GPU number.
 * @vf: the VF number.
 * @slot: the slot number, or -1 when no slot is attached to the VF.
 *
 * Return: 0 or a negative errno (the bus could not be read).
 */
int xevfio_vf_slot(int gpu, int vf, int *slot)
{
	struct dirent *de;
	int s, g, v;
	DIR *d;

	*slot = -1;
	d = opendir(XEVFIO_SYSFS_BUS "/devices");
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (sscanf(de->d_name, "xeslot%d", &s) != 1 ||
		    xevfio_slot_attached(s, &g, &v))
			continue;
		if (g == gpu && v == vf) {
			*slot = s;
			break;
		}
	}
	closedir(d);
	return 0;
}

/*
 * The pipelined copy: a reader thread fills a ring of XEVFIO_COPY_BUFS
 * buffers from the source file while the calling thread writes full ones to
 * the destination, so that the source's read (the kernel producing and
 * copying out) and the destination's write (the kernel checking and
 * loading) overlap instead of adding up. Each side records the time it
 * spends in its system calls and the time it waits for the other.
 */
struct xevfio_copy {
	pthread_mutex_t lock;
	pthread_cond_t filled;		/* a buffer was filled, or the reader ended */
	pthread_cond_t drained;		/* a buffer was written, or the writer stopped */
	char *buf[XEVFIO_COPY_BUFS];
	size_t len[XEVFIO_COPY_BUFS];
	unsigned int head;		/* next buffer to write */
	unsigned int count;		/* filled buffers */
	bool eof;			/* the reader saw the end, or failed */
	bool stop;			/* the writer failed: the reader stops */
	int read_err;
	int from;
	size_t chunk;
	struct xevfio_copy_stats *st;
};

static void *xevfio_copy_reader(void *arg)
{
	struct xevfio_copy *c = arg;
	unsigned int slot;
	double t;
	ssize_t n;

	for (;;) {
		t = xevfio_now_ms();
		pthread_mutex_lock(&c->lock);
		while (c->count == XEVFIO_COPY_BUFS && !c->stop)
			pthread_cond_wait(&c->drained, &c->lock);
		slot = (c->head + c->count) % XEVFIO_COPY_BUFS;
		if (c->stop) {
			pthread_mutex_unlock(&c->lock);
			return NULL;
		}
		pthread_mutex_unlock(&c->lock);
		c->st->read_idle_ms += xevfio_now_ms() - t;

		t = xevfio_now_ms();
		n = xevfio_read_full(c->from, c->buf[slot], c->chunk);
		c->st->read_ms += xevfio_now_ms() - t;
		c->st->reads++;

		pthread_mutex_lock(&c->lock);
		if (n > 0) {
			c->len[slot] = n;
			c->count++;
		} else {
			c->read_err = n;
			c->eof = true;
		}
		pthread_cond_signal(&c->filled);
		pthread_mutex_unlock(&c->lock);
		if (n <= 0 || (size_t)n < c->chunk) {
			if (n > 0) {	/* a short read is the end of the file */
				pthread_mutex_lock(&c->lock);
				c->eof = true;
				pthread_cond_signal(&c->filled);
				pthread_mutex_unlock(&c->lock);
			}
			return NULL;
		}
	}
}

/**
 * xevfio_copy_ring_alloc() - Allocate the buffers of a pipelined copy.
 * @ring: the ring to fill in.
 * @chunk: bytes per read and per write (the size of each of the
 *         XEVFIO_COPY_BUFS buffers).
 *
 * The buffers are written once, so that their pages exist before a copy
 * uses them: a VMM sets up its migration buffers before it freezes the
 * guest, and the page faults of a first touch are not downtime.
 *
 * Return: 0 or -ENOMEM.
 */
int xevfio_copy_ring_alloc(struct xevfio_copy_ring *ring, size_t chunk)
{
	unsigned int i;

	memset(ring, 0, sizeof(*ring));
	ring->chunk = chunk;
	for (i = 0; i < XEVFIO_COPY_BUFS; i++) {
		ring->buf[i] = malloc(chunk);
		if (!ring->buf[i]) {
			xevfio_copy_ring_free(ring);
			return -ENOMEM;
		}
		memset(ring->buf[i], 0, chunk);
	}
	return 0;
}

/**
 * xevfio_copy_ring_free() - Free the buffers of a pipelined copy.
 * @ring: the ring; its buffers are NULL afterwards.
 */
void xevfio_copy_ring_free(struct xevfio_copy_ring *ring)
{
	unsigned int i;

	for (i = 0; i < XEVFIO_COPY_BUFS; i++) {
		free(ring->buf[i]);
		ring->buf[i] = NULL;
	}
}

/**
 * xevfio_copy_stream_ring() - Copy a file to another until its end, reading
 * and writing at once, through buffers allocated beforehand.
 * @from: the file read.
 * @to: the file written.
 * @ring: the buffers (xevfio_copy_ring_alloc()).
 * @st: out: bytes copied (also on failure) and where the time went.
 *
 * Return: 0 or a negative errno (of the read, else of the write).
 */
int xevfio_copy_stream_ring(int from, int to, struct xevfio_copy_ring *ring,
			    struct xevfio_copy_stats *st)
{
	struct xevfio_copy c = { .from = from, .chunk = ring->chunk, .st = st };
	int ret = 0, err;
	pthread_t reader;
	unsigned int i;
	size_t len;
	double t;
	char *buf;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < XEVFIO_COPY_BUFS; i++)
		c.buf[i] = ring->buf[i];
	pthread_mutex_init(&c.lock, NULL);
	pthread_cond_init(&c.filled, NULL);
	pthread_cond_init(&c.drained, NULL);
	err = pthread_create(&reader, NULL, xevfio_copy_reader, &c);
	if (err) {
		ret = -err;
		goto out_sync;
	}
	for (;;) {
		t = xevfio_now_ms();
		pthread_mutex_lock(&c.lock);
		while (!c.count && !c.eof)
			pthread_cond_wait(&c.filled, &c.lock);
		if (!c.count) {		/* the end, or the reader's error */
			pthread_mutex_unlock(&c.lock);
			break;
		}
		buf = c.buf[c.head];
		len = c.len[c.head];
		pthread_mutex_unlock(&c.lock);
		st->write_idle_ms += xevfio_now_ms() - t;

		t = xevfio_now_ms();
		ret = xevfio_write_full(to, buf, len);
		st->write_ms += xevfio_now_ms() - t;
		st->writes++;
		if (ret)
			break;
		st->bytes += len;

		pthread_mutex_lock(&c.lock);
		c.head = (c.head + 1) % XEVFIO_COPY_BUFS;
		c.count--;
		pthread_cond_signal(&c.drained);
		pthread_mutex_unlock(&c.lock);
	}
	pthread_mutex_lock(&c.lock);
	c.stop = true;
	pthread_cond_signal(&c.drained);
	pthread_mutex_unlock(&c.lock);
	pthread_join(reader, NULL);
	ret = c.read_err ?: ret;
out_sync:
	pthread_cond_destroy(&c.drained);
	pthread_cond_destroy(&c.filled);
	pthread_mutex_destroy(&c.lock);
	return ret;
}

/**
 * xevfio_copy_stream() - Copy a file to another until its end, reading and
 * writing at once.
 * @from: the file read.
 * @to: the file written.
 * @chunk: bytes per read and per write (the size of each of the
 *         XEVFIO_COPY_BUFS buffers).
 * @st: out: bytes copied (also on failure) and where the time went.
 *
 * As xevfio_copy_stream_ring() with buffers of its own.
 *
 * Return: 0 or a negative errno (of the read, else of the write).
 */
int xevfio_copy_stream(int from, int to, size_t chunk,
		       struct xevfio_copy_stats *st)
{
	struct xevfio_copy_ring ring;
	int ret;

	memset(st, 0, sizeof(*st));
	ret = xevfio_copy_ring_alloc(&ring, chunk);
	if (ret)
		return ret;
	ret = xevfio_copy_stream_ring(from, to, &ring, st);
	xevfio_copy_ring_free(&ring);
	return ret;
}

/* end one phase that began at @t0: time it, or record it as the failed one */
static int xevfio_phase_end(struct xevfio_mig_report *rep, int phase,
			    double t0, int ret)
{
	rep->ms[phase] = xevfio_now_ms() - t0;
	if (ret && rep->failed < 0)
		rep->failed = phase;
	return ret;
}

/**
 * xevfio_migrate() - Live-migrate a guest slot from one VF to another.
 * @slot: the guest slot, attached to @src's VF.
 * @src: the source VF's VFIO device, RUNNING.
 * @dst: the destination VF's VFIO device, RUNNING, without a slot.
 * @chunk: bytes per read of the save stream.
 * @rep: the timings.
 *
 * QEMU's order: freeze the guest; source RUNNING -> RUNNING_P2P ->
 * STOP_COPY; destination RESUMING; the stream read to its end and written;
 * destination STOP; the slot re-attached; destination RUNNING_P2P ->
 * RUNNING; thaw; source STOP. When a step up to the destination's RUNNING
 * fails, the destination is reset, the source returned to RUNNING (reset
 * only if that fails), the slot re-attached to the source if it had moved,
 * and the guest thawed there. Once the destination runs the migration is
 * committed (@rep->committed): a failed thaw is tried once more and a
 * failed source STOP resets the source; the guest stays on the
 * destination either way.
 *
 * Return: 0 or the negative errno of the first failed phase
 * (@rep->failed).
 */
int xevfio_migrate(int slot, struct xevfio_dev *src, struct xevfio_dev *dst,
		   size_t chunk, struct xevfio_mig_report *rep)
{
	double start = xevfio_now_ms(), t0, t, tf;
	int sfd = -1, dfd = -1, ret, err;
	struct xevfio_copy_ring ring;
	bool moved = false;

	for (ret = 0; ret < XEVFIO_PHASE_NR; ret++)
		rep->ms[ret] = 0;
	rep->bytes = 0;
	rep->failed = -1;
	rep->committed = false;
	rep->downtime_ms = 0;
	memset(&rep->copy, 0, sizeof(rep->copy));

	/* the VMM's buffers exist before the guest stops: not downtime */
	ret = xevfio_copy_ring_alloc(&ring, chunk);
	if (ret) {
		rep->failed = XEVFIO_PHASE_DST_RESUMING;
		rep->total_ms = xevfio_now_ms() - start;
		return ret;
	}

	/*
	 * the destination gets ready while the guest still runs, as a VMM's
	 * incoming side does: its FLR and stream set-up are not downtime
	 */
	t = xevfio_now_ms();
	ret = xevfio_dev_set_state(dst, VFIO_DEVICE_STATE_RESUMING, &dfd);
	ret = xevfio_phase_end(rep, XEVFIO_PHASE_DST_RESUMING, t, ret);
	if (!ret && dfd < 0)
		ret = xevfio_phase_end(rep, XEVFIO_PHASE_DST_RESUMING, t, -EBADF);
	if (ret) {
		xevfio_dev_reset(dst);
		goto out;
	}
	t0 = xevfio_now_ms();
	t = t0;
	ret = xevfio_slot_freeze(slot, true);
	ret = xevfio_phase_end(rep, XEVFIO_PHASE_FREEZE, t, ret);
	if (ret) {
		close(dfd);
		xevfio_dev_reset(dst);
		goto out;
	}
	t = xevfio_now_ms();
	ret = xevfio_dev_set_state(src, VFIO_DEVICE_STATE_RUNNING_P2P, NULL);
	ret = xevfio_phase_end(rep, XEVFIO_PHASE_SRC_P2P, t, ret);
	if (ret)
		goto dst_back;
	t = xevfio_now_ms();
	ret = xevfio_dev_set_state(src, VFIO_DEVICE_STATE_STOP_COPY, &sfd);
	ret = xevfio_phase_end(rep, XEVFIO_PHASE_SRC_STOP_COPY, t, ret);
	if (!ret && sfd < 0)
		ret = xevfio_phase_end(rep, XEVFIO_PHASE_SRC_STOP_COPY, t, -EBADF);
	if (ret)
		goto dst_back;
	t = xevfio_now_ms();
	ret = xevfio_copy_stream_ring(sfd, dfd, &ring, &rep->copy);
	rep->bytes = rep->copy.bytes;
	ret = xevfio_phase_end(rep, XEVFIO_PHASE_TRANSFER, t, ret);
	if (ret)
		goto dst_back;
	close(dfd);
	dfd = -1;
	t = xevfio_now_ms();
	ret = xevfio_dev_set_state(dst, VFIO_DEVICE_STATE_STOP, NULL);
	ret = xevfio_phase_end(rep, XEVFIO_PHASE_DST_STOP, t, ret);
	if (ret)
		goto dst_back;
	t = xevfio_now_ms();
	ret = xevfio_slot_attach(slot, dst->gpu, dst->vf);
	ret = xevfio_phase_end(rep, XEVFIO_PHASE_REATTACH, t, ret);
	if (ret)
		goto dst_back;
	moved = true;
	t = xevfio_now_ms();
	ret = xevfio_dev_set_state(dst, VFIO_DEVICE_STATE_RUNNING, NULL);
	ret = xevfio_phase_end(rep, XEVFIO_PHASE_DST_RUNNING, t, ret);
	if (ret)
		goto dst_back;
	/* committed: from here on the guest stays on the destination */
	rep->committed = true;
	t = xevfio_now_ms();
	ret = xevfio_slot_freeze(slot, false);
	if (ret)	/* once more: a guest left frozen is the worst outcome */
		ret = xevfio_slot_freeze(slot, false);
	ret = xevfio_phase_end(rep, XEVFIO_PHASE_THAW, t, ret);
	tf = xevfio_now_ms();
	rep->downtime_ms = tf - t0;
	close(sfd);
	sfd = -1;
	t = xevfio_now_ms();
	err = xevfio_dev_set_state(src, VFIO_DEVICE_STATE_STOP, NULL);
	err = xevfio_phase_end(rep, XEVFIO_PHASE_SRC_STOP, t, err);
	if (err)	/* the source VF has nobody left: reset it */
		xevfio_dev_reset(src);
	ret = ret ?: err;
	goto out;

dst_back:
	if (dfd >= 0)
		close(dfd);
	dfd = -1;
	if (moved)
		xevfio_slot_attach(slot, src->gpu, src->vf);
	xevfio_dev_reset(dst);
	if (sfd >= 0)
		close(sfd);
	sfd = -1;
	if (xevfio_dev_set_state(src, VFIO_DEVICE_STATE_RUNNING, NULL))
		xevfio_dev_reset(src);
	xevfio_slot_freeze(slot, false);
	rep->downtime_ms = xevfio_now_ms() - t0;
out:
	if (sfd >= 0)
		close(sfd);
	xevfio_copy_ring_free(&ring);
	rep->total_ms = xevfio_now_ms() - start;
	return ret;
}

/**
 * xevfio_save() - Save a VF's stream to a file.
 * @dev: the VF's VFIO device, RUNNING.
 * @out: the file written.
 * @chunk: bytes per read.
 * @bytes: bytes saved.
 *
 * RUNNING -> STOP_COPY, the stream to its end, then back to RUNNING (the
 * VF resumes where it was). The caller freezes the guest around it for a
 * consistent state.
 *
 * Return: 0 or a negative errno; the device is then reset.
 */
int xevfio_save(struct xevfio_dev *dev, int out, size_t chunk, __u64 *bytes)
{
	struct xevfio_copy_stats st;
	int fd, ret;

	*bytes = 0;
	ret = xevfio_dev_set_state(dev, VFIO_DEVICE_STATE_STOP_COPY, &fd);
	if (ret)
		goto fail;
	ret = xevfio_copy_stream(fd, out, chunk, &st);
	*bytes = st.bytes;
	close(fd);
	if (ret)
		goto fail;
	ret = xevfio_dev_set_state(dev, VFIO_DEVICE_STATE_RUNNING, NULL);
	if (!ret)
		return 0;
fail:
	xevfio_dev_reset(dev);
	return ret;
}

/**
 * xevfio_load() - Load a VF's stream from a file.
 * @dev: the VF's VFIO device, RUNNING.
 * @in: the file read.
 * @chunk: bytes per read.
 * @bytes: bytes loaded.
 *
 * RUNNING -> RESUMING, the file written to the device, then RUNNING (the
 * VF blocks for its guest's fix-ups).
 *
 * Return: 0 or a negative errno; the device is then reset.
 */
int xevfio_load(struct xevfio_dev *dev, int in, size_t chunk, __u64 *bytes)
{
	struct xevfio_copy_stats st;
	int fd, ret;

	*bytes = 0;
	ret = xevfio_dev_set_state(dev, VFIO_DEVICE_STATE_RESUMING, &fd);
	if (ret)
		goto fail;
	ret = xevfio_copy_stream(in, fd, chunk, &st);
	*bytes = st.bytes;
	close(fd);
	if (ret)
		goto fail;
	ret = xevfio_dev_set_state(dev, VFIO_DEVICE_STATE_RUNNING, NULL);
	if (!ret)
		return 0;
fail:
	xevfio_dev_reset(dev);
	return ret;
}
