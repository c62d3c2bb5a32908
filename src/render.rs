//! The renderer interface: a renderer turns the [`Book`] into output files.
//!
//! Renderers return bytes rather than writing files, so the CLI can write
//! every output atomically and a failed build leaves `dist/` untouched.

use crate::diag::Diagnostics;
use crate::model::Book;

/// One file a renderer produced, relative to the output folder.
#[derive(Debug, Clone)]
pub struct Output {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Page count, for PDFs.
    pub pages: Option<usize>,
}

/// A renderer: EPUB, print PDF, cover. Renderers are `Send + Sync` so the
/// build can run them at once, each on its own thread.
pub trait Renderer: Send + Sync {
    /// Short name used by `--format` ("epub", "pdf").
    fn name(&self) -> &'static str;

    /// Renders the book. Warnings go into `diags`; an `Err` means no output.
    fn render(&self, book: &Book, diags: &mut Diagnostics) -> Result<Vec<Output>, Diagnostics>;
}
