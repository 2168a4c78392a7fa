#!/usr/bin/env python3
"""Writes a FileCheck file with the codeDescription an installed sspi-clangd
gives sspi-context-leak: the repository page when the build had a
repository URL (scripts/sarif.py --print-docs-base is https), otherwise the
page installed under DOCDIR.

    expected_link.py SSPI_ROOT DOCDIR PREFIX OUT
"""
import subprocess
import sys
import urllib.request

root, docdir, prefix, out = sys.argv[1:5]
base = subprocess.run([sys.executable, root + "/scripts/sarif.py", "--print-docs-base"],
                      stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.strip()
if base.startswith("file:"):
    base = "file://" + urllib.request.pathname2url(docdir) + "/"
with open(out, "w") as f:
    f.write("%s: codeDescription: %ssspi-context-leak.md\n" % (prefix, base))
