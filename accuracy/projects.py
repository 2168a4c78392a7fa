"""The projects the accuracy harness knows: which files are their SSPI code,
which revisions are measured, what a revision needs to parse as Windows
code, and the configuration generators of the projects other than curl and
FreeRDP (those two are in reliability/rtools.py, shared with bench/ and
reliability/).

A project not listed here (accuracy/run --tree NAME=DIR or --git NAME=DIR
with an unknown NAME) is "generic": every C/C++ file that names an SSPI
function, with -I of the root and of include/.
"""
import fnmatch
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "reliability"))
import rtools  # noqa: E402

# A file is SSPI code when it names one of these (generic projects, and the
# check that a listed file is still SSPI code).
SSPI_RE = re.compile(r"\b(?:InitializeSecurityContext|AcceptSecurityContext|"
                     r"AcquireCredentialsHandle|DeleteSecurityContext|FreeCredentialsHandle|"
                     r"FreeContextBuffer|ImpersonateSecurityContext|QueryContextAttributes)")


class Project:
    """name: as on the command line; kind: which flags builder; files: glob
    patterns (relative to the root, ** recursive) of its SSPI files; exclude:
    patterns left out (with the reason in the comment where they are
    listed); revisions: [(label, git revision)] measured by default with
    --git, the first being the newest; archive: the paths git archive
    exports (None: everything); deps: other projects whose tree a revision
    needs (their first revision is used); std: the C++ standard for .cpp
    files; sspi_only: of the files the patterns match, only those that name
    an SSPI function (SSPI_RE)."""

    def __init__(self, name, kind, files, revisions, exclude=(), archive=None, deps=(),
                 includes=("", "include"), defines=(), std="c++17", url="", sspi_only=False):
        self.name, self.kind, self.files, self.exclude = name, kind, list(files), list(exclude)
        self.sspi_only = sspi_only
        self.revisions, self.archive, self.deps = list(revisions), archive, list(deps)
        self.includes, self.defines, self.std, self.url = list(includes), list(defines), std, url


CURL_FILES = ["lib/socks_sspi.c", "lib/curl_schannel.c", "lib/vtls/curl_schannel.c",
              "lib/vtls/schannel.c", "lib/vtls/schannel_verify.c", "lib/vauth/*_sspi.c",
              "lib/curl_sasl_sspi.c", "lib/http_negotiate.c", "lib/http_negotiate_sspi.c",
              "lib/curl_sspi.c", "lib/curl_ntlm_msgs.c", "lib/curl_ntlm.c", "lib/http_ntlm.c"]

