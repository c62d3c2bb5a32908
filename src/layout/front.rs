//! Display pages and the contents: half-title, title page, part titles,
//! and the contents with page numbers, dot leaders and links.
//!
//! Display pages are centred on the text block and placed on grid lines
//! counted from the top, so they too sit on the book's grid.

use super::blocks::Ctx;
use super::design::Design;
use super::flow::Slot;
use super::Item;
use crate::model::{plain_text, Book, Chapter, ChapterKind, Matter, Part, Role};
use crate::typeset::text::{Alignment, Line};
use crate::units::Pt;
use std::collections::HashMap;

/// Items of a page, x relative to the text block.
pub(crate) type Items = Vec<Item>;

/// Sets `text` centred on the text block from baseline `y`, leaving `y`
/// on the last line's baseline.
fn centred(ctx: &mut Ctx, text: &str, size: Pt, bold: bool, italic: bool, y: &mut Pt) -> Items {
    let d = ctx.d;
    let mut s = d.display(size, bold, Alignment::Center);
    s.italic = italic;
    let mut out = Vec::new();
    for line in ctx.text(text, &s, d.measure) {
        out.push(Item::Line {
            x: Pt::ZERO,
            y: *y,
            line,
        });
        *y += s.leading;
    }
    *y -= s.leading;
    out
}

/// The half-title: the book title alone, a third of the way down.
pub(crate) fn half_title(ctx: &mut Ctx, ch: &Chapter) -> Items {
    let d = ctx.d;
    let mut y = d.baseline(d.lines as i32 / 4);
    let title = ctx.book.meta.title.clone();
    let mut items = vec![Item::Anchor {
        id: ch.id.clone(),
        y: d.top,
    }];
    items.extend(centred(
        ctx,
        &title,
        d.section_size * 1.2,
        false,
        false,
        &mut y,
    ));
    items
}

/// The title page: title, subtitle, authors and editors, publisher at the
/// foot.
pub(crate) fn title_page(ctx: &mut Ctx, ch: &Chapter) -> Items {
    let d = ctx.d;
    let meta = &ctx.book.meta;
    let (title, subtitle, publisher) = (
        meta.title.clone(),
        meta.subtitle.clone(),
        meta.publisher.clone(),
    );
    let names = |role: Role| -> Vec<String> {
        meta.contributors
            .iter()
            .filter(|c| c.role == role)
            .map(|c| c.name.clone())
            .collect()
    };
    let (authors, editors, translators) = (
        names(Role::Author),
        names(Role::Editor),
        names(Role::Translator),
    );
    let mut items = vec![Item::Anchor {
        id: ch.id.clone(),
        y: d.top,
    }];
    let mut y = d.baseline(d.lines as i32 / 5);
    items.extend(centred(
        ctx,
        &title,
        d.chapter_size * 1.4,
        true,
        false,
        &mut y,
    ));
    if let Some(sub) = subtitle {
        y += d.leading * 2.0;
        items.extend(centred(ctx, &sub, d.body_size * 1.25, false, true, &mut y));
    }
    y += d.leading * 4.0;
    if !authors.is_empty() {
        items.extend(centred(
            ctx,
            &authors.join(" · "),
            d.body_size * 1.1,
            false,
            false,
            &mut y,
        ));
        y += d.leading * 1.5;
    }
    if !editors.is_empty() {
        let text = format!("Edited by {}", editors.join(" and "));
        items.extend(centred(ctx, &text, d.body_size, false, true, &mut y));
        y += d.leading * 1.5;
    }
    if !translators.is_empty() {
        let text = format!("Translated by {}", translators.join(" and "));
        items.extend(centred(ctx, &text, d.body_size, false, true, &mut y));
    }
    let mut y = d.baseline(d.lines as i32 - 1);
    items.extend(centred(ctx, &publisher, d.body_size, true, false, &mut y));
    items
}

/// A part title page: the label, then the title, a third of the way down.
pub(crate) fn part_page(ctx: &mut Ctx, part: &Part) -> Items {
    let d = ctx.d;
    let mut items = vec![Item::Anchor {
        id: part.id.clone(),
        y: d.top,
    }];
    let mut y = d.baseline(d.lines as i32 / 3);
    items.extend(centred(
        ctx,
        &part.label,
        d.body_size * 1.1,
        false,
        false,
        &mut y,
    ));
    y += d.leading * 2.0;
    let title = plain_text(&part.title);
    items.extend(centred(ctx, &title, d.chapter_size, true, false, &mut y));
    items
}

/// The grid used for the copyright page: note size on the note leading.
pub(crate) fn small_design(d: &Design) -> Design {
    let mut s = d.clone();
    s.body_size = d.note_size;
    s.leading = d.note_leading;
    s.indent = Pt::ZERO;
    let usable = d.height - d.top - d.bottom - s.body_size;
    s.lines = (usable.0 / s.leading.0).floor() as u32 + 1;
    s
}

