//! Packaging with epub-builder, and every workaround for its limits, in
//! one place.
//!
//! epub-builder 0.8.2 writes the zip (mimetype first and stored,
//! container.xml), the manifest, the spine and the guide. It cannot write
//! a publisher, contributor roles, title refinements, a non-UUID
//! identifier, a fixed `dcterms:modified` (without chrono), or the
//! accessibility metadata; its nav document has no language and no room
//! for a page-list; its NCX has no `dtb:uid` and a flat depth. Its `Zip`
//! trait is private, so the files cannot be intercepted while written.
//!
//! So [`finish`] rewrites the finished archive once: entries are copied
//! raw (no recompression) except `content.opf`, whose `<metadata>` element
//! is swapped for recto's ([`super::metadata`]), and `nav.xhtml` and
//! `toc.ncx`, which are replaced by recto's ([`super::nav`]). Every entry
//! gets the fixed DOS time 1980-01-01, so the bytes depend on the input
//! only.
//!
//! epub-builder also deflates every file it is given, which is wasted work
//! on data that is compressed already (the cover, and figures, which are
//! PNG or JPEG). Such a file is
//! handed to epub-builder with an empty body, so that it still lists it in
//! the manifest (with its properties, e.g. `cover-image`), and [`finish`]
//! writes its real bytes `Stored` in its place ([`Replacements::stored`]).

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The generated files recto writes itself.
pub struct Replacements<'a> {
    /// The book's language tag, added to `<package>` as `xml:lang`.
    pub lang: &'static str,
    /// The complete `<metadata>…</metadata>` element.
    pub metadata: String,
    pub nav: String,
    pub ncx: String,
    /// Files epub-builder was given empty, by their path in the archive
    /// (`OEBPS/…`), with their real bytes, written without compression.
    pub stored: Vec<(String, &'a [u8])>,
}

const OPF: &str = "OEBPS/content.opf";
const NAV: &str = "OEBPS/nav.xhtml";
const NCX: &str = "OEBPS/toc.ncx";

/// Replaces the `<metadata …>…</metadata>` element of an OPF and gives
/// `<package>` the book's `xml:lang` (which epub-builder's template lacks).
fn swap_metadata(opf: &str, metadata: &str, lang: &str) -> Option<String> {
    let start = opf.find("<metadata")?;
    let end_tag = "</metadata>";
    let end = opf[start..].find(end_tag)? + start + end_tag.len();
    let mut out = format!("{}{metadata}{}", &opf[..start], &opf[end..]);
    // The template's guide always points "toc" at nav.xhtml, which is not
    // in the spine; keep only recto's reference to the Contents page.
    let nav_toc = "<reference type=\"toc\" title=\"Contents\" href=\"nav.xhtml\"/>";
    if out.matches("<reference type=\"toc\"").count() > 1 {
        out = out.replacen(nav_toc, "", 1);
    }
    let package = out.find("<package ")?;
    let at = package + "<package ".len();
    Some(format!("{}xml:lang=\"{lang}\" {}", &out[..at], &out[at..]))
}

/// Rewrites epub-builder's archive with recto's metadata, nav and NCX.
pub fn finish(epub: Vec<u8>, replacements: &Replacements<'_>) -> Result<Vec<u8>, String> {
    let err = |what: &str, e: &dyn std::fmt::Display| format!("{what}: {e}");
    let mut archive =
        ZipArchive::new(Cursor::new(epub)).map_err(|e| err("reading the EPUB archive", &e))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(1 << 20)));
    let time = DateTime::default();
    let mut seen = [false; 3];
    let mut stored_seen = vec![false; replacements.stored.len()];
    for i in 0..archive.len() {
        let name = archive
            .by_index_raw(i)
            .map_err(|e| err("reading the EPUB archive", &e))?
            .name()
            .to_string();
        if let Some(k) = replacements.stored.iter().position(|(n, _)| *n == name) {
            stored_seen[k] = true;
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Stored)
                .last_modified_time(time);
            out.start_file(name.as_str(), options)
                .map_err(|e| err("writing the EPUB archive", &e))?;
            out.write_all(replacements.stored[k].1)
                .map_err(|e| err("writing the EPUB archive", &e))?;
            continue;
        }
        let replacement = match name.as_str() {
            OPF => {
                let mut opf = String::new();
                archive
                    .by_index(i)
                    .map_err(|e| err("reading content.opf", &e))?
                    .read_to_string(&mut opf)
                    .map_err(|e| err("reading content.opf", &e))?;
                seen[0] = true;
                Some(
                    swap_metadata(&opf, &replacements.metadata, replacements.lang)
                        .ok_or("content.opf has no <metadata> element")?,
                )
            }
            NAV => {
                seen[1] = true;
                Some(replacements.nav.clone())
            }
            NCX => {
                seen[2] = true;
                Some(replacements.ncx.clone())
            }
            _ => None,
        };
        match replacement {
            Some(content) => {
                let options = SimpleFileOptions::default()
                    .compression_method(CompressionMethod::Deflated)
                    .last_modified_time(time);
                out.start_file(name.as_str(), options)
                    .map_err(|e| err("writing the EPUB archive", &e))?;
                out.write_all(content.as_bytes())
                    .map_err(|e| err("writing the EPUB archive", &e))?;
            }
            None => {
                let file = archive
                    .by_index_raw(i)
                    .map_err(|e| err("reading the EPUB archive", &e))?;
                out.raw_copy_file_touch(file, time, None)
                    .map_err(|e| err("writing the EPUB archive", &e))?;
            }
        }
    }
    if seen != [true; 3] {
        return Err("epub-builder did not write content.opf, nav.xhtml and toc.ncx".into());
    }
    if let Some(k) = stored_seen.iter().position(|s| !s) {
        return Err(format!(
            "epub-builder did not write {}",
            replacements.stored[k].0
        ));
    }
    let cursor = out
        .finish()
        .map_err(|e| err("writing the EPUB archive", &e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_swapped_whole() {
        let opf = "<package version=\"3.0\"><metadata a=\"1\">\n<dc:title>x</dc:title></metadata><manifest/></package>";
        let out = swap_metadata(opf, "<metadata>new</metadata>", "en").unwrap();
        assert_eq!(
            out,
            "<package xml:lang=\"en\" version=\"3.0\"><metadata>new</metadata><manifest/></package>"
        );
        assert!(swap_metadata("<package/>", "m", "en").is_none());
    }
}
