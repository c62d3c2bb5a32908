//! EPUBCheck on the EPUB writer's output: 0 fatal, 0 errors, 0 warnings.

#[path = "epub/epubcheck.rs"]
mod epubcheck;
#[path = "epub/fixture.rs"]
mod fixture;

use recto::diag::Diagnostics;
use recto::epub::EpubRenderer;
use recto::render::Renderer;

#[test]
fn hand_built_book_passes_epubcheck() {
    let (out, _) = fixture::render(&fixture::book(), &fixture::settings());
    epubcheck::assert_clean(&out[0].bytes, "fixture.epub");
}

#[test]
fn manuscript_without_parts_and_with_a_figure_passes_epubcheck() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check/ok");
    let run = recto::driver::run(&dir).expect("the ok fixture loads");
    assert!(run.book.parts.is_empty());
    let mut diags = Diagnostics::default();
    let out = EpubRenderer
        .render(&run.context(), &mut diags)
        .expect("EPUB renders");
    epubcheck::assert_clean(&out[0].bytes, "ok-fixture.epub");
}
