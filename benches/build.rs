//! Benchmark of the whole build, in process and as separate processes.
//!
//! `cargo bench --bench build` measures:
//! 1. the bundled book (manuscript/): reading and checking it, then every
//!    registered renderer (EPUB, PDF, cover) one at a time, then all of them
//!    at once as `recto build` runs them (one thread each), many
//!    iterations → median; run under `taskset -c 0` for one core;
//! 2. generated books of about 250, 500, 1,000 and 2,000 pages with notes
//!    (written by [`generate`] into target/bench-books/), fewer iterations,
//!    to show how the cost grows with length;
//! 3. wall time and peak memory of `recto build` on the bundled book and on
//!    the 1,000-page book, each as its own process: the median wall time of
//!    several runs, timed here, and the peak resident set from GNU time
//!    (`/usr/bin/time -f '%M'`).
//!
//! Options (after `--`): `--quick` (fewer iterations), `--process` (only
//! part 3), `--generate DIR [--pages N]` (only write a generated
//! manuscript, e.g. to profile it).

/// The allocator `recto` itself uses (src/main.rs), so in-process
/// figures match the binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use recto::build::{render_all, renderers, Format};
use recto::diag::Diagnostics;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/generate.rs"]
mod generate;

use generate::generate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--generate") {
        let dir = PathBuf::from(args.get(i + 1).expect("--generate DIR"));
        let pages = args
            .iter()
            .position(|a| a == "--pages")
            .and_then(|i| args.get(i + 1))
            .and_then(|p| p.parse().ok())
            .unwrap_or(1000);
        generate(&dir, pages);
        println!("wrote a ~{pages}-page manuscript to {}", dir.display());
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if args.iter().any(|a| a == "--process") {
        let books = root.join("target/bench-books");
        generate(&books.join("pages-1000"), 1000);
        process_section(root, &books, quick);
        return;
    }
    let names: Vec<&str> = renderers(Format::All).iter().map(|r| r.name()).collect();
    println!(
        "renderers: {}; {} core(s) available",
        if names.is_empty() {
            "none registered".to_string()
        } else {
            names.join(", ")
        },
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    println!("\n== bundled book (manuscript/), in process");
    bench_book(&root.join("manuscript"), if quick { 10 } else { 50 });

    let books = root.join("target/bench-books");
    println!("\n== generated books, in process (growth with length)");
    let mut per_page = Vec::new();
    for pages in [250usize, 500, 1000, 2000] {
        let dir = books.join(format!("pages-{pages}"));
        generate(&dir, pages);
        let iterations = match (quick, pages) {
            (true, _) => 1,
            (false, p) if p <= 500 => 5,
            _ => 3,
        };
        println!("-- about {pages} pages");
        if let Some((total, printed)) = bench_book(&dir, iterations) {
            let n = printed.unwrap_or(pages);
            per_page.push((n, total));
        }
    }
    if per_page.len() >= 2 {
        println!("\ngrowth (median total / printed pages):");
        for (pages, t) in &per_page {
            println!(
                "  {pages:>5} pages: {:>8.1} ms, {:.3} ms/page",
                ms(*t),
                ms(*t) / *pages as f64
            );
        }
    }

    process_section(root, &books, quick);
}

