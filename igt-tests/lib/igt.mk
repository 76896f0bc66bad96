# SPDX-License-Identifier: MIT
#
# libigt.a, the IGT-compatible harness. Included by igt-tests/Makefile, which runs in
# igt-tests/ (make -C igt-tests): paths are relative to it. Objects and the library go to
# build/.obj/, so that build/ itself holds nothing but test programs.

CC = gcc
AR = ar

IGT_CFLAGS := -O2 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE
DRM_CFLAGS := $(shell pkg-config --cflags libdrm 2>/dev/null || echo -I/usr/include/libdrm)
DRM_LIBS := $(shell pkg-config --libs --static libdrm 2>/dev/null || echo -ldrm -lm)

# The Xe uAPI header, include/uapi/drm/xe_drm.h, comes from the kernel the tests run on
# (libdrm-dev of Debian 12 predates Xe): scripts/kernel.sh --source unpacks that kernel's
# source if needed and names it, once per make run, and only when something is compiled.
# XE_UAPI_DIR=<dir holding xe_drm.h> overrides it.
XE_UAPI_DIR = $(eval XE_UAPI_DIR := $$(shell ../scripts/kernel.sh --source)/include/uapi/drm)$(XE_UAPI_DIR)
XE_CFLAGS = -idirafter $(XE_UAPI_DIR)

IGT_OBJ_DIR := build/.obj
IGT_LIB_OBJS := $(patsubst lib/%.c,$(IGT_OBJ_DIR)/lib/%.o,$(wildcard lib/*.c lib/xe/*.c))
LIBIGT := $(IGT_OBJ_DIR)/libigt.a

$(IGT_OBJ_DIR)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(IGT_CFLAGS) $(DRM_CFLAGS) $(XE_CFLAGS) -Ilib -MMD -MP -c -o $@ $<

$(LIBIGT): $(IGT_LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

-include $(IGT_LIB_OBJS:.o=.d)
