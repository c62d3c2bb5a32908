//! Drawing set lines into a page's content stream, and embedding the fonts
//! they use, subset.
//!
//! A [`FontEmbedder`] renumbers the glyphs as lines are emitted
//! (`subsetter`'s `GlyphRemapper`) and remembers the text of each glyph's
//! cluster. At the end, [`FontEmbedder::embed`] subsets each font and
//! writes it as a CID-keyed TrueType font (`Type0` over `CIDFontType2`,
//! `Identity-H`): the new glyph id is the character code, `/W` holds the
//! widths the content stream assumed, and a ToUnicode map (pdf-writer's
//! [`UnicodeCmap`]) gives each glyph its cluster's text, so ligatures copy
//! back as "fi" and so on. The `XXXXXX+` subset tag is derived from the
//! glyph set, so the same text gives the same names.
//!
//! Glyphs are placed exactly: each run is one `TJ` whose numbers move the
//! pen from where the font's advance leaves it to the glyph's laid-out x, so
//! kerning and justification survive and `Tw` (which CID fonts ignore) is
//! never needed.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, Stream, StringFormat};
use pdf_writer::types::{SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Name, Str};
use subsetter::GlyphRemapper;

use crate::diag::Diagnostic;
use crate::typeset::fonts::ALL;
use crate::typeset::text::{Line, LineItem};
use crate::units::Pt;

use crate::typeset::fonts::{faces, FontFace};

/// Per font: the glyph renumbering and the text each new glyph id stands for.
#[derive(Default)]
struct Used {
    remapper: Option<GlyphRemapper>,
    text: BTreeMap<u16, String>,
}

/// Collects the glyphs drawn through it and embeds subset fonts at the end.
/// Use one per PDF document.
pub struct FontEmbedder {
    used: Vec<Used>,
    /// Scratch for one `TJ` string.
    codes: Vec<u8>,
}

impl Default for FontEmbedder {
    fn default() -> Self {
        Self::new()
    }
}

/// Resource names of the bundled fonts, by index into [`ALL`].
const FONT_NAMES: [&str; 8] = ["QF0", "QF1", "QF2", "QF3", "QF4", "QF5", "QF6", "QF7"];

/// The resource name of bundled font `i` (deterministic); there is one
/// per bundled font (a unit test checks).
pub fn font_name(i: usize) -> &'static str {
    FONT_NAMES.get(i).copied().unwrap_or("QF0")
}

