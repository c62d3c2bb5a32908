//! Acceptance tests of the print PDF of the bundled book: every note on
//! its reference's page, a clean `qpdf --check`, nested bookmarks, page
//! labels equal to the printed folios, resolving links, contents numbers
//! equal to the real pages, blank versos, both profiles, bleed and
//! determinism.

mod pdf_support;

use pdf_support::{
    body_marker_runs, body_markers, build, bundled, foot_marker_runs, foot_markers, run_tool, Pdf,
};
use recto::config::{PdfConfig, Profile, Settings};
use recto::model::Book;
use recto::units::Pt;
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn book() -> &'static Book {
    static B: OnceLock<Book> = OnceLock::new();
    B.get_or_init(bundled)
}

fn print_pdf() -> &'static (Vec<u8>, Pdf) {
    static P: OnceLock<(Vec<u8>, Pdf)> = OnceLock::new();
    P.get_or_init(|| {
        let bytes = build(book(), PdfConfig::default());
        let pdf = Pdf::parse(&bytes);
        (bytes, pdf)
    })
}

#[test]
fn every_note_stands_on_the_page_of_its_reference() {
    let (_, pdf) = print_pdf();
    let note_size = PdfConfig::default().note_size.0;
    let mut refs_total = 0;
    for (i, page) in pdf.pages.iter().enumerate() {
        let refs: BTreeSet<String> = body_markers(&page.runs).into_iter().collect();
        let feet: BTreeSet<String> = foot_markers(&page.runs, note_size).into_iter().collect();
        refs_total += refs.len();
        assert_eq!(
            refs,
            feet,
            "page {}: references {refs:?} but notes {feet:?}",
            i + 1
        );
    }
    let notes: usize = book().chapters.iter().map(|c| c.notes.len()).sum();
    assert_eq!(refs_total, notes, "every note reference is found");
}

