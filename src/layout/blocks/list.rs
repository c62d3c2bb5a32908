//! Lists: numbers or bullets hung in the margin of the item text, items
//! set at the list leading and grouped to fit the grid.
//!
//! In: a list block. Out: slots.

use super::*;

impl<'a> Builder<'_, 'a> {
    /// Lists: the items' blocks indented by 1.5 em, the marker (number or
    /// bullet) right-aligned in that indent on the item's first line; a
    /// blank line before and after the list.
    pub(super) fn list(&mut self, ordered: bool, start: u64, items: &'a [Vec<Block>], env: Env) {
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
}
