// SPDX-License-Identifier: GPL-2.0
/*
 * The sim's KUnit API (include/xesim_kunit.h): GPUs and guest slots that
 * live as long as a test, failure knobs and the GuC model's VF state, for
 * the tests of other components.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <kunit/visibility.h>
#include <linux/err.h>
#include <linux/string.h>

#include <xesim_kunit.h>

#include "xesim_bus.h"
#include "xesim_gpu.h"
#include "xesim_gpu_types.h"
#include "xesim_guc.h"
#include "xesim_knob.h"
#include "xesim_slot.h"
#include "xesim_slot_types.h"

/**
 * DOC: xesim KUnit API
 *
 * A test of another component (the PF driver's) reaches the device as a
 * driver does, through xesim_driver.h, and for what only a test does
 * through xesim_kunit.h: it creates GPUs and guest slots that are deleted
 * when the test ends (kunit_add_action()), attaches slots, takes a VF's bus
 * device, arms a failure knob by its debugfs name (``fail_<name>``) and
 * reads the GuC model's state of a VF (what the GPU's debugfs ``guc``
 * shows). GPUs are named by their ID, as in the bus's ``new_device``.
 */

static void xesim_kunit_del_gpu(void *data)
{
	char id[16];

	snprintf(id, sizeof(id), "%lu", (unsigned long)(uintptr_t)data);
	xesim_bus_del_device(id);
}

/**
 * xesim_kunit_add_gpu() - Create a GPU for the length of a test.
 * @test: the test.
 * @params: "ID [key=value ...]", as written to ``new_device``.
 *
 * Context: process context (a KUnit test).
 * Return: 0 or a negative errno.
 */
int xesim_kunit_add_gpu(struct kunit *test, const char *params)
{
	unsigned long id;
	char buf[16];
	int err;

	if (sscanf(params, "%15s", buf) != 1 || kstrtoul(buf, 10, &id))
		return -EINVAL;
	err = xesim_bus_new_device(params);
	if (err)
		return err;
	return kunit_add_action_or_reset(test, xesim_kunit_del_gpu,
					 (void *)(uintptr_t)id);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_kunit_add_gpu);

static void xesim_kunit_del_slot(void *data)
{
	struct xesim_slot *slot = data;

	xesim_slot_destroy(slot);
	put_device(&slot->xdev.dev);
}

/**
 * xesim_kunit_add_slot() - Create a guest slot for the length of a test.
 * @test: the test.
 * @id: the slot number (``xeslot<id>``).
 * @bind_only: the only driver that may bind to the slot, or NULL.
 *
 * Context: process context (a KUnit test).
 * Return: the slot, not attached, or an ERR_PTR().
 */
struct xesim_slot *xesim_kunit_add_slot(struct kunit *test, unsigned int id,
					const char *bind_only)
{
	struct xesim_slot *slot;
	int err;

	err = xesim_slot_create(id, bind_only, &slot);
	if (err)
		return ERR_PTR(err);
	get_device(&slot->xdev.dev);
	err = kunit_add_action_or_reset(test, xesim_kunit_del_slot, slot);
	return err ? ERR_PTR(err) : slot;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_kunit_add_slot);

/**
 * xesim_kunit_release_slot() - Destroy a slot of xesim_kunit_add_slot() now.
 * @test: the test.
 * @slot: the slot; detached first if it is attached.
 *
 * Context: process context (a KUnit test).
 */
void xesim_kunit_release_slot(struct kunit *test, struct xesim_slot *slot)
{
	kunit_release_action(test, xesim_kunit_del_slot, slot);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_kunit_release_slot);

/**
 * xesim_kunit_slot_device() - The bus device of a guest slot.
 * @slot: the slot.
 *
 * Return: the device, for the calls of xesim_driver.h.
 */
struct xesim_device *xesim_kunit_slot_device(struct xesim_slot *slot)
{
	return &slot->xdev;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_kunit_slot_device);

/**
 * xesim_kunit_slot_attach() - Attach a guest slot to a VF.
 * @slot: the slot.
 * @gpu: the GPU's ID.
 * @vfid: the VF.
 *
 * Context: process context.
 * Return: 0 or a negative errno, as the slot's ``attach`` file gives it.
 */
int xesim_kunit_slot_attach(struct xesim_slot *slot, unsigned int gpu,
			    unsigned int vfid)
{
	return xesim_slot_attach(slot, gpu, vfid);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_kunit_slot_attach);

/**
 * xesim_kunit_slot_detach() - Detach a guest slot from its VF.
 * @slot: the slot.
 *
 * Context: process context.
 * Return: 0 or a negative errno, as the slot's ``attach`` file gives it.
 */
int xesim_kunit_slot_detach(struct xesim_slot *slot)
{
	return xesim_slot_detach(slot);
}
EXPORT_SYMBOL_IF_KUNIT(xesim_kunit_slot_detach);

KUNIT_DEFINE_ACTION_WRAPPER(xesim_kunit_put_fn, xesim_gpu_put_fn,
			    struct xesim_fn *);

/**
 * xesim_kunit_get_vf() - The bus device of a VF, held for the test.
 * @test: the test.
 * @gpu: the GPU's ID.
 * @vfid: the VF.
 *
 * Context: process context (a KUnit test).
 * Return: the device, or NULL for no such GPU or VF.
 */
struct xesim_device *xesim_kunit_get_vf(struct kunit *test, unsigned int gpu,
					unsigned int vfid)
{
	struct xesim_gpu *g = xesim_bus_get_gpu(gpu);
	struct xesim_fn *fn;

	if (!g)
		return NULL;
	fn = xesim_gpu_get_fn(g, vfid);
	xesim_gpu_put(g);
	if (!fn || kunit_add_action_or_reset(test, xesim_kunit_put_fn, fn))
		return NULL;
	return &fn->xdev;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_kunit_get_vf);

/**
 * xesim_kunit_arm() - Arm a GPU's failure knob once.
 * @gpu: the GPU's ID.
 * @knob: the knob's name, without ``fail_`` (``guc_save``, ...).
 *
 * Context: any context.
 * Return: 0, -ENODEV for no such GPU or -EINVAL for no such knob.
 */
int xesim_kunit_arm(unsigned int gpu, const char *knob)
{
	struct xesim_gpu *g;
	enum xesim_knob k;

	for (k = 0; k < XESIM_KNOB_COUNT; k++)
		if (!strcmp(xesim_knob_name(k), knob))
			break;
	if (k == XESIM_KNOB_COUNT)
		return -EINVAL;
	g = xesim_bus_get_gpu(gpu);
	if (!g)
		return -ENODEV;
	xesim_knob_arm(g, k, 1);
	xesim_gpu_put(g);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_kunit_arm);

/**
 * xesim_kunit_guc_vf_state() - The GuC model's state of a VF.
 * @gpu: the GPU's ID.
 * @vfid: the VF.
 *
 * Context: any context.
 * Return: the state's name, as the GPU's debugfs ``guc`` shows it, or "?"
 * for no such GPU or VF.
 */
const char *xesim_kunit_guc_vf_state(unsigned int gpu, unsigned int vfid)
{
	struct xesim_gpu *g = xesim_bus_get_gpu(gpu);
	const char *state;

	if (!g)
		return "?";
	state = xesim_guc_vf_state_of(g, vfid);
	xesim_gpu_put(g);
	return state;
}
EXPORT_SYMBOL_IF_KUNIT(xesim_kunit_guc_vf_state);
