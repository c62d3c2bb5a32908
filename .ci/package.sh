#!/usr/bin/env bash
# Checks the crate that `cargo publish` would upload, so that `cargo install
# recto` builds: it must hold every bundled font with its licence, the
# default cover design and the files the code includes at compile time, and
# stay under crates.io's 10 MB limit. No network: the lock file is used as is.
set -euo pipefail
cd "$(dirname "$0")/.."
list=$(cargo package --list --locked --offline --allow-dirty 2>/dev/null)
need=(Cargo.toml Cargo.lock README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE
  fonts/OFL.txt covers/cover.toml src/main.rs src/lib.rs)
for f in fonts/*.ttf; do need+=("$f"); done
# Files pulled in with include_str!/include_bytes! next to their source file.
while IFS=: read -r src inc; do
  need+=("$(realpath --relative-to=. -m "$(dirname "$src")/$inc")")
done < <(grep -rhoP --with-filename 'include_(str|bytes)!\("\K[^"]+' src || true)
missing=0
for f in "${need[@]}"; do
  if ! grep -qxF "$f" <<<"$list"; then
    echo "package: $f is not in the crate (Cargo.toml include)" >&2
    missing=1
  fi
done
[ "$missing" -eq 0 ] || exit 1
cargo package --no-verify --locked --offline --allow-dirty 2>/dev/null
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
crate=target/package/recto-$version.crate
size=$(stat -c %s "$crate")
if [ "$size" -ge 10000000 ]; then
  echo "package: $crate is $size bytes, over crates.io's 10 MB limit" >&2
  exit 1
fi
echo "package: $(wc -l <<<"$list") files, $size bytes compressed ($crate)"