PROJECTS = {p.name: p for p in [
    Project("curl", "curl", CURL_FILES, url="https://github.com/curl/curl",
            archive=["include", "lib"],
            revisions=[("HEAD", "HEAD"), ("8.15.0", "curl-8_15_0"), ("8.12.0", "curl-8_12_0"),
                       ("8.6.0", "curl-8_6_0"), ("8.0.0", "curl-8_0_0"),
                       ("7.79.0", "curl-7_79_0"), ("7.70.0", "curl-7_70_0"),
                       ("7.64.0", "curl-7_64_0"), ("7.58.0", "curl-7_58_0"),
                       ("7.52.0", "curl-7_52_0"), ("7.48.0", "curl-7_48_0"),
                       ("7.40.0", "curl-7_40_0"), ("7.34.0", "curl-7_34_0"),
                       ("7.28.0", "curl-7_28_0"), ("7.21.0", "curl-7_21_0")]),
    # krb5glue_*.c are built only with a Kerberos library (WITH_KRB5_MIT /
    # _HEIMDAL) and refuse to compile otherwise.
    Project("freerdp", "freerdp", ["winpr/libwinpr/sspi/**/*.c", "libfreerdp/core/nla.c"],
            exclude=["winpr/libwinpr/sspi/Kerberos/krb5glue_*.c"],
            url="https://github.com/FreeRDP/FreeRDP",
            revisions=[("HEAD", "HEAD"), ("3.17.0", "3.17.0"), ("3.10.0", "3.10.0"),
                       ("3.0.0", "3.0.0"), ("2.8.0", "2.8.0"), ("2.2.0", "2.2.0"),
                       ("2.0.0-rc4", "2.0.0-rc4"), ("2.0.0-rc0", "2.0.0-rc0")]),
    Project("serf", "serf", ["auth/auth_spnego_sspi.c"], deps=["apr"],
            defines=["-DSERF_HAVE_SSPI"], url="https://github.com/apache/serf",
            revisions=[("HEAD", "HEAD"), ("1.3.9", "1.3.9"), ("1.3.8", "1.3.8"),
                       ("1.3.6", "1.3.6"), ("1.3.0", "1.3.0")]),
    # APR is a dependency of serf only: apr.hw is its apr.h for Windows.
    Project("apr", "dep", [], archive=["include"], url="https://github.com/apache/apr",
            revisions=[("HEAD", "HEAD")]),
    Project("winkerberos", "python", ["src/kerberos_sspi.c"],
            url="https://github.com/mongodb/winkerberos",
            revisions=[("HEAD", "HEAD"), ("0.9.0", "0.9.0"), ("0.7.0", "0.7.0"),
                       ("0.5.0", "0.5.0"), ("0.1.0", "0.1.0")]),
    Project("freetds", "freetds", ["src/tds/sspi.c"], url="https://github.com/FreeTDS/freetds",
            archive=["include", "src/tds", "src/replacements", "configure.ac"],
            revisions=[("HEAD", "HEAD"), ("1.5", "v1.5"), ("1.4", "R1_4"), ("1.3", "R1_3"),
                       ("1.1", "R1_1"), ("1.00", "R1_00")]),
    Project("poco", "generic", ["NetSSL_Win/src/*.cpp", "Net/src/SSPINTLMCredentials.cpp"],
            url="https://github.com/pocoproject/poco",
            archive=["Foundation/include", "Net/include", "Net/src", "NetSSL_Win", "Crypto/include",
                     "Util/include"],
            includes=["Foundation/include", "Net/include", "NetSSL_Win/include", "Util/include",
                      "Crypto/include"],
            # Poco's Windows headers use MSVC's __pragma (Net.h, 1.14 and later)
            defines=["-fms-extensions"], sspi_only=True,
            revisions=[("HEAD", "HEAD"), ("1.14.0", "poco-1.14.0-release"),
                       ("1.12.0", "poco-1.12.0-release"), ("1.10.0", "poco-1.10.0-release"),
                       ("1.9.0", "poco-1.9.0-release")]),
    Project("neon", "neon", ["src/ne_sspi.c"], url="https://github.com/notroj/neon",
            defines=["-DHAVE_SSPI", "-DNE_HAVE_SSL"], includes=["src"],
            archive=["src", "config.hw.in"],
            revisions=[("HEAD", "HEAD"), ("0.33.0", "0.33.0"), ("0.30.0", "0.30.0"),
                       ("0.27.0", "0.27.0"), ("0.25.0", "0.25.0")]),
    Project("mariadb-connector-c", "mariadb",
            ["libmariadb/secure/ma_schannel.c", "libmariadb/secure/schannel.c",
             "plugins/auth/sspi_client.c", "plugins/auth/sspi_common.c"],
            url="https://github.com/mariadb-corporation/mariadb-connector-c",
            defines=["-DHAVE_SCHANNEL", "-DHAVE_TLS", "-DHAVE_WINCRYPT", "-DLIBMARIADB"],
            includes=["include", "plugins/auth", "libmariadb/secure", "libmariadb"],
            archive=["include", "libmariadb", "plugins"],
            revisions=[("HEAD", "HEAD"), ("3.4.0", "v3.4.0"), ("3.3.1", "v3.3.1"),
                       ("3.1.7", "v3.1.7"), ("3.0.2", "v3.0.2")]),
    Project("windows-classic-samples", "generic",
            ["Samples/Win7Samples/security/authentication/sampssp/*.c",
             "Samples/Win7Samples/web/winhttp/AuthNegotiate/*.c",
             "Samples/Win7Samples/netds/http/httpauth/*.c"],
            url="https://github.com/microsoft/Windows-classic-samples",
            archive=["Samples/Win7Samples/security/authentication/sampssp",
                     "Samples/Win7Samples/web/winhttp/AuthNegotiate",
                     "Samples/Win7Samples/netds/http/httpauth"],
            includes=[""], defines=["-DUNICODE", "-D_UNICODE"], sspi_only=True,
            revisions=[("HEAD", "HEAD")]),
]}


