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
use crate::pdf::fonts::embed::FontEmbedder;
use crate::pdf::pages::Design as PageDesign;
use crate::pdf::write::{self as pdf_write, stroke, DrawnPage, Images};
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
    let gap = g.bleed.0 + 3.0;
    c.save_state();
    c.set_stroke_gray(0.0);
    c.set_line_width(0.25);
    let (left, right) = (m, w - m);
    let (bottom, top) = (m, h - m);
    for (cx, sx) in [(left, -1.0), (right, 1.0)] {
        for (cy, sy) in [(bottom, -1.0), (top, 1.0)] {
            stroke(c, cx + sx * gap, cy, cx + sx * m, cy);
            stroke(c, cx, cy + sy * gap, cx, cy + sy * m);
        }
    }
    let folds = [m + g.trim_width.0, m + g.trim_width.0 + g.spine.0];
    for x in folds {
        stroke(c, x, bottom - gap, x, 0.0);
        stroke(c, x, top + gap, x, h);
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

    let date = pdf_date(book.build.timestamp);
    let text = |s: &str| -> Object {
        if s.is_ascii() {
            Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
        } else {
            let mut bytes = vec![0xfe, 0xff];
            bytes.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
            Object::String(bytes, StringFormat::Hexadecimal)
        }
    };
    let mut info = Dictionary::new();
    info.set("Title", text(&format!("{} (cover)", book.meta.title)));
    info.set("Producer", text(&format!("quire {}", book.build.version)));
    info.set("Creator", text(&format!("quire {}", book.build.version)));
    info.set("CreationDate", text(&date));
    info.set("ModDate", text(&date));
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));
    let id = fingerprint(&format!(
        "{}|cover|{:.3}|{}",
        book.meta.identifier, g.spine.0, book.build.timestamp
    ));
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    let lang = book.meta.lang.tag().as_bytes().to_vec();
    doc.catalog_mut()
        .map_err(|_| fail("no catalog"))?
        .set("Lang", Object::String(lang, StringFormat::Literal));
    doc.version = "1.7".into();
    pdf_write::prune_unreachable(&mut doc);
    pdf_write::renumber(&mut doc);
    pdf_write::compress_streams(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| fail(&e.to_string()))?;
    Ok(out)
}

/// `D:YYYYMMDDHHmmSSZ` for Unix seconds.
fn pdf_date(ts: i64) -> String {
    let date = crate::model::Date::from_unix(ts);
    let secs = ts.rem_euclid(86_400);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        date.year,
        date.month.unwrap_or(1),
        date.day.unwrap_or(1),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// 16 bytes from two FNV-1a hashes of `s`, for the document `/ID`.
fn fingerprint(s: &str) -> Vec<u8> {
    let hash = |seed: u64| {
        s.bytes()
            .fold(seed, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
    };
    let mut out = hash(0xcbf2_9ce4_8422_2325).to_be_bytes().to_vec();
    out.extend(hash(0x6c62_272e_07bb_0142).to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_are_utc() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_672_876_800 + 3_723), "D:20230105010203Z");
    }
}
