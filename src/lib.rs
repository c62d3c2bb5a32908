//! recto: builds an EPUB 3 and a paginated print PDF from one Markdown
//! manuscript.
//!
//! The pipeline, one module per stage, run once each by [`driver`]:
//! `manuscript` reads the folder into the `model` (with `polish` applying
//! typography), `check` validates the whole book, `layout` lays out the
//! print pages and `cover` the covers (both on the shared `typeset`
//! layer), then the writers `epub` and `pdf` turn the [`render`] context
//! into files, which `build` writes. See docs/pipeline.md.

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
