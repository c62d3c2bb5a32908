//! The command line: `recto build`, `recto check` and `recto init`,
//! diagnostics in three formats, progress on a terminal, and exit codes
//! (0 clean, 1 manuscript errors, 2 usage or I/O errors).
//!
//! In: the arguments. Out: the exit code; diagnostics on stderr. `check`
//! and `build` both go through [`recto::driver::run`]; `build` then runs
//! the renderers and writes their outputs.

mod init;
mod progress;

use clap::{Parser, Subcommand, ValueEnum};
use recto::build::{self, Format};
use recto::diag::{Diagnostic, Diagnostics, Severity};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

const EXAMPLES: &str = "\
Examples:
  recto build                              build dist/<slug>.epub and .pdf from ./manuscript
  recto build --format epub --out public   only the EPUB, into ./public
  recto check --manuscript my-book         validate without writing anything
  recto init my-book                       start a new book in ./my-book
  recto --message-format json check        one JSON object per diagnostic (for tools)
  recto --message-format github check      annotations for GitHub Actions

Exit codes: 0 clean (warnings allowed), 1 manuscript errors, 2 usage or I/O errors.
Set SOURCE_DATE_EPOCH for a reproducible build date.";

/// Build an EPUB 3 and a print PDF from one Markdown manuscript.
#[derive(Debug, Parser)]
#[command(name = "recto", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// How to print diagnostics (on stderr).
    #[arg(long, value_enum, global = true, default_value = "human")]
    pub message_format: MessageFormat,
    /// Print only diagnostics, no summary.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the outputs into the output folder.
    #[command(after_help = EXAMPLES)]
    Build {
        /// The manuscript folder (holds book.toml).
        #[arg(long, default_value = "manuscript")]
        manuscript: PathBuf,
        /// The output folder.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Which outputs to build.
        #[arg(long, value_enum, default_value = "all")]
        format: FormatArg,
    },
    /// Validate the manuscript without writing anything.
    #[command(after_help = EXAMPLES)]
    Check {
        /// The manuscript folder (holds book.toml).
        #[arg(long, default_value = "manuscript")]
        manuscript: PathBuf,
    },
    /// Create a small new book in DIR (missing or empty) that builds at once.
    #[command(after_help = EXAMPLES)]
    Init {
        /// The folder to create the manuscript in.
        dir: PathBuf,
    },
}

/// `--format`: which outputs to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Epub,
    Pdf,
    All,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Epub => Format::Epub,
            FormatArg::Pdf => Format::Pdf,
            FormatArg::All => Format::All,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// `file:line:col: error[code]: message` with a hint line.
    Human,
    /// One JSON object per line: file, line, column, severity, code, message, hint.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    run(&cli)
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: &Cli) -> i32 {
    let started = Instant::now();
    match &cli.command {
        Command::Check { manuscript } => {
            let progress = progress::Progress::new(cli.quiet);
            progress.stage("reading and laying out the manuscript");
            let run = recto::driver::run(manuscript);
            progress.finish();
            match run {
                Ok(run) => {
                    report(&run.diags, cli.message_format);
                    if !cli.quiet && cli.message_format == MessageFormat::Human {
                        let book = &run.book;
                        let notes: usize = book.chapters.iter().map(|c| c.notes.len()).sum();
                        eprintln!(
                            "checked {}: {} chapters, {} notes, {} sources, {} print pages, {} warning(s) in {} ms",
                            manuscript.display(),
                            book.chapters.len(),
                            notes,
                            book.sources.len(),
                            run.laid_out.layout.pages.len(),
                            run.diags.0.len(),
                            started.elapsed().as_millis()
                        );
                    }
                    run.diags.exit_code()
                }
                Err(diags) => {
                    report(&diags, cli.message_format);
                    summary_line(&diags, cli);
                    diags.exit_code().max(1)
                }
            }
        }
        Command::Init { dir } => match init::scaffold(dir) {
            Ok(files) => {
                if !cli.quiet {
                    println!("created {} with:", dir.display());
                    for f in &files {
                        println!("  {}", f.display());
                    }
                    let d = dir.display();
                    println!("next: recto check --manuscript {d}");
                    println!("      recto build --manuscript {d}   (writes ./dist)");
                }
                0
            }
            Err(d) => {
                let diags = Diagnostics::from(d);
                report(&diags, cli.message_format);
                diags.exit_code().max(1)
            }
        },
        Command::Build {
            manuscript,
            out,
            format,
        } => {
            let format = Format::from(*format);
            let progress = progress::Progress::new(cli.quiet);
            progress.stage("reading and laying out the manuscript");
            let run = recto::driver::run(manuscript);
            progress.finish();
            let run = match run {
                Ok(run) => run,
                Err(diags) => {
                    report(&diags, cli.message_format);
                    summary_line(&diags, cli);
                    return diags.exit_code().max(1);
                }
            };
            let mut diags = run.diags.clone();
            let renderers = build::renderers(format);
            let from = diags.0.len();
            let progress = progress::Progress::new(cli.quiet);
            let result =
                build::render_all_with(&run.context(), &renderers, &mut diags, &mut |name| {
                    progress.stage(&format!("writing {}", name.to_uppercase()))
                })
                .and_then(|outputs| {
                    progress.stage("saving");
                    build::write_atomically(out, &outputs)
                });
            progress.finish();
            let result = result.map_err(|mut errors| {
                errors.locate_in(manuscript, 0);
                errors
            });
            diags.locate_in(manuscript, from);
            match result {
                Ok(written) => {
                    report(&diags, cli.message_format);
                    if !cli.quiet {
                        print_written(&written, renderers.is_empty(), format, started);
                    }
                    0
                }
                Err(errors) => {
                    diags.extend(errors);
                    report(&diags, cli.message_format);
                    summary_line(&diags, cli);
                    diags.exit_code().max(1)
                }
            }
        }
    }
}

