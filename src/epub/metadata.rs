//! The package metadata (`<metadata>` of content.opf): titles refined with
//! `title-type`, creators and contributors with MARC roles, identifier,
//! publisher, rights, dates, description, subjects, one `dc:source` per
//! reprinted text, and the EPUB Accessibility 1.1 / schema.org
//! accessibility statements.
//!
//! Written whole here because epub-builder 0.8.2 has no API for most of
//! it; [`super::package`] swaps it into the OPF.

use crate::model::{iso_datetime, plain_text, Book, ChapterKind, NoteKind, Role};

use super::xhtml::{attr, text};

/// The id the template's `<package unique-identifier>` points at.
pub const IDENTIFIER_ID: &str = "epub-id-1";

/// What the book offers a reader who cannot see, resize or follow the
/// layout, for `schema:accessibilitySummary`: stated from what this book
/// actually contains.
fn accessibility_summary(book: &Book, has_images: bool) -> String {
    let has = |kind: ChapterKind| book.chapters.iter().any(|c| c.kind == kind);
    let mut s = String::from(
        "This publication conforms to EPUB Accessibility 1.1 and WCAG 2.2 Level AA. \
It is text-based and reflowable: readers can change the font, size, spacing and colours. \
A nested table of contents leads to every part, chapter and section; \
headings are structured without skipped levels, and the reading order follows the print edition.",
    );
    if book.chapters.iter().any(|c| !c.notes.is_empty()) {
        s.push_str(" Notes are linked to and from their references");
        if book
            .chapters
            .iter()
            .flat_map(|c| &c.notes)
            .any(|n| n.kind == NoteKind::Editor)
        {
            s.push_str(", and the editor’s notes are labelled as such");
        }
        s.push('.');
    }
    s.push_str(" Words and passages in other languages are marked with their language.");
    if has(ChapterKind::Chronology) {
        s.push_str(" The chronology is an ordered list with machine-readable dates.");
    }
    if has(ChapterKind::Glossary) {
        s.push_str(" The glossary is a definition list.");
    }
    if has_images {
        s.push_str(" Every image has a text alternative.");
    }
    s.push_str(" There are no known hazards.");
    s
}

/// The complete `<metadata>` element.
pub fn metadata_xml(book: &Book, has_images: bool) -> String {
    let m = &book.meta;
    let mut out = String::with_capacity(8 * 1024);
    let mut line = |s: String| {
        out.push_str("    ");
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "<dc:identifier id=\"{IDENTIFIER_ID}\">{}</dc:identifier>",
        text(&m.identifier)
    ));
    line(format!(
        "<dc:title id=\"title\">{}</dc:title>",
        text(&m.title)
    ));
    line("<meta refines=\"#title\" property=\"title-type\">main</meta>".into());
    line("<meta refines=\"#title\" property=\"display-seq\">1</meta>".into());
    if let Some(sub) = &m.subtitle {
        line(format!(
            "<dc:title id=\"subtitle\">{}</dc:title>",
            text(sub)
        ));
        line("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>".into());
        line("<meta refines=\"#subtitle\" property=\"display-seq\">2</meta>".into());
    }
    line(format!("<dc:language>{}</dc:language>", m.lang.tag()));
    let (mut creators, mut contributors) = (0, 0);
    for c in &m.contributors {
        let (element, id) = if c.role == Role::Author {
            creators += 1;
            ("creator", format!("creator-{creators}"))
        } else {
            contributors += 1;
            ("contributor", format!("contributor-{contributors}"))
        };
        line(format!(
            "<dc:{element} id=\"{id}\">{}</dc:{element}>",
            text(&c.name)
        ));
        line(format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{}</meta>",
            c.role.marc()
        ));
        if let Some(f) = &c.file_as {
            line(format!(
                "<meta refines=\"#{id}\" property=\"file-as\">{}</meta>",
                text(f)
            ));
        }
    }
    if let Some(isbn) = &m.isbn {
        line(format!(
            "<dc:identifier id=\"isbn\">urn:isbn:{}</dc:identifier>",
            text(isbn)
        ));
    }
    line(format!(
        "<dc:publisher>{}</dc:publisher>",
        text(&m.publisher)
    ));
    line(format!("<dc:rights>{}</dc:rights>", text(&m.rights)));
    line(format!("<dc:date>{}</dc:date>", m.date.iso()));
    line(format!(
        "<dc:description>{}</dc:description>",
        text(&m.description)
    ));
    for s in &m.subjects {
        line(format!("<dc:subject>{}</dc:subject>", text(s)));
    }
    for chapter in &book.chapters {
        if chapter.kind != ChapterKind::Article {
            continue;
        }
        let Some(id) = &chapter.source else { continue };
        if let Some(src) = book.sources.iter().find(|s| &s.id == id) {
            let value = match &src.url {
                Some(url) => url.clone(),
                None => plain_text(&src.citation),
            };
            line(format!("<dc:source>{}</dc:source>", text(&value)));
        }
    }
    line(format!(
        "<meta property=\"dcterms:modified\">{}</meta>",
        iso_datetime(book.build.timestamp)
    ));
    line("<meta property=\"schema:accessMode\">textual</meta>".into());
    if has_images {
        line("<meta property=\"schema:accessMode\">visual</meta>".into());
    }
    line("<meta property=\"schema:accessModeSufficient\">textual</meta>".into());
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if has_images {
        features.push("alternativeText");
    }
    for f in features {
        line(format!(
            "<meta property=\"schema:accessibilityFeature\">{f}</meta>"
        ));
    }
    line("<meta property=\"schema:accessibilityHazard\">none</meta>".into());
    line(format!(
        "<meta property=\"schema:accessibilitySummary\">{}</meta>",
        text(&accessibility_summary(book, has_images))
    ));
    line(
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>"
            .into(),
    );
    line(format!(
        "<meta property=\"a11y:certifiedBy\">{}</meta>",
        text(&m.publisher)
    ));
    line("<meta name=\"cover\" content=\"cover-image\"/>".into());
    line(format!(
        "<meta name=\"generator\" content=\"recto {}\"/>",
        attr(&book.build.version)
    ));
    format!(
        "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:opf=\"http://www.idpf.org/2007/opf\">\n{out}  </metadata>"
    )
}
