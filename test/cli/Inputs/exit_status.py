#!/usr/bin/env python3
"""Runs a command with its stdout and stderr passed through, then prints
"exit N" (its exit status; "signal N" when a signal ended it) as the last
line of stderr and exits 0, so that a lit test can FileCheck the status
with the messages (lit's shell has no $?).

    exit_status.py COMMAND [ARG...]
"""
import subprocess
import sys

if len(sys.argv) < 2:
    sys.exit("usage: exit_status.py COMMAND [ARG...]")
try:
    rc = subprocess.call(sys.argv[1:])
except OSError as e:
    sys.stderr.write("exit_status.py: cannot run %s: %s\n" % (sys.argv[1], e.strerror))
    sys.exit(1)
sys.stdout.flush()
sys.stderr.write(("signal %d" % -rc if rc < 0 else "exit %d" % rc) + "\n")
