//! The print PDF: a page engine and a writer, on top of the shared text
//! engine in [`crate::typeset`].
//!
//! - `pages` stacks lines into pages: flow, footnotes, running heads,
//!   folios, the contents page.
//! - `image` prepares figures' PNG and JPEG files for embedding.
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
