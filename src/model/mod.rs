//! The document model: one typed tree between reading the manuscript and
//! rendering it.
//!
//! In: built by the reader (`manuscript`). Out: read by every later stage.
//! It holds content only; output settings travel beside it
//! (`config::Settings`).
//!
//! Everything both renderers must agree on is decided while this tree is
//! built, never by a renderer: the reading order, every id, note numbers and
//! markers, the running heads, the language of every span and the
//! typographic polish of every text run. The EPUB writer and the PDF
//! typesetter only read it.

mod inline;
mod meta;

pub use inline::{plain_text, Inline};
pub use meta::{iso_datetime, roman, BuildInfo, Contributor, Date, Lang, Meta, Role};

use std::path::PathBuf;

/// A whole publication, ready to render.
#[derive(Debug, Clone)]
pub struct Book {
    pub meta: Meta,
    /// Body parts; chapters point into this list with [`Chapter::part`].
    pub parts: Vec<Part>,
    /// Every division in reading order, generated front matter included.
    pub chapters: Vec<Chapter>,
    /// The bibliography, sorted as the Sources list prints it.
    pub sources: Vec<Source>,
    pub build: BuildInfo,
}

impl Book {
    /// The chapter holding the anchor `id` (a chapter, heading, note, note
    /// reference, timeline entry, glossary term or source), if any.
    pub fn chapter_of_anchor(&self, id: &str) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.has_anchor(id))
    }
}

impl Chapter {
    /// Whether this chapter defines the anchor `id`.
    pub fn has_anchor(&self, id: &str) -> bool {
        if self.id == id || self.notes.iter().any(|n| n.id == id || n.ref_id == id) {
            return true;
        }
        self.blocks.iter().any(|b| match b {
            Block::Heading { id: h, .. } => h == id,
            Block::Timeline(entries) => entries.iter().any(|e| e.id == id),
            Block::Glossary(entries) => entries.iter().any(|e| e.id == id),
            Block::Bibliography => id.starts_with("src-"),
            _ => false,
        })
    }
}

/// A named group of body chapters ("Part I: Context").
#[derive(Debug, Clone)]
pub struct Part {
    pub id: String,
    /// Ordinal shown before the title, e.g. "Part I".
    pub label: String,
    pub title: Vec<Inline>,
}

/// Which of the three divisions of a book a chapter belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matter {
    Front,
    Body,
    Back,
}

/// What a chapter is; decides its layout and its `epub:type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterKind {
    /// Generated: the book title alone.
    HalfTitle,
    /// Generated: title, subtitle, contributors, publisher.
    TitlePage,
    /// Copyright notice and colophon (Markdown plus generated lines).
    Copyright,
    /// Generated: the table of contents. Renderers fill in its entries.
    Contents,
    Introduction,
    /// A chapter whose body is a [`Block::Timeline`].
    Chronology,
    /// A reprinted text by an outside author.
    Article,
    /// An ordinary chapter.
    Chapter,
    /// A chapter whose body is a [`Block::Glossary`].
    Glossary,
    /// A chapter whose body is a [`Block::Bibliography`].
    Bibliography,
}

/// One division of the book: a generated page, a chapter or an article.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// Unique across the book; the EPUB file stem and the PDF anchor.
    pub id: String,
    /// Source file relative to the manuscript folder (None if generated).
    pub file: Option<PathBuf>,
    pub matter: Matter,
    pub kind: ChapterKind,
    /// Index into [`Book::parts`] for body chapters that belong to a part.
    pub part: Option<usize>,
    /// The title as set on the page; may end in a source note reference.
    pub title: Vec<Inline>,
    pub subtitle: Option<Vec<Inline>>,
    /// The title was given by the editors, not by the author.
    pub editorial_title: bool,
    /// Authors as displayed ("Sergey Duvanov").
    pub authors: Vec<String>,
    pub translator: Option<String>,
    /// Date of the text itself (articles).
    pub date: Option<Date>,
    /// Id of the source this text was reprinted from.
    pub source: Option<String>,
    /// Base language of the chapter.
    pub lang: Lang,
    /// Text for the recto running head: the chapter title, or for articles
    /// the author.
    pub running_head: String,
    /// Short title for contents and bookmarks.
    pub toc_title: String,
    pub blocks: Vec<Block>,
    /// The chapter's notes in order of first reference.
    pub notes: Vec<Note>,
}

