//! Hyphenation points of words: Liang patterns from the `hyphenation`
//! crate picked by language, plus the book's exception list.
//!
//! Rules: at least [`MIN_BEFORE`] letters before and [`MIN_AFTER`] after a
//! break; only runs of letters are hyphenated (never numbers, URLs or code,
//! which the caller does not pass here); Kazakh has no patterns in the crate
//! and Russian patterns would be wrong for it, so Kazakh words never break.

use std::collections::HashMap;

use hyphenation::{Hyphenator, Language, Load, Standard};

use crate::model::Lang;

/// Letters that must precede a hyphenation break.
pub const MIN_BEFORE: usize = 2;
/// Letters that must follow a hyphenation break.
pub const MIN_AFTER: usize = 3;

/// Pattern dictionaries and exceptions, loaded once per book.
pub struct Hyphenation {
    en: Option<Standard>,
    ru: Option<Standard>,
    es: Option<Standard>,
    /// Lowercased word → the only allowed breaks, as char counts before the
    /// break. An empty list means "never break".
    exceptions: HashMap<String, Vec<usize>>,
}

impl Hyphenation {
    /// Loads the embedded dictionaries and parses `exceptions` ("Ka-zakh-stan":
    /// breaks only where the hyphens are; a word without hyphens never breaks).
    pub fn new(exceptions: &[String]) -> Hyphenation {
        let load = |l| Standard::from_embedded(l).ok();
        let mut map = HashMap::new();
        for e in exceptions {
            let mut breaks = Vec::new();
            let mut word = String::new();
            let mut n = 0;
            for c in e.trim().chars() {
                if c == '-' {
                    breaks.push(n);
                } else {
                    word.extend(c.to_lowercase());
                    n += 1;
                }
            }
            map.insert(word, breaks);
        }
        Hyphenation {
            en: load(Language::EnglishUS),
            ru: load(Language::Russian),
            es: load(Language::Spanish),
            exceptions: map,
        }
    }

    /// The dictionary for `lang`, if words in it may be hyphenated.
    pub fn dictionary(&self, lang: Lang) -> Option<&Standard> {
        match lang {
            Lang::En => self.en.as_ref(),
            Lang::Ru => self.ru.as_ref(),
            Lang::Es => self.es.as_ref(),
            Lang::Kk | Lang::KkLatn => None,
        }
    }

    /// Byte offsets inside `word` (a run of letters) where it may break with
    /// a hyphen, ascending. Exceptions win over patterns and apply in every
    /// language; otherwise patterns of `lang`, filtered by the minimum
    /// letter counts.
    pub fn breaks(&self, word: &str, lang: Lang, out: &mut Vec<usize>) {
        let len = word.chars().count();
        if len < MIN_BEFORE + MIN_AFTER {
            return;
        }
        if !self.exceptions.is_empty() {
            let lower = word.to_lowercase();
            if let Some(bs) = self.exceptions.get(&lower) {
                if lower.chars().count() == len {
                    let idx: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
                    out.extend(bs.iter().filter(|&&b| b > 0 && b < len).map(|&b| idx[b]));
                }
                return;
            }
        }
        let Some(dict) = self.dictionary(lang) else {
            return;
        };
        let h = dict.hyphenate(word);
        // Breaks ascend: count the letters before each one incrementally,
        // so a huge word stays linear.
        let (mut at, mut before) = (0, 0);
        for b in h.breaks {
            before += word.get(at..b).map_or(0, |s| s.chars().count());
            at = b.max(at);
            if before >= MIN_BEFORE && len - before >= MIN_AFTER {
                out.push(b);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(h: &Hyphenation, word: &str, lang: Lang) -> String {
        let mut bs = Vec::new();
        h.breaks(word, lang, &mut bs);
        let mut s = String::new();
        let mut last = 0;
        for b in bs {
            s.push_str(&word[last..b]);
            s.push('-');
            last = b;
        }
        s.push_str(&word[last..]);
        s
    }

    #[test]
    fn english_patterns() {
        let h = Hyphenation::new(&[]);
        assert!(split(&h, "hyphenation", Lang::En).starts_with("hy-phen-"));
        assert_eq!(split(&h, "government", Lang::En), "gov-ern-ment");
        // Too short to break with 2 + 3 letters.
        assert_eq!(split(&h, "into", Lang::En), "into");
    }

    #[test]
    fn minimum_letters_before_and_after() {
        let h = Hyphenation::new(&[]);
        for w in ["demonstrations", "unemployment", "protesters", "reasonable"] {
            let mut bs = Vec::new();
            h.breaks(w, Lang::En, &mut bs);
            assert!(!bs.is_empty(), "{w}");
            for b in bs {
                assert!(w[..b].chars().count() >= 2, "{w} at {b}");
                assert!(w[b..].chars().count() >= 3, "{w} at {b}");
            }
        }
    }

    #[test]
    fn russian_by_language_and_kazakh_never() {
        let h = Hyphenation::new(&[]);
        let ru = split(&h, "демонстрация", Lang::Ru);
        assert!(ru.contains('-'), "{ru}");
        assert!(ru.split('-').all(|p| p.chars().count() >= 2));
        // English patterns do not apply to Cyrillic.
        assert_eq!(split(&h, "демонстрация", Lang::En), "демонстрация");
        // Kazakh: no patterns, no breaks, even for a Russian-looking word.
        assert_eq!(split(&h, "демонстрация", Lang::Kk), "демонстрация");
        assert_eq!(split(&h, "Qandy Qantar", Lang::KkLatn), "Qandy Qantar");
    }

    #[test]
    fn exceptions_replace_patterns() {
        let ex = vec!["Ka-zakh-stan".to_string(), "CSTO".to_string()];
        let h = Hyphenation::new(&ex);
        assert_eq!(split(&h, "Kazakhstan", Lang::En), "Ka-zakh-stan");
        assert_eq!(split(&h, "KAZAKHSTAN", Lang::En), "KA-ZAKH-STAN");
        // Exceptions hold in every language.
        assert_eq!(split(&h, "Kazakhstan", Lang::Kk), "Ka-zakh-stan");
        let ex = vec!["government".to_string()];
        let h = Hyphenation::new(&ex);
        assert_eq!(split(&h, "government", Lang::En), "government");
    }
}
