//! Figures' images decoded once, when the page engine lays the figure
//! out: the layout needs the pixel size, the PDF writer the samples in the
//! form an image XObject takes.
//!
//! A JPEG is embedded as it is, a `DCTDecode` stream: only its frame
//! header is read, for the size and the number of components. A PNG is
//! decoded to 8-bit grey or RGB samples (compressed again by the writer),
//! its alpha channel, if any pixel is not opaque, becoming a soft mask.

/// An image as a PDF image XObject wants it.
pub struct PdfImage {
    /// Size in pixels.
    pub width: u32,
    pub height: u32,
    /// `DeviceGray`, `DeviceRGB` or `DeviceCMYK`.
    pub color_space: &'static str,
    /// `Some("DCTDecode")` for a JPEG; `None` for raw samples.
    pub filter: Option<&'static str>,
    /// The samples are inverted (Adobe CMYK JPEGs): `/Decode [1 0 …]`.
    pub invert: bool,
    /// The stream's content.
    pub data: Vec<u8>,
    /// 8-bit alpha samples for the soft mask.
    pub alpha: Option<Vec<u8>>,
}

impl std::fmt::Debug for PdfImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PdfImage({}×{} {}, {} bytes)",
            self.width,
            self.height,
            self.color_space,
            self.data.len()
        )
    }
}

/// Prepares an image file of type `media_type` (`image/png` or
/// `image/jpeg`); the error says what is wrong with the file.
pub fn prepare(data: &[u8], media_type: &str) -> Result<PdfImage, String> {
    match media_type {
        "image/jpeg" => jpeg(data),
        "image/png" => png(data),
        other => Err(format!("the PDF cannot embed {other} images")),
    }
}

/// Reads a JPEG's markers up to the frame header (SOF): precision, size
/// and components, and whether an Adobe APP14 marker is present (Adobe
/// writes CMYK inverted). Baseline, extended and progressive Huffman
/// JPEGs with 8-bit samples are what `DCTDecode` reads everywhere; the
/// rest are refused.
fn jpeg(data: &[u8]) -> Result<PdfImage, String> {
    let bad = |what: &str| Err(format!("not a JPEG the PDF can embed: {what}"));
    if !data.starts_with(&[0xFF, 0xD8]) {
        return bad("no start-of-image marker");
    }
    let mut adobe = false;
    let mut i = 2;
    loop {
        // Skip to the next marker (fill bytes are 0xFF).
        while data.get(i) == Some(&0xFF) && data.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (Some(0xFF), Some(&m)) = (data.get(i), data.get(i + 1)) else {
            return bad("no frame header");
        };
        i += 2;
        if m == 0x01 || (0xD0..=0xD7).contains(&m) {
            continue;
        }
        let Some(len) = data
            .get(i..i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]) as usize)
        else {
            return bad("truncated marker");
        };
        let Some(seg) = data.get(i + 2..i + len.max(2)) else {
            return bad("truncated marker");
        };
        match m {
            0xEE if seg.starts_with(b"Adobe") => adobe = true,
            0xC0..=0xC2 => {
                let [p, h0, h1, w0, w1, n, ..] = *seg else {
                    return bad("short frame header");
                };
                let (w, h) = (u16::from_be_bytes([w0, w1]), u16::from_be_bytes([h0, h1]));
                if p != 8 {
                    return bad("samples are not 8-bit");
                }
                if w == 0 || h == 0 {
                    return bad("no size in the frame header");
                }
                let color_space = match n {
                    1 => "DeviceGray",
                    3 => "DeviceRGB",
                    4 => "DeviceCMYK",
                    _ => return bad("neither grey, RGB nor CMYK"),
                };
                return Ok(PdfImage {
                    width: w.into(),
                    height: h.into(),
                    color_space,
                    filter: Some("DCTDecode"),
                    invert: n == 4 && adobe,
                    data: data.to_vec(),
                    alpha: None,
                });
            }
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return bad("lossless, hierarchical or arithmetic-coded")
            }
            0xDA | 0xD9 => return bad("no frame header before the scan"),
            _ => {}
        }
        i += len.max(2);
    }
}

