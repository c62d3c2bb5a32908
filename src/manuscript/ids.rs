//! Ids: slugs and a registry that keeps every anchor unique in the book.

use std::collections::HashSet;

/// ASCII slug: lowercase letters and digits, other runs become one `-`.
/// Empty input gives `fallback`.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') && c != '\'' && c != '’' {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        return fallback.to_string();
    }
    if out.as_bytes()[0].is_ascii_digit() {
        out.insert_str(0, fallback);
        out.insert(fallback.len(), '-');
    }
    out
}

/// Every id handed out so far.
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
}

impl Ids {
    /// Claims `base`, or `base-2`, `base-3`… if taken.
    pub fn claim(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|c| !self.used.contains(c))
            .inspect(|c| {
                self.used.insert(c.clone());
            })
            .unwrap_or_default()
    }

    /// Claims exactly `id`; false if it is already taken.
    pub fn claim_exact(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_uniqueness() {
        assert_eq!(
            slug("What became known later", "s"),
            "what-became-known-later"
        );
        assert_eq!(slug("Editor's notes!", "s"), "editors-notes");
        assert_eq!(slug("Шал", "s"), "s");
        assert_eq!(slug("2022", "s"), "s-2022");
        let mut ids = Ids::default();
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a-2");
        assert!(!ids.claim_exact("a-2"));
    }
}
