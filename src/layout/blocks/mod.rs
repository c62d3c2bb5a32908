//! Turns a chapter into a vertical list of [`Slot`]s, one layout per kind
//! of block: justified paragraphs, headings on the grid, indented quotes,
//! lists with hanging markers, ruled tables, the chronology's date column,
//! the glossary's hanging terms, the sources list.
//!
//! Every slot is a whole number of grid lines. Space around headings,
//! quotes, lists and the chapter opening is counted in grid lines, so the
//! text after them is back on the grid.

use super::design::Design;
use super::flow::Slot;
use super::{Item, OutlineEntry, Setter};
use crate::diag::Diagnostic;
use crate::layout::image::prepare;
use crate::model::{
    plain_text, Block, Book, Chapter, ChapterKind, Figure, GlossaryEntry, Inline, Note, Source,
    Table, TimelineEntry,
};
use crate::typeset::fonts::Family;
use crate::typeset::text::{Alignment, Line, ParaStyle, SourceLoc};
use crate::units::Pt;
use std::sync::Arc;

mod data;
mod figure;
mod list;
mod opening;
mod table;

/// What every stage of the page engine needs.
pub(crate) struct Ctx<'a> {
    pub d: &'a Design,
    pub setter: &'a dyn Setter,
    pub book: &'a Book,
    pub warnings: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// Sets a paragraph, collecting the engine's warnings.
    pub fn set(
        &mut self,
        content: &[Inline],
        notes: &[Note],
        style: &ParaStyle,
        measure: Pt,
        loc: &SourceLoc,
    ) -> Vec<Line> {
        let sp = self.setter.set(content, notes, style, measure, loc);
        self.warnings.extend(sp.warnings);
        sp.lines
    }

    /// Sets generated text (titles, heads, folios) into lines.
    pub fn text(&mut self, text: &str, style: &ParaStyle, measure: Pt) -> Vec<Line> {
        self.set(
            &[Inline::Text(text.to_string())],
            &[],
            style,
            measure,
            &SourceLoc::default(),
        )
    }
}

/// Where blocks are set: an x offset inside the text block and a measure.
#[derive(Debug, Clone, Copy)]
struct Env {
    x: Pt,
    measure: Pt,
    size: Pt,
}

/// Builds the vertical list of one chapter.
pub(crate) struct Builder<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    ch: &'a Chapter,
    pub slots: Vec<Slot>,
    /// Blank lines owed before the next slot.
    pending: u32,
    /// Bookmarks for the chapter's sections.
    pub outline: Vec<OutlineEntry>,
    /// Outline depth of the chapter itself.
    level: u8,
    /// Set paragraphs ragged right with a blank line between them (the
    /// copyright page), instead of justified and indented.
    pub spaced: bool,
    /// The top-level block being laid out (its index and the block); each
    /// slot marks it ([`Item::Start`]).
    block: usize,
    top: Option<&'a Block>,
}

impl<'c, 'a> Builder<'c, 'a> {
    pub fn new(ctx: &'c mut Ctx<'a>, ch: &'a Chapter, level: u8) -> Self {
        Builder {
            ctx,
            ch,
            slots: Vec::new(),
            pending: 0,
            outline: Vec::new(),
            level,
            spaced: false,
            block: 0,
            top: None,
        }
    }

    fn loc(&self, line: u32) -> SourceLoc {
        SourceLoc {
            file: self.ch.file.clone(),
            line,
        }
    }

    fn body_env(&self) -> Env {
        Env {
            x: Pt::ZERO,
            measure: self.ctx.d.measure,
            size: self.ctx.d.body_size,
        }
    }

    fn style(&self, env: Env) -> ParaStyle {
        let mut s = self.ctx.d.body();
        s.size = env.size;
        s.lang = self.ch.lang;
        s
    }

    /// Adds a slot, paying the blank lines owed before it.
    fn push(&mut self, mut slot: Slot) {
        slot.before = slot.before.max(self.pending);
        self.pending = 0;
        slot.items.push(Item::Start {
            block: self.block,
            offset: 0,
        });
        self.slots.push(slot);
    }

    /// Adds set lines one per grid line at `x`, with widow and orphan
    /// keeps; the first carries `anchor` and extra `items` (markers).
    fn push_lines(&mut self, lines: Vec<Line>, x: Pt, before: u32, extra: Vec<Item>) {
        let n = lines.len();
        let mut extra = Some(extra);
        for (i, line) in lines.into_iter().enumerate() {
            let mut items = extra.take().unwrap_or_default();
            let notes = line.note_refs.clone();
            let hyphenated = line.hyphenated;
            items.push(Item::Line {
                x,
                y: Pt::ZERO,
                line,
            });
            self.push(Slot {
                before: if i == 0 { before } else { 0 },
                height: 1,
                items,
                notes,
                keep_next: n >= 2 && (i == 0 || i + 2 == n),
                hyphenated,
            });
        }
    }

    /// Lays out every block of the chapter.
    pub fn blocks(&mut self, blocks: &'a [Block]) {
        let env = self.body_env();
        for (i, b) in blocks.iter().enumerate() {
            (self.block, self.top) = (i, Some(b));
            self.block(b, env, false);
        }
        self.top = None;
    }