fn print_written(written: &[build::Written], none: bool, format: Format, started: Instant) {
    let mut out = std::io::stdout().lock();
    if none {
        let _ = writeln!(
            out,
            "the manuscript is valid; no {} renderer is available in this build, nothing written",
            match format {
                Format::Epub => "EPUB",
                Format::Pdf => "PDF",
                Format::All => "EPUB or PDF",
            }
        );
        return;
    }
    let _ = write!(out, "{}", progress::summary(written, started.elapsed()));
}

fn summary_line(diags: &Diagnostics, cli: &Cli) {
    if cli.quiet || cli.message_format != MessageFormat::Human {
        return;
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.0.len() - errors;
    eprintln!("{errors} error(s), {warnings} warning(s)");
}

/// Prints diagnostics to stderr in the chosen format.
pub fn report(diags: &Diagnostics, format: MessageFormat) {
    let mut err = std::io::stderr().lock();
    for d in diags.iter() {
        let _ = writeln!(err, "{}", render(d, format));
    }
}

/// One diagnostic in the chosen format.
pub fn render(d: &Diagnostic, format: MessageFormat) -> String {
    match format {
        MessageFormat::Human => d.to_string(),
        MessageFormat::Json => serde_json::json!({
            "file": d.file.as_ref().map(|f| f.display().to_string()),
            "line": d.line,
            "column": d.column,
            "severity": d.severity.as_str(),
            "code": d.code,
            "message": d.message,
            "hint": d.hint,
        })
        .to_string(),
        MessageFormat::Github => {
            let mut props = Vec::new();
            if let Some(f) = &d.file {
                props.push(format!("file={}", gh_property(&f.display().to_string())));
                if d.line > 0 {
                    props.push(format!("line={}", d.line));
                }
                if d.column > 0 {
                    props.push(format!("col={}", d.column));
                }
            }
            props.push(format!("title={}", gh_property(d.code)));
            let mut message = d.message.clone();
            if let Some(h) = &d.hint {
                message.push_str("\nhint: ");
                message.push_str(h);
            }
            format!(
                "::{} {}::{}",
                d.severity.as_str(),
                props.join(","),
                gh_data(&message)
            )
        }
    }
}

/// Escapes a workflow-command message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag() -> Diagnostic {
        Diagnostic::error(
            "note-undefined",
            "note `[^x]` is referenced, but: never defined",
        )
        .at("m/a.md", 3, 7)
        .hint("add it")
    }

    #[test]
    fn json_has_every_field() {
        let v: serde_json::Value =
            serde_json::from_str(&render(&diag(), MessageFormat::Json)).unwrap();
        assert_eq!(v["file"], "m/a.md");
        assert_eq!(v["line"], 3);
        assert_eq!(v["column"], 7);
        assert_eq!(v["severity"], "error");
        assert_eq!(v["code"], "note-undefined");
        assert_eq!(v["hint"], "add it");
    }

    #[test]
    fn github_annotations_are_escaped() {
        let s = render(&diag(), MessageFormat::Github);
        assert!(
            s.starts_with("::error file=m/a.md,line=3,col=7,title=note-undefined::"),
            "{s}"
        );
        assert!(s.contains("%0Ahint: add it"));
        assert_eq!(s.lines().count(), 1);
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
