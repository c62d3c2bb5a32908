//! The print wrap cover: back cover, spine and front cover on one page,
//! with bleed, print boxes and optional crop marks.
//!
//! Geometry (all from book.toml): the spine is `pages × caliper`; the
//! bleed box is `2 × trim width + spine + 2 × bleed` by `trim height + 2 ×
//! bleed`; the trim box sits inside it by the bleed; with crop marks on,
//! the media box adds a slug around the bleed for the marks.

use crate::config::{CoverConfig, Settings};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Book;
use crate::units::Pt;

use super::canvas::{Canvas, Frame, Mark};
use super::design::Design;
use super::panel::{self, Side};
use super::setting::Setter;
use super::spine::{self, SpineSpec};

/// Room outside the bleed for crop marks (as in the book PDF).
const SLUG: Pt = Pt(18.0);

/// Where everything sits on the wrap, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub trim_width: Pt,
    pub trim_height: Pt,
    pub spine: Pt,
    pub bleed: Pt,
    /// Space between the bleed box and the media box (crop marks).
    pub slug: Pt,
    /// Pages of the print PDF.
    pub pages: usize,
}

impl Geometry {
    /// The wrap's geometry for a print PDF of `pages` pages: trim size from
    /// `[pdf]`, caliper and bleed from `[cover]`, crop marks from `[pdf]`.
    pub fn new(settings: &Settings, pages: usize) -> Result<Geometry, Diagnostic> {
        let (trim_width, trim_height) = settings.pdf.trim_size()?;
        Ok(Geometry {
            trim_width,
            trim_height,
            spine: spine_width(&settings.cover, pages),
            bleed: settings.cover.bleed,
            slug: if settings.pdf.crop_marks {
                SLUG
            } else {
                Pt::ZERO
            },
            pages,
        })
    }

    /// Width of the bleed box: 2 × trim width + spine + 2 × bleed.
    pub fn bleed_width(&self) -> Pt {
        self.trim_width * 2.0 + self.spine + self.bleed * 2.0
    }

    /// Height of the bleed box: trim height + 2 × bleed.
    pub fn bleed_height(&self) -> Pt {
        self.trim_height + self.bleed * 2.0
    }

    pub fn media_width(&self) -> Pt {
        self.bleed_width() + self.slug * 2.0
    }

    pub fn media_height(&self) -> Pt {
        self.bleed_height() + self.slug * 2.0
    }

    /// Distance from the media box edge to the trim.
    pub fn inset(&self) -> Pt {
        self.slug + self.bleed
    }
}

/// Spine width for `pages` pages: pages × caliper.
pub fn spine_width(cover: &CoverConfig, pages: usize) -> Pt {
    cover.caliper * pages as f32
}

/// Lays out the whole wrap on one canvas the size of the media box.
///
/// The background fills the bleed box; the back cover, the spine and the
/// front cover are laid out in their trim frames, and fields on outer
/// edges run on into the bleed. Fields meeting at a fold overlap by a
/// hair so no seam shows between them.
pub fn canvas(
    design: &Design,
    setter: &Setter,
    book: &Book,
    cover: &CoverConfig,
    g: &Geometry,
    diags: &mut Diagnostics,
) -> Canvas {
    let mut canvas = Canvas {
        width: g.media_width(),
        height: g.media_height(),
        marks: vec![Mark::Rect {
            x: g.slug,
            y: g.slug,
            w: g.bleed_width(),
            h: g.bleed_height(),
            color: design.color(&design.front.background),
        }],
    };
    let seam = Pt(0.25);
    let (m, b) = (g.inset(), g.bleed);
    let back = Frame {
        x: m,
        y: m,
        w: g.trim_width,
        h: g.trim_height,
        bleed: [b, b, seam, b],
    };
    let spine = Frame {
        x: m + g.trim_width,
        y: m,
        w: g.spine,
        h: g.trim_height,
        bleed: [seam, b, seam, b],
    };
    let front = Frame {
        x: m + g.trim_width + g.spine,
        y: m,
        w: g.trim_width,
        h: g.trim_height,
        bleed: [seam, b, b, b],
    };
    if g.spine > Pt::ZERO {
        canvas.marks.push(Mark::Rect {
            x: spine.x,
            y: g.slug,
            w: spine.w,
            h: g.bleed_height(),
            color: design.color(&design.spine.background),
        });
    }
    panel::panel(setter, design, Side::Back, book, back, &mut canvas, diags);
    let spec = SpineSpec {
        text_min: cover.spine_text_min,
        margin: cover.spine_margin,
        pages: g.pages,
        text: cover.spine_text,
    };
    spine::spine(setter, design, book, spine, spec, &mut canvas, diags);
    panel::panel(setter, design, Side::Front, book, front, &mut canvas, diags);
    canvas
}
