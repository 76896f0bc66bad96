#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the project's test kernel and print its build directory.
#
#   scripts/kernel.sh [test|bench]
#   scripts/kernel.sh --dir [test|bench]   print the directory only, build nothing
#   scripts/kernel.sh --source             unpack the source if needed, print its directory
#                                          (userspace builds take the uAPI headers from it)
#
# The source is Debian's linux-source-6.12 at the version pinned in scripts/kernel-version,
# unpacked once into the cache. The kernel is built out of tree (O=) from x86_64 tinyconfig plus
# the committed fragments in scripts/kconfig/, in a cache directory keyed by the source version
# and the fragments' hash, and rebuilt only when one of them changes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ "${1:-}" = --dir ]; then
	kernel_dir "${2:-test}"
	exit 0
fi
source_only=
if [ "${1:-}" = --source ]; then
	source_only=1
	shift
fi
variant=${1:-test}
case $variant in test|bench) ;; *) die "unknown variant '$variant'";; esac

"$top/scripts/deps.sh" kernel

# One build at a time per cache: a second caller waits, then finds the kernel built.
mkdir -p "$cache"
exec 9> "$cache/.lock"
flock 9

if [ ! -f "$src/.unpacked" ]; then
	tarball=/usr/src/linux-source-6.12.tar.xz
	have=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
	[ "$have" = "$kver_pkg" ] || die "linux-source-6.12 $have installed, $kver_pkg pinned"
	msg "unpacking $tarball into $src"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" -xf "$tarball" --strip-components=1
	mv "$src.tmp" "$src"
	touch "$src/.unpacked"
fi
if [ -n "$source_only" ]; then
	echo "$src"
	exit 0
fi

out=$(kernel_dir "$variant")
if [ -f "$out/.built" ]; then
	echo "$out"
	exit 0
fi

msg "building the $variant kernel in $out (takes a while the first time)"
start=$(date +%s)
rm -rf "$out"
mkdir -p "$out"
mapfile -t frags < <(kernel_fragments "$variant")
make -s -C "$src" O="$out" tinyconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}" \
	> "$out/merge_config.log"
make -s -C "$src" O="$out" olddefconfig >&2

# Every option the fragments ask for (a later fragment overriding an earlier one) must have
# survived olddefconfig. "# CONFIG_X is not set" in a fragment counts as CONFIG_X=n.
bad=0
while IFS='=' read -r opt val; do
	if [ "$val" = n ]; then
		grep -qx "$opt=.*" "$out/.config" && { msg "$opt is set, fragment says n"; bad=1; }
	else
		grep -qx "$opt=$val" "$out/.config" || { msg "$opt is not $val in the result"; bad=1; }
	fi
done < <(sed -n -e 's/^\(CONFIG_[A-Z0-9_]*=.*\)$/\1/p' \
		-e 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1=n/p' "${frags[@]}" |
	 awk -F= '{ v[$1] = $2; if (!($1 in seen)) { seen[$1] = 1; order[n++] = $1 } }
		  END { for (i = 0; i < n; i++) print order[i] "=" v[order[i]] }')
[ $bad = 0 ] || die "the kernel configuration does not hold the fragment"

make -s -C "$src" O="$out" -j"$(nproc)" bzImage modules >&2
make -s -C "$src" O="$out" INSTALL_MOD_PATH="$out/modinst" modules_install >&2
echo $(( $(date +%s) - start )) > "$out/.build-seconds"
touch "$out/.built"
msg "built in $(cat "$out/.build-seconds") s"
echo "$out"
