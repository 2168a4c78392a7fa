#!/usr/bin/env python3
"""Writes OUT_DIR/compile_commands.json for SRC_DIR/*.c with the given
compiler flags: the "arguments" form for some entries and the "command" form
for the others, file names relative to "directory" (both forms occur in
databases written by CMake, bear and compiledb).

    gen_cdb.py OUT_DIR SRC_DIR FLAG...
"""
import glob
import json
import os
import shlex
import sys

out_dir, src_dir, flags = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3:]
entries = []
for k, path in enumerate(sorted(glob.glob(os.path.join(src_dir, "*.c")))):
    rel = os.path.relpath(path, src_dir)
    args = ["clang"] + flags + ["-c", rel, "-o", rel[:-2] + ".o"]
    entry = {"directory": src_dir, "file": rel}
    if k % 2:
        entry["command"] = " ".join(shlex.quote(a) for a in args)
    else:
        entry["arguments"] = args
    entries.append(entry)
os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, "compile_commands.json"), "w") as f:
    json.dump(entries, f, indent=2)
