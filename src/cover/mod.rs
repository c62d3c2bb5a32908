//! Covers: the EPUB cover image, the screen PDF's front cover and the
//! print wrap cover, all drawn from one design (`covers/cover.toml`).
//!
//! In: the book, its settings (`[cover]`, `[pdf]`, `[hyphenation]`) and the
//! print layout's page count. Out: [`Covers`], drawings (a
//! [`canvas::Canvas`] of glyph runs, rules and fills), plus every fit
//! warning; [`raster`] paints a canvas to the EPUB's PNG. The PDF writer
//! draws canvases itself (`pdf::cover`): this module knows nothing about
//! PDF.
//!
//! Pipeline, one file per job: [`design`] parses the spec; [`panel`] and
//! [`spine`] fill it with the book's metadata and place everything on a
//! [`canvas::Canvas`] (the drawing model), setting text with [`setting`]
//! through the shared text engine and shrinking it to fit with [`fit`];
//! [`wrap`] places the back cover, spine and front cover on one canvas;
//! [`paint`] paints a canvas into pixel rows and [`raster`] encodes them
//! as the PNG.

pub mod canvas;
pub mod design;
pub mod fit;
pub mod paint;
pub mod panel;
pub mod raster;
pub mod setting;
pub mod spine;
pub mod wrap;

use crate::config::Settings;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Book;
use crate::units::Pt;

use canvas::{Canvas, Frame};
use design::Design;
use panel::Side;

/// Width of the EPUB cover image in pixels.
pub const RASTER_WIDTH: u32 = 1600;
/// Height of the EPUB cover image in pixels (1:1.6, the usual e-book
/// cover proportion).
pub const RASTER_HEIGHT: u32 = 2560;

/// The laid-out covers of one book.
#[derive(Debug, Clone)]
pub struct Covers {
    /// The front cover on a 1600 × 2560 canvas (one point per pixel), for
    /// the EPUB's cover image; `None` when the design is unusable.
    pub image: Option<Canvas>,
    /// The front cover at the trim size, for the screen PDF's first page.
    pub front_page: Option<Canvas>,
    /// The print wrap (back, spine, front) on one canvas the size of its
    /// media box, with its geometry.
    pub wrap: Option<(Canvas, wrap::Geometry)>,
}

/// Lays out the covers for a print PDF of `page_count` pages (the spine is
/// `page_count × caliper`): the EPUB image, the front cover page (when
/// `front_page`) and the wrap. Text that does not fit its box and a spine
/// too narrow for its text are warnings in `diags`, each said once; an
/// unusable design or trim size is an error there.
pub fn lay_out(
    book: &Book,
    settings: &Settings,
    page_count: usize,
    front_page: bool,
    diags: &mut Diagnostics,
) -> Covers {
    let mut found = Diagnostics::default();
    let covers = match Design::bundled() {
        Ok(design) => {
            let setter = setting::Setter::with(&settings.hyphenation, book.meta.lang);
            let wrap = match wrap::Geometry::new(settings, page_count) {
                Ok(g) => {
                    let canvas =
                        wrap::canvas(design, &setter, book, &settings.cover, &g, &mut found);
                    Some((canvas, g))
                }
                Err(e) => {
                    found.push(e);
                    None
                }
            };
            let image = front_canvas(
                design,
                &setter,
                book,
                Pt(RASTER_WIDTH as f32),
                Pt(RASTER_HEIGHT as f32),
                &mut found,
            );
            let front_page = match (front_page, settings.pdf.trim_size()) {
                (true, Ok((w, h))) => Some(front_canvas(design, &setter, book, w, h, &mut found)),
                _ => None,
            };
            Covers {
                image: Some(image),
                front_page,
                wrap,
            }
        }
        Err(e) => {
            found.push(e);
            Covers {
                image: None,
                front_page: None,
                wrap: None,
            }
        }
    };
    let mut said: Vec<(String, String)> = Vec::new();
    for d in found.0 {
        let key = (d.code.to_string(), d.message.clone());
        if !said.contains(&key) {
            said.push(key);
            diags.push(d);
        }
    }
    covers
}

/// Lays out the front cover on a `width` × `height` canvas.
fn front_canvas(
    design: &Design,
    setter: &setting::Setter,
    book: &Book,
    width: Pt,
    height: Pt,
    diags: &mut Diagnostics,
) -> Canvas {
    let mut canvas = Canvas {
        width,
        height,
        marks: vec![canvas::Mark::Rect {
            x: Pt::ZERO,
            y: Pt::ZERO,
            w: width,
            h: height,
            color: design.color(&design.front.background),
        }],
    };
    panel::panel(
        setter,
        design,
        Side::Front,
        book,
        Frame::plain(width, height),
        &mut canvas,
        diags,
    );
    canvas
}

/// Paints the EPUB cover image: `canvas` (one point per pixel) as a
/// 1600×2560 PNG. Deterministic: the same canvas gives the same bytes.
pub fn raster(canvas: &Canvas) -> Result<Vec<u8>, Diagnostic> {
    raster::paint_png(canvas, 1.0, RASTER_WIDTH, RASTER_HEIGHT)
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
        }
    }
}
