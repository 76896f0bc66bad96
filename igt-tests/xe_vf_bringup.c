// SPDX-License-Identifier: MIT
/*
 * Bring-up of the xe driver on a VF whose GuC is slow or silent: the MMIO relay resends a
 * request that got no reply or a RETRY, waits longer on BUSY, and bring-up sends VF_RESET again
 * when a whole relay send times out, a bounded number of times.
 */
#include <fcntl.h>
#include <unistd.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_xesim.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Bring the VF up through a GuC that drops, defers or refuses requests.");

/*
 * The driver's documented bounds (DOC: xevf MMIO relay, xevf bring-up): one relay request is
 * sent at most 5 times, VF_RESET is tried at most 10 times.
 */
#define RELAY_MAX_SENDS		5
#define VF_RESET_MAX_TRIES	10

static int gpu = -1, slot = -1;

static void knob_arm(const char *knob, int count)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), IGT_XESIM_DEBUGFS "/xesim/xesim%d/fail_%s", gpu, knob);
	fd = open(path, O_WRONLY);
	igt_assert_f(fd >= 0, "%s: %s\n", path, strerror(errno));
	igt_assert_f(dprintf(fd, "%d\n", count) > 0, "%s: %s\n", path, strerror(errno));
	close(fd);
}

/* How often @knob of the GPU fired, from its debugfs "info". */
static int knob_fired(const char *knob)
{
	char *info = igt_xesim_debugfs_read("xesim/xesim%d/info", gpu), key[64], *line;
	int armed, fired;

	snprintf(key, sizeof(key), "fail_%s: ", knob);
	line = strstr(info, key);
	igt_assert_f(line && sscanf(line + strlen(key), "armed %d fired %d", &armed, &fired) == 2,
		     "no %s in:\n%s", key, info);
	free(info);
	return fired;
}

/* Removes what setup() created, also after a subtest that stopped early. */
static void teardown(void)
{
	if (gpu >= 0)
		knob_arm("guc_drop", 0);
	if (slot >= 0)
		igt_xesim_del_slot(slot);
	if (gpu >= 0) {
		igt_xesim_set_numvfs(gpu, 0);
		igt_xesim_del_device(gpu);
	}
	gpu = -1;
	slot = -1;
}

/* A GPU with one VF and a guest slot, not attached yet. */
static void setup(void)
{
	teardown();
	gpu = igt_xesim_free_gpu_id();
	igt_xesim_new_device(gpu, "vram=16M");
	igt_xesim_set_numvfs(gpu, 1);
	slot = igt_xesim_free_slot_id();
	igt_xesim_new_slot(slot);
}

/* The relay retries counted by the bound driver (its debugfs guc_info). */
static __u64 relay_retries(int card)
{
	char *text = igt_xesim_debugfs_read("dri/%d/guc_info", card), *p;
	unsigned long long requests, retries;

	p = strstr(text, "relay requests ");
	igt_assert_f(p && sscanf(p, "relay requests %llu retries %llu", &requests,
				 &retries) == 2, "no relay counters in:\n%s", text);
	igt_info("relay: %llu requests, %llu retries\n", requests, retries);
	free(text);
	return retries;
}

/* Attach the slot with @knob armed @count times; the driver binds and works. */
static void bringup_through(const char *knob, int count, __u64 expect_retries)
{
	int card, fd;

	setup();
	knob_arm(knob, count);
	igt_xesim_attach(slot, gpu, 1);
	card = igt_xesim_wait_slot_card(slot, IGT_XESIM_CARD_TIMEOUT_MS);
	igt_assert_f(card >= 0, "the driver did not bind through fail_%s=%d\n", knob, count);
	igt_assert_eq(knob_fired(knob), count);
	/* each dropped request or RETRY reply was sent again, and nothing else was */
	igt_assert_eq_u64(relay_retries(card), expect_retries);
	fd = igt_xesim_open_slot(slot, IGT_XESIM_CARD_TIMEOUT_MS);
	igt_assert_f(is_xe_device(fd), "the driver on the VF is not DRM driver \"xe\"\n");
	igt_assert_lt(0, (int)xe_number_engines(fd));
	xe_device_put(fd);
	drm_close_driver(fd);
	teardown();
}

