//! Runs the page engine over a whole book.
//!
//! The body is laid out first: its arabic folios start at 1 on a recto
//! whatever the front matter holds, so the contents can then be set with
//! the real page numbers, and the front matter (roman) is laid out last.
//! In the print profile every chapter, part title and the contents start
//! on a recto, after a blank verso when needed; the screen profile never
//! adds blank pages and may open with a cover page.
//!
//! Body chapters are independent (each opens on a new page and keeps its
//! notes), so a big book lays them out on all cores; pages are then
//! numbered and dressed in order, one thread.

use super::blocks::{Builder, Ctx};
use super::chrome;
use super::design::Design;
use super::flow::{flow, shift, FlowPage};
use super::front;
use super::notes::set_notes;
use super::{Item, Layout, Numbering, OutlineEntry, Page, PageKind, PageStart, Setter};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{plain_text, Book, Chapter, ChapterKind, Matter};
use crate::units::Pt;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A page under construction, with the recto head it will carry.
struct Draft {
    kind: PageKind,
    items: Vec<Item>,
    head: String,
    /// The chapter whose text the page carries.
    chapter: Option<String>,
}

/// A run of pages numbered together (the front or the body).
struct Run {
    print: bool,
    pages: Vec<Draft>,
}

impl Run {
    /// Whether the next page would be a recto.
    fn next_is_recto(&self) -> bool {
        self.pages.len().is_multiple_of(2)
    }

    /// In print, adds a blank verso so the next page is a recto.
    fn open_recto(&mut self) {
        if self.print && !self.next_is_recto() {
            self.pages.push(Draft {
                kind: PageKind::Blank,
                items: Vec::new(),
                head: String::new(),
                chapter: None,
            });
        }
    }

    /// Adds flowed pages: the first as `first`, the rest as text pages.
    fn add_flow(&mut self, pages: Vec<FlowPage>, first: PageKind, head: &str, chapter: &str) {
        for (i, p) in pages.into_iter().enumerate() {
            self.pages.push(Draft {
                kind: if i == 0 { first } else { PageKind::Text },
                items: p.items,
                head: head.to_string(),
                chapter: Some(chapter.to_string()),
            });
        }
    }

    fn add(&mut self, kind: PageKind, items: Vec<Item>) {
        self.pages.push(Draft {
            kind,
            items,
            head: String::new(),
            chapter: None,
        });
    }
}

