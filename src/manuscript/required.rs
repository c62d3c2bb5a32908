//! Values the outputs require: book.toml's text in; an error for every
//! metadata value that an output cannot carry, at its file:line with a
//! hint, out.
//!
//! The EPUB package rejects an empty `dc:title`, `dc:identifier`,
//! `dc:creator`, `dc:publisher`, `dc:rights`, `dc:description`,
//! `dc:subject` and an empty `file-as`; the PDF's `/Title` and its title
//! page need the title too, and the nav needs every part's title. An ISBN
//! is printed in the colophon and written as `urn:isbn:`, so its check
//! digit must be right. (Languages, dates and the slug are checked where
//! they are read.)
//!
//! The locations come from a second, lenient reading of book.toml that
//! keeps every value's span: the strict reading has already succeeded, so
//! the types agree.

use super::source::SourceFile;
use crate::diag::Diagnostic;
use serde::Deserialize;
use toml::Spanned;

type Value = Option<Spanned<String>>;

#[derive(Deserialize, Default)]
struct Doc {
    #[serde(default)]
    book: BookSpans,
    #[serde(default)]
    contents: ContentsSpans,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct BookSpans {
    title: Value,
    subtitle: Value,
    identifier: Value,
    publisher: Value,
    rights: Value,
    description: Value,
    #[serde(default)]
    subjects: Vec<Spanned<String>>,
    #[serde(default)]
    keywords: Vec<Spanned<String>>,
    isbn: Value,
    #[serde(default)]
    contributors: Vec<ContributorSpans>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct ContributorSpans {
    name: Value,
    file_as: Value,
}

#[derive(Deserialize, Default)]
struct ContentsSpans {
    #[serde(default)]
    parts: Vec<PartSpans>,
}

#[derive(Deserialize)]
struct PartSpans {
    title: Value,
}

/// Checks the values of `book` (book.toml as read).
pub fn book_toml(book: &SourceFile) -> Vec<Diagnostic> {
    let doc: Doc = toml::from_str(&book.text).unwrap_or_default();
    let mut out = Vec::new();
    let mut empty = |value: &Spanned<String>, what: &str, hint: &str| {
        if value.get_ref().trim().is_empty() {
            out.push(book.at(
                Diagnostic::error("value-empty", format!("{what} is empty")).hint(hint),
                value.span().start,
            ));
        }
    };
    let b = &doc.book;
    let required: [(&Value, &str, &str); 6] = [
        (
            &b.title,
            "the book's `title`",
            "write the title as it is printed on the title page: title = \"…\"; the EPUB's dc:title and the PDF's /Title need it",
        ),
        (
            &b.subtitle,
            "the book's `subtitle`",
            "write the subtitle, or remove the line if the book has none",
        ),
        (
            &b.identifier,
            "the book's `identifier`",
            "give the book a unique identifier, e.g. identifier = \"urn:uuid:…\" (a new UUID from `uuidgen`); the EPUB's dc:identifier needs it",
        ),
        (
            &b.publisher,
            "the book's `publisher`",
            "name the publisher (or \"Self-published\"); the EPUB's dc:publisher needs it",
        ),
        (
            &b.rights,
            "the book's `rights`",
            "state the copyright or licence, e.g. rights = \"© 2026 The Author. All rights reserved.\"; the EPUB's dc:rights needs it",
        ),
        (
            &b.description,
            "the book's `description`",
            "describe the book in a sentence or two; the EPUB's dc:description and the PDF's /Subject need it",
        ),
    ];
    for (value, what, hint) in required {
        if let Some(v) = value {
            empty(v, what, hint);
        }
    }
    for s in &b.subjects {
        empty(
            s,
            "an entry of `subjects`",
            "remove the empty entry, or write the subject (e.g. \"Kazakhstan -- History\")",
        );
    }
    for k in &b.keywords {
        empty(
            k,
            "an entry of `keywords`",
            "remove the empty entry, or write the keyword",
        );
    }
    for c in &b.contributors {
        if let Some(name) = &c.name {
            empty(
                name,
                "a contributor's `name`",
                "write the name as it is printed on the title page, or remove this [[book.contributors]] entry",
            );
        }
        if let Some(f) = &c.file_as {
            empty(
                f,
                "a contributor's `file-as`",
                "write the name as it is sorted (file-as = \"Duvanov, Sergey\"), or remove the line",
            );
        }
    }
    for p in &doc.contents.parts {
        if let Some(t) = &p.title {
            empty(
                t,
                "a part's `title`",
                "write the part's title as it is printed on its part page; the contents and the EPUB's nav need it",
            );
        }
    }
    if let Some(isbn) = &b.isbn {
        if let Some(problem) = isbn_problem(isbn.get_ref()) {
            out.push(book.at(
                Diagnostic::error(
                    "isbn-invalid",
                    format!("`{}` is not a valid ISBN: {problem}", isbn.get_ref()),
                )
                .hint("copy the ISBN from the agency's record (13 digits, hyphens allowed), or remove the line"),
                isbn.span().start,
            ));
        }
    }
    out
}

/// What is wrong with the ISBN `s` (ISBN-13, or the older ISBN-10; hyphens
/// and spaces allowed), if anything.
fn isbn_problem(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let digit = |c: char| c.to_digit(10);
    match chars.len() {
        13 => {
            let digits: Option<Vec<u32>> = chars.iter().map(|&c| digit(c)).collect();
            let Some(d) = digits else {
                return Some("an ISBN-13 has only digits".into());
            };
            let sum: u32 = d[..12]
                .iter()
                .enumerate()
                .map(|(i, v)| if i % 2 == 0 { *v } else { 3 * v })
                .sum();
            let check = (10 - sum % 10) % 10;
            (check != d[12]).then(|| format!("its check digit should be {check}, not {}", d[12]))
        }
        10 => {
            let digits: Option<Vec<u32>> = chars[..9].iter().map(|&c| digit(c)).collect();
            let last = match chars[9] {
                'X' | 'x' => Some(10),
                c => digit(c),
            };
            let (Some(d), Some(last)) = (digits, last) else {
                return Some("an ISBN-10 has nine digits and a digit or X".into());
            };
            let sum: u32 = d.iter().enumerate().map(|(i, v)| (10 - i as u32) * v).sum();
            let check = (11 - sum % 11) % 11;
            let shown = |v: u32| {
                if v == 10 {
                    "X".to_string()
                } else {
                    v.to_string()
                }
            };
            (check != last).then(|| {
                format!(
                    "its check digit should be {}, not {}",
                    shown(check),
                    shown(last)
                )
            })
        }
        n => Some(format!("an ISBN has 13 digits (or 10), this one {n}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(toml: &str) -> Vec<(&'static str, u32)> {
        let f = SourceFile::from_text("book.toml".into(), "book.toml".into(), toml.into());
        book_toml(&f).iter().map(|d| (d.code, d.line)).collect()
    }

    #[test]
    fn empty_values_are_found_at_their_line() {
        let toml = "[book]\ntitle = \"\"\nidentifier = \"x\"\npublisher = \" \"\n\
                    subjects = [\"a\", \"\"]\n\n[[book.contributors]]\nname = \"\"\nrole = \"author\"\n\
                    [contents]\n[[contents.parts]]\ntitle = \"\"\n";
        assert_eq!(
            codes(toml),
            vec![
                ("value-empty", 2),
                ("value-empty", 4),
                ("value-empty", 5),
                ("value-empty", 8),
                ("value-empty", 12)
            ]
        );
        assert!(codes("[book]\ntitle = \"T\"\n").is_empty());
    }

    #[test]
    fn isbn_check_digits() {
        assert_eq!(isbn_problem("978-0-306-40615-7"), None);
        assert_eq!(isbn_problem("0-306-40615-2"), None);
        assert_eq!(isbn_problem("080442957X"), None);
        assert!(isbn_problem("978-0-306-40615-8")
            .unwrap()
            .contains("should be 7"));
        assert!(isbn_problem("978-0-306").is_some());
        assert!(isbn_problem("urn:isbn:9780306406157").is_some());
    }
}
