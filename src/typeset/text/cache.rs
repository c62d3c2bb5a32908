//! A memo of the pure per-word results of preparing a paragraph: shaped
//! glyphs per font, hyphenation points per language.
//!
//! In: a word's text (and its font or language). Out: the same glyphs or
//! break offsets that shaping or the hyphenator would give, from memory
//! when the word was seen before. Prose repeats its words a lot, so most
//! words of a book are shaped once.

use rustc_hash::FxHashMap;

use super::hyphenate::Hyphenation;
use crate::model::Lang;
use crate::typeset::fonts::{faces, ShapedGlyph};

/// Longest text (bytes) the word cache keeps: longer runs rarely repeat,
/// and an enormous one (a paragraph without spaces) would stay in memory.
const CACHE_MAX: usize = 256;

/// Shaped words and hyphenation points already computed, reused across
/// paragraphs.
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
    pub fn shape(&mut self, font: usize, text: &str, base: u32, out: &mut Vec<ShapedGlyph>) {
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
    pub fn hyphenate(&mut self, hyph: &Hyphenation, word: &str, lang: Lang, out: &mut Vec<usize>) {
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
