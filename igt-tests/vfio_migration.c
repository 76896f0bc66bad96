// SPDX-License-Identifier: MIT
/*
 * VF live migration through the VFIO uAPI, as a VMM does it: the VFIO cdev
 * and iommufd, the migration states and data files, and the xesim guest
 * slots, on two simulated GPUs whose VFs have different GGTT bases.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/userfaultfd.h>
#include <linux/vfio.h>

#include "igt.h"
#include "igt_xesim.h"
#include "xevfio_client.h"
#include "xevfio_migrate.h"

IGT_TEST_DESCRIPTION("Migrate xesim VFs through the VFIO migration uAPI");

#define GPU_PARAMS	"ggtt=64M vram=16M max_vfs=4"
#define NUM_VFS		2
#define VF_LMEM		(8ull << 20)	/* vram / NUM_VFS */
#define HDR_SIZE	24
#define TYPE_VRAM	6

struct mig_env {
	int a, b;		/* source and destination GPU */
	int slot[NUM_VFS];	/* guest slot S on a.vf(S index + 1) */
};

/*
 * Two GPUs; the destination's VFs sit at other GGTT bases (the free upper
 * half of its GGTT), and a guest slot is started on each source VF.
 */
static void env_create(struct mig_env *env)
{
	__u64 start, size, bstart, bsize;
	int i;

	env->a = igt_xesim_free_gpu_id();
	igt_xesim_new_device(env->a, GPU_PARAMS);
	env->b = igt_xesim_free_gpu_id();
	igt_xesim_new_device(env->b, GPU_PARAMS);
	igt_xesim_set_numvfs(env->a, NUM_VFS);
	igt_xesim_vf_ggtt(env->a, 1, &start, &size);
	for (i = 1; i <= NUM_VFS; i++)
		igt_xesim_set_vf_ggtt_start(env->b, i, start + (NUM_VFS + i - 1) * size);
	igt_xesim_set_numvfs(env->b, NUM_VFS);
	igt_xesim_vf_ggtt(env->b, 1, &bstart, &bsize);
	igt_assert_neq_u64(bstart, start);
	igt_assert_eq_u64(bsize, size);

	for (i = 0; i < NUM_VFS; i++) {
		env->slot[i] = igt_xesim_free_slot_id();
		igt_assert_eq(xevfio_slot_start(env->slot[i], env->a, i + 1), 0);
	}
	/* with the guest driver loaded, every guest runs it before anything migrates */
	for (i = 0; i < NUM_VFS && igt_xesim_driver_loaded("xevf"); i++)
		igt_xesim_wait_slot_card(env->slot[i], IGT_XESIM_CARD_TIMEOUT_MS);
}

static void env_destroy(struct mig_env *env)
{
	int i;

	for (i = 0; i < NUM_VFS; i++) {
		__igt_xesim_freeze(env->slot[i], true);
		__igt_xesim_detach(env->slot[i]);
		__igt_xesim_del_slot(env->slot[i]);
	}
	__igt_xesim_del_device(env->b);
	__igt_xesim_del_device(env->a);
}

static void dev_open(struct xevfio_dev *dev, int gpu, int vf)
{
	struct vfio_device_info info;
	__u64 flags = 0;
	int ret = xevfio_dev_open(dev, gpu, vf);

	igt_assert_f(!ret, "open VFIO device of xesim%d.vf%d: %s\n", gpu, vf,
		     strerror(-ret));
	igt_assert_eq(xevfio_dev_mig_flags(dev, &flags), 0);
	igt_assert_eq_u64(flags, VFIO_MIGRATION_STOP_COPY | VFIO_MIGRATION_P2P);
	/* resettable, region-less */
	igt_assert_eq(xevfio_dev_info(dev, &info), 0);
	igt_assert_eq_u32(info.flags, VFIO_DEVICE_FLAGS_RESET);
	igt_assert_eq_u32(info.num_regions, 0);
	igt_assert_eq_u32(info.num_irqs, 0);
}

static __u32 dev_state(struct xevfio_dev *dev)
{
	__u32 state = ~0u;

	igt_assert_eq(xevfio_dev_get_state(dev, &state), 0);
	return state;
}

static void dev_set(struct xevfio_dev *dev, __u32 state, int *fd)
{
	int ret = xevfio_dev_set_state(dev, state, fd);

	igt_assert_f(!ret, "xesim%d.vf%d -> %s: %s\n", dev->gpu, dev->vf,
		     xevfio_state_name(state), strerror(-ret));
	if (fd)
		igt_assert_fd(*fd);
}

/* save a device's stream into memory: RUNNING -> STOP_COPY -> STOP */
static void *save_stream(struct xevfio_dev *dev, size_t *len)
{
	size_t cap = VF_LMEM + (4 << 20), got = 0;
	char *buf = malloc(cap);
	ssize_t n;
	int fd;

	igt_assert(buf);
	dev_set(dev, VFIO_DEVICE_STATE_STOP_COPY, &fd);
	for (;;) {
		n = xevfio_read_full(fd, buf + got, cap - got);
		igt_assert_f(n >= 0, "read save stream: %s\n", strerror(-n));
		got += n;
		if ((size_t)n < cap - got + n)
			break;
		cap *= 2;
		buf = realloc(buf, cap);
		igt_assert(buf);
	}
	close(fd);
	dev_set(dev, VFIO_DEVICE_STATE_STOP, NULL);
	*len = got;
	return buf;
}

static __u8 pattern(__u64 off, __u8 seed)
{
	return (off * 131 + (off >> 12) * 7 + seed) & 0xff;
}

/*
 * Walk the VRAM packets of a stream (pf/ DOC "xepf migration stream"); fill
 * them with the pattern, or count the bytes that differ from it.
 */
