//! Preparing a paragraph for the line breaker: from the flattened text to
//! boxes, glue and penalties.
//!
//! In: a [`Flat`] paragraph, its style, the hyphenator and the word cache.
//! Out: a [`Prepared`] paragraph: the Knuth–Plass [`Item`]s, what each item
//! draws ([`Content`]), the paragraph's glyphs, and the characters no font
//! has.
//!
//! Each word is shaped whole ([`super::shape`]) and then cut into boxes at
//! its break opportunities ([`super::breakpoints`]); a break that would
//! fall inside a ligature's cluster is dropped. An inserted hyphen is a
//! flagged penalty as wide as the hyphen; spaces become glue (no stretch or
//! shrink when ragged), no-break spaces glue that cannot break. Every
//! forced line end (a line break, the paragraph's end) is fill glue and a
//! forced break. For justified text, each possible line end also carries
//! how far its final punctuation may hang into the right margin, and each
//! box how far opening punctuation may hang into the left one.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::breakpoints::{no_inner_breaks, word_breaks, BreakKind};
use super::cache::Cache;
use super::collect::{run_at, Flat};
use super::hyphenate::Hyphenation;
use super::knuth_plass::{Item, Kind, INFINITY};
use super::shape::{shape_word, PGlyph};
use super::ParaStyle;
use crate::typeset::fonts::faces;
use crate::units::{Em, Pt};

/// Stretch and shrink of an inter-word glue, as fractions of the space.
pub const SPACE_STRETCH: f32 = 0.5;

pub const SPACE_SHRINK: f32 = 0.2;

/// Penalties for breaking at an inserted hyphen, after an explicit
/// hyphen or dash, and inside a URL.
pub const HYPHEN_PENALTY: f32 = 100.0;

pub const EXPLICIT_PENALTY: f32 = 50.0;

pub const URL_PENALTY: f32 = 100.0;

/// Stretch standing in for "infinite" fill glue.
pub const FILL: Pt = Pt(100_000.0);

/// What an item stands for when the line is drawn.
#[derive(Debug, Clone)]
pub enum Content {
    None,
    Glyphs(Range<usize>),
    /// An inserted hyphen, drawn only if the line breaks here.
    Hyphen(PGlyph),
}

/// What one caller of the engine reuses from paragraph to paragraph: the
/// word cache and the buffers of [`prepare`] and of the line breaker (kept
/// at the size of the largest paragraph so far, so setting a paragraph
/// rarely allocates).
#[derive(Default)]
pub struct Workspace {
    pub cache: Cache,
    pub prep: Prepared,
    pub breaker: super::knuth_plass::Scratch,
}

impl Workspace {
    /// Buffers may keep room for this many items (and as many glyphs)
    /// between paragraphs; an enormous paragraph's buffers are shrunk back
    /// so they do not stay allocated for the rest of the book.
    const KEEP: usize = 1 << 14;

    /// Shrinks buffers an enormous paragraph grew.
    pub fn trim(&mut self) {
        let p = &mut self.prep;
        p.items.shrink_to(Self::KEEP);
        p.content.shrink_to(Self::KEEP);
        p.glyphs.shrink_to(Self::KEEP);
        p.gaps.shrink_to(Self::KEEP);
        p.allowed.shrink_to(Self::KEEP);
        self.breaker.trim(Self::KEEP);
    }
}

/// A paragraph ready for the breaker.
#[derive(Default)]
pub struct Prepared {
    pub items: Vec<Item>,
    pub content: Vec<Content>,
    pub glyphs: Vec<PGlyph>,
    /// Characters no bundled font has.
    pub missing: Vec<char>,
    /// Per item: for a box, the sum of the font sizes of its inner glyph
    /// gaps (where letterspacing may go); 0 otherwise.
    pub gaps: Vec<Pt>,
    /// Scratch: UAX #14 break opportunities, a word's shaped glyphs and
    /// its breaks.
    allowed: Vec<usize>,
    shaped: Vec<crate::typeset::fonts::ShapedGlyph>,
    breaks: Vec<(usize, BreakKind)>,
}

impl Prepared {
    /// Sets the shrink of every word space to `fraction` of its width.
    pub fn set_space_shrink(&mut self, fraction: f32) {
        for it in &mut self.items {
            if it.kind == Kind::Glue && it.stretch < FILL {
                it.shrink = it.width * fraction;
            }
        }
    }

    /// Lets every box stretch by `stretch` and shrink by `shrink` per
    /// inner glyph gap (letterspacing, a last resort before loose spaces).
    pub fn set_tracking(&mut self, stretch: Em, shrink: Em) {
        for (it, &g) in self.items.iter_mut().zip(&self.gaps) {
            if it.kind == Kind::Box {
                it.stretch = stretch.at(g);
                it.shrink = shrink.at(g);
            }
        }
    }
}

