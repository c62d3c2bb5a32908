//! Properties every EPUB recto builds must have, checked on the parsed
//! archive: shared by the hand-built-book and bundled-book tests.

#![allow(dead_code)]

use super::inspect::{parse, target_exists, Epub, OPS, XML};
use recto::model::Book;

/// Every noteref resolves to an aside in the same document (so pop-ups
/// work) with footnote semantics, whose backlink returns to the noteref;
/// markers at both ends are the model's. Returns the number of noterefs.
pub fn notes_resolve_both_ways(e: &Epub, book: &Book) -> usize {
    let ids = e.ids();
    let markers: std::collections::HashMap<&str, &str> = book
        .chapters
        .iter()
        .flat_map(|c| &c.notes)
        .map(|n| (n.id.as_str(), n.marker.as_str()))
        .collect();
    let mut refs = 0;
    for name in e.xhtml_files() {
        let doc = parse(e.text(name), name);
        for a in doc
            .descendants()
            .filter(|n| n.attribute((OPS, "type")) == Some("noteref"))
        {
            refs += 1;
            assert_eq!(a.attribute("role"), Some("doc-noteref"), "{name}");
            let href = a.attribute("href").expect("noteref href");
            assert!(target_exists(&ids, name, href), "{name}: {href} resolves");
            let target = href.strip_prefix('#').expect("note in the same document");
            let aside = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(target))
                .expect("note element");
            assert_eq!(aside.tag_name().name(), "aside", "{name} #{target}");
            assert_eq!(aside.attribute((OPS, "type")), Some("footnote"));
            assert_eq!(aside.attribute("role"), Some("doc-footnote"));
            let back = aside
                .descendants()
                .find(|n| n.attribute("role") == Some("doc-backlink"))
                .unwrap_or_else(|| panic!("{name} #{target} has a backlink"));
            let ref_id = a.attribute("id").expect("noteref id");
            assert_eq!(back.attribute("href"), Some(format!("#{ref_id}").as_str()));
            let marker = markers.get(target).expect("note in the model");
            assert_eq!(a.text(), Some(*marker), "{name} #{target} marker");
            assert_eq!(back.text(), Some(*marker), "{name} #{target} back marker");
        }
    }
    let model_notes: usize = book.chapters.iter().map(|c| c.notes.len()).sum();
    assert_eq!(refs, model_notes, "one noteref per model note");
    refs
}

/// Every link of the nav document (toc and landmarks), the NCX and the
/// visible Contents page resolves; the landmarks include cover, toc and
/// bodymatter. Returns the number of toc entries.
pub fn navigation_resolves(e: &Epub) -> usize {
    let ids = e.ids();
    let nav_doc = parse(e.text("OEBPS/nav.xhtml"), "nav");
    let mut kinds = Vec::new();
    let mut toc_entries = 0;
    for n in nav_doc
        .descendants()
        .filter(|n| n.tag_name().name() == "nav")
    {
        let kind = n.attribute((OPS, "type")).expect("nav epub:type");
        kinds.push(kind.to_string());
        for a in n.descendants().filter(|a| a.tag_name().name() == "a") {
            let href = a.attribute("href").expect("href");
            assert!(target_exists(&ids, "OEBPS/nav.xhtml", href), "nav {href}");
            if kind == "toc" {
                toc_entries += 1;
            }
        }
    }
    assert_eq!(kinds, ["toc", "landmarks"]);
    let landmarks: Vec<&str> = nav_doc
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .filter_map(|n| n.attribute((OPS, "type")))
        .collect();
    for required in ["cover", "toc", "bodymatter"] {
        assert!(landmarks.contains(&required), "landmark {required}");
    }
    let ncx = parse(e.text("OEBPS/toc.ncx"), "ncx");
    let mut points = 0;
    for c in ncx
        .descendants()
        .filter(|n| n.tag_name().name() == "content")
    {
        points += 1;
        let src = c.attribute("src").expect("src");
        assert!(target_exists(&ids, "OEBPS/toc.ncx", src), "ncx {src}");
    }
    assert_eq!(points, toc_entries, "NCX and nav list the same entries");
    for name in e.xhtml_files() {
        let doc = parse(e.text(name), name);
        for a in doc.descendants().filter(|n| n.tag_name().name() == "a") {
            let Some(href) = a.attribute("href") else {
                continue;
            };
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            assert!(target_exists(&ids, name, href), "{name}: link {href}");
        }
    }
    toc_entries
}

