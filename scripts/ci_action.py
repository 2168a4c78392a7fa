#!/usr/bin/env python3
"""The Python part of scripts/ci-action (see there): checks the inputs,
writes a compilation database when there is none, runs run-sspi-tidy, and
reports. Python 3 standard library only."""

import json
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import sspi_common  # noqa: E402
from sspi_common import UsageError  # noqa: E402

SOURCE_EXTS = (".c", ".cc", ".cpp", ".cxx")


def log(msg):
    sspi_common.log("sspi-tidy action", msg)


def inputs(env):
    def get(name, default=""):
        v = env.get("SSPI_ACTION_" + name)
        return default if v is None or v.strip() == "" else v.strip()
    fail = get("FAIL_ON_FINDINGS", "true").lower()
    if fail not in ("true", "false"):
        raise UsageError("fail-on-findings must be true or false (not '%s')"
                         % env.get("SSPI_ACTION_FAIL_ON_FINDINGS"))
    jobs = get("JOBS", "")
    if jobs and (not jobs.isdigit() or int(jobs) < 1):
        raise UsageError("jobs must be a number of processes, 1 or more (not '%s')" % jobs)
    try:
        paths = shlex.split(get("PATHS", "."))
        extra = shlex.split(get("EXTRA_ARGS", ""))
    except ValueError as e:
        raise UsageError("cannot split the paths or extra-args input: %s" % e)
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageError("paths: no such file or directory: %s" % ", ".join(missing))
    return {"paths": paths, "db": get("COMPILE_DATABASE", ""), "extra": extra,
            "fail": fail == "true", "sarif": get("SARIF_FILE", "sspi-tidy.sarif"),
            "jobs": jobs}


def sources(paths):
    """The C/C++ files of the paths, as ./sspi-tidy finds them (no .git)."""
    out = []
    for p in paths:
        if os.path.isfile(p):
            out.append(os.path.abspath(p))
            continue
        for d, dirs, names in os.walk(p):
            dirs[:] = sorted(x for x in dirs if x != ".git")
            out += [os.path.abspath(os.path.join(d, n)) for n in sorted(names)
                    if n.endswith(SOURCE_EXTS)]
    return list(dict.fromkeys(out))


def write_database(files, extra, mingw, directory, where):
    entries = [{"directory": directory, "file": f,
                "arguments": ["clang"] + sspi_common.windows_flags(mingw) + extra + ["-c", f]}
               for f in files]
    with open(os.path.join(where, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump(entries, f, indent=1)


def report(sarif_path, workspace, summary_line, env):
    """Outputs and the step summary from the SARIF log."""
    try:
        with open(sarif_path, encoding="utf-8") as f:
            log_ = json.load(f)
        run = log_["runs"][0]
    except (OSError, ValueError, KeyError, IndexError):
        log("no SARIF log was written to %s" % sarif_path)
        return
    results = [r for r in run.get("results", []) if r.get("ruleId") != "clang-diagnostic-error"]
    counts = {}
    for r in results:
        counts[r["ruleId"]] = counts.get(r["ruleId"], 0) + 1
    files = len(run.get("invocations", []))
    out = env.get("GITHUB_OUTPUT")
    if out:
        try:
            with open(out, "a", encoding="utf-8") as f:
                f.write("sarif-file=%s\nfindings=%d\nfiles=%d\n"
                        % (sarif_path, len(results), files))
        except OSError as e:
            log("error: cannot write GITHUB_OUTPUT '%s': %s" % (out, e.strerror or e))
    summary = env.get("GITHUB_STEP_SUMMARY")
    if summary:
        lines = ["### sspi-tidy", "", summary_line or "", ""]
        if counts:
            lines += ["| check | findings |", "|---|---|"]
            lines += ["| %s | %d |" % (k, counts[k]) for k in sorted(counts)]
            lines.append("")
        lines.append("SARIF log: `%s` (%d results)" % (
            os.path.relpath(sarif_path, workspace), len(run.get("results", []))))
        try:
            with open(summary, "a", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
        except OSError as e:
            log("error: cannot write GITHUB_STEP_SUMMARY '%s': %s" % (summary, e.strerror or e))


def main():
    env = os.environ
    workspace = os.path.abspath(env.get("GITHUB_WORKSPACE") or os.getcwd())
    try:
        inp = inputs(env)
        sarif_path = os.path.abspath(inp["sarif"])
        parent = os.path.dirname(sarif_path)
        if not os.path.isdir(parent):
            try:
                os.makedirs(parent)
            except OSError as e:
                raise UsageError("cannot create the folder of sarif-file '%s': %s"
                                 % (inp["sarif"], e.strerror or e))
        sspi_common.check_writable(sarif_path, "the sarif-file")
    except UsageError as e:
        log("error: " + str(e))
        return 2
    runner = [sys.executable, os.path.join(HERE, "run-sspi-tidy"), "--sarif", sarif_path,
              "--srcroot", workspace]
    if inp["jobs"]:
        runner += ["-j", inp["jobs"]]
    if not inp["fail"]:
        runner.append("--exit-zero-on-findings")
    tmp = None
    if inp["db"]:
        runner += ["-p", inp["db"]] + ["--extra-arg=" + a for a in inp["extra"]]
        if inp["paths"] != ["."]:
            runner += inp["paths"]
    else:
        files = sources(inp["paths"])
        if not files:
            log("error: no C/C++ files (%s) in %s" % (" ".join("*" + e for e in SOURCE_EXTS),
                                                        " ".join(inp["paths"])))
            return 2
        tmp = tempfile.TemporaryDirectory(prefix="sspi-tidy-action.", dir=env.get("RUNNER_TEMP"))
        mingw = env.get("SSPI_MINGW_INCLUDE") or "/usr/share/mingw-w64/include"
        write_database(files, inp["extra"], mingw, workspace, tmp.name)
        runner += ["-p", tmp.name]
    log("running: " + " ".join(shlex.quote(a) for a in runner))
    try:
        p = subprocess.Popen(runner, stderr=subprocess.PIPE)
        summary_line = None
        for raw in p.stderr:
            sys.stderr.buffer.write(raw)
            sys.stderr.flush()
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line.startswith("run-sspi-tidy: checked "):
                summary_line = line[len("run-sspi-tidy: "):]
        rc = p.wait()
    finally:
        if tmp is not None:
            tmp.cleanup()
    if rc != 2:
        report(sarif_path, workspace, summary_line, env)
    return rc


if __name__ == "__main__":
    sys.exit(main())
