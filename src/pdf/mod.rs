//! The print PDF: a text engine, a page engine and a writer.
//!
//! - `text` shapes, hyphenates and breaks one paragraph into [`text::Line`]s
//!   for a given measure. It knows nothing about pages.
//! - `pages` stacks lines into pages: flow, footnotes, running heads,
//!   folios, the contents page.
//! - `image` prepares figures' PNG and JPEG files for embedding.
//! - `write` draws laid-out pages into content streams (pdf-writer),
//!   assembles the document with printpdf and the subset fonts, and adds
//!   what printpdf lacks (nested bookmarks, page labels, XMP) in one place.

pub mod fonts;
pub mod image;
pub mod pages;
pub mod text;
pub mod write;

pub use write::PdfRenderer;
