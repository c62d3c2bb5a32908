//! The bundled book as an EPUB: EPUBCheck 0/0/0, notes and navigation
//! resolve, languages and accessibility metadata are present, the seed
//! texts survive into the XHTML, two builds are identical, and hostile
//! manuscripts never become a book.

#[path = "epub/checks.rs"]
mod checks;
#[path = "epub/epubcheck.rs"]
mod epubcheck;
#[path = "epub/inspect.rs"]
mod inspect;
mod seeds;

use inspect::{parse, Epub, OPS};
use recto::diag::Diagnostics;
use recto::driver::Run;
use recto::epub::EpubRenderer;
use recto::render::Renderer;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> Run {
    match recto::driver::run(&root().join("manuscript")) {
        Ok(run) => run,
        Err(d) => panic!("the bundled manuscript does not load: {:#?}", d.0),
    }
}

fn build(run: &Run) -> Vec<u8> {
    let mut diags = Diagnostics::default();
    let out = EpubRenderer
        .render(&run.context(), &mut diags)
        .expect("EPUB renders");
    assert!(diags.is_empty(), "EPUB writer warnings: {:#?}", diags.0);
    out.into_iter().next().expect("one output").bytes
}

#[test]
fn bundled_book_passes_epubcheck_with_no_message() {
    let bytes = build(&bundled());
    epubcheck::assert_clean(&bytes, "bundled.epub");
}

#[test]
fn bundled_book_structure() {
    let run = bundled();
    let book = &run.book;
    let e = Epub::open(&build(&run));
    let notes = checks::notes_resolve_both_ways(&e, book);
    assert!(notes > 30, "{notes} notes");
    let entries = checks::navigation_resolves(&e);
    assert!(entries > 12, "{entries} toc entries");
    checks::headings_without_gaps(&e);
    checks::accessibility_metadata(&e);
    checks::no_active_content(&e);
    let foreign = checks::languages_marked(&e);
    assert!(
        foreign
            .iter()
            .any(|(l, t)| l == "ru" && t.contains("Дуванов")),
        "the Russian byline is tagged: {foreign:?}"
    );
    for name in e.xhtml_files() {
        let doc = parse(e.text(name), name);
        assert_eq!(doc.root_element().attribute("lang"), Some("en"), "{name}");
    }
}

#[test]
fn editors_notes_are_set_apart_from_authors_notes() {
    let run = bundled();
    let book = &run.book;
    let e = Epub::open(&build(&run));
    let mut editor = 0;
    for name in e.xhtml_files() {
        let doc = parse(e.text(name), name);
        for aside in doc
            .descendants()
            .filter(|n| n.attribute((OPS, "type")) == Some("footnote"))
        {
            let class = aside.attribute("class").unwrap_or("");
            let id = aside.attribute("id").unwrap_or("");
            let note = book
                .chapters
                .iter()
                .flat_map(|c| &c.notes)
                .find(|n| n.id == id)
                .expect("note in the model");
            let is_editor = note.kind == recto::model::NoteKind::Editor;
            assert_eq!(class.contains("note-editor"), is_editor, "{name} #{id}");
            let label = aside
                .descendants()
                .any(|n| n.attribute("class") == Some("note-label"));
            assert_eq!(label, is_editor, "{name} #{id} label");
            editor += usize::from(is_editor);
        }
    }
    assert!(editor > 10, "{editor} editor's notes");
}

#[test]
fn two_builds_of_the_bundled_book_are_byte_identical() {
    assert_eq!(build(&bundled()), build(&bundled()));
}

