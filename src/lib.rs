//! recto: builds an EPUB 3 and a paginated print PDF from one Markdown
//! manuscript.
//!
//! The pipeline, one module per stage:
//! `manuscript` reads the folder into the `model`, `polish` applies
//! typography, `check` validates, then `epub` and `pdf` render.

pub mod build;
pub mod check;
pub mod config;
pub mod cover;
pub mod diag;
pub mod driver;
pub mod epub;
#[doc(hidden)]
pub mod fuzzing;
pub mod layout;
pub mod manuscript;
pub mod model;
pub mod pdf;
pub mod polish;
pub mod render;
pub mod typeset;
pub mod units;