/// `v` rounded to 1/1000 pt: finer than any device, and it keeps the
/// content stream short and free of exponent notation.
fn r3(v: f32) -> f32 {
    let r = (v * 1000.0).round() / 1000.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

impl FontEmbedder {
    pub fn new() -> FontEmbedder {
        FontEmbedder {
            used: (0..ALL.len()).map(|_| Used::default()).collect(),
            codes: Vec::with_capacity(256),
        }
    }

    /// Appends to `content` the operations that draw `line` with its left
    /// edge at `x` and its baseline at `y` (PDF coordinates, from the
    /// page's lower left): one text object, and per glyph run a font, a
    /// text matrix and a `TJ` whose strings are two-byte glyph codes,
    /// broken only where the pen must move. Only text; link annotations
    /// are the page engine's (from `line.links`).
    pub fn emit_line(&mut self, line: &Line, x: Pt, y: Pt, content: &mut Content) {
        let faces = faces();
        let mut opened = false;
        let mut colored = false;
        for item in &line.items {
            let LineItem::Glyphs(run) = item else {
                continue;
            };
            let Some(first) = run.glyphs.first() else {
                continue;
            };
            if !opened {
                content.begin_text();
                opened = true;
            }
            match run.color {
                Some([r, g, b]) => {
                    content.set_fill_rgb(r, g, b);
                    colored = true;
                }
                None if colored => {
                    content.set_fill_gray(0.0);
                    colored = false;
                }
                None => {}
            }
            let (Some(face), Some(used)) = (faces.get(run.font), self.used.get_mut(run.font))
            else {
                continue;
            };
            let remapper = used.remapper.get_or_insert_with(GlyphRemapper::new);
            let size = run.size.0;
            content.set_font(Name(font_name(run.font).as_bytes()), size);
            content.set_text_matrix([
                1.0,
                0.0,
                0.0,
                1.0,
                r3((x + run.x + first.x).0),
                r3((y + run.dy).0),
            ]);
            let codes = &mut self.codes;
            codes.clear();
            let mut tj = content.show_positioned();
            let mut items = tj.items();
            for (k, g) in run.glyphs.iter().enumerate() {
                let new = remapper.remap(g.id);
                if !g.text.is_empty() && !used.text.contains_key(&new) {
                    used.text.insert(new, g.text.to_string());
                }
                codes.extend(new.to_be_bytes());
                // The pen after this glyph, in the PDF's 1/1000 em: /W holds
                // the truncated advance.
                let w = (face.advance(g.id).0 * 1000.0).trunc();
                let offset = match run.glyphs.get(k + 1) {
                    Some(next) => w - (next.x - g.x).0 * 1000.0 / size,
                    None => 0.0,
                };
                let offset = (offset * 100.0).round() / 100.0;
                if offset.abs() >= 0.005 {
                    items.show(Str(codes));
                    codes.clear();
                    items.adjust(offset);
                }
            }
            if !codes.is_empty() {
                items.show(Str(codes));
            }
        }
        if colored {
            content.set_fill_gray(0.0);
        }
        if opened {
            content.end_text();
        }
    }

    /// Subsets every font used so far, adds it to `doc`, and returns the
    /// `/Font` resource dictionary naming them ([`font_name`]). Call once,
    /// after the last `emit_line`.
    pub fn embed(self, doc: &mut lopdf::Document) -> Result<Dictionary, Diagnostic> {
        let mut resources = Dictionary::new();
        for (i, used) in self.used.into_iter().enumerate() {
            let Some(remapper) = used.remapper else {
                continue;
            };
            let (Some(file), Some(face)) = (ALL.get(i), faces().get(i)) else {
                continue;
            };
            let program = subsetter::subset(file.bytes, 0, &remapper).map_err(|e| {
                Diagnostic::error(
                    "font-subset",
                    format!("cannot subset {}: {e:?}", file.file_name),
                )
            })?;
            let name = format!(
                "{}+{}",
                subset_tag(i, &remapper),
                postscript_name(file.bytes)
                    .unwrap_or_else(|| file.file_name.trim_end_matches(".ttf").to_string())
            );
            // Widths by new glyph id, as `emit_line` assumed them.
            let widths: Vec<Object> = remapper
                .remapped_gids()
                .map(|old| Object::Integer((face.advance(old).0 * 1000.0).trunc() as i64))
                .collect();
            let font = type0_font(doc, &name, face, program, widths, &used.text);
            resources.set(font_name(i), Object::Reference(font));
        }
        Ok(resources)
    }
}

/// Writes a `Type0` font over a `CIDFontType2` descendant with its font
/// descriptor, font program, widths (one run from code 0) and ToUnicode
/// map into `doc`; returns the `Type0` dictionary's id. Descriptor
/// metrics are in 1/1000 em, scaled from the face's units.
fn type0_font(
    doc: &mut lopdf::Document,
    name: &str,
    face: &FontFace,
    program: Vec<u8>,
    widths: Vec<Object>,
    text: &BTreeMap<u16, String>,
) -> lopdf::ObjectId {
    let f = &face.face;
    let scale = 1000.0 / face.upem;
    let s = |v: f32| Object::Integer((v * scale).round() as i64);
    let bbox = f.global_bounding_box();
    let italic = f.italic_angle();
    // PDF 32000-1 Table 123: non-symbolic (bit 6), italic (bit 7).
    let flags = 32 + if italic != 0.0 { 64 } else { 0 };
    // No table holds the stem width; estimate it from the weight class as
    // PDF producers conventionally do (about 88 at 400, 166 at 700).
    let weight = f.weight().to_number() as f32;
    let stem_v = 50.0 + (weight / 65.0).powi(2).round();

    let program_len = program.len() as i64;
    let mut file = Stream::new(Dictionary::new(), program);
    file.dict.set("Length1", program_len);
    let file_id = doc.add_object(file);

    let mut desc = Dictionary::new();
    desc.set("Type", "FontDescriptor");
    desc.set("FontName", Object::Name(name.as_bytes().to_vec()));
    desc.set("Flags", flags);
    desc.set(
        "FontBBox",
        Object::Array(vec![
            s(bbox.x_min as f32),
            s(bbox.y_min as f32),
            s(bbox.x_max as f32),
            s(bbox.y_max as f32),
        ]),
    );
    desc.set("ItalicAngle", Object::Real(italic));
    desc.set("Ascent", s(f.ascender() as f32));
    desc.set("Descent", s(f.descender() as f32));
    desc.set(
        "CapHeight",
        s(f.capital_height().unwrap_or(f.ascender()) as f32),
    );
    desc.set("StemV", stem_v as i64);
    desc.set("FontFile2", Object::Reference(file_id));
    let desc_id = doc.add_object(desc);

    let mut info = Dictionary::new();
    info.set(
        "Registry",
        Object::String(b"Adobe".to_vec(), StringFormat::Literal),
    );
    info.set(
        "Ordering",
        Object::String(b"Identity".to_vec(), StringFormat::Literal),
    );
    info.set("Supplement", 0);
    let mut cid = Dictionary::new();
    cid.set("Type", "Font");
    cid.set("Subtype", "CIDFontType2");
    cid.set("BaseFont", Object::Name(name.as_bytes().to_vec()));
    cid.set("CIDSystemInfo", info);
    cid.set("FontDescriptor", Object::Reference(desc_id));
    cid.set("W", Object::Array(vec![0.into(), Object::Array(widths)]));
    cid.set("CIDToGIDMap", "Identity");
    let cid_id = doc.add_object(cid);

    let mut cmap = UnicodeCmap::new(
        Name(b"Adobe-Identity-UCS"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    for (gid, t) in text {
        cmap.pair_with_multiple(*gid, t.chars());
    }
    let cmap_id = doc.add_object(Stream::new(Dictionary::new(), cmap.finish().into_vec()));

    let mut font = Dictionary::new();
    font.set("Type", "Font");
    font.set("Subtype", "Type0");
    font.set("BaseFont", Object::Name(name.as_bytes().to_vec()));
    font.set("Encoding", "Identity-H");
    font.set(
        "DescendantFonts",
        Object::Array(vec![Object::Reference(cid_id)]),
    );
    font.set("ToUnicode", Object::Reference(cmap_id));
    doc.add_object(font)
}

/// The font's PostScript name (name id 6), e.g. "NotoSerif-Regular".
fn postscript_name(bytes: &[u8]) -> Option<String> {
    let face = ttf_parser::Face::parse(bytes, 0).ok()?;
    face.names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
}

/// Six capital letters from a hash of the font and its glyph set, so the
/// same text gives the same tag (PDF 32000-1, 9.6.4).
fn subset_tag(font: usize, remapper: &GlyphRemapper) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ font as u64;
    for g in remapper.remapped_gids() {
        h ^= g as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|k| (b'A' + ((h >> (k * 8)) % 26) as u8) as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::model::{Inline, Lang};
    use crate::pdf::proof::{proof_pdf, Geometry, ProofPara};
    use crate::typeset::text::{SourceLoc, TextEngine};

    /// Sets a paragraph with ligatures, italics and Cyrillic and returns the
    /// proof PDF.
    fn pdf() -> Vec<u8> {
        let content = vec![
            Inline::Text("The official figures were first fixed at 225 ".into()),
            Inline::Emph(vec![Inline::Text("offline".into())]),
            Inline::Text(", then revised; ".into()),
            Inline::Lang {
                lang: Lang::Ru,
                content: vec![Inline::Text("Комитет национальной безопасности".into())],
            },
            Inline::Text(" is the committee’s name.".into()),
        ];
        let paras = [ProofPara {
            content: &content,
            notes: &[],
            lang: Lang::En,
            first: true,
            new_page: true,
            loc: SourceLoc::default(),
        }];
        let engine = TextEngine::new(&Default::default());
        proof_pdf(&engine, &paras, &Geometry::a5_reference())
            .expect("proof")
            .0
    }

    #[test]
    fn fonts_are_embedded_subset_with_unicode_maps() {
        let bytes = pdf();
        let doc = lopdf::Document::load_mem(&bytes).expect("valid PDF");
        let mut fonts = 0;
        let mut maps = String::new();
        for (_, obj) in doc.objects.iter() {
            let Ok(d) = obj.as_dict() else { continue };
            if !d
                .get(b"Subtype")
                .and_then(|s| s.as_name())
                .is_ok_and(|n| n == b"Type0")
            {
                continue;
            }
            fonts += 1;
            let name = d
                .get(b"BaseFont")
                .and_then(|n| n.as_name())
                .expect("BaseFont");
            let name = String::from_utf8_lossy(name).to_string();
            // Subset tag: six capitals and '+'.
            assert_eq!(name.as_bytes()[6], b'+', "{name}");
            assert!(name[..6].bytes().all(|b| b.is_ascii_uppercase()), "{name}");
            // ToUnicode map.
            let tu = d
                .get(b"ToUnicode")
                .and_then(|r| r.as_reference())
                .expect("ToUnicode");
            let stream = doc
                .get_object(tu)
                .and_then(|o| o.as_stream())
                .expect("stream");
            let content = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            maps.push_str(&String::from_utf8_lossy(&content));
            // The embedded program is a subset: much smaller than the font.
            let desc = d
                .get(b"DescendantFonts")
                .and_then(|a| a.as_array())
                .expect("descendants");
            let cid = doc
                .dereference(&desc[0])
                .and_then(|(_, o)| o.as_dict())
                .expect("CIDFont");
            let fd = cid
                .get(b"FontDescriptor")
                .and_then(|r| r.as_reference())
                .expect("descriptor");
            let fd = doc
                .get_object(fd)
                .and_then(|o| o.as_dict())
                .expect("descriptor dict");
            let ff = fd
                .get(b"FontFile2")
                .and_then(|r| r.as_reference())
                .expect("FontFile2");
            let ff = doc
                .get_object(ff)
                .and_then(|o| o.as_stream())
                .expect("font stream");
            let program = ff
                .decompressed_content()
                .unwrap_or_else(|_| ff.content.clone());
            assert!(!program.is_empty());
            assert!(
                program.len() < crate::typeset::fonts::ALL[0].bytes.len() / 4,
                "{name}: {} bytes",
                program.len()
            );
        }
        // Regular and italic.
        assert_eq!(fonts, 2);
        // The "ffi"/"fi" ligatures copy as their letters: a ToUnicode entry
        // maps one glyph to several code points.
        let lower = maps.to_lowercase();
        assert!(
            lower.contains("<00660066006c>")
                || lower.contains("<00660069>")
                || lower.contains("<006600660069>"),
            "{maps}"
        );
        // Cyrillic maps back too.
        assert!(lower.contains("<041a>"), "{maps}");
    }

    #[test]
    fn every_bundled_font_has_a_resource_name() {
        let names: std::collections::BTreeSet<_> = (0..crate::typeset::fonts::ALL.len())
            .map(super::font_name)
            .collect();
        assert_eq!(names.len(), crate::typeset::fonts::ALL.len());
    }

    /// Subset font names of a PDF, sorted.
    fn font_names(bytes: &[u8]) -> Vec<String> {
        let doc = lopdf::Document::load_mem(bytes).expect("valid PDF");
        let mut v: Vec<String> = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter_map(|d| d.get(b"FontName").and_then(|n| n.as_name()).ok())
            .map(|n| String::from_utf8_lossy(n).to_string())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn subset_tags_depend_only_on_the_text() {
        let a = font_names(&pdf());
        assert_eq!(a.len(), 2);
        assert_eq!(a, font_names(&pdf()));
    }
}
