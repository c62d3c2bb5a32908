//! The print wrap cover: geometry from the real print PDF's page count,
//! print boxes read back with lopdf, spine text rules, determinism.

mod cover_common;

use lopdf::{Document, Object};
use recto::config::Settings;
use recto::diag::Diagnostics;
use recto::driver::Loaded;
use recto::model::ChapterKind;
use recto::render::Output;
use std::path::PathBuf;

const MM: f32 = 72.0 / 25.4;

fn bundled() -> Loaded {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    match recto::driver::load(&dir) {
        Ok(loaded) => loaded,
        Err(d) => panic!("{:#?}", d.0),
    }
}

/// The test book of `cover_common` with default settings.
fn common() -> Loaded {
    Loaded {
        book: cover_common::book(),
        settings: Settings::default(),
        diags: Diagnostics::default(),
    }
}

/// The page count of the book's print PDF, as the renderer reports it and
/// as the file itself has it.
fn print_pages(b: &Loaded) -> usize {
    let pdf: Vec<Box<dyn recto::render::Renderer>> =
        vec![Box::new(recto::pdf::PdfRenderer { wrap: false })];
    let (outputs, _) = recto::driver::render(&b.book, &b.settings, &pdf).expect("print PDF");
    let pages = outputs[0].pages.unwrap();
    let doc = Document::load_mem(&outputs[0].bytes).unwrap();
    assert_eq!(doc.get_pages().len(), pages);
    pages
}

/// The covers laid out for a print PDF of `pages` pages, with what the
/// layout reported.
fn covers(b: &Loaded, pages: usize) -> (recto::cover::Covers, Diagnostics) {
    let mut diags = Diagnostics::default();
    let covers = recto::cover::lay_out(&b.book, &b.settings, pages, false, &mut diags);
    (covers, diags)
}

/// The wrap cover PDF for a print PDF of `pages` pages.
fn wrap_pdf(b: &Loaded, pages: usize) -> Output {
    recto::pdf::cover::wrap_pdf(&b.book, &covers(b, pages).0).expect("the wrap is written")
}

/// What the covers report for a print PDF of `pages` pages.
fn check(b: &Loaded, pages: usize) -> Diagnostics {
    covers(b, pages).1
}

/// A page box as [x0, y0, x1, y1].
fn page_box(doc: &Document, name: &[u8]) -> [f32; 4] {
    let page = *doc.get_pages().values().next().unwrap();
    let dict = doc.get_dictionary(page).unwrap();
    let arr = dict.get(name).unwrap().as_array().unwrap();
    let n = |o: &Object| match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => panic!("not a number"),
    };
    [n(&arr[0]), n(&arr[1]), n(&arr[2]), n(&arr[3])]
}

fn width(b: [f32; 4]) -> f32 {
    b[2] - b[0]
}

fn height(b: [f32; 4]) -> f32 {
    b[3] - b[1]
}

