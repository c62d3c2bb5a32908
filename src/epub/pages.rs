//! The content documents: one XHTML file per spine entry (cover, part
//! title pages, chapters), each with `xml:lang`/`lang` on its root,
//! `epub:type` and ARIA roles on its divisions and one `h1`.

use crate::diag::Diagnostics;
use crate::model::{Book, Chapter, ChapterKind, Inline, Lang, Matter, Role};

use super::layout::{relative, DocKind, Layout, COVER_IMAGE, STYLESHEET};
use super::nav::{push_list, NavEntry};
use super::xhtml::{attr, lang_attrs, text, Writer};

/// Wraps a body in a complete XHTML5 document.
fn document(file: &str, title: &str, lang: Lang, body_attrs: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" {}>\n\
<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n\
<link rel=\"stylesheet\" type=\"text/css\" href=\"{}\"/>\n</head>\n<body{body_attrs}>\n{body}</body>\n</html>\n",
        lang_attrs(lang),
        text(title),
        attr(&relative(file, STYLESHEET)),
    )
}

/// `epub:type` of the body element for a division of the book.
fn matter_type(matter: Matter) -> &'static str {
    match matter {
        Matter::Front => " epub:type=\"frontmatter\"",
        Matter::Body => " epub:type=\"bodymatter\"",
        Matter::Back => " epub:type=\"backmatter\"",
    }
}

/// `epub:type` and matching DPUB-ARIA role of a chapter's section.
fn section_semantics(kind: ChapterKind) -> (&'static str, Option<&'static str>) {
    match kind {
        ChapterKind::HalfTitle => ("halftitlepage", None),
        ChapterKind::TitlePage => ("titlepage", None),
        ChapterKind::Copyright => ("copyright-page", None),
        ChapterKind::Contents => ("toc", Some("doc-toc")),
        ChapterKind::Introduction => ("introduction", Some("doc-introduction")),
        ChapterKind::Glossary => ("glossary", Some("doc-glossary")),
        ChapterKind::Bibliography => ("bibliography", Some("doc-bibliography")),
        ChapterKind::Chronology | ChapterKind::Article | ChapterKind::Chapter => {
            ("chapter", Some("doc-chapter"))
        }
    }
}

/// Names joined as "A", "A and B", "A, B and C".
fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Renders the document for one spine entry.
pub fn render_doc(
    book: &Book,
    layout: &Layout,
    doc: usize,
    toc: &[NavEntry],
    cover_titled: bool,
    diags: &mut Diagnostics,
) -> String {
    let file = layout.docs[doc].file.as_str();
    match layout.docs[doc].kind {
        DocKind::Cover => cover(book, file, cover_titled),
        DocKind::Part(p) => {
            let part = &book.parts[p];
            let mut w = Writer::new(book, layout, None, file, diags);
            w.raw(&format!(
                "<section class=\"part\" epub:type=\"part\" role=\"doc-part\" id=\"{}\">\n<h1>",
                attr(&part.id)
            ));
            if !part.label.is_empty() {
                w.raw("<span class=\"part-label\">");
                w.text(&part.label);
                w.raw("</span> ");
            }
            w.inlines(&part.title);
            w.raw("</h1>\n</section>\n");
            let title = crate::model::plain_text(&part.title);
            document(
                file,
                &title,
                book.meta.lang,
                matter_type(Matter::Body),
                &w.out,
            )
        }
        DocKind::Chapter(ci) => {
            let chapter = &book.chapters[ci];
            let body = chapter_body(book, layout, chapter, file, toc, diags);
            let title = if chapter.toc_title.is_empty() {
                crate::model::plain_text(&chapter.title)
            } else {
                chapter.toc_title.clone()
            };
            document(
                file,
                &title,
                chapter.lang,
                matter_type(chapter.matter),
                &body,
            )
        }
    }
}

/// The cover page. A designed cover carries the title, so the page is the
/// image alone; a plain cover gets the title and subtitle as text above it.
fn cover(book: &Book, file: &str, titled: bool) -> String {
    let meta = &book.meta;
    let img = |class: &str| {
        format!(
            "<img class=\"{class}\" role=\"doc-cover\" src=\"{}\" alt=\"{}\"/>",
            attr(&relative(file, COVER_IMAGE)),
            attr(&cover_alt(book, titled))
        )
    };
    let mut body = String::from("<section class=\"cover\" epub:type=\"cover\">\n");
    if titled {
        body.push_str(&format!(
            "<div class=\"cover-full\">{}</div>\n",
            img("cover-full")
        ));
    } else {
        body.push_str("<div class=\"cover-text\">\n");
        body.push_str(&format!(
            "<h1 class=\"cover-title\">{}</h1>\n",
            text(&meta.title)
        ));
        if let Some(sub) = &meta.subtitle {
            body.push_str(&format!("<p class=\"cover-subtitle\">{}</p>\n", text(sub)));
        }
        body.push_str("</div>\n");
        body.push_str(&format!(
            "<div class=\"cover-panel\">{}</div>\n",
            img("cover-image")
        ));
    }
    body.push_str("</section>\n");
    document(file, &meta.title, meta.lang, "", &body)
}

