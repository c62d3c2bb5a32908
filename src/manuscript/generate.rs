//! Generated content: the half-title, title page and contents divisions,
//! the colophon lines, each article's source note, and the running heads
//! and contents titles of every chapter.

use super::Reader;
use crate::model::{
    plain_text, Block, BuildInfo, Chapter, ChapterKind, Date, Inline, Lang, Matter, Meta,
    Paragraph, Role,
};

fn chapter(id: &str, kind: ChapterKind, title: &str) -> Chapter {
    Chapter {
        id: id.to_string(),
        file: None,
        matter: Matter::Front,
        kind,
        part: None,
        title: vec![Inline::Text(title.to_string())],
        subtitle: None,
        editorial_title: false,
        authors: Vec::new(),
        translator: None,
        date: None,
        source: None,
        lang: Lang::En,
        running_head: String::new(),
        toc_title: String::new(),
        blocks: Vec::new(),
        notes: Vec::new(),
    }
}

fn para(content: Vec<Inline>, first: bool) -> Block {
    Block::Paragraph(Paragraph {
        content,
        line: 0,
        first,
    })
}

fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// "A", "A and B", "A, B and C".
fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn names(meta: &Meta, role: Role) -> Vec<&str> {
    meta.contributors
        .iter()
        .filter(|c| c.role == role)
        .map(|c| c.name.as_str())
        .collect()
}

/// The half-title: the book's title alone.
pub fn half_title(meta: &Meta) -> Chapter {
    let mut c = chapter("half-title", ChapterKind::HalfTitle, &meta.title);
    c.lang = meta.lang;
    c
}

/// The title page: title, subtitle, contributors by role, publisher.
pub fn title_page(meta: &Meta) -> Chapter {
    let mut c = chapter("title-page", ChapterKind::TitlePage, &meta.title);
    c.lang = meta.lang;
    c.subtitle = meta.subtitle.as_ref().map(|s| vec![text(s.clone())]);
    let authors = names(meta, Role::Author);
    let editors = names(meta, Role::Editor);
    let translators = names(meta, Role::Translator);
    c.authors = authors.iter().map(|s| s.to_string()).collect();
    if !editors.is_empty() {
        c.blocks.push(para(
            vec![text(format!("Edited by {}", join_names(&editors)))],
            true,
        ));
    }
    if !authors.is_empty() {
        c.blocks.push(para(
            vec![text(format!("With texts by {}", join_names(&authors)))],
            true,
        ));
    }
    if !translators.is_empty() {
        c.blocks.push(para(
            vec![text(format!("Translated by {}", join_names(&translators)))],
            true,
        ));
    }
    c.blocks
        .push(para(vec![text(meta.publisher.clone())], true));
    c
}

/// The contents division; renderers fill in the entries.
pub fn contents() -> Chapter {
    chapter("contents", ChapterKind::Contents, "Contents")
}

/// Colophon lines appended to the copyright page: the tool and its version,
/// the build date, the fonts and their licence, the identifier.
pub fn colophon(meta: &Meta, build: &BuildInfo) -> Vec<Block> {
    let mut families: Vec<&str> = crate::typeset::fonts::ALL
        .iter()
        .map(|f| f.family_name)
        .collect();
    families.dedup();
    let mut out = vec![
        para(
            vec![text(format!(
                "Typeset in {}, released under the SIL Open Font License, version 1.1.",
                join_names(&families)
            ))],
            true,
        ),
        para(
            vec![text(format!(
                "Built with recto {} on {}.",
                build.version,
                build.date.long()
            ))],
            false,
        ),
    ];
    let mut id = format!("Identifier: {}", meta.identifier);
    if let Some(isbn) = &meta.isbn {
        id.push_str(&format!("; ISBN {isbn}"));
    }
    id.push('.');
    out.push(para(vec![text(id)], false));
    out
}

