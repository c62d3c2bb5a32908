//! `recto check` on the fixture manuscripts in tests/fixtures/check/: each
//! fixture breaks one rule, and the binary must report it with the right
//! code at the right place, exit with the right code, and write nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(name)
}

struct Reported {
    file: String,
    line: u64,
    code: String,
    severity: String,
}

/// Runs `recto --message-format json check` on a fixture; returns the exit
/// code and the parsed diagnostics.
fn check(name: &str) -> (i32, Vec<Reported>) {
    let out = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["--message-format", "json", "check", "--manuscript"])
        .arg(fixture(name))
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 output");
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    let diags = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("one JSON object per line");
            Reported {
                file: v["file"].as_str().unwrap_or("").to_string(),
                line: v["line"].as_u64().unwrap_or(0),
                code: v["code"].as_str().unwrap_or("").to_string(),
                severity: v["severity"].as_str().unwrap_or("").to_string(),
            }
        })
        .collect();
    (out.status.code().unwrap_or(-1), diags)
}

/// Asserts that fixture `name` exits with `exit` and reports `code` in
/// `file` (relative to the fixture) at `line` (0: no line).
fn expect(name: &str, exit: i32, file: &str, line: u64, code: &str) {
    let (status, diags) = check(name);
    let want = fixture(name).join(file);
    let found = diags
        .iter()
        .any(|d| d.code == code && Path::new(&d.file) == want && d.line == line);
    let listing: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {}:{} {}", d.severity, d.file, d.line, d.code))
        .collect();
    assert!(
        found,
        "{name}: expected {code} at {file}:{line}, got {listing:#?}"
    );
    assert_eq!(status, exit, "{name}: exit code; diagnostics {listing:#?}");
}

#[test]
fn the_valid_fixture_passes() {
    let (status, diags) = check("ok");
    assert_eq!(status, 0);
    assert!(diags.is_empty(), "{} diagnostics", diags.len());
}

#[test]
fn notes() {
    expect("note-undefined", 1, "intro.md", 12, "note-undefined");
    expect("note-unused", 1, "intro.md", 14, "note-unused");
    expect(
        "note-referenced-twice",
        1,
        "intro.md",
        12,
        "note-referenced-twice",
    );
}

#[test]
fn sources() {
    expect("source-unknown", 1, "intro.md", 12, "source-unknown");
    expect(
        "timeline-source-unknown",
        1,
        "timeline.toml",
        9,
        "source-unknown",
    );
    expect("source-uncited", 1, "sources.toml", 15, "source-uncited");
}

#[test]
fn chronology() {
    expect(
        "chronology-order",
        1,
        "timeline.toml",
        7,
        "chronology-order",
    );
    expect(
        "chronology-unsourced",
        1,
        "timeline.toml",
        7,
        "chronology-unsourced",
    );
}

#[test]
fn glossary() {
    expect("glossary-order", 1, "glossary.toml", 10, "glossary-order");
}

#[test]
fn referenced_files() {
    expect("file-missing", 1, "intro.md", 12, "file-missing");
    expect("path-outside", 1, "intro.md", 12, "path-outside");
    expect("image-alt-missing", 1, "intro.md", 12, "image-alt-missing");
    expect("image-format", 1, "intro.md", 12, "image-format");
    expect("chapter-missing", 1, "book.toml", 20, "file-missing");
}

#[test]
fn languages_and_characters() {
    expect("lang-unknown", 1, "intro.md", 12, "lang-unknown");
    expect("glyph-missing", 1, "intro.md", 12, "glyph-missing");
    // A warning: reported, but the check passes.
    expect("cyrillic-untagged", 0, "intro.md", 12, "cyrillic-untagged");
}

#[test]
fn reading_order() {
    expect(
        "reading-order-missing",
        1,
        "extra.md",
        0,
        "reading-order-missing",
    );
    expect(
        "reading-order-duplicate",
        1,
        "book.toml",
        21,
        "reading-order-duplicate",
    );
}

#[test]
fn headings() {
    expect("heading-skip", 1, "intro.md", 12, "heading-skip");
    expect("heading-h1", 0, "intro.md", 12, "heading-h1");
}

#[test]
fn html_and_links() {
    expect("html-script", 1, "intro.md", 12, "html-not-allowed");
    expect("html-attribute", 1, "intro.md", 12, "html-not-allowed");
    expect("html-block", 1, "intro.md", 12, "html-not-allowed");
    expect("link-unsafe", 1, "intro.md", 12, "link-unsafe");
    expect(
        "link-target-unknown",
        1,
        "intro.md",
        12,
        "link-target-unknown",
    );
}