/// How far a line-final character may hang into the margin, as a fraction
/// of its advance (margin kerning, after microtype's defaults).
fn protrusion(c: char) -> f32 {
    match c {
        '.' | ',' => 0.6,
        '-' | '\u{2010}' | '\u{2011}' => 0.6,
        '\u{2019}' | '\u{201D}' | '"' | '\'' => 0.5,
        ';' | ':' => 0.4,
        '\u{2013}' => 0.3,
        '\u{2014}' => 0.2,
        '!' | '?' => 0.2,
        ')' | ']' => 0.1,
        _ => 0.0,
    }
}

/// Builds items for `flat` into `p` (its previous content is dropped, its
/// buffers reused). `indent` opens the first line; `hyphenate` allows
/// hyphenation points; `ragged` gives spaces no stretch or shrink.
pub fn prepare(
    p: &mut Prepared,
    flat: &Flat,
    style: &ParaStyle,
    hyph: &Hyphenation,
    cache: &mut Cache,
    ragged: bool,
) {
    let text = flat.text.as_str();
    let size = style.size;
    let faces = faces();
    p.items.clear();
    p.content.clear();
    p.glyphs.clear();
    p.missing.clear();
    p.gaps.clear();
    p.items.reserve(text.len() / 2);
    p.content.reserve(text.len() / 2);
    p.glyphs.reserve(text.len());
    if style.indent > Pt::ZERO {
        p.items.push(Item::boxed(style.indent));
        p.content.push(Content::None);
    }
    if text.is_empty() || flat.runs.is_empty() {
        finish(p);
        return;
    }
    // UAX #14 opportunities, found for the whole paragraph (they depend on
    // context) but only once a word might have one inside it.
    let mut allowed = std::mem::take(&mut p.allowed);
    allowed.clear();
    let mut allowed_found = false;
    let mut scratch = std::mem::take(&mut p.shaped);
    let mut breaks = std::mem::take(&mut p.breaks);
    let mut pos = 0;
    let bytes = text.as_bytes();
    while pos < text.len() {
        let c = text[pos..].chars().next().unwrap_or(' ');
        let run = *run_at(&flat.runs, pos);
        let sz = size * run.scale;
        if c == ' ' || c == '\t' || c == '\u{a0}' {
            let mut end = pos;
            let mut nobreak = false;
            while end < text.len() {
                let d = text[end..].chars().next().unwrap_or('x');
                if d == '\u{a0}' {
                    nobreak = true;
                } else if d != ' ' && d != '\t' {
                    break;
                }
                end += d.len_utf8();
            }
            let leading = p.items.iter().all(|i| i.kind != Kind::Box);
            if !leading {
                let w = faces[run.font].space.at(sz);
                if nobreak {
                    p.items.push(Item::penalty(Pt::ZERO, INFINITY, false));
                    p.content.push(Content::None);
                }
                if ragged {
                    p.items.push(Item::glue(w, Pt::ZERO, Pt::ZERO));
                } else {
                    p.items
                        .push(Item::glue(w, w * SPACE_STRETCH, w * SPACE_SHRINK));
                }
                p.content.push(Content::None);
            }
            pos = end;
            continue;
        }
        if c == '\n' {
            finish(p);
            pos += 1;
            continue;
        }
        // A word: up to the next space or forced break.
        let mut end = pos;
        while end < text.len() {
            let b = bytes[end];
            if b == b' ' || b == b'\t' || b == b'\n' {
                break;
            }
            if b.is_ascii() {
                end += 1;
                continue;
            }
            let d = text[end..].chars().next().unwrap_or('x');
            if d == '\u{a0}' {
                break;
            }
            end += d.len_utf8();
        }
        let word = &text[pos..end];
        if !allowed_found && !no_inner_breaks(word) {
            allowed.extend(
                linebreaks(text)
                    .filter(|(_, o)| *o == BreakOpportunity::Allowed)
                    .map(|(i, _)| i),
            );
            allowed_found = true;
        }
        breaks.clear();
        word_breaks(
            flat,
            hyph,
            cache,
            style.hyphenate,
            pos,
            word,
            &allowed,
            &mut breaks,
        );
        let g0 = p.glyphs.len();
        shape_word(flat, size, pos, end, cache, &mut scratch, p);
        let g1 = p.glyphs.len();
        // Cut the word's glyphs into boxes at the breaks.
        let mut start = g0;
        for &(at, kind) in breaks.iter() {
            let g = start + p.glyphs[start..g1].partition_point(|gl| (gl.text.0 as usize) < at);
            if g <= start || g >= g1 || p.glyphs[g].text.0 as usize != at {
                continue;
            }
            push_box(p, start..g);
            let last = p.glyphs[g - 1];
            let (pen, flagged, hyphen) = match kind {
                BreakKind::Hyphen => (HYPHEN_PENALTY, true, true),
                BreakKind::Explicit => (EXPLICIT_PENALTY, true, false),
                BreakKind::Url => (URL_PENALTY, false, false),
                BreakKind::Plain => (0.0, false, false),
            };
            if hyphen {
                let f = &faces[last.font as usize];
                let hy = PGlyph {
                    font: last.font,
                    id: f.hyphen.0,
                    size: last.size,
                    rise: last.rise,
                    advance: f.hyphen.1.at(last.size),
                    x_offset: Pt::ZERO,
                    text: (0, 0),
                    link: last.link,
                };
                let mut item = Item::penalty(hy.advance, pen, flagged);
                item.protrude = hy.advance * protrusion('-');
                p.items.push(item);
                p.content.push(Content::Hyphen(hy));
            } else {
                let mut item = Item::penalty(Pt::ZERO, pen, flagged);
                item.protrude = last_protrusion(&p.glyphs[start..g], text);
                p.items.push(item);
                p.content.push(Content::None);
            }
            start = g;
        }
        push_box(p, start..g1);
        pos = end;
    }
    finish(p);
    let glyphs = &p.glyphs;
    p.gaps.extend(p.items.iter().zip(&p.content).map(|(it, c)| {
        match (it.kind, c) {
            (Kind::Box, Content::Glyphs(r)) => glyphs[r.clone()]
                .iter()
                .skip(1)
                .filter(|g| g.text.1 > g.text.0)
                .map(|g| g.size)
                .sum(),
            _ => Pt::ZERO,
        }
    }));
    p.allowed = allowed;
    p.shaped = scratch;
    p.breaks = breaks;
}

