//! Citations: `[@id]` and `[@id1; @id2]`, formatted as
//! "Publisher, “Title”, 5 January 2022".

use crate::model::{Inline, Source};

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

/// The citation inline for a source; a title in another language than the
/// book's (`book`) is wrapped in a language span.
pub fn inline(source: &Source, book: crate::model::Lang) -> Inline {
    Inline::Cite {
        source: source.id.clone(),
        content: content(source, book),
    }
}

/// "Publisher, “Title”, 5 January 2022" as inlines.
pub fn content(source: &Source, book: crate::model::Lang) -> Vec<Inline> {
    let mut out = Vec::with_capacity(3);
    let mut head = String::new();
    if !source.publisher.is_empty() {
        head.push_str(&source.publisher);
        head.push_str(", ");
    }
    head.push('“');
    out.push(Inline::Text(head));
    if source.lang == book {
        out.push(Inline::Text(source.title.clone()));
    } else {
        out.push(Inline::Lang {
            lang: source.lang,
            content: vec![Inline::Text(source.title.clone())],
        });
    }
    let mut tail = String::from("”");
    if let Some(d) = source.date {
        tail.push_str(", ");
        tail.push_str(&d.long());
    }
    out.push(Inline::Text(tail));
    out
}

/// The short citation used in the chronology, where the full titles would
/// crowd the entries: "Publisher, 5 January 2022", linked to the Sources
/// entry that gives the title.
pub fn short_inline(source: &Source) -> Inline {
    let mut text = source.publisher.clone();
    if let Some(d) = source.date {
        if !text.is_empty() {
            text.push_str(", ");
        }
        text.push_str(&d.long());
    }
    if text.is_empty() {
        text = source.title.clone();
    }
    Inline::Cite {
        source: source.id.clone(),
        content: vec![Inline::Text(text)],
    }
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
        if !matches!(content.last(), Some(Inline::Text(t)) if t.trim() == ".") {
            content.push(Inline::Text(".".into()));
        }
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
