//! The EPUB cover image: a painted canvas encoded as a PNG.
//!
//! In: a [`Canvas`], a scale and the image size. Out: PNG bytes, the same
//! for the same canvas.
//!
//! A cover has few colours (flat fields, and text whose anti-aliasing
//! blends two of them), so the painted rows ([`super::paint`]) are
//! collected as palette indices and written as a palette PNG, a third of
//! the RGB data; a canvas with more than 256 colours is painted again and
//! written as RGB.

use std::io::Write;

use crate::diag::Diagnostic;

use super::canvas::Canvas;
use super::paint::{paint_rows, prepare, segments, Prepared, Segment, MAX_BAND};

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
    use crate::cover::canvas::{Frame, Mark};
    use crate::cover::design::Design;
    use crate::cover::paint::Shape;
    use crate::cover::panel::{self, Side};
    use crate::cover::setting::Setter;
    use crate::units::Pt;
    use tiny_skia::{FillRule, Transform};

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
        panel::panel(
            &setter,
            design,
            Side::Front,
            book,
            frame,
            &mut canvas,
            &mut crate::diag::Diagnostics::default(),
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
