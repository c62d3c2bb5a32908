//! Checks that need the print layout: the text engine's warnings (a line
//! too loose to set well) and the covers (text that does not fit its box, a
//! spine too narrow for its text), whose spine width follows the page count.

use crate::diag::Diagnostics;
use crate::model::Book;
use crate::pdf::pages::{self, Design};
use crate::typeset::text::TextEngine;

/// Lays the book out as the print PDF would, without writing it, and
/// returns what the layout and the covers report.
pub fn layout(book: &Book) -> Diagnostics {
    let mut out = Diagnostics::default();
    let design = match Design::new(&book.pdf, book.meta.lang) {
        Ok(d) => d,
        Err(e) => {
            out.push(e);
            return out;
        }
    };
    let engine = TextEngine::new(&book.hyphenation);
    let (laid_out, warnings) = pages::layout(book, &design, &engine, false);
    for w in warnings {
        out.push(w);
    }
    out.extend(crate::cover::check(book, laid_out.pages.len()));
    out
}
