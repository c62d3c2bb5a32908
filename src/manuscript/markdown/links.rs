//! The link policy: a link destination as written in, what it becomes out.
//!
//! http(s) and mailto links and `#id` anchors are allowed; script-capable
//! schemes and relative file links are refused. http(s) addresses come out
//! percent-encoded (see [`strict`]) and 7-bit ASCII; the text of the link
//! stays as written.

use super::short;
use crate::diag::Diagnostic;
use pulldown_cmark::LinkType;

/// What a link destination becomes.
pub(super) enum Dest {
    /// No destination: the link's text is kept as plain text.
    Empty(Diagnostic),
    /// An allowed link: its href, and the id it names if it is `#id`.
    Href {
        href: String,
        anchor: Option<String>,
    },
    /// Another chapter's file (`02-other.md`), as written, and the
    /// fragment after its `#` if any.
    Chapter {
        path: String,
        fragment: Option<String>,
    },
    /// A refused destination: the link points nowhere (`#`).
    Refused(Diagnostic),
}

/// Decides what the destination `dest` of a link of type `link_type`
/// becomes.
pub(super) fn destination(dest: &str, link_type: LinkType) -> Dest {
    if dest.trim().is_empty() {
        return Dest::Empty(
            Diagnostic::warning("link-empty", "this link has no destination").hint(
                "its text is set as plain text; give the link an address, or drop the brackets",
            ),
        );
    }
    if link_type != LinkType::Email {
        if let Some((path, fragment)) = chapter_file(dest) {
            return Dest::Chapter {
                path: path.to_string(),
                fragment: fragment.map(str::to_string),
            };
        }
    }
    let result = if link_type == LinkType::Email {
        href(&format!("mailto:{dest}"))
    } else {
        href(dest)
    };
    match result {
        Ok((href, anchor)) => Dest::Href { href, anchor },
        Err(d) => Dest::Refused(d),
    }
}

/// A relative link to a Markdown file, as mdBook writes links between
/// chapters: its path and fragment.
fn chapter_file(dest: &str) -> Option<(&str, Option<&str>)> {
    let dest = dest.trim();
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f).filter(|f| !f.is_empty())),
        None => (dest, None),
    };
    let relative = !path.starts_with(['/', '\\']) && !path.contains([':', '?']);
    (relative && path.ends_with(".md") && path.len() > 3).then_some((path, fragment))
}

/// Accepts http(s), mailto and `#anchor` links; refuses script-capable
/// schemes and relative file links. Ok holds the href and the anchor's id.
fn href(url: &str) -> Result<(String, Option<String>), Diagnostic> {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let ok = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || (lower.starts_with('#') && lower.len() > 1);
    if ok {
        let anchor = url.strip_prefix('#').map(str::to_string);
        if lower.starts_with("http") {
            return match url::Url::parse(url.trim()) {
                Ok(u) => Ok((strict(u.as_str()), anchor)),
                Err(e) => Err(Diagnostic::error(
                    "link-invalid",
                    format!("the link `{}` is not a valid address: {e}", short(url)),
                )
                .hint("check the address; spaces and brackets are fine, a broken host is not")),
            };
        }
        return Ok((url.to_string(), anchor));
    }
    let unsafe_scheme = ["javascript:", "data:", "vbscript:", "file:"]
        .iter()
        .any(|s| lower.starts_with(s));
    Err(if unsafe_scheme {
        Diagnostic::error(
            "link-unsafe",
            format!("the link `{}` uses a forbidden scheme", short(url)),
        )
        .hint("links may only be http(s), mailto or #anchors")
    } else {
        Diagnostic::error(
            "link-scheme",
            format!("the link `{}` is not absolute", short(url)),
        )
        .hint("use a full https:// address, #id for a place in this book, or file.md for another chapter")
    })
}

/// A URL serialised by the URL standard (`url`), with the characters that
/// standard leaves but RFC 3986 forbids (`|`, `[`, `]`, `^`, `` ` ``, `{`,
/// `}`, `\\`) also percent-encoded after the host, as EPUB and PDF
/// readers require: the result is 7-bit ASCII.
fn strict(url: &str) -> String {
    let host_end = url
        .find("://")
        .map(|i| i + 3)
        .and_then(|i| url[i..].find(['/', '?', '#']).map(|j| i + j))
        .unwrap_or(url.len());
    let mut out = String::with_capacity(url.len());
    out.push_str(&url[..host_end]);
    for c in url[host_end..].chars() {
        match c {
            '|' | '[' | ']' | '^' | '`' | '{' | '}' | '\\' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if !c.is_ascii() => {
                let mut b = [0; 4];
                for byte in c.encode_utf8(&mut b).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn href_of(dest: &str) -> Option<String> {
        match destination(dest, LinkType::Inline) {
            Dest::Href { href, .. } => Some(href),
            _ => None,
        }
    }

    #[test]
    fn allowed_and_refused() {
        assert_eq!(
            href_of("https://example.com/a|b").as_deref(),
            Some("https://example.com/a%7Cb")
        );
        assert_eq!(href_of("#x").as_deref(), Some("#x"));
        assert_eq!(href_of("javascript:alert(1)"), None);
        assert!(matches!(
            destination("nobody@example.com", LinkType::Email),
            Dest::Href { ref href, .. } if href == "mailto:nobody@example.com"
        ));
        assert!(matches!(destination(" ", LinkType::Inline), Dest::Empty(_)));
        assert!(matches!(
            destination("../part/02-other.md#heading", LinkType::Inline),
            Dest::Chapter { ref path, fragment: Some(ref f) } if path == "../part/02-other.md" && f == "heading"
        ));
        assert!(matches!(
            destination("02-other.md", LinkType::Inline),
            Dest::Chapter { fragment: None, .. }
        ));
        assert!(matches!(
            destination("file:///etc/x.md", LinkType::Inline),
            Dest::Refused(_)
        ));
        assert!(matches!(
            destination("notes.txt", LinkType::Inline),
            Dest::Refused(_)
        ));
    }
}
