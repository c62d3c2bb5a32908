//! All navigation, generated in one place from one tree: the EPUB 3
//! navigation document (`toc` and `landmarks` navs), the NCX for older
//! readers, and the list on the visible Contents page.
//!
//! The tree nests parts → chapters → sections → subsections. A page-list
//! (print page numbers mapped into the EPUB) belongs in [`nav_document`]
//! next to the landmarks, and in the NCX's `pageList`.

use crate::model::{plain_text, Block, Book, ChapterKind};

use super::layout::{relative, DocKind, Layout, COVER_FILE, NAV_FILE};
use super::xhtml::{attr, lang_attrs, text};

/// One entry of the table of contents.
#[derive(Debug, Clone)]
pub struct NavEntry {
    pub label: String,
    /// Target relative to OEBPS, with a fragment for sections.
    pub target: String,
    pub children: Vec<NavEntry>,
    /// A front-matter page (title page, copyright, contents): listed in
    /// the navigation document, not on the printed-style Contents page.
    pub front: bool,
    /// A part: set apart on the Contents page.
    pub part: bool,
}

/// One landmark: an `epub:type` and its target.
#[derive(Debug, Clone)]
pub struct Landmark {
    pub epub_type: &'static str,
    pub label: &'static str,
    pub target: String,
}

/// Builds the table of contents: front matter after the cover (the
/// half-title is left out: it repeats the title), then each part with its
/// chapters, each chapter with its sections, then the back matter.
pub fn toc_tree(book: &Book, layout: &Layout) -> Vec<NavEntry> {
    let mut top: Vec<NavEntry> = Vec::new();
    // Index into `top` of the entry of the part being filled.
    let mut open_part: Option<(usize, usize)> = None;
    for doc in &layout.docs {
        match doc.kind {
            DocKind::Cover => {}
            DocKind::Part(p) => {
                let part = &book.parts[p];
                let title = plain_text(&part.title);
                let label = if part.label.is_empty() {
                    title
                } else {
                    format!("{}: {title}", part.label)
                };
                top.push(NavEntry {
                    label,
                    target: doc.file.clone(),
                    children: Vec::new(),
                    front: false,
                    part: true,
                });
                open_part = Some((p, top.len() - 1));
            }
            DocKind::Chapter(ci) => {
                let chapter = &book.chapters[ci];
                if chapter.kind == ChapterKind::HalfTitle {
                    continue;
                }
                let label = match chapter.kind {
                    ChapterKind::TitlePage => "Title page".to_string(),
                    _ => chapter.toc_title.clone(),
                };
                let entry = NavEntry {
                    label,
                    target: doc.file.clone(),
                    children: sections(&chapter.blocks, &doc.file),
                    front: chapter.matter == crate::model::Matter::Front,
                    part: false,
                };
                match (chapter.part, open_part) {
                    (Some(p), Some((op, idx))) if p == op => top[idx].children.push(entry),
                    _ => top.push(entry),
                }
            }
        }
    }
    top
}

/// Nests the headings of a chapter by level.
fn sections(blocks: &[Block], file: &str) -> Vec<NavEntry> {
    let mut out: Vec<NavEntry> = Vec::new();
    for block in blocks {
        if let Block::Heading {
            level, id, content, ..
        } = block
        {
            let entry = NavEntry {
                label: plain_text(content),
                target: format!("{file}#{id}"),
                children: Vec::new(),
                front: false,
                part: false,
            };
            let mut list = &mut out;
            for _ in 1..*level {
                if list.is_empty() {
                    break;
                }
                let last = list.len() - 1;
                list = &mut list[last].children;
            }
            list.push(entry);
        }
    }
    out
}

/// The landmarks: cover, contents, start of the body matter, and the
/// title page, copyright page, glossary and bibliography where present.
pub fn landmarks(book: &Book, layout: &Layout) -> Vec<Landmark> {
    let mut out = vec![Landmark {
        epub_type: "cover",
        label: "Cover",
        target: COVER_FILE.to_string(),
    }];
    let file = |d: Option<usize>| d.map(|d| layout.docs[d].file.clone());
    let mut add = |epub_type, label, target: Option<String>| {
        if let Some(target) = target {
            out.push(Landmark {
                epub_type,
                label,
                target,
            });
        }
    };
    add(
        "titlepage",
        "Title page",
        file(layout.doc_of_kind(book, ChapterKind::TitlePage)),
    );
    add(
        "copyright-page",
        "Copyright",
        file(layout.doc_of_kind(book, ChapterKind::Copyright)),
    );
    add(
        "toc",
        "Contents",
        Some(file(layout.doc_of_kind(book, ChapterKind::Contents)).unwrap_or(NAV_FILE.into())),
    );
    add(
        "bodymatter",
        "Start of content",
        file(layout.first_body_doc(book)),
    );
    add(
        "glossary",
        "Glossary",
        file(layout.doc_of_kind(book, ChapterKind::Glossary)),
    );
    add(
        "bibliography",
        "Sources",
        file(layout.doc_of_kind(book, ChapterKind::Bibliography)),
    );
    out
}

