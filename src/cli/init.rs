//! `recto init DIR`: scaffolds a small new book that checks and builds
//! cleanly at once — book.toml, an introduction and a chapter with a
//! footnote and a citation, a chronology from `timeline.toml`, a glossary
//! from `glossary.toml` and the bibliography from `sources.toml`.
//!
//! It refuses a folder that exists and is not empty, and opens every file
//! with `create_new`, so it never overwrites anything.

use recto::diag::Diagnostic;
use recto::model::Date;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Creates a new manuscript in `dir` (which must be missing or empty).
/// Returns the files written, relative to `dir`, in writing order.
pub fn scaffold(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let shown = dir.display().to_string();
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::usage(
            "init-not-empty",
            format!("`{shown}` exists and is not a folder"),
        )
        .in_file(dir)
        .hint("pass a new folder name, e.g. `recto init my-book`"));
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Diagnostic::usage(
                    "init-not-empty",
                    format!("`{shown}` is not empty; recto init never overwrites files"),
                )
                .in_file(dir)
                .hint("pass a new folder name, e.g. `recto init my-book`"));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create the folder", &e))?;
        }
        Err(e) => return Err(io_error(dir, "open the folder", &e)),
    }

    let title = title_from(dir);
    let slug = recto::manuscript::slug(&title, "book");
    let today = Date::from_unix(now());
    let files = files(&title, &slug, &today.iso(), &uuid_v4());
    let mut written = Vec::with_capacity(files.len());
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error(parent, "create the folder", &e))?;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| io_error(&path, "write", &e))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::usage("io", format!("cannot {what} `{}`: {e}", path.display()))
        .in_file(path)
        .hint("pick a folder you can write to")
}

/// "my-first_book" → "My First Book"; a name without letters gives "My Book".
fn title_from(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words: Vec<String> = name
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect();
    let title = words.join(" ");
    // The title goes into TOML strings and Markdown; keep it plain.
    if title.is_empty()
        || !title
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '.')
    {
        "My Book".to_string()
    } else {
        title
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A random (version 4) UUID for the book's identifier, from the standard
/// library's randomly keyed hasher mixed with the clock and process id.
fn uuid_v4() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut bytes = [0u8; 16];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        h.write_usize(i);
        chunk.copy_from_slice(&h.finish().to_le_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The scaffold's files: (path relative to the book folder, text).
fn files(title: &str, slug: &str, date: &str, identifier: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "book.toml",
            format!(
                r#"# The book: metadata, reading order and output settings.
# Reference: docs/manuscript-format.md in the recto repository.
[book]
title = "{title}"
subtitle = "A first book made with recto"
language = "en"
identifier = "{identifier}"
slug = "{slug}"
publisher = "Self-published"
rights = "© {year} The Author. All rights reserved."
description = "A short sample book: replace this with a description of yours."
subjects = ["Publishing"]
date = "{date}"

[[book.contributors]]
name = "The Author"
role = "author"

[data]
sources = "sources.toml"

[contents]
# Every .md file of the folder, in reading order, exactly once.
front = ["copyright.md"]
chapters = ["introduction.md", "chapter-1.md", "chronology.md"]
back = ["glossary.md", "sources.md"]

[cover]
# A short book's spine is too thin for text; set this to true (or delete
# it) once the book reaches about 80 pages.
spine-text = false

[hyphenation]
# Hyphens mark the only allowed breaks; a word without hyphens never breaks.
exceptions = ["recto"]
"#,
                year = &date[..4],
            ),
        ),
        (
            "copyright.md",
            "+++\ntitle = \"Copyright\"\nkind = \"copyright\"\n+++\n\n\
             Written in Markdown and built with recto. The colophon below is \
             generated from book.toml.\n"
                .to_string(),
        ),
        (
            "introduction.md",
            format!(
                r#"+++
title = "Introduction"
kind = "introduction"
+++

This is the first chapter of *{title}*. Write in Markdown: paragraphs are
separated by a blank line, *emphasis* and **strong** work as usual, and
"straight quotes" -- like these -- become typographic ones.

A footnote is written like this.[^1] A citation names a source from
sources.toml: [@recto-manual].

## A section

Sections start at `##`; the chapter title comes from the front matter
above.

[^1]: Notes are numbered per chapter, in the order they are referenced.
"#
            ),
        ),
        (
            "chapter-1.md",
            r#"+++
title = "The First Chapter"
kind = "chapter"
+++

Every chapter file is listed in the reading order in book.toml. This one
has a note too.[^why]

A word in another language is tagged: <span lang="es">hola</span>.

[^why]: An editor's note would use a label starting with `ed-`, and is
    marked a, b, c instead of 1, 2, 3.
"#
            .to_string(),
        ),
        (
            "chronology.md",
            "+++\ntitle = \"Chronology\"\nkind = \"chronology\"\ndata = \"timeline.toml\"\n+++\n"
                .to_string(),
        ),
        (
            "timeline.toml",
            r#"# The chronology: one [[event]] per entry, in date order, each with
# at least one source id from sources.toml.
[[event]]
date = "2024-01-15"
text = "The first thing happened."
sources = ["recto-manual"]

[[event]]
date = "2024-03"
label = "March 2024"
text = "The second thing happened, some time in March."
sources = ["example-report"]
"#
            .to_string(),
        ),
        (
            "glossary.md",
            "+++\ntitle = \"Glossary\"\nkind = \"glossary\"\ndata = \"glossary.toml\"\n+++\n"
                .to_string(),
        ),
        (
            "glossary.toml",
            r#"# The glossary: one [[term]] per entry.
[[term]]
term = "Manuscript"
definition = "The folder that holds book.toml, the chapters and the data files."

[[term]]
term = "Reading order"
definition = "The `[contents]` table of book.toml: every chapter, in order."
"#
            .to_string(),
        ),
        (
            "sources.md",
            "+++\ntitle = \"Sources\"\nkind = \"bibliography\"\n+++\n".to_string(),
        ),
        (
            "sources.toml",
            r#"# The bibliography: every source is cited at least once, with [@id] in
# a chapter or a note, or in a timeline entry.
[[source]]
id = "recto-manual"
title = "The manuscript format"
publisher = "recto"
date = "2024-01-01"
url = "https://example.org/recto/manuscript-format"
accessed = "2024-06-01"

[[source]]
id = "example-report"
title = "An example report"
publisher = "Example Press"
author = "A. Writer"
date = "2024-03-01"
url = "https://example.org/report"
notes = "Replace these sources with yours."
"#
            .to_string(),
        ),
        (".github/workflows/book.yml", workflow()),
    ]
}

