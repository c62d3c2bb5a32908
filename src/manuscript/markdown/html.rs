//! The HTML policy: raw HTML as pulldown-cmark hands it over in, what the
//! manuscript may keep of it out.
//!
//! Allowed are `<span lang="…">…</span>` (a language change), `<br>` and
//! comments, which are dropped while the text around them is kept. Every
//! other tag is refused with a diagnostic, and its content is not set.

use super::short;
use crate::diag::Diagnostic;
use crate::model::Lang;

/// What one inline HTML tag is.
pub(super) enum Inline {
    /// `<!-- … -->`: dropped.
    Comment,
    /// `<span …>`: Ok with its language, or the problem with its
    /// attributes (the span is still opened, to keep the structure
    /// balanced).
    SpanOpen(Result<Lang, Diagnostic>),
    /// `</span>`.
    SpanClose,
    /// `<br>`: a line break.
    Break,
    /// Anything else.
    Refused(Diagnostic),
}

/// Classifies the inline HTML `html`.
pub(super) fn inline(html: &str) -> Inline {
    let tag = html.trim();
    if tag.starts_with("<!--") && tag.ends_with("-->") {
        return Inline::Comment;
    }
    let lower = tag.to_ascii_lowercase();
    if lower == "</span>" {
        return Inline::SpanClose;
    }
    if matches!(lower.as_str(), "<br>" | "<br/>" | "<br />") {
        return Inline::Break;
    }
    match parse_span(tag) {
        Some(Ok(tagtext)) => Inline::SpanOpen(match Lang::parse(&tagtext) {
            Some(lang) => Ok(lang),
            None => Err(Diagnostic::error(
                "lang-unknown",
                format!("unknown language tag `{tagtext}`"),
            )
            .hint(format!("known tags: {}", Lang::KNOWN.join(", ")))),
        }),
        Some(Err(attr)) => {
            let message = if attr.is_empty() {
                "a <span> needs a lang attribute".to_string()
            } else {
                format!("attribute `{attr}` is not allowed on <span>")
            };
            Inline::SpanOpen(Err(Diagnostic::error("html-not-allowed", message)
                .hint("a span takes exactly one attribute: lang=\"…\"")))
        }
        None => Inline::Refused(refused(tag)),
    }
}

/// The error for a refused tag.
fn refused(tag: &str) -> Diagnostic {
    Diagnostic::error(
        "html-not-allowed",
        format!("raw HTML is not allowed: `{}`", short(tag)),
    )
    .hint("only <span lang=\"…\">…</span> and <br> may appear in a manuscript")
}

/// The error for a `<span>` still open when its container ends.
pub(super) fn span_unclosed() -> Diagnostic {
    Diagnostic::error("html-unclosed", "`<span>` is not closed")
        .hint("close it with </span> in the same paragraph")
}

/// The error for a `</span>` with no open span.
pub(super) fn span_unbalanced() -> Diagnostic {
    Diagnostic::error(
        "html-unbalanced",
        "`</span>` without a matching `<span lang>`",
    )
}

/// Where a literal `<!--` starts in the source `src` of a text event at
/// `start..end` (it may run past `end`: `<` can be an event of its own),
/// unless it is escaped as `\<!--`. Such a comment never closes within its
/// paragraph.
pub(super) fn unclosed_comment(src: &str, start: usize, end: usize) -> Option<usize> {
    let window = src.get(start..(end + 3).min(src.len()))?;
    let i = window.find("<!--")?;
    let escaped = start + i > 0 && src.as_bytes()[start + i - 1] == b'\\';
    (i < end - start && !escaped).then_some(start + i)
}

/// The error for a `<!--` in text that is never closed.
pub(super) fn comment_unclosed_inline() -> Diagnostic {
    Diagnostic::error("html-comment-unclosed", "this HTML comment is never closed")
        .hint("end the comment with `-->` in the same paragraph, or write `\\<!--` to print it")
}