static __u64 stream_vram(char *s, size_t len, __u8 seed, bool fill,
			 __u64 *bad)
{
	__u64 vram = 0, off, size, i;
	size_t at = 0;

	*bad = 0;
	while (at + HDR_SIZE <= len) {
		memcpy(&off, s + at + 8, 8);
		memcpy(&size, s + at + 16, 8);
		igt_assert_f(s[at] == 1 && at + HDR_SIZE + size <= len,
			     "bad packet at %zu\n", at);
		if (s[at + 1] == TYPE_VRAM) {
			__u8 *p = (__u8 *)s + at + HDR_SIZE;

			for (i = 0; i < size; i++) {
				if (fill)
					p[i] = pattern(off + i, seed);
				else if (p[i] != pattern(off + i, seed))
					(*bad)++;
			}
			vram += size;
		}
		at += HDR_SIZE + size;
	}
	igt_assert_eq_u64(at, len);
	return vram;
}

/* the stream offset of the first VRAM payload's first byte */
static size_t stream_first_vram(const char *s, size_t len)
{
	__u64 size;
	size_t at = 0;

	while (at + HDR_SIZE <= len) {
		if (s[at + 1] == TYPE_VRAM)
			return at + HDR_SIZE;
		memcpy(&size, s + at + 16, 8);
		at += HDR_SIZE + size;
	}
	igt_assert_f(false, "no VRAM packet in %zu bytes\n", len);
	return 0;
}

/* the bytes of a saved stream's VRAM payloads that are not zero */
static __u64 stream_vram_nonzero(const char *s, size_t len)
{
	__u64 size, nonzero = 0, i;
	size_t at = 0;

	while (at + HDR_SIZE <= len) {
		memcpy(&size, s + at + 16, 8);
		igt_assert_f(at + HDR_SIZE + size <= len, "bad packet at %zu\n", at);
		for (i = 0; s[at + 1] == TYPE_VRAM && i < size; i++)
			nonzero += !!s[at + HDR_SIZE + i];
		at += HDR_SIZE + size;
	}
	return nonzero;
}

static void guc_state(int gpu, int vf, char *state, size_t len);
static long guest_recoveries(int slot);

/* the slot of the guest running on a VF, or -1 when none runs a driver there */
static int guest_slot(struct xevfio_dev *dev)
{
	int slot;

	igt_assert_eq(xevfio_vf_slot(dev->gpu, dev->vf, &slot), 0);
	if (slot < 0 || igt_xesim_slot_card(slot) < 0)
		return -1;
	return slot;
}

/*
 * A VF restored from a stream blocks in RESFIX_BLOCKED and raises MIGRATED
 * (the same VF or another): a guest driver on it recovers. Wait (bounded)
 * for that, so that a migration after it starts from a settled guest: the
 * GuC runs the VF again and the driver has counted its recovery (@before:
 * its count before the restore), which it does a little after RESFIX_DONE.
 */
static void settle_guest(struct xevfio_dev *dev, long before)
{
	int slot = guest_slot(dev);
	char state[32];
	long now = before;
	int i;

	if (slot < 0)
		return;
	for (i = 0; i < 3000; i++) {
		guc_state(dev->gpu, dev->vf, state, sizeof(state));
		now = guest_recoveries(slot);
		if (!strcmp(state, "RUNNING") && now > before)
			return;
		usleep(10000);
	}
	igt_assert_f(false,
		     "the guest on xesim%d.vf%d did not recover from the restore: %s, %ld recoveries\n",
		     dev->gpu, dev->vf, state, now - before);
}

/*
 * Write a pattern into a VF's VRAM with what the uAPI offers: save its
 * stream, fill the VRAM packets, load it back into the same VF and run it.
 */
static void vram_fill(struct xevfio_dev *dev, __u8 seed)
{
	size_t len;
	char *s = save_stream(dev, &len);
	int fd, ret, slot;
	long before;
	__u64 bad;

	igt_assert_eq_u64(stream_vram(s, len, seed, true, &bad), VF_LMEM);
	slot = guest_slot(dev);
	before = slot < 0 ? -1 : guest_recoveries(slot);
	dev_set(dev, VFIO_DEVICE_STATE_RESUMING, &fd);
	ret = xevfio_write_full(fd, s, len);
	igt_assert_f(!ret, "write restore stream: %s\n", strerror(-ret));
	close(fd);
	dev_set(dev, VFIO_DEVICE_STATE_RUNNING, NULL);
	free(s);
	settle_guest(dev, before);
}

/* the VF's VRAM holds the pattern, every byte of it */
static void vram_check(struct xevfio_dev *dev, __u8 seed)
{
	size_t len;
	char *s = save_stream(dev, &len);
	__u64 bad;

	igt_assert_eq_u64(stream_vram(s, len, seed, false, &bad), VF_LMEM);
	igt_assert_f(!bad, "%llu of %llu VRAM bytes differ\n",
		     (unsigned long long)bad, VF_LMEM);
	dev_set(dev, VFIO_DEVICE_STATE_RUNNING, NULL);
	free(s);
}

/* the GuC state of a VF, from the sim's debugfs */
static void guc_state(int gpu, int vf, char *state, size_t len)
{
	char *guc = igt_xesim_debugfs_read("xesim/xesim%d/guc", gpu);
	char key[16], *line;

	snprintf(key, sizeof(key), "fn%d: state ", vf);
	line = strstr(guc, key);
	igt_assert_f(line, "no fn%d in:\n%s\n", vf, guc);
	line += strlen(key);
	snprintf(state, len, "%.*s", (int)strcspn(line, "\n "), line);
	free(guc);
}

static void migrate(int slot, struct xevfio_dev *src, struct xevfio_dev *dst,
		    struct xevfio_mig_report *rep)
{
	int ret = xevfio_migrate(slot, src, dst, XEVFIO_CHUNK, rep);
	int gpu, vf, i;

	igt_assert_f(!ret, "migration failed in %s: %s\n",
		     xevfio_phase_name(rep->failed), strerror(-ret));
	for (i = 0; i < XEVFIO_PHASE_NR; i++)
		igt_debug("%s: %.3f ms\n", xevfio_phase_name(i), rep->ms[i]);
	igt_info("xeslot%d: %llu bytes, downtime %.3f ms\n", slot,
		 (unsigned long long)rep->bytes, rep->downtime_ms);
	igt_assert_eq(xevfio_slot_attached(slot, &gpu, &vf), 0);
	igt_assert_eq(gpu, dst->gpu);
	igt_assert_eq(vf, dst->vf);
	igt_assert_eq(dev_state(dst), VFIO_DEVICE_STATE_RUNNING);
	igt_assert_eq(dev_state(src), VFIO_DEVICE_STATE_STOP);
	igt_assert_lt_u64(VF_LMEM, rep->bytes);
}

