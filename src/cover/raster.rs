//! Paints a canvas into a PNG with tiny-skia: rectangles as rectangles,
//! glyphs as their outlines from the bundled fonts (ttf-parser).
//!
//! No system font is ever consulted: every glyph id on the canvas was
//! shaped from a bundled face, and its outline comes from that face.
//!
//! The image is painted a band of rows at a time into one small reused
//! pixmap and streamed to the PNG encoder, so the full 1600×2560 RGBA
//! image never exists in memory. Rows that no glyph and no rectangle edge
//! touches are identical to their neighbours, so each run of them is
//! painted once. A cover has few colours (flat fields, and text whose
//! anti-aliasing blends two of them), so it is written as a palette PNG,
//! a third of the RGB data; a canvas with more than 256 colours is
//! painted again as RGB.

use std::io::Write;
use std::ops::Range;

use tiny_skia::{Color, FillRule, Paint, Path, PathBuilder, PixmapMut, Rect, Transform};

use crate::diag::Diagnostic;
use crate::typeset::fonts;
use crate::typeset::text::LineItem;

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

/// What a prepared mark fills.
enum Shape {
    Rect(Rect),
    Path(Path),
}

/// A mark in canvas pixels, ready to fill into any band of rows.
struct Prepared {
    shape: Shape,
    paint: Paint<'static>,
    /// The rows the mark may change.
    rows: Range<u32>,
}

/// The tallest band painted at once (rows); taller bands are split.
const MAX_BAND: u32 = 384;

/// The rows from `top` to `bottom` (canvas pixels), widened by one row
/// each way for anti-aliasing and clamped to `0..height`.
fn rows_of(top: f32, bottom: f32, height: u32) -> Range<u32> {
    let clamp = |v: f32| v.clamp(0.0, height as f32) as u32;
    clamp(top.floor() - 1.0)..clamp(bottom.ceil() + 1.0)
}

/// Turns the canvas's marks into shapes in pixels: each glyph run becomes
/// one path of its glyph outlines (filled with the non-zero rule, as
/// TrueType outlines expect).
fn prepare(canvas: &Canvas, scale: f32, height: u32) -> Vec<Prepared> {
    let faces = fonts::faces();
    let mut prepared = Vec::new();
    for mark in &canvas.marks {
        match mark {
            Mark::Rect { x, y, w, h, color } => {
                if let Some(rect) =
                    Rect::from_xywh(x.0 * scale, y.0 * scale, w.0 * scale, h.0 * scale)
                {
                    prepared.push(Prepared {
                        shape: Shape::Rect(rect),
                        paint: paint(*color),
                        rows: rows_of(rect.top(), rect.bottom(), height),
                    });
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
                    let Some(face) = faces.get(run.font).map(|f| &f.face) else {
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
                        let b = path.bounds();
                        prepared.push(Prepared {
                            shape: Shape::Path(path),
                            paint: paint(run.color.unwrap_or([0.0; 3])),
                            rows: rows_of(b.top(), b.bottom(), height),
                        });
                    }
                }
            }
        }
    }
    prepared
}

/// A stretch of rows painted together.
struct Segment {
    rows: Range<u32>,
    /// Every row is like the first (no glyph, no rectangle edge): paint
    /// one, repeat it.
    uniform: bool,
}

