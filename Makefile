# SPDX-License-Identifier: GPL-2.0
#
# Xe SR-IOV VF live migration: build, lint, test and benchmark. See README.
#
#   make                 build the modules against KDIR (default: the project's test kernel)
#   make demo            a busy guest live-migrated back and forth between two GPUs in the
#                        test VM: a report per migration, .out/demo/{report.json,timeline.png}
#   make check [T=...]   lint, build, and run the tests in the test VM (T: a subset, see README)
#   make check-harness   prove that the test harness fails when it should
#   make bench           run the benchmarks in the VM on the performance kernel
#   make fuzz [N=] [SEED=]  the migration stream fuzzer in the VM (N cases, default 10000)
#   make soak [N=] [SEED=] [RATE=] [FAULTS=]
#                        N migrations under load in the VM (default 1000), faults at RATE %
#   make lint            checkpatch --strict, sparse, W=1 and kernel-doc on every .c and .h
#   make docs            render docs/ to HTML in .out/docs/html (Sphinx, kernel-doc; -W)
#
# KDIR=<kernel build tree> builds against another 6.12 kernel (modules only: the VM targets
# always use the kernel they build).

top := $(CURDIR)
T ?=
N ?= 10000
SEED ?= 1
RATE ?= 10
FAULTS ?= save,restore,fixups
# make soak's N defaults to 1000 migrations, not to make fuzz's 10000 cases
soak_n = $(if $(filter file,$(origin N)),1000,$(N))
ifdef KDIR
export KDIR
endif

# The kernel tree to build against: KDIR when given, else the cached test kernel, built on
# first use by scripts/kernel.sh.
kdir = $${KDIR:-$$($(top)/scripts/kernel.sh test)}

.PHONY: all modules userspace lint check check-harness bench demo soak fuzz kernel docs clean help

all: modules

modules:
	+@kdir=$(kdir) && $(MAKE) -C "$$kdir" M=$(top) W=1 modules

userspace:
	@$(top)/scripts/deps.sh vm
	+@$(MAKE) -s -C igt-tests
	+@if [ -f tools/Makefile ]; then $(MAKE) -s -C tools; fi

kernel:
	@$(top)/scripts/kernel.sh test

lint:
	+@$(top)/scripts/lint.sh

check: lint modules userspace
	@$(top)/scripts/vm-test.sh check "$(T)"

check-harness:
	@$(top)/scripts/check-harness.sh

bench:
	@$(top)/scripts/vm-test.sh bench "$(T)"

demo: modules userspace
	@$(top)/scripts/vm-test.sh demo

fuzz: modules userspace
	@$(top)/scripts/vm-test.sh fuzz "$(N)" "$(SEED)"

soak: modules userspace
	@$(top)/scripts/vm-test.sh soak "$(soak_n)" "$(SEED)" "$(RATE)" "$(FAULTS)"

# The kernel-doc Sphinx extension and script come from the kernel source tree that
# scripts/kernel.sh unpacks. Any warning fails the build: Sphinx's own through -W, and
# kernel-doc's (a DOC: block or identifier not found), which the extension only prints,
# through the check that sphinx-build printed nothing on stderr. -E reads every page each time,
# so that a warning is never hidden by a page Sphinx would not read again.
SPHINXBUILD ?= /usr/bin/sphinx-build
docs:
	@$(top)/scripts/deps.sh docs
	@ksrc=$$($(top)/scripts/kernel.sh --source) || exit 1; \
	 mkdir -p $(top)/.out/docs; log=$(top)/.out/docs/warnings.log; \
	 XEVM_KSRC="$$ksrc" $(SPHINXBUILD) -b html -E -W --keep-going -q \
		-d $(top)/.out/docs/doctrees $(top)/docs $(top)/.out/docs/html 2> "$$log"; \
	 rc=$$?; cat "$$log" >&2; \
	 if [ $$rc != 0 ] || [ -s "$$log" ]; then \
		echo "docs: FAILED: $$(grep -ci warning "$$log") warning(s), see $$log" >&2; exit 1; \
	 fi; \
	 echo "docs: 0 warnings: $(top)/.out/docs/html/index.html"

clean:
	+@kdir=$${KDIR:-$$($(top)/scripts/kernel.sh --dir test)}; \
	 if [ -d "$$kdir" ]; then $(MAKE) -C "$$kdir" M=$(top) clean; fi
	+@$(MAKE) -s -C igt-tests clean
	+@if [ -f tools/Makefile ]; then $(MAKE) -s -C tools clean; fi
	@rm -rf $(top)/.out

help:
	@sed -n '/^# Xe SR-IOV/,/^$$/s/^# \{0,1\}//p' Makefile
