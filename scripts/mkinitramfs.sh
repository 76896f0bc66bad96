#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test VM's initramfs.
#
#   scripts/mkinitramfs.sh KDIR PLAN OUT [BIN...]
#
# The image holds busybox-static, the kernel's own modules (installed into KDIR/modinst by
# scripts/kernel.sh), every project module (*.ko under the component directories of the
# tree named by XEVM_TREE, the working tree by default), the
# static test programs BIN... in /xevm/bin, and PLAN as /xevm/plan. Plan lines naming a module
# ("kunit NAME", "benchmod NAME", "load NAME") are expanded here into the insmod order of NAME
# and its dependencies, resolved with depmod/modprobe on the host.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kdir=$1 plan=$2 out=$3
shift 3
kver=$(cat "$kdir/include/config/kernel.release")
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,xevm/bin,xevm/ours,xevm/args,lib/modules}
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
cp "$top/scripts/vm/init" "$root/init"

moddir=$root/lib/modules/$kver
if [ -d "$kdir/modinst/lib/modules/$kver" ]; then
	cp -a "$kdir/modinst/lib/modules/$kver" "$moddir"
	rm -f "$moddir/build" "$moddir/source"
fi
mkdir -p "$moddir/extra"
dirs=()
for c in $(components); do dirs+=("$tree/$c"); done
while IFS= read -r ko; do
	cp "$ko" "$moddir/extra/"
	n=$(basename "$ko" .ko)
	touch "$root/xevm/ours/${n//-/_}"
done < <(find "${dirs[@]}" "$tree/scripts/harness" -name '*.ko' 2>/dev/null)
[ -f "$kdir/modules.order" ] || touch "$moddir/modules.order"
[ -f "$moddir/modules.builtin" ] || cp "$kdir/modules.builtin" "$moddir/" 2>/dev/null || true
[ -f "$moddir/modules.builtin.modinfo" ] ||
	cp "$kdir/modules.builtin.modinfo" "$moddir/" 2>/dev/null || true
depmod -b "$root" "$kver"

# Expand module names into insmod order, as the VM's busybox has no dependency resolver;
# "kunit NAME ARG..." keeps the module arguments in /xevm/args/NAME.
while read -r kind name rest; do
	case $kind in
	kunit|benchmod|load)
		[ -z "$rest" ] || echo "$rest" > "$root/xevm/args/$name"
		kos=$(modprobe -d "$root" -S "$kver" --show-depends "$name" |
		      awk '$1 == "insmod" { print $2 }' | sed "s|^$root||")
		[ -n "$kos" ] || die "module $name is not built"
		echo "$kind $name" $kos
		;;
	*)
		echo "$kind $name $rest"
		;;
	esac
done < "$plan" > "$root/xevm/plan"

for bin in "$@"; do
	cp "$bin" "$root/xevm/bin/"
done

# Uncompressed: under TCG, inflating the image costs more than reading it.
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out"
