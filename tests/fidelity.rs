//! Fidelity: every sentence of both seed texts (tests/fixtures/seeds/)
//! appears, in order, in the plain text of its article in the bundled
//! manuscript. Only quotes, dashes and whitespace are normalised.
//!
//! Seed lines that are publishing metadata by design are not body text;
//! each is listed below with the reason, and the test asserts that what it
//! says is kept in the chapter's metadata or notes instead.

mod seeds;

use recto::model::{plain_text, Block, Book, Chapter, ChapterKind, Date, NoteKind};
use seeds::normalise;
use std::path::Path;

fn push_blocks(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => out.push_str(&plain_text(&p.content)),
            Block::Heading { content, .. } => out.push_str(&plain_text(content)),
            Block::Quote(inner) => push_blocks(inner, out),
            Block::List { items, .. } => {
                for item in items {
                    push_blocks(item, out);
                    out.push('\n');
                }
            }
            Block::Table(t) => {
                for cell in t.header.iter().chain(t.rows.iter().flatten()) {
                    out.push_str(&plain_text(cell));
                    out.push(' ');
                }
            }
            Block::Figure(f) => out.push_str(&f.alt),
            Block::Timeline(_) | Block::Glossary(_) | Block::Bibliography | Block::Rule => {}
            Block::CodeBlock { text, .. } => out.push_str(text),
        }
        out.push('\n');
    }
}

/// The chapter as a reader copies it: title, body, then the notes.
fn chapter_text(c: &Chapter) -> (String, String) {
    let mut body = plain_text(&c.title);
    body.push('\n');
    push_blocks(&c.blocks, &mut body);
    let mut notes = String::new();
    for n in &c.notes {
        push_blocks(&n.blocks, &mut notes);
    }
    (body, notes)
}

/// Sentences of a line: split after `.`, `!`, `?` (and a closing quote or
/// bracket) followed by a space.
fn sentences(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        let end =
            matches!(c, '.' | '!' | '?') && chars.get(i + 1).is_some_and(|n| n.is_whitespace());
        if end {
            out.push(cur.trim().to_string());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn book() -> Book {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    match recto::driver::load(&dir) {
        Ok(loaded) => loaded.book,
        Err(diags) => panic!("the bundled manuscript does not load: {:#?}", diags.0),
    }
}

fn article<'a>(book: &'a Book, author: &str) -> &'a Chapter {
    book.chapters
        .iter()
        .find(|c| c.kind == ChapterKind::Article && c.authors.iter().any(|a| a == author))
        .unwrap_or_else(|| panic!("no article by {author}"))
}

fn seed(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(name);
    std::fs::read_to_string(path).expect("seed text")
}

/// Asserts that every sentence of the `seed` lines not in `metadata` occurs
/// in `text` in order. `transform` maps a seed line to its body form where
/// the edition changes markup only (a list dash, a note marker).
fn assert_in_order(
    seed: &str,
    text: &str,
    metadata: &[(&str, &str)],
    transform: &dyn Fn(&str) -> String,
) {
    let text = normalise(text);
    let mut at = 0;
    let mut checked = 0;
    for line in seed.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if metadata.iter().any(|(m, _)| line.starts_with(m)) {
            continue;
        }
        for s in sentences(&transform(line)) {
            let s = normalise(&s);
            match text[at..].find(&s) {
                Some(p) => at += p + s.len(),
                None => {
                    let anywhere = text.contains(&s);
                    panic!(
                        "seed sentence {} not found in order (present out of order: {anywhere}):\n{s}\n\nafter: …{}",
                        checked + 1,
                        &text[at.saturating_sub(80)..at]
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} sentences checked");
}

#[test]
fn duvanov_is_complete_and_in_order() {
    let book = book();
    let c = article(&book, "Sergey Duvanov");
    // Lines of the seed that are CMS residue or header metadata, not text.
    let metadata: &[(&str, &str)] = &[
        (
            "Posted ",
            "CMS timestamp: kept as the source note's publication date and time",
        ),
        ("Published ", "CMS timestamp: same as Posted"),
        (
            "Modified ",
            "CMS timestamp: kept as the source note's last-modified date",
        ),
        ("Updated ", "CMS timestamp: same as Modified"),
        (
            "12 января 2022, 09:11",
            "dateline: kept as the article's date and the note's time",
        ),
        (
            "Сергей Дуванов",
            "byline in Cyrillic: kept in the source note, tagged Russian",
        ),
    ];
    let (body, notes) = chapter_text(c);
    assert_in_order(&seed("004_0000bb1b301e5826.txt"), &body, metadata, &|l| {
        l.to_string()
    });

    // What the metadata lines said is in the chapter's metadata and notes.
    assert_eq!(c.date, Date::parse("2022-01-12"));
    let source_note = c
        .notes
        .iter()
        .find(|n| n.kind == NoteKind::Source)
        .expect("a source note");
    let mut note = String::new();
    push_blocks(&source_note.blocks, &mut note);
    let note = normalise(&note);
    assert!(note.contains("12 January 2022, 09:11"), "{note}");
    assert!(note.contains("25 December 2022"), "{note}");
    assert!(note.contains("Сергей Дуванов"), "{note}");
    assert!(matches!(
        c.title.last(),
        Some(recto::model::Inline::NoteRef(0))
    ));
    // "Original is here." stays in the text, with a note about the lost link.
    assert!(normalise(&notes).contains("Russian original"));
}

#[test]
fn correspondent_is_complete_and_in_order() {
    let book = book();
    let c = article(&book, "Correspondent from Kazakhstan");
    let url = "https://lis-isl.org/en/2022/01/20/solidaridad-con-el-pueblo-kazajo/";
    let metadata: &[(&str, &str)] = &[
        (
            "By Correspondent from Kazakhstan",
            "byline: kept as the chapter's author",
        ),
        (
            "1- https://",
            "the author's note: now a real footnote at \"(1)\", holding the URL",
        ),
    ];
    // Markup only: a list dash becomes a list item, "(1)" the note reference.
    let transform = |l: &str| l.trim_start_matches("– ").replace("(1)", "");
    let (body, notes) = chapter_text(c);
    assert_in_order(
        &seed("000_3ca67eb90005b552.txt"),
        &body,
        metadata,
        &transform,
    );

    assert!(c
        .authors
        .iter()
        .any(|a| a == "Correspondent from Kazakhstan"));
    assert!(c.editorial_title, "the title is the editors'");
    let author_notes: Vec<_> = c
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Author)
        .collect();
    assert_eq!(author_notes.len(), 1);
    assert_eq!(author_notes[0].marker, "1");
    let mut n1 = String::new();
    push_blocks(&author_notes[0].blocks, &mut n1);
    assert!(n1.contains(url), "{n1}");
    assert!(notes.contains(url));
}

#[test]
fn sentence_splitting() {
    assert_eq!(sentences("A b. C d! E"), vec!["A b.", "C d!", "E"]);
    assert_eq!(normalise("a\u{a0}– “b”"), "a - \"b\"");
}
