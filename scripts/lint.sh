#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The project's static checks, all of which must be quiet:
#   - checkpatch.pl --strict on every .c and .h,
#   - kernel-doc -none -Wall on every .c and .h, and every kernel-doc directive of docs/*.rst
#     resolves,
#   - the modules built with W=1 and sparse on every file (C=2), warnings as failures,
#   - docs/code-map.rst names every file, and exported functions carry their file's name
#     (scripts/code-map.py).
# Builds against KDIR when set, else the project's test kernel.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$top/scripts/deps.sh" kernel lint vm
kdir=${KDIR:-$("$top/scripts/kernel.sh" test)}
cd "$top"

mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.c' '*.h' |
		     while read -r f; do [ -f "$f" ] && echo "$f"; done)
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in "${files[@]}"; do
	if ! "$src/scripts/checkpatch.pl" --strict --no-tree --quiet --terse --show-types \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG_IN_USERSPACE -f "$f" > "$tmp/cp" 2>&1; then
		cat "$tmp/cp"
		fail=1
	fi
done
echo "checkpatch: ${#files[@]} files"

if [ ${#files[@]} -gt 0 ]; then
	"$src/scripts/kernel-doc" -none -Wall "${files[@]}" > "$tmp/kd" 2>&1 || true
	if [ -s "$tmp/kd" ]; then
		cat "$tmp/kd"
		fail=1
	fi
fi
echo "kernel-doc: ${#files[@]} files"

# docs/*.rst assemble DOC: blocks and kernel-doc comments with kernel-doc directives: each
# must resolve (make docs renders them).
ndoc=0
while IFS='|' read -r rst file what name; do
	ndoc=$((ndoc + 1))
	if [ ! -f "$file" ]; then
		echo "$rst: no file $file"
		fail=1
	elif [ -z "$("$src/scripts/kernel-doc" -rst -function "$name" "$file" 2>/dev/null)" ]
	then
		echo "$rst: no '$what$name' in $file"
		fail=1
	fi
done < <(for rst in docs/*.rst; do
		[ -f "$rst" ] || continue
		awk -v rst="$rst" '
			/^\.\. kernel-doc::/ { f = $3 }
			/^ +:doc:/ { sub(/^ *:doc: */, ""); print rst "|" f "|DOC: |" $0 }
			/^ +:(identifiers|functions):/ {
				sub(/^ *:[a-z]+: */, "")
				n = split($0, ids, /[ \t]+/)
				for (i = 1; i <= n; i++)
					if (ids[i] != "")
						print rst "|" f "||" ids[i]
			}' "$rst"
	 done)
echo "docs: $ndoc kernel-doc directives checked"

python3 scripts/code-map.py . || fail=1

# Every file compiled (W=1) and checked (C=2) once: a fresh copy of the tracked and new files
# is built, so that the working tree's own build output is neither used nor disturbed.
mkdir -p "$cache"
ltree=$(mktemp -d "$cache/lint-tree.XXXXXX")
trap 'rm -rf "$tmp" "$ltree"' EXIT
copy_tree "$ltree"
make -s -C "$kdir" M="$ltree" W=1 C=2 CONFIG_XEVM_HARNESS_SELFTEST=m modules > "$tmp/build" 2>&1 || fail=1
if grep -E "warning:|error:|Error " "$tmp/build" | sed "s|$ltree/||g"; then
	fail=1
fi
echo "build (W=1, sparse): $(find "$ltree" -name '*.ko' | wc -l) modules"

if [ $fail != 0 ]; then
	echo "lint: FAILED" >&2
	exit 1
fi
echo "lint: clean"