/*
 * MIGRATED interrupts the guest driver on a slot has handled (its debugfs
 * guc_info), or -1 when the slot has no driver.
 */
static long guest_migrated(int slot)
{
	int card = igt_xesim_slot_card(slot);
	long n = -1;
	char *info, *p;

	if (card < 0)
		return -1;
	info = igt_xesim_debugfs_read("dri/%d/guc_info", card);
	p = strstr(info, "migrated handled ");
	igt_assert_f(p && sscanf(p + strlen("migrated handled "), "%ld", &n) == 1,
		     "no MIGRATED count in dri/%d/guc_info:\n%s\n", card, info);
	free(info);
	return n;
}

/*
 * Post-migration recoveries the guest driver on a slot completed (the
 * "recoveries" line of its debugfs recovery file), or -1 when the slot has
 * no driver.
 */
static long guest_recoveries(int slot)
{
	int card = igt_xesim_slot_card(slot);
	long n = -1;
	char *rec, *p;

	if (card < 0)
		return -1;
	rec = igt_xesim_debugfs_read("dri/%d/recovery", card);
	p = strstr(rec, "recoveries ");
	igt_assert_f(p && (p == rec || p[-1] == '\n') &&
		     sscanf(p + strlen("recoveries "), "%ld", &n) == 1,
		     "no recovery count in dri/%d/recovery:\n%s\n", card, rec);
	free(rec);
	return n;
}

/* what the guest on a slot had handled before a migration; -1: no driver */
struct guest_counts {
	long migrated;
	long recoveries;
};

static struct guest_counts guest_counts(int slot)
{
	return (struct guest_counts){
		.migrated = guest_migrated(slot),
		.recoveries = guest_recoveries(slot),
	};
}

/* how long the guest may take from the thaw to RESFIX_DONE, under TCG */
#define RECOVERY_TIMEOUT_MS	30000

/*
 * The destination waits for its guest's fix-ups in RESFIX_BLOCKED. Without
 * a guest driver on the slot (@before.migrated < 0) nothing answers and the
 * state stays RESFIX_BLOCKED. With one, the driver takes the MIGRATED
 * interrupt at the thaw and recovers: a bounded poll until the GuC runs the
 * VF, after exactly one more MIGRATED interrupt handled and one more
 * recovery completed.
 */
static void check_resfix(int slot, struct xevfio_dev *dst, struct guest_counts before)
{
	struct guest_counts now = before;
	char state[32];
	int i;

	guc_state(dst->gpu, dst->vf, state, sizeof(state));
	if (before.migrated < 0) {
		igt_assert_f(!strcmp(state, "RESFIX_BLOCKED"),
			     "destination GuC state %s without a guest driver, not RESFIX_BLOCKED\n",
			     state);
		return;
	}
	for (i = 0; i < RECOVERY_TIMEOUT_MS / 10; i++) {
		guc_state(dst->gpu, dst->vf, state, sizeof(state));
		now = guest_counts(slot);
		if (!strcmp(state, "RUNNING") && now.recoveries > before.recoveries)
			break;
		usleep(10000);
	}
	igt_assert_f(!strcmp(state, "RUNNING"),
		     "destination GuC state %s %d ms after the thaw, not RUNNING\n", state,
		     RECOVERY_TIMEOUT_MS);
	igt_assert_f(now.migrated == before.migrated + 1,
		     "guest on xeslot%d handled %ld MIGRATED interrupts, expected 1\n",
		     slot, now.migrated - before.migrated);
	igt_assert_f(now.recoveries == before.recoveries + 1,
		     "guest on xeslot%d completed %ld recoveries, expected 1\n",
		     slot, now.recoveries - before.recoveries);
}

static void arm(int gpu, const char *knob, int count)
{
	char path[128];
	int ret;

	snprintf(path, sizeof(path), IGT_XESIM_DEBUGFS "/xesim/xesim%d/fail_%s",
		 gpu, knob);
	ret = xevfio_sysfs_write(path, "%d\n", count);
	igt_assert_f(!ret, "%s: %s\n", path, strerror(-ret));
}

/* whether a guest slot is frozen, from its sysfs file */
static bool slot_frozen(int slot)
{
	char frozen[8], path[128];

	snprintf(path, sizeof(path), IGT_XESIM_SYSFS "/devices/xeslot%d/freeze", slot);
	igt_assert_lt(0, xevfio_sysfs_read(path, frozen, sizeof(frozen)));
	return atoi(frozen);
}

/* the device is in ERROR, refuses to leave it, and a reset recovers it */
static void check_error_and_reset(struct xevfio_dev *dev)
{
	igt_assert_eq(dev_state(dev), VFIO_DEVICE_STATE_ERROR);
	igt_assert_eq(xevfio_dev_set_state(dev, VFIO_DEVICE_STATE_RUNNING, NULL),
		      -EIO);
	igt_assert_eq(xevfio_dev_reset(dev), 0);
	igt_assert_eq(dev_state(dev), VFIO_DEVICE_STATE_RUNNING);
	/* and works: a whole save */
	free(save_stream(dev, &(size_t){ 0 }));
	dev_set(dev, VFIO_DEVICE_STATE_RUNNING, NULL);
}

struct mig_thread {
	struct guest_counts before;
	int slot;
	struct xevfio_dev *src, *dst;
	struct xevfio_mig_report rep;
	int ret;
};

static void *mig_thread(void *data)
{
	struct mig_thread *t = data;

	t->ret = xevfio_migrate(t->slot, t->src, t->dst, XEVFIO_CHUNK, &t->rep);
	return NULL;
}

