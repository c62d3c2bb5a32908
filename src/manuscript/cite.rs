//! Citations and the Sources list, in one style (after MHRA), built once
//! here as model inlines that both outputs print as they are:
//!
//! - a citation in a note or in running text: "Lead, “Title”, 5 January
//!   2022", where Lead is the author as the source gives the name or,
//!   without an author, the publisher. It is a short form, as notes are
//!   where a book has a full list of sources: the list gives the rest;
//! - the chronology's short citation: "Lead, 5 January 2022";
//! - the Sources entry: the citation, with the publisher after the title
//!   when an author leads ("Serik Rymbetov, “…”, The Jamestown Foundation,
//!   5 January 2022"), then the address in angle brackets and the date it
//!   was consulted, then the editors' notes on the source: "Kursiv, “…”,
//!   11 January 2022, <https://…> [accessed 20 November 2026]." Angle
//!   brackets delimit an address in text (RFC 3986, appendix C), so no
//!   sentence punctuation touches it.
//!
//! All three begin with the same element, and [`bibliography`] sorts the
//! list by it, so a reader holding "Kursiv, 11 January 2022" finds the entry
//! under Kursiv. A title keeps its own final `?` or `!`: no full stop is
//! added after one ([`end_sentence`]).

use crate::model::{plain_text, Date, Inline, Lang, Source};
use std::cmp::Ordering;

/// The ids of a citation's inside (`@a; @b`), or None if it is not one.
pub fn parse_keys(inner: &str) -> Option<Vec<&str>> {
    let inner = inner.strip_prefix('@')?;
    let mut ids = Vec::new();
    for (i, part) in inner.split(';').enumerate() {
        let part = part.trim();
        let id = if i == 0 {
            part
        } else {
            part.strip_prefix('@')?
        };
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            return None;
        }
        ids.push(id);
    }
    Some(ids)
}

/// The element a source's citations and its entry begin with: the author,
/// else the publisher; None when the source has neither (the title leads).
pub fn lead(source: &Source) -> Option<&str> {
    let author = source.author.as_deref().map(str::trim);
    match author {
        Some(a) if !a.is_empty() => Some(a),
        _ => Some(source.publisher.trim()).filter(|p| !p.is_empty()),
    }
}

/// The citation inline for a source; a title in another language than the
/// book's (`book`) is wrapped in a language span.
pub fn inline(source: &Source, book: Lang) -> Inline {
    Inline::Cite {
        source: source.id.clone(),
        content: content(source, book),
    }
}

/// "Lead, “Title”, 5 January 2022" as inlines.
pub fn content(source: &Source, book: Lang) -> Vec<Inline> {
    worded(source, book, false)
}

/// The citation's words; `full` adds the publisher after the title when
/// an author leads.
fn worded(source: &Source, book: Lang, full: bool) -> Vec<Inline> {
    let mut parts: Vec<Vec<Inline>> = Vec::with_capacity(4);
    if let Some(lead) = lead(source) {
        parts.push(vec![text(lead)]);
    }
    parts.push(quoted_title(source, book));
    let by_author = source
        .author
        .as_deref()
        .is_some_and(|a| !a.trim().is_empty());
    if full && by_author && !source.publisher.trim().is_empty() {
        parts.push(vec![text(source.publisher.trim())]);
    }
    if let Some(d) = source.date {
        parts.push(vec![text(&d.long())]);
    }
    join(parts)
}

/// The short citation used in the chronology, where the full titles would
/// crowd the entries: "Lead, 5 January 2022", linked to the Sources entry
/// that gives the title.
pub fn short_inline(source: &Source, book: Lang) -> Inline {
    let mut parts = Vec::with_capacity(2);
    match lead(source) {
        Some(lead) => parts.push(vec![text(lead)]),
        None => parts.push(quoted_title(source, book)),
    }
    if let Some(d) = source.date {
        parts.push(vec![text(&d.long())]);
    }
    Inline::Cite {
        source: source.id.clone(),
        content: join(parts),
    }
}

/// The Sources entry of a source: its citation (with the publisher), the
/// address and the date it was consulted, a full stop, then the editors'
/// notes on it.
pub fn entry(source: &Source, book: Lang) -> Vec<Inline> {
    let mut out = worded(source, book, true);
    if let Some(url) = &source.url {
        out.push(text(", <"));
        out.push(Inline::Link {
            url: url.clone(),
            content: vec![text(url)],
        });
        out.push(text(">"));
    }
    if let Some(d) = source.accessed {
        out.push(text(&format!(" [accessed {}]", d.long())));
    }
    end_sentence(&mut out);
    if !source.notes.is_empty() {
        out.push(text(" "));
        out.extend(source.notes.iter().cloned());
    }
    out
}

