"""Shared pieces of reliability/mutate.py and reliability/trees.py: running
sspi-tidy with a timeout, and telling crashes, hangs and sanitizer reports
apart from ordinary compiler errors."""
import os
import re
import signal
import subprocess
import time

CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump:", "Segmentation fault",
                 "Assertion `", "LLVM ERROR:", "terminate called", "UNREACHABLE executed")
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                     "runtime error:", "UndefinedBehaviorSanitizer",
                     "ERROR: MemorySanitizer", "WARNING: ThreadSanitizer")
WARNING_RE = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*) \[([\w.,-]+)\]$")
ERROR_RE = re.compile(r"^(.*?):(\d+):(\d+): (?:fatal )?error: ")
STATS_RE = re.compile(r"^sspi-tidy: analysed (\d+) functions, (\d+) skipped \(budget\)$")
FUNC_STATS_RE = re.compile(r"^sspi-tidy: (.+?): blocks=(\d+) states=(\d+) "
                           r"max-states-per-block=(\d+) time-ms=([0-9.]+)(?: skipped=(.*))?$")

RESOURCE_DIR_DEFAULT = "/usr/lib/llvm-19/lib/clang/19"
WIN_FLAGS = ["--target=x86_64-w64-mingw32", "-isystem", "/usr/share/mingw-w64/include"]


def sanitizer_env(log_dir=None, base=None):
    """The environment for a sanitized binary: every report halts the
    process; with log_dir, reports also go to files there (ASan/UBSan write
    <log_path>.<pid> only when they report)."""
    env = dict(os.environ if base is None else base)
    asan = ["detect_leaks=1", "halt_on_error=1", "abort_on_error=1",
            "detect_stack_use_after_return=0", "allocator_may_return_null=0"]
    ubsan = ["print_stacktrace=1", "halt_on_error=1", "abort_on_error=1"]
    if log_dir:
        asan.append("log_path=%s" % os.path.join(log_dir, "asan"))
        ubsan.append("log_path=%s" % os.path.join(log_dir, "ubsan"))
    env["ASAN_OPTIONS"] = ":".join(asan)
    env["UBSAN_OPTIONS"] = ":".join(ubsan)
    return env


class Result:
    __slots__ = ("rc", "out", "err", "seconds", "timed_out")

    def __init__(self, rc, out, err, seconds, timed_out):
        self.rc, self.out, self.err = rc, out, err
        self.seconds, self.timed_out = seconds, timed_out

    @property
    def kind(self):
        """'hang', 'sanitizer', 'crash' or 'ok' (ok includes compiler errors:
        clang-tidy exits 1 on them)."""
        if self.timed_out:
            return "hang"
        text = self.err + self.out
        if any(m in text for m in SANITIZER_MARKERS):
            return "sanitizer"
        if self.rc < 0 or self.rc > 1 or any(m in text for m in CRASH_MARKERS):
            return "crash"
        return "ok"

    def signature(self):
        """A short description of a crash for reports: the sanitizer's
        summary or the first frames of the stack dump."""
        text = self.err + "\n" + self.out
        for line in text.splitlines():
            if line.startswith("SUMMARY: "):
                return line
        frames = [l.strip() for l in text.splitlines() if re.match(r"\s*#\d+ ", l)]
        if frames:
            return " | ".join(frames[:4])
        if self.timed_out:
            return "timeout after %.0f s" % self.seconds
        return "exit status %d" % self.rc


def run(cmd, timeout, env=None, cwd=None):
    """Runs cmd in its own process group; on timeout the whole group is
    killed."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env, cwd=cwd, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        timed_out = True
    return Result(p.returncode, out.decode("utf-8", "replace"),
                  err.decode("utf-8", "replace"), time.monotonic() - t0, timed_out)


def tidy_cmd(binary, files, flags, resource_dir=RESOURCE_DIR_DEFAULT, checks="-*,sspi-*"):
    return [binary, "--quiet", "--extra-arg-before=-resource-dir=%s" % resource_dir,
            "--extra-arg=-fno-caret-diagnostics", "--checks=%s" % checks] + \
        list(files) + ["--"] + list(flags)


def uncompilable(line):
    """A compiler error that stops the sspi-* analysis of the translation
    unit (clang-diagnostic-error); warnings that are errors by default
    (implicit function declarations, ...) do not."""
    return bool(ERROR_RE.match(line)) and line.endswith("[clang-diagnostic-error]")


def files_with_errors(out):
    """Files that clang reported uncompilable errors in (stdout)."""
    bad = set()
    for line in out.splitlines():
        if uncompilable(line):
            bad.add(ERROR_RE.match(line).group(1))
    return bad


def warnings(out):
    """(file, line, col, message, check) for every warning line."""
    res = []
    for line in out.splitlines():
        m = WARNING_RE.match(line)
        if m:
            res.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5)))
    return res


def engine_stats(err):
    """(functions analysed, functions skipped by budget, [per-function
    (name, blocks, states, max, ms, skip)]) from SSPI_TIDY_STATS output."""
    analysed = skipped = 0
    funcs = []
    for line in err.splitlines():
        m = STATS_RE.match(line)
        if m:
            analysed += int(m.group(1))
            skipped += int(m.group(2))
            continue
        m = FUNC_STATS_RE.match(line)
        if m:
            funcs.append((m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)),
                          float(m.group(5)), m.group(6) or ""))
    return analysed, skipped, funcs
