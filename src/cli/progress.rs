//! Progress while building, and the summary at the end.
//!
//! A spinner with the current stage is drawn (indicatif) only when stderr is
//! a terminal and `--quiet` is not given; in CI, with stderr redirected,
//! nothing but diagnostics goes to stderr. The closing summary — the files
//! written, their sizes and page counts — goes to stdout unless `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use recto::build::{human_size, Written};
use std::io::IsTerminal;
use std::time::Duration;

/// The build's progress display; a no-op when hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A spinner on stderr if it is a terminal and `quiet` is false.
    pub fn new(quiet: bool) -> Progress {
        let shown = !quiet && std::io::stderr().is_terminal();
        Progress::with(shown)
    }

    /// A display that is shown or hidden regardless of the terminal.
    pub fn with(shown: bool) -> Progress {
        let bar = shown.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(80));
            bar
        });
        Progress { bar }
    }

    /// Whether anything is drawn.
    #[cfg(test)]
    pub fn is_shown(&self) -> bool {
        self.bar.is_some()
    }

    /// Shows the stage now under way ("reading manuscript", "rendering EPUB").
    pub fn stage(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{what}…"));
        }
    }

    /// Removes the spinner, before diagnostics or the summary are printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The closing summary: one line per file written (path, size, pages for
/// PDFs), then the total time.
pub fn summary(written: &[Written], elapsed: Duration) -> String {
    let mut out = String::new();
    let width = written
        .iter()
        .map(|w| w.path.display().to_string().chars().count())
        .max()
        .unwrap_or(0);
    for w in written {
        let path = w.path.display().to_string();
        let pad = width - path.chars().count();
        let pages = match w.pages {
            Some(1) => ", 1 page".to_string(),
            Some(p) => format!(", {p} pages"),
            None => String::new(),
        };
        out.push_str(&format!(
            "wrote {path}{:pad$}  ({}{pages})\n",
            "",
            human_size(w.bytes)
        ));
    }
    out.push_str(&format!("built in {} ms\n", elapsed.as_millis()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn summary_lists_files_sizes_and_pages() {
        let written = vec![
            Written {
                path: PathBuf::from("dist/b.epub"),
                bytes: 250_000,
                pages: None,
            },
            Written {
                path: PathBuf::from("dist/b-cover.pdf"),
                bytes: 1_200_000,
                pages: Some(1),
            },
            Written {
                path: PathBuf::from("dist/b.pdf"),
                bytes: 900,
                pages: Some(212),
            },
        ];
        let s = summary(&written, Duration::from_millis(42));
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("wrote dist/b.epub ") && lines[0].ends_with("(250 KB)"));
        assert!(lines[1].ends_with("(1.2 MB, 1 page)"));
        assert!(lines[2].ends_with("(900 bytes, 212 pages)"));
        // Sizes line up in one column.
        let col = |l: &str| l.find('(').unwrap();
        assert_eq!(col(lines[0]), col(lines[1]));
        assert_eq!(col(lines[1]), col(lines[2]));
        assert_eq!(lines[3], "built in 42 ms");
    }

    #[test]
    fn hidden_progress_draws_nothing() {
        let p = Progress::with(false);
        assert!(!p.is_shown());
        p.stage("rendering");
        p.finish();
    }
}
