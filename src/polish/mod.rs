//! Typographic polish, applied once to every text run of the model.
//!
//! In: a `Book` as read. Out: the same book, its text runs polished by the
//! rules below (the reader calls [`book`] before anything lays it out).
//!
//! Rules, by the language of the run:
//! - straight double quotes become “ ” in English, « » (outer) and „ “
//!   (inner) in Russian and Kazakh, « » in Spanish; single quotes become
//!   ‘ ’ and apostrophes ’ (don’t, 1990’s, ’90s);
//! - `---` becomes an em dash; `--` and a hyphen between spaces become a
//!   spaced dash: an en dash in English (“word – word”, the British style
//!   chosen here), an em dash in Russian and Kazakh. The space before it is
//!   made no-break so a line never starts with a dash;
//! - `...` becomes …;
//! - no-break spaces after initials (“K. Tokayev”), after “No.” and “№”
//!   before a number, inside dates (“12 January”, “January 12”) and between
//!   a number and its unit (“50 meters”, “120 tenge”, “10 %”).
//!
//! Characters that are already typographic are kept. Quote direction is
//! decided by the character before the quote, which is carried across
//! inline boundaries, so a quote that opens before *emphasis* and closes
//! inside or after it comes out right.

use crate::model::{Block, Book, Inline, Lang};

const NBSP: char = '\u{a0}';

/// Quote state carried across the runs of one paragraph.
#[derive(Debug, Clone)]
pub struct State {
    /// The last character written (a space at the start).
    prev: char,
    /// The last few characters written, for word-level rules.
    tail: String,
    /// Open double quotes.
    depth: u32,
}

impl Default for State {
    fn default() -> Self {
        State {
            prev: ' ',
            tail: String::new(),
            depth: 0,
        }
    }
}

/// Polishes every text run of the book in place.
pub fn book(book: &mut Book) {
    for part in &mut book.parts {
        inlines(&mut part.title, book.meta.lang);
    }
    for c in &mut book.chapters {
        let lang = c.lang;
        inlines(&mut c.title, lang);
        if let Some(s) = &mut c.subtitle {
            inlines(s, lang);
        }
        blocks(&mut c.blocks, lang);
        for n in &mut c.notes {
            blocks(&mut n.blocks, lang);
        }
    }
    for s in &mut book.sources {
        s.title = string(&s.title, s.lang);
        s.publisher = string(&s.publisher, book.meta.lang);
        inlines(&mut s.notes, book.meta.lang);
        inlines(&mut s.citation, book.meta.lang);
        inlines(&mut s.entry, book.meta.lang);
    }
}

/// Polishes a standalone string.
pub fn string(s: &str, lang: Lang) -> String {
    let mut state = State::default();
    run(s, lang, &mut state)
}

/// Polishes a list of blocks; each paragraph-like unit has its own state.
pub fn blocks(blocks_: &mut [Block], lang: Lang) {
    for b in blocks_ {
        match b {
            Block::Paragraph(p) => inlines(&mut p.content, lang),
            Block::Heading { content, .. } => inlines(content, lang),
            Block::Quote(inner) => blocks(inner, lang),
            Block::List { items, .. } => {
                for item in items {
                    blocks(item, lang);
                }
            }
            Block::Table(t) => {
                for cell in t.header.iter_mut().chain(t.rows.iter_mut().flatten()) {
                    inlines(cell, lang);
                }
            }
            Block::Figure(f) => inlines(&mut f.caption, lang),
            Block::Timeline(entries) => {
                for e in entries {
                    inlines(&mut e.text, lang);
                    e.label = string(&e.label, lang);
                }
            }
            Block::Glossary(entries) => {
                for e in entries {
                    inlines(&mut e.term, lang);
                    inlines(&mut e.definition, lang);
                }
            }
            Block::Rule | Block::Bibliography | Block::CodeBlock { .. } => {}
        }
    }
}

/// Polishes one paragraph's inlines with a shared quote state.
pub fn inlines(content: &mut [Inline], lang: Lang) {
    let mut state = State::default();
    walk(content, lang, &mut state);
}

fn walk(content: &mut [Inline], lang: Lang, state: &mut State) {
    for inline in content {
        match inline {
            Inline::Text(t) => {
                let polished = run(t, lang, state);
                *t = polished;
            }
            Inline::Lang { lang: l, content } => walk(content, *l, state),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Cite { content: c, .. } => {
                walk(c, lang, state)
            }
            Inline::Link { url, content } => {
                // An autolink shows its address: leave it exactly as written.
                let is_address = matches!(content.as_slice(), [Inline::Text(t)] if t == url
                    || url.strip_prefix("mailto:") == Some(t.as_str()));
                if is_address {
                    state.note('x');
                } else {
                    walk(content, lang, state);
                }
            }
            Inline::Code(_) => state.note('x'),
            Inline::NoteRef(_) => {}
            Inline::LineBreak => state.note(' '),
        }
    }
}

