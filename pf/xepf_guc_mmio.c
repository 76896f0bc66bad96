// SPDX-License-Identifier: GPL-2.0
/*
 * The PF's MMIO channel to the GuC: HXG requests through the SOFT_SCRATCH
 * registers and the GUC_HOST_INTERRUPT doorbell.
 */

#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/cleanup.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/jiffies.h>

#include <abi/guc_ct_abi.h>
#include <abi/guc_relay_abi.h>
#include <abi/xe_regs_abi.h>

#include "xepf_guc_mmio.h"
#include "xepf_printk.h"

/**
 * DOC: xepf GuC MMIO channel
 *
 * The PF talks to the GuC before its CT channel exists, and for every
 * PF2GUC request, over MMIO: it writes the HXG request into SOFT_SCRATCH(0..)
 * (dword 0, the header, last), rings GUC_HOST_INTERRUPT with
 * GUC_SEND_TRIGGER, and polls SOFT_SCRATCH(0) until the GuC's origin bit
 * shows the reply, which the GuC writes dword 0 last:
 *
 * - success: DATA0 is returned, dwords 1.. are copied to the caller;
 * - failure: logged with its ERROR and HINT, returned as -ENXIO (as
 *   upstream's PF does);
 * - busy: the GuC works on it; the wait grows from 50 ms to 2 s;
 * - retry: the request is sent again, up to max_retries times, then
 *   -EAGAIN;
 * - no reply in time: -ETIMEDOUT; any other reply type: -EPROTO.
 *
 * One request at a time: a mutex serializes the callers.
 */

#define XEPF_GUC_MMIO_TIMEOUT_MS	50
#define XEPF_GUC_MMIO_BUSY_TIMEOUT_MS	2000
#define XEPF_GUC_MMIO_RETRIES		3

/**
 * xepf_guc_mmio_init() - Set up the channel.
 * @m: the channel.
 * @dev: device to log against.
 * @ops: register access.
 * @priv: cookie for @ops.
 *
 * Context: any.
 */
void xepf_guc_mmio_init(struct xepf_guc_mmio *m, struct device *dev,
			const struct xepf_guc_mmio_ops *ops, void *priv)
{
	m->dev = dev;
	m->ops = ops;
	m->priv = priv;
	mutex_init(&m->lock);
	m->timeout_ms = XEPF_GUC_MMIO_TIMEOUT_MS;
	m->busy_timeout_ms = XEPF_GUC_MMIO_BUSY_TIMEOUT_MS;
	m->max_retries = XEPF_GUC_MMIO_RETRIES;
}
EXPORT_SYMBOL_IF_KUNIT(xepf_guc_mmio_init);

/**
 * xepf_guc_mmio_fini() - Tear down the channel.
 * @m: the channel, idle.
 *
 * Context: any.
 */
void xepf_guc_mmio_fini(struct xepf_guc_mmio *m)
{
	mutex_destroy(&m->lock);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_guc_mmio_fini);

static int xepf_guc_mmio_write_req(struct xepf_guc_mmio *m, const u32 *req,
				   u32 len)
{
	int err;
	u32 i;

	for (i = len; i-- > 0;) {
		err = m->ops->write32(m->priv, SOFT_SCRATCH(i), req[i]);
		if (err)
			return err;
	}
	return m->ops->write32(m->priv, GUC_HOST_INTERRUPT, GUC_SEND_TRIGGER);
}

/* wait for the GuC's reply header; 0 with *hdr, or -ETIMEDOUT */
static int xepf_guc_mmio_wait(struct xepf_guc_mmio *m, u32 *hdr)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(m->timeout_ms);
	bool busy = false;
	bool last;
	int err;

	for (;;) {
		last = time_after(jiffies, deadline);
		err = m->ops->read32(m->priv, SOFT_SCRATCH(0), hdr);
		if (err)
			return err;
		if (FIELD_GET(GUC_HXG_MSG_0_ORIGIN, *hdr) == GUC_HXG_ORIGIN_GUC) {
			if (FIELD_GET(GUC_HXG_MSG_0_TYPE, *hdr) !=
			    GUC_HXG_TYPE_NO_RESPONSE_BUSY)
				return 0;
			if (!busy) {
				busy = true;
				deadline = jiffies +
					   msecs_to_jiffies(m->busy_timeout_ms);
			}
		}
		if (last)
			return -ETIMEDOUT;
		usleep_range(20, 100);
	}
}

