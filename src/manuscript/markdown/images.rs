//! The image policy: an image's path as written in the chapter in; the
//! checked file (or the problem with it) out.
//!
//! Paths resolve from the chapter's folder, as CommonMark renderers,
//! mdBook and Pandoc do, and must stay inside the manuscript. The file is
//! read with a size limit and checked by content to be PNG or JPEG.

use crate::diag::Diagnostic;
use crate::manuscript::image;
use crate::manuscript::source;
use std::path::Path;

/// A checked image file.
pub(super) struct Image {
    pub data: Vec<u8>,
    /// `image/png` or `image/jpeg`.
    pub media_type: &'static str,
}

/// `url` from the chapter file `chapter` (both relative to the manuscript
/// folder `root`, shown as `shown_root`): its path relative to the
/// manuscript, and the checked file or the problem (located nowhere yet).
pub(super) fn load(
    root: &Path,
    shown_root: &Path,
    chapter: &Path,
    url: &str,
) -> (String, Result<Image, Diagnostic>) {
    let rel = super::from_file(chapter, url);
    let image = check(root, shown_root, &rel, url);
    (rel, image)
}

fn check(root: &Path, shown_root: &Path, rel: &str, url: &str) -> Result<Image, Diagnostic> {
    let real = source::resolve(root, shown_root, rel).map_err(|d| {
        let mut d = Diagnostic { file: None, ..d };
        if d.code == "file-missing" {
            d.message = format!(
                "the image `{url}` is not there: `{}` cannot be opened",
                shown_root.join(rel).display()
            );
            d.hint = Some("image paths are relative to the chapter's own folder".into());
        }
        d
    })?;
    let data = source::read_limited(&real, url, source::MAX_IMAGE_BYTES)?;
    match image::inspect(&data) {
        Ok(info) => Ok(Image {
            media_type: info.media_type,
            data,
        }),
        Err(problem) => Err(match problem {
            image::Problem::Format => Diagnostic::error(
                "image-format",
                format!("`{url}` is neither PNG nor JPEG"),
            )
            .hint("convert the image to PNG or JPEG (SVG is not accepted: it can carry script)"),
            image::Problem::Corrupt(why) => Diagnostic::error(
                "image-corrupt",
                format!("`{url}` is a damaged image: {why}"),
            )
            .hint("export the image again from its source"),
            image::Problem::TooLarge { width, height } => Diagnostic::error(
                "image-too-large",
                format!(
                    "`{url}` is {width} × {height} pixels, more than the limit of {} pixels a side and {} megapixels",
                    image::MAX_SIDE,
                    image::MAX_PIXELS / 1_000_000
                ),
            )
            .hint("scale the image down; 2,000 pixels a side is plenty for print at 300 dpi"),
        }),
    }
}

/// The error for an image without alternative text.
pub(super) fn alt_missing(url: &str) -> Diagnostic {
    Diagnostic::error(
        "image-alt-missing",
        format!("the image `{url}` has no alternative text"),
    )
    .hint("describe the image: ![a map of Kazakhstan](images/map.png)")
}

/// The error for an image that shares its paragraph with text.
pub(super) fn not_alone() -> Diagnostic {
    Diagnostic::error(
        "image-inline",
        "an image must stand in a paragraph of its own",
    )
    .hint("put a blank line before and after the image")
}