/// The contents as a vertical list: the opening title, then parts,
/// chapters (articles with their authors) and back matter, each with its
/// page number after dot leaders, the whole entry linked to its page.
pub(crate) fn contents(ctx: &mut Ctx, ch: &Chapter, folios: &HashMap<String, String>) -> Vec<Slot> {
    let d = ctx.d;
    let book: &Book = ctx.book;
    let l = d.leading;
    let mut slots = Vec::new();
    // Opening: sink and title, as for chapters.
    let mut ts = d.display(d.chapter_size, false, Alignment::Left);
    ts.lang = ch.lang;
    let title = ctx.set(&ch.title, &[], &ts, d.measure, &Default::default());
    let mut items = vec![Item::Anchor {
        id: ch.id.clone(),
        y: -l,
    }];
    let y = l * d.chapter_sink as f32;
    for (i, line) in title.into_iter().enumerate() {
        items.push(Item::Line {
            x: Pt::ZERO,
            y: y + ts.leading * i as f32,
            line,
        });
    }
    slots.push(Slot {
        before: 0,
        height: d.chapter_sink + 3,
        items,
        notes: vec![],
        keep_next: true,
        hyphenated: false,
    });
    let mut last_part = None;
    for c in &book.chapters {
        if c.matter == Matter::Front {
            continue;
        }
        if c.part != last_part {
            if let Some(p) = c.part.and_then(|i| book.parts.get(i)) {
                let text = format!("{}: {}", p.label, plain_text(&p.title));
                let mut s = d.display(d.body_size * 0.95, true, Alignment::Left);
                s.leading = l;
                let mut part = entry(ctx, &text, None, &s, Pt::ZERO, folios.get(&p.id), &p.id, 1);
                if let Some(last) = part.last_mut() {
                    last.keep_next = true;
                }
                slots.extend(part);
            }
            last_part = c.part;
        }
        let indent = if c.part.is_some() {
            d.body_size * 1.5
        } else {
            Pt::ZERO
        };
        // A touch larger than the body: the contents is a display page.
        let mut s = d.body();
        s.size = d.body_size * 1.05;
        s.indent = Pt::ZERO;
        s.align = Alignment::Left;
        s.hyphenate = false;
        s.lang = c.lang;
        let byline =
            (c.kind == ChapterKind::Article && !c.authors.is_empty()).then(|| c.authors.join(", "));
        let before = if c.part.is_some() { 0 } else { 1 };
        slots.extend(entry(
            ctx,
            &c.toc_title,
            byline.as_deref(),
            &s,
            indent,
            folios.get(&c.id),
            &c.id,
            before,
        ));
    }
    slots
}

/// One contents entry: the title (wrapping short of the numbers), dot
/// leaders to the page number, an optional italic byline below.
#[allow(clippy::too_many_arguments)]
fn entry(
    ctx: &mut Ctx,
    title: &str,
    byline: Option<&str>,
    style: &crate::typeset::text::ParaStyle,
    indent: Pt,
    folio: Option<&String>,
    target: &str,
    before: u32,
) -> Vec<Slot> {
    let d = ctx.d;
    let num_w = d.body_size * 2.5;
    let measure = d.measure - indent - num_w - d.body_size;
    let mut lines: Vec<Line> = ctx.text(title, style, measure);
    let n_title = lines.len();
    if let Some(b) = byline {
        let mut bs = style.clone();
        bs.italic = true;
        bs.bold = false;
        bs.size = style.size * 0.9;
        lines.extend(ctx.text(b, &bs, measure));
    }
    let n = lines.len();
    let mut slots = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        let mut items = Vec::new();
        if i + 1 == n_title {
            if let Some(f) = folio {
                let mut ns = style.clone();
                ns.align = Alignment::Right;
                ns.italic = false;
                if let Some(num) = ctx.text(f, &ns, num_w).into_iter().next() {
                    let num_left = d.measure - num_w + (num_w - num.width);
                    let dots_from = indent + line.width + d.body_size * 0.6;
                    let dots_to = num_left - d.body_size * 0.6;
                    if dots_to > dots_from {
                        items.push(Item::Leader {
                            x: dots_from,
                            y: Pt::ZERO,
                            width: dots_to - dots_from,
                        });
                    }
                    items.push(Item::Line {
                        x: d.measure - num_w,
                        y: Pt::ZERO,
                        line: num,
                    });
                }
            }
        }
        if i == 0 {
            items.push(Item::Link {
                x0: indent,
                y0: -d.leading * 0.75,
                x1: d.measure,
                y1: d.leading * (n as f32 - 0.75),
                target: format!("#{target}"),
            });
        }
        items.push(Item::Line {
            x: indent,
            y: Pt::ZERO,
            line,
        });
        slots.push(Slot {
            before: if i == 0 { before } else { 0 },
            height: 1,
            items,
            notes: vec![],
            keep_next: i + 1 < n,
            hyphenated: false,
        });
    }
    slots
}
