//! The Sources list of the bundled book, read back from both outputs as a
//! reader sees them: the EPUB's `sources.xhtml` and the print PDF through
//! `pdftotext` (poppler-utils).
//!
//! - the entries are the same, word for word, in both outputs (compared
//!   as their letters and digits, so punctuation, quotes, spacing, line
//!   breaks, the PDF's inserted hyphens and styling aside);
//! - the entries are sorted by the element citations begin with;
//! - every citation in the book begins with its entry's first element, and
//!   a citation with a title begins with its entry's first element and
//!   title;
//! - no "?." or "!." outside URLs anywhere in either output;
//! - the PDF breaks no URL after a hyphen of the URL's own.

#[path = "epub/inspect.rs"]
mod inspect;

use inspect::{parse, Epub};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The bundled book built once by the `recto` binary.
struct Built {
    epub: Epub,
    /// `pdftotext -layout` of the print PDF, pages separated by form
    /// feeds: a running head and its folio share a line.
    pdf: String,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let out = std::env::temp_dir().join(format!("recto-sources-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let status = Command::new(env!("CARGO_BIN_EXE_recto"))
            .args(["build", "--quiet", "--manuscript"])
            .arg(root.join("manuscript"))
            .arg("--out")
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .status()
            .expect("recto runs");
        assert!(status.success(), "recto build fails on the bundled book");
        let find = |keep: &dyn Fn(&str) -> bool| -> PathBuf {
            std::fs::read_dir(&out)
                .expect("output folder")
                .map(|e| e.expect("entry").path())
                .find(|p| keep(&p.file_name().unwrap().to_string_lossy()))
                .expect("output file")
        };
        let epub = find(&|n| n.ends_with(".epub"));
        let pdf = find(&|n| n.ends_with(".pdf") && !n.contains("cover"));
        let built = Built {
            epub: Epub::open(&std::fs::read(epub).expect("EPUB reads")),
            pdf: pdftotext(&pdf),
        };
        let _ = std::fs::remove_dir_all(&out);
        built
    })
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "pdftotext fails");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The EPUB's entries: anchor id and text, in list order.
fn epub_entries(b: &Built) -> Vec<(String, String)> {
    let name = "OEBPS/text/sources.xhtml";
    let doc = parse(b.epub.text(name), name);
    let list = doc
        .descendants()
        .find(|n| n.tag_name().name() == "ul" && n.attribute("class") == Some("bibliography"))
        .expect("the Sources list");
    list.children()
        .filter(|n| n.tag_name().name() == "li")
        .map(|li| {
            let id = li.attribute("id").expect("entry anchor").to_string();
            let text: String = li
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            (id, squash(&text))
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Letters and digits only: what "word for word, punctuation and styling
/// aside" compares. Line breaks inside URLs and hyphenated words vanish.
fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The element an entry or a citation begins with: its text up to the
/// first ", ".
fn lead(s: &str) -> &str {
    s.split(", ").next().unwrap_or(s)
}

/// The PDF's Sources pages without running heads and folios: from the
/// page whose first line is the chapter title to the end of the book.
fn pdf_sources(b: &Built) -> String {
    let pages: Vec<&str> = b.pdf.split('\u{c}').collect();
    let start = pages
        .iter()
        .position(|p| p.lines().find(|l| !l.trim().is_empty()).map(str::trim) == Some("Sources"))
        .expect("a page that opens the Sources chapter");
    let mut out = String::new();
    for (i, page) in pages[start..].iter().enumerate() {
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        // The opening page starts with the title, later pages with the
        // running head and folio; the opening's folio is its last line.
        let mut body = &lines[..];
        if !body.is_empty() {
            let first = body[0].trim();
            assert!(
                i == 0 || first.starts_with("Sources") || first.ends_with("Kazakhstan"),
                "page {} of the Sources starts with {first:?}, not a running head",
                i + 1
            );
            body = &body[1..];
        }
        if let Some(last) = body.last() {
            if last.trim().chars().all(|c| c.is_ascii_digit()) {
                body = &body[..body.len() - 1];
            }
        }
        for l in body {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

#[test]
fn entries_are_word_for_word_the_same_in_both_outputs() {
    let b = built();
    let entries = epub_entries(b);
    assert!(entries.len() >= 40, "{} entries", entries.len());
    let pdf = letters(&pdf_sources(b));
    // The chapter's opening prose comes first; the list starts with the
    // first entry.
    let mut at = pdf
        .find(&letters(&entries[0].1))
        .expect("the first entry in the PDF");
    for (id, text) in &entries {
        let want = letters(text);
        assert!(
            pdf[at..].starts_with(&want),
            "{id}: the PDF's Sources list does not go on with the EPUB's entry\n  EPUB: {text}\n  PDF:  {}",
            &pdf[at..].chars().take(want.chars().count() + 20).collect::<String>()
        );
        at += want.len();
    }
    assert_eq!(
        &pdf[at..],
        "",
        "the PDF's Sources list has text the EPUB's has not"
    );
}

/// Word-by-word, case- and accent-blind: an independent, simpler key than
/// the engine's collator, which agrees with it on the bundled book's
/// Latin-script names.
fn filing_key(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .map(|c| match c {
                    'á' | 'à' | 'ä' | 'â' => 'a',
                    'é' | 'è' | 'ë' | 'ê' => 'e',
                    'í' | 'ï' => 'i',
                    'ó' | 'ö' => 'o',
                    'ú' | 'ü' => 'u',
                    'ñ' => 'n',
                    c => c,
                })
                .collect()
        })
        .collect()
}

#[test]
fn entries_are_sorted_by_their_first_element() {
    let entries = epub_entries(built());
    let leads: Vec<&str> = entries.iter().map(|(_, t)| lead(t)).collect();
    for pair in leads.windows(2) {
        assert!(
            filing_key(pair[0]) <= filing_key(pair[1]),
            "{:?} is listed before {:?}",
            pair[0],
            pair[1]
        );
    }
    // Several entries of one publisher stand together under its name (the
    // order inside such a group, by date, is the reader's unit test).
    let first = entries
        .iter()
        .position(|(_, t)| lead(t) == "Kursiv")
        .expect("Kursiv's entries");
    let kursiv: Vec<&String> = entries[first..]
        .iter()
        .take_while(|(_, t)| lead(t) == "Kursiv")
        .map(|(_, t)| t)
        .collect();
    assert!(kursiv.len() >= 2, "{kursiv:?}");
}

#[test]
fn every_citation_begins_like_its_entry() {
    let b = built();
    let entries: std::collections::HashMap<String, String> = epub_entries(b).into_iter().collect();
    let mut checked = 0;
    let mut full = 0;
    for name in b.epub.xhtml_files() {
        let doc = parse(b.epub.text(name), name);
        for a in doc
            .descendants()
            .filter(|n| n.tag_name().name() == "a" && n.attribute("class") == Some("cite"))
        {
            let href = a.attribute("href").unwrap_or("");
            let id = href.rsplit('#').next().unwrap_or("");
            let entry = entries
                .get(id)
                .unwrap_or_else(|| panic!("{name}: citation of {href} has no entry"));
            let text = squash(
                &a.descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect::<String>(),
            );
            assert_eq!(
                lead(&text),
                lead(entry),
                "{name}: the citation “{text}” does not begin like its entry “{entry}”"
            );
            if let Some(end) = text.find('”') {
                full += 1;
                let head = &text[..end + '”'.len_utf8()];
                assert!(
                    entry.starts_with(head),
                    "{name}: the citation “{text}” is not where its entry begins: “{entry}”"
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked > 60 && full > 30,
        "{checked} citations, {full} full"
    );
}

/// "?." or "!." (closing quotes between them too) outside URLs.
fn doubled_stops(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for word in text.split_whitespace() {
        if word.contains("://") || word.starts_with("www.") {
            continue;
        }
        let chars: Vec<char> = word.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c != '?' && c != '!' {
                continue;
            }
            let rest = chars[i + 1..]
                .iter()
                .skip_while(|c| matches!(c, '”' | '’' | '"' | '\'' | '»'));
            if rest.clone().next() == Some(&'.') {
                found.push(word.to_string());
            }
        }
    }
    found
}

#[test]
fn no_full_stop_after_a_question_or_exclamation_mark() {
    let b = built();
    let entries = epub_entries(b);
    let in_entries: Vec<String> = entries.iter().flat_map(|(_, t)| doubled_stops(t)).collect();
    assert!(in_entries.is_empty(), "Sources entries: {in_entries:?}");
    for name in b.epub.xhtml_files() {
        let doc = parse(b.epub.text(name), name);
        let text: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        let found = doubled_stops(&text);
        assert!(found.is_empty(), "{name}: {found:?}");
    }
    let found = doubled_stops(&b.pdf);
    assert!(found.is_empty(), "PDF: {found:?}");
    // The titles that end in ? or ! are there, so the check has something
    // to find.
    let marks = entries
        .iter()
        .filter(|(_, t)| t.contains("?”") || t.contains("!”"))
        .count();
    assert!(marks >= 3, "{marks} titles end in ? or !");
}

#[test]
fn urls_never_break_after_their_own_hyphen() {
    let b = built();
    let urls: Vec<String> = epub_entries(b)
        .iter()
        .filter_map(|(_, t)| {
            let start = t.find("<http")? + 1;
            let end = start + t[start..].find('>')?;
            Some(t[start..end].to_string())
        })
        .collect();
    assert!(urls.len() >= 40, "{} URLs", urls.len());
    let text = pdf_sources(b);
    let lines: Vec<&str> = text.lines().collect();
    let mut inside = 0;
    for pair in lines.windows(2) {
        let tail = pair[0].split_whitespace().last().unwrap_or("");
        let tail = tail.trim_start_matches('<');
        let head = pair[1].split_whitespace().next().unwrap_or("");
        let joined = format!("{tail}{head}");
        let joined = joined.trim_end_matches(['>', '.', ']']);
        if tail.len() < 2 || !urls.iter().any(|u| u.contains(joined)) {
            continue;
        }
        inside += 1;
        assert!(
            !tail.ends_with('-'),
            "a URL breaks after its own hyphen: “{}” / “{}”",
            pair[0],
            pair[1]
        );
    }
    assert!(inside >= 10, "{inside} line breaks inside URLs");
    // The EPUB offers the same breaks to a reading system: after '/' and
    // before '-', never after a hyphen.
    let xhtml = b.epub.text("OEBPS/text/sources.xhtml");
    assert!(xhtml.contains("/<wbr/>") && xhtml.contains("<wbr/>-"));
    assert!(
        !xhtml.contains("-<wbr/>"),
        "an EPUB URL breaks after its hyphen"
    );
}
