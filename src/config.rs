//! The schema of `book.toml`, read with serde.
//!
//! In: book.toml's text (the reader parses it). Out: the book's metadata
//! tables for the reader, and [`Settings`], the output settings that travel
//! beside the book to the layout and the writers.
//!
//! Every table denies unknown keys, so a typo is an error that the reader
//! turns into a diagnostic naming the nearest known key. Output settings
//! have defaults for a trade paperback, so a minimal book.toml works.

use crate::diag::Diagnostic;
use crate::units::Pt;
use serde::Deserialize;

/// The output settings of book.toml: how to hyphenate, set the print PDF,
/// write the EPUB and size the wrap cover. They travel beside the book (as
/// mdBook's `RenderContext` carries its config), never inside the model.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub hyphenation: HyphenationConfig,
    pub pdf: PdfConfig,
    pub epub: EpubConfig,
    /// Wrap-cover print settings (`[cover]`).
    pub cover: CoverConfig,
}

/// The whole of `book.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookToml {
    pub book: BookSection,
    #[serde(default)]
    pub data: DataSection,
    pub contents: ContentsSection,
    #[serde(default)]
    pub hyphenation: HyphenationConfig,
    #[serde(default)]
    pub pdf: PdfConfig,
    #[serde(default)]
    pub epub: EpubConfig,
    #[serde(default)]
    pub cover: CoverConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookSection {
    pub title: String,
    pub subtitle: Option<String>,
    pub language: String,
    pub identifier: String,
    pub slug: String,
    pub publisher: String,
    pub rights: String,
    pub description: String,
    #[serde(default)]
    pub subjects: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    pub date: String,
    pub isbn: Option<String>,
    #[serde(default)]
    pub contributors: Vec<ContributorToml>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContributorToml {
    pub name: String,
    pub role: String,
    pub file_as: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSection {
    pub sources: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentsSection {
    #[serde(default)]
    pub front: Vec<String>,
    #[serde(default)]
    pub parts: Vec<PartToml>,
    /// Body chapters outside any part, read before the parts.
    #[serde(default)]
    pub chapters: Vec<String>,
    #[serde(default)]
    pub back: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartToml {
    pub title: String,
    pub chapters: Vec<String>,
}

/// Hyphenation settings shared by the PDF text engine and the EPUB CSS.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HyphenationConfig {
    /// Words with their only allowed breaks marked by `-`; a word without
    /// `-` never breaks.
    #[serde(default)]
    pub exceptions: Vec<String>,
}

/// Print PDF settings, with defaults for a 5.5 × 8.5 in trade paperback
/// set in 10/14 pt.
///
/// Lengths (and type sizes) are strings with a unit (`"18mm"`, `"0.75in"`,
/// `"54pt"`) or bare numbers in points, read by [`Pt::parse`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct PdfConfig {
    /// `a5`, `5.5x8.5in`, `6x9in` or `custom` (then `width` and `height`).
    pub trim: Trim,
    pub width: Option<Pt>,
    pub height: Option<Pt>,
    pub margin_top: Pt,
    pub margin_bottom: Pt,
    /// The spine side; the left margin of a recto page.
    pub margin_inner: Pt,
    pub margin_outer: Pt,
    /// Body type size.
    pub body_size: Pt,
    /// Baseline-to-baseline distance of the body: the grid of every page.
    pub leading: Pt,
    /// First-line indent of paragraphs that follow a paragraph.
    pub indent: Pt,
    /// Footnote type size and leading.
    pub note_size: Pt,
    pub note_leading: Pt,
    pub headings: HeadingStyles,
    /// `print` (mirrored margins, trim box, blank versos) or `screen`
    /// (symmetric margins, coloured links, no blank pages).
    pub profile: Profile,
    /// Bleed added around the trim on every side (print only).
    pub bleed: Pt,
    /// Draw crop marks in the bleed area (print only; needs a bleed of at
    /// least 6 pt to show).
    pub crop_marks: bool,
}

impl PdfConfig {
    /// The trim size (width, height); `trim = "custom"` without both
    /// `width` and `height` is an error.
    pub fn trim_size(&self) -> Result<(Pt, Pt), Diagnostic> {
        Ok(match self.trim {
            Trim::A5 => (Pt::from_mm(148.0), Pt::from_mm(210.0)),
            Trim::Digest => (Pt::from_inch(5.5), Pt::from_inch(8.5)),
            Trim::UsTrade => (Pt::from_inch(6.0), Pt::from_inch(9.0)),
            Trim::Custom => match (self.width, self.height) {
                (Some(w), Some(h)) => (w, h),
                _ => {
                    return Err(Diagnostic::error(
                        "pdf-trim",
                        "`trim = \"custom\"` needs `width` and `height`",
                    )
                    .hint("add e.g. width = \"5in\" and height = \"8in\" to [pdf]"))
                }
            },
        })
    }
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig {
            trim: Trim::Digest,
            width: None,
            height: None,
            margin_top: Pt(48.0),
            margin_bottom: Pt(54.0),
            margin_inner: Pt(54.0),
            margin_outer: Pt(45.0),
            body_size: Pt(10.0),
            leading: Pt(14.0),
            indent: Pt(15.0),
            note_size: Pt(8.0),
            note_leading: Pt(10.5),
            headings: HeadingStyles::default(),
            profile: Profile::Print,
            bleed: Pt::ZERO,
            crop_marks: false,
        }
    }
}

/// A named trim size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Trim {
    /// 148 × 210 mm.
    #[serde(rename = "a5")]
    A5,
    /// 5.5 × 8.5 in, the digest trade paperback.
    #[serde(rename = "5.5x8.5in")]
    Digest,
    /// 6 × 9 in, the common US trade paperback.
    #[serde(rename = "6x9in")]
    UsTrade,
    /// `width` × `height`.
    #[serde(rename = "custom")]
    Custom,
}

