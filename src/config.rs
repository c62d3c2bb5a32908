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
