//! The text engine's output: set lines, ready to be placed on a page.
//!
//! This is the whole interface between the text engine and the page
//! engine. A line is positioned by its baseline origin; every x inside it is
//! relative to the left edge of the measure.

use crate::units::Pt;
use smol_str::SmolStr;

/// One set line of a paragraph.
#[derive(Debug, Clone)]
pub struct Line {
    /// Natural width of the content after justification (≤ measure, except
    /// for hanging punctuation).
    pub width: Pt,
    /// Height above the baseline of the tallest glyph run.
    pub ascent: Pt,
    /// Depth below the baseline (positive).
    pub descent: Pt,
    /// Positioned glyph runs, in visual order.
    pub items: Vec<LineItem>,
    /// Notes referenced on this line, as indices into the chapter's
    /// `notes`; the page engine puts their bodies on the same page.
    pub note_refs: Vec<usize>,
    /// Link areas on this line, for PDF link annotations.
    pub links: Vec<LinkSpan>,
    /// Anchor ids whose target is this line (e.g. a note reference's
    /// `ref_id`), for named destinations.
    pub anchors: Vec<String>,
    /// The line ends in a hyphen inserted by the engine.
    pub hyphenated: bool,
    /// Last line of its paragraph.
    pub last: bool,
}

/// A run of glyphs in one font at one size, placed on the line.
#[derive(Debug, Clone)]
pub enum LineItem {
    Glyphs(GlyphRun),
    /// A horizontal rule drawn under nothing, e.g. leaders in the contents.
    Rule {
        x: Pt,
        width: Pt,
        dy: Pt,
        thickness: Pt,
    },
}

/// Glyphs of one bundled font at one size, with their source text.
#[derive(Debug, Clone)]
pub struct GlyphRun {
    /// Index into [`crate::fonts::ALL`].
    pub font: usize,
    pub size: Pt,
    /// Left edge of the run on the line.
    pub x: Pt,
    /// Baseline shift, positive upwards (note markers).
    pub dy: Pt,
    /// Fill colour as RGB in 0..=1; `None` is black.
    pub color: Option<[f32; 3]>,
    pub glyphs: Vec<Glyph>,
}

/// One shaped glyph.
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Glyph id in the original (unsubset) font.
    pub id: u16,
    /// Offset of the glyph origin from the run's `x`.
    pub x: Pt,
    /// Text of the cluster this glyph starts ("ﬁ" carries "fi"); empty for
    /// the other glyphs of a cluster. Copying the PDF gives this text back.
    /// Stored inline (no allocation) up to 23 bytes: a book holds one
    /// `Glyph` per printed glyph until the PDF is written.
    pub text: SmolStr,
}

/// A link area on a line.
#[derive(Debug, Clone)]
pub struct LinkSpan {
    pub x0: Pt,
    pub x1: Pt,
    /// Absolute URL, or `#id` for an anchor in the book.
    pub target: String,
}
