//! Fonts for every output: the bundled font files ([`bundled`]) and their
//! faces, parsed once per process, with the metrics the text engine needs
//! and per-character fallback across the bundled fonts.
//!
//! Faces borrow the font bytes compiled into the binary, so parsing them
//! costs no copy; [`faces`] parses all of them on first use. Every stage
//! (text engine, checks, cover painter) reads glyphs through [`faces`].

pub mod bundled;

pub use bundled::{get, Family, FontFile, Style, ALL, LICENSE};

use std::sync::OnceLock;

use rustybuzz::{Direction, Face, Script, ShapePlan, UnicodeBuffer};

use crate::units::Em;

/// One bundled font, parsed, with shaping plans for the scripts of the book.
pub struct FontFace {
    pub face: Face<'static>,
    /// Font units per em.
    pub upem: f32,
    /// Ascender and descender (negative).
    pub ascender: Em,
    pub descender: Em,
    /// Advance of U+0020 (Noto Serif: 0.26 em).
    pub space: Em,
    /// Glyph id and advance of the hyphen inserted at a hyphenation break.
    pub hyphen: (u16, Em),
    /// Glyph id of U+2010 HYPHEN if the font has one distinct from '-'.
    pub hyphen_2010: Option<u16>,
    /// Plans for Latin and Cyrillic text, left to right, default features
    /// (kerning and standard ligatures on).
    latin: ShapePlan,
    cyrillic: ShapePlan,
    /// Latin plan for text of printable ASCII only: the features that act
    /// on marks (`ccmp`, `mark`, `mkmk`) are off, since such text has no
    /// mark to compose or attach; skipping their lookups makes shaping
    /// cheaper with the same glyphs.
    ascii: ShapePlan,
}

/// A shaped glyph, its font units scaled to em.
#[derive(Debug, Clone, Copy)]
pub struct ShapedGlyph {
    pub id: u16,
    /// Byte offset of the glyph's cluster in the shaped text.
    pub cluster: u32,
    pub advance: Em,
    pub x_offset: Em,
    pub y_offset: Em,
}

impl FontFace {
    fn parse(bytes: &'static [u8]) -> Option<FontFace> {
        let face = Face::from_slice(bytes, 0)?;
        let upem = face.units_per_em() as f32;
        let adv = |c: char| -> Option<(u16, Em)> {
            let g = face.glyph_index(c)?;
            Some((
                g.0,
                Em(face.glyph_hor_advance(g).unwrap_or(0) as f32 / upem),
            ))
        };
        let space = adv(' ').map(|a| a.1).unwrap_or(Em(0.25));
        let hyphen = adv('-').unwrap_or((0, Em(0.3)));
        let hyphen_2010 = adv('\u{2010}')
            .filter(|h| h.0 != hyphen.0 && (h.1 - hyphen.1).0.abs() < 1e-3)
            .map(|h| h.0);
        let plan =
            |script: Script| ShapePlan::new(&face, Direction::LeftToRight, Some(script), None, &[]);
        let latin = plan(rustybuzz::script::LATIN);
        let off = |tag: &[u8; 4]| {
            rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(tag), 0, ..)
        };
        let ascii = ShapePlan::new(
            &face,
            Direction::LeftToRight,
            Some(rustybuzz::script::LATIN),
            None,
            &[off(b"ccmp"), off(b"mark"), off(b"mkmk")],
        );
        let cyrillic = plan(rustybuzz::script::CYRILLIC);
        Some(FontFace {
            upem,
            ascender: Em(face.ascender() as f32 / upem),
            descender: Em(face.descender() as f32 / upem),
            space,
            hyphen,
            hyphen_2010,
            latin,
            cyrillic,
            ascii,
            face,
        })
    }

    /// Whether the face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// Advance of glyph `id`.
    pub fn advance(&self, id: u16) -> Em {
        Em(self
            .face
            .glyph_hor_advance(ttf_parser::GlyphId(id))
            .unwrap_or(0) as f32
            / self.upem)
    }

    /// Shapes `text` (one script, left to right) and appends the glyphs,
    /// with clusters offset by `base`, to `out`. Uses a cached plan for Latin
    /// and Cyrillic; other scripts get a plan made for the call.
    pub fn shape(&self, text: &str, base: u32, out: &mut Vec<ShapedGlyph>) {
        let mut buf = UnicodeBuffer::new();
        buf.push_str(text);
        buf.set_direction(Direction::LeftToRight);
        buf.guess_segment_properties();
        let script = buf.script();
        let plan = if script == rustybuzz::script::CYRILLIC {
            Some((&self.cyrillic, script))
        } else if script == rustybuzz::script::LATIN
            || script == rustybuzz::script::COMMON
            || script == rustybuzz::script::UNKNOWN
            || script == rustybuzz::script::INHERITED
        {
            Some((&self.latin, rustybuzz::script::LATIN))
        } else {
            None
        };
        let plan = match plan {
            Some((_, s))
                if s == rustybuzz::script::LATIN
                    && text.bytes().all(|b| (b' '..=b'~').contains(&b)) =>
            {
                Some((&self.ascii, s))
            }
            p => p,
        };
        let glyphs = match plan {
            Some((p, s)) => {
                buf.set_script(s);
                rustybuzz::shape_with_plan(&self.face, p, buf)
            }
            None => rustybuzz::shape(&self.face, &[], buf),
        };
        let k = 1.0 / self.upem;
        for (info, pos) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
            out.push(ShapedGlyph {
                id: info.glyph_id as u16,
                cluster: base + info.cluster,
                advance: Em(pos.x_advance as f32 * k),
                x_offset: Em(pos.x_offset as f32 * k),
                y_offset: Em(pos.y_offset as f32 * k),
            });
        }
    }
}