impl State {
    fn note(&mut self, c: char) {
        self.prev = c;
        self.tail.push(c);
        if self.tail.len() > 48 {
            let cut = self.tail.char_indices().nth(8).map_or(0, |(i, _)| i);
            self.tail.drain(..cut);
        }
    }
}

/// The quote characters of a language: outer open, outer close, inner open,
/// inner close.
fn quotes(lang: Lang) -> (char, char, char, char) {
    match lang {
        Lang::En => ('“', '”', '‘', '’'),
        Lang::Ru | Lang::Kk | Lang::KkLatn => ('«', '»', '„', '“'),
        Lang::Es => ('«', '»', '“', '”'),
    }
}

/// Whether a quote after `prev` opens (start, space, bracket, dash or
/// another opening quote before it).
fn opens(prev: char) -> bool {
    prev.is_whitespace()
        || matches!(
            prev,
            '(' | '[' | '{' | '–' | '—' | '-' | '/' | '“' | '‘' | '«' | '„' | '\0'
        )
}

const MONTHS: [&str; 36] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

const UNITS: [&str; 52] = [
    "%",
    "‰",
    "km",
    "m",
    "cm",
    "mm",
    "kg",
    "g",
    "t",
    "l",
    "ha",
    "meter",
    "meters",
    "metre",
    "metres",
    "kilometer",
    "kilometers",
    "kilometre",
    "kilometres",
    "liter",
    "liters",
    "litre",
    "litres",
    "tonne",
    "tonnes",
    "ton",
    "tons",
    "hectares",
    "tenge",
    "rubles",
    "roubles",
    "dollars",
    "euros",
    "percent",
    "a.m.",
    "p.m.",
    "hours",
    "minutes",
    "seconds",
    "days",
    "weeks",
    "months",
    "years",
    "км",
    "м",
    "кг",
    "тенге",
    "рублей",
    "лет",
    "года",
    "млн",
    "тыс",
];

fn is_month(w: &str) -> bool {
    let w = w.to_lowercase();
    MONTHS.contains(&w.as_str())
}

fn is_number(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        && w.chars().last().is_some_and(|c| c.is_ascii_digit())
}

/// The word that ends `tail` (after its last space).
fn last_word(tail: &str) -> &str {
    tail.rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
}

/// The word starting at `chars[i]`: letters, digits, `%`, `.`.
fn next_word(chars: &[char], i: usize) -> String {
    chars[i.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '%' | '‰' | '.' | ','))
        .collect()
}

/// Whether the space at `chars[i]` should not break, given what was written
/// before it (`tail`).
fn binds(tail: &str, chars: &[char], i: usize) -> bool {
    let before = last_word(tail);
    let after_raw = next_word(chars, i + 1);
    let after = after_raw.trim_end_matches([',', '.']);
    // An initial: "K. Tokayev" (one capital and a full stop).
    let mut b = before.chars();
    if let (Some(c), Some('.'), None) = (b.next(), b.next(), b.next()) {
        if c.is_uppercase() && chars.get(i + 1).is_some_and(|n| n.is_uppercase()) {
            return true;
        }
    }
    if (before == "No." || before == "no." || before == "№")
        && after.starts_with(|c: char| c.is_ascii_digit())
    {
        return true;
    }
    if is_number(before) {
        let unit = after_raw.to_lowercase();
        let unit = unit.trim_end_matches(',');
        if is_month(after) || UNITS.contains(&unit) || UNITS.contains(&unit.trim_end_matches('.')) {
            return true;
        }
    }
    if is_month(before)
        && after.len() <= 2
        && !after.is_empty()
        && after.chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    false
}

