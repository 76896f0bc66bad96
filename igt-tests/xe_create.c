// SPDX-License-Identifier: MIT
/*
 * Creation ioctls of BOs and exec queues on a VF: what they refuse, and with which errno
 * (upstream xe's).
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <linux/types.h>

#include "igt.h"
#include "igt_xesim.h"
#include "xe/xe_ioctl.h"
#include "xe/xe_query.h"

IGT_TEST_DESCRIPTION("Check the arguments of GEM_CREATE and of the exec queue ioctls.");

static struct igt_xesim_guest guest = IGT_XESIM_GUEST_INIT;
static int fd = -1;

static int gem_create_err(struct drm_xe_gem_create *create)
{
	int err = igt_ioctl(fd, DRM_IOCTL_XE_GEM_CREATE, create) ? -errno : 0;

	/* the handle is an output: clear it, so that the request can be used again */
	if (!err)
		gem_close(fd, create->handle);
	create->handle = 0;
	return err;
}

/* A request that works: one page of system memory, write-back. */
static struct drm_xe_gem_create good_create(void)
{
	return (struct drm_xe_gem_create) {
		.size = 4096,
		.placement = system_memory(fd),
		.cpu_caching = DRM_XE_GEM_CPU_CACHING_WB,
	};
}

static void create_invalid_mbz(void)
{
	struct drm_xe_gem_create c = good_create();

	igt_assert_eq(gem_create_err(&c), 0);
	c = good_create();
	c.extensions = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c = good_create();
	c.pad[0] = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c = good_create();
	c.pad[2] = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c = good_create();
	c.reserved[1] = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c = good_create();
	c.handle = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
}

static void create_invalid_size(void)
{
	struct drm_xe_gem_create c = good_create();

	c.size = 0;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.size = 4095;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.size = 4096 + 8;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
}

/* A fresh MEM_REGIONS answer (xe_device_get() keeps the first one): the usage figures. */
static struct drm_xe_mem_region region_now(__u64 region)
{
	struct drm_xe_query_mem_regions *mem;
	struct drm_xe_mem_region r = {};
	__u32 i;

	mem = xe_query_alloc(fd, DRM_XE_DEVICE_QUERY_MEM_REGIONS, NULL);
	for (i = 0; i < mem->num_mem_regions; i++)
		if (region == 1ull << mem->mem_regions[i].instance)
			r = mem->mem_regions[i];
	free(mem);
	igt_assert_f(r.min_page_size, "no region %#llx\n", (unsigned long long)region);
	return r;
}

static int bo_create_err(__u64 size, __u32 placement, __u32 flags, __u32 *handle)
{
	*handle = 0;
	return __xe_bo_create(fd, 0, size, placement, flags, handle);
}

/*
 * Upstream's rule: a size must be a whole number of the region's minimum pages (64 KiB for
 * VRAM here), for each region of the placement; half a minimum page, and a minimum page plus
 * a CPU page, are EINVAL.
 */
static void create_invalid_size_region(void)
{
	__u64 regions = all_memory_regions(fd), region;
	__u32 handle;

	for (region = 1; region && region <= regions; region <<= 1) {
		struct drm_xe_mem_region *r;

		if (!(regions & region))
			continue;
		r = xe_mem_region(fd, region);
		igt_info("%s: min page %u\n", xe_region_name(region), r->min_page_size);
		igt_assert_eq(bo_create_err(r->min_page_size >> 1, region, 0, &handle), -EINVAL);
		if (r->min_page_size > 4096)
			igt_assert_eq(bo_create_err(r->min_page_size + 4096, region, 0, &handle),
				      -EINVAL);
		igt_assert_eq(bo_create_err(r->min_page_size, region, 0, &handle), 0);
		gem_close(fd, handle);
	}
	/* system memory with VRAM as an alternative takes VRAM's rule */
	igt_require(xe_has_vram(fd));
	igt_assert_eq(bo_create_err(4096, system_memory(fd) | vram_memory(fd, 0), 0, &handle),
		      -EINVAL);
	igt_assert_eq(bo_create_err(65536, system_memory(fd) | vram_memory(fd, 0), 0, &handle),
		      0);
	gem_close(fd, handle);
}

