//! Reading one manuscript file safely: the path must stay inside the
//! manuscript folder, the bytes must be UTF-8 without NUL bytes. A BOM is
//! stripped and CRLF line ends are accepted. Byte offsets map back to
//! `line:column` for diagnostics. Only regular files are read, and only up
//! to a size limit, so a FIFO or a huge file cannot stall the build.

use crate::diag::Diagnostic;
use std::cell::Cell;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest text file (chapter, data file, book.toml) recto reads.
pub const MAX_TEXT_BYTES: u64 = 8 << 20;
/// The largest image file recto reads.
pub const MAX_IMAGE_BYTES: u64 = 16 << 20;

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
    /// The last position computed (offset, line index, column), so that
    /// increasing offsets on one long line are counted incrementally.
    last: Cell<(usize, usize, u32)>,
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
            last: Cell::new((0, 0, 1)),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    ///
    /// The line is found by binary search; the column counts characters
    /// from the line start, or from the previous query when it lies on the
    /// same line before `offset` — so the many increasing queries made
    /// while converting one huge paragraph stay linear overall.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let (last_offset, last_line, last_col) = self.last.get();
        let (from, col) = if last_line == line && last_offset <= offset {
            (last_offset, last_col)
        } else {
            (self.line_starts[line], 1)
        };
        let col = col
            + self
                .text
                .as_bytes()
                .get(from..offset)
                .map_or(0, |b| b.iter().filter(|&&c| (c & 0xC0) != 0x80).count())
                as u32;
        self.last.set((offset, line, col));
        (line as u32 + 1, col)
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

/// Reads a file of the manuscript at a real path returned by [`resolve`]:
/// it must be a regular file (not a folder, FIFO or device) of at most
/// `limit` bytes. `rel` names it in messages.
pub fn read_limited(real: &Path, rel: &str, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let unreadable = |e: std::io::Error| {
        Diagnostic::error("file-unreadable", format!("cannot read `{rel}`: {e}"))
    };
    let meta = std::fs::metadata(real).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Diagnostic::error(
            "file-not-regular",
            format!("`{rel}` is not a regular file"),
        )
        .hint("name a file here, not a folder, pipe or device"));
    }
    let too_large = || {
        Diagnostic::error(
            "file-too-large",
            format!("`{rel}` is larger than the limit of {} MiB", limit >> 20),
        )
        .hint("split the text into several chapters, or make the image smaller")
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    // The file may grow between the two calls: read at most one byte more
    // than the limit and check again.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(real)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads and decodes a text file of the manuscript.
pub fn read_text(root: &Path, shown_root: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    let real = resolve(root, shown_root, rel)?;
    let shown = shown_root.join(rel);
    let bytes = read_limited(&real, rel, MAX_TEXT_BYTES).map_err(|d| d.in_file(&shown))?;
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
        // Queries out of order give the same answers as in order.
        assert_eq!(f.position(x - 1), (2, 3));
        assert_eq!(f.position(1), (1, 2));
        assert_eq!(f.position(x), (2, 4));
        assert_eq!(f.position(f.text.len()), (3, 1));
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
