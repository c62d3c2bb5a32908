//! The EPUB writer on a small hand-built book: structure, notes,
//! navigation, languages, metadata, escaping and determinism, checked by
//! parsing the archive it produces.

#[path = "epub/checks.rs"]
mod checks;
#[path = "epub/fixture.rs"]
mod fixture;
#[path = "epub/inspect.rs"]
mod inspect;

use inspect::{parse, Epub, OPS};
use recto::epub::EpubRenderer;
use recto::model::{Block, Date};
use recto::render::Renderer;

fn build(book: &recto::model::Book) -> Vec<u8> {
    build_with(book, &fixture::settings())
}

fn build_with(book: &recto::model::Book, settings: &recto::config::Settings) -> Vec<u8> {
    let (out, diags) = fixture::render(book, settings);
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
    let book = fixture::book();
    assert_eq!(checks::notes_resolve_both_ways(&epub(), &book), 4);
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
    // Title page, copyright, contents; 2 parts; introduction with a section
    // and a subsection, chronology, article; glossary, sources.
    assert_eq!(checks::navigation_resolves(&epub()), 12);
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
    let foreign = checks::languages_marked(&epub());
    for (lang, text) in [
        ("ru", "Сергей Дуванов"),
        ("kk-Latn", "Shal ket"),
        ("kk", "әкімдік"),
        ("ru", "В Казахстане победители накажут побеждённых"),
    ] {
        assert!(
            foreign.contains(&(lang.into(), text.into())),
            "{text} tagged {lang}: {foreign:?}"
        );
    }
}

#[test]
fn headings_start_at_h1_and_never_skip_a_level() {
    checks::headings_without_gaps(&epub());
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
    checks::accessibility_metadata(&e);
    assert!(meta("schema:accessibilitySummary")[0].len() > 100);
    assert_eq!(meta("title-type"), ["main", "subtitle"]);
    assert_eq!(
        dc("title"),
        [book.meta.title.clone(), book.meta.subtitle.clone().unwrap()]
    );
    assert_eq!(dc("publisher"), ["Meridian Editions"]);
    assert_eq!(
        dc("identifier"),
        std::slice::from_ref(&book.meta.identifier)
    );
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
    // Lengths are relative: no number followed by an absolute unit.
    let absolute: Vec<&str> = css
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .filter(|token| {
            let unit_at = token
                .find(|c: char| !c.is_ascii_digit() && c != '.')
                .unwrap_or(token.len());
            unit_at > 0 && ["px", "pt", "pc", "cm", "mm", "in", "q"].contains(&&token[unit_at..])
        })
        .collect();
    assert!(absolute.is_empty(), "absolute lengths: {absolute:?}");
    for rule in ["hyphens: auto", "widows", "orphans", "break-after: avoid"] {
        assert!(css.contains(rule), "stylesheet has {rule}");
    }
}

#[test]
fn fonts_can_be_left_to_the_reader() {
    let book = fixture::book();
    let mut settings = fixture::settings();
    settings.epub.embed_fonts = false;
    let e = Epub::open(&build_with(&book, &settings));
    assert!(!e.files.keys().any(|k| k.ends_with(".ttf")));
    assert!(!e.text("OEBPS/stylesheet.css").contains("@font-face"));
    assert!(!e.text("OEBPS/content.opf").contains("font/ttf"));
}

#[test]
fn figures_are_stored_once_with_their_alt_text() {
    let e = epub();
    let doc = parse(e.text("OEBPS/text/introduction.xhtml"), "introduction");
    let img = doc
        .descendants()
        .find(|n| n.tag_name().name() == "img")
        .expect("figure image");
    assert_eq!(img.attribute("alt"), Some(fixture::FIGURE_ALT));
    let (file, _) = inspect::resolve(
        "OEBPS/text/introduction.xhtml",
        img.attribute("src").unwrap(),
    );
    let book = fixture::book();
    let Some(Block::Figure(f)) = book.chapters[4]
        .blocks
        .iter()
        .find(|b| matches!(b, Block::Figure(_)))
    else {
        panic!("fixture has a figure")
    };
    assert_eq!(
        e.files.get(&file).map(Vec::as_slice),
        Some(f.data.as_slice())
    );
    let opf = e.text("OEBPS/content.opf");
    let href = file.trim_start_matches("OEBPS/");
    assert!(
        opf.contains(&format!("href=\"{href}\"")),
        "{href} in the manifest"
    );
    let caption = doc
        .descendants()
        .find(|n| n.tag_name().name() == "figcaption")
        .and_then(|n| n.text());
    assert_eq!(caption, Some("A map & a caption"));
}

#[test]
fn modified_date_is_the_build_timestamp() {
    let mut book = fixture::book();
    // 1 700 000 000 s after the epoch is 2023-11-14 22:13:20 UTC.
    book.build.timestamp = 1_700_000_000;
    let e = Epub::open(&build(&book));
    assert!(e
        .text("OEBPS/content.opf")
        .contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
}

#[test]
fn unsafe_links_never_reach_the_book_even_past_the_reader() {
    let mut book = fixture::book();
    book.chapters[4]
        .blocks
        .push(Block::Paragraph(recto::model::Paragraph {
            content: vec![recto::model::Inline::Link {
                url: "javascript:alert(1)".into(),
                content: vec![recto::model::Inline::Text("click".into())],
            }],
            line: 20,
            first: true,
        }));
    let (out, diags) = fixture::render(&book, &fixture::settings());
    assert!(diags.iter().any(|d| d.code == "epub-link-unsafe"));
    let e = Epub::open(&out[0].bytes);
    checks::no_active_content(&e);
    assert!(e.text("OEBPS/text/introduction.xhtml").contains("click"));
}

#[test]
fn hyphenation_exceptions_reach_the_text() {
    let e = epub();
    let doc = parse(e.text("OEBPS/text/introduction.xhtml"), "introduction");
    let spans: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("nohyphen"))
        .filter_map(|n| n.text())
        .collect();
    assert!(spans.contains(&"CSTO"), "{spans:?}");
    assert!(!spans.iter().any(|s| s.contains("Zhanaozen")), "{spans:?}");
    assert!(e.text("OEBPS/stylesheet.css").contains(".nohyphen"));
}

#[test]
fn without_a_contents_page_the_toc_landmark_is_the_nav_document() {
    let mut book = fixture::book();
    book.chapters
        .retain(|c| c.kind != recto::model::ChapterKind::Contents);
    let e = Epub::open(&build(&book));
    checks::navigation_resolves(&e);
    let nav = parse(e.text("OEBPS/nav.xhtml"), "nav");
    let toc_landmark = nav
        .descendants()
        .find(|n| n.tag_name().name() == "a" && n.attribute((OPS, "type")) == Some("toc"))
        .expect("toc landmark");
    assert_eq!(toc_landmark.attribute("href"), Some("nav.xhtml"));
}