/**
 * xepf_guc_mmio_request() - Send one HXG request and wait for its reply,
 * telling a failure's cause.
 * @m: the channel.
 * @req: the request, header first.
 * @len: dwords of @req, 1..SOFT_SCRATCH_COUNT.
 * @resp: where dwords 1.. of a success reply go; may be NULL.
 * @resp_len: dwords @resp has room for (dword 0 is not copied).
 * @error: set to the ERROR field (XE_GUC_RESPONSE_*) of a failure reply,
 *         to 0 otherwise; may be NULL.
 *
 * Context: process context; sleeps.
 * Return: as xepf_guc_mmio_send().
 */
int xepf_guc_mmio_request(struct xepf_guc_mmio *m, const u32 *req, u32 len,
			  u32 *resp, u32 resp_len, u32 *error)
{
	u32 action, hdr, i, type;
	unsigned int tries = 0;
	int err;

	if (error)
		*error = 0;
	if (!len || len > SOFT_SCRATCH_COUNT || resp_len >= SOFT_SCRATCH_COUNT)
		return -EINVAL;
	action = FIELD_GET(GUC_HXG_REQUEST_MSG_0_ACTION, req[0]);

	guard(mutex)(&m->lock);
again:
	err = xepf_guc_mmio_write_req(m, req, len);
	if (!err)
		err = xepf_guc_mmio_wait(m, &hdr);
	if (err) {
		xepf_err(m->dev, "GuC MMIO action %#x: %pe\n", action,
			 ERR_PTR(err));
		return err;
	}

	type = FIELD_GET(GUC_HXG_MSG_0_TYPE, hdr);
	switch (type) {
	case GUC_HXG_TYPE_RESPONSE_SUCCESS:
		for (i = 0; resp && i < resp_len; i++) {
			err = m->ops->read32(m->priv, SOFT_SCRATCH(i + 1),
					     &resp[i]);
			if (err)
				return err;
		}
		return FIELD_GET(GUC_HXG_RESPONSE_MSG_0_DATA0, hdr);
	case GUC_HXG_TYPE_RESPONSE_FAILURE:
		xepf_err(m->dev, "GuC MMIO action %#x failed: error %#lx hint %#lx\n",
			 action, FIELD_GET(GUC_HXG_FAILURE_MSG_0_ERROR, hdr),
			 FIELD_GET(GUC_HXG_FAILURE_MSG_0_HINT, hdr));
		if (error)
			*error = FIELD_GET(GUC_HXG_FAILURE_MSG_0_ERROR, hdr);
		return -ENXIO;
	case GUC_HXG_TYPE_NO_RESPONSE_RETRY:
		if (tries++ < m->max_retries)
			goto again;
		xepf_err(m->dev, "GuC MMIO action %#x: still retry after %u tries\n",
			 action, tries);
		return -EAGAIN;
	default:
		xepf_err(m->dev, "GuC MMIO action %#x: reply type %u\n", action,
			 type);
		return -EPROTO;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xepf_guc_mmio_request);

/**
 * xepf_guc_mmio_send() - Send one HXG request and wait for its reply.
 * @m: the channel.
 * @req: the request, header first.
 * @len: dwords of @req, 1..SOFT_SCRATCH_COUNT.
 * @resp: where dwords 1.. of a success reply go; may be NULL.
 * @resp_len: dwords @resp has room for (dword 0 is not copied).
 *
 * Context: process context; sleeps.
 * Return: DATA0 of the success reply (>= 0), or a negative errno (see
 * `xepf GuC MMIO channel`).
 */
int xepf_guc_mmio_send(struct xepf_guc_mmio *m, const u32 *req, u32 len,
		       u32 *resp, u32 resp_len)
{
	return xepf_guc_mmio_request(m, req, len, resp, resp_len, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(xepf_guc_mmio_send);
