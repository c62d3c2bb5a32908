//! Benchmark of the text engine: sets every paragraph of the bundled book
//! (and of a book 20 times its size) and reports words per second and
//! microseconds per paragraph; then the cost of drawing and embedding the
//! proof PDF. Run with `cargo bench --bench text_engine`.

/// The allocator `recto` itself uses (src/main.rs), so in-process
/// figures match the binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::Instant;

use recto::model::plain_text;
use recto::pdf::proof::{book_paragraphs, proof_pdf, Geometry};
use recto::typeset::text::{ParaStyle, TextEngine};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let (book, settings) = match recto::driver::load(&dir) {
        Ok(loaded) => (loaded.book, loaded.settings),
        Err(d) => {
            eprintln!("cannot load {}: {:?}", dir.display(), d);
            std::process::exit(1);
        }
    };
    let t = Instant::now();
    let engine = TextEngine::new(&settings.hyphenation);
    let _ = recto::typeset::fonts::faces();
    println!(
        "engine setup (patterns, exceptions, font faces): {:.2} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let paras = book_paragraphs(&book);
    let g = Geometry::a5_reference();
    let words: usize = paras
        .iter()
        .map(|p| plain_text(p.content).split_whitespace().count())
        .sum();

    for (copies, fresh) in [(1usize, true), (1, false), (20, true), (20, false)] {
        // Take the best of a few runs. `fresh`: a new engine per run, so
        // every word is shaped and hyphenated again (what one build does);
        // otherwise the engine's word cache is warm.
        let mut best = f64::MAX;
        let mut lines = 0;
        let runs = if copies == 1 { 20 } else { 4 };
        let mut engine = TextEngine::new(&settings.hyphenation);
        for _ in 0..=runs {
            if fresh {
                engine = TextEngine::new(&settings.hyphenation);
            }
            let t = Instant::now();
            lines = 0;
            for _ in 0..copies {
                for p in &paras {
                    let indent = if p.first {
                        recto::units::Pt::ZERO
                    } else {
                        g.indent
                    };
                    let style = ParaStyle::body(g.size, g.leading, indent, p.lang);
                    let set = engine.set_paragraph(p.content, p.notes, &style, g.measure(), &p.loc);
                    lines += set.lines.len();
                }
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        let n = paras.len() * copies;
        let w = words * copies;
        let cache = if fresh { "cold" } else { "warm" };
        println!(
            "×{copies:<2} {cache}: {n} paragraphs, {w} words, {lines} lines in {:.2} ms: {:.0} words/s, {:.1} µs/paragraph",
            best * 1e3,
            w as f64 / best,
            best * 1e6 / n as f64
        );
    }

    // Which breaking pass each paragraph needed.
    let mut passes = [0usize; 5];
    for p in &paras {
        let indent = if p.first {
            recto::units::Pt::ZERO
        } else {
            g.indent
        };
        let style = ParaStyle::body(g.size, g.leading, indent, p.lang);
        let set = engine.set_paragraph(p.content, p.notes, &style, g.measure(), &p.loc);
        passes[set.pass.min(4) as usize] += 1;
    }
    println!(
        "paragraphs set in pass 1 (spaces ≤ 1.5×): {}, pass 2 (+ letterspacing): {}, pass 3 (spaces ≤ 2×): {}, emergency: {}",
        passes[1], passes[2], passes[3], passes[4]
    );

    let t = Instant::now();
    let (bytes, _) = match proof_pdf(&engine, &paras, &g) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!(
        "proof PDF (set + draw + subset + save): {:.2} ms, {} bytes",
        t.elapsed().as_secs_f64() * 1e3,
        bytes.len()
    );
}
