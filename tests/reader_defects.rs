//! Markdown written elsewhere: one regression test per reader defect. Each
//! builds a one-chapter book and asserts that the text is kept in the EPUB
//! and in the PDF's extracted text, that EPUBCheck reports nothing, that no
//! word lies outside the page, and where a diagnostic is due, its line and
//! column.

#[path = "epub/epubcheck.rs"]
mod epubcheck;

use recto::build::{render_all, renderers, Format};
use recto::diag::Diagnostics;
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;

const BOOK_TOML: &str = r#"[book]
title = "Defects"
language = "en"
identifier = "urn:uuid:00000000-0000-4000-8000-000000000019"
slug = "defects"
publisher = "Test Press"
rights = "Public domain"
description = "One chapter of Markdown written elsewhere."
date = "2026-01-01"

[[book.contributors]]
name = "A. Writer"
role = "author"

[contents]
front = []
chapters = ["ch.md"]
back = []

[cover]
spine-text = false
"#;

/// Writes a one-chapter manuscript with `body` under a front matter.
fn manuscript(tag: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("recto-defects-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("book.toml"), BOOK_TOML).unwrap();
    let chapter = format!("+++\ntitle = \"Chapter\"\n+++\n\n{body}");
    std::fs::write(dir.join("ch.md"), chapter).unwrap();
    dir
}

/// The front matter above takes four lines: body line 1 is file line 5.
const BODY_LINE: u32 = 4;

/// Both outputs' text, after EPUBCheck and the on-page check.
struct Built {
    /// The EPUB's XHTML files, as written.
    xhtml: String,
    /// Their text, tags dropped and entities decoded.
    epub: String,
    /// The PDF's extracted text.
    pdf: String,
    /// The PDF as written.
    pdf_bytes: Vec<u8>,
    warnings: Diagnostics,
}

fn build(tag: &str, body: &str) -> Built {
    build_dir(tag, manuscript(tag, body))
}

/// Builds the manuscript in `dir` (then removed) as [`build`] does.
fn build_dir(tag: &str, dir: PathBuf) -> Built {
    let run = match recto::driver::run(&dir) {
        Ok(x) => x,
        Err(d) => panic!("{tag}: the book does not load: {:#?}", d.0),
    };
    let mut warnings = run.diags.clone();
    let outputs =
        render_all(&run.context(), &renderers(Format::All), &mut warnings).expect("renders");
    let epub = outputs.iter().find(|o| o.name.ends_with(".epub")).unwrap();
    let pdf = outputs
        .iter()
        .find(|o| o.name.ends_with(".pdf") && !o.name.contains("cover"))
        .unwrap();
    epubcheck::assert_clean(&epub.bytes, &format!("{tag}.epub"));
    let pdf_path = dir.join("book.pdf");
    std::fs::write(&pdf_path, &pdf.bytes).unwrap();
    let text = Command::new("pdftotext")
        .arg(&pdf_path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(text.status.success());
    words_on_page(&pdf_path, tag);
    let _ = std::fs::remove_dir_all(&dir);
    let xhtml = epub_xhtml(&epub.bytes);
    Built {
        epub: markup_text(&xhtml),
        xhtml,
        pdf: String::from_utf8(text.stdout).unwrap(),
        pdf_bytes: pdf.bytes.clone(),
        warnings,
    }
}

/// Fails unless every word `pdftotext -bbox` finds lies on its page.
fn words_on_page(pdf: &std::path::Path, tag: &str) {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext -bbox runs");
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |line: &str, name: &str| -> Option<f32> {
        let i = line.find(&format!("{name}=\""))? + name.len() + 2;
        line[i..].split('"').next()?.parse().ok()
    };
    let mut width = 0.0;
    for line in html.lines() {
        if line.contains("<page ") {
            width = attr(line, "width").unwrap();
        }
        if line.contains("<word ") {
            let (x0, x1) = (attr(line, "xMin").unwrap(), attr(line, "xMax").unwrap());
            assert!(x0 >= 0.0 && x1 <= width, "{tag}: word off the page: {line}");
        }
    }
}

/// The EPUB's XHTML files, one after another.
fn epub_xhtml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") {
            f.read_to_string(&mut all).unwrap();
        }
    }
    all
}

