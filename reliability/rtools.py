"""The helpers that bench/run and reliability/ (run, trees.py, mutate.py)
share, each written once:

- the toolchain: LLVM's directory, clang's resource directory (which the
  standalone sspi-tidy-bin needs outside /usr/lib/llvm-19/bin), the mingw-w64
  headers and the Windows target flags;
- the sanitizer environment of an ASan+UBSan binary;
- running sspi-tidy with a timeout, and telling crashes, hangs and sanitizer
  reports apart from ordinary compiler errors;
- the parser of the engine's SSPI_TIDY_STATS lines and of clang-tidy's
  warning and error lines;
- what a curl or FreeRDP source tree needs to parse as Windows code without
  being configured or built (curl_config.h, FreeRDP's config headers from its
  CMake templates, mingw-w64 header names in another case, the system's
  OpenSSL headers), and the compiler flags of a file of such a tree.

`python3 reliability/rtools.py sanitizer-env [LOG_DIR]` prints the sanitizer
environment as shell `export` lines (reliability/run uses it).
"""
import os
import re
import shlex
import signal
import subprocess
import sys
import time

# -- toolchain ----------------------------------------------------------------

LLVM = os.environ.get("SSPI_LLVM", "/usr/lib/llvm-19")
MINGW = os.environ.get("SSPI_MINGW_INCLUDE", "/usr/share/mingw-w64/include")
WIN_FLAGS = ["--target=x86_64-w64-mingw32", "-isystem", MINGW]


def resource_dir(llvm=None):
    """clang's resource directory (lib/clang/<N> with its include/) under
    LLVM's directory, or None."""
    base = os.path.join(llvm or LLVM, "lib", "clang")
    for d in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        if os.path.isdir(os.path.join(base, d, "include")):
            return os.path.join(base, d)
    return None


RESOURCE_DIR_DEFAULT = resource_dir() or os.path.join(LLVM, "lib", "clang", "19")


def resource_dir_args(rd=None):
    """The clang-tidy argument that gives a standalone binary the resource
    directory ([] when there is none)."""
    rd = rd or resource_dir()
    return ["--extra-arg-before=-resource-dir=" + rd] if rd else []


# -- sanitizers ---------------------------------------------------------------

CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump:", "Segmentation fault",
                 "Assertion `", "LLVM ERROR:", "terminate called", "UNREACHABLE executed")
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                     "runtime error:", "UndefinedBehaviorSanitizer",
                     "ERROR: MemorySanitizer", "WARNING: ThreadSanitizer")


def sanitizer_options(log_dir=None):
    """ASAN_OPTIONS and UBSAN_OPTIONS for a sanitized binary: every report
    halts the process; with log_dir, reports also go to files there
    (ASan/UBSan write <log_path>.<pid> only when they report)."""
    asan = ["detect_leaks=1", "halt_on_error=1", "abort_on_error=1",
            "detect_stack_use_after_return=0", "allocator_may_return_null=0"]
    ubsan = ["print_stacktrace=1", "halt_on_error=1", "abort_on_error=1"]
    if log_dir:
        asan.append("log_path=%s" % os.path.join(log_dir, "asan"))
        ubsan.append("log_path=%s" % os.path.join(log_dir, "ubsan"))
    return {"ASAN_OPTIONS": ":".join(asan), "UBSAN_OPTIONS": ":".join(ubsan)}


def sanitizer_env(log_dir=None, base=None):
    """os.environ (or base) with sanitizer_options(log_dir)."""
    env = dict(os.environ if base is None else base)
    env.update(sanitizer_options(log_dir))
    return env


# -- running sspi-tidy -----------------------------------------------------------

WARNING_RE = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*) \[([\w.,-]+)\]$")
ERROR_RE = re.compile(r"^(.*?):(\d+):(\d+): (?:fatal )?error: ")


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
    return [binary, "--quiet"] + resource_dir_args(resource_dir) + \
        ["--extra-arg=-fno-caret-diagnostics", "--checks=%s" % checks] + \
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


