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

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [--chunk BYTES] COMMAND ARGS...\n"
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
		"  -h, --help               this text\n"
		"\n"
		"Exits 0 on success; on failure prints the failed step and its errno\n"
		"and exits 1; a migration that failed before the destination ran leaves\n"
		"the guest running on the source, and the message names the VF the\n"
		"guest runs on.\n",
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

static int cmd_migrate(int slot, int gpu, int vf, size_t chunk)
{
	struct xevfio_dev src, dst;
	struct xevfio_mig_report rep;
	int sg, sv, ret;

	ret = xevfio_slot_attached(slot, &sg, &sv);
	if (ret)
		return fail("slot", ret);
	if (sg < 0)
		return fail("slot is not attached", -ENODEV);
	if (sg == gpu && sv == vf)
		return fail("destination", -EINVAL);
	ret = xevfio_dev_open(&src, sg, sv);
	if (ret)
		return fail("open source VFIO device", ret);
	ret = xevfio_dev_open(&dst, gpu, vf);
	if (ret) {
		xevfio_dev_close(&src);
		return fail("open destination VFIO device", ret);
	}
	printf("migrate xeslot%d: xesim%d.vf%d -> xesim%d.vf%d\n", slot, sg, sv,
	       gpu, vf);
	ret = xevfio_migrate(slot, &src, &dst, chunk, &rep);
	print_report(&rep);
	xevfio_dev_close(&dst);
	xevfio_dev_close(&src);
	if (ret) {
		fprintf(stderr, "%s: the guest runs on xesim%d.vf%d\n", prog,
			rep.committed ? gpu : sg, rep.committed ? vf : sv);
		return fail(xevfio_phase_name(rep.failed), ret);
	}
	return 0;
}

static int cmd_save_load(bool save, int gpu, int vf, const char *file,
			 size_t chunk)
{
	struct xevfio_dev dev;
	int fd, ret, slot;
	__u64 bytes = 0;
	double t0;

	fd = save ? open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) :
		    open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(file, -errno);
	ret = xevfio_vf_slot(gpu, vf, &slot);
	if (ret) {
		close(fd);
		return fail("find the VF's guest slot", ret);
	}
	ret = xevfio_dev_open(&dev, gpu, vf);
	if (ret) {
		close(fd);
		return fail("open VFIO device", ret);
	}
	/* the guest on the VF, if any, is stopped for a consistent state */
	t0 = xevfio_now_ms();
	ret = slot >= 0 ? xevfio_slot_freeze(slot, true) : 0;
	if (ret) {
		ret = fail("freeze the guest slot", ret);
		goto close_dev;
	}
	ret = save ? xevfio_save(&dev, fd, chunk, &bytes) :
		     xevfio_load(&dev, fd, chunk, &bytes);
	if (slot >= 0 && xevfio_slot_freeze(slot, false) && !ret)
		ret = xevfio_slot_freeze(slot, false);
	t0 = xevfio_now_ms() - t0;
	if (ret)
		ret = fail(save ? "save" : "load", ret);
close_dev:
	xevfio_dev_close(&dev);
	if (close(fd) && !ret)
		ret = fail(file, -errno);
	if (ret)
		return ret;
	printf("%s xesim%d.vf%d: %llu bytes in %.3f ms\n",
	       save ? "saved" : "loaded", gpu, vf, (unsigned long long)bytes, t0);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "chunk", required_argument, NULL, 'c' },
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
