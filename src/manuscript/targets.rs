//! Link targets: the book as read, with its internal links as written
//! (`#id`, a heading's own slug `#troubleshooting`, another chapter's file
//! `02-other.md` or `02-other.md#heading`), in; the same links pointing at
//! the real ids, which both outputs use, and an error at the place of every
//! link that names nothing, out.
//!
//! A fragment is, in this order: an id of the book (a heading's, note's,
//! part's, chapter's, chronology or glossary entry's, or source's), or, in
//! the chapter the link names (its own chapter when it names no file), a
//! heading's own slug: its text slugged as recto does (`rb-02-` and the
//! slug make its id) or as mdBook and GitHub do. A file is a chapter of the
//! reading order, by its path from the manuscript folder; the reader has
//! already made the path relative to the folder (from the linking file's
//! folder).

use super::ids::slug;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{plain_text, Block, Book, Inline};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// One internal link as the reader found it.
#[derive(Debug, Clone)]
pub struct LinkSite {
    /// The link's destination as stored in the model: `#fragment`,
    /// `path.md` or `path.md#fragment`, the path relative to the manuscript.
    pub url: String,
    /// The chapter file the link was written in, for a bare `#fragment`;
    /// None outside chapter files (data files, book.toml).
    pub context: Option<String>,
    /// Where it was written.
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
}

/// Whether `url` (a destination as the reader stores it) is internal.
fn internal(url: &str) -> bool {
    !(url.is_empty()
        || url == "#"
        || url.starts_with("http://")
        || url.starts_with("https://")
        || url.starts_with("mailto:"))
}

/// `./a//b.md` → `a/b.md`.
fn normalise(rel: &str) -> String {
    rel.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// The slug mdBook (and GitHub) give a heading: lowercase, spaces as `-`,
/// letters, digits, `_` and `-` kept, everything else dropped.
fn mdbook_slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().collect::<String>())
            } else if c.is_whitespace() {
                Some("-".into())
            } else {
                None
            }
        })
        .collect()
}

/// Why a link names nothing.
enum Miss {
    /// The file is not a chapter of the reading order.
    File(String),
    /// No id or heading answers to the fragment; a suggestion if one is
    /// close.
    Fragment(String, Option<String>),
}

/// What the book offers links: its ids, its chapters by file, and each
/// chapter's headings by their own slugs.
struct Targets {
    /// Every id of the book.
    ids: HashSet<String>,
    /// Whether the book has a list of sources (every `src-…` id is then
    /// an entry of it).
    bibliography: bool,
    /// Chapter ids by file.
    files: HashMap<String, usize>,
    chapters: Vec<Target>,
}

struct Target {
    id: String,
    file: Option<PathBuf>,
    /// Own slug → heading id (the first heading wins).
    slugs: HashMap<String, String>,
    headings: Vec<String>,
}

impl Targets {
    fn new(book: &Book) -> Targets {
        let mut ids: HashSet<String> = HashSet::new();
        ids.extend(book.parts.iter().map(|p| p.id.clone()));
        ids.extend(book.sources.iter().map(|s| s.anchor()));
        let mut files = HashMap::new();
        let mut chapters = Vec::new();
        let mut bibliography = false;
        for (i, c) in book.chapters.iter().enumerate() {
            if let Some(f) = &c.file {
                files.entry(normalise(&f.to_string_lossy())).or_insert(i);
            }
            ids.insert(c.id.clone());
            for n in &c.notes {
                ids.insert(n.id.clone());
                ids.insert(n.ref_id.clone());
            }
            let mut slugs = HashMap::new();
            let mut headings = Vec::new();
            for b in &c.blocks {
                match b {
                    Block::Heading { id, content, .. } => {
                        let text = plain_text(content);
                        for s in [slug(&text, "section"), mdbook_slug(&text)] {
                            slugs.entry(s).or_insert_with(|| id.clone());
                        }
                        ids.insert(id.clone());
                        headings.push(id.clone());
                    }
                    Block::Timeline(entries) => ids.extend(entries.iter().map(|e| e.id.clone())),
                    Block::Glossary(entries) => ids.extend(entries.iter().map(|e| e.id.clone())),
                    Block::Bibliography => bibliography = true,
                    _ => {}
                }
            }
            chapters.push(Target {
                id: c.id.clone(),
                file: c.file.clone(),
                slugs,
                headings,
            });
        }
        Targets {
            ids,
            bibliography,
            files,
            chapters,
        }
    }

    /// As [`Book::chapter_of_anchor`] and the parts and sources decide.
    fn known(&self, id: &str) -> bool {
        self.ids.contains(id) || (self.bibliography && id.starts_with("src-"))
    }

    /// The id `url` (written in the chapter file `context`) points at.
    fn resolve(&self, url: &str, context: Option<&str>) -> Result<String, Miss> {
        let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
        let chapter = if path.is_empty() {
            context.and_then(|c| self.files.get(&normalise(c)).copied())
        } else {
            match self.files.get(&normalise(path)) {
                Some(&i) => Some(i),
                None => return Err(Miss::File(path.to_string())),
            }
        };
        if fragment.is_empty() {
            return match chapter {
                Some(i) => Ok(self.chapters[i].id.clone()),
                None => Err(Miss::Fragment(String::new(), None)),
            };
        }
        if self.known(fragment) {
            return Ok(fragment.to_string());
        }
        if let Some(id) = chapter.and_then(|i| self.chapters[i].slugs.get(fragment)) {
            return Ok(id.clone());
        }
        Err(Miss::Fragment(
            fragment.to_string(),
            self.suggest(fragment, chapter),
        ))
    }

