//! Where everything goes inside the EPUB: the spine documents in reading
//! order, their file names, which document holds each anchor, the image
//! files, and the hyphenation exceptions every text run gets.
//!
//! Decided once before any XHTML is written, so every cross-document link
//! (citations, `#id` links, nav entries) resolves through one map.

use crate::config::HyphenationConfig;
use std::collections::{HashMap, HashSet};

use crate::model::{Block, Book, ChapterKind, Figure};

use super::hyphen::Exceptions;

/// Folder (inside OEBPS) of the content documents.
pub const TEXT_DIR: &str = "text";
/// The cover page, outside `text/` so no chapter id can clash with it.
pub const COVER_FILE: &str = "cover.xhtml";
/// The generated cover image.
pub const COVER_IMAGE: &str = "images/cover.png";
/// epub-builder's fixed names for the navigation document and stylesheet.
pub const NAV_FILE: &str = "nav.xhtml";
pub const STYLESHEET: &str = "stylesheet.css";

/// What a spine document shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Cover,
    /// The title page of `Book::parts[i]`.
    Part(usize),
    /// `Book::chapters[i]`.
    Chapter(usize),
}

/// One content document of the spine.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: DocKind,
    /// Path relative to OEBPS, e.g. `text/introduction.xhtml`.
    pub file: String,
}

/// An image file of the book (a figure), stored once however often used.
#[derive(Debug, Clone)]
pub struct Image<'b> {
    /// Path relative to OEBPS, e.g. `images/fig-1.png`.
    pub file: String,
    pub figure: &'b Figure,
}

/// The plan of the EPUB's files.
pub struct Layout<'b> {
    pub docs: Vec<Doc>,
    /// Anchor id → index into `docs`.
    anchors: HashMap<&'b str, usize>,
    /// Index into `docs` of the bibliography, where `src-…` anchors live.
    bibliography: Option<usize>,
    /// Figure source path → image.
    pub images: Vec<Image<'b>>,
    image_index: HashMap<&'b std::path::Path, usize>,
    /// The book's hyphenation exceptions, applied to every text run.
    pub exceptions: Exceptions,
}

/// A file stem made only of characters safe in a URL and a zip path.
fn safe_stem(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "doc".to_string()
    } else {
        s
    }
}

impl<'b> Layout<'b> {
    /// Plans the spine: the cover, then every chapter in reading order,
    /// with a part's title page before the first chapter of each part.
    pub fn new(book: &'b Book, hyphenation: &HyphenationConfig) -> Layout<'b> {
        let mut docs = vec![Doc {
            kind: DocKind::Cover,
            file: COVER_FILE.to_string(),
        }];
        let mut used: HashSet<String> = HashSet::new();
        let mut file_for = |id: &str| {
            let stem = safe_stem(id);
            let mut name = stem.clone();
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{stem}-{n}");
                n += 1;
            }
            format!("{TEXT_DIR}/{name}.xhtml")
        };
        let mut anchors: HashMap<&'b str, usize> = HashMap::new();
        let mut bibliography = None;
        let mut images: Vec<Image<'b>> = Vec::new();
        let mut image_index: HashMap<&'b std::path::Path, usize> = HashMap::new();
        let mut current_part = None;
        for (ci, chapter) in book.chapters.iter().enumerate() {
            if let Some(p) = chapter.part {
                if current_part != Some(p) {
                    if let Some(part) = book.parts.get(p) {
                        anchors.insert(part.id.as_str(), docs.len());
                        docs.push(Doc {
                            kind: DocKind::Part(p),
                            file: file_for(&part.id),
                        });
                    }
                }
            }
            current_part = chapter.part;
            let d = docs.len();
            docs.push(Doc {
                kind: DocKind::Chapter(ci),
                file: file_for(&chapter.id),
            });
            anchors.insert(chapter.id.as_str(), d);
            for note in &chapter.notes {
                anchors.insert(note.id.as_str(), d);
                anchors.insert(note.ref_id.as_str(), d);
                collect(&note.blocks, d, &mut anchors, &mut images, &mut image_index);
            }
            collect(
                &chapter.blocks,
                d,
                &mut anchors,
                &mut images,
                &mut image_index,
            );
            if chapter.kind == ChapterKind::Bibliography
                || chapter
                    .blocks
                    .iter()
                    .any(|b| matches!(b, Block::Bibliography))
            {
                bibliography.get_or_insert(d);
            }
        }
        Layout {
            docs,
            anchors,
            bibliography,
            images,
            image_index,
            exceptions: Exceptions::new(&hyphenation.exceptions),
        }
    }

