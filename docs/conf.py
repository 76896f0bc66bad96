# SPDX-License-Identifier: GPL-2.0
#
# Sphinx configuration of the project's documentation: `make docs` renders docs/ to
# .out/docs/html. The kernel-doc directive is the kernel's own extension
# (Documentation/sphinx/kerneldoc.py and scripts/kernel-doc) from the kernel source tree that
# scripts/kernel.sh unpacks; the Makefile passes that tree in XEVM_KSRC.

import os
import sys

ksrc = os.environ.get('XEVM_KSRC')
if not ksrc or not os.path.isfile(os.path.join(ksrc, 'scripts', 'kernel-doc')):
    sys.exit('docs/conf.py: XEVM_KSRC must name the kernel source tree '
             '(scripts/kernel.sh --source); run "make docs"')
sys.path.insert(0, os.path.join(ksrc, 'Documentation', 'sphinx'))

project = 'Xe SR-IOV VF live migration'
copyright = 'the project\'s authors; GPL-2.0'
root_doc = 'index'
extensions = ['kerneldoc']
exclude_patterns = []
templates_path = []

# kernel-doc reads the C files relative to the repository's top, as the directives name them.
kerneldoc_bin = os.path.join(ksrc, 'scripts', 'kernel-doc')
kerneldoc_srctree = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
# Show kernel-doc's own warnings (lint keeps it quiet with -Wall).
kerneldoc_verbosity = 1

# Attributes the C domain must skip in the declarations kernel-doc emits.
c_id_attributes = ['__packed', '__aligned', '__must_check', '__printf', '__user',
                   '__iomem', '__rcu', '__always_unused', '__maybe_unused']

primary_domain = 'c'
highlight_language = 'none'
html_theme = 'alabaster'
html_static_path = []
html_show_sourcelink = False
html_theme_options = {'page_width': '1100px', 'fixed_sidebar': False}
