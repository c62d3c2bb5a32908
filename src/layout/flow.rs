//! Fills pages with a chapter's vertical list.
//!
//! A chapter without figures is paginated as a whole by
//! [`super::paginate`]; a chapter with figures (which float) is filled
//! greedily, as follows.
//!
//! The list is a sequence of [`Slot`]s, each a whole number of grid lines.
//! A slot with `keep_next` may not end a page, so runs of slots joined by
//! it form unbreakable groups: a heading with the first two lines after
//! it, the first two and the last two lines of every paragraph (no orphans,
//! no widows).
//!
//! Pages are filled greedily, group by group. A group is placed only if
//! its lines *and the notes its lines reference* fit beside the notes
//! already on the page; otherwise the page ends short and the group starts
//! the next page. So every note starts on the page of its reference. The
//! rule, as in classic book setting: a page may run short (usually by one
//! line, by more only before a heading or a long keep); every line stays
//! on the grid, so facing pages align line for line from the top, and the
//! notes sit on the grid's last line.
//!
//! Figures float: a figure that does not fit on the page waits while the
//! text after it fills the page, and heads the next page (later figures
//! keep their order behind it). Text under a figure is a blank line below
//! it.
//!
//! A word is not broken across a page turn when moving its first half to
//! the next page costs only one line: the page then runs one line short.
//!
//! Continuation rule: when a group's last note does not fit and the page
//! would otherwise lose four lines or more, the note is split: at least two
//! of its lines stay under its reference and at least two continue at the
//! foot of the next page, above that page's own notes and under a
//! full-width rule. A group too tall for an empty page is broken where it
//! must be, the only case where a keep yields.

use super::design::Design;
use super::Item;
use crate::units::Pt;

/// A run of whole grid lines in the vertical list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Slot {
    /// Blank grid lines above, dropped at the top of a page.
    pub before: u32,
    /// Grid lines the content occupies (≥ 1).
    pub height: u32,
    /// Content: x from the left of the text block, y from this slot's
    /// first baseline.
    pub items: Vec<Item>,
    /// Notes (indices into the chapter's notes) referenced in this slot.
    pub notes: Vec<usize>,
    /// No page break between this slot and the next.
    pub keep_next: bool,
    /// The slot's last line ends in a hyphen the engine inserted.
    pub hyphenated: bool,
}

impl Slot {
    /// A figure: a slot that draws an image.
    fn is_figure(&self) -> bool {
        self.items.iter().any(|it| matches!(it, Item::Image { .. }))
    }
}

/// The lines of one set note; each line's items have y relative to its
/// baseline.
pub(crate) type NoteLines = Vec<Vec<Item>>;

/// One page of a chapter's flow: items with absolute y and x relative to
/// the text block's left edge.
#[derive(Debug, Clone, Default)]
pub(crate) struct FlowPage {
    pub items: Vec<Item>,
}

/// The notes area under construction on the current page.
#[derive(Default)]
struct PageState {
    items: Vec<Item>,
    used: u32,
    notes: Vec<Vec<Item>>,
    /// The first note lines continue a note from the previous page.
    continued: bool,
    empty: bool,
}

/// Body lines a page keeps for text when it takes carried-over notes.
const MIN_BODY_BESIDE_CARRY: u32 = 6;
/// Free lines at which splitting a note beats moving its reference.
const SPLIT_WHEN_FREE: u32 = 4;

struct Flow<'a> {
    d: &'a Design,
    notes: &'a [NoteLines],
    pages: Vec<FlowPage>,
    cur: PageState,
    carry: Vec<Vec<Item>>,
    /// The last placed slot ends in a hyphen.
    last_hyphenated: bool,
    /// The last placed slot is a figure.
    last_figure: bool,
    /// Figures waiting for the head of the next page.
    deferred: Vec<Vec<Slot>>,
}

/// Lays the slots of one chapter onto pages; the first page is the
/// chapter's opening page.
pub(crate) fn flow(slots: Vec<Slot>, notes: &[NoteLines], d: &Design) -> Vec<FlowPage> {
    if !slots.iter().any(Slot::is_figure) {
        if let Some(pages) = super::paginate::paginate(&slots, notes, d) {
            return pages;
        }
    }
    greedy(slots, notes, d)
}

