#!/usr/bin/env bash
# The action's second step: checks the manuscript, then builds it.
#
# In:  RECTO (the binary; default `recto` on PATH), INPUT_MANUSCRIPT
#      (default .), INPUT_OUT (default dist), INPUT_FORMATS (all, epub, pdf,
#      or "epub pdf"), INPUT_CHECK_ONLY (true/false), GITHUB_OUTPUT and
#      GITHUB_STEP_SUMMARY when set.
# Out: the outputs `epub`, `pdf`, `cover` (paths, empty when not built) and
#      `files` (every file written, one a line).
#
# It runs the commands the README documents:
#   recto --message-format github check --manuscript DIR
#   recto --message-format github build --manuscript DIR --out OUT --format F
# so findings are annotations on the commit or pull request. recto's exit
# code is the step's: 1 for errors in the manuscript, 2 for usage or I/O.
set -euo pipefail

recto=${RECTO:-recto}
manuscript=${INPUT_MANUSCRIPT:-.}
outdir=${INPUT_OUT:-dist}
github_output=${GITHUB_OUTPUT:-/dev/stdout}

fail() {
  echo "::error title=recto action::$1"
  exit 2
}

# formats: "all", "epub", "pdf", or a list of them (commas or spaces).
epub=false pdf=false
formats=${INPUT_FORMATS:-all}
for f in ${formats//,/ }; do
  case $f in
    all) epub=true pdf=true ;;
    epub) epub=true ;;
    pdf) pdf=true ;;
    *) fail "formats: unknown format \`$f\`; use all, epub or pdf" ;;
  esac
done
if [ "$epub" = true ] && [ "$pdf" = false ]; then
  format=epub
elif [ "$epub" = false ] && [ "$pdf" = true ]; then
  format=pdf
else
  format=all
fi

case ${INPUT_CHECK_ONLY:-false} in
  true | false) ;;
  *) fail "check-only: \`${INPUT_CHECK_ONLY}\` is not true or false" ;;
esac

# Annotations name files from the repository's top: `file=ch.md`, not
# `file=./ch.md`, for a manuscript at the top of the repository.
while [ "$manuscript" != "${manuscript#./}" ]; do manuscript=${manuscript#./}; done
[ -n "$manuscript" ] || manuscript=.
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
# Runs recto, then passes its diagnostics on with those paths; keeps its exit code.
run() {
  local status=0
  "$recto" "$@" 2>"$errors" || status=$?
  sed 's#^\(::[a-z]* file=\)\./#\1#' "$errors" >&2
  return "$status"
}

echo "::group::recto check $manuscript"
run --message-format github check --manuscript "$manuscript"
echo "::endgroup::"

if [ "${INPUT_CHECK_ONLY:-false}" = true ]; then
  printf '%s\n' epub= pdf= cover= files= >>"$github_output"
  exit 0
fi

summary=$(run --message-format github build --manuscript "$manuscript" --out "$outdir" --format "$format")
printf '%s\n' "$summary"

# The summary has one line per file: "wrote PATH  (SIZE[, N pages])".
files=()
while IFS= read -r line; do
  files+=("$line")
done < <(printf '%s\n' "$summary" | sed -n 's/^wrote \(.*[^ ]\) *  ([^()]*)$/\1/p')
[ ${#files[@]} -gt 0 ] || fail "recto build wrote no file"

epub_file="" pdf_file="" cover_file=""
for f in "${files[@]}"; do
  [ -f "$f" ] || fail "recto build reported $f, which is not there"
  case $f in
    *.epub) epub_file=$f ;;
  esac
done
# The wrap cover is BOOK-cover.pdf next to BOOK.pdf.
for f in "${files[@]}"; do
  case $f in
    *.pdf)
      for g in "${files[@]}"; do
        [ "$g" = "${f%.pdf}-cover.pdf" ] && { pdf_file=$f; cover_file=$g; }
      done
      ;;
  esac
done
if [ -z "$pdf_file" ]; then
  for f in "${files[@]}"; do
    case $f in *.pdf) pdf_file=$f ;; esac
  done
fi

{
  echo "epub=$epub_file"
  echo "pdf=$pdf_file"
  echo "cover=$cover_file"
  delimiter=recto_files_$RANDOM$RANDOM
  echo "files<<$delimiter"
  printf '%s\n' "${files[@]}"
  echo "$delimiter"
} >>"$github_output"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### recto $("$recto" --version | awk '{print $2}'): $manuscript"
    echo
    echo '```'
    printf '%s\n' "$summary"
    echo '```'
  } >>"$GITHUB_STEP_SUMMARY"
fi
