//! Assembles a PDF document from drawn pages.
//!
//! printpdf builds the document: the catalog, the page tree with each
//! page's size, and the figures' image XObjects. recto draws each page's
//! content stream itself, with pdf-writer's content builder, and this
//! step gives every page that stream and a resource dictionary naming the
//! subset fonts and only the images the page draws.
//!
//! Why not printpdf's own operations for the content: printpdf 0.12 turns
//! every glyph of a `TJ` into its own string object, clones its text for
//! the ToUnicode map, and serialises through lopdf's operation list. On a
//! 1,523-page book that was 5.6G of 18.7G instructions (callgrind) and
//! three copies of every glyph in memory; the content builder writes the
//! bytes once.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use super::draw::{Images, IMAGE_PREFIX};
use crate::diag::Diagnostic;
use crate::pdf::embed::FontEmbedder;
use crate::units::Pt;

/// One drawn page: its media box size, content stream and the resource
/// names of the images it draws.
pub struct DrawnPage {
    pub width: Pt,
    pub height: Pt,
    pub content: Vec<u8>,
    pub images: Vec<String>,
}

/// Builds the document skeleton with printpdf, embeds the fonts used in
/// `fonts`, and installs each page's content and resources. Returns the
/// document and the page object ids in page order.
pub fn assemble(
    title: &str,
    pages: Vec<DrawnPage>,
    fonts: FontEmbedder,
    images: &Images,
) -> Result<(Document, Vec<ObjectId>), Diagnostic> {
    let fail =
        |what: &str| Diagnostic::error("pdf-write", format!("cannot assemble the PDF: {what}"));
    let mut doc = PdfDocument::new(title);
    images.embed(&mut doc);
    doc.with_pages(
        pages
            .iter()
            .map(|p| PdfPage::new(Mm(p.width.to_mm()), Mm(p.height.to_mm()), Vec::new()))
            .collect(),
    );
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    drop(doc);
    if let Some(w) = warnings
        .iter()
        .find(|w| format!("{w:?}").to_lowercase().contains("error"))
    {
        return Err(fail(&format!("printpdf: {w:?}")));
    }
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != pages.len() {
        return Err(fail("page count mismatch"));
    }
    let font_dict = fonts.embed(&mut lo)?;
    let fonts_id = lo.add_object(font_dict);
    for (page, id) in pages.into_iter().zip(&page_ids) {
        let xobjects = figure_images(&lo, *id, &page.images);
        let contents = lo.add_object(Stream::new(Dictionary::new(), page.content));
        let mut resources = Dictionary::new();
        resources.set("Font", Object::Reference(fonts_id));
        if !xobjects.is_empty() {
            resources.set("XObject", xobjects);
        }
        let dict = lo
            .get_dictionary_mut(*id)
            .map_err(|_| fail("a page is not a dictionary"))?;
        dict.set("Contents", Object::Reference(contents));
        dict.set("Resources", resources);
    }
    Ok((lo, page_ids))
}

/// The entries of the `/XObject` resources printpdf gave `page` (every
/// image of the document) that name an image in `used`.
fn figure_images(doc: &Document, page: ObjectId, used: &[String]) -> Dictionary {
    let mut mine = Dictionary::new();
    if used.is_empty() {
        return mine;
    }
    let all = doc
        .get_dictionary(page)
        .and_then(|p| p.get(b"Resources"))
        .and_then(|r| doc.dereference(r))
        .and_then(|(_, r)| r.as_dict())
        .and_then(|r| r.get(b"XObject"))
        .and_then(|x| doc.dereference(x))
        .and_then(|(_, x)| x.as_dict());
    if let Ok(all) = all {
        for (name, r) in all.iter() {
            let figure = name.starts_with(IMAGE_PREFIX.as_bytes());
            if figure && used.iter().any(|u| u.as_bytes() == name.as_slice()) {
                mine.set(name.clone(), r.clone());
            }
        }
    }
    mine
}
