//! The EPUB cover image: size, weight, determinism.

mod cover_common;

/// Reads width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

/// The EPUB cover image of `book` with default settings.
fn cover_png(book: &recto::model::Book) -> Result<Vec<u8>, recto::diag::Diagnostic> {
    let mut diags = recto::diag::Diagnostics::default();
    let settings = recto::config::Settings::default();
    let covers = recto::cover::lay_out(book, &settings, 100, false, &mut diags);
    recto::cover::raster(covers.image.as_ref().expect("the cover lays out"))
}

#[test]
fn cover_image_is_large_light_and_deterministic() {
    let book = cover_common::book();
    let png = cover_png(&book).unwrap();
    let (w, h) = png_size(&png);
    assert!(w >= 1600 && h >= 2560, "{w}×{h}");
    assert!(png.len() < 1_000_000, "{} bytes", png.len());
    let again = cover_png(&book).unwrap();
    assert!(png == again, "two renders differ");
    if let Ok(dir) = std::env::var("RECTO_COVER_PREVIEW") {
        std::fs::write(std::path::Path::new(&dir).join("cover.png"), &png).unwrap();
    }
}

#[test]
fn cover_image_follows_the_metadata() {
    let book = cover_common::book();
    let mut other = book.clone();
    other.meta.title = "A different title".into();
    assert!(cover_png(&book).unwrap() != cover_png(&other).unwrap());
}
