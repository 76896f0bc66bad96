/* SPDX-License-Identifier: MIT */
/*
 * The header a test includes, as with IGT: the harness core and the DRM helpers. Tests should
 * include the system headers they use themselves, since upstream's igt.h pulls in a different
 * set.
 */
#ifndef IGT_H
#define IGT_H

#include "drmtest.h"
#include "igt_core.h"
#include "ioctl_wrappers.h"

#endif /* IGT_H */
