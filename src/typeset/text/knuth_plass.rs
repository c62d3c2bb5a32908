//! Knuth–Plass total-fit line breaking over boxes, glue and penalties.
//!
//! The paragraph is a list of [`Item`]s. A line may end at a penalty below
//! [`INFINITY`] or at a glue that follows a box. Every feasible break keeps
//! the best-scoring way to reach it (per fitness class and per length of the
//! current run of hyphenated lines); the best path to the final forced break
//! is the result. Widths are summed with prefix sums, so each (active node,
//! breakpoint) pair costs O(1); the active list holds at most a line's worth
//! of breakpoints, so a paragraph costs O(n · line length).
//!
//! Besides Knuth and Plass's demerits (line penalty, hyphen penalty,
//! consecutive hyphens, fitness class jumps) this breaker
//! - forbids more than [`Params::max_hyphen_run`] hyphenated lines in a row
//!   (until the emergency pass),
//! - adds demerits for a hyphen on the last full line and for a last line
//!   shorter than [`Params::min_last_line`],
//! - lets a line end hang its final punctuation into the margin by the
//!   break's [`Item::protrude`] and start it with opening punctuation
//!   hanging into the left margin by the first box's [`Item::hang_left`]
//!   (margin kerning),
//! - never returns an overfull line unless a single box is wider than the
//!   measure (emergency pass only).

use crate::units::Pt;

/// A penalty of this size forbids a break; its negation forces one.
pub const INFINITY: f32 = 10_000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Box,
    Glue,
    Penalty,
}

/// One element of the paragraph.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub kind: Kind,
    /// Width of a box or glue; for a penalty, the width added to the line
    /// if it breaks here (a hyphen).
    pub width: Pt,
    pub stretch: Pt,
    pub shrink: Pt,
    /// Cost of breaking at a penalty (not a length).
    pub penalty: f32,
    /// A hyphen break (inserted or explicit).
    pub flagged: bool,
    /// How far the line may hang into the margin if it breaks here.
    pub protrude: Pt,
    /// For a box: how far it may hang into the left margin when it starts
    /// a line.
    pub hang_left: Pt,
}

impl Item {
    pub fn boxed(width: Pt) -> Item {
        Item {
            kind: Kind::Box,
            width,
            stretch: Pt::ZERO,
            shrink: Pt::ZERO,
            penalty: 0.0,
            flagged: false,
            protrude: Pt::ZERO,
            hang_left: Pt::ZERO,
        }
    }

    pub fn glue(width: Pt, stretch: Pt, shrink: Pt) -> Item {
        Item {
            kind: Kind::Glue,
            stretch,
            shrink,
            ..Item::boxed(width)
        }
    }

    pub fn penalty(width: Pt, penalty: f32, flagged: bool) -> Item {
        Item {
            kind: Kind::Penalty,
            penalty,
            flagged,
            ..Item::boxed(width)
        }
    }
}

/// Tuning of one breaking pass.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub measure: Pt,
    /// Largest adjustment ratio a line may have in this pass; `None` is the
    /// emergency pass (any looseness, overfull only if unavoidable).
    pub max_ratio: Option<f32>,
    pub line_penalty: f32,
    /// Added when two consecutive lines end flagged.
    pub double_hyphen_demerits: f32,
    /// Added when adjacent lines differ by more than one fitness class.
    pub fitness_demerits: f32,
    /// Added when the last full line ends with a hyphen.
    pub last_hyphen_demerits: f32,
    /// A last line narrower than this (natural width) costs `runt_demerits`.
    pub min_last_line: Pt,
    pub runt_demerits: f32,
    pub max_hyphen_run: u8,
    /// Stretch added to every line (ragged settings); 0 when justified.
    pub extra_stretch: Pt,
}