/// One raw HTML block, fed its HTML events: its content is discarded and
/// reported once. A block that opens with a comment is dropped without a
/// report, and what follows the comment's end on its line is kept, to be
/// read again as Markdown.
pub(super) struct HtmlBlock {
    /// Source offset where the block starts.
    pub offset: usize,
    reported: bool,
    comment: bool,
    closed: bool,
    /// The text after the comment's `-->`: its source offset and text.
    tail: Option<(usize, String)>,
}

impl HtmlBlock {
    pub fn new(offset: usize) -> HtmlBlock {
        HtmlBlock {
            offset,
            reported: false,
            comment: false,
            closed: false,
            tail: None,
        }
    }

    /// Takes the block's next HTML event (`html` at source offset
    /// `start`); the error if the block is refused, the first time.
    pub fn feed(&mut self, html: &str, start: usize) -> Option<Diagnostic> {
        if !self.reported && html.trim_start().starts_with("<!--") {
            self.reported = true;
            self.comment = true;
        }
        if self.comment {
            if !self.closed {
                // The search starts after `<!--` so `<!-->` is not an end.
                let from = if self.tail.is_none() && html.trim_start().starts_with("<!--") {
                    html.find("<!--").map_or(0, |i| i + 4)
                } else {
                    0
                };
                if let Some(i) = html[from..].find("-->") {
                    self.closed = true;
                    let rest = &html[from + i + 3..];
                    if !rest.trim().is_empty() {
                        self.tail = Some((start + from + i + 3, rest.to_string()));
                    }
                } else {
                    self.tail = None;
                }
            }
            return None;
        }
        if self.reported {
            return None;
        }
        self.reported = true;
        Some(refused(html.trim()))
    }

    /// Ends the block: the error for a comment never closed (at
    /// [`HtmlBlock::offset`]), and the text to read again (offset, text).
    pub fn finish(self) -> (Option<Diagnostic>, Option<(usize, String)>) {
        let unclosed = (self.comment && !self.closed).then(|| {
            Diagnostic::error("html-comment-unclosed", "this HTML comment is never closed")
                .hint("end the comment with `-->`; everything after `<!--` is hidden until then")
        });
        (unclosed, self.tail)
    }
}

/// An HTML event outside any HTML block.
pub(super) fn stray(html: &str) -> Diagnostic {
    refused(html.trim())
}

/// Parses `<span lang="xx">`: `Some(Ok(tag))`, `Some(Err(attr))` for any
/// other attribute, `None` if it is not a span open tag.
fn parse_span(tag: &str) -> Option<Result<String, String>> {
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    let mut rest = inner.strip_prefix("span")?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let mut lang = None;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let value = if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let q = r.chars().next()?;
            if q == '"' || q == '\'' {
                let end = r[1..].find(q)?;
                rest = &r[end + 2..];
                r[1..end + 1].to_string()
            } else {
                let end = r.find(char::is_whitespace).unwrap_or(r.len());
                rest = &r[end..];
                r[..end].to_string()
            }
        } else {
            String::new()
        };
        if name.eq_ignore_ascii_case("lang") && lang.is_none() {
            lang = Some(value);
        } else {
            return Some(Err(name.to_string()));
        }
    }
    Some(lang.ok_or_else(String::new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_tags() {
        assert_eq!(parse_span("<span lang=\"ru\">"), Some(Ok("ru".into())));
        assert_eq!(
            parse_span("<span lang='kk-Latn'>"),
            Some(Ok("kk-Latn".into()))
        );
        assert_eq!(
            parse_span("<span onclick=\"x()\">"),
            Some(Err("onclick".into()))
        );
        assert_eq!(parse_span("<spanx>"), None);
        assert_eq!(parse_span("<span>"), Some(Err(String::new())));
        assert_eq!(parse_span("<script>"), None);
    }

    #[test]
    fn a_comment_block_keeps_its_tail() {
        let mut b = HtmlBlock::new(0);
        assert!(b.feed("<!-- note -->After.\n", 0).is_none());
        let (unclosed, tail) = b.finish();
        assert!(unclosed.is_none());
        assert_eq!(tail, Some((13, "After.\n".to_string())));
        let mut b = HtmlBlock::new(0);
        assert!(b.feed("<div>\n", 0).is_some());
        assert!(b.feed("</div>\n", 6).is_none());
    }
}