# -- SSPI_TIDY_STATS ---------------------------------------------------------------
#
# Per function:  sspi-tidy: NAME: blocks=N states=N max-states-per-block=N time-ms=F
#                  [ joined=N][ one-state=REASON][ dropped=N][ skipped=REASON]
# Not analysed:  sspi-tidy: NAME: not analysed: REASON (its body has a compile error)
# Per TU:        sspi-tidy: analysed N functions, N joined, N skipped, N with errors
# All are read tolerantly: any `key=value` fields in any order (a REASON may
# hold spaces: a value runs up to the next ` key=`), and a TU line with any
# list of `, N what` counts (an older engine printed only `N skipped (budget)`).

FUNC_LINE_RE = re.compile(r"^sspi-tidy: (.+?): ([A-Za-z][\w-]*=.*)$")
FIELD_RE = re.compile(r"([A-Za-z][\w-]*)=(.*?)(?=\s+[A-Za-z][\w-]*=|\s*$)")
TU_LINE_RE = re.compile(r"^sspi-tidy: analysed (\d+) functions?\b(.*)$")
NOT_ANALYSED_RE = re.compile(r"^sspi-tidy: (.+?): not analysed: (.*)$")
TU_COUNT_RE = re.compile(r",\s*(\d+)\s+([^,]+)")


def _value(v):
    if re.fullmatch(r"-?\d+", v):
        return int(v)
    if re.fullmatch(r"-?\d+\.\d*(?:[eE][-+]?\d+)?", v):
        return float(v)
    return v


def _count(fields, key):
    v = fields.get(key, 0)
    return v if isinstance(v, int) else 0


def count_key(label):
    """'skipped (budget)' -> 'skipped', 'with errors' -> 'errors',
    'joined' -> 'joined'."""
    label = re.sub(r"\s*\(.*?\)", "", label).strip()
    if label.startswith("with "):
        label = label[5:]
    return re.sub(r"\W+", "_", label).strip("_")


class Stats:
    """The SSPI_TIDY_STATS lines of one run.

    functions: one dict per function line, with name, blocks, states, max
      (max-states-per-block), ms (time-ms), skipped (the reason, '' when
      analysed), joined (0 when not printed), one_state (the reason the
      rest of the function was analysed with one state per block, '' when
      not), dropped (findings not reported because a join forgot what their
      path read; 0 when not printed) and fields (every key=value as
      printed, numbers converted);
    not_analysed: one dict (name, reason) per 'NAME: not analysed: REASON'
      line (a function whose own body has a compile error);
    totals: the counts of the TU lines summed ('analysed', 'skipped',
      'joined', 'errors', whatever the engine prints), None when there is
      no TU line; tus: the number of TU lines."""

    def __init__(self, err):
        self.functions = []
        self.not_analysed = []
        self.totals = None
        self.tus = 0
        for line in err.splitlines():
            m = TU_LINE_RE.match(line)
            if m:
                self.tus += 1
                t = self.totals = self.totals or {}
                t["analysed"] = t.get("analysed", 0) + int(m.group(1))
                for n, label in TU_COUNT_RE.findall(m.group(2)):
                    k = count_key(label)
                    t[k] = t.get(k, 0) + int(n)
                continue
            m = NOT_ANALYSED_RE.match(line)
            if m:
                self.not_analysed.append({"name": m.group(1), "reason": m.group(2).strip()})
                continue
            m = FUNC_LINE_RE.match(line)
            if not m:
                continue
            fields = {k: _value(v) for k, v in FIELD_RE.findall(m.group(2))}
            skipped = fields.get("skipped", "")
            self.functions.append({
                "name": m.group(1), "fields": fields,
                "blocks": fields.get("blocks", 0), "states": fields.get("states", 0),
                "max": fields.get("max-states-per-block", 0),
                "ms": float(fields.get("time-ms", 0.0)),
                "skipped": str(skipped) if skipped not in ("", 0) else "",
                "joined": _count(fields, "joined"),
                "one_state": str(fields.get("one-state", "")),
                "dropped": _count(fields, "dropped"),
            })

    def total(self, key, default=0):
        return (self.totals or {}).get(key, default)

    def slowest(self):
        return max(self.functions, key=lambda f: f["ms"]) if self.functions else None


