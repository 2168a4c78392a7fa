#!/usr/bin/env python3
"""Writes OUT_DIR/compile_commands.json as an MSVC build (cl.exe) writes one,
for test/cli/cl-database.test:

  - examples/client_buggy.c: a "command" string, cl.exe with /D /W4 /Fo;
  - test/cli/Inputs/raii.cpp: "arguments", a quoted cl.exe path with spaces,
    /std:c++17 /EHsc, and /link options after the file;
  - sdk_user.c: a cl.exe command whose /I names an SDK with windows.h;
  - examples/server_buggy.c: a clang command for the mingw target (a mixed
    database: it must stay as it is).

    gen_cl_cdb.py OUT_DIR SSPI_ROOT MINGW_INCLUDE
"""
import json
import os
import sys

out, root, mingw = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
examples = os.path.join(root, "examples")
inputs = os.path.join(root, "test", "cli", "Inputs")
cl = os.path.join(inputs, "cl")
entries = [
    {"directory": examples, "file": "client_buggy.c",
     "command": "cl.exe /nologo /TC /D_WIN32_WINNT=0x0601 /W4 /c client_buggy.c "
                "/Foclient_buggy.obj"},
    {"directory": inputs, "file": "raii.cpp",
     "arguments": ["C:\\Program Files\\Microsoft Visual Studio\\VC\\bin\\cl.exe", "/nologo",
                   "/TP", "/std:c++17", "/EHsc", "/W4", "/I", "include", "/c", "raii.cpp",
                   "/link", "/OUT:raii.exe"]},
    {"directory": cl, "file": "sdk_user.c",
     "command": "cl.exe /nologo /TC /W4 /I %s /c sdk_user.c" % os.path.join(cl, "sdk")},
    {"directory": examples, "file": os.path.join(examples, "server_buggy.c"),
     "arguments": ["clang-19", "--target=x86_64-w64-mingw32", "-isystem", mingw, "-c",
                   "server_buggy.c"]},
]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "compile_commands.json"), "w") as f:
    json.dump(entries, f, indent=2)
