//! The driver: runs the stages in order, once each.
//!
//! In: a manuscript folder. Out: the book and every diagnostic the stages
//! reported, in one [`Diagnostics`], sorted by file and position.
//!
//! read and polish (`manuscript`) → check (`check`) → lay out and write
//! (`build` runs the renderers). `recto check` and `recto build` both start
//! here, so they report the same diagnostics.

use crate::diag::Diagnostics;
use crate::manuscript::{self, Loaded};
use crate::model::Book;
use std::path::Path;

/// Reads, polishes and checks the manuscript in `dir`. `Ok` carries the
/// book and its warnings; any error gives `Err` with every diagnostic found.
pub fn load(dir: &Path) -> Result<(Book, Diagnostics), Diagnostics> {
    let Loaded {
        book,
        facts,
        mut diags,
    } = manuscript::read(dir)?;
    crate::check::book(&book, &facts, &mut diags);
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((book, diags))
    }
}