impl Params {
    /// Defaults for justified text at `measure`.
    pub fn justified(measure: Pt) -> Params {
        Params {
            measure,
            max_ratio: Some(1.0),
            line_penalty: 10.0,
            double_hyphen_demerits: 3000.0,
            fitness_demerits: 3000.0,
            last_hyphen_demerits: 5000.0,
            min_last_line: measure * 0.15,
            runt_demerits: 10_000.0,
            max_hyphen_run: 2,
            extra_stretch: Pt::ZERO,
        }
    }
}

/// A chosen break: the item index the line ends at, and the line's
/// adjustment ratio (> 0 stretched, < 0 shrunk, relative to its stretch
/// or shrink).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub at: usize,
    pub ratio: f32,
}

#[derive(Clone, Copy)]
struct Node {
    /// Item index of the break (or 0 for the paragraph start).
    at: usize,
    fitness: u8,
    hyph_run: u8,
    flagged: bool,
    demerits: f64,
    ratio: f32,
    /// Index of the previous node in the arena.
    prev: usize,
    /// Sums up to the first box after this break.
    width: Pt,
    /// Left hang of the line that starts after this break.
    left: Pt,
    stretch: Pt,
    shrink: Pt,
}

fn fitness(ratio: f32) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// Buffers of [`break_items_in`], reused across paragraphs and passes.
#[derive(Default)]
pub struct Scratch {
    sw: Vec<Pt>,
    sy: Vec<Pt>,
    sz: Vec<Pt>,
    arena: Vec<Node>,
    active: Vec<usize>,
}

impl Scratch {
    /// Shrinks each buffer to at most `keep` elements of room.
    pub fn trim(&mut self, keep: usize) {
        self.sw.shrink_to(keep);
        self.sy.shrink_to(keep);
        self.sz.shrink_to(keep);
        self.arena.shrink_to(keep);
        self.active.shrink_to(keep);
    }
}

/// Finds the optimal breaks of `items`, which must end with a forced break
/// (penalty ≤ -[`INFINITY`]). `None` if no way fits this pass's limits.
pub fn break_items(items: &[Item], p: &Params) -> Option<Vec<Break>> {
    break_items_in(&mut Scratch::default(), items, p)
}

