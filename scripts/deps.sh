#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages a step needs, only when something is missing.
#
#   scripts/deps.sh kernel|vm|lint|docs|plot|all
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=()
for what in "$@"; do
	case $what in
	kernel) pkgs+=("linux-source-6.12=$kver_pkg" make gcc bc bison flex libelf-dev
		       libssl-dev xz-utils perl python3 kmod) ;;
	vm)     pkgs+=(qemu-system-x86 busybox-static cpio libdrm-dev gcc python3 rsync kmod) ;;
	lint)   pkgs+=(sparse perl) ;;
	docs)   pkgs+=(python3-sphinx perl) ;;
	plot)   pkgs+=(gnuplot-nox) ;;
	all)    exec "$0" kernel vm lint docs plot ;;
	*)      die "unknown step '$what'" ;;
	esac
done

missing=()
for p in "${pkgs[@]}"; do
	name=${p%%=*}
	want=${p#*=}
	have=$(dpkg-query -W -f='${db:Status-Abbrev}|${Version}' "$name" 2>/dev/null || true)
	case $have in
	ii*) [ "$name" = "$p" ] || [ "${have#*|}" = "$want" ] || missing+=("$p") ;;
	*) missing+=("$p") ;;
	esac
done
[ ${#missing[@]} = 0 ] && exit 0

[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run as root or install them"
msg "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
