//! Draws the covers that `crate::cover` lays out: a canvas goes into a PDF
//! content stream (rectangles as filled paths, set lines through the font
//! embedder, so cover text is real, subset, searchable PDF text), and the
//! wrap cover becomes its own one-page PDF with print boxes and crop marks,
//! through the writer's one finishing pass.
//!
//! In: a [`Canvas`] (and the wrap's [`Geometry`]). Out: content-stream
//! operations, or the bytes of `<slug>-cover.pdf`.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use pdf_writer::Content;

use crate::cover::canvas::{Canvas, Mark};
use crate::cover::wrap::Geometry;
use crate::cover::Covers;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Book;
use crate::pdf::embed::FontEmbedder;
use crate::pdf::write::{self as pdf_write, pdf_date, stroke, text_string, DrawnPage, Images};
use crate::render::Output;
use crate::units::Pt;

/// A filled axis-aligned rectangle in PDF coordinates (lower-left `x0`,
/// `y0`).
pub fn fill_rect(c: &mut Content, x0: f32, y0: f32, w: f32, h: f32, [r, g, b]: [f32; 3]) {
    c.set_fill_rgb(r, g, b);
    c.rect(x0, y0, w, h);
    c.fill_nonzero();
}

/// Appends the operations drawing `canvas` with its lower-left corner at
/// the current origin. Canvas y runs down, PDF y up: `y ↦ height − y`.
/// A vertical line is drawn in a rotated coordinate system whose x axis
/// points down the page and whose y axis points right, so it reads top to
/// bottom with the letter tops facing the front cover.
pub fn draw(canvas: &Canvas, fonts: &mut FontEmbedder, c: &mut Content) {
    let h = canvas.height;
    c.save_state();
    for mark in &canvas.marks {
        match mark {
            Mark::Rect {
                x,
                y,
                w,
                h: rh,
                color,
            } => {
                fill_rect(c, x.0, (h - *y - *rh).0, w.0, rh.0, *color);
            }
            Mark::Text {
                line,
                x,
                y,
                vertical: false,
            } => fonts.emit_line(line, *x, h - *y, c),
            Mark::Text {
                line,
                x,
                y,
                vertical: true,
            } => {
                c.save_state();
                c.transform([0.0, -1.0, 1.0, 0.0, x.0, (h - *y).0]);
                fonts.emit_line(line, Pt::ZERO, Pt::ZERO, c);
                c.restore_state();
            }
        }
    }
    c.restore_state();
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

/// The print wrap cover `<slug>-cover.pdf`, drawn from the wrap that
/// `crate::cover` laid out for the print PDF's page count.
pub fn wrap_pdf(book: &Book, covers: &Covers) -> Result<Output, Diagnostics> {
    let (canvas, geometry) = covers.wrap.as_ref().ok_or_else(|| {
        Diagnostics::from(
            Diagnostic::error("cover-write", "the wrap cover could not be laid out")
                .hint("run `recto check` for the cover's own diagnostics"),
        )
    })?;
    let bytes = wrap_bytes(canvas, book, geometry).map_err(Diagnostics::from)?;
    Ok(Output {
        name: format!("{}-cover.pdf", book.meta.slug),
        bytes,
        pages: Some(1),
    })
}

/// Renders the wrap cover PDF: one page, fonts subset and embedded,
/// print boxes set, metadata from the book with the build timestamp.
fn wrap_bytes(canvas: &Canvas, book: &Book, g: &Geometry) -> Result<Vec<u8>, Diagnostic> {
    let mut fonts = FontEmbedder::new();
    let mut c = Content::with_capacity(16 * 1024);
    draw(canvas, &mut fonts, &mut c);
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
