//! The text engine: turns a paragraph of the document model into justified,
//! hyphenated lines (shaping, hyphenation, Knuth–Plass line breaking).

mod line;

pub use line::{Glyph, GlyphRun, Line, LineItem, LinkSpan};

use crate::diag::Diagnostic;
use crate::fonts::Family;
use crate::model::{Inline, Lang, Note};
use crate::units::Pt;

/// How a paragraph is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    Justify,
    Left,
    Center,
    Right,
}

/// Everything the engine needs to set one paragraph, besides its content.
#[derive(Debug, Clone)]
pub struct ParaStyle {
    pub family: Family,
    pub size: Pt,
    /// Baseline-to-baseline distance.
    pub leading: Pt,
    /// First-line indent (may be zero).
    pub indent: Pt,
    pub align: Alignment,
    pub hyphenate: bool,
    /// Base language of the paragraph; `Inline::Lang` spans override it.
    pub lang: Lang,
    /// Sets all text bold / italic (headings, standfirsts).
    pub bold: bool,
    pub italic: bool,
    /// Fill colour for the whole paragraph, RGB 0..=1.
    pub color: Option<[f32; 3]>,
}

/// Where a paragraph came from, for warnings such as a loose line.
#[derive(Debug, Clone, Default)]
pub struct SourceLoc {
    pub file: Option<std::path::PathBuf>,
    pub line: u32,
}

/// The lines of one paragraph plus what the engine noticed while setting it.
#[derive(Debug, Clone, Default)]
pub struct SetParagraph {
    pub lines: Vec<Line>,
    pub warnings: Vec<Diagnostic>,
}

/// Sets `content` into lines of width `measure`.
///
/// `notes` are the chapter's notes, so note references can print their
/// markers. Placeholder until the engine lands: returns no lines.
pub fn set_paragraph(
    content: &[Inline],
    notes: &[Note],
    style: &ParaStyle,
    measure: Pt,
    loc: &SourceLoc,
) -> SetParagraph {
    let _ = (content, notes, style, measure, loc);
    SetParagraph::default()
}