/// The GitHub repository of this recto (`owner/name`), from Cargo.toml.
fn action_repository() -> &'static str {
    env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/")
}

/// The book's GitHub workflow: on a pull request or a push it checks and
/// builds the book with recto's action (at this recto's release tag) and
/// keeps the files as an artifact; on a `v*` tag it builds with the tag
/// commit's date and attaches the files and `SHA256SUMS` to the release.
fn workflow() -> String {
    let action = format!("{}@v{}", action_repository(), env!("CARGO_PKG_VERSION"));
    format!(
        r#"# Checks and builds the book on every push and pull request, and
# publishes it when you push a version tag (git tag v1.0.0 && git push
# --tags): the EPUB, the print PDF, the wrap cover PDF and SHA256SUMS are
# attached to the GitHub release. The action downloads a released recto
# binary (no compiling); move to a newer recto by changing its version below.
name: Book
on:
  push:
    branches: [main]
    tags: ["v*"]
  pull_request:

permissions:
  contents: read

jobs:
  check:
    if: ${{{{ !startsWith(github.ref, 'refs/tags/') }}}}
    runs-on: ubuntu-24.04
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
      # Findings become annotations on the pull request.
      - uses: {action}
        id: book
      - uses: actions/upload-artifact@v4
        with:
          name: book
          path: ${{{{ steps.book.outputs.files }}}}

  release:
    if: ${{{{ startsWith(github.ref, 'refs/tags/v') }}}}
    runs-on: ubuntu-24.04
    timeout-minutes: 15
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@v4
      - name: Date the build from the tag's commit
        run: echo "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"
      - uses: {action}
        id: book
      - name: Checksums
        run: |
          cd dist
          sha256sum * > SHA256SUMS
          cat SHA256SUMS
      - uses: softprops/action-gh-release@v2
        with:
          files: |
            ${{{{ steps.book.outputs.epub }}}}
            ${{{{ steps.book.outputs.pdf }}}}
            ${{{{ steps.book.outputs.cover }}}}
            dist/SHA256SUMS
          fail_on_unmatched_files: true
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_folder_names() {
        assert_eq!(title_from(Path::new("some/my-first_book")), "My First Book");
        assert_eq!(title_from(Path::new("/")), "My Book");
        assert_eq!(title_from(Path::new("a\"b")), "My Book");
    }

    #[test]
    fn identifiers_are_uuid_v4() {
        let id = uuid_v4();
        let hex = id.strip_prefix("urn:uuid:").unwrap();
        assert_eq!(hex.len(), 36);
        assert_eq!(&hex[14..15], "4");
        assert!(matches!(&hex[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(uuid_v4(), id);
    }
}