/// Fills pages greedily, group by group (chapters with figures, which
/// float).
fn greedy(slots: Vec<Slot>, notes: &[NoteLines], d: &Design) -> Vec<FlowPage> {
    let mut f = Flow {
        d,
        notes,
        pages: Vec::new(),
        cur: PageState {
            empty: true,
            ..PageState::default()
        },
        carry: Vec::new(),
        last_hyphenated: false,
        last_figure: false,
        deferred: Vec::new(),
    };
    let mut groups: Vec<Vec<Slot>> = Vec::new();
    let mut group: Vec<Slot> = Vec::new();
    let mut slots = slots.into_iter().peekable();
    while let Some(s) = slots.next() {
        let keep = s.keep_next && slots.peek().is_some();
        group.push(s);
        if !keep {
            groups.push(std::mem::take(&mut group));
        }
    }
    let mut groups = groups.into_iter().peekable();
    while let Some(g) = groups.next() {
        if f.defers(&g) {
            f.deferred.push(g);
            continue;
        }
        if f.avoid_broken_word(&g, groups.peek()) {
            f.finish_page();
            f.start_page();
        }
        f.place_group(g);
    }
    while !f.deferred.is_empty() {
        f.finish_page();
        f.start_page();
    }
    f.finish_page();
    while !f.carry.is_empty() {
        f.start_page();
        f.finish_page();
    }
    f.pages
}