/* A GuC that never answers: bring-up stops after its bounded number of sends. */
static void bringup_gives_up(void)
{
	setup();
	knob_arm("guc_drop", -1);
	/* the probe runs in the attach, and fails: the attach itself may still succeed */
	__igt_xesim_attach(slot, gpu, 1);
	igt_assert_eq(knob_fired("guc_drop"), RELAY_MAX_SENDS * VF_RESET_MAX_TRIES);
	igt_assert_f(igt_xesim_slot_card(slot) < 0, "the driver bound to a silent GuC\n");
	usleep(200 * 1000);
	/* and nothing sends after giving up */
	igt_assert_eq(knob_fired("guc_drop"), RELAY_MAX_SENDS * VF_RESET_MAX_TRIES);
	teardown();
}

/* The range "KEY 0xSTART+0xSIZE" in @text. */
static void find_range(const char *text, const char *key, __u64 *start, __u64 *size)
{
	char fmt[64];
	const char *p = strstr(text, key);
	unsigned long long a, b;

	snprintf(fmt, sizeof(fmt), "%s %%llx+%%llx", key);
	igt_assert_f(p && sscanf(p, fmt, &a, &b) == 2, "no \"%s\" range in:\n%s", key, text);
	*start = a;
	*size = b;
}

struct kbo {
	char name[32];
	__u64 ggtt, size;
};

/* The kernel buffers the driver's debugfs "ggtt" lists, each checked inside the VF's range. */
static int read_kbos(int card, __u64 start, __u64 size, struct kbo *kbos, int max)
{
	char *text = igt_xesim_debugfs_read("dri/%d/ggtt", card), *line;
	int n = 0;

	for (line = strstr(text, "\nkbo "); line; line = strstr(line + 1, "\nkbo ")) {
		unsigned long long a, b;
		struct kbo *k = &kbos[n];

		igt_assert_lt(n, max);
		igt_assert(sscanf(line + 1, "kbo %31s ggtt %llx+%llx", k->name, &a, &b) == 3);
		k->ggtt = a;
		k->size = b;
		igt_assert_f(k->ggtt >= start && k->ggtt + k->size <= start + size,
			     "kbo %s at %#llx+%#llx outside the VF's GGTT %#llx+%#llx\n", k->name,
			     a, b, (unsigned long long)start, (unsigned long long)size);
		n++;
	}
	free(text);
	return n;
}

static const struct kbo *find_kbo(const struct kbo *kbos, int n, const char *name, __u64 addr)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(kbos[i].name, name) && addr >= kbos[i].ggtt &&
		    addr < kbos[i].ggtt + kbos[i].size)
			return &kbos[i];
	return NULL;
}

static int count_kbos(const struct kbo *kbos, int n, const char *name)
{
	int i, c = 0;

	for (i = 0; i < n; i++)
		c += !strcmp(kbos[i].name, name);
	return c;
}

/*
 * The driver's debugfs as a consistent picture of the VF: the GGTT range the GuC reported is
 * the one the PF provisioned; every kernel buffer is inside it; the CT rings and every exec
 * queue's context image are in kernel buffers of their kind; a destroyed queue leaves nothing.
 */
