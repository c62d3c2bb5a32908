//! The page engine on a manuscript built to stress it: every kind of
//! block, dense notes, a note too long for one page. Checks that notes
//! stay with their references, that a long note continues on the next
//! page, and that every body line sits on the baseline grid.

mod common;

mod pdf_support;

use pdf_support::{body_markers, build, foot_markers, root, Pdf};
use recto::config::PdfConfig;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::PathBuf;

const SENTENCE: &str = "The committee met again in the spring and heard the evidence of \
    witnesses from the western regions, who described the events of those days in detail.";

/// The `ok` fixture with a long introduction full of blocks and notes.
fn stress_manuscript() -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("recto-pdf-blocks-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    common::copy_dir(&root().join("tests/fixtures/check/ok"), &dir, &[]);
    let mut md = String::from("+++\ntitle = \"Introduction\"\nkind = \"introduction\"\n+++\n\n");
    let mut notes = String::new();
    let mut n = 0;
    for section in 0..6 {
        writeln!(md, "## Section {section}\n").unwrap();
        for p in 0..5 {
            let sentences = 2 + (p * 3 + section) % 6;
            for s in 0..sentences {
                md.push_str(SENTENCE);
                if (s + p) % 3 == 0 {
                    n += 1;
                    write!(md, "[^n{n}]").unwrap();
                    let len = 1 + (n * 7) % 5;
                    write!(notes, "[^n{n}]: Note {n}.").unwrap();
                    for _ in 0..len {
                        notes.push(' ');
                        notes.push_str(SENTENCE);
                    }
                    notes.push_str("\n\n");
                }
                md.push(' ');
            }
            md.push_str("\n\n");
        }
        match section {
            0 => md.push_str("> A quoted passage, set apart from the text, long enough to run over two or three lines of the narrower measure.\n\n"),
            1 => md.push_str("1. First item of a numbered list.\n2. Second item, which is long enough to wrap onto a second line of the list.\n3. Third item.\n\n"),
            2 => md.push_str("| Year | Event | Count |\n|---|---|--:|\n| 2011 | Strike in the oil town | 16 |\n| 2022 | Protests across the country | 238 |\n\n"),
            3 => md.push_str("---\n\n### A subsection\n\n"),
            4 => {
                // One note far longer than a page can hold beside text.
                n += 1;
                write!(md, "A paragraph with a Referenceword.[^n{n}] {SENTENCE}\n\n").unwrap();
                write!(notes, "[^n{n}]: Alphaword.").unwrap();
                for _ in 0..40 {
                    notes.push(' ');
                    notes.push_str(SENTENCE);
                }
                notes.push_str(" Omegaword.\n\n");
            }
            _ => md.push_str("![A dot](images/dot.png \"A figure caption\")\n\n```\nlet x = 1;\n```\n\n"),
        }
    }
    md.push_str("Text citing [@src-a] and [@src-b].\n\n");
    md.push_str(&notes);
    std::fs::write(dir.join("intro.md"), md).unwrap();
    dir
}

fn stress_pdf() -> (recto::model::Book, Pdf) {
    let dir = stress_manuscript();
    let book = match recto::driver::load(&dir) {
        Ok(loaded) => loaded.book,
        Err(d) => panic!("{:#?}", d.0),
    };
    let bytes = build(&book, PdfConfig::default());
    // Set RECTO_PDF_OUT=file.pdf to look at the pages.
    if let Ok(out) = std::env::var("RECTO_PDF_OUT") {
        std::fs::write(out, &bytes).unwrap();
    }
    let pdf = Pdf::parse(&bytes);
    let _ = std::fs::remove_dir_all(&dir);
    (book, pdf)
}

#[test]
fn stress_book_keeps_notes_with_references_and_lines_on_the_grid() {
    let (book, pdf) = stress_pdf();
    let cfg = PdfConfig::default();
    let mut refs = 0;
    for (i, page) in pdf.pages.iter().enumerate() {
        let r: BTreeSet<String> = body_markers(&page.runs).into_iter().collect();
        let f: BTreeSet<String> = foot_markers(&page.runs, cfg.note_size.0)
            .into_iter()
            .collect();
        refs += r.len();
        assert_eq!(r, f, "page {}", i + 1);
    }
    let notes: usize = book.chapters.iter().map(|c| c.notes.len()).sum();
    assert_eq!(refs, notes);

    // The long note starts under its reference and ends on a later page.
    let page_of = |needle: &str| {
        pdf.pages
            .iter()
            .position(|p| p.runs.iter().any(|r| r.text.contains(needle)))
            .unwrap_or_else(|| panic!("{needle} not found"))
    };
    let (start, end) = (page_of("Alphaword"), page_of("Omegaword"));
    assert!(end > start, "the long note continues ({start} → {end})");
    let reference = page_of("Referenceword");
    assert_eq!(reference, start);

    // Every body-size line sits on the grid.
    let top = cfg.margin_top.0 + cfg.body_size.0;
    let leading = cfg.leading.0;
    let mut on_grid = 0;
    for page in &pdf.pages {
        let h = page.media[3];
        for r in page
            .runs
            .iter()
            .filter(|r| (r.size - cfg.body_size.0).abs() < 0.01)
        {
            let k = (h - r.y - top) / leading;
            assert!(
                (k - k.round()).abs() < 0.01,
                "{:?} is off the grid ({k})",
                r.text
            );
            on_grid += 1;
        }
    }
    assert!(on_grid > 300);
}

#[test]
fn tables_lists_quotes_and_code_are_set() {
    let (_, pdf) = stress_pdf();
    let all: String = pdf
        .pages
        .iter()
        .flat_map(|p| p.runs.iter().map(|r| r.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "Protests",
        "238",
        "Third",
        "quoted",
        "let",
        "subsection",
        "1.",
    ] {
        assert!(all.contains(needle), "{needle} missing");
    }
}

#[test]
fn headings_keep_two_lines_of_text_below_them() {
    let (_, pdf) = stress_pdf();
    let cfg = PdfConfig::default();
    let mut headings = 0;
    for (i, page) in pdf.pages.iter().enumerate() {
        for h in page
            .runs
            .iter()
            .filter(|r| (r.size - cfg.headings.section_size.0).abs() < 0.01)
        {
            let mut below: Vec<i32> = page
                .runs
                .iter()
                .filter(|r| (r.size - cfg.body_size.0).abs() < 0.01 && r.y < h.y)
                .map(|r| r.y.round() as i32)
                .collect();
            below.sort_unstable();
            below.dedup();
            assert!(
                below.len() >= 2,
                "page {}: heading {:?} has {} lines below it",
                i + 1,
                h.text,
                below.len()
            );
            headings += 1;
        }
    }
    assert!(headings >= 6);
}
