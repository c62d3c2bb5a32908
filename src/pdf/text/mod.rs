//! The text engine: turns a paragraph of the document model into justified,
//! hyphenated lines (shaping, hyphenation, Knuth–Plass line breaking).
//!
//! Build one [`TextEngine`] per book (it loads the hyphenation patterns and
//! the book's exception list once) and call [`TextEngine::set_paragraph`]
//! for each paragraph with its style and measure. The engine knows nothing
//! about pages: it returns [`Line`]s whose coordinates are relative to the
//! left edge of the measure and the line's baseline. Draw them with
//! [`crate::pdf::fonts::embed::FontEmbedder::emit_line`].
//!
//! Pipeline per paragraph: `collect` flattens the inline tree into one string
//! with attribute runs; `paragraph` shapes each word (rustybuzz, kerning and
//! ligatures, per-character font fallback), finds break opportunities (UAX
//! #14, `hyphenate`, URL rules) and builds boxes, glue and penalties;
//! `knuth_plass` picks the breaks (first with spaces at most 1.5× normal,
//! then 2×, then an emergency pass); `paragraph::assemble` positions the
//! glyphs of each line.

mod collect;
pub mod hyphenate;
pub mod knuth_plass;
mod line;
mod paragraph;
pub mod proof;

pub use line::{Glyph, GlyphRun, Line, LineItem, LinkSpan};

use std::sync::OnceLock;

use crate::config::HyphenationConfig;
use crate::diag::Diagnostic;
use crate::fonts::Family;
use crate::model::{Inline, Lang, Note};
use crate::units::Pt;

use hyphenate::Hyphenation;
use knuth_plass::{break_items, Kind, Params, INFINITY};
use paragraph::SPACE_STRETCH;

/// How a paragraph is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    Justify,
    Left,
    Center,
    Right,
}

/// Everything the engine needs to set one paragraph, besides its content.
#[derive(Debug, Clone)]
pub struct ParaStyle {
    pub family: Family,
    pub size: Pt,
    /// Baseline-to-baseline distance.
    pub leading: Pt,
    /// First-line indent (may be zero).
    pub indent: Pt,
    pub align: Alignment,
    pub hyphenate: bool,
    /// Base language of the paragraph; `Inline::Lang` spans override it.
    pub lang: Lang,
    /// Sets all text bold / italic (headings, standfirsts).
    pub bold: bool,
    pub italic: bool,
    /// Fill colour for the whole paragraph, RGB 0..=1.
    pub color: Option<[f32; 3]>,
}

impl ParaStyle {
    /// Justified, hyphenated body text in the serif family.
    pub fn body(size: Pt, leading: Pt, indent: Pt, lang: Lang) -> ParaStyle {
        ParaStyle {
            family: Family::Serif,
            size,
            leading,
            indent,
            align: Alignment::Justify,
            hyphenate: true,
            lang,
            bold: false,
            italic: false,
            color: None,
        }
    }
}

/// Where a paragraph came from, for warnings such as a loose line.
#[derive(Debug, Clone, Default)]
pub struct SourceLoc {
    pub file: Option<std::path::PathBuf>,
    pub line: u32,
}

/// The lines of one paragraph plus what the engine noticed while setting it.
#[derive(Debug, Clone, Default)]
pub struct SetParagraph {
    pub lines: Vec<Line>,
    pub warnings: Vec<Diagnostic>,
}

/// Word spaces wider than this multiple of the normal space make a line
/// "loose": reported as a warning.
pub const LOOSE_SPACE: f32 = 2.0;

/// The text engine for one book: hyphenation patterns and exceptions.
pub struct TextEngine {
    hyph: Hyphenation,
}

impl TextEngine {
    /// Loads the hyphenation patterns and the book's exception words.
    pub fn new(config: &HyphenationConfig) -> TextEngine {
        TextEngine {
            hyph: Hyphenation::new(&config.exceptions),
        }
    }

    /// The hyphenation dictionaries and exceptions in use.
    pub fn hyphenation(&self) -> &Hyphenation {
        &self.hyph
    }

