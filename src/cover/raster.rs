//! Paints a canvas into a PNG with tiny-skia: rectangles as rectangles,
//! glyphs as their outlines from the bundled fonts (ttf-parser).
//!
//! No system font is ever consulted: every glyph id on the canvas was
//! shaped from a bundled face, and its outline comes from that face.

use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};

use crate::diag::Diagnostic;
use crate::fonts;
use crate::pdf::text::LineItem;

use super::layout::{Canvas, Mark};

/// Maps font units to canvas pixels: `(x, y) ↦ (a·x + c·y + e, b·x + d·y + f)`.
struct Affine {
    a: f32,
    b: f32,
    c: f32,
    d: f32,
    e: f32,
    f: f32,
}

/// Collects glyph outlines into a tiny-skia path through an [`Affine`].
struct Outline<'a> {
    path: &'a mut PathBuilder,
    m: Affine,
}

impl Outline<'_> {
    fn map(&self, x: f32, y: f32) -> (f32, f32) {
        let m = &self.m;
        (m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f)
    }
}

impl ttf_parser::OutlineBuilder for Outline<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.map(x, y);
        self.path.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.map(x, y);
        self.path.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.map(x1, y1);
        let (x, y) = self.map(x, y);
        self.path.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.map(x1, y1);
        let (x2, y2) = self.map(x2, y2);
        let (x, y) = self.map(x, y);
        self.path.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

fn paint(color: [f32; 3]) -> Paint<'static> {
    let mut p = Paint::default();
    let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    p.set_color_rgba8(c(color[0]), c(color[1]), c(color[2]), 255);
    p.anti_alias = true;
    p
}

/// Paints `canvas` at `scale` pixels per point into a `width`×`height`
/// PNG. Each glyph run becomes one path of its glyph outlines, filled
/// with the non-zero rule as TrueType outlines expect.
pub fn paint_png(
    canvas: &Canvas,
    scale: f32,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, Diagnostic> {
    let mut pixmap = Pixmap::new(width, height)
        .ok_or_else(|| Diagnostic::error("cover-raster", "cannot allocate the cover image"))?;
    let faces: Vec<Option<ttf_parser::Face>> = fonts::ALL
        .iter()
        .map(|f| ttf_parser::Face::parse(f.bytes, 0).ok())
        .collect();
    for mark in &canvas.marks {
        match mark {
            Mark::Rect { x, y, w, h, color } => {
                if let Some(rect) =
                    Rect::from_xywh(x.0 * scale, y.0 * scale, w.0 * scale, h.0 * scale)
                {
                    pixmap.fill_rect(rect, &paint(*color), Transform::identity(), None);
                }
            }
            Mark::Text {
                line,
                x,
                y,
                vertical,
            } => {
                for item in &line.items {
                    let LineItem::Glyphs(run) = item else {
                        continue;
                    };
                    let Some(Some(face)) = faces.get(run.font) else {
                        continue;
                    };
                    let s = run.size.0 / face.units_per_em() as f32 * scale;
                    let mut pb = PathBuilder::new();
                    for g in &run.glyphs {
                        let along = (run.x + g.x).0 * scale;
                        let up = run.dy.0 * scale;
                        let m = if *vertical {
                            // Advance runs down the page, letter tops face right.
                            Affine {
                                a: 0.0,
                                b: s,
                                c: s,
                                d: 0.0,
                                e: x.0 * scale + up,
                                f: y.0 * scale + along,
                            }
                        } else {
                            Affine {
                                a: s,
                                b: 0.0,
                                c: 0.0,
                                d: -s,
                                e: x.0 * scale + along,
                                f: y.0 * scale - up,
                            }
                        };
                        let mut outline = Outline { path: &mut pb, m };
                        face.outline_glyph(ttf_parser::GlyphId(g.id), &mut outline);
                    }
                    if let Some(path) = pb.finish() {
                        let color = run.color.unwrap_or([0.0; 3]);
                        pixmap.fill_path(
                            &path,
                            &paint(color),
                            FillRule::Winding,
                            Transform::identity(),
                            None,
                        );
                    }
                }
            }
        }
    }
    encode_rgb(pixmap).map_err(|e| {
        Diagnostic::error(
            "cover-raster",
            format!("cannot encode the cover image: {e}"),
        )
    })
}

/// Encodes an opaque pixmap as an 8-bit RGB PNG with the png crate's
/// fastest setting (fdeflate, every row "Up"-filtered): the cover's flat
/// colour fields repeat row to row, so Up turns them into zeros that
/// compress to almost nothing, without trying every filter per row.
/// The cover is opaque (its background fills the canvas), so dropping
/// the alpha channel loses nothing; premultiplied and straight colour
/// agree at full alpha.
/// The RGB bytes are packed in place in the pixmap's own buffer (each
/// pixel moves left, never over one not yet read), so no second
/// full-size buffer is allocated.
fn encode_rgb(pixmap: Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let (width, height) = (pixmap.width(), pixmap.height());
    let mut rgb = pixmap.take();
    let pixels = rgb.len() / 4;
    for i in 0..pixels {
        let (src, dst) = (i * 4, i * 3);
        rgb[dst] = rgb[src];
        rgb[dst + 1] = rgb[src + 1];
        rgb[dst + 2] = rgb[src + 2];
    }
    rgb.truncate(pixels * 3);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}
