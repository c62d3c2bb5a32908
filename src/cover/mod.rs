//! Covers: the EPUB cover image, the screen PDF's front cover and the
//! print wrap cover, all drawn from one design (`covers/cover.toml`).
//!
//! In: the book and its `[cover]` settings. Out: drawings (a
//! [`layout::Canvas`] of glyph runs, rules and fills) and the PNG painted
//! from one.
//!
//! Pipeline: [`design`] parses the spec; [`layout`] fills it with the
//! book's metadata and places everything on a canvas (text set by
//! [`setting`] through the shared text engine); [`wrap`] places the back
//! cover, spine and front cover on one canvas; [`raster`] paints a canvas
//! to a PNG. The PDF writer draws canvases itself (`pdf::cover`): this
//! module knows nothing about PDF.
//!
//! Public entry points, for the renderers and `recto check`:
//! - [`raster`]: PNG bytes for the EPUB's `cover-image`;
//! - [`front_page`]: the front cover on a page of the trim size;
//! - [`wrap()`]: the wrap cover's canvas and geometry, given the print
//!   PDF's page count;
//! - [`check`]: what does not fit, as warnings.

pub mod design;
pub mod layout;
pub mod raster;
pub mod setting;
pub mod wrap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Book;
use crate::units::Pt;

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

/// The front cover laid out on a `width` × `height` page (the trim), for
/// the screen profile's first page; `None` when the design is unusable
/// (`recto check` reports it). The PDF writer draws the canvas.
pub fn front_page(
    book: &Book,
    width: Pt,
    height: Pt,
    diags: &mut Vec<Diagnostic>,
) -> Option<Canvas> {
    let design = Design::bundled().ok()?;
    Some(front_canvas(design, book, width, height, diags))
}

/// The whole print wrap (back, spine, front) laid out on one canvas the
/// size of its media box, for a print PDF of `page_count` pages (the spine
/// is `page_count × caliper`), with its geometry. The PDF writer draws it.
pub fn wrap(
    book: &Book,
    page_count: usize,
    diags: &mut Vec<Diagnostic>,
) -> Result<(Canvas, wrap::Geometry), Diagnostic> {
    let design = Design::bundled()?;
    let geometry = wrap::Geometry::new(book, page_count)?;
    let setter = setting::Setter::new(book);
    let canvas = wrap::canvas(design, &setter, book, &geometry, diags);
    Ok((canvas, geometry))
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
