# lit configuration for the sspi-* checker tests. Each test runs the stock
# clang-tidy-19 with our module on a file compiled against the real mingw-w64
# headers, and FileChecks line, column and message of every diagnostic.
import os
import lit.formats

config.name = "sspi-tidy"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "unit", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.sspi_build, "test-output")

llvm_bin = os.path.join(config.llvm_root, "bin")
config.environment["PATH"] = os.pathsep.join([llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))])

win = "--target=x86_64-w64-mingw32 -isystem %s" % config.mingw_include
resource_dir = os.path.join(config.llvm_root, "lib", "clang", config.llvm_major)
standalone = "%s --quiet --extra-arg-before=-resource-dir=%s" % (
    os.path.join(config.sspi_build, "sspi-tidy-bin"), resource_dir)
# lit --param sspi_tool=standalone runs every test with the standalone binary
# instead of the stock clang-tidy with --load (the sanitizer build does this:
# reliability/run). A sanitized binary then stops at its first report, with
# SIGABRT so that `not` fails too; leaks are reported (clang-tidy frees its
# ASTs). --param sanitizer_log_dir=DIR sends the reports to files there.
if lit_config.params.get("sspi_tool", "plugin") == "standalone":
    # (a sanitized plugin cannot be loaded into the stock clang-tidy)
    config.available_features.add("standalone-tool")
    tidy = standalone + " --extra-arg=-fno-caret-diagnostics"
    asan = "detect_leaks=1:halt_on_error=1:abort_on_error=1"
    ubsan = "print_stacktrace=1:halt_on_error=1:abort_on_error=1"
    logs = lit_config.params.get("sanitizer_log_dir")
    if logs:
        os.makedirs(logs, exist_ok=True)
        asan += ":log_path=" + os.path.join(logs, "asan")
        ubsan += ":log_path=" + os.path.join(logs, "ubsan")
    config.environment["ASAN_OPTIONS"] = asan
    config.environment["UBSAN_OPTIONS"] = ubsan
    # Scripts that run the stock clang-tidy with --load (./sspi-tidy --plugin,
    # run-sspi-tidy, bench/run) get a stand-in that runs this binary instead.
    config.environment["SSPI_CLANG_TIDY"] = os.path.join(
        config.sspi_root, "reliability", "standalone-clang-tidy")
    config.environment["SSPI_STANDALONE_BIN"] = os.path.join(config.sspi_build, "sspi-tidy-bin")
    config.environment["SSPI_RESOURCE_DIR"] = resource_dir
else:
    tidy = "%s --load=%s --quiet --extra-arg=-fno-caret-diagnostics" % (
        os.path.join(llvm_bin, "clang-tidy"), config.sspi_module)
config.substitutions.append(("%sspi_tidy_bin", tidy))
config.substitutions.append(("%sspi_tidy", tidy + " --checks=-*,sspi-*"))
config.substitutions.append(("%win_flags", win))
# The same for C++ with the standard library: clang before 19 does not find
# Debian's mingw-w64 libstdc++ by itself (what ./sspi-tidy adds then,
# scripts/common.sh sspi_windows_flags).
import glob
win_cxx = win
if int(config.llvm_major) < 19:
    cxx = sorted(glob.glob("/usr/lib/gcc/x86_64-w64-mingw32/*-posix/include/c++"))
    if cxx:
        win_cxx += "".join(" -cxx-isystem " + d for d in
                           (cxx[-1], cxx[-1] + "/x86_64-w64-mingw32", cxx[-1] + "/backward"))
config.substitutions.append(("%win_cxx_flags", win_cxx))
# The standalone binary (clang-tidy's main with sspi-* built in). It finds
# clang's resource headers relative to itself, so point it at them.
config.substitutions.append(("%sspi_standalone", standalone))
config.substitutions.append(("%FileCheck", os.path.join(llvm_bin, "FileCheck")))
config.substitutions.append(("%python", config.python_exe))
# %exit_status CMD...: runs CMD, then prints "exit N" as the last line of
# stderr and succeeds (exact exit statuses in FileCheck expectations).
config.substitutions.append(("%exit_status", "%s %s" % (
    config.python_exe, os.path.join(config.sspi_root, "test", "cli", "Inputs", "exit_status.py"))))
config.substitutions.append(("%sspi_root", config.sspi_root))
config.substitutions.append(("%sspi_build", config.sspi_build))
# FileCheck prefixes for the few places where LLVM 16's CFG differs (LLVM-16).
config.substitutions.append(("%llvm_major", config.llvm_major))
config.available_features.add("llvm-" + config.llvm_major)

# Editor build (sspi-clangd, built by ./run-tests with -DSSPI_BUILD_CLANGD=ON)
# and the SARIF 2.1.0 schema (fetched by ./run-tests into the build dir).
clangd = os.path.join(config.sspi_build, "sspi-clangd")
if os.path.exists(clangd):
    config.available_features.add("sspi-clangd")
config.substitutions.append(("%sspi_clangd", clangd))
config.substitutions.append(("%resource_dir", resource_dir))
sarif_schema = os.path.join(config.sspi_build, "sarif-schema-2.1.0.json")
if os.path.exists(sarif_schema):
    config.available_features.add("sarif-schema")
config.substitutions.append(("%sarif_schema", sarif_schema))
# Debian's python3 (has python3-jsonschema; the PATH python may be another).
config.substitutions.append(("%system_python", "/usr/bin/python3"))
# ./run-tests --slow (CI) sets SSPI_SLOW_TESTS=1: tests that build sspi-tidy
# again in a fresh clone (pre-commit) run only then.
if os.environ.get("SSPI_SLOW_TESTS") == "1":
    config.available_features.add("slow")
# The build the scripts use when SSPI_BUILD is not set (scripts/common.sh):
# tests of scripts that ignore SSPI_BUILD (the local pre-commit hook) need it
# to be the one under test.
default_build = os.path.join(config.sspi_root,
                             "build" if config.llvm_major == "19" else "build-" + config.llvm_major)
if os.path.realpath(default_build) == os.path.realpath(config.sspi_build):
    config.available_features.add("default-build")
# Installing a Debian package (test/install/deb.test) needs root.
if hasattr(os, "geteuid") and os.geteuid() == 0:
    config.available_features.add("root")
for var in ("HOME", "SSPI_SLOW_TESTS", "XDG_CACHE_HOME"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# ./sspi-tidy and the scripts called by tests use this build's LLVM.
config.environment["SSPI_LLVM_VERSION"] = config.llvm_major
