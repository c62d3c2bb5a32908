//! Arbitrary Markdown and front matter (and a book title after a `%%%`
//! line) through the reader, the model and every renderer; see
//! `recto::fuzzing`. Any panic, overflow or hang is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| std::env::temp_dir().join(format!("recto-fuzz-{}", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let _ = recto::fuzzing::run(data, scratch());
});