    /// The document index holding anchor `id`.
    pub fn doc_of(&self, id: &str) -> Option<usize> {
        if let Some(&d) = self.anchors.get(id) {
            return Some(d);
        }
        if id.starts_with("src-") {
            return self.bibliography;
        }
        None
    }

    /// The href of anchor `id` as seen from the document `from` (a path
    /// relative to OEBPS): `#id` in the same document, else a relative path.
    pub fn href(&self, from: &str, id: &str) -> Option<String> {
        let doc = &self.docs[self.doc_of(id)?];
        if doc.file == from {
            Some(format!("#{id}"))
        } else {
            Some(format!("{}#{id}", relative(from, &doc.file)))
        }
    }

    /// The href of a figure's image file as seen from `from`.
    pub fn image_href(&self, from: &str, figure: &Figure) -> String {
        match self.image_index.get(figure.src.as_path()) {
            Some(&i) => relative(from, &self.images[i].file),
            None => String::new(),
        }
    }

    /// The first document of the body matter (a part page or a chapter).
    pub fn first_body_doc(&self, book: &Book) -> Option<usize> {
        self.docs.iter().position(|d| match d.kind {
            DocKind::Part(_) => true,
            DocKind::Chapter(i) => book.chapters[i].matter == crate::model::Matter::Body,
            DocKind::Cover => false,
        })
    }

    /// The document of the first chapter of `kind`.
    pub fn doc_of_kind(&self, book: &Book, kind: ChapterKind) -> Option<usize> {
        self.docs
            .iter()
            .position(|d| matches!(d.kind, DocKind::Chapter(i) if book.chapters[i].kind == kind))
    }
}

/// Records the anchors and figures of `blocks` (recursively) as living in
/// document `d`.
fn collect<'b>(
    blocks: &'b [Block],
    d: usize,
    anchors: &mut HashMap<&'b str, usize>,
    images: &mut Vec<Image<'b>>,
    image_index: &mut HashMap<&'b std::path::Path, usize>,
) {
    for block in blocks {
        match block {
            Block::Heading { id, .. } => {
                anchors.insert(id.as_str(), d);
            }
            Block::Timeline(entries) => {
                for e in entries {
                    anchors.insert(e.id.as_str(), d);
                }
            }
            Block::Glossary(entries) => {
                for e in entries {
                    anchors.insert(e.id.as_str(), d);
                }
            }
            Block::Quote(inner) => collect(inner, d, anchors, images, image_index),
            Block::List { items, .. } => {
                for item in items {
                    collect(item, d, anchors, images, image_index);
                }
            }
            Block::Figure(f) if !image_index.contains_key(f.src.as_path()) => {
                let ext = if f.media_type == "image/jpeg" {
                    "jpg"
                } else {
                    "png"
                };
                image_index.insert(f.src.as_path(), images.len());
                images.push(Image {
                    file: format!("images/fig-{}.{ext}", images.len() + 1),
                    figure: f,
                });
            }
            _ => {}
        }
    }
}

/// The path of `to` relative to the folder of `from` (both relative to
/// OEBPS, one level of folders at most).
pub fn relative(from: &str, to: &str) -> String {
    let from_dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let (to_dir, to_name) = to.rsplit_once('/').unwrap_or(("", to));
    if from_dir == to_dir {
        to_name.to_string()
    } else if from_dir.is_empty() {
        to.to_string()
    } else {
        let ups = from_dir.split('/').count();
        format!("{}{to}", "../".repeat(ups))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative("text/a.xhtml", "text/b.xhtml"), "b.xhtml");
        assert_eq!(relative("nav.xhtml", "text/b.xhtml"), "text/b.xhtml");
        assert_eq!(relative("text/a.xhtml", "images/c.png"), "../images/c.png");
        assert_eq!(
            relative("text/a.xhtml", "stylesheet.css"),
            "../stylesheet.css"
        );
    }

    #[test]
    fn stems_are_safe() {
        assert_eq!(safe_stem("a/b c"), "a_b_c");
        assert_eq!(safe_stem(""), "doc");
    }
}
