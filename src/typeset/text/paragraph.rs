//! From a flattened paragraph to boxes, glue and penalties, and from chosen
//! breaks back to positioned lines.
//!
//! Words (runs of non-space text) are shaped whole, so kerning and
//! ligatures inside a word survive; a word is then cut into boxes at its
//! break opportunities (UAX #14, hyphenation points, URL breaks). A break
//! that would fall inside a ligature's cluster is dropped. Spaces become
//! glue; no-break spaces become glue that cannot break.

use std::ops::Range;

use rustc_hash::FxHashMap;
use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::collect::{Flat, Run, RunKind};
use super::hyphenate::Hyphenation;
use super::knuth_plass::{Item, Kind, INFINITY};
use super::{ClusterText, Glyph, GlyphRun, Line, LineItem, LinkSpan, ParaStyle};
use crate::model::Lang;
use crate::typeset::fonts::{faces, fallback, is_ignorable, ShapedGlyph};
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
const FILL: Pt = Pt(100_000.0);

/// Longest text (bytes) the word cache keeps: longer runs rarely repeat,
/// and an enormous one (a paragraph without spaces) would stay in memory.
const CACHE_MAX: usize = 256;

/// Shaped words and hyphenation points already computed, reused across
/// paragraphs (prose repeats its words a lot).
pub struct Cache {
    /// Per font: text → glyphs, clusters relative to the text's start.
    shapes: Vec<FxHashMap<String, Vec<ShapedGlyph>>>,
    /// Per language: letter run → hyphenation byte offsets.
    hyph: Vec<FxHashMap<String, Vec<usize>>>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            shapes: (0..crate::typeset::fonts::ALL.len())
                .map(|_| FxHashMap::default())
                .collect(),
            hyph: (0..5).map(|_| FxHashMap::default()).collect(),
        }
    }
}

impl Cache {
    /// Appends the glyphs of `text` in `font`, clusters offset by `base`.
    fn shape(&mut self, font: usize, text: &str, base: u32, out: &mut Vec<ShapedGlyph>) {
        let map = &mut self.shapes[font];
        if let Some(v) = map.get(text) {
            out.extend(v.iter().map(|g| ShapedGlyph {
                cluster: g.cluster + base,
                ..*g
            }));
            return;
        }
        let mut v = Vec::new();
        faces()[font].shape(text, 0, &mut v);
        out.extend(v.iter().map(|g| ShapedGlyph {
            cluster: g.cluster + base,
            ..*g
        }));
        if text.len() <= CACHE_MAX {
            map.insert(text.to_string(), v);
        }
    }

    /// Hyphenation points of `word` in `lang`.
    fn hyphenate(&mut self, hyph: &Hyphenation, word: &str, lang: Lang, out: &mut Vec<usize>) {
        let k = match lang {
            Lang::En => 0,
            Lang::Ru => 1,
            Lang::Kk => 2,
            Lang::KkLatn => 3,
            Lang::Es => 4,
        };
        let map = &mut self.hyph[k];
        if let Some(v) = map.get(word) {
            out.extend_from_slice(v);
            return;
        }
        let mut v = Vec::new();
        hyph.breaks(word, lang, &mut v);
        out.extend_from_slice(&v);
        if word.len() <= CACHE_MAX {
            map.insert(word.to_string(), v);
        }
    }
}

/// A shaped glyph of the paragraph, sized and in points.
#[derive(Debug, Clone, Copy)]
pub struct PGlyph {
    pub font: u8,
    pub id: u16,
    pub size: Pt,
    pub rise: Pt,
    pub advance: Pt,
    pub x_offset: Pt,
    /// Byte range of the cluster text this glyph starts (empty for the
    /// other glyphs of a cluster).
    pub text: (u32, u32),
    pub link: Option<u16>,
}

/// What an item stands for when the line is drawn.
#[derive(Debug, Clone)]
pub enum Content {
    None,
    Glyphs(Range<usize>),
    /// An inserted hyphen, drawn only if the line breaks here.
    Hyphen(PGlyph),
}

/// What one caller of the engine reuses from paragraph to paragraph: the
/// word cache and the buffers of [`prepare`] and of the line breaker (kept at the size of the
/// largest paragraph so far, so setting a paragraph rarely allocates).
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
    shaped: Vec<ShapedGlyph>,
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

fn run_at(runs: &[Run], pos: usize) -> &Run {
    let i = runs.partition_point(|r| r.end <= pos);
    &runs[i.min(runs.len() - 1)]
}

