//! Writes a canvas into a PDF content stream: rectangles as filled paths, set
//! lines through the text engine's emitter ([`FontEmbedder::emit_line`]),
//! so cover text is real, subset, searchable PDF text.

use pdf_writer::Content;

use crate::pdf::embed::FontEmbedder;
use crate::units::Pt;

use super::layout::{Canvas, Mark};

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
