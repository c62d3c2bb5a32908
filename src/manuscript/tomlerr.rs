//! Turning TOML and serde errors into diagnostics with `file:line:column`
//! and, for an unknown key, the nearest known key as a hint.

use super::source::SourceFile;
use crate::diag::Diagnostic;
use serde::de::DeserializeOwned;

/// Parses `text` (which starts at byte `base` of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    base: usize,
) -> Result<T, Diagnostic> {
    toml::from_str(text).map_err(|e| diagnose(file, &e, base))
}

/// A diagnostic for a TOML error: its span mapped to a line, the unknown-key
/// case recognised and answered with the closest candidate.
pub fn diagnose(file: &SourceFile, e: &toml::de::Error, base: usize) -> Diagnostic {
    let message = e.message().trim().to_string();
    let offset = base + e.span().map_or(0, |s| s.start);
    if let Some((key, expected)) = unknown_field(&message) {
        let d = Diagnostic::error("unknown-key", format!("unknown key `{key}`"));
        let d = match nearest(&key, &expected) {
            Some(n) => d.hint(format!(
                "did you mean `{n}`? Known keys: {}",
                expected.join(", ")
            )),
            None => d.hint(format!("known keys: {}", expected.join(", "))),
        };
        return file.at(d, offset);
    }
    if let Some((value, expected)) = unknown_variant(&message) {
        let d = Diagnostic::error("unknown-value", format!("unknown value `{value}`"));
        let d = match nearest(&value, &expected) {
            Some(n) => d.hint(format!(
                "did you mean `{n}`? Allowed: {}",
                expected.join(", ")
            )),
            None => d.hint(format!("allowed: {}", expected.join(", "))),
        };
        return file.at(d, offset);
    }
    if let Some(value) = bad_length(&message) {
        let d = Diagnostic::error("bad-length", format!("invalid length `{value}`"))
            .hint(format!("write {}", crate::units::LENGTH_FORMS));
        return file.at(d, offset);
    }
    let code = if message.starts_with("missing field") {
        "missing-key"
    } else if message.starts_with("invalid type") {
        "wrong-type"
    } else {
        "toml-syntax"
    };
    let hint = if code == "toml-syntax" {
        "check the quotes, brackets and `key = value` syntax at this place"
    } else {
        "see docs/manuscript-format.md for the keys and their types"
    };
    file.at(
        Diagnostic::error(code, format!("invalid TOML: {message}")).hint(hint),
        offset,
    )
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" (or
/// "expected `a`") into the key and the candidates.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    split_expected(rest)
}

/// The value of a [`crate::units::BadLength`] message.
fn bad_length(message: &str) -> Option<String> {
    let rest = message.strip_prefix("invalid length `")?;
    Some(rest.rsplit_once("`:")?.0.to_string())
}

fn unknown_variant(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown variant `")?;
    split_expected(rest)
}

fn split_expected(rest: &str) -> Option<(String, Vec<String>)> {
    let (key, tail) = rest.split_once('`')?;
    let expected = tail
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((key.to_string(), expected))
}

/// The candidate closest to `word` by normalised Levenshtein similarity, if
/// it is close enough to be a plausible typo.
pub fn nearest(word: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(word, c), c))
        .filter(|(s, _)| *s >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_the_nearest() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            title: String,
            language: Option<String>,
        }
        let f = SourceFile::from_text(
            "b.toml".into(),
            "b.toml".into(),
            "title = \"x\"\nlangauge = \"en\"\n".into(),
        );
        let d = parse::<T>(&f, &f.text, 0).unwrap_err();
        assert_eq!(d.code, "unknown-key");
        assert_eq!(d.line, 2);
        assert!(d.hint.unwrap().contains("`language`"));
    }

    #[test]
    fn a_bad_length_names_its_line_and_the_accepted_forms() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            title: String,
            margin: crate::units::Pt,
        }
        let f = SourceFile::from_text(
            "b.toml".into(),
            "b.toml".into(),
            "title = \"x\"\nmargin = \"18 furlongs\"\n".into(),
        );
        let d = parse::<T>(&f, &f.text, 0).unwrap_err();
        assert_eq!((d.code, d.line), ("bad-length", 2));
        assert!(d.message.contains("`18 furlongs`"), "{}", d.message);
        assert!(d.hint.unwrap().contains("\"0.75in\""));
    }

    #[test]
    fn syntax_errors_have_lines() {
        let f = SourceFile::from_text("b.toml".into(), "b.toml".into(), "a = 1\nb = \n".into());
        let d = parse::<toml::Table>(&f, &f.text, 0).unwrap_err();
        assert_eq!((d.code, d.line), ("toml-syntax", 2));
    }
}
