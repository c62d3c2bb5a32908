//! The text engine: turns a paragraph of the document model into justified,
//! hyphenated lines (shaping, hyphenation, Knuth–Plass line breaking).

mod line;

pub use line::{Glyph, GlyphRun, Line, LineItem, LinkSpan};
