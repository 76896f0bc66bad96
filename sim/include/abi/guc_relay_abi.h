/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GuC host-to-GuC (HXG) message format, as carried by the MMIO relay and by
 * the CT channel. Numbers only: names and values follow upstream Xe
 * drivers/gpu/drm/xe/abi/guc_messages_abi.h and guc_communication_mmio_abi.h.
 */

#ifndef _XESIM_ABI_GUC_RELAY_ABI_H_
#define _XESIM_ABI_GUC_RELAY_ABI_H_

#include <linux/bits.h>

/**
 * DOC: HXG message format
 *
 * Every GuC message is a sequence of 32-bit dwords; dword 0 is the header:
 *
 * - bit 31, ``ORIGIN``: who wrote the message, the host (0) or the GuC (1).
 * - bits 30:28, ``TYPE``: request (0), event (1), fast request (2), busy (3),
 *   retry (5), failure (6), success (7). Value 4 is not defined.
 * - bits 27:0 depend on the type. A request, fast request or event carries
 *   ``DATA0`` in bits 27:16 and the ``ACTION`` code in bits 15:0. A success
 *   reply carries ``DATA0`` in bits 27:0. A failure reply carries a ``HINT``
 *   in bits 27:16 and the ``ERROR`` code in bits 15:0. Busy carries a progress
 *   ``COUNTER`` and retry a ``REASON``, both in bits 27:0.
 *
 * Dwords 1..n are the payload of the action.
 *
 * Over the MMIO relay a message is at most ``GUC_MAX_MMIO_MSG_LEN`` dwords,
 * the number of VF_SW_FLAG scratch registers.
 */

#define GUC_HXG_MSG_MIN_LEN			1u
#define GUC_HXG_MSG_0_ORIGIN			BIT(31)
#define   GUC_HXG_ORIGIN_HOST			0u
#define   GUC_HXG_ORIGIN_GUC			1u
#define GUC_HXG_MSG_0_TYPE			GENMASK(30, 28)
#define   GUC_HXG_TYPE_REQUEST			0u
#define   GUC_HXG_TYPE_EVENT			1u
#define   GUC_HXG_TYPE_FAST_REQUEST		2u
#define   GUC_HXG_TYPE_NO_RESPONSE_BUSY		3u
#define   GUC_HXG_TYPE_NO_RESPONSE_RETRY	5u
#define   GUC_HXG_TYPE_RESPONSE_FAILURE		6u
#define   GUC_HXG_TYPE_RESPONSE_SUCCESS		7u
#define GUC_HXG_MSG_0_AUX			GENMASK(27, 0)
#define GUC_HXG_MSG_n_PAYLOAD			GENMASK(31, 0)

/* request, fast request */
#define GUC_HXG_REQUEST_MSG_MIN_LEN		GUC_HXG_MSG_MIN_LEN
#define GUC_HXG_REQUEST_MSG_0_DATA0		GENMASK(27, 16)
#define GUC_HXG_REQUEST_MSG_0_ACTION		GENMASK(15, 0)
#define GUC_HXG_REQUEST_MSG_n_DATA		GUC_HXG_MSG_n_PAYLOAD

/* event */
#define GUC_HXG_EVENT_MSG_MIN_LEN		GUC_HXG_MSG_MIN_LEN
#define GUC_HXG_EVENT_MSG_0_DATA0		GENMASK(27, 16)
#define GUC_HXG_EVENT_MSG_0_ACTION		GENMASK(15, 0)
#define GUC_HXG_EVENT_MSG_n_DATA		GUC_HXG_MSG_n_PAYLOAD

/* busy: the request is being processed, the final reply follows later */
#define GUC_HXG_BUSY_MSG_LEN			GUC_HXG_MSG_MIN_LEN
#define GUC_HXG_BUSY_MSG_0_COUNTER		GUC_HXG_MSG_0_AUX

/* retry: the request was dropped, send it again */
#define GUC_HXG_RETRY_MSG_LEN			GUC_HXG_MSG_MIN_LEN
#define GUC_HXG_RETRY_MSG_0_REASON		GUC_HXG_MSG_0_AUX
#define   GUC_HXG_RETRY_REASON_UNSPECIFIED	0u

/* failure */
#define GUC_HXG_FAILURE_MSG_LEN			GUC_HXG_MSG_MIN_LEN
#define GUC_HXG_FAILURE_MSG_0_HINT		GENMASK(27, 16)
#define GUC_HXG_FAILURE_MSG_0_ERROR		GENMASK(15, 0)

/* success */
#define GUC_HXG_RESPONSE_MSG_MIN_LEN		GUC_HXG_MSG_MIN_LEN
#define GUC_HXG_RESPONSE_MSG_0_DATA0		GUC_HXG_MSG_0_AUX
#define GUC_HXG_RESPONSE_MSG_n_DATA		GUC_HXG_MSG_n_PAYLOAD

/* MMIO relay: one dword per VF_SW_FLAG scratch register */
#define GUC_MAX_MMIO_MSG_LEN			4u

#endif
