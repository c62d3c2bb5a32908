//! Lays the design out on a canvas: a list of coloured rectangles and set
//! lines, in points, origin top-left, y downwards.
//!
//! The canvas is the one drawing all three covers share. The raster
//! backend paints it with tiny-skia and the PDF backend writes it into a
//! PDF content stream, so the image, the screen PDF's first page and the
//! wrap cover cannot drift apart. Layout also reports what does not fit.

use crate::diag::Diagnostic;
use crate::model::Book;
use crate::typeset::text::Line;
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
    let ctx = FlowCtx {
        setter,
        design,
        side,
        book,
        frame,
        left,
        measure,
    };
    for flow in &p.flows {
        // Shrink the shrinkable items together, in 4 % steps, to the
        // largest step at which the flow fits; if even the smallest sizes
        // do not, keep those and report what is still wrong.
        let floor = flow
            .items
            .iter()
            .map(|i| i.shrink.unwrap_or(1.0))
            .fold(1.0, f32::min);
        let (blocks, total, problems) = first_fit(1.0, floor, |scale| {
            let set = ctx.set_flow(flow, scale);
            let fits = set.2.is_empty();
            (set, fits)
        });
        diags.extend(problems);
        let top = frame.y + frame.h * flow.top;
        let bottom = frame.y + frame.h * flow.bottom;
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
            let (w, h, inset) = (b.width, b.height, b.inset);
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

/// What setting one flow needs to know.
struct FlowCtx<'a> {
    setter: &'a Setter,
    design: &'a Design,
    side: Side,
    book: &'a Book,
    frame: Frame,
    left: Pt,
    measure: Pt,
}

/// One stacked item of a flow: the gap above it, its height, and its
/// marks relative to its top.
type Block = (Pt, Pt, Vec<Mark>);

