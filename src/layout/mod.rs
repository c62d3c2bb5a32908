//! The page engine: stacks the text engine's lines into pages, once per
//! build, for every writer.
//!
//! In: the book, its page [`Design`] (from `[pdf]`) and a [`Setter`] (the
//! shared text engine). Out: a [`Layout`]: a list of [`Page`]s, each with
//! its label, its placed lines, rules, images, anchors and links, and where
//! its text starts in the model; plus the bookmarks and the text engine's
//! warnings. The PDF writer draws it; other writers read page labels and
//! starts; `check` reports its warnings. Nothing here knows about PDF.
//!
//! Stages, one module each:
//! - `design`: geometry, the baseline grid and block styles from book.toml;
//! - `blocks`: turns a chapter's blocks into a vertical list of [`Slot`]s
//!   (whole grid lines with keep rules and note references);
//! - `notes`: sets footnotes;
//! - `paginate`: chooses the page breaks of a chapter as a whole;
//! - `flow`: fills pages with slots, reserving room for the notes of every
//!   placed line, keeping headings with what follows, avoiding widows and
//!   orphans;
//! - `front`: half-title, title, copyright, part and contents pages;
//! - `chrome`: running heads and folios;
//! - `book`: runs the stages in order (body first, then the contents with
//!   real page numbers, then the front matter);
//! - `image`: decodes figures once, for their pixel size and samples.
//!
//! Coordinates: x from the left edge of the trim, y (baselines) from the
//! top of the trim, in points. The writer adds the bleed and flips y.

mod blocks;
mod book;
mod chrome;
pub mod design;
mod flow;
mod front;
pub mod image;
mod notes;
mod paginate;
mod start;

pub use book::layout;
pub use design::Design;

use crate::layout::image::PdfImage;
use crate::model::{Inline, Note};
use crate::typeset::text::{Line, ParaStyle, SetParagraph, SourceLoc, TextEngine};
use crate::units::Pt;
use std::sync::Arc;

/// Sets paragraphs; the page engine's only access to the text engine.
/// Shared by the threads that lay out chapters in parallel.
pub trait Setter: Sync {
    /// Sets `content` into lines of width `measure`.
    fn set(
        &self,
        content: &[Inline],
        notes: &[Note],
        style: &ParaStyle,
        measure: Pt,
        loc: &SourceLoc,
    ) -> SetParagraph;
}

impl Setter for TextEngine {
    fn set(
        &self,
        content: &[Inline],
        notes: &[Note],
        style: &ParaStyle,
        measure: Pt,
        loc: &SourceLoc,
    ) -> SetParagraph {
        self.set_paragraph(content, notes, style, measure, loc)
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A set line with its baseline origin at (`x`, `y`).
    Line { x: Pt, y: Pt, line: Line },
    /// A horizontal rule whose centre line is at `y`.
    Rule {
        x: Pt,
        y: Pt,
        width: Pt,
        thickness: Pt,
    },
    /// A figure's image, `width` × `height`, its top-left corner at
    /// (`x`, `y`).
    Image {
        x: Pt,
        y: Pt,
        width: Pt,
        height: Pt,
        image: Arc<PdfImage>,
    },
    /// Dot leaders from `x` over `width`, on the baseline `y`.
    Leader { x: Pt, y: Pt, width: Pt },
    /// A named destination at `y` (headings, notes, chapters, sources).
    Anchor { id: String, y: Pt },
    /// Where the text that follows comes from in the model: block `block`
    /// of the chapter (an index into its `blocks`), from character `offset`
    /// of that block's text on. Not drawn; [`Page::start`] is read from it.
    Start { block: usize, offset: usize },
    /// A link area (in addition to the links inside lines): `y0` is the
    /// top, `y1` the bottom.
    Link {
        x0: Pt,
        y0: Pt,
        x1: Pt,
        y1: Pt,
        target: String,
    },
}

/// How a page is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// The front cover of the screen profile: labelled "Cover".
    Cover,
    Roman,
    Arabic,
}

/// What kind of page this is; decides heads and folios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// The screen profile's front cover (drawn by the cover renderer).
    Cover,
    /// Nothing printed at all (a blank verso, the half-title's verso).
    Blank,
    /// Display pages without head or folio: half-title, title, copyright,
    /// part titles.
    Display,
    /// The first page of a chapter or of the contents: folio at the foot,
    /// no running head.
    Opening,
    /// Running head and folio at the head.
    Text,
}

/// One laid-out page.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    pub numbering: Numbering,
    /// The page's number within its numbering (1-based).
    pub number: u32,
    /// Odd pages are rectos; in the screen profile every page is laid out
    /// as a recto would be but heads still alternate.
    pub recto: bool,
    pub items: Vec<Item>,
    /// Where the page's text starts in the model, for pages that carry a
    /// chapter's text (not display pages, blanks or the contents).
    pub start: Option<PageStart>,
}

/// The model position where a page's text starts: a chapter (its id), a
/// block of it (an index into [`crate::model::Chapter::blocks`]) and a
/// character offset into that block's text ([`crate::model::plain_text`]
/// of a paragraph; 0 for a block of another kind, which then starts on
/// this page or runs on from the page before). Chapter openings start at
/// block 0, offset 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStart {
    pub chapter: String,
    pub block: usize,
    pub offset: usize,
}

impl Page {
    /// The folio as printed (and as the PDF page label shows it).
    pub fn folio(&self) -> String {
        match self.numbering {
            Numbering::Cover => "Cover".into(),
            Numbering::Roman => roman(self.number),
            Numbering::Arabic => self.number.to_string(),
        }
    }
}

/// One bookmark: a title, a depth (0 = part or top-level chapter) and the
/// anchor it opens.
#[derive(Debug, Clone)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub anchor: String,
}

/// A whole laid-out book.
#[derive(Debug, Clone)]
pub struct Layout {
    pub design: Design,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
}

pub use crate::model::roman;

#[cfg(test)]
mod tests {
    use super::roman;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "i");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(9), "ix");
        assert_eq!(roman(14), "xiv");
        assert_eq!(roman(49), "xlix");
    }
}
