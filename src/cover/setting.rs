//! Sets the cover's short texts into lines: shaped with rustybuzz, broken
//! at spaces, optionally balanced, optionally letter-spaced.
//!
//! Cover type is display type: a few words, ragged, never hyphenated, and
//! for titles balanced so the lines come out of similar length instead of
//! a long line over a single word. The result is the text engine's
//! [`Line`], so the PDF writes cover lines exactly as it writes body lines.

use crate::fonts::{self, Family, Style};
use crate::pdf::text::{Glyph, GlyphRun, Line, LineItem};
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
}

/// Vertical metrics of a face at a size.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    /// Height of capitals above the baseline.
    pub cap: Pt,
    /// Depth of descenders below the baseline (positive).
    pub descent: Pt,
    pub ascent: Pt,
}

/// The metrics of `style`'s face at its size.
pub fn metrics(style: &TextStyle) -> Metrics {
    let font = fonts::get(style.family, style.style);
    let scale = |v: f32, upem: f32| Pt(v * style.size.0 / upem);
    match ttf_parser::Face::parse(font.bytes, 0) {
        Ok(face) => {
            let upem = face.units_per_em() as f32;
            let cap = face.capital_height().unwrap_or((upem * 0.714) as i16) as f32;
            Metrics {
                cap: scale(cap, upem),
                descent: scale(-(face.descender() as f32), upem),
                ascent: scale(face.ascender() as f32, upem),
            }
        }
        Err(_) => Metrics {
            cap: Em(0.714).at(style.size),
            descent: Em(0.25).at(style.size),
            ascent: Em(1.0).at(style.size),
        },
    }
}

/// A shaped word: glyphs with advances already scaled to points.
struct Word {
    glyphs: Vec<(u16, Pt, Pt, String)>, // id, advance, x offset, cluster text
    width: Pt,
}

/// Shapes `text` (one word or a space) with rustybuzz, kerning and
/// ligatures on, and adds the tracking after every glyph.
fn shape(face: &rustybuzz::Face, text: &str, style: &TextStyle) -> Word {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(face, &[], buffer);
    let scale = style.size.0 / face.units_per_em() as f32;
    let track = style.tracking.at(style.size);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut width = Pt::ZERO;
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        let first_of_cluster = i == 0 || infos[i - 1].cluster != info.cluster;
        let cluster_text = if first_of_cluster {
            let end = infos[i + 1..]
                .iter()
                .map(|g| g.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            text.get(start..end.max(start)).unwrap_or("").to_string()
        } else {
            String::new()
        };
        let advance = Pt(pos.x_advance as f32 * scale) + track;
        glyphs.push((
            info.glyph_id as u16,
            advance,
            Pt(pos.x_offset as f32 * scale),
            cluster_text,
        ));
        width += advance;
    }
    Word { glyphs, width }
}

/// Greedy line breaking: the word ranges of each line for `measure`.
fn break_greedy(widths: &[Pt], space: Pt, measure: Pt) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut width = Pt::ZERO;
    for (i, &w) in widths.iter().enumerate() {
        if i > start && width + space + w > measure {
            lines.push((start, i));
            start = i;
            width = w;
        } else if i == start {
            width = w;
        } else {
            width += space + w;
        }
    }
    if start < widths.len() {
        lines.push((start, widths.len()));
    }
    lines
}

