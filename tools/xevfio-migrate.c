// SPDX-License-Identifier: GPL-2.0
/*
 * xevfio-migrate: the VMM role of Xe SR-IOV VF live migration, through the
 * VFIO uAPI (cdev + iommufd) and the xesim guest-slot sysfs files only.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xevfio_client.h"
#include "lib/xevfio_migrate.h"

static const char *prog = "xevfio-migrate";
/* --json: the report of migrate, save and load as one JSON object on stdout */
static bool json;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [--chunk BYTES] [--json] COMMAND ARGS...\n"
		"\n"
		"The VMM role of Xe SR-IOV VF live migration on the xesim device.\n"
		"A VF is named as on the bus, xesimN.vfM; a guest slot by its number S.\n"
		"\n"
		"Commands:\n"
		"  list                     the GPUs, their VFs (VFIO device, driver,\n"
		"                           guest slot) and the guest slots\n"
		"  start S xesimN.vfM       start guest slot S on a VF (creates the slot)\n"
		"  migrate S xesimN.vfM     live-migrate slot S from its VF to this one:\n"
		"                           freeze, source RUNNING_P2P -> STOP_COPY,\n"
		"                           destination RESUMING, stream, STOP, re-attach,\n"
		"                           destination RUNNING, thaw, source STOP;\n"
		"                           prints per-phase times, downtime and bytes\n"
		"  save xesimN.vfM FILE     save the VF's stream to FILE (the VF resumes;\n"
		"                           its guest slot, if any, is frozen meanwhile)\n"
		"  load xesimN.vfM FILE     load a stream from FILE into the VF and run it\n"
		"                           (its guest slot, if any, is frozen meanwhile)\n"
		"\n"
		"Options:\n"
		"  --chunk BYTES            bytes per read of a data file (default %u)\n"
		"  --json                   print the report of migrate, save or load as\n"
		"                           one JSON object (also when it fails), times in\n"
		"                           CLOCK_MONOTONIC milliseconds; see below\n"
		"  -h, --help               this text\n"
		"\n"
		"Exits 0 on success; on failure prints the failed step and its errno\n"
		"and exits 1; a migration that failed before the destination ran leaves\n"
		"the guest running on the source, and the message names the VF the\n"
		"guest runs on.\n"
		"\n"
		"JSON of migrate: command, slot, from, to, ok, committed, failed (the\n"
		"failed phase or null), error (its errno text or null), start_ms, end_ms,\n"
		"phases (name, start_ms, ms; a phase starts where the one before it\n"
		"ended), downtime_ms, total_ms, open_ms and close_ms (the VFIO devices'\n"
		"open before and close after), bytes, mib_s. Of save and load: command,\n"
		"vf, file, ok, error, start_ms, ms, bytes.\n",
		prog, XEVFIO_CHUNK);
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(-err));
	return 1;
}

static int parse_vf(const char *name, int *gpu, int *vf)
{
	char tail;

	if (sscanf(name, "xesim%d.vf%d%c", gpu, vf, &tail) != 2 || *gpu < 0 ||
	    *vf < 1) {
		fprintf(stderr, "%s: '%s' is not a VF name (xesimN.vfM)\n",
			prog, name);
		return -EINVAL;
	}
	return 0;
}

static int parse_slot(const char *arg, int *slot)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end || v < 0 || v > 1000000) {
		fprintf(stderr, "%s: '%s' is not a slot number\n", prog, arg);
		return -EINVAL;
	}
	*slot = v;
	return 0;
}

static int cmd_list(void)
{
	char path[512], buf[256], cdev[64];
	struct dirent *de;
	int gpu, vf, slot, g, v;
	DIR *d;

	d = opendir(XEVFIO_SYSFS_BUS "/devices");
	if (!d)
		return fail(XEVFIO_SYSFS_BUS "/devices", -errno);
	while ((de = readdir(d))) {
		if (sscanf(de->d_name, "xesim%d.vf%d", &gpu, &vf) == 2) {
			const char *drv;
			ssize_t n;

			snprintf(path, sizeof(path),
				 XEVFIO_SYSFS_BUS "/devices/%s/driver", de->d_name);
			n = readlink(path, buf, sizeof(buf) - 1);
			buf[n > 0 ? n : 0] = '\0';
			if (xevfio_dev_cdev(gpu, vf, cdev, sizeof(cdev)))
				snprintf(cdev, sizeof(cdev), "-");
			drv = n > 0 ? strrchr(buf, '/') : NULL;
			printf("vf   %-14s driver %-8s vfio %s\n", de->d_name,
			       drv ? drv + 1 : "-", cdev);
		} else if (sscanf(de->d_name, "xesim%d", &gpu) == 1) {
			snprintf(path, sizeof(path),
				 XEVFIO_SYSFS_BUS "/devices/%s/sriov_numvfs",
				 de->d_name);
			if (xevfio_sysfs_read(path, buf, sizeof(buf)) < 0)
				snprintf(buf, sizeof(buf), "?");
			printf("gpu  %-14s vfs %s\n", de->d_name, buf);
		} else if (sscanf(de->d_name, "xeslot%d", &slot) == 1) {
			if (xevfio_slot_attached(slot, &g, &v))
				continue;
			snprintf(path, sizeof(path),
				 XEVFIO_SYSFS_BUS "/devices/%s/freeze", de->d_name);
			if (xevfio_sysfs_read(path, buf, sizeof(buf)) < 0)
				snprintf(buf, sizeof(buf), "?");
			if (g < 0)
				printf("slot %-14s detached\n", de->d_name);
			else
				printf("slot %-14s on xesim%d.vf%d frozen %s\n",
				       de->d_name, g, v, buf);
		}
	}
	closedir(d);
	return 0;
}

