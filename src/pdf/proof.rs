//! A plain page stacker for proofs: sets paragraphs with the text engine
//! and fills single-column pages with their lines, top to bottom, on the
//! leading. No running heads, notes or widow control: it exists to measure
//! and look at the text engine until the page engine replaces it.

use pdf_writer::Content;

use crate::diag::Diagnostic;
use crate::model::{Inline, Lang, Note};
use crate::pdf::embed::FontEmbedder;
use crate::pdf::write::{assemble, compress_streams, DrawnPage, Images};
use crate::units::Pt;

use crate::typeset::text::{ParaStyle, SourceLoc, TextEngine};

/// Page size, margins and body type.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: Pt,
    pub height: Pt,
    pub top: Pt,
    pub bottom: Pt,
    pub left: Pt,
    pub right: Pt,
    pub size: Pt,
    pub leading: Pt,
    pub indent: Pt,
}

impl Geometry {
    /// The reference setting of the quality bar: A5, Noto Serif 10/13 pt,
    /// 15 pt indent, margins 18/20/16/16 mm.
    pub fn a5_reference() -> Geometry {
        Geometry {
            width: Pt::from_mm(148.0),
            height: Pt::from_mm(210.0),
            top: Pt::from_mm(18.0),
            bottom: Pt::from_mm(20.0),
            left: Pt::from_mm(16.0),
            right: Pt::from_mm(16.0),
            size: Pt(10.0),
            leading: Pt(13.0),
            indent: Pt(15.0),
        }
    }

    pub fn measure(&self) -> Pt {
        self.width - self.left - self.right
    }
}

/// One paragraph to proof.
#[derive(Clone)]
pub struct ProofPara<'a> {
    pub content: &'a [Inline],
    pub notes: &'a [Note],
    pub lang: Lang,
    /// Set without indent (opens a chapter or follows a heading).
    pub first: bool,
    /// Start a new page before this paragraph.
    pub new_page: bool,
    pub loc: SourceLoc,
}

/// Sets `paras` and stacks their lines into pages; returns the PDF bytes
/// and the engine's warnings.
pub fn proof_pdf(
    engine: &TextEngine,
    paras: &[ProofPara],
    g: &Geometry,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Diagnostic> {
    let mut warnings = Vec::new();
    let mut fonts = FontEmbedder::new();
    let mut pages: Vec<DrawnPage> = Vec::new();
    let mut c = Content::new();
    let first_baseline = g.height - g.top - g.size;
    let mut y = first_baseline;
    let page = |c: Content| DrawnPage {
        width: g.width,
        height: g.height,
        content: c.finish().into_vec(),
        images: Vec::new(),
    };
    for p in paras {
        let indent = if p.first { Pt::ZERO } else { g.indent };
        let style = ParaStyle::body(g.size, g.leading, indent, p.lang);
        let set = engine.set_paragraph(p.content, p.notes, &style, g.measure(), &p.loc);
        warnings.extend(set.warnings);
        if p.new_page && c.len() > 0 {
            pages.push(page(std::mem::replace(&mut c, Content::new())));
            y = first_baseline;
        }
        for line in &set.lines {
            if y < g.bottom {
                pages.push(page(std::mem::replace(&mut c, Content::new())));
                y = first_baseline;
            }
            fonts.emit_line(line, g.left, y, &mut c);
            y -= g.leading;
        }
    }
    if c.len() > 0 || pages.is_empty() {
        pages.push(page(c));
    }
    let (mut doc, _) = assemble("recto proof", pages, fonts, &Images::default())?;
    compress_streams(&mut doc);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|e| Diagnostic::error("pdf-write", format!("cannot write the proof PDF: {e}")))?;
    Ok((bytes, warnings))
}

/// Paragraphs of plain text, one per line, as model inlines.
pub fn paragraphs_of(text: &str) -> Vec<Vec<Inline>> {
    text.lines()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(|p| vec![Inline::Text(p)])
        .collect()
}

/// The paragraphs of a whole book in reading order, for proofs and
/// benchmarks: body paragraphs, quotes, list items, timeline entries,
/// glossary definitions and notes, each chapter on a new page.
pub fn book_paragraphs(book: &crate::model::Book) -> Vec<ProofPara<'_>> {
    use crate::model::Block;
    fn blocks<'a>(
        bs: &'a [Block],
        ch: &'a crate::model::Chapter,
        out: &mut Vec<ProofPara<'a>>,
        first: &mut bool,
    ) {
        let loc = |line| SourceLoc {
            file: ch.file.clone(),
            line,
        };
        for b in bs {
            match b {
                Block::Paragraph(p) => {
                    out.push(ProofPara {
                        content: &p.content,
                        notes: &ch.notes,
                        lang: ch.lang,
                        first: p.first || *first,
                        new_page: *first,
                        loc: loc(p.line),
                    });
                    *first = false;
                }
                Block::Quote(inner) => blocks(inner, ch, out, first),
                Block::List { items, .. } => {
                    for it in items {
                        blocks(it, ch, out, first);
                    }
                }
                Block::Timeline(es) => {
                    for e in es {
                        out.push(ProofPara {
                            content: &e.text,
                            notes: &ch.notes,
                            lang: ch.lang,
                            first: true,
                            new_page: *first,
                            loc: loc(0),
                        });
                        *first = false;
                    }
                }
                Block::Glossary(es) => {
                    for e in es {
                        out.push(ProofPara {
                            content: &e.definition,
                            notes: &ch.notes,
                            lang: ch.lang,
                            first: true,
                            new_page: *first,
                            loc: loc(0),
                        });
                        *first = false;
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for ch in &book.chapters {
        let mut first = true;
        blocks(&ch.blocks, ch, &mut out, &mut first);
        for n in &ch.notes {
            blocks(&n.blocks, ch, &mut out, &mut first);
        }
    }
    out
}