impl Flow<'_> {
    fn note_lines(&self, slots: &[Slot]) -> usize {
        slots
            .iter()
            .flat_map(|s| &s.notes)
            .map(|&n| self.notes.get(n).map_or(0, |l| l.len()))
            .sum()
    }

    fn body_lines(&self, slots: &[Slot]) -> u32 {
        let mut h = 0;
        for (i, s) in slots.iter().enumerate() {
            if i == 0 {
                h += self.space_before(s);
            } else {
                h += s.before;
            }
            h += s.height;
        }
        h
    }

    /// Blank lines above `s` if it comes next: none at the top of a page,
    /// at least one under a figure.
    fn space_before(&self, s: &Slot) -> u32 {
        match (self.cur.used, self.last_figure) {
            (0, _) => 0,
            (_, true) => s.before.max(1),
            _ => s.before,
        }
    }

    /// Whether a figure group waits for the next page: it does not fit
    /// on this (non-empty) page, or an earlier figure already waits.
    fn defers(&self, g: &[Slot]) -> bool {
        let [only] = g else { return false };
        if !only.is_figure() || self.cur.empty {
            return false;
        }
        !self.deferred.is_empty() || !self.fits(self.body_lines(g), self.note_lines(g))
    }

    /// Whether a one-line group should start the next page instead of
    /// ending this one: it would be the page's last line, it ends in a
    /// hyphen (a word broken across the page turn), and the line before it
    /// does not. The page then runs one line short.
    fn avoid_broken_word(&self, g: &[Slot], next: Option<&Vec<Slot>>) -> bool {
        let [only] = g else { return false };
        let Some(next) = next else { return false };
        if self.cur.empty || !only.hyphenated || self.last_hyphenated {
            return false;
        }
        let (body, k) = (self.body_lines(g), self.note_lines(g));
        if !self.fits(body, k) {
            return false;
        }
        let next_body: u32 = next.iter().map(|s| s.before + s.height).sum();
        let next_k = self.note_lines(next);
        self.cur.used + body + next_body + self.d.note_grid_lines(self.cur.notes.len() + k + next_k)
            > self.d.lines
    }

    /// Whether `body` more grid lines and `k` more note lines fit.
    fn fits(&self, body: u32, k: usize) -> bool {
        self.cur.used + body + self.d.note_grid_lines(self.cur.notes.len() + k) <= self.d.lines
    }

    /// Places an unbreakable group: whole if it fits with its notes; with
    /// its last note split if the page would otherwise lose four lines;
    /// broken slot by slot if even an empty page cannot hold it; else on
    /// the next page.
    fn place_group(&mut self, group: Vec<Slot>) {
        let body = self.body_lines(&group);
        let k = self.note_lines(&group);
        if self.fits(body, k) {
            return self.place(group, None);
        }
        if let Some(split) = self.split_point(&group, body, k, 2) {
            return self.place(group, Some(split));
        }
        if self.cur.empty {
            // Too tall for any page: break the keep where it must be.
            if group.len() == 1 {
                let split = self.split_point(&group, body, k, 1);
                return self.place(group, split);
            }
            for s in group {
                self.place_group(vec![s]);
            }
            return;
        }
        self.finish_page();
        self.start_page();
        self.place_group(group);
    }

    /// How many lines of the group's last note can stay on this page if
    /// the note is split, leaving at least `min` lines on each side.
    fn split_point(&self, group: &[Slot], body: u32, k: usize, min: usize) -> Option<usize> {
        let last = *group.iter().flat_map(|s| &s.notes).last()?;
        let len = self.notes.get(last)?.len();
        let others = k - len;
        let free = self
            .d
            .lines
            .saturating_sub(self.cur.used + self.d.note_grid_lines(self.cur.notes.len()));
        if !(free >= SPLIT_WHEN_FREE || self.cur.empty) || len < 2 * min {
            return None;
        }
        (min..=len - min)
            .rev()
            .find(|&m| self.fits(body, others + m))
    }

    /// Places a group; `split` keeps only that many lines of its last note
    /// here and carries the rest.
    fn place(&mut self, group: Vec<Slot>, split: Option<usize>) {
        let last_note = group.iter().flat_map(|s| &s.notes).last().copied();
        for s in group {
            let before = self.space_before(&s);
            let y = self.d.baseline((self.cur.used + before) as i32);
            self.cur.used += before + s.height;
            self.cur.empty = false;
            self.last_hyphenated = s.hyphenated;
            self.last_figure = s.is_figure();
            self.cur
                .items
                .extend(s.items.into_iter().map(|it| shift(it, Pt::ZERO, y)));
            for n in s.notes {
                let Some(lines) = self.notes.get(n) else {
                    continue;
                };
                match split {
                    Some(m) if Some(n) == last_note => {
                        self.cur.notes.extend(lines[..m].iter().cloned());
                        self.carry.extend(lines[m..].iter().cloned());
                    }
                    _ => self.cur.notes.extend(lines.iter().cloned()),
                }
            }
        }
    }

    /// Opens a page, moving carried note lines onto it (keeping room for
    /// some text, and never leaving a single line behind), then the
    /// figures waiting for it.
    fn start_page(&mut self) {
        self.cur = PageState {
            empty: true,
            ..PageState::default()
        };
        self.last_figure = false;
        if !self.carry.is_empty() {
            let room = self.d.note_lines_beside(MIN_BODY_BESIDE_CARRY).max(2);
            let mut take = self.carry.len().min(room);
            if self.carry.len() - take == 1 && take > 2 {
                take -= 1;
            }
            self.cur.notes = self.carry.drain(..take).collect();
            self.cur.continued = true;
        }
        for g in std::mem::take(&mut self.deferred) {
            self.place_group(g);
        }
    }

    /// Sets the notes at the foot of the current page and stores it.
    fn finish_page(&mut self) {
        let mut page = std::mem::take(&mut self.cur);
        if page.empty && page.notes.is_empty() {
            return;
        }
        foot_notes(&mut page.items, page.notes, page.continued, self.d);
        self.pages.push(FlowPage { items: page.items });
    }
}

/// Sets `lines` (note lines, the first `continued` of them carried over
/// from the previous page) at the foot of the page on the grid's last
/// line, under a short rule, or a full-width one over a continuation.
pub(crate) fn foot_notes(
    items: &mut Vec<Item>,
    lines: Vec<Vec<Item>>,
    continued: bool,
    d: &Design,
) {
    let k = lines.len();
    if k == 0 {
        return;
    }
    let last = d.baseline(d.lines as i32 - 1);
    let first = last - d.note_leading * (k - 1) as f32;
    let rule_w = if continued {
        d.measure
    } else {
        d.measure * 0.3
    };
    items.push(Item::Rule {
        x: Pt::ZERO,
        y: first - d.note_size - (d.note_leading - d.note_size) - Pt(2.0),
        width: rule_w,
        thickness: Pt(0.4),
    });
    for (i, line) in lines.into_iter().enumerate() {
        let y = first + d.note_leading * i as f32;
        items.extend(line.into_iter().map(|it| shift(it, Pt::ZERO, y)));
    }
}

