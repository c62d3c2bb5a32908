//! Spine layout: the spine's fields and its one-line texts, reading top to
//! bottom.
//!
//! In: the design, the book's metadata, the spine's [`Frame`] (between the
//! folds) and the printer's limits ([`SpineSpec`]). Out: marks on the
//! [`Canvas`], and warnings for a spine too narrow for its text.
//!
//! Each item is set at its design size, then shrunk so that its cap height
//! plus descender fits across the spine between the fold margins and its
//! length fits its stretch of spine. An item that would need less than its
//! `min-size`, or any text on a spine narrower than the printer's minimum,
//! is left out with a warning. The line is centred across the spine on its
//! capitals, so the text sits optically in the middle.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Book;
use crate::units::Pt;

use super::canvas::{Canvas, Frame, Mark};
use super::design::{self, Design, SpineAlign};
use super::panel::{field, short, BOOK_TOML};
use super::setting::{self, Setter, TextStyle};

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
pub fn spine(
    setter: &Setter,
    design: &Design,
    book: &Book,
    frame: Frame,
    spec: SpineSpec,
    canvas: &mut Canvas,
    diags: &mut Diagnostics,
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
    use crate::units::Em;

    fn text_marks(canvas: &Canvas) -> Vec<(&crate::typeset::text::Line, Pt, Pt, bool)> {
        canvas.text_marks()
    }
    /// Lays the bundled design's spine out for the test book on a 612 pt
    /// high spine `w` wide at x = 400 pt, for a book of `pages` pages.
    fn spine_of(w: Pt, pages: usize) -> (Frame, Canvas, crate::diag::Diagnostics) {
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
        let mut diags = crate::diag::Diagnostics::default();
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
        assert_eq!(diags.0.len(), 1);
        assert_eq!(diags.0[0].code, "cover-spine-narrow");
        assert!(diags.0[0].message.contains("52 pages"));
    }
}
