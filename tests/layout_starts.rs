//! The layout result is data: every page of the bundled book's print
//! layout says where its text starts in the model, and that is where its
//! text really starts.

use recto::layout::{Item, PageKind};
use recto::model::{plain_text, Block};
use recto::typeset::text::LineItem;
use std::path::Path;

/// The characters set on a page (spaces are not glyphs), in item order.
fn page_text(items: &[Item]) -> String {
    let mut s = String::new();
    for it in items {
        if let Item::Line { line, .. } = it {
            for li in &line.items {
                if let LineItem::Glyphs(run) = li {
                    for g in &run.glyphs {
                        s.push_str(&g.text);
                    }
                }
            }
        }
    }
    s
}

#[test]
fn each_page_starts_where_its_text_starts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let run = recto::driver::run(&dir).expect("the bundled book lays out");
    let book = &run.book;
    let pages = &run.laid_out.layout.pages;
    let mut checked = 0;
    let mut mid_paragraph = 0;
    for (i, page) in pages.iter().enumerate() {
        let Some(start) = &page.start else {
            assert!(
                matches!(
                    page.kind,
                    PageKind::Blank | PageKind::Display | PageKind::Cover
                ),
                "page {} ({:?}) has no start",
                i + 1,
                page.kind
            );
            continue;
        };
        let ch = book
            .chapters
            .iter()
            .find(|c| c.id == start.chapter)
            .unwrap_or_else(|| panic!("page {}: no chapter {}", i + 1, start.chapter));
        let Some(Block::Paragraph(p)) = ch.blocks.get(start.block) else {
            continue;
        };
        let text = plain_text(&p.content);
        let rest: String = text
            .chars()
            .skip(start.offset)
            .filter(|c| !c.is_whitespace())
            .take(12)
            .collect();
        let here = page_text(&page.items);
        assert!(
            here.contains(&rest),
            "page {} ({}) should hold {rest:?} from block {} offset {}",
            i + 1,
            page.folio(),
            start.block,
            start.offset
        );
        if start.offset > 0 {
            mid_paragraph += 1;
            // The paragraph's opening is on an earlier page.
            let opening: String = text
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(12)
                .collect();
            let before = page_text(&pages[i - 1].items);
            assert!(
                before.contains(&opening) || !here.contains(&opening),
                "page {}: a paragraph that began earlier",
                i + 1
            );
        }
        checked += 1;
    }
    assert!(checked > 10, "{checked} pages start in a paragraph");
    assert!(
        mid_paragraph > 5,
        "{mid_paragraph} pages start mid-paragraph"
    );
}
