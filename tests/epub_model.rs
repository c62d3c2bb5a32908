//! The EPUB writer on a small hand-built book: structure, notes,
//! navigation, languages, metadata, escaping and determinism, checked by
//! parsing the archive it produces.

#[path = "epub/fixture.rs"]
mod fixture;
#[path = "epub/inspect.rs"]
mod inspect;

use inspect::{parse, target_exists, Epub, OPS, XML};
use quire::diag::Diagnostics;
use quire::epub::EpubRenderer;
use quire::model::{Block, Date};
use quire::render::Renderer;

fn build(book: &quire::model::Book) -> Vec<u8> {
    let mut diags = Diagnostics::default();
    let out = EpubRenderer.render(book, &mut diags).expect("EPUB renders");
    assert!(diags.is_empty(), "no diagnostics: {diags:?}");
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].name, format!("{}.epub", book.meta.slug));
    out[0].bytes.clone()
}

fn epub() -> Epub {
    Epub::open(&build(&fixture::book()))
}

#[test]
fn renderer_is_named_epub() {
    assert_eq!(EpubRenderer.name(), "epub");
}

#[test]
fn two_builds_are_byte_identical() {
    let book = fixture::book();
    assert_eq!(build(&book), build(&book));
}

#[test]
fn mimetype_comes_first_and_every_document_is_well_formed() {
    let e = epub();
    assert_eq!(e.order[0], "mimetype");
    assert_eq!(e.text("mimetype"), "application/epub+zip");
    for name in e.files.keys() {
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            parse(e.text(name), name);
        }
    }
}

#[test]
fn every_noteref_resolves_to_its_note_and_back() {
    let e = epub();
    let ids = e.ids();
    let book = fixture::book();
    let mut refs = 0;
    for name in e.xhtml_files() {
        let text = e.text(name);
        let doc = parse(text, name);
        for a in doc
            .descendants()
            .filter(|n| n.attribute((OPS, "type")) == Some("noteref"))
        {
            refs += 1;
            assert_eq!(a.attribute("role"), Some("doc-noteref"));
            let href = a.attribute("href").expect("noteref href");
            assert!(target_exists(&ids, name, href), "{name}: {href} resolves");
            let target = href.trim_start_matches('#');
            let aside = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(target))
                .expect("note in the same document (pop-up)");
            assert_eq!(aside.tag_name().name(), "aside");
            assert_eq!(aside.attribute((OPS, "type")), Some("footnote"));
            assert_eq!(aside.attribute("role"), Some("doc-footnote"));
            let back = aside
                .descendants()
                .find(|n| n.attribute("role") == Some("doc-backlink"))
                .expect("backlink in note");
            let back_href = back.attribute("href").expect("backlink href");
            assert_eq!(
                back_href,
                format!("#{}", a.attribute("id").expect("noteref id"))
            );
            // The marker is the model's, at the reference and in the note.
            let note = book
                .chapters
                .iter()
                .flat_map(|c| &c.notes)
                .find(|n| n.id == target)
                .expect("note in model");
            assert_eq!(a.text(), Some(note.marker.as_str()));
            assert_eq!(back.text(), Some(note.marker.as_str()));
        }
    }
    let model_notes: usize = book.chapters.iter().map(|c| c.notes.len()).sum();
    assert_eq!(refs, model_notes);
}

#[test]
fn editors_notes_are_labelled_and_classed_apart() {
    let e = epub();
    let text = e.text("OEBPS/text/introduction.xhtml");
    let doc = parse(text, "introduction");
    let aside = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("introduction-ed-a"))
        .unwrap();
    assert!(aside.attribute("class").unwrap().contains("note-editor"));
    let label: String = aside
        .descendants()
        .filter(|n| n.attribute("class") == Some("note-label"))
        .filter_map(|n| n.text())
        .collect();
    assert!(label.starts_with("Editor"), "visible label, got {label:?}");
    let author = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("introduction-n1"))
        .unwrap();
    assert!(!author.attribute("class").unwrap().contains("note-editor"));
}