/* Larger than a region can ever hold: ENOSPC (not EINVAL), in every region. */
static void create_massive_size(void)
{
	__u64 regions = all_memory_regions(fd), region;
	__u32 handle;

	for (region = 1; region && region <= regions; region <<= 1) {
		struct drm_xe_mem_region *r;

		if (!(regions & region))
			continue;
		r = xe_mem_region(fd, region);
		igt_assert_eq(bo_create_err(-1ull << 32, region, 0, &handle), -ENOSPC);
		igt_assert_eq(bo_create_err(r->total_size + r->min_page_size, region, 0, &handle),
			      -ENOSPC);
	}
}

/*
 * The VF's whole LMEM share in one object, mapped and written at both ends; then VRAM is full
 * (ENOSPC for VRAM alone, system memory for a placement that allows it), and the usage the
 * query reports moves with it.
 */
static void create_big_vram(void)
{
	__u64 vram = vram_memory(fd, 0), sysmem = system_memory(fd), size, before;
	__u32 bo, bo2, small;
	__u32 *ptr;

	igt_require(vram);
	before = region_now(vram).cpu_visible_used;
	size = region_now(vram).cpu_visible_size - before;
	igt_info("VRAM %#llx bytes free of %#llx\n", (unsigned long long)size,
		 (unsigned long long)region_now(vram).total_size);
	igt_assert_lt_u64(0, size);
	bo = xe_bo_create(fd, 0, size, vram, DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM);
	igt_assert_eq_u64(region_now(vram).used, before + size);
	igt_assert_eq_u64(region_now(vram).cpu_visible_used, before + size);
	ptr = xe_bo_map(fd, bo, size);
	igt_assert_eq_u32(ptr[0], 0);
	igt_assert_eq_u32(ptr[size / 4 - 1], 0);
	ptr[0] = 0xdeadbeef;
	ptr[size / 4 - 1] = 0xc0ffee;
	igt_assert_eq_u32(ptr[0], 0xdeadbeef);
	igt_assert_eq_u32(ptr[size / 4 - 1], 0xc0ffee);
	munmap(ptr, size);

	igt_assert_eq(bo_create_err(65536, vram, 0, &bo2), -ENOSPC);
	igt_assert_eq(bo_create_err(65536, vram | sysmem, 0, &bo2), 0);
	gem_close(fd, bo2);
	gem_close(fd, bo);
	igt_assert_eq_u64(region_now(vram).used, before);
	igt_assert_eq(bo_create_err(65536, vram, 0, &small), 0);
	gem_close(fd, small);
}

/* A big system memory object: the usage moves by its size, and back. */
static void create_big_sysmem(void)
{
	__u64 sysmem = system_memory(fd), size = 64ull << 20, before;
	__u32 bo;
	__u32 *ptr;

	before = region_now(sysmem).used;
	igt_require(region_now(sysmem).total_size >= 4 * size);
	bo = xe_bo_create(fd, 0, size, sysmem, 0);
	igt_assert_eq_u64(region_now(sysmem).used, before + size);
	ptr = xe_bo_map(fd, bo, size);
	ptr[size / 4 - 1] = 0xc0ffee;
	igt_assert_eq_u32(ptr[size / 4 - 1], 0xc0ffee);
	munmap(ptr, size);
	gem_close(fd, bo);
	igt_assert_eq_u64(region_now(sysmem).used, before);
}

static void create_invalid_placement(void)
{
	struct drm_xe_gem_create c = good_create();

	c.placement = 0;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	/* the first region the device does not have */
	c.placement = 1u << __builtin_popcountll(all_memory_regions(fd));
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.placement = 0x80000000;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
}

static void create_invalid_caching(void)
{
	struct drm_xe_gem_create c = good_create();

	c.cpu_caching = 0;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.cpu_caching = DRM_XE_GEM_CPU_CACHING_WC + 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.cpu_caching = DRM_XE_GEM_CPU_CACHING_WC;
	igt_assert_eq(gem_create_err(&c), 0);

	/* VRAM is mapped write-combined only */
	igt_require(vram_memory(fd, 0));
	c.placement = vram_memory(fd, 0);
	c.size = 65536;	/* VRAM's minimum page */
	c.cpu_caching = DRM_XE_GEM_CPU_CACHING_WB;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.cpu_caching = DRM_XE_GEM_CPU_CACHING_WC;
	igt_assert_eq(gem_create_err(&c), 0);
}