# -- trees: what curl and FreeRDP need to parse as Windows code -----------------------

SOURCE_EXT = (".c", ".cc", ".cpp", ".cxx")
SKIP_DIRS = {".git", ".svn", "CMakeFiles"}

# A curl_config.h for parsing curl as a mingw-w64 (Windows, x86_64) build
# with SSPI and Schannel (NTLM, Kerberos, SPNEGO).
CURL_CONFIG_H = """\
/* curl_config.h for parsing curl as Windows (mingw-w64) code with SSPI and
   Schannel; generated by sspi-tidy (reliability/rtools.py). */
#ifndef SSPI_TIDY_CURL_CONFIG_H
#define SSPI_TIDY_CURL_CONFIG_H
#define HAVE_FCNTL_H 1
#define HAVE_IO_H 1
#define HAVE_LOCALE_H 1
#define HAVE_STDBOOL_H 1
#define HAVE_BOOL_T 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_SYS_UTIME_H 1
#define HAVE_UNISTD_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_CLOSESOCKET 1
#define HAVE_FREEADDRINFO 1
#define HAVE_GETADDRINFO 1
#define HAVE_GETADDRINFO_THREADSAFE 1
#define HAVE_GETHOSTNAME 1
#define HAVE_GETPEERNAME 1
#define HAVE_GETSOCKNAME 1
#define HAVE_IOCTLSOCKET 1
#define HAVE_IOCTLSOCKET_FIONBIO 1
#define HAVE_SETLOCALE 1
#define HAVE_SOCKET 1
#define HAVE_UTIME 1
#define HAVE_RECV 1
#define RECV_TYPE_ARG1 SOCKET
#define RECV_TYPE_ARG2 char *
#define RECV_TYPE_ARG3 int
#define RECV_TYPE_ARG4 int
#define RECV_TYPE_RETV int
#define HAVE_SEND 1
#define SEND_TYPE_ARG1 SOCKET
#define SEND_TYPE_ARG2 char *
#define SEND_TYPE_ARG3 int
#define SEND_TYPE_ARG4 int
#define SEND_TYPE_RETV int
#define HAVE_SIGNAL 1
#define SIZEOF_INT 4
#define SIZEOF_LONG 4
#define SIZEOF_SIZE_T 8
#define SIZEOF_CURL_OFF_T 8
#define SIZEOF_TIME_T 8
#define SIZEOF_OFF_T 8
#define HAVE_STRUCT_SOCKADDR_STORAGE 1
#define HAVE_STRUCT_TIMEVAL 1
#define HAVE_SOCKADDR_IN6_SIN6_SCOPE_ID 1
#define USE_RESOLV_THREADED 1
#define USE_WIN32_CRYPTO 1
#define USE_UNIX_SOCKETS 1
#define USE_NTLM 1
#define USE_KERBEROS5 1
#define USE_SPNEGO 1
#define CURL_OS "x86_64-w64-mingw32"
#endif
"""

# The defines every curl file gets (-DBUILDING_LIBCURL is added for lib/).
CURL_DEFINES = ["-DHAVE_CONFIG_H", "-DUSE_WINDOWS_SSPI", "-DUSE_SCHANNEL", "-DWIN32"]


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# What older curl trees need on top of CURL_CONFIG_H (which is what the
# current tree needs): (test, define) where test is a regular expression
# searched in the tree's setup headers (lib/curl_setup*.h, lib/setup*.h,
# lib/select.h).
CURL_LEGACY_DEFINES = [
    # curl_setup_once.h before 8.? checks that send()'s argument types are
    # all given, the const qualifier of the buffer too.
    (r"SEND_QUAL_ARG2", "#define SEND_QUAL_ARG2 const"),
    # Before 8.x the Windows headers were included only with these.
    (r"HAVE_WINDOWS_H", "#define HAVE_WINDOWS_H 1"),
    (r"HAVE_WINSOCK2_H", "#define HAVE_WINSOCK2_H 1"),
    (r"HAVE_WS2TCPIP_H", "#define HAVE_WS2TCPIP_H 1"),
    # select.h before 7.53 defines its own struct pollfd unless told that
    # the system has one (mingw-w64's winsock2.h does, for Vista and later).
    (r"HAVE_STRUCT_POLLFD", "#define HAVE_STRUCT_POLLFD 1"),
]
# Defines of CURL_CONFIG_H that older trees refuse: (test, name).
CURL_FORBIDDEN_DEFINES = [
    # Before 7.55 the size of curl_off_t came from curlbuild.h only.
    (r"SIZEOF_CURL_OFF_T shall not be defined", "SIZEOF_CURL_OFF_T"),
]


