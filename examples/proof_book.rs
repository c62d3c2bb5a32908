//! Sets every paragraph of a manuscript with the text engine, stacks the
//! lines on A5 pages (the quality bar's geometry) and writes a proof PDF:
//! `cargo run --example proof_book -- MANUSCRIPT_DIR out.pdf`.

use quire::pdf::text::proof::{book_paragraphs, proof_pdf, Geometry};
use quire::pdf::text::TextEngine;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: proof_book MANUSCRIPT_DIR OUT.pdf");
        std::process::exit(2);
    };
    let book = match quire::manuscript::load(std::path::Path::new(dir)) {
        Ok((book, _)) => book,
        Err(diags) => {
            for d in diags.iter() {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    };
    let engine = TextEngine::new(&book.hyphenation);
    let paras = book_paragraphs(&book);
    match proof_pdf(&engine, &paras, &Geometry::a5_reference()) {
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
