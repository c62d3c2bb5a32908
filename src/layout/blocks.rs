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

    /// The chapter opening: sink, title, subtitle, byline, then two blank
    /// lines; kept with the first lines of text.
    pub fn opening(&mut self) {
        let d = self.ctx.d;
        let ch = self.ch;
        let l = d.leading;
        let mut items = vec![Item::Anchor {
            id: ch.id.clone(),
            y: -l,
        }];
        let mut notes = Vec::new();
        let mut y = l * d.chapter_sink as f32;
        let mut title = d.display(d.chapter_size, false, Alignment::Left);
        title.lang = ch.lang;
        let lines = self
            .ctx
            .set(&ch.title, &ch.notes, &title, d.measure, &self.loc(0));
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            notes.extend(line.note_refs.iter().copied());
            items.push(Item::Line {
                x: Pt::ZERO,
                y,
                line,
            });
            if i + 1 < n {
                y += title.leading;
            }
        }
        if let Some(sub) = &ch.subtitle {
            let mut s = d.body();
            s.size = d.body_size * 1.1;
            s.italic = true;
            s.align = Alignment::Left;
            s.hyphenate = false;
            s.lang = ch.lang;
            y += l * 1.5;
            for line in self.ctx.set(sub, &ch.notes, &s, d.measure, &self.loc(0)) {
                notes.extend(line.note_refs.iter().copied());
                items.push(Item::Line {
                    x: Pt::ZERO,
                    y,
                    line,
                });
                y += l;
            }
            y -= l;
        }
        let mut byline = Vec::new();
        if !ch.authors.is_empty() && ch.kind == ChapterKind::Article {
            byline.push(ch.authors.join(", "));
        }
        if let Some(t) = &ch.translator {
            byline.push(format!("Translated by {t}"));
        }
        if let (Some(date), ChapterKind::Article) = (ch.date, ch.kind) {
            byline.push(date.long());
        }
        if !byline.is_empty() {
            y += l * 1.5;
            let s = d.display(d.body_size, false, Alignment::Left);
            for (i, text) in byline.iter().enumerate() {
                let mut s = s.clone();
                if i > 0 {
                    s.size = d.body_size * 0.9;
                }
                for line in self.ctx.text(text, &s, d.measure) {
                    items.push(Item::Line {
                        x: Pt::ZERO,
                        y,
                        line,
                    });
                    y += l;
                }
            }
            y -= l;
        }
        // Text resumes on the grid, at least two and a half lines below.
        let height = ((y + l * 2.5).0 / l.0).ceil() as u32;
        self.push(Slot {
            before: 0,
            height,
            items,
            notes,
            keep_next: true,
            hyphenated: false,
        });
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

    /// Figures, one slot kept on one page, a blank line above and below.
    /// The image is centred at its natural size (1 px = 0.75 pt, a CSS
    /// pixel, as the EPUB shows it), scaled down to the measure and to
    /// 60 % of the text block; its height is then trimmed to whole grid
    /// lines so that its top meets the cap height of its first line and
    /// its bottom the baseline of its last. The caption follows on the
    /// next grid line, in the note size and italic, centred. An image the
    /// PDF cannot embed is reported and its caption (or alt text) stands
    /// alone.
    fn figure(&mut self, f: &'a Figure, env: Env) {
        let d = self.ctx.d;
        let l = d.leading;
        let mut items = Vec::new();
        // Baselines of the caption's first line and of the figure's last,
        // from the slot's first.
        let mut caption_y = Pt::ZERO;
        let mut last = Pt::ZERO;
        let image = match prepare(&f.data, f.media_type) {
            Ok(image) => Some(image),
            Err(e) => {
                self.ctx.warnings.push(
                    Diagnostic::warning(
                        "pdf-figure",
                        format!("the PDF leaves out figure `{}`: {e}", f.src.display()),
                    )
                    .at(self.ch.file.clone().unwrap_or_default(), f.line, 0)
                    .hint("save the image as a PNG or a baseline JPEG"),
                );
                None
            }
        };
        if let Some(image) = image {
            let cap = d.body_size * 0.7;
            let block = l * (d.lines - 1) as f32 + d.body_size;
            let (pw, ph) = (image.width as f32 * 0.75, image.height as f32 * 0.75);
            let scale = (env.measure.0 / pw).min(block.0 * 0.6 / ph).min(1.0);
            let (mut w, mut h) = (Pt(pw * scale), Pt(ph * scale));
            let n = ((h - cap).0 / l.0).floor().max(0.0) as u32 + 1;
            if h > cap {
                let fitted = cap + l * (n - 1) as f32;
                w = w * (fitted / h);
                h = fitted;
            }
            items.push(Item::Image {
                x: env.x + (env.measure - w) / 2.0,
                y: l * (n - 1) as f32 - h,
                width: w,
                height: h,
                image: Arc::new(image),
            });
            last = l * (n - 1) as f32;
            caption_y = last + l;
        }
        let mut caption = f.caption.clone();
        if caption.is_empty() && items.is_empty() {
            caption.push(Inline::Text(f.alt.clone()));
        }
        let mut s = d.note();
        s.italic = true;
        s.align = Alignment::Center;
        s.hyphenate = false;
        s.lang = self.ch.lang;
        let lines = if caption.is_empty() {
            Vec::new()
        } else {
            self.ctx
                .set(&caption, &self.ch.notes, &s, env.measure, &self.loc(f.line))
        };
        let mut notes = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            last = caption_y + s.leading * i as f32;
            notes.extend(line.note_refs.iter().copied());
            items.push(Item::Line {
                x: env.x,
                y: last,
                line,
            });
        }
        if items.is_empty() {
            return;
        }
        let height = ((last.0 / l.0) - 1e-3).ceil().max(0.0) as u32 + 1;
        self.pending = self.pending.max(1);
        self.push(Slot {
            before: 1,
            height,
            items,
            notes,
            keep_next: false,
            hyphenated: false,
        });
        self.pending = 1;
    }

    /// Level 1: a blank line above, the heading half a line lower than
    /// the grid, so 2½ lines above and 1½ below it. Level 2 and deeper:
    /// a blank line above, the heading on the grid.
    fn heading(&mut self, level: u8, id: &str, content: &[Inline], line: u32) {
        let d = self.ctx.d;
        let l = d.leading;
        let (size, offset, extra) = if level <= 1 {
            (d.section_size, l * 0.5, 1)
        } else {
            (d.subsection_size, Pt::ZERO, 0)
        };
        let mut s = d.display(size, true, Alignment::Left);
        s.leading = l;
        s.lang = self.ch.lang;
        let lines = self
            .ctx
            .set(content, &self.ch.notes, &s, d.measure, &self.loc(line));
        let n = lines.len().max(1) as u32;
        let mut items = vec![Item::Anchor {
            id: id.to_string(),
            y: -l,
        }];
        let mut notes = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            notes.extend(line.note_refs.iter().copied());
            items.push(Item::Line {
                x: Pt::ZERO,
                y: offset + l * i as f32,
                line,
            });
        }
        self.outline.push(OutlineEntry {
            level: self.level + level,
            title: plain_text(content),
            anchor: id.to_string(),
        });
        // No blank line is owed at the top of the chapter's text.
        let first = self.slots.len() <= 1;
        self.push(Slot {
            before: if first { 0 } else { 1 },
            height: n + extra,
            items,
            notes,
            keep_next: true,
            hyphenated: false,
        });
    }

    /// Lists: the items' blocks indented by 1.5 em, the marker (number or
    /// bullet) right-aligned in that indent on the item's first line; a
    /// blank line before and after the list.
    fn list(&mut self, ordered: bool, start: u64, items: &'a [Vec<Block>], env: Env) {
        let hang = env.size * 1.5;
        let inner = Env {
            x: env.x + hang,
            measure: env.measure - hang,
            size: env.size,
        };
        self.pending = self.pending.max(1);
        for (i, item) in items.iter().enumerate() {
            let marker = if ordered {
                format!("{}.", start + i as u64)
            } else {
                "•".to_string()
            };
            let mut ms = self.style(env);
            ms.indent = Pt::ZERO;
            ms.align = Alignment::Right;
            ms.hyphenate = false;
            let m = self.ctx.text(&marker, &ms, hang - env.size * 0.4);
            let at = self.slots.len();
            for b in item {
                self.block(b, inner, true);
            }
            if let (Some(mline), Some(slot)) = (m.into_iter().next(), self.slots.get_mut(at)) {
                slot.items.push(Item::Line {
                    x: env.x,
                    y: Pt::ZERO,
                    line: mline,
                });
            }
        }
        self.pending = 1;
    }

    /// Tables: columns sized to their content's natural width (scaled
    /// to the measure), a header in bold between rules, rows on the grid.
    fn table(&mut self, t: &'a Table, env: Env) {
        let d = self.ctx.d;
        let cols = t
            .header
            .len()
            .max(t.rows.iter().map(|r| r.len()).max().unwrap_or(0));
        if cols == 0 {
            return;
        }
        let gap = env.size;
        let mut s = self.style(env);
        s.size = env.size * 0.9;
        s.indent = Pt::ZERO;
        s.align = Alignment::Left;
        let mut natural = vec![Pt(env.size.0 * 2.0); cols];
        let wide = Pt(10_000.0);
        for row in std::iter::once(&t.header).chain(&t.rows) {
            for (c, cell) in row.iter().enumerate() {
                for l in self
                    .ctx
                    .set(cell, &self.ch.notes, &s, wide, &self.loc(t.line))
                {
                    natural[c] = natural[c].max(l.width);
                }
            }
        }
        let avail = env.measure - gap * (cols - 1) as f32;
        let total: Pt = natural.iter().copied().sum();
        let widths: Vec<Pt> = if total <= avail {
            natural
        } else {
            // Give each column at least a fair share, the rest by width.
            let fair = avail / cols as f32 * 0.5;
            let extra = avail - fair * cols as f32;
            natural
                .iter()
                .map(|&w| fair + extra * (w / total))
                .collect()
        };
        let mut xs = Vec::with_capacity(cols);
        let mut x = env.x;
        for w in &widths {
            xs.push(x);
            x += *w + gap;
        }
        let table_w = x - gap - env.x;
        self.pending = self.pending.max(1);
        let rows: Vec<(bool, &Vec<Vec<Inline>>)> = std::iter::once((true, &t.header))
            .filter(|(_, h)| !h.is_empty())
            .chain(t.rows.iter().map(|r| (false, r)))
            .collect();
        let nrows = rows.len();
        for (ri, (header, row)) in rows.into_iter().enumerate() {
            let mut cs = s.clone();
            cs.bold = header;
            let mut cells: Vec<Vec<Line>> = Vec::new();
            for (c, cell) in row.iter().enumerate() {
                let mut cs = cs.clone();
                cs.align = match t.align.get(c) {
                    Some(crate::model::Align::Right) => Alignment::Right,
                    Some(crate::model::Align::Center) => Alignment::Center,
                    _ => Alignment::Left,
                };
                cells.push(
                    self.ctx
                        .set(cell, &self.ch.notes, &cs, widths[c], &self.loc(t.line)),
                );
            }
            let h = cells.iter().map(|c| c.len()).max().unwrap_or(1).max(1);
            for li in 0..h {
                let mut items = Vec::new();
                let mut notes = Vec::new();
                for (c, lines) in cells.iter_mut().enumerate() {
                    if li < lines.len() {
                        let line = std::mem::replace(
                            &mut lines[li],
                            Line {
                                width: Pt::ZERO,
                                ascent: Pt::ZERO,
                                descent: Pt::ZERO,
                                items: vec![],
                                note_refs: vec![],
                                links: vec![],
                                anchors: vec![],
                                hyphenated: false,
                                last: true,
                            },
                        );
                        notes.extend(line.note_refs.iter().copied());
                        items.push(Item::Line {
                            x: xs[c],
                            y: Pt::ZERO,
                            line,
                        });
                    }
                }
                let rule_y = -d.leading + d.body_size * 0.35;
                if (ri == 0 && li == 0) || (ri == 1 && li == 0 && header_row(t)) {
                    items.push(Item::Rule {
                        x: env.x,
                        y: rule_y,
                        width: table_w,
                        thickness: Pt(if ri == 0 { 0.6 } else { 0.35 }),
                    });
                }
                if ri + 1 == nrows && li + 1 == h {
                    items.push(Item::Rule {
                        x: env.x,
                        y: rule_y + d.leading,
                        width: table_w,
                        thickness: Pt(0.6),
                    });
                }
                self.push(Slot {
                    before: 0,
                    height: 1,
                    items,
                    notes,
                    // Keep a row together, and the header with a row.
                    keep_next: li + 1 < h || (header && header_row(t)),
                    hyphenated: false,
                });
            }
        }
        self.pending = 1;
    }

    /// The chronology: each event's date in a narrow sans column, its text
    /// ragged beside it, a blank line between events.
    fn timeline(&mut self, entries: &'a [TimelineEntry]) {
        let d = self.ctx.d;
        let col = (d.measure * 0.27).max(Pt(60.0));
        let gap = d.body_size;
        let mut ds = d.display(d.body_size * 0.85, true, Alignment::Left);
        ds.leading = d.leading;
        let mut ts = self.style(self.body_env());
        ts.size = d.body_size * 0.95;
        ts.indent = Pt::ZERO;
        ts.align = Alignment::Left;
        for e in entries {
            let dates = self.ctx.text(&e.label, &ds, col);
            let text = self.ctx.set(
                &e.text,
                &self.ch.notes,
                &ts,
                d.measure - col - gap,
                &self.loc(0),
            );
            let mut extra: Vec<Item> = vec![Item::Anchor {
                id: e.id.clone(),
                y: -d.leading,
            }];
            let n_text = text.len();
            let mut dates = dates.into_iter();
            let first_slot = self.slots.len();
            self.push_lines(text, col + gap, 1, std::mem::take(&mut extra));
            // Put date lines beside the first text lines, adding lines if
            // the date is the taller.
            for (i, dl) in dates.by_ref().enumerate() {
                let item = Item::Line {
                    x: Pt::ZERO,
                    y: Pt::ZERO,
                    line: dl,
                };
                if i < n_text {
                    self.slots[first_slot + i].items.push(item);
                } else {
                    if let Some(prev) = self.slots.last_mut() {
                        prev.keep_next = true;
                    }
                    self.push(Slot {
                        before: 0,
                        height: 1,
                        items: vec![item],
                        notes: vec![],
                        keep_next: false,
                        hyphenated: false,
                    });
                }
            }
        }
    }

    /// The glossary: the term in bold, the definition run in after it,
    /// later lines hanging by one em.
    fn glossary(&mut self, entries: &'a [GlossaryEntry]) {
        let d = self.ctx.d;
        let mut s = self.style(self.body_env());
        s.size = d.body_size * 0.95;
        s.indent = Pt::ZERO;
        s.align = Alignment::Left;
        for (i, e) in entries.iter().enumerate() {
            let mut content = vec![
                Inline::Strong(e.term.clone()),
                Inline::Text("\u{2003}".into()),
            ];
            content.extend(e.definition.iter().cloned());
            self.hanging(&content, &s, &e.id, if i == 0 { 1 } else { 0 });
        }
    }

    /// The Sources list: each entry as the model words it, ragged right
    /// with a hanging indent, at the notes' size and leading, with no
    /// space between entries, so the whole list keeps one leading. Its
    /// lines are grouped into slots that start on the grid and fill it
    /// exactly where the two leadings allow (at 8/10.5 on a 14 pt grid,
    /// four lines in three grid lines): page tops stay on the grid and a
    /// page may turn between any two groups.
    fn bibliography(&mut self, sources: &'a [Source]) {
        let d = self.ctx.d;
        let mut s = d.note();
        s.align = Alignment::Left;
        s.lang = self.ch.lang;
        let hang = s.size * 1.5;
        let (per, grid) = list_groups(d.leading, s.leading);
        let leading = if per == 1 { d.leading } else { s.leading };
        let mut rows: Vec<(Pt, Option<String>, Line)> = Vec::new();
        for src in sources {
            let lines = self.ctx.set(
                &src.entry,
                &self.ch.notes,
                &s,
                d.measure - hang,
                &self.loc(0),
            );
            for (i, line) in lines.into_iter().enumerate() {
                let (x, anchor) = if i == 0 {
                    (Pt::ZERO, Some(src.anchor()))
                } else {
                    (hang, None)
                };
                rows.push((x, anchor, line));
            }
        }
        let mut rows = rows.into_iter().peekable();
        let mut first = true;
        while rows.peek().is_some() {
            let mut items = Vec::new();
            let mut notes = Vec::new();
            let mut hyphenated = false;
            for (i, (x, anchor, line)) in rows.by_ref().take(per).enumerate() {
                let y = leading * i as f32;
                if let Some(id) = anchor {
                    items.push(Item::Anchor {
                        id,
                        y: y - d.leading,
                    });
                }
                notes.extend(line.note_refs.iter().copied());
                hyphenated = line.hyphenated;
                items.push(Item::Line { x, y, line });
            }
            self.push(Slot {
                before: u32::from(first),
                height: grid,
                items,
                notes,
                keep_next: false,
                hyphenated,
            });
            first = false;
        }
    }

    /// Sets `content` with the first line full and the rest hanging by
    /// 1.5 em, ragged right.
    fn hanging(&mut self, content: &[Inline], s: &ParaStyle, anchor: &str, before: u32) {
        let d = self.ctx.d;
        let hang = s.size * 1.5;
        let lines = self
            .ctx
            .set(content, &self.ch.notes, s, d.measure - hang, &self.loc(0));
        let start = self.slots.len();
        self.push_lines(
            lines,
            hang,
            before,
            vec![Item::Anchor {
                id: anchor.to_string(),
                y: -d.leading,
            }],
        );
        if let Some(Item::Line { x, .. }) = self.slots.get_mut(start).and_then(|s| {
            s.items
                .iter_mut()
                .find(|it| matches!(it, Item::Line { .. }))
        }) {
            *x = Pt::ZERO;
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