/// URLs and URN-like identifiers: never hyphenated, broken only after '/'
/// or before '-', '.', '_', '~', '?', '#', '&' or '=' (see [`url_breaks`]).
fn is_url(word: &str) -> bool {
    let b = word.as_bytes();
    // Every form has a ':' or starts with "www."; most words have neither.
    if !b.contains(&b':') {
        return b.starts_with(b"www.");
    }
    word.contains("://")
        || ["www.", "mailto:", "urn:", "doi:"]
            .iter()
            .any(|p| word.starts_with(p))
}

/// Byte offsets in `word` (a URL) where a line may end, so that a reader
/// can retype the address from print: after a '/', or before '-', '.',
/// '_', '~', '?', '#', '&' or '='. A line never ends in a hyphen that is
/// the URL's own (it would read as a hyphenated word) nor in a full stop
/// (it would read as the sentence's end). Never inside the scheme and its
/// "//", and at least two characters stay on the second line.
pub fn url_breaks(word: &str) -> impl Iterator<Item = usize> + '_ {
    let b = word.as_bytes();
    let body = word.find("://").map(|k| k + 3).unwrap_or(0);
    (body + 1..b.len().saturating_sub(1)).filter(move |&i| {
        let (prev, next) = (b[i - 1], b[i]);
        (prev == b'/' && next != b'/')
            || (matches!(next, b'-' | b'.' | b'_' | b'~' | b'?' | b'#' | b'&' | b'=')
                && prev != b'/')
    })
}

#[derive(Clone, Copy, PartialEq)]
enum BreakKind {
    Hyphen,
    Explicit,
    Plain,
    Url,
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

/// UAX #14 line-breaking classes of the characters that [`no_inner_breaks`]
/// knows: letters (AL), digits (NU), infix separators (IS), `!` and `?`
/// (EX), opening and closing brackets (OP, CP), quotation marks (QU).
#[derive(Clone, Copy, PartialEq)]
enum Simple {
    Letter,
    Digit,
    Infix,
    Excl,
    Open,
    Close,
    Quote,
}

fn simple_class(c: char) -> Option<Simple> {
    use Simple::*;
    Some(match c {
        'a'..='z' | 'A'..='Z' => Letter,
        '0'..='9' => Digit,
        '.' | ',' | ':' | ';' => Infix,
        '!' | '?' => Excl,
        '(' | '[' => Open,
        ')' | ']' => Close,
        '"' | '\'' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{AB}' | '\u{BB}' => {
            Quote
        }
        // Latin-1 letters (not × and ÷), Latin Extended-A, Cyrillic
        // letters (not the combining marks U+0483..U+0489).
        '\u{C0}'..='\u{FF}' if c != '\u{D7}' && c != '\u{F7}' => Letter,
        '\u{100}'..='\u{17F}' | '\u{400}'..='\u{482}' | '\u{48A}'..='\u{4FF}' => Letter,
        _ => return None,
    })
}

/// Whether UAX #14 surely allows no break inside `word` (a run without
/// spaces), whatever surrounds it: every character is of a class
/// [`simple_class`] knows, and every adjacent pair is held together by a
/// rule that holds in any context: × IS, × EX, × CP (LB13/LB15d), OP ×
/// (LB14), × QU and QU × (LB19, none of these is East Asian wide), AL/NU
/// × AL/NU (LB23, LB25, LB28), IS × AL (LB29), AL/NU × OP and CP × AL/NU
/// (LB30). The only rules that could break between such characters
/// first need characters outside these classes (spaces, ZW, CB, RI, hard
/// breaks). Most prose words pass, which saves finding the paragraph's
/// opportunities at all.
fn no_inner_breaks(word: &str) -> bool {
    use Simple::*;
    let mut prev: Option<Simple> = None;
    for c in word.chars() {
        let Some(y) = simple_class(c) else {
            return false;
        };
        if let Some(x) = prev {
            let held = matches!(y, Infix | Excl | Close | Quote)
                || matches!(x, Open | Quote)
                || (matches!(x, Letter | Digit) && matches!(y, Letter | Digit | Open))
                || (x == Infix && y == Letter)
                || (x == Close && matches!(y, Letter | Digit));
            if !held {
                return false;
            }
        }
        prev = Some(y);
    }
    true
}