def project(name):
    """The project called name, or a generic one."""
    return PROJECTS.get(name) or Project(name, "generic", [], [("HEAD", "HEAD")])


def sspi_files(proj, root):
    """The SSPI files of the tree root: the project's patterns (generic: every
    source file naming an SSPI function), sorted, relative to root."""
    found = set()
    if proj.files:
        for pat in proj.files:
            for p in glob.glob(os.path.join(root, pat), recursive=True):
                if os.path.isfile(p) and p.endswith(rtools.SOURCE_EXT):
                    found.add(os.path.relpath(p, root))
    else:
        for p in rtools.source_files(root):
            try:
                with open(p, errors="replace") as f:
                    if SSPI_RE.search(f.read()):
                        found.add(os.path.relpath(p, root))
            except OSError:
                pass
    out = []
    for rel in sorted(found):
        if any(fnmatch.fnmatch(rel, x) for x in proj.exclude):
            continue
        if proj.files and proj.sspi_only:
            with open(os.path.join(root, rel), errors="replace") as f:
                if not SSPI_RE.search(f.read()):
                    continue
        out.append(rel)
    return out


# -- configuration of the other projects -----------------------------------------

# pyconfig.h of a 64-bit Windows Python (what PC/pyconfig.h sets for
# MS_WIN64 that the C API headers test), for extensions such as
# winkerberos: the system's pyconfig.h describes Linux.
PYCONFIG_WIN64_H = """\
/* pyconfig.h for a 64-bit Windows Python, for parsing an extension module
   with mingw-w64; generated by sspi-tidy (accuracy/projects.py). */
#ifndef Py_CONFIG_H
#define Py_CONFIG_H
#define MS_WIN32
#define MS_WIN64
#define MS_WINDOWS
#define NT_THREADS
#define WITH_THREAD
#define Py_ENABLE_SHARED 1
#define SIZEOF_SHORT 2
#define SIZEOF_INT 4
#define SIZEOF_LONG 4
#define SIZEOF_LONG_LONG 8
#define SIZEOF_FLOAT 4
#define SIZEOF_DOUBLE 8
#define SIZEOF_VOID_P 8
#define SIZEOF_SIZE_T 8
#define SIZEOF_TIME_T 8
#define SIZEOF_OFF_T 4
#define SIZEOF_WCHAR_T 2
#define SIZEOF_FPOS_T 8
#define SIZEOF__BOOL 1
#define SIZEOF_HKEY 8
#define SIZEOF_PID_T 8
#define SIZEOF_UINTPTR_T 8
#define SIZEOF_INTPTR_T 8
#define HAVE_SSIZE_T 1
#define HAVE_STDARG_PROTOTYPES 1
#define HAVE_WCHAR_H 1
#define HAVE_UINTPTR_T 1
#define HAVE_INTPTR_T 1
#define PY_FORMAT_SIZE_T "I64"
#define DOUBLE_IS_LITTLE_ENDIAN_IEEE754 1
#define PY_LITTLE_ENDIAN 1
#define HAVE_LARGEFILE_SUPPORT 1
#define HAVE_COPYSIGN 1
#define HAVE_ROUND 1
#define HAVE_HYPOT 1
#define HAVE_STRFTIME 1
#define HAVE_STDDEF_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_PROCESS_H 1
#define HAVE_DIRECT_H 1
#define HAVE_IO_H 1
#define HAVE_ERRNO_H 1
#define HAVE_FCNTL_H 1
#define HAVE_SIGNAL_H 1
#define HAVE_STDLIB_H 1
#define STDC_HEADERS 1
#endif
"""


def python_include():
    """The system's Python C API headers (python3-dev), or None."""
    import sysconfig
    cands = [sysconfig.get_paths().get("include", "")] + sorted(glob.glob("/usr/include/python3*"),
                                                               reverse=True)
    for d in cands:
        if d and os.path.isfile(os.path.join(d, "Python.h")):
            return d
    return None


