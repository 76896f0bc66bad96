# SPDX-License-Identifier: GPL-2.0
#
# libxevfio.a, the VFIO client library of tools/. Included by tools/Makefile (run in tools/)
# and igt-tests/Makefile (run in igt-tests/): XEVFIO_DIR is tools/ relative to the includer,
# XEVFIO_BUILD where the objects go (default: tools/build).

XEVFIO_DIR ?= .
XEVFIO_BUILD ?= $(XEVFIO_DIR)/build
XEVFIO_UAPI_DIR = $(eval XEVFIO_UAPI_DIR := $$(shell $(XEVFIO_DIR)/../scripts/kernel.sh --source)/include/uapi)$(XEVFIO_UAPI_DIR)
XEVFIO_CFLAGS = -I$(XEVFIO_BUILD)/uapi -I$(XEVFIO_DIR)/lib -D__user=
XEVFIO_SRCS := $(wildcard $(XEVFIO_DIR)/lib/*.c)
XEVFIO_OBJS := $(patsubst $(XEVFIO_DIR)/lib/%.c,$(XEVFIO_BUILD)/lib/%.o,$(XEVFIO_SRCS))
XEVFIO_LIB := $(XEVFIO_BUILD)/libxevfio.a
XEVFIO_UAPI := $(XEVFIO_BUILD)/uapi/linux/vfio.h $(XEVFIO_BUILD)/uapi/linux/iommufd.h

.PRECIOUS: $(XEVFIO_UAPI)

$(XEVFIO_BUILD)/uapi/linux/%.h:
	@mkdir -p $(@D)
	ln -sf $(XEVFIO_UAPI_DIR)/linux/$*.h $@

$(XEVFIO_BUILD)/lib/%.o: $(XEVFIO_DIR)/lib/%.c $(XEVFIO_UAPI)
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE $(XEVFIO_CFLAGS) -MMD -MP \
		-c -o $@ $<

$(XEVFIO_LIB): $(XEVFIO_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

-include $(XEVFIO_OBJS:.o=.d)
