//! Tables: column widths from the cells' natural widths, ruled header,
//! rows on whole grid lines.
//!
//! In: a table block. Out: slots, one per row.

use super::*;

impl<'a> Builder<'_, 'a> {
    /// Tables: columns sized to their content's natural width (scaled
    /// to the measure), a header in bold between rules, rows on the grid.
    pub(super) fn table(&mut self, t: &'a Table, env: Env) {
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
}
