//! Lays the design out on a canvas: a list of coloured rectangles and set
//! lines, in points, origin top-left, y downwards.
//!
//! The canvas is the one drawing all three covers share. The raster
//! backend paints it with tiny-skia and the PDF backend writes it as
//! printpdf operations, so the image, the screen PDF's first page and the
//! wrap cover cannot drift apart. Layout also reports what does not fit.

use crate::diag::Diagnostic;
use crate::model::Book;
use crate::pdf::text::Line;
use crate::units::{Em, Pt};

use super::design::{self, Anchor, Design, Field, Panel, Rgb, SpineAlign};
use super::setting::{self, Setter, TextStyle};

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

/// A laid-out cover or wrap.
#[derive(Debug, Clone)]
pub struct Canvas {
    pub width: Pt,
    pub height: Pt,
    pub marks: Vec<Mark>,
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

/// Which side of the book a panel is, for diagnostics and the barcode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Front,
    Back,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Front => "front",
            Side::Back => "back",
        }
    }
}

/// Where fit warnings point: the metadata they come from.
const BOOK_TOML: &str = "book.toml";

/// Lays out one panel (front or back) into `frame` on `canvas`.
///
/// Fields are drawn first. Each flow is a box between two heights and the
/// panel margins; its items stack from the anchored edge. A text item's
/// extent runs from the cap height of its first line to the baseline of
/// its last, so `space-before` is the visible gap. Anything that does not
/// fit (too many lines, a word wider than the box, a stack taller than
/// its box) becomes a warning; the text is still drawn.
pub fn panel(
    setter: &Setter,
    design: &Design,
    side: Side,
    book: &Book,
    frame: Frame,
    canvas: &mut Canvas,
    diags: &mut Vec<Diagnostic>,
) {
    let p: &Panel = match side {
        Side::Front => &design.front,
        Side::Back => &design.back,
    };
    for f in &p.fields {
        canvas.marks.push(field(design, f, frame));
    }
    let left = frame.x + frame.w * p.margin;
    let measure = frame.w * (1.0 - 2.0 * p.margin);
    for flow in &p.flows {
        // Set every item first: bottom-anchored flows need the total.
        let mut blocks: Vec<(Pt, Pt, Vec<Mark>)> = Vec::new(); // gap, height, marks at y=0
        for item in &flow.items {
            let color = design.color(&item.color);
            let gap = frame.h * item.space_before;
            if let Some(rule) = item.rule {
                let thickness = frame.w * item.thickness;
                let w = frame.w * rule;
                let x = align_x(item.align, left, measure, w);
                let mark = Mark::Rect {
                    x,
                    y: Pt::ZERO,
                    w,
                    h: thickness,
                    color,
                };
                blocks.push((gap, thickness, vec![mark]));
                continue;
            }
            let template = item.text.as_deref().unwrap_or("");
            let Some(text) = design::fill(template, book, item.join.as_deref(), item.case) else {
                continue;
            };
            let style = TextStyle {
                family: item.family.family(),
                style: item.style.style(),
                size: frame.w * item.size,
                tracking: Em(item.tracking),
                color,
                justify: item.align == design::Align::Justify,
                balance: item.balance,
            };
            let (lines, warnings) = setter.set(&text, &style, measure);
            diags.extend(warnings);
            if lines.is_empty() {
                continue;
            }
            let what = format!("the {} cover's {}", side.name(), flow.name);
            if let Some(max) = item.max_lines {
                if lines.len() > max as usize {
                    diags.push(
                        Diagnostic::warning(
                            "cover-text-overflow",
                            format!(
                                "{what} sets “{}” in {} lines; the design allows {max}",
                                short(&text),
                                lines.len()
                            ),
                        )
                        .in_file(BOOK_TOML)
                        .hint("shorten the text in [book], or adjust covers/cover.toml"),
                    );
                }
            }
            // Justified lines may hang final punctuation into the margin (well
            // under 0.4 em); anything wider is a word that cannot fit.
            let overfull = measure + Em(0.4).at(style.size);
            if let Some(wide) = lines.iter().find(|l| l.width > overfull) {
                diags.push(
                    Diagnostic::warning(
                        "cover-text-overflow",
                        format!(
                            "{what}: a word of “{}” is wider than the cover's text box ({:.1} > {:.1} mm)",
                            short(&text),
                            wide.width.to_mm() * mm_scale(frame),
                            measure.to_mm() * mm_scale(frame)
                        ),
                    )
                    .in_file(BOOK_TOML)
                    .hint("break the word with a hyphen or shorten it"),
                );
            }
            let m = setting::metrics(&style);
            let leading = style.size * item.leading;
            let mut marks = Vec::with_capacity(lines.len());
            for (i, line) in lines.into_iter().enumerate() {
                let x = align_x(item.align, left, measure, line.width);
                let y = m.cap + leading * i as f32;
                marks.push(Mark::Text {
                    line,
                    x,
                    y,
                    vertical: false,
                });
            }
            let height = m.cap + leading * (marks.len() - 1) as f32;
            blocks.push((gap, height, marks));
        }
        let total: Pt = blocks
            .iter()
            .enumerate()
            .map(|(i, (gap, h, _))| if i == 0 { *h } else { *gap + *h })
            .sum();
        let top = frame.y + frame.h * flow.top;
        let bottom = frame.y + frame.h * flow.bottom;
        if total > bottom - top + Pt(0.01) {
            diags.push(
                Diagnostic::warning(
                    "cover-text-overflow",
                    format!(
                        "the {} cover's {} is {:.0}% taller than its box",
                        side.name(),
                        flow.name,
                        (total / (bottom - top) - 1.0) * 100.0
                    ),
                )
                .in_file(BOOK_TOML)
                .hint("shorten the text in [book], or adjust covers/cover.toml"),
            );
        }
        let mut y = match flow.anchor {
            Anchor::Top => top,
            Anchor::Bottom => bottom - total,
        };
        for (i, (gap, h, marks)) in blocks.into_iter().enumerate() {
            if i > 0 {
                y += gap;
            }
            for mark in marks {
                canvas.marks.push(shift_y(mark, y));
            }
            y += h;
        }
    }
    if side == Side::Back {
        if let (Some(b), Some(_)) = (&p.barcode, &book.meta.isbn) {
            let w = Pt::from_mm(b.width_mm);
            let h = Pt::from_mm(b.height_mm);
            let inset = Pt::from_mm(b.inset_mm);
            // Bottom right of the back cover: the outer edge is the left
            // one on a wrap, but the reader expects the usual corner.
            canvas.marks.push(Mark::Rect {
                x: frame.x + frame.w - inset - w,
                y: frame.y + frame.h - inset - h,
                w,
                h,
                color: design.color(&b.color),
            });
        }
    }
}