/// Balanced breaking: the narrowest measure that still gives the greedy
/// line count, found by bisection, so the lines come out even.
fn break_balanced(widths: &[Pt], space: Pt, measure: Pt) -> Vec<(usize, usize)> {
    let target = break_greedy(widths, space, measure).len();
    let widest = widths.iter().copied().fold(Pt::ZERO, Pt::max);
    let (mut lo, mut hi) = (widest, measure.max(widest));
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if break_greedy(widths, space, mid).len() <= target {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    break_greedy(widths, space, hi)
}

/// Sets `text` into lines of at most `measure`, left-aligned (callers
/// place each line). `\n` forces a break. A word wider than the measure
/// stays whole on its own line; callers compare `Line::width` with the
/// measure to report it.
pub fn set_text(text: &str, style: &TextStyle, measure: Pt, balance: bool) -> Vec<Line> {
    let font_index = fonts::ALL
        .iter()
        .position(|f| f.family == style.family && f.style == style.style)
        .unwrap_or(0);
    let Some(face) = rustybuzz::Face::from_slice(fonts::ALL[font_index].bytes, 0) else {
        return Vec::new();
    };
    let m = metrics(style);
    let space = shape(&face, " ", style);
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let words: Vec<Word> = hard
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| shape(&face, w, style))
            .collect();
        if words.is_empty() {
            continue;
        }
        let widths: Vec<Pt> = words.iter().map(|w| w.width).collect();
        let ranges = if balance {
            break_balanced(&widths, space.width, measure)
        } else {
            break_greedy(&widths, space.width, measure)
        };
        for (a, b) in ranges {
            let mut glyphs = Vec::new();
            let mut x = Pt::ZERO;
            for (k, word) in words[a..b].iter().enumerate() {
                if k > 0 {
                    for (id, adv, _, t) in &space.glyphs {
                        glyphs.push(Glyph {
                            id: *id,
                            x,
                            text: t.clone(),
                        });
                        x += *adv;
                    }
                }
                for (id, adv, off, t) in &word.glyphs {
                    glyphs.push(Glyph {
                        id: *id,
                        x: x + *off,
                        text: t.clone(),
                    });
                    x += *adv;
                }
            }
            // Tracking follows every glyph; the last one's is not part of
            // the line's visible width.
            let width = x - style.tracking.at(style.size);
            lines.push(Line {
                width,
                ascent: m.ascent,
                descent: m.descent,
                items: vec![LineItem::Glyphs(GlyphRun {
                    font: font_index,
                    size: style.size,
                    x: Pt::ZERO,
                    dy: Pt::ZERO,
                    color: Some(style.color),
                    glyphs,
                })],
                note_refs: Vec::new(),
                links: Vec::new(),
                anchors: Vec::new(),
                hyphenated: false,
                last: false,
            });
        }
    }
    if let Some(last) = lines.last_mut() {
        last.last = true;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(size: f32) -> TextStyle {
        TextStyle {
            family: Family::Serif,
            style: Style::REGULAR,
            size: Pt(size),
            tracking: Em(0.0),
            color: [0.0; 3],
        }
    }

    #[test]
    fn greedy_fills_lines_in_order() {
        let w = [Pt(30.0), Pt(30.0), Pt(30.0)];
        assert_eq!(break_greedy(&w, Pt(5.0), Pt(70.0)), vec![(0, 2), (2, 3)]);
        assert_eq!(break_greedy(&w, Pt(5.0), Pt(100.0)), vec![(0, 3)]);
    }

    #[test]
    fn balancing_keeps_the_line_count_and_evens_the_lines() {
        // Greedy at 100: "aaaa bbbb cccc" / "dd"; balanced: two and two.
        let w = [Pt(30.0), Pt(30.0), Pt(30.0), Pt(10.0)];
        assert_eq!(break_greedy(&w, Pt(5.0), Pt(100.0)), vec![(0, 3), (3, 4)]);
        assert_eq!(break_balanced(&w, Pt(5.0), Pt(100.0)), vec![(0, 2), (2, 4)]);
    }

    #[test]
    fn set_lines_stay_within_the_measure_and_keep_the_text() {
        let text = "January 2022 in Kazakhstan";
        let lines = set_text(text, &style(40.0), Pt(300.0), true);
        assert!(lines.len() >= 2);
        let mut copied = String::new();
        for l in &lines {
            assert!(l.width <= Pt(300.0));
            if let LineItem::Glyphs(run) = &l.items[0] {
                copied.extend(run.glyphs.iter().map(|g| g.text.as_str()));
            }
            copied.push(' ');
        }
        assert_eq!(copied.trim_end(), text);
    }

    #[test]
    fn tracking_widens_a_line() {
        let plain = set_text("QUIRE", &style(10.0), Pt(500.0), false);
        let mut tracked_style = style(10.0);
        tracked_style.tracking = Em(0.2);
        let tracked = set_text("QUIRE", &tracked_style, Pt(500.0), false);
        let extra = tracked[0].width - plain[0].width;
        assert!((extra.0 - 4.0 * 2.0).abs() < 0.01, "{extra:?}");
    }
}