def curl_setup_text(root):
    text = []
    for name in ("curl_setup.h", "curl_setup_once.h", "setup.h", "setup_once.h", "select.h"):
        p = os.path.join(root, "lib", name)
        if os.path.isfile(p):
            with open(p, errors="replace") as f:
                text.append(f.read())
    return "\n".join(text)


def curl_config_h(root):
    """The curl_config.h text for the curl tree at root: CURL_CONFIG_H, with
    the legacy defines its setup headers test and without the defines they
    forbid."""
    setup = curl_setup_text(root)
    lines = CURL_CONFIG_H.splitlines()
    for test, name in CURL_FORBIDDEN_DEFINES:
        if re.search(test, setup):
            lines = [l for l in lines if not l.startswith("#define %s " % name)]
    extra = [d for test, d in CURL_LEGACY_DEFINES if re.search(test, setup)]
    if extra:
        lines[-1:-1] = ["/* for this tree's (older) setup headers */"] + extra
    return "\n".join(lines) + "\n"


def curl_config(root, out):
    """Writes out/curl_config.h for the curl tree at root. A tree older than
    7.55 (2017) also needs include/curl/curlbuild.h, which configure wrote
    from curlbuild.h.in: its curlbuild.h.dist, the version for builds
    without configure, picks the types by compiler (__MINGW32__ among them)
    and becomes out/curl/curlbuild.h (and out/curlbuild.h, for curl.h's
    #include "curlbuild.h")."""
    text = curl_config_h(root)
    _write(os.path.join(out, "curl_config.h"), text)
    if re.search(r'#\s*include\s+"config\.h"', curl_setup_text(root)):
        _write(os.path.join(out, "config.h"), text)  # its name before 7.20 (2010)
    dist = os.path.join(root, "include", "curl", "curlbuild.h.dist")
    if os.path.isfile(dist) and not os.path.isfile(os.path.join(root, "include", "curl",
                                                                  "curlbuild.h")):
        with open(dist) as f:
            text = f.read()
        _write(os.path.join(out, "curl", "curlbuild.h"), text)
        _write(os.path.join(out, "curlbuild.h"), text)


def curl_flags(root, cfg, path):
    """Compiler flags (without the target and the system headers) of the file
    path of the curl tree root, with the configuration directory cfg:
    include/ and lib/, -DBUILDING_LIBCURL for lib/, -Isrc and the test
    directories (-iquote) for the tool and the tests."""
    rel = os.path.relpath(path, root)
    fl = CURL_DEFINES + ["-I" + cfg, "-I" + os.path.join(root, "include"),
                         "-I" + os.path.join(root, "lib")]
    if rel.startswith("lib" + os.sep):
        fl.append("-DBUILDING_LIBCURL")
    else:
        fl += ["-I" + os.path.join(root, "src")]
        if rel.startswith("tests" + os.sep):
            for d in ("libtest", "server", "unit", "tunit"):
                fl += ["-iquote", os.path.join(root, "tests", d)]
    return fl


def freerdp_version(major):
    """The version variables of FreeRDP's templates: <major>.99.0."""
    v = {}
    for lib in ("WINPR", "FREERDP"):
        v.update({lib + "_VERSION_MAJOR": str(major), lib + "_VERSION_MINOR": "99",
                  lib + "_VERSION_REVISION": "0", lib + "_VERSION": "%d.99.0" % major,
                  lib + "_VERSION_FULL": "%d.99.0" % major, lib + "_API_VERSION": str(major)})
    return v


