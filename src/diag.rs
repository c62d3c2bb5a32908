//! Diagnostics: what is wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of panicking or
//! printing. The CLI decides how to show them (human, JSON, GitHub) and which
//! exit code they mean.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What kind of failure a diagnostic describes; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The manuscript is wrong (exit 1).
    Manuscript,
    /// The command line or the file system is wrong (exit 2).
    Usage,
}

/// One problem found in a manuscript or while building it.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub class: Class,
    /// Stable kebab-case code, e.g. `note-undefined`.
    pub code: &'static str,
    /// Path as the user gave it (manuscript folder joined with the file).
    pub file: Option<PathBuf>,
    /// 1-based; 0 when unknown.
    pub line: u32,
    /// 1-based; 0 when unknown.
    pub column: u32,
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            class: Class::Manuscript,
            code,
            file: None,
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// An I/O or usage failure (exit code 2).
    pub fn usage(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            class: Class::Usage,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, file: impl AsRef<Path>, line: u32, column: u32) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self.line = line;
        self.column = column;
        self
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:column` as far as known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string();
        Some(match (self.line, self.column) {
            (0, _) => file,
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = self.location() {
            write!(f, "{loc}: ")?;
        }
        write!(
            f,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A list of diagnostics collected by a stage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Orders diagnostics by file and position and drops repeats, so
    /// output is stable.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
        });
        self.0.dedup();
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Renderers locate problems by the chapter's path inside the
    /// manuscript; this shows those paths (from the `from`-th diagnostic on)
    /// as the user gave the manuscript folder, like the reader's own.
    pub fn locate_in(&mut self, manuscript: &Path, from: usize) {
        for d in self.0.iter_mut().skip(from) {
            if let Some(f) = &d.file {
                if f.is_relative() && !f.starts_with(manuscript) {
                    d.file = Some(manuscript.join(f));
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// The exit code these diagnostics call for: 0 clean (warnings
    /// allowed), 1 manuscript errors, 2 usage or I/O errors.
    pub fn exit_code(&self) -> i32 {
        let errors = self.0.iter().filter(|d| d.severity == Severity::Error);
        let mut code = 0;
        for d in errors {
            code = code.max(match d.class {
                Class::Manuscript => 1,
                Class::Usage => 2,
            });
        }
        code
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}
