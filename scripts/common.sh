# Shared by ./sspi-tidy and ./run-tests: install what is missing, build what
# is stale. Sourced, not run. Progress goes to stderr, so that the output of
# clang-tidy on stdout stays clean for pipes (FileCheck, SARIF, grep).

SSPI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# SSPI_LLVM_VERSION=16 builds and runs against Debian's LLVM 16 (in build-16/);
# the default is 19 (in build/).
SSPI_LLVM_VERSION="${SSPI_LLVM_VERSION:-19}"
SSPI_LLVM="${SSPI_LLVM:-/usr/lib/llvm-$SSPI_LLVM_VERSION}"
if [ "$SSPI_LLVM_VERSION" = 19 ]; then
  SSPI_BUILD="${SSPI_BUILD:-$SSPI_ROOT/build}"
else
  SSPI_BUILD="${SSPI_BUILD:-$SSPI_ROOT/build-$SSPI_LLVM_VERSION}"
fi
SSPI_MODULE="$SSPI_BUILD/libsspi-tidy.so"
SSPI_STANDALONE="$SSPI_BUILD/sspi-tidy-bin"
SSPI_CLANG_TIDY="${SSPI_CLANG_TIDY:-$SSPI_LLVM/bin/clang-tidy}"
SSPI_MINGW_INCLUDE="${SSPI_MINGW_INCLUDE:-/usr/share/mingw-w64/include}"
v=$SSPI_LLVM_VERSION
# g++-mingw-w64-x86-64-posix: mingw-w64's libstdc++ headers (<string>,
# <vector>, <mutex>, ...), which clang finds by itself for the mingw target;
# mingw-w64-x86-64-dev has only the C headers.
SSPI_PACKAGES="clang-tidy-$v libclang-$v-dev llvm-$v-dev llvm-$v-tools clang-$v mingw-w64-x86-64-dev g++-mingw-w64-x86-64-posix cmake g++ make python3"
unset v

# sspi_windows_flags: sets SSPI_WINDOWS_FLAGS, the compiler flags for
# Windows code without a compilation database: the mingw-w64 target and
# headers. clang 19 finds mingw-w64's libstdc++ (g++-mingw-w64-x86-64-posix)
# for that target by itself; older clang does not recognise Debian's GCC
# version folder (12-posix), so its C++ headers are named (-cxx-isystem: for
# C++ only; scripts/sspi_common.py mingw_cxx_includes does the same).
sspi_windows_flags() {
  SSPI_WINDOWS_FLAGS=(--target=x86_64-w64-mingw32 -isystem "$SSPI_MINGW_INCLUDE")
  local d cxx=""
  if [ "$SSPI_LLVM_VERSION" -lt 19 ]; then
    for d in /usr/lib/gcc/x86_64-w64-mingw32/*-posix/include/c++; do
      [ -d "$d" ] && cxx="$d"
    done
  fi
  if [ -n "$cxx" ]; then
    SSPI_WINDOWS_FLAGS+=(-cxx-isystem "$cxx" -cxx-isystem "$cxx/x86_64-w64-mingw32"
      -cxx-isystem "$cxx/backward")
  fi
}

# clang's resource headers (x86intrin.h, ...) for the standalone binaries,
# which look for them next to themselves otherwise.
sspi_resource_dir() {
  local d
  for d in "$SSPI_LLVM"/lib/clang/*; do
    [ -d "$d/include" ] && { printf '%s' "$d"; return 0; }
  done
  return 1
}

sspi_log() { printf 'sspi-tidy: %s\n' "$*" >&2; }

# sspi_version: "sspi-tidy 0.1.0 (git abc1234)" and the LLVM it runs on,
# without building anything. The version is CMakeLists.txt's project VERSION,
# the commit git describe's (none outside a git checkout).
sspi_version() {
  local version git llvm
  version=$(sed -n 's/^project(sspi-tidy VERSION \([0-9.]*\).*/\1/p' "$SSPI_ROOT/CMakeLists.txt")
  git=$(git -C "$SSPI_ROOT" describe --always --dirty --tags 2>/dev/null || true)
  printf 'sspi-tidy version %s%s\n' "${version:-unknown}" "${git:+ (git $git)}"
  if [ -x "$SSPI_LLVM/bin/llvm-config" ]; then
    llvm=$("$SSPI_LLVM/bin/llvm-config" --version)
    printf '  LLVM version %s (%s)\n' "$llvm" "$SSPI_LLVM"
  else
    printf '  LLVM %s (not installed yet: the first run installs it)\n' "$SSPI_LLVM_VERSION"
  fi
  if [ -x "$SSPI_STANDALONE" ]; then
    printf '  standalone binary: %s\n' "$SSPI_STANDALONE"
  fi
}

sspi_missing_packages() {
  local missing="" p
  for p in $SSPI_PACKAGES "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $p"
  done
  printf '%s' "$missing"
}

# sspi_install [extra packages...]
sspi_install() {
  local missing
  missing="$(sspi_missing_packages "$@")"
  [ -z "$missing" ] && return 0
  sspi_log "installing:$missing"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { sspi_log "need root (or sudo) to install:$missing"; return 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2 || { sspi_log "apt-get update failed"; return 1; }
  # shellcheck disable=SC2086
  $sudo apt-get install -y -qq --no-install-recommends $missing >&2 ||
    { sspi_log "apt-get install failed for:$missing"; return 1; }
  sspi_log "installed:$missing"
}

# True when the module is older than any source file or build script.
sspi_stale() {
  local target="$1"
  [ -f "$target" ] || return 0
  [ -n "$(find "$SSPI_ROOT/checker" "$SSPI_ROOT/tools" "$SSPI_ROOT/cmake" "$SSPI_ROOT/CMakeLists.txt" \
      "$SSPI_ROOT/test/unit" -newer "$target" -type f 2>/dev/null | head -n 1)" ]
}

# sspi_build [cmake -D options...]
# Serialised with a lock: several ./sspi-tidy runs (a pre-commit hook, an
# editor, CI with -j) must not rebuild the same tree at once.
sspi_build() {
  mkdir -p "$SSPI_BUILD"
  exec 9>"$SSPI_BUILD/.build.lock"
  flock 9
  sspi_build_locked "$@"
  local rc=$?
  flock -u 9
  return $rc
}

sspi_build_locked() {
  if [ ! -f "$SSPI_BUILD/CMakeCache.txt" ]; then
    sspi_log "configuring in $SSPI_BUILD"
    # Unit tests only when asked (run-tests): GoogleTest is not a user's need.
    cmake -S "$SSPI_ROOT" -B "$SSPI_BUILD" -DCMAKE_BUILD_TYPE=Release \
      -DLLVM_VERSION="$SSPI_LLVM_VERSION" -DSSPI_BUILD_UNITTESTS=OFF "$@" >&2 ||
      { sspi_log "cmake configure failed"; return 1; }
  elif [ $# -gt 0 ]; then
    cmake -S "$SSPI_ROOT" -B "$SSPI_BUILD" "$@" >/dev/null ||
      { sspi_log "cmake configure failed"; return 1; }
  fi
  # With -D options a target may have been switched on: let make decide.
  if sspi_stale "$SSPI_MODULE" || [ $# -gt 0 ] || [ -n "${SSPI_FORCE_BUILD:-}" ]; then
    sspi_log "building (this takes a minute the first time)"
    cmake --build "$SSPI_BUILD" -j "$(nproc)" >&2 ||
      { sspi_log "build failed"; return 1; }
    touch "$SSPI_MODULE"
  fi
}
