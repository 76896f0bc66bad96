/* SPDX-License-Identifier: MIT */
/*
 * Simulated Xe hardware for the tests: each test creates the GPU, the VFs and the guest slot
 * it runs on through the xesim bus's sysfs files, as netdevsim's selftests create their
 * devices, and removes them when it is done. See the DOC blocks "xesim device model", "xesim
 * GPU parameters" and "xesim guest slots" in sim/ for the files and their syntax.
 *
 * The helpers come in IGT's two flavours: __igt_xesim_*() return 0 or a negative errno (for
 * tests that check a refusal), igt_xesim_*() assert that the operation worked. Everything
 * that needs the bus skips, rather than fails, when the bus is not there.
 */
#ifndef IGT_XESIM_H
#define IGT_XESIM_H

#include <stdbool.h>
#include <linux/types.h>

#include "igt_core.h"

/* Where the bus's files and its debugfs live. */
#define IGT_XESIM_SYSFS		"/sys/bus/xesim"
#define IGT_XESIM_DEBUGFS	"/sys/kernel/debug"

/* How long a guest slot's DRM card may take to appear after the attach, by default. */
#define IGT_XESIM_CARD_TIMEOUT_MS	30000

/**
 * struct igt_xesim_guest - a simulated GPU with VFs and one guest slot attached to a VF,
 * from igt_xesim_guest_create()
 * @gpu: the GPU number N (PF xesimN)
 * @num_vfs: the VFs enabled on it
 * @vf: the VF the slot is attached to, 1..@num_vfs
 * @slot: the guest slot number S (xeslotS)
 * @card: the DRM minor of the slot's card, /dev/dri/card<card>
 * @existing: the slot was there before (IGT_XESIM_SLOT): nothing was created and nothing is
 *            removed
 */
struct igt_xesim_guest {
	int gpu;
	int num_vfs;
	int vf;
	int slot;
	int card;
	bool existing;
};

/* A guest that does not exist yet, for igt_xesim_guest_destroy() at any point. */
#define IGT_XESIM_GUEST_INIT { .gpu = -1, .num_vfs = 0, .vf = -1, .slot = -1, .card = -1 }

bool igt_xesim_present(void);
void igt_require_xesim(void);
bool igt_xesim_driver_loaded(const char *module);
void igt_require_xesim_driver(const char *module);

int igt_xesim_free_gpu_id(void);
int igt_xesim_free_slot_id(void);

int __igt_xesim_new_device(int gpu, const char *params);
void igt_xesim_new_device(int gpu, const char *params);
int __igt_xesim_del_device(int gpu);
void igt_xesim_del_device(int gpu);
int __igt_xesim_set_numvfs(int gpu, int num_vfs);
void igt_xesim_set_numvfs(int gpu, int num_vfs);
int igt_xesim_get_numvfs(int gpu);

int __igt_xesim_new_slot(int slot);
void igt_xesim_new_slot(int slot);
int __igt_xesim_del_slot(int slot);
void igt_xesim_del_slot(int slot);
int __igt_xesim_attach(int slot, int gpu, int vf);
void igt_xesim_attach(int slot, int gpu, int vf);
int __igt_xesim_detach(int slot);
void igt_xesim_detach(int slot);
int __igt_xesim_freeze(int slot, bool frozen);
void igt_xesim_freeze(int slot, bool frozen);

__printf(1, 2) char *igt_xesim_debugfs_read(const char *fmt, ...);
bool igt_xesim_debugfs_u64(const char *text, const char *key, __u64 *val);

void igt_xesim_set_vf_ggtt_start(int gpu, int vf, __u64 start);
void igt_xesim_vf_ggtt(int gpu, int vf, __u64 *start, __u64 *size);
int igt_xesim_slot_card(int slot);
int igt_xesim_wait_slot_card(int slot, unsigned int timeout_ms);
int igt_xesim_open_slot(int slot, unsigned int timeout_ms);

void igt_xesim_guest_create(struct igt_xesim_guest *guest, const char *params, int num_vfs,
			    int vf);
void igt_xesim_guest_destroy(struct igt_xesim_guest *guest);
int igt_xesim_guest_open(struct igt_xesim_guest *guest);
int igt_xesim_guest_open_xe(struct igt_xesim_guest *guest, const char *params, int num_vfs,
			    int vf);
void igt_xesim_guest_close_xe(struct igt_xesim_guest *guest, int fd);

#endif /* IGT_XESIM_H */