/// Break opportunities inside the word at `text[start..start + word.len()]`.
#[allow(clippy::too_many_arguments)]
fn word_breaks(
    flat: &Flat,
    hyph: &Hyphenation,
    cache: &mut Cache,
    hyphenate: bool,
    start: usize,
    word: &str,
    allowed: &[usize],
    out: &mut Vec<(usize, BreakKind)>,
) {
    let end = start + word.len();
    if is_url(word) {
        out.extend(url_breaks(word).map(|i| (start + i, BreakKind::Url)));
        return;
    }
    // UAX #14 opportunities inside the word (after hyphens, dashes, slashes).
    let lo = allowed.partition_point(|&a| a <= start);
    for &a in &allowed[lo..] {
        if a >= end {
            break;
        }
        let run = run_at(&flat.runs, a);
        if run.kind == RunKind::Marker && run.start == a {
            continue;
        }
        let prev = flat.text[..a].chars().last().unwrap_or(' ');
        let kind = if prev == '\u{ad}' {
            BreakKind::Hyphen
        } else if matches!(prev, '-' | '\u{2010}') {
            // Keep at least two letters on either side of an explicit hyphen.
            let before = flat.text[start..a]
                .chars()
                .filter(|c| c.is_alphabetic())
                .count();
            let after = flat.text[a..end]
                .chars()
                .filter(|c| c.is_alphabetic())
                .count();
            if before < 2 || after < 2 {
                continue;
            }
            BreakKind::Explicit
        } else {
            BreakKind::Plain
        };
        out.push((a, kind));
    }
    // Soft hyphens are the only hyphenation points of their word.
    if hyphenate && !has_digit_or_shy(word) {
        // Each run of letters in one text run is hyphenated on its own.
        let mut scratch = Vec::new();
        let mut i = 0;
        while i < word.len() {
            let c = word[i..].chars().next().unwrap_or(' ');
            if !c.is_alphabetic() {
                i += c.len_utf8();
                continue;
            }
            let run = *run_at(&flat.runs, start + i);
            let mut j = i;
            let wb = word.as_bytes();
            while j < word.len() && start + j < run.end {
                if wb[j].is_ascii() {
                    if !wb[j].is_ascii_alphabetic() {
                        break;
                    }
                    j += 1;
                    continue;
                }
                let d = word[j..].chars().next().unwrap_or(' ');
                if !d.is_alphabetic() {
                    break;
                }
                j += d.len_utf8();
            }
            // Skip a letter run glued to an apostrophe contraction boundary
            // only when it is a proper word (letters only).
            if run.kind == RunKind::Text {
                scratch.clear();
                cache.hyphenate(hyph, &word[i..j], run.lang, &mut scratch);
                out.extend(scratch.iter().map(|&b| (start + i + b, BreakKind::Hyphen)));
            }
            i = j.max(i + 1);
        }
    }
    out.sort_by_key(|b| b.0);
    out.dedup_by_key(|b| b.0);
}

/// Whether `word` has an ASCII digit or a soft hyphen (U+00AD, in UTF-8
/// the bytes C2 AD).
fn has_digit_or_shy(word: &str) -> bool {
    let b = word.as_bytes();
    b.iter()
        .enumerate()
        .any(|(k, &c)| c.is_ascii_digit() || (c == 0xAD && k > 0 && b[k - 1] == 0xC2))
}

/// Shapes `text[start..end]`, split by run and by the font that covers each
/// character, and appends the glyphs to `p.glyphs`.
fn shape_word(
    flat: &Flat,
    size: Pt,
    start: usize,
    end: usize,
    cache: &mut Cache,
    scratch: &mut Vec<ShapedGlyph>,
    p: &mut Prepared,
) {
    let text = flat.text.as_str();
    let mut pos = start;
    while pos < end {
        let run = *run_at(&flat.runs, pos);
        let run_end = run.end.min(end);
        // Split by fallback font; combining marks stay with their base.
        let mut i = pos;
        while i < run_end {
            let c = text[i..].chars().next().unwrap_or(' ');
            let font = match fallback(run.font, c) {
                Some(f) => f,
                None => {
                    if !is_ignorable(c) && !p.missing.contains(&c) {
                        p.missing.push(c);
                    }
                    run.font
                }
            };
            let mut j = i + c.len_utf8();
            let tb = text.as_bytes();
            while j < run_end {
                // Printable ASCII: never a mark, and every font has it.
                if tb[j].is_ascii_graphic() || tb[j] == b' ' {
                    if run.font != font {
                        break;
                    }
                    j += 1;
                    continue;
                }
                let d = text[j..].chars().next().unwrap_or(' ');
                let mark = is_mark(d);
                if !mark && fallback(run.font, d).unwrap_or(run.font) != font {
                    break;
                }
                j += d.len_utf8();
            }
            scratch.clear();
            cache.shape(font, &text[i..j], i as u32, scratch);
            let sz = size * run.scale;
            let n = scratch.len();
            for k in 0..n {
                let g = scratch[k];
                let first = k == 0 || scratch[k - 1].cluster != g.cluster;
                // Hidden format characters (soft hyphen, zero-width space,
                // word joiner) draw nothing and copy as nothing.
                if g.advance == Em::ZERO
                    && text[g.cluster as usize..]
                        .chars()
                        .next()
                        .is_some_and(is_ignorable)
                {
                    continue;
                }
                let cl_end = (k + 1..n)
                    .map(|m| scratch[m].cluster)
                    .find(|&c| c != g.cluster)
                    .unwrap_or(j as u32);
                p.glyphs.push(PGlyph {
                    font: font as u8,
                    id: g.id,
                    size: sz,
                    rise: run.rise.at(size) + g.y_offset.at(sz),
                    advance: g.advance.at(sz),
                    x_offset: g.x_offset.at(sz),
                    text: if first {
                        (g.cluster, cl_end)
                    } else {
                        (g.cluster, g.cluster)
                    },
                    link: run.link,
                });
            }
            i = j;
        }
        pos = run_end;
    }
}