/// Part 3: `recto build` as separate processes.
fn process_section(root: &Path, books: &Path, quick: bool) {
    println!(
        "\n== separate processes: `recto build --quiet` (peak memory from `/usr/bin/time -f '%M'`)"
    );
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_recto"));
    for (label, dir, runs) in [
        (
            "bundled book",
            root.join("manuscript"),
            if quick { 5 } else { 30 },
        ),
        (
            "1,000-page book",
            books.join("pages-1000"),
            if quick { 1 } else { 5 },
        ),
    ] {
        match process_time(&exe, &dir, &books.join("out"), runs) {
            Some((secs, kb)) => println!(
                "  {label:<16} wall {:>7.1} ms (median of {runs}), peak memory {:>6.1} MB",
                secs * 1e3,
                kb as f64 / 1024.0
            ),
            None => println!("  {label:<16} (GNU time not available or the build failed)"),
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Reads and renders the manuscript in `dir` `iterations` times (after one
/// warm-up); prints median and minimum per stage. Returns the median total
/// and the page count of the book PDF, if one was rendered.
fn bench_book(dir: &Path, iterations: usize) -> Option<(Duration, Option<usize>)> {
    let list = renderers(Format::All);
    let mut load_t = Vec::new();
    let mut layout_t = Vec::new();
    let mut stage_t: Vec<Vec<Duration>> = vec![Vec::new(); list.len()];
    let mut total_t = Vec::new();
    let mut parallel_t = Vec::new();
    let mut sizes = Vec::new();
    // The warm-up: read + each renderer once, in a fresh process's state
    // (fonts parsed and shaping plans built on first use).
    let mut cold = None;
    for i in 0..=iterations {
        let start = Instant::now();
        let loaded = match recto::driver::load(dir) {
            Ok(x) => x,
            Err(d) => {
                println!("  cannot read {}: {} diagnostics", dir.display(), d.0.len());
                for d in d.iter().take(5) {
                    println!("    {d}");
                }
                return None;
            }
        };
        let read = start.elapsed();
        let t = Instant::now();
        let run = match loaded.lay_out() {
            Ok(run) => run,
            Err(d) => {
                println!("  cannot lay out {}: {}", dir.display(), first(&d));
                return None;
            }
        };
        let laid_out = t.elapsed();
        let ctx = run.context();
        let mut diags = run.diags.clone();
        let mut stages = Vec::new();
        sizes.clear();
        for r in &list {
            let t = Instant::now();
            let one = std::slice::from_ref(r);
            match render_all(&ctx, one, &mut diags) {
                Ok(outs) => {
                    sizes.extend(outs.into_iter().map(|o| (o.name, o.bytes.len(), o.pages)))
                }
                Err(d) => {
                    println!("  {} failed: {}", r.name(), first(&d));
                    return None;
                }
            }
            stages.push(t.elapsed());
        }
        let total = start.elapsed();
        // All renderers at once, as `recto build` runs them.
        let t = Instant::now();
        if let Err(d) = render_all(&ctx, &list, &mut diags) {
            println!("  render_all failed: {}", first(&d));
            return None;
        }
        let parallel = read + laid_out + t.elapsed();
        if i == 0 {
            cold = Some((total, read));
        } else {
            parallel_t.push(parallel);
            load_t.push(read);
            layout_t.push(laid_out);
            for (k, s) in stages.into_iter().enumerate() {
                stage_t[k].push(s);
            }
            total_t.push(total);
        }
    }
    let show = |name: &str, v: &[Duration]| {
        let min = v.iter().min().copied().unwrap_or_default();
        println!(
            "  {name:<28} median {:>8.2} ms   min {:>8.2} ms",
            ms(median(v.to_vec())),
            ms(min)
        );
    };
    show("read + check", &load_t);
    show("lay out (pages, covers)", &layout_t);
    for (r, t) in list.iter().zip(&stage_t) {
        show(&format!("render {}", r.name()), t);
    }
    show("total, writers one at a time", &total_t);
    show("total, writers at once", &parallel_t);
    if let Some((total, loaded)) = cold {
        println!(
            "  first iteration        {:>8.2} ms   (read + check {:.2} ms; includes first-use setup)",
            ms(total),
            ms(loaded)
        );
    }
    let mut pdf_pages = None;
    for (name, bytes, pages) in &sizes {
        let p = pages.map(|p| format!(", {p} pages")).unwrap_or_default();
        println!("  output {name}: {:.1} KB{p}", *bytes as f64 / 1024.0);
        if name.ends_with(".pdf") && !name.contains("cover") {
            pdf_pages = *pages;
        }
    }
    println!("  ({iterations} iterations after one warm-up)");
    Some((median(parallel_t), pdf_pages))
}

fn first(d: &Diagnostics) -> String {
    d.iter().next().map(|d| d.to_string()).unwrap_or_default()
}

/// Runs `recto build --quiet` `runs` times under GNU time: the median
/// wall time (measured here, to the microsecond; GNU time's `%e` has only
/// centiseconds) and the largest peak resident set (`%M`, KB).
fn process_time(exe: &Path, manuscript: &Path, out: &Path, runs: usize) -> Option<(f64, u64)> {
    let mut walls = Vec::with_capacity(runs);
    let mut peak = 0u64;
    for _ in 0..runs {
        let start = Instant::now();
        let output = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(exe)
            .args(["build", "--quiet", "--manuscript"])
            .arg(manuscript)
            .arg("--out")
            .arg(out)
            .output()
            .ok()?;
        walls.push(start.elapsed());
        if !output.status.success() {
            return None;
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        peak = peak.max(stderr.lines().last()?.trim().parse().ok()?);
    }
    Some((median(walls).as_secs_f64(), peak))
}