/// A block-level element.
#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(Paragraph),
    /// A section heading. `level` 1 is a section of the chapter (EPUB
    /// `h2`), 2 a subsection, and so on; levels never skip.
    Heading {
        level: u8,
        id: String,
        content: Vec<Inline>,
        line: u32,
    },
    Quote(Vec<Block>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Table(Table),
    Rule,
    Figure(Figure),
    Timeline(Vec<TimelineEntry>),
    Glossary(Vec<GlossaryEntry>),
    /// The list of all sources, rendered from [`Book::sources`].
    Bibliography,
    CodeBlock {
        text: String,
        line: u32,
    },
}

/// A paragraph of running text.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub content: Vec<Inline>,
    /// 1-based line in the chapter's source file, for diagnostics.
    pub line: u32,
    /// Set for a paragraph that opens a chapter or follows a heading, a
    /// quote, a list or a rule: print sets it without indent.
    pub first: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub align: Vec<Align>,
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
    pub line: u32,
}

/// An image with its alternative text, loaded and checked by the reader.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Path inside the manuscript folder.
    pub src: PathBuf,
    /// The image file, checked by content to be PNG or JPEG.
    pub data: std::sync::Arc<Vec<u8>>,
    /// `image/png` or `image/jpeg`.
    pub media_type: &'static str,
    pub alt: String,
    pub caption: Vec<Inline>,
    pub line: u32,
}

/// One dated event of the chronology.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    /// Anchor id, unique in the book.
    pub id: String,
    /// Machine-readable date (the first day of a range).
    pub date: Date,
    /// The date as printed ("5 January 2022, evening").
    pub label: String,
    pub text: Vec<Inline>,
    /// Source ids; rendered into `text` as citations already.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct GlossaryEntry {
    pub id: String,
    pub term: Vec<Inline>,
    pub definition: Vec<Inline>,
}

/// One item of the bibliography.
#[derive(Debug, Clone)]
pub struct Source {
    /// The id footnotes and timeline entries cite; the anchor is
    /// `src-<id>`.
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub author: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
    pub accessed: Option<Date>,
    pub lang: Lang,
    pub notes: Vec<Inline>,
    /// The citation as notes print it ("Author, “Title”, 5 January 2022"),
    /// for places that name the source outside a note (EPUB `dc:source`).
    pub citation: Vec<Inline>,
    /// The entry in the Sources list, word for word as both outputs print
    /// it. Both are built once by the reader (`manuscript::cite`), then
    /// polished.
    pub entry: Vec<Inline>,
}

impl Source {
    /// The anchor id of this source's bibliography entry.
    pub fn anchor(&self) -> String {
        format!("src-{}", self.id)
    }
}

/// Which series a note belongs to; each series has its own markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// The author's notes, numbered 1, 2, 3 per chapter.
    Author,
    /// Editor's notes, lettered a, b, c per chapter.
    Editor,
    /// Provenance notes, marked *, †, ‡ per chapter.
    Source,
}

/// A footnote, already numbered.
#[derive(Debug, Clone)]
pub struct Note {
    /// Id of the note body (the footnote / aside).
    pub id: String,
    /// Id of the single reference in the text (the backlink target).
    pub ref_id: String,
    pub kind: NoteKind,
    /// The marker printed at the reference and before the note: "1", "a", "*".
    pub marker: String,
    pub blocks: Vec<Block>,
    /// Line of the definition in the source file.
    pub line: u32,
}
