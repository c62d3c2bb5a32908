//! Flattens a paragraph's inline tree into one string with attribute runs:
//! font, size, language, kind (text, code, note marker) and link. Later
//! stages work on byte ranges of that string.

use crate::model::{Inline, Lang, Note};
use crate::typeset::fonts::font_index;
use crate::typeset::fonts::{Family, Style};
use crate::units::Em;

use super::ParaStyle;

/// What a run of text is, which decides how it may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Text,
    /// Inline code: never hyphenated.
    Code,
    /// A note marker: raised, smaller, never separated from the word before.
    Marker,
    /// A forced line break (`\n` in the text).
    Break,
}

/// A byte range of the flat text with uniform attributes.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    /// Requested font, index into `crate::typeset::fonts::ALL`.
    pub font: usize,
    /// Size relative to the paragraph's size.
    pub scale: f32,
    /// Baseline shift at the paragraph's size, up.
    pub rise: Em,
    pub lang: Lang,
    pub kind: RunKind,
    /// Index into [`Flat::links`].
    pub link: Option<u16>,
}

/// A paragraph as one string plus attribute runs.
#[derive(Debug, Default)]
pub struct Flat {
    pub text: String,
    pub runs: Vec<Run>,
    pub links: Vec<String>,
    /// (byte offset, note index) of each note reference.
    pub note_refs: Vec<(usize, usize)>,
    /// (byte offset, anchor id) of each anchor.
    pub anchors: Vec<(usize, String)>,
}

#[derive(Clone, Copy)]
struct Ctx {
    family: Family,
    bold: bool,
    italic: bool,
    lang: Lang,
    link: Option<u16>,
}

/// Flattens `content` with the paragraph's base style.
pub fn flatten(content: &[Inline], notes: &[Note], style: &ParaStyle) -> Flat {
    let mut flat = Flat::default();
    let ctx = Ctx {
        family: style.family,
        bold: style.bold,
        italic: style.italic,
        lang: style.lang,
        link: None,
    };
    walk(content, notes, ctx, &mut flat);
    flat
}

fn push(flat: &mut Flat, text: &str, ctx: Ctx, kind: RunKind, scale: f32, rise: Em) {
    if text.is_empty() {
        return;
    }
    let font = font_index(
        ctx.family,
        Style {
            bold: ctx.bold,
            italic: ctx.italic,
        },
    );
    let start = flat.text.len();
    flat.text.push_str(text);
    let end = flat.text.len();
    if let Some(last) = flat.runs.last_mut() {
        if last.end == start
            && last.font == font
            && last.kind == kind
            && last.lang == ctx.lang
            && last.link == ctx.link
            && last.scale == scale
            && last.rise == rise
        {
            last.end = end;
            return;
        }
    }
    flat.runs.push(Run {
        start,
        end,
        font,
        scale,
        rise,
        lang: ctx.lang,
        kind,
        link: ctx.link,
    });
}

fn add_link(flat: &mut Flat, target: String) -> Option<u16> {
    if let Some(i) = flat.links.iter().position(|l| *l == target) {
        return Some(i as u16);
    }
    flat.links.push(target);
    Some((flat.links.len() - 1) as u16)
}

fn walk(inlines: &[Inline], notes: &[Note], ctx: Ctx, flat: &mut Flat) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => push(flat, t, ctx, RunKind::Text, 1.0, Em::ZERO),
            Inline::Lang { lang, content } => {
                walk(content, notes, Ctx { lang: *lang, ..ctx }, flat)
            }
            Inline::Emph(c) => walk(
                c,
                notes,
                Ctx {
                    italic: !ctx.italic,
                    ..ctx
                },
                flat,
            ),
            Inline::Strong(c) => walk(c, notes, Ctx { bold: true, ..ctx }, flat),
            Inline::Link { url, content } => {
                let link = add_link(flat, url.clone());
                walk(content, notes, Ctx { link, ..ctx }, flat);
            }
            Inline::Cite { source, content } => {
                let link = add_link(flat, format!("#src-{source}"));
                walk(content, notes, Ctx { link, ..ctx }, flat);
            }
            Inline::NoteRef(i) => {
                let Some(note) = notes.get(*i) else { continue };
                let pos = flat.text.len();
                flat.note_refs.push((pos, *i));
                flat.anchors.push((pos, note.ref_id.clone()));
                let link = add_link(flat, format!("#{}", note.id));
                let c = Ctx {
                    bold: false,
                    italic: false,
                    link,
                    ..ctx
                };
                push(flat, &note.marker, c, RunKind::Marker, 0.65, Em(0.36));
            }
            Inline::Code(t) => {
                let c = Ctx {
                    family: Family::Sans,
                    ..ctx
                };
                push(flat, t, c, RunKind::Code, 0.9, Em::ZERO);
            }
            Inline::LineBreak => push(flat, "\n", ctx, RunKind::Break, 1.0, Em::ZERO),
        }
    }
}

/// The run that holds byte `pos` (the last run past the end).
pub fn run_at(runs: &[Run], pos: usize) -> &Run {
    let i = runs.partition_point(|r| r.end <= pos);
    &runs[i.min(runs.len() - 1)]
}
