//! Covers: the EPUB cover image, the screen PDF's front cover and the
//! print wrap cover, all drawn from one design (`covers/cover.toml`).
//!
//! Pipeline: [`design`] parses the spec; [`layout`] fills it with the
//! book's metadata and places everything on a [`layout::Canvas`] (text set
//! by [`setting`]); then [`raster`] paints the canvas to a PNG, or
//! [`vector`] draws it into a PDF content stream, which [`wrap`] puts on
//! the one-page wrap cover with its spine and print boxes.
//!
//! Public entry points, for the renderers and `recto check`:
//! - [`raster`]: PNG bytes for the EPUB's `cover-image`;
//! - [`draw_front_page`]: the front cover drawn into a page's content;
//! - [`wrap_pdf`]: `<slug>-cover.pdf`, given the print PDF's page count;
//! - [`check`]: what does not fit, as warnings.

pub mod design;
pub mod layout;
pub mod raster;
pub mod setting;
pub mod vector;
pub mod wrap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Book;
use crate::pdf::embed::FontEmbedder;
use crate::pdf::write::CoverArt;
use crate::render::Output;
use crate::units::Pt;
use pdf_writer::Content;

use design::Design;
use layout::{Canvas, Frame, Side};

/// Width of the EPUB cover image in pixels.
pub const RASTER_WIDTH: u32 = 1600;
/// Height of the EPUB cover image in pixels (1:1.6, the usual e-book
/// cover proportion).
pub const RASTER_HEIGHT: u32 = 2560;

/// Lays out the front cover on a `width` × `height` canvas.
fn front_canvas(
    design: &Design,
    book: &Book,
    width: Pt,
    height: Pt,
    diags: &mut Vec<Diagnostic>,
) -> Canvas {
    let mut canvas = Canvas {
        width,
        height,
        marks: vec![layout::Mark::Rect {
            x: Pt::ZERO,
            y: Pt::ZERO,
            w: width,
            h: height,
            color: design.color(&design.front.background),
        }],
    };
    let setter = setting::Setter::new(book);
    layout::panel(
        &setter,
        design,
        Side::Front,
        book,
        Frame::plain(width, height),
        &mut canvas,
        diags,
    );
    canvas
}

/// The EPUB cover image: the front cover as a 1600×2560 PNG.
///
/// Deterministic: the same book gives the same bytes. Fit warnings are
/// not returned here; `recto check` reports them through [`check`].
pub fn raster(book: &Book) -> Result<Vec<u8>, Diagnostics> {
    let design = Design::bundled().map_err(Diagnostics::from)?;
    let mut warnings = Vec::new();
    // One canvas point is one pixel.
    let canvas = front_canvas(
        design,
        book,
        Pt(RASTER_WIDTH as f32),
        Pt(RASTER_HEIGHT as f32),
        &mut warnings,
    );
    raster::paint_png(&canvas, 1.0, RASTER_WIDTH, RASTER_HEIGHT).map_err(Diagnostics::from)
}

/// Draws the front cover into `content` on a `width` × `height` page
/// (the trim), origin at its lower-left corner. Text goes through `fonts`,
/// the document's embedder, so the cover shares the book's font subsets.
/// An unusable design draws nothing; `recto check` reports it.
pub fn draw_front_page(
    book: &Book,
    fonts: &mut FontEmbedder,
    width: Pt,
    height: Pt,
    content: &mut Content,
) {
    let Ok(design) = Design::bundled() else {
        return;
    };
    let canvas = front_canvas(design, book, width, height, &mut Vec::new());
    vector::draw(&canvas, fonts, content);
}

/// The front cover for the screen profile of the book PDF: plug into
/// `PdfRenderer { cover: Some(Box::new(recto::cover::FrontCover)) }`.
#[derive(Debug, Clone, Copy, Default)]
pub struct FrontCover;

impl CoverArt for FrontCover {
    fn draw(
        &self,
        book: &Book,
        fonts: &mut FontEmbedder,
        width: Pt,
        height: Pt,
        content: &mut Content,
    ) {
        draw_front_page(book, fonts, width, height, content)
    }
}

/// The print wrap cover `<slug>-cover.pdf` for a print PDF of
/// `page_count` pages (the spine is `page_count × caliper`).
pub fn wrap_pdf(book: &Book, page_count: usize) -> Result<Output, Diagnostics> {
    let design = Design::bundled().map_err(Diagnostics::from)?;
    let geometry = wrap::Geometry::new(book, page_count).map_err(Diagnostics::from)?;
    let bytes = wrap::pdf(design, book, &geometry, &mut Vec::new()).map_err(Diagnostics::from)?;
    Ok(Output {
        name: format!("{}-cover.pdf", book.meta.slug),
        bytes,
        pages: Some(1),
    })
}

/// What `recto check` says about the covers: text that does not fit its
/// box (on the wrap at the trim size, and on the 1600×2560 image, whose
/// proportions differ), and a spine too narrow for its text, for a print
/// PDF of about `page_count_estimate` pages.
pub fn check(book: &Book, page_count_estimate: usize) -> Diagnostics {
    let mut found = Vec::new();
    let design = match Design::bundled() {
        Ok(d) => d,
        Err(e) => return Diagnostics::from(e),
    };
    match wrap::Geometry::new(book, page_count_estimate) {
        Ok(g) => {
            let setter = setting::Setter::new(book);
            wrap::canvas(design, &setter, book, &g, &mut found);
        }
        Err(e) => found.push(e),
    }
    front_canvas(
        design,
        book,
        Pt(RASTER_WIDTH as f32),
        Pt(RASTER_HEIGHT as f32),
        &mut found,
    );
    let mut out = Diagnostics::default();
    for d in found {
        if !out
            .iter()
            .any(|o| o.code == d.code && o.message == d.message)
        {
            out.push(d);
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! A book with the bundled manuscript's metadata, for unit tests.

    use crate::model::{Book, BuildInfo, Contributor, Date, Lang, Meta, Role};

    pub fn book() -> Book {
        let person = |name: &str, role| Contributor {
            name: name.into(),
            file_as: None,
            role,
        };
        let date = Date {
            year: 2026,
            month: Some(11),
            day: Some(22),
        };
        Book {
            meta: Meta {
                title: "January 2022 in Kazakhstan".into(),
                subtitle: Some("Two accounts, a chronology and their sources".into()),
                contributors: vec![
                    person("The Meridian Editorial Group", Role::Editor),
                    person("Sergey Duvanov", Role::Author),
                    person("Correspondent from Kazakhstan", Role::Author),
                ],
                lang: Lang::En,
                identifier: "urn:uuid:292ec1fa-124c-4169-83f4-3e4ce3953d7c".into(),
                isbn: Some("978-0-00-000000-0".into()),
                publisher: "Meridian Editions".into(),
                rights: String::new(),
                description: "In January 2022 a protest against the price of car fuel in \
                    western Kazakhstan became the deadliest crisis in the country’s independent \
                    history. This book sets two contemporary accounts side by side."
                    .into(),
                subjects: vec![],
                keywords: vec![],
                date,
                slug: "test".into(),
            },
            parts: vec![],
            chapters: vec![],
            sources: vec![],
            build: BuildInfo {
                version: "test".into(),
                date,
                timestamp: 0,
            },
            hyphenation: Default::default(),
            pdf: Default::default(),
            epub: Default::default(),
            cover: Default::default(),
        }
    }
}
