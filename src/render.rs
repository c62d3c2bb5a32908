//! The renderer interface: a renderer turns a laid-out book into output
//! files.
//!
//! In: a [`RenderContext`] (the book, its settings, the print layout and
//! the laid-out covers, all made once by the driver). Out: bytes, not
//! files, so the build can write every output atomically and a failed
//! build leaves `dist/` untouched.

use crate::config::Settings;
use crate::cover::Covers;
use crate::diag::Diagnostics;
use crate::layout::Layout;
use crate::model::Book;

/// One file a renderer produced, relative to the output folder.
#[derive(Debug, Clone)]
pub struct Output {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Page count, for PDFs.
    pub pages: Option<usize>,
}

/// Everything a renderer reads, side by side: the model, the output
/// settings from book.toml, the pages of the print layout and the covers.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    pub book: &'a Book,
    pub settings: &'a Settings,
    /// The print layout; the PDF writer draws it, and every writer may read
    /// its page labels and page starts.
    pub layout: &'a Layout,
    pub covers: &'a Covers,
}

/// A renderer: EPUB, print PDF, cover. Renderers are `Send + Sync` so the
/// build can run them at once, each on its own thread.
pub trait Renderer: Send + Sync {
    /// Short name used by `--format` ("epub", "pdf").
    fn name(&self) -> &'static str;

    /// Renders the book. Warnings go into `diags`; an `Err` means no output.
    fn render(
        &self,
        ctx: &RenderContext<'_>,
        diags: &mut Diagnostics,
    ) -> Result<Vec<Output>, Diagnostics>;
}