/// Lays out `book`: the pages and the bookmarks; the text engine's
/// warnings go to `diags`. With `cover`, the screen profile opens with an
/// empty [`PageKind::Cover`] page for the cover writer to fill.
pub fn layout(
    book: &Book,
    design: &Design,
    setter: &dyn Setter,
    cover: bool,
    diags: &mut Diagnostics,
) -> Layout {
    let mut ctx = Ctx {
        d: design,
        setter,
        book,
        warnings: Vec::new(),
    };
    let print = !design.screen();
    let mut outline = Vec::new();

    // The body and the back matter.
    let mut body = Run {
        print,
        pages: Vec::new(),
    };
    let mut last_part = None;
    let body_chapters: Vec<&Chapter> = book
        .chapters
        .iter()
        .filter(|c| c.matter != Matter::Front)
        .collect();
    let laid_out = chapters(&ctx, &body_chapters);
    for (ch, (pages, sections, warnings)) in body_chapters.into_iter().zip(laid_out) {
        if ch.part != last_part {
            if let Some(p) = ch.part.and_then(|i| book.parts.get(i)) {
                body.open_recto();
                outline.push(OutlineEntry {
                    level: 0,
                    title: format!("{}: {}", p.label, plain_text(&p.title)),
                    anchor: p.id.clone(),
                });
                let items = front::part_page(&mut ctx, p);
                body.add(PageKind::Display, items);
            }
            last_part = ch.part;
        }
        body.open_recto();
        let level = u8::from(ch.part.is_some());
        outline.push(OutlineEntry {
            level,
            title: ch.toc_title.clone(),
            anchor: ch.id.clone(),
        });
        ctx.warnings.extend(warnings);
        outline.extend(sections);
        body.add_flow(pages, PageKind::Opening, &ch.running_head, &ch.id);
    }

    // Folios of every anchor in the body, for the contents.
    let mut folios = HashMap::new();
    for (i, p) in body.pages.iter().enumerate() {
        for it in &p.items {
            if let Item::Anchor { id, .. } = it {
                folios
                    .entry(id.clone())
                    .or_insert_with(|| (i + 1).to_string());
            }
        }
    }

    // The front matter.
    let mut fm = Run {
        print,
        pages: Vec::new(),
    };
    let mut front_outline = Vec::new();
    for ch in book.chapters.iter().filter(|c| c.matter == Matter::Front) {
        match ch.kind {
            ChapterKind::HalfTitle => {
                fm.open_recto();
                let items = front::half_title(&mut ctx, ch);
                fm.add(PageKind::Display, items);
            }
            ChapterKind::TitlePage => {
                fm.open_recto();
                let items = front::title_page(&mut ctx, ch);
                fm.add(PageKind::Display, items);
            }
            ChapterKind::Copyright => {
                // Set small on its own grid; a verso when it can be.
                let small = front::small_design(design);
                let mut sctx = Ctx {
                    d: &small,
                    setter,
                    book,
                    warnings: Vec::new(),
                };
                let mut b = Builder::new(&mut sctx, ch, 0);
                b.spaced = true;
                b.blocks(&ch.blocks);
                let slots = std::mem::take(&mut b.slots);
                let notes = set_notes(&mut sctx, ch);
                let mut pages = flow(slots, &notes, &small);
                if let Some(first) = pages.first_mut() {
                    first.items.push(Item::Anchor {
                        id: ch.id.clone(),
                        y: design.top,
                    });
                }
                ctx.warnings.extend(sctx.warnings);
                for p in pages {
                    fm.add(PageKind::Display, p.items);
                }
            }
            ChapterKind::Contents => {
                fm.open_recto();
                front_outline.push(OutlineEntry {
                    level: 0,
                    title: ch.toc_title.clone(),
                    anchor: ch.id.clone(),
                });
                let slots = front::contents(&mut ctx, ch, &folios);
                let pages = flow(slots, &[], design);
                fm.add_flow(pages, PageKind::Opening, &ch.toc_title, &ch.id);
            }
            _ => {
                fm.open_recto();
                front_outline.push(OutlineEntry {
                    level: 0,
                    title: ch.toc_title.clone(),
                    anchor: ch.id.clone(),
                });
                let (pages, sections) = chapter(&mut ctx, ch, 0);
                front_outline.extend(sections);
                fm.add_flow(pages, PageKind::Opening, &ch.running_head, &ch.id);
            }
        }
    }
    // The body's page 1 is a recto.
    fm.open_recto();

    let mut pages = Vec::new();
    if cover && !print {
        pages.push(Page {
            kind: PageKind::Cover,
            numbering: Numbering::Cover,
            number: 1,
            recto: true,
            items: Vec::new(),
            start: None,
        });
    }
    for (run, numbering) in [(fm, Numbering::Roman), (body, Numbering::Arabic)] {
        for (i, draft) in run.pages.into_iter().enumerate() {
            let recto = i % 2 == 0;
            let left = design.left(recto);
            let start = draft.chapter.map(|chapter| {
                let (block, offset) = draft
                    .items
                    .iter()
                    .filter_map(|it| match it {
                        Item::Start { block, offset } => Some((*block, *offset)),
                        _ => None,
                    })
                    .min()
                    .unwrap_or_default();
                PageStart {
                    chapter,
                    block,
                    offset,
                }
            });
            let mut page = Page {
                kind: draft.kind,
                numbering,
                number: i as u32 + 1,
                recto,
                start,
                items: draft
                    .items
                    .into_iter()
                    .map(|it| shift(it, left, Pt::ZERO))
                    .collect(),
            };
            chrome::dress(&mut ctx, &mut page, &draft.head);
            pages.push(page);
        }
    }
    front_outline.extend(outline);
    for w in std::mem::take(&mut ctx.warnings) {
        diags.push(w);
    }
    Layout {
        design: design.clone(),
        pages,
        outline: front_outline,
    }
}