    /// Sets `content` into lines of width `measure`.
    ///
    /// `notes` are the chapter's notes, so note references print their
    /// markers (raised, smaller, linked to the note; the line lists the note
    /// in `note_refs` and the reference id in `anchors`). Justified lines
    /// fill the measure exactly, except that final punctuation may hang
    /// into the right margin by up to 70 % of its width. Loose lines and
    /// characters no bundled font has come back as warnings at `loc`.
    pub fn set_paragraph(
        &self,
        content: &[Inline],
        notes: &[Note],
        style: &ParaStyle,
        measure: Pt,
        loc: &SourceLoc,
    ) -> SetParagraph {
        let flat = collect::flatten(content, notes, style);
        let justify = style.align == Alignment::Justify;
        let mut prep = paragraph::prepare(&flat, style, &self.hyph, !justify);
        if justify {
            paragraph::set_glue_protrusion(&mut prep, &flat.text);
        }
        let m = measure.0;
        let mut params = Params::justified(m);
        // Passes: spaces ≤ 1.5×, then ≤ 2×, then whatever it takes.
        let passes: &[Option<f32>] = if justify {
            &[Some(1.0), Some(2.0), None]
        } else {
            params.extra_stretch = m;
            params.min_last_line = 0.0;
            params.fitness_demerits = 0.0;
            &[Some(1.0), None]
        };
        let mut breaks = None;
        for &max_ratio in passes {
            params.max_ratio = max_ratio;
            breaks = break_items(&prep.items, &params);
            if breaks.is_some() {
                break;
            }
        }
        let breaks = breaks.unwrap_or_default();

        let mut out = SetParagraph::default();
        let warn_at = |d: Diagnostic| match &loc.file {
            Some(f) => d.at(f, loc.line, 0),
            None => d,
        };
        let n = prep.items.len();
        let mut from = 0;
        for (k, b) in breaks.iter().enumerate() {
            let last = b.at == n - 1;
            let forced =
                prep.items[b.at].kind == Kind::Penalty && prep.items[b.at].penalty <= -INFINITY;
            let (mut line, span) = paragraph::assemble(
                &prep,
                &flat,
                style,
                from,
                b.at,
                b.ratio,
                justify || b.ratio < 0.0,
            );
            line.last = last;
            let slack = m - line.width.0;
            let shift = match style.align {
                Alignment::Center => slack / 2.0,
                Alignment::Right => slack,
                _ => 0.0,
            };
            if shift != 0.0 {
                for it in &mut line.items {
                    if let LineItem::Glyphs(r) = it {
                        r.x += Pt(shift);
                    }
                }
                for l in &mut line.links {
                    l.x0 += Pt(shift);
                    l.x1 += Pt(shift);
                }
                line.width += Pt(shift);
            }
            if let Some(span) = span {
                line.note_refs = flat
                    .note_refs
                    .iter()
                    .filter(|(p, _)| span.contains(p))
                    .map(|&(_, i)| i)
                    .collect();
                line.anchors = flat
                    .anchors
                    .iter()
                    .filter(|(p, _)| span.contains(p))
                    .map(|(_, a)| a.clone())
                    .collect();
            }
            let space = 1.0 + SPACE_STRETCH * b.ratio;
            if justify && !forced && space > LOOSE_SPACE {
                out.warnings.push(warn_at(
                    Diagnostic::warning(
                        "loose-line",
                        format!(
                            "line {} of this paragraph has word spaces {:.1}× the normal width",
                            k + 1,
                            space
                        ),
                    )
                    .hint("rephrase it, or allow breaks in long words with [hyphenation] exceptions in book.toml"),
                ));
            }
            out.lines.push(line);
            // The next line starts at the first box after the break.
            from = b.at + 1;
            while from < n && prep.items[from].kind != Kind::Box {
                if prep.items[from].kind == Kind::Penalty && prep.items[from].penalty <= -INFINITY {
                    break;
                }
                from += 1;
            }
        }
        if !prep.missing.is_empty() {
            let chars: String = prep
                .missing
                .iter()
                .map(|c| format!("U+{:04X} '{}'", *c as u32, c))
                .collect::<Vec<_>>()
                .join(", ");
            out.warnings.push(warn_at(
                Diagnostic::warning("missing-glyph", format!("no bundled font has {chars}"))
                    .hint("replace the character, or use one the bundled Noto fonts cover"),
            ));
        }
        out
    }
}

/// Sets `content` with an engine that has no exception words. Prefer
/// building one [`TextEngine`] per book; see [`TextEngine::set_paragraph`].
pub fn set_paragraph(
    content: &[Inline],
    notes: &[Note],
    style: &ParaStyle,
    measure: Pt,
    loc: &SourceLoc,
) -> SetParagraph {
    static ENGINE: OnceLock<TextEngine> = OnceLock::new();
    ENGINE
        .get_or_init(|| TextEngine::new(&HyphenationConfig::default()))
        .set_paragraph(content, notes, style, measure, loc)
}
