#!/usr/bin/env python3
"""Checks that run-sspi-tidy's output (stdout and stderr together) is one
block per file: a progress line "[k/n] FILE", k counting 1..n, then only
diagnostics of FILE until the next progress line. Prints one summary line
per file, sorted, for FileCheck.

    check_grouped.py OUTPUT N
"""
import os
import re
import sys

PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] (.+)$")
DIAG = re.compile(r"^(.+?):\d+:\d+: (warning|error|note): ")

lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
n = int(sys.argv[2])
blocks, current, problems = {}, None, []
for line in lines:
    m = PROGRESS.match(line)
    if m:
        k, total, path = int(m.group(1)), int(m.group(2)), m.group(3)
        if total != n or k != len(blocks) + 1:
            problems.append("progress %d/%d out of order" % (k, total))
        current = os.path.basename(path)
        blocks[current] = {"warning": 0, "error": 0, "note": 0}
        continue
    m = DIAG.match(line)
    if m:
        if current is None or os.path.basename(m.group(1)) != current:
            problems.append("diagnostic of %s in the block of %s" % (m.group(1), current))
        else:
            blocks[current][m.group(2)] += 1
if len(blocks) != n:
    problems.append("%d progress lines, expected %d" % (len(blocks), n))
for p in problems:
    print("PROBLEM " + p)
for name in sorted(blocks):
    b = blocks[name]
    print("FILE %s warnings=%d errors=%d notes=%d" % (name, b["warning"], b["error"], b["note"]))
sys.exit(1 if problems else 0)