/// Splits `0..height` into segments. Rows whose content may differ from
/// their neighbours' are busy: those a glyph run touches, and those
/// holding a rectangle's top or bottom edge. Overlapping busy ranges are
/// merged and painted in bands of at most `max_band` rows, cut only
/// where no glyph run crosses (a path clipped at a band's edge would be
/// rasterised slightly differently), so a band is taller only when one
/// run is. The rows between are uniform runs.
fn segments(marks: &[Prepared], height: u32, max_band: u32) -> Vec<Segment> {
    let mut paths: Vec<Range<u32>> = Vec::new();
    let mut busy: Vec<Range<u32>> = Vec::new();
    for m in marks {
        match &m.shape {
            Shape::Path(_) => paths.push(m.rows.clone()),
            Shape::Rect(r) => {
                busy.push(rows_of(r.top(), r.top(), height));
                busy.push(rows_of(r.bottom(), r.bottom(), height));
            }
        }
    }
    busy.extend(paths.iter().cloned());
    busy.retain(|r| !r.is_empty());
    busy.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<u32>> = Vec::new();
    for r in busy {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    // A band may end at `y` if no glyph run spans it.
    let can_cut = |y: u32| !paths.iter().any(|p| p.start < y && y < p.end);
    let mut out = Vec::new();
    let mut y = 0;
    for band in merged {
        if band.start > y {
            out.push(Segment {
                rows: y..band.start,
                uniform: true,
            });
        }
        // Candidate cuts: where glyph runs start or end, and the band's end.
        let mut cuts: Vec<u32> = paths
            .iter()
            .flat_map(|p| [p.start, p.end])
            .filter(|&c| c > band.start && c < band.end && can_cut(c))
            .chain(std::iter::once(band.end))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut start = band.start;
        while start < band.end {
            let limit = start.saturating_add(max_band);
            // The furthest cut within the limit, else the nearest beyond.
            let next = cuts.partition_point(|&c| c <= start);
            let within = cuts.partition_point(|&c| c <= limit);
            let end = if within > next {
                cuts[within - 1]
            } else {
                cuts.get(next).copied().unwrap_or(band.end)
            };
            out.push(Segment {
                rows: start..end,
                uniform: false,
            });
            start = end;
        }
        y = band.end;
    }
    if y < height {
        out.push(Segment {
            rows: y..height,
            uniform: true,
        });
    }
    out
}

/// Paints the canvas band by band into one reused buffer and hands each
/// row (premultiplied RGBA) to `sink` with how many times it repeats.
/// Stops early when `sink` returns false. Rectangles are shifted into the
/// band by exact integer offsets and paths by a translation, so a band
/// holds the same pixels as the same rows of one full-size paint.
fn paint_rows(
    marks: &[Prepared],
    segments: &[Segment],
    width: u32,
    sink: &mut dyn FnMut(&[u8], u32) -> bool,
) -> Result<bool, Diagnostic> {
    let tallest = segments
        .iter()
        .map(|s| if s.uniform { 1 } else { s.rows.len() as u32 })
        .max()
        .unwrap_or(1);
    let stride = width as usize * 4;
    let mut buf = vec![0u8; stride * tallest as usize];
    let no_memory = || Diagnostic::error("cover-raster", "cannot allocate the cover image");
    for seg in segments {
        let top = seg.rows.start;
        let rows = if seg.uniform {
            1
        } else {
            seg.rows.len() as u32
        };
        let mut pixmap = PixmapMut::from_bytes(&mut buf[..stride * rows as usize], width, rows)
            .ok_or_else(no_memory)?;
        pixmap.fill(Color::TRANSPARENT);
        let band = top..top + rows;
        let dy = top as f32;
        for m in marks
            .iter()
            .filter(|m| m.rows.start < band.end && band.start < m.rows.end)
        {
            match &m.shape {
                Shape::Rect(r) => {
                    if let Some(r) = Rect::from_xywh(r.x(), r.y() - dy, r.width(), r.height()) {
                        pixmap.fill_rect(r, &m.paint, Transform::identity(), None);
                    }
                }
                Shape::Path(p) => {
                    let shift = if top == 0 {
                        Transform::identity()
                    } else {
                        Transform::from_translate(0.0, -dy)
                    };
                    pixmap.fill_path(p, &m.paint, FillRule::Winding, shift, None);
                }
            }
        }
        if seg.uniform {
            if !sink(&buf[..stride], seg.rows.len() as u32) {
                return Ok(false);
            }
        } else {
            for row in buf[..stride * rows as usize].chunks_exact(stride) {
                if !sink(row, 1) {
                    return Ok(false);
                }
            }
        }
    }
    Ok(true)
}

/// Slots in [`Indexed`]'s colour cache (a power of two).
const CACHE: usize = 1024;

/// Collects painted rows as palette indices, for as long as the image
/// has at most 256 colours. Colours are numbered in order of first
/// appearance, so the palette is deterministic.
struct Indexed {
    /// Colours as `0xAABBGGRR`; PNG gets their RGB.
    palette: Vec<u32>,
    /// A direct-mapped cache from colour to palette index (`u16::MAX`:
    /// empty), in front of a search of the palette.
    cache: Vec<(u32, u16)>,
    /// The distinct consecutive rows' indices, one after another.
    data: Vec<u8>,
    /// How many times each stored row repeats.
    repeats: Vec<u32>,
    /// The last row received (RGBA), to spot repeats cheaply.
    last: Vec<u8>,
}

impl Indexed {
    fn new() -> Indexed {
        Indexed {
            palette: Vec::new(),
            cache: vec![(0, u16::MAX); CACHE],
            data: Vec::new(),
            repeats: Vec::new(),
            last: Vec::new(),
        }
    }

    /// The palette index of a colour, added if new; `None` past 256
    /// colours.
    fn index(&mut self, rgb: u32) -> Option<u8> {
        let slot = (rgb.wrapping_mul(0x9E37_79B1) >> 22) as usize % CACHE;
        let (c, i) = self.cache[slot];
        if c == rgb && i != u16::MAX {
            return Some(i as u8);
        }
        let i = match self.palette.iter().position(|&p| p == rgb) {
            Some(i) => i,
            None => {
                self.palette.push(rgb);
                self.palette.len() - 1
            }
        };
        let i = u8::try_from(i).ok()?;
        self.cache[slot] = (rgb, u16::from(i));
        Some(i)
    }

    /// Adds `repeat` copies of an RGBA row; false once there are more
    /// than 256 colours. Runs of one colour are looked up once.
    fn push(&mut self, rgba: &[u8], repeat: u32) -> bool {
        if rgba == self.last.as_slice() {
            if let Some(n) = self.repeats.last_mut() {
                *n += repeat;
                return true;
            }
        }
        self.last.clear();
        self.last.extend_from_slice(rgba);
        let mut data = std::mem::take(&mut self.data);
        let start = data.len();
        data.resize(start + rgba.len() / 4, 0);
        // The previous pixel's colour and index: most pixels repeat it.
        let (mut prev, mut prev_index) = (None::<u32>, 0u8);
        for (px, out) in rgba.chunks_exact(4).zip(&mut data[start..]) {
            // Alpha is kept in the key (it is 255 on an opaque canvas):
            // one load per pixel.
            let rgba = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
            if prev != Some(rgba) {
                match self.index(rgba) {
                    Some(i) => prev_index = i,
                    None => return false,
                }
                prev = Some(rgba);
            }
            *out = prev_index;
        }
        self.data = data;
        self.repeats.push(repeat);
        true
    }

    /// The palette as PNG's `PLTE` bytes.
    fn plte(&self) -> Vec<u8> {
        self.palette
            .iter()
            .flat_map(|c| {
                let [r, g, b, _] = c.to_le_bytes();
                [r, g, b]
            })
            .collect()
    }
}

/// Paints `canvas` at `scale` pixels per point into a `width`×`height`
/// PNG: a palette PNG when the image has at most 256 colours (a cover's
/// usual case), else 8-bit RGB. The bytes depend on the canvas only.
pub fn paint_png(
    canvas: &Canvas,
    scale: f32,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, Diagnostic> {
    paint_png_in_bands(canvas, scale, width, height, MAX_BAND)
}

/// [`paint_png`] with bands of at most `max_band` rows.
fn paint_png_in_bands(
    canvas: &Canvas,
    scale: f32,
    width: u32,
    height: u32,
    max_band: u32,
) -> Result<Vec<u8>, Diagnostic> {
    if width == 0 || height == 0 {
        return Err(Diagnostic::error(
            "cover-raster",
            "cannot allocate the cover image",
        ));
    }
    let marks = prepare(canvas, scale, height);
    let segments = segments(&marks, height, max_band);
    let encode_err = |e: png::EncodingError| {
        Diagnostic::error(
            "cover-raster",
            format!("cannot encode the cover image: {e}"),
        )
    };
    let mut indexed = Indexed::new();
    if paint_rows(&marks, &segments, width, &mut |row, n| indexed.push(row, n))? {
        return encode_indexed(&indexed, width, height).map_err(encode_err);
    }
    encode_rgb(&marks, &segments, width, height)
}

/// Sets the encoder options both PNG forms share: 8-bit samples, every
/// row "Up"-filtered, and the png crate's fastest deflate (fdeflate). The
/// cover's flat colour fields repeat row to row, so Up turns them into
/// zeros that compress to almost nothing, without trying every filter
/// per row.
fn encoder(out: &mut Vec<u8>, width: u32, height: u32) -> png::Encoder<'_, &mut Vec<u8>> {
    let mut encoder = png::Encoder::new(out, width, height);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    encoder.set_filter(png::Filter::Up);
    encoder
}

/// Writes the collected palette rows as an indexed PNG, streaming each
/// row as often as it repeats.
fn encode_indexed(rows: &Indexed, width: u32, height: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = encoder(&mut out, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_palette(rows.plte());
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    for (row, &n) in rows.data.chunks_exact(width as usize).zip(&rows.repeats) {
        for _ in 0..n {
            stream.write_all(row)?;
        }
    }
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

/// Paints the canvas again, streaming 8-bit RGB rows to the encoder. The
/// image is opaque (its background fills the canvas), so dropping the
/// alpha channel loses nothing: premultiplied and straight colour agree
/// at full alpha.
fn encode_rgb(
    marks: &[Prepared],
    segments: &[Segment],
    width: u32,
    height: u32,
) -> Result<Vec<u8>, Diagnostic> {
    let encode_err = |e: &dyn std::fmt::Display| {
        Diagnostic::error(
            "cover-raster",
            format!("cannot encode the cover image: {e}"),
        )
    };
    let mut out = Vec::new();
    let mut encoder = encoder(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().map_err(|e| encode_err(&e))?;
    let mut stream = writer.stream_writer().map_err(|e| encode_err(&e))?;
    let mut rgb = vec![0u8; width as usize * 3];
    let mut failed = None;
    paint_rows(marks, segments, width, &mut |rgba, n| {
        for (d, s) in rgb.chunks_exact_mut(3).zip(rgba.chunks_exact(4)) {
            d.copy_from_slice(&s[..3]);
        }
        for _ in 0..n {
            if let Err(e) = stream.write_all(&rgb) {
                failed = Some(e);
                return false;
            }
        }
        true
    })?;
    if let Some(e) = failed {
        return Err(encode_err(&e));
    }
    stream.finish().map_err(|e| encode_err(&e))?;
    writer.finish().map_err(|e| encode_err(&e))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cover::design::Design;
    use crate::cover::layout::{self, Frame, Side};
    use crate::cover::setting::Setter;
    use crate::units::Pt;

    /// The front cover of `book` laid out on a `w`×`h` canvas.
    fn front(book: &crate::model::Book, w: u32, h: u32) -> Canvas {
        let design = Design::bundled().unwrap();
        let (w, h) = (Pt(w as f32), Pt(h as f32));
        let mut canvas = Canvas {
            width: w,
            height: h,
            marks: vec![Mark::Rect {
                x: Pt::ZERO,
                y: Pt::ZERO,
                w,
                h,
                color: design.color(&design.front.background),
            }],
        };
        let setter = Setter::new(book);
        let frame = Frame::plain(w, h);
        layout::panel(
            &setter,
            design,
            Side::Front,
            book,
            frame,
            &mut canvas,
            &mut Vec::new(),
        );
        canvas
    }

    /// The reference: every mark painted once into one full-size pixmap,
    /// as RGB.
    fn one_pass(canvas: &Canvas, width: u32, height: u32) -> Vec<u8> {
        let marks = prepare(canvas, 1.0, height);
        let mut pixmap = tiny_skia::Pixmap::new(width, height).unwrap();
        for m in &marks {
            match &m.shape {
                Shape::Rect(r) => pixmap.fill_rect(*r, &m.paint, Transform::identity(), None),
                Shape::Path(p) => {
                    pixmap.fill_path(p, &m.paint, FillRule::Winding, Transform::identity(), None)
                }
            }
        }
        pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect()
    }

    /// Decodes a PNG to 8-bit RGB, expanding a palette.
    fn decode(png_bytes: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let color = reader.info().color_type;
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        buf.truncate(info.buffer_size());
        (color, buf)
    }

    /// How many pixels of the banded paint differ from a one-pass paint;
    /// also checks that painting twice gives the same bytes.
    fn differing_pixels(
        canvas: &Canvas,
        width: u32,
        height: u32,
        max_band: u32,
    ) -> (usize, png::ColorType) {
        let bytes = paint_png_in_bands(canvas, 1.0, width, height, max_band).unwrap();
        assert_eq!(
            bytes,
            paint_png_in_bands(canvas, 1.0, width, height, max_band).unwrap()
        );
        let (color, pixels) = decode(&bytes);
        let reference = one_pass(canvas, width, height);
        let differing = pixels
            .chunks_exact(3)
            .zip(reference.chunks_exact(3))
            .filter(|(a, b)| a != b)
            .count();
        (differing, color)
    }

    #[test]
    fn banded_paint_matches_a_full_size_paint() {
        let book = crate::cover::testing::book();
        let canvas = front(&book, 400, 640);
        let (differing, color) = differing_pixels(&canvas, 400, 640, MAX_BAND);
        assert_eq!(differing, 0);
        assert_eq!(color, png::ColorType::Indexed, "a cover has few colours");
    }

    #[test]
    fn narrow_bands_split_between_glyph_runs_only() {
        let mut book = crate::cover::testing::book();
        book.meta.title = "Steppe and sky ".repeat(40);
        let canvas = front(&book, 800, 1280);
        let marks = prepare(&canvas, 1.0, 1280);
        let segs = segments(&marks, 1280, 7);
        let covered: usize = segs.iter().map(|s| s.rows.len()).sum();
        assert_eq!(covered, 1280);
        assert!(segs.windows(2).all(|w| w[0].rows.end == w[1].rows.start));
        for s in &segs {
            for m in marks.iter().filter(|m| matches!(m.shape, Shape::Path(_))) {
                let inside = s.rows.start <= m.rows.start && m.rows.end <= s.rows.end;
                let apart = m.rows.end <= s.rows.start || s.rows.end <= m.rows.start;
                assert!(inside || apart, "{:?} cuts a run at {:?}", s.rows, m.rows);
            }
        }
        // The narrow limit did split merged bands.
        let bands = |segs: &[Segment]| segs.iter().filter(|s| !s.uniform).count();
        assert!(bands(&segs) > bands(&segments(&marks, 1280, MAX_BAND)));
        let (differing, _) = differing_pixels(&canvas, 800, 1280, 7);
        assert_eq!(differing, 0);
    }

    #[test]
    fn more_than_256_colours_fall_back_to_rgb() {
        let (w, h) = (64u32, 300u32);
        let marks = (0..h)
            .map(|i| Mark::Rect {
                x: Pt(0.0),
                y: Pt(i as f32),
                w: Pt(w as f32),
                h: Pt(1.0),
                color: [i as f32 / h as f32, 0.5, 1.0 - i as f32 / h as f32],
            })
            .collect();
        let canvas = Canvas {
            width: Pt(w as f32),
            height: Pt(h as f32),
            marks,
        };
        let (differing, color) = differing_pixels(&canvas, w, h, MAX_BAND);
        assert_eq!(differing, 0);
        assert_eq!(color, png::ColorType::Rgb);
    }
}
