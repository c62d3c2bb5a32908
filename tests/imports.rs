//! The pipeline's data flows one way. This test reads every file in `src/`
//! and fails on a `crate::…` path into a top-level module that its own
//! top-level module may not use, and on any loop between top-level modules.
//!
//! ```text
//!   manuscript ─▶ model ─▶ polish ─▶ check ─▶ layout ─────▶ render ─▶ epub/ pdf/
//!   (read)        (the      (typo-    (whole-  (pages, once;  (the      (writers; they
//!                  Book)     graphy)   book)    cover: the     context)  draw what layout
//!                                               covers)                  and cover made)
//!                              typeset: fonts, shaping, hyphenation, lines (under layout,
//!                              cover and the reader's glyph checks)
//!
//!   driver runs read → check → lay out; build runs the writers and saves
//!   their files. The command line (src/cli/) belongs to the binary and
//!   reaches the library only through its public paths (`recto::…`).
//!   diag, units and config are leaves every stage may use.
//! ```
//!
//! [`ALLOWED`] is the one list of allowed directions: each top-level module
//! with the modules it may import. Unit-test modules (`#[cfg(test)]` to the
//! end of a file) and comments are not read: tests may load a whole book.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of `src/` and the top-level modules it may use.
const ALLOWED: &[(&str, &[&str])] = &[
    ("diag", &[]),
    ("units", &[]),
    ("config", &["diag", "units"]),
    // The model is data: it uses no later stage and no settings.
    ("model", &["diag", "units"]),
    ("polish", &["model", "diag"]),
    // The shared typesetting layer: no renderer, check or reader.
    ("typeset", &["model", "config", "diag", "units"]),
    // Reading checks single runs of text itself; it never imports `check`.
    (
        "manuscript",
        &["model", "config", "polish", "typeset", "diag", "units"],
    ),
    ("check", &["manuscript", "model", "config", "diag", "units"]),
    // The page engine: lays the book out once, for every writer.
    ("layout", &["typeset", "model", "config", "diag", "units"]),
    // Covers lay out into a drawing; writers draw it. No PDF internals.
    ("cover", &["typeset", "model", "config", "diag", "units"]),
    ("render", &["layout", "cover", "model", "config", "diag"]),
    // Writers depend on layout and cover, never on each other.
    (
        "epub",
        &[
            "layout", "cover", "typeset", "render", "model", "config", "diag", "units",
        ],
    ),
    (
        "pdf",
        &[
            "layout", "cover", "typeset", "render", "model", "config", "diag", "units",
        ],
    ),
    ("build", &["epub", "pdf", "render", "diag"]),
    (
        "driver",
        &[
            "manuscript",
            "check",
            "layout",
            "cover",
            "typeset",
            "render",
            "build",
            "model",
            "config",
            "diag",
        ],
    ),
    // The binary's command line: `crate::` there names the binary's own
    // modules, so it may use none of the library's this way.
    ("cli", &[]),
    (
        "fuzzing",
        &["driver", "build", "manuscript", "model", "diag"],
    ),
];

/// The text of a source file without comments and without its unit-test
/// module.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules `code` names with `crate::NAME`, including those
/// inside `use crate::{a::…, b::…}` groups.
fn used_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let word = |s: &str| -> String {
            s.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        };
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            // Top-level names in the group: after `{` or a `,` at depth 0.
            let mut depth = 0;
            let mut start = true;
            for (j, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start && depth == 0 => {
                        out.insert(word(&group[j..]));
                        start = false;
                    }
                    _ => start = false,
                }
            }
        } else {
            let w = word(after);
            if !w.is_empty() {
                out.insert(w);
            }
        }
        rest = after;
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ reads") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Top-level module → (used module → first file using it).
fn edges() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src");
        let top = rel
            .components()
            .next()
            .expect("a name")
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("source reads");
        for used in used_modules(&code_of(&text)) {
            if used != top {
                edges
                    .entry(top.clone())
                    .or_default()
                    .entry(used)
                    .or_insert_with(|| rel.display().to_string());
            }
        }
    }
    edges
}

#[test]
fn every_import_follows_the_pipeline() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (from, uses) in edges() {
        let Some(ok) = allowed.get(from.as_str()) else {
            wrong.push(format!(
                "src/{from}: a new top-level module; add it to ALLOWED in tests/imports.rs"
            ));
            continue;
        };
        for (to, file) in uses {
            if !ok.contains(&to.as_str()) {
                wrong.push(format!("src/{file}: `{from}` may not use `crate::{to}`"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_loop_between_top_level_modules() {
    let edges = edges();
    // Depth-first search for a back edge.
    fn visit<'a>(
        m: &'a str,
        edges: &'a BTreeMap<String, BTreeMap<String, String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| *p == m) {
            let mut cycle: Vec<String> = path[i..].iter().map(|s| s.to_string()).collect();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if !done.insert(m) {
            return None;
        }
        path.push(m);
        for to in edges.get(m).into_iter().flat_map(|u| u.keys()) {
            if let Some(c) = visit(to, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in edges.keys() {
        if let Some(cycle) = visit(m, &edges, &mut Vec::new(), &mut done) {
            panic!("a loop between top-level modules: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_reader_sees_grouped_and_nested_paths() {
    let code = code_of(
        "use crate::{model::Book, diag::{self, Diagnostic}};\n\
         // use crate::pdf::x;\n\
         fn f() { crate::typeset::fonts::faces(); }\n\
         #[cfg(test)]\nmod tests { use crate::check; }",
    );
    let used: Vec<String> = used_modules(&code).into_iter().collect();
    assert_eq!(used, ["diag", "model", "typeset"]);
}
