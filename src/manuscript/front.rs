//! One chapter file: its `+++` TOML front matter, its Markdown body, its
//! notes, and for data chapters the body generated from the data file.

use super::notes::{NoteTable, GENERATED};
use super::source::SourceFile;
use super::{data, generate, markdown, tomlerr, Reader};
use crate::diag::Diagnostic;
use crate::model::{Block, Chapter, ChapterKind, Date, Inline, Lang, Matter};
use serde::Deserialize;
use toml::Spanned;

/// The `kind` key of a chapter's front matter.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Introduction,
    Chapter,
    Article,
    Chronology,
    Glossary,
    Bibliography,
    Copyright,
}

/// A chapter's front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrontMatter {
    pub title: Spanned<String>,
    pub subtitle: Option<String>,
    pub kind: Option<Kind>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub authors_original: Vec<String>,
    pub date: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    pub translator: Option<String>,
    #[serde(default)]
    pub editorial_title: bool,
    pub published: Option<Spanned<String>>,
    pub modified: Option<Spanned<String>>,
    pub toc_title: Option<String>,
    pub running_head: Option<String>,
    pub data: Option<Spanned<String>>,
}

/// Splits `+++ … +++` front matter from the body: (toml, its offset, body,
/// its offset), or a diagnostic.
pub fn split(file: &SourceFile) -> Result<(&str, usize, &str, usize), Diagnostic> {
    let text = file.text.as_str();
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "+++" {
        return Err(file.at(
            Diagnostic::error("front-matter-missing", "the chapter does not start with `+++` front matter")
                .hint("start the file with a line `+++`, the TOML metadata (title = \"…\"), and another `+++`"),
            0,
        ));
    }
    let toml_start = (first_end + 1).min(text.len());
    let mut offset = toml_start;
    for line in text[toml_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body = offset + line.len();
            return Ok((&text[toml_start..offset], toml_start, &text[body..], body));
        }
        offset += line.len();
    }
    Err(file.at(
        Diagnostic::error("front-matter-unclosed", "the front matter is never closed")
            .hint("end the metadata block with a line `+++`"),
        0,
    ))
}

fn kind_of(k: Kind) -> ChapterKind {
    match k {
        Kind::Introduction => ChapterKind::Introduction,
        Kind::Chapter => ChapterKind::Chapter,
        Kind::Article => ChapterKind::Article,
        Kind::Chronology => ChapterKind::Chronology,
        Kind::Glossary => ChapterKind::Glossary,
        Kind::Bibliography => ChapterKind::Bibliography,
        Kind::Copyright => ChapterKind::Copyright,
    }
}