static void test_debugfs(void)
{
	char *text, *p, key[16];
	__u64 start, size, pf_start, pf_size, h2g, lrca;
	unsigned long long a;
	struct kbo kbos[64];
	int card, fd, n, enabled, broken;
	__u32 vm, q;

	setup();
	igt_xesim_attach(slot, gpu, 1);
	card = igt_xesim_wait_slot_card(slot, IGT_XESIM_CARD_TIMEOUT_MS);
	igt_assert_lte(0, card);
	fd = igt_xesim_open_slot(slot, IGT_XESIM_CARD_TIMEOUT_MS);

	text = igt_xesim_debugfs_read("dri/%d/guc_info", card);
	find_range(text, "ggtt", &start, &size);
	igt_assert_f(strstr(text, "interface "), "no interface version in:\n%s", text);
	free(text);
	text = igt_xesim_debugfs_read("xepf/xesim%d/config", gpu);
	snprintf(key, sizeof(key), "VF%d ggtt", 1);
	find_range(text, key, &pf_start, &pf_size);
	free(text);
	igt_assert_eq_u64(start, pf_start);
	igt_assert_eq_u64(size, pf_size);

	vm = xe_vm_create(fd, 0, 0);
	q = xe_exec_queue_create(fd, vm, &xe_engine(fd, 0)->instance, 0);
	n = read_kbos(card, start, size, kbos, ARRAY_SIZE(kbos));
	igt_assert_eq(count_kbos(kbos, n, "ct"), 1);
	igt_assert_eq(count_kbos(kbos, n, "memirq"), 1);
	igt_assert_eq(count_kbos(kbos, n, "lrc"), 1);

	text = igt_xesim_debugfs_read("dri/%d/guc_ct", card);
	igt_assert_f(sscanf(text, "enabled %d broken %d", &enabled, &broken) == 2,
		     "no channel state in:\n%s", text);
	igt_assert_eq(enabled, 1);
	igt_assert_eq(broken, 0);
	p = strstr(text, "H2G ggtt ");
	igt_assert(p && sscanf(p, "H2G ggtt %llx", &a) == 1);
	h2g = a;
	igt_assert_f(find_kbo(kbos, n, "ct", h2g), "H2G ring %#llx not in the CT buffer\n", a);
	free(text);

	text = igt_xesim_debugfs_read("dri/%d/exec_queues", card);
	p = strstr(text, " lrca ");
	igt_assert_f(p && sscanf(p, " lrca %llx", &a) == 1, "no exec queue in:\n%s", text);
	lrca = a;
	igt_assert_f(!strstr(p + 1, " lrca "), "more than one exec queue in:\n%s", text);
	igt_assert_f(find_kbo(kbos, n, "lrc", lrca), "LRCA %#llx not in an lrc buffer\n", a);
	free(text);

	xe_exec_queue_destroy(fd, q);
	xe_vm_destroy(fd, vm);
	text = igt_xesim_debugfs_read("dri/%d/exec_queues", card);
	igt_assert_f(!strstr(text, " lrca "), "a destroyed queue is still listed:\n%s", text);
	free(text);
	n = read_kbos(card, start, size, kbos, ARRAY_SIZE(kbos));
	igt_assert_eq(count_kbos(kbos, n, "lrc"), 0);

	xe_device_put(fd);
	drm_close_driver(fd);
	teardown();
}

igt_main
{
	igt_fixture {
		igt_require_xesim();
		igt_require_xesim_driver("xepf");
		igt_require_xesim_driver("xevf");
	}

	igt_describe("VF_RESET requests dropped beyond one relay send: bring-up sends it again.");
	igt_subtest("vf-reset-retry")
		bringup_through("guc_drop", RELAY_MAX_SENDS + 2, RELAY_MAX_SENDS + 2);

	igt_describe("A GuC that never answers VF_RESET: bring-up gives up after a bounded time.");
	igt_subtest("vf-reset-gives-up")
		bringup_gives_up();

	igt_describe("A BUSY reply: the relay waits longer for the final one, without resending.");
	igt_subtest("relay-busy")
		bringup_through("guc_busy", 1, 0);

	igt_describe("A RETRY reply: the relay sends the request again.");
	igt_subtest("relay-retry")
		bringup_through("guc_retry", 1, 1);

	igt_describe("debugfs: GGTT range and buffers, CT state, exec queues, consistent.");
	igt_subtest("debugfs")
		test_debugfs();

	igt_fixture {
		teardown();
	}
}