/// The EPUB's XHTML text, tags dropped and entities decoded.
fn epub_text(bytes: &[u8]) -> String {
    markup_text(&epub_xhtml(bytes))
}

/// The text of XHTML, tags dropped and entities decoded.
fn markup_text(xhtml: &str) -> String {
    let mut all = String::new();
    let mut in_tag = false;
    for c in xhtml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                all.push(' ');
            }
            _ if !in_tag => all.push(c),
            _ => {}
        }
    }
    all.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_kept(b: &Built, text: &str) {
    assert!(squash(&b.epub).contains(text), "EPUB lost {text:?}");
    assert!(
        squash(&b.pdf).contains(text),
        "PDF lost {text:?}:\n{}",
        b.pdf
    );
}

/// Loading must fail; returns (code, line, column) of each diagnostic.
fn rejected(tag: &str, body: &str) -> Vec<(String, u32, u32)> {
    refused(tag, manuscript(tag, body))
        .iter()
        .map(|d| (d.code.to_string(), d.line, d.column))
        .collect()
}

/// Loading the manuscript in `dir` (then removed) must fail; its
/// diagnostics.
fn refused(tag: &str, dir: PathBuf) -> Vec<recto::diag::Diagnostic> {
    let d = match recto::driver::load(&dir) {
        Ok(_) => panic!("{tag}: the book loads"),
        Err(d) => d,
    };
    let _ = std::fs::remove_dir_all(&dir);
    d.0
}

#[test]
fn text_after_an_html_comment_is_kept() {
    let b = build(
        "comment",
        "<!-- editor: check this -->Visible sentence after the comment.\nNext line.\n\n\
         Inline <!-- a note --> kept.\n\n\
         Para with <!-- multi\nline comment --> after it.\n\n\
         <!-- a block\ncomment -->\n\nAfter the block.\n\n\
         > <!-- q -->Quoted *after* it.\n",
    );
    for t in [
        "Visible sentence after the comment.",
        "Next line.",
        "Inline kept.",
        "Para with after it.",
        "After the block.",
        "Quoted after it.",
    ] {
        assert_kept(&b, t);
    }
    for gone in ["editor: check", "a note", "multi", "a block", "q -->"] {
        assert!(!b.epub.contains(gone) && !b.pdf.contains(gone), "{gone}");
    }
    assert!(b.warnings.0.is_empty(), "{:#?}", b.warnings.0);
}

#[test]
fn comments_in_lists_and_pairs_keep_their_text() {
    let b = build(
        "comment-more",
        "- <!-- a -->Item text <!-- b --> goes on.\n\n\
         One <!-- x -->two<!-- y --> three.\n",
    );
    assert_kept(&b, "Item text goes on.");
    assert_kept(&b, "One two three.");
    assert!(b.warnings.0.is_empty(), "{:#?}", b.warnings.0);
}

#[test]
fn an_unclosed_inline_comment_is_an_error_at_its_start() {
    let d = rejected("comment-open-inline", "Text and <!-- never closed.\n");
    assert_eq!(
        d,
        vec![("html-comment-unclosed".to_string(), BODY_LINE + 1, 10)]
    );
    // Written as text on purpose, it is kept.
    let b = build("comment-escaped", "Shown \\<!-- as text.\n");
    // (Polish may set `--` as a dash.)
    assert_kept(&b, "Shown <!");
    assert_kept(&b, "as text.");
    assert!(b.warnings.0.is_empty(), "{:#?}", b.warnings.0);
}

