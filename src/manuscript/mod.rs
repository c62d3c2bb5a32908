//! Reading a manuscript folder into the document model.
//!
//! In: a manuscript folder. Out: [`Loaded`]: the `Book`, its output
//! `Settings`, the [`Facts`] the whole-book checks need, and diagnostics.
//!
//! [`read`] parses `book.toml`, the data files and every chapter of the
//! reading order, generates the front matter (half-title, title page,
//! colophon lines, contents), numbers notes, assigns ids, points internal
//! links at them ([`targets`]) and applies the typographic polish. Checks
//! on single runs of text (characters no font covers, untagged Cyrillic)
//! are made here as the text is read ([`text`]);
//! the whole-book checks run afterwards, in `crate::driver`. Nothing
//! outside the folder is read.

pub mod cite;
mod data;
mod front;
mod generate;
mod ids;
pub mod image;
mod markdown;
mod notes;
mod required;
pub mod source;
mod targets;
pub mod text;
mod tomlerr;
mod yaml;

pub use ids::slug;
pub use targets::LinkSite;

use crate::config::BookToml;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{
    BuildInfo, Chapter, ChapterKind, Contributor, Date, Inline, Lang, Matter, Meta, Part, Role,
    Source,
};
use ids::Ids;
use source::SourceFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where things were found while reading, for the checks that run on the
/// whole book afterwards.
#[derive(Debug, Default)]
pub struct Facts {
    /// `book.toml` as read, to locate reading-order entries.
    pub book_toml: Option<SourceFile>,
    /// The manuscript folder as the user gave it.
    pub shown_root: PathBuf,
    /// The canonical manuscript folder.
    pub root: PathBuf,
    /// Every chapter file of the reading order, with its line in book.toml.
    pub listed: Vec<(String, u32)>,
    /// Every citation: source id, file, line, column.
    pub cites: Vec<(String, PathBuf, u32, u32)>,
    /// Every internal link (`#id`, `file.md#id`), resolved and checked
    /// once the whole book is read ([`targets`]).
    pub links: Vec<LinkSite>,
    /// Every file the text refers to (images).
    pub files: Vec<String>,
    /// Chronology entries: date, number of sources, file, line.
    pub timeline: Vec<(Date, usize, PathBuf, u32)>,
    /// Every source definition: id, file, line.
    pub source_defs: Vec<(String, PathBuf, u32)>,
    /// Glossary terms in file order: term, file, line.
    pub glossary: Vec<(String, PathBuf, u32)>,
}

/// A book as read, before the whole-book checks.
#[derive(Debug)]
pub struct Loaded {
    pub book: crate::model::Book,
    /// The output settings, beside the book.
    pub settings: crate::config::Settings,
    pub facts: Facts,
    /// Problems found while reading; the book is complete but may be wrong
    /// if any is an error.
    pub diags: Diagnostics,
}

