/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XESIM_MODEL_TYPES_H_
#define _XESIM_MODEL_TYPES_H_

struct seq_file;
struct xesim_fn;
struct xesim_gpu;

/**
 * struct xesim_model_ops - Lifecycle hooks of the device models (GuC
 * firmware, engines) that live inside the simulated device. All optional.
 *
 * Context: process context; the hooks may sleep.
 */
struct xesim_model_ops {
	/**
	 * @gpu_init: a GPU was created; its GGTT, VRAM and debugfs directory
	 * exist, its PF does not yet. Allocate &xesim_gpu.model, install
	 * register hooks, start workers. An error fails the creation.
	 */
	int (*gpu_init)(struct xesim_gpu *gpu);
	/** @gpu_fini: a GPU goes away; all its functions are gone already. */
	void (*gpu_fini)(struct xesim_gpu *gpu);
	/**
	 * @fn_init: a function (PF or VF) was created and is not yet visible
	 * to drivers or to xesim_gpu_get_fn(); its debugfs directory exists.
	 * Allocate &xesim_fn.model. An error fails the creation.
	 */
	int (*fn_init)(struct xesim_fn *fn);
	/**
	 * @fn_fini: a function goes away: its driver is unbound, no guest
	 * slot reaches it and it can no longer be looked up; stop everything
	 * that uses it before returning.
	 */
	void (*fn_fini)(struct xesim_fn *fn);
	/**
	 * @fn_show: print the models' state of a function at the end of its
	 * debugfs ``state`` file.
	 */
	void (*fn_show)(struct xesim_fn *fn, struct seq_file *m);
};

#endif