    /// A hint for an unknown fragment: the heading with that slug in
    /// another chapter, or the nearest heading id.
    fn suggest(&self, fragment: &str, chapter: Option<usize>) -> Option<String> {
        for (i, c) in self.chapters.iter().enumerate() {
            if Some(i) == chapter {
                continue;
            }
            if let Some(id) = c.slugs.get(fragment) {
                return Some(match &c.file {
                    Some(f) => format!(
                        "that heading is in another chapter, `{}`: link to it as `#{id}`, or by that file's path and `#{fragment}`",
                        f.display()
                    ),
                    None => format!("did you mean `#{id}`?"),
                });
            }
        }
        let ids: Vec<String> = self
            .chapters
            .iter()
            .flat_map(|c| c.headings.iter().cloned())
            .collect();
        let near = super::tomlerr::nearest(fragment, &ids)?;
        Some(format!("did you mean `#{near}`?"))
    }

    /// The url an internal link gets: `#id`, or `#` when it names nothing
    /// (reported from its site); other links keep theirs.
    fn url(&self, url: &mut String, context: Option<&str>) {
        if internal(url) {
            *url = match self.resolve(url, context) {
                Ok(id) => format!("#{id}"),
                Err(_) => "#".to_string(),
            };
        }
    }
}

/// Points every internal link of `book` at its real id, and reports each
/// of `sites` that names nothing.
pub fn resolve(book: &mut Book, sites: &[LinkSite], diags: &mut Diagnostics) {
    let targets = Targets::new(book);
    for site in sites {
        let Err(miss) = targets.resolve(&site.url, site.context.as_deref()) else {
            continue;
        };
        let d = match miss {
            Miss::File(path) => Diagnostic::error(
                "link-target-unknown",
                format!("`{path}` is not a chapter of the reading order"),
            )
            .hint("a link to a .md file names a chapter listed in book.toml's [contents], by its path from the linking file's folder"),
            Miss::Fragment(fragment, suggestion) => Diagnostic::error(
                "link-target-unknown",
                format!("no heading, note or entry has the id `{fragment}`"),
            )
            .hint(suggestion.unwrap_or_else(|| {
                "check the id; a heading is reached by its id, by its own slug in its chapter (#its-title) or as file.md#its-title; ids are set with {#id}".into()
            })),
        };
        diags.push(d.at(&site.file, site.line, site.column));
    }
    for part in &mut book.parts {
        links(&mut part.title, &mut |u| targets.url(u, None));
    }
    for source in &mut book.sources {
        links(&mut source.notes, &mut |u| targets.url(u, None));
        links(&mut source.entry, &mut |u| targets.url(u, None));
    }
    for c in &mut book.chapters {
        let context = c.file.as_ref().map(|f| f.to_string_lossy().into_owned());
        let mut in_chapter = |u: &mut String| targets.url(u, context.as_deref());
        links(&mut c.title, &mut in_chapter);
        if let Some(s) = &mut c.subtitle {
            links(s, &mut in_chapter);
        }
        // Chronology and glossary entries come from data files: a bare
        // fragment there has no chapter of its own.
        let mut in_data = |u: &mut String| targets.url(u, None);
        block_links(&mut c.blocks, &mut in_chapter, &mut in_data);
        for n in &mut c.notes {
            block_links(&mut n.blocks, &mut in_chapter, &mut in_data);
        }
    }
}

/// Calls `text` with every link url of `blocks` written in the chapter
/// file, and `data` with those from data files.
fn block_links(
    blocks: &mut [Block],
    text: &mut dyn FnMut(&mut String),
    data: &mut dyn FnMut(&mut String),
) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => links(&mut p.content, text),
            Block::Heading { content, .. } => links(content, text),
            Block::Quote(inner) => block_links(inner, text, data),
            Block::List { items, .. } => {
                for item in items {
                    block_links(item, text, data);
                }
            }
            Block::Table(t) => {
                for cell in t.header.iter_mut().chain(t.rows.iter_mut().flatten()) {
                    links(cell, text);
                }
            }
            Block::Figure(f) => links(&mut f.caption, text),
            Block::Timeline(entries) => {
                for e in entries {
                    links(&mut e.text, data);
                }
            }
            Block::Glossary(entries) => {
                for e in entries {
                    links(&mut e.term, data);
                    links(&mut e.definition, data);
                }
            }
            Block::Rule | Block::Bibliography | Block::CodeBlock { .. } => {}
        }
    }
}

/// Calls `f` with every link url of `content`.
fn links(content: &mut [Inline], f: &mut dyn FnMut(&mut String)) {
    for inline in content {
        match inline {
            Inline::Link { url, content } => {
                f(url);
                links(content, f);
            }
            Inline::Lang { content: c, .. }
            | Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Cite { content: c, .. } => links(c, f),
            Inline::Text(_) | Inline::Code(_) | Inline::NoteRef(_) | Inline::LineBreak => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_as_mdbook_makes_them() {
        assert_eq!(mdbook_slug("Hello, World!"), "hello-world");
        assert_eq!(mdbook_slug("A & B"), "a--b");
        assert_eq!(mdbook_slug("Шал ket"), "шал-ket");
        assert_eq!(normalise("./a//b.md"), "a/b.md");
        assert!(!internal("https://example.com/x.md"));
        assert!(internal("#x") && internal("a/b.md#c"));
    }
}