/// A body chapter laid out on its own: its pages, the bookmarks of its
/// sections and the text engine's warnings.
type ChapterPages = (Vec<FlowPage>, Vec<OutlineEntry>, Vec<Diagnostic>);

/// Body chapters of at least this many blocks and notes in all (about 80
/// pages) are laid out on several threads. Below that, the second word
/// cache's cold start costs about what the threads save, and `recto build`
/// keeps the other cores busy with the EPUB and the cover meanwhile.
const PARALLEL_MIN_BLOCKS: usize = 300;

/// At most this many threads: each warms its own word cache, so beyond a
/// few the shaping done again costs more than another core saves.
const MAX_THREADS: usize = 8;

/// Lays out every chapter of `chs` (as [`chapter`] does) and returns them
/// in order. Each chapter starts on a fresh page and its notes stay in it,
/// so chapters are independent: for a big book, the available cores take
/// chapters one at a time from a shared counter. The result is the same
/// whatever the number of threads and whichever thread set a chapter.
fn chapters(ctx: &Ctx, chs: &[&Chapter]) -> Vec<ChapterPages> {
    let weight: usize = chs.iter().map(|c| c.blocks.len() + c.notes.len()).sum();
    let threads = if weight < PARALLEL_MIN_BLOCKS {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS)
    };
    chapters_on(ctx, chs, threads)
}

/// [`chapters`] on at most `threads` threads.
fn chapters_on(ctx: &Ctx, chs: &[&Chapter], threads: usize) -> Vec<ChapterPages> {
    let one = |ch: &Chapter| {
        let mut c = Ctx {
            d: ctx.d,
            setter: ctx.setter,
            book: ctx.book,
            warnings: Vec::new(),
        };
        let (pages, sections) = chapter(&mut c, ch, u8::from(ch.part.is_some()));
        (pages, sections, c.warnings)
    };
    let threads = threads.min(chs.len());
    if threads < 2 {
        return chs.iter().map(|ch| one(ch)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, ChapterPages)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(ch) = chs.get(i) else { break };
                        mine.push((i, one(ch)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Lays out one chapter: its opening, blocks and notes. Returns its pages
/// and the bookmarks of its sections.
fn chapter<'a>(
    ctx: &mut Ctx<'a>,
    ch: &'a Chapter,
    level: u8,
) -> (Vec<FlowPage>, Vec<OutlineEntry>) {
    let mut b = Builder::new(ctx, ch, level);
    b.opening();
    b.blocks(&ch.blocks);
    let slots = std::mem::take(&mut b.slots);
    let sections = std::mem::take(&mut b.outline);
    let notes = set_notes(ctx, ch);
    (flow(slots, &notes, ctx.d), sections)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::text::TextEngine;
    use std::path::Path;

    #[test]
    fn chapters_come_out_the_same_on_any_number_of_threads() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
        let read = crate::manuscript::read(&dir).expect("the bundled book reads");
        let (book, settings) = (read.book, read.settings);
        let design = Design::new(&settings.pdf, book.meta.lang).expect("its design is valid");
        let chs: Vec<&Chapter> = book.chapters.iter().collect();
        assert!(chs.len() > 3);
        let run = |threads: usize| {
            // A fresh engine each time: cold word caches must not matter.
            let engine = TextEngine::new(&settings.hyphenation);
            let ctx = Ctx {
                d: &design,
                setter: &engine,
                book: &book,
                warnings: Vec::new(),
            };
            chapters_on(&ctx, &chs, threads)
        };
        let one = run(1);
        let pages: usize = one.iter().map(|c| c.0.len()).sum();
        assert!(pages > 10);
        let text = |r: &[ChapterPages]| {
            r.iter()
                .map(|(pages, sections, warnings)| {
                    let items: Vec<_> = pages.iter().map(|p| &p.items).collect();
                    format!("{items:?}{sections:?}{warnings:?}")
                })
                .collect::<Vec<_>>()
        };
        let expected = text(&one);
        for threads in [2, 3, 8] {
            assert!(text(&run(threads)) == expected, "{threads} threads");
        }
    }
}