/// What an article's front matter says about where it comes from.
pub struct Provenance<'a> {
    pub source: Option<&'a str>,
    /// First publication (the `published` day, else the text's date).
    pub date: Option<Date>,
    /// "09:11" from `published`, if given.
    pub time: Option<&'a str>,
    pub modified: Option<Date>,
    pub editorial_title: bool,
    pub authors_original: &'a [String],
}

/// The language of a byline in its own script: Kazakh if it uses letters
/// only Kazakh has, else Russian for Cyrillic, else English.
fn script_lang(s: &str) -> Lang {
    if s.chars().any(|c| "ӘәҒғҚқҢңӨөҰұҮүҺһІі".contains(c)) {
        Lang::Kk
    } else if s.chars().any(super::text::is_cyrillic) {
        Lang::Ru
    } else {
        Lang::En
    }
}

/// The source note on an article's title: "First published by Publisher,
/// 12 January 2022, 09:11; the page was last modified 25 December 2022.
/// The byline in the original script: Сергей Дуванов. Source: citation."
/// plus "The title is the editors'; the text as received has none." for an
/// editorial title.
pub fn source_note(r: &Reader, p: &Provenance) -> Vec<Block> {
    let source = p
        .source
        .and_then(|id| r.source_index.get(id))
        .map(|&i| &r.sources[i]);
    let mut content = Vec::new();
    let mut first = String::from("First published");
    if let Some(s) = source {
        first.push_str(" by ");
        first.push_str(&s.publisher);
    }
    if let Some(d) = p.date {
        first.push_str(", ");
        first.push_str(&d.long());
        if let Some(t) = p.time {
            first.push_str(", ");
            first.push_str(t);
        }
    }
    match p.modified {
        Some(m) if Some(m) != p.date => {
            first.push_str("; the page was last modified ");
            first.push_str(&m.long());
            first.push('.');
        }
        _ => first.push('.'),
    }
    content.push(text(first));
    if !p.authors_original.is_empty() {
        content.push(text(if p.authors_original.len() == 1 {
            " The byline in the original script: "
        } else {
            " The bylines in the original script: "
        }));
        for (i, a) in p.authors_original.iter().enumerate() {
            if i > 0 {
                content.push(text(", "));
            }
            content.push(Inline::Lang {
                lang: script_lang(a),
                content: vec![text(a.clone())],
            });
        }
        content.push(text("."));
    }
    if p.editorial_title {
        content.push(text(
            " The title is the editors'; the text as received has none.",
        ));
    }
    if let Some(s) = source {
        content.push(text(" Source: "));
        content.push(super::cite::inline(s, r.book_lang));
        super::cite::end_sentence(&mut content);
    }
    vec![para(content, true)]
}

/// Fills every chapter's running head and contents title: the front
/// matter's values if given, else the title (for articles, the authors as
/// running head). Runs after polish, so the title text is final.
pub fn heads(book: &mut crate::model::Book) {
    for c in &mut book.chapters {
        let title = plain_text(&c.title).trim().to_string();
        if c.toc_title.is_empty() {
            c.toc_title = title.clone();
        } else {
            c.toc_title = crate::polish::string(&c.toc_title, c.lang);
        }
        if c.running_head.is_empty() {
            c.running_head = if c.kind == ChapterKind::Article && !c.authors.is_empty() {
                let names: Vec<&str> = c.authors.iter().map(String::as_str).collect();
                join_names(&names)
            } else {
                title
            };
        } else {
            c.running_head = crate::polish::string(&c.running_head, c.lang);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_joined() {
        assert_eq!(join_names(&["A"]), "A");
        assert_eq!(join_names(&["A", "B", "C"]), "A, B and C");
    }

    #[test]
    fn bylines_get_their_language() {
        assert_eq!(script_lang("Сергей Дуванов"), Lang::Ru);
        assert_eq!(script_lang("Қасым"), Lang::Kk);
    }
}