/// Reads the manuscript in `dir` into the model. `Err` only when no book
/// can be built at all (no folder, no or broken book.toml).
pub fn read(dir: &Path) -> Result<Loaded, Diagnostics> {
    let root = dir.canonicalize().map_err(|e| {
        Diagnostic::usage(
            "manuscript-missing",
            format!("cannot open the manuscript folder `{}`: {e}", dir.display()),
        )
        .hint("pass --manuscript DIR, the folder that holds book.toml")
    })?;
    if !root.is_dir() {
        return Err(Diagnostic::usage(
            "manuscript-missing",
            format!("`{}` is not a folder", dir.display()),
        )
        .into());
    }
    if !root.join("book.toml").is_file() {
        return Err(Diagnostic::usage(
            "book-toml-missing",
            format!("`{}` has no book.toml", dir.display()),
        )
        .in_file(dir.join("book.toml"))
        .hint("a manuscript folder starts with book.toml; see docs/manuscript-format.md")
        .into());
    }
    let book_file = source::read_text(&root, dir, "book.toml").map_err(Diagnostics::from)?;
    let config: BookToml =
        tomlerr::parse(&book_file, &book_file.text, 0).map_err(Diagnostics::from)?;

    let mut r = Reader {
        root: root.clone(),
        shown_root: dir.to_path_buf(),
        ids: Ids::default(),
        diags: Diagnostics::default(),
        facts: Facts {
            shown_root: dir.to_path_buf(),
            root: root.clone(),
            ..Facts::default()
        },
        sources: Vec::new(),
        source_index: HashMap::new(),
        book_lang: Lang::En,
    };
    let meta = r.meta(&config, &book_file);
    for d in required::book_toml(&book_file) {
        r.diags.push(d);
    }
    r.book_lang = meta.lang;
    let build = build_info(&meta, &mut r.diags);
    if let Some(path) = &config.data.sources {
        r.load_sources(path, &book_file);
    }

    let mut chapters = Vec::new();
    let mut parts = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut listed_line = |rel: &str| {
        let n = seen.entry(rel.to_string()).or_insert(0);
        *n += 1;
        locate_nth(&book_file, rel, *n - 1)
    };
    for id in ["half-title", "title-page"] {
        r.ids.claim(id);
    }
    chapters.push(generate::half_title(&meta));
    chapters.push(generate::title_page(&meta));
    r.ids.claim("contents");
    for rel in &config.contents.front {
        let line = listed_line(rel);
        r.facts.listed.push((rel.clone(), line));
        if let Some(c) = r.chapter(rel, Matter::Front, None, line) {
            chapters.push(c);
        }
    }
    chapters.push(generate::contents());
    for rel in &config.contents.chapters {
        let line = listed_line(rel);
        r.facts.listed.push((rel.clone(), line));
        if let Some(c) = r.chapter(rel, Matter::Body, None, line) {
            chapters.push(c);
        }
    }
    for (i, part) in config.contents.parts.iter().enumerate() {
        let pid = r.ids.claim(&format!("part-{}", i + 1));
        let title = r.plain_inlines(&part.title, &book_file);
        parts.push(Part {
            id: pid,
            label: format!("Part {}", crate::model::roman(i as u32 + 1).to_uppercase()),
            title,
        });
        for rel in &part.chapters {
            let line = listed_line(rel);
            r.facts.listed.push((rel.clone(), line));
            if let Some(c) = r.chapter(rel, Matter::Body, Some(i), line) {
                chapters.push(c);
            }
        }
    }
    for rel in &config.contents.back {
        let line = listed_line(rel);
        r.facts.listed.push((rel.clone(), line));
        if let Some(c) = r.chapter(rel, Matter::Back, None, line) {
            chapters.push(c);
        }
    }
    for c in chapters.iter_mut() {
        if c.kind == ChapterKind::Copyright {
            c.blocks.extend(generate::colophon(&meta, &build));
        }
    }

    let mut sources = r.sources;
    cite::bibliography(&mut sources, meta.lang);
    let mut book = crate::model::Book {
        meta,
        parts,
        chapters,
        sources,
        build,
    };
    let settings = crate::config::Settings {
        hyphenation: config.hyphenation.clone(),
        pdf: config.pdf.clone(),
        epub: config.epub.clone(),
        cover: config.cover.clone(),
    };
    targets::resolve(&mut book, &r.facts.links, &mut r.diags);
    crate::polish::book(&mut book);
    generate::heads(&mut book);
    r.facts.book_toml = Some(book_file);
    Ok(Loaded {
        book,
        settings,
        facts: r.facts,
        diags: r.diags,
    })
}

/// State shared while the chapters are read.
struct Reader {
    root: PathBuf,
    shown_root: PathBuf,
    ids: Ids,
    diags: Diagnostics,
    facts: Facts,
    sources: Vec<Source>,
    source_index: HashMap<String, usize>,
    book_lang: Lang,
}

