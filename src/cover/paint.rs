//! Painting: a canvas into rows of pixels with tiny-skia, rectangles as
//! rectangles, glyphs as their outlines from the bundled fonts
//! (ttf-parser).
//!
//! In: a [`Canvas`] and a scale (pixels per point). Out: premultiplied
//! RGBA rows, streamed to a sink with how often each repeats.
//!
//! No system font is ever consulted: every glyph id on the canvas was
//! shaped from a bundled face, and its outline comes from that face. The
//! image is painted a band of rows at a time into one small reused
//! pixmap, so the full image never exists in memory. Rows that no glyph
//! and no rectangle edge touches are identical to their neighbours, so
//! each run of them is painted once.

use std::ops::Range;

use tiny_skia::{Color, FillRule, Paint, Path, PathBuilder, PixmapMut, Rect, Transform};

use crate::diag::Diagnostic;
use crate::typeset::fonts;
use crate::typeset::text::LineItem;

use super::canvas::{Canvas, Mark};

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
pub(super) enum Shape {
    Rect(Rect),
    Path(Path),
}

/// A mark in canvas pixels, ready to fill into any band of rows.
pub(super) struct Prepared {
    pub shape: Shape,
    pub paint: Paint<'static>,
    /// The rows the mark may change.
    pub rows: Range<u32>,
}

/// The tallest band painted at once (rows); taller bands are split.
pub(super) const MAX_BAND: u32 = 384;

/// The rows from `top` to `bottom` (canvas pixels), widened by one row
/// each way for anti-aliasing and clamped to `0..height`.
fn rows_of(top: f32, bottom: f32, height: u32) -> Range<u32> {
    let clamp = |v: f32| v.clamp(0.0, height as f32) as u32;
    clamp(top.floor() - 1.0)..clamp(bottom.ceil() + 1.0)
}

/// Turns the canvas's marks into shapes in pixels: each glyph run becomes
/// one path of its glyph outlines (filled with the non-zero rule, as
/// TrueType outlines expect).
pub(super) fn prepare(canvas: &Canvas, scale: f32, height: u32) -> Vec<Prepared> {
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
pub(super) struct Segment {
    pub rows: Range<u32>,
    /// Every row is like the first (no glyph, no rectangle edge): paint
    /// one, repeat it.
    pub uniform: bool,
}

/// Splits `0..height` into segments. Rows whose content may differ from
/// their neighbours' are busy: those a glyph run touches, and those
/// holding a rectangle's top or bottom edge. Overlapping busy ranges are
/// merged and painted in bands of at most `max_band` rows, cut only
/// where no glyph run crosses (a path clipped at a band's edge would be
/// rasterised slightly differently), so a band is taller only when one
/// run is. The rows between are uniform runs.
pub(super) fn segments(marks: &[Prepared], height: u32, max_band: u32) -> Vec<Segment> {
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
pub(super) fn paint_rows(
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
