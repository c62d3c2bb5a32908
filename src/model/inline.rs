//! Inline content: text runs and the spans that wrap them.

use super::Lang;

/// An inline element. Text runs carry polished text: curly quotes, dashes,
/// ellipses and no-break spaces (U+00A0, U+202F) are already in place, so
/// renderers never touch punctuation.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text in the language of the enclosing span (or the chapter).
    Text(String),
    /// A span in another language, e.g. Russian or Kazakh words.
    Lang {
        lang: Lang,
        content: Vec<Inline>,
    },
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    /// `url` is absolute (http, https, mailto) or `#id` for an anchor in
    /// this book.
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// A reference to `Chapter::notes[index]` of the enclosing chapter.
    NoteRef(usize),
    /// A citation of a source; `content` is the formatted short citation,
    /// linked to the source's bibliography entry.
    Cite {
        source: String,
        content: Vec<Inline>,
    },
    Code(String),
    LineBreak,
}

/// The text of `inlines` without markup or note markers, as a reader would
/// copy it.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Lang { content, .. }
            | Inline::Emph(content)
            | Inline::Strong(content)
            | Inline::Link { content, .. }
            | Inline::Cite { content, .. } => push_plain(content, out),
            Inline::NoteRef(_) => {}
            Inline::LineBreak => out.push('\n'),
        }
    }
}
