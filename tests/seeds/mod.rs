//! The fidelity check shared by the model, EPUB and PDF tests: every
//! sentence of a seed text appears, in order, in an output's text. Only
//! quotes, dashes and whitespace are normalised.

#![allow(dead_code)]

use std::path::PathBuf;

/// Duvanov's seed lines that are metadata by design (CMS residue, the
/// dateline and the Cyrillic byline; see tests/fidelity.rs).
pub const DUVANOV_METADATA: &[&str] = &[
    "Posted ",
    "Published ",
    "Modified ",
    "Updated ",
    "12 января 2022, 09:11",
    "Сергей Дуванов",
];

/// The correspondent's byline and the note line that became a footnote.
pub const CORRESPONDENT_METADATA: &[&str] = &["By Correspondent from Kazakhstan", "1- https://"];

/// The correspondent's "– " list markers became a list, "(1)" a note.
pub fn correspondent_line(l: &str) -> String {
    l.trim_start_matches("– ").replace("(1)", "")
}

/// Quotes to `"`/`'`, dashes to `-`, every run of whitespace (NBSP
/// included) to one space.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '“' | '”' | '„' | '«' | '»' | '"' => '"',
            '‘' | '’' | '\'' => '\'',
            '–' | '—' | '‐' | '‑' | '−' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Splits after `.`, `!` or `?` followed by whitespace.
pub fn sentences(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        if matches!(c, '.' | '!' | '?') && chars.get(i + 1).is_some_and(|n| n.is_whitespace()) {
            out.push(cur.trim().to_string());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Asserts that every sentence of the seed `file` (in
/// tests/fixtures/seeds), less the lines starting with a `skip` prefix and
/// after `transform`, appears in order in `text`; `what` names the output.
pub fn assert_in_order(
    file: &str,
    text: &str,
    skip: &[&str],
    transform: &dyn Fn(&str) -> String,
    what: &str,
) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(file);
    let seed = std::fs::read_to_string(path).expect("seed text");
    let text = normalise(text);
    let mut at = 0;
    let mut checked = 0;
    for line in seed.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if skip.iter().any(|m| line.starts_with(m)) {
            continue;
        }
        for s in sentences(&transform(line)) {
            let s = normalise(&s);
            match text[at..].find(&s) {
                Some(p) => at += p + s.len(),
                None => panic!(
                    "seed sentence not found in order in the {what}:\n{s}\nafter …{}",
                    &text[at.saturating_sub(120)..at]
                ),
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} sentences checked");
}