#[test]
fn every_nav_entry_and_landmark_resolves() {
    let e = epub();
    let ids = e.ids();
    let nav = e.text("OEBPS/nav.xhtml");
    let doc = parse(nav, "nav");
    let mut kinds = Vec::new();
    for n in doc.descendants().filter(|n| n.tag_name().name() == "nav") {
        kinds.push(n.attribute((OPS, "type")).unwrap().to_string());
        for a in n.descendants().filter(|a| a.tag_name().name() == "a") {
            let href = a.attribute("href").unwrap();
            assert!(target_exists(&ids, "OEBPS/nav.xhtml", href), "nav {href}");
        }
    }
    assert_eq!(kinds, ["toc", "landmarks"]);
    let landmarks: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute((OPS, "type")))
        .collect();
    for required in ["cover", "toc", "bodymatter"] {
        assert!(landmarks.contains(&required), "landmark {required}");
    }
    let ncx = e.text("OEBPS/toc.ncx");
    let ncx_doc = parse(ncx, "ncx");
    let mut points = 0;
    for c in ncx_doc
        .descendants()
        .filter(|n| n.tag_name().name() == "content")
    {
        points += 1;
        assert!(target_exists(
            &ids,
            "OEBPS/toc.ncx",
            c.attribute("src").unwrap()
        ));
    }
    assert!(points > 5);
    // The visible Contents page links resolve too.
    let contents = e.text("OEBPS/text/contents.xhtml");
    for a in parse(contents, "contents")
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
    {
        assert!(target_exists(
            &ids,
            "OEBPS/text/contents.xhtml",
            a.attribute("href").unwrap()
        ));
    }
}

#[test]
fn toc_nests_parts_chapters_and_sections() {
    let e = epub();
    let nav = e.text("OEBPS/nav.xhtml");
    let doc = parse(nav, "nav");
    let li_with = |label: &str| {
        doc.descendants()
            .find(|n| {
                n.tag_name().name() == "li"
                    && n.first_element_child().and_then(|a| a.text()) == Some(label)
            })
            .unwrap_or_else(|| panic!("toc entry {label}"))
    };
    let parent_entry = |li: roxmltree::Node| {
        li.ancestors()
            .skip(1)
            .find(|n| n.tag_name().name() == "li")
            .and_then(|p| p.first_element_child())
            .and_then(|a| a.text())
            .map(str::to_string)
    };
    assert_eq!(
        parent_entry(li_with("Editorial introduction")).as_deref(),
        Some("Part I: Context")
    );
    assert_eq!(
        parent_entry(li_with("What happened")).as_deref(),
        Some("Editorial introduction")
    );
    assert_eq!(
        parent_entry(li_with("In Almaty")).as_deref(),
        Some("What happened")
    );
    assert_eq!(
        parent_entry(li_with("The winners will punish the losers")).as_deref(),
        Some("Part II: Two accounts")
    );
    assert_eq!(parent_entry(li_with("Sources")), None);
    assert_eq!(parent_entry(li_with("Contents")), None);
}

#[test]
fn every_document_and_foreign_span_has_xml_lang_and_lang() {
    let e = epub();
    let mut foreign = Vec::new();
    for name in e.xhtml_files() {
        let doc = parse(e.text(name), name);
        let root = doc.root_element();
        assert_eq!(
            root.attribute((XML, "lang")),
            Some("en"),
            "{name} root xml:lang"
        );
        assert_eq!(root.attribute("lang"), Some("en"), "{name} root lang");
        for n in doc.descendants().filter(|n| n.is_element()) {
            assert_eq!(
                n.attribute("lang"),
                n.attribute((XML, "lang")),
                "{name}: both or neither"
            );
            if let Some(l) = n.attribute("lang") {
                if n != root {
                    foreign.push((l.to_string(), n.text().unwrap_or("").to_string()));
                }
            }
        }
    }
    for (lang, text) in [
        ("ru", "Сергей Дуванов"),
        ("kk-Latn", "Shal ket"),
        ("kk", "әкімдік"),
    ] {
        assert!(
            foreign.contains(&(lang.into(), text.into())),
            "{text} tagged {lang}: {foreign:?}"
        );
    }
}