#[test]
fn an_unclosed_html_comment_is_an_error_at_its_start() {
    let d = rejected("comment-open", "Before.\n\n<!-- never closed\n\nhidden\n");
    assert_eq!(
        d,
        vec![("html-comment-unclosed".to_string(), BODY_LINE + 3, 1)]
    );
}

#[test]
fn an_email_autolink_is_a_mailto_link() {
    let b = build("email", "Write to <nobody@example.com> today.\n");
    assert_kept(&b, "Write to nobody@example.com today.");
    assert!(b.warnings.0.is_empty(), "{:#?}", b.warnings.0);
    assert!(
        b.xhtml.contains("href=\"mailto:nobody@example.com\""),
        "no mailto: link in the EPUB"
    );
}

#[test]
fn an_empty_link_is_a_warning_and_its_text_stays() {
    let b = build("empty-link", "An [empty link]() here.\n");
    assert_kept(&b, "An empty link here.");
    let w: Vec<_> = b
        .warnings
        .0
        .iter()
        .map(|d| (d.code.to_string(), d.line, d.column))
        .collect();
    assert_eq!(w, vec![("link-empty".to_string(), BODY_LINE + 1, 4)]);
}

/// Writes a one-chapter manuscript whose chapter file is `chapter` as is.
fn raw_manuscript(tag: &str, chapter: &str) -> PathBuf {
    let dir = manuscript(tag, "");
    std::fs::write(dir.join("ch.md"), chapter).unwrap();
    dir
}

