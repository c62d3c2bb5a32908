//! Sets the cover's texts with the book's text engine
//! ([`TextEngine::set_paragraph`]), plus the two things display type needs
//! on top: balanced lines and letter-spacing.
//!
//! Cover lines are the engine's [`Line`]s, so the PDF writes them exactly
//! as it writes body lines (shaped, kerned, with their text for copying),
//! and the raster backend draws the very same glyphs.

use crate::config::HyphenationConfig;
use crate::diag::Diagnostic;
use crate::model::{Inline, Lang};
use crate::typeset::fonts::faces;
use crate::typeset::fonts::{self, Family, Style};
use crate::typeset::text::{Alignment, Line, LineItem, ParaStyle, SourceLoc, TextEngine};
use crate::units::{Em, Pt};

/// How one cover text is set.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub family: Family,
    pub style: Style,
    pub size: Pt,
    /// Extra space after every letter.
    pub tracking: Em,
    pub color: [f32; 3],
    /// Justify and hyphenate (running text such as the description);
    /// otherwise ragged and unhyphenated.
    pub justify: bool,
    /// Even out the line lengths (display type).
    pub balance: bool,
}

/// Vertical metrics of a face at a size.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    /// Height of capitals above the baseline.
    pub cap: Pt,
    /// Depth of descenders below the baseline (positive).
    pub descent: Pt,
}

/// The index in [`fonts::ALL`] of a family and style.
fn font_index(family: Family, style: Style) -> usize {
    fonts::ALL
        .iter()
        .position(|f| f.family == family && f.style == style)
        .unwrap_or(0)
}

/// The metrics of `style`'s face at its size.
pub fn metrics(style: &TextStyle) -> Metrics {
    let face = &faces()[font_index(style.family, style.style)];
    let cap = face
        .face
        .capital_height()
        .map(|c| c as f32 / face.upem)
        .unwrap_or(0.714);
    Metrics {
        cap: Em(cap).at(style.size),
        descent: (-face.descender).at(style.size),
    }
}

/// Sets cover texts for one book.
pub struct Setter {
    engine: TextEngine,
    lang: Lang,
    /// How many texts [`Setter::set`] has set (shrink-to-fit searches
    /// set a text more than once).
    attempts: std::cell::Cell<usize>,
}

impl Setter {
    /// A setter with the book's hyphenation settings and language.
    pub fn with(hyphenation: &HyphenationConfig, lang: Lang) -> Setter {
        Setter {
            engine: TextEngine::new(hyphenation),
            lang,
            attempts: Default::default(),
        }
    }

    /// A setter in the book's language with default hyphenation (tests).
    #[cfg(test)]
    pub fn new(book: &crate::model::Book) -> Setter {
        Setter::with(&HyphenationConfig::default(), book.meta.lang)
    }

    /// How many times [`Setter::set`] has been called.
    pub fn attempts(&self) -> usize {
        self.attempts.get()
    }

    /// Sets `text` into lines of at most `measure`, left-aligned (callers
    /// place each line). `\n` starts a new paragraph. A word wider than
    /// the measure stays whole; callers compare `Line::width` with the
    /// measure to report it. The engine's warnings are returned as well.
    pub fn set(&self, text: &str, style: &TextStyle, measure: Pt) -> (Vec<Line>, Vec<Diagnostic>) {
        self.attempts.set(self.attempts.get() + 1);
        let mut lines = Vec::new();
        let mut warnings = Vec::new();
        for para in text.split('\n').filter(|p| !p.trim().is_empty()) {
            let content = [Inline::Text(para.trim().to_string())];
            let width = if style.balance && !style.justify {
                self.balanced_measure(&content, style, measure)
            } else {
                measure
            };
            let set = self.engine.set_paragraph(
                &content,
                &[],
                &self.para_style(style),
                width,
                &SourceLoc::default(),
            );
            warnings.extend(set.warnings);
            lines.extend(set.lines);
        }
        if style.tracking.0 != 0.0 {
            for line in &mut lines {
                track(line, style.tracking.at(style.size));
            }
        }
        (lines, warnings)
    }

    fn para_style(&self, style: &TextStyle) -> ParaStyle {
        ParaStyle {
            family: style.family,
            size: style.size,
            leading: style.size,
            indent: Pt::ZERO,
            align: if style.justify {
                Alignment::Justify
            } else {
                Alignment::Left
            },
            hyphenate: style.justify,
            lang: self.lang,
            bold: style.style.bold,
            italic: style.style.italic,
            color: Some(style.color),
        }
    }

