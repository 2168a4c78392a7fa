#!/usr/bin/env python3
"""Runs one clang-tidy command for ./sspi-tidy (which has parsed the command
line, installed and built) and does what clang-tidy does not:

  - checks, before the run, the .clang-tidy files the run would read (a
    broken one is an error here; clang-tidy ignores it) and the compilation
    database of -p (cl.exe commands without a Windows SDK are given the
    mingw-w64 target and headers, in a copy of the database);
  - passes clang-tidy's stdout (the diagnostics) and stderr through as they
    come, and keeps them;
  - writes the SARIF / Code Quality reports (scripts/sarif.py);
  - reports as an error every file clang-tidy skipped for want of a compile
    command ("Skipping FILE. Compile command not found.", exit status 0
    otherwise), unless --allow-missing-commands;
  - says once per file, on stderr, when a header was not found (clang
    reports no error after that one, and code that needs the header's
    declarations was not checked) and how to give the include paths;
  - prints, for a run over several files, a summary line on stderr: files
    checked, findings per check, files that did not compile.

    tidy_driver.py [options] -- CLANG-TIDY-COMMAND...

Exit status: clang-tidy's (1 when a file does not compile, or with
--warnings-as-errors and a finding), 1 when a file was skipped, 2 for a
usage error or when a report could not be written.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
import sarif  # noqa: E402
import sspi_common  # noqa: E402
from sspi_common import UsageError  # noqa: E402

PROG = "sspi-tidy"
SKIPPED_RE = re.compile(r"^Skipping (?P<file>.+)\. Compile command not found\.$", re.MULTILINE)
FAILED_RE = re.compile(r"^Error while processing (?P<file>.+)\.$", re.MULTILINE)
MISSING_HEADER_RE = re.compile(r"^(?P<file>.+?):\d+:\d+: (?:fatal )?error: '(?P<header>[^']+)' "
                               r"file not found", re.MULTILINE)
GENERATED_RE = re.compile(r"^(?:\d+ warnings? and )?(?:(?P<errors>\d+) errors?|\d+ warnings?) "
                          r"generated\.$")


def compile_failures(stderr):
    """The files with compiler errors. clang-tidy's "Error while processing
    FILE." alone cannot tell: its error count is shared by all the files of a
    run, so once one file has an error it says so of every later file. The
    "N warnings and M errors generated." line printed before it is that
    running count: FILE had errors of its own when the count grew."""
    errors, pending, failed = 0, None, []
    for line in stderr.splitlines():
        m = GENERATED_RE.match(line)
        if m:
            pending = int(m.group("errors") or 0)
            continue
        m = FAILED_RE.match(line)
        if m:
            n = pending if pending is not None else errors
            if n > errors and m.group("file") not in failed:
                failed.append(m.group("file"))
            errors = max(errors, n)
            pending = None
    return failed


def log(msg):
    sspi_common.log(PROG, msg)


def pump(src, dst, keep):
    """Copies src to dst (a binary stream, or None) line by line; keeps a copy."""
    for chunk in iter(src.readline, b""):
        keep.append(chunk)
        if dst is not None:
            try:
                dst.write(chunk)
                dst.flush()
            except (OSError, ValueError):
                dst = None  # a closed pipe (| head): keep running, keep the rest
    src.close()


def main():
    ap = argparse.ArgumentParser(prog="tidy_driver.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--format", choices=["text", "sarif", "codequality"], default="text")
    ap.add_argument("--output")
    ap.add_argument("--sarif")
    ap.add_argument("--codequality")
    ap.add_argument("--srcroot")
    ap.add_argument("--compile-db", metavar="DIR")
    ap.add_argument("--mingw-include", default="/usr/share/mingw-w64/include")
    ap.add_argument("--nfiles", type=int, default=0)
    ap.add_argument("--artifact", help="the only file (diagnostics without location go there)")
    ap.add_argument("--check-config", action="append", default=[], metavar="DIR",
                    help="check the .clang-tidy files read for files in DIR")
    ap.add_argument("--tool-prefix", type=int, default=1,
                    help="how many words of the command run clang-tidy itself")
    ap.add_argument("--allow-missing-commands", action="store_true")
    ap.add_argument("--check-only", action="store_true",
                    help="only check the configuration files (--check-config), run nothing")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        ap.error("no command")

    db = None
    try:
        if args.check_config:
            sspi_common.check_config_files(cmd[:args.tool_prefix], args.check_config)
        if args.compile_db:
            db = sspi_common.PreparedDatabase(args.compile_db, args.mingw_include)
            if db.note():
                log(db.note())
            if db.dir != db.build_dir:
                cmd = cmd[:args.tool_prefix] + sspi_common.replace_p_option(
                    cmd[args.tool_prefix:], db.dir)
    except UsageError as e:
        log("error: " + str(e))
        return 2
    if args.check_only:
        return 0
    try:
        return run(args, cmd, db)
    finally:
        if db is not None:
            db.cleanup()


def run(args, cmd, db):
    text_to_stdout = args.format == "text" and not args.output
    out_file = None
    if args.format == "text" and args.output:
        try:
            out_file = open(args.output, "wb")
        except OSError as e:
            log("error: cannot write the --output file '%s': %s" % (args.output, e.strerror))
            return 2
    out_dst = sys.stdout.buffer if text_to_stdout else out_file
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL)
    except OSError as e:
        log("error: cannot run %s: %s" % (cmd[0], e.strerror or e))
        return 2
    out_keep, err_keep = [], []
    threads = [threading.Thread(target=pump, args=(proc.stdout, out_dst, out_keep)),
               threading.Thread(target=pump, args=(proc.stderr, sys.stderr.buffer, err_keep))]
    for t in threads:
        t.start()
    try:
        for t in threads:
            t.join()
        rc = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        log("interrupted")
        return 130
    if out_file is not None:
        out_file.close()
    if rc < 0:
        rc = 128 - rc
    stdout = b"".join(out_keep).decode("utf-8", errors="replace")
    stderr = b"".join(err_keep).decode("utf-8", errors="replace")

    bases = db.directories().values() if db is not None else []
    bases = list(dict.fromkeys(bases))
    diags, notifications = sarif.parse(stdout, default_file=args.artifact, bases=bases)
    skipped = [m.group("file") for m in SKIPPED_RE.finditer(stderr)]
    failed = compile_failures(stderr)

    crc = 0
    reports = []
    if args.format != "text":
        reports.append((args.format, args.output or "-", "--output"))
    if args.sarif:
        reports.append(("sarif", args.sarif, "--sarif"))
    if args.codequality:
        reports.append(("codequality", args.codequality, "--codequality"))
    for fmt, dest, option in reports:
        try:
            if fmt == "codequality":
                doc = sarif.to_codequality(diags, args.srcroot)
            else:
                inv = {"exitCode": rc, "commandLine": " ".join(cmd)}
                doc = sarif.to_sarif(diags, notifications, args.srcroot, [inv])
            data = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
            if dest == "-":
                sys.stdout.write(data)
                sys.stdout.flush()
            else:
                sspi_common.write_file(dest, data, option)
                count = len(doc) if fmt == "codequality" else len(doc["runs"][0]["results"])
                log("%d %s written to %s" % (
                    count, "issues" if fmt == "codequality" else "SARIF results", dest))
        except (UsageError, sarif.RegistryError) as e:
            log("error: " + str(e))
            crc = 2
    if crc:
        log("converting the diagnostics failed")
        if rc == 0:
            rc = crc

    if skipped and not args.allow_missing_commands:
        where = (os.path.join(db.build_dir, "compile_commands.json") if db is not None
                 else "the compilation database")
        for f in skipped:
            log("error: %s was not checked: %s has no command for it (and none to "
                "infer one from); --allow-missing-commands skips such files"
                % (f, where))
        if rc == 0:
            rc = 1
    seen = set()
    for m in MISSING_HEADER_RE.finditer(stdout):
        if m.group("file") in seen:
            continue
        seen.add(m.group("file"))
        log("%s: the header '%s' was not found: clang reports no error after it, "
            "and code that needs its declarations was not checked; pass the include "
            "paths (-p BUILD_DIR for a compile_commands.json, or -- -I DIR)"
            % (m.group("file"), m.group("header")))
    if args.nfiles > 1:
        log(sspi_common.summary_line(args.nfiles, skipped, failed, sarif.dedupe(diags)))
    return rc


if __name__ == "__main__":
    sys.exit(main())
