//! The front cover as the first page of the screen-profile PDF.

use lopdf::Document;
use recto::config::Profile;
use recto::driver::Loaded;
use recto::pdf::PdfRenderer;
use recto::render::Renderer;
use std::path::PathBuf;

fn bundled() -> Loaded {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    match recto::driver::load(&dir) {
        Ok(loaded) => loaded,
        Err(d) => panic!("{:#?}", d.0),
    }
}

fn build(book: &Loaded) -> Vec<u8> {
    let pdf: Vec<Box<dyn Renderer>> = vec![Box::new(PdfRenderer { wrap: false })];
    let (mut outputs, _) =
        recto::driver::render(&book.book, &book.settings, &pdf).expect("PDF builds");
    outputs.remove(0).bytes
}

#[test]
fn screen_pdf_opens_with_the_vector_cover() {
    let mut book = bundled();
    book.settings.pdf.profile = Profile::Screen;
    let bytes = build(&book);
    let doc = Document::load_mem(&bytes).unwrap();
    let text = doc.extract_text(&[1]).unwrap();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = squash(&text);
    assert!(text.contains("January 2022"), "{text}");
    assert!(text.contains("Sergey Duvanov"), "{text}");
    // lopdf splits letter-spaced words; pdftotext reads them whole.
    assert!(text.replace(' ', "").contains("MERIDIANEDITIONS"), "{text}");
    // The cover draws no image: everything is vector and text.
    let page = *doc.get_pages().get(&1).unwrap();
    let (resources, _) = doc.get_page_resources(page).unwrap();
    let has_image = resources
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|x| doc.dereference(x).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .is_some_and(|d| !d.is_empty());
    assert!(!has_image, "the cover page uses an XObject");
    // The cover is deterministic with the rest of the file.
    assert!(bytes == build(&book));
    if let Ok(dir) = std::env::var("RECTO_COVER_PREVIEW") {
        std::fs::write(PathBuf::from(dir).join("screen.pdf"), &bytes).unwrap();
    }
}

#[test]
fn print_pdf_has_no_cover_page() {
    let book = bundled();
    let bytes = build(&book);
    let doc = Document::load_mem(&bytes).unwrap();
    let text = doc.extract_text(&[1]).unwrap();
    assert!(
        !text.replace(' ', "").contains("MERIDIANEDITIONS"),
        "{text}"
    );
}