/// Quotes to `"`/`'`, dashes to `-`, whitespace runs to one space (as in
/// the manuscript fidelity test).
/// The text a reader sees in the body of a chapter document: every text
/// node outside the notes section and the note references, with block
/// boundaries as newlines.
fn body_text(xhtml: &str) -> String {
    fn walk(n: roxmltree::Node, out: &mut String) {
        if n.is_text() {
            out.push_str(n.text().unwrap_or(""));
            return;
        }
        if n.attribute("class") == Some("notes")
            || n.attribute((OPS, "type")) == Some("noteref")
            || n.tag_name().name() == "head"
        {
            return;
        }
        for c in n.children() {
            walk(c, out);
        }
        if matches!(
            n.tag_name().name(),
            "p" | "li" | "h1" | "h2" | "h3" | "blockquote"
        ) {
            out.push('\n');
        }
    }
    let doc = parse(xhtml, "chapter");
    let mut out = String::new();
    walk(doc.root_element(), &mut out);
    out
}

#[test]
fn seed_texts_survive_into_the_epub() {
    let run = bundled();
    let book = &run.book;
    let e = Epub::open(&build(&run));
    let file_of = |author: &str| {
        let c = book
            .chapters
            .iter()
            .find(|c| {
                c.authors.iter().any(|a| a == author)
                    && c.kind == recto::model::ChapterKind::Article
            })
            .expect("article");
        e.files
            .keys()
            .find(|k| k.ends_with(&format!("/{}.xhtml", c.id)))
            .expect("article document")
            .clone()
    };
    let duvanov = body_text(e.text(&file_of("Sergey Duvanov")));
    seeds::assert_in_order(
        "004_0000bb1b301e5826.txt",
        &duvanov,
        seeds::DUVANOV_METADATA,
        &|l| l.to_string(),
        "EPUB",
    );
    let correspondent = body_text(e.text(&file_of("Correspondent from Kazakhstan")));
    seeds::assert_in_order(
        "000_3ca67eb90005b552.txt",
        &correspondent,
        seeds::CORRESPONDENT_METADATA,
        &seeds::correspondent_line,
        "EPUB",
    );
}

/// `recto build --format epub` on a hostile fixture manuscript.
fn build_fixture(name: &str) -> (i32, PathBuf) {
    let out =
        std::env::temp_dir().join(format!("recto-epub-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["build", "--format", "epub", "--manuscript"])
        .arg(root().join("tests/fixtures/check").join(name))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("recto runs");
    (status.status.code().unwrap_or(-1), out)
}

#[test]
fn hostile_manuscripts_give_no_book() {
    for name in [
        "html-script",
        "html-attribute",
        "link-unsafe",
        "path-outside",
    ] {
        let (code, out) = build_fixture(name);
        assert_ne!(code, 0, "{name}: non-zero exit");
        let epubs = std::fs::read_dir(&out)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "epub"))
                    .count()
            })
            .unwrap_or(0);
        assert_eq!(epubs, 0, "{name}: no EPUB written");
        let _ = std::fs::remove_dir_all(&out);
    }
    // The clean fixture does build, so the refusals above are the input's.
    let (code, out) = build_fixture("ok");
    assert_eq!(code, 0, "the ok fixture builds");
    assert!(std::fs::read_dir(&out)
        .expect("out dir")
        .any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "epub"))));
    let _ = std::fs::remove_dir_all(&out);
}

/// `recto build --format epub` of the bundled book into `out`, with
/// `SOURCE_DATE_EPOCH` set; returns the EPUB bytes.
fn cli_build(out: &Path, epoch: &str) -> Vec<u8> {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["build", "--format", "epub", "--manuscript"])
        .arg(root().join("manuscript"))
        .arg("--out")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("recto runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let epub = std::fs::read_dir(out)
        .expect("out dir")
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "epub"))
        .expect("an EPUB was written");
    std::fs::read(epub.path()).expect("EPUB reads")
}

#[test]
fn cli_builds_honour_source_date_epoch_and_repeat_exactly() {
    let base = std::env::temp_dir().join(format!("recto-epub-sde-{}", std::process::id()));
    let a = cli_build(&base.join("a"), "1700000000");
    let b = cli_build(&base.join("b"), "1700000000");
    let _ = std::fs::remove_dir_all(&base);
    assert_eq!(a, b, "same input and epoch, same bytes");
    let e = Epub::open(&a);
    assert!(e
        .text("OEBPS/content.opf")
        .contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
}
