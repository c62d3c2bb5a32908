//! Writes a canvas as printpdf operations: rectangles as filled paths, set
//! lines through the text engine's emitter ([`FontEmbedder::emit_line`]),
//! so cover text is real, subset, searchable PDF text.

use printpdf::{
    Color, CurTransMat, LinePoint, Op, PaintMode, Point, Polygon, PolygonRing, Rgb, WindingOrder,
};

use crate::pdf::fonts::embed::FontEmbedder;
use crate::units::Pt;

use super::layout::{Canvas, Mark};

fn rgb([r, g, b]: [f32; 3]) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: printpdf::Pt(x),
            y: printpdf::Pt(y),
        },
        bezier: false,
    }
}

/// A filled axis-aligned rectangle in PDF coordinates (lower-left `x0`,
/// `y0`).
pub fn fill_rect(ops: &mut Vec<Op>, x0: f32, y0: f32, w: f32, h: f32, color: [f32; 3]) {
    ops.push(Op::SetFillColor { col: rgb(color) });
    ops.push(Op::DrawPolygon {
        polygon: Polygon {
            rings: vec![PolygonRing {
                points: vec![
                    point(x0, y0),
                    point(x0 + w, y0),
                    point(x0 + w, y0 + h),
                    point(x0, y0 + h),
                ],
            }],
            mode: PaintMode::Fill,
            winding_order: WindingOrder::NonZero,
        },
    });
}

/// A stroked line segment in PDF coordinates.
pub fn stroke(ops: &mut Vec<Op>, x0: f32, y0: f32, x1: f32, y1: f32) {
    ops.push(Op::DrawLine {
        line: printpdf::Line {
            points: vec![point(x0, y0), point(x1, y1)],
            is_closed: false,
        },
    });
}

/// Appends the operations drawing `canvas` with its lower-left corner at
/// the current origin. Canvas y runs down, PDF y up: `y ↦ height − y`.
/// A vertical line is drawn in a rotated coordinate system whose x axis
/// points down the page and whose y axis points right, so it reads top to
/// bottom with the letter tops facing the front cover.
pub fn draw(canvas: &Canvas, fonts: &mut FontEmbedder, ops: &mut Vec<Op>) {
    let h = canvas.height;
    ops.push(Op::SaveGraphicsState);
    for mark in &canvas.marks {
        match mark {
            Mark::Rect {
                x,
                y,
                w,
                h: rh,
                color,
            } => {
                fill_rect(ops, x.0, (h - *y - *rh).0, w.0, rh.0, *color);
            }
            Mark::Text {
                line,
                x,
                y,
                vertical: false,
            } => fonts.emit_line(line, *x, h - *y, ops),
            Mark::Text {
                line,
                x,
                y,
                vertical: true,
            } => {
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetTransformationMatrix {
                    matrix: CurTransMat::Raw([0.0, -1.0, 1.0, 0.0, x.0, (h - *y).0]),
                });
                fonts.emit_line(line, Pt::ZERO, Pt::ZERO, ops);
                ops.push(Op::RestoreGraphicsState);
            }
        }
    }
    ops.push(Op::RestoreGraphicsState);
}
