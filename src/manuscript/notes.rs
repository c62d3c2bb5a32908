//! Per-chapter footnote bookkeeping: numbering in order of first reference,
//! three marker series, and the "referenced exactly once" rule.

use crate::diag::Diagnostic;
use crate::model::{Block, Note, NoteKind};
use std::collections::HashMap;

/// The series a footnote label belongs to: `ed-…` editor, `src-…` source,
/// anything else the author's.
pub fn kind_of(label: &str) -> NoteKind {
    if label.starts_with("ed-") {
        NoteKind::Editor
    } else if label.starts_with("src-") {
        NoteKind::Source
    } else {
        NoteKind::Author
    }
}

/// The `n`th (0-based) marker of a series: 1, 2, 3; a…z, aa, ab…; *, †, ‡,
/// §, ‖, ¶, then doubled symbols.
pub fn marker(kind: NoteKind, n: usize) -> String {
    match kind {
        NoteKind::Author => (n + 1).to_string(),
        NoteKind::Editor => {
            let mut s = Vec::new();
            let mut k = n + 1;
            while k > 0 {
                k -= 1;
                s.push(b'a' + (k % 26) as u8);
                k /= 26;
            }
            s.reverse();
            String::from_utf8(s).unwrap_or_default()
        }
        NoteKind::Source => {
            const SYMBOLS: [char; 6] = ['*', '†', '‡', '§', '‖', '¶'];
            let sym = SYMBOLS[n % SYMBOLS.len()];
            std::iter::repeat_n(sym, n / SYMBOLS.len() + 1).collect()
        }
    }
}

/// The most notes one chapter may have.
pub const MAX_NOTES: usize = 10_000;
/// The most source notes one chapter may have: their markers repeat the
/// six symbols, so the 61st would be ten symbols wide.
pub const MAX_SOURCE_NOTES: usize = 60;

struct Reference {
    label: String,
    kind: NoteKind,
    marker: String,
    /// Line of the reference, for diagnostics.
    line: u32,
    column: u32,
}

/// Footnotes of one chapter while it is read.
#[derive(Default)]
pub struct NoteTable {
    refs: Vec<Reference>,
    by_label: HashMap<String, usize>,
    defs: HashMap<String, (Vec<Block>, u32)>,
    /// Definition order, for reporting unused ones deterministically.
    def_order: Vec<String>,
    counters: [usize; 3],
    /// Whether a limit was reported (once per chapter).
    over_limit: bool,
}

fn series(kind: NoteKind) -> usize {
    match kind {
        NoteKind::Author => 0,
        NoteKind::Editor => 1,
        NoteKind::Source => 2,
    }
}

impl NoteTable {
    /// Registers a reference and returns the note's index in the chapter.
    /// A second reference to the same label is an error (returned), but
    /// still yields the index so the text stays whole.
    pub fn reference(
        &mut self,
        label: &str,
        line: u32,
        column: u32,
    ) -> (usize, Option<Diagnostic>) {
        if let Some(&i) = self.by_label.get(label) {
            let first = self.refs[i].line;
            let d = Diagnostic::error(
                "note-referenced-twice",
                format!("note `[^{label}]` is referenced more than once (first on line {first})"),
            )
            .hint("each note is referenced exactly once; give the second place its own note");
            return (i, Some(d));
        }
        let kind = kind_of(label);
        let s = series(kind);
        let full = self.refs.len() >= MAX_NOTES
            || (kind == NoteKind::Source && self.counters[s] >= MAX_SOURCE_NOTES);
        if full && !self.refs.is_empty() {
            // Refused: the text keeps pointing at the last note, and the
            // error (reported once) stops the build.
            let d = (!self.over_limit).then(|| {
                let (what, limit) = if kind == NoteKind::Source {
                    ("source notes", MAX_SOURCE_NOTES)
                } else {
                    ("notes", MAX_NOTES)
                };
                Diagnostic::error(
                    "too-many-notes",
                    format!("the chapter has more than {limit} {what}"),
                )
                .hint("split the chapter, or turn notes into text")
            });
            self.over_limit = true;
            return (self.refs.len() - 1, d);
        }
        let marker = marker(kind, self.counters[s]);
        self.counters[s] += 1;
        self.refs.push(Reference {
            label: label.to_string(),
            kind,
            marker,
            line,
            column,
        });
        self.by_label.insert(label.to_string(), self.refs.len() - 1);
        (self.refs.len() - 1, None)
    }

