#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the tree against docs/code-map.rst and the naming rule (make lint runs it).

- Every .c file of a component (sim/, pf/, vfio/, vf/) and every header of its include/
  directory is named in docs/code-map.rst, and every file the page names exists (a unit's
  .h and _types.h go with its .c).
- A function a component's .c file exports (not static) starts with the file's name
  (xepf_sriov_control.c exports xepf_sriov_control_*), with three kinds of exception:
  a component's public API, declared in its include/ directory, carries the component's
  prefix (the bus API of xesim_driver.h is xesim_*); an ioctl handler is named after its
  ioctl (<prefix>_<name>_ioctl, as upstream's); a container_of() converter is named
  <prefix>_to_<type> or <prefix>_<from>_to_<type>.

Usage: scripts/code-map.py [top]   (exit status 1 when something does not match)
"""

import os
import re
import subprocess
import sys

COMPONENTS = {'sim': 'xesim', 'pf': 'xepf', 'vfio': 'xevfio', 'vf': 'xevf'}

DEF = re.compile(r'^([a-z_][^\n;{}()]*?\b)([a-z_][a-z0-9_]*)\(([^;{]*?)\)\s*\n\{', re.M)


def sources(top):
    out = subprocess.run(['git', 'ls-files', '--', *COMPONENTS], cwd=top, check=True,
                         capture_output=True, text=True).stdout.split()
    return [f for f in out if '/tests/' not in f and
            (f.endswith('.c') or ('/include/' in f and f.endswith('.h')))]


def public_api(top, comp):
    names = set()
    inc = os.path.join(top, comp, 'include')
    for root, _, files in os.walk(inc):
        for name in files:
            if name.endswith('.h'):
                with open(os.path.join(root, name)) as f:
                    names.update(re.findall(r'\b([a-z_][a-z0-9_]*)\(', f.read()))
    return names


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else '.'
    bad = []
    with open(os.path.join(top, 'docs/code-map.rst')) as f:
        page = f.read()
    named = set(re.findall(r'``((?:sim|pf|vfio|vf)/[\w/.-]+\.[ch])``', page))
    files = sources(top)
    for f in files:
        if f not in named:
            bad.append(f'{f}: not in docs/code-map.rst')
    for f in sorted(named - set(files)):
        bad.append(f'docs/code-map.rst names {f}, which is not in the tree')

    for comp, prefix in COMPONENTS.items():
        api = public_api(top, comp)
        for f in files:
            if not f.startswith(comp + '/') or not f.endswith('.c') or '/include/' in f:
                continue
            base = os.path.basename(f)[:-2]
            with open(os.path.join(top, f)) as src:
                text = src.read()
            for m in DEF.finditer(text):
                fn = m.group(2)
                if 'static' in m.group(1) or fn.startswith(base):
                    continue
                if fn in api and fn.lstrip('_').startswith(prefix + '_'):
                    continue
                if fn.endswith('_ioctl') and fn.startswith(prefix + '_'):
                    continue
                if re.match(prefix + r'_(\w+_)?to_\w+$', fn):
                    continue
                bad.append(f'{f}: {fn}() does not start with {base}_')
    for line in bad:
        print(line)
    print(f'code map: {len(files)} files, {len(bad)} problems')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