impl Reader {
    fn cx(&mut self) -> markdown::Cx<'_> {
        markdown::Cx {
            root: &self.root,
            shown_root: &self.shown_root,
            sources: &self.sources,
            source_index: &self.source_index,
            book_lang: self.book_lang,
            ids: &mut self.ids,
            diags: &mut self.diags,
            facts: &mut self.facts,
        }
    }

    /// Inline Markdown from `text` located at the line of `text` in `file`.
    fn plain_inlines(&mut self, text: &str, file: &SourceFile) -> Vec<Inline> {
        let base = file.text.find(text).unwrap_or(0);
        let lang = self.book_lang;
        let input = markdown::Input {
            file,
            base,
            text,
            chapter: "",
            lang,
        };
        markdown::inlines(&mut self.cx(), &input)
    }

    /// Publication metadata from `[book]`.
    fn meta(&mut self, config: &BookToml, file: &SourceFile) -> Meta {
        let b = &config.book;
        let lang = match Lang::parse(&b.language) {
            Some(l) => l,
            None => {
                self.diags.push(
                    file.at(
                        Diagnostic::error(
                            "lang-unknown",
                            format!("unknown language tag `{}`", b.language),
                        )
                        .hint(format!("known tags: {}", Lang::KNOWN.join(", "))),
                        locate_key(file, "language"),
                    ),
                );
                Lang::En
            }
        };
        let date = match Date::parse(&b.date) {
            Some(d) if d.day.is_some() => d,
            _ => {
                self.diags.push(
                    file.at(
                        Diagnostic::error("date-invalid", format!("`{}` is not a date", b.date))
                            .hint("write the publication date as YYYY-MM-DD"),
                        locate_key(file, "date"),
                    ),
                );
                Date {
                    year: 1970,
                    month: Some(1),
                    day: Some(1),
                }
            }
        };
        let mut contributors = Vec::new();
        for c in &b.contributors {
            let role = match c.role.as_str() {
                "author" => Role::Author,
                "editor" => Role::Editor,
                "translator" => Role::Translator,
                other => {
                    self.diags.push(
                        file.at(
                            Diagnostic::error(
                                "unknown-value",
                                format!("unknown contributor role `{other}`"),
                            )
                            .hint("use author, editor or translator"),
                            file.text.find(&format!("\"{other}\"")).unwrap_or(0),
                        ),
                    );
                    Role::Author
                }
            };
            contributors.push(Contributor {
                name: c.name.clone(),
                file_as: c.file_as.clone(),
                role,
            });
        }
        if b.slug.is_empty()
            || !b
                .slug
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.diags.push(
                file.at(
                    Diagnostic::error(
                        "slug-invalid",
                        format!("`{}` is not a valid file stem", b.slug),
                    )
                    .hint("use lowercase letters, digits and hyphens"),
                    locate_key(file, "slug"),
                ),
            );
        }
        Meta {
            title: b.title.clone(),
            subtitle: b.subtitle.clone(),
            contributors,
            lang,
            identifier: b.identifier.clone(),
            isbn: b.isbn.clone(),
            publisher: b.publisher.clone(),
            rights: b.rights.clone(),
            description: b.description.clone(),
            subjects: b.subjects.clone(),
            keywords: b.keywords.clone(),
            date,
            slug: if b.slug.is_empty() {
                "book".into()
            } else {
                b.slug.clone()
            },
        }
    }

    /// Reads one chapter file of the reading order. None if it cannot be
    /// read at all (the problem is reported).
    fn chapter(
        &mut self,
        rel: &str,
        matter: Matter,
        part: Option<usize>,
        listed_line: u32,
    ) -> Option<Chapter> {
        let file = match source::read_text(&self.root, &self.shown_root, rel) {
            Ok(f) => f,
            Err(mut d) => {
                if d.code == "file-missing" || d.code == "path-outside" {
                    // Point at the reading-order entry in book.toml.
                    d.file = Some(self.shown_root.join("book.toml"));
                    d.line = listed_line;
                    d.column = 0;
                }
                self.diags.push(d);
                return None;
            }
        };
        front::chapter(self, file, rel, matter, part)
    }
}

/// The line of the first occurrence of `"needle"` in `file`.
fn locate_in(file: &SourceFile, needle: &str) -> u32 {
    locate_nth(file, needle, 0)
}

/// The line of the `n`th (0-based) occurrence of `"needle"` in `file`, or
/// of the last one if there are fewer.
fn locate_nth(file: &SourceFile, needle: &str, n: usize) -> u32 {
    let quoted = format!("\"{needle}\"");
    file.text
        .match_indices(&quoted)
        .take(n + 1)
        .last()
        .map_or(0, |(o, _)| file.line(o))
}

/// The byte offset of the first line that assigns `key`.
fn locate_key(file: &SourceFile, key: &str) -> usize {
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return offset + (line.len() - t.len());
            }
        }
        offset += line.len();
    }
    0
}

/// The build's date: `SOURCE_DATE_EPOCH` if set (reproducible builds), else
/// the book's publication date at midnight UTC.
fn build_info(meta: &Meta, diags: &mut Diagnostics) -> BuildInfo {
    let from_env =
        std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| match v.trim().parse::<i64>() {
                Ok(s) if (0..=253_402_300_799).contains(&s) => Some(s),
                _ => {
                    diags.push(
                        Diagnostic::warning(
                            "source-date-epoch",
                            format!("SOURCE_DATE_EPOCH=`{v}` is not a Unix time"),
                        )
                        .hint(
                            "set it to whole seconds since 1970, e.g. $(git log -1 --format=%ct)",
                        ),
                    );
                    None
                }
            });
    let timestamp = from_env.unwrap_or_else(|| days_from_civil(meta.date) * 86_400);
    BuildInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        date: Date::from_unix(timestamp),
        timestamp,
    }
}

/// Days since 1970-01-01 of a date (missing month/day count as 1), the
/// inverse of the model's civil-from-days conversion.
fn days_from_civil(d: Date) -> i64 {
    let (y, m, day) = (
        d.year as i64,
        d.month.unwrap_or(1) as i64,
        d.day.unwrap_or(1) as i64,
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for s in ["1970-01-01", "2000-02-29", "2022-01-12", "2026-11-22"] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_unix(days_from_civil(d) * 86_400), d);
        }
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(crate::model::roman(14).to_uppercase(), "XIV");
    }
}