/// Every bundled font, parsed once, in the order of [`crate::typeset::fonts::ALL`].
pub fn faces() -> &'static [FontFace] {
    static FACES: OnceLock<Vec<FontFace>> = OnceLock::new();
    FACES.get_or_init(|| {
        ALL.iter()
            .map(|f| FontFace::parse(f.bytes).expect("bundled fonts parse"))
            .collect()
    })
}

/// Index into [`crate::typeset::fonts::ALL`] of a family and style.
pub fn font_index(family: Family, style: Style) -> usize {
    ALL.iter()
        .position(|f| f.family == family && f.style == style)
        .unwrap_or(0)
}

/// The font to use for `c` when `wanted` is asked for: `wanted` if it has
/// the glyph, else the same style of the other family, else any bundled
/// font that has it. `None` if no bundled font covers `c`.
#[inline]
pub fn fallback(wanted: usize, c: char) -> Option<usize> {
    // Every bundled font has printable ASCII.
    if c.is_ascii_graphic() || c == ' ' {
        return Some(wanted);
    }
    fallback_beyond_ascii(wanted, c)
}

/// [`fallback`] for a character outside printable ASCII.
fn fallback_beyond_ascii(wanted: usize, c: char) -> Option<usize> {
    let faces = faces();
    if faces[wanted].covers(c) {
        return Some(wanted);
    }
    let style = ALL[wanted].style;
    let same_style = ALL
        .iter()
        .enumerate()
        .filter(|(_, f)| f.style == style)
        .map(|(i, _)| i);
    let rest = 0..ALL.len();
    same_style
        .chain(rest)
        .find(|&i| i != wanted && faces[i].covers(c))
}

/// Characters in `text` that no bundled font covers (for `recto check`).
/// Controls and default-ignorable format characters are not reported.
pub fn uncovered_chars(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if c.is_control() || is_ignorable(c) {
            continue;
        }
        if fallback(0, c).is_none() && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Format characters that shaping drops or that draw nothing.
pub fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noto_serif_metrics() {
        let f = &faces()[0];
        assert!((f.space.0 - 0.26).abs() < 0.01, "space {:?}", f.space);
        assert!(f.hyphen.0 != 0);
        assert!(f.hyphen_2010.is_some());
        assert!(f.ascender > Em(0.5) && f.descender < Em::ZERO);
    }

    #[test]
    fn shaping_ligates_and_keeps_clusters() {
        let f = &faces()[0];
        let mut out = Vec::new();
        f.shape("office", 0, &mut out);
        // "ffi" becomes one glyph in Noto Serif.
        assert!(out.len() < 6, "{} glyphs", out.len());
        assert_eq!(out[0].cluster, 0);
        assert!(out.windows(2).all(|w| w[0].cluster <= w[1].cluster));
    }

    #[test]
    fn fallback_finds_a_font_or_reports_none() {
        // Cyrillic is in Noto Serif itself.
        assert_eq!(fallback(0, 'Ж'), Some(0));
        // A character no bundled font has.
        assert_eq!(fallback(0, '\u{1F600}'), None);
        assert_eq!(uncovered_chars("ok \u{1F600}"), vec!['\u{1F600}']);
    }
}
