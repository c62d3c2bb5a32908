//! Reading one manuscript file safely: the path must stay inside the
//! manuscript folder, the bytes must be UTF-8 without NUL bytes. A BOM is
//! stripped and CRLF line ends are accepted. Byte offsets map back to
//! `line:column` for diagnostics.

use crate::diag::Diagnostic;
use std::path::{Component, Path, PathBuf};

/// A text file of the manuscript, decoded and indexed by line.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the manuscript folder.
    pub rel: PathBuf,
    /// Path as shown in diagnostics (the manuscript folder joined with `rel`).
    pub shown: PathBuf,
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps text already in memory (used for tests and generated text).
    pub fn from_text(rel: PathBuf, shown: PathBuf, text: String) -> SourceFile {
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n")
        } else {
            text
        };
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            rel,
            shown,
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.position(offset).0
    }

    /// A diagnostic located at a byte offset of this file.
    pub fn at(&self, d: Diagnostic, offset: usize) -> Diagnostic {
        let (l, c) = self.position(offset);
        d.at(&self.shown, l, c)
    }
}

/// Checks that `rel` is a relative path without `..`, so joining it to the
/// manuscript folder cannot leave it.
pub fn check_relative(rel: &str) -> Result<PathBuf, String> {
    if rel.is_empty() {
        return Err("the path is empty".into());
    }
    let p = Path::new(rel);
    for c in p.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!("`{rel}` leaves the manuscript folder (`..`)"))
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "`{rel}` is absolute; paths are relative to the manuscript folder"
                ))
            }
        }
    }
    Ok(p.to_path_buf())
}

/// Resolves `rel` inside `root` (canonical) and checks that the real path,
/// after following symlinks, is still inside. Returns the real path.
pub fn resolve(root: &Path, shown_root: &Path, rel: &str) -> Result<PathBuf, Diagnostic> {
    let relp = check_relative(rel).map_err(|m| {
        Diagnostic::error("path-outside", m)
            .hint("keep every file the manuscript refers to inside the manuscript folder")
    })?;
    let joined = root.join(&relp);
    let real = joined.canonicalize().map_err(|e| {
        Diagnostic::error("file-missing", format!("`{rel}` cannot be opened: {e}"))
            .in_file(shown_root.join(&relp))
            .hint("check the file name, or add the file to the manuscript folder")
    })?;
    if !real.starts_with(root) {
        return Err(Diagnostic::error(
            "path-outside",
            format!("`{rel}` resolves outside the manuscript folder (a symlink?)"),
        )
        .in_file(shown_root.join(&relp))
        .hint("copy the file into the manuscript folder instead of linking to it"));
    }
    Ok(real)
}

/// Reads and decodes a text file of the manuscript.
pub fn read_text(root: &Path, shown_root: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    let real = resolve(root, shown_root, rel)?;
    let shown = shown_root.join(rel);
    let bytes = std::fs::read(&real).map_err(|e| {
        Diagnostic::error("file-unreadable", format!("cannot read `{rel}`: {e}")).in_file(&shown)
    })?;
    decode(PathBuf::from(rel), shown, bytes)
}

/// Decodes bytes as UTF-8 text: strips a BOM, rejects NUL bytes and invalid
/// UTF-8 with the line and column of the first bad byte.
pub fn decode(rel: PathBuf, shown: PathBuf, mut bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let locate = |bytes: &[u8], at: usize| {
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(&before[start..]).chars().count() as u32 + 1;
        (line, col)
    };
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (l, c) = locate(&bytes, at);
        return Err(Diagnostic::error("nul-byte", "the file contains a NUL byte")
            .at(&shown, l, c)
            .hint("a text file cannot contain NUL bytes; was a binary file saved under this name?"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::from_text(rel, shown, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let (l, c) = locate(e.as_bytes(), at);
            Err(
                Diagnostic::error("invalid-utf8", "the file is not valid UTF-8")
                    .at(&shown, l, c)
                    .hint("save the file as UTF-8"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines() {
        let f = SourceFile::from_text("a".into(), "a".into(), "ab\r\nдв x\n".into());
        assert_eq!(f.text, "ab\nдв x\n");
        assert_eq!(f.position(0), (1, 1));
        let x = f.text.find('x').unwrap();
        assert_eq!(f.position(x), (2, 4));
    }

    #[test]
    fn bad_bytes_are_located() {
        let e = decode("f".into(), "f".into(), b"ok\nab\xffc".to_vec()).unwrap_err();
        assert_eq!((e.code, e.line, e.column), ("invalid-utf8", 2, 3));
        let e = decode("f".into(), "f".into(), b"\n\nx\0".to_vec()).unwrap_err();
        assert_eq!((e.code, e.line, e.column), ("nul-byte", 3, 2));
        let ok = decode("f".into(), "f".into(), b"\xEF\xBB\xBFhi".to_vec()).unwrap();
        assert_eq!(ok.text, "hi");
    }

    #[test]
    fn relative_paths_only() {
        assert!(check_relative("a/b.md").is_ok());
        assert!(check_relative("../x").is_err());
        assert!(check_relative("/etc/passwd").is_err());
    }
}
