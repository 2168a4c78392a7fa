"""What ./sspi-tidy (through scripts/tidy_driver.py) and scripts/run-sspi-tidy
share: reading a compilation database, cl.exe commands without Windows SDK
headers, checking the .clang-tidy files a run would read, and checking that
report files can be written. Python 3 standard library only.

Every problem a user can cause is raised as UsageError with a one-line
message; the callers print it and exit 2.
"""

import glob
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

MINGW_TARGET = "x86_64-w64-mingw32"


class UsageError(Exception):
    """A problem with the user's input: printed as one line, exit status 2."""


# -- report files ---------------------------------------------------------------

def check_writable(path, option):
    """Raises UsageError when path cannot be opened for writing. Checked before
    the run, so that a long run does not end in an unwritable report. A file
    the check creates is removed again. option: "--sarif" names "the --sarif
    file" in the message, anything with a space is used as it is."""
    existed = os.path.lexists(path)
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as e:
        raise UsageError("cannot write %s '%s': %s" % (_what(option), path, e.strerror or e))
    if not existed:
        try:
            os.unlink(path)
        except OSError:
            pass


def write_file(path, data, option):
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(data)
    except OSError as e:
        raise UsageError("cannot write %s '%s': %s" % (_what(option), path, e.strerror or e))


def _what(option):
    return option if " " in option else "the %s file" % option


# -- compilation databases ------------------------------------------------------

def load_database(build_dir):
    """The entries of BUILD_DIR/compile_commands.json, each with an absolute
    "directory" and an absolute "path" (the file) added."""
    path = os.path.join(build_dir, "compile_commands.json")
    if not os.path.exists(path):
        if os.path.exists(os.path.join(build_dir, "compile_flags.txt")):
            return None  # clang's fixed database: one command for every file
        if not os.path.isdir(build_dir):
            raise UsageError("-p %s: no such directory" % build_dir)
        raise UsageError("-p %s: no compile_commands.json in that directory" % build_dir)
    try:
        with open(path, encoding="utf-8") as f:
            entries = json.load(f)
    except OSError as e:
        raise UsageError("cannot read %s: %s" % (path, e.strerror or e))
    except ValueError as e:
        raise UsageError("%s is not valid JSON: %s" % (path, e))
    if not isinstance(entries, list):
        raise UsageError("%s is not a list of compile commands" % path)
    out = []
    for k, e in enumerate(entries):
        if not isinstance(e, dict) or not isinstance(e.get("file"), str) or not (
                isinstance(e.get("arguments"), list) or isinstance(e.get("command"), str)):
            raise UsageError("%s: entry %d has no \"file\" and \"command\" or \"arguments\""
                             % (path, k + 1))
        e = dict(e)
        e["directory"] = os.path.normpath(os.path.join(build_dir, e.get("directory", ".")))
        e["path"] = os.path.normpath(os.path.join(e["directory"], e["file"]))
        out.append(e)
    return out


def entry_arguments(entry):
    if isinstance(entry.get("arguments"), list):
        return list(entry["arguments"])
    try:
        return shlex.split(entry["command"])
    except ValueError:
        return entry["command"].split()


def is_cl_command(args):
    """True for a command clang reads in cl mode: cl.exe, clang-cl, or
    --driver-mode=cl (clang picks the mode from the program name)."""
    if not args:
        return False
    name = re.split(r"[\\/]", args[0])[-1].lower()
    if name.endswith(".exe"):
        name = name[:-4]
    name = re.sub(r"-\d+(\.\d+)*$", "", name)  # clang-cl-19
    mode = None
    for a in args[1:]:
        if a.startswith("--driver-mode="):
            mode = a.split("=", 1)[1]
    if mode is not None:
        return mode == "cl"
    return name in ("cl", "clang-cl") or name.endswith("-clang-cl")


# Options through which a cl command names Windows SDK headers or the whole
# SDK; the value is joined (/Idir) or the next argument (/I dir).
_CL_INCLUDE_OPTS = ("/I", "-I", "/imsvc", "-imsvc", "/external:I", "-external:I",
                    "/clang:-isystem", "/clang:-I", "-isystem")
_CL_SDK_OPTS = ("/winsysroot", "-winsysroot", "/vctoolsdir", "-vctoolsdir",
                "/winsdkdir", "-winsdkdir")


def _has_windows_h(directory):
    try:
        return any(n.lower() == "windows.h" for n in os.listdir(directory))
    except OSError:
        return False


