#!/usr/bin/env bash
# Prints the CHANGELOG.md section of one version (without its heading), the
# text of that version's GitHub release:  release-notes.sh 0.1.0
# Fails if CHANGELOG.md has no `## [VERSION]` section, or an empty one.
set -euo pipefail
version=${1#v}
root=$(cd "$(dirname "$0")/../.." && pwd)
notes=$(awk -v h="## [$version]" '
  index($0, h) == 1 { on = 1; next }
  on && /^## / { exit }
  on { print }
' "$root/CHANGELOG.md" | sed -e '/./,$!d')
if [ -z "${notes//[[:space:]]/}" ]; then
  echo "release-notes: CHANGELOG.md has no notes under \`## [$version]\`" >&2
  exit 1
fi
printf '%s\n' "$notes"
