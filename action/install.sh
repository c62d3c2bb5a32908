#!/usr/bin/env bash
# The action's first step: puts a recto binary on the runner.
#
# In:  INPUT_VERSION (v0.1.0, 0.1.0, latest or empty), INPUT_BINARY (a
#      binary to use as it is), RECTO_ACTION_REPOSITORY / RECTO_ACTION_REF /
#      RECTO_ACTION_PATH (where the action was taken from), RUNNER_OS,
#      RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH.
# Out: the outputs `recto` (the binary's path) and `version`; the binary's
#      folder is added to PATH for later steps.
#
# The archive is recto-vVERSION-TARGET.tar.gz (.zip on Windows) from the
# GitHub release vVERSION, checked against that release's SHA256SUMS before
# it is unpacked (.github/scripts/archive.sh makes them).
set -euo pipefail

fail() {
  echo "::error title=recto action::$1"
  exit 1
}
out() { echo "$1=$2" >>"${GITHUB_OUTPUT:-/dev/stdout}"; }

if [ -n "${INPUT_BINARY:-}" ]; then
  [ -f "$INPUT_BINARY" ] || fail "binary: no file at $INPUT_BINARY"
  recto=$(cd "$(dirname "$INPUT_BINARY")" && pwd)/$(basename "$INPUT_BINARY")
  out recto "$recto"
  out version "v$("$recto" --version | awk '{print $2}')"
  dirname "$recto" >>"${GITHUB_PATH:-/dev/null}"
  echo "recto: using $recto ($("$recto" --version))"
  exit 0
fi

repo=${RECTO_ACTION_REPOSITORY:-}
[ -n "$repo" ] || repo="recto-press/recto"

# The version: the input; else the ref this action was taken at, when it
# is a release tag; else the latest release.
version=${INPUT_VERSION:-}
if [ -z "$version" ]; then
  ref=${RECTO_ACTION_REF:-}
  [ -n "$ref" ] || ref=$(basename "${RECTO_ACTION_PATH:-}")
  case $ref in
    v[0-9]*.*) version=$ref ;;
    *) version=latest ;;
  esac
fi
if [ "$version" = latest ]; then
  # github.com/OWNER/REPO/releases/latest redirects to …/releases/tag/vX.Y.Z.
  url=$(curl -fsSL -o /dev/null -w '%{url_effective}' "https://github.com/$repo/releases/latest") ||
    fail "cannot find the latest release of $repo"
  version=${url##*/}
fi
case $version in
  v*) ;;
  *) version=v$version ;;
esac
case $version in
  v[0-9]*.[0-9]*) ;;
  *) fail "version: \`$version\` is not a release such as v0.1.0 or latest" ;;
esac

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  # Windows on Arm runs x86_64 programs.
  Windows/X64 | Windows/ARM64) target=x86_64-pc-windows-msvc ;;
  *) fail "no recto release binary for ${RUNNER_OS:-?} on ${RUNNER_ARCH:-?}; build it with cargo install recto" ;;
esac
case $target in
  *windows*) ext=zip exe=recto.exe ;;
  *) ext=tar.gz exe=recto ;;
esac
name=recto-$version-$target
base=https://github.com/$repo/releases/download/$version
dir=${RUNNER_TEMP:-$(mktemp -d)}/recto-$version
mkdir -p "$dir"

echo "recto: downloading $name.$ext from $repo"
curl -fsSL --retry 3 -o "$dir/$name.$ext" "$base/$name.$ext" ||
  fail "cannot download $base/$name.$ext: is $version a release of $repo?"
curl -fsSL --retry 3 -o "$dir/SHA256SUMS" "$base/SHA256SUMS" ||
  fail "cannot download $base/SHA256SUMS"

expected=$(awk -v f="$name.$ext" '$2 == f || $2 == "*" f { print $1 }' "$dir/SHA256SUMS")
[ -n "$expected" ] || fail "SHA256SUMS of $version does not list $name.$ext"
if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$dir/$name.$ext" | awk '{print $1}')
else
  actual=$(shasum -a 256 "$dir/$name.$ext" | awk '{print $1}')
fi
[ "$actual" = "$expected" ] ||
  fail "checksum mismatch for $name.$ext: SHA256SUMS says $expected, the download is $actual"
echo "recto: sha256 $actual verified"

case $ext in
  zip) (cd "$dir" && { unzip -q -o "$name.zip" 2>/dev/null || 7z x -y -bd "$name.zip" >/dev/null; }) ;;
  *) tar -xzf "$dir/$name.$ext" -C "$dir" ;;
esac
recto=$dir/$name/$exe
[ -f "$recto" ] || fail "$name.$ext holds no $name/$exe"
chmod +x "$recto"
out recto "$recto"
out version "$version"
echo "$dir/$name" >>"${GITHUB_PATH:-/dev/null}"
echo "recto: $("$recto" --version)"
