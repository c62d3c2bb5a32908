//! Checks on one run of text as it is read: characters that no bundled font
//! covers, and Cyrillic outside a language span in an English chapter.

use crate::diag::Diagnostic;
use crate::model::Lang;
use crate::typeset::fonts::faces;

/// Whether some bundled font has a glyph for `c`. Whitespace and format
/// characters that renderers handle themselves count as covered.
pub fn covered(c: char) -> bool {
    if c.is_ascii()
        || matches!(
            c,
            '\u{a0}' | '\u{202f}' | '\u{200b}' | '\u{ad}' | '\u{2009}' | '\u{2060}'
        )
    {
        return true;
    }
    faces().iter().any(|f| f.covers(c))
}

/// Whether `c` is Cyrillic (basic block, supplement and extensions).
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}')
}

/// Checks one merged text run in language `lang` (the innermost span's)
/// inside a chapter whose base language is `base`. `report` gets each
/// problem with the byte index in `text` where it occurs.
pub fn text_run(text: &str, lang: Lang, base: Lang, report: &mut dyn FnMut(Diagnostic, usize)) {
    let mut cyrillic_reported = false;
    for (i, c) in text.char_indices() {
        if c.is_control() && c != '\n' && c != '\t' {
            report(
                Diagnostic::error(
                    "control-character",
                    format!("control character U+{:04X} in the text", c as u32),
                )
                .hint("delete it; it is invisible and no renderer can set it"),
                i,
            );
            continue;
        }
        if !covered(c) {
            report(
                Diagnostic::error(
                    "glyph-missing",
                    format!(
                        "no bundled font has the character `{c}` (U+{:04X})",
                        c as u32
                    ),
                )
                .hint("replace it, or spell it out; recto only embeds Noto Serif and Noto Sans"),
                i,
            );
        }
        if !cyrillic_reported
            && is_cyrillic(c)
            && matches!(lang, Lang::En | Lang::Es | Lang::KkLatn)
            && base == lang
        {
            cyrillic_reported = true;
            report(
                Diagnostic::warning("cyrillic-untagged", "Cyrillic text outside a language span")
                    .hint("mark it: <span lang=\"ru\">…</span> or <span lang=\"kk\">…</span>"),
                i,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, lang: Lang) -> Vec<(&'static str, usize)> {
        let mut out = Vec::new();
        text_run(text, lang, Lang::En, &mut |d, i| out.push((d.code, i)));
        out
    }

    #[test]
    fn fonts_cover_the_book_scripts() {
        for c in "aé«»“”–—…№ЖжҚқӘәҰұІі".chars() {
            assert!(covered(c), "{c}");
        }
        assert!(!covered('漢'));
    }

    #[test]
    fn untagged_cyrillic_and_missing_glyphs() {
        assert_eq!(run("abc Шал", Lang::En), vec![("cyrillic-untagged", 4)]);
        assert!(run("Шал", Lang::Ru).is_empty());
        assert_eq!(run("x漢", Lang::En), vec![("glyph-missing", 1)]);
    }
}
