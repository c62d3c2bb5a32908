//! Writes a generated manuscript of about N pages with notes, sections, a
//! quote, a list, Cyrillic spans and a citation: the benchmark's long
//! books, and the proofreading tests' second book.

use std::path::Path;

/// Words of body text per printed page, used to size the generated books;
/// checked against the page count the PDF renderer reports.
pub const WORDS_PER_PAGE: usize = 215;

/// Writes a manuscript of about `pages` printed pages into `dir`: chapters
/// of ~12 pages of varied prose (deterministic pseudo-random words, some
/// long and hyphenatable, some Russian in language spans), two sections
/// each, an author's note every second paragraph and an editor's note every
/// tenth, citations, a block quote and a list per chapter, a chronology and
/// a glossary.
pub fn generate(dir: &Path, pages: usize) {
    const WORDS: &[&str] = &[
        "the",
        "of",
        "and",
        "a",
        "to",
        "in",
        "government",
        "protest",
        "was",
        "that",
        "city",
        "for",
        "on",
        "with",
        "as",
        "people",
        "by",
        "president",
        "at",
        "from",
        "demonstrators",
        "which",
        "were",
        "this",
        "authorities",
        "they",
        "security",
        "forces",
        "had",
        "not",
        "international",
        "but",
        "region",
        "their",
        "crisis",
        "have",
        "after",
        "price",
        "independence",
        "parliament",
        "responsibility",
        "information",
        "his",
        "organisation",
        "been",
        "one",
        "who",
        "all",
        "administration",
        "would",
        "there",
        "investigation",
        "more",
        "when",
        "constitutional",
        "or",
        "into",
        "correspondence",
        "an",
        "about",
        "negotiations",
        "than",
        "its",
        "reconstruction",
        "events",
        "some",
        "archive",
        "witnesses",
        "January",
        "Almaty",
        "Kazakhstan",
        "nevertheless",
        "extraordinary",
        "economic",
        "circumstances",
        "representatives",
        "the",
        "of",
        "and",
        "in",
        "to",
    ];
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("chapters")).expect("create the bench book folder");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64*: deterministic, so every run sets the same book.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let sentence = |words: usize, next: &mut dyn FnMut() -> u64| {
        let mut s = String::new();
        for k in 0..words {
            let w = WORDS[(next() % WORDS.len() as u64) as usize];
            if k == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s
    };
    let pages_per_chapter = 12;
    let chapters = pages.div_ceil(pages_per_chapter).max(1);
    let words_per_chapter = pages * WORDS_PER_PAGE / chapters;
    let mut list = Vec::new();
    for c in 1..=chapters {
        let mut body = format!(
            "+++\ntitle = \"Chapter {c}: {}\"\nkind = \"chapter\"\n+++\n\n",
            sentence(4, &mut next)
        );
        let mut words = 0;
        let mut para = 0;
        let mut notes = Vec::new();
        while words < words_per_chapter {
            para += 1;
            if para == 8 {
                body.push_str("## The first section\n\n");
            }
            if para == 20 {
                body.push_str("## The second section\n\n> ");
                body.push_str(&sentence(40, &mut next));
                body.push_str(".\n\n- ");
                body.push_str(&sentence(8, &mut next));
                body.push_str("\n- ");
                body.push_str(&sentence(10, &mut next));
                body.push_str("\n\n");
                words += 58;
            }
            for s in 0..6 {
                let n = 8 + (next() % 18) as usize;
                body.push_str(&sentence(n, &mut next));
                words += n;
                match (s, para % 10) {
                    (2, _) if para % 2 == 0 => {
                        let label = format!("n{para}");
                        body.push_str(&format!(".[^{label}] "));
                        notes.push((label, sentence(14 + (next() % 20) as usize, &mut next)));
                    }
                    (4, 5) => {
                        let label = format!("ed-{para}");
                        body.push_str(&format!(".[^{label}] "));
                        notes.push((label, sentence(12, &mut next)));
                    }
                    (3, 3) => body.push_str(
                        ", as <span lang=\"ru\">Сергей Дуванов</span> wrote [@bench-source]. ",
                    ),
                    _ => body.push_str(". "),
                }
            }
            body.push_str("\n\n");
        }
        for (label, text) in notes {
            body.push_str(&format!("[^{label}]: {text}.\n\n"));
        }
        let name = format!("chapters/ch{c:04}.md");
        std::fs::write(dir.join(&name), body).expect("write a chapter");
        list.push(format!("\"{name}\""));
    }
    let book = format!(
        r#"[book]
title = "A Long Generated Book"
subtitle = "About {pages} pages, for benchmarks"
language = "en"
identifier = "urn:uuid:00000000-0000-4000-8000-00000000be0c"
slug = "bench-{pages}"
publisher = "Recto Benchmarks"
rights = "Generated text"
description = "Generated prose with notes, to measure the build."
date = "2026-01-01"

[[book.contributors]]
name = "A. Generator"
role = "author"

[data]
sources = "sources.toml"

[contents]
chapters = [{}, "chronology.md"]
back = ["glossary.md", "sources.md"]
"#,
        list.join(", ")
    );
    let files = [
        ("book.toml", book),
        (
            "sources.toml",
            "[[source]]\nid = \"bench-source\"\ntitle = \"A source\"\npublisher = \"Press\"\ndate = \"2022-01-12\"\nurl = \"https://example.org/source\"\n".into(),
        ),
        (
            "chronology.md",
            "+++\ntitle = \"Chronology\"\nkind = \"chronology\"\ndata = \"timeline.toml\"\n+++\n".into(),
        ),
        (
            "timeline.toml",
            (1..=28)
                .map(|d| {
                    format!(
                        "[[event]]\ndate = \"2022-01-{d:02}\"\ntext = \"Something happened on this day.\"\nsources = [\"bench-source\"]\n\n"
                    )
                })
                .collect(),
        ),
        (
            "glossary.md",
            "+++\ntitle = \"Glossary\"\nkind = \"glossary\"\ndata = \"glossary.toml\"\n+++\n".into(),
        ),
        (
            "glossary.toml",
            ["akimat", "mazhilis", "tenge"]
                .iter()
                .map(|t| format!("[[term]]\nterm = \"{t}\"\ndefinition = \"A term.\"\n\n"))
                .collect(),
        ),
        (
            "sources.md",
            "+++\ntitle = \"Sources\"\nkind = \"bibliography\"\n+++\n".into(),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write the bench book");
    }
}