FREERDP_VERSION = freerdp_version(3)
SETTINGS_KEY_TYPES = ["BOOL", "INT16", "UINT16", "INT32", "UINT32", "INT64", "UINT64",
                      "STRING", "POINTER"]
# #cmakedefine options that a mingw-w64 build has on: winpr's wtypes.h
# otherwise defines its own integer and bool types over the C library's.
FREERDP_ON = {"WINPR_HAVE_STDINT_H", "WINPR_HAVE_STDBOOL_H", "WINPR_HAVE_INTTYPES_H"}


def cmake_configure(template, target, variables, extra=None, on=()):
    """A header from a CMake template the way FreeRDP's build would write it
    with every option off but those in on or with a value in variables:
    #cmakedefine -> commented #undef (or #define), #cmakedefine01 -> 0 (or
    1), @VAR@ and ${VAR} from variables (else empty); extra replaces @KEY@
    first. Nothing is written
    when the template does not exist."""
    if not os.path.isfile(template):
        return False
    with open(template) as f:
        t = f.read()
    def is_on(name):  # CMake: the variable is set (a value in variables, or on)
        return name in on or bool(variables.get(name))
    t = re.sub(r"#cmakedefine01\s+(\w+)",
               lambda m: "#define %s %d" % (m.group(1), is_on(m.group(1))), t)
    t = re.sub(r"#cmakedefine\s+(\w+)([^\n]*)",
               lambda m: ("#define %s%s" % (m.group(1), m.group(2)) if is_on(m.group(1))
                          else "/* #undef %s */" % m.group(1)), t)
    for k, v in (extra or {}).items():
        t = t.replace("@%s@" % k, v)
    t = re.sub(r"\$\{(\w+)\}", lambda m: variables.get(m.group(1), ""), t)
    t = re.sub(r"@(\w+)@", lambda m: variables.get(m.group(1), ""), t)
    _write(target, t)
    return True


def freerdp_settings_keys(src):
    """The @SETTINGS_KEYS_<TYPE>@ enumerator lists of settings_keys.h.in,
    filled in from include/freerdp/settings_types_private.h."""
    keys = {k: [] for k in SETTINGS_KEY_TYPES}
    priv = os.path.join(src, "include/freerdp/settings_types_private.h")
    if os.path.isfile(priv):
        pat = re.compile(r"^SETTINGS_DEPRECATED\(ALIGN64\s+([A-Za-z0-9_]+\s*\*?)\s*"
                         r"([A-Za-z0-9_]+)\)\s*;?\s*/\*+\s*(\d+)")
        with open(priv) as f:
            for line in f:
                m = pat.match(line.strip())
                if not m:
                    continue
                typ = m.group(1).replace(" ", "")
                k = "STRING" if typ in ("char*", "CHAR*") else typ if typ in keys else "POINTER"
                keys[k].append("FreeRDP_%s = %s" % (m.group(2), m.group(3)))
    extra = {}
    for k, v in keys.items():
        v.append("FreeRDP_%s_UNUSED = -1" % k)
        extra["SETTINGS_KEYS_%s" % k] = ",\n\t".join(v)
    return extra


