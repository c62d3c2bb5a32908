//! Document writing: draws the laid-out pages into content streams
//! ([`draw`]), assembles them with the subset fonts and the figures'
//! images into a document ([`assemble`]), then finishes the file in one
//! lopdf pass ([`post`]).
//!
//! [`PdfRenderer`] is the whole print pipeline behind the
//! [`Renderer`](crate::render::Renderer) trait: design → text engine →
//! page engine → writer.

mod assemble;
mod draw;
mod post;

pub use assemble::{assemble, DrawnPage};
pub use draw::{crop_marks, stroke, Images, LinkArea, PageExtras};
pub use post::{compress_streams, pdf_date, save, text_string};

use crate::config::Profile;
use crate::cover::layout::Canvas;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Book, Inline, Note};
use crate::pdf::embed::FontEmbedder;
use crate::pdf::pages::{self, Design, Layout, Setter};
use crate::render::{Output, Renderer};
use crate::typeset::text::{ParaStyle, SetParagraph, SourceLoc, TextEngine};
use crate::units::Pt;

/// The print PDF renderer: writes `<slug>.pdf`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfRenderer {
    /// The screen profile opens with the front cover that `crate::cover`
    /// lays out; without it, with the half-title.
    pub front_cover: bool,
    /// Also writes the print wrap cover `<slug>-cover.pdf`, whose spine
    /// follows the book PDF's page count.
    pub wrap: bool,
}

impl Setter for TextEngine {
    fn set(
        &self,
        content: &[Inline],
        notes: &[Note],
        style: &ParaStyle,
        measure: Pt,
        loc: &SourceLoc,
    ) -> SetParagraph {
        self.set_paragraph(content, notes, style, measure, loc)
    }
}

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, book: &Book, diags: &mut Diagnostics) -> Result<Vec<Output>, Diagnostics> {
        let cover = if self.front_cover && book.pdf.profile == Profile::Screen {
            let (width, height) = book.pdf.trim_size().map_err(Diagnostics::from)?;
            Some(
                crate::cover::front_page(book, width, height, &mut Vec::new()).unwrap_or(Canvas {
                    width,
                    height,
                    marks: Vec::new(),
                }),
            )
        } else {
            None
        };
        let (bytes, pages) = build_pdf(book, cover.as_ref(), diags)?;
        let mut outputs = vec![Output {
            name: format!("{}.pdf", book.meta.slug),
            bytes,
            pages: Some(pages),
        }];
        if self.wrap {
            outputs.push(super::cover::wrap_pdf(book, pages)?);
        }
        Ok(outputs)
    }
}

/// Lays out and writes the book; returns the PDF bytes and page count.
/// With `cover` (a canvas of the trim size), the screen profile opens with
/// it.
pub fn build_pdf(
    book: &Book,
    cover: Option<&Canvas>,
    diags: &mut Diagnostics,
) -> Result<(Vec<u8>, usize), Diagnostics> {
    let design = Design::new(&book.pdf, book.meta.lang).map_err(Diagnostics::from)?;
    let engine = TextEngine::new(&book.hyphenation);
    let (layout, warnings) = pages::layout(book, &design, &engine, cover.is_some());
    for w in warnings {
        diags.push(w);
    }
    let mut warnings = Vec::new();
    let bytes = write(book, &layout, cover, &mut warnings).map_err(Diagnostics::from)?;
    for w in warnings {
        diags.push(w);
    }
    Ok((bytes, layout.pages.len()))
}

/// Writes a laid-out book to PDF bytes.
pub fn write(
    book: &Book,
    layout: &Layout,
    cover: Option<&Canvas>,
    warnings: &mut Vec<Diagnostic>,
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