/// Reads a chapter from its decoded file.
pub fn chapter(
    r: &mut Reader,
    file: SourceFile,
    rel: &str,
    matter: Matter,
    part: Option<usize>,
) -> Option<Chapter> {
    let (toml_text, toml_at, body, body_at) = match split(&file) {
        Ok(s) => s,
        Err(d) => {
            r.diags.push(d);
            return None;
        }
    };
    let fm: FrontMatter = match tomlerr::parse(&file, toml_text, toml_at) {
        Ok(f) => f,
        Err(d) => {
            r.diags.push(d);
            return None;
        }
    };
    let kind = kind_of(fm.kind.unwrap_or(Kind::Chapter));
    let stem = std::path::Path::new(rel)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = r.ids.claim(&super::slug(&stem, "chapter"));
    let at = |s: &Spanned<String>| toml_at + s.span().start;

    let lang = match &fm.language {
        Some(tag) => match Lang::parse(tag.get_ref()) {
            Some(l) => l,
            None => {
                r.diags.push(
                    file.at(
                        Diagnostic::error(
                            "lang-unknown",
                            format!("unknown language tag `{}`", tag.get_ref()),
                        )
                        .hint(format!("known tags: {}", Lang::KNOWN.join(", "))),
                        at(tag),
                    ),
                );
                r.book_lang
            }
        },
        None => r.book_lang,
    };
    let date_of = |r: &mut Reader, s: &Option<Spanned<String>>, what: &str| -> Option<Date> {
        let s = s.as_ref()?;
        let text = s.get_ref();
        let day = text.split('T').next().unwrap_or("");
        match Date::parse(day) {
            Some(d) => Some(d),
            None => {
                r.diags.push(
                    file.at(
                        Diagnostic::error(
                            "date-invalid",
                            format!("`{text}` is not a valid {what}"),
                        )
                        .hint("write YYYY-MM-DD (or YYYY-MM-DDTHH:MM for published/modified)"),
                        at(s),
                    ),
                );
                None
            }
        }
    };
    let date = date_of(r, &fm.date, "date");
    let published = date_of(r, &fm.published, "publication date");
    let modified = date_of(r, &fm.modified, "modification date");
    let source = fm.source.as_ref().map(|s| {
        let (line, col) = file.position(at(s));
        r.facts
            .cites
            .push((s.get_ref().clone(), file.shown.clone(), line, col));
        if !r.source_index.contains_key(s.get_ref()) {
            r.diags.push(
                file.at(
                    Diagnostic::error(
                        "source-unknown",
                        format!("unknown source `{}`", s.get_ref()),
                    )
                    .hint("the `source` key names an id from sources.toml"),
                    at(s),
                ),
            );
        }
        s.get_ref().clone()
    });

    // The title, as inline Markdown, with the article's generated source note.
    let title_input = markdown::Input {
        file: &file,
        base: at(&fm.title) + 1,
        text: fm.title.get_ref(),
        chapter: &id,
        lang,
    };
    let mut title = markdown::inlines(&mut r.cx(), &title_input);
    let subtitle = fm.subtitle.as_ref().map(|s| {
        let input = markdown::Input {
            file: &file,
            base: toml_at,
            text: s,
            chapter: &id,
            lang,
        };
        markdown::inlines(&mut r.cx(), &input)
    });
    let mut notes = NoteTable::default();
    let mut source_note = None;
    if kind == ChapterKind::Article {
        let (line, col) = file.position(at(&fm.title));
        let (index, _) = notes.reference(GENERATED, line, col);
        title.push(Inline::NoteRef(index));
        let published_time = fm
            .published
            .as_ref()
            .and_then(|p| p.get_ref().split_once('T').map(|(_, t)| t.to_string()));
        source_note = Some(generate::source_note(
            r,
            &generate::Provenance {
                source: source.as_deref(),
                date: published.or(date),
                time: published_time.as_deref(),
                modified,
                editorial_title: fm.editorial_title,
                authors_original: &fm.authors_original,
            },
        ));
    }

    let input = markdown::Input {
        file: &file,
        base: body_at,
        text: body,
        chapter: &id,
        lang,
    };
    let mut blocks = markdown::blocks(&mut r.cx(), &input, Some(&mut notes));
    if let Some(blocks) = source_note {
        let _ = notes.define(GENERATED, blocks, file.line(at(&fm.title)));
    }
    let (notes, problems) = notes.finish(&id);
    for (d, line, col) in problems {
        r.diags.push(d.at(&file.shown, line, col));
    }

    match kind {
        ChapterKind::Chronology | ChapterKind::Glossary => match &fm.data {
            Some(path) => {
                let line = file.line(at(path));
                if let Some(b) = data::chapter_data(r, kind, path.get_ref(), &file, line, &id) {
                    blocks.push(b);
                }
            }
            None => r.diags.push(
                file.at(
                    Diagnostic::error(
                        "data-missing",
                        "a chronology or glossary chapter needs a `data` file",
                    )
                    .hint("add data = \"timeline.toml\" (or glossary.toml) to the front matter"),
                    0,
                ),
            ),
        },
        ChapterKind::Bibliography => blocks.push(Block::Bibliography),
        _ => {}
    }

    Some(Chapter {
        id,
        file: Some(rel.into()),
        matter,
        kind,
        part,
        title,
        subtitle,
        editorial_title: fm.editorial_title,
        authors: fm.authors,
        translator: fm.translator,
        date,
        source,
        lang,
        running_head: fm.running_head.unwrap_or_default(),
        toc_title: fm.toc_title.unwrap_or_default(),
        blocks,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::from_text("c.md".into(), "c.md".into(), text.into())
    }

    #[test]
    fn front_matter_is_split() {
        let f = file("+++\ntitle = \"x\"\n+++\nBody\n");
        let (toml, at, body, body_at) = split(&f).unwrap();
        assert_eq!(toml, "title = \"x\"\n");
        assert_eq!(at, 4);
        assert_eq!(body, "Body\n");
        assert_eq!(f.line(body_at), 4);
    }

    #[test]
    fn broken_front_matter_is_reported() {
        assert_eq!(
            split(&file("title = 1\n")).unwrap_err().code,
            "front-matter-missing"
        );
        let d = split(&file("+++\ntitle = \"x\"\nBody\n")).unwrap_err();
        assert_eq!(d.code, "front-matter-unclosed");
    }
}
