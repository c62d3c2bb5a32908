//! Panel layout: a front or back cover's fields, flows and barcode placed
//! in its frame on a canvas.
//!
//! In: the design, the book's metadata (through the placeholders), a
//! [`Frame`] and the text setter. Out: marks on the [`Canvas`], and
//! warnings for whatever does not fit.
//!
//! Fields are drawn first, running on into the bleed on the panel edges
//! they touch. Each flow is a box between two heights and the panel
//! margins; its items (texts and rules) stack from its anchored edge, a
//! text item measuring from the cap height of its first line to the
//! baseline of its last, so `space-before` is the visible gap. A flow that
//! does not fit shrinks its shrinkable items together, and an item with a
//! word wider than the box shrinks on its own first ([`super::fit`]).

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Book;
use crate::units::{Em, Pt};

use super::canvas::{Canvas, Frame, Mark};
use super::design::{self, Anchor, Design, Field, Panel};
use super::fit::first_fit;
use super::setting::{self, Setter, TextStyle};

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
pub(super) const BOOK_TOML: &str = "book.toml";

/// Lays out one panel (front or back) into `frame` on `canvas`.
///
/// Anything that does not fit even at the smallest allowed sizes (too many
/// lines, a word wider than the box, a stack taller than its box) becomes
/// a warning; the text is still drawn.
pub fn panel(
    setter: &Setter,
    design: &Design,
    side: Side,
    book: &Book,
    frame: Frame,
    canvas: &mut Canvas,
    diags: &mut Diagnostics,
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
        for p in problems {
            diags.push(p);
        }
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
                canvas.marks.push(mark.shifted(y));
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

/// The first words of `text`, for messages.
pub(super) fn short(text: &str) -> String {
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

/// A field's rectangle, run on into the bleed on every panel edge it
/// touches.
pub(super) fn field(design: &Design, f: &Field, frame: Frame) -> Mark {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cover::testing;

    fn text_marks(canvas: &Canvas) -> Vec<(&crate::typeset::text::Line, Pt, Pt, bool)> {
        canvas.text_marks()
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
            let mut diags = crate::diag::Diagnostics::default();
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
            let mut diags = crate::diag::Diagnostics::default();
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
        let mut diags = crate::diag::Diagnostics::default();
        panel(
            &setter,
            design,
            Side::Front,
            &book,
            Frame::plain(w, h),
            &mut canvas,
            &mut diags,
        );
        assert_eq!(diags.0.len(), 1, "{diags:?}");
        assert_eq!(diags.0[0].code, "cover-text-overflow");
        assert!(diags.0[0]
            .message
            .contains("wider than the cover's text box"));
        assert_eq!(
            diags.0[0].file.as_deref(),
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
        let mut diags = crate::diag::Diagnostics::default();
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
}