impl FlowCtx<'_> {
    /// Sets every item of `flow`, shrinkable ones at `scale` of their size
    /// (never under their `shrink`). Returns the blocks, their stacked
    /// height, and what does not fit: too many lines, a word wider than
    /// the box, a stack taller than the box.
    fn set_flow(&self, flow: &design::Flow, scale: f32) -> (Vec<Block>, Pt, Vec<Diagnostic>) {
        let (frame, left, measure) = (self.frame, self.left, self.measure);
        let what = format!("the {} cover's {}", self.side.name(), flow.name);
        let mut problems = Vec::new();
        let mut blocks: Vec<Block> = Vec::new();
        for item in &flow.items {
            let color = self.design.color(&item.color);
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
            let Some(text) = design::fill(template, self.book, item.join.as_deref(), item.case)
            else {
                continue;
            };
            let floor = item.shrink.unwrap_or(1.0);
            // Justified lines may hang final punctuation into the margin (well
            // under 0.4 em); anything wider is a word that cannot fit. Such an
            // item shrinks on its own first, so one long word does not shrink
            // its neighbours.
            let (style, lines, warnings) = first_fit(scale.max(floor), floor, |k| {
                let style = TextStyle {
                    family: item.family.family(),
                    style: item.style.style(),
                    size: frame.w * item.size * k,
                    tracking: item.tracking,
                    color,
                    justify: item.align == design::Align::Justify,
                    balance: item.balance,
                };
                let (lines, warnings) = self.setter.set(&text, &style, measure);
                let overfull = measure + Em(0.4).at(style.size);
                let fits = lines.iter().all(|l| l.width <= overfull);
                ((style, lines, warnings), fits)
            });
            problems.extend(warnings);
            if lines.is_empty() {
                continue;
            }
            if let Some(max) = item.max_lines {
                if lines.len() > max as usize {
                    problems.push(
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
            let overfull = measure + Em(0.4).at(style.size);
            if let Some(wide) = lines.iter().find(|l| l.width > overfull) {
                problems.push(
                    Diagnostic::warning(
                        "cover-text-overflow",
                        format!(
                            "{what}: a word of “{}” is {:.0}% wider than the cover's text box, even at the smallest size the design allows",
                            short(&text),
                            (wide.width / measure - 1.0) * 100.0
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
        let room = frame.h * (flow.bottom - flow.top);
        if total > room + Pt(0.01) {
            problems.push(
                Diagnostic::warning(
                    "cover-text-overflow",
                    format!(
                        "{what} is {:.0}% taller than its box",
                        (total / room - 1.0) * 100.0
                    ),
                )
                .in_file(BOOK_TOML)
                .hint("shorten the text in [book], or adjust covers/cover.toml"),
            );
        }
        (blocks, total, problems)
    }
}

/// The scales a shrinking text tries, largest first: `start`, then 4 %
/// less each step, down to `floor` (the last step).
fn shrink_steps(start: f32, floor: f32) -> Vec<f32> {
    let mut steps = vec![start];
    let mut k = start;
    while k > floor {
        k = (k - 0.04).max(floor);
        steps.push(k);
    }
    steps
}

/// Tries `attempt` on the [`shrink_steps`] from `start` to `floor` and
/// returns the result at the first (largest) step that fits, or at the
/// last step if none does. Fitting is taken to be monotone (a text that
/// fits still fits smaller), so after the first and the last step it
/// bisects: a few settings instead of one per step, which matters for a
/// long text that fits only when small, or not at all.
fn first_fit<T>(start: f32, floor: f32, mut attempt: impl FnMut(f32) -> (T, bool)) -> T {
    let steps = shrink_steps(start, floor);
    let (result, fits) = attempt(start);
    if fits || steps.len() == 1 {
        return result;
    }
    let (mut best, fits) = attempt(steps[steps.len() - 1]);
    if !fits {
        return best;
    }
    // steps[lo] does not fit, steps[hi] does.
    let (mut lo, mut hi) = (0, steps.len() - 1);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        let (result, fits) = attempt(steps[mid]);
        if fits {
            (hi, best) = (mid, result);
        } else {
            lo = mid;
        }
    }
    best
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
    /// The book asks for spine text (`[cover] spine-text`); when false the
    /// spine stays blank and nothing is reported.
    pub text: bool,
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
    if texts.is_empty() || !spec.text {
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
            .hint("fine for a short book: set [cover] spine-text = false to leave the spine blank on purpose, or lower spine-text-min if your printer allows it"),
        );
        return;
    }
    let across = frame.w - spec.margin * 2.0;
    let centre = frame.x + frame.w / 2.0;
    for (item, text) in texts {
        let mut style = TextStyle {
            family: item.family.family(),
            style: item.style.style(),
            size: item.size,
            tracking: item.tracking,
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
        let size = item.size.0.min(fit_across).min(fit_along);
        if size < item.min_size.0 {
            diags.push(
                Diagnostic::warning(
                    "cover-spine-narrow",
                    format!(
                        "the spine ({:.2} mm wide) is too narrow for “{}” at {:.1} pt or more; it is left off the spine",
                        frame.w.to_mm(),
                        short(&text),
                        item.min_size.0
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cover::testing;

    fn text_marks(canvas: &Canvas) -> Vec<(&Line, Pt, Pt, bool)> {
        canvas
            .marks
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

    #[test]
    fn front_text_stays_inside_the_margins_and_the_panel() {
        let book = testing::book();
        let design = Design::bundled().unwrap();
        let setter = Setter::new(&book);
        for (w, h) in [(Pt(396.0), Pt(612.0)), (Pt(1600.0), Pt(2560.0))] {
            let mut canvas = Canvas {
                width: w,
                height: h,
                marks: vec![],
            };
            let mut diags = vec![];
            panel(
                &setter,
                design,
                Side::Front,
                &book,
                Frame::plain(w, h),
                &mut canvas,
                &mut diags,
            );
            assert!(diags.is_empty(), "{diags:?}");
            let marks = text_marks(&canvas);
            assert!(marks.len() >= 6, "title, subtitle, names, publisher");
            let margin = w * design.front.margin;
            for (line, x, y, _) in marks {
                assert!(x >= margin - Pt(0.01) && x + line.width <= w - margin + Pt(0.5));
                assert!(y - line.ascent > h * 0.05 && y + line.descent < h * 0.97);
            }
        }
    }

    #[test]
    fn fields_run_into_the_bleed_only_on_the_edges_they_touch() {
        let design = Design::bundled().unwrap();
        let b = Pt(9.0);
        let frame = Frame {
            x: Pt(100.0),
            y: Pt(9.0),
            w: Pt(400.0),
            h: Pt(600.0),
            bleed: [b, b, Pt::ZERO, b],
        };
        let band = Field {
            x: 0.0,
            y: 0.5,
            w: 1.0,
            h: 0.5,
            color: "ochre".into(),
        };
        let Mark::Rect { x, y, w, h, .. } = field(design, &band, frame) else {
            panic!()
        };
        assert_eq!(x, Pt(91.0), "left edge runs into the bleed");
        assert_eq!(y, Pt(309.0), "top is inside the panel: no bleed");
        assert_eq!(x + w, Pt(500.0), "right edge has no bleed here");
        assert_eq!(y + h, Pt(618.0), "bottom runs into the bleed");
    }

    /// Lays the bundled design's spine out for the test book on a 612 pt
    /// high spine `w` wide at x = 400 pt, for a book of `pages` pages.
    fn spine_of(w: Pt, pages: usize) -> (Frame, Canvas, Vec<Diagnostic>) {
        let book = testing::book();
        let setter = Setter::new(&book);
        let frame = Frame {
            x: Pt(400.0),
            y: Pt(0.0),
            w,
            h: Pt(612.0),
            bleed: [Pt::ZERO; 4],
        };
        let spec = SpineSpec {
            text_min: Pt::from_mm(4.6),
            margin: Pt::from_mm(1.6),
            pages,
            text: true,
        };
        let mut canvas = Canvas {
            width: Pt(840.0),
            height: Pt(612.0),
            marks: vec![],
        };
        let mut diags = vec![];
        let design = Design::bundled().unwrap();
        spine(&setter, design, &book, frame, spec, &mut canvas, &mut diags);
        (frame, canvas, diags)
    }

    #[test]
    fn spine_text_is_centred_across_and_inside_its_stretch() {
        let design = Design::bundled().unwrap();
        let (frame, canvas, diags) = spine_of(Pt(40.0), 250);
        assert!(diags.is_empty(), "{diags:?}");
        let marks = text_marks(&canvas);
        assert_eq!(marks.len(), design.spine.items.len());
        for ((line, x, y, vertical), item) in marks.into_iter().zip(&design.spine.items) {
            assert!(vertical);
            let crate::typeset::text::LineItem::Glyphs(run) = &line.items[0] else {
                panic!()
            };
            let m = setting::metrics(&TextStyle {
                family: item.family.family(),
                style: item.style.style(),
                size: run.size,
                tracking: Em(0.0),
                color: [0.0; 3],
                justify: false,
                balance: false,
            });
            // Capitals span x .. x + cap: their middle is the spine's.
            let middle = x + m.cap / 2.0;
            assert!((middle - Pt(420.0)).abs() < Pt(0.01), "{middle:?}");
            let (from, to) = (frame.h * item.from, frame.h * item.to);
            assert!(
                y >= from && y + line.width <= to,
                "{y:?}..{:?}",
                y + line.width
            );
            // Centred along its stretch.
            let before = y - from;
            let after = to - (y + line.width);
            assert!((before - after).abs() < Pt(0.01));
        }
    }

    #[test]
    fn a_spine_under_the_printer_minimum_gets_no_text() {
        let (_, canvas, diags) = spine_of(Pt::from_mm(3.0), 52);
        assert!(text_marks(&canvas).is_empty());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "cover-spine-narrow");
        assert!(diags[0].message.contains("52 pages"));
    }

    /// Type sizes of the horizontal lines on a canvas, in drawing order.
    fn sizes(canvas: &Canvas) -> Vec<Pt> {
        text_marks(canvas)
            .into_iter()
            .filter_map(|(line, ..)| match &line.items[0] {
                crate::typeset::text::LineItem::Glyphs(r) => Some(r.size),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_long_word_shrinks_its_own_item_only() {
        let design = Design::bundled().unwrap();
        let (w, h) = (Pt(396.0), Pt(612.0));
        let front = |book: &Book| {
            let setter = Setter::new(book);
            let mut canvas = Canvas {
                width: w,
                height: h,
                marks: vec![],
            };
            let mut diags = vec![];
            panel(
                &setter,
                design,
                Side::Front,
                book,
                Frame::plain(w, h),
                &mut canvas,
                &mut diags,
            );
            (canvas, diags)
        };
        let plain = testing::book();
        let mut long = testing::book();
        long.meta.title = "Қаңтар 2022: Қазақстандағы оқиғалар".into();
        let (a, da) = front(&plain);
        let (b, db) = front(&long);
        assert!(da.is_empty() && db.is_empty(), "{db:?}");
        let (sa, sb) = (sizes(&a), sizes(&b));
        assert!(
            sb[0] < sa[0],
            "the title shrank: {:?} vs {:?}",
            sb[0],
            sa[0]
        );
        // The subtitle (after the title lines) keeps its size.
        let mut items = design.front.flows.iter().flat_map(|f| &f.items);
        let item = items
            .find(|i| i.text.as_deref() == Some("{subtitle}"))
            .unwrap();
        let subtitle = w * item.size;
        assert!(sa.iter().any(|s| (*s - subtitle).abs() < Pt(0.01)));
        assert!(sb.iter().any(|s| (*s - subtitle).abs() < Pt(0.01)));
        let margin = w * design.front.margin;
        for (line, x, ..) in text_marks(&b) {
            assert!(x + line.width <= w - margin + Pt(0.5));
        }
    }

    #[test]
    fn a_word_too_wide_even_at_the_smallest_size_is_reported() {
        let design = Design::bundled().unwrap();
        let (w, h) = (Pt(396.0), Pt(612.0));
        let mut book = testing::book();
        book.meta.title = "Zhanaozenaktobealmatytaldykorgantarazshymkentkyzylorda".into();
        let setter = Setter::new(&book);
        let mut canvas = Canvas {
            width: w,
            height: h,
            marks: vec![],
        };
        let mut diags = vec![];
        panel(
            &setter,
            design,
            Side::Front,
            &book,
            Frame::plain(w, h),
            &mut canvas,
            &mut diags,
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, "cover-text-overflow");
        assert!(diags[0].message.contains("wider than the cover's text box"));
        assert_eq!(
            diags[0].file.as_deref(),
            Some(std::path::Path::new("book.toml"))
        );
    }

    #[test]
    fn a_very_long_title_is_fitted_in_few_attempts() {
        let mut book = testing::book();
        book.meta.title = "The steppe under a winter sky ".repeat(270);
        let design = Design::bundled().unwrap();
        let setter = Setter::new(&book);
        let (w, h) = (Pt(1600.0), Pt(2560.0));
        let mut canvas = Canvas {
            width: w,
            height: h,
            marks: vec![],
        };
        let mut diags = vec![];
        panel(
            &setter,
            design,
            Side::Front,
            &book,
            Frame::plain(w, h),
            &mut canvas,
            &mut diags,
        );
        assert!(!diags.is_empty(), "an 8 KB title does not fit");
        // Two flows of three texts each: a 4 % linear search took 29.
        assert!(setter.attempts() <= 10, "{} attempts", setter.attempts());
    }

    #[test]
    fn bisection_finds_the_first_step_that_fits() {
        let steps = shrink_steps(1.0, 0.55);
        assert_eq!(steps.len(), 13);
        assert_eq!(steps.last(), Some(&0.55));
        // Whatever the largest fitting size, bisection picks the step a
        // linear search from the top would pick.
        for limit in [1.5, 1.0, 0.97, 0.8, 0.61, 0.56, 0.55, 0.3] {
            let mut tries = 0;
            let got = first_fit(1.0, 0.55, |k| {
                tries += 1;
                (k, k <= limit)
            });
            let linear = steps.iter().copied().find(|&k| k <= limit).unwrap_or(0.55);
            assert_eq!(got, linear, "limit {limit}");
            assert!(tries <= 6, "{tries} tries for limit {limit}");
        }
        assert_eq!(first_fit(0.5, 0.55, |k| (k, false)), 0.5);
    }
}
