//! Reads back recto's PDFs for the tests: text runs with font size and
//! position (decoded through each font's ToUnicode map), link
//! annotations, page boxes, page labels and bookmarks, with lopdf.

#![allow(dead_code)]

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};
use recto::config::{PdfConfig, Settings};
use recto::diag::Diagnostics;
use recto::model::Book;
use std::collections::HashMap;
use std::path::PathBuf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled book, loaded by the reader.
pub fn bundled() -> Book {
    match recto::driver::load(&root().join("manuscript")) {
        Ok(loaded) => loaded.book,
        Err(d) => panic!("the bundled manuscript does not load: {:#?}", d.0),
    }
}

/// The bundled book's settings from its book.toml.
pub fn bundled_settings() -> Settings {
    match recto::driver::load(&root().join("manuscript")) {
        Ok(loaded) => loaded.settings,
        Err(d) => panic!("the bundled manuscript does not load: {:#?}", d.0),
    }
}

/// Builds the PDF of `book` with the bundled book's settings and `cfg`
/// as its `[pdf]`.
pub fn build(book: &Book, cfg: PdfConfig) -> Vec<u8> {
    let settings = Settings {
        pdf: cfg,
        ..bundled_settings()
    };
    build_with(book, &settings).0
}

/// Builds the PDF of `book` with `settings`: its bytes and page count.
pub fn build_with(book: &Book, settings: &Settings) -> (Vec<u8>, usize) {
    let (bytes, pages, _) = render_pdf(book, settings);
    (bytes, pages)
}

/// Lays out and writes the PDF of `book` with `settings`: its bytes, its
/// page count, and the warnings of the layout and the writer.
pub fn render_pdf(book: &Book, settings: &Settings) -> (Vec<u8>, usize, Diagnostics) {
    let pdf: Vec<Box<dyn recto::render::Renderer>> =
        vec![Box::new(recto::pdf::PdfRenderer { wrap: false })];
    match recto::driver::render(book, settings, &pdf) {
        Ok((mut outputs, diags)) => {
            let o = outputs.remove(0);
            (o.bytes, o.pages.expect("a page count"), diags)
        }
        Err(d) => panic!("the PDF does not build: {:#?}", d.0),
    }
}

/// One shown string: its text, font size and start point (PDF space).
#[derive(Debug, Clone)]
pub struct Run {
    pub text: String,
    pub size: f32,
    pub x: f32,
    pub y: f32,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub rect: [f32; 4],
    /// Target page index for internal links.
    pub dest_page: Option<usize>,
    pub dest_y: Option<f32>,
    pub uri: Option<String>,
    pub border_zero: bool,
}

#[derive(Debug, Clone)]
pub struct PageInfo {
    pub runs: Vec<Run>,
    pub links: Vec<Link>,
    pub media: [f32; 4],
    pub trim: Option<[f32; 4]>,
    pub bleed: Option<[f32; 4]>,
    /// Drawing operators other than text (rules, leaders).
    pub paths: usize,
}

pub struct Pdf {
    pub doc: Document,
    pub pages: Vec<PageInfo>,
    pub page_ids: Vec<ObjectId>,
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => f32::NAN,
    }
}

fn rect(doc: &Document, o: Option<&Object>) -> Option<[f32; 4]> {
    let o = o?;
    let o = match o {
        Object::Reference(r) => doc.get_object(*r).ok()?,
        o => o,
    };
    let a = o.as_array().ok()?;
    (a.len() == 4).then(|| [num(&a[0]), num(&a[1]), num(&a[2]), num(&a[3])])
}