/// Every XHTML root has `xml:lang` and `lang` (equal), and every element
/// with one has both. Returns the (lang, text) of every foreign span.
pub fn languages_marked(e: &Epub) -> Vec<(String, String)> {
    let mut foreign = Vec::new();
    for name in e.xhtml_files() {
        let doc = parse(e.text(name), name);
        let root = doc.root_element();
        let lang = root.attribute((XML, "lang"));
        assert!(lang.is_some(), "{name} root xml:lang");
        assert_eq!(root.attribute("lang"), lang, "{name} root lang");
        for n in doc.descendants().filter(|n| n.is_element() && *n != root) {
            assert_eq!(
                n.attribute("lang"),
                n.attribute((XML, "lang")),
                "{name}: lang and xml:lang together"
            );
            if let Some(l) = n.attribute("lang") {
                let text: String = n
                    .descendants()
                    .filter(|t| t.is_text())
                    .filter_map(|t| t.text())
                    .collect();
                foreign.push((l.to_string(), text));
            }
        }
    }
    foreign
}

/// Every content document starts at `h1` and never skips a level; only
/// the cover page (a titled image) may have no heading.
pub fn headings_without_gaps(e: &Epub) {
    for name in e.xhtml_files() {
        let doc = parse(e.text(name), name);
        let levels: Vec<u8> = doc
            .descendants()
            .filter_map(|n| {
                let t = n.tag_name().name().as_bytes();
                (t.len() == 2 && t[0] == b'h' && (b'1'..=b'6').contains(&t[1])).then(|| t[1] - b'0')
            })
            .collect();
        if levels.is_empty() && name == "OEBPS/cover.xhtml" {
            continue;
        }
        assert_eq!(
            levels.first(),
            Some(&1),
            "{name} starts with h1: {levels:?}"
        );
        for w in levels.windows(2) {
            assert!(w[1] <= w[0] + 1, "{name}: h{} after h{}", w[1], w[0]);
        }
    }
}

/// The accessibility metadata of EPUB Accessibility 1.1.
pub fn accessibility_metadata(e: &Epub) {
    let opf = parse(e.text("OEBPS/content.opf"), "opf");
    assert!(
        opf.root_element().attribute((XML, "lang")).is_some(),
        "the package document has xml:lang (Ace: epub-lang)"
    );
    let meta = |prop: &str| -> Vec<String> {
        opf.descendants()
            .filter(|n| n.tag_name().name() == "meta" && n.attribute("property") == Some(prop))
            .filter_map(|n| n.text().map(str::to_string))
            .collect()
    };
    assert!(meta("schema:accessMode").contains(&"textual".into()));
    assert_eq!(meta("schema:accessModeSufficient"), ["textual"]);
    let features = meta("schema:accessibilityFeature");
    for f in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
        "alternativeText",
    ] {
        assert!(features.iter().any(|x| x == f), "feature {f}");
    }
    assert_eq!(meta("schema:accessibilityHazard"), ["none"]);
    let summary = meta("schema:accessibilitySummary");
    assert!(summary.len() == 1 && summary[0].split_whitespace().count() > 30);
    assert_eq!(
        meta("dcterms:conformsTo"),
        ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    );
    // Every image has alternative text.
    for name in e.xhtml_files() {
        let doc = parse(e.text(name), name);
        for img in doc.descendants().filter(|n| n.tag_name().name() == "img") {
            assert!(
                img.attribute("alt").is_some_and(|a| !a.trim().is_empty()),
                "{name}: img without alt"
            );
        }
    }
}

/// No script, event handler or `javascript:` URL anywhere.
pub fn no_active_content(e: &Epub) {
    for name in e.xhtml_files() {
        let doc = parse(e.text(name), name);
        for n in doc.descendants().filter(|n| n.is_element()) {
            assert_ne!(n.tag_name().name(), "script", "{name}");
            for a in n.attributes() {
                assert!(
                    !a.name().starts_with("on"),
                    "{name}: {} attribute",
                    a.name()
                );
                assert!(
                    !a.value()
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "{name}: javascript: URL"
                );
            }
        }
    }
}
