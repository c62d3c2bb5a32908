//! Sets footnotes: smaller type on its own leading, the marker hanging in
//! the left margin of the note, a link back to the reference.
//!
//! Editor's notes are set apart from the author's: their marker is italic
//! and their text is set in the sans family, so the editorial voice reads
//! as distinct at a glance; source notes use the model's symbols.

use super::blocks::Ctx;
use super::flow::NoteLines;
use super::Item;
use crate::model::{Block, Chapter, Inline, Note, NoteKind};
use crate::typeset::fonts::Family;
use crate::typeset::text::{Alignment, SourceLoc};
use crate::units::Pt;

/// Sets every note of `ch`, in the chapter's order.
pub(crate) fn set_notes(ctx: &mut Ctx, ch: &Chapter) -> Vec<NoteLines> {
    ch.notes.iter().map(|n| set_note(ctx, ch, n)).collect()
}

/// Sets one note: its blocks at the note size with a hanging indent, the
/// marker in the hang (linked back to the reference), the note's anchor on
/// its first line.
fn set_note(ctx: &mut Ctx, ch: &Chapter, note: &Note) -> NoteLines {
    let d = ctx.d;
    let hang = d.note_size * 1.6;
    let measure = d.measure - hang;
    let editor = note.kind == NoteKind::Editor;
    let mut style = d.note();
    style.lang = ch.lang;
    if editor {
        style.family = Family::Sans;
        style.size = d.note_size * 0.95;
    }
    let loc = SourceLoc {
        file: ch.file.clone(),
        line: note.line,
    };
    let mut out: NoteLines = Vec::new();
    for block in &note.blocks {
        let content = block_inlines(block);
        let lines = ctx.set(&content, &ch.notes, &style, measure, &loc);
        for line in lines {
            out.push(vec![Item::Line {
                x: hang,
                y: Pt::ZERO,
                line,
            }]);
        }
    }
    if out.is_empty() {
        out.push(Vec::new());
    }
    // The marker, right-aligned in the hang, linked back to the reference.
    let mut mstyle = d.note();
    mstyle.align = Alignment::Right;
    mstyle.hyphenate = false;
    mstyle.italic = editor;
    let marker = ctx.set(
        &[Inline::Text(note.marker.clone())],
        &[],
        &mstyle,
        hang - Pt(3.0),
        &loc,
    );
    let first = &mut out[0];
    if let Some(m) = marker.into_iter().next() {
        let w = m.width;
        first.push(Item::Link {
            x0: hang - Pt(3.0) - w - Pt(1.0),
            y0: -d.note_size,
            x1: hang - Pt(2.0),
            y1: d.note_size * 0.3,
            target: format!("#{}", note.ref_id),
        });
        first.push(Item::Line {
            x: Pt::ZERO,
            y: Pt::ZERO,
            line: m,
        });
    }
    first.push(Item::Anchor {
        id: note.id.clone(),
        y: -d.note_leading,
    });
    out
}

/// The inline content of a note block; lists and quotes inside notes are
/// flattened to runs of text.
pub(crate) fn block_inlines(block: &Block) -> Vec<Inline> {
    match block {
        Block::Paragraph(p) => p.content.clone(),
        Block::Heading { content, .. } => content.clone(),
        Block::Quote(blocks) => blocks
            .iter()
            .flat_map(|b| {
                let mut v = block_inlines(b);
                v.push(Inline::Text(" ".into()));
                v
            })
            .collect(),
        Block::List { items, .. } => items
            .iter()
            .flat_map(|item| {
                let mut v = vec![Inline::Text("• ".into())];
                for b in item {
                    v.extend(block_inlines(b));
                }
                v.push(Inline::Text(" ".into()));
                v
            })
            .collect(),
        Block::CodeBlock { text, .. } => vec![Inline::Code(text.clone())],
        _ => Vec::new(),
    }
}
