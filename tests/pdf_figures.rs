//! Figures in the PDF: each image embedded once as an image XObject on
//! the page of its caption, at the right pixel size, drawn centred in the
//! text block with its aspect ratio, the JPEG file passed through as is,
//! PNG transparency as a soft mask; qpdf and pdfimages agree.

mod pdf_support;

use lopdf::content::Content;
use lopdf::{Dictionary, Object};
use pdf_support::{root, run_tool, Pdf};
use recto::config::PdfConfig;
use std::path::{Path, PathBuf};

/// Builds the PDF of the manuscript in `dir`; returns it with the
/// diagnostics' codes.
fn build_dir(dir: &Path) -> (Vec<u8>, Vec<String>) {
    let loaded = match recto::driver::load(dir) {
        Ok(loaded) => loaded,
        Err(d) => panic!("{:#?}", d.0),
    };
    let (bytes, _, diags) = pdf_support::render_pdf(&loaded.book, &loaded.settings);
    let codes = diags.0.iter().map(|d| d.code.to_string()).collect();
    (bytes, codes)
}

/// Writes `bytes` to a temporary file named after `tag`.
fn temp_file(tag: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("recto-fig-{}-{tag}.pdf", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The image XObjects a page's resources name: (name, stream dictionary,
/// raw content).
fn page_images(pdf: &Pdf, page: usize) -> Vec<(String, Dictionary, Vec<u8>)> {
    let doc = &pdf.doc;
    let deref = |o: &Object| -> Object {
        match o {
            Object::Reference(r) => doc.get_object(*r).unwrap().clone(),
            o => o.clone(),
        }
    };
    let page = doc.get_dictionary(pdf.page_ids[page]).unwrap();
    let res = deref(page.get(b"Resources").unwrap());
    let Ok(x) = res.as_dict().unwrap().get(b"XObject") else {
        return Vec::new();
    };
    let x = deref(x);
    x.as_dict()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let Object::Stream(s) = deref(v) else {
                panic!("XObject {k:?} is not a stream")
            };
            (
                String::from_utf8_lossy(k).into_owned(),
                s.dict.clone(),
                s.content.clone(),
            )
        })
        .collect()
}

/// The matrices (`cm`) in force at each `Do` on a page.
fn placements(pdf: &Pdf, page: usize) -> Vec<[f32; 6]> {
    let content = pdf.doc.get_page_content(pdf.page_ids[page]);
    let ops = Content::decode(&content).unwrap().operations;
    let num = |o: &Object| o.as_float().unwrap();
    let mut cm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut out = Vec::new();
    for op in ops {
        match op.operator.as_str() {
            "cm" if op.operands.len() == 6 => {
                // Only a scale-and-translate matrix matters here.
                let m: Vec<f32> = op.operands.iter().map(num).collect();
                cm = [
                    cm[0] * m[0],
                    0.0,
                    0.0,
                    cm[3] * m[3],
                    cm[0] * m[4] + cm[4],
                    cm[3] * m[5] + cm[5],
                ];
            }
            "Q" => cm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            "Do" => out.push(cm),
            _ => {}
        }
    }
    out
}

/// The page whose text contains `needle` (spaces are set as positions,
/// so both are compared without them).
fn page_with(pdf: &Pdf, needle: &str) -> usize {
    let bare = |s: &str| s.replace(' ', "");
    pdf.pages
        .iter()
        .position(|p| {
            let text: String = p.runs.iter().map(|r| bare(&r.text)).collect();
            text.contains(&bare(needle))
        })
        .unwrap_or_else(|| panic!("`{needle}` is on no page"))
}

fn int(d: &Dictionary, key: &[u8]) -> i64 {
    d.get(key).unwrap().as_i64().unwrap()
}

/// `pdfimages -list` rows: (page, type, width, height, encoding).
fn pdfimages(path: &Path) -> Vec<(usize, String, u32, u32, String)> {
    let out = run_tool("pdfimages", &["-list", path.to_str().unwrap()]);
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (
                f[0].parse().unwrap(),
                f[2].to_string(),
                f[3].parse().unwrap(),
                f[4].parse().unwrap(),
                f[8].to_string(),
            )
        })
        .collect()
}

