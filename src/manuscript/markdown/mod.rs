//! Markdown to model: one chapter body, note or data string in, blocks or
//! inlines out, with every problem reported as a diagnostic at its file,
//! line and column.
//!
//! The work is split by job:
//! - [`convert`] walks pulldown-cmark's event stream (with byte offsets)
//!   and builds blocks and inlines on a stack of open frames;
//! - [`runs`] interprets merged text: citations (`[@id]`) and stray note
//!   labels;
//! - [`headings`] decides heading levels and ids;
//! - [`links`] decides which link destinations are allowed and what each
//!   becomes;
//! - [`html`] decides which raw HTML is allowed (`<span lang="…">`, `<br>`,
//!   comments) and what a refused tag reports;
//! - [`images`] finds, reads and inspects an image file.
//!
//! Internal links are stored as written (`#id`, `file.md#id`, the path made
//! relative to the manuscript) and pointed at their ids once the whole book
//! is read (`crate::manuscript::targets`).
//!
//! Nesting is limited to [`MAX_NESTING`] open frames: deeper structure is
//! reported once and flattened into the deepest allowed frame, so the model
//! never gets deep enough to overflow a recursive walk over it.

mod convert;
mod headings;
mod html;
mod images;
mod links;
mod runs;

use super::ids::Ids;
use super::notes::NoteTable;
use super::source::SourceFile;
use super::Facts;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Block, Inline, Lang, Source};
use std::collections::HashMap;
use std::path::Path;

/// What the converter needs from the rest of the book.
pub struct Cx<'a> {
    pub root: &'a Path,
    pub shown_root: &'a Path,
    pub sources: &'a [Source],
    pub source_index: &'a HashMap<String, usize>,
    /// The book's language, for citation titles.
    pub book_lang: Lang,
    pub ids: &'a mut Ids,
    pub diags: &'a mut Diagnostics,
    pub facts: &'a mut Facts,
}

/// One Markdown text to convert: a chapter body, a note or a data string.
pub struct Input<'f> {
    pub file: &'f SourceFile,
    /// Byte offset of `text` inside `file.text` (front matter skipped).
    pub base: usize,
    pub text: &'f str,
    /// Id of the chapter, prefix of heading ids.
    pub chapter: &'f str,
    pub lang: Lang,
}

/// The deepest nesting of open frames (quotes, lists and their items,
/// emphasis, links, spans…) a text may have; a list item inside a list
/// counts two.
pub const MAX_NESTING: usize = 48;

/// Converts a chapter body (or any block Markdown) into blocks. Footnote
/// references and definitions go to `notes`; without a table they are errors.
pub fn blocks(cx: &mut Cx, input: &Input, notes: Option<&mut NoteTable>) -> Vec<Block> {
    convert::blocks(cx, input, notes)
}

/// Converts inline Markdown (a data file's string) into inlines: the
/// content of its paragraphs, joined by a space.
pub fn inlines(cx: &mut Cx, input: &Input) -> Vec<Inline> {
    let mut out = Vec::new();
    for b in blocks(cx, input, None) {
        match b {
            Block::Paragraph(p) => {
                if !out.is_empty() {
                    out.push(Inline::Text(" ".into()));
                }
                out.extend(p.content);
            }
            _ => {
                let d =
                    Diagnostic::error("block-in-inline", "only inline Markdown is allowed here")
                        .hint("remove headings, lists and block quotes from this value");
                cx.diags.push(input.file.at(d, input.base));
            }
        }
    }
    out
}

/// The first 60 characters of the first line of `s`, for messages.
fn short(s: &str) -> String {
    let first_line = s.lines().next().unwrap_or("");
    let mut out: String = first_line.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// `url` relative to the folder of the file `chapter` (both
/// relative to the manuscript), with `.` and `..` folded; a `..` that
/// leaves the manuscript is kept for [`crate::manuscript::source::resolve`] to refuse.
pub(super) fn from_file(chapter: &Path, url: &str) -> String {
    let mut parts: Vec<String> = chapter
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if url.starts_with('/') {
        return url.to_string();
    }
    for seg in url.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            s => parts.push(s.to_string()),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_the_file_folder() {
        let ch = Path::new("part/ch.md");
        assert_eq!(from_file(ch, "img/a.png"), "part/img/a.png");
        assert_eq!(from_file(ch, "../s/a.png"), "s/a.png");
        assert_eq!(from_file(ch, "../../a.png"), "../a.png");
        assert_eq!(from_file(Path::new("ch.md"), "./a.png"), "a.png");
    }
}
