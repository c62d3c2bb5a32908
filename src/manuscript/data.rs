//! Data files read with serde: the bibliography (`sources.toml`), the
//! chronology (`timeline.toml`) and the glossary (`glossary.toml`). Their
//! strings are inline Markdown, converted like chapter text.

use super::source::{self, SourceFile};
use super::{markdown, slug, tomlerr, Reader};
use crate::diag::Diagnostic;
use crate::model::{Block, ChapterKind, Date, GlossaryEntry, Inline, Lang, Source, TimelineEntry};
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesToml {
    #[serde(default)]
    source: Vec<SourceToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceToml {
    id: Spanned<String>,
    title: String,
    publisher: String,
    author: Option<String>,
    date: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    accessed: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    notes: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimelineToml {
    #[serde(default)]
    event: Vec<EventToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventToml {
    date: Spanned<String>,
    label: Option<String>,
    text: Spanned<String>,
    #[serde(default)]
    sources: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryToml {
    #[serde(default)]
    term: Vec<TermToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TermToml {
    term: Spanned<String>,
    original: Option<String>,
    original_language: Option<Spanned<String>>,
    definition: Spanned<String>,
}

/// Reads a data file named by book.toml or front matter; problems are
/// reported and give None.
fn read_data(r: &mut Reader, rel: &str, from: &SourceFile, line: u32) -> Option<SourceFile> {
    match source::read_text(&r.root, &r.shown_root, rel) {
        Ok(f) => Some(f),
        Err(mut d) => {
            if d.code == "file-missing" || d.code == "path-outside" {
                d.file = Some(from.shown.clone());
                d.line = line;
            }
            r.diags.push(d);
            None
        }
    }
}

/// Offset of a TOML string value's content (after the opening quote).
fn inside(s: &Spanned<String>) -> usize {
    s.span().start + 1
}

fn date(r: &mut Reader, file: &SourceFile, s: &Spanned<String>) -> Option<Date> {
    let d = Date::parse(s.get_ref());
    if d.is_none() {
        r.diags.push(
            file.at(
                Diagnostic::error("date-invalid", format!("`{}` is not a date", s.get_ref()))
                    .hint("write YYYY, YYYY-MM or YYYY-MM-DD"),
                s.span().start,
            ),
        );
    }
    d
}

fn parse_lang(r: &mut Reader, file: &SourceFile, s: &Spanned<String>) -> Option<Lang> {
    let l = Lang::parse(s.get_ref());
    if l.is_none() {
        r.diags.push(
            file.at(
                Diagnostic::error(
                    "lang-unknown",
                    format!("unknown language tag `{}`", s.get_ref()),
                )
                .hint(format!("known tags: {}", Lang::KNOWN.join(", "))),
                s.span().start,
            ),
        );
    }
    l
}

fn inline_md(r: &mut Reader, file: &SourceFile, s: &Spanned<String>, lang: Lang) -> Vec<Inline> {
    let input = markdown::Input {
        file,
        base: inside(s),
        text: s.get_ref(),
        chapter: "",
        lang,
    };
    markdown::inlines(&mut r.cx(), &input)
}

impl Reader {
    /// Reads the bibliography. Notes are converted after every source is
    /// known, so a note may cite another source.
    pub(super) fn load_sources(&mut self, rel: &str, book_file: &SourceFile) {
        let line = super::locate_in(book_file, rel);
        let Some(file) = read_data(self, rel, book_file, line) else {
            return;
        };
        let parsed: SourcesToml = match tomlerr::parse(&file, &file.text, 0) {
            Ok(p) => p,
            Err(d) => {
                self.diags.push(d);
                return;
            }
        };
        for s in &parsed.source {
            let id = s.id.get_ref();
            let line = file.line(s.id.span().start);
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                self.diags.push(file.at(
                    Diagnostic::error(
                        "source-id-invalid",
                        format!("source id `{id}` may only use a-z, 0-9 and -"),
                    ),
                    s.id.span().start,
                ));
            }
            if self.source_index.contains_key(id) {
                self.diags.push(file.at(
                    Diagnostic::error(
                        "source-duplicate",
                        format!("source `{id}` is defined twice"),
                    ),
                    s.id.span().start,
                ));
                continue;
            }
            if let Some(u) = &s.url {
                let lower = u.get_ref().to_ascii_lowercase();
                if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                    self.diags.push(file.at(
                        Diagnostic::error(
                            "link-unsafe",
                            format!("source URL `{}` is not http(s)", u.get_ref()),
                        ),
                        u.span().start,
                    ));
                }
            }
            let date_ = s.date.as_ref().and_then(|d| date(self, &file, d));
            let accessed = s.accessed.as_ref().and_then(|d| date(self, &file, d));
            let lang = s
                .language
                .as_ref()
                .and_then(|l| parse_lang(self, &file, l))
                .unwrap_or(self.book_lang);
            self.facts
                .source_defs
                .push((id.clone(), file.shown.clone(), line));
            self.source_index.insert(id.clone(), self.sources.len());
            self.sources.push(Source {
                id: id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                author: s.author.clone(),
                date: date_,
                url: s.url.as_ref().map(|u| u.get_ref().clone()),
                accessed,
                lang,
                notes: Vec::new(),
                citation: Vec::new(),
                entry: Vec::new(),
            });
        }
        let book_lang = self.book_lang;
        for s in &parsed.source {
            if let (Some(notes), Some(&i)) = (&s.notes, self.source_index.get(s.id.get_ref())) {
                if self.sources[i].id == *s.id.get_ref() && self.sources[i].notes.is_empty() {
                    let content = inline_md(self, &file, notes, book_lang);
                    self.sources[i].notes = content;
                }
            }
        }
    }
}

/// The generated body of a chronology or glossary chapter.
pub fn chapter_data(
    r: &mut Reader,
    kind: ChapterKind,
    rel: &str,
    from: &SourceFile,
    line: u32,
    chapter_id: &str,
) -> Option<Block> {
    let file = read_data(r, rel, from, line)?;
    let lang = r.book_lang;
    if kind == ChapterKind::Chronology {
        let parsed: TimelineToml = match tomlerr::parse(&file, &file.text, 0) {
            Ok(p) => p,
            Err(d) => {
                r.diags.push(d);
                return None;
            }
        };
        let mut entries = Vec::with_capacity(parsed.event.len());
        for e in &parsed.event {
            let line = file.line(e.date.span().start);
            let d = date(r, &file, &e.date);
            let mut text = inline_md(r, &file, &e.text, lang);
            let mut ids = Vec::new();
            if !e.sources.is_empty() {
                text.push(Inline::Text(" (".into()));
                for (k, s) in e.sources.iter().enumerate() {
                    if k > 0 {
                        text.push(Inline::Text("; ".into()));
                    }
                    let (l, c) = file.position(s.span().start);
                    r.facts
                        .cites
                        .push((s.get_ref().clone(), file.shown.clone(), l, c));
                    match r.source_index.get(s.get_ref()) {
                        Some(&i) => {
                            text.push(super::cite::short_inline(&r.sources[i], r.book_lang))
                        }
                        None => {
                            r.diags.push(
                                file.at(
                                    Diagnostic::error(
                                        "source-unknown",
                                        format!("unknown source `{}`", s.get_ref()),
                                    )
                                    .hint("every id in `sources` must be defined in sources.toml"),
                                    s.span().start,
                                ),
                            );
                            text.push(Inline::Text(s.get_ref().clone()));
                        }
                    }
                    ids.push(s.get_ref().clone());
                }
                text.push(Inline::Text(").".into()));
                // "….)." would double the full stop of the text.
                strip_stop_before_sources(&mut text);
            }
            let Some(d) = d else { continue };
            r.facts
                .timeline
                .push((d, ids.len(), file.shown.clone(), line));
            let id = r.ids.claim(&format!("{chapter_id}-{}", d.iso()));
            let label = e.label.clone().unwrap_or_else(|| d.long());
            entries.push(TimelineEntry {
                id,
                date: d,
                label,
                text,
                sources: ids,
            });
        }
        Some(Block::Timeline(entries))
    } else {
        let parsed: GlossaryToml = match tomlerr::parse(&file, &file.text, 0) {
            Ok(p) => p,
            Err(d) => {
                r.diags.push(d);
                return None;
            }
        };
        let mut entries = Vec::with_capacity(parsed.term.len());
        for t in &parsed.term {
            let mut term = inline_md(r, &file, &t.term, lang);
            if let Some(original) = &t.original {
                let olang = t
                    .original_language
                    .as_ref()
                    .and_then(|l| parse_lang(r, &file, l))
                    .unwrap_or(Lang::Ru);
                term.push(Inline::Text(" (".into()));
                term.push(Inline::Lang {
                    lang: olang,
                    content: vec![Inline::Text(original.clone())],
                });
                term.push(Inline::Text(")".into()));
            }
            let line = file.line(t.term.span().start);
            r.facts
                .glossary
                .push((t.term.get_ref().clone(), file.shown.clone(), line));
            let definition = inline_md(r, &file, &t.definition, lang);
            let id = r
                .ids
                .claim(&format!("term-{}", slug(t.term.get_ref(), "term")));
            entries.push(GlossaryEntry {
                id,
                term,
                definition,
            });
        }
        Some(Block::Glossary(entries))
    }
}

/// Moves the text's final full stop after the appended source list:
/// "… a liter (Source)." rather than "… a liter. (Source).".
fn strip_stop_before_sources(text: &mut [Inline]) {
    let Some(pos) = text
        .iter()
        .rposition(|i| matches!(i, Inline::Text(t) if t == " ("))
    else {
        return;
    };
    if pos == 0 {
        return;
    }
    if let Some(Inline::Text(t)) = text.get_mut(pos - 1) {
        if t.ends_with('.') {
            t.pop();
        }
    }
}