fn qpdf_clean(path: &Path) {
    let out = run_tool("qpdf", &["--check", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("No syntax or stream encoding errors"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_fixture_figure_is_one_image_on_its_page() {
    let (bytes, codes) = build_dir(&root().join("tests/fixtures/check/ok"));
    assert!(!codes.iter().any(|c| c == "pdf-figure"), "{codes:?}");
    let pdf = Pdf::parse(&bytes);
    let at = page_with(&pdf, "A dot");
    for i in 0..pdf.pages.len() {
        let images = page_images(&pdf, i);
        if i != at {
            assert!(images.is_empty(), "page {} names images", i + 1);
            assert!(placements(&pdf, i).is_empty());
            continue;
        }
        assert_eq!(images.len(), 1);
        let (_, d, _) = &images[0];
        assert_eq!(d.get(b"Subtype").unwrap().as_name().unwrap(), b"Image");
        assert_eq!((int(d, b"Width"), int(d, b"Height")), (1, 1));
        assert_eq!(placements(&pdf, i).len(), 1);
    }
    let path = temp_file("ok", &bytes);
    qpdf_clean(&path);
    let listed = pdfimages(&path);
    let _ = std::fs::remove_file(&path);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(
        (listed[0].0, listed[0].2, listed[0].3),
        (at + 1, 1, 1),
        "{listed:?}"
    );
}

/// A PNG of `w` × `h` with transparent corners.
fn png_with_alpha(w: u32, h: u32) -> Vec<u8> {
    let mut px = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let corner = (x < w / 4 || x >= w - w / 4) && (y < h / 4 || y >= h - h / 4);
            px.extend([(x * 255 / w) as u8, 90, (y * 255 / h) as u8]);
            px.push(if corner { 0 } else { 255 });
        }
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut wr = enc.write_header().unwrap();
    wr.write_image_data(&px).unwrap();
    wr.finish().unwrap();
    out
}

/// A fresh manuscript folder `recto-fig-<name>-<pid>` holding the `ok`
/// fixture's book.toml, chronology and data files and an empty `images/`,
/// for a test to add its own chapter and images.
fn ok_frame(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("recto-fig-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let ok = root().join("tests/fixtures/check/ok");
    std::fs::create_dir_all(dir.join("images")).unwrap();
    for f in [
        "book.toml",
        "chronology.md",
        "sources.toml",
        "timeline.toml",
    ] {
        std::fs::copy(ok.join(f), dir.join(f)).unwrap();
    }
    dir
}

#[test]
fn jpeg_passes_through_and_png_alpha_is_a_soft_mask() {
    let dir = ok_frame("jpeg");
    let jpeg = std::fs::read(root().join("tests/fixtures/pdf/figure.jpg")).unwrap();
    std::fs::write(dir.join("images/photo.jpg"), &jpeg).unwrap();
    std::fs::write(dir.join("images/wide.png"), png_with_alpha(1200, 600)).unwrap();
    std::fs::write(
        dir.join("intro.md"),
        "+++\ntitle = \"Introduction\"\nkind = \"introduction\"\n+++\n\n\
         Text before the figures.\n\n\
         ![A red ball](images/photo.jpg \"Photocaption\")\n\n\
         Text between the figures.\n\n\
         ![A wide drawing](images/wide.png \"Widecaption\")\n\n\
         Text after the figures.\n",
    )
    .unwrap();
    let (bytes, codes) = build_dir(&dir);
    let (again, _) = build_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(bytes == again, "two builds differ");
    assert!(!codes.iter().any(|c| c == "pdf-figure"), "{codes:?}");
    let pdf = Pdf::parse(&bytes);
    let cfg = PdfConfig::default();
    let d = recto::layout::Design::new(&cfg, recto::model::Lang::En).unwrap();

    // The JPEG: the file itself as a DCTDecode stream, at the size of its
    // frame header, drawn with its aspect ratio, centred on the measure.
    let p = page_with(&pdf, "Photocaption");
    let images = page_images(&pdf, p);
    let (_, jd, content) = images
        .iter()
        .find(|(_, d, _)| d.get(b"Filter").and_then(|f| f.as_name()).ok() == Some(b"DCTDecode"))
        .expect("a DCTDecode image on the caption's page");
    assert_eq!(content, &jpeg);
    assert_eq!((int(jd, b"Width"), int(jd, b"Height")), (48, 32));
    assert_eq!(
        jd.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceRGB"
    );
    let media = pdf.pages[p].media;
    let margin = (media[2] - d.width.0) / 2.0;
    for m in placements(&pdf, p) {
        let (w, h, x) = (m[0], m[3], m[4] - margin);
        assert!(w > 0.0 && w <= d.measure.0 + 0.01, "width {w}");
        let centre = x + w / 2.0;
        let ok = [d.inner, d.outer]
            .iter()
            .any(|left| (centre - (left.0 + d.measure.0 / 2.0)).abs() < 0.1);
        assert!(ok, "not centred: x {x}, width {w}");
        assert!(h <= (d.height - d.top - d.bottom).0 * 0.6 + 0.01);
        // The image's bottom sits on a baseline of the grid.
        let from_top = media[3] - margin - m[5];
        let k = (from_top - d.top.0 - d.body_size.0) / d.leading.0;
        assert!(
            (k - k.round()).abs() < 0.01,
            "bottom off the grid: line {k}"
        );
        if (w / h - 1.5).abs() > 0.01 {
            assert!((w / h - 2.0).abs() < 0.01, "aspect {}", w / h);
        }
    }

    // The PNG: RGB samples and an 8-bit soft mask of its alpha, scaled
    // down to the measure.
    let p = page_with(&pdf, "Widecaption");
    let images = page_images(&pdf, p);
    let (_, pd, _) = images
        .iter()
        .find(|(_, d, _)| int(d, b"Width") == 1200)
        .expect("the PNG on the caption's page");
    assert_eq!(
        pd.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceRGB"
    );
    let mask = pdf
        .doc
        .get_object(pd.get(b"SMask").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    assert_eq!(int(&mask.dict, b"Width"), 1200);
    assert_eq!(
        mask.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceGray"
    );
    let wide = placements(&pdf, p)
        .into_iter()
        .find(|m| (m[0] / m[3] - 2.0).abs() < 0.01)
        .expect("the PNG is drawn with its aspect ratio");
    assert!(wide[0] <= d.measure.0 + 0.01 && wide[0] > d.measure.0 * 0.9);

    let path = temp_file("jpeg", &bytes);
    qpdf_clean(&path);
    let listed = pdfimages(&path);
    let _ = std::fs::remove_file(&path);
    let find = |t: &str, w: u32| {
        listed
            .iter()
            .find(|r| r.1 == t && r.2 == w)
            .unwrap_or_else(|| panic!("no {t} {w} wide in {listed:?}"))
    };
    let jpg = find("image", 48);
    assert_eq!((jpg.3, jpg.4.as_str()), (32, "jpeg"));
    assert_eq!(find("image", 1200).3, 600);
    assert_eq!(find("smask", 1200).3, 600);
    assert_eq!(listed.len(), 3, "{listed:?}");
}

#[test]
fn an_image_the_pdf_cannot_read_is_reported_and_its_caption_kept() {
    let dir = ok_frame("bad");
    // The fixture JPEG marked arithmetic-coded (SOF9): a whole JPEG to the
    // reader, one `DCTDecode` is not sure to read.
    let mut jpeg = std::fs::read(root().join("tests/fixtures/pdf/figure.jpg")).unwrap();
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline frame header");
    jpeg[sof + 1] = 0xC9;
    std::fs::write(dir.join("images/broken.jpg"), jpeg).unwrap();
    std::fs::write(
        dir.join("intro.md"),
        "+++\ntitle = \"Introduction\"\nkind = \"introduction\"\n+++\n\n\
         Text.\n\n![Broken](images/broken.jpg \"Brokencaption\")\n\nMore text.\n",
    )
    .unwrap();
    let loaded = match recto::driver::load(&dir) {
        Ok(loaded) => loaded,
        Err(d) => panic!("{:#?}", d.0),
    };
    let (bytes, _, diags) = pdf_support::render_pdf(&loaded.book, &loaded.settings);
    let _ = std::fs::remove_dir_all(&dir);
    let w = diags
        .0
        .iter()
        .find(|d| d.code == "pdf-figure")
        .expect("a pdf-figure warning");
    assert_eq!(w.line, 8, "{w:?}");
    assert!(w.message.contains("broken.jpg"), "{}", w.message);
    let pdf = Pdf::parse(&bytes);
    let p = page_with(&pdf, "Brokencaption");
    assert!(page_images(&pdf, p).is_empty());
}
