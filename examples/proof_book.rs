//! Sets every paragraph of a manuscript with the text engine, stacks the
//! lines on A5 pages (the quality bar's geometry) and writes a proof PDF:
//! `cargo run --example proof_book -- MANUSCRIPT_DIR out.pdf [COPIES]`
//! (COPIES repeats the book, e.g. 20 for the ×20 measurements).

use recto::pdf::proof::{book_paragraphs, proof_pdf, Geometry};
use recto::typeset::text::TextEngine;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: proof_book MANUSCRIPT_DIR OUT.pdf");
        std::process::exit(2);
    };
    let (book, settings) = match recto::driver::load(std::path::Path::new(dir)) {
        Ok(loaded) => (loaded.book, loaded.settings),
        Err(diags) => {
            for d in diags.iter() {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    };
    let engine = TextEngine::new(&settings.hyphenation);
    let copies: usize = args.get(2).and_then(|c| c.parse().ok()).unwrap_or(1);
    let one = book_paragraphs(&book);
    let mut paras = Vec::new();
    for _ in 0..copies {
        paras.extend(one.iter().cloned());
    }
    // RECTO_PROOF_GEOMETRY="w,h,top,bottom,left,right (mm),size,leading,indent (pt)"
    let mut g = Geometry::a5_reference();
    if let Ok(spec) = std::env::var("RECTO_PROOF_GEOMETRY") {
        let v: Vec<f32> = spec
            .split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect();
        if v.len() == 9 {
            use recto::units::Pt;
            g = Geometry {
                width: Pt::from_mm(v[0]),
                height: Pt::from_mm(v[1]),
                top: Pt::from_mm(v[2]),
                bottom: Pt::from_mm(v[3]),
                left: Pt::from_mm(v[4]),
                right: Pt::from_mm(v[5]),
                size: Pt(v[6]),
                leading: Pt(v[7]),
                indent: Pt(v[8]),
            };
        }
    }
    match proof_pdf(&engine, &paras, &g) {
        Ok((bytes, warnings)) => {
            for w in warnings {
                eprintln!("{w}");
            }
            if let Err(e) = std::fs::write(out, bytes) {
                eprintln!("{out}: {e}");
                std::process::exit(2);
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
