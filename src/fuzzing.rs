//! The fuzz harness: arbitrary bytes become a one-chapter manuscript in a
//! scratch folder, which is read into the model and given to every
//! registered renderer. Shared by the cargo-fuzz target (fuzz/) and by the
//! test that replays the committed seed corpus (tests/fuzz_seeds.rs).
//!
//! The input is split at the first line `%%%`: before it, the chapter file
//! (front matter and Markdown, any bytes); after it, the book's title
//! (written into book.toml as a properly quoted TOML string, so a title of
//! any characters reaches the renderers).

use crate::diag::Diagnostics;
use std::path::Path;

/// What one input came to.
#[derive(Debug)]
pub enum Outcome {
    /// The manuscript was refused with diagnostics.
    Refused(Diagnostics),
    /// The renderers ran: the file names and sizes they produced, or their
    /// diagnostics.
    Rendered(Result<Vec<(String, usize)>, Diagnostics>),
}

const SOURCES: &str = "[[source]]\nid = \"src-a\"\ntitle = \"A source\"\npublisher = \"P\"\nurl = \"https://example.org/a\"\n\n[[source]]\nid = \"src-b\"\ntitle = \"B\"\npublisher = \"P\"\n";
const TIMELINE: &str =
    "[[event]]\ndate = \"2022-01-02\"\ntext = \"An event [@src-a].\"\nsources = [\"src-b\"]\n";

/// Writes the manuscript for `data` into `dir` (emptied first) and builds
/// it in memory. Panics only if recto does: that is what fuzzing looks for.
pub fn run(data: &[u8], dir: &Path) -> Outcome {
    let _ = std::fs::remove_dir_all(dir);
    let (chapter, title) = split(data);
    let title = title
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .unwrap_or_else(|| "Fuzz".into());
    let book = format!(
        "[book]\ntitle = {}\nlanguage = \"en\"\nidentifier = \"urn:uuid:00000000-0000-4000-8000-00000000f022\"\n\
         slug = \"fuzz\"\npublisher = \"P\"\nrights = \"R\"\ndescription = \"D\"\ndate = \"2026-01-01\"\n\n\
         [data]\nsources = \"sources.toml\"\n\n[contents]\nchapters = [\"chapter.md\", \"chronology.md\"]\n",
        toml_string(&title)
    );
    let files: [(&str, &[u8]); 6] = [
        ("book.toml", book.as_bytes()),
        ("chapter.md", chapter),
        ("sources.toml", SOURCES.as_bytes()),
        ("timeline.toml", TIMELINE.as_bytes()),
        (
            "chronology.md",
            b"+++\ntitle = \"Chronology\"\nkind = \"chronology\"\ndata = \"timeline.toml\"\n+++\n",
        ),
        ("images/dot.png", DOT_PNG),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if std::fs::write(&path, bytes).is_err() {
            return Outcome::Refused(Diagnostics::default());
        }
    }
    let run = match crate::driver::run(dir) {
        Ok(x) => x,
        Err(d) => return Outcome::Refused(d),
    };
    let mut diags = run.diags.clone();
    let renderers = crate::build::renderers(crate::build::Format::All);
    Outcome::Rendered(
        crate::build::render_all(&run.context(), &renderers, &mut diags)
            .map(|outs| outs.into_iter().map(|o| (o.name, o.bytes.len())).collect()),
    )
}

/// (chapter, title): split at the first line that is exactly `%%%`.
fn split(data: &[u8]) -> (&[u8], Option<&[u8]>) {
    let sep = b"\n%%%\n";
    match data.windows(sep.len()).position(|w| w == sep) {
        Some(i) => (&data[..i + 1], Some(&data[i + sep.len()..])),
        None => (data, None),
    }
}

/// A TOML basic string holding `s` exactly.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A 1 × 1 PNG the chapter may show as `images/dot.png`.
const DOT_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xff, 0xff, 0x3f,
    0x00, 0x05, 0xfe, 0x02, 0xfe, 0x0d, 0xef, 0x46, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_of_any_characters_are_valid_toml() {
        let t = "a\"b\\c\u{7}\n'<>&";
        let parsed: toml::Value = toml::from_str(&format!("x = {}", toml_string(t))).unwrap();
        assert_eq!(parsed["x"].as_str(), Some(t));
    }

    #[test]
    fn inputs_split_at_the_marker() {
        assert_eq!(split(b"abc"), (&b"abc"[..], None));
        assert_eq!(split(b"a\n%%%\nT"), (&b"a\n"[..], Some(&b"T"[..])));
    }
}