/// Writes `entries` as nested `<ol>` lists with hrefs relative to `from`.
pub fn push_list(out: &mut String, entries: &[NavEntry], from: &str, depth: usize) {
    let indent = "  ".repeat(depth);
    out.push_str(&indent);
    out.push_str("<ol>\n");
    for e in entries {
        let class = if e.part { " class=\"part\"" } else { "" };
        out.push_str(&format!(
            "{indent}  <li{class}><a href=\"{}\">{}</a>",
            attr(&relative(from, &e.target)),
            text(&e.label)
        ));
        if !e.children.is_empty() {
            out.push('\n');
            push_list(out, &e.children, from, depth + 2);
            out.push_str(&indent);
            out.push_str("  ");
        }
        out.push_str("</li>\n");
    }
    out.push_str(&indent);
    out.push_str("</ol>\n");
}

/// The EPUB 3 navigation document (`nav.xhtml`).
pub fn nav_document(book: &Book, toc: &[NavEntry], landmarks: &[Landmark]) -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" {}>\n\
<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n\
<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n",
        lang_attrs(book.meta.lang),
        text(&book.meta.title)
    ));
    out.push_str(
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n\
<h1 id=\"toc-title\">Contents</h1>\n",
    );
    push_list(&mut out, toc, NAV_FILE, 0);
    out.push_str("</nav>\n");
    out.push_str("<nav epub:type=\"landmarks\" id=\"landmarks\" aria-labelledby=\"landmarks-title\" hidden=\"hidden\">\n<h2 id=\"landmarks-title\">Landmarks</h2>\n<ol>\n");
    for l in landmarks {
        out.push_str(&format!(
            "  <li><a epub:type=\"{}\" href=\"{}\">{}</a></li>\n",
            l.epub_type,
            attr(&relative(NAV_FILE, &l.target)),
            text(l.label)
        ));
    }
    out.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    out
}

/// The NCX (EPUB 2 navigation) with the same nested entries.
pub fn ncx(book: &Book, toc: &[NavEntry]) -> String {
    fn depth(entries: &[NavEntry]) -> usize {
        entries
            .iter()
            .map(|e| 1 + depth(&e.children))
            .max()
            .unwrap_or(0)
    }
    fn points(out: &mut String, entries: &[NavEntry], order: &mut usize, indent: usize) {
        let pad = "  ".repeat(indent);
        for e in entries {
            *order += 1;
            out.push_str(&format!(
                "{pad}<navPoint id=\"navpoint-{0}\" playOrder=\"{0}\">\n{pad}  <navLabel><text>{1}</text></navLabel>\n{pad}  <content src=\"{2}\"/>\n",
                order,
                text(&e.label),
                attr(&e.target)
            ));
            points(out, &e.children, order, indent + 1);
            out.push_str(&format!("{pad}</navPoint>\n"));
        }
    }
    let mut out = String::with_capacity(8 * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{}\">\n",
        book.meta.lang.tag()
    ));
    out.push_str("<head>\n");
    for (name, content) in [
        ("dtb:uid", attr(&book.meta.identifier)),
        ("dtb:depth", depth(toc).max(1).to_string()),
        ("dtb:totalPageCount", "0".to_string()),
        ("dtb:maxPageNumber", "0".to_string()),
    ] {
        out.push_str(&format!(
            "  <meta name=\"{name}\" content=\"{content}\"/>\n"
        ));
    }
    out.push_str(&format!(
        "</head>\n<docTitle><text>{}</text></docTitle>\n<navMap>\n",
        text(&book.meta.title)
    ));
    let mut order = 0;
    points(&mut out, toc, &mut order, 1);
    out.push_str("</navMap>\n</ncx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_nest_by_level() {
        let h = |level, id: &str| Block::Heading {
            level,
            id: id.into(),
            content: vec![crate::model::Inline::Text(id.into())],
            line: 1,
        };
        let s = sections(
            &[h(1, "a"), h(2, "a1"), h(2, "a2"), h(1, "b")],
            "text/c.xhtml",
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].children.len(), 2);
        assert_eq!(s[0].children[1].target, "text/c.xhtml#a2");
        assert!(s[1].children.is_empty());
    }
}
