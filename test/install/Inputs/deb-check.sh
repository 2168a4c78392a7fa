#!/usr/bin/env bash
# Used by test/install/deb.test: builds the Debian package of BUILD_DIR
# (cpack -G DEB), installs it as a user would (dpkg -i, then apt-get -f
# install for anything missing), runs what it installed from PATH, and
# removes the package again whatever happens (trap). Everything the test
# checks is written into OUT_DIR.
#
#   deb-check.sh BUILD_DIR OUT_DIR SSPI_ROOT MINGW_INCLUDE
set -u
build=$1 out=$2 root=$3 mingw=$4
pkg=sspi-tidy
mkdir -p "$out"
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  echo "deb-check: a $pkg package is already installed; not replacing it" >&2
  exit 1
fi
sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo -n)
remove() {
  "${sudo[@]}" dpkg -P "$pkg" >"$out/remove.log" 2>&1
  echo "dpkg -P: $?" >>"$out/remove.log"
  for f in /usr/bin/sspi-tidy /usr/bin/sspi-clangd /usr/lib/sspi-tidy/libsspi-tidy.so; do
    [ -e "$f" ] && echo "still there: $f" >>"$out/remove.log"
  done
  dpkg-query -W -f='${Status}\n' "$pkg" >>"$out/remove.log" 2>&1 || echo "not installed" >>"$out/remove.log"
}

(cd "$build" && cpack --config CPackConfig.cmake -B "$out/pkg") >"$out/cpack.log" 2>&1 ||
  { cat "$out/cpack.log" >&2; exit 1; }
deb=$(ls "$out"/pkg/*.deb)
dpkg-deb -f "$deb" Package Version Depends Recommends >"$out/control.txt"
dpkg-deb -c "$deb" | awk '{print $6}' >"$out/files.txt"

trap remove EXIT
export DEBIAN_FRONTEND=noninteractive
{ "${sudo[@]}" dpkg -i "$deb"; echo "dpkg -i: $?"
  "${sudo[@]}" apt-get -f install -y -qq; echo "apt-get -f install: $?"; } >"$out/install.log" 2>&1
dpkg-query -W -f='${Status}\n' "$pkg" >"$out/status.txt" 2>&1

# From PATH, with a clean environment, on a copy of examples/: no
# --extra-arg, no resource directory.
rm -rf "$out/work" && mkdir -p "$out/work" && cp -r "$root/examples" "$out/work/examples"
cd "$out/work" || exit 1
run() { env -i PATH=/usr/bin:/bin HOME="$out/work" "$@"; }
run sh -c "command -v sspi-tidy; command -v sspi-clangd" >"$out/which.txt"
run sspi-tidy --version >"$out/version.txt" 2>&1
run sspi-tidy --quiet --checks='-*,sspi-*' examples/client_buggy.c examples/client_ok.c \
  examples/server.c examples/server_buggy.c -- --target=x86_64-w64-mingw32 -isystem "$mingw" \
  >"$out/tidy.out" 2>"$out/tidy.err"
echo "exit $?" >>"$out/tidy.err"
# The plugin, in the stock clang-tidy.
run clang-tidy-19 --load=/usr/lib/sspi-tidy/libsspi-tidy.so --quiet --checks='-*,sspi-*' \
  examples/client_buggy.c -- --target=x86_64-w64-mingw32 -isystem "$mingw" \
  >"$out/plugin.out" 2>/dev/null
# sspi-clangd over LSP, without -resource-dir.
python3 "$root/test/clangd/lsp_client.py" --details /usr/bin/sspi-clangd \
  "$root/test/clangd/Inputs/leak.c" -- --log=error >"$out/clangd.out" 2>"$out/clangd.err"
echo "exit $?" >>"$out/clangd.err"
exit 0
