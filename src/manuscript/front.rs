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
    pub subtitle: Option<Spanned<String>>,
    pub kind: Option<Kind>,
    #[serde(default)]
    pub authors: Vec<Spanned<String>>,
    #[serde(default)]
    pub authors_original: Vec<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    pub translator: Option<Spanned<String>>,
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

/// Front matter text, its offset, body, its offset.
type Split<'a> = (&'a str, usize, &'a str, usize);

/// Splits `--- … ---` (or `...`) YAML front matter from the body, as
/// [`split`] does; None if the file does not start with `---`.
pub fn split_yaml(file: &SourceFile) -> Option<Result<Split<'_>, Diagnostic>> {
    let text = file.text.as_str();
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let start = (first_end + 1).min(text.len());
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            let body = offset + line.len();
            return Some(Ok((&text[start..offset], start, &text[body..], body)));
        }
        offset += line.len();
    }
    Some(Err(file.at(
        Diagnostic::error(
            "front-matter-unclosed",
            "the YAML front matter is never closed",
        )
        .hint("end the metadata block with a line `---`"),
        0,
    )))
}

/// Reads YAML front matter as the TOML front matter's keys. Ok holds the
/// front matter and the TOML text its spans point into.
fn yaml_front(
    file: &SourceFile,
    yaml: &str,
    yaml_at: usize,
) -> Result<(FrontMatter, String), Diagnostic> {
    let toml_text = super::yaml::to_toml(yaml).map_err(|(message, hint, at)| {
        file.at(
            Diagnostic::error("yaml-front-matter", message).hint(hint),
            yaml_at + at,
        )
    })?;
    match toml::from_str::<FrontMatter>(&toml_text) {
        Ok(f) => Ok((f, toml_text)),
        Err(e) => {
            let d = tomlerr::diagnose(file, &e, 0);
            // Point at the YAML line of the key the error is about.
            let key = d
                .message
                .split('`')
                .nth(1)
                .map(str::to_string)
                .or_else(|| {
                    e.span()
                        .map(|s| super::yaml::key_at(&toml_text, s.start).to_string())
                })
                .unwrap_or_default();
            let at = yaml_at + super::yaml::key_offset(yaml, &key);
            Err(file.at(d, if at == yaml_at { 0 } else { at }))
        }
    }
}

/// Warns about Pandoc `%` title lines where the text (from `from`) starts.
fn pandoc_title(r: &mut Reader, file: &SourceFile, from: usize) {
    let rest = &file.text[from..];
    let skip = rest.len() - rest.trim_start_matches(['\n', '\r']).len();
    if rest[skip..].starts_with('%') {
        r.diags.push(file.at(
            Diagnostic::warning(
                "pandoc-title",
                "a Pandoc `%` title line is set as text, not read as metadata",
            )
            .hint("put the title in front matter (`+++` title = \"…\" `+++`) or a `# Title` heading"),
            from + skip,
        ));
    }
}

impl FrontMatter {
    /// The front matter of a plain chapter: only its title, whose span is
    /// the title's byte range in the file.
    fn titled(title: toml::Spanned<String>) -> FrontMatter {
        FrontMatter {
            title,
            subtitle: None,
            kind: None,
            authors: Vec::new(),
            authors_original: Vec::new(),
            date: None,
            source: None,
            language: None,
            translator: None,
            editorial_title: false,
            published: None,
            modified: None,
            toc_title: None,
            running_head: None,
            data: None,
        }
    }
}

