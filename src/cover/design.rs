//! The cover design spec (`covers/cover.toml`): its serde schema, colours
//! and the placeholders that pull text from the book's metadata.
//!
//! The design is compiled into the binary, so a build reads no file for it
//! and every output of one recto version draws the same cover.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::model::{Book, Role};
use crate::typeset::fonts::{Family, Style};
use crate::units::{Em, Pt};

/// The bundled design source.
pub const SOURCE: &str = include_str!("../../covers/cover.toml");

/// Where the bundled design comes from, for diagnostics.
pub const SOURCE_PATH: &str = "covers/cover.toml";

/// A whole cover design.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// Named colours, `"#rrggbb"`.
    pub colors: BTreeMap<String, String>,
    pub front: Panel,
    pub back: Panel,
    pub spine: Spine,
}

/// A front or back cover.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Panel {
    pub background: String,
    /// Left and right margin, as a fraction of the panel width.
    pub margin: f32,
    #[serde(default, rename = "field")]
    pub fields: Vec<Field>,
    #[serde(default, rename = "flow")]
    pub flows: Vec<Flow>,
    pub barcode: Option<Barcode>,
}

/// A rectangle of colour, in fractions of the panel. A field touching a
/// panel edge runs on into the bleed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    #[serde(default)]
    pub x: f32,
    pub y: f32,
    #[serde(default = "one")]
    pub w: f32,
    pub h: f32,
    pub color: String,
}

fn one() -> f32 {
    1.0
}

/// Which edge of its box a flow is stacked from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    Top,
    Bottom,
}

/// A box on a panel, between two heights, filled with stacked items.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Flow {
    /// Named in diagnostics ("title block").
    pub name: String,
    pub top: f32,
    pub bottom: f32,
    pub anchor: Anchor,
    #[serde(rename = "item")]
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FamilyName {
    #[default]
    Serif,
    Sans,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StyleName {
    #[default]
    Regular,
    Italic,
    Bold,
    BoldItalic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Case {
    #[default]
    AsIs,
    Upper,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
    /// Justified and hyphenated, for running text.
    Justify,
}

/// One item of a flow: a text or a rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Item {
    /// Text with placeholders; `\n` forces a line break.
    pub text: Option<String>,
    /// A rule of this width (fraction of the panel width) instead of text.
    pub rule: Option<f32>,
    /// Rule thickness, fraction of the panel width.
    #[serde(default)]
    pub thickness: f32,
    /// Gap above the item, fraction of the panel height.
    #[serde(default)]
    pub space_before: f32,
    #[serde(default)]
    pub family: FamilyName,
    #[serde(default)]
    pub style: StyleName,
    /// Type size, fraction of the panel width.
    #[serde(default)]
    pub size: f32,
    /// Baseline distance, in multiples of `size`.
    #[serde(default = "one")]
    pub leading: f32,
    /// Extra space between letters.
    #[serde(default)]
    pub tracking: Em,
    #[serde(default)]
    pub case: Case,
    pub color: String,
    #[serde(default)]
    pub align: Align,
    /// Even out the line lengths (for display type).
    #[serde(default)]
    pub balance: bool,
    pub max_lines: Option<u32>,
    /// The smallest fraction of `size` this text may shrink to when its
    /// flow does not fit (long titles, long words); unset: never shrinks.
    pub shrink: Option<f32>,
    /// Separator between names for `{authors}` and the like; default is
    /// an English list ("A, B and C").
    pub join: Option<String>,
}

/// The blank area for a barcode, in physical units.
///
/// Written as lengths (`width = "50.8mm"`, read by [`Pt::parse`]); the
/// older `width-mm = 50.8` (a bare number of millimetres) is read too.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "BarcodeToml")]
pub struct Barcode {
    pub width: Pt,
    pub height: Pt,
    /// Distance from the bottom and the outer trim edge.
    pub inset: Pt,
    pub color: String,
}

/// `[back.barcode]` as written: each length either as a length or as a
/// number of millimetres under its `-mm` name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BarcodeToml {
    width: Option<Pt>,
    height: Option<Pt>,
    inset: Option<Pt>,
    width_mm: Option<f32>,
    height_mm: Option<f32>,
    inset_mm: Option<f32>,
    color: String,
}

impl TryFrom<BarcodeToml> for Barcode {
    type Error = String;

