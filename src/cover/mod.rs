//! Covers: the EPUB cover image, the screen PDF's front cover and the
//! print wrap cover, all drawn from one design (`covers/cover.toml`).
//!
//! Pipeline: [`design`] parses the spec; [`layout`] fills it with the
//! book's metadata and places everything on a [`layout::Canvas`] (text set
//! by [`setting`]); then [`raster`] paints the canvas to a PNG, or
//! [`vector`] turns it into printpdf operations, which [`wrap`] puts on
//! the one-page wrap cover with its spine and print boxes.
//!
//! Public entry points, for the renderers and `quire check`:
//! - [`raster`]: PNG bytes for the EPUB's `cover-image`;
//! - [`front_page_ops`]: the front cover as page operations;
//! - [`wrap_pdf`]: `<slug>-cover.pdf`, given the print PDF's page count;
//! - [`check`]: what does not fit, as warnings.

pub mod design;
pub mod layout;
pub mod raster;
pub mod setting;

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
/// not returned here; `quire check` reports them through [`check`].
pub fn raster(book: &Book) -> Result<Vec<u8>, Diagnostics> {
    let design = Design::bundled().map_err(Diagnostics::from)?;
    let mut warnings = Vec::new();
    // One canvas point is one pixel.
    let canvas = front_canvas(
        &design,
        book,
        Pt(RASTER_WIDTH as f32),
        Pt(RASTER_HEIGHT as f32),
        &mut warnings,
    );
    raster::paint_png(&canvas, 1.0, RASTER_WIDTH, RASTER_HEIGHT).map_err(Diagnostics::from)
}