fn is_mark(c: char) -> bool {
    (c as u32) >= 0x0300
        && matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_break_after_slashes_and_before_hyphens() {
        let url = "https://lis-isl.org/en/2022/un-ano";
        let lines: Vec<(&str, &str)> = url_breaks(url).map(|i| url.split_at(i)).collect();
        let shown: Vec<String> = lines.iter().map(|(a, b)| format!("{a}|{b}")).collect();
        assert_eq!(
            shown,
            [
                "https://lis|-isl.org/en/2022/un-ano",
                "https://lis-isl|.org/en/2022/un-ano",
                "https://lis-isl.org/|en/2022/un-ano",
                "https://lis-isl.org/en/|2022/un-ano",
                "https://lis-isl.org/en/2022/|un-ano",
                "https://lis-isl.org/en/2022/un|-ano",
            ]
        );
        assert!(lines
            .iter()
            .all(|(a, _)| !a.ends_with('-') && !a.ends_with('.')));
    }

    /// Random words of the characters [`simple_class`] knows (and a few it
    /// does not), in random contexts: wherever [`no_inner_breaks`] says
    /// so, the UAX #14 implementation finds no opportunity inside the word.
    #[test]
    fn simple_words_have_no_inner_break_opportunities() {
        let chars: Vec<char> = "aZ09.,:;!?([)]\"'\u{2018}\u{2019}\u{201C}\u{201D}\u{AB}\u{BB}éÿĀžЖяё-/\u{2014}\u{2013}{}%$+#\u{AD}\u{200B}\u{301}"
            .chars()
            .collect();
        let seps = [
            " ",
            "\u{a0}",
            "\t",
            "\n",
            " - ",
            " \u{2014} ",
            ")( ",
            "\u{200B} ",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut simple, mut checked) = (0, 0);
        for _ in 0..20_000 {
            let mut text = String::new();
            for w in 0..4 {
                if w > 0 {
                    text.push_str(seps[next(seps.len())]);
                }
                for _ in 0..1 + next(5) {
                    text.push(chars[next(chars.len())]);
                }
            }
            let allowed: Vec<usize> = linebreaks(&text)
                .filter(|(_, o)| *o == BreakOpportunity::Allowed)
                .map(|(i, _)| i)
                .collect();
            // Words as prepare finds them: runs without spaces, tabs,
            // newlines and no-break spaces.
            let mut start = None;
            for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
                let sep = matches!(c, ' ' | '\t' | '\n' | '\u{a0}');
                match (start, sep) {
                    (None, false) => start = Some(i),
                    (Some(s), true) => {
                        let word = &text[s..i];
                        checked += 1;
                        if no_inner_breaks(word) {
                            simple += 1;
                            assert!(
                                !allowed.iter().any(|&a| a > s && a < i),
                                "{text:?}: {word:?}"
                            );
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
        }
        assert!(simple > 1000 && simple < checked, "{simple} of {checked}");
        assert!(no_inner_breaks("“Kazakhstan’s"));
        assert!(no_inner_breaks("(1986),"));
        assert!(!no_inner_breaks("well-known"));
        assert!(!no_inner_breaks("and/or"));
    }
}
