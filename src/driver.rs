//! The driver: runs the stages in order, once each.
//!
//! ```text
//! read + polish ─▶ check ─▶ lay out (print pages, covers) ─▶ write
//!  manuscript       check    layout, cover                    build (renderers)
//! ```
//!
//! In: a manuscript folder. Out: a [`Run`]: the book, its output settings,
//! the laid-out pages and covers, and every diagnostic the stages reported,
//! in one [`Diagnostics`]. `recto check` is [`run`] without the writing;
//! `recto build` hands the run to the renderers, so both report the same
//! diagnostics. The book is laid out whatever the output format, so page
//! numbers are there for every writer.

use crate::config::{Profile, Settings};
use crate::cover::{self, Covers};
use crate::diag::Diagnostics;
use crate::layout::{self, Design, Layout};
use crate::manuscript;
use crate::model::Book;
use crate::render::{Output, RenderContext, Renderer};
use crate::typeset::text::TextEngine;
use std::path::Path;

/// A book read and checked: the model and its output settings.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub book: Book,
    pub settings: Settings,
    /// Warnings so far (errors make [`load`] fail).
    pub diags: Diagnostics,
}

/// The print layout and the covers of one book.
#[derive(Debug, Clone)]
pub struct LaidOut {
    pub layout: Layout,
    pub covers: Covers,
}

/// A whole run up to writing.
#[derive(Debug, Clone)]
pub struct Run {
    pub book: Book,
    pub settings: Settings,
    pub laid_out: LaidOut,
    /// Every warning of every stage, in stage order.
    pub diags: Diagnostics,
}

impl LaidOut {
    /// What the renderers read: this layout beside `book` and `settings`.
    pub fn context<'a>(&'a self, book: &'a Book, settings: &'a Settings) -> RenderContext<'a> {
        RenderContext {
            book,
            settings,
            layout: &self.layout,
            covers: &self.covers,
        }
    }
}

impl Run {
    /// What the renderers read.
    pub fn context(&self) -> RenderContext<'_> {
        self.laid_out.context(&self.book, &self.settings)
    }
}

impl Loaded {
    /// Lays the book out ([`lay_out`]) and returns the whole run, its
    /// warnings following the reader's; an error comes with them too.
    pub fn lay_out(self) -> Result<Run, Diagnostics> {
        let Loaded {
            book,
            settings,
            mut diags,
        } = self;
        match lay_out(&book, &settings, &mut diags) {
            Ok(laid_out) => Ok(Run {
                book,
                settings,
                laid_out,
                diags,
            }),
            Err(errors) => {
                diags.extend(errors);
                Err(diags)
            }
        }
    }
}

/// Reads, polishes and checks the manuscript in `dir`. `Ok` carries the
/// book, its settings and its warnings; any error gives `Err` with every
/// diagnostic found.
pub fn load(dir: &Path) -> Result<Loaded, Diagnostics> {
    let manuscript::Loaded {
        book,
        settings,
        facts,
        mut diags,
    } = manuscript::read(dir)?;
    crate::check::book(&book, &facts, &mut diags);
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(Loaded {
            book,
            settings,
            diags,
        })
    }
}

/// Lays out `book` once: the print pages (the screen profile opening with
/// a page for the front cover) and the covers, whose spine follows the page
/// count. Layout and cover warnings go to `diags`; an error (an unusable
/// page design or cover design) gives `Err` with it.
pub fn lay_out(
    book: &Book,
    settings: &Settings,
    diags: &mut Diagnostics,
) -> Result<LaidOut, Diagnostics> {
    let design = Design::new(&settings.pdf, book.meta.lang).map_err(Diagnostics::from)?;
    let engine = TextEngine::new(&settings.hyphenation);
    let front_cover = settings.pdf.profile == Profile::Screen;
    let mut found = Diagnostics::default();
    let layout = layout::layout(book, &design, &engine, front_cover, &mut found);
    let covers = cover::lay_out(book, settings, layout.pages.len(), front_cover, &mut found);
    if found.has_errors() {
        return Err(found);
    }
    diags.extend(found);
    Ok(LaidOut { layout, covers })
}

/// Reads, checks and lays out the manuscript in `dir`: everything but the
/// writing. Diagnostics on files inside the manuscript are shown with the
/// folder as the user gave it.
pub fn run(dir: &Path) -> Result<Run, Diagnostics> {
    let loaded = load(dir)?;
    // The reader's own diagnostics are located already.
    let from = loaded.diags.0.len();
    match loaded.lay_out() {
        Ok(mut run) => {
            run.diags.locate_in(dir, from);
            Ok(run)
        }
        Err(mut all) => {
            all.locate_in(dir, from);
            Err(all)
        }
    }
}

/// Lays out `book` with `settings` and runs `renderers` on it: the writing
/// half of a build without the files, for tests, benchmarks and tools that
/// adjust a book or its settings first. Returns the outputs and every
/// warning of the layout and the renderers.
pub fn render(
    book: &Book,
    settings: &Settings,
    renderers: &[Box<dyn Renderer>],
) -> Result<(Vec<Output>, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let laid_out = lay_out(book, settings, &mut diags)?;
    let ctx = laid_out.context(book, settings);
    let outputs = crate::build::render_all(&ctx, renderers, &mut diags)?;
    Ok((outputs, diags))
}