def python_windows_include(scratch):
    """scratch/python: links to the system's Python headers but pyconfig.h,
    which is PYCONFIG_WIN64_H (Python.h includes "pyconfig.h" from its own
    directory, so it cannot be shadowed by -I). None without python3-dev."""
    src = python_include()
    if not src:
        return None
    d = os.path.join(scratch, "python")
    os.makedirs(d, exist_ok=True)
    for name in os.listdir(src):
        link = os.path.join(d, name)
        if name != "pyconfig.h" and not os.path.lexists(link):
            os.symlink(os.path.join(src, name), link)
    with open(os.path.join(d, "pyconfig.h"), "w") as f:
        f.write(PYCONFIG_WIN64_H)
    return d


# FreeTDS's config.h for a Windows build with SSPI (its CMakeLists.txt
# writes the same facts for WIN32).
FREETDS_CONFIG_H = """\
/* config.h for parsing FreeTDS as a Windows (mingw-w64) build with SSPI;
   generated by sspi-tidy (accuracy/projects.py). */
#define _freetds_config_h_
#define HAVE_SSPI 1
#define HAVE_STDLIB_H 1
#define HAVE_STRING_H 1
#define HAVE_STDINT_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_ERRNO_H 1
#define HAVE_LIMITS_H 1
#define HAVE_STDDEF_H 1
#define HAVE_WCHAR_H 1
#define HAVE_LOCALE_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_FCNTL_H 1
#define HAVE_SIGNAL_H 1
#define HAVE_SSIZE_T 1
#define HAVE_LONG_LONG 1
#define SIZEOF_LONG 4
#define SIZEOF_LONG_LONG 8
#define SIZEOF_VOID_P 8
#define ENABLE_THREAD_SAFE 1
#define TDS_HAVE_MUTEX 1
#define PACKAGE "freetds"
#define VERSION "1.99"
#define FREETDS_SYSCONFDIR "c:"
#define TDS_I64_PREFIX "I64"
"""
FREETDS_VARIABLES = {
    "tds_sysdep_int16_type": "short", "tds_sysdep_int32_type": "int",
    "tds_sysdep_int64_type": "long long", "tds_sysdep_intptr_type": "long long",
    "tds_sysdep_real32_type": "float", "tds_sysdep_real64_type": "double",
    "PACKAGE": "freetds", "VERSION": "1.99", "MAJOR": "1", "MINOR": "99", "SUBVERSION": "0",
    "BUILD_NUMBER": "0"}