def names_windows_sdk(args, directory, environ=os.environ):
    """True when the cl command (or clang-cl's INCLUDE / EXTERNAL_INCLUDE
    environment) has an include directory with windows.h, or names an SDK."""
    dirs = []
    i = 1
    while i < len(args):
        a = args[i]
        low = a.lower()
        if any(low.startswith(o.lower()) for o in _CL_SDK_OPTS):
            return True
        for o in _CL_INCLUDE_OPTS:
            if a.startswith(o):
                value = a[len(o):]
                if not value and i + 1 < len(args):
                    i += 1
                    value = args[i]
                if value:
                    dirs.append(value)
                break
        i += 1
    for var in ("INCLUDE", "EXTERNAL_INCLUDE"):
        dirs += [d for d in re.split(r"[;:]", environ.get(var, "")) if d]
    return any(_has_windows_h(os.path.join(directory, d)) for d in dirs)


def mingw_cxx_includes(environ=os.environ):
    """mingw-w64's libstdc++ header folders when clang does not find them by
    itself: clang 19 finds Debian's g++-mingw-w64-x86-64-posix for the mingw
    target, older clang does not recognise its GCC version folder (12-posix).
    The same as sspi_windows_flags in scripts/common.sh."""
    try:
        version = int(environ.get("SSPI_LLVM_VERSION") or 19)
    except ValueError:
        version = 19
    if version >= 19:
        return []
    found = sorted(glob.glob("/usr/lib/gcc/x86_64-w64-mingw32/*-posix/include/c++"))
    if not found or not os.path.isdir(found[-1]):
        return []
    d = found[-1]
    return [d, d + "/x86_64-w64-mingw32", d + "/backward"]


def windows_flags(mingw_include):
    """The flags ./sspi-tidy gives Windows code without a compilation database."""
    flags = ["--target=" + MINGW_TARGET, "-isystem", mingw_include]
    for d in mingw_cxx_includes():
        flags += ["-cxx-isystem", d]
    return flags


def _mingw_args(mingw_include):
    return (["--target=" + MINGW_TARGET, "/clang:-isystem" + mingw_include] +
            ["/clang:-cxx-isystem" + d for d in mingw_cxx_includes()])


def fix_cl_entry(entry, mingw_include):
    """The entry with the mingw target and headers added where they take
    effect: before /link (whose arguments go to the linker) or a `--`."""
    new = {k: v for k, v in entry.items() if k != "path"}
    extra = _mingw_args(mingw_include)
    if isinstance(entry.get("arguments"), list):
        args = list(entry["arguments"])
        cut = len(args)
        for k, a in enumerate(args[1:], start=1):
            if a in ("--",) or a.lower() in ("/link", "-link"):
                cut = k
                break
        new["arguments"] = args[:cut] + extra + args[cut:]
        return new
    args = entry_arguments(entry)
    if any(a == "--" or a.lower() in ("/link", "-link") for a in args[1:]):
        new.pop("command", None)
        new["arguments"] = fix_cl_entry(dict(entry, arguments=args), mingw_include)["arguments"]
        return new
    new["command"] = entry["command"] + " " + " ".join(shlex.quote(a) for a in extra)
    return new


class PreparedDatabase:
    """The database clang-tidy is given: the user's, or a copy in a
    temporary directory in which the cl.exe commands that name no Windows SDK
    get the mingw-w64 target and headers (clang reads cl commands in cl mode,
    and on Linux there is no SDK: every file would fail on <windows.h>)."""

    def __init__(self, build_dir, mingw_include):
        self.build_dir = os.path.abspath(build_dir)
        self.entries = load_database(self.build_dir)
        self.dir = self.build_dir
        self.fixed = 0
        self.cl = 0
        self._tmp = None
        if self.entries is None:
            return
        out = []
        for e in self.entries:
            args = entry_arguments(e)
            if is_cl_command(args):
                self.cl += 1
                if not names_windows_sdk(args, e["directory"]):
                    self.fixed += 1
                    out.append(fix_cl_entry(e, mingw_include))
                    continue
            out.append({k: v for k, v in e.items() if k != "path"})
        if self.fixed:
            self._tmp = tempfile.TemporaryDirectory(prefix="sspi-tidy-db.")
            self.dir = self._tmp.name
            with open(os.path.join(self.dir, "compile_commands.json"), "w",
                      encoding="utf-8") as f:
                json.dump(out, f, indent=1)
        self.mingw_include = mingw_include

    def note(self):
        """The line that says what was done, or None."""
        if not self.fixed:
            return None
        if self.fixed == self.cl:
            which = "the %s" % ("cl.exe command" if self.cl == 1 else
                                "%d cl.exe commands" % self.cl)
        else:
            which = "%d of the %d cl.exe commands" % (self.fixed, self.cl)
        return ("%s in %s name%s no Windows SDK include path: checked as mingw-w64 "
                "code (--target=%s /clang:-isystem%s)" % (
                    which, os.path.join(self.build_dir, "compile_commands.json"),
                    "s" if self.fixed == 1 else "", MINGW_TARGET, self.mingw_include))

    def files(self):
        """The files of the database, each once, in database order."""
        seen, out = set(), []
        for e in self.entries or []:
            if e["path"] not in seen:
                seen.add(e["path"])
                out.append(e["path"])
        return out

    def directories(self):
        """{file: directory of its first entry}."""
        out = {}
        for e in self.entries or []:
            out.setdefault(e["path"], e["directory"])
        return out

    def cleanup(self):
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def replace_p_option(cmd, new_dir):
    """cmd with the value of its -p / --p option replaced by new_dir."""
    out, i = [], 0
    while i < len(cmd):
        a = cmd[i]
        if a == "--":
            out += cmd[i:]
            break
        if a in ("-p", "--p") and i + 1 < len(cmd):
            out += [a, new_dir]
            i += 2
            continue
        if a.startswith("-p=") or a.startswith("--p="):
            out.append(a.split("=", 1)[0] + "=" + new_dir)
        else:
            out.append(a)
        i += 1
    return out


