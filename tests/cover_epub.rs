//! The designed cover in the EPUB: the OPF's `cover-image` item is the
//! cover renderer's PNG, big enough and light enough, and the cover page
//! shows it with alternative text.

#[path = "epub/inspect.rs"]
mod inspect;

use inspect::{parse, resolve, Epub};
use recto::diag::Diagnostics;
use recto::epub::EpubRenderer;
use recto::render::Renderer;
use std::path::PathBuf;

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

#[test]
fn opf_cover_image_is_the_designed_cover() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let run = recto::driver::run(&dir).expect("bundled manuscript loads");
    let mut diags = Diagnostics::default();
    let out = EpubRenderer
        .render(&run.context(), &mut diags)
        .expect("EPUB renders");
    let epub = Epub::open(&out[0].bytes);

    // container.xml → the package document.
    let container = parse(epub.text("META-INF/container.xml"), "container.xml");
    let opf_path = container
        .descendants()
        .find(|n| n.has_tag_name("rootfile"))
        .and_then(|n| n.attribute("full-path"))
        .expect("rootfile")
        .to_string();
    let opf_text = epub.text(&opf_path).to_string();
    let opf = parse(&opf_text, &opf_path);

    // Exactly one manifest item has the cover-image property.
    let covers: Vec<_> = opf
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .filter(|n| {
            n.attribute("properties")
                .is_some_and(|p| p.split_whitespace().any(|t| t == "cover-image"))
        })
        .collect();
    assert_eq!(covers.len(), 1, "cover-image items");
    let item = covers[0];
    assert_eq!(item.attribute("media-type"), Some("image/png"));
    let href = item.attribute("href").expect("href");
    let (image_path, _) = resolve(&opf_path, href);
    let image = epub
        .files
        .get(&image_path)
        .expect("cover image in the archive");

    let (w, h) = png_size(image);
    assert!(w >= 1600 && h >= 2560, "{w}×{h}");
    assert!(image.len() < 1_000_000, "{} bytes", image.len());
    assert!(
        *image == recto::cover::raster(run.laid_out.covers.image.as_ref().unwrap()).unwrap(),
        "the EPUB's cover is the cover renderer's image"
    );

    // The cover page shows that image, with alternative text.
    let page = epub
        .xhtml_files()
        .into_iter()
        .find(|f| epub.text(f).contains("epub:type=\"cover\""))
        .expect("a cover page")
        .to_string();
    let page_text = epub.text(&page).to_string();
    let doc = parse(&page_text, &page);
    let img = doc
        .descendants()
        .find(|n| n.has_tag_name("img"))
        .expect("img on the cover page");
    let (src, _) = resolve(&page, img.attribute("src").expect("src"));
    assert_eq!(src, image_path);
    assert!(img
        .attribute("alt")
        .is_some_and(|a| a.contains(&run.book.meta.title)));
}
