//! The book's never-break words, carried into the XHTML.
//!
//! CSS has no exception list. A word listed in `[hyphenation] exceptions`
//! without hyphens ("CSTO") must never break, so each occurrence is
//! wrapped in a span with `hyphens: manual`. Words listed with marked
//! breaks ("Ka-zakh-stan") are left to the reading system's dictionary:
//! soft hyphens would pin the breaks, but they leak into copied text and
//! trip some readers' search.

use std::collections::HashSet;

/// The lower-cased words that never break.
#[derive(Debug, Default)]
pub struct Exceptions {
    words: HashSet<String>,
}

impl Exceptions {
    /// Keeps the entries of `[hyphenation] exceptions` without a hyphen.
    pub fn new(list: &[String]) -> Exceptions {
        let words = list
            .iter()
            .map(|e| e.trim())
            .filter(|e| !e.is_empty() && !e.contains('-'))
            .map(str::to_lowercase)
            .collect();
        Exceptions { words }
    }

    /// Appends `text`, escaped by `push`, with every never-break word
    /// wrapped in a `nohyphen` span. One pass over the characters: each
    /// maximal alphanumeric run is a word, looked up lower-cased; the text
    /// between matches is copied through unchanged.
    pub fn apply(&self, text: &str, out: &mut String, push: fn(&mut String, &str)) {
        if self.words.is_empty() {
            push(out, text);
            return;
        }
        let mut lower = String::new();
        let mut last = 0;
        let mut word_start: Option<usize> = None;
        let bytes_len = text.len();
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if c.is_alphanumeric() {
                word_start.get_or_insert(i);
            }
            let ends =
                c.is_alphanumeric() && iter.peek().is_none_or(|&(_, n)| !n.is_alphanumeric());
            if !ends {
                continue;
            }
            let Some(start) = word_start.take() else {
                continue;
            };
            let end = iter.peek().map_or(bytes_len, |&(j, _)| j);
            let word = &text[start..end];
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if self.words.contains(&lower) {
                push(out, &text[last..start]);
                out.push_str("<span class=\"nohyphen\">");
                push(out, word);
                out.push_str("</span>");
                last = end;
            }
        }
        push(out, &text[last..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epub::xhtml::push_text;

    fn run(list: &[&str], text: &str) -> String {
        let ex = Exceptions::new(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let mut out = String::new();
        ex.apply(text, &mut out, push_text);
        out
    }

    #[test]
    fn never_break_words_are_wrapped() {
        assert_eq!(
            run(
                &["Ka-zakh-stan", "CSTO"],
                "Kazakhstan & the CSTO, not CSTOs."
            ),
            "Kazakhstan &amp; the <span class=\"nohyphen\">CSTO</span>, not CSTOs."
        );
        assert_eq!(run(&[], "a <b>"), "a &lt;b&gt;");
        assert_eq!(
            run(&["knb"], "KNB’s"),
            "<span class=\"nohyphen\">KNB</span>’s"
        );
    }
}