def freerdp_config(src, out):
    """FreeRDP's generated headers from the tree's CMake templates, into out,
    every option off (in wtypes.h, FREERDP_ON on), version <major>.99.0:

    - FreeRDP 3 (templates in include/config/, winpr/include/config/,
      rdtk|uwac/templates/): winpr/, freerdp/, rdtk/ and uwac/ config.h,
      version.h, buildflags.h, build-config.h, winpr/wtypes.h (3.0 only)
      and freerdp/settings_keys.h;
    - FreeRDP 2 (2014-2023: config.h.in and buildflags.h.in at the top,
      winpr/include/winpr/*.h.in, include/freerdp/*.h.in): config.h,
      buildflags.h, winpr/version.h, winpr/wtypes.h, freerdp/version.h,
      freerdp/build-config.h (the sources include "config.h" when
      HAVE_CONFIG_H is defined: freerdp_flags defines it for this layout)."""
    def conf(template, target, v, extra=None):
        on = FREERDP_ON if os.path.basename(template) == "wtypes.h.in" else ()
        cmake_configure(template, target, v, extra, on)

    if freerdp_layout(src) == 2:
        v = freerdp_version(2)
        for name in ("config", "buildflags"):
            conf("%s/%s.h.in" % (src, name), "%s/%s.h" % (out, name), v)
        for name in ("version", "wtypes", "build-config"):
            conf("%s/winpr/include/winpr/%s.h.in" % (src, name), "%s/winpr/%s.h" % (out, name), v)
            conf("%s/include/freerdp/%s.h.in" % (src, name), "%s/freerdp/%s.h" % (out, name), v)
        return
    v = FREERDP_VERSION
    for f in ["config", "version", "buildflags", "build-config", "wtypes"]:
        conf("%s/winpr/include/config/%s.h.in" % (src, f), "%s/winpr/%s.h" % (out, f), v)
        conf("%s/include/config/%s.h.in" % (src, f), "%s/freerdp/%s.h" % (out, f), v)
        for lib in ("rdtk", "uwac"):
            conf("%s/%s/templates/%s.h.in" % (src, lib, f), "%s/%s/%s.h" % (out, lib, f), v)
    conf("%s/include/config/settings_keys.h.in" % src, "%s/freerdp/settings_keys.h" % out, v,
         freerdp_settings_keys(src))


def freerdp_layout(src):
    """2 for a FreeRDP 2 tree (config.h.in at the top), else 3."""
    return 2 if os.path.isfile(os.path.join(src, "config.h.in")) else 3


FREERDP_DEFINES = ["-DWINPR_EXPORTS", "-DFREERDP_EXPORTS", "-D_WIN32_WINNT=0x0A00",
                   "-D__STDC_NO_THREADS__"]


def freerdp_includes(root, cfg):
    """The -I of the configuration directory and of FreeRDP's include
    directories (every file gets them)."""
    return ["-I" + cfg] + ["-I" + (os.path.join(root, p) if p else root) for p in
                           ["winpr/include", "include", "rdtk/include", "uwac/include",
                            "winpr/libwinpr", "libfreerdp", ""]]


def freerdp_flags(root, cfg, path):
    """Compiler flags (without the target and the system headers) of the
    file path of the FreeRDP tree root: the include directories, the
    defines, -iquote of the file's grandparent directory and, for a channel,
    of the channel and -I of its common/."""
    rel = os.path.relpath(path, root).split(os.sep)
    quote = ["-iquote", os.path.dirname(os.path.dirname(path))]
    if len(rel) > 2 and rel[0] == "channels":  # channels/<name>/common
        base = os.path.join(root, "channels", rel[1])
        quote += ["-iquote", base, "-I" + os.path.join(base, "common")]
    defs = FREERDP_DEFINES + (["-DHAVE_CONFIG_H"] if freerdp_layout(root) == 2 else [])
    return freerdp_includes(root, cfg) + defs + quote


def source_files(tree):
    """Every C/C++ source file under tree, sorted, outside .git and build
    directories."""
    out = []
    for dp, dns, fns in os.walk(tree):
        dns[:] = sorted(d for d in dns if d not in SKIP_DIRS)
        for fn in sorted(fns):
            if fn.endswith(SOURCE_EXT):
                out.append(os.path.join(dp, fn))
    return out


