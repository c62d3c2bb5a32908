//! Sets text files (paragraphs separated by blank lines) with the text
//! engine on A5 pages and writes a proof PDF:
//! `cargo run --example proof -- out.pdf FILE...`.

use recto::model::Lang;
use recto::pdf::proof::{paragraphs_of, proof_pdf, Geometry, ProofPara};
use recto::typeset::text::{SourceLoc, TextEngine};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, files)) = args.split_first() else {
        eprintln!("usage: proof OUT.pdf FILE...");
        std::process::exit(2);
    };
    let engine = TextEngine::new(&Default::default());
    let texts: Vec<(String, Vec<_>)> = files
        .iter()
        .map(|f| {
            let t = std::fs::read_to_string(f).unwrap_or_default();
            (f.clone(), paragraphs_of(&t))
        })
        .collect();
    let mut paras = Vec::new();
    for (file, ps) in &texts {
        for (i, p) in ps.iter().enumerate() {
            paras.push(ProofPara {
                content: p,
                notes: &[],
                lang: Lang::En,
                first: i == 0,
                new_page: i == 0,
                loc: SourceLoc {
                    file: Some(file.into()),
                    line: 0,
                },
            });
        }
    }
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
