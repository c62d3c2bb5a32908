//! The text engine's output: set lines, ready to be placed on a page.
//!
//! This is the whole interface between the text engine and the page
//! engine. A line is positioned by its baseline origin; every x inside it is
//! relative to the left edge of the measure.

use std::fmt;
use std::ops::Deref;

use crate::units::Pt;

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
    /// Index into [`crate::typeset::fonts::ALL`].
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
    pub text: ClusterText,
}

/// The text of a glyph's cluster: inline up to [`ClusterText::INLINE`]
/// bytes (a character, the letters of a ligature), on the heap beyond.
///
/// A book holds one [`Glyph`] per printed glyph until the PDF is written,
/// so this keeps a glyph at 24 bytes with no allocation of its own.
/// Reads as a `&str` ([`ClusterText::as_str`], `Deref`, `Display`).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct ClusterText(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Inline {
        len: u8,
        bytes: [u8; ClusterText::INLINE],
    },
    /// A thin pointer, so the enum stays 16 bytes (a `String` or
    /// `Box<str>` would make it 24).
    #[allow(clippy::box_collection)]
    Heap(Box<String>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Inline {
            len: 0,
            bytes: [0; ClusterText::INLINE],
        }
    }
}

impl ClusterText {
    /// Longest text stored without allocating, in bytes.
    pub const INLINE: usize = 14;

    pub fn new(s: &str) -> ClusterText {
        let b = s.as_bytes();
        if b.len() > Self::INLINE {
            return ClusterText(Repr::Heap(Box::new(s.to_string())));
        }
        let mut bytes = [0; Self::INLINE];
        if let [one] = b {
            bytes[0] = *one;
        } else {
            bytes[..b.len()].copy_from_slice(b);
        }
        ClusterText(Repr::Inline {
            len: b.len() as u8,
            bytes,
        })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Always whole UTF-8: made from a `&str` of this length.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Repr::Inline { len, .. } => *len == 0,
            Repr::Heap(s) => s.is_empty(),
        }
    }
}

impl Deref for ClusterText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for ClusterText {
    fn from(s: &str) -> Self {
        ClusterText::new(s)
    }
}

impl fmt::Display for ClusterText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ClusterText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_texts_read_back_and_keep_glyphs_small() {
        for s in ["", "a", "ﬁ", "ffi", "é", "\u{2010}", "12345678901234"] {
            let t = ClusterText::new(s);
            assert_eq!(t.as_str(), s);
            assert_eq!(t.is_empty(), s.is_empty());
            assert!(matches!(t.0, Repr::Inline { .. }));
        }
        let long = "e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}";
        let t = ClusterText::from(long);
        assert!(matches!(t.0, Repr::Heap(_)));
        assert_eq!(t.to_string(), long);
        assert_eq!(format!("{t:?}"), format!("{long:?}"));
        assert_eq!(ClusterText::default().as_str(), "");
        assert_eq!(std::mem::size_of::<ClusterText>(), 16);
        assert_eq!(std::mem::size_of::<Glyph>(), 24);
    }
}

/// A link area on a line.
#[derive(Debug, Clone)]
pub struct LinkSpan {
    pub x0: Pt,
    pub x1: Pt,
    /// Absolute URL, or `#id` for an anchor in the book.
    pub target: String,
}
