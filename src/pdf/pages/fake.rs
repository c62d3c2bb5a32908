//! A stand-in text engine for the page engine's unit tests: every
//! character is half an em wide and lines break greedily at spaces, so
//! tests can predict line counts without shaping.

use super::Setter;
use crate::model::{Inline, Note};
use crate::pdf::text::{Glyph, GlyphRun, Line, LineItem, ParaStyle, SetParagraph, SourceLoc};
use crate::units::Pt;

pub struct FakeSetter;

enum Tok {
    Word(String),
    Note(usize),
}

fn tokens(inlines: &[Inline], out: &mut Vec<Tok>) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => {
                out.extend(t.split_whitespace().map(|w| Tok::Word(w.to_string())))
            }
            Inline::Lang { content, .. }
            | Inline::Emph(content)
            | Inline::Strong(content)
            | Inline::Link { content, .. }
            | Inline::Cite { content, .. } => tokens(content, out),
            Inline::NoteRef(n) => out.push(Tok::Note(*n)),
            Inline::LineBreak => {}
        }
    }
}

impl Setter for FakeSetter {
    fn set(
        &self,
        content: &[Inline],
        _notes: &[Note],
        style: &ParaStyle,
        measure: Pt,
        _loc: &SourceLoc,
    ) -> SetParagraph {
        let mut toks = Vec::new();
        tokens(content, &mut toks);
        let per_char = style.size.0 * 0.5;
        let mut lines: Vec<Line> = Vec::new();
        let mut text = String::new();
        let mut refs = Vec::new();
        let mut width = style.indent.0;
        let flush = |text: &mut String, refs: &mut Vec<usize>, lines: &mut Vec<Line>| {
            let glyphs = text
                .chars()
                .enumerate()
                .map(|(i, c)| Glyph {
                    id: 1,
                    x: Pt(i as f32 * per_char),
                    text: c.to_string(),
                })
                .collect::<Vec<_>>();
            lines.push(Line {
                width: Pt(glyphs.len() as f32 * per_char),
                ascent: style.size * 0.8,
                descent: style.size * 0.2,
                items: vec![LineItem::Glyphs(GlyphRun {
                    font: 0,
                    size: style.size,
                    x: Pt::ZERO,
                    dy: Pt::ZERO,
                    color: None,
                    glyphs,
                })],
                note_refs: std::mem::take(refs),
                links: vec![],
                anchors: vec![],
                hyphenated: false,
                last: false,
            });
            text.clear();
        };
        for t in toks {
            match t {
                Tok::Note(n) => refs.push(n),
                Tok::Word(w) => {
                    let wlen = (w.chars().count() + 1) as f32 * per_char;
                    if width + wlen > measure.0 && !text.is_empty() {
                        flush(&mut text, &mut refs, &mut lines);
                        width = 0.0;
                    }
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(&w);
                    width += wlen;
                }
            }
        }
        if !text.is_empty() || !refs.is_empty() {
            flush(&mut text, &mut refs, &mut lines);
        }
        if let Some(l) = lines.last_mut() {
            l.last = true;
        }
        SetParagraph {
            lines,
            warnings: vec![],
        }
    }
}