def case_fixes(trees, scratch, own=False):
    """Symlinks in scratch/caseinc for the mingw-w64 headers that the sources
    of the trees name in another case (<Shlwapi.h> for shlwapi.h): Windows
    file names are case-insensitive. With own, also for the trees' own
    headers named in another case ("sampssp.h" for SampSSP.H), when the name
    has no directory part and one header of the trees has that name in
    another case and none has it exactly. Returns (directory, links made)."""
    index = {}
    for dp, _, fns in os.walk(MINGW):
        for fn in fns:
            rel = os.path.relpath(os.path.join(dp, fn), MINGW)
            index.setdefault(rel.lower(), os.path.join(MINGW, rel))
    inc = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
    d = os.path.join(scratch, "caseinc")
    os.makedirs(d, exist_ok=True)
    names = set()
    own_headers = {}  # lower-case name -> paths
    exact = set()
    for t in trees:
        for dp, dns, fns in os.walk(t):
            dns[:] = [x for x in dns if x not in SKIP_DIRS]
            for fn in fns:
                if own:
                    exact.add(fn)
                    own_headers.setdefault(fn.lower(), []).append(os.path.join(dp, fn))
                if fn.endswith(SOURCE_EXT + (".h", ".hpp", ".hw")):
                    try:
                        with open(os.path.join(dp, fn), errors="replace") as fh:
                            names.update(inc.findall(fh.read()))
                    except OSError:
                        pass
    n = 0
    for name in sorted(names):
        real = index.get(name.lower())
        if real and os.path.relpath(real, MINGW) == name:
            continue
        if not real and own and "/" not in name and name not in exact:
            cands = own_headers.get(name.lower(), [])
            real = cands[0] if len(cands) == 1 else None
        if real and not os.path.exists(os.path.join(MINGW, name)):
            link = os.path.join(d, name)
            os.makedirs(os.path.dirname(link), exist_ok=True)
            if not os.path.lexists(link):
                os.symlink(real, link)
                n += 1
    return d, n


def openssl_dir(scratch):
    """scratch/sslinc with links to the system's OpenSSL headers (Debian
    splits them in two) for the mingw target, where /usr/include is not
    searched; None when libssl-dev is not installed."""
    d = os.path.join(scratch, "sslinc", "openssl")
    found = False
    for src in ("/usr/include/openssl", "/usr/include/x86_64-linux-gnu/openssl"):
        if os.path.isdir(src):
            os.makedirs(d, exist_ok=True)
            found = True
            for fn in os.listdir(src):
                link = os.path.join(d, fn)
                if not os.path.lexists(link):
                    os.symlink(os.path.join(src, fn), link)
    return os.path.dirname(d) if found else None


class TreeSetup:
    """What the trees need, generated into scratch: after = the -idirafter
    flags every file of every tree gets (case fixes, OpenSSL); then
    curl(root) / freerdp(root) / generic(root) return a function from a
    file's path to its full compiler flags (the Windows target first)."""

    def __init__(self, roots, scratch, own_case=False):
        self.scratch = scratch
        os.makedirs(scratch, exist_ok=True)
        self.caseinc, self.case_links = case_fixes(roots, scratch, own_case)
        self.ssl = openssl_dir(scratch)
        self.after = ["-idirafter", self.caseinc] + (["-idirafter", self.ssl] if self.ssl else [])

    def _cfg(self, name):
        d = os.path.join(self.scratch, name)
        os.makedirs(d, exist_ok=True)
        return d

    def curl(self, root, cfg_name="curl"):
        root = os.path.abspath(root)
        cfg = self._cfg(cfg_name)
        curl_config(root, cfg)
        return lambda path: WIN_FLAGS + curl_flags(root, cfg, path) + self.after

    def freerdp(self, root, cfg_name="freerdp-config"):
        root = os.path.abspath(root)
        cfg = self._cfg(cfg_name)
        freerdp_config(root, cfg)
        return lambda path: WIN_FLAGS + freerdp_flags(root, cfg, path) + self.after

    def generic(self, root, includes=("", "include")):
        root = os.path.abspath(root)
        inc = ["-I" + os.path.join(root, p) if p else "-I" + root for p in includes]
        return lambda path: WIN_FLAGS + inc + self.after


def main(argv):
    if len(argv) >= 1 and argv[0] == "sanitizer-env" and len(argv) <= 2:
        for k, v in sorted(sanitizer_options(argv[1] if len(argv) == 2 else None).items()):
            print("export %s=%s" % (k, shlex.quote(v)))
        return 0
    sys.stderr.write("usage: rtools.py sanitizer-env [LOG_DIR]\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