/// The first `#` heading of a plain chapter: its inline text (spanned by
/// its byte range in the file) and the file's text with the heading
/// replaced by spaces (line ends kept). None if there is no `#` heading
/// or something other than blank lines and comments comes before it.
fn plain_title(file: &SourceFile) -> Option<(toml::Spanned<String>, String)> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let text = file.text.as_str();
    let mut heading: Option<std::ops::Range<usize>> = None;
    let mut inner: Option<(usize, usize)> = None;
    for (event, range) in
        Parser::new_ext(text, pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter()
    {
        match (&heading, event) {
            (
                None,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }),
            ) => heading = Some(range),
            (None, Event::Html(h)) if h.trim_start().starts_with("<!--") => {}
            (None, Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock)) => {}
            (None, _) => return None,
            (Some(_), Event::End(TagEnd::Heading(_))) => break,
            (Some(_), _) => {
                let (s, e) = inner.unwrap_or((range.start, range.end));
                inner = Some((s.min(range.start), e.max(range.end)));
            }
        }
    }
    let heading = heading?;
    let (s, e) = inner?;
    let title = text[s..e].trim();
    if title.is_empty() {
        return None;
    }
    let start = s + (text[s..e].len() - text[s..e].trim_start().len());
    let mut blanked = text.as_bytes().to_vec();
    for b in &mut blanked[heading.clone()] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
    let blanked = String::from_utf8(blanked).ok()?;
    Some((
        toml::Spanned::new(
            start.saturating_sub(1)..start + title.len(),
            title.to_string(),
        ),
        blanked,
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
    // A plain chapter (no front matter) takes its title from its first
    // `#` heading; the body is read from a copy with that heading blanked
    // out, so every offset and line still points into the file.
    let mut plain_body: Option<SourceFile> = None;
    // YAML front matter: its keys are read through a TOML text, and a
    // span in that text is mapped back to its key's line.
    let mut yaml: Option<(String, &str, usize)> = None;
    let (toml_at, body, body_at, fm) = match split_yaml(&file) {
        Some(Ok((y, y_at, body, body_at))) => match yaml_front(&file, y, y_at) {
            Ok((f, t)) => {
                yaml = Some((t, y, y_at));
                (y_at, body, body_at, f)
            }
            Err(d) => {
                r.diags.push(d);
                return None;
            }
        },
        Some(Err(d)) => {
            r.diags.push(d);
            return None;
        }
        None => match split(&file) {
            Ok((toml_text, toml_at, body, body_at)) => {
                match tomlerr::parse::<FrontMatter>(&file, toml_text, toml_at) {
                    Ok(f) => (toml_at, body, body_at, f),
                    Err(d) => {
                        r.diags.push(d);
                        return None;
                    }
                }
            }
            Err(d) if d.code == "front-matter-missing" => match plain_title(&file) {
                Some((title, blanked)) => {
                    plain_body = Some(SourceFile::from_text(
                        file.rel.clone(),
                        file.shown.clone(),
                        blanked,
                    ));
                    (0, "", 0, FrontMatter::titled(title))
                }
                None => {
                    r.diags.push(Diagnostic {
                        hint: Some(
                            "start the chapter with a `# Title` heading, or with `+++` front matter \
                             (a line `+++`, title = \"…\", and another `+++`)"
                                .into(),
                        ),
                        message: "the chapter has neither front matter nor a `#` title heading"
                            .into(),
                        ..d
                    });
                    return None;
                }
            },
            Err(d) => {
                r.diags.push(d);
                return None;
            }
        },
    };
    pandoc_title(r, &file, body_at);
    let kind = kind_of(fm.kind.unwrap_or(Kind::Chapter));
    let stem = std::path::Path::new(rel)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = r.ids.claim(&super::slug(&stem, "chapter"));
    let at = |s: &Spanned<String>| match &yaml {
        Some((t, y, y_at)) => {
            y_at + super::yaml::key_offset(y, super::yaml::key_at(t, s.span().start))
        }
        None => toml_at + s.span().start,
    };

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

    // Values the outputs print must not be empty.
    let mut empty = |s: &Spanned<String>, what: &str, hint: &str| {
        if s.get_ref().trim().is_empty() {
            r.diags.push(file.at(
                Diagnostic::error("value-empty", format!("{what} is empty")).hint(hint),
                at(s),
            ));
        }
    };
    empty(
        &fm.title,
        "the chapter's `title`",
        "write the chapter's title: title = \"…\"; the contents, the EPUB's nav and the page's <title> need it",
    );
    if let Some(s) = &fm.subtitle {
        empty(
            s,
            "the chapter's `subtitle`",
            "write the subtitle, or remove the line",
        );
    }
    for a in fm.authors.iter().chain(&fm.authors_original) {
        empty(
            a,
            "an author's name",
            "write the name as printed, or remove the empty entry",
        );
    }
    if let Some(t) = &fm.translator {
        empty(
            t,
            "the `translator`",
            "write the translator's name, or remove the line",
        );
    }
    let authors_original: Vec<String> = fm
        .authors_original
        .iter()
        .map(|a| a.get_ref().clone())
        .collect();

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
            base: at(s) + 1,
            text: s.get_ref(),
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
                authors_original: &authors_original,
            },
        ));
    }

    let body_file = plain_body.as_ref().unwrap_or(&file);
    let input = markdown::Input {
        file: body_file,
        base: body_at,
        text: if plain_body.is_some() {
            body_file.text.as_str()
        } else {
            body
        },
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
        authors: fm.authors.into_iter().map(Spanned::into_inner).collect(),
        translator: fm.translator.map(Spanned::into_inner),
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