def freetds_config(root, out):
    """config.h and the headers configure writes from include/*.h.in."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "config.h"), "w") as f:
        f.write(FREETDS_CONFIG_H)
    inc = os.path.join(root, "include")
    for dp, _, fns in os.walk(inc):
        for fn in fns:
            if fn.endswith(".h.in"):
                rel = os.path.relpath(os.path.join(dp, fn), inc)[:-3]
                rtools.cmake_configure(os.path.join(dp, fn), os.path.join(out, rel),
                                       FREETDS_VARIABLES)


NEON_VARIABLES = {"VERSION": "0.99.0", "MAJOR": "0", "MINOR": "99"}


def neon_config(root, out):
    """neon's config.h for Windows is config.hw.in with the version filled
    in (its Makefile for Windows does the same)."""
    return rtools.cmake_configure(os.path.join(root, "config.hw.in"), os.path.join(out, "config.h"),
                                  NEON_VARIABLES)


MARIADB_VARIABLES = {
    "PROTOCOL_VERSION": "10", "MARIADB_CLIENT_VERSION": "3.99.0", "MARIADB_BASE_VERSION":
    "mariadb-3.99", "MARIADB_VERSION_ID": "39900", "MARIADB_PORT": "3306",
    "MARIADB_UNIX_ADDR": "/tmp/mysql.sock", "CPACK_PACKAGE_VERSION": "3.99.0",
    "MARIADB_PACKAGE_VERSION_ID": "39900", "CMAKE_SYSTEM_NAME": "Windows",
    "CMAKE_SYSTEM_PROCESSOR": "AMD64", "CMAKE_INSTALL_PREFIX": "C:", "INSTALL_PLUGINDIR": "plugin",
    "default_charset": "utf8mb4", "CC_SOURCE_REVISION": "0", "SIZEOF_CHARP": "8",
    "SIZEOF_INT": "4", "SIZEOF_LONG": "4", "SIZEOF_LONG_LONG": "8", "SIZEOF_SIZE_T": "8",
    "SIZEOF_SOCKLEN_T": "4",
    "SOCKET_SIZE_TYPE": "int"}
# ma_config.h options a mingw-w64 build has on
MARIADB_ON = {"HAVE_FCNTL_H", "HAVE_LIMITS_H", "HAVE_MALLOC_H", "HAVE_STDDEF_H", "HAVE_STDLIB_H",
              "HAVE_STRING_H", "HAVE_SYS_STAT_H", "HAVE_SYS_TYPES_H", "HAVE_FLOAT_H",
              "HAVE_STDINT_H", "HAVE_STRTOUL", "HAVE_STRTOULL", "HAVE_STRTOLL"}


def mariadb_config(root, out):
    """include/ma_config.h and mariadb_version.h from their CMake templates
    (the options a Windows build has on, version 3.99.0), and the Schannel
    build's HAVE_SCHANNEL / HAVE_TLS."""
    inc = os.path.join(root, "include")
    rtools.cmake_configure(os.path.join(inc, "ma_config.h.in"), os.path.join(out, "ma_config.h"),
                           MARIADB_VARIABLES, on=MARIADB_ON)
    rtools.cmake_configure(os.path.join(inc, "mariadb_version.h.in"),
                           os.path.join(out, "mariadb_version.h"), MARIADB_VARIABLES)


def apr_config(apr_root, out):
    """APR's apr.h for Windows is include/apr.hw."""
    os.makedirs(out, exist_ok=True)
    hw = os.path.join(apr_root, "include", "apr.hw")
    if os.path.isfile(hw):
        with open(hw) as f, open(os.path.join(out, "apr.h"), "w") as g:
            g.write(f.read())
        return True
    return False


class Flags:
    """flags(path) of the files of one revision of a project, with what they
    need generated into scratch. problem: a sentence when something the
    project needs is missing (python3-dev, the APR tree), else ''."""

    def __init__(self, proj, root, scratch, deps):
        self.problem = ""
        cfg = os.path.join(scratch, "config")
        roots = [root] + [d for d in deps.values() if d]
        if proj.kind == "serf":
            apr = deps.get("apr")
            if not apr or not apr_config(apr, cfg):
                self.problem = "no APR tree (give --git apr=... or --tree apr=DIR): apr.h missing"
            roots.append(cfg)  # the generated apr.h includes <Windows.h>
        setup = rtools.TreeSetup(roots, scratch, own_case=True)
        self.setup = setup
        base = None
        extra = list(proj.defines)
        if proj.kind == "curl":
            base = setup.curl(root, "config")
        elif proj.kind == "freerdp":
            base = setup.freerdp(root, "config")
        elif proj.kind == "serf":
            extra += ["-I" + cfg] + (["-I" + os.path.join(apr, "include")] if apr else [])
        elif proj.kind == "python":
            py = python_windows_include(scratch)
            if not py:
                self.problem = "no Python headers (python3-dev): Python.h missing"
            else:
                extra += ["-I" + py]
        elif proj.kind == "freetds":
            freetds_config(root, cfg)
            extra += ["-I" + cfg]
        elif proj.kind == "neon":
            neon_config(root, cfg)
            extra += ["-I" + cfg]
        elif proj.kind == "mariadb":
            mariadb_config(root, cfg)
            extra += ["-I" + cfg]
        if base is None:
            gen = setup.generic(root, proj.includes)
            base = lambda path: gen(path)  # noqa: E731
        self.base, self.extra, self.std = base, extra, proj.std

    def __call__(self, path):
        fl = self.base(path)
        # the Windows target flags first, then the project's own
        i = len(rtools.WIN_FLAGS)
        fl = fl[:i] + self.extra + fl[i:]
        if path.endswith((".cpp", ".cc", ".cxx")) and self.std:
            fl.append("-std=" + self.std)
        return fl
