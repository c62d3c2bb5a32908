//! The whole-book validations, between reading and laying out.
//!
//! In: the book and the facts the reader gathered (where each citation,
//! source, timeline entry and glossary term was written). Out: diagnostics.
//! Reading checks every run of text as it goes (`manuscript::text`);
//! [`book`] then checks what needs the whole book: every source cited, the
//! chronology in order and sourced, the glossary in alphabetical order, and
//! the reading order listing every chapter file of the folder exactly once
//! (internal links are resolved and checked by the reader). Layout and
//! cover warnings come from the layout stage itself (`driver::lay_out`).

use crate::diag::{Diagnostic, Diagnostics};
use crate::manuscript::Facts;
use crate::model::Book;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Runs the whole-book checks, adding to `diags`.
pub fn book(_book: &Book, facts: &Facts, diags: &mut Diagnostics) {
    sources_cited(facts, diags);
    chronology(facts, diags);
    glossary(facts, diags);
    reading_order(facts, diags);
}

/// Every source in sources.toml is cited at least once (a citation, a
/// timeline entry or an article's `source`).
fn sources_cited(facts: &Facts, diags: &mut Diagnostics) {
    let cited: HashSet<&str> = facts.cites.iter().map(|c| c.0.as_str()).collect();
    for (id, file, line) in &facts.source_defs {
        if !cited.contains(id.as_str()) {
            diags.push(
                Diagnostic::error("source-uncited", format!("source `{id}` is never cited"))
                    .at(file, *line, 1)
                    .hint(format!(
                        "cite it with [@{id}] where it is used, or remove it from the bibliography"
                    )),
            );
        }
    }
}

/// The chronology is in date order and every entry names a source.
fn chronology(facts: &Facts, diags: &mut Diagnostics) {
    let mut prev: Option<crate::model::Date> = None;
    for (date, sources, file, line) in &facts.timeline {
        if let Some(p) = prev {
            if *date < p {
                diags.push(
                    Diagnostic::error(
                        "chronology-order",
                        format!(
                            "{} comes after {}: the chronology is out of order",
                            date.iso(),
                            p.iso()
                        ),
                    )
                    .at(file, *line, 1)
                    .hint("move this entry to its place in date order"),
                );
            }
        }
        if *sources == 0 {
            diags.push(
                Diagnostic::error(
                    "chronology-unsourced",
                    format!("the entry of {} has no source", date.iso()),
                )
                .at(file, *line, 1)
                .hint("add sources = [\"id\"] naming at least one source from sources.toml"),
            );
        }
        prev = Some(prev.map_or(*date, |p| p.max(*date)));
    }
}

/// The sort key of a glossary term: letters and digits, lowercased
/// ("Shal, ket!" sorts as "shalket").
fn sort_key(term: &str) -> String {
    term.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The glossary is in alphabetical order, ignoring case and punctuation.
fn glossary(facts: &Facts, diags: &mut Diagnostics) {
    for w in facts.glossary.windows(2) {
        let (prev, (term, file, line)) = (&w[0].0, &w[1]);
        if sort_key(term) < sort_key(prev) {
            diags.push(
                Diagnostic::error(
                    "glossary-order",
                    format!("“{term}” comes after “{prev}”: the glossary is out of order"),
                )
                .at(file, *line, 1)
                .hint("keep the terms in alphabetical order, ignoring case"),
            );
        }
    }
}

/// The reading order lists every `.md` file of the folder exactly once.
fn reading_order(facts: &Facts, diags: &mut Diagnostics) {
    let book_toml = facts.shown_root.join("book.toml");
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (rel, line) in &facts.listed {
        let key = normalise(rel);
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(
                    "reading-order-duplicate",
                    format!("`{rel}` is listed twice in the reading order (first on line {first})"),
                )
                .at(&book_toml, *line, 0)
                .hint("list each chapter file once"),
            );
        } else {
            seen.insert(key, *line);
        }
    }
    let mut files = Vec::new();
    markdown_files(&facts.root, "", &mut files);
    files.sort();
    for f in files {
        if !seen.contains_key(&f) {
            diags.push(
                Diagnostic::error(
                    "reading-order-missing",
                    format!("`{f}` is not in the reading order"),
                )
                .in_file(facts.shown_root.join(&f))
                .hint("add it to [contents] in book.toml, or move it out of the manuscript folder"),
            );
        }
    }
}

/// `./a//b.md` → `a/b.md`.
fn normalise(rel: &str) -> String {
    rel.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Every `.md` file under `dir`, as `/`-separated paths relative to the
/// manuscript folder. Hidden entries are skipped; symlinks are not followed.
fn markdown_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if ft.is_dir() {
            markdown_files(&e.path(), &rel, out);
        } else if ft.is_file() && name.ends_with(".md") {
            out.push(rel);
        }
    }
}
