//! Shaping: a word of the flat paragraph text becomes sized glyphs in
//! points.
//!
//! In: a byte range of a [`Flat`] text (a word), the paragraph's size and
//! the word cache. Out: [`PGlyph`]s appended to the paragraph's glyphs, and
//! characters no bundled font has in `missing`.
//!
//! The word is split by attribute run and then by the font that covers
//! each character (fallback across the bundled fonts; combining marks stay
//! with their base), and each piece is shaped whole by rustybuzz, so
//! kerning and ligatures inside it survive. A glyph that starts a cluster
//! carries the cluster's byte range, so the line can give its text back.

use super::cache::Cache;
use super::collect::{run_at, Flat};
use super::prepare::Prepared;
use crate::typeset::fonts::{fallback, is_ignorable, ShapedGlyph};
use crate::units::{Em, Pt};

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

/// Shapes `text[start..end]`, split by run and by the font that covers each
/// character, and appends the glyphs to `p.glyphs`.
pub fn shape_word(
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