#[test]
fn yaml_front_matter_is_read_with_the_toml_keys() {
    let dir = raw_manuscript(
        "yaml",
        "---\ntitle: \"Yaml: a title\"\nsubtitle: Its subtitle\nauthors:\n  - Ann Writer\nlanguage: en\n---\n\nBody text kept.\n",
    );
    let run = recto::driver::run(&dir).expect("loads");
    let mut w = run.diags.clone();
    assert!(w.0.is_empty(), "{:#?}", w.0);
    let out = render_all(&run.context(), &renderers(Format::All), &mut w).unwrap();
    let epub = out.iter().find(|o| o.name.ends_with(".epub")).unwrap();
    epubcheck::assert_clean(&epub.bytes, "yaml.epub");
    let text = squash(&epub_text(&epub.bytes));
    for t in [
        "Yaml: a title",
        "Its subtitle",
        "Ann Writer",
        "Body text kept.",
    ] {
        assert!(text.contains(t), "EPUB lost {t:?}");
    }
    for gone in ["title:", "authors:", "---"] {
        assert!(!text.contains(gone), "front matter printed: {gone}");
    }
    let pdf = out
        .iter()
        .find(|o| o.name.ends_with(".pdf") && !o.name.contains("cover"))
        .unwrap();
    let path = dir.join("yaml.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let t = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let t = squash(&String::from_utf8(t.stdout).unwrap());
    assert!(
        t.contains("Body text kept.") && t.contains("Yaml: a title"),
        "{t}"
    );
    assert!(!t.contains("authors:"), "{t}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_yaml_front_matter_is_an_error_at_its_line() {
    let load = |tag: &str, text: &str| {
        let dir = raw_manuscript(tag, text);
        let r = recto::driver::load(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        match r {
            Ok(_) => panic!("{tag}: loads"),
            Err(d) => {
                d.0.iter()
                    .map(|d| (d.code.to_string(), d.line))
                    .collect::<Vec<_>>()
            }
        }
    };
    assert_eq!(
        load("yaml-key", "---\ntitle: T\ntitel: U\n---\n\nBody.\n"),
        vec![("unknown-key".to_string(), 3)]
    );
    assert_eq!(
        load("yaml-open", "---\ntitle: T\n\nBody.\n"),
        vec![("front-matter-unclosed".to_string(), 1)]
    );
    assert_eq!(
        load("yaml-syntax", "---\ntitle: T\nauthors: [a\n---\n\nBody.\n")[0].0,
        "yaml-front-matter"
    );
    assert_eq!(
        load(
            "yaml-date",
            "---\ntitle: T\ndate: 2022-13-45\n---\n\nBody.\n"
        ),
        vec![("date-invalid".to_string(), 3)]
    );
}

#[test]
fn a_pandoc_title_line_is_a_warning() {
    let b = build("pandoc", "% A Pandoc title\n% An Author\n\nBody.\n");
    assert_kept(&b, "Body.");
    let w: Vec<_> = b
        .warnings
        .0
        .iter()
        .map(|d| (d.code.to_string(), d.line))
        .collect();
    assert_eq!(w, vec![("pandoc-title".to_string(), BODY_LINE + 1)]);
}

#[test]
fn image_paths_resolve_from_the_chapter_folder() {
    let png = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input/_base/images/dot.png"),
    )
    .unwrap();
    let setup = |tag: &str, body: &str| {
        let dir = manuscript(tag, "");
        std::fs::remove_file(dir.join("ch.md")).unwrap();
        let toml = BOOK_TOML.replace("chapters = [\"ch.md\"]", "chapters = [\"part/ch.md\"]");
        std::fs::write(dir.join("book.toml"), toml).unwrap();
        std::fs::create_dir_all(dir.join("part/img")).unwrap();
        std::fs::create_dir_all(dir.join("shared")).unwrap();
        std::fs::write(dir.join("part/img/p.png"), &png).unwrap();
        std::fs::write(dir.join("shared/s.png"), &png).unwrap();
        std::fs::write(
            dir.join("part/ch.md"),
            format!("+++\ntitle = \"Chapter\"\n+++\n\n{body}"),
        )
        .unwrap();
        dir
    };
    let dir = setup(
        "image-rel",
        "Before.\n\n![A local picture](img/p.png)\n\n![A shared picture](../shared/s.png)\n\nAfter.\n",
    );
    let run = recto::driver::run(&dir).expect("loads");
    let mut w = run.diags.clone();
    assert!(w.0.is_empty(), "{:#?}", w.0);
    let out = render_all(&run.context(), &renderers(Format::All), &mut w).unwrap();
    let epub = out.iter().find(|o| o.name.ends_with(".epub")).unwrap();
    epubcheck::assert_clean(&epub.bytes, "image-rel.epub");
    let text = squash(&epub_text(&epub.bytes));
    assert!(
        text.contains("Before.") && text.contains("After."),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);

    // Missing: the error names the path tried, from the chapter's folder.
    let dir = setup("image-missing", "![A picture](img/none.png)\n");
    let d = match recto::driver::load(&dir) {
        Ok(_) => panic!("a missing image is an error"),
        Err(d) => d,
    };
    let _ = std::fs::remove_dir_all(&dir);
    let d = &d.0[0];
    assert_eq!((d.code, d.line), ("file-missing", BODY_LINE + 1), "{d:#?}");
    assert!(d.message.contains("part/img/none.png"), "{}", d.message);
    assert!(d.file.as_ref().unwrap().ends_with("part/ch.md"), "{d:#?}");

    // Leaving the manuscript is still refused.
    let dir = setup("image-outside", "![A picture](../../x.png)\n");
    let d = match recto::driver::load(&dir) {
        Ok(_) => panic!("outside is an error"),
        Err(d) => d,
    };
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(d.0[0].code, "path-outside", "{:#?}", d.0);
}

#[test]
fn urls_are_percent_encoded_and_shown_as_written() {
    let body = "A <https://example.com/a\\b> and <https://example.com/?q=[1]>.\n\n\
                [s](<https://example.com/a b>) and [q](https://example.com/a|b\"c) and \
                [Straße](https://de.wikipedia.org/wiki/Straße).\n";
    let b = build("urls", body);
    assert!(b.warnings.0.is_empty(), "{:#?}", b.warnings.0);
    assert_kept(&b, "https://example.com/?q=[1]");
    assert_kept(&b, "Straße");
    for href in [
        "https://example.com/a/b",
        "https://example.com/?q=%5B1%5D",
        "https://example.com/a%20b",
        "https://example.com/a%7Cb%22c",
        "https://de.wikipedia.org/wiki/Stra%C3%9Fe",
    ] {
        assert!(
            b.xhtml.contains(&format!("href=\"{href}\"")),
            "no href {href}"
        );
    }
    let raw = String::from_utf8_lossy(&b.pdf_bytes);
    for uri in raw.split("/URI").skip(1) {
        let s = uri.split(')').next().unwrap();
        assert!(s.is_ascii(), "non-ASCII /URI: {s}");
    }
    assert!(raw.contains("Stra%C3%9Fe"), "no encoded /URI");
}

#[test]
fn an_image_problem_and_its_placement_are_reported_in_one_run() {
    let sorted = |mut d: Vec<(String, u32, u32)>| {
        d.sort();
        d
    };
    // The image is missing and shares its paragraph with text: both at once.
    let d = rejected("image-wave", "Text before ![A picture](none.png) after.\n");
    assert_eq!(
        sorted(d),
        vec![
            ("file-missing".to_string(), BODY_LINE + 1, 13),
            ("image-inline".to_string(), BODY_LINE + 1, 1),
        ]
    );
    // Inside emphasis too.
    let d = rejected("image-wave-emph", "*![A picture](none.png)*\n");
    assert_eq!(
        sorted(d),
        vec![
            ("file-missing".to_string(), BODY_LINE + 1, 2),
            ("image-inline".to_string(), BODY_LINE + 1, 2),
        ]
    );
    // Once fixed, the picture stands alone and the text around it is kept.
    let png = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input/_base/images/dot.png"),
    )
    .unwrap();
    let dir = manuscript(
        "image-wave-fixed",
        "Text before it.\n\n![A picture](dot.png)\n\nAfter it.\n",
    );
    std::fs::write(dir.join("dot.png"), png).unwrap();
    let b = build_dir("image-wave-fixed", dir);
    assert!(b.warnings.0.is_empty(), "{:#?}", b.warnings.0);
    assert_kept(&b, "Text before it.");
    assert_kept(&b, "After it.");
    assert!(
        b.xhtml.contains("alt=\"A picture\""),
        "no image in the EPUB"
    );
}

/// The `href`s of the EPUB's XHTML.
fn hrefs(xhtml: &str) -> Vec<&str> {
    xhtml
        .split("<a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

#[test]
fn a_heading_is_reached_by_its_own_slug_in_its_chapter() {
    let b = build(
        "own-slug",
        "See [the fix](#troubleshooting) and [the id](#ch-troubleshooting) below.\n\n\
         ## Troubleshooting\n\nWhat to do.\n",
    );
    assert!(b.warnings.0.is_empty(), "{:#?}", b.warnings.0);
    assert_kept(&b, "See the fix and the id below.");
    assert_kept(&b, "What to do.");
    // Both links, in the heading's own document, point at its id (the nav
    // and the contents page link to it from other documents).
    let same_doc = hrefs(&b.xhtml)
        .into_iter()
        .filter(|h| *h == "#ch-troubleshooting")
        .count();
    assert_eq!(same_doc, 2, "{:?}", hrefs(&b.xhtml));
    assert!(!b.xhtml.contains("href=\"#troubleshooting\""));
    // The PDF links to the heading's place: two more internal links than
    // the same text without them, and no /URI.
    let plain = build(
        "own-slug-plain",
        "See the fix and the id below.\n\n## Troubleshooting\n\nWhat to do.\n",
    );
    assert_eq!(dests(&b) - dests(&plain), 2, "no internal PDF links");
    assert!(!String::from_utf8_lossy(&b.pdf_bytes).contains("/URI"));
}

/// The number of internal links (`/Dest`) in the PDF.
fn dests(b: &Built) -> usize {
    String::from_utf8_lossy(&b.pdf_bytes)
        .matches("/Dest")
        .count()
}

#[test]
fn an_unknown_fragment_names_the_real_id() {
    let d = refused(
        "slug-typo",
        manuscript(
            "slug-typo",
            "See [the fix](#troubleshootng).\n\n## Troubleshooting\n\nText.\n",
        ),
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0].code, d[0].line, d[0].column),
        ("link-target-unknown", BODY_LINE + 1, 5)
    );
    let hint = d[0].hint.as_deref().unwrap_or("");
    assert!(hint.contains("#ch-troubleshooting"), "{hint}");

    // A bare slug of another chapter's heading: the hint names its id.
    let d = refused(
        "slug-elsewhere",
        two_chapters(
            "slug-elsewhere",
            "See [setup](#setup).\n",
            "## Setup\n\nText.\n",
        ),
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0].code, d[0].line, d[0].column),
        ("link-target-unknown", BODY_LINE + 1, 5)
    );
    let hint = d[0].hint.as_deref().unwrap_or("");
    assert!(
        hint.contains("#chapter-02-other-setup") && hint.contains("part/02-other.md"),
        "{hint}"
    );
}