#[test]
fn broken_files() {
    expect("unknown-key", 1, "book.toml", 3, "unknown-key");
    expect("unknown-front-key", 1, "intro.md", 4, "unknown-key");
    expect("toml-syntax", 1, "book.toml", 5, "toml-syntax");
    expect(
        "front-matter-unclosed",
        1,
        "intro.md",
        1,
        "front-matter-unclosed",
    );
    expect(
        "front-matter-missing",
        1,
        "intro.md",
        1,
        "front-matter-missing",
    );
    expect("invalid-utf8", 1, "intro.md", 6, "invalid-utf8");
    expect("nul-byte", 1, "intro.md", 8, "nul-byte");
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let out = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["check", "--manuscript"])
        .arg(fixture("unknown-key"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `language`?"), "{stderr}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    expect("no-book-toml", 2, "book.toml", 0, "book-toml-missing");
    let out = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["check", "--manuscript", "/nonexistent/recto-manuscript"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["check", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Lists every file under `dir` with its size and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let m = e.metadata().unwrap();
            if m.is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path(), m.len(), m.modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn check_writes_nothing() {
    let work = std::env::temp_dir().join(format!("recto-check-cwd-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let before = snapshot(&fixture("ok"));
    let out = Command::new(env!("CARGO_BIN_EXE_recto"))
        .current_dir(&work)
        .args(["check", "--manuscript"])
        .arg(fixture("ok"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(snapshot(&fixture("ok")), before);
    assert_eq!(
        std::fs::read_dir(&work).unwrap().count(),
        0,
        "check created files"
    );
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn github_format_annotates() {
    let out = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["--message-format", "github", "check", "--manuscript"])
        .arg(fixture("note-undefined"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("note-undefined"))
        .expect("an annotation");
    assert!(line.starts_with("::error file="), "{line}");
    assert!(line.contains(",line=12,"), "{line}");
}

/// Every metadata value an output needs is checked: an empty title,
/// identifier, publisher, rights, description, subject, contributor name,
/// file-as or part title, a chapter's empty title or author, and an ISBN
/// with a wrong check digit are each an error at their own line, with a
/// hint, in one run of `check` (before this, an empty title passed and
/// EPUBCheck rejected the EPUB).
#[test]
fn required_metadata_is_checked() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input/_base");
    let dir = std::env::temp_dir().join(format!("recto-check-required-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("images")).unwrap();
    for f in ["sources.md", "sources.toml", "images/dot.png"] {
        std::fs::copy(base.join(f), dir.join(f)).unwrap();
    }
    let book = "[book]\ntitle = \"\"\nlanguage = \"en\"\nidentifier = \" \"\nslug = \"base\"\n\
                publisher = \"\"\nrights = \"\"\ndescription = \"\"\nsubjects = [\"History\", \"\"]\n\
                date = \"2026-01-01\"\nisbn = \"978-0-306-40615-8\"\n\n\
                [[book.contributors]]\nname = \"\"\nrole = \"author\"\nfile-as = \"\"\n\n\
                [data]\nsources = \"sources.toml\"\n\n[contents]\nback = [\"sources.md\"]\n\n\
                [[contents.parts]]\ntitle = \"  \"\nchapters = [\"intro.md\"]\n";
    std::fs::write(dir.join("book.toml"), book).unwrap();
    let intro = std::fs::read_to_string(base.join("intro.md"))
        .unwrap()
        .replace("title = \"Introduction\"", "title = \"\"\nauthors = [\"\"]");
    std::fs::write(dir.join("intro.md"), intro).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["--message-format", "json", "check", "--manuscript"])
        .arg(&dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let found: Vec<(String, String, u64)> = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| matches!(v["code"].as_str(), Some("value-empty" | "isbn-invalid")))
        .map(|v| {
            assert!(!v["hint"].as_str().unwrap_or("").is_empty(), "no hint: {v}");
            let file = v["file"].as_str().unwrap().rsplit('/').next().unwrap();
            (
                v["code"].as_str().unwrap().to_string(),
                file.to_string(),
                v["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = |code: &str, file: &str, line: u64| (code.to_string(), file.to_string(), line);
    let mut expected = vec![
        want("value-empty", "book.toml", 2),
        want("value-empty", "book.toml", 4),
        want("value-empty", "book.toml", 6),
        want("value-empty", "book.toml", 7),
        want("value-empty", "book.toml", 8),
        want("value-empty", "book.toml", 9),
        want("isbn-invalid", "book.toml", 11),
        want("value-empty", "book.toml", 14),
        want("value-empty", "book.toml", 16),
        want("value-empty", "book.toml", 25),
        want("value-empty", "intro.md", 2),
        want("value-empty", "intro.md", 3),
    ];
    let mut found = found;
    found.sort();
    expected.sort();
    assert_eq!(found, expected, "{stderr}");
}