static int cmd_start(int slot, int gpu, int vf)
{
	int ret = xevfio_slot_start(slot, gpu, vf);

	if (ret)
		return fail("start", ret);
	printf("xeslot%d started on xesim%d.vf%d\n", slot, gpu, vf);
	return 0;
}

static void print_report(const struct xevfio_mig_report *rep)
{
	double xfer = rep->ms[XEVFIO_PHASE_TRANSFER];
	int i;

	for (i = 0; i < XEVFIO_PHASE_NR; i++)
		printf("  %-16s %10.3f ms\n", xevfio_phase_name(i), rep->ms[i]);
	printf("  %-16s %10.3f ms (freeze to thaw)\n", "downtime",
	       rep->downtime_ms);
	printf("  %-16s %10.3f ms\n", "total", rep->total_ms);
	printf("  %-16s %10llu bytes, %.1f MiB/s in transfer\n", "moved",
	       (unsigned long long)rep->bytes,
	       xfer > 0 ? rep->bytes / (1024.0 * 1024.0) / (xfer / 1e3) : 0.0);
}

/* a JSON string: the names printed here need no escaping but a quote or a backslash */
static void json_str(const char *key, const char *v, const char *sep)
{
	if (!v) {
		printf("\"%s\": null%s", key, sep);
		return;
	}
	printf("\"%s\": \"", key);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			putchar('\\');
		putchar(*v);
	}
	printf("\"%s", sep);
}

static void print_json(int slot, int sg, int sv, int gpu, int vf, double t0,
		       const struct xevfio_mig_report *rep, int ret, double open_ms,
		       double close_ms)
{
	double xfer = rep->ms[XEVFIO_PHASE_TRANSFER], at = t0;
	char name[32];
	int i;

	printf("{\"command\": \"migrate\", \"slot\": %d, ", slot);
	snprintf(name, sizeof(name), "xesim%d.vf%d", sg, sv);
	json_str("from", name, ", ");
	snprintf(name, sizeof(name), "xesim%d.vf%d", gpu, vf);
	json_str("to", name, ",\n");
	printf(" \"ok\": %s, \"committed\": %s, ", ret ? "false" : "true",
	       rep->committed ? "true" : "false");
	json_str("failed", ret ? xevfio_phase_name(rep->failed) : NULL, ", ");
	json_str("error", ret ? strerror(-ret) : NULL, ",\n");
	printf(" \"start_ms\": %.3f, \"end_ms\": %.3f,\n \"phases\": [", t0,
	       t0 + rep->total_ms);
	for (i = 0; i < XEVFIO_PHASE_NR; i++) {
		printf("%s{\"name\": \"%s\", \"start_ms\": %.3f, \"ms\": %.3f}",
		       i ? ",\n   " : "\n   ", xevfio_phase_name(i), at, rep->ms[i]);
		at += rep->ms[i];
	}
	printf("],\n \"downtime_ms\": %.3f, \"total_ms\": %.3f, ",
	       rep->downtime_ms, rep->total_ms);
	printf("\"open_ms\": %.3f, \"close_ms\": %.3f, ", open_ms, close_ms);
	printf("\"bytes\": %llu, \"mib_s\": %.1f}\n",
	       (unsigned long long)rep->bytes,
	       xfer > 0 ? rep->bytes / (1024.0 * 1024.0) / (xfer / 1e3) : 0.0);
}

