#!/usr/bin/env python3
"""Checks what lists the sspi-* checks against checker/checks/SspiChecks.def:
the docs pages, README.md's table of checks, the module's registration (the
names --list-checks prints, read from stdin), and scripts/sarif.py's rules.
Prints one line per mismatch and exits 1 if there is any."""
import importlib.util
import os
import re
import sys

root = sys.argv[1]
entry = re.compile(r'^SSPI_CHECK\((\w+),\s*"([^"]+)",\s*(\w+),\s*(\d+),\s*"([^"]*)"\)\s*$')
checks = []
with open(os.path.join(root, "checker/checks/SspiChecks.def")) as f:
    for line in f:
        m = entry.match(line)
        if m:
            checks.append(m.groups())
names = [c[1] for c in checks]
bad = []
if len(names) < 8 or len(set(names)) != len(names):
    bad.append("registry: expected at least 8 distinct checks, got %r" % names)

docs = os.path.join(root, "docs/checks")
pages = sorted(f[:-3] for f in os.listdir(docs) if f.endswith(".md"))
for n in names:
    if n not in pages:
        bad.append("docs: no docs/checks/%s.md" % n)
for p in pages:
    if p not in names:
        bad.append("docs: docs/checks/%s.md is no registered check" % p)

with open(os.path.join(root, "README.md")) as f:
    readme = f.read()
section = readme.split("\n## Checks\n", 1)[1].split("\n## ", 1)[0]
rows = re.findall(r"^\| \[(sspi-[\w-]+)\]\(docs/checks/([\w-]+)\.md\) \|", section, re.M)
if [r[0] for r in rows] != names:
    bad.append("README: table of checks %r, registry %r" % ([r[0] for r in rows], names))
for shown, page in rows:
    if shown != page:
        bad.append("README: %s links to %s.md" % (shown, page))

listed = sorted(set(re.findall(r"^\s+(sspi-[\w-]+)\s*$", sys.stdin.read(), re.M)))
if listed != sorted(names):
    bad.append("module: --list-checks shows %r, registry %r" % (listed, sorted(names)))

spec = importlib.util.spec_from_file_location("sarif", os.path.join(root, "scripts/sarif.py"))
sarif = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sarif)
rules = [(r[0], r[1], r[2]) for r in sarif.SSPI_RULES]
want = [(c[1], c[4], ["external/cwe/cwe-%s" % c[3]]) for c in checks]
if rules != want:
    bad.append("sarif: rules %r, registry %r" % (rules, want))

for b in bad:
    print(b)
print("registry: %d checks, %d mismatches" % (len(names), len(bad)))
sys.exit(1 if bad else 0)
