//! The schema of `book.toml`, read with serde.
//!
//! Every table denies unknown keys, so a typo is an error that the reader
//! turns into a diagnostic naming the nearest known key. Output settings
//! have defaults for a trade paperback, so a minimal book.toml works.

use serde::Deserialize;

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

/// Print PDF settings. Filled in by the PDF stages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PdfConfig {}

/// EPUB settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EpubConfig {}

/// Print settings of the wrap cover (`[cover]` in book.toml). The design
/// itself (type, colours, placement) lives in `covers/cover.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct CoverConfig {
    /// Paper thickness per page in mm; the spine is `pages × caliper`.
    /// Default 0.0572 mm: Amazon KDP's published figure for white paper,
    /// 0.002252 in per page ("Paperback cover calculator" / "Set trim
    /// size, bleed and margins": spine width = page count × 0.002252 in),
    /// a common 50 lb (74 gsm) uncoated white. Cream paper is 0.0635.
    pub caliper_mm: f32,
    /// Bleed beyond the trim on every outer edge, in mm (3 mm ≈ 0.125 in).
    pub bleed_mm: f32,
    /// The printer's minimum spine width for spine text, in mm. Default
    /// 4.6 mm: KDP allows spine text from 80 pages, and 80 × 0.0572 mm
    /// ≈ 4.6 mm.
    pub spine_text_min_mm: f32,
    /// Clear space between the spine text and each spine fold, in mm
    /// (KDP asks for 0.0625 in ≈ 1.6 mm).
    pub spine_margin_mm: f32,
    /// Draw crop marks outside the bleed.
    pub crop_marks: bool,
}

impl Default for CoverConfig {
    fn default() -> Self {
        CoverConfig {
            caliper_mm: 0.0572,
            bleed_mm: 3.0,
            spine_text_min_mm: 4.6,
            spine_margin_mm: 1.6,
            crop_marks: false,
        }
    }
}