/// Converts canvas points to real millimetres for messages: the raster
/// canvas is in pixels, so its numbers are scaled to a 5.5 in wide cover.
fn mm_scale(frame: Frame) -> f32 {
    if frame.w > Pt(1000.0) {
        Pt::from_inch(5.5) / frame.w
    } else {
        1.0
    }
}

/// The first words of `text`, for messages.
fn short(text: &str) -> String {
    let one_line = text.replace('\n', " ");
    match one_line.char_indices().nth(48) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

fn align_x(align: design::Align, left: Pt, measure: Pt, width: Pt) -> Pt {
    match align {
        design::Align::Left | design::Align::Justify => left,
        design::Align::Center => left + (measure - width) / 2.0,
        design::Align::Right => left + measure - width,
    }
}

fn shift_y(mark: Mark, dy: Pt) -> Mark {
    match mark {
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

/// A field's rectangle, run on into the bleed on every panel edge it
/// touches.
fn field(design: &Design, f: &Field, frame: Frame) -> Mark {
    let touches = |v: f32| v.abs() < 1e-4;
    let [bl, bt, br, bb] = frame.bleed;
    let mut x0 = frame.x + frame.w * f.x;
    let mut y0 = frame.y + frame.h * f.y;
    let mut x1 = frame.x + frame.w * (f.x + f.w);
    let mut y1 = frame.y + frame.h * (f.y + f.h);
    if touches(f.x) {
        x0 -= bl;
    }
    if touches(f.y) {
        y0 -= bt;
    }
    if touches(1.0 - f.x - f.w) {
        x1 += br;
    }
    if touches(1.0 - f.y - f.h) {
        y1 += bb;
    }
    Mark::Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
        color: design.color(&f.color),
    }
}

/// A measure no spine text reaches: spine lines are never broken.
const UNBOUNDED: Pt = Pt(100_000.0);

/// What the spine needs to know beyond the design.
#[derive(Debug, Clone, Copy)]
pub struct SpineSpec {
    /// Below this width no text is set (the printer's rule).
    pub text_min: Pt,
    /// Clear space from each fold to the text.
    pub margin: Pt,
    /// Page count the spine was computed from, for messages.
    pub pages: usize,
}

/// Lays out the spine in `frame` (the spine between the folds, with
/// bleed above and below).
///
/// Each item is set on one line at its design size, shrunk so that its
/// cap height plus descender fits between the fold margins and its length
/// fits its stretch of spine. An item that would need less than its
/// `min-size`, or any text on a spine narrower than the printer's
/// minimum, is left out with a warning. The line is centred across the
/// spine on its capitals, so the text sits optically in the middle.
pub fn spine(
    setter: &Setter,
    design: &Design,
    book: &Book,
    frame: Frame,
    spec: SpineSpec,
    canvas: &mut Canvas,
    diags: &mut Vec<Diagnostic>,
) {
    for f in &design.spine.fields {
        canvas.marks.push(field(design, f, frame));
    }
    let texts: Vec<_> = design
        .spine
        .items
        .iter()
        .filter_map(|item| {
            let text = design::fill(&item.text, book, None, item.case)?;
            Some((item, text.replace('\n', " ")))
        })
        .collect();
    if texts.is_empty() {
        return;
    }
    if frame.w < spec.text_min {
        diags.push(
            Diagnostic::warning(
                "cover-spine-narrow",
                format!(
                    "the spine is {:.2} mm wide ({} pages), under the printer's {:.2} mm minimum for spine text; the spine is left blank",
                    frame.w.to_mm(),
                    spec.pages,
                    spec.text_min.to_mm()
                ),
            )
            .in_file(BOOK_TOML)
            .hint("fine for a short book; lower [cover] spine-text-min-mm only if your printer allows it"),
        );
        return;
    }
    let across = frame.w - spec.margin * 2.0;
    let centre = frame.x + frame.w / 2.0;
    for (item, text) in texts {
        let mut style = TextStyle {
            family: item.family.family(),
            style: item.style.style(),
            size: Pt(item.size),
            tracking: Em(item.tracking),
            color: design.color(&item.color),
            justify: false,
            balance: false,
        };
        let m = setting::metrics(&style);
        let extent = (m.cap + m.descent) / style.size; // per point of size
        let along = frame.h * (item.to - item.from);
        let (natural, _) = setter.set(&text, &style, UNBOUNDED);
        let natural_width = natural.first().map(|l| l.width).unwrap_or(Pt::ZERO);
        let fit_across = across.0 / extent;
        let fit_along = if natural_width > Pt::ZERO {
            style.size.0 * (along / natural_width)
        } else {
            f32::MAX
        };
        let size = item.size.min(fit_across).min(fit_along);
        if size < item.min_size {
            diags.push(
                Diagnostic::warning(
                    "cover-spine-narrow",
                    format!(
                        "the spine ({:.2} mm wide) is too narrow for “{}” at {:.1} pt or more; it is left off the spine",
                        frame.w.to_mm(),
                        short(&text),
                        item.min_size
                    ),
                )
                .in_file(BOOK_TOML)
                .hint("the spine widens with the page count; or shorten the text"),
            );
            continue;
        }
        style.size = Pt(size);
        let m = setting::metrics(&style);
        let Some(line) = setter.set(&text, &style, UNBOUNDED).0.into_iter().next() else {
            continue;
        };
        let from = frame.y + frame.h * item.from;
        let y = match item.align {
            SpineAlign::Start => from,
            SpineAlign::Center => from + (along - line.width) / 2.0,
            SpineAlign::End => from + along - line.width,
        };
        canvas.marks.push(Mark::Text {
            line,
            x: centre - m.cap / 2.0,
            y,
            vertical: true,
        });
    }
}