/// Alternative text of the cover image: what the designed cover shows
/// (title, subtitle, authors, editors, publisher), or for the plain
/// cover just whose cover it is.
pub fn cover_alt(book: &Book, titled: bool) -> String {
    let meta = &book.meta;
    let mut alt = format!("Cover of {}", meta.title);
    if let Some(sub) = &meta.subtitle {
        alt.push_str(&format!(": {sub}"));
    }
    alt.push('.');
    if !titled {
        return alt;
    }
    let names = |role: Role| -> Vec<&str> {
        meta.contributors
            .iter()
            .filter(|c| c.role == role)
            .map(|c| c.name.as_str())
            .collect()
    };
    let authors = names(Role::Author);
    if !authors.is_empty() {
        alt.push_str(&format!(" {}.", join_names(&authors)));
    }
    let editors = names(Role::Editor);
    if !editors.is_empty() {
        alt.push_str(&format!(" Edited by {}.", join_names(&editors)));
    }
    alt.push_str(&format!(" {}.", meta.publisher));
    alt
}

/// The section of one chapter: heading block, body blocks, notes.
fn chapter_body(
    book: &Book,
    layout: &Layout,
    chapter: &Chapter,
    file: &str,
    toc: &[NavEntry],
    diags: &mut Diagnostics,
) -> String {
    let (epub_type, role) = section_semantics(chapter.kind);
    let mut w = Writer::new(book, layout, Some(chapter), file, diags);
    let tag = if chapter.kind == ChapterKind::Contents {
        "nav"
    } else {
        "section"
    };
    let kind_class = format!("{:?}", chapter.kind).to_ascii_lowercase();
    w.raw(&format!(
        "<{tag} class=\"{kind_class}\" epub:type=\"{epub_type}\" id=\"{}\"",
        attr(&chapter.id)
    ));
    if let Some(role) = role {
        w.raw(&format!(" role=\"{role}\""));
    }
    w.raw(">\n");
    header(&mut w, book, chapter);
    match chapter.kind {
        ChapterKind::Contents => {
            let entries: Vec<NavEntry> = toc.iter().filter(|e| !e.front).cloned().collect();
            let mut list = String::new();
            push_list(&mut list, &entries, file, 0);
            w.raw(&list);
            w.blocks(&chapter.blocks);
        }
        ChapterKind::TitlePage if chapter.blocks.is_empty() => title_page_lines(&mut w, book),
        _ => w.blocks(&chapter.blocks),
    }
    w.notes();
    w.raw(&format!("</{tag}>\n"));
    w.out
}

/// The chapter's heading: `h1` title (with any source note reference),
/// subtitle, byline, translator and date.
fn header(w: &mut Writer, book: &Book, chapter: &Chapter) {
    let title_class = match chapter.kind {
        ChapterKind::HalfTitle => " class=\"halftitle\"",
        ChapterKind::TitlePage => " class=\"book-title\"",
        ChapterKind::Copyright => " class=\"small-title\"",
        _ if chapter.editorial_title => " class=\"editorial-title\"",
        _ => "",
    };
    // The title page lists its contributors in its own blocks.
    let show_authors = chapter.kind != ChapterKind::TitlePage && !chapter.authors.is_empty();
    let has_byline = show_authors
        || chapter.translator.is_some()
        || (chapter.kind == ChapterKind::Article && chapter.date.is_some());
    let grouped = chapter.subtitle.is_some() || has_byline;
    if grouped {
        w.raw("<header>\n");
    }
    w.raw(&format!("<h1{title_class}>"));
    let title: &[Inline] = &chapter.title;
    w.inlines(title);
    w.raw("</h1>\n");
    if let Some(sub) = &chapter.subtitle {
        w.raw("<p class=\"subtitle\">");
        w.inlines(sub);
        w.raw("</p>\n");
    } else if chapter.kind == ChapterKind::TitlePage {
        if let Some(sub) = &book.meta.subtitle {
            w.raw("<p class=\"subtitle\">");
            w.text(sub);
            w.raw("</p>\n");
        }
    }
    if show_authors {
        let names: Vec<&str> = chapter.authors.iter().map(String::as_str).collect();
        w.raw("<p class=\"byline\">");
        w.text(&join_names(&names));
        w.raw("</p>\n");
    }
    if let Some(t) = &chapter.translator {
        w.raw("<p class=\"translator\">Translated by ");
        w.text(t);
        w.raw("</p>\n");
    }
    if chapter.kind == ChapterKind::Article {
        if let Some(d) = chapter.date {
            w.raw(&format!(
                "<p class=\"dateline\"><time datetime=\"{}\">",
                d.iso()
            ));
            w.text(&d.long());
            w.raw("</time></p>\n");
        }
    }
    if grouped {
        w.raw("</header>\n");
    }
}

/// Default title-page lines when the model gives the page no blocks:
/// editors, authors, publisher.
fn title_page_lines(w: &mut Writer, book: &Book) {
    let by_role = |role: Role| -> Vec<&str> {
        book.meta
            .contributors
            .iter()
            .filter(|c| c.role == role)
            .map(|c| c.name.as_str())
            .collect()
    };
    let authors = by_role(Role::Author);
    let editors = by_role(Role::Editor);
    let translators = by_role(Role::Translator);
    if !authors.is_empty() {
        w.raw("<p class=\"contributors\">");
        w.text(&join_names(&authors));
        w.raw("</p>\n");
    }
    if !editors.is_empty() {
        w.raw("<p class=\"contributors\">Edited by ");
        w.text(&join_names(&editors));
        w.raw("</p>\n");
    }
    if !translators.is_empty() {
        w.raw("<p class=\"contributors\">Translated by ");
        w.text(&join_names(&translators));
        w.raw("</p>\n");
    }
    w.raw("<p class=\"publisher\">");
    w.text(&book.meta.publisher);
    w.raw("</p>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_in_english() {
        assert_eq!(join_names(&["A"]), "A");
        assert_eq!(join_names(&["A", "B"]), "A and B");
        assert_eq!(join_names(&["A", "B", "C"]), "A, B and C");
    }
}
