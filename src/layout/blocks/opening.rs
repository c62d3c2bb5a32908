//! The chapter opening (sink, title, subtitle, byline) and section
//! headings: on the grid, kept with what follows, each with its anchor and
//! bookmark.
//!
//! In: the chapter's title fields and heading blocks. Out: slots.

use super::*;

impl<'a> Builder<'_, 'a> {
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

    /// Level 1: a blank line above, the heading half a line lower than
    /// the grid, so 2½ lines above and 1½ below it. Level 2 and deeper:
    /// a blank line above, the heading on the grid.
    pub(super) fn heading(&mut self, level: u8, id: &str, content: &[Inline], line: u32) {
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
}
