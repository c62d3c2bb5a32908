//! Fidelity on the print PDF: `pdftotext` gives back every sentence of both
//! seed texts, in order, from the body text of the article's pages.
//!
//! Words are read with `pdftotext -bbox` and kept when their height is the
//! body text's (the most common height), which leaves out running heads,
//! folios, headings, note markers and the notes themselves. A word the
//! engine hyphenated at a line end is joined again; only quotes, dashes and
//! whitespace are normalised.

mod pdf_support;
mod seeds;

use pdf_support::{build, bundled, run_tool, Pdf};
use recto::config::PdfConfig;
use recto::model::{Book, ChapterKind};
use seeds::{
    assert_in_order, correspondent_line, normalise, CORRESPONDENT_METADATA, DUVANOV_METADATA,
};
use std::collections::HashMap;

/// One word of `pdftotext -bbox`: page index, text and box.
struct Word {
    page: usize,
    text: String,
    x0: f32,
    x1: f32,
    y: f32,
    height: f32,
}

fn attr(line: &str, name: &str) -> Option<f32> {
    let start = line.find(&format!("{name}=\""))? + name.len() + 2;
    let end = start + line[start..].find('"')?;
    line[start..end].parse().ok()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every word of the PDF with its page and box.
fn words(pdf: &[u8]) -> Vec<Word> {
    let path = std::env::temp_dir().join(format!("recto-fidelity-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).expect("write the PDF");
    let out = run_tool("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8(out.stdout).expect("UTF-8 from pdftotext");
    let mut page = 0;
    let mut words = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
        } else if line.starts_with("<word ") {
            let (Some(x0), Some(x1), Some(y0), Some(y1)) = (
                attr(line, "xMin"),
                attr(line, "xMax"),
                attr(line, "yMin"),
                attr(line, "yMax"),
            ) else {
                continue;
            };
            let start = line.find('>').unwrap() + 1;
            let end = line.rfind("</word>").unwrap();
            words.push(Word {
                page: page - 1,
                text: unescape(&line[start..end]),
                x0,
                x1,
                y: y0,
                height: y1 - y0,
            });
        }
    }
    words
}

/// The body text of pages `first..end`, as a reader would copy it.
///
/// Words that touch (a note marker between a word and its comma) are
/// glued into one, and only their body-size parts are kept.
fn body_text(words: &[Word], first: usize, end: usize) -> String {
    let mut heights: HashMap<i32, usize> = HashMap::new();
    for w in words {
        *heights.entry((w.height * 10.0).round() as i32).or_default() += 1;
    }
    let body_height = *heights.iter().max_by_key(|(_, n)| **n).unwrap().0 as f32 / 10.0;
    let is_body = |w: &Word| (w.height - body_height).abs() < 0.3;
    // (page, line top, text) of each glued group that has body text.
    let mut groups: Vec<(usize, f32, String)> = Vec::new();
    let mut prev: Option<&Word> = None;
    let mut open = false;
    for w in words.iter().filter(|w| (first..end).contains(&w.page)) {
        let touches = prev.is_some_and(|p| {
            p.page == w.page && (w.x0 - p.x1).abs() < 0.8 && (w.y - p.y).abs() < body_height
        });
        if !touches {
            open = false;
        }
        if is_body(w) {
            match groups.last_mut() {
                Some(g) if open => g.2.push_str(&w.text),
                _ => groups.push((w.page, w.y, w.text.clone())),
            }
            open = true;
        }
        prev = Some(w);
    }
    let mut out = String::new();
    for (i, (page, y, text)) in groups.iter().enumerate() {
        let next_line = groups
            .get(i + 1)
            .is_some_and(|n| n.0 != *page || (n.1 - y).abs() > 1.0);
        let broken = next_line
            && text.ends_with('-')
            && text.chars().rev().nth(1).is_some_and(char::is_alphabetic);
        if broken {
            out.push_str(&text[..text.len() - 1]);
        } else {
            out.push_str(text);
            out.push(' ');
        }
    }
    out
}

/// Pages of the article by `author`: from its bookmark to the next bookmark
/// at the same or a higher level.
fn article_pages(book: &Book, pdf: &Pdf, author: &str) -> (usize, usize) {
    let chapter = book
        .chapters
        .iter()
        .find(|c| c.kind == ChapterKind::Article && c.authors.iter().any(|a| a == author))
        .expect("the article");
    let outline = pdf.outline();
    let at = outline
        .iter()
        .position(|(_, title, _)| title.starts_with(&chapter.toc_title))
        .expect("a bookmark for the article");
    let (depth, _, page) = &outline[at];
    let first = page.expect("the bookmark has a page");
    let end = outline[at + 1..]
        .iter()
        .find(|(d, _, _)| d <= depth)
        .and_then(|(_, _, p)| *p)
        .unwrap_or(pdf.pages.len());
    (first, end)
}

#[test]
fn seed_texts_survive_into_the_pdf() {
    let book = bundled();
    let bytes = build(&book, PdfConfig::default());
    let pdf = Pdf::parse(&bytes);
    let words = words(&bytes);

    let (first, end) = article_pages(&book, &pdf, "Sergey Duvanov");
    // The headline is set as the chapter title rather than body text.
    let headline = ["In Kazakhstan, the winners will punish the losers"];
    let skip: Vec<&str> = DUVANOV_METADATA.iter().chain(&headline).copied().collect();
    assert_in_order(
        "004_0000bb1b301e5826.txt",
        &body_text(&words, first, end),
        &skip,
        &|l| l.to_string(),
        "PDF",
    );

    let (first, end) = article_pages(&book, &pdf, "Correspondent from Kazakhstan");
    assert_in_order(
        "000_3ca67eb90005b552.txt",
        &body_text(&words, first, end),
        CORRESPONDENT_METADATA,
        &correspondent_line,
        "PDF",
    );

    // The headline and the correspondent's note address are in the PDF too,
    // as a title and a note.
    let all: String = normalise(
        &words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    for phrase in [
        "In Kazakhstan, the winners will punish the losers, and nothing will change",
        "lis-isl.org/en/2022/01/20/solidaridad-con-el-pueblo-kazajo",
    ] {
        assert!(all.contains(phrase), "{phrase:?} is not in the PDF");
    }
}