/// Moves an item by (`dx`, `dy`).
pub(crate) fn shift(it: Item, dx: Pt, dy: Pt) -> Item {
    match it {
        Item::Start { .. } => it,
        Item::Line { x, y, line } => Item::Line {
            x: x + dx,
            y: y + dy,
            line,
        },
        Item::Rule {
            x,
            y,
            width,
            thickness,
        } => Item::Rule {
            x: x + dx,
            y: y + dy,
            width,
            thickness,
        },
        Item::Image {
            x,
            y,
            width,
            height,
            image,
        } => Item::Image {
            x: x + dx,
            y: y + dy,
            width,
            height,
            image,
        },
        Item::Leader { x, y, width } => Item::Leader {
            x: x + dx,
            y: y + dy,
            width,
        },
        Item::Anchor { id, y } => Item::Anchor { id, y: y + dy },
        Item::Link {
            x0,
            y0,
            x1,
            y1,
            target,
        } => Item::Link {
            x0: x0 + dx,
            y0: y0 + dy,
            x1: x1 + dx,
            y1: y1 + dy,
            target,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PdfConfig;
    use crate::model::Lang;

    fn design() -> Design {
        Design::new(&PdfConfig::default(), Lang::En).unwrap()
    }

    /// A body line slot tagged by an anchor so tests can find it.
    fn line(tag: &str, notes: Vec<usize>, keep: bool) -> Slot {
        Slot {
            before: 0,
            height: 1,
            items: vec![Item::Anchor {
                id: tag.into(),
                y: Pt::ZERO,
            }],
            notes,
            keep_next: keep,
            hyphenated: false,
        }
    }

    fn note(tag: &str, n: usize) -> NoteLines {
        (0..n)
            .map(|i| {
                vec![Item::Anchor {
                    id: format!("{tag}:{i}"),
                    y: Pt::ZERO,
                }]
            })
            .collect()
    }

    fn page_of(pages: &[FlowPage], tag: &str) -> usize {
        pages
            .iter()
            .position(|p| {
                p.items
                    .iter()
                    .any(|it| matches!(it, Item::Anchor { id, .. } if id == tag))
            })
            .unwrap_or_else(|| panic!("{tag} not placed"))
    }

    /// A paragraph of `n` lines with widow and orphan keeps.
    fn para(prefix: &str, n: usize) -> Vec<Slot> {
        (0..n)
            .map(|i| {
                line(
                    &format!("{prefix}{i}"),
                    vec![],
                    n >= 2 && (i == 0 || i + 2 == n),
                )
            })
            .collect()
    }

    #[test]
    fn no_widow_or_orphan_at_a_page_break() {
        let d = design();
        // 35 lines then a 3-line paragraph: it may not split 1 + 2, so it
        // moves whole and the first page runs one line short.
        let mut slots = para("a", 35);
        slots.extend(para("b", 3));
        let pages = flow(slots, &[], &d);
        assert_eq!(pages.len(), 2);
        assert_eq!(page_of(&pages, "b0"), 1);
        assert_eq!(page_of(&pages, "b2"), 1);
        // A 5-line paragraph after 34 lines: two lines stay, three move.
        let mut slots = para("a", 34);
        slots.extend(para("c", 5));
        let pages = flow(slots, &[], &d);
        assert_eq!(page_of(&pages, "c1"), 0);
        assert_eq!(page_of(&pages, "c2"), 1);
    }

    #[test]
    fn a_word_broken_across_the_page_turn_moves_over() {
        let d = design();
        let mut slots = para("a", 40);
        slots[35].hyphenated = true;
        let pages = flow(slots.clone(), &[], &d);
        assert_eq!(page_of(&pages, "a34"), 0);
        assert_eq!(
            page_of(&pages, "a35"),
            1,
            "the hyphenated line starts page 2"
        );
        // When the line before is hyphenated too, the page runs two lines
        // short rather than break a word across the turn.
        slots[34].hyphenated = true;
        let pages = flow(slots, &[], &d);
        assert_eq!(page_of(&pages, "a33"), 0);
        assert_eq!(page_of(&pages, "a34"), 1);
    }

    #[test]
    fn every_note_starts_on_its_reference_page() {
        let d = design();
        let notes: Vec<NoteLines> = (0..40).map(|i| note(&format!("n{i}"), 1 + i % 4)).collect();
        let mut slots = Vec::new();
        for i in 0..200 {
            let refs = if i % 5 == 0 { vec![i / 5] } else { vec![] };
            slots.push(line(&format!("l{i}"), refs, false));
        }
        let pages = flow(slots, &notes, &d);
        for i in 0..40 {
            assert_eq!(
                page_of(&pages, &format!("l{}", i * 5)),
                page_of(&pages, &format!("n{i}:0")),
                "note {i}"
            );
        }
        // Notes never push text off the grid: at most `lines` body lines.
        for p in &pages {
            let body = p
                .items
                .iter()
                .filter(|it| matches!(it, Item::Anchor { id, .. } if id.starts_with('l')))
                .count();
            assert!(body as u32 <= d.lines);
        }
    }

    #[test]
    fn a_long_note_continues_on_the_next_page() {
        let d = design();
        let notes = vec![note("long", 60)];
        let mut slots = vec![line("ref", vec![0], false)];
        slots.extend(para("p", 60));
        let pages = flow(slots, &notes, &d);
        assert_eq!(page_of(&pages, "ref"), 0);
        assert_eq!(page_of(&pages, "long:0"), 0);
        assert_eq!(page_of(&pages, "long:1"), 0);
        assert!(page_of(&pages, "long:59") > 0);
        // The continuation is under a full-width rule.
        let full = pages[1]
            .items
            .iter()
            .any(|it| matches!(it, Item::Rule { width, .. } if *width == d.measure));
        assert!(full);
    }

    /// A figure slot `height` lines tall, tagged `tag`.
    fn figure(tag: &str, height: u32) -> Slot {
        let image = crate::layout::image::PdfImage {
            width: 1,
            height: 1,
            color_space: "DeviceGray",
            filter: None,
            invert: false,
            data: vec![0],
            alpha: None,
        };
        Slot {
            before: 1,
            height,
            items: vec![
                Item::Anchor {
                    id: tag.into(),
                    y: Pt::ZERO,
                },
                Item::Image {
                    x: Pt::ZERO,
                    y: Pt::ZERO,
                    width: Pt(10.0),
                    height: Pt(10.0),
                    image: std::sync::Arc::new(image),
                },
            ],
            notes: vec![],
            keep_next: false,
            hyphenated: false,
        }
    }

    #[test]
    fn a_figure_that_does_not_fit_heads_the_next_page() {
        let d = design();
        let mut slots = para("a", 30);
        slots.push(figure("f", 12));
        slots.push(figure("g", 3));
        slots.extend((0..20).map(|i| line(&format!("b{i}"), vec![], false)));
        let pages = flow(slots, &[], &d);
        // The text after the figures fills the first page.
        let first: Vec<usize> = (0..20)
            .filter(|i| page_of(&pages, &format!("b{i}")) == 0)
            .collect();
        assert_eq!(first.len() as u32, d.lines - 30);
        // The figures head the next page, in order, the text a blank
        // line below them.
        assert_eq!(page_of(&pages, "f"), 1);
        assert_eq!(page_of(&pages, "g"), 1);
        let y = |tag: &str| {
            pages[1]
                .items
                .iter()
                .find_map(|it| match it {
                    Item::Anchor { id, y } if id == tag => Some(*y),
                    _ => None,
                })
                .unwrap()
        };
        assert_eq!(y("f"), d.baseline(0));
        assert_eq!(y("g"), d.baseline(13));
        let next = format!("b{}", first.len());
        assert_eq!(y(&next), d.baseline(17));
    }

    #[test]
    fn a_heading_keeps_two_lines_with_it() {
        let d = design();
        let mut slots = para("a", 33);
        slots.push(Slot {
            before: 1,
            height: 2,
            keep_next: true,
            items: vec![Item::Anchor {
                id: "h".into(),
                y: Pt::ZERO,
            }],
            notes: vec![],
            hyphenated: false,
        });
        slots.extend(para("b", 6));
        let pages = flow(slots, &[], &d);
        // 33 + 1 + 2 = 36 leaves no room for text under the heading.
        assert_eq!(page_of(&pages, "h"), 1);
        assert_eq!(page_of(&pages, "b0"), 1);
    }
}