    /// The narrowest measure that sets `content` in as few lines as the
    /// full measure does, found by bisection: the lines then come out of
    /// even length instead of a long line over a short one.
    fn balanced_measure(&self, content: &[Inline], style: &TextStyle, measure: Pt) -> Pt {
        let para = self.para_style(style);
        let count = |m: Pt| {
            self.engine
                .set_paragraph(content, &[], &para, m, &SourceLoc::default())
                .lines
                .len()
        };
        let target = count(measure);
        if target <= 1 {
            return measure;
        }
        let (mut lo, mut hi) = (measure / target as f32, measure);
        for _ in 0..12 {
            let mid = (lo + hi) / 2.0;
            if count(mid) <= target {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }
}

/// Letter-spaces a set line: every glyph moves right by `track` times the
/// number of glyphs before it on the line, and the width grows to match.
fn track(line: &mut Line, track: Pt) {
    let mut before = 0usize;
    for item in &mut line.items {
        if let LineItem::Glyphs(run) = item {
            run.x += track * before as f32;
            for (i, g) in run.glyphs.iter_mut().enumerate() {
                g.x += track * i as f32;
            }
            before += run.glyphs.len();
        }
    }
    if before > 1 {
        line.width += track * (before - 1) as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::text::Glyph;

    fn run_text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.items
                    .iter()
                    .filter_map(|i| match i {
                        LineItem::Glyphs(r) => {
                            Some(r.glyphs.iter().map(|g| g.text.as_str()).collect::<String>())
                        }
                        _ => None,
                    })
                    .collect::<String>()
            })
            .collect()
    }

    fn setter() -> Setter {
        Setter {
            engine: TextEngine::new(&Default::default()),
            lang: Lang::En,
            attempts: Default::default(),
        }
    }

    fn style(size: f32, balance: bool) -> TextStyle {
        TextStyle {
            family: Family::Serif,
            style: Style::REGULAR,
            size: Pt(size),
            tracking: Em(0.0),
            color: [0.0; 3],
            justify: false,
            balance,
        }
    }

    #[test]
    fn balancing_keeps_the_line_count_and_evens_the_lines() {
        // At this measure the plain setting is a long line over one word.
        let text = "January 2022 in Kazakhstan and beyond";
        let s = setter();
        let measure = Pt(330.0);
        let (plain, _) = s.set(text, &style(30.0, false), measure);
        let (even, _) = s.set(text, &style(30.0, true), measure);
        assert_eq!(plain.len(), even.len());
        let spread = |ls: &[Line]| {
            let w: Vec<f32> = ls.iter().map(|l| l.width.0).collect();
            w.iter().cloned().fold(0.0, f32::max) - w.iter().cloned().fold(f32::MAX, f32::min)
        };
        assert!(
            spread(&even) <= spread(&plain),
            "{:?} vs {:?}",
            run_text(&even),
            run_text(&plain)
        );
        assert!(even.iter().all(|l| l.width <= measure));
    }

    #[test]
    fn hard_breaks_start_new_lines() {
        let (lines, _) = setter().set(
            "Sergey Duvanov\nA Correspondent",
            &style(12.0, false),
            Pt(400.0),
        );
        assert_eq!(lines.len(), 2);
        assert!(run_text(&lines)[1].contains("Correspondent"));
    }

    #[test]
    fn tracking_moves_glyphs_and_widens_the_line() {
        let mut line = Line {
            width: Pt(30.0),
            ascent: Pt(8.0),
            descent: Pt(2.0),
            items: vec![LineItem::Glyphs(crate::typeset::text::GlyphRun {
                font: 0,
                size: Pt(10.0),
                x: Pt::ZERO,
                dy: Pt::ZERO,
                color: None,
                glyphs: (0..4)
                    .map(|i| Glyph {
                        id: 1,
                        x: Pt(i as f32 * 7.5),
                        text: "a".into(),
                    })
                    .collect(),
            })],
            note_refs: vec![],
            links: vec![],
            anchors: vec![],
            hyphenated: false,
            last: true,
        };
        track(&mut line, Pt(2.0));
        assert_eq!(line.width, Pt(36.0));
        if let LineItem::Glyphs(r) = &line.items[0] {
            assert_eq!(r.glyphs[3].x, Pt(22.5 + 6.0));
        }
    }
}