/// Fills every source's [`Source::citation`] and [`Source::entry`] and sorts the list as the
/// Sources chapter prints it: by the leading element (author or
/// publisher, else the title), then by date (undated last), then by title.
///
/// Strings are compared by the Unicode Collation Algorithm with the CLDR
/// tailoring of the book's language (ICU4X): case and accents count only
/// to break ties, so "geopolitic.org" files under G and "Élan" beside
/// "Elan"; a space sorts before any letter ("A News" before
/// "Amnesty", word by word); a Kazakh book files ә after а as a Kazakh
/// reader expects. Names are filed as the source gives them, as the
/// citations show them, and a leading "The" counts, for the same reason.
pub fn bibliography(sources: &mut [Source], book: Lang) {
    for s in sources.iter_mut() {
        s.citation = content(s, book);
        s.entry = entry(s, book);
    }
    let collator = Collator::new(book);
    sources.sort_by(|a, b| {
        let key = |s: &Source| lead(s).unwrap_or(&s.title).to_string();
        collator
            .compare(&key(a), &key(b))
            .then_with(|| by_date(a.date, b.date))
            .then_with(|| collator.compare(&a.title, &b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// Ends a sentence of inlines with a full stop, unless it already ends in
/// `.`, `?`, `!` or `…` (before any closing quotes): “What happened?” takes
/// no second mark.
pub fn end_sentence(content: &mut Vec<Inline>) {
    let plain = plain_text(content);
    let last = plain
        .trim_end()
        .trim_end_matches(['”', '’', '"', '\'', '»', '“'])
        .chars()
        .last();
    if !matches!(last, Some('.' | '?' | '!' | '…')) {
        content.push(text("."));
    }
}

fn by_date(a: Option<Date>, b: Option<Date>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.iso().cmp(&b.iso()),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The book language's collator, or the root collation when that language
/// has no data; plain code-point order only if ICU4X's compiled data fails.
struct Collator(Option<icu_collator::CollatorBorrowed<'static>>);

impl Collator {
    fn new(lang: Lang) -> Self {
        let options = icu_collator::options::CollatorOptions::default();
        let prefs = lang
            .tag()
            .parse::<icu_locale_core::Locale>()
            .map(|l| icu_collator::CollatorPreferences::from(&l))
            .unwrap_or_default();
        let collator = icu_collator::Collator::try_new(prefs, options)
            .or_else(|_| icu_collator::Collator::try_new(Default::default(), options))
            .ok();
        Collator(collator)
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.0 {
            Some(c) => c.compare(a, b),
            None => a.cmp(b),
        }
    }
}

fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

/// The title in curly quotes, in its own language.
fn quoted_title(source: &Source, book: Lang) -> Vec<Inline> {
    let title = if source.lang == book {
        text(&source.title)
    } else {
        Inline::Lang {
            lang: source.lang,
            content: vec![text(&source.title)],
        }
    };
    vec![text("“"), title, text("”")]
}

/// The parts separated by ", ".
fn join(parts: Vec<Vec<Inline>>) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(text(", "));
        }
        out.extend(p);
    }
    out
}

/// Punctuates the citations of a paragraph: a paragraph that is nothing
/// but citations (a source note) ends with a full stop; a citation inside
/// running text goes in parentheses, "… doors (TASS, “…”, 5 January 2022)."
pub fn punctuate(content: &mut Vec<Inline>) {
    let is_cite = |i: &Inline| matches!(i, Inline::Cite { .. });
    let is_sep = |i: &Inline| matches!(i, Inline::Text(t) if t == "; ");
    if !content.iter().any(is_cite) {
        return;
    }
    let only_cites = content.iter().all(|i| {
        is_cite(i)
            || is_sep(i)
            || matches!(i, Inline::Text(t) if t.trim().is_empty() || t.trim() == ".")
    });
    if only_cites {
        while matches!(content.last(), Some(Inline::Text(t)) if t.trim().is_empty()) {
            content.pop();
        }
        if matches!(content.last(), Some(Inline::Text(t)) if t.trim() == ".") {
            content.pop();
        }
        end_sentence(content);
        return;
    }
    let mut out = Vec::with_capacity(content.len() + 4);
    let mut i = 0;
    while i < content.len() {
        if !is_cite(&content[i]) {
            out.push(content[i].clone());
            i += 1;
            continue;
        }
        // A group: cite (; cite)*.
        let mut end = i + 1;
        while end + 1 < content.len() && is_sep(&content[end]) && is_cite(&content[end + 1]) {
            end += 2;
        }
        // "doors [@x]" has a space before the group: keep it outside.
        out.push(Inline::Text("(".into()));
        out.extend(content[i..end].iter().cloned());
        out.push(Inline::Text(")".into()));
        i = end;
    }
    *content = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_keys() {
        assert_eq!(parse_keys("@a-1"), Some(vec!["a-1"]));
        assert_eq!(parse_keys("@a; @b"), Some(vec!["a", "b"]));
        assert_eq!(parse_keys("@a b"), None);
        assert_eq!(parse_keys("a"), None);
    }

    fn cite(id: &str) -> Inline {
        Inline::Cite {
            source: id.into(),
            content: vec![Inline::Text(id.to_uppercase())],
        }
    }

    fn source(id: &str, author: Option<&str>, publisher: &str, title: &str, date: &str) -> Source {
        Source {
            id: id.into(),
            title: title.into(),
            publisher: publisher.into(),
            author: author.map(String::from),
            date: crate::model::Date::parse(date),
            url: Some(format!("https://example.org/{id}")),
            accessed: crate::model::Date::parse("2026-11-20"),
            lang: Lang::En,
            notes: Vec::new(),
            citation: Vec::new(),
            entry: Vec::new(),
        }
    }

    #[test]
    fn citations_and_entries_begin_with_the_author_else_the_publisher() {
        let by = source(
            "a",
            Some("Serik Rymbetov"),
            "The Jamestown Foundation",
            "Unrest",
            "2022-01-05",
        );
        let anon = source("b", None, "Kursiv", "What Was Going On?", "2022-01-11");
        assert_eq!(
            plain_text(&content(&by, Lang::En)),
            "Serik Rymbetov, “Unrest”, 5\u{a0}January 2022"
        );
        assert!(plain_text(&entry(&by, Lang::En)).starts_with(
            "Serik Rymbetov, “Unrest”, The Jamestown Foundation, 5\u{a0}January 2022, <"
        ));
        assert_eq!(
            plain_text(&entry(&anon, Lang::En)),
            "Kursiv, “What Was Going On?”, 11\u{a0}January 2022, <https://example.org/b> \
             [accessed 20\u{a0}November 2026]."
        );
        let short = short_inline(&by, Lang::En);
        assert_eq!(
            plain_text(std::slice::from_ref(&short)),
            "Serik Rymbetov, 5\u{a0}January 2022"
        );
        // A title that ends the entry keeps its own mark and takes no stop.
        let mut bare = source("c", None, "Kursiv", "Why?", "");
        bare.url = None;
        bare.accessed = None;
        assert_eq!(plain_text(&entry(&bare, Lang::En)), "Kursiv, “Why?”");
    }

    #[test]
    fn the_list_is_sorted_by_its_first_element_then_by_date() {
        let mut list = vec![
            source("t", None, "The Diplomat", "T", "2023-04-24"),
            source("k2", None, "Kursiv", "B", "2022-01-20"),
            source("g", None, "geopolitic.org", "G", "2022-01-03"),
            source("k1", None, "Kursiv", "Z", "2022-01-11"),
            source("am", None, "Amnesty International UK", "A", ""),
            source("an", None, "A News", "N", "2022-01-07"),
            source("gv", None, "Global Voices", "V", "2007-05-25"),
            source(
                "s",
                Some("Serik Rymbetov"),
                "The Jamestown Foundation",
                "S",
                "2022-01-05",
            ),
            source("e", None, "Élan", "E", ""),
            source("k0", None, "Kursiv", "A", ""),
        ];
        bibliography(&mut list, Lang::En);
        let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            ["an", "am", "e", "g", "gv", "k1", "k2", "k0", "s", "t"]
        );
        assert!(list
            .iter()
            .all(|s| !s.entry.is_empty() && !s.citation.is_empty()));
    }

    #[test]
    fn the_book_language_decides_the_collation() {
        let order = |lang: Lang, names: &[&str]| -> Vec<String> {
            let mut list: Vec<Source> = names
                .iter()
                .map(|n| source(n, None, n, "T", "2022-01-01"))
                .collect();
            bibliography(&mut list, lang);
            list.into_iter().map(|s| s.publisher).collect()
        };
        // Spanish files ñ as a letter after n; English as an accented n.
        assert_eq!(
            order(Lang::Es, &["Ñandú", "Nube", "Oso"]),
            ["Nube", "Ñandú", "Oso"]
        );
        assert_eq!(
            order(Lang::En, &["Nube", "Ñandú", "Oso"]),
            ["Ñandú", "Nube", "Oso"]
        );
        // Kazakh: ә after а, before б.
        assert_eq!(
            order(Lang::Kk, &["Бақ", "Әлем", "Алма"]),
            ["Алма", "Әлем", "Бақ"]
        );
    }

    #[test]
    fn a_sentence_takes_one_final_mark() {
        for (text, want) in [
            ("Done", "Done."),
            ("Done.", "Done."),
            ("“Why?”", "“Why?”"),
            ("“Stop!” ", "“Stop!” "),
            ("(English edition)", "(English edition)."),
        ] {
            let mut c = vec![Inline::Text(text.into())];
            end_sentence(&mut c);
            assert_eq!(plain_text(&c), want);
        }
    }

    #[test]
    fn a_note_of_citations_ends_with_a_full_stop() {
        let mut c = vec![cite("a"), Inline::Text("; ".into()), cite("b")];
        punctuate(&mut c);
        assert_eq!(crate::model::plain_text(&c), "A; B.");
        let mut c = vec![cite("a"), Inline::Text(".".into())];
        punctuate(&mut c);
        assert_eq!(crate::model::plain_text(&c), "A.");
    }

    #[test]
    fn citations_in_running_text_go_in_parentheses() {
        let mut c = vec![
            Inline::Text("behind closed doors ".into()),
            cite("a"),
            Inline::Text("; ".into()),
            cite("b"),
            Inline::Text(". Later ".into()),
            cite("c"),
            Inline::Text(".".into()),
        ];
        punctuate(&mut c);
        assert_eq!(
            crate::model::plain_text(&c),
            "behind closed doors (A; B). Later (C)."
        );
    }
}
