//! The print wrap cover: back cover, spine and front cover on one page,
//! with bleed, print boxes and optional crop marks.
//!
//! Geometry (all from book.toml): the spine is `pages × caliper`; the
//! bleed box is `2 × trim width + spine + 2 × bleed` by `trim height + 2 ×
//! bleed`; the trim box sits inside it by the bleed; with crop marks on,
//! the media box adds a slug around the bleed for the marks.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use pdf_writer::Content;

use crate::diag::Diagnostic;
use crate::model::Book;
use crate::pdf::embed::FontEmbedder;
use crate::pdf::pages::Design as PageDesign;
use crate::pdf::write::{self as pdf_write, pdf_date, stroke, text_string, DrawnPage, Images};
use crate::units::Pt;

use super::design::Design;
use super::layout::{self, Canvas, Frame, Mark, Side, SpineSpec};
use super::setting::Setter;
use super::vector;

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
    pub fn new(book: &Book, pages: usize) -> Result<Geometry, Diagnostic> {
        let page = PageDesign::new(&book.pdf, book.meta.lang)?;
        Ok(Geometry {
            trim_width: page.width,
            trim_height: page.height,
            spine: spine_width(book, pages),
            bleed: book.cover.bleed.pt(),
            slug: if book.pdf.crop_marks { SLUG } else { Pt::ZERO },
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
    fn inset(&self) -> Pt {
        self.slug + self.bleed
    }
}

/// Spine width for `pages` pages: pages × caliper.
pub fn spine_width(book: &Book, pages: usize) -> Pt {
    book.cover.caliper.pt() * pages as f32
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
    g: &Geometry,
    diags: &mut Vec<Diagnostic>,
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
    layout::panel(setter, design, Side::Back, book, back, &mut canvas, diags);
    let spec = SpineSpec {
        text_min: book.cover.spine_text_min.pt(),
        margin: book.cover.spine_margin.pt(),
        pages: g.pages,
        text: book.cover.spine_text,
    };
    layout::spine(setter, design, book, spine, spec, &mut canvas, diags);
    layout::panel(setter, design, Side::Front, book, front, &mut canvas, diags);
    canvas
}

/// Crop marks at the four outer corners of the trim and fold marks at
/// both spine folds, in the slug outside the bleed (PDF coordinates).
fn crop_marks(g: &Geometry, c: &mut Content) {
    let (m, w, h) = (g.inset().0, g.media_width().0, g.media_height().0);
    pdf_write::crop_marks(c, m, w - 2.0 * m, h - 2.0 * m, g.bleed.0);
    let gap = g.bleed.0 + 3.0;
    c.save_state();
    c.set_stroke_gray(0.0);
    c.set_line_width(0.25);
    for x in [m + g.trim_width.0, m + g.trim_width.0 + g.spine.0] {
        stroke(c, x, m - gap, x, 0.0);
        stroke(c, x, h - m + gap, x, h);
    }
    c.restore_state();
}

/// Renders the wrap cover PDF: one page, fonts subset and embedded,
/// print boxes set, metadata from the book with the build timestamp.
pub fn pdf(
    design: &Design,
    book: &Book,
    g: &Geometry,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<u8>, Diagnostic> {
    let setter = Setter::new(book);
    let canvas = canvas(design, &setter, book, g, diags);
    let mut fonts = FontEmbedder::new();
    let mut c = Content::with_capacity(16 * 1024);
    vector::draw(&canvas, &mut fonts, &mut c);
    if g.slug > Pt::ZERO {
        crop_marks(g, &mut c);
    }
    let page = DrawnPage {
        width: g.media_width(),
        height: g.media_height(),
        content: c.finish().into_vec(),
        images: Vec::new(),
    };
    let (doc, pages) =
        pdf_write::assemble(&book.meta.title, vec![page], fonts, &Images::default())?;
    finish(doc, &pages, book, g)
}

/// The lopdf finishing pass of the wrap: print boxes (printpdf writes
/// only MediaBox, TrimBox and CropBox, as `[x y w h]`), a deterministic
/// information dictionary and `/ID`, then the book PDF's pruning,
/// renumbering and compression.
fn finish(
    mut doc: lopdf::Document,
    pages: &[ObjectId],
    book: &Book,
    g: &Geometry,
) -> Result<Vec<u8>, Diagnostic> {
    let fail = |what: &str| {
        Diagnostic::error(
            "cover-write",
            format!("cannot finish the wrap cover: {what}"),
        )
    };
    let rect = |x0: Pt, y0: Pt, x1: Pt, y1: Pt| {
        Object::Array(vec![x0.0.into(), y0.0.into(), x1.0.into(), y1.0.into()])
    };
    let (mw, mh) = (g.media_width(), g.media_height());
    let page_id = *pages.first().ok_or_else(|| fail("no page"))?;
    let page = doc
        .get_dictionary_mut(page_id)
        .map_err(|_| fail("the page is not a dictionary"))?;
    page.set("MediaBox", rect(Pt::ZERO, Pt::ZERO, mw, mh));
    page.set("CropBox", rect(Pt::ZERO, Pt::ZERO, mw, mh));
    page.set("BleedBox", rect(g.slug, g.slug, mw - g.slug, mh - g.slug));
    let t = g.inset();
    page.set("TrimBox", rect(t, t, mw - t, mh - t));
    page.remove(b"Annots");

    let date = text_string(&pdf_date(book.build.timestamp));
    let producer = text_string(&format!("recto {}", book.build.version));
    let mut info = Dictionary::new();
    info.set(
        "Title",
        text_string(&format!("{} (cover)", book.meta.title)),
    );
    info.set("Producer", producer.clone());
    info.set("Creator", producer);
    info.set("CreationDate", date.clone());
    info.set("ModDate", date);
    let info_id = doc.add_object(info);
    let lang = book.meta.lang.tag().as_bytes().to_vec();
    doc.catalog_mut()
        .map_err(|_| fail("no catalog"))?
        .set("Lang", Object::String(lang, StringFormat::Literal));
    let id_seed = format!(
        "{}|cover|{:.3}|{}",
        book.meta.identifier, g.spine.0, book.build.timestamp
    );
    pdf_write::save(doc, info_id, &id_seed).map_err(|e| fail(&e.to_string()))
}