/*
 * A user buffer whose first page fault is held by a userfaultfd handler
 * until the test releases it (or a 25 s deadline passes, which the test
 * counts as a failure): a VMM's buffer that faults slowly, or forever.
 * The release maps pages of @fill bytes over the whole buffer (zero pages
 * for 0), so the faulting copy then runs to its end.
 */
struct uffd_hold {
	int fill;
	int uffd;
	int release[2];
	char *buf;
	size_t len;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool faulted;
	bool forced;
	pthread_t th;
};

#define UFFD_DEADLINE_MS	25000

static void *uffd_handler(void *data)
{
	struct uffd_hold *h = data;
	struct pollfd pfd = { .fd = h->uffd, .events = POLLIN };
	struct uffdio_zeropage zp;
	struct uffd_msg msg;

	if (poll(&pfd, 1, UFFD_DEADLINE_MS) != 1 ||
	    read(h->uffd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.event != UFFD_EVENT_PAGEFAULT)
		return NULL;
	pthread_mutex_lock(&h->lock);
	h->faulted = true;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);

	pfd = (struct pollfd){ .fd = h->release[0], .events = POLLIN };
	if (poll(&pfd, 1, UFFD_DEADLINE_MS) != 1)
		h->forced = true;
	if (h->fill) {
		struct uffdio_copy cp = { .len = 4096 };
		char *page = malloc(4096);
		size_t off;

		if (!page)
			return NULL;
		memset(page, h->fill, 4096);
		cp.src = (unsigned long)page;
		for (off = 0; off < h->len; off += 4096) {
			cp.dst = (unsigned long)h->buf + off;
			ioctl(h->uffd, UFFDIO_COPY, &cp);
		}
		free(page);
		return NULL;
	}
	zp.range.start = (unsigned long)h->buf;
	zp.range.len = h->len;
	zp.mode = 0;
	ioctl(h->uffd, UFFDIO_ZEROPAGE, &zp);
	return NULL;
}

static void uffd_hold_create(struct uffd_hold *h, size_t len, int fill)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };

	memset(h, 0, sizeof(*h));
	h->len = len;
	h->fill = fill;
	h->uffd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	igt_require_f(h->uffd >= 0, "userfaultfd: %s\n", strerror(errno));
	igt_assert_eq(ioctl(h->uffd, UFFDIO_API, &api), 0);
	h->buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	igt_assert(h->buf != MAP_FAILED);
	reg.range.start = (unsigned long)h->buf;
	reg.range.len = len;
	igt_assert_eq(ioctl(h->uffd, UFFDIO_REGISTER, &reg), 0);
	igt_assert_eq(pipe(h->release), 0);
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->cond, NULL);
	igt_assert_eq(pthread_create(&h->th, NULL, uffd_handler, h), 0);
}

/* wait until something faults on the buffer; false after the deadline */
static bool uffd_hold_wait(struct uffd_hold *h)
{
	struct timespec ts;
	bool faulted;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += UFFD_DEADLINE_MS / 1000;
	pthread_mutex_lock(&h->lock);
	while (!h->faulted &&
	       pthread_cond_timedwait(&h->cond, &h->lock, &ts) != ETIMEDOUT)
		;
	faulted = h->faulted;
	pthread_mutex_unlock(&h->lock);
	return faulted;
}

/*
 * Let the fault complete; true if the test did (not the deadline). The buffer stays: the
 * thread that faulted may still be copying; uffd_hold_destroy() once it is joined.
 */
static bool uffd_hold_release(struct uffd_hold *h)
{
	igt_assert_eq(write(h->release[1], "", 1), 1);
	pthread_join(h->th, NULL);
	return !h->forced;
}

static void uffd_hold_destroy(struct uffd_hold *h)
{
	close(h->release[0]);
	close(h->release[1]);
	munmap(h->buf, h->len);
	close(h->uffd);
}

struct held_read {
	int fd;
	char *buf;
	size_t len;
	bool write;
	ssize_t ret;
};

static void *held_read_thread(void *data)
{
	struct held_read *r = data;

	r->ret = r->write ? write(r->fd, r->buf, r->len) :
			    read(r->fd, r->buf, r->len);
	if (r->ret < 0)
		r->ret = -errno;
	return NULL;
}

struct reset_thread {
	struct xevfio_dev *dev;
	int ret;
};

static void *reset_thread(void *data)
{
	struct reset_thread *r = data;

	r->ret = xevfio_dev_reset(r->dev);
	return NULL;
}

/* the PF's control state of a VF, from its debugfs file */
static void pf_state(int gpu, int vf, char *state, size_t len)
{
	char *s = igt_xesim_debugfs_read("xepf/xesim%d/vf%d/state", gpu, vf);

	snprintf(state, len, "%.*s", (int)strcspn(s, "\n"), s);
	free(s);
}

/* the VMM-role program, built into tools/build/ and put beside the test */
static void tool_path(char *path, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	igt_assert_lt(0, n);
	self[n] = '\0';
	slash = strrchr(self, '/');
	igt_assert(slash);
	*slash = '\0';
	igt_assert_lt(snprintf(path, len, "%s/xevfio-migrate", self), (int)len);
}

/* run the tool with @args; its exit status, and its output (stdout and stderr) */
static int run_tool(char *out, size_t len, const char *args)
{
	char path[PATH_MAX + 32], cmd[PATH_MAX + 256];
	size_t got = 0;
	FILE *p;
	int st;

	tool_path(path, sizeof(path));
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", path, args);
	p = popen(cmd, "r");
	igt_assert_f(p, "popen %s: %s\n", cmd, strerror(errno));
	while (got + 1 < len && fgets(out + got, len - got, p))
		got += strlen(out + got);
	out[got] = '\0';
	st = pclose(p);
	igt_debug("$ %s\n%s", cmd, out);
	igt_assert_f(WIFEXITED(st), "%s: status %#x\n", cmd, st);
	return WEXITSTATUS(st);
}

