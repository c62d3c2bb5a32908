//! `recto build`: runs the registered renderers on the laid-out book and
//! writes their outputs atomically.
//!
//! In: a `RenderContext` and the renderers for `--format`. Out: the
//! outputs' bytes, then the files in the output folder.
//!
//! Every renderer runs to completion before anything is written; each file
//! is then written to a temporary file inside the output folder and renamed
//! into place, so a failed build leaves `dist/` as it was.

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{Output, RenderContext, Renderer};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Which outputs to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Epub,
    Pdf,
    All,
}

/// The renderers for `format`.
///
/// THE REGISTRY: to add a renderer, push it here under its format, e.g.
/// `list.push(Box::new(crate::epub::EpubRenderer::default()))`.
pub fn renderers(format: Format) -> Vec<Box<dyn Renderer>> {
    #[allow(unused_mut)]
    let mut list: Vec<Box<dyn Renderer>> = Vec::new();
    if matches!(format, Format::Epub | Format::All) {
        list.push(Box::new(crate::epub::EpubRenderer));
    }
    if matches!(format, Format::Pdf | Format::All) {
        list.push(Box::new(crate::pdf::PdfRenderer { wrap: true }));
    }
    list
}

/// A file written by the build.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: usize,
    pub pages: Option<usize>,
}

/// Runs every renderer on the laid-out book in `ctx`. Warnings go to
/// `diags`; any renderer error fails the whole build before anything is
/// written.
pub fn render_all(
    ctx: &RenderContext<'_>,
    renderers: &[Box<dyn Renderer>],
    diags: &mut Diagnostics,
) -> Result<Vec<Output>, Diagnostics> {
    render_all_with(ctx, renderers, diags, &mut |_| {})
}

/// [`render_all`], calling `starting` with each renderer's name before it
/// runs (for the progress display).
///
/// With more than one renderer and more than one core, the renderers run
/// at once on scoped threads, each reading the shared context; their outputs
/// and diagnostics are then gathered in registry order, so the result is
/// the same as a sequential run.
pub fn render_all_with(
    ctx: &RenderContext<'_>,
    renderers: &[Box<dyn Renderer>],
    diags: &mut Diagnostics,
    starting: &mut dyn FnMut(&str),
) -> Result<Vec<Output>, Diagnostics> {
    type Done = (Diagnostics, Result<Vec<Output>, Diagnostics>);
    let run = |r: &dyn Renderer| -> Done {
        let mut own = Diagnostics::default();
        let result = r.render(ctx, &mut own);
        (own, result)
    };
    let parallel =
        renderers.len() > 1 && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let results: Vec<Done> = if parallel {
        for r in renderers {
            starting(r.name());
        }
        std::thread::scope(|s| {
            let handles: Vec<_> = renderers
                .iter()
                .map(|r| s.spawn(move || run(r.as_ref())))
                .collect();
            handles
                .into_iter()
                .zip(renderers)
                .map(|(h, r)| {
                    h.join().unwrap_or_else(|_| {
                        let d = Diagnostic::usage(
                            "internal-error",
                            format!("the {} renderer crashed", r.name()),
                        )
                        .hint("this is a bug in recto; please report it with the manuscript");
                        (Diagnostics::default(), Err(d.into()))
                    })
                })
                .collect()
        })
    } else {
        renderers
            .iter()
            .map(|r| {
                starting(r.name());
                run(r.as_ref())
            })
            .collect()
    };
    let mut outputs = Vec::new();
    let mut failed = Diagnostics::default();
    for (own, result) in results {
        diags.extend(own);
        match result {
            Ok(o) => outputs.extend(o),
            Err(e) => failed.extend(e),
        }
    }
    if failed.is_empty() {
        Ok(outputs)
    } else {
        Err(failed)
    }
}

/// Checks that an output name is a plain file name.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).file_name().is_some_and(|n| n == name)
}

/// Writes all outputs into `out`: first every file to a temporary name,
/// then renames them into place. On any error the temporaries are removed
/// and no existing file in `out` has changed.
pub fn write_atomically(out: &Path, outputs: &[Output]) -> Result<Vec<Written>, Diagnostics> {
    for o in outputs {
        if !valid_name(&o.name) {
            return Err(Diagnostic::usage(
                "output-name",
                format!("a renderer produced the bad file name `{}`", o.name),
            )
            .into());
        }
    }
    std::fs::create_dir_all(out).map_err(|e| {
        Diagnostic::usage(
            "io",
            format!("cannot create the output folder `{}`: {e}", out.display()),
        )
        .hint("pass --out DIR with a folder you can write to")
    })?;
    let mut temps: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(outputs.len());
    let cleanup = |temps: &[(PathBuf, PathBuf)]| {
        for (t, _) in temps {
            let _ = std::fs::remove_file(t);
        }
    };
    for o in outputs {
        let temp = out.join(format!(".{}.tmp-{}", o.name, std::process::id()));
        let target = out.join(&o.name);
        let result = std::fs::File::create(&temp).and_then(|mut f| {
            f.write_all(&o.bytes)?;
            f.sync_all()
        });
        temps.push((temp.clone(), target));
        if let Err(e) = result {
            cleanup(&temps);
            return Err(
                Diagnostic::usage("io", format!("cannot write `{}`: {e}", temp.display())).into(),
            );
        }
    }
    for (i, (temp, target)) in temps.iter().enumerate() {
        if let Err(e) = std::fs::rename(temp, target) {
            cleanup(&temps[i..]);
            return Err(Diagnostic::usage(
                "io",
                format!("cannot move `{}` into place: {e}", target.display()),
            )
            .into());
        }
    }
    Ok(outputs
        .iter()
        .zip(temps)
        .map(|(o, (_, path))| Written {
            path,
            bytes: o.bytes.len(),
            pages: o.pages,
        })
        .collect())
}

/// "1.2 MB", "340 KB", "12 bytes".
pub fn human_size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else if bytes >= 1_000 {
        format!("{} KB", bytes.div_ceil(1_000))
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_are_plain() {
        assert!(valid_name("book.epub"));
        assert!(!valid_name("../book.epub"));
        assert!(!valid_name("a/b"));
        assert!(!valid_name(".hidden"));
    }

    #[test]
    fn writes_and_replaces() {
        let dir = std::env::temp_dir().join(format!("recto-build-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = vec![Output {
            name: "a.txt".into(),
            bytes: b"one".to_vec(),
            pages: None,
        }];
        let w = write_atomically(&dir, &out).unwrap();
        assert_eq!(w[0].bytes, 3);
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"one");
        let bad = vec![
            Output {
                name: "a.txt".into(),
                bytes: b"two".to_vec(),
                pages: None,
            },
            Output {
                name: "../x".into(),
                bytes: vec![],
                pages: None,
            },
        ];
        assert!(write_atomically(&dir, &bad).is_err());
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"one");
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(12), "12 bytes");
        assert_eq!(human_size(1_500), "2 KB");
        assert_eq!(human_size(2_345_678), "2.3 MB");
    }
}