static void create_invalid_flags(void)
{
	struct drm_xe_gem_create c = good_create();

	c.flags = DRM_XE_GEM_CREATE_FLAG_NEEDS_VISIBLE_VRAM << 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	c.flags = 0x80000000;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
}

static void create_invalid_vm(void)
{
	struct drm_xe_gem_create c = good_create();
	__u32 vm = xe_vm_create(fd, 0, 0);

	c.vm_id = vm;
	igt_assert_eq(gem_create_err(&c), 0);
	c.vm_id = vm + 1000;
	igt_assert_eq(gem_create_err(&c), -ENOENT);
	xe_vm_destroy(fd, vm);
	c.vm_id = vm;
	igt_assert_eq(gem_create_err(&c), -ENOENT);
}

/* Writes @val to the drm module's debug mask; returns the old mask. */
static unsigned int drm_debug_set(unsigned int val)
{
	const char *path = "/sys/module/drm/parameters/debug";
	unsigned int old = 0;
	FILE *f = fopen(path, "r");

	igt_require_f(f, "no %s\n", path);
	igt_assert(fscanf(f, "%u", &old) == 1);
	fclose(f);
	f = fopen(path, "w");
	igt_assert(f && fprintf(f, "%u\n", val) > 0);
	fclose(f);
	return old;
}

/*
 * A refused argument says why in the kernel log (at debug level, drm.debug's DRIVER category,
 * as upstream's XE_IOCTL_DBG() does): the failed check itself is named.
 */
static void create_invalid_logged(void)
{
	struct drm_xe_gem_create c = good_create();
	unsigned int old = drm_debug_set(0x2);
	char rec[1024];
	bool found = false;
	ssize_t n;
	int kmsg;

	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	igt_assert(kmsg >= 0);
	lseek(kmsg, 0, SEEK_END);
	c.pad[1] = 1;
	igt_assert_eq(gem_create_err(&c), -EINVAL);
	drm_debug_set(old);
	while ((n = read(kmsg, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue;
		rec[n] = '\0';
		found |= strstr(rec, "ioctl: check failed") && strstr(rec, "args->pad[1]");
	}
	close(kmsg);
	igt_assert_f(found, "no log line names the failed check\n");
}

static int exec_queue_create_err(struct drm_xe_exec_queue_create *create)
{
	int err = igt_ioctl(fd, DRM_IOCTL_XE_EXEC_QUEUE_CREATE, create) ? -errno : 0;

	if (!err)
		xe_exec_queue_destroy(fd, create->exec_queue_id);
	return err;
}

static void create_execqueue_invalid(void)
{
	struct drm_xe_engine_class_instance eci = xe_engine(fd, 0)->instance, bad;
	__u32 vm = xe_vm_create(fd, 0, 0);
	struct drm_xe_exec_queue_create good = {
		.width = 1,
		.num_placements = 1,
		.vm_id = vm,
		.instances = (__u64)(uintptr_t)&eci,
	}, c;

	c = good;
	igt_assert_eq(exec_queue_create_err(&c), 0);
	c = good;
	c.flags = 1;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	c = good;
	c.reserved[0] = 1;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	c = good;
	c.width = 0;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	c = good;
	c.num_placements = 0;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	c = good;
	c.num_placements = 1000;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	c = good;
	c.instances = 8;
	igt_assert_eq(exec_queue_create_err(&c), -EFAULT);
	c = good;
	c.vm_id = vm + 1000;
	igt_assert_eq(exec_queue_create_err(&c), -ENOENT);

	c = good;
	bad = eci;
	bad.gt_id = 7;
	c.instances = (__u64)(uintptr_t)&bad;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	bad = eci;
	bad.engine_instance = 63;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	bad = eci;
	bad.engine_class = DRM_XE_ENGINE_CLASS_VIDEO_DECODE;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);
	bad.engine_class = 100;
	igt_assert_eq(exec_queue_create_err(&c), -EINVAL);

	xe_vm_destroy(fd, vm);
}

static void destroy_execqueue_invalid(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 q = xe_exec_queue_create(fd, vm, &xe_engine(fd, 0)->instance, 0);
	struct drm_xe_exec_queue_destroy d = { .exec_queue_id = q, .pad = 1 };

	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d, EINVAL);
	d.pad = 0;
	d.reserved[1] = 1;
	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d, EINVAL);
	d.reserved[1] = 0;
	d.exec_queue_id = q + 1000;
	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_DESTROY, &d, ENOENT);
	xe_exec_queue_destroy(fd, q);
	igt_assert_eq(__xe_exec_queue_destroy(fd, q), -ENOENT);
	xe_vm_destroy(fd, vm);
}

