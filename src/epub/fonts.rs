//! The embedded fonts: subsets of the bundled Noto fonts holding the
//! glyphs of every character the book's documents use, with a rebuilt
//! Unicode cmap so e-readers can map text to glyphs, declared in CSS with
//! `@font-face`.
//!
//! allsorts' subsetter keeps the required OpenType tables (cmap, head,
//! hhea, hmtx, maxp, name, OS/2, post, glyf, loca) and follows composite
//! glyphs; kerning and ligature tables are dropped, which e-readers cope
//! with (they fall back to the advance widths).

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};

use crate::typeset::fonts::{self, Family, FontFile, Style};

/// One embedded font file.
pub struct EmbeddedFont {
    pub font: &'static FontFile,
    /// Path relative to OEBPS, e.g. `fonts/NotoSerif-Regular.ttf`.
    pub file: String,
    pub bytes: Vec<u8>,
}

/// The faces the stylesheet uses: the four serif styles for text, sans
/// regular, italic and bold for headings, dates, labels and editor's note
/// markers.
pub fn faces() -> Vec<&'static FontFile> {
    let s = |bold, italic| Style { bold, italic };
    vec![
        fonts::get(Family::Serif, s(false, false)),
        fonts::get(Family::Serif, s(false, true)),
        fonts::get(Family::Serif, s(true, false)),
        fonts::get(Family::Serif, s(true, true)),
        fonts::get(Family::Sans, s(false, false)),
        fonts::get(Family::Sans, s(false, true)),
        fonts::get(Family::Sans, s(true, false)),
    ]
}

/// Characters every subset keeps whatever the text: printable ASCII
/// (list numbers, generated punctuation), hyphens that hyphenation may
/// insert, the no-break spaces, dashes, quotes, bullets and note markers.
const ALWAYS: &str = "\u{a0}\u{ad}\u{2010}\u{2011}\u{2013}\u{2014}\u{2018}\u{2019}\u{201c}\u{201d}\u{2020}\u{2021}\u{2022}\u{2026}\u{202f}\u{ab}\u{bb}\u{201e}";

/// The characters of `documents` (markup included: it is ASCII, which is
/// kept anyway) and their upper-case forms, plus [`ALWAYS`].
pub fn used_chars<'a>(documents: impl Iterator<Item = &'a str>) -> BTreeSet<char> {
    let mut set: BTreeSet<char> = (' '..='~').chain(ALWAYS.chars()).collect();
    // Printable ASCII is in already and ASCII controls are never kept,
    // so only the (rare) other characters need a set insertion.
    for doc in documents {
        set.extend(doc.chars().filter(|c| !c.is_ascii()));
    }
    // The stylesheet upper-cases some labels (`text-transform`).
    let upper: Vec<char> = set.iter().flat_map(|c| c.to_uppercase()).collect();
    set.extend(upper);
    set
}

/// Subsets `font` to the glyphs of `chars`. Falls back to the whole font
/// if the subsetter fails, so a book never loses its text.
pub fn embed(font: &'static FontFile, chars: &BTreeSet<char>) -> EmbeddedFont {
    let bytes = subset_font(font.bytes, chars).unwrap_or_else(|| font.bytes.to_vec());
    EmbeddedFont {
        font,
        file: format!("fonts/{}", font.file_name),
        bytes,
    }
}

/// Maps characters to glyph ids with ttf-parser, then subsets with
/// allsorts (glyph 0, `.notdef`, first; ids sorted and unique).
fn subset_font(data: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    let mut glyphs: Vec<u16> = chars
        .iter()
        .filter_map(|&c| face.glyph_index(c))
        .map(|g| g.0)
        .filter(|&g| g != 0)
        .collect();
    glyphs.sort_unstable();
    glyphs.dedup();
    glyphs.insert(0, 0);
    let font = ReadScope::new(data).read::<FontData<'_>>().ok()?;
    let provider = font.table_provider(0).ok()?;
    subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .ok()
}

/// `@font-face` rules for the embedded fonts, relative to the stylesheet.
pub fn font_faces(fonts: &[EmbeddedFont]) -> String {
    let mut css = String::new();
    for f in fonts {
        css.push_str(&format!(
            "@font-face {{\n  font-family: \"{}\";\n  font-style: {};\n  font-weight: {};\n  src: url(\"{}\") format(\"truetype\");\n}}\n",
            f.font.family_name,
            if f.font.style.italic { "italic" } else { "normal" },
            if f.font.style.bold { "bold" } else { "normal" },
            f.file
        ));
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_keeps_the_used_characters_and_is_smaller() {
        let chars = used_chars(["Алматы – Kazakhstan “quoted”"].into_iter());
        let font = fonts::get(Family::Serif, Style::REGULAR);
        let embedded = embed(font, &chars);
        assert!(embedded.bytes.len() < font.bytes.len() / 4);
        let face = ttf_parser::Face::parse(&embedded.bytes, 0).expect("subset parses");
        for c in ['А', 'л', 'Л', 'K', '“', '–', '\u{a0}', '7'] {
            assert!(face.glyph_index(c).is_some(), "{c:?} kept");
        }
        assert!(face.glyph_index('Ж').is_none());
    }
}