/// Parses the bfchar/bfrange entries of a ToUnicode CMap.
fn parse_cmap(data: &str) -> HashMap<u32, String> {
    let mut map = HashMap::new();
    let hex = |s: &str| u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).ok();
    let utf16 = |s: &str| -> String {
        let s = s.trim_matches(|c| c == '<' || c == '>');
        let units: Vec<u16> = (0..s.len() / 4)
            .filter_map(|i| u16::from_str_radix(&s[i * 4..i * 4 + 4], 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut mode = "";
    for line in data.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if line.starts_with("endbf") {
            mode = "";
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        match (mode, parts.as_slice()) {
            ("char", [a, b, ..]) => {
                if let Some(k) = hex(a) {
                    map.insert(k, utf16(b));
                }
            }
            ("range", [a, b, c, ..]) if c.starts_with('<') => {
                if let (Some(lo), Some(hi), Some(base)) = (hex(a), hex(b), hex(c)) {
                    for k in lo..=hi {
                        if let Some(ch) = char::from_u32(base + (k - lo)) {
                            map.insert(k, ch.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    map
}

impl Pdf {
    pub fn parse(bytes: &[u8]) -> Pdf {
        let doc = Document::load_mem(bytes).expect("the PDF parses");
        let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let index: HashMap<ObjectId, usize> = page_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i))
            .collect();
        let mut cmaps: HashMap<Vec<u8>, HashMap<u32, String>> = HashMap::new();
        let mut pages = Vec::new();
        for &pid in &page_ids {
            let page = doc.get_dictionary(pid).unwrap();
            // Fonts of this page: resource name → cmap.
            let fonts = doc.get_page_fonts(pid).unwrap_or_default();
            for (name, font) in &fonts {
                if cmaps.contains_key(name) {
                    continue;
                }
                let mut map = HashMap::new();
                if let Ok(Object::Reference(r)) = font.get(b"ToUnicode") {
                    if let Ok(Object::Stream(s)) = doc.get_object(*r) {
                        let data = s
                            .decompressed_content()
                            .unwrap_or_else(|_| s.content.clone());
                        map = parse_cmap(&String::from_utf8_lossy(&data));
                    }
                }
                cmaps.insert(name.clone(), map);
            }
            let content = doc.get_page_content(pid);
            let ops = Content::decode(&content).unwrap().operations;
            let mut runs = Vec::new();
            let (mut font, mut size, mut x, mut y) = (Vec::new(), 0.0f32, 0.0f32, 0.0f32);
            let mut paths = 0;
            for op in ops {
                match op.operator.as_str() {
                    "Tf" => {
                        font = op.operands[0].as_name().unwrap_or_default().to_vec();
                        size = num(&op.operands[1]);
                    }
                    "Tm" => {
                        x = num(&op.operands[4]);
                        y = num(&op.operands[5]);
                    }
                    "Td" => {
                        x += num(&op.operands[0]);
                        y += num(&op.operands[1]);
                    }
                    "TJ" | "Tj" => {
                        let map = cmaps.get(&font);
                        let mut text = String::new();
                        let items: Vec<Object> = match &op.operands[0] {
                            Object::Array(a) => a.clone(),
                            o => vec![o.clone()],
                        };
                        for it in items {
                            if let Object::String(b, _) = it {
                                for pair in b.chunks(2) {
                                    let code = if pair.len() == 2 {
                                        u16::from_be_bytes([pair[0], pair[1]]) as u32
                                    } else {
                                        pair[0] as u32
                                    };
                                    if let Some(s) = map.and_then(|m| m.get(&code)) {
                                        text.push_str(s);
                                    }
                                }
                            }
                        }
                        runs.push(Run { text, size, x, y });
                    }
                    "re" | "m" | "l" => paths += 1,
                    _ => {}
                }
            }
            let mut links = Vec::new();
            if let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) {
                for a in annots {
                    let a = match a {
                        Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
                        Object::Dictionary(d) => d,
                        _ => continue,
                    };
                    let r = rect(&doc, a.get(b"Rect").ok()).unwrap();
                    let border_zero = a
                        .get(b"Border")
                        .ok()
                        .and_then(|b| b.as_array().ok())
                        .is_some_and(|b| b.len() == 3 && b.iter().all(|v| num(v) == 0.0));
                    let (mut dest_page, mut dest_y, mut uri) = (None, None, None);
                    if let Ok(d) = a.get(b"Dest").and_then(|d| d.as_array()) {
                        if let Some(Object::Reference(p)) = d.first() {
                            dest_page = index.get(p).copied();
                        }
                        dest_y = d.get(3).map(num);
                    }
                    if let Ok(act) = a.get(b"A").and_then(|x| x.as_dict()) {
                        if let Ok(Object::String(u, _)) = act.get(b"URI") {
                            uri = Some(String::from_utf8_lossy(u).into_owned());
                        }
                    }
                    links.push(Link {
                        rect: r,
                        dest_page,
                        dest_y,
                        uri,
                        border_zero,
                    });
                }
            }
            pages.push(PageInfo {
                runs,
                links,
                media: rect(&doc, page.get(b"MediaBox").ok()).unwrap(),
                trim: rect(&doc, page.get(b"TrimBox").ok()),
                bleed: rect(&doc, page.get(b"BleedBox").ok()),
                paths,
            });
        }
        Pdf {
            doc,
            pages,
            page_ids,
        }
    }

    /// The /PageLabels of every page, as a viewer shows them.
    pub fn labels(&self) -> Vec<String> {
        let cat = self.doc.catalog().unwrap();
        let labels = match cat.get(b"PageLabels").unwrap() {
            Object::Reference(r) => self.doc.get_dictionary(*r).unwrap(),
            Object::Dictionary(d) => d,
            _ => panic!("bad /PageLabels"),
        };
        let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
        let ranges: Vec<(usize, &lopdf::Dictionary)> = nums
            .chunks(2)
            .map(|c| (c[0].as_i64().unwrap() as usize, c[1].as_dict().unwrap()))
            .collect();
        (0..self.pages.len())
            .map(|i| {
                let (start, d) = ranges.iter().rev().find(|(s, _)| *s <= i).unwrap();
                let st = d.get(b"St").ok().and_then(|v| v.as_i64().ok()).unwrap_or(1);
                let n = (i - start) as i64 + st;
                let prefix = d
                    .get(b"P")
                    .ok()
                    .and_then(|p| p.as_str().ok())
                    .map(|p| String::from_utf8_lossy(p).into_owned())
                    .unwrap_or_default();
                let body = match d.get(b"S").ok().and_then(|s| s.as_name().ok()) {
                    Some(b"D") => n.to_string(),
                    Some(b"r") => roman(n as u32),
                    _ => String::new(),
                };
                prefix + &body
            })
            .collect()
    }

    /// Bookmarks as (depth, title, target page), in document order.
    pub fn outline(&self) -> Vec<(usize, String, Option<usize>)> {
        let cat = self.doc.catalog().unwrap();
        let Ok(Object::Reference(root)) = cat.get(b"Outlines") else {
            return vec![];
        };
        let index: HashMap<ObjectId, usize> = self
            .page_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i))
            .collect();
        let mut out = Vec::new();
        fn walk(
            doc: &Document,
            first: Option<ObjectId>,
            depth: usize,
            index: &HashMap<ObjectId, usize>,
            out: &mut Vec<(usize, String, Option<usize>)>,
        ) {
            let mut cur = first;
            while let Some(id) = cur {
                let d = doc.get_dictionary(id).unwrap();
                let title = match d.get(b"Title").unwrap() {
                    Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
                        let u: Vec<u16> = b[2..]
                            .chunks(2)
                            .map(|c| u16::from_be_bytes([c[0], c[1]]))
                            .collect();
                        String::from_utf16_lossy(&u)
                    }
                    Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
                    _ => String::new(),
                };
                let page = d
                    .get(b"Dest")
                    .ok()
                    .and_then(|x| x.as_array().ok())
                    .and_then(|a| a.first())
                    .and_then(|p| p.as_reference().ok())
                    .and_then(|p| index.get(&p).copied());
                out.push((depth, title, page));
                let kid = d.get(b"First").ok().and_then(|f| f.as_reference().ok());
                walk(doc, kid, depth + 1, index, out);
                cur = d.get(b"Next").ok().and_then(|f| f.as_reference().ok());
            }
        }
        let first = self
            .doc
            .get_dictionary(*root)
            .unwrap()
            .get(b"First")
            .ok()
            .and_then(|f| f.as_reference().ok());
        walk(&self.doc, first, 0, &index, &mut out);
        out
    }
}

pub fn roman(mut n: u32) -> String {
    let digits = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, d) in digits {
        while n >= v {
            s.push_str(d);
            n -= v;
        }
    }
    s
}

/// Runs `tool` with `args`; a missing tool fails the test with a hint.
pub fn run_tool(tool: &str, args: &[&str]) -> std::process::Output {
    match std::process::Command::new(tool).args(args).output() {
        Ok(o) => o,
        Err(e) => panic!("`{tool}` is required for this test ({e}): run .ci/install-tools.sh"),
    }
}

pub fn is_marker(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= 3
        && (s.chars().all(|c| c.is_ascii_digit())
            || s.chars().all(|c| c.is_ascii_lowercase())
            || s.chars().all(|c| "*†‡§¶‖".contains(c)))
}

/// Note references in the text: marker runs raised above, and smaller
/// than, a run of the same line that precedes them.
pub fn body_markers(runs: &[Run]) -> Vec<String> {
    body_marker_runs(runs)
        .into_iter()
        .map(|i| runs[i].text.clone())
        .collect()
}

pub fn body_marker_runs(runs: &[Run]) -> Vec<usize> {
    runs.iter()
        .enumerate()
        .filter(|(i, r)| {
            is_marker(&r.text)
                && runs[..*i].iter().rev().take(3).any(|p| {
                    let rise = r.y - p.y;
                    (r.size - 0.65 * p.size).abs() < 0.1 && rise > 0.1 && rise < p.size * 0.6
                })
        })
        .map(|(i, _)| i)
        .collect()
}

/// Note markers at the foot: a marker run at the note size that starts
/// its line, followed by the note's text on the same baseline.
pub fn foot_markers(runs: &[Run], note_size: f32) -> Vec<String> {
    foot_marker_runs(runs, note_size)
        .into_iter()
        .map(|i| runs[i].text.clone())
        .collect()
}

pub fn foot_marker_runs(runs: &[Run], note_size: f32) -> Vec<usize> {
    runs.iter()
        .enumerate()
        .filter(|(_, r)| {
            is_marker(&r.text)
                && (r.size - note_size).abs() < 0.01
                && runs
                    .iter()
                    .any(|o| (o.y - r.y).abs() < 0.01 && o.x > r.x && !o.text.is_empty())
                && !runs
                    .iter()
                    .any(|o| (o.y - r.y).abs() < 0.01 && o.x < r.x - 0.01)
        })
        .map(|(i, _)| i)
        .collect()
}
