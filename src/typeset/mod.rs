//! The typesetting layer that every output shares: the bundled fonts and
//! their parsed faces ([`fonts`]), and the text engine ([`text`]) that
//! shapes, hyphenates and breaks a paragraph of model inlines into lines of
//! positioned glyphs.
//!
//! In: model inlines, a paragraph style and a measure. Out: [`text::Line`]s
//! relative to the measure's left edge and the line's baseline. It knows
//! nothing about pages, PDF objects or EPUB files; the PDF page engine and
//! the cover layout both build on it.

pub mod fonts;
pub mod text;