/// Which of the two outputs the layout is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Print,
    Screen,
}

/// Sizes of the headings (lengths, as in [`PdfConfig`]). Headings are set on the body grid:
/// the space above and below each one is a whole number of lines.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct HeadingStyles {
    /// `sans` or `serif`.
    pub family: FamilyName,
    /// Chapter titles on opening pages.
    pub chapter_size: Pt,
    /// `##` sections.
    pub section_size: Pt,
    /// `###` subsections and below.
    pub subsection_size: Pt,
    /// Lines left blank above a chapter title on its opening page.
    pub chapter_sink: u32,
}

impl Default for HeadingStyles {
    fn default() -> Self {
        HeadingStyles {
            family: FamilyName::Sans,
            chapter_size: Pt(17.0),
            section_size: Pt(11.5),
            subsection_size: Pt(10.0),
            chapter_sink: 5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FamilyName {
    Serif,
    Sans,
}

/// EPUB settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EpubConfig {
    /// Embed the book's fonts (subset to the characters used) and name
    /// them in the stylesheet. `false` leaves the typeface to the reader.
    #[serde(default = "yes")]
    pub embed_fonts: bool,
}

impl Default for EpubConfig {
    fn default() -> Self {
        EpubConfig { embed_fonts: true }
    }
}

fn yes() -> bool {
    true
}

/// Print settings of the wrap cover (`[cover]` in book.toml). The design
/// itself (type, colours, placement) lives in `covers/cover.toml`; crop
/// marks follow `[pdf] crop-marks`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct CoverConfig {
    /// Paper thickness per page; the spine is `pages × caliper`. Default
    /// 0.0572 mm: Amazon KDP's published figure for white paper, 0.002252
    /// in per page (KDP help, "Paperback cover calculator" and "Cover
    /// templates": spine width = page count × 0.002252 in for white
    /// paper, × 0.0025 in for cream), a common 50 lb / 74 gsm uncoated
    /// white. Write e.g. `caliper = "0.0635mm"` for cream paper.
    pub caliper: Pt,
    /// Bleed beyond the trim on every outer edge (3 mm ≈ 0.125 in).
    pub bleed: Pt,
    /// The printer's minimum spine width for spine text. Default 4.6 mm:
    /// KDP allows spine text from 80 pages, and 80 × 0.0572 mm ≈ 4.6 mm.
    pub spine_text_min: Pt,
    /// Clear space between the spine text and each spine fold (KDP asks
    /// for 0.0625 in ≈ 1.6 mm).
    pub spine_margin: Pt,
    /// Set the spine text when the spine is wide enough. `false` leaves the
    /// spine blank on purpose (a thin book), without a warning.
    pub spine_text: bool,
}

impl Default for CoverConfig {
    fn default() -> Self {
        CoverConfig {
            caliper: Pt::from_mm(0.0572),
            bleed: Pt::from_mm(3.0),
            spine_text_min: Pt::from_mm(4.6),
            spine_margin: Pt::from_mm(1.6),
            spine_text: true,
        }
    }
}

#[cfg(test)]
mod pdf_tests {
    use super::*;

    #[test]
    fn pdf_section_reads_trim_and_margins() {
        let cfg: PdfConfig = toml::from_str(
            "trim = \"a5\"\nmargin-inner = \"20mm\"\nleading = 13\nprofile = \"screen\"\n",
        )
        .unwrap();
        assert_eq!(cfg.trim, Trim::A5);
        assert!((cfg.margin_inner.to_mm() - 20.0).abs() < 1e-3);
        assert_eq!(cfg.leading, Pt(13.0));
        assert_eq!(cfg.profile, Profile::Screen);
        assert!(toml::from_str::<PdfConfig>("trim = \"b5\"").is_err());
        assert!(toml::from_str::<PdfConfig>("margins = 3").is_err());
    }

    #[test]
    fn cover_section_reads_caliper_and_bleed() {
        let cfg: CoverConfig =
            toml::from_str("caliper = \"0.0635mm\"\nbleed = \"0.125in\"").unwrap();
        assert!((cfg.caliper.to_mm() - 0.0635).abs() < 1e-6);
        assert_eq!(cfg.bleed, Pt(9.0));
        assert!((cfg.spine_text_min.to_mm() - 4.6).abs() < 1e-4);
        assert!(toml::from_str::<CoverConfig>("calliper = 1").is_err());
    }
}
