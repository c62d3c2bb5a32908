//! Running heads and folios.
//!
//! Text pages carry a running head at the head, with the folio at its
//! outer end: the book title on versos, the chapter's running head (the
//! author, for articles) on rectos. Opening pages carry only a folio,
//! centred at the foot. Blank and display pages carry nothing.

use super::blocks::Ctx;
use super::{Item, Page, PageKind};
use crate::typeset::text::Alignment;
use crate::units::Pt;

/// Adds the head and folio of `page`; `recto_head` is the text of the
/// recto running head (the verso head is always the book title).
pub(crate) fn dress(ctx: &mut Ctx, page: &mut Page, recto_head: &str) {
    let d = ctx.d;
    let left = d.left(page.recto);
    let mut folio_style = d.body();
    folio_style.size = d.body_size * 0.9;
    folio_style.indent = Pt::ZERO;
    folio_style.hyphenate = false;
    match page.kind {
        PageKind::Text => {
            let y = d.baseline(-2);
            let mut hs = folio_style.clone();
            hs.italic = true;
            hs.size = d.body_size * 0.85;
            hs.align = Alignment::Center;
            let text = if page.recto {
                recto_head
            } else {
                ctx.book.meta.title.as_str()
            };
            let room = d.measure - d.body_size * 8.0;
            if let Some(line) = ctx.text(text, &hs, room).into_iter().next() {
                page.items.push(Item::Line {
                    x: left + d.body_size * 4.0,
                    y,
                    line,
                });
            }
            folio_style.align = if page.recto {
                Alignment::Right
            } else {
                Alignment::Left
            };
            let folio = page.folio();
            if let Some(line) = ctx.text(&folio, &folio_style, d.measure).into_iter().next() {
                page.items.push(Item::Line { x: left, y, line });
            }
        }
        PageKind::Opening => {
            folio_style.align = Alignment::Center;
            let y = d.baseline(d.lines as i32 + 1);
            let folio = page.folio();
            if let Some(line) = ctx.text(&folio, &folio_style, d.measure).into_iter().next() {
                page.items.push(Item::Line { x: left, y, line });
            }
        }
        PageKind::Cover | PageKind::Blank | PageKind::Display => {}
    }
}