/// Polishes one text run, continuing from `state`.
pub fn run(text: &str, lang: Lang, state: &mut State) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let (open2, close2, open1, close1) = quotes(lang);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let emit: char;
        match c {
            '.' if next == Some('.') && chars.get(i + 2) == Some(&'.') => {
                emit = '…';
                i += 2;
            }
            '-' if next == Some('-') && chars.get(i + 2) == Some(&'-') => {
                emit = '—';
                i += 2;
            }
            '-' if next == Some('-') || (state.prev == ' ' && next.is_some_and(|n| n == ' ')) => {
                if next == Some('-') {
                    i += 1;
                }
                if out.ends_with(' ') {
                    out.pop();
                    out.push(NBSP);
                }
                // Russian and Kazakh set a spaced em dash (тире) where
                // English sets a spaced en dash.
                emit = match lang {
                    Lang::Ru | Lang::Kk => '—',
                    _ => '–',
                };
            }
            '"' => {
                if opens(state.prev) {
                    state.depth += 1;
                    emit = if state.depth > 1 && lang != Lang::En {
                        open1
                    } else {
                        open2
                    };
                } else {
                    emit = if state.depth > 1 && lang != Lang::En {
                        close1
                    } else {
                        close2
                    };
                    state.depth = state.depth.saturating_sub(1);
                }
            }
            '\'' => {
                emit = if state.prev.is_alphanumeric() || next.is_some_and(|n| n.is_ascii_digit()) {
                    '’'
                } else if opens(state.prev) {
                    if lang == Lang::En {
                        '‘'
                    } else {
                        '’'
                    }
                } else {
                    '’'
                };
            }
            '«' => {
                state.depth += 1;
                emit = c;
            }
            '»' => {
                state.depth = state.depth.saturating_sub(1);
                emit = c;
            }
            ' ' if binds(&state.tail, &chars, i) => emit = NBSP,
            // A spaced dash already in the text: bind it to the word before.
            '–' | '—' if state.prev == ' ' && next == Some(' ') => {
                if out.ends_with(' ') {
                    out.pop();
                    out.push(NBSP);
                }
                emit = c;
            }
            _ => emit = c,
        }
        if emit == close2 && lang == Lang::En && c != '"' && c != '\'' {
            state.depth = state.depth.saturating_sub(1);
        } else if emit == open2 && lang == Lang::En && c != '"' {
            state.depth += 1;
        }
        out.push(emit);
        state.note(emit);
        i += 1;
    }
    // Single quotes in English: the close quote and the apostrophe are the
    // same character, so nothing more to balance.
    let _ = (open1, close1);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(s: &str) -> String {
        string(s, Lang::En)
    }

    #[test]
    fn english_quotes_and_apostrophes() {
        assert_eq!(en(r#"He said "no" and left."#), "He said “no” and left.");
        assert_eq!(
            en("don't, the 1990's and '90s"),
            "don’t, the 1990’s and ’90s"
        );
        assert_eq!(en("the 'word' here"), "the ‘word’ here");
        assert_eq!(en("(\"quoted\")"), "(“quoted”)");
        assert_eq!(en("already “curly” kept"), "already “curly” kept");
    }

    #[test]
    fn russian_quotes_nest() {
        assert_eq!(
            string(r#"Он сказал "это "слово" тут""#, Lang::Ru),
            "Он сказал «это „слово“ тут»"
        );
        assert_eq!(string(r#""Шал, кет!""#, Lang::Kk), "«Шал, кет!»");
    }

    #[test]
    fn quotes_across_inline_boundaries() {
        let mut content = vec![
            Inline::Text("a \"".into()),
            Inline::Emph(vec![Inline::Text("word".into())]),
            Inline::Text("\" b".into()),
        ];
        inlines(&mut content, Lang::En);
        assert_eq!(crate::model::plain_text(&content), "a “word” b");
        let mut content = vec![
            Inline::Text("like \"".into()),
            Inline::Lang {
                lang: Lang::KkLatn,
                content: vec![Inline::Text("Shal ket".into())],
            },
            Inline::Text("\" and".into()),
        ];
        inlines(&mut content, Lang::En);
        assert_eq!(crate::model::plain_text(&content), "like “Shal ket” and");
    }

    #[test]
    fn dashes_and_ellipses() {
        assert_eq!(
            en("violations - as a result"),
            "violations\u{a0}– as a result"
        );
        assert_eq!(en("a -- b"), "a\u{a0}– b");
        assert_eq!(en("a---b"), "a—b");
        assert_eq!(en("city – Almaty"), "city\u{a0}– Almaty");
        assert_eq!(en("wait..."), "wait…");
        assert_eq!(en("anti-popular"), "anti-popular");
        assert_eq!(en("January 3-5"), "January\u{a0}3-5");
    }

    #[test]
    fn no_break_spaces() {
        assert_eq!(en("K. Tokayev"), "K.\u{a0}Tokayev");
        assert_eq!(en("on 12 January 2022"), "on 12\u{a0}January 2022");
        assert_eq!(en("On January 12, they"), "On January\u{a0}12, they");
        assert_eq!(en("every 50 meters"), "every 50\u{a0}meters");
        assert_eq!(en("to 120 tenge a liter"), "to 120\u{a0}tenge a liter");
        assert_eq!(en("up 10 % today"), "up 10\u{a0}% today");
        assert_eq!(en("No. 5 and № 7"), "No.\u{a0}5 and №\u{a0}7");
        assert_eq!(en("in 2011 the"), "in 2011 the");
        assert_eq!(string("12 января 2022", Lang::Ru), "12\u{a0}января 2022");
        assert_eq!(string("власть - это", Lang::Ru), "власть\u{a0}— это");
    }
}
