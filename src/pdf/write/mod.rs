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

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Book, Inline, Note};
use crate::pdf::embed::FontEmbedder;
use crate::pdf::pages::{self, Design, Layout, Setter};
use crate::render::{Output, Renderer};
use crate::typeset::text::{ParaStyle, SetParagraph, SourceLoc, TextEngine};
use crate::units::Pt;
use pdf_writer::Content;

/// Draws the front cover (screen profile) on a page of the trim size;
/// the origin is the trim's lower-left corner. Implemented by the cover
/// renderer.
pub trait CoverArt {
    fn draw(
        &self,
        book: &Book,
        fonts: &mut FontEmbedder,
        width: Pt,
        height: Pt,
        content: &mut Content,
    );
}

/// The print PDF renderer: writes `<slug>.pdf`.
#[derive(Default)]
pub struct PdfRenderer {
    /// Front cover for the screen profile; `None` opens with the
    /// half-title.
    pub cover: Option<Box<dyn CoverArt + Send + Sync>>,
    /// Makes the print wrap cover from the book and the print PDF's page
    /// count (the spine depends on it); its output is written beside the
    /// book PDF.
    pub wrap: Option<WrapCover>,
}

/// Builds a wrap cover for a book of the given page count.
pub type WrapCover = fn(&Book, usize) -> Result<Output, Diagnostics>;

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
        let (bytes, pages) = build_pdf(
            book,
            self.cover.as_deref().map(|c| c as &dyn CoverArt),
            diags,
        )?;
        let mut outputs = vec![Output {
            name: format!("{}.pdf", book.meta.slug),
            bytes,
            pages: Some(pages),
        }];
        if let Some(wrap) = self.wrap {
            outputs.push(wrap(book, pages)?);
        }
        Ok(outputs)
    }
}

/// Lays out and writes the book; returns the PDF bytes and page count.
pub fn build_pdf(
    book: &Book,
    cover: Option<&dyn CoverArt>,
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
    cover: Option<&dyn CoverArt>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<u8>, Diagnostic> {
    let mut fonts = FontEmbedder::new();
    let mut images = Images::default();
    let (pages, extras): (Vec<DrawnPage>, Vec<PageExtras>) =
        draw::draw_pages(book, layout, &mut fonts, &mut images, cover)
            .into_iter()
            .unzip();
    let margin = draw::media_margin(layout);
    let (doc, page_ids) = assemble(&book.meta.title, pages, fonts, &images)?;
    post::finish(doc, &page_ids, book, layout, &extras, margin.0, warnings)
}
