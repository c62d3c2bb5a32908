//! The page design resolved from `[pdf]` in book.toml: page and text-block
//! geometry, the baseline grid, and the paragraph style of every kind of
//! block.
//!
//! Everything below the page engine measures in grid lines: line `i` of a
//! page has its baseline at [`Design::baseline`]`(i)`, whatever the page
//! holds, so facing pages align line for line.

use crate::config::{FamilyName, PdfConfig, Profile};
use crate::diag::Diagnostic;
use crate::model::Lang;
use crate::typeset::fonts::Family;
use crate::typeset::text::{Alignment, ParaStyle};
use crate::units::Pt;

/// Resolved geometry and styles.
#[derive(Debug, Clone)]
pub struct Design {
    pub profile: Profile,
    /// Trim size.
    pub width: Pt,
    pub height: Pt,
    /// Bleed on every side (zero in the screen profile).
    pub bleed: Pt,
    pub crop_marks: bool,
    pub top: Pt,
    pub bottom: Pt,
    pub inner: Pt,
    pub outer: Pt,
    /// Width of the text block.
    pub measure: Pt,
    /// Grid pitch: the body leading.
    pub leading: Pt,
    /// Grid lines in the text block.
    pub lines: u32,
    pub body_size: Pt,
    pub indent: Pt,
    pub note_size: Pt,
    pub note_leading: Pt,
    pub heading_family: Family,
    pub chapter_size: Pt,
    pub section_size: Pt,
    pub subsection_size: Pt,
    pub chapter_sink: u32,
    /// Base language of the book, for generated text.
    pub lang: Lang,
}

/// Link colour in the screen profile (a dark blue that prints as grey).
pub const LINK_BLUE: [f32; 3] = [0.1, 0.25, 0.6];

impl Design {
    /// Resolves `cfg`; an impossible geometry (text block too small for
    /// a dozen lines, or no measure) is an error diagnostic.
    pub fn new(cfg: &PdfConfig, lang: Lang) -> Result<Design, Diagnostic> {
        let (width, height) = cfg.trim_size()?;
        let screen = cfg.profile == Profile::Screen;
        let (mut inner, mut outer) = (cfg.margin_inner, cfg.margin_outer);
        if screen {
            let m = (inner + outer) / 2.0;
            inner = m;
            outer = m;
        }
        let (top, bottom) = (cfg.margin_top, cfg.margin_bottom);
        let leading = cfg.leading;
        let body_size = cfg.body_size;
        let measure = width - inner - outer;
        let usable = height - top - bottom - body_size;
        if !(body_size.0 >= 4.0 && leading >= body_size && cfg.note_size.0 >= 4.0) {
            return Err(Diagnostic::error(
                "pdf-type-size",
                format!(
                    "body size {} pt on {} pt leading is not usable",
                    body_size.0, leading.0
                ),
            )
            .hint("use a body size of at least 4 pt and a leading at least as large"));
        }
        let lines = (usable.0 / leading.0).floor() as i64 + 1;
        if measure.0 < 120.0 || lines < 12 {
            return Err(Diagnostic::error(
                "pdf-geometry",
                format!(
                    "the margins leave a text block of {:.0} × {:.0} pt ({} lines)",
                    measure.0, usable.0, lines
                ),
            )
            .hint("reduce the margins or the leading in [pdf]"));
        }
        let h = &cfg.headings;
        Ok(Design {
            profile: cfg.profile,
            width,
            height,
            bleed: if screen { Pt::ZERO } else { cfg.bleed },
            crop_marks: !screen && cfg.crop_marks,
            top,
            bottom,
            inner,
            outer,
            measure,
            leading,
            lines: lines as u32,
            body_size,
            indent: cfg.indent,
            note_size: cfg.note_size,
            note_leading: cfg.note_leading.max(cfg.note_size),
            heading_family: match h.family {
                FamilyName::Sans => Family::Sans,
                FamilyName::Serif => Family::Serif,
            },
            chapter_size: h.chapter_size,
            section_size: h.section_size,
            subsection_size: h.subsection_size,
            chapter_sink: h.chapter_sink.min(lines as u32 / 3),
            lang,
        })
    }