static int cmd_migrate(int slot, int gpu, int vf, size_t chunk)
{
	struct xevfio_dev src, dst;
	struct xevfio_mig_report rep;
	double t0, open_ms, close_ms;
	int sg, sv, ret;

	ret = xevfio_slot_attached(slot, &sg, &sv);
	if (ret)
		return fail("slot", ret);
	if (sg < 0)
		return fail("slot is not attached", -ENODEV);
	if (sg == gpu && sv == vf)
		return fail("destination", -EINVAL);
	open_ms = xevfio_now_ms();
	ret = xevfio_dev_open(&src, sg, sv);
	if (ret)
		return fail("open source VFIO device", ret);
	ret = xevfio_dev_open(&dst, gpu, vf);
	if (ret) {
		xevfio_dev_close(&src);
		return fail("open destination VFIO device", ret);
	}
	if (!json)
		printf("migrate xeslot%d: xesim%d.vf%d -> xesim%d.vf%d\n", slot,
		       sg, sv, gpu, vf);
	t0 = xevfio_now_ms();
	open_ms = t0 - open_ms;
	ret = xevfio_migrate(slot, &src, &dst, chunk, &rep);
	if (!json)
		print_report(&rep);
	/* closing the source, stopped, resets its VF */
	close_ms = xevfio_now_ms();
	xevfio_dev_close(&dst);
	xevfio_dev_close(&src);
	close_ms = xevfio_now_ms() - close_ms;
	if (json)
		print_json(slot, sg, sv, gpu, vf, t0, &rep, ret, open_ms, close_ms);
	if (ret) {
		fprintf(stderr, "%s: the guest runs on xesim%d.vf%d\n", prog,
			rep.committed ? gpu : sg, rep.committed ? vf : sv);
		return fail(xevfio_phase_name(rep.failed), ret);
	}
	return 0;
}

static void print_save_load_json(bool save, int gpu, int vf, const char *file,
				 int err, double start, double ms, __u64 bytes)
{
	char name[32];

	printf("{\"command\": \"%s\", ", save ? "save" : "load");
	snprintf(name, sizeof(name), "xesim%d.vf%d", gpu, vf);
	json_str("vf", name, ", ");
	json_str("file", file, ", ");
	printf("\"ok\": %s, ", err ? "false" : "true");
	json_str("error", err ? strerror(-err) : NULL, ", ");
	printf("\"start_ms\": %.3f, \"ms\": %.3f, \"bytes\": %llu}\n", start,
	       ms, (unsigned long long)bytes);
}

static int cmd_save_load(bool save, int gpu, int vf, const char *file,
			 size_t chunk)
{
	const char *what = file;
	struct xevfio_dev dev;
	int fd, ret, slot;
	__u64 bytes = 0;
	double t0, start;

	start = xevfio_now_ms();
	t0 = start;
	fd = save ? open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) :
		    open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	ret = xevfio_vf_slot(gpu, vf, &slot);
	if (ret) {
		what = "find the VF's guest slot";
		goto close_file;
	}
	ret = xevfio_dev_open(&dev, gpu, vf);
	if (ret) {
		what = "open VFIO device";
		goto close_file;
	}
	/* the guest on the VF, if any, is stopped for a consistent state */
	t0 = xevfio_now_ms();
	ret = slot >= 0 ? xevfio_slot_freeze(slot, true) : 0;
	if (ret) {
		what = "freeze the guest slot";
		goto close_dev;
	}
	ret = save ? xevfio_save(&dev, fd, chunk, &bytes) :
		     xevfio_load(&dev, fd, chunk, &bytes);
	what = save ? "save" : "load";
	if (slot >= 0 && xevfio_slot_freeze(slot, false) && !ret) {
		ret = xevfio_slot_freeze(slot, false);
		what = "thaw the guest slot";
	}
close_dev:
	xevfio_dev_close(&dev);
close_file:
	if (close(fd) && !ret) {
		ret = -errno;
		what = file;
	}
out:
	t0 = xevfio_now_ms() - t0;
	if (json)
		print_save_load_json(save, gpu, vf, file, ret, start, t0, bytes);
	if (ret)
		return fail(what, ret);
	if (!json)
		printf("%s xesim%d.vf%d: %llu bytes in %.3f ms\n",
		       save ? "saved" : "loaded", gpu, vf,
		       (unsigned long long)bytes, t0);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "chunk", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	size_t chunk = XEVFIO_CHUNK;
	int c, slot, gpu, vf;
	const char *cmd;
	char *end;

	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			chunk = strtoul(optarg, &end, 0);
			if (*end || !chunk || chunk > (1u << 30)) {
				fprintf(stderr, "%s: bad --chunk '%s'\n", prog,
					optarg);
				return 2;
			}
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind++];
	argc -= optind;
	argv += optind;

	if (!strcmp(cmd, "list") && argc == 0)
		return cmd_list();
	if ((!strcmp(cmd, "start") || !strcmp(cmd, "migrate")) && argc == 2) {
		if (parse_slot(argv[0], &slot) || parse_vf(argv[1], &gpu, &vf))
			return 2;
		return cmd[0] == 's' ? cmd_start(slot, gpu, vf) :
				       cmd_migrate(slot, gpu, vf, chunk);
	}
	if ((!strcmp(cmd, "save") || !strcmp(cmd, "load")) && argc == 2) {
		if (parse_vf(argv[0], &gpu, &vf))
			return 2;
		return cmd_save_load(!strcmp(cmd, "save"), gpu, vf, argv[1],
				     chunk);
	}
	usage(stderr);
	return 2;
}
