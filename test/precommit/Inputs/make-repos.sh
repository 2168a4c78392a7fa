#!/usr/bin/env bash
# make-repos.sh SSPI_ROOT DIR: the repositories precommit.test commits in.
#
#   DIR/hook-repo  the sspi-tidy tree at SSPI_ROOT as a git repository with
#                  one commit: every file of the working tree that git does
#                  not ignore (committed, modified or new), so the test checks
#                  the tree as it is, uncommitted work included; in CI, a
#                  clean clone, that is HEAD. Build folders are ignored.
#   DIR/work       an empty repository whose .pre-commit-config.yaml uses
#                  the sspi-tidy hook of DIR/hook-repo at that commit, with
#                  `pre-commit install` done.
#   DIR/no-compile-commands.yaml, DIR/extra-arg.yaml
#                  the same with `args:` for the hook, for `pre-commit run -c`.
set -euo pipefail
root="$1" dir="$2"
rm -rf "$dir"
mkdir -p "$dir/hook-repo" "$dir/work"

git -C "$root" ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do
    # Skip files deleted in the working tree but still in the index.
    if [ -e "$root/$f" ] || [ -L "$root/$f" ]; then printf '%s\0' "$f"; fi
  done | tar -C "$root" --null -T - -cf - | tar -C "$dir/hook-repo" -xf -

cd "$dir/hook-repo"
git -c init.defaultBranch=main init -q
git add -A
git -c user.name=precommit.test -c user.email=precommit.test@example.invalid \
  -c commit.gpgsign=false commit -q -m "sspi-tidy working tree"
rev="$(git rev-parse HEAD)"

config() { # config [args...]: a .pre-commit-config.yaml
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: sspi-tidy\n' \
    "$dir/hook-repo" "$rev"
  if [ $# -gt 0 ]; then
    printf '        args: [%s]\n' "$*"
  fi
}
config >"$dir/work/.pre-commit-config.yaml"
config --no-compile-commands >"$dir/no-compile-commands.yaml"
config --extra-arg=-DEARLY_RETURN >"$dir/extra-arg.yaml"

cd "$dir/work"
git -c init.defaultBranch=main init -q
git config user.name precommit.test
git config user.email precommit.test@example.invalid
git config commit.gpgsign false
pre-commit install