static void get_property_invalid(void)
{
	__u32 vm = xe_vm_create(fd, 0, 0);
	__u32 q = xe_exec_queue_create(fd, vm, &xe_engine(fd, 0)->instance, 0);
	struct drm_xe_exec_queue_get_property p = {
		.exec_queue_id = q,
		.property = DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN,
		.value = 0xff,
	};

	do_ioctl(fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &p);
	igt_assert_eq_u64(p.value, 0);
	p.reserved[0] = 1;
	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &p, EINVAL);
	p.reserved[0] = 0;
	p.property = DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN + 1;
	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &p, EINVAL);
	p.property = DRM_XE_EXEC_QUEUE_GET_PROPERTY_BAN;
	p.exec_queue_id = q + 1000;
	do_ioctl_err(fd, DRM_IOCTL_XE_EXEC_QUEUE_GET_PROPERTY, &p, ENOENT);
	xe_exec_queue_destroy(fd, q);
	xe_vm_destroy(fd, vm);
}

/* The GuC context IDs the PF gave VF @vf, from xepf's debugfs "config". */
static unsigned int provisioned_ctxs(int gpu, int vf)
{
	char *text = igt_xesim_debugfs_read("xepf/xesim%d/config", gpu);
	unsigned int first = 0, num = 0;
	char key[16], *line;

	snprintf(key, sizeof(key), "VF%d ", vf);
	line = strstr(text, key);
	igt_assert_f(line, "no %s in xepf config:\n%s", key, text);
	line = strstr(line, "ctx ");
	igt_assert(line && sscanf(line, "ctx %u+%u", &first, &num) == 2);
	free(text);
	return num;
}

#define LIMIT_PROCS	8

/* A child's part: queues on its own file until the first error; both sent up the pipe. */
static void __noreturn
execqueues_child(int cfd, struct drm_xe_engine_class_instance eci, int up, int down)
{
	struct drm_xe_vm_create vc = {};
	int res[2] = { 0, 0 };
	char c;

	if (ioctl(cfd, DRM_IOCTL_XE_VM_CREATE, &vc)) {
		res[1] = -errno;
	} else {
		for (;;) {
			struct drm_xe_exec_queue_create qc = {
				.width = 1, .num_placements = 1, .vm_id = vc.vm_id,
				.instances = (__u64)(uintptr_t)&eci,
			};

			if (ioctl(cfd, DRM_IOCTL_XE_EXEC_QUEUE_CREATE, &qc)) {
				res[1] = -errno;
				break;
			}
			res[0]++;
		}
	}
	if (write(up, res, sizeof(res)) != sizeof(res))
		_exit(1);
	/* hold the queues until the parent has counted; exiting closes the file */
	if (read(down, &c, 1) != 1)
		_exit(1);
	_exit(0);
}

/*
 * As many exec queues as the VF has GuC contexts, one more is ENOSPC; the GGTT the queues'
 * contexts take is not what runs out first. Eight processes, each on its own file, fill the
 * contexts together (and tear their queues down in parallel); once they are gone there is
 * room again.
 */
