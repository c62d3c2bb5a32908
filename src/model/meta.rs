//! Publication metadata, languages and dates.

use std::fmt;

/// A BCP 47 language tag, limited to the languages recto knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ru,
    Kk,
    /// Kazakh in Latin script, for transliterations.
    KkLatn,
    Es,
}

impl Lang {
    /// Parses a tag as written in a manuscript ("en", "en-GB", "ru", "kk").
    pub fn parse(tag: &str) -> Option<Lang> {
        let lower = tag.to_ascii_lowercase();
        let (primary, rest) = match lower.split_once('-') {
            Some((p, r)) => (p, Some(r)),
            None => (lower.as_str(), None),
        };
        match (primary, rest) {
            ("en", _) => Some(Lang::En),
            ("ru", _) => Some(Lang::Ru),
            ("kk", Some("latn")) => Some(Lang::KkLatn),
            ("kk", _) => Some(Lang::Kk),
            ("es", _) => Some(Lang::Es),
            _ => None,
        }
    }

    /// The tag written to `lang`/`xml:lang` and to the PDF.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
            Lang::KkLatn => "kk-Latn",
            Lang::Es => "es",
        }
    }

    /// Every tag recto accepts, for diagnostics.
    pub const KNOWN: &'static [&'static str] = &["en", "ru", "kk", "kk-Latn", "es"];
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A calendar date. Month and day may be unknown ("August 2022").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the calendar.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().split('-');
        let year: i32 = it.next()?.parse().ok()?;
        let month: Option<u8> = match it.next() {
            Some(m) if m.len() == 2 => Some(m.parse().ok()?),
            Some(_) => return None,
            None => None,
        };
        let day: Option<u8> = match it.next() {
            Some(d) if d.len() == 2 => Some(d.parse().ok()?),
            Some(_) => return None,
            None => None,
        };
        if it.next().is_some() || !(1..=9999).contains(&year) {
            return None;
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
            if let Some(d) = day {
                if d == 0 || d > days_in_month(year, m) {
                    return None;
                }
            }
        }
        Some(Date { year, month, day })
    }

    /// ISO 8601 form for `datetime` attributes: `2022-01-05`, `2022-08`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// Long English form with a no-break space inside the day and month:
    /// "12\u{a0}January 2022".
    pub fn long(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{}\u{a0}{} {}", d, MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// The date from a Unix timestamp (UTC), for `SOURCE_DATE_EPOCH`.
    pub fn from_unix(secs: i64) -> Date {
        let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
        Date {
            year: y,
            month: Some(m),
            day: Some(d),
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Converts days since 1970-01-01 to a civil date (Howard Hinnant's
/// algorithm: shift the era to start in March so leap days fall last).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// `YYYY-MM-DDThh:mm:ssZ` from Unix seconds (UTC): the EPUB's
/// `dcterms:modified` and the PDF's XMP dates.
pub fn iso_datetime(secs: i64) -> String {
    let t = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Date::from_unix(secs).iso(),
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// Lower-case Roman numerals: front-matter folios, and (upper-cased)
/// part labels.
pub fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in DIGITS {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// What a contributor did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Author,
    Editor,
    Translator,
}

impl Role {
    /// MARC relator code, as EPUB metadata wants it.
    pub fn marc(self) -> &'static str {
        match self {
            Role::Author => "aut",
            Role::Editor => "edt",
            Role::Translator => "trl",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Contributor {
    pub name: String,
    /// Sort form, "Duvanov, Sergey".
    pub file_as: Option<String>,
    pub role: Role,
}

/// Publication metadata from book.toml.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub subtitle: Option<String>,
    pub contributors: Vec<Contributor>,
    pub lang: Lang,
    /// Stable identifier, e.g. `urn:uuid:…`.
    pub identifier: String,
    pub isbn: Option<String>,
    pub publisher: String,
    pub rights: String,
    pub description: String,
    pub subjects: Vec<String>,
    pub keywords: Vec<String>,
    /// Publication date.
    pub date: Date,
    /// File stem of the outputs: `dist/<slug>.epub`.
    pub slug: String,
}

/// Facts about this build, shown in the colophon.
#[derive(Debug, Clone)]
pub struct BuildInfo {
    /// recto's version.
    pub version: String,
    /// The build date: `SOURCE_DATE_EPOCH` if set, else the book's date.
    pub date: Date,
    /// The build time as Unix seconds, for `dcterms:modified` and PDF dates.
    pub timestamp: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_check_the_calendar() {
        assert_eq!(Date::parse("2022-01-05").unwrap().iso(), "2022-01-05");
        assert_eq!(Date::parse("2022-08").unwrap().long(), "August 2022");
        assert!(Date::parse("2022-02-30").is_none());
        assert!(Date::parse("2022-13").is_none());
        assert!(Date::parse("22-1-5").is_none());
    }

    #[test]
    fn datetimes_are_utc_iso() {
        assert_eq!(iso_datetime(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_datetime(1_672_876_800 + 3_723), "2023-01-05T01:02:03Z");
    }

    #[test]
    fn unix_epoch_maps_to_civil_dates() {
        assert_eq!(Date::from_unix(0).iso(), "1970-01-01");
        assert_eq!(Date::from_unix(1_672_876_800).iso(), "2023-01-05");
        assert_eq!(Date::from_unix(951_782_400).iso(), "2000-02-29");
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("kk-Latn"), Some(Lang::KkLatn));
        assert_eq!(Lang::parse("xx"), None);
    }
}