# -- .clang-tidy ------------------------------------------------------------------

_CONFIG_ERROR_RE = re.compile(r"^(?P<loc>.+?:\d+:\d+): error: (?P<msg>.*)$", re.MULTILINE)
_INHERIT_RE = re.compile(r"^\s*InheritParentConfig\s*:\s*(true|True|TRUE|yes|on)\s*(#.*)?$",
                         re.MULTILINE)


def config_files(paths):
    """The .clang-tidy files clang-tidy reads for files in these folders: the
    nearest one of each, and its parents' as long as each says
    InheritParentConfig: true."""
    found, seen_dirs = [], set()
    for d in paths:
        d = os.path.abspath(d)
        while True:
            if d in seen_dirs:
                break
            seen_dirs.add(d)
            cand = os.path.join(d, ".clang-tidy")
            if os.path.isfile(cand):
                if cand not in found:
                    found.append(cand)
                try:
                    with open(cand, encoding="utf-8", errors="replace") as f:
                        inherit = bool(_INHERIT_RE.search(f.read()))
                except OSError:
                    inherit = False
                if not inherit:
                    break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
    return found


def check_config_files(tool, dirs):
    """Parses each .clang-tidy a run over files in dirs would read, with the
    clang-tidy that will run (tool: its command prefix). clang-tidy itself
    prints a parse error once per file and then ignores the configuration
    (and its options, such as the project's acquire/release functions);
    this raises UsageError naming the file and line instead."""
    for cfg in config_files(dirs):
        with tempfile.TemporaryDirectory(prefix="sspi-tidy-cfg.") as cwd:
            try:
                p = subprocess.run(tool + ["--config-file=" + cfg, "--dump-config"],
                                   cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, universal_newlines=True,
                                   errors="replace")
            except OSError as e:
                raise UsageError("cannot run %s: %s" % (tool[0], e.strerror or e))
        if p.returncode != 0:
            m = _CONFIG_ERROR_RE.search(p.stderr)
            if m:
                raise UsageError("invalid configuration file %s: %s (clang-tidy would "
                                 "ignore the whole file)" % (m.group("loc"), m.group("msg")))
            first = next((l for l in p.stderr.splitlines() if l.strip()), "")
            raise UsageError("invalid configuration file %s: %s" % (cfg, first or
                             "clang-tidy exits with status %d" % p.returncode))


# -- the summary line -------------------------------------------------------------

def plural(n, word, words=None):
    return "%d %s" % (n, word if n == 1 else (words or word + "s"))


def summary_line(n_files, skipped, failed, diags, processes_failed=None):
    """"checked 4 files: 8 findings (sspi-context-leak: 2, ...), 1 file did
    not compile (broken.c)": the findings per check (the sspi-* checks in
    the registry's order, then the others), the files with compiler errors
    (clang-diagnostic-error results are not findings), the files skipped,
    and (run-sspi-tidy) the clang-tidy processes that failed otherwise."""
    import sarif  # scripts/sarif.py, next to this file
    try:
        order = [c for c, _, _ in sarif.load_checks()]
    except sarif.RegistryError:
        order = []
    counts = {}
    for d in diags:
        if d.rule == "clang-diagnostic-error":
            continue
        counts[d.rule] = counts.get(d.rule, 0) + 1
    rules = sorted(counts, key=lambda r: (order.index(r) if r in order else len(order), r))
    findings = sum(counts.values())
    text = "checked %s: %s" % (plural(n_files - len(skipped), "file"), plural(findings, "finding"))
    if findings:
        text += " (%s)" % ", ".join("%s: %d" % (r, counts[r]) for r in rules)
    if failed:
        text += ", %s not compile (%s)" % (
            "1 file did" if len(failed) == 1 else "%d files did" % len(failed),
            ", ".join(failed))
    else:
        text += ", no compiler errors"
    if skipped:
        text += ", %s not checked (no compile command)" % plural(len(skipped), "file")
    if processes_failed is not None:
        text += ", %s failed" % plural(processes_failed, "clang-tidy process", "clang-tidy processes")
    return text


def log(prog, msg):
    print("%s: %s" % (prog, msg), file=sys.stderr, flush=True)
