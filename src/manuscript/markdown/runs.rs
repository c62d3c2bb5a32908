//! Merged text runs: the text of consecutive text events in; inlines out,
//! with citations (`[@id]`, `[@a; @b]`) turned into citation inlines and a
//! literal `[^label]` (a note reference pulldown-cmark left as text because
//! it has no definition) reported. Each run is also checked for characters
//! the fonts lack and for untagged Cyrillic ([`crate::manuscript::text`]).
//!
//! Text is merged first because pulldown-cmark splits it at `[`, quotes
//! and the like; only merged text can be scanned for these.

use super::convert::Conv;
use crate::diag::Diagnostic;
use crate::manuscript::cite;
use crate::model::Inline;

impl Conv<'_, '_, '_> {
    /// Interprets the pending text run and adds its inlines to the open
    /// frame.
    pub(super) fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        let at = self.pending_at;
        let lang = self.lang();
        let base = self.abs(at);
        let exact = self.input.file.text.get(base..base + text.len()) == Some(text.as_str());
        let locate = |i: usize| if exact { base + i } else { base };
        {
            let file = self.input.file;
            let diags = &mut *self.cx.diags;
            crate::manuscript::text::text_run(
                &text,
                lang,
                self.input.lang,
                &mut |d: Diagnostic, i: usize| diags.push(file.at(d, locate(i))),
            );
        }
        let mut rest = 0;
        let mut out: Vec<Inline> = Vec::new();
        let mut i = 0;
        let bytes = text.as_bytes();
        // The next `]` at or after `i`, relative to `i`: found once per
        // bracket rather than once per `[`, so the scan stays linear.
        let mut next_close: Option<usize> = None;
        let mut close_after = |i: usize| -> Option<usize> {
            if next_close.is_none_or(|c| c < i) {
                next_close = text[i..].find(']').map(|c| c + i);
                if next_close.is_none() {
                    next_close = Some(usize::MAX);
                }
            }
            next_close.filter(|&c| c != usize::MAX).map(|c| c - i)
        };
        while i < bytes.len() {
            if bytes[i] == b'[' && bytes.get(i + 1) == Some(&b'^') {
                if let Some(close) = close_after(i) {
                    let label = &text[i + 2..i + close];
                    if !label.is_empty() && !label.contains(char::is_whitespace) {
                        let defined = self.notes.as_deref().is_some_and(|n| n.is_defined(label));
                        let d = if defined {
                            Diagnostic::error(
                                "note-syntax",
                                format!("`[^{label}]` was not read as a note reference"),
                            )
                        } else {
                            Diagnostic::error(
                                "note-undefined",
                                format!("note `[^{label}]` is referenced but never defined"),
                            )
                            .hint(format!(
                                "add a definition `[^{label}]: …` at the end of the chapter"
                            ))
                        };
                        let d = self.input.file.at(d, locate(i));
                        self.cx.diags.push(d);
                    }
                }
            }
            if bytes[i] == b'[' && bytes.get(i + 1) == Some(&b'@') {
                if let Some(close) = close_after(i) {
                    let inner = &text[i + 1..i + close];
                    if let Some(ids) = cite::parse_keys(inner) {
                        if i > rest {
                            out.push(Inline::Text(text[rest..i].to_string()));
                        }
                        let (line, col) = self.input.file.position(locate(i));
                        for (k, id) in ids.iter().enumerate() {
                            if k > 0 {
                                out.push(Inline::Text("; ".into()));
                            }
                            self.cx.facts.cites.push((
                                id.to_string(),
                                self.input.file.shown.clone(),
                                line,
                                col,
                            ));
                            match self.cx.source_index.get(*id) {
                                Some(&s) => {
                                    out.push(cite::inline(&self.cx.sources[s], self.cx.book_lang))
                                }
                                None => {
                                    let d = Diagnostic::error("source-unknown", format!("unknown source `{id}`"))
                                        .hint(match crate::manuscript::tomlerr::nearest(
                                            id,
                                            &self.cx.source_index.keys().cloned().collect::<Vec<_>>(),
                                        ) {
                                            Some(n) => format!("did you mean `{n}`? Sources are listed in sources.toml"),
                                            None => "add it to sources.toml".to_string(),
                                        });
                                    self.cx.diags.push(self.input.file.at(d, locate(i)));
                                    out.push(Inline::Text(id.to_string()));
                                }
                            }
                        }
                        i += close + 1;
                        rest = i;
                        continue;
                    }
                }
            }
            i += 1;
        }
        if rest < text.len() {
            out.push(Inline::Text(text[rest..].to_string()));
        }
        for inline in out {
            self.push_inline(inline, at);
        }
    }
}