static void create_execqueues_limit(struct igt_xesim_guest *g, int dev)
{
	struct drm_xe_engine_class_instance eci = xe_engine(dev, 0)->instance;
	unsigned int ctxs = provisioned_ctxs(g->gpu, g->vf), total = 0;
	int up[2], down[2], fds[LIMIT_PROCS], i, j, status;
	pid_t pids[LIMIT_PROCS];
	__u32 vm = xe_vm_create(dev, 0, 0), q;

	igt_info("VF%d: %u contexts\n", g->vf, ctxs);
	igt_assert(!pipe(up) && !pipe(down));
	for (i = 0; i < LIMIT_PROCS; i++)
		fds[i] = igt_xesim_guest_open(g);
	for (i = 0; i < LIMIT_PROCS; i++) {
		pids[i] = fork();
		igt_assert(pids[i] >= 0);
		if (!pids[i]) {
			for (j = 0; j < LIMIT_PROCS; j++)
				if (j != i)
					close(fds[j]);
			execqueues_child(fds[i], eci, up[1], down[0]);
		}
	}
	for (i = 0; i < LIMIT_PROCS; i++)
		close(fds[i]);
	for (i = 0; i < LIMIT_PROCS; i++) {
		int res[2];

		igt_assert_eq(read(up[0], res, sizeof(res)), (int)sizeof(res));
		igt_debug("a child: %d exec queues, then %s\n", res[0], strerror(-res[1]));
		igt_assert_eq(res[1], -ENOSPC);
		total += res[0];
	}
	igt_info("%u exec queues, then ENOSPC\n", total);
	igt_assert_eq_u32(total, ctxs);
	igt_assert_eq(__xe_exec_queue_create(dev, vm, &eci, 0, &q), -ENOSPC);
	/* let them go: their files close, their contexts are freed */
	for (i = 0; i < LIMIT_PROCS; i++)
		igt_assert_eq(write(down[1], "x", 1), 1);
	for (i = 0; i < LIMIT_PROCS; i++) {
		igt_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
		igt_assert(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	igt_assert_eq(__xe_exec_queue_create(dev, vm, &eci, 0, &q), 0);
	xe_exec_queue_destroy(dev, q);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
	xe_vm_destroy(dev, vm);
}

igt_main
{
	igt_subtest_group {
		igt_fixture {
			fd = igt_xesim_guest_open_xe(&guest, "vram=32M", 1, 1);
		}

		igt_describe("Extensions, padding, reserved fields and handle must be zero.");
		igt_subtest("create-invalid-mbz")
			create_invalid_mbz();

		igt_describe("A refused argument is named in the kernel log (drm.debug).");
		igt_subtest("create-invalid-logged")
			create_invalid_logged();

		igt_describe("A size of zero or not page-aligned is refused.");
		igt_subtest("create-invalid-size")
			create_invalid_size();

		igt_describe("No placement, or a region the device does not have, is refused.");
		igt_subtest("create-invalid-placement")
			create_invalid_placement();

		igt_describe("CPU caching must be WB or WC, and WC for VRAM.");
		igt_subtest("create-invalid-caching")
			create_invalid_caching();

		igt_describe("A size not a multiple of the region's minimum page is EINVAL.");
		igt_subtest("create-invalid-size-region")
			create_invalid_size_region();

		igt_describe("A size larger than the region is ENOSPC.");
		igt_subtest("create-massive-size")
			create_massive_size();

		igt_describe("All of the VF's VRAM in one object; usage moves; then VRAM is full.");
		igt_subtest("create-big-vram")
			create_big_vram();

		igt_describe("A big system memory object; usage moves by its size.");
		igt_subtest("create-big-sysmem")
			create_big_sysmem();

		igt_describe("Unknown flags are refused.");
		igt_subtest("create-invalid-flags")
			create_invalid_flags();

		igt_describe("A VM-private BO needs an existing VM (ENOENT).");
		igt_subtest("create-invalid-vm")
			create_invalid_vm();

		igt_describe("EXEC_QUEUE_CREATE refuses bad widths, engines, VMs and pointers.");
		igt_subtest("create-execqueue-invalid")
			create_execqueue_invalid();

		igt_describe("EXEC_QUEUE_DESTROY refuses padding and unknown queues.");
		igt_subtest("destroy-execqueue-invalid")
			destroy_execqueue_invalid();

		igt_describe("EXEC_QUEUE_GET_PROPERTY refuses unknown properties and queues.");
		igt_subtest("get-property-invalid")
			get_property_invalid();
	}

	igt_fixture {
		igt_xesim_guest_close_xe(&guest, fd);
		fd = -1;
	}

	/* many VFs, so that each has a thousand contexts: the count a test can reach */
	igt_subtest_group {
		static struct igt_xesim_guest many = IGT_XESIM_GUEST_INIT;
		static int dev = -1;

		igt_fixture {
			dev = igt_xesim_guest_open_xe(&many, "max_vfs=63 vram=126M", 63, 1);
		}

		igt_describe("The exec queues of a VF are bounded by its provisioned contexts.");
		igt_subtest("create-execqueues-limit")
			create_execqueues_limit(&many, dev);

		igt_fixture {
			igt_xesim_guest_close_xe(&many, dev);
		}
	}
}