/* a number after @key in the tool's output */
static double tool_value(const char *out, const char *key)
{
	const char *p = strstr(out, key);
	double v;

	igt_assert_f(p && sscanf(p + strlen(key), " %lf", &v) == 1,
		     "no '%s' in:\n%s\n", key, out);
	return v;
}

/* the tool's report of a migration: each phase, the downtime, bytes, throughput */
static void check_tool_report(const char *out)
{
	unsigned long long bytes = 0;
	double mibs = 0, ms;
	const char *p;
	char key[32];
	int i, n = 0;

	for (i = 0; i < XEVFIO_PHASE_NR; i++) {
		snprintf(key, sizeof(key), "  %s ", xevfio_phase_name(i));
		ms = tool_value(out, key);
		igt_assert_f(ms >= 0, "phase %s took %f ms\n", xevfio_phase_name(i), ms);
	}
	/* freeze to thaw spans the transfer */
	ms = tool_value(out, "  downtime ");
	igt_assert_f(ms > 0 && ms >= tool_value(out, "  transfer "),
		     "downtime %f ms in:\n%s\n", ms, out);
	p = strstr(out, "  moved ");
	igt_assert_f(p && sscanf(p + strlen("  moved "), " %llu bytes, %lf MiB/s%n",
				 &bytes, &mibs, &n) == 2 && n,
		     "no bytes moved and throughput in:\n%s\n", out);
	igt_assert_lt_u64(VF_LMEM, bytes);
	igt_assert_f(mibs > 0, "throughput %f MiB/s\n", mibs);
}

/* the tool's failure line names the failed phase and its errno's text */
static void check_tool_error(const char *out, const char *phase)
{
	char key[64];
	const char *p;
	int e;

	snprintf(key, sizeof(key), "xevfio-migrate: %s: ", phase);
	p = strstr(out, key);
	igt_assert_f(p, "no '%s' in:\n%s\n", key, out);
	p += strlen(key);
	for (e = 1; e < 134; e++) {
		const char *text = strerror(e);
		size_t n = strlen(text);

		if (!strncmp(p, text, n) && p[n] == '\n')
			break;
	}
	igt_assert_f(e < 134, "no errno text after '%s' in:\n%s\n", key, out);
}

