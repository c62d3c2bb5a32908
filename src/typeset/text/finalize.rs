//! Finalizing: from the chosen breaks back to positioned lines.
//!
//! In: a [`Prepared`] paragraph, its flat text and a break (the items of
//! one line and its adjustment ratio). Out: a [`Line`] of glyph runs
//! relative to the measure's left edge and the baseline, with its link
//! areas, and the byte range of text it covers.
//!
//! Glue grows or shrinks by the ratio times its stretch or shrink; in a
//! letterspaced pass a box's own stretch is spread over the gaps between
//! its clusters, in proportion to their type size. A line opening with
//! punctuation starts left of the measure by that glyph's hang; a line
//! ending at a hyphenation point draws the hyphen, and one ending at an
//! explicit hyphen draws it as U+2010. Glyphs are grouped into runs of one
//! font, size and baseline shift.

use std::ops::Range;

use super::collect::Flat;
use super::knuth_plass::Kind;
use super::prepare::{Content, Prepared, FILL};
use super::shape::PGlyph;
use super::{ClusterText, Glyph, GlyphRun, Line, LineItem, LinkSpan, ParaStyle};
use crate::typeset::fonts::faces;
use crate::units::{Em, Pt};

/// Draws the line from item `from` to the break at item `to` (exclusive;
/// the break item's hyphen is drawn if it has one), with adjustment
/// `ratio`. Returns the line and the byte range of text it covers.
pub fn assemble(
    p: &Prepared,
    flat: &Flat,
    style: &ParaStyle,
    from: usize,
    to: usize,
    ratio: f32,
    stretch_glue: bool,
) -> (Line, Option<Range<usize>>) {
    let faces = faces();
    let text = flat.text.as_str();
    let count: usize = (from..to)
        .map(|i| match (p.items[i].kind, &p.content[i]) {
            (Kind::Box, Content::Glyphs(r)) => r.len(),
            _ => 0,
        })
        .sum();
    let mut placed: Vec<(Pt, PGlyph)> = Vec::with_capacity(count + 1);
    // Opening punctuation hangs into the left margin.
    let mut x = match (p.items.get(from), stretch_glue) {
        (Some(it), true) if it.kind == Kind::Box => -it.hang_left,
        _ => Pt::ZERO,
    };
    // The text covered: from the first cluster start to the last end.
    let (mut span_start, mut span_end) = (usize::MAX, 0);
    for i in from..to {
        let it = &p.items[i];
        match (&it.kind, &p.content[i]) {
            (Kind::Box, Content::Glyphs(r)) => {
                // Letterspacing: the box's stretch or shrink, spread over the
                // gaps before each cluster but the first, by size.
                let gaps = p.gaps[i];
                let adjust = if !stretch_glue || gaps == Pt::ZERO {
                    Em::ZERO
                } else if ratio >= 0.0 {
                    Em(it.stretch * ratio / gaps)
                } else {
                    Em(it.shrink * ratio / gaps)
                };
                for (k, g) in p.glyphs[r.clone()].iter().enumerate() {
                    if k > 0 && g.text.1 > g.text.0 {
                        x += adjust.at(g.size);
                    }
                    placed.push((x + g.x_offset, *g));
                    x += g.advance;
                    let s = g.text.0 as usize;
                    span_start = span_start.min(s);
                    span_end = span_end.max((g.text.1 as usize).max(s));
                }
            }
            (Kind::Box, _) => x += it.width,
            (Kind::Glue, _) => {
                x += it.width;
                if stretch_glue {
                    x += if ratio >= 0.0 {
                        it.stretch.min(FILL / 10.0) * ratio
                    } else {
                        it.shrink * ratio
                    };
                }
            }
            (Kind::Penalty, _) => {}
        }
    }
    // A line ending at an explicit hyphen draws it as U+2010 HYPHEN: text
    // extractors join lines ending in '-' and drop it, which is right for
    // inserted hyphens only ("well-planned" must not copy as "wellplanned").
    let explicit_end = p.items.get(to).is_some_and(|it| {
        it.kind == Kind::Penalty && it.flagged && matches!(p.content[to], Content::None)
    });
    let mut hyphen_2010 = None;
    if explicit_end {
        if let Some((_, g)) = placed.last() {
            let f = &faces[g.font as usize];
            if g.id == f.hyphen.0 && &text[g.text.0 as usize..g.text.1 as usize] == "-" {
                hyphen_2010 = f.hyphen_2010;
            }
        }
    }
    let span = (!placed.is_empty()).then_some(span_start..span_end);
    let last_index = placed.len().wrapping_sub(1);
    let mut hyphenated = false;
    if let Some(Content::Hyphen(h)) = p.content.get(to) {
        placed.push((x, *h));
        x += h.advance;
        hyphenated = true;
    }
    let mut line = Line {
        width: x,
        ascent: Pt::ZERO,
        descent: Pt::ZERO,
        items: Vec::new(),
        note_refs: Vec::new(),
        links: Vec::new(),
        anchors: Vec::new(),
        hyphenated,
        last: false,
    };
    // Group into runs of one font, size and rise; each run's glyphs are
    // counted first so its vector is allocated once, at its final size.
    let mut link_open: Option<(u16, Pt, Pt)> = None;
    let mut k = 0;
    while k < placed.len() {
        let (x0, g0) = placed[k];
        let len = placed[k..]
            .iter()
            .take_while(|(_, h)| h.font == g0.font && h.size == g0.size && h.rise == g0.rise)
            .count();
        let f = &faces[g0.font as usize];
        line.ascent = line.ascent.max(f.ascender.at(g0.size) + g0.rise);
        line.descent = line.descent.max((-f.descender).at(g0.size) - g0.rise);
        let mut run = GlyphRun {
            font: g0.font as usize,
            size: g0.size,
            x: x0,
            dy: g0.rise,
            color: style.color,
            glyphs: Vec::with_capacity(len),
        };
        for (m, &(gx, g)) in placed[k..k + len].iter().enumerate() {
            let swap = if k + m == last_index {
                hyphen_2010
            } else {
                None
            };
            run.glyphs.push(Glyph {
                id: swap.unwrap_or(g.id),
                x: gx - run.x,
                text: if swap.is_some() {
                    ClusterText::new("\u{2010}")
                } else if g.text.1 > g.text.0 {
                    ClusterText::new(&text[g.text.0 as usize..g.text.1 as usize])
                } else if g.text == (0, 0) && g.id == f.hyphen.0 {
                    ClusterText::new("-")
                } else {
                    ClusterText::default()
                },
            });
            // Link areas.
            match (link_open, g.link) {
                (Some((l, x0, _)), Some(gl)) if l == gl => {
                    link_open = Some((l, x0, gx + g.advance))
                }
                (open, gl) => {
                    if let Some((l, x0, x1)) = open {
                        line.links.push(LinkSpan {
                            x0,
                            x1,
                            target: flat.links[l as usize].clone(),
                        });
                    }
                    link_open = gl.map(|l| (l, gx, gx + g.advance));
                }
            }
        }
        line.items.push(LineItem::Glyphs(run));
        k += len;
    }
    if let Some((l, x0, x1)) = link_open {
        line.links.push(LinkSpan {
            x0,
            x1,
            target: flat.links[l as usize].clone(),
        });
    }
    (line, span)
}