    /// Records a definition; a second definition of a label is returned as
    /// an error.
    pub fn define(&mut self, label: &str, blocks: Vec<Block>, line: u32) -> Option<Diagnostic> {
        if let Some((_, first)) = self.defs.get(label) {
            return Some(Diagnostic::error(
                "note-defined-twice",
                format!("note `[^{label}]` is defined twice (first on line {first})"),
            ));
        }
        self.def_order.push(label.to_string());
        self.defs.insert(label.to_string(), (blocks, line));
        None
    }

    /// Whether `label` has a definition so far.
    pub fn is_defined(&self, label: &str) -> bool {
        self.defs.contains_key(label)
    }

    /// The finished notes in order of first reference, with ids, plus the
    /// diagnostics: a reference without definition (located at the
    /// reference) and a definition never referenced (at the definition).
    /// Each diagnostic carries (line, column).
    pub fn finish(mut self, chapter_id: &str) -> (Vec<Note>, Vec<(Diagnostic, u32, u32)>) {
        let mut notes = Vec::with_capacity(self.refs.len());
        let mut problems = Vec::new();
        for (i, r) in self.refs.iter().enumerate() {
            let (blocks, line) = match self.defs.remove(&r.label) {
                Some(d) => d,
                None => {
                    if r.label != GENERATED {
                        problems.push((
                            Diagnostic::error(
                                "note-undefined",
                                format!("note `[^{}]` is referenced but never defined", r.label),
                            )
                            .hint(format!(
                                "add a definition `[^{}]: …` at the end of the chapter",
                                r.label
                            )),
                            r.line,
                            r.column,
                        ));
                    }
                    (Vec::new(), r.line)
                }
            };
            notes.push(Note {
                id: format!("{chapter_id}-note-{}", i + 1),
                ref_id: format!("{chapter_id}-ref-{}", i + 1),
                kind: r.kind,
                marker: r.marker.clone(),
                blocks,
                line,
            });
        }
        for label in &self.def_order {
            if let Some((_, line)) = self.defs.get(label) {
                problems.push((
                    Diagnostic::error(
                        "note-unused",
                        format!("note `[^{label}]` is defined but never referenced"),
                    )
                    .hint(format!(
                        "reference it with `[^{label}]` in the text, or delete it"
                    )),
                    *line,
                    1,
                ));
            }
        }
        (notes, problems)
    }
}

/// The label under which a generated note (an article's source note) is
/// registered; it cannot be written in Markdown.
pub const GENERATED: &str = "src-\u{0}generated";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_per_series() {
        assert_eq!(marker(NoteKind::Author, 0), "1");
        assert_eq!(marker(NoteKind::Editor, 0), "a");
        assert_eq!(marker(NoteKind::Editor, 25), "z");
        assert_eq!(marker(NoteKind::Editor, 26), "aa");
        assert_eq!(marker(NoteKind::Source, 1), "†");
        assert_eq!(marker(NoteKind::Source, 6), "**");
    }

    #[test]
    fn numbering_follows_first_reference() {
        let mut t = NoteTable::default();
        assert_eq!(t.reference("ed-x", 1, 1).0, 0);
        assert_eq!(t.reference("b", 2, 1).0, 1);
        assert_eq!(t.reference("ed-y", 3, 1).0, 2);
        assert!(t.reference("b", 4, 1).1.is_some());
        t.define("b", vec![], 9);
        t.define("ed-x", vec![], 8);
        t.define("ed-y", vec![], 10);
        t.define("unused", vec![], 11);
        let (notes, problems) = t.finish("c");
        let markers: Vec<_> = notes.iter().map(|n| n.marker.as_str()).collect();
        assert_eq!(markers, ["a", "1", "b"]);
        assert_eq!(notes[1].id, "c-note-2");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0.code, "note-unused");
    }

    #[test]
    fn note_counts_are_limited_and_reported_once() {
        let mut t = NoteTable::default();
        for i in 0..MAX_SOURCE_NOTES {
            assert!(t.reference(&format!("src-{i}"), 1, 1).1.is_none());
        }
        let (index, d) = t.reference("src-x", 2, 1);
        assert_eq!(d.map(|d| d.code), Some("too-many-notes"));
        assert_eq!(index, MAX_SOURCE_NOTES - 1);
        assert!(t.reference("src-y", 3, 1).1.is_none());
        // Author notes are still counted against the chapter's limit.
        for i in MAX_SOURCE_NOTES..MAX_NOTES {
            assert!(t.reference(&format!("{i}"), 1, 1).1.is_none());
        }
        assert_eq!(t.reference("one-more", 4, 1).0, MAX_NOTES - 1);
    }
}
