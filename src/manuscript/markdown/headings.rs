//! Headings: a finished heading's level and text in; the heading block,
//! with its level checked and its id decided once for both outputs, out.
//!
//! A `#` in a chapter body is set as a section (the chapter has one
//! title); a skipped level is an error. An explicit `{#id}` must be valid
//! and unique in the book; otherwise the id is the chapter's id and the
//! heading's slug, made unique.

use super::convert::Conv;
use crate::diag::Diagnostic;
use crate::model::{Block, Inline};

impl Conv<'_, '_, '_> {
    pub(super) fn finish_heading(
        &mut self,
        level: u8,
        explicit_id: Option<String>,
        offset: usize,
        content: Vec<Inline>,
    ) {
        let line = self.input.file.line(self.abs(offset));
        let level = if level == 1 {
            self.error(
                Diagnostic::warning(
                    "heading-h1",
                    "a `#` heading in the chapter body is set as a section (`##`)",
                )
                .hint("a chapter has one title; use `##` for its sections"),
                offset,
            );
            2
        } else {
            level
        };
        if level > self.last_level + 1 {
            self.error(
                Diagnostic::error(
                    "heading-skip",
                    format!(
                        "heading level {} follows level {}: a level is skipped",
                        "#".repeat(level as usize),
                        "#".repeat(self.last_level as usize)
                    ),
                )
                .hint(format!(
                    "use `{}` here",
                    "#".repeat(self.last_level as usize + 1)
                )),
                offset,
            );
        }
        self.last_level = level;
        let id = match explicit_id {
            Some(id) => {
                let valid = id.starts_with(|c: char| c.is_ascii_alphabetic())
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if !valid {
                    self.error(
                        Diagnostic::error("id-invalid", format!("`{id}` is not a valid id"))
                            .hint("an id starts with a letter and uses only a-z, 0-9, - and _"),
                        offset,
                    );
                }
                if !self.cx.ids.claim_exact(&id) {
                    self.error(
                        Diagnostic::error(
                            "duplicate-id",
                            format!("the id `{id}` is used twice in the book"),
                        )
                        .hint("give this heading a different `{#id}`"),
                        offset,
                    );
                }
                id
            }
            None => {
                let base = format!(
                    "{}-{}",
                    self.input.chapter,
                    crate::manuscript::ids::slug(&crate::model::plain_text(&content), "section")
                );
                self.cx.ids.claim(&base)
            }
        };
        self.push_block(Block::Heading {
            level: level.saturating_sub(1).max(1),
            id,
            content,
            line,
        });
    }
}