#[test]
fn qpdf_check_is_clean() {
    let (bytes, _) = print_pdf();
    let path = std::env::temp_dir().join(format!("recto-pdf-qpdf-{}.pdf", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let out = run_tool("qpdf", &["--check", path.to_str().unwrap()]);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "qpdf --check failed:\n{text}");
    assert!(!text.contains("WARNING"), "qpdf warnings:\n{text}");
}

#[test]
fn bookmarks_nest_parts_chapters_sections() {
    let (_, pdf) = print_pdf();
    let outline = pdf.outline();
    assert!(outline.iter().all(|(_, _, p)| p.is_some()), "{outline:?}");
    let part = outline
        .iter()
        .position(|(d, t, _)| *d == 0 && t.contains("Context"))
        .expect("a part bookmark");
    let (d, title, _) = &outline[part + 1];
    assert_eq!((*d, title.as_str()), (1, "Editorial introduction"));
    assert!(
        outline[part + 2].0 == 2,
        "sections nest under chapters: {outline:?}"
    );
    // Bookmarks are in page order.
    let pages: Vec<usize> = outline.iter().filter_map(|o| o.2).collect();
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{outline:?}");
}

/// A folio printed on a page: a run of digits or roman numerals alone in
/// the head or foot band.
fn printed_folio(pdf: &Pdf, i: usize) -> Option<String> {
    let page = &pdf.pages[i];
    let h = page.media[3];
    let cfg = PdfConfig::default();
    let (top, bottom) = (cfg.margin_top.0, cfg.margin_bottom.0);
    page.runs
        .iter()
        .filter(|r| r.y > h - top || r.y < bottom)
        .map(|r| r.text.trim().to_string())
        .find(|t| {
            !t.is_empty()
                && (t.chars().all(|c| c.is_ascii_digit()) || t.chars().all(|c| "ivxlc".contains(c)))
        })
}

#[test]
fn page_labels_match_printed_folios() {
    let (_, pdf) = print_pdf();
    let labels = pdf.labels();
    let mut printed = 0;
    for (i, label) in labels.iter().enumerate() {
        if let Some(f) = printed_folio(pdf, i) {
            printed += 1;
            assert_eq!(&f, label, "page {}: printed folio vs /PageLabels", i + 1);
        }
    }
    assert!(
        printed * 3 >= pdf.pages.len() * 2,
        "{printed} folios printed"
    );
    assert_eq!(labels[0], "i");
    let first_body = labels.iter().position(|l| l == "1").expect("arabic page 1");
    assert_eq!(first_body % 2, 0, "page 1 is a recto");
    assert!(labels[..first_body]
        .iter()
        .all(|l| l.chars().all(|c| "ivxlc".contains(c))));
}

#[test]
fn links_resolve_and_have_no_border() {
    let (_, pdf) = print_pdf();
    let mut internal = 0;
    let mut uris = 0;
    for (i, page) in pdf.pages.iter().enumerate() {
        for l in &page.links {
            assert!(l.border_zero, "page {}: link with a border", i + 1);
            match (&l.uri, l.dest_page) {
                (Some(u), None) => {
                    assert!(u.starts_with("http") || u.starts_with("mailto:"), "{u}");
                    uris += 1;
                }
                (None, Some(p)) => {
                    assert!(p < pdf.pages.len());
                    let y = l.dest_y.expect("destination height");
                    assert!(y > 0.0 && y <= pdf.pages[p].media[3]);
                    internal += 1;
                }
                other => panic!("page {}: unresolved link {other:?}", i + 1),
            }
        }
    }
    assert!(
        internal > 100 && uris > 20,
        "{internal} internal, {uris} URI links"
    );
}

#[test]
fn note_references_link_to_notes_on_the_same_page_and_back() {
    let (_, pdf) = print_pdf();
    let note_size = PdfConfig::default().note_size.0;
    let mut checked = 0;
    for (i, page) in pdf.pages.iter().enumerate() {
        let mut markers = body_marker_runs(&page.runs);
        markers.extend(foot_marker_runs(&page.runs, note_size));
        for r in markers.into_iter().map(|k| &page.runs[k]) {
            let link = page.links.iter().find(|l| {
                l.rect[0] <= r.x + 0.5
                    && r.x + 0.5 <= l.rect[2]
                    && l.rect[1] <= r.y + 2.0
                    && r.y <= l.rect[3]
            });
            let l = link.unwrap_or_else(|| panic!("page {}: marker {} has no link", i + 1, r.text));
            assert_eq!(
                l.dest_page,
                Some(i),
                "page {}: marker {} links off the page",
                i + 1,
                r.text
            );
            checked += 1;
        }
    }
    let notes: usize = book().chapters.iter().map(|c| c.notes.len()).sum();
    assert_eq!(checked, notes * 2, "both directions of every note");
}

#[test]
fn contents_numbers_are_the_real_pages() {
    let (_, pdf) = print_pdf();
    let labels = pdf.labels();
    let contents = pdf
        .pages
        .iter()
        .position(|p| p.runs.iter().any(|r| r.text == "Contents"))
        .expect("a contents page");
    let page = &pdf.pages[contents];
    let mut checked = 0;
    for l in &page.links {
        let target = l.dest_page.expect("contents links are internal");
        // The number printed at the right end of the entry's lines.
        let num = page
            .runs
            .iter()
            .filter(|r| {
                r.y >= l.rect[1] && r.y <= l.rect[3] && r.text.chars().all(|c| c.is_ascii_digit())
            })
            .max_by(|a, b| a.x.total_cmp(&b.x))
            .map(|r| r.text.clone())
            .expect("entry has a page number");
        assert_eq!(num, labels[target], "contents entry points to its page");
        checked += 1;
    }
    assert!(checked >= 6, "{checked} entries");
}

#[test]
fn blank_versos_carry_nothing_and_precede_openings() {
    let (_, pdf) = print_pdf();
    let labels = pdf.labels();
    let mut blanks = 0;
    for (i, page) in pdf.pages.iter().enumerate() {
        if page.runs.is_empty() {
            blanks += 1;
            assert_eq!(i % 2, 1, "blank page {} is a verso", i + 1);
            assert_eq!(page.paths, 0, "blank page {} draws nothing", i + 1);
            assert!(page.links.is_empty());
        }
    }
    assert!(blanks > 0);
    // Every chapter opening is a recto: the page whose bookmark is a
    // chapter has an even index.
    for (d, title, p) in pdf.outline() {
        if d <= 1 {
            let p = p.unwrap();
            assert_eq!(p % 2, 0, "{title} opens on {} (label {})", p + 1, labels[p]);
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let (bytes, _) = print_pdf();
    let again = build(book(), PdfConfig::default());
    assert!(*bytes == again, "two builds differ");
}

#[test]
fn metadata_and_language() {
    let (bytes, pdf) = print_pdf();
    let cat = pdf.doc.catalog().unwrap();
    assert_eq!(cat.get(b"Lang").unwrap().as_str().unwrap(), b"en");
    let text = String::from_utf8_lossy(bytes);
    assert!(!text.contains("<x:xmpmeta") || text.contains("dc:title"));
    let info = pdf
        .doc
        .trailer
        .get(b"Info")
        .unwrap()
        .as_reference()
        .unwrap();
    let info = pdf.doc.get_dictionary(info).unwrap();
    let date = info.get(b"CreationDate").unwrap().as_str().unwrap();
    let want = recto::model::Date::from_unix(book().build.timestamp);
    let ymd = format!(
        "D:{:04}{:02}{:02}",
        want.year,
        want.month.unwrap(),
        want.day.unwrap()
    );
    assert!(
        date.starts_with(ymd.as_bytes()),
        "{}",
        String::from_utf8_lossy(date)
    );
}

#[test]
fn screen_profile_has_no_blank_pages_and_symmetric_margins() {
    let cfg = PdfConfig {
        profile: Profile::Screen,
        ..PdfConfig::default()
    };
    let pdf = Pdf::parse(&build(book(), cfg));
    let (_, print) = print_pdf();
    assert!(pdf.pages.len() < print.pages.len());
    assert!(
        pdf.pages.iter().all(|p| !p.runs.is_empty()),
        "no blank pages"
    );
    let left = |p: &pdf_support::PageInfo| p.runs.iter().map(|r| r.x).fold(f32::MAX, f32::min);
    let (a, b) = (left(&pdf.pages[10]), left(&pdf.pages[11]));
    assert!((a - b).abs() < 0.5, "left edges {a} and {b}");
    assert_eq!(pdf.pages[0].trim, Some(pdf.pages[0].media));
}

#[test]
fn bleed_and_crop_marks_widen_the_media_box() {
    let cfg = PdfConfig {
        bleed: Pt::parse("3mm").unwrap(),
        crop_marks: true,
        ..PdfConfig::default()
    };
    let pdf = Pdf::parse(&build(book(), cfg));
    let p = &pdf.pages[0];
    let trim = p.trim.unwrap();
    let bleed = p.bleed.unwrap();
    let b = Pt::parse("3mm").unwrap().0;
    assert!((trim[0] - bleed[0] - b).abs() < 0.01);
    assert!((trim[2] - trim[0] - 396.0).abs() < 0.01);
    assert!(p.media[2] > bleed[2] + 10.0, "room for crop marks");
    assert!(p.paths >= 16, "eight crop marks drawn");
}

#[test]
fn screen_profile_opens_with_the_cover_page() {
    let settings = Settings {
        pdf: PdfConfig {
            profile: Profile::Screen,
            ..PdfConfig::default()
        },
        ..pdf_support::bundled_settings()
    };
    let (bytes, n) = pdf_support::build_with(book(), &settings);
    let pdf = Pdf::parse(&bytes);
    assert_eq!(pdf.pages.len(), n);
    let labels = pdf.labels();
    assert_eq!((labels[0].as_str(), labels[1].as_str()), ("Cover", "i"));
    // The designed cover: its fields and its title.
    assert!(pdf.pages[0].paths >= 1, "the cover's fields are drawn");
    assert!(!pdf.pages[0].runs.is_empty(), "the cover's title is set");
}

#[test]
fn the_bundled_book_has_no_layout_warnings() {
    let (_, _, diags) = pdf_support::render_pdf(book(), &pdf_support::bundled_settings());
    let ours: Vec<_> = diags
        .iter()
        .filter(|d| d.code.starts_with("pdf-"))
        .collect();
    assert!(ours.is_empty(), "{ours:#?}");
}
