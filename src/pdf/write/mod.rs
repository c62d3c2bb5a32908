//! Document writing: draws the laid-out pages into content streams
//! ([`draw`]), assembles them with the subset fonts and the figures'
//! images into a document ([`assemble`]), then finishes the file in one
//! lopdf pass ([`post`]).
//!
//! [`PdfRenderer`] is the writer behind the
//! [`Renderer`](crate::render::Renderer) trait: it draws the layout the
//! driver made (and the covers) and never lays anything out itself.

mod assemble;
mod draw;
mod post;

pub use assemble::{assemble, DrawnPage};
pub use draw::{crop_marks, stroke, Images, LinkArea, PageExtras};
pub use post::{compress_streams, pdf_date, save, text_string};

use crate::cover::canvas::Canvas;
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::Layout;
use crate::model::Book;
use crate::pdf::embed::FontEmbedder;
use crate::render::{Output, RenderContext, Renderer};

/// The print PDF renderer: draws the print layout as `<slug>.pdf` (the
/// screen profile opening with the front cover), and the wrap cover.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfRenderer {
    /// Also writes the print wrap cover `<slug>-cover.pdf`, whose spine
    /// follows the book PDF's page count.
    pub wrap: bool,
}

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(
        &self,
        ctx: &RenderContext<'_>,
        diags: &mut Diagnostics,
    ) -> Result<Vec<Output>, Diagnostics> {
        let (book, layout) = (ctx.book, ctx.layout);
        let cover = ctx.covers.front_page.as_ref();
        let bytes = write(book, layout, cover, diags).map_err(Diagnostics::from)?;
        let pages = layout.pages.len();
        let mut outputs = vec![Output {
            name: format!("{}.pdf", book.meta.slug),
            bytes,
            pages: Some(pages),
        }];
        if self.wrap {
            outputs.push(super::cover::wrap_pdf(book, ctx.covers)?);
        }
        Ok(outputs)
    }
}

/// Writes a laid-out book to PDF bytes. With `cover` (a canvas of the trim
/// size), the layout's cover page shows it.
pub fn write(
    book: &Book,
    layout: &Layout,
    cover: Option<&Canvas>,
    warnings: &mut Diagnostics,
) -> Result<Vec<u8>, Diagnostic> {
    let mut fonts = FontEmbedder::new();
    let mut images = Images::default();
    let (pages, extras): (Vec<DrawnPage>, Vec<PageExtras>) =
        draw::draw_pages(layout, &mut fonts, &mut images, cover)
            .into_iter()
            .unzip();
    let margin = draw::media_margin(layout);
    let (doc, page_ids) = assemble(&book.meta.title, pages, fonts, &images)?;
    post::finish(doc, &page_ids, book, layout, &extras, margin.0, warnings)
}
