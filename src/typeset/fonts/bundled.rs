//! The bundled fonts (`fonts/`, SIL Open Font License 1.1), compiled into
//! the binary so a build reads no font file at run time.

/// A family of the book's design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Noto Serif: body text.
    Serif,
    /// Noto Sans: headings, running heads, the chronology's dates.
    Sans,
}

/// One of the four styles of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
}

impl Style {
    pub const REGULAR: Style = Style {
        bold: false,
        italic: false,
    };
}

/// A bundled font file.
#[derive(Debug, Clone, Copy)]
pub struct FontFile {
    pub family: Family,
    pub style: Style,
    /// File name in `fonts/`, e.g. `NotoSerif-BoldItalic.ttf`.
    pub file_name: &'static str,
    /// Family name for CSS and PDF metadata.
    pub family_name: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! font {
    ($family:ident, $name:literal, $bold:literal, $italic:literal, $file:literal) => {
        FontFile {
            family: Family::$family,
            style: Style {
                bold: $bold,
                italic: $italic,
            },
            file_name: $file,
            family_name: $name,
            bytes: include_bytes!(concat!("../../../fonts/", $file)),
        }
    };
}

/// Every bundled font file.
pub static ALL: [FontFile; 8] = [
    font!(Serif, "Noto Serif", false, false, "NotoSerif-Regular.ttf"),
    font!(Serif, "Noto Serif", false, true, "NotoSerif-Italic.ttf"),
    font!(Serif, "Noto Serif", true, false, "NotoSerif-Bold.ttf"),
    font!(Serif, "Noto Serif", true, true, "NotoSerif-BoldItalic.ttf"),
    font!(Sans, "Noto Sans", false, false, "NotoSans-Regular.ttf"),
    font!(Sans, "Noto Sans", false, true, "NotoSans-Italic.ttf"),
    font!(Sans, "Noto Sans", true, false, "NotoSans-Bold.ttf"),
    font!(Sans, "Noto Sans", true, true, "NotoSans-BoldItalic.ttf"),
];

/// The bundled file for a family and style.
pub fn get(family: Family, style: Style) -> &'static FontFile {
    ALL.iter()
        .find(|f| f.family == family && f.style == style)
        .expect("every family has all four styles")
}

/// The licence text that travels with the fonts.
pub const LICENSE: &str = include_str!("../../../fonts/OFL.txt");
