//! Checking image files by their content, never by their name: a PNG is
//! decoded completely (chunk checksums, the compressed pixel stream, the
//! end marker), a JPEG is walked segment by segment up to its end marker.
//! Both must state a size within [`MAX_SIDE`] and [`MAX_PIXELS`], so no
//! renderer or reading system is handed a decompression bomb. Anything else
//! (SVG, which can carry script, GIF, text named `.png`) is refused.

/// The largest width or height accepted, in pixels.
pub const MAX_SIDE: u32 = 16_384;
/// The most pixels accepted (about a 6,300 × 6,300 image).
pub const MAX_PIXELS: u64 = 40_000_000;

/// What an image file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub media_type: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Why an image was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Neither PNG nor JPEG.
    Format,
    /// A PNG or JPEG that is truncated or damaged; says what is wrong.
    Corrupt(String),
    /// Width and height beyond the limits.
    TooLarge { width: u32, height: u32 },
}

/// Identifies and checks an image file.
pub fn inspect(data: &[u8]) -> Result<ImageInfo, Problem> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(data)
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        jpeg(data)
    } else {
        Err(Problem::Format)
    }
}

fn check_size(width: u32, height: u32) -> Result<(), Problem> {
    if width == 0 || height == 0 {
        return Err(Problem::Corrupt(format!(
            "it states a size of {width} × {height}"
        )));
    }
    if width > MAX_SIDE || height > MAX_SIDE || width as u64 * height as u64 > MAX_PIXELS {
        return Err(Problem::TooLarge { width, height });
    }
    Ok(())
}

/// Decodes the whole PNG row by row (bounded memory) to prove it is whole.
fn png(data: &[u8]) -> Result<ImageInfo, Problem> {
    let corrupt = |e: png::DecodingError| Problem::Corrupt(e.to_string());
    let mut decoder =
        png::Decoder::new_with_limits(std::io::Cursor::new(data), png::Limits { bytes: 64 << 20 });
    let (width, height) = {
        let info = decoder.read_header_info().map_err(corrupt)?;
        (info.width, info.height)
    };
    check_size(width, height)?;
    let mut reader = decoder.read_info().map_err(corrupt)?;
    while reader.next_row().map_err(corrupt)?.is_some() {}
    reader.finish().map_err(corrupt)?;
    Ok(ImageInfo {
        media_type: "image/png",
        width,
        height,
    })
}

/// Walks the JPEG's marker segments: a frame header (SOFn) with the size
/// must come before the first scan, and the file must end with EOI.
fn jpeg(data: &[u8]) -> Result<ImageInfo, Problem> {
    let corrupt = |what: &str| Problem::Corrupt(what.to_string());
    let mut i = 2;
    let mut size = None;
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while data.get(i) == Some(&0xFF) && data.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (data.get(i), data.get(i + 1)) else {
            return Err(corrupt("a segment marker is missing (truncated file?)"));
        };
        i += 2;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => continue,
            0xD9 => return Err(corrupt("the image ends before any scan")),
            _ => {}
        }
        let len = match data.get(i..i + 2) {
            Some(b) => u16::from_be_bytes([b[0], b[1]]) as usize,
            None => return Err(corrupt("a segment is cut short")),
        };
        if len < 2 || i + len > data.len() {
            return Err(corrupt("a segment is longer than the file"));
        }
        let body = &data[i + 2..i + len];
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            if body.len() < 6 {
                return Err(corrupt("the frame header is cut short"));
            }
            let height = u16::from_be_bytes([body[1], body[2]]) as u32;
            let width = u16::from_be_bytes([body[3], body[4]]) as u32;
            if !matches!(body[5], 1 | 3 | 4) {
                return Err(corrupt("the frame has an unsupported number of components"));
            }
            check_size(width, height)?;
            size = Some((width, height));
        }
        i += len;
        if marker == 0xDA {
            break;
        }
    }
    let Some((width, height)) = size else {
        return Err(corrupt("the scan comes before any frame header"));
    };
    // Entropy-coded data follows; the image must end with EOI (trailing
    // zero padding is tolerated).
    let end = data.len() - data.iter().rev().take_while(|&&b| b == 0).count();
    if end < i + 2 || data[end - 2..end] != [0xFF, 0xD9] {
        return Err(corrupt(
            "the end-of-image marker is missing (truncated file?)",
        ));
    }
    Ok(ImageInfo {
        media_type: "image/jpeg",
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `w` × `h` grey pixels, encoded with the png crate.
    fn png_bytes(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        writer
            .write_image_data(&vec![128u8; (w * h) as usize])
            .unwrap();
        writer.finish().unwrap();
        out
    }

    /// The smallest baseline JPEG structure: SOI, SOF0, SOS, data, EOI.
    fn jpeg_bytes(w: u16, h: u16) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        v.extend([0xFF, 0xC0, 0, 11, 8]);
        v.extend(h.to_be_bytes());
        v.extend(w.to_be_bytes());
        v.extend([1, 1, 0x11, 0]);
        v.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0]);
        v.extend([0x12, 0x34, 0xFF, 0x00, 0x56]);
        v.extend([0xFF, 0xD9]);
        v
    }

    #[test]
    fn whole_images_pass() {
        let info = inspect(&png_bytes(3, 2)).unwrap();
        assert_eq!(
            (info.media_type, info.width, info.height),
            ("image/png", 3, 2)
        );
        let info = inspect(&jpeg_bytes(640, 480)).unwrap();
        assert_eq!(
            (info.media_type, info.width, info.height),
            ("image/jpeg", 640, 480)
        );
    }

    #[test]
    fn damaged_images_are_corrupt() {
        let good = png_bytes(20, 20);
        // Truncated before IEND.
        assert!(matches!(
            inspect(&good[..good.len() - 12]),
            Err(Problem::Corrupt(_))
        ));
        // A flipped bit in the pixel data breaks the checksum.
        let mut bad = good.clone();
        let idat = bad.windows(4).position(|w| w == b"IDAT").unwrap();
        bad[idat + 6] ^= 0x40;
        assert!(matches!(inspect(&bad), Err(Problem::Corrupt(_))));
        let j = jpeg_bytes(10, 10);
        assert!(matches!(
            inspect(&j[..j.len() - 2]),
            Err(Problem::Corrupt(_))
        ));
        assert!(matches!(inspect(&j[..8]), Err(Problem::Corrupt(_))));
    }

    #[test]
    fn other_formats_and_huge_sizes_are_refused() {
        assert_eq!(inspect(b"<svg onload=\"alert(1)\"/>"), Err(Problem::Format));
        assert_eq!(inspect(b"GIF89a"), Err(Problem::Format));
        assert_eq!(
            inspect(&jpeg_bytes(60_000, 60_000)),
            Err(Problem::TooLarge {
                width: 60_000,
                height: 60_000
            })
        );
        assert!(matches!(
            inspect(&jpeg_bytes(0, 10)),
            Err(Problem::Corrupt(_))
        ));
    }
}
