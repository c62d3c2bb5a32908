//! Drawing set lines into printpdf and embedding the fonts they use, subset.
//!
//! printpdf 0.12 without its `text_layout` feature embeds whole fonts and
//! never subsets. So quire subsets itself: a [`FontEmbedder`] renumbers the
//! glyphs as lines are emitted (`subsetter`'s `GlyphRemapper`), remembers
//! the text of each glyph's cluster, and at the end ([`FontEmbedder::embed`])
//! hands printpdf each font already subset, named with a `XXXXXX+` tag
//! derived from its glyph set (deterministic), so printpdf writes it as a
//! CID TrueType font with `/W` widths and a ToUnicode map built from the
//! cluster texts (ligatures map back to "fi" and so on).
//!
//! Glyphs are placed exactly: each run is one `TJ` whose numbers move the pen
//! from where the font's advance leaves it to the glyph's laid-out x, so
//! kerning and justification survive and `Tw` (which CID fonts ignore) is
//! never needed.

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, Color, FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, Rgb, TextItem,
    TextMatrix,
};
use subsetter::GlyphRemapper;

use crate::diag::Diagnostic;
use crate::fonts::ALL;
use crate::pdf::text::{Line, LineItem};
use crate::units::Pt;

use super::faces;

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
}

impl Default for FontEmbedder {
    fn default() -> Self {
        Self::new()
    }
}

/// The printpdf resource id of bundled font `i` (deterministic).
pub fn font_id(i: usize) -> FontId {
    FontId(format!("QF{i}"))
}

impl FontEmbedder {
    pub fn new() -> FontEmbedder {
        FontEmbedder {
            used: (0..ALL.len()).map(|_| Used::default()).collect(),
        }
    }

    /// Appends to `ops` the operations that draw `line` with its left edge
    /// at `x` and its baseline at `y` (PDF coordinates, from the page's
    /// lower left). Only text operations; link annotations are the page
    /// engine's (from `line.links`).
    pub fn emit_line(&mut self, line: &Line, x: Pt, y: Pt, ops: &mut Vec<Op>) {
        let faces = faces();
        let mut opened = false;
        let mut colored = false;
        for item in &line.items {
            let LineItem::Glyphs(run) = item else {
                continue;
            };
            if run.glyphs.is_empty() {
                continue;
            }
            if !opened {
                ops.push(Op::StartTextSection);
                opened = true;
            }
            match run.color {
                Some([r, g, b]) => {
                    ops.push(Op::SetFillColor {
                        col: Color::Rgb(Rgb {
                            r,
                            g,
                            b,
                            icc_profile: None,
                        }),
                    });
                    colored = true;
                }
                None if colored => {
                    ops.push(Op::SetFillColor {
                        col: Color::Rgb(Rgb {
                            r: 0.0,
                            g: 0.0,
                            b: 0.0,
                            icc_profile: None,
                        }),
                    });
                    colored = false;
                }
                None => {}
            }
            let face = &faces[run.font];
            let used = &mut self.used[run.font];
            let remapper = used.remapper.get_or_insert_with(GlyphRemapper::new);
            let size = run.size.0;
            let mut cps = Vec::with_capacity(run.glyphs.len());
            for (k, g) in run.glyphs.iter().enumerate() {
                let new = remapper.remap(g.id);
                if !g.text.is_empty() {
                    used.text.entry(new).or_insert_with(|| g.text.to_string());
                }
                // The pen after this glyph, in the PDF's 1/1000 em: /W holds
                // the truncated advance.
                let w = (face.advance(g.id) * 1000.0).trunc();
                let offset = match run.glyphs.get(k + 1) {
                    Some(next) => w - (next.x - g.x).0 * 1000.0 / size,
                    None => 0.0,
                };
                let offset = (offset * 100.0).round() / 100.0;
                cps.push(Codepoint {
                    gid: new,
                    offset: if offset.abs() < 0.005 { 0.0 } else { offset },
                    cid: None,
                });
            }
            // Every occurrence of a glyph carries the same text, so the
            // ToUnicode map printpdf builds is consistent.
            for cp in &mut cps {
                cp.cid = used.text.get(&cp.gid).cloned();
            }
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(run.font)),
                size: printpdf::Pt(size),
            });
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(
                    printpdf::Pt((x + run.x + run.glyphs[0].x).0),
                    printpdf::Pt((y + run.dy).0),
                ),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(cps)],
            });
        }
        if colored {
            ops.push(Op::SetFillColor {
                col: Color::Rgb(Rgb {
                    r: 0.0,
                    g: 0.0,
                    b: 0.0,
                    icc_profile: None,
                }),
            });
        }
        if opened {
            ops.push(Op::EndTextSection);
        }
    }

    /// Subsets every font used so far and adds it to `doc` under
    /// [`font_id`]. Call once, after the last `emit_line`.
    pub fn embed(self, doc: &mut PdfDocument) -> Result<(), Diagnostic> {
        for (i, used) in self.used.into_iter().enumerate() {
            let Some(remapper) = used.remapper else {
                continue;
            };
            let file = &ALL[i];
            let bytes = subsetter::subset(file.bytes, 0, &remapper).map_err(|e| {
                Diagnostic::error(
                    "font-subset",
                    format!("cannot subset {}: {e:?}", file.file_name),
                )
            })?;
            let mut warnings = Vec::new();
            let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or_else(|| {
                Diagnostic::error(
                    "font-subset",
                    format!("the subset of {} does not parse", file.file_name),
                )
            })?;
            let name = postscript_name(file.bytes)
                .unwrap_or_else(|| file.file_name.trim_end_matches(".ttf").to_string());
            parsed.font_name = Some(format!("{}+{}", subset_tag(i, &remapper), name));
            doc.resources
                .fonts
                .map
                .insert(font_id(i), PdfFont::new(parsed));
        }
        Ok(())
    }
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
    use crate::pdf::text::proof::{proof_pdf, Geometry, ProofPara};
    use crate::pdf::text::{SourceLoc, TextEngine};

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
            let cid = desc[0].as_dict().expect("CIDFont");
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
                program.len() < crate::fonts::ALL[0].bytes.len() / 4,
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