    fn try_from(t: BarcodeToml) -> Result<Barcode, String> {
        let length = |name: &str, length: Option<Pt>, mm: Option<f32>| match (length, mm) {
            (Some(l), None) => Ok(l),
            (None, Some(mm)) if mm.is_finite() && mm >= 0.0 => Ok(Pt::from_mm(mm)),
            (None, Some(mm)) => Err(crate::units::BadLength(format!("{mm}mm")).to_string()),
            (Some(_), Some(_)) => Err(format!(
                "`[back.barcode]` has both `{name}` and `{name}-mm`: keep one"
            )),
            (None, None) => Err(format!(
                "`[back.barcode]` needs `{name}`, e.g. {name} = \"30mm\""
            )),
        };
        Ok(Barcode {
            width: length("width", t.width, t.width_mm)?,
            height: length("height", t.height, t.height_mm)?,
            inset: length("inset", t.inset, t.inset_mm)?,
            color: t.color,
        })
    }
}

/// The spine.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spine {
    pub background: String,
    #[serde(default, rename = "field")]
    pub fields: Vec<Field>,
    #[serde(default, rename = "item")]
    pub items: Vec<SpineItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpineAlign {
    Start,
    #[default]
    Center,
    End,
}

/// A line of text along the spine, reading top to bottom.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SpineItem {
    pub text: String,
    #[serde(default)]
    pub family: FamilyName,
    #[serde(default)]
    pub style: StyleName,
    /// Type size when the spine is wide enough (a length; a bare number
    /// is points).
    pub size: Pt,
    /// Smallest size the text may shrink to on a narrow spine.
    pub min_size: Pt,
    #[serde(default)]
    pub tracking: Em,
    #[serde(default)]
    pub case: Case,
    pub color: String,
    /// The stretch of spine it may use, fractions of the height.
    pub from: f32,
    pub to: f32,
    #[serde(default)]
    pub align: SpineAlign,
}

/// An RGB colour, components in 0..=1.
pub type Rgb = [f32; 3];

impl Design {
    /// The bundled design, parsed once per process.
    pub fn bundled() -> Result<&'static Design, Diagnostic> {
        static BUNDLED: std::sync::OnceLock<Result<Design, Diagnostic>> =
            std::sync::OnceLock::new();
        BUNDLED
            .get_or_init(|| Design::parse(SOURCE))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and checks a design: TOML schema, colour names and values,
    /// and that every item is either a text or a rule.
    pub fn parse(src: &str) -> Result<Design, Diagnostic> {
        let design: Design = toml::from_str(src).map_err(|e| {
            let line = e
                .span()
                .map(|s| src[..s.start.min(src.len())].lines().count().max(1))
                .unwrap_or(0);
            Diagnostic::error(
                "cover-design",
                format!("invalid cover design: {}", e.message()),
            )
            .at(SOURCE_PATH, line as u32, 0)
        })?;
        for (name, value) in &design.colors {
            if parse_hex(value).is_none() {
                return Err(Diagnostic::error(
                    "cover-design",
                    format!("colour `{name}` is `{value}`, not #rrggbb"),
                )
                .in_file(SOURCE_PATH));
            }
        }
        let mut names: Vec<&str> = vec![&design.spine.background];
        for panel in [&design.front, &design.back] {
            names.push(&panel.background);
            names.extend(panel.fields.iter().map(|f| f.color.as_str()));
            names.extend(panel.barcode.iter().map(|b| b.color.as_str()));
            for item in panel.flows.iter().flat_map(|f| &f.items) {
                names.push(&item.color);
                if item.text.is_some() == item.rule.is_some() {
                    return Err(Diagnostic::error(
                        "cover-design",
                        "a flow item needs exactly one of `text` and `rule`",
                    )
                    .in_file(SOURCE_PATH));
                }
            }
        }
        names.extend(design.spine.fields.iter().map(|f| f.color.as_str()));
        names.extend(design.spine.items.iter().map(|i| i.color.as_str()));
        if let Some(missing) = names.iter().find(|n| !design.colors.contains_key(**n)) {
            return Err(Diagnostic::error(
                "cover-design",
                format!("colour `{missing}` is not defined in [colors]"),
            )
            .in_file(SOURCE_PATH));
        }
        Ok(design)
    }

    /// The colour called `name` (checked to exist by [`Design::parse`]).
    pub fn color(&self, name: &str) -> Rgb {
        self.colors
            .get(name)
            .and_then(|v| parse_hex(v))
            .unwrap_or([0.0, 0.0, 0.0])
    }
}

/// Parses `#rrggbb`.
fn parse_hex(s: &str) -> Option<Rgb> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let c = |i: usize| {
        u8::from_str_radix(&hex[i..i + 2], 16)
            .ok()
            .map(|v| v as f32 / 255.0)
    };
    Some([c(0)?, c(2)?, c(4)?])
}

impl FamilyName {
    pub fn family(self) -> Family {
        match self {
            FamilyName::Serif => Family::Serif,
            FamilyName::Sans => Family::Sans,
        }
    }
}