igt_main
{
	struct xevfio_dev src[NUM_VFS], dst[NUM_VFS];
	struct mig_env env;
	int i;

	igt_fixture {
		igt_require_xesim();
		igt_require_xesim_driver("xepf");
		igt_require_xesim_driver("xevfio");
	}

	igt_describe("Migrate an idle guest slot to a VF with another GGTT base");
	igt_subtest("idle") {
		struct xevfio_mig_report rep;
		struct guest_counts before;
		__u64 estimate = 0;

		env_create(&env);
		dev_open(&src[0], env.a, 1);
		dev_open(&dst[0], env.b, 1);
		vram_fill(&src[0], 0x5a);
		igt_assert_eq(xevfio_dev_data_size(&src[0], &estimate), 0);
		before = guest_counts(env.slot[0]);
		migrate(env.slot[0], &src[0], &dst[0], &rep);
		igt_assert_lte_u64(rep.bytes, estimate);
		check_resfix(env.slot[0], &dst[0], before);
		vram_check(&dst[0], 0x5a);
		xevfio_dev_close(&src[0]);
		xevfio_dev_close(&dst[0]);
		env_destroy(&env);
	}

	igt_describe("The VFIO group interface reaches the same device: a save and a restore");
	igt_subtest("group") {
		struct vfio_device_info info;
		struct xevfio_dev g;
		__u64 flags = 0;
		int ret;

		env_create(&env);
		ret = xevfio_dev_open_group(&g, env.a, 1);
		igt_assert_f(!ret, "open xesim%d.vf1 through its group: %s\n", env.a,
			     strerror(-ret));
		igt_assert_eq(xevfio_dev_mig_flags(&g, &flags), 0);
		igt_assert_eq_u64(flags, VFIO_MIGRATION_STOP_COPY | VFIO_MIGRATION_P2P);
		igt_assert_eq(xevfio_dev_info(&g, &info), 0);
		igt_assert_eq_u32(info.flags, VFIO_DEVICE_FLAGS_RESET);
		/* the device is open: its cdev cannot be bound at the same time */
		igt_assert_neq(xevfio_dev_open(&src[0], env.a, 1), 0);
		vram_fill(&g, 0x3c);
		vram_check(&g, 0x3c);
		igt_assert_eq(dev_state(&g), VFIO_DEVICE_STATE_RUNNING);
		xevfio_dev_close(&g);
		env_destroy(&env);
	}

	igt_describe("A GuC save failure fails the stream; the source runs on, no reset");
	igt_subtest("fail-save") {
		char *buf = malloc(VF_LMEM);
		int fd;

		igt_assert(buf);
		env_create(&env);
		dev_open(&src[0], env.a, 1);
		arm(env.a, "guc_save", 1);
		/* the GuC state is saved when the stream reaches it */
		dev_set(&src[0], VFIO_DEVICE_STATE_STOP_COPY, &fd);
		igt_assert_lt(xevfio_read_full(fd, buf, VF_LMEM), 0);
		free(buf);
		close(fd);
		/* a failed save changed nothing: the source goes on, no reset */
		igt_assert_eq(dev_state(&src[0]), VFIO_DEVICE_STATE_STOP_COPY);
		dev_set(&src[0], VFIO_DEVICE_STATE_RUNNING, NULL);
		/* and saves again, whole */
		free(save_stream(&src[0], &(size_t){ 0 }));
		dev_set(&src[0], VFIO_DEVICE_STATE_RUNNING, NULL);
		xevfio_dev_close(&src[0]);
		env_destroy(&env);
	}

	igt_describe("A GuC restore failure puts the destination in ERROR; a reset recovers it");
	igt_subtest("fail-restore") {
		size_t len;
		char *s;
		int fd;

		env_create(&env);
		dev_open(&src[0], env.a, 1);
		dev_open(&dst[0], env.b, 1);
		s = save_stream(&src[0], &len);
		dev_set(&dst[0], VFIO_DEVICE_STATE_RESUMING, &fd);
		arm(env.b, "guc_restore", 1);
		/* the GuC state is loaded when the stream reaches it, or at STOP */
		if (!xevfio_write_full(fd, s, len))
			igt_assert_neq(xevfio_dev_set_state(&dst[0], VFIO_DEVICE_STATE_STOP,
							    NULL), 0);
		close(fd);
		check_error_and_reset(&dst[0]);
		free(s);
		xevfio_dev_close(&src[0]);
		xevfio_dev_close(&dst[0]);
		env_destroy(&env);
	}

	igt_describe("A dropped GuC reply fails the pause: ERROR, and a reset recovers");
	igt_subtest("fail-pause") {
		env_create(&env);
		dev_open(&src[0], env.a, 1);
		arm(env.a, "guc_drop", 1);
		igt_assert_neq(xevfio_dev_set_state(&src[0], VFIO_DEVICE_STATE_RUNNING_P2P,
						    NULL), 0);
		arm(env.a, "guc_drop", 0);
		check_error_and_reset(&src[0]);
		xevfio_dev_close(&src[0]);
		env_destroy(&env);
	}

	igt_describe("A dropped GuC reply fails the resume: ERROR, and a reset recovers");
	igt_subtest("fail-resume") {
		env_create(&env);
		dev_open(&src[0], env.a, 1);
		dev_set(&src[0], VFIO_DEVICE_STATE_RUNNING_P2P, NULL);
		arm(env.a, "guc_drop", 1);
		igt_assert_neq(xevfio_dev_set_state(&src[0], VFIO_DEVICE_STATE_RUNNING,
						    NULL), 0);
		arm(env.a, "guc_drop", 0);
		check_error_and_reset(&src[0]);
		xevfio_dev_close(&src[0]);
		env_destroy(&env);
	}

	igt_describe("A migration whose destination fails leaves the guest running on the source");
	igt_subtest("fail-destination") {
		struct xevfio_mig_report rep;
		int gpu, vf, ret;

		env_create(&env);
		dev_open(&src[0], env.a, 1);
		dev_open(&dst[0], env.b, 1);
		arm(env.b, "guc_restore", 1);
		ret = xevfio_migrate(env.slot[0], &src[0], &dst[0], XEVFIO_CHUNK, &rep);
		igt_assert_neq(ret, 0);
		igt_assert(!rep.committed);
		igt_assert_f(rep.failed == XEVFIO_PHASE_TRANSFER ||
			     rep.failed == XEVFIO_PHASE_DST_STOP,
			     "failed in %s\n", xevfio_phase_name(rep.failed));
		igt_assert_eq(xevfio_slot_attached(env.slot[0], &gpu, &vf), 0);
		igt_assert_eq(gpu, env.a);
		igt_assert_eq(vf, 1);
		igt_assert(!slot_frozen(env.slot[0]));
		igt_assert_eq(dev_state(&src[0]), VFIO_DEVICE_STATE_RUNNING);
		igt_assert_eq(dev_state(&dst[0]), VFIO_DEVICE_STATE_RUNNING);
		/* and the next attempt goes through */
		migrate(env.slot[0], &src[0], &dst[0], &rep);
		xevfio_dev_close(&src[0]);
		xevfio_dev_close(&dst[0]);
		env_destroy(&env);
	}

	igt_describe("The save file fails cleanly once the device left STOP_COPY");
	igt_subtest("read-after-stop-copy") {
		char buf[4096];
		int fd;

		env_create(&env);
		dev_open(&src[0], env.a, 1);
		dev_set(&src[0], VFIO_DEVICE_STATE_STOP_COPY, &fd);
		igt_assert_eq(read(fd, buf, sizeof(buf)), sizeof(buf));
		igt_assert_eq(pread(fd, buf, sizeof(buf), 0), -1);
		igt_assert_eq(errno, ESPIPE);
		igt_assert_eq(write(fd, buf, 1), -1);
		igt_assert_eq(errno, EBADF);
		dev_set(&src[0], VFIO_DEVICE_STATE_STOP, NULL);
		igt_assert_eq(read(fd, buf, sizeof(buf)), -1);
		igt_assert_eq(errno, ENODEV);
		close(fd);
		dev_set(&src[0], VFIO_DEVICE_STATE_RUNNING, NULL);
		xevfio_dev_close(&src[0]);
		env_destroy(&env);
	}

	igt_describe("Two VFs migrate at the same time");
	igt_subtest("concurrent") {
		struct mig_thread t[NUM_VFS];
		pthread_t th[NUM_VFS];

		env_create(&env);
		for (i = 0; i < NUM_VFS; i++) {
			dev_open(&src[i], env.a, i + 1);
			dev_open(&dst[i], env.b, i + 1);
			vram_fill(&src[i], 0x10 + i);
			t[i] = (struct mig_thread){
				.slot = env.slot[i], .src = &src[i], .dst = &dst[i],
				.before = guest_counts(env.slot[i]),
			};
		}
		for (i = 0; i < NUM_VFS; i++)
			igt_assert_eq(pthread_create(&th[i], NULL, mig_thread, &t[i]), 0);
		for (i = 0; i < NUM_VFS; i++)
			pthread_join(th[i], NULL);
		for (i = 0; i < NUM_VFS; i++) {
			igt_assert_f(!t[i].ret, "migration %d failed in %s: %s\n", i,
				     xevfio_phase_name(t[i].rep.failed),
				     strerror(-t[i].ret));
			check_resfix(env.slot[i], &dst[i], t[i].before);
			vram_check(&dst[i], 0x10 + i);
		}
		for (i = 0; i < NUM_VFS; i++) {
			xevfio_dev_close(&src[i]);
			xevfio_dev_close(&dst[i]);
		}
		env_destroy(&env);
	}

	igt_describe("Migrate, reopen the devices, migrate back: all moves again");
	igt_subtest("reopen") {
		struct xevfio_mig_report rep1, rep2;
		struct guest_counts before;

		env_create(&env);
		dev_open(&src[0], env.a, 1);
		dev_open(&dst[0], env.b, 1);
		vram_fill(&src[0], 0xa7);
		migrate(env.slot[0], &src[0], &dst[0], &rep1);
		xevfio_dev_close(&src[0]);
		xevfio_dev_close(&dst[0]);

		dev_open(&src[0], env.a, 1);
		dev_open(&dst[0], env.b, 1);
		igt_assert_eq(dev_state(&src[0]), VFIO_DEVICE_STATE_RUNNING);
		before = guest_counts(env.slot[0]);
		migrate(env.slot[0], &dst[0], &src[0], &rep2);
		igt_assert_eq_u64(rep2.bytes, rep1.bytes);
		check_resfix(env.slot[0], &src[0], before);
		vram_check(&src[0], 0xa7);
		xevfio_dev_close(&src[0]);
		xevfio_dev_close(&dst[0]);
		env_destroy(&env);
	}

	igt_describe("A read into a faulting buffer returns what it copied; the stream goes on");
	igt_subtest("fault-resume") {
		size_t cap = VF_LMEM + (4 << 20), got;
		char *win, *buf = malloc(cap);
		ssize_t n;
		int fd;

		igt_assert(buf);
		env_create(&env);
		dev_open(&src[0], env.a, 1);
		dev_open(&dst[0], env.b, 1);
		vram_fill(&src[0], 0x5c);
		/* three pages, the middle one not accessible */
		win = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		igt_assert(win != MAP_FAILED);
		igt_assert_eq(mprotect(win + 4096, 4096, PROT_NONE), 0);

		dev_set(&src[0], VFIO_DEVICE_STATE_STOP_COPY, &fd);
		n = read(fd, win, 3 * 4096);
		igt_assert_f(n > 0 && n <= 4096, "read into a faulting buffer: %zd (%s)\n",
			     n, n < 0 ? strerror(errno) : "bytes");
		memcpy(buf, win, n);
		got = n;
		/* the rest of the stream, from where the fault stopped */
		n = xevfio_read_full(fd, buf + got, cap - got);
		igt_assert_f(n > 0, "read after the fault: %s\n", strerror(-n));
		got += n;
		igt_assert_lt_u64(got, cap);
		close(fd);
		dev_set(&src[0], VFIO_DEVICE_STATE_RUNNING, NULL);

		/* the stream, whole and in order: it loads, VRAM and all */
		dev_set(&dst[0], VFIO_DEVICE_STATE_RESUMING, &fd);
		igt_assert_eq(xevfio_write_full(fd, buf, got), 0);
		close(fd);
		dev_set(&dst[0], VFIO_DEVICE_STATE_RUNNING, NULL);
		vram_check(&dst[0], 0x5c);
		munmap(win, 3 * 4096);
		free(buf);
		xevfio_dev_close(&src[0]);
		xevfio_dev_close(&dst[0]);
		env_destroy(&env);
	}

	igt_describe("A save read into a buffer whose fault never completes holds up no other VF");
	igt_subtest("held-fault") {
		struct reset_thread rt = { .dev = &src[0] };
		struct xevfio_mig_report rep;
		struct held_read hr = {};
		struct uffd_hold h;
		pthread_t rth, tth;
		__u64 size = 0;
		char state[128];

		env_create(&env);
		dev_open(&src[0], env.a, 1);
		dev_open(&src[1], env.a, 2);
		dev_open(&dst[1], env.b, 2);
		uffd_hold_create(&h, 1 << 20, 0);

		dev_set(&src[0], VFIO_DEVICE_STATE_STOP_COPY, &hr.fd);
		hr.buf = h.buf;
		hr.len = h.len;
		igt_assert_eq(pthread_create(&rth, NULL, held_read_thread, &hr), 0);
		igt_assert_f(uffd_hold_wait(&h), "the save's read never faulted\n");

		/* the same VF's size query, and its reset through the PF */
		igt_assert_eq(xevfio_dev_data_size(&src[0], &size), 0);
		igt_assert_lt_u64(VF_LMEM, size);
		igt_assert_eq(pthread_create(&tth, NULL, reset_thread, &rt), 0);
		/* the reset's FLR went through the PF: the stream is gone */
		for (i = 0; i < 1000; i++) {
			pf_state(env.a, 1, state, sizeof(state));
			if (!strstr(state, "save_wip") && !strstr(state, "flr"))
				break;
			usleep(10000);
		}
		igt_assert_f(!strcmp(state, "ready"),
			     "VF1's FLR did not complete with the fault held: %s\n", state);

		/* another tenant's VF: pause, reset, migrate, size */
		dev_set(&src[1], VFIO_DEVICE_STATE_RUNNING_P2P, NULL);
		igt_assert_eq(xevfio_dev_reset(&src[1]), 0);
		igt_assert_eq(dev_state(&src[1]), VFIO_DEVICE_STATE_RUNNING);
		migrate(env.slot[1], &src[1], &dst[1], &rep);
		igt_assert_eq(xevfio_dev_data_size(&dst[1], &size), 0);

		igt_assert_f(uffd_hold_release(&h),
			     "the fault had to be released by the deadline\n");
		pthread_join(rth, NULL);
		pthread_join(tth, NULL);
		uffd_hold_destroy(&h);
		/* the read got what it had taken before the reset, or -ENODEV */
		igt_assert_f(hr.ret > 0 || hr.ret == -ENODEV, "held read: %zd\n", hr.ret);
		igt_assert_eq(rt.ret, 0);
		igt_assert_eq(dev_state(&src[0]), VFIO_DEVICE_STATE_RUNNING);
		close(hr.fd);
		xevfio_dev_close(&src[0]);
		xevfio_dev_close(&src[1]);
		xevfio_dev_close(&dst[1]);
		env_destroy(&env);
	}

	igt_describe("A held restore write holds up no one; what it copies after an FLR is lost");
	igt_subtest("held-write-fault") {
		struct reset_thread rt = { .dev = &dst[0] };
		struct held_read hw = { .write = true };
		struct uffd_hold h;
		size_t len, pre;
		char state[128];
		pthread_t wth, tth;
		__u64 size = 0;
		char *s, *after;
		int fd;

		env_create(&env);
		dev_open(&src[0], env.a, 1);
		dev_open(&dst[0], env.b, 1);
		s = save_stream(&src[0], &len);
		dev_set(&src[0], VFIO_DEVICE_STATE_RUNNING, NULL);
		/* the held write starts in a VRAM payload, off a page boundary */
		pre = stream_first_vram(s, len) + 100;
		igt_assert_lt(pre, len);
		dev_set(&dst[0], VFIO_DEVICE_STATE_RESUMING, &fd);
		igt_assert_eq(xevfio_write_full(fd, s, pre), 0);

		uffd_hold_create(&h, 1 << 20, 0xa5);
		hw.fd = fd;
		hw.buf = h.buf;
		hw.len = h.len;
		igt_assert_eq(pthread_create(&wth, NULL, held_read_thread, &hw), 0);
		igt_assert_f(uffd_hold_wait(&h), "the restore's write never faulted\n");

		/* the VF's size query, and its reset through the PF */
		igt_assert_eq(xevfio_dev_data_size(&dst[0], &size), 0);
		igt_assert_eq(pthread_create(&tth, NULL, reset_thread, &rt), 0);
		for (i = 0; i < 1000; i++) {
			pf_state(env.b, 1, state, sizeof(state));
			if (!strstr(state, "restore") && !strstr(state, "flr"))
				break;
			usleep(10000);
		}
		igt_assert_f(!strcmp(state, "ready"),
			     "VF1's FLR did not complete with the write held: %s\n", state);

		/* the write now copies its 0xa5 pages: into no page of the VF */
		igt_assert_f(uffd_hold_release(&h),
			     "the fault had to be released by the deadline\n");
		pthread_join(wth, NULL);
		/* the VFIO reset ends the data file, which the write held */
		pthread_join(tth, NULL);
		uffd_hold_destroy(&h);
		igt_assert_eq(rt.ret, 0);
		igt_assert_f(hw.ret == -ECANCELED || hw.ret == -ENODEV,
			     "held write: %zd\n", hw.ret);
		close(fd);
		after = save_stream(&dst[0], &len);
		igt_assert_eq_u64(stream_vram_nonzero(after, len), 0);
		dev_set(&dst[0], VFIO_DEVICE_STATE_RUNNING, NULL);
		free(after);
		free(s);
		xevfio_dev_close(&src[0]);
		xevfio_dev_close(&dst[0]);
		env_destroy(&env);
	}

	igt_describe("The VMM-role program: help, bad arguments, migrate, save, load, a failure");
	igt_subtest("tool") {
		char out[8192], args[128], state[32];
		const char *file = "/tmp/vfio_migration.stream";
		struct xevfio_dev tool_dst = { .gpu = -1, .vf = 1 };
		struct guest_counts before;
		struct stat st;
		int gpu, vf;

		env_create(&env);
		igt_assert_eq(run_tool(out, sizeof(out), "--help"), 0);
		igt_assert(strstr(out, "Usage:"));
		igt_assert_eq(run_tool(out, sizeof(out), "migrate 0 gpu1"), 2);
		igt_assert(strstr(out, "is not a VF name"));
		igt_assert_eq(run_tool(out, sizeof(out), "frobnicate"), 2);

		igt_assert_eq(run_tool(out, sizeof(out), "list"), 0);
		snprintf(args, sizeof(args), "xesim%d.vf1 ", env.b);
		igt_assert_f(strstr(out, args), "no %s in:\n%s\n", args, out);

		snprintf(args, sizeof(args), "migrate %d xesim%d.vf1", env.slot[0], env.b);
		before = guest_counts(env.slot[0]);
		igt_assert_f(run_tool(out, sizeof(out), args) == 0, "%s:\n%s\n", args, out);
		check_tool_report(out);
		igt_assert_eq(xevfio_slot_attached(env.slot[0], &gpu, &vf), 0);
		igt_assert_eq(gpu, env.b);
		igt_assert_eq(vf, 1);
		igt_assert(!slot_frozen(env.slot[0]));
		tool_dst.gpu = env.b;
		check_resfix(env.slot[0], &tool_dst, before);

		/* save a VF with its guest slot, load the file into another GPU's VF */
		snprintf(args, sizeof(args), "save xesim%d.vf2 %s", env.a, file);
		igt_assert_f(run_tool(out, sizeof(out), args) == 0, "%s:\n%s\n", args, out);
		igt_assert_eq(stat(file, &st), 0);
		igt_assert_lt_u64(VF_LMEM, st.st_size);
		guc_state(env.a, 2, state, sizeof(state));
		igt_assert_f(!strcmp(state, "READY"), "saved VF left in %s\n", state);
		snprintf(args, sizeof(args), "load xesim%d.vf2 %s", env.b, file);
		igt_assert_f(run_tool(out, sizeof(out), args) == 0, "%s:\n%s\n", args, out);
		/* no guest on xesimB.vf2: nobody answers */
		guc_state(env.b, 2, state, sizeof(state));
		igt_assert_eq(strcmp(state, "RESFIX_BLOCKED"), 0);

		/*
		 * a failing destination: exit 1, the failed phase and its errno, the
		 * guest stays on the source, thawed
		 */
		arm(env.a, "guc_restore", 1);
		snprintf(args, sizeof(args), "migrate %d xesim%d.vf1", env.slot[0], env.a);
		igt_assert_eq(run_tool(out, sizeof(out), args), 1);
		snprintf(args, sizeof(args), "the guest runs on xesim%d.vf1", env.b);
		igt_assert_f(strstr(out, args), "no '%s' in:\n%s\n", args, out);
		check_tool_error(out, strstr(out, ": transfer: ") ? "transfer" : "dst_stop");
		igt_assert_eq(xevfio_slot_attached(env.slot[0], &gpu, &vf), 0);
		igt_assert_eq(gpu, env.b);
		igt_assert_eq(vf, 1);
		igt_assert(!slot_frozen(env.slot[0]));
		unlink(file);
		env_destroy(&env);
	}
}