/// Decodes a PNG to 8-bit samples (palettes expanded, 16-bit stripped);
/// splits off the alpha channel unless every pixel is opaque.
fn png(data: &[u8]) -> Result<PdfImage, String> {
    let err = |e: png::DecodingError| format!("cannot decode the PNG: {e}");
    let mut dec = png::Decoder::new(std::io::Cursor::new(data));
    dec.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = dec.read_info().map_err(err)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "the PNG is too large".to_string())?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(err)?;
    buf.truncate(info.buffer_size());
    let (color_space, channels, has_alpha) = match info.color_type {
        png::ColorType::Grayscale => ("DeviceGray", 1, false),
        png::ColorType::GrayscaleAlpha => ("DeviceGray", 2, true),
        png::ColorType::Rgb => ("DeviceRGB", 3, false),
        png::ColorType::Rgba => ("DeviceRGB", 4, true),
        png::ColorType::Indexed => return Err("the PNG palette was not expanded".into()),
    };
    let (data, alpha) = if has_alpha {
        let colour = channels - 1;
        let mut c = Vec::with_capacity(buf.len() / channels * colour);
        let mut a = Vec::with_capacity(buf.len() / channels);
        for px in buf.chunks_exact(channels) {
            c.extend_from_slice(&px[..colour]);
            a.push(px[colour]);
        }
        let opaque = a.iter().all(|&v| v == 255);
        (c, (!opaque).then_some(a))
    } else {
        (buf, None)
    };
    Ok(PdfImage {
        width: info.width,
        height: info.height,
        color_space,
        filter: None,
        invert: false,
        data,
        alpha,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(w: u32, h: u32, color: png::ColorType, px: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header().unwrap();
        wr.write_image_data(px).unwrap();
        wr.finish().unwrap();
        out
    }

    #[test]
    fn png_alpha_becomes_a_mask_only_when_used() {
        let px = [10, 20, 30, 255, 40, 50, 60, 128];
        let img = prepare(&encode(2, 1, png::ColorType::Rgba, &px), "image/png").unwrap();
        assert_eq!(
            (img.width, img.height, img.color_space),
            (2, 1, "DeviceRGB")
        );
        assert_eq!(img.data, [10, 20, 30, 40, 50, 60]);
        assert_eq!(img.alpha.as_deref(), Some(&[255, 128][..]));
        let px = [10, 255, 40, 255];
        let img = prepare(
            &encode(2, 1, png::ColorType::GrayscaleAlpha, &px),
            "image/png",
        )
        .unwrap();
        assert_eq!(img.color_space, "DeviceGray");
        assert_eq!(img.data, [10, 40]);
        assert!(img.alpha.is_none());
    }

    #[test]
    fn jpeg_size_comes_from_the_frame_header() {
        // SOI, an APP0 segment, a baseline SOF0 for 3 × 2 RGB, EOI.
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        j.extend([0xFF, 0xC0, 0x00, 0x11, 8, 0, 2, 0, 3, 3]);
        j.extend([1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
        let img = prepare(&j, "image/jpeg").unwrap();
        assert_eq!(
            (img.width, img.height, img.color_space),
            (3, 2, "DeviceRGB")
        );
        assert_eq!(img.filter, Some("DCTDecode"));
        assert_eq!(img.data, j);
        // Arithmetic coding is refused, and so is a file with no frame.
        j[9] = 0xC9;
        assert!(prepare(&j, "image/jpeg").is_err());
        assert!(prepare(&[0xFF, 0xD8, 0xFF, 0xD9], "image/jpeg").is_err());
        assert!(prepare(b"GIF89a", "image/jpeg").is_err());
    }
}
