#!/usr/bin/env python3
"""Writes a FileCheck file expecting sspi-clangd's codeDescription of CHECK
to be the SARIF helpUri of that check (scripts/sarif.py --print-docs-base +
CHECK.md), so that a test compares the two exactly.

    docs_check.py SSPI_ROOT CHECK PREFIX OUT
"""
import subprocess
import sys

root, check, prefix, out = sys.argv[1:5]
base = subprocess.run([sys.executable, root + "/scripts/sarif.py", "--print-docs-base"],
                      stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.strip()
with open(out, "w") as f:
    f.write("%s: codeDescription: %s%s.md\n" % (prefix, base, check))
