#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test VM once and capture its serial console.
#
#   scripts/vm-run.sh KDIR INITRAMFS LOG TIMEOUT_SECONDS [KERNEL_ARGS...]
#
# QEMU runs with TCG; KVM is used only when /dev/kvm exists and a short probe boot with it
# reaches /init. The VM powers off at the end of /init (reboot -f with -no-reboot), on a panic
# (panic=-1), or when TIMEOUT_SECONDS run out. Exit status: 0 when the VM powered off by
# itself, 124 on timeout, QEMU's status otherwise. What ran inside is read from LOG.
# XEVM_SERIAL2=FILE adds a second serial port (the VM's /dev/ttyS1) written to FILE: a
# channel for data that the kernel's console messages cannot cut (make demo's figures).
# XEVM_PROGRESS=REGEX shows the console lines that match it as they come (make soak's).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=$1 initrd=$2 log=$3 limit=$4
shift 4

qemu=(qemu-system-x86_64 -machine pc -smp 2 -m "${XEVM_MEM:-1536M}" -mem-prealloc
      -nodefaults -display none
      -no-reboot -monitor none -kernel "$kdir/arch/x86/boot/bzImage" -initrd "$initrd")
# no5lvl: with -cpu max, TCG offers LA57, and an interrupt taken early in a 5-level-paging
# boot made KASAN report a wild-memory-access in rcu_is_watching() (seen once in ~15 boots).
cmdline="console=ttyS0 loglevel=7 panic=-1 log_buf_len=4M no5lvl $*"

# Two TCG artifacts that real hardware does not have would otherwise dominate every copy
# benchmark (measured with `make bench`, vfio_downtime at 256 MiB):
# - with ERMS/FSRM in the CPU model the kernel copies to and from user memory with
#   `rep movsb`, which TCG runs a byte at a time (about 330 MB/s against 3400 MB/s for the
#   kernel's memcpy); without them it takes its unrolled copy, as on a CPU without ERMS:
#   the VMM's read of a 256 MiB stream went from 977 to 260 ms;
# - QEMU backs guest RAM on first touch, a host page fault per 4 KiB page, and the sim's
#   VRAM is guest RAM that a restore touches for the first time: -mem-prealloc backs it at
#   boot (1.5 GiB of host memory per VM), and the restore's apply went from 700 to 180 ms.
accel=(-accel tcg -cpu max,-erms,-fsrm)
if [ -w /dev/kvm ]; then
	probe=$(mktemp)
	if timeout 20 "${qemu[@]}" -accel kvm -cpu host -serial "file:$probe" \
		-append "console=ttyS0 panic=-1 rdinit=/bin/false" >/dev/null 2>&1 &&
	   grep -q "Run /bin/false as init" "$probe"; then
		accel=(-accel kvm -cpu host)
	fi
	rm -f "$probe"
fi
msg "booting ($(echo "${accel[@]}" | cut -d' ' -f2), limit ${limit}s), console in $log"

serial2=()
if [ -n "${XEVM_SERIAL2:-}" ]; then
	: > "$XEVM_SERIAL2"
	serial2=(-serial "file:$XEVM_SERIAL2")
fi
: > "$log"
rc=0
timeout --foreground -k 5 "$limit" "${qemu[@]}" "${accel[@]}" -serial "file:$log" \
	"${serial2[@]}" -append "$cmdline" &
qpid=$!
# Show progress: one line per plan step as the VM starts it.
tail --pid=$qpid -n +1 -f "$log" 2>/dev/null |
	sed -u -n -e 's/^@@XEVM begin \(.*\)/  .. \1/p' \
		-e "${XEVM_PROGRESS:+\\%${XEVM_PROGRESS}%p}" >&2 &
wait $qpid || rc=$?
wait || true
exit $rc
