//! Break opportunities inside a word: where a line may end without a
//! space.
//!
//! In: a word (a run of the flat text without spaces), the paragraph's
//! UAX #14 opportunities and the hyphenator. Out: byte offsets with the
//! kind of each break (inserted hyphen, explicit hyphen or dash, plain,
//! URL), sorted.
//!
//! URLs break only after '/', '.' or '-' and are never hyphenated. Other
//! words take UAX #14's opportunities (after hyphens, dashes, slashes);
//! an explicit hyphen keeps two letters on each side. Hyphenation points
//! come from the patterns and the book's exceptions, except in words with
//! digits or soft hyphens (whose soft hyphens are then the only points).
//! [`no_inner_breaks`] tells most prose words apart without running
//! UAX #14 at all.

use super::cache::Cache;
use super::collect::{run_at, Flat, RunKind};
use super::hyphenate::Hyphenation;

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

/// What kind of break an opportunity is, which decides its penalty.
#[derive(Clone, Copy, PartialEq)]
pub enum BreakKind {
    Hyphen,
    Explicit,
    Plain,
    Url,
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
pub fn no_inner_breaks(word: &str) -> bool {
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
pub fn word_breaks(
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

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_linebreak::{linebreaks, BreakOpportunity};

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
