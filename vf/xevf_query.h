/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _XEVF_QUERY_H_
#define _XEVF_QUERY_H_

struct drm_device;
struct drm_file;

int xevf_query_ioctl(struct drm_device *drm, void *data, struct drm_file *file);

#endif