/// [`break_items`] with buffers from `scratch`.
pub fn break_items_in(scratch: &mut Scratch, items: &[Item], p: &Params) -> Option<Vec<Break>> {
    let n = items.len();
    let Scratch {
        sw,
        sy,
        sz,
        arena,
        active,
    } = scratch;
    // Prefix sums: sum_x[i] = total over items[..i].
    sw.clear();
    sy.clear();
    sz.clear();
    sw.reserve(n + 1);
    sy.reserve(n + 1);
    sz.reserve(n + 1);
    let (mut w, mut y, mut z) = (Pt::ZERO, Pt::ZERO, Pt::ZERO);
    for it in items {
        sw.push(w);
        sy.push(y);
        sz.push(z);
        if it.kind != Kind::Penalty {
            w += it.width;
            y += it.stretch;
            z += it.shrink;
        }
    }
    sw.push(w);
    sy.push(y);
    sz.push(z);

    // Sums after a break at `b`: skip the glue and penalties that follow it.
    let after = |b: usize, start: bool| -> (Pt, Pt, Pt, Pt) {
        let mut i = if start { b } else { b + 1 };
        while i < n && items[i].kind != Kind::Box {
            if items[i].kind == Kind::Penalty && items[i].penalty <= -INFINITY && i > b {
                break;
            }
            i += 1;
        }
        let left = if i < n { items[i].hang_left } else { Pt::ZERO };
        (sw[i], sy[i], sz[i], left)
    };

    arena.clear();
    arena.reserve(n / 4 + 4);
    let (w0, y0, z0, l0) = after(0, true);
    arena.push(Node {
        at: 0,
        fitness: 1,
        hyph_run: 0,
        flagged: false,
        demerits: 0.0,
        ratio: 0.0,
        prev: usize::MAX,
        width: w0,
        stretch: y0,
        shrink: z0,
        left: l0,
    });
    active.clear();
    active.push(0);
    let mut last_deactivated: Option<usize> = None;
    let emergency = p.max_ratio.is_none();
    let max_run = p.max_hyphen_run;

    for b in 0..n {
        let it = &items[b];
        let legal = match it.kind {
            Kind::Box => false,
            Kind::Glue => b > 0 && items[b - 1].kind == Kind::Box,
            Kind::Penalty => it.penalty < INFINITY,
        };
        if !legal {
            continue;
        }
        let forced = it.kind == Kind::Penalty && it.penalty <= -INFINITY;
        let is_final = forced && b == n - 1;
        let pen_width = if it.kind == Kind::Penalty {
            it.width
        } else {
            Pt::ZERO
        };
        let flagged = it.kind == Kind::Penalty && it.flagged;
        // Best candidate per (fitness, hyphen run).
        let mut best: [[Option<(f64, usize, f32)>; 3]; 4] = [[None; 3]; 4];
        let mut found = false;
        let mut i = 0;
        while i < active.len() {
            let ai = active[i];
            let a = arena[ai];
            let width = sw[b] - a.width + pen_width;
            let avail = p.measure + it.protrude + a.left;
            let stretch = sy[b] - a.stretch + p.extra_stretch;
            let shrink = sz[b] - a.shrink;
            let ratio = if width < avail {
                if stretch > Pt::ZERO {
                    (avail - width) / stretch
                } else {
                    INFINITY
                }
            } else if width > avail {
                if shrink > Pt::ZERO {
                    (avail - width) / shrink
                } else {
                    -INFINITY
                }
            } else {
                0.0
            };
            if ratio < -1.0 || forced {
                active.swap_remove(i);
                if ratio < -1.0 {
                    last_deactivated = Some(ai);
                }
            } else {
                i += 1;
            }
            if ratio < -1.0 {
                continue;
            }
            let too_loose = match p.max_ratio {
                Some(m) => ratio > m,
                None => false,
            };
            // The last line has infinite fill stretch: its ratio is 0.
            let ratio = if is_final && ratio > 0.0 { 0.0 } else { ratio };
            if too_loose && !is_final {
                continue;
            }
            let run = if flagged { a.hyph_run + 1 } else { 0 };
            if run > max_run && !emergency {
                continue;
            }
            let bad = 100.0 * (ratio.abs() as f64).powi(3);
            let bad = bad.min(1e7);
            let mut d = (p.line_penalty as f64 + bad).powi(2);
            if it.kind == Kind::Penalty && !forced {
                let pe = it.penalty as f64;
                if pe >= 0.0 {
                    d += pe * pe;
                } else {
                    d -= pe * pe;
                }
            }
            if flagged && a.flagged {
                d += p.double_hyphen_demerits as f64;
            }
            if run > max_run {
                d += 1e6;
            }
            let fit = fitness(ratio);
            if a.prev != usize::MAX && fit.abs_diff(a.fitness) > 1 {
                d += p.fitness_demerits as f64;
            }
            if is_final {
                if a.flagged {
                    d += p.last_hyphen_demerits as f64;
                }
                let last_width = sw[b] - a.width;
                if last_width < p.min_last_line && a.prev != usize::MAX {
                    d += p.runt_demerits as f64;
                }
            }
            let total = a.demerits + d;
            let slot = &mut best[fit as usize][run.min(2) as usize];
            if slot.is_none_or(|(t, _, _)| total < t) {
                *slot = Some((total, ai, ratio));
                found = true;
            }
        }
        // Nothing can end here: go on, unless no node is left (the
        // emergency pass then breaks anyway, below).
        let stuck = active.is_empty() && emergency;
        if !found && !stuck {
            if active.is_empty() {
                return None;
            }
            continue;
        }
        let (aw, ay, az, al) = after(b, false);
        let mut added = false;
        for (fit, row) in best.iter().enumerate() {
            for (run, cand) in row.iter().enumerate() {
                if let Some((total, prev, ratio)) = *cand {
                    arena.push(Node {
                        at: b,
                        fitness: fit as u8,
                        hyph_run: run as u8,
                        flagged,
                        demerits: total,
                        ratio,
                        prev,
                        width: aw,
                        stretch: ay,
                        shrink: az,
                        left: al,
                    });
                    active.push(arena.len() - 1);
                    added = true;
                }
            }
        }
        if active.is_empty() && !added && emergency {
            // Only a box wider than the measure can get here: break anyway
            // after the last node that could not reach this point.
            if let Some(prev) = last_deactivated {
                let a = arena[prev];
                arena.push(Node {
                    at: b,
                    fitness: 1,
                    hyph_run: 0,
                    flagged,
                    demerits: a.demerits + 1e8,
                    ratio: -1.0,
                    prev,
                    width: aw,
                    stretch: ay,
                    shrink: az,
                    left: al,
                });
                active.push(arena.len() - 1);
            }
        }
        if active.is_empty() {
            return None;
        }
    }

    // The final break is the only active node left at n - 1.
    let end = active
        .iter()
        .copied()
        .filter(|&i| arena[i].at == n - 1)
        .min_by(|&a, &b| arena[a].demerits.total_cmp(&arena[b].demerits))?;
    let mut out = Vec::new();
    let mut k = end;
    while arena[k].prev != usize::MAX {
        out.push(Break {
            at: arena[k].at,
            ratio: arena[k].ratio,
        });
        k = arena[k].prev;
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(w: f32) -> Item {
        Item::boxed(Pt(w))
    }

    fn glue(w: f32, y: f32, z: f32) -> Item {
        Item::glue(Pt(w), Pt(y), Pt(z))
    }

    fn justified(measure: f32) -> Params {
        Params::justified(Pt(measure))
    }

    /// Words of the given widths separated by glue, ended like a paragraph.
    fn para(words: &[f32], g: (f32, f32, f32)) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in words.iter().enumerate() {
            if i > 0 {
                items.push(glue(g.0, g.1, g.2));
            }
            items.push(boxed(w));
        }
        end(&mut items);
        items
    }

    fn end(items: &mut Vec<Item>) {
        items.push(Item::penalty(Pt::ZERO, INFINITY, false));
        items.push(glue(0.0, 1e5, 0.0));
        items.push(Item::penalty(Pt::ZERO, -INFINITY, false));
    }

    fn ats(b: &[Break]) -> Vec<usize> {
        b.iter().map(|b| b.at).collect()
    }

    #[test]
    fn exact_fit_breaks_after_three_words() {
        // 30 + 5 + 30 + 5 + 30 = 100: three words per line, no stretch.
        let items = para(&[30.0; 6], (5.0, 3.0, 2.0));
        let b = break_items(&items, &justified(100.0)).unwrap();
        // Items: box0 g1 box2 g3 box4 g5 box6 ...; the first line ends at g5.
        assert_eq!(ats(&b), vec![5, items.len() - 1]);
        assert!(b[0].ratio.abs() < 1e-6);
    }

    #[test]
    fn hyphen_beats_an_overloose_line() {
        // "30 20 25-40", measure 100, glue 10 (+5 / -5). Ending line 1 at
        // the hyphen fills it exactly: 30+10+20+10+25+5 = 100. Ending it
        // at the glue before "25" leaves 40 pt for 5 pt of stretch.
        let mut items = vec![
            boxed(30.0),
            glue(10.0, 5.0, 5.0),
            boxed(20.0),
            glue(10.0, 5.0, 5.0),
            boxed(25.0),
            Item::penalty(Pt(5.0), 50.0, true),
            boxed(40.0),
        ];
        end(&mut items);
        let b = break_items(&items, &justified(100.0)).unwrap();
        assert_eq!(ats(&b), vec![5, items.len() - 1]);
        assert!(b[0].ratio.abs() < 1e-6);

        // Without the hyphenation point only the emergency pass succeeds,
        // breaking at the glue with the line stretched 8×.
        items.remove(5);
        assert!(break_items(&items, &justified(100.0)).is_none());
        let mut p = justified(100.0);
        p.max_ratio = Some(2.0);
        assert!(break_items(&items, &p).is_none());
        p.max_ratio = None;
        let b = break_items(&items, &p).unwrap();
        assert_eq!(ats(&b), vec![3, items.len() - 1]);
        assert!((b[0].ratio - 8.0).abs() < 1e-4, "{b:?}");
    }

    #[test]
    fn runt_last_line_is_avoided_when_a_good_alternative_exists() {
        // Six words of 30 and a short one of 10; glue 5 (+70 / -3).
        // A: [30 30 30][30 30 30][10]: two perfect lines, a 10 pt runt.
        // B: [30 30 30][30 30][30 10]: second line at ratio 0.5.
        let items = para(
            &[30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 10.0],
            (5.0, 70.0, 3.0),
        );
        let last = items.len() - 1;
        let mut p = justified(100.0);
        p.min_last_line = Pt(15.0);
        let b = break_items(&items, &p).unwrap();
        assert_eq!(ats(&b), vec![5, 9, last], "B");
        assert!((b[1].ratio - 0.5).abs() < 1e-4);
        p.min_last_line = Pt::ZERO;
        let b = break_items(&items, &p).unwrap();
        assert_eq!(ats(&b), vec![5, 11, last], "A");
    }

    #[test]
    fn hyphen_on_the_last_full_line_is_avoided() {
        // "50 30-19 40", measure 100, glue 10 (+20 / -10).
        // Break at the hyphen: 50+10+30+5 = 95, ratio 0.25, demerits
        // (10+1.6)² + 50² ≈ 2634. Break at the second glue: 50+10+49 = 109,
        // ratio -0.9, demerits (10+72.9)² ≈ 6872. The hyphen wins unless
        // a hyphen on the last full line costs more than the difference.
        let mut items = vec![
            boxed(50.0),
            glue(10.0, 20.0, 10.0),
            boxed(30.0),
            Item::penalty(Pt(5.0), 50.0, true),
            boxed(19.0),
            glue(10.0, 20.0, 10.0),
            boxed(40.0),
        ];
        end(&mut items);
        let last = items.len() - 1;
        let mut p = justified(100.0);
        p.last_hyphen_demerits = 0.0;
        let b = break_items(&items, &p).unwrap();
        assert_eq!(ats(&b), vec![3, last]);
        assert!((b[0].ratio - 0.25).abs() < 1e-4);
        p.last_hyphen_demerits = 5000.0;
        let b = break_items(&items, &p).unwrap();
        assert_eq!(ats(&b), vec![5, last]);
        assert!((b[0].ratio + 0.9).abs() < 1e-4);
    }

    #[test]
    fn no_line_is_ever_overfull() {
        // Pseudo-random paragraphs: every line's natural width minus its
        // shrink fits the measure.
        let mut seed = 12345u32;
        let mut rnd = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as f32 / 65536.0
        };
        for _ in 0..50 {
            let words: Vec<f32> = (0..80).map(|_| 10.0 + 50.0 * rnd()).collect();
            let items = para(&words, (8.0, 4.0, 2.5));
            let mut p = justified(250.0);
            p.max_ratio = None;
            let b = break_items(&items, &p).unwrap();
            let mut from = 0;
            for br in &b {
                let (mut w, mut z) = (Pt::ZERO, Pt::ZERO);
                for it in &items[from..br.at] {
                    if it.kind != Kind::Penalty {
                        w += it.width;
                        z += it.shrink;
                    }
                }
                assert!(w - z <= Pt(250.0 + 1e-3), "overfull: {w:?} - {z:?}");
                assert!(br.ratio >= -1.0 - 1e-4);
                from = br.at + 1;
            }
        }
    }
}