#[test]
fn headings_start_at_h1_and_never_skip_a_level() {
    let e = epub();
    for name in e.xhtml_files() {
        let doc = parse(e.text(name), name);
        let levels: Vec<u8> = doc
            .descendants()
            .filter_map(|n| {
                let t = n.tag_name().name();
                (t.len() == 2 && t.starts_with('h')).then(|| t.as_bytes()[1] - b'0')
            })
            .filter(|l| (1..=6).contains(l))
            .collect();
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

#[test]
fn semantics_of_divisions_chronology_glossary_and_sources() {
    let e = epub();
    let types = |file: &str| -> Vec<String> {
        parse(e.text(file), file)
            .descendants()
            .filter_map(|n| n.attribute((OPS, "type")).map(str::to_string))
            .collect()
    };
    assert!(types("OEBPS/text/introduction.xhtml").contains(&"introduction".into()));
    assert!(types("OEBPS/text/introduction.xhtml").contains(&"bodymatter".into()));
    assert!(types("OEBPS/text/copyright.xhtml").contains(&"frontmatter".into()));
    assert!(types("OEBPS/text/glossary.xhtml").contains(&"glossary".into()));
    assert!(types("OEBPS/text/glossary.xhtml").contains(&"backmatter".into()));
    assert!(types("OEBPS/text/sources.xhtml").contains(&"bibliography".into()));
    assert!(types("OEBPS/text/duvanov.xhtml").contains(&"chapter".into()));
    assert!(types("OEBPS/text/part-1.xhtml").contains(&"part".into()));

    let book = fixture::book();
    let entries = book
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .find_map(|b| match b {
            Block::Timeline(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap();
    let chrono = e.text("OEBPS/text/chronology.xhtml");
    let doc = parse(chrono, "chronology");
    let ol = doc
        .descendants()
        .find(|n| n.tag_name().name() == "ol")
        .expect("chronology is an ordered list");
    let items: Vec<_> = ol
        .children()
        .filter(|n| n.tag_name().name() == "li")
        .collect();
    assert_eq!(items.len(), entries.len());
    for (li, entry) in items.iter().zip(&entries) {
        let time = li
            .descendants()
            .find(|n| n.tag_name().name() == "time")
            .unwrap();
        assert_eq!(time.attribute("datetime"), Some(entry.date.iso().as_str()));
        assert_eq!(li.attribute("id"), Some(entry.id.as_str()));
    }

    let glossary = e.text("OEBPS/text/glossary.xhtml");
    let gdoc = parse(glossary, "glossary");
    let dl = gdoc
        .descendants()
        .find(|n| n.tag_name().name() == "dl")
        .expect("dl");
    assert!(dl.children().any(|n| n.tag_name().name() == "dt"));
    assert!(dl.children().any(|n| n.tag_name().name() == "dd"));

    let sources = e.text("OEBPS/text/sources.xhtml");
    let sdoc = parse(sources, "sources");
    for s in &book.sources {
        assert!(
            sdoc.descendants()
                .any(|n| n.attribute("id") == Some(s.anchor().as_str())),
            "source {} listed",
            s.id
        );
    }
}

#[test]
fn model_text_is_escaped_not_interpreted() {
    let e = epub();
    let doc = parse(e.text("OEBPS/text/title-page.xhtml"), "title page");
    let h1 = doc
        .descendants()
        .find(|n| n.tag_name().name() == "h1")
        .unwrap();
    assert_eq!(h1.text(), Some(fixture::HOSTILE_TITLE));
    let title = doc
        .descendants()
        .find(|n| n.tag_name().name() == "title")
        .unwrap();
    assert_eq!(title.text(), Some(fixture::HOSTILE_TITLE));
    let opf = parse(e.text("OEBPS/content.opf"), "opf");
    let dc_title = opf
        .descendants()
        .find(|n| n.tag_name().name() == "title")
        .unwrap();
    assert_eq!(dc_title.text(), Some(fixture::HOSTILE_TITLE));
    // A URL with & in the bibliography stays one attribute.
    let src = parse(e.text("OEBPS/text/sources.xhtml"), "sources");
    assert!(src
        .descendants()
        .any(|n| n.attribute("href") == Some("https://tass.com/world/1384183?a=1&b=2")));
}

#[test]
fn package_metadata_is_complete() {
    let e = epub();
    let text = e.text("OEBPS/content.opf");
    let opf = parse(text, "opf");
    let meta = |prop: &str| -> Vec<String> {
        opf.descendants()
            .filter(|n| n.tag_name().name() == "meta" && n.attribute("property") == Some(prop))
            .filter_map(|n| n.text().map(str::to_string))
            .collect()
    };
    let dc = |name: &str| -> Vec<String> {
        opf.descendants()
            .filter(|n| {
                n.tag_name().name() == name
                    && n.tag_name().namespace() == Some("http://purl.org/dc/elements/1.1/")
            })
            .filter_map(|n| n.text().map(str::to_string))
            .collect()
    };
    let book = fixture::book();
    assert_eq!(meta("schema:accessMode")[0], "textual");
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
    assert!(meta("schema:accessibilitySummary")[0].len() > 100);
    assert_eq!(
        meta("dcterms:conformsTo"),
        ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    );
    assert_eq!(meta("title-type"), ["main", "subtitle"]);
    assert_eq!(
        dc("title"),
        [book.meta.title.clone(), book.meta.subtitle.clone().unwrap()]
    );
    assert_eq!(dc("publisher"), ["Quire Editions"]);
    assert_eq!(dc("identifier"), [book.meta.identifier.clone()]);
    assert_eq!(dc("creator"), ["Sergey Duvanov"]);
    assert_eq!(dc("contributor"), ["The Editors"]);
    assert_eq!(meta("role"), ["edt", "aut"]);
    assert_eq!(dc("date"), ["2026-11-22"]);
    assert_eq!(dc("language"), ["en"]);
    assert_eq!(dc("rights").len(), 1);
    assert_eq!(dc("description").len(), 1);
    assert_eq!(dc("subject"), ["Kazakhstan -- History"]);
    // One dc:source per article: the article's source.
    assert_eq!(dc("source").len(), 1);
    let modified = meta("dcterms:modified");
    let day = Date::from_unix(book.build.timestamp).iso();
    assert!(
        modified[0].starts_with(&day) && modified[0].ends_with('Z'),
        "{modified:?}"
    );
    // The unique identifier points at the book's identifier.
    let package = opf.root_element();
    let uid = package.attribute("unique-identifier").unwrap();
    let ident = opf
        .descendants()
        .find(|n| n.attribute("id") == Some(uid))
        .unwrap();
    assert_eq!(ident.text(), Some(book.meta.identifier.as_str()));
    // The cover image is declared and has alt text on the cover page.
    let cover = opf
        .descendants()
        .find(|n| n.attribute("properties") == Some("cover-image"))
        .expect("cover-image item");
    let href = cover.attribute("href").unwrap();
    let cover_page = parse(e.text("OEBPS/cover.xhtml"), "cover");
    let img = cover_page
        .descendants()
        .find(|n| n.tag_name().name() == "img")
        .unwrap();
    assert_eq!(
        format!("OEBPS/{href}"),
        inspect::resolve("OEBPS/cover.xhtml", img.attribute("src").unwrap()).0
    );
    assert!(img
        .attribute("alt")
        .is_some_and(|a| a.contains(&book.meta.title)));
}

#[test]
fn fonts_are_embedded_subset_and_declared() {
    let e = epub();
    let css = e.text("OEBPS/stylesheet.css");
    let fonts: Vec<&String> = e.files.keys().filter(|k| k.ends_with(".ttf")).collect();
    assert!(fonts.len() >= 4);
    for f in &fonts {
        let rel = f.trim_start_matches("OEBPS/");
        assert!(css.contains(&format!("url(\"{rel}\")")), "{rel} declared");
        let bytes = &e.files[*f];
        assert!(
            bytes.len() < 200_000,
            "{f} is a subset: {} bytes",
            bytes.len()
        );
        let face = ttf_parser::Face::parse(bytes, 0).expect("font parses");
        for c in ['Д', 'ә', 'K', '“', '\u{a0}'] {
            assert!(face.glyph_index(c).is_some(), "{f} maps {c:?}");
        }
    }
    for unit in ["px", "pt", "cm", "mm", "in;"] {
        let bad = css
            .lines()
            .filter(|l| !l.trim_start().starts_with("/*") && !l.contains("url("))
            .any(|l| {
                l.split(|c: char| !c.is_ascii_alphanumeric() && c != '.' && c != ';')
                    .any(|w| {
                        w.strip_suffix(unit.trim_end_matches(';')).is_some_and(|n| {
                            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.')
                        })
                    })
            });
        assert!(!bad, "no absolute unit {unit} in the stylesheet");
    }
    for rule in ["hyphens: auto", "widows", "orphans", "break-after: avoid"] {
        assert!(css.contains(rule), "stylesheet has {rule}");
    }
}
