#!/usr/bin/env bash
# Packs a release binary as the release workflow publishes it:
#   archive.sh TARGET BINARY OUTDIR
# writes OUTDIR/recto-vVERSION-TARGET.tar.gz (.zip for Windows targets),
# holding the folder recto-vVERSION-TARGET/ with the binary, README.md,
# CHANGELOG.md and the licences (recto's and the bundled fonts' OFL), and
# prints the archive's path. VERSION is Cargo.toml's. The names match
# [package.metadata.binstall] in Cargo.toml and what action.yml downloads.
set -euo pipefail
target=$1 binary=$2 outdir=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)
name=recto-v$version-$target
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
case $target in
  *windows*) exe=recto.exe ;;
  *) exe=recto ;;
esac
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
cp "$root/README.md" "$root/CHANGELOG.md" "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/$name/"
cp "$root/fonts/OFL.txt" "$stage/$name/LICENSE-FONTS-OFL.txt"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
case $target in
  *windows*)
    archive=$outdir/$name.zip
    rm -f "$archive"
    if command -v 7z >/dev/null; then
      (cd "$stage" && 7z a -tzip -bd "$archive" "$name" >/dev/null)
    else
      (cd "$stage" && zip -qr "$archive" "$name")
    fi
    ;;
  *)
    archive=$outdir/$name.tar.gz
    # Sorted names, fixed owner and times: the same binary gives the same archive.
    epoch=${SOURCE_DATE_EPOCH:-0}
    tar=tar
    tar --version 2>/dev/null | grep -q GNU || tar=gtar # macOS: GNU tar is gtar
    (cd "$stage" && "$tar" --sort=name --owner=0 --group=0 --numeric-owner \
      --mtime="@$epoch" -cf - "$name" | gzip -n -9 >"$archive")
    ;;
esac
echo "$archive"
