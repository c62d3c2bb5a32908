//! Chooses the page breaks of a chapter as a whole, as Knuth–Plass
//! chooses the line breaks of a paragraph.
//!
//! In: the chapter's vertical list of [`Slot`]s and its set notes. Out:
//! its pages, or `None` when the list has no feasible pagination (the
//! caller then fills pages greedily).
//!
//! A page may end after any slot that does not keep with the next (so
//! headings stay with two lines, paragraphs leave no widow or orphan). A
//! page holds its lines and every note they reference; the last of those
//! notes may be split, at least two lines on each side, and continues at
//! the foot of the next page, first among its notes, under a full-width
//! rule. Each page costs demerits: for every grid line it runs short of
//! the text block while the chapter goes on (one line costs little, two
//! a lot, three or more far more), for a word broken across the turn and
//! for a split note. A shortest-path search over the breaks (states: the
//! next slot, and the note lines carried over) finds the pagination with
//! the fewest demerits, so a page runs short only when every other
//! choice, on this page or an earlier one, is worse.

use super::design::Design;
use super::flow::{foot_notes, shift, FlowPage, NoteLines, Slot};
use super::Item;
use crate::units::Pt;
use std::collections::BTreeMap;

/// Demerits of a page `free` grid lines short while the text goes on.
fn short(free: u32) -> f64 {
    match free {
        0 => 0.0,
        1 => 100.0,
        2 => 3_000.0,
        f => 30_000.0 * f64::from(f - 2),
    }
}
/// A word broken across the page turn.
const BROKEN_WORD: f64 = 25_000.0;
/// A note split across the page turn.
const SPLIT_NOTE: f64 = 500.0;
/// A page that cannot be set without breaking a keep or overfilling.
const EMERGENCY: f64 = 1.0e9;

/// Lines of a note still to set: note `note` from line `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Carry {
    note: usize,
    from: usize,
}

/// A point between pages: the next slot to set and the note lines carried
/// over. Ordered so that every page leads to a later state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct State {
    next: usize,
    /// `None` sorts after every carry at the same slot (`Some` = 0).
    rest: (u8, Option<Carry>),
}

impl State {
    fn new(next: usize, carry: Option<Carry>) -> State {
        State {
            next,
            rest: (u8::from(carry.is_none()), carry),
        }
    }

    fn carry(&self) -> Option<Carry> {
        self.rest.1
    }
}

/// One page: slots `from..to`, the carried lines it sets (`carried`), and
/// how many lines of its last own note it keeps (`split`), if split.
#[derive(Debug, Clone, Copy)]
struct PageBreak {
    from: usize,
    to: usize,
    carry_in: Option<Carry>,
    carried: usize,
    split: Option<(usize, usize)>,
}

