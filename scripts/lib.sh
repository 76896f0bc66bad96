# SPDX-License-Identifier: GPL-2.0
# Shared settings for the scripts in this directory. Sourced, never run.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The tree whose build output goes into the VM: the working tree, or for make bench its copy
# built against the performance kernel.
tree=${XEVM_TREE:-$top}
kver_pkg=$(cat "$top/scripts/kernel-version")
cache=${XEVM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xe-vfmig}
src=$cache/linux-source-$kver_pkg

msg() { printf '[%s] %s\n' "${0##*/}" "$*" >&2; }
die() { msg "error: $*"; exit 1; }

# kernel_dir VARIANT: the cached build tree of the test kernel VARIANT (test or bench),
# keyed by the pinned source version and the hash of the fragments that make it.
kernel_dir() {
	local frags=("$top/scripts/kconfig/test.config")
	[ "$1" = bench ] && frags+=("$top/scripts/kconfig/bench.config")
	local key
	key=$( { echo "$kver_pkg"; cat "${frags[@]}"; } | sha256sum | cut -c1-12)
	echo "$cache/kernel-$1-$key"
}

kernel_fragments() {
	echo "$top/scripts/kconfig/test.config"
	[ "$1" = bench ] && echo "$top/scripts/kconfig/bench.config"
	return 0
}

# The components, in load order, from the one list there is: the top-level Kbuild's. Each
# component directory <c>/ builds the module <c>/xe<c>.ko and its KUnit module(s) in tests/.
components() {
	sed -n 's/^components := //p' "$top/Kbuild"
}

# copy_tree DIR: a copy in DIR of the tracked and new (not ignored) files of the checkout,
# without its build output.
copy_tree() {
	(cd "$top" && git ls-files --cached --others --exclude-standard -z |
	 rsync -a --from0 --files-from=- . "$1/")
}
