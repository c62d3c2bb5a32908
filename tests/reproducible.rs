//! Reproducible builds: with `SOURCE_DATE_EPOCH` set, two builds of the
//! bundled manuscript copied to two different paths give byte-identical
//! outputs (EPUB, book PDF and, where registered, the cover PDF), carrying
//! that date. Without it, the dates come from the manuscript's own `date`.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds `manuscript` into `out` with the given SOURCE_DATE_EPOCH (or
/// none); returns every output by name.
fn build(manuscript: &Path, out: &Path, epoch: Option<&str>) -> BTreeMap<String, Vec<u8>> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_recto"));
    cmd.args(["build", "--quiet", "--manuscript"])
        .arg(manuscript)
        .arg("--out")
        .arg(out);
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    let r = cmd.output().expect("the binary runs");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Two copies of the bundled manuscript at different depths and names.
fn two_copies(tag: &str) -> (PathBuf, PathBuf, PathBuf) {
    let top = std::env::temp_dir().join(format!("recto-repro-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&top);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let a = top.join("a/manuscript");
    let b = top.join("somewhere/else entirely/book");
    common::copy_dir(&src, &a, &[]);
    common::copy_dir(&src, &b, &[]);
    (top, a, b)
}

/// The content of the EPUB's package document.
fn opf(epub: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip archive");
    let name = (0..zip.len())
        .filter_map(|i| zip.by_index(i).ok().map(|f| f.name().to_string()))
        .find(|n| n.ends_with(".opf"))
        .expect("an OPF in the EPUB");
    let mut s = String::new();
    zip.by_name(&name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The `dcterms:modified` value of an OPF.
fn modified(opf: &str) -> String {
    let start = opf
        .find("property=\"dcterms:modified\">")
        .expect("dcterms:modified")
        + "property=\"dcterms:modified\">".len();
    let end = start + opf[start..].find('<').unwrap();
    opf[start..end].to_string()
}

/// The Info dictionary's CreationDate of a PDF.
fn creation_date(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF lopdf can read");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .and_then(|id| doc.get_dictionary(id))
        .expect("an Info dictionary");
    let date = info.get(b"CreationDate").expect("a CreationDate");
    match date {
        lopdf::Object::String(bytes, _) => String::from_utf8_lossy(bytes).into_owned(),
        other => panic!("CreationDate is {other:?}"),
    }
}

/// The kinds of output every build has; the cover PDF joins when its
/// renderer is registered.
fn assert_outputs(outputs: &BTreeMap<String, Vec<u8>>) {
    assert!(
        outputs.keys().any(|n| n.ends_with(".epub")),
        "{:?}",
        outputs.keys()
    );
    assert!(
        outputs
            .keys()
            .any(|n| n.ends_with(".pdf") && !n.contains("cover")),
        "{:?}",
        outputs.keys()
    );
}

#[test]
fn source_date_epoch_makes_builds_byte_identical_across_paths() {
    let (top, a, b) = two_copies("epoch");
    // 2023-11-14T22:13:20Z: a time of day, to see it is kept, not rounded.
    let epoch = "1700000000";
    let first = build(&a, &top.join("out-a"), Some(epoch));
    let second = build(&b, &top.join("other/out-b"), Some(epoch));
    assert_outputs(&first);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(
            *bytes == second[name],
            "{name} differs between the two paths"
        );
    }
    for (name, bytes) in &first {
        if name.ends_with(".epub") {
            assert_eq!(modified(&opf(bytes)), "2023-11-14T22:13:20Z");
        } else if name.ends_with(".pdf") {
            assert_eq!(creation_date(bytes), "D:20231114221320Z", "{name}");
        }
    }
    let _ = std::fs::remove_dir_all(top);
}

#[test]
fn without_source_date_epoch_dates_come_from_the_manuscript() {
    let (top, a, b) = two_copies("date");
    let book: toml::Value =
        toml::from_str(&std::fs::read_to_string(a.join("book.toml")).unwrap()).unwrap();
    let date = book["book"]["date"].as_str().unwrap().to_string();
    // The manuscript's date, moved, shows up as the new date.
    let moved = "2024-02-29";
    for dir in [&a, &b] {
        let p = dir.join("book.toml");
        let text = std::fs::read_to_string(&p).unwrap().replace(
            &format!("date = \"{date}\""),
            &format!("date = \"{moved}\""),
        );
        std::fs::write(p, text).unwrap();
    }
    let first = build(&a, &top.join("out-a"), None);
    let second = build(&b, &top.join("out-b"), None);
    assert_outputs(&first);
    for (name, bytes) in &first {
        assert!(*bytes == second[name], "{name} is not deterministic");
        if name.ends_with(".epub") {
            assert_eq!(modified(&opf(bytes)), format!("{moved}T00:00:00Z"));
        } else if name.ends_with(".pdf") {
            assert_eq!(creation_date(bytes), "D:20240229000000Z", "{name}");
        }
    }
    let _ = std::fs::remove_dir_all(top);
}
