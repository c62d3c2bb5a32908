//! The EPUB 3 renderer: the document model as `<slug>.epub`.
//!
//! In: a `RenderContext` (book, settings, print layout, covers). Out: the
//! EPUB's bytes and warnings. It paints the cover image from the cover
//! canvas; it never uses the PDF writer.
//!
//! Stages: [`layout`] plans the files and anchors; [`pages`] and [`xhtml`]
//! write one XHTML document per spine entry (with [`hyphen`]'s
//! never-break words); [`nav`] derives the nav
//! document, the NCX and the visible Contents page from one tree;
//! [`fonts`] subsets the embedded fonts to the characters written;
//! [`cover`] supplies the cover image (the designed front cover);
//! epub-builder zips it all with manifest and spine; [`package`] swaps in
//! recto's metadata ([`metadata`]), nav and NCX, and writes the images
//! (compressed already) without recompressing them.
//!
//! The model's generated Contents chapter becomes a visible HTML page
//! (`text/<id>.xhtml`, a `nav` with `role="doc-toc"`) in the spine,
//! listing the body and back matter like a printed contents page; the
//! `toc` landmark and the guide point to it. The EPUB navigation document
//! (`nav.xhtml`) stays outside the spine and holds the same tree plus the
//! front matter.
//!
//! Same book in, same bytes out: dates come from the model's
//! `BuildInfo`, zip entries carry a fixed time, nothing is random.

mod cover;
mod fonts;
mod hyphen;
mod layout;
mod metadata;
mod nav;
mod package;
mod pages;
mod xhtml;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::ChapterKind;
use crate::render::{Output, RenderContext, Renderer};

use layout::{DocKind, Layout, COVER_IMAGE};

/// The stylesheet without its `@font-face` rules.
const STYLE: &str = include_str!("style.css");

/// Renders a [`Book`] as an EPUB 3.3 publication.
#[derive(Debug, Default, Clone, Copy)]
pub struct EpubRenderer;

impl Renderer for EpubRenderer {
    fn name(&self) -> &'static str {
        "epub"
    }

    fn render(
        &self,
        ctx: &RenderContext<'_>,
        diags: &mut Diagnostics,
    ) -> Result<Vec<Output>, Diagnostics> {
        let book = ctx.book;
        let bytes = build(ctx, diags).map_err(|message| {
            Diagnostics::from(
                Diagnostic::usage("epub-write", format!("could not write the EPUB: {message}"))
                    .hint(
                    "this is a bug in recto's EPUB writer; please report it with the manuscript",
                ),
            )
        })?;
        Ok(vec![Output {
            name: format!("{}.epub", book.meta.slug),
            bytes,
            pages: None,
        }])
    }
}

/// Builds the EPUB bytes.
fn build(ctx: &RenderContext<'_>, diags: &mut Diagnostics) -> Result<Vec<u8>, String> {
    let book = ctx.book;
    let err = |e: epub_builder::Error| e.to_string();
    let layout = Layout::new(book, &ctx.settings.hyphenation);
    let toc = nav::toc_tree(book, &layout);
    let landmarks = nav::landmarks(book, &layout);
    let cover = cover::image(ctx.covers, diags)?;
    let documents: Vec<String> = (0..layout.docs.len())
        .map(|d| pages::render_doc(book, &layout, d, &toc, cover.titled, diags))
        .collect();
    let nav_doc = nav::nav_document(book, &toc, &landmarks);

    let embedded: Vec<fonts::EmbeddedFont> = if ctx.settings.epub.embed_fonts {
        let chars = fonts::used_chars(
            documents
                .iter()
                .map(String::as_str)
                .chain(std::iter::once(nav_doc.as_str())),
        );
        fonts::faces()
            .into_iter()
            .map(|f| fonts::embed(f, &chars))
            .collect()
    } else {
        Vec::new()
    };
    let css = format!("{}\n{STYLE}", fonts::font_faces(&embedded));

    let mut builder = EpubBuilder::new(ZipLibrary::new().map_err(err)?).map_err(err)?;
    builder.epub_version(EpubVersion::V33);
    builder.set_title(book.meta.title.clone());
    builder.set_lang(book.meta.lang.tag());
    builder.set_toc_name("Contents");
    builder.stylesheet(css.as_bytes()).map_err(err)?;
    for f in &embedded {
        builder
            .add_resource(&f.file, f.bytes.as_slice(), "font/ttf")
            .map_err(err)?;
    }
    // Images are listed here with empty bodies and written by
    // `package::finish` without recompression (PNG and JPEG are compressed).
    builder
        .add_cover_image(COVER_IMAGE, &[][..], "image/png")
        .map_err(err)?;
    for image in &layout.images {
        builder
            .add_resource(&image.file, &[][..], image.figure.media_type)
            .map_err(err)?;
    }

    // The guide (EPUB 2 readers, Kindle) gets cover, contents and start.
    let contents = layout.doc_of_kind(book, ChapterKind::Contents);
    let start = layout.first_body_doc(book);
    for (d, (doc, xhtml)) in layout.docs.iter().zip(&documents).enumerate() {
        let mut content = EpubContent::new(doc.file.as_str(), xhtml.as_bytes());
        let reftype = match doc.kind {
            DocKind::Cover => Some(ReferenceType::Cover),
            _ if Some(d) == contents => Some(ReferenceType::Toc),
            _ if Some(d) == start => Some(ReferenceType::Text),
            _ => None,
        };
        if let Some(r) = reftype {
            let title = match r {
                ReferenceType::Cover => "Cover",
                ReferenceType::Toc => "Contents",
                _ => "Start",
            };
            content = content.title(title).reftype(r);
        }
        builder.add_content(content).map_err(err)?;
    }
    let has_images = true; // the cover image
    let replacements = package::Replacements {
        lang: book.meta.lang.tag(),
        metadata: metadata::metadata_xml(book, has_images),
        nav: nav_doc,
        ncx: nav::ncx(book, &toc),
        stored: std::iter::once((format!("OEBPS/{COVER_IMAGE}"), cover.png.as_slice()))
            .chain(
                layout
                    .images
                    .iter()
                    .map(|i| (format!("OEBPS/{}", i.file), i.figure.data.as_slice())),
            )
            .collect(),
    };
    let mut zipped = Vec::with_capacity(1 << 20);
    builder.generate(&mut zipped).map_err(err)?;
    package::finish(zipped, &replacements)
}