/// The protrusion allowed after the last glyph of `glyphs`.
fn last_protrusion(glyphs: &[PGlyph], text: &str) -> Pt {
    let Some(g) = glyphs.iter().rev().find(|g| g.text.1 > g.text.0) else {
        return Pt::ZERO;
    };
    let last = glyphs.last().map(|l| l.advance).unwrap_or(Pt::ZERO);
    let c = text[g.text.0 as usize..g.text.1 as usize]
        .chars()
        .last()
        .unwrap_or('x');
    last * protrusion(c)
}

fn push_box(p: &mut Prepared, r: Range<usize>) {
    if r.is_empty() {
        return;
    }
    let w: Pt = p.glyphs[r.clone()].iter().map(|g| g.advance).sum();
    p.items.push(Item::boxed(w));
    p.content.push(Content::Glyphs(r));
}

fn trim_glue(p: &mut Prepared) {
    while p.items.last().is_some_and(|i| i.kind != Kind::Box) {
        if p.items
            .last()
            .is_some_and(|i| i.kind == Kind::Penalty && i.penalty <= -INFINITY)
        {
            break;
        }
        p.items.pop();
        p.content.pop();
    }
}

/// Ends a line by force, at a line break inside the paragraph or at its
/// end: no trailing glue, then fill glue and a forced break.
fn finish(p: &mut Prepared) {
    trim_glue(p);
    p.items.push(Item::penalty(Pt::ZERO, INFINITY, false));
    p.content.push(Content::None);
    p.items.push(Item::glue(Pt::ZERO, FILL, Pt::ZERO));
    p.content.push(Content::None);
    p.items.push(Item::penalty(Pt::ZERO, -INFINITY, false));
    p.content.push(Content::None);
}

/// Sets the protrusion of every glue from the glyph that precedes it, and
/// the left hang of every box that opens with opening punctuation.
pub fn set_glue_protrusion(p: &mut Prepared, text: &str) {
    for i in 0..p.items.len() {
        if i > 0 && p.items[i].kind == Kind::Glue && p.items[i - 1].kind == Kind::Box {
            if let Content::Glyphs(r) = &p.content[i - 1] {
                p.items[i].protrude = last_protrusion(&p.glyphs[r.clone()], text);
            }
        }
        if let (Kind::Box, Content::Glyphs(r)) = (p.items[i].kind, &p.content[i]) {
            let g = p.glyphs[r.start];
            if g.text.1 > g.text.0 {
                let c = text[g.text.0 as usize..].chars().next().unwrap_or('x');
                p.items[i].hang_left = g.advance * left_protrusion(c);
            }
        }
    }
}

/// How far a line-initial character may hang into the left margin, as a
/// fraction of its advance.
fn left_protrusion(c: char) -> f32 {
    match c {
        '\u{201C}' | '\u{2018}' | '\u{201E}' | '\u{00AB}' | '"' | '\'' => 0.5,
        '(' | '[' => 0.2,
        _ => 0.0,
    }
}