    /// Lays out one block in `env`: dispatches on its kind. Blocks inside
    /// lists are set without first-line indent.
    fn block(&mut self, b: &'a Block, env: Env, in_list: bool) {
        match b {
            Block::Paragraph(p) => {
                let mut s = self.style(env);
                if p.first || in_list || self.spaced {
                    s.indent = Pt::ZERO;
                }
                if self.spaced {
                    s.align = Alignment::Left;
                }
                let lines = self.ctx.set(
                    &p.content,
                    &self.ch.notes,
                    &s,
                    env.measure,
                    &self.loc(p.line),
                );
                let before = u32::from(self.spaced && !self.slots.is_empty());
                // Each line of a top-level paragraph marks where its text
                // starts.
                let top = self.top.is_some_and(|t| std::ptr::eq(t, b));
                let offsets = if top {
                    super::start::line_offsets(&plain_text(&p.content), &lines)
                } else {
                    Vec::new()
                };
                let first = self.slots.len();
                self.push_lines(lines, env.x, before, Vec::new());
                for (slot, &at) in self.slots[first..].iter_mut().zip(&offsets) {
                    for it in &mut slot.items {
                        if let Item::Start { offset, .. } = it {
                            *offset = at;
                        }
                    }
                }
            }
            Block::Heading {
                level,
                id,
                content,
                line,
            } => self.heading(*level, id, content, *line),
            Block::Quote(blocks) => {
                let inset = env.size * 1.5;
                let inner = Env {
                    x: env.x + inset,
                    measure: env.measure - inset * 2.0,
                    size: env.size * 0.95,
                };
                self.pending = self.pending.max(1);
                for b in blocks {
                    self.block(b, inner, in_list);
                }
                self.pending = 1;
            }
            Block::List {
                ordered,
                start,
                items,
            } => self.list(*ordered, *start, items, env),
            Block::Table(t) => self.table(t, env),
            Block::Rule => {
                let d = self.ctx.d;
                let w = d.measure * 0.25;
                self.push(Slot {
                    before: 0,
                    height: 2,
                    items: vec![Item::Rule {
                        x: (d.measure - w) / 2.0,
                        y: d.leading * 0.5 - d.body_size * 0.3,
                        width: w,
                        thickness: Pt(0.5),
                    }],
                    notes: vec![],
                    keep_next: false,
                    hyphenated: false,
                });
            }
            Block::Figure(f) => self.figure(f, env),
            Block::Timeline(entries) => self.timeline(entries),
            Block::Glossary(entries) => self.glossary(entries),
            Block::Bibliography => self.bibliography(&self.ctx.book.sources),
            Block::CodeBlock { text, line } => {
                let mut s = self.style(env);
                s.family = Family::Sans;
                s.size = env.size * 0.9;
                s.indent = Pt::ZERO;
                s.align = Alignment::Left;
                s.hyphenate = false;
                self.pending = self.pending.max(1);
                for (i, l) in text.lines().enumerate() {
                    let lines = self.ctx.set(
                        &[Inline::Code(l.to_string())],
                        &[],
                        &s,
                        env.measure - env.size,
                        &self.loc(line + 1 + i as u32),
                    );
                    // A blank line of code keeps its grid line.
                    let items: Vec<Vec<Item>> = if lines.is_empty() {
                        vec![Vec::new()]
                    } else {
                        lines
                            .into_iter()
                            .map(|ln| {
                                vec![Item::Line {
                                    x: env.x + env.size,
                                    y: Pt::ZERO,
                                    line: ln,
                                }]
                            })
                            .collect()
                    };
                    for items in items {
                        self.push(Slot {
                            before: 0,
                            height: 1,
                            items,
                            notes: vec![],
                            keep_next: false,
                            hyphenated: false,
                        });
                    }
                }
                self.pending = 1;
            }
        }
    }
}

fn header_row(t: &Table) -> bool {
    !t.header.is_empty()
}

/// How a list set at `leading` sits on a grid of `grid`: `per` lines in
/// `lines` grid lines, the group (of up to four grid lines) that wastes
/// the least space per line; one line per grid line when the list's
/// leading is not the tighter.
fn list_groups(grid: Pt, leading: Pt) -> (usize, u32) {
    if leading.0 <= 0.0 || leading >= grid {
        return (1, 1);
    }
    let mut best = (1, 1, grid.0 - leading.0);
    for lines in 2..=4u32 {
        let per = ((grid.0 * lines as f32 + 1e-3) / leading.0).floor() as usize;
        let waste = (grid.0 * lines as f32 - leading.0 * per as f32) / per as f32;
        if waste < best.2 - 1e-3 {
            best = (per, lines, waste);
        }
    }
    (best.0, best.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_lines_fill_the_grid() {
        assert_eq!(list_groups(Pt(14.0), Pt(10.5)), (4, 3));
        assert_eq!(list_groups(Pt(14.0), Pt(11.2)), (5, 4));
        assert_eq!(list_groups(Pt(14.0), Pt(14.0)), (1, 1));
        assert_eq!(list_groups(Pt(12.0), Pt(16.0)), (1, 1));
    }
}