/// Checks the boxes of a built wrap against the formula, independently of
/// the code: trim 5.5 × 8.5 in (the default), bleed 3 mm, caliper 0.0572 mm.
/// Returns the spine width in points.
fn assert_wrap_formula(bytes: &[u8], pages: usize) -> f32 {
    let doc = Document::load_mem(bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    let (trim_w, trim_h, bleed) = (5.5 * 72.0, 8.5 * 72.0, 3.0 * MM);
    let spine = pages as f32 * 0.0572 * MM;
    let bleed_box = page_box(&doc, b"BleedBox");
    let trim_box = page_box(&doc, b"TrimBox");
    let media = page_box(&doc, b"MediaBox");
    let close = |a: f32, b: f32| (a - b).abs() < 0.05;
    assert!(
        close(width(bleed_box), 2.0 * trim_w + spine + 2.0 * bleed),
        "bleed box {} wide, formula {}",
        width(bleed_box),
        2.0 * trim_w + spine + 2.0 * bleed
    );
    assert!(close(height(bleed_box), trim_h + 2.0 * bleed));
    assert!(close(width(trim_box), 2.0 * trim_w + spine));
    assert!(close(height(trim_box), trim_h));
    assert!(close(trim_box[0] - bleed_box[0], bleed));
    // Without crop marks the media box is the bleed box.
    assert!(close(width(media), width(bleed_box)));
    width(trim_box) - 2.0 * trim_w
}

#[test]
fn wrap_width_follows_the_page_count_of_two_books() {
    let long = bundled();
    // A shorter manuscript: the same book without its two articles.
    let mut short = long.clone();
    short
        .book
        .chapters
        .retain(|c| c.kind != ChapterKind::Article);
    let (long_pages, short_pages) = (print_pages(&long), print_pages(&short));
    assert!(short_pages < long_pages, "{short_pages} vs {long_pages}");

    let long_wrap = wrap_pdf(&long, long_pages);
    let short_wrap = wrap_pdf(&short, short_pages);
    assert_eq!(long_wrap.name, "january-2022-in-kazakhstan-cover.pdf");
    let long_spine = assert_wrap_formula(&long_wrap.bytes, long_pages);
    let short_spine = assert_wrap_formula(&short_wrap.bytes, short_pages);
    assert!(long_spine > short_spine);
    eprintln!(
        "print pages {long_pages} / {short_pages}: spine {:.2} / {:.2} mm",
        long_spine / MM,
        short_spine / MM
    );
    if let Ok(dir) = std::env::var("RECTO_COVER_PREVIEW") {
        std::fs::write(
            PathBuf::from(dir).join("wrap-bundled.pdf"),
            &long_wrap.bytes,
        )
        .unwrap();
    }
    let per_page = (long_spine - short_spine) / (long_pages - short_pages) as f32;
    assert!(
        (per_page - 0.0572 * MM).abs() < 1e-3,
        "{per_page} pt per page"
    );
}

#[test]
fn wrap_builds_are_byte_identical() {
    let book = common();
    let a = wrap_pdf(&book, 240);
    let b = wrap_pdf(&book, 240);
    assert!(a.bytes == b.bytes);
    if let Ok(dir) = std::env::var("RECTO_COVER_PREVIEW") {
        let dir = PathBuf::from(dir);
        std::fs::write(dir.join("wrap.pdf"), &a.bytes).unwrap();
        // Variants to look at: a thin book, crop marks.
        let thin = wrap_pdf(&book, 48);
        std::fs::write(dir.join("wrap-thin.pdf"), &thin.bytes).unwrap();
        let mut marked = book.clone();
        marked.settings.pdf.crop_marks = true;
        let marked = wrap_pdf(&marked, 240);
        std::fs::write(dir.join("wrap-marks.pdf"), &marked.bytes).unwrap();
    }
}

#[test]
fn caliper_and_bleed_come_from_book_toml() {
    let mut book = common();
    book.settings.cover = toml::from_str("caliper = \"0.1mm\"\nbleed = \"0.125in\"").unwrap();
    let out = wrap_pdf(&book, 100);
    let doc = Document::load_mem(&out.bytes).unwrap();
    let bleed_box = page_box(&doc, b"BleedBox");
    let expected = 2.0 * 5.5 * 72.0 + 100.0 * 0.1 * MM + 2.0 * 9.0;
    assert!(
        (width(bleed_box) - expected).abs() < 0.05,
        "{}",
        width(bleed_box)
    );
}

#[test]
fn crop_marks_widen_the_media_box_only() {
    let mut book = common();
    book.settings.pdf.crop_marks = true;
    let out = wrap_pdf(&book, 200);
    let doc = Document::load_mem(&out.bytes).unwrap();
    let media = page_box(&doc, b"MediaBox");
    let bleed_box = page_box(&doc, b"BleedBox");
    assert!(width(media) > width(bleed_box) + 20.0);
    assert_wrap_formula_boxes_only(&doc, 200);
}

fn assert_wrap_formula_boxes_only(doc: &Document, pages: usize) {
    let bleed_box = page_box(doc, b"BleedBox");
    let expected = 2.0 * 5.5 * 72.0 + pages as f32 * 0.0572 * MM + 6.0 * MM;
    assert!((width(bleed_box) - expected).abs() < 0.05);
}

#[test]
fn spine_text_is_left_out_on_a_thin_book() {
    let book = common();
    let thin = check(&book, 40);
    assert!(
        thin.iter().any(|d| d.code == "cover-spine-narrow"),
        "{:#?}",
        thin.0
    );
    let thick = check(&book, 300);
    assert!(
        !thick.iter().any(|d| d.code == "cover-spine-narrow"),
        "{:#?}",
        thick.0
    );
    assert!(
        thick.is_empty(),
        "the bundled metadata fits the design: {:#?}",
        thick.0
    );
}

#[test]
fn overlong_title_is_reported() {
    let mut book = common();
    book.book.meta.title =
        "A very long title that goes on and on about January 2022 in Kazakhstan and the \
        protests in Zhanaozen, Aktobe and Almaty and the days that followed them"
            .into();
    let diags = check(&book, 300);
    assert!(
        diags.iter().any(|d| d.code == "cover-text-overflow"),
        "{:#?}",
        diags.0
    );
}

#[test]
fn bundled_book_fits_the_design() {
    let book = bundled();
    let pages = print_pages(&book);
    // book.toml leaves the thin spine blank on purpose: nothing to report.
    assert!(!book.settings.cover.spine_text);
    assert!(check(&book, pages).is_empty());
    // Asking for spine text, its only remark is that the spine is too
    // narrow for it.
    let mut wants_text = book.clone();
    wants_text.settings.cover.spine_text = true;
    let diags = check(&wants_text, pages);
    let narrow_spine = pages as f32 * 0.0572 < 4.6;
    for d in diags.iter() {
        assert!(
            narrow_spine && d.code == "cover-spine-narrow",
            "{pages} pages: {d}"
        );
    }
    assert_eq!(diags.is_empty(), !narrow_spine);
    // At 300 pages the same book has spine text and no remark at all.
    assert!(check(&wants_text, 300).is_empty());
    let png = recto::cover::raster(covers(&book, pages).0.image.as_ref().unwrap()).unwrap();
    assert!(png.len() < 1_000_000);
}