/// A two-chapter manuscript: `ch.md` with `body` and `part/02-other.md`
/// with `other`.
fn two_chapters(tag: &str, body: &str, other: &str) -> PathBuf {
    let dir = manuscript(tag, body);
    let toml = BOOK_TOML.replace(
        "chapters = [\"ch.md\"]",
        "chapters = [\"ch.md\", \"part/02-other.md\"]",
    );
    std::fs::write(dir.join("book.toml"), toml).unwrap();
    std::fs::create_dir_all(dir.join("part")).unwrap();
    std::fs::write(
        dir.join("part/02-other.md"),
        format!("+++\ntitle = \"Other\"\n+++\n\n{other}"),
    )
    .unwrap();
    dir
}

#[test]
fn a_link_to_another_chapter_file_resolves() {
    let dir = two_chapters(
        "md-link",
        "Read [the other chapter](part/02-other.md) and [its setup](part/02-other.md#setup) \
         first.\n\n## First steps\n\nFirst text.\n",
        "Back to [the first](../ch.md#first-steps) again.\n\n## Setup\n\nSet up text.\n",
    );
    let b = build_dir("md-link", dir);
    assert!(b.warnings.0.is_empty(), "{:#?}", b.warnings.0);
    assert_kept(&b, "Read the other chapter and its setup first.");
    assert_kept(&b, "Back to the first again.");
    let hrefs = hrefs(&b.xhtml);
    assert!(!hrefs.iter().any(|h| h.contains(".md")), "{hrefs:?}");
    // Ids: the chapter's file stem (a digit first gets `chapter-`) and the
    // heading's slug; each in the other chapter's document.
    for want in [
        "#chapter-02-other-setup",
        "#ch-first-steps",
        "#chapter-02-other",
    ] {
        assert!(
            hrefs
                .iter()
                .any(|h| h.ends_with(want) && h.contains(".xhtml#")),
            "no {want}: {hrefs:?}"
        );
    }
    let plain = build_dir(
        "md-link-plain",
        two_chapters(
            "md-link-plain",
            "Read the other chapter and its setup first.\n\n## First steps\n\nFirst text.\n",
            "Back to the first again.\n\n## Setup\n\nSet up text.\n",
        ),
    );
    assert_eq!(dests(&b) - dests(&plain), 3, "no internal PDF links");
    assert!(!String::from_utf8_lossy(&b.pdf_bytes).contains("/URI"));

    // A file that is not a chapter: an error at the link, naming it.
    let d = refused(
        "md-link-missing",
        two_chapters("md-link-missing", "See [x](part/03-none.md).\n", "Text.\n"),
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0].code, d[0].line, d[0].column),
        ("link-target-unknown", BODY_LINE + 1, 5)
    );
    assert!(d[0].message.contains("part/03-none.md"), "{}", d[0].message);
}
