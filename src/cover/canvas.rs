//! The drawing model of a cover: a canvas of coloured rectangles and set
//! lines, in points, origin top-left, y downwards.
//!
//! In: what the panel and spine layouts place. Out: the one drawing that
//! all three covers share. The painter ([`super::paint`]) turns it into
//! pixels for the PNG and the PDF writer into a content stream, so the
//! image, the screen PDF's first page and the wrap cover cannot drift
//! apart.

use crate::typeset::text::Line;
use crate::units::Pt;

use super::design::Rgb;

/// Something drawn on the canvas.
#[derive(Debug, Clone)]
pub enum Mark {
    /// A filled rectangle; `y` is its top edge.
    Rect {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        color: Rgb,
    },
    /// A set line whose baseline starts at (`x`, `y`). A vertical line
    /// reads top to bottom, the tops of its letters facing right.
    Text {
        line: Line,
        x: Pt,
        y: Pt,
        vertical: bool,
    },
}

impl Mark {
    /// The mark moved down by `dy`.
    pub fn shifted(self, dy: Pt) -> Mark {
        match self {
            Mark::Rect { x, y, w, h, color } => Mark::Rect {
                x,
                y: y + dy,
                w,
                h,
                color,
            },
            Mark::Text {
                line,
                x,
                y,
                vertical,
            } => Mark::Text {
                line,
                x,
                y: y + dy,
                vertical,
            },
        }
    }
}

/// A laid-out cover or wrap.
#[derive(Debug, Clone)]
pub struct Canvas {
    pub width: Pt,
    pub height: Pt,
    pub marks: Vec<Mark>,
}

impl Canvas {
    /// The set lines on the canvas with their origin and direction, in
    /// drawing order.
    #[cfg(test)]
    pub fn text_marks(&self) -> Vec<(&Line, Pt, Pt, bool)> {
        self.marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text {
                    line,
                    x,
                    y,
                    vertical,
                } => Some((line, *x, *y, *vertical)),
                _ => None,
            })
            .collect()
    }
}

/// A panel's trim box on the canvas, and how far fields may run past each
/// edge into the bleed.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub x: Pt,
    pub y: Pt,
    pub w: Pt,
    pub h: Pt,
    /// Bleed beyond the left, top, right and bottom edges.
    pub bleed: [Pt; 4],
}

impl Frame {
    /// A frame with no bleed.
    pub fn plain(w: Pt, h: Pt) -> Frame {
        Frame {
            x: Pt::ZERO,
            y: Pt::ZERO,
            w,
            h,
            bleed: [Pt::ZERO; 4],
        }
    }
}
