//! The data chapters: the chronology's date column, the glossary's hanging
//! terms and the sources list, each entry as a hanging paragraph.
//!
//! In: timeline entries, glossary entries, the model's source entries.
//! Out: slots.

use super::*;

impl<'a> Builder<'_, 'a> {
    /// The chronology: each event's date in a narrow sans column, its text
    /// ragged beside it, a blank line between events.
    pub(super) fn timeline(&mut self, entries: &'a [TimelineEntry]) {
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
    pub(super) fn glossary(&mut self, entries: &'a [GlossaryEntry]) {
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
    pub(super) fn bibliography(&mut self, sources: &'a [Source]) {
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
    pub(super) fn hanging(&mut self, content: &[Inline], s: &ParaStyle, anchor: &str, before: u32) {
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