    pub fn screen(&self) -> bool {
        self.profile == Profile::Screen
    }

    /// Left edge of the text block on a recto or verso page.
    pub fn left(&self, recto: bool) -> Pt {
        if recto {
            self.inner
        } else {
            self.outer
        }
    }

    /// Baseline of grid line `i` (0-based; may be negative for the head
    /// line or past the block for the foot), from the top of the trim.
    pub fn baseline(&self, i: i32) -> Pt {
        self.top + self.body_size + self.leading * i as f32
    }

    /// Space from the last body baseline to the first note baseline at
    /// the least: a line and a half, the separator rule in it.
    fn note_gap(&self) -> Pt {
        self.leading * 1.5
    }

    /// Grid lines taken from the body by `k` lines of notes: the notes,
    /// plus the gap above them that holds the separator rule.
    pub fn note_grid_lines(&self, k: usize) -> u32 {
        if k == 0 {
            return 0;
        }
        let h = self.note_leading * (k - 1) as f32 + self.note_gap();
        (h.0 / self.leading.0 - 1e-3).ceil() as u32
    }

    /// Lines of notes that fit beside `body` grid lines of text.
    pub fn note_lines_beside(&self, body: u32) -> usize {
        if body >= self.lines {
            return 0;
        }
        let free = self.leading * (self.lines - body) as f32 - self.note_gap();
        if free.0 < -1e-3 {
            return 0;
        }
        ((free.0 + 1e-3) / self.note_leading.0).floor() as usize + 1
    }

    /// The style of running text.
    pub fn body(&self) -> ParaStyle {
        ParaStyle {
            family: Family::Serif,
            size: self.body_size,
            leading: self.leading,
            indent: self.indent,
            align: Alignment::Justify,
            hyphenate: true,
            lang: self.lang,
            bold: false,
            italic: false,
            color: None,
        }
    }

    /// The style of footnotes.
    pub fn note(&self) -> ParaStyle {
        ParaStyle {
            size: self.note_size,
            leading: self.note_leading,
            indent: Pt::ZERO,
            ..self.body()
        }
    }

    /// A display line in the heading family, not hyphenated.
    pub fn display(&self, size: Pt, bold: bool, align: Alignment) -> ParaStyle {
        ParaStyle {
            family: self.heading_family,
            size,
            leading: size * 1.25,
            indent: Pt::ZERO,
            align,
            hyphenate: false,
            lang: self.lang,
            bold,
            italic: false,
            color: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_trade_paperback_grid() {
        let d = Design::new(&PdfConfig::default(), Lang::En).unwrap();
        assert!((d.width.0 - 396.0).abs() < 1e-3);
        // 612 - 48 - 54 - 10 = 500 pt: 35 steps of 14 pt plus the first line.
        assert_eq!(d.lines, 36);
        assert!(d.baseline(d.lines as i32 - 1) <= d.height - d.bottom);
        assert_eq!(d.note_grid_lines(0), 0);
        // Four 10.5 pt note lines and the rule fill exactly four 14 pt lines.
        assert_eq!(d.note_grid_lines(4), 4);
        assert_eq!(d.note_lines_beside(32), 4);
    }

    #[test]
    fn screen_profile_has_symmetric_margins() {
        let cfg = PdfConfig {
            profile: Profile::Screen,
            ..PdfConfig::default()
        };
        let d = Design::new(&cfg, Lang::En).unwrap();
        assert_eq!(d.left(true), d.left(false));
        assert_eq!(d.bleed, Pt::ZERO);
    }

    #[test]
    fn impossible_margins_are_diagnosed() {
        let cfg = PdfConfig {
            margin_inner: Pt(300.0),
            ..PdfConfig::default()
        };
        assert_eq!(
            Design::new(&cfg, Lang::En).unwrap_err().code,
            "pdf-geometry"
        );
    }
}