/// Paginates `slots`; see the module doc.
pub(crate) fn paginate(slots: &[Slot], notes: &[NoteLines], d: &Design) -> Option<Vec<FlowPage>> {
    let n = slots.len();
    let len = |k: usize| notes.get(k).map_or(0, |l| l.len());
    let mut best: BTreeMap<State, (f64, Option<(State, PageBreak)>)> = BTreeMap::new();
    let start = State::new(0, None);
    best.insert(start, (0.0, None));
    let mut done: BTreeMap<State, (f64, Option<(State, PageBreak)>)> = BTreeMap::new();
    let end = State::new(n, None);
    while let Some((state, (cost, back))) = best.pop_first() {
        done.insert(state, (cost, back));
        if state == end {
            break;
        }
        let mut offer = |to: State, page: PageBreak, demerits: f64| {
            let c = cost + demerits;
            if best.get(&to).is_none_or(|(old, _)| c < *old) {
                best.insert(to, (c, Some((state, page))));
            }
        };
        let carry = state.carry();
        let rest = carry.map_or(0, |c| len(c.note).saturating_sub(c.from));
        let i = state.next;
        if i == n {
            // Only carried note lines are left.
            let Some(c) = carry else { continue };
            let room = d.note_lines_beside(0).max(2);
            let take = if rest <= room {
                rest
            } else {
                room.min(rest - 2)
            };
            let out = (take < rest).then_some(Carry {
                note: c.note,
                from: c.from + take,
            });
            let page = PageBreak {
                from: i,
                to: i,
                carry_in: carry,
                carried: take,
                split: None,
            };
            offer(State::new(n, out), page, 0.0);
            continue;
        }
        let mut body = 0;
        let mut own = 0;
        let mut last_note = None;
        let mut found = false;
        for j in i + 1..=n {
            let s = &slots[j - 1];
            body += if j - 1 == i { 0 } else { s.before } + s.height;
            if body > d.lines {
                break;
            }
            for &k in &s.notes {
                own += len(k);
                last_note = Some(k);
            }
            if j < n && s.keep_next {
                continue;
            }
            let turn = j < n;
            let hyphen = if turn && s.hyphenated {
                BROKEN_WORD
            } else {
                0.0
            };
            let page_cost = |note_lines: usize| {
                let free = d.lines.saturating_sub(body + d.note_grid_lines(note_lines));
                if turn {
                    short(free)
                } else {
                    0.0
                }
            };
            let page = PageBreak {
                from: i,
                to: j,
                carry_in: carry,
                carried: rest,
                split: None,
            };
            if body + d.note_grid_lines(rest + own) <= d.lines {
                found = true;
                offer(State::new(j, None), page, page_cost(rest + own) + hyphen);
                continue;
            }
            // The last own note split: as many lines here as fit.
            if let Some(k) = last_note {
                let l = len(k);
                let others = rest + own - l;
                if l >= 4 {
                    if let Some(m) = (2..=l - 2)
                        .rev()
                        .find(|&m| body + d.note_grid_lines(others + m) <= d.lines)
                    {
                        found = true;
                        let page = PageBreak {
                            split: Some((k, m)),
                            ..page
                        };
                        let out = Carry { note: k, from: m };
                        offer(
                            State::new(j, Some(out)),
                            page,
                            page_cost(others + m) + hyphen + SPLIT_NOTE,
                        );
                    }
                }
            }
            // Text without notes beside part of a long carried note.
            if let (Some(c), 0) = (carry, own) {
                let room = d.note_lines_beside(body);
                if room >= 2 && rest >= room + 2 {
                    found = true;
                    let page = PageBreak {
                        carried: room,
                        ..page
                    };
                    let out = Carry {
                        note: c.note,
                        from: c.from + room,
                    };
                    offer(State::new(j, Some(out)), page, hyphen + SPLIT_NOTE);
                }
            }
        }
        if !found {
            // Nothing fits as the keeps ask: the next slot alone, with as
            // much of its notes as the page holds.
            let s = &slots[i];
            let mut own = 0;
            let mut last = None;
            for &k in &s.notes {
                own += len(k);
                last = Some(k);
            }
            let body = s.height.min(d.lines);
            let mut page = PageBreak {
                from: i,
                to: i + 1,
                carry_in: carry,
                carried: rest,
                split: None,
            };
            let mut out = None;
            if let Some(k) = last {
                let l = len(k);
                let others = rest + own - l;
                if body + d.note_grid_lines(rest + own) > d.lines && l >= 2 {
                    let m = (1..l)
                        .rev()
                        .find(|&m| body + d.note_grid_lines(others + m) <= d.lines)
                        .unwrap_or(1);
                    page.split = Some((k, m));
                    out = Some(Carry { note: k, from: m });
                }
            }
            offer(State::new(i + 1, out), page, EMERGENCY);
        }
    }
    // Walk back from the end.
    let mut breaks = Vec::new();
    let mut at = end;
    loop {
        let (_, back) = done.get(&at)?;
        match back {
            Some((prev, page)) => {
                breaks.push(*page);
                at = *prev;
            }
            None => break,
        }
    }
    breaks.reverse();
    Some(
        breaks
            .into_iter()
            .map(|b| set_page(slots, notes, d, b))
            .collect(),
    )
}

/// Draws one chosen page.
fn set_page(slots: &[Slot], notes: &[NoteLines], d: &Design, b: PageBreak) -> FlowPage {
    let mut items: Vec<Item> = Vec::new();
    let mut used = 0;
    let mut lines: Vec<Vec<Item>> = Vec::new();
    if let Some(c) = b.carry_in {
        if let Some(note) = notes.get(c.note) {
            let end = (c.from + b.carried).min(note.len());
            lines.extend(note[c.from.min(end)..end].iter().cloned());
        }
    }
    for (k, s) in slots[b.from..b.to].iter().enumerate() {
        let before = if k == 0 { 0 } else { s.before };
        let y = d.baseline((used + before) as i32);
        used += before + s.height;
        items.extend(s.items.iter().cloned().map(|it| shift(it, Pt::ZERO, y)));
        for &n in &s.notes {
            let Some(note) = notes.get(n) else { continue };
            match b.split {
                Some((k, m)) if k == n => lines.extend(note[..m.min(note.len())].iter().cloned()),
                _ => lines.extend(note.iter().cloned()),
            }
        }
    }
    foot_notes(&mut items, lines, b.carry_in.is_some(), d);
    FlowPage { items }
}
