//! The print PDF writer: draws what the layout and the covers made.
//!
//! In: a `RenderContext` (the book, its settings, the print layout from
//! `crate::layout`, the covers from `crate::cover`). Out: the bytes of
//! `<slug>.pdf` and `<slug>-cover.pdf`.
//!
//! - `write` draws laid-out pages into content streams (pdf-writer),
//!   assembles the document with printpdf and the subset fonts, and adds
//!   what printpdf lacks (nested bookmarks, page labels, XMP) in one place.
//! - `cover` draws the covers `crate::cover` lays out: the screen
//!   profile's front cover page and the print wrap `<slug>-cover.pdf`.
//! - `embed` subsets the fonts the pages use and embeds them (CID fonts
//!   with ToUnicode maps); `proof` sets paragraphs on bare pages for
//!   examples and benchmarks of the text engine.

pub mod cover;
pub mod embed;
pub mod proof;
pub mod write;

pub use write::PdfRenderer;