impl StyleName {
    pub fn style(self) -> Style {
        match self {
            StyleName::Regular => Style::REGULAR,
            StyleName::Italic => Style {
                bold: false,
                italic: true,
            },
            StyleName::Bold => Style {
                bold: true,
                italic: false,
            },
            StyleName::BoldItalic => Style {
                bold: true,
                italic: true,
            },
        }
    }
}

/// Fills the placeholders of `template` from the book's metadata. Returns
/// `None` when the template has placeholders and every one of them is
/// empty, so the item is left out (no "Edited by" without editors).
pub fn fill(template: &str, book: &Book, join: Option<&str>, case: Case) -> Option<String> {
    let meta = &book.meta;
    let names = |role: Role| -> String {
        let list: Vec<&str> = meta
            .contributors
            .iter()
            .filter(|c| c.role == role)
            .map(|c| c.name.as_str())
            .collect();
        match join {
            Some(sep) => list.join(sep),
            None => english_list(&list),
        }
    };
    let mut out = String::new();
    let mut placeholders = 0;
    let mut filled = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let key = &rest[open + 1..open + close];
        let value = match key {
            "title" => meta.title.clone(),
            "subtitle" => meta.subtitle.clone().unwrap_or_default(),
            "authors" => names(Role::Author),
            "editors" => names(Role::Editor),
            "translators" => names(Role::Translator),
            "publisher" => meta.publisher.clone(),
            "description" => meta.description.clone(),
            "isbn" => meta.isbn.clone().unwrap_or_default(),
            "year" => meta.date.year.to_string(),
            other => format!("{{{other}}}"),
        };
        placeholders += 1;
        if !value.trim().is_empty() {
            filled += 1;
        }
        out.push_str(&value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    if placeholders > 0 && filled == 0 {
        return None;
    }
    Some(match case {
        Case::AsIs => out,
        Case::Upper => out.to_uppercase(),
    })
}

/// "A", "A and B", "A, B and C".
fn english_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_design_parses() {
        let d = Design::bundled().unwrap();
        assert!(!d.front.flows.is_empty());
        assert_eq!(d.color("paper"), [1.0, 1.0, 1.0]);
    }

    #[test]
    fn unknown_colour_is_reported() {
        let src = SOURCE.replace("color = \"ivory\"", "color = \"mauve\"");
        let err = Design::parse(&src).unwrap_err();
        assert!(err.message.contains("mauve"), "{}", err.message);
    }

    #[test]
    fn schema_errors_carry_a_line() {
        let src = SOURCE.replace("anchor = \"top\"", "anchor = \"middle\"");
        let err = Design::parse(&src).unwrap_err();
        assert!(err.line > 0);
    }

    #[test]
    fn barcode_lengths_take_units_or_millimetres() {
        let d = Design::bundled().unwrap();
        let b = d.back.barcode.as_ref().unwrap();
        assert_eq!(b.width, Pt::from_mm(50.8));
        let legacy = SOURCE
            .replace("width = \"50.8mm\"", "width-mm = 50.8")
            .replace("inset = \"6.35mm\"", "inset-mm = 6.35");
        assert_ne!(legacy, SOURCE);
        let old = Design::parse(&legacy).unwrap();
        let ob = old.back.barcode.unwrap();
        assert_eq!((ob.width, ob.inset), (b.width, b.inset));
        let inches = SOURCE.replace("width = \"50.8mm\"", "width = \"2in\"");
        let i = Design::parse(&inches).unwrap().back.barcode.unwrap();
        assert_eq!(i.width, Pt(144.0));
    }

    #[test]
    fn a_bad_length_is_reported_at_its_line_with_the_accepted_forms() {
        let src = SOURCE.replace("width = \"50.8mm\"", "width = \"2 inches\"");
        let line = src.lines().position(|l| l.contains("2 inches")).unwrap() + 1;
        let err = Design::parse(&src).unwrap_err();
        assert_eq!(err.line as usize, line, "{}", err.message);
        assert!(err.message.contains("\"0.75in\""), "{}", err.message);
        let both = SOURCE.replace("width = \"50.8mm\"", "width = \"2in\"\nwidth-mm = 50.8");
        let err = Design::parse(&both).unwrap_err();
        assert!(err.message.contains("keep one") && err.line > 0, "{err:?}");
        let spine = SOURCE.replace("min-size = 6.0", "min-size = \"6 points\"");
        assert!(Design::parse(&spine).unwrap_err().line > 0);
    }

    #[test]
    fn names_join_as_an_english_list() {
        assert_eq!(english_list(&["A"]), "A");
        assert_eq!(english_list(&["A", "B"]), "A and B");
        assert_eq!(english_list(&["A", "B", "C"]), "A, B and C");
    }
}
