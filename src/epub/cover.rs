//! The EPUB's cover image: the designed front cover that [`crate::cover`]
//! laid out, painted by [`crate::cover::raster`] (title and authors set in
//! the image), or, if
//! that cannot be drawn, a plain generated image (a dark field with a
//! light inset frame, no text) and the cover page sets the title as text.
//! The plain image is a two-colour palette PNG: small, fast, and the same
//! bytes every time.

use crate::cover::Covers;
use crate::diag::{Diagnostic, Diagnostics};

/// The cover image and whether it shows the title itself.
pub struct CoverImage {
    pub png: Vec<u8>,
    /// The image carries the title (the designed cover); the cover page
    /// then needs only the image.
    pub titled: bool,
}

/// The designed cover, or the plain one with a warning saying why.
pub fn image(covers: &Covers, diags: &mut Diagnostics) -> Result<CoverImage, String> {
    let painted = match &covers.image {
        Some(canvas) => crate::cover::raster(canvas).map_err(|d| d.message),
        None => Err("the cover design is unusable".to_string()),
    };
    match painted {
        Ok(png) => Ok(CoverImage { png, titled: true }),
        Err(why) => {
            diags.push(
                Diagnostic::warning(
                    "epub-cover-plain",
                    format!(
                        "the designed cover could not be drawn ({why}); the EPUB has a plain cover"
                    ),
                )
                .hint("run `recto check` for the cover's own diagnostics"),
            );
            Ok(CoverImage {
                png: png()?,
                titled: false,
            })
        }
    }
}

/// Width and height in pixels (the 1:1.6 ratio e-book stores ask for).
pub const WIDTH: u32 = 1600;
pub const HEIGHT: u32 = 2560;

/// Background and frame colours (RGB).
const FIELD: [u8; 3] = [0x5a, 0x1e, 0x24];
const FRAME: [u8; 3] = [0xe9, 0xdc, 0xc4];

/// Whether pixel (x, y) lies on the frame: a band 24 px wide, inset 120 px.
fn on_frame(x: u32, y: u32) -> bool {
    let (inset, band) = (120, 24);
    let inside = |v: u32, max: u32| v >= inset && v < max - inset;
    let near = |v: u32, max: u32| v < inset + band || v >= max - inset - band;
    inside(x, WIDTH) && inside(y, HEIGHT) && (near(x, WIDTH) || near(y, HEIGHT))
}

/// The PNG bytes.
pub fn png() -> Result<Vec<u8>, String> {
    let row_bytes = WIDTH.div_ceil(8) as usize;
    let mut pixels = vec![0u8; row_bytes * HEIGHT as usize];
    for y in 0..HEIGHT {
        let row = &mut pixels[y as usize * row_bytes..][..row_bytes];
        for x in 0..WIDTH {
            if on_frame(x, y) {
                row[(x / 8) as usize] |= 0x80 >> (x % 8);
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_palette([FIELD, FRAME].concat());
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_is_a_valid_png_of_the_stated_size() {
        let bytes = png().unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let reader = decoder.read_info().unwrap();
        assert_eq!(reader.info().width, WIDTH);
        assert_eq!(reader.info().height, HEIGHT);
        assert_eq!(bytes, png().unwrap());
    }
}
